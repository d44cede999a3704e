/* Tests of doc.h: building a document, speakers and their merging, shared
 * and copied paragraph text, line roles, and what doc_finish derives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "testdoc.h"

#define S(lit) lit, sizeof(lit) - 1

static doc_para para(const char *text, int speaker, uint32_t line)
{
    return (doc_para){.text = text, .len = strlen(text), .speaker = speaker,
                      .first_line = line, .last_line = line, .start_ms = -1, .end_ms = -1};
}

/* A source's non-blank lines start unaccounted; blank ones (spaces, tabs)
 * are blank; roles can be set per 1-based line, out-of-range lines ignored. */
static void test_source_roles(void **state)
{
    (void)state;
    doc *d = doc_new();
    assert_int_equal(doc_add_source(d, "t.txt", S("主持人:\n  \t\nhello\n\n")), ST_OK);
    doc_source *s = &d->sources[0];
    assert_int_equal(s->text.nlines, 4);
    assert_int_equal(s->role[0], DOC_LINE_UNACCOUNTED);
    assert_int_equal(s->role[1], DOC_LINE_BLANK);
    assert_int_equal(s->role[2], DOC_LINE_UNACCOUNTED);
    assert_int_equal(s->role[3], DOC_LINE_BLANK);
    doc_set_role(d, 0, 1, DOC_LINE_LABEL);
    doc_set_role(d, 0, 3, DOC_LINE_TEXT);
    doc_set_role(d, 0, 99, DOC_LINE_TEXT); /* ignored, no crash */
    doc_set_role(d, 7, 1, DOC_LINE_TEXT);  /* no such source: ignored */
    assert_int_equal(s->role[0], DOC_LINE_LABEL);
    assert_int_equal(s->role[2], DOC_LINE_TEXT);
    assert_string_equal(s->path, "t.txt");
    doc_free(d);
}

/* A source's bytes are sanitised on the way in: ESC never reaches the doc. */
static void test_source_is_sanitised(void **state)
{
    (void)state;
    doc *d = doc_new();
    assert_int_equal(doc_add_source(d, "x", S("a\x1b]0;title\x07")), ST_OK);
    assert_null(memchr(d->sources[0].text.buf, 0x1b, d->sources[0].text.len));
    assert_null(memchr(d->sources[0].text.buf, 0x07, d->sources[0].text.len));
    doc_free(d);
}

/* The same canonical name is one speaker; each label variant is kept once
 * and every labelled line counted. */
static void test_speakers_intern_variants(void **state)
{
    (void)state;
    doc *d = doc_new();
    int a = doc_intern_speaker(d, S("蔡崇信"), S("蔡崇信:"));
    int b = doc_intern_speaker(d, S("主持人"), S("主持人:"));
    int c = doc_intern_speaker(d, S("蔡崇信"), S("蔡崇信 :"));
    int e = doc_intern_speaker(d, S("蔡崇信"), S("蔡崇信:"));
    assert_int_equal(a, 0);
    assert_int_equal(b, 1);
    assert_int_equal(c, 0);
    assert_int_equal(e, 0);
    assert_int_equal(d->nspeakers, 2);
    assert_int_equal(d->speakers[0].nlabels, 2);
    assert_string_equal(d->speakers[0].labels[0], "蔡崇信:");
    assert_string_equal(d->speakers[0].labels[1], "蔡崇信 :");
    assert_int_equal(d->speakers[0].label_lines, 3);
    /* No label: found, not counted. */
    assert_int_equal(doc_intern_speaker(d, S("主持人"), NULL, 0), 1);
    assert_int_equal(d->speakers[1].label_lines, 1);
    doc_free(d);
}

/* Merging "Host" into "主持人": one speaker named "主持人 / Host" with both
 * labels; references to it and to speakers above it are rewritten. */
static void test_speaker_merge_rewrites_references(void **state)
{
    (void)state;
    doc *d = doc_new();
    int zh = doc_intern_speaker(d, S("主持人"), S("主持人："));
    int guest = doc_intern_speaker(d, S("Guest"), S("Guest:"));
    int en = doc_intern_speaker(d, S("Host"), S("Host:"));
    int late = doc_intern_speaker(d, S("Third"), S("Third:"));
    doc_para p = para("你好", zh, 1);
    doc_add_para(d, LANG_ZH, &p);
    p = para("Hello", en, 2);
    doc_add_para(d, LANG_EN, &p);
    p = para("Bye", late, 3);
    doc_add_para(d, LANG_EN, &p);
    doc_segment s = {{0, 0}, {1, 1}, en, 0.9f};
    doc_add_segment(d, &s);

    doc_speaker_merge(d, zh, en, NULL);
    assert_int_equal(d->nspeakers, 3);
    assert_string_equal(d->speakers[0].name, "主持人 / Host");
    assert_int_equal(d->speakers[0].nlabels, 2);
    assert_string_equal(d->speakers[0].labels[1], "Host:");
    assert_string_equal(d->speakers[1].name, "Guest");
    assert_string_equal(d->speakers[2].name, "Third");
    assert_int_equal(d->paras[LANG_EN][0].speaker, 0);
    assert_int_equal(d->paras[LANG_EN][1].speaker, 2); /* shifted down */
    assert_int_equal(d->segments[0].speaker, 0);
    assert_int_equal(guest, 1);
    doc_free(d);
}

