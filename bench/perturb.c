/* bench/perturb — the pairing under the changes real publishing makes.
 *
 * For every transcript with an answer key of version 2 (tests/corpus/
 * *.key.json; tests/corpus/README.md) — and, when ../shared is beside the
 * repository, the development set's *.gold.json, which are measured, never
 * copied — it writes variants of the file the way publishers change one:
 *
 *   ends      a one-language title, intro or footer added at the top or
 *             the bottom (the key is unchanged: the added text is a note,
 *             or at most a segment of its own)
 *   delete    one paragraph deleted on one side, each in turn (its
 *             counterpart becomes a 1-0 / 0-1)
 *   merge     two neighbouring paragraphs of one speaker joined on one side
 *   split     one paragraph split in two at a sentence end on one side
 *   flip      the language order flipped (each pair, the two sections, or
 *             the two files)
 *   nolabels  the speaker labels of one side removed
 *   relabel   the labels of one side translated differently (Speaker A /
 *             发言人甲: names the two sides no longer share)
 *
 * and loads each variant through the core library as duet does (detection
 * included), then scores the segments against the key changed the same
 * way: a key bead is exact when one segment holds exactly its paragraphs
 * and nothing else. The same paragraphs are also paired by a plain
 * length-based Gale & Church (1993) aligner, the in-tree baseline. It
 * prints per kind the beads exact for both, and the calibration of duet's
 * confidence: how often a segment of confidence >= 0.9 is exact, and the
 * mean confidence of exact and of wrong segments.
 *
 * Edits are made on the lines duet read for each key unit (its paragraph's
 * label, first and last lines), so a unit duet could not find by its first
 * characters, or one sharing its lines with another, is not edited (the
 * variants that need it are skipped and counted).
 *
 * Usage: perturb [--small] [--min PCT] [--ends-min PCT] [--verbose]
 *                [--baseline-only] [PATH ...]
 *   PATH: a key, or a directory of keys (default: tests/corpus and
 *   ../shared/corpus/dev). --small writes a few variants of each kind per
 *   file (make check); --min fails (exit 1) when duet's accuracy over the
 *   variants is below PCT, --ends-min when that of the ends kind over files
 *   of at least 5 pairs is — both over the files of tests/corpus duet
 *   pairs exactly as written (a misread file fails the corpus test, not
 *   this one). Every table is printed for all the files and, apart, for
 *   those. --show TEXT writes the variants so described to perturb-N.txt.
 *   Reading the keys takes jq.
 */
#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "align.h"
#include "doc.h"
#include "format.h"
#include "grow.h"

#define die(...) (fprintf(stderr, "perturb: " __VA_ARGS__), fputc('\n', stderr), exit(2))

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- text normalised for matching: NFKC, case folded, no spaces, no
 * markup (score_align.py's rule, so both measure the same) ---------------- */

static char *norm(const char *s, size_t n)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD);
    if (k < 0)
        return xstrndup("", 0);
    size_t w = 0;
    bool tag = false;
    for (utf8proc_ssize_t i = 0; i < k;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t len = utf8proc_iterate(out + i, k - i, &c);
        if (len <= 0)
            break;
        if (c == '<')
            tag = true;
        bool drop = tag || c == '*' || c == 0x3000 ||
                    utf8proc_category(c) == UTF8PROC_CATEGORY_ZS || c == '\t' || c == '\n' ||
                    c == '\r';
        if (c == '>')
            tag = false;
        if (!drop) {
            memmove(out + w, out + i, (size_t)len);
            w += (size_t)len;
        }
        i += len;
    }
    out[w] = '\0';
    return (char *)out;
}

/* The first n code points of s (a prefix, in place). */
static void cut_cps(char *s, size_t n)
{
    size_t i = 0;
    for (size_t k = 0; s[i] && k < n; k++) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
    }
    s[i] = '\0';
}

/* ---- the key ---------------------------------------------------------------- */

typedef struct unit {
    char *key;  /* normalised first characters, at most 10 code points */
    char *full; /* normalised whole text, or "" when unknown */
    int bead;   /* the key bead it belongs to */
} unit;

typedef struct gold {
    unit *u[LANG_SIDES];
    size_t n[LANG_SIDES], cap[LANG_SIDES];
    size_t nbeads;
} gold;

typedef struct keyfile {
    char *path;
    char *files[2];
    size_t nfiles;
    bool dev; /* from the development set: measured apart */
    gold g;
} keyfile;

static void gold_free(gold *g)
{
    for (int l = 0; l < LANG_SIDES; l++) {
        for (size_t k = 0; k < g->n[l]; k++)
            free(g->u[l][k].key), free(g->u[l][k].full);
        free(g->u[l]);
    }
    memset(g, 0, sizeof *g);
}

static void gold_copy(gold *to, const gold *from)
{
    memset(to, 0, sizeof *to);
    to->nbeads = from->nbeads;
    for (int l = 0; l < LANG_SIDES; l++) {
        to->n[l] = to->cap[l] = from->n[l];
        to->u[l] = xrealloc(NULL, from->n[l] * sizeof *to->u[l]);
        for (size_t k = 0; k < from->n[l]; k++) {
            const unit *u = &from->u[l][k];
            to->u[l][k] = (unit){xstrndup(u->key, strlen(u->key)), xstrndup(u->full, strlen(u->full)),
                                 u->bead};
        }
    }
}

static void gold_insert(gold *g, int l, size_t at, unit u)
{
    if (!GROW(g->u[l], g->cap[l], g->n[l] + 1))
        die("out of memory");
    memmove(&g->u[l][at + 1], &g->u[l][at], (g->n[l] - at) * sizeof u);
    g->u[l][at] = u;
    g->n[l]++;
}

static void gold_remove(gold *g, int l, size_t at)
{
    free(g->u[l][at].key), free(g->u[l][at].full);
    memmove(&g->u[l][at], &g->u[l][at + 1], (g->n[l] - at - 1) * sizeof g->u[l][0]);
    g->n[l]--;
}

/* Reads a key through jq: F file, Z/E units (first characters, text), B beads. */
static bool key_read(const char *path, keyfile *kf)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "jq -r 'if (.alignment|type) != \"array\" or (.zh_units|type) != \"array\" then empty else "
             "((.files // [.file // .case]) | map(\"F\\t\" + .) | .[]), "
             "(.zh_units | .[] | \"Z\\t\" + ((.first_chars // \"\")|gsub(\"[\\t\\n]\";\" \")) + \"\\t\" + "
             "((.text // \"\")|gsub(\"[\\t\\n]\";\" \"))), "
             "(.en_units | .[] | \"E\\t\" + ((.first_chars // \"\")|gsub(\"[\\t\\n]\";\" \")) + \"\\t\" + "
             "((.text // \"\")|gsub(\"[\\t\\n]\";\" \"))), "
             "(.alignment | .[] | \"B\\t\" + (.[0]|map(tostring)|join(\",\")) + \"\\t\" + "
             "(.[1]|map(tostring)|join(\",\"))) end' '%s' 2>/dev/null",
             path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return false;
    memset(kf, 0, sizeof *kf);
    kf->path = xstrndup(path, strlen(path));
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    bool ok = true;
    while ((got = getline(&line, &cap, p)) > 0) {
        if (line[got - 1] == '\n')
            line[--got] = '\0';
        char *f1 = strchr(line, '\t');
        if (!f1)
            continue;
        *f1++ = '\0';
        char *f2 = strchr(f1, '\t');
        if (f2)
            *f2++ = '\0';
        if (line[0] == 'F' && kf->nfiles < 2) {
            char *full = xrealloc(NULL, dirlen + strlen(f1) + 1);
            memcpy(full, path, dirlen);
            strcpy(full + dirlen, f1);
            kf->files[kf->nfiles++] = full;
        } else if (line[0] == 'Z' || line[0] == 'E') {
            int l = line[0] == 'Z' ? LANG_ZH : LANG_EN;
            unit u = {norm(f1, strlen(f1)), norm(f2 ? f2 : "", f2 ? strlen(f2) : 0), -1};
            cut_cps(u.key, 10);
            gold_insert(&kf->g, l, kf->g.n[l], u);
        } else if (line[0] == 'B') {
            int b = (int)kf->g.nbeads++;
            char *sides[2] = {f1, f2 ? f2 : ""};
            for (int l = 0; l < LANG_SIDES; l++)
                for (char *t = sides[l]; *t;) {
                    long k = strtol(t, &t, 10);
                    if (k >= 0 && (size_t)k < kf->g.n[l])
                        kf->g.u[l][k].bead = b;
                    else
                        ok = false;
                    if (*t == ',')
                        t++;
                    else if (*t)
                        break;
                }
        }
    }
    free(line);
    int rc = pclose(p);
    for (int l = 0; l < LANG_SIDES; l++)
        for (size_t k = 0; k < kf->g.n[l]; k++)
            ok &= kf->g.u[l][k].bead >= 0; /* every unit in a bead */
    return rc == 0 && ok && kf->nfiles > 0 && kf->g.nbeads > 0;
}

