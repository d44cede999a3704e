/* Tests of action.h: every mode's table, key names, key sequences with
 * counts and marks, the help text, and the man page's KEYS section (which
 * must be what the tables generate). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "action.h"

/* Feeds a sequence of keys; returns the last event (and how many events
 * other than ACTION_NONE came out in *nevents). */
static action_event feed(action_parser *p, const int *keys, size_t n, int *nevents)
{
    action_event last = {ACTION_NONE, 0};
    *nevents = 0;
    for (size_t i = 0; i < n; i++) {
        action_event ev[ACTION_EVENTS_MAX];
        size_t k = action_parse(p, ACTION_MAP_READING, keys[i], ev);
        assert_true(k <= ACTION_EVENTS_MAX);
        for (size_t j = 0; j < k; j++) {
            assert_int_not_equal(ev[j].action, ACTION_NONE);
            last = ev[j];
            ++*nevents;
        }
    }
    return last;
}

/* The first event a key sequence completes (ACTION_NONE when none). */
static action_event feed_first(action_parser *p, const int *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        action_event ev[ACTION_EVENTS_MAX];
        if (action_parse(p, ACTION_MAP_READING, keys[i], ev) > 0)
            return ev[0];
    }
    return (action_event){ACTION_NONE, 0};
}

typedef struct key_case {
    const char *what;
    int keys[8];
    size_t n;
    action want;
    long count;
    int events;
} key_case;

