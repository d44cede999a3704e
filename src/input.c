/* input — a transcript's bytes from a path or standard input, bounded. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "encoding.h"
#include "grow.h"

/* How much to read before asking encoding_looks_binary: it samples the
 * first few kilobytes, so a stream of zeros is refused after one chunk
 * instead of after `limit` bytes. */
#define INPUT_SNIFF_BYTES 4096
#define INPUT_CHUNK ((size_t)64 * 1024)

static status input_errno_status(int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
    case ELOOP:
    case ENAMETOOLONG:
        return ST_MISSING;
    case EACCES:
    case EPERM:
        return ST_UNREADABLE;
    case EISDIR:
        return ST_DIRECTORY;
    case ENOMEM:
        return ST_NO_MEMORY;
    default:
        return ST_IO;
    }
}

/* What a file of this type is to duet: readable (regular files, FIFOs,
 * sockets handed over as standard input), a directory, or a device. */
static status input_type_status(const struct stat *st)
{
    if (S_ISDIR(st->st_mode))
        return ST_DIRECTORY;
    if (S_ISREG(st->st_mode) || S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode))
        return ST_OK;
    return ST_NOT_REGULAR;
}

/* True when the bytes are only spaces and line ends: nothing to read. */
static bool input_all_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f')
            return false;
    return true;
}

/* Input being read: a stream (input.h), or a file read to its end. */
struct input_stream {
    int fd;
    bool own;        /* opened here: closed with the stream */
    size_t limit;
    bool forced;     /* an encoding was named */
    char *encoding;  /* its name (owned), NULL: detected */
    char *buf;       /* n bytes read, with room for a NUL after them */
    size_t n, cap;
    bool sniffed;    /* encoding_looks_binary has seen the first bytes */
};

/* Reads once into s: the bytes grow, or *eof at the end; refuses more than
 * the limit, and binary content as soon as the first bytes show it (so a
 * stream of zeros is refused after one chunk, not after `limit` bytes). */
static status input_more(input_stream *s, bool *eof)
{
    *eof = false;
    if (s->n + 1 >= s->cap && !GROW(s->buf, s->cap, s->n + 2))
        return ST_NO_MEMORY;
    size_t room = s->cap - 1 - s->n;
    if (room > s->limit + 1 - s->n) /* no more than limit + 1 bytes are read */
        room = s->limit + 1 - s->n;
    ssize_t got = read(s->fd, s->buf + s->n, room);
    if (got < 0)
        return errno == EINTR || errno == EAGAIN ? ST_OK : input_errno_status(errno);
    if (got == 0) {
        *eof = true;
        return ST_OK;
    }
    s->n += (size_t)got;
    if (s->n > s->limit)
        return ST_TOO_LARGE;
    if (!s->sniffed && s->n >= INPUT_SNIFF_BYTES) {
        s->sniffed = true;
        if (encoding_looks_binary(s->buf, s->n, s->forced))
            return ST_BINARY;
    }
    return ST_OK;
}

/* The input once it has ended, as it was read (input_read_as converts
 * it): refused when empty or binary; the bytes move into *in. */
static status input_end(input_stream *s, input *in)
{
    if (input_all_space(s->buf, s->n))
        return ST_EMPTY;
    if (!s->sniffed && encoding_looks_binary(s->buf, s->n, s->forced))
        return ST_BINARY;
    s->buf[s->n] = '\0';
    in->bytes = s->buf;
    in->n = s->n;
    s->buf = NULL;
    s->n = s->cap = 0;
    return ST_OK;
}

/* Reads fd to its end into *in (input_more's refusals, then input_end's). */
static status input_read_fd(int fd, size_t limit, size_t size_hint, bool forced, input *in)
{
    input_stream s = {.fd = fd, .limit = limit, .forced = forced};
    if (!GROW(s.buf, s.cap, (size_hint && size_hint < limit ? size_hint + 1 : INPUT_CHUNK) + 1))
        return ST_NO_MEMORY;
    bool eof = false;
    status st = ST_OK;
    while (st == ST_OK && !eof)
        st = input_more(&s, &eof);
    if (st == ST_OK)
        st = input_end(&s, in);
    free(s.buf);
    return st;
}

/* Opens path ("-": standard input, the descriptor then STDIN_FILENO) for
 * reading, into *fd and *st: refused when it is missing, unreadable, a
 * directory, a device (looked at before opening: opening one can have
 * effects of its own), the keyboard (reading it would wait forever), or a
 * regular file over the limit. A device on standard input such as
 * /dev/zero is read, bounded by the limit and refused at its first bytes
 * when they are binary. */
