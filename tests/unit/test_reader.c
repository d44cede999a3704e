/* Tests of reader.h: feeding actions and checking where the view is (the
 * status line, the help and the other modes: test_session.c). */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "reader.h"
#include "testdoc.h"
#include "text.h"

/* The segment whose first row is on top, or -1 when the top is elsewhere. */
static long top_segment(const reader *r)
{
    layout_block b = layout_block_at(r->L, r->top.block);
    if (b.kind != LAYOUT_BLOCK_SEGMENT || r->top.row != 0)
        return -1;
    return (long)b.index;
}

static reader *open_generated(size_t n, int w, int h, int mode, doc **d)
{
    *d = testdoc_generated(n);
    reader *r = reader_new(*d, NULL, w, h, mode);
    assert_non_null(r);
    return r;
}

static void test_rows(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(40, 100, 30, -1, &d);
    layout_pos first = r->top;
    assert_int_equal(layout_pos_cmp(first, layout_first(r->L)), 0);
    reader_apply(r, ACTION_LINE_DOWN, 0);
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 1, NULL)), 0);
    reader_apply(r, ACTION_LINE_DOWN, 5);
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 6, NULL)), 0);
    reader_apply(r, ACTION_LINE_UP, 4);
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 2, NULL)), 0);
    reader_apply(r, ACTION_LINE_UP, 10);
    assert_int_equal(layout_pos_cmp(r->top, first), 0);
    assert_string_equal(r->message, "");
    reader_apply(r, ACTION_LINE_UP, 0); /* nothing above: says so */
    assert_string_equal(r->message, "(TOP)");
    /* pages are the text rows (the status line excluded); half pages half */
    reader_apply(r, ACTION_PAGE_DOWN, 0);
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 29, NULL)), 0);
    reader_apply(r, ACTION_PAGE_UP, 0);
    reader_apply(r, ACTION_HALF_DOWN, 0);
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 15, NULL)), 0);
    reader_apply(r, ACTION_HALF_UP, 0);
    /* a count given to d sets the size for later d and u, as in less */
    reader_apply(r, ACTION_HALF_DOWN, 3);
    reader_apply(r, ACTION_HALF_DOWN, 0);
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 6, NULL)), 0);
    reader_apply(r, ACTION_HALF_UP, 0);
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 3, NULL)), 0);
    reader_free(r);
    doc_free(d);
}

static void test_end_and_top(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(40, 100, 30, -1, &d);
    assert_false(reader_at_end(r));
    reader_apply(r, ACTION_BOTTOM, 0);
    assert_true(reader_at_end(r));
    assert_int_equal(layout_pos_cmp(r->top, layout_end_top(r->L, 29)), 0);
    assert_int_equal(reader_percent(r), 100);
    layout_pos end = r->top;
    /* rows do not scroll past the end */
    reader_apply(r, ACTION_LINE_DOWN, 0);
    assert_int_equal(layout_pos_cmp(r->top, end), 0);
    assert_string_equal(r->message, "(END)");
    reader_apply(r, ACTION_PAGE_DOWN, 0);
    assert_int_equal(layout_pos_cmp(r->top, end), 0);
    /* the page before the end stops at the end */
    reader_apply(r, ACTION_LINE_UP, 3);
    reader_apply(r, ACTION_PAGE_DOWN, 0);
    assert_int_equal(layout_pos_cmp(r->top, end), 0);
    reader_apply(r, ACTION_TOP, 0);
    assert_int_equal(layout_pos_cmp(r->top, layout_first(r->L)), 0);
    assert_int_equal(layout_pos_cmp(r->jump_from, end), 0);
    reader_free(r);
    doc_free(d);
}

