/* Tests of state.h: the positions file — its path, the content key, saving
 * atomically (a new file renamed over the old), reading a corrupt file,
 * and the bound on its entries. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "state.h"
#include "testdoc.h"

static char dir[256];
static char path[512];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/duet-state-test-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/a/b/duet/positions", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
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

static long load(uint64_t key, bool *corrupt)
{
    long seg = -1;
    assert_int_equal(state_load(path, key, &seg, corrupt), ST_OK);
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
    bool corrupt = true;
    assert_int_equal(load(0x1234, &corrupt), 0); /* no file yet */
    assert_false(corrupt);
    assert_int_equal(state_save(path, 0x1234, 12, 1700000000, 10), ST_OK);
    assert_int_equal(state_save(path, 0xfeedfacecafebeefULL, 3, 1700000001, 10), ST_OK);
    assert_int_equal(load(0x1234, &corrupt), 12);
    assert_false(corrupt);
    assert_int_equal(load(0xfeedfacecafebeefULL, &corrupt), 3);
    assert_int_equal(load(0x999, &corrupt), 0);
    /* newest first, one line per key, the format of the header comment */
    assert_string_equal(read_file(path), "duet-positions 1\n"
                                         "feedfacecafebeef 3 1700000001\n"
                                         "0000000000001234 12 1700000000\n");
    assert_int_equal(state_save(path, 0x1234, 40, 1700000002, 10), ST_OK);
    assert_int_equal(load(0x1234, &corrupt), 40);
    assert_string_equal(read_file(path), "duet-positions 1\n"
                                         "0000000000001234 40 1700000002\n"
                                         "feedfacecafebeef 3 1700000001\n");
    /* the directory was made private */
    char d[600];
    snprintf(d, sizeof d, "%s/a/b/duet", dir);
    struct stat st;
    assert_int_equal(stat(d, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
}

/* A save replaces the file by renaming a new one over it: a second name
 * for the old file (a hard link) still shows the old content whole, and no
 * temporary file is left behind. */
static void test_atomic(void **state)
{
    (void)state;
    assert_int_equal(state_save(path, 0xaa, 5, 1, 10), ST_OK);
    char old[600];
    snprintf(old, sizeof old, "%s/old-link", dir);
    assert_int_equal(link(path, old), 0);
    char *before = strdup(read_file(path));
    assert_int_equal(state_save(path, 0xbb, 6, 2, 10), ST_OK);
    assert_string_equal(read_file(old), before); /* the old inode untouched */
    assert_non_null(strstr(read_file(path), "00000000000000bb 6 2\n"));
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
    assert_int_equal(state_save(bad, 0xcc, 1, 3, 10), ST_IO);
    long seg;
    bool corrupt;
    assert_int_equal(state_load(bad, 0xcc, &seg, &corrupt), ST_OK);
    assert_int_equal(seg, 0);
}

static void test_corrupt(void **state)
{
    (void)state;
    bool corrupt;
    assert_int_equal(state_save(path, 0x1, 1, 1, 10), ST_OK); /* makes the directory */
    /* not ours at all: nothing used, and said */
    write_file(path, "\x7f" "ELF\x01\x02 binary garbage\n0000000000000001 9 9\n");
    assert_int_equal(load(0x1, &corrupt), 0);
    assert_true(corrupt);
    /* some bad lines among good ones: the good ones count */
    write_file(path, "duet-positions 1\n"
                     "0000000000000002 7 100\n"
                     "zzzz not a line\n"
                     "0000000000000003 -4 100\n"      /* a negative segment */
                     "00000000000004 4 100\n"         /* a short key */
                     "0000000000000005 8 100 extra\n"
                     "\n"
                     "0000000000000006 9 100\n"
                     "0000000000000007 10");          /* cut short */
    assert_int_equal(load(0x2, &corrupt), 7);
    assert_true(corrupt);
    assert_int_equal(load(0x6, &corrupt), 9);
    for (uint64_t k = 3; k <= 5; k++)
        assert_int_equal(load(k, &corrupt), 0);
    assert_int_equal(load(0x7, &corrupt), 0);
    /* the next save writes a clean file with the good entries */
    assert_int_equal(state_save(path, 0x8, 2, 200, 10), ST_OK);
    assert_string_equal(read_file(path), "duet-positions 1\n"
                                         "0000000000000008 2 200\n"
                                         "0000000000000002 7 100\n"
                                         "0000000000000006 9 100\n");
    assert_int_equal(load(0x2, &corrupt), 7);
    assert_false(corrupt);
    /* a directory where the file should be: corrupt, no crash */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(load(0x2, &corrupt), 0);
    assert_true(corrupt);
    assert_int_equal(rmdir(path), 0);
    /* a FIFO where the file should be: corrupt at once, open() must not
     * wait for a writer that never comes (this test would hang) */
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(load(0x2, &corrupt), 0);
    assert_true(corrupt);
    assert_int_equal(unlink(path), 0);
    /* an empty file is simply empty */
    write_file(path, "");
    assert_int_equal(load(0x2, &corrupt), 0);
    assert_false(corrupt);
}

/* At most max entries: the oldest are dropped; saving an old key again
 * makes it the newest. A file over STATE_MAX_BYTES is read up to the
 * limit and said to be corrupt. */
static void test_bound(void **state)
{
    (void)state;
    bool corrupt;
    for (uint64_t k = 1; k <= 15; k++)
        assert_int_equal(state_save(path, k, (long)k, (long long)k, 10), ST_OK);
    for (uint64_t k = 1; k <= 5; k++)
        assert_int_equal(load(k, &corrupt), 0);
    for (uint64_t k = 6; k <= 15; k++)
        assert_int_equal(load(k, &corrupt), (long)k);
    size_t lines = 0;
    for (const char *p = read_file(path); *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 11); /* header + 10 */
    assert_int_equal(state_save(path, 6, 60, 16, 10), ST_OK);
    assert_int_equal(state_save(path, 16, 16, 17, 10), ST_OK); /* drops 7, not 6 */
    assert_int_equal(load(6, &corrupt), 60);
    assert_int_equal(load(7, &corrupt), 0);
    /* too big: the first STATE_MAX_BYTES are used */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("duet-positions 1\n", f);
    size_t n = 0;
    for (uint64_t k = 1; n <= STATE_MAX_BYTES; k++)
        n += (size_t)fprintf(f, "%016llx 5 1\n", (unsigned long long)k);
    fclose(f);
    assert_int_equal(load(1, &corrupt), 5);
    assert_true(corrupt);
    assert_int_equal(state_save(path, 0xabc, 1, 1, STATE_MAX_ENTRIES), ST_OK);
    lines = 0;
    for (const char *p = read_file(path); *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, STATE_MAX_ENTRIES + 1);
    assert_int_equal(load(0xabc, &corrupt), 1);
    assert_false(corrupt);
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
    };
    return cmocka_run_group_tests_name("state", tests, NULL, NULL);
}
