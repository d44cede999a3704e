/* scan — lines, labels, languages and paragraphs of one source. */
#include "scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "grow.h"
#include "label.h"
#include "text.h"

/* Lines longer than this are not measured: at 4 bytes a column at most
 * (CJK takes 1.5) they are wider than any hard wrap. */
#define SCAN_MEASURE_BYTES (4 * SCAN_MAX_WRAP)
/* Hard-wrapped text is at most this wide, and at least this. */
#define SCAN_MAX_WRAP 160
#define SCAN_MIN_WRAP 16

/* ---- small helpers ---------------------------------------------------------- */

static const char *scan_buf(const scan *sc)
{
    return sc->d->sources[sc->source].text.buf;
}

const scan_line *scan_line_at(const scan *sc, uint32_t line)
{
    return &sc->lines[line - 1];
}

/* The text of a line: after its label or indentation, trailing spaces cut. */
static const char *scan_line_text(const scan *sc, const scan_line *l, size_t *n)
{
    const char *s = scan_buf(sc) + l->start + l->text;
    size_t len = l->len - l->text;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len >= 3 && memcmp(s + len - 3, "\xe3\x80\x80", 3) == 0) /* ideographic space */
        len -= 3;
    *n = len;
    return s;
}

const char *scan_label_text(const scan *sc, uint32_t line, size_t *len)
{
    const scan_line *l = scan_line_at(sc, line);
    *len = l->label_len;
    return l->label_len ? scan_buf(sc) + l->start + l->label_start : NULL;
}

int64_t scan_para_time(const scan *sc, const scan_para *p)
{
    if (!p->label_line || p->name < 0)
        return -1;
    const scan_line *l = scan_line_at(sc, p->label_line);
    label_match m;
    if (!l->label_len || !l->timed || !label_match_line(scan_buf(sc) + l->start, l->len, &m))
        return -1; /* (asked again: only timed label lines are; a line keeps no time) */
    return m.time_ms;
}

/* The last code point of s[0, n), 0 when empty. */
static int32_t scan_last_cp(const char *s, size_t n)
{
    if (!n)
        return 0;
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && n - i < 4)
        i--;
    int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp) <= 0)
        return 0xFFFD;
    return cp;
}

static int32_t scan_first_cp(const char *s, size_t n)
{
    int32_t cp;
    if (!n || utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp) <= 0)
        return 0;
    return cp;
}

bool scan_ends_with_colon(const scan *sc, uint32_t line)
{
    size_t n;
    const char *s = scan_line_text(sc, scan_line_at(sc, line), &n);
    int32_t cp = scan_last_cp(s, n);
    return cp == ':' || cp == 0xFF1A;
}

/* CJK letters and the punctuation and full-width forms that go with them:
 * what joins to its neighbour line without a space. */
static bool scan_is_cjkish(int32_t cp)
{
    return lang_is_cjk((uint32_t)cp) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x2E80 && cp <= 0x2FDF);
}

/* Does a line that ends with cp end a sentence? Closing quotes and
 * brackets are looked through by the caller. */
static bool scan_is_sentence_end(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 ||
           cp == 0xFF1F || cp == 0x2026 || cp == 0xFF0E || cp == ':' || cp == 0xFF1A;
}

static bool scan_is_closing_quote(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == ')' ||
           cp == 0xFF09 || cp == 0x300D || cp == 0x300F;
}

/* The last code point of a line's text before up to two closing quotes
 * or brackets ("好吗？」" ends with ？). */
static int32_t scan_last_cp_in_quotes(const scan *sc, const scan_line *l)
{
    size_t n;
    const char *s = scan_line_text(sc, l, &n);
    int32_t cp = scan_last_cp(s, n);
    for (int k = 0; k < 2 && scan_is_closing_quote(cp) && n; k++) {
        size_t cut = n - 1;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        n = cut;
        cp = scan_last_cp(s, n);
    }
    return cp;
}

static bool scan_line_ends_sentence(const scan *sc, const scan_line *l)
{
    return scan_is_sentence_end(scan_last_cp_in_quotes(sc, l));
}

/* A fast path for printable ASCII, CJK ideographs (U+4E00-U+9FFF), CJK
 * punctuation (U+3001-U+3029) and full-width forms (U+FF01-U+FF60), whose
 * widths are fixed; anything else (tabs, marks, ambiguous characters)
 * measures the whole line the one true way. */
