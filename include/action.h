/* action — the one table of everything a key can do, and key parsing.
 *
 * ACTION_TABLE lists each action once: its name, its default keys and its
 * help text. The action enum, the key bindings, the help overlay and the
 * KEYS section of the man page all come from it, and the reader dispatches
 * with one switch over the enum, so none of them can drift apart.
 *
 * Keys are ints: a Unicode code point (control keys are 1..31, Enter 13 or
 * 10, Esc 27), or one of the ACTION_KEY_* codes for keys that have no code
 * point (arrows, pages, F1 …); the screen translates its library's key codes
 * to these. A key parser turns a stream of keys into (action, count) events
 * the way less does: digits before a command are its count (`5j`, `3J`,
 * `10g`, `50%`), `:` opens a prompt for a segment number (`:12 Enter`), Esc
 * or Ctrl-G cancels a count or prompt. `m` and `'` take the next key as
 * their argument (`ma`, `'a`, `''`): the event's count is that key. A digit
 * is also a key of its own (`1`-`9` toggle speaker N, `0` shows all),
 * resolved the way vim's timeoutlen resolves a mapping: a digit followed by
 * a key that takes a count (action_takes_count) is that key's count; a lone
 * digit followed by any other key, or by no key within
 * ACTION_DIGIT_TIMEOUT_MS, is its own action (and the other key then acts
 * as usual). Two or more digits are always a count.
 *
 * Knows nothing of curses or of the reader's state.
 */
#ifndef DUET_ACTION_H
#define DUET_ACTION_H

#include <stdbool.h>
#include <stddef.h>

/* Keys with no code point. Names in key strings: Down Up Left Right PgDn
 * PgUp Home End F1 Backspace. Other names: Enter Space Esc Tab, C-x for
 * Ctrl-x, and any single character for itself. */
enum {
    ACTION_KEY_BASE = 0x110000,
    ACTION_KEY_DOWN = ACTION_KEY_BASE,
    ACTION_KEY_UP,
    ACTION_KEY_LEFT,
    ACTION_KEY_RIGHT,
    ACTION_KEY_PGDN,
    ACTION_KEY_PGUP,
    ACTION_KEY_HOME,
    ACTION_KEY_END,
    ACTION_KEY_F1,
    ACTION_KEY_BACKSPACE,
    ACTION_KEY_ENTER, /* the keypad's Enter */
    ACTION_KEY_DELETE, /* Delete (forward), for prompts */
    ACTION_KEY_LAST
};

/*        id              name                 keys                      help */
#define ACTION_TABLE(X) \
    X(LINE_DOWN,     "line-down",     "j Down Enter C-e",   "Scroll down one row (N rows with a count).") \
    X(LINE_UP,       "line-up",       "k Up C-y",           "Scroll up one row (N rows with a count).") \
    X(HALF_DOWN,     "half-down",     "d C-d",              "Scroll down half a screen (a count N sets the size for d and u).") \
    X(HALF_UP,       "half-up",       "u C-u",              "Scroll up half a screen (or the size set by a count).") \
    X(PAGE_DOWN,     "page-down",     "Space f PgDn C-f",   "Scroll down one screen (N rows with a count).") \
    X(PAGE_UP,       "page-up",       "b PgUp C-b",         "Scroll up one screen (N rows with a count).") \
    X(TOP,           "top",           "g Home <",           "Go to the top; with a count N, to segment N.") \
    X(BOTTOM,        "bottom",        "G End >",            "Go to the end; with a count N, to segment N.") \
    X(NEXT_SEGMENT,  "next-segment",  "J }",                "Put the next segment at the top (N segments on with a count).") \
    X(PREV_SEGMENT,  "prev-segment",  "K {",                "Put the previous segment (or the start of this one) at the top.") \
    X(NEXT_SPEAKER,  "next-speaker",  ")",                  "Go to the next change of speaker (the next question).") \
    X(PREV_SPEAKER,  "prev-speaker",  "(",                  "Go back to the previous change of speaker.") \
    X(PERCENT,       "percent",       "%",                  "With a count N, go N percent into the transcript.") \
    X(GOTO,          "goto",          ":",                  "Prompt for a segment number: :N Enter goes to segment N.") \
    X(CYCLE_LAYOUT,  "cycle-layout",  "l",                  "Cycle the layout: side by side, stacked, Chinese only, English only.") \
    X(SWAP_PANES,    "swap-panes",    "w",                  "Swap the two languages (left and right, or upper and lower).") \
    X(MARK_SET,      "mark",          "m",                  "Mark this place: m, then a letter (a-z, A-Z).") \
    X(MARK_GOTO,     "goto-mark",     "'",                  "Return to a mark ('a); '' goes back to where the last jump started.") \
    X(COPY,          "copy",          "y",                  "Copy the current segment (speaker, both languages, its number) to the clipboard.") \
    X(LEARNER,       "learner",       "t",                  "Learner mode: the second language shows only in the current segment; t again shows all.") \
    X(SPEAKER_PANEL, "speaker-panel", "s",                  "Open the speaker panel: Up/Down or j/k move, Space shows or hides, a shows all, o only this one; Enter, Esc or s closes it.") \
    X(SPEAKER_TOGGLE, "speaker-toggle", "1 2 3 4 5 6 7 8 9", "Show or hide speaker N (the panel's order). A digit followed by a key that takes a count is a count (5j); followed by another key or by nothing for a second, it is this.") \
    X(SPEAKER_ALL,   "speaker-all",   "0",                  "Show all speakers.") \
    X(SPEAKER_ONLY,  "speaker-only",  "S",                  "Show only the current segment's speaker; again: all speakers.") \
    X(CONTEXT,       "context",       "c",                  "Context: each run of hidden segments shows as one dimmed line (its speaker and first words) instead of vanishing.") \
    X(SEARCH_FORWARD, "search-forward", "/",               "Search forward as you type, in both languages (case is ignored unless the pattern has a capital; fullwidth and ASCII, simplified and traditional Chinese match each other); Enter keeps the place, Esc returns, Enter alone repeats the last search.") \
    X(SEARCH_BACKWARD, "search-backward", "?",             "Search backward as you type.") \
    X(SEARCH_NEXT,   "search-next",   "n",                  "Go to the next match of the last search, in its direction (N matches on with a count), wrapping round at the end.") \
    X(SEARCH_PREV,   "search-prev",   "N",                  "Go to the previous match: the last search the other way.") \
    X(HELP,          "help",          "h F1",               "Show this help; q, Esc or h closes it.") \
    X(REDRAW,        "redraw",        "C-l",                "Redraw the screen.") \
    X(SUSPEND,       "suspend",       "C-z",                "Suspend duet; fg in the shell brings it back.") \
    X(CANCEL,        "cancel",        "Esc C-g",            "Cancel a count or prompt; close the help.") \
    X(QUIT,          "quit",          "q Q C-c",            "Quit.")

