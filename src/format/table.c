/* table — Markdown or plain pipe tables with a column per language and
 * optional speaker and time columns, one row per sentence or turn:
 *
 *   | 说话人 | 中文 | English |           (header: markup)
 *   |--------|------|---------|           (rule: markup)
 *   | 主持人 | 你好。 | Hello. |
 *   Host | 你好。 | Hello.                 (plain: outer pipes optional)
 *
 * A table is a run of lines (no blank line inside) split by unescaped
 * pipes into the same number of cells. Its columns are told by their
 * content: the Chinese one, the English one, a time column (00:12 …), and
 * a column of short names (the speaker; an empty cell keeps the speaker
 * before). The row above a rule line (`|---|:--:|`, `+----+`) is the header;
 * without a rule, a first row of column names is. Each body row is one
 * segment. In cells, `\|` is a pipe and `<br>` a line break (joined as the
 * language joins lines); bold markers around a name are dropped. Lines
 * outside tables are intro, footer or noise; a row with the wrong number
 * of cells, or no text, is skipped and kept as a note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format.h"
#include "pair.h"
#include "scan.h"
#include "text.h"
#include "timecode.h"

#define TABLE_MAX_COLS 12

enum { TC_IGNORE, TC_ZH, TC_EN, TC_SPEAKER, TC_TIME };

typedef struct table_cell {
    const char *s;
    size_t n;
} table_cell;

typedef struct table_region {
    uint32_t first, last;   /* lines */
    uint32_t header, rule;  /* 0 when none (a rule may be a second one too) */
    size_t ncols;
    uint8_t role[TABLE_MAX_COLS];
    bool valid;             /* a Chinese and an English column */
    size_t rows, skipped;
} table_region;

typedef struct table_plan {
    table_region *r;
    size_t n, cap;
    size_t nonblank, table_lines, rows, skipped, rules;
    uint32_t skipped_at[4];
} table_plan;

static void table_trim(table_cell *c)
{
    while (c->n && (c->s[0] == ' ' || c->s[0] == '\t'))
        c->s++, c->n--;
    while (c->n && (c->s[c->n - 1] == ' ' || c->s[c->n - 1] == '\t'))
        c->n--;
}

/* Splits a line into cells at unescaped pipes, outer pipes dropped; returns
 * the number of cells (0 when the line has no pipe; may exceed max). */
static size_t table_split(const char *s, size_t n, table_cell *cells, size_t max)
{
    size_t a = 0, k = 0, pipes = 0;
    if (n && s[0] == '|')
        a = 1, pipes++;
    size_t end = n;
    if (end > a && s[end - 1] == '|' && !(end >= 2 && s[end - 2] == '\\'))
        end--, pipes++;
    size_t start = a;
    for (size_t i = a; i <= end; i++) {
        if (i < end && !(s[i] == '|' && !(i > a && s[i - 1] == '\\')))
            continue;
        if (i < end)
            pipes++;
        if (k < max) {
            cells[k] = (table_cell){s + start, i - start};
            table_trim(&cells[k]);
        }
        k++;
        start = i + 1;
    }
    return pipes ? k : 0;
}

/* A rule line: every cell dashes (with alignment colons), or a grid line
 * of + - = only. */
static bool table_is_rule(const char *s, size_t n)
{
    bool grid = n > 0;
    for (size_t i = 0; i < n && grid; i++)
        grid = s[i] == '+' || s[i] == '-' || s[i] == '=' || s[i] == ':' || s[i] == ' ';
    if (grid && memchr(s, '+', n) && memchr(s, '-', n))
        return true;
    table_cell c[TABLE_MAX_COLS];
    size_t k = table_split(s, n, c, TABLE_MAX_COLS);
    if (k < 1 || k > TABLE_MAX_COLS)
        return false;
    for (size_t i = 0; i < k; i++) {
        size_t dashes = 0;
        for (size_t j = 0; j < c[i].n; j++) {
            char ch = c[i].s[j];
            if (ch == '-')
                dashes++;
            else if (ch != ':' && ch != ' ')
                return false;
        }
        if (dashes < 1)
            return false;
    }
    return true;
}

