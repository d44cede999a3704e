/* preview — a document from the heads of the input (see preview.h). */
#include "preview.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "lang.h"
#include "text.h"

bool preview_worth(const size_t *lens, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lens[i] >= PREVIEW_MIN_BYTES)
            return true;
    return false;
}

/* ---- bytes and lines ----------------------------------------------------------- */

/* A growing buffer of bytes. */
typedef struct preview_buf {
    char *s;
    size_t len, cap;
    bool failed;
} preview_buf;

/* A stretch longer than this (a line of megabytes) makes no preview: the
 * whole loads first, as it would without one. */
#define PREVIEW_PUT_MAX ((size_t)256 * 1024)

/* Appends s[a, b), and a line end when it does not end with one. */
static void preview_put(preview_buf *b, const char *s, size_t from, size_t to)
{
    size_t need = b->len + (to - from) + 2;
    if (to - from > PREVIEW_PUT_MAX)
        b->failed = true;
    if (b->failed)
        return;
    if (!GROW(b->s, b->cap, need)) {
        b->failed = true;
        return;
    }
    memcpy(b->s + b->len, s + from, to - from);
    b->len += to - from;
    if (to > from && s[to - 1] != '\n')
        b->s[b->len++] = '\n';
}

/* ---- which layout ------------------------------------------------------------------ */

/* A sample like the one format_load probes (format.h), a quarter of its
 * size, from the raw bytes (decoding changes no line but a rewritten
 * byte's). Probing costs about 10 ms per megabyte; if this sample misleads,
 * the whole document shows the right layout when it arrives. A sample
 * grown far past its size holds lines of megabytes: no preview then. */
#define PREVIEW_SAMPLE_HEAD (FORMAT_SAMPLE_HEAD / 4)
#define PREVIEW_SAMPLE_CHUNKS (FORMAT_SAMPLE_CHUNKS / 2)
#define PREVIEW_SAMPLE_CHUNK (FORMAT_SAMPLE_CHUNK / 2)
#define PREVIEW_SAMPLE_MAX \
    (PREVIEW_SAMPLE_HEAD + PREVIEW_SAMPLE_CHUNKS * PREVIEW_SAMPLE_CHUNK + PREVIEW_PUT_MAX)
static const format_sample_size preview_sample_size = {PREVIEW_SAMPLE_HEAD, PREVIEW_SAMPLE_CHUNKS,
                                                       PREVIEW_SAMPLE_CHUNK};

/* The layout detection picks for these inputs, probed as format_load
 * probes them (whole when small, else on the sample). */
static const format *preview_layout(const char *const *names, const char *const *bytes,
                                    const size_t *lens, size_t n, const format *forced)
{
    doc *sd = doc_new();
    for (size_t i = 0; sd && i < n; i++) {
        const char *name = names[i] ? names[i] : "-";
        status st;
        if (lens[i] <= FORMAT_SAMPLE_MIN / 4) {
            st = doc_add_source(sd, name, bytes[i], lens[i]);
        } else {
            size_t len = format_sample_bytes(bytes[i], lens[i], &preview_sample_size, NULL);
            char *b = len <= PREVIEW_SAMPLE_MAX ? malloc(len + 1) : NULL;
            if (b)
                format_sample_bytes(bytes[i], lens[i], &preview_sample_size, b);
            st = b ? doc_add_source(sd, name, b, len) : ST_NOT_TRANSCRIPT;
            free(b);
        }
        if (st != ST_OK) {
            doc_free(sd);
            sd = NULL;
        }
    }
    const format *f = sd ? format_detect_doc(sd, forced) : NULL;
    doc_free(sd);
    return f;
}

/* ---- where the second section starts --------------------------------------------- */

/* The language of the stretch of text that starts at the first line at or
 * after byte `at`. */
#define PREVIEW_PROBE_BYTES 2048
static lang_id preview_lang_at(const char *s, size_t n, size_t at)
{
    size_t a = text_line_after(s, n, at);
    size_t b = n - a > PREVIEW_PROBE_BYTES ? a + PREVIEW_PROBE_BYTES : n;
    lang_counts c = {0};
    lang_count(s + a, b - a, &c);
    return lang_classify(&c);
}

/* Lines kept before the switch: a marker announcing the second section
 * ("英文原文：") and its label may stand there. The first section's lines
 * among them make a few more paragraphs at the end of its head, which the
 * preview drops anyway. */
#define PREVIEW_LINES_BEFORE 6
#define PREVIEW_SWITCH_MARGIN ((size_t)8192)

/* The byte where the preview's part of the second section starts, or n when
 * the languages do not switch once: a binary search over the language of
 * stretches between 5% and 95% of the file narrows the switch to a few
 * kilobytes; there, the split that leaves the most lines in their section's
 * language (the earliest of equals), less a few lines. */
