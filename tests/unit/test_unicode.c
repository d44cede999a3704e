/* Unicode's own conformance tests, run through duet's code:
 *
 *   GraphemeBreakTest.txt  through text_cluster_len: must pass 100%.
 *   LineBreakTest.txt      through wrap_breaks, the break layer wrap_text
 *                          uses: the pass rate is printed; every failing
 *                          line must be listed, with its reason, in
 *                          tests/unit/linebreak-known-failures.txt.
 *
 * The files come from Debian's unicode-data ($UNICODE/auxiliary, UNICODE
 * defaulting to /usr/share/unicode). A missing file skips its test with a
 * message rather than failing: the data is a build dependency, not ours. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "text.h"
#include "wrap.h"

#define KNOWN_FAILURES "tests/unit/linebreak-known-failures.txt"
#define MAX_CPS 64

/* One test line: code points, and whether a break is expected before each
 * (brk[k] for the position before cps[k]; brk[ncps] is the end). */
typedef struct break_case {
    uint32_t cps[MAX_CPS];
    bool brk[MAX_CPS + 1];
    size_t ncps;
    char key[MAX_CPS * 7]; /* the code points as written: "0041 0020 4E00" */
    char comment[1024];
} break_case;

static FILE *open_data(const char *name)
{
    const char *dir = getenv("UNICODE");
    char path[1024];
    snprintf(path, sizeof path, "%s/auxiliary/%s", dir && *dir ? dir : "/usr/share/unicode", name);
    FILE *f = fopen(path, "r");
    if (!f)
        printf("SKIP: %s not found (install unicode-data or set UNICODE)\n", path);
    return f;
}

/* Parses "÷ 0041 × 0308 ÷ # comment"; false for comments and blank lines. */
static bool parse_case(const char *line, break_case *c)
{
    memset(c, 0, sizeof *c);
    const char *hash = strchr(line, '#');
    size_t datalen = hash ? (size_t)(hash - line) : strlen(line);
    if (hash)
        snprintf(c->comment, sizeof c->comment, "%s", hash + 1);
    const char *p = line, *end = line + datalen;
    bool any = false;
    while (p < end) {
        if (strncmp(p, "\xC3\xB7", 2) == 0) { /* ÷ */
            c->brk[c->ncps] = true;
            p += 2;
        } else if (strncmp(p, "\xC3\x97", 2) == 0) { /* × */
            c->brk[c->ncps] = false;
            p += 2;
        } else if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'F')) {
            char *q;
            unsigned long v = strtoul(p, &q, 16);
            if (c->ncps == MAX_CPS)
                return false;
            size_t kl = strlen(c->key);
            snprintf(c->key + kl, sizeof c->key - kl, "%s%.*s", kl ? " " : "", (int)(q - p), p);
            c->cps[c->ncps++] = (uint32_t)v;
            p = q;
            any = true;
        } else
            p++;
    }
    return any;
}

/* UTF-8 of the case's code points; off[k] is where cps[k] starts. */
static size_t case_utf8(const break_case *c, char *buf, size_t off[MAX_CPS + 1])
{
    size_t n = 0;
    for (size_t k = 0; k < c->ncps; k++) {
        off[k] = n;
        n += (size_t)utf8proc_encode_char((utf8proc_int32_t)c->cps[k], (utf8proc_uint8_t *)buf + n);
    }
    off[c->ncps] = n;
    return n;
}

/* ---- grapheme clusters ------------------------------------------------------ */

static void test_grapheme_break(void **state)
{
    (void)state;
    FILE *f = open_data("GraphemeBreakTest.txt");
    if (!f) {
        skip();
        return;
    }
    char line[4096], buf[MAX_CPS * 4 + 1];
    size_t off[MAX_CPS + 1], total = 0, passed = 0;
    break_case c;
    while (fgets(line, sizeof line, f)) {
        if (!parse_case(line, &c))
            continue;
        size_t n = case_utf8(&c, buf, off);
        /* Expected boundaries, as byte offsets, against those found. */
        bool ok = true;
        size_t pos = 0, k = 0;
        while (pos < n) {
            pos += text_cluster_len(buf + pos, n - pos);
            while (k < c.ncps && off[k + 1] < pos) { /* no break inside */
                if (c.brk[k + 1])
                    ok = false;
                k++;
            }
            if (k < c.ncps && off[k + 1] == pos)
                k++;
            else
                ok = false;
            if (!c.brk[k])
                ok = false;
        }
        total++;
        passed += ok;
        if (!ok)
            printf("grapheme FAIL: %s  #%s", c.key, c.comment);
    }
    fclose(f);
    printf("GraphemeBreakTest.txt: %zu/%zu passed (%.2f%%)\n", passed, total,
           total ? 100.0 * (double)passed / (double)total : 0.0);
    assert_true(total > 500);
    assert_int_equal(passed, total);
}

