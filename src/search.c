/* search — folding with a map back to the text, the index of a document,
 * and matching (a scan with memmem, or a filter of the previous matches). */
#define _GNU_SOURCE /* memmem */
#include "search.h"

#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "grow.h"
#include "hanzi.h"
#include "text.h"

/* What folding asks of utf8proc: NFKC, ignorables dropped, stable. */
#define FOLD_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE)

/* Offsets in a folded buffer and in a text are 32-bit (the pieces, the
 * matches): a text of 2 GiB or more, or 4 GiB of folded text, is refused. */
#define SRC_MAX 0x7FFFFFFFu
#define FOLD_MAX 0xFFFFFFFFu


/* ---- folding one cluster ------------------------------------------------------- */

/* Bytes of the UTF-8 sequence a lead byte starts. */
static inline size_t seq_len(unsigned char b)
{
    return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* A CJK unified ideograph U+4E00..U+9FFF at p (3 bytes of valid UTF-8):
 * grapheme class Other, unchanged by NFKC and case folding (test_search
 * checks every one against utf8proc). */
static inline bool is_han(const unsigned char *p)
{
    return (p[0] == 0xE4 && p[1] >= 0xB8) || (p[0] >= 0xE5 && p[0] <= 0xE9);
}

/* A fullwidth ASCII form U+FF01..U+FF5E at p: class Other, NFKC gives
 * the ASCII character U+0021..U+007E (checked by test_search too). */
static inline bool is_fullwidth(const unsigned char *p)
{
    return p[0] == 0xEF && ((p[1] == 0xBC && p[2] >= 0x81) || (p[1] == 0xBD && p[2] <= 0x9E));
}

/* True when a grapheme cluster surely ends before the code point at p
 * (n > 0 bytes left): one of the fast classes above, or ASCII. Anything of
 * class Other, Control or LF before such a code point ends there (UAX #29
 * GB4, GB5, GB999; no CR in sanitised text). */
static inline bool breaks_before(const unsigned char *p, size_t n)
{
    return p[0] < 0x80 || (n >= 3 && (is_han(p) || is_fullwidth(p)));
}

/* ASCII case folding: A-Z to a-z, nothing else. */
static inline char lower_ascii(unsigned c)
{
    return (char)(c | (unsigned)(c - 'A' < 26u) << 5);
}

/* A growing folded buffer and its map: what folding appends to. */
typedef struct fold_out {
    char *buf;
    size_t len, cap;
    search_piece *pieces;
    size_t np, pcap;
} fold_out;

static bool out_reserve(fold_out *o, size_t extra)
{
    return GROW(o->buf, o->cap, o->len + extra + 1);
}

static bool piece_push(fold_out *o, size_t fold, size_t src, bool same)
{
    if (!GROW(o->pieces, o->pcap, o->np + 1))
        return false;
    o->pieces[o->np++] = (search_piece){(uint32_t)fold, (unsigned)src, same};
    return true;
}

/* Folds one cluster of k bytes with utf8proc, then to one script (hz),
 * appending to o. */
static bool fold_cluster(fold_out *o, const char *s, size_t k, bool keep_case,
                         const hanzi_map *hz)
{
    utf8proc_option_t opt = FOLD_OPTIONS | (keep_case ? 0 : UTF8PROC_CASEFOLD);
    utf8proc_int32_t small[32], *cps = small;
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)k,
                                            small, 32, opt);
    if (n > 32) {
        cps = malloc((size_t)n * sizeof *cps);
        if (!cps)
            return false;
        utf8proc_ssize_t m = utf8proc_decompose((const utf8proc_uint8_t *)s,
                                                (utf8proc_ssize_t)k, cps, n, opt);
        n = m == n ? m : -1;
    }
    if (n > 0)
        n = utf8proc_normalize_utf32(cps, n, opt);
    bool ok = true;
    if (n > 0 && (ok = out_reserve(o, 4 * (size_t)n)))
        for (utf8proc_ssize_t i = 0; i < n; i++)
            o->len += (size_t)utf8proc_encode_char((utf8proc_int32_t)hanzi_fold(hz, (uint32_t)cps[i]),
                                                   (utf8proc_uint8_t *)o->buf + o->len);
    /* n < 0: utf8proc refused the cluster (never on valid UTF-8); it folds
     * to nothing rather than stopping the search. */
    if (cps != small)
        free(cps);
    return ok;
}

/* ---- folding a text ---------------------------------------------------------------- */

/* The run of CJK ideographs (is_han, each a cluster of its own) from u[j]
 * on (n bytes left) folded to one script into w, up to one whose fold is
 * not 3 bytes long (hanzi.h keeps folds in the BMP: none, but a map is
 * data), which is left to be a cluster of its own; returns where the run
 * stops. */
static size_t fold_han_run(const unsigned char *u, size_t j, size_t n, const hanzi_map *hz,
                           char *w)
{
    while (n - j >= 3 && is_han(u + j) && (n - j == 3 || breaks_before(u + j + 3, n - j - 3))) {
        uint32_t cp = (uint32_t)(u[j] & 0x0F) << 12 | (uint32_t)(u[j + 1] & 0x3F) << 6 |
                      (u[j + 2] & 0x3F);
        uint32_t t = hanzi_fold(hz, cp);
        if (t < 0x800 || t > 0xFFFF)
            break;
        *w++ = (char)(0xE0 | t >> 12);
        *w++ = (char)(0x80 | (t >> 6 & 0x3F));
        *w++ = (char)(0x80 | (t & 0x3F));
        j += 3;
    }
    return j;
}

/* Appends the fold of text s (n bytes) to o, with pieces relative to where
 * it starts (o->len on entry, and text byte 0); ideographs are folded to
 * one script through hz (hanzi.h; NULL: not). The fast paths fold runs of
 * ASCII and of CJK ideographs without utf8proc. */
