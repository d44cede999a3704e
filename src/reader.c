/* reader — the state machine behind the keys. */
#include "reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel.h"
#include "text.h"

static void say(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
}

int reader_text_rows(const reader *r) { return r->height > 2 ? r->height - 1 : 1; }

static layout_pos segment_start(const reader *r, size_t s);
static void panel_keep_cursor(reader *r);
static void search_sync(reader *r);
static int put_fit(char *buf, size_t cap, size_t *n, const char *s, int maxw);

/* Hands the filter and the context setting to the layout (again after each
 * change: heights are recomputed lazily) and writes the status note. */
static void install_filter(reader *r)
{
    layout_hooks h = layout_get_hooks(r->L); /* the search's hits stay */
    bool all = filter_all_shown(r->filter);
    h.hidden = all ? NULL : filter_hidden_hook;
    h.hidden_ctx = all ? NULL : r->filter;
    h.context = !all && r->context;
    r->top = layout_set_hooks(r->L, &h, r->top);
    size_t n = filter_note(r->filter, r->filter_note, sizeof r->filter_note);
    if (n && r->context && n + 10 < sizeof r->filter_note)
        snprintf(r->filter_note + n, sizeof r->filter_note - n, ", context");
}

static void apply_geometry(reader *r)
{
    if (r->mode_auto)
        r->mode = layout_default_mode(r->d, r->width);
    r->top = layout_set_geometry(r->L, r->width, r->mode, r->swap, r->top);
}

reader *reader_new(const doc *d, const char *name, int width, int height, int mode)
{
    reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->L = layout_new(d);
    if (!r->L) {
        free(r);
        return NULL;
    }
    action_parser_reset(&r->keys);
    r->filter = filter_new(d);
    r->panel_r = panel_new();
    r->find = find_new(d, r->L);
    if (!r->filter || !r->panel_r || !r->find) {
        reader_free(r);
        return NULL;
    }
    r->d = d;
    r->name = name ? name : "";
    r->width = width > 0 ? width : 80;
    r->height = height > 0 ? height : 24;
    r->mode_auto = mode < 0 || mode >= LAYOUT_MODES;
    r->mode = r->mode_auto ? LAYOUT_SIDE : (layout_mode)mode;
    apply_geometry(r);
    install_filter(r);
    r->top = layout_first(r->L);
    /* Open on the first turn; notes before it (an intro …) are a k or g
     * away, and the status line says so. */
    if (d->nsegments > 0 && layout_segment_block(r->L, 0) > 0) {
        r->top = segment_start(r, 0);
        say(r, "notes above the first turn: g or k shows them");
    }
    lang_id langs[LANG_SIDES];
    if (doc_languages(d, langs) == 1) /* more important than the notes */
        say(r, "only %s text found: one pane", langs[0] == LANG_ZH ? "Chinese" : "English");
    r->jump_from = r->top;
    r->focus = SIZE_MAX;
    return r;
}

void reader_free(reader *r)
{
    if (!r)
        return;
    find_free(r->find);
    layout_free(r->L);
    filter_free(r->filter);
    panel_free(r->panel_r);
    free(r);
}

static bool segment_on_screen(const reader *r, size_t s);

/* A clicked segment scrolled off screen is no longer current. */
static void drop_lost_focus(reader *r)
{
    if (r->focus != SIZE_MAX && !segment_on_screen(r, r->focus))
        r->focus = SIZE_MAX;
}

void reader_resize(reader *r, int width, int height)
{
    r->width = width > 0 ? width : 1;
    r->height = height > 0 ? height : 1;
    apply_geometry(r);
    int max = reader_help_lines() - reader_text_rows(r);
    if (r->help_top > max)
        r->help_top = max > 0 ? max : 0;
    drop_lost_focus(r);
    panel_keep_cursor(r);
    search_sync(r);
}

/* ---- where the view is --------------------------------------------------------- */

/* The screen's last row. */
static layout_pos bottom_pos(const reader *r)
{
    return layout_scroll(r->L, r->top, reader_text_rows(r) - 1, NULL);
}

/* True when segment s has a row on screen. */
static bool segment_on_screen(const reader *r, size_t s)
{
    if (s >= r->d->nsegments || !layout_segment_visible(r->L, s))
        return false;
    size_t b = layout_segment_block(r->L, s);
    return b >= r->top.block && b <= bottom_pos(r).block;
}

size_t reader_current_segment(const reader *r)
{
    if (r->focus != SIZE_MAX && segment_on_screen(r, r->focus))
        return r->focus;
    for (size_t b = r->top.block; b < layout_nblocks(r->L); b++) {
        layout_block blk = layout_block_at(r->L, b);
        if (blk.kind == LAYOUT_BLOCK_SEGMENT) /* past a context row: the next shown */
            return filter_segment_visible(r->filter, blk.index)
                       ? blk.index
                       : filter_next_visible(r->filter, blk.index);
    }
    return r->d->nsegments;
}

