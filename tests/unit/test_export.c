/* Tests for export: --export json/tsv/md and the --check accounting, on
 * small documents built with the doc builder (so they do not depend on any
 * format reader), including broken ones --check must catch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "filter.h"
#include "text.h"

/* A sectioned transcript in miniature: intro, Chinese, English, footer;
 * a label with a stray space, one inline label, and text that needs
 * escaping everywhere (quotes, backslash, tab, Markdown stars). */
static const char SAMPLE[] =
    "An intro line about the talk.\n"                    /* 1  note intro */
    "\n"                                                 /* 2  blank */
    "主持人：\n"                                          /* 3  label */
    "你好，\"世界\"。\n"                                   /* 4  zh 0 */
    "嘉宾 :\n"                                            /* 5  label */
    "第一段。\n"                                          /* 6  zh 1 */
    "第二段\\有\t制表符。\n"                               /* 7  zh 2 (no label) */
    "Host:\n"                                            /* 8  label */
    "Hello, \"world\" \\ back.\n"                        /* 9  en 0 */
    "Guest: First and second paragraph, *inline*.\n"     /* 10 en 1, inline label */
    "版权所有 footer\n";                                  /* 11 note footer */

static const struct { uint32_t line; doc_line_role role; } sample_roles[] = {
    {1, DOC_LINE_NOTE}, {3, DOC_LINE_LABEL}, {4, DOC_LINE_TEXT}, {5, DOC_LINE_LABEL},
    {6, DOC_LINE_TEXT}, {7, DOC_LINE_TEXT}, {8, DOC_LINE_LABEL}, {9, DOC_LINE_TEXT},
    {10, DOC_LINE_TEXT}, {11, DOC_LINE_NOTE},
};

/* Builder options for the broken variants. */
typedef struct variant {
    bool skip_footer;      /* leave line 11 unclaimed: UNACCOUNTED */
    bool overlap;          /* zh paragraph 1 also claims line 7 */
    bool bad_segments;     /* the second segment skips a paragraph */
} variant;

static void add_para(doc *d, lang_id l, const char *text, int sp, uint32_t first,
                     uint32_t last, uint32_t label)
{
    doc_para p = {text, strlen(text), sp, 0, first, last, label, -1, -1};
    assert_true(doc_add_para(d, l, &p) >= 0);
}

static int speaker(doc *d, const char *name, const char *label)
{
    int i = doc_intern_speaker(d, name, strlen(name), label, strlen(label));
    assert_true(i >= 0);
    return i;
}

static doc *build(variant v)
{
    doc *d = doc_new();
    assert_non_null(d);
    assert_int_equal(doc_add_source(d, "dir/talk.txt", SAMPLE, strlen(SAMPLE)), ST_OK);
    for (size_t i = 0; i < sizeof sample_roles / sizeof *sample_roles; i++)
        if (!(v.skip_footer && sample_roles[i].line == 11))
            doc_set_role(d, 0, sample_roles[i].line, sample_roles[i].role);
    int host = speaker(d, "主持人", "主持人：");
    int guest = speaker(d, "嘉宾", "嘉宾 :");
    int host_en = speaker(d, "Host", "Host:");
    int guest_en = speaker(d, "Guest", "Guest:");
    add_para(d, LANG_ZH, "你好，\"世界\"。", host, 4, 4, 3);
    add_para(d, LANG_ZH, "第一段。", guest, 6, v.overlap ? 7 : 6, 5);
    add_para(d, LANG_ZH, "第二段\\有\t制表符。", guest, 7, 7, 0);
    add_para(d, LANG_EN, "Hello, \"world\" \\ back.", host_en, 9, 9, 8);
    add_para(d, LANG_EN, "First and second paragraph, *inline*.", guest_en, 10, 10, 10);
    doc_speaker_merge(d, host, host_en, NULL);   /* "主持人 / Host" */
    doc_speaker_merge(d, guest, guest_en - 1, "嘉宾"); /* indices above host_en shifted */
    doc_segment s1 = {{0, 0}, {1, 1}, host, 0.9f};
    doc_segment s2 = {{v.bad_segments ? 2 : 1, 1}, {v.bad_segments ? 1 : 2, 1}, guest, 0.3f};
    assert_true(doc_add_segment(d, &s1) && doc_add_segment(d, &s2));
    const char intro[] = "An intro line about the talk.", footer[] = "版权所有 footer";
    assert_true(doc_add_note(d, DOC_NOTE_INTRO, 0, 1, 1, intro, strlen(intro)));
    if (!v.skip_footer)
        assert_true(doc_add_note(d, DOC_NOTE_FOOTER, 0, 11, 11, footer, strlen(footer)));
    doc_set_layout(d, "sectioned", "3 labels in Chinese, then 2 in English\nfooter in Chinese");
    assert_int_equal(doc_finish(d), ST_OK);
    return d;
}

