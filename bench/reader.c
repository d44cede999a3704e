/* bench/reader — what the reader costs per screen on long transcripts.
 *
 * Builds a synthetic finished document through the doc builder (no
 * parsing: this measures layout and reader alone) of about 10 MB: turns of
 * random Chinese and English of realistic lengths, two speakers, an intro
 * and a footer. Then times what a user meets: opening (a session and its
 * first frame at 120x40), and each key (reader_apply followed by the frame
 * it leads to), repeated over many positions:
 * the mean and the worst per key. The brief's budget is 35 ms for the first
 * screen and 10 ms per key.
 *
 * Usage: reader [MEGABYTES]   (default 10)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "reader.h"
#include "session.h"
#include "bench.h"

/* Appends a random paragraph to buf: Han characters with Chinese commas,
 * or English words. */
static size_t paragraph(char *buf, int zh)
{
    static const char *const words[] = {"the", "model", "language", "because", "we", "believe",
                                        "intelligence", "Alibaba", "cloud", "and", "of", "a"};
    size_t n = 0;
    if (zh) {
        int chars = 40 + (int)(bench_rnd() % 400);
        for (int i = 0; i < chars; i++) {
            if (i % 17 == 16) {
                memcpy(buf + n, "\xEF\xBC\x8C", 3); /* ， */
            } else {
                unsigned cp = 0x4E00 + (unsigned)(bench_rnd() % 0x5000);
                buf[n] = (char)(0xE0 | (cp >> 12));
                buf[n + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                buf[n + 2] = (char)(0x80 | (cp & 0x3F));
            }
            n += 3;
        }
    } else {
        int count = 30 + (int)(bench_rnd() % 300);
        for (int i = 0; i < count; i++) {
            const char *w = words[bench_rnd() % (sizeof words / sizeof words[0])];
            if (i)
                buf[n++] = ' ';
            memcpy(buf + n, w, strlen(w));
            n += strlen(w);
        }
    }
    buf[n] = '\0';
    return n;
}

static doc *build(size_t bytes)
{
    doc *d = doc_new();
    if (!d || doc_add_source(d, "bench.txt", "x\n", 2) != ST_OK)
        return NULL;
    int sp[2] = {doc_intern_speaker(d, "Host", 4, NULL, 0), doc_intern_speaker(d, "Guest", 5, NULL, 0)};
    doc_add_note(d, DOC_NOTE_INTRO, 0, 1, 1, "An introduction.", 16);
    static char buf[8192];
    size_t total = 0;
    uint32_t k = 0;
    for (; total < bytes; k++) {
        doc_segment s = {.first = {k, k}, .count = {1, 1}, .speaker = sp[k % 2], .confidence = 0.9f};
        for (int l = 0; l < 2; l++) {
            size_t n = paragraph(buf, l == 0);
            char *t = doc_strdup(d, buf, n);
            doc_para p = {.text = t, .len = n, .speaker = s.speaker, .first_line = 1,
                          .last_line = 1, .start_ms = -1, .end_ms = -1};
            doc_add_para(d, (lang_id)l, &p);
            total += n;
        }
        doc_add_segment(d, &s);
    }
    doc_add_note(d, DOC_NOTE_FOOTER, 0, 1, 1, "A footer.", 9);
    return doc_finish(d) == ST_OK ? d : NULL;
}

/* One key through the session (the panel's keys too), then the frame it
 * leads to: the rows, the panel's rows when it is open, the status line. */
static double timed_key(session *s, int key, bool timeout)
{
    double a = bench_now_ms();
    session_handle(s, &(session_event){.kind = SESSION_KEY, .key = key});
    if (timeout)
        session_handle(s, &(session_event){.kind = SESSION_TIMER});
    session_frame(s);
    return bench_now_ms() - a;
}

/* The speaker keys on the whole document: hiding a speaker (1 and the
 * digit timeout), J while one is hidden, 10g counting shown segments, S,
 * context, and the panel (its first opening counts every speaker's words). */
static void bench_speakers(session *s)
{
    static const struct {
        const char *name;
        const char *keys;
        bool timeout;
    } cases[] = {
        {"1 (hide)", "1", true}, {"J", "J", false},     {"10g", "10g", false},
        {"1 (show)", "1", true}, {"S", "S", false},     {"c", "c", false},
        {"S again", "S", false}, {"c again", "c", false},
        {"s (first)", "s", false}, {"Space", " ", false}, {"Space", " ", false}, {"Enter", "\r", false},
    };
    printf("speakers (a key + the frame: rows, panel, status line):\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double t = 0;
        for (const char *k = cases[i].keys; *k; k++)
            t += timed_key(s, (unsigned char)*k, cases[i].timeout && !k[1]);
        printf("%-10s %10.3f ms\n", cases[i].name, t);
    }
}

typedef struct key_case {
    const char *name;
    const char *keys;
} key_case;

int main(int argc, char **argv)
{
    double mb = argc > 1 ? atof(argv[1]) : 10.0;
    double t0 = bench_now_ms();
    doc *d = build((size_t)(mb * 1e6));
    if (!d) {
        fprintf(stderr, "reader: out of memory\n");
        return 1;
    }
    printf("document: %.0f MB of text, %zu segments (built in %.0f ms)\n", mb, d->nsegments,
           bench_now_ms() - t0);

    t0 = bench_now_ms();
    const char *files[] = {"bench.txt", NULL};
    session_config c = {.layout = -1, .files = files};
    session *s = session_new(d, NULL, &c, 120, 40);
    const frame *f = s ? session_frame(s) : NULL;
    double open = bench_now_ms() - t0;
    printf("first screen (session_new + its frame, 120x40): %.2f ms  [budget 35 ms]\n", open);
    if (!f)
        return 1;
    reader *r = session_reader(s);

    static const key_case keys[] = {
        {"j", "j"}, {"k", "k"}, {"Space", " "}, {"b", "b"}, {"d", "d"}, {"J", "J"}, {"K", "K"},
        {")", ")"}, {"G", "G"}, {"g", "g"}, {"50%", "50%"}, {"5000g", "5000g"}, {"l", "l"},
        {"w", "w"},
    };
    printf("%-8s %10s %10s   (each key: the session's event + the frame)\n", "key", "mean ms",
           "worst ms");
    double worst_all = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        double sum = 0, worst = 0;
        int reps = 200;
        for (int k = 0; k < reps; k++) {
            if (k % 20 == 0) /* from many places in the document */
                reader_apply(r, ACTION_PERCENT, (long)(bench_rnd() % 100));
            double t = 0;
            for (const char *key = keys[i].keys; *key; key++)
                t += timed_key(s, (unsigned char)*key, false);
            sum += t;
            if (t > worst)
                worst = t;
        }
        printf("%-8s %10.3f %10.3f\n", keys[i].name, sum / reps, worst);
        if (worst > worst_all)
            worst_all = worst;
    }
    double a = bench_now_ms();
    session_handle(s, &(session_event){.kind = SESSION_RESIZE, .width = 80, .height = 24});
    session_frame(s);
    printf("resize 120x40 -> 80x24 (re-wrap what shows): %.3f ms\n", bench_now_ms() - a);
    printf("worst key: %.3f ms  [budget 10 ms]\n", worst_all);
    session_handle(s, &(session_event){.kind = SESSION_RESIZE, .width = 120, .height = 40});
    bench_speakers(s);
    session_free(s);
    doc_free(d);
    return 0;
}