static status fold_append(fold_out *o, const char *s, size_t n, bool keep_case,
                          const hanzi_map *hz)
{
    if (n > SRC_MAX)
        return ST_TOO_LARGE;
    const unsigned char *u = (const unsigned char *)s;
    size_t base = o->len, i = 0;
    bool same = true; /* the implicit run from (0, 0) */
    while (i < n) {
        size_t j = i;
        if (u[i] < 0x80) { /* a run of ASCII, each byte its own cluster */
            while (j < n && u[j] < 0x80)
                j++;
            if (j < n && !breaks_before(u + j, n - j))
                j--; /* the last one may take combining marks */
            if (j > i) {
                if (!same && !piece_push(o, o->len - base, i, true))
                    return ST_NO_MEMORY;
                same = true;
                if (!out_reserve(o, j - i))
                    return ST_NO_MEMORY;
                char *w = o->buf + o->len;
                if (keep_case)
                    memcpy(w, s + i, j - i);
                else
                    for (size_t k = i; k < j; k++)
                        *w++ = lower_ascii(u[k]);
                o->len += j - i;
                i = j;
                continue;
            }
        } else if (n - i >= 3 && is_han(u + i)) { /* ideographs: one script, else unchanged */
            if (hz) { /* folded as they are copied: room for the rest of the text */
                if (!out_reserve(o, n - i))
                    return ST_NO_MEMORY;
                j = fold_han_run(u, i, n, hz, o->buf + o->len);
            } else {
                while (n - j >= 3 && is_han(u + j) && (n - j == 3 || breaks_before(u + j + 3, n - j - 3)))
                    j += 3;
                if (j > i && !out_reserve(o, j - i))
                    return ST_NO_MEMORY;
                if (j > i)
                    memcpy(o->buf + o->len, s + i, j - i);
            }
            if (j > i) {
                if (!same && !piece_push(o, o->len - base, i, true))
                    return ST_NO_MEMORY;
                same = true;
                o->len += j - i;
                i = j;
                continue;
            }
        }
        /* Anything else: one cluster. */
        size_t k, at = o->len;
        if (n - i >= 3 && is_fullwidth(u + i) && (n - i == 3 || breaks_before(u + i + 3, n - i - 3))) {
            unsigned c = ((unsigned)(u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F)) + 0xF000 - 0xFEE0;
            if (!out_reserve(o, 1))
                return ST_NO_MEMORY;
            o->buf[o->len++] = keep_case ? (char)c : lower_ascii(c);
            k = 3;
        } else {
            k = text_cluster_len(s + i, n - i);
            if (!fold_cluster(o, s + i, k, keep_case, hz))
                return ST_NO_MEMORY;
        }
        size_t flen = o->len - at;
        bool one = seq_len(u[i]) == k && flen == k && seq_len((unsigned char)o->buf[at]) == k;
        if (one && !same && !piece_push(o, at - base, i, true))
            return ST_NO_MEMORY;
        if (!one && !piece_push(o, at - base, i, false))
            return ST_NO_MEMORY;
        same = one;
        i += k;
        if (o->len - base > FOLD_MAX)
            return ST_TOO_LARGE;
    }
    if (o->len - base > FOLD_MAX)
        return ST_TOO_LARGE;
    o->buf[o->len] = '\0';
    return ST_OK;
}

status search_fold_text(const char *s, size_t n, bool keep_case, const hanzi_map *hz,
                        search_folded *out)
{
    fold_out o = {0};
    status st = out_reserve(&o, n) ? fold_append(&o, s, n, keep_case, hz) : ST_NO_MEMORY;
    if (st != ST_OK) {
        free(o.buf);
        free(o.pieces);
        *out = (search_folded){0};
        return st;
    }
    *out = (search_folded){o.buf, o.len, o.pieces, o.np, n};
    return ST_OK;
}

void search_folded_free(search_folded *f)
{
    if (!f)
        return;
    free(f->buf);
    free(f->pieces);
    *f = (search_folded){0};
}

/* The last piece whose fold is <= x, or np when none. */
static size_t piece_at(const search_piece *p, size_t np, size_t x)
{
    size_t lo = 0, hi = np; /* first piece with fold > x */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid].fold <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? np : lo - 1;
}

/* Folded [fs, fe) (fs < fe) to text bytes through a map. */
static void map_back(const search_piece *p, size_t np, size_t src_len, size_t fs, size_t fe,
                     size_t *start, size_t *end)
{
    size_t i = piece_at(p, np, fs);
    if (i == np)
        *start = fs;
    else
        *start = p[i].same ? p[i].src + (fs - p[i].fold) : p[i].src;
    size_t j = piece_at(p, np, fe - 1);
    if (j == np)
        *end = fe;
    else if (p[j].same)
        *end = p[j].src + (fe - p[j].fold);
    else
        *end = j + 1 < np ? p[j + 1].src : src_len;
}

void search_folded_source(const search_folded *f, size_t fs, size_t fe, size_t *start,
                          size_t *end)
{
    map_back(f->pieces, f->npieces, f->src_len, fs, fe, start, end);
}

status search_fold(const char *s, size_t n, bool keep_case, const hanzi_map *hz, char **out,
                   size_t *outlen)
{
    search_folded f;
    status st = search_fold_text(s, n, keep_case, hz, &f);
    *out = NULL;
    *outlen = 0;
    if (st != ST_OK)
        return st;
    free(f.pieces);
    *out = f.buf;
    *outlen = f.len;
    return ST_OK;
}

bool search_has_upper(const char *s, size_t n)
{
    char *f;
    size_t len;
    if (search_fold(s, n, true, NULL, &f, &len) != ST_OK) /* NFKC first: Ⓐ is A */
        return false;
    bool upper = false;
    for (size_t i = 0; i < len && !upper;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)f + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0)
            break;
        upper = utf8proc_tolower(cp) != cp;
        i += (size_t)k;
    }
    free(f);
    return upper;
}

/* ---- the index ------------------------------------------------------------------------ */

/* The case-folded units in one buffer: unit u's slot is
 * buf[ustart[u], ustart[u+1]), its fold first, then NULs (at least one: no
 * match crosses units); its pieces are pieces[upiece[u], upiece[u+1]). */
typedef struct side {
    fold_out o;
    uint32_t *ustart;   /* nunits + 1 */
    uint32_t *upiece;   /* nunits + 1 */
    size_t bytes[256];  /* how often each byte value occurs in buf */
} side;

/* The units folded with their case kept, in the same offsets as the side.
 * Folding with and without case differs only in letters, so almost every
 * unit's kept folding is laid out as its folded one — the same length,
 * the same pieces — and differs in a few bytes (the capitals): those are
 * kept as patches over the side's buffer, not as a second copy of the
 * text. A unit laid out differently (ß folds to "ss", İ to "i̇": rare) is
 * "own": its kept folding is kept whole, and its slot in the side is
 * padded with NULs to hold it, so that one offset space serves both
 * cases. */
