/* lang — the language of a text from the scripts of its characters. */
#define _GNU_SOURCE /* memmem */
#include "lang.h"

#include <string.h>
#include <utf8proc.h>

/* Han (unified ideographs, extensions, compatibility), Kana and Hangul.
 * Block ranges rather than a script table: utf8proc exposes no script
 * property, and these blocks hold nothing but those scripts' letters. */
static bool lang_is_cjk_letter(utf8proc_int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF)     /* CJK Unified Ideographs */
        || (cp >= 0x3400 && cp <= 0x4DBF)     /* Extension A */
        || (cp >= 0x20000 && cp <= 0x3134F)   /* Extensions B–G */
        || (cp >= 0xF900 && cp <= 0xFAFF)     /* Compatibility Ideographs */
        || (cp >= 0x2F800 && cp <= 0x2FA1F)   /* Compatibility Supplement */
        || cp == 0x3005 || cp == 0x3007       /* 々 〇 */
        || (cp >= 0x3041 && cp <= 0x309F)     /* Hiragana */
        || (cp >= 0x30A0 && cp <= 0x30FA)     /* Katakana (not ・) */
        || (cp >= 0x30FC && cp <= 0x30FF)
        || (cp >= 0x31F0 && cp <= 0x31FF)     /* Katakana extensions */
        || (cp >= 0xFF66 && cp <= 0xFF9D)     /* half-width Katakana */
        || (cp >= 0xAC00 && cp <= 0xD7A3)     /* Hangul syllables */
        || (cp >= 0x1100 && cp <= 0x11FF)     /* Hangul Jamo */
        || (cp >= 0x3131 && cp <= 0x318E);    /* Hangul compatibility Jamo */
}

/* Latin letters: Basic Latin, Latin-1 and Extended A/B, Extended
 * Additional, and the full-width forms (Ａ–Ｚ, ａ–ｚ). */
static bool lang_is_latin_extended(utf8proc_int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL;
}

static inline bool lang_is_latin_letter(utf8proc_int32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
        return true;
    if (cp >= 0x2000) /* only the full-width forms up there (CJK is below them) */
        return (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
    return ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF)) &&
           lang_is_latin_extended(cp);
}

static bool lang_is_space(utf8proc_int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r')
        return true;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP;
}

/* ASCII letters, digits and spaces: most of every transcript, counted
 * without a Unicode look-up. */
static bool lang_ascii_letter(unsigned char b)
{
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
}

void lang_count(const char *s, size_t n, lang_counts *c)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    bool in_word = false;      /* the previous character was a Latin letter */
    bool apostrophe = false;   /* … followed by an apostrophe (it's, don’t) */
    int last = 0;              /* the last letter's script, brackets aside: 1 CJK, 2 Latin */
    bool ended = false;        /* a sentence end since it */
    int depth = 0;             /* brackets open (a gloss: no change of language) */
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        unsigned char b = p[i];
        if (b < 0x80) {
            cp = b;
            i++;
        } else if (b >= 0xE0 && b <= 0xEF && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
                   (p[i + 2] & 0xC0) == 0x80) {
            /* three bytes: all of the BMP's CJK, decoded by hand */
            cp = ((b & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
            if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                c->other++;
                in_word = apostrophe = false;
                i++;
                continue;
            }
            i += 3;
        } else {
            utf8proc_ssize_t len = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
            if (len <= 0) {
                c->other++;
                in_word = apostrophe = false;
                i++;
                continue;
            }
            i += (size_t)len;
        }
        if (cp < 0x80 ? lang_ascii_letter((unsigned char)cp) : lang_is_latin_letter(cp)) {
            c->latin++;
            if (!in_word && !apostrophe) {
                c->latin_words++;
                if (!depth) {
                    c->switches += ended && last == 1;
                    last = 2;
                    ended = false;
                }
            }
            in_word = true;
            apostrophe = false;
            continue;
        }
        apostrophe = in_word && (cp == '\'' || cp == 0x2019);
        in_word = false;
        if (cp < 0x80) {
            if (cp >= '0' && cp <= '9') {
                c->digits++;
            } else if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r' && cp != '\f' && cp != '\v') {
                c->other++;
                depth += cp == '(' || cp == '[';
                depth -= depth && (cp == ')' || cp == ']');
                /* ". " "?" ":" end a sentence, not "3.5" or "e.g" */
                if (!depth && (cp == '.' || cp == '!' || cp == '?' || cp == ':') &&
                    (i >= n || p[i] >= 0x80 || p[i] == ' ' || p[i] == '\t' || p[i] == '"' ||
                     p[i] == '\'' || p[i] == ')' || p[i] == ']'))
                    ended = true;
            }
        } else if (lang_is_cjk_letter(cp)) {
            c->cjk++;
            if (!depth) {
                c->switches += ended && last == 2;
                last = 1;
                ended = false;
            }
        } else if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1A || cp == 0x2026 ||
                   cp == 0xFF0E) {
            c->other++;
            ended |= !depth;
        } else if (cp == 0xFF08 || cp == 0x3010 || cp == 0xFF3B || cp == 0x3014 || cp == 0x3016) {
            c->other++;
            depth++;
        } else if (cp == 0xFF09 || cp == 0x3011 || cp == 0xFF3D || cp == 0x3015 || cp == 0x3017) {
            c->other++;
            depth -= depth > 0;
        } else if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ND) {
            c->digits++;
        } else if (!lang_is_space(cp)) {
            c->other++;
        }
    }
}

