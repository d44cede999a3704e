/* state — the positions file: reading it tolerantly, writing it atomically. */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"

#define STATE_HEADER "duet-positions 1"

typedef struct state_entry {
    uint64_t key;
    long segment;   /* >= 1 */
    long long time;
} state_entry;

/* The entries of a file, in file order. */
typedef struct state_file {
    state_entry *e;
    size_t n, cap;
    bool corrupt;
} state_file;

/* ---- the key ---------------------------------------------------------------- */

/* Mixes n bytes into h, eight at a time (multiply and fold, as the
 * hashes of the xxHash and wyhash families do): about 1 ms per 10 MB, where
 * a byte at a time took 12. Not cryptographic: a collision only reopens a
 * file at another file's segment. */
static uint64_t state_mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    for (size_t j = 0; i < n; i++, j++)
        w |= (uint64_t)s[i] << (8 * j);
    h = (h ^ w ^ (uint64_t)n) * k;
    return h ^ (h >> 32);
}

uint64_t state_key(const doc *d)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < d->nsources; i++) /* each with its length: boundaries count */
        h = state_mix(h, d->sources[i].text.buf, d->sources[i].text.len);
    return h;
}

/* ---- where -------------------------------------------------------------------- */

bool state_path(const char *xdg_state_home, const char *home, char *buf, size_t cap)
{
    int n;
    if (xdg_state_home && xdg_state_home[0] == '/')
        n = snprintf(buf, cap, "%s/duet/positions", xdg_state_home);
    else if (home && home[0] == '/')
        n = snprintf(buf, cap, "%s/.local/state/duet/positions", home);
    else
        return false;
    return n > 0 && (size_t)n < cap;
}

/* ---- reading -------------------------------------------------------------------- */

static bool state_add(state_file *f, state_entry e)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->e[i].key == e.key)
            return true; /* the first (newest) one counts */
    if (!GROW(f->e, f->cap, f->n + 1))
        return false;
    f->e[f->n++] = e;
    return true;
}

/* One entry line "KEY SEGMENT TIME" (without its newline); false when it is
 * not exactly that. */
static bool state_parse_line(const char *s, size_t len, state_entry *e)
{
    char line[96];
    if (len < 20 || len >= sizeof line)
        return false;
    memcpy(line, s, len);
    line[len] = '\0';
    for (int i = 0; i < 16; i++)
        if (!strchr("0123456789abcdef", line[i]) || !line[i])
            return false;
    if (line[16] != ' ' || line[17] < '1' || line[17] > '9')
        return false;
    char *end;
    errno = 0;
    e->key = strtoull(line, &end, 16);
    e->segment = strtol(line + 17, &end, 10);
    if (errno || *end != ' ' || end[1] < '0' || end[1] > '9')
        return false;
    e->time = strtoll(end + 1, &end, 10);
    return errno == 0 && *end == '\0';
}

static void state_parse(state_file *f, const char *buf, size_t n, bool cut)
{
    size_t hl = strlen(STATE_HEADER);
    if (n == 0)
        return;
    if (n < hl + 1 || memcmp(buf, STATE_HEADER "\n", hl + 1) != 0) {
        f->corrupt = true; /* not our file: use nothing from it */
        return;
    }
    for (size_t i = hl + 1; i < n;) {
        const char *nl = memchr(buf + i, '\n', n - i);
        if (!nl) { /* the last line has no newline: cut short */
            f->corrupt = true;
            break;
        }
        size_t len = (size_t)(nl - (buf + i));
        state_entry e;
        if (!state_parse_line(buf + i, len, &e))
            f->corrupt = true;
        else if (!state_add(f, e))
            break;
        i += len + 1;
    }
    if (cut)
        f->corrupt = true;
}

static status state_read(const char *path, state_file *f)
{
    memset(f, 0, sizeof *f);
    /* O_NONBLOCK: a FIFO put where the file should be must not hang the
     * start-up in open(); anything but a regular file is refused below. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? ST_OK
             : errno == EACCES                    ? ST_UNREADABLE
                                                  : ST_IO;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        f->corrupt = true;
        return ST_OK;
    }
    char *buf = malloc(STATE_MAX_BYTES + 1);
    if (!buf) {
        close(fd);
        return ST_NO_MEMORY;
    }
    size_t n = 0;
    while (n < STATE_MAX_BYTES + 1) {
        ssize_t k = read(fd, buf + n, STATE_MAX_BYTES + 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    bool cut = n > STATE_MAX_BYTES;
    if (cut) { /* drop the line the limit cut through */
        n = STATE_MAX_BYTES;
        while (n > 0 && buf[n - 1] != '\n')
            n--;
    }
    state_parse(f, buf, n, cut);
    free(buf);
    return ST_OK;
}

status state_load(const char *path, uint64_t key, long *segment, bool *corrupt)
{
    state_file f;
    *segment = 0;
    status st = state_read(path, &f);
    *corrupt = f.corrupt;
    for (size_t i = 0; st == ST_OK && i < f.n; i++)
        if (f.e[i].key == key) {
            *segment = f.e[i].segment;
            break;
        }
    free(f.e);
    return st;
}

/* ---- writing ---------------------------------------------------------------------- */

/* mkdir -p of the directory that holds path, mode 0700. */
static bool state_mkdirs(const char *path)
{
    char dir[STATE_PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
        return false;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return true;
    *slash = '\0';
    for (char *p = dir + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                return false;
            *p = c;
            if (c == '\0')
                return true;
        }
    }
}

/* Writes the entries to a temporary file beside path and renames it over
 * path. */
static status state_write(const char *path, const state_file *f, size_t max)
{
    char tmp[STATE_PATH_MAX + 16];
    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
        return ST_IO;
    int fd = mkstemp(tmp);
    if (fd < 0)
        return ST_IO;
    FILE *out = fdopen(fd, "w");
    if (!out) {
        close(fd);
        unlink(tmp);
        return ST_IO;
    }
    fprintf(out, "%s\n", STATE_HEADER);
    for (size_t i = 0; i < f->n && i < max; i++)
        fprintf(out, "%016" PRIx64 " %ld %lld\n", f->e[i].key, f->e[i].segment, f->e[i].time);
    bool ok = fflush(out) == 0 && !ferror(out) && fsync(fd) == 0;
    ok = fclose(out) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return ST_IO;
    }
    return ST_OK;
}

status state_save(const char *path, uint64_t key, long segment, long long now, size_t max)
{
    if (segment < 1 || max == 0)
        return ST_OK;
    if (!state_mkdirs(path))
        return ST_IO;
    state_file old, f = {0};
    status st = state_read(path, &old);
    if (st == ST_NO_MEMORY)
        return st;
    /* An unreadable old file is replaced: the new entry first, then the old
     * ones (without this key). */
    bool ok = state_add(&f, (state_entry){key, segment, now});
    for (size_t i = 0; ok && i < old.n; i++)
        ok = state_add(&f, old.e[i]);
    free(old.e);
    st = ok ? state_write(path, &f, max) : ST_NO_MEMORY;
    free(f.e);
    return st;
}