static void keyfile_free(keyfile *kf)
{
    free(kf->path);
    for (size_t k = 0; k < kf->nfiles; k++)
        free(kf->files[k]);
    gold_free(&kf->g);
}

/* ---- a transcript as lines, and edits of it ---------------------------------- */

typedef struct src {
    char *name;
    char **line; /* line k (0-based) without its end, NUL-terminated */
    size_t n;
} src;

typedef struct text {
    src s[2];
    size_t ns;
} text;

static void text_free(text *t)
{
    for (size_t i = 0; i < t->ns; i++) {
        for (size_t k = 0; k < t->s[i].n; k++)
            free(t->s[i].line[k]);
        free(t->s[i].line);
        free(t->s[i].name);
    }
    memset(t, 0, sizeof *t);
}

/* The lines of a doc's sources, as duet decoded them. */
static void text_from_doc(text *t, const doc *d)
{
    memset(t, 0, sizeof *t);
    t->ns = d->nsources;
    for (size_t i = 0; i < d->nsources; i++) {
        src *s = &t->s[i];
        s->name = xstrndup(d->sources[i].path, strlen(d->sources[i].path));
        const text_decoded *td = &d->sources[i].text;
        s->n = td->nlines;
        s->line = xrealloc(NULL, s->n * sizeof *s->line);
        for (size_t k = 0; k < s->n; k++) /* the source's own lines, not the doc's pieces */
            s->line[k] = xstrndup(td->buf + td->lines[k].start, td->lines[k].len);
    }
}

static void text_copy(text *to, const text *from)
{
    memset(to, 0, sizeof *to);
    to->ns = from->ns;
    for (size_t i = 0; i < from->ns; i++) {
        to->s[i].name = xstrndup(from->s[i].name, strlen(from->s[i].name));
        to->s[i].n = from->s[i].n;
        to->s[i].line = xrealloc(NULL, from->s[i].n * sizeof *to->s[i].line);
        for (size_t k = 0; k < from->s[i].n; k++)
            to->s[i].line[k] = xstrndup(from->s[i].line[k], strlen(from->s[i].line[k]));
    }
}

/* Replaces line k (0-based) of source i; NULL deletes it (later, by text_pack). */
static void text_set(text *t, size_t i, size_t k, char *s)
{
    free(t->s[i].line[k]);
    t->s[i].line[k] = s;
}

/* Inserts a line before line k (k == n: at the end). */
static void text_insert(text *t, size_t i, size_t k, const char *s)
{
    src *x = &t->s[i];
    x->line = xrealloc(x->line, (x->n + 1) * sizeof *x->line);
    memmove(&x->line[k + 1], &x->line[k], (x->n - k) * sizeof *x->line);
    x->line[k] = xstrndup(s, strlen(s));
    x->n++;
}

/* Drops the deleted (NULL) lines. */
static void text_pack(text *t)
{
    for (size_t i = 0; i < t->ns; i++) {
        size_t w = 0;
        for (size_t k = 0; k < t->s[i].n; k++)
            if (t->s[i].line[k])
                t->s[i].line[w++] = t->s[i].line[k];
        t->s[i].n = w;
    }
}

static doc *text_load(const text *t)
{
    const char *names[2], *bytes[2];
    size_t lens[2];
    char *buf[2] = {NULL, NULL};
    for (size_t i = 0; i < t->ns; i++) {
        size_t total = 0;
        for (size_t k = 0; k < t->s[i].n; k++)
            total += strlen(t->s[i].line[k]) + 1;
        buf[i] = xrealloc(NULL, total + 1);
        size_t w = 0;
        for (size_t k = 0; k < t->s[i].n; k++) {
            size_t len = strlen(t->s[i].line[k]);
            memcpy(buf[i] + w, t->s[i].line[k], len);
            w += len;
            buf[i][w++] = '\n';
        }
        names[i] = t->s[i].name;
        bytes[i] = buf[i];
        lens[i] = w;
    }
    doc *d = NULL;
    format_report rep;
    if (format_load_bytes(names, bytes, lens, t->ns, NULL, &d, &rep) != ST_OK)
        d = NULL;
    free(buf[0]);
    free(buf[1]);
    return d;
}

/* ---- key units found among a doc's paragraphs -------------------------------- */

typedef struct found {
    long *para[LANG_SIDES];     /* per key unit: its paragraph, or -1 */
    uint32_t *units[LANG_SIDES]; /* per paragraph: how many key units it holds */
    long *first[LANG_SIDES];     /* per paragraph: the first of them, or -1 */
} found;

static void found_free(found *f)
{
    for (int l = 0; l < LANG_SIDES; l++)
        free(f->para[l]), free(f->units[l]), free(f->first[l]);
}

#define LOOK_AHEAD 40 /* paragraphs a unit is looked for past the last found */

/* Each key unit, in order, in the first paragraph from the last one found
 * on that holds its first characters (after the previous unit's end, in
 * that same paragraph). */
static void find_units(const doc *d, const gold *g, found *f)
{
    for (int l = 0; l < LANG_SIDES; l++) {
        size_t np = d->nparas[l];
        char **nt = xrealloc(NULL, np * sizeof *nt);
        for (size_t p = 0; p < np; p++)
            nt[p] = norm(d->paras[l][p].text, d->paras[l][p].len);
        f->para[l] = xrealloc(NULL, g->n[l] * sizeof *f->para[l]);
        f->units[l] = calloc(np ? np : 1, sizeof *f->units[l]);
        f->first[l] = xrealloc(NULL, np * sizeof *f->first[l]);
        for (size_t p = 0; p < np; p++)
            f->first[l][p] = -1;
        size_t cp = 0, off = 0;
        for (size_t k = 0; k < g->n[l]; k++) {
            const unit *u = &g->u[l][k];
            f->para[l][k] = -1;
            if (!*u->key)
                continue;
            for (size_t p = cp; p < np && p < cp + LOOK_AHEAD; p++) {
                const char *hay = nt[p] + (p == cp ? off : 0);
                const char *at = strstr(hay, u->key);
                if (!at)
                    continue;
                size_t fl = strlen(u->full);
                size_t end = (size_t)(at - nt[p]) +
                             (fl && strncmp(at, u->full, fl) == 0 ? fl : strlen(u->key));
                f->para[l][k] = (long)p;
                if (f->first[l][p] < 0)
                    f->first[l][p] = (long)k;
                f->units[l][p]++;
                cp = p;
                off = end;
                break;
            }
        }
        for (size_t p = 0; p < np; p++)
            free(nt[p]);
        free(nt);
    }
}

