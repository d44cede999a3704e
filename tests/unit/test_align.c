/* Tests of align.h: the bundled sample (and the published seed, when
 * ../shared is beside the repository) against its answer key, transcripts
 * written for these tests with their answers (bead shapes from the
 * meaning), speaker handling, the band, confidences, and invariants on
 * random input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "align.h"
#include "doc.h"
#include "format.h"
#include "testload.h"

/* A transcript with an answer key in the line-numbered form (zh_units,
 * en_units, segments_zh_lines_to_en_lines). */
typedef struct keyed {
    const char *text, *key;
    const char *what; /* names it in the SKIP line of a file of ../shared */
    bool shared;      /* under ../shared: absent from a clone */
} keyed;

static const keyed keyed_sample = {"samples/sectioned-interview.txt",
                                   "tests/corpus/sectioned-interview.key.json", "the sample", false};
static const keyed keyed_seed = {"../shared/corpus/seed-sectioned-zh-en.txt",
                                 "../shared/corpus/seed-sectioned-zh-en.gold.json",
                                 "the published seed", true};

/* ---- support ------------------------------------------------------------- */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[len] = '\0';
        *n = (size_t)len;
    }
    return buf;
}

/* Line k (1-based) of buf: start and length, without the line end. */
static const char *line_of(const char *buf, int k, size_t *len)
{
    const char *p = buf;
    for (int i = 1; i < k && p; i++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    assert_non_null(p);
    const char *end = strchr(p, '\n');
    *len = end ? (size_t)(end - p) : strlen(p);
    return p;
}

/* A shape string: "1-1 2-2 0-1" — the bead shapes in order. */
static void shape_of(const align_result *r, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t k = 0; k < r->nbeads && n + 8 < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, "%s%u-%u", k ? " " : "",
                              r->beads[k].count[LANG_ZH], r->beads[k].count[LANG_EN]);
}

/* ---- transcripts against their answer keys ------------------------------- */

typedef struct gold_unit {
    int line;
    char speaker[64];
} gold_unit;

typedef struct gold {
    gold_unit zh[64], en[64];
    int nzh, nen;
    int seg_lines[32][2][8]; /* per segment, per language: lines, 0-terminated */
    int nseg;
} gold;

/* The units ("line", "speaker") listed between two keys of the key file. */
static int gold_units(const char *from, const char *to, gold_unit *u)
{
    int n = 0;
    for (const char *p = strstr(from, "\"line\":"); p && p < to; p = strstr(p + 1, "\"line\":")) {
        u[n].line = atoi(p + 7);
        const char *s = strstr(p, "\"speaker\":");
        s = strchr(s + 10, '"') + 1;
        size_t len = (size_t)(strchr(s, '"') - s);
        memcpy(u[n].speaker, s, len);
        u[n].speaker[len] = '\0';
        n++;
    }
    return n;
}

/* Reads an answer key: units of both languages and the segments as
 * nested arrays of line numbers. */
static void gold_read(const char *path, gold *g)
{
    size_t n;
    char *json = slurp(path, &n);
    assert_non_null(json);
    memset(g, 0, sizeof *g);
    const char *zh = strstr(json, "\"zh_units\""), *en = strstr(json, "\"en_units\"");
    const char *seg = strstr(json, "\"segments_zh_lines_to_en_lines\"");
    assert_true(zh && en && seg);
    g->nzh = gold_units(zh, en, g->zh);
    g->nen = gold_units(en, seg, g->en);
    int depth = 0, side = -1, count = 0;
    for (const char *p = strchr(seg, '['); p && *p; p++) {
        if (*p == '[') {
            depth++;
            if (depth == 2)
                side = -1;
            if (depth == 3)
                side++, count = 0;
        } else if (*p == ']') {
            if (depth == 2)
                g->nseg++;
            if (--depth == 0)
                break;
        } else if (depth == 3 && *p >= '0' && *p <= '9') {
            g->seg_lines[g->nseg][side][count++] = (int)strtol(p, (char **)&p, 10);
            p--;
        }
    }
    free(json);
}

static int speaker_id(char names[][64], int *n, const char *name)
{
    for (int k = 0; k < *n; k++)
        if (!strcmp(names[k], name))
            return k;
    strcpy(names[*n], name);
    return (*n)++;
}

/* The transcript named by *state, loaded; skips a file of ../shared that
 * is not there, saying what it would have checked. */
static char *keyed_text(void **state, const char *check, gold *g, size_t *n)
{
    const keyed *k = *state;
    char what[160];
    snprintf(what, sizeof what, "%s: %s", k->what, check);
    if (k->shared && !testload_shared(k->text, what))
        skip();
    gold_read(k->key, g);
    char *text = slurp(k->text, n);
    assert_non_null(text);
    return text;
}

/* The paragraphs (the lines the key lists, with its speakers) align exactly
 * as the key says: the sample's 2-1 and 1-2, the seed's 2-2. */
