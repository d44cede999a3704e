/* action — the key tables of every mode, key names, the count parser, and
 * the help overlay and man page text generated from the tables.
 *
 * Each mode of the session (reading, the help screen, the speaker panel,
 * the search prompt, the : prompt, loading …) has one table here: its keys,
 * the action each key does there, and the help text for it. The help
 * overlay and the KEYS section of the man page are generated from all of
 * them (a test keeps the man page equal), and each mode dispatches with
 * one switch over the action enum, so none of them can drift apart.
 *
 * Keys are ints: a Unicode code point (control keys are 1..31, Enter 13 or
 * 10, Esc 27), or one of the ACTION_KEY_* codes for keys that have no code
 * point (arrows, pages, F1 …); the terminal layer translates its library's
 * key codes to these. The count parser turns a stream of keys into
 * (action, count) events the way less does: digits before a key are its
 * count (`5j`, `3J`, `10g`, `50%`), Esc or Ctrl-G cancels a count. `m` and
 * `'` take the next key as their argument (`ma`, `'a`, `''`): the event's
 * count is that key. Where a table binds digits to keys of their own
 * (reading: `1`-`9` toggle speaker N, `0` shows all), a digit is resolved
 * the way vim's timeoutlen resolves a mapping: a digit followed by a key
 * that takes a count (action_takes_count) is that key's count; a lone digit
 * followed by any other key, or by no key within ACTION_DIGIT_TIMEOUT_MS,
 * is its own key (and the other key then acts as usual). Two or more
 * digits are always a count.
 *
 * Knows nothing of curses or of the reader's state.
 */
#ifndef DUET_ACTION_H
#define DUET_ACTION_H

#include <stdbool.h>
#include <stddef.h>

/* Keys with no code point. Names in key strings: Down Up Left Right PgDn
 * PgUp Home End F1 Backspace Delete. Other names: Enter Space Esc Tab, C-x for
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

/* Every action of every mode, once: its id and its name. What an action
 * does depends on the mode whose table binds it (action_keymap). */
#define ACTION_LIST(X) \
    X(LINE_DOWN, "line-down") X(LINE_UP, "line-up") X(HALF_DOWN, "half-down") \
    X(HALF_UP, "half-up") X(PAGE_DOWN, "page-down") X(PAGE_UP, "page-up") X(TOP, "top") \
    X(BOTTOM, "bottom") X(NEXT_SEGMENT, "next-segment") X(PREV_SEGMENT, "prev-segment") \
    X(NEXT_SPEAKER, "next-speaker") X(PREV_SPEAKER, "prev-speaker") X(PERCENT, "percent") \
    X(GOTO, "goto") X(CYCLE_LAYOUT, "cycle-layout") X(SWAP_PANES, "swap-panes") \
    X(MARK_SET, "mark") X(MARK_GOTO, "goto-mark") X(COPY, "copy") X(LEARNER, "learner") \
    X(SPEAKER_PANEL, "speaker-panel") X(SPEAKER_TOGGLE, "speaker-toggle") \
    X(SPEAKER_ALL, "speaker-all") X(SPEAKER_ONLY, "speaker-only") X(CONTEXT, "context") \
    X(SEARCH_FORWARD, "search-forward") X(SEARCH_BACKWARD, "search-backward") \
    X(SEARCH_NEXT, "search-next") X(SEARCH_PREV, "search-prev") X(HELP, "help") \
    X(REDRAW, "redraw") X(SUSPEND, "suspend") X(CANCEL, "cancel") X(QUIT, "quit") \
    X(CLOSE, "close") X(PANEL_TOGGLE, "panel-toggle") X(PANEL_ONLY, "panel-only") \
    X(PROMPT_INSERT, "prompt-insert") X(PROMPT_ACCEPT, "prompt-accept") \
    X(PROMPT_CANCEL, "prompt-cancel") X(PROMPT_BACKSPACE, "prompt-backspace") \
    X(PROMPT_DELETE, "prompt-delete") X(PROMPT_LEFT, "prompt-left") \
    X(PROMPT_RIGHT, "prompt-right") X(PROMPT_HOME, "prompt-home") X(PROMPT_END, "prompt-end") \
    X(PROMPT_KILL_BEFORE, "prompt-kill-before") X(PROMPT_KILL_AFTER, "prompt-kill-after") \
    X(PROMPT_KILL_WORD, "prompt-kill-word") X(PROMPT_OLDER, "prompt-older") \
    X(PROMPT_NEWER, "prompt-newer") X(ERASE_DIGIT, "erase-digit")

