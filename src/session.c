/* session — events to the modes on the stack, the frame from them, and
 * what lies around the reader: start-up, resuming, the clipboard, and the
 * preview of a transcript still loading. */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clip.h"
#include "loader.h"
#include "state.h"

#define SESSION_DEPTH 8       /* modes on the stack at most */
#define SESSION_QUEUE_MAX 64  /* keys that wait for the whole transcript */

typedef struct session_mode {
    const mode_ops *ops;
    void *state;
    action_parser keys; /* a count, a mark's letter, a lone digit typed so far (ops->counts) */
} session_mode;

struct session {
    reader *r;
    session_config cfg;
    text_decoded name;            /* the file name as the status line shows it */
    session_mode stack[SESSION_DEPTH];
    size_t depth;                 /* >= 1: reading at the bottom */
    frame frame;
    unsigned long changes, drawn; /* the frame is current while drawn == changes */
    bool frame_ok;
    session_requests req;
    char *out;                    /* req.out's storage */
    /* resuming */
    uint64_t key;                 /* the transcript's key in the positions file */
    bool keyed;
    bool prepared;                /* folding for search has started */
    /* a preview while the whole loads */
    struct loader *l;             /* NULL once the whole is in (or with none) */
    bool stream;                  /* l reads a pipe as it comes: its documents
                                     are of the same text, growing */
    bool going;                   /* loader_go was called */
    doc *preview, *whole;         /* owned */
    int queue[SESSION_QUEUE_MAX]; /* keys waiting for the whole, in order */
    size_t queued;
    bool moved;                   /* a key moved the preview: no resuming */
    status load_st;
    format_report load_rep;
};

/* ---- the mode stack ------------------------------------------------------------- */

reader *session_reader(session *s) { return s->r; }

const text_widths *session_widths(const session *s) { return &s->cfg.widths; }

static session_mode *top_mode(const session *s) { return (session_mode *)&s->stack[s->depth - 1]; }

void session_push(session *s, const mode_ops *m)
{
    if (s->depth == SESSION_DEPTH)
        return;
    void *st = calloc(1, m->state_size ? m->state_size : 1);
    if (!st) {
        reader_say(s->r, "out of memory");
        return;
    }
    s->stack[s->depth] = (session_mode){m, st, {0}};
    action_parser_reset(&s->stack[s->depth++].keys);
    if (m->open)
        m->open(s, st);
}

void session_pop(session *s)
{
    if (s->depth <= 1)
        return;
    session_mode *t = top_mode(s);
    if (t->ops->close)
        t->ops->close(s, t->state);
    free(t->state);
    s->depth--;
}

void session_request(session *s, session_need r)
{
    switch (r) {
    case SESSION_QUIT: s->req.quit = true; break;
    case SESSION_SUSPEND: s->req.suspend = true; break;
    case SESSION_REPAINT: s->req.repaint = true; break;
    }
}

size_t session_pending(const session *s, char *buf, size_t cap)
{
    const session_mode *t = top_mode(s);
    if (cap)
        buf[0] = '\0';
    if (t->ops->pending)
        return t->ops->pending(s, t->state, buf, cap);
    return t->ops->counts ? action_parser_pending(&t->keys, buf, cap) : 0;
}

/* A key to the top mode: its own key function, its parser, or its table. */
static void session_key(session *s, int key)
{
    session_mode *t = top_mode(s);
    if (t->ops->key) {
        t->ops->key(s, t->state, key);
        return;
    }
    if (t->ops->counts) {
        action_event ev[ACTION_EVENTS_MAX];
        size_t n = action_parse(&t->keys, t->ops->keys, key, ev), at = s->depth - 1;
        for (size_t i = 0; i < n && s->depth > at; i++) /* both the parsing mode's, while it is there */
            s->stack[at].ops->apply(s, s->stack[at].state, ev[i].action, ev[i].count);
        return;
    }
    action a = action_lookup(t->ops->keys, key);
    long arg = a == ACTION_UNKNOWN ? key : key >= '0' && key <= '9' ? key - '0' : 0;
    t->ops->apply(s, t->state, a, arg);
}

