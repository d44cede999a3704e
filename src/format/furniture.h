/* furniture — what a page wraps a transcript in, and source lines that
 * hold more than one thing, found before the readers look for turns.
 * Internal to src/format/: the line scan (scan.h) runs it, and a reader
 * that reads the scan hands its pieces to the doc (doc_set_lines).
 *
 * A published transcript carries more than the transcript (wild-forms.md):
 * front matter, Markdown headings, rules, images and link lines, HTML
 * blocks that fold one language under a toggle, shortcodes, bylines and
 * credits, a PDF copy's page numbers and running headers in mid-paragraph;
 * and one source line may hold several things — tags around the text, both
 * languages, a whole article with its labels inline. The pass cuts every
 * source line into *pieces* of four kinds, which together hold every
 * non-blank byte once, in order:
 *
 *   <p class="en">We shipped it.</p>        markup | text | markup
 *   We shipped it. 我们发布了它。              text | text   (one language each)
 *   Host: Hi. 主持人：你好。 Guest: Hello.     text | text | text (at labels)
 *   ---  title: …  ---  (at the top)         note (front matter), line by line
 *   ## 第一部分                                note (heading)
 *   (blank)                                  blank
 *
 * Text pieces are what the readers read as lines; markup and notes stay
 * out of the panes' text but in the accounting, notes are shown. What the
 * pass recognises, and why each is safe:
 *
 *   - front matter: `---` (YAML) or `+++` (TOML) on the first non-blank
 *     line, closed by the same fence (or `...`) with mostly `key: value`,
 *     `key = value`, list or indented lines between;
 *   - Markdown: `#` headings (notes; but a heading holding both languages,
 *     or two neighbouring headings in the two languages, are text: a title
 *     and its translation pair as a segment), rules (`---`, `***`, `===`),
 *     lines that are only images, only a link (a list of them: contents),
 *     `>` quote markers (markup, the text after them is text);
 *   - HTML: known element names only (`<p>`, `<div>`, `<span lang="en">`,
 *     `<details>`, `<summary>` …; never `<v Name>` or `a < b`); block tags
 *     end a paragraph, inline tags (`<b>`, `<a>`, `<span>`) do not: the
 *     text on their two sides is one (glued); a `<summary>` or `<button>`
 *     holds a toggle label (a note); comments, `<script>` and `<style>`
 *     are markup; text inside a `<p>` opened on an earlier line continues
 *     its paragraph;
 *   - shortcodes and containers: `{{< en >}}`, `{{% … %}}`, `{% lang zh %}`,
 *     `::: en` … `:::` — markup, the text between them is text;
 *   - a line that is only a toggle label (`View original`, `展开原文`,
 *     `查看英文`), a byline (`文/记者 …`, `By …`) or a credit (`责任编辑：`,
 *     `本文转载自…`, `©`, `Copyright`): short, and a byline never ends like
 *     a sentence, so `记者：请问……？` stays a reporter's question;
 *   - page furniture: lines that are only a page number (`12`, `- 12 -`,
 *     `Page 12 of 40`, `第 12 页`), and short lines recurring three times
 *     or more (digits aside), twice where a sentence runs on across them,
 *     and never a speaker label (running headers). Where the text before
 *     does not end a sentence, they and the blank lines around them are
 *     passed over: the paragraph runs on across the page break;
 *   - both languages on one line: cut where lang_cuts (lang.h) says the
 *     script changes after a sentence end (glosses in brackets stay);
 *   - labels inside a line: a speaker label after a sentence end, on a
 *     line that holds two or more such labels, whose name is used as a
 *     label at least twice in the document (or names an abbreviation
 *     used: `Lionel Barber (B):` … `B:`) starts a piece.
 *
 * When nothing is found every piece would be a whole source line: then no
 * piece is stored (`whole`), and a plain file costs one pass over its
 * bytes.
 */
#ifndef DUET_FORMAT_FURNITURE_H
#define DUET_FORMAT_FURNITURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "text.h"

typedef enum {
    FURN_TEXT,   /* text the readers read */
    FURN_BLANK,  /* a blank source line */
    FURN_MARKUP, /* tags, fences, markers: structure, not shown */
    FURN_NOTE    /* furniture with words: shown as a note */
} furn_kind;

enum {
    FURN_BREAK = 1, /* markup or note that ends a paragraph where it stands
                       (a block tag, a heading, front matter); without it,
                       furniture is passed over (an inline tag, a page
                       number in mid-paragraph) */
    FURN_GLUE = 2,  /* text that continues the text piece before it on its
                       line across an inline tag: one paragraph, joined
                       with nothing between */
    FURN_JOIN = 4,  /* text inside a <p> opened on an earlier line: it
                       continues the paragraph before it */
    FURN_CUT = 8,   /* text that starts where a line was cut between
                       languages or at a label: it starts a paragraph */
    FURN_SKIP = 16, /* a blank line passed over: around page furniture in
                       mid-paragraph */
    FURN_ALONE = 32 /* text that is a paragraph by itself (a heading's) */
};

typedef struct furn_piece {
    uint32_t start, len; /* bytes of the sanitised text; a text or furniture
                            piece cut from a line has no spaces at its ends,
                            a whole line keeps its own */
    uint32_t line;       /* 1-based source line */
    uint8_t kind;        /* furn_kind */
    uint8_t why;         /* doc_note_reason of markup and notes */
    uint8_t flags;       /* FURN_* */
} furn_piece;

/* One note the furniture makes: pieces first..last (indices, inclusive)
 * whose kind is FURN_NOTE. */
typedef struct furn_note {
    uint32_t first, last;
    uint8_t why;         /* doc_note_reason */
} furn_note;

#define FURN_LANG_UNKNOWN 0xFF

typedef struct furn {
    bool whole;          /* nothing found: the pieces are the source lines
                            (none stored) */
    uint8_t *lang;       /* per source line: the lang_id of its text when
                            the line is one text piece, FURN_LANG_UNKNOWN
                            else (the scan counts it then: the pass counted
                            the languages of every line already) */
    furn_piece *pieces;  /* in byte order; n of them unless whole */
    size_t n, cap;
    furn_note *notes;    /* in order */
    size_t nnotes, notes_cap;
    /* what was found, for the evidence */
    uint32_t front_matter[2];   /* its first and last source lines, 0 when none */
    uint32_t headings, title_pairs, tags, toggles, shortcodes, links, images;
    uint32_t credits, pages, lang_cuts, label_cuts;
} furn;

/* Cuts the nlines source lines (text.h) of the sanitised text buf into
 * pieces; free with furn_free. */
status furn_make(const char *buf, const text_line *lines, size_t nlines, furn *f);

/* Frees what furn_make allocated; safe on a zeroed or freed value. */
void furn_free(furn *f);

/* Writes one line of evidence ("furniture: front matter lines 1-38, 3
 * headings …", no line end) to ev (cap bytes, NUL-terminated); "" when
 * nothing was found. Returns its length. */
size_t furn_evidence(const furn *f, char *ev, size_t cap);

#endif
