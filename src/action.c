/* action — the action table, key names, the key parser, and the help and
 * man page text generated from the table. */
#include "action.h"

#include <stdio.h>
#include <string.h>

static const char *const action_names[ACTION_COUNT] = {
#define ACTION_NAME(id, name) [ACTION_##id] = name,
    ACTION_LIST(ACTION_NAME)
#undef ACTION_NAME
};

const char *action_name(action a) { return a > ACTION_NONE && a < ACTION_COUNT ? action_names[a] : NULL; }

/* ---- the tables, one per mode ---------------------------------------------------- */

static const action_key keys_reading[] = {
    {ACTION_LINE_DOWN, "j Down Enter C-e", "Scroll down one row (N rows with a count)."},
    {ACTION_LINE_UP, "k Up C-y", "Scroll up one row (N rows with a count)."},
    {ACTION_HALF_DOWN, "d C-d", "Scroll down half a screen (a count N sets the size for d and u)."},
    {ACTION_HALF_UP, "u C-u", "Scroll up half a screen (or the size set by a count)."},
    {ACTION_PAGE_DOWN, "Space f PgDn C-f", "Scroll down one screen (N rows with a count)."},
    {ACTION_PAGE_UP, "b PgUp C-b", "Scroll up one screen (N rows with a count)."},
    {ACTION_TOP, "g Home <", "Go to the top; with a count N, to segment N."},
    {ACTION_BOTTOM, "G End >", "Go to the end; with a count N, to segment N."},
    {ACTION_NEXT_SEGMENT, "J }", "Put the next segment at the top (N segments on with a count)."},
    {ACTION_PREV_SEGMENT, "K {", "Put the previous segment (or the start of this one) at the top."},
    {ACTION_NEXT_SPEAKER, ")", "Go to the next change of speaker (the next question)."},
    {ACTION_PREV_SPEAKER, "(", "Go back to the previous change of speaker."},
    {ACTION_PERCENT, "%", "With a count N, go N percent into the transcript."},
    {ACTION_GOTO, ":", "Prompt for a segment number: :N Enter goes to segment N."},
    {ACTION_CYCLE_LAYOUT, "l", "Cycle the layout: side by side, stacked, Chinese only, English only."},
    {ACTION_SWAP_PANES, "w", "Swap the two languages (left and right, or upper and lower)."},
    {ACTION_MARK_SET, "m", "Mark this place: m, then a letter (a-z, A-Z)."},
    {ACTION_MARK_GOTO, "'", "Return to a mark ('a); '' goes back to where the last jump started."},
    {ACTION_COPY, "y", "Copy the current segment (speaker, both languages, its number) to the clipboard."},
    {ACTION_LEARNER, "t", "Learner mode: the second language shows only in the current segment; t again shows all."},
    {ACTION_SPEAKER_PANEL, "s", "Open the speaker panel (its keys are below)."},
    {ACTION_SPEAKER_TOGGLE, "1 2 3 4 5 6 7 8 9", "Show or hide speaker N (the panel's order). A digit followed by a key that takes a count is a count (5j); followed by another key or by nothing for a second, it is this."},
    {ACTION_SPEAKER_ALL, "0", "Show all speakers."},
    {ACTION_SPEAKER_ONLY, "S", "Show only the current segment's speaker; again: all speakers."},
    {ACTION_CONTEXT, "c", "Context: each run of hidden segments shows as one dimmed line (its speaker and first words) instead of vanishing."},
    {ACTION_SEARCH_FORWARD, "/", "Search forward as you type, in both languages (case is ignored unless the pattern has a capital; fullwidth and ASCII, simplified and traditional Chinese match each other); its prompt's keys are below."},
    {ACTION_SEARCH_BACKWARD, "?", "Search backward as you type."},
    {ACTION_SEARCH_NEXT, "n", "Go to the next match of the last search, in its direction (N matches on with a count), wrapping round at the end."},
    {ACTION_SEARCH_PREV, "N", "Go to the previous match: the last search the other way."},
    {ACTION_HELP, "h F1", "Show this help; q, Esc or h closes it."},
    {ACTION_REDRAW, "C-l", "Redraw the screen."},
    {ACTION_SUSPEND, "C-z", "Suspend duet; fg in the shell brings it back."},
    {ACTION_CANCEL, "Esc C-g", "Cancel a count or a mark's letter."},
    {ACTION_ERASE_DIGIT, "Backspace", "Erase the last digit of a count being typed."},
    {ACTION_QUIT, "q Q C-c", "Quit."},
};

