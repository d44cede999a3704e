/* sectioned: reading the all-of-one-language-then-the-other layout —
 * paragraphs, speakers, notes and the role of every line — from small
 * transcripts in the shapes people publish. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <glob.h>

#include "export.h"
#include "format.h"
#include "input.h"
#include "testload.h"

static doc *load(const char *text)
{
    const char *names[1] = {"t.txt"};
    const char *bytes[1] = {text};
    size_t lens[1] = {strlen(text)};
    doc *d = NULL;
    format_report r;
    status st = format_load_bytes(names, bytes, lens, 1, NULL, &d, &r);
    if (st != ST_OK)
        print_error("load: %s (%s)\n", status_message(st), r.why);
    assert_int_equal(st, ST_OK);
    assert_string_equal(d->layout, "sectioned");
    return d;
}

/* "line:speaker[/label_line]" per paragraph of one language, space-separated;
 * a paragraph of several lines shows first-last. */
static const char *units(const doc *d, lang_id l)
{
    static char buf[2048];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->nparas[l]; i++) {
        const doc_para *p = &d->paras[l][i];
        const char *sp = p->speaker >= 0 ? d->speakers[p->speaker].name : "?";
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%u", n ? " " : "", p->first_line);
        if (p->last_line != p->first_line)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "-%u", p->last_line);
        n += (size_t)snprintf(buf + n, sizeof buf - n, ":%s", sp);
        if (p->label_line)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "/%u", p->label_line);
    }
    return buf;
}

/* "kind:first-last" per note. */
static const char *notes(const doc *d)
{
    static char buf[1024];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->nnotes; i++) {
        const doc_note *x = &d->notes[i];
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s:%u", n ? " " : "",
                              doc_note_kind_name(x->kind), x->first_line);
        if (x->last_line != x->first_line)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "-%u", x->last_line);
    }
    return buf;
}

/* Every non-blank line has a role; returns the roles as one letter each
 * (t text, l label, n note, . blank). */
static const char *roles(const doc *d)
{
    static char buf[512];
    const doc_source *s = &d->sources[0];
    size_t i;
    for (i = 0; i < s->text.nlines && i + 1 < sizeof buf; i++) {
        assert_int_not_equal(s->role[i], DOC_LINE_UNACCOUNTED);
        buf[i] = ".tlnm?"[s->role[i]];
    }
    buf[i] = '\0';
    return buf;
}

static const char *para_text(const doc *d, lang_id l, size_t i)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)d->paras[l][i].len, d->paras[l][i].text);
    return buf;
}

/* The seed's shape, in a few lines: a Chinese intro, a marker, labels alone
 * on their lines, an unlabelled continuation, a label-looking stray line, the
 * English section with one label spaced before its colon, a Chinese footer. */
static const char seedlike[] =
    "今天的对话围绕人工智能展开，嘉宾分享了他对行业的看法。\n"          /* 1 intro */
    "以下是对话的翻译及原文：\n"                                        /* 2 marker */
    "主持人:\n"                                                         /* 3 */
    "你怎么看AI的未来?\n"                                               /* 4 */
    "蔡崇信:\n"                                                         /* 5 */
    "我认为AI会改变一切。\n"                                            /* 6 */
    "第二,云计算也很重要。\n"                                           /* 7 continuation */
    "系列其他文章:\n"                                                   /* 8 noise */
    "主持人:\n"                                                         /* 9 */
    "How do you see the future of AI?\n"                                /* 10 */
    "蔡崇信 :\n"                                                        /* 11 */
    "I think AI will change everything.\n"                              /* 12 */
    "蔡崇信:\n"                                                         /* 13 */
    "Second, cloud computing matters a lot.\n"                          /* 14 */
    "我们关注最新的科技动态，欢迎关注。\n";                             /* 15 footer */

