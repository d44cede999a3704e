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
    /* a blank line in mid-sentence joins; after a full stop it separates,
     * and a turn of two paragraphs a side pairs paragraph by paragraph */
    assert_string_equal(testload_segments(d), "5/8 13/16 15/18 21/22");
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

/* Headers with the turn's text on the same line, full-width colons in the
 * times, the translation starting on the line where the original ends; a
 * speaker who talks once is a turn of its own. */
static void test_stt_inline_headers(void **state)
{
    (void)state;
    static const char text[] =
        "## Weekly sync\n"                                                     /* 1 */
        "\n"
        "发言人 1 00：05 Morning, everyone. Let us start with the budget for\n" /* 3 */
        "\n"
        "next year. 大家早上好。我们先从明年的预算开始。\n"                     /* 5 */
        "\n"
        "发言人 2 00：41 The numbers are not final yet. 数字还没有最后确定。\n" /* 7 */
        "\n"
        "发言人 3 01：02 Can I ask a question first? I only have a minute.\n"   /* 9 */
        "我能先问个问题吗？我只有一分钟。\n"                                   /* 10 */
        "\n"
        "发言人 1 01：30 Sure, go ahead. 当然，请讲。\n";                       /* 12 */
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "stt");
    assert_string_equal(testload_segments(d), "5/3 7/7 10/9 12/12");
    assert_string_equal(testload_text(d, LANG_EN, 0),
                        "Morning, everyone. Let us start with the budget for next year.");
    assert_string_equal(testload_text(d, LANG_ZH, 0), "大家早上好。我们先从明年的预算开始。");
    assert_string_equal(testload_text(d, LANG_EN, 1), "The numbers are not final yet.");
    assert_string_equal(testload_text(d, LANG_ZH, 1), "数字还没有最后确定。");
    assert_string_equal(testload_units(d, LANG_EN),
                        "3-5:发言人 1/3@5000 7:发言人 2/7@41000 9:发言人 3/9@62000 "
                        "12:发言人 1/12@90000");
    assert_string_equal(d->speakers[d->segments[2].speaker].name, "发言人 3");
    assert_string_equal(testload_notes(d), "intro:1");
    testload_accounted(d);
    doc_free(d);
}

/* The other header forms: a time before a colon label, in brackets or
 * parentheses, and Otter's two spaces; Chinese first. */
static void test_stt_header_forms(void **state)
{
    (void)state;
    static const struct {
        const char *text, *segments, *speaker;
        int64_t ms;
    } cases[] = {
        {"[00:00:04] 主持人：\n欢迎收听。\nWelcome to the show.\n\n"
         "[00:00:09] 嘉宾：\n谢谢邀请。\nThanks for having me.\n",
         "2/3 6/7", "嘉宾", 9000},
        {"(00:04) 主持人：欢迎收听。\nWelcome to the show.\n\n"
         "(00:09) 嘉宾：谢谢邀请。\nThanks for having me.\n",
         "1/2 4/5", "嘉宾", 9000},
        {"Speaker 1  0:04\n欢迎收听。\nWelcome to the show.\n\n"
         "Speaker 2  0:09\n谢谢邀请。\nThanks for having me.\n",
         "2/3 6/7", "Speaker 2", 9000},
        {"主持人 (00:04):\n欢迎收听。\nWelcome to the show.\n\n"
         "嘉宾 (01:02:09):\n谢谢邀请。\nThanks for having me.\n",
         "2/3 6/7", "嘉宾", 3729000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        doc *d = testload_one(cases[i].text, NULL, ST_OK, NULL);
        assert_string_equal(d->layout, "stt");
        assert_string_equal(testload_segments(d), cases[i].segments);
        assert_string_equal(d->speakers[d->segments[1].speaker].name, cases[i].speaker);
        assert_int_equal(doc_segment_para(d, &d->segments[1], LANG_EN, 0)->start_ms, cases[i].ms);
        testload_accounted(d);
        doc_free(d);
    }
}

/* A translator's note inside a turn is an annotation, not the turn's text. */
static void test_stt_annotation(void **state)
{
    (void)state;
    static const char text[] =
        "说话人1 00:03\n"                          /* 1 */
        "这个方案叫“月光计划”。\n"                 /* 2 */
        "注：月光计划是项目的内部代号。\n"         /* 3 */
        "This plan is called Moonlight.\n"         /* 4 */
        "\n"
        "说话人2 00:20\n"                          /* 6 */
        "明白了。\n"                               /* 7 */
        "Understood.\n";                           /* 8 */
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "stt");
    assert_string_equal(testload_segments(d), "2/4 7/8");
    assert_string_equal(testload_text(d, LANG_ZH, 0), "这个方案叫“月光计划”。");
    assert_string_equal(testload_notes(d), "annotation:3");
    assert_int_equal(d->nspeakers, 2);
    testload_accounted(d);
    doc_free(d);
}

