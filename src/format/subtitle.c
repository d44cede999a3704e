/* subtitle — SRT and WebVTT cues, their text and speakers, and their
 * pairing by time (subtitle.h). */
#include "subtitle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format.h"
#include "grow.h"
#include "label.h"
#include "lang.h"
#include "pair.h"
#include "timecode.h"

#define SUB_SOURCES 2
#define SUB_SHOW_SKIPPED 4
/* A cue pairs with one of the other language when they overlap for at
 * least this share of the shorter one. */
#define SUB_MIN_OVERLAP 0.3

typedef struct sub_cue {
    uint32_t source;
    uint32_t id_line;      /* 0 when none */
    uint32_t time_line;    /* (ASS: its Dialogue line) */
    uint32_t first, last;  /* its text lines; first == 0 when it has none */
    int64_t start, end;
    uint32_t text_at;      /* ASS: where the Text field starts in the line
                              (its pieces split at \N); 0 for SRT/WebVTT */
    uint32_t name_at, name_len; /* ASS: the Name (actor) field, len 0: none */
} sub_cue;

/* A run of lines that is markup, or a note of kind `kind`. */
typedef enum { SUB_R_MARKUP, SUB_R_ORPHAN, SUB_R_COMMENT, SUB_R_SKIPPED } sub_range_kind;

typedef struct sub_range {
    uint8_t kind;          /* sub_range_kind */
    uint32_t source, first, last;
} sub_range;

typedef struct sub_plan {
    const doc *d;
    sub_cue *cues;
    size_t ncues, ccap;
    sub_range *ranges;
    size_t nranges, rcap;
    bool vtt[SUB_SOURCES];
    bool ass[SUB_SOURCES];        /* an ASS/SSA script ([Script Info], [Events]) */
    size_t comments;              /* ASS Comment: events */
    size_t cues_in[SUB_SOURCES];
    size_t nonblank, claimed;    /* non-blank lines; of which in cues or markup */
    size_t skipped, overlaps, missing_blank;
    uint32_t skipped_at[SUB_SHOW_SKIPPED], skipped_src[SUB_SHOW_SKIPPED];
    bool oom;
} sub_plan;

/* ---- lines ------------------------------------------------------------------------ */

static bool sub_blank(const doc *d, uint32_t s, uint32_t line)
{
    size_t n;
    doc_line_trimmed(d, s, line, &n);
    return n == 0;
}

static bool sub_starts(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && memcmp(s, word, k) == 0 && (n == k || s[k] == ' ' || s[k] == '\t');
}

static bool sub_all_digits(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static const char *sub_find(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, w, k) == 0)
            return s + i;
    return NULL;
}

typedef enum { SUB_NOT_TIME, SUB_TIME, SUB_BAD_TIME } sub_time_kind;

/* Is the line a cue's time line ("00:00:01,000 --> 00:00:04,000 align:start")? */
static sub_time_kind sub_time_line(const char *s, size_t n, int64_t *start, int64_t *end)
{
    *start = *end = -1;
    const char *arrow = sub_find(s, n, "-->");
    if (!arrow) {
        /* "00:00:01,000 -> 00:00:04,000": meant as one, broken */
        return n && s[0] >= '0' && s[0] <= '9' && sub_find(s, n, "->") ? SUB_BAD_TIME
                                                                     : SUB_NOT_TIME;
    }
    size_t a = (size_t)(arrow - s), b = a + 3;
    size_t ae = a;
    while (ae && (s[ae - 1] == ' ' || s[ae - 1] == '\t'))
        ae--;
    while (b < n && (s[b] == ' ' || s[b] == '\t'))
        b++;
    size_t be = b;
    while (be < n && s[be] != ' ' && s[be] != '\t')
        be++;
    *start = timecode_parse(s, ae);
    *end = timecode_parse(s + b, be - b);
    if (*start < 0 || *end < 0 || *end < *start)
        return SUB_BAD_TIME;
    return SUB_TIME;
}

/* ---- reading the cues of one source ---------------------------------------------------- */

static void sub_range_add(sub_plan *p, sub_range_kind k, uint32_t s, uint32_t first, uint32_t last)
{
    if (first == 0 || last < first)
        return;
    if (!GROW(p->ranges, p->rcap, p->nranges + 1)) {
        p->oom = true;
        return;
    }
    p->ranges[p->nranges++] = (sub_range){(uint8_t)k, s, first, last};
}

static void sub_cue_add(sub_plan *p, const sub_cue *c)
{
    if (!GROW(p->cues, p->ccap, p->ncues + 1)) {
        p->oom = true;
        return;
    }
    p->cues[p->ncues++] = *c;
    p->cues_in[c->source]++;
}

static void sub_note_skipped(sub_plan *p, uint32_t s, uint32_t line)
{
    if (p->skipped < SUB_SHOW_SKIPPED) {
        p->skipped_at[p->skipped] = line;
        p->skipped_src[p->skipped] = s;
    }
    p->skipped++;
}

typedef struct sub_reader {
    uint32_t s;
    bool in_cue;
    sub_cue cue;
    uint32_t chunk_first, chunk_last; /* text lines of a chunk with no time line yet */
    uint32_t skip_first, skip_last;   /* a cue being skipped */
    uint32_t block_first;             /* a NOTE / STYLE / REGION block being read */
    sub_range_kind block_kind;
} sub_reader;

static void sub_close(sub_plan *p, sub_reader *r)
{
    if (r->in_cue)
        sub_cue_add(p, &r->cue);
    r->in_cue = false;
    if (r->skip_first)
        sub_range_add(p, SUB_R_SKIPPED, r->s, r->skip_first, r->skip_last);
    r->skip_first = 0;
    if (r->chunk_first)
        sub_range_add(p, SUB_R_ORPHAN, r->s, r->chunk_first, r->chunk_last);
    r->chunk_first = 0;
}

/* The id line of the cue whose time line is `line`: the line just before it
 * when it is a cue number (or, in WebVTT, the one line of its chunk); the
 * chunk's other lines are text outside any cue. With no blank line before
 * (a cue running into the next), only a number is taken. */
static uint32_t sub_take_id(sub_plan *p, sub_reader *r, uint32_t line, bool vtt)
{
    uint32_t id = 0;
    size_t n;
    if (line < 2)
        return 0;
    const char *prev = doc_line_trimmed(p->d, r->s, line - 1, &n);
    if (r->in_cue && r->cue.first && r->cue.last == line - 1 && sub_all_digits(prev, n)) {
        id = line - 1; /* "…text\n12\n00:01 --> …": the number is the next cue's */
        r->cue.last--;
        if (r->cue.last < r->cue.first)
            r->cue.first = r->cue.last = 0;
        p->missing_blank++;
    } else if (r->chunk_first && r->chunk_last == line - 1 &&
               (sub_all_digits(prev, n) || (vtt && r->chunk_first == r->chunk_last))) {
        id = line - 1;
        r->chunk_last--;
        if (r->chunk_last < r->chunk_first)
            r->chunk_first = 0;
    } else if (r->skip_first && r->skip_last == line - 1 && sub_all_digits(prev, n)) {
        id = line - 1;
        r->skip_last--;
        if (r->skip_last < r->skip_first)
            r->skip_first = 0;
    }
    if (r->in_cue && !id)
        p->missing_blank++;
    return id;
}

