/* srt, vtt and ass: cues and their markup, speakers from labels and voice spans,
 * turns of consecutive cues, times kept and exported, the pairing of cues by
 * time (duplicated cues, two files), and broken input (bad time lines,
 * missing blank lines, a BOM, text outside cues, overlaps). */
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

/* A Chinese and an English line per cue; names where the speaker changes;
 * a BOM and CRLF; no blank line before cue 4; a broken time line (cue 5);
 * a music cue. */
static const char bilingual[] =
    "\xef\xbb\xbf" "1\r\n00:00:01,200 --> 00:00:04,000\r\n"          /* 1, 2 */
    "主持人：欢迎来到《科学之夜》。\r\nHost: Welcome to Science Night.\r\n\r\n" /* 3, 4 */
    "2\r\n00:00:04,100 --> 00:00:07,500\r\n"                         /* 6, 7 */
    "今晚的嘉宾是林博士。\r\nTonight our guest is Dr. Lin.\r\n\r\n"    /* 8, 9 */
    "3\r\n00:00:08,000 --> 00:00:11,000\r\n"                         /* 11, 12 */
    "林博士：<i>谢谢</i>，很高兴来到这里。\r\nLin: <i>Thanks</i>, glad to be here.\r\n" /* 13, 14 */
    "4\r\n00:00:11,200 --> 00:00:14,800\r\n"                         /* 15, 16 */
    "我研究很远的星系。\r\nI study very distant galaxies.\r\n\r\n"      /* 17, 18 */
    "5\r\n00:00:15,000 -> 00:00:18,000\r\n"                          /* 20, 21 */
    "主持人：坏了的时间码。\r\nHost: A broken time line.\r\n\r\n"       /* 22, 23 */
    "6\r\n00:00:18,500 --> 00:00:21,000\r\n"                         /* 25, 26 */
    "主持人：那您最想找到什么？\r\nHost: So what do you most want to find?\r\n\r\n" /* 27, 28 */
    "7\r\n00:00:21,100 --> 00:00:23,000\r\n"                         /* 30, 31 */
    "♪ ♪\r\n";                                                       /* 32 */

static void test_srt_bilingual(void **state)
{
    (void)state;
    doc *d = testload_one(bilingual, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "srt");
    /* each cue pair is a segment (cues of one speaker are a turn of
     * several); the broken cue is not there */
    assert_string_equal(testload_segments(d), "3/4 8/9 13/14 17/18 27/28");
    assert_true(doc_segment_starts_turn(d, 0) && !doc_segment_starts_turn(d, 1));
    assert_true(doc_segment_starts_turn(d, 2) && !doc_segment_starts_turn(d, 3));
    assert_int_equal(doc_turn_first(d, 3), 2);
    /* the music cue is a note (an aside), not a turn */
    assert_string_equal(testload_notes(d), "skipped:20-23 aside:32");
    assert_string_equal(testload_units(d, LANG_ZH),
                        "3:主持人 / Host/3@1200 8:主持人 / Host@4100 13:林博士 / Lin/13@8000 "
                        "17:林博士 / Lin@11200 27:主持人 / Host/27@18500");
    /* markup and labels out of the text */
    assert_string_equal(testload_text(d, LANG_ZH, 2), "谢谢，很高兴来到这里。");
    assert_string_equal(testload_text(d, LANG_EN, 2), "Thanks, glad to be here.");
    assert_int_equal(d->paras[LANG_EN][4].end_ms, 21000);
    /* cue numbers and times are markup */
    assert_int_equal(d->sources[0].role[0], DOC_LINE_MARKUP);
    assert_int_equal(d->sources[0].role[1], DOC_LINE_MARKUP);
    assert_int_equal(d->sources[0].role[14], DOC_LINE_MARKUP); /* "4" with no blank line before */
    assert_non_null(strstr(d->evidence, "skipped 1 cue with a broken time line: line 21"));
    assert_non_null(strstr(d->evidence, "1 cues without a blank line before them"));
    testload_accounted(d);
    doc_free(d);
}

/* Every cue twice, once per language, with the same number and times; no
 * names, so every cue pair is its own segment; dashed dialogue lines; a
 * sound cue in Chinese only. */
static const char duplicated[] =
    "1\n00:00:02,000 --> 00:00:05,000\n这片森林已经有三百年的历史。\n\n"           /* 1-3 */
    "1\n00:00:02,000 --> 00:00:05,000\nThis forest is three hundred years old.\n\n" /* 5-7 */
    "2\n00:00:10,000 --> 00:00:12,000\n- 你看到了吗？\n- 看到了，在树顶上！\n\n"  /* 9-12 */
    "2\n00:00:10,000 --> 00:00:12,000\n- Did you see it?\n- Yes, at the top!\n\n" /* 14-17 */
    "3\n00:00:12,500 --> 00:00:14,000\n（鸟鸣）\n\n"                               /* 19-21 */
    "4\n00:00:14,500 --> 00:00:18,000\n护林员老周在这里工作了二十年。\n\n"         /* 23-25 */
    "4\n00:00:14,500 --> 00:00:18,000\nRanger Zhou has worked here for twenty years.\n"; /* 27-29 */

