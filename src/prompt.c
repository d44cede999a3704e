/* prompt — the two prompts as modes: the search prompt (/ and ?), whose
 * editing is the search's (find.h) and which takes the bottom row, and the
 * : prompt, a segment number typed on the status line. */
#include <stdio.h>

#include "session.h"

/* ---- / and ? ------------------------------------------------------------------------ */

static void prompt_search_apply(session *s, void *st, action a, long arg)
{
    (void)st;
    if (a == ACTION_REDRAW) { /* at the prompt too */
        session_request(s, SESSION_REPAINT);
        return;
    }
    if (a == ACTION_UNKNOWN) /* a character to type */
        a = ACTION_PROMPT_INSERT;
    if (reader_prompt_edit(session_reader(s), a, (int)arg) != FIND_EDITING)
        session_pop(s);
}

/* The prompt's line in place of the status line, with the cursor in it. */
static void prompt_search_draw(session *s, void *st, frame *f)
{
    (void)st;
    reader *r = session_reader(s);
    char line[4096];
    int cursor, y = f->height - 1;
    find_prompt_line(r->find, f->width, line, sizeof line, &cursor);
    frame_clear_row(f, y);
    frame_put(f, session_widths(s), y, 0, line, f->width, FRAME_STYLE_NORMAL, -1);
    f->cursor_row = y;
    f->cursor_col = cursor;
}

/* A paste is typed into the pattern (find_paste), searched once. */
static void prompt_search_paste(session *s, void *st, const char *text, size_t len)
{
    (void)st;
    reader_prompt_paste(session_reader(s), text, len);
}

const mode_ops prompt_search_mode = {
    .name = "search",
    .keys = ACTION_MAP_SEARCH,
    .apply = prompt_search_apply,
    .draw = prompt_search_draw,
    .paste = prompt_search_paste,
};

/* ---- : ------------------------------------------------------------------------------------- */

#define PROMPT_NUMBER_MAX 999999999L

typedef struct prompt_goto_state {
    long n;   /* the number typed so far, valid when typed */
    bool typed;
} prompt_goto_state;

static void prompt_goto_apply(session *s, void *st, action a, long arg)
{
    prompt_goto_state *g = st;
    reader *r = session_reader(s);
    switch (a) {
    case ACTION_PROMPT_INSERT:
        if (g->n <= PROMPT_NUMBER_MAX / 10)
            g->n = g->n * 10 + arg;
        g->typed = true;
        break;
    case ACTION_PROMPT_BACKSPACE: /* a digit, or the prompt itself */
        if (g->typed && g->n >= 10)
            g->n /= 10;
        else if (g->typed)
            g->typed = false, g->n = 0;
        else
            session_pop(s);
        break;
    case ACTION_PROMPT_ACCEPT:
        if (g->typed) {
            long n = g->n;
            session_pop(s);
            reader_apply(r, ACTION_GOTO_SEGMENT, n);
        } else { /* Enter on nothing leaves */
            session_pop(s);
            r->message[0] = '\0';
        }
        break;
    default: /* Esc, Ctrl-G, any other key */
        session_pop(s);
        r->message[0] = '\0';
        break;
    }
}

static size_t prompt_goto_pending(const session *s, const void *st, char *buf, size_t cap)
{
    (void)s;
    const prompt_goto_state *g = st;
    int n = g->typed ? snprintf(buf, cap, ":%ld", g->n) : snprintf(buf, cap, ":");
    return n > 0 ? (size_t)n : 0;
}

/* A paste's digits are typed into the number (anything else in it is
 * dropped, not taken for the key that would leave the prompt). */
static void prompt_goto_paste(session *s, void *st, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] >= '0' && text[i] <= '9')
            prompt_goto_apply(s, st, ACTION_PROMPT_INSERT, text[i] - '0');
}

const mode_ops prompt_goto_mode = {
    .name = "goto",
    .keys = ACTION_MAP_GOTO,
    .state_size = sizeof(prompt_goto_state),
    .apply = prompt_goto_apply,
    .pending = prompt_goto_pending,
    .paste = prompt_goto_paste,
};