/* Text inside a source buffer is shared (no copy); other text is copied, so
 * the caller's buffer may go away. */
static void test_para_text_shared_or_copied(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_add_source(d, "s", S("line one\nline two"));
    const char *buf = d->sources[0].text.buf;
    doc_para p = para(buf, -1, 1);
    p.len = 8;
    long i = doc_add_para(d, LANG_EN, &p);
    assert_int_equal(i, 0);
    assert_ptr_equal(d->paras[LANG_EN][0].text, buf);

    char local[] = "joined text";
    p = para(local, -1, 2);
    doc_add_para(d, LANG_EN, &p);
    assert_ptr_not_equal(d->paras[LANG_EN][1].text, local);
    memset(local, 'x', sizeof local - 1);
    assert_memory_equal(d->paras[LANG_EN][1].text, "joined text", 11);
    assert_int_equal(d->nparas[LANG_EN], 2);
    assert_int_equal(doc_add_para(d, LANG_NONE, &p), -1);
    doc_free(d);
}

/* Many paragraphs (more than one arena block of copied text) all survive. */
static void test_many_copied_paras(void **state)
{
    (void)state;
    doc *d = doc_new();
    char text[64];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(text, sizeof text, "paragraph number %d", i);
        doc_para p = para(text, -1, (uint32_t)i + 1);
        p.len = (size_t)n;
        assert_int_equal(doc_add_para(d, LANG_EN, &p), i);
    }
    static char big[100001]; /* larger than an arena block */
    memset(big, 'a', sizeof big - 1);
    doc_para p = para(big, -1, 1);
    doc_add_para(d, LANG_EN, &p);
    assert_string_equal(d->paras[LANG_EN][0].text, "paragraph number 0");
    assert_string_equal(d->paras[LANG_EN][19999].text, "paragraph number 19999");
    assert_int_equal(d->paras[LANG_EN][20000].len, sizeof big - 1);
    doc_free(d);
}

/* doc_finish: speaker segment counts, Chinese characters and English
 * words (each counted apart, never added), distinct colours, and where
 * notes stand among segments. */
static void test_finish_counts_and_note_positions(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_add_source(d, "s", S("intro\nQ\nA\nnoise\nq\na\nfooter"));
    int host = doc_intern_speaker(d, S("Host"), NULL, 0);
    int guest = doc_intern_speaker(d, S("Guest"), NULL, 0);
    doc_para p = para("你好吗", host, 2);
    doc_add_para(d, LANG_ZH, &p);
    p = para("How are you", host, 5);
    doc_add_para(d, LANG_EN, &p);
    p = para("很好，谢谢", guest, 3);
    doc_add_para(d, LANG_ZH, &p);
    p = para("Fine,  thanks", guest, 6);
    doc_add_para(d, LANG_EN, &p);
    doc_segment s1 = {{0, 0}, {1, 1}, host, 1.0f};
    doc_segment s2 = {{1, 1}, {1, 1}, guest, 0.3f};
    doc_add_segment(d, &s1);
    doc_add_segment(d, &s2);
    doc_add_note(d, DOC_NOTE_INTRO, 0, 1, 1, S("intro"));
    doc_add_note(d, DOC_NOTE_NOISE, 0, 4, 4, S("noise"));
    doc_add_note(d, DOC_NOTE_FOOTER, 0, 7, 7, S("footer"));
    assert_int_equal(doc_finish(d), ST_OK);

    assert_int_equal(d->speakers[host].segments, 1);
    assert_int_equal(d->speakers[guest].segments, 1);
    assert_int_equal(d->speakers[host].zh_chars, 3);  /* 你好吗 */
    assert_int_equal(d->speakers[host].en_words, 3);  /* How are you */
    assert_int_equal(d->speakers[guest].zh_chars, 5); /* 很好，谢谢 */
    assert_int_equal(d->speakers[guest].en_words, 2); /* Fine,  thanks */
    assert_int_not_equal(d->speakers[host].colour, d->speakers[guest].colour);
    assert_int_equal(d->notes[0].position, 0);
    assert_int_equal(d->notes[1].position, 2); /* after both segments' first lines */
    assert_int_equal(d->notes[2].position, 2);

    lang_id langs[LANG_SIDES];
    assert_int_equal(doc_languages(d, langs), 2);
    assert_string_equal(doc_segment_para(d, &d->segments[1], LANG_EN, 0)->text, "Fine,  thanks");
    doc_free(d);
}

/* Segments 1-1, 0-1, 1-0, 1-1 whose empty sides a reader left at stray
 * positions (9, 0): doc_finish puts them where the partition says, so a
 * paragraph's segment can be found by where each side starts. (The pairing
 * reader did this on a fuzzed interleaved file.) */