/* ---- ASS / SSA scripts ------------------------------------------------------------------ */

/* The first non-blank line of an ASS or SSA script is its [Script Info]
 * section; some tools write [V4+ Styles] or [Events] first. */
static bool sub_is_ass(const doc *d, uint32_t s)
{
    uint32_t nl = (uint32_t)d->sources[s].text.nlines;
    for (uint32_t line = 1; line <= nl; line++) {
        size_t n;
        const char *t = doc_line_trimmed(d, s, line, &n);
        if (!n)
            continue;
        return sub_starts(t, n, "[Script Info]") || sub_starts(t, n, "[Events]") ||
               sub_starts(t, n, "[V4+ Styles]") || sub_starts(t, n, "[V4 Styles]");
    }
    return false;
}

/* The columns of an [Events] Format line that the reader needs. */
typedef struct sub_ass_format {
    int start, end, name, text, count; /* 0-based field indexes; count fields */
} sub_ass_format;

/* The default order (ASS v4+ and SSA v4 agree on these). */
static const sub_ass_format sub_ass_default = {1, 2, 4, 9, 10};

static void sub_ass_read_format(const char *t, size_t n, sub_ass_format *f)
{
    sub_ass_format g = {-1, -1, -1, -1, 0};
    size_t i = 7; /* after "Format:" */
    while (i <= n) {
        while (i < n && (t[i] == ' ' || t[i] == '\t'))
            i++;
        size_t a = i;
        while (i < n && t[i] != ',')
            i++;
        size_t z = i;
        while (z > a && (t[z - 1] == ' ' || t[z - 1] == '\t'))
            z--;
        const char *w = t + a;
        size_t wn = z - a;
        if (wn == 5 && memcmp(w, "Start", 5) == 0)
            g.start = g.count;
        else if (wn == 3 && memcmp(w, "End", 3) == 0)
            g.end = g.count;
        else if ((wn == 4 && memcmp(w, "Name", 4) == 0) || (wn == 5 && memcmp(w, "Actor", 5) == 0))
            g.name = g.count;
        else if (wn == 4 && memcmp(w, "Text", 4) == 0)
            g.text = g.count;
        g.count++;
        i++;
    }
    /* Text is the last field (it may hold commas); without the times the
     * line is not one a player reads: keep the default */
    if (g.start >= 0 && g.end >= 0 && g.text == g.count - 1)
        *f = g;
}

/* Field k of an event line (after "Dialogue:"), the last one running to
 * the end: its bounds in t. */
static bool sub_ass_field(const char *t, size_t n, size_t from, int k, int count, size_t *a,
                          size_t *z)
{
    size_t i = from;
    for (int f = 0; f < k; f++) {
        while (i < n && t[i] != ',')
            i++;
        if (i >= n)
            return false;
        i++;
    }
    *a = i;
    if (k == count - 1) {
        *z = n;
    } else {
        while (i < n && t[i] != ',')
            i++;
        *z = i;
    }
    while (*a < *z && (t[*a] == ' ' || t[*a] == '\t'))
        (*a)++;
    while (*z > *a && (t[*z - 1] == ' ' || t[*z - 1] == '\t'))
        (*z)--;
    return true;
}

/* Reads an ASS/SSA script: every section header, Format, Style and info
 * line is markup; a Dialogue event is a cue of one line (its text split at
 * \N later); a Comment event is a comment note; a Dialogue whose times do
 * not read is skipped, as a broken SRT cue is. */
static void sub_read_ass(sub_plan *p, uint32_t s)
{
    const doc *d = p->d;
    uint32_t nl = (uint32_t)d->sources[s].text.nlines;
    sub_ass_format f = sub_ass_default;
    bool events = false;
    p->ass[s] = true;
    for (uint32_t line = 1; line <= nl && !p->oom; line++) {
        size_t n;
        const char *t = doc_line_trimmed(d, s, line, &n);
        if (!n)
            continue;
        p->nonblank++;
        if (t[0] == '[') {
            events = sub_starts(t, n, "[Events]");
            sub_range_add(p, SUB_R_MARKUP, s, line, line);
            continue;
        }
        if (events && n > 7 && memcmp(t, "Format:", 7) == 0)
            sub_ass_read_format(t, n, &f);
        bool dialogue = events && n > 9 && memcmp(t, "Dialogue:", 9) == 0;
        if (events && n > 8 && memcmp(t, "Comment:", 8) == 0) {
            p->comments++;
            sub_range_add(p, SUB_R_COMMENT, s, line, line);
            continue;
        }
        if (!dialogue) {
            sub_range_add(p, SUB_R_MARKUP, s, line, line);
            continue;
        }
        size_t sa, sz, ea, ez, ta, tz, na = 0, nz = 0;
        int64_t a = -1, b = -1;
        if (sub_ass_field(t, n, 9, f.start, f.count, &sa, &sz) &&
            sub_ass_field(t, n, 9, f.end, f.count, &ea, &ez) &&
            sub_ass_field(t, n, 9, f.text, f.count, &ta, &tz)) {
            a = timecode_parse(t + sa, sz - sa);
            b = timecode_parse(t + ea, ez - ea);
        }
        if (a < 0 || b < 0 || b < a) {
            sub_range_add(p, SUB_R_SKIPPED, s, line, line);
            sub_note_skipped(p, s, line);
            continue;
        }
        if (f.name >= 0)
            sub_ass_field(t, n, 9, f.name, f.count, &na, &nz);
        /* offsets in the whole line, not the trimmed one */
        size_t whole;
        const char *raw = doc_line(d, s, line, &whole);
        uint32_t lead = (uint32_t)(t - raw);
        sub_cue c = {s, 0, line, ta < tz ? line : 0, ta < tz ? line : 0, a, b,
                     lead + (uint32_t)ta, lead + (uint32_t)na, (uint32_t)(nz - na)};
        sub_cue_add(p, &c);
    }
}

