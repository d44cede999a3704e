/* sectioned — all of one language, then all of the other (either order).
 *
 *   [intro]  [marker]  turns in L1 … | [marker] [noise] turns in L2 …  [footer]
 *
 * The switch between the sections is where the paragraphs' language changes
 * for good: the split that leaves the most paragraphs in their section's
 * language, over both orders. Within a section, paragraphs before the first
 * turn are notes (intro, or a marker when they announce what follows: they
 * end with a colon or name the translation or original); a turn starts at
 * the first label of a recurring speaker (a name used once before it, like
 * `嘉宾：…` in a heading, is intro). Paragraphs without a label continue
 * the previous speaker. A label that owns no text is noise; so is a line of
 * neither language. Paragraphs after the last turn in the other section's
 * language are the footer — never part of the last turn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "scan.h"
#include "sectioned.h"

typedef enum {
    SEC_TURN,
    SEC_INTRO,
    SEC_MARKER,
    SEC_NOISE,
    SEC_FOOTER,
    SEC_ANNOTATION /* a translator's or editor's note (scan_para.note) */
} sec_role;

typedef struct sec_plan {
    scan sc;
    uint8_t *role;          /* sec_role per paragraph */
    lang_id lang[2];        /* the sections' languages, in order */
    size_t split;           /* first paragraph of the second section */
    size_t agree, counted;  /* paragraphs in their section's language / of a language */
    size_t turns_agree, turns; /* the same, counting turns only (no notes) */
    size_t nlang[LANG_SIDES];
    uint32_t switch_line;   /* first line of the second section, 0 when none */
    bool titles;            /* the intro is text (two files with titles: the
                               titles pair as a segment) */
} sec_plan;

/* An orphan label that names the translation ("英文原文：") is a marker. */
static bool sec_is_marker_label(const scan *sc, const scan_para *p)
{
    return p->orphan && p->name >= 0 && sc->names[p->name].count == 1 &&
           scan_has_marker_word(sc->names[p->name].name, strlen(sc->names[p->name].name));
}

/* Does the paragraph's language count for the sections? A translator's
 * note in the other section's language does not. */
static bool sec_counts(const scan_para *p)
{
    return !p->orphan && !p->note && (p->lang == LANG_ZH || p->lang == LANG_EN);
}

/* The split and order that put the most paragraphs in their section's
 * language; the earliest such split. */
static void sec_find_split(sec_plan *pl)
{
    const scan *sc = &pl->sc;
    size_t n = sc->nparas;
    for (size_t i = 0; i < n; i++)
        if (sec_counts(&sc->paras[i]))
            pl->nlang[sc->paras[i].lang]++;
    pl->counted = pl->nlang[LANG_ZH] + pl->nlang[LANG_EN];
    size_t best = 0, best_split = 0;
    lang_id best_first = LANG_ZH;
    for (int first = 0; first < LANG_SIDES; first++) {
        lang_id l1 = (lang_id)first, l2 = (lang_id)(1 - first);
        size_t before = 0, after = pl->nlang[l2];
        for (size_t s = 0; s <= n; s++) {
            if (before + after > best) {
                best = before + after;
                best_split = s;
                best_first = l1;
            }
            if (s < n && sec_counts(&sc->paras[s])) {
                before += sc->paras[s].lang == l1;
                after -= sc->paras[s].lang == l2;
            }
        }
    }
    pl->agree = best;
    pl->split = best_split;
    pl->lang[0] = best_first;
    pl->lang[1] = (lang_id)(1 - best_first);
    /* One language only: one section. A second "section" of a paragraph or
     * two without a single label, after a first one four times longer, is
     * not a translation but a footer in the other language (a one-language
     * transcript with a publisher's line): one section too. */
    size_t second = 0, first = 0;
    bool labelled = false;
    for (size_t i = 0; i < n; i++) {
        const scan_para *p = &sc->paras[i];
        if (!sec_counts(p))
            continue;
        if (i < pl->split) {
            first++;
        } else {
            second++;
            labelled |= p->name >= 0;
        }
    }
    if (pl->nlang[pl->lang[1]] == 0 || (second <= 2 && !labelled && second * 4 < first))
        pl->split = n;
    pl->switch_line = 0;
    for (size_t i = pl->split; i < n && !pl->switch_line; i++)
        if (sec_counts(&sc->paras[i]))
            pl->switch_line = sc->paras[i].label_line && !sc->paras[i].orphan
                                  ? sc->paras[i].label_line : sc->paras[i].first;
}

