/* panel — the speaker panel's rows: title, one row per entry, key hints. */
#include "panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "session.h"
#include "text.h"

/* Columns before an entry's name: cursor mark, "[x]", a space, the digit
 * key and a space (">[x] 1 "). */
#define PANEL_PREFIX 7
/* A name keeps at least this many columns before counts are dropped. */
#define PANEL_NAME_MIN 10
#define PANEL_GAP 2
#define PANEL_NUM_MAX 24

enum { COL_TURNS, COL_CHARS, COL_WORDS, PANEL_COLS };

static const char *const col_heads[PANEL_COLS] = {"turns", "chars", "words"};

/* Text a row needs kept until the next render (numbers, the title). */
typedef struct panel_text {
    char num[PANEL_COLS][PANEL_NUM_MAX];
    char key[4];
    char title[64];
} panel_text;

struct panel {
    text_widths tw;       /* names are measured as the terminal draws them */
    layout_row *rows;
    size_t *first;        /* first span of each row, nrows + 1 */
    panel_text *texts;
    size_t rows_cap, first_cap, texts_cap;
    layout_span *spans;
    size_t nspans, spans_cap;
    layout_frame frame;
};

panel *panel_new(const text_widths *tw)
{
    panel *p = calloc(1, sizeof *p);
    if (p && tw)
        p->tw = *tw;
    return p;
}

void panel_free(panel *p)
{
    if (!p)
        return;
    free(p->rows);
    free(p->first);
    free(p->texts);
    free(p->spans);
    free(p);
}

/* ---- geometry -------------------------------------------------------------------- */

/* The hint row is shown when everything fits with it, or when the text
 * area is tall enough that scrolling entries can spare it. */
static bool panel_has_hint(size_t n, int rows) { return (size_t)rows >= n + 2 || rows >= 6; }

int panel_entry_rows(size_t n, int rows)
{
    if (rows <= 1)
        return rows < 1 ? 0 : 1;
    int room = rows - 1 - panel_has_hint(n, rows);
    if (room < 1)
        room = 1;
    return n < (size_t)room ? (int)n : room;
}

int panel_height(size_t n, int rows)
{
    if (rows <= 1)
        return rows < 1 ? 0 : 1;
    return 1 + panel_entry_rows(n, rows) + panel_has_hint(n, rows);
}

/* ---- spans --------------------------------------------------------------------------- */

static bool panel_emit(panel *p, const char *s, size_t len, int col, int width, frame_style st,
                       int speaker)
{
    if (len == 0 || width <= 0)
        return true;
    if (!GROW(p->spans, p->spans_cap, p->nspans + 1))
        return false;
    p->spans[p->nspans++] =
        (layout_span){s, (uint32_t)len, col, width, col, (uint8_t)st, speaker, {0}};
    return true;
}

/* Emits the longest run of whole clusters of s that fits maxw columns;
 * returns the columns used, or -1 when memory runs out. */
static int panel_fit(panel *p, const char *s, int col, int maxw, frame_style st, int speaker)
{
    size_t len = strlen(s), i = 0;
    int w = 0;
    while (i < len) {
        size_t k = text_cluster_len(s + i, len - i);
        int adv = text_advance(&p->tw, s + i, k, w);
        if (w + adv > maxw)
            break;
        w += adv;
        i += k;
    }
    return panel_emit(p, s, i, col, w, st, speaker) ? w : -1;
}

/* Spaces in style st over columns [col, end): a bar under the title. */
static bool panel_fill(panel *p, int col, int end, frame_style st)
{
    static const char spaces[] = "                                                                ";
    while (col < end) {
        int n = end - col < (int)sizeof spaces - 1 ? end - col : (int)sizeof spaces - 1;
        if (!panel_emit(p, spaces, (size_t)n, col, n, st, -1))
            return false;
        col += n;
    }
    return true;
}

/* ---- columns --------------------------------------------------------------------------- */

typedef struct panel_cols {
    int w[PANEL_COLS]; /* width of each count column, 0 when dropped */
    int at[PANEL_COLS];
    int name_w;        /* columns for names */
} panel_cols;

