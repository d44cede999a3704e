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

#include "testload.h"
#include "text.h"
#include "wrap.h"

/* The lines of s wrapped at w, joined by '|' (into a static buffer). */
static const char *wrapped(const char *s, int w)
{
    static char out[4096];
    wrap_line *v;
    size_t n = wrap_text(NULL, s, strlen(s), w, &v);
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
    /* 👍🏽 (F0 9F 91 8D F0 9F 8F BD) is one cluster of width 2 */
    {"emoji cluster", "a\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", 2,
     "a|\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"},
    {"w1 wide with spaces", "\xE4\xB8\xAD \xE6\x96\x87", 1, "\xE4\xB8\xAD|\xE6\x96\x87"},
    {"hyphen", "e-commerce", 4, "e-|comm|erce"},
    {"tab hangs", "a\tb", 5, "a|b"},
    {"tab fits", "a\tb", 9, "a\tb"},
    /* leading blanks that push the first character out are dropped */
    {"indent too deep", "      x", 5, "x"},
    {"blank line", "a\n\nb", 5, "a||b"},
    {"only blanks", "   ", 5, ""},
    /* U+2028 LINE SEPARATOR (E2 80 A8) is text: a break after it, not a hard break */
    {"line separator", "ab\xE2\x80\xA8" "cd", 10, "ab\xE2\x80\xA8" "cd"},
    {"line separator break", "ab\xE2\x80\xA8" "cd", 3, "ab\xE2\x80\xA8|cd"},
    /* no break after an opening bracket even when it fits: 我 ( 你 */
    {"no break after ascii paren", "\xE6\x88\x91(\xE4\xBD\xA0", 3, "\xE6\x88\x91|(\xE4\xBD\xA0"},
    /* ，，，， at W=2: nothing better than one per line, and it ends */
    {"closing run", "\xEF\xBC\x8C\xEF\xBC\x8C\xEF\xBC\x8C", 2,
     "\xEF\xBC\x8C|\xEF\xBC\x8C|\xEF\xBC\x8C"},
    /* 说”。 at W=2: ” cannot start a line, but nothing else fits */
    {"forced closing", "\xE8\xAF\xB4\xE2\x80\x9D\xE3\x80\x82", 2,
     "\xE8\xAF\xB4|\xE2\x80\x9D|\xE3\x80\x82"},
    /* 他说“你好”然后 at 6: T1 lets “ start a line, T2 lets 然 follow ” */
    {"curly quotes", "\xE4\xBB\x96\xE8\xAF\xB4\xE2\x80\x9C\xE4\xBD\xA0\xE5\xA5\xBD\xE2\x80\x9D"
                     "\xE7\x84\xB6\xE5\x90\x8E", 6,
     "\xE4\xBB\x96\xE8\xAF\xB4|\xE2\x80\x9C\xE4\xBD\xA0\xE5\xA5\xBD\xE2\x80\x9D|"
     "\xE7\x84\xB6\xE5\x90\x8E"},
    /* 主持人:OpenAI at 8: the ASCII colon after Chinese breaks like ： */
    {"ascii colon in chinese", "\xE4\xB8\xBB\xE6\x8C\x81\xE4\xBA\xBA:OpenAI", 8,
     "\xE4\xB8\xBB\xE6\x8C\x81\xE4\xBA\xBA:|OpenAI"},
    /* Hand-checked lines of the seed (Han 2 columns, ASCII 1). */
    /* 以下是讨论交流的翻译内容及原文第二部分(所有内容由通义听悟及通义千问进行转译): at 20 */
    {"seed zh 20",
     "\xE4\xBB\xA5\xE4\xB8\x8B\xE6\x98\xAF\xE8\xAE\xA8\xE8\xAE\xBA\xE4\xBA\xA4\xE6\xB5\x81"
     "\xE7\x9A\x84\xE7\xBF\xBB\xE8\xAF\x91\xE5\x86\x85\xE5\xAE\xB9\xE5\x8F\x8A\xE5\x8E\x9F"
     "\xE6\x96\x87\xE7\xAC\xAC\xE4\xBA\x8C\xE9\x83\xA8\xE5\x88\x86(\xE6\x89\x80\xE6\x9C\x89"
     "\xE5\x86\x85\xE5\xAE\xB9\xE7\x94\xB1\xE9\x80\x9A\xE4\xB9\x89\xE5\x90\xAC\xE6\x82\x9F"
     "\xE5\x8F\x8A\xE9\x80\x9A\xE4\xB9\x89\xE5\x8D\x83\xE9\x97\xAE\xE8\xBF\x9B\xE8\xA1\x8C"
     "\xE8\xBD\xAC\xE8\xAF\x91):",
     20,
     "\xE4\xBB\xA5\xE4\xB8\x8B\xE6\x98\xAF\xE8\xAE\xA8\xE8\xAE\xBA\xE4\xBA\xA4\xE6\xB5\x81"
     "\xE7\x9A\x84\xE7\xBF\xBB\xE8\xAF\x91|\xE5\x86\x85\xE5\xAE\xB9\xE5\x8F\x8A\xE5\x8E\x9F"
     "\xE6\x96\x87\xE7\xAC\xAC\xE4\xBA\x8C\xE9\x83\xA8\xE5\x88\x86|(\xE6\x89\x80\xE6\x9C\x89"
     "\xE5\x86\x85\xE5\xAE\xB9\xE7\x94\xB1\xE9\x80\x9A\xE4\xB9\x89\xE5\x90\xAC\xE6\x82\x9F|"
     "\xE5\x8F\x8A\xE9\x80\x9A\xE4\xB9\x89\xE5\x8D\x83\xE9\x97\xAE\xE8\xBF\x9B\xE8\xA1\x8C"
     "\xE8\xBD\xAC\xE8\xAF\x91):"},
    /* 第二点,我们经营着云计算业务。在我看来 at 10 */
    {"seed zh 10",
     "\xE7\xAC\xAC\xE4\xBA\x8C\xE7\x82\xB9,\xE6\x88\x91\xE4\xBB\xAC\xE7\xBB\x8F\xE8\x90\xA5"
     "\xE7\x9D\x80\xE4\xBA\x91\xE8\xAE\xA1\xE7\xAE\x97\xE4\xB8\x9A\xE5\x8A\xA1\xE3\x80\x82"
     "\xE5\x9C\xA8\xE6\x88\x91\xE7\x9C\x8B\xE6\x9D\xA5",
     10,
     "\xE7\xAC\xAC\xE4\xBA\x8C\xE7\x82\xB9,\xE6\x88\x91|\xE4\xBB\xAC\xE7\xBB\x8F\xE8\x90\xA5"
     "\xE7\x9D\x80\xE4\xBA\x91|\xE8\xAE\xA1\xE7\xAE\x97\xE4\xB8\x9A\xE5\x8A\xA1\xE3\x80\x82|"
     "\xE5\x9C\xA8\xE6\x88\x91\xE7\x9C\x8B\xE6\x9D\xA5"},
    /* 第二点,我们 at 6: never before the ASCII comma */
    {"seed zh 6", "\xE7\xAC\xAC\xE4\xBA\x8C\xE7\x82\xB9,\xE6\x88\x91\xE4\xBB\xAC", 6,
     "\xE7\xAC\xAC\xE4\xBA\x8C|\xE7\x82\xB9,\xE6\x88\x91|\xE4\xBB\xAC"},
    {"seed en 20", "Number 2 is we have a cloud computing business.", 20,
     "Number 2 is we have|a cloud computing|business."},
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

/* ---- properties, on real text ------------------------------------------------ */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Opening and closing punctuation as a line's edge may not have them. */
static bool starts_with_closing(const char *s, size_t n)
{
    static const char *const closers[] = {
        ",", ".", "?", "!", ":", ";", ")", "]", "\xEF\xBC\x8C" /* ， */,
        "\xE3\x80\x82" /* 。 */, "\xE3\x80\x81" /* 、 */, "\xEF\xBC\x89" /* ） */,
        "\xE3\x80\x8D" /* 」 */, "\xE3\x80\x8F" /* 』 */, "\xE3\x80\x8B" /* 》 */,
        "\xEF\xBC\x9F" /* ？ */, "\xEF\xBC\x81" /* ！ */, "\xEF\xBC\x9A" /* ： */,
        "\xEF\xBC\x9B" /* ； */, "\xE2\x80\x9D" /* ” */,
    };
    for (size_t k = 0; k < sizeof closers / sizeof closers[0]; k++)
        if (n >= strlen(closers[k]) && memcmp(s, closers[k], strlen(closers[k])) == 0)
            return true;
    return false;
}

static bool ends_with_opening(const char *s, size_t n)
{
    static const char *const openers[] = {
        "(", "[", "\xEF\xBC\x88" /* （ */, "\xE3\x80\x8C" /* 「 */, "\xE3\x80\x8E" /* 『 */,
        "\xE3\x80\x8A" /* 《 */, "\xE2\x80\x9C" /* “ */,
    };
    for (size_t k = 0; k < sizeof openers / sizeof openers[0]; k++) {
        size_t l = strlen(openers[k]);
        if (n >= l && memcmp(s + n - l, openers[k], l) == 0)
            return true;
    }
    return false;
}

/* Everything wrap.h promises about the lines of s at width w. */
static void check_wrap(const text_widths *tw, const char *s, size_t n, int w, bool punctuation)
{
    wrap_line *v;
    size_t nl = wrap_text(tw, s, n, w, &v);
    assert_true(nl >= 1);
    /* Cluster boundaries of the whole text. */
    char *boundary = calloc(n + 1, 1);
    assert_non_null(boundary);
    for (size_t i = 0; i < n; i += text_cluster_len(s + i, n - i))
        boundary[i] = 1;
    boundary[n] = 1;
    size_t prev_end = 0;
    for (size_t i = 0; i < nl; i++) {
        const wrap_line *l = &v[i];
        size_t start = l->start, end = (size_t)l->start + l->len;
        assert_true(start >= prev_end && end <= n);
        /* Between lines only blanks and at most one '\n'. */
        int newlines = 0;
        for (size_t k = prev_end; k < start; k++) {
            if (s[k] == '\n')
                newlines++;
            else if (!is_blank(s[k]))
                fail_msg("width %d: byte %zu (0x%02x) lost between lines", w, k, (unsigned char)s[k]);
        }
        assert_true(newlines <= 1);
        if (!boundary[start] || !boundary[end])
            fail_msg("width %d: line %zu cuts a grapheme cluster", w, i);
        int lw = text_string_width(tw, s + start, l->len);
        assert_int_equal((int)l->width, lw);
        bool one_cluster = l->len > 0 && text_cluster_len(s + start, l->len) == l->len;
        if (lw > w && !one_cluster)
            fail_msg("width %d: line %zu is %d columns: \"%.*s\"", w, i, lw, (int)l->len, s + start);
        if (l->len && (is_blank(s[end - 1]) || s[end - 1] == '\n'))
            fail_msg("width %d: line %zu ends with a blank", w, i);
        if (punctuation && i > 0 && newlines == 0 && starts_with_closing(s + start, l->len))
            fail_msg("width %d: line %zu starts with closing punctuation: \"%.*s\"", w, i,
                     (int)l->len, s + start);
        if (punctuation && i + 1 < nl && s[end] != '\n' && ends_with_opening(s + start, l->len))
            fail_msg("width %d: line %zu ends with opening punctuation", w, i);
        prev_end = end;
    }
    for (size_t k = prev_end; k < n; k++)
        assert_true(is_blank(s[k]));
    free(boundary);
    free(v);
}

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, len = 0, got;
    do {
        if (len + 4096 > cap) {
            cap = cap * 2 + 8192;
            char *b = realloc(buf, cap);
            assert_non_null(b);
            buf = b;
        }
        got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
    } while (got > 0);
    fclose(f);
    buf[len] = '\0';
    *n = len;
    return buf;
}

