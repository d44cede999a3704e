/* wrap — breaking a paragraph into display lines of at most W columns.
 *
 * Break opportunities come from libunistring's UAX #14 line breaking
 * (u8_linebreaks); which of them to take comes from text_cluster_width, the
 * program's one width function. So a line never breaks before closing
 * punctuation (，。、）」 and ASCII , . ? ) as used inside Chinese), never
 * after opening punctuation, never inside a grapheme cluster; a wide
 * character that would straddle the edge moves to the next line; a word
 * longer than W is broken between clusters; spaces at a break are not
 * counted; '\n' in the text is a hard break.
 *
 * Knows nothing of documents or curses.
 */
#ifndef DUET_WRAP_H
#define DUET_WRAP_H

#include <stddef.h>
#include <stdint.h>

/* One display line: bytes [start, start + len) of the paragraph, `width`
 * columns wide (<= W, tabs expanded from the line's column 0). Spaces and
 * the '\n' at a break lie between one line's end and the next one's start,
 * so the concatenation of the lines is the text minus break spaces. */
typedef struct wrap_line {
    uint32_t start;
    uint32_t len;
    uint32_t width;
} wrap_line;

/* Breaks n bytes of sanitised UTF-8 (see text.h) into lines of at most
 * `width` columns (width >= 1; a cluster wider than `width` gets a line of
 * its own). Stores a malloc'd array in *out (caller frees) and returns its
 * length: at least 1, even for empty text (one empty line). Returns 0 and
 * sets *out to NULL only when memory runs out. */
size_t wrap_text(const char *s, size_t n, int width, wrap_line **out);

#endif
