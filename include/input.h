/* input — reading a transcript's bytes from a file or standard input.
 *
 * The one place that touches the file system for reading. What it returns
 * is UTF-8: a file in another encoding (encoding.h) is converted as it is
 * read, and says which encoding it was. It refuses, with
 * a status that says why, what cannot be a transcript: a missing or
 * unreadable path, a directory, a device, an empty file, a binary file, or
 * more than the size limit (so /dev/zero or a runaway pipe cannot eat all
 * memory). It never writes to what it reads.
 */
#ifndef DUET_INPUT_H
#define DUET_INPUT_H

#include <stddef.h>

#include "encoding.h"
#include "status.h"

/* Inputs larger than this are refused (ST_TOO_LARGE); see the README. */
#define INPUT_DEFAULT_LIMIT ((size_t)1 << 30) /* 1 GiB */

typedef struct input {
    char *bytes;   /* n bytes of UTF-8 (bad sequences possible), plus a NUL
                      at bytes[n]; owned */
    size_t n;
    encoding_info encoding; /* what the file was in, and what was done */
} input;

/* Reads `path` ("-" for standard input; FIFOs and pipes are read to their
 * end: input_stream reads them as they come) into *in, refusing more than `limit` bytes. On failure *in is empty
 * and the status names the reason: ST_MISSING, ST_UNREADABLE, ST_DIRECTORY,
 * ST_NOT_REGULAR (a device named as a path — it is never opened — or a
 * terminal as standard input), ST_EMPTY (nothing but spaces and line
 * ends), ST_BINARY (encoding_looks_binary, decided on the first few
 * kilobytes, so a device on standard input such as /dev/zero stops at
 * once), ST_TOO_LARGE (a
 * regular file by its size, before reading; a stream at limit + 1 bytes),
 * ST_IO, ST_NO_MEMORY. */
status input_read(const char *path, size_t limit, input *in);

/* input_read of a file in the encoding `encoding` (an iconv name, as
 * --encoding gives it), or detected when it is NULL; ST_USAGE when iconv
 * does not know the name. The limit applies to the bytes as read. */
status input_read_as(const char *path, size_t limit, const char *encoding, input *in);

/* Frees the bytes; safe twice. */
void input_free(input *in);

/* ---- input that comes slowly ------------------------------------------------
 *
 * A pipe or FIFO may stay open for long (`(cat talk.txt; sleep 30) | duet`,
 * a FIFO with a writer): the reader shows what has come while it reads
 * on. A stream reads the same input as input_read, a read at a time, with
 * the same refusals (binary from its first kilobytes, the limit) and, at
 * its end, the same result. */

typedef struct input_stream input_stream;

/* True when path ("-": standard input) is a pipe, FIFO or socket: input
 * that may stay open and come slowly. */
bool input_is_stream(const char *path);

/* Opens path ("-": standard input) to be read as it comes, in `encoding`
 * (NULL: detected); the refusals input_read_as makes before reading
 * (ST_MISSING, ST_DIRECTORY, ST_NOT_REGULAR, ST_USAGE …). Opening a FIFO
 * waits for its writer, as reading it whole would. */
status input_stream_open(const char *path, size_t limit, const char *encoding, input_stream **out);

/* The descriptor to poll for more. */
int input_stream_fd(const input_stream *s);

/* Reads once, waiting until something comes or the input ends (*eof);
 * the bytes so far grow. Anything but ST_OK refuses the input (ST_BINARY,
 * ST_TOO_LARGE, ST_IO, ST_NO_MEMORY). */
status input_stream_read(input_stream *s, bool *eof);

/* How many bytes have come. */
size_t input_stream_size(const input_stream *s);

/* What has come, up to its last line end, converted to UTF-8 as the whole
 * will be, into *in (a copy: the stream reads on); ST_EMPTY when no whole
 * line with text has come yet. */
status input_stream_snapshot(const input_stream *s, input *in);

/* The input once it has ended (*eof): into *in, as input_read_as gives it
 * (ST_EMPTY, ST_BINARY …); the stream keeps nothing of it. */
status input_stream_finish(input_stream *s, input *in);

/* Closes and frees the stream; NULL is fine. */
void input_stream_free(input_stream *s);

#endif
