/* screen — the full-screen reader on a terminal; the only file that
 * includes curses.
 *
 * A thin loop: keys become actions (action.h), actions change the reader
 * state (reader.h), and the rows the layout builds are copied onto the
 * screen one grapheme cluster at a time. ncurses sends only the cells that
 * changed, and with idlok() it moves rows that moved by scrolling the
 * terminal, so a one-row scroll costs about one row of output.
 *
 * Teardown (endwin) runs once whatever the exit: q, the end of input,
 * SIGINT, SIGTERM or SIGHUP (whose handlers only set a flag), or exit()
 * anywhere (atexit). Ctrl-Z leaves curses mode, stops, and redraws on fg.
 * The loop waits for keys in poll(), with a pipe that SIGWINCH writes to,
 * so that no resize waits for the next key (screen_get_key).
 */
#include "screen.h"

#include <curses.h>
#include <langinfo.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "action.h"
#include "clip.h"
#include "layout.h"
#include "loader.h"
#include "reader.h"
#include "state.h"
#include "text.h"

const char *screen_curses_version(void)
{
    return curses_version();
}

/* ---- set-up and teardown ------------------------------------------------------ */

static volatile sig_atomic_t screen_signal; /* the signal that asks us to leave */
static bool screen_active;                  /* between newterm and endwin */
static SCREEN *screen_term;
static FILE *screen_tty;                    /* keys, when not standard input */

static void screen_on_signal(int sig) { screen_signal = sig; }

/* Leaves curses mode and gives the terminal back as it was. Safe to call
 * twice, and from atexit. */
static void screen_teardown(void)
{
    if (screen_active) {
        screen_active = false;
        endwin();
        fflush(stdout);
    }
    if (screen_term) {
        delscreen(screen_term);
        screen_term = NULL;
    }
    if (screen_tty) {
        fclose(screen_tty);
        screen_tty = NULL;
    }
}

/* SIGINT, SIGTERM and SIGHUP end the loop: no SA_RESTART, so a blocked
 * read returns and the loop sees the flag. */
static void screen_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = screen_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* ---- waiting for keys -------------------------------------------------------------- */

/* ncurses reads keys with a blocking read and learns of a resize from its
 * SIGWINCH handler; a resize that lands just before that read begins is
 * only seen at the next key. So duet waits itself, in poll(), on the
 * terminal and on a pipe its own SIGWINCH handler writes to (then calls
 * ncurses' handler, which it replaced): a resize always wakes the wait, and
 * get_wch, called only when something is there, never blocks. */
static int screen_in_fd = -1;               /* where keys come from */
static int screen_wake[2] = {-1, -1};       /* the SIGWINCH pipe */
static struct sigaction screen_winch_next;  /* ncurses' SIGWINCH handler */
static bool screen_poll_input;              /* false: ncurses waits (gpm's mouse) */
static int screen_load_fd = -1;             /* readable once the whole transcript is in */

static void screen_on_winch(int sig)
{
    int saved = errno;
    if (screen_wake[1] >= 0 && write(screen_wake[1], "w", 1) < 0) {
        /* full: a wake-up is pending anyway */
    }
    if (screen_winch_next.sa_flags & SA_SIGINFO) {
        if (screen_winch_next.sa_sigaction)
            screen_winch_next.sa_sigaction(sig, NULL, NULL);
    } else if (screen_winch_next.sa_handler != SIG_DFL && screen_winch_next.sa_handler != SIG_IGN) {
        screen_winch_next.sa_handler(sig);
    }
    errno = saved;
}

/* After newterm (which installs ncurses' handler): ours in front of it. */
static void screen_watch_resizes(int in_fd, bool poll_input)
{
    screen_in_fd = in_fd;
    screen_poll_input = poll_input && pipe(screen_wake) == 0;
    if (!screen_poll_input)
        return;
    for (int i = 0; i < 2; i++) {
        fcntl(screen_wake[i], F_SETFL, fcntl(screen_wake[i], F_GETFL) | O_NONBLOCK);
        fcntl(screen_wake[i], F_SETFD, FD_CLOEXEC);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = screen_on_winch;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGWINCH, &sa, &screen_winch_next);
}

#define SCREEN_REST_MS 200 /* how long the rest of a character may take */

/* get_wch when input has come: waits for the rest of a character. */
static int screen_get_rest(wint_t *ch)
{
    timeout(SCREEN_REST_MS);
    int rc = get_wch(ch);
    timeout(0);
    return rc;
}

/* The next key (get_wch's result), waiting at most ms milliseconds (-1:
 * no limit). ERR when the time ran out, a signal came, or nothing complete
 * arrived; *gone when the terminal has hung up. */