static uint64_t count_of(const filter_state *f, const filter_count *c, size_t e, int col)
{
    switch (col) {
    case COL_TURNS: return f->entries[e].turns; /* a turn groups its segments */
    case COL_CHARS: return c ? c->chars : 0;
    default: return c ? c->words : 0;
    }
}

static int digits(uint64_t v)
{
    int n = 1;
    while (v >= 10)
        v /= 10, n++;
    return n;
}

static panel_cols panel_columns(const panel *p, filter_state *f, int width)
{
    panel_cols pc = {{0}, {0}, 0};
    int longest = 0;
    for (size_t e = 0; e < f->nentries; e++) {
        const char *name = filter_entry_name(f, e);
        int w = text_string_width(&p->tw, name, strlen(name));
        if (w > longest)
            longest = w;
        const filter_count *c = filter_counts(f, e);
        for (int k = 0; k < PANEL_COLS; k++) {
            int dw = digits(count_of(f, c, e, k));
            int hw = (int)strlen(col_heads[k]);
            int cw = dw > hw ? dw : hw;
            if (cw > pc.w[k])
                pc.w[k] = cw;
        }
    }
    int name_min = longest < PANEL_NAME_MIN ? longest : PANEL_NAME_MIN;
    for (int drop = PANEL_COLS - 1; drop >= 0; drop--) {
        int right = 0;
        for (int k = 0; k < PANEL_COLS; k++)
            right += pc.w[k] ? PANEL_GAP + pc.w[k] : 0;
        if (PANEL_PREFIX + name_min + right <= width)
            break;
        pc.w[drop] = 0;
    }
    int right = 0;
    for (int k = 0; k < PANEL_COLS; k++)
        right += pc.w[k] ? PANEL_GAP + pc.w[k] : 0;
    pc.name_w = width - PANEL_PREFIX - right;
    if (pc.name_w > longest)
        pc.name_w = longest;
    if (pc.name_w < 0)
        pc.name_w = 0;
    int col = PANEL_PREFIX + pc.name_w;
    for (int k = 0; k < PANEL_COLS; k++)
        if (pc.w[k]) {
            pc.at[k] = col + PANEL_GAP;
            col += PANEL_GAP + pc.w[k];
        }
    return pc;
}

/* ---- rows ------------------------------------------------------------------------------- */

/* The title, in the longest form that leaves the column heads room. */
static bool panel_title(panel *p, filter_state *f, const panel_cols *pc, panel_text *t, int width)
{
    int heads = width;
    for (int k = 0; k < PANEL_COLS; k++)
        if (pc->w[k] && pc->at[k] + pc->w[k] - (int)strlen(col_heads[k]) < heads)
            heads = pc->at[k] + pc->w[k] - (int)strlen(col_heads[k]);
    for (int form = 0; form < 3; form++) {
        if (form == 0 && filter_all_shown(f))
            snprintf(t->title, sizeof t->title, "Speakers: all %zu shown", f->nentries);
        else if (form == 0)
            snprintf(t->title, sizeof t->title, "Speakers: %zu of %zu shown", f->nshown,
                     f->nentries);
        else if (form == 1)
            snprintf(t->title, sizeof t->title, "Speakers %zu/%zu", f->nshown, f->nentries);
        else
            snprintf(t->title, sizeof t->title, "%zu/%zu", f->nshown, f->nentries);
        if ((int)strlen(t->title) + 2 <= heads)
            break;
    }
    if ((int)strlen(t->title) + 2 > heads) /* no form fits before the heads: the long one */
        snprintf(t->title, sizeof t->title, "Speakers: %zu of %zu shown", f->nshown, f->nentries);
    int used = panel_fit(p, t->title, 0, width, FRAME_STYLE_PANEL, -1);
    if (used < 0)
        return false;
    for (int k = 0; k < PANEL_COLS; k++) {
        if (!pc->w[k])
            continue;
        int hw = (int)strlen(col_heads[k]), at = pc->at[k] + pc->w[k] - hw;
        if (at < used + 2 || at + hw > width)
            continue;
        if (!panel_fill(p, used, at, FRAME_STYLE_PANEL) ||
            !panel_emit(p, col_heads[k], (size_t)hw, at, hw, FRAME_STYLE_PANEL, -1))
            return false;
        used = at + hw;
    }
    return panel_fill(p, used, width, FRAME_STYLE_PANEL);
}

