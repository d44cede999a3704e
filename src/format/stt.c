/* stt — speech-to-text exports (what meeting-minutes apps, transcription
 * services and video platforms write): each turn opens with a header naming
 * the speaker and the time, and holds the original and its machine
 * translation, in either order:
 *
 *   发言人 1 00:52                 (header: the speaker and the time)
 *   我们今天讨论的是人工智能的
 *                                  (a PDF copy's line wrap: not a paragraph break)
 *   发展。
 *   Today we discuss the development of artificial intelligence.
 *
 *   Speaker 2  01:10 So the code editor is …   (the text may follow the header)
 *
 * A header is any label with a time (label.h): `发言人 1 00:52`, `说话人1
 * 00：52`, `Speaker 1  0:05`, `Host 00:01:23`, `00:52 张三`, `[00:01:23]
 * Host:`, `(00:52) 张三：`, `Speaker 1 (00:05):`. A name and a time with
 * the turn's text after them on the same line is a header only when its
 * name heads another turn too ("At 10:30 we met" is a sentence). A turn's
 * text goes by language: runs of one language form its paragraphs — a
 * line holding both (the translation starting after the original's last
 * sentence) is cut where the script changes after a sentence end — and a
 * blank line inside a run ends a paragraph only after a sentence ends (PDF
 * copies leave blank lines in mid-sentence). Each turn is one segment,
 * timed from its header to the next. Lines before the first header are the
 * intro. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "format.h"
#include "grow.h"
#include "label.h"
#include "lang.h"
#include "pair.h"
#include "timecode.h"

#define STT_NAME_MAX LABEL_NAME_MAX
/* Each side of a cut between languages holds at least this much: one
 * "OK。" before Chinese is a word of it, not an English paragraph. */
#define STT_CUT_MIN 3

typedef struct stt_header {
    bool ok;
    bool text_after;   /* the turn's text starts on the header's line */
    bool needs_recur;  /* a name and a time with text after: a header only
                          when the name heads another turn too */
    int64_t ms;
    char name[STT_NAME_MAX];
    size_t label_off, label_len; /* the label as written, in the trimmed line */
    size_t text_off;             /* where the text starts in the trimmed line */
} stt_header;

/* Copies s[0, n) into out with runs of spaces made one ("Speaker 1  0:05"
 * names "Speaker 1"). */
static void stt_collapse(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < STT_NAME_MAX; i++) {
        bool space = s[i] == ' ' || s[i] == '\t';
        if (space && (k == 0 || out[k - 1] == ' '))
            continue;
        out[k++] = space ? ' ' : s[i];
    }
    while (k && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
}

/* Is there a digit, a colon (: or ：) and two digits near the start of
 * s[0, n)? Every line of a file is asked whether it is a header; most
 * have no time at all. */
static bool stt_has_time(const char *s, size_t n)
{
    size_t limit = n < 200 ? n : 200;
    for (size_t i = 1; i < limit; i++) {
        if (s[i] != ':' && s[i] != '\xef')
            continue;
        size_t c = s[i] == ':' ? 1 : (n - i >= 3 && memcmp(s + i, "\xef\xbc\x9a", 3) == 0) ? 3 : 0;
        if (c && s[i - 1] >= '0' && s[i - 1] <= '9' && i + c + 1 < n && s[i + c] >= '0' &&
            s[i + c] <= '9' && s[i + c + 1] >= '0' && s[i + c + 1] <= '9')
            return true;
    }
    return false;
}

