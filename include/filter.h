/* filter — which speakers are shown, and so which segments.
 *
 * The speaker filter is plain data over a finished document. Its entries
 * are what the speaker panel lists and what the keys 1-9 toggle: one per
 * speaker, in the document's order (entry k is doc.speakers[k]), then one
 * for the segments whose speaker is unknown, when there are any. A segment
 * is visible when its entry is shown; filter_segment_visible is the one
 * visibility predicate of duet: the view, navigation, search and --dump
 * all ask it (the layout through filter_hidden_hook).
 *
 * Invariant: at least one entry is shown (hiding the last one is refused),
 * so the view never goes empty by accident; a speaker with no segments can
 * still be the only one shown.
 *
 * Knows nothing of the screen or the layout.
 */
#ifndef DUET_FILTER_H
#define DUET_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* What the panel shows for one entry. */
typedef struct filter_entry {
    int speaker;       /* index into doc.speakers; -1: segments with no speaker */
    uint32_t segments; /* segments it speaks */
    uint32_t turns;    /* turns it speaks: runs of its segments (doc.h) */
    bool shown;
} filter_entry;

/* Words and characters per entry (doc_para_words): the speakers' from
 * doc_finish, the segments of no speaker counted on first use. */
typedef struct filter_count {
    uint64_t chars;    /* characters (non-spaces) of its Chinese text */
    uint64_t words;    /* words (runs of non-spaces) of its English text */
} filter_count;

typedef struct filter_state {
    const doc *d;          /* borrowed: outlives the filter */
    filter_entry *entries; /* nentries, owned */
    size_t nentries;
    size_t nshown;         /* entries shown, >= 1 when nentries > 0 */
    size_t nvisible;       /* segments visible */
    /* private */
    filter_count *counts;  /* NULL until filter_counts */
    uint8_t *seg_shown;    /* per segment: 1 when visible */
} filter_state;

/* A filter of d (finished) with every entry shown; NULL when memory runs out. */
filter_state *filter_new(const doc *d);

/* Frees the filter; NULL is fine. */
void filter_free(filter_state *f);

/* The one visibility predicate: true when segment s (< d->nsegments) is
 * shown. A NULL filter shows everything. */
bool filter_segment_visible(const filter_state *f, size_t s);

/* filter_segment_visible turned round, with the signature of
 * layout_hooks.hidden (ctx is the filter). */
bool filter_hidden_hook(const void *ctx, size_t s);

/* The entry segment s belongs to. */
size_t filter_entry_of(const filter_state *f, size_t s);

/* The name an entry shows: the speaker's, or "(no speaker)". */
const char *filter_entry_name(const filter_state *f, size_t e);

/* True when every entry is shown (no filter in effect). */
bool filter_all_shown(const filter_state *f);

/* True when entry e is the only one shown. */
bool filter_is_only(const filter_state *f, size_t e);

/* Shows every entry. */
void filter_show_all(filter_state *f);

/* Shows only entry e (e < nentries). */
void filter_only(filter_state *f, size_t e);

/* Shows or hides entry e. Returns false, changing nothing, when that would
 * hide the last entry shown. */
bool filter_set(filter_state *f, size_t e, bool shown);

/* The visible segment after s (SIZE_MAX: from the start), or d->nsegments. */
size_t filter_next_visible(const filter_state *f, size_t s);

/* The visible segment before s, or SIZE_MAX. */
size_t filter_prev_visible(const filter_state *f, size_t s);

/* The n-th visible segment (1-based), or d->nsegments when there are fewer. */
size_t filter_nth_visible(const filter_state *f, size_t n);

/* The visible segment nearest to s (s itself when visible; on a tie the
 * one after), or d->nsegments when none is visible. */
size_t filter_nearest_visible(const filter_state *f, size_t s);

/* "2 of 3 speakers" when some entry is hidden, "" when none; into buf. */
size_t filter_note(const filter_state *f, char *buf, size_t cap);

/* Words and characters of entry e (the panel asks; the segments with no
 * speaker are counted on the first call). NULL when memory runs out. */
const filter_count *filter_counts(filter_state *f, size_t e);

/* What filter_find says when no entry, or more than one, answers. */
#define FILTER_NONE (-1L)
#define FILTER_AMBIGUOUS (-2L)

/* The entry called `name`: compared with each speaker's names — its name,
 * the halves of a joined one ("主持人 / Host"), and every label as written
 * and without its colon and brackets ("蔡崇信 :" is 蔡崇信) — after folding
 * case and width (NFKC and case folding, spaces dropped: "host", "ＨＯＳＴ"
 * and "Host" are one). A name that is one of a speaker's names whole wins
 * (the first such entry); else a part of a name will do ("Lin", "林",
 * "xiao wen"), when only one speaker's names hold it. FILTER_NONE when
 * nobody answers, FILTER_AMBIGUOUS when the part is in several speakers'
 * names (filter_matching lists them). The "(no speaker)" entry has no name
 * to match. */
long filter_find(const filter_state *f, const char *name);

/* The names of the entries `name` matches as filter_find does (the one
 * whose whole name it is, or every one holding it), comma-separated like
 * filter_names, into buf: for the message about an ambiguous --speaker.
 * Returns the bytes needed (like snprintf; buf may be NULL with cap 0). */
size_t filter_matching(const filter_state *f, const char *name, char *buf, size_t cap);

/* Shows only the entries named in names (filter_find). On a name that
 * matches no entry or several, changes nothing, sets *unknown to its index
 * and returns ST_USAGE (filter_find tells which); ST_NO_MEMORY when memory
 * runs out. */
status filter_select(filter_state *f, const char *const *names, size_t n, size_t *unknown);

/* The speakers' names, comma-separated, into buf ("主持人, 蔡崇信"): for
 * the message about an unknown --speaker. Returns the bytes needed (like
 * snprintf; buf may be NULL with cap 0). */
size_t filter_names(const filter_state *f, char *buf, size_t cap);

#endif
