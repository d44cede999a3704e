/* reader — the view of a transcript and the moves that change it. */
#include "reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void reader_say(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
}

int reader_text_rows(const reader *r) { return r->height > 2 ? r->height - 1 : 1; }

static layout_pos segment_start(const reader *r, size_t s);

/* Hands the filter and the context setting to the layout (again after each
 * change: heights are recomputed lazily). */
static void install_filter(reader *r)
{
    layout_hooks h = layout_get_hooks(r->L); /* the search's hits stay */
    bool all = filter_all_shown(r->filter);
    h.hidden = all ? NULL : filter_hidden_hook;
    h.hidden_ctx = all ? NULL : r->filter;
    h.context = !all && r->context;
    r->top = layout_set_hooks(r->L, &h, r->top);
}

size_t reader_filter_note(const reader *r, char *buf, size_t cap)
{
    size_t n = filter_note(r->filter, buf, cap);
    if (n && r->context && n + 10 < cap)
        n += (size_t)snprintf(buf + n, cap - n, ", context");
    return n;
}

static void apply_geometry(reader *r)
{
    if (r->mode_auto)
        r->mode = layout_default_mode(r->d, r->width);
    r->top = layout_set_geometry(r->L, r->width, r->mode, r->swap, r->top);
}

reader *reader_new(const doc *d, const text_widths *tw, int width, int height, int mode)
{
    reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->L = layout_new(d, tw);
    if (!r->L) {
        free(r);
        return NULL;
    }
    r->filter = filter_new(d);
    r->find = find_new(d, r->L);
    if (!r->filter || !r->find) {
        reader_free(r);
        return NULL;
    }
    r->d = d;
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
        reader_say(r, "notes above the first turn: g or k shows them");
    }
    lang_id langs[LANG_SIDES];
    if (doc_languages(d, langs) == 1) /* more important than the notes */
        reader_say(r, "only %s text found: one pane", langs[0] == LANG_ZH ? "Chinese" : "English");
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
    drop_lost_focus(r);
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
        reader_say(r, "(END)");
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
        reader_say(r, "(TOP)");
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
        reader_say(r, "a mark is a letter: ma ... mz, mA ... mZ");
        return;
    }
    r->marks[i] = r->top;
    r->marks_set |= 1ULL << i;
    reader_say(r, "mark %c set", (char)key);
}

static void mark_goto(reader *r, long key)
{
    if (key == '\'') {
        reader_jump(r, r->jump_from);
        return;
    }
    int i = mark_slot(key);
    if (i < 0)
        reader_say(r, "a mark is a letter ('a ... 'z, 'A ... 'Z) or ' ('' goes back)");
    else if (!(r->marks_set >> i & 1))
        reader_say(r, "mark %c is not set (m%c sets it)", (char)key, (char)key);
    else
        reader_jump(r, r->marks[i]);
}

/* Segment n (1-based); with speakers hidden, the n-th one shown. */
static void goto_segment(reader *r, long n)
{
    size_t nseg = r->filter->nvisible;
    bool all = nseg == r->d->nsegments;
    if (nseg == 0) {
        reader_say(r, "no segment shown: 0 shows all speakers");
        return;
    }
    if (n < 1 || (size_t)n > nseg) {
        if (all)
            reader_say(r, "no segment %ld: segments are 1 to %zu", n, nseg);
        else
        {
            char note[96];
            reader_filter_note(r, note, sizeof note);
            reader_say(r, "no segment %ld: %zu shown (%s)", n, nseg, note);
        }
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
            reader_say(r, "no next segment");
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
                reader_say(r, "no previous segment");
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
            reader_say(r, "no further change of speaker");
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
            reader_say(r, "no previous change of speaker");
            break;
        }
        r->top = segment_start(r, target);
    }
}

/* ---- the mouse and learner mode ---------------------------------------------------- */

bool reader_click(reader *r, int y)
{
    if (y < 0 || y >= reader_text_rows(r))
        return false;
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
        reader_say(r, "learner mode off: both languages");
    else if (l < 0)
        reader_say(r, "learner mode: it hides the second pane, and this layout has one (l)");
    else
        reader_say(r, "learner mode: %s only in the current segment (t shows all)",
            l == LANG_ZH ? "Chinese" : "English");
}

/* ---- speakers ------------------------------------------------------------------- */

/* Where the view is, before the filter changes: the segment on top (a
 * context row's too), or SIZE_MAX when a note is on top. */
static size_t view_anchor(const reader *r) { return top_segment(r); }

/* After a change of the filter or of context: the same row when the
 * anchor segment is still shown, else the start of the nearest shown one
 * (the first row when none is). */
static void speakers_changed(reader *r, size_t anchor)
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

/* "主持人 / Host" for messages: at most 32 columns, whole characters. */
static const char *short_name(const reader *r, size_t e, char *buf, size_t cap)
{
    const char *name = filter_entry_name(r->filter, e);
    size_t len = strlen(name), n = 0;
    for (int w = 0; n < len;) {
        size_t k = text_cluster_len(name + n, len - n);
        w += text_advance(layout_widths(r->L), name + n, k, w);
        if (w > 32 || n + k + 1 > cap)
            break;
        n += k;
    }
    snprintf(buf, cap, "%.*s", (int)n, name);
    return buf;
}

static void speaker_set(reader *r, size_t e, bool shown)
{
    char name[128];
    if (e >= r->filter->nentries) {
        reader_say(r, "no speaker %zu: there %s %zu (s lists them)", e + 1,
            r->filter->nentries == 1 ? "is" : "are", r->filter->nentries);
        return;
    }
    size_t anchor = view_anchor(r);
    if (!filter_set(r->filter, e, shown)) {
        reader_say(r, "%s is the only speaker shown: 0 shows all", short_name(r, e, name, sizeof name));
        return;
    }
    speakers_changed(r, anchor);
    reader_say(r, "%s %s", shown ? "showing" : "hiding", short_name(r, e, name, sizeof name));
}