static void test_paragraphs_match_key(void **state)
{
    gold g;
    size_t n;
    char *text = keyed_text(state, "its paragraphs align as its answer key says", &g, &n);
    char names[16][64];
    int nnames = 0;
    align_text zh[64] = {0}, en[64] = {0};
    for (int k = 0; k < g.nzh; k++) {
        zh[k].text = line_of(text, g.zh[k].line, &zh[k].len);
        zh[k].speaker = speaker_id(names, &nnames, g.zh[k].speaker);
    }
    for (int k = 0; k < g.nen; k++) {
        en[k].text = line_of(text, g.en[k].line, &en[k].len);
        en[k].speaker = speaker_id(names, &nnames, g.en[k].speaker);
    }
    align_result r;
    assert_int_equal(align_texts(zh, (size_t)g.nzh, en, (size_t)g.nen, NULL, &r), ST_OK);
    char shape[256];
    shape_of(&r, shape, sizeof shape);
    print_message("%s: %s (c %.2f, k %.2f)\n", ((const keyed *)*state)->text, shape, r.ratio,
                  r.variance);
    assert_int_equal(r.nbeads, (size_t)g.nseg);
    for (int s = 0; s < g.nseg; s++) {
        const doc_segment *b = &r.beads[s];
        for (int l = 0; l < LANG_SIDES; l++) {
            const gold_unit *units = l == LANG_ZH ? g.zh : g.en;
            uint32_t k = 0;
            for (; g.seg_lines[s][l][k]; k++) {
                assert_true(k < b->count[l]);
                assert_int_equal(units[b->first[l] + k].line, g.seg_lines[s][l][k]);
            }
            assert_int_equal(k, b->count[l]);
        }
        assert_true(b->confidence >= 0.0f && b->confidence <= 1.0f);
        print_message("  segment %d: %u-%u confidence %.3f\n", s + 1, b->count[0], b->count[1], b->confidence);
    }
    align_result_free(&r);
    free(text);
}


/* The whole way from the file: the sectioned reader's paragraphs, aligned
 * by format_load, give the key's segments, line for line. */
static void test_pipeline_matches_key(void **state)
{
    gold g;
    size_t n;
    char *text = keyed_text(state, "read from the file, it gives its answer key's segments", &g, &n);
    const char *path = ((const keyed *)*state)->text;
    const char *names[1] = {strrchr(path, '/') + 1};
    const char *bytes[1] = {text};
    doc *d = NULL;
    format_report rep;
    assert_int_equal(format_load_bytes(names, bytes, &n, 1, NULL, &d, &rep), ST_OK);
    assert_int_equal(d->nsegments, (size_t)g.nseg);
    for (int s = 0; s < g.nseg; s++) {
        const doc_segment *seg = &d->segments[s];
        for (int l = 0; l < LANG_SIDES; l++) {
            uint32_t k = 0;
            for (; g.seg_lines[s][l][k]; k++) {
                assert_true(k < seg->count[l]);
                const doc_para *p = doc_segment_para(d, seg, (lang_id)l, k);
                assert_int_equal(p->first_line, g.seg_lines[s][l][k]);
            }
            assert_int_equal(k, seg->count[l]);
        }
        assert_true(seg->confidence >= DOC_WEAK_CONFIDENCE); /* right, and sure of it */
    }
    doc_free(d);
    free(text);
}

/* ---- transcripts written for these tests, with their answers --------------
 *
 * Each case is a conversation in both languages; its answer is the bead
 * shapes in order ("1-2": one Chinese paragraph says what two English ones
 * do), decided from the meaning when the case was written. A speaker is
 * "zh-name|en-name" when the two languages label them differently. */

typedef struct tpara {
    const char *speaker; /* NULL: unknown */
    const char *text;
} tpara;

typedef struct tcase {
    const char *name;
    const tpara *zh, *en;
    const char *shapes;
    const char *merged[4]; /* speaker names expected after merging */
} tcase;

/* A podcast: Host/主持人 and Wang Fang/王芳 (different labels, so the two
 * names must be learned and merged); a Chinese paragraph that joins two
 * English ones (1-2), a laugh on both sides (1-1), a laugh in the Chinese
 * only (1-0), numbers and a Latin name as anchors. */
static const tpara podcast_zh[] = {
    {"主持人", "欢迎回到节目。今天的嘉宾是王芳,她在2015年于深圳创办了一家小型机器人公司。感谢你的到来。"},
    {"王芳", "谢谢邀请,很高兴来到这里。"},
    {"主持人", "我们从头说起吧。为什么是机器人?"},
    {"王芳", "说实话,这完全是个意外。我当时在一家生产手机壳的工厂工作,看着三十个人一整天重复同一个动作。我心想,这种活应该让机器来干。于是我辞了职,向父母借了钱,在大学附近租了一个小房间。"},
    {"王芳", "(笑)"},
    {"主持人", "你父母能接受吗?"},
    {"王芳", "完全不能。我妈妈有三个月没跟我说话。"},
    {"王芳", "(笑)"},
    {"主持人", "公司现在有多大规模?"},
    {"王芳", "我们大约有120名员工。去年收入增长了30%,主要来自对欧洲的出口。"},
    {"王芳", "但增长不是重点。重点是我们的机械臂足够便宜,一个只有十名工人的车间也买得起。"},
    {"主持人", "下一步是什么?"},
    {"王芳", "我们正在和ModelScope合作开发视觉方面的开放模型,这样机械臂不用重新编程就能识别新的零件。"},
    {"主持人", "王芳,谢谢你。"},
    {NULL, NULL},
};
static const tpara podcast_en[] = {
    {"Host", "Welcome back to the show. Today my guest is Wang Fang, who founded a small robotics company in Shenzhen in 2015. Thanks for coming."},
    {"Wang Fang", "Thank you for having me. It's a pleasure to be here."},
    {"Host", "Let's start at the beginning. Why robots?"},
    {"Wang Fang", "Honestly, it was an accident. I was working at a factory that made phone cases, and I watched thirty people doing the same motion all day long. I thought, a machine should be doing this."},
    {"Wang Fang", "So I quit, borrowed money from my parents, and rented a tiny room near the university."},
    {"Wang Fang", "[laughter]"},
    {"Host", "And your parents were fine with that?"},
    {"Wang Fang", "Not at all. My mother didn't speak to me for three months."},
    {"Host", "How big is the company now?"},
    {"Wang Fang", "We have about 120 employees. Last year revenue grew 30%, mostly from exports to Europe."},
    {"Wang Fang", "But growth is not the point. The point is that our robotic arms are cheap enough for a workshop with ten workers."},
    {"Host", "What's next?"},
    {"Wang Fang", "We're working with ModelScope on open models for vision, so the arms can recognise new parts without being reprogrammed."},
    {"Host", "Wang Fang, thank you."},
    {NULL, NULL},
};

