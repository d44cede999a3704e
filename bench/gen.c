/* bench/gen — writes a large, realistic bilingual transcript in the
 * sectioned layout, reproducibly.
 *
 *   gen MEGABYTES [SEED]  > transcript.txt
 *   gen --wild MEGABYTES [SEED]  > transcript.md
 *
 * What it looks like, as published interviews do: a Chinese introduction,
 * a line announcing the translation, every turn in Chinese, then every turn
 * in English, and a publisher's footer. Two to five speakers (the count
 * and the names drawn from the seed); a label alone on its line opens each
 * turn in both sections, with ASCII or fullwidth colons (as web copies
 * flatten them or not), and a turn has one to three paragraphs. Most
 * paragraphs pair 1-1; now and then one Chinese paragraph is two English
 * ones (1-2) or two Chinese paragraphs are one English one (2-1).
 *
 * The text: Chinese from a frequency-weighted stock of ideographs with
 * fullwidth or ASCII punctuation (，。？！：、“” or , ? ( )), Latin words and
 * numbers inside it (OpenAI, GPU, 2024, 92%) that the English shares,
 * now and then an emoji (👍, 🙂, a ZWJ family) or a letter with a combining
 * accent (café written e + U+0301); English about three letters per
 * Chinese character, from an interview's vocabulary. One rare word,
 * "zephyr", appears only in the last turns of each language, so a search
 * for it finds matches near the end only.
 *
 * --wild writes the same conversation as a page publishes it
 * (wild-forms.md): YAML front matter, a title heading in both languages,
 * timestamped section headings (## 00:12:34) every few turns, each turn's
 * Chinese in a paragraph opening with a bold label, and its English folded
 * under a toggle on the lines after it (<details><summary>View
 * original</summary> <p class="en"><b>Host:</b> …</p> </details>), a rule
 * and a credit line at the end: interleaved, and most lines markup.
 *
 * The same MEGABYTES and SEED give the same bytes on every machine. The
 * output is at least MEGABYTES × 1,000,000 bytes and ends after the footer.
 * (bench/run generates 1, 10 and 100 MB; the figures in the README come
 * from seed 1.)
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* ---- a reproducible random source (splitmix64) --------------------------- */

static size_t pick(size_t n) { return (size_t)(bench_rnd() % n); }
static int chance(int percent) { return (int)pick(100) < percent; }

/* ---- growing buffers --------------------------------------------------------- */

/* ---- vocabulary ---------------------------------------------------------------- */

/* The most frequent ideographs first: pick_han favours the front. */
static const char HAN[] =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也"
    "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实"
    "加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样"
    "与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情"
    "者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
    "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色"
    "光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再"
    "采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马"
    "节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须";

static const char *pick_han(void)
{
    static char out[4];
    size_t nhan = (sizeof HAN - 1) / 3;
    size_t a = pick(nhan), b = pick(nhan);
    size_t i = a < b ? a : b; /* a triangular draw: frequent ones more often */
    memcpy(out, HAN + 3 * i, 3);
    out[3] = '\0';
    return out;
}

static const char *const LATIN[] = {"OpenAI", "GPU",  "ModelScope", "AI",    "API",
                                    "Qwen",   "H100", "MMLU",       "Linux", "AGI"};
static const char *const EN_WORDS[] = {
    "the",     "a",        "of",       "and",        "to",        "in",       "we",
    "I",       "you",      "think",    "model",      "models",    "open",     "source",
    "company", "companies", "compute", "training",   "inference", "market",   "price",
    "because", "believe",  "really",   "important",  "question",  "answer",   "people",
    "years",   "world",    "cloud",    "data",       "chips",     "China",    "growth",
    "users",   "that",     "is",       "was",        "have",      "more",     "than",
    "which",   "what",     "about",    "language",   "intelligence", "future", "small",
    "large",   "cost",     "value",    "long",       "term",      "team",     "culture",
    "leaders", "decision", "customers", "platform",  "technology", "research", "build",
    "just",    "very",     "so",       "but",        "it",        "they",     "their"};