/* Widths to wrap at. Punctuation rules are checked from 6 columns on: below
 * that, a run such as 则”, (5 columns with wide quotes) cannot stay whole and
 * has to break before a closing mark. */
static const int widths[] = {1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 20, 33, 40, 79, 80, 200};

/* Every line of a real transcript, at every width, both ambiguous widths. */
static void wrap_file_lines(const char *path)
{
    size_t n = 0;
    char *raw = read_file(path, &n);
    assert_non_null(raw);
    text_decoded t;
    assert_true(text_decode(raw, n, &t));
    assert_true(t.nlines > 1);
    for (int amb = 0; amb < 2; amb++) {
        const text_widths tw = {.ambiguous_wide = amb};
        for (size_t i = 0; i < t.nlines; i++)
            for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++)
                check_wrap(&tw, t.buf + t.lines[i].start, t.lines[i].len, widths[k], widths[k] >= 6);
        /* The whole file as one text: hard breaks at every line end. */
        for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++)
            check_wrap(&tw, t.buf, t.len, widths[k], widths[k] >= 6);
    }
    /* The same lines as other sources print them, with fullwidth punctuation
     * in the Chinese: ， ？ ： （ ） for , ? : ( ). */
    for (size_t i = 0; i < t.nlines; i++) {
        const char *l = t.buf + t.lines[i].start;
        size_t len = t.lines[i].len, m = 0;
        char *fw = malloc(len * 3 + 1);
        assert_non_null(fw);
        for (size_t k = 0; k < len; k++) {
            const char *r = NULL;
            switch (l[k]) {
            case ',': r = "\xEF\xBC\x8C"; break;
            case '?': r = "\xEF\xBC\x9F"; break;
            case ':': r = "\xEF\xBC\x9A"; break;
            case '(': r = "\xEF\xBC\x88"; break;
            case ')': r = "\xEF\xBC\x89"; break;
            default: break;
            }
            bool chinese = (unsigned char)l[0] >= 0xE4;
            if (r && chinese) {
                memcpy(fw + m, r, 3);
                m += 3;
            } else
                fw[m++] = l[k];
        }
        for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++)
            check_wrap(NULL, fw, m, widths[k], widths[k] >= 6);
        free(fw);
    }
    /* Every source line gives at least one display line. */
    wrap_line *v;
    size_t nl = wrap_text(NULL, t.buf, t.len, 80, &v);
    assert_true(nl >= t.nlines);
    free(v);
    text_decoded_free(&t);
    free(raw);
}

