/* loader — the whole document loading in a thread of its own, while the
 * reader shows a preview (preview.h) of its first screens.
 *
 * The thread runs format_load_inputs over inputs already read, exactly as
 * a load in the foreground would, so the document it delivers is the one
 * --dump and --check see. It takes no signals (they must wake the thread
 * that waits for keys) and, when done, makes loader_fd readable, so a
 * poll() on keys wakes for it too.
 *
 * A pipe or FIFO that stays open (loader_stream) is read in the thread as
 * it comes: after the first bytes, and then whenever more has come and the
 * last document took less than a quarter of the time since it was made
 * (at most every LOADER_PARTIAL_MS), the thread makes a document of what
 * has come (loader_take_partial); at the end of input, the whole, read
 * afresh (detection included), as for a file.
 *
 * Quitting before the load is over must not wait for it: loader_abandon
 * leaves the thread to finish (and free what it holds) on its own, or to
 * end with the process (a pipe that never ends keeps it waiting until then).
 */
#ifndef DUET_LOADER_H
#define DUET_LOADER_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "format.h"
#include "input.h"
#include "status.h"

typedef struct loader loader;

/* Makes a thread to load the n inputs (1 or 2; names[i] as the doc
 * records them, copied) in layout `forced` (NULL: detected); it waits for
 * loader_go, so that drawing the first screen has the processor to itself.
 * The inputs are taken over (emptied) on success. NULL when no thread
 * could be started or memory ran out: the inputs are left to the caller
 * then. */
loader *loader_start(const char *const *names, input *in, size_t n, const format *forced);

/* The shortest time between two documents of a stream, in ms. */
#define LOADER_PARTIAL_MS 200

/* Makes a thread to read stream s (input.h; named `name`, copied) as it
 * comes, then load it in layout `forced` (NULL: detected); it waits for
 * loader_go. The stream is taken over on success; NULL when no thread could
 * be started or memory ran out (the stream is still the caller's). */
loader *loader_stream(const char *name, input_stream *s, const format *forced);

/* A stream's newest document of what has come, made since the last call
 * (the caller frees it with doc_free), or NULL; also takes the wake-up of
 * loader_fd, so ask loader_done after it. NULL for a load of files. */
doc *loader_take_partial(loader *l);

/* True while a stream is still being read (its end not come). */
bool loader_reading(loader *l);

/* Lets the load begin. */
void loader_go(loader *l);

/* A descriptor that becomes readable once the load is over, or a stream's
 * document of what has come is ready (loader_take_partial); -1 when the
 * loader has none (then ask loader_done now and then). */
int loader_fd(const loader *l);

/* True once the load is over; never blocks. */
bool loader_done(loader *l);

/* Waits for the load to end, hands over its result (*out: the finished
 * doc, NULL on failure; the report, when rep is not NULL, its failed_path
 * one of `names`, the caller's, or NULL) and frees the loader. Returns the
 * load's status. */
status loader_finish(loader *l, doc **out, format_report *rep, const char *const *names);

/* Gives the load up: returns at once; the thread frees everything when it
 * ends, or ends with the process. NULL is fine. */
void loader_abandon(loader *l);

#endif
