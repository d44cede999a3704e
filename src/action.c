/* action — the action table, key names, the key parser, and the help and
 * man page text generated from the table. */
#include "action.h"

#include <stdio.h>
#include <string.h>

static const action_info action_table[] = {
#define ACTION_INFO(id, name, keys, help) [ACTION_##id] = {name, keys, help},
    ACTION_TABLE(ACTION_INFO)
#undef ACTION_INFO
};

#define ACTION_TABLE_END ((action)(sizeof action_table / sizeof action_table[0]))

const action_info *action_get(action a)
{
    return a > ACTION_NONE && a < ACTION_TABLE_END ? &action_table[a] : NULL;
}

/* ---- key names ------------------------------------------------------------- */

static const struct {
    const char *name;
    int code;
    const char *shown; /* as the help and the man page write it */
} named_keys[] = {
    {"Down", ACTION_KEY_DOWN, "Down"},   {"Up", ACTION_KEY_UP, "Up"},
    {"Left", ACTION_KEY_LEFT, "Left"},   {"Right", ACTION_KEY_RIGHT, "Right"},
    {"PgDn", ACTION_KEY_PGDN, "PgDn"},   {"PgUp", ACTION_KEY_PGUP, "PgUp"},
    {"Home", ACTION_KEY_HOME, "Home"},   {"End", ACTION_KEY_END, "End"},
    {"F1", ACTION_KEY_F1, "F1"},         {"Backspace", 127, "Backspace"},
    {"Enter", 13, "Enter"},              {"Space", ' ', "Space"},
    {"Esc", 27, "Esc"},                  {"Tab", '\t', "Tab"},
};

#define NAMED_KEYS (sizeof named_keys / sizeof named_keys[0])

