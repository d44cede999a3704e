/* Tests of session.h and its modes, as a user meets them: events in
 * (keys, the mouse, resizes, timers, the end of a load), frames and
 * requests out. One test per mode — reading, help, the speaker panel, the
 * search prompt, the : prompt, loading — and the frame as a whole. */
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "format.h"
#include "input.h"
#include "loader.h"
#include "preview.h"
#include "session.h"
#include "testdoc.h"
#include "testsession.h"
#include "text.h"

/* The status line (the last row). */
static const char *status_row(session *s) { return testsession_row(s, session_frame(s)->height - 1); }

static void event(session *s, session_event ev) { session_handle(s, &ev); }

/* ---- the frame ---------------------------------------------------------------- */

/* Every row is there, the status line too, and it spans the width in the
 * status style, the speaker's name in the speaker's colour. */
static void test_frame(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"\xE8\x94\xA1\xE5\xB4\x87\xE4\xBF\xA1" /* 蔡崇信 */, {"你好。"}, {"Hello."}, 0},
        {"Host", {"再见。"}, {"Bye."}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 2, NULL);
    session *s = testsession_new(d, 100, 30, -1);
    const frame *f = session_frame(s);
    assert_int_equal(f->width, 100);
    assert_int_equal(f->height, 30);
    assert_int_equal(f->cursor_row, -1); /* no cursor while reading */
    assert_non_null(strstr(testsession_row(s, 0), "\xE8\x94\xA1\xE5\xB4\x87\xE4\xBF\xA1"));
    const frame_row *st = &f->rows[29];
    int col = 0;
    for (size_t i = 0; i < st->n; i++) { /* the bar, without a gap */
        assert_int_equal(st->spans[i].col, col);
        col += st->spans[i].width;
        assert_true(st->spans[i].style == FRAME_STYLE_STATUS ||
                    st->spans[i].style == FRAME_STYLE_STATUS_SPEAKER);
    }
    assert_int_equal(col, 100);
    assert_string_equal(testsession_styled(s, 29, FRAME_STYLE_STATUS_SPEAKER),
                        "\xE8\x94\xA1\xE5\xB4\x87\xE4\xBF\xA1");
    for (size_t i = 0; i < st->n; i++)
        if (st->spans[i].style == FRAME_STYLE_STATUS_SPEAKER)
            assert_int_equal(st->spans[i].colour, d->speakers[0].colour & 7);
    /* the frame stays while nothing happens; a key may change it */
    unsigned long c = session_changes(s);
    assert_ptr_equal(session_frame(s), f);
    testsession_key(s, 'J');
    assert_true(session_changes(s) > c);
    assert_non_null(strstr(status_row(s), "Host"));
    /* too small: one note */
    event(s, (session_event){.kind = SESSION_RESIZE, .width = 40, .height = 4});
    assert_string_equal(testsession_row(s, 0), "terminal too small (20x5 at least)");
    assert_string_equal(testsession_row(s, 3), "");
    event(s, (session_event){.kind = SESSION_RESIZE, .width = 100, .height = 30});
    assert_non_null(strstr(status_row(s), "segment 2/2"));
    session_free(s);
    doc_free(d);
}

/* The status line: what is typed, else the message, else the file name;
 * the filter and search notes, segment k/n, the speaker, the position;
 * parts give way when narrow; never wider than the terminal. */
