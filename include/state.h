/* state — where each transcript was left, remembered between runs (like
 * less's and vim's history).
 *
 * One small text file, $XDG_STATE_HOME/duet/positions (by default
 * ~/.local/state/duet/positions), holds the header line "duet-positions 1"
 * and then one line per transcript, the most recently saved first:
 *     KEY SEGMENT TIME
 * KEY is 16 hexadecimal digits, a hash of the transcript's content
 * (state_key), so a renamed or copied file resumes too; SEGMENT is the
 * 1-based segment it was left at; TIME when (seconds since the epoch).
 * At most `max` entries are kept: a save drops the oldest beyond that.
 *
 * A save writes the whole file to a new temporary file in the same
 * directory and renames it over the old one, so nobody ever reads a
 * half-written file and a crash leaves the old one whole. A file not in
 * this shape — another header, a line that does not parse, more than
 * STATE_MAX_BYTES — is corrupt: its good lines are used, the rest is
 * ignored and dropped at the next save, and the caller is told so it can
 * say so. Nothing here exits; duet treats every failure as "no position".
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

/* The segment stored for key in the file at path, into *segment (0 when
 * there is none, or no file). *corrupt tells whether the file was not all
 * in shape. Returns ST_OK (found or not), or ST_IO / ST_UNREADABLE when the
 * file exists but cannot be read. */
status state_load(const char *path, uint64_t key, long *segment, bool *corrupt);

/* Stores segment (>= 1) for key at time `now`, first in the file, keeping
 * at most max entries; creates the directory (mode 0700) when missing.
 * Atomic: a temporary file in the same directory renamed over path.
 * Returns ST_OK, ST_IO (cannot create or write: the old file is intact) or
 * ST_NO_MEMORY. */
status state_save(const char *path, uint64_t key, long segment, long long now, size_t max);

#endif
