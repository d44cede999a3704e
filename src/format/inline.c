/* inline — inline pairs: "Speaker: text" in one language, then the same
 * turn's translation on the next line(s), turn after turn (alternating.h).
 * The lines pair as the interleaved layout's paragraphs do. */
#include <stdio.h>

#include "alternating.h"
#include "format.h"

/* High when the languages alternate and most turns open with their label
 * and have the translation on the very next line. */
static int inline_probe(const doc *d, format_scans *scans, char *evidence)
{
    evidence[0] = '\0';
    alt_plan p;
    if (d->nsources != 1 || alt_plan_make(d, scans, false, &p) != ST_OK)
        return 0;
    double r = alt_alternation(&p), in = alt_inline_share(&p);
    int score = (int)(r * (40.0 + 55.0 * in) + 0.5);
    alt_evidence(&p, evidence);
    alt_plan_free(&p);
    return score;
}

static status inline_parse(doc *d, format_scans *scans, char *why)
{
    return alt_parse(d, scans, PAIR_RUNS | PAIR_PEEL, why);
}

const format format_inline = {
    .name = "inline",
    .summary = "\"Speaker: text\" then the same turn's translation on the next line",
    .min_sources = 1,
    .max_sources = 1,
    .probe = inline_probe,
    .parse = inline_parse,
};
