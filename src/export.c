/* export — the --check report and --export json, tsv and md.
 *
 * Everything here reads a finished doc and writes to a stream. Numbers are
 * formatted by hand where a locale could change them (a decimal comma would
 * break JSON), and every string from outside the doc goes through escape.h. */
#include "export.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "label.h"
#include "grow.h"
#include "text.h"
#include "timecode.h"

static const char *const side_code[LANG_SIDES] = {"zh", "en"};

/* ---- small helpers ------------------------------------------------------------ */

static status finish_output(FILE *out)
{
    return (fflush(out) != 0 || ferror(out)) ? ST_IO : ST_OK;
}

/* A confidence as "0.97", whatever the locale's decimal point; rounded to
 * the same side of DOC_WEAK_CONFIDENCE as c itself (0.496 is "0.49"), so
 * that the number written and the segment's weakness never disagree and a
 * TSV reads back as it was written. */
static void write_confidence(FILE *out, float c)
{
    if (!(c >= 0.0f))
        c = 0.0f;
    if (c > 1.0f)
        c = 1.0f;
    int v = (int)(c * 100.0f + 0.5f);
    bool weak = c < DOC_WEAK_CONFIDENCE;
    while (v > 0 && weak && (float)v / 100.0f >= DOC_WEAK_CONFIDENCE)
        v--;
    while (v < 100 && !weak && (float)v / 100.0f < DOC_WEAK_CONFIDENCE)
        v++;
    fprintf(out, "%d.%02d", v / 100, v % 100);
}

static bool is_weak(const doc_segment *s)
{
    return s->confidence < DOC_WEAK_CONFIDENCE;
}

static const char *speaker_name(const doc *d, int sp)
{
    return (sp >= 0 && (size_t)sp < d->nspeakers) ? d->speakers[sp].name : NULL;
}

static bool valid_line(const doc *d, uint32_t source, uint32_t line)
{
    return source < d->nsources && line >= 1 && line <= d->sources[source].nlines;
}

/* The source line (as editors count) of doc line `line`; the line itself
 * for a doc built by hand without sources. */
static uint32_t shown_line(const doc *d, uint32_t source, uint32_t line)
{
    return source < d->nsources ? doc_source_line(d, source, line) : line;
}

static doc_line_role line_role(const doc *d, uint32_t source, uint32_t line)
{
    return valid_line(d, source, line) ? (doc_line_role)d->sources[source].role[line - 1]
                                       : DOC_LINE_UNACCOUNTED;
}

/* Does line `line` of a range belong to it? The lines of a paragraph are
 * its TEXT lines, those of a note its NOTE lines; without a known source
 * (a doc built by hand) every line of the range does. */
static bool line_in_range(const doc *d, uint32_t source, uint32_t line, doc_line_role want)
{
    return source >= d->nsources || line_role(d, source, line) == want;
}

/* The label a paragraph was introduced by, as written: the longest label
 * variant of its speaker that starts its label line ("Host:" in "Host: text",
 * "发言人 1" in "发言人 1 00:52"), else, for a label alone on its line,
 * that line. NULL when there is none. */
static const char *para_label(const doc *d, const doc_para *p, size_t *n)
{
    if (!p->label_line)
        return NULL;
    const char *s = doc_line_trimmed(d, p->source, p->label_line, n);
    if (!*n)
        return NULL;
    label_match m; /* a time or a quote mark may stand before it: "[00:01:23] Host:" */
    if (label_match_header(s, *n, &m) && m.start) {
        s += m.start;
        *n -= m.start;
    }
    size_t best = 0;
    if (p->speaker >= 0 && (size_t)p->speaker < d->nspeakers) {
        const doc_speaker *sp = &d->speakers[p->speaker];
        for (size_t k = 0; k < sp->nlabels; k++) {
            size_t len = strlen(sp->labels[k]);
            if (len > best && len <= *n && memcmp(s, sp->labels[k], len) == 0)
                best = len;
        }
    }
    if (!best && p->label_line != p->first_line)
        return s; /* a label alone on its line: the line */
    *n = best;
    return best ? s : NULL;
}

static const char *source_path(const doc *d, uint32_t source)
{
    return source < d->nsources ? d->sources[source].path : NULL;
}

/* ---- line lists ------------------------------------------------------------------ */

/* Source line numbers, in order, of one source. */
typedef struct line_list {
    uint32_t *v;
    size_t n, cap;
} line_list;

static bool line_list_add(line_list *l, uint32_t line)
{
    if (l->n && l->v[l->n - 1] == line)
        return true; /* two paragraphs or pieces on one line: listed once */
    if (!GROW(l->v, l->cap, l->n + 1))
        return false;
    l->v[l->n++] = line;
    return true;
}

/* Adds the source lines of the doc lines first..last that have role `want`. */
static bool line_list_range(line_list *l, const doc *d, uint32_t source, uint32_t first,
                            uint32_t last, doc_line_role want)
{
    for (uint32_t line = first; line && line <= last; line++)
        if (line_in_range(d, source, line, want) && !line_list_add(l, shown_line(d, source, line)))
            return false;
    return true;
}

/* ---- which note a line belongs to ------------------------------------------------- */

/* A note's lines are the NOTE lines of its range that no note inside that
 * range claims: notes may nest (a reader's intro over a heading the
 * furniture made a note of). For the NOTE lines of one source: the index
 * + 1 of the innermost note holding each (0: none), and how many notes of
 * that size hold it (two: claimed twice). */
typedef struct note_claims {
    size_t source;
    uint32_t *owner;   /* per doc line, [line] */
    uint32_t *span;    /* the owner's last - first */
    uint8_t *count;
} note_claims;

static void claims_free(note_claims *c)
{
    free(c->owner);
    free(c->span);
    free(c->count);
    memset(c, 0, sizeof *c);
}

static bool claims_make(const doc *d, size_t source, note_claims *c)
{
    memset(c, 0, sizeof *c);
    c->source = source;
    size_t n = source < d->nsources ? d->sources[source].nlines : 0;
    c->owner = calloc(n + 1, sizeof *c->owner);
    c->span = calloc(n + 1, sizeof *c->span);
    c->count = calloc(n + 1, 1);
    if (!c->owner || !c->span || !c->count) {
        claims_free(c);
        return false;
    }
    for (size_t i = 0; i < d->nnotes; i++) {
        const doc_note *nt = &d->notes[i];
        if (nt->source != source)
            continue;
        uint32_t span = nt->last_line - nt->first_line;
        for (uint32_t line = nt->first_line; line && line <= nt->last_line && line <= n; line++) {
            if (line_role(d, nt->source, line) != DOC_LINE_NOTE)
                continue;
            if (!c->owner[line] || span < c->span[line]) {
                c->owner[line] = (uint32_t)i + 1;
                c->span[line] = span;
                c->count[line] = 1;
            } else if (span == c->span[line] && c->count[line] < 2) {
                c->count[line]++;
            }
        }
    }
    return true;
}

