/* Tests of encoding.h: which encoding a transcript's bytes are in, when a
 * file is binary, and the conversion to UTF-8. Each case gives its bytes
 * and, in the comment, the text they encode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "encoding.h"

#define S(lit) lit, sizeof(lit) - 1

/* 主持人：你好。今天我们谈谈渡轮。 in GB18030 (GB2312's rows) */
static const char gb[] = "\xd6\xf7\xb3\xd6\xc8\xcb\xa3\xba\xc4\xe3\xba\xc3\xa1\xa3\xbd\xf1\xcc\xec"
                         "\xce\xd2\xc3\xc7\xcc\xb8\xcc\xb8\xb6\xc9\xc2\xd6\xa1\xa3";
/* 主持人：你好。今天我們談談渡輪。 in Big5 */
static const char big5[] = "\xa5\x44\xab\xf9\xa4\x48\xa1\x47\xa7\x41\xa6\x6e\xa1\x43\xa4\xb5\xa4\xd1"
                           "\xa7\xda\xad\xcc\xbd\xcd\xbd\xcd\xb4\xe7\xbd\xfc\xa1\x43";
/* Café crème, naïve résumé; très bien. in Latin-1 */
static const char latin1[] = "Caf\xe9 cr\xe8me, na\xefve r\xe9sum\xe9; tr\xe8s bien.";

typedef struct detect_case {
    const char *what;
    const char *bytes;
    size_t n;
    const char *want;
} detect_case;

