/* Tests for ttyin: terminal input bytes to events. Each case gives the
 * bytes a terminal sends and the events they must make, written as text
 * ("j Down Esc mouse:0@4,2 paste:[abc] cursor:12;40"); every case is fed
 * whole, a byte at a time and in pieces of three, with the same result,
 * and ends with the wait running out (what a lone ESC or a cut paste
 * needs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "ttyin.h"

/* xterm-256color's key strings, as the screen hands them in from terminfo. */
static const ttyin_binding xterm_keys[] = {
    {"\033OA", ACTION_KEY_UP},     {"\033OB", ACTION_KEY_DOWN},  {"\033OC", ACTION_KEY_RIGHT},
    {"\033OD", ACTION_KEY_LEFT},   {"\033[6~", ACTION_KEY_PGDN}, {"\033[5~", ACTION_KEY_PGUP},
    {"\033OH", ACTION_KEY_HOME},   {"\033OF", ACTION_KEY_END},   {"\033OP", ACTION_KEY_F1},
    {"\177", ACTION_KEY_BACKSPACE}, {"\033OM", ACTION_KEY_ENTER}, {"\033[3~", ACTION_KEY_DELETE},
};
/* The Linux console's F1 and vt100's Backspace. */
static const ttyin_binding odd_keys[] = {
    {"\033[[A", ACTION_KEY_F1},
    {"\b", ACTION_KEY_BACKSPACE},
};

/* An event as text. */
static void describe(const ttyin_event *ev, char *buf, size_t cap)
{
    static const char *const names[] = {"Down", "Up", "Left", "Right", "PgDn", "PgUp", "Home",
                                        "End", "F1", "Backspace", "KpEnter", "Delete"};
    switch (ev->kind) {
    case TTYIN_KEY:
        if (ev->key >= ACTION_KEY_BASE && ev->key < ACTION_KEY_LAST)
            snprintf(buf, cap, "%s", names[ev->key - ACTION_KEY_BASE]);
        else if (ev->key == 0x1B)
            snprintf(buf, cap, "Esc");
        else if (ev->key < 0x20 || ev->key == 0x7F)
            snprintf(buf, cap, "^%c", ev->key ^ 0x40);
        else if (ev->key < 0x80)
            snprintf(buf, cap, "%c", ev->key);
        else
            snprintf(buf, cap, "U+%04X", (unsigned)ev->key);
        break;
    case TTYIN_MOUSE:
        snprintf(buf, cap, "mouse%s:%d@%d,%d", ev->release ? "-up" : "", ev->button, ev->x, ev->y);
        break;
    case TTYIN_PASTE: {
        size_t n = 0;
        n += (size_t)snprintf(buf, cap, "paste:[");
        for (size_t i = 0; i < ev->len && n + 8 < cap; i++) {
            unsigned char c = (unsigned char)ev->text[i];
            n += (size_t)(c >= 0x20 && c < 0x7F ? snprintf(buf + n, cap - n, "%c", c)
                                                : snprintf(buf + n, cap - n, "\\x%02x", c));
        }
        snprintf(buf + n, cap - n, "]");
        break;
    }
    case TTYIN_CURSOR: snprintf(buf, cap, "cursor:%d;%d", ev->row, ev->col); break;
    }
}

/* Feeds in[0, n) in pieces of `piece` bytes (0: whole), draining events
 * after each, then lets the wait run out; the events, space-separated. */
static char *decode(const ttyin_binding *keys, size_t nkeys, const char *in, size_t n, size_t piece)
{
    static char out[8192];
    size_t len = 0;
    out[0] = '\0';
    ttyin *t = ttyin_new(keys, nkeys, -1);
    assert_non_null(t);
    ttyin_event ev;
    char one[512];
    for (size_t at = 0; at < n || at == 0;) {
        size_t k = piece && n - at > piece ? piece : n - at;
        assert_true(ttyin_feed(t, in + at, k));
        at += k;
        while (ttyin_next(t, &ev)) {
            describe(&ev, one, sizeof one);
            len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", len ? " " : "", one);
        }
        if (n == 0)
            break;
    }
    if (ttyin_wait_ms(t) >= 0) {
        ttyin_timeout(t);
        while (ttyin_next(t, &ev)) {
            describe(&ev, one, sizeof one);
            len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", len ? " " : "", one);
        }
    }
    assert_int_equal(ttyin_wait_ms(t), -1); /* nothing left waiting */
    ttyin_free(t);
    return out;
}

typedef struct tcase {
    const char *in;   /* the bytes */
    size_t len;       /* 0: strlen(in) */
    const char *want; /* the events */
} tcase;

static void run(const char *what, const ttyin_binding *keys, size_t nkeys, const tcase *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
        static const size_t pieces[] = {0, 1, 3};
        for (size_t p = 0; p < sizeof pieces / sizeof *pieces; p++) {
            const char *got = decode(keys, nkeys, cases[i].in, len, pieces[p]);
            if (strcmp(got, cases[i].want) != 0)
                fail_msg("%s case %zu (pieces of %zu): want [%s], got [%s]", what, i, pieces[p],
                         cases[i].want, got);
        }
    }
}

