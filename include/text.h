/* text — decoding, sanitising, grapheme clusters and display widths.
 *
 * Every byte duet shows passes through here first. text_decode() turns raw
 * file bytes into *sanitised* UTF-8: valid, split into lines, and free of
 * anything a terminal would interpret, with a map back to source byte
 * offsets. Widths come from one function, text_cluster_width(), so the
 * layout, the screen, --dump and the tests agree on every column.
 *
 * Knows nothing of files, documents or curses.
 */
#ifndef DUET_TEXT_H
#define DUET_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- decoding and sanitising ------------------------------------------- */

/* One input line in the sanitised buffer: bytes [start, start + len), without
 * its line end. Line i of text_decoded.lines is source line i + 1. 32-bit
 * offsets (a table of lines costs 8 bytes a line, not 16): a sanitised
 * text reaches at most 4 GiB (text_decode). */
typedef struct text_line {
    uint32_t start;
    uint32_t len;
} text_line;

/* One point where sanitised and source offsets stop moving together. From
 * `out` on, sanitised byte out + k came from source byte src + k when
 * `copied`; when not copied (a replacement such as "^[" for ESC, U+FFFD for
 * a bad sequence, a dropped BOM), every byte up to the next entry came from
 * source byte `src`. Entries are sorted by `out`. */
typedef struct text_map_entry {
    size_t out;
    size_t src;
    bool copied;
} text_map_entry;

/* The result of decoding one input.
 *
 * Invariants of `buf` (what everything downstream may rely on):
 *   - valid UTF-8, NUL-terminated at buf[len], with no NUL inside;
 *   - no C0 control but '\t' and '\n', no DEL, no C1 control (U+0080–U+009F),
 *     no bidi embedding/override/isolate (U+202A–U+202E, U+2066–U+2069):
 *     these appear in visible form instead: "^@".."^_", "^?" for DEL,
 *     "<80>".."<9f>" for C1, "<U+202E>" for bidi controls;
 *   - every invalid UTF-8 sequence (overlong, surrogate, truncated, stray
 *     continuation, > U+10FFFF) became one U+FFFD;
 *   - a leading BOM is gone; CRLF, lone CR and LF all became one '\n'
 *     (the last line has none); U+2028/U+2029 are kept as text, shown visibly.
 * Tabs stay tabs: they expand to spaces at display time (text_advance). */
typedef struct text_decoded {
    char *buf;
    size_t len;
    text_line *lines;     /* nlines entries; a final line end adds no empty line */
    size_t nlines;
    text_map_entry *map;  /* nmap entries, sorted by out */
    size_t nmap;
    size_t bad_sequences; /* invalid UTF-8 sequences replaced by U+FFFD */
    size_t controls;      /* control and bidi characters made visible */
    size_t nuls;          /* NUL bytes among them */
    bool had_bom;
} text_decoded;

/* Decodes and sanitises n bytes of src into *out (which the caller frees with
 * text_decoded_free). Never fails on content; returns false only when memory
 * runs out or the sanitised text would pass 4 GiB (far beyond input.h's
 * limit), leaving *out empty. */
bool text_decode(const char *src, size_t n, text_decoded *out);

/* text_decode taking ownership of src: malloc'd, n bytes followed by a NUL
 * at src[n]. When no byte needs rewriting (no BOM, control, CR, bidi
 * control or bad sequence: the usual file) src itself becomes out->buf and
 * nothing is copied, so a file costs its size once, not twice; otherwise
 * it is decoded as text_decode does and src is freed. Either way src
 * belongs to out from the call on (freed when it returns false). */
bool text_decode_owned(char *src, size_t n, text_decoded *out);

/* Where the first line of s[0, n) that starts at or after byte `at` starts
 * (n when none does): lines end in '\n', in raw or decoded text alike. */
size_t text_line_after(const char *s, size_t n, size_t at);

/* Frees what text_decode allocated; safe on a zeroed or already freed value. */
void text_decoded_free(text_decoded *t);

/* The source byte offset that sanitised byte `out` came from. */
size_t text_source_offset(const text_decoded *t, size_t out);

/* True when the first bytes of src look like a binary file rather than text:
 * a magic number (PNG, ELF, gzip, PDF …), two NUL bytes or more, or mostly
 * bytes that decode in no encoding duet reads (more than five invalid UTF-8
 * sequences, and more of them than valid ones). Control characters never
 * make text binary (they are shown visibly); a stray NUL or a few invalid
 * sequences leave it text. */
bool text_looks_binary(const char *src, size_t n);

/* ---- grapheme clusters and widths --------------------------------------- */

