/* align — banded dynamic programming over beads; the cost model is
 * described in align.h. Layout of this file: constants, the measuring of
 * texts (lengths, asides, anchor tokens), the per-document preparation
 * (prefix sums, speaker runs, anchor weights, speaker maps), the bead cost,
 * the banded forward pass, the backward pass that gives confidences,
 * re-estimation between passes, and the public entry points. */
#include "align.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "grow.h"

/* ---- the cost model's constants (negative log-likelihoods, in nats) ------ */

#define PRIOR_RATIO 3.0   /* English letters per Chinese character, a priori */
#define PRIOR_KAPPA 2.0   /* length variance per Chinese character, a priori */
#define SHRINK 4.0        /* weight of the priors, in beads, when re-estimating */
#define LEN_FLOOR 3.0     /* variance floor, in characters: short turns vary */
#define DROP_LOG 0.5      /* 1-0 / 0-1: per ln(1 + length) */
#define ASIDE_P 0.2       /* an aside standing alone */
#define MISMATCH 6.0      /* the two sides name different speakers */
#define TURN 3.0          /* one side starts a new turn, the other does not */
#define ANCHOR_SCALE 0.7  /* reward per idf nat of a shared token */
#define ANCHOR_CAP 2.0    /* most one token can earn */
#define ANCHOR_NEAR 5     /* paragraphs each way: "rare" means rare nearby */
#define QUESTION 1.5      /* one side asks, the other does not */
#define QUOTE 0.7         /* one side quotes, the other does not */
#define ASIDE_MIX 3.0     /* an aside paired with anything but one aside */
#define FIGURE_MISS 1.0   /* per number in figures the other side lacks */
#define FIGURE_CAP 3      /* ... counted up to this many */
#define ORDER 4.0         /* a pair in the order its neighbours do not use */
#define RUNS_DROP_P 0.05  /* a one-sided paragraph where each translation
                             stands by its original: the layout shows the
                             gap, so it is likelier than in two sections */
#define ORDER_NEAR 6      /* pairs each way that say which order is usual */
#define UNNAMED 2.0       /* a named paragraph paired with an unnamed one
                             where both languages name their speakers */
#define RUN_GAP 6.0       /* per run a pair reaches beyond its neighbour */
#define TIME_SPREAD 2.0   /* times that do not coincide: per share not shared */
#define TIME_APART 8.0    /* times that do not overlap at all */
#define FIT_P 0.05        /* length agreement below this p weakens confidence */
#define MARGIN_CAP 8.0    /* margins beyond this all read as certain: tanh(4) is
                             1.00 to two places, as confidences are shown */

#define INF 1e30
#define FULL_CELLS ((size_t)1 << 20) /* full table up to this many cells */
#define MAX_CELLS ((size_t)1 << 24)  /* widening stops here (5 bytes a cell) */
#define AUTO_BAND 5
#define SAMPLE_ROWS 4000            /* pass 1 of a long document reads this many */
#define SPK_MAX 65536                /* speaker ids beyond are matched by turn only */

static const struct {
    uint8_t a, b; /* Chinese, English paragraphs */
    double p;
} BEADS[] = {
    {1, 1, 0.86}, {1, 0, 0.01}, {0, 1, 0.01}, {2, 1, 0.04},
    {1, 2, 0.04}, {2, 2, 0.01}, {3, 1, 0.005}, {1, 3, 0.005},
};
#define NBEADS (sizeof BEADS / sizeof BEADS[0])
#define NO_BEAD 255

/* ---- small helpers --------------------------------------------------------- */

static uint32_t fnv(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h ? h : 1; /* 0 marks an empty slot */
}

/* An open-addressing set of token ids, with a count and a weight each. */
typedef struct idset {
    uint32_t *key;   /* 0: an empty slot */
    uint32_t *count;
    float *weight;
    size_t mask;
} idset;

static bool idset_init(idset *s, size_t expect)
{
    size_t size = 64;
    while (size < expect * 2)
        size *= 2;
    s->key = calloc(size, sizeof *s->key);
    s->count = calloc(size, sizeof *s->count);
    s->weight = calloc(size, sizeof *s->weight);
    s->mask = size - 1;
    return s->key && s->count && s->weight;
}

static void idset_free(idset *s)
{
    free(s->key);
    free(s->count);
    free(s->weight);
}

/* The slot of id: where it is, or the empty slot where it would go. */
static size_t idset_slot(const idset *s, uint32_t id)
{
    size_t i = (id * 2654435761u) & s->mask;
    while (s->key[i] && s->key[i] != id)
        i = (i + 1) & s->mask;
    return i;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts ids[0..n) and drops repeats; returns the new count. */
static uint32_t sort_unique(uint32_t *ids, uint32_t n)
{
    if (n < 2)
        return n;
    qsort(ids, n, sizeof *ids, cmp_u32);
    uint32_t k = 1;
    for (uint32_t i = 1; i < n; i++)
        if (ids[i] != ids[k - 1])
            ids[k++] = ids[i];
    return k;
}

/* The position of id in ids[0..n) (sorted), or -1. */
static long find_id(const uint32_t *ids, uint32_t n, uint32_t id)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else if (ids[mid] > id)
            hi = mid;
        else
            return (long)mid;
    }
    return -1;
}

/* ---- measuring texts --------------------------------------------------------- */

/* Code points that make up Chinese text length: Han, Kana, Hangul. */
static inline bool is_cjk_letter(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
           (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7A3) || c == 0x3007;
}

/* The low bytes of the numerals' code points below, as a 256-bit set: one
 * look rules out most characters before the switch. */
static const uint64_t ZH_NUMERAL_LOW[4] = {
    (1ull << 0x00) | (1ull << 0x03) | (1ull << 0x04) | (1ull << 0x07) | (1ull << 0x09) |
        (1ull << 0x24) | (1ull << 0x2C),
    (1ull << (0x41 - 64)) | (1ull << (0x43 - 64)) | (1ull << (0x5D - 64)) |
        (1ull << (0x69 - 64)) | (1ull << (0x6B - 64)) | (1ull << (0x6D - 64)) |
        (1ull << (0x7E - 64)),
    (1ull << (0x8C - 128)) | (1ull << (0x94 - 128)) | (1ull << (0xBF - 128)),
    (1ull << (0xDB - 192)) | (1ull << (0xF6 - 192)),
};

/* A Chinese numeral's digit (0..9); -1 for a unit (10, 100 …, in *unit);
 * -2 for anything else. */
static inline int zh_numeral(int32_t c, uint32_t *unit)
{
    *unit = 0;
    if (!(ZH_NUMERAL_LOW[(c >> 6) & 3] >> (c & 63) & 1))
        return -2;
    switch (c) {
    case 0x96F6: case 0x3007: return 0;          /* 零 〇 */
    case 0x4E00: return 1;                       /* 一 */
    case 0x4E8C: case 0x4E24: case 0x5169: return 2; /* 二 两 兩 */
    case 0x4E09: return 3;
    case 0x56DB: return 4;
    case 0x4E94: return 5;
    case 0x516D: return 6;
    case 0x4E03: return 7;
    case 0x516B: return 8;
    case 0x4E5D: return 9;
    case 0x5341: *unit = 10; return -1;          /* 十 */
    case 0x767E: *unit = 100; return -1;         /* 百 */
    case 0x5343: *unit = 1000; return -1;        /* 千 */
    case 0x4E07: case 0x842C: *unit = 10000; return -1;     /* 万 萬 */
    case 0x4EBF: case 0x5104: *unit = 100000000; return -1; /* 亿 億 */
    default: return -2;
    }
}

/* English number words: their value and how they combine. */
enum { NW_UNIT, NW_TENS, NW_HUNDRED, NW_SCALE, NW_ORDINAL, NW_MONTH };
static const struct {
    const char *word;
    uint32_t value;
    uint8_t kind;
} NUMBER_WORDS[] = {
    {"one", 1, NW_UNIT}, {"two", 2, NW_UNIT}, {"three", 3, NW_UNIT},
    {"four", 4, NW_UNIT}, {"five", 5, NW_UNIT}, {"six", 6, NW_UNIT},
    {"seven", 7, NW_UNIT}, {"eight", 8, NW_UNIT}, {"nine", 9, NW_UNIT},
    {"ten", 10, NW_UNIT}, {"eleven", 11, NW_UNIT}, {"twelve", 12, NW_UNIT},
    {"thirteen", 13, NW_UNIT}, {"fourteen", 14, NW_UNIT}, {"fifteen", 15, NW_UNIT},
    {"sixteen", 16, NW_UNIT}, {"seventeen", 17, NW_UNIT}, {"eighteen", 18, NW_UNIT},
    {"nineteen", 19, NW_UNIT}, {"twenty", 20, NW_TENS}, {"thirty", 30, NW_TENS},
    {"forty", 40, NW_TENS}, {"fifty", 50, NW_TENS}, {"sixty", 60, NW_TENS},
    {"seventy", 70, NW_TENS}, {"eighty", 80, NW_TENS}, {"ninety", 90, NW_TENS},
    {"hundred", 100, NW_HUNDRED}, {"thousand", 1000, NW_SCALE},
    {"million", 1000000, NW_SCALE}, {"billion", 1000000000, NW_SCALE},
    {"second", 2, NW_ORDINAL}, {"third", 3, NW_ORDINAL}, {"fourth", 4, NW_ORDINAL},
    {"fifth", 5, NW_ORDINAL}, {"sixth", 6, NW_ORDINAL}, {"seventh", 7, NW_ORDINAL},
    {"eighth", 8, NW_ORDINAL}, {"ninth", 9, NW_ORDINAL}, {"tenth", 10, NW_ORDINAL},
    {"eleventh", 11, NW_ORDINAL}, {"twelfth", 12, NW_ORDINAL},
    /* months are their numbers, as 三月 is (May is left out: "may") */
    {"january", 1, NW_MONTH}, {"february", 2, NW_MONTH}, {"march", 3, NW_MONTH},
    {"april", 4, NW_MONTH}, {"june", 6, NW_MONTH}, {"july", 7, NW_MONTH},
    {"august", 8, NW_MONTH}, {"september", 9, NW_MONTH}, {"october", 10, NW_MONTH},
    {"november", 11, NW_MONTH}, {"december", 12, NW_MONTH},
};
#define NNUMBER_WORDS (sizeof NUMBER_WORDS / sizeof NUMBER_WORDS[0])

/* The shape index and bit of a token of n lower-case letters and digits. */
static size_t shape_char(char c)
{
    return c >= 'a' ? (size_t)(c - 'a') : 26 + (size_t)(c - '0');
}

static size_t shape_index(const char *t, size_t n)
{
    return shape_char(t[0]) * 36 + shape_char(t[n > 1]);
}

static uint64_t shape_bit(size_t n)
{
    return (uint64_t)1 << (n < 63 ? n : 63);
}

/* The number words by token id in a small open-addressing table, so an
 * English word costs one probe, not a scan of the list. Filled once per
 * align_texts call (no global state). */
#define NUMWORD_SLOTS 128
#define SHAPES (36 * 36)
typedef struct numword_table {
    uint32_t id[NUMWORD_SLOTS];
    int8_t word[NUMWORD_SLOTS]; /* index into NUMBER_WORDS, -1 empty */
    uint64_t shape[SHAPES];     /* as meter.shape, for the number words */
} numword_table;