bool reader_segment_visible(const reader *r, size_t s) { return filter_segment_visible(r->filter, s); }

static layout_pos end_top(const reader *r) { return layout_end_top(r->L, reader_text_rows(r)); }

bool reader_at_end(const reader *r) { return layout_pos_cmp(r->top, end_top(r)) >= 0; }

int reader_percent(const reader *r)
{
    int p = (int)(layout_fraction(r->L, bottom_pos(r)) * 100.0 + 0.5);
    return p < 0 ? 0 : p > 100 ? 100 : p;
}

/* ---- moving --------------------------------------------------------------------- */

/* Down by n rows, stopping where the last row reaches the bottom (never
 * moving back up when a jump already went further). */
static void scroll_down(reader *r, long n)
{
    layout_pos limit = end_top(r);
    if (layout_pos_cmp(r->top, limit) >= 0) {
        say(r, "(END)");
        return;
    }
    layout_pos p = layout_scroll(r->L, r->top, n, NULL);
    r->top = layout_pos_cmp(p, limit) > 0 ? limit : p;
}

static void scroll_up(reader *r, long n)
{
    long moved;
    r->top = layout_scroll(r->L, r->top, -n, &moved);
    if (moved == 0)
        say(r, "(TOP)");
}

/* p where it is valid now: a row past its block's (shrunk) height moves
 * to the block's last row, a hidden block to the next row shown. */
static layout_pos valid_pos(reader *r, layout_pos p)
{
    if (p.block >= layout_nblocks(r->L))
        return layout_last(r->L);
    int h = layout_block_height(r->L, p.block);
    if (h == 0 || p.row < 0)
        return layout_block_start(r->L, p.block);
    if (p.row >= h)
        p.row = h - 1;
    return p;
}

void reader_jump(reader *r, layout_pos to)
{
    r->focus = SIZE_MAX;
    r->jump_from = r->top;
    r->top = valid_pos(r, to);
}


/* The slot of a mark letter, or -1. */
static int mark_slot(long key)
{
    if (key >= 'a' && key <= 'z')
        return (int)(key - 'a');
    if (key >= 'A' && key <= 'Z')
        return 26 + (int)(key - 'A');
    return -1;
}

static void mark_set(reader *r, long key)
{
    int i = mark_slot(key);
    if (i < 0) {
        say(r, "a mark is a letter: ma ... mz, mA ... mZ");
        return;
    }
    r->marks[i] = r->top;
    r->marks_set |= 1ULL << i;
    say(r, "mark %c set", (char)key);
}

static void mark_goto(reader *r, long key)
{
    if (key == '\'') {
        reader_jump(r, r->jump_from);
        return;
    }
    int i = mark_slot(key);
    if (i < 0)
        say(r, "a mark is a letter ('a ... 'z, 'A ... 'Z) or ' ('' goes back)");
    else if (!(r->marks_set >> i & 1))
        say(r, "mark %c is not set (m%c sets it)", (char)key, (char)key);
    else
        reader_jump(r, r->marks[i]);
}

/* Segment n (1-based); with speakers hidden, the n-th one shown. */
static void goto_segment(reader *r, long n)
{
    size_t nseg = r->filter->nvisible;
    bool all = nseg == r->d->nsegments;
    if (nseg == 0) {
        say(r, "no segment shown: 0 shows all speakers");
        return;
    }
    if (n < 1 || (size_t)n > nseg) {
        if (all)
            say(r, "no segment %ld: segments are 1 to %zu", n, nseg);
        else
            say(r, "no segment %ld: %zu shown (%s)", n, nseg, r->filter_note);
        n = n < 1 ? 1 : (long)nseg;
    }
    size_t s = all ? (size_t)n - 1 : filter_nth_visible(r->filter, (size_t)n);
    reader_jump(r, layout_block_start(r->L, layout_segment_block(r->L, s)));
}

static void goto_percent(reader *r, long n)
{
    if (n >= 100) {
        reader_jump(r, end_top(r));
        return;
    }
    size_t b = (size_t)((double)(n < 0 ? 0 : n) / 100.0 * (double)layout_nblocks(r->L));
    layout_pos p = layout_block_start(r->L, b), limit = end_top(r);
    reader_jump(r, layout_pos_cmp(p, limit) > 0 ? limit : p);
}

/* The next shown segment after segment s (SIZE_MAX for "before the first"),
 * or nsegments. */