/* A panel labelled in Chinese on both sides (as the seed is), three
 * speakers; the Chinese splits one English answer in two (2-1) and leaves
 * out an anecdote (0-1); GPU, NVIDIA, TSMC, 5G, years as anchors. */
static const tpara panel_zh[] = {
    {"主持人", "下午好。今天的话题是芯片。李雷,先从你开始:芯片短缺结束了吗?"},
    {"李雷", "就消费电子而言,基本结束了。但对汽车和人工智能数据中心来说,还没有。"},
    {"李雷", "市场对NVIDIA的GPU的需求依然远远超过供给,台积电(TSMC)表示,其先进封装产能在2025年之前都追不上。"},
    {"李雷", "还有一个不那么显眼的问题:成熟制程。一辆汽车里一半的芯片是用28纳米或更老的工艺制造的,几乎没有人为它们新建晶圆厂。"},
    {"韩梅梅", "我想稍微反驳一下。去年中国新增的成熟制程产能,超过了世界其他地区的总和。"},
    {"主持人", "这让你担心吗?"},
    {"韩梅梅", "这让我的欧洲客户担心。他们害怕价格战。我认为这是正常的周期:价格下跌,弱者退出,价格回升。"},
    {"主持人", "李雷,你在摇头。"},
    {"李雷", "因为太阳能电池板不是芯片。太阳能电池板不需要每十八个月就做一次新设计。一家芯片公司如果停止投资两年,就再也回不来了。"},
    {"主持人", "最后请每人做一个预测。李雷?"},
    {"李雷", "到2030年,中国销售的新车中,超过一半将使用国产芯片来实现驾驶辅助。"},
    {"韩梅梅", "我的预测更简单。5G调制解调器将成为全世界争夺最激烈的芯片,超过GPU。"},
    {NULL, NULL},
};
static const tpara panel_en[] = {
    {"主持人", "Good afternoon. Our topic today is chips. Li Lei, let me start with you: is the shortage over?"},
    {"李雷", "For consumer electronics, mostly yes. For cars and for AI data centres, no. Demand for GPUs from NVIDIA is still far ahead of supply, and TSMC says its advanced packaging capacity will not catch up before 2025."},
    {"李雷", "There's also a quieter problem: mature nodes. Half of the chips in a car are made on 28 nanometre processes or older, and almost nobody is building new fabs for them."},
    {"韩梅梅", "I would push back a little. China added more mature-node capacity last year than the rest of the world combined."},
    {"主持人", "Does that worry you?"},
    {"韩梅梅", "It worries my European clients. They fear a price war. I think it's a normal cycle: prices fall, weak players leave, prices recover."},
    {"韩梅梅", "I remember the same panic in 2012 with solar panels. Everyone said the European manufacturers were finished, and many of them were. But the ones that survived are doing fine today, and panels are cheaper for everybody."},
    {"主持人", "Li Lei, you're shaking your head."},
    {"李雷", "Because solar panels are not chips. A solar panel does not need a new design every eighteen months. If a chip maker stops investing for two years, it does not come back."},
    {"主持人", "Let's end with one prediction each. Li Lei?"},
    {"李雷", "By 2030, more than half of the new cars sold in China will use domestic chips for their driver assistance."},
    {"韩梅梅", "Mine is simpler. The 5G modem will become the most contested chip in the world, more than the GPU."},
    {NULL, NULL},
};

/* An interview in 问/答 and Q/A: a short Chinese reaction and the rest of
 * the answer against two English paragraphs split elsewhere (2-2, the
 * seed's pattern), and one Chinese paragraph for three English (1-3). */
static const tpara qa_zh[] = {
    {"问", "你是什么时候开始跑马拉松的?"},
    {"答", "2009年。那时我四十岁,体重超标,医生让我必须做点什么。"},
    {"问", "就这样直接跑马拉松?"},
    {"答", "不不,没那么快。"},
    {"答", "一开始我只跑五公里,差点没命。然后是十公里、二十公里。花了三年时间,忍了不少膝盖疼,一个赛季要穿坏两双鞋,我才在北京跑完了第一个全程马拉松,成绩不到五小时。"},
    {"问", "最难的是什么?"},
    {"答", "难的是心,不是腿。跑到35公里左右,身体里的糖耗尽了,大脑就开始跟你讨价还价。它说:你已经跑得够多了,没人会怪你。你要学会回答:我跑到下一根路灯杆就停。然后是下一根。"},
    {"问", "你现在还跑吗?"},
    {"答", "每天早上6点,风雨无阻。"},
    {NULL, NULL},
};
static const tpara qa_en[] = {
    {"Q", "When did you start running marathons?"},
    {"A", "In 2009. I was forty and overweight, and my doctor told me to do something."},
    {"Q", "Just like that, a marathon?"},
    {"A", "No, no. Not so fast. First I ran five kilometres, and I nearly died."},
    {"A", "Then ten, then twenty. It took me three years, a lot of knee pain and two pairs of shoes a season before I finished my first full marathon, in Beijing, in just under five hours."},
    {"Q", "What was the hardest part?"},
    {"A", "The mind, not the legs. Around kilometre 35 your body runs out of sugar and your brain starts negotiating with you."},
    {"A", "It says: you have done enough, nobody will blame you."},
    {"A", "You learn to answer: I will stop at the next lamp post. And then at the next one."},
    {"Q", "Do you still run?"},
    {"A", "Every morning at 6, rain or shine."},
    {NULL, NULL},
};

