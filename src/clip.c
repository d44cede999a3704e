/* clip — the bilingual quote of a segment, base64, and OSC 52. */
#include "clip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An output that counts what it would need and keeps what fits. */
typedef struct clip_out {
    char *buf;
    size_t cap;
    size_t n; /* bytes needed so far */
} clip_out;

/* Appends len bytes of s, without control characters other than '\n' and
 * '\t' (C0 and DEL; sanitised text has no C1 controls, which are two-byte
 * UTF-8 and stay out of reach of a single-byte check). */
static void clip_put(clip_out *o, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            continue;
        if (o->n + 1 < o->cap)
            o->buf[o->n] = (char)c;
        o->n++;
    }
}

static void clip_puts(clip_out *o, const char *s) { clip_put(o, s, strlen(s)); }

/* The longest prefix of the w bytes at s that ends at a UTF-8 character
 * boundary (only s[0..w) is looked at). */
static size_t clip_cut(const char *s, size_t w)
{
    size_t j = w;
    while (j > 0 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
        j--;
    if (j == 0)
        return 0;
    unsigned char lead = (unsigned char)s[j - 1];
    size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return j - 1 + need <= w ? w : j - 1;
}

/* The paragraphs of one side, one per line. */
static void clip_side(clip_out *o, const doc *d, const doc_segment *sg, lang_id l)
{
    for (uint32_t k = 0; k < sg->count[l]; k++) {
        const doc_para *p = doc_segment_para(d, sg, l, k);
        clip_put(o, p->text, p->len);
        clip_puts(o, "\n");
    }
}

size_t clip_quote(const doc *d, size_t segment, const char *name, char *buf, size_t cap)
{
    clip_out o = {buf, cap, 0};
    const doc_segment *sg = &d->segments[segment];
    if (sg->speaker >= 0 && (size_t)sg->speaker < d->nspeakers) {
        clip_puts(&o, d->speakers[sg->speaker].name);
        clip_puts(&o, " ");
    }
    char num[32];
    snprintf(num, sizeof num, "(segment %zu", segment + 1);
    clip_puts(&o, num);
    if (name && *name) {
        const char *slash = strrchr(name, '/');
        clip_puts(&o, " of ");
        clip_puts(&o, slash && slash[1] ? slash + 1 : name);
    }
    clip_puts(&o, ")\n");
    clip_side(&o, d, sg, LANG_ZH);
    if (sg->count[LANG_ZH] && sg->count[LANG_EN])
        clip_puts(&o, "\n");
    clip_side(&o, d, sg, LANG_EN);
    if (cap) /* when cut, bytes [0, cap - 1) were written */
        buf[o.n < cap ? o.n : clip_cut(buf, cap - 1)] = '\0';
    return o.n;
}

size_t clip_base64(const void *in, size_t n, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *s = in;
    size_t o = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned long v = (unsigned long)s[i] << 16 | (unsigned long)s[i + 1] << 8 | s[i + 2];
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = abc[v >> 6 & 63];
        out[o++] = abc[v & 63];
    }
    if (i < n) { /* one or two bytes left: pad to four characters */
        unsigned long v = (unsigned long)s[i] << 16 | (i + 1 < n ? (unsigned long)s[i + 1] << 8 : 0);
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}

char *clip_osc52(const char *text, size_t n, size_t *len, bool *cut)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* … */
    static const char head[] = "\033]52;c;";
    *cut = n > CLIP_MAX_TEXT;
    size_t keep = *cut ? clip_cut(text, CLIP_MAX_TEXT - (sizeof ellipsis - 1)) : n;
    size_t plain_n = keep + (*cut ? sizeof ellipsis - 1 : 0);
    char *plain = malloc(plain_n + 1);
    char *seq = malloc(sizeof head + 4 * ((plain_n + 2) / 3) + 2);
    if (!plain || !seq) {
        free(plain);
        free(seq);
        return NULL;
    }
    memcpy(plain, text, keep);
    if (*cut)
        memcpy(plain + keep, ellipsis, sizeof ellipsis - 1);
    memcpy(seq, head, sizeof head - 1);
    size_t o = sizeof head - 1;
    o += clip_base64(plain, plain_n, seq + o);
    seq[o++] = '\a'; /* BEL ends it: what xterm's and tmux's Ms use */
    seq[o] = '\0';
    free(plain);
    *len = o;
    return seq;
}