static void sub_read_source(sub_plan *p, uint32_t s)
{
    if (sub_is_ass(p->d, s)) {
        sub_read_ass(p, s);
        return;
    }
    const doc *d = p->d;
    uint32_t nl = (uint32_t)d->sources[s].text.nlines, line = 1;
    while (line <= nl && sub_blank(d, s, line))
        line++;
    size_t n;
    const char *t = line <= nl ? doc_line_trimmed(d, s, line, &n) : "";
    if (line <= nl && n >= 6 && memcmp(t, "WEBVTT", 6) == 0 &&
        (n == 6 || t[6] == ' ' || t[6] == '\t')) {
        p->vtt[s] = true;
        uint32_t a = line;
        while (line <= nl && !sub_blank(d, s, line))
            line++, p->nonblank++;
        sub_range_add(p, SUB_R_MARKUP, s, a, line - 1);
    }
    sub_reader r = {0};
    r.s = s;
    for (; line <= nl && !p->oom; line++) {
        t = doc_line_trimmed(d, s, line, &n);
        if (!n) {
            if (r.block_first) {
                sub_range_add(p, r.block_kind, s, r.block_first, line - 1);
                r.block_first = 0;
            }
            sub_close(p, &r);
            continue;
        }
        p->nonblank++;
        if (r.block_first)
            continue;
        bool fresh = !r.in_cue && !r.skip_first && !r.chunk_first;
        if (p->vtt[s] && fresh && (sub_starts(t, n, "STYLE") || sub_starts(t, n, "REGION"))) {
            r.block_first = line;
            r.block_kind = SUB_R_MARKUP;
            continue;
        }
        if (p->vtt[s] && fresh && sub_starts(t, n, "NOTE")) {
            r.block_first = line;
            r.block_kind = SUB_R_COMMENT;
            continue;
        }
        int64_t a = -1, b = -1;
        sub_time_kind k = sub_time_line(t, n, &a, &b);
        if (k == SUB_NOT_TIME) {
            if (r.in_cue) {
                if (!r.cue.first)
                    r.cue.first = line;
                r.cue.last = line;
            } else if (r.skip_first) {
                r.skip_last = line;
            } else {
                if (!r.chunk_first)
                    r.chunk_first = line;
                r.chunk_last = line;
            }
            continue;
        }
        uint32_t id = sub_take_id(p, &r, line, p->vtt[s]);
        sub_close(p, &r);
        if (k == SUB_BAD_TIME) {
            r.skip_first = id ? id : line;
            r.skip_last = line;
            sub_note_skipped(p, s, line);
            continue;
        }
        r.in_cue = true;
        r.cue = (sub_cue){s, id, line, 0, 0, a, b, 0, 0, 0};
    }
    if (r.block_first)
        sub_range_add(p, r.block_kind, s, r.block_first, nl);
    sub_close(p, &r);
}

static void sub_plan_free(sub_plan *p)
{
    free(p->cues);
    free(p->ranges);
    memset(p, 0, sizeof *p);
}

/* Lines in cues and markup, overlaps, and where text outside cues stands. */
static void sub_plan_count(sub_plan *p)
{
    for (size_t i = 0; i < p->ncues; i++) {
        const sub_cue *c = &p->cues[i];
        p->claimed += 1 + (c->id_line != 0);
        for (uint32_t l = c->first; l && l <= c->last && !c->text_at; l++)
            p->claimed += !sub_blank(p->d, c->source, l); /* (an ASS event is one line) */
        if (i && p->cues[i - 1].source == c->source && c->start < p->cues[i - 1].end &&
            !(c->start == p->cues[i - 1].start && c->end == p->cues[i - 1].end))
            p->overlaps++;
    }
    for (size_t i = 0; i < p->nranges; i++) {
        sub_range *r = &p->ranges[i];
        if (r->kind == SUB_R_MARKUP)
            for (uint32_t l = r->first; l <= r->last; l++)
                p->claimed += !sub_blank(p->d, r->source, l);
    }
}

static bool sub_plan_make(const doc *d, sub_plan *p)
{
    memset(p, 0, sizeof *p);
    p->d = d;
    if (d->nsources < 1 || d->nsources > SUB_SOURCES)
        return false;
    for (uint32_t s = 0; s < d->nsources; s++)
        sub_read_source(p, s);
    if (p->oom) {
        sub_plan_free(p);
        return false;
    }
    sub_plan_count(p);
    return true;
}

/* ---- probe ------------------------------------------------------------------------------ */

static const char *sub_path(const doc *d, uint32_t s)
{
    return strcmp(d->sources[s].path, "-") == 0 ? "standard input" : d->sources[s].path;
}

int subtitle_probe(const doc *d, sub_kind kind, char *ev)
{
    ev[0] = '\0';
    sub_plan p;
    if (!sub_plan_make(d, &p))
        return 0;
    size_t used = 0, vtt = 0, ass = 0, with_cues = 0;
    for (uint32_t s = 0; s < d->nsources; s++) {
        vtt += p.vtt[s];
        ass += p.ass[s];
        with_cues += p.cues_in[s] > 0;
        pair_ev(ev, &used, "%s: %zu %s\n", sub_path(d, s), p.cues_in[s],
                p.ass[s]   ? "Dialogue events in an ASS/SSA script"
                : p.vtt[s] ? "cues after a WEBVTT header"
                           : "cues");
    }
    if (p.comments)
        pair_ev(ev, &used, "%zu Comment events (notes)\n", p.comments);
    pair_ev(ev, &used, "%zu of %zu non-blank lines are cue numbers, times and text\n", p.claimed,
            p.nonblank);
    if (p.skipped) {
        pair_ev(ev, &used, "skipped %zu cue%s with a broken time line:", p.skipped,
                p.skipped == 1 ? "" : "s");
        for (size_t i = 0; i < p.skipped && i < SUB_SHOW_SKIPPED; i++)
            pair_ev(ev, &used, "%s line %u%s%s", i ? "," : "", p.skipped_at[i],
                    d->nsources > 1 ? " of " : "", d->nsources > 1 ? sub_path(d, p.skipped_src[i]) : "");
        pair_ev(ev, &used, "%s\n", p.skipped > SUB_SHOW_SKIPPED ? ", …" : "");
    }
    if (p.overlaps)
        pair_ev(ev, &used, "%zu cues start before the one before them ends\n", p.overlaps);
    if (p.missing_blank)
        pair_ev(ev, &used, "%zu cues without a blank line before them\n", p.missing_blank);
    pair_ev_end(ev, used);
    int score = 0;
    /* WebVTT wants its header; SRT's reading takes WebVTT too (a WebVTT
     * file scores higher as vtt) */
    bool kind_ok = kind == SUB_VTT ? vtt == d->nsources
                 : kind == SUB_ASS ? ass == d->nsources
                                   : true;
    if (with_cues == d->nsources && kind_ok && p.nonblank) {
        double share = (double)p.claimed / (double)p.nonblank;
        /* WebVTT or ASS read as SRT works (--format srt) but is second best */
        double top = kind == SUB_VTT || kind == SUB_ASS ? 98.0
                   : vtt == d->nsources || ass == d->nsources ? 90.0
                                                               : 97.0;
        score = (int)(top * (share > 0.6 ? 1.0 : share) + 0.5);
    }
    if (!score) { /* the reason first: --format shows the first line */
        const char *why = with_cues < d->nsources && p.skipped
                              ? "no cue with a time line that reads (00:00:01,000 --> 00:00:04,000)"
                          : with_cues < d->nsources
                              ? "no subtitle cues (a time line such as 00:00:01,000 --> 00:00:04,000)"
                          : !kind_ok ? (kind == SUB_ASS ? "no [Script Info] or [Events] section"
                                                        : "no WEBVTT header line")
                                     : "too little of the text is in cues";
        char rest[FORMAT_EVIDENCE_MAX];
        memcpy(rest, ev, sizeof rest);
        used = 0;
        pair_ev(ev, &used, "%s\n", why);
        pair_ev(ev, &used, "%s", rest);
    }
    sub_plan_free(&p);
    return score;
}