static void test_srt_duplicated_cues(void **state)
{
    (void)state;
    doc *d = testload_one(duplicated, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "srt");
    /* the sound cue (鸟鸣) is a note, not a 1-0 segment */
    assert_string_equal(testload_segments(d), "3/7 11/16 25/29");
    assert_string_equal(testload_notes(d), "aside:21");
    assert_int_equal(d->nspeakers, 0);
    /* the dashes go, the lines of one language join */
    assert_string_equal(testload_text(d, LANG_EN, 1), "Did you see it? Yes, at the top!");
    assert_string_equal(testload_text(d, LANG_ZH, 1), "你看到了吗？看到了，在树顶上！");
    testload_accounted(d);
    doc_free(d);
}

/* A fan-sub's translator's note — a cue of its own, or a line inside a
 * cue — is an annotation, never a speaker who would name the cues after
 * it, and never a paragraph. */
static void test_srt_translator_notes(void **state)
{
    (void)state;
    static const char text[] =
        "1\n00:00:01,000 --> 00:00:03,000\n这是一个双关语。\nThat is a pun.\n\n"  /* 1-4 */
        "2\n00:00:03,500 --> 00:00:05,000\n注：原文是英语俚语。\n\n"              /* 6-8 */
        "3\n00:00:05,500 --> 00:00:07,000\n我们继续。\n译注：指下一站。\nLet us go on.\n\n" /* 10-14 */
        "4\n00:00:07,500 --> 00:00:09,000\n好的。\nOK.\n";                       /* 16-19 */
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "srt");
    assert_string_equal(testload_segments(d), "3/4 12/14 18/19");
    assert_string_equal(testload_notes(d), "annotation:8 annotation:13");
    assert_int_equal(d->nspeakers, 0);
    assert_string_equal(testload_text(d, LANG_ZH, 1), "我们继续。");
    testload_accounted(d);
    doc_free(d);
}

/* Two files, cut differently and a little off in time. */
static const char talk_zh[] =
    "1\n00:00:00,800 --> 00:00:03,500\n记者：您为什么转行研究气候？\n\n"   /* 3 */
    "2\n00:00:04,000 --> 00:00:07,000\n马教授：因为我看到了冰川的变化。\n\n" /* 7 */
    "3\n00:00:07,000 --> 00:00:10,500\n十年里，它后退了两公里。\n\n"        /* 11 */
    "4\n00:00:13,500 --> 00:00:17,000\n记者：这意味着什么？\n";            /* 15 */
static const char talk_en[] =
    "1\n00:00:00,900 --> 00:00:03,400\nReporter: Why did you switch to climate research?\n\n" /* 3 */
    "2\n00:00:04,100 --> 00:00:10,400\nProf. Ma: Because I saw the glaciers change. In ten years one retreated two kilometres.\n\n" /* 7 */
    "3\n00:00:13,600 --> 00:00:16,900\nReporter: What does it mean?\n"; /* 11 */

static void test_srt_two_files(void **state)
{
    (void)state;
    doc *d = testload_two("talk.en.srt", talk_en, "talk.zh.srt", talk_zh, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "srt");
    assert_string_equal(testload_segments(d), "3/3 7,11/7 15/11");
    assert_int_equal(d->nspeakers, 2);
    assert_string_equal(d->speakers[0].name, "记者 / Reporter");
    testload_accounted(d);
    doc_free(d);
    format_report r;
    testload_two("a.srt", talk_en, "b.srt", talk_en, NULL, ST_SAME_LANGUAGE, &r);
    assert_string_equal(r.why, "a.srt and b.srt are both English");
}

/* WebVTT: header, NOTE, STYLE, identifiers, settings, minutes-only times,
 * voice spans on both lines, tags, inline timestamps, entities; an
 * English-only cue inside a turn (a segment of its own). */
