/* Tests of clip.h: the bilingual quote of a segment, base64 against RFC
 * 4648's vectors, and the OSC 52 sequence (decoded back and compared). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clip.h"
#include "testdoc.h"

/* Decodes standard base64 (the test's own, independent of clip_base64);
 * returns the length, or -1 on a character outside the alphabet. */
static long unbase64(const char *s, size_t n, unsigned char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned long v = 0;
    int bits = 0;
    long o = 0;
    for (size_t i = 0; i < n && s[i] != '='; i++) {
        const char *p = strchr(abc, s[i]);
        if (!p || !s[i])
            return -1;
        v = v << 6 | (unsigned long)(p - abc);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(v >> bits & 0xFF);
        }
    }
    return o;
}

static void test_base64_vectors(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } v[] = { /* RFC 4648, section 10 */
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = clip_base64(v[i].in, strlen(v[i].in), out);
        assert_string_equal(out, v[i].out);
        assert_int_equal(n, strlen(v[i].out));
    }
    /* every byte value: the high bits and the last two characters */
    static const unsigned char bytes[] = {0xFF, 0xFE, 0x00, 0x3E, 0x3F};
    clip_base64(bytes, 2, out);
    assert_string_equal(out, "//4=");
    clip_base64(bytes + 2, 3, out);
    assert_string_equal(out, "AD4/");
    unsigned char all[256], back[256];
    char enc[400];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    for (size_t n = 0; n <= 256; n += 37) {
        size_t k = clip_base64(all, n, enc);
        assert_int_equal(k, 4 * ((n + 2) / 3));
        assert_int_equal(unbase64(enc, k, back), (long)n);
        assert_memory_equal(back, all, n);
    }
}

static void test_quote(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"主持人", {"你好。", "第二段。"}, {"Hello.", "Second."}, 0},
        {NULL, {"无名。"}, {"Nameless."}, 0},
        {"B", {NULL}, {"Only English \x1b[31mred\x07."}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 3, NULL);
    char buf[512];
    size_t n = clip_quote(d, 0, "talks/2024/interview.txt", buf, sizeof buf);
    assert_string_equal(buf, "主持人 (segment 1 of interview.txt)\n你好。\n第二段。\n\nHello.\nSecond.\n");
    assert_int_equal(n, strlen(buf));
    n = clip_quote(d, 1, NULL, buf, sizeof buf);
    assert_string_equal(buf, "(segment 2)\n无名。\n\nNameless.\n");
    /* one side empty: no blank line; control characters dropped */
    clip_quote(d, 2, "", buf, sizeof buf);
    assert_string_equal(buf, "B (segment 3)\nOnly English [31mred.\n");
    /* measuring, then cutting at a character boundary */
    size_t need = clip_quote(d, 0, "x", NULL, 0);
    assert_int_equal(need, strlen("主持人 (segment 1 of x)\n你好。\n第二段。\n\nHello.\nSecond.\n"));
    for (size_t cap = 1; cap <= 12; cap++) {
        memset(buf, 'Z', sizeof buf);
        assert_int_equal(clip_quote(d, 0, "x", buf, cap), need);
        size_t len = strlen(buf);
        assert_true(len < cap);
        /* 主持人 is 9 bytes: a cut never splits one */
        assert_true(len == 0 || len == 3 || len == 6 || len >= 9);
    }
    doc_free(d);
}

/* The sequence: ESC ] 52 ; c ; base64 BEL, nothing else, decoding to the
 * text. */
static void check_osc52(const char *seq, size_t len, const char *want, size_t wantn)
{
    assert_true(len > 8);
    assert_memory_equal(seq, "\x1b]52;c;", 7);
    assert_int_equal(seq[len - 1], '\a');
    for (size_t i = 7; i < len - 1; i++) /* only base64 between the ends */
        assert_non_null(memchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
                               seq[i], 65));
    unsigned char *back = malloc(len);
    assert_non_null(back);
    long n = unbase64(seq + 7, len - 8, back);
    assert_int_equal(n, (long)wantn);
    assert_memory_equal(back, want, wantn);
    free(back);
}

static void test_osc52(void **state)
{
    (void)state;
    size_t len;
    bool cut;
    const char *t = "蔡崇信 (segment 4)\n你好\n\nHi \"there\"\n";
    char *seq = clip_osc52(t, strlen(t), &len, &cut);
    assert_non_null(seq);
    assert_false(cut);
    check_osc52(seq, len, t, strlen(t));
    free(seq);
    /* too long: cut to CLIP_MAX_TEXT at a character boundary, with … */
    size_t big = 3 * 20000; /* 20000 × 中 */
    char *text = malloc(big + 1);
    assert_non_null(text);
    for (size_t i = 0; i < big; i += 3)
        memcpy(text + i, "\xE4\xB8\xAD", 3);
    text[big] = '\0';
    seq = clip_osc52(text, big, &len, &cut);
    assert_non_null(seq);
    assert_true(cut);
    assert_true(len <= CLIP_MAX_SEQUENCE);
    unsigned char *back = malloc(len);
    assert_non_null(back);
    long n = unbase64(seq + 7, len - 8, back);
    assert_true(n > 0 && (size_t)n <= CLIP_MAX_TEXT);
    assert_int_equal(n % 3, 0); /* whole characters: 中 … and the ellipsis */
    assert_memory_equal(back + n - 3, "\xE2\x80\xA6", 3);
    assert_memory_equal(back, text, (size_t)n - 3);
    free(back);
    free(seq);
    /* exactly the bound: not cut */
    seq = clip_osc52(text, CLIP_MAX_TEXT - CLIP_MAX_TEXT % 3, &len, &cut);
    assert_false(cut);
    check_osc52(seq, len, text, CLIP_MAX_TEXT - CLIP_MAX_TEXT % 3);
    free(seq);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64_vectors),
        cmocka_unit_test(test_quote),
        cmocka_unit_test(test_osc52),
    };
    return cmocka_run_group_tests_name("clip", tests, NULL, NULL);
}
