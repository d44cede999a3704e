/* layout — blocks, lazy wrapping, scroll arithmetic and rows of spans.
 *
 * Everything a key touches is local: a position names a block, heights
 * and wrapped lines are computed for the blocks a call walks over and
 * cached, so a keystroke on a 10 MB transcript costs what is on screen. */
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "text.h"
#include "timecode.h"
#include "wrap.h"

/* The wrapped lines of one text at one width; width 0: not wrapped yet. */
typedef struct wrap_entry {
    int width;
    uint32_t n;
    wrap_line *v;
} wrap_entry;

/* A cached block height, valid while gen equals the layout's. */
typedef struct height_entry {
    uint32_t gen;
    int h;
} height_entry;

/* Generated header text lives here until the frame is replaced: up to two
 * panes per row. */
typedef struct header_text {
    char segno[24];
    char time[TIMECODE_TEXT_MAX];
    char context[40]; /* "... (+N) " of a context row */
} header_text;

struct layout {
    const doc *d;
    text_widths tw;               /* the terminal's widths, fixed for the layout's life */
    layout_block *blocks;
    size_t nblocks;
    size_t *seg_block;            /* block of each segment */
    size_t *note_block;           /* block of each note */
    wrap_entry *wraps[LANG_SIDES]; /* per paragraph */
    wrap_entry *note_wraps;       /* per note */
    int8_t *note_lang;            /* per note: lang_id, or -1 before detection */
    height_entry *heights;        /* per block */
    uint32_t gen;                 /* starts at 1: a zeroed entry is stale */
    layout_geom g;
    layout_hooks hooks;
    /* the frame being built and handed out */
    layout_row *rows;
    size_t rows_cap, row_first_cap;
    size_t *row_first; /* first span index of each row while building */
    layout_span *spans;
    size_t nspans, spans_cap;
    header_text *hts; /* two per row (one per pane) */
    size_t hts_cap;
    layout_frame frame;
    /* what a text shows as when memory runs out while wrapping it: one
     * line, cut at the pane's edge when drawn (valid until the next wrap) */
    wrap_line whole;
    wrap_entry unwrapped;
};

static const char *const mode_names[LAYOUT_MODES] = {"side", "stack", "zh", "en"};

const char *layout_mode_name(layout_mode m)
{
    return m < LAYOUT_MODES ? mode_names[m] : "?";
}

/* ---- geometry -------------------------------------------------------------- */

static layout_geom geom_for(int width, layout_mode mode, bool swap)
{
    layout_geom g = {.width = width < 1 ? 1 : width, .mode = mode, .swap = swap, .divider = -1};
    if (mode == LAYOUT_SIDE) {
        int gutter = g.width >= 9 ? 1 : 0; /* a space each side of the divider */
        g.left_col = 0;
        g.left_w = (g.width - 1 - 2 * gutter) / 2;
        g.divider = g.left_w + gutter;
        g.right_col = g.divider + 1 + gutter;
        g.right_w = g.width - g.right_col;
    } else {
        g.left_col = 0;
        g.left_w = g.width;
        g.right_col = g.width;
        g.right_w = 0;
    }
    return g;
}

layout_mode layout_default_mode(const doc *d, int width)
{
    lang_id langs[LANG_SIDES];
    if (doc_languages(d, langs) == 1)
        return langs[0] == LANG_ZH ? LAYOUT_ZH : LAYOUT_EN;
    layout_geom g = geom_for(width, LAYOUT_SIDE, false);
    return g.left_w >= LAYOUT_SIDE_MIN_PANE && g.right_w >= LAYOUT_SIDE_MIN_PANE ? LAYOUT_SIDE
                                                                                 : LAYOUT_STACK;
}

layout_geom layout_geometry(const layout *L) { return L->g; }

/* The language shown first (left pane, or upper part of a stack) and second. */
static lang_id first_lang(const layout *L)
{
    switch (L->g.mode) {
    case LAYOUT_ZH: return LANG_ZH;
    case LAYOUT_EN: return LANG_EN;
    default: return L->g.swap ? LANG_EN : LANG_ZH;
    }
}

static lang_id other_lang(lang_id l) { return l == LANG_ZH ? LANG_EN : LANG_ZH; }

/* ---- lifetime ------------------------------------------------------------------ */

/* Blocks in reading order: before each segment p the notes whose position
 * is p (in document order), then the segment; the notes placed after the
 * last segment at the end. */
