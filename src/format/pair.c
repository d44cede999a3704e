/* pair — units and blocks to paragraphs, speakers, notes and segments. */
#include "pair.h"

#include "grow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "format.h"

/* Confidence of a segment the layout itself pairs, one unit a side, and
 * of one that joins several units without alignment. */
#define PAIR_CONF_STRUCTURE 1.0f
#define PAIR_CONF_WHOLE 0.9f

/* ---- the list ------------------------------------------------------------------ */

void pair_init(pair_list *L)
{
    memset(L, 0, sizeof *L);
}

void pair_free(pair_list *L)
{
    if (!L)
        return;
    for (size_t i = 0; i < L->n; i++)
        if (L->units[i].owned)
            free((char *)L->units[i].text);
    for (size_t i = 0; i < L->nnames; i++)
        free(L->names[i]);
    free(L->units);
    free(L->notes);
    free(L->names);
    free(L->block_conf);
    free(L->same);
    free(L->hash);
    memset(L, 0, sizeof *L);
}

static bool pair_grow(void **v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 32;
    while (n < need)
        n *= 2;
    void *p = realloc(*v, n * size);
    if (!p)
        return false;
    *v = p;
    *cap = n;
    return true;
}

static uint64_t pair_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static bool pair_rehash(pair_list *L)
{
    size_t cap = L->hash_cap ? L->hash_cap * 2 : 64;
    int32_t *h = malloc(cap * sizeof *h);
    if (!h)
        return false;
    for (size_t i = 0; i < cap; i++)
        h[i] = -1;
    for (size_t k = 0; k < L->nnames; k++) {
        size_t i = pair_hash_str(L->names[k]) & (cap - 1);
        while (h[i] >= 0)
            i = (i + 1) & (cap - 1);
        h[i] = (int32_t)k;
    }
    free(L->hash);
    L->hash = h;
    L->hash_cap = cap;
    return true;
}

int32_t pair_name(pair_list *L, const char *name)
{
    if ((L->nnames + 1) * 2 > L->hash_cap && !pair_rehash(L))
        return -1;
    size_t i = pair_hash_str(name) & (L->hash_cap - 1);
    for (; L->hash[i] >= 0; i = (i + 1) & (L->hash_cap - 1))
        if (strcmp(L->names[L->hash[i]], name) == 0)
            return L->hash[i];
    size_t cap = L->names_cap;
    if (!pair_grow((void **)&L->names, &cap, L->nnames + 1, sizeof *L->names))
        return -1;
    size_t cap2 = L->names_cap;
    if (!pair_grow((void **)&L->same, &cap2, L->nnames + 1, sizeof *L->same))
        return -1;
    L->names_cap = cap < cap2 ? cap : cap2;
    char *copy = strdup(name);
    if (!copy)
        return -1;
    L->names[L->nnames] = copy;
    L->same[L->nnames] = (int32_t)L->nnames;
    L->hash[i] = (int32_t)L->nnames;
    return (int32_t)L->nnames++;
}

bool pair_add(pair_list *L, const pair_unit *u)
{
    if (!pair_grow((void **)&L->units, &L->cap, L->n + 1, sizeof *L->units)) {
        if (u->owned)
            free((char *)u->text);
        return false;
    }
    L->units[L->n++] = *u;
    return true;
}

bool pair_add_note(pair_list *L, doc_note_kind kind, uint32_t source, uint32_t first,
                   uint32_t last)
{
    if (!pair_grow((void **)&L->notes, &L->notes_cap, L->nnotes + 1, sizeof *L->notes))
        return false;
    L->notes[L->nnotes++] = (pair_note){(uint8_t)kind, source, first, last};
    return true;
}

bool pair_set_block_conf(pair_list *L, uint32_t block, float conf)
{
    size_t had = L->nblock_conf;
    if (block >= had) {
        if (!GROW(L->block_conf, L->nblock_conf, (size_t)block + 1))
            return false;
        memset(L->block_conf + had, 0, (L->nblock_conf - had) * sizeof *L->block_conf);
    }
    L->block_conf[block] = conf;
    return true;
}

