/* Tests of text.h: decoding and sanitising, the offset map, the binary
 * heuristic, grapheme clusters, widths and safe drawing.
 *
 * Table-driven: each case spells its bytes in the comment beside it. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "text.h"

#define S(lit) lit, sizeof(lit) - 1

/* ---- decoding ------------------------------------------------------------ */

typedef struct decode_case {
    const char *name;
    const char *in;
    size_t in_len;
    const char *out; /* expected sanitised bytes */
    size_t out_len;
    size_t nlines, bad, controls, nuls;
    bool bom;
} decode_case;

#define DC(name, in, out, nlines, bad, ctl, nuls, bom) \
    {name, S(in), S(out), nlines, bad, ctl, nuls, bom}

static const decode_case decode_cases[] = {
    /* empty input: no line at all */
    DC("empty", "", "", 0, 0, 0, 0, false),
    /* 61 62 63: plain ASCII, one line with no line end */
    DC("ascii", "abc", "abc", 1, 0, 0, 0, false),
    /* 61 0A: a final line end adds no empty line */
    DC("final lf", "a\n", "a\n", 1, 0, 0, 0, false),
    /* 61 0A 0A 62: an empty line in the middle counts */
    DC("empty line", "a\n\nb", "a\n\nb", 3, 0, 0, 0, false),
    /* 61 0D 0A 62 0D 0A: CRLF becomes LF */
    DC("crlf", "a\r\nb\r\n", "a\nb\n", 2, 0, 0, 0, false),
    /* 61 0D 62 0D: lone CR becomes LF */
    DC("lone cr", "a\rb\r", "a\nb\n", 2, 0, 0, 0, false),
    /* 61 0D 0D 0A 62: CR then CRLF: two line ends */
    DC("cr crlf", "a\r\r\nb", "a\n\nb", 3, 0, 0, 0, false),
    /* EF BB BF 61: a leading BOM is dropped */
    DC("bom", "\xEF\xBB\xBF" "a", "a", 1, 0, 0, 0, true),
    /* EF BB BF: a BOM alone leaves nothing */
    DC("bom only", "\xEF\xBB\xBF", "", 0, 0, 0, 0, true),
    /* 61 EF BB BF: a BOM elsewhere is ZERO WIDTH NO-BREAK SPACE, kept */
    DC("inner bom", "a\xEF\xBB\xBF", "a\xEF\xBB\xBF", 1, 0, 0, 0, false),
    /* 61 00 62: NUL shown as ^@ and does not truncate */
    DC("nul", "a\0b", "a^@b", 1, 0, 1, 1, false),
    /* 1B 5B 32 4A: ESC [ 2 J cannot clear the screen */
    DC("esc", "\x1b[2J", "^[[2J", 1, 0, 1, 0, false),
    /* 07 08 7F: BEL, BS, DEL */
    DC("bel bs del", "\x07\x08\x7f", "^G^H^?", 1, 0, 3, 0, false),
    /* 09 61: tabs stay tabs */
    DC("tab", "\ta", "\ta", 1, 0, 0, 0, false),
    /* 0B 0C: VT and FF are controls, not line ends */
    DC("vt ff", "\x0b\x0c", "^K^L", 1, 0, 2, 0, false),
    /* C2 9B 33 31 6D: C1 CSI (U+009B) shown as <9b> */
    DC("c1 csi", "\xC2\x9B" "31m", "<9b>31m", 1, 0, 1, 0, false),
    /* C2 80 C2 9F C2 A0: C1 range ends at U+009F; U+00A0 is text */
    DC("c1 range", "\xC2\x80\xC2\x9F\xC2\xA0", "<80><9f>\xC2\xA0", 1, 0, 2, 0, false),
    /* E2 80 AE 61: RIGHT-TO-LEFT OVERRIDE made visible */
    DC("rlo", "\xE2\x80\xAE" "a", "<U+202E>a", 1, 0, 1, 0, false),
    /* E2 80 AA, E2 81 A6, E2 81 A9: LRE, LRI, PDI */
    DC("bidi", "\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9", "<U+202A><U+2066><U+2069>", 1, 0, 3, 0,
       false),
    /* E2 80 A9 E2 81 AA: U+2029 kept; U+206A (not an isolate) kept */
    DC("not bidi", "\xE2\x80\xA9\xE2\x81\xAA", "\xE2\x80\xA9\xE2\x81\xAA", 1, 0, 0, 0, false),
    /* E2 80 8F: RIGHT-TO-LEFT MARK is not an override: kept */
    DC("rlm", "\xE2\x80\x8F", "\xE2\x80\x8F", 1, 0, 0, 0, false),
    /* 80: a stray continuation byte */
    DC("stray cont", "\x80", "\xEF\xBF\xBD", 1, 1, 0, 0, false),
    /* 80 80: two stray continuation bytes, two U+FFFD */
    DC("stray cont x2", "\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD", 1, 2, 0, 0, false),
    /* C0 AF: overlong '/', two bytes that never start a sequence */
    DC("overlong c0", "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD", 1, 2, 0, 0, false),
    /* E0 80 AF: overlong 3-byte: E0 then 80 is not a valid subpart */
    DC("overlong e0", "\xE0\x80\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 1, 3, 0, 0, false),
    /* ED A0 80: a surrogate (U+D800): three replacements */
    DC("surrogate", "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 1, 3, 0, 0, false),
    /* E4 B8 61: truncated 3-byte sequence then 'a': one U+FFFD */
    DC("truncated", "\xE4\xB8" "a", "\xEF\xBF\xBD" "a", 1, 1, 0, 0, false),
    /* E4 B8: truncated at end of input: one U+FFFD */
    DC("truncated eof", "\xE4\xB8", "\xEF\xBF\xBD", 1, 1, 0, 0, false),
    /* F0 9F 98: truncated 4-byte: one U+FFFD */
    DC("truncated 4", "\xF0\x9F\x98", "\xEF\xBF\xBD", 1, 1, 0, 0, false),
    /* F4 90 80 80: above U+10FFFF: F4 then 90 fails, 4 replacements */
    DC("too big", "\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 1, 4,
       0, 0, false),
    /* F8 88 80 80 80: 5-byte form: every byte bad */
    DC("five byte", "\xF8\x88\x80\x80\x80",
       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 1, 5, 0, 0, false),
    /* FF FE: bytes that never occur in UTF-8 */
    DC("ff fe", "\xFF\xFE", "\xEF\xBF\xBD\xEF\xBF\xBD", 1, 2, 0, 0, false),
    /* E4 B8 AD 0A F0 9F 98 80: valid 3- and 4-byte sequences copied */
    DC("valid multibyte", "\xE4\xB8\xAD\n\xF0\x9F\x98\x80", "\xE4\xB8\xAD\n\xF0\x9F\x98\x80", 2, 0,
       0, 0, false),
    /* F4 8F BF BF: U+10FFFF is valid */
    DC("max", "\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF", 1, 0, 0, 0, false),
    /* Unicode's own example (chapter 3, "U+FFFD substitution of maximal
     * subparts"): 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 */
    DC("maximal subparts", "a\xF1\x80\x80\xE1\x80\xC2" "b\x80" "c\x80\xBF" "d",
       "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD" "d",
       1, 6, 0, 0, false),
    /* C2 41: a lead byte cut short by ASCII: one U+FFFD, then 'A' */
    DC("cut by ascii", "\xC2" "A", "\xEF\xBF\xBD" "A", 1, 1, 0, 0, false),
    /* ED 9F BF: U+D7FF, just below the surrogates, is valid */
    DC("below surrogates", "\xED\x9F\xBF", "\xED\x9F\xBF", 1, 0, 0, 0, false),
    /* F0 8F BF BF: overlong 4-byte: F0 then 8F fails, 4 replacements */
    DC("overlong f0", "\xF0\x8F\xBF\xBF",
       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 1, 4, 0, 0, false),
    /* E2 80 0A: a sequence cut by a line end: U+FFFD, then the line ends */
    DC("cut by newline", "\xE2\x80\n", "\xEF\xBF\xBD\n", 1, 1, 0, 0, false),
    /* 1F 20: US is ^_ , the last C0 control */
    DC("unit separator", "\x1f ", "^_ ", 1, 0, 1, 0, false),
    /* 0D 1B 0D: CR, ESC, CR: control between two line ends */
    DC("cr esc cr", "\r\x1b\r", "\n^[\n", 2, 0, 1, 0, false),
};

static void test_decode_table(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof decode_cases / sizeof decode_cases[0]; k++) {
        const decode_case *c = &decode_cases[k];
        text_decoded t;
        assert_true(text_decode(c->in, c->in_len, &t));
        if (t.len != c->out_len || memcmp(t.buf, c->out, c->out_len) != 0)
            fail_msg("case '%s': got \"%s\" (%zu bytes)", c->name, t.buf, t.len);
        assert_int_equal(t.buf[t.len], '\0');
        assert_int_equal(strlen(t.buf), t.len); /* no NUL inside */
        if (t.nlines != c->nlines || t.bad_sequences != c->bad || t.controls != c->controls ||
            t.nuls != c->nuls || t.had_bom != c->bom)
            fail_msg("case '%s': lines %zu bad %zu ctl %zu nuls %zu bom %d", c->name, t.nlines,
                     t.bad_sequences, t.controls, t.nuls, t.had_bom);
        text_decoded_free(&t);
    }
}

static void test_decode_lines(void **state)
{
    (void)state;
    /* 61 62 0D 0A 0A 63 0D 64: lines "ab", "", "c", "d" */
    text_decoded t;
    assert_true(text_decode(S("ab\r\n\nc\rd"), &t));
    assert_int_equal(t.nlines, 4);
    const char *want[] = {"ab", "", "c", "d"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(t.lines[i].len, strlen(want[i]));
        assert_memory_equal(t.buf + t.lines[i].start, want[i], t.lines[i].len);
    }
    text_decoded_free(&t);
    text_decoded_free(&t); /* safe twice */
    text_decoded z = {0};
    text_decoded_free(&z); /* and on a zeroed value */
    text_decoded_free(NULL);
}

/* Every sanitised byte maps to the source byte it came from. */
static void test_source_offsets(void **state)
{
    (void)state;
    /* EF BB BF | 61 | 1B | 62 | 0D 0A | FF | E4 B8 AD | 0D | 63 */
    const char src[] = "\xEF\xBB\xBF" "a\x1b" "b\r\n\xFF\xE4\xB8\xAD\rc";
    text_decoded t;
    assert_true(text_decode(src, sizeof src - 1, &t));
    /* out: a ^ [ b \n EF BF BD E4 B8 AD \n c */
    const size_t want[] = {3, 4, 4, 5, 6, 8, 8, 8, 9, 10, 11, 12, 13};
    assert_int_equal(t.len, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < t.len; i++)
        if (text_source_offset(&t, i) != want[i])
            fail_msg("out %zu -> %zu, want %zu", i, text_source_offset(&t, i), want[i]);
    assert_int_equal(text_source_offset(&t, t.len), sizeof src - 1);
    for (size_t i = 1; i < t.nmap; i++)
        assert_true(t.map[i - 1].out < t.map[i].out);
    text_decoded_free(&t);
}

/* A valid file with ASCII and Chinese needs one map entry only. */
static void test_map_sparse(void **state)
{
    (void)state;
    const char src[] = "\xE4\xB8\xAD\xE6\x96\x87 text\n\xE8\x8B\xB1 more\n";
    text_decoded t;
    assert_true(text_decode(src, sizeof src - 1, &t));
    assert_int_equal(t.nmap, 1);
    assert_int_equal(text_source_offset(&t, 5), 5);
    text_decoded_free(&t);
}

/* What every decoded text must satisfy, whatever the input (text.h). */
static void check_decoded(const char *src, size_t n, const text_decoded *t)
{
    assert_int_equal(strlen(t->buf), t->len);
    size_t newlines = 0;
    for (size_t i = 0; i < t->len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t->buf + i,
                                              (utf8proc_ssize_t)(t->len - i), &cp);
        if (k <= 0)
            fail_msg("invalid UTF-8 at %zu", i);
        if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp < 0xA0) ||
            (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
            fail_msg("U+%04X left in the text at %zu", (unsigned)cp, i);
        newlines += cp == '\n';
        i += (size_t)k;
    }
    /* Lines: separated by exactly one '\n', none inside; a final '\n' adds
     * no line. */
    bool final_lf = t->len && t->buf[t->len - 1] == '\n';
    assert_int_equal(t->nlines, newlines + (t->len && !final_lf));
    for (size_t i = 0; i < t->nlines; i++) {
        const text_line *l = &t->lines[i];
        assert_null(memchr(t->buf + l->start, '\n', l->len));
        if (i + 1 < t->nlines)
            assert_int_equal(l->start + l->len + 1, t->lines[i + 1].start);
    }
    if (t->nlines)
        assert_int_equal(t->lines[0].start, 0);
    /* The map: sorted, monotonic, ends at n; copied bytes are the source's. */
    for (size_t i = 1; i < t->nmap; i++)
        assert_true(t->map[i - 1].out < t->map[i].out);
    size_t prev = 0;
    for (size_t i = 0; i < t->len; i++) {
        size_t o = text_source_offset(t, i);
        assert_true(o >= prev && o < n);
        prev = o;
    }
    assert_int_equal(text_source_offset(t, t->len), n);
    for (size_t e = 0; e < t->nmap; e++) {
        if (!t->map[e].copied)
            continue;
        size_t end = e + 1 < t->nmap ? t->map[e + 1].out : t->len;
        for (size_t i = t->map[e].out; i < end; i++) {
            char c = src[text_source_offset(t, i)];
            if (t->buf[i] != c && !(t->buf[i] == '\n' && c == '\r'))
                fail_msg("copied byte %zu differs from its source", i);
        }
    }
}

