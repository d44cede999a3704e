/* screen — the full-screen reader on a terminal; the only module that
 * includes curses.
 *
 * It copies the rows the layout module builds onto the terminal, turns keys
 * into actions for the reader state, and owns terminal set-up and teardown
 * (safe to run twice, run on every exit path, signals included). Its
 * interface exposes no curses type.
 */
#ifndef DUET_SCREEN_H
#define DUET_SCREEN_H

#include "doc.h"
#include "format.h"
#include "options.h"

/* Runs the reader on d until the user quits. Keys come from the terminal
 * (/dev/tty when standard input is the transcript); the screen is standard
 * output. Returns the process exit code. */
int screen_run(doc *d, const options *o);

struct loader;

/* screen_run on a preview d (preview.h) while loader l reads the whole
 * transcript: both are taken over (freed before returning). Keys that need
 * the whole wait for it; then a reader of the whole takes the preview's
 * place, keeping the view where it was. Should the load fail, the screen
 * is given back and *load_status (and *load_report) say why: the caller
 * reports it. --segment, --speaker and --search need the whole: the
 * caller loads it first for those (screen_run). */
int screen_run_loading(doc *d, struct loader *l, const options *o, status *load_status,
                       format_report *load_report);

/* The curses library in use, as it names itself ("ncurses 6.4.20221231"),
 * for --version. */
const char *screen_curses_version(void);

#endif