int action_key_code(const char *name, size_t len)
{
    for (size_t i = 0; i < NAMED_KEYS; i++)
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

/* Keys that arrive under several codes: Enter as CR, LF or the keypad's;
 * Backspace as DEL, BS or the terminal's key code. */
static int canonical_key(int key)
{
    switch (key) {
    case '\n': case ACTION_KEY_ENTER: return '\r';
    case 8: case ACTION_KEY_BACKSPACE: return 127;
    default: return key;
    }
}

action action_for_key(int key)
{
    key = canonical_key(key);
    for (action a = ACTION_NONE + 1; a < ACTION_TABLE_END; a++) {
        const char *k = action_table[a].keys;
        while (*k) {
            size_t n = strcspn(k, " ");
            if (n && action_key_code(k, n) == key)
                return a;
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

/* The key names of a as shown, joined with sep, each between before and
 * after; three or more characters in a row show as a range ("1-9"). */
static size_t keys_join(action a, char *buf, size_t cap, const char *before, const char *after,
                        const char *sep)
{
    const action_info *ai = action_get(a);
    size_t n = 0;
    if (cap)
        buf[0] = '\0';
    if (!ai)
        return 0;
    for (const char *k = ai->keys; *k;) {
        size_t len = strcspn(k, " "), run = keys_run(k);
        char shown[32];
        if (run >= 3) {
            snprintf(shown, sizeof shown, "%c-%c", k[0], (char)(k[0] + run - 1));
            len = 2 * run - 1;
        } else {
            key_shown(k, len, shown, sizeof shown);
        }
        int w = snprintf(buf + (n < cap ? n : cap), n < cap ? cap - n : 0, "%s%s%s%s",
                         n ? sep : "", before, shown, after);
        n += w > 0 ? (size_t)w : 0;
        k += len;
        k += strspn(k, " ");
    }
    return n;
}

size_t action_keys_text(action a, char *buf, size_t cap)
{
    return keys_join(a, buf, cap, "", "", ", ");
}

/* ---- the key parser -------------------------------------------------------- */

#define COUNT_MAX 999999999L

void action_parser_reset(action_parser *p)
{
    *p = (action_parser){0};
}

static action_event event(action a, long count) { return (action_event){a, count}; }

static action_event parse_prompt(action_parser *p, int key)
{
    key = canonical_key(key);
    if (key >= '0' && key <= '9') {
        if (p->prompt_n <= COUNT_MAX / 10)
            p->prompt_n = p->prompt_n * 10 + (key - '0');
        p->prompt_has = true;
        return event(ACTION_NONE, 0);
    }
    if (key == 127) { /* Backspace: a digit, or the prompt itself */
        if (p->prompt_has && p->prompt_n >= 10)
            p->prompt_n /= 10;
        else if (p->prompt_has)
            p->prompt_has = false, p->prompt_n = 0;
        else
            action_parser_reset(p);
        return event(ACTION_NONE, 0);
    }
    if (key == '\r' && p->prompt_has) {
        long n = p->prompt_n;
        action_parser_reset(p);
        return event(ACTION_GOTO_SEGMENT, n);
    }
    action_parser_reset(p); /* Esc, Ctrl-G, Enter on nothing, anything else */
    return event(ACTION_CANCEL, 0);
}

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

bool action_parser_waiting(const action_parser *p)
{
    return !p->prompt && p->has_count && p->digits == 1;
}

/* The event of a lone digit d taken as a key of its own. */
static action_event digit_event(long d)
{
    return d == 0 ? event(ACTION_SPEAKER_ALL, 0) : event(ACTION_SPEAKER_TOGGLE, d);
}

action_event action_parser_timeout(action_parser *p)
{
    if (!action_parser_waiting(p))
        return event(ACTION_NONE, 0);
    long d = p->count;
    action_parser_reset(p);
    return digit_event(d);
}

size_t action_parse(action_parser *p, int key, action_event out[ACTION_EVENTS_MAX])
{
    if (p->prompt) {
        out[0] = parse_prompt(p, key);
        return out[0].action != ACTION_NONE;
    }
    if (p->mark) { /* the letter after m or ' */
        action m = p->mark;
        action_parser_reset(p);
        key = canonical_key(key);
        out[0] = key == 27 || key == 7 ? event(ACTION_CANCEL, 0) : event(m, key);
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
    if (canonical_key(key) == 127 && p->has_count) {
        p->count /= 10;
        if (--p->digits <= 0)
            p->has_count = false, p->count = 0;
        return 0;
    }
    action a = action_for_key(key);
    bool lone = action_parser_waiting(p), had = p->has_count;
    long count = had ? p->count : 0;
    action_parser_reset(p);
    size_t n = 0;
    if (a == ACTION_CANCEL && had) /* Esc cancels a count, lone digit or not */
        return out[0] = event(ACTION_CANCEL, 0), 1;
    if (lone && !action_takes_count(a)) { /* the digit was a key of its own */
        out[n++] = digit_event(count);
        count = 0;
    }
    if (a == ACTION_GOTO) {
        p->prompt = true;
        return n;
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
    if (p->prompt)
        n = p->prompt_has ? snprintf(buf, cap, ":%ld", p->prompt_n) : snprintf(buf, cap, ":");
    else if (p->mark)
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
    "",
    "At the / and ? prompt: Left and Right move, Backspace and Delete erase,",
    "Ctrl-U erases what is before the cursor, Ctrl-W the word before it,",
    "Up and Down recall earlier patterns; Enter searches, Esc goes back.",
    "",
    "A large transcript opens at once on its first screens while the rest loads",
    "(\"loading\" on the status line): scrolling acts at once; keys that need",
    "all of it (G, N%, :N, a search, the panel) wait for it, then act.",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The help lines of action a: keys, then its help text word-wrapped into
 * the text column; line k into buf, false past its last. */
static bool action_help_lines(action a, size_t k, char *buf, size_t cap)
{
    char keys[96];
    action_keys_text(a, keys, sizeof keys);
    const char *t = action_table[a].help;
    size_t room = ACTION_HELP_WIDTH - HELP_TEXT_COL;
    bool keys_alone = strlen(keys) + HELP_KEYS_COL + 1 > HELP_TEXT_COL;
    size_t line = 0;
    if (keys_alone) {
        if (k == 0) {
            snprintf(buf, cap, "%*s%s", HELP_KEYS_COL, "", keys);
            return true;
        }
        line = 1;
    }
    while (*t) {
        size_t n = strlen(t);
        if (n > room) { /* break at the last space that fits */
            n = room;
            while (n > 0 && t[n] != ' ')
                n--;
            if (n == 0)
                n = room;
        }
        if (line == k) {
            const char *kt = line == 0 ? keys : "";
            snprintf(buf, cap, "%*s%-*s%.*s", HELP_KEYS_COL, "", HELP_TEXT_COL - HELP_KEYS_COL, kt,
                     (int)n, t);
            return true;
        }
        t += n;
        t += strspn(t, " ");
        line++;
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
    for (action a = ACTION_NONE + 1; a < ACTION_TABLE_END; a++)
        for (size_t k = 0;; k++) {
            if (!action_help_lines(a, k, buf, cap))
                break;
            if (i-- == 0)
                return true;
        }
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

/* The section is a tbl(1) table: keys (each in bold) in the first column,
 * the help text in a filled text block in the second; the man page's first
 * line asks man(1) to run tbl. Columns are separated by a tab. */
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
                 "The same table is the help screen\n"
                 ".RB ( h ).\n"
                 ".PP\n"
                 ".nh\n"
                 ".TS\n"
                 "lb lb\n"
                 "l lx.\n"
                 "Keys\tAction\n"
                 "_\n");
    for (action a = ACTION_NONE + 1; a < ACTION_TABLE_END; a++) {
        char keys[160];
        keys_join(a, keys, sizeof keys, "", "", "\001");
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
        n = roff_text(buf, cap, n, action_table[a].help);
        n = roff_put(buf, cap, n, "\nT}\n");
    }
    n = roff_put(buf, cap, n, ".TE\n.hy\n");
    return n;
}
