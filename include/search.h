/* search — folding and matching text for the incremental search.
 *
 * Pure: plain data in, plain data out (the one exception, the background
 * build of an index, is a thread that only writes the index). Nothing here
 * knows the layout, the reader or the terminal.
 *
 * Folding. Text is folded one grapheme cluster at a time (text.h's
 * clusters) with utf8proc: NFKC (compatibility forms: "ＡＩ" -> "AI",
 * "：" -> ":", "ﬁ" -> "fi", "①" -> "1"), default-ignorable code points
 * dropped (soft hyphen, zero-width joiner, variation selectors), and, unless
 * the case is kept, Unicode case folding ("AI" -> "ai", "ß" -> "ss"); then
 * simplified and traditional Chinese to one script, a character at a time
 * (hanzi.h, from OpenCC: 臺灣 -> 台湾, 發 and 髮 -> 发), so that a pattern
 * typed in either script finds both.
 * Clusters never merge, so every folded byte comes from exactly one cluster
 * of the sanitised text, and a map leads from folded offsets back to it: a
 * match's highlight covers exactly the clusters it matched (a wide
 * character, a letter with its combining marks, a U+FFFD, a visible
 * control form such as "^[" are each whole). A pattern is folded the same
 * way, so "：" finds ":" and ":" finds "：", and "台湾" finds "臺灣". An
 * ideograph folds to one code point, of the same length in UTF-8 for the
 * whole BMP (a rare one beyond it may shorten: 𠇹 -> 俓, a cluster of its
 * own in the map), so a match on 台湾 highlights exactly 臺灣.
 *
 * The script map is loaded from OpenCC's files once per index, by its build
 * (in the background thread, off the first screen's path), and only when
 * the text has an ideograph; tests and tools that build many indexes share
 * one (search_index_use_hanzi). Without OpenCC's data the search works as
 * before, without that folding, and says why (search_index_hanzi_note).
 *
 * Smart case: a pattern with an upper-case letter (a code point that NFKC
 * leaves with a lower-case form of its own: A, Ａ, Ⓐ, Σ) matches case
 * exactly, still width-folded ("ＡＩ" and "AI" find each other, not "ai");
 * any other pattern ignores case.
 *
 * The index holds every paragraph of both languages and every note of a
 * document as *units*, in reading order — the order layout.h shows blocks
 * in: the notes standing before segment p (in document order), then
 * segment p's Chinese paragraphs, then its English ones; the notes after
 * the last segment at the end. So unit order is block order, and a match's
 * place in the index is its place in the document. Each unit is folded
 * case folded into one buffer, each unit followed by a NUL byte that no
 * pattern contains: no match crosses a paragraph. Wrapping plays no part,
 * so a match may run across display lines. The case-kept folding is held
 * as the bytes where it differs from that buffer (the capitals), so the
 * index costs about the text once, not once per case; the rare unit whose
 * two foldings differ in length (ß, İ) keeps its case-kept folding whole,
 * in the same offsets. Past 12 MiB of text even that copy would not fit in
 * the memory a reader may use (twice the file and a little): the index
 * then keeps none, and a search folds the text again as it goes (a pass
 * over the text for a new pattern, the matched units for a longer one).
 *
 * Matches are start offsets into the folding of that case, ascending: every
 * occurrence, overlapping ones too ("aa" occurs twice in "aaa"). A pattern
 * that extends the previous one (typing one more character) filters the
 * previous matches instead of scanning the buffer again.
 */
#ifndef DUET_SEARCH_H
#define DUET_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "hanzi.h"
#include "status.h"

/* ---- folding one text ------------------------------------------------------ */

/* One entry of the map from folded bytes back to the text. From `fold` on,
 * up to the next entry's fold: when `same`, folded byte fold + k came from
 * text byte src + k (a run of single-code-point clusters each folded to one
 * code point of the same length: "Hello" -> "hello", "中文"); when not, all
 * those folded bytes (maybe none) came from the one cluster that starts at
 * src and ends where the next entry's src is (or the text ends). Before the
 * first entry, bytes move together from (0, 0). Entries are sorted by fold
 * and by src. */
typedef struct search_piece {
    uint32_t fold;
    unsigned src : 31;
    unsigned same : 1;
} search_piece;

/* A text folded, with its map. Owns buf and pieces. */
typedef struct search_folded {
    char *buf;             /* len folded bytes, NUL-terminated, valid UTF-8 */
    size_t len;
    search_piece *pieces;  /* npieces */
    size_t npieces;
    size_t src_len;        /* the length of the text it came from */
} search_folded;

/* Folds n bytes of sanitised text (valid UTF-8, text.h; at most 2 GiB)
 * into *out (zeroed or freed before), with the map; ideographs to one
 * script through hz (borrowed; NULL: not). ST_NO_MEMORY or ST_TOO_LARGE
 * leave *out empty. */
status search_fold_text(const char *s, size_t n, bool keep_case, const hanzi_map *hz,
                        search_folded *out);

/* Frees what search_fold_text allocated; safe on a zeroed or freed value. */
void search_folded_free(search_folded *f);

/* The text bytes [*start, *end) that folded bytes [fs, fe) came from
 * (fs < fe <= f->len), widened to whole clusters. */
void search_folded_source(const search_folded *f, size_t fs, size_t fe, size_t *start,
                          size_t *end);

/* Folds a pattern as text is folded (n bytes of valid UTF-8 without
 * controls), with the case kept or not, through hz (NULL: no script
 * folding); *out is malloc'ed and NUL-terminated, *outlen its length (0
 * when nothing is left, such as a pattern of only a soft hyphen). */