typedef enum {
    ACTION_NONE = 0, /* a key that completes nothing (yet) */
#define ACTION_ENUM(id, name) ACTION_##id,
    ACTION_LIST(ACTION_ENUM)
#undef ACTION_ENUM
    ACTION_GOTO_SEGMENT, /* from the : prompt: count is the segment number */
    ACTION_UNKNOWN,      /* a key bound to nothing */
    ACTION_COUNT
} action;

/* The modes that have keys, one table each (action.c). */
typedef enum {
    ACTION_MAP_READING, /* the transcript */
    ACTION_MAP_HELP,    /* the help screen */
    ACTION_MAP_PANEL,   /* the speaker panel */
    ACTION_MAP_SEARCH,  /* the / and ? prompt */
    ACTION_MAP_GOTO,    /* the : prompt */
    ACTION_MAP_LOADING, /* a large transcript still loading */
    ACTION_MAPS
} action_map;

/* One row of a table: keys, what they do in that mode, and its help. */
typedef struct action_key {
    action action;
    const char *keys; /* key names, space-separated: "j Down Enter C-e" */
    const char *help; /* one sentence */
} action_key;

typedef struct action_keymap {
    const char *title;  /* the mode as the help and the man page head it;
                           NULL for reading (the first, untitled table) */
    const action_key *keys;
    size_t nkeys;
    const char *others; /* what any other key does there (a sentence); NULL:
                           nothing, or as the mode says (ACTION_UNKNOWN) */
} action_keymap;

/* The table of mode m. */
const action_keymap *action_keymap_get(action_map m);

/* The action key is bound to in mode m, or ACTION_UNKNOWN. */
action action_lookup(action_map m, int key);

/* The name of action a ("line-down"); NULL for the ones not listed. */
const char *action_name(action a);

/* The code of a key name ("j", "C-e", "Down", "Space" …), or -1. */
int action_key_code(const char *name, size_t len);

/* The same key under one code: Enter (CR, LF, the keypad's) as 13,
 * Backspace (DEL, BS, the terminal's key) as 127. */
int action_key_canonical(int key);

/* The keys of row k of mode m's table as people write them, into buf:
 * "j, Down, Enter, Ctrl-E"; three or more characters in a row show as a
 * range ("1-9"). */
size_t action_keys_text(action_map m, size_t k, char *buf, size_t cap);

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
    action mark;     /* ACTION_MARK_SET or _GOTO awaiting its letter; 0: none */
} action_parser;

typedef struct action_event {
    action action;
    long count;      /* the count typed before the key, 0 when none; for
                        ACTION_MARK_SET and ACTION_MARK_GOTO, the key that
                        followed m or ' (a letter, or ' for ''); for a digit
                        bound to a key of its own, the digit */
} action_event;

/* A parser with nothing pending. */
void action_parser_reset(action_parser *p);

/* Feeds one key, looked up in mode m's table; writes the events it
 * completes to out, in order, and returns how many: 0 while a count or a
 * mark's letter is being typed, 2 when a lone digit turned out to be a key
 * of its own (its event first). A cancelled count gives ACTION_CANCEL. */
size_t action_parse(action_parser *p, action_map m, int key, action_event out[ACTION_EVENTS_MAX]);

/* True while a lone digit that m binds is pending: the caller waits at
 * most ACTION_DIGIT_TIMEOUT_MS for the next key, then calls
 * action_parser_timeout. (No other state needs a timer.) */
bool action_parser_waiting(const action_parser *p, action_map m);

/* No key came in time: the lone digit's own event (speaker N, all
 * speakers for 0); ACTION_NONE when nothing was waiting. */
action_event action_parser_timeout(action_parser *p, action_map m);

/* True when a count typed before a makes sense to it (scrolling, jumps);
 * such keys turn a pending digit into a count. */
bool action_takes_count(action a);

/* What is pending, for the status line ("5", "m"); "" when nothing. */
size_t action_parser_pending(const action_parser *p, char *buf, size_t cap);

/* ---- documentation --------------------------------------------------------- */

/* Line i of the help overlay (0-based), into buf; false past the last:
 * every mode's table, titled, then how counts work. Lines are ASCII, at
 * most ACTION_HELP_WIDTH columns. */
#define ACTION_HELP_WIDTH 78
bool action_help_line(size_t i, char *buf, size_t cap);

/* The man page's KEYS section (from ".SH KEYS" to before the next
 * section), generated from every mode's table; man/duet.1 must contain it
 * verbatim (a unit test checks). Returns the bytes it needs, like
 * snprintf. */
size_t action_man_keys(char *buf, size_t cap);

#endif
