/* lang — the language of a text from the scripts of its characters. */
#include "lang.h"

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
static bool lang_is_latin_letter(utf8proc_int32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
        return true;
    if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
        return true;
    if ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF)) {
        utf8proc_category_t cat = utf8proc_category(cp);
        return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL;
    }
    return false;
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
            if (!in_word && !apostrophe)
                c->latin_words++;
            in_word = true;
            apostrophe = false;
            continue;
        }
        apostrophe = in_word && (cp == '\'' || cp == 0x2019);
        in_word = false;
        if (cp < 0x80) {
            if (cp >= '0' && cp <= '9')
                c->digits++;
            else if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r' && cp != '\f' && cp != '\v')
                c->other++;
        } else if (lang_is_cjk_letter(cp)) {
            c->cjk++;
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