static void test_sectioned_seed_shape(void **state)
{
    (void)state;
    doc *d = load(seedlike);
    assert_string_equal(units(d, LANG_ZH), "4:主持人/3 6:蔡崇信/5 7:蔡崇信");
    assert_string_equal(units(d, LANG_EN), "10:主持人/9 12:蔡崇信/11 14:蔡崇信/13");
    assert_string_equal(notes(d), "intro:1 marker:2 noise:8 footer:15");
    assert_string_equal(roles(d), "nnltlttnltltltn");
    /* the spaced label is a variant of the same speaker */
    assert_int_equal(d->nspeakers, 2);
    const doc_speaker *tsai = &d->speakers[1];
    assert_string_equal(tsai->name, "蔡崇信");
    assert_int_equal(tsai->nlabels, 2);
    assert_string_equal(tsai->labels[0], "蔡崇信:");
    assert_string_equal(tsai->labels[1], "蔡崇信 :");
    /* the footer is not glued to the last English turn */
    assert_string_equal(para_text(d, LANG_EN, 2), "Second, cloud computing matters a lot.");
    doc_free(d);
}

/* Where every speaker is labelled alone on a line, a one-off "Word："
 * starting a paragraph is part of the turn, not a new speaker. */
static void test_sectioned_stray_inline_label(void **state)
{
    (void)state;
    doc *d = load("主持人：\n"                                       /* 1 */
                  "阿里巴巴如何参与AI？\n"
                  "蔡崇信：\n"                                       /* 3 */
                  "我们从三个方面参与。\n"
                  "第二点：我们经营着云计算业务。\n"                   /* 5 */
                  "第三点：AI在电商中的应用。\n"                       /* 6 */
                  "主持人：\n"
                  "谢谢。\n"
                  "蔡崇信：\n"
                  "不客气。\n"
                  "Host:\n"                                          /* 11 */
                  "How is Alibaba involved in AI?\n"
                  "Joe Tsai:\n"
                  "We are involved in three ways.\n"
                  "Number two: we have a cloud computing business.\n"
                  "Third: AI applied to e-commerce.\n"                 /* 16 */
                  "Host:\n"
                  "Thank you.\n"
                  "Joe Tsai:\n"
                  "You are welcome.\n");
    assert_string_equal(units(d, LANG_ZH), "2:主持人 / Host/1 4:蔡崇信 / Joe Tsai/3 5:蔡崇信 / Joe Tsai "
                                           "6:蔡崇信 / Joe Tsai 8:主持人 / Host/7 10:蔡崇信 / Joe Tsai/9");
    assert_string_equal(units(d, LANG_EN), "12:主持人 / Host/11 14:蔡崇信 / Joe Tsai/13 15:蔡崇信 / Joe Tsai "
                                           "16:蔡崇信 / Joe Tsai 18:主持人 / Host/17 20:蔡崇信 / Joe Tsai/19");
    assert_string_equal(para_text(d, LANG_ZH, 2), "第二点：我们经营着云计算业务。");
    assert_int_equal(d->nspeakers, 2);
    assert_string_equal(roles(d), "ltltttltlt" "ltltttltlt");
    doc_free(d);
}

/* A label alone owns the line after it even when that line opens with a
 * "Word：" of its own (最后一个问题：…): the word is text, the label is not
 * noise, and the speakers still pair across the languages. A sentence with
 * a colon in it ("We said: yes") is text too. */
