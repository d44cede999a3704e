/* wrap — breaking a paragraph into display lines of at most W columns.
 *
 * Two layers. wrap_breaks() says where a line may break: libunistring's
 * UAX #14 (u8_possible_linebreaks), then duet's tailorings for Chinese text
 * (below). wrap_text() fills lines greedily over grapheme clusters measured
 * by text.h, taking the last break opportunity that fits, and falls back to
 * a break between clusters only when a line has no opportunity at all.
 *
 * Tailorings. T0, T3 and T4 restore UAX #14 rules that libunistring 1.0
 * gets wrong (LineBreakTest passes more lines with them); T1, T2 and T5
 * depart from UAX #14 on purpose, for Chinese (a LineBreakTest line they
 * change is listed in tests/unit/linebreak-known-failures.txt):
 *
 *   T0  Spaces at the start of the text or after a mandatory break are
 *       followed by a break opportunity, as after any other spaces (LB18):
 *       libunistring 1.0 treats them as part of the start of the text.
 *   T1  An opening curly quote (“ U+201C, ‘ U+2018) after an East Asian
 *       wide character that is not itself opening punctuation may start a
 *       line: Chinese sets “ as an opening bracket, so 说 ÷ “你好”. UAX #14
 *       (LB19, class QU) forbids any break beside a quotation mark, which
 *       glues a quoted Chinese phrase to the character before it.
 *   T2  After a closing curly quote (” U+201D, ’ U+2019), a line may break
 *       before an East Asian letter (Han, kana, Hangul) or wide opening
 *       punctuation: ”。 stays together (× CL), ”然后 may break. Unicode 15.1
 *       adopted much the same idea as LB19a.
 *   T3  No break between ASCII , . : ; and a following letter (LB29, IS ×
 *       AL), which libunistring 1.0 lacks: it breaks "e.g." and
 *       "example.com" after the dot. Except after an East Asian wide
 *       character: there the ASCII mark stands for its fullwidth form, which
 *       the text lost on its way to the web (the seed's "主持人:"), and
 *       breaks like it: "人工智能,OpenAI" may break after the comma as
 *       "人工智能，OpenAI" does.
 *   T4  No break before a non-starter (NS: ～ ー small kana ...) after ')'
 *       or ']' and spaces (LB16, (CL | CP) SP* × NS): libunistring 1.0
 *       applies it after CL brackets only.
 *   T5  No break between spaces and the clause punctuation and closing
 *       marks that may not start a line (：；・ー々 … ‥, see
 *       cp_no_break_before): UAX #14 lets a line break after spaces before
 *       these (LB18 comes before LB21/LB22), so "蔡崇信 ：" (the seed's
 *       label, in fullwidth) could put the colon alone on the next line.
 *
 * Everything else UAX #14 already does for Chinese: no break before CL, CP,
 * EX, IS, NS (，。、）」』》！？：；, and ASCII , . ? ! : ; ) as the seed uses
 * them inside Chinese), none after OP (（「『《 ( [), breaks between
 * ideographs. The fallback break between clusters (a word longer than the
 * line) avoids the same places when it can.
 */
#include "wrap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unilbrk.h>
#include <utf8proc.h>

#include "grow.h"
#include "text.h"

/* ---- break opportunities ------------------------------------------------ */

static uint32_t cp_at(const char *s, size_t n, size_t i)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    return k > 0 ? (uint32_t)cp : 0xFFFD;
}

/* Start of the character that ends just before byte i (i > 0). */
static size_t char_before(const char *s, size_t i)
{
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4)
        j--;
    return j;
}

static utf8proc_category_t cp_category(uint32_t cp)
{
    return utf8proc_category((utf8proc_int32_t)cp);
}

static bool cp_is_opening(uint32_t cp)
{
    utf8proc_category_t c = cp_category(cp);
    return c == UTF8PROC_CATEGORY_PS || c == UTF8PROC_CATEGORY_PI;
}

