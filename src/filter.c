/* filter — the speaker filter: shown entries, visible segments, names. */
#include "filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "label.h"

static size_t entry_index(const filter_state *f, int speaker)
{
    return speaker >= 0 && (size_t)speaker < f->d->nspeakers ? (size_t)speaker
                                                              : f->d->nspeakers;
}

size_t filter_entry_of(const filter_state *f, size_t s) { return entry_index(f, f->d->segments[s].speaker); }

/* Recomputes which segments are visible after the entries changed. */
static void filter_refresh(filter_state *f)
{
    f->nvisible = 0;
    f->nshown = 0;
    for (size_t e = 0; e < f->nentries; e++)
        f->nshown += f->entries[e].shown;
    for (size_t s = 0; s < f->d->nsegments; s++) {
        f->seg_shown[s] = f->entries[filter_entry_of(f, s)].shown;
        f->nvisible += f->seg_shown[s];
    }
}

filter_state *filter_new(const doc *d)
{
    filter_state *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->d = d;
    bool unknown = false;
    for (size_t s = 0; s < d->nsegments; s++) {
        int sp = d->segments[s].speaker;
        unknown |= sp < 0 || (size_t)sp >= d->nspeakers;
    }
    f->nentries = d->nspeakers + unknown;
    f->entries = calloc(f->nentries ? f->nentries : 1, sizeof *f->entries);
    f->seg_shown = malloc(d->nsegments ? d->nsegments : 1);
    if (!f->entries || !f->seg_shown) {
        filter_free(f);
        return NULL;
    }
    for (size_t e = 0; e < f->nentries; e++)
        f->entries[e] = (filter_entry){e < d->nspeakers ? (int)e : -1, 0, 0, true};
    for (size_t s = 0; s < d->nsegments; s++) {
        filter_entry *en = &f->entries[filter_entry_of(f, s)];
        en->segments++;
        en->turns += doc_segment_starts_turn(d, s);
    }
    filter_refresh(f);
    return f;
}

void filter_free(filter_state *f)
{
    if (!f)
        return;
    free(f->entries);
    free(f->counts);
    free(f->seg_shown);
    free(f);
}

bool filter_segment_visible(const filter_state *f, size_t s)
{
    return !f || s >= f->d->nsegments || f->seg_shown[s];
}

bool filter_hidden_hook(const void *ctx, size_t s) { return !filter_segment_visible(ctx, s); }

const char *filter_entry_name(const filter_state *f, size_t e)
{
    int sp = e < f->nentries ? f->entries[e].speaker : -1;
    return sp >= 0 ? f->d->speakers[sp].name : "(no speaker)";
}

bool filter_all_shown(const filter_state *f) { return f->nshown == f->nentries; }

bool filter_is_only(const filter_state *f, size_t e)
{
    return e < f->nentries && f->nshown == 1 && f->entries[e].shown;
}

void filter_show_all(filter_state *f)
{
    for (size_t e = 0; e < f->nentries; e++)
        f->entries[e].shown = true;
    filter_refresh(f);
}

void filter_only(filter_state *f, size_t e)
{
    if (e >= f->nentries)
        return;
    for (size_t k = 0; k < f->nentries; k++)
        f->entries[k].shown = k == e;
    filter_refresh(f);
}

bool filter_set(filter_state *f, size_t e, bool shown)
{
    if (e >= f->nentries)
        return false;
    if (!shown && f->entries[e].shown && f->nshown <= 1)
        return false;
    f->entries[e].shown = shown;
    filter_refresh(f);
    return true;
}

/* ---- walking the visible segments ------------------------------------------------ */

size_t filter_next_visible(const filter_state *f, size_t s)
{
    for (size_t k = s == SIZE_MAX ? 0 : s + 1; k < f->d->nsegments; k++)
        if (f->seg_shown[k])
            return k;
    return f->d->nsegments;
}