static void test_status_line(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"\xE8\x94\xA1\xE5\xB4\x87\xE4\xBF\xA1" /* 蔡崇信 */, {"你好。"}, {"Hello."}, 0},
        {"Host", {"再见，人工智能。"}, {"Bye."}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 2, NULL);
    session *s = testsession_new(d, 100, 30, -1);
    const char *st = status_row(s);
    assert_true(strncmp(st, "test.txt", 8) == 0);
    assert_non_null(strstr(st, "segment 1/2"));
    assert_non_null(strstr(st, "END")); /* all of it fits */
    testsession_key(s, 'J');
    assert_non_null(strstr(status_row(s), "segment 2/2  Host  END"));
    /* a pending count or prompt, then a message, take the name's place */
    testsession_keys(s, "12");
    assert_true(strncmp(status_row(s), "12 ", 3) == 0);
    testsession_key(s, 27);
    testsession_keys(s, ":12");
    assert_true(strncmp(status_row(s), ":12 ", 4) == 0);
    testsession_key(s, 27);
    testsession_key(s, 'l');
    assert_true(strncmp(status_row(s), "layout: stacked", 15) == 0);
    /* the filter and search notes, when there is room */
    testsession_keys(s, "/\xE4\xBA\xBA\xE5\xB7\xA5\r"); /* /人工 */
    testsession_key(s, 'l'); /* Chinese only: the match stays shown */
    testsession_keys(s, "l1"); /* English only, then hide speaker 1 */
    event(s, (session_event){.kind = SESSION_TIMER});
    testsession_keys(s, "ll"); /* side by side again */
    event(s, (session_event){.kind = SESSION_RESIZE, .width = 120, .height = 30});
    assert_non_null(strstr(status_row(s), "1 of 2 speakers  /\xE4\xBA\xBA\xE5\xB7\xA5 1/1  segment"));
    event(s, (session_event){.kind = SESSION_RESIZE, .width = 50, .height = 30});
    assert_null(strstr(status_row(s), "speakers"));
    /* never wider than the terminal */
    for (int w = 20; w <= 200; w++) {
        event(s, (session_event){.kind = SESSION_RESIZE, .width = w, .height = 10});
        st = status_row(s);
        assert_true(text_width(st, strlen(st)) <= w);
    }
    session_free(s);
    doc_free(d);
    /* a path too long for the line gives way to the file's own name */
    d = testdoc_build(NULL, segs, 2, NULL);
    char *path = d->sources[0].path;
    d->sources[0].path = (char *)"interviews/\xE8\xAE\xBF\xE8\xB0\x88-2024-with-a-long-name.txt";
    s = testsession_new(d, 40, 10, -1);
    assert_true(strncmp(status_row(s), "\xE8\xAE\xBF\xE8\xB0\x88-2024", 11) == 0);
    session_free(s);
    d->sources[0].path = path;
    doc_free(d);
}

/* ---- reading ------------------------------------------------------------------------ */

/* Keys with counts move the view; a lone digit waits for the timer and
 * then toggles its speaker; Esc cancels; unknown keys say so. */
static void test_reading(void **state)
{
    (void)state;
    doc *d = testdoc_generated(40);
    session *s = testsession_new(d, 100, 30, -1);
    reader *r = session_reader(s);
    layout_pos first = r->top;
    testsession_keys(s, "5j");
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 5, NULL)), 0);
    testsession_keys(s, "g3J");
    assert_non_null(strstr(status_row(s), "segment 4/40"));
    assert_int_equal(session_wait_ms(s), -1); /* nothing pending: no timer */
    testsession_key(s, '2');
    assert_int_equal(session_wait_ms(s), ACTION_DIGIT_TIMEOUT_MS);
    assert_true(strncmp(status_row(s), "2 ", 2) == 0);
    event(s, (session_event){.kind = SESSION_TIMER});
    assert_int_equal(session_wait_ms(s), -1);
    assert_false(r->filter->entries[1].shown);
    assert_non_null(strstr(status_row(s), "hiding Guest"));
    testsession_key(s, '0');
    event(s, (session_event){.kind = SESSION_TIMER});
    assert_true(r->filter->entries[1].shown);
    testsession_keys(s, "12\x7f"); /* Backspace erases a digit of the count */
    assert_true(strncmp(status_row(s), "1 ", 2) == 0);
    testsession_key(s, 27);
    testsession_key(s, 127); /* nothing to erase: no such key */
    assert_non_null(strstr(status_row(s), "no such key"));
    testsession_keys(s, "7\x1bj"); /* Esc cancels the count */
    testsession_key(s, 'Z');
    assert_non_null(strstr(status_row(s), "no such key: h shows the keys"));
    testsession_keys(s, "ma");
    assert_non_null(strstr(status_row(s), "mark a set"));
    testsession_key(s, 'm');
    assert_true(strncmp(status_row(s), "m ", 2) == 0);
    testsession_key(s, 27);
    session_free(s);
    doc_free(d);
}

