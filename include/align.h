/* align — pairing Chinese and English paragraphs into segments.
 *
 * A monotone alignment of the two paragraph lists into beads: 1-1, 1-2,
 * 2-1, 2-2, 1-3, 3-1, 1-0 and 0-1 (Chinese-English paragraph counts), found
 * by dynamic programming over a cost that is a negative log-likelihood, so
 * its terms add up and its margins read as odds:
 *
 *   length   Gale & Church (1993): an English rendering of Chinese text of
 *            Z characters carrying L Latin letters/digits has about c*Z + L
 *            English letters and digits, with variance k*c^2 per character
 *            (plus a small floor so a one-word turn is not judged on noise).
 *            c and k come from the document itself: c from the totals, then
 *            both again from a first alignment's paired beads, shrunk
 *            towards the priors (c from the totals, k = 2.0: a little
 *            looser than the seed transcript's 1.6, whose c is 3.0). Latin
 *            words inside Chinese count as what they are: letters copied
 *            verbatim.
 *            Chinese is measured in Han/Kana/Hangul characters, English in
 *            letters and digits: both ignore punctuation, whose width and
 *            spacing differ between sources (ASCII-flattened or not).
 *            A paragraph with no counterpart (1-0, 0-1) pays its prior and
 *            a gentle log-length term instead: a translator drops a
 *            paragraph whatever its length, and Gale & Church's Gaussian
 *            would rather glue a dropped paragraph to a neighbour.
 *   speaker  a segment has one speaker: paragraphs of two different known
 *            speakers on one side never share a bead (infinite cost). A
 *            bead whose two sides name different people costs MISMATCH;
 *            names used on both sides match by identity, names used on one
 *            side only (Host: / 主持人:) by a correspondence learned from a
 *            first pass (each other's best partner: most beads together,
 *            then the closer paragraph count). Before anything is learned,
 *            turn changes still tell: a bead that starts a new speaker's
 *            turn on one side but not on the other costs TURN.
 *            Where both languages name most of their speakers, a named
 *            paragraph paired with an unnamed one (a title, an intro)
 *            costs UNNAMED.
 *   anchors  numbers (digits, Chinese numerals, English number words:
 *            22 / 二十二 / twenty-two; amounts either way: 25万 / 250,000,
 *            十二亿 / 1.2 billion; percentages: 百分之五 / 5%; months:
 *            三月 / March) and Latin tokens in the Chinese
 *            (OpenAI, ModelScope, AGI, API ~ APIs) found in the bead's
 *            English lower the cost by an idf weight taken among the
 *            English paragraphs nearby (a token rare where it stands tells
 *            neighbouring pairings apart; "AI" in every paragraph, or the
 *            topic of the moment, does not), each distinct token once per
 *            bead — so joining a paragraph to a bead earns nothing for a
 *            token the bead already has. A number written in figures on
 *            one side that the other side of the bead lacks in any form
 *            costs FIGURE_MISS (translators keep numbers).
 *   marks    a question on one side only costs QUESTION, a quotation on
 *            one side only QUOTE; an aside paired with anything but one
 *            aside ((笑) with [laughter]) ASIDE_MIX.
 *   times    items with times (subtitle cues, timed turns) are anchors: a
 *            bead whose two sides' spans do not overlap costs TIME_APART,
 *            one that shares part of them TIME_SPREAD per share not shared.
 *   runs     (align_options.runs) the two lists come from one sequence in
 *            which each translation stands next to its original, before
 *            or after it (interleaved paragraphs, inline pairs, cues): a
 *            pair whose sides are not in neighbouring runs of a language
 *            costs RUN_GAP per run between; which language comes first is
 *            each pair's own, and a pair in the order its neighbours (the
 *            ORDER_NEAR pairs each way of a first pass) do not use costs
 *            up to ORDER — which tells a pair from the same pair shifted by
 *            one where a title or an untranslated paragraph stands. There
 *            a one-sided paragraph is likelier (RUNS_DROP_P): the layout
 *            shows the gap.
 *   priors   -log P(bead): 1-1 is the norm, merges and drops are rare.
 *            A paragraph that is only a bracketed remark ((笑), [laughter])
 *            is an aside: it may stand alone cheaply.
 *
 * Two passes: the first (over the first 4,000 Chinese paragraphs of a
 * long document) learns the ratio, the variance, the speaker
 * correspondence and (runs) the usual order; the second aligns with them —
 * or is skipped when the first already used what it learned.
 *
 * Search is banded: row i (Chinese boundary i) holds a window of English
 * boundaries that follows the previous row's best cell (5 behind, 13 ahead
 * by default), so time and memory are O(n * band). A path that comes near
 * the window's edge is sought again in a window four times as wide; an end
 * out of reach, in a window on the straight diagonal. Small documents (up
 * to about a million cells) get the full table, hence the exact optimum.
 *
 * Confidence: a forward and a backward pass give every bead its
 * min-marginal — the cost of the best alignment that holds it — and every
 * paragraph the two lowest among the beads over it. A bead's margin m is
 * the best alignment without it (any other bead over one of its
 * paragraphs: another partner, a split, a drop; merely joining
 * neighbouring pairs of the path into a bigger segment does not count)
 * less the best with it, in nats (odds of e^m : 1); the confidence is
 * tanh(m / 2) = (odds - 1) / (odds + 1) for m > 0, else 0: 0.5 at 3:1, 0.9
 * at 19:1 — scaled down when the bead's own length agreement is poor
 * (two-sided p below 0.05). The same rule rates any pairing given from
 * outside (align_rate): a pair the model finds worse than an alternative
 * scores 0. Below DOC_WEAK_CONFIDENCE a segment is doubtful.
 *
 * Knows nothing of formats or the screen.
 */