/* "发言人 1 00:52", "Speaker 2  01:10 So …", "[00:01:23] Host:". */
static stt_header stt_parse_header(const char *s, size_t n)
{
    stt_header h = {0};
    h.ms = -1;
    label_match m;
    if (!n || !stt_has_time(s, n) || !label_match_header(s, n, &m) || m.time_ms < 0)
        return h;
    h.ok = true;
    h.ms = m.time_ms;
    h.text_after = !m.alone;
    h.needs_recur = m.shape == LABEL_TIMED && !m.alone;
    h.label_off = m.start;
    h.label_len = m.len;
    h.text_off = m.text;
    /* A bare name keeps its spaces as written ("发言人 1"); a label with a
     * colon or brackets is named as every layout names it. */
    if (m.shape == LABEL_TIMED)
        stt_collapse(s + m.start, m.len, h.name);
    else
        memcpy(h.name, m.name, sizeof h.name);
    return h;
}

static bool stt_ends_sentence(const char *s, size_t n)
{
    static const char *const ends[] = {".", "!", "?", "\xe3\x80\x82", "\xef\xbc\x81",
                                       "\xef\xbc\x9f", "\xe2\x80\xa6", "\"", "\xe2\x80\x9d",
                                       "\xe3\x80\x8d", ")", "\xef\xbc\x89"};
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && memcmp(s + n - k, ends[i], k) == 0)
            return true;
    }
    return false;
}

/* ---- the plan: which lines are headers ------------------------------------------- */

typedef struct stt_plan {
    uint32_t *headers;     /* header lines, in order */
    size_t nheaders, headers_cap;
    size_t increasing, turns, bilingual, nonblank;
} stt_plan;

static void stt_plan_free(stt_plan *p)
{
    free(p->headers);
    memset(p, 0, sizeof *p);
}

/* A header candidate: its line, its time, its name's hash, whether it
 * needs a recurring name. */
typedef struct stt_candidate {
    uint32_t line;
    bool needs_recur;
    bool taken;
    int64_t ms;
    uint64_t hash;
} stt_candidate;

static uint64_t stt_hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static int stt_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* How many of the sorted hashes equal h. */
static size_t stt_count(const uint64_t *sorted, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = 0;
    while (lo + k < n && sorted[lo + k] == h)
        k++;
    return k;
}

/* ---- pieces: a turn's text by language -------------------------------------------- */

/* A stretch of one line in one language. */
typedef struct stt_piece {
    uint32_t line;
    uint32_t off, len; /* in the trimmed line */
    uint8_t lang;
    bool note;         /* a translator's note line (注：…, label.h): not text */
} stt_piece;

typedef struct stt_pieces {
    stt_piece *v;
    size_t n, cap;
} stt_pieces;

static bool stt_is_sentence_end_cp(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 ||
           cp == 0xFF1F || cp == 0x2026 || cp == 0xFF0E;
}

/* The script of a letter: LANG_ZH (CJK), LANG_EN (Latin), else LANG_NONE. */
static lang_id stt_script(int32_t cp)
{
    if (lang_is_cjk((uint32_t)cp))
        return LANG_ZH;
    if (lang_is_latin((uint32_t)cp))
        return LANG_EN;
    return LANG_NONE;
}

/* Is s[a, b) text of one language with at least STT_CUT_MIN letters (CJK
 * characters or Latin words) of it? Its language, else LANG_NONE. */
static lang_id stt_solid(const char *s, size_t a, size_t b)
{
    lang_counts c = {0};
    lang_count(s + a, b - a, &c);
    lang_id l = lang_classify(&c);
    uint32_t weight = l == LANG_ZH ? c.cjk : c.latin_words;
    return weight >= STT_CUT_MIN ? l : LANG_NONE;
}

/* Cuts s[0, n) where the script changes after a sentence end ("… a bit
 * different. 因此，…"), when both sides are of different languages and
 * the side before is solidly so, or goes on from the line before (the side
 * after may be the first word of a wrapped line: "… for LLMs. 所以");
 * appends the pieces. */
