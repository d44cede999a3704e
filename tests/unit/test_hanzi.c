/* Tests of hanzi.h: the simplified/traditional map read from OpenCC. Each
 * traditional character folds to its simplified form and a simplified one
 * to itself, one character at a time (no phrases), one code point to one;
 * a configuration OpenCC cannot find gives no map and says why. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hanzi.h"

static hanzi_map *map;

static int load(void **state)
{
    (void)state;
    char why[128];
    map = hanzi_load(NULL, why, sizeof why);
    if (!map)
        fail_msg("hanzi_load: %s (libopencc-data is a dependency: make deps)", why);
    return map ? 0 : -1;
}

static int unload(void **state)
{
    (void)state;
    hanzi_free(map);
    return 0;
}

static void test_folds(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp, want;
        const char *what;
    } cases[] = {
        {0x81FA, 0x53F0, "臺 -> 台"},
        {0x7063, 0x6E7E, "灣 -> 湾"},
        {0x767C, 0x53D1, "發 -> 发"},
        {0x9AEE, 0x53D1, "髮 -> 发: two traditional characters, one simplified"},
        {0x53F0, 0x53F0, "台 stays"},
        {0x6E7E, 0x6E7E, "湾 stays"},
        {0x53D1, 0x53D1, "发 stays"},
        {0x4E2D, 0x4E2D, "中: the same in both scripts"},
        {0x8AAA, 0x8BF4, "說 -> 说"},
        {0x4E7E, 0x5E72, "乾 -> 干: alone, as a character (the phrase 乾隆 would keep it)"},
        {0x85B4, 0x82CE, "薴 -> 苎: OpenCC writes 苧, which it writes 苎"},
        {0x346E, 0x346E, "㑮 stands for its simplified form 𫝈, beyond the BMP"},
        {0x2B748, 0x346E, "𫝈 -> 㑮"},
        {0x4FD3, 0x4FD3, "俓 stands for 𠇹"},
        {0x201F9, 0x4FD3, "𠇹 -> 俓"},
        {'A', 'A', "ASCII is not covered"},
        {0x3002, 0x3002, "。 is not covered"},
        {0x20000, 0x20000, "extension B folds to itself"},
        {0x1F600, 0x1F600, "an emoji folds to itself"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t got = hanzi_fold(map, cases[i].cp);
        if (got != cases[i].want)
            fail_msg("%s: U+%04X folds to U+%04X, want U+%04X", cases[i].what,
                     (unsigned)cases[i].cp, (unsigned)got, (unsigned)cases[i].want);
    }
    assert_int_equal(hanzi_fold(NULL, 0x81FA), 0x81FA); /* no map: nothing folds */
}

/* Every entry is a fold to another code point of the BMP, and folding is
 * stable: the fold of a fold is itself (a simplified character stays), so
 * a pattern folded twice, or typed already simplified, finds the same. */
static void test_table(void **state)
{
    (void)state;
    size_t folds = 0;
    for (uint32_t i = 0; i < HANZI_COUNT; i++) {
        uint32_t cp = i < HANZI_MAIN_COUNT ? HANZI_MAIN_FIRST + i
                                           : HANZI_COMPAT_FIRST + (i - HANZI_MAIN_COUNT);
        uint32_t t = hanzi_fold(map, cp);
        if (t == cp)
            continue;
        folds++;
        if (t < 0x3400 || t > 0xFFFF)
            fail_msg("U+%04X folds to U+%04X: not an ideograph of the BMP", (unsigned)cp, (unsigned)t);
        if (hanzi_fold(map, t) != t)
            fail_msg("U+%04X -> U+%04X -> U+%04X: the fold folds again", (unsigned)cp,
                     (unsigned)t, (unsigned)hanzi_fold(map, t));
    }
    /* OpenCC's t2s knows some four thousand characters in these ranges */
    if (folds < 2500)
        fail_msg("only %zu characters fold", folds);
    /* the far simplified forms each fold to a BMP character that stays */
    assert_true(map->nfar > 100);
    for (size_t i = 0; i < map->nfar; i++) {
        const hanzi_far *f = &map->far[i];
        assert_true(f->from > 0xFFFF && f->to <= 0xFFFF);
        assert_true(i == 0 || map->far[i - 1].from < f->from);
        assert_int_equal(hanzi_fold(map, f->from), f->to);
        assert_int_equal(hanzi_fold(map, f->to), f->to);
    }
    assert_true(hanzi_memory(map) >= HANZI_COUNT * sizeof(uint32_t));
    assert_int_equal(hanzi_memory(NULL), 0);
}

/* Without OpenCC's data: no map, and a reason to show. */
static void test_missing_config(void **state)
{
    (void)state;
    char why[128] = "x";
    assert_null(hanzi_load("duet-no-such-config.json", why, sizeof why));
    assert_non_null(strstr(why, "OpenCC"));
    assert_non_null(strstr(why, "duet-no-such-config.json"));
    assert_null(hanzi_load("duet-no-such-config.json", NULL, 0)); /* no room for why: fine */
    hanzi_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folds),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_missing_config),
    };
    return cmocka_run_group_tests_name("hanzi", tests, load, unload);
}
