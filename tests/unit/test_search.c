/* Tests of search.h: folding (width, case, compatibility forms,
 * simplified and traditional Chinese), smart case, the map from folded bytes
 * back to sanitised text, the index and matching (no match across
 * paragraphs; incremental filtering gives what a fresh scan gives). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "search.h"
#include "testdoc.h"
#include "text.h"

/* The simplified/traditional map every index here shares (loaded once:
 * each load asks OpenCC for some 28,000 characters). */
static hanzi_map *hz;

static int load_hanzi(void **state)
{
    (void)state;
    char why[128];
    hz = hanzi_load(NULL, why, sizeof why);
    if (!hz)
        fail_msg("hanzi_load: %s (libopencc-data is a dependency: make deps)", why);
    return hz ? 0 : -1;
}

static int free_hanzi(void **state)
{
    (void)state;
    hanzi_free(hz);
    return 0;
}

/* s folded, with the script map m (NULL: none). */
static char *fold_with(const char *s, bool keep_case, const hanzi_map *m)
{
    char *out;
    size_t len;
    assert_int_equal(search_fold(s, strlen(s), keep_case, m, &out, &len), ST_OK);
    assert_int_equal(strlen(out), len);
    return out;
}

static char *fold(const char *s, bool keep_case) { return fold_with(s, keep_case, NULL); }

/* ---- folding ---------------------------------------------------------------------- */

static void test_fold_table(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool keep_case;
        const char *out;
    } cases[] = {
        {"AI", false, "ai"},
        {"\xEF\xBC\xA1\xEF\xBC\xA9", false, "ai"},   /* ＡＩ (EF BC A1, EF BC A9) */
        {"\xEF\xBC\xA1\xEF\xBC\xA9", true, "AI"},    /* width folds, case stays */
        {"OpenAI", true, "OpenAI"},
        {"\xEF\xBC\x9A", false, ":"},                /* ： U+FF1A */
        {"\xEF\xBC\x8C", true, ","},                 /* ， U+FF0C */
        {"\xEF\xAC\x81", false, "fi"},               /* ﬁ U+FB01 */
        {"Stra\xC3\x9F" "e", false, "strasse"},      /* ß folds to ss */
        {"Stra\xC3\x9F" "e", true, "Stra\xC3\x9F" "e"},
        {"cafe\xCC\x81", false, "caf\xC3\xA9"},      /* e + U+0301 composes */
        {"a\xC2\xAD" "b", false, "ab"},              /* soft hyphen dropped */
        {"\xE2\x91\xA0", false, "1"},                /* ① */
        {"\xE3\x8D\xBF", false, "\xE6\xA0\xAA\xE5\xBC\x8F\xE4\xBC\x9A\xE7\xA4\xBE"}, /* ㍿ 株式会社 */
        {"\xE4\xB8\xAD\xE6\x96\x87", false, "\xE4\xB8\xAD\xE6\x96\x87"}, /* 中文 as is */
        {"\xE3\x80\x80", false, " "},                /* ideographic space */
        {"\xEF\xBF\xBD", false, "\xEF\xBF\xBD"},     /* U+FFFD stays */
        {"^[[31m", false, "^[[31m"},                 /* a visible control form is text */
        {"\xCE\xA3\xCE\x91", false, "\xCF\x83\xCE\xB1"}, /* ΣΑ -> σα */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = fold(cases[i].in, cases[i].keep_case);
        if (strcmp(f, cases[i].out) != 0)
            fail_msg("case %zu: fold(%s) = %s, want %s", i, cases[i].in, f, cases[i].out);
        free(f);
    }
}

/* utf8proc's own answer for one code point. */
static char *reference_fold(int32_t cp, bool keep_case)
{
    utf8proc_uint8_t buf[8];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
    utf8proc_uint8_t *out = NULL;
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE |
                            (keep_case ? 0 : UTF8PROC_CASEFOLD);
    assert_true(utf8proc_map(buf, n, &out, opt) >= 0);
    return (char *)out;
}

/* The fast paths (ASCII, CJK ideographs, fullwidth ASCII) against utf8proc,
 * for every code point they take, alone and before another character; and
 * they are grapheme class Other (or a control), so clusters end after them. */
