/* tsv: what --export tsv writes reads back to the same segments (speaker,
 * paragraphs of each side, in order), hostile text included; rows with the
 * wrong number of fields are skipped and named; a text with a few tabs is
 * not a TSV. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "export.h"
#include "format.h"
#include "testload.h"

static char *tsv_of(const doc *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(export_tsv(d, f), ST_OK);
    fclose(f);
    return buf;
}

/* The segments of a and b are the same: speakers, and every paragraph's
 * text on each side. */
static void same_segments(const doc *a, const doc *b)
{
    assert_int_equal(a->nsegments, b->nsegments);
    for (size_t i = 0; i < a->nsegments; i++) {
        const doc_segment *x = &a->segments[i], *y = &b->segments[i];
        const char *nx = x->speaker >= 0 ? a->speakers[x->speaker].name : "";
        const char *ny = y->speaker >= 0 ? b->speakers[y->speaker].name : "";
        assert_string_equal(nx, ny);
        for (int l = 0; l < LANG_SIDES; l++) {
            assert_int_equal(x->count[l], y->count[l]);
            for (uint32_t k = 0; k < x->count[l]; k++) {
                const doc_para *p = doc_segment_para(a, x, (lang_id)l, k);
                const doc_para *q = doc_segment_para(b, y, (lang_id)l, k);
                assert_int_equal(p->len, q->len);
                assert_memory_equal(p->text, q->text, p->len);
            }
        }
    }
}

/* export -> read -> export gives the same bytes and the same segments. */
static void round_trip(doc *d)
{
    char *first = tsv_of(d);
    doc *back = testload_one(first, NULL, ST_OK, NULL);
    assert_string_equal(back->layout, "tsv");
    same_segments(d, back);
    char *second = tsv_of(back);
    assert_string_equal(first, second);
    testload_accounted(back);
    free(first);
    free(second);
    doc_free(back);
}

static void test_tsv_round_trip_every_layout(void **state)
{
    (void)state;
    static const char *const files[][2] = {
        {"samples/sectioned-interview.txt", NULL},
        {"samples/interleaved-interview.txt", NULL},
        {"samples/inline-pairs.txt", NULL},
        {"samples/two-files.zh.txt", "samples/two-files.en.txt"},
        {"samples/subtitles.srt", NULL},
        {"samples/table.md", NULL},
        {"samples/speech-to-text.txt", NULL},
        {"tests/corpus/remote-work-roundtrip.tsv", NULL},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        doc *d = testload_file(files[i][0], files[i][1]);
        round_trip(d);
        doc_free(d);
    }
}

/* Hostile text: tabs, backslashes before n and t, a literal "\n", an escape
 * character, a bidi override, a carriage-return look-alike, in names too. */
static void test_tsv_round_trip_hostile(void **state)
{
    (void)state;
    static const char text[] =
        "主持人\\t名：\n"
        "制表\t符\\n和反斜杠\\\\，还有\x1b[31m颜色\xe2\x80\xae反转。\n"
        "C:\\new\\table 里的文件。\n"
        "主持人\\t名：\n"
        "Tab\there, a backslash-n \\n, a double \\\\ and \x1b]52;c;Zm9v\x07 osc.\n"
        "The file in C:\\new\\table.\n";
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_true(d->nsegments >= 1);
    round_trip(d);
    /* and what the TSV holds has no raw control bytes but its tabs and
     * newlines */
    char *t = tsv_of(d);
    for (const char *p = t; *p; p++)
        assert_true((unsigned char)*p >= 0x20 || *p == '\t' || *p == '\n');
    free(t);
    doc_free(d);
}

/* Rows with the wrong number of fields are skipped, kept as notes, and the
 * evidence names their lines; an escaped carriage return shows as ^M. */
static void test_tsv_bad_rows(void **state)
{
    (void)state;
    static const char text[] =
        "speaker\tzh\ten\n"                     /* 1 */
        "Host\t你好。\tHello.\n"                 /* 2 */
        "Host\t只有两个字段。\n"                 /* 3: two fields */
        "Guest\t谢谢。\tThanks.\tand a fourth\n" /* 4: four fields */
        "Guest\t\t\n"                            /* 5: no text */
        "Guest\t再见\\r。\tBye.\n";              /* 6 */
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "tsv");
    assert_string_equal(testload_segments(d), "2/2 6/6");
    assert_string_equal(testload_notes(d), "skipped:3-5");
    assert_non_null(strstr(d->evidence,
                           "skipped 3 rows: line 3 (2 fields, not 3), line 4 (4 fields, not 3), line 5 (no text)"));
    assert_string_equal(testload_text(d, LANG_ZH, 1), "再见^M。");
    assert_int_equal(d->sources[0].role[0], DOC_LINE_MARKUP);
    testload_accounted(d);
    doc_free(d);
}

/* Without a header the columns are told by their content (either order);
 * a text with a few tabs in it is not a TSV. */
static void test_tsv_detection(void **state)
{
    (void)state;
    static const char noheader[] =
        "Hello there.\t你好。\tHost\n"
        "Thanks for coming.\t谢谢你来。\tHost\n"
        "Glad to be here.\t很高兴来。\tGuest\n";
    doc *d = testload_one(noheader, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "tsv");
    assert_string_equal(testload_text(d, LANG_ZH, 2), "很高兴来。");
    assert_string_equal(d->speakers[d->segments[2].speaker].name, "Guest");
    assert_non_null(strstr(d->evidence, "columns told by their content: en zh speaker"));
    doc_free(d);
    static const char tabs[] =
        "主持人：\n\t欢迎各位。\n嘉宾：\n谢谢\t邀请。\n"
        "Host:\n\tWelcome, everyone.\nGuest:\nThanks for\thaving me.\n";
    d = testload_one(tabs, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "sectioned");
    assert_non_null(strstr(d->evidence, "tsv scored 0"));
    doc_free(d);
    format_report r;
    testload_one(tabs, "tsv", ST_BAD_FORMAT, &r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tsv_round_trip_every_layout),
        cmocka_unit_test(test_tsv_round_trip_hostile),
        cmocka_unit_test(test_tsv_bad_rows),
        cmocka_unit_test(test_tsv_detection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
