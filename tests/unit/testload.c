/* testload — see testload.h. */
#include "testload.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "export.h"
#include "input.h"

static doc *testload_run(const char *const *names, const char *const *texts, size_t n,
                         const char *forced, status want, format_report *report)
{
    size_t lens[2];
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(texts[i]);
    const format *f = NULL;
    if (forced) {
        f = format_find(forced);
        assert_non_null(f);
    }
    doc *d = NULL;
    format_report r;
    status st = format_load_bytes(names, texts, lens, n, f, &d, &r);
    if (st != want)
        print_error("load: %s (%s), want %s\n", status_message(st), r.why, status_message(want));
    assert_int_equal(st, want);
    if (report)
        *report = r;
    return d;
}

doc *testload_one(const char *text, const char *forced, status want, format_report *report)
{
    const char *names[1] = {"t.txt"}, *texts[1] = {text};
    return testload_run(names, texts, 1, forced, want, report);
}

doc *testload_two(const char *a, const char *ta, const char *b, const char *tb,
                  const char *forced, status want, format_report *report)
{
    const char *names[2] = {a, b}, *texts[2] = {ta, tb};
    return testload_run(names, texts, 2, forced, want, report);
}

bool testload_shared(const char *path, const char *what)
{
    FILE *f = fopen(path, "rb");
    if (f) {
        fclose(f);
        return true;
    }
    printf("SKIP: %s (no ../shared)\n", what);
    /* tests/run lists the skipped cases in its summary */
    const char *log = getenv("DUET_SKIP_LOG");
    FILE *l = log && *log ? fopen(log, "a") : NULL;
    if (l) {
        fprintf(l, "SKIP: %s (no ../shared)\n", what);
        fclose(l);
    }
    return false;
}

doc *testload_file(const char *path, const char *path2)
{
    const char *paths[2] = {path, path2};
    doc *d = NULL;
    format_report r;
    status st = format_load(paths, path2 ? 2 : 1, NULL, INPUT_DEFAULT_LIMIT, &d, &r);
    if (st != ST_OK)
        print_error("%s: %s (%s)\n", path, status_message(st), r.why);
    assert_int_equal(st, ST_OK);
    return d;
}

const char *testload_units(const doc *d, lang_id l)
{
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->nparas[l] && n + 64 < sizeof buf; i++) {
        const doc_para *p = &d->paras[l][i];
        const char *sp = p->speaker >= 0 ? d->speakers[p->speaker].name : "?";
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%u", n ? " " : "", p->first_line);
        if (p->last_line != p->first_line)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "-%u", p->last_line);
        n += (size_t)snprintf(buf + n, sizeof buf - n, ":%s", sp);
        if (p->label_line)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "/%u", p->label_line);
        if (p->start_ms >= 0)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "@%lld", (long long)p->start_ms);
    }
    return buf;
}

const char *testload_segments(const doc *d)
{
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->nsegments && n + 64 < sizeof buf; i++) {
        const doc_segment *s = &d->segments[i];
        if (n)
            buf[n++] = ' ';
        for (int l = 0; l < LANG_SIDES; l++) {
            if (l)
                buf[n++] = '/';
            if (!s->count[l])
                buf[n++] = '-';
            for (uint32_t k = 0; k < s->count[l]; k++)
                n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%u", k ? "," : "",
                                      d->paras[l][s->first[l] + k].first_line);
        }
        buf[n] = '\0';
    }
    return buf;
}

const char *testload_notes(const doc *d)
{
    static char buf[1024];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->nnotes && n + 40 < sizeof buf; i++) {
        const doc_note *x = &d->notes[i];
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s:%u", n ? " " : "",
                              doc_note_kind_name(x->kind), x->first_line);
        if (x->last_line != x->first_line)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "-%u", x->last_line);
    }
    return buf;
}

const char *testload_text(const doc *d, lang_id l, size_t i)
{
    static char buf[2048];
    assert_true(i < d->nparas[l]);
    snprintf(buf, sizeof buf, "%.*s", (int)d->paras[l][i].len, d->paras[l][i].text);
    return buf;
}

void testload_accounted(const doc *d)
{
    for (size_t s = 0; s < d->nsources; s++) {
        export_accounting a;
        assert_int_equal(export_account(d, s, &a, stderr), ST_OK);
        assert_int_equal(a.problems, 0);
        assert_int_equal(a.roles[DOC_LINE_UNACCOUNTED], 0);
    }
    size_t next[LANG_SIDES] = {0, 0};
    for (size_t i = 0; i < d->nsegments; i++)
        for (int l = 0; l < LANG_SIDES; l++) {
            if (d->segments[i].count[l])
                assert_int_equal(d->segments[i].first[l], next[l]);
            next[l] += d->segments[i].count[l];
        }
    assert_int_equal(next[LANG_ZH], d->nparas[LANG_ZH]);
    assert_int_equal(next[LANG_EN], d->nparas[LANG_EN]);
}