static void test_segments(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(40, 100, 30, -1, &d);
    reader_apply(r, ACTION_NEXT_SEGMENT, 0);
    assert_int_equal(top_segment(r), 1);
    reader_apply(r, ACTION_NEXT_SEGMENT, 3);
    assert_int_equal(top_segment(r), 4);
    reader_apply(r, ACTION_PREV_SEGMENT, 0);
    assert_int_equal(top_segment(r), 3);
    /* from inside a segment, K goes to its start first */
    reader_apply(r, ACTION_LINE_DOWN, 2);
    assert_int_equal(top_segment(r), -1);
    reader_apply(r, ACTION_PREV_SEGMENT, 0);
    assert_int_equal(top_segment(r), 3);
    reader_apply(r, ACTION_PREV_SEGMENT, 10);
    assert_int_equal(top_segment(r), 0);
    /* segment jumps go to the segment even near the end */
    reader_apply(r, ACTION_TOP, 40);
    assert_int_equal(top_segment(r), 39);
    reader_apply(r, ACTION_NEXT_SEGMENT, 0);
    assert_int_equal(top_segment(r), 39);
    assert_string_equal(r->message, "no next segment");
    reader_apply(r, ACTION_GOTO_SEGMENT, 12);
    assert_int_equal(top_segment(r), 11);
    reader_apply(r, ACTION_BOTTOM, 7);
    assert_int_equal(top_segment(r), 6);
    reader_apply(r, ACTION_GOTO_SEGMENT, 99);
    assert_int_equal(top_segment(r), 39);
    assert_non_null(strstr(r->message, "1 to 40"));
    assert_int_equal(reader_current_segment(r), 39);
    reader_free(r);
    doc_free(d);
}

static void test_percent(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(200, 100, 30, -1, &d);
    reader_apply(r, ACTION_PERCENT, 50);
    assert_int_equal(top_segment(r), 100);
    reader_apply(r, ACTION_PERCENT, 0);
    assert_int_equal(top_segment(r), 0);
    reader_apply(r, ACTION_PERCENT, 100);
    assert_true(reader_at_end(r));
    reader_free(r);
    doc_free(d);
}

static void test_speaker_changes(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"A", {"一"}, {"one"}, 0}, {"A", {"二"}, {"two"}, 0},   {"B", {"三"}, {"three"}, 0},
        {"B", {"四"}, {"four"}, 0}, {"B", {"五"}, {"five"}, 0}, {"A", {"六"}, {"six"}, 0},
    };
    doc *d = testdoc_build("介绍。", segs, 6, NULL);
    reader *r = reader_new(d, NULL, 100, 10, -1);
    /* it opens on the first turn, the intro above, and says so */
    assert_int_equal(top_segment(r), 0);
    assert_non_null(strstr(r->message, "notes above"));
    reader_apply(r, ACTION_TOP, 0);
    assert_int_equal(r->top.block, 0);
    assert_int_equal(layout_block_at(r->L, 0).kind, LAYOUT_BLOCK_NOTE);
    reader_apply(r, ACTION_NEXT_SPEAKER, 0); /* from the intro: the first turn */
    assert_int_equal(top_segment(r), 0);
    reader_apply(r, ACTION_NEXT_SPEAKER, 0);
    assert_int_equal(top_segment(r), 2);
    reader_apply(r, ACTION_NEXT_SPEAKER, 0);
    assert_int_equal(top_segment(r), 5);
    reader_apply(r, ACTION_NEXT_SPEAKER, 0);
    assert_int_equal(top_segment(r), 5);
    reader_apply(r, ACTION_PREV_SPEAKER, 0);
    assert_int_equal(top_segment(r), 2);
    reader_apply(r, ACTION_NEXT_SEGMENT, 0); /* inside B's run: ( goes to its start */
    assert_int_equal(top_segment(r), 3);
    reader_apply(r, ACTION_PREV_SPEAKER, 0);
    assert_int_equal(top_segment(r), 2);
    reader_apply(r, ACTION_PREV_SPEAKER, 0);
    assert_int_equal(top_segment(r), 0);
    reader_apply(r, ACTION_PREV_SPEAKER, 0);
    assert_int_equal(top_segment(r), 0);
    assert_string_equal(r->message, "no previous change of speaker");
    reader_apply(r, ACTION_NEXT_SPEAKER, 2);
    assert_int_equal(top_segment(r), 5);
    reader_free(r);
    doc_free(d);
}