/* Column names a header row uses. */
static bool table_is_header_word(const table_cell *c)
{
    static const char *const words[] = {
        "speaker", "name", "time", "start", "chinese", "english", "zh", "en", "original",
        "translation", "#", "no.", "说话人", "发言人", "讲者", "时间", "中文", "英文", "原文",
        "译文", "序号", "人物",
    };
    const char *s = c->s;
    size_t n = c->n;
    if (n >= 4 && memcmp(s, "**", 2) == 0 && memcmp(s + n - 2, "**", 2) == 0)
        s += 2, n -= 4;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == n && strncasecmp(words[i], s, n) == 0)
            return true;
    return false;
}

static bool table_cell_is_time(const table_cell *c)
{
    return c->n && timecode_parse(c->s, c->n) >= 0;
}

/* A short cell: a name, not a sentence. */
static bool table_cell_is_name(const table_cell *c)
{
    lang_counts lc = {0};
    lang_count(c->s, c->n, &lc);
    return c->n <= 64 && lc.cjk <= 8 && lc.latin_words <= 4;
}

/* Column roles from the body rows' content. */
static void table_roles(const doc *d, table_region *r)
{
    size_t lang[TABLE_MAX_COLS][3] = {{0}}, times[TABLE_MAX_COLS] = {0},
           names[TABLE_MAX_COLS] = {0}, filled[TABLE_MAX_COLS] = {0}, rows = 0;
    for (uint32_t line = r->first; line <= r->last; line++) {
        if (line == r->header || line == r->rule)
            continue;
        size_t n;
        const char *s = doc_line_trimmed(d, 0, line, &n);
        table_cell c[TABLE_MAX_COLS];
        if (table_is_rule(s, n) || table_split(s, n, c, TABLE_MAX_COLS) != r->ncols)
            continue;
        rows++;
        for (size_t k = 0; k < r->ncols; k++) {
            if (!c[k].n)
                continue;
            filled[k]++;
            lang[k][lang_detect(c[k].s, c[k].n)]++;
            times[k] += table_cell_is_time(&c[k]);
            names[k] += table_cell_is_name(&c[k]);
        }
    }
    int zh = -1, en = -1;
    for (size_t k = 0; k < r->ncols; k++) {
        r->role[k] = TC_IGNORE;
        if (filled[k] && times[k] * 5 >= filled[k] * 4)
            r->role[k] = TC_TIME;
    }
    /* the language columns: most cells of the language, most text */
    for (size_t k = 0; k < r->ncols; k++) {
        if (r->role[k] == TC_TIME)
            continue;
        if (lang[k][LANG_ZH] * 2 > filled[k] && (zh < 0 || lang[k][LANG_ZH] > lang[zh][LANG_ZH] ||
                                                  names[k] < names[zh]))
            zh = (int)k;
    }
    for (size_t k = 0; k < r->ncols; k++) {
        if (r->role[k] == TC_TIME || (int)k == zh)
            continue;
        if (lang[k][LANG_EN] * 2 > filled[k] && (en < 0 || lang[k][LANG_EN] > lang[en][LANG_EN] ||
                                                  names[k] < names[en]))
            en = (int)k;
    }
    if (zh >= 0)
        r->role[zh] = TC_ZH;
    if (en >= 0)
        r->role[en] = TC_EN;
    for (size_t k = 0; k < r->ncols; k++)
        if (r->role[k] == TC_IGNORE && filled[k] && names[k] * 5 >= filled[k] * 4 &&
            lang[k][LANG_NONE] < filled[k]) {
            r->role[k] = TC_SPEAKER;
            break;
        }
    /* one row of pipes without a rule is a navigation line, not a table */
    r->valid = zh >= 0 && en >= 0 && (rows >= 2 || (rows == 1 && r->rule));
}

static bool table_push(table_plan *p, const table_region *r)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        table_region *v = realloc(p->r, cap * sizeof *v);
        if (!v)
            return false;
        p->r = v;
        p->cap = cap;
    }
    p->r[p->n++] = *r;
    return true;
}