lang_id lang_classify(const lang_counts *c)
{
    if (c->cjk == 0 && c->latin_words == 0)
        return LANG_NONE;
    return c->cjk >= c->latin_words ? LANG_ZH : LANG_EN;
}

lang_id lang_detect(const char *s, size_t n)
{
    lang_counts c = {0};
    lang_count(s, n, &c);
    return lang_classify(&c);
}

bool lang_is_cjk(uint32_t cp)
{
    return cp <= 0x10FFFF && lang_is_cjk_letter((utf8proc_int32_t)cp);
}

bool lang_is_latin(uint32_t cp)
{
    return cp <= 0x10FFFF && lang_is_latin_letter((utf8proc_int32_t)cp);
}

const char *lang_code(lang_id l)
{
    switch (l) {
    case LANG_ZH: return "zh";
    case LANG_EN: return "en";
    default: return "none";
    }
}

/* ---- where a line changes language ---------------------------------------- */

/* The code point at s[i] (valid UTF-8, as sanitised text is) and its length. */
static size_t lang_cp(const char *s, size_t n, size_t i, utf8proc_int32_t *cp)
{
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xE0 && b <= 0xEF && i + 2 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
        ((unsigned char)s[i + 2] & 0xC0) == 0x80) { /* the BMP's CJK, by hand */
        *cp = ((b & 0x0F) << 12) | (((unsigned char)s[i + 1] & 0x3F) << 6) |
              ((unsigned char)s[i + 2] & 0x3F);
        return 3;
    }
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), cp);
    if (len <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)len;
}

static bool lang_is_open_bracket(utf8proc_int32_t cp)
{
    return cp == '(' || cp == '[' || cp == 0xFF08 || cp == 0x3010 || cp == 0xFF3B ||
           cp == 0x3014 || cp == 0x3016;
}

static bool lang_is_close_bracket(utf8proc_int32_t cp)
{
    return cp == ')' || cp == ']' || cp == 0xFF09 || cp == 0x3011 || cp == 0xFF3D ||
           cp == 0x3015 || cp == 0x3017;
}

static bool lang_is_open_quote(utf8proc_int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == 0x300C ||
           cp == 0x300E || cp == 0x300A || cp == 0x3008;
}