typedef struct kept {
    uint32_t *ppos;      /* npatch offsets into the side's buffer, ascending */
    uint8_t *pbyte;      /* the kept byte at each (never the folded one) */
    size_t npatch, pcap, pbcap; /* capacities of ppos and pbyte */
    uint32_t *own;       /* nown own units, ascending */
    size_t nown, owncap;
    fold_out o;          /* their kept foldings, one after another: own unit */
    size_t *ostart;      /* k's is o.buf[ostart[k], ostart[k + 1]), its */
    size_t *opiece;      /* pieces o.pieces[opiece[k], opiece[k + 1]) */
    size_t ostart_cap, opiece_cap;
    size_t bytes[256];   /* how often each byte value occurs in the view */
} kept;

/* A streamed index keeps no folded copy of the text: a search folds the
 * units again as it goes (the slots of the offset space are sized when the
 * index is built). Above SEARCH_STREAM_MIN bytes of text the folded copy
 * would cost more than the memory a reader may use (twice the file and a
 * little: the text itself, the doc and the copy already take 2.2 times),
 * so a search there costs a pass over the text (about 5 ms a megabyte)
 * instead; below it, each key filters or scans a stored folding. */
#define SEARCH_STREAM_MIN ((size_t)12 << 20)

/* The one unit folded last (matches come in order, and the screen maps
 * the few it shows): its folding and pieces. */
typedef struct stream {
    fold_out o;
    size_t unit; /* SIZE_MAX: none yet */
    bool keep;
} stream;

enum { BUILD_IDLE, BUILD_RUNNING, BUILD_DONE };

struct search_index {
    const doc *d;
    search_unit *units;
    size_t nunits;
    uint32_t *para_unit[LANG_SIDES];
    uint32_t *note_unit;
    side fold;              /* case folded (streamed: ustart only) */
    kept kv;                /* case kept, over fold (streamed: unused) */
    struct stream *stream;  /* streamed: no folded copy is kept (below) */
    /* Simplified and traditional folded to one script (hanzi.h): the map
     * in use (NULL: none), set by search_index_use_hanzi or, when it was
     * not called, loaded by the build (written by the build, read once
     * built); why there is none, when loading failed. */
    const hanzi_map *hz;
    hanzi_map *hz_own;      /* the map the build loaded, owned */
    bool hz_given;          /* search_index_use_hanzi: load none */
    char hz_why[96];
    status built;           /* valid once state is BUILD_DONE */
    atomic_int state;
    atomic_bool stop;       /* asks a background build to give up */
    bool thread_live;       /* a thread to join */
    pthread_t thread;
};

static bool unit_push(search_index *ix, size_t *cap, search_unit_kind kind, int lang,
                      size_t index, size_t segment)
{
    if (!grow_to((void **)&ix->units, cap, ix->nunits + 1, sizeof *ix->units))
        return false;
    ix->units[ix->nunits++] =
        (search_unit){(uint8_t)kind, (uint8_t)lang, (uint32_t)index, (uint32_t)segment};
    return true;
}

/* Units in block order (layout.h): notes before segment p, segment p's
 * Chinese then English paragraphs; notes after the last at the end. */
static bool list_units(search_index *ix)
{
    const doc *d = ix->d;
    size_t cap = 0, nseg = d->nsegments;
    size_t *order = malloc((d->nnotes ? d->nnotes : 1) * sizeof *order);
    if (!order)
        return false;
    /* notes sorted by position, stable (counting sort) */
    size_t *count = calloc(nseg + 2, sizeof *count);
    if (!count) {
        free(order);
        return false;
    }
    for (size_t i = 0; i < d->nnotes; i++)
        count[(d->notes[i].position > nseg ? nseg : d->notes[i].position) + 1]++;
    for (size_t p = 1; p <= nseg + 1; p++)
        count[p] += count[p - 1];
    for (size_t i = 0; i < d->nnotes; i++)
        order[count[d->notes[i].position > nseg ? nseg : d->notes[i].position]++] = i;
    bool ok = true;
    size_t k = 0;
    for (size_t s = 0; s <= nseg && ok; s++) {
        for (; k < d->nnotes && ok; k++) {
            size_t pos = d->notes[order[k]].position;
            if ((pos > nseg ? nseg : pos) != s)
                break;
            ok = unit_push(ix, &cap, SEARCH_UNIT_NOTE, LANG_NONE, order[k], s);
        }
        if (s == nseg)
            break;
        const doc_segment *sg = &d->segments[s];
        for (int l = 0; l < LANG_SIDES && ok; l++)
            for (uint32_t j = 0; j < sg->count[l] && ok; j++)
                ok = unit_push(ix, &cap, SEARCH_UNIT_PARA, l, sg->first[l] + j, s);
    }
    free(count);
    free(order);
    if (ok) /* the list lives as long as the index */
        GROW_FIT(ix->units, cap, ix->nunits);
    return ok;
}

static search_index *index_make(const doc *d, bool streamed)
{
    search_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->d = d;
    if (streamed && !(ix->stream = calloc(1, sizeof *ix->stream))) {
        free(ix);
        return NULL;
    }
    if (streamed)
        ix->stream->unit = SIZE_MAX;
    atomic_init(&ix->state, BUILD_IDLE);
    atomic_init(&ix->stop, false);
    bool ok = list_units(ix);
    for (int l = 0; l < LANG_SIDES; l++) {
        ix->para_unit[l] = malloc((d->nparas[l] ? d->nparas[l] : 1) * sizeof(uint32_t));
        ok = ok && ix->para_unit[l];
    }
    ix->note_unit = malloc((d->nnotes ? d->nnotes : 1) * sizeof(uint32_t));
    if (!ok || !ix->note_unit || ix->nunits >= UINT32_MAX) {
        search_index_free(ix);
        return NULL;
    }
    for (int l = 0; l < LANG_SIDES; l++)
        memset(ix->para_unit[l], 0xFF, (d->nparas[l] ? d->nparas[l] : 1) * sizeof(uint32_t));
    memset(ix->note_unit, 0xFF, (d->nnotes ? d->nnotes : 1) * sizeof(uint32_t));
    for (size_t u = 0; u < ix->nunits; u++) {
        const search_unit *su = &ix->units[u];
        if (su->kind == SEARCH_UNIT_NOTE)
            ix->note_unit[su->index] = (uint32_t)u;
        else
            ix->para_unit[su->lang][su->index] = (uint32_t)u;
    }
    return ix;
}