status search_fold(const char *s, size_t n, bool keep_case, const hanzi_map *hz, char **out,
                   size_t *outlen);

/* True when the pattern has an upper-case letter (see smart case above). */
bool search_has_upper(const char *s, size_t n);

/* ---- the index of a document ------------------------------------------------ */

typedef enum { SEARCH_UNIT_PARA, SEARCH_UNIT_NOTE } search_unit_kind;

/* One text of the document. */
typedef struct search_unit {
    uint8_t kind;      /* search_unit_kind */
    uint8_t lang;      /* lang_id of a paragraph */
    uint32_t index;    /* into doc.paras[lang] or doc.notes */
    uint32_t segment;  /* a paragraph's segment; the segment a note stands
                          before (doc_note.position; nsegments: after all) */
} search_unit;

typedef struct search_index search_index;

/* An index of the finished document d (borrowed: d must outlive it), its
 * units listed but nothing folded yet (cheap: no pass over the text). NULL
 * when memory runs out. */
search_index *search_index_new(const doc *d);

/* search_index_new keeping no folded copy whatever the size (as it does
 * for a text past 12 MiB): a search folds the units again as it goes, in
 * the same offsets, with the same results. For tests; NULL when memory
 * runs out. */
search_index *search_index_new_streamed(const doc *d);

/* Frees the index, first waiting for a background build; NULL is fine. */
void search_index_free(search_index *ix);

/* Folds every unit, both cases, unless done: returns at once when built,
 * waits for a background build. ST_NO_MEMORY, or ST_TOO_LARGE past 4 GiB
 * of folded text. */
status search_index_build(search_index *ix);

/* Starts search_index_build in a thread of its own and returns at once, so
 * the folding stays off the first screen's path; false when no thread
 * could start (search_index_build then folds when first needed). */
bool search_index_start(search_index *ix);

/* Folds simplified and traditional with hz (borrowed: it must outlive the
 * index; NULL: no such folding) instead of loading a map when built; why
 * (may be NULL) is the note for a NULL hz (a map that failed to load, as
 * hanzi_load said). For tests, fuzzers and benchmarks, which build many
 * indexes over one map. Call before the build starts. */
void search_index_use_hanzi(search_index *ix, const hanzi_map *hz, const char *why);

/* Once built: why a pattern's Chinese is not folded between simplified and
 * traditional ("OpenCC: t2s.json not found or not accessible."), when the
 * pattern (n bytes) has an ideograph and the index has no map because
 * loading it failed; NULL otherwise. */
const char *search_index_hanzi_note(const search_index *ix, const char *pattern, size_t n);

/* True once built (a background build finished). */
bool search_index_ready(search_index *ix);

/* Number of units; unit u (< search_index_nunits). */
size_t search_index_nunits(const search_index *ix);
const search_unit *search_index_unit(const search_index *ix, size_t u);

/* The unit of paragraph `index` of language `lang`, or of note `index`
 * (kind SEARCH_UNIT_NOTE, lang ignored); SIZE_MAX when there is none. */
size_t search_index_find_unit(const search_index *ix, search_unit_kind kind, int lang,
                              size_t index);

/* Bytes the index holds (folded buffers, maps, tables): for benchmarks. */
size_t search_index_memory(const search_index *ix);

/* ---- matching ---------------------------------------------------------------- */

/* The matches of one pattern. Owns pattern and at; zero it before first use. */
typedef struct search_result {
    char *pattern;    /* the folded pattern, plen bytes (NUL-terminated) */
    size_t plen;
    bool keep_case;   /* smart case chose to keep case */
    uint32_t *at;     /* n match starts in the folding of that case (one
                         offset space for both), ascending; each match is
                         plen bytes */
    size_t n, cap;
} search_result;

/* All matches of pattern (n bytes of valid UTF-8) in a built index, into
 * *out (replacing what it held). When prev (may be NULL, must not be out)
 * holds matches of a pattern whose fold, in the same case, is a prefix of
 * this one's, they are filtered instead of the buffer being scanned. An
 * empty pattern (or one that folds to nothing) has no matches. Builds the
 * index first when it is not (search_index_build). */
status search_run(search_index *ix, const char *pattern, size_t n, const search_result *prev,
                  search_result *out);

/* Frees what a result holds and zeroes it; NULL is fine. */
void search_result_free(search_result *r);

/* The unit match i (< r->n) lies in. */
size_t search_match_unit(const search_index *ix, const search_result *r, size_t i);

/* The first match in unit u or after it (r->n when none): the matches of
 * unit u are [search_unit_matches(u), search_unit_matches(u + 1)). */
size_t search_unit_matches(const search_index *ix, const search_result *r, size_t u);

/* The bytes [*start, *end) of its unit's text (doc_para.text or
 * doc_note.text) that match i covers, widened to whole clusters. */
void search_match_source(const search_index *ix, const search_result *r, size_t i,
                         uint32_t *start, uint32_t *end);

/* Calls each(ctx, u, first, n) for every unit u that holds matches, in
 * order: its matches are [first, first + n). One walk over the matches and
 * the units, for counting. */
void search_each_unit(const search_index *ix, const search_result *r,
                      void (*each)(void *ctx, size_t u, size_t first, size_t n), void *ctx);

/* The first match of unit u whose text bytes end after `offset`, counting
 * from match `from` (>= search_unit_matches(u)); the unit's end when none.
 * A binary search: for a paragraph with very many matches. */
size_t search_unit_match_after(const search_index *ix, const search_result *r, size_t u,
                               size_t from, uint32_t offset);

#endif