uint32_t scan_text_width(const char *s, size_t n)
{
    uint32_t w = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F) {
            w++;
            i++;
            continue;
        }
        if (i + 2 < n) {
            unsigned char c1 = (unsigned char)s[i + 1], c2 = (unsigned char)s[i + 2];
            bool cont = (c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80;
            uint32_t cp = cont ? ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(c1 & 0x3F) << 6) | (c2 & 0x3F)
                               : 0;
            if (cont && (c & 0xF0) == 0xE0 &&
                ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3001 && cp <= 0x3029) ||
                 (cp >= 0xFF01 && cp <= 0xFF60))) {
                w += 2;
                i += 3;
                continue;
            }
        }
        return (uint32_t)text_width(s, n);
    }
    return w;
}

/* ---- names -------------------------------------------------------------------- */

static uint64_t scan_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static bool scan_hash_grow(scan *sc)
{
    size_t cap = sc->hash_cap ? sc->hash_cap * 2 : 64;
    int32_t *h = malloc(cap * sizeof *h);
    if (!h)
        return false;
    for (size_t i = 0; i < cap; i++)
        h[i] = -1;
    for (size_t k = 0; k < sc->nnames; k++) {
        size_t i = scan_hash_str(sc->names[k].name) & (cap - 1);
        while (h[i] >= 0)
            i = (i + 1) & (cap - 1);
        h[i] = (int32_t)k;
    }
    free(sc->hash);
    sc->hash = h;
    sc->hash_cap = cap;
    return true;
}

/* The index of name (with its parenthesised part), added when new; -1
 * when memory runs out. */
static int32_t scan_intern(scan *sc, const char *name, const char *paren, uint32_t line)
{
    if ((sc->nnames + 1) * 2 > sc->hash_cap && !scan_hash_grow(sc))
        return -1;
    size_t i = scan_hash_str(name) & (sc->hash_cap - 1);
    for (; sc->hash[i] >= 0; i = (i + 1) & (sc->hash_cap - 1))
        if (strcmp(sc->names[sc->hash[i]].name, name) == 0)
            return sc->hash[i];
    if (!GROW(sc->names, sc->names_cap, sc->nnames + 1))
        return -1;
    scan_name *nm = &sc->names[sc->nnames];
    memset(nm, 0, sizeof *nm);
    nm->name = strdup(name);
    nm->paren = strdup(paren);
    if (!nm->name || !nm->paren) {
        free(nm->name);
        free(nm->paren);
        return -1;
    }
    nm->first_line = line;
    sc->hash[i] = (int32_t)sc->nnames;
    return (int32_t)sc->nnames++;
}

/* The index of an interned name, -1 when there is none. */
static int32_t scan_find(const scan *sc, const char *name)
{
    if (!sc->hash_cap)
        return -1;
    size_t i = scan_hash_str(name) & (sc->hash_cap - 1);
    for (; sc->hash[i] >= 0; i = (i + 1) & (sc->hash_cap - 1))
        if (strcmp(sc->names[sc->hash[i]].name, name) == 0)
            return sc->hash[i];
    return -1;
}

/* `B:` after `Lionel Barber (B):` is the same speaker: a short name that
 * an earlier name gave in parentheses resolves to that name. One hash
 * look-up per name, so thousands of distinct names cost nothing. */
static void scan_resolve_all(const scan *sc, int32_t *resolved)
{
    for (size_t k = 0; k < sc->nnames; k++)
        resolved[k] = (int32_t)k;
    for (size_t k = 0; k < sc->nnames; k++) {
        const scan_name *nm = &sc->names[k];
        if (!nm->paren[0] || strlen(nm->paren) > 12)
            continue;
        int32_t j = scan_find(sc, nm->paren);
        if (j >= 0 && j != (int32_t)k && sc->names[j].first_line > nm->first_line &&
            resolved[j] == j)
            resolved[j] = (int32_t)k;
    }
}

/* ---- lines -------------------------------------------------------------------- */

/* The lines the scan reads, from the furniture's pieces: text pieces,
 * blank lines (but those passed over), and a blank line for furniture
 * that ends a paragraph. Sets each line's bytes and flags, and the map to
 * the doc's lines. */