static bool lang_blank_cp(utf8proc_int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* What may stand between a sentence end and the next sentence, still
 * belonging to the first: closing quotes and brackets, spaces. */
static bool lang_after_end(utf8proc_int32_t cp)
{
    return lang_blank_cp(cp) || lang_is_close_bracket(cp) || cp == '"' || cp == '\'' ||
           cp == 0x201D || cp == 0x2019 || cp == 0x300D || cp == 0x300F || cp == 0x300B ||
           cp == 0x3009;
}

/* What a sentence-ending character at s[i] (length k) is: 0 none, 1 an end,
 * 2 a colon (an end unless a quotation opens after it). ASCII . ! ? end a
 * sentence only before a space, the line's end, a quote or bracket closing,
 * or a non-ASCII character ("world.巴伯"), not inside "3.5" or "e.g.x". */
static int lang_sentence_end(const char *s, size_t n, size_t i, size_t k, utf8proc_int32_t cp)
{
    if (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x2026 || cp == 0xFF0E)
        return 1;
    if (cp == 0xFF1A)
        return 2;
    if (cp != '.' && cp != '!' && cp != '?' && cp != ':')
        return 0;
    size_t j = i + k;
    if (j < n) {
        unsigned char c = (unsigned char)s[j];
        if (c < 0x80 && c != ' ' && c != '\t' && c != '"' && c != '\'' && c != ')' && c != ']')
            return 0;
    }
    return cp == ':' ? 2 : 1;
}

typedef struct lang_stretch {
    uint32_t start;        /* byte offset */
    uint32_t cjk, letters; /* outside brackets */
    uint32_t words;        /* runs of Latin letters outside brackets */
    uint32_t other;        /* symbols and punctuation outside brackets */
} lang_stretch;

/* Sizes on one scale: a CJK character says about as much as three letters. */
static uint32_t lang_zh_size(const lang_stretch *t) { return t->cjk * 3; }

static bool lang_stretch_zh(const lang_stretch *t) { return lang_zh_size(t) >= t->letters; }

/* Too small to be a sentence of its own: under six (a CJK character
 * weighing three), or English of one word ("OpenAI之?"), or Chinese of one
 * character. */
static bool lang_stretch_tiny(const lang_stretch *t)
{
    return lang_zh_size(t) + t->letters < 6 ||
           (lang_stretch_zh(t) ? t->cjk < 2 : t->words < 2);
}

/* Mostly one language: the other is at most half of it (a third of all),
 * and words, not symbols ("^[]52;c;…" is no English). */
static bool lang_stretch_pure(const lang_stretch *t)
{
    uint32_t zh = lang_zh_size(t), en = t->letters;
    if (zh >= en)
        return en * 2 < zh && t->cjk >= t->other;
    return zh * 2 < en && en >= t->other * 2;
}

/* Joins stretch k + 1 into stretch k. */
static void lang_stretch_join(lang_stretch *t, size_t *nt, size_t k)
{
    t[k].cjk += t[k + 1].cjk;
    t[k].letters += t[k + 1].letters;
    t[k].words += t[k + 1].words;
    t[k].other += t[k + 1].other;
    for (size_t i = k + 1; i + 1 < *nt; i++)
        t[i] = t[i + 1];
    --*nt;
}

#define LANG_MAX_STRETCHES 256
/* A gloss in brackets is short: a bracket open longer than this (bytes)
 * was never a gloss. */
#define LANG_MAX_GLOSS 160

size_t lang_cuts(const char *s, size_t n, bool anywhere, uint32_t *cuts, size_t max)
{
    if (!anywhere) {
        lang_counts c = {0};
        lang_count(s, n, &c);
        if (!c.switches)
            return 0;
    }
    lang_stretch t[LANG_MAX_STRETCHES];
    size_t nt = 1;
    t[0] = (lang_stretch){0, 0, 0, 0, 0};
    int last = 0;          /* script of the last letter outside brackets: 1 CJK, 2 Latin */
    int depth = 0;         /* brackets open */
    size_t opened = 0;     /* where the outermost one opened */
    bool ended = false;    /* a sentence end since that letter */
    size_t after_end = 0;  /* where the text after the last sentence end starts */
    size_t token = 0;      /* where the run of opening quotes before here starts */
    bool in_token = false;
    bool letter = false;   /* the character before was a Latin letter */
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        size_t k = lang_cp(s, n, i, &cp);
        int script = cp < 0x80 ? (lang_ascii_letter((unsigned char)cp) ? 2 : 0)
                     : lang_is_cjk_letter(cp) ? 1 : lang_is_latin_letter(cp) ? 2 : 0;
        if (depth && i - opened > LANG_MAX_GLOSS)
            depth = 0; /* a bracket never closed (1) a point, ^[ a control): not a gloss */
        if (lang_is_open_bracket(cp)) {
            if (!depth++)
                opened = i;
        } else if (lang_is_close_bracket(cp)) {
            depth -= depth > 0;
        } else if (depth == 0 && script) {
            if (last && script != last && (ended || anywhere) && nt < LANG_MAX_STRETCHES) {
                /* the new stretch starts after the sentence end's spaces,
                 * or at this letter's opening quotes when a bracket (a
                 * gloss of the stretch before) stands there */
                size_t at = in_token ? token : i;
                if (ended && after_end < at) {
                    utf8proc_int32_t c0;
                    lang_cp(s, n, after_end, &c0);
                    if (!lang_is_open_bracket(c0))
                        at = after_end;
                }
                t[nt++] = (lang_stretch){(uint32_t)at, 0, 0, 0, 0};
            }
            if (script == 1) {
                t[nt - 1].cjk++;
            } else {
                t[nt - 1].letters++;
                t[nt - 1].words += !letter;
            }
            last = script;
            ended = false;
        } else if (depth == 0 && !script) {
            t[nt - 1].other += !lang_blank_cp(cp) && !(cp >= '0' && cp <= '9');
            int e = lang_sentence_end(s, n, i, k, cp);
            if (e == 2) { /* a colon: an end unless a quotation opens after it */
                size_t j = i + k;
                utf8proc_int32_t c1 = 0;
                while (j < n && (j += lang_cp(s, n, j, &c1), lang_blank_cp(c1)))
                    ;
                e = j <= n && c1 && lang_is_open_quote(c1) ? 0 : 1;
            }
            if (e) {
                ended = true;
                after_end = i + k;
                i += k;
                in_token = letter = false;
                continue;
            }
        }
        letter = script == 2;
        if (ended && after_end == i && lang_after_end(cp))
            after_end = i + k; /* "win.” 然后": the quote and space end the sentence */
        bool quote = depth == 0 && lang_is_open_quote(cp) && !(ended && after_end == i + k);
        if (quote && !in_token)
            token = i;
        in_token = quote;
        i += k;
    }
    /* join what cannot stand alone, until nothing changes */
    for (bool changed = true; changed && nt > 1;) {
        changed = false;
        for (size_t k = 0; k < nt && nt > 1; k++)
            if (lang_stretch_tiny(&t[k])) {
                lang_stretch_join(t, &nt, k ? k - 1 : 0);
                changed = true;
                break;
            }
        for (size_t k = 0; !changed && k + 1 < nt; k++)
            if (lang_stretch_zh(&t[k]) == lang_stretch_zh(&t[k + 1]) ||
                !lang_stretch_pure(&t[k]) || !lang_stretch_pure(&t[k + 1])) {
                lang_stretch_join(t, &nt, k);
                changed = true;
            }
    }
    size_t m = 0;
    for (size_t k = 1; k < nt && m < max; k++)
        cuts[m++] = t[k].start;
    return m;
}