/* Random inputs rich in what the decoder must handle. */
static void test_decode_invariants(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", " ", "\t", "\n", "\r", "\r\n", "\0", "\x1b", "\x7f", "\x80", "\xBF", "\xC2",
        "\xC2\x9B", "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE4\xB8\xAD", "\xE4\xB8",
        "\xF0\x9F\x98\x80", "\xF0\x9F", "\xED\xA0\x80", "\xEF\xBB\xBF", "\xFF",
        "\xEF\xBC\x8C", "\xE2\x80\xA8",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    char src[512];
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        size_t n = 0;
        int count = (int)((seed = seed * 1103515245 + 12345) >> 16) % 40;
        for (int k = 0; k < count; k++) {
            const char *p = pieces[((seed = seed * 1103515245 + 12345) >> 16) % np];
            size_t len = p[0] ? strlen(p) : 1; /* "\0" is one NUL */
            memcpy(src + n, p, len);
            n += len;
        }
        text_decoded t;
        assert_true(text_decode(src, n, &t));
        check_decoded(src, n, &t);
        text_decoded_free(&t);
    }
}

/* Output larger than the first guess: the buffer and the map grow. */
static void test_decode_growth(void **state)
{
    (void)state;
    size_t n = 100000;
    char *src = malloc(n);
    assert_non_null(src);
    for (size_t i = 0; i < n; i++)
        src[i] = i % 3 == 2 ? '\n' : i % 3 ? '\x1b' : '\xFF';
    text_decoded t;
    assert_true(text_decode(src, n, &t));
    size_t ff = (n + 2) / 3, esc = (n + 1) / 3, lf = n / 3;
    assert_int_equal(t.len, ff * 3 + esc * 2 + lf); /* U+FFFD, ^[, \n */
    assert_int_equal(t.nlines, lf + 1);
    assert_int_equal(t.bad_sequences, (n + 2) / 3);
    assert_int_equal(t.controls, (n + 1) / 3);
    check_decoded(src, n, &t);
    text_decoded_free(&t);
    free(src);
}

