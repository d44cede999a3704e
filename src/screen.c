/* screen — the terminal: set-up and teardown, keys and the mouse read
 * once into the session's events, and each frame drawn on the terminal.
 * The only file that includes curses; it knows nothing of transcripts.
 *
 * Teardown (endwin) runs once whatever the exit: q, the end of input,
 * SIGINT, SIGTERM or SIGHUP (whose handlers only set a flag), or exit()
 * anywhere (atexit). Ctrl-Z leaves curses mode, stops, and redraws on fg.
 * The loop waits for keys in poll(), with a pipe that SIGWINCH writes to,
 * so that no resize waits for the next key (screen_get_key).
 */
#include "screen.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "action.h"
#include "paint.h"
#include "text.h"

const char *screen_curses_version(void) { return curses_version(); }

/* ---- set-up and teardown ------------------------------------------------------ */

static volatile sig_atomic_t screen_signal; /* the signal that asks us to leave */
static volatile sig_atomic_t screen_stop;   /* SIGTSTP from outside: stop as Ctrl-Z does */
static bool screen_active;                  /* between newterm and endwin */
static SCREEN *screen_term;
static FILE *screen_tty;                    /* keys, when not standard input */

static paint *screen_painter;               /* draws the frames (paint.h) */

static void screen_on_signal(int sig) { screen_signal = sig; }

static void screen_on_stop(int sig)
{
    (void)sig;
    screen_stop = 1;
}

/* Writes all n bytes to the terminal; false when it is gone. */
static bool screen_write(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t k = write(STDOUT_FILENO, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        s += k;
        n -= (size_t)k;
    }
    return true;
}


