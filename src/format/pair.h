/* pair — turning a reader's units into the doc's paragraphs, speakers,
 * notes and segments, for the layouts that pair the languages themselves
 * (interleaved, inline pairs, subtitles, tables, speech-to-text exports,
 * TSV). Internal to the readers in src/format/, like scan.h.
 *
 * A reader lists *units* — a paragraph of one language with its lines, its
 * label and speaker name, its times — in source order, and puts them into
 * *blocks*: the units that say the same thing (a paragraph and its
 * translation; a subtitle cue; a table row; a transcribed turn). Block ids
 * never decrease from one unit to the next. It lists its notes too (intro,
 * noise …). pair_emit then:
 *
 *   1. makes each block one segment, or — with PAIR_RUNS — aligns the whole list at once (align.h with runs: a
 *      unit pairs with one of a neighbouring stretch of the other
 *      language, before or after it, as the content says; speakers and
 *      times as anchors), the beads becoming the blocks pair_learn reads;
 *   2. with PAIR_PEEL, turns one-sided unlabelled segments at the start and
 *      the end into intro and footer notes (a title line, a footer; not an
 *      aside such as (笑): pair_is_aside), and,
 *      when the speakers are labelled, unlabelled segments before the
 *      first labelled one into intro;
 *   3. interns the speakers (a unit without a name takes the speaker of its
 *      segment), merges the names one person has in each language
 *      (`主持人` and `Host`, learned by pair_learn), sets every line's role
 *      and adds the notes in source order.
 *
 * Lines of a unit: [first, last] holds its text and nothing of the other
 * language (a reader splits a unit where the other language interrupts
 * it); blank lines and lines other roles claimed inside it are skipped.
 */
#ifndef DUET_FORMAT_PAIR_H
#define DUET_FORMAT_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "lang.h"
#include "status.h"

typedef struct pair_unit {
    uint8_t lang;          /* LANG_ZH or LANG_EN */
    bool turn;             /* an unnamed change of speaker ("- " in subtitles) */
    bool marker;           /* looks like a line announcing the translation */
    bool owned;            /* text was malloc'd: the list frees it */
    uint32_t source;
    uint32_t first, last;  /* 1-based lines of its text */
    uint32_t label_line;   /* the line of its own label, 0 when none */
    int32_t name;          /* pair_name id of its speaker, -1 when unknown */
    bool own_name;         /* the name comes from its own label (not inherited) */
    const char *label;     /* the label as written (into the source), or NULL */
    uint32_t label_len;
    const char *text;      /* sanitised UTF-8 */
    size_t len;
    int64_t start_ms, end_ms; /* -1 when not timed */
    uint32_t title;        /* 0, or the id a title and its translation share
                              (a heading in both languages): a block of
                              their own */
    uint32_t block;
} pair_unit;

typedef struct pair_note {
    uint8_t kind;          /* doc_note_kind */
    uint32_t source, first, last;
} pair_note;

typedef struct pair_list {
    pair_unit *units;
    size_t n, cap;
    pair_note *notes;
    size_t nnotes, notes_cap;
    char **names;          /* canonical speaker names, by id */
    int32_t *same;         /* same[id]: the id of the name it is one person
                              with (the Chinese one), itself when none */
    size_t nnames, names_cap;
    float *block_conf;     /* optional confidence per block id (0: none
                              given): a layout that carries its own (TSV
                              read back) keeps it (without PAIR_RUNS) */
    size_t nblock_conf;
    const uint32_t *line_map; /* NULL: units and notes speak of the doc's
                              lines; else of a scan's (scan.h), line k
                              being doc line line_map[k - 1] */
    /* private */
    int32_t *hash;
    size_t hash_cap;
} pair_list;

/* Flags of pair_emit. */
enum {
    PAIR_PEEL = 2,   /* one-sided unlabelled ends become intro / footer */
    PAIR_RUNS = 4    /* pair the whole list by alignment, blocks aside: the
                        units stand in source order, each translation next
                        to its original (interleaved, inline pairs, cues) */
};

/* An empty list. */
void pair_init(pair_list *L);

/* Frees the list and the texts it owns; safe twice. */
void pair_free(pair_list *L);

/* The id of speaker name `name` (NUL-terminated), added when new; -1 when
 * memory runs out. */
int32_t pair_name(pair_list *L, const char *name);

/* Appends a unit (copied; an owned text passes to the list, also when this
 * fails). False when memory runs out. */
bool pair_add(pair_list *L, const pair_unit *u);

/* Appends a note over lines first..last of a source. */
bool pair_add_note(pair_list *L, doc_note_kind kind, uint32_t source, uint32_t first,
                   uint32_t last);

/* Sets block b's confidence (0..1), kept when the blocks are the segments
 * (no PAIR_RUNS). */
bool pair_set_block_conf(pair_list *L, uint32_t block, float conf);

/* Gives every unit without a name that of the unit before it in the same
 * language (the same speaker goes on); a `turn` unit stops it. */
void pair_inherit(pair_list *L);

/* Learns which names are one person in two languages from the blocks: in
 * each, the last unit of its first run and the first unit after it (in the
 * other language) say who speaks on each side; a name labelled
 * in one language only pairs with its most frequent partner in the other
 * when that partner's most frequent partner is it too. Sets L->same. */
status pair_learn(pair_list *L);

/* The id a name stands for once pair_learn has joined it with its partner. */
int32_t pair_same(const pair_list *L, int32_t name);

/* Fills d (see above). Call once, after every unit and note is in. */
status pair_emit(doc *d, pair_list *L, unsigned flags);

/* Adds a note over lines first..last of `source` (its non-blank lines
 * joined by '\n') and marks them NOTE. For readers that add notes
 * themselves. */
status pair_doc_note(doc *d, doc_note_kind kind, uint32_t source, uint32_t first, uint32_t last);

/* True when s[0, n) is only a short bracketed remark — (笑), [laughter],
 * （全场鼓掌） — a sound or stage direction of the event (a dozen CJK
 * characters or three words at most), which stays a segment where a
 * bracketed editor's sentence at an end may be a note. */
bool pair_is_aside(const char *s, size_t n);

/* Appends printf-style text to the evidence ev (FORMAT_EVIDENCE_MAX bytes,
 * *used of them used), cutting at the end without overflowing. */
void pair_ev(char *ev, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Drops a trailing newline from the evidence. */
void pair_ev_end(char *ev, size_t used);

#endif
