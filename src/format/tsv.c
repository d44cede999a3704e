/* tsv — tab-separated turns: `speaker<TAB>zh<TAB>en[<TAB>time<TAB>confidence
 * <TAB>flags]`, what --export tsv writes (export.h), and reads back to the
 * same segments (and the same TSV).
 *
 *   speaker	zh	en	time	confidence	flags     (the header: markup)
 *   主持人 / Host	你好。\n欢迎。	Hello and welcome.		1.00
 *
 * Fields are decoded as escape.h says (\\ \t \n \r, and the formula guard
 * \= \+ \- \@ at a field's start); a decoded newline separates the
 * paragraphs of one side. Each row is one segment; an empty text field is a
 * side with no paragraph. The header names the columns (speaker, zh, en,
 * and optionally time, confidence, flags), in any order; without one the
 * columns are told apart by their content: the Chinese one, the English
 * one, and a column of short names; beyond three columns, the others must
 * be the export's (times, confidences as "0.97", flags), else it is not
 * this layout. A row's confidence becomes its segment's (an empty or
 * unreadable one leaves the default); flags follow from the confidence
 * ("doubtful") and are not read. A row with the wrong number of fields,
 * or no text, is skipped and kept as a note with its line number (--check
 * lists it, and the evidence says why). */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "format.h"
#include "pair.h"
#include "timecode.h"

#define TSV_MAX_COLS 8

enum { TSV_SPEAKER, TSV_ZH, TSV_EN, TSV_TIME, TSV_CONF, TSV_FLAGS, TSV_ROLES };

/* The columns --export tsv writes: without a header, no more are read. */
#define TSV_EXPORT_COLS 6

typedef struct tsv_plan {
    uint32_t header;         /* the header's line, 0 when none */
    size_t ncols;            /* fields per row */
    int col[TSV_ROLES];      /* the column of each role, -1 when none */
    size_t rows, skipped, nonblank;
    uint32_t bad[6];         /* the first skipped lines … */
    uint8_t bad_fields[6];   /* … and their field counts (0: no text) */
} tsv_plan;

static bool tsv_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* Splits a line at its tabs: up to `max` fields (start, length); returns
 * how many fields it has (possibly more than max). */
static size_t tsv_split(const char *s, size_t n, const char **f, size_t *fl, size_t max)
{
    size_t k = 0, a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\t')
            continue;
        if (k < max) {
            f[k] = s + a;
            fl[k] = i - a;
        }
        k++;
        a = i + 1;
    }
    return k;
}

/* The role a header field names, -1 when none. */
static int tsv_header_role(const char *s, size_t n)
{
    static const struct {
        const char *name;
        int role;
    } names[] = {
        {"speaker", TSV_SPEAKER}, {"name", TSV_SPEAKER}, {"说话人", TSV_SPEAKER},
        {"发言人", TSV_SPEAKER}, {"zh", TSV_ZH}, {"chinese", TSV_ZH}, {"中文", TSV_ZH},
        {"en", TSV_EN}, {"english", TSV_EN}, {"英文", TSV_EN}, {"time", TSV_TIME},
        {"start", TSV_TIME}, {"时间", TSV_TIME}, {"confidence", TSV_CONF},
        {"flags", TSV_FLAGS},
    };
    while (n && (*s == ' '))
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i].name) == n && strncasecmp(names[i].name, s, n) == 0)
            return names[i].role;
    return -1;
}

/* Reads a header line into p; false when it is not one. */
static bool tsv_read_header(tsv_plan *p, const char *s, size_t n)
{
    const char *f[TSV_MAX_COLS];
    size_t fl[TSV_MAX_COLS];
    size_t k = tsv_split(s, n, f, fl, TSV_MAX_COLS);
    if (k < 2 || k > TSV_MAX_COLS)
        return false;
    for (int r = 0; r < TSV_ROLES; r++)
        p->col[r] = -1;
    for (size_t i = 0; i < k; i++) {
        int r = tsv_header_role(f[i], fl[i]);
        if (r < 0 || p->col[r] >= 0)
            return false;
        p->col[r] = (int)i;
    }
    p->ncols = k;
    return p->col[TSV_ZH] >= 0 && p->col[TSV_EN] >= 0;
}

