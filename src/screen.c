/* screen — the terminal: its modes and strings, keys read and decoded into
 * the session's events, each frame drawn by its differences, suspending,
 * and signals. The only file that includes curses — for terminfo, the
 * terminal's own strings; it knows nothing of transcripts.
 *
 * duet drives the terminal itself; curses' screens are never set up. Its
 * modes are set with termios (raw: every key a key, no echo, no signals
 * from keys; output processing as it was), saved once before and put back
 * by one teardown on every way out. The strings that take the terminal and
 * give it back (alternate screen, keypad, mouse reporting, bracketed
 * paste) come from terminfo. Keys are read from the terminal and decoded
 * by ttyin, whose bounds hold for any bytes: ncurses 6.4's decoding of
 * mouse reports overflows its stack on a report of 34 parameters, and its
 * screens (three of the terminal's size) made memory follow the size of
 * the terminal (7.4 GB at 30000x3000).
 *
 * Signals. Handlers only set a flag and write a byte to a pipe that the
 * loop polls along with the keys, so no signal waits for the next key and
 * none slips in between a look at the flags and the wait:
 *   - SIGWINCH: a resize event; SIGTSTP: a suspend, as Ctrl-Z does;
 *     SIGCONT: the modes set again and the screen drawn whole (after a
 *     SIGSTOP, whoever ran meanwhile may have changed both);
 *   - every signal whose default action ends the process and that can be
 *     caught (SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1/2, SIGPIPE, SIGALRM,
 *     the real-time ones …): the loop ends, the teardown gives the terminal
 *     back, the session remembers the place, and then the signal is raised
 *     again with its default action (screen_reraise), so that whoever waits
 *     sees what ended duet;
 *   - a fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS) or an
 *     abort() of duet's own can wait for no loop: the handler writes the
 *     bytes that give the terminal back (built beforehand) and restores its
 *     modes — both async-signal-safe — then lets the signal take its
 *     course (no place is saved). Sent by another process, they end duet
 *     like the signals above.
 * Suspending and taking the terminal back run with signals blocked, and
 * the modes are set with tcsetattr retried when a signal interrupts it, so
 * a burst of SIGTSTP and SIGCONT leaves the terminal as it was found.
 */
#include "screen.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h> /* setupterm, del_curterm; its capability macros are not used */
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "action.h"
#include "paint.h"
#include "text.h"
#include "ttyin.h"

const char *screen_curses_version(void) { return curses_version(); }

/* ---- the terminal ------------------------------------------------------------------ */

#define SCREEN_SEQ_MAX 512 /* bytes of the strings that take or give back the terminal */

typedef struct screen_seq {
    char b[SCREEN_SEQ_MAX];
    size_t n;
} screen_seq;

/* The terminal duet has; one, for the life of the process (the signal
 * handlers read it). */
static struct {
    int in;                  /* where keys come from: standard input or /dev/tty */
    int tty_fd;              /* /dev/tty when opened, else -1 */
    struct termios saved;    /* its modes before duet: given back on every way out */
    bool saved_ok;
    bool opened;             /* screen_open ran: screen_close has work */
    bool mouse;              /* mouse reporting is asked for */
    int rows, cols;          /* its size */
    screen_seq enter;        /* what takes it: alternate screen, keypad, mouse, paste */
    screen_seq leave[2];     /* what gives it back, for the current size ([screen_leave_at]) */
    paint *painter;          /* draws the frames (paint.h) */
    ttyin *keys;             /* decodes what it sends (ttyin.h) */
    text_widths tw;          /* its widths: the option, or its answer */
    paint_glyphs glyphs;
    session_event early[64]; /* keys typed while start-up asked it a question */
    size_t nearly, early_at; /* (early[early_at, nearly) not handed over yet) */
} scr = {.in = -1, .tty_fd = -1};

static volatile sig_atomic_t screen_active;   /* the terminal is duet's: raw, alternate screen */
static volatile sig_atomic_t screen_leave_at; /* which of scr.leave is current */

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

/* Sets the terminal's modes, again when a signal interrupts the wait for
 * output to drain (the race a burst of signals would otherwise win). */
