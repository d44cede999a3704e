/* srt — SubRip subtitles: numbered cues with `00:01:02,500 --> 00:01:05,000`
 * time lines, a Chinese and an English line per cue, or every cue once per
 * language, or two files (talk.zh.srt talk.en.srt). The reading and the
 * pairing by time are subtitle.h's. */
#include "format.h"
#include "subtitle.h"

static int srt_probe(const doc *d, format_scans *scans, char *evidence)
{
    (void)scans;
    return subtitle_probe(d, SUB_SRT, evidence);
}

const format format_srt = {
    .name = "srt",
    .summary = "SRT subtitles: both languages per cue, each cue once per language, or two files",
    .min_sources = 1,
    .max_sources = 2,
    .probe = srt_probe,
    .parse = subtitle_parse,
};
