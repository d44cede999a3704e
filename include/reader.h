/* reader — where the view of a transcript is, and what each move does to
 * it: a value that tests drive by applying actions, no terminal involved.
 *
 * The reader holds the view (layout, top row, marks, the speaker filter,
 * learner mode, the clicked segment, the search) and its last message. It
 * knows nothing of keys, modes or screens: the session (session.h) turns
 * events into the actions applied here, and draws the frame from what the
 * reader says. What each action does is the man page's; the rules the
 * code keeps are beside the fields below.
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
#include "text.h"

#define READER_MESSAGE_MAX 160
#define READER_MARKS 52 /* a-z, A-Z */

typedef struct reader {
    const doc *d;          /* borrowed: outlives the reader */
    layout *L;             /* owned */
    int width, height;     /* the terminal, >= 1; rows for text: reader_text_rows */
    layout_mode mode;      /* the layout */
    bool mode_auto;        /* no layout chosen: follows the width */
    bool swap;             /* languages exchanged */
    layout_pos top;        /* the first row on screen: always a valid position */
    layout_pos jump_from;  /* where the last jump (g, G, N%, :N, mark, search)
                              started: '' goes back there */
    layout_pos marks[READER_MARKS]; /* valid where the bit in marks_set is */
    unsigned long long marks_set;   /* bit i: marks[i] is set */
    long half;             /* rows for d/u once a count set it; 0: half a screen */
    size_t focus;          /* the segment clicked, SIZE_MAX when none; kept only
                              while it has a row on screen and is shown */
    bool learner;          /* the second language shows only in the current segment */
    char message[READER_MESSAGE_MAX]; /* said once on the status line; "" when none */
    filter_state *filter;  /* which speakers are shown (owned) */
    bool context;          /* hidden runs show as one dimmed row each */
    find *find;            /* the search (owned) */
} reader;

/* A reader of d at its first segment (notes before it are above; the
 * message says so), measuring in tw (copied; NULL: the default), for a
 * terminal width x height; mode is a layout_mode, or -1 for the default for
 * that width. NULL when memory runs out. */
reader *reader_new(const doc *d, const text_widths *tw, int width, int height, int mode);

/* Frees the reader and its layout; NULL is fine. */
void reader_free(reader *r);

/* The terminal's new size: re-wraps lazily, keeps the top block on top. */
void reader_resize(reader *r, int width, int height);

/* Applies one move (scrolling, jumps, marks, speakers, layout, learner,
 * n and N) with its count (0: none; for the marks, the letter). Actions
 * that are no move (the help, the panel, prompts, quitting) are the
 * session's: they do nothing here. */
void reader_apply(reader *r, action a, long count);

/* Puts `to` on top as a jump: '' comes back to where the view was. */
void reader_jump(reader *r, layout_pos to);

/* Sets the message (printf-style). */
void reader_say(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Shows only the speakers named (filter_find), keeping the position.
 * ST_USAGE with *unknown set to the index of a name that matches nobody
 * (nothing changes then). */
status reader_select_speakers(reader *r, const char *const *names, size_t n, size_t *unknown);

/* Shows or hides filter entry e (a message says which, or why not). */
void reader_speaker_toggle(reader *r, size_t e);

/* Shows only entry e; when it already is the only one, all again. */
void reader_speaker_only(reader *r, size_t e);

/* The filter's note for the status line ("2 of 3 speakers, context"), "" when
 * every speaker is shown. */
size_t reader_filter_note(const reader *r, char *buf, size_t cap);

/* ---- search (find.h) ------------------------------------------------------ */

/* Opens the search prompt at the view's top. */
void reader_prompt_open(reader *r, bool forward);

/* One edit of the open prompt (find_edit): moves the view as the search
 * does; accepting makes the search one jump. */
find_state reader_prompt_edit(reader *r, action a, int ch);

/* Text pasted into the open prompt (find_paste): moves the view as the
 * search does. */
void reader_prompt_paste(reader *r, const char *text, size_t len);

/* Searches forward for pattern as if typed at `/` and Enter: --search. */
void reader_search(reader *r, const char *pattern);

/* Starts folding the text for search in the background. */
void reader_prepare_search(reader *r);

/* ---- what the view shows ------------------------------------------------------ */

/* True when segment s is shown (the filter's predicate). */
bool reader_segment_visible(const reader *r, size_t s);

/* Rows for text (the terminal's height less the status line), at least 1. */
int reader_text_rows(const reader *r);

/* The current segment: the focus (a clicked segment still on screen), else
 * the one at the top (or the first one shown after a note or a context row
 * at the top); d->nsegments when only notes after the last remain. */
size_t reader_current_segment(const reader *r);

/* A click at text row y: a segment's row makes that segment current;
 * anywhere else does nothing. True when something changed. */
bool reader_click(reader *r, int y);

/* True when `row` of the current frame is the header row of the focused
 * (clicked) segment. */
bool reader_row_is_focus(const reader *r, const layout_row *row);

/* Learner mode: true when span sp of a row of block `block` must be left
 * blank — the second language's text in any segment but `current`
 * (reader_current_segment, computed once per frame). */
bool reader_learner_hides(const reader *r, size_t current, size_t block, const layout_span *sp);

/* True when the document's last row is on screen. */
bool reader_at_end(const reader *r);

/* How far the screen's last row is into the document, 0..100. */
int reader_percent(const reader *r);

#endif
