/* format — the registry of layouts, detection, and the load pipeline:
 * read → decode → probe → parse → align (when the layout paired nothing)
 * → finish. */
#include "format.h"

#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "align.h"
#include "format/scan.h"
#include "input.h"
#include "text.h"

/* The layouts, in the order --help lists them. Detection prefers the
 * earlier one on equal scores. Add a layout here and in src/format/. */
extern const format format_sectioned, format_interleaved, format_inline, format_two_files,
    format_srt, format_vtt, format_ass, format_table, format_stt, format_tsv;

static const format *const registry[] = {
    &format_sectioned,
    &format_interleaved,
    &format_inline,
    &format_two_files,
    &format_srt,
    &format_vtt,
    &format_ass,
    &format_table,
    &format_stt,
    &format_tsv,
};

#define NFORMATS (sizeof registry / sizeof registry[0])

void format_evidence_vadd(char *ev, size_t cap, size_t *used, const char *fmt, va_list ap)
{
    if (cap == 0 || *used + 1 >= cap)
        return;
    int k = vsnprintf(ev + *used, cap - *used, fmt, ap);
    if (k < 0) {
        ev[*used] = '\0';
        return;
    }
    *used += (size_t)k;
    if (*used >= cap) { /* cut: drop a character cut in two */
        size_t end = cap - 1, i = end;
        while (i > 0 && ((unsigned char)ev[i - 1] & 0xC0) == 0x80)
            i--;
        if (i > 0) {
            unsigned char lead = (unsigned char)ev[i - 1];
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (i - 1 + need > end)
                end = i - 1;
        }
        ev[end] = '\0';
        *used = end;
    }
}

void format_evidence_add(char *ev, size_t cap, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    format_evidence_vadd(ev, cap, used, fmt, ap);
    va_end(ap);
}

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

const char *format_stage_name(format_stage s)
{
    static const char *const names[] = {
#define FORMAT_STAGE_NAME(id, name) name,
        FORMAT_STAGE_TABLE(FORMAT_STAGE_NAME)
#undef FORMAT_STAGE_NAME
    };
    return (unsigned)s < FORMAT_STAGES ? names[s] : "?";
}

static double format_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Adds the time since *mark to the stage's figure and moves the mark. */
static void format_lap(format_report *r, format_stage s, double *mark)
{
    double now = format_now_ms();
    if (r)
        r->stage_ms[s] += now - *mark;
    *mark = now;
}

static bool format_takes(const format *f, size_t nsources)
{
    return nsources >= f->min_sources && nsources <= f->max_sources;
}

/* Appends the runner-up and the other candidates' scores to the winner's
 * evidence, so --check can say why this layout and not another. */
static void format_note_others(char *ev, const int *scores, size_t best)
{
    size_t used = strlen(ev), second = NFORMATS;
    for (size_t i = 0; i < NFORMATS; i++)
        if (i != best && scores[i] >= 0 && (second == NFORMATS || scores[i] > scores[second]))
            second = i;
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < NFORMATS; i++) {
            bool runner = i == second;
            if (i == best || scores[i] < 0 || runner != (pass == 0) || used + 48 >= FORMAT_EVIDENCE_MAX)
                continue;
            int k = snprintf(ev + used, FORMAT_EVIDENCE_MAX - used, "%s%s%s scored %d",
                             used ? "\n" : "", runner ? "runner-up: " : "", registry[i]->name,
                             scores[i]);
            if (k > 0)
                used += (size_t)k;
        }
}

/* Runs every probe that takes d's number of sources (or only `forced`'s),
 * sharing `scans` (of d), and returns the best, with its evidence in ev;
 * NULL when none scores. */
static const format *format_detect(const doc *d, format_scans *scans, const format *forced,
                                   char *ev, int *best_score)
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
        scores[i] = f->probe(d, scans, scratch);
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

const format *format_detect_doc(const doc *d, const format *forced)
{
    char ev[FORMAT_EVIDENCE_MAX];
    int score;
    format_scans scans;
    scan_set_init(&scans, d);
    const format *f = format_detect(d, &scans, forced, ev, &score);
    scan_set_free(&scans);
    return f;
}

/* Inputs up to FORMAT_SAMPLE_MIN bytes are probed whole; larger ones on a
 * sample (format.h), each stretch cut at line ends and set apart by a blank
 * line. Probes read lines, labels, language runs and cues, which a sample
 * shows as the whole does; probing every layout over the whole of a 100 MB
 * file cost more than reading, parsing and aligning it together. */

/* Appends s[from, to), whole lines, to out + *len (when out is not NULL),
 * with a line end when the last line has none. */
static void format_sample_put(const char *s, size_t from, size_t to, char *out, size_t *len)
{
    if (from == to)
        return;
    if (out)
        memcpy(out + *len, s + from, to - from);
    *len += to - from;
    if (s[to - 1] != '\n') {
        if (out)
            out[*len] = '\n';
        ++*len;
    }
}

