/* ttyin — terminal input bytes to events, bounded (see ttyin.h). */
#include "ttyin.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "action.h"
#include "grow.h"

/* Where the decoder stands between bytes. */
typedef enum {
    IN_GROUND,     /* between events */
    IN_UTF8,       /* inside a character: utf[0, ulen) of uneed */
    IN_ESC,        /* after ESC */
    IN_CSI,        /* inside a CSI sequence: seq[0, seqlen) */
    IN_LINUX,      /* after the Linux console's ESC [ [: one more byte */
    IN_SS3,        /* after ESC O */
    IN_STRING,     /* inside OSC, DCS, APC, PM or SOS: up to BEL or ST */
    IN_STRING_ESC, /* an ESC inside one: ST if a backslash follows */
    IN_X10,        /* the three bytes of an X10 mouse report */
    IN_PASTE       /* between the brackets of a paste */
} ttyin_state;

typedef struct ttyin_key {
    unsigned char seq[TTYIN_SEQ_MAX];
    size_t len;
    int key;
} ttyin_key;

/* What a byte did (flags). */
enum { STEP_USED = 1, STEP_EVENT = 2 };

static const unsigned char paste_end[] = "\033[201~";
#define PASTE_END_LEN (sizeof paste_end - 1)

struct ttyin {
    ttyin_key *keys;
    size_t nkeys;
    int esc_ms;
    unsigned char *in;        /* bytes fed; in[at, len) not read yet */
    size_t len, at, cap;
    ttyin_state state;
    unsigned char seq[TTYIN_SEQ_MAX]; /* the sequence so far, as ESC [ … or ESC O … */
    size_t seqlen;
    bool overlong;            /* it outgrew seq: dropped at its end */
    unsigned char utf[4];
    size_t ulen, uneed;
    size_t slen;              /* bytes of the string read */
    unsigned char x10[3];
    size_t nx10;
    char *paste;              /* the paste so far, plen bytes kept */
    size_t plen, pcap;
    size_t pmatch;            /* bytes of paste_end matched so far */
    bool paste_out;           /* an event holds paste: emptied at the next call */
    bool has_pending;         /* ttyin_timeout made an event */
    ttyin_event pending;
};

ttyin *ttyin_new(const ttyin_binding *b, size_t n, int esc_ms)
{
    ttyin *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->esc_ms = esc_ms < 0 ? TTYIN_ESC_MS : esc_ms;
    t->keys = n ? calloc(n, sizeof *t->keys) : NULL;
    if (n && !t->keys) {
        free(t);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = b[i].seq ? strlen(b[i].seq) : 0;
        if (len == 0 || len > TTYIN_SEQ_MAX)
            continue;
        ttyin_key *k = &t->keys[t->nkeys++];
        memcpy(k->seq, b[i].seq, len);
        k->len = len;
        k->key = b[i].key;
    }
    return t;
}

void ttyin_free(ttyin *t)
{
    if (!t)
        return;
    free(t->keys);
    free(t->in);
    free(t->paste);
    free(t);
}

bool ttyin_feed(ttyin *t, const void *bytes, size_t n)
{
    if (t->at == t->len)
        t->at = t->len = 0;
    if (n == 0)
        return true;
    if (!GROW(t->in, t->cap, t->len + n))
        return false;
    memcpy(t->in + t->len, bytes, n);
    t->len += n;
    return true;
}

/* ---- events ----------------------------------------------------------------- */

static int key_event(ttyin_event *ev, int key)
{
    *ev = (ttyin_event){.kind = TTYIN_KEY, .key = key};
    return STEP_EVENT;
}

/* The key bound to seq[0, len), or -1. */
static int bound_key(const ttyin *t, const unsigned char *seq, size_t len)
{
    for (size_t i = 0; i < t->nkeys; i++)
        if (t->keys[i].len == len && memcmp(t->keys[i].seq, seq, len) == 0)
            return t->keys[i].key;
    return -1;
}

/* Numbers separated by ';' in p[0, n) into v (at most max of them, each at
 * most TTYIN_NUMBER_MAX; an empty one is 0); their count, or -1 when p holds
 * anything else or too many. */
static int numbers(const unsigned char *p, size_t n, long *v, int max)
{
    int count = 0;
    if (n == 0)
        return 0;
    long cur = 0;
    int digits = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || p[i] == ';') {
            if (count == max)
                return -1;
            v[count++] = cur;
            cur = 0;
            digits = 0;
        } else if (p[i] >= '0' && p[i] <= '9' && digits < 6) {
            cur = cur * 10 + (p[i] - '0');
            digits++;
            if (cur > TTYIN_NUMBER_MAX)
                return -1;
        } else {
            return -1;
        }
    }
    return count;
}