static void test_looks_binary(void **state)
{
    (void)state;
    /* 89 50 4E 47 0D 0A 1A 0A ...: PNG */
    assert_true(text_looks_binary(S("\x89PNG\r\n\x1a\n\0\0\0\rIHDR")));
    /* 7F 45 4C 46 02 01 01 00: ELF */
    assert_true(text_looks_binary(S("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0")));
    /* 1F 8B 08 00: gzip */
    assert_true(text_looks_binary(S("\x1f\x8b\x08\0\0\0\0\0\0\x03")));
    /* a run of NULs */
    assert_true(text_looks_binary(S("\0\0\0\0\0\0\0\0\0\0\0\0")));
    /* ASCII text with one NUL: still text */
    assert_false(text_looks_binary(S("hello\0 world, this is a transcript\n")));
    /* text with one invalid byte: still text */
    assert_false(text_looks_binary(S("\xE4\xB8\xAD\xFF\xE6\x96\x87 \xE8\x8B\xB1\n")));
    /* ESC sequences (colourised logs) are text, as in less */
    assert_false(text_looks_binary(S("\x1b[1mbold\x1b[0m \x1b[31mred\x1b[0m \x1b[32mgreen\x1b[0m "
                                     "\x1b[1mbold\x1b[0m plain\r\n")));
    /* control characters never make text binary: they are shown visibly */
    assert_false(text_looks_binary(S("text \x01 \x02 \x03 \x04 \x05 more text\n")));
    assert_false(text_looks_binary(S("text \x01 \x02 \x03 \x04 \x05 \x06 \x07 \x08 \x0e \x7f text\n")));
    assert_false(text_looks_binary(S("\x1b]52;c;SGFja2Vk\x07\x1b]0;title\x07\x1b[2J\x1b[6n\x1b[c\n")));
    /* two NULs are not a stray one */
    assert_true(text_looks_binary(S("hello\0 world\0, this is no transcript\n")));
    /* bytes that decode as nothing: binary when they are most of it */
    assert_false(text_looks_binary(S("\xFF \xFF \xFF \xFF \xFF \xE4\xB8\xAD")));
    assert_true(text_looks_binary(S("\xFF \xFF \xFF \xFF \xFF \xFF \xE4\xB8\xAD")));
    assert_false(text_looks_binary(S("\xFF \xFF \xFF \xFF \xFF \xFF \xE4\xB8\xAD\xE4\xB8\xAD"
                                     "\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD")));
    assert_false(text_looks_binary(S("")));
}