void pair_inherit(pair_list *L)
{
    int32_t cur[LANG_SIDES] = {-1, -1};
    for (size_t i = 0; i < L->n; i++) {
        pair_unit *u = &L->units[i];
        if (u->lang >= LANG_SIDES)
            continue;
        if (u->turn && u->name < 0)
            cur[u->lang] = -1;
        if (u->name < 0)
            u->name = cur[u->lang];
        cur[u->lang] = u->name;
    }
}

int32_t pair_same(const pair_list *L, int32_t name)
{
    return name >= 0 && (size_t)name < L->nnames ? L->same[name] : name;
}

/* ---- learning who is who ---------------------------------------------------------- */

static int pair_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Who speaks on each side of the block starting at unit *i: the last unit
 * of its first run and the first unit of the other language after it (the
 * two that stand next to each other); *i moves past the block. */
static void pair_block_names(const pair_list *L, size_t *i, int32_t who[LANG_SIDES])
{
    who[0] = who[1] = -1;
    size_t k = *i;
    uint32_t b = L->units[k].block;
    uint8_t lang = L->units[k].lang;
    while (k < L->n && L->units[k].block == b && L->units[k].lang == lang)
        k++;
    if (k < L->n && L->units[k].block == b && lang < LANG_SIDES && L->units[k].lang < LANG_SIDES) {
        who[lang] = L->units[k - 1].name;
        who[L->units[k].lang] = L->units[k].name;
    }
    while (k < L->n && L->units[k].block == b)
        k++;
    *i = k;
}

status pair_learn(pair_list *L)
{
    size_t nn = L->nnames;
    for (size_t k = 0; k < nn; k++)
        L->same[k] = (int32_t)k;
    if (!nn)
        return ST_OK;
    /* which languages label each name */
    uint8_t *mask = calloc(nn, 1);
    uint64_t *pairs = malloc((L->n ? L->n : 1) * sizeof *pairs);
    int32_t *best = malloc(nn * sizeof *best);
    uint32_t *best_n = calloc(nn, sizeof *best_n);
    bool *tie = calloc(nn, sizeof *tie);
    if (!mask || !pairs || !best || !best_n || !tie) {
        free(mask), free(pairs), free(best), free(best_n), free(tie);
        return ST_NO_MEMORY;
    }
    for (size_t i = 0; i < L->n; i++) {
        const pair_unit *u = &L->units[i];
        if (u->own_name && u->name >= 0 && u->lang < LANG_SIDES)
            mask[u->name] |= (uint8_t)(1u << u->lang);
    }
    size_t np = 0;
    for (size_t i = 0; i < L->n;) {
        int32_t who[LANG_SIDES];
        pair_block_names(L, &i, who);
        if (who[0] >= 0 && who[1] >= 0 && mask[who[0]] == 1 && mask[who[1]] == 2)
            pairs[np++] = (uint64_t)(uint32_t)who[0] << 32 | (uint32_t)who[1];
    }
    qsort(pairs, np, sizeof *pairs, pair_cmp_u64);
    for (size_t k = 0; k < nn; k++)
        best[k] = -1;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && pairs[j] == pairs[i])
            j++;
        uint32_t c = (uint32_t)(j - i);
        int32_t a = (int32_t)(pairs[i] >> 32), b = (int32_t)(pairs[i] & UINT32_MAX);
        int32_t ends[2] = {a, b}, other[2] = {b, a};
        for (int e = 0; e < 2; e++) {
            int32_t x = ends[e];
            if (c > best_n[x]) {
                best_n[x] = c;
                best[x] = other[e];
                tie[x] = false;
            } else if (c == best_n[x]) {
                tie[x] = true;
            }
        }
        i = j;
    }
    for (size_t b = 0; b < nn; b++) {
        if (mask[b] != 2 || best[b] < 0 || tie[b])
            continue;
        int32_t a = best[b];
        if (best[a] == (int32_t)b && !tie[a])
            L->same[b] = a;
    }
    free(mask), free(pairs), free(best), free(best_n), free(tie);
    return ST_OK;
}

/* ---- asides ------------------------------------------------------------------------ */

