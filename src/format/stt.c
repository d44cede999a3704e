/* stt — speech-to-text exports (the transcripts Chinese transcription
 * services write): each turn opens with a header naming the speaker and the
 * time, and holds the original and its machine translation:
 *
 *   发言人 1 00:52                 (header: the speaker's label)
 *   我们今天讨论的是人工智能的
 *                                  (a PDF copy's line wrap: not a paragraph break)
 *   发展。
 *   Today we discuss the development of artificial intelligence.
 *
 *   Speaker 2 01:10
 *   …
 *
 * A header is a short name (发言人 1, 说话人2, Speaker 2, 张三) and a time
 * (MM:SS or H:MM:SS, bare or in brackets), alone on its line, in either
 * order. A turn's lines go by language: lines of one language form its
 * paragraphs, and a blank line inside them ends a paragraph only after a
 * sentence ends (PDF copies leave blank lines in mid-sentence). Each turn is
 * one segment, timed from its header to the next. Lines before the first
 * header are the intro. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "lang.h"
#include "pair.h"

#define STT_NAME_MAX 64

typedef struct stt_header {
    bool ok;
    int64_t ms;
    char name[STT_NAME_MAX];
    size_t name_off, name_len; /* the name as written, in the line */
} stt_header;

/* A time token, bare or in brackets: its milliseconds, or -1. */
static int64_t stt_time(const char *s, size_t n)
{
    if (n >= 2 && ((s[0] == '(' && s[n - 1] == ')') || (s[0] == '[' && s[n - 1] == ']')))
        s++, n -= 2;
    return pair_parse_time(s, n);
}

/* Is the name short and name-like: a few words or CJK characters, digits,
 * no sentence punctuation? */
static bool stt_name_ok(const char *s, size_t n)
{
    if (!n || n >= STT_NAME_MAX)
        return false;
    lang_counts c = {0};
    lang_count(s, n, &c);
    if (c.cjk > 8 || c.latin_words > 4 || (c.cjk == 0 && c.latin_words == 0))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (strchr(".,;:!?\"", s[i]))
            return false;
        /* ： ， 。 */
        if (i + 3 <= n && (memcmp(s + i, "\xef\xbc\x9a", 3) == 0 ||
                           memcmp(s + i, "\xef\xbc\x8c", 3) == 0 ||
                           memcmp(s + i, "\xe3\x80\x82", 3) == 0))
            return false;
    }
    return true;
}

/* "发言人 1 00:52", "Speaker 2 01:10", "00:52 张三". */
static stt_header stt_parse_header(const char *s, size_t n)
{
    stt_header h = {0};
    if (!n || n > 96)
        return h;
    size_t last = n;
    while (last > 0 && s[last - 1] != ' ' && s[last - 1] != '\t')
        last--;
    size_t first = 0;
    while (first < n && s[first] != ' ' && s[first] != '\t')
        first++;
    size_t a = 0, z = 0;
    if (last > 0 && (h.ms = stt_time(s + last, n - last)) >= 0) {
        a = 0;
        z = last;
    } else if (first < n && (h.ms = stt_time(s, first)) >= 0) {
        a = first;
        z = n;
    } else {
        h.ms = -1;
        return h;
    }
    while (a < z && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t'))
        z--;
    if (!stt_name_ok(s + a, z - a))
        return h;
    memcpy(h.name, s + a, z - a);
    h.name[z - a] = '\0';
    h.name_off = a;
    h.name_len = z - a;
    h.ok = true;
    return h;
}

static bool stt_ends_sentence(const char *s, size_t n)
{
    static const char *const ends[] = {".", "!", "?", "\xe3\x80\x82", "\xef\xbc\x81",
                                       "\xef\xbc\x9f", "\xe2\x80\xa6", "\"", "\xe2\x80\x9d",
                                       "\xe3\x80\x8d", ")", "\xef\xbc\x89"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && memcmp(s + n - k, ends[i], k) == 0)
            return true;
    }
    return false;
}

typedef struct stt_plan {
    size_t headers, increasing, turns, bilingual, nonblank;
    uint32_t first_header;
} stt_plan;

/* One turn: lines (header, next header) of one source, as units. */
typedef struct stt_turn {
    uint32_t header, end;        /* header line; first line after the turn */
    stt_header h;
} stt_turn;

/* The language of each line of a turn; lines of neither go with the line
 * before (else after). */