/* What the terminal must do: quit, repaint, suspend, write the clipboard. */
static void test_requests(void **state)
{
    (void)state;
    doc *d = testdoc_generated(5);
    session *s = testsession_new(d, 80, 24, -1);
    session_requests q = session_take(s);
    assert_false(q.quit || q.suspend || q.repaint || q.out_len);
    testsession_key(s, 12); /* Ctrl-L */
    assert_true(session_take(s).repaint);
    assert_false(session_take(s).repaint); /* taken */
    testsession_key(s, 26); /* Ctrl-Z */
    assert_true(session_take(s).suspend);
    testsession_key(s, 'y');
    q = session_take(s);
    assert_true(q.out_len > 8);
    assert_memory_equal(q.out, "\x1b]52;c;", 7);
    assert_non_null(strstr(status_row(s), "segment 1 copied to the clipboard"));
    session_output_failed(s);
    assert_non_null(strstr(status_row(s), "could not write the copy"));
    testsession_key(s, 'q');
    assert_true(session_take(s).quit);
    session_free(s);
    /* a terminal without the clipboard escape: nothing written, and why */
    static const char *const files[] = {"t.txt", NULL};
    session_config c = {.layout = -1, .clipboard = false, .term = "linux", .files = files};
    s = session_new(d, NULL, &c, 80, 24);
    testsession_key(s, 'y');
    assert_int_equal(session_take(s).out_len, 0);
    assert_non_null(strstr(status_row(s), "TERM=linux has no clipboard escape"));
    session_free(s);
    doc_free(d);
}

/* The wheel scrolls; a click makes a segment current (its header reversed,
 * the status line names it); a click elsewhere does nothing. */
static void test_mouse(void **state)
{
    (void)state;
    doc *d = testdoc_generated(30);
    session *s = testsession_new(d, 100, 40, -1);
    reader *r = session_reader(s);
    layout_pos first = r->top;
    event(s, (session_event){.kind = SESSION_MOUSE, .wheel = 3});
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 3, NULL)), 0);
    event(s, (session_event){.kind = SESSION_MOUSE, .wheel = -3});
    assert_int_equal(layout_pos_cmp(r->top, first), 0);
    int y = testsession_find(s, "Guest");
    assert_true(y > 0);
    event(s, (session_event){.kind = SESSION_MOUSE, .x = 70, .y = y + 1});
    assert_non_null(strstr(status_row(s), "segment 2/30"));
    const frame *f = session_frame(s);
    assert_true(f->rows[y].n > 0);
    assert_true(f->rows[y].spans[0].flags & FRAME_REVERSE);
    assert_false(f->rows[0].spans[0].flags & FRAME_REVERSE);
    event(s, (session_event){.kind = SESSION_MOUSE, .x = 3, .y = 39}); /* the status line */
    assert_non_null(strstr(status_row(s), "segment 2/30"));
    session_free(s);
    doc_free(d);
}

/* ---- help ------------------------------------------------------------------------------- */

/* h opens the help over the text (the status line stays); it scrolls with
 * its own keys and counts; q, Esc, h, F1 and Ctrl-C close it; keys of
 * other modes do nothing there; the wheel scrolls it, clicks pass by. */
