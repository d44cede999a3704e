/* state — the positions file: places in the source, read tolerantly and
 * in linear time, trusted only when it is the user's own, written
 * atomically under a lock. */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "grow.h"

#define STATE_HEADER "duet-positions 2"
#define STATE_HEADER_V1 "duet-positions 1" /* segment numbers only; still read */

typedef struct state_entry {
    uint64_t key;
    state_place at;
    long long time;
} state_entry;

/* The entries of a file, in file order, each key once (the first, newest,
 * counts), with a hash set over the keys to keep it so in linear time. */
typedef struct state_file {
    state_entry *e;
    size_t n, cap;
    uint32_t *slot;  /* nslot entries (a power of two): entry index + 1, 0 free */
    size_t nslot;
    state_health health;
    /* Reading for one key only (state_load): no entries are kept, the
     * first line of `key` gives `at`. */
    bool find, found;
    uint64_t key;
    state_place at;
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

/* ---- places ---------------------------------------------------------------------- */

/* The byte offset where line `line` (1-based) of source `source` starts; 0
 * when there is no such line (a doc built by hand). */
static uint32_t state_line_start(const doc *d, uint32_t source, uint32_t line)
{
    if (source >= d->nsources || line < 1 || line > d->sources[source].text.nlines)
        return 0;
    return d->sources[source].text.lines[line - 1].start;
}

state_place state_place_of(const doc *d, size_t seg)
{
    state_place best = {0, 0, 0};
    bool have = false;
    const doc_segment *s = &d->segments[seg];
    for (int l = 0; l < LANG_SIDES; l++)
        for (uint32_t k = 0; k < s->count[l]; k++) {
            const doc_para *p = doc_segment_para(d, s, (lang_id)l, k);
            uint32_t off = state_line_start(d, p->source, p->first_line);
            if (!have || p->source < best.source ||
                (p->source == best.source && off < best.offset)) {
                best.source = p->source;
                best.offset = off;
                have = true;
            }
        }
    return best;
}

size_t state_segment_at(const doc *d, const state_place *p)
{
    if (d->nsegments == 0)
        return 0;
    if (p->segment > 0)
        return (size_t)p->segment < d->nsegments ? (size_t)p->segment - 1 : d->nsegments - 1;
    size_t before = 0, after = 0;
    bool have_before = false, have_after = false;
    uint32_t before_off = 0, after_off = 0;
    for (size_t i = 0; i < d->nsegments; i++) {
        const doc_segment *s = &d->segments[i];
        for (int l = 0; l < LANG_SIDES; l++)
            for (uint32_t k = 0; k < s->count[l]; k++) {
                const doc_para *q = doc_segment_para(d, s, (lang_id)l, k);
                if (q->source != p->source)
                    continue;
                uint32_t off = state_line_start(d, q->source, q->first_line);
                /* strictly later: of several on one line, the first segment */
                if (off <= p->offset && (!have_before || off > before_off)) {
                    before = i, before_off = off, have_before = true;
                } else if (off > p->offset && (!have_after || off < after_off)) {
                    after = i, after_off = off, have_after = true;
                }
            }
    }
    return have_before ? before : have_after ? after : 0;
}

/* ---- reading -------------------------------------------------------------------- */

/* The hash set's slot for key: the slot holding it, or the free one where
 * it would go (keys are hashes already; the multiply spreads hand-made
 * ones). */
static size_t state_slot(const state_file *f, uint64_t key)
{
    size_t mask = f->nslot - 1, i = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
    while (f->slot[i] && f->e[f->slot[i] - 1].key != key)
        i = (i + 1) & mask;
    return i;
}

/* Adds e unless its key is there already (the first, newest, counts). */
static bool state_add(state_file *f, state_entry e)
{
    size_t i = state_slot(f, e.key);
    if (f->slot[i])
        return true;
    if (!GROW(f->e, f->cap, f->n + 1))
        return false;
    f->e[f->n++] = e;
    f->slot[i] = (uint32_t)f->n;
    return true;
}

/* Decimal digits at s[*i, n) as a number of at most `limit`; false when
 * there is none or it is larger. */
static bool state_number(const char *s, size_t n, size_t *i, uint64_t limit, uint64_t *out)
{
    size_t start = *i;
    uint64_t v = 0;
    for (; *i < n && s[*i] >= '0' && s[*i] <= '9'; (*i)++) {
        unsigned digit = (unsigned)(s[*i] - '0');
        if (v > (limit - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    *out = v;
    return *i > start;
}

/* One entry line (without its newline), "KEY SOURCE:OFFSET TIME" or the
 * first version's "KEY SEGMENT TIME"; false when it is neither exactly. */
static bool state_parse_line(const char *s, size_t n, state_entry *e)
{
    if (n < 20 || s[16] != ' ')
        return false;
    e->key = 0;
    for (size_t i = 0; i < 16; i++) {
        char c = s[i];
        unsigned v = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                                          : 16;
        if (v == 16)
            return false;
        e->key = e->key << 4 | v;
    }
    size_t i = 17;
    uint64_t a, b, t;
    if (!state_number(s, n, &i, LONG_MAX, &a))
        return false;
    e->at = (state_place){0, 0, 0};
    if (i < n && s[i] == ':') {
        i++;
        if (a > UINT32_MAX || !state_number(s, n, &i, UINT32_MAX, &b))
            return false;
        e->at.source = (uint32_t)a;
        e->at.offset = (uint32_t)b;
    } else if (a >= 1) {
        e->at.segment = (long)a;
    } else {
        return false;
    }
    if (i >= n || s[i] != ' ')
        return false;
    i++;
    if (!state_number(s, n, &i, LLONG_MAX, &t) || i != n)
        return false;
    e->time = (long long)t;
    return true;
}

/* Parses n bytes of a file into f; false when memory runs out. */
static bool state_parse(state_file *f, const char *buf, size_t n, bool cut)
{
    size_t hl = strlen(STATE_HEADER);
    if (n == 0)
        return true;
    if (n < hl + 1 || (memcmp(buf, STATE_HEADER "\n", hl + 1) != 0 &&
                       memcmp(buf, STATE_HEADER_V1 "\n", hl + 1) != 0)) {
        f->health = STATE_DAMAGED; /* not our file: use nothing from it */
        return true;
    }
    if (!f->find) {
        size_t lines = 0;
        for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))); p++)
            lines++;
        f->nslot = 16;
        while (f->nslot < 2 * lines)
            f->nslot *= 2;
        f->slot = calloc(f->nslot, sizeof *f->slot);
        if (!f->slot)
            return false;
    }
    for (size_t i = hl + 1; i < n;) {
        const char *nl = memchr(buf + i, '\n', n - i);
        if (!nl) { /* the last line has no newline: cut short */
            f->health = STATE_DAMAGED;
            break;
        }
        size_t len = (size_t)(nl - (buf + i));
        state_entry e;
        if (!state_parse_line(buf + i, len, &e))
            f->health = STATE_DAMAGED;
        else if (f->find && !f->found && e.key == f->key)
            f->found = true, f->at = e.at; /* the first (newest) one counts */
        else if (!f->find && !state_add(f, e))
            return false;
        i += len + 1;
    }
    if (cut)
        f->health = STATE_DAMAGED;
    return true;
}

