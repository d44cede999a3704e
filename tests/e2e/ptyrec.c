/* ptyrec — runs a command on a pseudo-terminal of a given size, types keys
 * into it one at a time, and counts the bytes the command writes to the
 * terminal in answer to each: what a slow SSH link would carry.
 *
 *   ptyrec [-o FILE] [-r REPLY] COLS ROWS KEY... -- COMMAND [ARG...]
 *
 * Prints "start N" (bytes of the first screen), then "KEY N" per key. A
 * key's answer is what arrives from its first byte until the output has
 * been quiet for a moment (the screen writes one update per key); a key
 * that changes nothing gets 0 after a longer quiet wait. KEY strings take
 * C escapes: \e \r \n \t \xNN. -o saves every byte written. -r plays a
 * terminal that answers a cursor position query (ESC [ 6 n) with REPLY
 * (C escapes too); without it such queries go unanswered. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

static FILE *save;
static char reply[256];
static size_t reply_len;

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
        if (reply_len && memmem(buf, (size_t)n, "\033[6n", 4) &&
            write(fd, reply, reply_len) != (ssize_t)reply_len)
            return total;
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

int main(int argc, char **argv)
{
    int a = 1;
    for (;;) {
        if (a + 1 < argc && strcmp(argv[a], "-o") == 0) {
            save = fopen(argv[a + 1], "wb");
            a += 2;
        } else if (a + 1 < argc && strcmp(argv[a], "-r") == 0 && strlen(argv[a + 1]) < sizeof reply) {
            reply_len = unescape(argv[a + 1], reply);
            a += 2;
        } else {
            break;
        }
    }
    if (argc - a < 4) {
        fprintf(stderr, "usage: ptyrec [-o FILE] [-r REPLY] COLS ROWS KEY... -- COMMAND [ARG...]\n");
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
    int fd;
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    if (pid < 0)
        return 2;
    if (pid == 0) {
        setenv("TERM", getenv("PTYREC_TERM") ? getenv("PTYREC_TERM") : "xterm-256color", 1);
        execvp(cmd[0], cmd);
        _exit(127);
    }
    printf("start %ld\n", drain(fd, 5000, 300));
    for (int k = 0; k < nkeys; k++) {
        char buf[256];
        size_t n = unescape(argv[keys + k], buf);
        if (write(fd, buf, n) != (ssize_t)n)
            return 2;
        printf("%s %ld\n", argv[keys + k], drain(fd, 1500, 150));
        fflush(stdout);
    }
    kill(pid, SIGTERM);
    drain(fd, 500, 100);
    waitpid(pid, NULL, 0);
    if (save)
        fclose(save);
    return 0;
}