static void stt_langs(const doc *d, uint32_t a, uint32_t z, uint8_t *lang)
{
    uint8_t last = LANG_NONE;
    for (uint32_t l = a; l < z; l++) {
        size_t n;
        const char *s = doc_line_trimmed(d, 0, l, &n);
        lang[l - a] = n ? (uint8_t)lang_detect(s, n) : LANG_NONE;
        if (!n)
            continue;
        if (lang[l - a] == LANG_NONE)
            lang[l - a] = last;
        else
            last = lang[l - a];
    }
    last = LANG_NONE;
    for (uint32_t l = z; l-- > a;) {
        size_t n;
        doc_line_trimmed(d, 0, l, &n);
        if (!n)
            continue;
        if (lang[l - a] == LANG_NONE)
            lang[l - a] = last;
        else
            last = lang[l - a];
    }
}

static bool stt_plan_make(const doc *d, stt_plan *p)
{
    memset(p, 0, sizeof *p);
    uint32_t nl = (uint32_t)d->sources[0].text.nlines;
    int64_t prev = -1;
    uint32_t prev_line = 0;
    uint8_t *lang = malloc(nl + 1);
    if (!lang)
        return false;
    for (uint32_t line = 1; line <= nl + 1; line++) {
        size_t n = 0;
        const char *s = line <= nl ? doc_line_trimmed(d, 0, line, &n) : "";
        if (line <= nl && !n)
            continue;
        p->nonblank += line <= nl;
        stt_header h = line <= nl ? stt_parse_header(s, n) : (stt_header){0};
        if (!h.ok && line <= nl)
            continue;
        if (prev_line) { /* the turn that ends here */
            stt_langs(d, prev_line + 1, line, lang);
            bool has[3] = {false, false, false};
            for (uint32_t l = prev_line + 1; l < line; l++) {
                size_t m;
                doc_line_trimmed(d, 0, l, &m);
                if (m)
                    has[lang[l - prev_line - 1]] = true;
            }
            p->turns++;
            p->bilingual += has[LANG_ZH] && has[LANG_EN];
        }
        if (line > nl)
            break;
        p->headers++;
        p->increasing += h.ms >= prev;
        prev = h.ms;
        prev_line = line;
        if (!p->first_header)
            p->first_header = line;
    }
    free(lang);
    return true;
}

/* 97 with two or more headers, mostly in time order, and most turns
 * holding both languages; 60 when the turns are of one language only. */
static int stt_probe(const doc *d, format_scans *scans, char *ev)
{
    (void)scans; /* headers and lines, not the line scan */
    ev[0] = '\0';
    stt_plan p;
    if (d->nsources != 1 || !stt_plan_make(d, &p))
        return 0;
    size_t used = 0;
    pair_ev(ev, &used, "%zu turn headers (speaker and time, such as \"发言人 1 00:52\")", p.headers);
    if (p.headers)
        pair_ev(ev, &used, ", the first on line %u; %zu in time order\n", p.first_header,
                p.increasing);
    else
        pair_ev(ev, &used, "\n");
    pair_ev(ev, &used, "%zu of %zu turns hold both languages", p.bilingual, p.turns);
    if (p.headers < 2 || p.increasing * 5 < p.headers * 4)
        return 0;
    return p.bilingual * 2 >= p.turns ? 97 : 60;
}

/* The units of one turn: runs of a language, split at blank lines that
 * follow the end of a sentence. */
