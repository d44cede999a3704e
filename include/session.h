/* session — the reader as events in and frames out, without a terminal.
 *
 * Events (a key, a mouse event, a resize, the end of a background load, a
 * timer) go to the modes on the session's stack (mode.h); the session owns
 * the reader state (reader.h), the start-up options (--segment, --speaker,
 * --search), resuming where a transcript was left, the clipboard request,
 * and a large transcript's preview while the whole loads (the keys that
 * wait for it, and the swap to the whole at the same place) — or a pipe's
 * text as it comes, shown as it grows. What the
 * screen shows is one frame (frame.h), every row of it; what the terminal
 * must do besides drawing (quit, suspend, repaint, write the clipboard's
 * escape) comes as requests. Everything a user can do is testable by
 * feeding events and reading frames.
 */
#ifndef DUET_SESSION_H
#define DUET_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "format.h"
#include "frame.h"
#include "layout.h"
#include "mode.h"
#include "reader.h"
#include "status.h"
#include "text.h"

struct loader;

typedef enum {
    SESSION_KEY,    /* key: action.h's code */
    SESSION_MOUSE,  /* x, y, wheel */
    SESSION_RESIZE, /* width, height */
    SESSION_LOADED, /* the load's descriptor became readable (session_load_fd) */
    SESSION_TIMER,  /* session_wait_ms ran out */
    SESSION_PASTE   /* text, len: pasted (bracketed paste) */
} session_event_kind;

struct session_event {
    session_event_kind kind;
    int key;
    int x, y;          /* the mouse: the cell, 0-based */
    int wheel;         /* rows the wheel asks to scroll (< 0: up); 0: a click */
    int width, height; /* the terminal's new size */
    const char *text;  /* the paste: len bytes as the terminal sent them
                          (borrowed for the call) */
    size_t len;
};

/* The largest screen duet draws, as vim does: a larger terminal gets a
 * frame of at most this size in its top left corner, with a note, so that
 * memory and time stay bounded at any size. */
#define SESSION_MAX_WIDTH 10000
#define SESSION_MAX_HEIGHT 1000

/* What a session starts with. Strings are borrowed for the session's life. */
typedef struct session_config {
    text_widths widths;        /* the terminal's (the option, or its answer) */
    int layout;                /* a layout_mode, or -1: the width's default */
    long segment;              /* --segment N, 0: none */
    const char *const *speakers; /* --speaker names */
    size_t nspeakers;
    const char *search;        /* --search PATTERN, NULL: none */
    const char *state_path;    /* the positions file; NULL or "": no resuming */
    const char *note;          /* said on the status line first (locale, terminal) */
    bool clipboard;            /* the terminal takes the clipboard escape (OSC 52) */
    const char *term;          /* its name, to say so when it does not */
    const char *const *files;  /* the inputs, for the load's report */
} session_config;

/* What the terminal must do after an event, besides drawing. */
typedef struct session_requests {
    bool quit;
    bool suspend;    /* stop (Ctrl-Z); then a resize event with the size */
    bool repaint;    /* draw the whole screen again, not its differences */
    const char *out; /* bytes to write to the terminal as they are (the
                        clipboard's escape), out_len of them; valid until the
                        next event */
    size_t out_len;
} session_requests;

typedef struct session session;

/* A session on d for a width x height terminal (SESSION_MAX_* at most are
 * drawn), at its start-up place; NULL when memory runs out. With a loader
 * l, d is a preview (preview.h; for a stream, what has come so far, which
 * may be nothing yet) that the session takes over, as it takes l; the
 * stream's later documents (loader_take_partial) and then the whole take
 * its place at the same place in the text. Without a loader d is borrowed. */
session *session_new(doc *d, struct loader *l, const session_config *c, int width, int height);

/* Remembers where the transcript was left (not a preview's place), then
 * frees the session; NULL is fine. */
void session_free(session *s);

/* Handles one event. */
void session_handle(session *s, const session_event *ev);

/* A count of changes: it grows whenever the frame may have changed. */
unsigned long session_changes(const session *s);

/* The frame of the current state, built when something changed; valid
 * until the next event. NULL when memory runs out. */
const frame *session_frame(session *s);

/* The requests of the last events, taken (cleared) by the call. */
session_requests session_take(session *s);

/* The clipboard's bytes (session_requests.out) could not be written. */
void session_output_failed(session *s);

/* The first frame (or any after) is out: starts what waits for it (the
 * whole load, folding for search). */
void session_idle(session *s);

/* Milliseconds until the session wants a SESSION_TIMER event, -1: never. */
int session_wait_ms(const session *s);

/* A descriptor that becomes readable when the whole transcript is in
 * (SESSION_LOADED), -1 when nothing loads. */
int session_load_fd(const session *s);

/* How the background load ended (ST_OK while it runs or when there was
 * none); *rep (may be NULL) gets its report. */
status session_load_status(const session *s, format_report *rep);

/* ---- for the modes -------------------------------------------------------- */

/* The reader (it changes when the whole replaces a preview). */
reader *session_reader(session *s);

/* The file name as the status line shows it (sanitised). */
const char *session_name(const session *s);

/* The width context the session measures in. */
const text_widths *session_widths(const session *s);

/* Pushes mode m on the stack: its state zeroed, then its open. */
void session_push(session *s, const mode_ops *m);

/* Pops the top mode: its close, then its state freed (reading stays). */
void session_pop(session *s);

typedef enum { SESSION_QUIT, SESSION_SUSPEND, SESSION_REPAINT } session_need;

/* Asks the terminal for r. */
void session_request(session *s, session_need r);

/* `y`: the current segment as a quote on the clipboard (or why not). */
void session_copy(session *s);

/* True while a preview shows and the whole still loads. */
bool session_loading(const session *s);

/* What the status line says while the whole is not in: "reading…" while a
 * pipe is still being read, "loading…" while the whole loads; "" after. */
const char *session_loading_note(const session *s);

/* Keeps key for when the whole is in (loading). */
void session_defer(session *s, int key);

/* True while keys wait for the whole. */
bool session_deferring(const session *s);

/* A key moved the preview: the whole opens where it is, not resumed. */
void session_moved(session *s);

/* What is typed and pending (the top mode's), for the status line. */
size_t session_pending(const session *s, char *buf, size_t cap);

/* Draws layout row `row` at frame row y: speakers in their colours, the
 * spans learner mode hides left out, the focused segment's header
 * reversed; `current` is reader_current_segment. */
void session_draw_row(session *s, frame *f, int y, const layout_row *row, size_t current);

#endif
