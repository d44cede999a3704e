/* scan — what every line-based layout reader wants to know first, shared by
 * the readers in src/format/ (internal to them: not a public module).
 *
 * For one decoded source it records, per line: blank or not, a speaker
 * label (label.h) and where the turn's text starts after it, the language
 * and display width of that text. It interns the label names (with their
 * counts, and abbreviations resolved: `Lionel Barber (B):` then `B:`), and
 * assembles paragraphs from lines the same way for every layout:
 *
 *   - a line starting with a label starts a paragraph; a label alone on its
 *     line owns the next text line (blank lines between allowed), even
 *     when that line opens with a "Word：" that is never a label alone
 *     while the waiting label recurs alone (最后一个问题：… is its text); a
 *     label that owns no text (another label or the end comes first) is an
 *     orphan, a paragraph of its own that readers usually call noise;
 *   - a blank line or a change of language ends a paragraph;
 *   - a line opening with a note's label (注：, 译者注：, Note:, Source: …,
 *     label.h) starts a paragraph of its own, flagged `note`, which a label
 *     alone waiting for its text does not own;
 *   - one line is one paragraph (the seed has no blank lines), unless the
 *     lines of that language are hard-wrapped: then a line continues the
 *     previous one — every line of a blank-line separated run, or, without
 *     blank lines, a line after one that reached the wrap width (nearly
 *     reached it, when it ends a sentence). Hard
 *     wrapping is recognised from the text itself: many lines close to one
 *     width (at most 160 columns), and those that are followed by more text
 *     mostly not ending a sentence.
 *
 * Paragraph text is the lines' text joined by a space (Latin) or by nothing
 * (CJK), label and indentation removed.
 *
 * The lines it reads are the text of the furniture pass (furniture.h), not
 * the source lines: a source line with markup, both languages or labels
 * inside it gives several lines; markup and notes give none, or a blank
 * line where they end a paragraph (a block tag, a heading); blank lines
 * around page furniture in mid-paragraph give none. Its line numbers
 * (scan_line_at, scan_para) count those lines; a reader speaks to the doc
 * in the doc's lines (scan_doc_line), after handing it the pieces
 * (scan_adopt), and adds the furniture's notes when it is done
 * (scan_add_furniture_notes). Three more rules follow from the pieces: a
 * line glued to the one before across an inline tag continues its
 * paragraph (joined with nothing between), so does a line inside a <p>
 * opened on an earlier line or after a page break in mid-paragraph (in the
 * same language), and a heading's line is a paragraph of its own.
 */
#ifndef DUET_FORMAT_SCAN_H
#define DUET_FORMAT_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "format.h"
#include "furniture.h"
#include "lang.h"
#include "status.h"

typedef struct scan_line {
    uint32_t start;    /* byte offset of the line in the source's buffer */
    uint32_t len;      /* bytes, without the line end */
    uint32_t text;     /* offset in the line where its text starts: after
                          the label and its spaces, else after indentation */
    uint32_t label_start, label_len; /* the label as written; len 0: none */
    int32_t name;      /* label name index (resolved), -1 when no label */
    uint32_t width;    /* display width of the text, capped at SCAN_WIDE */
    uint8_t lang;      /* lang_id of the text (LANG_NONE for a lone label) */
    uint8_t flags;     /* FURN_GLUE, FURN_JOIN, FURN_CUT, FURN_ALONE */
    bool blank : 1;
    bool alone : 1;    /* a label alone on its line */
    bool note : 1;     /* opens with a note's label (注：, Note:, label.h):
                          never a speaker's; its text is the note's */
    bool timed : 1;    /* its label was written with a time (scan_para_time) */
} scan_line;

#define SCAN_WIDE 65535u /* width recorded for lines too long to be wrapped */

typedef struct scan_name {
    char *name;        /* canonical (label.h) */
    char *paren;       /* what "(…)" after it said, "" when nothing */
    uint32_t count;    /* label lines carrying it, its abbreviations' too */
    uint32_t alone;    /* of which alone on their line */
    uint32_t first_line;
} scan_name;

typedef struct scan_para {
    uint32_t first, last;  /* 1-based lines of its text; for an orphan
                              label, its own line */
    uint32_t label_line;   /* its own label's line (== first when inline),
                              0 when it has none */
    int32_t name;          /* its label's name, -1 when none */
    uint8_t lang;          /* lang_id of its whole text */
    bool orphan;           /* a label alone that owns no text */
    bool note;             /* a translator's or editor's note (its first
                              line opens with a note's label): readers make
                              it an annotation note, not a turn */
} scan_para;

typedef struct scan {
    const doc *d;
    uint32_t source;
    scan_line *lines;      /* lines[i] is line i + 1 (above) */
    size_t nlines;
    furn furn;             /* the pieces of the source (moved to the doc
                              by scan_adopt) */
    uint8_t *note_bits;    /* after scan_adopt: which pieces are notes, a
                              bit each */
    uint32_t *doc_line;    /* doc_line[i]: the piece (1-based) line i + 1
                              is, or stands for; NULL when the pieces are
                              the source lines */
    scan_name *names;
    size_t nnames;
    scan_para *paras;      /* in source order */
    size_t nparas;
    bool blank_separated;  /* blank lines separate most paragraphs */
    bool wrapped[LANG_SIDES];
    uint32_t wrap_width[LANG_SIDES];
    uint32_t label_lines, alone_labels;
    /* private */
    int32_t *hash;
    size_t hash_cap;
    size_t names_cap;      /* names grow by doubling: 100,000 names stay linear */
} scan;

