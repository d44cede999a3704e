/* doc — the document: sources, speakers, notes, paragraphs per language,
 * and the segments that pair them.
 *
 * A doc is plain data. Formats fill it through the builder functions below
 * (they know how a layout looks; the doc does not), alignment adds segments,
 * doc_finish() computes what follows from the rest, and everything after
 * that (layout, search, export, the reader) only reads it. All memory —
 * sources, strings, arrays — belongs to the doc and goes with doc_free().
 *
 * Invariants after doc_finish():
 *   - segments partition both paragraph lists in order: segment k's range in
 *     each language starts where segment k-1's ended, and together they cover
 *     every paragraph exactly once (a side may be empty: a 1-0 or 0-1 bead);
 *   - every line of a source (below) that is not blank has exactly one
 *     role other than BLANK (TEXT, LABEL, TIME, NOTE or MARKUP), and the
 *     lines cover every non-blank byte of the source: nothing read is
 *     unaccounted for;
 *   - all text is sanitised UTF-8 (see text.h) and safe to print.
 *
 * Lines. The doc addresses a source by *lines*, numbered from 1. Until a
 * reader says otherwise they are the source's own lines (text.h). A reader
 * that finds more than one thing on a source line (markup around the text,
 * both languages, a label in mid-line: src/format/furniture.h) makes the
 * doc's lines *pieces* instead (doc_set_lines): stretches of one source
 * line each, in byte order, a source line cut into several where it holds
 * several things, blank lines kept. Paragraphs, notes and roles then speak
 * of pieces; doc_source_line says which source line (1-based, as editors
 * count) a piece lies in, and doc_line_start where it starts.
 */
#ifndef DUET_DOC_H
#define DUET_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "encoding.h"
#include "lang.h"
#include "status.h"
#include "text.h"

/* What a source line turned out to be; the line accounting of --check. */
typedef enum {
    DOC_LINE_BLANK = 0, /* empty or only spaces */
    DOC_LINE_TEXT,      /* part of a paragraph (a "Name: text" line too) */
    DOC_LINE_LABEL,     /* a speaker label alone on its line */
    DOC_LINE_NOTE,      /* part of a note: intro, marker, noise, footer … */
    DOC_LINE_MARKUP,    /* format structure: cue numbers and times, headers,
                           table rules, WEBVTT, TSV header, HTML tags,
                           shortcodes */
    DOC_LINE_TIME,      /* a time kept with the turn it stands in */
    DOC_LINE_UNACCOUNTED /* non-blank and not (yet) claimed: doc_add_source
                            starts every non-blank line here; after parsing,
                            any left is a reader bug that --check reports */
} doc_line_role;

/* A line of the doc that is a piece of a source line: bytes
 * [start, start + len) of the sanitised text, inside source line `line`. */
typedef struct doc_piece {
    uint32_t start;
    uint32_t len;
    uint32_t line;       /* 1-based source line */
} doc_piece;

/* One input file, decoded. */
typedef struct doc_source {
    char *path;          /* as given ("-" for standard input) */
    text_decoded text;   /* sanitised content and its lines */
    size_t nlines;       /* the doc's lines of this source */
    doc_piece *pieces;   /* NULL: the doc's lines are the source lines
                            (text.lines); else line k is pieces[k - 1] */
    uint8_t *role;       /* doc_line_role per line, nlines entries */
    encoding_info encoding; /* what the file was in (format_load sets it;
                               zeroed: UTF-8 as given) */
} doc_source;

/* A speaker, possibly labelled differently in each language. */
typedef struct doc_speaker {
    char *name;          /* canonical: the label without colon, brackets and
                            stray spaces ("蔡崇信"); "主持人 / Host" once two
                            labels are known to be one person */
    char **labels;       /* every label as written, once each ("蔡崇信:",
                            "蔡崇信 :") */
    size_t nlabels;
    uint32_t label_lines; /* how many lines carried one of its labels */
    uint32_t segments;   /* segments spoken (set by doc_finish) */
    /* What it speaks, counted the one way duet counts everywhere (--check,
     * the panel, the JSON export): Chinese in characters, English in words
     * (doc_para_words), never added together. Set by doc_finish. */
    uint32_t turns;      /* turns spoken: runs of its segments (doc_finish) */
    uint32_t zh_chars;   /* characters (non-spaces) of its Chinese text */
    uint32_t en_words;   /* words (runs of non-spaces) of its English text */
    int colour;          /* palette index 0..7, distinct for the first 8 */
} doc_speaker;

