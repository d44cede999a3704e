/* format — the registry of layouts, detection, and the load pipeline:
 * read → decode → probe → parse → align (when the layout paired nothing)
 * → finish. */
#include "format.h"

#include <stdio.h>
#include <string.h>

#include "align.h"
#include "input.h"
#include "text.h"

/* The layouts, in the order --help lists them. Detection prefers the
 * earlier one on equal scores. Add a layout here and in src/format/. */
extern const format format_sectioned, format_interleaved, format_inline, format_two_files,
    format_srt, format_vtt, format_table, format_stt, format_tsv;

static const format *const registry[] = {
    &format_sectioned,
    &format_interleaved,
    &format_inline,
    &format_two_files,
    &format_srt,
    &format_vtt,
    &format_table,
    &format_stt,
    &format_tsv,
};

#define NFORMATS (sizeof registry / sizeof registry[0])

const format *const *format_all(size_t *n)
{
    *n = NFORMATS;
    return registry;
}

const format *format_find(const char *name)
{
    for (size_t i = 0; name && i < NFORMATS; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

static bool format_takes(const format *f, size_t nsources)
{
    return nsources >= f->min_sources && nsources <= f->max_sources;
}

/* Appends the other candidates' scores to the winner's evidence, so
 * --check can say why this layout and not another. */
static void format_note_others(char *ev, const int *scores, size_t best)
{
    size_t used = strlen(ev);
    for (size_t i = 0; i < NFORMATS; i++) {
        if (i == best || scores[i] < 0 || used + 48 >= FORMAT_EVIDENCE_MAX)
            continue;
        int k = snprintf(ev + used, FORMAT_EVIDENCE_MAX - used, "%s%s scored %d",
                         used ? "\n" : "", registry[i]->name, scores[i]);
        if (k > 0)
            used += (size_t)k;
    }
}

/* Runs every probe that takes d's number of sources (or only `forced`'s)
 * and returns the best, with its evidence in ev; NULL when none scores. */
static const format *format_detect(const doc *d, const format *forced, char *ev, int *best_score)
{
    int scores[NFORMATS];
    char scratch[FORMAT_EVIDENCE_MAX];
    size_t best = NFORMATS;
    *best_score = 0;
    ev[0] = '\0';
    for (size_t i = 0; i < NFORMATS; i++) {
        scores[i] = -1;
        const format *f = registry[i];
        if ((forced && f != forced) || !format_takes(f, d->nsources))
            continue;
        scores[i] = f->probe(d, scratch);
        if (best == NFORMATS || scores[i] > *best_score) {
            best = i;
            *best_score = scores[i];
            int k = snprintf(ev, FORMAT_EVIDENCE_MAX, "score %d\n", scores[i]);
            size_t used = k > 0 ? (size_t)k : 0, rest = strlen(scratch);
            if (rest > FORMAT_EVIDENCE_MAX - 1 - used)
                rest = FORMAT_EVIDENCE_MAX - 1 - used; /* evidence is bounded */
            while (rest && ((unsigned char)scratch[rest] & 0xC0) == 0x80)
                rest--; /* … at a character boundary */
            memcpy(ev + used, scratch, rest);
            ev[used + rest] = '\0';
        }
    }
    if (best == NFORMATS || (!forced && *best_score <= 0))
        return NULL;
    format_note_others(ev, scores, best);
    return registry[best];
}

static status format_fail(doc *d, status st, format_report *r, const char *path, const char *why)
{
    doc_free(d);
    if (r) {
        r->failed_path = path;
        snprintf(r->why, sizeof r->why, "%s", why ? why : "");
    }
    return st;
}

status format_load_bytes(const char *const *names, const char *const *bytes,
                         const size_t *lens, size_t n, const format *forced,
                         doc **out, format_report *report)
{
    *out = NULL;
    if (report) {
        report->failed_path = NULL;
        report->why[0] = '\0';
    }
    doc *d = doc_new();
    if (!d)
        return ST_NO_MEMORY;
    if (n == 0 || n > 2)
        return format_fail(d, ST_USAGE, report, NULL, "one or two files");
    for (size_t i = 0; i < n; i++) {
        const char *name = names[i] ? names[i] : "-";
        if (lens[i] == 0)
            return format_fail(d, ST_EMPTY, report, name, NULL);
        if (text_looks_binary(bytes[i], lens[i]))
            return format_fail(d, ST_BINARY, report, name, NULL);
        status st = doc_add_source(d, name, bytes[i], lens[i]);
        if (st != ST_OK)
            return format_fail(d, st, report, name, NULL);
    }
    if (forced && !format_takes(forced, n))
        return format_fail(d, ST_BAD_FORMAT, report, names[0],
                           n == 1 ? "this layout needs two files" : "this layout reads one file");
    char ev[FORMAT_EVIDENCE_MAX], why[FORMAT_EVIDENCE_MAX] = "";
    int score;
    const format *f = format_detect(d, forced, ev, &score);
    if (!f)
        return format_fail(d, ST_NOT_TRANSCRIPT, report, names[0], ev);
    if (forced && score <= 0) {
        /* --format names a layout this input does not have: say why, in
         * the probe's own first reason ("no subtitle cues …") */
        const char *reason = strchr(ev, '\n');
        reason = reason ? reason + 1 : "";
        char first[FORMAT_EVIDENCE_MAX];
        snprintf(first, sizeof first, "%.*s", (int)strcspn(reason, "\n"), reason);
        return format_fail(d, ST_BAD_FORMAT, report, names[0], first);
    }
    status st = f->parse(d, why);
    if (st != ST_OK)
        return format_fail(d, st, report, names[0], why);
    if (forced) { /* the evidence says who chose */
        char chosen[FORMAT_EVIDENCE_MAX + 32];
        snprintf(chosen, sizeof chosen, "chosen by --format; %s", ev);
        size_t len = strlen(chosen);
        if (len > FORMAT_EVIDENCE_MAX - 1) {
            len = FORMAT_EVIDENCE_MAX - 1;
            while (len && ((unsigned char)chosen[len] & 0xC0) == 0x80)
                len--; /* at a character boundary */
        }
        memcpy(ev, chosen, len);
        ev[len] = '\0';
    }
    doc_set_layout(d, f->name, ev);
    if (d->nsegments == 0 && (st = align_document(d)) != ST_OK)
        return format_fail(d, st, report, names[0], NULL);
    if ((st = doc_finish(d)) != ST_OK)
        return format_fail(d, st, report, names[0], NULL);
    *out = d;
    return ST_OK;
}

status format_load(const char *const *paths, size_t npaths, const format *forced,
                   size_t limit, doc **out, format_report *report)
{
    *out = NULL;
    if (report) {
        report->failed_path = NULL;
        report->why[0] = '\0';
    }
    if (npaths == 0 || npaths > 2)
        return ST_USAGE;
    input in[2] = {{0}};
    const char *bytes[2];
    size_t lens[2];
    status st = ST_OK;
    for (size_t i = 0; i < npaths && st == ST_OK; i++) {
        st = input_read(paths[i], limit, &in[i]);
        if (st != ST_OK && report)
            report->failed_path = paths[i];
        bytes[i] = in[i].bytes;
        lens[i] = in[i].n;
    }
    if (st == ST_OK)
        st = format_load_bytes(paths, bytes, lens, npaths, forced, out, report);
    for (size_t i = 0; i < npaths; i++)
        input_free(&in[i]);
    return st;
}