static size_t next_visible(const reader *r, size_t s) { return filter_next_visible(r->filter, s); }

/* The last shown segment before s, or SIZE_MAX. */
static size_t prev_visible(const reader *r, size_t s) { return filter_prev_visible(r->filter, s); }

static layout_pos segment_start(const reader *r, size_t s)
{
    return layout_block_start(r->L, layout_segment_block(r->L, s));
}

/* The segment whose block is on top, or SIZE_MAX when a note is. */
static size_t top_segment(const reader *r)
{
    layout_block blk = layout_block_at(r->L, r->top.block);
    return blk.kind == LAYOUT_BLOCK_SEGMENT ? blk.index : SIZE_MAX;
}

/* The segment before which the top note stands: the next segment is the
 * first whose block comes after the top. */
static size_t segment_after_top(const reader *r)
{
    size_t s = reader_current_segment(r);
    size_t ts = top_segment(r);
    return ts == SIZE_MAX ? (s == 0 ? SIZE_MAX : s - 1) : ts;
}

static void next_segment(reader *r, long count)
{
    size_t s = segment_after_top(r);
    for (long i = 0; i < (count > 0 ? count : 1); i++) {
        size_t n = next_visible(r, s);
        if (n >= r->d->nsegments) {
            say(r, "no next segment");
            break;
        }
        s = n;
    }
    if (s != SIZE_MAX && s != segment_after_top(r))
        r->top = segment_start(r, s);
}

static void prev_segment(reader *r, long count)
{
    size_t s = top_segment(r);
    long i = 0;
    if (s != SIZE_MAX && r->top.row > 0) { /* first: the start of this one */
        r->top = segment_start(r, s);
        i = 1;
    }
    if (s == SIZE_MAX)
        s = reader_current_segment(r);
    for (; i < (count > 0 ? count : 1); i++) {
        size_t p = prev_visible(r, s);
        if (p == SIZE_MAX) {
            if (layout_pos_cmp(r->top, layout_first(r->L)) == 0)
                say(r, "no previous segment");
            r->top = layout_first(r->L); /* the notes before the first segment */
            return;
        }
        s = p;
        r->top = segment_start(r, s);
    }
}

/* True when shown segments a < b are one turn (doc_segment_starts_turn),
 * with nothing hidden between them (with speakers hidden, the next answer
 * after a hidden question is a new turn). */
static bool same_turn(const reader *r, size_t a, size_t b)
{
    return a != SIZE_MAX && b == a + 1 && b < r->d->nsegments && !doc_segment_starts_turn(r->d, b);
}

/* ')': the next shown segment that starts a turn. */
static void next_speaker(reader *r, long count)
{
    size_t s = segment_after_top(r);
    for (long i = 0; i < (count > 0 ? count : 1); i++) {
        size_t k = s, prev = s;
        for (;;) {
            k = next_visible(r, k);
            if (k >= r->d->nsegments || !same_turn(r, prev, k))
                break;
            prev = k;
        }
        if (k >= r->d->nsegments) {
            say(r, "no further change of speaker");
            break;
        }
        s = k;
    }
    if (s != SIZE_MAX && s != segment_after_top(r))
        r->top = segment_start(r, s);
}

/* The first segment of the run of one speaker that s belongs to. */
static size_t run_start(const reader *r, size_t s)
{
    for (;;) {
        size_t p = prev_visible(r, s);
        if (!same_turn(r, p, s))
            return s;
        s = p;
    }
}

/* '(': back to the start of this speaker's run, or of the run before. */
static void prev_speaker(reader *r, long count)
{
    for (long i = 0; i < (count > 0 ? count : 1); i++) {
        size_t s = top_segment(r), target;
        if (s == SIZE_MAX) { /* a note on top: the run before it */
            size_t p = prev_visible(r, reader_current_segment(r));
            target = p == SIZE_MAX ? SIZE_MAX : run_start(r, p);
        } else {
            target = run_start(r, s);
            if (target == s && r->top.row == 0) {
                size_t p = prev_visible(r, s);
                target = p == SIZE_MAX ? SIZE_MAX : run_start(r, p);
            }
        }
        if (target == SIZE_MAX) {
            say(r, "no previous change of speaker");
            break;
        }
        r->top = segment_start(r, target);
    }
}

/* ---- the mouse and learner mode ---------------------------------------------------- */

bool reader_click(reader *r, int y, int x)
{
    (void)x; /* both panes of a row belong to one block */
    if (r->help || r->panel || y < 0 || y >= reader_text_rows(r))
        return false; /* the help and the speaker panel cover the text */
    long moved;
    layout_pos p = layout_scroll(r->L, r->top, y, &moved);
    if (moved < y) /* below the end of the document */
        return false;
    layout_block b = layout_block_at(r->L, p.block);
    if (b.kind != LAYOUT_BLOCK_SEGMENT || b.index == r->focus)
        return false;
    r->focus = b.index;
    return true;
}