static void test_fast_paths_whole_range(void **state)
{
    (void)state;
    static const int32_t ranges[][2] = {{0x01, 0x7F}, {0x4E00, 0x9FFF}, {0xFF01, 0xFF5E}};
    for (size_t r = 0; r < 3; r++)
        for (int32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
            int bc = utf8proc_get_property(cp)->boundclass;
            if (bc != UTF8PROC_BOUNDCLASS_OTHER && bc != UTF8PROC_BOUNDCLASS_CONTROL &&
                bc != UTF8PROC_BOUNDCLASS_LF && bc != UTF8PROC_BOUNDCLASS_CR)
                fail_msg("U+%04X has grapheme class %d", (unsigned)cp, bc);
            if (cp == '\r')
                continue; /* never in sanitised text */
            char s[16];
            int n = (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)s);
            for (int kc = 0; kc < 2; kc++) {
                char *want = reference_fold(cp, kc);
                char *got;
                size_t len;
                assert_int_equal(search_fold(s, (size_t)n, kc, NULL, &got, &len), ST_OK);
                if (strcmp(got, want) != 0)
                    fail_msg("U+%04X keep_case=%d: %s, utf8proc says %s", (unsigned)cp, kc, got, want);
                free(got);
                /* followed by an ideograph, an ASCII letter, a fullwidth form */
                static const char *const next[] = {"\xE5\xAD\x97", "Q", "\xEF\xBC\xA2"};
                for (int k = 0; k < 3; k++) {
                    char t[32];
                    snprintf(t, sizeof t, "%.*s%s", n, s, next[k]);
                    char *tail = fold(next[k], kc);
                    assert_int_equal(search_fold(t, strlen(t), kc, NULL, &got, &len), ST_OK);
                    char expect[64];
                    snprintf(expect, sizeof expect, "%s%s", want, tail);
                    if (strcmp(got, expect) != 0)
                        fail_msg("U+%04X + %s: %s, want %s", (unsigned)cp, next[k], got, expect);
                    free(got);
                    free(tail);
                }
                free(want);
            }
        }
}

static void test_smart_case(void **state)
{
    (void)state;
    assert_false(search_has_upper("openai", 6));
    assert_true(search_has_upper("OpenAI", 6));
    assert_true(search_has_upper("\xEF\xBC\xA1\xEF\xBC\xA9", 6)); /* ＡＩ */
    assert_true(search_has_upper("\xE2\x92\xB6", 3));             /* Ⓐ: NFKC gives A */
    assert_false(search_has_upper("stra\xC3\x9F" "e", 7));          /* ß is lower case */
    assert_false(search_has_upper("\xE9\x80\x9A\xE4\xB9\x89", 6));  /* 通义 */
    assert_false(search_has_upper("1:2\xEF\xBC\x9A", 6));           /* digits, colons */
    assert_true(search_has_upper("\xCE\xA3", 2));                   /* Σ */
}

/* ---- the map back to the text -------------------------------------------------------- */

/* Finds `pattern` in the fold of sanitised `text` and returns the text bytes
 * it covers as a string (caller frees), or NULL when it does not occur. */
static char *find_in(const char *text, size_t n, const char *pattern, bool keep_case, size_t *at)
{
    search_folded f;
    assert_int_equal(search_fold_text(text, n, keep_case, hz, &f), ST_OK);
    char *p = fold_with(pattern, keep_case, hz);
    char *hit = strstr(f.buf, p);
    char *out = NULL;
    if (hit) {
        size_t s, e, fs = (size_t)(hit - f.buf);
        search_folded_source(&f, fs, fs + strlen(p), &s, &e);
        assert_true(s < e && e <= n);
        out = malloc(e - s + 1);
        memcpy(out, text + s, e - s);
        out[e - s] = '\0';
        if (at)
            *at = s;
    }
    free(p);
    search_folded_free(&f);
    return out;
}

