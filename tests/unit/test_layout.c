/* Tests of layout.h: blocks, rows of spans per mode and width, padding,
 * header rows, notes, scroll arithmetic across blocks, resize anchoring,
 * the filter and search hooks, and width invariants with CJK, emoji,
 * combining marks and tabs. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layout.h"
#include "testdoc.h"
#include "text.h"

/* 中文 = E4 B8 AD E6 96 87 */
#define ZH_SHORT "\xE4\xB8\xAD\xE6\x96\x87"

/* Row r of a frame as text. */
static const char *row_text(const layout_frame *f, size_t r)
{
    static char buf[8192];
    layout_row_text(NULL, &f->rows[r], buf, sizeof buf);
    return buf;
}

/* The text of the spans of row r that lie in [col, col + w), concatenated. */
static const char *pane_text(const layout_frame *f, size_t r, int col, int w)
{
    static char buf[4096];
    size_t n = 0;
    for (size_t i = 0; i < f->rows[r].nspans; i++) {
        const layout_span *sp = &f->rows[r].spans[i];
        if (sp->col >= col && sp->col < col + w && sp->style != FRAME_STYLE_DIVIDER) {
            memcpy(buf + n, sp->text, sp->len);
            n += sp->len;
        }
    }
    buf[n] = '\0';
    return buf;
}

/* The invariants of every row: spans sorted, not overlapping, inside the
 * width, each span's width what text.h says, and in side mode the divider
 * on every row in its column with no span across it. */
static void check_frame(const text_widths *tw, const layout_frame *f, const layout_geom *g)
{
    for (size_t r = 0; r < f->nrows; r++) {
        const layout_row *row = &f->rows[r];
        int end = 0;
        bool divider = false;
        for (size_t i = 0; i < row->nspans; i++) {
            const layout_span *sp = &row->spans[i];
            assert_true(sp->col >= end);
            int w = 0;
            for (uint32_t j = 0; j < sp->len;) {
                size_t k = text_cluster_len(sp->text + j, sp->len - j);
                w += text_advance(tw, sp->text + j, k, sp->col + w - sp->origin);
                j += (uint32_t)k;
            }
            assert_int_equal(w, sp->width);
            end = sp->col + sp->width;
            assert_true(end <= g->width);
            if (sp->style == FRAME_STYLE_DIVIDER) {
                assert_int_equal(sp->col, g->divider);
                divider = true;
            } else if (g->divider >= 0) {
                bool left = end <= g->divider, right = sp->col > g->divider;
                assert_true(left || right);
                if (left)
                    assert_true(end <= g->left_col + g->left_w);
                else
                    assert_true(sp->col >= g->right_col);
            }
        }
        if (g->divider >= 0)
            assert_true(divider);
        char buf[8192];
        layout_row_text(tw, row, buf, sizeof buf);
        assert_true(text_string_width(tw, buf, strlen(buf)) <= g->width);
    }
}

static const testdoc_seg three[] = {
    {"Host", {"你好。"}, {"Hello there, and welcome to the show."}, 0},
    {"Guest", {"谢谢你邀请我来。", "第二段。"}, {"Thanks."}, 0},
    {"Host", {"再见。"}, {"Goodbye."}, 0.2f},
};

static void test_geometry(void **state)
{
    (void)state;
    doc *d = testdoc_build(NULL, three, 3, NULL);
    layout *L = layout_new(d, NULL);
    assert_non_null(L);
    layout_set_geometry(L, 80, LAYOUT_SIDE, false, (layout_pos){0, 0});
    layout_geom g = layout_geometry(L);
    assert_int_equal(g.left_col, 0);
    assert_int_equal(g.left_w, 38);
    assert_int_equal(g.divider, 39);
    assert_int_equal(g.right_col, 41);
    assert_int_equal(g.right_w, 39);
    layout_set_geometry(L, 20, LAYOUT_SIDE, false, (layout_pos){0, 0});
    g = layout_geometry(L);
    assert_int_equal(g.left_w + g.right_w + 3, 20);
    /* the default: side by side from 30 columns a pane, stacked below */
    assert_int_equal(layout_default_mode(d, 63), LAYOUT_SIDE);
    assert_int_equal(layout_default_mode(d, 62), LAYOUT_STACK);
    assert_int_equal(layout_default_mode(d, 200), LAYOUT_SIDE);
    layout_free(L);
    doc_free(d);
}