void reader_speaker_toggle(reader *r, size_t e)
{
    if (e < r->filter->nentries)
        speaker_set(r, e, !r->filter->entries[e].shown);
    else
        speaker_set(r, e, true); /* says there is no such speaker */
}

static void speaker_all(reader *r)
{
    size_t anchor = view_anchor(r);
    filter_show_all(r->filter);
    speakers_changed(r, anchor);
    reader_say(r, "all speakers shown");
}

void reader_speaker_only(reader *r, size_t e)
{
    char name[128];
    if (e >= r->filter->nentries)
        return;
    if (filter_is_only(r->filter, e)) {
        speaker_all(r);
        return;
    }
    size_t anchor = view_anchor(r);
    filter_only(r->filter, e);
    speakers_changed(r, anchor);
    reader_say(r, "only %s", short_name(r, e, name, sizeof name));
}

/* S: the current segment's speaker only (again: all). */
static void speaker_only_current(reader *r)
{
    size_t s = reader_current_segment(r);
    if (s >= r->d->nsegments) {
        s = prev_visible(r, s);
        if (s == SIZE_MAX) {
            reader_say(r, "no segment here");
            return;
        }
    }
    reader_speaker_only(r, filter_entry_of(r->filter, s));
}

static void context_toggle(reader *r)
{
    size_t anchor = view_anchor(r);
    r->context = !r->context;
    speakers_changed(r, anchor);
    if (!r->context)
        reader_say(r, "context off: hidden segments vanish");
    else if (filter_all_shown(r->filter))
        reader_say(r, "context on: it shows once speakers are hidden (1-9, S, s)");
    else
        reader_say(r, "context on: each hidden run is one dimmed line");
}

status reader_select_speakers(reader *r, const char *const *names, size_t n, size_t *unknown)
{
    size_t anchor = view_anchor(r);
    status st = filter_select(r->filter, names, n, unknown);
    if (st == ST_OK && n > 0)
        speakers_changed(r, anchor);
    return st;
}

/* ---- search ------------------------------------------------------------------------ */

/* The search's message, if it has one, as the reader's. */
static void say_found(reader *r)
{
    if (find_message(r->find)[0])
        reader_say(r, "%s", find_message(r->find));
}

void reader_prompt_open(reader *r, bool forward)
{
    r->message[0] = '\0';
    find_open(r->find, forward, r->top);
}

find_state reader_prompt_edit(reader *r, action a, int ch)
{
    r->message[0] = '\0';
    layout_pos top = r->top;
    find_state st = find_edit(r->find, a, ch, &top, reader_text_rows(r));
    r->top = top;
    if (st == FIND_ACCEPTED) {
        layout_pos origin = find_origin(r->find);
        if (layout_pos_cmp(origin, r->top) != 0)
            r->jump_from = origin; /* the search was one jump, however typed */
    }
    if (st != FIND_EDITING)
        r->focus = SIZE_MAX; /* as after a jump: the top segment is current */
    say_found(r);
    return st;
}

void reader_prompt_paste(reader *r, const char *text, size_t len)
{
    r->message[0] = '\0';
    layout_pos top = r->top;
    find_paste(r->find, text, len, &top, reader_text_rows(r));
    r->top = top;
    say_found(r);
}

void reader_search(reader *r, const char *pattern)
{
    layout_pos top = r->top;
    find_pattern(r->find, pattern, true, &top, reader_text_rows(r));
    if (layout_pos_cmp(top, r->top) != 0)
        reader_jump(r, top);
    say_found(r);
}

void reader_prepare_search(reader *r) { find_prepare(r->find); }

/* n and N. */
static void next_match(reader *r, bool same, long count)
{
    layout_pos top = r->top;
    if (find_next(r->find, same, count, &top, reader_text_rows(r)) &&
        layout_pos_cmp(top, r->top) != 0)
        reader_jump(r, top);
    say_found(r);
}

/* ---- dispatch ----------------------------------------------------------------- */

static const char *const mode_titles[LAYOUT_MODES] = {
    "side by side", "stacked", "Chinese only", "English only",
};

void reader_apply(reader *r, action a, long count)
{
    r->message[0] = '\0';
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
        reader_say(r, "layout: %s", mode_titles[r->mode]);
        break;
    case ACTION_SWAP_PANES:
        r->swap = !r->swap;
        apply_geometry(r);
        reader_say(r, "%s first", r->swap ? "English" : "Chinese");
        break;
    case ACTION_LEARNER: toggle_learner(r); break;
    case ACTION_MARK_SET: mark_set(r, count); break;
    case ACTION_MARK_GOTO: mark_goto(r, count); break;
    case ACTION_SEARCH_NEXT: next_match(r, true, count); break;
    case ACTION_SEARCH_PREV: next_match(r, false, count); break;
    case ACTION_SPEAKER_TOGGLE: reader_speaker_toggle(r, count > 0 ? (size_t)count - 1 : SIZE_MAX); break;
    case ACTION_SPEAKER_ALL: speaker_all(r); break;
    case ACTION_SPEAKER_ONLY: speaker_only_current(r); break;
    case ACTION_CONTEXT: context_toggle(r); break;
    case ACTION_UNKNOWN: reader_say(r, "no such key: h shows the keys"); break;
    default: break; /* not a move: the session's */
    }
    drop_lost_focus(r);
}
