/* Tests of wrap.h: break opportunities and filling display lines.
 *
 * Table-driven: each case gives its text (bytes in the comment when not
 * ASCII), the width, and the expected lines joined by '|'. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"
#include "wrap.h"

/* The lines of s wrapped at w, joined by '|' (into a static buffer). */
static const char *wrapped(const char *s, int w)
{
    static char out[4096];
    wrap_line *v;
    size_t n = wrap_text(s, strlen(s), w, &v);
    assert_true(n >= 1);
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            out[pos++] = '|';
        assert_true(pos + v[i].len < sizeof out - 1);
        memcpy(out + pos, s + v[i].start, v[i].len);
        pos += v[i].len;
        assert_int_equal((int)v[i].width, text_width(s + v[i].start, v[i].len));
    }
    out[pos] = '\0';
    free(v);
    return out;
}

typedef struct wrap_case {
    const char *name;
    const char *s;
    int w;
    const char *want;
} wrap_case;

static const wrap_case wrap_cases[] = {
    {"empty", "", 10, ""},
    {"fits", "hello world", 11, "hello world"},
    {"space break", "hello world", 10, "hello|world"},
    /* trailing spaces at a break are dropped and not counted */
    {"spaces hang", "hello   world", 5, "hello|world"},
    {"hard break", "ab\ncd", 10, "ab|cd"},
    {"hard break blank", "ab  \ncd", 10, "ab|cd"},
    {"final newline", "ab\n", 10, "ab|"},
    {"indent kept", "  ab", 10, "  ab"},
    {"long word", "abcdefghij", 4, "abcd|efgh|ij"},
    {"long word after", "a bcdefghij", 4, "a|bcde|fghi|j"},
    /* 中文中文: E4 B8 AD E6 96 87 x2: breaks between ideographs */
    {"han", "\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87", 4,
     "\xE4\xB8\xAD\xE6\x96\x87|\xE4\xB8\xAD\xE6\x96\x87"},
    /* 中文 at 3: a wide char never straddles the edge */
    {"straddle", "a\xE4\xB8\xAD\xE6\x96\x87", 4, "a\xE4\xB8\xAD|\xE6\x96\x87"},
    /* 我们，你好 (，= EF BC 8C) at 4: never before ， */
    {"no break before fullwidth comma",
     "\xE6\x88\x91\xE4\xBB\xAC\xEF\xBC\x8C\xE4\xBD\xA0\xE5\xA5\xBD", 4,
     "\xE6\x88\x91|\xE4\xBB\xAC\xEF\xBC\x8C|\xE4\xBD\xA0\xE5\xA5\xBD"},
    /* 我们,你好 with ASCII comma at 4: never before , */
    {"no break before ascii comma", "\xE6\x88\x91\xE4\xBB\xAC,\xE4\xBD\xA0\xE5\xA5\xBD", 4,
     "\xE6\x88\x91|\xE4\xBB\xAC,|\xE4\xBD\xA0\xE5\xA5\xBD"},
    /* 我们。 (。= E3 80 82) at 4 */
    {"no break before ideographic full stop", "\xE6\x88\x91\xE4\xBB\xAC\xE3\x80\x82", 4,
     "\xE6\x88\x91|\xE4\xBB\xAC\xE3\x80\x82"},
    /* 我（你 (（ = EF BC 88) at 4: never after （ */
    {"no break after fullwidth paren", "\xE6\x88\x91\xEF\xBC\x88\xE4\xBD\xA0", 4,
     "\xE6\x88\x91|\xEF\xBC\x88\xE4\xBD\xA0"},
    /* W=1 with wide characters: each gets a line of its own */
    {"w1 wide", "\xE4\xB8\xAD\xE6\x96\x87", 1, "\xE4\xB8\xAD|\xE6\x96\x87"},
    {"w1 ascii", "abc", 1, "a|b|c"},
    /* e + U+0301 never split from its mark: 65 CC 81 */
    {"cluster", "ae\xCC\x81" "b", 2, "ae\xCC\x81|b"},
};

static void test_wrap_table(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof wrap_cases / sizeof wrap_cases[0]; k++) {
        const wrap_case *c = &wrap_cases[k];
        const char *got = wrapped(c->s, c->w);
        if (strcmp(got, c->want) != 0)
            fail_msg("case '%s' at %d: got \"%s\", want \"%s\"", c->name, c->w, got, c->want);
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
