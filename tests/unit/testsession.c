/* testsession — sessions on test documents, keys in, frame rows out. */
#include "testsession.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

session *testsession_new(doc *d, int w, int h, int mode)
{
    static const char *const files[] = {"test.txt", NULL};
    session_config c = {.layout = mode, .clipboard = true, .term = "xterm", .files = files};
    session *s = session_new(d, NULL, &c, w, h);
    assert_non_null(s);
    return s;
}

void testsession_key(session *s, int key)
{
    session_event ev = {.kind = SESSION_KEY, .key = key};
    session_handle(s, &ev);
}

void testsession_keys(session *s, const char *keys)
{
    for (size_t i = 0; keys[i];) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)keys + i, -1, &cp);
        assert_true(k > 0);
        testsession_key(s, cp);
        i += (size_t)k;
    }
}

const char *testsession_row(session *s, int y)
{
    static char buf[8192];
    const frame *f = session_frame(s);
    assert_non_null(f);
    assert_true(y >= 0 && y < f->height);
    size_t n = 0;
    int col = 0;
    for (size_t i = 0; i < f->rows[y].n; i++) {
        const frame_span *sp = &f->rows[y].spans[i];
        for (; col < sp->col && n + 1 < sizeof buf; col++)
            buf[n++] = ' ';
        if (n + sp->len + 1 < sizeof buf) {
            memcpy(buf + n, sp->text, sp->len);
            n += sp->len;
        }
        col = sp->col + sp->width;
    }
    while (n > 0 && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    if (getenv("TESTSESSION_TRACE")) /* what the test saw, when one fails */
        fprintf(stderr, "row %d: [%s]\n", y, buf);
    return buf;
}

const char *testsession_styled(session *s, int y, frame_style st)
{
    static char buf[4096];
    const frame *f = session_frame(s);
    size_t n = 0;
    for (size_t i = 0; i < f->rows[y].n; i++) {
        const frame_span *sp = &f->rows[y].spans[i];
        if (sp->style != st || n + sp->len + 2 >= sizeof buf)
            continue;
        if (n)
            buf[n++] = '|';
        memcpy(buf + n, sp->text, sp->len);
        n += sp->len;
    }
    buf[n] = '\0';
    return buf;
}

int testsession_find(session *s, const char *needle)
{
    const frame *f = session_frame(s);
    for (int y = 0; y < f->height; y++)
        if (strstr(testsession_row(s, y), needle))
            return y;
    return -1;
}