static int screen_get_key(wint_t *ch, int ms, bool *gone)
{
    *gone = false;
    if (!screen_poll_input) {
        timeout(0);
        int rc = get_wch(ch);
        if (rc != ERR || ms == 0)
            return rc;
        timeout(screen_load_fd >= 0 && (ms < 0 || ms > 50) ? 50 : ms); /* look at the load */
        return get_wch(ch);
    }
    /* Something typed, or a key ncurses holds back (pushed back, or the
     * rest of a sequence): get_wch with no wait would find it. But a
     * character whose first bytes have come and its last not yet (a
     * Chinese character typed over SSH, split between packets) must not be
     * read with no wait: get_wch then drops the bytes it has, and takes the
     * next ones for a broken character until its buffer is full. */
    struct pollfd p[3] = {{screen_in_fd, POLLIN, 0}, {screen_wake[0], POLLIN, 0},
                          {screen_load_fd, POLLIN, 0}};
    if (poll(p, 1, 0) > 0)
        return screen_get_rest(ch);
    timeout(0);
    int rc = get_wch(ch);
    if (rc != ERR || ms == 0)
        return rc;
    int n = poll(p, screen_load_fd >= 0 ? 3 : 2, ms);
    if (n <= 0 || (n == 1 && screen_load_fd >= 0 && (p[2].revents & POLLIN)))
        return ERR; /* the time is up, a signal (the loop looks at its flag), the load is in */
    if (p[1].revents & POLLIN) {
        char buf[64];
        while (read(screen_wake[0], buf, sizeof buf) > 0) {
        }
    }
    *gone = (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
    if (!(p[0].revents & POLLIN)) {
        timeout(0);
        return get_wch(ch); /* KEY_RESIZE, or ERR */
    }
    return screen_get_rest(ch); /* a key, or ERR: only part of a sequence yet */
}

/* ---- colours ---------------------------------------------------------------------- */

enum { PAIR_SPEAKER = 1, PAIR_NOTE = 9, PAIR_WEAK, PAIR_DIVIDER, PAIR_MATCH, PAIR_CURRENT,
       PAIR_TIME, PAIR_CONTEXT, PAIR_STATUS, PAIR_STATUS_SPEAKER, /* 8 of them */
       PAIR_LAST = PAIR_STATUS_SPEAKER + 7 };

typedef enum { COLOURS_NONE, COLOURS_8, COLOURS_256 } colour_depth;

static colour_depth screen_colours;

static void screen_init_colours(bool no_color)
{
    const char *nc = getenv("NO_COLOR");
    screen_colours = COLOURS_NONE;
    if (no_color || (nc && *nc) || !has_colors() || start_color() == ERR)
        return;
    use_default_colors();
    if (COLORS >= 256 && COLOR_PAIRS > PAIR_LAST) {
        /* eight hues apart: azure, orange, green, pink, gold, violet, tan, red */
        static const short sp[8] = {39, 208, 114, 205, 220, 141, 180, 160};
        for (int i = 0; i < 8; i++) {
            init_pair((short)(PAIR_SPEAKER + i), sp[i], -1);
            init_pair((short)(PAIR_STATUS_SPEAKER + i), sp[i], 236);
        }
        init_pair(PAIR_NOTE, 245, -1);
        init_pair(PAIR_WEAK, 196, -1);
        init_pair(PAIR_DIVIDER, 240, -1);
        init_pair(PAIR_MATCH, 16, 220);
        init_pair(PAIR_CURRENT, 16, 208);
        init_pair(PAIR_TIME, 109, -1);
        init_pair(PAIR_CONTEXT, 243, -1);
        init_pair(PAIR_STATUS, 252, 236);
        screen_colours = COLOURS_256;
    } else if (COLORS >= 8 && COLOR_PAIRS > PAIR_LAST) {
        /* six hues; the 7th and 8th speakers repeat two, underlined
         * (screen_speaker_attr) */
        static const short sp[8] = {COLOR_CYAN, COLOR_YELLOW, COLOR_GREEN, COLOR_MAGENTA,
                                    COLOR_BLUE, COLOR_RED, COLOR_CYAN, COLOR_YELLOW};
        for (int i = 0; i < 8; i++)
            init_pair((short)(PAIR_SPEAKER + i), sp[i], -1);
        init_pair(PAIR_WEAK, COLOR_RED, -1);
        init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
        init_pair(PAIR_CURRENT, COLOR_WHITE, COLOR_RED);
        init_pair(PAIR_TIME, COLOR_CYAN, -1);
        screen_colours = COLOURS_8;
    }
}

/* A speaker's name (palette index colour, 0..7): its own colour, the same
 * in headers, the panel, context rows and the status line. With 8 colours
 * the 7th and 8th repeat a hue underlined; without colour each index has
 * its own mix of bold, underline and italic, so names stay distinct. */
static attr_t screen_speaker_attr(int colour, short *pair)
{
    static const attr_t mono[8] = {
        A_BOLD, A_UNDERLINE, A_BOLD | A_UNDERLINE, A_ITALIC,
        A_BOLD | A_ITALIC, A_UNDERLINE | A_ITALIC, A_BOLD | A_UNDERLINE | A_ITALIC, A_DIM | A_UNDERLINE,
    };
    colour &= 7;
    *pair = 0;
    if (screen_colours == COLOURS_NONE)
        return mono[colour];
    *pair = (short)(PAIR_SPEAKER + colour);
    return screen_colours == COLOURS_8 && colour >= 6 ? A_BOLD | A_UNDERLINE : A_BOLD;
}

/* Attributes and colour of a style. Without colour, bold, dim, underline
 * and reverse carry the same distinctions. */
static attr_t screen_style(int style, int colour, short *pair)
{
    bool c256 = screen_colours == COLOURS_256, c8 = screen_colours >= COLOURS_8;
    *pair = 0;
    switch (style) {
    case LAYOUT_STYLE_HEADER:
        return screen_speaker_attr(colour, pair);
    case LAYOUT_STYLE_PANEL:
        if (c256)
            *pair = PAIR_STATUS;
        return c256 ? A_NORMAL : A_REVERSE;
    case LAYOUT_STYLE_SELECTED:
        return A_REVERSE | A_BOLD;
    case LAYOUT_STYLE_NOTE:
    case LAYOUT_STYLE_SEGNO:
        if (c256)
            *pair = PAIR_NOTE;
        return c256 ? A_NORMAL : A_DIM;
    case LAYOUT_STYLE_CONTEXT:
        if (c256)
            *pair = PAIR_CONTEXT;
        return c256 ? A_ITALIC : A_DIM;
    case LAYOUT_STYLE_WEAK:
        if (c8)
            *pair = PAIR_WEAK;
        return A_BOLD;
    case LAYOUT_STYLE_DIVIDER:
        if (c256)
            *pair = PAIR_DIVIDER;
        return c256 ? A_NORMAL : A_DIM;
    case LAYOUT_STYLE_MATCH:
        if (c8)
            *pair = PAIR_MATCH;
        return c8 ? A_NORMAL : A_REVERSE;
    case LAYOUT_STYLE_CURRENT:
        if (c8)
            *pair = PAIR_CURRENT;
        return c8 ? A_BOLD : A_REVERSE | A_BOLD | A_UNDERLINE;
    case LAYOUT_STYLE_TIME:
        if (c8)
            *pair = PAIR_TIME;
        return c8 ? A_NORMAL : A_DIM;
    default:
        return A_NORMAL;
    }
}

/* ---- drawing ----------------------------------------------------------------------- */

/* How cells can be drawn: everything; everything but wide glyphs (the
 * Linux console draws a CJK character in one cell, shifting the rest); or
 * ASCII only (no UTF-8 locale: ncurses can send nothing else). */
typedef enum { GLYPHS_ALL, GLYPHS_NARROW, GLYPHS_ASCII } screen_glyph_mode;
static screen_glyph_mode screen_glyphs;
static text_widths screen_tw; /* the terminal's widths: the option, or its answer */

/* Draws n bytes of sanitised text at (y, x), at most maxw columns, tabs
 * measured from `origin`, each cluster in exactly the columns text.h gives
 * it (text_cluster_drawable stands in for what the C library would measure
 * differently). Returns the column after it. */
static int screen_text(int y, int x, const char *s, size_t n, int origin, int maxx)
{
    for (size_t i = 0; i < n;) {
        size_t k = text_cluster_len(s + i, n - i);
        int w = text_advance(&screen_tw, s + i, k, x - origin);
        if (x + w > maxx)
            break;
        if (w > 0) {
            char buf[TEXT_DRAW_MAX];
            size_t len;
            bool ascii = screen_glyphs == GLYPHS_ASCII ||
                         (screen_glyphs == GLYPHS_NARROW && w == 2);
            const char *d = ascii ? text_cluster_ascii(s + i, k, w, buf, &len)
                                  : text_cluster_drawable(&screen_tw, s + i, k, w, buf, &len);
            mvaddnstr(y, x, d, (int)len);
        }
        x += w;
        i += k;
    }
    return x;
}

/* Draws one row; spans learner mode hides stay blank, and the clicked
 * segment's header row is in reverse video. */
static void screen_row(int y, const layout_row *row, const reader *r, size_t current)
{
    const doc *d = r->d;
    move(y, 0);
    attrset(A_NORMAL);
    clrtoeol();
    attr_t extra = reader_row_is_focus(r, row) ? A_REVERSE : A_NORMAL;
    for (size_t i = 0; i < row->nspans; i++) {
        const layout_span *sp = &row->spans[i];
        if (row->pos.block != SIZE_MAX && reader_learner_hides(r, current, row->pos.block, sp))
            continue;
        bool named = sp->speaker >= 0 && (size_t)sp->speaker < d->nspeakers;
        int colour = named ? d->speakers[sp->speaker].colour : 0;
        short pair;
        attr_t a = screen_style(sp->style, colour, &pair);
        if (sp->style == LAYOUT_STYLE_CONTEXT && named) /* a hidden speaker's name, dimmed */
            a = (screen_speaker_attr(colour, &pair) & ~(attr_t)A_BOLD) | A_DIM;
        if (sp->style != LAYOUT_STYLE_DIVIDER)
            a |= extra;
        attr_set(a, pair, NULL);
        screen_text(y, sp->col, sp->text, sp->len, sp->origin, sp->col + sp->width);
    }
    attrset(A_NORMAL);
}

static void screen_status(const reader *r)
{
    char pending[32], line[1024];
    int sp_col, sp_w, sp;
    reader_pending(r, pending, sizeof pending);
    reader_status_styled(r, pending, line, sizeof line, &sp_col, &sp_w, &sp);
    short pair = screen_colours == COLOURS_256 ? PAIR_STATUS : 0;
    attr_t bar = screen_colours == COLOURS_256 ? A_NORMAL : A_REVERSE;
    attr_set(bar, pair, NULL);
    move(LINES - 1, 0);
    int x = screen_text(LINES - 1, 0, line, strlen(line), 0, COLS);
    for (; x < COLS; x++)
        mvaddch(LINES - 1, x, ' ');
    if (sp_w > 0 && sp >= 0 && (size_t)sp < r->d->nspeakers) { /* the name in its colour */
        int colour = r->d->speakers[sp].colour;
        attr_t a = screen_speaker_attr(colour, &pair) | bar;
        if (screen_colours == COLOURS_256)
            pair = (short)(PAIR_STATUS_SPEAKER + (colour & 7));
        attr_set(a, pair, NULL);
        size_t at = 0;
        for (int w = 0; w < sp_col && line[at];) { /* the byte where the name starts */
            size_t k = text_cluster_len(line + at, strlen(line + at));
            w += text_advance(&screen_tw, line + at, k, w);
            at += k;
        }
        size_t len = 0;
        for (int w = 0; w < sp_w && line[at + len];) {
            size_t k = text_cluster_len(line + at + len, strlen(line + at + len));
            w += text_advance(&screen_tw, line + at + len, k, w);
            len += k;
        }
        screen_text(LINES - 1, sp_col, line + at, len, sp_col, sp_col + sp_w);
    }
    attrset(A_NORMAL);
}

/* The search prompt on the bottom line, with the terminal's cursor in it. */
static void screen_prompt(const reader *r)
{
    char line[4096];
    int cursor;
    reader_prompt_line(r, line, sizeof line, &cursor);
    attrset(A_NORMAL);
    move(LINES - 1, 0);
    clrtoeol();
    screen_text(LINES - 1, 0, line, strlen(line), 0, COLS);
    move(LINES - 1, cursor);
}

static void screen_help(const reader *r)
{
    int rows = reader_text_rows(r);
    char line[256];
    for (int y = 0; y < rows; y++) {
        move(y, 0);
        clrtoeol();
        if (action_help_line((size_t)(r->help_top + y), line, sizeof line))
            screen_text(y, 0, line, strlen(line), 0, COLS);
    }
}

static void screen_too_small(void)
{
    static const char note[] = "terminal too small (20x5 at least)";
    erase();
    screen_text(0, 0, note, sizeof note - 1, 0, COLS);
}

static bool screen_big_enough(void) { return COLS >= 20 && LINES >= 5; }

static void screen_draw(reader *r)
{
    if (!screen_big_enough()) {
        screen_too_small();
    } else if (r->help) {
        screen_help(r);
        screen_status(r);
    } else {
        int rows = reader_text_rows(r), ph = reader_panel_height(r);
        size_t current = reader_current_segment(r);
        const layout_frame *f = layout_render(r->L, r->top, rows);
        if (f)
            for (int y = ph; y < rows; y++)
                screen_row(y, &f->rows[y], r, current);
        const layout_frame *pf = ph ? reader_panel_frame(r) : NULL;
        for (int y = 0; pf && y < ph && (size_t)y < pf->nrows; y++)
            screen_row(y, &pf->rows[y], r, current);
        if (reader_prompting(r))
            screen_prompt(r);
        else
            screen_status(r);
    }
    /* The cursor shows only in the prompt, where it is left. */
    static bool cursor_on;
    bool prompt = screen_big_enough() && !r->help && reader_prompting(r);
    if (prompt != cursor_on) { /* sent only when it changes */
        leaveok(stdscr, prompt ? FALSE : TRUE);
        curs_set(prompt ? 1 : 0);
        cursor_on = prompt;
    }
    wnoutrefresh(stdscr);
    doupdate();
}

/* ---- keys ------------------------------------------------------------------------- */

static int screen_key(wint_t ch, bool is_code)
{
    if (!is_code)
        return (int)ch;
    switch (ch) {
    case KEY_DOWN: return ACTION_KEY_DOWN;
    case KEY_UP: return ACTION_KEY_UP;
    case KEY_LEFT: return ACTION_KEY_LEFT;
    case KEY_RIGHT: return ACTION_KEY_RIGHT;
    case KEY_NPAGE: return ACTION_KEY_PGDN;
    case KEY_PPAGE: return ACTION_KEY_PGUP;
    case KEY_HOME: return ACTION_KEY_HOME;
    case KEY_END: return ACTION_KEY_END;
    case KEY_F(1): return ACTION_KEY_F1;
    case KEY_BACKSPACE: return ACTION_KEY_BACKSPACE;
    case KEY_ENTER: return ACTION_KEY_ENTER;
    case KEY_DC: return ACTION_KEY_DELETE;
    default: return -1;
    }
}

/* ---- reports the terminal sends unasked ------------------------------------------- */

/* A terminal answers queries: a cursor position report (ESC [ row ; col R),
 * device attributes (ESC [ ? 64 ; 1 c), colours (ESC ] 11 ; rgb:… ST),
 * DECRQSS (ESC P 1 $ r … ST). duet asks one question, at start-up and with
 * a bounded wait; an answer that comes late, or one that another program
 * (or a file shown by one) made the terminal send, arrives among the keys.
 * Such a sequence is read to its end and dropped, so none of its bytes
 * acts as a key: less -r on a file holding ESC [ 6 n takes the terminal's
 * answers for commands and loops. Keys never send these shapes (ncurses
 * has already turned the sequences of known keys into KEY_ codes); a lone
 * Esc, with nothing right behind it, stays a key. */
#define SCREEN_REPORT_MS 100  /* the rest of a report is on its way (SSH may split it) */
#define SCREEN_REPORT_MAX 4096 /* characters read for one report at most */

/* Reads the next character of a report: false at a pause, a key code
 * (pushed back: a resize is never lost) or the length bound. */
static bool screen_report_next(wint_t *c, int *left)
{
    if (--*left < 0)
        return false;
    int rc = get_wch(c);
    if (rc == KEY_CODE_YES)
        ungetch((int)*c);
    return rc == OK;
}

/* The body of a report after its introducer: CSI parameters up to a final
 * byte, one SS3 character, or a string up to BEL or ST. */
static void screen_report_body(char kind)
{
    int left = SCREEN_REPORT_MAX;
    wint_t c;
    timeout(SCREEN_REPORT_MS);
    if (kind == 'O') {
        screen_report_next(&c, &left);
    } else if (kind == '[') {
        while (screen_report_next(&c, &left) && c >= 0x20 && c < 0x40)
            ; /* parameters and intermediates; the final byte ends it */
    } else {
        while (screen_report_next(&c, &left) && c != 0x07 && c != 0x9c) {
            if (c == 0x1b) { /* ST is ESC \ */
                screen_report_next(&c, &left);
                break;
            }
        }
    }
    timeout(-1);
}

/* True when ch starts a report, which is then read and dropped. */
static bool screen_drop_report(wint_t ch)
{
    char kind;
    switch (ch) {
    case 0x9b: kind = '['; break; /* 8-bit CSI */
    case 0x8f: kind = 'O'; break; /* SS3 */
    case 0x90: case 0x98: case 0x9d: case 0x9e: case 0x9f: kind = ']'; break;
    case 0x1b: {
        wint_t next;
        timeout(0); /* a report's next byte came with its ESC */
        int rc = get_wch(&next);
        timeout(-1);
        if (rc == ERR)
            return false; /* Esc, the key */
        if (rc == KEY_CODE_YES || !strchr("[O]P_^X", (int)next) || next == 0) {
            if (rc == KEY_CODE_YES)
                ungetch((int)next);
            else
                unget_wch((wchar_t)next);
            return false; /* Esc, then a key of its own */
        }
        kind = next == '[' || next == 'O' ? (char)next : ']';
        break;
    }
    default: return false;
    }
    screen_report_body(kind);
    return true;
}

/* Ctrl-Z: give the terminal back, stop, and take it again on fg. */
static void screen_suspend(void)
{
    endwin();
    fflush(stdout);
    struct sigaction dfl, old;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &old);
    raise(SIGTSTP);
    sigaction(SIGTSTP, &old, NULL);
    reset_prog_mode();
    clearok(curscr, TRUE);
}