static void test_one_language_opens_single(void **state)
{
    (void)state;
    static const testdoc_seg en_only[] = {{"A", {NULL}, {"Only English here."}, 0}};
    doc *d = testdoc_build(NULL, en_only, 1, NULL);
    assert_int_equal(layout_default_mode(d, 200), LAYOUT_EN);
    doc_free(d);
}

static void test_side_rows(void **state)
{
    (void)state;
    doc *d = testdoc_build(NULL, three, 3, NULL);
    layout *L = layout_new(d, NULL);
    layout_set_geometry(L, 40, LAYOUT_SIDE, false, (layout_pos){0, 0});
    layout_geom g = layout_geometry(L);
    /* segment 0 at 18 + 19 columns: header, zh 1 line / en 3 lines, blank */
    assert_int_equal(layout_block_height(L, 0), 1 + 3 + 1);
    const layout_frame *f = layout_render(L, layout_first(L), 12);
    assert_non_null(f);
    check_frame(NULL, f, &g);
    assert_string_equal(pane_text(f, 0, g.left_col, g.left_w), "Host");
    assert_string_equal(pane_text(f, 0, g.right_col, g.right_w), "Host");
    assert_int_equal(f->rows[0].spans[0].style, FRAME_STYLE_HEADER);
    assert_int_equal(f->rows[0].spans[0].speaker, d->segments[0].speaker);
    assert_string_equal(pane_text(f, 1, g.left_col, g.left_w), "你好。");
    assert_string_equal(pane_text(f, 1, g.right_col, g.right_w), "Hello there, and");
    assert_string_equal(pane_text(f, 2, g.left_col, g.left_w), ""); /* padded */
    assert_string_equal(pane_text(f, 2, g.right_col, g.right_w), "welcome to the");
    assert_string_equal(pane_text(f, 3, g.right_col, g.right_w), "show.");
    assert_string_equal(pane_text(f, 4, 0, 40), ""); /* the blank row */
    /* segment 1 starts on the same row in both panes: two Chinese
     * paragraphs with a blank row between them, English padded */
    assert_string_equal(pane_text(f, 5, g.left_col, g.left_w), "Guest");
    assert_string_equal(pane_text(f, 5, g.right_col, g.right_w), "Guest");
    assert_string_equal(pane_text(f, 6, g.left_col, g.left_w), "谢谢你邀请我来。");
    assert_string_equal(pane_text(f, 7, g.left_col, g.left_w), "");
    assert_string_equal(pane_text(f, 8, g.left_col, g.left_w), "第二段。");
    assert_string_equal(pane_text(f, 6, g.right_col, g.right_w), "Thanks.");
    assert_int_equal(layout_block_height(L, 1), 1 + 3 + 1);
    /* the weak segment carries a mark on its header row */
    assert_int_equal(f->rows[10].pos.block, 2);
    assert_int_equal(f->rows[10].pos.row, 0);
    assert_non_null(strstr(row_text(f, 10), "Host [?]"));
    assert_null(strstr(row_text(f, 0), "[?]"));
    /* rows past the end are empty */
    const layout_frame *f2 = layout_render(L, (layout_pos){2, 0}, 8);
    assert_int_equal(f2->rows[7].pos.block, SIZE_MAX);
    assert_int_equal(f2->rows[7].nspans, 1); /* the divider goes on */
    assert_int_equal(f2->rows[7].spans[0].style, FRAME_STYLE_DIVIDER);
    layout_free(L);
    doc_free(d);
}