typedef enum {
    DOC_NOTE_INTRO,   /* before the first turn */
    DOC_NOTE_MARKER,  /* a line announcing the translation / original */
    DOC_NOTE_NOISE,   /* a label-looking or stray line that owns no text */
    DOC_NOTE_FOOTER,  /* after the last turn, often in the other language */
    DOC_NOTE_ASIDE,   /* one-sided remarks kept out of the pairing: (笑) [laughter] */
    DOC_NOTE_SKIPPED, /* input a reader could not use (a broken subtitle cue) */
    DOC_NOTE_ANNOTATION, /* a translator's or editor's note, a source: 注：, 译者注：,
                            编者按：, Note:, PS:, Source: — never a speaker; it
                            stands after the paragraph it follows */
    DOC_NOTE_KINDS
} doc_note_kind;

/* Why a note is one, said more precisely than its kind (--check, the
 * reader's note label). DOC_WHY_NONE: the kind says it. */
#define DOC_NOTE_REASON_TABLE(X) \
    X(DOC_WHY_NONE, "") \
    X(DOC_WHY_FRONT_MATTER, "front matter") /* YAML --- or TOML +++ block */ \
    X(DOC_WHY_MARKUP, "markup")             /* HTML tags, comments, rules */ \
    X(DOC_WHY_HEADING, "heading")           /* # Heading in one language */ \
    X(DOC_WHY_IMAGE, "image")               /* ![](cover.png), <img> */ \
    X(DOC_WHY_LINK, "link")                 /* a line that is only a link */ \
    X(DOC_WHY_CONTENTS, "contents")         /* a list of links: a table of contents */ \
    X(DOC_WHY_TOGGLE, "toggle")             /* View original, 展开原文 */ \
    X(DOC_WHY_SHORTCODE, "shortcode")       /* {{< en >}}, {% lang %}, ::: en */ \
    X(DOC_WHY_TITLE, "title")               /* one language, before the text */ \
    X(DOC_WHY_BYLINE, "byline")             /* 文/记者 …, By … */ \
    X(DOC_WHY_CREDIT, "credit")             /* 责任编辑：, 本文转载自, © …, Photo: … */ \
    X(DOC_WHY_LEAD, "lead")                 /* 导语：… over the text, in one language */ \
    X(DOC_WHY_EDITOR, "editor")             /* "This interview has been edited …" */ \
    X(DOC_WHY_END, "end mark")              /* （完）, (END) under the text */ \
    X(DOC_WHY_PAGE, "page furniture")       /* page numbers, running headers */ \
    X(DOC_WHY_MAIL, "mail")                 /* headers, "On … wrote:", the reply, a signature */ \
    X(DOC_WHY_GLOSS, "gloss")               /* a vocabulary list: "lens: n. 透镜" */

typedef enum {
#define DOC_NOTE_REASON_ENUM(id, name) id,
    DOC_NOTE_REASON_TABLE(DOC_NOTE_REASON_ENUM)
#undef DOC_NOTE_REASON_ENUM
    DOC_NOTE_REASONS
} doc_note_reason;

/* Text that is not a turn but must stay reachable. */
typedef struct doc_note {
    doc_note_kind kind;
    uint8_t reason;      /* doc_note_reason */
    uint32_t source;     /* index into doc.sources */
    uint32_t first_line; /* 1-based lines of the doc, inclusive; a note's
                            lines are the NOTE lines of its range that no
                            note inside that range claims */
    uint32_t last_line;
    const char *text;    /* its non-blank lines joined by '\n' */
    size_t len;
    uint32_t position;   /* shown before segment `position` (nsegments:
                            after the last); set by doc_finish */
} doc_note;