static bool panel_entry(panel *p, filter_state *f, const panel_cols *pc, panel_text *t, size_t e,
                        bool selected, int width)
{
    const filter_entry *en = &f->entries[e];
    frame_style mark = selected ? FRAME_STYLE_SELECTED : FRAME_STYLE_NORMAL;
    if (selected && !panel_emit(p, ">", 1, 0, 1, mark, -1))
        return false;
    if (width >= 4 && !panel_emit(p, en->shown ? "[x]" : "[ ]", 3, 1, 3, mark, -1))
        return false;
    if (e < 9 && width >= PANEL_PREFIX) {
        snprintf(t->key, sizeof t->key, "%zu", e + 1);
        if (!panel_emit(p, t->key, 1, 5, 1, FRAME_STYLE_NORMAL, -1))
            return false;
    }
    const char *name = filter_entry_name(f, e);
    int name_col = width >= PANEL_PREFIX ? PANEL_PREFIX : width >= 5 ? 5 : width;
    int name_w = width >= PANEL_PREFIX ? pc->name_w : width - name_col;
    if (en->speaker >= 0) {
        if (panel_fit(p, name, name_col, name_w, FRAME_STYLE_HEADER, en->speaker) < 0)
            return false;
    } else if (panel_fit(p, name, name_col, name_w, FRAME_STYLE_NOTE, -1) < 0) {
        return false;
    }
    const filter_count *c = filter_counts(f, e);
    frame_style num = en->shown ? FRAME_STYLE_NORMAL : FRAME_STYLE_NOTE;
    for (int k = 0; k < PANEL_COLS; k++) {
        if (!pc->w[k])
            continue;
        int n = snprintf(t->num[k], sizeof t->num[k], "%llu",
                         (unsigned long long)count_of(f, c, e, k));
        int at = pc->at[k] + pc->w[k] - n;
        if (at + n <= width && !panel_emit(p, t->num[k], (size_t)n, at, n, num, -1))
            return false;
    }
    return true;
}

static bool panel_hint(panel *p, int width)
{
    static const char hint[] = "Space show/hide  a all  o only this  Enter close";
    int used = panel_fit(p, hint, 0, width, FRAME_STYLE_PANEL, -1);
    return used >= 0 && panel_fill(p, used, width, FRAME_STYLE_PANEL);
}

static bool panel_reserve(panel *p, size_t n)
{
    return GROW(p->rows, p->rows_cap, n) && GROW(p->first, p->first_cap, n + 1) &&
           GROW(p->texts, p->texts_cap, n);
}

const layout_frame *panel_render(panel *p, filter_state *f, size_t cur, size_t top, int width, int rows)
{
    int h = panel_height(f->nentries, rows), ne = panel_entry_rows(f->nentries, rows);
    if (width < 1)
        width = 1;
    if (!panel_reserve(p, h > 0 ? (size_t)h : 1))
        return NULL;
    panel_cols pc = panel_columns(p, f, width);
    p->nspans = 0;
    bool title = rows > 1;
    for (int r = 0; r < h; r++) {
        p->first[r] = p->nspans;
        p->rows[r].pos = (layout_pos){SIZE_MAX, r};
        bool ok;
        if (title && r == 0)
            ok = panel_title(p, f, &pc, &p->texts[r], width);
        else if (r < title + ne) {
            size_t e = top + (size_t)(r - title);
            ok = e >= f->nentries || panel_entry(p, f, &pc, &p->texts[r], e, e == cur, width);
        } else
            ok = panel_hint(p, width);
        if (!ok)
            return NULL;
    }
    p->first[h] = p->nspans;
    for (int r = 0; r < h; r++) {
        p->rows[r].spans = p->spans + p->first[r];
        p->rows[r].nspans = p->first[r + 1] - p->first[r];
    }
    p->frame = (layout_frame){p->rows, (size_t)h, width};
    return &p->frame;
}

/* ---- the panel as a mode ------------------------------------------------------------ */

typedef struct panel_state {
    size_t cur, top; /* the selected entry and the first shown:
                        top <= cur < top + panel_entry_rows */
    panel *rows;     /* the renderer (owned) */
} panel_state;