static const char *const EMOJI[] = {"\xF0\x9F\x91\x8D",  /* 👍 */
                                    "\xF0\x9F\x99\x82",  /* 🙂 */
                                    "\xF0\x9F\x98\x82",  /* 😂 */
                                    ("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
                                     "\xF0\x9F\x91\xA7")}; /* 👨‍👩‍👧 (one string) */
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef struct speaker {
    const char *zh, *en;
} speaker;

static const speaker PEOPLE[] = {{"主持人", "Host"},         {"林晓雯", "Lin Xiaowen"},
                                 {"马克·霍尔特", "Mark Holt"}, {"蔡崇信", "Joe Tsai"},
                                 {"王芳", "Wang Fang"},      {"陈思远", "Chen Siyuan"},
                                 {"玛丽亚·洛佩斯", "María López"}};

/* ---- paragraphs ------------------------------------------------------------------ */

/* What both languages of one paragraph share: its length and its anchors. */
typedef struct plan {
    int zh_chars;          /* ideographs in the Chinese */
    const char *anchor[3]; /* Latin words or numbers found in both */
    int nanchor;
    char number[3][16];
    int rare; /* holds "zephyr" (the last turns only) */
} plan;

/* Log-normal-ish lengths: most paragraphs a few sentences, some long. */
static int draw_length(void)
{
    int n = 20 + (int)pick(60);
    while (chance(35))
        n += 20 + (int)pick(120);
    return n;
}

static void make_plan(plan *p, int rare)
{
    memset(p, 0, sizeof *p);
    p->zh_chars = draw_length();
    p->rare = rare;
    int k = (int)pick(3);
    for (int i = 0; i < k; i++) {
        if (chance(50)) {
            p->anchor[p->nanchor++] = LATIN[pick(NELEM(LATIN))];
        } else {
            char *s = p->number[i];
            switch (pick(3)) {
            case 0: snprintf(s, 16, "%d", 1990 + (int)pick(36)); break;
            case 1: snprintf(s, 16, "%d%%", (int)pick(100)); break;
            default: snprintf(s, 16, "%d", 1 + (int)pick(500)); break;
            }
            p->anchor[p->nanchor++] = s;
        }
    }
}

/* The Chinese of one paragraph: ideographs, punctuation in the file's
 * style (fullwidth, or flattened to ASCII), anchors, a rare emoji or accent. */
static void zh_text(bench_buf *b, const plan *p, int ascii_punct)
{
    const char *comma = ascii_punct ? "," : "，";
    const char *stop = ascii_punct ? "." : "。";
    int next_anchor = 0, since = 0;
    for (int i = 0; i < p->zh_chars; i++) {
        if (next_anchor < p->nanchor && (int)pick((size_t)p->zh_chars) < 3) {
            bench_puts(b, p->anchor[next_anchor++]);
        }
        bench_puts(b, pick_han());
        since++;
        if (since > 6 && chance(12)) {
            bench_puts(b, chance(80) ? comma : (ascii_punct ? "?" : "、"));
            since = 0;
        } else if (since > 10 && chance(5)) {
            bench_puts(b, stop);
            since = 0;
        }
        if (chance(1) && chance(30))
            bench_puts(b, EMOJI[pick(NELEM(EMOJI))]);
        if (chance(1) && chance(20))
            bench_puts(b, ascii_punct ? "(cafe\xCC\x81)" : "（cafe\xCC\x81）");
        if (i == p->zh_chars / 2 && chance(10))
            bench_puts(b, ascii_punct ? "\"开放\"" : "“开放”");
    }
    while (next_anchor < p->nanchor)
        bench_puts(b, p->anchor[next_anchor++]);
    if (p->rare)
        bench_puts(b, "zephyr");
    bench_puts(b, ascii_punct ? "?" : "。");
}