static size_t pair_cp(const char *s, size_t n, size_t i, uint32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + len > n)
        len = n - i;
    uint32_t v = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; k++)
        v = (v << 6) | ((unsigned char)s[i + k] & 0x3F);
    *cp = v;
    return len;
}

bool pair_is_aside(const char *s, size_t n)
{
    static const uint32_t open[] = {'(', '[', 0xFF08, 0x3010, 0xFF3B};
    static const uint32_t close[] = {')', ']', 0xFF09, 0x3011, 0xFF3D};
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    if (n < 2)
        return false;
    uint32_t first, last = 0;
    pair_cp(s, n, 0, &first);
    size_t closers = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += pair_cp(s, n, i, &cp);
        for (size_t k = 0; k < sizeof close / sizeof *close; k++)
            closers += cp == close[k];
        last = cp;
    }
    bool ok = false;
    for (size_t k = 0; k < sizeof open / sizeof *open; k++)
        ok |= first == open[k] && last == close[k];
    if (!ok || closers != 1)
        return false;
    lang_counts c = {0};
    lang_count(s, n, &c);
    return c.cjk <= 12 && c.latin_words <= 3 && (c.cjk || c.latin_words);
}

/* ---- beads ------------------------------------------------------------------------ */

typedef struct pair_bead {
    uint32_t first[LANG_SIDES]; /* positions in the per-language unit lists */
    uint32_t count[LANG_SIDES];
    float conf;
    uint8_t peel;               /* 0, or the doc_note_kind + 1 it became */
} pair_bead;

typedef struct pair_work {
    pair_list *L;
    uint32_t *idx[LANG_SIDES];  /* unit indices per language, in order */
    size_t nidx[LANG_SIDES];
    uint32_t *bstart[LANG_SIDES]; /* per block: its first position per language */
    size_t nblocks;
    pair_bead *beads;
    size_t nbeads, cap;
} pair_work;

static bool pair_push_bead(pair_work *w, const pair_bead *b)
{
    if (!pair_grow((void **)&w->beads, &w->cap, w->nbeads + 1, sizeof *w->beads))
        return false;
    w->beads[w->nbeads++] = *b;
    return true;
}

static void pair_work_free(pair_work *w)
{
    for (int l = 0; l < LANG_SIDES; l++) {
        free(w->idx[l]);
        free(w->bstart[l]);
    }
    free(w->beads);
}

/* Per-language lists and block starts. Block ids must not decrease. */
static status pair_work_make(pair_work *w, pair_list *L)
{
    memset(w, 0, sizeof *w);
    w->L = L;
    size_t nb = 0;
    for (size_t i = 0; i < L->n; i++)
        if (i == 0 || L->units[i].block != L->units[i - 1].block)
            nb++;
    for (int l = 0; l < LANG_SIDES; l++) {
        w->idx[l] = malloc((L->n ? L->n : 1) * sizeof *w->idx[l]);
        w->bstart[l] = malloc((nb + 1) * sizeof *w->bstart[l]);
        if (!w->idx[l] || !w->bstart[l])
            return ST_NO_MEMORY;
    }
    size_t b = 0;
    for (size_t i = 0; i < L->n; i++) {
        const pair_unit *u = &L->units[i];
        if (i == 0 || u->block != L->units[i - 1].block) {
            for (int l = 0; l < LANG_SIDES; l++)
                w->bstart[l][b] = (uint32_t)w->nidx[l];
            b++;
        }
        if (u->lang < LANG_SIDES)
            w->idx[u->lang][w->nidx[u->lang]++] = (uint32_t)i;
    }
    for (int l = 0; l < LANG_SIDES; l++)
        w->bstart[l][nb] = (uint32_t)w->nidx[l];
    w->nblocks = nb;
    return ST_OK;
}

/* The unit's time span for the aligner: a time with no end (a turn's
 * header) is an instant; none is untimed (0, 0). */
static void pair_unit_times(const pair_unit *u, int64_t *start, int64_t *end)
{
    *start = *end = 0;
    if (u->start_ms < 0)
        return;
    *start = u->start_ms;
    *end = u->end_ms > u->start_ms ? u->end_ms : u->start_ms + 1;
}

