/* interleaved — paragraphs alternate languages, each translation right
 * after (or before) its original (alternating.h). The whole list is
 * aligned: an untranslated paragraph stands alone, a paragraph translated
 * as two pairs with both; one-sided unlabelled paragraphs at the ends are
 * the intro and the footer. */
#include <stdio.h>

#include "alternating.h"
#include "format.h"

/* High when nearly every paragraph is followed by one in the other
 * language; lower when the turns look like inline pairs instead. */
static int interleaved_probe(const doc *d, format_scans *scans, char *evidence)
{
    evidence[0] = '\0';
    alt_plan p;
    if (d->nsources != 1 || alt_plan_make(d, scans, false, &p) != ST_OK)
        return 0;
    double r = alt_alternation(&p), in = alt_inline_share(&p);
    int score = (int)(r * (92.0 - 50.0 * in) + 0.5);
    alt_evidence(&p, evidence);
    alt_plan_free(&p);
    return score;
}

static status interleaved_parse(doc *d, format_scans *scans, char *why)
{
    return alt_parse(d, scans, PAIR_RUNS | PAIR_PEEL, why);
}

const format format_interleaved = {
    .name = "interleaved",
    .summary = "paragraphs alternate languages, each translation after its original",
    .min_sources = 1,
    .max_sources = 1,
    .probe = interleaved_probe,
    .parse = interleaved_parse,
};
