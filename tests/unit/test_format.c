/* format: the registry, detection with its evidence, and the load pipeline's
 * refusals (each naming the input it is about). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "input.h"

static const char sectioned[] = "主持人：\n你好，欢迎。\n嘉宾：\n谢谢邀请。\n"
                                "Host:\nHello and welcome.\nGuest:\nThanks for having me.\n";

static status load1(const char *bytes, size_t n, const format *forced, doc **d, format_report *r)
{
    const char *names[1] = {"t.txt"};
    const char *b[1] = {bytes};
    size_t lens[1] = {n};
    return format_load_bytes(names, b, lens, 1, forced, d, r);
}

static void test_format_registry(void **state)
{
    (void)state;
    size_t n;
    const format *const *all = format_all(&n);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(all[i]->name);
        assert_non_null(all[i]->summary);
        assert_true(all[i]->min_sources >= 1 && all[i]->min_sources <= all[i]->max_sources);
        assert_ptr_equal(format_find(all[i]->name), all[i]);
    }
    assert_non_null(format_find("sectioned"));
    assert_null(format_find("nonesuch"));
    assert_null(format_find(NULL));
}

static void test_format_detects_with_evidence(void **state)
{
    (void)state;
    doc *d = NULL;
    format_report r;
    assert_int_equal(load1(sectioned, strlen(sectioned), NULL, &d, &r), ST_OK);
    assert_string_equal(d->layout, "sectioned");
    /* the evidence says why: the score and the switch between languages */
    assert_non_null(strstr(d->evidence, "score "));
    assert_non_null(strstr(d->evidence, "sections: zh, then en from line 5"));
    assert_int_equal(d->nsegments, 2);
    assert_int_equal(d->nspeakers, 2);
    doc_free(d);
}

static void test_format_forced(void **state)
{
    (void)state;
    doc *d = NULL;
    format_report r;
    const format *f = format_find("sectioned");
    assert_int_equal(load1(sectioned, strlen(sectioned), f, &d, &r), ST_OK);
    doc_free(d);
    /* a one-file layout forced on two files */
    const char *names[2] = {"a.txt", "b.txt"};
    const char *b[2] = {"主持人：你好。\n", "Host: Hello.\n"};
    size_t lens[2] = {strlen(b[0]), strlen(b[1])};
    assert_int_equal(format_load_bytes(names, b, lens, 2, f, &d, &r), ST_BAD_FORMAT);
    assert_null(d);
    assert_true(r.why[0] != '\0');
}

static void test_format_refusals(void **state)
{
    (void)state;
    doc *d = NULL;
    format_report r;
    assert_int_equal(load1("", 0, NULL, &d, &r), ST_EMPTY);
    assert_string_equal(r.failed_path, "t.txt");
    char bin[600];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i % 9);
    assert_int_equal(load1(bin, sizeof bin, NULL, &d, &r), ST_BINARY);
    assert_int_equal(load1("---\n***\n2024\n", 13, NULL, &d, &r), ST_NOT_TRANSCRIPT);
    assert_null(d);
    /* from the file system: the report names the file that failed */
    const char *paths[2] = {"tests/unit/test_format.c", "/nonexistent/duet-test.txt"};
    assert_int_equal(format_load(paths, 2, NULL, INPUT_DEFAULT_LIMIT, &d, &r), ST_MISSING);
    assert_string_equal(r.failed_path, "/nonexistent/duet-test.txt");
    const char *dir[1] = {"tests"};
    assert_int_equal(format_load(dir, 1, NULL, INPUT_DEFAULT_LIMIT, &d, &r), ST_DIRECTORY);
    assert_string_equal(r.failed_path, "tests");
    assert_int_equal(format_load(dir, 0, NULL, INPUT_DEFAULT_LIMIT, &d, &r), ST_USAGE);
}

/* Hostile bytes go through the whole pipeline: controls shown, not obeyed,
 * every line still accounted for. */
static void test_format_hostile_bytes(void **state)
{
    (void)state;
    const char text[] = "\xef\xbb\xbf主持人：\r\n\x1b]52;c;aGk=\x07你好，欢迎来到今天的节目\xff。\r\n"
                        "Host:\r\nHello\x1b[2J there.\r\n";
    doc *d = NULL;
    format_report r;
    assert_int_equal(load1(text, sizeof text - 1, NULL, &d, &r), ST_OK);
    assert_int_equal(d->nparas[LANG_ZH], 1);
    assert_int_equal(d->nparas[LANG_EN], 1);
    assert_null(memchr(d->paras[LANG_ZH][0].text, 0x1b, d->paras[LANG_ZH][0].len));
    assert_null(memchr(d->paras[LANG_EN][0].text, 0x1b, d->paras[LANG_EN][0].len));
    for (size_t i = 0; i < d->sources[0].text.nlines; i++)
        assert_int_not_equal(d->sources[0].role[i], DOC_LINE_UNACCOUNTED);
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_registry),
        cmocka_unit_test(test_format_detects_with_evidence),
        cmocka_unit_test(test_format_forced),
        cmocka_unit_test(test_format_refusals),
        cmocka_unit_test(test_format_hostile_bytes),
    };
    return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