/* English of about `letters` letters carrying the plan's anchors. */
static void en_text(bench_buf *b, const plan *p, int letters, int part, int parts)
{
    int used = 0, words = 0, next_anchor = 0;
    /* the anchors go to the part of a 1-2 split that says them */
    int first = part * p->nanchor / parts, last = (part + 1) * p->nanchor / parts;
    next_anchor = first;
    while (used < letters || next_anchor < last) {
        const char *w;
        if (next_anchor < last && (used >= letters || chance(4)))
            w = p->anchor[next_anchor++];
        else
            w = EN_WORDS[pick(NELEM(EN_WORDS))];
        if (words)
            bench_puts(b, chance(8) ? ", " : " ");
        if (words == 0 || (chance(6) && words > 4)) {
            char cap[64];
            snprintf(cap, sizeof cap, "%s", w);
            if (cap[0] >= 'a' && cap[0] <= 'z')
                cap[0] = (char)(cap[0] - 'a' + 'A');
            bench_puts(b, cap);
        } else {
            bench_puts(b, w);
        }
        if (chance(1) && chance(30))
            bench_puts(b, chance(50) ? " \xF0\x9F\x91\x8D" : " (cafe\xCC\x81)");
        used += (int)strlen(w) + 1;
        words++;
    }
    if (p->rare && part == parts - 1)
        bench_puts(b, " zephyr");
    bench_puts(b, chance(15) ? "?" : ".");
}

/* ---- the transcript --------------------------------------------------------------- */

/* The wild form (--wild): one turn as a page publishes it. */
static void wild_turn(bench_buf *out, const speaker *who, int ascii, int rare)
{
    plan p;
    make_plan(&p, rare);
    int letters = p.zh_chars * 3 + (int)pick((size_t)p.zh_chars + 1) - p.zh_chars / 2;
    bench_puts(out, "**");
    bench_puts(out, who->zh);
    bench_puts(out, ascii ? ":** " : "：** ");
    zh_text(out, &p, ascii);
    bench_puts(out, "\n\n<details><summary>View original</summary>\n<p class=\"en\"><b>");
    bench_puts(out, who->en);
    bench_puts(out, ":</b> ");
    en_text(out, &p, letters, 0, 1);
    bench_puts(out, "</p>\n</details>\n\n");
}