#ifndef DUET_ALIGN_H
#define DUET_ALIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "status.h"

/* One paragraph as the aligner sees it (the low-level, text-free input). */
typedef struct align_item {
    float len;       /* zh: Han/Kana/Hangul characters; en: letters and digits */
    float lit;       /* zh: Latin letters and digits inside the Chinese, which
                        the English carries verbatim (counted in en's len too);
                        en: 0 */
    int speaker;     /* >= 0, or -1 when unknown. The same id on both sides
                        means the same person; ids used on one side only are
                        matched by the aligner */
    uint32_t nanchors;
    const uint32_t *anchors; /* sorted, distinct ids of anchor tokens, in one
                                id space for both sides; not owned */
    const uint32_t *figures; /* sorted, distinct, nfigures: the anchors that
                                are numbers written in figures (2024, 25万,
                                5%) — on the English side also those the
                                Chinese lacks; not owned */
    uint32_t nfigures;
    uint32_t run;    /* with align_options.runs: the paragraph's run, where
                        the two lists come from one sequence and a run is a
                        stretch of it in one language, numbered over both
                        lists in order (runs alternate languages); else 0 */
    int64_t start_ms, end_ms; /* its time span (a subtitle cue, a timed
                        turn); untimed unless end_ms > start_ms, so a zeroed
                        item is untimed */
    bool aside;      /* a bracketed remark that may stand alone: (笑) */
    uint8_t questions; /* question marks (? ？), at most 255 */
    uint8_t quotes;  /* quoted passages (“…” 「…」 "…"), at most 255 */
} align_item;

/* One paragraph as text (the input of align_texts). */
typedef struct align_text {
    const char *text; /* valid UTF-8, len bytes */
    size_t len;
    int speaker;      /* as in align_item */
    uint32_t run;     /* as in align_item */
    int64_t start_ms, end_ms; /* as in align_item */
} align_text;

typedef struct align_options {
    unsigned band;    /* half-width of the search window in paragraphs;
                         0 chooses (full table when small, else 5 and
                         widened on need); tests set it small to cross the
                         window edges */
    double drop_p;    /* prior probability of a 1-0 or 0-1 bead; 0 keeps
                         the default (0.01). A layout that already knows a
                         paragraph has no neighbour in its place (an
                         interleaved block of one paragraph and two) makes
                         a drop as likely as a split */
    bool runs;        /* the items' run fields hold the order of one
                         sequence (interleaved layouts, subtitles): a pair
                         stands in two neighbouring runs */
} align_options;

/* Two one-sided speaker ids the alignment pairs consistently. */
typedef struct align_speaker_pair {
    int zh, en;
} align_speaker_pair;

/* What align_items / align_texts produce; free with align_result_free. */
typedef struct align_result {
    doc_segment *beads;  /* nbeads, in order; they partition both lists */
    size_t nbeads;
    align_speaker_pair *pairs; /* one-sided speakers found to be one person */
    size_t npairs;
    double ratio;        /* c used: English letters per Chinese character */
    double variance;     /* k used: variance per character, in zh units */
    unsigned band;       /* half-width of the final window; 0 = full table */
    size_t bytes;        /* peak memory the aligner itself held */
} align_result;

/* Aligns zh[0..nzh) with en[0..nen) (either may be empty). On success *out
 * holds the beads (each with its speaker — the Chinese side's when known —
 * and a confidence in 0..1); ST_NO_MEMORY otherwise, *out left empty. */
status align_items(const align_item *zh, size_t nzh, const align_item *en,
                   size_t nen, const align_options *opt, align_result *out);

/* Measures texts into items (lengths, asides, anchor tokens shared by both
 * sides) and aligns them as align_items does. */
status align_texts(const align_text *zh, size_t nzh, const align_text *en,
                   size_t nen, const align_options *opt, align_result *out);

/* The confidence the model gives each of beads[0..nbeads) — a pairing of
 * the texts from elsewhere (a layout, a hand, a test): a partition of both
 * lists in order — written into each bead's confidence, by the rule of
 * the beads align_texts finds: high when the bead is much likelier than
 * any alignment without it, 0 when one without it is likelier. ST_USAGE
 * when the beads are no such partition. */
status align_rate(const align_text *zh, size_t nzh, const align_text *en, size_t nen,
                  const align_options *opt, doc_segment *beads, size_t nbeads);

/* Frees what a result holds; safe on a zeroed or freed result. */
void align_result_free(align_result *r);

/* Replaces d's segments with an alignment of all its paragraphs. Each
 * segment gets a speaker (that of its paragraphs) and a confidence in
 * 0..1. Paragraphs of different speakers on one side never share a segment.
 * Speakers labelled differently in the two languages whom the alignment
 * pairs consistently are merged (doc_speaker_merge: "主持人 / Host"). */
status align_document(doc *d);

#endif