bool reader_row_is_focus(const reader *r, const layout_row *row)
{
    return r->focus != SIZE_MAX && row->pos.block != SIZE_MAX && row->pos.row == 0 &&
           row->pos.block == layout_segment_block(r->L, r->focus) &&
           reader_current_segment(r) == r->focus;
}

/* The language learner mode hides: the second pane's, or none (-1) when
 * only one language is shown. */
static int learner_lang(const reader *r)
{
    if (r->mode != LAYOUT_SIDE && r->mode != LAYOUT_STACK)
        return -1;
    return r->swap ? LANG_ZH : LANG_EN;
}

bool reader_learner_hides(const reader *r, size_t current, size_t block, const layout_span *sp)
{
    if (!r->learner || sp->ref.kind != LAYOUT_REF_PARA || (int)sp->ref.lang != learner_lang(r))
        return false;
    layout_block b = layout_block_at(r->L, block);
    return b.kind == LAYOUT_BLOCK_SEGMENT && b.index != current;
}

static void toggle_learner(reader *r)
{
    r->learner = !r->learner;
    int l = learner_lang(r);
    if (!r->learner)
        say(r, "learner mode off: both languages");
    else if (l < 0)
        say(r, "learner mode: it hides the second pane, and this layout has one (l)");
    else
        say(r, "learner mode: %s only in the current segment (t shows all)",
            l == LANG_ZH ? "Chinese" : "English");
}

static void copy_segment(reader *r)
{
    if (reader_current_segment(r) >= r->d->nsegments)
        say(r, "no segment here to copy");
    else
        r->copy = true;
}

/* ---- speakers ------------------------------------------------------------------- */

/* Where the view is, before the filter changes: the segment on top (a
 * context row's too), or SIZE_MAX when a note is on top. */
static size_t filter_anchor(const reader *r) { return top_segment(r); }

/* After a change of the filter or of context: the same row when the
 * anchor segment is still shown, else the start of the nearest shown one
 * (the first row when none is). */
static void filter_changed(reader *r, size_t anchor)
{
    layout_pos old = r->top;
    install_filter(r);
    if (r->focus != SIZE_MAX && !filter_segment_visible(r->filter, r->focus))
        r->focus = SIZE_MAX; /* a clicked segment just hidden is current no more */
    if (anchor == SIZE_MAX)
        return;
    if (filter_segment_visible(r->filter, anchor)) {
        r->top = old;
        if (old.row >= layout_block_height(r->L, old.block))
            r->top = segment_start(r, anchor);
        return;
    }
    size_t s = filter_nearest_visible(r->filter, anchor);
    r->top = s < r->d->nsegments ? segment_start(r, s) : layout_first(r->L);
}

/* "主持人 / Host" for messages: at most a few dozen bytes, whole characters. */
static const char *short_name(const reader *r, size_t e, char *buf, size_t cap)
{
    size_t n = 0;
    put_fit(buf, cap, &n, filter_entry_name(r->filter, e), 32);
    return buf;
}

static void speaker_set(reader *r, size_t e, bool shown)
{
    char name[128];
    if (e >= r->filter->nentries) {
        say(r, "no speaker %zu: there %s %zu (s lists them)", e + 1,
            r->filter->nentries == 1 ? "is" : "are", r->filter->nentries);
        return;
    }
    size_t anchor = filter_anchor(r);
    if (!filter_set(r->filter, e, shown)) {
        say(r, "%s is the only speaker shown: 0 shows all", short_name(r, e, name, sizeof name));
        return;
    }
    filter_changed(r, anchor);
    say(r, "%s %s", shown ? "showing" : "hiding", short_name(r, e, name, sizeof name));
}

static void speaker_toggle(reader *r, long k)
{
    size_t e = k > 0 ? (size_t)k - 1 : SIZE_MAX;
    if (e < r->filter->nentries)
        speaker_set(r, e, !r->filter->entries[e].shown);
    else
        speaker_set(r, e, true); /* says there is no such speaker */
}

static void speaker_all(reader *r)
{
    size_t anchor = filter_anchor(r);
    filter_show_all(r->filter);
    filter_changed(r, anchor);
    say(r, "all speakers shown");
}

