/* layout — a document as rows of styled spans for a screen W columns wide.
 *
 * The session (and so the screen), --dump and the tests all get the
 * transcript from here, so they agree on every cell. Nothing here knows curses.
 *
 * The document is a sequence of *blocks*: each segment is one, and each
 * note (intro, marker, noise, footer …) is one, placed before the segment
 * doc.h says it stands before. A position is (block, row within block),
 * never an absolute row: nothing ever wraps the whole document. Paragraphs
 * are wrapped lazily, when a block they belong to is measured or shown, and
 * the wrapped lines are cached per paragraph for the width they were
 * wrapped at. Block heights are cached too and forgotten (in O(1), by a
 * generation number) when the geometry or the filter changes.
 *
 * What a block looks like, W columns wide:
 *   side   the first language's pane on the left, a divider column, the
 *          other on the right (LAYOUT_SWAP exchanges them). A segment is a
 *          header row (speaker name in both panes), its paragraphs (a blank
 *          row between two paragraphs of one side, except between two timed
 *          ones: the cues of a subtitle turn), the shorter pane padded,
 *          and a blank row: so every segment starts on the same row in both
 *          panes. A note goes in the pane of its language, under a header
 *          row naming its kind.
 *   stack  full width: header, Chinese paragraphs, English paragraphs, blank.
 *   zh/en  full width, one language only (notes are always shown).
 * A weak segment (confidence below DOC_WEAK_CONFIDENCE) has a mark on its
 * header row; timed paragraphs (subtitles) show their start time there.
 *
 * Invariants of every row built here: spans are in column order, do not
 * overlap, and lie within [0, W); in side mode no span crosses the divider,
 * and the divider span is on every row at layout_geometry().divider (rows
 * past the end of the document too).
 */
#ifndef DUET_LAYOUT_H
#define DUET_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "frame.h"
#include "lang.h"
#include "text.h"

typedef enum {
    LAYOUT_SIDE = 0, /* two panes side by side */
    LAYOUT_STACK,    /* Chinese above English, full width */
    LAYOUT_ZH,       /* Chinese only */
    LAYOUT_EN,       /* English only */
    LAYOUT_MODES
} layout_mode;

/* Each pane of the side layout needs this many columns for it to be the
 * default (layout_default_mode). */
#define LAYOUT_SIDE_MIN_PANE 30

/* Where a span's bytes come from, so that search can highlight exact
 * characters and a click can find its paragraph. */
typedef enum {
    LAYOUT_REF_NONE = 0, /* generated text: a header, the divider, a mark */
    LAYOUT_REF_PARA,     /* doc.paras[lang][index].text + offset */
    LAYOUT_REF_NOTE      /* doc.notes[index].text + offset */
} layout_ref_kind;

typedef struct layout_ref {
    uint8_t kind;     /* layout_ref_kind */
    uint8_t lang;     /* lang_id, for LAYOUT_REF_PARA */
    uint32_t index;   /* paragraph or note index */
    uint32_t offset;  /* byte offset of the span's first byte in that text */
} layout_ref;

/* A run of text drawn in one style. */
typedef struct layout_span {
    const char *text; /* sanitised UTF-8 (text.h), len bytes, not NUL-
                         terminated; points into the doc or static storage */
    uint32_t len;
    int col;          /* screen column of its first cell */
    int width;        /* columns it covers, tabs expanded */
    int origin;       /* the column tabs are measured from (its line's start):
                         cluster c advances text_advance(c, col_c - origin) */
    uint8_t style;    /* frame_style (frame.h) */
    int speaker;      /* for FRAME_STYLE_HEADER and CONTEXT: index into
                         doc.speakers (its colour), or -1 */
    layout_ref ref;
} layout_span;

/* A position: row `row` of block `block`. Positions are only ever in
 * blocks of non-zero height (hidden segments have none). */
typedef struct layout_pos {
    size_t block;
    int row;
} layout_pos;

/* One screen row. */
typedef struct layout_row {
    layout_pos pos;     /* which row of the document; block == SIZE_MAX past the end */
    const layout_span *spans;
    size_t nspans;
} layout_row;

/* The rows from one layout_render call. Owned by the layout, valid until the
 * next layout_render or layout_free. */
typedef struct layout_frame {
    const layout_row *rows;
    size_t nrows;
    int width;
} layout_frame;

/* A search hit inside one text: bytes [start, end). */
typedef struct layout_hit {
    uint32_t start, end;
    bool current;
} layout_hit;

/* What other modules plug in. All optional (NULL). */
typedef struct layout_hooks {
    /* True when segment `segment` is hidden (the speaker filter). */
    bool (*hidden)(const void *ctx, size_t segment);
    const void *hidden_ctx;
    /* With `context`, each run of hidden segments shows as one dimmed row
     * (its first words) instead of vanishing. */
    bool context;
    /* Search hits in the text `ref` names: sorted by start, not
     * overlapping, on whole clusters; *out stays owned by the hook (valid
     * until its next call). ref->offset is the first byte the caller is
     * drawing: hits that end at or before it may be left out. Returns how
     * many. */
    size_t (*hits)(const void *ctx, const layout_ref *ref, const layout_hit **out);
    const void *hits_ctx;
} layout_hooks;

