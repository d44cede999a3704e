/* lang — which language a piece of text is in, and why.
 *
 * duet reads Chinese and English. A paragraph's language comes from what it
 * is written with: Han, Kana and Hangul characters on one side, Latin words
 * on the other. One CJK character weighs as much as one Latin *word* (not
 * one letter), so Latin words inside Chinese text (OpenAI, ModelScope, AGI)
 * and a Chinese name inside English text do not flip it. Digits,
 * punctuation (ASCII or full-width) and symbols are neutral: a text of only
 * those is LANG_NONE.
 */
#ifndef DUET_LANG_H
#define DUET_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    LANG_ZH = 0,  /* Chinese (CJK scripts) */
    LANG_EN = 1,  /* English (Latin script) */
    LANG_NONE = 2 /* neither: digits, punctuation, symbols, empty */
} lang_id;

#define LANG_SIDES 2 /* LANG_ZH and LANG_EN: the two panes */

/* What a text is made of: the evidence behind lang_classify. */
typedef struct lang_counts {
    uint32_t cjk;    /* Han, Kana, Hangul letters (CJK punctuation and
                        full-width symbols count as `other`: neutral) */
    uint32_t latin;  /* Latin letters, full-width ones too */
    uint32_t latin_words; /* runs of Latin letters (what `latin` weighs as) */
    uint32_t digits;
    uint32_t other;  /* everything else but spaces */
    uint32_t switches; /* sentence ends followed by a letter of the other
                        script than the letter before them: where
                        lang_cuts may cut (0: it will not) */
} lang_counts;

/* Counts the characters of n bytes of UTF-8 into *c (added to it); an
 * invalid byte counts as `other`. Counting two texts into one lang_counts
 * is the same as counting their concatenation with a space between. */
void lang_count(const char *s, size_t n, lang_counts *c);

/* The language the counts point to: LANG_ZH when the CJK characters are at
 * least as many as the Latin words, LANG_EN when there are Latin words and
 * fewer CJK characters, LANG_NONE when there are neither. */
lang_id lang_classify(const lang_counts *c);

/* lang_count + lang_classify in one call. */
lang_id lang_detect(const char *s, size_t n);

/* True when code point cp is a Han, Kana or Hangul letter (what `cjk`
 * counts); other modules use it to join or split CJK text. */
bool lang_is_cjk(uint32_t cp);

/* True when code point cp is a Latin letter (what `latin` counts). */
bool lang_is_latin(uint32_t cp);

/* Where a line that holds both languages changes from one to the other
 * ("We shipped it in May. 我们在五月发布了它。"): at the first character
 * of a stretch in the other script that follows a sentence end (. ! ? 。
 * ！ ？ …, or a colon that does not open a quotation), with opening quotes
 * going with the new stretch. A gloss in brackets stays where it stands,
 * in whatever script (算力（compute）, cuisine(料理, culinary art)): text
 * in brackets neither starts a stretch nor counts towards one's language,
 * and no stretch starts at an opening bracket. Stretches too small to be
 * a sentence (under six, a CJK character weighing three and a Latin
 * letter one) join their neighbour, and two neighbours join unless each
 * is mostly (two thirds or more) its own language, so a quotation inside
 * a sentence (他说："We will win."然后…) stays in it. With `anywhere`
 * (a heading: "标题 / Title"), no sentence end is needed. Writes at most
 * max cut offsets, in order, each where a stretch starts (never 0), to
 * cuts; returns how many. */
size_t lang_cuts(const char *s, size_t n, bool anywhere, uint32_t *cuts, size_t max);


/* "zh", "en" or "none". */
const char *lang_code(lang_id l);

#endif
