/* clip — a segment as a bilingual quote, and the OSC 52 sequence that puts
 * text on the terminal's clipboard (`y` in the reader).
 *
 * OSC 52 is the one escape sequence duet writes itself (everything else is
 * ncurses'): ESC ] 5 2 ; c ; BASE64 BEL. It works wherever the terminal
 * takes it — over SSH too, since it travels with the screen output — and in
 * tmux with `set-clipboard on`. What goes in is built here from the
 * document's sanitised text (text.h), with every control character but
 * newline and tab dropped on top of that, so the clipboard never receives
 * anything a terminal would obey when it is pasted; base64 then makes the
 * sequence itself printable ASCII between its delimiters. The quote is
 * bounded (CLIP_MAX_TEXT) so that no terminal chokes on it.
 *
 * Plain C: no terminal, no curses.
 */
#ifndef DUET_CLIP_H
#define DUET_CLIP_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"

/* The largest quote copied, in bytes of UTF-8 before encoding (a longer one
 * is cut at a character boundary and ends with "…"); its sequence is at most
 * CLIP_MAX_SEQUENCE bytes. */
#define CLIP_MAX_TEXT (32 * 1024)
#define CLIP_MAX_SEQUENCE (8 + 4 * ((CLIP_MAX_TEXT + 2) / 3) + 1)

/* Segment `segment` (< d->nsegments) of d as a quote, into buf (cap bytes,
 * NUL-terminated, cut at a character boundary to fit):
 *     SPEAKER (segment K of NAME)
 *     Chinese paragraphs, one per line
 *     (a blank line)
 *     English paragraphs, one per line
 * `name` is the file's name as shown (its last path component is used; NULL
 * or "" leaves " of NAME" out); an unknown speaker leaves "SPEAKER " out; a
 * side without text is left out with its blank line. Control characters
 * other than newline and tab are dropped. Returns the length the whole
 * quote needs (like snprintf), so a result >= cap means it was cut. */
size_t clip_quote(const doc *d, size_t segment, const char *name, char *buf, size_t cap);

/* The standard base64 (RFC 4648, with '=' padding) of n bytes of in, into
 * out (NUL-terminated). Returns the encoded length, 4 * ceil(n / 3); out
 * must hold that plus 1. */
size_t clip_base64(const void *in, size_t n, char *out);

/* The OSC 52 sequence that puts n bytes of text on the clipboard, into a new
 * buffer (the caller frees it) of *len bytes; text longer than
 * CLIP_MAX_TEXT is cut to it at a character boundary (then *cut is true).
 * NULL when memory runs out. */
char *clip_osc52(const char *text, size_t n, size_t *len, bool *cut);

#endif
