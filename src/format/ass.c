/* ass — ASS/SSA subtitle scripts (Advanced SubStation Alpha, the fan-sub
 * editors' format): [Script Info], [V4+ Styles] and [Events] sections,
 * `Dialogue: 0,0:00:01.00,0:00:03.50,Default,,0,0,0,,中文\N{\fs14}English`
 * events holding both languages split at \N, or one event per language
 * with the same times (styles CN / EN). Override blocks {\…} and \h are
 * dropped, the Name field gives the speaker, Comment events are notes.
 * The reading and the pairing by time are subtitle.h's. */
#include "format.h"
#include "subtitle.h"

static int ass_probe(const doc *d, format_scans *scans, char *evidence)
{
    (void)scans;
    return subtitle_probe(d, SUB_ASS, evidence);
}

const format format_ass = {
    .name = "ass",
    .summary = "ASS/SSA subtitle scripts: both languages per event (split at \\N), or an event per language",
    .min_sources = 1,
    .max_sources = 2,
    .probe = ass_probe,
    .parse = subtitle_parse,
};
