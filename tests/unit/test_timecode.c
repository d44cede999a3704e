/* timecode: times into a recording as speech-to-text exports, subtitles
 * and tables write them — and the clock times, ratios and dates that are
 * not one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "timecode.h"

typedef struct {
    const char *text;
    int64_t ms; /* -1: not a time */
} parse_case;

/* The whole text is one time (timecode_parse). */
static const parse_case whole[] = {
    {"0:05", 5000},
    {"00:52", 52000},
    {"75:30", 4530000},           /* minutes past 59 without hours */
    {"1:02:03", 3723000},
    {"00:01:23", 83000},
    {"00\xef\xbc\x9a" "52", 52000}, /* 00：52, a full-width colon */
    {"01\xef\xbc\x9a" "02\xef\xbc\x9a" "03", 3723000},
    {"00:00:04,000", 4000},       /* SRT */
    {"01:01.500", 61500},         /* WebVTT */
    {"0:00:01.50", 1500},         /* ASS: centiseconds */
    {"00:00:00.000", 0},
    {"[00:01:23]", 83000},
    {"(00:52)", 52000},
    {"\xef\xbc\x88" "00:52\xef\xbc\x89", 52000},     /* （00:52） */
    {"\xe3\x80\x90" "00\xef\xbc\x9a" "52\xe3\x80\x91", 52000}, /* 【00：52】 */
    {"[ 00:05 ]", 5000},
    {"[00:05 - 00:09]", 5000},    /* a range: its start */
    {"[00:00:05 --> 00:00:09]", 5000},
    {"(0:05\xe2\x80\x93" "0:09)", 5000}, /* (0:05–0:09) */
    /* not times */
    {"", -1},
    {"52", -1},
    {":52", -1},
    {"00:", -1},
    {"1:2", -1},
    {"12:345", -1},
    {"00:60", -1},
    {"1:60:00", -1},
    {"00:52:", -1},
    {"1234567:00", -1},
    {"2024-05-06", -1},
    {"00:00:01.0000", -1},
    {"[00:52", -1},
    {"(00:52]", -1},
    {"[Host]", -1},
    {"00:52 ", -1},
    {"ten:30", -1},
};

typedef struct {
    const char *text;
    int64_t ms;
    size_t len; /* bytes of the time at the start */
} at_case;

/* A time at the start of a longer text (timecode_at). */
static const at_case starts[] = {
    {"00:52 张三", 52000, 5},
    {"[00:01:23] Host: Welcome.", 83000, 10},
    {"(00:52) \xe5\xbc\xa0\xe4\xb8\x89\xef\xbc\x9a", 52000, 7},
    {"10:30am", 630000, 5},        /* read as 10:30: the clock is not ours to judge */
    {"00:52.", 52000, 5},            /* a full stop, not a fraction */
    {"10:30 we met", 630000, 5},
    {"1:2 3", -1, 0},
    {"2024-05-06 10:30", -1, 0},
    {"Host 00:52", -1, 0},
    {"[Host] 00:52", -1, 0},
};

typedef struct {
    const char *text;
    int64_t ms;
    const char *from; /* what starts at the time */
} last_case;

/* A time ending the text, standing apart (timecode_last). */
static const last_case ends[] = {
    {"\xe5\x8f\x91\xe8\xa8\x80\xe4\xba\xba 1 00:52", 52000, "00:52"}, /* 发言人 1 00:52 */
    {"\xe8\xaf\xb4\xe8\xaf\x9d\xe4\xba\xba" "1 00\xef\xbc\x9a" "52", 52000, "00\xef\xbc\x9a" "52"},
    {"Speaker 1  0:05", 5000, "0:05"},
    {"Host 00:01:23  ", 83000, "00:01:23  "},
    {"Host 00:01:23\xe3\x80\x80", 83000, "00:01:23\xe3\x80\x80"}, /* ideographic space */
    {"\xe5\xbc\xa0\xe4\xb8\x89 (00:52)", 52000, "(00:52)"},
    {"\xe5\xbc\xa0\xe4\xb8\x89\xef\xbc\x88" "00:52\xef\xbc\x89", 52000, "\xef\xbc\x88" "00:52\xef\xbc\x89"},
    {"00:52", 52000, "00:52"},
    {"Q1:30", -1, NULL},             /* glued to a word */
    {"Room 12:345", -1, NULL},
    {"Host", -1, NULL},
    {"We met at 10:30.", -1, NULL},  /* the full stop ends it, not a time */
    {"", -1, NULL},
    {"   ", -1, NULL},
};