static size_t preview_switch(const char *s, size_t n)
{
    size_t lo = n / 20, hi = n - n / 20;
    lang_id l1 = preview_lang_at(s, n, lo), l2 = preview_lang_at(s, n, hi);
    if (l1 == l2 || l1 == LANG_NONE || l2 == LANG_NONE)
        return n;
    while (hi - lo > PREVIEW_PROBE_BYTES) {
        size_t mid = lo + (hi - lo) / 2;
        if (preview_lang_at(s, n, mid) == l1)
            lo = mid;
        else
            hi = mid;
    }
    size_t a = text_line_after(s, n, lo > PREVIEW_SWITCH_MARGIN ? lo - PREVIEW_SWITCH_MARGIN : 0);
    size_t z = hi + PREVIEW_PROBE_BYTES + PREVIEW_SWITCH_MARGIN;
    z = text_line_after(s, n, z < n ? z : n);
    if (z - a > PREVIEW_PUT_MAX)
        return n; /* lines of megabytes: no switch a preview can use */
    /* agree(split) = lines of l1 before it + lines of l2 after it; walked
     * once, counting l2 lines first */
    long after = 0, agree = 0, best = -1;
    for (size_t at = a; at < z;) {
        size_t e = text_line_after(s, n, at + 1);
        after += lang_detect(s + at, e - at) == l2;
        at = e;
    }
    size_t best_at = a;
    agree = after;
    for (size_t at = a; at <= z && at < n;) {
        if (agree > best) {
            best = agree;
            best_at = at;
        }
        if (at >= z)
            break;
        size_t e = text_line_after(s, n, at + 1);
        lang_id l = lang_detect(s + at, e - at);
        agree += (l == l1) - (l == l2);
        at = e;
    }
    /* back over a few non-blank lines */
    size_t at = best_at;
    for (int k = 0; k < PREVIEW_LINES_BEFORE && at > 0;) {
        size_t b = at - 1; /* the '\n' ending the line before */
        while (b > 0 && s[b - 1] != '\n')
            b--;
        bool blank = true;
        for (size_t i = b; i < at && blank; i++)
            blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n';
        k += !blank;
        at = b;
    }
    return at;
}

/* ---- the heads -------------------------------------------------------------------- */

/* The text the preview reads from input s[0, n): its head, and for the
 * sectioned layout the head of the second section too. False when a
 * sectioned file shows no switch. */
static bool preview_heads(const char *s, size_t n, bool sectioned, preview_buf *out)
{
    size_t head = text_line_after(s, n, PREVIEW_HEAD_BYTES);
    if (!sectioned || n <= 2 * PREVIEW_HEAD_BYTES) {
        preview_put(out, s, 0, sectioned ? n : head);
        return !out->failed;
    }
    size_t second = preview_switch(s, n);
    if (second >= n)
        return false;
    size_t end = text_line_after(s, n, second + PREVIEW_HEAD_BYTES);
    if (head >= second) {
        preview_put(out, s, 0, end);
    } else {
        preview_put(out, s, 0, head);
        preview_put(out, s, second, end);
    }
    return !out->failed;
}

/* ---- keeping what is sure ------------------------------------------------------------ */

/* Keeps the segments well inside both heads, the paragraphs they pair and
 * the notes before them; false when none is left. */
static bool preview_trim(doc *d)
{
    size_t limit[LANG_SIDES];
    for (int l = 0; l < LANG_SIDES; l++)
        limit[l] = (size_t)((double)d->nparas[l] * PREVIEW_KEEP);
    size_t keep = 0, most = d->nsegments > PREVIEW_DROP ? d->nsegments - PREVIEW_DROP : 0;
    while (keep < most) {
        const doc_segment *g = &d->segments[keep];
        bool inside = true;
        for (int l = 0; l < LANG_SIDES; l++)
            inside &= g->count[l] == 0 || g->first[l] + g->count[l] <= limit[l];
        if (!inside)
            break;
        keep++;
    }
    if (keep == 0)
        return false;
    for (int l = 0; l < LANG_SIDES; l++) {
        const doc_segment *g = &d->segments[keep - 1];
        d->nparas[l] = g->first[l] + g->count[l];
    }
    d->nsegments = keep;
    size_t nn = 0;
    for (size_t i = 0; i < d->nnotes; i++)
        if (d->notes[i].position < keep)
            d->notes[nn++] = d->notes[i];
    d->nnotes = nn;
    return doc_finish(d) == ST_OK;
}

status preview_build(const char *const *names, const char *const *bytes, const size_t *lens,
                     size_t n, const format *forced, doc **out)
{
    *out = NULL;
    if (n == 0 || n > 2)
        return ST_USAGE;
    const format *f = preview_layout(names, bytes, lens, n, forced);
    if (!f)
        return ST_NOT_TRANSCRIPT;
    bool sectioned = n == 1 && strcmp(f->name, "sectioned") == 0;
    preview_buf heads[2] = {{0}};
    const char *hb[2];
    size_t hl[2];
    status st = ST_OK;
    for (size_t i = 0; i < n && st == ST_OK; i++) {
        if (!preview_heads(bytes[i], lens[i], sectioned, &heads[i]))
            st = ST_NOT_TRANSCRIPT; /* (or out of memory: the whole loads either way) */
        hb[i] = heads[i].s;
        hl[i] = heads[i].len;
    }
    doc *d = NULL;
    if (st == ST_OK)
        st = format_load_bytes(names, hb, hl, n, f, &d, NULL);
    for (size_t i = 0; i < n; i++)
        free(heads[i].s);
    if (st != ST_OK)
        return st;
    if (!preview_trim(d)) {
        doc_free(d);
        return ST_NOT_TRANSCRIPT;
    }
    *out = d;
    return ST_OK;
}
