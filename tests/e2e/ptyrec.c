/* ptyrec — runs a command on a pseudo-terminal of a given size, types keys
 * into it one at a time, and counts the bytes the command writes to the
 * terminal in answer to each: what a slow SSH link would carry.
 *
 *   ptyrec [-j] [-o FILE] [-r REPLY [-d MS] [-k KEYS]] COLS ROWS KEY... -- COMMAND [ARG...]
 *
 * Prints "start N" (bytes of the first screen), then "KEY N" per key. A
 * key's answer is what arrives from its first byte until the output has
 * been quiet for a moment (the screen writes one update per key); a key
 * that changes nothing gets 0 after a longer quiet wait. KEY strings take
 * C escapes: \e \r \n \t \xNN. -o saves every byte written. -r plays a
 * terminal that answers a cursor position query (ESC [ 6 n) with REPLY
 * (C escapes too); without it such queries go unanswered. -d answers MS
 * milliseconds late, like a slow link; -k types KEYS (C escapes) when the
 * query arrives, before the answer: keys typed while a program waits.
 * -j runs COMMAND as a shell runs a job: in a process group of its own, in
 * the terminal's foreground, under a parent in the same session (so that
 * SIGTSTP stops it, as it would in a shell; without -j it is the session's
 * leader, whose stops the kernel discards); signals go to it, and the
 * parent ends as it ended.
 *
 * Special KEYs (for the hostile-input tests):
 *   @FILE     type the bytes of FILE (a flood of terminal answers …)
 *   !SIG      send signal SIG to it: a name (HUP, INT, QUIT, ABRT, USR1, USR2,
 *             PIPE, ALRM, TERM, TSTP, CONT, WINCH …) or a number (34: SIGRTMIN)
 *   &N        N pairs of SIGTSTP and SIGCONT, back to back, then what comes
 *   =COLSxROWS  resize the terminal (the kernel sends SIGWINCH)
 *   =storm    100 resizes within about a second, ending at the first size
 *   ?cpu      the CPU time (clock ticks) it used during a 2-second window
 *   ~MS:KEYS  type KEYS and go on to the next key MS milliseconds later,
 *             whatever came (a character split between two packets)
 * At the end it is sent SIGTERM (and SIGCONT) if still running, and "exit N" or
 * "signal N" says how it ended, after "tty sane" or "tty raw": the
 * terminal's modes as the program left them (canonical mode and echo),
 * "modes ..." the ones of icanon echo isig icrnl ixon that are on, and
 * "maxrss N" its peak resident memory in KiB (wait4's rusage), "ms N" the
 * milliseconds from its start to its end. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static FILE *save;
static bool as_job; /* -j */
static char reply[256];
static size_t reply_len;
static int reply_delay_ms;
static char early[256]; /* -k: typed before the reply */
static size_t early_len;

static size_t unescape(const char *s, char *out);

/* Reads what arrives within first_ms (for the first byte) and then until
 * quiet_ms pass with nothing; returns the byte count. */
static long drain(int fd, int first_ms, int quiet_ms)
{
    long total = 0;
    int wait = first_ms;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, wait);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return total;
        char buf[65536];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            return total;
        if (save)
            fwrite(buf, 1, (size_t)n, save);
        if (reply_len && memmem(buf, (size_t)n, "\033[6n", 4)) {
            if (early_len && write(fd, early, early_len) != (ssize_t)early_len)
                return total;
            if (reply_delay_ms)
                poll(NULL, 0, reply_delay_ms);
            if (write(fd, reply, reply_len) != (ssize_t)reply_len)
                return total;
        }
        total += n;
        wait = quiet_ms;
    }
}

static size_t unescape(const char *s, char *out)
{
    size_t n = 0;
    for (; *s; s++) {
        if (*s != '\\' || !s[1]) {
            out[n++] = *s;
            continue;
        }
        s++;
        switch (*s) {
        case 'e': out[n++] = 27; break;
        case 'r': out[n++] = '\r'; break;
        case 'n': out[n++] = '\n'; break;
        case 't': out[n++] = '\t'; break;
        case 'x': {
            unsigned v = 0;
            for (int i = 0; i < 2 && s[1]; i++, s++)
                v = v * 16 + (unsigned)(s[1] <= '9' ? s[1] - '0' : (s[1] | 0x20) - 'a' + 10);
            out[n++] = (char)v;
            break;
        }
        default: out[n++] = *s;
        }
    }
    return n;
}

/* utime + stime of pid in clock ticks, or -1. */
static long cpu_ticks(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    unsigned long ut, st;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (long)(ut + st);
}