/* A speech with no speaker labels at all: length and anchors alone; one
 * English paragraph split in two in Chinese (2-1), two joined (1-2). */
static const tpara speech_zh[] = {
    {NULL, "谢谢刘校长,也谢谢各位在周六上午到场。"},
    {NULL, "四十年前,这个校园只有三栋楼和一片菜地。"},
    {NULL, "如今,这里有来自64个国家的一万一千名学生。"},
    {NULL, "我想谈三件事:好奇心、耐心和失败。"},
    {NULL, "先说好奇心。我所在领域的每一项重大发现,都始于有人问了一个看似愚蠢的问题。这个细胞为什么会发光?这种细菌为什么能在抗生素中存活?其次是耐心。成就我事业的那个实验花了七年时间,头五年什么都没做成。"},
    {NULL, "最后是失败。我失败的次数比成功多,你们也会一样。区别在于你是否记下了自己学到的东西。"},
    {NULL, "致各位毕业生:你们的父母就在这个礼堂里。在拍第一张照片之前,先去谢谢他们。"},
    {NULL, "祝贺2024届毕业生。"},
    {NULL, NULL},
};
static const tpara speech_en[] = {
    {NULL, "Thank you, President Liu, and thank you all for coming on a Saturday morning."},
    {NULL, "Forty years ago this campus had three buildings and a vegetable garden. Today it has eleven thousand students from 64 countries."},
    {NULL, "I want to talk about three things: curiosity, patience, and failure."},
    {NULL, "Curiosity first. Every important discovery in my field began with someone asking a question that seemed stupid. Why does this cell glow? Why does this bacterium survive the antibiotic?"},
    {NULL, "Patience second. The experiment that made my career took seven years. For the first five, nothing worked."},
    {NULL, "And failure. I have failed more often than I have succeeded, and so will you. The difference is whether you write down what you learned."},
    {NULL, "To the graduates: your parents are in this room. Before you take a single photo, go and thank them."},
    {NULL, "Congratulations, class of 2024."},
    {NULL, NULL},
};

/* A host's short follow-up left untranslated: speakers keep it alone (0-1)
 * rather than let it pair with the guest's next answer. */
static const tpara followup_zh[] = {
    {"主持人", "你为什么离开银行?"},
    {"嘉宾", "因为我发现自己每天都在做同样的报表,而真正有意思的问题没人关心。"},
    {"嘉宾", "后来我去了一家只有五个人的公司,工资少了一半,但每天都学到新东西。"},
    {NULL, NULL},
};
static const tpara followup_en[] = {
    {"主持人", "Why did you leave the bank?"},
    {"嘉宾", "Because I found myself making the same reports every day, and nobody cared about the questions that were actually interesting."},
    {"主持人", "Really?"},
    {"嘉宾", "Then I joined a company of five people. The pay was half, but I learned something new every day."},
    {NULL, NULL},
};

static const tcase CASES[] = {
    {"podcast", podcast_zh, podcast_en, "1-1 1-1 1-1 1-2 1-1 1-1 1-1 1-0 1-1 1-1 1-1 1-1 1-1 1-1",
     {"主持人 / Host", "王芳 / Wang Fang"}},
    {"panel", panel_zh, panel_en, "1-1 2-1 1-1 1-1 1-1 1-1 0-1 1-1 1-1 1-1 1-1 1-1",
     {"主持人", "李雷", "韩梅梅"}},
    {"qa", qa_zh, qa_en, "1-1 1-1 1-1 2-2 1-1 1-3 1-1 1-1", {"问 / Q", "答 / A"}},
    {"speech", speech_zh, speech_en, "1-1 2-1 1-1 1-2 1-1 1-1 1-1", {NULL}},
    {"followup", followup_zh, followup_en, "1-1 1-1 0-1 1-1", {"主持人", "嘉宾"}},
};
#define NCASES (sizeof CASES / sizeof CASES[0])

/* A document with a case's paragraphs, speakers interned by name. */
static doc *case_doc(const tcase *tc)
{
    doc *d = doc_new();
    assert_non_null(d);
    for (int l = 0; l < LANG_SIDES; l++) {
        const tpara *p = l == LANG_ZH ? tc->zh : tc->en;
        for (size_t k = 0; p[k].text; k++) {
            int sp = -1;
            if (p[k].speaker)
                sp = doc_intern_speaker(d, p[k].speaker, strlen(p[k].speaker), NULL, 0);
            doc_para para = {.text = p[k].text, .len = strlen(p[k].text), .speaker = sp,
                             .first_line = (uint32_t)k + 1, .last_line = (uint32_t)k + 1,
                             .start_ms = -1, .end_ms = -1};
            assert_true(doc_add_para(d, (lang_id)l, &para) >= 0);
        }
    }
    return d;
}

static void doc_shape(const doc *d, char *out, size_t cap)
{
    align_result r = {.beads = d->segments, .nbeads = d->nsegments};
    shape_of(&r, out, cap);
}

/* Each case aligns as its answer says, through the document: segments,
 * speakers (one-sided labels merged "主持人 / Host"), one speaker per
 * segment side. */