/* Only entry e; when it already is the only one, all again. */
static void speaker_only(reader *r, size_t e)
{
    char name[128];
    if (e >= r->filter->nentries)
        return;
    if (filter_is_only(r->filter, e)) {
        speaker_all(r);
        return;
    }
    size_t anchor = filter_anchor(r);
    filter_only(r->filter, e);
    filter_changed(r, anchor);
    say(r, "only %s", short_name(r, e, name, sizeof name));
}

/* S: the current segment's speaker only (again: all). */
static void speaker_only_current(reader *r)
{
    size_t s = reader_current_segment(r);
    if (s >= r->d->nsegments) {
        s = prev_visible(r, s);
        if (s == SIZE_MAX) {
            say(r, "no segment here");
            return;
        }
    }
    speaker_only(r, filter_entry_of(r->filter, s));
}

static void context_toggle(reader *r)
{
    size_t anchor = filter_anchor(r);
    r->context = !r->context;
    filter_changed(r, anchor);
    if (!r->context)
        say(r, "context off: hidden segments vanish");
    else if (filter_all_shown(r->filter))
        say(r, "context on: it shows once speakers are hidden (1-9, S, s)");
    else
        say(r, "context on: each hidden run is one dimmed line");
}

status reader_select_speakers(reader *r, const char *const *names, size_t n, size_t *unknown)
{
    size_t anchor = filter_anchor(r);
    status st = filter_select(r->filter, names, n, unknown);
    if (st == ST_OK && n > 0)
        filter_changed(r, anchor);
    return st;
}

/* ---- the speaker panel -------------------------------------------------------------- */

int reader_panel_height(const reader *r)
{
    return r->panel ? panel_height(r->filter->nentries, reader_text_rows(r)) : 0;
}

/* Keeps the selected entry among the rows shown. */
static void panel_keep_cursor(reader *r)
{
    size_t n = r->filter->nentries;
    int rows = panel_entry_rows(n, reader_text_rows(r));
    if (r->panel_cur >= n)
        r->panel_cur = n ? n - 1 : 0;
    if (rows < 1)
        rows = 1;
    if (r->panel_cur < r->panel_top)
        r->panel_top = r->panel_cur;
    if (r->panel_cur >= r->panel_top + (size_t)rows)
        r->panel_top = r->panel_cur - (size_t)rows + 1;
    if (n > (size_t)rows && r->panel_top > n - (size_t)rows)
        r->panel_top = n - (size_t)rows;
    if (n <= (size_t)rows)
        r->panel_top = 0;
}

static void panel_open(reader *r)
{
    size_t s = reader_current_segment(r);
    r->panel = true;
    r->panel_cur = s < r->d->nsegments ? filter_entry_of(r->filter, s) : 0;
    r->panel_top = 0;
    panel_keep_cursor(r);
}

const layout_frame *reader_panel_frame(reader *r)
{
    panel_keep_cursor(r);
    return panel_render(r->panel_r, r->filter, r->panel_cur, r->panel_top, r->width,
                        reader_text_rows(r));
}

static void panel_move(reader *r, long delta)
{
    long n = (long)r->filter->nentries, c = (long)r->panel_cur + delta;
    r->panel_cur = (size_t)(c < 0 ? 0 : c >= n ? (n > 0 ? n - 1 : 0) : c);
    panel_keep_cursor(r);
}

/* A key while the panel is open. */
static void panel_key(reader *r, int key)
{
    size_t cur = r->panel_cur;
    int page = panel_entry_rows(r->filter->nentries, reader_text_rows(r));
    r->message[0] = '\0';
    switch (key) {
    case ' ': speaker_toggle(r, (long)cur + 1); return;
    case 'a': speaker_all(r); return;
    case 'o': speaker_only(r, cur); return;
    case 'c': context_toggle(r); return;
    case '\r': case '\n': case ACTION_KEY_ENTER: case 27: case 7: case 's': case 'q':
        r->panel = false;
        return;
    default: break;
    }
    if (key >= '1' && key <= '9') {
        speaker_toggle(r, key - '0');
        return;
    }
    if (key == '0') {
        speaker_all(r);
        return;
    }
    switch (action_for_key(key)) {
    case ACTION_LINE_DOWN: panel_move(r, 1); break;
    case ACTION_LINE_UP: panel_move(r, -1); break;
    case ACTION_PAGE_DOWN: case ACTION_HALF_DOWN: panel_move(r, page); break;
    case ACTION_PAGE_UP: case ACTION_HALF_UP: panel_move(r, -page); break;
    case ACTION_TOP: panel_move(r, -(long)r->filter->nentries); break;
    case ACTION_BOTTOM: panel_move(r, (long)r->filter->nentries); break;
    case ACTION_REDRAW: r->redraw = true; break;
    case ACTION_SUSPEND: r->suspend = true; break;
    case ACTION_QUIT: r->quit = true; break; /* Ctrl-C (q closes the panel) */
    default: say(r, "Space shows or hides, a all, o only this; Enter closes"); break;
    }
}