static bool stt_cut_line(const char *s, size_t n, uint32_t line, uint32_t base, stt_pieces *P)
{
    /* the language going on from the line before: "next year. 大家…" ends
     * a paragraph wrapped from there */
    lang_id before = P->n ? (lang_id)P->v[P->n - 1].lang : LANG_NONE;
    size_t from = 0;
    lang_id last_script = LANG_NONE;
    bool after_end = false; /* a sentence end, then only spaces and quotes */
    for (size_t i = 0; i < n;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            cp = 0xFFFD;
            k = 1;
        }
        lang_id sc = stt_script(cp);
        if (sc != LANG_NONE) {
            if (after_end && last_script != LANG_NONE && sc != last_script) {
                lang_id left = stt_solid(s, from, i);
                if (left == LANG_NONE && from == 0 && before != LANG_NONE &&
                    lang_detect(s, i) == before)
                    left = before;
                lang_id right = stt_solid(s, i, n);
                if (right == LANG_NONE && left != LANG_NONE) /* "… for LLMs. 所以" + a wrap */
                    right = lang_detect(s + i, n - i);
                if (left != LANG_NONE && right != LANG_NONE && left != right) {
                    if (!GROW(P->v, P->cap, P->n + 1))
                        return false;
                    P->v[P->n++] = (stt_piece){line, base + (uint32_t)from,
                                               (uint32_t)(i - from), (uint8_t)left, false};
                    from = i;
                }
            }
            last_script = sc;
            after_end = false;
        } else if (stt_is_sentence_end_cp(cp)) {
            after_end = true;
        }
        i += (size_t)k;
    }
    if (from < n) {
        if (!GROW(P->v, P->cap, P->n + 1))
            return false;
        P->v[P->n++] = (stt_piece){line, base + (uint32_t)from, (uint32_t)(n - from),
                                   (uint8_t)lang_detect(s + from, n - from), false};
    }
    return true;
}

/* The pieces of the turn headed at line `header` (its text from text_off
 * when the header has text after it) up to line z (exclusive); pieces of
 * neither language go with the piece before (else after). */
static bool stt_turn_pieces(const doc *d, uint32_t header, const stt_header *h, uint32_t z,
                            stt_pieces *P)
{
    P->n = 0;
    for (uint32_t l = h->text_after ? header : header + 1; l < z; l++) {
        size_t n;
        const char *s = doc_line_trimmed(d, 0, l, &n);
        size_t off = l == header ? h->text_off : 0, note_text, tl;
        if (off < n && l != header && (s[0] == '[' || s[0] == '(') &&
            timecode_at(s, n, &tl) >= 0) /* "[00:01:27] People had…": the turn's time again */
            while ((off = tl) < n && (s[off] == ' ' || s[off] == '\t'))
                tl++;
        if (off >= n)
            continue;
        if (label_note_line(s + off, n - off, &note_text)) { /* 译者注：… */
            if (!GROW(P->v, P->cap, P->n + 1))
                return false;
            P->v[P->n++] = (stt_piece){l, (uint32_t)off, (uint32_t)(n - off), LANG_NONE, true};
            continue;
        }
        if (!stt_cut_line(s + off, n - off, l, (uint32_t)off, P))
            return false;
    }
    for (int backward = 0; backward < 2; backward++) {
        uint8_t last = LANG_NONE;
        for (size_t k = 0; k < P->n; k++) {
            stt_piece *v = &P->v[backward ? P->n - 1 - k : k];
            if (v->note)
                continue;
            if (v->lang == LANG_NONE)
                v->lang = last;
            else
                last = v->lang;
        }
    }
    return true;
}

/* ---- the plan ---------------------------------------------------------------------------- */

