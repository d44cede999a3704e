/* hanzi — the simplified/traditional map, read from OpenCC once. */
#include "hanzi.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>
#include <utf8proc.h>

#include "grow.h"

/* The code point at table place i. */
static uint32_t place_cp(size_t i)
{
    return i < HANZI_MAIN_COUNT ? HANZI_MAIN_FIRST + (uint32_t)i
                                : HANZI_COMPAT_FIRST + (uint32_t)(i - HANZI_MAIN_COUNT);
}

/* Every covered code point, each on a line of its own: OpenCC converts
 * the lot in one call, and no phrase of its dictionaries spans a line
 * break, so each line is one character converted alone. */
static char *all_lines(size_t *len)
{
    char *s = malloc(HANZI_COUNT * 4 + 1);
    if (!s)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < HANZI_COUNT; i++) {
        n += (size_t)utf8proc_encode_char((utf8proc_int32_t)place_cp(i), (utf8proc_uint8_t *)s + n);
        s[n++] = '\n';
    }
    s[n] = '\0';
    *len = n;
    return s;
}

/* Reads OpenCC's answer line by line into the table; false when it does
 * not have one line per code point asked. */
static bool read_lines(hanzi_map *m, const char *out)
{
    const char *p = out;
    for (size_t i = 0; i < HANZI_COUNT; i++) {
        const char *nl = strchr(p, '\n');
        if (!nl)
            return false;
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p, nl - p, &cp);
        /* exactly one code point, and another one: a fold */
        if (k > 0 && p + k == nl && (uint32_t)cp != place_cp(i))
            m->to[i] = (uint32_t)cp;
        p = nl + 1;
    }
    return *p == '\0';
}

/* Makes every fold final: OpenCC writes 苧 for 薴 and 苎 for 苧, so 薴
 * folds to 苎. Then a character and its fold fold alike, and a pattern
 * typed in a form that is itself a fold finds the characters folding to
 * it. (A chain is short; the bound only guards against a cycle.) */
static void settle(hanzi_map *m)
{
    for (size_t i = 0; i < HANZI_COUNT; i++) {
        uint32_t t = hanzi_fold(m, place_cp(i));
        for (int k = 0; k < 8 && hanzi_fold(m, t) != t; k++)
            t = hanzi_fold(m, t);
        m->to[i] = t == place_cp(i) ? 0 : t;
    }
}

static int far_order(const void *a, const void *b)
{
    const hanzi_far *x = a, *y = b;
    return x->from != y->from ? (x->from < y->from ? -1 : 1) : (x->to > y->to) - (x->to < y->to);
}

/* Brings the folds beyond the BMP back into it (see hanzi.h): every group
 * folding to a far form X gets its first member (in table order) as the
 * fold, and X folds to that member. False when memory runs out. */
static bool bring_near(hanzi_map *m)
{
    size_t n = 0;
    for (size_t i = 0; i < HANZI_COUNT; i++)
        n += m->to[i] > 0xFFFF;
    if (n == 0)
        return true;
    hanzi_far *pairs = malloc(n * sizeof *pairs);
    if (!pairs)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < HANZI_COUNT; i++)
        if (m->to[i] > 0xFFFF)
            pairs[k++] = (hanzi_far){m->to[i], place_cp(i)};
    qsort(pairs, n, sizeof *pairs, far_order); /* each far form's first member first */
    size_t nfar = 0;
    for (size_t i = 0; i < n; i++)
        if (nfar == 0 || pairs[nfar - 1].from != pairs[i].from)
            pairs[nfar++] = pairs[i];
    m->far = pairs; /* hanzi_fold_far reads it from here on */
    m->nfar = nfar;
    GROW_FIT(m->far, n, nfar);
    for (size_t i = 0; i < HANZI_COUNT; i++)
        if (m->to[i] > 0xFFFF) {
            uint32_t near = hanzi_fold_far(m, m->to[i]);
            m->to[i] = near == place_cp(i) ? 0 : near;
        }
    return true;
}

uint32_t hanzi_fold_far(const hanzi_map *m, uint32_t cp)
{
    size_t lo = 0, hi = m ? m->nfar : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->far[mid].from < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return m && lo < m->nfar && m->far[lo].from == cp ? m->far[lo].to : cp;
}

static void say(char *why, size_t cap, const char *what, const char *detail)
{
    if (why && cap)
        snprintf(why, cap, "%s%s", what, detail ? detail : "");
}

hanzi_map *hanzi_load(const char *config, char *why, size_t cap)
{
    say(why, cap, "", NULL);
    hanzi_map *m = calloc(1, sizeof *m);
    size_t len = 0;
    char *in = all_lines(&len);
    if (m)
        m->to = calloc(HANZI_COUNT, sizeof *m->to);
    if (!m || !m->to || !in) {
        free(in);
        hanzi_free(m);
        say(why, cap, "out of memory", NULL);
        return NULL;
    }
    opencc_t cc = opencc_open(config ? config : HANZI_CONFIG);
    if (cc == (opencc_t)-1) {
        const char *e = opencc_error();
        say(why, cap, "OpenCC: ", e && *e ? e : "cannot open its configuration");
        free(in);
        hanzi_free(m);
        return NULL;
    }
    char *out = opencc_convert_utf8(cc, in, len);
    bool ok = out && read_lines(m, out);
    if (ok)
        settle(m);
    bool near = !ok || bring_near(m);
    if (!ok) {
        const char *e = out ? "its answer has not one line per character" : opencc_error();
        say(why, cap, "OpenCC: ", e && *e ? e : "conversion failed");
    }
    if (out)
        opencc_convert_utf8_free(out);
    opencc_close(cc);
    free(in);
    if (ok && !near)
        say(why, cap, "out of memory", NULL);
    if (!ok || !near) {
        hanzi_free(m);
        return NULL;
    }
    return m;
}

void hanzi_free(hanzi_map *m)
{
    if (!m)
        return;
    free(m->to);
    free(m->far);
    free(m);
}

size_t hanzi_memory(const hanzi_map *m)
{
    return m ? sizeof *m + HANZI_COUNT * sizeof *m->to + m->nfar * sizeof *m->far : 0;
}
