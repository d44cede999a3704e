/* two-files — `duet zh.txt en.txt`: one language per file (either order),
 * each with its own labels (主持人： in one, Host: in the other), its own
 * intro, noise and footer. Each file is read as one section of the
 * sectioned layout (sectioned.h) in the language most of its paragraphs
 * are in; the alignment pairs them (format_load aligns a doc without
 * segments) and merges the speakers it finds to be one person. When both
 * files open with a title (an intro), the titles are text too, and pair
 * as the first segment. Two files in the same language are refused,
 * naming both. */
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "scan.h"
#include "sectioned.h"

/* The language most paragraphs of source s are in, with the counts. */
static status two_language(const doc *d, format_scans *scans, uint32_t s, lang_id *lang,
                           size_t count[LANG_SIDES])
{
    scan own = {0};
    const scan *sc;
    status st = scan_set_get(scans, d, s, &own, &sc);
    if (st != ST_OK)
        return st;
    count[0] = count[1] = 0;
    for (size_t i = 0; i < sc->nparas; i++)
        if (!sc->paras[i].orphan && sc->paras[i].lang < LANG_SIDES)
            count[sc->paras[i].lang]++;
    *lang = count[0] + count[1] == 0 ? LANG_NONE
            : count[LANG_ZH] >= count[LANG_EN] ? LANG_ZH : LANG_EN;
    scan_free(&own);
    return ST_OK;
}

/* The file name for messages: "standard input" for "-". */
static const char *two_name(const doc *d, uint32_t s)
{
    return strcmp(d->sources[s].path, "-") == 0 ? "standard input" : d->sources[s].path;
}

/* Two plain-text files: 90 when each is mostly one language and they
 * differ; 40 when they are the same language (parse then says so); 0 when
 * either has no text. Subtitle pairs score higher in their own probes. */
static int two_probe(const doc *d, format_scans *scans, char *evidence)
{
    evidence[0] = '\0';
    if (d->nsources != 2)
        return 0;
    lang_id lang[2];
    size_t count[2][LANG_SIDES];
    size_t used = 0;
    for (uint32_t s = 0; s < 2; s++) {
        if (two_language(d, scans, s, &lang[s], count[s]) != ST_OK)
            return 0;
        int k = snprintf(evidence + used, FORMAT_EVIDENCE_MAX - used,
                         "%s%s: %s (%zu zh, %zu en paragraphs)", s ? "\n" : "",
                         two_name(d, s), lang_code(lang[s]), count[s][LANG_ZH], count[s][LANG_EN]);
        if (k > 0 && (size_t)k < FORMAT_EVIDENCE_MAX - used)
            used += (size_t)k;
    }
    if (lang[0] == LANG_NONE || lang[1] == LANG_NONE)
        return 0;
    return lang[0] != lang[1] ? 90 : 40;
}

static status two_parse(doc *d, format_scans *scans, char *why)
{
    why[0] = '\0';
    if (d->nsources != 2) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "this layout reads two files");
        return ST_BAD_FORMAT;
    }
    lang_id lang[2];
    size_t count[2][LANG_SIDES];
    for (uint32_t s = 0; s < 2; s++) {
        status st = two_language(d, scans, s, &lang[s], count[s]);
        if (st != ST_OK)
            return st;
        if (lang[s] == LANG_NONE) {
            snprintf(why, FORMAT_EVIDENCE_MAX, "%s has no Chinese or English text",
                     two_name(d, s));
            return ST_NOT_TRANSCRIPT;
        }
    }
    if (lang[0] == lang[1]) {
        snprintf(why, FORMAT_EVIDENCE_MAX, "%s and %s are both %s", two_name(d, 0),
                 two_name(d, 1), lang[0] == LANG_ZH ? "Chinese" : "English");
        return ST_SAME_LANGUAGE;
    }
    /* two titles (or intros) in two languages say the same: they pair as a
     * segment, as the turns do, when both files open with one */
    bool titles = sectioned_intro(d, scans, 0, lang[0]) && sectioned_intro(d, scans, 1, lang[1]);
    for (uint32_t s = 0; s < 2; s++) {
        status st = sectioned_read(d, scans, s, lang[s], titles, why);
        if (st != ST_OK)
            return st;
    }
    return ST_OK;
}

const format format_two_files = {
    .name = "two-files",
    .summary = "two files, one language each (either order), aligned like the sectioned layout",
    .min_sources = 2,
    .max_sources = 2,
    .probe = two_probe,
    .parse = two_parse,
};
