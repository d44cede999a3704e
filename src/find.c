/* find — the search session: prompt editing, incremental search from the
 * origin, n and N in reading order, counts over what is shown, and the
 * layout's hits hook. */
#include "find.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "action.h"
#include "search.h"
#include "text.h"

/* Results kept while a pattern is typed, one per pattern, each a prefix of
 * the next: Backspace takes one back without searching again. */
#define CHAIN_MAX 32

/* Hits the hook hands out per call (one display line needs far fewer). */
#define HITS_MAX 2048
#define HITS_BYTES 16384

typedef struct chain_entry {
    char *raw; /* the pattern as typed */
    size_t rawlen;
    search_result r;
} chain_entry;

struct find {
    const doc *d;
    layout *L;
    search_index *ix;
    /* the prompt */
    bool prompting, forward;
    char pat[FIND_PATTERN_MAX + 1];
    size_t plen, cursor;      /* bytes; the cursor is on a cluster boundary */
    layout_pos origin;
    size_t pcur;              /* its current match in the chain's top, or SIZE_MAX */
    bool pwrapped;
    size_t pk, pn;            /* its count */
    chain_entry chain[CHAIN_MAX];
    size_t nchain;
    /* history, oldest first; hpos == nhist while editing the draft */
    char *hist[FIND_HISTORY];
    size_t nhist, hpos;
    char draft[FIND_PATTERN_MAX + 1];
    /* the last accepted search */
    bool has_last;
    char last[FIND_PATTERN_MAX + 1];
    bool last_forward;
    search_result acc;
    size_t cur;               /* current match in acc, or SIZE_MAX */
    /* the count of acc, valid for (serial, layout generation, cur) */
    unsigned serial, counted_serial;
    uint32_t counted_gen;
    size_t counted_cur, k, n;
    bool counted;
    char message[FIND_MESSAGE_MAX];
    layout_hit *hits;         /* HITS_MAX, for the hook */
};

/* s cut at a cluster to at most maxw columns ("…" marks a cut), into out. */
static void cut(const text_widths *tw, const char *s, int maxw, char *out, size_t cap)
{
    size_t len = 0, n = strlen(s);
    int w = 0;
    for (size_t i = 0; i < n;) {
        size_t c = text_cluster_len(s + i, n - i);
        int cw = text_cluster_width(tw, s + i, c);
        if (w + cw > maxw || len + c + 4 > cap) {
            memcpy(out + len, "\xE2\x80\xA6", 3);
            len += 3;
            break;
        }
        memcpy(out + len, s + i, c);
        len += c;
        w += cw;
        i += c;
    }
    out[len] = '\0';
}

/* A fixed message. */
static void say_plain(find *f, const char *msg)
{
    snprintf(f->message, sizeof f->message, "%s", msg);
}

/* The message: fmt with one %s, a pattern, cut to fit. */
static void say(find *f, const char *fmt, const char *arg)
{
    char a[56]; /* at most 55 bytes: any message stays under 90 */
    cut(layout_widths(f->L), arg, 32, a, sizeof a);
    snprintf(f->message, sizeof f->message, fmt, a);
}

/* ---- lifetime ------------------------------------------------------------------ */

static size_t hits_hook(const void *ctx, const layout_ref *ref, const layout_hit **out);

find *find_new(const doc *d, layout *L)
{
    find *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->d = d;
    f->L = L;
    f->ix = search_index_new(d);
    f->hits = malloc(HITS_MAX * sizeof *f->hits);
    if (!f->ix || !f->hits) {
        find_free(f);
        return NULL;
    }
    f->cur = f->pcur = SIZE_MAX;
    layout_hooks h = layout_get_hooks(L);
    h.hits = hits_hook;
    h.hits_ctx = f;
    layout_set_hooks(L, &h, layout_first(L));
    return f;
}

static void chain_clear(find *f)
{
    for (size_t i = 0; i < f->nchain; i++) {
        free(f->chain[i].raw);
        search_result_free(&f->chain[i].r);
    }
    f->nchain = 0;
}

void find_free(find *f)
{
    if (!f)
        return;
    chain_clear(f);
    for (size_t i = 0; i < f->nhist; i++)
        free(f->hist[i]);
    search_result_free(&f->acc);
    search_index_free(f->ix);
    free(f->hits);
    free(f);
}

