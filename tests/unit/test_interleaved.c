/* interleaved and inline pairs: paragraphs whose languages alternate —
 * blocks, untranslated paragraphs, labels on one side or both, either
 * language first, intro and footer, and which of the two layouts a text is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "testload.h"

/* Chinese first, labels on both sides, an editor's note (an annotation,
 * not a paragraph),
 * a one-sided (笑) (1-0), an untranslated English paragraph (0-1), a title
 * and a line announcing the translation before, a share line after. */
static const char zh_first[] =
    "对话｜夜间经济\n"                                             /* 1 title */
    "本文为中英对照阅读。\n"                                       /* 2 marker */
    "\n"
    "主持人：欢迎收听本期节目。今天我们聊聊城市的夜间经济。\n"    /* 4 */
    "\n"
    "Host: Welcome to the programme. Today we talk about the night-time economy of cities.\n" /* 6 */
    "\n"
    "陈晓：谢谢邀请。\n"                                           /* 8 */
    "\n"
    "Chen Xiao: Thank you for having me.\n"                        /* 10 */
    "\n"
    "（编者注：数据来自2023年的报告。）\n"                         /* 12 annotation */
    "\n"
    "主持人：夜间经济对普通人意味着什么？\n"                       /* 14 */
    "\n"
    "Host: What does the night-time economy mean for ordinary people?\n" /* 16 */
    "\n"
    "陈晓：意味着更多的选择，也意味着更多的工作机会。\n"           /* 18 */
    "\n"
    "Chen Xiao: It means more choice, and also more jobs.\n"       /* 20 */
    "\n"
    "（笑）\n"                                                     /* 22 aside */
    "\n"
    "伦敦在2016年任命了第一位“夜间市长”，专门负责协调这些问题。\n" /* 24 */
    "\n"
    "In 2016 London appointed its first Night Czar, whose job is to coordinate exactly these issues.\n" /* 26 */
    "\n"
    "Other cities, from Amsterdam to New York, have since followed.\n" /* 28 untranslated */
    "\n"
    "主持人：谢谢。\n"                                             /* 30 */
    "\n"
    "Host: Thank you.\n"                                           /* 32 */
    "\n"
    "分享到：微信 微博\n";                                          /* 34 footer */

static void test_interleaved_zh_first(void **state)
{
    (void)state;
    doc *d = testload_one(zh_first, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "interleaved");
    assert_string_equal(testload_segments(d),
                        "4/6 8/10 14/16 18/20 22/- 24/26 -/28 30/32");
    assert_string_equal(testload_notes(d), "intro:1 marker:2 annotation:12 footer:34");
    /* one speaker per person, named in both languages */
    assert_int_equal(d->nspeakers, 2);
    assert_string_equal(d->speakers[0].name, "主持人 / Host");
    assert_string_equal(d->speakers[1].name, "陈晓 / Chen Xiao");
    assert_string_equal(testload_units(d, LANG_ZH),
                        "4:主持人 / Host/4 8:陈晓 / Chen Xiao/8 "
                        "14:主持人 / Host/14 18:陈晓 / Chen Xiao/18 22:陈晓 / Chen Xiao "
                        "24:陈晓 / Chen Xiao 30:主持人 / Host/30");
    /* the label is not part of the text */
    assert_string_equal(testload_text(d, LANG_EN, 0),
                        "Welcome to the programme. Today we talk about the night-time economy of cities.");
    assert_non_null(strstr(d->evidence, "change language (zh first)"));
    testload_accounted(d);
    doc_free(d);
}

/* English first, labels on the English side only (one with a space before
 * its colon), an English paragraph rendered as two Chinese ones (2-1), and
 * an English-only [laughter]. */
static const char en_first[] =
    "Water and cities: a conversation with Dr. Amara Okafor\n"      /* 1 title */
    "\n"
    "INTERVIEWER: Cape Town came within weeks of Day Zero in 2018. What did the city learn?\n" /* 3 */
    "\n"
    "开普敦在2018年距离零日只差几周。这座城市学到了什么？\n"          /* 5 */
    "\n"
    "Dr. Okafor : That water is a shared system. When the dams fell below 20 per cent, every household had to cut its use to 50 litres a day, and the informal settlements felt the fear most of all.\n" /* 7 */
    "\n"
    "水是一个共享的系统。当水坝的蓄水量降到百分之二十以下时，每个家庭都必须把用水量减少到每天五十升。\n" /* 9 */
    "\n"
    "非正式居住区的人们感受到的恐惧最深。\n"                          /* 11 */
    "\n"
    "[laughter]\n"                                                    /* 13 */
    "\n"
    "INTERVIEWER: Could it happen elsewhere?\n"                       /* 15 */
    "\n"
    "这种情况会在别的地方发生吗？\n"                                  /* 17 */
    "\n"
    "Dr. Okafor : It already is happening in São Paulo and Chennai.\n" /* 19 */
    "\n"
    "已经在发生了，比如圣保罗和金奈。\n";                             /* 21 */