/* PAIR_RUNS: the whole list aligned at once. The units stand in source
 * order, each translation beside its original in either order, so a run
 * (a stretch of one language) pairs with a neighbouring run; which comes
 * first is the content's choice, bead by bead. Speakers go in as named
 * (the aligner learns which names of one language are which of the
 * other), times as anchors. The blocks become the beads, from which
 * pair_learn then learns who is who. */
static status pair_align_runs(pair_work *w)
{
    pair_list *L = w->L;
    align_text *t[LANG_SIDES] = {NULL, NULL};
    for (int l = 0; l < LANG_SIDES; l++)
        if (!(t[l] = malloc((w->nidx[l] ? w->nidx[l] : 1) * sizeof *t[l]))) {
            free(t[0]);
            return ST_NO_MEMORY;
        }
    size_t pos[LANG_SIDES] = {0, 0};
    uint32_t run = 0;
    int prev = -1;
    for (size_t i = 0; i < L->n; i++) {
        const pair_unit *u = &L->units[i];
        if (u->lang >= LANG_SIDES)
            continue;
        if (prev >= 0 && u->lang != prev)
            run++;
        prev = u->lang;
        align_text *x = &t[u->lang][pos[u->lang]++];
        *x = (align_text){.text = u->text, .len = u->len, .speaker = u->name, .run = run};
        pair_unit_times(u, &x->start_ms, &x->end_ms);
    }
    align_result r;
    align_options opt = {.runs = true};
    status st = align_texts(t[LANG_ZH], w->nidx[LANG_ZH], t[LANG_EN], w->nidx[LANG_EN], &opt, &r);
    free(t[0]);
    free(t[1]);
    if (st != ST_OK)
        return st;
    for (size_t k = 0; k < r.nbeads && st == ST_OK; k++) {
        const doc_segment *s = &r.beads[k];
        pair_bead pb = {{s->first[0], s->first[1]}, {s->count[0], s->count[1]}, s->confidence, 0};
        if (!pair_push_bead(w, &pb))
            st = ST_NO_MEMORY;
        for (int l = 0; l < LANG_SIDES; l++)
            for (uint32_t q = 0; q < s->count[l]; q++)
                L->units[w->idx[l][s->first[l] + q]].block = (uint32_t)k;
    }
    align_result_free(&r);
    return st == ST_OK ? pair_learn(L) : st;
}

static status pair_make_beads(pair_work *w, unsigned flags)
{
    if (flags & PAIR_RUNS)
        return pair_align_runs(w);
    for (size_t b = 0; b < w->nblocks; b++) {
        uint32_t f[LANG_SIDES], c[LANG_SIDES];
        for (int l = 0; l < LANG_SIDES; l++) {
            f[l] = w->bstart[l][b];
            c[l] = w->bstart[l][b + 1] - f[l];
        }
        float conf = c[0] <= 1 && c[1] <= 1 ? PAIR_CONF_STRUCTURE : PAIR_CONF_WHOLE;
        /* a confidence the layout carries (a TSV read back) is kept */
        uint32_t id = c[0] ? w->L->units[w->idx[0][f[0]]].block
                    : c[1] ? w->L->units[w->idx[1][f[1]]].block
                           : UINT32_MAX;
        if (id < w->L->nblock_conf && w->L->block_conf[id] > 0.0f)
            conf = w->L->block_conf[id];
        pair_bead pb = {{f[0], f[1]}, {c[0], c[1]}, conf, 0};
        if (!pair_push_bead(w, &pb))
            return ST_NO_MEMORY;
    }
    return ST_OK;
}

static const pair_unit *pair_bead_unit(const pair_work *w, const pair_bead *b, int l, uint32_t k)
{
    return &w->L->units[w->idx[l][b->first[l] + k]];
}

static bool pair_bead_labelled(const pair_work *w, const pair_bead *b)
{
    for (int l = 0; l < LANG_SIDES; l++)
        for (uint32_t k = 0; k < b->count[l]; k++)
            if (pair_bead_unit(w, b, l, k)->own_name)
                return true;
    return false;
}

/* A bead of nothing but asides ((笑), [applause]): part of the event, never
 * an intro or footer. */