/* The first turn of section [a, b): the first label of a recurring
 * speaker — or, before it, of one whose paragraph reads as speech (a
 * reporter's one question) — else the first label, else a (no labels: no
 * intro to tell). */
static size_t sec_first_turn(const sec_plan *pl, size_t a, size_t b)
{
    const scan *sc = &pl->sc;
    size_t any = b, speaks = b;
    for (size_t i = a; i < b; i++) {
        const scan_para *p = &sc->paras[i];
        if (p->orphan || p->name < 0)
            continue;
        if (sc->names[p->name].count >= 2)
            return speaks < i ? speaks : i;
        if (speaks == b && scan_para_speaks(sc, p))
            speaks = i;
        if (any == b)
            any = i;
    }
    return any < b ? any : a;
}

/* When a section's speakers are all labelled alone on their lines, a
 * one-off "Word：" starting a line inside it is the text's own (第二点：…,
 * 原因很简单：…), not a new speaker: the previous speaker goes on. */
static void sec_drop_stray_inline_labels(sec_plan *pl, size_t t, size_t b)
{
    scan *sc = &pl->sc;
    size_t alone = 0, inline_ = 0;
    for (size_t i = t; i < b; i++) {
        const scan_para *p = &sc->paras[i];
        if (p->orphan || p->name < 0 || sc->names[p->name].count < 2)
            continue;
        if (p->label_line < p->first)
            alone++;
        else
            inline_++;
    }
    if (alone < 2 || inline_ > 0)
        return;
    for (size_t i = t + 1; i < b; i++) {
        scan_para *p = &sc->paras[i];
        if (!p->orphan && p->name >= 0 && p->label_line == p->first &&
            sc->names[p->name].count == 1)
            scan_drop_label(sc, p);
    }
}

/* Roles of section [a, b) in language lg; `last` when it ends the file. */
static void sec_assign(sec_plan *pl, size_t a, size_t b, lang_id lg, bool last)
{
    const scan *sc = &pl->sc;
    size_t t = sec_first_turn(pl, a, b);
    sec_drop_stray_inline_labels(pl, t, b);
    for (size_t i = a; i < b; i++) {
        const scan_para *p = &sc->paras[i];
        if (p->note) /* an editor's note heading the document is its intro */
            pl->role[i] = a == 0 && i < t ? SEC_INTRO : SEC_ANNOTATION;
        else if (sec_is_marker_label(sc, p))
            pl->role[i] = SEC_MARKER;
        else if (p->orphan)
            pl->role[i] = SEC_NOISE;
        else if (i < t && (!pl->titles || scan_para_is_marker(sc, p)))
            pl->role[i] = scan_para_is_marker(sc, p) ? SEC_MARKER : SEC_INTRO;
        else if (i < t) { /* a title: text, its "访谈：" no speaker's label */
            scan_drop_label(&pl->sc, &pl->sc.paras[i]);
            pl->role[i] = SEC_TURN;
        }
        else if (p->name < 0 && p->lang == LANG_NONE)
            pl->role[i] = SEC_NOISE;
        else
            pl->role[i] = SEC_TURN;
    }
    /* a marker closing the first section (after its last turn) */
    if (!last && b > t) {
        size_t i = b - 1;
        while (i > t && (pl->role[i] == SEC_NOISE || pl->role[i] == SEC_ANNOTATION))
            i--;
        const scan_para *p = &sc->paras[i];
        if (pl->role[i] == SEC_TURN && p->name < 0 && scan_para_is_marker(sc, p))
            pl->role[i] = SEC_MARKER;
    }
    /* the footer: trailing paragraphs in another language than the section's,
     * without a recurring speaker's label */
    if (last && b > t) {
        for (size_t i = b; i-- > t;) {
            const scan_para *p = &sc->paras[i];
            bool foreign = p->lang != lg && p->lang != LANG_NONE;
            bool once = p->name < 0 || sc->names[p->name].count < 2;
            if (pl->role[i] == SEC_NOISE || pl->role[i] == SEC_ANNOTATION)
                continue;
            if (pl->role[i] != SEC_TURN || !(foreign || scan_para_is_boilerplate(sc, p)) || !once)
                break;
            pl->role[i] = SEC_FOOTER;
        }
        /* noise lines inside the footer are footer too */
        for (size_t i = b; i-- > t && (pl->role[i] == SEC_FOOTER || pl->role[i] == SEC_NOISE);)
            if (i + 1 < b && pl->role[i + 1] == SEC_FOOTER && !sc->paras[i].orphan)
                pl->role[i] = SEC_FOOTER;
    }
}

