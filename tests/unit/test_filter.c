/* Tests of filter.h: the speaker filter's entries, the visible segments,
 * walking them, the nearest visible segment, and names matched the way
 * --speaker matches them (on documents read by the real pipeline, so the
 * labels and the joined names are the ones duet makes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "filter.h"
#include "format.h"
#include "testdoc.h"

/* Segments by speaker: A B B A C (unknown) A. */
static doc *abbac(void)
{
    static const testdoc_seg segs[] = {
        {"A", {"一二三"}, {"one"}, 0},
        {"B", {"二"}, {"two words"}, 0},
        {"B", {"三"}, {"three"}, 0},
        {"A", {"四五"}, {"four four"}, 0},
        {"C", {"五"}, {"five"}, 0},
        {NULL, {"六"}, {"six"}, 0},
        {"A", {"七"}, {"seven"}, 0},
    };
    return testdoc_build("intro", segs, 7, NULL);
}

/* Which segments are visible, as "0110…". */
static const char *visible(const filter_state *f)
{
    static char buf[64];
    size_t i;
    for (i = 0; i < f->d->nsegments && i + 1 < sizeof buf; i++)
        buf[i] = filter_segment_visible(f, i) ? '1' : '0';
    buf[i] = '\0';
    return buf;
}

static void test_entries(void **state)
{
    (void)state;
    doc *d = abbac();
    filter_state *f = filter_new(d);
    assert_non_null(f);
    /* A, B, C, then the segments with no speaker */
    assert_int_equal(f->nentries, 4);
    assert_string_equal(filter_entry_name(f, 0), "A");
    assert_string_equal(filter_entry_name(f, 2), "C");
    assert_string_equal(filter_entry_name(f, 3), "(no speaker)");
    assert_int_equal(f->entries[0].segments, 3);
    assert_int_equal(f->entries[1].segments, 2);
    assert_int_equal(f->entries[3].segments, 1);
    assert_int_equal(filter_entry_of(f, 5), 3);
    assert_true(filter_all_shown(f));
    assert_string_equal(visible(f), "1111111");
    char note[64];
    assert_int_equal(filter_note(f, note, sizeof note), 0);
    assert_string_equal(note, "");
    /* words and characters, counted per entry */
    const filter_count *c = filter_counts(f, 0);
    assert_int_equal(c->chars, 3 + 2 + 1);
    assert_int_equal(c->words, 1 + 2 + 1);
    c = filter_counts(f, 1);
    assert_int_equal(c->chars, 2);
    assert_int_equal(c->words, 3);
    c = filter_counts(f, 3); /* the segment with no speaker */
    assert_int_equal(c->chars, 1);
    assert_int_equal(c->words, 1);
    assert_null(filter_counts(f, 4));
    filter_free(f);
    doc_free(d);
}

static void test_show_and_hide(void **state)
{
    (void)state;
    doc *d = abbac();
    filter_state *f = filter_new(d);
    char note[64];
    assert_true(filter_set(f, 1, false));
    assert_string_equal(visible(f), "1001111");
    assert_int_equal(f->nvisible, 5);
    filter_note(f, note, sizeof note);
    assert_string_equal(note, "3 of 4 speakers");
    filter_only(f, 0);
    assert_string_equal(visible(f), "1001001");
    assert_true(filter_is_only(f, 0));
    assert_false(filter_is_only(f, 1));
    /* the last one shown stays shown */
    assert_false(filter_set(f, 0, false));
    assert_string_equal(visible(f), "1001001");
    assert_true(filter_set(f, 3, true)); /* the unknown speaker's segments */
    assert_string_equal(visible(f), "1001011");
    assert_true(filter_set(f, 0, false)); /* now it may go */
    assert_string_equal(visible(f), "0000010");
    assert_false(filter_set(f, 9, true)); /* no such entry */
    filter_show_all(f);
    assert_string_equal(visible(f), "1111111");
    assert_true(filter_all_shown(f));
    /* a NULL filter shows everything; the hook is the predicate reversed */
    assert_true(filter_segment_visible(NULL, 3));
    filter_only(f, 1);
    assert_true(filter_hidden_hook(f, 0));
    assert_false(filter_hidden_hook(f, 1));
    filter_free(f);
    doc_free(d);
}

