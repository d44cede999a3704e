/* frame — rows of spans, and the text copied into a frame. */
#include "frame.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* Text copied into the frame: chunks that never move once allocated (spans
 * point into them), emptied by frame_reset and filled again. */
struct frame_chunk {
    char *buf;
    size_t cap, used;
};

#define FRAME_CHUNK_BYTES 8192

static const char *const style_names[FRAME_STYLES] = {
#define FRAME_STYLE_NAME(id, name) name,
    FRAME_STYLE_TABLE(FRAME_STYLE_NAME)
#undef FRAME_STYLE_NAME
};

const char *frame_style_name(frame_style s) { return s < FRAME_STYLES ? style_names[s] : "?"; }

bool frame_reset(frame *f, int width, int height)
{
    if (height < 0)
        height = 0;
    size_t old = f->rows_cap;
    if (!GROW(f->rows, f->rows_cap, (size_t)height))
        return false;
    memset(f->rows + old, 0, (f->rows_cap - old) * sizeof *f->rows);
    for (int y = 0; y < height; y++)
        f->rows[y].n = 0;
    for (size_t i = 0; i < f->nchunks; i++)
        f->chunks[i].used = 0;
    f->chunk_at = 0;
    f->width = width;
    f->height = height;
    f->cursor_row = f->cursor_col = -1;
    return true;
}

void frame_free(frame *f)
{
    for (size_t y = 0; y < f->rows_cap; y++)
        free(f->rows[y].spans);
    for (size_t i = 0; i < f->nchunks; i++)
        free(f->chunks[i].buf);
    free(f->rows);
    free(f->chunks);
    *f = (frame){0};
}

void frame_clear_row(frame *f, int y)
{
    if (y >= 0 && y < f->height)
        f->rows[y].n = 0;
}

bool frame_add(frame *f, int y, frame_span sp)
{
    if (y < 0 || y >= f->height)
        return false;
    frame_row *r = &f->rows[y];
    if (!GROW(r->spans, r->cap, r->n + 1))
        return false;
    r->spans[r->n++] = sp;
    return true;
}

const char *frame_text(frame *f, const char *s, size_t n)
{
    while (f->chunk_at < f->nchunks && f->chunks[f->chunk_at].cap - f->chunks[f->chunk_at].used < n)
        f->chunk_at++; /* the rest of a chunk too small for this text stays unused */
    if (f->chunk_at == f->nchunks) {
        if (!GROW(f->chunks, f->chunks_cap, f->nchunks + 1))
            return NULL;
        size_t cap = n > FRAME_CHUNK_BYTES ? n : FRAME_CHUNK_BYTES;
        char *buf = malloc(cap);
        if (!buf)
            return NULL;
        f->chunks[f->nchunks++] = (frame_chunk){buf, cap, 0};
    }
    frame_chunk *c = &f->chunks[f->chunk_at];
    char *at = c->buf + c->used;
    if (n)
        memcpy(at, s, n);
    c->used += n;
    return at;
}

int frame_put(frame *f, const text_widths *tw, int y, int col, const char *s, int maxw,
              frame_style st, int colour)
{
    size_t len = strlen(s), i = 0;
    int w = 0;
    while (i < len) {
        size_t k = text_cluster_len(s + i, len - i);
        int adv = text_advance(tw, s + i, k, w);
        if (w + adv > maxw)
            break;
        w += adv;
        i += k;
    }
    if (i == 0)
        return 0;
    const char *t = frame_text(f, s, i);
    frame_span sp = {t, (uint32_t)i, col, w, col, (uint8_t)st, (int8_t)colour, 0};
    return t && frame_add(f, y, sp) ? w : -1;
}