static status input_open(const char *path, size_t limit, int *fd, struct stat *st)
{
    status s;
    *fd = -1;
    if (!path)
        return ST_MISSING;
    if (strcmp(path, "-") == 0) {
        if (fstat(STDIN_FILENO, st) != 0)
            return input_errno_status(errno);
        if (S_ISDIR(st->st_mode))
            return ST_DIRECTORY;
        if (isatty(STDIN_FILENO))
            return ST_NOT_REGULAR;
        *fd = STDIN_FILENO;
    } else {
        if (stat(path, st) != 0)
            return input_errno_status(errno);
        if ((s = input_type_status(st)) != ST_OK)
            return s;
        *fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
        if (*fd < 0)
            return input_errno_status(errno);
        /* The path may have changed between the look and the open. */
        if (fstat(*fd, st) != 0 || (s = input_type_status(st)) != ST_OK) {
            s = s == ST_OK ? input_errno_status(errno) : s;
            close(*fd);
            *fd = -1;
            return s;
        }
    }
    if (S_ISREG(st->st_mode) && (uintmax_t)st->st_size > (uintmax_t)limit) {
        if (*fd != STDIN_FILENO)
            close(*fd);
        *fd = -1;
        return ST_TOO_LARGE;
    }
    return ST_OK;
}

/* The bytes of path, as they are (input_read_as converts them). */
static status input_read_raw(const char *path, size_t limit, bool forced, input *in)
{
    in->bytes = NULL;
    in->n = 0;
    memset(&in->encoding, 0, sizeof in->encoding);
    int fd;
    struct stat st;
    status s = input_open(path, limit, &fd, &st);
    if (s != ST_OK)
        return s;
    size_t hint = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size : 0;
    s = input_read_fd(fd, limit, hint, forced, in);
    if (fd != STDIN_FILENO)
        close(fd);
    return s;
}

status input_read_as(const char *path, size_t limit, const char *encoding, input *in)
{
    bool forced = encoding && *encoding;
    if (forced && !encoding_known(encoding))
        return ST_USAGE;
    status s = input_read_raw(path, limit, forced, in);
    if (s != ST_OK)
        return s;
    s = encoding_to_utf8(&in->bytes, &in->n, encoding, &in->encoding);
    if (s != ST_OK)
        input_free(in);
    return s;
}

status input_read(const char *path, size_t limit, input *in)
{
    return input_read_as(path, limit, NULL, in);
}

/* ---- input that comes slowly ---------------------------------------------------- */

bool input_is_stream(const char *path)
{
    struct stat st;
    int r = path && strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st) : path ? stat(path, &st) : -1;
    return r == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

status input_stream_open(const char *path, size_t limit, const char *encoding, input_stream **out)
{
    *out = NULL;
    bool forced = encoding && *encoding;
    if (forced && !encoding_known(encoding))
        return ST_USAGE;
    int fd;
    struct stat st;
    status s = input_open(path, limit, &fd, &st);
    if (s != ST_OK)
        return s;
    input_stream *is = calloc(1, sizeof *is);
    if (is) {
        *is = (input_stream){.fd = fd, .own = fd != STDIN_FILENO, .limit = limit, .forced = forced};
        is->encoding = forced ? strdup(encoding) : NULL;
    }
    if (!is || (forced && !is->encoding) || !GROW(is->buf, is->cap, INPUT_CHUNK + 1)) {
        if (fd != STDIN_FILENO)
            close(fd);
        if (is)
            free(is->encoding);
        free(is);
        return ST_NO_MEMORY;
    }
    *out = is;
    return ST_OK;
}

int input_stream_fd(const input_stream *s) { return s->fd; }

status input_stream_read(input_stream *s, bool *eof) { return input_more(s, eof); }

size_t input_stream_size(const input_stream *s) { return s->n; }

status input_stream_snapshot(const input_stream *s, input *in)
{
    memset(in, 0, sizeof *in);
    size_t m = s->n;
    while (m > 0 && s->buf[m - 1] != '\n')
        m--;
    if (m == 0 || input_all_space(s->buf, m))
        return ST_EMPTY;
    char *copy = malloc(m + 1);
    if (!copy)
        return ST_NO_MEMORY;
    memcpy(copy, s->buf, m);
    copy[m] = '\0';
    status st = encoding_to_utf8(&copy, &m, s->encoding, &in->encoding);
    if (st != ST_OK) {
        free(copy);
        return st;
    }
    in->bytes = copy;
    in->n = m;
    return ST_OK;
}

status input_stream_finish(input_stream *s, input *in)
{
    memset(in, 0, sizeof *in);
    status st = input_end(s, in);
    if (st == ST_OK && (st = encoding_to_utf8(&in->bytes, &in->n, s->encoding, &in->encoding)) != ST_OK)
        input_free(in);
    return st;
}

void input_stream_free(input_stream *s)
{
    if (!s)
        return;
    if (s->own)
        close(s->fd);
    free(s->buf);
    free(s->encoding);
    free(s);
}

void input_free(input *in)
{
    if (!in)
        return;
    free(in->bytes);
    in->bytes = NULL;
    in->n = 0;
}
