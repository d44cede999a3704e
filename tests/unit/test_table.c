/* table: Markdown and plain pipe tables — columns told by their content,
 * header and rule rows as markup, speaker and time columns, escaped pipes,
 * <br>, rows with the wrong number of cells, lines around the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "testload.h"

static const char markdown[] =
    "# 访谈：开源与社区\n"                                                         /* 1 */
    "\n"
    "Home | 新闻 | Interviews\n"                                                   /* 3 */
    "\n"
    "| 说话人 | 时间 | 中文 | English |\n"                                         /* 5 */
    "|:------|:----:|------|---------|\n"                                          /* 6 */
    "| **主持人** | 00:01 | 你为什么做开源？ | Why do open source? |\n"           /* 7 */
    "| **林峰** | 00:05 | 因为我需要一个工具，<br>但没有人做。 | Because I needed a tool,<br>and nobody made one. |\n" /* 8 */
    "|  | 00:12 | 后来别人也用了。 | Then others used it too. |\n"               /* 9 */
    "| **主持人** | 00:20 | 管道符 \\| 怎么写？ | How do you write a pipe \\| here? |\n" /* 10 */
    "| **林峰** | 00:25 | 只有三个格子 |\n"                                       /* 11 */
    "| **林峰** | 00:31 | （笑） |  |\n"                                         /* 12 */
    "\n"
    "*本文经授权转载。*\n";                                                        /* 14 */

static void test_table_markdown(void **state)
{
    (void)state;
    doc *d = testload_one(markdown, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "table");
    assert_string_equal(testload_segments(d), "7/7 8/8 9/9 10/10 12/-");
    /* a navigation line with pipes is not a table */
    assert_string_equal(testload_notes(d), "intro:1-3 skipped:11 footer:14");
    assert_string_equal(testload_units(d, LANG_ZH),
                        "7:主持人@1000 8:林峰@5000 9:林峰@12000 10:主持人@20000 12:林峰@31000");
    assert_string_equal(testload_text(d, LANG_ZH, 1), "因为我需要一个工具，但没有人做。");
    assert_string_equal(testload_text(d, LANG_EN, 1), "Because I needed a tool, and nobody made one.");
    assert_string_equal(testload_text(d, LANG_EN, 3), "How do you write a pipe | here?");
    /* a timed row lasts until the next */
    assert_int_equal(d->paras[LANG_ZH][0].end_ms, 5000);
    assert_int_equal(d->sources[0].role[4], DOC_LINE_MARKUP); /* header */
    assert_int_equal(d->sources[0].role[5], DOC_LINE_MARKUP); /* rule */
    assert_non_null(strstr(d->evidence, "columns speaker time zh en"));
    testload_accounted(d);
    doc_free(d);
}

/* No outer pipes, no header, no rule; English before Chinese. */
static void test_table_plain(void **state)
{
    (void)state;
    static const char text[] =
        "Press conference, 12 May\n\n"
        "Spokesperson | The new line opens in September. | 新线路九月开通。\n"
        "Reporter | How much is a ticket? | 票价多少？\n"
        "Spokesperson | Two to six yuan. | 两到六元。\n";
    doc *d = testload_one(text, NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "table");
    assert_string_equal(testload_segments(d), "3/3 4/4 5/5");
    assert_string_equal(testload_units(d, LANG_EN), "3:Spokesperson 4:Reporter 5:Spokesperson");
    assert_string_equal(testload_notes(d), "intro:1");
    testload_accounted(d);
    doc_free(d);
}

/* A table of one language is not a bilingual table; prose with a pipe or
 * two is not a table. */
static void test_table_not(void **state)
{
    (void)state;
    format_report r;
    testload_one("| a | b |\n|---|---|\n| one | two |\n| three | four |\n", "table",
                 ST_BAD_FORMAT, &r);
    assert_string_equal(r.why, "no table with a Chinese and an English column (| 中文 | English |)");
    doc *d = testload_one("主持人：用 a | b 表示或。\n嘉宾：好。\nHost: Use a | b for or.\nGuest: OK.\n",
                          NULL, ST_OK, NULL);
    assert_string_equal(d->layout, "sectioned");
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_markdown),
        cmocka_unit_test(test_table_plain),
        cmocka_unit_test(test_table_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