/* ---- clusters and widths -------------------------------------------------- */

typedef struct cluster_case {
    const char *name;
    const char *s;
    size_t n;
    size_t len; /* of the first cluster */
    int width;  /* narrow ambiguous */
    int wide;   /* with text_set_ambiguous_wide(true) */
} cluster_case;

#define CC(name, s, len, w, ww) {name, S(s), len, w, ww}

static const cluster_case cluster_cases[] = {
    /* 61 62: 'a' alone */
    CC("ascii", "ab", 1, 1, 1),
    /* 0D 0A: CR LF is one cluster */
    CC("crlf", "\r\n", 2, 0, 0),
    /* 09: tab counts 1 here */
    CC("tab", "\t", 1, 1, 1),
    /* 65 CC 81 62: e + COMBINING ACUTE ACCENT */
    CC("combining", "e\xCC\x81" "b", 3, 1, 1),
    /* CC 81: a lone combining mark is width 0 (and not widened: it is A) */
    CC("lone mark", "\xCC\x81", 2, 0, 0),
    /* E4 B8 AD E6 96 87: 中 wide */
    CC("han", "\xE4\xB8\xAD\xE6\x96\x87", 3, 2, 2),
    /* EF BC 8C: ， FULLWIDTH COMMA */
    CC("fullwidth comma", "\xEF\xBC\x8C", 3, 2, 2),
    /* E3 80 80: IDEOGRAPHIC SPACE */
    CC("ideographic space", "\xE3\x80\x80", 3, 2, 2),
    /* E2 80 9C: “ ambiguous */
    CC("ambiguous quote", "\xE2\x80\x9C", 3, 1, 2),
    /* E2 80 94: — ambiguous */
    CC("em dash", "\xE2\x80\x94", 3, 1, 2),
    /* C2 B7: · ambiguous */
    CC("middle dot", "\xC2\xB7", 2, 1, 2),
    /* CE B1: α ambiguous */
    CC("alpha", "\xCE\xB1", 2, 1, 2),
    /* EF BF BD: U+FFFD is ambiguous too */
    CC("replacement", "\xEF\xBF\xBD", 3, 1, 2),
    /* E2 80 8B: ZERO WIDTH SPACE */
    CC("zwsp", "\xE2\x80\x8B", 3, 0, 0),
    /* E2 80 A8: LINE SEPARATOR, kept and shown: 1 */
    CC("line separator", "\xE2\x80\xA8", 3, 1, 1),
    /* F0 9F 98 80: 😀 emoji presentation */
    CC("emoji", "\xF0\x9F\x98\x80", 4, 2, 2),
    /* F0 9F A9 B7: 🩷 U+1FA77 (unknown to glibc 2.36) */
    CC("pink heart", "\xF0\x9F\xA9\xB7", 4, 2, 2),
    /* E2 9D A4 EF B8 8F: ❤ + VS16: emoji presentation, 2 */
    CC("heart vs16", "\xE2\x9D\xA4\xEF\xB8\x8F", 6, 2, 2),
    /* E2 9D A4: ❤ alone: text presentation, 1 */
    CC("heart", "\xE2\x9D\xA4", 3, 1, 1),
    /* F0 9F 91 A8 E2 80 8D F0 9F 91 A9 E2 80 8D F0 9F 91 A7: 👨‍👩‍👧 */
    CC("zwj family", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",
       18, 2, 2),
    /* E2 9D A4 E2 80 8D F0 9F 94 A5: ❤‍🔥 heart on fire, narrow + wide */
    CC("zwj narrow first", "\xE2\x9D\xA4\xE2\x80\x8D\xF0\x9F\x94\xA5", 10, 2, 2),
    /* E2 98 A0 E2 80 8D E2 98 A0: two narrow pictographs joined: 1 + 1 */
    CC("zwj two narrow", "\xE2\x98\xA0\xE2\x80\x8D\xE2\x98\xA0", 9, 2, 2),
    /* E2 8C 9A EF B8 8E: ⌚ + VS15 (text presentation): stays 2 */
    CC("watch vs15", "\xE2\x8C\x9A\xEF\xB8\x8E", 6, 2, 2),
    /* E2 98 9D F0 9F 8F BD: ☝🏽 narrow pictograph + modifier */
    CC("narrow modifier", "\xE2\x98\x9D\xF0\x9F\x8F\xBD", 7, 2, 2),
    /* F0 9F 8F B4 F3 A0 81 A7 ... F3 A0 81 BF: 🏴 England, tag sequence */
    CC("tag flag", "\xF0\x9F\x8F\xB4\xF3\xA0\x81\xA7\xF3\xA0\x81\xA2\xF3\xA0\x81\xA5"
       "\xF3\xA0\x81\xAE\xF3\xA0\x81\xA7\xF3\xA0\x81\xBF", 28, 2, 2),
    /* F0 9F 91 8D F0 9F 8F BD: 👍🏽 thumbs up, skin tone */
    CC("modifier", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", 8, 2, 2),
    /* F0 9F 87 AF F0 9F 87 B5 F0 9F 87 A8: 🇯🇵 then a lone RI */
    CC("flag", "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5\xF0\x9F\x87\xA8", 8, 2, 2),
    /* F0 9F 87 A8: a lone regional indicator */
    CC("lone ri", "\xF0\x9F\x87\xA8", 4, 1, 1),
    /* F0 9F 8F B3 EF B8 8F E2 80 8D F0 9F 8C 88: 🏳️‍🌈 */
    CC("rainbow flag", "\xF0\x9F\x8F\xB3\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x8C\x88", 14, 2, 2),
    /* 31 EF B8 8F E2 83 A3: keycap 1️⃣ */
    CC("keycap", "1\xEF\xB8\x8F\xE2\x83\xA3", 7, 2, 2),
    /* E1 84 80 E1 85 A1 E1 86 A8: Hangul L V T jamo: one syllable, 2 */
    CC("hangul lvt", "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8", 9, 2, 2),
    /* EA B0 80: 가 precomposed */
    CC("hangul", "\xEA\xB0\x80", 3, 2, 2),
    /* E0 A4 95 E0 A4 BF: क + ि (spacing mark): one cluster */
    CC("devanagari", "\xE0\xA4\x95\xE0\xA4\xBF", 6, 1, 1),
    /* EF BE 8A: ﾊ halfwidth katakana */
    CC("halfwidth", "\xEF\xBE\x8A", 3, 1, 1),
};

static void test_cluster_table(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof cluster_cases / sizeof cluster_cases[0]; k++) {
        const cluster_case *c = &cluster_cases[k];
        size_t len = text_cluster_len(c->s, c->n);
        if (len != c->len)
            fail_msg("case '%s': cluster length %zu, want %zu", c->name, len, c->len);
        text_set_ambiguous_wide(false);
        int w = text_cluster_width(c->s, len);
        text_set_ambiguous_wide(true);
        int ww = text_cluster_width(c->s, len);
        text_set_ambiguous_wide(false);
        if (w != c->width || ww != c->wide)
            fail_msg("case '%s': width %d/%d, want %d/%d", c->name, w, ww, c->width, c->wide);
    }
}