static status stt_plan_make(const doc *d, stt_plan *p)
{
    memset(p, 0, sizeof *p);
    uint32_t nl = (uint32_t)d->sources[0].text.nlines;
    stt_candidate *cand = NULL;
    size_t ncand = 0, cand_cap = 0;
    status st = ST_OK;
    for (uint32_t line = 1; line <= nl && st == ST_OK; line++) {
        size_t n;
        const char *s = doc_line_trimmed(d, 0, line, &n);
        if (!n)
            continue;
        p->nonblank++;
        stt_header h = stt_parse_header(s, n);
        if (!h.ok)
            continue;
        if (!GROW(cand, cand_cap, ncand + 1))
            st = ST_NO_MEMORY;
        else
            cand[ncand++] = (stt_candidate){line, h.needs_recur, false, h.ms, stt_hash(h.name)};
    }
    uint64_t *sorted = st == ST_OK ? malloc((ncand ? ncand : 1) * sizeof *sorted) : NULL;
    if (st == ST_OK && !sorted)
        st = ST_NO_MEMORY;
    for (size_t i = 0; st == ST_OK && i < ncand; i++)
        sorted[i] = cand[i].hash;
    if (st == ST_OK)
        qsort(sorted, ncand, sizeof *sorted, stt_cmp_u64);
    /* A name and a time with text after them heads a turn when the name
     * heads another turn too, or — a speaker who talks once — when its
     * time falls between the times of the headers taken around it. */
    size_t taken = 0;
    for (size_t i = 0; st == ST_OK && i < ncand; i++) {
        cand[i].taken = !cand[i].needs_recur || stt_count(sorted, ncand, cand[i].hash) >= 2;
        taken += cand[i].taken;
    }
    int64_t before = -1;
    for (size_t i = 0; st == ST_OK && taken >= 2 && i < ncand; i++) {
        if (cand[i].taken) {
            before = cand[i].ms;
            continue;
        }
        size_t j = i + 1;
        while (j < ncand && !cand[j].taken)
            j++;
        cand[i].taken = before >= 0 && j < ncand && cand[i].ms >= before && cand[i].ms <= cand[j].ms;
        if (cand[i].taken)
            before = cand[i].ms;
    }
    for (size_t i = 0; st == ST_OK && i < ncand; i++) {
        if (!cand[i].taken)
            continue;
        if (!GROW(p->headers, p->headers_cap, p->nheaders + 1))
            st = ST_NO_MEMORY;
        else
            p->headers[p->nheaders++] = cand[i].line;
    }
    free(sorted);
    free(cand);
    /* time order, and which turns hold both languages (headers of one time
     * holding the original and its translation are one turn) */
    stt_pieces P = {0};
    int64_t prev = -1;
    bool group[LANG_SIDES + 1] = {false, false, false};
    int64_t prev_ms = -1;
    for (size_t k = 0; st == ST_OK && k < p->nheaders; k++) {
        uint32_t line = p->headers[k], end = k + 1 < p->nheaders ? p->headers[k + 1] : nl + 1;
        size_t n;
        const char *s = doc_line_trimmed(d, 0, line, &n);
        stt_header h = stt_parse_header(s, n);
        p->increasing += h.ms >= prev;
        prev = h.ms;
        if (!stt_turn_pieces(d, line, &h, end, &P)) {
            st = ST_NO_MEMORY;
            break;
        }
        bool has[LANG_SIDES + 1] = {false, false, false};
        for (size_t i = 0; i < P.n; i++)
            has[P.v[i].note ? LANG_NONE : P.v[i].lang] = true;
        bool joins = k > 0 && h.ms == prev_ms && !(has[LANG_ZH] && group[LANG_ZH]) &&
                     !(has[LANG_EN] && group[LANG_EN]);
        if (!joins) {
            p->turns++;
            group[LANG_ZH] = group[LANG_EN] = false;
        } else {
            p->bilingual -= group[LANG_ZH] && group[LANG_EN];
        }
        group[LANG_ZH] |= has[LANG_ZH];
        group[LANG_EN] |= has[LANG_EN];
        p->bilingual += group[LANG_ZH] && group[LANG_EN];
        prev_ms = h.ms;
    }
    free(P.v);
    if (st != ST_OK)
        stt_plan_free(p);
    return st;
}

/* 97 with two or more headers, mostly in time order, and most turns
 * holding both languages; 60 when the turns are of one language only. */
