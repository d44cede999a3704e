/* Tests of state.h: the positions file — its path, the content key, saving
 * atomically (a new file renamed over the old), reading a damaged file,
 * the bound on its entries, places that survive a different segmentation,
 * sixteen savers at once, and files or directories that are not the
 * user's own. */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "state.h"
#include "testdoc.h"

static char dir[256];
static char path[512];
static doc *D; /* 20 segments, one line a paragraph (testdoc_generated) */

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/duet-state-test-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/a/b/duet/positions", dir);
    D = testdoc_generated(20);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    doc_free(D);
    return system(cmd) == 0 ? 0 : -1;
}

/* Saves segment seg (1-based) of D for key. */
static status save(uint64_t key, long seg, long long now, size_t max)
{
    return state_save(path, key, D, seg, now, max);
}

/* The place segment seg (1-based) of D is stored as: "SOURCE:OFFSET". */
static const char *place(long seg)
{
    static char buf[4][32];
    static int k;
    state_place p = state_place_of(D, (size_t)seg - 1);
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%u:%u", p.source, p.offset);
    return buf[k];
}

static void write_file(const char *p, const char *content)
{
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static char *read_file(const char *p)
{
    static char buf[1 << 16];
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static long load(uint64_t key, state_health *health)
{
    long seg = -1;
    assert_int_equal(state_load(path, key, D, &seg, health), ST_OK);
    return seg;
}

static void test_path(void **state)
{
    (void)state;
    char buf[256];
    assert_true(state_path("/x/state", "/home/me", buf, sizeof buf));
    assert_string_equal(buf, "/x/state/duet/positions");
    assert_true(state_path(NULL, "/home/me", buf, sizeof buf));
    assert_string_equal(buf, "/home/me/.local/state/duet/positions");
    assert_true(state_path("relative/dir", "/home/me", buf, sizeof buf)); /* ignored */
    assert_string_equal(buf, "/home/me/.local/state/duet/positions");
    assert_true(state_path("", "/home/me", buf, sizeof buf));
    assert_string_equal(buf, "/home/me/.local/state/duet/positions");
    assert_false(state_path(NULL, NULL, buf, sizeof buf));
    assert_false(state_path("rel", "also-rel", buf, sizeof buf));
    assert_false(state_path("/a/very/long/path", NULL, buf, 10));
}

static void test_key(void **state)
{
    (void)state;
    static const testdoc_seg a[] = {{"A", {"一。"}, {"One."}, 0}};
    static const testdoc_seg b[] = {{"A", {"一。"}, {"Two."}, 0}};
    doc *d1 = testdoc_build(NULL, a, 1, NULL), *d2 = testdoc_build(NULL, a, 1, NULL);
    doc *d3 = testdoc_build(NULL, b, 1, NULL);
    assert_true(state_key(d1) == state_key(d2)); /* same content, same key */
    assert_true(state_key(d1) != state_key(d3));
    free(d2->sources[0].path); /* the name does not count */
    d2->sources[0].path = strdup("renamed-copy.txt");
    assert_true(state_key(d1) == state_key(d2));
    doc_free(d1);
    doc_free(d2);
    doc_free(d3);
}

static void test_round_trip(void **state)
{
    (void)state;
    state_health h = STATE_DAMAGED;
    assert_int_equal(load(0x1234, &h), 0); /* no file yet */
    assert_int_equal(h, STATE_FINE);
    assert_int_equal(save(0x1234, 12, 1700000000, 10), ST_OK);
    assert_int_equal(save(0xfeedfacecafebeefULL, 3, 1700000001, 10), ST_OK);
    assert_int_equal(load(0x1234, &h), 12);
    assert_int_equal(h, STATE_FINE);
    assert_int_equal(load(0xfeedfacecafebeefULL, &h), 3);
    assert_int_equal(load(0x999, &h), 0);
    /* newest first, one line per key, places not segment numbers: the
     * format of the header comment */
    char want[256];
    snprintf(want, sizeof want, "duet-positions 2\n"
                                "feedfacecafebeef %s 1700000001\n"
                                "0000000000001234 %s 1700000000\n", place(3), place(12));
    assert_string_equal(read_file(path), want);
    assert_int_equal(save(0x1234, 20, 1700000002, 10), ST_OK);
    assert_int_equal(load(0x1234, &h), 20);
    snprintf(want, sizeof want, "duet-positions 2\n"
                                "0000000000001234 %s 1700000002\n"
                                "feedfacecafebeef %s 1700000001\n", place(20), place(3));
    assert_string_equal(read_file(path), want);
    /* a segment past the end is the last one; none is nothing */
    assert_int_equal(save(0x55, 99, 1, 10), ST_OK);
    assert_int_equal(load(0x55, &h), 20);
    assert_int_equal(save(0x66, 0, 1, 10), ST_OK);
    assert_int_equal(load(0x66, &h), 0);
    /* the directory and the file were made private */
    char d[600];
    snprintf(d, sizeof d, "%s/a/b/duet", dir);
    struct stat st;
    assert_int_equal(stat(d, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

/* A save replaces the file by renaming a new one over it: a second name
 * for the old file (a hard link) still shows the old content whole, and no
 * temporary file is left behind. */
static void test_atomic(void **state)
{
    (void)state;
    assert_int_equal(save(0xaa, 5, 1, 10), ST_OK);
    char old[600];
    snprintf(old, sizeof old, "%s/old-link", dir);
    assert_int_equal(link(path, old), 0);
    char *before = strdup(read_file(path));
    assert_int_equal(save(0xbb, 6, 2, 10), ST_OK);
    assert_string_equal(read_file(old), before); /* the old inode untouched */
    char line[64];
    snprintf(line, sizeof line, "00000000000000bb %s 2\n", place(6));
    assert_non_null(strstr(read_file(path), line));
    free(before);
    char d[600];
    snprintf(d, sizeof d, "%s/a/b/duet", dir);
    DIR *dp = opendir(d);
    assert_non_null(dp);
    int files = 0;
    for (struct dirent *e; (e = readdir(dp));)
        if (e->d_name[0] != '.')
            files++, assert_string_equal(e->d_name, "positions");
    closedir(dp);
    assert_int_equal(files, 1);
    /* where nothing can be written: an error, no crash, nothing changed */
    char bad[700];
    snprintf(bad, sizeof bad, "%s/duet/positions", old); /* under a file */
    assert_int_equal(state_save(bad, 0xcc, D, 1, 3, 10), ST_IO);
    long seg;
    state_health h;
    assert_int_equal(state_load(bad, 0xcc, D, &seg, &h), ST_OK);
    assert_int_equal(seg, 0);
}

static void test_corrupt(void **state)
{
    (void)state;
    state_health h;
    assert_int_equal(save(0x1, 1, 1, 10), ST_OK); /* makes the directory */
    /* not ours at all: nothing used, and said */
    write_file(path, "\x7f" "ELF\x01\x02 binary garbage\n0000000000000001 9 9\n");
    assert_int_equal(load(0x1, &h), 0);
    assert_int_equal(h, STATE_DAMAGED);
    /* some bad lines among good ones: the good ones count (segment numbers
     * of the first version and places alike) */
    char text[1024];
    snprintf(text, sizeof text,
             "duet-positions 1\n"
             "0000000000000002 7 100\n"
             "zzzz not a line\n"
             "0000000000000003 -4 100\n"      /* a negative segment */
             "00000000000004 4 100\n"         /* a short key */
             "0000000000000005 8 100 extra\n"
             "000000000000000a 0 100\n"       /* segment 0 */
             "000000000000000b 0:99999999999 100\n" /* an offset past 4 GiB */
             "000000000000000c 1: 100\n"
             "\n"
             "0000000000000006 9 100\n"
             "0000000000000009 %s 100\n"
             "0000000000000007 10",           /* cut short */
             place(4));
    write_file(path, text);
    assert_int_equal(load(0x2, &h), 7);
    assert_int_equal(h, STATE_DAMAGED);
    assert_int_equal(load(0x6, &h), 9);
    assert_int_equal(load(0x9, &h), 4);
    for (uint64_t k = 3; k <= 5; k++)
        assert_int_equal(load(k, &h), 0);
    for (uint64_t k = 0xa; k <= 0xc; k++)
        assert_int_equal(load(k, &h), 0);
    assert_int_equal(load(0x7, &h), 0);
    /* the next save writes a clean file with the good entries, old ones
     * as they were */
    assert_int_equal(save(0x8, 2, 200, 10), ST_OK);
    char want[512];
    snprintf(want, sizeof want, "duet-positions 2\n"
                                "0000000000000008 %s 200\n"
                                "0000000000000002 7 100\n"
                                "0000000000000006 9 100\n"
                                "0000000000000009 %s 100\n", place(2), place(4));
    assert_string_equal(read_file(path), want);
    assert_int_equal(load(0x2, &h), 7);
    assert_int_equal(h, STATE_FINE);
    /* a directory where the file should be: damaged, no crash */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(load(0x2, &h), 0);
    assert_int_equal(h, STATE_DAMAGED);
    assert_int_equal(rmdir(path), 0);
    /* a FIFO where the file should be: damaged at once, open() must not
     * wait for a writer that never comes (this test would hang) */
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(load(0x2, &h), 0);
    assert_int_equal(h, STATE_DAMAGED);
    assert_int_equal(unlink(path), 0);
    /* an empty file is simply empty */
    write_file(path, "");
    assert_int_equal(load(0x2, &h), 0);
    assert_int_equal(h, STATE_FINE);
}

/* At most max entries: the oldest are dropped; saving an old key again
 * makes it the newest. A file over STATE_MAX_BYTES is read up to the
 * limit and said to be damaged. */
static void test_bound(void **state)
{
    (void)state;
    state_health h;
    for (uint64_t k = 1; k <= 15; k++)
        assert_int_equal(save(k, (long)k, (long long)k, 10), ST_OK);
    for (uint64_t k = 1; k <= 5; k++)
        assert_int_equal(load(k, &h), 0);
    for (uint64_t k = 6; k <= 15; k++)
        assert_int_equal(load(k, &h), (long)k);
    size_t lines = 0;
    for (const char *p = read_file(path); *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 11); /* header + 10 */
    assert_int_equal(save(6, 16, 16, 10), ST_OK);
    assert_int_equal(save(16, 17, 17, 10), ST_OK); /* drops 7, not 6 */
    assert_int_equal(load(6, &h), 16);
    assert_int_equal(load(7, &h), 0);
    /* too big: the first STATE_MAX_BYTES are used, each key once (the
     * first line of a key counts) */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("duet-positions 2\n", f);
    size_t n = 0;
    for (uint64_t k = 1; n <= STATE_MAX_BYTES; k++)
        n += (size_t)fprintf(f, "%016llx %s 1\n", (unsigned long long)(k % 30000 + 1),
                             place(k % 30000 == 7 ? 9 : 5));
    fclose(f);
    assert_int_equal(load(1, &h), 5);
    assert_int_equal(h, STATE_DAMAGED);
    assert_int_equal(load(7, &h), 5);
    assert_int_equal(load(8, &h), 9);
    assert_int_equal(save(0xabcdef, 1, 1, STATE_MAX_ENTRIES), ST_OK);
    lines = 0;
    for (const char *p = read_file(path); *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, STATE_MAX_ENTRIES + 1);
    assert_int_equal(load(0xabcdef, &h), 1);
    assert_int_equal(h, STATE_FINE);
}

/* D's text segmented differently: segments a and a+1 merged into one. */
static void merge_segments(doc *d, size_t a)
{
    doc_segment *s = d->segments;
    for (int l = 0; l < LANG_SIDES; l++)
        s[a].count[l] += s[a + 1].count[l];
    memmove(&s[a + 1], &s[a + 2], (d->nsegments - a - 2) * sizeof *s);
    d->nsegments--;
}

/* A position is a place in the text: a duet that segments the same text
 * differently (here, two pairs of segments merged before it) reopens at
 * the same passage, not at the same segment number; and back. */
static void test_places(void **state)
{
    (void)state;
    doc *other = testdoc_generated(20);
    merge_segments(other, 2);
    merge_segments(other, 0); /* 18 segments: D's 1+2 and 3+4 are one each */
    uint64_t key = state_key(D);
    assert_true(key == state_key(other)); /* the same text */
    assert_int_equal(save(key, 10, 1, 10), ST_OK);
    long seg;
    state_health h;
    assert_int_equal(state_load(path, key, other, &seg, &h), ST_OK);
    assert_int_equal(seg, 8); /* D's segment 10 is the other's 8 */
    assert_int_equal(state_load(path, key, D, &seg, &h), ST_OK);
    assert_int_equal(seg, 10);
    /* a place inside a merged segment: the one that holds it */
    assert_int_equal(save(key, 4, 2, 10), ST_OK);
    assert_int_equal(state_load(path, key, other, &seg, &h), ST_OK);
    assert_int_equal(seg, 2);
    /* and the other way: the other's 5 is D's 7 */
    assert_int_equal(state_save(path, key, other, 5, 3, 10), ST_OK);
    assert_int_equal(state_load(path, key, D, &seg, &h), ST_OK);
    assert_int_equal(seg, 7);
    /* a first-version entry keeps meaning its segment number */
    char text[128];
    snprintf(text, sizeof text, "duet-positions 1\n%016llx 6 1\n", (unsigned long long)key);
    write_file(path, text);
    assert_int_equal(state_load(path, key, other, &seg, &h), ST_OK);
    assert_int_equal(seg, 6);
    assert_int_equal(h, STATE_FINE);
    /* state_segment_at: a place before every paragraph is the first
     * segment, one past the end the last */
    state_place p = {0, 0, 0};
    assert_int_equal(state_segment_at(D, &p), 0);
    p.offset = UINT32_MAX;
    assert_int_equal(state_segment_at(D, &p), 19);
    p = state_place_of(D, 13);
    p.offset += 1; /* inside its line */
    assert_int_equal(state_segment_at(D, &p), 13);
    doc_free(other);
}

/* Sixteen duets quitting at once, each saving its own transcript: the
 * lock around read, merge and rename keeps all sixteen. Three rounds, each
 * onto the file the one before left. */
static void test_concurrent(void **state)
{
    (void)state;
    enum { SAVERS = 16, ROUNDS = 3 };
    for (int round = 0; round < ROUNDS; round++) {
        int go[2];
        assert_int_equal(pipe(go), 0);
        pid_t pid[SAVERS];
        for (int i = 0; i < SAVERS; i++) {
            pid[i] = fork();
            assert_true(pid[i] >= 0);
            if (pid[i] == 0) { /* wait for the start, then save */
                close(go[1]);
                char c;
                while (read(go[0], &c, 1) > 0) {}
                uint64_t key = (uint64_t)(round * 100 + i + 1);
                _exit(save(key, i + 1, 1000 + round, STATE_MAX_ENTRIES) == ST_OK ? 0 : 1);
            }
        }
        close(go[0]);
        close(go[1]); /* all sixteen start together */
        for (int i = 0; i < SAVERS; i++) {
            int ws;
            assert_int_equal(waitpid(pid[i], &ws, 0), pid[i]);
            assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
        }
        state_health h;
        int kept = 0;
        for (int r = 0; r <= round; r++)
            for (int i = 0; i < SAVERS; i++)
                kept += load((uint64_t)(r * 100 + i + 1), &h) == i + 1;
        assert_int_equal(h, STATE_FINE);
        if (kept != SAVERS * (round + 1))
            fail_msg("round %d: %d of %d positions kept", round + 1, kept, SAVERS * (round + 1));
    }
}

/* A lock held elsewhere is waited for, not broken. */
static void test_lock_wait(void **state)
{
    (void)state;
    assert_int_equal(save(0x1, 1, 1, 10), ST_OK);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(save(0x2, 2, 2, 10) == ST_OK ? 0 : 1);
    /* the saver waits while we hold the lock: its entry is not there */
    struct timespec ts = {0, 200 * 1000 * 1000};
    nanosleep(&ts, NULL);
    state_health h;
    assert_int_equal(load(0x2, &h), 0);
    assert_int_equal(flock(fd, LOCK_UN), 0);
    close(fd);
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    assert_int_equal(load(0x2, &h), 2);
    assert_int_equal(load(0x1, &h), 1);
}

/* load and save on a file that must not be trusted: nothing read (the
 * caller is told), nothing written, the file as it was. */
static void refused(const char *why)
{
    char *before = strdup(read_file(path));
    state_health h = STATE_FINE;
    long seg = load(0x1, &h);
    if (seg != 0 || h != STATE_UNSAFE)
        fail_msg("%s: read (segment %ld, health %d)", why, seg, (int)h);
    if (save(0x2, 2, 2, 10) != ST_IO)
        fail_msg("%s: saved", why);
    if (strcmp(read_file(path), before) != 0)
        fail_msg("%s: replaced", why);
    free(before);
}

/* The file and its directory must be the user's own, writable by nobody
 * else, and no symbolic link: otherwise ignored with a note and never
 * replaced. */
static void test_trust(void **state)
{
    (void)state;
    char d[600], elsewhere[600], link_to[700];
    snprintf(d, sizeof d, "%s/a/b/duet", dir);
    snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere", dir);
    assert_int_equal(save(0x1, 3, 1, 10), ST_OK);
    state_health h;
    assert_int_equal(load(0x1, &h), 3);
    /* writable by others: the file, then the directory */
    assert_int_equal(chmod(path, 0666), 0);
    refused("a world-writable file");
    assert_int_equal(chmod(path, 0620), 0);
    refused("a group-writable file");
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(chmod(d, 0777), 0);
    refused("a world-writable directory");
    assert_int_equal(chmod(d, 01777), 0);
    refused("a sticky world-writable directory");
    assert_int_equal(chmod(d, 0700), 0);
    assert_int_equal(load(0x1, &h), 3); /* trusted again */
    assert_int_equal(h, STATE_FINE);
    /* the file a symbolic link (to a good file of ours): not followed */
    assert_int_equal(rename(path, elsewhere), 0);
    assert_int_equal(symlink(elsewhere, path), 0);
    refused("a symbolic link for the file");
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* still the link */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rename(elsewhere, path), 0);
    /* the directory a symbolic link */
    snprintf(link_to, sizeof link_to, "%s/real-duet", dir);
    assert_int_equal(rename(d, link_to), 0);
    assert_int_equal(symlink(link_to, d), 0);
    refused("a symbolic link for the directory");
    assert_int_equal(unlink(d), 0);
    assert_int_equal(rename(link_to, d), 0);
    assert_int_equal(load(0x1, &h), 3);
    /* owned by someone else (only root can make that here) */
    if (geteuid() != 0) {
        printf("SKIP: files and directories owned by another user are refused (not root)\n");
        return;
    }
    assert_int_equal(chown(path, 65534, 65534), 0);
    refused("a file owned by another user");
    assert_int_equal(chown(path, 0, 0), 0);
    assert_int_equal(chown(d, 65534, 65534), 0);
    refused("a directory owned by another user");
    assert_int_equal(chown(d, 0, 0), 0);
    assert_int_equal(load(0x1, &h), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path),
        cmocka_unit_test(test_key),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bound, setup, teardown),
        cmocka_unit_test_setup_teardown(test_places, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_wait, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trust, setup, teardown),
    };
    return cmocka_run_group_tests_name("state", tests, NULL, NULL);
}