void find_prepare(find *f) { search_index_start(f->ix); }

/* ---- where matches are ------------------------------------------------------------ */

/* The result the screen shows, and its current match. */
static const search_result *shown(const find *f, size_t *cur)
{
    if (f->prompting) {
        *cur = f->pcur;
        return f->nchain ? &f->chain[f->nchain - 1].r : NULL;
    }
    *cur = f->cur;
    return f->has_last ? &f->acc : NULL;
}

static lang_id first_lang(const find *f)
{
    layout_geom g = layout_geometry(f->L);
    if (g.mode == LAYOUT_ZH || g.mode == LAYOUT_EN)
        return g.mode == LAYOUT_ZH ? LANG_ZH : LANG_EN;
    return g.swap ? LANG_EN : LANG_ZH;
}

/* True when the layout shows unit u: notes always; a paragraph when its
 * segment is not filtered out and its language is on screen. */
static bool unit_shown(const find *f, size_t u)
{
    const search_unit *su = search_index_unit(f->ix, u);
    if (su->kind == SEARCH_UNIT_NOTE)
        return true;
    layout_geom g = layout_geometry(f->L);
    if ((g.mode == LAYOUT_ZH && su->lang != LANG_ZH) || (g.mode == LAYOUT_EN && su->lang != LANG_EN))
        return false;
    return layout_segment_visible(f->L, su->segment);
}

static size_t unit_block(const find *f, size_t u)
{
    const search_unit *su = search_index_unit(f->ix, u);
    return su->kind == SEARCH_UNIT_NOTE ? layout_note_block(f->L, su->index)
                                        : layout_segment_block(f->L, su->segment);
}

/* The units of block b: [*ua, *ub) (unit order is block order). */
static void block_units(const find *f, size_t b, size_t *ua, size_t *ub)
{
    size_t n = search_index_nunits(f->ix);
    for (int k = 0; k < 2; k++) {
        size_t lo = 0, hi = n; /* the first unit whose block is >= b + k */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (unit_block(f, mid) < b + (size_t)k)
                lo = mid + 1;
            else
                hi = mid;
        }
        *(k ? ub : ua) = lo;
    }
}

/* A match's place inside its block, in reading order: row, then the pane
 * (first language first), then the byte in its text. */
typedef struct mkey {
    int row;
    int pane;
    uint32_t off;
} mkey;

static const mkey KEY_MIN = {INT_MIN, INT_MIN, 0}, KEY_MAX = {INT_MAX, INT_MAX, UINT32_MAX};

static int key_cmp(mkey a, mkey b)
{
    if (a.row != b.row)
        return a.row < b.row ? -1 : 1;
    if (a.pane != b.pane)
        return a.pane < b.pane ? -1 : 1;
    return (a.off > b.off) - (a.off < b.off);
}

/* The key of match i of r in unit u; row -1 when it is not shown. */
static mkey key_of(const find *f, const search_result *r, size_t u, size_t i)
{
    const search_unit *su = search_index_unit(f->ix, u);
    uint32_t s, e;
    search_match_source(f->ix, r, i, &s, &e);
    layout_ref ref = {su->kind == SEARCH_UNIT_NOTE ? LAYOUT_REF_NOTE : LAYOUT_REF_PARA, su->lang,
                      su->index, s};
    int row = layout_text_row(f->L, unit_block(f, u), &ref);
    int pane = su->kind == SEARCH_UNIT_PARA && su->lang != first_lang(f);
    return (mkey){row, pane, s};
}

/* Where match i is on the document, false when not shown. */
static bool match_pos(const find *f, const search_result *r, size_t i, layout_pos *pos)
{
    size_t u = search_match_unit(f->ix, r, i);
    if (!unit_shown(f, u))
        return false;
    mkey k = key_of(f, r, u, i);
    *pos = (layout_pos){unit_block(f, u), k.row};
    return k.row >= 0;
}

/* In unit u: the first match with key > k0 (>= when not strict), or the
 * last with key < k0 (<=), by binary search (keys grow within a unit);
 * SIZE_MAX when none. */
