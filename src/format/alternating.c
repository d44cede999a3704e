/* alternating — the plan the interleaved and inline-pair readers share. */
#include "alternating.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "text.h"

void alt_plan_free(alt_plan *p)
{
    scan_free(&p->sc);
    pair_free(&p->L);
}

/* The first line of a paragraph, its own label line included. */
static uint32_t alt_top(const scan_para *p)
{
    return p->label_line && p->label_line < p->first ? p->label_line : p->first;
}

/* Does unit u look like a title: one line, no label, no sentence end, not
 * wider than a title (FURN_TITLE_COLUMNS)? */
static bool alt_title_like(const pair_unit *u)
{
    if (u->own_name || u->first != u->last || u->title || !u->len ||
        text_width(u->text, u->len) > 80)
        return false;
    static const char *const ends[] = {".", "!", "?", ":", "。", "！", "？", "：", "…"};
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
        size_t m = strlen(ends[k]);
        if (u->len >= m && memcmp(u->text + u->len - m, ends[k], m) == 0)
            return false;
    }
    return true;
}

/* Unlabelled paragraphs before the first change of language and after the
 * last one do not alternate: intro (or a marker) and footer. */
static status alt_peel_ends(alt_plan *p)
{
    pair_list *L = &p->L;
    size_t n = L->n, a = 0, z = n;
    while (a + 1 < n && L->units[a].lang == L->units[a + 1].lang)
        a++;
    while (z > 1 && L->units[z - 1].lang == L->units[z - 2].lang)
        z--;
    if (a + 1 >= n || z <= a + 1)
        return ST_OK; /* one language: nothing alternates */
    size_t lead = 0, trail = n;
    while (lead < a && !L->units[lead].own_name &&
           !pair_is_aside(L->units[lead].text, L->units[lead].len))
        lead++;
    /* a title in one language over a body that starts in the other (钟表匠
     * 的耐心, then "Reporter: …"): intro, or every pair would shift by one;
     * a title followed by its translation is a pair */
    if (lead == 0 && a == 0 && alt_title_like(&L->units[0]) && !alt_title_like(&L->units[1]))
        lead = 1;
    while (trail > z && !L->units[trail - 1].own_name &&
           !pair_is_aside(L->units[trail - 1].text, L->units[trail - 1].len))
        trail--;
    if (lead == 0 && trail == n)
        return ST_OK;
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        pair_unit *u = &L->units[i];
        if (i >= lead && i < trail) {
            L->units[out++] = *u;
            continue;
        }
        doc_note_kind k = i >= trail ? DOC_NOTE_FOOTER : u->marker ? DOC_NOTE_MARKER : DOC_NOTE_INTRO;
        uint32_t top = u->label_line && u->label_line < u->first ? u->label_line : u->first;
        if (u->owned)
            free((char *)u->text);
        p->nlang[u->lang]--;
        if (!pair_add_note(L, k, u->source, top, u->last)) {
            for (size_t j = i + 1; j < n; j++)
                if (L->units[j].owned)
                    free((char *)L->units[j].text);
            L->n = out;
            return ST_NO_MEMORY;
        }
    }
    L->n = out;
    return ST_OK;
}

/* A name used once before the first recurring speaker ("对话：人工智能与
 * 教育", "Interview: …") is a title, not a speaker; after the last one
 * ("责任编辑：王丽", "分享到：…") it is a footer's — unless what it labels
 * reads as speech (a reporter's one question: scan_para_speaks). */
static void alt_drop_title_labels(scan *sc)
{
    for (size_t i = 0; i < sc->nparas; i++) {
        scan_para *sp = &sc->paras[i];
        if (sp->orphan || sp->name < 0)
            continue;
        if (sc->names[sp->name].count >= 2)
            break;
        if (!scan_para_speaks(sc, sp))
            scan_drop_label(sc, sp);
    }
    for (size_t i = sc->nparas; i-- > 0;) {
        scan_para *sp = &sc->paras[i];
        if (sp->orphan || sp->name < 0)
            continue;
        if (sc->names[sp->name].count >= 2)
            break;
        if (!scan_para_speaks(sc, sp))
            scan_drop_label(sc, sp);
    }
}