static void expect_span(const char *text, size_t n, const char *pattern, bool keep_case,
                        const char *want)
{
    char *got = find_in(text, n, pattern, keep_case, NULL);
    if (!want) {
        if (got)
            fail_msg("%s found %s, want nothing", pattern, got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s covers '%s', want '%s'", pattern, got ? got : "(nothing)", want);
    free(got);
}

static void test_map_back(void **state)
{
    (void)state;
    /* Raw bytes: an invalid byte, ESC, a bidi override, a wide CJK run with
     * fullwidth punctuation, a combining accent, a ligature. */
    static const char raw[] = "x\xFF\x1B[31mOpenAI\xE2\x80\xAE \xE6\x88\x91\xE4\xBB\xAC\xEF\xBC\x8C"
                              "ModelScope\xEF\xBC\x9A" "cafe\xCC\x81 \xEF\xAC\x81ne AI\xEF\xBC\xA1\xEF\xBC\xA9";
    text_decoded t;
    assert_true(text_decode(raw, sizeof raw - 1, &t));
    const char *s = t.buf;
    size_t n = t.len;
    expect_span(s, n, "openai", false, "OpenAI");
    size_t at;
    free(find_in(s, n, "openai", false, &at));
    assert_memory_equal(s + at, "OpenAI", 6); /* the offset is in the sanitised text */
    expect_span(s, n, "^[", false, "^[");     /* the visible form of ESC */
    expect_span(s, n, "\xEF\xBF\xBD", false, "\xEF\xBF\xBD"); /* the U+FFFD of \xFF */
    expect_span(s, n, "<u+202e>", false, "<U+202E>");
    expect_span(s, n, "\xE4\xBB\xAC,model", false, "\xE4\xBB\xAC\xEF\xBC\x8C" "Model"); /* 们，Model */
    expect_span(s, n, "scope:", false, "Scope\xEF\xBC\x9A");                            /* ： from : */
    expect_span(s, n, "caf\xC3\xA9", false, "cafe\xCC\x81");   /* composed finds decomposed, */
    expect_span(s, n, "cafe", false, NULL);                   /* and the accent is no e */
    expect_span(s, n, "caf", false, "caf");
    expect_span(s, n, "ine", false, "\xEF\xAC\x81ne");          /* half a ligature: all of it */
    expect_span(s, n, "AIＡＩ", true, "AI\xEF\xBC\xA1\xEF\xBC\xA9");
    expect_span(s, n, "aiａｉ", false, "AI\xEF\xBC\xA1\xEF\xBC\xA9");
    expect_span(s, n, "\xEF\xBD\x8F\xEF\xBD\x90\xEF\xBD\x85\xEF\xBD\x8E", false, "Open"); /* ｏｐｅｎ */
    text_decoded_free(&t);

    /* Every match of every single character maps inside the text, onto
     * whole clusters, in order. */
    static const char mix[] = "e\xCC\x81\xCC\xA3 \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 "
                              "\xED\x95\x9C\xE1\x84\x80 \xEF\xBC\xA1" "a\xEF\xBF\xBD";
    search_folded f;
    assert_int_equal(search_fold_text(mix, sizeof mix - 1, false, hz, &f), ST_OK);
    size_t prev_start = 0, prev_end = 0;
    for (size_t i = 0; i < f.len;) {
        size_t k = (size_t)utf8proc_iterate((const utf8proc_uint8_t *)f.buf + i,
                                            (utf8proc_ssize_t)(f.len - i), &(int32_t){0});
        size_t a, b;
        search_folded_source(&f, i, i + k, &a, &b);
        assert_true(a < b && b <= sizeof mix - 1);
        assert_true(a >= prev_start && b >= prev_end); /* in order */
        /* a starts a cluster and b ends one */
        size_t c = 0;
        while (c < a)
            c += text_cluster_len(mix + c, sizeof mix - 1 - c);
        assert_int_equal(c, a);
        while (c < b)
            c += text_cluster_len(mix + c, sizeof mix - 1 - c);
        assert_int_equal(c, b);
        prev_start = a;
        prev_end = b;
        i += k;
    }
    search_folded_free(&f);
}

/* ---- simplified and traditional ------------------------------------------------------------ */

/* utf8proc's fold of one code point, then each code point of it through
 * the script map: what search_fold must give, fast path or not. */
static char *reference_script_fold(int32_t cp, bool keep_case)
{
    char *nfkc = reference_fold(cp, keep_case);
    char *out = malloc(4 * strlen(nfkc) + 1);
    size_t n = 0;
    for (size_t i = 0; nfkc[i];) {
        int32_t c;
        i += (size_t)utf8proc_iterate((const utf8proc_uint8_t *)nfkc + i, -1, &c);
        n += (size_t)utf8proc_encode_char((int32_t)hanzi_fold(hz, (uint32_t)c),
                                          (utf8proc_uint8_t *)out + n);
    }
    out[n] = '\0';
    free(nfkc);
    return out;
}

/* Every ideograph the map covers, and every far form it brings back into
 * the BMP (𠇹 to 俓), folds, alone, between others and after ASCII, as
 * utf8proc and then the map fold it: the fast path over runs of
 * ideographs agrees with the cluster path. */
/* One code point in its places: true when it folds to another. */
static bool expect_script_fold(int32_t cp)
{
    char c[8];
    int n = (int)utf8proc_encode_char(cp, (utf8proc_uint8_t *)c);
    c[n] = '\0';
    char *want = reference_script_fold(cp, false);
    bool folded = strcmp(want, c) != 0;
    char t[64], expect[64];
    /* 臺 before and after (台 folded), 字 and Q after */
    snprintf(t, sizeof t, "臺%s臺%s字Q%s", c, c, c);
    snprintf(expect, sizeof expect, "台%s台%s字q%s", want, want, want);
    char *got = fold_with(t, false, hz);
    if (strcmp(got, expect) != 0)
        fail_msg("U+%04X in %s: %s, want %s", (unsigned)cp, t, got, expect);
    free(got);
    free(want);
    return folded;
}

static void test_script_fold_whole_range(void **state)
{
    (void)state;
    static const int32_t ranges[][2] = {{0x3400, 0x9FFF}, {0xF900, 0xFAFF}};
    size_t folded = 0;
    for (size_t r = 0; r < 2; r++)
        for (int32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++)
            folded += expect_script_fold(cp);
    assert_true(folded > 2500);
    for (size_t i = 0; i < hz->nfar; i++)
        assert_true(expect_script_fold((int32_t)hz->far[i].from));
}

static void test_script_fold(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        bool same;
    } pairs[] = {
        {"臺灣", "台湾", true},
        {"台灣", "臺湾", true},
        {"發", "发", true},
        {"髮", "发", true},
        {"發", "髮", true},       /* two traditional characters, one simplified */
        {"頭髮", "头发", true},
        {"說話", "说话", true},
        {"乾隆", "干隆", true},   /* a character at a time, in a phrase too */
        {"台湾", "台北", false},
        {"OpenAI 臺灣", "openai 台湾", true}, /* on top of case folding */
        {"ＡＩ說", "ai说", true},             /* and width */
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *a = fold_with(pairs[i].a, false, hz), *b = fold_with(pairs[i].b, false, hz);
        if ((strcmp(a, b) == 0) != pairs[i].same)
            fail_msg("%s folds to %s, %s to %s", pairs[i].a, a, pairs[i].b, b);
        free(a);
        free(b);
    }
    char *k = fold_with("OpenAI臺灣", true, hz); /* case kept, script folded */
    assert_string_equal(k, "OpenAI台湾");
    free(k);
    k = fold_with("臺灣", false, NULL); /* no map: no script folding */
    assert_string_equal(k, "臺灣");
    free(k);

    /* A match's highlight covers exactly the traditional characters it
     * matched, also after a character whose fold is shorter (𠇹 -> 俓, 𫝈
     * -> 㑮), and the pattern in either script. */
    static const char text[] = "我在臺灣，俓說：“頭髮”㑮灣。𠇹臺𫝈灣OpenAI發";
    size_t n = sizeof text - 1;
    expect_span(text, n, "台湾", false, "臺灣");
    expect_span(text, n, "臺灣", false, "臺灣");
    expect_span(text, n, "在台", false, "在臺");
    expect_span(text, n, "说", false, "說");
    expect_span(text, n, "俓说", false, "俓說");
    expect_span(text, n, "\xF0\xA0\x87\xB9", false, "俓"); /* 𠇹, the fold of 俓 */
    expect_span(text, n, "头发", false, "頭髮");
    expect_span(text, n, "湾。", false, "灣。");
    expect_span(text, n, "㑮湾", false, "㑮灣");
    expect_span(text, n, "俓台", false, "𠇹臺");    /* 4 bytes folded to 3 */
    expect_span(text, n, "台", false, "臺");        /* the first */
    expect_span(text, n, "台\xF0\xAB\x9D\x88湾", false, "臺𫝈灣"); /* 台𫝈湾 */
    expect_span(text, n, "openai发", false, "OpenAI發");
    expect_span(text, n, "OpenAI发", true, "OpenAI發");
    expect_span(text, n, "台北", false, NULL);
}

/* ---- the index and matching ------------------------------------------------------------- */

static search_index *index_of(const doc *d)
{
    search_index *ix = search_index_new(d);
    assert_non_null(ix);
    search_index_use_hanzi(ix, hz, NULL);
    assert_int_equal(search_index_build(ix), ST_OK);
    return ix;
}

static size_t count(search_index *ix, const char *pattern)
{
    search_result r = {0};
    assert_int_equal(search_run(ix, pattern, strlen(pattern), NULL, &r), ST_OK);
    size_t n = r.n;
    search_result_free(&r);
    return n;
}

static void test_units_and_boundaries(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"Host", {"\xE6\x88\x91\xE4\xBB\xAC", "\xE5\xA5\xBD"}, {"we said ab", "cd and AI"}, 0},
        {"Guest", {"\xEF\xBC\xA1\xEF\xBC\xA9"}, {"aaa"}, 0},
    };
    doc *d = testdoc_build("intro ab", segs, 2, "footer cd");
    search_index *ix = index_of(d);
    /* reading order: intro, zh 0, zh 1, en 0, en 1, zh 2, en 2, footer */
    assert_int_equal(search_index_nunits(ix), 8);
    const search_unit *u = search_index_unit(ix, 0);
    assert_int_equal(u->kind, SEARCH_UNIT_NOTE);
    u = search_index_unit(ix, 2);
    assert_true(u->kind == SEARCH_UNIT_PARA && u->lang == LANG_ZH && u->index == 1 && u->segment == 0);
    u = search_index_unit(ix, 3);
    assert_true(u->kind == SEARCH_UNIT_PARA && u->lang == LANG_EN && u->index == 0);
    u = search_index_unit(ix, 7);
    assert_true(u->kind == SEARCH_UNIT_NOTE && u->segment == 2);
    assert_int_equal(search_index_find_unit(ix, SEARCH_UNIT_PARA, LANG_EN, 2), 6);
    assert_int_equal(search_index_find_unit(ix, SEARCH_UNIT_NOTE, 0, 1), 7);
    assert_int_equal(search_index_find_unit(ix, SEARCH_UNIT_PARA, LANG_EN, 9), SIZE_MAX);

    /* "ab" ends one paragraph and "cd" starts the next: no "abcd", no "ab cd" */
    assert_int_equal(count(ix, "abcd"), 0);
    assert_int_equal(count(ix, "ab cd"), 0);
    assert_int_equal(count(ix, "ab"), 2); /* the intro and en 0 */
    assert_int_equal(count(ix, "cd"), 2); /* en 1 and the footer */
    /* 我们 and 好 are two paragraphs */
    assert_int_equal(count(ix, "\xE4\xBB\xAC\xE5\xA5\xBD"), 0);
    /* overlapping occurrences all count (a: intro 1, "said ab" 2, "and AI" 2, ＡＩ 1, aaa 3) */
    assert_int_equal(count(ix, "aa"), 2);
    assert_int_equal(count(ix, "a"), 9);
    /* width and case: "ai" finds AI and ＡＩ; "AI" too (width folded) but
     * not "ai" spelled in lower case */
    assert_int_equal(count(ix, "ai"), 3); /* "said", "AI", "ＡＩ" */
    assert_int_equal(count(ix, "AI"), 2);
    assert_int_equal(count(ix, "\xEF\xBC\xA1\xEF\xBC\xA9"), 2);

    search_result r = {0};
    assert_int_equal(search_run(ix, "cd", 2, NULL, &r), ST_OK);
    assert_int_equal(search_match_unit(ix, &r, 0), 4);
    assert_int_equal(search_match_unit(ix, &r, 1), 7);
    assert_int_equal(search_unit_matches(ix, &r, 4), 0);
    assert_int_equal(search_unit_matches(ix, &r, 5), 1);
    assert_int_equal(search_unit_matches(ix, &r, 8), 2);
    uint32_t s, e;
    search_match_source(ix, &r, 1, &s, &e);
    assert_int_equal(s, 7); /* "footer cd" */
    assert_int_equal(e, 9);
    search_result_free(&r);
    /* ＡＩ in zh 2: the source bytes are the 6 of the fullwidth letters */
    assert_int_equal(search_run(ix, "ai", 2, NULL, &r), ST_OK);
    assert_int_equal(search_match_unit(ix, &r, 2), 5);
    search_match_source(ix, &r, 2, &s, &e);
    assert_int_equal(s, 0);
    assert_int_equal(e, 6);
    /* the first match of a unit whose text ends after an offset */
    size_t first = search_unit_matches(ix, &r, 3);
    assert_int_equal(search_unit_match_after(ix, &r, 3, first, 0), first);
    search_result_free(&r);
    assert_int_equal(count(ix, ""), 0);
    assert_int_equal(count(ix, "\xC2\xAD"), 0); /* folds to nothing */
    search_index_free(ix);
    doc_free(d);
}