static void state_file_free(state_file *f)
{
    free(f->e);
    free(f->slot);
}

/* Reads the open file fd into f (at most STATE_MAX_BYTES of it). */
static status state_read_fd(int fd, state_file *f)
{
    char *buf = malloc(STATE_MAX_BYTES + 1);
    if (!buf)
        return ST_NO_MEMORY;
    size_t n = 0;
    while (n < STATE_MAX_BYTES + 1) {
        ssize_t k = read(fd, buf + n, STATE_MAX_BYTES + 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    bool cut = n > STATE_MAX_BYTES;
    if (cut) { /* drop the line the limit cut through */
        n = STATE_MAX_BYTES;
        while (n > 0 && buf[n - 1] != '\n')
            n--;
    }
    bool ok = state_parse(f, buf, n, cut);
    free(buf);
    return ok ? ST_OK : ST_NO_MEMORY;
}

/* ---- trust ------------------------------------------------------------------------ */

/* Is what st describes the user's own, and writable by nobody else? */
static bool state_own(const struct stat *st)
{
    return st->st_uid == geteuid() && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

/* The directory part of path into dir and its last component into *base. */
static bool state_split(const char *path, char dir[STATE_PATH_MAX], const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash || !slash[1])
        return false;
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= STATE_PATH_MAX)
        return false;
    memcpy(dir, path, n);
    dir[n] = '\0';
    *base = slash + 1;
    return true;
}

/* Opens the directory of path (not through a symbolic link) into *dfd and
 * checks that it is the user's own. ST_MISSING when it does not exist;
 * ST_OK with *health STATE_UNSAFE (and no descriptor) when it is not to be
 * trusted. */
static status state_open_dir(const char *path, const char **base, int *dfd, state_health *health)
{
    char dir[STATE_PATH_MAX];
    *dfd = -1;
    if (!state_split(path, dir, base))
        return ST_IO;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        if (errno == ELOOP || (errno == ENOTDIR && lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))) {
            *health = STATE_UNSAFE;
            return ST_OK;
        }
        return errno == ENOENT || errno == ENOTDIR ? ST_MISSING
             : errno == EACCES                    ? ST_UNREADABLE
                                                  : ST_IO;
    }
    if (fstat(fd, &st) != 0) {
        close(fd);
        return ST_IO;
    }
    if (!state_own(&st)) {
        close(fd);
        *health = STATE_UNSAFE;
        return ST_OK;
    }
    *dfd = fd;
    return ST_OK;
}