/* A paste to the top mode, or dropped (with a note) where it takes none:
 * pasted text is never keys. */
static void session_paste(session *s, const char *text, size_t len)
{
    session_mode *t = top_mode(s);
    if (t->ops->paste)
        t->ops->paste(s, t->state, text, len);
    else
        reader_say(s->r, "paste ignored: paste into the / or : prompt");
}

/* The size drawn for a width x height terminal (SESSION_MAX_* at most),
 * into *w and *h; writes what to say about it into note ("" when all of it
 * is drawn). */
static void session_clamp(int width, int height, int *w, int *h, char *note, size_t cap)
{
    *w = width > SESSION_MAX_WIDTH ? SESSION_MAX_WIDTH : width;
    *h = height > SESSION_MAX_HEIGHT ? SESSION_MAX_HEIGHT : height;
    note[0] = '\0';
    if (*w != width || *h != height)
        snprintf(note, cap, "terminal %dx%d: showing %dx%d of it", width, height,
                 *w, *h);
}

/* ---- the clipboard ------------------------------------------------------------------ */

void session_copy(session *s)
{
    reader *r = s->r;
    size_t seg = reader_current_segment(r);
    if (seg >= r->d->nsegments) {
        reader_say(r, "no segment here to copy");
        return;
    }
    if (!s->cfg.clipboard) { /* the Linux console would print it */
        reader_say(r, "TERM=%.30s has no clipboard escape: nothing copied", s->cfg.term);
        return;
    }
    const char *name = s->name.buf ? s->name.buf : "";
    size_t need = clip_quote(r->d, seg, name, NULL, 0), len = 0;
    bool cut = false;
    char *quote = malloc(need + 1), *seq = NULL;
    if (quote) {
        clip_quote(r->d, seg, name, quote, need + 1);
        seq = clip_osc52(quote, need, &len, &cut);
    }
    free(quote);
    if (!seq) {
        reader_say(r, "out of memory: nothing copied");
        return;
    }
    free(s->out);
    s->out = seq;
    s->req.out = seq;
    s->req.out_len = len;
    reader_say(r, "segment %zu copied to the clipboard%s", seg + 1, cut ? " (cut to 32 KiB)" : "");
}

void session_output_failed(session *s)
{
    reader_say(s->r, "segment %zu: could not write the copy", reader_current_segment(s->r) + 1);
    s->changes++;
}

session_requests session_take(session *s)
{
    session_requests q = s->req;
    s->req = (session_requests){0};
    return q;
}

/* ---- resuming ---------------------------------------------------------------------- */

/* The transcript's key in the positions file, computed once. */
static uint64_t session_key_of(session *s)
{
    if (!s->keyed) {
        s->key = state_key(s->r->d);
        s->keyed = true;
    }
    return s->key;
}

static bool session_resumes(const session *s)
{
    return s->cfg.state_path && s->cfg.state_path[0];
}

/* Opens where the transcript was left, unless --segment or --search says
 * where to start; writes what to say about it into note. */
static void session_resume(session *s, char *note, size_t cap)
{
    note[0] = '\0';
    if (!session_resumes(s) || s->cfg.segment > 0 || s->cfg.search)
        return;
    long seg;
    state_health health;
    status st = state_load(s->cfg.state_path, session_key_of(s), s->r->d, &seg, &health);
    if (st != ST_OK)
        snprintf(note, cap, "cannot read the positions file: %s", status_message(st));
    else if (seg > 1 && (size_t)seg <= s->r->d->nsegments) {
        reader_apply(s->r, ACTION_GOTO_SEGMENT, seg);
        snprintf(note, cap, "back at segment %ld, where you left off", seg);
    }
    if (st == ST_OK && health == STATE_DAMAGED) {
        size_t n = strlen(note);
        snprintf(note + n, cap - n, "%sdamaged state file ignored (duet/positions)", n ? "; " : "");
    } else if (st == ST_OK && health == STATE_UNSAFE) {
        snprintf(note, cap, "positions file not yours alone: ignored, not replaced (duet/positions)");
    }
}

