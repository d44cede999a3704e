/* bench/align — how fast and how well align pairs long transcripts.
 *
 * Generates synthetic interviews whose true alignment is known: a host and
 * guests taking turns, paragraph lengths drawn from a log-normal (most
 * turns a few sentences, some very long), English about three letters per
 * Chinese character with the spread real translations show, and beads
 * mixed as published translations mix them (mostly 1-1; some 1-2, 2-1,
 * 2-2; asides such as (笑) and untranslated paragraphs as 1-0 / 0-1).
 * Numbers and Latin names appear in both languages, as anchors do.
 *
 * For 10,000 and 100,000 paragraphs a side it reports the time of
 * align_texts (measuring the texts and aligning: what align_document
 * costs) and of align_items (the search alone), how many true segments were
 * found exactly, and the memory the aligner held at its peak.
 *
 * Usage: align [N ...]   (paragraphs per side; default 10000 100000)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sys/resource.h>
#include <time.h>

#include "align.h"
#include "bench.h"

/* ---- a reproducible random source (splitmix64) -------------------------- */

static double unif(void) { return (double)(bench_rnd() >> 11) / 9007199254740992.0; }

static double gauss(void)
{
    double u = unif(), v = unif();
    return sqrt(-2 * log(u + 1e-300)) * cos(2 * M_PI * v);
}

static size_t pick(size_t n) { return (size_t)(bench_rnd() % n); }

/* ---- growing text buffers -------------------------------------------------- */

static void puts_(bench_buf *b, const char *s) { bench_put(b, s, strlen(s)); }

/* ---- the generator ----------------------------------------------------------- */

static const char HAN[] =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也"
    "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实"
    "加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样"
    "与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情";
static const char *const WORDS[] = {
    "the", "of", "and", "to", "in", "that", "it", "is", "was", "we", "for", "on", "are",
    "with", "they", "be", "at", "one", "have", "this", "from", "by", "but", "what", "all",
    "were", "when", "there", "can", "more", "about", "people", "would", "market", "think",
    "company", "because", "really", "model", "country", "business", "actually", "growth",
    "customers", "technology", "important", "different", "government", "investment",
    "question", "believe", "future", "building", "products", "between", "through",
};
static const char *const LATIN[] = {
    "OpenAI", "ModelScope", "NVIDIA", "TSMC", "Alibaba", "Tencent", "Huawei", "Baidu",
    "ByteDance", "Xiaomi", "GPU", "API", "AGI", "CEO", "IPO", "Qwen", "DeepSeek",
    "Shopee", "Lazada", "Temu", "Shein", "Pinduoduo", "Meituan", "Ant", "Kuaishou",
};
#define NLATIN (sizeof LATIN / sizeof LATIN[0])
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

/* A Chinese paragraph of about `han` characters, with punctuation. */
static void gen_zh(bench_buf *b, size_t han, const char *anchor)
{
    size_t at = anchor ? pick(han + 1) : (size_t)-1, clause = 0;
    for (size_t k = 0; k < han; k++) {
        if (k == at)
            puts_(b, anchor);
        size_t c = pick((sizeof HAN - 1) / 3);
        bench_put(b, HAN + 3 * c, 3);
        if (++clause > 6 + pick(10) && k + 1 < han) {
            puts_(b, pick(3) ? "，" : "。");
            clause = 0;
        }
    }
    if (at == han)
        puts_(b, anchor);
    puts_(b, "。");
}

/* An English paragraph of about `letters` letters. */
static void gen_en(bench_buf *b, size_t letters, const char *anchor)
{
    size_t n = 0, words = 0, at = anchor ? pick(letters / 5 + 1) : (size_t)-1;
    bool cap = true;
    while (n < letters || !words) {
        if (words)
            puts_(b, " ");
        const char *w = words == at ? anchor : WORDS[pick(NWORDS)];
        size_t len = strlen(w);
        if (cap && w != anchor) {
            char up = (char)(w[0] - 32);
            bench_put(b, &up, 1);
            bench_put(b, w + 1, len - 1);
        } else {
            bench_put(b, w, len);
        }
        cap = false;
        n += len;
        words++;
        if (pick(9) == 0 && n < letters) {
            puts_(b, pick(3) ? "," : ".");
            cap = b->s[b->len - 1] == '.';
        }
    }
    puts_(b, ".");
}