static const key_case key_cases[] = {
    {"j", {'j'}, 1, ACTION_LINE_DOWN, 0, 1},
    {"Down", {ACTION_KEY_DOWN}, 1, ACTION_LINE_DOWN, 0, 1},
    {"Enter (CR)", {'\r'}, 1, ACTION_LINE_DOWN, 0, 1},
    {"Enter (LF)", {'\n'}, 1, ACTION_LINE_DOWN, 0, 1},
    {"keypad Enter", {ACTION_KEY_ENTER}, 1, ACTION_LINE_DOWN, 0, 1},
    {"Ctrl-E", {5}, 1, ACTION_LINE_DOWN, 0, 1},
    {"k", {'k'}, 1, ACTION_LINE_UP, 0, 1},
    {"Ctrl-Y", {25}, 1, ACTION_LINE_UP, 0, 1},
    {"d / Ctrl-D", {4}, 1, ACTION_HALF_DOWN, 0, 1},
    {"u / Ctrl-U", {21}, 1, ACTION_HALF_UP, 0, 1},
    {"Space", {' '}, 1, ACTION_PAGE_DOWN, 0, 1},
    {"PgDn", {ACTION_KEY_PGDN}, 1, ACTION_PAGE_DOWN, 0, 1},
    {"Ctrl-F", {6}, 1, ACTION_PAGE_DOWN, 0, 1},
    {"b", {'b'}, 1, ACTION_PAGE_UP, 0, 1},
    {"Ctrl-B", {2}, 1, ACTION_PAGE_UP, 0, 1},
    {"g", {'g'}, 1, ACTION_TOP, 0, 1},
    {"<", {'<'}, 1, ACTION_TOP, 0, 1},
    {"Home", {ACTION_KEY_HOME}, 1, ACTION_TOP, 0, 1},
    {"G", {'G'}, 1, ACTION_BOTTOM, 0, 1},
    {">", {'>'}, 1, ACTION_BOTTOM, 0, 1},
    {"End", {ACTION_KEY_END}, 1, ACTION_BOTTOM, 0, 1},
    {"J", {'J'}, 1, ACTION_NEXT_SEGMENT, 0, 1},
    {"}", {'}'}, 1, ACTION_NEXT_SEGMENT, 0, 1},
    {"K", {'K'}, 1, ACTION_PREV_SEGMENT, 0, 1},
    {"{", {'{'}, 1, ACTION_PREV_SEGMENT, 0, 1},
    {")", {')'}, 1, ACTION_NEXT_SPEAKER, 0, 1},
    {"(", {'('}, 1, ACTION_PREV_SPEAKER, 0, 1},
    {"l", {'l'}, 1, ACTION_CYCLE_LAYOUT, 0, 1},
    {"w", {'w'}, 1, ACTION_SWAP_PANES, 0, 1},
    {"h", {'h'}, 1, ACTION_HELP, 0, 1},
    {"F1", {ACTION_KEY_F1}, 1, ACTION_HELP, 0, 1},
    {"Ctrl-L", {12}, 1, ACTION_REDRAW, 0, 1},
    {"Ctrl-Z", {26}, 1, ACTION_SUSPEND, 0, 1},
    {"q", {'q'}, 1, ACTION_QUIT, 0, 1},
    {"Q", {'Q'}, 1, ACTION_QUIT, 0, 1},
    {"Esc", {27}, 1, ACTION_CANCEL, 0, 1},
    {"unbound", {'Z'}, 1, ACTION_UNKNOWN, 0, 1},
    /* counts, as in less */
    {"5j", {'5', 'j'}, 2, ACTION_LINE_DOWN, 5, 1},
    {"3J", {'3', 'J'}, 2, ACTION_NEXT_SEGMENT, 3, 1},
    {"10g", {'1', '0', 'g'}, 3, ACTION_TOP, 10, 1},
    {"50%", {'5', '0', '%'}, 3, ACTION_PERCENT, 50, 1},
    {"12 Backspace j", {'1', '2', 127, 'j'}, 4, ACTION_LINE_DOWN, 1, 1},
    {"a count is used once", {'4', 'j', 'j'}, 3, ACTION_LINE_DOWN, 0, 2},
    {"Esc cancels a count", {'7', 27, 'j'}, 3, ACTION_LINE_DOWN, 0, 2},
    {"Esc cancels a lone 0 too", {'0', 27}, 2, ACTION_CANCEL, 0, 1},
    /* a lone digit before a key that takes no count is a key of its own */
    {"1 l: toggle, then the layout", {'1', 'l'}, 2, ACTION_CYCLE_LAYOUT, 0, 2},
    {"0 w: all speakers, then swap", {'0', 'w'}, 2, ACTION_SWAP_PANES, 0, 2},
    {"12 l: two digits are a count, dropped by l", {'1', '2', 'l'}, 3, ACTION_CYCLE_LAYOUT, 0, 1},
    {"2 S: toggle, then only", {'2', 'S'}, 2, ACTION_SPEAKER_ONLY, 0, 2},
    {"3 3: a count of 33 still waiting", {'3', '3'}, 2, ACTION_NONE, 0, 0},
    {"5 Backspace j: no count left", {'5', 127, 'j'}, 3, ACTION_LINE_DOWN, 0, 1},
    {"4 ): a count", {'4', ')'}, 2, ACTION_NEXT_SPEAKER, 4, 1},
    {"s", {'s'}, 1, ACTION_SPEAKER_PANEL, 0, 1},
    {"S", {'S'}, 1, ACTION_SPEAKER_ONLY, 0, 1},
    {"c", {'c'}, 1, ACTION_CONTEXT, 0, 1},
    /* : opens its prompt (a mode of its own: test_session.c) */
    {":", {':'}, 1, ACTION_GOTO, 0, 1},
    {"a lone digit before : is its speaker", {'5', ':'}, 2, ACTION_GOTO, 0, 2},
    {"a count before : is dropped", {'1', '5', ':'}, 3, ACTION_GOTO, 0, 1},
    /* marks: the key after m or ' is the argument, never a command */
    {"ma", {'m', 'a'}, 2, ACTION_MARK_SET, 'a', 1},
    {"mq sets q, does not quit", {'m', 'q'}, 2, ACTION_MARK_SET, 'q', 1},
    {"'a", {'\'', 'a'}, 2, ACTION_MARK_GOTO, 'a', 1},
    {"''", {'\'', '\''}, 2, ACTION_MARK_GOTO, '\'', 1},
    {"'Z", {'\'', 'Z'}, 2, ACTION_MARK_GOTO, 'Z', 1},
    {"a lone digit before m is its speaker, then the mark", {'3', 'm', 'b'}, 3, ACTION_MARK_SET, 'b', 2},
    {"two digits before m: a count, dropped", {'3', '3', 'm', 'b'}, 4, ACTION_MARK_SET, 'b', 1},
    {"m Esc cancels", {'m', 27}, 2, ACTION_CANCEL, 0, 1},
    {"' Ctrl-G cancels, then j", {'\'', 7, 'j'}, 3, ACTION_LINE_DOWN, 0, 2},
    {"m 5: the reader refuses it", {'m', '5'}, 2, ACTION_MARK_SET, '5', 1},
};

static void test_keys(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof key_cases / sizeof key_cases[0]; i++) {
        const key_case *c = &key_cases[i];
        action_parser p;
        action_parser_reset(&p);
        int nev;
        action_event e = feed(&p, c->keys, c->n, &nev);
        if (e.action != c->want || e.count != c->count || nev != c->events)
            fail_msg("%s: got action %d count %ld (%d events), want %d count %ld (%d events)",
                     c->what, e.action, e.count, nev, c->want, c->count, c->events);
    }
}

static void key(action_parser *p, int k)
{
    action_event ev[ACTION_EVENTS_MAX];
    action_parse(p, ACTION_MAP_READING, k, ev);
}

