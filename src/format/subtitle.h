/* subtitle — SRT and WebVTT, one file or two, for the srt and vtt readers.
 * Internal to src/format/.
 *
 * A cue is an optional identifier line (the SRT number), a time line
 * (`00:01:02,500 --> 00:01:05,000`, WebVTT with dots, minutes-only and
 * settings after the times, which are ignored) and text lines up to a blank
 * line. The text loses its markup — WebVTT tags (<i>, <b>, <c.x>, <ruby>,
 * inline timestamps), SRT <font>, ASS overrides ({\an8}) — and entities
 * (&amp; …) are decoded. The speaker comes from a WebVTT voice span
 * (`<v Name>`), or a `Name:` label opening a line; `- ` opening a line
 * marks a change of speaker without a name. A cue without a name keeps the
 * speaker before it.
 *
 * Each cue line is Chinese or English (a line of neither goes with its
 * neighbour); a cue may hold both languages (a line of each), or one (a
 * file where every cue appears once per language, or two files). The
 * Chinese and English cues are paired by time: each cue is linked to the
 * cue of the other language it overlaps most (a cue holding both languages
 * to itself), and linked cues form one block, read in time order; a cue
 * that overlaps nothing stands alone (1-0, 0-1). Consecutive blocks of one
 * speaker become one segment (a turn), and every paragraph keeps its cue's
 * times.
 *
 * Bad input: a cue whose time line does not parse (or ends before it
 * starts), and text outside any cue in the middle of the file, are skipped
 * and kept as notes (DOC_NOTE_SKIPPED; the evidence counts them); text
 * before the first cue is an intro, after the last a footer; a missing
 * blank line between cues, a BOM and CRLF line ends are read through;
 * overlapping cues are loaded as they are (the evidence counts them).
 * WebVTT header, STYLE and REGION blocks are markup; NOTE blocks are notes.
 */
#ifndef DUET_FORMAT_SUBTITLE_H
#define DUET_FORMAT_SUBTITLE_H

#include <stdbool.h>

#include "doc.h"
#include "format.h"
#include "status.h"

typedef enum { SUB_ANY, SUB_SRT, SUB_VTT, SUB_ASS } sub_kind;

/* How well d's sources look like subtitles of that kind (0..100), with
 * the evidence (FORMAT_EVIDENCE_MAX bytes; when it is 0, the first line
 * says why). SUB_VTT wants the WEBVTT header in every file, SUB_ASS an
 * ASS/SSA script (both score 98); SUB_SRT takes any cues (97; 90 for
 * WebVTT files and ASS scripts, which --format srt reads too). */
int subtitle_probe(const doc *d, sub_kind kind, char *evidence);

/* Fills d from its subtitle sources (one file or two). */
status subtitle_parse(doc *d, format_scans *scans, char *why);

#endif
