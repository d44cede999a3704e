/* lang — which language a piece of text is in, and why.
 *
 * duet reads Chinese and English. A paragraph's language comes from the
 * share of its characters: Han, Kana and Hangul on one side, Latin letters on
 * the other, weighted so that Latin words inside Chinese text (OpenAI,
 * ModelScope) and a Chinese name inside English text do not flip it.
 */
#ifndef DUET_LANG_H
#define DUET_LANG_H

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
    uint32_t cjk;    /* Han, Kana, Hangul, CJK punctuation and fullwidth forms */
    uint32_t latin;  /* Latin letters */
    uint32_t digits;
    uint32_t other;  /* everything else but spaces */
} lang_counts;

/* Counts the characters of n bytes of valid UTF-8 into *c (added to it). */
void lang_count(const char *s, size_t n, lang_counts *c);

/* The language the counts point to. */
lang_id lang_classify(const lang_counts *c);

/* lang_count + lang_classify in one call. */
lang_id lang_detect(const char *s, size_t n);

/* "zh", "en" or "none". */
const char *lang_code(lang_id l);

#endif