static bool cp_is_wide(uint32_t cp) { return utf8proc_charwidth((utf8proc_int32_t)cp) == 2; }

/* T2's "East Asian letter or wide opening punctuation". */
static bool cp_opens_east_asian(uint32_t cp)
{
    if (!cp_is_wide(cp))
        return false;
    utf8proc_category_t c = cp_category(cp);
    return c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_PS ||
           c == UTF8PROC_CATEGORY_PI;
}

/* T1 and T2 (see the top of this file), for the E2 byte at s[i]. */
static void tailor_quote_at(const char *s, size_t n, char *brk, size_t i)
{
    if (i + 3 > n || (unsigned char)s[i + 1] != 0x80)
        return;
    unsigned char q = (unsigned char)s[i + 2];
    if ((q == 0x9C || q == 0x98) && i > 0 && brk[i] == WRAP_NO) { /* “ ‘ */
        uint32_t prev = cp_at(s, n, char_before(s, i));
        if (cp_is_wide(prev) && !cp_is_opening(prev))
            brk[i] = WRAP_ALLOW;
    } else if ((q == 0x9D || q == 0x99) && i + 3 < n && brk[i + 3] == WRAP_NO) { /* ” ’ */
        if (cp_opens_east_asian(cp_at(s, n, i + 3)))
            brk[i + 3] = WRAP_ALLOW;
    }
}

/* Characters that should not start a line: closing brackets and quotes, and
 * the punctuation that ends a clause (T5, and the fallback break). */
static bool cp_no_break_before(uint32_t cp)
{
    switch (cp) {
    case ',': case '.': case '?': case '!': case ':': case ';': case '%':
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B:
    case 0xFF01: case 0xFF1F: case 0x2026: case 0x2025: case 0x30FB: case 0x30FC:
    case 0x3005: case 0xFF05:
        return true;
    default:
        break;
    }
    if (cp < 0x80)
        return cp == ')' || cp == ']' || cp == '}';
    utf8proc_category_t c = cp_category(cp);
    return c == UTF8PROC_CATEGORY_PE || c == UTF8PROC_CATEGORY_PF;
}

/* T5 (see the top of this file), for the space at s[i]. */
static void tailor_space_at(const char *s, size_t n, char *brk, size_t i)
{
    i++;
    if (i < n && brk[i] == WRAP_ALLOW && (unsigned char)s[i] >= 0xC0 &&
        cp_no_break_before(cp_at(s, n, i)))
        brk[i] = WRAP_NO;
}

/* T0: the break after a run of spaces at the start of the text or after a
 * mandatory break. Whether one is allowed depends only on the character after
 * the spaces (LB7, LB11, LB13 forbid it before SP, WJ, CL, CP, EX, IS, SY and
 * line ends), so libunistring is asked about "a " followed by that
 * character, where the spaces follow a letter instead. */
static void tailor_line_start_at(const char *s, size_t n, char *brk, size_t p)
{
    size_t j = p;
    while (j < n && s[j] == ' ')
        j++;
    if (j == p || j >= n || brk[j] != WRAP_NO)
        return;
    size_t k = 1;
    while (j + k < n && k < 4 && ((unsigned char)s[j + k] & 0xC0) == 0x80)
        k++;
    char probe[8] = "a ", pb[8];
    memcpy(probe + 2, s + j, k);
    u8_possible_linebreaks((const uint8_t *)probe, k + 2, "UTF-8", pb);
    if (pb[2] == UC_BREAK_POSSIBLE)
        brk[j] = WRAP_ALLOW;
}

/* T3's letters: what UAX #14 calls AL or HL among the characters that
 * follow a comma or full stop in text: narrow letters (not Hangul jamo, which
 * have classes of their own), and the ASCII symbols of class AL. */
static bool cp_is_alphabetic(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp && strchr("#&*@", (int)cp));
    if (cp >= 0x1100 && cp <= 0x11FF)
        return false;
    utf8proc_category_t c = cp_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO && !cp_is_wide(cp);
}