static void sec_plan_free(sec_plan *pl)
{
    scan_free(&pl->sc);
    free(pl->role);
    pl->role = NULL;
}

/* The plan of source `source`; with `only` a language (two files, one
 * language each), the whole source is one section in it. Its scan comes
 * from `scans` (taken for a parse, copied for a probe). */
static status sec_plan_make(const doc *d, format_scans *scans, bool take, uint32_t source,
                            lang_id only, bool titles, sec_plan *pl)
{
    memset(pl, 0, sizeof *pl);
    pl->titles = titles;
    status st = scan_set_use(scans, d, source, take, &pl->sc);
    if (st != ST_OK)
        return st;
    pl->role = calloc(pl->sc.nparas ? pl->sc.nparas : 1, 1);
    if (!pl->role) {
        sec_plan_free(pl);
        return ST_NO_MEMORY;
    }
    sec_find_split(pl);
    size_t n = pl->sc.nparas;
    if (only == LANG_ZH || only == LANG_EN) {
        pl->split = n;
        pl->lang[0] = only;
        pl->lang[1] = (lang_id)(1 - only);
        pl->switch_line = 0;
    }
    sec_assign(pl, 0, pl->split, pl->lang[0], pl->split == n);
    if (pl->split < n)
        sec_assign(pl, pl->split, n, pl->lang[1], true);
    for (size_t i = 0; i < n; i++) {
        const scan_para *p = &pl->sc.paras[i];
        if (pl->role[i] != SEC_TURN || !sec_counts(p))
            continue;
        pl->turns++;
        pl->turns_agree += p->lang == pl->lang[i < pl->split ? 0 : 1];
    }
    return ST_OK;
}

/* ---- probe ---------------------------------------------------------------------- */