static void test_swap(void **state)
{
    (void)state;
    doc *d = testdoc_build(NULL, three, 3, NULL);
    layout *L = layout_new(d, NULL);
    layout_set_geometry(L, 60, LAYOUT_SIDE, true, (layout_pos){0, 0});
    layout_geom g = layout_geometry(L);
    const layout_frame *f = layout_render(L, layout_first(L), 3);
    assert_string_equal(pane_text(f, 1, g.left_col, g.left_w), "Hello there, and welcome to");
    assert_string_equal(pane_text(f, 1, g.right_col, g.right_w), "你好。");
    layout_free(L);
    doc_free(d);
}

static void test_stack_and_single(void **state)
{
    (void)state;
    doc *d = testdoc_build(NULL, three, 3, NULL);
    layout *L = layout_new(d, NULL);
    layout_set_geometry(L, 30, LAYOUT_STACK, false, (layout_pos){0, 0});
    layout_geom g = layout_geometry(L);
    assert_int_equal(g.divider, -1);
    const layout_frame *f = layout_render(L, layout_first(L), 7);
    check_frame(NULL, f, &g);
    assert_string_equal(row_text(f, 0), "Host");
    assert_string_equal(row_text(f, 1), "你好。");
    assert_string_equal(row_text(f, 2), "Hello there, and welcome to");
    assert_string_equal(row_text(f, 3), "the show.");
    assert_string_equal(row_text(f, 4), "");
    assert_string_equal(row_text(f, 5), "Guest");
    /* swapped: English above */
    layout_set_geometry(L, 30, LAYOUT_STACK, true, (layout_pos){0, 0});
    f = layout_render(L, layout_first(L), 3);
    assert_string_equal(row_text(f, 1), "Hello there, and welcome to");
    /* one language only */
    layout_set_geometry(L, 30, LAYOUT_ZH, false, (layout_pos){0, 0});
    f = layout_render(L, layout_first(L), 6);
    assert_string_equal(row_text(f, 1), "你好。");
    assert_string_equal(row_text(f, 2), "");
    assert_string_equal(row_text(f, 3), "Guest");
    layout_set_geometry(L, 30, LAYOUT_EN, false, (layout_pos){0, 0});
    f = layout_render(L, layout_first(L), 4);
    assert_string_equal(row_text(f, 1), "Hello there, and welcome to");
    assert_string_equal(row_text(f, 2), "the show.");
    layout_free(L);
    doc_free(d);
}

static void test_notes(void **state)
{
    (void)state;
    doc *d = testdoc_build("这是一个介绍。", three, 3, "版权所有。");
    layout *L = layout_new(d, NULL);
    assert_int_equal(layout_nblocks(L), 5);
    assert_int_equal(layout_block_at(L, 0).kind, LAYOUT_BLOCK_NOTE);
    assert_int_equal(layout_block_at(L, 1).kind, LAYOUT_BLOCK_SEGMENT);
    assert_int_equal(layout_segment_block(L, 0), 1);
    assert_int_equal(layout_block_at(L, 4).kind, LAYOUT_BLOCK_NOTE);
    layout_set_geometry(L, 60, LAYOUT_SIDE, true, (layout_pos){0, 0});
    layout_geom g = layout_geometry(L);
    const layout_frame *f = layout_render(L, layout_first(L), 3);
    check_frame(NULL, f, &g);
    /* a Chinese note goes in the Chinese pane (right, when swapped), dimmed */
    assert_string_equal(pane_text(f, 0, g.right_col, g.right_w), "[intro]");
    assert_string_equal(pane_text(f, 1, g.right_col, g.right_w), "这是一个介绍。");
    assert_string_equal(pane_text(f, 1, g.left_col, g.left_w), "");
    assert_int_equal(f->rows[1].spans[1].style, FRAME_STYLE_NOTE);
    assert_int_equal(f->rows[1].spans[1].ref.kind, LAYOUT_REF_NOTE);
    /* the footer is the last thing */
    layout_pos last = layout_last(L);
    assert_int_equal(last.block, 4);
    f = layout_render(L, (layout_pos){4, 0}, 3);
    assert_string_equal(pane_text(f, 0, g.right_col, g.right_w), "[footer]");
    assert_string_equal(pane_text(f, 1, g.right_col, g.right_w), "版权所有。");
    /* notes show in single-language modes too */
    layout_set_geometry(L, 60, LAYOUT_EN, false, (layout_pos){0, 0});
    f = layout_render(L, layout_first(L), 2);
    assert_string_equal(row_text(f, 1), "这是一个介绍。");
    layout_free(L);
    doc_free(d);
}