/* Checks the file opened as fd (st its fstat): the user's own, and a
 * regular file. */
static void state_check_file(const struct stat *st, state_health *health)
{
    if (!state_own(st))
        *health = STATE_UNSAFE;
    else if (!S_ISREG(st->st_mode))
        *health = STATE_DAMAGED;
}

status state_load(const char *path, uint64_t key, const doc *d, long *segment,
                  state_health *health)
{
    *segment = 0;
    *health = STATE_FINE;
    const char *base;
    int dfd;
    status st = state_open_dir(path, &base, &dfd, health);
    if (st != ST_OK || dfd < 0)
        return st == ST_MISSING ? ST_OK : st;
    /* O_NONBLOCK: a FIFO put where the file should be must not hang the
     * start-up in open(); anything but a regular file is refused below. */
    int fd = openat(dfd, base, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
    int err = errno;
    close(dfd);
    if (fd < 0) {
        if (err == ELOOP)
            *health = STATE_UNSAFE;
        return err == ENOENT || err == ELOOP ? ST_OK : err == EACCES ? ST_UNREADABLE : ST_IO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        close(fd);
        return ST_IO;
    }
    state_check_file(&sb, health);
    if (*health != STATE_FINE) {
        close(fd);
        return ST_OK;
    }
    state_file f = {.find = true, .key = key};
    st = state_read_fd(fd, &f);
    close(fd);
    *health = f.health;
    if (st == ST_OK && f.found && d->nsegments)
        *segment = (long)state_segment_at(d, &f.at) + 1;
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

static double state_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Opens the file `base` in dfd (created empty when missing), checks it,
 * and locks it — waiting at most STATE_LOCK_WAIT_MS, as anyone who can
 * open the file can hold its lock — so that the name still leads to the
 * locked file: a save that renamed a new file over it meanwhile sends us
 * round again, onto the new one. *fd is the locked file. */
static status state_lock(int dfd, const char *base, int *fd, state_health *health)
{
    double deadline = state_now_ms() + STATE_LOCK_WAIT_MS;
    long wait_ns = 1000000;
    for (;;) {
        int f = openat(dfd, base, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW,
                       0600);
        if (f < 0) {
            if (errno == ELOOP)
                *health = STATE_UNSAFE;
            return ST_IO;
        }
        struct stat held, named;
        if (fstat(f, &held) != 0) {
            close(f);
            return ST_IO;
        }
        state_check_file(&held, health);
        if (*health != STATE_FINE) { /* not ours, or not a file: left alone */
            close(f);
            return ST_IO;
        }
        while (flock(f, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EINTR)
                continue;
            if (errno != EWOULDBLOCK || state_now_ms() > deadline) {
                close(f);
                return ST_IO;
            }
            nanosleep(&(struct timespec){0, wait_ns}, NULL);
            if (wait_ns < 16000000)
                wait_ns *= 2;
        }
        if (fstatat(dfd, base, &named, AT_SYMLINK_NOFOLLOW) == 0 && named.st_dev == held.st_dev &&
            named.st_ino == held.st_ino) {
            *fd = f;
            return ST_OK;
        }
        close(f); /* replaced meanwhile: lock the new one */
        if (state_now_ms() > deadline)
            return ST_IO;
        wait_ns = 1000000;
    }
}

/* Writes the entries to "BASE.new" in dfd and renames it over base (the
 * caller holds the lock, so the name is free to reuse: a crash's leftover
 * is removed first). */
static status state_write(int dfd, const char *base, const state_file *f, size_t max)
{
    char tmp[STATE_PATH_MAX + 8];
    if (snprintf(tmp, sizeof tmp, "%s.new", base) >= (int)sizeof tmp)
        return ST_IO;
    unlinkat(dfd, tmp, 0);
    int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
    if (fd < 0)
        return ST_IO;
    FILE *out = fdopen(fd, "w");
    if (!out) {
        close(fd);
        unlinkat(dfd, tmp, 0);
        return ST_IO;
    }
    fprintf(out, "%s\n", STATE_HEADER);
    for (size_t i = 0; i < f->n && i < max; i++) {
        const state_entry *e = &f->e[i];
        if (e->at.segment > 0)
            fprintf(out, "%016" PRIx64 " %ld %lld\n", e->key, e->at.segment, e->time);
        else
            fprintf(out, "%016" PRIx64 " %" PRIu32 ":%" PRIu32 " %lld\n", e->key, e->at.source,
                    e->at.offset, e->time);
    }
    bool ok = fflush(out) == 0 && !ferror(out) && fsync(fd) == 0;
    ok = fclose(out) == 0 && ok;
    if (!ok || renameat(dfd, tmp, dfd, base) != 0) {
        unlinkat(dfd, tmp, 0);
        return ST_IO;
    }
    return ST_OK;
}

status state_save(const char *path, uint64_t key, const doc *d, long segment, long long now,
                  size_t max)
{
    if (segment < 1 || max == 0 || d->nsegments == 0)
        return ST_OK;
    size_t seg = (size_t)segment <= d->nsegments ? (size_t)segment - 1 : d->nsegments - 1;
    state_entry mine = {key, state_place_of(d, seg), now};
    if (!state_mkdirs(path))
        return ST_IO;
    const char *base;
    int dfd, fd;
    state_health health = STATE_FINE;
    status st = state_open_dir(path, &base, &dfd, &health);
    if (st != ST_OK || dfd < 0)
        return ST_IO; /* missing after mkdir, or unsafe */
    st = state_lock(dfd, base, &fd, &health);
    if (st != ST_OK) {
        close(dfd);
        return st;
    }
    /* A damaged old file is replaced: the new entry first, then the old
     * ones (without this key; each key once already). */
    state_file old = {0}, f = {0};
    st = state_read_fd(fd, &old);
    if (st == ST_OK && !GROW(f.e, f.cap, old.n + 1))
        st = ST_NO_MEMORY;
    if (st == ST_OK) {
        f.e[f.n++] = mine;
        for (size_t i = 0; i < old.n; i++)
            if (old.e[i].key != key)
                f.e[f.n++] = old.e[i];
        st = state_write(dfd, base, &f, max);
    }
    state_file_free(&old);
    state_file_free(&f);
    close(fd); /* the lock goes with it, after the rename */
    close(dfd);
    return st;
}