/* A pattern typed one character at a time gives, at every step, what a
 * fresh scan gives, also when smart case changes its mind on the way. */
static void test_incremental_equals_fresh(void **state)
{
    (void)state;
    doc *d = testdoc_generated(300);
    search_index *ix = index_of(d);
    assert_true(search_index_ready(ix));
    const doc_para *p = &d->paras[LANG_EN][17];
    char words[64];
    snprintf(words, sizeof words, "%.20s", p->text);
    const char *patterns[] = {words, "the", "THE", "tHe ", "\xE7\x9A\x84", "e e", "zzz"};
    for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++) {
        const char *pat = patterns[k];
        search_result prev = {0}, cur = {0};
        for (size_t len = 1; len <= strlen(pat); len++) {
            if ((pat[len - 1] & 0xC0) == 0x80 || ((unsigned char)pat[len] & 0xC0) == 0x80)
                continue; /* whole characters only */
            assert_int_equal(search_run(ix, pat, len, prev.n ? &prev : NULL, &cur), ST_OK);
            search_result fresh = {0};
            assert_int_equal(search_run(ix, pat, len, NULL, &fresh), ST_OK);
            assert_int_equal(cur.n, fresh.n);
            if (cur.n)
                assert_memory_equal(cur.at, fresh.at, cur.n * sizeof *cur.at);
            for (size_t i = 1; i < cur.n; i++)
                assert_true(cur.at[i - 1] < cur.at[i]);
            search_result_free(&fresh);
            search_result t = prev;
            prev = cur;
            cur = t;
        }
        search_result_free(&prev);
        search_result_free(&cur);
    }
    assert_true(count(ix, words) >= 1);
    search_index_free(ix);
    doc_free(d);
}