static void test_navigation_skips_hidden(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"A", {"一"}, {"one"}, 0}, {"B", {"二"}, {"two"}, 0}, {"B", {"三"}, {"three"}, 0},
        {"A", {"四"}, {"four"}, 0}, {"C", {"五"}, {"five"}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 5, NULL);
    reader *r = reader_new(d, NULL, 100, 10, -1);
    reader_apply(r, ACTION_SPEAKER_TOGGLE, 2); /* hide B */
    assert_false(reader_segment_visible(r, 1));
    reader_apply(r, ACTION_NEXT_SEGMENT, 0);
    assert_int_equal(top_segment(r), 3);
    reader_apply(r, ACTION_PREV_SEGMENT, 0);
    assert_int_equal(top_segment(r), 0);
    /* A, (B hidden), A: B spoke in between, so the second A is a new turn */
    reader_apply(r, ACTION_NEXT_SPEAKER, 0);
    assert_int_equal(top_segment(r), 3);
    reader_apply(r, ACTION_NEXT_SPEAKER, 0);
    assert_int_equal(top_segment(r), 4);
    reader_apply(r, ACTION_PREV_SPEAKER, 0);
    assert_int_equal(top_segment(r), 3);
    /* counts count the segments shown: the 2nd shown is segment 4 */
    reader_apply(r, ACTION_GOTO_SEGMENT, 2);
    assert_int_equal(top_segment(r), 3);
    reader_apply(r, ACTION_TOP, 3);
    assert_int_equal(top_segment(r), 4);
    reader_free(r);
    doc_free(d);
}

static void test_layout_and_resize(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(40, 120, 40, -1, &d);
    assert_int_equal(r->mode, LAYOUT_SIDE);
    reader_apply(r, ACTION_NEXT_SEGMENT, 7);
    assert_int_equal(top_segment(r), 7);
    /* the default follows the width until a layout is chosen */
    reader_resize(r, 40, 12);
    assert_int_equal(r->mode, LAYOUT_STACK);
    assert_int_equal(top_segment(r), 7);
    reader_resize(r, 120, 40);
    assert_int_equal(r->mode, LAYOUT_SIDE);
    assert_int_equal(top_segment(r), 7);
    static const layout_mode cycle[] = {LAYOUT_STACK, LAYOUT_ZH, LAYOUT_EN, LAYOUT_SIDE};
    for (int i = 0; i < 4; i++) {
        reader_apply(r, ACTION_CYCLE_LAYOUT, 0);
        assert_int_equal(r->mode, cycle[i]);
        assert_int_equal(top_segment(r), 7);
        assert_non_null(strstr(r->message, "layout"));
    }
    reader_resize(r, 40, 12); /* chosen: stays side by side */
    assert_int_equal(r->mode, LAYOUT_SIDE);
    reader_apply(r, ACTION_SWAP_PANES, 0);
    assert_true(r->swap);
    assert_true(layout_geometry(r->L).swap);
    assert_int_equal(top_segment(r), 7);
    reader_free(r);
    doc_free(d);
    /* a chosen layout from the start */
    r = open_generated(3, 200, 40, LAYOUT_EN, &d);
    assert_int_equal(r->mode, LAYOUT_EN);
    reader_free(r);
    doc_free(d);
    /* one language only: one pane, and a note saying so */
    static const testdoc_seg en_only[] = {{"A", {NULL}, {"Only English here."}, 0}};
    d = testdoc_build(NULL, en_only, 1, NULL);
    r = reader_new(d, NULL, 200, 40, -1);
    assert_int_equal(r->mode, LAYOUT_EN);
    assert_string_equal(r->message, "only English text found: one pane");
    reader_free(r);
    doc_free(d);
}

/* m + letter remembers the place, ' + letter returns; '' goes back to where
 * the last jump (g, G, Ng, :N, N%, a mark) started, and '' '' toggles. */
