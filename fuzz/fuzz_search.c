/* fuzz_search — folding and matching (search.h) on any document and any
 * pattern.
 *
 * Input: byte 0 is the pattern's length k, bytes 1..k the pattern, the
 * rest the transcript (loaded as duet would, any layout). Both are
 * sanitised first (the pattern without line ends or tabs). Invariants:
 * folded text is valid UTF-8 and its map sorted, leading back inside the
 * text to whole clusters; search_run finds, unit by unit, exactly the
 * occurrences (overlapping ones too) that a naive scan of each unit's own
 * folding finds; narrowing a previous result by a longer pattern gives the
 * same matches as a fresh search; every match maps back to a non-empty
 * range of its unit's text; a streamed index (no folded copy) finds the
 * same. Simplified and traditional are folded (hanzi.h) through one map
 * loaded on the first input and kept, as a load costs tens of
 * milliseconds; without OpenCC's data the target runs without it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "format.h"
#include "hanzi.h"
#include "search.h"
#include "text.h"

/* The map every input shares: a harness's own state, kept for the run. */
static const hanzi_map *fuzz_search_hanzi(void)
{
    static hanzi_map *map;
    static bool tried;
    if (!tried) {
        tried = true;
        map = hanzi_load(NULL, NULL, 0);
    }
    return map;
}

/* The pattern: sanitised, tabs and line ends dropped; malloc'ed. */
static char *fuzz_search_pattern(const char *s, size_t n, size_t *len)
{
    text_decoded t;
    CHECK(text_decode(s, n, &t), "text_decode");
    char *p = malloc(t.len + 1);
    CHECK(p != NULL, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < t.len; i++)
        if (t.buf[i] != '\n' && t.buf[i] != '\t')
            p[k++] = t.buf[i];
    p[k] = '\0';
    *len = k;
    text_decoded_free(&t);
    return p;
}

static void fuzz_search_unit_text(const doc *d, const search_unit *u, const char **s, size_t *n)
{
    if (u->kind == SEARCH_UNIT_PARA) {
        *s = d->paras[u->lang][u->index].text;
        *n = d->paras[u->lang][u->index].len;
    } else {
        *s = d->notes[u->index].text;
        *n = d->notes[u->index].len;
    }
}

/* Occurrences of pat (m > 0 bytes) in the folding of one text; checks the
 * folding's own invariants on the way. */
static size_t fuzz_search_naive(const char *s, size_t n, bool keep_case, const char *pat, size_t m)
{
    search_folded f = {0};
    CHECK(search_fold_text(s, n, keep_case, fuzz_search_hanzi(), &f) == ST_OK, "search_fold_text");
    CHECK(f.src_len == n && check_utf8(f.buf, f.len), "folded text is not valid UTF-8");
    for (size_t k = 1; k < f.npieces; k++)
        CHECK(f.pieces[k - 1].fold <= f.pieces[k].fold && f.pieces[k - 1].src <= f.pieces[k].src,
              "map not sorted at %zu", k);
    size_t count = 0;
    for (size_t i = 0; m <= f.len && i + m <= f.len; i++) {
        if (memcmp(f.buf + i, pat, m) != 0)
            continue;
        count++;
        size_t a, b;
        search_folded_source(&f, i, i + m, &a, &b);
        CHECK(a < b && b <= n, "match [%zu,%zu) maps to [%zu,%zu) of %zu", i, i + m, a, b, n);
    }
    search_folded_free(&f);
    return count;
}

