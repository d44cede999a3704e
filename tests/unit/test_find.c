/* Tests of the search session (find.h) as a session drives it: typing at
 * the prompt moves the view, Backspace narrows back, Esc returns, Enter
 * keeps the place, n and N wrap round with a note, k/n counts what is
 * shown (the filter, one-language layouts), highlights cover exactly the
 * matched text and follow it across wrapped lines, the match's own row is
 * brought on screen, and the prompt's line editing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "reader.h"
#include "session.h"
#include "testdoc.h"
#include "testsession.h"
#include "text.h"

#define NSEG 30

/* Filler text without a z in it, and the places the word zebra is: in
 * English in segment 12 ("Zebra"), inside Chinese in segment 20, and in
 * fullwidth capitals in English in segment 26 ("ＺＥＢＲＡ"). */
static doc *zebra_doc(void)
{
    static char zh[NSEG][128], en[NSEG][160];
    testdoc_seg segs[NSEG];
    for (int k = 0; k < NSEG; k++) {
        snprintf(zh[k], sizeof zh[k], "第%d段，我们谈谈天气和工作。", k + 1);
        snprintf(en[k], sizeof en[k], "Turn %d: we talk about the weather and the work.", k + 1);
        if (k == 12)
            snprintf(en[k], sizeof en[k], "Turn 13: a Zebra crossing, then the weather.");
        if (k == 20)
            snprintf(zh[k], sizeof zh[k], "第21段，这是zebra的故事。");
        if (k == 26)
            snprintf(en[k], sizeof en[k], "Turn 27: \xEF\xBC\xBA\xEF\xBC\xA5\xEF\xBC\xA2\xEF\xBC\xB2\xEF\xBC\xA1 in capitals.");
        segs[k] = (testdoc_seg){k % 2 ? "Guest" : "Host", {zh[k]}, {en[k]}, 0};
    }
    return testdoc_build("An introduction with no animals.", segs, NSEG, "The end.");
}

/* The segment whose block is on top (-1 for a note). */
static long top_seg(const reader *r)
{
    layout_block b = layout_block_at(r->L, r->top.block);
    return b.kind == LAYOUT_BLOCK_SEGMENT ? (long)b.index : -1;
}

/* The session the tests drive, one at a time. */
static session *S;

/* Types UTF-8 text, one code point a key. */
static void type(reader *r, const char *s)
{
    (void)r;
    testsession_keys(S, s);
}

/* One key. */
static void key(int k) { testsession_key(S, k); }

/* True while the search prompt is open. */
static bool prompting(const reader *r) { return find_prompting(r->find); }

/* The bottom line while the prompt is open, and the cursor's column. */
static void prompt_line(const reader *r, char *buf, size_t cap, int *cursor)
{
    find_prompt_line(r->find, r->width, buf, cap, cursor);
}

/* The search note of the status line ("/zebra 1/3"). */
static const char *note(reader *r)
{
    static char buf[128];
    find_note(r->find, buf, sizeof buf);
    return buf;
}

/* The text of the spans styled `style` on screen, joined. */
static const char *styled(reader *r, int style)
{
    static char buf[1024];
    size_t n = 0;
    const layout_frame *f = layout_render(r->L, r->top, reader_text_rows(r));
    for (size_t y = 0; y < f->nrows; y++)
        for (size_t i = 0; i < f->rows[y].nspans; i++) {
            const layout_span *sp = &f->rows[y].spans[i];
            if (sp->style == style && n + sp->len + 2 < sizeof buf) {
                memcpy(buf + n, sp->text, sp->len);
                n += sp->len;
                buf[n++] = '|';
            }
        }
    buf[n] = '\0';
    return buf;
}

static reader *open_zebra(doc **d, int w, int h)
{
    *d = zebra_doc();
    S = testsession_new(*d, w, h, LAYOUT_SIDE);
    return session_reader(S);
}

static void close_zebra(doc *d)
{
    session_free(S);
    S = NULL;
    doc_free(d);
}