static void test_marks(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(60, 100, 20, -1, &d);
    reader_apply(r, ACTION_NEXT_SEGMENT, 5);
    reader_apply(r, ACTION_LINE_DOWN, 2);
    layout_pos a = r->top;
    reader_apply(r, ACTION_MARK_SET, 'a');
    assert_string_equal(r->message, "mark a set");
    reader_apply(r, ACTION_GOTO_SEGMENT, 40);
    assert_int_equal(top_segment(r), 39);
    reader_apply(r, ACTION_MARK_SET, 'Z');
    reader_apply(r, ACTION_MARK_GOTO, 'a');
    assert_int_equal(layout_pos_cmp(r->top, a), 0);
    reader_apply(r, ACTION_MARK_GOTO, 'Z');
    assert_int_equal(top_segment(r), 39);
    /* '' back to where the last jump (the 'Z) started, and again */
    reader_apply(r, ACTION_MARK_GOTO, '\'');
    assert_int_equal(layout_pos_cmp(r->top, a), 0);
    reader_apply(r, ACTION_MARK_GOTO, '\'');
    assert_int_equal(top_segment(r), 39);
    /* segment steps are not jumps: '' still goes to the 'Z's start */
    reader_apply(r, ACTION_NEXT_SEGMENT, 3);
    assert_int_equal(top_segment(r), 42);
    reader_apply(r, ACTION_MARK_GOTO, '\'');
    assert_int_equal(layout_pos_cmp(r->top, a), 0);
    /* G, g, N%, :N are jumps */
    reader_apply(r, ACTION_BOTTOM, 0);
    reader_apply(r, ACTION_MARK_GOTO, '\'');
    assert_int_equal(layout_pos_cmp(r->top, a), 0);
    reader_apply(r, ACTION_TOP, 0);
    reader_apply(r, ACTION_MARK_GOTO, '\'');
    assert_int_equal(layout_pos_cmp(r->top, a), 0);
    reader_apply(r, ACTION_PERCENT, 50);
    reader_apply(r, ACTION_MARK_GOTO, '\'');
    assert_int_equal(layout_pos_cmp(r->top, a), 0);
    reader_apply(r, ACTION_GOTO_SEGMENT, 3);
    assert_int_equal(top_segment(r), 2);
    reader_apply(r, ACTION_MARK_GOTO, '\'');
    assert_int_equal(layout_pos_cmp(r->top, a), 0);
    /* unset and bad marks say so and stay */
    reader_apply(r, ACTION_MARK_GOTO, 'b');
    assert_int_equal(layout_pos_cmp(r->top, a), 0);
    assert_string_equal(r->message, "mark b is not set (mb sets it)");
    reader_apply(r, ACTION_MARK_SET, '5');
    assert_non_null(strstr(r->message, "a mark is a letter"));
    reader_apply(r, ACTION_MARK_GOTO, '5');
    assert_non_null(strstr(r->message, "a mark is a letter"));
    assert_int_equal(layout_pos_cmp(r->top, a), 0);
    /* a mark survives a narrower terminal: its block is on top again */
    reader_resize(r, 40, 12);
    reader_apply(r, ACTION_TOP, 0);
    reader_apply(r, ACTION_MARK_GOTO, 'a');
    assert_int_equal(r->top.block, a.block);
    assert_true(r->top.row < layout_block_height(r->L, a.block));
    reader_free(r);
    doc_free(d);
}

/* A mark in a segment the speaker filter has since hidden goes to the next
 * segment shown. */
static void test_mark_in_hidden_segment(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"A", {"一"}, {"one"}, 0}, {"B", {"二"}, {"two"}, 0}, {"A", {"三"}, {"three"}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 3, NULL);
    reader *r = reader_new(d, NULL, 100, 10, -1);
    reader_apply(r, ACTION_NEXT_SEGMENT, 0);
    assert_int_equal(top_segment(r), 1);
    reader_apply(r, ACTION_MARK_SET, 'b');
    reader_apply(r, ACTION_TOP, 0);
    reader_apply(r, ACTION_SPEAKER_TOGGLE, 2); /* hide B */
    reader_apply(r, ACTION_MARK_GOTO, 'b');
    assert_int_equal(top_segment(r), 2);
    reader_free(r);
    doc_free(d);
}