/* An SGR mouse report's parameters (after the '<'): exactly three numbers,
 * the cell 1-based. */
static int sgr_mouse(const unsigned char *p, size_t n, bool release, ttyin_event *ev)
{
    long v[3];
    if (numbers(p, n, v, 3) != 3 || v[1] < 1 || v[2] < 1)
        return 0; /* malformed: dropped */
    *ev = (ttyin_event){.kind = TTYIN_MOUSE, .button = (int)v[0], .x = (int)v[1] - 1,
                        .y = (int)v[2] - 1, .release = release};
    return STEP_EVENT;
}

/* The key a CSI sequence ending in `final` means by the standard, with
 * numeric parameters v[0, nv): arrows, Home, End, F1 (a first parameter of
 * 1 carries modifiers, ignored); n ~ for the editing keys. -1: none. */
static int csi_key(char final, const long *v, int nv)
{
    if (final == '~' && nv >= 1) {
        switch (v[0]) {
        case 1: case 7: return ACTION_KEY_HOME;
        case 4: case 8: return ACTION_KEY_END;
        case 3: return ACTION_KEY_DELETE;
        case 5: return ACTION_KEY_PGUP;
        case 6: return ACTION_KEY_PGDN;
        case 11: return ACTION_KEY_F1;
        default: return -1;
        }
    }
    if (nv > 0 && v[0] != 1)
        return -1;
    switch (final) {
    case 'A': return ACTION_KEY_UP;
    case 'B': return ACTION_KEY_DOWN;
    case 'C': return ACTION_KEY_RIGHT;
    case 'D': return ACTION_KEY_LEFT;
    case 'H': return ACTION_KEY_HOME;
    case 'F': return ACTION_KEY_END;
    case 'P': return nv > 0 ? ACTION_KEY_F1 : -1;
    default: return -1;
    }
}

/* A complete CSI sequence (seq: ESC [ … final). */
static int csi_done(ttyin *t, ttyin_event *ev)
{
    t->state = IN_GROUND;
    if (t->overlong)
        return 0;
    const unsigned char *p = t->seq + 2;
    size_t n = t->seqlen - 3;
    char final = (char)t->seq[t->seqlen - 1];
    int key = bound_key(t, t->seq, t->seqlen);
    if (key >= 0)
        return key_event(ev, key);
    if (n > 0 && p[0] == '<' && (final == 'M' || final == 'm'))
        return sgr_mouse(p + 1, n - 1, final == 'm', ev);
    if (n == 0 && final == 'M') {
        t->state = IN_X10;
        t->nx10 = 0;
        return 0;
    }
    if (n == 0 && final == '[') {
        t->state = IN_LINUX;
        return 0;
    }
    long v[4];
    int nv = numbers(p, n, v, 4); /* -1: private parameters (<=>?) or intermediates */
    if (nv < 0)
        return 0;
    if (final == 'R' && nv == 2) {
        *ev = (ttyin_event){.kind = TTYIN_CURSOR, .row = (int)v[0], .col = (int)v[1]};
        return STEP_EVENT;
    }
    if (final == '~' && nv == 1 && v[0] == 200) {
        t->state = IN_PASTE;
        t->plen = 0;
        t->pmatch = 0;
        return 0;
    }
    key = csi_key(final, v, nv);
    return key >= 0 ? key_event(ev, key) : 0;
}

/* A complete SS3 sequence (seq: ESC O … final; a modifier before the
 * final, as in ESC O 2 P, ignored): the cursor keys, F1 and the keypad in
 * application mode. */
static int ss3_done(ttyin *t, ttyin_event *ev)
{
    t->state = IN_GROUND;
    int key = bound_key(t, t->seq, t->seqlen);
    if (key >= 0)
        return key_event(ev, key);
    char final = (char)t->seq[t->seqlen - 1];
    static const char keypad[] = "pqrstuvwxyjklmnoX";
    static const char keypad_key[] = "0123456789*+,-./=";
    const char *k = strchr(keypad, final);
    if (k)
        return key_event(ev, keypad_key[k - keypad]);
    switch (final) {
    case 'M': return key_event(ev, ACTION_KEY_ENTER);
    case 'P': return key_event(ev, ACTION_KEY_F1);
    default: {
        key = csi_key(final, NULL, 0);
        return key >= 0 ? key_event(ev, key) : 0;
    }
    }
}