/* ---- search ------------------------------------------------------------------------ */

/* The search note on the status line follows the match count, which
 * follows the filter and the layout. */
static void search_sync(reader *r)
{
    if (r->find)
        find_note(r->find, r->search_note, sizeof r->search_note);
}

/* The session's message, if it has one, as the reader's. */
static void search_said(reader *r)
{
    if (find_message(r->find)[0])
        say(r, "%s", find_message(r->find));
}

bool reader_prompting(const reader *r) { return find_prompting(r->find); }

/* A key typed at the search prompt. */
static void prompt_key(reader *r, int key)
{
    if (key == 12) { /* Ctrl-L redraws, at the prompt too */
        r->redraw = true;
        return;
    }
    r->message[0] = '\0';
    layout_pos top = r->top;
    find_state st = find_key(r->find, key, &top, reader_text_rows(r));
    r->top = top;
    if (st == FIND_ACCEPTED) {
        layout_pos origin = find_origin(r->find);
        if (layout_pos_cmp(origin, r->top) != 0)
            r->jump_from = origin; /* the search was one jump, however typed */
    }
    if (st != FIND_EDITING)
        r->focus = SIZE_MAX; /* as after a jump: the top segment is current */
    search_said(r);
}

size_t reader_prompt_line(const reader *r, char *buf, size_t cap, int *cursor)
{
    return find_prompt_line(r->find, r->width, buf, cap, cursor);
}

void reader_search(reader *r, const char *pattern)
{
    layout_pos top = r->top;
    find_pattern(r->find, pattern, true, &top, reader_text_rows(r));
    if (layout_pos_cmp(top, r->top) != 0)
        reader_jump(r, top);
    search_said(r);
    search_sync(r);
}

void reader_prepare_search(reader *r) { find_prepare(r->find); }

/* n and N. */
static void search_next(reader *r, bool same, long count)
{
    layout_pos top = r->top;
    if (find_next(r->find, same, count, &top, reader_text_rows(r)) &&
        layout_pos_cmp(top, r->top) != 0)
        reader_jump(r, top);
    search_said(r);
}

/* ---- keys ------------------------------------------------------------------------------ */

void reader_key(reader *r, int key)
{
    if (find_prompting(r->find)) {
        prompt_key(r, key);
    } else if (r->panel && !r->help) {
        panel_key(r, key);
    } else {
        action_event ev[ACTION_EVENTS_MAX];
        size_t n = action_parse(&r->keys, key, ev);
        for (size_t i = 0; i < n; i++)
            reader_apply(r, ev[i].action, ev[i].count);
    }
    search_sync(r); /* the count follows the filter (the panel) and the layout */
}

int reader_key_wait_ms(const reader *r)
{
    return action_parser_waiting(&r->keys) ? ACTION_DIGIT_TIMEOUT_MS : -1;
}

void reader_key_timeout(reader *r)
{
    action_event ev = action_parser_timeout(&r->keys);
    if (ev.action != ACTION_NONE)
        reader_apply(r, ev.action, ev.count);
}

size_t reader_pending(const reader *r, char *buf, size_t cap)
{
    return action_parser_pending(&r->keys, buf, cap);
}

/* ---- the help overlay ------------------------------------------------------------ */

int reader_help_lines(void)
{
    static int n = -1;
    if (n < 0) {
        char buf[256];
        n = 0;
        while (action_help_line((size_t)n, buf, sizeof buf))
            n++;
    }
    return n;
}

static void help_apply(reader *r, action a, long count)
{
    int rows = reader_text_rows(r), max = reader_help_lines() - rows;
    long n = count > 0 ? count : 1;
    switch (a) {
    case ACTION_LINE_DOWN: r->help_top += (int)n; break;
    case ACTION_LINE_UP: r->help_top -= (int)n; break;
    case ACTION_HALF_DOWN: r->help_top += rows / 2; break;
    case ACTION_HALF_UP: r->help_top -= rows / 2; break;
    case ACTION_PAGE_DOWN: r->help_top += rows; break;
    case ACTION_PAGE_UP: r->help_top -= rows; break;
    case ACTION_TOP: r->help_top = 0; break;
    case ACTION_BOTTOM: r->help_top = max; break;
    case ACTION_HELP: case ACTION_CANCEL: case ACTION_QUIT: r->help = false; break;
    case ACTION_REDRAW: r->redraw = true; break;
    case ACTION_SUSPEND: r->suspend = true; break;
    default: break;
    }
    if (r->help_top > max)
        r->help_top = max;
    if (r->help_top < 0)
        r->help_top = 0;
}

