/* label — recognising a speaker label at the start of a line.
 *
 * Every layout reader asks this one module whether a line opens with a
 * speaker label, so `主持人:`, `蔡崇信 :`, `Host: text`, `Q:`, `问：`,
 * `【主持人】`, `[Host]`, `**Host**:` and `Lionel Barber (B):` are read the
 * same way everywhere. The test is lexical only — a name-like run of at
 * most a few words or a dozen CJK characters, then `:` / `：` or a bracket
 * pair — and it rejects what merely contains a colon: sentences (`We said:
 * yes`, a long line announcing the translation), times (`10:30`), URLs,
 * a word glued to its colon (`ISBN:978…`) — though a name of one or two
 * capitals may have its text glued on (`Q:What …`).
 * Whether a label-looking line really behaves like a speaker (recurs, owns
 * text) is for the layout reader to judge.
 *
 * Knows nothing of documents or formats.
 */
#ifndef DUET_LABEL_H
#define DUET_LABEL_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    LABEL_COLON,   /* Name: / Name：, stray spaces tolerated (蔡崇信 :) */
    LABEL_BRACKET, /* 【Name】 or [Name], a colon after it optional */
    LABEL_BOLD     /* **Name**: or **Name:** (Markdown bold) */
} label_shape;

/* Longest canonical name or parenthesised part kept, in bytes with the NUL. */
#define LABEL_NAME_MAX 128

typedef struct label_match {
    label_shape shape;
    size_t start;      /* first byte of the label (after leading spaces) */
    size_t len;        /* bytes of the label as written, from start through
                          its colon or closing bracket: "蔡崇信 :" */
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
} label_match;

/* True when the n bytes of `line` (one line of sanitised UTF-8, without its
 * line end) start with a speaker label; then *m describes it. */
bool label_match_line(const char *line, size_t n, label_match *m);

/* "colon", "bracket" or "bold". */
const char *label_shape_name(label_shape s);

#endif