/* A background build gives the same index; freeing while it runs is safe. */
static void test_background_build(void **state)
{
    (void)state;
    doc *d = testdoc_generated(500);
    search_index *ix = search_index_new(d);
    assert_true(search_index_start(ix));
    assert_int_equal(count(ix, "the"), count(ix, "the")); /* waits for it */
    assert_true(search_index_ready(ix));
    search_index *ref = index_of(d);
    assert_int_equal(count(ix, "e"), count(ref, "e"));
    /* the same, and the map it loaded itself (the text has Chinese) */
    assert_int_equal(search_index_memory(ix), search_index_memory(ref) + hanzi_memory(hz));
    search_index_free(ref);
    search_index_free(ix);
    ix = search_index_new(d);
    assert_true(search_index_start(ix));
    search_index_free(ix);
    doc_free(d);
}


/* ---- the case-kept view ------------------------------------------------------------------- */

/* Text of unit u (as the index reads it). */
static const char *unit_text_of(const doc *d, const search_unit *u, size_t *n)
{
    if (u->kind == SEARCH_UNIT_NOTE) {
        *n = d->notes[u->index].len;
        return d->notes[u->index].text;
    }
    *n = d->paras[u->lang][u->index].len;
    return d->paras[u->lang][u->index].text;
}

/* search_run gives, unit by unit, exactly the matches a plain scan of that
 * unit's own folding (in the case the pattern chose) finds, and each maps
 * back to the same text bytes. */