/* What a key may change; when none of it did, nothing is drawn. */
typedef struct view_state {
    layout_pos top;
    layout_mode mode;
    size_t current;
    bool swap, help, learner, focus, panel, context, prompt;
    int help_top;
    size_t panel_cur, panel_top;
    uint64_t shown;  /* a hash of which speakers are shown */
    char message[READER_MESSAGE_MAX];
    char notes[2 * READER_NOTE_MAX];
    char pending[32];
} view_state;

static view_state screen_view(const reader *r)
{
    view_state v;
    memset(&v, 0, sizeof v);
    v.top = r->top;
    v.mode = r->mode;
    v.swap = r->swap;
    v.help = r->help;
    v.help_top = r->help_top;
    v.current = reader_current_segment(r);
    v.learner = r->learner;
    v.focus = r->focus != SIZE_MAX;
    v.panel = r->panel;
    v.context = r->context;
    v.prompt = reader_prompting(r);
    v.panel_cur = r->panel_cur;
    v.panel_top = r->panel_top;
    v.shown = 1469598103934665603ULL;
    for (size_t e = 0; e < r->filter->nentries; e++)
        v.shown = (v.shown ^ (r->filter->entries[e].shown + 2 * e)) * 1099511628211ULL;
    memcpy(v.message, r->message, sizeof v.message);
    snprintf(v.notes, sizeof v.notes, "%s\n%s", r->filter_note, r->search_note);
    reader_pending(r, v.pending, sizeof v.pending);
    return v;
}