/* ---- scoring segments against the key ------------------------------------------ */

typedef struct seg {
    uint32_t first[LANG_SIDES], count[LANG_SIDES];
    float conf;
} seg;

typedef struct score {
    size_t beads, exact;
    size_t hi, hi_exact;     /* segments of confidence >= 0.9 */
    double conf_ok, conf_bad; /* sums over exact / wrong segments */
    size_t n_ok, n_bad;
} score;

static void score_add(score *to, const score *s)
{
    to->beads += s->beads, to->exact += s->exact;
    to->hi += s->hi, to->hi_exact += s->hi_exact;
    to->conf_ok += s->conf_ok, to->conf_bad += s->conf_bad;
    to->n_ok += s->n_ok, to->n_bad += s->n_bad;
}

/* A bead as text: "zh units|en units", sorted, "!" when it holds text of
 * no key unit. */
static void bead_sig(char *out, size_t cap, const long *z, size_t nz, const long *e, size_t ne,
                     bool dirty)
{
    size_t w = 0;
    const long *v[2] = {z, e};
    size_t n[2] = {nz, ne};
    for (int l = 0; l < 2; l++) {
        for (size_t k = 0; k < n[l] && w + 24 < cap; k++)
            w += (size_t)snprintf(out + w, cap - w, "%ld,", v[l][k]);
        if (w + 2 < cap)
            out[w++] = '|';
    }
    if (dirty && w + 2 < cap)
        out[w++] = '!';
    out[w] = '\0';
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

#define SIG_MAX 256
#define BEAD_UNITS 16

/* The signature of segment s over the key units its paragraphs hold;
 * false when it holds none. */
static bool seg_sig(const doc *d, const found *f, const seg *s, char *out)
{
    long v[LANG_SIDES][BEAD_UNITS];
    size_t n[LANG_SIDES] = {0, 0};
    bool dirty = false;
    for (int l = 0; l < LANG_SIDES; l++)
        for (uint32_t q = 0; q < s->count[l]; q++) {
            size_t p = s->first[l] + q;
            if (p >= d->nparas[l])
                continue;
            if (!f->units[l][p]) {
                dirty = true;
                continue;
            }
            for (uint32_t k = 0; k < f->units[l][p] && n[l] < BEAD_UNITS; k++)
                v[l][n[l]++] = f->first[l][p] + k;
        }
    if (!n[0] && !n[1])
        return false;
    qsort(v[0], n[0], sizeof v[0][0], cmp_long);
    qsort(v[1], n[1], sizeof v[1][0], cmp_long);
    bead_sig(out, SIG_MAX, v[0], n[0], v[1], n[1], dirty);
    return true;
}

/* Scores segments segs[0..nseg) of d against g. */
static score score_segments(const doc *d, const gold *g, const seg *segs, size_t nseg)
{
    found f;
    find_units(d, g, &f);
    score sc = {0};
    /* the key's beads as signatures */
    char **gs = xrealloc(NULL, g->nbeads * sizeof *gs);
    for (size_t b = 0; b < g->nbeads; b++) {
        long v[LANG_SIDES][BEAD_UNITS];
        size_t n[LANG_SIDES] = {0, 0};
        for (int l = 0; l < LANG_SIDES; l++)
            for (size_t k = 0; k < g->n[l]; k++)
                if (g->u[l][k].bead == (int)b && n[l] < BEAD_UNITS)
                    v[l][n[l]++] = (long)k;
        gs[b] = xrealloc(NULL, SIG_MAX);
        bead_sig(gs[b], SIG_MAX, v[0], n[0], v[1], n[1], false);
    }
    size_t ngs = g->nbeads;
    for (size_t b = 0; b < ngs; b++) /* beads emptied by edits do not count */
        if (!strcmp(gs[b], "||")) {
            free(gs[b]);
            gs[b--] = gs[--ngs];
        }
    qsort(gs, ngs, sizeof *gs, cmp_str);
    char **ps = xrealloc(NULL, (nseg ? nseg : 1) * sizeof *ps);
    size_t nps = 0;
    for (size_t i = 0; i < nseg; i++) {
        char sig[SIG_MAX];
        if (!seg_sig(d, &f, &segs[i], sig))
            continue;
        char *key = sig;
        bool ok = bsearch(&key, gs, ngs, sizeof *gs, cmp_str) != NULL;
        ps[nps++] = xstrndup(sig, strlen(sig));
        if (segs[i].conf >= 0.9f) {
            sc.hi++;
            sc.hi_exact += ok;
            if (!ok && getenv("PERTURB_SURE_WRONG"))
                printf("    sure but wrong: segment %zu (%s) confidence %.2f\n", i, sig,
                       (double)segs[i].conf);
        }
        if (ok)
            sc.conf_ok += segs[i].conf, sc.n_ok++;
        else
            sc.conf_bad += segs[i].conf, sc.n_bad++;
    }
    qsort(ps, nps, sizeof *ps, cmp_str);
    sc.beads = ngs;
    for (size_t b = 0; b < ngs; b++) {
        char *key = gs[b];
        sc.exact += bsearch(&key, ps, nps, sizeof *ps, cmp_str) != NULL;
        free(gs[b]);
    }
    for (size_t i = 0; i < nps; i++)
        free(ps[i]);
    free(gs);
    free(ps);
    found_free(&f);
    return sc;
}

static score score_doc(const doc *d, const gold *g)
{
    seg *s = xrealloc(NULL, (d->nsegments ? d->nsegments : 1) * sizeof *s);
    for (size_t i = 0; i < d->nsegments; i++) {
        const doc_segment *x = &d->segments[i];
        s[i] = (seg){{x->first[0], x->first[1]}, {x->count[0], x->count[1]}, x->confidence};
    }
    score sc = score_segments(d, g, s, d->nsegments);
    free(s);
    return sc;
}

/* ---- the baseline: Gale & Church (1993), length alone ---------------------------- */

/* Characters other than spaces: GC's length, on both sides. */
static double gc_len(const doc_para *p)
{
    double n = 0;
    for (size_t i = 0; i < p->len; i++) {
        unsigned char c = (unsigned char)p->text[i];
        n += (c & 0xC0) != 0x80 && c != ' ' && c != '\n' && c != '\t';
    }
    return n;
}

static const struct {
    int a, b;
    double p;
} GC_BEADS[] = {{1, 1, 0.89}, {1, 0, 0.0099 / 2}, {0, 1, 0.0099 / 2},
                {2, 1, 0.089 / 2}, {1, 2, 0.089 / 2}, {2, 2, 0.011}};
#define GC_NBEADS (sizeof GC_BEADS / sizeof GC_BEADS[0])

/* -ln P(|N(0,1)| >= |z|) */
static double gc_tail(double z)
{
    double p = erfc(fabs(z) / sqrt(2.0));
    return p > 1e-300 ? -log(p) : 690;
}

/* Aligns d's paragraphs by length alone: c from the totals, the variance
 * per character 6.8 scaled by c (GC's figure for one unit per character). */
static seg *gale_church(const doc *d, size_t *nseg)
{
    size_t n = d->nparas[LANG_ZH], m = d->nparas[LANG_EN];
    double *lz = xrealloc(NULL, (n + 1) * sizeof *lz), *le = xrealloc(NULL, (m + 1) * sizeof *le);
    double tz = 0, te = 0;
    for (size_t i = 0; i < n; i++)
        tz += lz[i] = gc_len(&d->paras[LANG_ZH][i]);
    for (size_t j = 0; j < m; j++)
        te += le[j] = gc_len(&d->paras[LANG_EN][j]);
    double c = tz > 0 && te > 0 ? te / tz : 1, s2 = 6.8 * c;
    double *F = xrealloc(NULL, (n + 1) * (m + 1) * sizeof *F);
    uint8_t *B = xrealloc(NULL, (n + 1) * (m + 1));
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++) {
            double best = i || j ? INFINITY : 0;
            uint8_t bb = 255;
            for (unsigned t = 0; t < GC_NBEADS; t++) {
                size_t a = (size_t)GC_BEADS[t].a, b = (size_t)GC_BEADS[t].b;
                if (a > i || b > j)
                    continue;
                double l1 = 0, l2 = 0;
                for (size_t k = i - a; k < i; k++)
                    l1 += lz[k];
                for (size_t k = j - b; k < j; k++)
                    l2 += le[k];
                double cost = -log(GC_BEADS[t].p);
                if (a && b) {
                    double mean = (l1 + l2 / c) / 2;
                    double z = (l2 - l1 * c) / sqrt((mean > 1 ? mean : 1) * s2);
                    cost += gc_tail(z);
                }
                cost += F[(i - a) * (m + 1) + (j - b)];
                if (cost < best)
                    best = cost, bb = (uint8_t)t;
            }
            F[i * (m + 1) + j] = best;
            B[i * (m + 1) + j] = bb;
        }
    seg *s = xrealloc(NULL, (n + m + 1) * sizeof *s);
    size_t k = 0;
    for (size_t i = n, j = m; i || j;) {
        unsigned t = B[i * (m + 1) + j];
        size_t a = (size_t)GC_BEADS[t].a, b = (size_t)GC_BEADS[t].b;
        i -= a, j -= b;
        s[k++] = (seg){{(uint32_t)i, (uint32_t)j}, {(uint32_t)a, (uint32_t)b}, 0.0f}; /* no confidence */
    }
    for (size_t a = 0, b = k; a + 1 < b; a++, b--) {
        seg x = s[a];
        s[a] = s[b - 1];
        s[b - 1] = x;
    }
    free(lz), free(le), free(F), free(B);
    *nseg = k;
    return s;
}

