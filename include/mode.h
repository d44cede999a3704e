/* mode — what a mode of the session is made of (tig's view_ops, vis's
 * per-mode bindings): its key table, what its actions do, its part of the
 * frame.
 *
 * The session keeps modes on a stack, reading at the bottom. Keys go to the
 * mode on top; the mouse goes to the top mode that takes it; each frame is
 * drawn from the bottom up, each mode over what the ones below drew. A
 * mode's state is a block of state_size bytes the session zeroes when the
 * mode is pushed and frees when it is popped. A new mode (the alignment
 * editor, a paste) is a new table in action.c and a new mode_ops.
 */
#ifndef DUET_MODE_H
#define DUET_MODE_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "frame.h"

typedef struct session session;
typedef struct session_event session_event;

typedef struct mode_ops {
    const char *name;   /* "reading", "help" … */
    action_map keys;    /* its key table (action.h) */
    bool counts;        /* its keys take counts and marks (action.h's parser,
                           which the session keeps for it) */
    size_t state_size;  /* bytes of state, zeroed when pushed */
    /* All but apply may be NULL. */
    void (*open)(session *s, void *st);  /* just pushed */
    void (*close)(session *s, void *st); /* about to be popped: free what it holds */
    /* A key. NULL: with counts, the events the parser completes are
     * applied; without, the key is looked up in the table and applied,
     * with a digit as its argument, or (unbound) the key itself with
     * ACTION_UNKNOWN. */
    void (*key)(session *s, void *st, int key);
    /* Does action a with its argument (a count, a mark's letter, a digit,
     * a character typed). */
    void (*apply)(session *s, void *st, action a, long arg);
    /* Draws its part of the frame over what the modes below drew. */
    void (*draw)(session *s, void *st, frame *f);
    /* Text pasted (any bytes, len of them); NULL: a paste is dropped there,
     * never read as keys. */
    void (*paste)(session *s, void *st, const char *text, size_t len);
    /* A mouse event; false passes it to the mode below. */
    bool (*mouse)(session *s, void *st, const session_event *ev);
    /* What is typed and pending for the status line (":12"); NULL: with
     * counts, the parser's ("5", "m"). */
    size_t (*pending)(const session *s, const void *st, char *buf, size_t cap);
} mode_ops;

/* The modes (reading.c, help.c, panel.c, prompt.c, loading.c). */
extern const mode_ops reading_mode, help_mode, panel_mode, prompt_search_mode, prompt_goto_mode,
    loading_mode;

#endif