size_t filter_prev_visible(const filter_state *f, size_t s)
{
    if (s > f->d->nsegments)
        s = f->d->nsegments;
    while (s-- > 0)
        if (f->seg_shown[s])
            return s;
    return SIZE_MAX;
}

size_t filter_nth_visible(const filter_state *f, size_t n)
{
    if (n == 0 || n > f->nvisible)
        return f->d->nsegments;
    if (f->nvisible == f->d->nsegments)
        return n - 1;
    for (size_t s = 0; s < f->d->nsegments; s++)
        if (f->seg_shown[s] && --n == 0)
            return s;
    return f->d->nsegments;
}

size_t filter_nearest_visible(const filter_state *f, size_t s)
{
    size_t n = f->d->nsegments;
    if (s < n && f->seg_shown[s])
        return s;
    size_t after = filter_next_visible(f, s >= n ? n : s);
    size_t before = filter_prev_visible(f, s);
    if (before == SIZE_MAX)
        return after;
    if (after >= n)
        return before;
    return after - s <= s - before ? after : before;
}

size_t filter_note(const filter_state *f, char *buf, size_t cap)
{
    int n = filter_all_shown(f)
                ? snprintf(buf, cap, "%s", "")
                : snprintf(buf, cap, "%zu of %zu speaker%s", f->nshown, f->nentries,
                           f->nentries == 1 ? "" : "s");
    return n > 0 ? (size_t)n : 0;
}

/* ---- words and characters ------------------------------------------------------- */

const filter_count *filter_counts(filter_state *f, size_t e)
{
    if (e >= f->nentries)
        return NULL;
    if (!f->counts) {
        f->counts = calloc(f->nentries, sizeof *f->counts);
        if (!f->counts)
            return NULL;
        const doc *d = f->d;
        for (size_t k = 0; k < f->nentries; k++) { /* doc_finish counted the speakers' */
            int sp = f->entries[k].speaker;
            if (sp >= 0)
                f->counts[k] = (filter_count){d->speakers[sp].zh_chars, d->speakers[sp].en_words};
        }
        for (size_t s = 0; s < d->nsegments; s++) { /* the segments of no speaker */
            size_t k = filter_entry_of(f, s);
            if (f->entries[k].speaker >= 0)
                continue;
            const doc_segment *seg = &d->segments[s];
            for (int l = 0; l < LANG_SIDES; l++)
                for (uint32_t i = 0; i < seg->count[l]; i++) {
                    uint32_t w = doc_para_words(doc_segment_para(d, seg, (lang_id)l, i), (lang_id)l);
                    *(l == LANG_ZH ? &f->counts[k].chars : &f->counts[k].words) += w;
                }
        }
    }
    return &f->counts[e];
}

/* ---- names ------------------------------------------------------------------------ */

/* s folded for comparison: NFKC, case folded, spaces dropped; malloc'd,
 * NULL when memory runs out or s is not UTF-8. */
static char *fold(const char *s, size_t n)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                            UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (len < 0)
        return NULL;
    size_t k = 0;
    for (utf8proc_ssize_t i = 0; i < len; i++)
        if (out[i] != ' ' && out[i] != '\t')
            out[k++] = out[i];
    out[k] = '\0';
    return (char *)out;
}

/* The names of the speakers' entries (those picked; pick NULL: all),
 * comma-separated, into buf; the bytes needed, like snprintf. */
static size_t names_of(const filter_state *f, const bool *pick, char *buf, size_t cap)
{
    size_t n = 0;
    if (buf && cap)
        buf[0] = '\0';
    for (size_t e = 0; e < f->nentries; e++) {
        if (f->entries[e].speaker < 0 || (pick && !pick[e]))
            continue;
        const char *name = filter_entry_name(f, e);
        int w = buf ? snprintf(buf + (n < cap ? n : cap), n < cap ? cap - n : 0, "%s%s",
                               n ? ", " : "", name)
                    : snprintf(NULL, 0, "%s%s", n ? ", " : "", name);
        n += w > 0 ? (size_t)w : 0;
    }
    return n;
}

