/* The speaker filter in a session: keys (with digits resolved as counts or
 * speakers, and the one-shot timeout simulated), the position kept across
 * filter changes, navigation and counts over visible segments, S, the
 * panel, context rows and the status line. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "reader.h"
#include "session.h"
#include "testdoc.h"
#include "testsession.h"
#include "text.h"

/* The segment whose first row is on top, or -1 when the top is elsewhere. */
static long top_segment(const reader *r)
{
    layout_block b = layout_block_at(r->L, r->top.block);
    if (b.kind != LAYOUT_BLOCK_SEGMENT || r->top.row != 0)
        return -1;
    return (long)b.index;
}

/* The session the tests drive, one at a time. */
static session *S;

static reader *open_session(doc *d, int w, int h)
{
    S = testsession_new(d, w, h, -1);
    return session_reader(S);
}

static void close_session(doc *d)
{
    session_free(S);
    S = NULL;
    doc_free(d);
}

/* Keys, '\n' as Enter. */
static void keys(reader *r, const char *s)
{
    (void)r;
    for (; *s; s++)
        testsession_key(S, *s == '\n' ? '\r' : (unsigned char)*s);
}

/* No key for a second. */
static void timeout(void)
{
    session_event ev = {.kind = SESSION_TIMER};
    session_handle(S, &ev);
}

/* The filter's note on the status line. */
static const char *filter_note_of(const reader *r)
{
    static char buf[128];
    reader_filter_note(r, buf, sizeof buf);
    return buf;
}

/* The status line. */
static const char *status_line(void) { return testsession_row(S, session_frame(S)->height - 1); }

/* True while the speaker panel is open: its title on the first row. */
static bool panel_open(void)
{
    return strcmp(testsession_styled(S, 0, FRAME_STYLE_PANEL), "") != 0;
}

/* The row of the panel's selected entry (its cursor mark), or -1. */
static int panel_row(void)
{
    for (int y = 0; y < session_frame(S)->height - 1; y++)
        if (testsession_row(S, y)[0] == '>')
            return y;
    return -1;
}

/* 30 segments, speakers 主持人 Guest 蔡崇信 in turn (segment k: k % 3). */
static reader *open_generated(doc **d)
{
    *d = testdoc_generated(30);
    return open_session(*d, 100, 30);
}

static bool shown(const reader *r, size_t e) { return r->filter->entries[e].shown; }

/* A digit before a key that takes a count is the count; a lone digit
 * before anything else, or alone until the timeout, toggles a speaker. */
static void test_digits(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(&d);
    layout_pos first = r->top;
    keys(r, "2j");
    assert_int_equal(layout_pos_cmp(r->top, layout_scroll(r->L, first, 2, NULL)), 0);
    assert_true(filter_all_shown(r->filter));
    assert_int_equal(session_wait_ms(S), -1); /* nothing pending: no timer */
    keys(r, "g2");
    assert_int_equal(session_wait_ms(S), ACTION_DIGIT_TIMEOUT_MS);
    assert_true(strncmp(status_line(), "2 ", 2) == 0); /* the waiting digit on the status line */
    timeout();                     /* no key for a second */
    assert_false(shown(r, 1));
    assert_true(shown(r, 0));
    assert_int_equal(session_wait_ms(S), -1);
    assert_string_equal(filter_note_of(r), "2 of 3 speakers");
    timeout(); /* a stray timeout does nothing */
    assert_false(shown(r, 1));
    /* a digit then a key with no count: the toggle, then the key */
    layout_mode m = r->mode;
    keys(r, "2l");
    assert_true(shown(r, 1));
    assert_int_not_equal(r->mode, m);
    /* two digits are a count and never wait on the clock */
    keys(r, "12");
    assert_int_equal(session_wait_ms(S), -1);
    keys(r, "g");
    assert_int_equal(top_segment(r), 11);
    assert_true(filter_all_shown(r->filter));
    /* 0 shows all; Esc cancels a lone digit */
    keys(r, "3");
    timeout();
    assert_false(shown(r, 2));
    keys(r, "0");
    testsession_key(S, 27);
    assert_false(shown(r, 2));
    keys(r, "0");
    timeout();
    assert_true(filter_all_shown(r->filter));
    assert_string_equal(filter_note_of(r), "");
    /* a speaker that does not exist says so */
    keys(r, "7");
    timeout();
    assert_non_null(strstr(r->message, "no speaker 7"));
    close_session(d);
}