static void test_ambiguous_setting(void **state)
{
    (void)state;
    assert_false(text_ambiguous_wide());
    text_set_ambiguous_wide(true);
    assert_true(text_ambiguous_wide());
    text_set_ambiguous_wide(false);
    assert_true(text_is_ambiguous(0x201C));
    assert_true(text_is_ambiguous(0x00B7));
    assert_true(text_is_ambiguous(0xFFFD));
    assert_false(text_is_ambiguous('a'));
    assert_false(text_is_ambiguous(0x4E2D));
}

static void test_advance_and_width(void **state)
{
    (void)state;
    assert_int_equal(text_advance(S("\t"), 0), 8);
    assert_int_equal(text_advance(S("\t"), 3), 5);
    assert_int_equal(text_advance(S("\t"), 7), 1);
    assert_int_equal(text_advance(S("\t"), 8), 8);
    assert_int_equal(text_advance(S("\xE4\xB8\xAD"), 5), 2);
    /* 61 09 E4 B8 AD 65 CC 81: a, tab to 8, 中, é */
    assert_int_equal(text_width(S("a\t\xE4\xB8\xAD" "e\xCC\x81")), 11);
    assert_int_equal(text_width(S("")), 0);
    /* the seed's "主持人:" is 7 columns */
    assert_int_equal(text_width(S("\xE4\xB8\xBB\xE6\x8C\x81\xE4\xBA\xBA:")), 7);
}

