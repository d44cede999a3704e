/* doc — the document model: building it, finishing it, freeing it. */
#include "doc.h"

#include "grow.h"

#include <stdlib.h>
#include <string.h>

/* ---- arena: copied strings live in large blocks freed together ---------- */

struct doc_arena {
    struct doc_arena *next;
    size_t used, size;
    char data[];
};

#define ARENA_BLOCK ((size_t)64 * 1024)

static char *arena_alloc(doc *d, size_t n)
{
    struct doc_arena *a = d->arena;
    if (!a || a->size - a->used < n) {
        size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        struct doc_arena *b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->used = 0;
        b->size = size;
        /* A block made for one big string goes behind the current one, so
         * the current block's free space is not wasted. */
        if (a && size > ARENA_BLOCK) {
            b->next = a->next;
            a->next = b;
        } else {
            b->next = a;
            d->arena = b;
        }
        a = b;
    }
    char *p = a->data + a->used;
    a->used += n;
    return p;
}

char *doc_strdup(doc *d, const char *s, size_t n)
{
    char *p = arena_alloc(d, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Capacities live beside the doc, out of the public struct. */
typedef struct doc_private {
    doc pub;
    size_t cap_sources, cap_speakers, cap_notes, cap_segments;
    size_t cap_paras[LANG_SIDES];
    /* Speaker names hashed, so that interning stays O(1) with 100,000
     * speakers: slots hold index + 1 (0 is empty), open addressing in a
     * power-of-two table kept under half full. A merge renames and shifts
     * speakers, so it marks the table stale and the next intern rebuilds. */
    uint32_t *names;
    size_t cap_names;
    bool names_stale;
} doc_private;

static doc_private *priv(doc *d) { return (doc_private *)d; }

/* ---- lifetime ------------------------------------------------------------ */

doc *doc_new(void)
{
    doc_private *p = calloc(1, sizeof *p);
    return p ? &p->pub : NULL;
}

void doc_free(doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nsources; i++) {
        free(d->sources[i].path);
        text_decoded_free(&d->sources[i].text);
        free(d->sources[i].pieces);
        free(d->sources[i].role);
    }
    free(d->sources);
    for (size_t i = 0; i < d->nspeakers; i++) {
        free(d->speakers[i].name);
        for (size_t k = 0; k < d->speakers[i].nlabels; k++)
            free(d->speakers[i].labels[k]);
        free(d->speakers[i].labels);
    }
    free(d->speakers);
    free(priv(d)->names);
    free(d->notes);
    for (int l = 0; l < LANG_SIDES; l++)
        free(d->paras[l]);
    free(d->segments);
    free(d->layout);
    free(d->evidence);
    for (struct doc_arena *a = d->arena, *next; a; a = next) {
        next = a->next;
        free(a);
    }
    free(priv(d));
}

/* ---- sources and line roles ---------------------------------------------- */

static bool line_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* doc_add_source and doc_add_source_owned: `owned` bytes are handed over. */
static status doc_add_decoded(doc *d, const char *path, const char *bytes, char *owned, size_t n)
{
    doc_private *p = priv(d);
    if (!GROW(d->sources, p->cap_sources, d->nsources + 1)) {
        free(owned);
        return ST_NO_MEMORY;
    }
    doc_source *src = &d->sources[d->nsources];
    memset(src, 0, sizeof *src);
    src->path = strdup(path ? path : "-");
    if (!src->path) {
        free(owned);
        return ST_NO_MEMORY;
    }
    if (owned ? !text_decode_owned(owned, n, &src->text) : !text_decode(bytes, n, &src->text)) {
        free(src->path);
        return ST_NO_MEMORY;
    }
    src->nlines = src->text.nlines;
    src->role = malloc(src->nlines ? src->nlines : 1);
    if (!src->role) {
        free(src->path);
        text_decoded_free(&src->text);
        return ST_NO_MEMORY;
    }
    for (size_t i = 0; i < src->nlines; i++) {
        const text_line *ln = &src->text.lines[i];
        src->role[i] = line_is_blank(src->text.buf + ln->start, ln->len)
                           ? DOC_LINE_BLANK : DOC_LINE_UNACCOUNTED;
    }
    d->nsources++;
    return ST_OK;
}

status doc_add_source(doc *d, const char *path, const char *bytes, size_t n)
{
    return doc_add_decoded(d, path, bytes, NULL, n);
}

status doc_add_source_owned(doc *d, const char *path, char *bytes, size_t n)
{
    return doc_add_decoded(d, path, bytes, bytes, n);
}

status doc_set_lines(doc *d, uint32_t source, doc_piece *p, size_t n, uint8_t *roles)
{
    uint8_t *role = roles ? roles : malloc(n ? n : 1);
    if (source >= d->nsources || !p || !role) {
        free(p);
        free(role);
        return source >= d->nsources ? ST_USAGE : ST_NO_MEMORY;
    }
    doc_source *src = &d->sources[source];
    for (size_t i = 0; i < n && !roles; i++)
        role[i] = line_is_blank(src->text.buf + p[i].start, p[i].len) ? DOC_LINE_BLANK
                                                                      : DOC_LINE_UNACCOUNTED;
    free(src->pieces);
    free(src->role);
    src->pieces = p;
    src->role = role;
    src->nlines = n;
    return ST_OK;
}

/* The bytes of line `line` (valid) of a source. */
static const char *line_bytes(const doc_source *src, uint32_t line, size_t *n)
{
    if (src->pieces) {
        *n = src->pieces[line - 1].len;
        return src->text.buf + src->pieces[line - 1].start;
    }
    *n = src->text.lines[line - 1].len;
    return src->text.buf + src->text.lines[line - 1].start;
}

static bool valid_line(const doc *d, uint32_t source, uint32_t line)
{
    return source < d->nsources && line >= 1 && line <= d->sources[source].nlines;
}

const char *doc_line(const doc *d, uint32_t source, uint32_t line, size_t *n)
{
    *n = 0;
    if (!valid_line(d, source, line))
        return "";
    return line_bytes(&d->sources[source], line, n);
}

uint32_t doc_source_line(const doc *d, uint32_t source, uint32_t line)
{
    if (!valid_line(d, source, line))
        return 0;
    const doc_source *src = &d->sources[source];
    return src->pieces ? src->pieces[line - 1].line : line;
}

size_t doc_line_start(const doc *d, uint32_t source, uint32_t line)
{
    if (!valid_line(d, source, line))
        return 0;
    const doc_source *src = &d->sources[source];
    return src->pieces ? src->pieces[line - 1].start : src->text.lines[line - 1].start;
}

const char *doc_line_trimmed(const doc *d, uint32_t source, uint32_t line, size_t *n)
{
    const char *s = doc_line(d, source, line, n);
    while (*n && (*s == ' ' || *s == '\t'))
        s++, (*n)--;
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
        (*n)--;
    return s;
}

void doc_set_role(doc *d, uint32_t source, uint32_t line, doc_line_role role)
{
    if (valid_line(d, source, line))
        d->sources[source].role[line - 1] = (uint8_t)role;
}

/* ---- speakers ------------------------------------------------------------ */

static bool speaker_add_label(doc_speaker *sp, const char *label, size_t n)
{
    for (size_t k = 0; k < sp->nlabels; k++)
        if (strlen(sp->labels[k]) == n && memcmp(sp->labels[k], label, n) == 0)
            return true;
    char **labels = realloc(sp->labels, (sp->nlabels + 1) * sizeof *labels);
    if (!labels)
        return false;
    sp->labels = labels;
    if (!(labels[sp->nlabels] = strndup(label, n)))
        return false;
    sp->nlabels++;
    return true;
}

static size_t names_hash(const char *s, size_t n)
{
    size_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The slot of `name` in the table: where it is, or the empty slot where it
 * would go. The table must have an empty slot. */
static size_t names_slot(const doc *d, const doc_private *p, const char *name, size_t n)
{
    size_t mask = p->cap_names - 1, at = names_hash(name, n) & mask;
    for (;; at = (at + 1) & mask) {
        uint32_t k = p->names[at];
        if (k == 0)
            return at;
        const char *have = d->speakers[k - 1].name;
        if (strncmp(have, name, n) == 0 && have[n] == '\0')
            return at;
    }
}

/* Makes the table hold every speaker with room for one more, rebuilding it
 * when it is stale or more than half full. */
static bool names_ready(doc *d)
{
    doc_private *p = priv(d);
    if (!p->names_stale && p->names && 2 * (d->nspeakers + 1) <= p->cap_names)
        return true;
    size_t cap = 64;
    while (cap < 2 * (d->nspeakers + 1))
        cap *= 2;
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t)
        return false;
    free(p->names);
    p->names = t;
    p->cap_names = cap;
    p->names_stale = false;
    for (size_t i = 0; i < d->nspeakers; i++) {
        const char *nm = d->speakers[i].name;
        size_t at = names_slot(d, p, nm, strlen(nm));
        if (p->names[at] == 0) /* a merge may leave two of one name: keep the first */
            p->names[at] = (uint32_t)i + 1;
    }
    return true;
}

int doc_intern_speaker(doc *d, const char *name, size_t n, const char *label, size_t labeln)
{
    if (!names_ready(d))
        return -1;
    doc_private *p = priv(d);
    size_t slot = names_slot(d, p, name, n);
    size_t i = p->names[slot] ? p->names[slot] - 1 : d->nspeakers;
    if (i == d->nspeakers) {
        if (!GROW(d->speakers, priv(d)->cap_speakers, d->nspeakers + 1))
            return -1;
        doc_speaker *sp = &d->speakers[i];
        memset(sp, 0, sizeof *sp);
        if (!(sp->name = strndup(name, n)))
            return -1;
        sp->colour = (int)(i % 8);
        d->nspeakers++;
        p->names[slot] = (uint32_t)i + 1;
    }
    if (label) {
        if (!speaker_add_label(&d->speakers[i], label, labeln))
            return -1;
        d->speakers[i].label_lines++;
    }
    return (int)i;
}

/* Rewrites every reference to speaker `from` as `into`, and shifts those
 * above `from` down by one. */
static int speaker_remap(int ref, int into, int from)
{
    if (ref == from)
        ref = into;
    return ref > from ? ref - 1 : ref;
}

void doc_speaker_merge(doc *d, int into, int from, const char *joined_name)
{
    if (into == from || into < 0 || from < 0 || (size_t)into >= d->nspeakers ||
        (size_t)from >= d->nspeakers)
        return;
    doc_speaker *a = &d->speakers[into], *b = &d->speakers[from];
    for (size_t k = 0; k < b->nlabels; k++) {
        speaker_add_label(a, b->labels[k], strlen(b->labels[k]));
        free(b->labels[k]);
    }
    free(b->labels);
    a->label_lines += b->label_lines;
    a->segments += b->segments;
    a->turns += b->turns;
    a->zh_chars += b->zh_chars;
    a->en_words += b->en_words;
    size_t la = strlen(a->name), lb = strlen(b->name);
    char *name = joined_name ? strdup(joined_name) : malloc(la + lb + 4);
    if (name) {
        if (!joined_name) {
            memcpy(name, a->name, la);
            memcpy(name + la, " / ", 3);
            memcpy(name + la + 3, b->name, lb + 1);
        }
        free(a->name);
        a->name = name;
    }
    free(b->name);
    memmove(b, b + 1, (d->nspeakers - (size_t)from - 1) * sizeof *b);
    d->nspeakers--;
    priv(d)->names_stale = true;
    for (int l = 0; l < LANG_SIDES; l++)
        for (size_t i = 0; i < d->nparas[l]; i++)
            d->paras[l][i].speaker = speaker_remap(d->paras[l][i].speaker, into, from);
    for (size_t i = 0; i < d->nsegments; i++)
        d->segments[i].speaker = speaker_remap(d->segments[i].speaker, into, from);
}

/* ---- paragraphs, notes, segments ------------------------------------------ */

/* True when [s, s + n) lies inside one source's sanitised buffer, so it can
 * be shared instead of copied (most paragraphs are single lines). */
static bool inside_a_source(const doc *d, const char *s, size_t n)
{
    for (size_t i = 0; i < d->nsources; i++) {
        const text_decoded *t = &d->sources[i].text;
        if (t->buf && s >= t->buf && s + n <= t->buf + t->len)
            return true;
    }
    return false;
}

long doc_add_para(doc *d, lang_id l, const doc_para *p)
{
    if (l != LANG_ZH && l != LANG_EN)
        return -1;
    if (!GROW(d->paras[l], priv(d)->cap_paras[l], d->nparas[l] + 1))
        return -1;
    doc_para q = *p;
    if (!q.text)
        q.text = "", q.len = 0;
    else if (!inside_a_source(d, q.text, q.len) && !(q.text = doc_strdup(d, p->text, p->len)))
        return -1;
    d->paras[l][d->nparas[l]] = q;
    return (long)d->nparas[l]++;
}

bool doc_add_note(doc *d, doc_note_kind kind, uint32_t source, uint32_t first,
                  uint32_t last, const char *text, size_t len)
{
    if (!GROW(d->notes, priv(d)->cap_notes, d->nnotes + 1))
        return false;
    const char *copy = inside_a_source(d, text, len) ? text : doc_strdup(d, text, len);
    if (!copy)
        return false;
    d->notes[d->nnotes++] = (doc_note){kind, DOC_WHY_NONE, source, first, last, copy, len, 0};
    return true;
}

void doc_set_note_reason(doc *d, size_t note, doc_note_reason reason)
{
    if (note < d->nnotes && reason < DOC_NOTE_REASONS)
        d->notes[note].reason = (uint8_t)reason;
}

bool doc_add_segment(doc *d, const doc_segment *s)
{
    if (!GROW(d->segments, priv(d)->cap_segments, d->nsegments + 1))
        return false;
    d->segments[d->nsegments++] = *s;
    return true;
}

void doc_clear_segments(doc *d)
{
    d->nsegments = 0;
}

void doc_set_layout(doc *d, const char *name, const char *evidence)
{
    free(d->layout);
    free(d->evidence);
    d->layout = strdup(name ? name : "");
    d->evidence = strdup(evidence ? evidence : "");
}

/* ---- finishing ------------------------------------------------------------- */

uint32_t doc_para_words(const doc_para *p, lang_id l)
{
    uint32_t n = 0;
    bool in_word = false;
    for (size_t i = 0; i < p->len; i++) {
        unsigned char c = (unsigned char)p->text[i];
        if (l == LANG_ZH) {
            if (c >= 0x80 ? (c & 0xC0) != 0x80 : (c != ' ' && c != '\t' && c != '\n'))
                n++;
        } else {
            bool space = c == ' ' || c == '\t' || c == '\n';
            if (!space && !in_word)
                n++;
            in_word = !space;
        }
    }
    return n;
}

/* The first source line a segment's text comes from (in source order: the
 * lowest source index, then the lowest line). */
static uint64_t segment_first_line(const doc *d, const doc_segment *s)
{
    uint64_t best = UINT64_MAX;
    for (int l = 0; l < LANG_SIDES; l++) {
        if (!s->count[l])
            continue;
        const doc_para *p = &d->paras[l][s->first[l]];
        uint64_t key = ((uint64_t)p->source << 32) | (p->label_line ? p->label_line : p->first_line);
        if (key < best)
            best = key;
    }
    return best;
}

/* The language of the last paragraph of `source` whose text starts
 * before line `line` (the text an annotation follows) and in *index its
 * index; LANG_NONE when there is none. */
static lang_id note_follows(const doc *d, uint32_t source, uint32_t line, size_t *index)
{
    lang_id best = LANG_NONE;
    uint32_t at = 0;
    for (int l = 0; l < LANG_SIDES; l++) {
        /* a language's paragraphs are in source and line order */
        size_t lo = 0, hi = d->nparas[l];
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            const doc_para *p = &d->paras[l][mid];
            if (p->source < source || (p->source == source && p->first_line < line))
                lo = mid + 1;
            else
                hi = mid;
        }
        const doc_para *p = lo ? &d->paras[l][lo - 1] : NULL;
        if (p && p->source == source && p->first_line >= at) {
            at = p->first_line;
            best = (lang_id)l;
            *index = lo - 1;
        }
    }
    return best;
}