static score score_gc(const doc *d, const gold *g)
{
    size_t n;
    seg *s = gale_church(d, &n);
    score sc = score_segments(d, g, s, n);
    free(s);
    return sc;
}

/* ---- where the key units stand in the original ------------------------------------- */

typedef struct place {
    bool ok;           /* found, alone in its paragraph, lines of its own */
    uint32_t source;
    uint32_t top;      /* first line: its own label line when above the text */
    uint32_t first, last;
    uint32_t label;    /* the label's line, 0 when none */
    int speaker;
    size_t para;
} place;

typedef struct base {
    keyfile *kf;
    doc *d;
    text t;
    place *pl[LANG_SIDES];
    const char *layout;
} base;

static bool lines_overlap(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    return a0 <= b1 && b0 <= a1;
}

/* p with its lines as the source's own (a doc's lines may be pieces of
 * them: doc.h), which the variants edit. */
static doc_para src_para(const doc *d, const doc_para *p)
{
    doc_para m = *p;
    m.first_line = doc_source_line(d, p->source, p->first_line);
    m.last_line = doc_source_line(d, p->source, p->last_line);
    m.label_line = p->label_line ? doc_source_line(d, p->source, p->label_line) : 0;
    return m;
}

static uint32_t para_top(const doc_para *p)
{
    return p->label_line && p->label_line < p->first_line ? p->label_line : p->first_line;
}

static void base_places(base *b)
{
    found f;
    find_units(b->d, &b->kf->g, &f);
    for (int l = 0; l < LANG_SIDES; l++) {
        b->pl[l] = calloc(b->kf->g.n[l] ? b->kf->g.n[l] : 1, sizeof *b->pl[l]);
        for (size_t k = 0; k < b->kf->g.n[l]; k++) {
            long p = f.para[l][k];
            if (p < 0 || f.units[l][p] != 1)
                continue;
            const doc_para dpm = src_para(b->d, &b->d->paras[l][p]), *dp = &dpm;
            place *x = &b->pl[l][k];
            *x = (place){true, dp->source, para_top(dp), dp->first_line, dp->last_line,
                         dp->label_line, dp->speaker, (size_t)p};
            /* no other paragraph on its lines */
            for (int o = 0; o < LANG_SIDES && x->ok; o++)
                for (size_t q = 0; q < b->d->nparas[o] && x->ok; q++) {
                    const doc_para opm = src_para(b->d, &b->d->paras[o][q]), *op = &opm;
                    if ((o == l && q == (size_t)p) || op->source != dp->source)
                        continue;
                    if (lines_overlap(para_top(op), op->last_line, x->top, x->last))
                        x->ok = false;
                }
        }
    }
    found_free(&f);
}

/* ---- the edits ----------------------------------------------------------------------- */

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

/* The byte where para's text starts in `line` (its first line), found by
 * its first characters; 0 when not found. */
static size_t find_text_start(const doc_para *p, const char *line)
{
    size_t n = p->len < 9 ? p->len : 9;
    while (n > 0 && n < p->len && ((unsigned char)p->text[n] & 0xC0) == 0x80)
        n--;
    for (size_t k = 0; k < n; k++)
        if (p->text[k] == '\n')
            n = k;
    if (!n)
        return 0;
    char want[16];
    memcpy(want, p->text, n);
    want[n] = '\0';
    const char *at = strstr(line, want);
    return at ? (size_t)(at - line) : 0;
}

static const doc_para *place_para(const base *b, int l, size_t k)
{
    return &b->d->paras[l][b->pl[l][k].para];
}

/* The unit's text: its lines, its label cut from the first, joined. */
static char *unit_text(const base *b, int l, size_t k)
{
    const place *x = &b->pl[l][k];
    const src *s = &b->t.s[x->source];
    size_t cap = 1, w = 0;
    for (uint32_t q = x->first; q <= x->last; q++)
        cap += strlen(s->line[q - 1]) + 1;
    char *out = xrealloc(NULL, cap);
    for (uint32_t q = x->first; q <= x->last; q++) {
        const char *line = s->line[q - 1];
        if (blank(line))
            continue;
        if (q == x->first && x->label == x->first)
            line += find_text_start(place_para(b, l, k), line);
        if (w && l == LANG_EN)
            out[w++] = ' ';
        size_t len = strlen(line);
        memcpy(out + w, line, len);
        w += len;
    }
    out[w] = '\0';
    return out;
}

static void delete_lines(text *t, uint32_t source, uint32_t top, uint32_t last)
{
    for (uint32_t q = top; q <= last; q++)
        text_set(t, source, q - 1, NULL);
    /* a blank line on both sides: drop one */
    const src *s = &t->s[source];
    if (top >= 2 && last < s->n && s->line[top - 2] && blank(s->line[top - 2]) &&
        s->line[last] && blank(s->line[last]))
        text_set(t, source, last, NULL);
}

/* Is the bead a+b one the aligner makes (1-1 … 3-1, 1-0, 0-1)? */
static bool bead_allowed(size_t a, size_t b)
{
    return (a + b >= 1) && a <= 3 && b <= 3 && (a <= 1 || b <= 1 || (a == 2 && b == 2)) &&
           !(a == 0 && b > 1) && !(b == 0 && a > 1);
}

static void bead_counts(const gold *g, int bead, size_t *a, size_t *b)
{
    *a = *b = 0;
    for (size_t k = 0; k < g->n[0]; k++)
        *a += g->u[0][k].bead == bead;
    for (size_t k = 0; k < g->n[1]; k++)
        *b += g->u[1][k].bead == bead;
}