/* Starts a sequence with introducer c (after ESC, or its 8-bit form). */
static void introduce(ttyin *t, unsigned c)
{
    t->seq[0] = 0x1B;
    t->seq[1] = (unsigned char)c;
    t->seqlen = 2;
    t->overlong = false;
    switch (c) {
    case '[': t->state = IN_CSI; break;
    case 'O': t->state = IN_SS3; break;
    default: t->state = IN_STRING; t->slen = 0; break;
    }
}

/* A C1 control, 8-bit or from UTF-8: an introducer, or nothing. */
static void c1(ttyin *t, unsigned cp)
{
    switch (cp) {
    case 0x9B: introduce(t, '['); break;
    case 0x8F: introduce(t, 'O'); break;
    case 0x90: case 0x98: case 0x9D: case 0x9E: case 0x9F: introduce(t, ']'); break;
    default: t->state = IN_GROUND; break; /* a stray ST or other C1: dropped */
    }
}

static void seq_add(ttyin *t, unsigned char b)
{
    if (t->seqlen < TTYIN_SEQ_MAX)
        t->seq[t->seqlen++] = b;
    else
        t->overlong = true;
}

static void paste_add(ttyin *t, const unsigned char *b, size_t n)
{
    if (t->plen + n > TTYIN_PASTE_MAX)
        n = TTYIN_PASTE_MAX - t->plen; /* the rest is dropped */
    if (n == 0 || !GROW(t->paste, t->pcap, t->plen + n))
        return;
    memcpy(t->paste + t->plen, b, n);
    t->plen += n;
}

static int paste_event(ttyin *t, ttyin_event *ev)
{
    t->state = IN_GROUND;
    *ev = (ttyin_event){.kind = TTYIN_PASTE, .text = t->paste ? t->paste : "", .len = t->plen};
    return STEP_EVENT;
}

/* One byte of a paste: its text, or the end bracket. */
static int paste_byte(ttyin *t, unsigned char b, ttyin_event *ev)
{
    if (b == paste_end[t->pmatch]) {
        if (++t->pmatch == PASTE_END_LEN)
            return STEP_USED | paste_event(t, ev);
        return STEP_USED;
    }
    if (t->pmatch) { /* what looked like the end was text */
        paste_add(t, paste_end, t->pmatch);
        t->pmatch = 0;
        return 0; /* b again, from the start of the bracket */
    }
    paste_add(t, &b, 1);
    return STEP_USED;
}

/* A byte of a character. */
static int utf8_byte(ttyin *t, unsigned char b, ttyin_event *ev)
{
    if ((b & 0xC0) != 0x80) { /* cut short: dropped, b read afresh */
        t->state = IN_GROUND;
        return 0;
    }
    t->utf[t->ulen++] = b;
    if (t->ulen < t->uneed)
        return STEP_USED;
    t->state = IN_GROUND;
    utf8proc_int32_t cp;
    if (utf8proc_iterate(t->utf, (utf8proc_ssize_t)t->ulen, &cp) != (utf8proc_ssize_t)t->ulen || cp < 0)
        return STEP_USED; /* overlong, a surrogate, past U+10FFFF */
    if (cp >= 0x80 && cp < 0xA0) {
        c1(t, (unsigned)cp);
        return STEP_USED;
    }
    return STEP_USED | key_event(ev, cp);
}

static int ground_byte(ttyin *t, unsigned char b, ttyin_event *ev)
{
    if (b == 0x1B) {
        t->state = IN_ESC;
        return STEP_USED;
    }
    if (b < 0x80) {
        int key = bound_key(t, &b, 1);
        return STEP_USED | key_event(ev, key >= 0 ? key : b);
    }
    if (b >= 0xC2 && b <= 0xF4) {
        t->state = IN_UTF8;
        t->utf[0] = b;
        t->ulen = 1;
        t->uneed = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        return STEP_USED;
    }
    if (b >= 0x80 && b < 0xA0) /* 8-bit C1 from a terminal not sending UTF-8 */
        c1(t, b);
    return STEP_USED; /* a stray continuation byte, C0, C1, F5..FF: dropped */
}

/* One byte in the current state; STEP_USED when it was taken (else it is
 * read again in the state it left), STEP_EVENT when *ev was made. */