typedef status (*exporter)(const doc *d, FILE *out);

/* Runs an exporter into a string (malloc'd). */
static char *run(exporter e, const doc *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(e(d, f), ST_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void has(const char *out, const char *want)
{
    if (!strstr(out, want))
        fail_msg("output lacks [%s]:\n%s", want, out);
}

static void lacks(const char *out, const char *unwanted)
{
    if (strstr(out, unwanted))
        fail_msg("output has [%s]:\n%s", unwanted, out);
}

/* ---- JSON --------------------------------------------------------------------------- */

static void test_json_shape(void **state)
{
    (void)state;
    doc *d = build((variant){0});
    char *out = run(export_json, d);
    has(out, "\"file\":\"dir/talk.txt\"");
    has(out, "\"layout\":\"sectioned\"");
    has(out, "\"evidence\":[\"3 labels in Chinese, then 2 in English\",\"footer in Chinese\"]");
    has(out, "\"languages\":[\"zh\",\"en\"]");
    /* speakers with both languages' labels folded in */
    has(out, "{\"name\":\"主持人 / Host\",\"labels\":[\"主持人：\",\"Host:\"],\"segments\":1,\"turns\":1");
    has(out, "{\"name\":\"嘉宾\",\"labels\":[\"嘉宾 :\",\"Guest:\"],\"segments\":1");
    /* Chinese in characters, English in words: 你好，"世界"。 is 8, "Hello,
     * "world" \ back." 4; 第一段。 and 第二段\有<TAB>制表符。 13, the
     * guest's English 5 */
    has(out, "\"segments\":1,\"turns\":1,\"chars\":8,\"words\":4,\"colour\"");
    has(out, "\"segments\":1,\"turns\":1,\"chars\":13,\"words\":5,\"colour\"");
    /* notes with their lines, their bytes in the file and where they stand */
    has(out, "{\"kind\":\"intro\",\"reason\":\"\",\"file\":\"dir/talk.txt\",\"lines\":[1],"
             "\"range\":[0,29],\"text\":\"An intro line about the talk.\",\"position\":0}");
    has(out, "{\"kind\":\"footer\",\"reason\":\"\",\"file\":\"dir/talk.txt\",\"lines\":[11],"
             "\"range\":[188,207],\"text\":\"版权所有 footer\",\"position\":2}");
    /* segment 1: 1-1, text escaped */
    has(out, "{\"index\":1,\"speaker\":\"主持人 / Host\",\"confidence\":0.90,\"bead\":\"1-1\","
             "\"weak\":false,\"zh\":{\"file\":\"dir/talk.txt\",\"lines\":[4],"
             "\"text\":\"你好，\\\"世界\\\"。\"");
    has(out, "\"en\":{\"file\":\"dir/talk.txt\",\"lines\":[9],"
             "\"text\":\"Hello, \\\"world\\\" \\\\ back.\"");
    /* the doubtful segments listed before the segments */
    has(out, "\"doubtful\":[2],\n\"segments\":[");
    /* segment 2: 2-1, weak, the two Chinese paragraphs joined by \n, labels per paragraph */
    has(out, "{\"index\":2,\"speaker\":\"嘉宾\",\"confidence\":0.30,\"bead\":\"2-1\",\"weak\":true");
    has(out, "\"lines\":[6,7],\"text\":\"第一段。\\u000a第二段\\\\有\\u0009制表符。\"");
    /* paragraphs: where their text stands, after the label when inline */
    has(out, "{\"lines\":[4],\"range\":[44,64],\"label_line\":3,");
    has(out, "{\"lines\":[6],\"range\":[74,86],\"label_line\":5,\"label\":\"嘉宾 :\","
             "\"text\":\"第一段。\"}");
    has(out, "{\"lines\":[7],\"range\":[87,113],\"label_line\":null,\"label\":null,");
    has(out, "{\"lines\":[10],\"range\":[150,187],\"label_line\":10,\"label\":\"Guest:\",");
    lacks(out, "start_ms"); /* not timed */
    lacks(out, "\t");       /* every control escaped */
    free(out);
    doc_free(d);
}

/* Two files: each side and note names its own file, and line numbers are
 * that file's. */
static void test_json_two_files(void **state)
{
    (void)state;
    static const char zh[] = "主持人：\n你好。\n", en[] = "Host: Hello.\n";
    doc *d = doc_new();
    assert_int_equal(doc_add_source(d, "a/zh.txt", zh, strlen(zh)), ST_OK);
    assert_int_equal(doc_add_source(d, "b/en.txt", en, strlen(en)), ST_OK);
    doc_set_role(d, 0, 1, DOC_LINE_LABEL);
    doc_set_role(d, 0, 2, DOC_LINE_TEXT);
    doc_set_role(d, 1, 1, DOC_LINE_TEXT);
    int sp = speaker(d, "主持人", "主持人：");
    doc_para p = {"你好。", strlen("你好。"), sp, 0, 2, 2, 1, -1, -1};
    doc_para q = {"Hello.", 6, sp, 1, 1, 1, 1, 1500, 2500};
    assert_true(doc_add_para(d, LANG_ZH, &p) >= 0 && doc_add_para(d, LANG_EN, &q) >= 0);
    doc_segment s = {{0, 0}, {1, 1}, sp, 1.0f};
    assert_true(doc_add_segment(d, &s));
    doc_set_layout(d, "two files", "");
    assert_int_equal(doc_finish(d), ST_OK);
    char *out = run(export_json, d);
    has(out, "\"files\":[\"a/zh.txt\",\"b/en.txt\"]");
    has(out, "\"zh\":{\"file\":\"a/zh.txt\",\"lines\":[2]");
    has(out, "\"en\":{\"file\":\"b/en.txt\",\"lines\":[1]");
    has(out, "\"confidence\":1.00");
    has(out, "\"start_ms\":1500,\"end_ms\":2500}],\"times\":[1500,2500]");
    has(out, "\"label\":null"); /* "Host:" is no label of 主持人 */
    free(out);
    doc_free(d);
}

/* ---- TSV ---------------------------------------------------------------------------- */

static void test_tsv_exact(void **state)
{
    (void)state;
    doc *d = build((variant){0});
    char *out = run(export_tsv, d);
    assert_string_equal(out,
                        "speaker\tzh\ten\ttime\tconfidence\tflags\n"
                        "主持人 / Host\t你好，\"世界\"。\tHello, \"world\" \\\\ back."
                        "\t\t0.90\t\n"
                        "嘉宾\t第一段。\\n第二段\\\\有\\t制表符。\t"
                        "First and second paragraph, *inline*.\t\t0.30\tdoubtful\n");
    free(out);
    doc_free(d);
}

/* A 1-0 bead and an unknown speaker: empty fields, still six per line;
 * a confidence just under DOC_WEAK_CONFIDENCE is written under it. */
static void test_tsv_empty_fields(void **state)
{
    (void)state;
    static const char text[] = "只有中文。\n";
    doc *d = doc_new();
    assert_int_equal(doc_add_source(d, "x", text, strlen(text)), ST_OK);
    doc_set_role(d, 0, 1, DOC_LINE_TEXT);
    doc_para p = {"只有中文。", strlen("只有中文。"), -1, 0, 1, 1, 0, -1, -1};
    assert_true(doc_add_para(d, LANG_ZH, &p) >= 0);
    doc_segment s = {{0, 0}, {1, 0}, -1, 0.4996f};
    assert_true(doc_add_segment(d, &s));
    assert_int_equal(doc_finish(d), ST_OK);
    char *out = run(export_tsv, d);
    assert_string_equal(out, "speaker\tzh\ten\ttime\tconfidence\tflags\n"
                             "\t只有中文。\t\t\t0.49\tdoubtful\n");
    free(out);
    char *md = run(export_md, d);
    has(md, "## 1. *(uncertain pairing: 0.49)*\n\n> 只有中文。\n\n> *(no English)*\n");
    free(md);
    doc_free(d);
}

/* ---- Markdown ----------------------------------------------------------------------- */

static void test_md(void **state)
{
    (void)state;
    doc *d = build((variant){0});
    char *out = run(export_md, d);
    has(out, "# talk.txt\n\n*Layout: sectioned. 2 segments. Speakers: 主持人 / Host, 嘉宾.*\n");
    has(out, "## 1. 主持人 / Host\n\n> 你好，\"世界\"。\n\n> Hello, \"world\" \\\\ back.\n");
    has(out, "## 2. 嘉宾 *(uncertain pairing: 0.30)*\n\n> 第一段。\n>\n> 第二段\\\\有\t制表符。\n\n"
             "> First and second paragraph, \\*inline\\*.\n");
    /* notes where they stand: intro before segment 1, footer after the last */
    const char *intro = strstr(out, "> *Intro, line 1:*\\\n> An intro line about the talk.");
    const char *footer = strstr(out, "> *Footer, line 11:*\\\n> 版权所有 footer");
    assert_non_null(intro);
    assert_non_null(footer);
    assert_true(intro < strstr(out, "## 1."));
    assert_true(footer > strstr(out, "## 2."));
    free(out);
    doc_free(d);
}

/* ---- --dump ------------------------------------------------------------------------- */

/* The dump at several widths and modes: no line wider than asked, and in
 * side by side each segment's header row names its speaker in both panes. */
static void test_dump(void **state)
{
    (void)state;
    doc *d = build((variant){0});
    static const struct { int width; layout_mode mode; } cases[] = {
        {20, LAYOUT_SIDE}, {41, LAYOUT_SIDE}, {80, LAYOUT_SIDE}, {20, LAYOUT_STACK},
        {33, LAYOUT_ZH}, {33, LAYOUT_EN},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(export_dump(d, cases[c].width, cases[c].mode, NULL, f), ST_OK);
        assert_int_equal(fclose(f), 0);
        size_t lines = 0, headers = 0;
        for (char *line = buf, *end; *line; line = end + 1) {
            end = strchr(line, '\n');
            assert_non_null(end); /* every line ends in a newline */
            int w = text_width(line, (size_t)(end - line));
            if (w > cases[c].width)
                fail_msg("width %d: a line %d columns wide: %.*s", cases[c].width, w,
                         (int)(end - line), line);
            lines++;
            const char *div = strstr(line, "│");
            if (div && !strncmp(line, "嘉宾", strlen("嘉宾")) && strstr(div, "嘉宾"))
                headers++;
        }
        assert_true(lines > 4);
        if (cases[c].mode == LAYOUT_SIDE)
            assert_int_equal(headers, 1); /* segment 2's header, in both panes */
        if (cases[c].mode == LAYOUT_EN)
            assert_null(strstr(buf, "第一段"));
        free(buf);
    }
    doc_free(d);
}

/* ---- --check -------------------------------------------------------------------------- */

static char *check(const doc *d, bool *transcript, char why[EXPORT_WHY_MAX])
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(export_check(d, f, transcript, why), ST_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_check_good(void **state)
{
    (void)state;
    doc *d = build((variant){0});
    bool ok;
    char why[EXPORT_WHY_MAX];
    char *out = check(d, &ok, why);
    assert_true(ok);
    has(out, "layout: sectioned\n  because: 3 labels in Chinese, then 2 in English\n");
    has(out, "languages: zh en\nparagraphs: zh 3, en 2\n");
    has(out, "1 segment in 1 turn, 8 characters, 4 words; labels: \"主持人：\" x1, \"Host:\" x1\n");
    has(out, "1 segment in 1 turn, 13 characters, 5 words; labels: \"嘉宾 :\" x1, \"Guest:\" x1\n");
    has(out, "segments: 2 (1 weak: confidence below 0.50)\ndoubtful: #2\n");
    has(out, "2  2-1   0.30 weak   嘉宾");
    has(out, "6-7 / 10\n");
    has(out, "intro   line 1 (before the first turn): An intro line");
    /* lines by role, and bytes: "Guest:" (6) of line 10 is label, not text */
    has(out, "lines of dir/talk.txt: 11 (10 non-blank, 1 blank)\n"
             "  text 5 + label 3 + time 0 + note 2 + markup 0 + unaccounted 0 = 10\n"
             "  bytes: text 109 + label 30 + time 0 + note 42 + markup 0 + unaccounted 0 = 181 non-blank\n"
             "  every non-blank line accounted for exactly once\n");
    has(out, "result: a transcript, nothing dropped\n");
    export_accounting a;
    assert_int_equal(export_account(d, 0, &a, NULL), ST_OK);
    assert_int_equal(a.lines, 11);
    assert_int_equal(a.problems, 0);
    assert_int_equal(a.roles[DOC_LINE_TEXT], 5);
    free(out);
    doc_free(d);
}

/* A format's evidence may quote the file (its name, a label): --check
 * prints it as terminal-safe text, never raw (bytes: ESC ] 0 ; … BEL,
 * U+202E RLO, 0x9B). */
static void test_check_evidence_inert(void **state)
{
    (void)state;
    doc *d = build((variant){0});
    doc_set_layout(d, "sectioned", "evil\x1b]0;pwn\x07.srt: 2 cues\nlabel \xe2\x80\xae\x9b" "6n");
    bool ok;
    char why[EXPORT_WHY_MAX];
    char *out = check(d, &ok, why);
    has(out, "  because: evil?]0;pwn?.srt: 2 cues\n  because: label ??6n\n");
    assert_null(strchr(out, '\x1b'));
    assert_null(strchr(out, '\x07'));
    assert_null(strstr(out, "\xe2\x80\xae"));
    free(out);
    doc_free(d);
}

static void test_check_catches_drops(void **state)
{
    (void)state;
    static const struct {
        variant v;
        const char *line;   /* the problem line expected in the report */
        const char *why;
    } cases[] = {
        {{.skip_footer = true}, "  line 11: UNACCOUNTED: 版权所有 footer\n",
         "1 input line not accounted for exactly once"},
        {{.overlap = true}, "  line 7: text in two paragraphs: 第二段",
         "1 input line not accounted for exactly once"},
        {{.bad_segments = true}, NULL, "the segments do not cover every paragraph once, in order"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        doc *d = build(cases[i].v);
        bool ok;
        char why[EXPORT_WHY_MAX];
        char *out = check(d, &ok, why);
        assert_false(ok);
        assert_string_equal(why, cases[i].why);
        if (cases[i].line)
            has(out, cases[i].line);
        has(out, "result: not a transcript: ");
        free(out);
        doc_free(d);
    }
}

/* A text line no paragraph claims, and a label of no paragraph. */
static void test_check_unclaimed_roles(void **state)
{
    (void)state;
    doc *d = build((variant){0});
    doc_set_role(d, 0, 2, DOC_LINE_TEXT); /* blank line 2 claimed as text: in no paragraph */
    export_accounting a;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(export_account(d, 0, &a, f), ST_OK);
    fclose(f);
    assert_int_equal(a.problems, 1);
    has(buf, "line 2: text in no paragraph");
    free(buf);
    doc_set_role(d, 0, 2, DOC_LINE_LABEL);
    assert_int_equal(export_account(d, 0, &a, NULL), ST_OK);
    assert_int_equal(a.problems, 1);
    doc_free(d);
}

/* Words mean one thing: for every speaker, --check, the JSON export and
 * the speaker panel's counts (filter_counts) give the same characters of
 * Chinese and words of English. */
static void test_counts_agree(void **state)
{
    (void)state;
    doc *d = build((variant){0});
    bool ok;
    char why[EXPORT_WHY_MAX];
    char *out = check(d, &ok, why), *json = run(export_json, d);
    filter_state *f = filter_new(d);
    assert_non_null(f);
    for (size_t e = 0; e < d->nspeakers; e++) {
        const filter_count *c = filter_counts(f, e);
        assert_non_null(c);
        const doc_speaker *sp = &d->speakers[e];
        char want[160];
        snprintf(want, sizeof want, "%u segment in %u turn, %llu characters, %llu words;",
                 (unsigned)sp->segments, (unsigned)sp->turns, (unsigned long long)c->chars,
                 (unsigned long long)c->words);
        has(out, want);
        snprintf(want, sizeof want, "\"segments\":%u,\"turns\":%u,\"chars\":%llu,\"words\":%llu,",
                 (unsigned)sp->segments, (unsigned)sp->turns, (unsigned long long)c->chars,
                 (unsigned long long)c->words);
        has(json, want);
    }
    filter_free(f);
    free(json);
    free(out);
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_shape),
        cmocka_unit_test(test_json_two_files),
        cmocka_unit_test(test_tsv_exact),
        cmocka_unit_test(test_tsv_empty_fields),
        cmocka_unit_test(test_md),
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_check_good),
        cmocka_unit_test(test_counts_agree),
        cmocka_unit_test(test_check_evidence_inert),
        cmocka_unit_test(test_check_catches_drops),
        cmocka_unit_test(test_check_unclaimed_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