/* Variants: each returns false when it does not apply. */

static const char *const END_TEXT[3][LANG_SIDES] = {
    {"访谈全文：关于城市与河流的一次长谈", "Full transcript: a long talk about cities and rivers"},
    {"以下为访谈实录，经受访者审阅，文字略有删节。本文首发于本刊网站，转载请注明出处。",
     "The following transcript has been lightly edited for length and clarity. It first "
     "appeared on our website; please credit the source when sharing it."},
    {"（责任编辑：周一方）", "Copyright 2024 The Weekly Review. All rights reserved."},
};

/* A title (0), an intro (1) at the top or a footer (2) at the bottom, in
 * language l, in the source of that language when there are two. */
static bool v_ends(const base *b, text *t, gold *g, int what, int l)
{
    (void)g;
    if (!strcmp(b->layout, "srt") || !strcmp(b->layout, "vtt") || !strcmp(b->layout, "ass") ||
        !strcmp(b->layout, "tsv") || !strcmp(b->layout, "table"))
        return false;
    size_t s = 0;
    if (t->ns == 2) {
        for (size_t i = 0; i < b->kf->g.n[l]; i++)
            if (b->pl[l][i].ok) {
                s = b->pl[l][i].source;
                break;
            }
    }
    src *x = &t->s[s];
    if (what == 2) {
        text_insert(t, s, x->n, "");
        text_insert(t, s, x->n, END_TEXT[what][l]);
        return true;
    }
    size_t at = 0;
    if (x->n && (!strcmp(x->line[0], "---") || !strcmp(x->line[0], "+++"))) {
        for (size_t k = 1; k < x->n; k++)
            if (!strcmp(x->line[k], x->line[0])) {
                at = k + 1;
                break;
            }
    }
    text_insert(t, s, at, "");
    text_insert(t, s, at, END_TEXT[what][l]);
    return true;
}

static bool v_delete(const base *b, text *t, gold *g, int l, size_t k)
{
    const place *x = &b->pl[l][k];
    if (!x->ok)
        return false;
    /* the speaker goes on in the next paragraph: its label stays, as a
     * publisher dropping the paragraph would leave it */
    const doc_para *p = place_para(b, l, k), *next = NULL;
    doc_para nextm;
    if (x->para + 1 < b->d->nparas[l]) {
        nextm = src_para(b->d, &b->d->paras[l][x->para + 1]);
        next = &nextm;
    }
    bool keep = x->label && next && next->source == x->source && !next->label_line &&
                next->speaker == x->speaker;
    if (keep && x->label < x->first) {
        delete_lines(t, x->source, x->first, x->last);
    } else if (keep) {
        const char *line = t->s[x->source].line[x->label - 1];
        size_t cut = find_text_start(p, line);
        if (!cut)
            return false;
        const char *nl = t->s[next->source].line[next->first_line - 1];
        size_t a = strlen(nl);
        char *joined = xrealloc(NULL, cut + a + 1);
        memcpy(joined, line, cut);
        memcpy(joined + cut, nl, a + 1);
        text_set(t, next->source, next->first_line - 1, joined);
        delete_lines(t, x->source, x->top, x->last);
    } else {
        delete_lines(t, x->source, x->top, x->last);
    }
    gold_remove(g, l, k);
    return true;
}

static bool v_merge(const base *b, text *t, gold *g, int l, size_t k)
{
    if (k + 1 >= g->n[l])
        return false;
    const place *x = &b->pl[l][k], *y = &b->pl[l][k + 1];
    if (!x->ok || !y->ok || x->source != y->source || x->speaker != y->speaker || y->top <= x->last)
        return false;
    int b0 = g->u[l][k].bead, b1 = g->u[l][k + 1].bead;
    size_t na = 0, nb = 0;
    for (int o = 0; o < LANG_SIDES; o++)
        for (size_t q = 0; q < g->n[o]; q++)
            if (g->u[o][q].bead >= b0 && g->u[o][q].bead <= b1)
                *(o == 0 ? &na : &nb) += 1;
    *(l == 0 ? &na : &nb) -= 1;
    if (!bead_allowed(na, nb))
        return false;
    char *more = unit_text(b, l, k + 1);
    const char *last = t->s[x->source].line[x->last - 1];
    size_t n1 = strlen(last), n2 = strlen(more);
    char *joined = xrealloc(NULL, n1 + n2 + 2);
    memcpy(joined, last, n1);
    size_t w = n1;
    if (l == LANG_EN)
        joined[w++] = ' ';
    memcpy(joined + w, more, n2 + 1);
    free(more);
    text_set(t, x->source, x->last - 1, joined);
    delete_lines(t, y->source, y->top, y->last);
    /* the key: one unit, the beads between the two joined */
    unit *u = &g->u[l][k], *v = &g->u[l][k + 1];
    size_t fl = strlen(u->full), gl = strlen(v->full);
    if (fl && gl) {
        u->full = xrealloc(u->full, fl + gl + 1);
        memcpy(u->full + fl, v->full, gl + 1);
    } else {
        u->full[0] = '\0';
    }
    gold_remove(g, l, k + 1);
    for (int o = 0; o < LANG_SIDES; o++)
        for (size_t q = 0; q < g->n[o]; q++)
            if (g->u[o][q].bead > b0 && g->u[o][q].bead <= b1)
                g->u[o][q].bead = b0;
    return true;
}

/* Is c (at s) a sentence end followed by more text? */
static size_t sentence_end(const char *s)
{
    static const char *const ZH_ENDS[] = {"。", "！", "？", "；"};
    for (size_t q = 0; q < 4; q++)
        if (!strncmp(s, ZH_ENDS[q], 3))
            return 3;
    if ((*s == '.' || *s == '?' || *s == '!') && s[1] == ' ' && s[2] >= 'A' && s[2] <= 'Z')
        return 2;
    return 0;
}

static bool v_split(const base *b, text *t, gold *g, int l, size_t k)
{
    const place *x = &b->pl[l][k];
    if (!x->ok || !strcmp(b->layout, "srt") || !strcmp(b->layout, "vtt") ||
        !strcmp(b->layout, "ass") || !strcmp(b->layout, "tsv") || !strcmp(b->layout, "table"))
        return false;
    size_t a, bb;
    bead_counts(g, g->u[l][k].bead, &a, &bb);
    if (!bead_allowed(a + (l == 0), bb + (l == 1)))
        return false;
    const src *s = &t->s[x->source];
    /* paragraphs set apart by blank lines: split with one; else one per line */
    bool blanks = (x->last < s->n && blank(s->line[x->last])) ||
                  (x->top >= 2 && blank(s->line[x->top - 2]));
    if (!blanks && x->first != x->last)
        return false;
    size_t total = 0;
    for (uint32_t q = x->first; q <= x->last; q++)
        total += strlen(s->line[q - 1]);
    size_t best_line = 0, best_off = 0, pos = 0;
    double best = 1e9;
    for (uint32_t q = x->first; q <= x->last; q++) {
        const char *line = s->line[q - 1];
        size_t start = q == x->first && x->label == x->first
                           ? find_text_start(place_para(b, l, k), line) : 0;
        for (size_t i = start; line[i]; i++) {
            size_t e = sentence_end(line + i);
            if (!e || !line[i + e])
                continue;
            double frac = (double)(pos + i + e) / (double)total;
            if (frac > 0.25 && frac < 0.75 && fabs(frac - 0.5) < best) {
                best = fabs(frac - 0.5);
                best_line = q;
                best_off = i + (e == 2 ? 1 : e);
            }
        }
        pos += strlen(line);
    }
    if (!best_line)
        return false;
    const char *line = s->line[best_line - 1];
    size_t rest = best_off;
    while (line[rest] == ' ')
        rest++;
    size_t n = strlen(line);
    char *head = xstrndup(line, best_off), *tail = xstrndup(line + rest, n - rest);
    char *second = tail;
    unit nu = {norm(tail, strlen(tail)), xstrndup("", 0), g->u[l][k].bead};
    cut_cps(nu.key, 10);
    text_set(t, x->source, best_line - 1, head);
    text_insert(t, x->source, best_line, second);
    if (blanks)
        text_insert(t, x->source, best_line, "");
    free(second);
    g->u[l][k].full[0] = '\0';
    if (best_line == x->first) { /* the key may not reach past the split */
        size_t start = x->label == x->first ? find_text_start(place_para(b, l, k), head) : 0;
        char *first_part = norm(head + start, best_off > start ? best_off - start : 0);
        size_t cps = 0;
        for (const char *q = first_part; *q; q++)
            cps += ((unsigned char)*q & 0xC0) != 0x80;
        cut_cps(g->u[l][k].key, cps);
        free(first_part);
    }
    gold_insert(g, l, k + 1, nu);
    return true;
}

