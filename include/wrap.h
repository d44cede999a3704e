/* wrap — breaking a paragraph into display lines of at most W columns.
 *
 * Break opportunities come from libunistring's UAX #14 line breaking
 * (u8_linebreaks); which of them to take comes from text_cluster_width, the
 * program's one width function, in the width context the caller passes. So a line never breaks before closing
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

#include "text.h"

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
 * sets *out to NULL only when memory runs out.
 * Blanks (spaces and tabs) never end a line: at a soft or hard break, and at
 * the end of the text, they fall between lines. Leading blanks (indentation)
 * stay unless they leave no room for the first character. A '\n' at the end
 * of the text is followed by one empty line. Linear in n. */
size_t wrap_text(const text_widths *tw, const char *s, size_t n, int width, wrap_line **out);

/* Break opportunities, as wrap_text uses them: brk[i] says whether a line
 * may (WRAP_ALLOW) or must (WRAP_MUST, after a line-break character such as
 * '\n') break before byte i. brk[0] and bytes inside a character are
 * WRAP_NO; the end of the text is always a break. UAX #14 from libunistring
 * with duet's tailorings for Chinese (see wrap.c). brk holds n bytes. */
enum { WRAP_NO = 0, WRAP_ALLOW = 1, WRAP_MUST = 2 };
void wrap_breaks(const char *s, size_t n, char *brk);

#endif
