/* testdoc — building small finished documents for unit tests, without a
 * format reader: segments of given speakers and paragraphs, an optional
 * intro before them and footer after them. Shared test support (linked into
 * every unit test). */
#ifndef DUET_TESTDOC_H
#define DUET_TESTDOC_H

#include <stddef.h>

#include "doc.h"

#define TESTDOC_MAX_PARAS 4

typedef struct testdoc_seg {
    const char *speaker;                  /* NULL: unknown speaker */
    const char *zh[TESTDOC_MAX_PARAS];    /* NULL-terminated paragraphs */
    const char *en[TESTDOC_MAX_PARAS];
    float confidence;                     /* 0 means 1.0 */
} testdoc_seg;

/* A finished doc (caller frees with doc_free) of n segments, with an intro
 * note before the first and a footer note after the last when not NULL.
 * Fails the running test when it cannot be built. */
doc *testdoc_build(const char *intro, const testdoc_seg *segs, size_t n, const char *footer);

/* A doc of n segments with generated text: segment k has speaker k % 3,
 * a Chinese paragraph of (k % 7 + 1) * 9 Han characters and an English one
 * of (k % 5 + 1) * 12 words. */
doc *testdoc_generated(size_t n);

#endif
