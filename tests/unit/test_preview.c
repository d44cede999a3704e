/* preview: the document read from the heads of a large transcript starts
 * as the whole one does — the same paragraphs in the same segments, the
 * same speakers (names and colours), the same weak marks, the same notes
 * before them — in the sectioned layout (where the second section's head
 * is found by sampling languages) and in the line-local ones (a prefix),
 * on generated transcripts of a few hundred kilobytes and on every sample
 * and fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <glob.h>

#include "format.h"
#include "input.h"
#include "preview.h"
#include "testload.h"

/* ---- comparing a preview with the whole -------------------------------------- */

static bool same_para(const doc *p, const doc_para *a, const doc *d, const doc_para *b)
{
    if (a->len != b->len || memcmp(a->text, b->text, a->len) != 0)
        return false;
    if ((a->speaker < 0) != (b->speaker < 0))
        return false;
    return a->speaker < 0 || (strcmp(p->speakers[a->speaker].name, d->speakers[b->speaker].name) == 0 &&
                              p->speakers[a->speaker].colour == d->speakers[b->speaker].colour);
}

/* Fails unless every segment and note of preview p is the whole d's, in
 * the same place; returns how many segments p has. */
static size_t assert_same_start(const doc *p, const doc *d)
{
    assert_true(p->nsegments >= 1);
    assert_true(p->nsegments <= d->nsegments);
    assert_string_equal(p->layout, d->layout);
    for (size_t k = 0; k < p->nsegments; k++) {
        const doc_segment *a = &p->segments[k], *b = &d->segments[k];
        for (int l = 0; l < LANG_SIDES; l++) {
            if (a->count[l] != b->count[l])
                fail_msg("segment %zu: %u paragraphs of %s, the whole has %u", k, a->count[l],
                         lang_code((lang_id)l), b->count[l]);
            for (uint32_t j = 0; j < a->count[l]; j++)
                if (!same_para(p, doc_segment_para(p, a, (lang_id)l, j), d,
                               doc_segment_para(d, b, (lang_id)l, j)))
                    fail_msg("segment %zu: paragraph %u of %s differs", k, j, lang_code((lang_id)l));
        }
        assert_int_equal(a->speaker < 0, b->speaker < 0);
        if (a->speaker >= 0)
            assert_string_equal(p->speakers[a->speaker].name, d->speakers[b->speaker].name);
        /* the doubtful mark is the whole's, but for a segment near the
         * line: a confidence rests on the document's own length ratio and
         * variance, which a head estimates a little differently */
        bool near = fabsf(a->confidence - DOC_WEAK_CONFIDENCE) < 0.1f ||
                    fabsf(b->confidence - DOC_WEAK_CONFIDENCE) < 0.1f;
        if (!near && (a->confidence < DOC_WEAK_CONFIDENCE) != (b->confidence < DOC_WEAK_CONFIDENCE))
            fail_msg("segment %zu of %zu: confidence %.2f, the whole's %.2f", k, p->nsegments,
                     (double)a->confidence, (double)b->confidence);
    }
    /* the notes before its segments are the whole's, in the same order
     * (so the blocks the view shows are the same, block for block) */
    size_t k = 0;
    for (size_t i = 0; i < d->nnotes; i++) {
        const doc_note *b = &d->notes[i];
        if (b->position >= p->nsegments)
            continue;
        if (k >= p->nnotes)
            fail_msg("note %zu (%s, before segment %u) is not in the preview", i,
                     doc_note_kind_name(b->kind), b->position);
        const doc_note *a = &p->notes[k++];
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->position, b->position);
        assert_int_equal(a->len, b->len);
        assert_memory_equal(a->text, b->text, a->len);
    }
    assert_int_equal(k, p->nnotes);
    return p->nsegments;
}

/* Builds the preview and the whole of n texts; fails unless the preview
 * starts as the whole does. Returns the preview's segments (0: none made,
 * when may_fail). */