/* ---- cue text ----------------------------------------------------------------------------- */

/* What a cleaned cue line is: text, or a note of the subtitle's own. */
typedef enum {
    SUB_T_TEXT,
    SUB_T_SOUND,  /* a sound or music tag: [Music], [掌声], （鸟鸣）, ♪ */
    SUB_T_CREDIT  /* 字幕：某某组, Subtitles by …, 翻译/校对/时间轴： */
} sub_text_kind;

/* One text line of a cue, cleaned. */
typedef struct sub_text {
    uint8_t kind;           /* sub_text_kind */
    char *text;             /* markup removed, entities decoded (malloc'd) */
    size_t len;
    uint8_t lang;
    bool dash;              /* opened with "- ": a change of speaker */
    char name[LABEL_NAME_MAX]; /* a voice span's or label's name, "" when none */
    const char *label;      /* the label as written, in the source */
    size_t label_len;
} sub_text;

static bool sub_tag_start(const char *s, size_t n, size_t i)
{
    if (s[i] != '<' || i + 1 >= n)
        return false;
    char c = s[i + 1];
    return c == '/' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Appends the entity at s[i] decoded (returns its length), or 0. */
static size_t sub_entity(const char *s, size_t n, size_t i, char *out, size_t *k)
{
    static const struct {
        const char *name, *text;
    } ents[] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"},
        {"&nbsp;", " "}, {"&lrm;", ""}, {"&rlm;", ""},
    };
    for (size_t e = 0; e < sizeof ents / sizeof *ents; e++) {
        size_t m = strlen(ents[e].name);
        if (i + m <= n && memcmp(s + i, ents[e].name, m) == 0) {
            size_t t = strlen(ents[e].text);
            memcpy(out + *k, ents[e].text, t);
            *k += t;
            return m;
        }
    }
    return 0;
}

/* True when s[0, n) is one bracketed remark: [Music], ［掌声］, (laughs),
 * （鸟鸣）, 【音乐】 — the whole line, one pair of brackets. */
static bool sub_bracketed(const char *s, size_t n)
{
    static const char *const pairs[][2] = {
        {"[", "]"}, {"(", ")"}, {"\xEF\xBC\xBB", "\xEF\xBC\xBD"} /* ［］ */,
        {"\xEF\xBC\x88", "\xEF\xBC\x89"} /* （） */, {"\xE3\x80\x90", "\xE3\x80\x91"} /* 【】 */,
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        size_t a = strlen(pairs[k][0]), z = strlen(pairs[k][1]);
        if (n <= a + z || memcmp(s, pairs[k][0], a) != 0 || memcmp(s + n - z, pairs[k][1], z) != 0)
            continue;
        /* one pair: no closer before the end */
        for (size_t i = a; i + z < n; i++)
            if (memcmp(s + i, pairs[k][1], z) == 0)
                return false;
        return true;
    }
    return false;
}

/* True when s[0, n) is only music signs (♪ ♫ ♬ 🎵 🎶, #) and spaces. */
static bool sub_music_only(const char *s, size_t n)
{
    static const char *const signs[] = {"\xE2\x99\xAA", "\xE2\x99\xAB", "\xE2\x99\xAC",
                                        "\xF0\x9F\x8E\xB5", "\xF0\x9F\x8E\xB6", "#"};
    bool any = false;
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ') {
            i++;
            continue;
        }
        size_t k = 0;
        for (; k < sizeof signs / sizeof signs[0]; k++) {
            size_t m = strlen(signs[k]);
            if (i + m <= n && memcmp(s + i, signs[k], m) == 0) {
                i += m;
                any = true;
                break;
            }
        }
        if (k == sizeof signs / sizeof signs[0])
            return false;
    }
    return any;
}

/* True when s[0, n) credits the subtitles' makers: 字幕：…, 翻译：…,
 * Subtitles by …, Translated by … (a word of the list, then a colon or
 * "by"). */
static bool sub_credit(const char *s, size_t n)
{
    static const char *const words[] = {
        "字幕组", "字幕組", "字幕", "翻译", "翻譯", "校对", "校對", "时间轴", "時間軸", "压制",
        "壓制", "听译", "聽譯", "后期", "監製", "监制", "Subtitles", "Subtitle", "Captions",
        "Caption", "Translation", "Translated", "Translator", "Timing", "Synced", "Sync",
        "Transcript", "Transcribed", "Proofreading", "Proofread", "Encoded", "Subbed",
    };
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t m = strlen(words[k]);
        if (n <= m || strncasecmp(s, words[k], m) != 0)
            continue;
        size_t i = m;
        while (i < n && s[i] == ' ')
            i++;
        if (i < n && (s[i] == ':' || (n - i >= 3 && memcmp(s + i, "\xEF\xBC\x9A", 3) == 0))) /* ： */
            return true;
        if (n - i >= 3 && strncasecmp(s + i, "by ", 3) == 0)
            return true;
    }
    return false;
}

/* Cleans one line: tags and ASS overrides out (a voice span's name kept),
 * entities decoded, a leading dash noted, a sound tag or credit told
 * apart, else a leading label taken as the speaker. In an ASS event
 * (`ass`) every {…} block goes (overrides and comments alike) and \h is a
 * space. */