static void test_interleaved_en_first_one_sided(void **state)
{
    (void)state;
    doc *d = testload_one(en_first, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "interleaved");
    assert_string_equal(testload_segments(d), "5/3 9,11/7 -/13 17/15 21/19");
    assert_string_equal(testload_notes(d), "intro:1");
    /* the Chinese side takes the speakers the English labels name */
    assert_string_equal(testload_units(d, LANG_ZH),
                        "5:INTERVIEWER 9:Dr. Okafor 11:Dr. Okafor 17:INTERVIEWER 21:Dr. Okafor");
    assert_non_null(strstr(d->evidence, "(en first)"));
    testload_accounted(d);
    doc_free(d);
}

/* The host asks in Chinese first, the guest answers in English first: a
 * label of a speaker known in both languages starts a turn in its own
 * order. */
static const char flipped[] =
    "主持人：你好，欢迎来到节目。\n"            /* 1 */
    "Host: Hello, welcome to the show.\n"       /* 2 */
    "Guest: Thanks, it is good to be here.\n"   /* 3 */
    "嘉宾：谢谢，很高兴来到这里。\n"            /* 4 */
    "主持人：你最近在忙什么？\n"                /* 5 */
    "Host: What have you been busy with?\n"     /* 6 */
    "Guest: Writing a new book about rivers.\n" /* 7 */
    "嘉宾：写一本关于河流的新书。\n"            /* 8 */
    "主持人：什么时候出版？\n"                  /* 9 */
    "Host: When will it come out?\n"            /* 10 */
    "Guest: Next spring.\n"                     /* 11 */
    "嘉宾：明年春天。\n";                       /* 12 */

static void test_interleaved_order_follows_speaker(void **state)
{
    (void)state;
    doc *d = testload_one(flipped, "interleaved", ST_OK, NULL);
    assert_string_equal(testload_segments(d), "1/2 4/3 5/6 8/7 9/10 12/11");
    assert_int_equal(d->nspeakers, 2);
    testload_accounted(d);
    doc_free(d);
}

/* Inline pairs, English first: Q:/A: then 问：/答： on the next line; an
 * answer two lines long on each side pairs line by line. */
static const char inline_qa[] =
    "Startup diaries: Mei Lin\n"                                   /* 1 */
    "\n"
    "Q: How did the company start?\n"                              /* 3 */
    "问：公司是怎么起步的？\n"                                     /* 4 */
    "\n"
    "A: In 2019 I saw how many old batteries ended up in landfill.\n" /* 6 */
    "答：2019年，我看到大量旧电池被送进了垃圾填埋场。\n"            /* 7 */
    "\n"
    "Q: Was it hard to raise money?\n"                             /* 9 */
    "问：融资难吗？\n"                                             /* 10 */
    "\n"
    "A: Very. Forty investors said no.\n"                          /* 12 */
    "It took us eleven months.\n"                                  /* 13 */
    "答：非常难。有四十位投资人拒绝了我们。\n"                     /* 14 */
    "我们花了十一个月。\n"                                         /* 15 */
    "\n"
    "[Edited for length and clarity.]\n";                          /* 17 */

static void test_inline_qa(void **state)
{
    (void)state;
    doc *d = testload_one(inline_qa, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "inline");
    assert_string_equal(testload_segments(d), "4/3 7/6 10/9 14/12 15/13");
    assert_string_equal(testload_notes(d), "intro:1 footer:17");
    assert_int_equal(d->nspeakers, 2);
    assert_string_equal(d->speakers[0].name, "问 / Q");
    assert_string_equal(d->speakers[1].name, "答 / A");
    testload_accounted(d);
    doc_free(d);
}

/* Inline pairs, Chinese first, translations unlabelled, no blank lines; a
 * stray space before a colon; an untranslated audience turn (1-0). */