/* The segment after the one holding paragraph `index` of language l (the
 * segments partition the paragraphs in order). */
static uint32_t note_after_para(const doc *d, lang_id l, size_t index)
{
    size_t lo = 0, hi = d->nsegments;
    while (lo < hi) { /* the first segment whose range ends after index */
        size_t mid = lo + (hi - lo) / 2;
        const doc_segment *s = &d->segments[mid];
        if ((size_t)s->first[l] + s->count[l] <= index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->nsegments ? (uint32_t)lo + 1 : (uint32_t)d->nsegments;
}

/* Notes in source order (readers may add some after others: the furniture
 * of a page after the notes the layout found); equal starts keep the order
 * they were added in. */
static int note_cmp(const void *a, const void *b)
{
    const doc_note *x = a, *y = b;
    if (x->source != y->source)
        return x->source < y->source ? -1 : 1;
    if (x->first_line != y->first_line)
        return x->first_line < y->first_line ? -1 : 1;
    /* a note holding another comes first */
    return (x->last_line < y->last_line) - (x->last_line > y->last_line);
}

static void finish_sort_notes(doc *d)
{
    bool sorted = true;
    for (size_t i = 1; i < d->nnotes && sorted; i++)
        sorted = note_cmp(&d->notes[i - 1], &d->notes[i]) <= 0;
    if (!sorted) /* only equal notes could swap: qsort's instability is harmless */
        qsort(d->notes, d->nnotes, sizeof *d->notes, note_cmp);
}

static void finish_note_positions(doc *d)
{
    /* A note stands before the first segment that starts after it. Notes
     * are in source order, so that segment comes no earlier for a later
     * note: one pass over the segments for all of them. */
    uint32_t next = 0;
    for (size_t i = 0; i < d->nnotes; i++) {
        doc_note *n = &d->notes[i];
        uint64_t key = ((uint64_t)n->source << 32) | n->first_line;
        uint32_t pos = 0;
        size_t para;
        lang_id after;
        if (n->kind == DOC_NOTE_FOOTER) {
            pos = (uint32_t)d->nsegments;
        } else if (n->kind == DOC_NOTE_ANNOTATION &&
                   (after = note_follows(d, n->source, n->first_line, &para)) != LANG_NONE) {
            /* a translator's note stands right after the paragraph it
             * follows, in whichever section that is */
            pos = note_after_para(d, after, para);
        } else if (n->kind != DOC_NOTE_INTRO && n->kind != DOC_NOTE_MARKER) {
            while (next < d->nsegments && segment_first_line(d, &d->segments[next]) < key)
                next++;
            pos = next;
        }
        n->position = pos;
    }
}

/* A paragraph timed by its start only ends where the next timed paragraph
 * of its language starts. */
static void finish_times(doc *d)
{
    for (int l = 0; l < LANG_SIDES; l++) {
        int64_t next = -1;
        for (size_t i = d->nparas[l]; i-- > 0;) {
            doc_para *p = &d->paras[l][i];
            if (p->start_ms < 0)
                continue;
            if (p->end_ms < 0)
                p->end_ms = next >= p->start_ms ? next : p->start_ms;
            next = p->start_ms;
        }
    }
}

/* An empty side of a segment (a 1-0 or 0-1 bead) holds no paragraph, so
 * where it "starts" is bookkeeping a reader may leave at any value; the
 * partition invariant (doc.h) says where: where the previous segment's
 * side ended. Code that maps a paragraph to its segment relies on it. */
static void finish_empty_sides(doc *d)
{
    uint32_t next[LANG_SIDES] = {0};
    for (size_t i = 0; i < d->nsegments; i++)
        for (int l = 0; l < LANG_SIDES; l++) {
            doc_segment *s = &d->segments[i];
            if (s->count[l] == 0)
                s->first[l] = next[l];
            next[l] = s->first[l] + s->count[l];
        }
}

static void finish_trim(doc *d)
{
    doc_private *p = priv(d);
    for (int l = 0; l < LANG_SIDES; l++)
        GROW_FIT(d->paras[l], p->cap_paras[l], d->nparas[l]);
    GROW_FIT(d->notes, p->cap_notes, d->nnotes);
    GROW_FIT(d->segments, p->cap_segments, d->nsegments);
}

status doc_finish(doc *d)
{
    if (d->nparas[LANG_ZH] + d->nparas[LANG_EN] == 0)
        return ST_NOT_TRANSCRIPT;
    finish_trim(d);
    finish_sort_notes(d);
    finish_empty_sides(d);
    for (size_t i = 0; i < d->nspeakers; i++) {
        d->speakers[i].segments = 0;
        d->speakers[i].turns = 0;
        d->speakers[i].zh_chars = 0;
        d->speakers[i].en_words = 0;
        d->speakers[i].colour = (int)(i % 8);
    }
    for (size_t i = 0; i < d->nsegments; i++) {
        int sp = d->segments[i].speaker;
        if (sp >= 0 && (size_t)sp < d->nspeakers) {
            d->speakers[sp].segments++;
            d->speakers[sp].turns += doc_segment_starts_turn(d, i);
        }
    }
    for (int l = 0; l < LANG_SIDES; l++)
        for (size_t i = 0; i < d->nparas[l]; i++) {
            int sp = d->paras[l][i].speaker;
            if (sp < 0 || (size_t)sp >= d->nspeakers)
                continue;
            uint32_t w = doc_para_words(&d->paras[l][i], (lang_id)l);
            *(l == LANG_ZH ? &d->speakers[sp].zh_chars : &d->speakers[sp].en_words) += w;
        }
    finish_note_positions(d);
    finish_times(d);
    return ST_OK;
}

/* ---- reading ---------------------------------------------------------------- */

const doc_para *doc_segment_para(const doc *d, const doc_segment *s, lang_id l, uint32_t k)
{
    return &d->paras[l][s->first[l] + k];
}

bool doc_segment_starts_turn(const doc *d, size_t s)
{
    return s == 0 || s >= d->nsegments || d->segments[s].speaker != d->segments[s - 1].speaker;
}

size_t doc_turn_first(const doc *d, size_t s)
{
    while (s > 0 && s < d->nsegments && !doc_segment_starts_turn(d, s))
        s--;
    return s;
}

bool doc_segment_doubtful(const doc *d, size_t s)
{
    return s < d->nsegments && d->segments[s].confidence < DOC_WEAK_CONFIDENCE;
}

size_t doc_next_doubtful(const doc *d, size_t s)
{
    for (size_t k = s == SIZE_MAX ? 0 : s + 1; k < d->nsegments; k++)
        if (doc_segment_doubtful(d, k))
            return k;
    return SIZE_MAX;
}

size_t doc_prev_doubtful(const doc *d, size_t s)
{
    for (size_t k = s < d->nsegments ? s : d->nsegments; k-- > 0;)
        if (doc_segment_doubtful(d, k))
            return k;
    return SIZE_MAX;
}

size_t doc_doubtful_count(const doc *d)
{
    size_t n = 0;
    for (size_t k = 0; k < d->nsegments; k++)
        n += doc_segment_doubtful(d, k);
    return n;
}

int doc_languages(const doc *d, lang_id out[LANG_SIDES])
{
    int n = 0;
    for (int l = 0; l < LANG_SIDES; l++)
        if (d->nparas[l])
            out[n++] = (lang_id)l;
    return n;
}

const char *doc_note_kind_name(doc_note_kind k)
{
    static const char *const names[DOC_NOTE_KINDS] = {
        "intro", "marker", "noise", "footer", "aside", "skipped", "annotation",
    };
    return k < DOC_NOTE_KINDS ? names[k] : "note";
}

const char *doc_note_reason_name(doc_note_reason r)
{
    static const char *const names[] = {
#define DOC_NOTE_REASON_NAME(id, name) name,
        DOC_NOTE_REASON_TABLE(DOC_NOTE_REASON_NAME)
#undef DOC_NOTE_REASON_NAME
    };
    return r < DOC_NOTE_REASONS ? names[r] : "";
}

const char *doc_note_label(const doc_note *n)
{
    return n->reason != DOC_WHY_NONE ? doc_note_reason_name((doc_note_reason)n->reason)
                                     : doc_note_kind_name(n->kind);
}

const char *doc_line_role_name(doc_line_role r)
{
    static const char *const names[] = {
        "blank", "text", "label", "note", "markup", "time", "unaccounted",
    };
    return r <= DOC_LINE_UNACCOUNTED ? names[r] : "unknown";
}
