/* input: reading files, pipes, FIFOs and standard input, and refusing what
 * is not a transcript with the right reason, within the size limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "input.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/duet-input-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes n bytes to dir/name and returns the path (static storage). */
static const char *write_file(const char *name, const char *bytes, size_t n)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
    return path;
}

static void test_input_regular_file(void **state)
{
    (void)state;
    const char text[] = "主持人:\n你好。\r\nHost:\nHello.\n";
    const char *path = write_file("t.txt", text, sizeof text - 1);
    input in;
    assert_int_equal(input_read(path, INPUT_DEFAULT_LIMIT, &in), ST_OK);
    assert_int_equal(in.n, sizeof text - 1);
    assert_memory_equal(in.bytes, text, in.n);
    assert_int_equal(in.bytes[in.n], '\0');
    input_free(&in);
    input_free(&in); /* safe twice */
    assert_null(in.bytes);
}

static void test_input_refusals(void **state)
{
    (void)state;
    input in;
    char path[128];
    snprintf(path, sizeof path, "%s/none.txt", dir);
    assert_int_equal(input_read(path, INPUT_DEFAULT_LIMIT, &in), ST_MISSING);
    assert_null(in.bytes);
    /* a path through a regular file is missing too */
    const char *f = write_file("plain.txt", "x\n", 2);
    snprintf(path, sizeof path, "%s/inside", f);
    assert_int_equal(input_read(path, INPUT_DEFAULT_LIMIT, &in), ST_MISSING);
    assert_int_equal(input_read(dir, INPUT_DEFAULT_LIMIT, &in), ST_DIRECTORY);
    assert_int_equal(input_read("/dev/null", INPUT_DEFAULT_LIMIT, &in), ST_NOT_REGULAR);
    assert_int_equal(input_read("/dev/zero", INPUT_DEFAULT_LIMIT, &in), ST_NOT_REGULAR);
    assert_int_equal(input_read(write_file("empty.txt", "", 0), INPUT_DEFAULT_LIMIT, &in), ST_EMPTY);
    assert_int_equal(input_read(write_file("blank.txt", " \n\r\n\t\n", 6), INPUT_DEFAULT_LIMIT, &in),
                     ST_EMPTY);
    assert_null(in.bytes);
}

static void test_input_binary(void **state)
{
    (void)state;
    input in;
    char bin[2048];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i * 7 % 32); /* control bytes and NULs */
    assert_int_equal(input_read(write_file("b.bin", bin, sizeof bin), INPUT_DEFAULT_LIMIT, &in),
                     ST_BINARY);
    const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
    assert_int_equal(input_read(write_file("a.out", elf, sizeof elf - 1), INPUT_DEFAULT_LIMIT, &in),
                     ST_BINARY);
    /* one stray NUL in text is still text */
    const char text[] = "Host: hello\0 there\nGuest: hi\n";
    assert_int_equal(input_read(write_file("nul.txt", text, sizeof text - 1), INPUT_DEFAULT_LIMIT, &in),
                     ST_OK);
    assert_int_equal(in.n, sizeof text - 1);
    input_free(&in);
}

static void test_input_limit(void **state)
{
    (void)state;
    input in;
    char buf[1001];
    memset(buf, 'a', sizeof buf);
    assert_int_equal(input_read(write_file("l.txt", buf, 1000), 1000, &in), ST_OK);
    assert_int_equal(in.n, 1000);
    input_free(&in);
    assert_int_equal(input_read(write_file("l.txt", buf, 1001), 1000, &in), ST_TOO_LARGE);
    assert_null(in.bytes);
}

/* Runs input_read("-") with standard input redirected from fd. */
static status read_stdin_from(int fd, size_t limit, input *in)
{
    int saved = dup(STDIN_FILENO);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
    status s = input_read("-", limit, in);
    assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
    close(saved);
    return s;
}

/* Forks a writer that sends `total` bytes of lines of x to the pipe p;
 * returns its pid. */
static pid_t spawn_writer(const int p[2], size_t total)
{
    int fd = p[1];
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]); /* so that the reader closing its end stops the writer */
        signal(SIGPIPE, SIG_DFL);
        char line[64];
        memset(line, 'x', sizeof line - 1);
        line[sizeof line - 1] = '\n';
        for (size_t sent = 0; sent < total;) {
            size_t k = total - sent < sizeof line ? total - sent : sizeof line;
            if (write(fd, line, k) != (ssize_t)k)
                _exit(1);
            sent += k;
        }
        _exit(0);
    }
    return pid;
}

static void test_input_pipe_read_to_end(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    size_t total = 3 * 1024 * 1024 + 17; /* several chunks, more than a pipe holds */
    pid_t pid = spawn_writer(p, total);
    close(p[1]);
    input in;
    assert_int_equal(read_stdin_from(p[0], INPUT_DEFAULT_LIMIT, &in), ST_OK);
    close(p[0]);
    assert_int_equal(in.n, total);
    assert_int_equal(in.bytes[total - 1], 'x');
    input_free(&in);
    int wst;
    waitpid(pid, &wst, 0);
}

static void test_input_pipe_over_limit(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = spawn_writer(p, 1024 * 1024);
    close(p[1]);
    input in;
    assert_int_equal(read_stdin_from(p[0], 100 * 1024, &in), ST_TOO_LARGE);
    assert_null(in.bytes);
    close(p[0]); /* the writer gets SIGPIPE */
    int wst;
    waitpid(pid, &wst, 0);
}