static int step(ttyin *t, unsigned char b, ttyin_event *ev)
{
    switch (t->state) {
    case IN_GROUND: return ground_byte(t, b, ev);
    case IN_UTF8: return utf8_byte(t, b, ev);
    case IN_ESC:
        if (b == '[' || b == 'O' || b == ']' || b == 'P' || b == '_' || b == '^' || b == 'X') {
            introduce(t, b);
            return STEP_USED;
        }
        t->state = IN_GROUND; /* Esc, then b as a key of its own */
        return key_event(ev, 0x1B);
    case IN_CSI:
        if (b >= 0x20 && b < 0x40) {
            seq_add(t, b);
            return STEP_USED;
        }
        if (b >= 0x40 && b < 0x7F) {
            seq_add(t, b);
            return STEP_USED | csi_done(t, ev);
        }
        t->state = IN_GROUND; /* cut by a control: dropped */
        return 0;
    case IN_LINUX:
        if (b < 0x20 || b >= 0x7F) {
            t->state = IN_GROUND;
            return 0;
        }
        seq_add(t, b);
        t->state = IN_GROUND;
        {
            int key = bound_key(t, t->seq, t->seqlen);
            return STEP_USED | (key >= 0 ? key_event(ev, key) : b == 'A' ? key_event(ev, ACTION_KEY_F1) : 0);
        }
    case IN_SS3:
        if (b >= 0x20 && b < 0x40) {
            seq_add(t, b);
            return STEP_USED;
        }
        if (b >= 0x40 && b < 0x7F) {
            seq_add(t, b);
            return STEP_USED | (t->overlong ? (t->state = IN_GROUND, 0) : ss3_done(t, ev));
        }
        t->state = IN_GROUND;
        return 0;
    case IN_STRING:
        if (b == 0x07 || b == 0x9C || ++t->slen > TTYIN_STRING_MAX)
            t->state = IN_GROUND;
        else if (b == 0x1B)
            t->state = IN_STRING_ESC;
        return STEP_USED;
    case IN_STRING_ESC:
        if (b == '\\') {
            t->state = IN_GROUND;
            return STEP_USED;
        }
        t->state = IN_ESC; /* the string was cut by a new sequence */
        return 0;
    case IN_X10:
        t->x10[t->nx10++] = b;
        if (t->nx10 < 3)
            return STEP_USED;
        t->state = IN_GROUND;
        if (t->x10[0] < 32 || t->x10[1] < 33 || t->x10[2] < 33)
            return STEP_USED;
        {
            int cb = t->x10[0] - 32;
            bool release = (cb & 3) == 3 && !(cb & 64);
            *ev = (ttyin_event){.kind = TTYIN_MOUSE, .button = release ? cb & ~3 : cb,
                                .x = t->x10[1] - 33, .y = t->x10[2] - 33, .release = release};
        }
        return STEP_USED | STEP_EVENT;
    case IN_PASTE: return paste_byte(t, b, ev);
    }
    return STEP_USED;
}

bool ttyin_next(ttyin *t, ttyin_event *ev)
{
    if (t->paste_out) { /* the last event's text is given up now */
        t->paste_out = false;
        t->plen = 0;
    }
    if (t->has_pending) {
        t->has_pending = false;
        *ev = t->pending;
        t->paste_out = ev->kind == TTYIN_PASTE;
        return true;
    }
    while (t->at < t->len) {
        int r = step(t, t->in[t->at], ev);
        if (r & STEP_USED)
            t->at++;
        if (r & STEP_EVENT) {
            t->paste_out = ev->kind == TTYIN_PASTE;
            return true;
        }
    }
    t->at = t->len = 0;
    return false;
}

int ttyin_wait_ms(const ttyin *t)
{
    if (t->has_pending)
        return 0;
    switch (t->state) {
    case IN_GROUND: return -1;
    case IN_ESC: return t->esc_ms;
    case IN_PASTE: return TTYIN_PASTE_MS;
    default: return TTYIN_SEQ_MS;
    }
}

void ttyin_timeout(ttyin *t)
{
    if (t->has_pending)
        return;
    if (t->state == IN_ESC) {
        t->has_pending = key_event(&t->pending, 0x1B) != 0;
    } else if (t->state == IN_PASTE) {
        if (t->pmatch) /* the start of a bracket that never ended: text */
            paste_add(t, paste_end, t->pmatch);
        t->pmatch = 0;
        t->has_pending = paste_event(t, &t->pending) != 0;
    }
    t->state = IN_GROUND;
}
