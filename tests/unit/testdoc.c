/* testdoc — small finished documents for unit tests. */
#include "testdoc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A growing buffer of source lines. */
typedef struct lines {
    char *buf;
    size_t len, cap;
    uint32_t n;
} lines;

static uint32_t lines_add(lines *L, const char *s)
{
    size_t n = strlen(s);
    if (L->len + n + 2 > L->cap) {
        L->cap = (L->len + n + 2) * 2;
        L->buf = realloc(L->buf, L->cap);
        assert_non_null(L->buf);
    }
    memcpy(L->buf + L->len, s, n);
    L->len += n;
    L->buf[L->len++] = '\n';
    L->buf[L->len] = '\0';
    return ++L->n;
}

static void add_para(doc *d, lang_id l, const char *text, int speaker, uint32_t line)
{
    doc_para p = {.text = text, .len = strlen(text), .speaker = speaker, .source = 0,
                  .first_line = line, .last_line = line, .start_ms = -1, .end_ms = -1};
    assert_true(doc_add_para(d, l, &p) >= 0);
    doc_set_role(d, 0, line, DOC_LINE_TEXT);
}

doc *testdoc_build(const char *intro, const testdoc_seg *segs, size_t n, const char *footer)
{
    lines src = {0};
    /* Line numbers first: intro, then each segment's paragraphs, footer. */
    uint32_t intro_line = intro ? lines_add(&src, intro) : 0;
    uint32_t *para_line = calloc(n * 2 * TESTDOC_MAX_PARAS + 1, sizeof *para_line);
    assert_non_null(para_line);
    for (size_t k = 0; k < n; k++)
        for (int l = 0; l < 2; l++)
            for (int i = 0; i < TESTDOC_MAX_PARAS; i++) {
                const char *t = l == 0 ? segs[k].zh[i] : segs[k].en[i];
                if (t)
                    para_line[(k * 2 + (size_t)l) * TESTDOC_MAX_PARAS + (size_t)i] = lines_add(&src, t);
            }
    uint32_t footer_line = footer ? lines_add(&src, footer) : 0;

    doc *d = doc_new();
    assert_non_null(d);
    assert_int_equal(doc_add_source(d, "test.txt", src.buf ? src.buf : "", src.len), ST_OK);
    doc_set_layout(d, "test", "built by testdoc");
    if (intro) {
        assert_true(doc_add_note(d, DOC_NOTE_INTRO, 0, intro_line, intro_line, intro, strlen(intro)));
        doc_set_role(d, 0, intro_line, DOC_LINE_NOTE);
    }
    uint32_t next[2] = {0, 0};
    for (size_t k = 0; k < n; k++) {
        int sp = -1;
        if (segs[k].speaker)
            sp = doc_intern_speaker(d, segs[k].speaker, strlen(segs[k].speaker), NULL, 0);
        doc_segment s = {.speaker = sp, .confidence = segs[k].confidence > 0 ? segs[k].confidence : 1.0f};
        for (int l = 0; l < 2; l++) {
            s.first[l] = next[l];
            for (int i = 0; i < TESTDOC_MAX_PARAS; i++) {
                const char *t = l == 0 ? segs[k].zh[i] : segs[k].en[i];
                if (!t)
                    break;
                add_para(d, (lang_id)l, t, sp, para_line[(k * 2 + (size_t)l) * TESTDOC_MAX_PARAS + (size_t)i]);
                s.count[l]++;
            }
            next[l] += s.count[l];
        }
        assert_true(doc_add_segment(d, &s));
    }
    if (footer) {
        assert_true(doc_add_note(d, DOC_NOTE_FOOTER, 0, footer_line, footer_line, footer, strlen(footer)));
        doc_set_role(d, 0, footer_line, DOC_LINE_NOTE);
    }
    assert_int_equal(doc_finish(d), ST_OK);
    free(para_line);
    free(src.buf);
    return d;
}

doc *testdoc_generated(size_t n)
{
    static const char *const names[3] = {"主持人", "Guest", "蔡崇信"};
    testdoc_seg *segs = calloc(n ? n : 1, sizeof *segs);
    char **texts = calloc(2 * (n ? n : 1), sizeof *texts);
    assert_non_null(segs);
    assert_non_null(texts);
    for (size_t k = 0; k < n; k++) {
        size_t han = (k % 7 + 1) * 9, words = (k % 5 + 1) * 12;
        char *zh = malloc(han * 3 + 1), *en = malloc(words * 8 + 1);
        assert_non_null(zh);
        assert_non_null(en);
        for (size_t i = 0; i < han; i++)
            memcpy(zh + 3 * i, i % 9 == 8 ? "\xEF\xBC\x8C" : "\xE4\xB8\xAD", 3); /* 中 or ， */
        zh[han * 3] = '\0';
        size_t len = 0;
        for (size_t i = 0; i < words; i++)
            len += (size_t)sprintf(en + len, "%sword%zu", i ? " " : "", i % 10);
        texts[2 * k] = zh;
        texts[2 * k + 1] = en;
        segs[k] = (testdoc_seg){.speaker = names[k % 3], .zh = {zh}, .en = {en}};
    }
    doc *d = testdoc_build(NULL, segs, n, NULL);
    for (size_t i = 0; i < 2 * n; i++)
        free(texts[i]);
    free(texts);
    free(segs);
    return d;
}