/* Paragraphs to units and notes. */
static status alt_units(alt_plan *p)
{
    scan *sc = &p->sc;
    alt_drop_title_labels(sc);
    uint32_t titles = 0, title = 0; /* title pair ids */
    unsigned title_langs = 0;
    for (size_t i = 0; i < sc->nparas; i++) {
        const scan_para *sp = &sc->paras[i];
        if (sp->note) { /* 译者注：…, Note: …; an editor's note heading the text is its intro */
            doc_note_kind k = p->L.n ? DOC_NOTE_ANNOTATION : DOC_NOTE_INTRO;
            if (!pair_add_note(&p->L, k, sc->source, sp->first, sp->last))
                return ST_NO_MEMORY;
            continue;
        }
        if (sp->orphan || sp->lang == LANG_NONE) {
            bool marker = sp->orphan && sp->name >= 0 &&
                          scan_has_marker_word(sc->names[sp->name].name,
                                               strlen(sc->names[sp->name].name));
            p->noise++;
            if (!pair_add_note(&p->L, marker ? DOC_NOTE_MARKER : DOC_NOTE_NOISE, sc->source,
                               alt_top(sp), sp->last))
                return ST_NO_MEMORY;
            continue;
        }
        pair_unit u = {0};
        /* a title and its translation (furniture.h: a heading in both
         * languages, or two neighbouring ones) share an id: one block */
        if (scan_line_at(sc, sp->first)->flags & FURN_ALONE) {
            if (!title || title_langs & (1u << sp->lang))
                title = ++titles, title_langs = 0;
            title_langs |= 1u << sp->lang;
        } else {
            title = 0;
        }
        u.title = title;
        u.lang = sp->lang;
        u.source = sc->source;
        u.first = sp->first;
        u.last = sp->last;
        u.name = -1;
        u.start_ms = scan_para_time(sc, sp); /* [00:01:23] Host: */
        u.end_ms = -1;
        u.marker = sp->name < 0 && scan_para_is_marker(sc, sp);
        if (sp->name >= 0) {
            size_t ln;
            u.label = scan_label_text(sc, sp->label_line, &ln);
            u.label_len = (uint32_t)ln;
            u.label_line = sp->label_line;
            u.name = pair_name(&p->L, sc->names[sp->name].name);
            u.own_name = true;
            if (u.name < 0)
                return ST_NO_MEMORY;
            p->labelled++;
        }
        char *owned;
        u.text = scan_para_text(sc, sp, &owned, &u.len);
        if (!u.text)
            return ST_NO_MEMORY;
        u.owned = owned != NULL;
        if (!pair_add(&p->L, &u))
            return ST_NO_MEMORY;
        p->nlang[u.lang]++;
    }
    status st = alt_peel_ends(p);
    p->nunits = p->L.n;
    return st;
}

/* The language more transitions start from; the first unit's on a tie. */
static void alt_first_language(alt_plan *p)
{
    const pair_list *L = &p->L;
    for (size_t i = 1; i < L->n; i++)
        if (L->units[i].lang != L->units[i - 1].lang && !L->units[i].title &&
            !L->units[i - 1].title) { /* a title pair is a block of its own */
            p->alternations++;
            p->transitions[L->units[i - 1].lang]++;
        }
    if (p->transitions[LANG_ZH] != p->transitions[LANG_EN])
        p->first = p->transitions[LANG_ZH] > p->transitions[LANG_EN] ? LANG_ZH : LANG_EN;
    else
        p->first = L->n ? (lang_id)L->units[0].lang : LANG_ZH;
}

/* Is the unit's name known to belong to both languages (used in both, or
 * paired with a name of the other)? Only such names can be compared with
 * a name of the other language. */
static bool alt_comparable(const pair_list *L, const uint8_t *mask, int32_t name)
{
    return name >= 0 && mask[pair_same(L, name)] == 3;
}