/* The view stays put when the segment on top stays shown, and moves to the
 * nearest shown segment when it goes. */
static void test_position_kept(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(&d);
    reader_apply(r, ACTION_GOTO_SEGMENT, 5); /* segment index 4: Guest */
    reader_apply(r, ACTION_LINE_DOWN, 2);
    layout_pos at = r->top;
    assert_int_equal(at.row, 2);
    reader_apply(r, ACTION_SPEAKER_TOGGLE, 1); /* hide 主持人 */
    assert_int_equal(layout_pos_cmp(r->top, at), 0);
    assert_int_equal(reader_current_segment(r), 4);
    reader_apply(r, ACTION_SPEAKER_TOGGLE, 2); /* hide Guest, on top */
    assert_int_equal(top_segment(r), 5);       /* 3 is hidden too: 5 is nearest */
    assert_int_equal(reader_current_segment(r), 5);
    reader_apply(r, ACTION_SPEAKER_ALL, 0);
    assert_int_equal(top_segment(r), 5);
    /* a tie goes to the later segment (the answer after a question) */
    reader_apply(r, ACTION_GOTO_SEGMENT, 8); /* index 7: Guest, between 6 and 8 */
    reader_apply(r, ACTION_SPEAKER_TOGGLE, 2);
    assert_int_equal(top_segment(r), 8);
    /* the last speaker shown cannot be hidden */
    reader_apply(r, ACTION_SPEAKER_ALL, 0);
    reader_apply(r, ACTION_SPEAKER_ONLY, 0);
    assert_true(filter_is_only(r->filter, 2));
    reader_apply(r, ACTION_SPEAKER_TOGGLE, 3);
    assert_true(shown(r, 2));
    assert_non_null(strstr(r->message, "only speaker shown"));
    close_session(d);
}

/* S shows only the current speaker; J then stays with them; counts count
 * the segments shown while the status keeps the segment's own number. */
static void test_only_and_navigation(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(&d);
    reader_apply(r, ACTION_NEXT_SEGMENT, 1); /* index 1: Guest */
    keys(r, "S");
    assert_true(filter_is_only(r->filter, 1));
    assert_string_equal(filter_note_of(r), "1 of 3 speakers");
    for (int i = 0; i < 5; i++) {
        keys(r, "J");
        assert_int_equal(top_segment(r) % 3, 1);
    }
    assert_int_equal(top_segment(r), 16);
    keys(r, "K");
    assert_int_equal(top_segment(r), 13);
    keys(r, "3J");
    assert_int_equal(top_segment(r), 22);
    keys(r, "4g"); /* the 4th Guest segment is index 10, segment 11 */
    assert_int_equal(top_segment(r), 10);
    assert_non_null(strstr(status_line(), "segment 11/30"));
    assert_non_null(strstr(status_line(), "1 of 3 speakers"));
    keys(r, ":2\n");
    assert_int_equal(top_segment(r), 4);
    keys(r, "99g");
    assert_int_equal(top_segment(r), 28); /* the last one shown, and a note */
    assert_non_null(strstr(r->message, "10 shown"));
    /* ) steps answer to answer across the hidden questions */
    keys(r, "g"); /* segment 0 is hidden: the top is the first Guest segment */
    assert_int_equal(top_segment(r), 1);
    keys(r, ")");
    assert_int_equal(top_segment(r), 4);
    keys(r, ")");
    assert_int_equal(top_segment(r), 7);
    keys(r, "(");
    assert_int_equal(top_segment(r), 4);
    keys(r, "K");
    keys(r, "S"); /* again: everyone */
    assert_true(filter_all_shown(r->filter));
    assert_int_equal(top_segment(r), 1);
    keys(r, "4g");
    assert_int_equal(top_segment(r), 3);
    close_session(d);
}

/* --speaker: names matched and the position kept. */
static void test_select(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(&d);
    const char *names[] = {"guest", "蔡崇信"};
    size_t bad;
    assert_int_equal(reader_select_speakers(r, names, 2, &bad), ST_OK);
    assert_false(shown(r, 0));
    assert_int_equal(top_segment(r), 1); /* segment 0 was 主持人's */
    const char *wrong[] = {"Nobody"};
    assert_int_equal(reader_select_speakers(r, wrong, 1, &bad), ST_USAGE);
    assert_int_equal(bad, 0);
    assert_false(shown(r, 0));
    close_session(d);
}

/* The panel: opens on the current speaker, moves, toggles, all, only,
 * closes with Enter, Esc, s or q (q does not quit), digits act at once. */
