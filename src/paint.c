/* paint — cells and their looks, and the fewest bytes from what the
 * terminal shows to the next frame. */
#include "paint.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* Attributes of a look. */
enum { LOOK_BOLD = 1, LOOK_DIM = 2, LOOK_UNDER = 4, LOOK_ITALIC = 8, LOOK_REV = 16 };

/* How a cell looks: attributes and colours (-1: the terminal's default). */
typedef struct look {
    uint8_t attrs;
    int16_t fg, bg;
} look;

static const look plain = {0, -1, -1};

/* A cell holds its look's fields itself rather than a look: 12 bytes
 * instead of 16, which at the largest screen drawn (10000x1000, two grids)
 * is the difference between 240 and 320 MB. */
typedef struct cell {
    uint32_t at;    /* its glyph's bytes: the grid's pool[at, at + len) */
    uint16_t len;   /* 0: blank (drawn as a space) */
    uint8_t width;  /* columns its bytes advance, 1 or 2; 0: the right half of a wide glyph */
    uint8_t attrs;  /* its look (look.attrs, .fg, .bg) */
    int16_t fg, bg;
} cell;

static cell cell_make(uint32_t at, uint16_t len, uint8_t width, look lk)
{
    return (cell){at, len, width, lk.attrs, lk.fg, lk.bg};
}

static look cell_look(const cell *c) { return (look){c->attrs, c->fg, c->bg}; }

typedef struct grid {
    int w, h;
    cell *cells; /* h rows of w */
    size_t cells_cap;
    char *pool;  /* glyph bytes */
    size_t pool_len, pool_cap;
    uint64_t *hash; /* per row, for finding rows that moved */
    size_t hash_cap;
} grid;

struct paint {
    paint_term t;
    const char *reset;  /* sgr0 without a charset selection we never change */
    grid cur, next;     /* what the terminal shows (while known), what it is to show */
    bool known;
    int cy, cx;         /* the cursor; -1: unknown */
    look pen;           /* the attributes the terminal writes with */
    bool pen_known;
    int top, bot;       /* the scroll region set; top -1: unknown */
    bool cursor_shown;
    char *out;          /* the bytes of the call */
    size_t len, cap;
    bool failed;
};

/* ---- output ------------------------------------------------------------------------ */

static void put(paint *p, const char *s, size_t n)
{
    if (!n || p->failed)
        return;
    if (!GROW(p->out, p->cap, p->len + n + 1)) {
        p->failed = true;
        return;
    }
    memcpy(p->out + p->len, s, n);
    p->len += n;
}

static void puts_cap(paint *p, const char *s)
{
    if (s)
        put(p, s, strlen(s));
}

/* Parametrized string `what` into buf; its length, 0 when the terminal has none. */
static size_t param(const paint *p, paint_param what, int a, int b, char buf[64])
{
    return p->t.has[what] ? p->t.format(p->t.ctx, what, a, b, buf, 64) : 0;
}

static void put_param(paint *p, paint_param what, int a, int b)
{
    char buf[64];
    put(p, buf, param(p, what, a, b, buf));
}

static size_t cap_len(const char *s) { return s ? strlen(s) : 0; }

/* ---- looks --------------------------------------------------------------------------- */

/* Eight speakers' hues in 256 colours (azure, orange, green, pink, gold,
 * violet, tan, red) and in 8 (six hues, the 7th and 8th repeating two,
 * underlined); without colour, each its own mix of attributes. */
static const int16_t speaker256[8] = {39, 208, 114, 205, 220, 141, 180, 160};
static const int16_t speaker8[8] = {6, 3, 2, 5, 4, 1, 6, 3};
static const uint8_t speaker_mono[8] = {
    LOOK_BOLD, LOOK_UNDER, LOOK_BOLD | LOOK_UNDER, LOOK_ITALIC, LOOK_BOLD | LOOK_ITALIC,
    LOOK_UNDER | LOOK_ITALIC, LOOK_BOLD | LOOK_UNDER | LOOK_ITALIC, LOOK_DIM | LOOK_UNDER,
};

/* A speaker's name (palette index c): its own colour, the same in headers,
 * the panel, context rows and the status line. */