typedef struct alt_block {
    uint32_t title;                /* the title pair it holds, 0: none */
    bool open, has_other;
    bool forced;                   /* opened by a label of a new speaker */
    uint8_t lang;                  /* the language it started with */
    int32_t who[LANG_SIDES];       /* first own name per language */
    int32_t any[LANG_SIDES];       /* first name per language, inherited too */
} alt_block;

/* Does labelled unit u start a new turn in block b? */
static bool alt_new_speaker(const pair_list *L, const uint8_t *mask, const alt_block *b,
                            const pair_unit *u)
{
    int l = u->lang, o = 1 - l;
    if (b->any[l] >= 0 && b->any[l] != u->name)
        return true;
    if (b->who[o] < 0)
        return false;
    bool a = alt_comparable(L, mask, b->who[o]), z = alt_comparable(L, mask, u->name);
    if (a && z)
        return pair_same(L, b->who[o]) != pair_same(L, u->name);
    /* someone known in both languages is not a name seen in one only (an
     * untranslated stray); two names seen in one language each may be one
     * person, whose translation this is */
    return a != z;
}

/* Sets every unit's block; `speakers` lets labels start blocks. */
static status alt_blocks(alt_plan *p, bool speakers)
{
    pair_list *L = &p->L;
    uint8_t *mask = calloc(L->nnames ? L->nnames : 1, 1);
    if (!mask)
        return ST_NO_MEMORY;
    for (size_t i = 0; i < L->n; i++) {
        const pair_unit *u = &L->units[i];
        if (u->own_name)
            mask[pair_same(L, u->name)] |= (uint8_t)(1u << u->lang);
    }
    alt_block b = {0, false, false, false, 0, {-1, -1}, {-1, -1}};
    uint32_t id = 0;
    uint8_t order = (uint8_t)p->first; /* the language this turn's blocks start with */
    p->blocks = p->two_sided = 0;
    for (size_t i = 0; i < L->n; i++) {
        pair_unit *u = &L->units[i];
        bool fresh = !b.open, forced = false;
        if (!fresh && (u->title || b.title)) {
            fresh = u->title != b.title; /* a title pair is a block of its own */
        } else if (!fresh && speakers && u->own_name && alt_new_speaker(L, mask, &b, u)) {
            fresh = forced = true;
            /* a new turn, in the order its speaker uses (when we know who
             * that is in both languages: not an untranslated stray) */
            if (alt_comparable(L, mask, u->name))
                order = u->lang;
        } else if (!fresh && u->lang == b.lang) {
            fresh = b.has_other;
        } else if (!fresh) {
            /* a block opened in the other order is one-sided, unless a new
             * speaker's label opened it and this is a labelled translation */
            fresh = b.lang != order && !(b.forced && u->own_name);
        }
        if (fresh) {
            if (b.open)
                id++;
            b = (alt_block){u->title, true, false, forced, u->lang, {-1, -1}, {-1, -1}};
            p->blocks++;
        } else if (u->lang != b.lang && !b.has_other) {
            b.has_other = true;
            p->two_sided++;
        }
        if (u->own_name && b.who[u->lang] < 0)
            b.who[u->lang] = u->name;
        if (b.any[u->lang] < 0)
            b.any[u->lang] = u->name;
        u->block = id;
    }
    free(mask);
    return ST_OK;
}

/* Counts the blocks that open with "Label: text" and have their
 * translation on the next line. */
static void alt_count_inline(alt_plan *p)
{
    const pair_list *L = &p->L;
    p->inline_pairs = 0;
    for (size_t i = 0; i < L->n;) {
        size_t j = i + 1;
        while (j < L->n && L->units[j].block == L->units[i].block)
            j++;
        const pair_unit *a = &L->units[i];
        size_t k = i + 1;
        while (k < j && L->units[k].lang == a->lang)
            k++;
        if (k < j && a->own_name && a->label_line == a->first) {
            const pair_unit *last = &L->units[k - 1], *b = &L->units[k];
            uint32_t top = b->label_line && b->label_line < b->first ? b->label_line : b->first;
            p->inline_pairs += top == last->last + 1;
        }
        i = j;
    }
}