/* Finds the tables: runs of non-blank lines with pipes. */
static bool table_plan_make(const doc *d, table_plan *p)
{
    memset(p, 0, sizeof *p);
    uint32_t nl = (uint32_t)d->sources[0].text.nlines;
    for (uint32_t line = 1; line <= nl; line++) {
        size_t n;
        const char *s = doc_line_trimmed(d, 0, line, &n);
        if (!n)
            continue;
        p->nonblank++;
        table_cell c[TABLE_MAX_COLS];
        if (!table_split(s, n, c, TABLE_MAX_COLS) && !table_is_rule(s, n))
            continue;
        table_region r = {0};
        r.first = line;
        while (line + 1 <= nl) {
            const char *t = doc_line_trimmed(d, 0, line + 1, &n);
            if (!n || (!table_split(t, n, c, TABLE_MAX_COLS) && !table_is_rule(t, n)))
                break;
            line++;
            p->nonblank++;
        }
        r.last = line;
        /* the rule, the header above it, the modal cell count */
        size_t count[TABLE_MAX_COLS + 1] = {0};
        for (uint32_t k = r.first; k <= r.last; k++) {
            const char *t = doc_line_trimmed(d, 0, k, &n);
            if (table_is_rule(t, n)) {
                if (!r.rule) {
                    r.rule = k;
                    if (k > r.first)
                        r.header = k - 1;
                }
                p->rules++;
                continue;
            }
            size_t m = table_split(t, n, c, TABLE_MAX_COLS);
            if (m >= 2 && m <= TABLE_MAX_COLS)
                count[m]++;
        }
        for (size_t m = 2; m <= TABLE_MAX_COLS; m++)
            if (count[m] > count[r.ncols])
                r.ncols = m;
        if (r.header) {
            const char *t = doc_line_trimmed(d, 0, r.header, &n);
            size_t m = table_split(t, n, c, TABLE_MAX_COLS);
            if (m >= 2 && m <= TABLE_MAX_COLS)
                r.ncols = m;
        } else if (r.ncols) {
            const char *t = doc_line_trimmed(d, 0, r.first, &n);
            size_t m = table_split(t, n, c, TABLE_MAX_COLS), words = 0;
            for (size_t k = 0; m == r.ncols && k < m; k++)
                words += table_is_header_word(&c[k]);
            if (m == r.ncols && words * 2 >= m)
                r.header = r.first;
        }
        if (r.ncols)
            table_roles(d, &r);
        for (uint32_t k = r.first; r.valid && k <= r.last; k++) {
            const char *t = doc_line_trimmed(d, 0, k, &n);
            if (k == r.header || table_is_rule(t, n))
                continue;
            table_cell cc[TABLE_MAX_COLS];
            size_t m = table_split(t, n, cc, TABLE_MAX_COLS);
            bool text = false;
            for (size_t q = 0; m == r.ncols && q < m; q++)
                text |= (r.role[q] == TC_ZH || r.role[q] == TC_EN) && cc[q].n;
            if (text) {
                r.rows++;
            } else {
                if (p->skipped < sizeof p->skipped_at / sizeof *p->skipped_at)
                    p->skipped_at[p->skipped] = k;
                r.skipped++;
                p->skipped++;
            }
        }
        if (r.valid) {
            p->table_lines += r.last - r.first + 1;
            p->rows += r.rows;
        }
        if (!table_push(p, &r)) {
            free(p->r);
            return false;
        }
    }
    return true;
}

static size_t table_valid(const table_plan *p)
{
    size_t v = 0;
    for (size_t i = 0; i < p->n; i++)
        v += p->r[i].valid;
    return v;
}

