/* label — recognising a speaker label at the start of a line.
 *
 * Every layout reader asks this one module whether a line opens with a
 * speaker label, so `主持人:`, `蔡崇信 :`, `Host: text`, `Q:`, `Q):`, `问：`,
 * `【主持人】`, `[Host]`, `**Host**:`, `> Host:`, `Lionel Barber (B):` and the
 * headers of speech-to-text exports (`发言人 1 00:52`, `Speaker 1  0:05`,
 * `[00:01:23] Host:`, `(00:52) 张三：`, `Speaker 1 (00:05):`) are read the
 * same way everywhere. The test is lexical only — a name-like run of at
 * most a few words or a dozen CJK characters, then `:` / `：`, a bracket
 * pair, or a time — and it rejects what merely contains a colon: sentences
 * (`We said: yes`, a long line announcing the translation), times (`10:30
 * we met`: a time's colon is never a label's, timecode.h), URLs, a word
 * glued to its colon (`ISBN:978…`) — though a name of one or two capitals
 * may have its text glued on (`Q:What …`).
 *
 * Notes that look like labels — `注：`, `译者注：`, `编者按：`, `Note:`,
 * `PS:`, `Source:`, `来源：` — are never speakers: label_match_line refuses
 * them and label_note_line tells them.
 *
 * Whether a label-looking line really behaves like a speaker (recurs, owns
 * text) is for the layout reader to judge.
 *
 * Knows nothing of documents or formats.
 */
#ifndef DUET_LABEL_H
#define DUET_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    LABEL_COLON,   /* Name: / Name：, stray spaces tolerated (蔡崇信 :) */
    LABEL_BRACKET, /* 【Name】 or [Name], a colon after it optional */
    LABEL_BOLD,    /* **Name**: or **Name:** (Markdown bold) */
    LABEL_TIMED    /* a name and a time, no colon: 发言人 1 00:52, Speaker 1  0:05,
                      00:52 张三 (the header of a speech-to-text export) */
} label_shape;

/* Longest canonical name or parenthesised part kept, in bytes with the NUL. */
#define LABEL_NAME_MAX 128

typedef struct label_match {
    label_shape shape;
    size_t start;      /* first byte of the label (after leading spaces) */
    size_t len;        /* bytes of the label as written, from start through
                          its colon or closing bracket: "蔡崇信 :"; never its
                          time (LABEL_TIMED: the name alone, "发言人 1"; a
                          time inside, "Speaker 1 (00:05):": up to it) */
    size_t text;       /* first byte of the turn's text after the label and
                          its spaces; == the line's length when alone */
    bool alone;        /* nothing but spaces follows the label */
    /* The canonical name: the label without colon, brackets, markup, a
     * trailing parenthesised part and stray spaces (spaces next to a CJK
     * character dropped, runs of spaces between words made one). */
    char name[LABEL_NAME_MAX];
    /* What a trailing "(…)" / "（…）" said, canonicalised the same way:
     * an abbreviation used later ("B" in "Lionel Barber (B):") or a role;
     * "" when there is none. */
    char paren[LABEL_NAME_MAX];
    /* A time written with the label — before it ("[00:01:23] Host:"),
     * after its name ("发言人 1 00:52"), in its parentheses ("Speaker 1
     * (00:05):") or opening its text ("Host: [00:01:23] Hi") — in
     * milliseconds, -1 when there is none; and where it stands in the line
     * (brackets included). */
    int64_t time_ms;
    size_t time_start, time_len;
} label_match;

/* True when the n bytes of `line` (one line of sanitised UTF-8, without its
 * line end) start with a speaker label; then *m describes it. */
bool label_match_line(const char *line, size_t n, label_match *m);

/* label_match_line, and also a speech-to-text header with the turn's text
 * on the same line ("发言人 1 00：52 And now, …"). Lexically that is any
 * capitalised word before a time ("At 10:30 we met"): only a reader that
 * has seen such headers recur in time order should ask. */
bool label_match_header(const char *line, size_t n, label_match *m);

/* True when the n bytes of `line` open with the label of a translator's or
 * editor's note — 注：, 译注：, 译者注：, 编者按：, 来源：, Note:, PS:,
 * Source:, Editor's note: … alone or in brackets (【编者按】, （译者注：…）)
 * — never a speaker's; *text is where the note's own words start. */
bool label_note_line(const char *line, size_t n, size_t *text);

/* "colon", "bracket", "bold" or "timed". */
const char *label_shape_name(label_shape s);

#endif