search_index *search_index_new(const doc *d)
{
    size_t text = 0;
    for (int l = 0; l < LANG_SIDES; l++)
        for (size_t i = 0; i < d->nparas[l]; i++)
            text += d->paras[l][i].len;
    for (size_t i = 0; i < d->nnotes; i++)
        text += d->notes[i].len;
    return index_make(d, text > SEARCH_STREAM_MIN);
}

search_index *search_index_new_streamed(const doc *d) { return index_make(d, true); }

static void side_free(side *sd)
{
    free(sd->o.buf);
    free(sd->o.pieces);
    free(sd->ustart);
    free(sd->upiece);
    *sd = (side){0};
}

static void kept_free(kept *kv)
{
    free(kv->ppos);
    free(kv->pbyte);
    free(kv->own);
    free(kv->o.buf);
    free(kv->o.pieces);
    free(kv->ostart);
    free(kv->opiece);
    *kv = (kept){0};
}

static void join_build(search_index *ix)
{
    if (ix->thread_live) {
        pthread_join(ix->thread, NULL);
        ix->thread_live = false;
    }
}

void search_index_free(search_index *ix)
{
    if (!ix)
        return;
    atomic_store(&ix->stop, true); /* quitting need not wait for the folding */
    join_build(ix);
    side_free(&ix->fold);
    kept_free(&ix->kv);
    hanzi_free(ix->hz_own);
    if (ix->stream) {
        free(ix->stream->o.buf);
        free(ix->stream->o.pieces);
        free(ix->stream);
    }
    for (int l = 0; l < LANG_SIDES; l++)
        free(ix->para_unit[l]);
    free(ix->note_unit);
    free(ix->units);
    free(ix);
}

/* The text of unit u. */
static const char *unit_text(const search_index *ix, size_t u, size_t *len)
{
    const search_unit *su = &ix->units[u];
    if (su->kind == SEARCH_UNIT_NOTE) {
        *len = ix->d->notes[su->index].len;
        return ix->d->notes[su->index].text;
    }
    const doc_para *p = &ix->d->paras[su->lang][su->index];
    *len = p->len;
    return p->text;
}

/* Room for one more patch. */
static bool patch_room(kept *kv)
{
    return GROW(kv->ppos, kv->pcap, kv->npatch + 1) && GROW(kv->pbyte, kv->pbcap, kv->npatch + 1);
}

/* The kept folding k of unit u (whose folded one was just appended to
 * sd) as patches over the side, or as an own unit. */
static status kept_add(side *sd, kept *kv, size_t u, const fold_out *k)
{
    size_t base = sd->ustart[u], flen = sd->o.len - base, np = sd->o.np - sd->upiece[u];
    bool laid_out = k->len == flen && k->np == np;
    const search_piece *fp = np ? sd->o.pieces + sd->upiece[u] : NULL; /* no NULL + 0 */
    for (size_t i = 0; laid_out && i < np; i++)
        laid_out = fp[i].fold == k->pieces[i].fold && fp[i].src == k->pieces[i].src &&
                   fp[i].same == k->pieces[i].same;
    if (laid_out) {
        const char *f = sd->o.buf + base;
        if (flen && memcmp(f, k->buf, flen) == 0)
            return ST_OK;
        for (size_t i = 0; i < flen; i++) {
            if (f[i] == k->buf[i])
                continue;
            if (!patch_room(kv))
                return ST_NO_MEMORY;
            kv->ppos[kv->npatch] = (uint32_t)(base + i);
            kv->pbyte[kv->npatch++] = (uint8_t)k->buf[i];
        }
        return ST_OK;
    }
    if (!GROW(kv->own, kv->owncap, kv->nown + 1) || !GROW(kv->ostart, kv->ostart_cap, kv->nown + 2) ||
        !GROW(kv->opiece, kv->opiece_cap, kv->nown + 2))
        return ST_NO_MEMORY;
    if (kv->nown == 0)
        kv->ostart[0] = kv->opiece[0] = 0;
    if (!out_reserve(&kv->o, k->len) ||
        (k->np && !GROW(kv->o.pieces, kv->o.pcap, kv->o.np + k->np)))
        return ST_NO_MEMORY;
    memcpy(kv->o.buf + kv->o.len, k->buf, k->len);
    kv->o.len += k->len;
    if (k->np)
        memcpy(kv->o.pieces + kv->o.np, k->pieces, k->np * sizeof *k->pieces);
    kv->o.np += k->np;
    kv->own[kv->nown++] = (uint32_t)u;
    kv->ostart[kv->nown] = kv->o.len;
    kv->opiece[kv->nown] = kv->o.np;
    if (k->len > flen) { /* the slot holds either folding */
        if (!out_reserve(&sd->o, k->len - flen))
            return ST_NO_MEMORY;
        memset(sd->o.buf + sd->o.len, 0, k->len - flen);
        sd->o.len += k->len - flen;
    }
    return ST_OK;
}

/* Folds unit u both ways: into the side, and its kept folding into the
 * view (k is scratch space). */
static status unit_fold(search_index *ix, size_t u, fold_out *k)
{
    side *sd = &ix->fold;
    size_t len;
    const char *t = unit_text(ix, u, &len);
    sd->ustart[u] = (uint32_t)sd->o.len;
    sd->upiece[u] = (uint32_t)sd->o.np;
    status st = fold_append(&sd->o, t, len, false, ix->hz);
    k->len = k->np = 0;
    if (st == ST_OK)
        st = out_reserve(k, len) ? fold_append(k, t, len, true, ix->hz) : ST_NO_MEMORY;
    if (st == ST_OK)
        st = kept_add(sd, &ix->kv, u, k);
    if (st != ST_OK)
        return st;
    if (sd->o.len + 1 > FOLD_MAX || sd->o.np >= UINT32_MAX)
        return ST_TOO_LARGE;
    sd->o.buf[sd->o.len++] = '\0'; /* between units: in no pattern */
    sd->o.buf[sd->o.len] = '\0';
    return ST_OK;
}

/* The view's byte counts: the side's, with the patches and the own units'
 * foldings in place of what they cover. */
static void kept_count(const side *sd, kept *kv)
{
    memcpy(kv->bytes, sd->bytes, sizeof kv->bytes);
    const unsigned char *b = (const unsigned char *)sd->o.buf;
    for (size_t i = 0; i < kv->npatch; i++) {
        kv->bytes[b[kv->ppos[i]]]--;
        kv->bytes[kv->pbyte[i]]++;
    }
    for (size_t k = 0; k < kv->nown; k++) {
        size_t u = kv->own[k];
        for (size_t i = sd->ustart[u]; i < sd->ustart[u + 1]; i++)
            kv->bytes[b[i]]--;
        for (size_t i = kv->ostart[k]; i < kv->ostart[k + 1]; i++)
            kv->bytes[(unsigned char)kv->o.buf[i]]++;
    }
}