/* The bundled sample (fullwidth punctuation), the hard text of the e2e
 * tests, and the published seed (ASCII punctuation in the Chinese) when
 * ../shared is beside the repository. */
static void test_transcript_lines(void **state)
{
    (void)state;
    wrap_file_lines("samples/sectioned-interview.txt");
    wrap_file_lines("tests/e2e/hard-sectioned.txt");
    static const char seed[] = "../shared/corpus/seed-sectioned-zh-en.txt";
    if (testload_shared(seed, "wrapping the published seed's lines"))
        wrap_file_lines(seed);
}

/* Long single lines: linear time, and W=1 with wide characters ends. */
static void test_long_lines(void **state)
{
    (void)state;
    size_t n = 4u << 20;
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, 'a', n); /* no break opportunity at all */
    s[n] = '\0';
    wrap_line *v;
    size_t nl = wrap_text(NULL, s, n, 80, &v);
    assert_int_equal(nl, (n + 79) / 80);
    assert_int_equal(v[nl - 1].start + v[nl - 1].len, n);
    free(v);
    for (size_t i = 0; i + 3 <= n; i += 3) /* 中 repeated */
        memcpy(s + i, "\xE4\xB8\xAD", 3);
    size_t m = n / 3 * 3;
    nl = wrap_text(NULL, s, m, 1, &v);
    assert_int_equal(nl, m / 3);
    assert_int_equal(v[1].width, 2);
    free(v);
    nl = wrap_text(NULL, s, m, 81, &v); /* odd width: one column always left */
    assert_int_equal(nl, (m / 3 + 39) / 40);
    assert_int_equal(v[0].width, 80);
    free(v);
    free(s);
}