static bool build_blocks(layout *L)
{
    const doc *d = L->d;
    size_t nseg = d->nsegments, nn = d->nnotes;
    L->nblocks = nseg + nn;
    L->blocks = calloc(L->nblocks ? L->nblocks : 1, sizeof *L->blocks);
    L->seg_block = calloc(nseg ? nseg : 1, sizeof *L->seg_block);
    L->note_block = calloc(nn ? nn : 1, sizeof *L->note_block);
    size_t *count = calloc(nseg + 2, sizeof *count); /* notes per position */
    if (!L->blocks || !L->seg_block || !L->note_block || !count) {
        free(count);
        return false;
    }
    for (size_t i = 0; i < nn; i++) {
        size_t p = d->notes[i].position > nseg ? nseg : d->notes[i].position;
        count[p + 1]++;
    }
    for (size_t p = 1; p <= nseg + 1; p++) /* count[p]: notes before position p */
        count[p] += count[p - 1];
    /* Block of the first note at position p is count[p] + p (p segments come
     * before it); segment p follows its notes. */
    size_t *next = calloc(nseg + 1, sizeof *next);
    if (!next) {
        free(count);
        return false;
    }
    for (size_t i = 0; i < nn; i++) {
        size_t p = d->notes[i].position > nseg ? nseg : d->notes[i].position;
        size_t b = count[p] + p + next[p]++;
        L->blocks[b] = (layout_block){LAYOUT_BLOCK_NOTE, i};
        L->note_block[i] = b;
    }
    for (size_t s = 0; s < nseg; s++) {
        size_t b = count[s + 1] + s;
        L->blocks[b] = (layout_block){LAYOUT_BLOCK_SEGMENT, s};
        L->seg_block[s] = b;
    }
    free(next);
    free(count);
    return true;
}

layout *layout_new(const doc *d, const text_widths *tw)
{
    layout *L = calloc(1, sizeof *L);
    if (!L)
        return NULL;
    L->d = d;
    L->tw = tw ? *tw : (text_widths){0};
    L->gen = 1;
    L->g = geom_for(80, LAYOUT_SIDE, false);
    bool ok = build_blocks(L);
    for (int l = 0; l < LANG_SIDES; l++) {
        L->wraps[l] = calloc(d->nparas[l] ? d->nparas[l] : 1, sizeof *L->wraps[l]);
        ok = ok && L->wraps[l];
    }
    L->note_wraps = calloc(d->nnotes ? d->nnotes : 1, sizeof *L->note_wraps);
    L->note_lang = malloc(d->nnotes ? d->nnotes : 1);
    L->heights = calloc(L->nblocks ? L->nblocks : 1, sizeof *L->heights);
    if (!ok || !L->note_wraps || !L->note_lang || !L->heights) {
        layout_free(L);
        return NULL;
    }
    memset(L->note_lang, -1, d->nnotes ? d->nnotes : 1);
    return L;
}

static void wraps_free(wrap_entry *w, size_t n)
{
    if (!w)
        return;
    for (size_t i = 0; i < n; i++)
        free(w[i].v);
    free(w);
}

void layout_free(layout *L)
{
    if (!L)
        return;
    for (int l = 0; l < LANG_SIDES; l++)
        wraps_free(L->wraps[l], L->d->nparas[l]);
    wraps_free(L->note_wraps, L->d->nnotes);
    free(L->note_lang);
    free(L->heights);
    free(L->blocks);
    free(L->seg_block);
    free(L->note_block);
    free(L->rows);
    free(L->row_first);
    free(L->spans);
    free(L->hts);
    free(L);
}

size_t layout_nblocks(const layout *L) { return L->nblocks; }

layout_block layout_block_at(const layout *L, size_t b) { return L->blocks[b]; }

size_t layout_segment_block(const layout *L, size_t segment) { return L->seg_block[segment]; }

size_t layout_note_block(const layout *L, size_t note) { return L->note_block[note]; }

bool layout_segment_visible(const layout *L, size_t segment)
{
    return !L->hooks.hidden || !L->hooks.hidden(L->hooks.hidden_ctx, segment);
}

/* ---- wrapping (lazy, cached per width) ------------------------------------------- */

