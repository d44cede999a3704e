/* Tests of text_cluster_ascii: ASCII stand-ins of exactly a cluster's
 * width, for terminals with no UTF-8 (and wide clusters on the Linux
 * console). Cases with their bytes, then every code point. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

typedef struct ascii_case {
    const char *in; /* one cluster, UTF-8 */
    const char *out;
} ascii_case;

static const ascii_case cases[] = {
    {"a", "a"},
    {"\xE4\xB8\xAD", "[]"},           /* 中 U+4E2D, wide */
    {"\xF0\x9F\x91\x8D", "[]"},       /* 👍 U+1F44D */
    {"\xC3\xA9", "e"},                /* é U+00E9 */
    {"e\xCC\x81", "e"},               /* e + U+0301: the mark goes */
    {"\xEF\xBC\xA1", "A "},           /* Ａ U+FF21, fullwidth */
    {"\xEF\xBC\x9A", ": "},           /* ： U+FF1A */
    {"\xEF\xBC\x8C", ", "},           /* ， U+FF0C */
    {"\xE3\x80\x81", ", "},           /* 、 U+3001 */
    {"\xE3\x80\x82", ". "},           /* 。 U+3002 */
    {"\xE3\x80\x8C", "[ "},           /* 「 U+300C */
    {"\xE3\x80\x8F", "] "},           /* 』 U+300F */
    {"\xE2\x80\x9C", "\""},           /* “ U+201C */
    {"\xE2\x80\x99", "'"},            /* ’ U+2019 */
    {"\xE2\x80\x94", "-"},            /* — U+2014 */
    {"\xE2\x80\xA6", "."},            /* … U+2026 */
    {"\xC2\xB7", "."},                /* · U+00B7 */
    {"\xE2\x94\x82", "|"},            /* │ U+2502, the divider */
    {"\xE2\x91\xA0", "1"},            /* ① U+2460 */
    {"\xCE\xB1", "*"},                /* α U+03B1: no ASCII likeness */
    {"\xEF\xBF\xBD", "*"},            /* U+FFFD */
    {"\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3", "[]"}, /* a flag: one wide cluster */
};

static void test_cases(void **state)
{
    (void)state;
    char buf[TEXT_DRAW_MAX], got[TEXT_DRAW_MAX + 1];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *in = cases[i].in;
        int w = text_cluster_width(NULL, in, strlen(in));
        size_t n;
        const char *d = text_cluster_ascii(in, strlen(in), w, buf, &n);
        memcpy(got, d, n);
        got[n] = '\0';
        if (strcmp(got, cases[i].out) != 0)
            fail_msg("case %zu (width %d): got \"%s\", want \"%s\"", i, w, got, cases[i].out);
    }
    size_t n;
    text_cluster_ascii("\t", 1, 5, buf, &n); /* a tab: its advance in spaces */
    assert_int_equal(n, 5);
    assert_memory_equal(buf, "     ", 5);
    text_cluster_ascii("\xCC\x81", 2, 0, buf, &n); /* width 0: nothing */
    assert_int_equal(n, 0);
}

/* Every code point alone: printable ASCII, exactly its width in bytes. */
static void test_every_code_point(void **state)
{
    (void)state;
    char in[4], buf[TEXT_DRAW_MAX];
    for (uint32_t cp = 0x20; cp <= 0x10FFFF; cp++) {
        if ((cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF))
            continue;
        size_t len;
        if (cp < 0x80)
            in[0] = (char)cp, len = 1;
        else if (cp < 0x800)
            in[0] = (char)(0xC0 | cp >> 6), in[1] = (char)(0x80 | (cp & 0x3F)), len = 2;
        else if (cp < 0x10000)
            in[0] = (char)(0xE0 | cp >> 12), in[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
            in[2] = (char)(0x80 | (cp & 0x3F)), len = 3;
        else
            in[0] = (char)(0xF0 | cp >> 18), in[1] = (char)(0x80 | (cp >> 12 & 0x3F)),
            in[2] = (char)(0x80 | (cp >> 6 & 0x3F)), in[3] = (char)(0x80 | (cp & 0x3F)), len = 4;
        int w = text_cluster_width(NULL, in, len);
        size_t n;
        const char *d = text_cluster_ascii(in, len, w, buf, &n);
        if (n != (size_t)w)
            fail_msg("U+%04X: %zu bytes for width %d", (unsigned)cp, n, w);
        for (size_t k = 0; k < n; k++)
            if ((unsigned char)d[k] < 0x20 || (unsigned char)d[k] >= 0x7F)
                fail_msg("U+%04X: byte %02x is not printable ASCII", (unsigned)cp, (unsigned char)d[k]);
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_every_code_point),
    };
    return cmocka_run_group_tests_name("text_ascii", tests, NULL, NULL);
}