/* Where things are on a row (for the screen, mouse and tests). In modes
 * other than side, right_w is 0 and divider is -1. */
typedef struct layout_geom {
    int width;
    layout_mode mode;
    bool swap;
    int left_col, left_w;   /* the first pane (or the only one) */
    int divider;            /* column of the divider, -1 when none */
    int right_col, right_w; /* the second pane */
} layout_geom;

typedef enum { LAYOUT_BLOCK_SEGMENT, LAYOUT_BLOCK_NOTE } layout_block_kind;

typedef struct layout_block {
    layout_block_kind kind;
    size_t index;           /* into doc.segments or doc.notes */
} layout_block;

typedef struct layout layout;

/* ---- lifetime and settings ----------------------------------------------- */

/* A layout of the finished document d (borrowed: d must outlive it), 80
 * columns, side by side, measuring in the width context tw (copied; NULL:
 * the default). NULL when memory runs out. */
layout *layout_new(const doc *d, const text_widths *tw);

/* The width context the layout measures in. */
const text_widths *layout_widths(const layout *L);

/* Frees the layout and its caches; NULL is fine. */
void layout_free(layout *L);

/* The mode a terminal `width` columns wide opens in: side by side when each
 * pane gets LAYOUT_SIDE_MIN_PANE columns, stacked otherwise; a document with
 * one language only opens in that language. */
layout_mode layout_default_mode(const doc *d, int width);

/* "side", "stack", "zh", "en". */
const char *layout_mode_name(layout_mode m);

/* Changes width (>= 1), mode or pane order. Returns where `top` is now:
 * the same block stays on top (its row scaled to the block's new height). */
layout_pos layout_set_geometry(layout *L, int width, layout_mode mode, bool swap, layout_pos top);

/* The current geometry. */
layout_geom layout_geometry(const layout *L);

/* Installs hooks (copied). Call again after the filter changes: heights are
 * recomputed lazily. Returns `top` moved to the nearest visible row. */
layout_pos layout_set_hooks(layout *L, const layout_hooks *h, layout_pos top);

/* The hooks installed now (all NULL at first): to change one of them,
 * get them, change it, and set them again, leaving the others in place. */
layout_hooks layout_get_hooks(const layout *L);

/* A number that changes whenever what is shown may have changed shape:
 * the geometry or the hooks (so the filter) were set. For caches of
 * things computed from the layout (search match counts). */
uint32_t layout_generation(const layout *L);

/* ---- blocks and positions ------------------------------------------------ */

/* Number of blocks (segments + notes). */
size_t layout_nblocks(const layout *L);

/* What block b is (b < layout_nblocks). */
layout_block layout_block_at(const layout *L, size_t b);

/* The block that shows segment `segment`. */
size_t layout_segment_block(const layout *L, size_t segment);

/* The block that shows note `note`. */
size_t layout_note_block(const layout *L, size_t note);

/* True when segment `segment` is shown (not hidden by the filter). */
bool layout_segment_visible(const layout *L, size_t segment);

/* Rows of block b at the current geometry (0 when hidden); wraps its
 * paragraphs on first use. (Should memory run out while wrapping, a
 * paragraph shows as one line cut at the pane's edge, never garbage.) */
int layout_block_height(layout *L, size_t b);

/* The row of block b that shows byte ref->offset of the text ref names (a
 * paragraph of the segment block b shows, or the note block b is), or -1
 * when it is not shown: another block's text, a hidden segment, a language
 * the layout leaves out. Wraps that block's paragraphs on first use. A
 * byte in the blank where a line was broken counts as the line before. */
int layout_text_row(layout *L, size_t b, const layout_ref *ref);

/* The first row of the document. */
layout_pos layout_first(layout *L);

/* The last row of the document. */
layout_pos layout_last(layout *L);

/* The first row of block b, or the first row of the next block with rows
 * (layout_last's block when there is none). */
layout_pos layout_block_start(layout *L, size_t b);

/* pos moved by delta rows (negative: up), stopping at the first and last
 * rows. *moved (may be NULL) gets how many rows it actually moved. */
layout_pos layout_scroll(layout *L, layout_pos pos, long delta, long *moved);

/* The top position that puts the document's last row on the last of
 * `rows` screen rows (the first row when the document is shorter). */
layout_pos layout_end_top(layout *L, int rows);

/* <0, 0, >0 as a is before, at, after b. */
int layout_pos_cmp(layout_pos a, layout_pos b);

/* How far into the document the end of row pos is: 0..1, from the block
 * index and the row's share of its block (no wrapping of other blocks). */
double layout_fraction(layout *L, layout_pos pos);

/* ---- rows ------------------------------------------------------------------ */

/* Builds `nrows` rows starting at top (rows past the end are empty). NULL
 * when memory runs out. */
const layout_frame *layout_render(layout *L, layout_pos top, int nrows);

/* The text of one row as plain UTF-8: spaces before and between spans,
 * tabs expanded, no trailing spaces; NUL-terminated in buf (cap bytes).
 * Returns the bytes written (truncated at a cluster when cap is short).
 * This is what --dump prints. */
size_t layout_row_text(const text_widths *tw, const layout_row *row, char *buf, size_t cap);

#endif