static size_t check_texts(const char *const *bytes, const size_t *lens, size_t n, bool may_fail)
{
    const char *names[2] = {"a.txt", "b.txt"};
    doc *d = NULL, *p = NULL;
    status st = format_load_bytes(names, bytes, lens, n, NULL, &d, NULL);
    if (st != ST_OK)
        return 0; /* not a transcript: nothing to preview */
    status ps = preview_build(names, bytes, lens, n, NULL, &p);
    size_t kept = 0;
    if (ps == ST_OK)
        kept = assert_same_start(p, d);
    else if (!may_fail)
        fail_msg("no preview: %s", status_message(ps));
    doc_free(p);
    doc_free(d);
    return kept;
}

/* ---- generated transcripts ------------------------------------------------------ */

static uint64_t rng = 42;
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

typedef struct buf {
    char *s;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

static const char *const hanzi[] = {"我", "们", "的", "是", "在", "模", "型", "开", "源", "数",
                                    "据", "时", "间", "公", "司", "问", "题", "发", "展", "技",
                                    "术", "市", "场", "研", "究", "能", "力", "成", "本", "未"};
static const char *const words[] = {"we", "model", "open", "source", "data", "time", "company",
                                    "question", "growth", "technology", "market", "research",
                                    "ability", "cost", "future", "the", "and", "of", "is"};

/* A turn's text in each language: about three English letters per Chinese
 * character, a number both share, a sentence end. */
static void turn_text(char *zh, char *en, size_t cap)
{
    unsigned chars = 15 + rnd(90), num = rnd(1000);
    size_t z = 0, e = 0;
    for (unsigned i = 0; i < chars && z + 8 < cap; i++) {
        const char *h = hanzi[rnd(sizeof hanzi / sizeof *hanzi)];
        memcpy(zh + z, h, strlen(h));
        z += strlen(h);
        if (i == chars / 2)
            z += (size_t)snprintf(zh + z, cap - z, "%u", num);
    }
    memcpy(zh + z, "。", 3);
    zh[z + 3] = '\0';
    size_t letters = 0;
    for (unsigned i = 0; letters < 3u * chars && e + 16 < cap; i++) {
        const char *w = words[rnd(sizeof words / sizeof *words)];
        e += (size_t)snprintf(en + e, cap - e, "%s%s", i ? " " : "", w);
        letters += strlen(w);
        if (i == 3)
            e += (size_t)snprintf(en + e, cap - e, " %u", num);
    }
    snprintf(en + e, cap - e, ".");
}

enum { GEN_SECTIONED, GEN_SECTIONED_EN_FIRST, GEN_INTERLEAVED, GEN_SRT, GEN_TWO_FILES };

/* A transcript of `turns` turns of two speakers in one of the layouts (two
 * files: zh in *b, en in *b2). */
static void generate(int shape, unsigned turns, buf *b, buf *b2)
{
    static const char *const zh_names[] = {"主持人", "林晓雯"}, *const en_names[] = {"Host", "Lin Xiaowen"};
    char (*zh)[1024] = malloc(turns * sizeof *zh), (*en)[1024] = malloc(turns * sizeof *en);
    unsigned *who = malloc(turns * sizeof *who);
    assert_true(zh && en && who);
    for (unsigned t = 0; t < turns; t++) {
        turn_text(zh[t], en[t], sizeof zh[t]);
        who[t] = t % 2;
    }
    char line[2400];
    if (shape == GEN_SECTIONED) {
        put(b, "开放模型论坛的一场对话，以下为中文翻译，英文原文附后。\n以下是对话的中文翻译：\n");
        for (unsigned t = 0; t < turns; t++) {
            snprintf(line, sizeof line, "%s：\n%s\n", zh_names[who[t]], zh[t]);
            put(b, line);
        }
        put(b, "英文原文：\n");
        for (unsigned t = 0; t < turns; t++) {
            snprintf(line, sizeof line, "%s:\n%s\n", en_names[who[t]], en[t]);
            put(b, line);
        }
        put(b, "版权所有，转载请注明出处。\n");
    } else if (shape == GEN_SECTIONED_EN_FIRST) {
        put(b, "A conversation at the open model forum, in English, then in Chinese.\n");
        for (unsigned t = 0; t < turns; t++) {
            snprintf(line, sizeof line, "%s: %s\n\n", en_names[who[t]], en[t]);
            put(b, line);
        }
        put(b, "中文翻译：\n\n");
        for (unsigned t = 0; t < turns; t++) {
            snprintf(line, sizeof line, "%s：%s\n\n", zh_names[who[t]], zh[t]);
            put(b, line);
        }
    } else if (shape == GEN_INTERLEAVED) {
        put(b, "双语访谈｜开放模型\n\n");
        for (unsigned t = 0; t < turns; t++) {
            snprintf(line, sizeof line, "%s：%s\n\n%s: %s\n\n", zh_names[who[t]], zh[t],
                     en_names[who[t]], en[t]);
            put(b, line);
        }
    } else if (shape == GEN_SRT) {
        for (unsigned t = 0; t < turns; t++) {
            unsigned s = t * 4;
            snprintf(line, sizeof line, "%u\n%02u:%02u:%02u,000 --> %02u:%02u:%02u,500\n%s\n%s\n\n",
                     t + 1, s / 3600, s / 60 % 60, s % 60, s / 3600, s / 60 % 60, s % 60 + 3,
                     zh[t], en[t]);
            put(b, line);
        }
    } else {
        for (unsigned t = 0; t < turns; t++) {
            snprintf(line, sizeof line, "%s：%s\n\n", zh_names[who[t]], zh[t]);
            put(b, line);
            snprintf(line, sizeof line, "%s: %s\n\n", en_names[who[t]], en[t]);
            put(b2, line);
        }
    }
    free(zh);
    free(en);
    free(who);
}

static size_t check_generated(int shape, unsigned turns, const char *layout)
{
    buf a = {0}, b = {0};
    generate(shape, turns, &a, &b);
    const char *bytes[2] = {a.s, b.s};
    size_t lens[2] = {a.len, b.len};
    size_t n = b.len ? 2 : 1;
    assert_true(preview_worth(lens, n) == (a.len >= PREVIEW_MIN_BYTES || b.len >= PREVIEW_MIN_BYTES));
    const char *names[2] = {"a.txt", "b.txt"};
    doc *d = NULL;
    assert_int_equal(format_load_bytes(names, bytes, lens, n, NULL, &d, NULL), ST_OK);
    assert_string_equal(d->layout, layout);
    doc_free(d);
    size_t kept = check_texts(bytes, lens, n, false);
    free(a.s);
    free(b.s);
    return kept;
}

/* Sectioned, large enough that the second section's head must be found:
 * the preview starts with the intro and both markers and pairs the first
 * turns as the whole does; it covers more than a screen. */
static void test_sectioned_large(void **state)
{
    (void)state;
    for (unsigned turns = 2000; turns <= 6000; turns += 4000) {
        size_t kept = check_generated(GEN_SECTIONED, turns, "sectioned");
        assert_true(kept >= 20);
    }
}

/* English first, inline labels, blank lines between turns. */
static void test_sectioned_english_first(void **state)
{
    (void)state;
    assert_true(check_generated(GEN_SECTIONED_EN_FIRST, 3000, "sectioned") >= 20);
}

/* A sectioned file whose sections are short: the whole file is the head. */
static void test_sectioned_small(void **state)
{
    (void)state;
    assert_true(check_generated(GEN_SECTIONED, 60, "sectioned") >= 10);
}

static void test_interleaved_large(void **state)
{
    (void)state;
    assert_true(check_generated(GEN_INTERLEAVED, 3000, "interleaved") >= 20);
}

static void test_subtitles_large(void **state)
{
    (void)state;
    assert_true(check_generated(GEN_SRT, 4000, "srt") >= 20);
}

static void test_two_files_large(void **state)
{
    (void)state;
    assert_true(check_generated(GEN_TWO_FILES, 3000, "two-files") >= 20);
}

/* A layout forced on a file that does not switch languages once: no
 * preview (the whole loads first), never a wrong one. */
static void test_no_switch(void **state)
{
    (void)state;
    buf a = {0}, b = {0};
    generate(GEN_INTERLEAVED, 3000, &a, &b);
    const char *names[1] = {"a.txt"}, *bytes[1] = {a.s};
    size_t lens[1] = {a.len};
    doc *p = NULL;
    assert_int_equal(preview_build(names, bytes, lens, 1, format_find("sectioned"), &p),
                     ST_NOT_TRANSCRIPT);
    assert_null(p);
    free(a.s);
}

/* A line of megabytes at the start: no preview (it would cost what the
 * whole costs), so the whole loads first. */
static void test_long_line(void **state)
{
    (void)state;
    buf a = {0}, b = {0};
    for (int i = 0; i < 100000; i++)
        put(&a, "我们今天讨论");
    put(&a, "\n\n");
    generate(GEN_INTERLEAVED, 3000, &a, &b);
    const char *names[1] = {"a.txt"}, *bytes[1] = {a.s};
    size_t lens[1] = {a.len};
    doc *p = NULL;
    assert_int_not_equal(preview_build(names, bytes, lens, 1, NULL, &p), ST_OK);
    assert_null(p);
    free(a.s);
}

/* Every sample and fixture: where a preview is made, it starts as the
 * whole does (they are small: their head is all of them, less the end). */
static void check_file(const char *path, const char *path2)
{
    print_message("%s%s%s\n", path, path2 ? " " : "", path2 ? path2 : "");
    input in[2] = {{0}};
    assert_int_equal(input_read(path, INPUT_DEFAULT_LIMIT, &in[0]), ST_OK);
    if (path2)
        assert_int_equal(input_read(path2, INPUT_DEFAULT_LIMIT, &in[1]), ST_OK);
    const char *bytes[2] = {in[0].bytes, in[1].bytes};
    size_t lens[2] = {in[0].n, in[1].n};
    check_texts(bytes, lens, path2 ? 2 : 1, true);
    input_free(&in[0]);
    input_free(&in[1]);
}

static void test_fixtures(void **state)
{
    (void)state;
    static const char *const patterns[] = {"samples/*", "tests/corpus/*.txt", "tests/corpus/*.srt",
                                           "tests/corpus/*.vtt", "tests/corpus/*.tsv",
                                           "tests/corpus/*.md", "../shared/corpus/*.txt"};
    size_t files = 0;
    for (size_t k = 0; k < sizeof patterns / sizeof *patterns; k++) {
        if (!strncmp(patterns[k], "../shared/", 10) &&
            !testload_shared("../shared/corpus/seed-sectioned-zh-en.txt",
                             "the published seed's preview starts as its whole"))
            continue;
        glob_t g;
        if (glob(patterns[k], 0, NULL, &g) != 0)
            continue;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            const char *p = g.gl_pathv[i];
            if (strstr(p, ".en.")) /* the second of a pair */
                continue;
            const char *zh = strstr(p, ".zh.");
            if (zh) {
                char other[512];
                snprintf(other, sizeof other, "%.*s.en.%s", (int)(zh - p), p, zh + 4);
                check_file(p, other);
            } else {
                check_file(p, NULL);
            }
            files++;
        }
        globfree(&g);
    }
    assert_true(files >= 20);
}

static void test_worth(void **state)
{
    (void)state;
    size_t small[2] = {PREVIEW_MIN_BYTES - 1, 10}, large[2] = {10, PREVIEW_MIN_BYTES};
    assert_false(preview_worth(small, 2));
    assert_true(preview_worth(large, 2));
    assert_false(preview_worth(large, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sectioned_large),  cmocka_unit_test(test_sectioned_english_first),
        cmocka_unit_test(test_sectioned_small),
        cmocka_unit_test(test_interleaved_large), cmocka_unit_test(test_subtitles_large),
        cmocka_unit_test(test_two_files_large),  cmocka_unit_test(test_no_switch),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_fixtures),         cmocka_unit_test(test_worth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