typedef struct para_ref {
    size_t off, len;
    int speaker;
} para_ref;

typedef struct side_gen {
    bench_buf text;
    para_ref *p;
    size_t n, cap;
} side_gen;

static void add_para(side_gen *s, size_t start, int speaker)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->p = realloc(s->p, s->cap * sizeof *s->p);
        if (!s->p)
            exit(1);
    }
    s->p[s->n++] = (para_ref){start, s->text.len - start, speaker};
}

typedef struct corpus {
    side_gen zh, en;
    doc_segment *gold;
    size_t ngold;
} corpus;

/* Bead shapes as a published translation mixes them. */
static void gold_shape(unsigned *a, unsigned *b)
{
    double u = unif();
    static const struct { double p; unsigned a, b; } mix[] = {
        {0.030, 1, 2}, {0.030, 2, 1}, {0.008, 2, 2}, {0.012, 1, 0}, {0.012, 0, 1},
        {0.004, 1, 3}, {0.004, 3, 1},
    };
    for (size_t k = 0; k < sizeof mix / sizeof mix[0]; k++) {
        if (u < mix[k].p) {
            *a = mix[k].a, *b = mix[k].b;
            return;
        }
        u -= mix[k].p;
    }
    *a = *b = 1;
}

/* Splits `total` into `parts` positive shares. */
static void split(size_t total, unsigned parts, size_t *out)
{
    size_t left = total;
    for (unsigned k = 0; k + 1 < parts; k++) {
        size_t share = (size_t)((double)left * (0.2 + 0.6 * unif()) / (parts - k) * 2 / 1.0);
        share = share < 1 ? 1 : share >= left ? left / 2 + 1 : share;
        out[k] = share;
        left = left > share ? left - share : 1;
    }
    out[parts - 1] = left;
}

/* A synthetic interview with about n paragraphs a side. en_offset shifts the
 * English speaker ids (labels written differently in each language). */
static void gen_corpus(corpus *c, size_t n, int en_offset)
{
    memset(c, 0, sizeof *c);
    c->gold = malloc((2 * n + 16) * sizeof *c->gold);
    int speaker = 0, nspeakers = 3;
    size_t turn_left = 1;
    while (c->zh.n < n || c->en.n < n) {
        if (!turn_left) {
            /* the host asks, a guest answers for one to four beads */
            speaker = speaker ? 0 : 1 + (int)pick((size_t)nspeakers - 1);
            turn_left = speaker ? 1 + pick(4) : 1;
        }
        turn_left--;
        unsigned a, b;
        gold_shape(&a, &b);
        /* length: log-normal, host turns shorter; English ~ 3 letters per
         * character with a spread like real translations' */
        double median = speaker ? 70 : 25;
        size_t han = (size_t)(median * exp(0.8 * gauss())) + 2;
        double en_chars = 3.0 * ((double)han + gauss() * sqrt(1.5 * (double)han + 3));
        size_t letters = en_chars < 3 ? 3 : (size_t)en_chars;
        bool aside = (a + b == 1) && pick(2);
        const char *anchor = NULL;
        char num[16];
        if (pick(3) == 0) {
            if (pick(2)) {
                snprintf(num, sizeof num, "%u", (unsigned)(2 + pick(3000)));
                anchor = num;
            } else {
                anchor = LATIN[pick(NLATIN)];
            }
        }
        doc_segment g = {.first = {(uint32_t)c->zh.n, (uint32_t)c->en.n}, .count = {a, b},
                         .speaker = speaker};
        size_t zs[3], es[3];
        split(han, a ? a : 1, zs);
        split(letters, b ? b : 1, es);
        for (unsigned k = 0; k < a; k++) {
            size_t start = c->zh.text.len;
            if (aside)
                puts_(&c->zh.text, "(笑)");
            else
                gen_zh(&c->zh.text, zs[k], k == 0 ? anchor : NULL);
            add_para(&c->zh, start, speaker);
        }
        for (unsigned k = 0; k < b; k++) {
            size_t start = c->en.text.len;
            if (aside)
                puts_(&c->en.text, "[laughter]");
            else
                gen_en(&c->en.text, es[k], k == b - 1 ? anchor : NULL);
            add_para(&c->en, start, speaker + en_offset);
        }
        c->gold[c->ngold++] = g;
    }
}