/* The source lines of note i (its own lines: claims of its source). */
static bool line_list_note(line_list *l, const doc *d, const note_claims *c, size_t i)
{
    const doc_note *nt = &d->notes[i];
    if (nt->source >= d->nsources) /* a doc built by hand: its range */
        return line_list_range(l, d, nt->source, nt->first_line, nt->last_line, DOC_LINE_NOTE);
    for (uint32_t line = nt->first_line; line && line <= nt->last_line; line++)
        if (valid_line(d, nt->source, line) && c->owner[line] == i + 1 &&
            !line_list_add(l, shown_line(d, nt->source, line)))
            return false;
    return true;
}

/* ---- where text stands in the file ---------------------------------------------------- */

/* The file's byte offset of sanitised byte `at` of a source; `end` for an
 * exclusive end (one past the byte before). */
static size_t file_offset(const doc *d, uint32_t source, size_t at, bool end)
{
    const text_decoded *t = &d->sources[source].text;
    if (!end)
        return text_source_offset(t, at);
    return at ? text_source_offset(t, at - 1) + 1 : 0;
}

/* Writes [START,END]: where a paragraph's text stands in its file, from
 * its first character after its label to its last. */
static void json_para_range(FILE *out, const doc *d, const doc_para *p)
{
    if (p->source >= d->nsources || !valid_line(d, p->source, p->first_line)) {
        fputs("null", out);
        return;
    }
    size_t n, ln;
    const char *s = doc_line(d, p->source, p->first_line, &n), *t = s;
    const char *label = p->label_line == p->first_line ? para_label(d, p, &ln) : NULL;
    if (label)
        t = label + ln;
    while (t < s + n && (*t == ' ' || *t == '\t'))
        t++;
    size_t start = doc_line_start(d, p->source, p->first_line) + (size_t)(t - s);
    const char *e = doc_line_trimmed(d, p->source, p->last_line, &ln);
    const char *last = doc_line(d, p->source, p->last_line, &n);
    size_t end = doc_line_start(d, p->source, p->last_line) + (size_t)(e - last) + ln;
    if (end < start)
        end = start;
    fprintf(out, "[%zu,%zu]", file_offset(d, p->source, start, false),
            file_offset(d, p->source, end, true));
}

/* The same for a note: its first line's start to its last line's end. */
static void json_note_range(FILE *out, const doc *d, const doc_note *nt)
{
    if (nt->source >= d->nsources || !valid_line(d, nt->source, nt->first_line) ||
        !valid_line(d, nt->source, nt->last_line)) {
        fputs("null", out);
        return;
    }
    uint32_t a = nt->first_line, z = nt->last_line;
    while (a < z && line_role(d, nt->source, a) == DOC_LINE_BLANK)
        a++;
    while (z > a && line_role(d, nt->source, z) == DOC_LINE_BLANK)
        z--;
    size_t n;
    const char *s = doc_line_trimmed(d, nt->source, a, &n), *line = doc_line(d, nt->source, a, &n);
    size_t start = doc_line_start(d, nt->source, a) + (size_t)(s - line);
    const char *e = doc_line_trimmed(d, nt->source, z, &n);
    line = doc_line(d, nt->source, z, &(size_t){0});
    size_t end = doc_line_start(d, nt->source, z) + (size_t)(e - line) + n;
    fprintf(out, "[%zu,%zu]", file_offset(d, nt->source, start, false),
            file_offset(d, nt->source, end, end > start));
}

/* The lines of a segment's side: those of its paragraphs. */
static bool line_list_side(line_list *l, const doc *d, const doc_segment *s, lang_id lang)
{
    for (uint32_t k = 0; k < s->count[lang]; k++) {
        const doc_para *p = doc_segment_para(d, s, lang, k);
        if (!line_list_range(l, d, p->source, p->first_line, p->last_line, DOC_LINE_TEXT))
            return false;
    }
    return true;
}

/* As a JSON array: [12,13]. */
static void line_list_json(FILE *out, const line_list *l)
{
    putc('[', out);
    for (size_t i = 0; i < l->n; i++)
        fprintf(out, i ? ",%u" : "%u", (unsigned)l->v[i]);
    putc(']', out);
}

/* For people: runs joined, "12-14,17"; "-" when empty. */
static void line_list_text(FILE *out, const line_list *l)
{
    if (!l->n)
        putc('-', out);
    for (size_t i = 0; i < l->n;) {
        size_t j = i;
        while (j + 1 < l->n && l->v[j + 1] == l->v[j] + 1)
            j++;
        fprintf(out, "%s%u", i ? "," : "", (unsigned)l->v[i]);
        if (j > i)
            fprintf(out, "-%u", (unsigned)l->v[j]);
        i = j + 1;
    }
}

/* ---- --dump ----------------------------------------------------------------------- */

/* Rows rendered per layout_render call: the layout wraps lazily, so a long
 * transcript streams out without being laid out whole first. */
#define DUMP_CHUNK 256

/* Prints one row; *buf grows to hold it (its text, the spaces before and
 * between spans, and tabs expanded: at most 2 * width more than the spans). */
static bool dump_row(FILE *out, const text_widths *tw, const layout_row *r, int width, char **buf,
                     size_t *cap)
{
    size_t need = 2 * (size_t)width + 16;
    for (size_t i = 0; i < r->nspans; i++)
        need += r->spans[i].len;
    if (!GROW(*buf, *cap, need))
        return false;
    size_t n = layout_row_text(tw, r, *buf, *cap);
    fwrite(*buf, 1, n, out);
    putc('\n', out);
    return true;
}

status export_dump(const doc *d, int width, layout_mode mode, const text_widths *tw, FILE *out)
{
    return export_dump_filtered(d, width, mode, tw, NULL, out);
}