static void test_sectioned_word_colon_after_label_alone(void **state)
{
    (void)state;
    doc *d = load("记者：\n"                                         /* 1 */
                  "欢迎收看本期访谈。\n"
                  "教授：\n"                                         /* 3 */
                  "谢谢，很高兴来。\n"
                  "记者：\n"                                         /* 5 */
                  "最后一个问题：你对学生有什么建议？\n"               /* 6 */
                  "教授：\n"
                  "多读书。\n"
                  "Reporter:\n"                                      /* 9 */
                  "Welcome to this interview.\n"
                  "Professor:\n"                                     /* 11 */
                  "Thanks, glad to be here. We said: yes.\n"
                  "Reporter:\n"                                      /* 13 */
                  "Final Question: what advice do you have for students?\n"
                  "Professor:\n"
                  "Read more.\n");
    assert_string_equal(units(d, LANG_ZH), "2:记者 / Reporter/1 4:教授 / Professor/3 "
                                           "6:记者 / Reporter/5 8:教授 / Professor/7");
    assert_string_equal(units(d, LANG_EN), "10:记者 / Reporter/9 12:教授 / Professor/11 "
                                           "14:记者 / Reporter/13 16:教授 / Professor/15");
    assert_string_equal(para_text(d, LANG_ZH, 2), "最后一个问题：你对学生有什么建议？");
    assert_string_equal(para_text(d, LANG_EN, 2),
                        "Final Question: what advice do you have for students?");
    assert_string_equal(notes(d), "");
    assert_string_equal(roles(d), "ltltltlt" "ltltltlt");
    assert_int_equal(d->nspeakers, 2);
    assert_int_equal(d->nsegments, 4);
    for (size_t k = 0; k < d->nsegments; k++)
        assert_int_equal(d->segments[k].speaker, (int)(k % 2));
    doc_free(d);
}

/* English first, full-width colons, inline labels, blank lines between
 * paragraphs, a marker before the Chinese section, no intro or footer. */
static void test_sectioned_english_first_inline(void **state)
{
    (void)state;
    doc *d = load("Host: Welcome to the show.\n"              /* 1 */
                  "\n"
                  "Li Wei: Thank you for having me.\n"        /* 3 */
                  "\n"
                  "It is a pleasure to be here.\n"            /* 5 continuation */
                  "\n"
                  "Chinese translation:\n"                    /* 7 marker */
                  "\n"
                  "主持人：欢迎来到节目。\n"                    /* 9 */
                  "\n"
                  "李伟：谢谢邀请。很高兴来到这里。\n");        /* 11 */
    assert_string_equal(units(d, LANG_EN), "1:主持人 / Host/1 3:李伟 / Li Wei/3 5:李伟 / Li Wei");
    assert_string_equal(units(d, LANG_ZH), "9:主持人 / Host/9 11:李伟 / Li Wei/11");
    assert_string_equal(notes(d), "marker:7");
    assert_string_equal(roles(d), "t.t.t.n.t.t");
    assert_string_equal(para_text(d, LANG_ZH, 0), "欢迎来到节目。");
    doc_free(d);
}

/* Labels alone on their lines with a time after the name (a transcript
 * exported by a speech-to-text service, its translation after it): the
 * time is the paragraph's, the name the speaker's. */
static void test_sectioned_timed_labels(void **state)
{
    (void)state;
    doc *d = load("Speaker 1  0:04\n"                          /* 1 */
                  "Welcome back to the lab's open day.\n"      /* 2 */
                  "Speaker 2  0:31\n"                          /* 3 */
                  "Thank you for having us here.\n"            /* 4 */
                  "\n"
                  "Speaker 1  0:04\n"                          /* 6 */
                  "欢迎再次来到实验室开放日。\n"               /* 7 */
                  "Speaker 2  0:31\n"                          /* 8 */
                  "谢谢你们邀请我们来。\n");                   /* 9 */
    assert_string_equal(d->layout, "sectioned");
    assert_string_equal(units(d, LANG_EN), "2:Speaker 1/1 4:Speaker 2/3");
    assert_int_equal(d->paras[LANG_EN][1].start_ms, 31000);
    assert_int_equal(d->paras[LANG_ZH][0].start_ms, 4000);
    assert_int_equal(d->paras[LANG_ZH][0].end_ms, 31000);
    doc_free(d);
}

/* A translator's note inside the Chinese section and an English "Note:"
 * are annotations, never speakers nor paragraphs: the turns pair one to
 * one around them, and an editor's note heading the document is its intro. */