/* A paragraph: one turn, or one part of a turn, in one language. */
typedef struct doc_para {
    const char *text;    /* sanitised UTF-8, label removed; lines of one
                            paragraph joined by a space (Latin) or nothing
                            (CJK) unless the format keeps '\n' */
    size_t len;
    int speaker;         /* index into doc.speakers, -1 when unknown */
    uint32_t source;
    uint32_t first_line; /* 1-based lines of the doc holding its text,  */
    uint32_t last_line;  /* inclusive; blank lines and lines of other
                            roles inside do not belong to it */
    uint32_t label_line; /* the line of its own label, 0 when it has none */
    int64_t start_ms;    /* where it starts in the recording (a subtitle
                            cue's time, a time written with its label),
                            -1 when not timed */
    int64_t end_ms;      /* where it ends; a reader that knows only starts
                            leaves -1 and doc_finish sets the next timed
                            paragraph's start (its own start for the last) */
} doc_para;

/* One or more paragraphs of each language that say the same thing: a
 * paragraph or cue pair, or a 2-1, 1-2, 2-2 where the translator merged or
 * split, or a 1-0 / 0-1 for a paragraph with no counterpart. A turn is the
 * run of consecutive segments of one speaker (doc_segment_starts_turn): it
 * groups segments, never joins them. */
typedef struct doc_segment {
    uint32_t first[LANG_SIDES]; /* first paragraph index per language */
    uint32_t count[LANG_SIDES]; /* paragraphs per language; 0 allowed */
    int speaker;                /* -1 when unknown */
    float confidence;           /* 0..1; below DOC_WEAK_CONFIDENCE the view marks it */
} doc_segment;

#define DOC_WEAK_CONFIDENCE 0.5f /* below it a segment is doubtful */

typedef struct doc {
    doc_source *sources;
    size_t nsources;
    char *layout;        /* the format that read it ("sectioned" …) */
    char *evidence;      /* why that format: one line per reason */
    doc_speaker *speakers;
    size_t nspeakers;
    doc_note *notes;     /* in source order */
    size_t nnotes;
    doc_para *paras[LANG_SIDES];
    size_t nparas[LANG_SIDES];
    doc_segment *segments;
    size_t nsegments;
    /* private: the arena behind copied strings */
    struct doc_arena *arena;
} doc;

/* ---- lifetime ------------------------------------------------------------ */

/* A new, empty document; NULL when memory runs out. */
doc *doc_new(void);

/* Frees the document and everything it owns; NULL is fine. */
void doc_free(doc *d);

/* ---- building (formats and alignment) ------------------------------------ */

/* Decodes n bytes read from `path` and adds them as the next source; its
 * lines (the source lines) start as BLANK or UNACCOUNTED. The bytes are
 * not kept. */
status doc_add_source(doc *d, const char *path, const char *bytes, size_t n);

/* doc_add_source taking the bytes over (malloc'd, with a NUL at
 * bytes[n]; text_decode_owned): a file that needs no sanitising becomes
 * the source's text without a copy. The bytes are the doc's from the call
 * on, whatever it returns. */
status doc_add_source_owned(doc *d, const char *path, char *bytes, size_t n);

/* Makes the n pieces p the lines of source `source`: in byte order, each
 * inside one source line, blank source lines as pieces of their own,
 * together holding every non-blank byte of the source. Each starts with
 * roles[k] (NULL: BLANK or UNACCOUNTED by its content). Both arrays
 * (malloc'd) are the doc's from the call on, whatever it returns (a large
 * page's pieces are not held twice). Call before any role, paragraph or
 * note of that source is set. */
status doc_set_lines(doc *d, uint32_t source, doc_piece *p, size_t n, uint8_t *roles);

/* Line `line` (1-based) of source `source`: its *n bytes (no line end, not
 * NUL-terminated); "" with *n = 0 when there is no such line. */
const char *doc_line(const doc *d, uint32_t source, uint32_t line, size_t *n);

/* The source line (1-based) line `line` lies in; 0 when there is none. */
uint32_t doc_source_line(const doc *d, uint32_t source, uint32_t line);

/* Where line `line` starts in the source's sanitised text (bytes). */
size_t doc_line_start(const doc *d, uint32_t source, uint32_t line);

/* doc_line without its leading and trailing blanks (spaces and tabs). */
const char *doc_line_trimmed(const doc *d, uint32_t source, uint32_t line, size_t *n);

