/* check — invariants the fuzz targets assert (see check.h). */
#include "check.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void check_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
    fprintf(stderr, "%s:%d: check failed: %s: ", file, line, cond);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* Decodes one UTF-8 sequence at s (n > 0 bytes); returns its length and the
 * code point in *cp, or 0 when it is not valid. */
static size_t check_utf8_one(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, min = 0x80, *cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, min = 0x800, *cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, min = 0x10000, *cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return len;
}

bool check_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = check_utf8_one(p + i, n - i, &cp);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

bool check_inert(const char *s, size_t n, const char *allowed, size_t *at)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = check_utf8_one(p + i, n - i, &cp);
        bool bad = k == 0 || (cp < 0x20 && !(cp && strchr(allowed, (int)cp))) ||
                   (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
                   (cp >= 0x2066 && cp <= 0x2069);
        if (bad) {
            if (at)
                *at = i;
            return false;
        }
        i += k;
    }
    return true;
}

/* ---- a small JSON validator (recursive descent) --------------------------- */

typedef struct json_in {
    const char *s;
    size_t n, i;
    int depth;
} json_in;

static bool json_value(json_in *j);

static void json_ws(json_in *j)
{
    while (j->i < j->n && strchr(" \t\r\n", j->s[j->i]) && j->s[j->i])
        j->i++;
}

static bool json_lit(json_in *j, const char *lit)
{
    size_t k = strlen(lit);
    if (j->n - j->i < k || memcmp(j->s + j->i, lit, k) != 0)
        return false;
    j->i += k;
    return true;
}

static bool json_string(json_in *j)
{
    if (j->i >= j->n || j->s[j->i] != '"')
        return false;
    j->i++;
    while (j->i < j->n) {
        unsigned char c = (unsigned char)j->s[j->i];
        if (c == '"') {
            j->i++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (++j->i >= j->n)
                return false;
            char e = j->s[j->i++];
            if (e == 'u') {
                for (int h = 0; h < 4; h++, j->i++)
                    if (j->i >= j->n || !strchr("0123456789abcdefABCDEF", j->s[j->i]) || !j->s[j->i])
                        return false;
            } else if (!strchr("\"\\/bfnrt", e) || !e) {
                return false;
            }
            continue;
        }
        uint32_t cp;
        size_t k = check_utf8_one((const unsigned char *)j->s + j->i, j->n - j->i, &cp);
        if (!k)
            return false;
        j->i += k;
    }
    return false;
}

static size_t json_digits(json_in *j)
{
    size_t k = 0;
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
        j->i++, k++;
    return k;
}

static bool json_number(json_in *j)
{
    if (j->i < j->n && j->s[j->i] == '-')
        j->i++;
    if (j->i < j->n && j->s[j->i] == '0')
        j->i++;
    else if (!json_digits(j))
        return false;
    if (j->i < j->n && j->s[j->i] == '.') {
        j->i++;
        if (!json_digits(j))
            return false;
    }
    if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        j->i++;
        if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
            j->i++;
        if (!json_digits(j))
            return false;
    }
    return true;
}

/* An array or object: open, elements separated by commas, close. */
static bool json_container(json_in *j, char close, bool object)
{
    if (++j->depth > 64)
        return false;
    j->i++;
    json_ws(j);
    if (j->i < j->n && j->s[j->i] == close) {
        j->i++;
        j->depth--;
        return true;
    }
    for (;;) {
        json_ws(j);
        if (object) {
            if (!json_string(j))
                return false;
            json_ws(j);
            if (j->i >= j->n || j->s[j->i++] != ':')
                return false;
        }
        if (!json_value(j))
            return false;
        json_ws(j);
        if (j->i >= j->n)
            return false;
        char c = j->s[j->i++];
        if (c == close)
            break;
        if (c != ',')
            return false;
    }
    j->depth--;
    return true;
}

static bool json_value(json_in *j)
{
    json_ws(j);
    if (j->i >= j->n)
        return false;
    switch (j->s[j->i]) {
    case '{': return json_container(j, '}', true);
    case '[': return json_container(j, ']', false);
    case '"': return json_string(j);
    case 't': return json_lit(j, "true");
    case 'f': return json_lit(j, "false");
    case 'n': return json_lit(j, "null");
    default: return json_number(j);
    }
}

bool check_json(const char *s, size_t n)
{
    json_in j = {s, n, 0, 0};
    if (!json_value(&j))
        return false;
    json_ws(&j);
    return j.i == n;
}

/* ---- capturing a stream ----------------------------------------------------- */

FILE *check_capture_begin(check_capture *c)
{
    c->buf = NULL;
    c->n = 0;
    c->f = open_memstream(&c->buf, &c->n);
    CHECK(c->f != NULL, "open_memstream");
    return c->f;
}

char *check_capture_end(check_capture *c, size_t *n)
{
    fclose(c->f);
    c->f = NULL;
    *n = c->n;
    return c->buf;
}