static bool pair_bead_aside(const pair_work *w, const pair_bead *b)
{
    for (int l = 0; l < LANG_SIDES; l++)
        for (uint32_t k = 0; k < b->count[l]; k++) {
            const pair_unit *u = pair_bead_unit(w, b, l, k);
            if (!pair_is_aside(u->text, u->len))
                return false;
        }
    return true;
}

static bool pair_bead_marker(const pair_work *w, const pair_bead *b)
{
    for (int l = 0; l < LANG_SIDES; l++)
        for (uint32_t k = 0; k < b->count[l]; k++)
            if (!pair_bead_unit(w, b, l, k)->marker)
                return false;
    return true;
}

/* The speaker a bead names: its first own-named unit (Chinese side first),
 * else its first unit with an inherited name. */
static int32_t pair_bead_name(const pair_work *w, const pair_bead *b)
{
    for (int pass = 0; pass < 2; pass++)
        for (int l = 0; l < LANG_SIDES; l++)
            for (uint32_t k = 0; k < b->count[l]; k++) {
                const pair_unit *u = pair_bead_unit(w, b, l, k);
                if (u->name >= 0 && (pass || u->own_name))
                    return pair_same(w->L, u->name);
            }
    return -1;
}

static void pair_peel(pair_work *w)
{
    size_t i = 0, nb = w->nbeads, labelled = 0;
    for (size_t k = 0; k < nb; k++)
        labelled += pair_bead_labelled(w, &w->beads[k]);
    for (; i < nb; i++) {
        pair_bead *b = &w->beads[i];
        bool one_sided = !b->count[0] || !b->count[1];
        if (pair_bead_labelled(w, b) || (!one_sided && labelled < 3) || pair_bead_aside(w, b))
            break;
        /* a title or an editorial sentence with its translation is a
         * segment (with no speaker); what stands around it untranslated
         * is intro */
        if (!one_sided)
            continue;
        b->peel = (uint8_t)((pair_bead_marker(w, b) ? DOC_NOTE_MARKER : DOC_NOTE_INTRO) + 1);
    }
    for (size_t j = nb; j-- > i;) {
        pair_bead *b = &w->beads[j];
        if (pair_bead_labelled(w, b) || (b->count[0] && b->count[1]) || pair_bead_aside(w, b))
            break;
        b->peel = DOC_NOTE_FOOTER + 1;
    }
}

/* ---- into the doc ------------------------------------------------------------------- */

static bool pair_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static bool pair_line_blank(const doc *d, uint32_t source, uint32_t line)
{
    size_t n;
    const char *s = doc_line(d, source, line, &n);
    return pair_is_blank(s, n);
}

/* The doc line a unit's or note's line `line` is. */
static uint32_t pair_doc_line(const pair_list *L, uint32_t line)
{
    return L->line_map && line ? L->line_map[line - 1] : line;
}

static doc_line_role pair_role(const doc *d, uint32_t source, uint32_t line)
{
    return (doc_line_role)d->sources[source].role[line - 1];
}

status pair_doc_note(doc *d, doc_note_kind kind, uint32_t source, uint32_t first, uint32_t last)
{
    while (first < last && pair_line_blank(d, source, first))
        first++; /* the note is its lines, not the blank lines around them */
    while (last > first && pair_line_blank(d, source, last))
        last--;
    size_t total = 0, n;
    for (uint32_t k = first; k <= last; k++)
        total += (doc_line(d, source, k, &n), n) + 1;
    char *text = malloc(total + 1);
    if (!text)
        return ST_NO_MEMORY;
    size_t used = 0;
    for (uint32_t k = first; k <= last; k++) {
        doc_line_role r = pair_role(d, source, k);
        if (r != DOC_LINE_UNACCOUNTED && r != DOC_LINE_NOTE)
            continue;
        const char *s = doc_line(d, source, k, &n);
        if (pair_is_blank(s, n))
            continue;
        if (used)
            text[used++] = '\n';
        memcpy(text + used, s, n);
        used += n;
        doc_set_role(d, source, k, DOC_LINE_NOTE);
    }
    bool ok = doc_add_note(d, kind, source, first, last, text, used);
    free(text);
    return ok ? ST_OK : ST_NO_MEMORY;
}

