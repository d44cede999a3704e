/* reading — the mode at the bottom of the stack: keys with counts and
 * marks become the reader's moves or open the other modes; it draws the
 * transcript's rows and the status line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

static void reading_apply(session *s, void *st, action a, long count)
{
    (void)st;
    reader *r = session_reader(s);
    r->message[0] = '\0';
    switch (a) {
    case ACTION_HELP: session_push(s, &help_mode); break;
    case ACTION_SPEAKER_PANEL: session_push(s, &panel_mode); break;
    case ACTION_SEARCH_FORWARD:
    case ACTION_SEARCH_BACKWARD:
        reader_prompt_open(r, a == ACTION_SEARCH_FORWARD);
        session_push(s, &prompt_search_mode);
        break;
    case ACTION_GOTO: session_push(s, &prompt_goto_mode); break;
    case ACTION_COPY: session_copy(s); break;
    case ACTION_REDRAW: session_request(s, SESSION_REPAINT); break;
    case ACTION_SUSPEND: session_request(s, SESSION_SUSPEND); break;
    case ACTION_QUIT: session_request(s, SESSION_QUIT); break;
    default: reader_apply(r, a, count); break;
    }
}

/* The wheel scrolls (both panes: they are one view), a click makes a
 * segment current. */
static bool reading_mouse(session *s, void *st, const session_event *ev)
{
    (void)st;
    reader *r = session_reader(s);
    if (ev->wheel)
        reader_apply(r, ev->wheel < 0 ? ACTION_LINE_UP : ACTION_LINE_DOWN, abs(ev->wheel));
    else
        reader_click(r, ev->y);
    return true;
}

/* ---- the status line ------------------------------------------------------------- */

/* Appends up to maxw columns of s (whole clusters) to buf at *n; returns
 * the columns added. */
static int bar_fit(const text_widths *tw, char *buf, size_t cap, size_t *n, const char *s, int maxw)
{
    int w = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t k = text_cluster_len(s + i, len - i);
        int adv = text_advance(tw, s + i, k, w);
        if (w + adv > maxw || *n + k + 1 > cap)
            break;
        if (s[i] == '\t') { /* names with tabs: one space each */
            buf[(*n)++] = ' ';
            adv = 1;
        } else {
            memcpy(buf + *n, s + i, k);
            *n += k;
        }
        w += adv;
        i += k;
    }
    buf[*n] = '\0';
    return w;
}

static int bar_spaces(char *buf, size_t cap, size_t *n, int count)
{
    int w = 0;
    for (; w < count && *n + 2 < cap; w++)
        buf[(*n)++] = ' ';
    buf[*n] = '\0';
    return w;
}

/* The byte of line at which column col starts. */
static size_t bar_byte_at(const text_widths *tw, const char *line, int col)
{
    size_t at = 0, len = strlen(line);
    for (int w = 0; w < col && at < len;) {
        size_t k = text_cluster_len(line + at, len - at);
        w += text_advance(tw, line + at, k, w);
        at += k;
    }
    return at;
}

/* The status line, `W` columns, into buf: what is being typed (a count,
 * ":12", "m"; else the message; else the file name), the filter and search
 * notes, "segment k/n", the speaker and the position ("37%", "END",
 * "loading…", "reading…"). Parts give way from the left and the middle when the
 * terminal is narrow. *sp_col and *sp_w say where the speaker's name went
 * (width 0 when it is not shown), *sp its index in doc.speakers. */