static size_t unit_pick(const find *f, const search_result *r, size_t u, mkey k0, bool forward,
                        bool strict)
{
    size_t lo = search_unit_matches(f->ix, r, u), hi = search_unit_matches(f->ix, r, u + 1);
    size_t a = lo, b = hi; /* the first match past k0 in the direction */
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        int c = key_cmp(key_of(f, r, u, mid), k0);
        bool before = forward ? (strict ? c <= 0 : c < 0) : (strict ? c < 0 : c <= 0);
        if (before)
            a = mid + 1;
        else
            b = mid;
    }
    if (forward)
        return a < hi ? a : SIZE_MAX;
    return a > lo ? a - 1 : SIZE_MAX;
}

/* In the units [ua, ub) of one block: the first shown match after k0
 * (forward) or the last before it, in reading order; SIZE_MAX when none. */
static size_t block_pick(const find *f, const search_result *r, size_t ua, size_t ub, mkey k0,
                         bool forward, bool strict)
{
    size_t best = SIZE_MAX;
    mkey bk = {0, 0, 0};
    for (size_t u = ua; u < ub; u++) {
        if (!unit_shown(f, u))
            continue;
        size_t j = unit_pick(f, r, u, k0, forward, strict);
        if (j == SIZE_MAX)
            continue;
        mkey kj = key_of(f, r, u, j);
        if (kj.row < 0)
            continue;
        if (best == SIZE_MAX || (forward ? key_cmp(kj, bk) < 0 : key_cmp(kj, bk) > 0)) {
            best = j;
            bk = kj;
        }
    }
    return best;
}

/* The first shown match after (block, k0) going forward, or the last before
 * it going back; block SIZE_MAX means from the document's start (forward)
 * or end (back). SIZE_MAX when none. */
static size_t seek(const find *f, const search_result *r, size_t block, mkey k0, bool forward,
                   bool strict)
{
    size_t ua = 0, ub = 0, j;
    if (block != SIZE_MAX) {
        block_units(f, block, &ua, &ub);
        size_t m = block_pick(f, r, ua, ub, k0, forward, strict);
        if (m != SIZE_MAX)
            return m;
        j = search_unit_matches(f->ix, r, forward ? ub : ua);
    } else {
        j = forward ? 0 : r->n;
    }
    while (forward ? j < r->n : j > 0) {
        size_t u = search_match_unit(f->ix, r, forward ? j : j - 1);
        block_units(f, unit_block(f, u), &ua, &ub);
        size_t m = block_pick(f, r, ua, ub, forward ? KEY_MIN : KEY_MAX, forward, false);
        if (m != SIZE_MAX)
            return m;
        j = search_unit_matches(f->ix, r, forward ? ub : ua);
    }
    return SIZE_MAX;
}

/* The top that shows `m`: top itself when m is on screen; else m's block
 * on top when m's row fits, else m's row a third of the way down. */
static layout_pos view_for(const find *f, layout_pos top, int rows, layout_pos m)
{
    layout_pos bottom = layout_scroll(f->L, top, rows > 1 ? rows - 1 : 0, NULL);
    if (layout_pos_cmp(m, top) >= 0 && layout_pos_cmp(m, bottom) <= 0)
        return top;
    if (m.row <= rows - 1)
        return (layout_pos){m.block, 0};
    return (layout_pos){m.block, m.row - rows / 3};
}

static bool on_screen(const find *f, const search_result *r, size_t i, layout_pos top, int rows)
{
    layout_pos p;
    if (i == SIZE_MAX || i >= r->n || !match_pos(f, r, i, &p))
        return false;
    return layout_pos_cmp(view_for(f, top, rows, p), top) == 0;
}

/* ---- counting ----------------------------------------------------------------------- */

typedef struct count_walk {
    const find *f;
    const search_result *r;
    size_t cur, ua, ub; /* the current match and its block's units */
    mkey ckey;
    size_t k, n;
} count_walk;

static void count_unit(void *ctx, size_t u, size_t first, size_t n)
{
    count_walk *w = ctx;
    if (!unit_shown(w->f, u))
        return;
    w->n += n;
    if (w->cur == SIZE_MAX)
        return;
    if (u < w->ua) {
        w->k += n;
    } else if (u < w->ub) { /* the current block: those before it in reading order */
        size_t j = unit_pick(w->f, w->r, u, w->ckey, true, false);
        w->k += (j == SIZE_MAX ? first + n : j) - first;
    }
}