static bool sub_clean(const char *s, size_t n, bool ass, bool labels, sub_text *t)
{
    memset(t, 0, sizeof *t);
    char *out = malloc(n + 1);
    if (!out)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (sub_tag_start(s, n, i)) {
            size_t j = i + 1;
            while (j < n && s[j] != '>' && s[j] != '<')
                j++;
            if (j < n && s[j] == '>') {
                /* <v Name> or <v.loud Name>: the speaker */
                if (s[i + 1] == 'v' && i + 2 < j && (s[i + 2] == ' ' || s[i + 2] == '.') &&
                    !t->name[0]) {
                    size_t a = i + 2;
                    while (a < j && s[a] != ' ')
                        a++;
                    while (a < j && s[a] == ' ')
                        a++;
                    size_t len = j - a;
                    while (len && s[a + len - 1] == ' ')
                        len--;
                    if (len && len < LABEL_NAME_MAX) {
                        memcpy(t->name, s + a, len);
                        t->name[len] = '\0';
                        t->label = s + i;
                        t->label_len = j + 1 - i;
                    }
                }
                i = j + 1;
                continue;
            }
        }
        if (ass && s[i] == '\\' && i + 1 < n && s[i + 1] == 'h') { /* a hard space */
            out[k++] = ' ';
            i += 2;
            continue;
        }
        if (s[i] == '{' && i + 1 < n && (ass || s[i + 1] == '\\')) { /* {\an8} */
            size_t j = i;
            while (j < n && s[j] != '}')
                j++;
            if (j < n) {
                i = j + 1;
                continue;
            }
        }
        if (s[i] == '&') {
            size_t m = sub_entity(s, n, i, out, &k);
            if (m) {
                i += m;
                continue;
            }
        }
        out[k++] = s[i++];
    }
    size_t a = 0;
    while (a < k && (out[a] == ' ' || out[a] == '\t'))
        a++;
    if (a < k && out[a] == '-' && (a + 1 == k || out[a + 1] == ' ')) {
        t->dash = true;
        a++;
        while (a < k && out[a] == ' ')
            a++;
    }
    while (k > a && (out[k - 1] == ' ' || out[k - 1] == '\t'))
        k--;
    t->kind = sub_bracketed(out + a, k - a) || sub_music_only(out + a, k - a) ? SUB_T_SOUND
            : sub_credit(out + a, k - a)                                    ? SUB_T_CREDIT
                                                                            : SUB_T_TEXT;
    label_match m;
    if (labels && t->kind == SUB_T_TEXT && !t->name[0] && label_match_line(out + a, k - a, &m) &&
        m.shape != LABEL_BRACKET && m.shape != LABEL_TIMED) {
        memcpy(t->name, m.name, sizeof t->name);
        /* the label as written: find it in the source line */
        const char *src = NULL;
        for (size_t i = 0; i + m.len <= n && !src; i++)
            if (memcmp(s + i, out + a + m.start, m.len) == 0)
                src = s + i;
        t->label = src;
        t->label_len = src ? m.len : 0;
        a += m.text;
    }
    memmove(out, out + a, k - a);
    k -= a;
    out[k] = '\0';
    t->text = out;
    t->len = k;
    t->lang = (uint8_t)lang_detect(out, k);
    return true;
}

/* ---- units ------------------------------------------------------------------------------- */

typedef struct sub_item {
    uint8_t lang;
    uint32_t cue;
    uint32_t u0, u1;          /* its units [u0, u1) in the list */
    int64_t start, end;
} sub_item;

/* A name a "Name:" label gave a cue line, and how many lines it opens. */
typedef struct sub_label_count {
    char name[LABEL_NAME_MAX];
    uint32_t lines;
} sub_label_count;

typedef struct sub_build {
    sub_plan *p;
    doc *d;
    pair_list L;
    sub_item *items;
    size_t nitems, icap;
    sub_label_count *labels; /* every label name of the cues, counted */
    size_t nlabels, lcap;
} sub_build;

static bool sub_item_add(sub_build *b, const sub_item *it)
{
    if (!GROW(b->items, b->icap, b->nitems + 1))
        return false;
    b->items[b->nitems++] = *it;
    return true;
}

/* Joins lines [a, z) of one language into a unit's text. */
static char *sub_join(const sub_text *tx, size_t a, size_t z, lang_id l, size_t *len)
{
    size_t total = 1;
    for (size_t i = a; i < z; i++)
        total += tx[i].len + 1;
    char *out = malloc(total);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = a; i < z; i++) {
        if (!tx[i].len)
            continue;
        if (k && l == LANG_EN)
            out[k++] = ' ';
        memcpy(out + k, tx[i].text, tx[i].len);
        k += tx[i].len;
    }
    out[k] = '\0';
    *len = k;
    return out;
}

/* One line of a cue's text: a source line (SRT, WebVTT), or a piece of an
 * ASS event's Text field between \N (or \n) breaks. */
typedef struct sub_piece {
    const char *s;
    size_t n;
    uint32_t line;
} sub_piece;

