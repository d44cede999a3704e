/* testload — loading small transcripts from strings for the layout tests,
 * and describing what came out as short strings to compare: paragraphs,
 * segments, notes, line roles. Shared test support (linked into every unit
 * test). */
#ifndef DUET_TESTLOAD_H
#define DUET_TESTLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "format.h"

/* Loads one text (named "t.txt") with the layout `forced` (NULL: detect);
 * fails the test unless the status is `want`. Returns the doc on ST_OK,
 * else NULL; *report (may be NULL) gets the report. */
doc *testload_one(const char *text, const char *forced, status want, format_report *report);

/* The same for two texts named a and b. */
doc *testload_two(const char *a, const char *ta, const char *b, const char *tb,
                  const char *forced, status want, format_report *report);

/* True when `path` (a file of ../shared, the published seed and development
 * set beside the repository, which a clone does not have) can be read; else
 * prints "SKIP: <what> (no ../shared)" and returns false, and the caller
 * skips that case; the line also goes to $DUET_SKIP_LOG, which tests/run
 * lists in its summary. */
bool testload_shared(const char *path, const char *what);

/* Loads a file from disk (tests run from the repository root), detected. */
doc *testload_file(const char *path, const char *path2);

/* Paragraphs of language l: "first[-last]:speaker[/label_line][@start_ms]"
 * each, space-separated ("?" for no speaker). Static buffer. */
const char *testload_units(const doc *d, lang_id l);

/* Segments: "zh-lines/en-lines" each, space-separated, lines joined by ','
 * ("-" for an empty side), the lines being each side's paragraphs' first
 * lines. Static buffer. */
const char *testload_segments(const doc *d);

/* Notes: "kind:first[-last]" each, space-separated. Static buffer. */
const char *testload_notes(const doc *d);

/* The text of paragraph i of language l. Static buffer. */
const char *testload_text(const doc *d, lang_id l, size_t i);

/* Fails the test unless every non-blank line of every source is accounted
 * for exactly once (export_account) and the segments partition both lists. */
void testload_accounted(const doc *d);


#endif