static void numword_table_init(numword_table *t)
{
    memset(t, 0, sizeof *t);
    memset(t->word, -1, sizeof t->word);
    for (size_t k = 0; k < NNUMBER_WORDS; k++) {
        uint32_t id = fnv(NUMBER_WORDS[k].word, strlen(NUMBER_WORDS[k].word));
        size_t slot = id % NUMWORD_SLOTS;
        while (t->word[slot] >= 0)
            slot = (slot + 1) % NUMWORD_SLOTS;
        t->id[slot] = id;
        t->word[slot] = (int8_t)k;
        const char *w = NUMBER_WORDS[k].word;
        t->shape[shape_index(w, strlen(w))] |= shape_bit(strlen(w));
    }
}

/* The number word a token is, or -1. */
static int numword_find(const numword_table *t, uint32_t id, const char *tok, size_t n)
{
    for (size_t slot = id % NUMWORD_SLOTS; t->word[slot] >= 0; slot = (slot + 1) % NUMWORD_SLOTS) {
        const char *w = NUMBER_WORDS[t->word[slot]].word;
        if (t->id[slot] == id && strlen(w) == n && memcmp(w, tok, n) == 0)
            return t->word[slot];
    }
    return -1;
}

#define TOK_MAX 48

/* The state of scanning one paragraph for its length and anchor tokens. */
typedef struct meter {
    lang_id lang;
    const numword_table *numwords;
    const idset *filter;  /* English: keep only ids the Chinese side has */
    char tok[TOK_MAX];    /* the Latin token being read, lower-cased */
    size_t ntok;
    bool tok_alpha;       /* it has a letter */
    uint64_t num_total, num_group; /* English number words being combined */
    bool num_active;
    uint64_t zh_total, zh_group, zh_digit; /* a Chinese numeral being read */
    char zh_digits[24];   /* its digits alone, for 二〇二四 */
    size_t zh_ndigits;
    bool zh_units, zh_active;
    char pend[TOK_MAX];   /* a number in digits just read, which a scale
                             after it may multiply (25万, 1.2 billion) */
    size_t npend;
    uint32_t questions, quotes, dquotes; /* ? ？, “ 「 『, ASCII " */
    uint32_t *ids;        /* the anchors found */
    uint32_t nids;
    size_t cap;
    uint32_t *figs;       /* the numbers found written in figures, unfiltered */
    uint32_t nfigs;
    size_t figcap;
    bool oom;
    /* Word shapes: bit n of shape[first two characters] is set when a word
     * of n letters starting with them was emitted (Chinese side), so the
     * English side hashes only the few words that could be anchors at all. */
    uint64_t shape[SHAPES];
    const uint64_t *wanted; /* English: the Chinese side's shapes */
} meter;


static void meter_emit(meter *s, uint32_t id)
{
    if (s->filter && !s->filter->key[idset_slot(s->filter, id)])
        return;
    if (s->nids == UINT32_MAX || !GROW(s->ids, s->cap, (size_t)s->nids + 1)) {
        s->oom = true;
        return;
    }
    s->ids[s->nids++] = id;
}

/* A number written in figures: an anchor, and one whose absence on the
 * other side of a pair counts against it (not filtered: English figures
 * the Chinese lacks matter most). */
static void meter_figure(meter *s, uint32_t id)
{
    meter_emit(s, id);
    if (s->nfigs == UINT32_MAX || !GROW(s->figs, s->figcap, (size_t)s->nfigs + 1)) {
        s->oom = true;
        return;
    }
    s->figs[s->nfigs++] = id;
}

static uint32_t number_id(uint64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "#%llu", (unsigned long long)v);
    return fnv(buf, (size_t)n);
}

/* Numbers are anchors from 2 up: "one" and 一 are everywhere. */
static void meter_emit_number(meter *s, uint64_t v)
{
    if (v >= 2)
        meter_emit(s, number_id(v));
}

static void meter_end_number_words(meter *s)
{
    if (s->num_active)
        meter_emit_number(s, s->num_total + s->num_group);
    s->num_active = false;
    s->num_total = s->num_group = 0;
}

/* Folds one English number word into the number being read. */
static void meter_number_word(meter *s, int k)
{
    uint64_t v = NUMBER_WORDS[k].value;
    s->num_active = true;
    switch (NUMBER_WORDS[k].kind) {
    case NW_HUNDRED:
        s->num_group = (s->num_group ? s->num_group : 1) * v;
        break;
    case NW_SCALE:
        s->num_total += (s->num_group ? s->num_group : 1) * v;
        s->num_group = 0;
        break;
    case NW_ORDINAL:
        s->num_group += v;
        meter_end_number_words(s);
        break;
    default:
        s->num_group += v;
        break;
    }
}

/* Emits the number written as digits t[0..n) ("007" is 7; 0 and 1 are not
 * anchors, like one and 一). */
static void meter_emit_digits(meter *s, const char *t, size_t n)
{
    size_t k = 0;
    while (k + 1 < n && t[k] == '0' && t[k + 1] != '.')
        k++;
    if (n - k == 1 && (t[k] == '0' || t[k] == '1'))
        return;
    char buf[TOK_MAX + 1] = "#";
    memcpy(buf + 1, t + k, n - k);
    meter_figure(s, fnv(buf, n - k + 1));
}

/* The length of the digits an ordinal in digits starts with (3rd, 21st), or 0. */
static size_t ordinal_digits(const char *t, size_t n)
{
    size_t d = 0;
    while (d < n && t[d] >= '0' && t[d] <= '9')
        d++;
    if (d == 0 || d + 2 != n)
        return 0;
    const char *x = t + d;
    return (!memcmp(x, "st", 2) || !memcmp(x, "nd", 2) || !memcmp(x, "rd", 2) ||
            !memcmp(x, "th", 2)) ? d : 0;
}

/* The number in digits read last: multiplied by `scale` when one follows
 * it (25万 = 250000, 1.2 billion), else as written. */
static void meter_settle_pending(meter *s, double scale)
{
    size_t n = s->npend;
    s->npend = 0;
    if (scale > 1) {
        char buf[TOK_MAX + 1];
        memcpy(buf, s->pend, n);
        buf[n] = '\0';
        double v = strtod(buf, NULL) * scale;
        if (v >= 2 && v < 1e18 && fabs(v - floor(v + 0.5)) < 1e-6) {
            meter_figure(s, number_id((uint64_t)floor(v + 0.5)));
            return;
        }
    }
    meter_emit_digits(s, s->pend, n);
}

/* meter_settle where nothing is pending costs a test: every character of a
 * transcript asks. */
static inline void meter_settle(meter *s, double scale)
{
    if (s->npend)
        meter_settle_pending(s, scale);
}

/* The token just read: a number (digits), a number word, or a Latin word. */
static void meter_flush_token(meter *s)
{
    size_t n = s->ntok, d = 0;
    const char *t = s->tok;
    s->ntok = 0;
    if (n == 0)
        return;
    if (!s->tok_alpha) {
        meter_end_number_words(s);
        meter_settle(s, 0);
        memcpy(s->pend, t, n); /* a scale may follow */
        s->npend = n;
        return;
    }
    if ((d = ordinal_digits(t, n)) > 0) {
        meter_end_number_words(s);
        meter_settle(s, 0);
        meter_emit_digits(s, t, d);
        return;
    }
    /* A plural is its singular: APIs, GPUs, AIs. */
    if (n >= 3 && t[n - 1] == 's' && t[n - 2] != 's')
        n--;
    size_t si = shape_index(t, n);
    uint64_t bit = shape_bit(n);
    if (s->lang == LANG_EN && !(s->wanted[si] & bit) && !(s->numwords->shape[si] & bit)) {
        meter_settle(s, 0);
        meter_end_number_words(s); /* neither an anchor nor a number: most words */
        return;
    }
    if (s->lang == LANG_ZH)
        meter_settle(s, 0);
    uint32_t id = fnv(t, n);
    if (s->lang == LANG_EN) {
        int k = numword_find(s->numwords, id, t, n);
        if (k >= 0 && s->npend &&
            (NUMBER_WORDS[k].kind == NW_SCALE || NUMBER_WORDS[k].kind == NW_HUNDRED)) {
            meter_settle(s, NUMBER_WORDS[k].value); /* 42 billion */
            return;
        }
        meter_settle(s, 0);
        if (k >= 0 && NUMBER_WORDS[k].kind == NW_MONTH) {
            meter_end_number_words(s);
            meter_emit_number(s, NUMBER_WORDS[k].value);
            return;
        }
        if (k >= 0) {
            meter_number_word(s, k);
            return;
        }
        meter_end_number_words(s);
        meter_emit(s, id);
    } else if (n >= 2) {
        meter_emit(s, id); /* one Latin letter in Chinese (A轮) says little */
        s->shape[si] |= bit;
    }
}

static void meter_zh_numeral_end(meter *s, bool percent_follows)
{
    if (!s->zh_active)
        return;
    s->zh_active = false;
    if (percent_follows && !s->zh_ndigits)
        return; /* the 百 of 百分之 is not a hundred */
    if (!s->zh_units && s->zh_ndigits >= 3) {
        /* 二〇二四: digits read one by one, a year */
        char buf[26] = "#";
        memcpy(buf + 1, s->zh_digits, s->zh_ndigits);
        meter_emit(s, fnv(buf, s->zh_ndigits + 1));
    } else if (!s->zh_units) {
        for (size_t k = 0; k < s->zh_ndigits; k++) /* 三四年: three or four */
            meter_emit_number(s, (uint64_t)(s->zh_digits[k] - '0'));
    } else {
        meter_emit_number(s, s->zh_total + s->zh_group + s->zh_digit);
    }
    s->zh_total = s->zh_group = s->zh_digit = 0;
    s->zh_ndigits = 0;
    s->zh_units = false;
}

/* Folds one Chinese numeral character into the number being read. */
static void meter_zh_numeral(meter *s, int digit, uint32_t unit)
{
    s->zh_active = true;
    if (digit >= 0) {
        s->zh_digit = (uint64_t)digit;
        if (s->zh_ndigits < sizeof s->zh_digits)
            s->zh_digits[s->zh_ndigits++] = (char)('0' + digit);
        return;
    }
    s->zh_units = true;
    if (unit >= 10000) {
        s->zh_total = (s->zh_total + s->zh_group + s->zh_digit) * unit;
        s->zh_group = 0;
    } else {
        /* 十二 = 12: a bare 十 is one ten */
        uint64_t d = s->zh_digit ? s->zh_digit : (unit == 10 ? 1 : 0);
        s->zh_group += d * unit;
    }
    s->zh_digit = 0;
}

static bool is_open_bracket(int32_t c)
{
    return c == '(' || c == '[' || c == 0xFF08 || c == 0x3010 || c == 0x3014 || c == 0xFF3B;
}

static bool is_close_bracket(int32_t c)
{
    return c == ')' || c == ']' || c == 0xFF09 || c == 0x3011 || c == 0x3015 || c == 0xFF3D;
}

/* The code point at p[0..n) and its length. The text is valid UTF-8 (what
 * text_decode guarantees and align_text requires); this loop reads every
 * byte of a transcript, where a library call per character would cost more
 * than everything else, so it decodes by hand — and still yields U+FFFD
 * for a sequence that is not valid rather than read past the end. */
static inline size_t utf8_next(const unsigned char *p, size_t n, int32_t *c)
{
    unsigned b = p[0];
    size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (len == 1 || len > n) {
        *c = b < 0x80 ? (int32_t)b : 0xFFFD;
        return 1;
    }
    int32_t v = (int32_t)(b & (0x7F >> len));
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *c = 0xFFFD;
            return k;
        }
        v = (v << 6) | (p[k] & 0x3F);
    }
    *c = v;
    return len;
}

#define ASIDE_MAX 80 /* code points: (笑), [laughter], [This answer has been edited.] */