/* Gives back what growing left spare: the index lives as long as the
 * reader. */
static void index_trim(side *sd, kept *kv)
{
    GROW_FIT(sd->o.buf, sd->o.cap, sd->o.len + 1);
    GROW_FIT(sd->o.pieces, sd->o.pcap, sd->o.np);
    GROW_FIT(kv->ppos, kv->pcap, kv->npatch);
    GROW_FIT(kv->pbyte, kv->pbcap, kv->npatch);
}

/* A streamed index: the slot of each unit, sized to hold either folding
 * (the offsets are the same as a stored index's). */
static status build_slots(search_index *ix)
{
    side *sd = &ix->fold;
    sd->ustart = malloc((ix->nunits + 1) * sizeof *sd->ustart);
    fold_out k = {0};
    status st = sd->ustart ? ST_OK : ST_NO_MEMORY;
    size_t at = 0;
    for (size_t u = 0; st == ST_OK && u < ix->nunits; u++) {
        size_t len, most = 0;
        const char *t = unit_text(ix, u, &len);
        for (int keep = 0; st == ST_OK && keep < 2; keep++) {
            k.len = k.np = 0;
            st = out_reserve(&k, len) ? fold_append(&k, t, len, keep, ix->hz) : ST_NO_MEMORY;
            most = k.len > most ? k.len : most;
        }
        if (atomic_load_explicit(&ix->stop, memory_order_relaxed))
            st = ST_NO_MEMORY; /* the index is being freed: nobody waits for it */
        sd->ustart[u] = (uint32_t)at;
        at += most + 1;
        if (st == ST_OK && at > FOLD_MAX)
            st = ST_TOO_LARGE;
    }
    free(k.buf);
    free(k.pieces);
    if (st != ST_OK) {
        side_free(sd);
        return st;
    }
    sd->ustart[ix->nunits] = (uint32_t)at;
    return ST_OK;
}

/* True when text s (n bytes of valid UTF-8) holds a CJK ideograph: one a
 * map covers, or one beyond the BMP (a fold may lead there). */
static bool has_ideograph(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned c = u[i], d = u[i + 1];
        if ((c >= 0xE4 && c <= 0xE9) || (c == 0xE3 && d >= 0x90) ||
            (c == 0xEF && d >= 0xA4 && d <= 0xAB) || (c == 0xF0 && d >= 0xA0))
            return true;
    }
    return false;
}

/* The script folding, unless the index was given one: loaded from OpenCC
 * (tens of milliseconds, in the build's thread) when the text has any
 * ideograph at all; an English transcript needs none. */
static void load_hanzi(search_index *ix)
{
    if (ix->hz_given || ix->hz_own)
        return;
    bool any = false;
    for (size_t u = 0; u < ix->nunits && !any; u++) {
        size_t len;
        const char *t = unit_text(ix, u, &len);
        any = has_ideograph(t, len);
    }
    if (any)
        ix->hz = ix->hz_own = hanzi_load(NULL, ix->hz_why, sizeof ix->hz_why);
}

static status build_all(search_index *ix)
{
    load_hanzi(ix);
    if (ix->stream)
        return build_slots(ix);
    side *sd = &ix->fold;
    size_t total = 0;
    for (size_t u = 0; u < ix->nunits; u++) {
        size_t len;
        unit_text(ix, u, &len);
        total += len + 1;
    }
    sd->ustart = malloc((ix->nunits + 1) * sizeof *sd->ustart);
    sd->upiece = malloc((ix->nunits + 1) * sizeof *sd->upiece);
    fold_out k = {0};
    /* Folding rarely grows text (fullwidth forms shrink it): a little
     * over its length is room enough, and never a doubling of it. */
    status st = sd->ustart && sd->upiece && out_reserve(&sd->o, total + total / 64 + 64)
                    ? ST_OK : ST_NO_MEMORY;
    for (size_t u = 0; st == ST_OK && u < ix->nunits; u++) {
        if (atomic_load_explicit(&ix->stop, memory_order_relaxed))
            st = ST_NO_MEMORY; /* the index is being freed: nobody waits for it */
        else
            st = unit_fold(ix, u, &k);
    }
    free(k.buf);
    free(k.pieces);
    if (st != ST_OK) {
        side_free(sd);
        kept_free(&ix->kv);
        return st;
    }
    sd->ustart[ix->nunits] = (uint32_t)sd->o.len;
    sd->upiece[ix->nunits] = (uint32_t)sd->o.np;
    const unsigned char *b = (const unsigned char *)sd->o.buf;
    for (size_t i = 0; i < sd->o.len; i++)
        sd->bytes[b[i]]++;
    kept_count(sd, &ix->kv);
    index_trim(sd, &ix->kv);
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    return ST_OK;
}

static void *build_thread(void *arg)
{
    search_index *ix = arg;
    ix->built = build_all(ix);
    atomic_store_explicit(&ix->state, BUILD_DONE, memory_order_release);
    return NULL;
}

status search_index_build(search_index *ix)
{
    join_build(ix);
    if (atomic_load_explicit(&ix->state, memory_order_acquire) != BUILD_DONE) {
        ix->built = build_all(ix);
        atomic_store_explicit(&ix->state, BUILD_DONE, memory_order_release);
    }
    return ix->built;
}