/* Byte length of the grapheme cluster (extended, UAX #29 via utf8proc) that
 * starts at s; s holds n > 0 bytes of valid UTF-8. Returns at least 1 and at
 * most n. */
size_t text_cluster_len(const char *s, size_t n);

/* Display width in columns of one grapheme cluster of valid UTF-8: 0 for a
 * cluster of only combining or zero-width characters, 2 for wide and
 * fullwidth characters, emoji presentation sequences, ZWJ sequences and
 * flags, 1 for the rest; East Asian ambiguous characters count 1, or 2 after
 * text_set_ambiguous_wide(true). A tab counts 1 here: use text_advance where
 * a column is known. This is the one width function of the program.
 * Per code point the width is utf8proc_charwidth's (combining marks stay 0
 * in either mode); U+2028/U+2029 count 1 so that they can be shown; other
 * controls count 0. A cluster's code points add up, capped at 2; a
 * pictograph with U+FE0F and a keycap count 2. Always 0..2. */
int text_cluster_width(const char *s, size_t len);

/* Columns a cluster advances when drawn at column col (tabs stop every 8). */
int text_advance(const char *s, size_t len, int col);

/* Sum of cluster widths of n bytes of valid UTF-8 (tabs from column 0). */
int text_width(const char *s, size_t n);

/* Ambiguous-width characters (“ ” — · …): 1 column (default) or 2. The
 * setting is process-wide: one terminal, one answer. */
void text_set_ambiguous_wide(bool wide);
bool text_ambiguous_wide(void);

/* True when code point cp is East Asian Width "A" (ambiguous). */
bool text_is_ambiguous(uint32_t cp);

/* ---- drawing safely ----------------------------------------------------- */

/* What the screen must hand the terminal for one cluster so that the
 * terminal's idea of its width (the C library's wcwidth, which ncurses and
 * most terminals use) equals text_cluster_width(). When they already agree
 * this is the cluster itself; when they do not (a character the C library
 * does not know, such as U+1FA77 on glibc 2.36, or an ambiguous character
 * counted 2), it is a replacement of exactly `width` columns whose width no
 * one disputes. Writes at most TEXT_DRAW_MAX bytes to buf and returns the
 * bytes to draw (buf or s itself) with their length in *outlen.
 *
 * "Undisputed" means the C library knows every code point drawn, and none
 * is ambiguous while ambiguous characters are wide (the C library says 1,
 * the terminal draws 2). The stand-ins, in order of preference:
 *   - the cluster's first code point alone, when that has the width: drops
 *     marks, modifiers and ZWJ tails the C library misjudges (👨‍👩‍👧 -> 👨);
 *   - width 2, ambiguous wide: a close wide form: “ ” -> ＂, ‘ ’ -> ＇,
 *     · • -> ・, — ― -> ー, – -> －, … -> "..", ° -> ゜, × -> ｘ, U+FFFD -> ？;
 *     else the fullwidth form of a letter or digit it decomposes to (é -> ｅ,
 *     ① -> １);
 *   - width 2, a narrow base in emoji presentation (❤️, keycaps): the base
 *     and a space;
 *   - width 2, anything else (🩷 U+1FA77, α when ambiguous is wide): 〓 U+3013;
 *   - width 1: '?' (an unassigned code point, U+2028, U+2029);
 *   - width 0: nothing.
 * A tab (given its advance as width) becomes that many spaces. */
#define TEXT_DRAW_MAX 64
const char *text_cluster_drawable(const char *s, size_t len, int width,
                                  char buf[TEXT_DRAW_MAX], size_t *outlen);

/* An ASCII stand-in of exactly `width` columns for one cluster, for a
 * terminal that can be sent nothing else (no UTF-8 locale), or for a wide
 * cluster on one that cannot draw wide glyphs (the Linux console): columns
 * stay right even where the characters cannot be shown. In order:
 *   - ASCII stays itself; a tab becomes the spaces it advances;
 *   - punctuation by its likeness: “ ” " ‘ ’ ', — – -, … ., · ., • *,
 *     、 ,, 。 ., 「 」 『 』 [ ], 《 》 < >, │ |, ─ -, other box drawing +;
 *   - a letter or digit by its compatibility decomposition without marks:
 *     é e, Ａ A, ① 1;
 *   - anything else: [] when wide (a CJK character, an emoji), * when
 *     narrow;
 * padded with spaces to `width` (Ａ -> "A "). Width 0 gives nothing. */
const char *text_cluster_ascii(const char *s, size_t len, int width, char buf[TEXT_DRAW_MAX],
                               size_t *outlen);

#endif