/* On the way out: the current segment (quietly: a state directory that
 * cannot be written costs only the position). */
static void session_remember(session *s)
{
    size_t n = s->r->d->nsegments, cur = reader_current_segment(s->r);
    if (session_resumes(s) && n > 0)
        state_save(s->cfg.state_path, session_key_of(s), s->r->d, (long)(cur < n ? cur + 1 : n),
                   (long long)time(NULL), STATE_MAX_ENTRIES);
}

/* ---- start and end -------------------------------------------------------------- */

/* The start-up place: --segment, --speaker, where it was left, --search. */
static void session_start(session *s, char *said, size_t cap)
{
    reader *r = s->r;
    char resumed[96];
    if (s->cfg.segment > 0) /* the segment's own number: before the filter counts */
        reader_apply(r, ACTION_GOTO_SEGMENT, s->cfg.segment);
    size_t unknown; /* main checked the names */
    reader_select_speakers(r, s->cfg.speakers, s->cfg.nspeakers, &unknown);
    session_resume(s, resumed, sizeof resumed);
    snprintf(said, cap, "%s", resumed);
    if (s->cfg.search && s->cfg.search[0]) { /* among the speakers shown; says when not found */
        reader_search(r, s->cfg.search);
        snprintf(said, cap, "%s", r->message); /* --search does not resume */
    }
}

session *session_new(doc *d, struct loader *l, const session_config *c, int width, int height)
{
    session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cfg = *c;
    s->l = l;
    s->stream = l && loader_reading(l);
    s->preview = l ? d : NULL;
    const char *path = d->nsources ? d->sources[0].path : "";
    char clamped[96];
    session_clamp(width, height, &width, &height, clamped, sizeof clamped);
    s->r = reader_new(d, &c->widths, width, height, c->layout);
    if (!s->r || !text_decode(path, strlen(path), &s->name)) {
        reader_free(s->r); /* the caller still holds d and the load */
        free(s);
        return NULL;
    }
    for (size_t i = 0; i < s->name.len; i++)
        if (s->name.buf[i] == '\n')
            s->name.buf[i] = ' ';
    s->depth = 0;
    session_push(s, &reading_mode);
    char said[READER_MESSAGE_MAX] = "";
    if (l)
        session_push(s, &loading_mode); /* what needs the whole waits for it */
    else
        session_start(s, said, sizeof said);
    const char *note = c->note;
    if (clamped[0]) { /* after what start-up said */
        size_t n = strlen(said);
        snprintf(said + n, sizeof said - n, "%s%s", n ? "; " : "", clamped);
    }
    if (note || said[0]) /* both: the locale (or terminal) first */
        reader_say(s->r, "%.64s%s%.90s", note ? note : "", note && said[0] ? "; " : "", said);
    s->changes = 1;
    return s;
}

void session_free(session *s)
{
    if (!s)
        return;
    if (s->r && !s->l && !s->preview) /* a preview's place is not the transcript's */
        session_remember(s);
    while (s->depth > 1)
        session_pop(s);
    if (s->depth)
        free(s->stack[0].state);
    reader_free(s->r);
    text_decoded_free(&s->name);
    loader_abandon(s->l); /* q while loading: the load is left behind */
    doc_free(s->preview);
    doc_free(s->whole);
    frame_free(&s->frame);
    free(s->out);
    free(s);
}

void session_idle(session *s)
{
    if (s->l && !s->going) { /* the first screen is out: now the whole */
        loader_go(s->l);
        s->going = true;
    }
    if (!s->l && !s->prepared) { /* fold for search meanwhile */
        reader_prepare_search(s->r);
        s->prepared = true;
    }
}

/* ---- while the whole transcript loads ------------------------------------------- */

bool session_loading(const session *s) { return s->l != NULL; }

const char *session_loading_note(const session *s)
{
    return !s->l ? "" : loader_reading(s->l) ? "reading\xE2\x80\xA6" : "loading\xE2\x80\xA6";
}