status alt_plan_make(const doc *d, format_scans *scans, bool take, alt_plan *p)
{
    memset(p, 0, sizeof *p);
    pair_init(&p->L);
    status st = scan_set_use(scans, d, 0, take, &p->sc);
    if (st == ST_OK)
        st = alt_units(p);
    if (st == ST_OK) {
        alt_first_language(p);
        pair_inherit(&p->L);
        st = alt_blocks(p, false);
    }
    /* who is who from the plain blocks, then blocks that follow the
     * speakers, then again from those (a speaker whose turns open in the
     * other language is learned only there) */
    for (int round = 0; round < 2 && st == ST_OK; round++) {
        st = pair_learn(&p->L);
        if (st == ST_OK)
            st = alt_blocks(p, true);
    }
    if (st == ST_OK)
        st = pair_learn(&p->L);
    if (st == ST_OK)
        alt_count_inline(p);
    if (st != ST_OK)
        alt_plan_free(p);
    return st;
}

double alt_alternation(const alt_plan *p)
{
    size_t a = p->nlang[LANG_ZH], b = p->nlang[LANG_EN];
    if (a < 2 || b < 2 || p->nunits < 4)
        return 0.0;
    double r = (double)p->alternations / (double)(p->nunits - 1);
    double balance = a < b ? (double)a / (double)b : (double)b / (double)a;
    return balance >= 0.5 ? r : r * balance * 2.0;
}

double alt_inline_share(const alt_plan *p)
{
    return p->two_sided ? (double)p->inline_pairs / (double)p->two_sided : 0.0;
}

void alt_evidence(const alt_plan *p, char *ev)
{
    size_t used = 0;
    ev[0] = '\0';
    pair_ev(ev, &used, "paragraphs: %zu zh, %zu en; %zu of %zu neighbours change language (%s first)\n",
       p->nlang[LANG_ZH], p->nlang[LANG_EN], p->alternations, p->nunits ? p->nunits - 1 : 0,
       lang_code(p->first));
    pair_ev(ev, &used, "blocks: %zu, %zu with both languages, %zu of them \"Label: text\" with the translation "
       "on the next line\n", p->blocks, p->two_sided, p->inline_pairs);
    const scan *sc = &p->sc;
    pair_ev(ev, &used, "labels: %zu paragraphs, %zu names:", p->labelled, p->L.nnames);
    for (size_t k = 0; k < sc->nnames && used + 40 < FORMAT_EVIDENCE_MAX; k++)
        if (sc->names[k].count)
            pair_ev(ev, &used, " %s x%u", sc->names[k].name, sc->names[k].count);
    pair_ev(ev, &used, "\n");
    if (p->noise)
        pair_ev(ev, &used, "%zu paragraphs of neither language or labels owning no text\n", p->noise);
    scan_furniture_evidence(sc, ev, FORMAT_EVIDENCE_MAX, &used);
    pair_ev_end(ev, used);
}

status alt_parse(doc *d, format_scans *scans, unsigned flags, char *why)
{
    why[0] = '\0';
    if (d->nsources != 1) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "this layout reads one file");
        return ST_BAD_FORMAT;
    }
    alt_plan p;
    status st = alt_plan_make(d, scans, true, &p);
    if (st == ST_OK && (st = scan_adopt(d, &p.sc)) != ST_OK)
        alt_plan_free(&p);
    if (st != ST_OK)
        return st;
    if (p.nunits == 0) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "no paragraph in Chinese or English");
        alt_plan_free(&p);
        return ST_NOT_TRANSCRIPT;
    }
    p.L.line_map = p.sc.doc_line; /* the units speak of the scan's lines */
    st = pair_emit(d, &p.L, flags);
    if (st == ST_OK)
        st = scan_add_furniture_notes(d, &p.sc);
    alt_plan_free(&p);
    return st;
}