static bool cp_is_mark(uint32_t cp)
{
    utf8proc_category_t c = cp_category(cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/* Skips the combining marks at s[j] (UAX #14 LB9 attaches them to the
 * character before); returns where the next base character starts. */
static size_t skip_marks(const char *s, size_t n, size_t j)
{
    while (j < n && ((unsigned char)s[j] & 0xC0) == 0xC0 && cp_is_mark(cp_at(s, n, j)))
        do
            j++;
        while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80);
    return j;
}

/* T3 (see the top of this file), for the , . : or ; at s[i]. */
static void tailor_infix_at(const char *s, size_t n, char *brk, size_t i)
{
    size_t j = skip_marks(s, n, i + 1);
    if (j < n && brk[j] == WRAP_ALLOW && cp_is_alphabetic(cp_at(s, n, j)) &&
        !(i > 0 && cp_is_wide(cp_at(s, n, char_before(s, i)))))
        brk[j] = WRAP_NO;
}

/* T4: LB16, (CL | CP) SP* × NS. libunistring 1.0 applies it after closing
 * brackets of class CL only, not after ')' and ']' (class CP since Unicode
 * 9), so "(1) ～" could break before the wave dash. libunistring is asked
 * what it would do after a CL bracket (」 U+300D) instead. */
static void tailor_close_paren_at(const char *s, size_t n, char *brk, size_t i)
{
    size_t j = skip_marks(s, n, i + 1);
    while (j < n && s[j] == ' ')
        j++;
    if (j >= n || brk[j] != WRAP_ALLOW)
        return;
    size_t k = 1;
    while (j + k < n && k < 4 && ((unsigned char)s[j + k] & 0xC0) == 0x80)
        k++;
    char probe[12] = "\xE3\x80\x8D ", pb[12];
    memcpy(probe + 4, s + j, k);
    u8_possible_linebreaks((const uint8_t *)probe, k + 4, "UTF-8", pb);
    if (pb[4] == UC_BREAK_PROHIBITED)
        brk[j] = WRAP_NO;
}

/* All tailorings in one pass over the bytes that trigger them. Each looks
 * only forward of its trigger or at its own position, and T5 (at a space)
 * runs after T0 (at the line start before that space). */
static void tailor(const char *s, size_t n, char *brk)
{
    tailor_line_start_at(s, n, brk, 0);
    for (size_t i = 0; i < n; i++) {
        switch ((unsigned char)s[i]) {
        case ' ':
            tailor_space_at(s, n, brk, i);
            break;
        case ',': case '.': case ':': case ';':
            tailor_infix_at(s, n, brk, i);
            break;
        case ')': case ']':
            tailor_close_paren_at(s, n, brk, i);
            break;
        case 0xE2:
            tailor_quote_at(s, n, brk, i);
            break;
        default:
            break;
        }
        if (i + 1 < n && brk[i + 1] == WRAP_MUST)
            tailor_line_start_at(s, n, brk, i + 1);
    }
}

void wrap_breaks(const char *s, size_t n, char *brk)
{
    if (n == 0)
        return;
    u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", brk);
    /* libunistring marks a mandatory break on the line-break character
     * itself; we mark the position after it, like every other break. */
    bool after_mandatory = false;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80) {
            brk[i] = WRAP_NO;
            continue;
        }
        int v = brk[i];
        brk[i] = after_mandatory ? WRAP_MUST
                 : (v == UC_BREAK_POSSIBLE || v == UC_BREAK_HYPHENATION) ? WRAP_ALLOW
                                                                          : WRAP_NO;
        after_mandatory = v == UC_BREAK_MANDATORY;
    }
    brk[0] = WRAP_NO;
    tailor(s, n, brk);
}

/* ---- filling lines ------------------------------------------------------ */

static bool cp_no_break_after(uint32_t cp)
{
    if (cp < 0x80)
        return cp == '(' || cp == '[' || cp == '{';
    return cp_is_opening(cp);
}