static const action_key keys_help[] = {
    {ACTION_LINE_DOWN, "j Down Enter C-e", "Scroll the help down one row (N rows with a count)."},
    {ACTION_LINE_UP, "k Up C-y", "Scroll the help up one row (N rows with a count)."},
    {ACTION_HALF_DOWN, "d C-d", "Scroll the help down half a screen."},
    {ACTION_HALF_UP, "u C-u", "Scroll the help up half a screen."},
    {ACTION_PAGE_DOWN, "Space f PgDn C-f", "Scroll the help down one screen."},
    {ACTION_PAGE_UP, "b PgUp C-b", "Scroll the help up one screen."},
    {ACTION_TOP, "g Home <", "Go to the top of the help."},
    {ACTION_BOTTOM, "G End >", "Go to the end of the help."},
    {ACTION_CLOSE, "q Q h F1 Esc C-g C-c", "Close the help."},
    {ACTION_ERASE_DIGIT, "Backspace", "Erase the last digit of a count being typed."},
    {ACTION_REDRAW, "C-l", "Redraw the screen."},
    {ACTION_SUSPEND, "C-z", "Suspend duet; fg in the shell brings it back."},
};

static const action_key keys_panel[] = {
    {ACTION_LINE_DOWN, "j Down C-e", "Select the next speaker."},
    {ACTION_LINE_UP, "k Up C-y", "Select the previous speaker."},
    {ACTION_PAGE_DOWN, "d C-d f PgDn C-f", "Move the selection down by the rows shown."},
    {ACTION_PAGE_UP, "u C-u b PgUp C-b", "Move the selection up by the rows shown."},
    {ACTION_TOP, "g Home <", "Select the first speaker."},
    {ACTION_BOTTOM, "G End >", "Select the last speaker."},
    {ACTION_PANEL_TOGGLE, "Space", "Show or hide the selected speaker."},
    {ACTION_SPEAKER_TOGGLE, "1 2 3 4 5 6 7 8 9", "Show or hide speaker N."},
    {ACTION_SPEAKER_ALL, "a 0", "Show all speakers."},
    {ACTION_PANEL_ONLY, "o", "Show only the selected speaker; again: all speakers."},
    {ACTION_CONTEXT, "c", "Context: each run of hidden segments shows as one dimmed line."},
    {ACTION_CLOSE, "Enter Esc C-g s q", "Close the panel."},
    {ACTION_REDRAW, "C-l", "Redraw the screen."},
    {ACTION_SUSPEND, "C-z", "Suspend duet; fg in the shell brings it back."},
    {ACTION_QUIT, "Q C-c", "Quit."},
};

static const action_key keys_search[] = {
    {ACTION_PROMPT_ACCEPT, "Enter", "Keep the place found; Enter on an empty prompt repeats the last search."},
    {ACTION_PROMPT_CANCEL, "Esc C-c C-g", "Go back to where the search started."},
    {ACTION_PROMPT_BACKSPACE, "Backspace", "Erase the character before the cursor; on an empty prompt, go back."},
    {ACTION_PROMPT_DELETE, "Delete C-d", "Erase the character under the cursor."},
    {ACTION_PROMPT_LEFT, "Left C-b", "Move the cursor left one character."},
    {ACTION_PROMPT_RIGHT, "Right C-f", "Move the cursor right one character."},
    {ACTION_PROMPT_HOME, "Home C-a", "Move the cursor to the start."},
    {ACTION_PROMPT_END, "End C-e", "Move the cursor to the end."},
    {ACTION_PROMPT_KILL_BEFORE, "C-u", "Erase what is before the cursor."},
    {ACTION_PROMPT_KILL_AFTER, "C-k", "Erase what is after the cursor."},
    {ACTION_PROMPT_KILL_WORD, "C-w", "Erase the word before the cursor."},
    {ACTION_PROMPT_OLDER, "Up C-p", "Recall the pattern searched before this one."},
    {ACTION_PROMPT_NEWER, "Down C-n", "Recall the pattern searched after this one."},
    {ACTION_REDRAW, "C-l", "Redraw the screen."},
};