static void sec_evidence(const sec_plan *pl, char *ev)
{
    const scan *sc = &pl->sc;
    size_t used = 0, cap = FORMAT_EVIDENCE_MAX;
#define EV(...) format_evidence_add(ev, cap, &used, __VA_ARGS__)
    ev[0] = '\0';
    EV("paragraphs: %zu zh, %zu en\n", pl->nlang[LANG_ZH], pl->nlang[LANG_EN]);
    if (pl->split < sc->nparas && pl->switch_line)
        EV("sections: %s, then %s from line %u; %zu of %zu turns in their section's language\n",
           lang_code(pl->lang[0]), lang_code(pl->lang[1]), scan_source_line(sc, pl->switch_line),
           pl->turns_agree, pl->turns);
    else
        EV("one language only: %s\n", lang_code(pl->lang[0]));
    /* the language runs, in order: "zh 16, en 11, zh 1" for the seed */
    EV("language runs:");
    size_t runs = 0, len = 0;
    int cur = -1;
    for (size_t i = 0; i <= sc->nparas; i++) {
        const scan_para *p = i < sc->nparas ? &sc->paras[i] : NULL;
        if (p && !sec_counts(p))
            continue;
        if (p && p->lang == cur) {
            len++;
            continue;
        }
        if (cur >= 0 && ++runs <= 6)
            EV("%s %s %zu", runs > 1 ? "," : "", lang_code((lang_id)cur), len);
        cur = p ? p->lang : -1;
        len = 1;
    }
    EV("%s\n", runs > 6 ? ", …" : "");
    EV("labels: %u lines (%u alone), %zu names:", sc->label_lines, sc->alone_labels, sc->nnames);
    for (size_t k = 0; k < sc->nnames && used + 40 < cap; k++)
        EV(" %s x%u", sc->names[k].name, sc->names[k].count);
    EV("\n");
    for (int lg = 0; lg < LANG_SIDES; lg++)
        if (sc->wrapped[lg])
            EV("%s lines hard-wrapped at %u columns\n", lang_code((lang_id)lg), sc->wrap_width[lg]);
    if (sc->blank_separated)
        EV("blank lines separate paragraphs\n");
    scan_furniture_evidence(sc, ev, cap, &used);
#undef EV
    if (used && ev[used - 1] == '\n')
        ev[used - 1] = '\0';
}

/* Near 90 when nearly every paragraph sits in its section's language, near
 * 0 when the languages alternate (an interleaved file); a file in one
 * language only gets a low score, enough to open it when nothing else does. */
static int sec_probe(const doc *d, format_scans *scans, char *evidence)
{
    sec_plan pl;
    evidence[0] = '\0';
    if (d->nsources != 1 || sec_plan_make(d, scans, false, 0, LANG_NONE, false, &pl) != ST_OK)
        return 0;
    int score = 0;
    if (pl.turns == 0)
        score = 0;
    else if (pl.split >= pl.sc.nparas)
        score = 15;
    else {
        double a = (double)pl.turns_agree / (double)pl.turns;
        score = (int)(90.0 * (a - 0.5) * 2.0 + 0.5);
        if (score < 1)
            score = 1;
    }
    sec_evidence(&pl, evidence);
    sec_plan_free(&pl);
    return score;
}

/* ---- parse ---------------------------------------------------------------------- */

static doc_note_kind sec_note_kind(sec_role r)
{
    switch (r) {
    case SEC_INTRO: return DOC_NOTE_INTRO;
    case SEC_MARKER: return DOC_NOTE_MARKER;
    case SEC_FOOTER: return DOC_NOTE_FOOTER;
    case SEC_ANNOTATION: return DOC_NOTE_ANNOTATION;
    default: return DOC_NOTE_NOISE;
    }
}

/* The first line of a paragraph, its own label line included. */
static uint32_t sec_top(const scan_para *p)
{
    return p->label_line && p->label_line < p->first ? p->label_line : p->first;
}

/* Adds paragraphs [i, j) (all of one note kind) as one note. */
static status sec_add_note(doc *d, const sec_plan *pl, size_t i, size_t j)
{
    const scan *sc = &pl->sc;
    uint32_t first = sec_top(&sc->paras[i]), last = sc->paras[j - 1].last;
    size_t total = 0;
    for (uint32_t k = first; k <= last; k++)
        total += scan_line_at(sc, k)->len + 1;
    char *text = malloc(total + 1);
    if (!text)
        return ST_NO_MEMORY;
    size_t n = 0;
    uint32_t src = sc->source;
    const char *buf = d->sources[src].text.buf;
    for (uint32_t k = first; k <= last; k++) {
        const scan_line *l = scan_line_at(sc, k);
        if (l->blank)
            continue;
        if (n && !(l->flags & FURN_GLUE))
            text[n++] = '\n';
        memcpy(text + n, buf + l->start, l->len);
        n += l->len;
        doc_set_role(d, src, scan_doc_line(sc, k), DOC_LINE_NOTE);
    }
    bool ok = doc_add_note(d, sec_note_kind((sec_role)pl->role[i]), src, scan_doc_line(sc, first),
                           scan_doc_line(sc, last), text, n);
    free(text);
    return ok ? ST_OK : ST_NO_MEMORY;
}