/* ---- line breaking ---------------------------------------------------------- */

typedef struct known {
    char **keys;
    bool *seen;
    size_t n;
} known;

/* Reads the known-failures file: "HEX HEX ... ; reason" per line. */
static known known_load(void)
{
    known k = {0};
    FILE *f = fopen(KNOWN_FAILURES, "r");
    if (!f)
        return k;
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        char *semi = strchr(line, ';');
        if (line[0] == '#' || !semi)
            continue;
        char *e = semi;
        while (e > line && e[-1] == ' ')
            e--;
        const char *reason = semi + 1;
        while (*reason == ' ')
            reason++;
        assert_true(*reason != '\n' && *reason != '\0'); /* a reason per entry */
        k.keys = realloc(k.keys, (k.n + 1) * sizeof *k.keys);
        k.seen = realloc(k.seen, (k.n + 1) * sizeof *k.seen);
        assert_non_null(k.keys);
        assert_non_null(k.seen);
        k.keys[k.n] = strndup(line, (size_t)(e - line));
        k.seen[k.n++] = false;
    }
    fclose(f);
    return k;
}

static bool known_has(known *k, const char *key)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->keys[i], key) == 0)
            return k->seen[i] = true;
    return false;
}

/* Han, kana, Latin letters, digits, spaces, ordinary punctuation: the text
 * duet exists for. A failure among these needs a tailoring or a reason. */
static bool cp_is_everyday(uint32_t cp)
{
    static const uint32_t ranges[][2] = {
        {0x0020, 0x007E}, {0x00A1, 0x00A1}, {0x00AB, 0x00AB}, {0x00B7, 0x00B7},
        {0x00BB, 0x00BB}, {0x00BF, 0x024F}, {0x1E00, 0x1EFF}, {0x2010, 0x2027},
        {0x2030, 0x203A}, {0x2E80, 0x2FDF}, {0x3000, 0x303F}, {0x3040, 0x30FF},
        {0x31F0, 0x31FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF},
        {0xFF01, 0xFF9F}, {0x1B000, 0x1B16F}, {0x20000, 0x3FFFF},
    };
    if (cp == 0x00D7 || cp == 0x00F7)
        return false;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (cp >= ranges[i][0] && cp <= ranges[i][1])
            return true;
    return false;
}

static void test_line_break(void **state)
{
    (void)state;
    FILE *f = open_data("LineBreakTest.txt");
    if (!f) {
        skip();
        return;
    }
    known kn = known_load();
    char line[4096], buf[MAX_CPS * 4 + 1], brk[MAX_CPS * 4 + 1];
    size_t off[MAX_CPS + 1], total = 0, passed = 0, everyday_fail = 0, unexpected = 0;
    break_case c;
    while (fgets(line, sizeof line, f)) {
        if (!parse_case(line, &c))
            continue;
        size_t n = case_utf8(&c, buf, off);
        wrap_breaks(buf, n, brk);
        bool ok = true;
        for (size_t k = 1; k < c.ncps; k++) /* sot and eot are not ours */
            if ((brk[off[k]] != WRAP_NO) != c.brk[k])
                ok = false;
        total++;
        if (ok) {
            passed++;
            continue;
        }
        bool everyday = true;
        for (size_t k = 0; k < c.ncps; k++)
            everyday = everyday && cp_is_everyday(c.cps[k]);
        everyday_fail += everyday;
        if (!known_has(&kn, c.key)) {
            unexpected++;
            printf("linebreak FAIL (not in %s): %s%s ; got", KNOWN_FAILURES, c.key,
                   everyday ? " [everyday]" : "");
            for (size_t k = 1; k < c.ncps; k++)
                printf(" %s", brk[off[k]] != WRAP_NO ? "÷" : "×");
            printf("  #%s", c.comment);
        }
    }
    fclose(f);
    size_t stale = 0;
    for (size_t i = 0; i < kn.n; i++) {
        if (!kn.seen[i]) {
            printf("linebreak: known failure now passes (remove it): %s\n", kn.keys[i]);
            stale++;
        }
        free(kn.keys[i]);
    }
    free(kn.keys);
    free(kn.seen);
    printf("LineBreakTest.txt: %zu/%zu passed (%.2f%%); %zu failures, %zu of them everyday text; "
           "%zu not in the known-failures file, %zu stale entries\n",
           passed, total, total ? 100.0 * (double)passed / (double)total : 0.0, total - passed,
           everyday_fail, unexpected, stale);
    assert_true(total > 7000);
    assert_int_equal(unexpected, 0);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grapheme_break),
        cmocka_unit_test(test_line_break),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