static void test_incremental_and_cancel(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_zebra(&d, 100, 12);
    layout_pos origin = r->top;
    assert_int_equal(top_seg(r), 0);
    key('/');
    assert_true(prompting(r));
    type(r, "z"); /* the first z: segment 13's Zebra */
    assert_int_equal(top_seg(r), 12);
    assert_string_equal(styled(r, FRAME_STYLE_CURRENT), "Z|");
    type(r, "ebra");
    assert_int_equal(top_seg(r), 12);
    assert_string_equal(styled(r, FRAME_STYLE_CURRENT), "Zebra|");
    size_t k, n;
    assert_true(find_count(r->find, &k, &n));
    assert_int_equal(k, 1);
    assert_int_equal(n, 3); /* Zebra, zebra in the Chinese, ＺＥＢＲＡ */
    char line[256];
    int cursor;
    prompt_line(r, line, sizeof line, &cursor);
    assert_true(strncmp(line, "/zebra ", 7) == 0);
    assert_non_null(strstr(line, "1/3"));
    assert_int_equal(cursor, 6);
    /* a letter that matches nothing: back at the origin, and it says so */
    type(r, "q");
    assert_int_equal(layout_pos_cmp(r->top, origin), 0);
    prompt_line(r, line, sizeof line, &cursor);
    assert_non_null(strstr(line, "no match"));
    assert_string_equal(styled(r, FRAME_STYLE_CURRENT), "");
    /* Backspace narrows back */
    key(127);
    assert_int_equal(top_seg(r), 12);
    /* Esc: back where the search started, the prompt closed, no note */
    key(27);
    assert_false(prompting(r));
    assert_int_equal(layout_pos_cmp(r->top, origin), 0);
    assert_string_equal(note(r), "");
    assert_string_equal(styled(r, FRAME_STYLE_MATCH), "");
    /* Backspace on an empty prompt closes it too */
    key('/');
    key(127);
    assert_false(prompting(r));
    /* the keys themselves: / opens the prompt (j is then text, not a
     * scroll), Ctrl-C cancels like Esc */
    key('/');
    assert_true(prompting(r));
    type(r, "zebra");
    assert_int_equal(top_seg(r), 12);
    key(3);
    assert_false(prompting(r));
    assert_int_equal(layout_pos_cmp(r->top, origin), 0);
    /* Enter on an empty prompt before any search: says so, stays */
    key('/');
    key(13);
    assert_false(prompting(r));
    assert_string_equal(r->message, "No previous search pattern");
    assert_int_equal(layout_pos_cmp(r->top, origin), 0);
    key('n');
    assert_string_equal(r->message, "No previous search pattern");
    close_zebra(d);
}

static void test_enter_n_wrap(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_zebra(&d, 100, 12);
    layout_pos origin = r->top;
    key('/');
    type(r, "zebra");
    key(13);
    assert_false(prompting(r));
    assert_int_equal(top_seg(r), 12);
    assert_string_equal(note(r), "/zebra 1/3");
    assert_string_equal(r->message, "");
    /* the search was a jump: '' returns to where it started */
    reader_apply(r, ACTION_MARK_GOTO, '\'');
    assert_int_equal(layout_pos_cmp(r->top, origin), 0);
    reader_apply(r, ACTION_MARK_GOTO, '\'');
    assert_int_equal(top_seg(r), 12);
    /* n: the Chinese zebra (lower-case pattern: case ignored), then the
     * fullwidth capitals (width folded), then round to the first */
    reader_apply(r, ACTION_SEARCH_NEXT, 0);
    assert_int_equal(top_seg(r), 20);
    assert_string_equal(note(r), "/zebra 2/3");
    assert_string_equal(styled(r, FRAME_STYLE_CURRENT), "zebra|");
    reader_apply(r, ACTION_SEARCH_NEXT, 0);
    assert_int_equal(top_seg(r), 26);
    assert_string_equal(styled(r, FRAME_STYLE_CURRENT),
                        "\xEF\xBC\xBA\xEF\xBC\xA5\xEF\xBC\xA2\xEF\xBC\xB2\xEF\xBC\xA1|");
    assert_string_equal(r->message, "");
    reader_apply(r, ACTION_SEARCH_NEXT, 0);
    assert_int_equal(top_seg(r), 12);
    assert_string_equal(r->message, "search hit BOTTOM, continuing at TOP");
    assert_string_equal(note(r), "/zebra 1/3");
    /* N goes the other way, round the top */
    reader_apply(r, ACTION_SEARCH_PREV, 0);
    assert_int_equal(top_seg(r), 26);
    assert_string_equal(r->message, "search hit TOP, continuing at BOTTOM");
    /* a count: 2n */
    reader_apply(r, ACTION_SEARCH_NEXT, 2);
    assert_int_equal(top_seg(r), 20);
    /* an empty pattern repeats the last one, in the prompt's direction */
    key('/');
    key(13);
    assert_int_equal(top_seg(r), 26);
    assert_string_equal(note(r), "/zebra 3/3");
    key('?');
    key(13);
    assert_int_equal(top_seg(r), 20);
    assert_string_equal(note(r), "?zebra 2/3");
    /* after ?, n goes backward and N forward */
    reader_apply(r, ACTION_SEARCH_NEXT, 0);
    assert_int_equal(top_seg(r), 12);
    reader_apply(r, ACTION_SEARCH_PREV, 0);
    assert_int_equal(top_seg(r), 20);
    close_zebra(d);
}

