/* Detection: every sample in samples/ is found to be its own layout and
 * not another, by a margin, with the evidence naming every candidate's
 * score; --format forces a layout or says why it does not fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "export.h"
#include "format.h"
#include "input.h"
#include "testload.h"

static const struct {
    const char *path, *path2, *layout;
} samples[] = {
    {"samples/sectioned-interview.txt", NULL, "sectioned"},
    {"samples/interleaved-interview.txt", NULL, "interleaved"},
    {"samples/inline-pairs.txt", NULL, "inline"},
    {"samples/two-files.zh.txt", "samples/two-files.en.txt", "two-files"},
    {"samples/two-files.en.txt", "samples/two-files.zh.txt", "two-files"},
    {"samples/subtitles.srt", NULL, "srt"},
    {"samples/talk.zh.srt", "samples/talk.en.srt", "srt"},
    {"samples/subtitles.vtt", NULL, "vtt"},
    {"samples/table.md", NULL, "table"},
    {"samples/speech-to-text.txt", NULL, "stt"},
    {"samples/exported.tsv", NULL, "tsv"},
};

/* The winner's score and the best other score, from the evidence. */
static void scores(const char *ev, int *win, int *second)
{
    *win = -1;
    *second = 0;
    const char *s = strstr(ev, "score ");
    assert_non_null(s);
    *win = atoi(s + 6);
    for (const char *p = ev; (p = strstr(p, " scored ")); p += 8) {
        int v = atoi(p + 8);
        if (v > *second)
            *second = v;
    }
}

static void test_samples_detected(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        doc *d = testload_file(samples[i].path, samples[i].path2);
        if (strcmp(d->layout, samples[i].layout) != 0)
            print_error("%s: found %s, want %s\n", samples[i].path, d->layout, samples[i].layout);
        assert_string_equal(d->layout, samples[i].layout);
        int win, second;
        scores(d->evidence, &win, &second);
        if (win < second + 5)
            print_error("%s: %d against %d\n%s\n", samples[i].path, win, second, d->evidence);
        assert_true(win >= second + 5);
        testload_accounted(d);
        doc_free(d);
    }
}

/* Every one-file sample forced into every other one-file layout either
 * loads (a reading of the text in that shape) or is refused with a reason:
 * never a crash, never a line unaccounted for. */
static void test_forced_layouts(void **state)
{
    (void)state;
    size_t n;
    const format *const *all = format_all(&n);
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        if (samples[i].path2)
            continue;
        for (size_t k = 0; k < n; k++) {
            if (all[k]->min_sources > 1)
                continue;
            const char *paths[1] = {samples[i].path};
            doc *d = NULL;
            format_report r;
            status st = format_load(paths, 1, all[k], INPUT_DEFAULT_LIMIT, &d, &r);
            if (st == ST_OK) {
                assert_string_equal(d->layout, all[k]->name);
                assert_non_null(strstr(d->evidence, "chosen by --format"));
                testload_accounted(d);
                doc_free(d);
            } else {
                assert_true(st == ST_BAD_FORMAT || st == ST_NOT_TRANSCRIPT);
                assert_true(r.why[0] != '\0');
                assert_null(strchr(r.why, '\n'));
            }
        }
    }
}