status export_dump_filtered(const doc *d, int width, layout_mode mode, const text_widths *tw,
                            const filter_state *flt, FILE *out)
{
    layout *L = layout_new(d, tw);
    if (!L)
        return ST_NO_MEMORY;
    layout_set_geometry(L, width, mode, false, (layout_pos){0, 0});
    if (flt && !filter_all_shown(flt)) {
        layout_hooks h = {.hidden = filter_hidden_hook, .hidden_ctx = flt};
        layout_set_hooks(L, &h, (layout_pos){0, 0});
    }
    layout_pos top = layout_first(L);
    char *buf = NULL;
    size_t cap = 0;
    status st = ST_OK;
    for (bool done = false; !done && st == ST_OK && !ferror(out);) {
        const layout_frame *f = layout_render(L, top, DUMP_CHUNK);
        if (!f) {
            st = ST_NO_MEMORY;
            break;
        }
        for (size_t i = 0; i < f->nrows && !done; i++) {
            if (f->rows[i].pos.block == SIZE_MAX)
                done = true; /* past the end */
            else if (!dump_row(out, layout_widths(L), &f->rows[i], width, &buf, &cap))
                st = ST_NO_MEMORY;
        }
        /* A full chunk: go on after it, unless it ended on the last row. */
        long moved = 0;
        if (!done)
            top = layout_scroll(L, top, DUMP_CHUNK, &moved);
        done = done || moved < DUMP_CHUNK;
    }
    free(buf);
    layout_free(L);
    return st == ST_OK ? finish_output(out) : st;
}

/* ---- JSON -------------------------------------------------------------------------- */

static void json_str(FILE *out, const char *s)
{
    if (s)
        escape_json(out, s, strlen(s));
    else
        fputs("null", out);
}

static void json_times(FILE *out, int64_t start, int64_t end)
{
    fprintf(out, "%lld,%lld", (long long)start, (long long)end);
}

static status json_paragraph(FILE *out, const doc *d, const doc_para *p)
{
    line_list l = {0};
    if (!line_list_range(&l, d, p->source, p->first_line, p->last_line, DOC_LINE_TEXT)) {
        free(l.v);
        return ST_NO_MEMORY;
    }
    fputs("{\"lines\":", out);
    line_list_json(out, &l);
    free(l.v);
    fputs(",\"range\":", out);
    json_para_range(out, d, p);
    if (p->label_line)
        fprintf(out, ",\"label_line\":%u,\"label\":",
                (unsigned)shown_line(d, p->source, p->label_line));
    else
        fputs(",\"label_line\":null,\"label\":", out);
    size_t ln;
    const char *label = para_label(d, p, &ln);
    if (label)
        escape_json(out, label, ln);
    else
        fputs("null", out);
    fputs(",\"text\":", out);
    escape_json(out, p->text, p->len);
    if (p->start_ms >= 0)
        fprintf(out, ",\"start_ms\":%lld,\"end_ms\":%lld", (long long)p->start_ms,
                (long long)p->end_ms);
    putc('}', out);
    return ST_OK;
}

static status json_side(FILE *out, const doc *d, const doc_segment *s, lang_id lang)
{
    line_list l = {0};
    if (!line_list_side(&l, d, s, lang)) {
        free(l.v);
        return ST_NO_MEMORY;
    }
    const doc_para *first = s->count[lang] ? doc_segment_para(d, s, lang, 0) : NULL;
    fprintf(out, "\"%s\":{\"file\":", side_code[lang]);
    json_str(out, first ? source_path(d, first->source) : NULL);
    fputs(",\"lines\":", out);
    line_list_json(out, &l);
    free(l.v);
    /* The side's text: its paragraphs joined by "\n", escaped as one string. */
    fputs(",\"text\":\"", out);
    for (uint32_t k = 0; k < s->count[lang]; k++) {
        const doc_para *p = doc_segment_para(d, s, lang, k);
        if (k)
            fputs("\\u000a", out);
        escape_json_chars(out, p->text, p->len);
    }
    fputs("\",\"paragraphs\":[", out);
    int64_t start = -1, end = -1;
    for (uint32_t k = 0; k < s->count[lang]; k++) {
        const doc_para *p = doc_segment_para(d, s, lang, k);
        if (k)
            putc(',', out);
        status st = json_paragraph(out, d, p);
        if (st != ST_OK)
            return st;
        if (p->start_ms >= 0 && (start < 0 || p->start_ms < start))
            start = p->start_ms;
        if (p->end_ms > end)
            end = p->end_ms;
    }
    putc(']', out);
    if (start >= 0) {
        fputs(",\"times\":[", out);
        json_times(out, start, end);
        putc(']', out);
    }
    putc('}', out);
    return ST_OK;
}

static void json_header(FILE *out, const doc *d)
{
    fputs("{\n\"file\":", out);
    json_str(out, d->nsources ? d->sources[0].path : NULL);
    fputs(",\n\"files\":[", out);
    for (size_t i = 0; i < d->nsources; i++) {
        if (i)
            putc(',', out);
        json_str(out, d->sources[i].path);
    }
    fputs("],\n\"encoding\":", out);
    json_str(out, d->nsources && d->sources[0].encoding.name[0] ? d->sources[0].encoding.name
                                                                 : "UTF-8");
    fputs(",\n\"encodings\":[", out);
    for (size_t i = 0; i < d->nsources; i++) {
        if (i)
            putc(',', out);
        json_str(out, d->sources[i].encoding.name[0] ? d->sources[i].encoding.name : "UTF-8");
    }
    fputs("],\n\"layout\":", out);
    json_str(out, d->layout ? d->layout : "");
    fputs(",\n\"evidence\":[", out);
    const char *e = d->evidence ? d->evidence : "";
    for (bool first = true; *e;) {
        size_t n = strcspn(e, "\n");
        if (n) {
            fputs(first ? "" : ",", out);
            escape_json(out, e, n);
            first = false;
        }
        e += n + (e[n] == '\n');
    }
    fputs("],\n\"languages\":[", out);
    lang_id langs[LANG_SIDES];
    int nl = doc_languages(d, langs);
    for (int i = 0; i < nl; i++)
        fprintf(out, "%s\"%s\"", i ? "," : "", side_code[langs[i]]);
    fputs("],\n", out);
}

static void json_speakers(FILE *out, const doc *d)
{
    fputs("\"speakers\":[", out);
    for (size_t i = 0; i < d->nspeakers; i++) {
        const doc_speaker *sp = &d->speakers[i];
        fputs(i ? ",\n {\"name\":" : "\n {\"name\":", out);
        json_str(out, sp->name);
        fputs(",\"labels\":[", out);
        for (size_t k = 0; k < sp->nlabels; k++) {
            if (k)
                putc(',', out);
            json_str(out, sp->labels[k]);
        }
        fprintf(out, "],\"segments\":%u,\"turns\":%u,\"chars\":%u,\"words\":%u,\"colour\":%d}",
                (unsigned)sp->segments, (unsigned)sp->turns, (unsigned)sp->zh_chars,
                (unsigned)sp->en_words, sp->colour);
    }
    fputs(d->nspeakers ? "\n],\n" : "],\n", out);
}