/* ---- drawing safely -------------------------------------------------------- */

static int libc_width(const char *s, size_t n)
{
    int sum = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    for (size_t i = 0; i < n;) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, s + i, n - i, &st);
        if (k == 0 || k > n - i)
            return -1;
        int w = wcwidth(wc);
        if (w < 0)
            return -1;
        sum += w;
        i += k;
    }
    return sum;
}

/* The width a terminal and the C library agree on for drawn bytes: -1 when
 * the C library does not know a character, or (ambiguous wide) when it says
 * 1 for an ambiguous character the terminal draws 2 wide. */
static int undisputed_width(const char *s, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return -1;
        int w = wcwidth((wchar_t)cp);
        if (w < 0 || (w == 1 && text_ambiguous_wide() && text_is_ambiguous((uint32_t)cp)))
            return -1;
        sum += w;
        i += (size_t)k;
    }
    return sum;
}

static void check_drawable(const char *s, size_t n, const char *what)
{
    char buf[TEXT_DRAW_MAX];
    size_t dn;
    int w = text_cluster_width(s, n);
    const char *d = text_cluster_drawable(s, n, w, buf, &dn);
    assert_true(dn <= (d == s ? n : TEXT_DRAW_MAX));
    if (undisputed_width(d, dn) != w)
        fail_msg("%s: drawable of width %d, %s mode, is %d wide", what, w,
                 text_ambiguous_wide() ? "wide" : "narrow", undisputed_width(d, dn));
}

