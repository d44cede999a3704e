/* Tests of panel.h: the speaker panel's rows at every size — Chinese and
 * mixed names in their columns, counts aligned and dropped when narrow,
 * nothing past the edge, the selection and check boxes. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "panel.h"
#include "testdoc.h"
#include "text.h"

static doc *three(void)
{
    static const testdoc_seg segs[] = {
        {"主持人 / Host", {"你好，欢迎来到节目。"}, {"Hello and welcome."}, 0},
        {"马克·霍尔特 / Mark Holt", {"谢谢。"}, {"Thank you very much."}, 0},
        {"Li", {"我也是。"}, {"Me too."}, 0},
        {"主持人 / Host", {"第二个问题？"}, {"A second question?"}, 0},
    };
    return testdoc_build(NULL, segs, 4, NULL);
}

static const char *row_text(const layout_frame *f, size_t y)
{
    static char buf[512];
    layout_row_text(NULL, &f->rows[y], buf, sizeof buf);
    return buf;
}

/* The column where `needle` starts in row y, or -1. */
static int col_of(const layout_frame *f, size_t y, const char *needle)
{
    const char *t = row_text(f, y), *at = strstr(t, needle);
    return at ? text_width(t, (size_t)(at - t)) : -1;
}

static void test_rows(void **state)
{
    (void)state;
    doc *d = three();
    filter_state *f = filter_new(d);
    panel *p = panel_new(NULL);
    filter_set(f, 2, false);
    const layout_frame *fr = panel_render(p, f, f->nentries > 1 ? 1 : 0, 0, 80, 20);
    assert_non_null(fr);
    assert_int_equal(fr->nrows, 5);
    assert_non_null(strstr(row_text(fr, 0), "Speakers: 2 of 3 shown"));
    assert_non_null(strstr(row_text(fr, 0), "turns"));
    assert_non_null(strstr(row_text(fr, 0), "chars"));
    assert_non_null(strstr(row_text(fr, 0), "words"));
    assert_true(strncmp(row_text(fr, 1), " [x] 1 主持人 / Host", strlen(" [x] 1 主持人 / Host")) == 0);
    assert_true(strncmp(row_text(fr, 2), ">[x] 2 马克·霍尔特", strlen(">[x] 2 马克·霍尔特")) == 0);
    assert_true(strncmp(row_text(fr, 3), " [ ] 3 Li", 9) == 0);
    assert_non_null(strstr(row_text(fr, 4), "Space"));
    /* the counts line up under their heads, whatever the names' widths */
    int turns_end = col_of(fr, 0, "turns") + 5, words_end = col_of(fr, 0, "words") + 5;
    assert_int_equal(col_of(fr, 1, " 2 ") + 2, turns_end);     /* 2 turns */
    assert_int_equal(col_of(fr, 2, "1  ") + 1, turns_end);
    assert_int_equal(col_of(fr, 1, " 6") + 2, words_end); /* Hello and welcome. + A second question? */
    assert_int_equal(col_of(fr, 2, " 4") + 2, words_end);
    /* the name spans carry the speaker, for its colour */
    bool coloured = false;
    for (size_t i = 0; i < fr->rows[2].nspans; i++)
        coloured |= fr->rows[2].spans[i].style == FRAME_STYLE_HEADER && fr->rows[2].spans[i].speaker == 1;
    assert_true(coloured);
    panel_free(p);
    filter_free(f);
    doc_free(d);
}

/* Every size from 1x1 to 100x12: rows within the width, spans in order and
 * not overlapping, the height as panel_height says, and the counts dropped
 * from the right (words first) rather than the names cut to nothing. */
static void test_every_size(void **state)
{
    (void)state;
    doc *d = three();
    filter_state *f = filter_new(d);
    panel *p = panel_new(NULL);
    for (int w = 1; w <= 100; w++)
        for (int h = 1; h <= 12; h++) {
            const layout_frame *fr = panel_render(p, f, 2, 0, w, h);
            assert_non_null(fr);
            assert_int_equal((int)fr->nrows, panel_height(f->nentries, h));
            assert_true((int)fr->nrows <= h);
            for (size_t y = 0; y < fr->nrows; y++) {
                int end = 0;
                for (size_t i = 0; i < fr->rows[y].nspans; i++) {
                    const layout_span *sp = &fr->rows[y].spans[i];
                    assert_true(sp->col >= end);
                    assert_int_equal(sp->width, text_width(sp->text, sp->len));
                    end = sp->col + sp->width;
                }
                assert_true(end <= w);
            }
            if (h >= 5 && w >= 20) { /* room for every entry: the selected one is on screen */
                bool seen = false;
                for (size_t y = 0; y < fr->nrows; y++)
                    seen |= row_text(fr, y)[0] == '>' && strstr(row_text(fr, y), "3 Li");
                assert_true(seen);
            }
            if (h >= 5 && w == 30) { /* narrow: no words, the names keep room */
                assert_null(strstr(row_text(fr, 0), "words"));
                assert_non_null(strstr(row_text(fr, 1), "主持人"));
            }
        }
    panel_free(p);
    filter_free(f);
    doc_free(d);
}

static void test_geometry(void **state)
{
    (void)state;
    /* everything fits: title, entries, hints */
    assert_int_equal(panel_height(3, 20), 5);
    assert_int_equal(panel_entry_rows(3, 20), 3);
    /* 20x5 has 4 text rows: title and 3 entries, the hints give way */
    assert_int_equal(panel_height(11, 4), 4);
    assert_int_equal(panel_entry_rows(11, 4), 3);
    assert_int_equal(panel_height(3, 4), 4);
    /* tall enough to keep the hints while scrolling */
    assert_int_equal(panel_height(40, 10), 10);
    assert_int_equal(panel_entry_rows(40, 10), 8);
    assert_int_equal(panel_height(2, 1), 1);
    assert_int_equal(panel_entry_rows(2, 1), 1);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_every_size),
        cmocka_unit_test(test_geometry),
    };
    return cmocka_run_group_tests_name("panel", tests, NULL, NULL);
}