int session_load_fd(const session *s) { return s->l ? loader_fd(s->l) : -1; }

status session_load_status(const session *s, format_report *rep)
{
    if (rep)
        *rep = s->load_rep;
    return s->load_st;
}

void session_defer(session *s, int key)
{
    if (s->queued < SESSION_QUEUE_MAX)
        s->queue[s->queued++] = key;
}

bool session_deferring(const session *s) { return s->queued > 0; }

void session_moved(session *s) { s->moved = true; }

/* Where the preview's row `top` is in a layout of the whole: the same row
 * of the same block (a preview's blocks are the whole's first ones, notes
 * and segments alike: preview.h). */
static layout_pos session_same_place(const reader *from, layout *to)
{
    size_t b = from->top.block;
    if (b >= layout_nblocks(to))
        return layout_first(to);
    return layout_scroll(to, layout_block_start(to, b), from->top.row, NULL);
}

/* Where `from`'s top is in a reader `to` of a document made of the same
 * text, however differently it was laid out (a stream's documents, and its
 * whole, are made of what came, growing): the segment at the place in the
 * text where the top segment begins (state.h), at the same row of it. A
 * note on top (the text before the first turn) keeps its block. */
static layout_pos session_same_text(const reader *from, reader *to)
{
    size_t b = from->top.block;
    if (b >= layout_nblocks(from->L) || layout_nblocks(to->L) == 0)
        return layout_first(to->L);
    layout_block blk = layout_block_at(from->L, b);
    if (blk.kind != LAYOUT_BLOCK_SEGMENT || to->d->nsegments == 0)
        return session_same_place(from, to->L);
    state_place p = state_place_of(from->d, blk.index);
    size_t seg = state_segment_at(to->d, &p);
    return layout_scroll(to->L, layout_block_start(to->L, layout_segment_block(to->L, seg)),
                         from->top.row, NULL);
}

/* A reader of d (which the session takes) in place of the current one, at
 * the same place (the same text for a stream, else the same block and
 * row), with the same layout; NULL when memory runs out. A preview's
 * message stays (the whole shows what it showed); a stream's document says
 * its own (one language so far, and then not). */
static reader *session_reader_of(session *s, const doc *d)
{
    reader *r = s->r;
    reader *nr = reader_new(d, &s->cfg.widths, r->width, r->height, r->mode_auto ? -1 : (int)r->mode);
    if (!nr)
        return NULL;
    nr->top = s->stream ? session_same_text(r, nr) : session_same_place(r, nr->L);
    if (!s->stream)
        memcpy(nr->message, r->message, sizeof nr->message);
    return nr;
}

/* A stream's document of what has come takes the place of the one shown
 * (still a preview: what needs the whole waits for its end). */
static void session_grow(session *s, doc *d)
{
    reader *nr = session_reader_of(s, d);
    if (!nr) {
        doc_free(d);
        return;
    }
    reader_free(s->r);
    s->r = nr;
    doc_free(s->preview);
    s->preview = d;
}

/* The whole transcript is in: a reader of it takes the preview's place at
 * the same segment and row (with the layout it was opened with), resumes
 * where the transcript was left unless a key moved already, then gets the
 * keys that waited. Should the load fail, the session asks to quit and
 * session_load_status says why. */
static void session_swap(session *s)
{
    reader *r = s->r;
    s->load_st = loader_finish(s->l, &s->whole, &s->load_rep, s->cfg.files);
    s->l = NULL;
    reader *nr = s->load_st == ST_OK ? session_reader_of(s, s->whole) : NULL;
    if (!nr) {
        if (s->load_st == ST_OK)
            s->load_st = ST_NO_MEMORY;
        session_request(s, SESSION_QUIT);
        return;
    }
    if (s->queued) /* "loading…" is over */
        nr->message[0] = '\0';
    s->r = nr;
    reader_free(r);
    doc_free(s->preview);
    s->preview = NULL;
    session_pop(s); /* loading */
    if (!s->moved) {
        char resumed[96];
        session_resume(s, resumed, sizeof resumed);
        if (resumed[0])
            reader_say(nr, "%s", resumed);
    }
    for (size_t i = 0; i < s->queued && !s->req.quit; i++)
        session_key(s, s->queue[i]);
    s->queued = 0;
}