/* Marks line `line` (1-based) with a role. */
void doc_set_role(doc *d, uint32_t source, uint32_t line, doc_line_role role);

/* The index of the speaker called `name` (canonical, n bytes), created when
 * new; `label` (the label as written, may be NULL) is added to its variants
 * once and counted. Returns -1 when memory runs out. */
int doc_intern_speaker(doc *d, const char *name, size_t n, const char *label, size_t labeln);

/* Makes speaker `from` part of speaker `into` (the same person labelled in
 * both languages): labels and references move, the name becomes
 * "into / from" (or `joined_name` when not NULL), `from` is removed and the
 * indices above it shift down. */
void doc_speaker_merge(doc *d, int into, int from, const char *joined_name);

/* Appends a paragraph to language l's list; its text is copied (or shared,
 * when it already lies inside a source buffer). Returns its index, or -1
 * when memory runs out. */
long doc_add_para(doc *d, lang_id l, const doc_para *p);

/* Appends a note covering lines first..last; the text is copied. Its
 * reason is DOC_WHY_NONE until doc_set_note_reason. */
bool doc_add_note(doc *d, doc_note_kind kind, uint32_t source, uint32_t first,
                  uint32_t last, const char *text, size_t len);

/* Sets the reason of note `note` (an index into d->notes). */
void doc_set_note_reason(doc *d, size_t note, doc_note_reason reason);

/* Appends a segment (see the partition invariant above). */
bool doc_add_segment(doc *d, const doc_segment *s);

/* Removes all segments (before aligning again). */
void doc_clear_segments(doc *d);

/* Copies n bytes into the doc's arena, NUL-terminated; NULL when out of memory. */
char *doc_strdup(doc *d, const char *s, size_t n);

/* Records the format name and its evidence (both copied). */
void doc_set_layout(doc *d, const char *name, const char *evidence);

/* Computes what follows from the rest: notes in source order, speaker
 * segment and word counts, colours, note positions. Returns
 * ST_NOT_TRANSCRIPT when there is no paragraph at all. Call once, after
 * the segments are in. */
status doc_finish(doc *d);

/* ---- reading --------------------------------------------------------------- */

/* The paragraph `k` of segment s in language l (k < s->count[l]). */
const doc_para *doc_segment_para(const doc *d, const doc_segment *s, lang_id l, uint32_t k);

/* What a paragraph in language l counts for its speaker: characters
 * (non-spaces) of Chinese text, words (runs of non-spaces) of English. */
uint32_t doc_para_words(const doc_para *p, lang_id l);

/* Which languages have at least one paragraph: 0, 1 or 2 of them. */
int doc_languages(const doc *d, lang_id out[LANG_SIDES]);

/* True when segment s starts a turn: the first segment, or one whose
 * speaker differs from the segment before's (-1, unknown, included). */
bool doc_segment_starts_turn(const doc *d, size_t s);

/* The first segment of the turn segment s belongs to. */
size_t doc_turn_first(const doc *d, size_t s);

/* True when segment s is doubtful: confidence below DOC_WEAK_CONFIDENCE. */
bool doc_segment_doubtful(const doc *d, size_t s);

/* The first doubtful segment after s (SIZE_MAX: from the start), or
 * SIZE_MAX when there is none. */
size_t doc_next_doubtful(const doc *d, size_t s);

/* The last doubtful segment before s (s >= nsegments: from the end), or
 * SIZE_MAX when there is none. */
size_t doc_prev_doubtful(const doc *d, size_t s);

/* How many segments are doubtful. */
size_t doc_doubtful_count(const doc *d);

/* "intro", "marker", "noise", "footer", "aside", "skipped", "annotation". */
const char *doc_note_kind_name(doc_note_kind k);

/* "front matter", "heading" …; "" for DOC_WHY_NONE. */
const char *doc_note_reason_name(doc_note_reason r);

/* What a note is, in a word or two: its reason when it has one, else its
 * kind ("heading", "intro"). */
const char *doc_note_label(const doc_note *n);

/* "blank", "text", "label", "note", "markup", "time", "unaccounted". */
const char *doc_line_role_name(doc_line_role r);

#endif