static void test_detect(void **state)
{
    (void)state;
    static const detect_case cases[] = {
        {"ASCII", S("Host: hello\n"), "UTF-8"},
        /* 你好 in UTF-8: E4 BD A0 E5 A5 BD */
        {"UTF-8 Chinese", S("\xe4\xbd\xa0\xe5\xa5\xbd\n"), "UTF-8"},
        /* EF BB BF, then Hi */
        {"UTF-8 with a mark", S("\xef\xbb\xbfHi"), "UTF-8"},
        /* FF FE, then "Hi 你好" in UTF-16LE: 48 00 69 00 20 00 60 4F 7D 59 */
        {"UTF-16LE mark", S("\xff\xfe\x48\x00\x69\x00\x20\x00\x60\x4f\x7d\x59"), "UTF-16LE"},
        {"UTF-16BE mark", S("\xfe\xff\x00\x48\x00\x69"), "UTF-16BE"},
        {"UTF-32LE mark (starts like UTF-16LE's)", S("\xff\xfe\x00\x00\x48\x00\x00\x00"), "UTF-32LE"},
        {"UTF-32BE mark", S("\x00\x00\xfe\xff\x00\x00\x00\x48"), "UTF-32BE"},
        {"GB18030", gb, sizeof gb - 1, "GB18030"},
        {"Big5", big5, sizeof big5 - 1, "BIG5"},
        /* Latin-1 is neither: a Chinese reading lands in rare rows */
        {"Latin-1 stays UTF-8 (with bad sequences)", latin1, sizeof latin1 - 1, "UTF-8"},
        /* 中 FF 文 … 英: one stray byte in UTF-8 text is not another encoding */
        {"UTF-8 with a stray byte",
         S("\xe4\xb8\xad\xff\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
           "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
           "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87"
           "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87 \xe8\x8b\xb1"),
         "UTF-8"},
        /* GB18030 with a four-byte character: 95 32 82 36 = U+20000 */
        {"GB18030, four bytes", S("\xd6\xf7\xb3\xd6\xc8\xcb\xa3\xba\x95\x32\x82\x36\xc4\xe3\xba\xc3"),
         "GB18030"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = encoding_detect(cases[i].bytes, cases[i].n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s: got %s, want %s", cases[i].what, got, cases[i].want);
    }
}

typedef struct binary_case {
    const char *what;
    const char *bytes;
    size_t n;
    bool forced;
    bool binary;
} binary_case;

static void test_looks_binary(void **state)
{
    (void)state;
    static const binary_case cases[] = {
        /* 89 50 4E 47 0D 0A 1A 0A ...: PNG */
        {"PNG", S("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), false, true},
        /* 7F 45 4C 46: ELF, even when an encoding is forced */
        {"ELF forced", S("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"), true, true},
        /* 1F 8B 08 00: gzip */
        {"gzip", S("\x1f\x8b\x08\0\0\0\0\0\0\x03"), false, true},
        {"a run of NULs", S("\0\0\0\0\0\0\0\0\0\0\0\0"), false, true},
        {"one stray NUL: text", S("hello\0 world, this is a transcript\n"), false, false},
        {"two NULs: not a stray one", S("hello\0 world\0, this is no transcript\n"), false, true},
        /* FF FE then UTF-16LE: half its bytes are NULs, and it is text */
        {"UTF-16LE with a mark", S("\xff\xfeH\0o\0s\0t\0:\0 \0h\0i\0\n\0"), false, false},
        {"UTF-16 without a mark", S("H\0o\0s\0t\0:\0 \0h\0i\0\n\0"), false, true},
        {"UTF-16 without a mark, forced", S("H\0o\0s\0t\0:\0 \0h\0i\0\n\0"), true, false},
        /* ESC sequences (colourised logs) and other controls are shown, not refused */
        {"ESC sequences", S("\x1b[1mbold\x1b[0m \x1b[31mred\x1b[0m plain\r\n"), false, false},
        {"control bytes", S("text \x01 \x02 \x03 \x04 \x05 \x06 \x07 more text\n"), false, false},
        {"GB18030 text", gb, sizeof gb - 1, false, false},
        {"Big5 text", big5, sizeof big5 - 1, false, false},
        {"Latin-1 text", latin1, sizeof latin1 - 1, false, false},
        /* bytes no encoding reads: mostly invalid, in UTF-8, GB18030 and Big5 alike */
        {"noise", S("\xfd\xfe\xfd\x80\x81\xff\x90\xff\xc0\x01\xff\xfa\x80\x80\xff\x7f"), false, true},
        {"empty", S(""), false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (encoding_looks_binary(cases[i].bytes, cases[i].n, cases[i].forced) != cases[i].binary)
            fail_msg("%s: want %s", cases[i].what, cases[i].binary ? "binary" : "text");
}

/* Runs encoding_to_utf8 on a malloc'd copy of the bytes. */
static char *convert(const char *bytes, size_t n, const char *forced, size_t *outn,
                     encoding_info *info, status *st)
{
    char *b = malloc(n + 1);
    assert_non_null(b);
    memcpy(b, bytes, n);
    b[n] = '\0';
    *outn = n;
    *st = encoding_to_utf8(&b, outn, forced, info);
    return b;
}

typedef struct convert_case {
    const char *what;
    const char *bytes;
    size_t n;
    const char *forced;
    const char *want;     /* UTF-8 */
    const char *name;
    bool converted;
    size_t invalid;
} convert_case;

static void test_to_utf8(void **state)
{
    (void)state;
    static const convert_case cases[] = {
        {"GB18030", gb, sizeof gb - 1, NULL, "主持人：你好。今天我们谈谈渡轮。", "GB18030", true, 0},
        {"Big5", big5, sizeof big5 - 1, NULL, "主持人：你好。今天我們談談渡輪。", "BIG5", true, 0},
        /* FF FE 48 00 69 00 20 00 60 4F 7D 59: the mark goes to U+FEFF, the decoder drops it */
        {"UTF-16LE", S("\xff\xfe\x48\x00\x69\x00\x20\x00\x60\x4f\x7d\x59"), NULL, "\xef\xbb\xbfHi 你好",
         "UTF-16LE", true, 0},
        /* FE FF 00 48 00 69 D8 00: a lone high surrogate at the end */
        {"UTF-16BE, broken end", S("\xfe\xff\x00\x48\x00\x69\xd8\x00"), NULL, "\xef\xbb\xbfHi\xef\xbf\xbd",
         "UTF-16BE", true, 1},
        {"Latin-1 named", latin1, sizeof latin1 - 1, "latin1", "Café crème, naïve résumé; très bien.",
         "LATIN1", true, 0},
        {"Latin-1 unnamed: left for the decoder's U+FFFD", latin1, sizeof latin1 - 1, NULL,
         latin1, "UTF-8", false, 6},
        /* D6 F7 FF B3 D6: a byte GB18030 has no character for, in a forced read */
        {"GB18030 forced, bad byte", S("\xd6\xf7\xff\xb3\xd6"), "GB18030", "主\xef\xbf\xbd持",
         "GB18030", true, 1},
        {"ASCII", S("Host: hi"), NULL, "Host: hi", "UTF-8", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const convert_case *c = &cases[i];
        encoding_info info;
        size_t n;
        status st;
        char *out = convert(c->bytes, c->n, c->forced, &n, &info, &st);
        if (st != ST_OK)
            fail_msg("%s: status %d", c->what, st);
        if (n != strlen(c->want) || memcmp(out, c->want, n) != 0 || out[n] != '\0')
            fail_msg("%s: got '%.*s'", c->what, (int)n, out);
        if (strcmp(info.name, c->name) != 0 || info.converted != c->converted ||
            info.invalid != c->invalid)
            fail_msg("%s: info %s converted %d invalid %zu", c->what, info.name, info.converted,
                     info.invalid);
        assert_int_equal(info.forced, c->forced != NULL);
        free(out);
    }
}

/* UTF-8 input is not copied; an unknown name is a usage error and leaves
 * the bytes as they were. */
static void test_no_copy_and_unknown(void **state)
{
    (void)state;
    char *b = strdup("Host: hi");
    char *was = b;
    size_t n = strlen(b);
    encoding_info info;
    assert_int_equal(encoding_to_utf8(&b, &n, NULL, &info), ST_OK);
    assert_ptr_equal(b, was);
    assert_int_equal(encoding_to_utf8(&b, &n, "NO-SUCH-ENCODING-X", &info), ST_USAGE);
    assert_ptr_equal(b, was);
    assert_string_equal(b, "Host: hi");
    free(b);
    assert_true(encoding_known("gb18030"));
    assert_true(encoding_known("latin1"));
    assert_false(encoding_known("no-such-encoding-x"));
    assert_false(encoding_known(""));
}

static void test_describe(void **state)
{
    (void)state;
    char buf[160];
    encoding_info info;
    memset(&info, 0, sizeof info);
    assert_string_equal(encoding_describe(&info, buf, sizeof buf), "UTF-8");
    assert_false(encoding_noteworthy(&info));
    strcpy(info.name, "GB18030");
    info.converted = true;
    assert_string_equal(encoding_describe(&info, buf, sizeof buf), "GB18030");
    assert_true(encoding_noteworthy(&info));
    info.invalid = 2;
    assert_string_equal(encoding_describe(&info, buf, sizeof buf),
                        "GB18030 (2 bad sequences shown as U+FFFD)");
    strcpy(info.name, "UTF-8");
    info.converted = false;
    info.invalid = 1;
    assert_string_equal(encoding_describe(&info, buf, sizeof buf),
                        "UTF-8 (1 invalid sequence shown as U+FFFD; another encoding? --encoding=NAME)");
    assert_true(encoding_noteworthy(&info));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_looks_binary),
        cmocka_unit_test(test_to_utf8),
        cmocka_unit_test(test_no_copy_and_unknown),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