static int table_probe(const doc *d, format_scans *scans, char *ev)
{
    (void)scans; /* rows, not the line scan */
    ev[0] = '\0';
    table_plan p;
    if (d->nsources != 1 || !table_plan_make(d, &p))
        return 0;
    size_t used = 0, tables = table_valid(&p);
    static const char *const role[] = {"-", "zh", "en", "speaker", "time"};
    for (size_t i = 0; i < p.n && used + 80 < FORMAT_EVIDENCE_MAX; i++) {
        const table_region *r = &p.r[i];
        if (!r->valid)
            continue;
        pair_ev(ev, &used, "table on lines %u-%u: %zu rows;%s%s columns", r->first, r->last,
                r->rows, r->header ? " header," : "", r->rule ? " rule," : "");
        for (size_t k = 0; k < r->ncols; k++)
            pair_ev(ev, &used, " %s", role[r->role[k]]);
        pair_ev(ev, &used, "\n");
    }
    if (!tables)
        pair_ev(ev, &used, "no table with a Chinese and an English column (| 中文 | English |)\n");
    pair_ev(ev, &used, "%zu of %zu non-blank lines are in tables\n", p.table_lines, p.nonblank);
    if (p.skipped) {
        pair_ev(ev, &used, "skipped %zu row%s:", p.skipped, p.skipped == 1 ? "" : "s");
        for (size_t i = 0; i < p.skipped && i < 4; i++)
            pair_ev(ev, &used, "%s line %u", i ? "," : "", p.skipped_at[i]);
        pair_ev(ev, &used, "%s (wrong number of cells, or no text)\n", p.skipped > 4 ? ", …" : "");
    }
    pair_ev_end(ev, used);
    int score = 0;
    if (tables && p.rows >= 2) {
        double share = (double)p.table_lines / (double)(p.nonblank ? p.nonblank : 1);
        score = (int)((p.rules ? 96.0 : 90.0) * (share >= 0.5 ? 1.0 : share * 2.0) + 0.5);
    }
    free(p.r);
    return score;
}

/* ---- parse ----------------------------------------------------------------------------------- */

/* A cell's text: \| unescaped, <br> joined as the language joins lines. */
static char *table_cell_text(const table_cell *c, lang_id l, size_t *len)
{
    char *out = malloc(c->n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < c->n;) {
        if (c->s[i] == '\\' && i + 1 < c->n && c->s[i + 1] == '|') {
            out[k++] = '|';
            i += 2;
            continue;
        }
        if (c->s[i] == '<' && (c->n - i >= 4 && strncasecmp(c->s + i, "<br", 3) == 0)) {
            size_t j = i + 3;
            while (j < c->n && (c->s[j] == ' ' || c->s[j] == '/'))
                j++;
            if (j < c->n && c->s[j] == '>') {
                if (l == LANG_EN && k && out[k - 1] != ' ')
                    out[k++] = ' ';
                i = j + 1;
                while (i < c->n && c->s[i] == ' ')
                    i++;
                continue;
            }
        }
        out[k++] = c->s[i++];
    }
    out[k] = '\0';
    *len = k;
    return out;
}

/* A speaker cell as a name: bold markers and a trailing colon dropped. */
static int32_t table_name(pair_list *L, table_cell c, bool *oom)
{
    *oom = false;
    if (c.n >= 4 && memcmp(c.s, "**", 2) == 0 && memcmp(c.s + c.n - 2, "**", 2) == 0)
        c.s += 2, c.n -= 4;
    if (c.n && c.s[c.n - 1] == ':')
        c.n--;
    else if (c.n >= 3 && memcmp(c.s + c.n - 3, "\xef\xbc\x9a", 3) == 0)
        c.n -= 3;
    table_trim(&c);
    if (!c.n)
        return -1;
    char *name = strndup(c.s, c.n);
    if (!name) {
        *oom = true;
        return -1;
    }
    int32_t id = pair_name(L, name);
    free(name);
    *oom = id < 0;
    return id;
}