static status json_notes(FILE *out, const doc *d)
{
    fputs("\"notes\":[", out);
    note_claims c = {0};
    c.source = SIZE_MAX;
    for (size_t i = 0; i < d->nnotes; i++) {
        const doc_note *n = &d->notes[i];
        if (n->source != c.source) {
            claims_free(&c);
            if (!claims_make(d, n->source, &c))
                return ST_NO_MEMORY;
        }
        line_list l = {0};
        if (!line_list_note(&l, d, &c, i)) {
            free(l.v);
            claims_free(&c);
            return ST_NO_MEMORY;
        }
        fprintf(out, "%s {\"kind\":\"%s\",\"reason\":\"%s\",\"file\":", i ? ",\n" : "\n",
                doc_note_kind_name(n->kind), doc_note_reason_name((doc_note_reason)n->reason));
        json_str(out, source_path(d, n->source));
        fputs(",\"lines\":", out);
        line_list_json(out, &l);
        free(l.v);
        fputs(",\"range\":", out);
        json_note_range(out, d, n);
        fputs(",\"text\":", out);
        escape_json(out, n->text ? n->text : "", n->text ? n->len : 0);
        fprintf(out, ",\"position\":%u}", (unsigned)n->position);
    }
    claims_free(&c);
    fputs(d->nnotes ? "\n],\n" : "],\n", out);
    return ST_OK;
}

status export_json(const doc *d, FILE *out)
{
    json_header(out, d);
    json_speakers(out, d);
    status st = json_notes(out, d);
    if (st != ST_OK)
        return st;
    fputs("\"doubtful\":[", out); /* the segments to check: their indexes */
    for (size_t i = doc_next_doubtful(d, SIZE_MAX), n = 0; i != SIZE_MAX; i = doc_next_doubtful(d, i))
        fprintf(out, "%s%zu", n++ ? "," : "", i + 1);
    fputs("],\n\"segments\":[", out);
    for (size_t i = 0; i < d->nsegments; i++) {
        const doc_segment *s = &d->segments[i];
        fprintf(out, "%s {\"index\":%zu,\"speaker\":", i ? ",\n" : "\n", i + 1);
        json_str(out, speaker_name(d, s->speaker));
        fputs(",\"confidence\":", out);
        write_confidence(out, s->confidence);
        fprintf(out, ",\"bead\":\"%u-%u\",\"weak\":%s,", (unsigned)s->count[LANG_ZH],
                (unsigned)s->count[LANG_EN], is_weak(s) ? "true" : "false");
        if ((st = json_side(out, d, s, LANG_ZH)) != ST_OK)
            return st;
        putc(',', out);
        if ((st = json_side(out, d, s, LANG_EN)) != ST_OK)
            return st;
        putc('}', out);
    }
    fputs(d->nsegments ? "\n]\n}\n" : "]\n}\n", out);
    return finish_output(out);
}

/* ---- TSV ---------------------------------------------------------------------------- */

/* The earliest start of a segment's timed paragraphs, -1 when none is. */
static int64_t segment_start_ms(const doc *d, const doc_segment *s)
{
    int64_t start = -1;
    for (int l = 0; l < LANG_SIDES; l++)
        for (uint32_t k = 0; k < s->count[l]; k++) {
            const doc_para *p = doc_segment_para(d, s, (lang_id)l, k);
            if (p->start_ms >= 0 && (start < 0 || p->start_ms < start))
                start = p->start_ms;
        }
    return start;
}

status export_tsv(const doc *d, FILE *out)
{
    fputs("speaker\tzh\ten\ttime\tconfidence\tflags\n", out);
    for (size_t i = 0; i < d->nsegments; i++) {
        const doc_segment *s = &d->segments[i];
        const char *name = speaker_name(d, s->speaker);
        if (name)
            escape_tsv(out, name, strlen(name));
        for (int l = 0; l < LANG_SIDES; l++) {
            putc('\t', out);
            for (uint32_t k = 0; k < s->count[l]; k++) {
                const doc_para *p = doc_segment_para(d, s, (lang_id)l, k);
                if (k) { /* an encoded newline between paragraphs */
                    fputs("\\n", out);
                    escape_tsv_more(out, p->text, p->len);
                } else {
                    escape_tsv(out, p->text, p->len);
                }
            }
        }
        putc('\t', out);
        int64_t start = segment_start_ms(d, s);
        if (start >= 0) {
            long long ms = (long long)start, sec = ms / 1000;
            fprintf(out, "%lld:%02lld:%02lld.%03lld", sec / 3600, sec / 60 % 60, sec % 60,
                    ms % 1000);
        }
        putc('\t', out);
        write_confidence(out, s->confidence);
        fputs(is_weak(s) ? "\tdoubtful\n" : "\t\n", out);
    }
    return finish_output(out);
}

/* ---- Markdown ------------------------------------------------------------------------- */

static void md_str(FILE *out, const char *s, const char *prefix)
{
    escape_md(out, s, strlen(s), prefix);
}

