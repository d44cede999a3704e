/* loading — the mode on top while a large transcript's preview shows and
 * the whole loads, or a pipe is read as it comes: small moves act on the
 * preview at once; any other key, a move past what the preview holds, and
 * every key after them wait in order for the whole (session_defer), so
 * that none gives an answer only the preview would give (G, N%, a search,
 * the panel …). q quits at once, also behind keys that wait (a pipe may
 * never end), leaving the load behind; Ctrl-L and Ctrl-Z act at once too. */
#include <stdlib.h>

#include "session.h"

static void loading_apply(session *s, void *st, action a, long key)
{
    (void)st;
    reader *r = session_reader(s);
    switch (a) { /* the terminal's keys wait for nothing */
    case ACTION_QUIT: session_request(s, SESSION_QUIT); return;
    case ACTION_REDRAW: session_request(s, SESSION_REPAINT); return;
    case ACTION_SUSPEND: session_request(s, SESSION_SUSPEND); return;
    default: break;
    }
    if (!session_deferring(s)) {
        switch (a) {
        case ACTION_UNKNOWN: break;
        default: {
            layout_pos before = r->top;
            reader_apply(r, a, 0);
            if (!reader_at_end(r)) { /* still inside the preview */
                if (layout_pos_cmp(before, r->top) != 0)
                    session_moved(s);
                return;
            }
            r->top = before; /* the preview ends here: the whole will tell */
        }
        }
    }
    session_defer(s, (int)key);
    reader_say(r, "%s", session_loading_note(s));
}

/* Each key with the key itself as its argument: a deferred key is played
 * again once the whole is in. */
static void loading_key(session *s, void *st, int key)
{
    loading_apply(s, st, action_lookup(ACTION_MAP_LOADING, key), key);
}

/* The wheel scrolls the preview as j and k do; clicks wait for nothing. */
static bool loading_mouse(session *s, void *st, const session_event *ev)
{
    for (int i = 0; i < abs(ev->wheel); i++)
        loading_key(s, st, ev->wheel > 0 ? 'j' : 'k');
    return true;
}

const mode_ops loading_mode = {
    .name = "loading",
    .keys = ACTION_MAP_LOADING,
    .key = loading_key,
    .apply = loading_apply,
    .mouse = loading_mouse,
};