static void test_finish_places_empty_sides(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_add_source(d, "s", S("a\nb\nc\nd\ne\nf"));
    const char *zh[] = {"一", "二", "三"}, *en[] = {"one", "two", "three"};
    for (int k = 0; k < 3; k++) {
        doc_para p = para(zh[k], -1, (uint32_t)(1 + k));
        doc_add_para(d, LANG_ZH, &p);
        p = para(en[k], -1, (uint32_t)(4 + k));
        doc_add_para(d, LANG_EN, &p);
    }
    doc_segment segs[] = {
        {{0, 0}, {1, 1}, -1, 1.0f},
        {{9, 1}, {0, 1}, -1, 1.0f}, /* 0-1: its Chinese side starts "at 9" */
        {{1, 0}, {1, 0}, -1, 1.0f}, /* 1-0: its English side starts "at 0" */
        {{2, 2}, {1, 1}, -1, 1.0f},
    };
    for (size_t k = 0; k < 4; k++)
        doc_add_segment(d, &segs[k]);
    assert_int_equal(doc_finish(d), ST_OK);
    uint32_t want_zh[] = {0, 1, 1, 2}, want_en[] = {0, 1, 2, 2};
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(d->segments[k].first[LANG_ZH], want_zh[k]);
        assert_int_equal(d->segments[k].first[LANG_EN], want_en[k]);
    }
    doc_free(d);
}

/* A document without a single paragraph is not a transcript. */
static void test_finish_empty_is_not_transcript(void **state)
{
    (void)state;
    doc *d = doc_new();
    doc_add_source(d, "s", S("just a line"));
    assert_int_equal(doc_finish(d), ST_NOT_TRANSCRIPT);
    doc_free(d);
    doc_free(NULL);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(doc_note_kind_name(DOC_NOTE_FOOTER), "footer");
    assert_string_equal(doc_line_role_name(DOC_LINE_UNACCOUNTED), "unaccounted");
    assert_string_equal(status_message(ST_BINARY), "may be a binary file, not a transcript");
    assert_int_equal(status_exit_code(ST_USAGE), 2);
    assert_int_equal(status_exit_code(ST_MISSING), 1);
    assert_int_equal(status_exit_code(ST_OK), 0);
}

/* Turns group consecutive segments of one speaker (a speaker who comes
 * back later starts a new turn; unknown speakers run as one); doubtful
 * segments are those under DOC_WEAK_CONFIDENCE, found both ways. */
static void test_turns_and_doubtful(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"Host", {"你好。"}, {"Hello."}, 0},
        {"Guest", {"谢谢。"}, {"Thanks."}, 0.3f},
        {"Guest", {"很高兴。"}, {"Glad to be here."}, 0},
        {"Guest", {"真的。"}, {NULL}, 0.49f},
        {"Host", {"好。"}, {"Good."}, 0.5f},
        {NULL, {"嗯。"}, {"Hm."}, 0},
        {NULL, {"啊。"}, {"Ah."}, 0.1f},
    };
    doc *d = testdoc_build(NULL, segs, sizeof segs / sizeof *segs, NULL);
    static const struct {
        size_t seg;
        bool starts;
        size_t first;
        bool doubtful;
        size_t next, prev;
    } cases[] = {
        {0, true, 0, false, 1, SIZE_MAX},
        {1, true, 1, true, 3, SIZE_MAX},
        {2, false, 1, false, 3, 1},
        {3, false, 1, true, 6, 1},
        {4, true, 4, false, 6, 3},
        {5, true, 5, false, 6, 3},
        {6, false, 5, true, SIZE_MAX, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(doc_segment_starts_turn(d, cases[i].seg), cases[i].starts);
        assert_int_equal(doc_turn_first(d, cases[i].seg), cases[i].first);
        assert_int_equal(doc_segment_doubtful(d, cases[i].seg), cases[i].doubtful);
        assert_int_equal(doc_next_doubtful(d, cases[i].seg), cases[i].next);
        assert_int_equal(doc_prev_doubtful(d, cases[i].seg), cases[i].prev);
    }
    assert_int_equal(doc_next_doubtful(d, SIZE_MAX), 1);
    assert_int_equal(doc_prev_doubtful(d, d->nsegments), 6);
    assert_int_equal(doc_doubtful_count(d), 3);
    /* the speakers' turns: Host twice, Guest once over three segments */
    assert_int_equal(d->speakers[0].segments, 2);
    assert_int_equal(d->speakers[0].turns, 2);
    assert_int_equal(d->speakers[1].segments, 3);
    assert_int_equal(d->speakers[1].turns, 1);
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_roles),
        cmocka_unit_test(test_finish_places_empty_sides),
        cmocka_unit_test(test_source_is_sanitised),
        cmocka_unit_test(test_speakers_intern_variants),
        cmocka_unit_test(test_speaker_merge_rewrites_references),
        cmocka_unit_test(test_para_text_shared_or_copied),
        cmocka_unit_test(test_many_copied_paras),
        cmocka_unit_test(test_finish_counts_and_note_positions),
        cmocka_unit_test(test_finish_empty_is_not_transcript),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_turns_and_doubtful),
    };
    return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