/* A confidence cell: "0.97", "1", ".5" — a decimal number from 0 to 1
 * (written by hand, not through the locale). With `strict`, only the
 * export's own form "D.DD". */
static bool tsv_confidence(const char *s, size_t n, bool strict, float *out)
{
    size_t i = 0;
    long whole = 0, frac = 0, scale = 1;
    for (; i < n && s[i] >= '0' && s[i] <= '9' && i < 3; i++)
        whole = whole * 10 + (s[i] - '0');
    size_t digits = i;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9' && scale < 1000000; i++, digits++)
            frac = frac * 10 + (s[i] - '0'), scale *= 10;
    if (i != n || !digits || (strict && (n != 4 || s[1] != '.')))
        return false;
    float v = (float)whole + (float)frac / (float)scale;
    if (v > 1.0f)
        return false;
    *out = v;
    return true;
}

/* A flags cell as the export writes it: words it knows, comma-separated. */
static bool tsv_known_flags(const char *s, size_t n)
{
    static const char *const known[] = {"doubtful", "manual"};
    size_t a = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',')
            continue;
        bool ok = false;
        for (size_t k = 0; k < sizeof known / sizeof *known; k++)
            ok |= strlen(known[k]) == i - a && memcmp(known[k], s + a, i - a) == 0;
        if (!ok)
            return false;
        a = i + 1;
    }
    return true;
}

/* Without a header, beyond three columns: which of the columns besides the
 * two text ones hold times, confidences ("0.97" in every row) and flags,
 * told by every cell that is not empty; the one left is the speaker's. False
 * when two columns are of one kind (two of names: not the export's form). */
static bool tsv_guess_extra(const doc *d, tsv_plan *p)
{
    size_t nl = d->sources[0].text.nlines, cells = 0;
    size_t full[TSV_MAX_COLS] = {0}, conf[TSV_MAX_COLS] = {0}, time[TSV_MAX_COLS] = {0},
           flags[TSV_MAX_COLS] = {0};
    for (uint32_t line = 1; line <= nl; line++) {
        size_t n, fl[TSV_MAX_COLS];
        const char *s = doc_line(d, 0, line, &n), *f[TSV_MAX_COLS];
        if (tsv_blank(s, n) || tsv_split(s, n, f, fl, TSV_MAX_COLS) != p->ncols)
            continue;
        cells++;
        for (size_t c = 0; c < p->ncols; c++) {
            float v;
            full[c] += fl[c] > 0;
            conf[c] += tsv_confidence(f[c], fl[c], true, &v);
            time[c] += fl[c] > 0 && timecode_parse(f[c], fl[c]) >= 0;
            flags[c] += fl[c] > 0 && tsv_known_flags(f[c], fl[c]);
        }
    }
    for (size_t c = 0; c < p->ncols; c++) {
        if ((int)c == p->col[TSV_ZH] || (int)c == p->col[TSV_EN])
            continue;
        int role;
        if (cells && conf[c] == cells)
            role = TSV_CONF;
        else if (!full[c])
            continue; /* nothing in it: whichever it is, nothing to read */
        else if (time[c] == full[c])
            role = TSV_TIME;
        else if (flags[c] == full[c])
            role = TSV_FLAGS;
        else
            role = TSV_SPEAKER;
        if (p->col[role] >= 0)
            return false; /* two of a kind: not the export's columns */
        p->col[role] = (int)c;
    }
    return true;
}

/* Without a header: the most common field count (2 to TSV_MAX_COLS) and,
 * per column, which language its cells are in; the remaining column of
 * short cells is the speaker (beyond three columns, tsv_guess_extra). False
 * when no column of each language. */