/* Rows between two positions, counted one scroll step at a time. */
static long rows_between(layout *L, layout_pos a, layout_pos b)
{
    long n = 0;
    while (layout_pos_cmp(a, b) < 0) {
        long m;
        a = layout_scroll(L, a, 1, &m);
        assert_int_equal(m, 1);
        n++;
    }
    return n;
}

static void test_scroll_arithmetic(void **state)
{
    (void)state;
    doc *d = testdoc_generated(50);
    layout *L = layout_new(d, NULL);
    layout_set_geometry(L, 70, LAYOUT_SIDE, false, (layout_pos){0, 0});
    long total = 0;
    for (size_t b = 0; b < layout_nblocks(L); b++)
        total += layout_block_height(L, b);
    layout_pos first = layout_first(L), last = layout_last(L);
    assert_int_equal(rows_between(L, first, last), total - 1);
    /* a big step lands where single steps do, and comes back */
    long moved;
    layout_pos p = layout_scroll(L, first, 37, &moved);
    assert_int_equal(moved, 37);
    assert_int_equal(rows_between(L, first, p), 37);
    layout_pos q = layout_scroll(L, p, -37, &moved);
    assert_int_equal(moved, -37);
    assert_int_equal(layout_pos_cmp(q, first), 0);
    /* stops at both ends and says how far it went */
    p = layout_scroll(L, first, -5, &moved);
    assert_int_equal(moved, 0);
    assert_int_equal(layout_pos_cmp(p, first), 0);
    p = layout_scroll(L, first, total + 100, &moved);
    assert_int_equal(moved, total - 1);
    assert_int_equal(layout_pos_cmp(p, last), 0);
    /* end_top puts the last row on the last screen row */
    layout_pos et = layout_end_top(L, 20);
    assert_int_equal(rows_between(L, et, last), 19);
    const layout_frame *f = layout_render(L, et, 20);
    assert_int_equal(layout_pos_cmp(f->rows[19].pos, last), 0);
    /* fraction: 1 at the end, growing */
    assert_true(layout_fraction(L, last) > 0.999);
    assert_true(layout_fraction(L, first) < layout_fraction(L, p = layout_scroll(L, first, 30, NULL)));
    layout_free(L);
    doc_free(d);
}

static void test_resize_anchoring(void **state)
{
    (void)state;
    doc *d = testdoc_generated(30);
    layout *L = layout_new(d, NULL);
    layout_pos top = layout_set_geometry(L, 120, LAYOUT_SIDE, false, (layout_pos){0, 0});
    top = layout_block_start(L, layout_segment_block(L, 12));
    for (int w = 20; w <= 200; w += 13) {
        top = layout_set_geometry(L, w, layout_default_mode(d, w), false, top);
        assert_int_equal(top.block, layout_segment_block(L, 12));
        assert_int_equal(top.row, 0);
    }
    /* mid-block rows stay inside the block, scaled */
    top = layout_set_geometry(L, 120, LAYOUT_SIDE, false, top);
    top.row = layout_block_height(L, top.block) - 1;
    top = layout_set_geometry(L, 40, LAYOUT_SIDE, false, top);
    assert_int_equal(top.block, layout_segment_block(L, 12));
    assert_true(top.row > 0 && top.row < layout_block_height(L, top.block));
    layout_free(L);
    doc_free(d);
}

/* Hide segments whose index is odd, or 3..6. */
static bool hide_odd(const void *ctx, size_t seg)
{
    (void)ctx;
    return seg % 2 == 1;
}
static bool hide_run(const void *ctx, size_t seg)
{
    (void)ctx;
    return seg >= 3 && seg <= 6;
}