static const char lecture[] =
    "WEBVTT - Guest lecture\n"                                        /* 1 */
    "Kind: captions\n\n"                                              /* 2 */
    "NOTE\nCaptions by the media team.\n\n"                           /* 4, 5 */
    "STYLE\n::cue { color: yellow }\n\n"                              /* 7, 8 */
    "intro-1\n00:00:01.000 --> 00:00:04.000 line:90% align:center\n"  /* 10, 11 */
    "<v Prof. Adams>今天我们谈谈<b>睡眠</b>。</v>\n"                  /* 12 */
    "<v Prof. Adams>Today we talk about <b>sleep</b>.</v>\n\n"        /* 13 */
    "00:00:04.200 --> 00:00:06.000\n<v Prof. Adams>[applause]\n\n"    /* 15, 16 */
    "00:06.500 --> 00:09.000\n<v.q Student>那午睡<00:07.000>有用吗？ &amp; 多久？\n" /* 18, 19 */
    "<v.q Student>Do naps <c.hl>help</c> &amp; for how long?\n";     /* 20 */

static void test_vtt(void **state)
{
    (void)state;
    doc *d = testload_one(lecture, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "vtt");
    /* [applause] is a note, out of the professor's text */
    assert_string_equal(testload_segments(d), "12/13 19/20");
    assert_string_equal(testload_notes(d), "intro:4-5 aside:16");
    assert_string_equal(testload_text(d, LANG_ZH, 0), "今天我们谈谈睡眠。");
    assert_string_equal(testload_text(d, LANG_ZH, 1), "那午睡有用吗？ & 多久？");
    assert_string_equal(testload_text(d, LANG_EN, 1), "Do naps help & for how long?");
    assert_int_equal(d->paras[LANG_ZH][1].start_ms, 6500);
    assert_int_equal(d->nspeakers, 2);
    assert_string_equal(d->speakers[0].name, "Prof. Adams");
    assert_string_equal(d->speakers[0].labels[0], "<v Prof. Adams>");
    static const uint32_t markup[] = {1, 2, 7, 8, 10, 11, 15, 18};
    for (size_t i = 0; i < sizeof markup / sizeof *markup; i++)
        assert_int_equal(d->sources[0].role[markup[i] - 1], DOC_LINE_MARKUP);
    testload_accounted(d);
    doc_free(d);
}

/* ASS with both languages per event, split at \N: override blocks and
 * comments {…} go, \h is a space, the Name field names the speaker, a
 * Comment event is a note, section headers, styles and info lines are
 * markup, a credit event is a note, an event with broken times is
 * skipped; a custom Format order (Text last, Actor for Name). */
static const char ass_both[] =
    "[Script Info]\n"                                                       /* 1 */
    "; made by hand\n"                                                      /* 2 */
    "Title: 夜市\n"                                                         /* 3 */
    "ScriptType: v4.00+\n\n"                                                /* 4 */
    "[V4+ Styles]\n"                                                        /* 6 */
    "Format: Name, Fontname, Fontsize\n"                                    /* 7 */
    "Style: Default,Arial,20\n\n"                                           /* 8 */
    "[Events]\n"                                                            /* 10 */
    "Format: Layer, Start, End, Style, Actor, MarginL, MarginR, MarginV, Effect, Text\n" /* 11 */
    "Comment: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,校对一遍\n"           /* 12 */
    "Dialogue: 0,0:00:01.00,0:00:03.50,Default,主持人,0,0,0,,{\\fad(200,200)}欢迎来到夜市。\\N{\\fs14}Welcome to the night market.\n" /* 13 */
    "Dialogue: 0,0:00:03.60,0:00:06.00,Default,厨师,0,0,0,,我炒了二十年面,\\h很累。\\NI have fried noodles for twenty years,\\hit is hard.\n" /* 14 */
    "Dialogue: 0,0:00:06.10,0:00:09.00,Default,主持人,0,0,0,,{a note}最难的是什么？\\nWhat is the hardest part?\n" /* 15 */
    "Dialogue: 0,0:00:09.xx,0:00:10.00,Default,,0,0,0,,坏的时间\\NBroken time\n" /* 16 */
    "Dialogue: 0,0:00:10.00,0:00:12.00,Default,,0,0,0,,字幕：夜市字幕组\\NSubtitles by the Night Market team\n"; /* 17 */

/* The same with one event per language, styles CN and EN, the same
 * times; a sound event in English only. */
static const char ass_styles[] =
    "[Script Info]\nScriptType: v4.00+\n\n"                                 /* 1, 2 */
    "[Events]\n"                                                            /* 4 */
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" /* 5 */
    "Dialogue: 0,0:00:02.00,0:00:05.00,CN,,0,0,0,,这座桥建了六年。\n"        /* 6 */
    "Dialogue: 0,0:00:02.00,0:00:05.00,EN,,0,0,0,,This bridge took six years to build.\n" /* 7 */
    "Dialogue: 1,0:00:05.10,0:00:06.00,EN,,0,0,0,,[wind]\n"                 /* 8 */
    "Dialogue: 0,0:00:06.20,0:00:09.00,CN,,0,0,0,,最难的是{\\i1}冬天{\\i0}。\n" /* 9 */
    "Dialogue: 0,0:00:06.20,0:00:09.00,EN,,0,0,0,,The hardest part was {\\i1}winter{\\i0}.\n"; /* 10 */