static bool tsv_guess_columns(const doc *d, tsv_plan *p)
{
    size_t nl = d->sources[0].text.nlines, count[TSV_MAX_COLS + 1] = {0};
    for (uint32_t line = 1; line <= nl; line++) {
        size_t n;
        const char *s = doc_line(d, 0, line, &n);
        if (tsv_blank(s, n))
            continue;
        size_t k = tsv_split(s, n, NULL, NULL, 0);
        if (k >= 2 && k <= TSV_MAX_COLS)
            count[k]++;
    }
    size_t best = 0;
    for (size_t k = 2; k <= TSV_MAX_COLS; k++)
        if (count[k] > count[best])
            best = k;
    if (!best || best > TSV_EXPORT_COLS)
        return false;
    p->ncols = best;
    size_t lang[TSV_MAX_COLS][3] = {{0}}, bytes[TSV_MAX_COLS] = {0}, cells = 0;
    for (uint32_t line = 1; line <= nl; line++) {
        size_t n, fl[TSV_MAX_COLS];
        const char *s = doc_line(d, 0, line, &n), *f[TSV_MAX_COLS];
        if (tsv_blank(s, n) || tsv_split(s, n, f, fl, TSV_MAX_COLS) != best)
            continue;
        cells++;
        for (size_t c = 0; c < best; c++) {
            lang[c][lang_detect(f[c], fl[c])]++;
            bytes[c] += fl[c];
        }
    }
    for (int r = 0; r < TSV_ROLES; r++)
        p->col[r] = -1;
    /* Per language the column most often in it; between two as often (an
     * English text and English names), the one with more text. */
    for (int l = 0; l < LANG_SIDES; l++) {
        int *col = &p->col[l == LANG_ZH ? TSV_ZH : TSV_EN];
        for (size_t c = 0; c < best; c++) {
            if (lang[c][l] * 5 < cells * 3 || (int)c == p->col[TSV_ZH])
                continue;
            if (*col < 0 || lang[c][l] > lang[*col][l] ||
                (lang[c][l] == lang[*col][l] && bytes[c] > bytes[*col]))
                *col = (int)c;
        }
    }
    if (p->col[TSV_ZH] < 0 || p->col[TSV_EN] < 0 || p->col[TSV_ZH] == p->col[TSV_EN])
        return false;
    if (best > 3)
        return tsv_guess_extra(d, p);
    for (size_t c = 0; c < best; c++)
        if ((int)c != p->col[TSV_ZH] && (int)c != p->col[TSV_EN])
            p->col[TSV_SPEAKER] = (int)c;
    return true;
}

/* Is a row's text empty (both text fields)? */
static bool tsv_row_empty(const tsv_plan *p, const size_t *fl)
{
    return fl[p->col[TSV_ZH]] == 0 && fl[p->col[TSV_EN]] == 0;
}

/* The layout of d's rows: header, columns, rows, skipped rows. */
static bool tsv_plan_make(const doc *d, tsv_plan *p)
{
    memset(p, 0, sizeof *p);
    size_t nl = d->sources[0].text.nlines;
    uint32_t first = 0;
    for (uint32_t line = 1; line <= nl && !first; line++) {
        size_t n;
        const char *s = doc_line(d, 0, line, &n);
        if (!tsv_blank(s, n))
            first = line;
    }
    if (!first)
        return false;
    size_t n;
    const char *s = doc_line(d, 0, first, &n);
    if (tsv_read_header(p, s, n))
        p->header = first;
    else if (!tsv_guess_columns(d, p))
        return false;
    for (uint32_t line = first; line <= nl; line++) {
        size_t fl[TSV_MAX_COLS];
        const char *f[TSV_MAX_COLS];
        s = doc_line(d, 0, line, &n);
        if (tsv_blank(s, n) || line == p->header)
            continue;
        p->nonblank++;
        size_t k = tsv_split(s, n, f, fl, TSV_MAX_COLS);
        if (k == p->ncols && !tsv_row_empty(p, fl)) {
            p->rows++;
            continue;
        }
        if (p->skipped < sizeof p->bad / sizeof *p->bad) {
            p->bad[p->skipped] = line;
            p->bad_fields[p->skipped] = (uint8_t)(k == p->ncols ? 0 : k > 255 ? 255 : k);
        }
        p->skipped++;
    }
    return true;
}