#define RUN(what, keys, cases) \
    run(what, keys, sizeof keys / sizeof *keys, cases, sizeof cases / sizeof *cases)

/* ---- keys -------------------------------------------------------------------------- */

static const tcase key_cases[] = {
    {"jk q", 0, "j k   q"},
    {"\x03\x1a\r\t", 0, "^C ^Z ^M ^I"},                  /* controls are keys */
    {"\177", 0, "Backspace"},                            /* kbs */
    {"\b", 0, "^H"},
    {"\033OA\033OB\033[A\033[B", 0, "Up Down Up Down"},  /* application and normal mode */
    {"\033[1;5A\033[1;2D", 0, "Up Left"},                /* modifiers ignored */
    {"\033[5~\033[6~\033[3~\033[1~\033[4~\033[7~\033[8~", 0, "PgUp PgDn Delete Home End Home End"},
    {"\033OH\033OF\033[H\033[F\033OP\033[11~", 0, "Home End Home End F1 F1"},
    {"\033OM", 0, "KpEnter"},
    {"\033Oq\033Oy\033Ok", 0, "1 9 +"},                   /* keypad, application mode */
    {"\033", 0, "Esc"},                                  /* alone: after the wait */
    {"\033j", 0, "Esc j"},                               /* Alt-j */
    {"\033\033", 0, "Esc Esc"},
    {"\033[99~x", 0, "x"},                               /* unknown: dropped */
    {"\033[Zx", 0, "x"},
};

static void test_keys(void **state)
{
    (void)state;
    RUN("keys", xterm_keys, key_cases);
}

static const tcase odd_cases[] = {
    {"\033[[A", 0, "F1"},
    {"\b\177", 0, "Backspace ^?"},
};

static void test_terminfo_keys(void **state)
{
    (void)state;
    RUN("terminfo", odd_keys, odd_cases);
}

/* ---- characters ------------------------------------------------------------------------ */

static const tcase char_cases[] = {
    {"\xe4\xb8\xad\xe6\x96\x87", 0, "U+4E2D U+6587"},           /* 中文, whole or split */
    {"\xf0\x9f\x98\x80", 0, "U+1F600"},
    {"\xc3\xa9", 0, "U+00E9"},
    {"\xe4\xb8" "a", 0, "a"},                                   /* cut short: dropped */
    {"\xff\xfe\x80 a", 0, "  a"},                               /* invalid bytes dropped */
    {"\xc0\xaf" "b", 0, "b"},                                   /* overlong */
    {"\xed\xa0\x80" "c", 0, "c"},                               /* a surrogate */
    {"\xe4\xb8", 0, ""},                                        /* cut by the wait */
};

static void test_characters(void **state)
{
    (void)state;
    RUN("characters", xterm_keys, char_cases);
}

/* ---- the mouse -------------------------------------------------------------------------- */

static const tcase mouse_cases[] = {
    {"\033[<0;5;3M\033[<0;5;3m", 0, "mouse:0@4,2 mouse-up:0@4,2"},
    {"\033[<64;1;1M\033[<65;80;24M", 0, "mouse:64@0,0 mouse:65@79,23"},
    /* X10: ESC [ M and each value + 32 (the cell + 33) */
    {"\033[M !!\033[M#!!", 0, "mouse:0@0,0 mouse-up:0@0,0"},
    {"\033[M`*%", 0, "mouse:64@9,4"},
    /* malformed: too many or too few numbers, empty, huge, zero cells */
    {"\033[<1;1;1;1M" "a", 0, "a"},
    {"\033[<1;1M" "b", 0, "b"},
    {"\033[<M" "c", 0, "c"},
    {"\033[<0;99999999;1M" "d", 0, "d"},
    {"\033[<0;0;1M" "e", 0, "e"},
    {"\033[<0;1;:1M" "f", 0, "f"},                               /* a stray parameter byte */
    {"\033[M\x01!!" "g", 0, "g"},                               /* an X10 byte below 32 */
};

/* The report that overflows ncurses 6.4's decoder: 34 and 40 parameters,
 * and one far longer than any sequence, are dropped whole. */
static void test_mouse_overlong(void **state)
{
    (void)state;
    static const int counts[] = {34, 40, 200, 5000};
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        char *in = malloc((size_t)counts[c] * 2 + 16);
        assert_non_null(in);
        size_t n = (size_t)sprintf(in, "\033[<");
        for (int i = 0; i < counts[c]; i++)
            n += (size_t)sprintf(in + n, "%s1", i ? ";" : "");
        n += (size_t)sprintf(in + n, "Mj");
        for (size_t piece = 0; piece <= 7; piece += 7)
            assert_string_equal(decode(xterm_keys, 12, in, n, piece), "j");
        free(in);
    }
}