static void expect_as_plain_scan(search_index *ix, const doc *d, const char *pattern)
{
    search_result r = {0};
    assert_int_equal(search_run(ix, pattern, strlen(pattern), NULL, &r), ST_OK);
    size_t total = 0;
    for (size_t u = 0; u < search_index_nunits(ix); u++) {
        size_t n;
        const char *t = unit_text_of(d, search_index_unit(ix, u), &n);
        search_folded f;
        assert_int_equal(search_fold_text(t, n, r.keep_case, hz, &f), ST_OK);
        size_t i = search_unit_matches(ix, &r, u), end = search_unit_matches(ix, &r, u + 1);
        for (size_t at = 0; r.plen && at + r.plen <= f.len; at++) {
            if (memcmp(f.buf + at, r.pattern, r.plen) != 0)
                continue;
            if (i >= end)
                fail_msg("'%s': unit %zu misses the match at %zu", pattern, u, at);
            size_t a, b;
            uint32_t s, e;
            search_folded_source(&f, at, at + r.plen, &a, &b);
            search_match_source(ix, &r, i, &s, &e);
            if (a != s || b != e)
                fail_msg("'%s': unit %zu match %zu covers [%u,%u), want [%zu,%zu)", pattern, u,
                         i, s, e, a, b);
            i++;
            total++;
        }
        if (i != end)
            fail_msg("'%s': unit %zu has %zu matches too many", pattern, u, end - i);
        search_folded_free(&f);
    }
    assert_int_equal(total, r.n);
    for (size_t i = 1; i < r.n; i++)
        assert_true(r.at[i - 1] < r.at[i]);
    search_result_free(&r);
}

/* Types `typed` a character at a time, each step narrowing the previous
 * result; every step gives what a fresh search gives (in the case smart
 * case keeps when `keep`). Returns the matches of the whole pattern. */
static size_t typed_as_fresh(search_index *ix, const char *typed, bool keep)
{
    search_result prev = {0}, cur = {0}, fresh = {0};
    for (size_t len = 1; len <= strlen(typed); len++) {
        if (((unsigned char)typed[len] & 0xC0) == 0x80)
            continue; /* whole characters only */
        assert_int_equal(search_run(ix, typed, len, prev.n ? &prev : NULL, &cur), ST_OK);
        assert_int_equal(search_run(ix, typed, len, NULL, &fresh), ST_OK);
        assert_true(cur.keep_case == keep);
        assert_int_equal(cur.n, fresh.n);
        if (cur.n)
            assert_memory_equal(cur.at, fresh.at, cur.n * sizeof *cur.at);
        search_result t = prev;
        prev = cur;
        cur = t;
    }
    size_t n = prev.n;
    search_result_free(&prev);
    search_result_free(&cur);
    search_result_free(&fresh);
    return n;
}

/* Smart case over units whose case-kept folding is laid out as the folded
 * one (capitals: patches) and units where it is not (ß folds to "ss", İ to
 * "i̇", Ǆ to "DŽ" or "dž", the Kelvin sign to K): every match found, in order,
 * mapped back exactly, narrowing equal to a fresh search. */
static void test_case_kept_view(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"Host", {"\xE6\x88\x91\xE4\xBB\xAC\xEF\xBC\x8C\xEF\xBC\xA1\xEF\xBC\xA9 AI"},
         {"The Straße is a STRASSE, strasse and Strasse.", "OpenAI and openai and OPENAI"}, 0},
        {"Guest", {"\xC4\xB0stanbul ISTANBUL istanbul"}, {"Fine \xEF\xAC\x81ne FINE"}, 0},
        {"Host", {"\xC7\x84" "emal DZemal"}, {"\xE2\x84\xAA" "elvin Kelvin kelvin"}, 0},
        {"Guest", {"\xCE\xA3\xCE\xAF\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x82 \xCE\xA3\xCE\x8A"},
         {"Over AND Out, over and out, Over and Out."}, 0},
    };
    doc *d = testdoc_build("Intro: The Host", segs, 4, "END of the STRASSE");
    search_index *ix = index_of(d);
    const char *patterns[] = {"The", "the", "STRASSE", "Straße", "stra", "ss", "S", "AI", "ai",
                              "ＡＩ", "OpenAI", "I", "İ", "i", "K", "k", "Kelvin", "D", "DŽ",
                              "dž", "FINE", "fi", "Σ", "σ", "Over", "Out", "O", ",", "E", "e"};
    for (size_t k = 0; k < sizeof patterns / sizeof patterns[0]; k++)
        expect_as_plain_scan(ix, d, patterns[k]);
    /* narrowing a case-kept result, character by character: a STRASSE,
     * and END of the STRASSE (Straße is not) */
    assert_int_equal(typed_as_fresh(ix, "STRASSE", true), 2);
    search_index_free(ix);
    doc_free(d);
}