static int stt_probe(const doc *d, format_scans *scans, char *ev)
{
    (void)scans; /* headers and lines, not the line scan */
    ev[0] = '\0';
    stt_plan p;
    if (d->nsources != 1 || stt_plan_make(d, &p) != ST_OK)
        return 0;
    size_t used = 0;
    pair_ev(ev, &used, "%zu turn headers (speaker and time, such as \"发言人 1 00:52\")",
            p.nheaders);
    if (p.nheaders)
        pair_ev(ev, &used, ", the first on line %u; %zu in time order\n", p.headers[0],
                p.increasing);
    else
        pair_ev(ev, &used, "\n");
    pair_ev(ev, &used, "%zu of %zu turns hold both languages", p.bilingual, p.turns);
    int score = 0;
    if (p.nheaders >= 2 && p.increasing * 5 >= p.nheaders * 4)
        score = p.bilingual * 2 >= p.turns ? 97 : 60;
    stt_plan_free(&p);
    return score;
}

/* ---- parsing ------------------------------------------------------------------------------ */

/* The block units go into: a turn's original and translation; a run of
 * the first language again after the translation (a next paragraph and
 * its translation, an untranslated closing line) starts the next one. */
typedef struct stt_block {
    uint32_t id;
    bool open;
    uint8_t first;           /* the language the block opened with */
    bool has[LANG_SIDES];
} stt_block;

typedef enum {
    STT_GOES_ON,  /* a unit after the first of its turn */
    STT_NEW_TURN, /* the first unit of a turn */
    STT_JOINS     /* the first unit of a turn timed as the one before: its
                     translation ("[00:04] Host: …", "[00:04] 主持人：…") */
} stt_step;

/* Puts a unit of language lg into the open block, or opens the next one. */
static uint32_t stt_block_take(stt_block *b, uint8_t lg, stt_step step)
{
    bool fresh = !b->open || step == STT_NEW_TURN || (step == STT_JOINS && b->has[lg]) ||
                 (lg == b->first && b->has[1 - b->first]);
    if (fresh) {
        if (b->open)
            b->id++;
        *b = (stt_block){b->id, true, lg, {false, false}};
    }
    b->has[lg] = true;
    return b->id;
}

/* The units of one turn: runs of pieces of a language, split at blank
 * lines that follow the end of a sentence. */