static look speaker_look(const paint *p, int c)
{
    c = c < 0 ? 0 : c & 7;
    switch (p->t.depth) {
    case PAINT_COLOURS_256: return (look){LOOK_BOLD, speaker256[c], -1};
    case PAINT_COLOURS_8: return (look){c >= 6 ? LOOK_BOLD | LOOK_UNDER : LOOK_BOLD, speaker8[c], -1};
    default: return (look){speaker_mono[c], -1, -1};
    }
}

/* The look of a span: its style, a speaker's colour where it has one,
 * reverse video on top for the focus. Without colour, bold, dim,
 * underline and reverse carry the same distinctions. */
static look span_look(const paint *p, const frame_span *sp)
{
    bool c256 = p->t.depth == PAINT_COLOURS_256, c8 = p->t.depth != PAINT_COLOURS_NONE;
    look lk = plain;
    switch (sp->style) {
    case FRAME_STYLE_HEADER: lk = speaker_look(p, sp->colour); break;
    case FRAME_STYLE_PANEL:
    case FRAME_STYLE_STATUS: lk = c256 ? (look){0, 252, 236} : (look){LOOK_REV, -1, -1}; break;
    case FRAME_STYLE_STATUS_SPEAKER:
        lk = speaker_look(p, sp->colour);
        if (c256)
            lk.bg = 236;
        else
            lk.attrs |= LOOK_REV;
        break;
    case FRAME_STYLE_SELECTED: lk.attrs = LOOK_REV | LOOK_BOLD; break;
    case FRAME_STYLE_NOTE:
    case FRAME_STYLE_SEGNO: lk = c256 ? (look){0, 245, -1} : (look){LOOK_DIM, -1, -1}; break;
    case FRAME_STYLE_CONTEXT:
        if (sp->colour >= 0) { /* a hidden speaker's name, dimmed */
            lk = speaker_look(p, sp->colour);
            lk.attrs = (uint8_t)((lk.attrs & ~LOOK_BOLD) | LOOK_DIM);
        } else {
            lk = c256 ? (look){LOOK_ITALIC, 243, -1} : (look){LOOK_DIM, -1, -1};
        }
        break;
    case FRAME_STYLE_WEAK: lk = (look){LOOK_BOLD, c256 ? 196 : c8 ? 1 : -1, -1}; break;
    case FRAME_STYLE_DIVIDER: lk.attrs = LOOK_DIM; break; /* dim on any terminal: a few bytes a row */
    case FRAME_STYLE_MATCH:
        lk = c256 ? (look){0, 16, 220} : c8 ? (look){0, 0, 3} : (look){LOOK_REV, -1, -1};
        break;
    case FRAME_STYLE_CURRENT:
        lk = c256 ? (look){LOOK_BOLD, 16, 208}
             : c8 ? (look){LOOK_BOLD, 7, 1}
                  : (look){LOOK_REV | LOOK_BOLD | LOOK_UNDER, -1, -1};
        break;
    case FRAME_STYLE_TIME: lk = c256 ? (look){0, 109, -1} : c8 ? (look){0, 6, -1} : (look){LOOK_DIM, -1, -1}; break;
    default: break;
    }
    if (sp->flags & FRAME_REVERSE)
        lk.attrs |= LOOK_REV;
    return lk;
}

static bool look_eq(look a, look b) { return a.attrs == b.attrs && a.fg == b.fg && a.bg == b.bg; }

/* What of look lk shows on a blank: its background and underline (and,
 * reversed, its foreground too); bold, dim, italics and the foreground of
 * a space show nothing. Blank cells keep only this. */
static look blank_look(look lk)
{
    if (!(lk.attrs & LOOK_REV)) {
        lk.attrs &= LOOK_UNDER;
        lk.fg = -1;
    }
    return lk;
}

/* True when a blank in look lk may be written with the pen in look pen. */
static bool blank_fits(look pen, look lk)
{
    return look_eq(blank_look(pen), lk);
}

/* The attribute strings, in the order of the LOOK_ bits. */
static const char *attr_cap(const paint *p, int bit)
{
    switch (bit) {
    case LOOK_BOLD: return p->t.bold;
    case LOOK_DIM: return p->t.dim;
    case LOOK_UNDER: return p->t.smul;
    case LOOK_ITALIC: return p->t.sitm;
    default: return p->t.rev;
    }
}

/* The attributes of a the terminal can show. */
static uint8_t shown_attrs(const paint *p, uint8_t a)
{
    uint8_t s = 0;
    for (int bit = 1; bit <= LOOK_REV; bit <<= 1)
        if ((a & bit) && cap_len(attr_cap(p, bit)))
            s |= (uint8_t)bit;
    return s;
}