/* The scans of a document's sources while it is probed and parsed
 * (format.h's format_scans): made on first use, handed on. */
#define SCAN_SET_SOURCES 2
struct format_scans {
    const doc *d;          /* the document they are scans of */
    scan kept[SCAN_SET_SOURCES];
    bool have[SCAN_SET_SOURCES];
};

/* text_width(s, n), faster on plain ASCII and CJK lines (every line of a
 * file is measured for hard-wrap detection). */
uint32_t scan_text_width(const char *s, size_t n);

/* Scans source `source` of d into *sc (freed with scan_free). */
status scan_source(const doc *d, uint32_t source, scan *sc);

/* An empty set for the sources of d; scan_set_free frees what it holds. */
void scan_set_init(format_scans *set, const doc *d);
void scan_set_free(format_scans *set);

/* The scan of source `source` of d for reading only, made now when `set`
 * (NULL, or a set of d) holds none; *out stays valid until the set is
 * freed or the scan taken. With no set, *out is made into `own` (the
 * caller frees it). */
status scan_set_get(format_scans *set, const doc *d, uint32_t source, scan *own,
                    const scan **out);

/* A scan of source `source` of d that the caller owns (scan_free): the
 * set's own when `take` (a parse: the set keeps none after), else a copy
 * (a probe that changes what it reads); made afresh when the set holds
 * none. */
status scan_set_use(format_scans *set, const doc *d, uint32_t source, bool take, scan *out);

/* Frees what scan_source allocated; safe on a zeroed or freed scan. */
void scan_free(scan *sc);

/* The doc line (1-based) that line `line` of the scan is, or stands for. */
uint32_t scan_doc_line(const scan *sc, uint32_t line);

/* The source line (1-based, as editors count) line `line` lies in. */
uint32_t scan_source_line(const scan *sc, uint32_t line);

/* Gives d the pieces of sc's source as its lines (doc_set_lines): text
 * and blank pieces unaccounted or blank, markup marked MARKUP, notes too
 * until scan_add_furniture_notes; nothing when the pieces are the source
 * lines. The pieces move to the doc (the scan keeps which are notes).
 * Call before the reader sets any role of that source. */
status scan_adopt(doc *d, scan *sc);

/* Adds the furniture's notes with their reasons, and marks their lines
 * NOTE: intro before the source's first paragraph, footer after its last,
 * noise between. Call when the reader is done. */
status scan_add_furniture_notes(doc *d, const scan *sc);

/* Writes the furniture's line of evidence, if any, to ev (cap bytes) at
 * *used, with a line end. */
void scan_furniture_evidence(const scan *sc, char *ev, size_t cap, size_t *used);

/* The text of paragraph p: a pointer into the source when it is one line,
 * else a malloc'd join stored in *owned (the caller frees it; NULL when
 * nothing was allocated). Returns NULL when memory runs out. */
const char *scan_para_text(const scan *sc, const scan_para *p, char **owned, size_t *len);

/* Makes paragraph p's inline label part of its text (the reader found it
 * is not a speaker: "第二点：…" inside a turn); a no-op for other
 * paragraphs. */
void scan_drop_label(scan *sc, scan_para *p);

/* Line `line` (1-based) of the scan. */
const scan_line *scan_line_at(const scan *sc, uint32_t line);

/* The label as written on line `line` (NULL when it has none). */
const char *scan_label_text(const scan *sc, uint32_t line, size_t *len);

/* The time written with paragraph p's own label ("[00:01:23] Host:",
 * "Speaker 1  0:05" on the line before, label.h) in milliseconds, -1 when
 * it has none. */
int64_t scan_para_time(const scan *sc, const scan_para *p);

/* True when the text of line `line` ends with a colon (: or ：). */
bool scan_ends_with_colon(const scan *sc, uint32_t line);

/* True when s[0, n) names a translation or an original ("翻译", "原文",
 * "translation", "English version" …). */
bool scan_has_marker_word(const char *s, size_t n);

/* A one-line paragraph without a label of its own that announces what
 * follows: it ends with a colon, or it is short, names the translation or
 * the original ("以下是对话的翻译及原文："), and is not the first line (a
 * title). */
bool scan_para_is_marker(const scan *sc, const scan_para *p);

/* Does labelled paragraph p read as speech rather than a heading: does its
 * text end with a question mark? A name used once ("路透社记者：请问……？",
 * every reporter at a press conference) is then a turn, where
 * "对话：人工智能与教育", "嘉宾：张三，教授。" or a column's 【山里的人】
 * over a paragraph about the guest heading a text is not. */
bool scan_para_speaks(const scan *sc, const scan_para *p);

/* A short one-line paragraph of a publisher's kind: copyright, reprint
 * notices, "share this", "相关阅读" — a footer wherever it stands last. */
bool scan_para_is_boilerplate(const scan *sc, const scan_para *p);

#endif
