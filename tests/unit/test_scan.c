/* scan: the fast width of a line equals text_width's, for every code point
 * of the Basic Multilingual Plane alone, after ASCII and after CJK, and for
 * lines that mix the fast and the slow kinds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/format/scan.h"
#include "text.h"

static size_t utf8(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

static void test_scan_width_every_code_point(void **state)
{
    (void)state;
    {
        for (uint32_t cp = 0x20; cp <= 0xFFFD; cp++) {
            if ((cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x7F && cp < 0xA0))
                continue; /* surrogates and controls: sanitised text has none */
            char buf[16];
            size_t n = 0;
            for (int ctx = 0; ctx < 3; ctx++) {
                n = 0;
                if (ctx == 1)
                    buf[n++] = 'a';
                if (ctx == 2)
                    n += utf8(0x4E2D, buf + n); /* 中 */
                n += utf8(cp, buf + n);
                if (scan_text_width(buf, n) != (uint32_t)text_width(buf, n))
                    print_error("U+%04X after context %d: %u != %d\n", (unsigned)cp, ctx,
                                scan_text_width(buf, n), text_width(buf, n));
                assert_int_equal(scan_text_width(buf, n), text_width(buf, n));
            }
        }
    }
}

static void test_scan_width_lines(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "主持人：欢迎回来，今天我们聊聊ModelScope和OpenAI。",
        "Host: Welcome back — “quotes” and café",
        "e\xcc\x81 combining after ASCII",
        "tab\there",
        "全角，标点。！？ＡＩ",
        "",
        "\xe4\xb7\x80 a Yijing hexagram (narrow) beside 中文",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        assert_int_equal(scan_text_width(lines[i], strlen(lines[i])),
                         text_width(lines[i], strlen(lines[i])));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_width_every_code_point),
        cmocka_unit_test(test_scan_width_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