static void test_panel(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(&d);
    reader_apply(r, ACTION_NEXT_SEGMENT, 2); /* 蔡崇信 */
    keys(r, "s");
    assert_true(panel_open());
    assert_int_equal(panel_row(), 3); /* the title, then the third speaker */
    assert_non_null(strstr(testsession_row(S, 4), "Space show/hide")); /* the hints */
    assert_string_equal(testsession_styled(S, 5, FRAME_STYLE_PANEL), "");
    keys(r, "k");
    assert_int_equal(panel_row(), 2);
    testsession_key(S, ACTION_KEY_UP);
    testsession_key(S, ACTION_KEY_UP); /* stops at the first */
    assert_int_equal(panel_row(), 1);
    keys(r, " ");
    assert_false(shown(r, 0));
    assert_true(panel_open()); /* Space is not a page here */
    keys(r, "j ");
    assert_false(shown(r, 1));
    keys(r, " "); /* back */
    assert_true(shown(r, 1));
    keys(r, "a");
    assert_true(filter_all_shown(r->filter));
    keys(r, "o");
    assert_true(filter_is_only(r->filter, 1));
    keys(r, "o"); /* again: all */
    assert_true(filter_all_shown(r->filter));
    keys(r, "3"); /* digits toggle at once: no count in the panel */
    assert_false(shown(r, 2));
    assert_int_equal(session_wait_ms(S), -1);
    keys(r, "0");
    assert_true(filter_all_shown(r->filter));
    keys(r, "\n");
    assert_false(panel_open());
    keys(r, "s");
    testsession_key(S, 27);
    assert_false(panel_open());
    keys(r, "ss");
    assert_false(panel_open());
    keys(r, "sq");
    assert_false(panel_open());
    assert_false(session_take(S).quit);
    /* the rows it draws: a row per speaker with its name */
    keys(r, "s");
    assert_non_null(strstr(testsession_row(S, 2), "Guest"));
    close_session(d);
}