static void test_backward_and_smart_case(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_zebra(&d, 100, 12);
    reader_apply(r, ACTION_BOTTOM, 0);
    layout_pos end = r->top;
    key('?');
    type(r, "zebra"); /* the last one above the screen */
    assert_int_equal(top_seg(r), 26);
    key(27);
    assert_int_equal(layout_pos_cmp(r->top, end), 0);
    /* a capital makes case count, widths still fold */
    reader_apply(r, ACTION_TOP, 0);
    key('/');
    type(r, "ZEBRA");
    assert_int_equal(top_seg(r), 26);
    size_t k, n;
    find_count(r->find, &k, &n);
    assert_int_equal(n, 1);
    key(27);
    key('/');
    type(r, "Zebra");
    find_count(r->find, &k, &n);
    assert_int_equal(n, 1);
    assert_int_equal(top_seg(r), 12);
    /* a pattern that is nowhere: Enter says so and stays */
    key(27);
    layout_pos here = r->top;
    key('/');
    type(r, "okapi");
    key(13);
    assert_int_equal(layout_pos_cmp(r->top, here), 0);
    assert_string_equal(r->message, "Pattern not found: okapi");
    assert_string_equal(note(r), "/okapi no match");
    reader_apply(r, ACTION_SEARCH_NEXT, 0);
    assert_string_equal(r->message, "Pattern not found: okapi");
    close_zebra(d);
}

static bool hide_twenty(const void *ctx, size_t seg)
{
    (void)ctx;
    return seg == 20;
}

/* Hidden segments and a language not shown are skipped and not counted. */
static void test_filter_and_layouts(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_zebra(&d, 100, 12);
    layout_hooks h = layout_get_hooks(r->L);
    h.hidden = hide_twenty;
    r->top = layout_set_hooks(r->L, &h, r->top);
    reader_search(r, "zebra");
    assert_int_equal(top_seg(r), 12);
    assert_string_equal(note(r), "/zebra 1/2");
    reader_apply(r, ACTION_SEARCH_NEXT, 0);
    assert_int_equal(top_seg(r), 26); /* not 20 */
    assert_string_equal(note(r), "/zebra 2/2");
    /* the filter lifted: counted again at once */
    h.hidden = NULL;
    r->top = layout_set_hooks(r->L, &h, r->top);
    assert_string_equal(note(r), "/zebra 3/3");
    /* English only: the Chinese zebra is not there */
    for (int i = 0; i < 3; i++) /* side -> stack -> zh -> en */
        reader_apply(r, ACTION_CYCLE_LAYOUT, 0);
    assert_int_equal(r->mode, LAYOUT_EN);
    assert_string_equal(note(r), "/zebra 2/2");
    reader_apply(r, ACTION_SEARCH_NEXT, 0);
    assert_int_equal(top_seg(r), 12);
    reader_apply(r, ACTION_SEARCH_NEXT, 0);
    assert_int_equal(top_seg(r), 26);
    /* Chinese only: only that one */
    reader_apply(r, ACTION_CYCLE_LAYOUT, 0);
    reader_apply(r, ACTION_CYCLE_LAYOUT, 0);
    reader_apply(r, ACTION_CYCLE_LAYOUT, 0);
    assert_int_equal(r->mode, LAYOUT_ZH);
    assert_string_equal(note(r), "/zebra 1 match"); /* the current one is English */
    reader_apply(r, ACTION_SEARCH_NEXT, 0);
    assert_int_equal(top_seg(r), 20);
    assert_string_equal(note(r), "/zebra 1/1");
    /* a pattern found only in the language not shown says so */
    layout_pos here = r->top;
    key('/');
    type(r, "Zebra");
    char line[256];
    int cursor;
    prompt_line(r, line, sizeof line, &cursor);
    assert_non_null(strstr(line, "only in hidden text"));
    assert_int_equal(layout_pos_cmp(r->top, here), 0);
    key(13);
    assert_string_equal(r->message, "Pattern only in hidden text: Zebra");
    close_zebra(d);
}

