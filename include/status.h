/* status — the outcomes a core function can report, with one message each.
 *
 * Pure code returns a status and never exits; only main and the screen end
 * the program. One table (below) gives every status its message and the
 * exit code main uses for it, so wording and exit codes cannot drift apart.
 */
#ifndef DUET_STATUS_H
#define DUET_STATUS_H

/*        name               exit  message */
#define STATUS_TABLE(X) \
    X(ST_OK,                 0, "ok") \
    X(ST_MISSING,            1, "no such file") \
    X(ST_UNREADABLE,         1, "permission denied or unreadable") \
    X(ST_DIRECTORY,          1, "is a directory") \
    X(ST_NOT_REGULAR,        1, "not a regular file or pipe") \
    X(ST_EMPTY,              1, "file is empty") \
    X(ST_BINARY,             1, "may be a binary file, not a transcript") \
    X(ST_TOO_LARGE,          1, "file is too large") \
    X(ST_NO_MEMORY,          1, "out of memory") \
    X(ST_NOT_TRANSCRIPT,     1, "no transcript found") \
    X(ST_SAME_LANGUAGE,      1, "both files are in the same language") \
    X(ST_BAD_FORMAT,         1, "does not match the requested format") \
    X(ST_IO,                 1, "read error") \
    X(ST_USAGE,              2, "bad usage")

typedef enum {
#define STATUS_ENUM(name, code, msg) name,
    STATUS_TABLE(STATUS_ENUM)
#undef STATUS_ENUM
    ST_COUNT
} status;

/* The one-line message for a status ("no such file"). Never NULL. */
const char *status_message(status s);

/* The process exit code main uses for a status: 0 ok, 1 file unusable, 2 usage. */
int status_exit_code(status s);

#endif