/* The base name of a path, for the title. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

static void md_title(FILE *out, const doc *d)
{
    fputs("# ", out);
    for (size_t i = 0; i < d->nsources; i++) {
        const char *p = d->sources[i].path;
        if (i)
            fputs(" / ", out);
        md_str(out, strcmp(p, "-") == 0 ? "standard input" : base_name(p), "");
    }
    if (!d->nsources)
        fputs("Transcript", out);
    fputs("\n\n*", out);
    if (d->layout && *d->layout) {
        fputs("Layout: ", out);
        md_str(out, d->layout, "");
        fputs(". ", out);
    }
    fprintf(out, "%zu segment%s", d->nsegments, d->nsegments == 1 ? "" : "s");
    for (size_t i = 0; i < d->nspeakers; i++) {
        fputs(i ? ", " : ". Speakers: ", out);
        md_str(out, d->speakers[i].name, "");
    }
    fputs(".*\n\n", out);
}

static void md_note(FILE *out, const doc *d, const doc_note *n)
{
    const char *kind = doc_note_label(n);
    fprintf(out, "> *%c%s", kind[0] >= 'a' && kind[0] <= 'z' ? kind[0] - 'a' + 'A' : kind[0],
            kind + 1);
    uint32_t first = shown_line(d, n->source, n->first_line);
    uint32_t last = shown_line(d, n->source, n->last_line);
    if (first)
        fprintf(out, last > first ? ", lines %u-%u" : ", line %u", (unsigned)first, (unsigned)last);
    fputs(":*\\\n> ", out);
    escape_md(out, n->text ? n->text : "", n->text ? n->len : 0, "> ");
    fputs("\n\n", out);
}

static void md_segment(FILE *out, const doc *d, size_t i)
{
    const doc_segment *s = &d->segments[i];
    fprintf(out, "## %zu.", i + 1);
    const char *name = speaker_name(d, s->speaker);
    if (name) {
        putc(' ', out);
        md_str(out, name, "");
    }
    for (int l = 0; l < LANG_SIDES; l++)
        if (s->count[l] && doc_segment_para(d, s, (lang_id)l, 0)->start_ms >= 0) {
            char t[TIMECODE_TEXT_MAX];
            timecode_format(doc_segment_para(d, s, (lang_id)l, 0)->start_ms, true, t, sizeof t);
            fprintf(out, " `%s`", t);
            break;
        }
    if (is_weak(s)) {
        fputs(" *(uncertain pairing: ", out);
        write_confidence(out, s->confidence);
        fputs(")*", out);
    }
    fputs("\n\n", out);
    static const char *const missing[LANG_SIDES] = {"*(no Chinese)*", "*(no English)*"};
    for (int l = 0; l < LANG_SIDES; l++) {
        fputs("> ", out);
        if (!s->count[l])
            fputs(missing[l], out);
        for (uint32_t k = 0; k < s->count[l]; k++) {
            const doc_para *p = doc_segment_para(d, s, (lang_id)l, k);
            if (k)
                fputs("\n>\n> ", out);
            escape_md(out, p->text, p->len, "> ");
        }
        fputs("\n\n", out);
    }
}

/* Orders notes by position, source order within one position. */
static int note_order(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

status export_md(const doc *d, FILE *out)
{
    /* Notes of two sources are not in position order (the Chinese file's
     * footer comes before the English file's intro): sort (position, index)
     * keys. */
    uint64_t *order = malloc((d->nnotes ? d->nnotes : 1) * sizeof *order);
    if (!order)
        return ST_NO_MEMORY;
    for (size_t i = 0; i < d->nnotes; i++)
        order[i] = (uint64_t)d->notes[i].position << 32 | i;
    qsort(order, d->nnotes, sizeof *order, note_order);
    md_title(out, d);
    size_t k = 0;
    for (size_t i = 0; i <= d->nsegments; i++) {
        for (; k < d->nnotes && (order[k] >> 32) <= i; k++)
            md_note(out, d, &d->notes[order[k] & UINT32_MAX]);
        if (i < d->nsegments)
            md_segment(out, d, i);
    }
    for (; k < d->nnotes; k++) /* positions past the end: last */
        md_note(out, d, &d->notes[order[k] & UINT32_MAX]);
    free(order);
    return finish_output(out);
}

/* ---- --check ----------------------------------------------------------------------- */

/* Writes the first `cols` columns of the first line of s, with "..." when
 * cut, never splitting a grapheme cluster. */
static void write_first_words(FILE *out, const char *s, size_t n, int cols)
{
    size_t end = strcspn(s, "\n");
    if (end > n)
        end = n;
    int w = 0;
    size_t i = 0;
    while (i < end) {
        size_t k = text_cluster_len(s + i, end - i);
        int cw = text_cluster_width(NULL, s + i, k);
        if (w + cw > cols - 3 && (w + cw > cols || i + k < end || end < n)) {
            fwrite(s, 1, i, out);
            fputs("...", out);
            return;
        }
        w += cw;
        i += k;
    }
    fwrite(s, 1, end, out);
    if (end < n)
        fputs("...", out);
}

/* Pads a cell that is `used` columns wide to `width`. */
static void pad(FILE *out, int used, int width)
{
    for (; used < width; used++)
        putc(' ', out);
}

static void write_path(FILE *out, const char *path)
{
    escape_text(out, path, strlen(path));
}

enum { COVER_TEXT, COVER_LABEL, COVERS };

/* How often each doc line of `source` is claimed: by paragraphs (TEXT
 * lines), as a paragraph's label. cover[line * COVERS + k], saturating at
 * 2. A TEXT line may hold both languages (a table row, a TSV line) and
 * several neighbouring one-line paragraphs of one language (a TSV field of
 * two paragraphs): it counts twice when two paragraphs of one language
 * claim it otherwise. Notes: note_claims. */
static uint8_t *coverage(const doc *d, size_t source)
{
    size_t n = d->sources[source].nlines;
    uint8_t *c = calloc((n + 1) * COVERS, 1);
    uint32_t *next = calloc(n + 1, sizeof *next); /* last claimant's index + 1 */
    if (!c || !next) {
        free(c);
        free(next);
        return NULL;
    }
    for (int l = 0; l < LANG_SIDES; l++) {
        memset(next, 0, (n + 1) * sizeof *next);
        for (size_t i = 0; i < d->nparas[l]; i++) {
            const doc_para *p = &d->paras[l][i];
            if (p->source != source)
                continue;
            for (uint32_t line = p->first_line; line && line <= p->last_line && line <= n; line++) {
                if (line_role(d, p->source, line) != DOC_LINE_TEXT)
                    continue;
                uint8_t *t = &c[line * COVERS + COVER_TEXT];
                bool one = p->first_line == p->last_line;
                if (next[line] && (next[line] != i || !one ||
                                   d->paras[l][i - 1].first_line != d->paras[l][i - 1].last_line))
                    *t = 2; /* two paragraphs apart, or overlapping in several lines */
                else if (!*t)
                    *t = 1;
                next[line] = (uint32_t)i + 1;
            }
            if (p->label_line && p->label_line <= n)
                c[p->label_line * COVERS + COVER_LABEL] = 1;
        }
    }
    free(next);
    return c;
}

/* What is wrong with doc line `line`, or NULL when it is accounted for once. */
static const char *line_problem(doc_line_role r, const uint8_t *c, const note_claims *nc,
                                uint32_t line)
{
    switch (r) {
    case DOC_LINE_BLANK: case DOC_LINE_MARKUP: case DOC_LINE_TIME: return NULL;
    case DOC_LINE_TEXT:
        return c[COVER_TEXT] == 1 ? NULL : c[COVER_TEXT] ? "text in two paragraphs" : "text in no paragraph";
    case DOC_LINE_NOTE:
        return nc->count[line] == 1 ? NULL : nc->count[line] ? "in two notes" : "note line in no note";
    case DOC_LINE_LABEL: return c[COVER_LABEL] ? NULL : "label of no paragraph";
    default: return "UNACCOUNTED";
    }
}

/* Non-blank bytes of s[0, n) (spaces, tabs and line ends aside). */
static size_t nonblank_bytes(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] != ' ' && s[i] != '\t' && s[i] != '\n';
    return k;
}