static bool screen_view_same(const view_state *a, const view_state *b)
{
    /* While the search prompt is open, every key may change the pattern,
     * the highlights and the count: always drawn. */
    return !a->prompt && !b->prompt && layout_pos_cmp(a->top, b->top) == 0 &&
           a->mode == b->mode && a->swap == b->swap &&
           a->help == b->help && a->help_top == b->help_top && a->current == b->current &&
           a->learner == b->learner && a->focus == b->focus && a->panel == b->panel &&
           a->context == b->context && a->panel_cur == b->panel_cur &&
           a->panel_top == b->panel_top && a->shown == b->shown &&
           strcmp(a->message, b->message) == 0 && strcmp(a->notes, b->notes) == 0 &&
           strcmp(a->pending, b->pending) == 0;
}

/* ---- asking the terminal how wide ambiguous characters are ------------------- */

static long screen_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Asks the terminal once how wide it draws ambiguous characters: “
 * (U+201C, East Asian ambiguous) is drawn at the top left of the fresh
 * screen — the first frame, a full repaint, covers it — and one cursor
 * position query (ESC [ 6 n, terminfo's u7) asks where the cursor went:
 * column 3 means two cells. The answer is awaited SCREEN_ASK_MS at most:
 * one round trip over SSH, never more; no answer, or a strange one, means
 * one cell. Keys typed meanwhile go back to the input; a reply arriving
 * after the wait is bound to a key code that does nothing
 * (screen_swallow_late_reply), so it never acts as keys. */
#define SCREEN_ASK_MS 200
#define SCREEN_KEY_IGNORED (KEY_MAX + 1)

/* The reply "ESC [ row ; col R" at the end of buf[0..n), or -1: its column. */
static int screen_reply_column(const char *buf, size_t n, size_t *start)
{
    if (n < 6 || buf[n - 1] != 'R')
        return -1;
    size_t i = n - 1;
    while (i > 0 && (buf[i - 1] == ';' || (buf[i - 1] >= '0' && buf[i - 1] <= '9')))
        i--;
    if (i < 2 || buf[i - 1] != '[' || buf[i - 2] != '\033')
        return -1;
    const char *semi = memchr(buf + i, ';', n - i);
    if (!semi)
        return -1;
    *start = i - 2;
    return atoi(semi + 1);
}

static bool screen_ask_ambiguous_wide(int in)
{
    const char *u7 = tigetstr("u7");
    if (u7 == NULL || u7 == (char *)-1) /* the terminal answers no such question */
        return false;
    erase();
    mvaddstr(0, 0, "\xE2\x80\x9C"); /* “ */
    refresh();
    static const char ask[] = "\033[6n";
    if (write(STDOUT_FILENO, ask, sizeof ask - 1) != (ssize_t)(sizeof ask - 1))
        return false;
    char buf[256];
    size_t n = 0, start = 0;
    int col = -1;
    long deadline = screen_now_ms() + SCREEN_ASK_MS;
    while (n < sizeof buf && col < 0) {
        long left = deadline - screen_now_ms();
        struct pollfd p = {in, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            break;
        ssize_t k = read(in, buf + n, 1);
        if (k <= 0)
            break;
        n++;
        col = screen_reply_column(buf, n, &start);
    }
    if (col < 0)
        start = n; /* no reply: everything read was typed */
    /* Keys typed before the reply go back, last first. */
    while (start > 0)
        ungetch((unsigned char)buf[--start]);
    clearok(curscr, TRUE); /* the first frame repaints the whole screen */
    erase();
    return col == 3;
}

/* A reply that comes after the wait arrives as input: the two it can be
 * ("ESC [ 1 ; 2 R" or "ESC [ 1 ; 3 R", the “ being at the top left) are
 * bound to a key code the loop ignores — where the terminal description
 * has not already made them function keys, which are ignored too. */
static void screen_swallow_late_reply(void)
{
    static const char *const replies[] = {"\033[1;2R", "\033[1;3R"};
    for (size_t i = 0; i < sizeof replies / sizeof *replies; i++)
        if (key_defined(replies[i]) == 0)
            define_key(replies[i], SCREEN_KEY_IGNORED);
}

/* ---- the clipboard ------------------------------------------------------------------ */

/* `y`: the current segment as a quote, on the terminal's clipboard with
 * OSC 52 — only on terminals whose description says they take it (the Ms
 * capability: xterm, tmux …); elsewhere (the Linux console would print it)
 * nothing is written and the status line says why. */
static void screen_copy(reader *r)
{
    size_t s = reader_current_segment(r);
    const char *ms = tigetstr("Ms");
    if (ms == NULL || ms == (char *)-1) {
        snprintf(r->message, sizeof r->message,
                 "TERM=%.30s has no clipboard escape: nothing copied",
                 termname());
        return;
    }
    size_t need = clip_quote(r->d, s, r->name, NULL, 0), len = 0;
    bool cut = false;
    char *quote = malloc(need + 1), *seq = NULL;
    if (quote) {
        clip_quote(r->d, s, r->name, quote, need + 1);
        seq = clip_osc52(quote, need, &len, &cut);
    }
    if (!seq) {
        snprintf(r->message, sizeof r->message, "out of memory: nothing copied");
    } else {
        fflush(stdout); /* after whatever ncurses has buffered */
        if (write(STDOUT_FILENO, seq, len) == (ssize_t)len)
            snprintf(r->message, sizeof r->message, "segment %zu copied to the clipboard%s", s + 1,
                     cut ? " (cut to 32 KiB)" : "");
        else
            snprintf(r->message, sizeof r->message, "segment %zu: could not write the copy", s + 1);
    }
    free(seq);
    free(quote);
}

/* ---- the mouse ------------------------------------------------------------------------ */

#define SCREEN_WHEEL_ROWS 3

/* The rows a mouse event asks to scroll: SCREEN_WHEEL_ROWS down (> 0) or
 * up (< 0) for the wheel, 0 for anything else. */
static int screen_wheel_rows(const MEVENT *ev)
{
    return (ev->bstate & BUTTON4_PRESSED) ? -SCREEN_WHEEL_ROWS
         : (ev->bstate & BUTTON5_PRESSED) ? SCREEN_WHEEL_ROWS
                                          : 0;
}

/* The next mouse event's wheel rows (the event is consumed either way). */
static int screen_wheel(void)
{
    MEVENT ev;
    return getmouse(&ev) == OK ? screen_wheel_rows(&ev) : 0;
}

/* A mouse event: the wheel scrolls (both panes: they are one view), a
 * click makes a segment current. Anything else is ignored. */
static void screen_mouse(reader *r)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    int rows = screen_wheel_rows(&ev);
    if (rows)
        reader_apply(r, rows < 0 ? ACTION_LINE_UP : ACTION_LINE_DOWN, abs(rows));
    else if ((ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) && ev.y >= reader_panel_height(r))
        reader_click(r, ev.y, ev.x); /* (not through the speaker panel) */
}

/* ---- resuming ------------------------------------------------------------------------ */

/* Where the positions file is, or "" when resuming is off (--no-resume, or
 * neither XDG_STATE_HOME nor HOME says where). */
static void screen_state_path(const options *o, char path[STATE_PATH_MAX])
{
    if (o->no_resume || !state_path(getenv("XDG_STATE_HOME"), getenv("HOME"), path, STATE_PATH_MAX))
        path[0] = '\0';
}

/* Opens where the transcript was left, unless --segment or --search says
 * where to start; writes what to say about it into note. */
static void screen_resume(reader *r, const options *o, const char *path, uint64_t key,
                          char *note, size_t cap)
{
    note[0] = '\0';
    if (!path[0] || o->segment > 0 || o->search)
        return;
    long seg;
    bool corrupt;
    status st = state_load(path, key, &seg, &corrupt);
    if (st != ST_OK)
        snprintf(note, cap, "cannot read the positions file: %s", status_message(st));
    else if (seg > 1 && (size_t)seg <= r->d->nsegments) {
        reader_apply(r, ACTION_GOTO_SEGMENT, seg);
        snprintf(note, cap, "back at segment %ld, where you left off", seg);
    }
    if (st == ST_OK && corrupt) {
        size_t n = strlen(note);
        snprintf(note + n, cap - n, "%sdamaged state file ignored (duet/positions)", n ? "; " : "");
    }
}

/* On the way out: remember the current segment (quietly: a state directory
 * that cannot be written costs only the position). */
static void screen_remember(const reader *r, const char *path, uint64_t key)
{
    size_t n = r->d->nsegments, cur = reader_current_segment(r);
    if (path[0] && n > 0)
        state_save(path, key, (long)(cur < n ? cur + 1 : n), (long long)time(NULL), STATE_MAX_ENTRIES);
}

/* ---- while the whole transcript loads ---------------------------------------------- */

/* The reader first shows a preview (preview.h) while a loader (loader.h)
 * reads the whole. Keys that only move within what the preview holds act at
 * once; any other key, and every key after it, waits in order for the
 * whole document (the status line says "loading…"), so that none gives an
 * answer only the preview would give (G, N%, a search, the panel …). q
 * quits at once, leaving the load behind. */
#define SCREEN_QUEUE_MAX 64

typedef struct screen_load {
    loader *l;               /* NULL once the whole is in */
    doc *preview;            /* owned, until the swap */
    doc *whole;              /* owned, after it */
    int queue[SCREEN_QUEUE_MAX];
    size_t queued;
    bool moved;              /* a key moved the preview: no resuming */
    bool going;              /* loader_go was called */
    status st;               /* the load's, once over */
    format_report rep;
} screen_load;

/* Keys that act on the preview: moves a few rows or segments down or up. */
static bool screen_preview_key(action a)
{
    switch (a) {
    case ACTION_LINE_DOWN: case ACTION_LINE_UP: case ACTION_HALF_DOWN: case ACTION_HALF_UP:
    case ACTION_PAGE_DOWN: case ACTION_PAGE_UP: case ACTION_NEXT_SEGMENT:
    case ACTION_PREV_SEGMENT: case ACTION_REDRAW: case ACTION_QUIT: case ACTION_SUSPEND:
        return true;
    default:
        return false;
    }
}

/* A key while loading: acts on the preview, or waits. */
static void screen_loading_key(reader *r, screen_load *ld, int key)
{
    char pending[8];
    action a = action_for_key(key);
    bool idle = ld->queued == 0 && reader_pending(r, pending, sizeof pending) == 0 &&
                !reader_prompting(r) && !r->help && !r->panel;
    if (idle && screen_preview_key(a)) {
        layout_pos before = r->top;
        reader_key(r, key);
        if (a == ACTION_QUIT || a == ACTION_REDRAW || a == ACTION_SUSPEND)
            return;
        if (!reader_at_end(r)) { /* still inside the preview */
            ld->moved |= layout_pos_cmp(before, r->top) != 0;
            return;
        }
        r->top = before; /* the preview ends here: the whole will tell */
    }
    if (ld->queued < SCREEN_QUEUE_MAX)
        ld->queue[ld->queued++] = key;
    snprintf(r->message, sizeof r->message, "loading\xE2\x80\xA6");
}

/* Where the preview's row `top` is in a layout of the whole: the same
 * row of the same block (a preview's blocks are the whole's first ones,
 * notes and segments alike: preview.h). */
static layout_pos screen_same_place(const reader *from, layout *to)
{
    size_t b = from->top.block;
    if (b >= layout_nblocks(to))
        return layout_first(to);
    return layout_scroll(to, layout_block_start(to, b), from->top.row, NULL);
}

/* The whole transcript is in: a reader of it takes the preview's place at
 * the same segment and row (with the layout it was opened with), resumes
 * where the transcript was left unless a key moved already, then gets the
 * keys that waited. Returns the new reader (r itself when the load failed:
 * the loop then ends, and screen_run_loading says why). */
static reader *screen_swap(reader *r, screen_load *ld, const options *o, const char *state_file,
                           uint64_t *doc_key)
{
    ld->st = loader_finish(ld->l, &ld->whole, &ld->rep, (const char *const *)o->files);
    ld->l = NULL;
    screen_load_fd = -1;
    reader *nr = ld->st == ST_OK ? reader_new(ld->whole, r->name, &screen_tw, r->width, r->height,
                                              r->mode_auto ? -1 : (int)r->mode)
                                 : NULL;
    if (!nr) {
        if (ld->st == ST_OK)
            ld->st = ST_NO_MEMORY;
        r->quit = true;
        return r;
    }
    nr->top = screen_same_place(r, nr->L);
    memcpy(nr->message, r->message, sizeof nr->message);
    if (ld->queued) /* "loading…" is over */
        nr->message[0] = '\0';
    reader_free(r);
    doc_free(ld->preview);
    ld->preview = NULL;
    *doc_key = state_file[0] ? state_key(ld->whole) : 0;
    if (!ld->moved) {
        char resumed[96];
        screen_resume(nr, o, state_file, *doc_key, resumed, sizeof resumed);
        if (resumed[0])
            snprintf(nr->message, sizeof nr->message, "%s", resumed);
    }
    for (size_t i = 0; i < ld->queued && !nr->quit; i++) {
        reader_key(nr, ld->queue[i]);
        if (nr->copy) {
            nr->copy = false;
            screen_copy(nr);
        }
    }
    ld->queued = 0;
    return nr;
}

/* ---- the loop ----------------------------------------------------------------------- */

static int screen_mode_of(const options *o)
{
    switch (o->layout) {
    case OPT_LAYOUT_SIDE: return LAYOUT_SIDE;
    case OPT_LAYOUT_STACK: return LAYOUT_STACK;
    case OPT_LAYOUT_ZH: return LAYOUT_ZH;
    case OPT_LAYOUT_EN: return LAYOUT_EN;
    default: return -1;
    }
}


/* TERM as an error message may show it: printable ASCII, cut short. */
static const char *screen_term_shown(const char *term, char buf[48])
{
    size_t n = 0;
    for (; term[n] && n < 40; n++)
        buf[n] = term[n] > ' ' && term[n] < 0x7F ? term[n] : '?';
    snprintf(buf + n, 48 - n, "%s", term[n] ? "..." : "");
    return buf;
}


static bool screen_codeset_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0 || strcmp(cs, "utf-8") == 0;
}

/* Takes the terminal. False with a message in err when it cannot be used;
 * a note for the status line (static text) in *note when it is degraded. */
static bool screen_init(const options *o, char *err, size_t cap, const char **note)
{
    FILE *in = stdin;
    *note = NULL;
    if (!isatty(STDIN_FILENO)) { /* the transcript came on standard input */
        screen_tty = fopen("/dev/tty", "r");
        if (!screen_tty) {
            snprintf(err, cap, "cannot use the terminal: /dev/tty: %s", strerror(errno));
            return false;
        }
        in = screen_tty;
    }
    const char *term = getenv("TERM");
    char shown[48];
    if (!term || !*term) {
        snprintf(err, cap, "TERM is not set: which terminal is this? (try TERM=xterm-256color)");
        return false;
    }
    screen_signals();
    atexit(screen_teardown);
    screen_term = newterm(NULL, stdout, in); /* writes nothing yet */
    if (!screen_term) {
        snprintf(err, cap, "unknown terminal type '%s' (TERM): no terminfo entry for it",
                 screen_term_shown(term, shown));
        return false;
    }
    set_term(screen_term);
    screen_active = true; /* from here endwin gives the terminal back */
    const char *cup = tigetstr("cup");
    if (cup == NULL || cup == (char *)-1) {
        snprintf(err, cap, "terminal type '%s' (TERM) cannot move the cursor",
                 screen_term_shown(term, shown));
        return false;
    }
    if (!getenv("ESCDELAY"))
        set_escdelay(25); /* Esc alone reacts at once, not after a second */
    raw();                /* Ctrl-C, Ctrl-Z, Ctrl-Y … arrive as keys */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    idlok(stdscr, TRUE); /* let ncurses scroll the terminal for moved rows */
    leaveok(stdscr, TRUE);
    curs_set(0);
    screen_glyphs = !screen_codeset_utf8()               ? GLYPHS_ASCII
                    : strncmp(termname(), "linux", 5) == 0 ? GLYPHS_NARROW
                                                           : GLYPHS_ALL;
    if (screen_glyphs == GLYPHS_NARROW)
        *note = "the Linux console draws no wide characters: they show as []";
    screen_tw.ambiguous_wide = o->ambiguous == OPT_AMBIGUOUS_WIDE ||
                               (o->ambiguous == OPT_AMBIGUOUS_DETECT && screen_glyphs != GLYPHS_ASCII &&
                                screen_ask_ambiguous_wide(fileno(in)));
    screen_swallow_late_reply();
    /* The Linux console's mouse is gpm's: without gpm's socket ncurses would
     * load libgpm only to fail (and leak in it). */
    bool linux_console = screen_glyphs == GLYPHS_NARROW;
    bool mouse = !o->no_mouse && (!linux_console || access("/dev/gpmctl", F_OK) == 0);
    screen_watch_resizes(fileno(in), !(linux_console && mouse)); /* gpm has its own fd */
    if (mouse) { /* presses only, no motion: quiet over SSH; endwin turns it off */
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0); /* no waiting to tell a click from a press */
    }
    return true;
}