static void test_pending(void **state)
{
    (void)state;
    action_parser p;
    char buf[32];
    action_parser_reset(&p);
    key(&p, '4');
    action_parser_pending(&p, buf, sizeof buf);
    assert_string_equal(buf, "4"); /* the lone digit shows while it waits */
    key(&p, '2');
    action_parser_pending(&p, buf, sizeof buf);
    assert_string_equal(buf, "42");
    key(&p, 'j');
    action_parser_pending(&p, buf, sizeof buf);
    assert_string_equal(buf, "");
    key(&p, 'm');
    action_parser_pending(&p, buf, sizeof buf);
    assert_string_equal(buf, "m");
    key(&p, 'x');
    key(&p, '\'');
    action_parser_pending(&p, buf, sizeof buf);
    assert_string_equal(buf, "'");
    key(&p, 'x');
    action_parser_pending(&p, buf, sizeof buf);
    assert_string_equal(buf, "");
}

#define READING ACTION_MAP_READING

/* The row of mode m's table that binds action a. */
static size_t row_of(action_map m, action a)
{
    const action_keymap *km = action_keymap_get(m);
    for (size_t i = 0; i < km->nkeys; i++)
        if (km->keys[i].action == a)
            return i;
    fail_msg("no row for action %d", a);
    return 0;
}

/* A lone digit is the only state that waits on a clock, and what the
 * timeout gives: speaker N, or all speakers for 0; nothing otherwise. Where
 * a table binds no digit (the help), a digit never waits. */
static void test_digit_timeout(void **state)
{
    (void)state;
    action_parser p;
    action_parser_reset(&p);
    assert_false(action_parser_waiting(&p, READING));
    assert_int_equal(action_parser_timeout(&p, READING).action, ACTION_NONE);
    key(&p, '3');
    assert_true(action_parser_waiting(&p, READING));
    assert_false(action_parser_waiting(&p, ACTION_MAP_HELP));
    action_event e = action_parser_timeout(&p, READING);
    assert_int_equal(e.action, ACTION_SPEAKER_TOGGLE);
    assert_int_equal(e.count, 3);
    assert_false(action_parser_waiting(&p, READING)); /* used up */
    char buf[8];
    action_parser_pending(&p, buf, sizeof buf);
    assert_string_equal(buf, "");
    key(&p, '0');
    e = action_parser_timeout(&p, READING);
    assert_int_equal(e.action, ACTION_SPEAKER_ALL);
    key(&p, '1');
    key(&p, '0'); /* a count of 10 waits for its key, with no clock */
    assert_false(action_parser_waiting(&p, READING));
    assert_int_equal(action_parser_timeout(&p, READING).action, ACTION_NONE);
    /* the order of a lone digit's two events: the toggle first */
    action_parser_reset(&p);
    static const int two[] = {'2', 'w'};
    e = feed_first(&p, two, 2);
    assert_int_equal(e.action, ACTION_SPEAKER_TOGGLE);
    assert_int_equal(e.count, 2);
    /* every action that takes a count turns a digit into one */
    const action_keymap *km = action_keymap_get(READING);
    for (size_t i = 0; i < km->nkeys; i++) {
        action a = km->keys[i].action;
        int code = action_key_code(km->keys[i].keys, strcspn(km->keys[i].keys, " "));
        if (code >= '0' && code <= '9')
            continue;
        int keys[2] = {'7', code};
        int nev;
        action_parser_reset(&p);
        action_event last = feed(&p, keys, 2, &nev);
        if (action_takes_count(a)) {
            assert_int_equal(nev, 1);
            assert_int_equal(last.count, 7);
        } else if (a != ACTION_CANCEL && a != ACTION_ERASE_DIGIT) {
            bool waits = a == ACTION_MARK_SET || a == ACTION_MARK_GOTO;
            assert_int_equal(nev, waits ? 1 : 2); /* a mark still waits */
        }
    }
}

/* Keys in a row show as a range in the help and the man page. */
static void test_key_ranges(void **state)
{
    (void)state;
    char buf[64];
    action_keys_text(READING, row_of(READING, ACTION_SPEAKER_TOGGLE), buf, sizeof buf);
    assert_string_equal(buf, "1-9");
    action_keys_text(READING, row_of(READING, ACTION_SPEAKER_ALL), buf, sizeof buf);
    assert_string_equal(buf, "0");
    action_keys_text(READING, row_of(READING, ACTION_PREV_SEGMENT), buf, sizeof buf);
    assert_string_equal(buf, "K, {");
    action_keys_text(ACTION_MAP_GOTO, row_of(ACTION_MAP_GOTO, ACTION_PROMPT_INSERT), buf, sizeof buf);
    assert_string_equal(buf, "0-9");
}