/* ---- dispatch ----------------------------------------------------------------- */

static const char *const mode_titles[LAYOUT_MODES] = {
    "side by side", "stacked", "Chinese only", "English only",
};

void reader_apply(reader *r, action a, long count)
{
    r->message[0] = '\0';
    if (r->help) {
        help_apply(r, a, count);
        return;
    }
    int rows = reader_text_rows(r);
    long n = count > 0 ? count : 1;
    switch (a) {
    case ACTION_LINE_DOWN: scroll_down(r, n); break;
    case ACTION_LINE_UP: scroll_up(r, n); break;
    case ACTION_HALF_DOWN:
    case ACTION_HALF_UP:
        if (count > 0)
            r->half = count;
        n = r->half > 0 ? r->half : (rows + 1) / 2;
        a == ACTION_HALF_DOWN ? scroll_down(r, n) : scroll_up(r, n);
        break;
    case ACTION_PAGE_DOWN: scroll_down(r, count > 0 ? count : rows); break;
    case ACTION_PAGE_UP: scroll_up(r, count > 0 ? count : rows); break;
    case ACTION_TOP:
        count > 0 ? goto_segment(r, count) : reader_jump(r, layout_first(r->L));
        break;
    case ACTION_BOTTOM:
        count > 0 ? goto_segment(r, count) : reader_jump(r, end_top(r));
        break;
    case ACTION_GOTO_SEGMENT: goto_segment(r, count); break;
    case ACTION_PERCENT: goto_percent(r, count); break;
    /* Segment steps make the top segment current again. */
    case ACTION_NEXT_SEGMENT: r->focus = SIZE_MAX; next_segment(r, count); break;
    case ACTION_PREV_SEGMENT: r->focus = SIZE_MAX; prev_segment(r, count); break;
    case ACTION_NEXT_SPEAKER: r->focus = SIZE_MAX; next_speaker(r, count); break;
    case ACTION_PREV_SPEAKER: r->focus = SIZE_MAX; prev_speaker(r, count); break;
    case ACTION_CYCLE_LAYOUT:
        r->mode = (layout_mode)((r->mode + 1) % LAYOUT_MODES);
        r->mode_auto = false;
        apply_geometry(r);
        say(r, "layout: %s", mode_titles[r->mode]);
        break;
    case ACTION_SWAP_PANES:
        r->swap = !r->swap;
        apply_geometry(r);
        say(r, "%s first", r->swap ? "English" : "Chinese");
        break;
    case ACTION_COPY: copy_segment(r); break;
    case ACTION_LEARNER: toggle_learner(r); break;
    case ACTION_MARK_SET: mark_set(r, count); break;
    case ACTION_MARK_GOTO: mark_goto(r, count); break;
    case ACTION_SEARCH_FORWARD:
    case ACTION_SEARCH_BACKWARD:
        find_open(r->find, a == ACTION_SEARCH_FORWARD, r->top);
        break;
    case ACTION_SEARCH_NEXT: search_next(r, true, count); break;
    case ACTION_SEARCH_PREV: search_next(r, false, count); break;
    case ACTION_HELP:
        r->help = true;
        r->help_top = 0;
        break;
    case ACTION_SPEAKER_PANEL: panel_open(r); break;
    case ACTION_SPEAKER_TOGGLE: speaker_toggle(r, count); break;
    case ACTION_SPEAKER_ALL: speaker_all(r); break;
    case ACTION_SPEAKER_ONLY: speaker_only_current(r); break;
    case ACTION_CONTEXT: context_toggle(r); break;
    case ACTION_REDRAW: r->redraw = true; break;
    case ACTION_SUSPEND: r->suspend = true; break;
    case ACTION_QUIT: r->quit = true; break;
    case ACTION_CANCEL: break;
    case ACTION_UNKNOWN: say(r, "no such key: h shows the keys"); break;
    case ACTION_GOTO: /* the parser turns ':' into a prompt */
    case ACTION_NONE:
    case ACTION_COUNT: break;
    }
    drop_lost_focus(r);
    search_sync(r); /* the count follows the filter and the layout */
}

/* ---- the status line -------------------------------------------------------------- */

/* Appends up to maxw columns of s (whole clusters) to buf at *n; returns
 * the columns added. */
static int put_fit(char *buf, size_t cap, size_t *n, const char *s, int maxw)
{
    int w = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t k = text_cluster_len(s + i, len - i);
        int adv = text_advance(s + i, k, w);
        if (w + adv > maxw || *n + k + 1 > cap)
            break;
        if (s[i] == '\t') { /* names with tabs: one space each */
            buf[(*n)++] = ' ';
            adv = 1;
        } else {
            memcpy(buf + *n, s + i, k);
            *n += k;
        }
        w += adv;
        i += k;
    }
    buf[*n] = '\0';
    return w;
}