/* Does text s (n bytes) answer to the folded name `want`: equal to it once
 * folded, or, when `part`, holding it? */
static bool answers(const char *want, const char *s, size_t n, bool part)
{
    char *f = fold(s, n);
    bool yes = f && *f && (part ? strstr(f, want) != NULL : strcmp(f, want) == 0);
    free(f);
    return yes;
}

/* Does speaker sp answer to the folded name `want`, as the whole of one of
 * its names or (part) inside one? Its names: the name, the halves of a
 * joined one ("主持人 / Host"), every label as written and the name and
 * bracketed part inside it. */
static bool speaker_matches(const doc_speaker *sp, const char *want, bool part)
{
    const char *name = sp->name;
    if (answers(want, name, strlen(name), part))
        return true;
    for (const char *half = name;;) { /* the halves of "主持人 / Host" */
        const char *slash = strstr(half, " / ");
        size_t n = slash ? (size_t)(slash - half) : strlen(half);
        if ((half != name || slash) && answers(want, half, n, part))
            return true;
        if (!slash)
            break;
        half = slash + 3;
    }
    for (size_t k = 0; k < sp->nlabels; k++) {
        const char *l = sp->labels[k];
        label_match m;
        if (answers(want, l, strlen(l), part))
            return true;
        if (label_match_line(l, strlen(l), &m) &&
            (answers(want, m.name, strlen(m.name), part) ||
             (m.paren[0] && answers(want, m.paren, strlen(m.paren), part))))
            return true;
    }
    return false;
}

/* The entries answering to `name`: the first whose name it is, else every
 * one holding it (pick[e] set for each; NULL: only counted). Returns how
 * many; -1 when memory runs out. */
static long entries_named(const filter_state *f, const char *name, bool *pick)
{
    char *want = fold(name, strlen(name));
    if (!want)
        return -1;
    long found = 0;
    for (int part = 0; part < 2 && found == 0 && *want; part++)
        for (size_t e = 0; e < f->nentries && !(found && !part); e++) {
            int sp = f->entries[e].speaker;
            if (sp >= 0 && speaker_matches(&f->d->speakers[sp], want, part)) {
                found++;
                if (pick)
                    pick[e] = true;
            }
        }
    free(want);
    return found;
}

long filter_find(const filter_state *f, const char *name)
{
    bool *pick = calloc(f->nentries ? f->nentries : 1, sizeof *pick);
    long n = pick ? entries_named(f, name, pick) : -1;
    long found = n == 0 || n < 0 ? FILTER_NONE : n > 1 ? FILTER_AMBIGUOUS : 0;
    for (size_t e = 0; n == 1 && e < f->nentries; e++)
        if (pick[e])
            found = (long)e;
    free(pick);
    return found;
}

size_t filter_matching(const filter_state *f, const char *name, char *buf, size_t cap)
{
    bool *pick = calloc(f->nentries ? f->nentries : 1, sizeof *pick);
    if (!pick || entries_named(f, name, pick) < 0) {
        free(pick);
        if (buf && cap)
            buf[0] = '\0';
        return 0;
    }
    size_t n = names_of(f, pick, buf, cap);
    free(pick);
    return n;
}

status filter_select(filter_state *f, const char *const *names, size_t n, size_t *unknown)
{
    if (n == 0)
        return ST_OK;
    bool *pick = calloc(f->nentries ? f->nentries : 1, sizeof *pick);
    if (!pick)
        return ST_NO_MEMORY;
    for (size_t i = 0; i < n; i++) {
        long e = filter_find(f, names[i]);
        if (e < 0) {
            free(pick);
            *unknown = i;
            return ST_USAGE;
        }
        pick[e] = true;
    }
    for (size_t e = 0; e < f->nentries; e++)
        f->entries[e].shown = pick[e];
    free(pick);
    filter_refresh(f);
    return ST_OK;
}

size_t filter_names(const filter_state *f, char *buf, size_t cap)
{
    return names_of(f, NULL, buf, cap);
}