/* The screen row of segment s's header (its block's first row), or -1. */
static int row_of_segment(reader *r, size_t s)
{
    const layout_frame *f = layout_render(r->L, r->top, reader_text_rows(r));
    size_t b = layout_segment_block(r->L, s);
    for (int y = 0; y < (int)f->nrows; y++)
        if (f->rows[y].pos.block == b && f->rows[y].pos.row == 0)
            return y;
    return -1;
}

/* A click on a segment makes it current (status line, y, t) while it is on
 * screen; clicks elsewhere change nothing; steps and jumps make the top
 * segment current again. */
static void test_click(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(30, 100, 40, -1, &d);
    assert_int_equal(reader_current_segment(r), 0);
    int y = row_of_segment(r, 2);
    assert_true(y > 0);
    layout_pos top = r->top;
    assert_true(reader_click(r, y + 1)); /* a text row of segment 2, right pane */
    assert_int_equal(reader_current_segment(r), 2);
    assert_int_equal(layout_pos_cmp(r->top, top), 0); /* the view does not move */
    const layout_frame *f = layout_render(r->L, r->top, reader_text_rows(r));
    assert_true(reader_row_is_focus(r, &f->rows[y]));
    assert_false(reader_row_is_focus(r, &f->rows[0]));
    /* the same segment again, the status line, past the top: nothing */
    assert_false(reader_click(r, y));
    assert_false(reader_click(r, reader_text_rows(r)));
    assert_false(reader_click(r, -1));
    assert_int_equal(reader_current_segment(r), 2);
    /* a row step keeps it while it is on screen */
    reader_apply(r, ACTION_LINE_DOWN, 1);
    assert_int_equal(reader_current_segment(r), 2);
    /* current while any of its rows is on screen; scrolled off the top, the
     * top one is current again */
    size_t b2 = layout_segment_block(r->L, 2);
    while (r->top.block <= b2) {
        assert_int_equal(reader_current_segment(r), 2);
        reader_apply(r, ACTION_LINE_DOWN, 1);
    }
    assert_int_equal(reader_current_segment(r), 3);
    assert_int_equal(r->focus, SIZE_MAX);
    reader_apply(r, ACTION_LINE_UP, 1); /* back: it was let go */
    assert_int_equal(reader_current_segment(r), 2);
    assert_int_equal(r->focus, SIZE_MAX);
    reader_apply(r, ACTION_TOP, 0);
    assert_true(reader_click(r, row_of_segment(r, 1)));
    assert_int_equal(reader_current_segment(r), 1);
    reader_apply(r, ACTION_NEXT_SEGMENT, 0); /* a step: the top one */
    assert_int_equal(reader_current_segment(r), 1);
    assert_true(reader_click(r, row_of_segment(r, 3)));
    reader_apply(r, ACTION_PREV_SEGMENT, 0);
    assert_int_equal(reader_current_segment(r), 0);
    assert_true(reader_click(r, row_of_segment(r, 2)));
    reader_apply(r, ACTION_MARK_SET, 'a');
    reader_apply(r, ACTION_MARK_GOTO, 'a'); /* a jump */
    assert_int_equal(reader_current_segment(r), 0);
    reader_free(r);
    doc_free(d);
}

/* A click on a note or below the end of the document changes nothing. */
static void test_click_notes_and_end(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {{"A", {"一。"}, {"One."}, 0}, {"B", {"二。"}, {"Two."}, 0}};
    doc *d = testdoc_build("介绍。", segs, 2, "页脚。");
    reader *r = reader_new(d, NULL, 100, 30, -1);
    reader_apply(r, ACTION_TOP, 0);
    assert_int_equal(layout_block_at(r->L, r->top.block).kind, LAYOUT_BLOCK_NOTE);
    assert_false(reader_click(r, 0)); /* the intro's header */
    assert_false(reader_click(r, 25)); /* past the end */
    assert_int_equal(r->focus, SIZE_MAX);
    assert_true(reader_click(r, row_of_segment(r, 1)));
    assert_int_equal(reader_current_segment(r), 1);
    reader_free(r);
    doc_free(d);
}

