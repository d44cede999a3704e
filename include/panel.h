/* panel — the speaker panel as rows of styled spans.
 *
 * The panel is an overlay at the top of the text area: a title row
 * ("Speakers: 2 of 3 shown" and the column heads), one row per entry of the
 * filter (filter.h) — a cursor mark, a check box, the number its digit key
 * toggles (1-9), the name in the speaker's colour, its segments, Chinese
 * characters and English words — and a row of key hints. It takes as many
 * rows as it needs, at most the text area; when the entries do not fit they
 * scroll (the caller keeps the selected one between `top` and
 * top + panel_entry_rows). At narrow widths the counts go first (words,
 * then characters, then segments), and names are cut at a cluster.
 *
 * Rows are layout_rows (layout.h), so the session draws them as it draws
 * the transcript: widths from text.h, every cell in its column, ASCII only
 * in the generated parts (no East Asian ambiguous characters). The panel
 * as a mode of the session (its keys, the selection, its rows over the
 * text) is panel_mode (mode.h).
 */
#ifndef DUET_PANEL_H
#define DUET_PANEL_H

#include <stddef.h>

#include "filter.h"
#include "layout.h"

typedef struct panel panel;

/* A panel renderer (its row storage) measuring names in the width context
 * tw (copied; NULL: the default); NULL when memory runs out. */
panel *panel_new(const text_widths *tw);

/* Frees it; NULL is fine. */
void panel_free(panel *p);

/* Rows the panel takes in a text area of `rows` rows for n entries. */
int panel_height(size_t nentries, int rows);

/* Of those, rows that show entries (at least 1 when rows >= 1). */
int panel_entry_rows(size_t nentries, int rows);

/* The panel's rows, `width` columns wide, for a text area of `rows` rows:
 * entries from `top`, `cur` selected. The counts come from filter_counts
 * (counted on the first call). NULL when memory runs out; valid until the
 * next call or panel_free. */
const layout_frame *panel_render(panel *p, filter_state *f, size_t cur, size_t top, int width, int rows);

#endif