static void test_help(void **state)
{
    (void)state;
    doc *d = testdoc_generated(5);
    session *s = testsession_new(d, 80, 10, -1);
    reader *r = session_reader(s);
    char line[256];
    layout_pos top = r->top;
    testsession_key(s, 'h');
    assert_string_equal(testsession_row(s, 0), "duet - keys (j/k scroll this help; q, Esc or h closes it)");
    assert_non_null(strstr(status_row(s), "segment 1/5"));
    testsession_keys(s, "3j");
    action_help_line(3, line, sizeof line);
    assert_string_equal(testsession_row(s, 0), line);
    testsession_keys(s, "Jn/"); /* not the help's: nothing */
    assert_string_equal(testsession_row(s, 0), line);
    assert_int_equal(layout_pos_cmp(r->top, top), 0); /* the text stays */
    testsession_key(s, 'G');
    size_t n = 0;
    while (action_help_line(n, line, sizeof line))
        n++;
    action_help_line(n - 1, line, sizeof line);
    assert_string_equal(testsession_row(s, 8), line); /* the last line at the bottom */
    testsession_key(s, ' ');
    assert_string_equal(testsession_row(s, 8), line);
    event(s, (session_event){.kind = SESSION_MOUSE, .wheel = -3});
    assert_string_not_equal(testsession_row(s, 8), line);
    event(s, (session_event){.kind = SESSION_MOUSE, .y = 3});
    assert_int_equal(r->focus, SIZE_MAX);
    static const int closers[] = {'q', 27, 'h', ACTION_KEY_F1, 3};
    for (size_t i = 0; i < sizeof closers / sizeof *closers; i++) {
        testsession_key(s, closers[i]);
        assert_null(strstr(testsession_row(s, 0), "duet - keys"));
        assert_false(session_take(s).quit); /* Ctrl-C closes the help, not duet */
        testsession_key(s, 'h');
    }
    testsession_key(s, 12);
    assert_true(session_take(s).repaint);
    testsession_key(s, 'q');
    testsession_key(s, 'q');
    assert_true(session_take(s).quit);
    session_free(s);
    doc_free(d);
}

/* ---- the speaker panel ------------------------------------------------------------------ */

static void test_panel(void **state)
{
    (void)state;
    doc *d = testdoc_generated(9); /* 主持人, Guest, 蔡崇信 in turn */
    session *s = testsession_new(d, 100, 30, -1);
    reader *r = session_reader(s);
    testsession_key(s, 's');
    assert_non_null(strstr(testsession_row(s, 0), "Speakers 3/3"));
    assert_non_null(strstr(testsession_styled(s, 1, FRAME_STYLE_SELECTED), ">"));
    testsession_key(s, 'j');
    assert_non_null(strstr(testsession_row(s, 2), ">[x] 2 Guest"));
    testsession_key(s, ' ');
    assert_false(r->filter->entries[1].shown);
    assert_non_null(strstr(testsession_row(s, 2), "[ ] 2 Guest"));
    assert_non_null(strstr(status_row(s), "hiding Guest"));
    testsession_key(s, 'a');
    assert_true(r->filter->entries[1].shown);
    testsession_key(s, 'o');
    assert_int_equal(r->filter->nshown, 1);
    assert_true(r->filter->entries[1].shown);
    testsession_key(s, '0');
    assert_int_equal(r->filter->nshown, 3);
    testsession_key(s, '3');
    assert_false(r->filter->entries[2].shown);
    testsession_key(s, 'c');
    assert_true(r->context);
    testsession_key(s, 'G');
    assert_non_null(strstr(testsession_row(s, 3), ">[ ] 3"));
    testsession_key(s, 'x');
    assert_non_null(strstr(status_row(s), "Space shows or hides"));
    /* clicks do nothing; the wheel scrolls the text below */
    layout_pos top = r->top;
    event(s, (session_event){.kind = SESSION_MOUSE, .y = 10});
    assert_int_equal(r->focus, SIZE_MAX);
    event(s, (session_event){.kind = SESSION_MOUSE, .wheel = 3});
    assert_int_not_equal(layout_pos_cmp(r->top, top), 0);
    testsession_key(s, '\r'); /* Enter closes */
    assert_null(strstr(testsession_row(s, 0), "Speakers:"));
    testsession_key(s, 's');
    testsession_key(s, 'q'); /* q closes, Q quits */
    assert_false(session_take(s).quit);
    testsession_keys(s, "sQ");
    assert_true(session_take(s).quit);
    session_free(s);
    doc_free(d);
}

/* ---- the prompts ------------------------------------------------------------------------- */

/* / opens the search prompt on the bottom row with the cursor in it; each
 * key searches; Esc goes back; Enter keeps the place; Ctrl-L repaints. */