static void test_sectioned_annotations(void **state)
{
    (void)state;
    doc *d = load("编者按：本文根据录音整理。\n"                   /* 1 intro */
                  "主持人：你怎么看待这次展览？\n"                 /* 2 */
                  "林岚：它让我想起童年的渡口。\n"                 /* 3 */
                  "译者注：渡口指的是旧城区的码头。\n"             /* 4 annotation */
                  "主持人：最后一个问题。\n"                       /* 5 */
                  "林岚：请讲。\n"                                 /* 6 */
                  "\n"
                  "Host: What do you make of the exhibition?\n"    /* 8 */
                  "Lin Lan: It reminds me of the ferry of my childhood.\n" /* 9 */
                  "Host: One last question.\n"                     /* 10 */
                  "Note: the recording breaks off here briefly.\n" /* 11 annotation */
                  "Lin Lan: Go ahead.\n");                         /* 12 */
    assert_string_equal(d->layout, "sectioned");
    assert_string_equal(units(d, LANG_ZH), "2:主持人 / Host/2 3:林岚 / Lin Lan/3 5:主持人 / Host/5 "
                                           "6:林岚 / Lin Lan/6");
    assert_string_equal(units(d, LANG_EN), "8:主持人 / Host/8 9:林岚 / Lin Lan/9 10:主持人 / Host/10 "
                                           "12:林岚 / Lin Lan/12");
    assert_string_equal(notes(d), "intro:1 annotation:4 annotation:11");
    assert_int_equal(d->nspeakers, 2); /* 译者注 and Note are nobody */
    assert_int_equal(d->nsegments, 4);
    for (size_t k = 0; k < d->nsegments; k++)
        assert_int_equal(d->segments[k].count[LANG_ZH] * 10 + d->segments[k].count[LANG_EN], 11);
    /* each note is shown after the paragraph it follows */
    assert_int_equal(d->notes[1].position, 2);
    assert_int_equal(d->notes[2].position, 3);
    roles(d);
    doc_free(d);
}

/* Hard-wrapped paragraphs separated by blank lines: Latin lines join with a
 * space, CJK lines with nothing. */
static void test_sectioned_hard_wrapped(void **state)
{
    (void)state;
    doc *d = load("Q:\n"                                                        /* 1 */
                  "What did the company change in its structure this year, and\n"
                  "why did it matter so much to the people who work there?\n"
                  "\n"
                  "A:\n"                                                        /* 5 */
                  "We split the group into six business units, each with its\n"
                  "own chief executive and its own board, so that decisions are\n"
                  "made faster and closer to the customers.\n"
                  "\n"
                  "That was the biggest change in our history.\n"              /* 10 */
                  "\n"
                  "问：\n"                                                       /* 12 */
                  "公司今年在组织结构上做了什么调整，为什么这对在\n"
                  "这里工作的人如此重要？\n"
                  "\n"
                  "答：\n"                                                       /* 16 */
                  "我们把集团拆分为六个业务单元，每个单元都有自己\n"
                  "的首席执行官和董事会，这样决策更快，也更贴近客\n"
                  "户。\n"
                  "\n"
                  "这是我们历史上最大的变化。\n");                               /* 21 */
    assert_string_equal(units(d, LANG_EN), "2-3:问 / Q/1 6-8:答 / A/5 10:答 / A");
    assert_string_equal(units(d, LANG_ZH), "13-14:问 / Q/12 17-19:答 / A/16 21:答 / A");
    assert_string_equal(para_text(d, LANG_EN, 0),
                        "What did the company change in its structure this year, and "
                        "why did it matter so much to the people who work there?");
    assert_string_equal(para_text(d, LANG_ZH, 1),
                        "我们把集团拆分为六个业务单元，每个单元都有自己的首席执行官和董事会，"
                        "这样决策更快，也更贴近客户。");
    assert_string_equal(roles(d), "ltt.lttt.t.ltt.lttt.t");
    doc_free(d);
}

/* Hard-wrapped without blank lines: a line that falls short of the wrap
 * width ends its paragraph (the rest of the lines tell the width). */