static void bar_build(session *s, int W, char *buf, size_t cap, int *sp_col, int *sp_w, int *sp)
{
    reader *r = session_reader(s);
    const text_widths *tw = session_widths(s);
    char pending[32], right[192], pos[16], segtxt[64], notes[2][96];
    bool loading = session_loading(s);
    session_pending(s, pending, sizeof pending);
    *sp_col = *sp_w = 0;
    *sp = -1;
    size_t cur = reader_current_segment(r), nseg = r->d->nsegments;
    size_t shown = cur < nseg ? cur + 1 : nseg;
    snprintf(pos, sizeof pos, "%s", loading ? session_loading_note(s) : reader_at_end(r) ? "END" : "");
    if (!pos[0])
        snprintf(pos, sizeof pos, "%d%%", reader_percent(r));
    const char *speaker = "";
    if (cur < nseg && r->d->segments[cur].speaker >= 0) {
        *sp = r->d->segments[cur].speaker;
        speaker = r->d->speakers[*sp].name;
    }
    if (loading) /* the count is not known yet */
        snprintf(segtxt, sizeof segtxt, "segment %zu", shown);
    else
        snprintf(segtxt, sizeof segtxt, "segment %zu/%zu", shown, nseg);
    /* Drop parts from the right when the line is narrow: speaker first. */
    int spw = text_string_width(tw, speaker, strlen(speaker)), sp_off = -1;
    if (spw > 24)
        spw = 24;
    if (W >= (int)strlen(segtxt) + spw + (int)strlen(pos) + 12 && spw > 0) {
        snprintf(right, sizeof right, "%s  ", segtxt);
        size_t rn = strlen(right);
        sp_off = text_string_width(tw, right, rn);
        spw = bar_fit(tw, right, sizeof right, &rn, speaker, 24);
        snprintf(right + rn, sizeof right - rn, "  %s", pos);
    } else if (W >= (int)strlen(segtxt) + (int)strlen(pos) + 4) {
        snprintf(right, sizeof right, "%s  %s", segtxt, pos);
    } else if (loading) {
        snprintf(right, sizeof right, "%zu/? %s", shown, pos);
    } else {
        snprintf(right, sizeof right, "%zu/%zu %s", shown, nseg, pos);
    }
    /* The search and filter notes go before it while the name keeps room. */
    find_note(r->find, notes[1], sizeof notes[1]);
    reader_filter_note(r, notes[0], sizeof notes[0]);
    for (int i = 1; i >= 0; i--) {
        const char *note = notes[i];
        int nw = text_string_width(tw, note, strlen(note));
        int rw0 = text_string_width(tw, right, strlen(right));
        if (!note[0] || rw0 + nw + 2 + 12 > W)
            continue;
        char tmp[sizeof right];
        size_t tn = 0;
        bar_fit(tw, tmp, sizeof tmp, &tn, note, nw);
        snprintf(tmp + tn, sizeof tmp - tn, "  %s", right);
        memcpy(right, tmp, sizeof right);
        if (sp_off >= 0)
            sp_off += nw + 2;
    }
    int rw = text_string_width(tw, right, strlen(right));
    if (rw > W) {
        right[0] = '\0';
        rw = 0;
        sp_off = -1;
    }
    /* What is being typed (a count, :N, m …) wins over the last message. */
    const char *name = session_name(s);
    const char *left = pending[0] ? pending : r->message[0] ? r->message : name;
    size_t n = 0;
    int room = W - rw - (rw ? 2 : 0);
    if (left == name && text_string_width(tw, left, strlen(left)) > room) {
        const char *slash = strrchr(left, '/'); /* too long: the file's own name */
        if (slash && slash[1])
            left = slash + 1;
    }
    buf[0] = '\0';
    int lw = room > 0 ? bar_fit(tw, buf, cap, &n, left, room) : 0;
    bar_spaces(buf, cap, &n, W - rw - lw);
    bar_fit(tw, buf, cap, &n, right, rw);
    if (sp_off >= 0) {
        *sp_col = W - rw + sp_off;
        *sp_w = spw;
    }
}

/* The status line on the last row: the bar, the speaker's name in its colour. */
static void reading_status(session *s, frame *f)
{
    const text_widths *tw = session_widths(s);
    const doc *d = session_reader(s)->d;
    char line[1024];
    int sp_col, sp_w, sp, y = f->height - 1;
    bar_build(s, f->width, line, sizeof line, &sp_col, &sp_w, &sp);
    size_t len = strlen(line), a = len, b = len;
    if (sp_w > 0 && sp >= 0 && (size_t)sp < d->nspeakers) {
        a = bar_byte_at(tw, line, sp_col);
        b = a + bar_byte_at(tw, line + a, sp_w);
    }
    const char *t = frame_text(f, line, len);
    if (!t)
        return;
    int colour = sp >= 0 && (size_t)sp < d->nspeakers ? d->speakers[sp].colour & 7 : -1;
    int col = 0;
    size_t cut[4] = {0, a, b, len};
    for (int i = 0; i < 3; i++) {
        if (cut[i + 1] <= cut[i])
            continue;
        int w = text_string_width(tw, t + cut[i], cut[i + 1] - cut[i]);
        frame_style st = i == 1 ? FRAME_STYLE_STATUS_SPEAKER : FRAME_STYLE_STATUS;
        frame_add(f, y, (frame_span){t + cut[i], (uint32_t)(cut[i + 1] - cut[i]), col, w, col,
                                     (uint8_t)st, (int8_t)(i == 1 ? colour : -1), 0});
        col += w;
    }
}

static void reading_draw(session *s, void *st, frame *f)
{
    (void)st;
    reader *r = session_reader(s);
    int rows = reader_text_rows(r);
    size_t current = reader_current_segment(r);
    const layout_frame *lf = layout_render(r->L, r->top, rows);
    for (int y = 0; lf && y < rows && (size_t)y < lf->nrows; y++)
        session_draw_row(s, f, y, &lf->rows[y], current);
    reading_status(s, f);
}

const mode_ops reading_mode = {
    .name = "reading",
    .keys = ACTION_MAP_READING,
    .counts = true,
    .apply = reading_apply,
    .draw = reading_draw,
    .mouse = reading_mouse,
};