static void test_cases_align_as_written(void **state)
{
    (void)state;
    for (size_t c = 0; c < NCASES; c++) {
        const tcase *tc = &CASES[c];
        doc *d = case_doc(tc);
        assert_int_equal(align_document(d), ST_OK);
        char shape[512];
        doc_shape(d, shape, sizeof shape);
        print_message("%-9s %s\n", tc->name, shape);
        for (size_t s = 0; s < d->nsegments; s++)
            print_message("    %zu: %u-%u %.3f\n", s + 1, d->segments[s].count[0],
                          d->segments[s].count[1], d->segments[s].confidence);
        assert_string_equal(shape, tc->shapes);
        size_t nmerged = 0;
        while (nmerged < 4 && tc->merged[nmerged])
            nmerged++;
        assert_int_equal(d->nspeakers, nmerged);
        for (size_t k = 0; k < nmerged; k++)
            assert_string_equal(d->speakers[k].name, tc->merged[k]);
        /* every paragraph's speaker is its segment's */
        for (size_t s = 0; s < d->nsegments; s++) {
            const doc_segment *seg = &d->segments[s];
            for (int l = 0; l < LANG_SIDES; l++)
                for (uint32_t k = 0; k < seg->count[l]; k++) {
                    int sp = doc_segment_para(d, seg, (lang_id)l, k)->speaker;
                    assert_true(sp < 0 || sp == seg->speaker);
                }
        }
        doc_free(d);
    }
}

/* The same answers with a window of half-width 1: the search must widen
 * where the path nears the window's edge and still find them. */
static void test_cases_with_narrow_band(void **state)
{
    (void)state;
    for (size_t c = 0; c < NCASES; c++) {
        const tcase *tc = &CASES[c];
        align_text zh[32], en[32];
        size_t nzh = 0, nen = 0;
        char names[16][64];
        int nnames = 0;
        for (; tc->zh[nzh].text; nzh++)
            zh[nzh] = (align_text){.text = tc->zh[nzh].text, .len = strlen(tc->zh[nzh].text), .speaker =
                                   tc->zh[nzh].speaker ? speaker_id(names, &nnames, tc->zh[nzh].speaker) : -1};
        for (; tc->en[nen].text; nen++)
            en[nen] = (align_text){.text = tc->en[nen].text, .len = strlen(tc->en[nen].text), .speaker =
                                   tc->en[nen].speaker ? speaker_id(names, &nnames, tc->en[nen].speaker) : -1};
        for (unsigned band = 1; band <= 3; band++) {
            align_options opt = {.band = band};
            align_result r;
            assert_int_equal(align_texts(zh, nzh, en, nen, &opt, &r), ST_OK);
            char shape[512];
            shape_of(&r, shape, sizeof shape);
            assert_string_equal(shape, tc->shapes);
            align_result_free(&r);
        }
    }
}

/* Anchors decide where lengths cannot: three Chinese paragraphs against
 * two English ones, the middle one as likely to join the first as the
 * last by length; the English paragraph that says what it says (its
 * anchor) decides. Each row: the anchor as the Chinese writes it, as the
 * English does. */
static const struct {
    const char *zh, *en;
} ANCHORS[] = {
    {"二十二", "22"},            /* Chinese numeral, digits */
    {"22", "twenty-two"},        /* digits, number words */
    {"三百", "three hundred"},
    {"一万一千", "eleven thousand"},
    {"百分之五十", "50%"},       /* the 百 of 百分之 is no hundred */
    {"2,000", "2000"},
    {"二〇二四", "2024"},        /* a year read digit by digit */
    {"第三", "third"},
    {"OpenAI", "OpenAI"},
    {"API", "APIs"},             /* plural */
    {"ＧＰＵ", "GPU"},           /* fullwidth letters */
    {"ModelScope", "modelscope"}, /* case */
    {"25万", "250,000"},         /* figures and a scale, either way */
    {"1.2亿", "120 million"},
    {"四百二十亿", "42 billion"},
    {"三月", "March"},           /* a month is its number */
};

/* Letters and digits of s: the English length the aligner counts. */
static size_t alnum_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9');
    return n;
}

static void test_anchors_decide(void **state)
{
    (void)state;
    /* A host's question and the next, in both languages; between them the
     * guest's answer: three Chinese paragraphs, two English. Speakers keep
     * the answer together; by length the middle paragraph may join either
     * side; only its anchor says which. */
    const char *q1z = "你怎么看这个市场的前景?", *q2z = "那么风险在哪里?";
    const char *q1e = "How do you see the outlook for this market?", *q2e = "Then where are the risks?";
    const char *p1 = "我觉得这件事情很重要。", *p3 = "我们明天再讨论细节吧。"; /* 10 characters each */
    for (size_t k = 0; k < sizeof ANCHORS / sizeof ANCHORS[0]; k++) {
        for (int which = 0; which < 2; which++) {
            /* which: the anchor is in the first English paragraph (0) or the second */
            char p2[128], with[160], without[160], pad[32];
            size_t npad = alnum_count(ANCHORS[k].en);
            memset(pad, 'z', npad);
            pad[npad] = '\0';
            snprintf(p2, sizeof p2, "他们说有%s个。", ANCHORS[k].zh);
            snprintf(with, sizeof with, "I think it matters a great deal, and they say %s of them.",
                     ANCHORS[k].en);
            snprintf(without, sizeof without, "I think it matters a great deal, and they say %s of them.",
                     pad);
            const char *zt[] = {q1z, p1, p2, p3, q2z};
            const char *et[] = {q1e, which ? without : with, which ? with : without, q2e};
            int zs[] = {0, 1, 1, 1, 0}, es[] = {0, 1, 1, 0};
            align_text zh[5], en[4];
            for (size_t q = 0; q < 5; q++)
                zh[q] = (align_text){.text = zt[q], .len = strlen(zt[q]), .speaker = zs[q]};
            for (size_t q = 0; q < 4; q++)
                en[q] = (align_text){.text = et[q], .len = strlen(et[q]), .speaker = es[q]};
            align_result r;
            assert_int_equal(align_texts(zh, 5, en, 4, NULL, &r), ST_OK);
            char shape[64];
            shape_of(&r, shape, sizeof shape);
            const char *want = which ? "1-1 1-1 2-1 1-1" : "1-1 2-1 1-1 1-1";
            if (strcmp(shape, want))
                fail_msg("anchor %s / %s in English paragraph %d: %s, not %s", ANCHORS[k].zh,
                         ANCHORS[k].en, which + 1, shape, want);
            align_result_free(&r);
        }
    }
}

