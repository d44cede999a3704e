/* help — the help screen as a mode: the lines action.c generates from
 * every mode's key table, over the text rows, scrolled by its own keys. */
#include <stdlib.h>
#include <string.h>

#include "session.h"

typedef struct help_state {
    int top;            /* the first line on screen, 0 <= top <= help_last_top */
    int lines;          /* lines of the help, counted when it opens */
} help_state;

static void help_open(session *s, void *st)
{
    (void)s;
    help_state *h = st;
    char buf[256];
    while (action_help_line((size_t)h->lines, buf, sizeof buf))
        h->lines++;
}

/* The largest top: the last line at the bottom of the text rows. */
static int help_last_top(session *s, const help_state *h)
{
    int max = h->lines - reader_text_rows(session_reader(s));
    return max > 0 ? max : 0;
}

static void help_apply(session *s, void *st, action a, long count)
{
    help_state *h = st;
    int rows = reader_text_rows(session_reader(s));
    int n = count > 0 && count < 1000000 ? (int)count : 1;
    switch (a) {
    case ACTION_LINE_DOWN: h->top += n; break;
    case ACTION_LINE_UP: h->top -= n; break;
    case ACTION_HALF_DOWN: h->top += rows / 2; break;
    case ACTION_HALF_UP: h->top -= rows / 2; break;
    case ACTION_PAGE_DOWN: h->top += rows; break;
    case ACTION_PAGE_UP: h->top -= rows; break;
    case ACTION_TOP: h->top = 0; break;
    case ACTION_BOTTOM: h->top = help_last_top(s, h); break;
    case ACTION_CLOSE:
    case ACTION_CANCEL:
        session_pop(s);
        return;
    case ACTION_REDRAW: session_request(s, SESSION_REPAINT); break;
    case ACTION_SUSPEND: session_request(s, SESSION_SUSPEND); break;
    default: break;
    }
    if (h->top > help_last_top(s, h))
        h->top = help_last_top(s, h);
    if (h->top < 0)
        h->top = 0;
}

/* The wheel scrolls the help; a click does nothing. */
static bool help_mouse(session *s, void *st, const session_event *ev)
{
    if (ev->wheel)
        help_apply(s, st, ev->wheel < 0 ? ACTION_LINE_UP : ACTION_LINE_DOWN, abs(ev->wheel));
    return true;
}

static void help_draw(session *s, void *st, frame *f)
{
    help_state *h = st;
    int rows = reader_text_rows(session_reader(s));
    if (h->top > help_last_top(s, h)) /* a resize made the screen taller */
        h->top = help_last_top(s, h);
    char line[256];
    for (int y = 0; y < rows; y++) {
        frame_clear_row(f, y);
        if (action_help_line((size_t)(h->top + y), line, sizeof line))
            frame_put(f, session_widths(s), y, 0, line, f->width, FRAME_STYLE_NORMAL, -1);
    }
}

const mode_ops help_mode = {
    .name = "help",
    .keys = ACTION_MAP_HELP,
    .counts = true, /* 5j scrolls five lines */
    .state_size = sizeof(help_state),
    .open = help_open,
    .apply = help_apply,
    .draw = help_draw,
    .mouse = help_mouse,
};