/* /dev/zero on standard input: refused at its first bytes, whatever the
 * limit — it never reads a gigabyte of zeros. */
static void test_input_stdin_dev_zero(void **state)
{
    (void)state;
    int fd = open("/dev/zero", O_RDONLY);
    assert_true(fd >= 0);
    input in;
    assert_int_equal(read_stdin_from(fd, INPUT_DEFAULT_LIMIT, &in), ST_BINARY);
    close(fd);
    fd = open("/dev/null", O_RDONLY);
    assert_int_equal(read_stdin_from(fd, INPUT_DEFAULT_LIMIT, &in), ST_EMPTY);
    close(fd);
}

static void test_input_stdin_regular_file(void **state)
{
    (void)state;
    const char *path = write_file("s.txt", "Q: Why?\nA: Because.\n", 20);
    int fd = open(path, O_RDONLY);
    input in;
    assert_int_equal(read_stdin_from(fd, INPUT_DEFAULT_LIMIT, &in), ST_OK);
    assert_int_equal(in.n, 20);
    input_free(&in);
    assert_int_equal(read_stdin_from(fd, 10, &in), ST_TOO_LARGE);
    close(fd);
}

static void test_input_fifo(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(path, O_WRONLY);
        if (fd < 0)
            _exit(1);
        for (int i = 0; i < 5000; i++)
            if (write(fd, "问：为什么？\n", strlen("问：为什么？\n")) < 0)
                _exit(1);
        _exit(0);
    }
    input in;
    assert_int_equal(input_read(path, INPUT_DEFAULT_LIMIT, &in), ST_OK);
    assert_int_equal(in.n, 5000 * strlen("问：为什么？\n"));
    input_free(&in);
    int wst;
    waitpid(pid, &wst, 0);
    assert_true(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
}

/* A FIFO read as it comes: what has come up to its last line end, as the
 * whole will read; the same refusals; at the end, what input_read gives. */
static void test_input_stream(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/stream", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    int w = open(path, O_RDWR); /* a writer, so that opening waits for nobody */
    assert_true(w >= 0);
    assert_true(input_is_stream(path));
    assert_false(input_is_stream(write_file("plain.txt", "x\n", 2)));
    input_stream *s;
    assert_int_equal(input_stream_open(path, INPUT_DEFAULT_LIMIT, NULL, &s), ST_OK);
    input in;
    bool eof = false;
    assert_int_equal(write(w, "主持人：\n你好", strlen("主持人：\n你好")), (ssize_t)strlen("主持人：\n你好"));
    assert_int_equal(input_stream_read(s, &eof), ST_OK);
    assert_false(eof);
    assert_int_equal(input_stream_size(s), strlen("主持人：\n你好"));
    assert_int_equal(input_stream_snapshot(s, &in), ST_OK); /* the whole lines */
    assert_int_equal(in.n, strlen("主持人：\n"));
    assert_memory_equal(in.bytes, "主持人：\n", in.n);
    input_free(&in);
    assert_int_equal(write(w, "。\n", strlen("。\n")), (ssize_t)strlen("。\n"));
    close(w);
    while (!eof)
        assert_int_equal(input_stream_read(s, &eof), ST_OK);
    assert_int_equal(input_stream_finish(s, &in), ST_OK);
    assert_string_equal(in.bytes, "主持人：\n你好。\n");
    input_free(&in);
    input_stream_free(s);
    /* nothing but blanks, or binary: refused as input_read refuses */
    w = open(path, O_RDWR);
    assert_int_equal(input_stream_open(path, INPUT_DEFAULT_LIMIT, NULL, &s), ST_OK);
    assert_int_equal(write(w, "  \n", 3), 3);
    assert_int_equal(input_stream_read(s, &eof), ST_OK);
    assert_int_equal(input_stream_snapshot(s, &in), ST_EMPTY);
    static char zeros[8192];
    assert_int_equal(write(w, zeros, sizeof zeros), (ssize_t)sizeof zeros);
    status st = ST_OK;
    while (st == ST_OK && input_stream_size(s) < sizeof zeros)
        st = input_stream_read(s, &eof);
    assert_int_equal(st, ST_BINARY);
    input_stream_free(s);
    close(w);
    assert_int_equal(input_stream_open(dir, INPUT_DEFAULT_LIMIT, NULL, &s), ST_DIRECTORY);
    assert_int_equal(input_stream_open(path, INPUT_DEFAULT_LIMIT, "no-such-encoding", &s), ST_USAGE);
}

/* Root reads everything, so this can only be tested as another user. */
static void test_input_unreadable(void **state)
{
    (void)state;
    if (geteuid() == 0)
        skip();
    const char *path = write_file("secret.txt", "x\n", 2);
    assert_int_equal(chmod(path, 0), 0);
    input in;
    assert_int_equal(input_read(path, INPUT_DEFAULT_LIMIT, &in), ST_UNREADABLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_regular_file),
        cmocka_unit_test(test_input_refusals),
        cmocka_unit_test(test_input_binary),
        cmocka_unit_test(test_input_limit),
        cmocka_unit_test(test_input_pipe_read_to_end),
        cmocka_unit_test(test_input_pipe_over_limit),
        cmocka_unit_test(test_input_stdin_dev_zero),
        cmocka_unit_test(test_input_stdin_regular_file),
        cmocka_unit_test(test_input_fifo),
        cmocka_unit_test(test_input_unreadable),
        cmocka_unit_test(test_input_stream),
    };
    return cmocka_run_group_tests_name("input", tests, setup, teardown);
}
