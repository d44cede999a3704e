/* fuzz_wrap — breaking any sanitised text into lines at any width (wrap.h).
 *
 * Input: two bytes choose the width (1..320) and the ambiguous-width
 * setting; the rest is decoded (text.h) and wrapped whole, hard breaks and
 * all. Invariants: at least one line; lines in order, inside the text, on
 * cluster boundaries; each line's width is what text_advance adds up to and
 * at most the width (a lone cluster wider than the width excepted); no line
 * holds a '\n' or ends in a blank of its own; what lies between lines is
 * only blanks and line ends, so the lines cover every other byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text.h"
#include "wrap.h"

static bool fuzz_wrap_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* cs[i] is 1 where a grapheme cluster starts. */
static char *fuzz_wrap_cluster_starts(const char *s, size_t n)
{
    char *cs = calloc(n + 1, 1);
    CHECK(cs != NULL, "out of memory");
    for (size_t at = 0; at < n;) {
        cs[at] = 1;
        at += text_cluster_len(s + at, n - at);
    }
    cs[n] = 1;
    return cs;
}

static void fuzz_wrap_line(const text_widths *tw, const char *s, const wrap_line *l, int width,
                           const char *cs)
{
    const char *p = s + l->start;
    CHECK(cs[l->start] && cs[l->start + l->len], "line [%u,+%u) cuts a cluster", l->start, l->len);
    CHECK(!memchr(p, '\n', l->len), "line at %u holds a line end", l->start);
    int col = 0, clusters = 0;
    size_t last = 0; /* the last cluster's length */
    for (size_t at = 0; at < l->len; clusters++) {
        size_t k = text_cluster_len(p + at, l->len - at);
        col += text_advance(tw, p + at, k, col);
        at += k;
        last = k;
    }
    CHECK((uint32_t)col == l->width, "line at %u: width %u, its clusters add up to %d",
          l->start, l->width, col);
    CHECK(col <= width || clusters == 1, "line at %u is %d columns in %d", l->start, col, width);
    /* A blank may end a line only inside a cluster (U+0600, a prepended
     * mark, joins the space after it: UAX #29 GB9b), never on its own. */
    if (l->len && last == 1)
        CHECK(p[l->len - 1] != ' ' && p[l->len - 1] != '\t', "line at %u ends in a blank",
              l->start);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int width = 1 + (int)(((unsigned)data[0] << 8 | data[1]) % 320);
    const text_widths tw = {.ambiguous_wide = (data[0] & 0x80) != 0};
    text_decoded t;
    CHECK(text_decode((const char *)data + 2, size - 2, &t), "text_decode failed");
    wrap_line *lines = NULL;
    size_t n = wrap_text(&tw, t.buf, t.len, width, &lines);
    CHECK(n >= 1 && lines, "wrap_text gave no line");
    char *cs = fuzz_wrap_cluster_starts(t.buf, t.len);
    size_t covered = 0;
    for (size_t i = 0; i < n; i++) {
        const wrap_line *l = &lines[i];
        CHECK(l->start >= covered && l->start + l->len <= t.len, "line %zu out of order", i);
        for (size_t b = covered; b < l->start; b++)
            CHECK(fuzz_wrap_blank(t.buf[b]), "byte %zu ('%c') lost between lines", b, t.buf[b]);
        fuzz_wrap_line(&tw, t.buf, l, width, cs);
        covered = l->start + l->len;
    }
    for (size_t b = covered; b < t.len; b++)
        CHECK(fuzz_wrap_blank(t.buf[b]), "byte %zu lost after the last line", b);
    free(cs);
    free(lines);
    text_decoded_free(&t);
    return 0;
}