/* The forced layout that does not fit: one line saying why. */
static void test_forced_mismatch(void **state)
{
    (void)state;
    static const struct {
        const char *layout, *why;
    } cases[] = {
        {"srt", "no subtitle cues (a time line such as 00:00:01,000 --> 00:00:04,000)"},
        {"vtt", "no subtitle cues (a time line such as 00:00:01,000 --> 00:00:04,000)"},
        {"tsv", "no tab-separated rows (speaker<TAB>zh<TAB>en, with or without that header)"},
        {"table", "no table with a Chinese and an English column (| 中文 | English |)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        format_report r;
        const char *paths[1] = {"samples/sectioned-interview.txt"};
        doc *d = NULL;
        assert_int_equal(format_load(paths, 1, format_find(cases[i].layout), INPUT_DEFAULT_LIMIT,
                                     &d, &r),
                         ST_BAD_FORMAT);
        assert_string_equal(r.why, cases[i].why);
        assert_string_equal(r.failed_path, "samples/sectioned-interview.txt");
    }
}


/* Mixtures of every layout's lines, cut at random places: every layout,
 * detected or forced, either refuses with a reason or accounts for every
 * line (a deterministic generator, so a failure repeats). */
static void test_mixtures(void **state)
{
    (void)state;
    static const char *const pool[] = {
        "", "\t\t", "|", "| 说话人 | 中文 | English |", "|---|---|---|", "| Host | 你好。 | Hello. |",
        "Host | 你好。 | Hello.", "1", "00:00:01,000 --> 00:00:02,000", "00:01.000 --> 00:02.000 align:start",
        "00:00:03,000 -> 00:00:04,000", "-->", "WEBVTT", "NOTE a note", "STYLE", "<v Anna>你好<b>。</b>",
        "<v Anna>Hello</v>", "<v", "- 你看到了吗？", "- Did you see it?", "♪ ♪", "发言人 1 00:52",
        "Speaker 2 01:10", "speaker\tzh\ten", "Host\t你好。\tHello.", "Host\t只有两列",
        "\\t\\n\\", "主持人：", "Host:", "主持人：欢迎收听本期节目。", "Host: Welcome to the show.",
        "Q:What now?", "问：怎么办？", "【主持人】欢迎。", "**Host**: Welcome.", "（笑）", "[laughter]",
        "本文为中英对照。", "Copyright 2024 Example", "分享到：微信", "* * *", "我们今天讨论",
        "的是人工智能。", "Today we discuss", "artificial intelligence.", "\x1b[31m红\x1b[0m",
        "{\\an8}字幕", "&amp;&lt;", "Lionel Barber (B): So.", "B: Yes.",
    };
    const size_t npool = sizeof pool / sizeof *pool;
    size_t n;
    const format *const *all = format_all(&n);
    uint64_t seed = 12345;
    char text[8192];
    for (int round = 0; round < 1000; round++) {
        size_t used = 0;
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        int lines = 1 + (int)(seed >> 58);
        for (int k = 0; k < lines; k++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            const char *l = pool[(seed >> 33) % npool];
            size_t len = strlen(l);
            if ((seed >> 20) % 4 == 0)
                len = (size_t)((seed >> 40) % (len + 1)); /* cut, maybe mid-character */
            if (used + len + 2 >= sizeof text)
                break;
            memcpy(text + used, l, len);
            used += len;
            text[used++] = '\n';
        }
        text[used] = '\0';
        for (size_t k = 0; k <= n; k++) {
            const format *f = k < n ? all[k] : NULL;
            if (f && f->min_sources > 1)
                continue;
            const char *names[1] = {"mix.txt"}, *bytes[1] = {text};
            size_t lens[1] = {used};
            doc *d = NULL;
            format_report r;
            status st = format_load_bytes(names, bytes, lens, 1, f, &d, &r);
            if (st == ST_OK) {
                export_accounting a;
                assert_int_equal(export_account(d, 0, &a, NULL), ST_OK);
                if (a.problems)
                    print_error("%s on [%s]\n", f ? f->name : "auto", text);
                testload_accounted(d);
                doc_free(d);
            } else {
                if (!(st == ST_BAD_FORMAT || st == ST_NOT_TRANSCRIPT || st == ST_EMPTY || st == ST_BINARY))
                    print_error("%s on [%s]: %s\n", f ? f->name : "auto", text, status_message(st));
                assert_true(st == ST_BAD_FORMAT || st == ST_NOT_TRANSCRIPT || st == ST_EMPTY || st == ST_BINARY);
                assert_null(d);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples_detected),
        cmocka_unit_test(test_forced_layouts),
        cmocka_unit_test(test_forced_mismatch),
        cmocka_unit_test(test_mixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