typedef struct {
    const char *line;
    const char *colon; /* the colon asked about: its first occurrence from here */
    bool inside;
} colon_case;

/* Is this colon inside a time (so no label ends there)? */
static const colon_case colons[] = {
    {"00:52", ":52", true},
    {"\xe5\x8f\x91\xe8\xa8\x80\xe4\xba\xba 1 00\xef\xbc\x9a" "52 And now", "\xef\xbc\x9a", true},
    {"1:02:03", ":02", true},
    {"1:02:03", ":03", true},
    {"10:30 we met", ":", true},
    {"Host: Welcome.", ":", false},
    {"Q1\xef\xbc\x9a" "23 questions", "\xef\xbc\x9a", false}, /* Q1：23… a label, then a number */
    {"A2:15", ":", false},
    {"Ratio 3:2", ":", false},        /* one digit after */
    {"Score 3:200", ":", false},
    {"http://x", ":", false},
};

static void test_timecode_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++) {
        int64_t got = timecode_parse(whole[i].text, strlen(whole[i].text));
        if (got != whole[i].ms)
            print_error("case %zu \"%s\": got %lld\n", i, whole[i].text, (long long)got);
        assert_int_equal(got, whole[i].ms);
    }
}

static void test_timecode_at(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        size_t len = 0;
        int64_t got = timecode_at(starts[i].text, strlen(starts[i].text), &len);
        if (got != starts[i].ms)
            print_error("case %zu \"%s\": got %lld\n", i, starts[i].text, (long long)got);
        assert_int_equal(got, starts[i].ms);
        if (got >= 0)
            assert_int_equal(len, starts[i].len);
    }
}

static void test_timecode_last(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t start = 0;
        int64_t got = timecode_last(ends[i].text, strlen(ends[i].text), &start);
        if (got != ends[i].ms)
            print_error("case %zu \"%s\": got %lld\n", i, ends[i].text, (long long)got);
        assert_int_equal(got, ends[i].ms);
        if (got >= 0)
            assert_string_equal(ends[i].text + start, ends[i].from);
    }
}

static void test_timecode_colon_inside(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof colons / sizeof colons[0]; i++) {
        const char *line = colons[i].line, *at = strstr(line, colons[i].colon);
        assert_non_null(at);
        bool got = timecode_colon_inside(line, strlen(line), (size_t)(at - line));
        if (got != colons[i].inside)
            print_error("case %zu \"%s\"\n", i, line);
        assert_int_equal(got, colons[i].inside);
    }
}

static void test_timecode_format(void **state)
{
    (void)state;
    static const struct {
        int64_t ms;
        bool hours;
        const char *text;
    } cases[] = {
        {0, false, "0:00"},         {5000, false, "0:05"},
        {52999, false, "0:52"},     {4530000, false, "1:15:30"},
        {3723000, false, "1:02:03"}, {83000, true, "0:01:23"},
        {-5, false, "0:00"},        {360000000, false, "100:00:00"},
    };
    char buf[TIMECODE_TEXT_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = timecode_format(cases[i].ms, cases[i].hours, buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
    }
    /* a short buffer is cut, never overrun */
    char tiny[4];
    assert_int_equal(timecode_format(3723000, false, tiny, sizeof tiny), 3);
    assert_string_equal(tiny, "1:0");
    /* a written time reads back */
    size_t n = timecode_format(3723000, false, buf, sizeof buf);
    assert_int_equal(timecode_parse(buf, n), 3723000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timecode_parse),
        cmocka_unit_test(test_timecode_at),
        cmocka_unit_test(test_timecode_last),
        cmocka_unit_test(test_timecode_colon_inside),
        cmocka_unit_test(test_timecode_format),
    };
    return cmocka_run_group_tests_name("timecode", tests, NULL, NULL);
}