static const char inline_zh[] =
    "主持人：各位好，今天的嘉宾都在翻译行业工作了十年以上。\n"     /* 1 */
    "Hello everyone, our guests have worked in translation for over ten years.\n" /* 2 */
    "赵敏：机器翻译进步很快，但它不懂语境。\n"                     /* 3 */
    "Machine translation has improved fast, but it does not understand context.\n" /* 4 */
    "大卫 ：对于技术文档，机器已经做得很好了。\n"                  /* 5 */
    "For technical documents, machines already do very well.\n"    /* 6 */
    "观众：（听不清）\n"                                           /* 7 */
    "主持人：请用麦克风。\n"                                       /* 8 */
    "Please use the microphone.\n"                                 /* 9 */
    "赵敏：文学是另一回事。\n"                                     /* 10 */
    "Literature is another matter.\n";                             /* 11 */

static void test_inline_chinese_first(void **state)
{
    (void)state;
    doc *d = testload_one(inline_zh, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "inline");
    assert_string_equal(testload_segments(d), "1/2 3/4 5/6 7/- 8/9 10/11");
    /* the English takes its turn's speaker; 大卫 ： is 大卫 */
    assert_string_equal(testload_units(d, LANG_EN), "2:主持人 4:赵敏 6:大卫 9:主持人 11:赵敏");
    testload_accounted(d);
    doc_free(d);
}

/* Noise: a divider of neither language, and a label that owns no text. */
static void test_interleaved_noise(void **state)
{
    (void)state;
    static const char text[] =
        "主持人：第一个问题。\n\nHost: The first question.\n\n* * *\n\n"
        "主持人：第二个问题。\n\nHost: The second question.\n\n相关文章：\n\n"
        "主持人：第三个问题。\n\nHost: The third question.\n";
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "interleaved");
    assert_string_equal(testload_segments(d), "1/3 7/9 13/15");
    assert_string_equal(testload_notes(d), "noise:5 noise:11");
    testload_accounted(d);
    doc_free(d);
}

/* A press conference: every reporter asks once, the first one before the
 * minister has spoken — a turn, not a title or an intro. */
static void test_inline_one_time_speakers(void **state)
{
    (void)state;
    static const char text[] =
        "路透社记者：请问今年的出口目标是多少？\n"                          /* 1 */
        "Reuters: What is this year's export target?\n"                    /* 2 */
        "周部长：我们预计出口增长百分之四左右。\n"                          /* 3 */
        "Minister Zhou: We expect exports to grow by about four percent.\n" /* 4 */
        "新华社记者：对中小企业有什么新的支持？\n"                          /* 5 */
        "Xinhua: What new support is there for small firms?\n"             /* 6 */
        "周部长：我们会降低它们的贷款成本。\n"                              /* 7 */
        "Minister Zhou: We will lower their borrowing costs.\n";           /* 8 */
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "inline");
    assert_string_equal(testload_segments(d), "1/2 3/4 5/6 7/8");
    assert_string_equal(testload_notes(d), "");
    assert_string_equal(d->speakers[d->segments[0].speaker].name, "路透社记者 / Reuters");
    assert_int_equal(d->nspeakers, 3);
    testload_accounted(d);
    doc_free(d);
}

/* Which layout: each of these texts scores highest as its own layout. */
static void test_alternating_detection(void **state)
{
    (void)state;
    static const struct {
        const char *text, *layout;
    } cases[] = {
        {zh_first, "interleaved"}, {en_first, "interleaved"},
        {inline_qa, "inline"},     {inline_zh, "inline"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        doc *d = testload_one(cases[i].text, NULL, ST_OK, NULL);
        assert_string_equal(d->layout, cases[i].layout);
        /* the other one was a candidate and scored lower */
        const char *other = strcmp(cases[i].layout, "inline") ? "inline scored" : "interleaved scored";
        assert_non_null(strstr(d->evidence, other));
        doc_free(d);
    }
    /* forced onto text of one language only, neither fits */
    format_report r;
    testload_one("只有中文。\n\n还是中文。\n\n都是中文。\n", "interleaved", ST_BAD_FORMAT, &r);
    assert_non_null(strstr(r.why, "paragraphs: 3 zh, 0 en"));
    testload_one("Only English.\n\nStill English.\n", "inline", ST_BAD_FORMAT, &r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interleaved_zh_first),
        cmocka_unit_test(test_interleaved_en_first_one_sided),
        cmocka_unit_test(test_interleaved_order_follows_speaker),
        cmocka_unit_test(test_inline_qa),
        cmocka_unit_test(test_inline_chinese_first),
        cmocka_unit_test(test_interleaved_noise),
        cmocka_unit_test(test_inline_one_time_speakers),
        cmocka_unit_test(test_alternating_detection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