static const wrap_entry *wrapped(layout *L, wrap_entry *e, const char *text, size_t len, int width)
{
    if (width < 1)
        width = 1;
    if (e->width == width)
        return e;
    free(e->v);
    e->v = NULL;
    size_t n = wrap_text(&L->tw, text, len, width, &e->v);
    if (n == 0) { /* out of memory: one line, cut at the pane's edge when drawn */
        L->whole = (wrap_line){0, (uint32_t)len, (uint32_t)width + 1};
        e->width = 0;
        e->n = 1;
        e->v = NULL;
        L->unwrapped = (wrap_entry){width, 1, &L->whole};
        return &L->unwrapped;
    }
    e->width = width;
    e->n = (uint32_t)n;
    return e;
}

static const wrap_entry *para_wrapped(layout *L, lang_id l, size_t i, int width)
{
    const doc_para *p = &L->d->paras[l][i];
    return wrapped(L, &L->wraps[l][i], p->text, p->len, width);
}

static const wrap_entry *note_wrapped(layout *L, size_t i, int width)
{
    const doc_note *n = &L->d->notes[i];
    return wrapped(L, &L->note_wraps[i], n->text, n->len, width);
}

/* The language a note is written in (detected once): a note goes in the
 * pane of its language. */
static lang_id note_lang(layout *L, size_t i)
{
    if (L->note_lang[i] < 0) {
        const doc_note *n = &L->d->notes[i];
        L->note_lang[i] = (int8_t)lang_detect(n->text, n->len);
    }
    return (lang_id)L->note_lang[i];
}

/* ---- the lines of one side of a segment -------------------------------------- */

/* Is there a blank line before paragraph k of segment s in language l?
 * Between two paragraphs, unless both are timed (subtitle cues of one
 * turn read as one block of lines, one cue per line). */
static bool side_gap(const layout *L, const doc_segment *s, lang_id l, uint32_t k)
{
    if (k == 0)
        return false;
    const doc_para *p = &L->d->paras[l][s->first[l] + k];
    return p->start_ms < 0 || p[-1].start_ms < 0;
}

/* Display lines of segment s in language l at width w: its paragraphs'
 * lines with one blank line between two paragraphs (side_gap). */
static int side_lines(layout *L, const doc_segment *s, lang_id l, int w)
{
    int n = 0;
    for (uint32_t k = 0; k < s->count[l]; k++)
        n += (int)para_wrapped(L, l, s->first[l] + k, w)->n + side_gap(L, s, l, k);
    return n;
}

/* Line i of that sequence: true with *para and *line set, false for a
 * blank separator (or i out of range). */
static bool side_line_at(layout *L, const doc_segment *s, lang_id l, int w, int i, size_t *para,
                         const wrap_line **line)
{
    for (uint32_t k = 0; k < s->count[l]; k++) {
        if (side_gap(L, s, l, k) && i-- == 0)
            return false;
        size_t pi = s->first[l] + k;
        const wrap_entry *e = para_wrapped(L, l, pi, w);
        if (i < (int)e->n) {
            *para = pi;
            *line = &e->v[i];
            return true;
        }
        i -= (int)e->n;
    }
    return false;
}

/* ---- heights ----------------------------------------------------------------- */

static bool block_hidden(const layout *L, size_t b)
{
    return L->blocks[b].kind == LAYOUT_BLOCK_SEGMENT && !layout_segment_visible(L, L->blocks[b].index);
}

/* Where a note goes in side mode: the pane of its language. */
static bool note_in_right_pane(layout *L, size_t note)
{
    lang_id nl = note_lang(L, note);
    return L->g.mode == LAYOUT_SIDE && nl != LANG_NONE && nl != first_lang(L);
}

static int note_width(layout *L, size_t note)
{
    return note_in_right_pane(L, note) ? L->g.right_w : L->g.left_w;
}

static int compute_height(layout *L, size_t b)
{
    layout_block blk = L->blocks[b];
    if (block_hidden(L, b)) /* a run of hidden segments: one context row or nothing */
        return L->hooks.context && (b == 0 || !block_hidden(L, b - 1)) ? 1 : 0;
    if (blk.kind == LAYOUT_BLOCK_NOTE)
        return 2 + (int)note_wrapped(L, blk.index, note_width(L, blk.index))->n;
    const doc_segment *s = &L->d->segments[blk.index];
    lang_id a = first_lang(L), z = other_lang(a);
    switch (L->g.mode) {
    case LAYOUT_SIDE: {
        int na = side_lines(L, s, a, L->g.left_w), nz = side_lines(L, s, z, L->g.right_w);
        return 2 + (na > nz ? na : nz);
    }
    case LAYOUT_STACK:
        return 2 + side_lines(L, s, a, L->g.width) + side_lines(L, s, z, L->g.width);
    default:
        return 2 + side_lines(L, s, a, L->g.width);
    }
}