/* A paragraph that is only a short bracketed remark: (笑), [laughter],
 * （掌声）. One closing bracket, at the end: "(a) b (c)" is not one. */
static bool is_aside(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    while (len && (p[0] == ' ' || p[0] == '\t'))
        p++, len--;
    if (!len || len > 4 * ASIDE_MAX)
        return false;
    size_t last = len - 1, cps = 0, closers = 0, i = 0;
    while (last > 0 && (p[last] & 0xC0) == 0x80)
        last--;
    int32_t c0, c1;
    utf8_next(p, len, &c0);
    utf8_next(p + last, len - last, &c1);
    if (!is_open_bracket(c0) || !is_close_bracket(c1))
        return false; /* most paragraphs: two looks */
    for (int32_t c; i < len; cps++) {
        i += utf8_next(p + i, len - i, &c);
        closers += is_close_bracket(c);
    }
    return cps >= 2 && cps <= ASIDE_MAX && closers == 1;
}

/* One ASCII letter (lower-cased) or digit of a Latin token. */
static void meter_alnum(meter *s, int c, bool alpha)
{
    if (s->zh_active)
        meter_zh_numeral_end(s, false);
    if (s->ntok == 0)
        s->tok_alpha = false;
    if (s->ntok < TOK_MAX)
        s->tok[s->ntok++] = (char)c;
    s->tok_alpha |= alpha;
}

/* Anything else ends the token being read. */
static void meter_break(meter *s)
{
    if (s->ntok)
        meter_flush_token(s);
}