/* k (1-based, 0 when cur is not shown) and n over the shown matches. */
static void count_shown(const find *f, const search_result *r, size_t cur, size_t *k, size_t *n)
{
    count_walk w = {f, r, SIZE_MAX, 0, 0, {0, 0, 0}, 0, 0};
    layout_pos p;
    if (cur != SIZE_MAX && cur < r->n && match_pos(f, r, cur, &p)) {
        w.cur = cur;
        block_units(f, p.block, &w.ua, &w.ub);
        w.ckey = key_of(f, r, search_match_unit(f->ix, r, cur), cur);
    }
    search_each_unit(f->ix, r, count_unit, &w);
    *n = w.n;
    *k = w.cur == SIZE_MAX ? 0 : w.k + 1;
}

bool find_count(find *f, size_t *k, size_t *n)
{
    if (f->prompting) {
        *k = f->pk;
        *n = f->pn;
        return f->nchain > 0;
    }
    if (!f->has_last)
        return false;
    uint32_t gen = layout_generation(f->L);
    if (!f->counted || f->counted_serial != f->serial || f->counted_gen != gen ||
        f->counted_cur != f->cur) {
        count_shown(f, &f->acc, f->cur, &f->k, &f->n);
        f->counted = true;
        f->counted_serial = f->serial;
        f->counted_gen = gen;
        f->counted_cur = f->cur;
    }
    *k = f->k;
    *n = f->n;
    return true;
}

/* ---- searching as the pattern changes ------------------------------------------------ */

/* The results of the pattern in the prompt: the chain's top, searched from
 * the longest earlier pattern that is a prefix of it. */
static status chain_update(find *f)
{
    while (f->nchain > 0) {
        chain_entry *t = &f->chain[f->nchain - 1];
        if (t->rawlen <= f->plen && memcmp(t->raw, f->pat, t->rawlen) == 0)
            break;
        free(t->raw);
        search_result_free(&t->r);
        f->nchain--;
    }
    if (f->plen == 0)
        return ST_OK;
    if (f->nchain > 0 && f->chain[f->nchain - 1].rawlen == f->plen)
        return ST_OK; /* the same pattern */
    if (f->nchain == CHAIN_MAX) { /* forget the oldest */
        free(f->chain[0].raw);
        search_result_free(&f->chain[0].r);
        memmove(f->chain, f->chain + 1, (CHAIN_MAX - 1) * sizeof *f->chain);
        f->nchain--;
    }
    chain_entry *e = &f->chain[f->nchain];
    *e = (chain_entry){0};
    e->raw = malloc(f->plen + 1);
    if (!e->raw)
        return ST_NO_MEMORY;
    memcpy(e->raw, f->pat, f->plen);
    e->raw[f->plen] = '\0';
    e->rawlen = f->plen;
    const search_result *prev = f->nchain ? &f->chain[f->nchain - 1].r : NULL;
    status st = search_run(f->ix, f->pat, f->plen, prev, &e->r);
    if (st != ST_OK) {
        free(e->raw);
        search_result_free(&e->r);
        return st;
    }
    f->nchain++;
    f->serial++;
    return ST_OK;
}

/* The first match from the origin in the prompt's direction, wrapping. */
static size_t first_from(const find *f, const search_result *r, layout_pos from, bool forward,
                         bool *wrapped)
{
    mkey k0 = {from.row, INT_MIN, 0};
    size_t m = seek(f, r, from.block, k0, forward, !forward);
    *wrapped = false;
    if (m == SIZE_MAX && r->n > 0) {
        m = seek(f, r, SIZE_MAX, k0, forward, false);
        *wrapped = m != SIZE_MAX;
    }
    return m;
}