static void test_walking(void **state)
{
    (void)state;
    doc *d = abbac();
    filter_state *f = filter_new(d);
    filter_only(f, 0); /* A: segments 0, 3, 6 */
    assert_int_equal(filter_next_visible(f, SIZE_MAX), 0);
    assert_int_equal(filter_next_visible(f, 0), 3);
    assert_int_equal(filter_next_visible(f, 3), 6);
    assert_int_equal(filter_next_visible(f, 6), 7); /* none: nsegments */
    assert_int_equal(filter_prev_visible(f, 6), 3);
    assert_int_equal(filter_prev_visible(f, 0), SIZE_MAX);
    assert_int_equal(filter_prev_visible(f, 7), 6);
    assert_int_equal(filter_nth_visible(f, 1), 0);
    assert_int_equal(filter_nth_visible(f, 2), 3);
    assert_int_equal(filter_nth_visible(f, 3), 6);
    assert_int_equal(filter_nth_visible(f, 4), 7);
    assert_int_equal(filter_nth_visible(f, 0), 7);
    /* the nearest shown segment: itself, the closer one, the later on a tie */
    assert_int_equal(filter_nearest_visible(f, 3), 3);
    assert_int_equal(filter_nearest_visible(f, 1), 0);
    assert_int_equal(filter_nearest_visible(f, 2), 3);
    assert_int_equal(filter_nearest_visible(f, 4), 3);
    assert_int_equal(filter_nearest_visible(f, 5), 6);
    filter_only(f, 2); /* C: segment 4 only */
    assert_int_equal(filter_nearest_visible(f, 0), 4);
    assert_int_equal(filter_nearest_visible(f, 6), 4);
    filter_show_all(f);
    assert_int_equal(filter_nth_visible(f, 5), 4);
    filter_free(f);
    doc_free(d);
}

static doc *load(const char *text)
{
    const char *names[1] = {"t.txt"};
    const char *bytes[1] = {text};
    size_t lens[1] = {strlen(text)};
    doc *d = NULL;
    format_report r;
    assert_int_equal(format_load_bytes(names, bytes, lens, 1, NULL, &d, &r), ST_OK);
    return d;
}

/* A host labelled 主持人： in Chinese and Host: in English, a guest with a
 * stray space before one colon and a full-width name in the other. */
static const char interview[] =
    "主持人：\n你好，欢迎。\n"
    "蔡崇信 :\n谢谢。\n"
    "主持人：\n第二个问题：未来呢？\n"
    "蔡崇信：\n很好。\n"
    "Host:\nHello, welcome.\n"
    "Joe Tsai:\nThank you.\n"
    "Host:\nSecond question: and the future?\n"
    "Joe Tsai:\nVery good.\n";

