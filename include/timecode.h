/* timecode — times into a recording, as transcripts write them.
 *
 * Speech-to-text exports, subtitles and tables stamp a turn with where it
 * starts: `0:05`, `00:52`, `75:30` (minutes run past 59 when there are no
 * hours), `1:02:03`, `00:01:23`; with a full-width colon, as a Chinese
 * input method types it (`00：52`); with SRT's `,mmm` or WebVTT's and
 * ASS's `.mmm` / `.cc`; bare, or in brackets — `[00:01:23]`, `(00:52)`,
 * `（00：52）`, `【00:52】` — a bracket may hold a range (`[00:05 - 00:09]`),
 * whose start is the time. This module is the one reader of them: the
 * label detector asks it whether a colon stands inside a time (a time is
 * never the end of a label), the layout readers read their time fields
 * with it, the reader and the exports write times with it.
 *
 * A time as written: one to six digits, then one or two fields of exactly
 * two digits, each after `:` or `：`; the seconds at most 59, and the
 * minutes too when hours come first; then an optional fraction (`.` or `,`
 * and one to three digits). Knows nothing of documents or formats.
 */
#ifndef DUET_TIMECODE_H
#define DUET_TIMECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest text timecode_format writes, with the NUL. */
#define TIMECODE_TEXT_MAX 24

/* Milliseconds of the time that is the whole of s[0, n), bare or in
 * brackets (spaces inside the brackets allowed); -1 when it is not one. */
int64_t timecode_parse(const char *s, size_t n);

/* The time that starts s[0, n), bare or in brackets, and ends where a
 * digit does not follow: its milliseconds, and in *len its bytes (the
 * brackets included); -1 when s does not start with one. "00:52 张三" and
 * "[00:01:23] Host:" start with one; "10:30am" too ("10:30"); "1:2",
 * "2024-05-06" and "12:345" do not. */
int64_t timecode_at(const char *s, size_t n, size_t *len);

/* The time that ends s[0, n) (trailing spaces ignored), bare or in
 * brackets, standing apart: at the start of s or after a space. Its
 * milliseconds, and in *start where it begins; -1 when there is none.
 * "发言人 1 00:52", "Speaker 1  0:05", "张三 (00:52)". */
int64_t timecode_last(const char *s, size_t n, size_t *start);

/* True when the colon (: or ：) at s[colon] stands inside a time: digits
 * before it, exactly two digits after it — "00:52", "发言人 1 00：52",
 * "1:02:03" — so it is no label's colon. s[0, n) is the whole line. */
bool timecode_colon_inside(const char *s, size_t n, size_t colon);

/* Writes ms (>= 0) as M:SS, or H:MM:SS from an hour on — or always
 * H:MM:SS when `hours` — into buf (cap bytes, TIMECODE_TEXT_MAX is
 * enough); returns the length written. */
size_t timecode_format(int64_t ms, bool hours, char *buf, size_t cap);

#endif
