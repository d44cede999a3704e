/* Tests for escape: JSON strings, TSV fields (both ways) and Markdown text.
 * Each case gives the input bytes and the exact output expected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

typedef struct esc_case {
    const char *in;  /* input bytes (NUL-terminated unless len is given) */
    size_t len;      /* 0: strlen(in) */
    const char *out; /* exact output */
} esc_case;

typedef void (*writer)(FILE *out, const char *s, size_t n);

/* Runs w on the input and returns what it wrote (malloc'd). */
static char *capture(writer w, const char *in, size_t n, size_t *outlen)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    w(f, in, n);
    assert_int_equal(fclose(f), 0);
    if (outlen)
        *outlen = len;
    return buf;
}

static void run_cases(const char *what, writer w, const esc_case *cases, size_t ncases)
{
    for (size_t i = 0; i < ncases; i++) {
        const esc_case *c = &cases[i];
        size_t n = c->len ? c->len : strlen(c->in);
        char *got = capture(w, c->in, n, NULL);
        if (strcmp(got, c->out) != 0)
            fail_msg("%s case %zu: want [%s], got [%s]", what, i, c->out, got);
        free(got);
    }
}

/* ---- JSON ---------------------------------------------------------------------- */

static const esc_case json_cases[] = {
    {"", 0, "\"\""},
    {"plain text", 0, "\"plain text\""},
    {"say \"hi\"", 0, "\"say \\\"hi\\\"\""},                    /* quotes */
    {"C:\\path\\", 0, "\"C:\\\\path\\\\\""},                    /* backslashes */
    {"a\tb\nc\rd", 0, "\"a\\u0009b\\u000ac\\u000dd\""},          /* C0 as \u00XX */
    {"\x1b[31mred", 0, "\"\\u001b[31mred\""},                    /* ESC */
    {"nul\0byte", 8, "\"nul\\u0000byte\""},                      /* NUL inside */
    {"del\x7f", 0, "\"del\\u007f\""},                            /* DEL */
    {"c1\xc2\x9b", 0, "\"c1\\u009b\""},                          /* U+009B (C1 CSI) */
    {"ls\xe2\x80\xa8ps\xe2\x80\xa9", 0, "\"ls\\u2028ps\\u2029\""}, /* U+2028/9 */
    {"rlo\xe2\x80\xaex", 0, "\"rlo\\u202ex\""},                    /* U+202E (RLO): bidi */
    {"\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9", 0, "\"\\u202a\\u2066\\u2069\""}, /* LRE, LRI, PDI */
    {"\xe2\x80\xa9\xe2\x80\xaf", 0, "\"\\u2029\xe2\x80\xaf\""}, /* U+202F (NNBSP) kept */
    {"bad\xff\xfe", 0, "\"bad\\ufffd\\ufffd\""},                 /* invalid bytes */
    {"cut\xe4\xb8", 0, "\"cut\\ufffd\\ufffd\""},                 /* truncated 中 */
    {"\xc0\xaf", 0, "\"\\ufffd\\ufffd\""},                       /* overlong / */
    {"\xed\xa0\x80", 0, "\"\\ufffd\\ufffd\\ufffd\""},            /* surrogate */
    {"主持人：你好 OpenAI", 0, "\"主持人：你好 OpenAI\""},      /* CJK kept */
    {"😀👍🏽", 0, "\"😀👍🏽\""},                                 /* astral kept */
    {"a/b", 0, "\"a/b\""},                                       /* slash kept */
};

static void test_json(void **state)
{
    (void)state;
    run_cases("json", escape_json, json_cases, sizeof json_cases / sizeof *json_cases);
}

/* Whole-range invariant: for every byte value alone and every code point
 * up to U+FFFF, the output holds no raw control byte. */
static void test_json_never_emits_controls(void **state)
{
    (void)state;
    char in[8];
    for (uint32_t cp = 0; cp < 0x10000; cp++) {
        size_t n;
        if (cp < 0x80) {
            in[0] = (char)cp, n = 1;
        } else if (cp < 0x800) {
            in[0] = (char)(0xC0 | cp >> 6), in[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
        } else {
            in[0] = (char)(0xE0 | cp >> 12), in[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            in[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
        }
        size_t len;
        char *got = capture(escape_json, in, n, &len);
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)got[i] < 0x20 || (unsigned char)got[i] == 0x7F)
                fail_msg("json of U+%04X holds byte %02x", cp, (unsigned char)got[i]);
        if (len >= 4 && (unsigned char)got[1] == 0xC2 && (unsigned char)got[2] < 0xA0)
            fail_msg("json of U+%04X holds a C1 control", cp);
        free(got);
    }
}

/* ---- TSV ----------------------------------------------------------------------- */

static const esc_case tsv_cases[] = {
    {"", 0, ""},
    {"plain 中文", 0, "plain 中文"},
    {"a\tb", 0, "a\\tb"},
    {"line1\nline2", 0, "line1\\nline2"},
    {"cr\r", 0, "cr\\r"},
    {"back\\slash", 0, "back\\\\slash"},
    {"\\n is not a newline", 0, "\\\\n is not a newline"},
    {"\\\t\n\\", 0, "\\\\\\t\\n\\\\"},
    /* what a spreadsheet would run as a formula (OWASP's CSV injection) */
    {"=HYPERLINK(\"http://x\")", 0, "\\=HYPERLINK(\"http://x\")"},
    {"+1+cmd|' /C calc'!A0", 0, "\\+1+cmd|' /C calc'!A0"},
    {"-2+3", 0, "\\-2+3"},
    {"@SUM(A1)", 0, "\\@SUM(A1)"},
    {"\t=1", 0, "\\t=1"},                /* a tab-led cell starts with a backslash */
    {"\r=1", 0, "\\r=1"},
    {"a=b-c+d@e", 0, "a=b-c+d@e"},         /* only the first character counts */
    {" =1", 0, " =1"},
};

static void test_tsv_encode(void **state)
{
    (void)state;
    run_cases("tsv", escape_tsv, tsv_cases, sizeof tsv_cases / sizeof *tsv_cases);
}

static void tsv_round_trip(const char *s, size_t n)
{
    size_t len;
    char *enc = capture(escape_tsv, s, n, &len);
    if (memchr(enc, '\t', len) || memchr(enc, '\n', len) || memchr(enc, '\r', len))
        fail_msg("encoded field holds a raw tab or line end");
    size_t m = escape_tsv_decode(enc, len, enc); /* in place */
    if (m != n || memcmp(enc, s, n) != 0)
        fail_msg("round trip of %zu bytes gave %zu bytes", n, m);
    free(enc);
}

static void test_tsv_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof tsv_cases / sizeof *tsv_cases; i++)
        tsv_round_trip(tsv_cases[i].in, strlen(tsv_cases[i].in));
    /* Every string of up to 4 bytes over the alphabet that matters. */
    const char alpha[] = {'\\', 't', 'n', '\t', '\n', '\r', 'x', '=', '-', '@', '+'};
    char s[4];
    for (size_t len = 0; len <= 4; len++) {
        size_t total = 1;
        for (size_t k = 0; k < len; k++)
            total *= sizeof alpha;
        for (size_t v = 0; v < total; v++) {
            size_t x = v;
            for (size_t k = 0; k < len; k++, x /= sizeof alpha)
                s[k] = alpha[x % sizeof alpha];
            tsv_round_trip(s, len);
        }
    }
}