static status scan_compact(scan *sc)
{
    const doc_source *src = &sc->d->sources[sc->source];
    const furn *f = &sc->furn;
    if (f->whole) {
        sc->nlines = src->text.nlines;
        sc->lines = malloc((sc->nlines ? sc->nlines : 1) * sizeof *sc->lines);
        if (!sc->lines)
            return ST_NO_MEMORY;
        for (size_t i = 0; i < sc->nlines; i++)
            sc->lines[i] = (scan_line){.start = src->text.lines[i].start,
                                       .len = src->text.lines[i].len,
                                       .lang = f->lang ? f->lang[i] : FURN_LANG_UNKNOWN};
        return ST_OK;
    }
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        const furn_piece *pc = &f->pieces[i];
        n += pc->kind == FURN_TEXT || (pc->kind == FURN_BLANK && !(pc->flags & FURN_SKIP)) ||
             (pc->flags & FURN_BREAK);
    }
    sc->lines = malloc((n ? n : 1) * sizeof *sc->lines);
    sc->doc_line = malloc((n ? n : 1) * sizeof *sc->doc_line);
    if (!sc->lines || !sc->doc_line)
        return ST_NO_MEMORY;
    for (size_t i = 0; i < f->n; i++) {
        const furn_piece *pc = &f->pieces[i];
        bool text = pc->kind == FURN_TEXT;
        if (!text && !(pc->kind == FURN_BLANK && !(pc->flags & FURN_SKIP)) && !(pc->flags & FURN_BREAK))
            continue;
        const text_line *tl = &src->text.lines[pc->line - 1];
        bool whole = text && pc->start == tl->start && pc->len == tl->len;
        sc->lines[sc->nlines] = (scan_line){.start = pc->start, .len = text ? pc->len : 0,
                                            .flags = text ? pc->flags : 0,
                                            .lang = whole && f->lang ? f->lang[pc->line - 1]
                                                                     : FURN_LANG_UNKNOWN};
        sc->doc_line[sc->nlines++] = (uint32_t)i + 1;
    }
    return ST_OK;
}