/* Every code point: widths 0..2, ambiguous rules, and a drawable form whose
 * width no one disputes (utf8proc's test/charwidth.c loops the same way). */
static void test_whole_range(void **state)
{
    (void)state;
    char s[4], what[32];
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        size_t n = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)s);
        assert_int_equal(text_cluster_len(s, n), n);
        text_set_ambiguous_wide(false);
        int narrow = text_cluster_width(s, n);
        snprintf(what, sizeof what, "U+%04X", (unsigned)cp);
        check_drawable(s, n, what);
        text_set_ambiguous_wide(true);
        int wide = text_cluster_width(s, n);
        check_drawable(s, n, what);
        text_set_ambiguous_wide(false);
        if (narrow < 0 || narrow > 2 || wide < 0 || wide > 2)
            fail_msg("%s: width %d/%d", what, narrow, wide);
        if (wide != (text_is_ambiguous(cp) && narrow == 1 ? 2 : narrow))
            fail_msg("%s: ambiguous %d, width %d/%d", what, text_is_ambiguous(cp), narrow, wide);
        if ((cp < 0x20 || cp == 0x7F) && narrow != (cp == '\t'))
            fail_msg("%s: control of width %d", what, narrow);
        int u = utf8proc_charwidth((utf8proc_int32_t)cp);
        if (cp >= 0x20 && cp != 0x2028 && cp != 0x2029 && narrow != u)
            fail_msg("%s: width %d, utf8proc %d", what, narrow, u);
    }
}

static void test_drawable_clusters(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof cluster_cases / sizeof cluster_cases[0]; k++) {
        const cluster_case *c = &cluster_cases[k];
        text_set_ambiguous_wide(false);
        check_drawable(c->s, c->len, c->name);
        text_set_ambiguous_wide(true);
        check_drawable(c->s, c->len, c->name);
        text_set_ambiguous_wide(false);
    }
}

typedef struct draw_case {
    const char *name;
    const char *s;
    size_t n;
    bool wide;        /* ambiguous characters wide */
    const char *want; /* NULL: the cluster itself */
} draw_case;

static const draw_case draw_cases[] = {
    /* E4 B8 AD: 中, agreed on: itself */
    {"han", S("\xE4\xB8\xAD"), false, NULL},
    /* 65 CC 81: e + combining acute: itself */
    {"combining", S("e\xCC\x81"), false, NULL},
    /* E2 80 9C: “ narrow: itself */
    {"quote narrow", S("\xE2\x80\x9C"), false, NULL},
    /* E2 80 9C / E2 80 9D: “ ” wide: ＂ EF BC 82 */
    {"left quote wide", S("\xE2\x80\x9C"), true, "\xEF\xBC\x82"},
    {"right quote wide", S("\xE2\x80\x9D"), true, "\xEF\xBC\x82"},
    /* E2 80 98 / E2 80 99: ‘ ’ wide: ＇ EF BC 87 */
    {"single quote wide", S("\xE2\x80\x99"), true, "\xEF\xBC\x87"},
    /* C2 B7: · wide: ・ E3 83 BB */
    {"middle dot wide", S("\xC2\xB7"), true, "\xE3\x83\xBB"},
    /* E2 80 94: — wide: ー E3 83 BC */
    {"em dash wide", S("\xE2\x80\x94"), true, "\xE3\x83\xBC"},
    /* E2 80 A6: … wide: two full stops */
    {"ellipsis wide", S("\xE2\x80\xA6"), true, ".."},
    /* C3 A9: é wide: fullwidth ｅ EF BD 85 */
    {"e acute wide", S("\xC3\xA9"), true, "\xEF\xBD\x85"},
    /* E2 91 A0: ① wide: fullwidth １ EF BC 91 */
    {"circled one wide", S("\xE2\x91\xA0"), true, "\xEF\xBC\x91"},
    /* CE B1: α wide: no close form, 〓 E3 80 93 */
    {"alpha wide", S("\xCE\xB1"), true, "\xE3\x80\x93"},
    /* EF BF BD: U+FFFD wide: ？ EF BC 9F */
    {"replacement wide", S("\xEF\xBF\xBD"), true, "\xEF\xBC\x9F"},
    /* F0 9F A9 B7: 🩷 U+1FA77 unknown to glibc 2.36: 〓 */
    {"pink heart", S("\xF0\x9F\xA9\xB7"), false, "\xE3\x80\x93"},
    /* E2 9D A4 EF B8 8F: ❤ + VS16 is 2 wide, the C library says 1: ❤ + space */
    {"heart vs16", S("\xE2\x9D\xA4\xEF\xB8\x8F"), false, "\xE2\x9D\xA4 "},
    /* 31 EF B8 8F E2 83 A3: keycap 1: '1' + space */
    {"keycap", S("1\xEF\xB8\x8F\xE2\x83\xA3"), false, "1 "},
    /* 👨‍👩‍👧: the C library adds up 6 columns: the first emoji alone */
    {"zwj family", S("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"),
     false, "\xF0\x9F\x91\xA8"},
    /* 👍🏽: thumbs up + skin tone, 4 columns to the C library: 👍 alone */
    {"modifier", S("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"), false, "\xF0\x9F\x91\x8D"},
    /* 🇯🇵: two regional indicators, 1 + 1 to the C library: itself */
    {"flag", S("\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5"), false, NULL},
    /* CD B8: U+0378 unassigned, width 1, unknown to the C library: '?' */
    {"unassigned", S("\xCD\xB8"), false, "?"},
    /* E2 80 A8: LINE SEPARATOR, width 1, shown as '?' */
    {"line separator", S("\xE2\x80\xA8"), false, "?"},
};