/* True when a fallback break before byte i (a cluster start) is tolerable. */
static bool fallback_ok(const char *s, size_t n, size_t i)
{
    unsigned char b = (unsigned char)s[i], a = (unsigned char)s[i - 1];
    uint32_t here = b < 0x80 ? b : cp_at(s, n, i);
    uint32_t before = a < 0x80 ? a : cp_at(s, n, char_before(s, i));
    return !cp_no_break_before(here) && !cp_no_break_after(before);
}

typedef struct line_buf {
    wrap_line *v;
    size_t n, cap;
} line_buf;

static bool push_line(line_buf *b, size_t start, size_t end, int width)
{
    if (!GROW(b->v, b->cap, b->n + 1))
        return false;
    b->v[b->n++] = (wrap_line){(uint32_t)start, (uint32_t)(end - start), (uint32_t)width};
    return true;
}

/* A place to end a line: it ends at `end` (blanks trimmed), `width` columns
 * wide, and the next line starts at `next`. */
typedef struct brk_point {
    size_t start, end, next; /* start: filled in by fill_line on return */
    int width;
    bool ok;
} brk_point;

static inline bool is_blank(unsigned char c) { return c == ' ' || c == '\t'; }

/* Fills one line from `start` (which may move past leading blanks that do
 * not fit); *done is set at the end of the text. */
static brk_point fill_line_at(const text_widths *tw, const char *s, size_t n, const char *brk, int W,
                              size_t start, bool *done)
{
    size_t i = start, vis_end = start; /* vis_end: after the last non-blank */
    int col = 0, vis_w = 0;
    brk_point cand = {0}, fallback = {0};
    for (;;) {
        if (i >= n) {
            *done = true;
            return (brk_point){start, vis_end, n, vis_w, true};
        }
        unsigned char b = (unsigned char)s[i];
        if (b == '\n')
            return (brk_point){start, vis_end, i + 1, vis_w, true};
        if (i > start && vis_end > start && brk[i] != WRAP_NO)
            cand = (brk_point){start, vis_end, i, vis_w, true};
        size_t k;
        int adv;
        if (b < 0x80 && (i + 1 >= n || (unsigned char)s[i + 1] < 0x80)) {
            k = 1;
            adv = b == '\t' ? 8 - col % 8 : (b >= 0x20 && b < 0x7F);
        } else {
            k = text_cluster_len(s + i, n - i);
            adv = text_advance(tw, s + i, k, col);
        }
        if (k == 1 && is_blank(b)) { /* blanks hang past the edge, uncounted */
            col += adv;
            i++;
            continue;
        }
        if (!cand.ok && i > start && vis_end > start && fallback_ok(s, n, i))
            fallback = (brk_point){start, vis_end, i, vis_w, true};
        if (col + adv > W) {
            if (vis_end > start)
                return cand.ok ? cand : fallback.ok ? fallback : (brk_point){start, vis_end, i, vis_w, true};
            if (i > start) { /* leading blanks push it out: drop them */
                start = vis_end = i;
                col = vis_w = 0;
                continue;
            }
            /* A cluster wider than the line: it gets the line to itself. */
        }
        col += adv;
        i += k;
        vis_end = i;
        vis_w = col;
    }
}

size_t wrap_text(const text_widths *tw, const char *s, size_t n, int width, wrap_line **out)
{
    *out = NULL;
    int W = width < 1 ? 1 : width;
    char *brk = malloc(n ? n : 1);
    line_buf lb = {0};
    if (!brk)
        return 0;
    wrap_breaks(s, n, brk);
    size_t start = 0;
    bool done = false;
    while (!done) {
        brk_point bp = fill_line_at(tw, s, n, brk, W, start, &done);
        if (!push_line(&lb, bp.start, bp.end, bp.width)) {
            free(lb.v);
            free(brk);
            return 0;
        }
        start = bp.next;
    }
    free(brk);
    *out = lb.v;
    return lb.n;
}
