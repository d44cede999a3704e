/* timecode — times into a recording, as transcripts write them. */
#include "timecode.h"

#include <stdio.h>
#include <string.h>

#define TIMECODE_MAX_LEAD 6 /* digits of the first field */
#define TIMECODE_MAX_FRAC 3

static bool timecode_digit(const char *s, size_t n, size_t i)
{
    return i < n && s[i] >= '0' && s[i] <= '9';
}

/* Bytes of the colon at s[i] (: or ：), 0 when there is none. */
static size_t timecode_colon(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == ':')
        return 1;
    if (n - i >= 3 && i < n && memcmp(s + i, "\xef\xbc\x9a", 3) == 0)
        return 3;
    return 0;
}

/* Bytes of the space at s[i] (space, tab, ideographic space), 0 when none. */
static size_t timecode_space(const char *s, size_t n, size_t i)
{
    if (i < n && (s[i] == ' ' || s[i] == '\t'))
        return 1;
    if (i < n && n - i >= 3 && memcmp(s + i, "\xe3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

static size_t timecode_skip_spaces(const char *s, size_t n, size_t i)
{
    size_t k;
    while ((k = timecode_space(s, n, i)) > 0)
        i += k;
    return i;
}

/* A bare time at s[0, n): its milliseconds and *len, or -1. */
static int64_t timecode_bare(const char *s, size_t n, size_t *len)
{
    int64_t field[3] = {0, 0, 0};
    size_t i = 0;
    while (timecode_digit(s, n, i)) {
        if (i == TIMECODE_MAX_LEAD)
            return -1;
        field[0] = field[0] * 10 + (s[i++] - '0');
    }
    if (i == 0)
        return -1;
    int nf = 0;
    while (nf < 2) {
        size_t c = timecode_colon(s, n, i);
        if (!c || !timecode_digit(s, n, i + c) || !timecode_digit(s, n, i + c + 1))
            break;
        if (timecode_digit(s, n, i + c + 2))
            return -1; /* 12:345 */
        field[++nf] = (s[i + c] - '0') * 10 + (s[i + c + 1] - '0');
        i += c + 2;
    }
    if (nf == 0 || field[nf] > 59 || (nf == 2 && field[1] > 59))
        return -1;
    int64_t frac = 0;
    if (i + 1 < n && (s[i] == '.' || s[i] == ',') && timecode_digit(s, n, i + 1)) {
        size_t k = i + 1, m = 0;
        while (timecode_digit(s, n, k) && m < TIMECODE_MAX_FRAC)
            frac = frac * 10 + (s[k++] - '0'), m++;
        if (timecode_digit(s, n, k))
            return -1;
        while (m++ < TIMECODE_MAX_FRAC)
            frac *= 10;
        i = k;
    }
    int64_t h = nf == 2 ? field[0] : 0, m = field[nf - 1], sec = field[nf];
    *len = i;
    return ((h * 60 + m) * 60 + sec) * 1000 + frac;
}

/* The closing bracket that goes with an opening one at s[0]: its bytes in
 * *close (NULL when s does not start with one); the opening's length. */
static size_t timecode_open(const char *s, size_t n, const char **close)
{
    static const char *const pairs[][2] = {
        {"[", "]"}, {"(", ")"}, {"\xef\xbc\x88", "\xef\xbc\x89"} /* （） */,
        {"\xe3\x80\x90", "\xe3\x80\x91"} /* 【】 */,
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        size_t len = strlen(pairs[k][0]);
        if (n >= len && memcmp(s, pairs[k][0], len) == 0) {
            *close = pairs[k][1];
            return len;
        }
    }
    *close = NULL;
    return 0;
}

/* Bytes of a range's dash at s[i] ("-", "–", "—", "~", "-->"), 0 when none. */
static size_t timecode_dash(const char *s, size_t n, size_t i)
{
    static const char *const dashes[] = {"-->", "-", "\xe2\x80\x93", "\xe2\x80\x94", "~",
                                         "\xef\xbd\x9e" /* ～ */};
    for (size_t k = 0; k < sizeof dashes / sizeof dashes[0]; k++) {
        size_t len = strlen(dashes[k]);
        if (n - i >= len && memcmp(s + i, dashes[k], len) == 0)
            return len;
    }
    return 0;
}

int64_t timecode_at(const char *s, size_t n, size_t *len)
{
    const char *close;
    size_t open = timecode_open(s, n, &close);
    if (!open)
        return timecode_bare(s, n, len);
    size_t i = timecode_skip_spaces(s, n, open), k;
    int64_t ms = timecode_bare(s + i, n - i, &k);
    if (ms < 0)
        return -1;
    i = timecode_skip_spaces(s, n, i + k);
    size_t dash = i < n ? timecode_dash(s, n, i) : 0;
    if (dash) { /* a range: its start is the time */
        size_t j = timecode_skip_spaces(s, n, i + dash);
        if (timecode_bare(s + j, n - j, &k) < 0)
            return -1;
        i = timecode_skip_spaces(s, n, j + k);
    }
    size_t cl = strlen(close);
    if (n - i < cl || memcmp(s + i, close, cl) != 0)
        return -1;
    *len = i + cl;
    return ms;
}

int64_t timecode_parse(const char *s, size_t n)
{
    size_t len;
    int64_t ms = timecode_at(s, n, &len);
    return ms >= 0 && len == n ? ms : -1;
}

/* Where the code point that ends at s[end] starts. */
static size_t timecode_cp_start(const char *s, size_t end)
{
    size_t i = end - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && end - i < 4)
        i--;
    return i;
}

int64_t timecode_last(const char *s, size_t n, size_t *start)
{
    while (n > 0) { /* trailing spaces */
        size_t c = timecode_cp_start(s, n);
        if (!timecode_space(s, n, c))
            break;
        n = c;
    }
    if (!n)
        return -1;
    size_t from = n, len;
    unsigned char last = (unsigned char)s[n - 1];
    if (last == ']' || last == ')' || (n >= 3 && (memcmp(s + n - 3, "\xef\xbc\x89", 3) == 0 ||
                                                  memcmp(s + n - 3, "\xe3\x80\x91", 3) == 0))) {
        /* a bracketed time: the last opening bracket of its kind */
        for (size_t i = n; i-- > 0;) {
            const char *close;
            size_t open = timecode_open(s + i, n - i, &close);
            if (open && n - strlen(close) >= i && memcmp(s + n - strlen(close), close,
                                                         strlen(close)) == 0) {
                from = i;
                break;
            }
        }
    } else { /* a bare time: back over digits, colons and a fraction */
        while (from > 0) {
            size_t c = timecode_cp_start(s, from);
            unsigned char b = (unsigned char)s[c];
            if (!((b >= '0' && b <= '9') || b == '.' || b == ',' || timecode_colon(s, n, c)))
                break;
            from = c;
        }
        if (from > 0 && !timecode_space(s, n, timecode_cp_start(s, from)))
            return -1; /* glued to a word: "Q1:30" */
    }
    if (from == n)
        return -1;
    int64_t ms = timecode_at(s + from, n - from, &len);
    if (ms < 0 || from + len != n)
        return -1;
    *start = from;
    return ms;
}

bool timecode_colon_inside(const char *s, size_t n, size_t colon)
{
    size_t c = timecode_colon(s, n, colon);
    if (!c || !timecode_digit(s, n, colon + c) || !timecode_digit(s, n, colon + c + 1) ||
        timecode_digit(s, n, colon + c + 2))
        return false;
    size_t i = colon;
    while (i > 0 && timecode_digit(s, n, i - 1))
        i--;
    if (i == colon)
        return false;
    /* a name with digits glued to letters ("Q1：23 …", "A2:") keeps its colon */
    unsigned char before = i > 0 ? (unsigned char)s[i - 1] : ' ';
    return !((before >= 'A' && before <= 'Z') || (before >= 'a' && before <= 'z') ||
             before == '_');
}

size_t timecode_format(int64_t ms, bool hours, char *buf, size_t cap)
{
    if (!cap)
        return 0;
    long long s = (long long)((ms < 0 ? 0 : ms) / 1000), h = s / 3600, m = s / 60 % 60;
    int k = hours || h ? snprintf(buf, cap, "%lld:%02lld:%02lld", h, m, s % 60)
                       : snprintf(buf, cap, "%lld:%02lld", m, s % 60);
    return k < 0 ? 0 : (size_t)k < cap ? (size_t)k : cap - 1;
}