/* After an edit: search again, and move the view from the origin. */
static void prompt_update(find *f, layout_pos *top, int rows)
{
    f->pcur = SIZE_MAX;
    f->pwrapped = false;
    f->pk = f->pn = 0;
    *top = f->origin;
    if (chain_update(f) != ST_OK) {
        say_plain(f, "out of memory: search stopped");
        return;
    }
    if (f->plen == 0 || f->nchain == 0)
        return;
    const search_result *r = &f->chain[f->nchain - 1].r;
    size_t m = first_from(f, r, f->origin, f->forward, &f->pwrapped);
    layout_pos p;
    if (m != SIZE_MAX && match_pos(f, r, m, &p)) {
        f->pcur = m;
        *top = view_for(f, f->origin, rows, p);
    }
    count_shown(f, r, f->pcur, &f->pk, &f->pn);
}

/* ---- the prompt's line editor ---------------------------------------------------------- */

void find_open(find *f, bool forward, layout_pos top)
{
    chain_clear(f);
    f->prompting = true;
    f->forward = forward;
    f->origin = top;
    f->plen = f->cursor = 0;
    f->pat[0] = '\0';
    f->pcur = SIZE_MAX;
    f->pwrapped = false;
    f->pk = f->pn = 0;
    f->hpos = f->nhist;
    f->message[0] = '\0';
}

bool find_prompting(const find *f) { return f->prompting; }

layout_pos find_origin(const find *f) { return f->origin; }

const char *find_last_pattern(const find *f) { return f->has_last ? f->last : ""; }

/* The cluster boundary before / after byte i of the pattern. */
static size_t prev_boundary(const find *f, size_t i)
{
    size_t at = 0;
    while (at < f->plen) {
        size_t k = text_cluster_len(f->pat + at, f->plen - at);
        if (at + k >= i)
            break;
        at += k;
    }
    return i == 0 ? 0 : at;
}

static size_t next_boundary(const find *f, size_t i)
{
    return i >= f->plen ? f->plen : i + text_cluster_len(f->pat + i, f->plen - i);
}

static void delete_range(find *f, size_t a, size_t b)
{
    memmove(f->pat + a, f->pat + b, f->plen - b + 1);
    f->plen -= b - a;
    f->cursor = a;
}

static void set_pattern(find *f, const char *s)
{
    size_t n = strlen(s);
    if (n > FIND_PATTERN_MAX)
        n = FIND_PATTERN_MAX;
    memcpy(f->pat, s, n);
    f->pat[n] = '\0';
    f->plen = f->cursor = n;
}

/* A code point the prompt takes: printable, not a control of any kind. */
static bool insertable(int cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp > 0x10FFFF)
        return false;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
        cp == 0x2029 || (cp >= 0xD800 && cp <= 0xDFFF))
        return false;
    return (cp & 0xFFFE) != 0xFFFE && !(cp >= 0xFDD0 && cp <= 0xFDEF); /* noncharacters */
}

static void insert(find *f, int cp)
{
    char buf[4];
    size_t k = (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf);
    if (f->plen + k > FIND_PATTERN_MAX)
        return;
    memmove(f->pat + f->cursor + k, f->pat + f->cursor, f->plen - f->cursor + 1);
    memcpy(f->pat + f->cursor, buf, k);
    f->plen += k;
    f->cursor += k;
    /* A combining mark joins the cluster before it: stay after it. */
    size_t at = prev_boundary(f, f->cursor);
    f->cursor = next_boundary(f, at);
}

/* Ctrl-W: the blanks before the cursor, then the word before them. */
static void delete_word(find *f)
{
    size_t b = f->cursor, a = b;
    while (a > 0 && f->pat[prev_boundary(f, a)] == ' ')
        a = prev_boundary(f, a);
    while (a > 0 && f->pat[prev_boundary(f, a)] != ' ')
        a = prev_boundary(f, a);
    delete_range(f, a, b);
}

static void history_push(find *f, const char *s)
{
    for (size_t i = 0; i < f->nhist; i++)
        if (strcmp(f->hist[i], s) == 0) { /* once, as the newest */
            char *h = f->hist[i];
            memmove(f->hist + i, f->hist + i + 1, (f->nhist - i - 1) * sizeof *f->hist);
            f->hist[f->nhist - 1] = h;
            return;
        }
    char *h = strdup(s);
    if (!h)
        return;
    if (f->nhist == FIND_HISTORY) {
        free(f->hist[0]);
        memmove(f->hist, f->hist + 1, (FIND_HISTORY - 1) * sizeof *f->hist);
        f->nhist--;
    }
    f->hist[f->nhist++] = h;
}