/* The file name as the status line shows it: sanitised like any text. */
static char *screen_name(const doc *d, text_decoded *t)
{
    const char *path = d->nsources ? d->sources[0].path : "";
    if (!text_decode(path, strlen(path), t))
        return NULL;
    for (size_t i = 0; i < t->len; i++)
        if (t->buf[i] == '\n')
            t->buf[i] = ' ';
    return t->buf;
}

int screen_run(doc *d, const options *o)
{
    return screen_run_loading(d, NULL, o, NULL, NULL);
}

int screen_run_loading(doc *d, struct loader *l, const options *o, status *load_status,
                       format_report *load_report)
{
    screen_load ld = {.l = l, .preview = l ? d : NULL, .st = ST_OK};
    char err[160];
    const char *term_note, *o_note = o->startup_note;
    if (!screen_init(o, err, sizeof err, &term_note)) {
        screen_teardown();
        fprintf(stderr, "duet: %s\n", err);
        loader_abandon(ld.l);
        doc_free(ld.preview);
        return 1;
    }
    screen_init_colours(o->no_color);
    text_decoded name = {0};
    reader *r = reader_new(d, screen_name(d, &name), &screen_tw, COLS, LINES, screen_mode_of(o));
    if (!r) {
        screen_teardown();
        text_decoded_free(&name);
        fprintf(stderr, "duet: %s\n", status_message(ST_NO_MEMORY));
        loader_abandon(ld.l);
        doc_free(ld.preview);
        return 1;
    }
    char state_file[STATE_PATH_MAX], resumed[96] = "", found[READER_MESSAGE_MAX] = "";
    screen_state_path(o, state_file);
    uint64_t doc_key = 0;
    if (ld.l) { /* a preview: what needs the whole waits for it (screen_swap) */
        r->loading = true;
        screen_load_fd = loader_fd(ld.l);
    } else {
        if (o->segment > 0) /* the segment's own number: before the filter counts */
            reader_apply(r, ACTION_GOTO_SEGMENT, o->segment);
        size_t unknown; /* main checked the names */
        reader_select_speakers(r, o->speakers, o->nspeakers, &unknown);
        doc_key = state_file[0] ? state_key(d) : 0;
        screen_resume(r, o, state_file, doc_key, resumed, sizeof resumed);
        if (o->search && o->search[0]) { /* among the speakers shown; says when not found */
            reader_search(r, o->search);
            memcpy(found, r->message, sizeof found); /* under 90 bytes: find.c cuts patterns */
        }
    }
    const char *said = found[0] ? found : resumed; /* --search does not resume */
    if (!o_note)
        o_note = term_note; /* the locale's note, else the terminal's */
    if (o_note || said[0]) /* both: the locale (or terminal) first */
        snprintf(r->message, sizeof r->message, "%.64s%s%.90s", o_note ? o_note : "",
                 o_note && said[0] ? "; " : "", said);
    bool dirty = true, prepared = false;
    int errors = 0;
    long deadline = -1; /* when a lone digit stops waiting for a count's key */
    while (!r->quit && !screen_signal) {
        if (ld.l && loader_done(ld.l)) {
            r = screen_swap(r, &ld, o, state_file, &doc_key);
            int wait = reader_key_wait_ms(r);
            deadline = wait < 0 ? -1 : screen_now_ms() + wait;
            dirty = true;
            if (r->quit)
                break;
        }
        if (r->suspend) {
            r->suspend = false;
            screen_suspend();
            reader_resize(r, COLS, LINES);
            dirty = true;
        }
        if (r->redraw) {
            r->redraw = false;
            clearok(curscr, TRUE);
            dirty = true;
        }
        if (dirty)
            screen_draw(r);
        dirty = false;
        if (ld.l && !ld.going) { /* the first screen is out: now the whole */
            loader_go(ld.l);
            ld.going = true;
        }
        if (!prepared && !ld.l) { /* the first screen is out: fold for search meanwhile */
            reader_prepare_search(r);
            prepared = true;
        }
        /* No timer at all unless a digit is pending (quiet over SSH). */
        long left = deadline < 0 ? -1 : deadline - screen_now_ms();
        wint_t ch;
        bool gone;
        int rc = screen_get_key(&ch, deadline < 0 ? -1 : left > 0 ? (int)left : 0, &gone);
        if (rc == ERR && deadline >= 0 && screen_now_ms() >= deadline) {
            view_state before = screen_view(r);
            deadline = -1;
            reader_key_timeout(r);
            view_state after = screen_view(r);
            dirty = !screen_view_same(&before, &after) || r->redraw;
            continue;
        }
        if (rc == ERR) { /* a signal, part of a key, the load, or the terminal went away */
            if (gone && ++errors > 100)
                break;
            continue;
        }
        errors = 0;
        if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
            reader_resize(r, COLS, LINES);
            dirty = true;
            continue;
        }
        if (rc == OK && screen_drop_report(ch))
            continue;
        bool mouse = rc == KEY_CODE_YES && ch == KEY_MOUSE;
        int key = mouse ? 0 : screen_key(ch, rc == KEY_CODE_YES);
        if (key < 0)
            continue;
        if (mouse && ld.l) { /* loading: the wheel scrolls the preview, clicks wait for nothing */
            int rows = screen_wheel(), step = rows > 0 ? 'j' : 'k';
            view_state before = screen_view(r);
            for (int i = 0; i < abs(rows); i++)
                screen_loading_key(r, &ld, step);
            view_state after = screen_view(r);
            dirty = !screen_view_same(&before, &after);
            continue;
        }
        view_state before = screen_view(r);
        if (ld.l) {
            screen_loading_key(r, &ld, key);
        } else if (mouse) {
            screen_mouse(r);
        } else {
            reader_key(r, key);
            int wait = reader_key_wait_ms(r);
            deadline = wait < 0 ? -1 : screen_now_ms() + wait;
        }
        if (r->copy) {
            r->copy = false;
            screen_copy(r);
        }
        view_state after = screen_view(r);
        dirty = !screen_view_same(&before, &after) || r->redraw;
    }
    int sig = screen_signal;
    screen_teardown();
    if (!ld.l && !ld.preview) /* a preview's place is not the transcript's */
        screen_remember(r, state_file, doc_key);
    reader_free(r);
    text_decoded_free(&name);
    loader_abandon(ld.l); /* q while loading: the load is left behind */
    screen_load_fd = -1;
    doc_free(ld.preview);
    doc_free(ld.whole);
    if (load_status)
        *load_status = ld.st;
    if (load_report)
        *load_report = ld.rep;
    if (ld.st != ST_OK)
        return status_exit_code(ld.st);
    return sig ? 128 + sig : 0;
}
