/* hanzi — simplified and traditional Chinese folded to one script, so that
 * a search typed in either finds both.
 *
 * A map takes every CJK ideograph of the Basic Multilingual Plane
 * (U+3400..U+9FFF and U+F900..U+FAFF) to its simplified form as OpenCC's
 * traditional-to-simplified conversion (t2s) writes that character alone:
 * 臺 and 台 fold to 台, 灣 and 湾 to 湾, 發 and 髮 to 发; a simplified
 * character, and any character OpenCC leaves alone, folds to itself.
 * Folds are final: the fold of a fold is itself (where OpenCC writes 苧 for
 * 薴 and 苎 for 苧, both fold to 苎), so a character and its fold are found
 * by the same patterns.
 *
 * Folds stay in the BMP: where the simplified form lies beyond it (OpenCC
 * writes 𠇹 for 俓, 𫝈 for 㑮: some 800 rare characters), the first BMP
 * character folding to it stands for the group instead, and the far form
 * folds to that one (𠇹 to 俓). So no BMP ideograph changes its length in
 * UTF-8 by folding, and folded text keeps its offsets byte for byte.
 *
 * One character at a time, on purpose. A search pattern comes without
 * context, so converting by phrases (t2s keeps 乾 in 乾隆 but writes 干 for
 * 乾 alone) would fold a pattern differently from the same characters inside
 * the text, and a phrase may change the number of characters, which would
 * break the map from folded text back to the characters a match covers.
 * Per character every fold is one code point to one code point; a
 * character OpenCC would turn into more or fewer than one is left alone.
 *
 * hanzi_load asks OpenCC once for the whole range (its dictionaries are
 * files: the call reads them and converts some 28,000 characters, about
 * 40 ms, which is why the search index does it in its background thread and
 * never on the first screen's path), then closes OpenCC: a map is a plain
 * table (110 KiB), read-only once loaded, safe to share between threads.
 * Ideographs beyond the BMP (extension B on) are not asked about (a tenth
 * of a second more of conversion for a few hundred rare forms): they fold
 * to themselves, but for the far simplified forms above.
 */
#ifndef DUET_HANZI_H
#define DUET_HANZI_H

#include <stddef.h>
#include <stdint.h>

/* The ranges a map covers, one after the other in its table. */
#define HANZI_MAIN_FIRST 0x3400u   /* U+3400..U+9FFF: extension A, unified */
#define HANZI_MAIN_COUNT 0x6C00u
#define HANZI_COMPAT_FIRST 0xF900u /* U+F900..U+FAFF: compatibility ideographs */
#define HANZI_COMPAT_COUNT 0x200u
#define HANZI_COUNT (HANZI_MAIN_COUNT + HANZI_COMPAT_COUNT)

/* The OpenCC configuration a map is read from by default. */
#define HANZI_CONFIG "t2s.json"

/* A far simplified form and the BMP character that stands for it. */
typedef struct hanzi_far {
    uint32_t from, to;
} hanzi_far;

typedef struct hanzi_map {
    uint32_t *to;     /* HANZI_COUNT code points, owned: the fold of the
                         covered code point at that place (main range
                         first), always in the BMP; 0 when it folds to
                         itself */
    hanzi_far *far;   /* nfar, owned, sorted by from (all beyond the BMP) */
    size_t nfar;
} hanzi_map;

/* Builds a map through OpenCC's configuration `config` (a file name OpenCC
 * finds in its data directory, or a path; NULL: HANZI_CONFIG). NULL when
 * OpenCC cannot open it or convert (its data is missing), with why into
 * `why` (cap bytes, NUL-terminated: "OpenCC: t2s.json not found or not
 * accessible."), or when memory runs out ("out of memory"). */
hanzi_map *hanzi_load(const char *config, char *why, size_t cap);

/* Frees a map; NULL is fine. */
void hanzi_free(hanzi_map *m);

/* The fold of a code point beyond the BMP (hanzi_fold's slow half). */
uint32_t hanzi_fold_far(const hanzi_map *m, uint32_t cp);

/* The fold of code point cp: its simplified form (or the character that
 * stands for it), or cp. A NULL map folds nothing. Inline: folding calls
 * it for every ideograph of the text. */
static inline uint32_t hanzi_fold(const hanzi_map *m, uint32_t cp)
{
    uint32_t i;
    if (!m || cp < HANZI_MAIN_FIRST)
        return cp;
    if (cp - HANZI_MAIN_FIRST < HANZI_MAIN_COUNT)
        i = cp - HANZI_MAIN_FIRST;
    else if (cp - HANZI_COMPAT_FIRST < HANZI_COMPAT_COUNT)
        i = HANZI_MAIN_COUNT + (cp - HANZI_COMPAT_FIRST);
    else
        return cp > 0xFFFF ? hanzi_fold_far(m, cp) : cp;
    return m->to[i] ? m->to[i] : cp;
}

/* Bytes a map holds (for the search index's count). */
size_t hanzi_memory(const hanzi_map *m);

#endif
