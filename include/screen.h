/* screen — the terminal: set-up and teardown (safe to run twice, run on
 * every exit path, signals included), keys, the mouse and pastes read into
 * the session's events, each frame drawn by its differences from the last,
 * suspending, and the signals that end duet. The only module that includes
 * curses (for terminfo); its interface exposes no curses type, and it
 * knows nothing of transcripts.
 */
#ifndef DUET_SCREEN_H
#define DUET_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "session.h"
#include "text.h"

/* What the terminal turned out to be. */
typedef struct screen_info {
    int width, height;    /* its size */
    text_widths widths;   /* --ambiguous-*, or what it answered */
    bool clipboard;       /* it takes the clipboard escape (terminfo Ms) */
    const char *term;     /* its name (terminfo's), static */
    const char *note;     /* what the status line should say about it, or NULL */
} screen_info;

/* Takes the terminal (keys from /dev/tty when standard input is the
 * transcript; the screen is standard output). False with a one-line
 * message in err when it cannot be used. */
bool screen_open(const options *o, screen_info *si, char *err, size_t cap);

/* Runs session s on the terminal until it asks to quit, the terminal
 * hangs up or a signal ends it; returns 0, or 128 + the signal. Keys,
 * the mouse and pastes are decoded by ttyin.h, never by curses. */
int screen_run(session *s);

/* Gives the terminal back as it was — modes, normal screen, mouse
 * reporting and bracketed paste off — and frees what the screen holds;
 * safe to call twice, and from atexit. (After a fault, the signal handler
 * has given it back already.) */
void screen_close(void);

/* Ends the process as signal sig would, with its default action: after
 * screen_run returned 128 + sig and everything was given back and saved,
 * so that whoever waits for duet sees the signal. Returns only when the
 * signal's default is not to end the process. */
void screen_reraise(int sig);

/* The curses library in use, as it names itself ("ncurses 6.4.20221231"),
 * for --version. */
const char *screen_curses_version(void);

#endif