static void test_ass(void **state)
{
    (void)state;
    doc *d = testload_one(ass_both, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "ass");
    /* one event holds both languages: its segment is that line on both sides */
    assert_string_equal(testload_segments(d), "13/13 14/14 15/15");
    assert_string_equal(testload_text(d, LANG_ZH, 0), "欢迎来到夜市。");
    assert_string_equal(testload_text(d, LANG_EN, 0), "Welcome to the night market.");
    assert_string_equal(testload_text(d, LANG_ZH, 1), "我炒了二十年面, 很累。");
    assert_string_equal(testload_text(d, LANG_EN, 2), "What is the hardest part?");
    assert_int_equal(d->paras[LANG_ZH][1].start_ms, 3600);
    assert_int_equal(d->paras[LANG_EN][2].end_ms, 9000);
    assert_int_equal(d->nspeakers, 2);
    assert_string_equal(d->speakers[d->segments[0].speaker].name, "主持人");
    assert_string_equal(d->speakers[d->segments[1].speaker].name, "厨师");
    assert_string_equal(testload_notes(d), "intro:12 skipped:16 noise:17");
    static const uint32_t markup[] = {1, 2, 3, 4, 6, 7, 8, 10, 11};
    for (size_t i = 0; i < sizeof markup / sizeof *markup; i++)
        assert_int_equal(d->sources[0].role[markup[i] - 1], DOC_LINE_MARKUP);
    assert_non_null(strstr(d->evidence, "4 Dialogue events in an ASS/SSA script"));
    testload_accounted(d);
    doc_free(d);

    d = testload_one(ass_styles, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "ass");
    assert_string_equal(testload_segments(d), "6/7 9/10");
    assert_string_equal(testload_notes(d), "aside:8");
    assert_string_equal(testload_text(d, LANG_EN, 1), "The hardest part was winter.");
    testload_accounted(d);
    doc_free(d);
}

/* Times reach the exports: per paragraph and per side in JSON, the start
 * in the Markdown heading. */
static void test_subtitle_times_exported(void **state)
{
    (void)state;
    doc *d = testload_one(bilingual, NULL, ST_OK, NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(export_json(d, f), ST_OK);
    fclose(f);
    assert_non_null(strstr(buf, "\"start_ms\":1200,\"end_ms\":4000"));
    assert_non_null(strstr(buf, "\"times\":[1200,4000]"));
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(export_md(d, f), ST_OK);
    fclose(f);
    assert_non_null(strstr(buf, "## 5. 主持人 / Host `0:00:18`"));
    free(buf);
    doc_free(d);
}

/* Bad input: text outside cues in the middle, overlapping cues, a file of
 * broken cues only, and a subtitle layout forced on plain text. */
static void test_subtitle_bad_input(void **state)
{
    (void)state;
    static const char stray[] =
        "1\n00:00:01,000 --> 00:00:02,000\n你好。\nHello.\n\n"  /* 1-4 */
        "a stray line\n\n"                                       /* 6 */
        "2\n00:00:01,500 --> 00:00:03,000\n再见。\nBye.\n";      /* 8-11: overlaps cue 1 */
    doc *d = testload_one(stray, NULL, ST_OK, NULL);
    assert_string_equal(testload_segments(d), "3/4 10/11");
    assert_string_equal(testload_notes(d), "skipped:6");
    assert_non_null(strstr(d->evidence, "1 cues start before the one before them ends"));
    testload_accounted(d);
    doc_free(d);
    format_report r;
    testload_one("1\n00:00:01,000 -> 00:00:02,000\n你好\nHello\n", "srt", ST_BAD_FORMAT, &r);
    assert_non_null(strstr(r.why, "no cue with a time line that reads"));
    testload_one("只是一段文字。\nJust text.\n", "srt", ST_BAD_FORMAT, &r);
    assert_non_null(strstr(r.why, "no subtitle cues"));
    testload_one(bilingual, "vtt", ST_BAD_FORMAT, &r);
    assert_string_equal(r.why, "no WEBVTT header line");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_srt_bilingual),
        cmocka_unit_test(test_srt_duplicated_cues),
        cmocka_unit_test(test_srt_translator_notes),
        cmocka_unit_test(test_srt_two_files),
        cmocka_unit_test(test_vtt),
        cmocka_unit_test(test_ass),
        cmocka_unit_test(test_subtitle_times_exported),
        cmocka_unit_test(test_subtitle_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