static int wild_main(size_t target, int nspeakers, const speaker *cast, int ascii)
{
    bench_buf out = {0};
    bench_puts(&out, "---\ntitle: \"对话 / A Conversation\"\ndate: 2024-11-05\ntags:\n"
                     "  - interview\n  - 访谈\nsummary: 一次关于人工智能与开源的长谈。\n---\n\n"
                     "# 对话 / A Conversation\n\n");
    int prev = -1, turns = 0;
    long seconds = 0;
    const char *credit = "*Transcript edited for length. 本文转载请注明出处。*\n";
    while (out.len + strlen(credit) + 64 < target) {
        if (turns % 8 == 0) {
            char head[64];
            snprintf(head, sizeof head, "## %02ld:%02ld:%02ld\n\n", seconds / 3600,
                     seconds / 60 % 60, seconds % 60);
            bench_puts(&out, head);
        }
        int who = prev == 0 ? 1 + (int)pick((size_t)nspeakers - 1) : 0;
        prev = who;
        wild_turn(&out, &cast[who], ascii, out.len > target - target / 200);
        seconds += 20 + (long)pick(100);
        turns++;
    }
    bench_puts(&out, "---\n\n");
    bench_puts(&out, credit);
    fwrite(out.s, 1, out.len, stdout);
    free(out.s);
    if (fflush(stdout) != 0) {
        perror("gen");
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    bool wild = argc > 1 && strcmp(argv[1], "--wild") == 0;
    if (wild)
        argc--, argv++;
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: gen [--wild] MEGABYTES [SEED] > FILE\n");
        return 2;
    }
    double mb = atof(argv[1]);
    bench_seed(0x243F6A8885A308D3u ^ (argc == 3 ? strtoull(argv[2], NULL, 10) : 1));
    if (mb <= 0 || mb > 2000) {
        fprintf(stderr, "gen: MEGABYTES must be in (0, 2000]\n");
        return 2;
    }
    size_t target = (size_t)(mb * 1e6);

    int nspeakers = 2 + (int)pick(4);
    speaker cast[5];
    cast[0] = PEOPLE[0]; /* the host */
    for (int i = 1; i < nspeakers; i++)
        cast[i] = PEOPLE[1 + (i - 1 + (int)pick(2)) % (NELEM(PEOPLE) - 1)];
    int ascii = chance(50); /* the whole file flattened to ASCII, or not */
    if (wild)
        return wild_main(target, nspeakers, cast, ascii);
    const char *zcolon = ascii ? ":" : "：";

    bench_buf zh = {0}, en = {0};
    /* intro and marker */
    plan intro;
    for (int i = 0; i < 2; i++) {
        make_plan(&intro, 0);
        zh_text(&zh, &intro, ascii);
        bench_puts(&zh, "\n");
    }
    bench_puts(&zh, ascii ? "以下是对话的中文翻译及英文原文:\n" : "以下是对话的中文翻译及英文原文：\n");

    int prev = -1;
    const char *footer = ascii ? "相关阅读:人工智能系列文章\n" : "相关阅读：人工智能系列文章\n";
    size_t tail = strlen(footer) + 64;
    while (zh.len + en.len + tail < target) {
        /* the host asks, someone answers; sometimes one speaker goes on */
        int who = prev == 0 ? 1 + (int)pick((size_t)nspeakers - 1) : 0;
        if (prev > 0 && chance(10))
            who = 1 + (int)pick((size_t)nspeakers - 1);
        prev = who;
        int rare = zh.len + en.len > target - target / 200; /* the last half percent */
        bench_puts(&zh, cast[who].zh);
        bench_puts(&zh, zcolon);
        bench_puts(&zh, "\n");
        bench_puts(&en, cast[who].en);
        bench_puts(&en, ":\n");
        int paras = 1 + (chance(30) ? 1 : 0) + (chance(10) ? 1 : 0);
        for (int k = 0; k < paras; k++) {
            plan p;
            make_plan(&p, rare);
            int letters = p.zh_chars * 3 + (int)pick((size_t)p.zh_chars + 1) - p.zh_chars / 2;
            int bead = (int)pick(100);
            if (bead < 4) { /* 1-2: one Chinese paragraph, two English */
                zh_text(&zh, &p, ascii);
                bench_puts(&zh, "\n");
                for (int part = 0; part < 2; part++) {
                    en_text(&en, &p, letters / 2, part, 2);
                    bench_puts(&en, "\n");
                }
            } else if (bead < 8) { /* 2-1: two Chinese paragraphs, one English */
                plan half = p;
                half.zh_chars = p.zh_chars / 2 + 5;
                half.rare = 0;
                zh_text(&zh, &half, ascii);
                bench_puts(&zh, "\n");
                half.nanchor = 0;
                half.rare = p.rare;
                zh_text(&zh, &half, ascii);
                bench_puts(&zh, "\n");
                en_text(&en, &p, letters, 0, 1);
                bench_puts(&en, "\n");
            } else {
                zh_text(&zh, &p, ascii);
                bench_puts(&zh, "\n");
                en_text(&en, &p, letters, 0, 1);
                bench_puts(&en, "\n");
            }
        }
    }
    fwrite(zh.s, 1, zh.len, stdout);
    fwrite(en.s, 1, en.len, stdout);
    fputs(footer, stdout);
    free(zh.s);
    free(en.s);
    if (fflush(stdout) != 0) {
        perror("gen");
        return 1;
    }
    return 0;
}
