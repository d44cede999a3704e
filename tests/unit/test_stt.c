/* stt: speech-to-text exports — "发言人 1 00:52" / "Speaker 2 01:10"
 * headers, the original and its machine translation per turn, blank lines
 * a PDF copy left in mid-sentence, times kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "testload.h"

static const char pdf_copy[] =
    "会议纪要 | 图书馆改造\n"                                  /* 1 */
    "2024-04-18 19:30　时长 14:52\n"                           /* 2 */
    "\n"
    "发言人 1 00:03\n"                                         /* 4 */
    "各位邻居晚上好，今天讨论图书馆\n"                         /* 5 */
    "\n"
    "改造的方案。\n"                                           /* 7 */
    "Good evening, neighbours. Today we discuss the plan to\n" /* 8 */
    "\n"
    "renovate the library.\n"                                  /* 10 */
    "\n"
    "发言人 2 00:41\n"                                         /* 12 */
    "预算够吗？\n"                                             /* 13 */
    "\n"
    "我们应该先修屋顶。\n"                                     /* 15 */
    "Is the budget enough?\n"                                  /* 16 */
    "\n"
    "We should fix the roof first.\n"                          /* 18 */
    "\n"
    "发言人 1 1:02:10\n"                                       /* 20 */
    "好的。\n"                                                 /* 21 */
    "OK.\n";                                                   /* 22 */

static void test_stt_pdf_copy(void **state)
{
    (void)state;
    doc *d = testload_one(pdf_copy, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "stt");
    /* a blank line in mid-sentence joins; after a full stop it separates */
    assert_string_equal(testload_segments(d), "5/8 13,15/16,18 21/22");
    assert_string_equal(testload_text(d, LANG_ZH, 0), "各位邻居晚上好，今天讨论图书馆改造的方案。");
    assert_string_equal(testload_text(d, LANG_EN, 0),
                        "Good evening, neighbours. Today we discuss the plan to renovate the library.");
    assert_string_equal(testload_units(d, LANG_ZH),
                        "5-7:发言人 1/4@3000 13:发言人 2/12@41000 15:发言人 2@41000 21:发言人 1/20@3730000");
    assert_int_equal(d->paras[LANG_ZH][0].end_ms, 41000);
    assert_string_equal(testload_notes(d), "intro:1-2");
    assert_int_equal(d->nspeakers, 2);
    assert_int_equal(d->sources[0].role[3], DOC_LINE_LABEL);
    testload_accounted(d);
    doc_free(d);
}

/* English headers, English first; an untranslated turn (0-1). */
static void test_stt_english(void **state)
{
    (void)state;
    static const char text[] =
        "Speaker 1 58:41\nAre we on track for March?\n我们能赶上三月吗？\n\n"
        "Speaker 2 59:02\nMostly.\n\n"
        "Speaker 1 59:40\nGood.\n很好。\n";
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "stt");
    assert_string_equal(testload_segments(d), "3/2 -/6 10/9");
    assert_string_equal(d->speakers[d->segments[1].speaker].name, "Speaker 2");
    testload_accounted(d);
    doc_free(d);
}

/* Lines that look like headers but are not (a sentence with a time, a
 * date), and a forced stt on a text without headers. */
static void test_stt_not(void **state)
{
    (void)state;
    format_report r;
    testload_one("主持人：会议在 10:30 开始。\nHost: The meeting starts at 10:30.\n", "stt",
                 ST_BAD_FORMAT, &r);
    assert_non_null(strstr(r.why, "0 turn headers"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stt_pdf_copy),
        cmocka_unit_test(test_stt_english),
        cmocka_unit_test(test_stt_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
