/* testsession — sessions (session.h) on test documents, driven by keys
 * and read back from their frames, as a user would meet them. */
#ifndef DUET_TESTSESSION_H
#define DUET_TESTSESSION_H

#include <stdbool.h>

#include "doc.h"
#include "session.h"

/* A session on d (borrowed), w x h, mode a layout_mode or -1; no
 * resuming, no start-up note, a terminal that takes the clipboard. Fails
 * the test when memory runs out. */
session *testsession_new(doc *d, int w, int h, int mode);

/* One key event. */
void testsession_key(session *s, int key);

/* Each code point of the UTF-8 string as a key ('\r' for Enter). */
void testsession_keys(session *s, const char *keys);

/* The text of row y of the current frame (spans at their columns, spaces
 * between, trailing spaces dropped), in a buffer valid until the next call. */
const char *testsession_row(session *s, int y);

/* The text of the spans of row y in style st, joined by '|'. */
const char *testsession_styled(session *s, int y, frame_style st);

/* The row (0-based) whose text contains needle, or -1. */
int testsession_find(session *s, const char *needle);

#endif
