/* export — a finished document written out: --dump, the --check report,
 * and --export json, tsv and md.
 *
 * Every function reads a finished doc (doc_finish done) and writes UTF-8 to
 * a stdio stream; none changes the doc. Text from the doc is sanitised
 * already (text.h); file names and layout evidence (which may quote
 * them), which are not, go through escape.h. They return ST_OK, or ST_IO
 * when the stream reports a write error.
 *
 * --export json: one object, one member per line, one array element per
 * line for speakers, notes and segments:
 *   {"file": PATH, "files": [PATH…], "layout": NAME, "evidence": [LINE…],
 *    "languages": ["zh","en"],
 *    "speakers": [{"name", "labels": [LABEL…], "segments", "chars", "words",
 *                  "colour"}],
 *    "notes": [{"kind": intro|marker|noise|footer|aside|skipped|annotation, "reason",
 *               "file", "lines": [N…], "range": [START, END], "text",
 *               "position"}],
 *    "segments": [{"index": 1…, "speaker": NAME|null, "confidence": 0.97,
 *                  "bead": "2-1", "weak": bool,
 *                  "zh": SIDE, "en": SIDE}]}
 *   SIDE = {"file": PATH|null, "lines": [N…], "text": TEXT,
 *           "paragraphs": [{"lines": [N…], "range": [START, END],
 *                           "label_line": N|null, "label": TEXT|null,
 *                           "text": TEXT [, "start_ms": N, "end_ms": N]}]
 *           [, "times": [START_MS, END_MS]]}
 *   "lines" are 1-based line numbers, in "file", of the non-blank lines of
 *   the paragraphs' text, each once (labels alone on their line are not
 *   included; a note's lines are its own). "range" gives where the text
 *   stands in the file as byte offsets, START inclusive and END exclusive,
 *   from its first character after the label to its last (a paragraph's;
 *   a note's from its first line to its last, nested notes included): one
 *   line may hold a label, markup and text in two languages, which line
 *   numbers alone cannot tell apart. A note also has "reason" (front
 *   matter, heading, toggle, credit …; "" when its kind says it). A side's
 *   "text" is its paragraphs joined by "\n". "position": the note stands
 *   before segment index position+1 (after the last when position equals
 *   the number of segments). Times appear for timed (subtitle) paragraphs
 *   only. A speaker's "chars" are the characters (non-spaces) of its
 *   Chinese text, its "words" the words of its English text: the counts
 *   --check and the speaker panel show (doc_speaker).
 *
 * --dump: the rows the layout module builds (layout.h) for a screen `width`
 *   columns wide in `mode`, each as layout_row_text gives it, one per line:
 *   the same cells the reader shows, so every segment starts on the same
 *   line in both columns, under a header row naming its speaker.
 *
 * --export tsv: UTF-8, '\n' line ends. The first line is the header
 *   "speaker<TAB>zh<TAB>en<TAB>time<TAB>confidence<TAB>flags"; then one line
 *   per segment, in order, with six fields:
 *     speaker     its name, empty when unknown;
 *     zh, en      the Chinese paragraphs joined by a newline, the English
 *                 ones likewise; an empty field is a side with no paragraph
 *                 (a 1-0 or 0-1 bead);
 *     time        the earliest start of its timed paragraphs as H:MM:SS.mmm
 *                 ("1:02:03.042"), empty when none is timed;
 *     confidence  "0.00" to "1.00", rounded to the same side of
 *                 DOC_WEAK_CONFIDENCE as the segment's own (0.496 is 0.49);
 *     flags       a comma-separated list, empty when none: "doubtful" when
 *                 the confidence is below DOC_WEAK_CONFIDENCE ("manual" is
 *                 kept for pairings a person made).
 *   The text fields are encoded as escape.h describes (\\ \t \n \r) so
 *   that no field holds a raw tab or line end, and a field that would start
 *   with = + - or @ starts with a backslash ("\=SUM(A1)"): no cell runs as
 *   a spreadsheet formula (OWASP's CSV injection; no cell starts with a raw
 *   tab or carriage return either), and --format=tsv decodes it back, so
 *   what this writes reads back to the same TSV. Notes are not part of it.
 *
 * --export md: a Markdown document: the file name as title, a line naming
 *   the layout, speakers and segment count, then every segment as a level-2
 *   heading ("N. Speaker") with its Chinese and then its English as block
 *   quotes, and the notes as quoted blocks where they stand.
 */
#ifndef DUET_EXPORT_H
#define DUET_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "filter.h"
#include "layout.h"
#include "status.h"

/* The accounting of one source: its lines, the doc's lines (doc.h: the
 * source lines, or the pieces a reader cut them into) by role, the
 * non-blank bytes by role, and every doc line that is not accounted for
 * exactly once. */
typedef struct export_accounting {
    size_t lines;                      /* source lines */
    size_t blank;                      /* of which blank */
    size_t ranges;                     /* the doc's lines (== lines when the
                                          reader cut nothing) */
    size_t roles[DOC_LINE_UNACCOUNTED + 1]; /* doc lines per doc_line_role */
    size_t bytes[DOC_LINE_UNACCOUNTED + 1]; /* non-blank bytes per role; an
                                          inline label's are LABEL's; bytes
                                          outside every doc line UNACCOUNTED */
    size_t problems;                   /* doc lines not accounted for exactly
                                          once, and stretches of bytes outside
                                          every doc line */
} export_accounting;

/* Counts source `source`'s lines by role and checks that each is accounted
 * for exactly once: a TEXT line lies in exactly one paragraph of a
 * language (or in neighbouring one-line ones: a TSV field of two
 * paragraphs; a table row or a TSV line holds text of both languages), a
 * NOTE line in exactly one note (the innermost: a note may hold another),
 * a LABEL line is the label of some paragraph, no line is UNACCOUNTED, and
 * every non-blank byte lies in some line. When `out` is not NULL, writes
 * one line per problem ("line N: …", "line N, bytes A-B: …" for a piece of
 * a line). ST_NO_MEMORY when memory runs out. */
status export_account(const doc *d, size_t source, export_accounting *acc, FILE *out);

/* Writes the --check report: layout, its evidence and the runner-up,
 * languages, speakers with label variants and counts ("3 segments, 120
 * characters, 80 words": the JSON's and the panel's), paragraphs per
 * language, segments with bead shapes and confidences, notes with their
 * reasons, and the accounting of every source. *transcript becomes true
 * when d is a bilingual transcript — two pairs or more (segments holding
 * both languages; one of three paragraphs and two holds two), and those
 * segments hold most of its text — with every
 * non-blank line accounted for; otherwise `why` (EXPORT_WHY_MAX) gets a
 * one-line reason saying what was found instead. */
#define EXPORT_WHY_MAX 160
status export_check(const doc *d, FILE *out, bool *transcript, char why[EXPORT_WHY_MAX]);

/* Writes d as --dump prints it (above); width >= 1, measured in the width
 * context tw (NULL: the default). */
status export_dump(const doc *d, int width, layout_mode mode, const text_widths *tw, FILE *out);

/* export_dump with the segments filter f hides left out (--speaker); a
 * NULL filter hides nothing. */
status export_dump_filtered(const doc *d, int width, layout_mode mode, const text_widths *tw,
                            const filter_state *f, FILE *out);

/* Writes d as JSON (shape above). */
status export_json(const doc *d, FILE *out);

/* Writes d as TSV (format above). */
status export_tsv(const doc *d, FILE *out);

/* Writes d as a Markdown document (shape above). */
status export_md(const doc *d, FILE *out);

#endif