static void test_sectioned_wrapped_no_blank_lines(void **state)
{
    (void)state;
    doc *d = load("Host:\n"                                                          /* 1 */
                  "Thank you for joining us today. Let us start with the question\n"
                  "that everyone in this room is asking about the economy.\n"
                  "Guest:\n"                                                         /* 4 */
                  "The economy is growing more slowly than it did ten years ago,\n"
                  "but it is still growing.\n"
                  "Consumers are more careful with their money than they were.\n"
                  "主持人：\n"                                                        /* 8 */
                  "感谢各位今天的参与。我们先从在座每个人都关心的经济\n"
                  "问题开始。\n"
                  "嘉宾：\n"                                                          /* 11 */
                  "经济增长比十年前慢，但仍在增长。\n"
                  "消费者花钱比过去更谨慎。\n");                                     /* 13 */
    assert_string_equal(units(d, LANG_EN), "2-3:主持人 / Host/1 5-6:嘉宾 / Guest/4 7:嘉宾 / Guest");
    assert_string_equal(units(d, LANG_ZH), "9-10:主持人 / Host/8 12:嘉宾 / Guest/11 13:嘉宾 / Guest");
    doc_free(d);
}

/* Without blank lines, a fairly long line that ends a sentence ends its
 * paragraph, while a line filled to the width goes on even after a full
 * stop (a greedy wrapper fills all lines but the last). */
static void test_sectioned_wrapped_sentence_ends(void **state)
{
    (void)state;
    doc *d = load("Host:\n"                                                           /* 1 */
                  "Dr. Osei, the R21 vaccine was recommended by the WHO last year.\n" /* 63: full */
                  "What difference has it made on the ground so far?\n"
                  "Guest:\n"                                                          /* 4 */
                  "It is still early, but the first numbers are encouraging. In the\n"
                  "districts where we started in 2024, hospital admissions for severe\n"
                  "malaria among young children fell by roughly a third.\n"           /* 53: ends */
                  "What matters just as much is the price. R21 costs under four\n"
                  "dollars a dose, and it can be made in large volumes, which was\n"
                  "never true of the first vaccine.\n"
                  "主持人：\n"                                                         /* 11 */
                  "奥塞博士，R21疫苗去年获得了世卫组织的推荐。到目前为止，它在实地带来了\n"
                  "什么变化？\n"
                  "嘉宾：\n"                                                           /* 14 */
                  "现在还为时尚早，但最初的数字令人鼓舞。在我们率先启动的地区，幼儿因重症\n"
                  "疟疾住院的人数下降了大约三分之一。\n"
                  "同样重要的是价格。R21每剂不到4美元，而且可以大规模生产。\n");
    assert_string_equal(units(d, LANG_EN), "2-3:主持人 / Host/1 5-7:嘉宾 / Guest/4 8-10:嘉宾 / Guest");
    assert_string_equal(units(d, LANG_ZH), "12-13:主持人 / Host/11 15-16:嘉宾 / Guest/14 17:嘉宾 / Guest");
    doc_free(d);
}

/* In a hard-wrapped paragraph a line may start with "Word:" — that is not
 * a speaker when the word is never used as a label again. */
static void test_sectioned_wrapped_line_starting_like_a_label(void **state)
{
    (void)state;
    doc *d = load("Host:\n"                                                             /* 1 */
                  "Where do things stand now with cycling in the big cities of China\n"
                  "and of Europe, ten years after the first shared bikes appeared?\n"
                  "\n"
                  "Guest:\n"                                                            /* 5 */
                  "Things have changed enormously in the last decade. Take the capital\n"
                  "Beijing: in 2014 cycling made up about 12% of all trips in the city,\n"
                  "and last year it was back to nearly 17%, which is a real change.\n"
                  "\n"
                  "主持人：\n"                                                           /* 10 */
                  "现在中国和欧洲的大城市里，骑自行车的情况怎么样了？\n"
                  "\n"
                  "嘉宾：\n"                                                             /* 13 */
                  "过去十年变化非常大。以北京为例，2014年自行车出行的比例大约是\n"
                  "12%，去年已经回升到接近17%。\n");
    assert_string_equal(units(d, LANG_EN), "2-3:主持人 / Host/1 6-8:嘉宾 / Guest/5");
    assert_string_equal(units(d, LANG_ZH), "11:主持人 / Host/10 14-15:嘉宾 / Guest/13");
    assert_int_equal(d->nspeakers, 2);
    assert_string_equal(roles(d), "ltt.lttt.lt.ltt");
    doc_free(d);
}

