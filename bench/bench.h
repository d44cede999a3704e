/* bench.h — what the benchmark programs share: a reproducible random
 * source, a monotonic clock, a growing text buffer and medians.
 *
 * Each benchmark is built alone from its own .c file (the Makefile's
 * $(BUILD)/bench/% rule), so these are static inline, not a library.
 */
#ifndef DUET_BENCH_H
#define DUET_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- a reproducible random source (splitmix64) ---------------------------- */

static inline uint64_t *bench_rng(void)
{
    static uint64_t state = 0x9E3779B97F4A7C15u;
    return &state;
}

/* Restarts the sequence: the same seed gives the same numbers everywhere. */
static inline void bench_seed(uint64_t seed) { *bench_rng() = seed; }

static inline uint64_t bench_rnd(void)
{
    uint64_t z = (*bench_rng() += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* ---- time ------------------------------------------------------------------ */

/* Milliseconds on the monotonic clock. */
static inline double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- a growing text buffer ---------------------------------------------------- */

typedef struct bench_buf {
    char *s; /* NUL-terminated once anything was put; malloc'd */
    size_t len, cap;
} bench_buf;

/* Appends n bytes of s; a benchmark out of memory stops with a message. */
static inline void bench_put(bench_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s) {
            fprintf(stderr, "bench: out of memory\n");
            exit(1);
        }
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static inline void bench_puts(bench_buf *b, const char *s) { bench_put(b, s, strlen(s)); }

/* ---- medians -------------------------------------------------------------------- */

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (0 when n is 0 or memory runs out). */
static inline double bench_median(const double *v, size_t n)
{
    double *s = n ? malloc(n * sizeof *s) : NULL;
    if (!s)
        return 0;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, bench_cmp_double);
    double m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    free(s);
    return m;
}

#endif