/* The index holds the text folded once, not once per case: paragraphs
 * of ordinary English (a capital a sentence, a name) and of Chinese with
 * fullwidth punctuation cost well under twice the text (it was 2.2 times:
 * a folded copy per case). */
static void test_index_memory(void **state)
{
    (void)state;
    enum { N = 300 };
    static char zh[N][256], en[N][256];
    static testdoc_seg segs[N];
    static const char han[] = "\xE6\x88\x91\xE4\xBB\xAC\xE7\x9A\x84\xE6\xA8\xA1\xE5\x9E\x8B"
                              "\xE5\x9C\xA8\xE6\x95\xB0\xE6\x8D\xAE\xE4\xB8\x8A"; /* 9 ideographs */
    for (size_t k = 0; k < N; k++) {
        snprintf(zh[k], sizeof zh[k], "%s\xEF\xBC\x8C%s%zu%s\xEF\xBC\x9A%sOpenAI%s\xE3\x80\x82", han,
                 han, k, han, han, han);
        snprintf(en[k], sizeof en[k],
                 "The model was trained on %zu examples, and we saw that it could answer "
                 "questions about the data we gave it. Alice said it was useful to people.", k);
        segs[k] = (testdoc_seg){.speaker = k % 2 ? "Host" : "Guest", .zh = {zh[k]}, .en = {en[k]}};
    }
    doc *d = testdoc_build(NULL, segs, N, NULL);
    search_index *ix = index_of(d);
    size_t text = 0;
    for (size_t u = 0; u < search_index_nunits(ix); u++) {
        size_t n;
        unit_text_of(d, search_index_unit(ix, u), &n);
        text += n;
    }
    size_t held = search_index_memory(ix);
    if (held * 10 > text * 14) /* under 1.4 times the text */
        fail_msg("the index holds %zu bytes for %zu bytes of text", held, text);
    expect_as_plain_scan(ix, d, "Alice");
    expect_as_plain_scan(ix, d, "the");
    expect_as_plain_scan(ix, d, "ai。");
    search_index_free(ix);
    doc_free(d);
}


/* A streamed index (no folded copy: what a text past 12 MiB gets) finds
 * exactly what a stored one finds, in the same offsets, mapped back to the
 * same text bytes, typed one character at a time or fresh. */
static void test_streamed_equals_stored(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"Host", {"\xE6\x88\x91\xE4\xBB\xAC\xEF\xBC\x8C\xEF\xBC\xA1\xEF\xBC\xA9 AI"},
         {"The Straße is a STRASSE, strasse and Strasse.", "OpenAI and openai and OPENAI"}, 0},
        {"Guest", {"\xC4\xB0stanbul ISTANBUL istanbul"}, {"Fine \xEF\xAC\x81ne FINE"}, 0},
        {"Host", {"\xC7\x84" "emal DZemal"}, {"\xE2\x84\xAA" "elvin Kelvin kelvin"}, 0},
        {"Guest", {"在臺灣說，俓㑮發展，在台湾说"}, {"in Taiwan"}, 0},
    };
    doc *d = testdoc_build("Intro: The Host", segs, 4, "END of the STRASSE");
    search_index *stored = index_of(d), *streamed = search_index_new_streamed(d);
    assert_non_null(streamed);
    search_index_use_hanzi(streamed, hz, NULL);
    assert_true(search_index_start(streamed)); /* built in the background, too */
    const char *typed[] = {"STRASSE", "strasse", "OpenAI", "the host", "İstanbul", "ﬁne", "K",
                           "ＡＩ", "台湾说", "臺灣說", "俓㑮发"};
    for (size_t k = 0; k < sizeof typed / sizeof typed[0]; k++) {
        const char *pat = typed[k];
        search_result a = {0}, b = {0}, pa = {0}, pb = {0};
        for (size_t len = 1; len <= strlen(pat); len++) {
            if (((unsigned char)pat[len] & 0xC0) == 0x80)
                continue; /* whole characters only */
            assert_int_equal(search_run(stored, pat, len, pa.n ? &pa : NULL, &a), ST_OK);
            assert_int_equal(search_run(streamed, pat, len, pb.n ? &pb : NULL, &b), ST_OK);
            assert_int_equal(a.n, b.n);
            assert_int_equal(a.keep_case, b.keep_case);
            for (size_t i = 0; i < a.n; i++) {
                uint32_t s1, e1, s2, e2;
                assert_int_equal(a.at[i], b.at[i]);
                search_match_source(stored, &a, i, &s1, &e1);
                search_match_source(streamed, &b, i, &s2, &e2);
                assert_int_equal(s1, s2);
                assert_int_equal(e1, e2);
            }
            search_result t = pa;
            pa = a;
            a = t;
            t = pb;
            pb = b;
            b = t;
        }
        search_result_free(&a);
        search_result_free(&b);
        search_result_free(&pa);
        search_result_free(&pb);
        expect_as_plain_scan(streamed, d, pat);
    }
    assert_true(search_index_memory(streamed) < search_index_memory(stored));
    search_index_free(stored);
    search_index_free(streamed);
    doc_free(d);
}