/* Appends to buf (at *n) the strings that turn the terminal's pen from
 * `from` into `to`, starting with a reset when `reset`; false when that
 * way cannot get there (an attribute to drop without a reset). */
static bool pen_way(const paint *p, look from, look to, bool reset, char *buf, size_t *n, size_t cap)
{
    char tmp[64];
#define PEN_ADD(s, k) \
    do { \
        size_t k_ = (k); \
        if (*n + k_ > cap) \
            return false; \
        memcpy(buf + *n, (s), k_); \
        *n += k_; \
    } while (0)
    if (reset) {
        PEN_ADD(p->reset, cap_len(p->reset));
        from = plain;
    } else if (from.attrs & ~to.attrs) {
        return false;
    }
    for (int bit = 1; bit <= LOOK_REV; bit <<= 1)
        if ((to.attrs & bit) && !(from.attrs & bit))
            PEN_ADD(attr_cap(p, bit), cap_len(attr_cap(p, bit)));
    if ((to.fg < 0 && from.fg >= 0) || (to.bg < 0 && from.bg >= 0)) { /* back to the defaults */
        if (!cap_len(p->t.op))
            return false;
        PEN_ADD(p->t.op, cap_len(p->t.op));
        from.fg = from.bg = -1;
    }
    if (to.fg >= 0 && to.fg != from.fg)
        PEN_ADD(tmp, param(p, PAINT_SETAF, to.fg, 0, tmp));
    if (to.bg >= 0 && to.bg != from.bg)
        PEN_ADD(tmp, param(p, PAINT_SETAB, to.bg, 0, tmp));
#undef PEN_ADD
    return true;
}

/* True when s[0, n) is one select-graphic-rendition sequence, CSI
 * parameters m, with its parameters in *at (len *plen). */