static void test_drawable_table(void **state)
{
    (void)state;
    char buf[TEXT_DRAW_MAX];
    for (size_t k = 0; k < sizeof draw_cases / sizeof draw_cases[0]; k++) {
        const draw_case *c = &draw_cases[k];
        text_set_ambiguous_wide(c->wide);
        size_t n;
        int w = text_cluster_width(c->s, c->n);
        const char *d = text_cluster_drawable(c->s, c->n, w, buf, &n);
        text_set_ambiguous_wide(false);
        const char *want = c->want ? c->want : c->s;
        size_t wn = c->want ? strlen(c->want) : c->n;
        if (n != wn || memcmp(d, want, n) != 0)
            fail_msg("case '%s': drew \"%.*s\" (%zu bytes)", c->name, (int)n, d, n);
        if (!c->want)
            assert_ptr_equal(d, c->s); /* no copy when nothing changes */
    }
}

static void test_drawable(void **state)
{
    (void)state;
    char buf[TEXT_DRAW_MAX];
    size_t n;
    const char *d;
    /* 中: the C library agrees: drawn as itself */
    d = text_cluster_drawable(S("\xE4\xB8\xAD"), 2, buf, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(d, "\xE4\xB8\xAD", 3);
    /* 🩷 U+1FA77: wcwidth -1 here; a 2-column stand-in */
    d = text_cluster_drawable(S("\xF0\x9F\xA9\xB7"), 2, buf, &n);
    assert_int_equal(libc_width(d, n), 2);
    /* “ in wide mode: ＂ */
    text_set_ambiguous_wide(true);
    d = text_cluster_drawable(S("\xE2\x80\x9C"), 2, buf, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(d, "\xEF\xBC\x82", 3);
    text_set_ambiguous_wide(false);
    /* “ in narrow mode: itself */
    d = text_cluster_drawable(S("\xE2\x80\x9C"), 1, buf, &n);
    assert_memory_equal(d, "\xE2\x80\x9C", 3);
    /* tab at a known advance: spaces */
    d = text_cluster_drawable(S("\t"), 5, buf, &n);
    assert_int_equal(n, 5);
    assert_memory_equal(d, "     ", 5);
}

/* text_line_after: the start of the first line at or after a byte, so a
 * sample cut there never splits a line (or a character inside it). */
static void test_line_after(void **state)
{
    (void)state;
    const char *s = "ab\n中文\n\nlast";
    size_t n = strlen(s);
    assert_int_equal(text_line_after(s, n, 0), 0);
    assert_int_equal(text_line_after(s, n, 1), 3);  /* inside "ab": the next line */
    assert_int_equal(text_line_after(s, n, 3), 3);  /* a line's own start */
    assert_int_equal(text_line_after(s, n, 5), 10); /* inside 中: past its line */
    assert_int_equal(text_line_after(s, n, 10), 10); /* the blank line */
    assert_int_equal(text_line_after(s, n, 12), n);  /* inside the last line */
    assert_int_equal(text_line_after(s, n, n + 5), n);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        fprintf(stderr, "test_text: no C.UTF-8 locale; wcwidth checks may fail\n");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_table),    cmocka_unit_test(test_decode_lines),
        cmocka_unit_test(test_source_offsets),  cmocka_unit_test(test_map_sparse),
        cmocka_unit_test(test_decode_invariants), cmocka_unit_test(test_decode_growth),
        cmocka_unit_test(test_looks_binary),    cmocka_unit_test(test_cluster_table),
        cmocka_unit_test(test_ambiguous_setting), cmocka_unit_test(test_advance_and_width),
        cmocka_unit_test(test_drawable),        cmocka_unit_test(test_drawable_table),
        cmocka_unit_test(test_drawable_clusters), cmocka_unit_test(test_whole_range),
        cmocka_unit_test(test_line_after),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
