/* two-files: one language per file, in either order, each with its own
 * labels, title and footer (the two titles pair as a segment); the same
 * language twice is refused naming both files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "testload.h"

static const char zh[] =
    "访谈：乡村医生的一天\n"       /* 1 intro */
    "\n"
    "记者：\n"                     /* 3 */
    "您每天几点开始工作？\n"       /* 4 */
    "\n"
    "李医生：\n"                   /* 6 */
    "早上七点。老人们起得早，常常六点半就在诊所门口等了。\n" /* 7 */
    "\n"
    "下午我会骑摩托车去山上的几个村子出诊。\n" /* 9 */
    "\n"
    "记者：\n"                     /* 11 */
    "最难的是什么？\n"             /* 12 */
    "\n"
    "李医生：\n"                   /* 14 */
    "药品。有些药要到县城才买得到，来回要四个小时。\n" /* 15 */
    "\n"
    "（完）\n";                    /* 17 footer */

static const char en[] =
    "A Day in the Life of a Village Doctor\n" /* 1 intro */
    "\n"
    "Reporter: What time do you start work?\n" /* 3 */
    "\n"
    "Dr. Li (L): Seven in the morning. The old people get up early and are often waiting outside the clinic by half past six. In the afternoon I ride my motorbike up to the villages in the hills.\n" /* 5 */
    "\n"
    "Reporter: What is the hardest part?\n"   /* 7 */
    "\n"
    "L: Medicine. Some drugs can only be bought in the county town, four hours there and back.\n" /* 9 */
    "\n"
    "Copyright 2024 Example Media\n";          /* 11 footer */

static void check_doctor(doc *d)
{
    assert_string_equal(d->layout, "two-files");
    /* the two titles pair as the first segment; the footers stay notes */
    assert_string_equal(testload_segments(d), "1/1 4/3 7,9/5 12/7 15/9");
    /* 主持人-style labels merge with the other file's, abbreviation too */
    assert_int_equal(d->nspeakers, 2);
    assert_string_equal(d->speakers[0].name, "记者 / Reporter");
    assert_string_equal(d->speakers[1].name, "李医生 / Dr. Li");
    testload_accounted(d);
}

static void test_two_files_either_order(void **state)
{
    (void)state;
    doc *d = testload_two("zh.txt", zh, "en.txt", en, NULL, ST_OK, NULL);
    check_doctor(d);
    assert_string_equal(testload_notes(d), "footer:17 footer:11"); /* the titles are a segment */
    assert_non_null(strstr(d->evidence, "zh.txt: zh"));
    assert_non_null(strstr(d->evidence, "en.txt: en"));
    doc_free(d);
    d = testload_two("en.txt", en, "zh.txt", zh, NULL, ST_OK, NULL);
    check_doctor(d);
    /* each side's paragraphs come from its own file */
    assert_string_equal(d->sources[d->paras[LANG_ZH][0].source].path, "zh.txt");
    assert_string_equal(d->sources[d->paras[LANG_EN][0].source].path, "en.txt");
    doc_free(d);
}

static void test_two_files_same_language(void **state)
{
    (void)state;
    format_report r;
    testload_two("a.txt", en, "b.txt", en, NULL, ST_SAME_LANGUAGE, &r);
    assert_string_equal(r.why, "a.txt and b.txt are both English");
    testload_two("a.txt", zh, "b.txt", zh, NULL, ST_SAME_LANGUAGE, &r);
    assert_string_equal(r.why, "a.txt and b.txt are both Chinese");
    /* a file of neither language */
    testload_two("a.txt", zh, "b.txt", "12345\n---\n", "two-files", ST_BAD_FORMAT, &r);
}

static void test_two_files_layouts_refused(void **state)
{
    (void)state;
    format_report r;
    /* a one-file layout forced on two files, and the reverse */
    testload_two("a.txt", zh, "b.txt", en, "sectioned", ST_BAD_FORMAT, &r);
    testload_one(zh, "two-files", ST_BAD_FORMAT, &r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_files_either_order),
        cmocka_unit_test(test_two_files_same_language),
        cmocka_unit_test(test_two_files_layouts_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
