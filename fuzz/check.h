/* check — invariants the fuzz targets assert, shared by all of them.
 *
 * A fuzz target that only waits for a crash misses the bugs that matter to
 * a reader: garbled text, a control byte on the terminal, a line lost. These
 * checks say what "right" means for any input; a failed check prints what
 * failed and aborts, so libFuzzer (or the replay driver) reports it.
 * Knows nothing of libFuzzer: the replay driver links it with gcc too.
 */
#ifndef DUET_FUZZ_CHECK_H
#define DUET_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* Aborts with a message naming the failed condition when cond is false. */
#define CHECK(cond, ...) \
    do { \
        if (!(cond)) \
            check_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
    } while (0)

_Noreturn void check_fail(const char *file, int line, const char *cond, const char *fmt, ...);

/* True when n bytes of s are valid UTF-8 (no overlong form, surrogate or
 * code point above U+10FFFF). */
bool check_utf8(const char *s, size_t n);

/* True when n bytes of valid UTF-8 hold nothing a terminal would act on:
 * no C0 control but those in `allowed` (e.g. "\n\t"), no DEL, no C1 control
 * (U+0080–U+009F), no bidi embedding, override or isolate (U+202A–U+202E,
 * U+2066–U+2069). Sets *at to the offending byte offset when false. */
bool check_inert(const char *s, size_t n, const char *allowed, size_t *at);

/* True when n bytes of s are exactly one JSON value (RFC 8259), surrounded
 * by optional white space. Nesting deeper than 64 levels counts as invalid. */
bool check_json(const char *s, size_t n);

/* The bytes a stream-writing function produced: call check_capture_begin,
 * write to the FILE it returns, then check_capture_end for the bytes
 * (NUL-terminated, owned by the caller; *n gets the length). */
#include <stdio.h>
typedef struct check_capture {
    FILE *f;
    char *buf;
    size_t n;
} check_capture;
FILE *check_capture_begin(check_capture *c);
char *check_capture_end(check_capture *c, size_t *n);

#endif
