/* reader — the reader's state as a value, and what each action does to it.
 *
 * The screen turns keys into actions (action.h) and calls reader_apply;
 * it then draws layout_render(r->L, r->top, reader_text_rows(r)) and the
 * status line from reader_status. Everything here is plain C: tests feed
 * actions and check positions without a terminal.
 *
 * Scrolling by rows (j, d, f …) stops when the last row reaches the bottom
 * of the screen, as in less; jumps to a segment (J, K, ), (, Ng, :N) put
 * that segment's first row at the top, even near the end. A resize keeps
 * the top block on top.
 *
 * Jumps, as in less and vim, are the big moves: g, G, Ng, :N, N%, a mark,
 * '' and a search. Each remembers where it started (jump_from), and ''
 * goes back there (so '' '' toggles). Row and segment steps (j, f, J, ),
 * …) are not jumps. Marks (m + letter) remember a place; a place in a
 * block that has since shrunk (another width) or been hidden goes to the
 * nearest row that exists.
 *
 * The current segment — the one the status line names, `y` copies and
 * learner mode reveals — is the segment clicked with the mouse while it is
 * on screen; otherwise the one at the top of the screen. A jump or a
 * segment step makes the top one current again.
 */
#ifndef DUET_READER_H
#define DUET_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "doc.h"
#include "layout.h"

#define READER_MESSAGE_MAX 160
#define READER_NOTE_MAX 96
#define READER_MARKS 52 /* a-z, A-Z */

typedef struct reader {
    const doc *d;          /* borrowed: outlives the reader */
    const char *name;      /* file name for the status line (borrowed) */
    layout *L;             /* owned */
    int width, height;     /* the terminal; rows for text: height - 1 */
    layout_mode mode;      /* current layout */
    bool mode_auto;        /* no layout chosen: follows the width */
    bool swap;             /* languages exchanged */
    layout_pos top;        /* the first row on screen */
    layout_pos jump_from;  /* where the last jump (g, G, N%, :N, mark, search) started */
    layout_pos marks[READER_MARKS]; /* valid where the bit in marks_set is */
    unsigned long long marks_set;   /* bit i: marks[i] is set */
    long half;             /* rows for d/u once a count set it; 0: half a screen */
    size_t focus;          /* the segment clicked, SIZE_MAX when none; only
                              while it has a row on screen */
    bool learner;          /* learner mode: the second language shows only
                              in the current segment */
    bool help;             /* the help overlay is open */
    int help_top;          /* its first line on screen */
    /* Requests to the screen, which clears them once served: copy means
     * "put reader_current_segment on the clipboard". */
    bool quit, suspend, redraw, copy;
    char message[READER_MESSAGE_MAX]; /* shown once on the status line; "" when none */
    /* Shown on the status line before the segment number when not empty
     * and there is room ("2 speakers hidden", "/AGI 3/17"): the speaker and
     * search issues fill them (sanitised UTF-8). */
    char filter_note[READER_NOTE_MAX];
    char search_note[READER_NOTE_MAX];
    /* Later issues keep their state here: the speaker filter, the search
     * session, marks. */
} reader;

/* A reader of d at its first segment (notes before it are above; the
 * message says so), for a terminal width x height; mode is a
 * layout_mode, or -1 for the default for that width (layout_default_mode).
 * NULL when memory runs out. */
reader *reader_new(const doc *d, const char *name, int width, int height, int mode);

/* Frees the reader and its layout; NULL is fine. */
void reader_free(reader *r);

/* The terminal's new size: re-wraps lazily, keeps the top block on top. */
void reader_resize(reader *r, int width, int height);

/* Applies one action with its count (0: none; for the mark actions, the
 * letter: action.h). */
void reader_apply(reader *r, action a, long count);

/* Puts `to` on top as a jump: '' comes back to where the view was. (The
 * search uses this for each match it moves to.) */
void reader_jump(reader *r, layout_pos to);

/* Rows for text (the terminal's height less the status line), at least 1. */
int reader_text_rows(const reader *r);

/* The current segment: the focus (a clicked segment still on screen), else
 * the one at the top (or the first one after a note at the top);
 * d->nsegments when only notes after the last remain. */
size_t reader_current_segment(const reader *r);

/* A mouse click at screen row y, column x (0-based): a click on a segment's
 * row makes that segment current; anywhere else (a note, below the end,
 * the status line, the help) does nothing. Returns true when something
 * changed. */
bool reader_click(reader *r, int y, int x);

/* True when row `row` of the current frame is the header row of the
 * focused (clicked) segment, which the screen marks. */
bool reader_row_is_focus(const reader *r, const layout_row *row);

/* Learner mode: true when span sp of a row of block `block` must be drawn
 * blank — the second language's text (the right pane side by side, the
 * lower one stacked) in any segment but `current`
 * (reader_current_segment, computed once per frame). */
bool reader_learner_hides(const reader *r, size_t current, size_t block, const layout_span *sp);

/* True when the document's last row is on screen. */
bool reader_at_end(const reader *r);

/* How far the screen's last row is into the document, 0..100. */
int reader_percent(const reader *r);

/* The status line, at most `width` columns, into buf: what is being typed
 * (a count, ":12", "m"; else the message; else the file name), the filter
 * and search notes, "segment k/n", the speaker and the position ("37%",
 * "END"). Parts give way from the left and the middle when the terminal is
 * narrow. */
size_t reader_status(const reader *r, const char *pending, char *buf, size_t cap);

/* Lines of the help overlay (action_help_line), and the largest help_top. */
int reader_help_lines(void);

#endif
