/* fuzz_decode — detecting the encoding of any bytes and converting them to
 * UTF-8 (encoding.h), decoding and sanitising them (text.h), and the
 * escapes that carry text into JSON, TSV, Markdown and messages (escape.h).
 *
 * Invariants: the sanitised buffer is valid UTF-8 with nothing a terminal
 * acts on but '\n' and '\t'; its lines tile it; the offset map is sorted and
 * points inside the source; each cluster's width is 0..2 and its drawable
 * stand-in is inert too; escape_text and escape_md leave no control, JSON
 * strings parse, and TSV fields decode back to what was encoded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "encoding.h"
#include "escape.h"
#include "text.h"

static void fuzz_decode_lines(const text_decoded *t)
{
    size_t next = 0;
    for (size_t i = 0; i < t->nlines; i++) {
        const text_line *l = &t->lines[i];
        CHECK(l->start == next, "line %zu starts at %zu, not %zu", i, (size_t)l->start, next);
        CHECK(l->start + l->len <= t->len, "line %zu runs past the buffer", i);
        CHECK(!memchr(t->buf + l->start, '\n', l->len), "line %zu holds a line end", i);
        next = l->start + l->len;
        if (next < t->len) {
            CHECK(t->buf[next] == '\n', "line %zu not followed by a line end", i);
            next++;
        }
    }
    CHECK(next == t->len, "lines cover %zu of %zu bytes", next, t->len);
}

static void fuzz_decode_map(const text_decoded *t, size_t n)
{
    for (size_t k = 1; k < t->nmap; k++)
        CHECK(t->map[k - 1].out <= t->map[k].out, "map not sorted at %zu", k);
    size_t prev = 0;
    for (size_t o = 0; o <= t->len; o++) {
        size_t src = text_source_offset(t, o);
        CHECK(src <= n, "byte %zu maps to %zu past the source (%zu)", o, src, n);
        CHECK(src >= prev, "source offsets go back at %zu", o);
        prev = src;
    }
}

/* Every cluster of every line: length, width, and a drawable stand-in. */
static void fuzz_decode_clusters(const text_decoded *t)
{
    for (size_t i = 0; i < t->nlines; i++) {
        const char *s = t->buf + t->lines[i].start;
        size_t n = t->lines[i].len;
        int col = 0;
        for (size_t at = 0; at < n;) {
            size_t k = text_cluster_len(s + at, n - at);
            CHECK(k >= 1 && k <= n - at, "cluster length %zu", k);
            int w = text_cluster_width(NULL, s + at, k);
            CHECK(w >= 0 && w <= 2, "cluster width %d", w);
            int adv = text_advance(NULL, s + at, k, col);
            CHECK(adv >= 0 && adv <= 8, "advance %d", adv);
            char buf[TEXT_DRAW_MAX];
            size_t dn = 0;
            const char *d = text_cluster_drawable(NULL, s + at, k, s[at] == '\t' ? adv : w, buf, &dn);
            size_t bad = 0;
            CHECK(check_utf8(d, dn) && check_inert(d, dn, "", &bad), "drawable not inert");
            col += adv;
            at += k;
        }
        CHECK(text_width(s, n) >= 0, "negative width");
    }
}

static void fuzz_decode_escapes(const char *s, size_t n)
{
    check_capture c;
    size_t on, at = 0;
    char *o;

    escape_text(check_capture_begin(&c), s, n);
    o = check_capture_end(&c, &on);
    CHECK(check_utf8(o, on) && check_inert(o, on, "", &at), "escape_text leaks at %zu", at);
    free(o);

    escape_md(check_capture_begin(&c), s, n, "> ");
    o = check_capture_end(&c, &on);
    CHECK(check_utf8(o, on) && check_inert(o, on, "\n\t", &at), "escape_md leaks at %zu", at);
    free(o);

    escape_json(check_capture_begin(&c), s, n);
    o = check_capture_end(&c, &on);
    CHECK(check_json(o, on), "escape_json is not a JSON string");
    CHECK(check_inert(o, on, "", &at), "escape_json leaks a control at %zu", at);
    free(o);

    escape_tsv(check_capture_begin(&c), s, n);
    o = check_capture_end(&c, &on);
    CHECK(!memchr(o, '\t', on) && !memchr(o, '\n', on) && !memchr(o, '\r', on),
          "escape_tsv left a tab or line end");
    size_t dn = escape_tsv_decode(o, on, o);
    CHECK(dn == n && memcmp(o, s, n) == 0, "TSV round trip changed the field");
    free(o);
}

/* Detection and conversion take any bytes: the result is NUL-terminated,
 * and what iconv converted is valid UTF-8 (bad input as U+FFFD). */
static void fuzz_decode_encodings(const char *src, size_t size)
{
    static const char *const forced[] = {NULL, "GB18030", "BIG5", "UTF-16LE"};
    (void)encoding_looks_binary(src, size, false);
    (void)encoding_detect(src, size);
    for (size_t k = 0; k < sizeof forced / sizeof forced[0]; k++) {
        char *b = malloc(size + 1);
        CHECK(b != NULL, "out of memory");
        memcpy(b, src, size);
        b[size] = '\0';
        size_t n = size;
        encoding_info info;
        if (encoding_to_utf8(&b, &n, forced[k], &info) == ST_OK) {
            CHECK(b[n] == '\0', "converted bytes not NUL-terminated");
            CHECK(!info.converted || check_utf8(b, n), "iconv's output is not valid UTF-8");
        }
        free(b);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    fuzz_decode_encodings(src, size);
    text_decoded t;
    CHECK(text_decode(src, size, &t), "text_decode failed");
    size_t at = 0;
    CHECK(t.buf && t.buf[t.len] == '\0', "not NUL-terminated");
    CHECK(check_utf8(t.buf, t.len), "sanitised text is not valid UTF-8");
    CHECK(check_inert(t.buf, t.len, "\n\t", &at), "control or bidi left at byte %zu", at);
    CHECK(strlen(t.buf) == t.len, "NUL inside the sanitised text");
    fuzz_decode_lines(&t);
    fuzz_decode_map(&t, size);
    fuzz_decode_clusters(&t);
    text_decoded_free(&t);
    fuzz_decode_escapes(src, size);
    return 0;
}