/* Every key name of every table is a key; lookups find the row's action;
 * no key is bound twice in one mode; every row has its help. */
static void test_tables(void **state)
{
    (void)state;
    for (action_map m = 0; m < ACTION_MAPS; m++) {
        const action_keymap *km = action_keymap_get(m);
        assert_non_null(km);
        assert_true(km->nkeys > 0);
        assert_true((m == READING) == (km->title == NULL));
        int seen[128] = {0};
        for (size_t i = 0; i < km->nkeys; i++) {
            const action_key *row = &km->keys[i];
            assert_non_null(action_name(row->action));
            assert_true(strlen(row->help) > 0);
            for (const char *k = row->keys; *k;) {
                size_t n = strcspn(k, " ");
                int code = action_key_code(k, n);
                if (code < 0)
                    fail_msg("mode %d, action %s: unknown key name %.*s", m,
                             action_name(row->action), (int)n, k);
                assert_int_equal(action_lookup(m, code), row->action);
                if (code < 128) {
                    if (seen[code])
                        fail_msg("mode %d: %.*s bound twice", m, (int)n, k);
                    seen[code] = 1;
                }
                k += n;
                k += strspn(k, " ");
            }
        }
    }
    assert_null(action_name(ACTION_NONE));
    assert_int_equal(action_lookup(READING, 'Z'), ACTION_UNKNOWN);
    assert_int_equal(action_lookup(READING, '\n'), ACTION_LINE_DOWN); /* Enter as LF */
    assert_int_equal(action_lookup(ACTION_MAP_SEARCH, 8), ACTION_PROMPT_BACKSPACE); /* Ctrl-H */
    assert_int_equal(action_lookup(ACTION_MAP_SEARCH, ACTION_KEY_DELETE), ACTION_PROMPT_DELETE);
    char buf[64];
    action_keys_text(READING, row_of(READING, ACTION_LINE_DOWN), buf, sizeof buf);
    assert_string_equal(buf, "j, Down, Enter, Ctrl-E");
}

static void test_help(void **state)
{
    (void)state;
    char line[256];
    size_t n = 0;
    bool saw_quit = false, saw_layout = false;
    while (action_help_line(n, line, sizeof line)) {
        assert_true(strlen(line) <= ACTION_HELP_WIDTH);
        saw_quit |= strstr(line, "q, Q") != NULL;
        saw_layout |= strstr(line, "Cycle the layout") != NULL;
        n++;
    }
    assert_true(n > 20);
    assert_true(saw_quit);
    assert_true(saw_layout);
    /* every mode's part: its title, and its rows' keys */
    for (action_map m = 1; m < ACTION_MAPS; m++) {
        const action_keymap *km = action_keymap_get(m);
        bool titled = false, keyed = false;
        char keys[96];
        action_keys_text(m, 0, keys, sizeof keys);
        for (size_t i = 0; action_help_line(i, line, sizeof line); i++) {
            titled |= strncmp(line, km->title, strlen(km->title)) == 0;
            keyed |= titled && strncmp(line + 2, keys, strlen(keys)) == 0;
        }
        if (!titled || !keyed)
            fail_msg("the help lacks %s (or its first keys, %s)", km->title, keys);
    }
}

/* man/duet.1 holds the KEYS section the table generates. On a mismatch the
 * generated section is written to build/man-keys.txt to paste in. */
static void test_man_page_keys(void **state)
{
    (void)state;
    char *want = malloc(65536);
    assert_non_null(want);
    size_t n = action_man_keys(want, 65536);
    assert_true(n < 65536);
    FILE *f = fopen("man/duet.1", "r");
    if (!f)
        fail_msg("man/duet.1: cannot open (run from the repository root)");
    char *man = calloc(1, 1 << 20);
    assert_non_null(man);
    size_t len = fread(man, 1, (1 << 20) - 1, f);
    fclose(f);
    man[len] = '\0';
    const char *at = strstr(man, ".SH KEYS\n");
    bool ok = at && strncmp(at, want, n) == 0 && (at[n] == '\0' || strncmp(at + n, ".SH ", 4) == 0);
    if (!ok) {
        FILE *o = fopen("build/man-keys.txt", "w");
        if (o) {
            fputs(want, o);
            fclose(o);
        }
        fail_msg("man/duet.1: the KEYS section differs from the action table; the generated "
                 "section is in build/man-keys.txt");
    }
    free(man);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_pending),
        cmocka_unit_test(test_digit_timeout),
        cmocka_unit_test(test_key_ranges),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_man_page_keys),
    };
    return cmocka_run_group_tests_name("action", tests, NULL, NULL);
}