/* A pairing the lengths contradict is weak; a clean one is not. */
static void test_confidence_marks_doubt(void **state)
{
    (void)state;
    const char *zh_long = "这是一段非常长的中文段落,它讲了很多很多的事情,包括公司的历史、产品的设计、市场的变化、"
                          "团队的成长、以及未来五年的计划,每一件事都讲得非常详细,几乎没有遗漏任何细节。";
    const char *zh_short = "谢谢。";
    const char *en_short = "Thanks.";
    const char *en_tiny = "Yes.";
    /* lengths agree: sure */
    align_text a_zh[] = {{.text = zh_short, .len = strlen(zh_short), .speaker = 0}};
    align_text a_en[] = {{.text = en_short, .len = strlen(en_short), .speaker = 0}};
    align_result r;
    assert_int_equal(align_texts(a_zh, 1, a_en, 1, NULL, &r), ST_OK);
    assert_int_equal(r.nbeads, 1);
    assert_true(r.beads[0].confidence >= 0.9f);
    align_result_free(&r);
    /* a long paragraph against one word: whatever is chosen is in doubt */
    align_text b_zh[] = {{.text = zh_long, .len = strlen(zh_long), .speaker = 0}};
    align_text b_en[] = {{.text = en_tiny, .len = strlen(en_tiny), .speaker = 0}};
    assert_int_equal(align_texts(b_zh, 1, b_en, 1, NULL, &r), ST_OK);
    for (size_t k = 0; k < r.nbeads; k++)
        assert_true(r.beads[k].confidence < DOC_WEAK_CONFIDENCE);
    align_result_free(&r);
}

/* One language only: every paragraph its own segment, certainly; nothing
 * at all: no segment. */
static void test_one_side_empty(void **state)
{
    (void)state;
    align_text zh[] = {{.text = "你好。", .len = strlen("你好。"), .speaker = 0},
                       {.text = "再见。", .len = strlen("再见。"), .speaker = 1}};
    align_result r;
    assert_int_equal(align_texts(zh, 2, NULL, 0, NULL, &r), ST_OK);
    assert_int_equal(r.nbeads, 2);
    for (uint32_t k = 0; k < 2; k++) {
        assert_int_equal(r.beads[k].first[LANG_ZH], k);
        assert_int_equal(r.beads[k].count[LANG_ZH], 1);
        assert_int_equal(r.beads[k].count[LANG_EN], 0);
        assert_int_equal(r.beads[k].speaker, (int)k);
        assert_true(r.beads[k].confidence == 1.0f);
    }
    align_result_free(&r);
    assert_int_equal(align_texts(NULL, 0, zh, 2, NULL, &r), ST_OK);
    assert_int_equal(r.nbeads, 2);
    assert_int_equal(r.beads[1].first[LANG_EN], 1);
    align_result_free(&r);
    assert_int_equal(align_texts(NULL, 0, NULL, 0, NULL, &r), ST_OK);
    assert_int_equal(r.nbeads, 0);
    align_result_free(&r);
}

/* A speaker who appears on one side only, in a paragraph nobody translated,
 * is not merged with anyone; the names that do pair are. */
static void test_lone_speaker_not_merged(void **state)
{
    (void)state;
    static const tpara zh[] = {
        {"主持人", "欢迎收听本期节目,今天我们请到了一位研究城市交通的学者。"},
        {"李教授", "谢谢邀请。城市交通的问题,说到底是土地怎么用的问题。"},
        {"主持人", "那地铁修得越多越好吗?"},
        {"李教授", "不一定。地铁很贵,如果沿线没有足够的人口和工作岗位,它就会亏钱,而且会一直亏下去。"},
        {NULL, NULL},
    };
    static const tpara en[] = {
        {"Host", "Welcome to this episode. Today our guest is a scholar who studies urban transport."},
        {"Prof. Li", "Thanks for having me. The problem of urban transport is, in the end, a problem of how land is used."},
        {"Host", "So the more subway lines, the better?"},
        {"Audience", "Can I ask something about buses here? Nobody ever talks about buses in these discussions, and most people in my city take the bus every day."},
        {"Prof. Li", "Not necessarily. Subways are expensive. If there are not enough people and jobs along the line, it loses money, and it keeps losing money."},
        {NULL, NULL},
    };
    tcase tc = {"lone", zh, en, "1-1 1-1 1-1 0-1 1-1", {"主持人 / Host", "李教授 / Prof. Li", "Audience"}};
    doc *d = case_doc(&tc);
    assert_int_equal(align_document(d), ST_OK);
    char shape[256];
    doc_shape(d, shape, sizeof shape);
    assert_string_equal(shape, tc.shapes);
    assert_int_equal(d->nspeakers, 3);
    for (size_t k = 0; k < 3; k++)
        assert_string_equal(d->speakers[k].name, tc.merged[k]);
    doc_free(d);
}

static uint32_t rnd(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 8) & 0xFFFF;
}

/* Invariants on random input, with every window width: the beads
 * partition both lists in order, use only known shapes, never put two
 * speakers on one side, and carry a confidence in 0..1. */
