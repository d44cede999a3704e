/* reader — the reader's state as a value, and what each action does to it.
 *
 * The screen hands each key to reader_key, which turns keys into actions
 * (action.h's parser, or the speaker panel's keys while it is open) and
 * applies them with reader_apply; it then draws layout_render(r->L,
 * r->top, reader_text_rows(r)), the panel's rows over the top of it
 * (reader_panel_frame) and the status line from reader_status. Everything
 * here is plain C: tests feed keys or actions and check positions without
 * a terminal.
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
 *
 * Speakers: a change of the filter (1-9, 0, S, the panel) keeps the view
 * where it was — the same row when the segment on top stays shown, else
 * the start of the nearest shown segment. With speakers hidden, `)` and
 * `(` treat a hidden stretch as a change of speaker (the next answer), and
 * the current segment is the first shown one from the top.
 */
#ifndef DUET_READER_H
#define DUET_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "doc.h"
#include "filter.h"
#include "find.h"
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
    /* The speaker filter (filter.h, owned): hidden segments vanish from
     * the view and navigation; `context` shows each hidden run as one
     * dimmed row instead. Counts (Ng, :N, NJ) count visible segments. */
    filter_state *filter;
    bool context;
    /* The speaker panel: open, its selected entry and first entry shown
     * (panel_top <= panel_cur < panel_top + the entry rows that fit). */
    bool panel;
    size_t panel_cur, panel_top;
    struct panel *panel_r; /* its renderer (panel.h), owned */
    /* Keys typed so far (counts, the : prompt, a lone digit): reader_key. */
    action_parser keys;
    find *find;            /* the search session (owned; find.h): / ? n N */
    /* d is a preview (preview.h) of a transcript still loading: the status
     * line says "loading…" where the segment count and the position would
     * need the whole. The screen sets it, and swaps in a reader of the
     * whole document once it is there. */
    bool loading;
} reader;

/* A reader of d at its first segment (notes before it are above; the
 * message says so), for a terminal width x height; mode is a
 * layout_mode, or -1 for the default for that width (layout_default_mode).
 * NULL when memory runs out. */
reader *reader_new(const doc *d, const char *name, const text_widths *tw, int width, int height,
                   int mode);

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

/* Feeds one key from the terminal (action.h's codes): to the search prompt
 * while it is open (find.h: it edits the pattern and moves the view), to
 * the speaker panel while that is open, else through the key parser,
 * applying every action it completes. */
void reader_key(reader *r, int key);

/* How long the screen may wait for the next key before calling
 * reader_key_timeout: ACTION_DIGIT_TIMEOUT_MS while a lone digit is
 * pending, -1 (no timeout: block) otherwise. */
int reader_key_wait_ms(const reader *r);

/* No key came within reader_key_wait_ms: a lone pending digit acts as a key
 * of its own (toggles speaker N, 0 shows all). */
void reader_key_timeout(reader *r);

/* What is typed and pending (a count, ":12"), for the status line; "" when
 * nothing. */
size_t reader_pending(const reader *r, char *buf, size_t cap);

/* Shows only the speakers named (filter_find: names, parts of joined
 * names, label variants; case and width folded), keeping the position.
 * ST_USAGE with *unknown set to the index of a name that matches nobody
 * (nothing changes then). */
status reader_select_speakers(reader *r, const char *const *names, size_t n, size_t *unknown);

/* ---- search (find.h) ------------------------------------------------------ */

/* True while the search prompt (`/`, `?`) is open: reader_key gives it the
 * keys, and the screen draws reader_prompt_line instead of the status. */
bool reader_prompting(const reader *r);

/* The bottom line while the prompt is open (find_prompt_line), and the
 * cursor's column. */
size_t reader_prompt_line(const reader *r, char *buf, size_t cap, int *cursor);

/* Searches forward for pattern as if typed at `/` and Enter: --search. */
void reader_search(reader *r, const char *pattern);

/* Starts folding the text for search in the background: the screen calls
 * it once the first screen is drawn. */
void reader_prepare_search(reader *r);

/* True when segment s is shown (the filter's predicate, for search). */
bool reader_segment_visible(const reader *r, size_t s);

/* Rows for text (the terminal's height less the status line), at least 1. */
int reader_text_rows(const reader *r);

/* The current segment: the focus (a clicked segment still on screen), else
 * the one at the top (or the first one after a note at the top);
 * d->nsegments when only notes after the last remain. */
size_t reader_current_segment(const reader *r);

/* A mouse click at screen row y, column x (0-based): a click on a segment's
 * row makes that segment current; anywhere else (a note, below the end,
 * the status line, the help or the speaker panel) does nothing. Returns true when something
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

/* reader_status, also saying where the speaker's name went so the screen
 * can draw it in the speaker's colour: *col and *width in columns (width 0
 * when the name is not shown), *speaker its index in doc.speakers. */
size_t reader_status_styled(const reader *r, const char *pending, char *buf, size_t cap, int *col,
                            int *width, int *speaker);

/* The speaker panel's rows for the current state (panel.h), reader_panel_
 * height(r) of them; NULL when memory runs out. Valid until the next call. */
const layout_frame *reader_panel_frame(reader *r);

/* Rows the speaker panel covers at the top of the text area (0 when closed). */
int reader_panel_height(const reader *r);

/* Lines of the help overlay (action_help_line), and the largest help_top. */
int reader_help_lines(void);

#endif
