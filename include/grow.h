/* grow — the one growable array every buffer in duet uses.
 *
 * An array is a pointer and a capacity (in elements) kept by the caller;
 * grow_to makes room for at least `need` elements — a first request as it
 * is (at least 16: a buffer sized from what is known, a file's length, is
 * not rounded up), then doubling so that n appends cost O(n) — and refuses — leaving the array as it was —
 * when need * elem would overflow size_t or memory runs out. grow_fit
 * gives back the spare capacity of a finished array.
 *
 *     if (!GROW(v, cap, n + 1)) return ST_NO_MEMORY;
 *     v[n++] = x;
 *
 * Knows nothing of what the elements are.
 */
#ifndef DUET_GROW_H
#define DUET_GROW_H

#include <stdbool.h>
#include <stddef.h>

/* Makes *arr (an array of *cap elements of elem bytes, or NULL with *cap
 * == 0) hold at least need elements; true when it does. On false *arr and
 * *cap are unchanged. */
bool grow_to(void **arr, size_t *cap, size_t need, size_t elem);

/* Shrinks *arr from *cap elements to n when n is smaller (and not 0).
 * Never fails: a refused realloc keeps the larger array. */
void grow_fit(void **arr, size_t *cap, size_t n, size_t elem);

/* grow_to / grow_fit for an array variable `arr` of any element type and
 * its size_t capacity `cap`. */
#define GROW(arr, cap, need) grow_to((void **)&(arr), &(cap), (need), sizeof *(arr))
#define GROW_FIT(arr, cap, n) grow_fit((void **)&(arr), &(cap), (n), sizeof *(arr))

#endif
