/* frame — a whole screen as rows of styled spans: what the session builds
 * and the terminal layer draws.
 *
 * Every row of the screen is here, the status line and the prompt too, and
 * every span carries its final style: the terminal layer maps a style (and
 * a speaker's colour) to attributes and copies the text, nothing more. A
 * frame is built afresh for each screen; the terminal layer compares it
 * with the one it drew last and sends the difference.
 *
 * Knows nothing of documents, modes or curses.
 */
#ifndef DUET_FRAME_H
#define DUET_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text.h"

/* The styles a span can have; the terminal layer maps each to colours and
 * attributes (and the colourless forms: bold, dim, underline, reverse). */
#define FRAME_STYLE_TABLE(X) \
    X(FRAME_STYLE_NORMAL,   "normal")   /* paragraph text, help, prompt */ \
    X(FRAME_STYLE_HEADER,   "header")   /* a speaker's name: its colour */ \
    X(FRAME_STYLE_NOTE,     "note")     /* note text and note headers, dimmed */ \
    X(FRAME_STYLE_WEAK,     "weak")     /* the mark of a doubtful segment */ \
    X(FRAME_STYLE_DIVIDER,  "divider")  /* the column between the panes */ \
    X(FRAME_STYLE_MATCH,    "match")    /* a search match */ \
    X(FRAME_STYLE_CURRENT,  "current")  /* the current search match */ \
    X(FRAME_STYLE_TIME,     "time")     /* a subtitle cue's start time */ \
    X(FRAME_STYLE_CONTEXT,  "context")  /* the stand-in row of hidden segments
                                           (with a colour: its speaker's name) */ \
    X(FRAME_STYLE_SEGNO,    "segno")    /* a segment number on a header row */ \
    X(FRAME_STYLE_PANEL,    "panel")    /* the speaker panel's title and hint rows */ \
    X(FRAME_STYLE_SELECTED, "selected") /* the speaker panel's selected entry */ \
    X(FRAME_STYLE_STATUS,   "status")   /* the status line */ \
    X(FRAME_STYLE_STATUS_SPEAKER, "status-speaker") /* the speaker's name on it: its colour */

typedef enum {
#define FRAME_STYLE_ENUM(id, name) id,
    FRAME_STYLE_TABLE(FRAME_STYLE_ENUM)
#undef FRAME_STYLE_ENUM
    FRAME_STYLES
} frame_style;

/* Span flags. */
enum { FRAME_REVERSE = 1 }; /* reverse video on top of the style (the focused segment) */

/* A run of text in one style. */
typedef struct frame_span {
    const char *text; /* sanitised UTF-8 (text.h), len bytes; owned by whoever
                         built the frame, valid while the frame is */
    uint32_t len;
    int col;          /* screen column of its first cell */
    int width;        /* columns it covers, tabs expanded */
    int origin;       /* the column tabs are measured from */
    uint8_t style;    /* frame_style */
    int8_t colour;    /* a speaker's palette index (doc.h: 0..7) for header,
                         context and status-speaker spans; -1: none */
    uint8_t flags;    /* FRAME_REVERSE */
} frame_span;

/* One screen row: spans in column order, not overlapping, within the
 * width; cells no span covers are blank. */
typedef struct frame_row {
    frame_span *spans;
    size_t n, cap;
} frame_row;

typedef struct frame_chunk frame_chunk;

typedef struct frame {
    int width, height;   /* the screen: height rows of width columns */
    frame_row *rows;     /* height of them */
    int cursor_row;      /* where the terminal's cursor shows (a prompt); */
    int cursor_col;      /* -1: hidden */
    /* private */
    size_t rows_cap;
    frame_chunk *chunks; /* copies of text (frame_text), reused frame to frame */
    size_t nchunks, chunks_cap, chunk_at;
} frame;

/* Empties f (a zeroed frame is empty too) to width x height blank rows,
 * the cursor hidden; false when memory runs out. */
bool frame_reset(frame *f, int width, int height);

/* Frees what the frame holds (f itself is the caller's); safe twice. */
void frame_free(frame *f);

/* Blanks row y. */
void frame_clear_row(frame *f, int y);

/* Appends span sp to row y (after the row's last span); false when memory
 * runs out or y is not a row. */
bool frame_add(frame *f, int y, frame_span sp);

/* A copy of n bytes of s that lives as long as the frame's contents (until
 * the next frame_reset); NULL when memory runs out. */
const char *frame_text(frame *f, const char *s, size_t n);

/* Copies up to maxw columns of s (whole clusters, measured in tw) to row y
 * at column col in style st and colour; returns the columns it took, -1
 * when memory runs out. */
int frame_put(frame *f, const text_widths *tw, int y, int col, const char *s, int maxw,
              frame_style st, int colour);

/* "header", "status" … */
const char *frame_style_name(frame_style s);

#endif