static int signal_named(const char *name)
{
    static const struct { const char *name; int sig; } sigs[] = {
        {"HUP", SIGHUP}, {"TERM", SIGTERM}, {"INT", SIGINT}, {"TSTP", SIGTSTP},
        {"CONT", SIGCONT}, {"WINCH", SIGWINCH}, {"PIPE", SIGPIPE}, {"KILL", SIGKILL},
        {"QUIT", SIGQUIT}, {"ABRT", SIGABRT}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2},
        {"ALRM", SIGALRM}, {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"XCPU", SIGXCPU},
        {"XFSZ", SIGXFSZ}, {"IO", SIGIO}, {"PWR", SIGPWR}, {"SYS", SIGSYS},
        {"SEGV", SIGSEGV}, {"BUS", SIGBUS}, {"FPE", SIGFPE}, {"ILL", SIGILL},
        {"TRAP", SIGTRAP}, {"STKFLT", SIGSTKFLT},
    };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (strcmp(sigs[i].name, name) == 0)
            return sigs[i].sig;
    char *end;
    long n = strtol(name, &end, 10);
    return *name && !*end && n > 0 && n < 65 ? (int)n : 0;
}

static void resize(int fd, unsigned cols, unsigned rows)
{
    struct winsize ws = {.ws_col = (unsigned short)cols, .ws_row = (unsigned short)rows};
    ioctl(fd, TIOCSWINSZ, &ws);
}

/* One special key (see the top); returns its output byte count, or -1
 * when it is an ordinary key. */
static long special(int fd, pid_t pid, const char *key, const struct winsize *first)
{
    if (key[0] == '@') {
        FILE *f = fopen(key + 1, "rb");
        if (!f)
            return -2;
        static char in[1 << 20];
        size_t n = fread(in, 1, sizeof in, f), done = 0;
        fclose(f);
        long total = 0;
        /* Write and read at once: a program busy writing would otherwise
         * stop reading, and both sides would wait on full buffers. */
        while (done < n) {
            struct pollfd p = {fd, POLLIN | POLLOUT, 0};
            if (poll(&p, 1, 5000) <= 0)
                break;
            if (p.revents & POLLIN)
                total += drain(fd, 0, 0);
            if (p.revents & POLLOUT) {
                size_t chunk = n - done < 64 ? n - done : 64;
                ssize_t k = write(fd, in + done, chunk);
                if (k < 0 && errno != EAGAIN && errno != EINTR)
                    break;
                done += k > 0 ? (size_t)k : 0;
            }
        }
        return total + drain(fd, 1500, 300);
    }
    int ms, at = 0;
    if (key[0] == '~' && sscanf(key + 1, "%d:%n", &ms, &at) == 1 && at > 0) {
        char buf[256];
        if (strlen(key) >= sizeof buf)
            return -2;
        size_t n = unescape(key + 1 + at, buf);
        if (write(fd, buf, n) != (ssize_t)n)
            return -2;
        return drain(fd, ms, 0);
    }
    if (key[0] == '!' && signal_named(key + 1)) {
        kill(pid, signal_named(key + 1));
        return drain(fd, 1500, 300);
    }
    int pairs;
    if (key[0] == '&' && sscanf(key + 1, "%d", &pairs) == 1) {
        for (int i = 0; i < pairs; i++) {
            kill(pid, SIGTSTP);
            kill(pid, SIGCONT);
        }
        return drain(fd, 1500, 300);
    }
    if (strcmp(key, "=storm") == 0) {
        long total = 0;
        for (int i = 0; i < 100; i++) {
            resize(fd, first->ws_col - (unsigned)(i % 2) * 7u, first->ws_row - (unsigned)(i % 3));
            total += drain(fd, 10, 0);
        }
        resize(fd, first->ws_col, first->ws_row);
        return total + drain(fd, 1500, 300);
    }
    unsigned c, r;
    if (key[0] == '=' && sscanf(key + 1, "%ux%u", &c, &r) == 2) {
        resize(fd, c, r);
        return drain(fd, 1500, 300);
    }
    if (strcmp(key, "?cpu") == 0) {
        long before = cpu_ticks(pid), total = 0;
        for (int i = 0; i < 20; i++) /* 2 s, reading whatever comes */
            total += drain(fd, 100, 0);
        long after = cpu_ticks(pid);
        (void)total;
        return before < 0 || after < 0 ? -2 : after - before;
    }
    return -1;
}

/* -j: the session leader (a shell, as far as job control goes) starts cmd
 * in a process group of its own in the foreground, sends its pid up the
 * pipe, waits for it (a stop is left alone: the next SIGCONT continues it)
 * and ends as it ended. */
static void run_job(char **cmd, int up)
{
    signal(SIGTTOU, SIG_IGN); /* to hand the terminal over from here */
    pid_t child = fork();
    if (child < 0)
        _exit(127);
    if (child == 0) {
        setpgid(0, 0);
        tcsetpgrp(STDIN_FILENO, getpid());
        signal(SIGTTOU, SIG_DFL);
        execvp(cmd[0], cmd);
        _exit(127);
    }
    setpgid(child, child);
    tcsetpgrp(STDIN_FILENO, child);
    if (write(up, &child, sizeof child) != (ssize_t)sizeof child)
        _exit(127);
    close(up);
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status)) {
        signal(WTERMSIG(status), SIG_DFL);
        raise(WTERMSIG(status));
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 127);
}