void screen_close(void)
{
    if (screen_painter) { /* the scroll region, attributes and cursor as they were */
        size_t n;
        const char *b = paint_leave(screen_painter, &n);
        if (b)
            screen_write(b, n);
        paint_free(screen_painter);
        screen_painter = NULL;
    }
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

/* SIGINT, SIGTERM and SIGHUP end the loop, SIGTSTP stops it as Ctrl-Z
 * does (set before newterm, so curses keeps its own stop handler, which
 * would repaint its screen, not ours, out): no SA_RESTART, so a blocked
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
    sa.sa_handler = screen_on_stop;
    sigaction(SIGTSTP, &sa, NULL);
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

/* get_wch, with curses' own screen marked as drawn first: get_wch would
 * otherwise repaint it (blank) over the painter's after a resize. */
static int screen_read(wint_t *ch)
{
    wnoutrefresh(stdscr);
    return get_wch(ch);
}

#define SCREEN_REST_MS 200 /* how long the rest of a character may take */

/* get_wch when input has come: waits for the rest of a character. */
static int screen_get_rest(wint_t *ch)
{
    timeout(SCREEN_REST_MS);
    int rc = screen_read(ch);
    timeout(0);
    return rc;
}

/* The next key (get_wch's result), waiting at most ms milliseconds (-1:
 * no limit) and while load_fd (if >= 0) is not readable. ERR when the time
 * ran out, a signal came, the load is in, or nothing complete arrived;
 * *gone when the terminal has hung up. */
static int screen_get_key(wint_t *ch, int ms, int load_fd, bool *gone)
{
    *gone = false;
    if (!screen_poll_input) {
        timeout(0);
        int rc = screen_read(ch);
        if (rc != ERR || ms == 0)
            return rc;
        timeout(load_fd >= 0 && (ms < 0 || ms > 50) ? 50 : ms); /* look at the load */
        return screen_read(ch);
    }
    /* Something typed, or a key ncurses holds back (pushed back, or the
     * rest of a sequence): get_wch with no wait would find it. But a
     * character whose first bytes have come and its last not yet (a
     * Chinese character typed over SSH, split between packets) must not be
     * read with no wait: get_wch then drops the bytes it has, and takes the
     * next ones for a broken character until its buffer is full. */
    struct pollfd p[3] = {{screen_in_fd, POLLIN, 0}, {screen_wake[0], POLLIN, 0},
                          {load_fd, POLLIN, 0}};
    if (poll(p, 1, 0) > 0)
        return screen_get_rest(ch);
    timeout(0);
    int rc = screen_read(ch);
    if (rc != ERR || ms == 0)
        return rc;
    int n = poll(p, load_fd >= 0 ? 3 : 2, ms);
    if (n <= 0 || (n == 1 && load_fd >= 0 && (p[2].revents & POLLIN)))
        return ERR; /* the time is up, a signal (the loop looks at its flag), the load is in */
    if (p[1].revents & POLLIN) {
        char buf[64];
        while (read(screen_wake[0], buf, sizeof buf) > 0) {
        }
    }
    *gone = (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
    if (!(p[0].revents & POLLIN)) {
        timeout(0);
        return screen_read(ch); /* KEY_RESIZE, or ERR */
    }
    return screen_get_rest(ch); /* a key, or ERR: only part of a sequence yet */
}

/* ---- drawing ----------------------------------------------------------------------- */

/* Frames are drawn by the painter (paint.h) from the terminal's own
 * strings, not by curses: only what differs is sent, rows that moved by
 * the terminal's scrolling. Curses keeps the keyboard, the mouse and the
 * terminal's modes; its own screen stays blank and untouched (screen_read
 * tells it so before every read, so that it never repaints over ours). */
static paint_glyphs screen_glyphs;
static text_widths screen_tw; /* the terminal's widths: the option, or its answer */

/* Copies s without its padding ("$<5>": delays for terminals of another
 * age, which tputs turns into waiting) into buf; its length. */
static size_t screen_unpad(const char *s, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; s[i] && n + 1 < cap; i++) {
        if (s[i] == '$' && s[i + 1] == '<') {
            size_t k = i + 2 + strspn(s + i + 2, "0123456789.*/");
            if (s[k] == '>') {
                i = k;
                continue;
            }
        }
        buf[n++] = s[i];
    }
    buf[n] = '\0';
    return n;
}

/* terminfo's string for name, unpadded, or NULL. The copies live as long
 * as the painter. */
static const char *screen_cap(const char *name)
{
    static char pool[4096];
    static size_t used;
    const char *s = tigetstr(name);
    if (s == NULL || s == (char *)-1)
        return NULL;
    if (used + strlen(s) + 1 > sizeof pool)
        return s; /* more than any terminal has: padding and all */
    const char *copy = pool + used;
    used += screen_unpad(s, pool + used, sizeof pool - used) + 1;
    return copy;
}

static const char *const screen_params[PAINT_PARAMS] = {
    [PAINT_CUP] = "cup", [PAINT_CSR] = "csr", [PAINT_SETAF] = "setaf", [PAINT_SETAB] = "setab",
    [PAINT_HPA] = "hpa", [PAINT_CUF] = "cuf", [PAINT_INDN] = "indn", [PAINT_RIN] = "rin",
};

static size_t screen_format(void *ctx, paint_param what, int a, int b, char *buf, size_t cap)
{
    const char *const *strs = ctx; /* the parametrized strings, unpadded */
    const char *t = strs[what] ? tiparm(strs[what], a, b) : NULL;
    return t && strlen(t) < cap ? screen_unpad(t, buf, cap) : 0;
}

/* The painter for this terminal: its strings, its colours (none with
 * no_color: --no-color or NO_COLOR), its glyphs. */
static paint *screen_paint_new(bool no_color)
{
    int colours = tigetnum("colors");
    struct termios tio;
    paint_term t = {
        .sgr0 = screen_cap("sgr0"), .bold = screen_cap("bold"), .dim = screen_cap("dim"),
        .rev = screen_cap("rev"), .smul = screen_cap("smul"), .sitm = screen_cap("sitm"),
        .op = screen_cap("op"), .el = screen_cap("el"), .clear = screen_cap("clear"),
        .civis = screen_cap("civis"), .cnorm = screen_cap("cnorm"), .ind = screen_cap("ind"),
        .ri = screen_cap("ri"), .cr = screen_cap("cr"), .am = tigetflag("am") > 0,
        .xenl = tigetflag("xenl") > 0, .format = screen_format, .glyphs = screen_glyphs,
        .widths = screen_tw,
    };
    t.lf_crlf = tcgetattr(STDOUT_FILENO, &tio) == 0 && (tio.c_oflag & OPOST) && (tio.c_oflag & ONLCR);
    static const char *strs[PAINT_PARAMS];
    for (int i = 0; i < PAINT_PARAMS; i++)
        t.has[i] = (strs[i] = screen_cap(screen_params[i])) != NULL;
    t.ctx = strs;
    if (!no_color && t.has[PAINT_SETAF] && t.has[PAINT_SETAB])
        t.depth = colours >= 256 ? PAINT_COLOURS_256 : colours >= 8 ? PAINT_COLOURS_8 : PAINT_COLOURS_NONE;
    return paint_new(&t);
}

/* Sends what turns the screen into frame f. */
static void screen_draw(const frame *f)
{
    size_t n;
    const char *b = paint_frame(screen_painter, f, &n);
    if (b)
        screen_write(b, n);
    else
        paint_forget(screen_painter); /* out of memory: drawn whole next time */
}

/* ---- keys and the mouse ------------------------------------------------------------- */

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

#define SCREEN_WHEEL_ROWS 3

/* A mouse event: the wheel (SCREEN_WHEEL_ROWS a notch) or a click; false
 * for anything else. */
static bool screen_mouse(session_event *ev)
{
    MEVENT m;
    if (getmouse(&m) != OK)
        return false;
    *ev = (session_event){.kind = SESSION_MOUSE, .x = m.x, .y = m.y};
    if (m.bstate & BUTTON4_PRESSED)
        ev->wheel = -SCREEN_WHEEL_ROWS;
    else if (m.bstate & BUTTON5_PRESSED)
        ev->wheel = SCREEN_WHEEL_ROWS;
    else if (!(m.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
        return false;
    return true;
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
    int rc = screen_read(c);
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
        int rc = screen_read(&next);
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
    size_t n;
    const char *b = paint_leave(screen_painter, &n);
    if (b)
        screen_write(b, n);
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
    refresh(); /* curses takes the screen again (its alternate screen, the keypad) */
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

/* ---- opening the terminal ---------------------------------------------------------- */

/* TERM as an error message may show it: printable ASCII, cut short. */
static const char *screen_term_shown(const char *term, char buf[48])
{
    size_t n = 0;
    for (; term[n] && n < 40; n++)
        buf[n] = term[n] > ' ' && term[n] < 0x7F ? term[n] : '?';
    snprintf(buf + n, 48 - n, "%s", term[n] ? "..." : "");
    return buf;
}

bool screen_open(const options *o, screen_info *si, char *err, size_t cap)
{
    FILE *in = stdin;
    memset(si, 0, sizeof *si);
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
    atexit(screen_close);
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
    leaveok(stdscr, TRUE);
    curs_set(0);
    screen_glyphs = !text_locale_utf8()                   ? PAINT_GLYPHS_ASCII
                    : strncmp(termname(), "linux", 5) == 0 ? PAINT_GLYPHS_NARROW
                                                           : PAINT_GLYPHS_ALL;
    if (screen_glyphs == PAINT_GLYPHS_NARROW)
        si->note = "the Linux console draws no wide characters: they show as []";
    screen_tw.ambiguous_wide = o->ambiguous == OPT_AMBIGUOUS_WIDE ||
                               (o->ambiguous == OPT_AMBIGUOUS_DETECT && screen_glyphs != PAINT_GLYPHS_ASCII &&
                                screen_ask_ambiguous_wide(fileno(in)));
    screen_swallow_late_reply();
    /* The Linux console's mouse is gpm's: without gpm's socket ncurses would
     * load libgpm only to fail (and leak in it). */
    bool linux_console = screen_glyphs == PAINT_GLYPHS_NARROW;
    bool mouse = !o->no_mouse && (!linux_console || access("/dev/gpmctl", F_OK) == 0);
    screen_watch_resizes(fileno(in), !(linux_console && mouse)); /* gpm has its own fd */
    if (mouse) { /* presses only, no motion: quiet over SSH; endwin turns it off */
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0); /* no waiting to tell a click from a press */
    }
    screen_painter = screen_paint_new(o->no_color);
    if (!screen_painter) {
        snprintf(err, cap, "%s", "out of memory");
        return false;
    }
    const char *ms = tigetstr("Ms"); /* the clipboard escape (OSC 52), where it is known */
    si->clipboard = ms != NULL && ms != (char *)-1;
    si->term = termname();
    si->widths = screen_tw;
    si->width = COLS;
    si->height = LINES;
    return true;
}

/* ---- the loop ----------------------------------------------------------------------- */

/* The next event, waiting at most ms (-1: no limit) and while load_fd is
 * not readable; false when none came (the time, a signal, the load, part
 * of a key, or *gone: the terminal hung up). */
static bool screen_next_event(session_event *ev, int ms, int load_fd, bool *gone)
{
    wint_t ch;
    int rc = screen_get_key(&ch, ms, load_fd, gone);
    if (rc == ERR)
        return false;
    if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
        *ev = (session_event){.kind = SESSION_RESIZE, .width = COLS, .height = LINES};
        return true;
    }
    if (rc == KEY_CODE_YES && ch == KEY_MOUSE)
        return screen_mouse(ev);
    if (rc == OK && screen_drop_report(ch))
        return false;
    int key = screen_key(ch, rc == KEY_CODE_YES);
    *ev = (session_event){.kind = SESSION_KEY, .key = key};
    return key >= 0;
}

int screen_run(session *s)
{
    bool repaint = true;
    int errors = 0;
    long deadline = -1; /* when the session's timer is due */
    unsigned long drawn = 0;
    while (!screen_signal) {
        session_requests rq = session_take(s);
        if (rq.quit)
            break;
        if (rq.out_len) { /* after whatever ncurses has buffered */
            fflush(stdout);
            if (write(STDOUT_FILENO, rq.out, rq.out_len) != (ssize_t)rq.out_len)
                session_output_failed(s);
        }
        if (screen_stop) {
            screen_stop = 0;
            rq.suspend = true;
        }
        if (rq.suspend) {
            screen_suspend();
            session_handle(s, &(session_event){.kind = SESSION_RESIZE, .width = COLS, .height = LINES});
            repaint = true;
        }
        repaint |= rq.repaint;
        if (repaint)
            paint_forget(screen_painter);
        if (repaint || session_changes(s) != drawn) {
            const frame *f = session_frame(s);
            if (f)
                screen_draw(f);
            drawn = session_changes(s);
            repaint = false;
            session_idle(s);
        }
        int wait = session_wait_ms(s);
        if (wait < 0)
            deadline = -1;
        else if (deadline < 0)
            deadline = screen_now_ms() + wait;
        long left = deadline < 0 ? -1 : deadline - screen_now_ms();
        session_event ev;
        bool gone;
        int load_fd = session_load_fd(s);
        if (screen_next_event(&ev, deadline < 0 ? -1 : left > 0 ? (int)left : 0, load_fd, &gone)) {
            errors = 0;
            repaint = ev.kind == SESSION_RESIZE; /* a new size: drawn whole */
            session_handle(s, &ev);
            deadline = -1;
        } else if (deadline >= 0 && screen_now_ms() >= deadline) {
            deadline = -1;
            session_handle(s, &(session_event){.kind = SESSION_TIMER});
        } else if (load_fd >= 0) {
            session_handle(s, &(session_event){.kind = SESSION_LOADED});
        } else if (gone && ++errors > 100) {
            break;
        }
    }
    return screen_signal ? 128 + screen_signal : 0;
}