static void test_search_prompt(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"A", {"一。"}, {"One."}, 0}, {"B", {"二。"}, {"Two."}, 0}, {"A", {"三。"}, {"Three zebras."}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 3, NULL);
    session *s = testsession_new(d, 80, 6, -1);
    reader *r = session_reader(s);
    layout_pos origin = r->top;
    testsession_key(s, '/');
    assert_string_equal(status_row(s), "/");
    assert_int_equal(session_frame(s)->cursor_row, 5);
    assert_int_equal(session_frame(s)->cursor_col, 1);
    testsession_keys(s, "zeb");
    assert_true(strncmp(status_row(s), "/zeb", 4) == 0);
    assert_int_equal(session_frame(s)->cursor_col, 4);
    assert_int_not_equal(layout_pos_cmp(r->top, origin), 0); /* moved to the match */
    testsession_key(s, 12);
    assert_true(session_take(s).repaint);
    testsession_key(s, 27);
    assert_int_equal(layout_pos_cmp(r->top, origin), 0);
    assert_int_equal(session_frame(s)->cursor_row, -1);
    assert_non_null(strstr(status_row(s), "segment 1/3"));
    testsession_keys(s, "/zebra\r");
    assert_int_equal(reader_current_segment(r), 2);
    assert_non_null(strstr(status_row(s), "/zebra 1/1"));
    testsession_key(s, 'q'); /* reading again: q quits */
    assert_true(session_take(s).quit);
    session_free(s);
    doc_free(d);
}

static void paste(session *s, const char *text)
{
    event(s, (session_event){.kind = SESSION_PASTE, .text = text, .len = strlen(text)});
}

/* Pasted text is never keys: dropped while reading (with a note), typed
 * into the search prompt as text (line ends as spaces, controls dropped)
 * and searched once, and into the : prompt as its digits. */
static void test_paste(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"A", {"一。"}, {"One."}, 0}, {"B", {"二。"}, {"Two."}, 0}, {"A", {"三。"}, {"Three zebras."}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 3, NULL);
    session *s = testsession_new(d, 80, 6, -1);
    reader *r = session_reader(s);
    layout_pos origin = r->top;
    paste(s, "qGJ/zebra\r"); /* keys that would quit, move, search */
    session_requests rq = session_take(s);
    assert_false(rq.quit);
    assert_int_equal(layout_pos_cmp(r->top, origin), 0);
    assert_non_null(strstr(status_row(s), "paste ignored"));
    testsession_key(s, '/');
    paste(s, "three\x1b[A\nzeb");
    assert_true(strncmp(status_row(s), "/three[A zeb", 12) == 0);
    testsession_key(s, 27);
    testsession_key(s, '/');
    paste(s, "Three zeb");
    testsession_key(s, '\r');
    assert_int_equal(reader_current_segment(r), 2);
    testsession_key(s, 'g');
    testsession_key(s, ':');
    paste(s, "2\rq");
    assert_non_null(strstr(status_row(s), ":2"));
    testsession_key(s, '\r');
    assert_int_equal(reader_current_segment(r), 1);
    assert_false(session_take(s).quit);
    session_free(s);
    doc_free(d);
}

/* A terminal larger than SESSION_MAX_* is drawn in its top left corner at
 * that size, with a note; back to a sane size, all of it. */
static void test_huge_terminal(void **state)
{
    (void)state;
    doc *d = testdoc_generated(30);
    session *s = testsession_new(d, 30000, 3000, -1);
    const frame *f = session_frame(s);
    assert_int_equal(f->width, SESSION_MAX_WIDTH);
    assert_int_equal(f->height, SESSION_MAX_HEIGHT);
    assert_non_null(strstr(status_row(s), "terminal 30000x3000: showing 10000x1000"));
    event(s, (session_event){.kind = SESSION_RESIZE, .width = 80, .height = 65535});
    f = session_frame(s);
    assert_int_equal(f->width, 80);
    assert_int_equal(f->height, SESSION_MAX_HEIGHT);
    assert_non_null(strstr(status_row(s), "terminal 80x65535"));
    event(s, (session_event){.kind = SESSION_RESIZE, .width = 100, .height = 30});
    f = session_frame(s);
    assert_int_equal(f->width, 100);
    assert_int_equal(f->height, 30);
    session_free(s);
    doc_free(d);
}

/* : opens a prompt for a segment number on the status line; Backspace
 * erases, Enter goes, Esc or any other key leaves. */
