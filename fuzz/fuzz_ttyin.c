/* fuzz_ttyin — terminal input bytes decoded into events (ttyin.h): keys,
 * the mouse, pastes, the terminal's answers.
 *
 * The first byte is a piece size (0: all at once); the rest is what the
 * terminal sends. Invariants: the same bytes fed whole and in pieces make
 * the same events; every key is a code point (no surrogate, no C1 control)
 * or one of action.h's key codes; mouse cells, buttons and report numbers
 * stay within TTYIN_NUMBER_MAX, a paste within TTYIN_PASTE_MAX; each event
 * takes at least one byte; once the wait has run out nothing is pending,
 * and a key typed then is that key (no input leaves the decoder swallowing
 * keys). A wait running out after every piece keeps the same bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "check.h"
#include "ttyin.h"

static const ttyin_binding fuzz_ttyin_keys[] = {
    {"\033OA", ACTION_KEY_UP},     {"\033OB", ACTION_KEY_DOWN},  {"\033[6~", ACTION_KEY_PGDN},
    {"\033[[A", ACTION_KEY_F1},    {"\177", ACTION_KEY_BACKSPACE}, {"\033OM", ACTION_KEY_ENTER},
};
#define FUZZ_TTYIN_NKEYS (sizeof fuzz_ttyin_keys / sizeof *fuzz_ttyin_keys)

/* The events of one run, flattened: each event's fields, then a paste's
 * bytes. */
typedef struct fuzz_ttyin_log {
    char *buf;
    size_t len, cap;
    size_t events;
} fuzz_ttyin_log;

static void fuzz_ttyin_put(fuzz_ttyin_log *l, const void *p, size_t n)
{
    if (l->len + n > l->cap) {
        size_t cap = (l->len + n) * 2;
        char *b = realloc(l->buf, cap);
        CHECK(b != NULL, "out of memory");
        l->buf = b;
        l->cap = cap;
    }
    memcpy(l->buf + l->len, p, n);
    l->len += n;
}

static void fuzz_ttyin_event(fuzz_ttyin_log *l, const ttyin_event *ev)
{
    switch (ev->kind) {
    case TTYIN_KEY:
        CHECK((ev->key >= 0 && ev->key <= 0x10FFFF && !(ev->key >= 0xD800 && ev->key <= 0xDFFF) &&
               !(ev->key >= 0x80 && ev->key < 0xA0)) ||
                  (ev->key >= ACTION_KEY_BASE && ev->key < ACTION_KEY_LAST),
              "key %d", ev->key);
        break;
    case TTYIN_MOUSE:
        CHECK(ev->x >= 0 && ev->y >= 0 && ev->x < TTYIN_NUMBER_MAX && ev->y < TTYIN_NUMBER_MAX,
              "mouse cell %d,%d", ev->x, ev->y);
        CHECK(ev->button >= 0 && ev->button <= TTYIN_NUMBER_MAX, "mouse button %d", ev->button);
        break;
    case TTYIN_PASTE:
        CHECK(ev->len <= TTYIN_PASTE_MAX && (ev->len == 0 || ev->text != NULL), "paste of %zu", ev->len);
        break;
    case TTYIN_CURSOR:
        CHECK(ev->row >= 0 && ev->col >= 0 && ev->row <= TTYIN_NUMBER_MAX && ev->col <= TTYIN_NUMBER_MAX,
              "cursor report %d;%d", ev->row, ev->col);
        break;
    default: CHECK(0, "event kind %d", (int)ev->kind);
    }
    int f[8] = {(int)ev->kind, ev->key, ev->x, ev->y, ev->button, ev->release, ev->row, ev->col};
    fuzz_ttyin_put(l, f, sizeof f);
    if (ev->kind == TTYIN_PASTE) {
        fuzz_ttyin_put(l, &ev->len, sizeof ev->len);
        fuzz_ttyin_put(l, ev->text, ev->len);
    }
    l->events++;
}

/* Feeds data in pieces (0: whole), with the wait running out after each
 * piece when `hurry`, and at the end in any case; then types q. */
static void fuzz_ttyin_run(const uint8_t *data, size_t size, size_t piece, bool hurry, fuzz_ttyin_log *l)
{
    ttyin *t = ttyin_new(fuzz_ttyin_keys, FUZZ_TTYIN_NKEYS, -1);
    CHECK(t != NULL, "out of memory");
    ttyin_event ev;
    for (size_t at = 0; at < size;) {
        size_t k = piece && size - at > piece ? piece : size - at;
        CHECK(ttyin_feed(t, data + at, k), "out of memory");
        at += k;
        while (ttyin_next(t, &ev))
            fuzz_ttyin_event(l, &ev);
        if (hurry && ttyin_wait_ms(t) >= 0) {
            ttyin_timeout(t);
            while (ttyin_next(t, &ev))
                fuzz_ttyin_event(l, &ev);
        }
    }
    if (ttyin_wait_ms(t) >= 0) {
        ttyin_timeout(t);
        while (ttyin_next(t, &ev))
            fuzz_ttyin_event(l, &ev);
    }
    CHECK(ttyin_wait_ms(t) == -1, "still waiting after the wait ran out");
    CHECK(l->events <= size + 1, "%zu events from %zu bytes", l->events, size);
    /* q, typed once all that is over, is q */
    CHECK(ttyin_feed(t, "q", 1), "out of memory");
    CHECK(ttyin_next(t, &ev) && ev.kind == TTYIN_KEY && ev.key == 'q', "q after the input is not q");
    CHECK(!ttyin_next(t, &ev), "q made more than one event");
    ttyin_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t piece = data[0];
    data++;
    size--;
    fuzz_ttyin_log whole = {0}, pieces = {0}, hurried = {0};
    fuzz_ttyin_run(data, size, 0, false, &whole);
    fuzz_ttyin_run(data, size, piece ? piece : 1, false, &pieces);
    CHECK(whole.len == pieces.len && (whole.len == 0 || memcmp(whole.buf, pieces.buf, whole.len) == 0),
          "fed whole: %zu events; in pieces of %zu: %zu events", whole.events, piece ? piece : 1,
          pieces.events);
    fuzz_ttyin_run(data, size, piece ? piece : 1, true, &hurried);
    free(whole.buf);
    free(pieces.buf);
    free(hurried.buf);
    return 0;
}
