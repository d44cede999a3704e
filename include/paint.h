/* paint — a frame as the bytes that make a terminal show it, sent as the
 * differences from what it shows already.
 *
 * The painter keeps the grid of cells it last sent (each a glyph and its
 * look: attributes and colours) and, for a new frame, sends only what
 * differs: rows that moved go by the terminal's own scrolling (a scroll
 * region over the text rows, set once and left set), changed cells by the
 * cheapest cursor move and the fewest attribute changes it can find, a
 * cleared end of row by one erase. Over SSH every byte is latency: a `j`
 * costs its new row and a few bytes.
 *
 * The bytes come from the terminal's own description (terminfo strings the
 * terminal layer hands in; parametrized ones through its formatter), so
 * the painter knows no terminal and no curses; it is plain C, testable
 * with cmocka by feeding frames and reading bytes.
 */
#ifndef DUET_PAINT_H
#define DUET_PAINT_H

#include <stdbool.h>
#include <stddef.h>

#include "frame.h"
#include "text.h"

typedef enum { PAINT_COLOURS_NONE, PAINT_COLOURS_8, PAINT_COLOURS_256 } paint_depth;

/* How cells can be drawn: everything; everything but wide glyphs (the
 * Linux console draws a CJK character in one cell: [] stands in); ASCII
 * only (no UTF-8 locale). */
typedef enum { PAINT_GLYPHS_ALL, PAINT_GLYPHS_NARROW, PAINT_GLYPHS_ASCII } paint_glyphs;

/* The parametrized strings the terminal layer formats. */
typedef enum {
    PAINT_CUP,   /* cursor to row a, column b */
    PAINT_CSR,   /* scroll region rows a..b */
    PAINT_SETAF, /* foreground colour a */
    PAINT_SETAB, /* background colour a */
    PAINT_HPA,   /* cursor to column a */
    PAINT_CUF,   /* cursor right a columns */
    PAINT_INDN,  /* scroll up a rows */
    PAINT_RIN,   /* scroll down a rows */
    PAINT_PARAMS
} paint_param;

/* What the terminal can do. Strings are NULL (or "") when it lacks them;
 * all are borrowed for the painter's life. */
typedef struct paint_term {
    const char *sgr0, *bold, *dim, *rev, *smul, *sitm, *op; /* attributes, colours off */
    const char *el, *clear, *civis, *cnorm;                  /* erase, cursor shown or not */
    const char *ind, *ri, *cr;                               /* scroll up, down; return */
    bool am, xenl;      /* auto margin; no wrap until the next character */
    bool lf_crlf;       /* the terminal driver turns LF into CR LF */
    bool has[PAINT_PARAMS];
    /* Writes parametrized string p with a and b into buf (cap bytes);
     * returns its length, 0 when it cannot. */
    size_t (*format)(void *ctx, paint_param p, int a, int b, char *buf, size_t cap);
    void *ctx;
    paint_depth depth;
    paint_glyphs glyphs;
    text_widths widths;
} paint_term;

typedef struct paint paint;

/* A painter for terminal t (copied; its strings borrowed) whose screen is
 * unknown: the first frame is drawn whole. NULL when memory runs out. */
paint *paint_new(const paint_term *t);

/* Frees the painter; NULL is fine. */
void paint_free(paint *p);

/* The bytes that turn what the terminal shows into frame f (after
 * paint_forget, a cleared screen and all of f), *len of them; valid until
 * the next call. NULL when memory runs out. */
const char *paint_frame(paint *p, const frame *f, size_t *len);

/* The terminal's screen is unknown (a repaint asked for, a resize, back
 * from a suspend): the next frame clears it and is drawn whole. */
void paint_forget(paint *p);

/* The bytes that give the terminal its defaults back before leaving: the
 * whole screen as scroll region, attributes off, the cursor shown. */
const char *paint_leave(paint *p, size_t *len);

#endif