/* The line range of a bead's units in language l: false when some unit
 * is not placed or they are not in one source. */
static bool bead_lines(const base *b, int bead, int l, uint32_t *src_, uint32_t *lo, uint32_t *hi)
{
    const gold *g = &b->kf->g;
    *lo = UINT32_MAX, *hi = 0;
    for (size_t k = 0; k < g->n[l]; k++) {
        if (g->u[l][k].bead != bead)
            continue;
        const place *x = &b->pl[l][k];
        if (!x->ok || (*lo != UINT32_MAX && x->source != *src_))
            return false;
        *src_ = x->source;
        *lo = x->top < *lo ? x->top : *lo;
        *hi = x->last > *hi ? x->last : *hi;
    }
    return true;
}

/* Does a paragraph other than the bead's lie in lines lo..hi of source s? */
static bool foreign_in(const base *b, int bead, uint32_t s, uint32_t lo, uint32_t hi)
{
    const gold *g = &b->kf->g;
    for (int l = 0; l < LANG_SIDES; l++)
        for (size_t q = 0; q < b->d->nparas[l]; q++) {
            const doc_para pm = src_para(b->d, &b->d->paras[l][q]), *p = &pm;
            if (p->source != s || !lines_overlap(para_top(p), p->last_line, lo, hi))
                continue;
            bool mine = false;
            for (size_t k = 0; k < g->n[l] && !mine; k++)
                mine = g->u[l][k].bead == bead && b->pl[l][k].ok && b->pl[l][k].para == q;
            if (!mine)
                return true;
        }
    return false;
}

/* Rotates lines lo..hi (1-based) of source s so that line mid comes first. */
static void rotate_lines(text *t, uint32_t s, uint32_t lo, uint32_t mid, uint32_t hi)
{
    char **L = t->s[s].line;
    size_t n = hi - lo + 1, k = mid - lo;
    char **tmp = xrealloc(NULL, n * sizeof *tmp);
    for (size_t i = 0; i < n; i++)
        tmp[i] = L[lo - 1 + (k + i) % n];
    memcpy(&L[lo - 1], tmp, n * sizeof *tmp);
    free(tmp);
}

/* The other language first: two files swapped; each two-sided bead's
 * lines swapped where its two sides stand apart; or the two sections. */
static bool v_flip(const base *b, text *t, gold *g)
{
    (void)g;
    if (t->ns == 2) {
        src x = t->s[0];
        t->s[0] = t->s[1];
        t->s[1] = x;
        return true;
    }
    const gold *kg = &b->kf->g;
    bool each = true;
    uint32_t zs = 0, zlo = UINT32_MAX, zhi = 0, es = 0, elo = UINT32_MAX, ehi = 0;
    for (size_t bead = 0; bead < kg->nbeads; bead++) {
        uint32_t s0 = 0, s1 = 0, a0, a1, c0, c1;
        if (!bead_lines(b, (int)bead, 0, &s0, &a0, &a1) || !bead_lines(b, (int)bead, 1, &s1, &c0, &c1))
            return false;
        if (a0 != UINT32_MAX)
            zlo = a0 < zlo ? a0 : zlo, zhi = a1 > zhi ? a1 : zhi, zs = s0;
        if (c0 != UINT32_MAX)
            elo = c0 < elo ? c0 : elo, ehi = c1 > ehi ? c1 : ehi, es = s1;
        if (a0 == UINT32_MAX || c0 == UINT32_MAX)
            continue;
        if (s0 != s1 || lines_overlap(a0, a1, c0, c1) || foreign_in(b, (int)bead, s0, a0, a1) ||
            foreign_in(b, (int)bead, s1, c0, c1))
            each = false;
        uint32_t lo = a0 < c0 ? a1 : c1, hi = a0 < c0 ? c0 : a0;
        for (uint32_t q = lo + 1; q < hi && each; q++)
            each = blank(t->s[s0].line[q - 1]);
    }
    if (zlo == UINT32_MAX || elo == UINT32_MAX)
        return false;
    if (each) {
        for (size_t bead = 0; bead < kg->nbeads; bead++) {
            uint32_t s0 = 0, s1 = 0, a0, a1, c0, c1;
            bead_lines(b, (int)bead, 0, &s0, &a0, &a1);
            bead_lines(b, (int)bead, 1, &s1, &c0, &c1);
            if (a0 == UINT32_MAX || c0 == UINT32_MAX)
                continue;
            uint32_t lo = a0 < c0 ? a0 : c0, hi = a0 < c0 ? c1 : a1;
            /* the part that comes second goes first, the blank lines between
             * stay between */
            uint32_t mid = a0 < c0 ? c0 : a0, end1 = a0 < c0 ? a1 : c1;
            rotate_lines(t, s0, lo, mid, hi);          /* second part, first part+gap */
            uint32_t moved = hi - mid + 1;             /* second part's lines */
            uint32_t gap = mid - end1 - 1;
            if (gap)                                   /* first part, gap -> gap, first part */
                rotate_lines(t, s0, lo + moved, lo + moved + (end1 - lo + 1), hi);
        }
        return true;
    }
    /* sections: all of one language, then all of the other */
    if (zs != es || lines_overlap(zlo, zhi, elo, ehi))
        return false;
    uint32_t lo = zlo < elo ? zlo : elo, hi = zlo < elo ? ehi : zhi;
    uint32_t mid = zlo < elo ? elo : zlo;
    rotate_lines(t, zs, lo, mid, hi);
    return true;
}