/* Writes where a problem is: "line N" for a whole source line, "line N,
 * bytes A-B" (1-based columns of bytes) for a piece of one. */
static void write_where(FILE *out, const doc *d, uint32_t source, size_t start, size_t len,
                        uint32_t line)
{
    const text_decoded *t = &d->sources[source].text;
    const text_line *tl = line >= 1 && line <= t->nlines ? &t->lines[line - 1] : NULL;
    fprintf(out, "  line %u", (unsigned)line);
    if (tl && (start != tl->start || len != tl->len))
        fprintf(out, ", bytes %zu-%zu", start - tl->start + 1, start - tl->start + len);
}

/* Inline labels' bytes (the label of a paragraph that starts on its label's
 * line): they count as label, not text. */
static size_t inline_label_bytes(const doc *d, size_t source)
{
    size_t k = 0;
    for (int l = 0; l < LANG_SIDES; l++) {
        uint32_t last = 0;
        for (size_t i = 0; i < d->nparas[l]; i++) {
            const doc_para *p = &d->paras[l][i];
            if (p->source != source || !p->label_line || p->label_line != p->first_line ||
                p->label_line == last || line_role(d, p->source, p->label_line) != DOC_LINE_TEXT)
                continue;
            last = p->label_line;
            size_t n;
            const char *label = para_label(d, p, &n);
            if (label)
                k += nonblank_bytes(label, n);
        }
    }
    return k;
}

status export_account(const doc *d, size_t source, export_accounting *acc, FILE *out)
{
    memset(acc, 0, sizeof *acc);
    if (source >= d->nsources)
        return ST_OK;
    const doc_source *src = &d->sources[source];
    uint8_t *c = coverage(d, source);
    note_claims nc;
    if (!c || !claims_make(d, source, &nc)) {
        free(c);
        return ST_NO_MEMORY;
    }
    acc->lines = src->text.nlines;
    for (size_t i = 0; i < src->text.nlines; i++) {
        const text_line *tl = &src->text.lines[i];
        acc->blank += nonblank_bytes(src->text.buf + tl->start, tl->len) == 0;
    }
    acc->ranges = src->nlines;
    size_t covered_to = 0; /* bytes before this are in some line or looked at */
    for (uint32_t line = 1; line <= acc->ranges; line++) {
        doc_line_role r = line_role(d, (uint32_t)source, line);
        if (r > DOC_LINE_UNACCOUNTED)
            r = DOC_LINE_UNACCOUNTED;
        acc->roles[r]++;
        size_t n, start = doc_line_start(d, (uint32_t)source, line);
        const char *s = doc_line(d, (uint32_t)source, line, &n);
        acc->bytes[r] += nonblank_bytes(s, n);
        /* bytes between the lines: only spaces and line ends */
        if (start > covered_to) {
            size_t gap = nonblank_bytes(src->text.buf + covered_to, start - covered_to);
            if (gap) {
                acc->bytes[DOC_LINE_UNACCOUNTED] += gap;
                acc->problems++;
                if (out) {
                    fprintf(out, "  bytes %zu-%zu: in no line\n", covered_to + 1, start);
                }
            }
        }
        if (start + n > covered_to)
            covered_to = start + n;
        const char *why = line_problem(r, c + line * COVERS, &nc, line);
        if (!why)
            continue;
        acc->problems++;
        if (out) {
            size_t tn;
            const char *t = doc_line_trimmed(d, (uint32_t)source, line, &tn);
            write_where(out, d, (uint32_t)source, start, n, shown_line(d, (uint32_t)source, line));
            fprintf(out, ": %s: ", why);
            write_first_words(out, t, tn, 48);
            putc('\n', out);
        }
    }
    if (covered_to < src->text.len) {
        size_t gap = nonblank_bytes(src->text.buf + covered_to, src->text.len - covered_to);
        if (gap) {
            acc->bytes[DOC_LINE_UNACCOUNTED] += gap;
            acc->problems++;
            if (out)
                fprintf(out, "  bytes %zu-%zu: in no line\n", covered_to + 1, src->text.len);
        }
    }
    size_t labels = inline_label_bytes(d, source);
    if (labels <= acc->bytes[DOC_LINE_TEXT]) {
        acc->bytes[DOC_LINE_TEXT] -= labels;
        acc->bytes[DOC_LINE_LABEL] += labels;
    }
    free(c);
    claims_free(&nc);
    return ST_OK;
}

/* Do the segments partition both paragraph lists, in order? */
static bool segments_partition(const doc *d)
{
    size_t next[LANG_SIDES] = {0, 0};
    for (size_t i = 0; i < d->nsegments; i++)
        for (int l = 0; l < LANG_SIDES; l++) {
            const doc_segment *s = &d->segments[i];
            if (s->count[l] && s->first[l] != next[l])
                return false;
            next[l] += s->count[l];
        }
    return next[LANG_ZH] == d->nparas[LANG_ZH] && next[LANG_EN] == d->nparas[LANG_EN];
}

static void check_layout(FILE *out, const doc *d)
{
    fputs("file: ", out);
    for (size_t i = 0; i < d->nsources; i++) {
        fputs(i ? ", " : "", out);
        write_path(out, d->sources[i].path);
    }
    fputs("\nencoding: ", out);
    for (size_t i = 0; i < d->nsources; i++) {
        char what[160];
        fputs(i ? ", " : "", out);
        fputs(encoding_describe(&d->sources[i].encoding, what, sizeof what), out);
    }
    fputs("\nlayout: ", out);
    fputs(d->layout && *d->layout ? d->layout : "(unknown)", out);
    putc('\n', out);
    for (const char *e = d->evidence ? d->evidence : ""; *e;) {
        size_t n = strcspn(e, "\n");
        if (n) {
            fputs("  because: ", out);
            escape_text(out, e, n); /* evidence may quote a file name or label */
            putc('\n', out);
        }
        e += n + (e[n] == '\n');
    }
    lang_id langs[LANG_SIDES];
    int nl = doc_languages(d, langs);
    fputs("languages:", out);
    for (int i = 0; i < nl; i++)
        fprintf(out, " %s", side_code[langs[i]]);
    fputs(nl == 2 ? "\n" : nl == 1 ? " (one language only: a single pane)\n" : " none\n", out);
    fprintf(out, "paragraphs: zh %zu, en %zu\n", d->nparas[LANG_ZH], d->nparas[LANG_EN]);
}