static void history_move(find *f, int dir)
{
    if (dir < 0 && f->hpos == 0)
        return;
    if (dir > 0 && f->hpos >= f->nhist)
        return;
    if (f->hpos == f->nhist)
        memcpy(f->draft, f->pat, f->plen + 1);
    f->hpos = dir < 0 ? f->hpos - 1 : f->hpos + 1;
    set_pattern(f, f->hpos == f->nhist ? f->draft : f->hist[f->hpos]);
}

/* Enter: the prompt's result becomes the search; an empty prompt repeats
 * the last one in this prompt's direction. */
static void accept(find *f, layout_pos *top, int rows)
{
    f->prompting = false;
    if (f->plen == 0) {
        chain_clear(f);
        *top = f->origin;
        if (!f->has_last) {
            say_plain(f, "No previous search pattern");
            return;
        }
        f->last_forward = f->forward;
        find_next(f, true, 0, top, rows);
        return;
    }
    chain_entry *t = &f->chain[f->nchain - 1];
    search_result_free(&f->acc);
    f->acc = t->r;
    t->r = (search_result){0};
    chain_clear(f);
    f->cur = f->pcur;
    f->has_last = true;
    memcpy(f->last, f->pat, f->plen + 1);
    f->last_forward = f->forward;
    f->serial++;
    history_push(f, f->pat);
    if (f->cur == SIZE_MAX && f->acc.n > 0)
        say(f, "Pattern only in hidden text: %s", f->pat);
    else if (f->cur == SIZE_MAX)
        say(f, "Pattern not found: %s", f->pat);
    else if (f->pwrapped)
        say_plain(f, f->forward ? "search hit BOTTOM, continuing at TOP"
                                : "search hit TOP, continuing at BOTTOM");
    /* without OpenCC's data Chinese finds only the script it is typed in;
     * short, for the status line (search_index_hanzi_note has the details) */
    size_t len = strlen(f->message);
    if (search_index_hanzi_note(f->ix, f->pat, f->plen))
        snprintf(f->message + len, sizeof f->message - len, "%s",
                 len ? " (no 简繁 folding)"
                     : "simplified/traditional not folded: no OpenCC data");
}

find_state find_edit(find *f, action a, int ch, layout_pos *top, int rows)
{
    if (!f->prompting)
        return FIND_CANCELLED;
    f->message[0] = '\0';
    size_t before = f->plen;
    char old[FIND_PATTERN_MAX + 1];
    memcpy(old, f->pat, f->plen + 1);
    switch (a) {
    case ACTION_PROMPT_ACCEPT:
        if (f->plen > 0 && f->nchain == 0)
            prompt_update(f, top, rows); /* the search never ran (out of memory) */
        if (f->plen > 0 && f->nchain == 0) {
            f->prompting = false;
            *top = f->origin;
            return FIND_CANCELLED;
        }
        accept(f, top, rows);
        return FIND_ACCEPTED;
    case ACTION_PROMPT_CANCEL:
        f->prompting = false;
        chain_clear(f);
        *top = f->origin;
        return FIND_CANCELLED;
    case ACTION_PROMPT_BACKSPACE:
        if (f->plen == 0) { /* as in less and vim: leaves the prompt */
            f->prompting = false;
            *top = f->origin;
            return FIND_CANCELLED;
        }
        delete_range(f, prev_boundary(f, f->cursor), f->cursor);
        break;
    case ACTION_PROMPT_DELETE: delete_range(f, f->cursor, next_boundary(f, f->cursor)); break;
    case ACTION_PROMPT_LEFT: f->cursor = prev_boundary(f, f->cursor); break;
    case ACTION_PROMPT_RIGHT: f->cursor = next_boundary(f, f->cursor); break;
    case ACTION_PROMPT_HOME: f->cursor = 0; break;
    case ACTION_PROMPT_END: f->cursor = f->plen; break;
    case ACTION_PROMPT_KILL_BEFORE: delete_range(f, 0, f->cursor); break;
    case ACTION_PROMPT_KILL_AFTER: delete_range(f, f->cursor, f->plen); break;
    case ACTION_PROMPT_KILL_WORD: delete_word(f); break;
    case ACTION_PROMPT_OLDER: history_move(f, -1); break;
    case ACTION_PROMPT_NEWER: history_move(f, 1); break;
    case ACTION_PROMPT_INSERT:
        if (ch >= 0 && ch < ACTION_KEY_BASE && insertable(ch))
            insert(f, ch);
        break;
    default: break;
    }
    if (f->plen != before || memcmp(old, f->pat, f->plen) != 0)
        prompt_update(f, top, rows);
    return FIND_EDITING;
}