static void test_random_invariants(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    static uint32_t pool[8] = {11, 22, 33, 44, 55, 66, 77, 88};
    for (int round = 0; round < 200; round++) {
        size_t nz = rnd(&seed) % 40, ne = rnd(&seed) % 40;
        align_item zh[40], en[40];
        for (size_t k = 0; k < nz + ne; k++) {
            align_item *it = k < nz ? &zh[k] : &en[k - nz];
            memset(it, 0, sizeof *it);
            it->len = (float)(rnd(&seed) % (k < nz ? 300 : 900));
            it->lit = k < nz ? (float)(rnd(&seed) % 5) : 0;
            it->speaker = (int)(rnd(&seed) % 4) - 1;
            it->aside = rnd(&seed) % 10 == 0;
            it->nanchors = rnd(&seed) % 3;
            it->anchors = pool + rnd(&seed) % 6;
        }
        align_options opt = {.band = round % 4};
        align_result r;
        assert_int_equal(align_items(zh, nz, en, ne, &opt, &r), ST_OK);
        uint32_t next[LANG_SIDES] = {0, 0};
        for (size_t b = 0; b < r.nbeads; b++) {
            const doc_segment *seg = &r.beads[b];
            assert_true(seg->count[0] + seg->count[1] >= 1);
            assert_true(seg->count[0] <= 3 && seg->count[1] <= 3);
            assert_true(seg->confidence >= 0.0f && seg->confidence <= 1.0f);
            for (int l = 0; l < LANG_SIDES; l++) {
                assert_int_equal(seg->first[l], next[l]);
                next[l] += seg->count[l];
                const align_item *it = l == LANG_ZH ? zh : en;
                int sp = -1;
                for (uint32_t k = 0; k < seg->count[l]; k++) {
                    int s2 = it[seg->first[l] + k].speaker;
                    if (s2 >= 0 && sp >= 0)
                        assert_int_equal(s2, sp);
                    sp = s2 >= 0 ? s2 : sp;
                }
            }
        }
        assert_int_equal(next[LANG_ZH], nz);
        assert_int_equal(next[LANG_EN], ne);
        align_result_free(&r);
    }
}

/* A long document (its first pass reads a prefix only): speakers named
 * differently on the two sides are still learned and paired, and the
 * alignment is the true one. Items: a host (short turns) and two guests. */
static void test_long_document(void **state)
{
    (void)state;
    enum { N = 9000 };
    static align_item zh[N], en[N];
    uint32_t seed = 7;
    for (size_t k = 0; k < N; k++) {
        int sp = k % 2 ? 1 + (int)(k / 2 % 2) : 0;  /* host, guest 1, host, guest 2 … */
        float len = (float)(sp ? 40 + rnd(&seed) % 300 : 5 + rnd(&seed) % 40);
        float noise = (float)((int)(rnd(&seed) % 21) - 10) / 100.0f; /* ±10% */
        zh[k] = (align_item){.len = len, .speaker = sp};
        en[k] = (align_item){.len = 3.0f * len * (1 + noise), .speaker = 10 + sp};
    }
    align_result r;
    assert_int_equal(align_items(zh, N, en, N, NULL, &r), ST_OK);
    assert_int_equal(r.nbeads, N);
    for (uint32_t k = 0; k < N; k++) {
        assert_int_equal(r.beads[k].first[LANG_ZH], k);
        assert_int_equal(r.beads[k].count[LANG_ZH], 1);
        assert_int_equal(r.beads[k].count[LANG_EN], 1);
        assert_int_equal(r.beads[k].speaker, zh[k].speaker);
    }
    assert_int_equal(r.npairs, 3);
    for (size_t k = 0; k < r.npairs; k++)
        assert_int_equal(r.pairs[k].en, r.pairs[k].zh + 10);
    align_result_free(&r);
}


/* drop_p: one Chinese paragraph and two English ones, the second a
 * sentence the translator left out. By default a drop is rarer than a
 * split, so the two English paragraphs share the bead; a caller that knows
 * the paragraphs stand in one block (interleaved) makes a drop likelier,
 * and the untranslated one stands alone. */
static void test_drop_prior(void **state)
{
    (void)state;
    static const char *const zh[] = {
        "简单说，就是晚上六点到第二天早上六点之间发生的消费活动，包括餐饮、娱乐、交通，还有夜班工作。",
        "在上海，这部分消费已经占到全天零售额的百分之三十左右。",
        "噪音确实是个问题。城市应该怎么平衡？",
        "伦敦在2016年任命了第一位“夜间市长”，专门负责协调这些问题。",
    };
    static const char *const en[] = {
        "Put simply, it is the spending that happens between six in the evening and six the next morning, including food, entertainment, transport and also night-shift work.",
        "In Shanghai, this spending already accounts for about thirty per cent of the day's retail sales.",
        "Noise really is a problem. How should cities strike a balance?",
        "In 2016 London appointed its first Night Czar, whose job is to coordinate exactly these issues.",
        "Other cities, from Amsterdam to New York, have since followed.",
    };
    align_text z[4], e[5];
    for (int i = 0; i < 4; i++)
        z[i] = (align_text){.text = zh[i], .len = strlen(zh[i]), .speaker = -1};
    for (int i = 0; i < 5; i++)
        e[i] = (align_text){.text = en[i], .len = strlen(en[i]), .speaker = -1};
    align_result r;
    assert_int_equal(align_texts(z, 4, e, 5, NULL, &r), ST_OK);
    assert_int_equal(r.nbeads, 4);
    assert_int_equal(r.beads[3].count[LANG_EN], 2);
    align_result_free(&r);
    align_options opt = {.drop_p = 0.1};
    assert_int_equal(align_texts(z, 4, e, 5, &opt, &r), ST_OK);
    assert_int_equal(r.nbeads, 5);
    assert_int_equal(r.beads[3].count[LANG_ZH], 1);
    assert_int_equal(r.beads[3].count[LANG_EN], 1);
    assert_int_equal(r.beads[4].count[LANG_ZH], 0);
    assert_int_equal(r.beads[4].first[LANG_EN], 4);
    align_result_free(&r);
}