static bool screen_set_modes(const struct termios *t)
{
    while (tcsetattr(STDOUT_FILENO, TCSADRAIN, t) != 0)
        if (errno != EINTR)
            return false;
    return true;
}

/* Raw modes from the saved ones: each key a key (no line editing, no
 * echo, no signals or flow control from keys, CR as it is), 8-bit input;
 * output processing as it was (the painter asks whether LF is CR LF). */
static void screen_raw_modes(void)
{
    struct termios t = scr.saved;
    t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    screen_set_modes(&t);
}

/* Takes the terminal: raw modes, then the strings that take it. */
static void screen_enter(void)
{
    screen_raw_modes();
    screen_write(scr.enter.b, scr.enter.n);
    screen_active = 1;
}

/* Gives it back: the strings, then the modes it had. */
static void screen_leave(void)
{
    if (!screen_active)
        return;
    const screen_seq *l = &scr.leave[screen_leave_at];
    screen_write(l->b, l->n);
    if (scr.saved_ok)
        screen_set_modes(&scr.saved);
    screen_active = 0;
}

/* ---- terminfo ------------------------------------------------------------------------ */

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

/* terminfo's string for name, or NULL. */
static const char *screen_str(const char *name)
{
    const char *s = tigetstr(name);
    return s == NULL || s == (char *)-1 ? NULL : s;
}

/* terminfo's string for name, unpadded, or NULL. The copies live as long
 * as the process. */
static const char *screen_cap(const char *name)
{
    static char pool[4096];
    static size_t used;
    const char *s = screen_str(name);
    if (s == NULL)
        return NULL;
    if (used + strlen(s) + 1 > sizeof pool)
        return s; /* more than any terminal has: padding and all */
    const char *copy = pool + used;
    used += screen_unpad(s, pool + used, sizeof pool - used) + 1;
    return copy;
}

/* Appends s (unpadded; NULL adds nothing) to q. */
static void screen_seq_add(screen_seq *q, const char *s)
{
    if (s)
        q->n += screen_unpad(s, q->b + q->n, sizeof q->b - q->n);
}

/* Appends parametrized string `name` with a and b, when the terminal has it. */
static void screen_seq_param(screen_seq *q, const char *name, int a, int b)
{
    const char *s = screen_str(name);
    if (s)
        screen_seq_add(q, tiparm(s, a, b));
}

/* Mouse reporting on or off, as ncurses would ask for it: terminfo's XM
 * (xterm's: SGR reports, ?1006;1000), else button reports (?1000) where the
 * terminal reports the mouse at all (kmous). */
static void screen_seq_mouse(screen_seq *q, bool on)
{
    const char *xm = screen_str("XM");
    if (xm)
        screen_seq_add(q, tiparm(xm, on ? 1 : 0));
    else if (screen_str("kmous"))
        screen_seq_add(q, on ? "\033[?1000h" : "\033[?1000l");
}

/* Bracketed paste on or off: terminfo's BE and BD, else xterm's ?2004 where
 * the terminal is one that reports the mouse (its family has it; others
 * ignore the mode). */
static void screen_seq_paste(screen_seq *q, bool on)
{
    const char *s = screen_str(on ? "BE" : "BD");
    if (s)
        screen_seq_add(q, s);
    else if (screen_str("kmous"))
        screen_seq_add(q, on ? "\033[?2004h" : "\033[?2004l");
}

/* What takes the terminal: the alternate screen, the keypad's keys, mouse
 * reporting, bracketed paste. */
static void screen_build_enter(void)
{
    screen_seq *q = &scr.enter;
    q->n = 0;
    screen_seq_add(q, screen_str("smcup"));
    screen_seq_add(q, screen_str("smkx"));
    if (scr.mouse)
        screen_seq_mouse(q, true);
    screen_seq_paste(q, true);
}

/* What gives it back at the current size: the whole screen as scroll
 * region, attributes off, the cursor shown on the last row, paste and
 * mouse off, the keypad and the normal screen back. Written into the
 * buffer not in use, then made current, so that the fault handler always
 * finds a whole one. */