static void tsv_evidence(const tsv_plan *p, char *ev)
{
    static const char *const role[TSV_ROLES] = {"speaker", "zh", "en", "time", "confidence",
                                                "flags"};
    size_t used = 0;
    ev[0] = '\0';
    if (p->header)
        pair_ev(ev, &used, "header on line %u:", p->header);
    else
        pair_ev(ev, &used, "no header; columns told by their content:");
    for (size_t c = 0; c < p->ncols; c++) {
        const char *name = "(ignored)";
        for (int r = 0; r < TSV_ROLES; r++)
            if (p->col[r] == (int)c)
                name = role[r];
        pair_ev(ev, &used, " %s", name);
    }
    pair_ev(ev, &used, "\nrows: %zu of %zu with %zu tab-separated fields\n", p->rows, p->nonblank, p->ncols);
    if (p->skipped) {
        pair_ev(ev, &used, "skipped %zu row%s:", p->skipped, p->skipped == 1 ? "" : "s");
        for (size_t i = 0; i < p->skipped && i < sizeof p->bad / sizeof *p->bad; i++) {
            if (p->bad_fields[i])
                pair_ev(ev, &used, "%s line %u (%u fields, not %zu)", i ? "," : "", p->bad[i],
                   (unsigned)p->bad_fields[i], p->ncols);
            else
                pair_ev(ev, &used, "%s line %u (no text)", i ? "," : "", p->bad[i]);
        }
        pair_ev(ev, &used, "%s\n", p->skipped > sizeof p->bad / sizeof *p->bad ? ", …" : "");
    }
    pair_ev_end(ev, used);
}

/* 99 with a header naming the columns; without one, when nine rows in ten
 * have the same number of tabs and a Chinese and an English column stand
 * out (a text with a few tabs in it does not): 95 when a column of the
 * export's confidences ("0.97" in every row) says it is duet's own, else
 * 85; 0 otherwise. */
static int tsv_probe(const doc *d, format_scans *scans, char *evidence)
{
    (void)scans; /* rows, not the line scan */
    evidence[0] = '\0';
    tsv_plan p;
    if (d->nsources != 1 || !tsv_plan_make(d, &p)) {
        snprintf(evidence, FORMAT_EVIDENCE_MAX,
                 "no tab-separated rows (speaker<TAB>zh<TAB>en, with or without that header)");
        return 0;
    }
    tsv_evidence(&p, evidence);
    if (p.header)
        return 99;
    if (p.rows < 2 || p.rows * 10 < p.nonblank * 9)
        return 0;
    return p.col[TSV_CONF] >= 0 ? 95 : 85;
}

/* A decoded field's bytes made safe: a carriage return (which only an
 * escape can produce) shows as ^M, like every other control. */
static char *tsv_decode(const char *s, size_t n, size_t *len)
{
    char *tmp = malloc(n + 1), *out;
    if (!tmp)
        return NULL;
    size_t m = escape_tsv_decode(s, n, tmp), cr = 0;
    for (size_t i = 0; i < m; i++)
        cr += tmp[i] == '\r';
    if (!cr) {
        tmp[m] = '\0';
        *len = m;
        return tmp;
    }
    out = malloc(m + cr + 1);
    if (out) {
        size_t k = 0;
        for (size_t i = 0; i < m; i++) {
            if (tmp[i] == '\r') {
                out[k++] = '^';
                out[k++] = 'M';
            } else {
                out[k++] = tmp[i];
            }
        }
        out[k] = '\0';
        *len = k;
    }
    free(tmp);
    return out;
}

/* The paragraphs of one decoded text field, as units of row `line`. */
static status tsv_add_side(pair_list *L, lang_id l, const char *s, size_t n, uint32_t line,
                           int32_t name, int64_t start, uint32_t block)
{
    if (!n)
        return ST_OK;
    size_t len;
    char *text = tsv_decode(s, n, &len);
    if (!text)
        return ST_NO_MEMORY;
    size_t a = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n')
            continue;
        char *para = malloc(i - a + 1);
        if (!para) {
            free(text);
            return ST_NO_MEMORY;
        }
        memcpy(para, text + a, i - a);
        para[i - a] = '\0';
        pair_unit u = {0};
        u.lang = (uint8_t)l;
        u.owned = true;
        u.first = u.last = line;
        u.name = name;
        u.own_name = name >= 0;
        u.text = para;
        u.len = i - a;
        u.start_ms = start;
        u.end_ms = start;
        u.block = block;
        if (!pair_add(L, &u)) {
            free(text);
            return ST_NO_MEMORY;
        }
        a = i + 1;
    }
    free(text);
    return ST_OK;
}

