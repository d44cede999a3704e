/* preview — the first screens of a large transcript, at once, while the
 * whole of it loads.
 *
 * Loading 100 MB (parsing every line, aligning every paragraph) takes
 * seconds; its first screen depends only on its start. A preview is a
 * document read the same way (format.h, the same readers and aligner) from
 * the heads of the input: the layout is the one detection picks on the
 * same kind of sample of the raw bytes; the text is the start of each file,
 * or for the sectioned layout the start of each language's section (the
 * switch between them found by sampling the languages of stretches of
 * text, a binary search). Where a head was cut, its last paragraphs pair
 * with whatever the other head had, so the preview keeps only the segments
 * well inside both heads (PREVIEW_KEEP of each side's paragraphs, and
 * never its last PREVIEW_DROP segments), and only the notes before them.
 *
 * What it promises: its segments are the whole document's first segments —
 * the same paragraphs (text and speaker names) in the same pairs — as long
 * as the head shows what the whole shows (layout, speakers, the length
 * ratio of the languages). It is for showing only: counts, speaker totals
 * and line roles are the heads', and the reader waits for the whole
 * document for anything that needs it (reader.h: `loading`).
 *
 * Pure: plain bytes in, a doc out; no threads, no files.
 */
#ifndef DUET_PREVIEW_H
#define DUET_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "format.h"
#include "status.h"

/* Inputs smaller than this (each) load whole before the first screen: they
 * take a few milliseconds. */
#define PREVIEW_MIN_BYTES ((size_t)512 * 1024)
/* Bytes read from the start of each file or section. */
#define PREVIEW_HEAD_BYTES ((size_t)16 * 1024)
/* The share of each side's paragraphs the kept segments may reach, and the
 * segments always dropped at the end. */
#define PREVIEW_KEEP 0.7
#define PREVIEW_DROP 3

/* True when some input is large enough for a preview to pay. */
bool preview_worth(const size_t *lens, size_t n);

/* A preview of the n inputs (bytes[i], lens[i] bytes, named names[i]) in
 * layout `forced` (NULL: detected). On success *out is a finished doc the
 * caller frees with doc_free, with at least one segment. Any failure
 * (ST_NOT_TRANSCRIPT when no preview can be trusted: no clear switch
 * between the sections, too few segments) means: load the whole instead. */
status preview_build(const char *const *names, const char *const *bytes, const size_t *lens,
                     size_t n, const format *forced, doc **out);

#endif