static void test_mouse(void **state)
{
    (void)state;
    RUN("mouse", xterm_keys, mouse_cases);
}

/* ---- pastes ------------------------------------------------------------------------------ */

static const tcase paste_cases[] = {
    {"\033[200~hello world\033[201~j", 0, "paste:[hello world] j"},
    {"\033[200~q\033[A\r\n\033[201~", 0, "paste:[q\\x1b[A\\x0d\\x0a]"}, /* keys inside are text */
    {"\033[200~\033[20x\033[201~", 0, "paste:[\\x1b[20x]"},            /* a near end is text */
    {"\033[200~\xe4\xb8\xad\033[201~", 0, "paste:[\\xe4\\xb8\\xad]"},
    {"\033[200~\033[201~", 0, "paste:[]"},
    {"\033[200~cut", 0, "paste:[cut]"},                                /* no end: the wait */
    {"\033[201~k", 0, "k"},                                            /* a stray end */
};

static void test_paste(void **state)
{
    (void)state;
    RUN("paste", xterm_keys, paste_cases);
}

/* A paste larger than the bound keeps its first TTYIN_PASTE_MAX bytes,
 * and what follows its end is keys again. */
static void test_paste_bounded(void **state)
{
    (void)state;
    size_t body = TTYIN_PASTE_MAX + 5000;
    char *in = malloc(body + 32);
    assert_non_null(in);
    size_t n = (size_t)sprintf(in, "\033[200~");
    memset(in + n, 'x', body);
    n += body;
    n += (size_t)sprintf(in + n, "\033[201~q");
    ttyin *t = ttyin_new(NULL, 0, -1);
    assert_non_null(t);
    int pastes = 0, keys = 0;
    for (size_t at = 0; at < n; at += 4096) {
        assert_true(ttyin_feed(t, in + at, n - at < 4096 ? n - at : 4096));
        ttyin_event ev;
        while (ttyin_next(t, &ev)) {
            if (ev.kind == TTYIN_PASTE) {
                assert_int_equal(ev.len, TTYIN_PASTE_MAX);
                pastes++;
            } else {
                assert_int_equal(ev.key, 'q');
                keys++;
            }
        }
    }
    assert_int_equal(pastes, 1);
    assert_int_equal(keys, 1);
    ttyin_free(t);
    free(in);
}

/* ---- the terminal's answers -------------------------------------------------------------- */

static const tcase answer_cases[] = {
    {"\033[12;40R", 0, "cursor:12;40"},
    {"\xc2\x9b" "3;1R", 0, "cursor:3;1"},                          /* 8-bit CSI in UTF-8 */
    {"\x9b" "3;2R", 0, "cursor:3;2"},                              /* raw 8-bit CSI */
    {"\033[?64;1;2;6;9;15;18;21;22c\033[>41;380;0cj", 0, "j"},     /* device attributes */
    {"\033]11;rgb:0000/0000/0000\033\\k", 0, "k"},                 /* OSC with ST */
    {"\033]0;title\007l", 0, "l"},                                 /* OSC with BEL */
    {"\033P1$r0m\033\\m", 0, "m"},                                 /* DCS */
    {"\033]2;cut\033[Bn", 0, "Down n"},                            /* cut by a new sequence */
    {"\033[0n\033[I\033[Oo", 0, "o"},                              /* status, focus */
    {"\033[1;2", 0, ""},                                           /* cut by the wait */
};

static void test_answers(void **state)
{
    (void)state;
    RUN("answers", xterm_keys, answer_cases);
}

/* A CSI sequence past the bound is dropped to its final byte; a string
 * past its bound ends there. */
static void test_bounds(void **state)
{
    (void)state;
    char in[TTYIN_SEQ_MAX * 4 + 16];
    size_t n = (size_t)sprintf(in, "\033[");
    memset(in + n, '1', TTYIN_SEQ_MAX * 4);
    n += TTYIN_SEQ_MAX * 4;
    n += (size_t)sprintf(in + n, "~j");
    assert_string_equal(decode(xterm_keys, 12, in, n, 0), "j");
    assert_string_equal(decode(xterm_keys, 12, in, n, 5), "j");
    char *s = malloc(TTYIN_STRING_MAX + 16);
    assert_non_null(s);
    n = (size_t)sprintf(s, "\033]");
    memset(s + n, 'a', TTYIN_STRING_MAX);
    n += TTYIN_STRING_MAX;
    n += (size_t)sprintf(s + n, "bq");
    assert_string_equal(decode(xterm_keys, 12, s, n, 0), "q");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_terminfo_keys),
        cmocka_unit_test(test_characters),
        cmocka_unit_test(test_mouse),
        cmocka_unit_test(test_mouse_overlong),
        cmocka_unit_test(test_paste),
        cmocka_unit_test(test_paste_bounded),
        cmocka_unit_test(test_answers),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