static void screen_build_leave(void)
{
    screen_seq *q = &scr.leave[!screen_leave_at];
    q->n = 0;
    if (scr.rows > 0)
        screen_seq_param(q, "csr", 0, scr.rows - 1);
    screen_seq_add(q, screen_str("sgr0"));
    screen_seq_add(q, screen_str("cnorm"));
    if (scr.rows > 0)
        screen_seq_param(q, "cup", scr.rows - 1, 0);
    screen_seq_paste(q, false);
    if (scr.mouse)
        screen_seq_mouse(q, false);
    screen_seq_add(q, screen_str("rmkx"));
    screen_seq_add(q, screen_str("rmcup"));
    screen_leave_at = !screen_leave_at;
}

/* The terminal's size: the kernel's, else LINES and COLUMNS, else
 * terminfo's, else 80x24. */
static void screen_size(void)
{
    struct winsize ws;
    int r = 0, c = 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
        r = ws.ws_row;
        c = ws.ws_col;
    }
    const char *env;
    if (r <= 0 && (env = getenv("LINES")))
        r = atoi(env);
    if (c <= 0 && (env = getenv("COLUMNS")))
        c = atoi(env);
    if (r <= 0)
        r = tigetnum("lines");
    if (c <= 0)
        c = tigetnum("cols");
    scr.rows = r > 0 ? r : 24;
    scr.cols = c > 0 ? c : 80;
}

/* ---- signals -------------------------------------------------------------------------- */

static volatile sig_atomic_t screen_ending;    /* the signal that ends duet, 0: none */
static volatile sig_atomic_t screen_stopping;  /* SIGTSTP: stop as Ctrl-Z does */
static volatile sig_atomic_t screen_continued; /* SIGCONT: take the terminal again */
static volatile sig_atomic_t screen_resized;   /* SIGWINCH */
static int screen_wake[2] = {-1, -1};          /* the handlers write here, the loop polls */

/* Faults, and abort(): given back in the handler itself. */
static const int screen_faults[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};
#define SCREEN_NFAULTS (sizeof screen_faults / sizeof *screen_faults)
static struct sigaction screen_fault_next[SCREEN_NFAULTS]; /* what handled them before */

/* The other signals whose default action ends the process (the
 * real-time ones besides). */
static const int screen_enders[] = {
    SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF,
    SIGXCPU, SIGXFSZ, SIGIO,
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
};

/* In a fault's handler: the bytes that give the terminal back, and its
 * modes. Only async-signal-safe calls. */
static void screen_emergency(void)
{
    if (!screen_active)
        return;
    screen_active = 0;
    const screen_seq *l = &scr.leave[screen_leave_at];
    if (write(STDOUT_FILENO, l->b, l->n) < 0) {
        /* nothing more to do in a handler */
    }
    if (scr.saved_ok)
        tcsetattr(STDOUT_FILENO, TCSANOW, &scr.saved);
}

static void screen_on_signal(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    int saved = errno;
    for (size_t i = 0; i < SCREEN_NFAULTS; i++) {
        if (sig != screen_faults[i])
            continue;
        bool fault = si && si->si_code > 0; /* the kernel's: a bad address, instruction … */
        bool own = si && (si->si_code == SI_USER || si->si_code == SI_TKILL) && si->si_pid == getpid();
        if (!fault && !own)
            break; /* sent by another process: ends duet as the others do */
        screen_emergency();
        sigaction(sig, &screen_fault_next[i], NULL); /* the default, or a sanitizer's */
        if (!fault)
            raise(sig); /* delivered as the handler returns */
        errno = saved;
        return; /* a fault happens again, now handled as before */
    }
    switch (sig) {
    case SIGTSTP: screen_stopping = 1; break;
    case SIGCONT: screen_continued = 1; break;
    case SIGWINCH: screen_resized = 1; break;
    default:
        if (!screen_ending)
            screen_ending = sig;
        break;
    }
    if (screen_wake[1] >= 0 && write(screen_wake[1], "s", 1) < 0) {
        /* full: a wake-up is pending anyway */
    }
    errno = saved;
}

/* Installs the handler for sig (keeping what handled it before in *old,
 * if old). No SA_RESTART: a wait the signal interrupts returns. */