/* Counts, per speaker and label variant, the label lines that carried it.
 * counts[base[sp] + k] is variant k of speaker sp; other[sp] counts label
 * lines matching none of its variants. */
static void count_labels(const doc *d, const size_t *base, size_t *counts, size_t *other)
{
    for (int l = 0; l < LANG_SIDES; l++) {
        uint64_t last = UINT64_MAX;
        for (size_t i = 0; i < d->nparas[l]; i++) {
            const doc_para *p = &d->paras[l][i];
            uint64_t key = (uint64_t)p->source << 32 | p->label_line;
            if (!p->label_line || p->speaker < 0 || (size_t)p->speaker >= d->nspeakers || key == last)
                continue;
            last = key;
            size_t n;
            const char *label = para_label(d, p, &n);
            const doc_speaker *sp = &d->speakers[p->speaker];
            size_t k = 0;
            while (label && k < sp->nlabels && !(strlen(sp->labels[k]) == n && memcmp(sp->labels[k], label, n) == 0))
                k++;
            if (label && k < sp->nlabels)
                counts[base[p->speaker] + k]++;
            else
                other[p->speaker]++;
        }
    }
}

static status check_speakers(FILE *out, const doc *d)
{
    size_t *base = calloc(d->nspeakers + 1, sizeof *base), *other = calloc(d->nspeakers + 1, sizeof *other);
    size_t total = 0;
    for (size_t i = 0; base && i < d->nspeakers; i++)
        base[i] = total, total += d->speakers[i].nlabels;
    size_t *counts = calloc(total + 1, sizeof *counts);
    if (!base || !other || !counts) {
        free(base), free(other), free(counts);
        return ST_NO_MEMORY;
    }
    count_labels(d, base, counts, other);
    int w = 0;
    for (size_t i = 0; i < d->nspeakers; i++) {
        int sw = text_width(d->speakers[i].name, strlen(d->speakers[i].name));
        w = sw > w ? sw : w;
    }
    fprintf(out, "speakers: %zu\n", d->nspeakers);
    for (size_t i = 0; i < d->nspeakers; i++) {
        const doc_speaker *sp = &d->speakers[i];
        fputs("  ", out);
        fputs(sp->name, out);
        pad(out, text_width(sp->name, strlen(sp->name)), w);
        fprintf(out, "  %u segment%s in %u turn%s, %u character%s, %u word%s; labels:",
                (unsigned)sp->segments, sp->segments == 1 ? "" : "s", (unsigned)sp->turns,
                sp->turns == 1 ? "" : "s", (unsigned)sp->zh_chars, sp->zh_chars == 1 ? "" : "s",
                (unsigned)sp->en_words, sp->en_words == 1 ? "" : "s");
        for (size_t k = 0; k < sp->nlabels; k++)
            fprintf(out, "%s \"%s\" x%zu", k ? "," : "", sp->labels[k], counts[base[i] + k]);
        if (other[i])
            fprintf(out, "%s other x%zu", sp->nlabels ? "," : "", other[i]);
        if (!sp->nlabels && !other[i])
            fputs(" none", out);
        putc('\n', out);
    }
    free(base), free(other), free(counts);
    return ST_OK;
}

static status check_segments(FILE *out, const doc *d)
{
    size_t weak = 0;
    int w = 7; /* "speaker" */
    for (size_t i = 0; i < d->nsegments; i++) {
        weak += is_weak(&d->segments[i]);
        const char *name = speaker_name(d, d->segments[i].speaker);
        int sw = name ? text_width(name, strlen(name)) : 1;
        w = sw > w ? sw : w;
    }
    fprintf(out, "segments: %zu", d->nsegments);
    if (weak)
        fprintf(out, " (%zu weak: confidence below 0.%02d)", weak, (int)(DOC_WEAK_CONFIDENCE * 100));
    if (weak) { /* the doubtful pairings, to check first */
        fputs("\ndoubtful:", out);
        for (size_t i = doc_next_doubtful(d, SIZE_MAX); i != SIZE_MAX; i = doc_next_doubtful(d, i))
            fprintf(out, " #%zu", i + 1);
    }
    fputs("\n      #  bead  confidence  speaker", out);
    pad(out, 7, w);
    fputs("  zh lines / en lines\n", out);
    for (size_t i = 0; i < d->nsegments; i++) {
        const doc_segment *s = &d->segments[i];
        char bead[24];
        snprintf(bead, sizeof bead, "%u-%u", (unsigned)s->count[LANG_ZH], (unsigned)s->count[LANG_EN]);
        fprintf(out, "  %5zu  %-4s  ", i + 1, bead);
        write_confidence(out, s->confidence);
        fputs(is_weak(s) ? " weak   " : "        ", out);
        const char *name = speaker_name(d, s->speaker);
        fputs(name ? name : "-", out);
        pad(out, name ? text_width(name, strlen(name)) : 1, w);
        fputs("  ", out);
        for (int l = 0; l < LANG_SIDES; l++) {
            line_list ll = {0};
            if (!line_list_side(&ll, d, s, (lang_id)l)) {
                free(ll.v);
                return ST_NO_MEMORY;
            }
            fputs(l ? " / " : "", out);
            line_list_text(out, &ll);
            free(ll.v);
        }
        putc('\n', out);
    }
    return ST_OK;
}

/* Why a note is one, when its reason does not say: what its kind means. */
static const char *note_why(const doc_note *n)
{
    if (n->reason != DOC_WHY_NONE)
        return doc_note_reason_name((doc_note_reason)n->reason);
    switch (n->kind) {
    case DOC_NOTE_INTRO: return "before the first turn";
    case DOC_NOTE_MARKER: return "announces the translation or the original";
    case DOC_NOTE_NOISE: return "no turn: a label owning no text, or neither language";
    case DOC_NOTE_FOOTER: return "after the last turn";
    case DOC_NOTE_ASIDE: return "a sound or stage direction on one side";
    case DOC_NOTE_SKIPPED: return "the layout could not read it";
    default: return "";
    }
}