static void fuzz_search_compare(search_index *ix, const doc *d, const search_result *r)
{
    size_t total = 0, nu = search_index_nunits(ix);
    for (size_t i = 1; i < r->n; i++)
        CHECK(r->at[i - 1] < r->at[i], "matches not ascending at %zu", i);
    for (size_t u = 0; u < nu; u++) {
        const char *s;
        size_t n;
        fuzz_search_unit_text(d, search_index_unit(ix, u), &s, &n);
        size_t want = r->plen ? fuzz_search_naive(s, n, r->keep_case, r->pattern, r->plen) : 0;
        size_t first = search_unit_matches(ix, r, u), got = search_unit_matches(ix, r, u + 1) - first;
        CHECK(got == want, "unit %zu: %zu matches, a plain scan finds %zu", u, got, want);
        for (size_t i = first; i < first + got; i++) {
            uint32_t a, b;
            search_match_source(ix, r, i, &a, &b);
            CHECK(search_match_unit(ix, r, i) == u, "match %zu is in another unit", i);
            CHECK(a < b && b <= n, "match %zu covers [%u,%u) of %zu", i, a, b, n);
        }
        total += got;
    }
    CHECK(total == r->n, "units hold %zu of %zu matches", total, r->n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t k = data[0] % 32;
    if (k + 1 >= size)
        return 0;
    size_t plen;
    char *pat = fuzz_search_pattern((const char *)data + 1, k, &plen);
    const char *names[1] = {"fuzz.txt"};
    const char *bytes[1] = {(const char *)data + 1 + k};
    size_t lens[1] = {size - 1 - k};
    doc *d = NULL;
    if (format_load_bytes(names, bytes, lens, 1, NULL, &d, NULL) != ST_OK) {
        free(pat);
        return 0;
    }
    search_index *ix = search_index_new(d);
    CHECK(ix != NULL, "search_index_new");
    search_index_use_hanzi(ix, fuzz_search_hanzi(), NULL);
    CHECK(search_index_build(ix) == ST_OK, "search_index_build");
    search_result whole = {0}, part = {0}, narrowed = {0};
    size_t half = plen / 2;
    while (half > 0 && ((unsigned char)pat[half] & 0xC0) == 0x80)
        half--; /* a prefix at a character boundary */
    CHECK(search_run(ix, pat, plen, NULL, &whole) == ST_OK, "search_run");
    fuzz_search_compare(ix, d, &whole);
    CHECK(search_run(ix, pat, half, NULL, &part) == ST_OK, "search_run (prefix)");
    fuzz_search_compare(ix, d, &part);
    CHECK(search_run(ix, pat, plen, &part, &narrowed) == ST_OK, "search_run (narrowed)");
    CHECK(narrowed.n == whole.n && (!whole.n || memcmp(narrowed.at, whole.at, whole.n * sizeof *whole.at) == 0),
          "narrowing found %zu matches, a fresh search %zu", narrowed.n, whole.n);
    /* a streamed index (no folded copy) finds the same, narrowing too */
    search_index *sx = search_index_new_streamed(d);
    CHECK(sx != NULL, "search_index_new_streamed");
    search_index_use_hanzi(sx, fuzz_search_hanzi(), NULL);
    search_result sw = {0}, sp = {0}, sn = {0};
    CHECK(search_run(sx, pat, plen, NULL, &sw) == ST_OK, "search_run (streamed)");
    CHECK(sw.n == whole.n && (!whole.n || memcmp(sw.at, whole.at, whole.n * sizeof *whole.at) == 0),
          "streamed: %zu matches, stored %zu", sw.n, whole.n);
    fuzz_search_compare(sx, d, &sw);
    CHECK(search_run(sx, pat, half, NULL, &sp) == ST_OK, "search_run (streamed prefix)");
    CHECK(search_run(sx, pat, plen, &sp, &sn) == ST_OK, "search_run (streamed narrowed)");
    CHECK(sn.n == whole.n && (!whole.n || memcmp(sn.at, whole.at, whole.n * sizeof *whole.at) == 0),
          "streamed narrowing: %zu matches, stored %zu", sn.n, whole.n);
    search_result_free(&sw);
    search_result_free(&sp);
    search_result_free(&sn);
    search_index_free(sx);
    search_result_free(&whole);
    search_result_free(&part);
    search_result_free(&narrowed);
    search_index_free(ix);
    doc_free(d);
    free(pat);
    return 0;
}