/* An editor's export: each line a time and a label, the translation on
 * the next line under the same time — headers of one time are one turn,
 * Host and 主持人 one person; the time is the paragraph's, never part of
 * its speaker or text; each paragraph ends where the next later one
 * starts. */
static void test_stt_timed_label_lines(void **state)
{
    (void)state;
    static const char text[] =
        "[00:00:05] Host: Welcome to the show, everyone.\n"        /* 1 */
        "[00:00:05] 主持人：欢迎大家收听本节目。\n"                 /* 2 */
        "\n"
        "[00:00:12] Guest: Thanks for having me here today.\n"     /* 4 */
        "[00:00:12] 嘉宾：谢谢你今天邀请我来。\n"                   /* 5 */
        "\n"
        "[00:01:20] Host: Let us begin with your new book.\n"      /* 7 */
        "[00:01:20] 主持人：我们先从你的新书开始吧。\n";            /* 8 */
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "stt");
    assert_string_equal(testload_segments(d), "2/1 5/4 8/7");
    assert_string_equal(testload_units(d, LANG_ZH),
                        "2:主持人 / Host/2@5000 5:嘉宾 / Guest/5@12000 8:主持人 / Host/8@80000");
    assert_string_equal(testload_text(d, LANG_EN, 1), "Thanks for having me here today.");
    assert_int_equal(d->paras[LANG_EN][0].end_ms, 12000);
    assert_int_equal(d->paras[LANG_ZH][0].end_ms, 12000);
    assert_int_equal(d->paras[LANG_EN][2].end_ms, 80000); /* the last ends where it starts */
    assert_string_equal(d->speakers[0].labels[0], "主持人："); /* no time in the label */
    testload_accounted(d);
    doc_free(d);
}

/* The same form with the small talk left untranslated (0-1), one turn in
 * two English lines under one time (the second repeating the time), and a
 * closing line of the programme in one language after the last turn (a
 * footer, not the last speaker's words). */
static void test_stt_time_groups(void **state)
{
    (void)state;
    static const char text[] =
        "[00:00:04] Host: Welcome to the ferry museum.\n"              /* 1 */
        "[00:00:04] 主持人：欢迎来到渡轮博物馆。\n"                     /* 2 */
        "[00:00:09] Host: Mind the step.\n"                            /* 3 */
        "[00:00:12] Mei: The oldest boat here is ninety years old.\n"  /* 4 */
        "[00:00:12] It still floats.\n"                                /* 5 */
        "[00:00:12] 梅：这里最老的船有九十岁了，现在还能浮起来。\n"     /* 6 */
        "[00:00:20] Host: Thank you, Mei.\n"                           /* 7 */
        "[00:00:20] 主持人：谢谢你，梅。\n"                             /* 8 */
        "\n"
        "本节目由港口电台制作。\n";                                      /* 10 */
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "stt");
    assert_string_equal(testload_segments(d), "2/1 -/3 6/4 8/7");
    assert_string_equal(testload_text(d, LANG_EN, 2),
                        "The oldest boat here is ninety years old. It still floats.");
    assert_string_equal(testload_notes(d), "footer:10");
    assert_string_equal(d->speakers[d->segments[2].speaker].name, "梅 / Mei");
    testload_accounted(d);
    doc_free(d);
}

/* Prose whose lines start with a capitalised word and a clock time is no
 * speech-to-text export: such a line heads a turn only when its name
 * recurs or its time falls in order between headers. */
static void test_stt_prose_times(void **state)
{
    (void)state;
    format_report r;
    testload_one("At 10:30 we met at the station.\n我们十点半在车站见面。\n\n"
                 "By 11:15 the train had left.\n到十一点十五分火车已经开走了。\n",
                 "stt", ST_BAD_FORMAT, &r);
    assert_non_null(strstr(r.why, "0 turn headers"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stt_pdf_copy),
        cmocka_unit_test(test_stt_english),
        cmocka_unit_test(test_stt_not),
        cmocka_unit_test(test_stt_inline_headers),
        cmocka_unit_test(test_stt_header_forms),
        cmocka_unit_test(test_stt_prose_times),
        cmocka_unit_test(test_stt_annotation),
        cmocka_unit_test(test_stt_timed_label_lines),
        cmocka_unit_test(test_stt_time_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