static void screen_catch(int sig, struct sigaction *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = screen_on_signal;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask); /* one handler at a time */
    sigaction(sig, &sa, old);
}

static void screen_signals(void)
{
    for (size_t i = 0; i < SCREEN_NFAULTS; i++)
        screen_catch(screen_faults[i], &screen_fault_next[i]);
    for (size_t i = 0; i < sizeof screen_enders / sizeof *screen_enders; i++)
        screen_catch(screen_enders[i], NULL);
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        screen_catch(sig, NULL);
    screen_catch(SIGTSTP, NULL);
    screen_catch(SIGCONT, NULL);
    screen_catch(SIGWINCH, NULL);
}

/* Blocks every signal but the faults, and SIGTTIN and SIGTTOU (a duet in
 * the background stops at its first touch of the terminal, as it should),
 * saving the mask in *old. */
static void screen_block(sigset_t *old)
{
    sigset_t all;
    sigfillset(&all);
    sigdelset(&all, SIGTTIN);
    sigdelset(&all, SIGTTOU);
    for (size_t i = 0; i < SCREEN_NFAULTS; i++)
        sigdelset(&all, screen_faults[i]);
    pthread_sigmask(SIG_BLOCK, &all, old);
}

void screen_reraise(int sig)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    raise(sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
}

/* ---- teardown -------------------------------------------------------------------------- */

void screen_close(void)
{
    if (scr.opened) {
        sigset_t old;
        screen_block(&old);
        screen_leave();
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        scr.opened = false;
    }
    paint_free(scr.painter);
    scr.painter = NULL;
    ttyin_free(scr.keys);
    scr.keys = NULL;
    if (scr.tty_fd >= 0) {
        close(scr.tty_fd);
        scr.tty_fd = -1;
    }
    if (cur_term) {
        del_curterm(cur_term);
        cur_term = NULL;
    }
}

/* ---- drawing ----------------------------------------------------------------------------- */

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
        .xenl = tigetflag("xenl") > 0, .format = screen_format, .glyphs = scr.glyphs,
        .widths = scr.tw,
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
    const char *b = paint_frame(scr.painter, f, &n);
    if (b)
        screen_write(b, n);
    else
        paint_forget(scr.painter); /* out of memory: drawn whole next time */
}

/* ---- keys and the mouse ------------------------------------------------------------------ */

#define SCREEN_WHEEL_ROWS 3

/* The keys terminfo knows for the keys duet uses. */
static const struct {
    const char *cap;
    int key;
} screen_key_caps[] = {
    {"kcud1", ACTION_KEY_DOWN}, {"kcuu1", ACTION_KEY_UP},    {"kcub1", ACTION_KEY_LEFT},
    {"kcuf1", ACTION_KEY_RIGHT}, {"knp", ACTION_KEY_PGDN},   {"kpp", ACTION_KEY_PGUP},
    {"khome", ACTION_KEY_HOME}, {"kend", ACTION_KEY_END},    {"kf1", ACTION_KEY_F1},
    {"kbs", ACTION_KEY_BACKSPACE}, {"kent", ACTION_KEY_ENTER}, {"kdch1", ACTION_KEY_DELETE},
};
#define SCREEN_NKEYS (sizeof screen_key_caps / sizeof *screen_key_caps)

/* The decoder, with terminfo's key strings and ESCDELAY. */
static ttyin *screen_keys_new(void)
{
    ttyin_binding b[SCREEN_NKEYS];
    for (size_t i = 0; i < SCREEN_NKEYS; i++)
        b[i] = (ttyin_binding){screen_str(screen_key_caps[i].cap), screen_key_caps[i].key};
    const char *delay = getenv("ESCDELAY");
    char *end;
    long ms = delay ? strtol(delay, &end, 10) : -1;
    if (!delay || *end || ms < 0 || ms > 10000)
        ms = -1;
    return ttyin_new(b, SCREEN_NKEYS, (int)ms);
}

/* The session's event for a decoded one; false for what the session does
 * not take (a mouse release or motion, a late cursor report). */