static const action_key keys_goto[] = {
    {ACTION_PROMPT_INSERT, "0 1 2 3 4 5 6 7 8 9", "Type the segment number."},
    {ACTION_PROMPT_ACCEPT, "Enter", "Go to segment N."},
    {ACTION_PROMPT_BACKSPACE, "Backspace", "Erase the last digit; on an empty prompt, leave it."},
    {ACTION_PROMPT_CANCEL, "Esc C-g", "Leave the prompt."},
};

static const action_key keys_loading[] = {
    {ACTION_LINE_DOWN, "j Down Enter C-e", "Scroll down one row (N rows with a count)."},
    {ACTION_LINE_UP, "k Up C-y", "Scroll up one row (N rows with a count)."},
    {ACTION_HALF_DOWN, "d C-d", "Scroll down half a screen."},
    {ACTION_HALF_UP, "u C-u", "Scroll up half a screen."},
    {ACTION_PAGE_DOWN, "Space f PgDn C-f", "Scroll down one screen."},
    {ACTION_PAGE_UP, "b PgUp C-b", "Scroll up one screen."},
    {ACTION_NEXT_SEGMENT, "J }", "Put the next segment at the top."},
    {ACTION_PREV_SEGMENT, "K {", "Put the previous segment (or the start of this one) at the top."},
    {ACTION_REDRAW, "C-l", "Redraw the screen."},
    {ACTION_SUSPEND, "C-z", "Suspend duet; fg in the shell brings it back."},
    {ACTION_QUIT, "q Q C-c", "Quit, leaving the rest unread."},
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define KEYMAP(title, keys, others) {title, keys, ARRAY_LEN(keys), others}

static const action_keymap keymaps[ACTION_MAPS] = {
    [ACTION_MAP_READING] = KEYMAP(NULL, keys_reading, NULL),
    [ACTION_MAP_HELP] = KEYMAP("In the help screen", keys_help, NULL),
    [ACTION_MAP_PANEL] = KEYMAP("In the speaker panel", keys_panel, NULL),
    [ACTION_MAP_SEARCH] = KEYMAP("At the / and ? prompt", keys_search,
                                 "Any other character, Chinese from an input method too, goes into "
                                 "the pattern, and the view moves to the first match as it changes."),
    [ACTION_MAP_GOTO] = KEYMAP("At the : prompt", keys_goto, "Any other key leaves the prompt."),
    [ACTION_MAP_LOADING] = KEYMAP("While a large transcript loads, or a pipe is read", keys_loading,
                                  "It opens at once on its first screens while the rest loads "
                                  "(\"loading\" on the status line), or on what a pipe has brought "
                                  "while it reads on (\"reading\"). These keys act at once within "
                                  "what is in; any other key (G, N%, :N, a search, the panel ...), "
                                  "a move past what is in, and every key after it wait, in order, "
                                  "for the whole transcript, then act; q, C-l and C-z never wait."),
};

const action_keymap *action_keymap_get(action_map m) { return m < ACTION_MAPS ? &keymaps[m] : NULL; }

/* ---- key names ------------------------------------------------------------- */

static const struct {
    const char *name;
    int code;
} named_keys[] = {
    {"Down", ACTION_KEY_DOWN}, {"Up", ACTION_KEY_UP},     {"Left", ACTION_KEY_LEFT},
    {"Right", ACTION_KEY_RIGHT}, {"PgDn", ACTION_KEY_PGDN}, {"PgUp", ACTION_KEY_PGUP},
    {"Home", ACTION_KEY_HOME}, {"End", ACTION_KEY_END},   {"F1", ACTION_KEY_F1},
    {"Backspace", 127},        {"Delete", ACTION_KEY_DELETE}, {"Enter", 13},
    {"Space", ' '},            {"Esc", 27},               {"Tab", '\t'},
};

int action_key_code(const char *name, size_t len)
{
    for (size_t i = 0; i < ARRAY_LEN(named_keys); i++)
        if (strlen(named_keys[i].name) == len && memcmp(named_keys[i].name, name, len) == 0)
            return named_keys[i].code;
    if (len == 3 && name[0] == 'C' && name[1] == '-') {
        char c = name[2];
        if (c >= 'a' && c <= 'z')
            return c - 'a' + 1;
        if (c >= '@' && c <= '_')
            return c - '@';
    }
    if (len == 1 && (unsigned char)name[0] > ' ' && (unsigned char)name[0] < 0x7F)
        return name[0];
    return -1;
}

int action_key_canonical(int key)
{
    switch (key) {
    case '\n': case ACTION_KEY_ENTER: return '\r';
    case 8: case ACTION_KEY_BACKSPACE: return 127;
    default: return key;
    }
}

action action_lookup(action_map m, int key)
{
    const action_keymap *km = action_keymap_get(m);
    key = action_key_canonical(key);
    for (size_t i = 0; km && i < km->nkeys; i++) {
        for (const char *k = km->keys[i].keys; *k;) {
            size_t n = strcspn(k, " ");
            if (n && action_key_code(k, n) == key)
                return km->keys[i].action;
            k += n;
            k += strspn(k, " ");
        }
    }
    return ACTION_UNKNOWN;
}

/* One key name as people write it: "C-e" -> "Ctrl-E". */
static size_t key_shown(const char *name, size_t len, char *buf, size_t cap)
{
    if (len == 3 && name[0] == 'C' && name[1] == '-') {
        char c = name[2];
        return (size_t)snprintf(buf, cap, "Ctrl-%c", c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    return (size_t)snprintf(buf, cap, "%.*s", (int)len, name);
}

/* How many key names from k on are single characters that follow one
 * another (1 2 3 … 9): 1 when k's first name does not start such a run. */
static size_t keys_run(const char *k)
{
    size_t n = 1;
    char prev = k[0];
    if (k[0] == '\0' || (k[1] != ' ' && k[1] != '\0'))
        return 1;
    for (const char *at = k + 1; at[0] == ' ' && at[1] == prev + 1 && (at[2] == ' ' || at[2] == '\0');
         at += 2, prev++)
        n++;
    return n;
}

/* The key names of row k as shown, joined with sep; three or more
 * characters in a row show as a range ("1-9"). */
static size_t keys_join(const action_key *row, char *buf, size_t cap, const char *sep)
{
    size_t n = 0;
    if (cap)
        buf[0] = '\0';
    for (const char *k = row->keys; *k;) {
        size_t len = strcspn(k, " "), run = keys_run(k);
        char shown[32];
        if (run >= 3) {
            snprintf(shown, sizeof shown, "%c-%c", k[0], (char)(k[0] + run - 1));
            len = 2 * run - 1;
        } else {
            key_shown(k, len, shown, sizeof shown);
        }
        int w = snprintf(buf + (n < cap ? n : cap), n < cap ? cap - n : 0, "%s%s", n ? sep : "",
                         shown);
        n += w > 0 ? (size_t)w : 0;
        k += len;
        k += strspn(k, " ");
    }
    return n;
}

size_t action_keys_text(action_map m, size_t k, char *buf, size_t cap)
{
    const action_keymap *km = action_keymap_get(m);
    if (!km || k >= km->nkeys) {
        if (cap)
            buf[0] = '\0';
        return 0;
    }
    return keys_join(&km->keys[k], buf, cap, ", ");
}

/* ---- the count parser ---------------------------------------------------------- */

#define COUNT_MAX 999999999L

void action_parser_reset(action_parser *p)
{
    *p = (action_parser){0};
}

static action_event event(action a, long count) { return (action_event){a, count}; }

bool action_takes_count(action a)
{
    switch (a) {
    case ACTION_LINE_DOWN: case ACTION_LINE_UP: case ACTION_HALF_DOWN: case ACTION_HALF_UP:
    case ACTION_PAGE_DOWN: case ACTION_PAGE_UP: case ACTION_TOP: case ACTION_BOTTOM:
    case ACTION_NEXT_SEGMENT: case ACTION_PREV_SEGMENT: case ACTION_NEXT_SPEAKER:
    case ACTION_PREV_SPEAKER: case ACTION_PERCENT: case ACTION_SEARCH_NEXT:
    case ACTION_SEARCH_PREV:
        return true;
    default:
        return false;
    }
}

/* The action digit d is bound to in m (a key of its own), or ACTION_UNKNOWN. */
static action digit_action(action_map m, long d) { return action_lookup(m, (int)('0' + d)); }

bool action_parser_waiting(const action_parser *p, action_map m)
{
    return p->has_count && p->digits == 1 && digit_action(m, p->count) != ACTION_UNKNOWN;
}

action_event action_parser_timeout(action_parser *p, action_map m)
{
    if (!action_parser_waiting(p, m))
        return event(ACTION_NONE, 0);
    long d = p->count;
    action_parser_reset(p);
    return event(digit_action(m, d), d);
}

size_t action_parse(action_parser *p, action_map m, int key, action_event out[ACTION_EVENTS_MAX])
{
    if (p->mark) { /* the letter after m or ' */
        action mark = p->mark;
        action_parser_reset(p);
        key = action_key_canonical(key);
        out[0] = action_lookup(m, key) == ACTION_CANCEL ? event(ACTION_CANCEL, 0) : event(mark, key);
        return 1;
    }
    if (key >= '0' && key <= '9') {
        if (!p->has_count)
            p->count = 0, p->digits = 0;
        if (p->count <= COUNT_MAX / 10)
            p->count = p->count * 10 + (key - '0');
        p->has_count = true;
        p->digits++;
        return 0;
    }
    action a = action_lookup(m, key);
    if (a == ACTION_ERASE_DIGIT) {
        if (!p->has_count)
            return out[0] = event(ACTION_UNKNOWN, 0), 1; /* nothing to erase: no such key */
        p->count /= 10;
        if (--p->digits <= 0)
            p->has_count = false, p->count = 0;
        return 0;
    }
    bool lone = action_parser_waiting(p, m), had = p->has_count;
    long count = had ? p->count : 0;
    action_parser_reset(p);
    size_t n = 0;
    if (had && a == ACTION_CANCEL) /* Esc cancels a count, lone digit or not */
        return out[0] = event(ACTION_CANCEL, 0), 1;
    if (lone && !action_takes_count(a)) { /* the digit was a key of its own */
        out[n++] = event(digit_action(m, count), count);
        count = 0;
    }
    if (a == ACTION_MARK_SET || a == ACTION_MARK_GOTO) {
        p->mark = a;
        return n;
    }
    out[n++] = event(a, action_takes_count(a) ? count : 0);
    return n;
}

size_t action_parser_pending(const action_parser *p, char *buf, size_t cap)
{
    int n;
    if (p->mark)
        n = snprintf(buf, cap, "%s", p->mark == ACTION_MARK_SET ? "m" : "'");
    else if (p->has_count)
        n = snprintf(buf, cap, "%ld", p->count);
    else
        n = snprintf(buf, cap, "%s", "");
    return n > 0 ? (size_t)n : 0;
}

/* ---- the help overlay ---------------------------------------------------- */

#define HELP_KEYS_COL 2
#define HELP_TEXT_COL 28

static const char *const help_head[] = {
    "duet - keys (j/k scroll this help; q, Esc or h closes it)",
    "",
};

static const char *const help_tail[] = {
    "",
    "Counts: a number typed before a key repeats or aims it, as in less:",
    "5j scrolls five rows, 3J moves three segments, 10g goes to segment 10,",
    "50% goes half way. Esc cancels a count. A single digit followed by a key",
    "that takes no count, or by no key for a second, shows or hides speaker N",
    "instead (0: all speakers). While speakers are hidden, segment counts",
    "(3J, 10g, :10) count the segments shown.",
};

/* Line k of text t word-wrapped into `room` columns (ASCII), into *line and
 * *len; false past its last line. */
static bool wrapped_line(const char *t, size_t room, size_t k, const char **line, size_t *len)
{
    for (size_t i = 0; *t; i++) {
        size_t n = strlen(t);
        if (n > room) { /* break at the last space that fits */
            n = room;
            while (n > 0 && t[n] != ' ')
                n--;
            if (n == 0)
                n = room;
        }
        if (i == k) {
            *line = t;
            *len = n;
            return true;
        }
        t += n;
        t += strspn(t, " ");
    }
    return false;
}

/* Line k of a table row in the help: keys, then the help text word-wrapped
 * into the text column (starting on the next line when the keys are long). */
static bool row_help_line(const action_key *row, size_t k, char *buf, size_t cap)
{
    char keys[96];
    keys_join(row, keys, sizeof keys, ", ");
    bool keys_alone = strlen(keys) + HELP_KEYS_COL + 1 > HELP_TEXT_COL;
    if (keys_alone && k == 0) {
        snprintf(buf, cap, "%*s%s", HELP_KEYS_COL, "", keys);
        return true;
    }
    const char *t;
    size_t n;
    if (!wrapped_line(row->help, ACTION_HELP_WIDTH - HELP_TEXT_COL, k - keys_alone, &t, &n))
        return false;
    const char *kt = k == 0 ? keys : "";
    snprintf(buf, cap, "%*s%-*s%.*s", HELP_KEYS_COL, "", HELP_TEXT_COL - HELP_KEYS_COL, kt, (int)n, t);
    return true;
}

/* Line *i of mode m's part of the help (its title, its rows, what other
 * keys do), into buf: true when it is there, else *i less the lines it has. */
static bool keymap_help_line(action_map m, size_t *i, char *buf, size_t cap)
{
    const action_keymap *km = &keymaps[m];
    if (km->title) {
        if (*i < 2) {
            snprintf(buf, cap, "%s", *i == 0 ? "" : km->title);
            if (*i == 1)
                snprintf(buf + strlen(buf), cap - strlen(buf), ":");
            return true;
        }
        *i -= 2;
    }
    for (size_t r = 0; r < km->nkeys; r++)
        for (size_t k = 0; row_help_line(&km->keys[r], k, buf, cap); k++)
            if ((*i)-- == 0)
                return true;
    const char *t;
    size_t n;
    for (size_t k = 0; km->others && wrapped_line(km->others, ACTION_HELP_WIDTH - HELP_KEYS_COL, k, &t, &n); k++)
        if ((*i)-- == 0) {
            snprintf(buf, cap, "%*s%.*s", HELP_KEYS_COL, "", (int)n, t);
            return true;
        }
    return false;
}

bool action_help_line(size_t i, char *buf, size_t cap)
{
    if (i < ARRAY_LEN(help_head)) {
        snprintf(buf, cap, "%s", help_head[i]);
        return true;
    }
    i -= ARRAY_LEN(help_head);
    for (action_map m = 0; m < ACTION_MAPS; m++)
        if (keymap_help_line(m, &i, buf, cap))
            return true;
    if (i < ARRAY_LEN(help_tail)) {
        snprintf(buf, cap, "%s", help_tail[i]);
        return true;
    }
    return false;
}

/* ---- the man page ------------------------------------------------------------ */

/* Appends s to buf; with `text`, roff escapes for what troff would
 * change: '-' (a hyphen, not a minus), '\', and the quotes ' and ` (curly
 * in some fonts; keys must show as typed). */
static size_t roff_add(char *buf, size_t cap, size_t n, const char *s, bool text)
{
    for (; *s; s++) {
        const char *out = !text         ? NULL
                          : *s == '-'  ? "\\-"
                          : *s == '\\' ? "\\e"
                          : *s == '\'' ? "\\(aq"
                          : *s == '`'  ? "\\(ga"
                          : *s == '^'  ? "\\(ha"
                          : *s == '~'  ? "\\(ti"
                                       : NULL;
        char one[2] = {*s, '\0'};
        for (const char *o = out ? out : one; *o; o++, n++)
            if (n + 1 < cap)
                buf[n] = *o;
    }
    if (cap)
        buf[n < cap ? n : cap - 1] = '\0';
    return n;
}

static size_t roff_put(char *buf, size_t cap, size_t n, const char *s)
{
    return roff_add(buf, cap, n, s, false);
}

static size_t roff_text(char *buf, size_t cap, size_t n, const char *s)
{
    return roff_add(buf, cap, n, s, true);
}

/* Mode m's table as a tbl(1) table: keys (each in bold) in the first
 * column, the help text in a filled text block in the second, separated by
 * a tab; a subsection with its title and what other keys do before it. */
static size_t man_keymap(action_map m, char *buf, size_t cap, size_t n)
{
    const action_keymap *km = &keymaps[m];
    if (km->title) {
        n = roff_put(buf, cap, n, ".SS ");
        n = roff_text(buf, cap, n, km->title);
        n = roff_put(buf, cap, n, "\n");
    }
    if (km->others) {
        n = roff_text(buf, cap, n, km->others);
        n = roff_put(buf, cap, n, "\n");
    }
    n = roff_put(buf, cap, n, ".TS\nlb lb\nl lx.\nKeys\tAction\n_\n");
    for (size_t r = 0; r < km->nkeys; r++) {
        char keys[160];
        keys_join(&km->keys[r], keys, sizeof keys, "\001");
        n = roff_put(buf, cap, n, "\\fB");
        for (char *k = keys; *k;) {
            size_t len = strcspn(k, "\001");
            char one[40];
            snprintf(one, sizeof one, "%.*s", (int)len, k);
            n = roff_text(buf, cap, n, one);
            k += len;
            if (*k) {
                n = roff_put(buf, cap, n, "\\fR, \\fB");
                k++;
            }
        }
        n = roff_put(buf, cap, n, "\\fR\tT{\n\\&");
        n = roff_text(buf, cap, n, km->keys[r].help);
        n = roff_put(buf, cap, n, "\nT}\n");
    }
    return roff_put(buf, cap, n, ".TE\n");
}

/* The man page's first line asks man(1) to run tbl. */
size_t action_man_keys(char *buf, size_t cap)
{
    size_t n = 0;
    n = roff_put(buf, cap, n,
                 ".SH KEYS\n"
                 "A number typed before a key is its count, as in\n"
                 ".BR less (1):\n"
                 ".B 5j\n"
                 "scrolls five rows,\n"
                 ".B 3J\n"
                 "moves three segments,\n"
                 ".B 10g\n"
                 "goes to segment 10,\n"
                 ".B 50%\n"
                 "goes half way.\n"
                 "A single digit followed by a key that takes no count, or by no key\n"
                 "for a second, shows or hides speaker N instead\n"
                 "(\\fB0\\fR: all speakers).\n"
                 "While speakers are hidden, segment counts\n"
                 "(\\fB3J\\fR, \\fB10g\\fR, \\fB:10\\fR) count the segments shown.\n"
                 "Each mode has its keys: reading, then the help screen, the speaker\n"
                 "panel, the prompts and loading below.\n"
                 "The same tables are the help screen\n"
                 ".RB ( h ).\n"
                 ".PP\n"
                 ".nh\n");
    for (action_map m = 0; m < ACTION_MAPS; m++)
        n = man_keymap(m, buf, cap, n);
    return roff_put(buf, cap, n, ".hy\n");
}