bool search_index_start(search_index *ix)
{
    if (atomic_load(&ix->state) != BUILD_IDLE)
        return true;
    atomic_store(&ix->state, BUILD_RUNNING);
    /* The thread takes no signals: SIGINT, SIGTERM, SIGHUP and SIGWINCH
     * must reach the thread that waits for keys, to wake it. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int err = pthread_create(&ix->thread, NULL, build_thread, ix);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err != 0) {
        atomic_store(&ix->state, BUILD_IDLE);
        return false;
    }
    ix->thread_live = true;
    return true;
}

void search_index_use_hanzi(search_index *ix, const hanzi_map *hz, const char *why)
{
    ix->hz = hz;
    ix->hz_given = true;
    snprintf(ix->hz_why, sizeof ix->hz_why, "%s", hz || !why ? "" : why);
}

const char *search_index_hanzi_note(const search_index *ix, const char *pattern, size_t n)
{
    if (ix->hz || !ix->hz_why[0] || !has_ideograph(pattern, n))
        return NULL;
    return ix->hz_why;
}

bool search_index_ready(search_index *ix)
{
    return atomic_load_explicit(&ix->state, memory_order_acquire) == BUILD_DONE;
}

size_t search_index_nunits(const search_index *ix) { return ix->nunits; }

const search_unit *search_index_unit(const search_index *ix, size_t u) { return &ix->units[u]; }

size_t search_index_find_unit(const search_index *ix, search_unit_kind kind, int lang,
                              size_t index)
{
    uint32_t u;
    if (kind == SEARCH_UNIT_NOTE)
        u = index < ix->d->nnotes ? ix->note_unit[index] : UINT32_MAX;
    else
        u = lang >= 0 && lang < LANG_SIDES && index < ix->d->nparas[lang]
                ? ix->para_unit[lang][index]
                : UINT32_MAX;
    return u == UINT32_MAX ? SIZE_MAX : u;
}

size_t search_index_memory(const search_index *ix)
{
    size_t m = sizeof *ix + ix->nunits * sizeof *ix->units + ix->d->nnotes * sizeof(uint32_t);
    for (int l = 0; l < LANG_SIDES; l++)
        m += ix->d->nparas[l] * sizeof(uint32_t);
    const side *sd = &ix->fold;
    const kept *kv = &ix->kv;
    m += sd->o.cap + sd->o.pcap * sizeof(search_piece);
    if (sd->ustart)
        m += (ix->nunits + 1) * (sizeof *sd->ustart + sizeof *sd->upiece);
    m += kv->pcap * sizeof *kv->ppos + kv->pbcap * sizeof *kv->pbyte + kv->owncap * sizeof *kv->own +
         kv->o.cap + kv->o.pcap * sizeof(search_piece);
    m += kv->ostart_cap * sizeof *kv->ostart + kv->opiece_cap * sizeof *kv->opiece;
    if (ix->stream)
        m += sizeof *ix->stream + ix->stream->o.cap + ix->stream->o.pcap * sizeof(search_piece);
    return m + hanzi_memory(ix->hz_own);
}

/* ---- matching ------------------------------------------------------------------------ */

/* The index of the pattern byte that occurs least often (by counts). */
static size_t rarest(const size_t bytes[256], const char *p, size_t plen)
{
    const unsigned char *up = (const unsigned char *)p;
    size_t a = 0;
    for (size_t i = 1; i < plen; i++)
        if (bytes[up[i]] < bytes[up[a]])
            a = i;
    return a;
}

static bool at_push(search_result *out, size_t at)
{
    if (!GROW(out->at, out->cap, out->n + 1))
        return false;
    out->at[out->n++] = (uint32_t)at;
    return true;
}

/* Every occurrence of p in the side's buffer. Candidates are found by
 * the pattern's rarest byte (memchr runs far ahead between them) and
 * checked whole; the byte counts also size the result at once. */
static status scan(const side *sd, const char *p, size_t plen, search_result *out)
{
    size_t a = rarest(sd->bytes, p, plen);
    size_t most = sd->bytes[(unsigned char)p[a]];
    if (most == 0)
        return ST_OK;
    if (!GROW(out->at, out->cap, most))
        return ST_NO_MEMORY;
    const char *h = sd->o.buf, *end = h + sd->o.len, *q = h + a;
    size_t n = 0;
    while (q < end && (q = memchr(q, p[a], (size_t)(end - q)))) {
        const char *s = q - a;
        if ((size_t)(end - s) >= plen && memcmp(s, p, plen) == 0)
            out->at[n++] = (uint32_t)(s - h);
        q++;
    }
    out->n = n;
    return ST_OK;
}

/* The first patch at or after offset x, from patch `from` on. */
static size_t patch_at(const kept *kv, size_t from, size_t x)
{
    size_t lo = from, hi = kv->npatch;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (kv->ppos[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* True when the view holds p (n bytes) at offset x of a unit that is not
 * own: the side's bytes with the patches over them. Stops at the NUL that
 * ends the unit. *hint: no patch before it lies at x or after (0 will
 * do); moved on for the next call with a larger x. */
static bool view_equal(const side *sd, const kept *kv, size_t *hint, size_t x, const char *p,
                       size_t n)
{
    size_t pc = *hint = patch_at(kv, *hint, x);
    for (size_t i = 0; i < n; i++, x++) {
        char c = sd->o.buf[x];
        if (pc < kv->npatch && kv->ppos[pc] == x)
            c = (char)kv->pbyte[pc++];
        if (c != p[i])
            return false;
    }
    return true;
}

/* Walks the own units along ascending offsets: the own unit (index into
 * kv->own) whose slot holds x, or kv->nown when x lies in no own unit. */
static size_t own_walk(const search_index *ix, size_t *k, size_t x)
{
    const kept *kv = &ix->kv;
    const uint32_t *us = ix->fold.ustart;
    while (*k < kv->nown && us[kv->own[*k] + 1] <= x)
        (*k)++;
    return *k < kv->nown && us[kv->own[*k]] <= x ? *k : kv->nown;
}

/* The matches in own unit k's kept folding, appended in order. */
static status scan_own(const search_index *ix, size_t k, const char *p, size_t plen,
                       search_result *out)
{
    const kept *kv = &ix->kv;
    const char *h = kv->o.buf + kv->ostart[k];
    size_t len = kv->ostart[k + 1] - kv->ostart[k], base = ix->fold.ustart[kv->own[k]];
    for (const char *q = h; (size_t)(h + len - q) >= plen;) {
        q = memmem(q, (size_t)(h + len - q), p, plen);
        if (!q)
            break;
        if (!at_push(out, base + (size_t)(q - h)))
            return ST_NO_MEMORY;
        q++;
    }
    return ST_OK;
}

/* Every occurrence of p in the case-kept view. In units laid out as the
 * side, the candidates are the places of the pattern's rarest byte in
 * the view: in the side's buffer where no patch covers it, and the
 * patches that put it there (two ascending streams, merged); own units
 * are scanned whole, in their turn. */
static status scan_kept(const search_index *ix, const char *p, size_t plen, search_result *out)
{
    const side *sd = &ix->fold;
    const kept *kv = &ix->kv;
    size_t a = rarest(kv->bytes, p, plen);
    unsigned char c = (unsigned char)p[a];
    if (kv->bytes[c] == 0)
        return ST_OK;
    const char *h = sd->o.buf, *end = h + sd->o.len;
    const char *q = sd->bytes[c] ? memchr(h + a, c, (size_t)(end - h - a)) : NULL;
    /* pc: the patch at or after the candidate; pq: the next patch of c;
     * ph: view_equal's; k, ko: own units reached, and scanned */
    size_t pc = 0, pq = 0, ph = 0, k = 0, ko = 0;
    while (pq < kv->npatch && (kv->pbyte[pq] != c || kv->ppos[pq] < a))
        pq++;
    for (;;) {
        size_t x;
        if (q && (pq >= kv->npatch || (size_t)(q - h) < kv->ppos[pq])) {
            x = (size_t)(q - h);
            q = q + 1 < end ? memchr(q + 1, c, (size_t)(end - q - 1)) : NULL;
            pc = patch_at(kv, pc, x);
            if (pc < kv->npatch && kv->ppos[pc] == x)
                continue; /* patched: the view holds another byte here */
        } else if (pq < kv->npatch) {
            x = kv->ppos[pq];
            do
                pq++;
            while (pq < kv->npatch && kv->pbyte[pq] != c);
        } else {
            break;
        }
        size_t s = x - a, o = own_walk(ix, &k, s);
        for (; ko < k; ko++) /* own units before this place, in their turn */
            if (scan_own(ix, ko, p, plen, out) != ST_OK)
                return ST_NO_MEMORY;
        if (o < kv->nown)
            continue; /* an own unit: scanned in its turn */
        if (view_equal(sd, kv, &ph, s, p, plen) && !at_push(out, s))
            return ST_NO_MEMORY;
    }
    for (; ko < kv->nown; ko++)
        if (scan_own(ix, ko, p, plen, out) != ST_OK)
            return ST_NO_MEMORY;
    return ST_OK;
}

/* The matches of prev (a prefix of p, prev->plen bytes) that go on with
 * the rest of p. */
static status filter(const search_index *ix, bool keep, const search_result *prev,
                     const char *p, size_t plen, search_result *out)
{
    const side *sd = &ix->fold;
    const kept *kv = &ix->kv;
    const char *h = sd->o.buf;
    size_t done = prev->plen, rest = plen - done, len = sd->o.len, k = 0, ph = 0;
    if (!GROW(out->at, out->cap, prev->n ? prev->n : 1))
        return ST_NO_MEMORY;
    size_t n = 0;
    for (size_t i = 0; i < prev->n; i++) {
        size_t a = prev->at[i];
        /* the matches are far apart in a large buffer: ask for the
         * memory a few matches ahead, so the compare does not wait */
        if (i + 16 < prev->n)
            __builtin_prefetch(h + prev->at[i + 16] + done);
        bool ok;
        size_t o = keep ? own_walk(ix, &k, a) : kv->nown;
        if (o < kv->nown) {
            size_t off = a - sd->ustart[kv->own[o]];
            size_t olen = kv->ostart[o + 1] - kv->ostart[o];
            ok = off + plen <= olen &&
                 memcmp(kv->o.buf + kv->ostart[o] + off + done, p + done, rest) == 0;
        } else if (keep) {
            ok = a + plen <= len && view_equal(sd, kv, &ph, a + done, p + done, rest);
        } else {
            ok = a + plen <= len && memcmp(h + a + done, p + done, rest) == 0;
        }
        if (ok)
            out->at[n++] = (uint32_t)a;
    }
    out->n = n;
    return ST_OK;
}

void search_result_free(search_result *r)
{
    if (!r)
        return;
    free(r->pattern);
    free(r->at);
    *r = (search_result){0};
}

/* Unit u folded in the case asked for, in the stream's buffer (kept when
 * it is already there). */
static status stream_fold(const search_index *ix, size_t u, bool keep)
{
    stream *sm = ix->stream;
    if (sm->unit == u && sm->keep == keep)
        return ST_OK;
    size_t len;
    const char *t = unit_text(ix, u, &len);
    sm->o.len = sm->o.np = 0;
    sm->unit = SIZE_MAX;
    status st = out_reserve(&sm->o, len) ? fold_append(&sm->o, t, len, keep, ix->hz) : ST_NO_MEMORY;
    if (st == ST_OK) {
        sm->unit = u;
        sm->keep = keep;
    }
    return st;
}

/* Every occurrence of p in units [u0, u1), each folded into o as the scan
 * reaches it, appended to out. */
static status stream_units(const search_index *ix, bool keep, const char *p, size_t plen,
                           size_t u0, size_t u1, fold_out *o, search_result *out)
{
    for (size_t u = u0; u < u1; u++) {
        size_t len;
        const char *t = unit_text(ix, u, &len);
        o->len = o->np = 0;
        status st = out_reserve(o, len) ? fold_append(o, t, len, keep, ix->hz) : ST_NO_MEMORY;
        if (st != ST_OK)
            return st;
        const char *h = o->buf, *end = h + o->len;
        for (const char *q = h; (size_t)(end - q) >= plen; q++) {
            q = memmem(q, (size_t)(end - q), p, plen);
            if (!q)
                break;
            if (!at_push(out, ix->fold.ustart[u] + (size_t)(q - h)))
                return ST_NO_MEMORY;
        }
    }
    return ST_OK;
}

/* The second half of a streamed scan, in a thread of its own. */
typedef struct stream_half {
    const search_index *ix;
    bool keep;
    const char *p;
    size_t plen, u0, u1;
    fold_out o;
    search_result r;
    status st;
} stream_half;

static void *stream_half_run(void *arg)
{
    stream_half *h = arg;
    h->st = stream_units(h->ix, h->keep, h->p, h->plen, h->u0, h->u1, &h->o, &h->r);
    return NULL;
}

/* Every occurrence of p, unit by unit, each folded as the scan reaches it:
 * the second half of the units in another thread (two cores halve a pass
 * over a long text), the first here, in the stream's buffer. */
static status stream_scan(const search_index *ix, bool keep, const char *p, size_t plen,
                          search_result *out)
{
    stream *sm = ix->stream;
    sm->unit = SIZE_MAX; /* its buffer is scratch for now */
    size_t mid = ix->nunits / 2;
    stream_half h = {.ix = ix, .keep = keep, .p = p, .plen = plen, .u0 = mid, .u1 = ix->nunits};
    pthread_t th;
    sigset_t all, old;
    sigfillset(&all); /* signals stay with the thread that waits for keys */
    pthread_sigmask(SIG_SETMASK, &all, &old);
    bool two = mid > 0 && pthread_create(&th, NULL, stream_half_run, &h) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    status st = stream_units(ix, keep, p, plen, 0, two ? mid : ix->nunits, &sm->o, out);
    if (two) {
        pthread_join(th, NULL);
        if (st == ST_OK)
            st = h.st;
        for (size_t i = 0; st == ST_OK && i < h.r.n; i++)
            if (!at_push(out, h.r.at[i]))
                st = ST_NO_MEMORY;
    }
    free(h.o.buf);
    free(h.o.pieces);
    free(h.r.at);
    return st;
}

/* The matches of prev that go on with the rest of p, each unit folded
 * once for all its matches. */
static status stream_filter(const search_index *ix, bool keep, const search_result *prev,
                            const char *p, size_t plen, search_result *out)
{
    const stream *sm = ix->stream;
    const uint32_t *us = ix->fold.ustart;
    size_t done = prev->plen, u = 0;
    for (size_t i = 0; i < prev->n; i++) {
        size_t a = prev->at[i];
        while (us[u + 1] <= a)
            u++;
        status st = stream_fold(ix, u, keep);
        if (st != ST_OK)
            return st;
        size_t off = a - us[u];
        if (off + plen <= sm->o.len && memcmp(sm->o.buf + off + done, p + done, plen - done) == 0 &&
            !at_push(out, a))
            return ST_NO_MEMORY;
    }
    return ST_OK;
}

status search_run(search_index *ix, const char *pattern, size_t n, const search_result *prev,
                  search_result *out)
{
    status st = search_index_build(ix);
    if (st != ST_OK)
        return st;
    bool keep = search_has_upper(pattern, n);
    char *p;
    size_t plen;
    st = search_fold(pattern, n, keep, ix->hz, &p, &plen);
    if (st != ST_OK)
        return st;
    free(out->pattern);
    out->pattern = p;
    out->plen = plen;
    out->keep_case = keep;
    out->n = 0;
    if (plen == 0)
        return ST_OK;
    bool narrow = prev && prev->pattern && prev->keep_case == keep && prev->plen > 0 &&
                  prev->plen <= plen && memcmp(prev->pattern, p, prev->plen) == 0;
    if (ix->stream)
        return narrow ? stream_filter(ix, keep, prev, p, plen, out)
                      : stream_scan(ix, keep, p, plen, out);
    if (narrow)
        return filter(ix, keep, prev, p, plen, out);
    return keep ? scan_kept(ix, p, plen, out) : scan(&ix->fold, p, plen, out);
}

size_t search_match_unit(const search_index *ix, const search_result *r, size_t i)
{
    const uint32_t *us = ix->fold.ustart;
    uint32_t at = r->at[i];
    size_t lo = 0, hi = ix->nunits; /* first unit starting after at */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (us[mid] <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

/* The first match at or after folded offset x. */
static size_t first_at(const search_result *r, size_t from, size_t to, uint32_t x)
{
    while (from < to) {
        size_t mid = from + (to - from) / 2;
        if (r->at[mid] < x)
            from = mid + 1;
        else
            to = mid;
    }
    return from;
}

size_t search_unit_matches(const search_index *ix, const search_result *r, size_t u)
{
    if (u >= ix->nunits)
        return r->n;
    return first_at(r, 0, r->n, ix->fold.ustart[u]);
}

/* The own unit k that unit u is, or kv->nown. */
static size_t own_index(const kept *kv, size_t u)
{
    size_t lo = 0, hi = kv->nown;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (kv->own[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < kv->nown && kv->own[lo] == u ? lo : kv->nown;
}

/* Match i (in unit u) as text bytes. */
static void match_source(const search_index *ix, const search_result *r, size_t u, size_t i,
                         uint32_t *start, uint32_t *end)
{
    const side *sd = &ix->fold;
    const kept *kv = &ix->kv;
    size_t len, s, e, a = r->at[i] - sd->ustart[u];
    unit_text(ix, u, &len);
    /* A unit laid out the same in both cases maps back through the
     * side's pieces; an own unit through its own. A text that needed no
     * piece (all of it folds byte for byte) may have no pieces array: no
     * NULL + 0. */
    size_t k = r->keep_case ? own_index(kv, u) : kv->nown;
    const search_piece *p;
    size_t np;
    if (ix->stream && stream_fold(ix, u, r->keep_case) == ST_OK) {
        np = ix->stream->o.np;
        p = np ? ix->stream->o.pieces : NULL;
    } else if (ix->stream) { /* out of memory: the start of the unit */
        *start = 0;
        *end = (uint32_t)len;
        return;
    } else if (k < kv->nown) {
        np = kv->opiece[k + 1] - kv->opiece[k];
        p = np ? kv->o.pieces + kv->opiece[k] : NULL;
    } else {
        np = sd->upiece[u + 1] - sd->upiece[u];
        p = np ? sd->o.pieces + sd->upiece[u] : NULL;
    }
    map_back(p, np, len, a, a + r->plen, &s, &e);
    *start = (uint32_t)s;
    *end = (uint32_t)e;
}

void search_match_source(const search_index *ix, const search_result *r, size_t i,
                         uint32_t *start, uint32_t *end)
{
    match_source(ix, r, search_match_unit(ix, r, i), i, start, end);
}

size_t search_unit_match_after(const search_index *ix, const search_result *r, size_t u,
                               size_t from, uint32_t offset)
{
    size_t to = search_unit_matches(ix, r, u + 1);
    while (from < to) {
        size_t mid = from + (to - from) / 2;
        uint32_t s, e;
        match_source(ix, r, u, mid, &s, &e);
        if (e <= offset)
            from = mid + 1;
        else
            to = mid;
    }
    return from;
}

void search_each_unit(const search_index *ix, const search_result *r,
                      void (*each)(void *ctx, size_t u, size_t first, size_t n), void *ctx)
{
    if (r->n == 0)
        return;
    const uint32_t *us = ix->fold.ustart;
    size_t u = search_match_unit(ix, r, 0);
    for (size_t i = 0; i < r->n;) {
        while (us[u + 1] <= r->at[i]) /* the unit of match i: units ahead */
            u++;
        size_t j = i + 1;
        while (j < r->n && r->at[j] < us[u + 1])
            j++;
        each(ctx, u, i, j - i);
        i = j;
    }
}
