/* Tests of paint.h: frames in, the bytes an xterm-like terminal is sent
 * out. The first frame is drawn whole; a frame whose text rows moved goes
 * by the terminal's scrolling (the region set once) and its new row alone;
 * a changed cell costs that cell; looks come out as the styles say (and
 * none without colour); blanks to the end of a row are erased at once;
 * the cursor shows only where a frame puts it; leaving gives the terminal
 * its defaults back. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "frame.h"
#include "paint.h"

/* xterm's parametrized strings, as tiparm would give them. */
static size_t xterm_format(void *ctx, paint_param p, int a, int b, char *buf, size_t cap)
{
    (void)ctx;
    int n = 0;
    switch (p) {
    case PAINT_CUP: n = snprintf(buf, cap, "\033[%d;%dH", a + 1, b + 1); break;
    case PAINT_CSR: n = snprintf(buf, cap, "\033[%d;%dr", a + 1, b + 1); break;
    case PAINT_SETAF: n = snprintf(buf, cap, a < 8 ? "\033[3%dm" : "\033[38;5;%dm", a); break;
    case PAINT_SETAB: n = snprintf(buf, cap, a < 8 ? "\033[4%dm" : "\033[48;5;%dm", a); break;
    case PAINT_HPA: n = snprintf(buf, cap, "\033[%dG", a + 1); break;
    case PAINT_CUF: n = snprintf(buf, cap, "\033[%dC", a); break;
    case PAINT_INDN: n = snprintf(buf, cap, "\033[%dS", a); break;
    case PAINT_RIN: n = snprintf(buf, cap, "\033[%dT", a); break;
    default: break;
    }
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

static paint_term xterm(paint_depth depth)
{
    paint_term t = {
        .sgr0 = "\033(B\033[m", .bold = "\033[1m", .dim = "\033[2m", .rev = "\033[7m",
        .smul = "\033[4m", .sitm = "\033[3m", .op = "\033[39;49m", .el = "\033[K",
        .clear = "\033[H\033[2J", .civis = "\033[?25l", .cnorm = "\033[?12l\033[?25h", .ind = "\n",
        .ri = "\033M", .cr = "\r", .am = true, .xenl = true, .format = xterm_format, .depth = depth,
    };
    for (int i = 0; i < PAINT_PARAMS; i++)
        t.has[i] = true;
    return t;
}

/* A frame of h rows, w wide: row y reads rows[y] in the normal style (a
 * NULL row is empty), the last row the status line. */
static void build(frame *f, int w, int h, const char *const *rows, const char *status)
{
    assert_true(frame_reset(f, w, h));
    for (int y = 0; y < h - 1; y++)
        if (rows[y])
            frame_put(f, NULL, y, 0, rows[y], w, FRAME_STYLE_NORMAL, -1);
    frame_put(f, NULL, h - 1, 0, status, w, FRAME_STYLE_STATUS, -1);
}

/* The bytes of painting f, as a string (in a buffer of its own). */
static const char *painted(paint *p, const frame *f)
{
    static char buf[16384];
    size_t n;
    const char *b = paint_frame(p, f, &n);
    assert_non_null(b);
    assert_true(n < sizeof buf);
    memcpy(buf, b, n);
    buf[n] = '\0';
    return buf;
}

static const char *const lines[] = {"row zero", "row one", "row two", "row three", "row four",
                                    "row five", "row six", "row seven"};

static void test_whole_then_nothing(void **state)
{
    (void)state;
    paint_term t = xterm(PAINT_COLOURS_256);
    paint *p = paint_new(&t);
    frame f = {0};
    build(&f, 20, 6, lines, "status");
    const char *b = painted(p, &f);
    assert_non_null(strstr(b, "\033[H\033[2J")); /* cleared first */
    for (int i = 0; i < 5; i++)
        assert_non_null(strstr(b, lines[i]));
    assert_non_null(strstr(b, "\033[38;5;252;48;5;236mstatus")); /* one SGR for the bar */
    assert_string_equal(painted(p, &f), ""); /* nothing changed: nothing sent */
    paint_forget(p);
    assert_non_null(strstr(painted(p, &f), "\033[H\033[2J"));
    frame_free(&f);
    paint_free(p);
}

/* One row down: the region over the text rows, set once, a line feed at
 * its bottom, and the new row; the rows that moved are not sent again. */
static void test_scroll(void **state)
{
    (void)state;
    paint_term t = xterm(PAINT_COLOURS_256);
    paint *p = paint_new(&t);
    frame f = {0};
    build(&f, 20, 6, lines, "status");
    painted(p, &f);
    build(&f, 20, 6, lines + 1, "status");
    const char *b = painted(p, &f);
    assert_non_null(strstr(b, "\033[1;5r")); /* rows 1-5 of 6 */
    assert_non_null(strchr(b, '\n'));
    assert_non_null(strstr(b, "row five"));
    assert_null(strstr(b, "row one"));
    assert_null(strstr(b, "row four"));
    build(&f, 20, 6, lines + 2, "status");
    b = painted(p, &f);
    assert_null(strstr(b, "\033[1;5r")); /* left set */
    assert_string_equal(b, "\n\rrow six"); /* the cursor was on the bottom row already */
    build(&f, 20, 6, lines + 1, "status"); /* and back up: reverse index at the top */
    b = painted(p, &f);
    assert_non_null(strstr(b, "\033M"));
    assert_non_null(strstr(b, "row one"));
    assert_null(strstr(b, "row two"));
    size_t n;
    const char *leave = paint_leave(p, &n);
    assert_non_null(strstr(leave, "\033[1;6r")); /* the whole screen again */
    assert_non_null(strstr(leave, "\033(B\033[m"));
    frame_free(&f);
    paint_free(p);
}

/* A changed cell costs about that cell; a row that ends in blanks where it
 * had text is erased at once. */
static void test_changes(void **state)
{
    (void)state;
    paint_term t = xterm(PAINT_COLOURS_256);
    paint *p = paint_new(&t);
    frame f = {0};
    build(&f, 20, 6, lines, "segment 12  40%");
    painted(p, &f);
    build(&f, 20, 6, lines, "segment 12  41%");
    const char *b = painted(p, &f);
    assert_true(strlen(b) < 30);
    assert_non_null(strstr(b, "1"));
    assert_null(strstr(b, "segment"));
    static const char *const shorter[] = {"row zero", "row one", "r", "row three", "row four", NULL};
    build(&f, 20, 6, shorter, "segment 12  41%");
    b = painted(p, &f);
    assert_non_null(strstr(b, "\033[K"));
    assert_true(strlen(b) < 16);
    frame_free(&f);
    paint_free(p);
}

/* The looks: a speaker's name bold in its colour (one SGR), the divider
 * dim, the focus reversed; without colour, attributes only. */
static void test_looks(void **state)
{
    (void)state;
    for (int depth = PAINT_COLOURS_NONE; depth <= PAINT_COLOURS_256; depth++) {
        paint_term t = xterm((paint_depth)depth);
        paint *p = paint_new(&t);
        frame f = {0};
        assert_true(frame_reset(&f, 30, 5));
        frame_put(&f, NULL, 0, 0, "Host", 10, FRAME_STYLE_HEADER, 0);
        frame_put(&f, NULL, 0, 12, "\xE2\x94\x82", 1, FRAME_STYLE_DIVIDER, -1); /* │ */
        frame_add(&f, 1, (frame_span){"Guest", 5, 0, 5, 0, FRAME_STYLE_HEADER, 1, FRAME_REVERSE});
        const char *b = painted(p, &f);
        if (depth == PAINT_COLOURS_256) {
            assert_non_null(strstr(b, "\033[1;38;5;39mHost"));
            assert_non_null(strstr(b, "1;7;38;5;208mGuest"));
        } else if (depth == PAINT_COLOURS_8) {
            assert_non_null(strstr(b, "\033[1;36mHost"));
        } else {
            assert_non_null(strstr(b, "\033[1mHost"));
            assert_null(strstr(b, "\033[3")); /* no colour at all */
            assert_null(strstr(b, "\033[4"));
        }
        assert_non_null(strstr(b, "2m\xE2\x94\x82")); /* dim, reset or not before it */
        frame_free(&f);
        paint_free(p);
    }
}

/* The cursor shows where a frame puts it (the prompt), and hides again. */
static void test_cursor(void **state)
{
    (void)state;
    paint_term t = xterm(PAINT_COLOURS_256);
    paint *p = paint_new(&t);
    frame f = {0};
    build(&f, 20, 6, lines, "/zeb");
    f.cursor_row = 5;
    f.cursor_col = 4;
    const char *b = painted(p, &f);
    assert_non_null(strstr(b, "\033[?25h"));
    build(&f, 20, 6, lines, "status");
    b = painted(p, &f);
    assert_non_null(strstr(b, "\033[?25l"));
    frame_free(&f);
    paint_free(p);
}

/* A wide character changed by half is sent whole; wide characters keep
 * their two columns. */
static void test_wide(void **state)
{
    (void)state;
    paint_term t = xterm(PAINT_COLOURS_256);
    paint *p = paint_new(&t);
    frame f = {0};
    static const char *const zh[] = {"\xE4\xB8\xAD\xE6\x96\x87 ab", NULL, NULL, NULL, NULL}; /* 中文 ab */
    static const char *const zh2[] = {"\xE4\xB8\xAD\xE5\xAD\x97 ab", NULL, NULL, NULL, NULL}; /* 中字 ab */
    build(&f, 20, 6, zh, "s");
    painted(p, &f);
    build(&f, 20, 6, zh2, "s");
    const char *b = painted(p, &f);
    assert_non_null(strstr(b, "\xE5\xAD\x97"));
    assert_null(strstr(b, "ab"));
    assert_true(strlen(b) < 12); /* a move (or 中 again, when cheaper) and 字 */
    frame_free(&f);
    paint_free(p);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_then_nothing), cmocka_unit_test(test_scroll),
        cmocka_unit_test(test_changes),            cmocka_unit_test(test_looks),
        cmocka_unit_test(test_cursor),             cmocka_unit_test(test_wide),
    };
    return cmocka_run_group_tests_name("paint", tests, NULL, NULL);
}
