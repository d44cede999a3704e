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

/* Reads fd to its end into *in, refusing more than limit bytes and
 * refusing binary content as soon as the first bytes show it. */
static status input_read_fd(int fd, size_t limit, size_t size_hint, bool forced, input *in)
{
    size_t cap = 0, n = 0; /* cap - 1 bytes of room: one stays for the NUL */
    bool sniffed = false;
    char *buf = NULL;
    if (!GROW(buf, cap, (size_hint && size_hint < limit ? size_hint + 1 : INPUT_CHUNK) + 1))
        return ST_NO_MEMORY;
    for (;;) {
        if (n + 1 == cap && !GROW(buf, cap, n + 2)) {
            free(buf);
            return ST_NO_MEMORY;
        }
        size_t room = cap - 1 - n;
        if (room > limit + 1 - n) /* no more than limit + 1 bytes are read */
            room = limit + 1 - n;
        if (room == 0)
            break;
        ssize_t got = read(fd, buf + n, room);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            status st = input_errno_status(errno);
            free(buf);
            return st;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (!sniffed && n >= INPUT_SNIFF_BYTES) {
            sniffed = true;
            if (encoding_looks_binary(buf, n, forced)) {
                free(buf);
                return ST_BINARY;
            }
        }
    }
    status st = ST_OK;
    if (n > limit)
        st = ST_TOO_LARGE;
    else if (input_all_space(buf, n))
        st = ST_EMPTY;
    else if (!sniffed && encoding_looks_binary(buf, n, forced))
        st = ST_BINARY;
    if (st != ST_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    in->bytes = buf;
    in->n = n;
    return ST_OK;
}

static status input_read_stdin(size_t limit, bool forced, input *in)
{
    struct stat st;
    if (fstat(STDIN_FILENO, &st) != 0)
        return input_errno_status(errno);
    if (S_ISDIR(st.st_mode))
        return ST_DIRECTORY;
    /* The keyboard is not a transcript: reading it would wait forever. A
     * device such as /dev/zero is read, bounded by the limit and refused at
     * its first bytes when they are binary. */
    if (isatty(STDIN_FILENO))
        return ST_NOT_REGULAR;
    size_t hint = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size : 0;
    if (S_ISREG(st.st_mode) && hint > limit)
        return ST_TOO_LARGE;
    return input_read_fd(STDIN_FILENO, limit, hint, forced, in);
}

/* The bytes of path, as they are (input_read_as converts them). */
static status input_read_raw(const char *path, size_t limit, bool forced, input *in)
{
    in->bytes = NULL;
    in->n = 0;
    memset(&in->encoding, 0, sizeof in->encoding);
    if (!path)
        return ST_MISSING;
    if (strcmp(path, "-") == 0)
        return input_read_stdin(limit, forced, in);
    /* Look before opening: opening a device can have effects of its own. */
    struct stat st;
    if (stat(path, &st) != 0)
        return input_errno_status(errno);
    status s = input_type_status(&st);
    if (s != ST_OK)
        return s;
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)limit)
        return ST_TOO_LARGE;
    int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return input_errno_status(errno);
    /* The path may have changed between the look and the open. */
    if (fstat(fd, &st) != 0 || (s = input_type_status(&st)) != ST_OK) {
        if (s == ST_OK)
            s = input_errno_status(errno);
        close(fd);
        return s;
    }
    size_t hint = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size : 0;
    s = input_read_fd(fd, limit, hint, forced, in);
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

void input_free(input *in)
{
    if (!in)
        return;
    free(in->bytes);
    in->bytes = NULL;
    in->n = 0;
}