static status check_notes(FILE *out, const doc *d)
{
    fprintf(out, "notes: %zu\n", d->nnotes);
    note_claims c = {0};
    c.source = SIZE_MAX;
    for (size_t i = 0; i < d->nnotes; i++) {
        const doc_note *n = &d->notes[i];
        if (n->source != c.source) {
            claims_free(&c);
            if (!claims_make(d, n->source, &c))
                return ST_NO_MEMORY;
        }
        line_list ll = {0};
        if (!line_list_note(&ll, d, &c, i)) {
            free(ll.v);
            claims_free(&c);
            return ST_NO_MEMORY;
        }
        fprintf(out, "  %-7s line%s ", doc_note_kind_name(n->kind), ll.n == 1 ? "" : "s");
        line_list_text(out, &ll);
        if (d->nsources > 1) {
            fputs(" of ", out);
            write_path(out, d->sources[n->source].path);
        }
        fprintf(out, " (%s): ", note_why(n));
        free(ll.v);
        write_first_words(out, n->text ? n->text : "", n->text ? n->len : 0, 40);
        putc('\n', out);
    }
    claims_free(&c);
    return ST_OK;
}

/* The accounting of every source; *problems gets the total. */
static status check_lines(FILE *out, const doc *d, size_t *problems)
{
    *problems = 0;
    for (size_t i = 0; i < d->nsources; i++) {
        export_accounting a;
        if (export_account(d, i, &a, NULL) != ST_OK)
            return ST_NO_MEMORY;
        fputs("lines of ", out);
        write_path(out, d->sources[i].path);
        fprintf(out, ": %zu (%zu non-blank, %zu blank)", a.lines, a.lines - a.blank, a.blank);
        size_t nonblank = a.ranges - a.roles[DOC_LINE_BLANK];
        bool cut = a.ranges != a.lines;
        if (cut)
            fprintf(out, ", read as %zu ranges (%zu non-blank)", a.ranges, nonblank);
        putc('\n', out);
        fprintf(out, "  text %zu + label %zu + time %zu + note %zu + markup %zu + unaccounted %zu = %zu%s\n",
                a.roles[DOC_LINE_TEXT], a.roles[DOC_LINE_LABEL], a.roles[DOC_LINE_TIME],
                a.roles[DOC_LINE_NOTE], a.roles[DOC_LINE_MARKUP], a.roles[DOC_LINE_UNACCOUNTED],
                nonblank, cut ? " ranges" : "");
        size_t bytes = 0;
        for (int r = DOC_LINE_TEXT; r <= DOC_LINE_UNACCOUNTED; r++)
            bytes += a.bytes[r];
        fprintf(out, "  bytes: text %zu + label %zu + time %zu + note %zu + markup %zu + unaccounted %zu = %zu non-blank\n",
                a.bytes[DOC_LINE_TEXT], a.bytes[DOC_LINE_LABEL], a.bytes[DOC_LINE_TIME],
                a.bytes[DOC_LINE_NOTE], a.bytes[DOC_LINE_MARKUP], a.bytes[DOC_LINE_UNACCOUNTED], bytes);
        if (a.problems && export_account(d, i, &a, out) != ST_OK)
            return ST_NO_MEMORY;
        if (a.problems)
            fprintf(out, "  %zu line%s not accounted for exactly once\n", a.problems,
                    a.problems == 1 ? "" : "s");
        else
            fprintf(out, "  every non-blank line accounted for exactly once\n");
        *problems += a.problems;
    }
    return ST_OK;
}

/* Is d a bilingual transcript: two pairs or more (segments holding both
 * languages; one of three paragraphs and two holds two), and the segments
 * holding both languages holding most of its text lines? Else says in
 * `why` what was found. */
static bool is_transcript(const doc *d, char why[EXPORT_WHY_MAX])
{
    size_t paired = 0, text = 0, paired_text = 0;
    for (size_t i = 0; i < d->nsegments; i++) {
        const doc_segment *s = &d->segments[i];
        bool both = s->count[LANG_ZH] && s->count[LANG_EN];
        paired += s->count[LANG_ZH] < s->count[LANG_EN] ? s->count[LANG_ZH] : s->count[LANG_EN];
        for (int l = 0; l < LANG_SIDES; l++)
            for (uint32_t k = 0; k < s->count[l]; k++) {
                const doc_para *p = doc_segment_para(d, s, (lang_id)l, k);
                size_t lines = p->last_line >= p->first_line ? p->last_line - p->first_line + 1 : 1;
                text += lines;
                paired_text += both ? lines : 0;
            }
    }
    lang_id langs[LANG_SIDES];
    int nl = doc_languages(d, langs);
    if (nl < 2) {
        snprintf(why, EXPORT_WHY_MAX, "%zu paragraph%s of %s only, no translation",
                 d->nparas[LANG_ZH] + d->nparas[LANG_EN],
                 d->nparas[LANG_ZH] + d->nparas[LANG_EN] == 1 ? "" : "s",
                 nl ? (langs[0] == LANG_ZH ? "Chinese" : "English") : "neither language");
        return false;
    }
    if (paired < 2) {
        snprintf(why, EXPORT_WHY_MAX, "%zu zh and %zu en paragraphs, but %s", d->nparas[LANG_ZH],
                 d->nparas[LANG_EN], paired ? "only one pair of them" : "none paired");
        return false;
    }
    if (paired_text * 2 <= text) {
        snprintf(why, EXPORT_WHY_MAX, "segments holding both languages hold %zu of %zu lines of text",
                 paired_text, text);
        return false;
    }
    return true;
}

status export_check(const doc *d, FILE *out, bool *transcript, char why[EXPORT_WHY_MAX])
{
    size_t problems = 0;
    status st;
    *transcript = false;
    why[0] = '\0';
    check_layout(out, d);
    if ((st = check_speakers(out, d)) != ST_OK || (st = check_segments(out, d)) != ST_OK ||
        (st = check_notes(out, d)) != ST_OK || (st = check_lines(out, d, &problems)) != ST_OK)
        return st;
    if (d->nparas[LANG_ZH] + d->nparas[LANG_EN] == 0)
        snprintf(why, EXPORT_WHY_MAX, "no paragraph of Chinese or English text");
    else if (!segments_partition(d))
        snprintf(why, EXPORT_WHY_MAX, "the segments do not cover every paragraph once, in order");
    else if (problems)
        snprintf(why, EXPORT_WHY_MAX, "%zu input line%s not accounted for exactly once", problems,
                 problems == 1 ? "" : "s");
    else if (is_transcript(d, why))
        *transcript = true;
    fputs(*transcript ? "result: a transcript, nothing dropped\n" : "result: not a transcript: ", out);
    if (!*transcript)
        fprintf(out, "%s\n", why);
    return finish_output(out);
}