typedef enum {
    ACTION_NONE = 0, /* a key that completes nothing (yet) */
#define ACTION_ENUM(id, name, keys, help) ACTION_##id,
    ACTION_TABLE(ACTION_ENUM)
#undef ACTION_ENUM
    ACTION_GOTO_SEGMENT, /* from the prompt: count is the segment number */
    ACTION_UNKNOWN,      /* a key bound to nothing */
    ACTION_COUNT
} action;

typedef struct action_info {
    const char *name; /* "line-down" */
    const char *keys; /* "j Down Enter C-e": key names, space-separated */
    const char *help; /* one sentence */
} action_info;

/* The table row of action a (a from the table; NULL for the others). */
const action_info *action_get(action a);

/* The action bound to key, or ACTION_UNKNOWN. */
action action_for_key(int key);

/* The code of a key name ("j", "C-e", "Down", "Space" …), or -1. */
int action_key_code(const char *name, size_t len);

/* The keys of a as people write them, into buf: "j, Down, Enter, Ctrl-E". */
size_t action_keys_text(action a, char *buf, size_t cap);

/* ---- the key parser ------------------------------------------------------ */

/* How long a lone digit waits for a key that would make it a count. */
#define ACTION_DIGIT_TIMEOUT_MS 1000

/* The most events one key can complete: a lone digit's own, then the key's. */
#define ACTION_EVENTS_MAX 2

typedef struct action_parser {
    long count;      /* digits typed so far; valid when has_count */
    bool has_count;
    int digits;      /* how many digits typed (1: a lone digit, which may
                        still be a key of its own) */
    bool prompt;     /* inside ":N" */
    long prompt_n;
    bool prompt_has;
    action mark;     /* ACTION_MARK_SET or _GOTO awaiting its letter; 0: none */
} action_parser;

typedef struct action_event {
    action action;
    long count;      /* the count typed before the key, 0 when none; for
                        ACTION_MARK_SET and ACTION_MARK_GOTO, the key that
                        followed m or ' (a letter, or ' for '') */
} action_event;

/* A parser with nothing pending. */
void action_parser_reset(action_parser *p);

/* Feeds one key; writes the events it completes to out, in order, and
 * returns how many: 0 while a count or prompt is being typed, 2 when a lone
 * digit turned out to be a key of its own (its event first). A cancelled
 * count or prompt gives ACTION_CANCEL. */
size_t action_parse(action_parser *p, int key, action_event out[ACTION_EVENTS_MAX]);

/* True while a lone digit is pending: the caller waits at most
 * ACTION_DIGIT_TIMEOUT_MS for the next key, then calls
 * action_parser_timeout. (No other state needs a timer.) */
bool action_parser_waiting(const action_parser *p);

/* No key came in time: the lone digit's own event (ACTION_SPEAKER_TOGGLE
 * with the digit as count, or ACTION_SPEAKER_ALL for 0); ACTION_NONE when
 * nothing was waiting. */
action_event action_parser_timeout(action_parser *p);

/* True when a count typed before a makes sense to it (scrolling, jumps);
 * such keys turn a pending digit into a count. */
bool action_takes_count(action a);

/* What is pending, for the status line ("5", ":12", "m"); "" when nothing. */
size_t action_parser_pending(const action_parser *p, char *buf, size_t cap);

/* ---- documentation --------------------------------------------------------- */

/* Line i of the help overlay (0-based), into buf; false past the last.
 * Lines are ASCII except key names, at most ACTION_HELP_WIDTH columns. */
#define ACTION_HELP_WIDTH 78
bool action_help_line(size_t i, char *buf, size_t cap);

/* The man page's KEYS section (from ".SH KEYS" to before the next
 * section), generated from the table; man/duet.1 must contain it verbatim
 * (a unit test checks). Returns the bytes it needs, like snprintf. */
size_t action_man_keys(char *buf, size_t cap);

#endif