/* The text lines of cue c, non-blank, in order (*out malloc'd). */
static status sub_cue_pieces(const doc *d, const sub_cue *c, sub_piece **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    if (!c->text_at) {
        for (uint32_t l = c->first; l <= c->last; l++) {
            size_t len;
            const char *s = doc_line_trimmed(d, c->source, l, &len);
            if (!len)
                continue;
            if (!GROW(*out, cap, *n + 1))
                return ST_NO_MEMORY;
            (*out)[(*n)++] = (sub_piece){s, len, l};
        }
        return ST_OK;
    }
    size_t len;
    const char *s = doc_line(d, c->source, c->time_line, &len);
    for (size_t i = c->text_at; i <= len;) {
        size_t j = i;
        while (j < len && !(s[j] == '\\' && j + 1 < len && (s[j + 1] == 'N' || s[j + 1] == 'n')))
            j++;
        size_t a = i, z = j;
        while (a < z && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t'))
            z--;
        if (z > a) {
            if (!GROW(*out, cap, *n + 1))
                return ST_NO_MEMORY;
            (*out)[(*n)++] = (sub_piece){s + a, z - a, c->time_line};
        }
        i = j + 2;
    }
    return ST_OK;
}

/* Sound tags and credits become notes: a cue of nothing else (but lines
 * of neither language) is one note (an aside for sound, noise for
 * credits), and such a line among a cue's
 * text lines is a note of its own line and leaves the text. (A piece of an
 * ASS event sharing its line with text stays in the text: a line is
 * accounted for whole.) Removes them from tx[0, *m). */
static status sub_cue_notes(sub_build *b, const sub_cue *c, sub_text *tx, uint32_t *line, size_t *m)
{
    size_t text = 0, sound = 0, other = 0;
    for (size_t i = 0; i < *m; i++) {
        text += tx[i].kind == SUB_T_TEXT && tx[i].lang != LANG_NONE;
        other += tx[i].kind != SUB_T_TEXT;
        sound += tx[i].kind == SUB_T_SOUND;
    }
    if (!other)
        return ST_OK;
    if (!text) { /* (with lines of neither language: still one note) */
        doc_note_kind k = sound ? DOC_NOTE_ASIDE : DOC_NOTE_NOISE;
        if (!pair_add_note(&b->L, k, c->source, c->first, c->last))
            return ST_NO_MEMORY;
        for (size_t i = 0; i < *m; i++)
            free(tx[i].text);
        *m = 0;
        return ST_OK;
    }
    size_t keep = 0;
    for (size_t i = 0; i < *m; i++) {
        bool shared = false;
        for (size_t q = 0; q < *m && !shared; q++)
            shared = q != i && line[q] == line[i] && tx[q].kind == SUB_T_TEXT;
        if (tx[i].kind != SUB_T_TEXT && !shared) {
            doc_note_kind k = tx[i].kind == SUB_T_SOUND ? DOC_NOTE_ASIDE : DOC_NOTE_NOISE;
            if (!pair_add_note(&b->L, k, c->source, line[i], line[i]))
                return ST_NO_MEMORY;
            free(tx[i].text);
            continue;
        }
        tx[keep] = tx[i];
        line[keep++] = line[i];
    }
    *m = keep;
    return ST_OK;
}

/* True when a label's name is as short as people's and roles' are: four
 * characters at most of Chinese, two words at most of English. */
static bool sub_name_short(const char *name)
{
    lang_counts c = {0};
    lang_count(name, strlen(name), &c);
    return c.cjk <= 4 && c.latin_words <= 2;
}

/* How many cue lines a label named `name` opens in the whole file. */
static uint32_t sub_label_lines(const sub_build *b, const char *name)
{
    for (size_t i = 0; i < b->nlabels; i++)
        if (strcmp(b->labels[i].name, name) == 0)
            return b->labels[i].lines;
    return 0;
}

/* Counts the names "Name:" labels give cue lines, over every cue: a name
 * must open two lines or more to be a speaker's (sub_cue_units). */
static status sub_count_labels(sub_build *b)
{
    for (size_t ci = 0; ci < b->p->ncues; ci++) {
        const sub_cue *c = &b->p->cues[ci];
        if (!c->first)
            continue;
        sub_piece *pc = NULL;
        size_t npc = 0;
        status st = sub_cue_pieces(b->d, c, &pc, &npc);
        for (size_t k = 0; st == ST_OK && k < npc; k++) {
            sub_text t;
            if (!sub_clean(pc[k].s, pc[k].n, c->text_at != 0, true, &t)) {
                st = ST_NO_MEMORY;
                break;
            }
            if (t.label && t.label[0] != '<') {
                size_t i = 0;
                while (i < b->nlabels && strcmp(b->labels[i].name, t.name) != 0)
                    i++;
                if (i == b->nlabels) {
                    if (!GROW(b->labels, b->lcap, b->nlabels + 1))
                        st = ST_NO_MEMORY;
                    else
                        b->labels[b->nlabels++] = (sub_label_count){{0}, 0};
                    if (st == ST_OK)
                        memcpy(b->labels[i].name, t.name, sizeof t.name);
                }
                if (st == ST_OK)
                    b->labels[i].lines++;
            }
            free(t.text);
        }
        free(pc);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}

/* The units of cue ci; a cue with no text of either language is noise. */
static status sub_cue_units(sub_build *b, uint32_t ci)
{
    const sub_cue *c = &b->p->cues[ci];
    if (!c->first)
        return ST_OK;
    sub_piece *pc = NULL;
    size_t npc = 0, m = 0;
    status st = sub_cue_pieces(b->d, c, &pc, &npc);
    sub_text *tx = st == ST_OK ? calloc(npc ? npc : 1, sizeof *tx) : NULL;
    uint32_t *line = st == ST_OK ? calloc(npc ? npc : 1, sizeof *line) : NULL;
    if (!tx || !line)
        st = ST_NO_MEMORY;
    for (size_t k = 0; st == ST_OK && k < npc; k++) {
        size_t note_text;
        bool ass = c->text_at != 0;
        if (!sub_clean(pc[k].s, pc[k].n, ass, true, &tx[m])) {
            st = ST_NO_MEMORY;
        } else if (tx[m].label && tx[m].label[0] != '<' && sub_label_lines(b, tx[m].name) < 2 &&
                   !sub_name_short(tx[m].name)) {
            /* a long "Words：" opening one line of the whole file is no
             * speaker: 下面我们看第五个模块：… is the lecture's text (a
             * name of a few characters or words may speak once) */
            free(tx[m].text);
            if (!sub_clean(pc[k].s, pc[k].n, ass, false, &tx[m]))
                st = ST_NO_MEMORY;
        }
        if (st != ST_OK) {
            break;
        } else if (!c->text_at && label_note_line(tx[m].text, tx[m].len, &note_text)) {
            /* 注：… on a line of a cue: an annotation (an ASS piece shares
             * its line with the event's text and stays in it) */
            free(tx[m].text);
            tx[m].text = NULL;
            if (!pair_add_note(&b->L, DOC_NOTE_ANNOTATION, c->source, pc[k].line, pc[k].line))
                st = ST_NO_MEMORY;
            continue;
        }
        line[m++] = pc[k].line;
    }
    free(pc);
    if (st == ST_OK)
        st = sub_cue_notes(b, c, tx, line, &m);
    /* the cue's speaker: its first voice span or label, else an ASS
     * event's Name field */
    char actor[LABEL_NAME_MAX] = "";
    if (c->name_len && c->name_len < sizeof actor) {
        size_t n;
        const char *raw = doc_line(b->d, c->source, c->time_line, &n);
        memcpy(actor, raw + c->name_at, c->name_len);
        actor[c->name_len] = '\0';
    }
    const char *name = NULL;
    for (size_t i = 0; i < m && !name; i++)
        if (tx[i].name[0])
            name = tx[i].name;
    if (!name && actor[0])
        name = actor;
    /* lines of neither language go with the line before (else after) */
    uint8_t last = LANG_NONE;
    for (size_t i = 0; i < m; i++)
        if (tx[i].lang == LANG_NONE)
            tx[i].lang = last;
        else
            last = tx[i].lang;
    last = LANG_NONE;
    for (size_t i = m; i-- > 0;)
        if (tx[i].lang == LANG_NONE)
            tx[i].lang = last;
        else
            last = tx[i].lang;
    if (st == ST_OK && m && tx[0].lang == LANG_NONE) {
        if (!pair_add_note(&b->L, DOC_NOTE_NOISE, c->source, c->first, c->last))
            st = ST_NO_MEMORY;
    }
    int32_t id = -1;
    if (st == ST_OK && name && (id = pair_name(&b->L, name)) < 0)
        st = ST_NO_MEMORY;
    for (size_t i = 0; st == ST_OK && m && tx[0].lang != LANG_NONE && i < m;) {
        size_t j = i + 1;
        while (j < m && tx[j].lang == tx[i].lang)
            j++;
        pair_unit u = {0};
        u.lang = tx[i].lang;
        u.source = c->source;
        u.first = line[i];
        u.last = line[j - 1];
        u.name = id;
        u.turn = tx[i].dash && !name;
        u.start_ms = c->start;
        u.end_ms = c->end;
        u.block = ci;
        for (size_t q = i; q < j && !u.own_name && st == ST_OK; q++)
            if (tx[q].name[0] && tx[q].label) { /* its own label names it */
                u.own_name = true;
                u.label_line = line[q];
                u.label = tx[q].label;
                u.label_len = (uint32_t)tx[q].label_len;
                if ((u.name = pair_name(&b->L, tx[q].name)) < 0)
                    st = ST_NO_MEMORY;
            }
        if (st != ST_OK)
            break;
        u.text = sub_join(tx, i, j, (lang_id)u.lang, &u.len);
        u.owned = true;
        if (!u.text || !pair_add(&b->L, &u)) {
            st = ST_NO_MEMORY;
            break;
        }
        sub_item it = {u.lang, ci, (uint32_t)b->L.n - 1, (uint32_t)b->L.n, c->start, c->end};
        if (b->nitems && b->items[b->nitems - 1].cue == ci && b->items[b->nitems - 1].lang == u.lang)
            b->items[b->nitems - 1].u1 = (uint32_t)b->L.n; /* the same language again in one cue */
        else if (!sub_item_add(b, &it))
            st = ST_NO_MEMORY;
        i = j;
    }
    for (size_t i = 0; tx && i < m; i++)
        free(tx[i].text);
    free(tx);
    free(line);
    return st;
}

/* ---- pairing by time ------------------------------------------------------------------------ */

static uint32_t sub_find_root(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static void sub_union(uint32_t *parent, uint32_t a, uint32_t b)
{
    a = sub_find_root(parent, a);
    b = sub_find_root(parent, b);
    if (a != b)
        parent[a > b ? a : b] = a < b ? a : b;
}

static int64_t sub_overlap(const sub_item *a, const sub_item *b)
{
    int64_t ae = a->end > a->start ? a->end : a->start + 1;
    int64_t be = b->end > b->start ? b->end : b->start + 1;
    int64_t lo = a->start > b->start ? a->start : b->start, hi = ae < be ? ae : be;
    return hi - lo;
}

static const sub_item *sub_sort_items;

static int sub_cmp_start(const void *x, const void *y)
{
    const sub_item *a = &sub_sort_items[*(const uint32_t *)x];
    const sub_item *b = &sub_sort_items[*(const uint32_t *)y];
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (*(const uint32_t *)x > *(const uint32_t *)y) - (*(const uint32_t *)x < *(const uint32_t *)y);
}

/* Links every item to the item of the other language it overlaps most. */
static status sub_link(sub_build *b, const uint32_t *lists[2], const size_t nlist[2],
                       uint32_t *parent)
{
    /* items of one cue holding both languages are one */
    for (size_t i = 1; i < b->nitems; i++)
        if (b->items[i].cue == b->items[i - 1].cue && b->items[i].lang != b->items[i - 1].lang)
            sub_union(parent, (uint32_t)i - 1, (uint32_t)i);
    for (int l = 0; l < LANG_SIDES; l++) {
        const uint32_t *other = lists[1 - l];
        size_t no = nlist[1 - l];
        uint32_t *byst = malloc((no ? no : 1) * sizeof *byst);
        if (!byst)
            return ST_NO_MEMORY;
        memcpy(byst, other, no * sizeof *byst);
        sub_sort_items = b->items;
        qsort(byst, no, sizeof *byst, sub_cmp_start);
        int64_t maxdur = 1;
        for (size_t k = 0; k < no; k++) {
            const sub_item *o = &b->items[byst[k]];
            if (o->end - o->start > maxdur)
                maxdur = o->end - o->start;
        }
        for (size_t i = 0; i < nlist[l]; i++) {
            const sub_item *a = &b->items[lists[l][i]];
            if ((lists[l][i] > 0 && b->items[lists[l][i] - 1].cue == a->cue) ||
                (lists[l][i] + 1 < b->nitems && b->items[lists[l][i] + 1].cue == a->cue))
                continue; /* paired within its cue */
            /* candidates start before a ends and after a starts - maxdur */
            size_t lo = 0, hi = no;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (b->items[byst[mid]].start < (a->end > a->start ? a->end : a->start + 1))
                    lo = mid + 1;
                else
                    hi = mid;
            }
            int64_t best = 0;
            uint32_t who = UINT32_MAX;
            for (size_t k = lo; k-- > 0;) {
                const sub_item *o = &b->items[byst[k]];
                if (o->start < a->start - maxdur)
                    break;
                int64_t ov = sub_overlap(a, o);
                int64_t da = a->end - a->start, dob = o->end - o->start;
                int64_t shorter = da < dob ? da : dob;
                if (shorter < 1)
                    shorter = 1;
                if (ov > best && (double)ov >= SUB_MIN_OVERLAP * (double)shorter) {
                    best = ov;
                    who = byst[k];
                }
            }
            if (who != UINT32_MAX)
                sub_union(parent, lists[l][i], who);
        }
        free(byst);
    }
    return ST_OK;
}

/* Sets the units' blocks: linked items, swept in order through both lists
 * so that blocks never cross. */
static status sub_blocks(sub_build *b)
{
    size_t n = b->nitems, nl[2] = {0, 0};
    uint32_t *parent = malloc((n ? n : 1) * sizeof *parent);
    uint32_t *list[2] = {malloc((n ? n : 1) * sizeof(uint32_t)), malloc((n ? n : 1) * sizeof(uint32_t))};
    int64_t *maxpos[2] = {malloc((n ? n : 1) * sizeof(int64_t)), malloc((n ? n : 1) * sizeof(int64_t))};
    status st = parent && list[0] && list[1] && maxpos[0] && maxpos[1] ? ST_OK : ST_NO_MEMORY;
    for (size_t i = 0; st == ST_OK && i < n; i++) {
        parent[i] = (uint32_t)i;
        list[b->items[i].lang][nl[b->items[i].lang]++] = (uint32_t)i;
    }
    if (st == ST_OK)
        st = sub_link(b, (const uint32_t **)list, nl, parent);
    if (st == ST_OK) {
        for (size_t i = 0; i < n; i++)
            maxpos[0][i] = maxpos[1][i] = -1;
        for (int l = 0; l < LANG_SIDES; l++)
            for (size_t k = 0; k < nl[l]; k++) {
                uint32_t r = sub_find_root(parent, list[l][k]);
                maxpos[l][r] = (int64_t)k;
            }
        size_t i = 0, j = 0;
        uint32_t block = 0;
        while (i < nl[0] || j < nl[1]) {
            size_t zi = i, ej = j;
            uint32_t rz = i < nl[0] ? sub_find_root(parent, list[0][i]) : 0;
            uint32_t re = j < nl[1] ? sub_find_root(parent, list[1][j]) : 0;
            if (i < nl[0] && (maxpos[1][rz] < (int64_t)j || j >= nl[1])) {
                zi = i + 1; /* alone (or its partner is behind: crossing) */
            } else if (j < nl[1] && (maxpos[0][re] < (int64_t)i || i >= nl[0])) {
                ej = j + 1;
            } else {
                zi = i + 1;
                ej = j + 1;
                for (size_t sz = i, se = j; sz < zi || se < ej;) {
                    for (; sz < zi; sz++) {
                        uint32_t r = sub_find_root(parent, list[0][sz]);
                        if (maxpos[0][r] + 1 > (int64_t)zi)
                            zi = (size_t)maxpos[0][r] + 1;
                        if (maxpos[1][r] + 1 > (int64_t)ej)
                            ej = (size_t)maxpos[1][r] + 1;
                    }
                    for (; se < ej; se++) {
                        uint32_t r = sub_find_root(parent, list[1][se]);
                        if (maxpos[0][r] + 1 > (int64_t)zi)
                            zi = (size_t)maxpos[0][r] + 1;
                        if (maxpos[1][r] + 1 > (int64_t)ej)
                            ej = (size_t)maxpos[1][r] + 1;
                    }
                }
            }
            /* the block orders the units (the pairing itself aligns them,
             * times as anchors: pair.h) */
            for (int l = 0; l < LANG_SIDES; l++)
                for (size_t k = l ? j : i; k < (l ? ej : zi); k++) {
                    const sub_item *it = &b->items[list[l][k]];
                    for (uint32_t u = it->u0; u < it->u1; u++)
                        b->L.units[u].block = block;
                }
            block++;
            i = zi;
            j = ej;
        }
    }
    free(parent);
    for (int l = 0; l < 2; l++) {
        free(list[l]);
        free(maxpos[l]);
    }
    return st;
}

static int sub_cmp_unit(const void *x, const void *y)
{
    const pair_unit *a = x, *b = y;
    if (a->block != b->block)
        return a->block < b->block ? -1 : 1;
    if (a->source != b->source)
        return a->source < b->source ? -1 : 1;
    return (a->first > b->first) - (a->first < b->first);
}

/* ---- parse -------------------------------------------------------------------------------- */

/* The language most of a source's cues are in; LANG_NONE when it has none. */
static lang_id sub_source_lang(const sub_build *b, uint32_t s)
{
    size_t c[LANG_SIDES] = {0, 0};
    for (size_t i = 0; i < b->L.n; i++)
        if (b->L.units[i].source == s)
            c[b->L.units[i].lang]++;
    if (!c[0] && !c[1])
        return LANG_NONE;
    return c[LANG_ZH] >= c[LANG_EN] ? LANG_ZH : LANG_EN;
}

static status sub_ranges_to_doc(sub_build *b)
{
    const sub_plan *p = b->p;
    for (size_t i = 0; i < p->nranges; i++) {
        const sub_range *r = &p->ranges[i];
        if (r->kind == SUB_R_MARKUP) {
            for (uint32_t l = r->first; l <= r->last; l++)
                if (!sub_blank(b->d, r->source, l))
                    doc_set_role(b->d, r->source, l, DOC_LINE_MARKUP);
            continue;
        }
        /* before the source's first cue: intro; after its last: footer */
        uint32_t first_cue = UINT32_MAX, last_cue = 0;
        for (size_t k = 0; k < p->ncues; k++)
            if (p->cues[k].source == r->source) {
                uint32_t top = p->cues[k].id_line ? p->cues[k].id_line : p->cues[k].time_line;
                first_cue = top < first_cue ? top : first_cue;
                uint32_t end = p->cues[k].first ? p->cues[k].last : p->cues[k].time_line;
                last_cue = end > last_cue ? end : last_cue;
            }
        doc_note_kind k = r->first < first_cue ? DOC_NOTE_INTRO
                        : r->first > last_cue ? DOC_NOTE_FOOTER
                        : r->kind == SUB_R_COMMENT ? DOC_NOTE_NOISE : DOC_NOTE_SKIPPED;
        if (r->kind == SUB_R_SKIPPED)
            k = DOC_NOTE_SKIPPED;
        if (!pair_add_note(&b->L, k, r->source, r->first, r->last))
            return ST_NO_MEMORY;
    }
    for (size_t i = 0; i < p->ncues; i++) {
        const sub_cue *c = &p->cues[i];
        if (!c->text_at || !c->first) /* an ASS event's line holds its text */
            doc_set_role(b->d, c->source, c->time_line, DOC_LINE_MARKUP);
        if (c->id_line)
            doc_set_role(b->d, c->source, c->id_line, DOC_LINE_MARKUP);
    }
    return ST_OK;
}

status subtitle_parse(doc *d, format_scans *scans, char *why)
{
    (void)scans; /* cues, not the line scan */
    why[0] = '\0';
    sub_plan p;
    if (!sub_plan_make(d, &p)) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "one or two subtitle files");
        return d->nsources > SUB_SOURCES ? ST_BAD_FORMAT : ST_NO_MEMORY;
    }
    for (uint32_t s = 0; s < d->nsources; s++)
        if (!p.cues_in[s]) {
            snprintf(why, FORMAT_EVIDENCE_MAX,
                     "%s: no subtitle cue (a line like 00:00:01,000 --> 00:00:04,000)",
                     sub_path(d, s));
            sub_plan_free(&p);
            return ST_BAD_FORMAT;
        }
    sub_build b = {.p = &p, .d = d};
    pair_init(&b.L);
    status st = ST_OK;
    st = sub_count_labels(&b);
    for (size_t i = 0; i < p.ncues && st == ST_OK; i++)
        st = sub_cue_units(&b, (uint32_t)i);
    if (st == ST_OK && d->nsources == 2) {
        lang_id a = sub_source_lang(&b, 0), z = sub_source_lang(&b, 1);
        if (a != LANG_NONE && a == z) {
            snprintf(why, FORMAT_EVIDENCE_MAX, "%s and %s are both %s", sub_path(d, 0),
                     sub_path(d, 1), a == LANG_ZH ? "Chinese" : "English");
            st = ST_SAME_LANGUAGE;
        }
    }
    if (st == ST_OK && b.L.n == 0) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "no cue with Chinese or English text");
        st = ST_NOT_TRANSCRIPT;
    }
    if (st == ST_OK)
        st = sub_blocks(&b);
    if (st == ST_OK) {
        qsort(b.L.units, b.L.n, sizeof *b.L.units, sub_cmp_unit);
        pair_inherit(&b.L);
        st = pair_learn(&b.L);
    }
    if (st == ST_OK)
        st = sub_ranges_to_doc(&b);
    if (st == ST_OK)
        st = pair_emit(d, &b.L, PAIR_RUNS);
    pair_free(&b.L);
    free(b.items);
    free(b.labels);
    sub_plan_free(&p);
    return st;
}
