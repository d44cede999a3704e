/* tsv: what --export tsv writes reads back to the same segments (speaker,
 * paragraphs of each side, in order, times and confidences), hostile text
 * included, and to the same TSV; no cell of it starts a spreadsheet
 * formula; the old three-column form and the new six-column one read with
 * or without their header; rows with the wrong number of fields are
 * skipped and named; a text with a few tabs is not a TSV. */
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

/* Every line's fields: none may start what a spreadsheet runs as a formula
 * (= + - @) or with a raw tab or carriage return (OWASP's CSV injection). */
static void no_formula_cells(const char *tsv)
{
    const char *cell = tsv;
    for (const char *p = tsv;; p++) {
        if (*p && *p != '\t' && *p != '\n')
            continue;
        if (p > cell && strchr("=+-@\r", *cell))
            fail_msg("a cell starts with '%c': %.40s", *cell, cell);
        if (!*p)
            break;
        cell = p + 1;
    }
}

/* Cells a spreadsheet would run as formulas — in names, as the first
 * paragraph of a side, after a tab or a carriage return — are written
 * inert and read back as they were. */
static void test_tsv_formula_cells(void **state)
{
    (void)state;
    static const char text[] =
        "speaker\tzh\ten\n"
        "=cmd|' /C calc'!A0\t=1+1 不是公式。\t+SUM(A1:A9) is not a sum.\n"
        "@Host\t-是的。\\n=第二段。\t@home, -5 degrees.\n"
        "-Guest\t\\t=制表符后。\t\\r@after a return.\n"
        "\\=escaped\t\\\\=反斜杠。\ta=b-c, nothing to guard.\n";
    doc *d = testload_one(text, "tsv", ST_OK, NULL);
    assert_int_equal(d->nsegments, 4);
    assert_string_equal(d->speakers[d->segments[0].speaker].name, "=cmd|' /C calc'!A0");
    assert_string_equal(d->speakers[d->segments[3].speaker].name, "=escaped");
    assert_string_equal(testload_text(d, LANG_ZH, 2), "=第二段。");
    assert_string_equal(testload_text(d, LANG_ZH, 4), "\\=反斜杠。");
    assert_string_equal(testload_text(d, LANG_EN, 1), "@home, -5 degrees.");
    char *t = tsv_of(d);
    no_formula_cells(t);
    assert_non_null(strstr(t, "\n\\=cmd|' /C calc'!A0\t\\=1+1 不是公式。\t\\+SUM(A1:A9)"));
    assert_non_null(strstr(t, "\t\\-是的。\\n=第二段。\t\\@home"));
    free(t);
    round_trip(d);
    doc_free(d);
}

/* The columns after the three: the segment's start time (timed
 * paragraphs), its confidence and its flags ("doubtful" under
 * DOC_WEAK_CONFIDENCE); read back, they give the same TSV. */