find_state find_paste(find *f, const char *text, size_t len, layout_pos *top, int rows)
{
    if (!f->prompting)
        return FIND_CANCELLED;
    f->message[0] = '\0';
    size_t before = f->plen;
    for (size_t at = 0; at < len && f->plen < FIND_PATTERN_MAX;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + at,
                                              (utf8proc_ssize_t)(len - at), &cp);
        if (k <= 0) { /* an invalid byte: dropped */
            at++;
            continue;
        }
        at += (size_t)k;
        if (cp == '\n' || cp == '\r' || cp == '\t')
            cp = ' ';
        if (insertable(cp))
            insert(f, cp);
    }
    if (f->plen != before)
        prompt_update(f, top, rows);
    return FIND_EDITING;
}

/* ---- the prompt's line ------------------------------------------------------------------ */

/* Appends s (n bytes) to buf at *len if it fits. */
static void put(char *buf, size_t cap, size_t *len, const char *s, size_t n)
{
    if (*len + n + 1 > cap)
        return;
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
}

size_t find_prompt_line(const find *f, int width, char *buf, size_t cap, int *cursor)
{
    size_t len = 0;
    *cursor = 0;
    if (cap == 0)
        return 0;
    buf[0] = '\0';
    if (width < 1)
        return 0;
    char note[64] = "";
    if (f->plen > 0 && f->nchain > 0) {
        if (f->pcur != SIZE_MAX)
            snprintf(note, sizeof note, "%s%zu/%zu", f->pwrapped ? "wrapped " : "", f->pk, f->pn);
        else /* matches only where the filter or the layout hides them */
            snprintf(note, sizeof note, "%s",
                     f->chain[f->nchain - 1].r.n ? "only in hidden text" : "no match");
    }
    int nw = (int)strlen(note), room = width;
    if (nw && width >= nw + 22)
        room = width - nw - 2;
    else
        nw = 0;
    put(buf, cap, &len, f->forward ? "/" : "?", 1);
    /* The window: from `start` to what fits, the cursor (one cell after the
     * text at its end) inside. */
    int avail = room - 1;
    size_t start = 0;
    const text_widths *tw = layout_widths(f->L);
    while (start < f->cursor && text_string_width(tw, f->pat + start, f->cursor - start) + 1 > avail)
        start = next_boundary(f, start);
    int w = 0;
    for (size_t i = start; i < f->plen;) {
        size_t k = text_cluster_len(f->pat + i, f->plen - i);
        int cw = text_cluster_width(tw, f->pat + i, k);
        if (w + cw > avail)
            break;
        put(buf, cap, &len, f->pat + i, k);
        w += cw;
        i += k;
    }
    *cursor = 1 + text_string_width(tw, f->pat + start, f->cursor - start);
    if (*cursor > width - 1)
        *cursor = width - 1;
    if (nw) {
        for (int c = 1 + w; c < width - nw; c++)
            put(buf, cap, &len, " ", 1);
        put(buf, cap, &len, note, strlen(note));
    }
    return len;
}

/* ---- n, N and --search ------------------------------------------------------------------- */

