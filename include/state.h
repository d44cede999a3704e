/* state — where each transcript was left, remembered between runs (like
 * less's and vim's history).
 *
 * One small text file, $XDG_STATE_HOME/duet/positions (by default
 * ~/.local/state/duet/positions), holds the header line "duet-positions 2"
 * and then one line per transcript, the most recently saved first:
 *     KEY SOURCE:OFFSET TIME
 * KEY is 16 hexadecimal digits, a hash of the transcript's content
 * (state_key), so a renamed or copied file resumes too; SOURCE:OFFSET is a
 * place in that content, not a segment number (state_place): the source
 * (0, or 1 for the second of two files) and the byte offset in its decoded
 * text of the line where the segment's first paragraph begins, so that a
 * later duet that segments the text differently still reopens at the same
 * passage; TIME when (seconds since the epoch). A line of the first
 * version, "KEY SEGMENT TIME" (the 1-based segment), is still read, under
 * either header, and kept as it is until that transcript is saved again.
 * At most `max` entries are kept: a save drops the oldest beyond that.
 *
 * Trust: the file and its directory must be the user's own (owner the
 * effective uid), not writable by group or others, and neither may be a
 * symbolic link (opened with O_NOFOLLOW and checked with fstat on the
 * opened descriptor, so nothing can be swapped in between); otherwise the
 * file is not read and never replaced (STATE_UNSAFE), and the caller says
 * so in one line.
 *
 * A save locks the file (flock) around read, merge and rename, so that
 * duets quitting together keep every position: it opens the file (creating
 * it empty, mode 0600, when missing), takes the lock — waiting at most
 * STATE_LOCK_WAIT_MS, then giving up the position rather than hanging —
 * and, when the name no longer leads to the locked file (another save
 * renamed a new one over it meanwhile), starts again on the new one. It
 * writes the whole file to "positions.new" beside it and renames that over
 * the old one, so nobody ever reads a half-written file and a crash leaves
 * the old one whole. Reading takes no lock: a rename is atomic.
 *
 * A file not in this shape — another header, a line that does not parse,
 * more than STATE_MAX_BYTES — is damaged: its good lines are used, the
 * rest is ignored and dropped at the next save, and the caller is told so
 * it can say so. Reading and merging are linear in the file's size (a hash
 * set finds repeated keys). Nothing here exits; duet treats every failure
 * as "no position".
 */
#ifndef DUET_STATE_H
#define DUET_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "status.h"

#define STATE_MAX_ENTRIES 1000     /* what duet keeps */
#define STATE_MAX_BYTES (1 << 20) /* read at most this much of the file */
#define STATE_PATH_MAX 4096
#define STATE_LOCK_WAIT_MS 5000    /* a save waits this long for the lock */

/* How far the positions file could be trusted. */
typedef enum state_health {
    STATE_FINE,    /* all in shape, or no file yet */
    STATE_DAMAGED, /* not all in shape (or not a regular file): the good
                      lines were used, the rest goes at the next save */
    STATE_UNSAFE   /* the file or its directory is not the user's own, is
                      writable by group or others, or is a symbolic link:
                      not read, never replaced */
} state_health;

/* A place in a transcript: where a segment's first paragraph begins. */
typedef struct state_place {
    long segment;    /* > 0 only for a first-version entry: its 1-based
                        segment number (source and offset are then 0) */
    uint32_t source; /* index into doc.sources */
    uint32_t offset; /* byte offset into that source's decoded text
                        (text.h: under 4 GiB) of the start of the line of
                        the segment's earliest paragraph */
} state_place;

/* The key of a document: a 64-bit hash of every source's decoded text, in
 * order, each with its length (so the files' boundaries count); eight
 * bytes at a time, about 1 ms per 10 MB. */
uint64_t state_key(const doc *d);

/* The state file's path from the values of XDG_STATE_HOME and HOME (either
 * may be NULL): $XDG_STATE_HOME/duet/positions when that is an absolute
 * path (the XDG rule: a relative one is ignored), else
 * $HOME/.local/state/duet/positions. False when neither gives an absolute
 * path or it does not fit in cap bytes. */
bool state_path(const char *xdg_state_home, const char *home, char *buf, size_t cap);

/* The place of segment `seg` (0-based, < d->nsegments): the earliest line
 * start, by source and then offset, of its paragraphs in either language. */
state_place state_place_of(const doc *d, size_t seg);

/* The segment (0-based) at place p in d: the one with the paragraph that
 * begins last at or before p in p's source (on a line shared by several,
 * the first of them), else the first one after it; for a first-version
 * place, its segment number less one, at most the last. 0 when d has no
 * segment. Linear in the paragraphs. */
size_t state_segment_at(const doc *d, const state_place *p);

/* The segment (1-based) stored for key in the file at path, mapped onto d
 * (state_segment_at), into *segment: 0 when there is none, no file, or the
 * file is unsafe. *health says how far the file could be trusted. Returns
 * ST_OK (found or not, and for an unsafe file), or ST_IO / ST_UNREADABLE
 * when the file exists but cannot be read. */
status state_load(const char *path, uint64_t key, const doc *d, long *segment,
                  state_health *health);

/* Stores the place of d's segment `segment` (1-based; at most the last)
 * for key at time `now`, first in the file, keeping at most max entries;
 * creates missing directories (mode 0700). Locked and atomic (above).
 * Returns ST_OK (also when segment < 1 or d has no segment: nothing to
 * store), ST_IO (cannot create, lock or write, or the file or directory is
 * unsafe: the old file is intact) or ST_NO_MEMORY. */
status state_save(const char *path, uint64_t key, const doc *d, long segment, long long now,
                  size_t max);

#endif