static void test_filter_hook(void **state)
{
    (void)state;
    doc *d = testdoc_generated(10);
    layout *L = layout_new(d, NULL);
    layout_pos top = layout_set_geometry(L, 80, LAYOUT_SIDE, false, (layout_pos){0, 0});
    top = layout_block_start(L, 1);
    layout_hooks h = {.hidden = hide_odd};
    top = layout_set_hooks(L, &h, top); /* segment 1 hidden: the next shown is on top */
    assert_int_equal(top.block, 2);
    assert_false(layout_segment_visible(L, 1));
    assert_int_equal(layout_block_height(L, 1), 0);
    layout_pos p = layout_first(L);
    for (int i = 0; i < 4; i++) {
        p = layout_block_start(L, p.block + 1);
        assert_int_equal(p.block % 2, 0); /* scrolling never lands on a hidden one */
    }
    /* context: one dimmed row per hidden run */
    h = (layout_hooks){.hidden = hide_run, .context = true};
    top = layout_set_hooks(L, &h, top);
    assert_int_equal(layout_block_height(L, 3), 1);
    for (size_t b = 4; b <= 6; b++)
        assert_int_equal(layout_block_height(L, b), 0);
    const layout_frame *f = layout_render(L, (layout_pos){3, 0}, 2);
    check_frame(NULL, f, &(layout_geom){layout_geometry(L).width, LAYOUT_SIDE, false, 0, 38, 39, 41, 39});
    assert_int_equal(f->rows[0].spans[0].style, FRAME_STYLE_CONTEXT);
    assert_int_equal(f->rows[1].pos.block, 7);
    layout_free(L);
    doc_free(d);
}

/* Two hits in English paragraph 0, one of them across a wrapped line. */
static size_t two_hits(const void *ctx, const layout_ref *ref, const layout_hit **out)
{
    (void)ctx;
    static const layout_hit hits[] = {{6, 11, false}, {13, 29, true}};
    if (ref->kind != LAYOUT_REF_PARA || ref->lang != LANG_EN || ref->index != 0)
        return 0;
    *out = hits;
    return 2;
}

static void test_hits_hook(void **state)
{
    (void)state;
    doc *d = testdoc_build(NULL, three, 3, NULL);
    layout *L = layout_new(d, NULL);
    layout_set_geometry(L, 40, LAYOUT_EN, false, (layout_pos){0, 0});
    layout_hooks h = {.hits = two_hits};
    layout_set_hooks(L, &h, layout_first(L));
    /* "Hello there, and welcome to the show." at 40: one line */
    const layout_frame *f = layout_render(L, layout_first(L), 2);
    const layout_row *row = &f->rows[1];
    assert_int_equal(row->nspans, 5);
    assert_int_equal(row->spans[1].style, FRAME_STYLE_MATCH);
    assert_memory_equal(row->spans[1].text, "there", 5);
    assert_int_equal(row->spans[1].col, 6);
    assert_int_equal(row->spans[1].ref.offset, 6);
    assert_int_equal(row->spans[3].style, FRAME_STYLE_CURRENT);
    assert_memory_equal(row->spans[3].text, "and welcome to t", 16);
    assert_string_equal(row_text(f, 1), "Hello there, and welcome to the show.");
    /* at 20 columns the current hit spans two rows: highlighted on both */
    layout_set_geometry(L, 20, LAYOUT_EN, false, layout_first(L));
    f = layout_render(L, layout_first(L), 3);
    assert_string_equal(row_text(f, 1), "Hello there, and");
    assert_string_equal(row_text(f, 2), "welcome to the show.");
    row = &f->rows[1];
    assert_int_equal(row->spans[row->nspans - 1].style, FRAME_STYLE_CURRENT);
    assert_memory_equal(row->spans[row->nspans - 1].text, "and", 3);
    row = &f->rows[2];
    assert_int_equal(row->spans[0].style, FRAME_STYLE_CURRENT);
    assert_memory_equal(row->spans[0].text, "welcome to t", 12);
    assert_int_equal(row->spans[0].ref.offset, 17);
    assert_int_equal(row->spans[1].style, FRAME_STYLE_NORMAL);
    layout_free(L);
    doc_free(d);
}