static void test_find(void **state)
{
    (void)state;
    doc *d = load(interview);
    filter_state *f = filter_new(d);
    assert_int_equal(f->nentries, 2);
    assert_string_equal(filter_entry_name(f, 0), "主持人 / Host");
    assert_string_equal(filter_entry_name(f, 1), "蔡崇信 / Joe Tsai");
    static const struct {
        const char *name;
        long want;
    } cases[] = {
        {"主持人 / Host", 0}, /* the whole name */
        {"主持人", 0},        /* either half */
        {"Host", 0},
        {"host", 0},          /* case */
        {"ＨＯＳＴ", 0},      /* width */
        {" Host ", 0},        /* spaces */
        {"主持人：", 0},      /* a label as written */
        {"Host:", 0},
        {"蔡崇信", 1},
        {"蔡崇信 :", 1},      /* the spaced variant */
        {"蔡 崇 信", 1},
        {"joe tsai", 1},
        {"JoeTsai", 1},
        {"Joe", 1},           /* a part of one speaker's name */
        {"tsai", 1},
        {"蔡", 1},
        {"主持", 0},
        {"ＨＯ", 0},
        {"o", FILTER_AMBIGUOUS}, /* in Host and in Joe Tsai */
        {"Guest", FILTER_NONE},
        {"", FILTER_NONE},
        {"第二个问题", FILTER_NONE}, /* text, not a speaker */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (filter_find(f, cases[i].name) != cases[i].want)
            fail_msg("filter_find(%s) = %ld, want %ld", cases[i].name,
                     filter_find(f, cases[i].name), cases[i].want);
    /* --speaker: only those named; an unknown name changes nothing */
    const char *names[] = {"joe tsai"};
    size_t bad = 99;
    assert_int_equal(filter_select(f, names, 1, &bad), ST_OK);
    assert_string_equal(visible(f), "0101");
    const char *two[] = {"Host", "Nobody"};
    assert_int_equal(filter_select(f, two, 2, &bad), ST_USAGE);
    assert_int_equal(bad, 1);
    assert_string_equal(visible(f), "0101");
    char list[128];
    size_t need = filter_names(f, NULL, 0);
    assert_int_equal(filter_names(f, list, sizeof list), need);
    assert_string_equal(list, "主持人 / Host, 蔡崇信 / Joe Tsai");
    filter_free(f);
    doc_free(d);
}

/* Three speakers, two of them 林 / Lin: a whole name wins over a part of
 * another (Li is a half of 李 / Li and a part of Lin), a part must name one
 * speaker, and the ambiguous part lists whom it names. */
static const char lins[] =
    "李：\n欢迎两位。\n"
    "林晓雯：\n谢谢。\n"
    "林小明：\n我也谢谢。\n"
    "李：\n你们喜欢什么茶？\n"
    "Li:\nWelcome, both of you.\n"
    "Lin Xiaowen:\nThank you.\n"
    "Lin Xiaoming:\nThank you too.\n"
    "Li:\nWhich tea do you like?\n";

static void test_find_parts(void **state)
{
    (void)state;
    doc *d = load(lins);
    filter_state *f = filter_new(d);
    assert_int_equal(f->nentries, 3);
    assert_string_equal(filter_entry_name(f, 1), "林晓雯 / Lin Xiaowen");
    static const struct {
        const char *name;
        long want;
    } cases[] = {
        {"Li", 0},           /* a whole half of 李 / Li: not a part of Lin */
        {"li", 0},
        {"李", 0},
        {"Lin", FILTER_AMBIGUOUS},
        {"林", FILTER_AMBIGUOUS},
        {"lin xiao", FILTER_AMBIGUOUS},
        {"晓", 1},
        {"Xiaowen", 1},
        {"XIAOW", 1},
        {"小明", 2},
        {"xiaom", 2},
        {"ming", 2},
        {"Lin Xiaoming", 2},
        {"Wang", FILTER_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (filter_find(f, cases[i].name) != cases[i].want)
            fail_msg("filter_find(%s) = %ld, want %ld", cases[i].name,
                     filter_find(f, cases[i].name), cases[i].want);
    char list[128];
    size_t need = filter_matching(f, "lin", NULL, 0);
    assert_int_equal(filter_matching(f, "lin", list, sizeof list), need);
    assert_string_equal(list, "林晓雯 / Lin Xiaowen, 林小明 / Lin Xiaoming");
    assert_int_equal(filter_matching(f, "ming", list, sizeof list), strlen("林小明 / Lin Xiaoming"));
    assert_string_equal(list, "林小明 / Lin Xiaoming");
    filter_matching(f, "Li", list, sizeof list); /* the whole name only */
    assert_string_equal(list, "李 / Li");
    filter_matching(f, "Wang", list, sizeof list);
    assert_string_equal(list, "");
    /* --speaker: parts select; an ambiguous part is refused, naming it */
    const char *two[] = {"li", "xiaowen"};
    size_t bad = 99;
    assert_int_equal(filter_select(f, two, 2, &bad), ST_OK);
    assert_string_equal(visible(f), "1101");
    const char *amb[] = {"ming", "Lin"};
    assert_int_equal(filter_select(f, amb, 2, &bad), ST_USAGE);
    assert_int_equal(bad, 1);
    assert_string_equal(visible(f), "1101"); /* unchanged */
    filter_free(f);
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries),
        cmocka_unit_test(test_show_and_hide),
        cmocka_unit_test(test_walking),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_parts),
    };
    return cmocka_run_group_tests_name("filter", tests, NULL, NULL);
}