static status scan_lines(scan *sc)
{
    const char *buf = scan_buf(sc);
    for (size_t i = 0; i < sc->nlines; i++) {
        scan_line *l = &sc->lines[i];
        uint32_t start = l->start, len = l->len;
        uint8_t flags = l->flags, known = l->lang; /* the furniture's count, when it made one */
        *l = (scan_line){.start = start, .len = len, .name = -1, .lang = LANG_NONE, .flags = flags};
        const char *s = buf + start;
        size_t a = 0;
        while (a < len && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (a + 3 <= len && memcmp(s + a, "\xe3\x80\x80", 3) == 0)
            a += 3;
        if (a == len) {
            l->blank = true;
            continue;
        }
        l->text = (uint32_t)a;
        label_match m;
        size_t note_text;
        /* a line glued to the one before starts in mid-sentence: no label,
         * no note's label either */
        bool glued = flags & FURN_GLUE;
        bool label = !glued && label_match_line(s, len, &m); /* (never a note's) */
        if (!label && !glued && label_note_line(s, len, &note_text)) {
            l->note = true; /* the whole line is the note's, its label included */
        } else if (label) {
            l->name = scan_intern(sc, m.name, m.paren, (uint32_t)i + 1);
            if (l->name < 0)
                return ST_NO_MEMORY;
            l->label_start = (uint32_t)m.start;
            l->label_len = (uint32_t)m.len;
            l->text = (uint32_t)m.text;
            l->alone = m.alone;
            l->timed = m.time_ms >= 0;
            sc->label_lines++;
            sc->alone_labels += m.alone;
        }
        size_t n = len - l->text;
        l->lang = l->label_len == 0 && known != FURN_LANG_UNKNOWN ? known
                  : (uint8_t)lang_detect(s + l->text, n);
        l->width = n > SCAN_MEASURE_BYTES ? SCAN_WIDE : scan_text_width(s + l->text, n);
        if (l->width > SCAN_WIDE)
            l->width = SCAN_WIDE;
    }
    /* abbreviations, then counts under the resolved names */
    int32_t *resolved = malloc((sc->nnames ? sc->nnames : 1) * sizeof *resolved);
    if (!resolved)
        return ST_NO_MEMORY;
    scan_resolve_all(sc, resolved);
    for (size_t i = 0; i < sc->nlines; i++) {
        scan_line *l = &sc->lines[i];
        if (l->name < 0)
            continue;
        l->name = resolved[l->name];
        sc->names[l->name].count++;
        sc->names[l->name].alone += l->alone;
    }
    free(resolved);
    return ST_OK;
}

static void scan_unlabel_line(scan *sc, scan_line *l);

/* ---- hard wrapping ------------------------------------------------------------- */

static int scan_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* A text line that a paragraph may continue onto: not blank, no label. */
static bool scan_is_plain(const scan_line *l)
{
    return !l->blank && l->name < 0;
}

/* Decides, for language lg, whether its lines are hard-wrapped and at what
 * width: the 90th percentile of its line widths, when at most SCAN_MAX_WRAP
 * columns, with the lines that reach 3/4 of it and go on into another line
 * mostly not ending a sentence (a one-paragraph-per-line file ends nearly
 * every line with one). */
static status scan_detect_wrap(scan *sc, lang_id lg)
{
    size_t k = 0;
    uint32_t *w = malloc((sc->nlines ? sc->nlines : 1) * sizeof *w);
    if (!w)
        return ST_NO_MEMORY;
    for (size_t i = 0; i < sc->nlines; i++)
        if (!sc->lines[i].blank && !sc->lines[i].alone && sc->lines[i].lang == lg)
            w[k++] = sc->lines[i].width;
    sc->wrapped[lg] = false;
    sc->wrap_width[lg] = 0;
    if (k >= 3) {
        qsort(w, k, sizeof *w, scan_cmp_u32);
        uint32_t width = w[k - 1 - k / 10]; /* the 90th percentile */
        size_t full_on = 0, full_on_end = 0;
        for (size_t i = 0; i + 1 < sc->nlines; i++) {
            const scan_line *l = &sc->lines[i], *next = &sc->lines[i + 1];
            if (l->blank || l->alone || l->lang != lg || l->width * 4 < width * 3)
                continue;
            if (!scan_is_plain(next) || (next->lang != lg && next->lang != LANG_NONE))
                continue;
            full_on++;
            full_on_end += scan_line_ends_sentence(sc, l);
        }
        if (width >= SCAN_MIN_WRAP && width <= SCAN_MAX_WRAP && full_on >= 1 &&
            full_on_end * 2 < full_on) {
            sc->wrapped[lg] = true;
            sc->wrap_width[lg] = width;
        }
    }
    free(w);
    return ST_OK;
}

/* Blank lines separate paragraphs when there is about one blank gap per
 * five non-blank lines or more. */
static void scan_detect_blank_separated(scan *sc)
{
    size_t nonblank = 0, gaps = 0;
    bool seen = false, blank_since = false;
    for (size_t i = 0; i < sc->nlines; i++) {
        if (sc->lines[i].blank) {
            blank_since = seen;
            continue;
        }
        nonblank++;
        gaps += blank_since;
        blank_since = false;
        seen = true;
    }
    sc->blank_separated = gaps > 0 && gaps * 5 >= nonblank;
}

/* Would line b continue the paragraph whose last line is a, were b plain? */
static bool scan_joinable(const scan *sc, uint32_t a, uint32_t b, lang_id para_lang)
{
    const scan_line *la = scan_line_at(sc, a), *lb = scan_line_at(sc, b);
    if (b != a + 1 || lb->blank || ((la->flags | lb->flags) & FURN_ALONE) || (lb->flags & FURN_CUT))
        return false;
    if (lb->flags & FURN_GLUE)
        return true; /* across an inline tag: one paragraph, whatever the words */
    lang_id lg = para_lang != LANG_NONE ? para_lang : (lang_id)la->lang;
    if (lb->flags & FURN_JOIN) /* inside a <p>, or across a page break */
        return lg == LANG_NONE || lb->lang == lg || lb->lang == LANG_NONE;
    if (lg == LANG_NONE || (lb->lang != lg && lb->lang != LANG_NONE) || !sc->wrapped[lg])
        return false;
    if (sc->blank_separated)
        return true;
    /* Without blank lines, a paragraph ends at a line that falls short of
     * the wrap width. A greedy wrapper fills every line but the last to
     * within a word of the width, so a line that ends a sentence must come
     * closer to it (9/10) than one that does not (3/4) to go on. */
    uint32_t w = sc->wrap_width[lg];
    if (la->width * 4 < w * 3)
        return false;
    return la->width * 10 >= w * 9 || !scan_line_ends_sentence(sc, la);
}

/* May line b (1-based) continue the paragraph whose last line is a? */
static bool scan_continues(const scan *sc, uint32_t a, uint32_t b, lang_id para_lang)
{
    return scan_is_plain(scan_line_at(sc, b)) && scan_joinable(sc, a, b, para_lang);
}

/* Hard wrapping can put any word at the start of a line: "Beijing: in 2014"
 * inside a wrapped paragraph is not a speaker. A label used only once, on a
 * line that would continue the paragraph, is taken back. */
static void scan_unlabel_if_wrapped(scan *sc, uint32_t last, uint32_t i, lang_id para_lang)
{
    scan_line *l = &sc->lines[i - 1];
    if (l->name < 0 || l->alone || sc->names[l->name].count != 1 ||
        !scan_joinable(sc, last, i, para_lang))
        return;
    scan_unlabel_line(sc, l);
}

/* Takes back the label of line l: its text starts where the label did. */
static void scan_unlabel_line(scan *sc, scan_line *l)
{
    const char *s = scan_buf(sc) + l->start;
    size_t a = l->label_start;
    sc->names[l->name].count--;
    sc->label_lines--;
    l->name = -1;
    l->label_len = 0;
    l->text = (uint32_t)a;
    size_t n = l->len - a;
    l->lang = (uint8_t)lang_detect(s + a, n);
    l->width = n > SCAN_MEASURE_BYTES ? SCAN_WIDE : scan_text_width(s + a, n);
    if (l->width > SCAN_WIDE)
        l->width = SCAN_WIDE;
}

void scan_drop_label(scan *sc, scan_para *p)
{
    if (p->orphan || p->name < 0 || p->label_line != p->first)
        return;
    scan_unlabel_line(sc, &sc->lines[p->first - 1]);
    p->name = -1;
    p->label_line = 0;
}

/* ---- paragraphs ----------------------------------------------------------------- */

static bool scan_push(scan *sc, size_t *cap, const scan_para *p)
{
    if (!GROW(sc->paras, *cap, sc->nparas + 1))
        return false;
    sc->paras[sc->nparas++] = *p;
    return true;
}

static lang_id scan_para_lang(const scan *sc, const scan_para *p)
{
    if (p->first == p->last)
        return (lang_id)scan_line_at(sc, p->first)->lang;
    lang_counts c = {0};
    for (uint32_t k = p->first; k <= p->last; k++) {
        size_t n;
        const char *s = scan_line_text(sc, scan_line_at(sc, k), &n);
        lang_count(s, n, &c);
    }
    return lang_classify(&c);
}

/* A label alone owns the text that follows it: when that text opens with
 * "Word：" (最后一个问题：你对…) and Word is never a label alone anywhere,
 * while the waiting label is one that recurs alone — or Word is used only
 * there (【民生周刊记者】, a reporter who asks once, then 最后一个问题：…)
 * — Word is the turn's own text, not a speaker taking over. */
static bool scan_inline_is_text(const scan *sc, const scan_line *waiting, const scan_line *l)
{
    return waiting->name >= 0 && sc->names[l->name].alone == 0 &&
           (sc->names[waiting->name].alone >= 2 || sc->names[l->name].count == 1);
}

static status scan_paragraphs(scan *sc)
{
    size_t cap = 0;
    scan_para cur = {0};
    bool open = false;
    uint32_t pending = 0; /* a label alone waiting for its text */
    for (uint32_t i = 1; i <= sc->nlines; i++) {
        const scan_line *l = scan_line_at(sc, i);
        if (l->blank)
            continue;
        if (open && !pending)
            scan_unlabel_if_wrapped(sc, cur.last, i, (lang_id)cur.lang);
        bool cont = open && !pending && !l->note && scan_continues(sc, cur.last, i, (lang_id)cur.lang);
        if (cont) {
            cur.last = i;
            if (cur.lang == LANG_NONE)
                cur.lang = l->lang;
            continue;
        }
        if (open) {
            cur.lang = (uint8_t)scan_para_lang(sc, &cur);
            if (!scan_push(sc, &cap, &cur))
                return ST_NO_MEMORY;
            open = false;
        }
        if (pending && l->name >= 0 && !l->alone &&
            scan_inline_is_text(sc, scan_line_at(sc, pending), l))
            scan_unlabel_line(sc, &sc->lines[i - 1]); /* the waiting label owns it */
        if (pending && (l->name >= 0 || (l->flags & FURN_ALONE))) {
            /* the waiting label owns nothing: another label comes, or a
             * title (a paragraph of its own) */
            scan_para orphan = {pending, pending, pending, scan_line_at(sc, pending)->name,
                                LANG_NONE, true, false};
            if (!scan_push(sc, &cap, &orphan))
                return ST_NO_MEMORY;
            pending = 0;
        }
        if (l->alone) {
            pending = i;
            continue;
        }
        cur = (scan_para){i, i, 0, -1, l->lang, false, l->note};
        if (l->note) {
            /* a note between a label and its text leaves the label waiting */
        } else if (l->name >= 0) {
            cur.label_line = i;
            cur.name = l->name;
        } else if (pending) {
            cur.label_line = pending;
            cur.name = scan_line_at(sc, pending)->name;
            pending = 0;
        }
        open = true;
    }
    if (open) {
        cur.lang = (uint8_t)scan_para_lang(sc, &cur);
        if (!scan_push(sc, &cap, &cur))
            return ST_NO_MEMORY;
    }
    if (pending) {
        scan_para orphan = {pending, pending, pending, scan_line_at(sc, pending)->name,
                            LANG_NONE, true, false};
        if (!scan_push(sc, &cap, &orphan))
            return ST_NO_MEMORY;
    }
    return ST_OK;
}

/* ---- the set: the scans of a document's sources, handed on --------------------- */

void scan_set_init(format_scans *set, const doc *d)
{
    memset(set, 0, sizeof *set);
    set->d = d;
}

void scan_set_free(format_scans *set)
{
    if (!set)
        return;
    for (int k = 0; k < SCAN_SET_SOURCES; k++)
        if (set->have[k])
            scan_free(&set->kept[k]);
    memset(set, 0, sizeof *set);
}

static bool scan_copy_array(void **to, const void *from, size_t n, size_t size)
{
    *to = NULL;
    if (!from)
        return true;
    *to = malloc((n ? n : 1) * size);
    if (*to && n)
        memcpy(*to, from, n * size);
    return *to != NULL;
}

/* A copy of *from that owns its arrays; false when memory runs out. */
static bool scan_copy(scan *to, const scan *from)
{
    *to = *from;
    /* nothing of from's is shared: a failure frees only what was made */
    to->lines = NULL, to->paras = NULL, to->hash = NULL, to->doc_line = NULL;
    to->note_bits = NULL;
    to->furn.pieces = NULL;
    to->names = calloc(from->nnames ? from->nnames : 1, sizeof *to->names);
    to->nnames = 0;
    to->names_cap = from->nnames;
    to->furn.notes = NULL;
    to->furn.lang = NULL;
    to->furn.notes_cap = from->furn.nnotes;
    to->furn.cap = from->furn.n;
    bool ok = to->names &&
              scan_copy_array((void **)&to->lines, from->lines, from->nlines, sizeof *to->lines) &&
              scan_copy_array((void **)&to->paras, from->paras, from->nparas, sizeof *to->paras) &&
              scan_copy_array((void **)&to->hash, from->hash, from->hash_cap, sizeof *to->hash) &&
              scan_copy_array((void **)&to->doc_line, from->doc_line, from->nlines,
                              sizeof *to->doc_line) &&
              scan_copy_array((void **)&to->furn.pieces, from->furn.pieces, from->furn.n,
                              sizeof *to->furn.pieces) &&
              scan_copy_array((void **)&to->furn.notes, from->furn.notes, from->furn.nnotes,
                              sizeof *to->furn.notes) &&
              scan_copy_array((void **)&to->furn.lang, from->furn.lang,
                              from->d->sources[from->source].text.nlines, 1);
    for (size_t k = 0; ok && k < from->nnames; k++) {
        scan_name *n = &to->names[k];
        *n = from->names[k];
        n->name = strdup(from->names[k].name);
        n->paren = strdup(from->names[k].paren);
        to->nnames++;
        ok = n->name && n->paren;
    }
    if (!ok)
        scan_free(to);
    return ok;
}

/* The set's slot for source `source` of d, made when missing; NULL when
 * the set is not of d (or there is none). */
static status scan_set_slot(format_scans *set, const doc *d, uint32_t source, scan **slot)
{
    *slot = NULL;
    if (!set || set->d != d || source >= SCAN_SET_SOURCES)
        return ST_OK;
    if (!set->have[source]) {
        status st = scan_source(d, source, &set->kept[source]);
        if (st != ST_OK)
            return st;
        set->have[source] = true;
    }
    *slot = &set->kept[source];
    return ST_OK;
}

status scan_set_get(format_scans *set, const doc *d, uint32_t source, scan *own,
                    const scan **out)
{
    scan *slot;
    status st = scan_set_slot(set, d, source, &slot);
    if (st != ST_OK)
        return st;
    if (slot) {
        *out = slot;
        return ST_OK;
    }
    *out = own;
    return scan_source(d, source, own);
}

status scan_set_use(format_scans *set, const doc *d, uint32_t source, bool take, scan *out)
{
    scan *slot;
    status st = scan_set_slot(set, d, source, &slot);
    if (st != ST_OK)
        return st;
    if (!slot)
        return scan_source(d, source, out);
    if (!take)
        return scan_copy(out, slot) ? ST_OK : ST_NO_MEMORY;
    *out = *slot; /* the parse takes it: the set keeps none */
    memset(slot, 0, sizeof *slot);
    set->have[source] = false;
    return ST_OK;
}

status scan_source(const doc *d, uint32_t source, scan *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->furn.whole = true;
    if (source >= d->nsources)
        return ST_NOT_TRANSCRIPT;
    sc->d = d;
    sc->source = source;
    const text_decoded *t = &d->sources[source].text;
    status st = furn_make(t->buf, t->lines, t->nlines, &sc->furn);
    if (st == ST_OK)
        st = scan_compact(sc);
    if (st == ST_OK)
        st = scan_lines(sc);
    if (st == ST_OK)
        scan_detect_blank_separated(sc);
    for (int lg = 0; st == ST_OK && lg < LANG_SIDES; lg++)
        st = scan_detect_wrap(sc, (lang_id)lg);
    if (st == ST_OK)
        st = scan_paragraphs(sc);
    if (st != ST_OK)
        scan_free(sc);
    return st;
}

void scan_free(scan *sc)
{
    if (!sc)
        return;
    for (size_t k = 0; k < sc->nnames; k++) {
        free(sc->names[k].name);
        free(sc->names[k].paren);
    }
    free(sc->names);
    free(sc->lines);
    free(sc->paras);
    free(sc->hash);
    free(sc->doc_line);
    free(sc->note_bits);
    furn_free(&sc->furn);
    memset(sc, 0, sizeof *sc);
}

/* ---- the doc's lines ----------------------------------------------------------------- */

uint32_t scan_doc_line(const scan *sc, uint32_t line)
{
    return sc->doc_line && line ? sc->doc_line[line - 1] : line;
}

uint32_t scan_source_line(const scan *sc, uint32_t line)
{
    uint32_t k = scan_doc_line(sc, line);
    if (sc->furn.whole || !k)
        return k;
    return sc->furn.pieces ? sc->furn.pieces[k - 1].line /* after scan_adopt, the doc's */
                           : doc_source_line(sc->d, sc->source, k);
}

status scan_adopt(doc *d, scan *sc)
{
    furn *f = &sc->furn;
    if (f->whole)
        return ST_OK;
    size_t n = f->n;
    uint8_t *roles = malloc(n ? n : 1);
    sc->note_bits = calloc(n / 8 + 1, 1);
    if (!roles || !sc->note_bits) {
        free(roles);
        return ST_NO_MEMORY;
    }
    for (size_t i = 0; i < n; i++) {
        const furn_piece *pc = &f->pieces[i];
        /* notes are the reader's to step around until they are added */
        roles[i] = pc->kind == FURN_TEXT    ? DOC_LINE_UNACCOUNTED
                   : pc->kind == FURN_BLANK ? DOC_LINE_BLANK
                                            : DOC_LINE_MARKUP;
        if (pc->kind == FURN_NOTE)
            sc->note_bits[i / 8] |= (uint8_t)(1u << (i % 8));
    }
    /* the doc's lines are the pieces' first three fields: written over
     * the pieces in place (a doc_piece is no larger than a furn_piece, so
     * none is overwritten before it is read), the array then handed over */
    doc_piece *lines = (doc_piece *)(void *)f->pieces;
    for (size_t i = 0; i < n; i++) {
        doc_piece dp = {f->pieces[i].start, f->pieces[i].len, f->pieces[i].line};
        memcpy(&lines[i], &dp, sizeof dp);
    }
    f->pieces = NULL;
    f->n = f->cap = 0;
    doc_piece *shrunk = realloc(lines, (n ? n : 1) * sizeof *lines);
    return doc_set_lines(d, sc->source, shrunk ? shrunk : lines, n, roles);
}

status scan_add_furniture_notes(doc *d, const scan *sc)
{
    const furn *f = &sc->furn;
    char *text = NULL;
    size_t cap = 0;
    status st = ST_OK;
    uint32_t first = UINT32_MAX, last = 0; /* the source's paragraphs' lines */
    for (int l = 0; l < LANG_SIDES; l++)
        for (size_t i = 0; i < d->nparas[l]; i++) {
            const doc_para *p = &d->paras[l][i];
            if (p->source != sc->source)
                continue;
            uint32_t top = p->label_line && p->label_line < p->first_line ? p->label_line
                                                                          : p->first_line;
            first = top < first ? top : first;
            last = p->last_line > last ? p->last_line : last;
        }
    for (size_t k = 0; k < f->nnotes && st == ST_OK && sc->note_bits; k++) {
        const furn_note *nt = &f->notes[k];
        size_t used = 0;
        for (uint32_t i = nt->first; i <= nt->last; i++) {
            if (!(sc->note_bits[i / 8] & (1u << (i % 8))))
                continue;
            size_t len;
            const char *piece = doc_line(d, sc->source, i + 1, &len);
            if (!GROW(text, cap, used + len + 2)) {
                st = ST_NO_MEMORY;
                break;
            }
            if (used)
                text[used++] = '\n';
            memcpy(text + used, piece, len);
            used += len;
            doc_set_role(d, sc->source, i + 1, DOC_LINE_NOTE);
        }
        doc_note_kind kind = nt->last + 1 < first  ? DOC_NOTE_INTRO
                             : nt->first + 1 > last ? DOC_NOTE_FOOTER
                                                    : DOC_NOTE_NOISE;
        if (st == ST_OK && !doc_add_note(d, kind, sc->source, nt->first + 1, nt->last + 1,
                                         text ? text : "", used))
            st = ST_NO_MEMORY;
        if (st == ST_OK)
            doc_set_note_reason(d, d->nnotes - 1, (doc_note_reason)nt->why);
    }
    free(text);
    return st;
}

void scan_furniture_evidence(const scan *sc, char *ev, size_t cap, size_t *used)
{
    if (*used + 2 >= cap)
        return;
    size_t k = furn_evidence(&sc->furn, ev + *used, cap - *used - 1);
    if (k) {
        *used += k;
        ev[(*used)++] = '\n';
        ev[*used] = '\0';
    }
}

/* ---- paragraph text --------------------------------------------------------------- */

const char *scan_para_text(const scan *sc, const scan_para *p, char **owned, size_t *len)
{
    *owned = NULL;
    if (p->first == p->last)
        return scan_line_text(sc, scan_line_at(sc, p->first), len);
    size_t total = 0;
    for (uint32_t k = p->first; k <= p->last; k++)
        total += scan_line_at(sc, k)->len + 1;
    char *out = malloc(total + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (uint32_t k = p->first; k <= p->last; k++) {
        size_t m;
        const char *s = scan_line_text(sc, scan_line_at(sc, k), &m);
        if (n && m && !(scan_line_at(sc, k)->flags & FURN_GLUE)) {
            /* Chinese joins without a space unless both sides are Latin;
             * English joins with one unless both sides are CJK. */
            bool left = scan_is_cjkish(scan_last_cp(out, n));
            bool right = scan_is_cjkish(scan_first_cp(s, m));
            bool space = p->lang == LANG_ZH ? (!left && !right) : !(left && right);
            if (space)
                out[n++] = ' ';
        }
        memcpy(out + n, s, m);
        n += m;
    }
    out[n] = '\0';
    *owned = out;
    *len = n;
    return out;
}

/* ---- markers ----------------------------------------------------------------------- */

/* True when `word` occurs in s[0, n), ignoring case (strncasecmp's). Only
 * where the first byte matches is the rest compared: these lookups run on
 * most short lines of a file. */
static bool scan_has_word(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    int first = tolower((unsigned char)word[0]);
    for (size_t i = 0; i + k <= n; i++)
        if (tolower((unsigned char)s[i]) == first && strncasecmp(s + i, word, k) == 0)
            return true;
    return false;
}

bool scan_has_marker_word(const char *s, size_t n)
{
    static const char *const words[] = {
        "翻译", "译文", "原文", "双语", "中文版", "英文版", "中英对照",
        "translation", "translated", "original", "english version", "chinese version",
    };
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
        if (scan_has_word(s, n, words[w]))
            return true;
    return false;
}

bool scan_para_is_marker(const scan *sc, const scan_para *p)
{
    if (p->first != p->last || p->label_line == p->first)
        return false;
    const scan_line *l = scan_line_at(sc, p->first);
    const char *s = scan_buf(sc) + l->start;
    if (scan_ends_with_colon(sc, p->first) && l->width <= 200)
        return true;
    /* the first line is the title, whatever words it uses ("【双语】…",
     * "AI会取代翻译吗？") */
    bool first = true;
    for (uint32_t k = 1; k < p->first && first; k++)
        first = scan_line_at(sc, k)->blank;
    return !first && l->width <= 120 && scan_has_marker_word(s, l->len);
}

bool scan_para_speaks(const scan *sc, const scan_para *p)
{
    if (p->orphan || p->note || p->name < 0)
        return false;
    int32_t cp = scan_last_cp_in_quotes(sc, scan_line_at(sc, p->last));
    return cp == '?' || cp == 0xFF1F;
}

bool scan_para_is_boilerplate(const scan *sc, const scan_para *p)
{
    static const char *const words[] = {
        "\xc2\xa9", "(c) ", "copyright", "all rights reserved", "版权", "转载", "原文链接",
        "本文来源", "责任编辑", "校对", "排版", "图片来源", "分享到", "subscribe", "share this",
        "follow us", "related articles", "read more", "show notes", "produced by",
        "photo credit", "image credit", "end of transcript", "相关阅读", "推荐阅读", "关注我们",
        "扫码", "点击阅读", "（完）", "(完)", "全文完", "-end-", "— end —",
    };
    if (p->orphan || p->first != p->last || p->label_line == p->first)
        return false;
    const scan_line *l = scan_line_at(sc, p->first);
    if (l->width > 120)
        return false;
    const char *s = scan_buf(sc) + l->start;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
        if (scan_has_word(s, l->len, words[w]))
            return true;
    return false;
}