/* layout_text_row says -1 for what is not shown; note blocks, the hooks
 * as set, and the generation that tells caches the shape changed. */
static void test_text_rows_and_hooks(void **state)
{
    (void)state;
    doc *d = testdoc_build("An intro.", three, 3, "A footer.");
    layout *L = layout_new(d, NULL);
    layout_set_geometry(L, 80, LAYOUT_SIDE, false, layout_first(L));
    for (size_t b = 0; b < layout_nblocks(L); b++) {
        layout_block blk = layout_block_at(L, b);
        if (blk.kind == LAYOUT_BLOCK_NOTE)
            assert_int_equal(layout_note_block(L, blk.index), b);
    }
    assert_int_equal(layout_note_block(L, 0), 0);
    assert_int_equal(layout_note_block(L, 1), layout_nblocks(L) - 1);
    size_t b1 = layout_segment_block(L, 1);
    layout_ref zh1 = {LAYOUT_REF_PARA, LANG_ZH, 2, 0}; /* 第二段。: after a blank row */
    assert_int_equal(layout_text_row(L, b1, &zh1), 3);
    layout_ref en1 = {LAYOUT_REF_PARA, LANG_EN, 1, 0};
    assert_int_equal(layout_text_row(L, b1, &en1), 1);
    assert_int_equal(layout_text_row(L, b1 + 1, &en1), -1); /* not that block's text */
    layout_ref note = {LAYOUT_REF_NOTE, 0, 0, 3};
    assert_int_equal(layout_text_row(L, 0, &note), 1);
    assert_int_equal(layout_text_row(L, b1, &note), -1);
    /* stacked: English under the Chinese; one language: the other is not shown */
    layout_set_geometry(L, 80, LAYOUT_STACK, false, layout_first(L));
    assert_int_equal(layout_text_row(L, b1, &en1), 4);
    layout_set_geometry(L, 80, LAYOUT_ZH, false, layout_first(L));
    assert_int_equal(layout_text_row(L, b1, &en1), -1);
    assert_int_equal(layout_text_row(L, b1, &zh1), 3);
    /* hooks: set, got back; a hidden segment shows no text */
    uint32_t gen = layout_generation(L);
    layout_hooks h = {.hidden = hide_odd, .hits = two_hits};
    layout_set_hooks(L, &h, layout_first(L));
    assert_true(layout_generation(L) != gen);
    layout_hooks got = layout_get_hooks(L);
    assert_ptr_equal(got.hidden, hide_odd);
    assert_ptr_equal(got.hits, two_hits);
    assert_int_equal(layout_text_row(L, b1, &zh1), -1);
    gen = layout_generation(L);
    layout_set_geometry(L, 60, LAYOUT_ZH, false, layout_first(L));
    assert_true(layout_generation(L) != gen);
    layout_free(L);
    doc_free(d);
}

/* Hard text: CJK, emoji (ZWJ sequence, flag), combining marks, a character
 * the C library may not know (U+1FA77), ambiguous punctuation, tabs, long
 * words. Every width from 5 to 200, every mode, both pane orders. */