/* More speakers than rows: the panel scrolls with the selection. */
static void test_panel_scrolls(void **state)
{
    (void)state;
    static const char *const names[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子"};
    testdoc_seg segs[11];
    memset(segs, 0, sizeof segs);
    for (int i = 0; i < 11; i++)
        segs[i] = (testdoc_seg){.speaker = names[i], .zh = {"你好。"}, .en = {"Hello."}};
    doc *d = testdoc_build(NULL, segs, 11, NULL);
    reader *r = open_session(d, 20, 5); /* the smallest screen: 4 text rows */
    keys(r, "s");
    for (int i = 1; i <= 10; i++) {
        keys(r, "j");
        int y = panel_row(); /* the selected speaker is on screen, among the 3 entry rows */
        assert_true(y >= 1 && y <= 3);
        assert_non_null(strstr(testsession_row(S, y), names[i]));
        for (y = 0; y < 4; y++) {
            const char *text = testsession_row(S, y);
            assert_true(text_width(text, strlen(text)) <= 20);
        }
    }
    keys(r, "g");
    assert_int_equal(panel_row(), 1);
    assert_non_null(strstr(testsession_row(S, 1), names[0]));
    keys(r, "G");
    assert_non_null(strstr(testsession_row(S, panel_row()), names[10]));
    session_event ev = {.kind = SESSION_RESIZE, .width = 20, .height = 30};
    session_handle(S, &ev); /* taller: everything fits, no scrolling */
    assert_non_null(strstr(testsession_row(S, 1), names[0]));
    assert_int_equal(panel_row(), 11);
    close_session(d);
}

/* Context: a hidden run is one row naming the speaker of its last segment
 * and its first words; segment keys skip it. */
static void test_context(void **state)
{
    (void)state;
    static const testdoc_seg segs[] = {
        {"Host", {"第一个问题？"}, {"First question?"}, 0},
        {"Guest", {"第一个回答。"}, {"First answer."}, 0},
        {"Host", {"第二个问题？"}, {"Second question?"}, 0},
        {"Aide", {"插一句。"}, {"An aside."}, 0},
        {"Host", {"第三个问题？"}, {"Third question?"}, 0},
        {"Guest", {"第三个回答。"}, {"Third answer."}, 0},
    };
    doc *d = testdoc_build(NULL, segs, 6, NULL);
    reader *r = open_session(d, 100, 6); /* shorter than the transcript */
    keys(r, "J"); /* on the guest */
    keys(r, "S");
    keys(r, "c");
    assert_true(r->context);
    assert_string_equal(filter_note_of(r), "1 of 3 speakers, context");
    assert_int_equal(top_segment(r), 1);
    const layout_frame *f = layout_render(r->L, layout_first(r->L), 12);
    char text[512];
    int context_rows = 0;
    for (size_t y = 0; y < f->nrows; y++) {
        layout_row_text(NULL, &f->rows[y], text, sizeof text);
        if (strncmp(text, "...", 3) != 0)
            continue;
        context_rows++;
        if (context_rows == 2) { /* Host, Aide, Host hidden: the last Host's question */
            assert_non_null(strstr(text, "... (+2) Host: 第三个问题？"));
            assert_non_null(strstr(text, "Host: Third question?"));
            for (size_t i = 0; i < f->rows[y].nspans; i++)
                if (f->rows[y].spans[i].speaker >= 0) /* the name carries its colour */
                    assert_int_equal(f->rows[y].spans[i].style, FRAME_STYLE_CONTEXT);
        } else {
            assert_non_null(strstr(text, "... Host: 第一个问题？"));
        }
    }
    assert_int_equal(context_rows, 2);
    keys(r, "J");
    assert_int_equal(top_segment(r), 5);
    keys(r, "K");
    assert_int_equal(top_segment(r), 1);
    keys(r, "g"); /* the first row is a context row; the status names the next shown */
    assert_int_equal(reader_current_segment(r), 1);
    keys(r, "j"); /* rows scroll through it like any row */
    assert_int_equal(top_segment(r), 1);
    keys(r, "c");
    assert_false(r->context);
    assert_string_equal(filter_note_of(r), "1 of 3 speakers");
    f = layout_render(r->L, layout_first(r->L), 12);
    for (size_t y = 0; y < f->nrows; y++) {
        layout_row_text(NULL, &f->rows[y], text, sizeof text);
        assert_null(strstr(text, "question"));
    }
    close_session(d);
}

/* The status line says how many speakers are shown, and the current
 * speaker's name is drawn in that speaker's colour. */
static void test_status(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(&d);
    keys(r, "J"); /* Guest */
    int y = session_frame(S)->height - 1;
    assert_string_equal(testsession_styled(S, y, FRAME_STYLE_STATUS_SPEAKER), "Guest");
    keys(r, "1");
    timeout();
    keys(r, "J"); /* 蔡崇信, with the filter note before it */
    assert_non_null(strstr(status_line(), "2 of 3 speakers"));
    assert_string_equal(testsession_styled(S, y, FRAME_STYLE_STATUS_SPEAKER), "蔡崇信");
    const frame *f = session_frame(S);
    for (size_t i = 0; i < f->rows[y].n; i++)
        if (f->rows[y].spans[i].style == FRAME_STYLE_STATUS_SPEAKER)
            assert_int_equal(f->rows[y].spans[i].colour, d->speakers[2].colour & 7);
    session_event ev = {.kind = SESSION_RESIZE, .width = 30, .height = 10};
    session_handle(S, &ev); /* no room for the name: none marked */
    assert_string_equal(testsession_styled(S, 9, FRAME_STYLE_STATUS_SPEAKER), "");
    close_session(d);
}

static size_t no_hits(const void *ctx, const layout_ref *ref, const layout_hit **out)
{
    (void)ctx, (void)ref, (void)out;
    return 0;
}

/* A change of the filter keeps the other hooks (the search's hits). */
static void test_hooks_kept(void **state)
{
    (void)state;
    doc *d;
    reader *r = open_generated(&d);
    layout_hooks h = layout_get_hooks(r->L);
    h.hits = no_hits;
    layout_set_hooks(r->L, &h, r->top);
    keys(r, "S");
    h = layout_get_hooks(r->L);
    assert_ptr_equal(h.hits, no_hits);
    assert_non_null(h.hidden);
    keys(r, "c");
    keys(r, "S");
    h = layout_get_hooks(r->L);
    assert_ptr_equal(h.hits, no_hits);
    assert_null(h.hidden); /* all shown: no filter to ask */
    assert_false(h.context);
    close_session(d);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digits),
        cmocka_unit_test(test_position_kept),
        cmocka_unit_test(test_only_and_navigation),
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_panel),
        cmocka_unit_test(test_panel_scrolls),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_hooks_kept),
    };
    return cmocka_run_group_tests_name("speakers", tests, NULL, NULL);
}