/* ---- the break layer ------------------------------------------------------ */

/* brk value before byte i of s. */
static int brk_at(const char *s, size_t i)
{
    size_t n = strlen(s);
    char *b = malloc(n);
    assert_non_null(b);
    wrap_breaks(s, n, b);
    int v = b[i];
    free(b);
    return v;
}

static void test_breaks(void **state)
{
    (void)state;
    assert_int_equal(brk_at("ab cd", 0), WRAP_NO);       /* start of text */
    assert_int_equal(brk_at("ab cd", 2), WRAP_NO);       /* × SP */
    assert_int_equal(brk_at("ab cd", 3), WRAP_ALLOW);    /* SP ÷ */
    assert_int_equal(brk_at("ab\ncd", 3), WRAP_MUST);    /* after '\n' */
    assert_int_equal(brk_at("ab\ncd", 2), WRAP_NO);      /* × LF */
    /* 中文 E4 B8 AD E6 96 87: ÷ between ideographs, nothing inside one */
    assert_int_equal(brk_at("\xE4\xB8\xAD\xE6\x96\x87", 3), WRAP_ALLOW);
    assert_int_equal(brk_at("\xE4\xB8\xAD\xE6\x96\x87", 1), WRAP_NO);
    /* 中，: × ， (EF BC 8C) */
    assert_int_equal(brk_at("\xE4\xB8\xAD\xEF\xBC\x8C", 3), WRAP_NO);
    /* 中,文: × ASCII comma, ÷ after it */
    assert_int_equal(brk_at("\xE4\xB8\xAD,\xE6\x96\x87", 3), WRAP_NO);
    assert_int_equal(brk_at("\xE4\xB8\xAD,\xE6\x96\x87", 4), WRAP_ALLOW);
    /* 中。 (E3 80 82), 中、 (E3 80 81), 中） (EF BC 89), 中」 (E3 80 8D),
     * 中』 (E3 80 8F), 中》 (E3 80 8B), 中? 中. 中) */
    static const char *const closers[] = {
        "\xE3\x80\x82", "\xE3\x80\x81", "\xEF\xBC\x89", "\xE3\x80\x8D",
        "\xE3\x80\x8F", "\xE3\x80\x8B", "?", ".", ")", "!", ":", ";",
    };
    for (size_t k = 0; k < sizeof closers / sizeof closers[0]; k++) {
        char t[16];
        snprintf(t, sizeof t, "\xE4\xB8\xAD%s", closers[k]);
        if (brk_at(t, 3) != WRAP_NO)
            fail_msg("break allowed before closing \"%s\"", closers[k]);
    }
    /* （中 「中 『中 《中 (中 [中: × after opening punctuation */
    static const char *const openers[] = {
        "\xEF\xBC\x88", "\xE3\x80\x8C", "\xE3\x80\x8E", "\xE3\x80\x8A", "(", "[",
    };
    for (size_t k = 0; k < sizeof openers / sizeof openers[0]; k++) {
        char t[16];
        snprintf(t, sizeof t, "%s\xE4\xB8\xAD", openers[k]);
        if (brk_at(t, strlen(openers[k])) != WRAP_NO)
            fail_msg("break allowed after opening \"%s\"", openers[k]);
    }
    /* T0: "  ab" and "x\n  ab" may break after the leading spaces */
    assert_int_equal(brk_at("  ab", 2), WRAP_ALLOW);
    assert_int_equal(brk_at("x\n  ab", 4), WRAP_ALLOW);
    assert_int_equal(brk_at("  ,", 2), WRAP_NO); /* but never before IS */
    /* T1: 说“ (E8 AF B4 E2 80 9C): “ may start a line after a Han */
    assert_int_equal(brk_at("\xE8\xAF\xB4\xE2\x80\x9C\xE4\xBD\xA0", 3), WRAP_ALLOW);
    assert_int_equal(brk_at("\xE8\xAF\xB4\xE2\x80\x9C\xE4\xBD\xA0", 6), WRAP_NO);
    /* ...but not after a letter: a“b */
    assert_int_equal(brk_at("a\xE2\x80\x9C" "b", 1), WRAP_NO);
    /* T2: ”然 may break, ”。 not, and ’t in don’t not */
    assert_int_equal(brk_at("\xE5\xA5\xBD\xE2\x80\x9D\xE7\x84\xB6", 6), WRAP_ALLOW);
    assert_int_equal(brk_at("\xE5\xA5\xBD\xE2\x80\x9D\xE3\x80\x82", 6), WRAP_NO);
    assert_int_equal(brk_at("don\xE2\x80\x99t", 6), WRAP_NO);
    /* T3: e.g and example.com keep together; 人,O breaks like 人，O */
    assert_int_equal(brk_at("e.g.", 2), WRAP_NO);
    assert_int_equal(brk_at("example.com", 8), WRAP_NO);
    assert_int_equal(brk_at("\xE4\xBA\xBA,OpenAI", 4), WRAP_ALLOW);
    /* T5: 信 ： (E4 BF A1 20 EF BC 9A): no break after the space before ： */
    assert_int_equal(brk_at("\xE4\xBF\xA1 \xEF\xBC\x9A", 4), WRAP_NO);
    assert_int_equal(brk_at("\xE4\xBF\xA1 \xE4\xBF\xA1", 4), WRAP_ALLOW);
    /* T4: (1) ～ (EF BD 9E... U+301C 〜 E3 80 9C): × NS after ')' and spaces */
    assert_int_equal(brk_at("(1) \xE3\x80\x9C", 4), WRAP_NO);
    assert_int_equal(brk_at("(1) a", 4), WRAP_ALLOW);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap_table),
        cmocka_unit_test(test_breaks),
        cmocka_unit_test(test_transcript_lines),
        cmocka_unit_test(test_long_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