static bool sgr_params(const char *s, size_t n, const char **at, size_t *plen)
{
    if (n < 3 || s[0] != '\033' || s[1] != '[' || s[n - 1] != 'm')
        return false;
    for (size_t i = 2; i + 1 < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
            return false;
    *at = s + 2;
    *plen = n - 3;
    return true;
}

/* Joins consecutive SGR sequences in buf[0, *n) into one (ECMA-48 takes
 * several parameters: ESC[1m ESC[38;5;39m is ESC[1;38;5;39m); sequences
 * of other shapes stay as they are. */
static void sgr_merge(char *buf, size_t *n)
{
    char out[256];
    size_t o = 0, i = 0;
    bool open = false;  /* out ends in an SGR still taking parameters */
    bool empty = false; /* and it has none yet (a reset) */
    while (i < *n) {
        size_t j = i + 1;
        if (buf[i] == '\033' && j < *n && buf[j] == '[')
            for (j++; j < *n && ((buf[j] >= '0' && buf[j] <= '9') || buf[j] == ';'); j++)
                ;
        const char *pa;
        size_t pl;
        if (j < *n && sgr_params(buf + i, j + 1 - i, &pa, &pl) && o + pl + 4 < sizeof out) {
            if (open) {
                o--; /* the m of the one before */
                if (empty)
                    out[o++] = '0'; /* a reset among others is written out */
                out[o++] = ';';
                if (pl == 0)
                    out[o++] = '0';
            } else {
                out[o++] = '\033';
                out[o++] = '[';
            }
            memcpy(out + o, pa, pl);
            o += pl;
            out[o++] = 'm';
            empty = !open && pl == 0;
            open = true;
            i = j + 1;
        } else {
            if (o + 1 >= sizeof out)
                return; /* too long to merge: as it was */
            out[o++] = buf[i++];
            open = empty = false;
        }
    }
    memcpy(buf, out, o);
    *n = o;
}

/* Makes the terminal write with look lk, by the shorter of a reset and
 * the changes alone. */
static void set_pen(paint *p, look lk)
{
    lk.attrs = shown_attrs(p, lk.attrs);
    if (p->t.depth == PAINT_COLOURS_NONE)
        lk.fg = lk.bg = -1;
    if (p->pen_known && look_eq(p->pen, lk))
        return;
    char a[256], b[256];
    size_t na = 0, nb = 0;
    bool ra = pen_way(p, plain, lk, true, a, &na, sizeof a);
    bool rb = p->pen_known && pen_way(p, p->pen, lk, false, b, &nb, sizeof b);
    if (ra)
        sgr_merge(a, &na);
    if (rb)
        sgr_merge(b, &nb);
    if (rb && (!ra || nb <= na))
        put(p, b, nb);
    else
        put(p, a, na);
    p->pen = lk;
    p->pen_known = true;
}

/* ---- grids ------------------------------------------------------------------------- */

static cell *at(grid *g, int y, int x) { return &g->cells[(size_t)y * (size_t)g->w + (size_t)x]; }

static const char *cell_bytes(const grid *g, const cell *c) { return c->len ? g->pool + c->at : " "; }

static size_t cell_len(const cell *c) { return c->len ? c->len : 1; }

static bool cell_eq(const grid *ga, const cell *a, const grid *gb, const cell *b)
{
    return a->width == b->width && a->len == b->len && look_eq(cell_look(a), cell_look(b)) &&
           (a->len == 0 || memcmp(ga->pool + a->at, gb->pool + b->at, a->len) == 0);
}

/* True when c shows nothing: a blank in the default look. */
static bool cell_blank(const cell *c) { return c->len == 0 && c->width == 1 && look_eq(cell_look(c), plain); }

/* Empties g to w x h blank cells; false when memory runs out. */
static bool grid_reset(grid *g, int w, int h)
{
    size_t n = (size_t)w * (size_t)h;
    if (!GROW(g->cells, g->cells_cap, n ? n : 1) || !GROW(g->hash, g->hash_cap, h ? (size_t)h : 1))
        return false;
    for (size_t i = 0; i < n; i++)
        g->cells[i] = cell_make(0, 0, 1, plain);
    g->w = w;
    g->h = h;
    g->pool_len = 0;
    return true;
}

static void grid_free(grid *g)
{
    free(g->cells);
    free(g->pool);
    free(g->hash);
}

/* Sets the cells of a glyph of `width` columns at (y, x): its bytes, then
 * the right halves. */
static bool grid_glyph(grid *g, int y, int x, const char *s, size_t n, int width, look lk)
{
    if (n == 1 && s[0] == ' ') { /* a space is a blank */
        *at(g, y, x) = cell_make(0, 0, 1, blank_look(lk));
        return true;
    }
    if (n > UINT16_MAX || !GROW(g->pool, g->pool_cap, g->pool_len + n))
        return false;
    memcpy(g->pool + g->pool_len, s, n);
    *at(g, y, x) = cell_make((uint32_t)g->pool_len, (uint16_t)n, (uint8_t)width, lk);
    g->pool_len += n;
    for (int i = 1; i < width; i++)
        *at(g, y, x + i) = cell_make(0, 0, 0, lk);
    return true;
}

/* Draws span sp into row y of g, each cluster in the columns text.h gives
 * it, in what the terminal can draw (text_cluster_drawable, or ASCII
 * stand-ins). */
static bool grid_span(const paint *p, grid *g, int y, const frame_span *sp)
{
    look lk = span_look(p, sp);
    int x = sp->col, end = sp->col + sp->width < g->w ? sp->col + sp->width : g->w;
    for (uint32_t i = 0; i < sp->len;) {
        size_t k = text_cluster_len(sp->text + i, sp->len - i);
        int w = text_advance(&p->t.widths, sp->text + i, k, x - sp->origin);
        if (x + w > end)
            break;
        if (sp->text[i] == '\t') {
            for (int c = 0; c < w; c++)
                *at(g, y, x + c) = cell_make(0, 0, 1, blank_look(lk));
        } else if (w > 0) {
            char buf[TEXT_DRAW_MAX];
            size_t n;
            bool ascii = p->t.glyphs == PAINT_GLYPHS_ASCII || (p->t.glyphs == PAINT_GLYPHS_NARROW && w == 2);
            const char *d = ascii ? text_cluster_ascii(sp->text + i, k, w, buf, &n)
                                  : text_cluster_drawable(&p->t.widths, sp->text + i, k, w, buf, &n);
            if (!grid_glyph(g, y, x, d, n, w, lk))
                return false;
        }
        x += w;
        i += (uint32_t)k;
    }
    return true;
}

/* A hash of row y's cells. */
static uint64_t row_hash(grid *g, int y)
{
    uint64_t h = 1469598103934665603ULL;
    for (int x = 0; x < g->w; x++) {
        const cell *c = at(g, y, x);
        const char *b = cell_bytes(g, c);
        for (size_t i = 0; i < cell_len(c); i++)
            h = (h ^ (unsigned char)b[i]) * 1099511628211ULL;
        h = (h ^ (uint64_t)(c->width | (unsigned)c->attrs << 8 | (unsigned)(uint16_t)c->fg << 16 |
                            (uint64_t)(uint16_t)c->bg << 32)) * 1099511628211ULL;
    }
    return h;
}

static bool grid_build(const paint *p, grid *g, const frame *f)
{
    if (!grid_reset(g, f->width, f->height))
        return false;
    for (int y = 0; y < f->height; y++) {
        for (size_t i = 0; i < f->rows[y].n; i++)
            if (!grid_span(p, g, y, &f->rows[y].spans[i]))
                return false;
        g->hash[y] = row_hash(g, y);
    }
    return true;
}

/* ---- the cursor ------------------------------------------------------------------------ */

/* The bytes that rewrite cells [from, to) of row y as they are (the same
 * in both grids) with the pen in look pen, or SIZE_MAX when that is not a
 * way: every cell must be in that look, a blank only look alike (a blank
 * written with the pen of the text after it would carry that text's
 * attributes in the terminal's grid, where readers of it see them). */
static size_t rewrite_cost(paint *p, int y, int from, int to, look pen)
{
    size_t n = 0;
    if (from < 0 || to - from > 8)
        return SIZE_MAX;
    for (int x = from; x < to; x++) {
        const cell *c = at(&p->next, y, x), *o = at(&p->cur, y, x);
        bool fits = c->len == 0 && c->width == 1 ? blank_fits(pen, cell_look(c)) : look_eq(cell_look(c), pen);
        if (!cell_eq(&p->next, c, &p->cur, o) || !fits ||
            (x == from && c->width == 0) || x + c->width > to)
            return SIZE_MAX;
        n += c->width ? cell_len(c) : 0;
    }
    return n;
}

static void rewrite(paint *p, int y, int from, int to)
{
    for (int x = from; x < to; x++) {
        const cell *c = at(&p->next, y, x);
        if (c->width)
            put(p, cell_bytes(&p->next, c), cell_len(c));
    }
}


/* Moves the cursor to (y, x), where a cell in look lk is to be written,
 * the cheapest way: an absolute move, a return, a column move, a move
 * right, or rewriting what is between (with the pen as it is, or in look
 * lk when the cells are exactly in it). On its row with its column
 * unknown (at the right margin), a return or a column move still do. */
static void move_to(paint *p, int y, int x, look lk)
{
    look keep = p->pen; /* rewriting with the pen as it is, when it is known */
    if (p->cy == y && p->cx == x)
        return;
    char cup[64], hpa[64], cuf[64], crcuf[64];
    size_t best = param(p, PAINT_CUP, y, x, cup), n;
    int way = 0;
    if (p->cy == y) {
        if (p->cx >= 0 && x > p->cx) {
            if ((n = param(p, PAINT_CUF, x - p->cx, 0, cuf)) && n < best)
                best = n, way = 1;
            if (p->pen_known && (n = rewrite_cost(p, y, p->cx, x, keep)) < best)
                best = n, way = 6;
            if ((n = rewrite_cost(p, y, p->cx, x, lk)) < best && look_eq(blank_look(lk), lk))
                best = n, way = 2;
        }
        if ((n = param(p, PAINT_HPA, x, 0, hpa)) && n < best)
            best = n, way = 3;
        size_t cr = cap_len(p->t.cr);
        if (cr) {
            size_t k = x == 0 ? 0 : param(p, PAINT_CUF, x, 0, crcuf);
            if ((x == 0 || k) && cr + k < best)
                best = cr + k, way = 4;
            if (x > 0 && look_eq(blank_look(lk), lk) && (n = rewrite_cost(p, y, 0, x, lk)) != SIZE_MAX &&
                cr + n < best)
                best = cr + n, way = 5;
        }
    }
    switch (way) {
    case 1: put(p, cuf, best); break;
    case 2: set_pen(p, lk), rewrite(p, y, p->cx, x); break;
    case 6: rewrite(p, y, p->cx, x); break;
    case 3: put(p, hpa, best); break;
    case 4: puts_cap(p, p->t.cr), put(p, crcuf, best - cap_len(p->t.cr)); break;
    case 5: puts_cap(p, p->t.cr), set_pen(p, lk), rewrite(p, y, 0, x); break;
    default: put(p, cup, best); break;
    }
    p->cy = y;
    p->cx = x;
}

/* ---- drawing ------------------------------------------------------------------------------ */

/* Writes cell (y, x) of the next grid; the cursor follows. */
static void draw_cell(paint *p, int y, int x)
{
    const cell *c = at(&p->next, y, x);
    if (y == p->next.h - 1 && x + c->width >= p->next.w && p->t.am && !p->t.xenl)
        return; /* the last cell would scroll this terminal */
    move_to(p, y, x, cell_look(c));
    if (!(c->len == 0 && p->pen_known && blank_fits(p->pen, cell_look(c)))) /* any pen shows a blank alike */
        set_pen(p, cell_look(c));
    put(p, cell_bytes(&p->next, c), cell_len(c));
    p->cx += c->width;
    if (p->cx >= p->next.w) /* at the margin: the column is the terminal's (a pending wrap) */
        p->cx = -1;
}

/* True when cells [x, w) of row y of g are all blank. */
static bool tail_blank(grid *g, int y, int x)
{
    for (; x < g->w; x++)
        if (!cell_blank(at(g, y, x)))
            return false;
    return true;
}

/* Sends the cells of row y that differ; a row ending in blanks where it
 * was not is erased to its end at once. */
static void draw_row(paint *p, int y)
{
    grid *n = &p->next, *c = &p->cur;
    for (int x = 0; x < n->w;) {
        if (cell_eq(n, at(n, y, x), c, at(c, y, x))) {
            x++;
            continue;
        }
        while (x > 0 && at(n, y, x)->width == 0) /* a glyph from its first column */
            x--;
        if (cap_len(p->t.el) && tail_blank(n, y, x)) {
            int changed = 0;
            for (int k = x; k < n->w; k++)
                changed += !cell_eq(n, at(n, y, k), c, at(c, y, k));
            if ((size_t)changed > cap_len(p->t.el)) {
                move_to(p, y, x, plain);
                set_pen(p, plain);
                puts_cap(p, p->t.el);
                return;
            }
        }
        draw_cell(p, y, x);
        x += at(n, y, x)->width ? at(n, y, x)->width : 1;
    }
}

/* The scroll region over rows [top, bot], set when it is not. */
static bool set_region(paint *p, int top, int bot)
{
    if (p->top == top && p->bot == bot)
        return true;
    char buf[64];
    size_t n = param(p, PAINT_CSR, top, bot, buf);
    if (!n)
        return false;
    put(p, buf, n);
    p->top = top;
    p->bot = bot;
    p->cy = p->cx = -1; /* where the cursor is after it, terminals differ */
    return true;
}

/* What row y of the next grid costs to send, about: its cells that show
 * something (so that blank rows, alike everywhere, do not decide). */
static int row_weight(grid *g, int y)
{
    int n = 0;
    for (int x = 0; x < g->w; x++)
        n += !cell_blank(at(g, y, x));
    return n;
}

/* Rows [0, rows) of the next grid are those of the shown one moved up by
 * k (down when k < 0): the k that saves the most sending, 0 when moving
 * saves nothing worth a scroll. */
static int find_shift(paint *p, int rows)
{
    int best = 0, best_w = 0, stay = 0;
    int *weight = malloc((size_t)rows * sizeof *weight);
    if (!weight)
        return 0;
    for (int y = 0; y < rows; y++) {
        weight[y] = row_weight(&p->next, y);
        stay += p->next.hash[y] == p->cur.hash[y] ? weight[y] : 0;
    }
    for (int k = -(rows / 2); k <= rows / 2; k++) {
        if (k == 0)
            continue;
        int w = 0;
        for (int y = 0; y < rows; y++) {
            int from = y + k;
            w += from >= 0 && from < rows && p->next.hash[y] == p->cur.hash[from] ? weight[y] : 0;
        }
        if (w > best_w)
            best = k, best_w = w;
    }
    free(weight);
    return best_w > stay + 8 ? best : 0;
}

/* Moves rows [0, rows) of the screen by k with the terminal's scrolling;
 * the shown grid follows. */
static void scroll_rows(paint *p, int rows, int k)
{
    if (!set_region(p, 0, rows - 1))
        return;
    int m = k > 0 ? k : -k;
    bool up = k > 0;
    const char *one = up ? p->t.ind : p->t.ri;
    if (!cap_len(one) && !p->t.has[up ? PAINT_INDN : PAINT_RIN])
        return;
    int y = up ? rows - 1 : 0; /* any column of this row */
    if (p->cy != y)
        move_to(p, y, 0, plain);
    if (p->pen.bg != -1 || !p->pen_known) /* new rows take the pen's background */
        set_pen(p, plain);
    char buf[64];
    size_t n = param(p, up ? PAINT_INDN : PAINT_RIN, m, 0, buf);
    if (n && (!cap_len(one) || n < (size_t)m * cap_len(one)))
        put(p, buf, n);
    else
        for (int i = 0; i < m; i++)
            puts_cap(p, one);
    if (p->t.lf_crlf && one && strcmp(one, "\n") == 0)
        p->cx = 0;
    grid *c = &p->cur;
    size_t w = (size_t)c->w;
    if (up) {
        memmove(c->cells, c->cells + (size_t)m * w, (size_t)(rows - m) * w * sizeof *c->cells);
        memmove(c->hash, c->hash + m, (size_t)(rows - m) * sizeof *c->hash);
    } else {
        memmove(c->cells + (size_t)m * w, c->cells, (size_t)(rows - m) * w * sizeof *c->cells);
        memmove(c->hash + m, c->hash, (size_t)(rows - m) * sizeof *c->hash);
    }
    for (int r = up ? rows - m : 0; r < (up ? rows : m); r++) {
        for (size_t x = 0; x < w; x++)
            c->cells[(size_t)r * w + x] = cell_make(0, 0, 1, plain);
        c->hash[r] = row_hash(c, r);
    }
}

const char *paint_frame(paint *p, const frame *f, size_t *len)
{
    p->len = 0;
    p->failed = false;
    if (!grid_build(p, &p->next, f))
        return NULL;
    if (!p->known || p->cur.w != f->width || p->cur.h != f->height) {
        set_pen(p, plain); /* a cleared screen takes the pen's background */
        puts_cap(p, p->t.clear);
        p->cy = p->cx = 0;
        if (!grid_reset(&p->cur, f->width, f->height))
            return NULL;
        for (int y = 0; y < f->height; y++)
            p->cur.hash[y] = row_hash(&p->cur, y);
        p->known = true;
    }
    int rows = f->height - 1; /* the text rows: all but the status line */
    int k = rows >= 3 ? find_shift(p, rows) : 0;
    if (k)
        scroll_rows(p, rows, k);
    /* The status line first: the cursor then ends on the text rows, where
     * the next scroll wants it. */
    draw_row(p, f->height - 1);
    for (int y = 0; y < f->height - 1; y++)
        draw_row(p, y);
    if (f->cursor_row >= 0) {
        move_to(p, f->cursor_row, f->cursor_col, p->pen);
        if (!p->cursor_shown)
            puts_cap(p, p->t.cnorm);
        p->cursor_shown = true;
    } else if (p->cursor_shown) {
        puts_cap(p, p->t.civis);
        p->cursor_shown = false;
    }
    grid t = p->cur; /* what is shown now is the next grid */
    p->cur = p->next;
    p->next = t;
    *len = p->len;
    return p->failed ? NULL : p->out;
}

void paint_forget(paint *p)
{
    p->known = false;
    p->pen_known = false;
    p->top = p->bot = -1;
    p->cy = p->cx = -1;
}

const char *paint_leave(paint *p, size_t *len)
{
    p->len = 0;
    p->failed = false;
    if (p->top >= 0 && p->cur.h > 0)
        put_param(p, PAINT_CSR, 0, p->cur.h - 1);
    puts_cap(p, p->t.sgr0);
    if (!p->cursor_shown)
        puts_cap(p, p->t.cnorm);
    paint_forget(p);
    *len = p->len;
    return p->failed ? NULL : p->out;
}

paint *paint_new(const paint_term *t)
{
    paint *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->t = *t;
    /* sgr0 also selects the ASCII character set ("\033(B" in xterm's);
     * the painter never selects another, so the reset is the rest. */
    p->reset = t->sgr0;
    if (t->sgr0 && strncmp(t->sgr0, "\033(B\033[", 5) == 0)
        p->reset = t->sgr0 + 3;
    paint_forget(p);
    return p;
}

void paint_free(paint *p)
{
    if (!p)
        return;
    grid_free(&p->cur);
    grid_free(&p->next);
    free(p->out);
    free(p);
}