size_t format_sample_bytes(const char *s, size_t n, const format_sample_size *sz, char *out)
{
    size_t len = 0, at = text_line_after(s, n, sz->head);
    format_sample_put(s, 0, at, out, &len);
    size_t rest = n > sz->head ? n - sz->head : 0;
    for (size_t k = 1; k <= sz->chunks && at < n; k++) {
        size_t first = text_line_after(s, n, sz->head + rest / (sz->chunks + 1) * k);
        if (first < at)
            first = at;
        if (first >= n)
            break;
        if (out)
            out[len] = '\n'; /* a blank line: the stretches are not one paragraph */
        len++;
        at = text_line_after(s, n, first + sz->chunk);
        format_sample_put(s, first, at, out, &len);
    }
    return len;
}

/* A document of samples of d's sources to probe instead of d (NULL when d
 * is small enough to probe whole, or memory ran out: then d is probed). */
static doc *format_sample(const doc *d)
{
    bool large = false;
    for (size_t s = 0; s < d->nsources; s++)
        large |= d->sources[s].text.len > FORMAT_SAMPLE_MIN;
    if (!large)
        return NULL;
    static const format_sample_size size = {FORMAT_SAMPLE_HEAD, FORMAT_SAMPLE_CHUNKS,
                                            FORMAT_SAMPLE_CHUNK};
    doc *sd = doc_new();
    for (size_t s = 0; sd && s < d->nsources; s++) {
        const text_decoded *t = &d->sources[s].text; /* lines end in '\n' */
        bool whole = t->len <= FORMAT_SAMPLE_MIN;
        size_t n = whole ? t->len : format_sample_bytes(t->buf, t->len, &size, NULL);
        char *buf = whole ? NULL : malloc(n + 1);
        if (!whole && buf)
            format_sample_bytes(t->buf, t->len, &size, buf);
        status st = whole ? doc_add_source(sd, d->sources[s].path, t->buf, t->len)
                    : buf ? doc_add_source(sd, d->sources[s].path, buf, n)
                          : ST_NO_MEMORY;
        free(buf);
        if (st != ST_OK) {
            doc_free(sd);
            return NULL;
        }
    }
    return sd;
}

/* A segment none of whose paragraphs has a speaker (a title pair, an
 * editorial sentence and its translation) has none: the alignment lends
 * a run of unknown speakers its neighbour's. */