static void test_width_invariants(void **state)
{
    (void)state;
    static const testdoc_seg hard[] = {
        {"\xE4\xB8\xBB\xE6\x8C\x81\xE4\xBA\xBA" /* 主持人 */,
         {"\xE2\x80\x9C\xE4\xBD\xA0\xE5\xA5\xBD\xE2\x80\x9D\xE2\x80\x94\xE4\xB8\x96\xE7\x95\x8C\xC2\xB7"
          "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7" /* “你好”—世界·👨‍👩‍👧 */
          "\xF0\x9F\xA9\xB7\xE4\xB8\xAD\xE6\x96\x87\xEF\xBC\x8C\xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x82" /* 🩷中文，中文。 */
          "\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3 OpenAI ModelScope"}, /* 🇨🇳 */
         {"e\xCC\x81t\xC3\xA9 cafe\xCC\x81\tx\ttabs\there "
          "Supercalifragilisticexpialidocious-and-then-some words \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 dash",
          "second\tparagraph"}, 0.1f},
        {NULL, {ZH_SHORT}, {NULL}, 0},
        {"Q", {NULL}, {"\t\tindented by tabs and then a rather long line of text"}, 0},
    };
    doc *d = testdoc_build("\xE4\xBB\x8B\xE7\xBB\x8D\tintro", hard, 3, "footer \xF0\x9F\xA9\xB7");
    for (int amb = 0; amb < 2; amb++) {
        const text_widths tw = {.ambiguous_wide = amb};
        layout *L = layout_new(d, &tw);
        for (int w = 5; w <= 200; w++)
            for (int m = 0; m < LAYOUT_MODES; m++)
                for (int swap = 0; swap < 2; swap++) {
                    layout_pos top = layout_set_geometry(L, w, (layout_mode)m, swap, layout_first(L));
                    layout_geom g = layout_geometry(L);
                    long total = 0;
                    for (size_t b = 0; b < layout_nblocks(L); b++)
                        total += layout_block_height(L, b);
                    const layout_frame *f = layout_render(L, top, (int)total + 1);
                    assert_non_null(f);
                    check_frame(&tw, f, &g);
                    /* nothing lost: every byte of every paragraph is on some row */
                    size_t shown[LANG_SIDES] = {0, 0};
                    for (size_t r = 0; r < f->nrows; r++)
                        for (size_t i = 0; i < f->rows[r].nspans; i++)
                            if (f->rows[r].spans[i].ref.kind == LAYOUT_REF_PARA)
                                shown[f->rows[r].spans[i].ref.lang] += f->rows[r].spans[i].len;
                    /* layout_text_row finds the row of every byte drawn */
                    for (size_t r = 0; r < f->nrows && f->rows[r].pos.block != SIZE_MAX; r++)
                        for (size_t i = 0; i < f->rows[r].nspans; i++) {
                            const layout_span *sp = &f->rows[r].spans[i];
                            if (sp->ref.kind == LAYOUT_REF_NONE)
                                continue;
                            for (uint32_t k = 0; k < sp->len; k++) {
                                layout_ref ref = sp->ref;
                                ref.offset += k;
                                assert_int_equal(layout_text_row(L, f->rows[r].pos.block, &ref),
                                                 f->rows[r].pos.row);
                            }
                        }
                    if (w >= 8)
                        for (int l = 0; l < LANG_SIDES; l++) {
                            if ((m == LAYOUT_ZH && l == LANG_EN) || (m == LAYOUT_EN && l == LANG_ZH))
                                continue;
                            size_t visible = 0; /* bytes minus spaces dropped at breaks */
                            for (size_t p = 0; p < d->nparas[l]; p++)
                                for (size_t k = 0; k < d->paras[l][p].len; k++)
                                    visible += d->paras[l][p].text[k] != ' ' && d->paras[l][p].text[k] != '\t';
                            assert_true(shown[l] >= visible);
                        }
                }
        layout_free(L);
    }
    doc_free(d);
}

/* A long transcript: the first screen and a jump to the end touch only the
 * blocks they show (heights of the rest stay unknown), so opening and
 * paging cost what is on screen. */
static void test_lazy(void **state)
{
    (void)state;
    doc *d = testdoc_generated(20000);
    layout *L = layout_new(d, NULL);
    layout_pos top = layout_set_geometry(L, 120, LAYOUT_SIDE, false, layout_first(L));
    const layout_frame *f = layout_render(L, top, 40);
    assert_non_null(f);
    assert_true(f->rows[39].pos.block < 20);
    layout_pos et = layout_end_top(L, 40);
    assert_true(et.block > 19980);
    f = layout_render(L, layout_block_start(L, 10000), 40);
    assert_int_equal(f->rows[0].pos.block, 10000);
    double fr = layout_fraction(L, f->rows[39].pos);
    assert_true(fr > 0.5 && fr < 0.51);
    layout_free(L);
    doc_free(d);
}


