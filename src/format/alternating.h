/* alternating — what the interleaved and inline-pair layouts share:
 * paragraphs whose languages alternate, each translation next to its
 * original. Internal to src/format/.
 *
 *   interleaved   主持人：你怎么看？        inline pair   Host: What do you think?
 *                                                         主持人：你怎么看？
 *                 Host: What do you think?                Guest: It is good.
 *                                                         嘉宾：很好。
 *                 这很好。
 *
 *                 It is good.
 *
 * The paragraphs (scan.h) become units. The pairing itself aligns the
 * whole list (pair.h, PAIR_RUNS): each pair is taken from neighbouring
 * stretches of the two languages, in whichever order the content says,
 * pair by pair. The plan's blocks serve detection and its evidence: a run
 * of paragraphs in the document's usual first language (the one more
 * transitions start from, zh -> en or en -> zh) followed by a run in the
 * other, a labelled paragraph whose speaker is known to differ from the
 * block's starting a block of its own. Paragraphs in neither language and
 * labels that own no text are noise; one-sided unlabelled paragraphs at
 * either end are intro and footer (pair.h).
 *
 * The probe measures alternation (the share of neighbouring paragraphs in
 * different languages) and how many turns look like an inline pair: the
 * first paragraph of the block opens with its label ("Host: text") and its
 * translation follows on the very next line.
 */
#ifndef DUET_FORMAT_ALTERNATING_H
#define DUET_FORMAT_ALTERNATING_H

#include <stddef.h>

#include "doc.h"
#include "format.h"
#include "pair.h"
#include "scan.h"
#include "status.h"

typedef struct alt_plan {
    scan sc;
    pair_list L;
    lang_id first;         /* the language blocks start with */
    size_t nunits, nlang[LANG_SIDES];
    size_t alternations;   /* neighbouring units in different languages */
    size_t transitions[LANG_SIDES]; /* of which from zh / from en */
    size_t blocks, two_sided, inline_pairs; /* blocks; with both languages;
                               of which opening "Label: text" with the
                               translation on the next line */
    size_t labelled;       /* units with a label of their own */
    size_t noise;          /* paragraphs of neither language, orphan labels */
} alt_plan;

/* Builds the plan of d's only source from its scan in `scans` (taken for
 * a parse, copied for a probe); free with alt_plan_free. */
status alt_plan_make(const doc *d, format_scans *scans, bool take, alt_plan *p);

void alt_plan_free(alt_plan *p);

/* The alternation score (0..1): neighbouring units in different languages,
 * scaled down when one language has far fewer units than the other. */
double alt_alternation(const alt_plan *p);

/* The share of two-sided blocks that look like an inline pair (0..1). */
double alt_inline_share(const alt_plan *p);

/* Writes the evidence lines of a plan (FORMAT_EVIDENCE_MAX bytes). */
void alt_evidence(const alt_plan *p, char *ev);

/* Fills d from the plan (PAIR_* flags: both layouts pair by PAIR_RUNS and
 * peel one-sided ends), the scan's furniture with it. */
status alt_parse(doc *d, format_scans *scans, unsigned flags, char *why);

#endif