static void corpus_free(corpus *c)
{
    free(c->zh.text.s);
    free(c->en.text.s);
    free(c->zh.p);
    free(c->en.p);
    free(c->gold);
}

static align_text *texts_of(const side_gen *s)
{
    align_text *t = malloc(s->n * sizeof *t);
    for (size_t k = 0; k < s->n; k++)
        t[k] = (align_text){.text = s->text.s + s->p[k].off, .len = s->p[k].len, .speaker = s->p[k].speaker};
    return t;
}

/* How many true segments the result found exactly (both ranges equal). */
static size_t exact_matches(const corpus *c, const align_result *r)
{
    size_t hit = 0, k = 0;
    for (size_t g = 0; g < c->ngold; g++) {
        const doc_segment *t = &c->gold[g];
        while (k < r->nbeads && (r->beads[k].first[0] + r->beads[k].count[0] <= t->first[0] &&
                                 r->beads[k].first[1] + r->beads[k].count[1] <= t->first[1]) &&
               !(r->beads[k].first[0] == t->first[0] && r->beads[k].first[1] == t->first[1]))
            k++;
        if (k < r->nbeads && !memcmp(r->beads[k].first, t->first, sizeof t->first) &&
            !memcmp(r->beads[k].count, t->count, sizeof t->count))
            hit++;
    }
    return hit;
}

/* Items for align_items straight from the generated texts' measures, so
 * the search is timed alone: lengths counted the simple way the generator
 * wrote them (3 bytes per Han character, letters), no anchors. */
static align_item *items_of(const side_gen *s, bool zh)
{
    align_item *it = calloc(s->n, sizeof *it);
    for (size_t k = 0; k < s->n; k++) {
        const char *p = s->text.s + s->p[k].off;
        size_t han = 0, letters = 0;
        for (size_t i = 0; i < s->p[k].len; i++) {
            unsigned char ch = (unsigned char)p[i];
            if (ch >= 0xE4 && ch <= 0xE9)
                han++;
            else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
                letters++;
        }
        it[k].len = (float)(zh ? han : letters);
        it[k].lit = zh ? (float)letters : 0;
        it[k].speaker = s->p[k].speaker;
        it[k].aside = p[0] == '(' || p[0] == '[';
    }
    return it;
}

static double mib(size_t bytes) { return (double)bytes / (1024.0 * 1024.0); }

/* Whether bead b of a result is one of the true segments. */
static bool is_true(const corpus *c, const doc_segment *b)
{
    size_t lo = 0, hi = c->ngold;
    while (lo < hi) { /* true segments are in order of their first paragraphs */
        size_t mid = lo + (hi - lo) / 2;
        const doc_segment *g = &c->gold[mid];
        if (g->first[0] + g->first[1] < b->first[0] + b->first[1])
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t g = lo; g < c->ngold && c->gold[g].first[0] + c->gold[g].first[1] <=
                                             b->first[0] + b->first[1]; g++)
        if (!memcmp(c->gold[g].first, b->first, sizeof b->first) &&
            !memcmp(c->gold[g].count, b->count, sizeof b->count))
            return true;
    return false;
}