/* Subtitle cues (timed paragraphs) of one turn: the segment header shows
 * the first cue's start time in the time style, and the cues follow each
 * other without blank rows; untimed paragraphs keep their blank row. */
static void test_timed_paragraphs(void **state)
{
    (void)state;
    doc *d = doc_new();
    assert_non_null(d);
    int sp = doc_intern_speaker(d, "Host", 4, NULL, 0);
    static const char *const zh[] = {"\xE4\xBD\xA0\xE5\xA5\xBD", ZH_SHORT, "\xE4\xB8\x80", "\xE4\xBA\x8C"};
    static const char *const en[] = {"Hello", "Chinese", "One", "Two"};
    for (int k = 0; k < 4; k++) {
        int64_t t = k < 2 ? 3723000 + k * 2000 : -1; /* 1:02:03 and 1:02:05, then none */
        doc_para pz = {zh[k], strlen(zh[k]), sp, 0, 0, 0, 0, t, t < 0 ? -1 : t + 1500};
        doc_para pe = {en[k], strlen(en[k]), sp, 0, 0, 0, 0, t, t < 0 ? -1 : t + 1500};
        assert_true(doc_add_para(d, LANG_ZH, &pz) >= 0 && doc_add_para(d, LANG_EN, &pe) >= 0);
    }
    doc_segment s1 = {{0, 0}, {2, 2}, sp, 1.0f}, s2 = {{2, 2}, {2, 2}, sp, 1.0f};
    assert_true(doc_add_segment(d, &s1) && doc_add_segment(d, &s2));
    assert_int_equal(doc_finish(d), ST_OK);
    layout *L = layout_new(d, NULL);
    layout_set_geometry(L, 60, LAYOUT_SIDE, false, (layout_pos){0, 0});
    const layout_frame *f = layout_render(L, layout_first(L), 10);
    layout_geom g = layout_geometry(L);
    check_frame(NULL, f, &g);
    assert_non_null(strstr(row_text(f, 0), "Host 1:02:03"));
    bool time_style = false;
    for (size_t i = 0; i < f->rows[0].nspans; i++)
        time_style |= f->rows[0].spans[i].style == FRAME_STYLE_TIME;
    assert_true(time_style);
    assert_string_equal(pane_text(f, 1, g.right_col, g.right_w), "Hello");
    assert_string_equal(pane_text(f, 2, g.right_col, g.right_w), "Chinese"); /* no blank row */
    assert_string_equal(pane_text(f, 3, g.right_col, g.right_w), "");
    assert_int_equal(layout_block_height(L, 0), 4); /* header, two cues, blank */
    /* the untimed segment: header, One, blank, Two, blank */
    assert_null(strstr(row_text(f, 4), ":"));
    assert_string_equal(pane_text(f, 5, g.right_col, g.right_w), "One");
    assert_string_equal(pane_text(f, 6, g.right_col, g.right_w), "");
    assert_string_equal(pane_text(f, 7, g.right_col, g.right_w), "Two");
    layout_free(L);
    doc_free(d);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geometry),
        cmocka_unit_test(test_one_language_opens_single),
        cmocka_unit_test(test_side_rows),
        cmocka_unit_test(test_swap),
        cmocka_unit_test(test_stack_and_single),
        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_scroll_arithmetic),
        cmocka_unit_test(test_resize_anchoring),
        cmocka_unit_test(test_filter_hook),
        cmocka_unit_test(test_hits_hook),
        cmocka_unit_test(test_text_rows_and_hooks),
        cmocka_unit_test(test_width_invariants),
        cmocka_unit_test(test_lazy),
        cmocka_unit_test(test_timed_paragraphs),
    };
    return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