int layout_block_height(layout *L, size_t b)
{
    if (b >= L->nblocks)
        return 0;
    height_entry *e = &L->heights[b];
    if (e->gen != L->gen) {
        e->h = compute_height(L, b);
        e->gen = L->gen;
    }
    return e->h;
}

/* The line of wrapped text e that shows byte `offset`: the last that
 * starts at or before it. */
static int line_of(const wrap_entry *e, uint32_t offset)
{
    uint32_t lo = 0, hi = e->n; /* first line starting after offset */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (e->v[mid].start <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 ? (int)lo - 1 : 0;
}

/* The row in a segment block of byte `offset` of paragraph `para` of
 * language l, or -1 when the layout does not show l. */
static int segment_text_row(layout *L, const doc_segment *s, lang_id l, size_t para,
                            uint32_t offset)
{
    lang_id a = first_lang(L);
    bool one = L->g.mode == LAYOUT_ZH || L->g.mode == LAYOUT_EN;
    if (para < s->first[l] || para >= s->first[l] + s->count[l] || (one && l != a))
        return -1;
    int w = L->g.mode == LAYOUT_SIDE ? (l == a ? L->g.left_w : L->g.right_w) : L->g.width;
    int row = 1; /* the header */
    if (L->g.mode == LAYOUT_STACK && l != a)
        row += side_lines(L, s, a, w);
    for (size_t k = s->first[l]; k < para; k++)
        row += (int)para_wrapped(L, l, k, w)->n + 1; /* its lines, a blank */
    const wrap_entry *e = para_wrapped(L, l, para, w);
    return e->v ? row + line_of(e, offset) : row;
}

int layout_text_row(layout *L, size_t b, const layout_ref *ref)
{
    if (b >= L->nblocks || block_hidden(L, b) || layout_block_height(L, b) == 0)
        return -1;
    layout_block blk = L->blocks[b];
    if (ref->kind == LAYOUT_REF_NOTE) {
        if (blk.kind != LAYOUT_BLOCK_NOTE || blk.index != ref->index)
            return -1;
        const wrap_entry *e = note_wrapped(L, blk.index, note_width(L, blk.index));
        return e->v ? 1 + line_of(e, ref->offset) : 1;
    }
    if (ref->kind != LAYOUT_REF_PARA || blk.kind != LAYOUT_BLOCK_SEGMENT || ref->lang >= LANG_SIDES)
        return -1;
    return segment_text_row(L, &L->d->segments[blk.index], (lang_id)ref->lang, ref->index,
                            ref->offset);
}

/* ---- positions ------------------------------------------------------------------ */

int layout_pos_cmp(layout_pos a, layout_pos b)
{
    if (a.block != b.block)
        return a.block < b.block ? -1 : 1;
    return (a.row > b.row) - (a.row < b.row);
}

/* The next block at or after b with rows; nblocks when none. */
static size_t visible_from(layout *L, size_t b)
{
    while (b < L->nblocks && layout_block_height(L, b) == 0)
        b++;
    return b;
}

/* The last block before b with rows; SIZE_MAX when none. */
static size_t visible_before(layout *L, size_t b)
{
    while (b-- > 0)
        if (layout_block_height(L, b) > 0)
            return b;
    return SIZE_MAX;
}

layout_pos layout_last(layout *L)
{
    size_t b = visible_before(L, L->nblocks);
    if (b == SIZE_MAX)
        return (layout_pos){0, 0};
    return (layout_pos){b, layout_block_height(L, b) - 1};
}

layout_pos layout_block_start(layout *L, size_t b)
{
    size_t v = visible_from(L, b);
    if (v >= L->nblocks) {
        layout_pos last = layout_last(L);
        return (layout_pos){last.block, 0};
    }
    return (layout_pos){v, 0};
}

layout_pos layout_first(layout *L) { return layout_block_start(L, 0); }

layout_pos layout_scroll(layout *L, layout_pos pos, long delta, long *moved)
{
    long m = 0;
    if (pos.block >= L->nblocks || layout_block_height(L, pos.block) == 0)
        pos = layout_block_start(L, pos.block < L->nblocks ? pos.block : 0);
    while (delta > 0 && m < delta) {
        int h = layout_block_height(L, pos.block);
        if (pos.row + 1 < h) {
            long step = h - 1 - pos.row;
            if (step > delta - m)
                step = delta - m;
            pos.row += (int)step;
            m += step;
            continue;
        }
        size_t nb = visible_from(L, pos.block + 1);
        if (nb >= L->nblocks)
            break;
        pos = (layout_pos){nb, 0};
        m++;
    }
    while (delta < 0 && m < -delta) {
        if (pos.row > 0) {
            long step = pos.row;
            if (step > -delta - m)
                step = -delta - m;
            pos.row -= (int)step;
            m += step;
            continue;
        }
        size_t pb = visible_before(L, pos.block);
        if (pb == SIZE_MAX)
            break;
        pos = (layout_pos){pb, layout_block_height(L, pb) - 1};
        m++;
    }
    if (moved)
        *moved = delta < 0 ? -m : m;
    return pos;
}

layout_pos layout_end_top(layout *L, int rows)
{
    return layout_scroll(L, layout_last(L), -(long)(rows > 1 ? rows - 1 : 0), NULL);
}

double layout_fraction(layout *L, layout_pos pos)
{
    if (L->nblocks == 0)
        return 1.0;
    int h = layout_block_height(L, pos.block);
    double in = h > 0 ? (double)(pos.row + 1) / h : 1.0;
    return ((double)pos.block + in) / (double)L->nblocks;
}

/* ---- settings -------------------------------------------------------------------- */

/* The top row after a change of heights: same block, row scaled. */
static layout_pos reanchor(layout *L, layout_pos top, int old_h)
{
    if (top.block >= L->nblocks)
        return layout_first(L);
    int h = layout_block_height(L, top.block);
    if (h == 0)
        return layout_block_start(L, top.block);
    if (top.row > 0 && old_h > 0) {
        long r = ((long)top.row * h + old_h / 2) / old_h;
        top.row = (int)(r >= h ? h - 1 : r);
    } else {
        top.row = 0;
    }
    return top;
}

layout_pos layout_set_geometry(layout *L, int width, layout_mode mode, bool swap, layout_pos top)
{
    layout_geom g = geom_for(width, mode >= LAYOUT_MODES ? LAYOUT_SIDE : mode, swap);
    if (g.width == L->g.width && g.mode == L->g.mode && g.swap == L->g.swap)
        return top;
    int old_h = top.block < L->nblocks ? layout_block_height(L, top.block) : 0;
    L->g = g;
    L->gen++;
    return reanchor(L, top, old_h);
}

layout_pos layout_set_hooks(layout *L, const layout_hooks *h, layout_pos top)
{
    int old_h = top.block < L->nblocks ? layout_block_height(L, top.block) : 0;
    L->hooks = h ? *h : (layout_hooks){0};
    L->gen++;
    return reanchor(L, top, old_h);
}

layout_hooks layout_get_hooks(const layout *L) { return L->hooks; }

uint32_t layout_generation(const layout *L) { return L->gen; }

/* ---- building rows ---------------------------------------------------------------- */

static layout_span *span_push(layout *L)
{
    if (!GROW(L->spans, L->spans_cap, L->nspans + 1))
        return NULL;
    layout_span *sp = &L->spans[L->nspans++];
    *sp = (layout_span){.speaker = -1};
    return sp;
}

static bool emit(layout *L, const char *text, size_t len, int col, int width, int origin,
                 frame_style style, int speaker, layout_ref ref)
{
    if (len == 0 || width <= 0)
        return true;
    layout_span *sp = span_push(L);
    if (!sp)
        return false;
    *sp = (layout_span){text, (uint32_t)len, col, width, origin, (uint8_t)style, speaker, ref};
    return true;
}

/* Emits up to maxw columns of text at col as one span, cut at a cluster;
 * returns the columns used (or -1 when memory runs out). */
static int emit_fit(layout *L, const char *text, size_t len, int col, int maxw, frame_style style,
                    int speaker)
{
    int w = 0;
    size_t i = 0;
    while (i < len && text[i] != '\n') {
        size_t k = text_cluster_len(text + i, len - i);
        int adv = text_advance(&L->tw, text + i, k, w);
        if (w + adv > maxw)
            break;
        w += adv;
        i += k;
    }
    return emit(L, text, i, col, w, col, style, speaker, (layout_ref){0}) ? w : -1;
}

/* The style of bytes at offset `at` of a text with hits: NORMAL-like base,
 * MATCH or CURRENT; *until gets where that style ends. */
static frame_style hit_style(const layout_hit *hits, size_t nh, uint32_t at, uint32_t end,
                              frame_style base, uint32_t *until)
{
    for (size_t i = 0; i < nh; i++) {
        if (hits[i].end <= at)
            continue;
        if (hits[i].start <= at) {
            *until = hits[i].end < end ? hits[i].end : end;
            return hits[i].current ? FRAME_STYLE_CURRENT : FRAME_STYLE_MATCH;
        }
        *until = hits[i].start < end ? hits[i].start : end;
        return base;
    }
    *until = end;
    return base;
}

/* Emits one wrapped line of a text (whose base is text, ref naming it) at
 * col, at most maxw columns, split where search hits start and end. */
static bool emit_line(layout *L, const char *base, layout_ref ref, const wrap_line *wl, int col,
                      int maxw, frame_style style)
{
    const layout_hit *hits = NULL;
    size_t nh = 0;
    if (L->hooks.hits) {
        layout_ref from = ref; /* only hits from this line on are needed */
        from.offset = wl->start;
        nh = L->hooks.hits(L->hooks.hits_ctx, &from, &hits);
    }
    const char *s = base + wl->start;
    if (nh == 0 && (int)wl->width <= maxw) { /* the common case: one span */
        ref.offset = wl->start;
        return emit(L, s, wl->len, col, (int)wl->width, col, style, -1, ref);
    }
    uint32_t end = wl->start + wl->len, at = wl->start;
    int w = 0;
    while (at < end) {
        uint32_t until;
        frame_style st = hit_style(hits, nh, at, end, style, &until);
        uint32_t i = at;
        int w0 = w;
        bool full = false;
        while (i < end && (i < until || i == at)) { /* whole clusters, at least one */
            size_t k = text_cluster_len(base + i, end - i);
            int adv = text_advance(&L->tw, base + i, k, w);
            if (w + adv > maxw) {
                full = true;
                break;
            }
            w += adv;
            i += (uint32_t)k;
        }
        layout_ref r = ref;
        r.offset = at;
        if (!emit(L, base + at, i - at, col + w0, w - w0, col, st, -1, r))
            return false;
        if (full || i == at)
            break;
        at = i;
    }
    return true;
}

/* The header row of segment seg in one pane: name, weak mark, time. */
static bool emit_header(layout *L, size_t seg, int col, int w, header_text *ht)
{
    const doc_segment *s = &L->d->segments[seg];
    int used = 0, n;
    if (s->speaker >= 0 && (size_t)s->speaker < L->d->nspeakers) {
        const char *name = L->d->speakers[s->speaker].name;
        n = emit_fit(L, name, strlen(name), col, w, FRAME_STYLE_HEADER, s->speaker);
    } else {
        snprintf(ht->segno, sizeof ht->segno, "#%zu", seg + 1);
        n = emit_fit(L, ht->segno, strlen(ht->segno), col, w, FRAME_STYLE_SEGNO, -1);
    }
    if (n < 0)
        return false;
    used = n;
    if (s->confidence < DOC_WEAK_CONFIDENCE && used + 4 <= w) {
        if (!emit(L, "[?]", 3, col + used + 1, 3, col + used + 1, FRAME_STYLE_WEAK, -1,
                  (layout_ref){0}))
            return false;
        used += 4;
    }
    for (int l = 0; l < LANG_SIDES; l++) {
        if (!s->count[l])
            continue;
        const doc_para *p = doc_segment_para(L->d, s, (lang_id)l, 0);
        if (p->start_ms < 0)
            continue;
        size_t tl = timecode_format(p->start_ms, false, ht->time, sizeof ht->time);
        if (used + 1 + (int)tl <= w &&
            !emit(L, ht->time, tl, col + used + 1, (int)tl, col + used + 1, FRAME_STYLE_TIME, -1,
                  (layout_ref){0}))
            return false;
        break;
    }
    return true;
}

/* The context row of a hidden run, in one pane: "... " (with "(+N) " when
 * N more segments are hidden before it), the speaker's name and ": ", then
 * the first words of segment seg in language l: the last segment of the
 * run, the one that leads to what is shown next (the question before an
 * answer). */
static bool emit_context(layout *L, size_t seg, size_t more, lang_id l, int col, int w,
                         header_text *ht)
{
    const doc_segment *s = &L->d->segments[seg];
    if (w < 5)
        return true;
    int used = 0;
    if (more)
        snprintf(ht->context, sizeof ht->context, "... (+%zu) ", more);
    else
        snprintf(ht->context, sizeof ht->context, "... ");
    int n = emit_fit(L, ht->context, strlen(ht->context), col, w, FRAME_STYLE_CONTEXT, -1);
    if (n < 0)
        return false;
    used += n;
    if (s->speaker >= 0 && (size_t)s->speaker < L->d->nspeakers && used < w) {
        const char *name = L->d->speakers[s->speaker].name;
        if ((n = emit_fit(L, name, strlen(name), col + used, w - used, FRAME_STYLE_CONTEXT,
                          s->speaker)) < 0)
            return false;
        used += n;
        if (used + 2 <= w &&
            !emit(L, ": ", 2, col + used, 2, col + used, FRAME_STYLE_CONTEXT, -1, (layout_ref){0}))
            return false;
        used += 2;
    }
    if (!s->count[l] || used >= w)
        return true;
    const doc_para *p = doc_segment_para(L->d, s, l, 0);
    return emit_fit(L, p->text, p->len, col + used, w - used, FRAME_STYLE_CONTEXT, -1) >= 0;
}

static const char *divider_text(const layout *L)
{
    /* U+2502 is East Asian ambiguous: where the terminal draws those wide,
     * an ASCII bar keeps the divider one column. */
    return L->tw.ambiguous_wide ? "|" : "\xE2\x94\x82";
}

static bool emit_divider(layout *L)
{
    if (L->g.divider < 0)
        return true;
    const char *t = divider_text(L);
    return emit(L, t, strlen(t), L->g.divider, 1, L->g.divider, FRAME_STYLE_DIVIDER, -1,
                (layout_ref){0});
}

/* Line i of language l of segment s (in the pane at col, w wide). */
static bool emit_seg_line(layout *L, const doc_segment *s, lang_id l, int i, int col, int w)
{
    size_t para;
    const wrap_line *wl;
    if (!side_line_at(L, s, l, w, i, &para, &wl))
        return true;
    layout_ref ref = {LAYOUT_REF_PARA, (uint8_t)l, (uint32_t)para, 0};
    return emit_line(L, L->d->paras[l][para].text, ref, wl, col, w, FRAME_STYLE_NORMAL);
}

static bool emit_segment_row(layout *L, size_t b, int r, int h, header_text ht[2])
{
    size_t seg = L->blocks[b].index;
    const doc_segment *s = &L->d->segments[seg];
    const layout_geom *g = &L->g;
    lang_id a = first_lang(L), z = other_lang(a);
    bool side = g->mode == LAYOUT_SIDE;
    if (block_hidden(L, b)) { /* the context row of a hidden run: its last segment */
        size_t last = b, more = 0;
        while (last + 1 < L->nblocks && block_hidden(L, last + 1))
            last++, more++;
        seg = L->blocks[last].index;
        int w = side ? g->left_w : g->width;
        if (!emit_context(L, seg, more, a, g->left_col, w, &ht[0]))
            return false;
        return !side || emit_context(L, seg, more, z, g->right_col, g->right_w, &ht[1]);
    }
    if (r == 0) {
        if (!emit_header(L, seg, g->left_col, g->left_w, &ht[0]))
            return false;
        return !side || emit_header(L, seg, g->right_col, g->right_w, &ht[1]);
    }
    if (r == h - 1)
        return true;
    int i = r - 1;
    if (side)
        return emit_seg_line(L, s, a, i, g->left_col, g->left_w) &&
               emit_seg_line(L, s, z, i, g->right_col, g->right_w);
    if (g->mode == LAYOUT_STACK) {
        int na = side_lines(L, s, a, g->width);
        return i < na ? emit_seg_line(L, s, a, i, 0, g->width)
                      : emit_seg_line(L, s, z, i - na, 0, g->width);
    }
    return emit_seg_line(L, s, a, i, 0, g->width);
}

static bool emit_note_row(layout *L, size_t b, int r, int h)
{
    size_t ni = L->blocks[b].index;
    const doc_note *n = &L->d->notes[ni];
    bool right = note_in_right_pane(L, ni);
    int col = right ? L->g.right_col : L->g.left_col, w = right ? L->g.right_w : L->g.left_w;
    if (r == 0) {
        /* "[heading]", "[intro]": the note's reason, else its kind; the
         * span points into a static string per reason and kind */
        static char label[DOC_NOTE_REASONS + DOC_NOTE_KINDS][24];
        size_t k = n->reason != DOC_WHY_NONE && n->reason < DOC_NOTE_REASONS
                       ? n->reason
                       : DOC_NOTE_REASONS + (n->kind < DOC_NOTE_KINDS ? n->kind : 0);
        char *t = label[k];
        snprintf(t, sizeof label[0], "[%s]", doc_note_label(n));
        return emit_fit(L, t, strlen(t), col, w, FRAME_STYLE_NOTE, -1) >= 0;
    }
    if (r == h - 1)
        return true;
    const wrap_entry *e = note_wrapped(L, ni, w);
    if (r - 1 >= (int)e->n)
        return true;
    layout_ref ref = {LAYOUT_REF_NOTE, 0, (uint32_t)ni, 0};
    return emit_line(L, n->text, ref, &e->v[r - 1], col, w, FRAME_STYLE_NOTE);
}

static bool rows_reserve(layout *L, int nrows)
{
    size_t need = nrows > 0 ? (size_t)nrows : 1;
    return GROW(L->rows, L->rows_cap, need) && GROW(L->row_first, L->row_first_cap, need + 1) &&
           GROW(L->hts, L->hts_cap, 2 * need);
}

const layout_frame *layout_render(layout *L, layout_pos top, int nrows)
{
    if (nrows < 0)
        nrows = 0;
    if (!rows_reserve(L, nrows))
        return NULL;
    L->nspans = 0;
    layout_pos pos = top;
    bool more = L->nblocks > 0;
    if (more && (pos.block >= L->nblocks || layout_block_height(L, pos.block) == 0 ||
                 pos.row >= layout_block_height(L, pos.block)))
        pos = layout_block_start(L, pos.block < L->nblocks ? pos.block : 0);
    more = more && layout_block_height(L, pos.block) > 0;
    for (int r = 0; r < nrows; r++) {
        L->row_first[r] = L->nspans;
        if (!more) { /* past the end: only the divider, so the panes stay panes */
            L->rows[r].pos = (layout_pos){SIZE_MAX, 0};
            if (!emit_divider(L))
                return NULL;
            continue;
        }
        L->rows[r].pos = pos;
        int h = layout_block_height(L, pos.block);
        bool ok = L->blocks[pos.block].kind == LAYOUT_BLOCK_NOTE
                      ? emit_note_row(L, pos.block, pos.row, h)
                      : emit_segment_row(L, pos.block, pos.row, h, &L->hts[2 * r]);
        /* spans are sorted by column: the divider sits between the panes */
        if (ok && L->g.divider >= 0) {
            size_t first = L->row_first[r];
            ok = emit_divider(L);
            if (ok) {
                layout_span d = L->spans[L->nspans - 1];
                size_t at = first;
                while (at < L->nspans - 1 && L->spans[at].col < d.col)
                    at++;
                memmove(&L->spans[at + 1], &L->spans[at], (L->nspans - 1 - at) * sizeof d);
                L->spans[at] = d;
            }
        }
        if (!ok)
            return NULL;
        long moved;
        pos = layout_scroll(L, pos, 1, &moved);
        more = moved == 1;
    }
    L->row_first[nrows] = L->nspans;
    for (int r = 0; r < nrows; r++) {
        L->rows[r].spans = L->spans + L->row_first[r];
        L->rows[r].nspans = L->row_first[r + 1] - L->row_first[r];
    }
    L->frame = (layout_frame){L->rows, (size_t)nrows, L->g.width};
    return &L->frame;
}

const text_widths *layout_widths(const layout *L) { return &L->tw; }

size_t layout_row_text(const text_widths *tw, const layout_row *row, char *buf, size_t cap)
{
    size_t n = 0;
    int col = 0;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < row->nspans; i++) {
        const layout_span *sp = &row->spans[i];
        for (; col < sp->col && n + 1 < cap; col++)
            buf[n++] = ' ';
        for (uint32_t j = 0; j < sp->len;) {
            size_t k = text_cluster_len(sp->text + j, sp->len - j);
            int adv = text_advance(tw, sp->text + j, k, col - sp->origin);
            if (sp->text[j] == '\t') {
                if (n + (size_t)adv + 1 > cap)
                    goto done;
                memset(buf + n, ' ', (size_t)adv);
                n += (size_t)adv;
            } else {
                if (n + k + 1 > cap)
                    goto done;
                memcpy(buf + n, sp->text + j, k);
                n += k;
            }
            col += adv;
            j += (uint32_t)k;
        }
    }
done:
    buf[n] = '\0';
    return n;
}