bool find_next(find *f, bool same, long count, layout_pos *top, int rows)
{
    f->message[0] = '\0';
    if (!f->has_last) {
        say_plain(f, "No previous search pattern");
        return false;
    }
    const search_result *r = &f->acc;
    bool forward = same ? f->last_forward : !f->last_forward, wrapped = false;
    size_t c = f->cur;
    bool from_current = on_screen(f, r, c, *top, rows);
    for (long t = 0; t < (count > 0 ? count : 1); t++) {
        size_t m;
        bool w = false;
        if (from_current) {
            layout_pos p;
            match_pos(f, r, c, &p);
            mkey k = key_of(f, r, search_match_unit(f->ix, r, c), c);
            m = seek(f, r, p.block, k, forward, true);
            if (m == SIZE_MAX && (m = seek(f, r, SIZE_MAX, k, forward, false)) != SIZE_MAX)
                w = true;
        } else {
            m = first_from(f, r, *top, forward, &w);
        }
        if (m == SIZE_MAX) {
            say(f, "Pattern not found: %s", f->last);
            return false;
        }
        wrapped = wrapped || w;
        c = m;
        from_current = true;
    }
    f->cur = c;
    layout_pos p;
    if (match_pos(f, r, c, &p))
        *top = view_for(f, *top, rows, p);
    if (wrapped)
        say_plain(f, forward ? "search hit BOTTOM, continuing at TOP"
                             : "search hit TOP, continuing at BOTTOM");
    return true;
}

find_state find_pattern(find *f, const char *pattern, bool forward, layout_pos *top, int rows)
{
    size_t n = strlen(pattern);
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)pattern + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0 || !insertable(cp)) {
            say_plain(f, "the search pattern has a control character or invalid UTF-8");
            return FIND_CANCELLED;
        }
        i += (size_t)k;
    }
    if (n == 0 || n > FIND_PATTERN_MAX) {
        say_plain(f, n ? "the search pattern is too long" : "empty search pattern");
        return FIND_CANCELLED;
    }
    find_open(f, forward, *top);
    set_pattern(f, pattern);
    prompt_update(f, top, rows);
    return find_edit(f, ACTION_PROMPT_ACCEPT, 0, top, rows);
}

/* ---- the status line ---------------------------------------------------------------------- */

const char *find_message(const find *f) { return f->message; }

size_t find_note(find *f, char *buf, size_t cap)
{
    size_t k, n;
    if (cap == 0)
        return 0;
    buf[0] = '\0';
    if (!find_count(f, &k, &n))
        return 0;
    char pat[80];
    cut(layout_widths(f->L), f->last, 24, pat, sizeof pat);
    const char *dir = f->last_forward ? "/" : "?";
    int m;
    if (n == 0)
        m = snprintf(buf, cap, "%s%s no match", dir, pat);
    else if (k == 0)
        m = snprintf(buf, cap, "%s%s %zu match%s", dir, pat, n, n == 1 ? "" : "es");
    else
        m = snprintf(buf, cap, "%s%s %zu/%zu", dir, pat, k, n);
    return m < 0 ? 0 : (size_t)m < cap ? (size_t)m : cap - 1;
}

/* ---- the highlights --------------------------------------------------------------------------- */

static size_t hits_hook(const void *ctx, const layout_ref *ref, const layout_hit **out)
{
    find *f = (find *)ctx; /* the session lends its scratch buffer */
    size_t cur;
    const search_result *r = shown(f, &cur);
    if (!r || r->n == 0 || (ref->kind != LAYOUT_REF_PARA && ref->kind != LAYOUT_REF_NOTE))
        return 0;
    size_t u = search_index_find_unit(f->ix,
                                      ref->kind == LAYOUT_REF_NOTE ? SEARCH_UNIT_NOTE : SEARCH_UNIT_PARA,
                                      ref->lang, ref->index);
    if (u == SIZE_MAX)
        return 0;
    size_t lo = search_unit_matches(f->ix, r, u), hi = search_unit_matches(f->ix, r, u + 1);
    if (lo == hi)
        return 0;
    size_t n = 0;
    for (size_t j = search_unit_match_after(f->ix, r, u, lo, ref->offset); j < hi && n < HITS_MAX; j++) {
        uint32_t s, e;
        search_match_source(f->ix, r, j, &s, &e);
        if (n > 0 && s >= ref->offset + HITS_BYTES)
            break;
        if (n > 0 && s < f->hits[n - 1].end) { /* overlapping matches show as one */
            if (e > f->hits[n - 1].end)
                f->hits[n - 1].end = e;
            f->hits[n - 1].current = f->hits[n - 1].current || j == cur;
            continue;
        }
        f->hits[n++] = (layout_hit){s, e, j == cur};
    }
    *out = f->hits;
    return n;
}