static int put_spaces(char *buf, size_t cap, size_t *n, int count)
{
    int w = 0;
    for (; w < count && *n + 2 < cap; w++)
        buf[(*n)++] = ' ';
    buf[*n] = '\0';
    return w;
}

size_t reader_status(const reader *r, const char *pending, char *buf, size_t cap)
{
    int col, width, speaker;
    return reader_status_styled(r, pending, buf, cap, &col, &width, &speaker);
}

size_t reader_status_styled(const reader *r, const char *pending, char *buf, size_t cap, int *sp_col,
                            int *sp_w, int *sp_index)
{
    *sp_col = *sp_w = 0;
    *sp_index = -1;
    if (cap == 0)
        return 0;
    buf[0] = '\0';
    int W = r->width;
    char right[192], pos[16];
    size_t s = reader_current_segment(r), nseg = r->d->nsegments;
    if (r->loading)
        snprintf(pos, sizeof pos, "loading\xE2\x80\xA6"); /* … */
    else if (reader_at_end(r))
        snprintf(pos, sizeof pos, "END");
    else
        snprintf(pos, sizeof pos, "%d%%", reader_percent(r));
    const char *speaker = "";
    if (s < nseg && r->d->segments[s].speaker >= 0) {
        *sp_index = r->d->segments[s].speaker;
        speaker = r->d->speakers[*sp_index].name;
    }
    char segtxt[64];
    if (r->loading) /* the count is not known yet */
        snprintf(segtxt, sizeof segtxt, "segment %zu", s < nseg ? s + 1 : nseg);
    else
        snprintf(segtxt, sizeof segtxt, "segment %zu/%zu", s < nseg ? s + 1 : nseg, nseg);
    /* Drop parts from the right when the line is narrow: speaker first. */
    int spw = text_width(speaker, strlen(speaker)), sp_off = -1;
    if (spw > 24)
        spw = 24;
    if (W >= (int)strlen(segtxt) + spw + (int)strlen(pos) + 12 && spw > 0) {
        size_t rn = 0;
        snprintf(right, sizeof right, "%s  ", segtxt);
        rn = strlen(right);
        sp_off = text_width(right, rn);
        spw = put_fit(right, sizeof right, &rn, speaker, 24);
        snprintf(right + rn, sizeof right - rn, "  %s", pos);
    } else if (W >= (int)strlen(segtxt) + (int)strlen(pos) + 4) {
        snprintf(right, sizeof right, "%s  %s", segtxt, pos);
    } else {
        snprintf(right, sizeof right, "%zu/%s %s", s < nseg ? s + 1 : nseg,
                 r->loading ? "?" : "", pos);
        if (!r->loading)
            snprintf(right, sizeof right, "%zu/%zu %s", s < nseg ? s + 1 : nseg, nseg, pos);
    }
    /* The filter and search notes go before it while the name keeps room. */
    for (int i = 1; i >= 0; i--) {
        const char *note = i ? r->search_note : r->filter_note;
        int nw = text_width(note, strlen(note)), rw0 = text_width(right, strlen(right));
        if (!note[0] || rw0 + nw + 2 + 12 > W)
            continue;
        char tmp[sizeof right];
        size_t tn = 0;
        put_fit(tmp, sizeof tmp, &tn, note, nw);
        snprintf(tmp + tn, sizeof tmp - tn, "  %s", right);
        memcpy(right, tmp, sizeof right);
        if (sp_off >= 0)
            sp_off += nw + 2;
    }
    int rw = text_width(right, strlen(right));
    if (rw > W) {
        snprintf(right, sizeof right, "%s", "");
        rw = 0;
        sp_off = -1;
    }
    /* What is being typed (a count, :N, m …) wins over the last message. */
    const char *left = pending && pending[0] ? pending : r->message[0] ? r->message : r->name;
    size_t n = 0;
    int room = W - rw - (rw ? 2 : 0);
    if (left == r->name && text_width(left, strlen(left)) > room) {
        const char *slash = strrchr(left, '/'); /* too long: the file's own name */
        if (slash && slash[1])
            left = slash + 1;
    }
    int lw = room > 0 ? put_fit(buf, cap, &n, left, room) : 0;
    put_spaces(buf, cap, &n, W - rw - lw);
    put_fit(buf, cap, &n, right, rw);
    if (sp_off >= 0) {
        *sp_col = W - rw + sp_off;
        *sp_w = spw;
    }
    return n;
}