static void test_goto_prompt(void **state)
{
    (void)state;
    doc *d = testdoc_generated(30);
    session *s = testsession_new(d, 100, 20, -1);
    testsession_key(s, ':');
    assert_true(strncmp(status_row(s), ": ", 2) == 0);
    testsession_keys(s, "123");
    assert_true(strncmp(status_row(s), ":123 ", 5) == 0);
    testsession_key(s, 127);
    testsession_key(s, 127);
    testsession_key(s, '2');
    assert_true(strncmp(status_row(s), ":12 ", 4) == 0);
    testsession_key(s, '\r');
    assert_non_null(strstr(status_row(s), "segment 12/30"));
    testsession_keys(s, ":5\x1b"); /* Esc leaves */
    assert_non_null(strstr(status_row(s), "segment 12/30"));
    testsession_keys(s, ":5j"); /* any other key leaves, and does nothing else */
    assert_non_null(strstr(status_row(s), "segment 12/30"));
    testsession_keys(s, ":\r"); /* Enter on nothing leaves */
    testsession_keys(s, ":\x7f"); /* so does Backspace on nothing */
    assert_non_null(strstr(status_row(s), "segment 12/30"));
    testsession_keys(s, "5:2\r"); /* a lone digit before : is its own key */
    assert_non_null(strstr(status_row(s), "segment 2/"));
    testsession_key(s, 'q');
    assert_true(session_take(s).quit);
    session_free(s);
    doc_free(d);
}

/* ---- loading ------------------------------------------------------------------------------ */

/* A sectioned transcript of n turns, large enough for a preview of its
 * first screens. */
static char *big_transcript(size_t n, size_t *len)
{
    size_t cap = n * 400 + 64, at = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    for (int l = 0; l < 2; l++)
        for (size_t k = 0; k < n; k++) {
            const char *who = l ? (k % 2 ? "Guest:" : "Host:") : (k % 2 ? "嘉宾：" : "主持人：");
            at += (size_t)snprintf(t + at, cap - at, "%s\n", who);
            if (l)
                at += (size_t)snprintf(t + at, cap - at,
                                       "Turn %zu, in which we talk about the weather and the work at length.\n\n", k + 1);
            else
                at += (size_t)snprintf(t + at, cap - at, "第%zu段，我们谈谈天气和工作，说了很久很久。\n\n", k + 1);
        }
    *len = at;
    return t;
}

/* Waits for the load's descriptor (a document of what came, or the
 * whole) and hands the session the event. */
static void loaded(session *s)
{
    struct pollfd p = {session_load_fd(s), POLLIN, 0};
    assert_true(p.fd >= 0);
    assert_int_equal(poll(&p, 1, 60000), 1);
    event(s, (session_event){.kind = SESSION_LOADED});
}

/* A FIFO that stays open: the session shows what has come ("reading…" on
 * the status line), moves at once, shows more as it comes, and at the end
 * of input the whole, laid out again (the Chinese section alone was one
 * language; the whole is side by side), at the same passage. */