/* The speaker field as a name: decoded, newlines as spaces; -1 when empty. */
static int32_t tsv_name(pair_list *L, const char *s, size_t n, bool *oom)
{
    *oom = false;
    if (!n)
        return -1;
    size_t len;
    char *name = tsv_decode(s, n, &len);
    if (!name) {
        *oom = true;
        return -1;
    }
    for (size_t i = 0; i < len; i++)
        if (name[i] == '\n' || name[i] == '\t')
            name[i] = ' ';
    int32_t id = pair_name(L, name);
    free(name);
    *oom = id < 0;
    return id;
}

static status tsv_row(doc *d, pair_list *L, const tsv_plan *p, uint32_t line, uint32_t block)
{
    size_t n, fl[TSV_MAX_COLS];
    const char *s = doc_line(d, 0, line, &n), *f[TSV_MAX_COLS];
    tsv_split(s, n, f, fl, TSV_MAX_COLS);
    int32_t name = -1;
    bool oom = false;
    if (p->col[TSV_SPEAKER] >= 0)
        name = tsv_name(L, f[p->col[TSV_SPEAKER]], fl[p->col[TSV_SPEAKER]], &oom);
    if (oom)
        return ST_NO_MEMORY;
    int64_t start = -1;
    if (p->col[TSV_TIME] >= 0)
        start = timecode_parse(f[p->col[TSV_TIME]], fl[p->col[TSV_TIME]]);
    float conf;
    if (p->col[TSV_CONF] >= 0 &&
        tsv_confidence(f[p->col[TSV_CONF]], fl[p->col[TSV_CONF]], false, &conf) &&
        !pair_set_block_conf(L, block, conf > 0.0f ? conf : FLT_MIN)) /* 0 means "default" */
        return ST_NO_MEMORY;
    status st = tsv_add_side(L, LANG_ZH, f[p->col[TSV_ZH]], fl[p->col[TSV_ZH]], line, name,
                             start, block);
    if (st == ST_OK) /* an unreadable time leaves the row untimed */
        st = tsv_add_side(L, LANG_EN, f[p->col[TSV_EN]], fl[p->col[TSV_EN]], line, name, start,
                          block);
    return st;
}

static status tsv_parse(doc *d, format_scans *scans, char *why)
{
    (void)scans;
    why[0] = '\0';
    tsv_plan p;
    if (d->nsources != 1 || !tsv_plan_make(d, &p)) {
        snprintf(why, FORMAT_EVIDENCE_MAX,
                 "no tab-separated rows with a Chinese and an English column");
        return ST_BAD_FORMAT;
    }
    if (!p.rows) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "no row with %zu tab-separated fields and text",
                 p.ncols);
        return p.header ? ST_NOT_TRANSCRIPT : ST_BAD_FORMAT;
    }
    pair_list L;
    pair_init(&L);
    status st = ST_OK;
    if (p.header)
        doc_set_role(d, 0, p.header, DOC_LINE_MARKUP);
    uint32_t block = 0;
    size_t nl = d->sources[0].text.nlines;
    for (uint32_t line = 1; line <= nl && st == ST_OK; line++) {
        size_t n, fl[TSV_MAX_COLS];
        const char *s = doc_line(d, 0, line, &n), *f[TSV_MAX_COLS];
        if (tsv_blank(s, n) || line == p.header)
            continue;
        size_t k = tsv_split(s, n, f, fl, TSV_MAX_COLS);
        if (k != p.ncols || tsv_row_empty(&p, fl)) {
            if (!pair_add_note(&L, DOC_NOTE_SKIPPED, 0, line, line))
                st = ST_NO_MEMORY;
            continue;
        }
        st = tsv_row(d, &L, &p, line, block++);
    }
    if (st == ST_OK)
        st = pair_emit(d, &L, 0);
    pair_free(&L);
    return st;
}

const format format_tsv = {
    .name = "tsv",
    .summary = "speaker<TAB>zh<TAB>en per turn, as --export tsv writes it",
    .min_sources = 1,
    .max_sources = 1,
    .probe = tsv_probe,
    .parse = tsv_parse,
};