static status sec_add_turn(doc *d, const sec_plan *pl, size_t i, lang_id side, int *speaker)
{
    const scan *sc = &pl->sc;
    const scan_para *p = &sc->paras[i];
    if (p->name >= 0) {
        size_t ln;
        const char *label = scan_label_text(sc, p->label_line, &ln);
        const char *name = sc->names[p->name].name;
        *speaker = doc_intern_speaker(d, name, strlen(name), label, ln);
        if (*speaker < 0)
            return ST_NO_MEMORY;
        doc_set_role(d, sc->source, scan_doc_line(sc, p->label_line),
                     p->label_line < p->first ? DOC_LINE_LABEL : DOC_LINE_TEXT);
    }
    char *owned;
    size_t len;
    const char *text = scan_para_text(sc, p, &owned, &len);
    if (!text)
        return ST_NO_MEMORY;
    doc_para para = {text, len, *speaker, sc->source, scan_doc_line(sc, p->first),
                     scan_doc_line(sc, p->last),
                     p->name >= 0 ? scan_doc_line(sc, p->label_line) : 0, scan_para_time(sc, p), -1};
    long k = doc_add_para(d, side, &para);
    free(owned);
    if (k < 0)
        return ST_NO_MEMORY;
    for (uint32_t ln = p->first; ln <= p->last; ln++)
        if (!scan_line_at(sc, ln)->blank)
            doc_set_role(d, sc->source, scan_doc_line(sc, ln), DOC_LINE_TEXT);
    return ST_OK;
}

size_t sectioned_intro(const doc *d, format_scans *scans, uint32_t source, lang_id only)
{
    sec_plan pl;
    if (sec_plan_make(d, scans, false, source, only, false, &pl) != ST_OK)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < pl.sc.nparas; i++)
        n += pl.role[i] == SEC_INTRO;
    sec_plan_free(&pl);
    return n;
}

status sectioned_read(doc *d, format_scans *scans, uint32_t source, lang_id only, bool titles,
                      char *why)
{
    sec_plan pl;
    status st = sec_plan_make(d, scans, true, source, only, titles, &pl);
    if (st == ST_OK && (st = scan_adopt(d, &pl.sc)) != ST_OK)
        sec_plan_free(&pl);
    if (st != ST_OK)
        return st;
    size_t n = pl.sc.nparas, turns = 0;
    int speaker = -1;
    for (size_t i = 0; i < n && st == ST_OK;) {
        if (i == pl.split)
            speaker = -1; /* a new section: nobody has spoken yet */
        if (pl.role[i] == SEC_TURN) {
            lang_id side = pl.lang[i < pl.split ? 0 : 1];
            st = sec_add_turn(d, &pl, i, side, &speaker);
            turns++;
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && j != pl.split && pl.role[j] == pl.role[i])
            j++;
        st = sec_add_note(d, &pl, i, j);
        i = j;
    }
    if (st == ST_OK && turns == 0) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "no paragraph in Chinese or English");
        st = ST_NOT_TRANSCRIPT;
    }
    if (st == ST_OK)
        st = scan_add_furniture_notes(d, &pl.sc);
    sec_plan_free(&pl);
    return st;
}

static status sec_parse(doc *d, format_scans *scans, char *why)
{
    why[0] = '\0';
    if (d->nsources != 1) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "the sectioned layout reads one file");
        return ST_BAD_FORMAT;
    }
    return sectioned_read(d, scans, 0, LANG_NONE, false, why);
}

const format format_sectioned = {
    .name = "sectioned",
    .summary = "all of one language, then all of the other, with optional intro, marker and footer",
    .min_sources = 1,
    .max_sources = 1,
    .probe = sec_probe,
    .parse = sec_parse,
};