/* A match deep in a segment taller than the screen: its row comes on
 * screen, not just the segment's top; a match across a wrapped line is
 * highlighted on both rows; CJK and combining marks highlight exactly. */
static void test_rows_and_highlights(void **state)
{
    (void)state;
    static char longer[4096];
    size_t n = 0;
    for (int i = 0; i < 120; i++)
        n += (size_t)snprintf(longer + n, sizeof longer - n, "%sfiller%d", i ? " " : "", i);
    snprintf(longer + n, sizeof longer - n, " and the needle at last.");
    static const testdoc_seg segs[] = {
        {"Host", {"开头。"}, {"The beginning."}, 0},
        {"Guest", {"我们的ModelScope社区很大。"}, {NULL}, 0},
        {"Guest", {"很长。"}, {longer}, 0},
        {"Host", {"结尾。"}, {"It is open source software, cafe\xCC\x81 and all."}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 4, NULL);
    reader *r = reader_new(d, NULL, 60, 10, LAYOUT_SIDE);
    reader_search(r, "needle");
    assert_int_equal(top_seg(r), 2);
    assert_true(r->top.row > 0); /* the segment is taller than the screen */
    assert_string_equal(styled(r, FRAME_STYLE_CURRENT), "needle|");
    /* CJK with Latin inside, width-folded pattern */
    reader_search(r, "\xEF\xBD\x8D\xEF\xBD\x8F\xEF\xBD\x84\xEF\xBD\x85\xEF\xBD\x8C" "scope社区"); /* ｍｏｄｅｌscope社区 */
    assert_int_equal(top_seg(r), 1);
    assert_string_equal(styled(r, FRAME_STYLE_CURRENT), "ModelScope社区|");
    /* a combining accent is part of its letter */
    reader_search(r, "caf\xC3\xA9");
    assert_string_equal(styled(r, FRAME_STYLE_CURRENT), "cafe\xCC\x81|");
    /* across a wrapped line: "open source" broken after "open" in a 12-column pane */
    reader_resize(r, 27, 10);
    reader_apply(r, ACTION_CYCLE_LAYOUT, 0); /* stacked: 27 columns */
    reader_resize(r, 12, 10);
    reader_search(r, "open source");
    const char *cur = styled(r, FRAME_STYLE_CURRENT);
    assert_true(strcmp(cur, "open|source|") == 0 || strcmp(cur, "open |source|") == 0);
    reader_free(r);
    doc_free(d);
}

/* Line editing at the prompt (24 columns: too narrow for the count). */
static const char *prompt_text(reader *r, int *cursor)
{
    static char line[512];
    prompt_line(r, line, sizeof line, cursor);
    return line;
}

static void test_prompt_editing(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_zebra(&d, 24, 12);
    int cur;
    key('/');
    type(r, "the weathr");
    key(ACTION_KEY_LEFT);
    type(r, "e"); /* weathr -> weather */
    assert_string_equal(prompt_text(r, &cur), "/the weather");
    assert_int_equal(cur, 11);
    key(1); /* Ctrl-A: the start */
    prompt_text(r, &cur);
    assert_int_equal(cur, 1);
    key(ACTION_KEY_RIGHT);
    key(ACTION_KEY_DELETE); /* t[h]e */
    assert_string_equal(prompt_text(r, &cur), "/te weather");
    key(ACTION_KEY_END);
    key(23); /* Ctrl-W: the word before the cursor */
    assert_string_equal(prompt_text(r, &cur), "/te ");
    key(21); /* Ctrl-U: all before the cursor */
    assert_string_equal(prompt_text(r, &cur), "/");
    /* control characters and bidi overrides are not typed in */
    key(0x1C);
    key(0x202E);
    key(0x9B);
    key(0x2028);
    type(r, "中文");
    assert_string_equal(prompt_text(r, &cur), "/中文");
    assert_int_equal(cur, 5); /* two wide characters */
    key(ACTION_KEY_LEFT);
    prompt_text(r, &cur);
    assert_int_equal(cur, 3);
    key(27);
    /* history: earlier patterns come back with Up, the draft with Down */
    reader_search(r, "weather");
    reader_search(r, "zebra");
    key('/');
    type(r, "wo");
    key(ACTION_KEY_UP);
    assert_string_equal(prompt_text(r, &cur), "/zebra");
    assert_int_equal(top_seg(r), 12); /* and it searches */
    key(ACTION_KEY_UP);
    assert_string_equal(prompt_text(r, &cur), "/weather");
    key(ACTION_KEY_UP); /* nothing older */
    assert_string_equal(prompt_text(r, &cur), "/weather");
    key(ACTION_KEY_DOWN);
    key(ACTION_KEY_DOWN);
    assert_string_equal(prompt_text(r, &cur), "/wo");
    key(27);
    close_zebra(d);
}

/* A pattern longer than the screen scrolls sideways: the cursor stays on
 * screen, the line never passes the width, wide characters stay whole. */
static void test_prompt_scrolls(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_zebra(&d, 20, 8);
    key('/');
    type(r, "一二三四五六七八九十abcdefghij");
    char line[512];
    int cursor;
    prompt_line(r, line, sizeof line, &cursor);
    assert_true(text_width(line, strlen(line)) <= 20);
    assert_true(cursor >= 1 && cursor <= 19);
    assert_true(line[0] == '/');
    assert_non_null(strstr(line, "abcdefghij")); /* the end, where the cursor is */
    assert_int_equal(cursor, 1 + text_width(line + 1, strlen(line + 1))); /* right after it */
    /* at the start, the start shows */
    key(ACTION_KEY_HOME);
    prompt_line(r, line, sizeof line, &cursor);
    assert_int_equal(cursor, 1);
    assert_true(strncmp(line, "/一二三", strlen("/一二三")) == 0);
    assert_true(text_width(line, strlen(line)) <= 20);
    /* every cursor position: the line fits, the cursor is on it */
    for (int i = 0; i < 25; i++) {
        key(ACTION_KEY_RIGHT);
        prompt_line(r, line, sizeof line, &cursor);
        assert_true(text_width(line, strlen(line)) <= 20);
        assert_true(cursor >= 1 && cursor <= 19);
    }
    key(27);
    close_zebra(d);
}

/* Matches in notes count and show; the screen's rows carry them. */
static void test_notes_searched(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_zebra(&d, 100, 12);
    reader_search(r, "introduction");
    assert_string_equal(r->message, "search hit BOTTOM, continuing at TOP"); /* above the first turn */
    assert_int_equal(top_seg(r), -1);
    assert_string_equal(styled(r, FRAME_STYLE_CURRENT), "introduction|");
    close_zebra(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_incremental_and_cancel),
        cmocka_unit_test(test_enter_n_wrap),
        cmocka_unit_test(test_backward_and_smart_case),
        cmocka_unit_test(test_filter_and_layouts),
        cmocka_unit_test(test_rows_and_highlights),
        cmocka_unit_test(test_prompt_editing),
        cmocka_unit_test(test_prompt_scrolls),
        cmocka_unit_test(test_notes_searched),
    };
    return cmocka_run_group_tests_name("find", tests, NULL, NULL);
}
