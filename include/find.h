/* find — the reader's search session: the prompt, the incremental search,
 * n and N, the match count, and the highlights.
 *
 * `/` or `?` opens a prompt (find_open) at the view's top, the *origin*.
 * Each edit there (find_edit) changes the pattern, searches both
 * languages (search.h: width and case folded, smart case) and moves the
 * view to the first match from the origin — forward, the first at or below
 * the origin's row; backward, the last above it; past the end (or the
 * start) the search wraps round. A match already on screen leaves the view
 * where it is; one that is not is brought in: its block on top when the
 * match's row fits on the screen that way, else its row a third of the way
 * down (a segment taller than the screen). No match leaves the view at the
 * origin and the prompt says so. Accepting keeps the place, cancelling (or
 * Backspace on an empty prompt) returns to the origin; accepting an empty
 * prompt repeats the last pattern. find_next is n and N.
 *
 * Matches are visited in reading order: by block, then by row, then the
 * first pane before the second, then by place in the text. Only what is
 * shown counts: matches in segments the filter hides (layout_segment_visible)
 * and, in a one-language layout, in the other language, are skipped and not
 * counted. The count k/n is over the shown matches.
 *
 * The prompt is edited by the actions of the search prompt's key table
 * (action.h): the cursor moves by a character (a grapheme cluster), the
 * history holds the patterns searched earlier in this session, and a
 * character typed is inserted unless it is a control or a bidi control.
 *
 * The highlights reach the layout through its hits hook, which find_new
 * installs (keeping the other hooks): every match in the text being drawn,
 * the current one flagged. They stay after Enter, as in vim, until the
 * next search.
 *
 * Knows nothing of the terminal or the reader: the reader passes its view
 * (top row, rows on screen) and takes back the new top.
 */
#ifndef DUET_FIND_H
#define DUET_FIND_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "doc.h"
#include "layout.h"
#include "status.h"

#define FIND_PATTERN_MAX 512 /* bytes of a pattern; typing stops there */
#define FIND_HISTORY 100     /* patterns the session remembers */
#define FIND_MESSAGE_MAX 160

typedef struct find find;

/* A session over d shown by L (both borrowed: they outlive it); installs
 * the hits hook in L. NULL when memory runs out. */
find *find_new(const doc *d, layout *L);

/* Frees the session (waiting for a background build of its index); the
 * hits hook stays installed, so free the layout with it. NULL is fine. */
void find_free(find *f);

/* Starts folding the document for search in the background (search.h), so
 * that it is ready, or nearly, when the first key is typed; without it the
 * first search folds first. */
void find_prepare(find *f);

/* ---- the prompt ------------------------------------------------------------ */

/* Opens the prompt, searching forward (`/`) or backward (`?`) from top. */
void find_open(find *f, bool forward, layout_pos top);

/* True while the prompt is open. */
bool find_prompting(const find *f);

/* What a key at the prompt did. */
typedef enum {
    FIND_EDITING,   /* the prompt is still open */
    FIND_ACCEPTED,  /* Enter: the prompt closed, the view stays */
    FIND_CANCELLED  /* Esc: the prompt closed, the view is back at the origin */
} find_state;

/* One edit of the open prompt: an action of the search prompt's table
 * (action.h: ACTION_PROMPT_*), with ch the character ACTION_PROMPT_INSERT
 * types (controls and bidi controls are refused). *top is the view's top,
 * and moves as the search does; rows is the screen's text rows. */
find_state find_edit(find *f, action a, int ch, layout_pos *top, int rows);

/* Text pasted into the open prompt (bracketed paste: any bytes), inserted
 * at the cursor as if typed, then searched once: its characters that the
 * prompt takes (line ends and tabs become spaces; invalid UTF-8, controls
 * and bidi controls are dropped), up to FIND_PATTERN_MAX. */
find_state find_paste(find *f, const char *text, size_t len, layout_pos *top, int rows);

/* Where the search of the open (or last) prompt started. */
layout_pos find_origin(const find *f);

/* The bottom line while the prompt is open, at most `width` columns, into
 * buf (NUL-terminated): the prompt character, as much of the pattern as
 * fits around the cursor (scrolled sideways when longer than the screen),
 * and on the right the count ("3/17", "no match") when there is room.
 * *cursor gets the cursor's column. Returns the bytes written. */
size_t find_prompt_line(const find *f, int width, char *buf, size_t cap, int *cursor);

/* ---- searching without the prompt -------------------------------------------- */

/* Searches for pattern (NUL-terminated UTF-8) as if typed at a `/` (forward)
 * or `?` prompt opened at *top and Enter pressed: --search. Returns the
 * state Enter gives (FIND_ACCEPTED), or FIND_CANCELLED when the pattern is
 * empty or has characters a prompt would refuse. */
find_state find_pattern(find *f, const char *pattern, bool forward, layout_pos *top, int rows);

/* n (same = true) and N: the next match in the direction of the last search
 * (or the other), count times (0: once), from the current match when it is
 * on screen, else from the top of the screen. Wraps round with a message.
 * Returns false when there is no pattern or no match (with a message). */
bool find_next(find *f, bool same, long count, layout_pos *top, int rows);

/* ---- what the status line shows ------------------------------------------------- */

/* The message of the last call, shown once ("search hit BOTTOM, continuing
 * at TOP", "Pattern not found: xyz"), "" when none. */
const char *find_message(const find *f);

/* The search note for the status line: "/pattern 3/17" (the pattern cut
 * to fit), "/pattern 17 matches" when the current match is not shown,
 * "" when there is no search. Counts follow the filter and the layout
 * (recounted when layout_generation changes). */
size_t find_note(find *f, char *buf, size_t cap);

/* The match count: *k (1-based; 0 when the current match is not shown)
 * of *n matches shown. False when there is no search. */
bool find_count(find *f, size_t *k, size_t *n);

/* The pattern of the last search ("" when none). */
const char *find_last_pattern(const find *f);

#endif