/* Every transcript of the corpus, the sample and the seed: every line is
 * accounted for exactly once (the accounting --check prints). */
static void test_sectioned_corpus_accounting(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("tests/corpus/*.txt", 0, NULL, &g), 0);
    assert_int_equal(glob("samples/*.txt", GLOB_APPEND, NULL, &g), 0);
    if (testload_shared("../shared/corpus/seed-sectioned-zh-en.txt",
                        "the published seed's line accounting"))
        glob("../shared/corpus/*.txt", GLOB_APPEND, NULL, &g);
    assert_true(g.gl_pathc >= 6);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *paths[1] = {g.gl_pathv[i]};
        doc *d = NULL;
        format_report r;
        status st = format_load(paths, 1, NULL, INPUT_DEFAULT_LIMIT, &d, &r);
        if (st != ST_OK)
            print_error("%s: %s\n", paths[0], status_message(st));
        assert_int_equal(st, ST_OK);
        export_accounting acc;
        assert_int_equal(export_account(d, 0, &acc, stderr), ST_OK);
        assert_int_equal(acc.problems, 0);
        assert_int_equal(acc.roles[DOC_LINE_UNACCOUNTED], 0);
        assert_int_equal(acc.lines, d->sources[0].text.nlines);
        doc_free(d);
    }
    globfree(&g);
}

/* A heading with a one-off label (嘉宾：…) is intro, not a speaker; the
 * first recurring speaker opens the conversation. */
/* Reporters who each ask once, the first before the minister answers:
 * turns, while the title above them stays the intro. */
static void test_sectioned_one_time_speakers(void **state)
{
    (void)state;
    doc *d = load("部长记者会实录\n"                                      /* 1 intro */
                  "路透社记者：请问今年的出口目标是多少？\n"              /* 2 */
                  "周部长：我们预计出口增长百分之四左右。\n"              /* 3 */
                  "新华社记者：对中小企业有什么新的支持？\n"              /* 4 */
                  "周部长：我们会降低它们的贷款成本。\n"                  /* 5 */
                  "\n"
                  "Reuters: What is this year's export target?\n"        /* 7 */
                  "Minister Zhou: We expect exports to grow by about four percent.\n"
                  "Xinhua: What new support is there for small firms?\n"
                  "Minister Zhou: We will lower their borrowing costs.\n");
    assert_string_equal(notes(d), "intro:1");
    assert_string_equal(units(d, LANG_EN), "7:路透社记者 / Reuters/7 8:周部长 / Minister Zhou/8 "
                                           "9:新华社记者 / Xinhua/9 10:周部长 / Minister Zhou/10");
    assert_int_equal(d->nsegments, 4);
    doc_free(d);
}

static void test_sectioned_intro_with_metadata_label(void **state)
{
    (void)state;
    doc *d = load("嘉宾：王芳，清华大学教授\n"        /* 1 intro */
                  "时间：2024年3月\n"                  /* 2 intro */
                  "记者：你最近在研究什么？\n"         /* 3 */
                  "王芳：我在研究大型语言模型。\n"     /* 4 */
                  "记者：有什么发现？\n"               /* 5 */
                  "王芳：它们学得很快。\n"             /* 6 */
                  "Reporter: What are you working on lately?\n"
                  "Wang Fang: I am studying large language models.\n"
                  "Reporter: What have you found?\n"
                  "Wang Fang: They learn very fast.\n");
    assert_string_equal(notes(d), "intro:1-2");
    assert_string_equal(units(d, LANG_ZH),
                        "3:记者 / Reporter/3 4:王芳 / Wang Fang/4 5:记者 / Reporter/5 6:王芳 / Wang Fang/6");
    assert_int_equal(d->nspeakers, 2);
    doc_free(d);
}

/* Only one language: it still opens, in one section, with no footer taken. */
static void test_sectioned_one_language(void **state)
{
    (void)state;
    doc *d = load("Host: Hello.\nGuest: Hi there.\nHost: Bye.\n");
    assert_int_equal(d->nparas[LANG_EN], 3);
    assert_int_equal(d->nparas[LANG_ZH], 0);
    assert_int_equal(d->nnotes, 0);
    doc_free(d);
}