int main(int argc, char **argv)
{
    int a = 1;
    for (;;) {
        if (a < argc && strcmp(argv[a], "-j") == 0) {
            as_job = true;
            a++;
        } else if (a + 1 < argc && strcmp(argv[a], "-o") == 0) {
            save = fopen(argv[a + 1], "wb");
            a += 2;
        } else if (a + 1 < argc && strcmp(argv[a], "-k") == 0 && strlen(argv[a + 1]) < sizeof early) {
            early_len = unescape(argv[a + 1], early);
            a += 2;
        } else if (a + 1 < argc && strcmp(argv[a], "-d") == 0) {
            reply_delay_ms = atoi(argv[a + 1]);
            a += 2;
        } else if (a + 1 < argc && strcmp(argv[a], "-r") == 0 && strlen(argv[a + 1]) < sizeof reply) {
            reply_len = unescape(argv[a + 1], reply);
            a += 2;
        } else {
            break;
        }
    }
    if (argc - a < 4) {
        fprintf(stderr, "usage: ptyrec [-o FILE] [-r REPLY [-d MS] [-k KEYS]] COLS ROWS KEY... -- COMMAND [ARG...]\n");
        return 2;
    }
    struct winsize ws = {.ws_col = (unsigned short)atoi(argv[a]), .ws_row = (unsigned short)atoi(argv[a + 1])};
    a += 2;
    int keys = a;
    while (a < argc && strcmp(argv[a], "--") != 0)
        a++;
    if (a + 1 >= argc)
        return 2;
    int nkeys = a - keys;
    char **cmd = argv + a + 1;
    int fd, job[2] = {-1, -1};
    struct timeval t0, t1;
    gettimeofday(&t0, NULL);
    if (as_job && pipe(job) != 0)
        return 2;
    pid_t pid = forkpty(&fd, NULL, NULL, &ws), leader = pid;
    if (pid < 0)
        return 2;
    if (pid == 0) {
        setenv("TERM", getenv("PTYREC_TERM") ? getenv("PTYREC_TERM") : "xterm-256color", 1);
        if (as_job)
            run_job(cmd, job[1]);
        execvp(cmd[0], cmd);
        _exit(127);
    }
    if (as_job) { /* the job's pid, from the leader */
        close(job[1]);
        if (read(job[0], &pid, sizeof pid) != (ssize_t)sizeof pid)
            return 2;
        close(job[0]);
    }
    printf("start %ld\n", drain(fd, 5000, 300));
    for (int k = 0; k < nkeys; k++) {
        long sp = special(fd, pid, argv[keys + k], &ws);
        if (sp != -1) {
            printf("%s %ld\n", argv[keys + k], sp);
            fflush(stdout);
            continue;
        }
        char buf[256];
        if (strlen(argv[keys + k]) >= sizeof buf)
            return 2;
        size_t n = unescape(argv[keys + k], buf);
        if (write(fd, buf, n) != (ssize_t)n)
            return 2;
        printf("%s %ld\n", argv[keys + k], drain(fd, 1500, 150));
        fflush(stdout);
    }
    int status = 0;
    struct rusage ru = {0};
    if (wait4(leader, &status, WNOHANG, &ru) == 0) {
        kill(pid, SIGTERM);
        kill(pid, SIGCONT); /* a stopped one too */
        drain(fd, 500, 100);
        wait4(leader, &status, 0, &ru);
    } else {
        drain(fd, 100, 50);
    }
    gettimeofday(&t1, NULL);
    /* On Linux the master side reads the line discipline's settings: did
     * the program give the terminal back in canonical mode with echo? */
    struct termios tio;
    if (tcgetattr(fd, &tio) == 0) {
        printf("tty %s\n", (tio.c_lflag & ICANON) && (tio.c_lflag & ECHO) ? "sane" : "raw");
        printf("modes%s%s%s%s%s\n", tio.c_lflag & ICANON ? " icanon" : "",
               tio.c_lflag & ECHO ? " echo" : "", tio.c_lflag & ISIG ? " isig" : "",
               tio.c_iflag & ICRNL ? " icrnl" : "", tio.c_iflag & IXON ? " ixon" : "");
    }
    printf("maxrss %ld\n", ru.ru_maxrss);
    printf("ms %ld\n", (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_usec - t0.tv_usec) / 1000));
    if (WIFEXITED(status))
        printf("exit %d\n", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("signal %d\n", WTERMSIG(status));
    if (save)
        fclose(save);
    return 0;
}