#define REPEAT 3 /* timings are the best of this many runs: the machine is shared */

static void run(size_t n, int en_offset)
{
    corpus c;
    gen_corpus(&c, n, en_offset);
    align_text *zh = texts_of(&c.zh), *en = texts_of(&c.en);
    align_item *iz = items_of(&c.zh, true), *ie = items_of(&c.en, false);
    align_result r, r2;
    double t_texts = 1e9, t_items = 1e9;
    for (int k = 0; k < REPEAT; k++) {
        double t0 = (bench_now_ms() / 1e3);
        if (align_texts(zh, c.zh.n, en, c.en.n, NULL, &r) != ST_OK) {
            fprintf(stderr, "bench/align: align_texts failed\n");
            exit(1);
        }
        double t1 = (bench_now_ms() / 1e3);
        if (align_items(iz, c.zh.n, ie, c.en.n, NULL, &r2) != ST_OK) {
            fprintf(stderr, "bench/align: align_items failed\n");
            exit(1);
        }
        double t2 = (bench_now_ms() / 1e3);
        t_texts = t1 - t0 < t_texts ? t1 - t0 : t_texts;
        t_items = t2 - t1 < t_items ? t2 - t1 : t_items;
        if (k + 1 < REPEAT) {
            align_result_free(&r);
            align_result_free(&r2);
        }
    }
    size_t hit = exact_matches(&c, &r), hit2 = exact_matches(&c, &r2), nonone = 0;
    for (size_t g = 0; g < c.ngold; g++)
        nonone += c.gold[g].count[0] != 1 || c.gold[g].count[1] != 1;
    size_t weak = 0, wrong = 0, wrong_weak = 0;
    for (size_t k = 0; k < r.nbeads; k++) {
        bool w = r.beads[k].confidence < DOC_WEAK_CONFIDENCE, ok = is_true(&c, &r.beads[k]);
        weak += w;
        wrong += !ok;
        wrong_weak += !ok && w;
    }
    printf("align %zu zh / %zu en paragraphs, %zu true segments (%.1f%% not 1-1)%s\n", c.zh.n,
           c.en.n, c.ngold, 100.0 * (double)nonone / (double)c.ngold,
           en_offset ? ", speakers labelled differently per language" : "");
    printf("  align_texts (measure + align): %7.3f s   exact segments %6.2f%%\n", t_texts,
           100.0 * (double)hit / (double)c.ngold);
    printf("  align_items (search only):     %7.3f s   exact segments %6.2f%%\n", t_items,
           100.0 * (double)hit2 / (double)c.ngold);
    printf("  found %zu segments, %zu not true (%zu of them marked weak), %zu weak in all\n",
           r.nbeads, wrong, wrong_weak, weak);
    printf("  model: ratio %.2f, variance %.2f, band %u, speaker pairs learned %zu\n", r.ratio,
           r.variance, r.band, r.npairs);
    printf("  memory: aligner peak %.1f MiB (the texts: %.1f MiB)\n", mib(r.bytes),
           mib(c.zh.text.len + c.en.text.len));
    align_result_free(&r);
    align_result_free(&r2);
    free(iz);
    free(ie);
    free(zh);
    free(en);
    corpus_free(&c);
}

int main(int argc, char **argv)
{
    size_t sizes[16] = {10000, 100000}, nsizes = 2;
    if (argc > 1) {
        nsizes = 0;
        for (int k = 1; k < argc && nsizes < 16; k++)
            sizes[nsizes++] = (size_t)strtoul(argv[k], NULL, 10);
    }
    for (size_t k = 0; k < nsizes; k++)
        run(sizes[k], 0);
    for (size_t k = 0; k < nsizes; k++)
        run(sizes[k], 100);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  process peak RSS %.1f MiB\n", ru.ru_maxrss / 1024.0);
    return 0;
}