/* Learner mode hides the second language's text in every segment but the
 * current one; notes, headers and the first language stay. */
static void test_learner(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"A", {"一。"}, {"One."}, 0}, {"B", {"二。"}, {"Two."}, 0}, {"A", {"三。"}, {"Three."}, 0},
    };
    doc *d = testdoc_build("介绍。", segs, 3, NULL);
    reader *r = reader_new(d, NULL, 100, 30, LAYOUT_SIDE);
    reader_apply(r, ACTION_LEARNER, 0);
    assert_true(r->learner);
    assert_non_null(strstr(r->message, "English only in the current segment"));
    reader_apply(r, ACTION_TOP, 0); /* the intro on top, segment 0 current */
    size_t cur = reader_current_segment(r);
    assert_int_equal(cur, 0);
    const layout_frame *f = layout_render(r->L, r->top, reader_text_rows(r));
    int shown[LANG_SIDES] = {0}, hidden[LANG_SIDES] = {0}, notes = 0, generated = 0;
    for (size_t y = 0; y < f->nrows; y++) {
        const layout_row *row = &f->rows[y];
        for (size_t i = 0; i < row->nspans; i++) {
            const layout_span *sp = &row->spans[i];
            bool h = row->pos.block != SIZE_MAX && reader_learner_hides(r, cur, row->pos.block, sp);
            if (sp->ref.kind == LAYOUT_REF_PARA)
                (h ? hidden : shown)[sp->ref.lang]++;
            else if (sp->ref.kind == LAYOUT_REF_NOTE)
                notes += !h;
            else
                generated += !h;
        }
    }
    assert_int_equal(shown[LANG_ZH], 3);  /* every Chinese paragraph */
    assert_int_equal(hidden[LANG_ZH], 0);
    assert_int_equal(shown[LANG_EN], 1);  /* the current segment's English */
    assert_int_equal(hidden[LANG_EN], 2);
    assert_true(notes > 0 && generated > 0);
    /* swapped, Chinese is the second language */
    reader_apply(r, ACTION_SWAP_PANES, 0);
    layout_span zh = {.ref = {.kind = LAYOUT_REF_PARA, .lang = LANG_ZH}};
    layout_span en = {.ref = {.kind = LAYOUT_REF_PARA, .lang = LANG_EN}};
    size_t b2 = layout_segment_block(r->L, 2);
    assert_true(reader_learner_hides(r, 0, b2, &zh));
    assert_false(reader_learner_hides(r, 0, b2, &en));
    assert_false(reader_learner_hides(r, 2, b2, &zh)); /* the current one */
    /* one-language layouts hide nothing */
    reader_apply(r, ACTION_CYCLE_LAYOUT, 0); /* stack */
    assert_true(reader_learner_hides(r, 0, b2, &zh));
    reader_apply(r, ACTION_CYCLE_LAYOUT, 0); /* zh */
    assert_false(reader_learner_hides(r, 0, b2, &zh));
    assert_false(reader_learner_hides(r, 0, b2, &en));
    reader_apply(r, ACTION_LEARNER, 0);
    assert_false(r->learner);
    reader_apply(r, ACTION_CYCLE_LAYOUT, 0); /* en */
    reader_apply(r, ACTION_CYCLE_LAYOUT, 0); /* side */
    assert_false(reader_learner_hides(r, 0, b2, &zh));
    reader_free(r);
    doc_free(d);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_end_and_top),
        cmocka_unit_test(test_segments),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_speaker_changes),
        cmocka_unit_test(test_navigation_skips_hidden),
        cmocka_unit_test(test_layout_and_resize),
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_mark_in_hidden_segment),
        cmocka_unit_test(test_click),
        cmocka_unit_test(test_click_notes_and_end),
        cmocka_unit_test(test_learner),
    };
    return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