static status stt_turn_units(const doc *d, pair_list *L, uint32_t header, const stt_header *h,
                             uint32_t z, int32_t name, int64_t end_ms, stt_block *blk,
                             bool joins, stt_pieces *P)
{
    if (!stt_turn_pieces(d, header, h, z, P))
        return ST_NO_MEMORY;
    bool labelled = false;
    for (size_t i = 0; i < P->n;) {
        if (P->v[i].note) { /* a translator's note in the turn */
            if (!pair_add_note(L, DOC_NOTE_ANNOTATION, 0, P->v[i].line, P->v[i].line))
                return ST_NO_MEMORY;
            i++;
            continue;
        }
        /* a paragraph: pieces of one language, through blank lines in mid-sentence */
        uint8_t lg = P->v[i].lang;
        size_t j = i + 1, total = P->v[i].len + 1;
        for (; j < P->n && P->v[j].lang == lg && !P->v[j].note; j++) {
            const stt_piece *a = &P->v[j - 1];
            if (P->v[j].line > a->line + 1) { /* blank lines between */
                size_t n;
                const char *s = doc_line_trimmed(d, 0, a->line, &n);
                if (stt_ends_sentence(s + a->off, a->len))
                    break;
            }
            total += P->v[j].len + 1;
        }
        uint32_t first = P->v[i].line, last = P->v[j - 1].line;
        if (lg == LANG_NONE) { /* a turn of neither language: ♪, 123 */
            if (!pair_add_note(L, DOC_NOTE_NOISE, 0, first, last))
                return ST_NO_MEMORY;
            i = j;
            continue;
        }
        char *text = malloc(total + 1);
        if (!text)
            return ST_NO_MEMORY;
        size_t used = 0;
        for (size_t k = i; k < j; k++) {
            size_t n;
            const char *s = doc_line_trimmed(d, 0, P->v[k].line, &n) + P->v[k].off;
            size_t len = P->v[k].len;
            while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
                len--;
            if (used && lg == LANG_EN)
                text[used++] = ' ';
            memcpy(text + used, s, len);
            used += len;
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
        u.start_ms = h->ms;
        u.end_ms = end_ms;
        u.block = stt_block_take(blk, lg, labelled ? STT_GOES_ON : joins ? STT_JOINS : STT_NEW_TURN);
        if (!labelled) { /* the header labels the turn's first paragraph */
            size_t n;
            const char *hl = doc_line_trimmed(d, 0, header, &n);
            u.own_name = true;
            u.label_line = header;
            u.label = hl + h->label_off;
            u.label_len = (uint32_t)h->label_len;
            labelled = true;
        }
        if (!pair_add(L, &u))
            return ST_NO_MEMORY;
        i = j;
    }
    return ST_OK;
}

static status stt_parse(doc *d, format_scans *scans, char *why)
{
    (void)scans;
    why[0] = '\0';
    stt_plan p;
    if (d->nsources != 1)
        return ST_BAD_FORMAT;
    status st = stt_plan_make(d, &p);
    if (st != ST_OK)
        return st;
    if (p.nheaders == 0) {
        snprintf(why, FORMAT_EVIDENCE_MAX,
                 "no turn headers (a speaker and a time: 发言人 1 00:52, [00:01:23] Host:)");
        stt_plan_free(&p);
        return ST_BAD_FORMAT;
    }
    uint32_t nl = (uint32_t)d->sources[0].text.nlines;
    pair_list L;
    pair_init(&L);
    stt_pieces P = {0};
    if (p.headers[0] > 1 && !pair_add_note(&L, DOC_NOTE_INTRO, 0, 1, p.headers[0] - 1))
        st = ST_NO_MEMORY;
    stt_block blk = {0, false, LANG_NONE, {false, false}};
    int64_t prev_ms = -1;
    for (size_t k = 0; k < p.nheaders && st == ST_OK; k++) {
        uint32_t line = p.headers[k], end = k + 1 < p.nheaders ? p.headers[k + 1] : nl + 1;
        size_t n;
        const char *s = doc_line_trimmed(d, 0, line, &n);
        stt_header h = stt_parse_header(s, n);
        int64_t end_ms = -1; /* the next later header's time (doc_finish) */
        for (size_t j = k + 1; j < p.nheaders && end_ms < 0; j++) {
            s = doc_line_trimmed(d, 0, p.headers[j], &n);
            int64_t next = stt_parse_header(s, n).ms;
            if (next > h.ms)
                end_ms = next;
            else if (next < h.ms)
                end_ms = h.ms;
        }
        int32_t name = pair_name(&L, h.name);
        if (name < 0)
            st = ST_NO_MEMORY;
        else
            st = stt_turn_units(d, &L, line, &h, end, name, end_ms, &blk, h.ms == prev_ms, &P);
        prev_ms = h.ms;
    }
    free(P.v);
    if (st == ST_OK) /* Host and 主持人 of one time are one person */
        st = pair_learn(&L);
    if (st == ST_OK)
        st = pair_emit(d, &L, PAIR_RUNS | PAIR_PEEL);
    pair_free(&L);
    /* a header whose turn holds no text is still its speaker's label line */
    for (size_t k = 0; st == ST_OK && k < p.nheaders; k++)
        if (d->sources[0].role[p.headers[k] - 1] == DOC_LINE_UNACCOUNTED)
            st = pair_doc_note(d, DOC_NOTE_NOISE, 0, p.headers[k], p.headers[k]);
    stt_plan_free(&p);
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