static status stt_turn_units(const doc *d, pair_list *L, const stt_turn *t, int32_t name,
                             int64_t end_ms, uint32_t block)
{
    uint32_t a = t->header + 1, z = t->end;
    if (a >= z)
        return ST_OK;
    uint8_t *lang = malloc(z - a);
    if (!lang)
        return ST_NO_MEMORY;
    stt_langs(d, a, z, lang);
    bool labelled = false;
    uint32_t l = a;
    status st = ST_OK;
    while (l < z && st == ST_OK) {
        size_t n;
        doc_line_trimmed(d, 0, l, &n);
        if (!n) {
            l++;
            continue;
        }
        /* a paragraph: lines of one language, through blank lines in mid-sentence */
        uint8_t lg = lang[l - a];
        uint32_t first = l, last = l;
        size_t total = 0;
        for (uint32_t k = l; k < z; k++) {
            doc_line_trimmed(d, 0, k, &n);
            if (!n)
                continue;
            if (lang[k - a] != lg)
                break;
            size_t pn;
            const char *prev = doc_line_trimmed(d, 0, last, &pn);
            if (k > last + 1 && stt_ends_sentence(prev, pn))
                break; /* a blank line after a sentence: a new paragraph */
            total += n + 1;
            last = k;
        }
        if (lg == LANG_NONE) { /* a turn of neither language: ♪, 123 */
            if (!pair_add_note(L, DOC_NOTE_NOISE, 0, first, last))
                st = ST_NO_MEMORY;
            l = last + 1;
            continue;
        }
        char *text = malloc(total + 1);
        if (!text) {
            st = ST_NO_MEMORY;
            break;
        }
        size_t used = 0;
        for (uint32_t k = first; k <= last; k++) {
            const char *s = doc_line_trimmed(d, 0, k, &n);
            if (!n)
                continue;
            if (used && lg == LANG_EN)
                text[used++] = ' ';
            memcpy(text + used, s, n);
            used += n;
        }
        text[used] = '\0';
        pair_unit u = {0};
        u.lang = lg;
        u.owned = true;
        u.text = text;
        u.len = used;
        u.first = first;
        u.last = last;
        u.name = name;
        u.start_ms = t->h.ms;
        u.end_ms = end_ms;
        u.block = block;
        if (!labelled) { /* the header labels the turn's first paragraph */
            const text_decoded *td = &d->sources[0].text;
            const char *hl = td->buf + td->lines[t->header - 1].start;
            size_t lead = 0;
            while (hl[lead] == ' ' || hl[lead] == '\t')
                lead++;
            u.own_name = true;
            u.label_line = t->header;
            u.label = hl + lead + t->h.name_off;
            u.label_len = (uint32_t)t->h.name_len;
            labelled = true;
        }
        if (!pair_add(L, &u))
            st = ST_NO_MEMORY;
        l = last + 1;
    }
    free(lang);
    return st;
}

static status stt_parse(doc *d, format_scans *scans, char *why)
{
    (void)scans;
    why[0] = '\0';
    stt_plan p;
    if (d->nsources != 1 || !stt_plan_make(d, &p) || p.headers == 0) {
        snprintf(why, FORMAT_EVIDENCE_MAX,
                 "no turn headers (a speaker and a time alone on a line: 发言人 1 00:52)");
        return ST_BAD_FORMAT;
    }
    uint32_t nl = (uint32_t)d->sources[0].text.nlines;
    pair_list L;
    pair_init(&L);
    status st = ST_OK;
    if (p.first_header > 1 && !pair_add_note(&L, DOC_NOTE_INTRO, 0, 1, p.first_header - 1))
        st = ST_NO_MEMORY;
    stt_turn cur = {0};
    uint32_t block = 0;
    for (uint32_t line = p.first_header; line <= nl + 1 && st == ST_OK; line++) {
        size_t n = 0;
        const char *s = line <= nl ? doc_line_trimmed(d, 0, line, &n) : "";
        stt_header h = line <= nl && n ? stt_parse_header(s, n) : (stt_header){0};
        if (line <= nl && !h.ok)
            continue;
        if (cur.header) {
            cur.end = line;
            int32_t name = pair_name(&L, cur.h.name);
            if (name < 0)
                st = ST_NO_MEMORY;
            else
                st = stt_turn_units(d, &L, &cur, name,
                                    h.ok && h.ms >= cur.h.ms ? h.ms : cur.h.ms, block++);
        }
        if (line <= nl) {
            cur.header = line;
            cur.h = h;
        }
    }
    if (st == ST_OK)
        st = pair_emit(d, &L, 0);
    pair_free(&L);
    /* a header whose turn holds no text is still its speaker's label line */
    for (uint32_t line = p.first_header; st == ST_OK && line <= nl; line++)
        if (d->sources[0].role[line - 1] == DOC_LINE_UNACCOUNTED) {
            size_t n;
            const char *s = doc_line_trimmed(d, 0, line, &n);
            if (stt_parse_header(s, n).ok)
                st = pair_doc_note(d, DOC_NOTE_NOISE, 0, line, line);
        }
    return st;
}

const format format_stt = {
    .name = "stt",
    .summary = "speech-to-text exports: \"发言人 1 00:52\" turn headers, original and translation",
    .min_sources = 1,
    .max_sources = 1,
    .probe = stt_probe,
    .parse = stt_parse,
};