/* ---- simplified and traditional in the index ------------------------------------------------ */

/* A document in both scripts: a search in either finds both, its
 * highlight on exactly the characters matched, narrowing as a fresh
 * search, stored or streamed. */
static void test_script_index(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"Host", {"你在臺灣住了多久？"}, {"How long have you lived in Taiwan?"}, 0},
        {"Guest", {"我在台湾住了十年，頭髮都白了。"}, {"Ten years; my hair went white."}, 0},
        {"Host", {"發展呢？俓𠇹"}, {"And the growth?"}, 0},
    };
    doc *d = testdoc_build("臺灣訪談", segs, 3, "台湾访谈完");
    search_index *ix = index_of(d);
    search_index *sx = search_index_new_streamed(d);
    assert_non_null(sx);
    search_index_use_hanzi(sx, hz, NULL);
    static const struct {
        const char *pattern;
        size_t n;
    } cases[] = {
        {"台湾", 4}, {"臺灣", 4}, {"台灣", 4}, {"发", 2}, {"髮", 2}, {"访谈", 2},
        {"头发都白", 1}, {"呢？\xF0\xA0\x87\xB9", 1}, {"台湾住了", 2}, {"Taiwan", 1},
        {"俓俓", 1}, {"俓", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (count(ix, cases[i].pattern) != cases[i].n)
            fail_msg("%s: %zu matches, want %zu", cases[i].pattern, count(ix, cases[i].pattern),
                     cases[i].n);
        expect_as_plain_scan(ix, d, cases[i].pattern);
        expect_as_plain_scan(sx, d, cases[i].pattern);
    }
    /* 台湾 in segment 0's Chinese covers 臺灣, bytes 6 to 12 of its text */
    search_result r = {0};
    assert_int_equal(search_run(ix, "台湾", strlen("台湾"), NULL, &r), ST_OK);
    size_t u = search_index_find_unit(ix, SEARCH_UNIT_PARA, LANG_ZH, 0);
    size_t m = search_unit_matches(ix, &r, u);
    assert_true(m < search_unit_matches(ix, &r, u + 1));
    uint32_t s, e;
    search_match_source(ix, &r, m, &s, &e);
    assert_memory_equal(d->paras[LANG_ZH][0].text + s, "臺灣", e - s);
    assert_int_equal(e - s, strlen("臺灣"));
    search_result_free(&r);
    /* typed one character at a time: as a fresh search */
    assert_int_equal(typed_as_fresh(ix, "臺灣住了", false), 2);
    assert_null(search_index_hanzi_note(ix, "台湾", strlen("台湾")));
    search_index_free(sx);
    search_index_free(ix);
    doc_free(d);
}

/* Without OpenCC's data the search still works, without the script
 * folding, and says why for a pattern with Chinese in it. */
static void test_script_missing(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"Host", {"你在臺灣住了多久？"}, {"Taiwan"}, 0},
        {"Guest", {"我在台湾住了十年。"}, {"ten years"}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 2, NULL);
    char why[128];
    assert_null(hanzi_load("duet-no-such-config.json", why, sizeof why));
    search_index *ix = search_index_new(d);
    assert_non_null(ix);
    search_index_use_hanzi(ix, NULL, why);
    assert_int_equal(search_index_build(ix), ST_OK);
    assert_int_equal(count(ix, "台湾"), 1); /* only as written */
    assert_int_equal(count(ix, "臺灣"), 1);
    assert_int_equal(count(ix, "住了"), 2);
    assert_int_equal(count(ix, "taiwan"), 1);
    const char *note = search_index_hanzi_note(ix, "台湾", strlen("台湾"));
    assert_non_null(note);
    assert_non_null(strstr(note, "duet-no-such-config.json"));
    assert_null(search_index_hanzi_note(ix, "taiwan", 6)); /* nothing to fold */
    search_index_free(ix);
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_table),
        cmocka_unit_test(test_fast_paths_whole_range),
        cmocka_unit_test(test_smart_case),
        cmocka_unit_test(test_map_back),
        cmocka_unit_test(test_script_fold_whole_range),
        cmocka_unit_test(test_script_fold),
        cmocka_unit_test(test_script_index),
        cmocka_unit_test(test_script_missing),
        cmocka_unit_test(test_units_and_boundaries),
        cmocka_unit_test(test_incremental_equals_fresh),
        cmocka_unit_test(test_background_build),
        cmocka_unit_test(test_case_kept_view),
        cmocka_unit_test(test_index_memory),
        cmocka_unit_test(test_streamed_equals_stored),
    };
    return cmocka_run_group_tests_name("search", tests, load_hanzi, free_hanzi);
}