static void test_tsv_columns(void **state)
{
    (void)state;
    static const char srt[] =
        "1\n00:00:01,000 --> 00:00:03,500\n你好。\nHello.\n\n"
        "2\n01:02:03,042 --> 01:02:05,000\n再见。\nGoodbye.\n";
    doc *d = testload_one(srt, NULL, ST_OK, NULL);
    char *t = tsv_of(d);
    assert_string_equal(t, "speaker\tzh\ten\ttime\tconfidence\tflags\n"
                           "\t你好。\tHello.\t0:00:01.000\t1.00\t\n"
                           "\t再见。\tGoodbye.\t1:02:03.042\t1.00\t\n");
    free(t);
    round_trip(d);
    doc_free(d);
    /* confidences, doubtful ones among them, and an untimed row */
    static const char rows[] =
        "speaker\tzh\ten\ttime\tconfidence\tflags\n"
        "Host\t我们先谈谈这座城市的交通。\tLet us start with the traffic here.\t0:00:05.250\t0.00\tdoubtful\n"
        "Host\t早上的地铁总是很拥挤。\tThe morning trains are always full.\t\t0.49\tdoubtful\n"
        "Guest\t所以我每天骑自行车上班。\tSo I cycle to work every day.\t0:01:00.000\t0.50\t\n"
        "Guest\t下雨的时候就不骑。\\n那时我坐公交车。\tNot when it rains; then I take the bus.\t\t0.97\t\n"
        "Guest\t\tAnd that is the whole story.\t\t1.00\t\n";
    d = testload_one(rows, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "tsv");
    assert_int_equal(d->nsegments, 5);
    assert_true(d->segments[0].confidence < DOC_WEAK_CONFIDENCE);
    assert_true(d->segments[1].confidence < DOC_WEAK_CONFIDENCE);
    assert_true(d->segments[2].confidence >= DOC_WEAK_CONFIDENCE);
    assert_true(d->segments[3].confidence < 0.98f && d->segments[3].confidence > 0.96f);
    assert_int_equal(doc_segment_para(d, &d->segments[0], LANG_EN, 0)->start_ms, 5250);
    assert_int_equal(doc_segment_para(d, &d->segments[1], LANG_EN, 0)->start_ms, -1);
    t = tsv_of(d);
    assert_string_equal(t, rows); /* what it reads is what it writes */
    free(t);
    round_trip(d);
    /* the same rows without the header: told by their content */
    doc *e = testload_one(rows + strlen("speaker\tzh\ten\ttime\tconfidence\tflags\n"), NULL,
                          ST_OK, NULL);
    assert_string_equal(e->layout, "tsv");
    assert_non_null(strstr(e->evidence, "columns told by their content: speaker zh en time "
                                        "confidence flags"));
    same_segments(d, e);
    t = tsv_of(e);
    assert_string_equal(t, rows);
    free(t);
    doc_free(e);
    doc_free(d);
}

/* The old form, three columns with or without its header, still reads: the
 * same segments, every confidence the default. */
static void test_tsv_old_form(void **state)
{
    (void)state;
    static const char old[] = "speaker\tzh\ten\n"
                              "Host\t你好，欢迎来到节目。\\n今天聊聊读书。\tHello and welcome.\n"
                              "Guest\t谢谢你邀请我来这里。\tThanks for having me here.\n"
                              "Guest\t我最近读了很多小说。\tI have read many novels lately.\n";
    doc *a = testload_one(old, NULL, ST_OK, NULL);
    doc *b = testload_one(old + strlen("speaker\tzh\ten\n"), NULL, ST_OK, NULL);
    assert_string_equal(a->layout, "tsv");
    assert_string_equal(b->layout, "tsv");
    same_segments(a, b);
    assert_string_equal(testload_segments(a), "2,2/2 3/3 4/4");
    char *t = tsv_of(a);
    assert_string_equal(t, "speaker\tzh\ten\ttime\tconfidence\tflags\n"
                           "Host\t你好，欢迎来到节目。\\n今天聊聊读书。\tHello and welcome.\t\t0.90\t\n"
                           "Guest\t谢谢你邀请我来这里。\tThanks for having me here.\t\t1.00\t\n"
                           "Guest\t我最近读了很多小说。\tI have read many novels lately.\t\t1.00\t\n");
    free(t);
    round_trip(a);
    doc_free(a);
    doc_free(b);
    /* four columns with a fourth of something else: not the export's */
    static const char other[] = "Host\t你好，欢迎来到节目。\tHello and welcome.\tnotes here\n"
                                "Guest\t谢谢你邀请我来这里。\tThanks for having me.\tmore notes\n"
                                "Guest\t我最近读了很多小说。\tI read novels.\tand more\n";
    format_report r;
    testload_one(other, "tsv", ST_BAD_FORMAT, &r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tsv_round_trip_every_layout),
        cmocka_unit_test(test_tsv_round_trip_hostile),
        cmocka_unit_test(test_tsv_bad_rows),
        cmocka_unit_test(test_tsv_detection),
        cmocka_unit_test(test_tsv_formula_cells),
        cmocka_unit_test(test_tsv_columns),
        cmocka_unit_test(test_tsv_old_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
