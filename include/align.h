/* align — pairing Chinese and English paragraphs into segments.
 *
 * Dynamic programming over beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1, and more
 * where needed) with a cost that combines length agreement (Gale & Church
 * 1993, the Chinese/English length ratio estimated from the document
 * itself), speaker agreement, and anchors both sides share (numbers, Latin
 * words inside the Chinese such as OpenAI or ModelScope). The search is
 * banded around the diagonal, so memory and time grow with n, not n*m:
 * 100,000 paragraphs a side align in well under a second.
 *
 * Knows nothing of formats or the screen.
 */
#ifndef DUET_ALIGN_H
#define DUET_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "status.h"

/* Replaces d's segments with an alignment of all its paragraphs. Each
 * segment gets a speaker (that of its paragraphs) and a confidence in
 * 0..1. Paragraphs of different speakers on one side never share a segment. */
status align_document(doc *d);

#endif