/* Keeps the selected entry among the rows shown. */
static void panel_keep_cursor(session *s, panel_state *ps)
{
    const reader *r = session_reader(s);
    size_t n = r->filter->nentries;
    int rows = panel_entry_rows(n, reader_text_rows(r));
    if (ps->cur >= n)
        ps->cur = n ? n - 1 : 0;
    if (rows < 1)
        rows = 1;
    if (ps->cur < ps->top)
        ps->top = ps->cur;
    if (ps->cur >= ps->top + (size_t)rows)
        ps->top = ps->cur - (size_t)rows + 1;
    if (n > (size_t)rows && ps->top > n - (size_t)rows)
        ps->top = n - (size_t)rows;
    if (n <= (size_t)rows)
        ps->top = 0;
}

static void panel_open(session *s, void *st)
{
    panel_state *ps = st;
    const reader *r = session_reader(s);
    size_t seg = reader_current_segment(r);
    ps->cur = seg < r->d->nsegments ? filter_entry_of(r->filter, seg) : 0;
    ps->rows = panel_new(session_widths(s));
    if (!ps->rows) {
        session_pop(s);
        return;
    }
    panel_keep_cursor(s, ps);
}

static void panel_close(session *s, void *st)
{
    (void)s;
    panel_free(((panel_state *)st)->rows);
}

static void panel_move(session *s, panel_state *ps, long delta)
{
    long n = (long)session_reader(s)->filter->nentries, c = (long)ps->cur + delta;
    ps->cur = (size_t)(c < 0 ? 0 : c >= n ? (n > 0 ? n - 1 : 0) : c);
    panel_keep_cursor(s, ps);
}

static void panel_apply(session *s, void *st, action a, long arg)
{
    panel_state *ps = st;
    reader *r = session_reader(s);
    long n = (long)r->filter->nentries;
    int page = panel_entry_rows(r->filter->nentries, reader_text_rows(r));
    r->message[0] = '\0';
    switch (a) {
    case ACTION_LINE_DOWN: panel_move(s, ps, 1); break;
    case ACTION_LINE_UP: panel_move(s, ps, -1); break;
    case ACTION_PAGE_DOWN: panel_move(s, ps, page); break;
    case ACTION_PAGE_UP: panel_move(s, ps, -page); break;
    case ACTION_TOP: panel_move(s, ps, -n); break;
    case ACTION_BOTTOM: panel_move(s, ps, n); break;
    case ACTION_PANEL_TOGGLE: reader_speaker_toggle(r, ps->cur); break;
    case ACTION_SPEAKER_TOGGLE: reader_speaker_toggle(r, arg > 0 ? (size_t)arg - 1 : SIZE_MAX); break;
    case ACTION_PANEL_ONLY: reader_speaker_only(r, ps->cur); break;
    case ACTION_SPEAKER_ALL:
    case ACTION_CONTEXT: reader_apply(r, a, 0); break;
    case ACTION_CLOSE: session_pop(s); break;
    case ACTION_REDRAW: session_request(s, SESSION_REPAINT); break;
    case ACTION_SUSPEND: session_request(s, SESSION_SUSPEND); break;
    case ACTION_QUIT: session_request(s, SESSION_QUIT); break;
    default: reader_say(r, "Space shows or hides, a all, o only this; Enter closes"); break;
    }
}

/* Clicks do nothing (the panel covers the text); the wheel scrolls the text. */
static bool panel_mouse(session *s, void *st, const session_event *ev)
{
    (void)s;
    (void)st;
    return ev->wheel == 0;
}

static void panel_draw(session *s, void *st, frame *f)
{
    panel_state *ps = st;
    reader *r = session_reader(s);
    int rows = reader_text_rows(r);
    panel_keep_cursor(s, ps);
    const layout_frame *pf = panel_render(ps->rows, r->filter, ps->cur, ps->top, r->width, rows);
    for (int y = 0; pf && (size_t)y < pf->nrows && y < rows; y++)
        session_draw_row(s, f, y, &pf->rows[y], SIZE_MAX);
}

const mode_ops panel_mode = {
    .name = "panel",
    .keys = ACTION_MAP_PANEL,
    .state_size = sizeof(panel_state),
    .open = panel_open,
    .close = panel_close,
    .apply = panel_apply,
    .draw = panel_draw,
    .mouse = panel_mouse,
};