static int pair_cmp_note(const void *a, const void *b)
{
    const pair_note *x = a, *y = b;
    if (x->source != y->source)
        return x->source < y->source ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

/* Are the lines strictly between a and b all blank? */
static bool pair_only_blank_between(const doc *d, uint32_t source, uint32_t a, uint32_t b)
{
    for (uint32_t k = a + 1; k < b; k++)
        if (!pair_line_blank(d, source, k))
            return false;
    return true;
}

static status pair_emit_notes(doc *d, pair_list *L)
{
    for (size_t i = 0; i < L->nnotes && L->line_map; i++) {
        L->notes[i].first = pair_doc_line(L, L->notes[i].first);
        L->notes[i].last = pair_doc_line(L, L->notes[i].last);
    }
    if (L->nnotes > 1)
        qsort(L->notes, L->nnotes, sizeof *L->notes, pair_cmp_note);
    for (size_t i = 0; i < L->nnotes;) {
        pair_note nt = L->notes[i];
        size_t j = i + 1;
        for (; j < L->nnotes; j++) {
            const pair_note *x = &L->notes[j];
            if (x->kind != nt.kind || x->source != nt.source ||
                !pair_only_blank_between(d, nt.source, nt.last, x->first))
                break;
            if (x->last > nt.last)
                nt.last = x->last;
        }
        status st = pair_doc_note(d, (doc_note_kind)nt.kind, nt.source, nt.first, nt.last);
        if (st != ST_OK)
            return st;
        i = j;
    }
    return ST_OK;
}

static void pair_unit_roles(doc *d, const pair_list *L, const pair_unit *u)
{
    if (u->label_line && u->label_line < u->first)
        doc_set_role(d, u->source, pair_doc_line(L, u->label_line), DOC_LINE_LABEL);
    for (uint32_t k = u->first; k <= u->last; k++) {
        uint32_t line = pair_doc_line(L, k);
        doc_line_role r = pair_role(d, u->source, line);
        if (r != DOC_LINE_UNACCOUNTED && r != DOC_LINE_TEXT)
            continue;
        if (!pair_line_blank(d, u->source, line))
            doc_set_role(d, u->source, line, DOC_LINE_TEXT);
    }
}

/* The doc speaker of name id `name` (-1: none), interned on first use. */
static int pair_doc_speaker(doc *d, const pair_list *L, int *map, int32_t name, const pair_unit *u)
{
    if (name < 0)
        return -1;
    bool label = u && u->own_name && u->name == name && u->label;
    if (map[name] < 0 || label) {
        const char *nm = L->names[name];
        int id = doc_intern_speaker(d, nm, strlen(nm), label ? u->label : NULL,
                                    label ? u->label_len : 0);
        if (id < 0)
            return -2;
        map[name] = id;
    }
    return map[name];
}

/* Paragraphs, segments and speakers of the beads that were not peeled. */
static status pair_emit_beads(doc *d, pair_work *w, int *map)
{
    pair_list *L = w->L;
    uint32_t lead[LANG_SIDES] = {0, 0}; /* paragraphs of the peeled beads so far */
    for (size_t k = 0; k < w->nbeads; k++) {
        const pair_bead *b = &w->beads[k];
        if (b->peel) { /* a note: no paragraph (at the ends, or around a title) */
            for (int l = 0; l < LANG_SIDES; l++)
                lead[l] += b->count[l];
            continue;
        }
        int32_t who = pair_bead_name(w, b);
        /* every unit of the bead, in source order (units of one bead are
         * consecutive positions in each language) */
        for (int l = 0; l < LANG_SIDES; l++)
            for (uint32_t q = 0; q < b->count[l]; q++) {
                const pair_unit *u = pair_bead_unit(w, b, l, q);
                int32_t name = u->own_name ? u->name : who >= 0 ? who : pair_same(L, u->name);
                int sp = pair_doc_speaker(d, L, map, name, u);
                if (sp == -2)
                    return ST_NO_MEMORY;
                doc_para p = {u->text, u->len, sp, u->source, pair_doc_line(L, u->first),
                              pair_doc_line(L, u->last),
                              u->own_name ? pair_doc_line(L, u->label_line) : 0, u->start_ms,
                              u->end_ms};
                if (doc_add_para(d, (lang_id)l, &p) < 0)
                    return ST_NO_MEMORY;
                pair_unit_roles(d, L, u);
            }
        doc_segment s = {{b->first[0] - lead[0], b->first[1] - lead[1]},
                         {b->count[0], b->count[1]}, -1, b->conf};
        int sp = pair_doc_speaker(d, L, map, who, NULL);
        if (sp == -2)
            return ST_NO_MEMORY;
        s.speaker = sp;
        if (!doc_add_segment(d, &s))
            return ST_NO_MEMORY;
    }
    return ST_OK;
}

/* Makes the names one person has in two languages one doc speaker. */
static void pair_merge_speakers(doc *d, const pair_list *L, int *map)
{
    for (size_t b = 0; b < L->nnames; b++) {
        int32_t a = L->same[b];
        if (a == (int32_t)b || map[a] < 0 || map[b] < 0 || map[a] == map[b])
            continue;
        int into = map[a], from = map[b];
        doc_speaker_merge(d, into, from, NULL);
        for (size_t k = 0; k < L->nnames; k++) {
            if (map[k] == from)
                map[k] = into > from ? into - 1 : into;
            else if (map[k] > from)
                map[k]--;
        }
    }
}

/* A segment's speaker is that of its paragraphs: the first known. */
static void pair_segment_speakers(doc *d)
{
    for (size_t i = 0; i < d->nsegments; i++) {
        doc_segment *s = &d->segments[i];
        for (int l = 0; l < LANG_SIDES && s->speaker < 0; l++)
            for (uint32_t k = 0; k < s->count[l] && s->speaker < 0; k++)
                s->speaker = d->paras[l][s->first[l] + k].speaker;
        for (int l = 0; l < LANG_SIDES; l++)
            for (uint32_t k = 0; k < s->count[l]; k++)
                if (d->paras[l][s->first[l] + k].speaker < 0)
                    d->paras[l][s->first[l] + k].speaker = s->speaker;
    }
}

status pair_emit(doc *d, pair_list *L, unsigned flags)
{
    pair_work w;
    status st = pair_work_make(&w, L);
    if (st == ST_OK)
        st = pair_make_beads(&w, flags);
    if (st == ST_OK && (flags & PAIR_PEEL))
        pair_peel(&w);
    for (size_t k = 0; st == ST_OK && k < w.nbeads; k++) {
        const pair_bead *b = &w.beads[k];
        if (!b->peel)
            continue;
        for (int l = 0; l < LANG_SIDES; l++)
            for (uint32_t q = 0; q < b->count[l] && st == ST_OK; q++) {
                const pair_unit *u = pair_bead_unit(&w, b, l, q);
                uint32_t top = u->label_line && u->label_line < u->first ? u->label_line : u->first;
                if (!pair_add_note(L, (doc_note_kind)(b->peel - 1), u->source, top, u->last))
                    st = ST_NO_MEMORY;
            }
    }
    int *map = NULL;
    if (st == ST_OK && !(map = malloc((L->nnames ? L->nnames : 1) * sizeof *map)))
        st = ST_NO_MEMORY;
    for (size_t k = 0; map && k < L->nnames; k++)
        map[k] = -1;
    if (st == ST_OK)
        st = pair_emit_beads(d, &w, map);
    if (st == ST_OK) {
        pair_merge_speakers(d, L, map);
        pair_segment_speakers(d);
        st = pair_emit_notes(d, L);
    }
    free(map);
    pair_work_free(&w);
    return st;
}

/* ---- evidence ----------------------------------------------------------------------------- */

void pair_ev(char *ev, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    format_evidence_vadd(ev, FORMAT_EVIDENCE_MAX, used, fmt, ap);
    va_end(ap);
}

void pair_ev_end(char *ev, size_t used)
{
    if (used && ev[used - 1] == '\n')
        ev[used - 1] = '\0';
}
