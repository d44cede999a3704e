/* escape — writing text safely into JSON, TSV and Markdown, and reading a
 * TSV field back.
 *
 * The exporters write through these, and the TSV reader decodes with
 * escape_tsv_decode, so what --export tsv writes reads back byte for byte.
 * Input is UTF-8, normally sanitised text from the doc (text.h). JSON and
 * Markdown do not rely on that: they write invalid UTF-8 as U+FFFD and
 * never let a control character through. TSV passes bytes through
 * unchanged but for its four escapes (the round trip needs that; its
 * reader sanitises on the way in). Knows nothing of documents.
 *
 * The TSV field encoding (the one definition; export.h and the man page
 * point here):
 *   backslash -> "\\"   tab -> "\t"   newline -> "\n"   carriage return -> "\r"
 * and a field that would start with "=", "+", "-" or "@" starts with a
 * backslash before it ("\=SUM(A1)"), so that a spreadsheet opening the file
 * never takes a cell for a formula (OWASP's CSV injection; a cell cannot
 * start with a raw tab or carriage return either, as those are escaped);
 * every other byte as it is. Decoding reverses exactly these: the four
 * anywhere, the formula guard at the start of the field only; a backslash
 * before any other character (or before = + - @ inside the field), or at
 * the end of the field, stands for itself, so decode(encode(s)) == s for
 * every s.
 */
#ifndef DUET_ESCAPE_H
#define DUET_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Writes n bytes of s as one JSON string, quotes included: '"' and '\'
 * backslash-escaped; every control character (U+0000–U+001F, U+007F–U+009F)
 * as \u00XX; U+2028 and U+2029 as \u2028, \u2029 (JavaScript line ends);
 * bidi controls (U+202A–U+202E, U+2066–U+2069) as \u202a … so that JSON
 * written to a terminal cannot reorder it;
 * each invalid UTF-8 sequence as \ufffd; everything else as UTF-8. */
void escape_json(FILE *out, const char *s, size_t n);

/* The same without the enclosing quotes: for a JSON string written in
 * several pieces. */
void escape_json_chars(FILE *out, const char *s, size_t n);

/* Writes n bytes of s as one TSV field, or the start of one, encoded as
 * described above (the formula guard included). */
void escape_tsv(FILE *out, const char *s, size_t n);

/* Writes n bytes of s as more of a field escape_tsv began: the four
 * escapes, no formula guard (it is not where the cell starts). */
void escape_tsv_more(FILE *out, const char *s, size_t n);

/* Decodes a TSV field of n bytes (without its tab or line end) into out,
 * which has room for n bytes; returns the decoded length (<= n). out may
 * be s itself. */
size_t escape_tsv_decode(const char *s, size_t n, char *out);

/* Writes n bytes of s as Markdown paragraph text that renders as the text
 * itself: inline-active characters (\ ` * _ [ ] < > | ~ &) are
 * backslash-escaped, and so are the characters that would start a block at
 * the start of a line (# + - = and "1." / "1)" list numbers); leading blanks
 * of a line are dropped (they would make a code block). Each '\n' is
 * written as a Markdown hard line break ("\" then newline) followed by
 * `line_prefix` ("> " inside a quote, "" otherwise). Control characters
 * and invalid UTF-8 become U+FFFD, so nothing can reach a terminal. */
void escape_md(FILE *out, const char *s, size_t n, const char *line_prefix);

/* Writes n bytes of s for a plain-text terminal line (file names in
 * messages and reports): each control character (tab and newline too),
 * bidi control (U+202A–U+202E, U+2066–U+2069) and invalid UTF-8 sequence
 * becomes '?'. */
void escape_text(FILE *out, const char *s, size_t n);

#endif