/* One character that is neither a Latin letter, a digit nor a space. */
static void meter_other(meter *s, const unsigned char *rest, size_t nrest, int32_t c,
                       uint32_t *main_len)
{
    meter_break(s);
    if (c == '?' || c == 0xFF1F)
        s->questions++;
    else if (c == 0x201C || c == 0x300C || c == 0x300E)
        s->quotes++;
    else if (c == '"')
        s->dquotes++;
    if (s->lang == LANG_ZH) {
        uint32_t unit;
        int d = zh_numeral(c, &unit);
        if (d == -1 && unit >= 1000 && s->npend) {
            meter_settle(s, unit); /* 25万, 1.2亿, 3千 */
            *main_len += 1;
            return;
        }
        meter_settle(s, 0);
        if (d >= -1) {
            if (unit == 100 && nrest >= 6 && !memcmp(rest, "\xE5\x88\x86\xE4\xB9\x8B", 6))
                meter_zh_numeral_end(s, true); /* 百分之: a percent sign */
            else
                meter_zh_numeral(s, d, unit);
        } else if (s->zh_active) {
            meter_zh_numeral_end(s, false);
        }
        *main_len += is_cjk_letter(c);
        return;
    }
    if (c >= 0x80) {
        utf8proc_category_t cat = utf8proc_category(c);
        /* é, ß, ½: letters and digits of English words; a Chinese name */
        *main_len += (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                     (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
                     is_cjk_letter(c);
    }
    if (c != '$' && c != 0xA5 && c != 0x20AC && c != 0xA3)
        meter_settle(s, 0); /* a sign or a stop ends a number: 5% */
    if (c != '-' && s->num_active)
        meter_end_number_words(s); /* twenty-two goes on; "two, three" not */
}

/* Measures one paragraph into *it (anchors left in s->ids): its length in
 * the side's unit, the Latin letters and digits inside Chinese, anchors. */
static void meter_text(meter *s, const char *text, size_t len, align_item *it)
{
    const unsigned char *p = (const unsigned char *)text;
    uint32_t main_len = 0, lit = 0, *alnum = s->lang == LANG_ZH ? &lit : &main_len;
    size_t i = 0;
    while (i < len) {
        int32_t c = p[i];
        if (c >= 0xE4 && c <= 0xE9 && i + 2 < len && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80 && s->lang == LANG_ZH) {
            /* a CJK ideograph, most of Chinese text: the short way */
            uint32_t unit;
            c = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
            if (zh_numeral(c, &unit) == -2) {
                i += 3;
                meter_break(s);
                meter_settle(s, 0);
                if (s->zh_active)
                    meter_zh_numeral_end(s, false);
                main_len++;
                continue;
            }
            c = p[i];
        }
        if (c < 0x80) {
            i++;
        } else {
            i += utf8_next(p + i, len - i, &c);
            if (c >= 0xFF10 && c <= 0xFF5A && c != 0xFF20 && (c < 0xFF1A || c > 0xFF20) &&
                (c < 0xFF3B || c > 0xFF40))
                c -= 0xFEE0; /* fullwidth digits and letters are ASCII ones */
        }
        int lower = c | 0x20;
        if (lower >= 'a' && lower <= 'z') {
            meter_alnum(s, lower, true);
            ++*alnum;
            /* the rest of an ASCII word in one go: most of English text */
            while (i < len && ((unsigned)((p[i] | 0x20) - 'a') < 26u || (unsigned)(p[i] - '0') < 10u)) {
                if (s->ntok < TOK_MAX)
                    s->tok[s->ntok++] = (char)(p[i] <= '9' ? p[i] : p[i] | 0x20);
                ++*alnum;
                i++;
            }
        } else if (c >= '0' && c <= '9') {
            meter_alnum(s, c, false);
            ++*alnum;
        } else if ((c == ',' || c == '.') && s->ntok && !s->tok_alpha && i < len &&
                   p[i] >= '0' && p[i] <= '9') {
            if (c == '.' && s->ntok < TOK_MAX) /* 1,000 and 3.5 stay one number */
                s->tok[s->ntok++] = '.';
        } else if (c == ' ' || c == '\t' || c == '\n' || c == 0x3000) {
            meter_break(s);
            if (s->zh_active)
                meter_zh_numeral_end(s, false);
        } else {
            meter_other(s, p + i, len - i, c, &main_len);
        }
    }
    meter_break(s);
    meter_settle(s, 0);
    meter_end_number_words(s);
    meter_zh_numeral_end(s, false);
    it->len = (float)main_len;
    it->lit = (float)lit;
    it->aside = is_aside(text, len);
    uint32_t quotes = s->quotes + (s->dquotes + 1) / 2;
    it->questions = (uint8_t)(s->questions < 255 ? s->questions : 255);
    it->quotes = (uint8_t)(quotes < 255 ? quotes : 255);
    s->questions = s->quotes = s->dquotes = 0;
}

/* ---- a document prepared for the search ------------------------------------ */

typedef struct side {
    const align_item *it;
    size_t n;
    double *len, *lit; /* prefix sums, n + 1 */
    double *rew;       /* prefix sums of the weights of its anchors that
                          both sides hold: the most they can earn */
    double *drop;      /* per paragraph: the cost of standing alone */
    uint8_t *marks;    /* per paragraph: MARK_* bits */
    uint32_t *run;     /* per paragraph: its speaker run (runs change only
                          between two known speakers) */
    int *runspk;       /* per run: its speaker, -1 unknown */
    int8_t *turn;      /* per paragraph: 1 a known speaker change from the
                          one before, 0 none, -1 unknown */
    int *map;          /* per speaker id < nmap: the other side's id, -1 */
    bool *present;     /* per speaker id < nmap: used on this side */
    size_t nmap;
} side;

/* The two lowest costs of a best alignment holding a bead over one
 * paragraph, and the bead of the lowest (bead_id). */
typedef struct minmarg {
    float v1, v2;   /* floats: a margin of a hundredth of a nat is no matter,
                       and the table is half the size */
    uint64_t id1;
} minmarg;

/* What a paragraph holds that its partner should too (side.marks). */
enum {
    MARK_QUESTION = 1, MARK_QUOTE = 2, MARK_ASIDE = 4, MARK_FIGURE = 8,
    MARK_UNNAMED = 16 /* no speaker */
};

/* One bead of a path: its first paragraphs and its type. */
typedef struct step {
    uint32_t i, j;
    uint8_t t;
} step;

#define TAIL_RES 16  /* table steps per unit of z^2 (floats: it stays in L1) */
#define TAIL_MAX 100 /* z^2 beyond: the asymptote */

typedef struct ctx {
    side s[LANG_SIDES];
    float *ew;         /* weight per English anchor, flattened in item order */
    size_t *ewoff;     /* en paragraph k's weights start at ew + ewoff[k] */
    double c, kappa;   /* the length model */
    double inv_c;      /* 1 / c */
    double prior[NBEADS], aside_prior;
    bool runs;         /* the items' runs mean something (align_options) */
    bool named;        /* most paragraphs of both languages have a speaker */
    bool timed;        /* some paragraph has a time */
    float *order;      /* runs: per Chinese paragraph, which language its
                          neighbouring pairs put first (+1 Chinese, -1
                          English, between: mixed); NULL before it is known */
    float tail[TAIL_MAX * TAIL_RES + 2];
    /* the band: row i holds English boundaries lo[i] .. lo[i] + Wd - 1 */
    size_t W, Wd;
    size_t Wd_alloc;   /* the Wd the band arrays were allocated for */
    bool proportional; /* window on the straight diagonal (the fallback) */
    double slope;      /* English paragraphs per Chinese one: that diagonal */
    bool free_end;     /* searching a prefix of the Chinese side: the path
                          ends anywhere in the last row */
    uint32_t *lo;
    uint32_t *rlo, *rhi; /* per row: the first and last finite cell's j
                            (rlo > rhi: none) */
    float *f;          /* F(i, j) - base[i], (n + 1) * Wd */
    double *base;
    uint8_t *mark;     /* forward: the bead that reaches a cell; after the
                          traceback: path bead leaving it + 1, or 0 */
    double *ring[4];   /* the last four rows, absolute */
    minmarg *mm[LANG_SIDES]; /* per paragraph: the two best beads over it */
    float *pin[LANG_SIDES]; /* per paragraph: the min-marginal of the path
                                bead it opens (INF: none, or out of reach) */
    step *path;
    size_t npath;
    size_t bytes, peak; /* memory held by the aligner */
} ctx;

static void *ctx_alloc(ctx *c, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p) {
        c->bytes += n * size;
        if (c->bytes > c->peak)
            c->peak = c->bytes;
    }
    return p;
}

static void ctx_release(ctx *c, void *p, size_t n, size_t size)
{
    if (p)
        c->bytes -= n * size;
    free(p);
}

/* -ln P(|N(0,1)| >= z) from z^2: Gale & Church's length cost. A table in
 * z^2 spares a square root and a division per bead in the search. */
static inline double tail_cost(const ctx *c, double z2)
{
    if (z2 >= TAIL_MAX) /* z^2/2 + ln z + ln sqrt(pi/2), ln z by its tangent at
                           z = 10: costs out here are hopeless anyway */
        return 0.5 * z2 + 1.3026 + 0.1 * sqrt(z2) + 0.2258;
    double u = z2 * TAIL_RES;
    size_t k = (size_t)u;
    return c->tail[k] + (u - (double)k) * (c->tail[k + 1] - c->tail[k]);
}

static void ctx_init_model(ctx *c)
{
    for (size_t k = 0; k < sizeof c->tail / sizeof c->tail[0]; k++)
        c->tail[k] = (float)-log(erfc(sqrt((double)k / TAIL_RES / 2)));
    for (size_t t = 0; t < NBEADS; t++)
        c->prior[t] = -log(BEADS[t].p);
    c->aside_prior = -log(ASIDE_P);
}

/* Runs, turns and speaker presence of one side. */
static bool side_speakers(ctx *c, side *s)
{
    size_t n = s->n;
    int maxid = -1;
    for (size_t k = 0; k < n; k++)
        if (s->it[k].speaker > maxid && s->it[k].speaker < SPK_MAX)
            maxid = s->it[k].speaker;
    s->nmap = (size_t)(maxid + 1);
    s->run = ctx_alloc(c, n, sizeof *s->run);
    s->runspk = ctx_alloc(c, n, sizeof *s->runspk);
    s->turn = ctx_alloc(c, n, sizeof *s->turn);
    s->map = ctx_alloc(c, s->nmap, sizeof *s->map);
    s->present = ctx_alloc(c, s->nmap, sizeof *s->present);
    if (!s->run || !s->runspk || !s->turn || !s->map || !s->present)
        return false;
    uint32_t run = 0;
    if (n)
        s->runspk[0] = -1;
    for (size_t k = 0; k < n; k++) {
        int sp = s->it[k].speaker;
        if (sp >= 0) {
            if (s->runspk[run] >= 0 && s->runspk[run] != sp)
                s->runspk[++run] = sp;
            else
                s->runspk[run] = sp;
            if (sp < SPK_MAX)
                s->present[sp] = true;
        }
        s->run[k] = run;
        int prev = k ? s->it[k - 1].speaker : -1;
        s->turn[k] = (int8_t)(k && sp >= 0 && prev >= 0 ? sp != prev : -1);
    }
    return true;
}

/* Names used on both sides are the same person; the others wait to be
 * learned. */
static void ctx_identity_map(ctx *c)
{
    side *z = &c->s[LANG_ZH], *e = &c->s[LANG_EN];
    for (size_t k = 0; k < z->nmap; k++)
        z->map[k] = z->present[k] && k < e->nmap && e->present[k] ? (int)k : -1;
    for (size_t k = 0; k < e->nmap; k++)
        e->map[k] = e->present[k] && k < z->nmap && z->present[k] ? (int)k : -1;
}

/* Adds (+1) or removes (-1) English paragraph k's tokens to the counts of
 * the Chinese side's tokens in win. */
static void window_count(idset *win, const align_item *it, int delta)
{
    for (uint32_t q = 0; q < it->nanchors; q++) {
        size_t slot = idset_slot(win, it->anchors[q]);
        if (win->key[slot])
            win->count[slot] += (uint32_t)delta;
    }
}

/* Weights of the English side's anchors that the Chinese side has too:
 * idf among the English paragraphs within ANCHOR_NEAR of each occurrence.
 * A token that recurs nearby (the topic of the moment) cannot tell
 * neighbouring pairings apart, however rare it is in the whole document;
 * one that is rare where it stands can. Prefix sums of them bound what a
 * bead can earn: the English side's sums, the Chinese side's sums of each
 * token's highest weight anywhere. */
static bool ctx_anchor_weights(ctx *c)
{
    side *z = &c->s[LANG_ZH], *e = &c->s[LANG_EN];
    size_t nz = 0, ne = 0;
    for (size_t k = 0; k < z->n; k++)
        nz += z->it[k].nanchors;
    for (size_t k = 0; k < e->n; k++)
        ne += e->it[k].nanchors;
    c->ewoff = ctx_alloc(c, e->n + 1, sizeof *c->ewoff);
    c->ew = ctx_alloc(c, ne, sizeof *c->ew);
    idset win = {0}, best = {0};
    bool ok = c->ewoff && c->ew && idset_init(&win, nz) && idset_init(&best, nz);
    for (size_t k = 0; ok && k < z->n; k++)
        for (uint32_t q = 0; q < z->it[k].nanchors; q++) {
            uint32_t id = z->it[k].anchors[q];
            win.key[idset_slot(&win, id)] = id;
            best.key[idset_slot(&best, id)] = id; /* best.weight: the highest */
        }
    size_t m = e->n;
    for (size_t k = 0; ok && k < m && k <= ANCHOR_NEAR; k++)
        window_count(&win, &e->it[k], +1);
    for (size_t l = 0, off = 0; ok && l < m; l++) {
        if (l > ANCHOR_NEAR && l - ANCHOR_NEAR - 1 < m)
            window_count(&win, &e->it[l - ANCHOR_NEAR - 1], -1);
        if (l > 0 && l + ANCHOR_NEAR < m)
            window_count(&win, &e->it[l + ANCHOR_NEAR], +1);
        size_t first = l > ANCHOR_NEAR ? l - ANCHOR_NEAR : 0;
        size_t last = l + ANCHOR_NEAR < m ? l + ANCHOR_NEAR : m - 1;
        double span = (double)(last - first + 1), sum = 0;
        const align_item *it = &e->it[l];
        c->ewoff[l] = off;
        for (uint32_t q = 0; q < it->nanchors; q++, off++) {
            size_t slot = idset_slot(&win, it->anchors[q]);
            float w = 0;
            if (win.key[slot]) {
                double x = ANCHOR_SCALE * log((span + 1) / (win.count[slot] + 0.5));
                w = (float)(x < 0 ? 0 : x > ANCHOR_CAP ? ANCHOR_CAP : x);
                size_t bs = idset_slot(&best, it->anchors[q]);
                if (w > best.weight[bs])
                    best.weight[bs] = w;
            }
            c->ew[off] = w;
            sum += w;
        }
        e->rew[l + 1] = e->rew[l] + sum;
    }
    for (size_t k = 0; ok && k < z->n; k++) {
        double sum = 0;
        for (uint32_t q = 0; q < z->it[k].nanchors; q++) {
            sum += best.weight[idset_slot(&best, z->it[k].anchors[q])];
        }
        z->rew[k + 1] = z->rew[k] + sum;
    }
    idset_free(&win);
    idset_free(&best);
    return ok;
}

/* Prefix sums, drop costs, speakers and anchor weights; the ratio c from
 * the document's totals. */
static bool ctx_prepare(ctx *c)
{
    ctx_init_model(c);
    for (int l = 0; l < LANG_SIDES; l++) {
        side *s = &c->s[l];
        s->len = ctx_alloc(c, s->n + 1, sizeof *s->len);
        s->lit = ctx_alloc(c, s->n + 1, sizeof *s->lit);
        s->rew = ctx_alloc(c, s->n + 1, sizeof *s->rew);
        s->drop = ctx_alloc(c, s->n, sizeof *s->drop);
        s->marks = ctx_alloc(c, s->n, sizeof *s->marks);
        if (!s->len || !s->lit || !s->rew || !s->drop || !s->marks || !side_speakers(c, s))
            return false;
        for (size_t k = 0; k < s->n; k++) {
            const align_item *it = &s->it[k];
            s->marks[k] = (uint8_t)((it->questions ? MARK_QUESTION : 0) | (it->quotes ? MARK_QUOTE : 0) |
                                    (it->aside ? MARK_ASIDE : 0) | (it->nfigures ? MARK_FIGURE : 0) |
                                    (it->speaker < 0 ? MARK_UNNAMED : 0));
            c->timed |= it->end_ms > it->start_ms;
            s->len[k + 1] = s->len[k] + s->it[k].len;
            s->lit[k + 1] = s->lit[k] + (l == LANG_ZH ? s->it[k].lit : 0);
        }
    }
    ctx_identity_map(c);
    const side *z = &c->s[LANG_ZH], *e = &c->s[LANG_EN];
    c->slope = (double)e->n / (double)z->n;
    size_t named[LANG_SIDES] = {0, 0};
    for (int l = 0; l < LANG_SIDES; l++)
        for (size_t k = 0; k < c->s[l].n; k++)
            named[l] += c->s[l].it[k].speaker >= 0;
    c->named = 2 * named[LANG_ZH] >= z->n && 2 * named[LANG_EN] >= e->n;
    double zl = z->len[z->n], el = e->len[e->n] - z->lit[z->n];
    c->c = zl > 0 && el > 0 ? el / zl : PRIOR_RATIO;
    if (c->c < 0.3 || c->c > 30)
        c->c = PRIOR_RATIO;
    c->kappa = PRIOR_KAPPA;
    return ctx_anchor_weights(c);
}

/* The cost of standing alone and 1 / c, which depend on c (set before
 * each pass). */
static void ctx_drop_costs(ctx *c)
{
    c->inv_c = 1 / c->c;
    for (int l = 0; l < LANG_SIDES; l++) {
        side *s = &c->s[l];
        double prior = c->prior[l == LANG_ZH ? 1 : 2];
        for (size_t k = 0; k < s->n; k++) {
            double len = l == LANG_ZH ? s->it[k].len + s->it[k].lit / c->c : s->it[k].len / c->c;
            s->drop[k] = (s->it[k].aside ? c->aside_prior : prior) + DROP_LOG * log1p(len);
        }
    }
}

/* ---- the cost of a bead -------------------------------------------------------- */

static inline double speaker_cost(const ctx *c, size_t i, size_t j)
{
    const side *z = &c->s[LANG_ZH], *e = &c->s[LANG_EN];
    double cost = 0;
    int sz = z->runspk[z->run[i]], se = e->runspk[e->run[j]];
    if (sz >= 0 && se >= 0) {
        int mz = (size_t)sz < z->nmap ? z->map[sz] : -1;
        int me = (size_t)se < e->nmap ? e->map[se] : -1;
        if ((mz >= 0 && mz != se) || (me >= 0 && me != sz))
            cost += MISMATCH;
    }
    if (i > 0 && j > 0 && z->turn[i] >= 0 && e->turn[j] >= 0 && z->turn[i] != e->turn[j])
        cost += TURN;
    return cost;
}

/* What the tokens both sides of the bead zh [i, i+a) / en [j, j+b) share
 * earn: each distinct token once, at its best English weight. So joining
 * a paragraph to a bead earns nothing for a token the bead already has.
 * (Discounting a match among b English paragraphs by ln b, as chance would
 * have it, was tried: it also discounts the tokens a finer alignment
 * matches just the same, and split true 2-2 beads.) */
static double anchor_reward(const ctx *c, size_t i, size_t j, unsigned a, unsigned b)
{
    const side *z = &c->s[LANG_ZH], *e = &c->s[LANG_EN];
    double r = 0;
    for (size_t k = i; k < i + a; k++) {
        const align_item *it = &z->it[k];
        for (uint32_t q = 0; q < it->nanchors; q++) {
            uint32_t id = it->anchors[q];
            bool seen = false;
            for (size_t kk = i; kk < k && !seen; kk++)
                seen = find_id(z->it[kk].anchors, z->it[kk].nanchors, id) >= 0;
            float best = 0;
            for (size_t l = j; l < j + b && !seen; l++) {
                long at = find_id(e->it[l].anchors, e->it[l].nanchors, id);
                if (at >= 0 && c->ew[c->ewoff[l] + (size_t)at] > best)
                    best = c->ew[c->ewoff[l] + (size_t)at];
            }
            r += best;
        }
    }
    return r;
}

/* A lower bound of bead t's cost from (i, j): its prior less the most its
 * anchors could earn (every other term is >= 0); it spares most beads the
 * full cost. */
static inline double cost_bound(const ctx *c, size_t i, size_t j, unsigned t)
{
    unsigned a = BEADS[t].a, b = BEADS[t].b;
    if (!b)
        return c->s[LANG_ZH].drop[i];
    if (!a)
        return c->s[LANG_EN].drop[j];
    double zr = c->s[LANG_ZH].rew[i + a] - c->s[LANG_ZH].rew[i];
    double er = c->s[LANG_EN].rew[j + b] - c->s[LANG_EN].rew[j];
    return c->prior[t] - (zr < er ? zr : er);
}

/* Does any of items[0..n) hold anchor id? */
static bool holds(const align_item *items, size_t n, uint32_t id)
{
    for (size_t k = 0; k < n; k++)
        if (find_id(items[k].anchors, items[k].nanchors, id) >= 0)
            return true;
    return false;
}

/* Numbers written in figures on one side of the bead that the other side
 * does not have in any form: translators keep numbers. */
static unsigned figures_missed(const ctx *c, size_t i, size_t j, unsigned a, unsigned b)
{
    const align_item *z = c->s[LANG_ZH].it + i, *e = c->s[LANG_EN].it + j;
    unsigned miss = 0;
    for (unsigned k = 0; k < a && miss < FIGURE_CAP; k++)
        for (uint32_t q = 0; q < z[k].nfigures && miss < FIGURE_CAP; q++)
            miss += !holds(e, b, z[k].figures[q]);
    for (unsigned k = 0; k < b && miss < FIGURE_CAP; k++)
        for (uint32_t q = 0; q < e[k].nfigures && miss < FIGURE_CAP; q++)
            miss += !holds(z, a, e[k].figures[q]);
    return miss;
}

/* What the bead zh [i, i+a) / en [j, j+b) (both sides non-empty) costs
 * for the marks of speech both sides should share (a question, a
 * quotation), for reaching beyond neighbouring runs, and for times that
 * do not coincide. */
static inline double shape_cost(const ctx *c, size_t i, size_t j, unsigned a, unsigned b)
{
    const side *zs = &c->s[LANG_ZH], *es = &c->s[LANG_EN];
    unsigned mz = zs->marks[i], me = es->marks[j];
    for (unsigned k = 1; k < a; k++)
        mz |= zs->marks[i + k];
    for (unsigned k = 1; k < b; k++)
        me |= es->marks[j + k];
    unsigned differ = mz ^ me;
    double cost = 0;
    if (differ & MARK_QUESTION)
        cost += QUESTION;
    if (differ & MARK_QUOTE)
        cost += QUOTE;
    /* (笑) pairs with [laughter], not with a sentence */
    if (((mz | me) & MARK_ASIDE) && !(a == 1 && b == 1 && (mz & me & MARK_ASIDE)))
        cost += ASIDE_MIX;
    if (c->named && ((zs->marks[i] ^ es->marks[j]) & MARK_UNNAMED))
        cost += UNNAMED;
    if (c->runs) {
        const align_item *z = zs->it, *e = es->it;
        if (c->order) {
            double against = z[i].run < e[j].run ? -c->order[i] : c->order[i];
            if (against > 0)
                cost += ORDER * against;
        }
        uint32_t lo = z[i].run < e[j].run ? z[i].run : e[j].run;
        uint32_t hi = z[i + a - 1].run > e[j + b - 1].run ? z[i + a - 1].run : e[j + b - 1].run;
        if (hi - lo > 1)
            cost += RUN_GAP * (hi - lo - 1);
    }
    if (!c->timed)
        return cost;
    const align_item *zf = &zs->it[i], *zl = &zs->it[i + a - 1], *ef = &es->it[j], *el = &es->it[j + b - 1];
    if (zf->end_ms > zf->start_ms && zl->end_ms > zl->start_ms && ef->end_ms > ef->start_ms &&
        el->end_ms > el->start_ms) {
        int64_t zs0 = zf->start_ms, ze = zl->end_ms > zf->end_ms ? zl->end_ms : zf->end_ms;
        int64_t es0 = ef->start_ms, ee = el->end_ms > ef->end_ms ? el->end_ms : ef->end_ms;
        int64_t over = (ze < ee ? ze : ee) - (zs0 > es0 ? zs0 : es0);
        int64_t span = (ze > ee ? ze : ee) - (zs0 < es0 ? zs0 : es0);
        cost += over <= 0 ? TIME_APART : TIME_SPREAD * (1.0 - (double)over / (double)span);
    }
    return cost;
}

/* The cost of bead t whose first paragraphs are zh i and en j: INF when a
 * side would join two speakers. *z2 gets its length z-score squared (0
 * for a paragraph standing alone). A cost that is sure to reach `limit`
 * (the caller has better) is returned as soon as it is, without its
 * costlier terms: the anchors (which can only lower it by what
 * rew bounds) and the figures (which can only raise it). */
static inline double bead_cost(const ctx *c, size_t i, size_t j, unsigned t, double *z2, double limit)
{
    const side *z = &c->s[LANG_ZH], *e = &c->s[LANG_EN];
    unsigned a = BEADS[t].a, b = BEADS[t].b;
    *z2 = 0;
    if (!b)
        return z->drop[i];
    if (!a)
        return e->drop[j];
    if ((a > 1 && z->run[i] != z->run[i + a - 1]) || (b > 1 && e->run[j] != e->run[j + b - 1]))
        return INF;
    double zl = z->len[i + a] - z->len[i], lit = z->lit[i + a] - z->lit[i];
    double el = (e->len[j + b] - e->len[j] - lit) * c->inv_c; /* in Chinese characters */
    double mean = 0.5 * (zl + (el > 0 ? el : 0)) + LEN_FLOOR;
    *z2 = (el - zl) * (el - zl) / (c->kappa * mean);
    double zr = z->rew[i + a] - z->rew[i], er = e->rew[j + b] - e->rew[j];
    double most = zr < er ? zr : er; /* the most the anchors can take off */
    double cost = c->prior[t] + tail_cost(c, *z2);
    if (cost - most >= limit)
        return cost; /* the other terms only add */
    cost += speaker_cost(c, i, j) + shape_cost(c, i, j, a, b);
    if (most > 0) {
        if (cost - most >= limit)
            return cost;
        cost -= anchor_reward(c, i, j, a, b);
    }
    if (cost < limit && ((z->marks[i] | e->marks[j] | (a > 1 ? z->marks[i + 1] : 0) |
                          (a > 2 ? z->marks[i + 2] : 0) | (b > 1 ? e->marks[j + 1] : 0) |
                          (b > 2 ? e->marks[j + 2] : 0)) & MARK_FIGURE))
        cost += FIGURE_MISS * figures_missed(c, i, j, a, b);
    return cost;
}

/* ---- the banded forward pass ------------------------------------------------------ */

static inline double row_get(const ctx *c, size_t i, size_t j)
{
    uint32_t lo = c->lo[i];
    return j >= lo && j - lo < c->Wd ? c->ring[i & 3][j - lo] : INF;
}

/* Where row i's window starts, given the previous row's best cell. */
static uint32_t window_start(const ctx *c, size_t i, size_t best_prev)
{
    size_t n = c->s[LANG_ZH].n, m = c->s[LANG_EN].n;
    if (c->Wd >= m + 1 || i == 0)
        return 0;
    size_t center = c->proportional ? (size_t)((double)i * c->slope) : best_prev;
    size_t lo = center > c->W ? center - c->W : 0;
    if (lo + c->Wd > m + 1 || (i == n && !c->free_end))
        lo = m + 1 - c->Wd; /* the last row must hold the end */
    return (uint32_t)lo;
}

/* The English boundaries row i can reach at all: from the finite cells of
 * the rows a bead can come from (beads move right by at most 3). */
static void reach(const ctx *c, size_t i, size_t *jlo, size_t *jhi)
{
    *jlo = SIZE_MAX, *jhi = 0;
    for (size_t a = 1; a <= 3 && a <= i; a++)
        if (c->rlo[i - a] <= c->rhi[i - a]) {
            *jlo = c->rlo[i - a] < *jlo ? c->rlo[i - a] : *jlo;
            *jhi = c->rhi[i - a] + 3 > *jhi ? c->rhi[i - a] + 3 : *jhi;
        }
}

/* F(i, j) for one cell: the best way in, among the beads that end there. */
static double forward_cell(const ctx *c, size_t i, size_t j, uint8_t *bb)
{
    double best = i == 0 && j == 0 ? 0 : INF;
    *bb = NO_BEAD;
    for (unsigned t = 0; t < NBEADS; t++) {
        unsigned a = BEADS[t].a, b = BEADS[t].b;
        if (a > i || b > j)
            continue;
        double prev = row_get(c, i - a, j - b), z;
        if (prev >= INF || prev + cost_bound(c, i - a, j - b, t) >= best)
            continue;
        double cost = prev + bead_cost(c, i - a, j - b, t, &z, best - prev);
        if (cost < best) {
            best = cost;
            *bb = (uint8_t)t;
        }
    }
    return best;
}

/* Row by row: the window follows the previous row's best cell; within it
 * only cells reachable from finite ones are computed. (A beam that drops
 * cells far worse than their row's best would halve the time, but it cuts
 * the way through a run of untranslated paragraphs, which costs more at
 * each step before it pays off; a narrow window that widens when the path
 * nears its edge does not.) */
static void forward(ctx *c)
{
    size_t n = c->s[LANG_ZH].n, m = c->s[LANG_EN].n, Wd = c->Wd, best_prev = 0;
    for (size_t i = 0; i <= n; i++) {
        uint32_t lo = c->lo[i] = window_start(c, i, best_prev);
        double *cur = c->ring[i & 3], rowmin = INF;
        uint8_t *mark = c->mark + i * Wd;
        size_t jlo = 0, jhi = 0;
        if (i)
            reach(c, i, &jlo, &jhi);
        for (size_t k = 0; k < Wd; k++)
            cur[k] = INF, mark[k] = NO_BEAD;
        for (size_t j = jlo > lo ? jlo : lo; j < (size_t)lo + Wd && j <= m; j++) {
            size_t k = j - lo;
            if (j > jhi && (k == 0 || cur[k - 1] >= INF) && !(i == 0 && j == 0))
                break; /* beyond, only a 0-1 chain from a finite cell goes on */
            cur[k] = forward_cell(c, i, j, &mark[k]);
            if (cur[k] < rowmin) {
                rowmin = cur[k];
                best_prev = j;
            }
        }
        double base = c->base[i] = rowmin < INF ? rowmin : 0;
        float *f = c->f + i * Wd;
        c->rlo[i] = UINT32_MAX, c->rhi[i] = 0;
        for (size_t k = 0; k < Wd; k++) {
            f[k] = cur[k] >= INF ? (float)INF : (float)(cur[k] - base);
            if (cur[k] < INF) {
                c->rlo[i] = c->rlo[i] < lo + k ? c->rlo[i] : (uint32_t)(lo + k);
                c->rhi[i] = (uint32_t)(lo + k);
            }
        }
    }
}

/* F(i, j), or INF outside the window. */
static double f_get(const ctx *c, size_t i, size_t j)
{
    uint32_t lo = c->lo[i];
    if (j < lo || j - lo >= c->Wd)
        return INF;
    float v = c->f[i * c->Wd + (j - lo)];
    return v >= (float)INF ? INF : c->base[i] + v;
}

/* Follows the back pointers from the end into c->path; false when the end
 * is out of reach. *touched: the path came near a window edge that is not
 * the table's edge, so a wider band might find a better one. */
static bool traceback(ctx *c, bool *touched)
{
    size_t n = c->s[LANG_ZH].n, m = c->s[LANG_EN].n, Wd = c->Wd;
    *touched = false;
    c->npath = 0;
    size_t i = n, j = m;
    if (c->free_end) /* a prefix: end where it ends best */
        for (size_t q = c->lo[n]; q < c->lo[n] + Wd && q <= m; q++)
            j = f_get(c, n, q) < f_get(c, n, j) ? q : j;
    if (f_get(c, n, j) >= INF)
        return false;
    while (i || j) {
        size_t k = j - c->lo[i];
        uint8_t t = c->mark[i * Wd + k];
        if (t == NO_BEAD)
            return false;
        if ((c->lo[i] > 0 && k < 2) || (c->lo[i] + Wd <= m && k + 3 > Wd))
            *touched = true;
        i -= BEADS[t].a;
        j -= BEADS[t].b;
        c->path[c->npath++] = (step){(uint32_t)i, (uint32_t)j, t};
    }
    for (size_t a = 0, b = c->npath; a + 1 < b; a++, b--) {
        step tmp = c->path[a];
        c->path[a] = c->path[b - 1];
        c->path[b - 1] = tmp;
    }
    return true;
}

/* ---- the backward pass and confidences ------------------------------------------ */

/* A bead's identity: its first paragraphs and its type. */
static inline uint64_t bead_id(size_t i, size_t j, unsigned t)
{
    return (uint64_t)i << 34 | (uint64_t)j << 4 | t;
}

/* The highest second-best among the paragraphs of a bead: a bead costlier
 * than that changes no paragraph's two best. */
static double second_max(const ctx *c, size_t i, size_t j, unsigned a, unsigned b)
{
    double hi = -INF;
    for (size_t k = i; k < i + a; k++)
        hi = c->mm[LANG_ZH][k].v2 > hi ? c->mm[LANG_ZH][k].v2 : hi;
    for (size_t k = j; k < j + b; k++)
        hi = c->mm[LANG_EN][k].v2 > hi ? c->mm[LANG_EN][k].v2 : hi;
    return hi;
}

/* Records v, the cost of the best alignment holding bead id, with each of
 * its paragraphs. */
static void mm_record(ctx *c, size_t i, size_t j, unsigned a, unsigned b, uint64_t id, double v)
{
    for (int l = 0; l < LANG_SIDES; l++)
        for (size_t k = l ? j : i; k < (l ? j + b : i + a); k++) {
            minmarg *m = &c->mm[l][k];
            float f = (float)v;
            if (m->id1 == id) { /* a bead is one alignment, not two */
                m->v1 = f < m->v1 ? f : m->v1;
                continue;
            }
            if (f < m->v1) {
                m->v2 = m->v1;
                m->v1 = f;
                m->id1 = id;
            } else if (f < m->v2) {
                m->v2 = f;
            }
        }
}

/* True when the bead from path cell (i, j) to (i + a, j + b) only joins
 * consecutive paired beads of the path: the same paragraphs face each
 * other, in a bigger segment. */
static bool merges_pairs(const ctx *c, size_t i, size_t j, unsigned a, unsigned b)
{
    size_t ei = i + a, ej = j + b;
    while (i < ei || j < ej) {
        if (j < c->lo[i] || j - c->lo[i] >= c->Wd)
            return false;
        uint8_t t = c->mark[i * c->Wd + (j - c->lo[i])];
        if (!t || t > NBEADS || !BEADS[t - 1].a || !BEADS[t - 1].b)
            return false;
        i += BEADS[t - 1].a;
        j += BEADS[t - 1].b;
        if (i > ei || j > ej)
            return false;
    }
    return true;
}

/* B(i, j), the best cost from (i, j) to the end, row by row upwards. On
 * the way, F + cost + B after it is the cost of the best alignment that
 * holds a bead (its min-marginal): every paragraph keeps the two lowest of
 * the beads that cover it, which is what a confidence compares. The beads
 * of c->path (marked) also keep their own, in pin. */
static void backward(ctx *c)
{
    size_t n = c->s[LANG_ZH].n, m = c->s[LANG_EN].n, Wd = c->Wd;
    /* Alignments more than MARGIN_CAP worse than the best do not change a
     * confidence as shown (tanh(4) is 1.00), so whatever cannot beat
     * T + MARGIN_CAP is not computed: B stays INF there, which only ever
     * stands for "too costly to matter". */
    double cap = f_get(c, n, m) + MARGIN_CAP;
    for (size_t i = n + 1; i-- > 0;) {
        uint32_t lo = c->lo[i];
        double *cur = c->ring[i & 3];
        const uint8_t *mark = c->mark + i * Wd;
        for (size_t k = 0; k < Wd; k++)
            cur[k] = INF;
        for (size_t j = c->rhi[i] + 1; j-- > c->rlo[i] && c->rlo[i] <= c->rhi[i];) {
            size_t k = j - lo;
            double F = f_get(c, i, j), best = INF;
            if (i == n && j == m) {
                cur[k] = 0;
                continue;
            }
            /* (no shortcut on F alone: what follows may earn anchors back,
             * B can be negative, and the path itself would be cut) */
            for (unsigned t = 0; t < NBEADS; t++) {
                unsigned a = BEADS[t].a, b = BEADS[t].b;
                if (i + a > n || j + b > m)
                    continue;
                double next = row_get(c, i + a, j + b), z;
                double lb = cost_bound(c, i, j, t) + next;
                bool mine = mark[k] == t + 1;
                if (next >= INF || (F + lb >= cap && !mine))
                    continue;
                /* a merge of the path's own pairs is no alternative */
                bool merge = !mine && mark[k] && merges_pairs(c, i, j, a, b);
                if (lb >= best && !mine && (merge || F + lb >= second_max(c, i, j, a, b)))
                    continue;
                /* what the bead must cost less than to matter: to lower
                 * B here, or a paragraph's second best, and to come within
                 * the cap at all */
                double want = INF;
                if (!mine) {
                    double sm = merge ? -INF : second_max(c, i, j, a, b) - F;
                    want = (best > sm ? best : sm) - next;
                    if (cap - F - next < want)
                        want = cap - F - next;
                }
                double cost = bead_cost(c, i, j, t, &z, want);
                if (cost >= INF)
                    continue;
                if (cost + next < best)
                    best = cost + next;
                double v = F + cost + next;
                if (!merge)
                    mm_record(c, i, j, a, b, bead_id(i, j, t), v);
                if (mine)
                    c->pin[a ? LANG_ZH : LANG_EN][a ? i : j] = (float)v;
            }
            cur[k] = best;
        }
    }
}

/* How sure the bead of path step s is: its margin m over the best
 * alignment that does not hold it (in nats: odds of e^m : 1), as
 * tanh(m / 2) = (odds - 1) / (odds + 1) — 0 for a tie or worse, 0.5 at
 * 3:1, 0.9 at 19:1 — weakened when the bead's own length agreement is
 * poor. Any other bead over one of its paragraphs is such an alignment:
 * a split, a merge with a neighbour, another partner. */
static float confidence(const ctx *c, const step *s)
{
    if (s->t >= NBEADS)
        return 0.0f;
    unsigned a = BEADS[s->t].a, b = BEADS[s->t].b;
    double in = c->pin[a ? LANG_ZH : LANG_EN][a ? s->i : s->j], out = INF, z;
    if (in >= INF)
        return 0.0f; /* out of reach, or far worse than the best */
    uint64_t id = bead_id(s->i, s->j, s->t);
    for (int l = 0; l < LANG_SIDES; l++)
        for (size_t k = l ? s->j : s->i; k < (l ? s->j + b : s->i + a); k++) {
            const minmarg *m = &c->mm[l][k];
            double alt = m->id1 == id ? m->v2 : m->v1;
            out = alt < out ? alt : out;
        }
    double margin = out - in;
    double conf = out >= INF ? 1.0 : margin > 0 ? tanh(margin / 2) : 0.0;
    bead_cost(c, s->i, s->j, s->t, &z, INF);
    double p = exp(-tail_cost(c, z));
    if (p < FIT_P)
        conf *= sqrt(p / FIT_P);
    return (float)conf;
}

/* ---- one pass: window, forward, traceback, widening ----------------------------- */

static void band_release(ctx *c)
{
    size_t n = c->s[LANG_ZH].n + 1, cells = n * c->Wd_alloc;
    ctx_release(c, c->lo, n, sizeof *c->lo);
    ctx_release(c, c->rlo, n, sizeof *c->rlo);
    ctx_release(c, c->rhi, n, sizeof *c->rhi);
    ctx_release(c, c->base, n, sizeof *c->base);
    ctx_release(c, c->f, cells, sizeof *c->f);
    ctx_release(c, c->mark, cells, sizeof *c->mark);
    for (int r = 0; r < 4; r++)
        ctx_release(c, c->ring[r], c->Wd_alloc, sizeof *c->ring[r]);
    c->lo = NULL, c->rlo = NULL, c->rhi = NULL, c->base = NULL, c->f = NULL, c->mark = NULL;
    memset(c->ring, 0, sizeof c->ring);
}

static bool band_alloc(ctx *c)
{
    size_t n = c->s[LANG_ZH].n + 1, cells = n * c->Wd;
    c->Wd_alloc = c->Wd;
    c->lo = ctx_alloc(c, n, sizeof *c->lo);
    c->rlo = ctx_alloc(c, n, sizeof *c->rlo);
    c->rhi = ctx_alloc(c, n, sizeof *c->rhi);
    c->base = ctx_alloc(c, n, sizeof *c->base);
    c->f = ctx_alloc(c, cells, sizeof *c->f);
    c->mark = ctx_alloc(c, cells, sizeof *c->mark);
    bool ok = c->lo && c->rlo && c->rhi && c->base && c->f && c->mark;
    for (int r = 0; r < 4; r++)
        ok &= (c->ring[r] = ctx_alloc(c, c->Wd, sizeof *c->ring[r])) != NULL;
    return ok;
}

/* A window of half-width W holds W cells behind the centre and 2W + 3
 * ahead: paths run ahead of their row's best cell (where merges and
 * splits come in a row) far more often and further than behind it. */
static size_t window_width(size_t W, size_t cols)
{
    return 3 * W + 4 < cols ? 3 * W + 4 : cols;
}

/* The first window: the full table when small enough (chosen
 * automatically), else the requested half-width. */
static void width_first(ctx *c, unsigned band)
{
    size_t n = c->s[LANG_ZH].n + 1, m = c->s[LANG_EN].n + 1;
    c->proportional = false;
    c->W = band ? band : n * m <= FULL_CELLS ? m : AUTO_BAND;
    c->Wd = window_width(c->W, m);
}

/* Four times wider, up to MAX_CELLS; false when already there. */
static bool width_wider(ctx *c)
{
    size_t n = c->s[LANG_ZH].n + 1, m = c->s[LANG_EN].n + 1, wmax = MAX_CELLS / n / 3;
    if (c->proportional || c->W >= wmax || c->Wd >= m)
        return false;
    c->W = c->W * 4 < wmax ? c->W * 4 : wmax;
    c->Wd = window_width(c->W, m);
    return true;
}

/* The last resort: a window on the straight diagonal, wide enough for the
 * two lists' ratio, which always connects start and end. */
static void width_diagonal(ctx *c)
{
    size_t n = c->s[LANG_ZH].n + 1, m = c->s[LANG_EN].n + 1, steep = m / n + 4;
    c->proportional = true;
    c->W = c->W > steep ? c->W : steep;
    c->Wd = window_width(c->W, m);
}

/* Finds the best path under the current model into c->path, leaving the
 * band filled for the backward pass. A path near a window edge is sought
 * again in a wider window; an end out of reach, on the diagonal. */
static status run_pass(ctx *c, unsigned band)
{
    width_first(c, band);
    for (;;) {
        band_release(c);
        if (!band_alloc(c))
            return ST_NO_MEMORY;
        forward(c);
        bool touched, ok = traceback(c, &touched);
        if (ok && (!touched || c->proportional))
            return ST_OK;
        if (width_wider(c))
            continue;
        if (ok)
            return ST_OK; /* as wide as memory allows: take it */
        if (c->proportional)
            return ST_NO_MEMORY; /* cannot happen: the diagonal connects */
        width_diagonal(c);
    }
}

/* ---- between the passes: the length model and the speaker map --------------------- */

/* c and k from the path's paired beads, shrunk towards the priors; false
 * when they stay close to those the path was found with (then that path
 * stands: a second search would find about the same). */
static bool estimate(ctx *c)
{
    const side *z = &c->s[LANG_ZH], *e = &c->s[LANG_EN];
    double zs = 0, es = 0;
    size_t n = 0;
    for (size_t k = 0; k < c->npath; k++) {
        const step *s = &c->path[k];
        unsigned a = BEADS[s->t].a, b = BEADS[s->t].b;
        double zl = z->len[s->i + a] - z->len[s->i];
        if (!a || !b || zl <= 0)
            continue;
        zs += zl;
        es += e->len[s->j + b] - e->len[s->j] - (z->lit[s->i + a] - z->lit[s->i]);
        n++;
    }
    if (!n || es <= 0)
        return false;
    double ratio = (SHRINK * c->c + n * (es / zs)) / (SHRINK + n), r2sum = 0;
    ratio = ratio < 0.3 ? 0.3 : ratio > 30 ? 30 : ratio;
    n = 0;
    for (size_t k = 0; k < c->npath; k++) {
        const step *s = &c->path[k];
        unsigned a = BEADS[s->t].a, b = BEADS[s->t].b;
        double zl = z->len[s->i + a] - z->len[s->i];
        if (!a || !b || zl <= 0)
            continue;
        double el = (e->len[s->j + b] - e->len[s->j] - (z->lit[s->i + a] - z->lit[s->i])) / ratio;
        double mean = 0.5 * (zl + (el > 0 ? el : 0)) + LEN_FLOOR, r2 = (el - zl) * (el - zl) / mean;
        if (r2 > 16 * PRIOR_KAPPA)
            continue; /* an outlier beyond 4 sigma says little about the rest */
        r2sum += r2;
        n++;
    }
    double kappa = (SHRINK * PRIOR_KAPPA + r2sum) / (SHRINK + n);
    kappa = kappa < 0.25 ? 0.25 : kappa > 16 ? 16 : kappa;
    if (fabs(ratio - c->c) < 0.03 * c->c && fabs(kappa - c->kappa) < 0.3 * c->kappa)
        return false;
    c->c = ratio;
    c->kappa = kappa;
    return true;
}

#define LEARN_SHARE 0.75 /* of a speaker's paired beads, to take two names as
                            one person in the second pass */
#define PAIR_SHARE 0.8   /* ... to merge them for good */
#define PAIR_MAX 256    /* one-sided speakers per side considered */

/* The speakers named on one side only (at most PAIR_MAX): their ids in
 * ids[], their index by id in idx[] (-1 for others), their paragraphs. */
static size_t one_sided(const side *s, const side *other, int *ids, int *idx, uint32_t *paras)
{
    size_t n = 0;
    for (size_t k = 0; k < s->nmap; k++) {
        idx[k] = -1;
        if (s->present[k] && !(k < other->nmap && other->present[k]) && n < PAIR_MAX) {
            idx[k] = (int)n;
            paras[n] = 0;
            ids[n++] = (int)k;
        }
    }
    for (size_t k = 0; k < s->n; k++) {
        int sp = s->it[k].speaker;
        if (sp >= 0 && (size_t)sp < s->nmap && idx[sp] >= 0)
            paras[idx[sp]]++;
    }
    return n;
}

/* Which language the pairs of the path put first, around each Chinese
 * paragraph: the mean over the ORDER_NEAR two-sided beads before and after
 * it (+1: all Chinese first). An interleaved text keeps its order, or
 * changes it where a speaker does: a pair against its neighbours is
 * likelier a pair shifted by one. */
static bool expect_order(ctx *c)
{
    const align_item *z = c->s[LANG_ZH].it, *e = c->s[LANG_EN].it;
    size_t n = c->s[LANG_ZH].n, nb = 0;
    uint32_t *pos = ctx_alloc(c, c->npath + 1, sizeof *pos);
    double *sum = ctx_alloc(c, c->npath + 1, sizeof *sum);
    if (!c->order)
        c->order = ctx_alloc(c, n, sizeof *c->order);
    if (!pos || !sum || !c->order) {
        ctx_release(c, pos, c->npath + 1, sizeof *pos);
        ctx_release(c, sum, c->npath + 1, sizeof *sum);
        return false;
    }
    sum[0] = 0;
    for (size_t k = 0; k < c->npath; k++) {
        const step *s = &c->path[k];
        if (s->t >= NBEADS || !BEADS[s->t].a || !BEADS[s->t].b)
            continue;
        pos[nb] = s->i;
        sum[nb + 1] = sum[nb] + (z[s->i].run < e[s->j].run ? 1.0 : -1.0);
        nb++;
    }
    for (size_t i = 0, q = 0; i < n; i++) {
        while (q < nb && pos[q] < i)
            q++;
        size_t lo = q > ORDER_NEAR ? q - ORDER_NEAR : 0, hi = q + ORDER_NEAR < nb ? q + ORDER_NEAR : nb;
        c->order[i] = hi > lo ? (float)((sum[hi] - sum[lo]) / (double)(hi - lo)) : 0.0f;
    }
    ctx_release(c, pos, c->npath + 1, sizeof *pos);
    ctx_release(c, sum, c->npath + 1, sizeof *sum);
    return true;
}

/* Whether partner a is better than b for a speaker of p paragraphs: more
 * beads together, then the paragraph count closer to p (one question from
 * the audience does not outweigh a guest's many answers). */
static bool better_partner(uint32_t hit_a, uint32_t paras_a, uint32_t hit_b, uint32_t paras_b,
                           uint32_t p)
{
    if (hit_a != hit_b)
        return hit_a > hit_b;
    uint32_t da = paras_a > p ? paras_a - p : p - paras_a;
    uint32_t db = paras_b > p ? paras_b - p : p - paras_b;
    return da < db;
}

/* Speakers named on one side only whom the path pairs by mutual majority:
 * into the maps, counted in *learned (when learned is not NULL), else into
 * out->pairs. */
static status learn_speakers(ctx *c, size_t *learned, align_result *out)
{
    side *z = &c->s[LANG_ZH], *e = &c->s[LANG_EN];
    int idz[PAIR_MAX], ide[PAIR_MAX];
    uint32_t pz[PAIR_MAX], pe[PAIR_MAX];
    int *xz = malloc((z->nmap + 1) * sizeof *xz), *xe = malloc((e->nmap + 1) * sizeof *xe);
    /* counts[iz][ie]; the last row and column: beads with anyone else */
    size_t nz = xz && xe ? one_sided(z, e, idz, xz, pz) : 0;
    size_t ne = xz && xe ? one_sided(e, z, ide, xe, pe) : 0, cols = ne + 1;
    uint32_t *cnt = calloc((nz + 1) * cols, sizeof *cnt);
    if (!xz || !xe || !cnt) {
        free(xz), free(xe), free(cnt);
        return ST_NO_MEMORY;
    }
    for (size_t k = 0; k < c->npath && nz && ne; k++) {
        const step *s = &c->path[k];
        if (!BEADS[s->t].a || !BEADS[s->t].b)
            continue;
        int sz = z->runspk[z->run[s->i]], se = e->runspk[e->run[s->j]];
        if (sz < 0 || se < 0 || (size_t)sz >= z->nmap || (size_t)se >= e->nmap)
            continue;
        size_t iz = xz[sz] >= 0 ? (size_t)xz[sz] : nz, ie = xe[se] >= 0 ? (size_t)xe[se] : ne;
        cnt[iz * cols + ie]++;
    }
    double share = learned ? LEARN_SHARE : PAIR_SHARE;
    size_t pairs_cap = out ? out->npairs : 0;
    status st = ST_OK;
    for (size_t iz = 0; iz < nz && st == ST_OK; iz++) {
        size_t best = ne, row = 0, col = 0;
        for (size_t ie = 0; ie <= ne; ie++) {
            row += cnt[iz * cols + ie];
            if (ie < ne && cnt[iz * cols + ie] &&
                (best == ne || better_partner(cnt[iz * cols + ie], pe[ie], cnt[iz * cols + best],
                                              pe[best], pz[iz])))
                best = ie;
        }
        if (best == ne)
            continue;
        uint32_t hit = cnt[iz * cols + best];
        bool mutual = true;
        for (size_t q = 0; q <= nz; q++) {
            col += cnt[q * cols + best];
            if (q != iz && q < nz && better_partner(cnt[q * cols + best], pz[q], hit, pz[iz], pe[best]))
                mutual = false;
        }
        if (!mutual || hit < share * row || hit < share * col)
            continue;
        if (learned) {
            z->map[idz[iz]] = ide[best];
            e->map[ide[best]] = idz[iz];
            ++*learned;
            continue;
        }
        if (!GROW(out->pairs, pairs_cap, out->npairs + 1)) {
            st = ST_NO_MEMORY;
            break;
        }
        out->pairs[out->npairs++] = (align_speaker_pair){idz[iz], ide[best]};
    }
    free(xz), free(xe), free(cnt);
    return st;
}

/* ---- the entry points ------------------------------------------------------------ */

static void ctx_free(ctx *c)
{
    band_release(c);
    for (int l = 0; l < LANG_SIDES; l++) {
        side *s = &c->s[l];
        free(s->len), free(s->lit), free(s->rew), free(s->drop), free(s->marks);
        free(s->run), free(s->runspk), free(s->turn), free(s->map), free(s->present);
        free(c->mm[l]);
        free(c->pin[l]);
    }
    free(c->ew);
    free(c->ewoff);
    free(c->order);
    free(c->path);
}

/* The beads of the final path, with speakers and confidences. */
static status emit_beads(ctx *c, align_result *out)
{
    const side *z = &c->s[LANG_ZH], *e = &c->s[LANG_EN];
    out->beads = malloc((c->npath ? c->npath : 1) * sizeof *out->beads);
    if (!out->beads)
        return ST_NO_MEMORY;
    for (size_t k = 0; k < c->npath; k++) {
        const step *s = &c->path[k];
        unsigned a = BEADS[s->t].a, b = BEADS[s->t].b;
        int sz = a ? z->runspk[z->run[s->i]] : -1, se = b ? e->runspk[e->run[s->j]] : -1;
        out->beads[k] = (doc_segment){
            .first = {s->i, s->j},
            .count = {a, b},
            .speaker = sz >= 0 ? sz : se,
            .confidence = confidence(c, s),
        };
    }
    out->nbeads = c->npath;
    return ST_OK;
}

/* One side empty: every paragraph stands alone, certainly. */
static status align_one_sided(const align_item *it, size_t n, lang_id l, align_result *out)
{
    out->beads = malloc((n ? n : 1) * sizeof *out->beads);
    if (!out->beads)
        return ST_NO_MEMORY;
    for (size_t k = 0; k < n; k++) {
        doc_segment s = {.speaker = it[k].speaker, .confidence = 1.0f};
        s.first[l] = (uint32_t)k;
        s.count[l] = 1;
        out->beads[k] = s;
    }
    out->nbeads = n;
    out->bytes = n * sizeof *out->beads;
    return ST_OK;
}

/* The bead type of a paragraphs and b paragraphs, or NO_BEAD. */
static unsigned bead_type(uint32_t a, uint32_t b)
{
    for (unsigned t = 0; t < NBEADS; t++)
        if (BEADS[t].a == a && BEADS[t].b == b)
            return t;
    return NO_BEAD;
}

/* c->path from a pairing given from outside (align_rate); false when it is
 * not a partition of both lists in order. */
static bool impose(ctx *c, const doc_segment *beads, size_t nb)
{
    size_t n = c->s[LANG_ZH].n, m = c->s[LANG_EN].n, i = 0, j = 0;
    if (nb > n + m)
        return false;
    for (size_t k = 0; k < nb; k++) {
        uint32_t a = beads[k].count[LANG_ZH], b = beads[k].count[LANG_EN];
        if ((a && beads[k].first[LANG_ZH] != i) || (b && beads[k].first[LANG_EN] != j) ||
            !(a || b) || a > n - i || b > m - j)
            return false;
        c->path[k] = (step){(uint32_t)i, (uint32_t)j, (uint8_t)bead_type(a, b)};
        i += a;
        j += b;
    }
    c->npath = nb;
    return i == n && j == m;
}

/* Aligns, then rates the beads found — or, when `rate` is not NULL, the
 * nrate beads given there instead (their confidences written back). */
static status align_run(ctx *c, const align_options *opt, align_result *out, doc_segment *rate,
                        size_t nrate)
{
    size_t n = c->s[LANG_ZH].n, m = c->s[LANG_EN].n;
    unsigned band = opt ? opt->band : 0;
    c->path = ctx_alloc(c, n + m + 1, sizeof *c->path);
    if (!c->path || !ctx_prepare(c))
        return ST_NO_MEMORY;
    if (opt && opt->drop_p > 0.0 && opt->drop_p < 1.0) /* BEADS[1], [2]: 1-0, 0-1 */
        c->prior[1] = c->prior[2] = -log(opt->drop_p);
    c->runs = opt && opt->runs;
    if (c->runs && !(opt->drop_p > 0.0 && opt->drop_p < 1.0))
        c->prior[1] = c->prior[2] = -log(RUNS_DROP_P);
    /* Pass 1: the document's totals, turn changes and shared names; over
     * a prefix of a long document, which teaches as much for less. */
    bool sample = n > 2 * SAMPLE_ROWS;
    c->s[LANG_ZH].n = sample ? SAMPLE_ROWS : n;
    c->free_end = sample;
    ctx_drop_costs(c);
    size_t learned = 0;
    status st = run_pass(c, band);
    if (st == ST_OK)
        st = learn_speakers(c, &learned, NULL);
    c->s[LANG_ZH].n = n;
    c->free_end = false;
    if (st == ST_OK && c->runs && !expect_order(c))
        st = ST_NO_MEMORY;
    if (st != ST_OK)
        return st;
    /* Pass 2: the length model, speaker map and order pass 1 taught,
     * unless they are what pass 1 already used on the whole. */
    if (estimate(c) || learned || sample || c->runs) {
        ctx_drop_costs(c);
        if ((st = run_pass(c, band)) != ST_OK)
            return st;
    }
    if (rate && !impose(c, rate, nrate))
        return ST_USAGE;
    memset(c->mark, 0, (n + 1) * c->Wd);
    for (size_t k = 0; k < c->npath; k++) {
        const step *s = &c->path[k];
        if (s->t < NBEADS && s->j >= c->lo[s->i] && s->j - c->lo[s->i] < c->Wd)
            c->mark[s->i * c->Wd + (s->j - c->lo[s->i])] = (uint8_t)(s->t + 1);
    }
    for (int l = 0; l < LANG_SIDES; l++) {
        size_t len = c->s[l].n;
        c->mm[l] = ctx_alloc(c, len, sizeof *c->mm[l]);
        c->pin[l] = ctx_alloc(c, len, sizeof *c->pin[l]);
        if (!c->mm[l] || !c->pin[l])
            return ST_NO_MEMORY;
        for (size_t k = 0; k < len; k++) {
            c->mm[l][k] = (minmarg){(float)INF, (float)INF, UINT64_MAX};
            c->pin[l][k] = (float)INF;
        }
    }
    /* The best path's beads hold the best alignment: their paragraphs' best
     * is known before the backward pass, which then seeks only the second
     * (an imposed pairing's beads are rated as they come) */
    double total = f_get(c, n, m);
    for (size_t k = 0; !rate && k < c->npath; k++) {
        const step *p = &c->path[k];
        unsigned a = BEADS[p->t].a, b = BEADS[p->t].b;
        for (int l = 0; l < LANG_SIDES; l++)
            for (size_t q = l ? p->j : p->i; q < (l ? p->j + b : p->i + a); q++)
                c->mm[l][q] = (minmarg){(float)total, (float)INF, bead_id(p->i, p->j, p->t)};
    }
    backward(c);
    if (rate) {
        for (size_t k = 0; k < nrate; k++)
            rate[k].confidence = confidence(c, &c->path[k]);
        return ST_OK;
    }
    if ((st = emit_beads(c, out)) != ST_OK || (st = learn_speakers(c, NULL, out)) != ST_OK)
        return st;
    out->ratio = c->c;
    out->variance = c->kappa;
    out->band = c->Wd >= m + 1 ? 0 : (unsigned)c->W;
    out->bytes = c->peak + out->nbeads * sizeof *out->beads;
    return ST_OK;
}

/* align_items, or the rating of given beads (rate, nrate) when rate is not
 * NULL. */
static status align_or_rate(const align_item *zh, size_t nzh, const align_item *en, size_t nen,
                            const align_options *opt, align_result *out, doc_segment *rate,
                            size_t nrate)
{
    memset(out, 0, sizeof *out);
    if (!nzh || !nen) {
        for (size_t k = 0; rate && k < nrate; k++)
            rate[k].confidence = 1.0f; /* one side: nothing to doubt */
        if (rate)
            return ST_OK;
        return nzh ? align_one_sided(zh, nzh, LANG_ZH, out)
                   : align_one_sided(en, nen, LANG_EN, out);
    }
    ctx c = {.s = {{.it = zh, .n = nzh}, {.it = en, .n = nen}}};
    status st = align_run(&c, opt, out, rate, nrate);
    ctx_free(&c);
    if (st != ST_OK)
        align_result_free(out);
    return st;
}

status align_items(const align_item *zh, size_t nzh, const align_item *en, size_t nen,
                   const align_options *opt, align_result *out)
{
    return align_or_rate(zh, nzh, en, nen, opt, out, NULL, 0);
}

void align_result_free(align_result *r)
{
    if (!r)
        return;
    free(r->beads);
    free(r->pairs);
    memset(r, 0, sizeof *r);
}

/* Measures one side's texts into items; their anchors live in s->ids. */
static status measure_side(meter *s, const align_text *t, size_t n, align_item **items)
{
    align_item *it = *items = calloc(n ? n : 1, sizeof *it);
    uint32_t *off = malloc((n ? n : 1) * sizeof *off);
    if (!it || !off) {
        free(off);
        return ST_NO_MEMORY;
    }
    uint32_t *foff = malloc((n ? n : 1) * sizeof *foff);
    if (!foff) {
        free(off);
        return ST_NO_MEMORY;
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t start = s->nids, fstart = s->nfigs;
        meter_text(s, t[k].text, t[k].len, &it[k]);
        it[k].nfigures = s->nfigs > fstart ? sort_unique(s->figs + fstart, s->nfigs - fstart) : 0;
        s->nfigs = fstart + it[k].nfigures;
        foff[k] = fstart;
        it[k].speaker = t[k].speaker;
        it[k].run = t[k].run;
        it[k].start_ms = t[k].start_ms;
        it[k].end_ms = t[k].end_ms;
        /* A text without anchors may leave s->ids NULL: no NULL + 0. */
        it[k].nanchors = s->nids > start ? sort_unique(s->ids + start, s->nids - start) : 0;
        s->nids = start + it[k].nanchors;
        off[k] = start;
    }
    for (size_t k = 0; k < n; k++) { /* s->ids moved while growing */
        it[k].anchors = s->ids ? s->ids + off[k] : NULL;
        it[k].figures = s->figs ? s->figs + foff[k] : NULL;
    }
    free(off);
    free(foff);
    return s->oom ? ST_NO_MEMORY : ST_OK;
}

/* align_texts, or align_rate when rate is not NULL. */
static status measure_and_run(const align_text *zh, size_t nzh, const align_text *en, size_t nen,
                              const align_options *opt, align_result *out, doc_segment *rate,
                              size_t nrate)
{
    memset(out, 0, sizeof *out);
    numword_table numwords;
    numword_table_init(&numwords);
    meter sz = {.lang = LANG_ZH, .numwords = &numwords};
    meter se = {.lang = LANG_EN, .numwords = &numwords};
    align_item *iz = NULL, *ie = NULL;
    idset vocab = {0};
    status st = measure_side(&sz, zh, nzh, &iz);
    /* English tokens count only when the Chinese side has them too. */
    if (st == ST_OK && !idset_init(&vocab, sz.nids))
        st = ST_NO_MEMORY;
    for (uint32_t k = 0; st == ST_OK && k < sz.nids; k++)
        vocab.key[idset_slot(&vocab, sz.ids[k])] = sz.ids[k];
    se.filter = &vocab;
    se.wanted = sz.shape;
    if (st == ST_OK)
        st = measure_side(&se, en, nen, &ie);
    if (st == ST_OK)
        st = align_or_rate(iz, nzh, ie, nen, opt, out, rate, nrate);
    if (st == ST_OK)
        out->bytes += (nzh + nen) * sizeof *iz + (sz.cap + se.cap) * sizeof *sz.ids +
                      (vocab.mask + 1) * 2 * sizeof *vocab.key +
                      (sz.figcap + se.figcap) * sizeof *sz.figs;
    idset_free(&vocab);
    free(iz);
    free(ie);
    free(sz.ids);
    free(se.ids);
    free(sz.figs);
    free(se.figs);
    return st;
}

status align_texts(const align_text *zh, size_t nzh, const align_text *en, size_t nen,
                   const align_options *opt, align_result *out)
{
    return measure_and_run(zh, nzh, en, nen, opt, out, NULL, 0);
}

status align_rate(const align_text *zh, size_t nzh, const align_text *en, size_t nen,
                  const align_options *opt, doc_segment *beads, size_t nbeads)
{
    align_result r;
    status st = measure_and_run(zh, nzh, en, nen, opt, &r, beads, nbeads);
    align_result_free(&r);
    return st;
}

status align_document(doc *d)
{
    align_text *t[LANG_SIDES] = {NULL, NULL};
    for (int l = 0; l < LANG_SIDES; l++) {
        size_t n = d->nparas[l];
        if (!(t[l] = malloc((n ? n : 1) * sizeof *t[l]))) {
            free(t[0]);
            return ST_NO_MEMORY;
        }
        for (size_t k = 0; k < n; k++) {
            const doc_para *p = &d->paras[l][k];
            t[l][k] = (align_text){.text = p->text, .len = p->len, .speaker = p->speaker,
                                    .start_ms = p->start_ms, .end_ms = p->end_ms};
        }
    }
    align_result r;
    status st = align_texts(t[LANG_ZH], d->nparas[LANG_ZH], t[LANG_EN], d->nparas[LANG_EN],
                            NULL, &r);
    free(t[0]);
    free(t[1]);
    if (st != ST_OK)
        return st;
    doc_clear_segments(d);
    for (size_t k = 0; k < r.nbeads; k++)
        if (!doc_add_segment(d, &r.beads[k])) {
            align_result_free(&r);
            return ST_NO_MEMORY;
        }
    /* One person labelled in both languages becomes one speaker. Merging
     * removes the English id and shifts those above it down. */
    for (size_t k = 0; k < r.npairs; k++) {
        int into = r.pairs[k].zh, from = r.pairs[k].en;
        doc_speaker_merge(d, into, from, NULL);
        for (size_t q = k + 1; q < r.npairs; q++) {
            r.pairs[q].zh -= r.pairs[q].zh > from;
            r.pairs[q].en -= r.pairs[q].en > from;
        }
    }
    align_result_free(&r);
    return ST_OK;
}