/* Labels of language l: removed (relabel false) or renamed (true). */
static bool v_labels(const base *b, text *t, gold *g, int l, bool relabel)
{
    (void)g;
    static const char *const EN_NAMES[] = {"Speaker A", "Speaker B", "Speaker C", "Speaker D",
                                           "Speaker E", "Speaker F", "Speaker G", "Speaker H"};
    static const char *const ZH_NAMES[] = {"发言人甲", "发言人乙", "发言人丙", "发言人丁",
                                           "发言人戊", "发言人己", "发言人庚", "发言人辛"};
    if (!strcmp(b->layout, "tsv") || !strcmp(b->layout, "table"))
        return false;
    int ids[8], nids = 0;
    bool any = false;
    for (size_t q = 0; q < b->d->nparas[l]; q++) {
        const doc_para pm = src_para(b->d, &b->d->paras[l][q]), *p = &pm;
        if (!p->label_line)
            continue;
        const char *line = t->s[p->source].line[p->label_line - 1];
        if (!line)
            continue;
        size_t cut = p->label_line == p->first_line ? find_text_start(p, line) : strlen(line);
        if (!cut)
            continue;
        char *nl;
        if (!relabel) {
            nl = p->label_line == p->first_line ? xstrndup(line + cut, strlen(line + cut)) : NULL;
        } else {
            int who = 0;
            while (who < nids && ids[who] != p->speaker)
                who++;
            if (who == nids && nids < 8)
                ids[nids++] = p->speaker;
            if (who >= 8)
                continue;
            const char *name = l == LANG_ZH ? ZH_NAMES[who] : EN_NAMES[who];
            const char *colon = l == LANG_ZH ? "：" : ": ";
            size_t n = strlen(name) + strlen(colon) + strlen(line + cut) + 1;
            nl = xrealloc(NULL, n);
            snprintf(nl, n, "%s%s%s", name, p->label_line == p->first_line ? colon : ":",
                     p->label_line == p->first_line ? line + cut : "");
            if (p->label_line != p->first_line && l == LANG_ZH) {
                free(nl);
                size_t m = strlen(name) + 4;
                nl = xrealloc(NULL, m);
                snprintf(nl, m, "%s：", name);
            }
        }
        text_set(t, p->source, p->label_line - 1, nl);
        any = true;
    }
    return any;
}

/* ---- running -------------------------------------------------------------------------- */

enum { K_NONE, K_ENDS, K_DELETE, K_MERGE, K_SPLIT, K_FLIP, K_NOLABELS, K_RELABEL, K_KINDS };
static const char *const KIND_NAME[K_KINDS] = {"none", "ends", "delete", "merge", "split",
                                               "flip", "nolabels", "relabel"};

typedef struct tally {
    score duet[K_KINDS], gc[K_KINDS];
    size_t variants[K_KINDS], skipped[K_KINDS];
    score ends5;   /* the ends kind over files of at least 5 pairs */
    size_t files, unread;
} tally;

typedef struct run_opts {
    bool small, verbose;
    const char *show; /* write the variants so described to perturb-N.txt */
} run_opts;

/* Writes a variant's text to perturb-N.txt (N counting), for a look. */
static void show_variant(const text *t, const char *what)
{
    static int count;
    for (size_t i = 0; i < t->ns; i++) {
        char name[64];
        snprintf(name, sizeof name, "perturb-%d.txt", ++count);
        FILE *f = fopen(name, "w");
        if (!f)
            return;
        for (size_t k = 0; k < t->s[i].n; k++)
            fprintf(f, "%s\n", t->s[i].line[k]);
        fclose(f);
        printf("  (%s: %s as %s)\n", what, t->s[i].name, name);
    }
}

static void run_variant(const base *b, tally *ty, int kind, const text *t, const gold *g,
                        const run_opts *o, const char *what)
{
    doc *d = text_load(t);
    score s = {0}, c = {0};
    if (o->show && strstr(what, o->show))
        show_variant(t, what);
    if (d) {
        s = score_doc(d, g);
        c = score_gc(d, g);
    } else {
        s.beads = c.beads = g->nbeads;
    }
    score_add(&ty->duet[kind], &s);
    score_add(&ty->gc[kind], &c);
    ty->variants[kind]++;
    if (kind == K_ENDS && b->kf->g.nbeads >= 5)
        score_add(&ty->ends5, &s);
    if (o->verbose && (s.exact < s.beads))
        printf("  %-9s %-22s %3zu/%-3zu (gc %zu)%s\n", KIND_NAME[kind], what, s.exact, s.beads,
               c.exact, d ? "" : " (not read)");
    doc_free(d);
}

/* Indexes 0..n-1, or a few spread evenly in small mode. */
static bool pick(size_t k, size_t n, bool small, size_t few)
{
    if (!small || n <= few)
        return true;
    for (size_t q = 0; q < few; q++)
        if (k == (q * (n - 1)) / (few - 1))
            return true;
    return false;
}

static void tally_add(tally *to, const tally *t)
{
    for (int k = 0; k < K_KINDS; k++) {
        score_add(&to->duet[k], &t->duet[k]);
        score_add(&to->gc[k], &t->gc[k]);
        to->variants[k] += t->variants[k];
        to->skipped[k] += t->skipped[k];
    }
    score_add(&to->ends5, &t->ends5);
    to->files += t->files;
    to->unread += t->unread;
}

static void run_file_into(keyfile *kf, tally *ty, const run_opts *o);

/* Runs a file's variants into ty, and into clean too when duet pairs the
 * file as written exactly (its reading is right: what is left is pairing). */
static void run_file(keyfile *kf, tally *ty, tally *clean, const run_opts *o)
{
    tally t;
    memset(&t, 0, sizeof t);
    run_file_into(kf, &t, o);
    tally_add(ty, &t);
    if (t.files && t.duet[K_NONE].exact == t.duet[K_NONE].beads)
        tally_add(clean, &t);
}

static void run_file_into(keyfile *kf, tally *ty, const run_opts *o)
{
    base b;
    memset(&b, 0, sizeof b);
    b.kf = kf;
    b.layout = "";
    {
        text orig = {0};
        orig.ns = kf->nfiles;
        for (size_t i = 0; i < kf->nfiles; i++) {
            FILE *f = fopen(kf->files[i], "rb");
            if (!f) {
                fprintf(stderr, "perturb: %s: cannot read\n", kf->files[i]);
                ty->unread++;
                text_free(&orig);
                return;
            }
            orig.s[i].name = xstrndup(kf->files[i], strlen(kf->files[i]));
            fclose(f);
        }
        /* read as duet reads it: the doc's decoded lines are the base */
        const char *names[2] = {kf->files[0], kf->nfiles > 1 ? kf->files[1] : NULL};
        format_report rep;
        if (format_load(names, kf->nfiles, NULL, (size_t)1 << 30, &b.d, &rep) != ST_OK) {
            fprintf(stderr, "perturb: %s: not read\n", kf->files[0]);
            ty->unread++;
            text_free(&orig);
            return;
        }
        text_free(&orig);
    }
    ty->files++;
    b.layout = b.d->layout ? b.d->layout : "";
    text_from_doc(&b.t, b.d);
    base_places(&b);
    if (o->verbose) {
        size_t placed = 0, units = 0;
        for (int l = 0; l < LANG_SIDES; l++)
            for (size_t k = 0; k < kf->g.n[l]; k++)
                units++, placed += b.pl[l][k].ok;
        printf("%s (%s, %zu beads, %zu/%zu units placed)\n", kf->path, b.layout, kf->g.nbeads,
               placed, units);
    }
    char what[64];
#define VARIANT(kind, call, ...)                                                               \
    do {                                                                                       \
        text t;                                                                                \
        gold g;                                                                                \
        text_copy(&t, &b.t);                                                                   \
        gold_copy(&g, &kf->g);                                                                 \
        snprintf(what, sizeof what, __VA_ARGS__);                                              \
        if (call) {                                                                            \
            text_pack(&t);                                                                     \
            run_variant(&b, ty, kind, &t, &g, o, what);                                        \
        } else {                                                                               \
            ty->skipped[kind]++;                                                               \
        }                                                                                      \
        text_free(&t);                                                                         \
        gold_free(&g);                                                                         \
    } while (0)
    VARIANT(K_NONE, true, "as written");
    for (int what_ = 0; what_ < 3; what_++)
        for (int l = 0; l < LANG_SIDES; l++)
            VARIANT(K_ENDS, v_ends(&b, &t, &g, what_, l), "%s %s",
                    what_ == 0 ? "title" : what_ == 1 ? "intro" : "footer", lang_code((lang_id)l));
    for (int l = 0; l < LANG_SIDES; l++) {
        size_t n = kf->g.n[l];
        for (size_t k = 0; k < n; k++) {
            if (pick(k, n, o->small, 3))
                VARIANT(K_DELETE, v_delete(&b, &t, &g, l, k), "delete %s %zu", lang_code((lang_id)l), k);
            if (pick(k, n, o->small, 2))
                VARIANT(K_MERGE, v_merge(&b, &t, &g, l, k), "merge %s %zu", lang_code((lang_id)l), k);
            if (pick(k, n, o->small, 2))
                VARIANT(K_SPLIT, v_split(&b, &t, &g, l, k), "split %s %zu", lang_code((lang_id)l), k);
        }
        VARIANT(K_NOLABELS, v_labels(&b, &t, &g, l, false), "no labels %s", lang_code((lang_id)l));
        VARIANT(K_RELABEL, v_labels(&b, &t, &g, l, true), "relabel %s", lang_code((lang_id)l));
    }
    VARIANT(K_FLIP, v_flip(&b, &t, &g), "flip");
#undef VARIANT
    for (int l = 0; l < LANG_SIDES; l++)
        free(b.pl[l]);
    text_free(&b.t);
    doc_free(b.d);
}