static status table_row(pair_list *L, const table_region *r, const table_cell *c, uint32_t line,
                        uint32_t block)
{
    int32_t name = -1;
    int64_t start = -1;
    bool oom = false;
    for (size_t k = 0; k < r->ncols; k++) {
        if (r->role[k] == TC_SPEAKER)
            name = table_name(L, c[k], &oom);
        else if (r->role[k] == TC_TIME && c[k].n)
            start = timecode_parse(c[k].s, c[k].n);
        if (oom)
            return ST_NO_MEMORY;
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < r->ncols; k++) {
            if (r->role[k] != (pass ? TC_EN : TC_ZH) || !c[k].n)
                continue;
            pair_unit u = {0};
            u.lang = pass ? LANG_EN : LANG_ZH;
            u.first = u.last = line;
            u.name = name;
            u.own_name = name >= 0;
            u.start_ms = u.end_ms = start;
            u.block = block;
            u.owned = true;
            char *t = table_cell_text(&c[k], (lang_id)u.lang, &u.len);
            u.text = t;
            if (!t || !pair_add(L, &u))
                return ST_NO_MEMORY;
        }
    return ST_OK;
}

/* A timed row lasts until the next one starts. */
static void table_end_times(pair_list *L)
{
    for (size_t i = L->n; i-- > 0;) {
        pair_unit *u = &L->units[i];
        if (u->start_ms < 0)
            continue;
        for (size_t j = i + 1; j < L->n; j++)
            if (L->units[j].start_ms >= u->start_ms && L->units[j].block != u->block) {
                u->end_ms = L->units[j].start_ms;
                break;
            }
    }
}

static status table_parse(doc *d, format_scans *scans, char *why)
{
    (void)scans;
    why[0] = '\0';
    table_plan p;
    if (d->nsources != 1 || !table_plan_make(d, &p))
        return d->nsources != 1 ? ST_BAD_FORMAT : ST_NO_MEMORY;
    if (!table_valid(&p)) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "no table with a Chinese and an English column");
        free(p.r);
        return ST_BAD_FORMAT;
    }
    uint32_t first = 0, last = 0;
    for (size_t i = 0; i < p.n; i++)
        if (p.r[i].valid) {
            first = first ? first : p.r[i].first;
            last = p.r[i].last;
        }
    pair_list L;
    pair_init(&L);
    status st = ST_OK;
    uint32_t block = 0, nl = (uint32_t)d->sources[0].text.nlines;
    size_t ri = 0;
    bool seen = false; /* a line before this one */
    for (uint32_t line = 1; line <= nl && st == ST_OK; line++) {
        size_t n;
        const char *s = doc_line_trimmed(d, 0, line, &n);
        if (!n)
            continue;
        while (ri < p.n && p.r[ri].last < line)
            ri++;
        const table_region *r = ri < p.n && p.r[ri].first <= line ? &p.r[ri] : NULL;
        if (!r || !r->valid) {
            doc_note_kind k = line < first ? DOC_NOTE_INTRO : line > last ? DOC_NOTE_FOOTER
                                                                            : DOC_NOTE_NOISE;
            /* a short line before the table naming the translation, not
             * the title: "本表为中英对照" */
            if (k == DOC_NOTE_INTRO && seen && text_width(s, n) <= 120 &&
                scan_has_marker_word(s, n))
                k = DOC_NOTE_MARKER;
            seen = true;
            if (!pair_add_note(&L, k, 0, line, line))
                st = ST_NO_MEMORY;
            continue;
        }
        if (line == r->header || table_is_rule(s, n)) {
            doc_set_role(d, 0, line, DOC_LINE_MARKUP);
            continue;
        }
        table_cell c[TABLE_MAX_COLS];
        size_t m = table_split(s, n, c, TABLE_MAX_COLS);
        bool text = false;
        for (size_t q = 0; m == r->ncols && q < m; q++)
            text |= (r->role[q] == TC_ZH || r->role[q] == TC_EN) && c[q].n;
        if (!text) {
            if (!pair_add_note(&L, DOC_NOTE_SKIPPED, 0, line, line))
                st = ST_NO_MEMORY;
            continue;
        }
        st = table_row(&L, r, c, line, block++);
    }
    free(p.r);
    if (st == ST_OK) {
        table_end_times(&L);
        pair_inherit(&L);
        st = pair_emit(d, &L, 0);
    }
    pair_free(&L);
    return st;
}

const format format_table = {
    .name = "table",
    .summary = "Markdown or pipe tables: a column per language, optional speaker and time columns",
    .min_sources = 1,
    .max_sources = 1,
    .probe = table_probe,
    .parse = table_parse,
};
