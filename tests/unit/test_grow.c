/* Tests of grow.h: the one growable array. Appends keep what was there,
 * capacities only grow, sizes that would overflow size_t are refused with
 * the array untouched, and grow_fit trims to the length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "grow.h"

/* 1,000 appends one at a time: every value kept, capacity >= length. */
static void test_append_keeps_values(void **state)
{
    (void)state;
    uint32_t *v = NULL;
    size_t cap = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        assert_true(GROW(v, cap, (size_t)i + 1));
        assert_true(cap >= (size_t)i + 1);
        v[i] = i * 7;
    }
    for (uint32_t i = 0; i < 1000; i++)
        assert_int_equal(v[i], i * 7);
    free(v);
}

/* A first request is taken as it is (a buffer sized from a file's length
 * is not rounded up to a power of two), then the capacity doubles. */
static void test_first_size_exact(void **state)
{
    (void)state;
    char *v = NULL;
    size_t cap = 0;
    assert_true(GROW(v, cap, 1000));
    assert_int_equal(cap, 1000);
    assert_true(GROW(v, cap, 1001));
    assert_int_equal(cap, 2000);
    free(v);
    v = NULL;
    cap = 0;
    assert_true(GROW(v, cap, 3)); /* small: 16 at least */
    assert_int_equal(cap, 16);
    free(v);
}

/* Asking for no more than the capacity changes nothing. */
static void test_enough_is_noop(void **state)
{
    (void)state;
    char *v = NULL;
    size_t cap = 0;
    assert_true(GROW(v, cap, 40));
    char *was = v;
    size_t cap_was = cap;
    assert_true(GROW(v, cap, 3));
    assert_ptr_equal(v, was);
    assert_int_equal(cap, cap_was);
    free(v);
}

/* need * elem past SIZE_MAX: refused, the array and capacity as they were. */
static void test_overflow_refused(void **state)
{
    (void)state;
    uint64_t *v = NULL;
    size_t cap = 0;
    assert_true(GROW(v, cap, 4));
    v[3] = 42;
    size_t cap_was = cap;
    uint64_t *was = v;
    assert_false(GROW(v, cap, SIZE_MAX / 4));
    assert_ptr_equal(v, was);
    assert_int_equal(cap, cap_was);
    assert_int_equal(v[3], 42);
    free(v);
}

/* grow_fit trims to n and keeps the values; n = 0 or n >= cap is a no-op. */
static void test_fit(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    assert_true(GROW(v, cap, 100));
    for (int i = 0; i < 10; i++)
        v[i] = i;
    GROW_FIT(v, cap, 10);
    assert_int_equal(cap, 10);
    for (int i = 0; i < 10; i++)
        assert_int_equal(v[i], i);
    GROW_FIT(v, cap, 0);
    assert_int_equal(cap, 10);
    GROW_FIT(v, cap, 50);
    assert_int_equal(cap, 10);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_keeps_values),
        cmocka_unit_test(test_first_size_exact),
        cmocka_unit_test(test_enough_is_noop),
        cmocka_unit_test(test_overflow_refused),
        cmocka_unit_test(test_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