/* One language with a publisher's line in the other at the end: that line
 * is a footer, not a second section. */
static void test_sectioned_one_language_with_footer(void **state)
{
    (void)state;
    doc *d = load("Host: Welcome back to the programme.\n"
                  "Guest: Thank you, it is good to be here again.\n"
                  "Host: Let us start with the economy.\n"
                  "Guest: It is growing, slowly but steadily.\n"
                  "Host: And prices?\n"
                  "Guest: They are stable for now.\n"
                  "本文由科技对话栏目整理，转载请注明出处。\n");
    assert_int_equal(d->nparas[LANG_EN], 6);
    assert_int_equal(d->nparas[LANG_ZH], 0);
    assert_string_equal(notes(d), "footer:7");
    doc_free(d);
}

/* Probe: a sectioned file scores high, an interleaved one low. */
static void test_sectioned_probe(void **state)
{
    (void)state;
    const format *f = format_find("sectioned");
    assert_non_null(f);
    char ev[FORMAT_EVIDENCE_MAX];
    doc *d = doc_new();
    assert_int_equal(doc_add_source(d, "s", seedlike, strlen(seedlike)), ST_OK);
    int sectioned = f->probe(d, NULL, ev);
    assert_non_null(strstr(ev, "sections: zh, then en from line 9"));
    assert_non_null(strstr(ev, "language runs: zh 4, en 3, zh 1"));
    doc_free(d);
    const char inter[] = "主持人：你好。\nHost: Hello.\n嘉宾：你好。\nGuest: Hello.\n"
                         "主持人：再见。\nHost: Goodbye.\n嘉宾：再见。\nGuest: Goodbye.\n";
    d = doc_new();
    assert_int_equal(doc_add_source(d, "i", inter, strlen(inter)), ST_OK);
    int interleaved = f->probe(d, NULL, ev);
    doc_free(d);
    /* the evidence shows the alternation */
    assert_non_null(strstr(ev, "language runs: zh 1, en 1, zh 1, en 1, zh 1, en 1, …"));
    assert_true(sectioned >= 70);
    assert_true(interleaved <= 30);
}

static void test_sectioned_not_a_transcript(void **state)
{
    (void)state;
    const char *names[1] = {"n.txt"};
    const char *bytes[1] = {"12345\n-----\n2024\n"};
    size_t lens[1] = {strlen(bytes[0])};
    doc *d = NULL;
    format_report r;
    assert_int_equal(format_load_bytes(names, bytes, lens, 1, NULL, &d, &r), ST_NOT_TRANSCRIPT);
    assert_null(d);
    assert_string_equal(r.failed_path, "n.txt");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sectioned_seed_shape),
        cmocka_unit_test(test_sectioned_stray_inline_label),
        cmocka_unit_test(test_sectioned_word_colon_after_label_alone),
        cmocka_unit_test(test_sectioned_english_first_inline),
        cmocka_unit_test(test_sectioned_timed_labels),
        cmocka_unit_test(test_sectioned_annotations),
        cmocka_unit_test(test_sectioned_hard_wrapped),
        cmocka_unit_test(test_sectioned_wrapped_no_blank_lines),
        cmocka_unit_test(test_sectioned_wrapped_sentence_ends),
        cmocka_unit_test(test_sectioned_wrapped_line_starting_like_a_label),
        cmocka_unit_test(test_sectioned_one_time_speakers),
        cmocka_unit_test(test_sectioned_intro_with_metadata_label),
        cmocka_unit_test(test_sectioned_corpus_accounting),
        cmocka_unit_test(test_sectioned_one_language),
        cmocka_unit_test(test_sectioned_one_language_with_footer),
        cmocka_unit_test(test_sectioned_probe),
        cmocka_unit_test(test_sectioned_not_a_transcript),
    };
    return cmocka_run_group_tests_name("sectioned", tests, NULL, NULL);
}
