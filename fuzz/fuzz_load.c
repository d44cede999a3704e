/* fuzz_load — layout detection, parsing and alignment of any bytes
 * (format_load_bytes), then everything that reads the doc: the line
 * accounting, every export, and the layout at a random width.
 *
 * Input: byte 0 picks the format (auto, or one of the registry, as
 * --format forces it), byte 1 one or two sources, the layout mode and pane
 * order, byte 2 the width, byte 3 where two sources split; the rest is the
 * file. Sources are named with terminal escapes, as a hostile file name
 * would be. Invariants: segments partition the paragraphs; every source
 * line is accounted for exactly once (export_account, as --check counts);
 * all doc text is inert; JSON export parses; --check, --dump, md and TSV
 * output hold no control but line ends (and tabs in TSV); every layout row
 * keeps its spans in order inside the width. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "export.h"
#include "format.h"
#include "layout.h"

static const char *const fuzz_load_names[2] = {
    "zh\x1b]0;title\x07\x1b[2J\xc2\x9b" "6n.txt",
    "en\xe2\x80\xae\x9d\x7f.txt",
};

static void fuzz_load_text(const char *what, const char *s, size_t n, const char *allowed)
{
    size_t at = 0;
    CHECK(check_utf8(s, n), "%s is not valid UTF-8", what);
    CHECK(check_inert(s, n, allowed, &at), "%s: control at byte %zu", what, at);
}

static void fuzz_load_doc(const doc *d)
{
    for (int l = 0; l < LANG_SIDES; l++) {
        uint32_t next = 0;
        for (size_t k = 0; k < d->nsegments; k++) {
            CHECK(d->segments[k].first[l] == next, "segment %zu does not follow on", k);
            next += d->segments[k].count[l];
        }
        CHECK(next == d->nparas[l], "segments cover %u of %zu paragraphs", next, d->nparas[l]);
        for (size_t p = 0; p < d->nparas[l]; p++)
            fuzz_load_text("paragraph", d->paras[l][p].text, d->paras[l][p].len, "\n\t");
    }
    for (size_t k = 0; k < d->nnotes; k++)
        fuzz_load_text("note", d->notes[k].text, d->notes[k].len, "\n\t");
    for (size_t k = 0; k < d->nspeakers; k++) {
        fuzz_load_text("speaker", d->speakers[k].name, strlen(d->speakers[k].name), "\t");
        for (size_t j = 0; j < d->speakers[k].nlabels; j++)
            fuzz_load_text("label", d->speakers[k].labels[j], strlen(d->speakers[k].labels[j]),
                           "\t");
    }
    for (size_t s = 0; s < d->nsources; s++) {
        export_accounting acc;
        CHECK(export_account(d, s, &acc, NULL) == ST_OK, "export_account");
        CHECK(acc.problems == 0 && acc.roles[DOC_LINE_UNACCOUNTED] == 0,
              "source %zu: %zu lines not accounted for exactly once (%zu unaccounted)", s,
              acc.problems, acc.roles[DOC_LINE_UNACCOUNTED]);
    }
}

static void fuzz_load_exports(const doc *d, int width, layout_mode mode)
{
    check_capture c;
    size_t n;
    char *o;
    bool transcript;
    char why[EXPORT_WHY_MAX];

    CHECK(export_json(d, check_capture_begin(&c)) == ST_OK, "export_json");
    o = check_capture_end(&c, &n);
    CHECK(check_json(o, n), "export_json does not parse");
    fuzz_load_text("json", o, n, "\n");
    free(o);

    CHECK(export_check(d, check_capture_begin(&c), &transcript, why) == ST_OK, "export_check");
    o = check_capture_end(&c, &n);
    fuzz_load_text("--check", o, n, "\n\t");
    free(o);
    CHECK(transcript || why[0], "--check says no transcript without a reason");

    CHECK(export_md(d, check_capture_begin(&c)) == ST_OK, "export_md");
    o = check_capture_end(&c, &n);
    fuzz_load_text("md", o, n, "\n\t");
    free(o);

    CHECK(export_tsv(d, check_capture_begin(&c)) == ST_OK, "export_tsv");
    o = check_capture_end(&c, &n);
    fuzz_load_text("tsv", o, n, "\n\t");
    free(o);

    CHECK(export_dump(d, width, mode, NULL, check_capture_begin(&c)) == ST_OK, "export_dump");
    o = check_capture_end(&c, &n);
    fuzz_load_text("--dump", o, n, "\n");
    free(o);
}

static void fuzz_load_frame(const layout_frame *f, int width)
{
    for (size_t r = 0; r < f->nrows; r++) {
        const layout_row *row = &f->rows[r];
        int col = 0;
        for (size_t k = 0; k < row->nspans; k++) {
            const layout_span *sp = &row->spans[k];
            CHECK(sp->col >= col && sp->width >= 0 && sp->col + sp->width <= width,
                  "row %zu span %zu at %d+%d (from %d) in %d", r, k, sp->col, sp->width, col,
                  width);
            fuzz_load_text("span", sp->text, sp->len, "\t");
            col = sp->col + sp->width;
        }
        char buf[4096];
        layout_row_text(NULL, row, buf, sizeof buf);
    }
}

static void fuzz_load_layout(const doc *d, int width, layout_mode mode, bool swap)
{
    layout *L = layout_new(d, NULL);
    CHECK(L != NULL, "layout_new");
    layout_pos top = layout_set_geometry(L, width, mode, swap, layout_first(L));
    const layout_frame *f = layout_render(L, top, 24);
    CHECK(f != NULL, "layout_render");
    fuzz_load_frame(f, width);
    top = layout_end_top(L, 24);
    fuzz_load_frame(layout_render(L, top, 24), width);
    long moved = 0;
    top = layout_scroll(L, top, -37, &moved);
    CHECK(moved <= 0 && moved >= -37, "scrolled %ld rows for -37", moved);
    /* A resize keeps the top block; the new rows must fit the new width. */
    int narrow = width / 3 + 1;
    top = layout_set_geometry(L, narrow, LAYOUT_STACK, swap, top);
    fuzz_load_frame(layout_render(L, top, 24), narrow);
    double frac = layout_fraction(L, top);
    CHECK(frac >= 0 && frac <= 1, "fraction %f", frac);
    layout_free(L);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    size_t nformats;
    const format *const *all = format_all(&nformats);
    unsigned pick = data[0] % (nformats + 1);
    const format *forced = pick ? all[pick - 1] : NULL;
    size_t nsrc = (data[1] & 1) + 1;
    layout_mode mode = (layout_mode)((data[1] >> 1) % LAYOUT_MODES);
    bool swap = data[1] & 0x10;
    int width = 1 + data[2] % 200;
    const char *body = (const char *)data + 4;
    size_t n = size - 4, cut = n * data[3] / 255;
    const char *bytes[2] = {body, body + cut};
    size_t lens[2] = {nsrc == 2 ? cut : n, n - cut};

    doc *d = NULL;
    format_report rep;
    status st = format_load_bytes(fuzz_load_names, bytes, lens, nsrc, forced, &d, &rep);
    if (st != ST_OK) {
        CHECK(d == NULL, "a failed load handed back a doc");
        CHECK(status_exit_code(st) != 0, "status %d is a failure with exit code 0", (int)st);
        return 0;
    }
    fuzz_load_doc(d);
    fuzz_load_exports(d, width, mode);
    fuzz_load_layout(d, width, mode, swap);
    doc_free(d);
    return 0;
}
