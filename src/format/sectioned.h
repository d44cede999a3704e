/* sectioned — reading one source the way the sectioned layout does, for the
 * readers that share it (two files, one language each). Internal to
 * src/format/. */
#ifndef DUET_FORMAT_SECTIONED_H
#define DUET_FORMAT_SECTIONED_H

#include <stdint.h>

#include "doc.h"
#include "format.h"
#include "lang.h"
#include "status.h"

/* Reads source `source` of d: intro, marker, noise and footer notes, the
 * speakers, and the turns as paragraphs, its furniture's notes. With
 * `only` LANG_ZH or LANG_EN the whole source is one section whose turns go
 * to that language; with LANG_NONE, one or two sections as the layout
 * finds them. With `titles` the intro (but markers) is read as text with
 * no speaker: two files that each open with a title pair their titles.
 * Takes the source's scan from `scans` when it holds one. `why`
 * (FORMAT_EVIDENCE_MAX bytes) says more on a failure. */
status sectioned_read(doc *d, format_scans *scans, uint32_t source, lang_id only, bool titles,
                      char *why);

/* How many intro paragraphs (not markers) sectioned_read would find in
 * source `source` read with `only`. */
size_t sectioned_intro(const doc *d, format_scans *scans, uint32_t source, lang_id only);

#endif