static void format_speakerless(doc *d)
{
    for (size_t i = 0; i < d->nsegments; i++) {
        doc_segment *s = &d->segments[i];
        bool known = false;
        for (int l = 0; l < LANG_SIDES && !known; l++)
            for (uint32_t k = 0; k < s->count[l] && !known; k++)
                known = doc_segment_para(d, s, (lang_id)l, k)->speaker >= 0;
        if (!known)
            s->speaker = -1;
    }
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

/* format_load_bytes, and format_load when `owned` holds the bytes read
 * (malloc'd, NUL-terminated): they are handed to the doc as they are
 * decoded (doc_add_source_owned), so a file is held once, not twice; each
 * owned[i] is NULL once taken, and whatever is left is the caller's. */
static status format_load_sources(const char *const *names, const char *const *bytes,
                                  char **owned, const size_t *lens, const encoding_info *encs,
                                  size_t n, const format *forced, doc **out,
                                  format_report *report)
{
    *out = NULL;
    if (report) {
        report->failed_path = NULL;
        report->why[0] = '\0';
        memset(report->stage_ms, 0, sizeof report->stage_ms);
    }
    double mark = format_now_ms();
    doc *d = doc_new();
    if (!d)
        return ST_NO_MEMORY;
    if (n == 0 || n > 2)
        return format_fail(d, ST_USAGE, report, NULL, "one or two files");
    for (size_t i = 0; i < n; i++) {
        const char *name = names[i] ? names[i] : "-";
        if (lens[i] == 0)
            return format_fail(d, ST_EMPTY, report, name, NULL);
        char *take = owned ? owned[i] : NULL;
        if (owned)
            owned[i] = NULL;
        size_t len = lens[i];
        encoding_info enc;
        status st = ST_OK;
        if (encs) { /* read by input_read_as: UTF-8 already */
            enc = encs[i];
        } else if (encoding_looks_binary(bytes[i], len, false)) {
            st = ST_BINARY;
        } else if (!take && strcmp(encoding_detect(bytes[i], len), "UTF-8") == 0) {
            memset(&enc, 0, sizeof enc); /* copied by doc_add_source as it is */
            strcpy(enc.name, "UTF-8");
        } else {
            if (!take && (take = malloc(len + 1))) {
                memcpy(take, bytes[i], len);
                take[len] = '\0';
            }
            st = take ? encoding_to_utf8(&take, &len, NULL, &enc) : ST_NO_MEMORY;
        }
        if (st == ST_OK)
            st = take ? doc_add_source_owned(d, name, take, len)
                      : doc_add_source(d, name, bytes[i], len);
        else
            free(take);
        if (st != ST_OK)
            return format_fail(d, st, report, name, NULL);
        doc_source *src = &d->sources[d->nsources - 1];
        src->encoding = enc;
        if (!enc.converted) /* every bad sequence, not the sample's */
            src->encoding.invalid = src->text.bad_sequences;
    }
    format_lap(report, FORMAT_STAGE_DECODE, &mark);
    if (forced && !format_takes(forced, n))
        return format_fail(d, ST_BAD_FORMAT, report, names[0],
                           n == 1 ? "this layout needs two files" : "this layout reads one file");
    char ev[FORMAT_EVIDENCE_MAX], why[FORMAT_EVIDENCE_MAX] = "";
    int score;
    doc *sample = format_sample(d);
    /* the probes share the scans of what they probe; the parse takes them
     * when that is d itself */
    format_scans probed, parsed;
    scan_set_init(&probed, sample ? sample : d);
    scan_set_init(&parsed, d);
    const format *f = format_detect(sample ? sample : d, &probed, forced, ev, &score);
    if (sample) { /* the evidence says what was probed */
        size_t used = strlen(ev), of = 0;
        for (size_t i = 0; i < n; i++)
            of += d->sources[i].text.len;
        size_t probed_bytes = 0;
        for (size_t i = 0; i < sample->nsources; i++)
            probed_bytes += sample->sources[i].text.len;
        if (used + 80 < FORMAT_EVIDENCE_MAX)
            snprintf(ev + used, FORMAT_EVIDENCE_MAX - used,
                     "\nprobed on a sample: %zu of %zu bytes (the start and %d stretches)",
                     probed_bytes, of, FORMAT_SAMPLE_CHUNKS);
    }
    format_lap(report, FORMAT_STAGE_DETECT, &mark);
    status st = ST_OK;
    if (!f) {
        st = ST_NOT_TRANSCRIPT;
        snprintf(why, sizeof why, "%s", ev);
    } else if (forced && score <= 0) {
        /* --format names a layout this input does not have: say why, in
         * the probe's own first reason ("no subtitle cues …") */
        const char *reason = strchr(ev, '\n');
        reason = reason ? reason + 1 : "";
        snprintf(why, sizeof why, "%.*s", (int)strcspn(reason, "\n"), reason);
        st = ST_BAD_FORMAT;
    } else {
        st = f->parse(d, sample ? &parsed : &probed, why);
    }
    scan_set_free(&probed);
    scan_set_free(&parsed);
    doc_free(sample);
    format_lap(report, FORMAT_STAGE_PARSE, &mark);
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
    if (d->nsegments == 0) {
        if ((st = align_document(d)) != ST_OK)
            return format_fail(d, st, report, names[0], NULL);
        format_speakerless(d);
    }
    format_lap(report, FORMAT_STAGE_ALIGN, &mark);
    if ((st = doc_finish(d)) != ST_OK)
        return format_fail(d, st, report, names[0], NULL);
    format_lap(report, FORMAT_STAGE_FINISH, &mark);
#ifdef __GLIBC__
    /* Parsing and aligning a large file leave megabytes freed but resident
     * in the heap, where a search index built by another thread (another
     * arena) cannot reuse them: give them back. */
    malloc_trim(0);
#endif
    *out = d;
    return ST_OK;
}

status format_load_bytes(const char *const *names, const char *const *bytes,
                         const size_t *lens, size_t n, const format *forced,
                         doc **out, format_report *report)
{
    return format_load_sources(names, bytes, NULL, lens, NULL, n, forced, out, report);
}

status format_load_inputs(const char *const *names, input *in, size_t n, const format *forced,
                          doc **out, format_report *report)
{
    const char *bytes[2] = {NULL, NULL};
    char *owned[2] = {NULL, NULL};
    size_t lens[2] = {0, 0};
    encoding_info encs[2];
    memset(encs, 0, sizeof encs);
    for (size_t i = 0; i < n && i < 2; i++) {
        bytes[i] = owned[i] = in[i].bytes;
        lens[i] = in[i].n;
        encs[i] = in[i].encoding;
    }
    status st = format_load_sources(names, bytes, owned, lens, encs, n, forced, out, report);
    for (size_t i = 0; i < n && i < 2; i++)
        if (!owned[i] && in[i].bytes) { /* the doc has them now */
            in[i].bytes = NULL;
            in[i].n = 0;
        }
    return st;
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
    char *owned[2] = {NULL, NULL};
    size_t lens[2];
    encoding_info encs[2];
    status st = ST_OK;
    double mark = format_now_ms();
    for (size_t i = 0; i < npaths && st == ST_OK; i++) {
        st = input_read(paths[i], limit, &in[i]);
        if (st != ST_OK && report)
            report->failed_path = paths[i];
        bytes[i] = owned[i] = in[i].bytes;
        lens[i] = in[i].n;
        encs[i] = in[i].encoding;
    }
    double read_ms = format_now_ms() - mark;
    if (st == ST_OK)
        st = format_load_sources(paths, bytes, owned, lens, encs, npaths, forced, out, report);
    if (report)
        report->stage_ms[FORMAT_STAGE_READ] = read_ms;
    for (size_t i = 0; i < npaths; i++)
        if (owned[i]) /* not taken by the doc */
            input_free(&in[i]);
    return st;
}