static void test_stream(void **state)
{
    (void)state;
    size_t len;
    char *text = big_transcript(40, &len);
    size_t half = (size_t)(strstr(text, "Host:") - text); /* the Chinese section */
    char dir[] = "/tmp/duet-stream-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    int w = open(path, O_RDWR); /* a writer, so that opening waits for nobody */
    assert_true(w >= 0);
    assert_int_equal(write(w, text, half / 2), (ssize_t)(half / 2));
    input_stream *is;
    assert_int_equal(input_stream_open(path, INPUT_DEFAULT_LIMIT, NULL, &is), ST_OK);
    loader *l = loader_stream(path, is, NULL);
    assert_non_null(l);
    doc *empty = doc_new(); /* nothing read yet (nothing to finish either) */
    assert_int_equal(doc_add_source(empty, path, "", 0), ST_OK);
    const char *names[] = {path, NULL};
    session_config c = {.layout = -1, .clipboard = true, .term = "xterm", .files = names};
    session *s = session_new(empty, l, &c, 100, 20);
    assert_non_null(s);
    assert_non_null(strstr(status_row(s), "reading\xE2\x80\xA6"));
    session_idle(s); /* the first frame is out: reading goes on */
    loaded(s);
    assert_true(session_loading(s));
    assert_true(testsession_find(s, "第1段") >= 0);
    assert_non_null(strstr(status_row(s), "reading\xE2\x80\xA6"));
    testsession_key(s, 'J'); /* at once, on what has come */
    testsession_key(s, 'J');
    assert_true(testsession_find(s, "第3段") >= 0 && testsession_find(s, "第3段") < 3);
    assert_int_equal(write(w, text + half / 2, half - half / 2), (ssize_t)(half - half / 2));
    loaded(s); /* more of it */
    assert_true(testsession_find(s, "第3段") >= 0 && testsession_find(s, "第3段") < 3);
    assert_int_equal(write(w, text + half, len - half), (ssize_t)(len - half));
    close(w);
    while (session_loading(s))
        loaded(s);
    assert_int_equal(session_load_status(s, NULL), ST_OK);
    assert_int_equal(session_reader(s)->d->nsegments, 40);
    assert_non_null(strstr(status_row(s), "segment 3/40"));
    assert_true(testsession_find(s, "第3段") >= 0 && testsession_find(s, "第3段") < 3);
    assert_true(testsession_find(s, "Turn 3,") >= 0); /* side by side */
    session_free(s);
    unlink(path);
    rmdir(dir);
    free(text);
}

/* Small moves act on the preview at once; other keys wait, in order, with
 * "loading…" on the status line; when the whole is in it takes the
 * preview's place and the keys that waited act. */
static void test_loading(void **state)
{
    (void)state;
    size_t len;
    char *text = big_transcript(1500, &len);
    const char *names[] = {"big.txt", NULL};
    const char *bytes[] = {text};
    doc *preview = NULL;
    assert_int_equal(preview_build(names, bytes, &len, 1, NULL, &preview), ST_OK);
    input in[1] = {{.bytes = text, .n = len}};
    loader *l = loader_start(names, in, 1, NULL);
    assert_non_null(l);
    session_config c = {.layout = -1, .clipboard = true, .term = "xterm", .files = names};
    session *s = session_new(preview, l, &c, 100, 20);
    assert_non_null(s);
    reader *r = session_reader(s);
    assert_non_null(strstr(status_row(s), "loading\xE2\x80\xA6"));
    assert_null(strstr(status_row(s), "segment 1/")); /* the count is not known yet */
    layout_pos first = r->top;
    testsession_key(s, 'j'); /* at once */
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 1, NULL)), 0);
    event(s, (session_event){.kind = SESSION_MOUSE, .wheel = 3}); /* the wheel too */
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 4, NULL)), 0);
    testsession_key(s, 'G'); /* waits */
    testsession_key(s, 'k'); /* and so does every key after it */
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 4, NULL)), 0);
    assert_true(strncmp(status_row(s), "loading\xE2\x80\xA6", 10) == 0);
    session_idle(s); /* the first frame is out: the load goes */
    int fd = session_load_fd(s);
    assert_true(fd >= 0);
    struct pollfd p = {fd, POLLIN, 0};
    assert_int_equal(poll(&p, 1, 60000), 1);
    event(s, (session_event){.kind = SESSION_LOADED});
    assert_int_equal(session_load_fd(s), -1);
    assert_false(session_loading(s));
    r = session_reader(s);
    assert_int_equal(r->d->nsegments, 1500);
    layout_pos end = layout_end_top(r->L, reader_text_rows(r)); /* G, then k */
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, end, -1, NULL)), 0);
    assert_non_null(strstr(status_row(s), "/1500"));
    assert_int_equal(session_load_status(s, NULL), ST_OK);
    session_free(s);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame),         cmocka_unit_test(test_status_line),
        cmocka_unit_test(test_reading),       cmocka_unit_test(test_requests),
        cmocka_unit_test(test_mouse),         cmocka_unit_test(test_help),
        cmocka_unit_test(test_panel),         cmocka_unit_test(test_search_prompt),
        cmocka_unit_test(test_goto_prompt),   cmocka_unit_test(test_loading),
        cmocka_unit_test(test_paste),         cmocka_unit_test(test_huge_terminal),
        cmocka_unit_test(test_stream),
    };
    return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