/* ---- events ------------------------------------------------------------------------- */

void session_handle(session *s, const session_event *ev)
{
    switch (ev->kind) {
    case SESSION_KEY:
        session_key(s, ev->key);
        break;
    case SESSION_MOUSE:
        for (size_t i = s->depth; i-- > 0;) {
            session_mode *m = &s->stack[i];
            if (m->ops->mouse && m->ops->mouse(s, m->state, ev))
                break;
        }
        break;
    case SESSION_RESIZE: {
        int w, h;
        char clamped[96];
        session_clamp(ev->width, ev->height, &w, &h, clamped, sizeof clamped);
        reader_resize(s->r, w, h);
        if (clamped[0])
            reader_say(s->r, "%s", clamped);
        break;
    }
    case SESSION_PASTE:
        session_paste(s, ev->text ? ev->text : "", ev->len);
        break;
    case SESSION_LOADED: {
        if (!s->l)
            return;
        doc *grown = loader_take_partial(s->l); /* (taken before asking loader_done) */
        if (loader_done(s->l)) {
            doc_free(grown);
            session_swap(s);
        } else if (grown) {
            session_grow(s, grown);
        } else {
            return;
        }
        break;
    }
    case SESSION_TIMER: { /* no key in time: a lone digit is a key of its own */
        session_mode *t = top_mode(s);
        action_event late = action_parser_timeout(&t->keys, t->ops->keys);
        if (late.action != ACTION_NONE)
            t->ops->apply(s, t->state, late.action, late.count);
        break;
    }
    }
    s->changes++;
}

int session_wait_ms(const session *s)
{
    const session_mode *t = top_mode(s);
    return t->ops->counts && action_parser_waiting(&t->keys, t->ops->keys) ? ACTION_DIGIT_TIMEOUT_MS : -1;
}

unsigned long session_changes(const session *s) { return s->changes; }

/* ---- the frame -------------------------------------------------------------------- */

void session_draw_row(session *s, frame *f, int y, const layout_row *row, size_t current)
{
    const reader *r = s->r;
    const doc *d = r->d;
    bool focus = reader_row_is_focus(r, row);
    frame_clear_row(f, y);
    for (size_t i = 0; i < row->nspans; i++) {
        const layout_span *sp = &row->spans[i];
        if (row->pos.block != SIZE_MAX && reader_learner_hides(r, current, row->pos.block, sp))
            continue;
        bool named = sp->speaker >= 0 && (size_t)sp->speaker < d->nspeakers;
        frame_span fs = {sp->text, sp->len, sp->col, sp->width, sp->origin, sp->style,
                         (int8_t)(named ? d->speakers[sp->speaker].colour & 7 : -1),
                         focus && sp->style != FRAME_STYLE_DIVIDER ? FRAME_REVERSE : 0};
        frame_add(f, y, fs);
    }
}

const frame *session_frame(session *s)
{
    if (s->frame_ok && s->drawn == s->changes)
        return &s->frame;
    frame *f = &s->frame;
    s->frame_ok = frame_reset(f, s->r->width, s->r->height);
    if (!s->frame_ok)
        return NULL;
    s->drawn = s->changes;
    if (f->width < 20 || f->height < 5) {
        frame_put(f, &s->cfg.widths, 0, 0, "terminal too small (20x5 at least)", f->width,
                  FRAME_STYLE_NORMAL, -1);
        return f;
    }
    for (size_t i = 0; i < s->depth; i++)
        if (s->stack[i].ops->draw)
            s->stack[i].ops->draw(s, s->stack[i].state, f);
    return f;
}

const char *session_name(const session *s) { return s->name.buf ? s->name.buf : ""; }
