/* text — decoding, sanitising, grapheme clusters and display widths.
 *
 * The decoder is the one pass over every byte of a file at start-up, so its
 * inner loop only classifies bytes: runs of printable ASCII and of valid,
 * harmless multi-byte sequences are copied with one memcpy each, and only
 * the rare byte that needs rewriting leaves the loop. The map back to source
 * offsets gets an entry only where the two stop moving together.
 */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <wchar.h>

/* The table tools/gen-eaw.awk generates from EastAsianWidth.txt. */
extern const uint32_t text_eaw_ambiguous[][2];
extern const size_t text_eaw_ambiguous_count;

/* ---- UTF-8 ------------------------------------------------------------- */

/* Length of the well-formed sequence at s (Unicode Table 3-7) with its code
 * point in *cp, or minus the length of its maximal subpart when it is
 * ill-formed: the longest prefix that could still have become well-formed,
 * at least one byte. One U+FFFD replaces each such subpart (the W3C/WHATWG
 * practice, and Unicode's recommended one). */
static inline int utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    int len;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (b >= 0xC2 && b <= 0xDF)
        len = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        if (b == 0xE0)
            lo = 0xA0; /* no overlongs */
        else if (b == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        if (b == 0xF0)
            lo = 0x90; /* no overlongs */
        else if (b == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else
        return -1; /* stray continuation, C0/C1 overlong lead, F5..FF */
    uint32_t c = b & (0x7F >> len);
    for (int k = 1; k < len; k++) {
        if ((size_t)k >= n)
            return -k;
        unsigned char t = s[k];
        if (k == 1 ? (t < lo || t > hi) : (t < 0x80 || t > 0xBF))
            return -k;
        c = (c << 6) | (t & 0x3F);
    }
    *cp = c;
    return len;
}

/* Decodes one code point of valid UTF-8; a bad byte reads as itself
 * (length 1) so that callers given invalid input still make progress. */
static inline int utf8_get(const char *s, size_t n, uint32_t *cp)
{
    int k = utf8_seq((const unsigned char *)s, n, cp);
    if (k < 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return k;
}

static int utf8_put(uint32_t cp, char *out)
{
    utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
    return (int)k;
}

/* ---- decoding and sanitising ------------------------------------------- */

typedef struct decoder {
    text_decoded *t;
    size_t cap, cap_lines, cap_map;
    size_t line_start; /* sanitised offset where the current line began */
    char *adopted;     /* text_decode_owned: the source, while t->buf is it
                          and every byte so far stayed where it was */
} decoder;

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : need < 16 ? 16 : need; /* a first size is exact */
    while (c < need)
        c += c / 2 + 16;
    void *q = realloc(*p, c * size);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

static bool out_reserve(decoder *d, size_t extra)
{
    void *p = d->t->buf;
    bool ok = grow(&p, &d->cap, d->t->len + extra + 1, 1);
    d->t->buf = p;
    return ok;
}

/* Records that sanitised byte `out` on came from source byte `src`. An entry
 * that covered no byte (a dropped BOM) is overwritten. */
static bool map_push(decoder *d, size_t out, size_t src, bool copied)
{
    text_decoded *t = d->t;
    if (t->nmap && t->map[t->nmap - 1].out == out) {
        t->map[t->nmap - 1] = (text_map_entry){out, src, copied};
        return true;
    }
    void *p = t->map;
    bool ok = grow(&p, &d->cap_map, t->nmap + 1, sizeof *t->map);
    t->map = p;
    if (ok)
        t->map[t->nmap++] = (text_map_entry){out, src, copied};
    return ok;
}

/* A copied run starting at out/src: only needs an entry when the previous
 * entry does not already predict it. */
static bool map_copy(decoder *d, size_t out, size_t src)
{
    const text_decoded *t = d->t;
    if (t->nmap) {
        const text_map_entry *e = &t->map[t->nmap - 1];
        if (e->copied && e->src + (out - e->out) == src)
            return true;
    }
    return map_push(d, out, src, true);
}

/* Ends the current line at sanitised offset `nl`, where its '\n' sits. */
static bool line_end(decoder *d, size_t nl)
{
    text_decoded *t = d->t;
    if (nl > UINT32_MAX) /* text_line's offsets are 32-bit */
        return false;
    void *p = t->lines;
    bool ok = grow(&p, &d->cap_lines, t->nlines + 1, sizeof *t->lines);
    t->lines = p;
    if (ok) {
        t->lines[t->nlines++] = (text_line){(uint32_t)d->line_start, (uint32_t)(nl - d->line_start)};
        d->line_start = nl + 1;
    }
    return ok;
}

/* Copies source bytes [from, to), which hold no line end but '\n' and need no
 * rewriting; the '\n's in them end lines. */
static bool flush_run(decoder *d, const char *src, size_t from, size_t to)
{
    if (from == to)
        return true;
    text_decoded *t = d->t;
    if (d->adopted) { /* the bytes are already in place */
        t->len = to;
        return true;
    }
    if (!out_reserve(d, to - from) || !map_copy(d, t->len, from))
        return false;
    memcpy(t->buf + t->len, src + from, to - from);
    t->len += to - from;
    return true;
}

/* Appends a replacement for the source bytes starting at `src`. */
static bool put_replacement(decoder *d, size_t src, const char *r, size_t rlen)
{
    text_decoded *t = d->t;
    if (!out_reserve(d, rlen) || !map_push(d, t->len, src, false))
        return false;
    memcpy(t->buf + t->len, r, rlen);
    t->len += rlen;
    return true;
}

/* Code points (of two bytes or more) a terminal would obey rather than show:
 * C1 controls and bidi embeddings, overrides and isolates. */
static inline bool cp_is_hostile(uint32_t cp)
{
    return cp < 0xA0 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The visible form of a control or bidi character. */
static size_t visible_form(uint32_t cp, char out[16])
{
    if (cp < 0x20 || cp == 0x7F) {
        out[0] = '^';
        out[1] = (char)(cp ^ 0x40); /* ^@ .. ^_, and ^? for DEL */
        return 2;
    }
    if (cp < 0xA0)
        return (size_t)snprintf(out, 16, "<%02x>", (unsigned)cp);
    return (size_t)snprintf(out, 16, "<U+%04X>", (unsigned)cp);
}

/* Byte classes for the decoder's inner loop. */
enum { B_COPY, B_LF, B_CTRL, B_HIGH };
static unsigned char byte_class[256];

static void byte_class_init(void)
{
    if (byte_class['a'] == B_COPY && byte_class[0] == B_CTRL)
        return;
    for (int b = 0; b < 256; b++)
        byte_class[b] = b >= 0x80 ? B_HIGH : (b < 0x20 || b == 0x7F) ? B_CTRL : B_COPY;
    byte_class['\t'] = B_COPY;
    byte_class['\n'] = B_LF;
}

/* Handles one byte (or sequence) that leaves the fast loop at src[i];
 * returns how many source bytes it consumed, 0 when memory ran out. */
static size_t decode_special(decoder *d, const char *src, size_t n, size_t i)
{
    text_decoded *t = d->t;
    const unsigned char *s = (const unsigned char *)src;
    char form[16];
    if (s[i] == '\r') {
        /* CR and CRLF end a line as LF does; the '\n' maps to the CR. */
        if (!out_reserve(d, 1) || !map_copy(d, t->len, i))
            return 0;
        t->buf[t->len] = '\n';
        if (!line_end(d, t->len))
            return 0;
        t->len++;
        return (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
    }
    if (s[i] < 0x80) {
        t->controls++;
        t->nuls += s[i] == 0;
        return put_replacement(d, i, form, visible_form(s[i], form)) ? 1 : 0;
    }
    uint32_t cp;
    int k = utf8_seq(s + i, n - i, &cp);
    if (k < 0) {
        t->bad_sequences++;
        return put_replacement(d, i, "\xEF\xBF\xBD", 3) ? (size_t)-k : 0;
    }
    t->controls++;
    return put_replacement(d, i, form, visible_form(cp, form)) ? (size_t)k : 0;
}

/* A byte must be rewritten: from here on the output is a buffer of its
 * own, starting with what was kept in place so far. */
static bool unadopt(decoder *d)
{
    if (!d->adopted)
        return true;
    text_decoded *t = d->t;
    size_t cap = d->cap + d->cap / 16 + 16;
    char *buf = malloc(cap + 1);
    if (!buf)
        return false;
    memcpy(buf, d->adopted, t->len);
    t->buf = buf;
    d->cap = cap;
    d->adopted = NULL; /* text_decode_owned frees it */
    return true;
}

/* The main loop: copies runs, leaves them only for what must be rewritten. */
static bool decode_all(decoder *d, const char *src, size_t n, size_t i)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t run = i; /* start of the pending copied run */
    while (i < n) {
        /* fast paths: eight printable ASCII bytes, a three-byte sequence
         * that is valid and harmless (most of CJK) */
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            const uint64_t hi = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
            uint64_t del = w ^ (0x7F * ones);
            if (!(w & hi) && !((w - 0x20 * ones) & ~w & hi) && !((del - ones) & ~del & hi)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = byte_class[s[i]];
        if (c == B_COPY) {
            i++;
            continue;
        }
        if (c == B_HIGH && n - i >= 3 && s[i] >= 0xE3 && s[i] <= 0xEF && s[i] != 0xED &&
            (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3; /* U+3000..U+FFFF but the surrogates: never hostile */
            continue;
        }
        if (c == B_LF) {
            if (!line_end(d, d->t->len + (i - run)))
                return false;
            i++;
            continue;
        }
        if (c == B_HIGH) {
            uint32_t cp;
            int k = utf8_seq(s + i, n - i, &cp);
            if (k > 0 && !cp_is_hostile(cp)) {
                i += (size_t)k;
                continue;
            }
        }
        if (!flush_run(d, src, run, i) || !unadopt(d))
            return false;
        size_t used = decode_special(d, src, n, i);
        if (!used)
            return false;
        i += used;
        run = i;
    }
    return flush_run(d, src, run, n);
}

/* Gives back what growing left spare (the text lives as long as the doc):
 * a rewritten buffer's slack and the line table's. Never fails. */
static void decoded_trim(decoder *d)
{
    text_decoded *t = d->t;
    if (!d->adopted && d->cap > t->len + 1) {
        char *b = realloc(t->buf, t->len + 1);
        if (b)
            t->buf = b;
    }
    if (t->nlines && d->cap_lines > t->nlines) {
        text_line *l = realloc(t->lines, t->nlines * sizeof *l);
        if (l)
            t->lines = l;
    }
}

/* Ends what decode_all began (ok: it succeeded): the last line, the NUL,
 * the slack given back; on failure the text is freed. */
static bool decode_finish(decoder *d, bool ok)
{
    text_decoded *t = d->t;
    if (ok && d->line_start < t->len)
        ok = line_end(d, t->len);
    if (!ok) {
        text_decoded_free(t);
        return false;
    }
    t->buf[t->len] = '\0';
    decoded_trim(d);
    return true;
}

bool text_decode(const char *src, size_t n, text_decoded *out)
{
    memset(out, 0, sizeof *out);
    byte_class_init();
    decoder d = {.t = out};
    size_t i = 0;
    if (n >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
        out->had_bom = true;
        i = 3;
    }
    /* Most files never need the buffer to grow. */
    bool ok = out_reserve(&d, n - i + n / 16 + 16) && map_push(&d, 0, i, true) &&
              decode_all(&d, src, n, i) && map_copy(&d, out->len, n);
    return decode_finish(&d, ok);
}

bool text_decode_owned(char *src, size_t n, text_decoded *out)
{
    if (n >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) { /* a BOM moves every byte */
        bool ok = text_decode(src, n, out);
        free(src);
        return ok;
    }
    memset(out, 0, sizeof *out);
    byte_class_init();
    decoder d = {.t = out, .adopted = src, .cap = n};
    out->buf = src;
    bool ok = map_push(&d, 0, 0, true) && decode_all(&d, src, n, 0) && map_copy(&d, out->len, n);
    if (!d.adopted) /* rewritten into a buffer of its own (else out->buf is src) */
        free(src);
    return decode_finish(&d, ok);
}

size_t text_line_after(const char *s, size_t n, size_t at)
{
    if (at == 0 || at >= n)
        return at == 0 ? 0 : n;
    if (s[at - 1] == '\n')
        return at;
    const char *nl = memchr(s + at, '\n', n - at);
    return nl ? (size_t)(nl - s) + 1 : n;
}

void text_decoded_free(text_decoded *t)
{
    if (!t)
        return;
    free(t->buf);
    free(t->lines);
    free(t->map);
    memset(t, 0, sizeof *t);
}

size_t text_source_offset(const text_decoded *t, size_t out)
{
    if (!t->nmap)
        return out;
    size_t lo = 0, hi = t->nmap; /* last entry with .out <= out */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->map[mid].out <= out)
            lo = mid;
        else
            hi = mid;
    }
    const text_map_entry *e = &t->map[lo];
    if (out < e->out)
        return e->src;
    return e->copied ? e->src + (out - e->out) : e->src;
}

/* Signatures of common binary formats that may start with few bad bytes. */
static bool has_binary_magic(const unsigned char *s, size_t n)
{
    static const struct {
        const char *magic;
        size_t len;
    } magics[] = {
        {"\x89PNG\r\n\x1a\n", 8}, {"\x7f" "ELF", 4},      {"\x1f\x8b", 2},
        {"PK\x03\x04", 4},        {"\xfd" "7zXZ\0", 6},   {"\x28\xb5\x2f\xfd", 4},
        {"GIF8", 4},              {"\xff\xd8\xff", 3},    {"%PDF-", 5},
        {"\xff\xfe", 2},          {"\xfe\xff", 2},
    };
    for (size_t k = 0; k < sizeof magics / sizeof magics[0]; k++)
        if (n >= magics[k].len && memcmp(s, magics[k].magic, magics[k].len) == 0)
            return true;
    return false;
}

/* Of the first `lim` bytes of s[0, n): how many are NUL, and how many
 * invalid UTF-8 sequences and valid multi-byte ones there are (a sequence
 * cut by the sample's end is not counted). */
static void binary_census(const unsigned char *s, size_t n, size_t lim, size_t *nuls,
                          size_t *bad, size_t *good)
{
    *nuls = *bad = *good = 0;
    for (size_t i = 0; i < lim;) {
        unsigned char b = s[i];
        if (b < 0x80) {
            *nuls += b == 0;
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_seq(s + i, n - i, &cp);
        if (k < 0 && i + (size_t)-k >= lim && lim < n)
            break; /* a sequence cut by the sample's end */
        *bad += k < 0;
        *good += k > 0;
        i += (size_t)(k < 0 ? -k : k);
    }
}

/* Bytes that decode in no encoding duet reads: mostly invalid UTF-8 (more
 * than five invalid sequences, and more of them than valid ones). The one
 * place to ask other encodings first: a reader of legacy encodings (GB18030,
 * Big5, UTF-16 by its BOM) says here whether the bytes are valid in one of
 * them, and they are text. */
static bool binary_undecodable(size_t bad, size_t good)
{
    return bad > 5 && bad > good;
}

bool text_looks_binary(const char *src, size_t n)
{
    /* A file says it is not text by a magic number, by NUL bytes (one stray
     * NUL is a text with a flaw), or by bytes that decode in no encoding.
     * Control characters alone never make it binary: they are shown in
     * visible form (^[, <9b>), as everything the sanitiser rewrites. */
    const unsigned char *s = (const unsigned char *)src;
    if (has_binary_magic(s, n))
        return true;
    size_t lim = n < 512 ? n : 512, nuls, bad, good;
    binary_census(s, n, lim, &nuls, &bad, &good);
    return nuls >= 2 || binary_undecodable(bad, good);
}

/* ---- grapheme clusters and widths --------------------------------------- */

static bool ambiguous_wide;

void text_set_ambiguous_wide(bool wide) { ambiguous_wide = wide; }
bool text_ambiguous_wide(void) { return ambiguous_wide; }

bool text_is_ambiguous(uint32_t cp)
{
    size_t lo = 0, hi = text_eaw_ambiguous_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < text_eaw_ambiguous[mid][0])
            hi = mid;
        else if (cp > text_eaw_ambiguous[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* Three-byte characters common in Chinese text that are wide, never
 * ambiguous, never emoji, and of grapheme class Other (so a cluster breaks
 * before and after them unless a mark follows): CJK ideographs U+4000–U+9FFF
 * but the Yijing hexagrams U+4DC0–U+4DFF (narrow), U+3000–U+3029 (ideographic
 * space and punctuation, before the combining tone marks U+302A–U+302F), and
 * the fullwidth forms U+FF01–U+FF60. A fast path, no more. */
static inline bool plain_wide3(const unsigned char *p)
{
    if (p[0] >= 0xE4 && p[0] <= 0xE9)
        return !(p[0] == 0xE4 && p[1] == 0xB7);
    if (p[0] == 0xE3)
        return p[1] == 0x80 && p[2] <= 0xA9;
    if (p[0] == 0xEF)
        return (p[1] == 0xBC && p[2] >= 0x81) || (p[1] == 0xBD && p[2] <= 0xA0);
    return false;
}

size_t text_cluster_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n <= 1)
        return n ? 1 : 0;
    /* ASCII before ASCII always breaks, except CR LF; so does anything of
     * class Other before a plain wide character. */
    if (u[0] < 0x80 && u[0] != '\r' && (u[1] < 0x80 || (n >= 4 && plain_wide3(u + 1))))
        return 1;
    if (n >= 3 && plain_wide3(u) && (n == 3 || u[3] < 0x80 || (n >= 6 && plain_wide3(u + 3))))
        return 3;
    utf8proc_int32_t state = 0;
    uint32_t prev, cp;
    size_t pos = (size_t)utf8_get(s, n, &prev);
    while (pos < n) {
        int k = utf8_get(s + pos, n - pos, &cp);
        if (utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev, (utf8proc_int32_t)cp, &state))
            break;
        pos += (size_t)k;
        prev = cp;
    }
    return pos;
}

/* Width of one code point on its own: utf8proc's, with ambiguous characters
 * widened when asked (only those that would be 1: combining marks stay 0). */
static int cp_width(uint32_t cp)
{
    int w = utf8proc_charwidth((utf8proc_int32_t)cp);
    if (w == 1 && ambiguous_wide && text_is_ambiguous(cp))
        return 2;
    if (cp == 0x2028 || cp == 0x2029)
        return 1; /* kept as text and shown visibly (text.h) */
    return w;
}

static bool cp_is_pictographic(uint32_t cp)
{
    return utf8proc_get_property((utf8proc_int32_t)cp)->boundclass ==
           UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC;
}

/* Width of a cluster of more than one code point: the widths add up, capped
 * at 2. That covers a base and its zero-width marks, a flag (two regional
 * indicators, 1 + 1), ZWJ sequences and skin-tone modifiers (a wide emoji
 * or a wide modifier among them), tag sequences (a wide black flag), and a
 * Hangul syllable spelt with conjoining jamo (2 + 1 + 1 in utf8proc). What
 * the sum misses are emoji presentation sequences on a narrow base: a
 * pictograph with VS16 (❤️) and keycaps (1️⃣), one wide glyph each. */
static int cluster_width_multi(const char *s, size_t len)
{
    uint32_t c0, cp;
    size_t pos = (size_t)utf8_get(s, len, &c0);
    bool pict = cp_is_pictographic(c0);
    bool keycap_base = (c0 >= '0' && c0 <= '9') || c0 == '#' || c0 == '*';
    int w = cp_width(c0);
    while (pos < len) {
        pos += (size_t)utf8_get(s + pos, len - pos, &cp);
        if ((pict && cp == 0xFE0F) || (keycap_base && (cp == 0xFE0F || cp == 0x20E3)))
            return 2;
        w += cp_width(cp);
    }
    return w > 2 ? 2 : w;
}

int text_cluster_width(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    unsigned char b = (unsigned char)s[0];
    if (b < 0x80 && len == 1)
        return (b >= 0x20 && b < 0x7F) || b == '\t' ? 1 : 0;
    if (len == 3 && plain_wide3((const unsigned char *)s))
        return 2;
    uint32_t cp;
    int k = utf8_get(s, len, &cp);
    if ((size_t)k == len)
        return cp_width(cp);
    return cluster_width_multi(s, len);
}

int text_advance(const char *s, size_t len, int col)
{
    if (len == 1 && s[0] == '\t')
        return 8 - col % 8;
    return text_cluster_width(s, len);
}

int text_width(const char *s, size_t n)
{
    int col = 0;
    for (size_t i = 0; i < n;) {
        size_t k = text_cluster_len(s + i, n - i);
        col += text_advance(s + i, k, col);
        i += k;
    }
    return col;
}

/* ---- drawing safely ----------------------------------------------------- */

/* Width the terminal and the C library agree on for one code point, or -1
 * when they may not: unknown to the C library, or ambiguous while the
 * terminal draws ambiguous characters wide (the C library says 1). */
static int cp_undisputed_width(uint32_t cp)
{
    int w = wcwidth((wchar_t)cp);
    if (w == 1 && ambiguous_wide && text_is_ambiguous(cp))
        return -1;
    return w;
}

static int cluster_undisputed_width(const char *s, size_t len)
{
    int sum = 0;
    for (size_t pos = 0; pos < len;) {
        uint32_t cp;
        pos += (size_t)utf8_get(s + pos, len - pos, &cp);
        int w = cp_undisputed_width(cp);
        if (w < 0)
            return -1;
        sum += w;
    }
    return sum;
}

/* Wide stand-ins for ambiguous characters drawn 2 columns wide: visually
 * close fullwidth or wide forms, or two ASCII characters. */
static const char *wide_form_lookup(uint32_t cp)
{
    switch (cp) {
    case 0x201C: case 0x201D: case 0x201E: case 0x2033: case 0x00A8:
        return "\xEF\xBC\x82"; /* “ ” „ ″ ¨ -> ＂ U+FF02 */
    case 0x2018: case 0x2019: case 0x2032: case 0x00B4:
        return "\xEF\xBC\x87"; /* ‘ ’ ′ ´ -> ＇ U+FF07 */
    case 0x00B7: case 0x2022: case 0x2027: case 0x2219: case 0x22C5:
        return "\xE3\x83\xBB"; /* · • ‧ ∙ ⋅ -> ・ U+30FB */
    case 0x2014: case 0x2015: case 0x2500: case 0x2501:
        return "\xE3\x83\xBC"; /* — ― ─ ━ -> ー U+30FC */
    case 0x2013: case 0x2010:
        return "\xEF\xBC\x8D"; /* – ‐ -> － U+FF0D */
    case 0x2026: case 0x2025:
        return ".."; /* … ‥ -> two full stops */
    case 0x00B0:
        return "\xE3\x82\x9C"; /* ° -> ゜ U+309C */
    case 0x00D7:
        return "\xEF\xBD\x98"; /* × -> ｘ U+FF58 */
    case 0x2502: case 0x2503:
        return "\xEF\xBD\x9C"; /* │ ┃ -> ｜ U+FF5C */
    case 0x00A7:
        return "\xEF\xBC\x83"; /* § -> ＃ U+FF03 */
    case 0xFFFD:
        return "\xEF\xBC\x9F"; /* U+FFFD -> ？ U+FF1F */
    default:
        return NULL;
    }
}

/* A fullwidth form of what an ambiguous character decomposes to, when that
 * is one printable ASCII character plus marks (é -> ｅ, ① -> １, ² -> ２). */
static bool wide_from_decomposition(uint32_t cp, char out[8], size_t *outlen)
{
    utf8proc_int32_t dec[8];
    int last = 0;
    utf8proc_ssize_t nd = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 8,
                                                  UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
    if (nd < 1 || nd > 8 || dec[0] <= 0x20 || dec[0] >= 0x7F)
        return false;
    for (utf8proc_ssize_t k = 1; k < nd; k++)
        if (utf8proc_charwidth(dec[k]) != 0)
            return false;
    *outlen = (size_t)utf8_put(0xFF01 + (uint32_t)(dec[0] - 0x21), out);
    return true;
}

const char *text_cluster_drawable(const char *s, size_t len, int width, char buf[TEXT_DRAW_MAX],
                                  size_t *outlen)
{
    if (len == 1 && s[0] == '\t') { /* a tab: as many spaces as it advances */
        size_t w = width < 0 ? 0 : width > TEXT_DRAW_MAX ? TEXT_DRAW_MAX : (size_t)width;
        memset(buf, ' ', w);
        *outlen = w;
        return buf;
    }
    if (len > 0 && cluster_undisputed_width(s, len) == width) {
        *outlen = len;
        return s;
    }
    *outlen = 0;
    if (width <= 0 || len == 0)
        return buf;
    uint32_t c0;
    int k0 = utf8_get(s, len, &c0);
    int w0 = cp_undisputed_width(c0);
    if (w0 == width) { /* the base alone: drops what the C library misjudges */
        memcpy(buf, s, (size_t)k0);
        *outlen = (size_t)k0;
        return buf;
    }
    if (width == 2) {
        const char *wide = ambiguous_wide && text_is_ambiguous(c0) ? wide_form_lookup(c0) : NULL;
        if (wide) {
            *outlen = strlen(wide);
            memcpy(buf, wide, *outlen);
            return buf;
        }
        if (ambiguous_wide && text_is_ambiguous(c0) && wide_from_decomposition(c0, buf, outlen))
            return buf;
        if (w0 == 1 && (size_t)k0 < len) {
            /* An emoji sequence on a narrow base (❤ U+FE0F, keycaps): the
             * base in text presentation and a space. */
            memcpy(buf, s, (size_t)k0);
            buf[k0] = ' ';
            *outlen = (size_t)k0 + 1;
            return buf;
        }
        memcpy(buf, "\xE3\x80\x93", 3); /* 〓 U+3013 GETA MARK, wide everywhere */
        *outlen = 3;
        return buf;
    }
    /* Width 1 (or a width no single character has): question marks. */
    size_t w = width > TEXT_DRAW_MAX ? TEXT_DRAW_MAX : (size_t)width;
    memset(buf, '?', w);
    *outlen = w;
    return buf;
}

/* ---- ASCII stand-ins -------------------------------------------------------- */

/* Punctuation and box drawing by likeness; NULL when cp is none of them. */
static const char *ascii_likeness(uint32_t cp)
{
    switch (cp) {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
    case 0x301D: case 0x301E:
        return "\"";
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        return "'";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    case 0x30FC:
        return "-";
    case 0x2026: case 0x2025: case 0x00B7: case 0x30FB: case 0x3002: case 0xFF61:
        return ".";
    case 0x2022: case 0x2027:
        return "*";
    case 0x3001: case 0xFF64:
        return ",";
    case 0x300C: case 0x300E: case 0x3010: case 0x3014: case 0x3016: case 0x3008:
        return "[";
    case 0x300D: case 0x300F: case 0x3011: case 0x3015: case 0x3017: case 0x3009:
        return "]";
    case 0x300A:
        return "<";
    case 0x300B:
        return ">";
    case 0x00D7:
        return "x";
    case 0x3000:
        return " ";
    default:
        break;
    }
    if (cp == 0x2502 || cp == 0x2503 || cp == 0x2551)
        return "|";
    if (cp == 0x2500 || cp == 0x2501 || cp == 0x2550)
        return "-";
    if (cp >= 0x2500 && cp <= 0x257F)
        return "+";
    return NULL;
}

/* The printable ASCII that cp decomposes to (compatibility forms, marks
 * dropped: é -> e, Ａ -> A, ① -> 1), into out; false when something else
 * remains or nothing does. */
static bool ascii_from_decomposition(uint32_t cp, char out[8], size_t *outlen)
{
    utf8proc_int32_t dec[8];
    int last = 0;
    utf8proc_ssize_t nd = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 8,
                                                  UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
    size_t n = 0;
    if (nd < 1 || nd > 8)
        return false;
    for (utf8proc_ssize_t k = 0; k < nd; k++) {
        if (dec[k] > 0x20 && dec[k] < 0x7F)
            out[n++] = (char)dec[k];
        else if (utf8proc_charwidth(dec[k]) != 0) /* not a mark */
            return false;
    }
    *outlen = n;
    return n > 0;
}

const char *text_cluster_ascii(const char *s, size_t len, int width, char buf[TEXT_DRAW_MAX],
                               size_t *outlen)
{
    size_t w = width <= 0 ? 0 : width > TEXT_DRAW_MAX ? TEXT_DRAW_MAX : (size_t)width;
    *outlen = 0;
    if (w == 0 || len == 0)
        return buf;
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        ascii &= (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F;
    if (ascii && len == w) {
        *outlen = len;
        return s;
    }
    uint32_t c0;
    utf8_get(s, len, &c0);
    const char *like = c0 == '\t' ? "" : ascii_likeness(c0);
    size_t n = 0;
    if (like) {
        n = strlen(like);
        memcpy(buf, like, n);
    } else if (c0 != '\t' && !(ascii_from_decomposition(c0, buf, &n) && n <= w)) {
        n = w >= 2 ? 2 : 1;
        memcpy(buf, w >= 2 ? "[]" : "*", n);
    }
    if (n > w)
        n = w;
    memset(buf + n, ' ', w - n); /* pad: Ａ -> "A ", a tab -> spaces */
    *outlen = w;
    return buf;
}