static bool screen_event(const ttyin_event *t, session_event *ev)
{
    switch (t->kind) {
    case TTYIN_KEY:
        *ev = (session_event){.kind = SESSION_KEY, .key = t->key};
        return true;
    case TTYIN_PASTE:
        *ev = (session_event){.kind = SESSION_PASTE, .text = t->text, .len = t->len};
        return true;
    case TTYIN_MOUSE: {
        int b = t->button & ~(4 | 8 | 16); /* modifiers */
        *ev = (session_event){.kind = SESSION_MOUSE, .x = t->x, .y = t->y};
        if (b == 64)
            ev->wheel = -SCREEN_WHEEL_ROWS;
        else if (b == 65)
            ev->wheel = SCREEN_WHEEL_ROWS;
        else if (b != 0 || t->release)
            return false; /* other buttons, releases, motion */
        return true;
    }
    case TTYIN_CURSOR: return false; /* an answer that came too late */
    }
    return false;
}

/* ---- asking the terminal how wide ambiguous characters are --------------------------- */

static long screen_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Asks the terminal once how wide it draws ambiguous characters: “
 * (U+201C, East Asian ambiguous) is drawn at the top left of the cleared
 * screen — the first frame, a full repaint, covers it — and one cursor
 * position query (ESC [ 6 n, terminfo's u7) asks where the cursor went:
 * column 3 means two cells. The answer is awaited SCREEN_ASK_MS at most:
 * one round trip over SSH, never more; no answer, or a strange one, means
 * one cell. Keys typed meanwhile are kept for the loop (a paste is not);
 * an answer arriving after the wait is decoded as what it is and ignored,
 * never taken for keys. */
#define SCREEN_ASK_MS 200

static bool screen_ask_ambiguous_wide(void)
{
    const char *u7 = screen_str("u7");
    if (u7 == NULL) /* the terminal answers no such question */
        return false;
    screen_seq q = {.n = 0};
    screen_seq_add(&q, screen_str("clear"));
    screen_seq_add(&q, "\xE2\x80\x9C"); /* “ */
    screen_seq_add(&q, "\033[6n");
    if (!screen_write(q.b, q.n))
        return false;
    int col = -1;
    long deadline = screen_now_ms() + SCREEN_ASK_MS;
    while (col < 0) {
        long left = deadline - screen_now_ms();
        struct pollfd p = {scr.in, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            break;
        char buf[256];
        ssize_t k = read(scr.in, buf, sizeof buf);
        if (k <= 0 || !ttyin_feed(scr.keys, buf, (size_t)k))
            break;
        ttyin_event t;
        while (ttyin_next(scr.keys, &t)) {
            if (t.kind == TTYIN_CURSOR && col < 0)
                col = t.col;
            else if (t.kind != TTYIN_PASTE && scr.nearly < sizeof scr.early / sizeof *scr.early &&
                     screen_event(&t, &scr.early[scr.nearly]))
                scr.nearly++;
        }
    }
    return col == 3;
}

/* ---- opening the terminal -------------------------------------------------------------- */

/* TERM as an error message may show it: printable ASCII, cut short. */
static const char *screen_term_shown(const char *term, char buf[48])
{
    size_t n = 0;
    for (; term[n] && n < 40; n++)
        buf[n] = term[n] > ' ' && term[n] < 0x7F ? term[n] : '?';
    snprintf(buf + n, 48 - n, "%s", term[n] ? "..." : "");
    return buf;
}

/* The self-pipe, both ends non-blocking and closed on exec. */
static bool screen_wake_pipe(void)
{
    if (screen_wake[0] >= 0)
        return true;
    if (pipe(screen_wake) != 0)
        return false;
    for (int i = 0; i < 2; i++) {
        fcntl(screen_wake[i], F_SETFL, fcntl(screen_wake[i], F_GETFL) | O_NONBLOCK);
        fcntl(screen_wake[i], F_SETFD, FD_CLOEXEC);
    }
    return true;
}

bool screen_open(const options *o, screen_info *si, char *err, size_t cap)
{
    memset(si, 0, sizeof *si);
    scr.in = STDIN_FILENO;
    if (!isatty(STDIN_FILENO)) { /* the transcript came on standard input */
        scr.tty_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (scr.tty_fd < 0) {
            snprintf(err, cap, "cannot use the terminal: /dev/tty: %s", strerror(errno));
            return false;
        }
        scr.in = scr.tty_fd;
    }
    const char *term = getenv("TERM");
    char shown[48];
    if (!term || !*term) {
        snprintf(err, cap, "TERM is not set: which terminal is this? (try TERM=xterm-256color)");
        return false;
    }
    int e = 0;
    if (setupterm(term, STDOUT_FILENO, &e) != OK) {
        if (e == -1)
            snprintf(err, cap, "no terminfo database found for '%s' (TERM)", screen_term_shown(term, shown));
        else
            snprintf(err, cap, "unknown terminal type '%s' (TERM): no terminfo entry for it",
                     screen_term_shown(term, shown));
        return false;
    }
    if (!screen_str("cup")) {
        snprintf(err, cap, "terminal type '%s' (TERM) cannot move the cursor",
                 screen_term_shown(term, shown));
        return false;
    }
    if (tcgetattr(STDOUT_FILENO, &scr.saved) != 0) {
        snprintf(err, cap, "cannot use the terminal: %s", strerror(errno));
        return false;
    }
    scr.saved_ok = true;
    scr.keys = screen_keys_new();
    if (!scr.keys || !screen_wake_pipe()) {
        snprintf(err, cap, "%s", "out of memory");
        return false;
    }
    scr.opened = true;
    static bool registered;
    if (!registered) /* exit() anywhere gives the terminal back */
        registered = atexit(screen_close) == 0;
    screen_signals();
    scr.glyphs = !text_locale_utf8()             ? PAINT_GLYPHS_ASCII
                 : strncmp(term, "linux", 5) == 0 ? PAINT_GLYPHS_NARROW
                                                  : PAINT_GLYPHS_ALL;
    if (scr.glyphs == PAINT_GLYPHS_NARROW)
        si->note = "the Linux console draws no wide characters: they show as []";
    /* Mouse reports where the terminal has them (on the Linux console:
     * gpm's, when gpm runs). */
    scr.mouse = !o->no_mouse;
    screen_size();
    screen_build_enter();
    screen_build_leave();
    screen_enter();
    scr.tw.ambiguous_wide = o->ambiguous == OPT_AMBIGUOUS_WIDE ||
                            (o->ambiguous == OPT_AMBIGUOUS_DETECT && scr.glyphs != PAINT_GLYPHS_ASCII &&
                             screen_ask_ambiguous_wide());
    scr.painter = screen_paint_new(o->no_color);
    if (!scr.painter) {
        snprintf(err, cap, "%s", "out of memory");
        return false;
    }
    si->clipboard = screen_str("Ms") != NULL; /* the clipboard escape (OSC 52), where it is known */
    si->term = term;
    si->widths = scr.tw;
    si->width = scr.cols;
    si->height = scr.rows;
    return true;
}

/* ---- the loop --------------------------------------------------------------------------- */

/* Ctrl-Z or SIGTSTP: gives the terminal back, stops, and takes it again
 * when continued. Signals stay blocked but for the stop itself, so that
 * none lands between giving back and stopping, or between continuing and
 * taking the terminal again. */
static void screen_suspend(void)
{
    sigset_t old, tstp;
    screen_block(&old);
    screen_leave();
    struct sigaction dfl, ours;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &ours);
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    raise(SIGTSTP);                            /* pending: blocked */
    pthread_sigmask(SIG_UNBLOCK, &tstp, NULL); /* stops here (or nothing, for an orphan) */
    pthread_sigmask(SIG_BLOCK, &tstp, NULL);
    sigaction(SIGTSTP, &ours, NULL);
    screen_stopping = 0;
    screen_enter();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* The size may have changed: the session hears of it, and the frame is
 * drawn whole. */
static void screen_resize(session *s)
{
    screen_size();
    sigset_t old;
    screen_block(&old);
    screen_build_leave();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    session_handle(s, &(session_event){.kind = SESSION_RESIZE, .width = scr.cols, .height = scr.rows});
}

/* Reads what the terminal sent into the decoder; false when the terminal
 * is gone. */
static bool screen_read_keys(void)
{
    char buf[4096];
    ssize_t k = read(scr.in, buf, sizeof buf);
    if (k < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (k <= 0)
        return false; /* hung up */
    ttyin_feed(scr.keys, buf, (size_t)k); /* (out of memory: the bytes are lost) */
    return true;
}

/* The next event the decoder has made of what was read, into *ev. */
static bool screen_next_event(session_event *ev)
{
    if (scr.early_at < scr.nearly) { /* keys typed during start-up */
        *ev = scr.early[scr.early_at++];
        return true;
    }
    ttyin_event t;
    while (ttyin_next(scr.keys, &t))
        if (screen_event(&t, ev))
            return true;
    return false;
}

int screen_run(session *s)
{
    bool repaint = true;
    long deadline = -1;      /* when the session's timer is due */
    long keys_deadline = -1; /* when what the decoder holds stops waiting for more */
    unsigned long drawn = 0;
    while (!screen_ending) {
        session_requests rq = session_take(s);
        if (rq.quit)
            break;
        if (rq.out_len && !screen_write(rq.out, rq.out_len))
            session_output_failed(s);
        if (screen_stopping || rq.suspend) {
            screen_stopping = 0;
            screen_suspend();
            screen_resize(s);
            repaint = true;
        }
        if (screen_continued) { /* after a SIGSTOP the modes and the screen may be anyone's */
            screen_continued = 0;
            sigset_t old;
            screen_block(&old);
            screen_enter();
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            repaint = true;
        }
        if (screen_resized) {
            screen_resized = 0;
            screen_resize(s);
            repaint = true;
        }
        /* Every event read is handled before the next frame: a burst of
         * keys draws once. A paste's text is valid until the next call on
         * the decoder, after the session has taken it. */
        session_event ev;
        if (screen_next_event(&ev)) {
            repaint |= ev.kind == SESSION_RESIZE;
            session_handle(s, &ev);
            deadline = -1;
            continue;
        }
        repaint |= rq.repaint;
        if (repaint)
            paint_forget(scr.painter);
        if (repaint || session_changes(s) != drawn) {
            const frame *f = session_frame(s);
            if (f)
                screen_draw(f);
            drawn = session_changes(s);
            repaint = false;
            session_idle(s);
        }
        long now = screen_now_ms();
        int wait = session_wait_ms(s), keys_wait = ttyin_wait_ms(scr.keys);
        if (wait < 0)
            deadline = -1;
        else if (deadline < 0)
            deadline = now + wait;
        if (keys_wait < 0)
            keys_deadline = -1;
        else if (keys_deadline < 0)
            keys_deadline = now + keys_wait;
        long until = deadline;
        if (keys_deadline >= 0 && (until < 0 || keys_deadline < until))
            until = keys_deadline;
        int load_fd = session_load_fd(s);
        struct pollfd p[3] = {{scr.in, POLLIN, 0}, {screen_wake[0], POLLIN, 0}, {load_fd, POLLIN, 0}};
        int n = poll(p, load_fd >= 0 ? 3 : 2, until < 0 ? -1 : until > now ? (int)(until - now) : 0);
        if (n < 0)
            continue; /* a signal: its flag is looked at above */
        if (p[1].revents & POLLIN) {
            char buf[64];
            while (read(screen_wake[0], buf, sizeof buf) > 0) {
            }
        }
        if (p[0].revents & POLLNVAL)
            break;
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (!screen_read_keys())
                break; /* the terminal is gone */
            keys_deadline = -1; /* more came: the wait starts again */
            continue;
        }
        now = screen_now_ms();
        if (keys_deadline >= 0 && now >= keys_deadline) { /* an Esc alone, or a sequence cut */
            keys_deadline = -1;
            ttyin_timeout(scr.keys);
        }
        if (deadline >= 0 && now >= deadline) {
            deadline = -1;
            session_handle(s, &(session_event){.kind = SESSION_TIMER});
        }
        if (load_fd >= 0 && (p[2].revents & POLLIN))
            session_handle(s, &(session_event){.kind = SESSION_LOADED});
    }
    return screen_ending ? 128 + screen_ending : 0;
}