static void test_tsv_decode_lenient(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"a\\qb", "a\\qb"},   /* unknown escape stands for itself */
        {"end\\", "end\\"},   /* trailing backslash */
        {"\\t\\n\\r\\\\", "\t\n\r\\"},
        {"\\=1", "=1"},       /* the formula guard, at the start */
        {"\\-\\-", "-\\-"},   /* … only there */
        {"a\\@b", "a\\@b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[32];
        size_t n = escape_tsv_decode(cases[i].in, strlen(cases[i].in), buf);
        assert_int_equal(n, strlen(cases[i].out));
        assert_memory_equal(buf, cases[i].out, n);
    }
}

/* ---- Markdown ------------------------------------------------------------------- */

static void md_plain(FILE *out, const char *s, size_t n) { escape_md(out, s, n, ""); }
static void md_quote(FILE *out, const char *s, size_t n) { escape_md(out, s, n, "> "); }

static const esc_case md_cases[] = {
    {"Hello, world. 你好，世界。", 0, "Hello, world. 你好，世界。"},
    {"a *b* _c_ `d`", 0, "a \\*b\\* \\_c\\_ \\`d\\`"},
    {"[link](x) <b>&amp;", 0, "\\[link\\](x) \\<b\\>\\&amp;"},
    {"a|b ~c~ \\", 0, "a\\|b \\~c\\~ \\\\"},
    {"# not a heading", 0, "\\# not a heading"},
    {"issue #3", 0, "issue #3"},                        /* # inside a line is inert */
    {"- not a list", 0, "\\- not a list"},
    {"+ not a list", 0, "\\+ not a list"},
    {"1. not a list", 0, "1\\. not a list"},
    {"2024) not a list", 0, "2024\\) not a list"},
    {"3.5 percent", 0, "3\\.5 percent"},                /* harmless but safe */
    {"> not a quote", 0, "\\> not a quote"},
    {"    code?", 0, "code?"},                          /* no code block */
    {"esc\x1b[2J", 0, "esc\xef\xbf\xbd\\[2J"},          /* ESC never passes */
    {"c1\xc2\x9b", 0, "c1\xef\xbf\xbd"},
    {"bidi\xe2\x80\xae", 0, "bidi\xef\xbf\xbd"},
    {"bad\xff", 0, "bad\xef\xbf\xbd"},
};

static const esc_case md_quote_cases[] = {
    {"one\ntwo", 0, "one\\\n> two"},                    /* hard break */
    {"one\n\ntwo", 0, "one\n> \n> two"},                /* paragraph break */
    {"one\n  \n- two", 0, "one\n> \n> \\- two"},
    {"\nlead and trail\n", 0, "lead and trail"},
    {"a\n=", 0, "a\\\n> \\="},                           /* no setext heading */
};

static void test_md(void **state)
{
    (void)state;
    run_cases("md", md_plain, md_cases, sizeof md_cases / sizeof *md_cases);
    run_cases("md quote", md_quote, md_quote_cases, sizeof md_quote_cases / sizeof *md_quote_cases);
}

/* ---- plain text ---------------------------------------------------------------- */

static const esc_case text_cases[] = {
    {"seed-中文.txt", 0, "seed-中文.txt"},
    {"evil\x1b]0;title\x07.txt", 0, "evil?]0;title?.txt"},
    {"tab\tnl\n", 0, "tab?nl?"},
    {"c1\xc2\x9b bidi\xe2\x80\xae bad\xff", 0, "c1? bidi? bad?"},
};

static void test_text(void **state)
{
    (void)state;
    run_cases("text", escape_text, text_cases, sizeof text_cases / sizeof *text_cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_never_emits_controls),
        cmocka_unit_test(test_tsv_encode),
        cmocka_unit_test(test_tsv_round_trip),
        cmocka_unit_test(test_tsv_decode_lenient),
        cmocka_unit_test(test_md),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
