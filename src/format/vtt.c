/* vtt — WebVTT subtitles: a WEBVTT header, cues with `00:01.000 -->
 * 00:04.000` time lines (settings after them ignored), voice spans
 * `<v Name>` naming the speaker, markup tags stripped; one file or two.
 * The reading and the pairing by time are subtitle.h's. */
#include "format.h"
#include "subtitle.h"

static int vtt_probe(const doc *d, format_scans *scans, char *evidence)
{
    (void)scans;
    return subtitle_probe(d, SUB_VTT, evidence);
}

const format format_vtt = {
    .name = "vtt",
    .summary = "WebVTT subtitles (voice spans <v Name> give the speaker), one file or two",
    .min_sources = 1,
    .max_sources = 2,
    .probe = vtt_probe,
    .parse = subtitle_parse,
};