static double pct(size_t a, size_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

static void report(const char *title, const tally *ty)
{
    printf("%s: %zu files%s\n", title, ty->files,
           ty->unread ? " (some not read: see above)" : "");
    printf("  %-9s %8s %8s %7s %7s  %7s %7s\n", "kind", "variants", "skipped", "beads", "duet",
           "gc", "hi_prec");
    score all = {0}, allgc = {0};
    size_t nv = 0;
    for (int k = 0; k < K_KINDS; k++) {
        const score *s = &ty->duet[k], *c = &ty->gc[k];
        printf("  %-9s %8zu %8zu %7zu %6.1f%% %6.1f%%  %6.1f%%\n", KIND_NAME[k], ty->variants[k],
               ty->skipped[k], s->beads, pct(s->exact, s->beads), pct(c->exact, c->beads),
               pct(s->hi_exact, s->hi));
        if (k != K_NONE) {
            score_add(&all, s);
            score_add(&allgc, c);
            nv += ty->variants[k];
        }
    }
    printf("  %-9s %8zu %8s %7zu %6.1f%% %6.1f%%  %6.1f%%\n", "variants", nv, "", all.beads,
           pct(all.exact, all.beads), pct(allgc.exact, allgc.beads), pct(all.hi_exact, all.hi));
    printf("  ends over files of >= 5 pairs: %.1f%% of %zu beads\n",
           pct(ty->ends5.exact, ty->ends5.beads), ty->ends5.beads);
    printf("  calibration (variants): confidence >= 0.9 exact %.1f%% of %zu segments; mean "
           "confidence %.3f exact (%zu), %.3f wrong (%zu)\n",
           pct(all.hi_exact, all.hi), all.hi, all.n_ok ? all.conf_ok / (double)all.n_ok : 0.0,
           all.n_ok, all.n_bad ? all.conf_bad / (double)all.n_bad : 0.0, all.n_bad);
}

static score total_variants(const tally *ty)
{
    score all = {0};
    for (int k = K_ENDS; k < K_KINDS; k++)
        score_add(&all, &ty->duet[k]);
    return all;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Runs every key under path (a key or a directory). */
static void run_path(const char *path, bool dev_default, tally *own, tally *dev, tally *clean,
                     const run_opts *o, bool quiet_missing)
{
    DIR *dir = opendir(path);
    char **names = NULL;
    size_t n = 0, cap = 0;
    if (!dir) {
        if (!has_suffix(path, ".json")) {
            if (!quiet_missing)
                fprintf(stderr, "perturb: %s: no such key or directory\n", path);
            return;
        }
        if (!GROW(names, cap, 1))
            die("out of memory");
        names[n++] = xstrndup(path, strlen(path));
    } else {
        for (struct dirent *e; (e = readdir(dir));) {
            if (!has_suffix(e->d_name, ".key.json") && !has_suffix(e->d_name, ".gold.json"))
                continue;
            if (!GROW(names, cap, n + 1))
                die("out of memory");
            size_t len = strlen(path) + strlen(e->d_name) + 2;
            names[n] = xrealloc(NULL, len);
            snprintf(names[n++], len, "%s/%s", path, e->d_name);
        }
        closedir(dir);
    }
    qsort(names, n, sizeof *names, cmp_cstr);
    for (size_t i = 0; i < n; i++) {
        keyfile kf;
        bool dev_key = dev_default || has_suffix(names[i], ".gold.json");
        if (key_read(names[i], &kf)) {
            kf.dev = dev_key;
            run_file(&kf, dev_key ? dev : own, &clean[dev_key], o);
        } else if (o->verbose) {
            printf("%s: not a key of version 2 with units and beads: skipped\n", names[i]);
        }
        keyfile_free(&kf);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    run_opts o = {false, false, NULL};
    double min = -1, ends_min = -1;
    const char *paths[64];
    int np = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--small"))
            o.small = true;
        else if (!strcmp(argv[i], "--verbose"))
            o.verbose = true;
        else if (!strcmp(argv[i], "--show") && i + 1 < argc)
            o.show = argv[++i];
        else if (!strcmp(argv[i], "--min") && i + 1 < argc)
            min = atof(argv[++i]);
        else if (!strcmp(argv[i], "--ends-min") && i + 1 < argc)
            ends_min = atof(argv[++i]);
        else if (argv[i][0] == '-')
            die("usage: perturb [--small] [--min PCT] [--ends-min PCT] [--verbose] [PATH ...]");
        else if (np < 64)
            paths[np++] = argv[i];
    }
    tally own, dev, clean[2];
    memset(&own, 0, sizeof own);
    memset(&dev, 0, sizeof dev);
    memset(clean, 0, sizeof clean);
    if (np) {
        for (int i = 0; i < np; i++)
            run_path(paths[i], strstr(paths[i], "shared/corpus") != NULL, &own, &dev, clean, &o,
                     false);
    } else {
        run_path("tests/corpus", false, &own, &dev, clean, &o, false);
        DIR *sh = opendir("../shared/corpus/dev");
        if (sh) {
            closedir(sh);
            run_path("../shared/corpus/dev", true, &own, &dev, clean, &o, true);
        } else {
            printf("SKIP: the development set's variants (no ../shared)\n");
        }
    }
    if (own.files)
        report("own corpus", &own);
    if (clean[0].files && clean[0].files < own.files)
        report("own corpus, the files paired exactly as written (the pairing alone)", &clean[0]);
    else if (own.files)
        printf("(every file of the own corpus is paired exactly as written)\n");
    if (dev.files)
        report("development set (measured, never copied)", &dev);
    if (clean[1].files && clean[1].files < dev.files)
        report("development set, the files paired exactly as written", &clean[1]);
    /* the targets hold the pairing to account: over the files duet reads
     * and pairs exactly as written (the reading has tests of its own) */
    int rc = 0;
    const tally *t = &clean[0];
    score a = total_variants(t);
    if (min >= 0 && t->files && pct(a.exact, a.beads) < min) {
        printf("FAIL: %.1f%% of beads exact over the variants, under %.1f%%\n",
               pct(a.exact, a.beads), min);
        rc = 1;
    }
    if (ends_min >= 0 && t->ends5.beads && pct(t->ends5.exact, t->ends5.beads) < ends_min) {
        printf("FAIL: %.1f%% of beads exact with a title, intro or footer added, under %.1f%%\n",
               pct(t->ends5.exact, t->ends5.beads), ends_min);
        rc = 1;
    }
    if (min >= 0 && !t->files) {
        printf("FAIL: no keyed file paired exactly as written\n");
        rc = 1;
    }
    return rc;
}