/* The texts of a case as align_texts takes them. */
static void case_texts(const tcase *tc, align_text *zh, size_t *nzh, align_text *en, size_t *nen)
{
    char names[16][64];
    int nnames = 0;
    for (*nzh = 0; tc->zh[*nzh].text; ++*nzh)
        zh[*nzh] = (align_text){.text = tc->zh[*nzh].text, .len = strlen(tc->zh[*nzh].text),
                                .speaker = tc->zh[*nzh].speaker
                                               ? speaker_id(names, &nnames, tc->zh[*nzh].speaker) : -1};
    for (*nen = 0; tc->en[*nen].text; ++*nen)
        en[*nen] = (align_text){.text = tc->en[*nen].text, .len = strlen(tc->en[*nen].text),
                                .speaker = tc->en[*nen].speaker
                                               ? speaker_id(names, &nnames, tc->en[*nen].speaker) : -1};
}

/* A pairing of every paragraph with the next one of the other language
 * (one side shifted by `shift` paragraphs), the rest standing alone. */
static size_t shifted(size_t nzh, size_t nen, size_t shift, bool en_late, doc_segment *out)
{
    size_t n = 0, i = 0, j = 0;
    size_t *lead = en_late ? &j : &i, nlead = en_late ? nen : nzh;
    for (; *lead < shift && *lead < nlead; ++*lead) {
        doc_segment s = {{(uint32_t)i, (uint32_t)j}, {0, 0}, -1, 0};
        s.count[en_late ? LANG_EN : LANG_ZH] = 1;
        out[n++] = s;
    }
    for (; i < nzh && j < nen; i++, j++)
        out[n++] = (doc_segment){{(uint32_t)i, (uint32_t)j}, {1, 1}, -1, 0};
    for (; i < nzh; i++)
        out[n++] = (doc_segment){{(uint32_t)i, (uint32_t)j}, {1, 0}, -1, 0};
    for (; j < nen; j++)
        out[n++] = (doc_segment){{(uint32_t)i, (uint32_t)j}, {0, 1}, -1, 0};
    return n;
}

static double mean_paired_confidence(const doc_segment *b, size_t n)
{
    double sum = 0;
    size_t k = 0;
    for (size_t q = 0; q < n; q++)
        if (b[q].count[0] && b[q].count[1])
            sum += b[q].confidence, k++;
    return k ? sum / (double)k : 0;
}

/* The confidence tells the truth: rated by align_rate, the pairing each
 * case's answer gives is sure (the beads align_texts finds, with the same
 * confidences), and the same texts paired shifted by one — either side
 * late — are doubted: a mean under 0.5 over their pairs. */
static void test_shifted_pairing_is_doubted(void **state)
{
    (void)state;
    for (size_t c = 0; c < NCASES; c++) {
        const tcase *tc = &CASES[c];
        align_text zh[32], en[32];
        size_t nzh, nen;
        case_texts(tc, zh, &nzh, en, &nen);
        align_result r;
        assert_int_equal(align_texts(zh, nzh, en, nen, NULL, &r), ST_OK);
        doc_segment rated[64];
        memcpy(rated, r.beads, r.nbeads * sizeof *rated);
        assert_int_equal(align_rate(zh, nzh, en, nen, NULL, rated, r.nbeads), ST_OK);
        for (size_t k = 0; k < r.nbeads; k++)
            assert_float_equal(rated[k].confidence, r.beads[k].confidence, 1e-6);
        double truth = mean_paired_confidence(rated, r.nbeads);
        for (int late = 0; late < 2; late++) {
            doc_segment sh[64];
            size_t n = shifted(nzh, nen, 1, late, sh);
            assert_int_equal(align_rate(zh, nzh, en, nen, NULL, sh, n), ST_OK);
            double mean = mean_paired_confidence(sh, n);
            print_message("%-9s true %.3f, %s one late %.3f\n", tc->name, truth,
                          late ? "English" : "Chinese", mean);
            assert_true(truth >= 0.8);
            assert_true(mean < 0.5);
        }
        align_result_free(&r);
    }
    /* a pairing that is no partition of both lists is refused */
    align_text zh[32], en[32];
    size_t nzh, nen;
    case_texts(&CASES[0], zh, &nzh, en, &nen);
    doc_segment bad[2] = {{{0, 0}, {1, 1}, -1, 0}, {{1, 1}, {1, 1}, -1, 0}};
    assert_int_equal(align_rate(zh, nzh, en, nen, NULL, bad, 2), ST_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        {"sample: paragraphs match key", test_paragraphs_match_key, NULL, NULL, (void *)&keyed_sample},
        {"sample: pipeline matches key", test_pipeline_matches_key, NULL, NULL, (void *)&keyed_sample},
        {"seed: paragraphs match key", test_paragraphs_match_key, NULL, NULL, (void *)&keyed_seed},
        {"seed: pipeline matches key", test_pipeline_matches_key, NULL, NULL, (void *)&keyed_seed},
        cmocka_unit_test(test_cases_align_as_written),
        cmocka_unit_test(test_cases_with_narrow_band),
        cmocka_unit_test(test_anchors_decide),
        cmocka_unit_test(test_confidence_marks_doubt),
        cmocka_unit_test(test_one_side_empty),
        cmocka_unit_test(test_lone_speaker_not_merged),
        cmocka_unit_test(test_random_invariants),
        cmocka_unit_test(test_long_document),
        cmocka_unit_test(test_drop_prior),
        cmocka_unit_test(test_shifted_pairing_is_doubted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
