/* furniture — pieces of source lines: text, blank, markup, notes. */
#define _GNU_SOURCE /* memmem */
#include "furniture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "doc.h"
#include "format.h"
#include "grow.h"
#include "label.h"
#include "lang.h"

/* The longest line (bytes) that may be a byline or a credit (100 columns
 * of CJK at most). */
#define FURN_CREDIT_MAX 300
/* Bylines and credits are looked for among the first and the last this
 * many non-blank lines: above and below the text. */
#define FURN_ENDS 60
/* A title and its translation on one line stand among the first lines,
 * short. */
#define FURN_TITLE_LINES 5
#define FURN_TITLE_MAX 200
#define FURN_TITLE_COLUMNS 80
/* A copyright notice inside a line is no longer than this (bytes). */
#define FURN_NOTICE_MAX 200
/* How far below the first line a front matter may close. */
#define FURN_FRONT_MAX 400
/* The longest line (bytes, trimmed) that may recur as a running header,
 * and the most a page number line holds. */
#define FURN_SHORT 60
#define FURN_PAGE_MAX 24
/* Cuts of one line kept at most (a whole article on one line has one per
 * turn and per language). */
#define FURN_MAX_CUTS 4096

/* ---- bytes ------------------------------------------------------------------------- */

static bool furn_blank_at(const char *s, size_t i, size_t z, size_t *k)
{
    if (s[i] == ' ' || s[i] == '\t') {
        *k = 1;
        return true;
    }
    if (i + 3 <= z && memcmp(s + i, "\xe3\x80\x80", 3) == 0) { /* ideographic space */
        *k = 3;
        return true;
    }
    return false;
}

/* Narrows [*a, *z) of s to exclude spaces at both ends. */
static void furn_trim(const char *s, size_t *a, size_t *z)
{
    size_t k;
    while (*a < *z && furn_blank_at(s, *a, *z, &k))
        *a += k;
    while (*z > *a && (s[*z - 1] == ' ' || s[*z - 1] == '\t'))
        --*z;
    while (*z >= *a + 3 && memcmp(s + *z - 3, "\xe3\x80\x80", 3) == 0)
        *z -= 3;
}

/* Is the first character of s[0, n) one of those of `set` (a string of
 * three-byte characters)? */
static bool furn_first_of(const char *s, size_t n, const char *set)
{
    if (n < 3)
        return false;
    for (; *set; set += 3)
        if (s[0] == set[0] && s[1] == set[1] && s[2] == set[2])
            return true;
    return false;
}

static bool furn_starts(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && memcmp(s, word, k) == 0;
}

static bool furn_starts_nocase(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && strncasecmp(s, word, k) == 0;
}

static bool furn_contains_nocase(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, word, k) == 0)
            return true;
    return false;
}

/* The last code point of s[0, n), 0 when empty. */
static int32_t furn_last_cp(const char *s, size_t n, size_t *at)
{
    if (!n)
        return 0;
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && n - i < 4)
        i--;
    int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp) <= 0)
        cp = 0xFFFD;
    if (at)
        *at = i;
    return cp;
}

/* Does s[0, n) end a sentence (closing quotes and brackets looked
 * through)? A colon counts: what ends with one announces what follows. */
static bool furn_ends_sentence(const char *s, size_t n)
{
    for (int k = 0; k < 3 && n; k++) {
        size_t at;
        int32_t cp = furn_last_cp(s, n, &at);
        if (cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 ||
            cp == 0xFF1F || cp == 0x2026 || cp == ':' || cp == 0xFF1A)
            return true;
        if (cp != '"' && cp != '\'' && cp != 0x201D && cp != 0x2019 && cp != ')' &&
            cp != 0xFF09 && cp != 0x300D && cp != 0x300F && cp != ']' && cp != 0x3011)
            return false;
        n = at;
    }
    return false;
}

/* A question or an exclamation at the end: what a byline never does. */
static bool furn_ends_like_speech(const char *s, size_t n)
{
    int32_t cp = furn_last_cp(s, n, NULL);
    return cp == '?' || cp == '!' || cp == 0xFF1F || cp == 0xFF01 || cp == 0x3002;
}

/* ---- the pass ----------------------------------------------------------------------- */

typedef struct furn_name {
    char name[LABEL_NAME_MAX];
    char paren[LABEL_NAME_MAX];
    uint32_t count;        /* label uses, at line starts and inside lines */
} furn_name;

typedef struct furn_cand {
    uint32_t line, at;     /* a label inside a line: where it starts */
    uint32_t name;         /* index into the names */
} furn_cand;

typedef struct furn_short {
    uint64_t key;          /* hash of the line, digits aside; 0: empty slot */
    uint32_t count, mid;   /* occurrences; of which where a sentence runs on */
    uint32_t last;         /* its last occurrence so far */
    bool close;            /* two occurrences within FURN_PAGE_MIN lines */
    int8_t header;         /* -1 undecided, 0 no, 1 a running header */
} furn_short;

/* A page holds more lines than this: a running header recurs no closer,
 * and on no more than one line in this many. */
#define FURN_PAGE_MIN 8

typedef struct furn_tok {
    size_t a, z;           /* bytes */
    uint8_t type;          /* FURN_TOK_* */
    uint8_t kind, why, flags; /* what it becomes */
} furn_tok;

enum { FURN_TOK_TEXT, FURN_TOK_TAG, FURN_TOK_CODE, FURN_TOK_QUOTE };

typedef struct furn_pass {
    furn *f;
    const char *buf;
    const text_line *lines;
    size_t nlines;
    /* state across lines */
    bool in_comment;       /* inside <!-- … --> */
    int in_raw;            /* inside <script> (1) or <style> (2) */
    bool open_p;           /* a <p> opened and not closed */
    bool passing;          /* after page furniture in mid-paragraph: blank
                              lines are passed over, the next text joins */
    bool after_page;       /* the last non-blank line was a page number */
    uint32_t quote_header; /* a mail's "On … wrote:" over the quoted
                              transcript: the lines not quoted are mail */
    bool signature;        /* inside a mail signature ("-- " to a blank line) */
    size_t seen;           /* non-blank lines so far (titles stand first) */
    bool blank_every;      /* a blank line after nearly every line (a
                              copy's artefact): single blank lines are
                              passed over, the wrapping says where
                              paragraphs end */
    uint32_t last_text, last_len; /* the last text piece (bytes): whether it
                              ends a sentence is asked at page furniture */
    bool any_text;
    uint32_t heading_pair; /* a heading on this line pairs with the one before */
    /* running headers */
    size_t nonblank;       /* non-blank source lines */
    uint32_t head_to, tail_from; /* the first and last FURN_ENDS non-blank
                              lines end and start here: bylines and
                              credits stand there */
    furn_short *shorts;
    size_t shorts_cap, nshorts;
    /* labels inside lines */
    furn_name *names;
    size_t nnames, names_cap;
    furn_cand *cands;
    size_t ncands, cands_cap, next_cand;
    /* the line being cut: its tokens */
    furn_tok *tok;
    size_t ntok, tok_cap;
    uint32_t *cuts;
    char *mask;
    size_t mask_cap;
} furn_pass;

static const text_line *furn_line(const furn_pass *p, uint32_t line)
{
    return &p->lines[line - 1];
}

/* Stores the pieces of lines 1 .. line-1 as whole lines: until now nothing
 * was found, so none was stored. */
static bool furn_materialize(furn_pass *p, uint32_t line)
{
    furn *f = p->f;
    f->whole = false;
    if (!GROW(f->pieces, f->cap, (size_t)line))
        return false;
    for (uint32_t k = 1; k < line; k++) {
        const text_line *tl = furn_line(p, k);
        size_t a = tl->start, z = tl->start + tl->len;
        furn_trim(p->buf, &a, &z);
        f->pieces[f->n++] = (furn_piece){tl->start, tl->len, k,
                                         (uint8_t)(a == z ? FURN_BLANK : FURN_TEXT), 0, 0};
    }
    return true;
}

static bool furn_emit(furn_pass *p, uint32_t line, size_t start, size_t len, uint8_t kind,
                      uint8_t why, uint8_t flags)
{
    furn *f = p->f;
    const text_line *tl = furn_line(p, line);
    if (kind == FURN_TEXT) {
        p->last_text = (uint32_t)start;
        p->last_len = (uint32_t)len;
        p->any_text = true;
    }
    if (f->whole) {
        if ((kind == FURN_TEXT || kind == FURN_BLANK) && !flags && start == tl->start &&
            len == tl->len)
            return true;
        if (!furn_materialize(p, line))
            return false;
    }
    if (!GROW(f->pieces, f->cap, f->n + 1))
        return false;
    f->pieces[f->n++] = (furn_piece){(uint32_t)start, (uint32_t)len, line, kind, why, flags};
    return true;
}

/* ---- whole lines ---------------------------------------------------------------------- */

/* A Markdown rule: three or more of one of - * _ = (spaces between allowed). */
static bool furn_is_rule(const char *s, size_t n)
{
    char c = n ? s[0] : 0;
    if (c != '-' && c != '*' && c != '_' && c != '=')
        return false;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == c)
            count++;
        else if (s[i] != ' ' && s[i] != '\t')
            return false;
    }
    return count >= 3;
}

/* `#` .. `######` then a space: the heading's text in [*ha, *hz). */
static bool furn_is_heading(const char *s, size_t n, size_t *ha, size_t *hz)
{
    size_t i = 0;
    while (i < n && i < 7 && s[i] == '#')
        i++;
    if (i == 0 || i > 6 || i >= n || (s[i] != ' ' && s[i] != '\t'))
        return false;
    size_t a = i, z = n;
    while (z > a && (s[z - 1] == '#' || s[z - 1] == ' ' || s[z - 1] == '\t'))
        z--; /* closing hashes */
    furn_trim(s, &a, &z);
    if (a == z)
        return false;
    *ha = a;
    *hz = z;
    return true;
}

/* `[text](url)` at s: its length, 0 when there is none. With `image`, `![`. */
static size_t furn_md_link(const char *s, size_t n, bool image)
{
    size_t i = 0;
    if (image) {
        if (n < 2 || s[0] != '!')
            return 0;
        i = 1;
    }
    if (i >= n || s[i] != '[')
        return 0;
    size_t depth = 0;
    for (; i < n; i++) {
        if (s[i] == '[')
            depth++;
        else if (s[i] == ']' && --depth == 0)
            break;
    }
    if (i + 1 >= n || s[i + 1] != '(')
        return 0;
    for (i += 2; i < n && s[i] != ')'; i++)
        if (s[i] == ' ' && i + 1 < n && s[i + 1] != '"' && s[i + 1] != '\'')
            return 0;
    return i < n ? i + 1 : 0;
}

/* A list item's marker ("- ", "* ", "+ ", "12. "): its length, else 0. */
static size_t furn_list_marker(const char *s, size_t n)
{
    if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
        return 2;
    size_t i = 0;
    while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ')
        return i + 2;
    return 0;
}

static bool furn_is_url(const char *s, size_t n)
{
    if (!n || ((s[0] | 0x20) != 'h' && (s[0] | 0x20) != 'w'))
        return false;
    if (!furn_starts_nocase(s, n, "http://") && !furn_starts_nocase(s, n, "https://") &&
        !furn_starts_nocase(s, n, "www."))
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ' || s[i] == '\t')
            return false;
    return true;
}

/* Only images (`![alt](src)`, one or more, an attribute block after each
 * allowed): DOC_WHY_IMAGE; only a link (`[text](url)`, `<url>` or a bare
 * URL), maybe as a list item: DOC_WHY_LINK; else DOC_WHY_NONE. */
static doc_note_reason furn_link_line(const char *s, size_t n)
{
    switch (n ? s[0] : 0) { /* an image, a link, a URL, a list item */
    case '!': case '[': case '<': case 'h': case 'H': case 'w': case 'W': case '-': case '*':
    case '+': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
    case '8': case '9':
        break;
    default:
        return DOC_WHY_NONE;
    }
    size_t i = 0, images = 0;
    while (i < n && s[i] == '!') {
        size_t k = furn_md_link(s + i, n - i, true);
        if (!k)
            break;
        i += k;
        if (i < n && s[i] == '{') { /* {width=50%} */
            while (i < n && s[i] != '}')
                i++;
            i += i < n;
        }
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        images++;
    }
    if (images && i == n)
        return DOC_WHY_IMAGE;
    size_t m = furn_list_marker(s, n);
    const char *t = s + m;
    size_t tn = n - m;
    size_t k = furn_md_link(t, tn, false);
    if (k && k == tn)
        return DOC_WHY_LINK;
    if (tn >= 3 && t[0] == '<' && t[tn - 1] == '>' && furn_is_url(t + 1, tn - 2))
        return DOC_WHY_LINK;
    if (furn_is_url(t, tn))
        return DOC_WHY_LINK;
    return DOC_WHY_NONE;
}

/* Labels under which a page folds or unfolds the other language. */
static bool furn_is_toggle(const char *s, size_t n)
{
    if (n > 64 || n < 2)
        return false;
    /* they start with a verb: 展开 收起 查看 显示 隐藏 点击, View Show … */
    unsigned char c0 = (unsigned char)s[0];
    if (c0 < 0x80 ? !strchr("VvSsHhTtDdEeCcRr", c0) : !furn_first_of(s, n, "展收查显隐点"))
        return false;
    /* trailing arrows and colons are decoration */
    for (;;) {
        size_t at;
        int32_t cp = furn_last_cp(s, n, &at);
        if (cp == ':' || cp == 0xFF1A || cp == 0x25BC || cp == 0x25B2 || cp == 0x25B6 ||
            cp == 0x25BA || cp == 0x25B8 || cp == 0x25C0 || cp == 0x2193 || cp == 0x2191 ||
            cp == ' ' || cp == 0x2192 || cp == '>' || cp == 0x00BB)
            n = at;
        else
            break;
    }
    if (!n || n > 48)
        return false;
    static const char *const zh[] = {"展开", "收起", "查看", "显示", "隐藏", "点击"};
    static const char *const zh_what[] = {"原文", "英文", "中文", "译文", "全文", "翻译"};
    for (size_t i = 0; i < sizeof zh / sizeof *zh; i++)
        if (furn_starts(s, n, zh[i])) {
            if (n == strlen(zh[i]))
                return i < 2; /* 展开, 收起 alone */
            for (size_t k = 0; k < sizeof zh_what / sizeof *zh_what; k++)
                if (strstr(s, zh_what[k]) && (size_t)(strstr(s, zh_what[k]) - s) < n && n <= 30)
                    return true;
            return false;
        }
    static const char *const verbs[] = {"view", "show", "hide", "toggle", "display", "expand",
                                        "collapse", "click", "tap", "read", "see"};
    static const char *const what[] = {"original", "english", "chinese", "translation",
                                       "source text", "full text"};
    bool verb = false;
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs && !verb; i++)
        verb = furn_starts_nocase(s, n, verbs[i]);
    if (!verb)
        return false;
    size_t words = 1;
    for (size_t i = 0; i < n; i++)
        words += s[i] == ' ';
    if (words > 6)
        return false;
    for (size_t k = 0; k < sizeof what / sizeof *what; k++)
        if (furn_contains_nocase(s, n, what[k]))
            return true;
    return n <= 12 && (furn_starts_nocase(s, n, "expand") || furn_starts_nocase(s, n, "collapse"));
}

/* "By Lin Xiaowen", "By Mark Holt and Wang Fang": capitalised words. */
static bool furn_by_names(const char *s, size_t n)
{
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        bool cap = (unsigned char)s[i] >= 0x80 || (s[i] >= 'A' && s[i] <= 'Z');
        bool joiner = (j - i == 3 && strncmp(s + i, "and", 3) == 0) ||
                      (j - i == 2 && (strncmp(s + i, "of", 2) == 0 || strncmp(s + i, "de", 2) == 0));
        if (!cap && !joiner)
            return false;
        words++;
        i = j;
    }
    return words >= 1 && words <= 6;
}

/* A byline or a credit line: its reason, else DOC_WHY_NONE. */
static doc_note_reason furn_credit_line_bare(const char *s, size_t n);

/* A paragraph that opens an article under a lead's label (导语：…), in
 * one language: a lead is a paragraph long, longer than a credit. */
static bool furn_is_lead(const char *s, size_t n)
{
    static const char *const leads[] = {"导语：", "导语:", "导读：", "导读:", "内容提要：",
                                        "内容摘要：", "摘要：", "【导语】", "【导读】"};
    for (size_t i = 0; i < sizeof leads / sizeof *leads; i++)
        if (furn_starts(s, n, leads[i]) && n > strlen(leads[i]))
            return true;
    return false;
}

/* The editor's line under an interview: "This interview has been
 * condensed and edited.", 本文经受访者审阅，有删节。 — a sentence about
 * the text, not in it. */
static bool furn_is_editor_line(const char *s, size_t n)
{
    if (n > 240)
        return false;
    static const char *const en[] = {"This interview has been", "This conversation has been",
                                     "The interview has been", "This transcript has been",
                                     "The conversation has been", "Interview has been",
                                     "The following interview has been",
                                     "This interview was", "This conversation was"};
    static const char *const en_what[] = {"edited", "condensed", "abridged", "translated"};
    static const char *const zh[] = {"本文经", "本访谈经", "采访经", "访谈经", "对话经",
                                     "以上内容经", "本文内容经", "采访内容经"};
    static const char *const zh_what[] = {"编辑", "删节", "整理", "节选", "审阅", "精简"};
    for (size_t i = 0; i < sizeof en / sizeof *en; i++)
        if (furn_starts_nocase(s, n, en[i])) {
            for (size_t k = 0; k < sizeof en_what / sizeof *en_what; k++)
                if (furn_contains_nocase(s, n, en_what[k]))
                    return true;
            return false;
        }
    for (size_t i = 0; i < sizeof zh / sizeof *zh; i++)
        if (furn_starts(s, n, zh[i])) {
            for (size_t k = 0; k < sizeof zh_what / sizeof *zh_what; k++)
                if (memmem(s, n, zh_what[k], strlen(zh_what[k])))
                    return true;
            return false;
        }
    return false;
}

/* The mark a news story ends with: （完）, (完), 【完】, -完-, (END), —END—. */
static bool furn_is_end_mark(const char *s, size_t n)
{
    if (n > 16)
        return false;
    static const char *const deco[] = {"（", "）", "(", ")", "【", "】", "[", "]", "-", "—",
                                       "–", " ", "\xe3\x80\x80"};
    size_t a = 0, z = n;
    bool wrapped = false;
    for (bool again = true; again;) {
        again = false;
        for (size_t k = 0; k < sizeof deco / sizeof *deco; k++) {
            size_t m = strlen(deco[k]);
            if (z - a >= m && memcmp(s + a, deco[k], m) == 0)
                a += m, again = wrapped = true;
            if (z - a >= m && memcmp(s + z - m, deco[k], m) == 0)
                z -= m, again = wrapped = true;
        }
    }
    /* a bare 完 or END is a word, not a mark */
    return wrapped && ((z - a == 3 && memcmp(s + a, "完", 3) == 0) ||
                       (z - a == 3 && strncmp(s + a, "END", 3) == 0) ||
                       (z - a == 3 && strncmp(s + a, "End", 3) == 0));
}

/* A byline or credit, maybe wrapped in brackets or emphasis: （译者：韩冬）,
 * *中文翻译：刘静*, [Photo: …]; a lead, an editor's line, an end mark. */
static doc_note_reason furn_credit_line(const char *s, size_t n)
{
    if (furn_is_lead(s, n))
        return DOC_WHY_LEAD;
    if (furn_is_end_mark(s, n))
        return DOC_WHY_END;
    if (furn_is_editor_line(s, n))
        return DOC_WHY_EDITOR;
    doc_note_reason why = furn_credit_line_bare(s, n);
    static const char *const wraps[][2] = {{"（", "）"}, {"(", ")"}, {"[", "]"}, {"【", "】"},
                                           {"*", "*"}, {"_", "_"}, {"**", "**"}};
    for (size_t k = 0; why == DOC_WHY_NONE && k < sizeof wraps / sizeof *wraps; k++) {
        size_t a = strlen(wraps[k][0]), z = strlen(wraps[k][1]);
        if (n > a + z && furn_starts(s, n, wraps[k][0]) &&
            memcmp(s + n - z, wraps[k][1], z) == 0)
            why = furn_credit_line_bare(s + a, n - a - z);
        else if (n > a && furn_starts(s, n, wraps[k][0]) && (k >= 4)) /* *By X · Photographs by Y */
            why = furn_credit_line_bare(s + a, n - a);
    }
    return why;
}

static doc_note_reason furn_credit_line_bare(const char *s, size_t n)
{
    static const char *const bylines[] = {
        "文/", "文 /", "文｜", "文|", "作者：", "作者:", "撰文：", "撰文:", "采写：", "采访：",
        "整理：", "整理:", "编译：", "编译:", "翻译：", "翻译:", "译者：", "译者:", "译/",
        "图/", "图：", "摄影：", "摄影:", "本报记者", "特约记者", "记者/", "记者 ",
    };
    static const char *const by_en[] = {
        "Written by ", "Interview by ", "Interviewed by ", "Translated by ",
        "Translation by ", "Compiled by ", "Photos by ", "Photo by ", "Photograph by ",
        "Illustration by ", "Reporting by ", "Photographs by ",
    };
    static const char *const credits[] = { /* label-like: short */
        "责任编辑", "编辑：", "编辑:", "校对：", "校对:", "审核：", "审校：", "排版：", "排版:",
        "监制：", "出品：", "策划：", "来源：", "来源:", "原标题：", "原标题:", "图片来源",
        "Editor:", "Editors:", "Edited by ", "Produced by ", "Image credit", "Photo credit",
        "Photo: ", "Photos: ", "Photograph: ", "Photographs: ", "Photography: ",
        "Illustration: ", "Illustrations: ",
    };
    static const char *const notices[] = { /* unambiguous: a little longer */
        "本文转载自", "转载自", "本文来自", "本文来源", "原文链接", "原文地址", "原文网址",
        "Reprinted from", "Originally published", "Republished from", "Transcribed by",
        "Exported from", "exported from", "Generated by", "Created with", "Powered by",
        "— exported", "— Exported",
    };
    static const char *const anywhere[] = { /* as written: memmem, no case folding */
        "\xc2\xa9", "(c) ", "(C) ", "opyright", "OPYRIGHT", "ll rights reserved",
        "LL RIGHTS RESERVED", "版权所有", "未经授权", "禁止转载", "转载请注明", "不得转载",
    };
    if (n > FURN_CREDIT_MAX)
        return DOC_WHY_NONE;
    /* most lines start with none of the prefixes: their first characters */
    unsigned char c0 = (unsigned char)s[0];
    bool hit = c0 < 0x80 ? c0 && strchr("WITCPREOBGe", c0)
                         : furn_first_of(s, n, "文作撰采整编翻译图摄本特记责校审排监出策来原转—");
    if (!hit) {
        if (n > FURN_NOTICE_MAX)
            return DOC_WHY_NONE;
        for (size_t i = 0; i < sizeof anywhere / sizeof *anywhere; i++)
            if (memmem(s, n, anywhere[i], strlen(anywhere[i])))
                return text_width(s, n) <= 100 ? DOC_WHY_CREDIT : DOC_WHY_NONE;
        return DOC_WHY_NONE;
    }
    uint32_t w = (uint32_t)text_width(s, n);
    if (w <= 60 && !furn_ends_like_speech(s, n)) {
        for (size_t i = 0; i < sizeof bylines / sizeof *bylines; i++)
            if (furn_starts(s, n, bylines[i]) && n > strlen(bylines[i]))
                return DOC_WHY_BYLINE;
        for (size_t i = 0; i < sizeof by_en / sizeof *by_en; i++)
            if (furn_starts(s, n, by_en[i]))
                return DOC_WHY_BYLINE;
        if (furn_starts(s, n, "By ") && furn_by_names(s + 3, n - 3))
            return DOC_WHY_BYLINE;
    }
    if (w <= 40 && !furn_ends_like_speech(s, n))
        for (size_t i = 0; i < sizeof credits / sizeof *credits; i++)
            if (furn_starts(s, n, credits[i]) && n > strlen(credits[i]))
                return DOC_WHY_CREDIT;
    if (w <= 100) {
        for (size_t i = 0; i < sizeof notices / sizeof *notices; i++)
            if (furn_starts(s, n, notices[i]))
                return DOC_WHY_CREDIT;
        for (size_t i = 0; i < sizeof anywhere / sizeof *anywhere; i++)
            if (memmem(s, n, anywhere[i], strlen(anywhere[i])))
                return DOC_WHY_CREDIT;
    }
    return DOC_WHY_NONE;
}

static bool furn_is_digit_run(const char *s, size_t *i, size_t n)
{
    size_t a = *i;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9' && *i - a < 4)
        ++*i;
    return *i > a && !(*i < n && s[*i] >= '0' && s[*i] <= '9');
}

/* Takes the word w (ASCII letters in any case) at s[*i, z) with the spaces
 * around it: true when it was there. */
static bool furn_take(const char *s, size_t *i, size_t z, const char *w)
{
    size_t j = *i;
    while (j < z && s[j] == ' ')
        j++;
    if (!furn_starts_nocase(s + j, z - j, w))
        return false;
    j += strlen(w);
    while (j < z && s[j] == ' ')
        j++;
    *i = j;
    return true;
}

/* Takes a run of digits at s[*i, z) with the spaces around it. */
static bool furn_take_number(const char *s, size_t *i, size_t z)
{
    size_t j = *i;
    while (j < z && s[j] == ' ')
        j++;
    if (!furn_is_digit_run(s, &j, z))
        return false;
    while (j < z && s[j] == ' ')
        j++;
    *i = j;
    return true;
}

/* A line that is only a page number: 12, - 12 -, — 12 —, [12], Page 12,
 * p. 12, Page 12 of 40, 12 / 40, 第12页, 第 12 页 共 40 页. */
static bool furn_is_page_number(const char *s, size_t n)
{
    if (!n || n > FURN_PAGE_MAX)
        return false;
    bool digit = false;
    for (size_t i = 0; i < n && !digit; i++)
        digit = s[i] >= '0' && s[i] <= '9';
    if (!digit)
        return false;
    static const char *const deco[] = {"-", "\xe2\x80\x93", "\xe2\x80\x94", "~", "\xc2\xb7",
                                       "\xe2\x80\xa2", "|", "[", "]", "(", ")", " ",
                                       "\xef\xbc\x88", "\xef\xbc\x89"};
    size_t a = 0, z = n;
    for (bool again = true; again;) {
        again = false;
        for (size_t k = 0; k < sizeof deco / sizeof *deco; k++) {
            size_t m = strlen(deco[k]);
            if (z - a >= m && memcmp(s + a, deco[k], m) == 0)
                a += m, again = true;
            if (z - a >= m && memcmp(s + z - m, deco[k], m) == 0)
                z -= m, again = true;
        }
    }
    size_t i = a;
    bool chinese = false;
    if (furn_starts_nocase(s + i, z - i, "page "))
        i += 5;
    else if (furn_starts_nocase(s + i, z - i, "p. "))
        i += 3;
    else if (furn_starts_nocase(s + i, z - i, "p."))
        i += 2;
    else if (furn_starts(s + i, z - i, "第"))
        i += 3, chinese = true;
    if (!furn_take_number(s, &i, z))
        return false;
    if (chinese) { /* 第 3 页, 第 3 页 共 12 页 */
        if (!furn_take(s, &i, z, "页"))
            return false;
        if (furn_take(s, &i, z, "共") && !(furn_take_number(s, &i, z) && furn_take(s, &i, z, "页")))
            return false;
        return i == z;
    }
    if ((furn_take(s, &i, z, "of ") || furn_take(s, &i, z, "/")) && !furn_take_number(s, &i, z))
        return false; /* 3 of 12, 3/12 */
    return i == z;
}

/* A Chinese section heading without Markdown: 二、阅读材料, 第三部分, 第二章
 * 起步 — short, no sentence end. */
static bool furn_is_cn_section(const char *s, size_t n)
{
    if (n > 90 || !furn_first_of(s, n, "一二三四五六七八九十第") || furn_ends_sentence(s, n))
        return false;
    static const char digits[] = "一二三四五六七八九十";
    size_t i = 0;
    bool di = furn_starts(s, n, "第");
    if (di)
        i = 3;
    size_t k = i;
    while (furn_first_of(s + k, n - k, digits))
        k += 3;
    if (k == i)
        return false;
    if (di)
        return furn_starts(s + k, n - k, "部分") || furn_starts(s + k, n - k, "章") ||
               furn_starts(s + k, n - k, "节");
    return furn_starts(s + k, n - k, "、") && n > k + 3;
}

/* ---- mail -------------------------------------------------------------------------------- */

/* A mail header line: From:, To:, Subject: … or 发件人：, 主题： …, or the
 * separator of a forwarded or original message. */
static bool furn_is_mail_header(const char *s, size_t n)
{
    if (!n || ((unsigned char)s[0] < 0x80
                   ? !strchr("FTCBSDR-", s[0]) || (s[0] != '-' && !memchr(s, ':', n < 12 ? n : 12))
                   : !furn_first_of(s, n, "发收抄主日寄")))
        return false;
    static const char *const fields[] = {
        "From: ", "To: ", "Cc: ", "Bcc: ", "Subject: ", "Date: ", "Sent: ", "Reply-To: ",
        "发件人：", "收件人：", "抄送：", "主题：", "日期：", "发送时间：", "寄件者：", "收件者：",
        "-----Original Message-----", "---------- Forwarded message", "-------- 原始邮件",
        "-------- 转发邮件",
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (furn_starts(s, n, fields[i]))
            return true;
    return false;
}

/* A reply's line over the quoted message: "On Mon, 3 Jun 2024 …, Wei Lan
 * <…> wrote:", "在 2024年6月3日 …，魏岚 写道：". */
static bool furn_is_quote_header(const char *s, size_t n)
{
    if (n > 300)
        return false;
    return (furn_starts(s, n, "On ") && n > 9 && memcmp(s + n - 6, "wrote:", 6) == 0) ||
           (n > 9 && memcmp(s + n - 9, "写道：", 9) == 0 && !furn_ends_like_speech(s, n - 9));
}

/* Is the mail quoted below line k: most non-blank lines after it start
 * with '>'? */
static bool furn_quoted_below(const furn_pass *p, uint32_t k)
{
    size_t quoted = 0, other = 0;
    for (uint32_t j = k + 1; j <= p->nlines; j++) {
        const text_line *tl = &p->lines[j - 1];
        size_t a = tl->start, z = tl->start + tl->len;
        furn_trim(p->buf, &a, &z);
        if (a < z)
            *(p->buf[a] == '>' ? &quoted : &other) += 1;
    }
    return quoted >= 3 && quoted * 5 >= (quoted + other) * 3;
}

/* A vocabulary list's heading (Vocabulary:, 生词：) or entry ("lens: n.
 * 透镜", "pluck: v. 拨（弦）"): a few words, a colon, a part of speech. */
static bool furn_is_gloss(const char *s, size_t n, bool *heading)
{
    *heading = false;
    /* a heading is short, an entry has its colon within a few words */
    if (n > 64 && !memchr(s, ':', 64 < n ? 64 : n))
        return false;
    if ((unsigned char)s[0] >= 0x80 ? !furn_first_of(s, n, "生词重单")
                                    : !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') ||
                                          (n > 24 && !memchr(s, ':', n < 40 ? n : 40)))
        return false;
    static const char *const heads[] = {"Vocabulary", "Glossary", "Key words", "Words and phrases",
                                        "生词", "词汇", "重点词汇", "单词"};
    *heading = false;
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
        size_t k = strlen(heads[i]);
        if (furn_starts(s, n, heads[i]) &&
            (n == k || (n == k + 1 && s[k] == ':') || (n == k + 3 && furn_starts(s + k, 3, "：")))) {
            *heading = true;
            return true;
        }
    }
    size_t i = 0, words = 0;
    while (i < n && words <= 4) {
        size_t w = i;
        while (i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
            i++;
        if (i == w)
            return false;
        words++;
        if (i < n && s[i] == ' ')
            i++;
        else
            break;
    }
    if (i >= n || s[i] != ':')
        return false;
    for (i++; i < n && s[i] == ' '; i++)
        ;
    static const char *const pos[] = {"n. ", "v. ", "vt. ", "vi. ", "adj. ", "adv. ", "prep. ",
                                      "conj. ", "pron. ", "num. ", "phr. ", "int. "};
    for (size_t k = 0; k < sizeof pos / sizeof *pos; k++)
        if (furn_starts(s + i, n - i, pos[k]))
            return true;
    return false;
}

/* ---- banners ------------------------------------------------------------------------------- */

/* A banner over the text, wholly in brackets, naming what the page holds
 * (【播客文字稿｜机器翻译对照】, [Bilingual transcript]): a note, never an
 * aside or a label. */
static bool furn_is_banner(const char *s, size_t n)
{
    static const char *const wraps[][2] = {{"【", "】"}, {"[", "]"}, {"〔", "〕"}, {"［", "］"}};
    static const char *const words[] = {"翻译", "译文", "原文", "双语", "对照", "對照", "中英",
                                        "文字稿", "实录", "全文", "ranslat", "ilingual", "ranscript"};
    for (size_t k = 0; k < sizeof wraps / sizeof *wraps; k++) {
        size_t a = strlen(wraps[k][0]), z = strlen(wraps[k][1]);
        if (n <= a + z || !furn_starts(s, n, wraps[k][0]) || memcmp(s + n - z, wraps[k][1], z) != 0 ||
            memchr(s + a, wraps[k][1][0], n - a - z))
            continue;
        for (size_t w = 0; w < sizeof words / sizeof *words; w++)
            if (memmem(s + a, n - a - z, words[w], strlen(words[w])))
                return true;
    }
    return false;
}

/* ---- front matter ---------------------------------------------------------------------- */

/* A line inside front matter: key: value, key = value, a list item, an
 * indented continuation, a [table] header, a comment. */
static bool furn_front_line(const char *s, size_t n)
{
    if (!n)
        return true;
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '-' || s[0] == '#' || s[0] == '[')
        return true;
    for (size_t i = 0; i < n && i < 64; i++) {
        char c = s[i];
        if (c == ':' || c == '=')
            return i > 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == ' ' || c == '"' || c == '\''))
            return false;
    }
    return false;
}

/* The last line of the front matter the source opens with, 0 when none;
 * *first gets its first line. */
static uint32_t furn_front_matter(const furn_pass *p, uint32_t *first)
{
    uint32_t k = 1;
    size_t a = 0, z = 0;
    for (; k <= p->nlines; k++) {
        const text_line *tl = furn_line(p, k);
        a = tl->start, z = tl->start + tl->len;
        furn_trim(p->buf, &a, &z);
        if (a < z)
            break;
    }
    if (k > p->nlines || z - a != 3)
        return 0;
    const char *fence = p->buf + a;
    bool yaml = memcmp(fence, "---", 3) == 0, toml = memcmp(fence, "+++", 3) == 0;
    if (!yaml && !toml)
        return 0;
    size_t inner = 0, good = 0;
    for (uint32_t j = k + 1; j <= p->nlines && j <= k + FURN_FRONT_MAX; j++) {
        const text_line *tl = furn_line(p, j);
        const char *s = p->buf + tl->start;
        size_t n = tl->len;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n == 3 && (memcmp(s, fence, 3) == 0 || (yaml && memcmp(s, "...", 3) == 0))) {
            if (inner == 0 || good * 5 < inner * 3)
                return 0;
            *first = k;
            return j;
        }
        if (n) {
            inner++;
            good += furn_front_line(s, n);
        }
    }
    return 0;
}

/* ---- running headers --------------------------------------------------------------------- */

/* The hash of a short line with its digits aside ("Page 3" = "Page 4"). */
static uint64_t furn_short_key(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9')
            c = '#';
        h = (h ^ c) * 1099511628211u;
    }
    return h ? h : 1;
}

static furn_short *furn_short_slot(furn_pass *p, uint64_t key)
{
    size_t mask = p->shorts_cap - 1, i = (size_t)(key ^ (key >> 29)) & mask;
    while (p->shorts[i].key && p->shorts[i].key != key)
        i = (i + 1) & mask;
    return &p->shorts[i];
}

static bool furn_short_add(furn_pass *p, uint64_t key, uint32_t line, bool mid)
{
    if ((p->nshorts + 1) * 2 > p->shorts_cap) {
        size_t cap = p->shorts_cap ? p->shorts_cap * 2 : 256;
        furn_short *old = p->shorts;
        size_t oldcap = p->shorts_cap;
        p->shorts = calloc(cap, sizeof *p->shorts);
        if (!p->shorts) {
            p->shorts = old;
            return false;
        }
        p->shorts_cap = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].key)
                *furn_short_slot(p, old[i].key) = old[i];
        free(old);
    }
    furn_short *e = furn_short_slot(p, key);
    if (!e->key) {
        *e = (furn_short){key, 0, 0, 0, false, -1};
        p->nshorts++;
    }
    e->close |= e->count && line - e->last < FURN_PAGE_MIN;
    e->last = line;
    e->count++;
    e->mid += mid;
    return true;
}

/* Is the short line s[0, n) a running header: recurring three times, no
 * two within a page, on one line in FURN_PAGE_MIN at most, twice where a
 * sentence runs on, four columns wide or more, neither a label nor a
 * sentence? */
static bool furn_running_header(furn_pass *p, const char *s, size_t n, uint64_t key)
{
    if (!p->shorts_cap)
        return false;
    furn_short *e = furn_short_slot(p, key);
    if (!e->key || e->count < 3 || e->mid < 2 || e->close ||
        (size_t)e->count * FURN_PAGE_MIN > p->nonblank)
        return false;
    if (e->header < 0) {
        label_match m;
        e->header = text_width(s, n) >= 4 && !furn_ends_sentence(s, n) && !label_match_line(s, n, &m);
    }
    return e->header == 1;
}

/* A short line next after a page number, blank lines aside (a running
 * header that recurs less than three times): neither a label nor a
 * sentence, and not the body's next line — that one starts in lower case
 * or runs as wide as the body's last line before the page number. */
static bool furn_header_by_page(const furn_pass *p, bool after_page, const char *s, size_t n)
{
    if (!after_page || n > FURN_SHORT || !p->any_text || furn_ends_sentence(s, n) ||
        (s[0] >= 'a' && s[0] <= 'z'))
        return false;
    int w = text_width(s, n);
    if (w < 4 || w >= text_width(p->buf + p->last_text, p->last_len))
        return false;
    label_match m;
    return !label_match_line(s, n, &m);
}

/* ---- labels inside lines ------------------------------------------------------------------- */

static int32_t furn_name_id(furn_pass *p, const char *name, const char *paren)
{
    for (size_t i = 0; i < p->nnames; i++)
        if (strcmp(p->names[i].name, name) == 0)
            return (int32_t)i;
    if (!GROW(p->names, p->names_cap, p->nnames + 1))
        return -1;
    furn_name *nm = &p->names[p->nnames];
    snprintf(nm->name, sizeof nm->name, "%s", name);
    snprintf(nm->paren, sizeof nm->paren, "%s", paren);
    nm->count = 0;
    return (int32_t)p->nnames++;
}

/* A name that recurs as a label: used twice, or its abbreviation used, or
 * the abbreviation of a name used. */
static bool furn_name_recurs(const furn_pass *p, uint32_t id)
{
    const furn_name *nm = &p->names[id];
    if (nm->count >= 2)
        return true;
    for (size_t i = 0; i < p->nnames; i++) {
        if (i == id)
            continue;
        if (nm->paren[0] && strcmp(p->names[i].name, nm->paren) == 0)
            return true;
        if (p->names[i].paren[0] && strcmp(p->names[i].paren, nm->name) == 0)
            return true;
    }
    return false;
}

/* Lines with two colons or more past their start may hold labels inside
 * them: records every label that follows a sentence end there. */
static status furn_find_inline_labels(furn_pass *p, uint32_t line, const char *s, size_t n)
{
    size_t colons = 0;
    for (const char *c = s + 2; colons < 2 && (c = memchr(c, ':', n - (size_t)(c - s))); c++)
        colons++;
    /* ： is EF BC 9A: its last byte, rarer than its first two, then those */
    for (const char *c = s + 4; colons < 2 && (c = memchr(c, 0x9A, n - (size_t)(c - s))); c++)
        colons += (unsigned char)c[-1] == 0xBC && (unsigned char)c[-2] == 0xEF;
    if (colons < 2)
        return ST_OK;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            k = 1, cp = 0xFFFD;
        i += (size_t)k;
        /* a label follows a sentence end, or an announcing colon ("as
         * following: Lionel Barber (B): …") */
        bool end = cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 ||
                   cp == 0xFF1F || cp == 0x2026 || cp == 0x201D || cp == 0x300D || cp == ':' ||
                   cp == 0xFF1A;
        if (!end)
            continue;
        size_t at = i;
        while (at < n && (s[at] == ' ' || s[at] == '\t'))
            at++;
        if (at >= n || s[at] == '"' || s[at] == ')')
            continue;
        label_match m;
        if (!label_match_line(s + at, n - at, &m) || m.alone || !m.name[0])
            continue;
        int32_t id = furn_name_id(p, m.name, m.paren);
        if (id < 0 || !GROW(p->cands, p->cands_cap, p->ncands + 1))
            return ST_NO_MEMORY;
        p->cands[p->ncands++] = (furn_cand){line, (uint32_t)(s + at - p->buf), (uint32_t)id};
        p->names[id].count++;
    }
    return ST_OK;
}

/* ---- the survey: what needs the whole source first --------------------------------------- */

static bool furn_line_blank(const furn_pass *p, uint32_t k)
{
    const text_line *tl = &p->lines[k - 1];
    size_t a = tl->start, z = tl->start + tl->len;
    furn_trim(p->buf, &a, &z);
    return a == z;
}

static status furn_survey(furn_pass *p)
{
    size_t prev_a = 0, prev_n = 0; /* the last non-blank line but page numbers */
    uint32_t ring[FURN_ENDS] = {0}; /* the last FURN_ENDS non-blank lines */
    uint32_t last_nonblank = 0;
    size_t last_a = 0, last_n = 0;
    size_t single = 0, runs_on = 0; /* non-blank lines after exactly one blank line */
    for (uint32_t k = 1; k <= p->nlines; k++) {
        const text_line *tl = furn_line(p, k);
        size_t a = tl->start, z = tl->start + tl->len;
        furn_trim(p->buf, &a, &z);
        if (a == z)
            continue;
        if (last_nonblank && k == last_nonblank + 2) {
            single++; /* … of which the line before ran on (a wrapped line) */
            runs_on += !furn_ends_sentence(p->buf + last_a, last_n);
        }
        last_nonblank = k;
        last_a = a, last_n = z - a;
        ring[p->nonblank % FURN_ENDS] = k;
        if (++p->nonblank == FURN_ENDS)
            p->head_to = k;
        const char *s = p->buf + a;
        size_t n = z - a;
        bool page = furn_is_page_number(s, n);
        /* a short line where a sentence runs on (the line before it ends none) */
        if (n <= FURN_SHORT && !page &&
            !furn_short_add(p, furn_short_key(s, n), k,
                            prev_n && !furn_ends_sentence(p->buf + prev_a, prev_n)))
            return ST_NO_MEMORY;
        if (n > 8 && furn_find_inline_labels(p, k, s, n) != ST_OK)
            return ST_NO_MEMORY;
        if (!page)
            prev_a = a, prev_n = n;
        if (!p->quote_header && s[0] != '>' && furn_is_quote_header(s, n) && furn_quoted_below(p, k))
            p->quote_header = k;
    }
    if (p->nonblank < FURN_ENDS)
        p->head_to = (uint32_t)p->nlines;
    /* a blank line after nearly every non-blank line, most of them
     * wrapped lines, not paragraphs: the blank lines are an artefact */
    p->blank_every = p->nonblank >= 8 && single * 10 >= (p->nonblank - 1) * 9 &&
                     runs_on * 2 > single;
    p->tail_from = p->nonblank < FURN_ENDS ? 1 : ring[p->nonblank % FURN_ENDS];
    if (!p->ncands)
        return ST_OK;
    /* labels at the start of lines count towards recurring too */
    for (uint32_t k = 1; k <= p->nlines; k++) {
        const text_line *tl = furn_line(p, k);
        label_match m;
        if (!label_match_line(p->buf + tl->start, tl->len, &m) || !m.name[0])
            continue;
        for (size_t i = 0; i < p->nnames; i++)
            if (strcmp(p->names[i].name, m.name) == 0)
                p->names[i].count++;
    }
    return ST_OK;
}

/* ---- HTML and shortcodes ------------------------------------------------------------------- */

static int furn_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

typedef enum { TAG_BLOCK, TAG_INLINE, TAG_SUMMARY, TAG_A, TAG_IMG, TAG_RAW, TAG_P } furn_tag_class;

typedef struct furn_tag {
    size_t len;
    bool closing;
    uint8_t cls;      /* furn_tag_class */
    int raw;          /* script 1, style 2 */
    bool lang;        /* names a language (lang=, class="en" …): a boundary */
} furn_tag;

/* An HTML tag at s[0, n) with a known element name, or a comment or
 * doctype: true with *t filled. */
static bool furn_tag_at(const char *s, size_t n, furn_tag *t)
{
    static const struct {
        const char *name;
        uint8_t cls;
    } known[] = {
        {"p", TAG_P}, {"div", TAG_BLOCK}, {"details", TAG_BLOCK}, {"summary", TAG_SUMMARY},
        {"button", TAG_SUMMARY}, {"blockquote", TAG_BLOCK}, {"br", TAG_BLOCK}, {"hr", TAG_BLOCK},
        {"li", TAG_BLOCK}, {"ul", TAG_BLOCK}, {"ol", TAG_BLOCK}, {"h1", TAG_BLOCK},
        {"h2", TAG_BLOCK}, {"h3", TAG_BLOCK}, {"h4", TAG_BLOCK}, {"h5", TAG_BLOCK},
        {"h6", TAG_BLOCK}, {"section", TAG_BLOCK}, {"article", TAG_BLOCK}, {"header", TAG_BLOCK},
        {"footer", TAG_BLOCK}, {"aside", TAG_BLOCK}, {"nav", TAG_BLOCK}, {"main", TAG_BLOCK},
        {"figure", TAG_BLOCK}, {"figcaption", TAG_BLOCK}, {"table", TAG_BLOCK}, {"tr", TAG_BLOCK},
        {"td", TAG_BLOCK}, {"th", TAG_BLOCK}, {"thead", TAG_BLOCK}, {"tbody", TAG_BLOCK},
        {"pre", TAG_BLOCK}, {"center", TAG_BLOCK}, {"dl", TAG_BLOCK}, {"dt", TAG_BLOCK},
        {"dd", TAG_BLOCK}, {"html", TAG_BLOCK}, {"body", TAG_BLOCK}, {"head", TAG_BLOCK},
        {"meta", TAG_BLOCK}, {"link", TAG_BLOCK}, {"iframe", TAG_BLOCK}, {"audio", TAG_BLOCK},
        {"video", TAG_BLOCK}, {"source", TAG_BLOCK}, {"img", TAG_IMG}, {"span", TAG_INLINE},
        {"b", TAG_INLINE}, {"i", TAG_INLINE}, {"em", TAG_INLINE}, {"strong", TAG_INLINE},
        {"u", TAG_INLINE}, {"s", TAG_INLINE}, {"a", TAG_A}, {"font", TAG_INLINE},
        {"small", TAG_INLINE}, {"big", TAG_INLINE}, {"sup", TAG_INLINE}, {"sub", TAG_INLINE},
        {"mark", TAG_INLINE}, {"code", TAG_INLINE}, {"abbr", TAG_INLINE}, {"cite", TAG_INLINE},
        {"q", TAG_INLINE}, {"ruby", TAG_INLINE}, {"rt", TAG_INLINE}, {"rp", TAG_INLINE},
        {"del", TAG_INLINE}, {"ins", TAG_INLINE}, {"kbd", TAG_INLINE}, {"time", TAG_INLINE},
        {"wbr", TAG_INLINE}, {"script", TAG_RAW}, {"style", TAG_RAW},
    };
    memset(t, 0, sizeof *t);
    if (n < 3 || s[0] != '<')
        return false;
    if (furn_starts(s, n, "<!--")) {
        const char *end = NULL;
        for (size_t i = 4; i + 3 <= n && !end; i++)
            if (memcmp(s + i, "-->", 3) == 0)
                end = s + i + 3;
        t->len = end ? (size_t)(end - s) : n;
        t->cls = TAG_BLOCK;
        t->raw = end ? 0 : -1; /* an unclosed comment runs on */
        return true;
    }
    size_t i = 1;
    if (s[i] == '!') { /* <!DOCTYPE html> */
        size_t k = i;
        while (k < n && s[k] != '>' && s[k] != '<')
            k++;
        if (k >= n || s[k] != '>')
            return false;
        t->len = k + 1;
        t->cls = TAG_BLOCK;
        return true;
    }
    if (s[i] == '/') {
        t->closing = true;
        i++;
    }
    size_t a = i;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                     (s[i] >= '0' && s[i] <= '9')))
        i++;
    size_t name_len = i - a;
    if (!name_len || i >= n || (s[i] != '>' && s[i] != ' ' && s[i] != '/' && s[i] != '\t'))
        return false;
    int found = -1;
    for (size_t k = 0; k < sizeof known / sizeof *known && found < 0; k++)
        if (strlen(known[k].name) == name_len && strncasecmp(s + a, known[k].name, name_len) == 0)
            found = (int)k;
    if (found < 0)
        return false;
    size_t attrs = i;
    char quote = 0;
    for (; i < n; i++) {
        if (quote) {
            quote = s[i] == quote ? 0 : quote;
            continue;
        }
        if (s[i] == '"' || s[i] == '\'')
            quote = s[i];
        else if (s[i] == '>' || s[i] == '<')
            break;
    }
    if (i >= n || s[i] != '>')
        return false;
    t->len = i + 1;
    t->cls = known[found].cls;
    if (t->cls == TAG_RAW)
        t->raw = furn_lower((unsigned char)s[a + 1]) == 'c' ? 1 : 2; /* script, style */
    /* lang="en", class="english-text", class="zh" … name a language */
    const char *at = s + attrs;
    size_t an = i - attrs;
    t->lang = furn_contains_nocase(at, an, "lang=") || furn_contains_nocase(at, an, "english") ||
              furn_contains_nocase(at, an, "chinese") || furn_contains_nocase(at, an, "original") ||
              furn_contains_nocase(at, an, "translat") || furn_contains_nocase(at, an, "\"en\"") ||
              furn_contains_nocase(at, an, "\"zh\"") || furn_contains_nocase(at, an, "\"cn\"") ||
              furn_contains_nocase(at, an, "-en") || furn_contains_nocase(at, an, "-zh") ||
              furn_contains_nocase(at, an, "_en") || furn_contains_nocase(at, an, "_zh");
    return true;
}

/* A shortcode or template marker at s: {{< … >}}, {{% … %}}, {% … %},
 * {{ … }}: its length, else 0. */
static size_t furn_shortcode_at(const char *s, size_t n)
{
    const char *close = NULL;
    size_t from = 0;
    if (furn_starts(s, n, "{{<"))
        close = ">}}", from = 3;
    else if (furn_starts(s, n, "{{%"))
        close = "%}}", from = 3;
    else if (furn_starts(s, n, "{%"))
        close = "%}", from = 2;
    else
        return 0;
    size_t k = strlen(close);
    for (size_t i = from; i + k <= n && i < 200; i++)
        if (memcmp(s + i, close, k) == 0)
            return i + k;
    return 0;
}

/* ---- one line ----------------------------------------------------------------------------------- */

static bool furn_tok_push(furn_pass *p, size_t a, size_t z, uint8_t type, uint8_t kind,
                          uint8_t why, uint8_t flags)
{
    if (!GROW(p->tok, p->tok_cap, p->ntok + 1))
        return false;
    p->tok[p->ntok++] = (furn_tok){a, z, type, kind, why, flags};
    return true;
}

/* Cuts [a, z) (absolute, trimmed) into tokens: tags, shortcodes, quote
 * markers and the text between them. */
static status furn_tokenize(furn_pass *p, size_t a, size_t z)
{
    const char *b = p->buf;
    p->ntok = 0;
    size_t i = a, text = a;
    if (p->in_comment || p->in_raw) {
        const char *end = p->in_comment ? "-->" : p->in_raw == 1 ? "</script>" : "</style>";
        size_t k = strlen(end), e = a;
        while (e + k <= z && strncasecmp(b + e, end, k) != 0)
            e++;
        size_t stop = e + k <= z ? e + k : z;
        if (!furn_tok_push(p, a, stop, FURN_TOK_TAG, FURN_MARKUP, DOC_WHY_MARKUP, FURN_BREAK))
            return ST_NO_MEMORY;
        if (e + k <= z)
            p->in_comment = false, p->in_raw = 0;
        i = text = stop;
    }
    if (i < z && b[i] == '>' && i == a) { /* Markdown quote markers */
        while (i < z && (b[i] == '>' || b[i] == ' ' || b[i] == '\t'))
            i++;
        if (!furn_tok_push(p, a, i, FURN_TOK_QUOTE, FURN_MARKUP, DOC_WHY_MARKUP, 0))
            return ST_NO_MEMORY;
        text = i;
    }
    /* the next '<' and '{' (memchr: most lines hold neither) */
    const char *lt = i < z ? memchr(b + i, '<', z - i) : NULL;
    const char *br = i < z ? memchr(b + i, '{', z - i) : NULL;
    while (i < z) {
        if (lt && lt < b + i)
            lt = memchr(b + i, '<', z - i);
        if (br && br < b + i)
            br = memchr(b + i, '{', z - i);
        const char *next = lt && (!br || lt < br) ? lt : br;
        if (!next)
            break;
        i = (size_t)(next - b);
        char c = b[i];
        furn_tag t = {0};
        size_t len = 0;
        uint8_t type = FURN_TOK_TAG, flags = 0, why = DOC_WHY_MARKUP;
        if (c == '<' && p->in_raw == 0 && furn_tag_at(b + i, z - i, &t)) {
            len = t.len;
            flags = t.cls == TAG_INLINE && !t.lang ? 0 : FURN_BREAK;
            if (t.cls == TAG_A)
                flags = 0;
        } else if (c == '{' && (len = furn_shortcode_at(b + i, z - i)) > 0) {
            type = FURN_TOK_CODE;
            why = DOC_WHY_SHORTCODE;
            flags = FURN_BREAK;
        }
        if (!len) {
            i++;
            continue;
        }
        if (text < i && !furn_tok_push(p, text, i, FURN_TOK_TEXT, FURN_TEXT, 0, 0))
            return ST_NO_MEMORY;
        if (!furn_tok_push(p, i, i + len, type, FURN_MARKUP, why, flags))
            return ST_NO_MEMORY;
        furn_tok *tk = &p->tok[p->ntok - 1];
        if (type == FURN_TOK_TAG) {
            tk->type = FURN_TOK_TAG;
            /* what the tag opens, for the text after it */
            if (t.raw == -1)
                p->in_comment = true;
            else if (t.raw > 0 && !t.closing)
                p->in_raw = t.raw;
            else if (t.raw > 0)
                p->in_raw = 0;
            tk->why = DOC_WHY_MARKUP;
            tk->kind = FURN_MARKUP;
            /* remember the class in the reason's place for the line pass */
            tk->flags |= (uint8_t)(t.closing ? 0x80 : 0);
            tk->type = (uint8_t)(FURN_TOK_TAG | (t.cls << 4));
        }
        i += len;
        text = i;
        if (p->in_comment || p->in_raw) { /* the rest of the line is inside */
            const char *end = p->in_comment ? "-->" : p->in_raw == 1 ? "</script>" : "</style>";
            size_t k = strlen(end), e = i;
            while (e + k <= z && strncasecmp(b + e, end, k) != 0)
                e++;
            if (e + k <= z) {
                if (!furn_tok_push(p, i, e + k, FURN_TOK_TAG, FURN_MARKUP, DOC_WHY_MARKUP, FURN_BREAK))
                    return ST_NO_MEMORY;
                p->in_comment = false, p->in_raw = 0;
                i = text = e + k;
            } else {
                if (i < z && !furn_tok_push(p, i, z, FURN_TOK_TAG, FURN_MARKUP, DOC_WHY_MARKUP, FURN_BREAK))
                    return ST_NO_MEMORY;
                i = text = z;
            }
        }
    }
    if (text < z && !furn_tok_push(p, text, z, FURN_TOK_TEXT, FURN_TEXT, 0, 0))
        return ST_NO_MEMORY;
    return ST_OK;
}

#define FURN_TOK_TYPE(tk) ((tk)->type & 0x0F)
#define FURN_TOK_CLASS(tk) ((tk)->type >> 4)

/* Gives text tokens what the tags around them make them: a toggle label
 * inside <summary>, a link line inside <a>, an image line. */
static void furn_tag_meaning(furn_pass *p)
{
    bool summary = false, only_links = true, image = false;
    size_t texts = 0;
    for (size_t i = 0; i < p->ntok; i++) {
        furn_tok *tk = &p->tok[i];
        if (FURN_TOK_TYPE(tk) == FURN_TOK_TAG && tk->kind == FURN_MARKUP) {
            uint8_t cls = (uint8_t)FURN_TOK_CLASS(tk);
            bool closing = tk->flags & 0x80;
            if (cls == TAG_SUMMARY)
                summary = !closing;
            if (cls == TAG_IMG)
                image = true;
            continue;
        }
        if (FURN_TOK_TYPE(tk) != FURN_TOK_TEXT)
            continue;
        texts++;
        if (summary) {
            tk->kind = FURN_NOTE;
            tk->why = DOC_WHY_TOGGLE;
            p->f->toggles++;
        }
        /* inside an <a>: the last tag before it opens one */
        bool in_a = false;
        for (size_t k = i; k-- > 0;) {
            const furn_tok *q = &p->tok[k];
            if (FURN_TOK_TYPE(q) == FURN_TOK_TAG && FURN_TOK_CLASS(q) == TAG_A) {
                in_a = !(q->flags & 0x80);
                break;
            }
            if (FURN_TOK_TYPE(q) == FURN_TOK_TEXT)
                break;
        }
        only_links &= in_a || tk->kind == FURN_NOTE;
    }
    if (texts && only_links)
        for (size_t i = 0; i < p->ntok; i++)
            if (FURN_TOK_TYPE(&p->tok[i]) == FURN_TOK_TEXT && p->tok[i].kind == FURN_TEXT) {
                p->tok[i].kind = FURN_NOTE;
                p->tok[i].why = DOC_WHY_LINK;
            }
    if (!texts && image)
        for (size_t i = 0; i < p->ntok; i++) {
            p->tok[i].kind = FURN_NOTE;
            p->tok[i].why = DOC_WHY_IMAGE;
        }
}

/* May line s[0, n) be cut between languages (lang_cuts then says where):
 * it is no table row (cells between pipes) or line with tabs, which hold
 * their languages in columns. */
static bool furn_mixed(const char *s, size_t n, const lang_counts *c)
{
    if (!c->switches || memchr(s, '\t', n) || (n && (s[0] == '|' || s[n - 1] == '|')))
        return false;
    const char *bar = memchr(s, '|', n);
    return !bar || !memchr(bar + 1, '|', n - (size_t)(bar + 1 - s));
}

/* Emits text [a, z) (absolute) cut at the sorted cuts inside it; the first
 * piece gets `flags`, the others FURN_CUT. */
static bool furn_emit_text(furn_pass *p, uint32_t line, size_t a, size_t z, const uint32_t *cuts,
                           size_t ncuts, size_t *next, uint8_t flags, uint8_t more)
{
    const char *b = p->buf;
    while (*next < ncuts && cuts[*next] <= a)
        (*next)++;
    size_t from = a;
    while (from < z) {
        size_t to = *next < ncuts && cuts[*next] < z ? cuts[*next] : z;
        if (to < z)
            (*next)++;
        size_t pa = from, pz = to;
        furn_trim(b, &pa, &pz);
        if (pa < pz) {
            if (!furn_emit(p, line, pa, pz - pa, FURN_TEXT, 0, flags))
                return false;
            flags = FURN_CUT | more;
        }
        from = to;
    }
    return true;
}

/* The cuts of a line: between languages, and at recurring labels inside
 * it. Tags count as spaces. Returns how many (sorted, absolute). */
static size_t furn_line_cuts(furn_pass *p, uint32_t line, size_t a, size_t z, bool mixed)
{
    const char *s = p->buf + a;
    size_t n = z - a, m = 0;
    bool tags = false;
    for (size_t i = 0; i < p->ntok; i++)
        tags |= FURN_TOK_TYPE(&p->tok[i]) != FURN_TOK_TEXT;
    if (mixed) {
        if (tags) { /* tags read as spaces, offsets unchanged */
            if (GROW(p->mask, p->mask_cap, n + 1)) {
                memcpy(p->mask, s, n);
                for (size_t i = 0; i < p->ntok; i++)
                    if (FURN_TOK_TYPE(&p->tok[i]) != FURN_TOK_TEXT)
                        memset(p->mask + (p->tok[i].a - a), ' ', p->tok[i].z - p->tok[i].a);
                s = p->mask;
            } else {
                n = 0;
            }
        }
        m = lang_cuts(s, n, false, p->cuts, FURN_MAX_CUTS);
        for (size_t i = 0; i < m; i++)
            p->cuts[i] += (uint32_t)a;
        p->f->lang_cuts += (uint32_t)m;
    }
    /* labels: the candidates of this line, when two or more recur */
    size_t c0 = p->next_cand;
    while (c0 < p->ncands && p->cands[c0].line < line)
        c0++;
    size_t c1 = c0, recurring = 0;
    while (c1 < p->ncands && p->cands[c1].line == line)
        recurring += furn_name_recurs(p, p->cands[c1++].name);
    p->next_cand = c1;
    if (recurring >= 2) {
        size_t before = m;
        for (size_t c = c0; c < c1 && m < FURN_MAX_CUTS; c++) {
            uint32_t at = p->cands[c].at;
            if (at <= a || at >= z || !furn_name_recurs(p, p->cands[c].name))
                continue;
            bool have = false;
            for (size_t i = 0; i < before && !have; i++)
                have = p->cuts[i] == at;
            if (!have) {
                p->cuts[m++] = at;
                p->f->label_cuts++;
            }
        }
        /* sorted (few cuts: insertion) */
        for (size_t i = 1; i < m; i++)
            for (size_t k = i; k > 0 && p->cuts[k - 1] > p->cuts[k]; k--) {
                uint32_t x = p->cuts[k];
                p->cuts[k] = p->cuts[k - 1];
                p->cuts[k - 1] = x;
            }
    }
    return m;
}

/* Are there labels inside line `line` (candidates of the survey)? */
static bool furn_line_has_cands(furn_pass *p, uint32_t line)
{
    while (p->next_cand < p->ncands && p->cands[p->next_cand].line < line)
        p->next_cand++;
    return p->next_cand < p->ncands && p->cands[p->next_cand].line == line;
}

/* Emits the tokens of line `line` as pieces: furniture next to furniture
 * merged into one piece, text cut between languages and at labels, glued
 * across inline tags. */
static bool furn_emit_tokens(furn_pass *p, uint32_t line, size_t a, size_t z, bool mixed)
{
    size_t ncuts = furn_line_cuts(p, line, a, z, mixed), next = 0;
    bool seen_text = false, glue = false, block = false;
    for (size_t i = 0; i < p->ntok;) {
        furn_tok *tk = &p->tok[i];
        if (tk->kind == FURN_TEXT) {
            uint8_t flags = 0;
            if (glue)
                flags |= FURN_GLUE;
            else if (!seen_text && !block && (p->open_p || p->passing))
                flags |= FURN_JOIN;
            /* a cut where the inline tag stood makes it a boundary */
            size_t ta = tk->a, tz = tk->z;
            furn_trim(p->buf, &ta, &tz);
            for (size_t c = 0; c < ncuts && (flags & FURN_GLUE); c++)
                if (p->cuts[c] > (i ? p->tok[i - 1].a : a) && p->cuts[c] <= ta)
                    flags = FURN_CUT;
            if (ta < tz && !furn_emit_text(p, line, ta, tz, p->cuts, ncuts, &next, flags, 0))
                return false;
            if (ta < tz) {
                seen_text = true;
                glue = false;
                p->passing = false;
            }
            i++;
            continue;
        }
        /* a run of furniture: one piece */
        size_t j = i;
        uint8_t kind = FURN_MARKUP, why = tk->why, flags = 0;
        for (; j < p->ntok && p->tok[j].kind != FURN_TEXT; j++) {
            const furn_tok *q = &p->tok[j];
            flags |= q->flags & FURN_BREAK;
            if (q->kind == FURN_NOTE && kind != FURN_NOTE)
                kind = FURN_NOTE, why = q->why;
            if (FURN_TOK_TYPE(q) == FURN_TOK_TAG) {
                p->f->tags++;
                uint8_t cls = (uint8_t)FURN_TOK_CLASS(q);
                if (cls == TAG_P)
                    p->open_p = !(q->flags & 0x80);
                else if (cls != TAG_INLINE && cls != TAG_A)
                    p->open_p = false;
            } else if (FURN_TOK_TYPE(q) == FURN_TOK_CODE) {
                p->f->shortcodes++;
            }
        }
        /* what ends a paragraph shows where it stands (a note); what is
         * passed over inside one (an inline tag) is markup only */
        if (flags & FURN_BREAK)
            kind = FURN_NOTE;
        if (!furn_emit(p, line, tk->a, p->tok[j - 1].z - tk->a, kind, why, flags))
            return false;
        if (flags & FURN_BREAK) {
            block = true;
            glue = false;
        } else {
            glue = seen_text;
        }
        i = j;
    }
    return true;
}

/* A heading: a note, or text when it holds both languages or pairs with a
 * neighbouring heading in the other language (a title and its translation). */
static bool furn_heading(furn_pass *p, uint32_t line, size_t a, size_t z, size_t ha, size_t hz)
{
    const char *b = p->buf;
    lang_counts c = {0};
    lang_count(b + ha, hz - ha, &c);
    uint32_t cuts[8];
    size_t ncuts = c.cjk && c.latin_words ? lang_cuts(b + ha, hz - ha, true, cuts, 8) : 0;
    bool pair = ncuts > 0 || p->heading_pair == line;
    if (!pair && lang_classify(&c) != LANG_NONE) {
        /* the next non-blank line: a heading in the other language? */
        for (uint32_t k = line + 1; k <= p->nlines && k <= line + 3; k++) {
            const text_line *tl = furn_line(p, k);
            size_t na = tl->start, nz = tl->start + tl->len, qa, qz;
            furn_trim(b, &na, &nz);
            if (na == nz)
                continue;
            if (furn_is_heading(b + na, nz - na, &qa, &qz)) {
                lang_id other = lang_detect(b + na + qa, qz - qa);
                lang_counts oc = {0};
                lang_count(b + na + qa, qz - qa, &oc);
                if (other != LANG_NONE && other != lang_classify(&c) && !(oc.cjk && oc.latin_words)) {
                    pair = true;
                    p->heading_pair = k;
                }
            }
            break;
        }
    }
    if (!pair) {
        p->f->headings++;
        const text_line *tl = furn_line(p, line);
        return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_HEADING, FURN_BREAK);
    }
    p->f->title_pairs += ncuts > 0 || p->heading_pair != line;
    size_t ma = a, mz = ha; /* the hashes */
    furn_trim(b, &ma, &mz);
    if (!furn_emit(p, line, ma, mz - ma, FURN_MARKUP, DOC_WHY_HEADING, FURN_BREAK))
        return false;
    /* the stretches, with separators between them (/ | - – — :) as markup */
    size_t from = ha;
    for (size_t k = 0; k <= ncuts; k++) {
        size_t to = k < ncuts ? ha + cuts[k] : hz, ta = from, tz = to;
        while (tz > ta && strchr(" \t/|-:", b[tz - 1]))
            tz--;
        while (tz >= ta + 3 && (memcmp(b + tz - 3, "\xe2\x80\x94", 3) == 0 ||
                                memcmp(b + tz - 3, "\xe2\x80\x93", 3) == 0 ||
                                memcmp(b + tz - 3, "\xef\xbc\x9a", 3) == 0 ||
                                memcmp(b + tz - 3, "\xef\xbd\x9c", 3) == 0 ||
                                memcmp(b + tz - 3, "\xe3\x80\x80", 3) == 0))
            tz -= 3;
        if (tz > ta && !furn_emit(p, line, ta, tz - ta, FURN_TEXT, 0, FURN_ALONE))
            return false;
        size_t sa = tz, sz = to;
        furn_trim(b, &sa, &sz);
        if (sa < sz && !furn_emit(p, line, sa, sz - sa, FURN_MARKUP, DOC_WHY_HEADING, 0))
            return false;
        from = to;
    }
    if (hz < z && !furn_emit(p, line, hz, z - hz, FURN_MARKUP, DOC_WHY_HEADING, FURN_BREAK))
        return false;
    return true;
}

/* Is source line k (when there is one) a mail header? */
static bool furn_mail_header_line(const furn_pass *p, uint32_t k)
{
    if (k < 1 || k > p->nlines)
        return false;
    const text_line *tl = furn_line(p, k);
    size_t a = tl->start, z = tl->start + tl->len;
    furn_trim(p->buf, &a, &z);
    return furn_is_mail_header(p->buf + a, z - a);
}

/* Page furniture on line `line`: in mid-paragraph (the text before does
 * not end a sentence) it and the blank lines around it are passed over. */
static bool furn_page(furn_pass *p, uint32_t line)
{
    p->f->pages++;
    bool mid = p->any_text && !furn_ends_sentence(p->buf + p->last_text, p->last_len);
    const text_line *tl = furn_line(p, line);
    /* never a break itself: with no blank line around it, whether the
     * text runs on across it is the hard wrapping's to say */
    if (!furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_PAGE, 0))
        return false;
    if (mid) {
        furn *f = p->f;
        for (size_t i = f->n - 1; i-- > 0 && f->pieces[i].kind == FURN_BLANK;)
            f->pieces[i].flags |= FURN_SKIP;
        p->passing = true;
    }
    return true;
}

static status furn_one_line(furn_pass *p, uint32_t line)
{
    const text_line *tl = furn_line(p, line);
    const char *b = p->buf;
    size_t a = tl->start, z = tl->start + tl->len;
    furn_trim(b, &a, &z);
    if (a == z) {
        if (p->passing || (p->blank_every && line > 1 && line < p->nlines &&
                           !furn_line_blank(p, line - 1) && !furn_line_blank(p, line + 1)))
            return furn_emit(p, line, tl->start, tl->len, FURN_BLANK, 0, FURN_SKIP) ? ST_OK
                                                                                   : ST_NO_MEMORY;
        p->open_p = false;
        p->signature = false;
        return furn_emit(p, line, tl->start, tl->len, FURN_BLANK, 0, 0) ? ST_OK : ST_NO_MEMORY;
    }
    const char *s = b + a;
    size_t n = z - a, ha, hz;
    bool ok = true, heading;
    doc_note_reason why;
    p->seen++;
    bool after_page = p->after_page; /* the line before was a page number */
    p->after_page = false;
    if (p->signature || (n == 2 && s[0] == '-' && s[1] == '-') ||
        (furn_starts(s, n, "-- ") && n <= 60 && !furn_ends_sentence(s, n))) {
        p->signature = true; /* a mail's signature: "-- " to the next blank line */
        return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_MAIL, FURN_BREAK)
                   ? ST_OK : ST_NO_MEMORY;
    }
    if ((p->quote_header && s[0] != '>') ||
        (furn_is_mail_header(s, n) &&
         ((line > 1 && furn_mail_header_line(p, line - 1)) || furn_mail_header_line(p, line + 1))))
        return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_MAIL, FURN_BREAK)
                   ? ST_OK : ST_NO_MEMORY;
    if (p->seen <= FURN_TITLE_LINES && n <= FURN_TITLE_MAX && furn_is_banner(s, n))
        return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_TITLE, FURN_BREAK)
                   ? ST_OK : ST_NO_MEMORY;
    if (furn_is_gloss(s, n, &heading)) {
        return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_GLOSS, FURN_BREAK)
                   ? ST_OK : ST_NO_MEMORY;
    }
    if (!p->in_comment && !p->in_raw) {
        if (furn_is_rule(s, n)) /* a scene break shows: a note */
            return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_MARKUP, FURN_BREAK)
                       ? ST_OK : ST_NO_MEMORY;
        if (n >= 3 && memcmp(s, ":::", 3) == 0) {
            p->f->shortcodes++;
            return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_SHORTCODE, FURN_BREAK)
                       ? ST_OK : ST_NO_MEMORY;
        }
        if (furn_is_heading(s, n, &ha, &hz))
            return furn_heading(p, line, a, z, a + ha, a + hz) ? ST_OK : ST_NO_MEMORY;
        if (furn_is_cn_section(s, n)) {
            p->f->headings++;
            return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_HEADING, FURN_BREAK)
                       ? ST_OK : ST_NO_MEMORY;
        }
        if ((why = furn_link_line(s, n)) != DOC_WHY_NONE) {
            *(why == DOC_WHY_IMAGE ? &p->f->images : &p->f->links) += 1;
            return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, (uint8_t)why, FURN_BREAK)
                       ? ST_OK : ST_NO_MEMORY;
        }
        if (furn_is_toggle(s, n)) {
            p->f->toggles++;
            return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, DOC_WHY_TOGGLE, FURN_BREAK)
                       ? ST_OK : ST_NO_MEMORY;
        }
        if ((line <= p->head_to || line >= p->tail_from) &&
            (why = furn_credit_line(s, n)) != DOC_WHY_NONE) {
            p->f->credits++;
            return furn_emit(p, line, tl->start, tl->len, FURN_NOTE, (uint8_t)why, FURN_BREAK)
                       ? ST_OK : ST_NO_MEMORY;
        }
        if ((p->after_page = furn_is_page_number(s, n)) ||
            (n <= FURN_SHORT && furn_running_header(p, s, n, furn_short_key(s, n))) ||
            furn_header_by_page(p, after_page, s, n))
            return furn_page(p, line) ? ST_OK : ST_NO_MEMORY;
    }
    status st = furn_tokenize(p, a, z);
    if (st != ST_OK)
        return st;
    furn_tag_meaning(p);
    /* the line's languages, counted once: whether it may be cut, and, when
     * it is one text piece, the language the scan would count again */
    lang_counts c = {0};
    lang_count(s, n, &c);
    bool mixed = furn_mixed(s, n, &c);
    if (p->ntok == 1 && p->tok[0].kind == FURN_TEXT && p->seen <= FURN_TITLE_LINES &&
        c.cjk && c.latin_words && n <= FURN_TITLE_MAX && !furn_ends_sentence(s, n) &&
        !furn_line_has_cands(p, line)) {
        /* a title and its translation on the first lines, no sentence end
         * between them ("夜市笔记：一个摊位的四十年 Night Market Notes"):
         * one change of language, both sides short */
        size_t ncuts = lang_cuts(s, n, true, p->cuts, FURN_MAX_CUTS), next = 0;
        bool short_sides = ncuts == 1 && text_width(s, p->cuts[0]) <= FURN_TITLE_COLUMNS &&
                           text_width(s + p->cuts[0], n - p->cuts[0]) <= FURN_TITLE_COLUMNS;
        for (size_t k = 0; k < ncuts; k++)
            p->cuts[k] += (uint32_t)a;
        if (short_sides) {
            p->f->title_pairs++;
            return furn_emit_text(p, line, a, z, p->cuts, ncuts, &next, FURN_ALONE, FURN_ALONE)
                       ? ST_OK : ST_NO_MEMORY;
        }
    }
    if (p->ntok == 1 && p->tok[0].kind == FURN_TEXT && p->tok[0].a == a && p->tok[0].z == z &&
        !mixed && !furn_line_has_cands(p, line)) {
        p->f->lang[line - 1] = (uint8_t)lang_classify(&c);
        /* plain text: the whole line */
        uint8_t flags = p->open_p || p->passing ? FURN_JOIN : 0;
        ok = flags ? furn_emit(p, line, a, z - a, FURN_TEXT, 0, flags)
                   : furn_emit(p, line, tl->start, tl->len, FURN_TEXT, 0, 0);
        p->passing = false;
        return ok ? ST_OK : ST_NO_MEMORY;
    }
    if (p->ntok == 1 && p->tok[0].kind == FURN_TEXT) {
        size_t ncuts = furn_line_cuts(p, line, a, z, mixed), next = 0;
        uint8_t flags = p->open_p || p->passing ? FURN_JOIN : 0;
        if (ncuts == 0 && !flags)
            ok = furn_emit(p, line, tl->start, tl->len, FURN_TEXT, 0, 0);
        else
            ok = furn_emit_text(p, line, a, z, p->cuts, ncuts, &next, flags, 0);
        p->passing = false;
        return ok ? ST_OK : ST_NO_MEMORY;
    }
    return furn_emit_tokens(p, line, a, z, mixed) ? ST_OK : ST_NO_MEMORY;
}

/* ---- notes ------------------------------------------------------------------------------------ */

/* Notes of one reason that may run on over blank lines: front matter,
 * lists of links, credits. */
static bool furn_runs_on(uint8_t why)
{
    return why == DOC_WHY_FRONT_MATTER || why == DOC_WHY_LINK || why == DOC_WHY_CREDIT ||
           why == DOC_WHY_BYLINE || why == DOC_WHY_IMAGE;
}

/* Which reason says most of a note made of pieces of several. */
static int furn_why_rank(uint8_t why)
{
    static const uint8_t order[] = {DOC_WHY_FRONT_MATTER, DOC_WHY_HEADING, DOC_WHY_TOGGLE,
                                    DOC_WHY_TITLE, DOC_WHY_BYLINE, DOC_WHY_CREDIT, DOC_WHY_IMAGE,
                                    DOC_WHY_CONTENTS, DOC_WHY_LINK, DOC_WHY_PAGE,
                                    DOC_WHY_SHORTCODE, DOC_WHY_MARKUP};
    for (size_t k = 0; k < sizeof order; k++)
        if (order[k] == why)
            return (int)k;
    return (int)sizeof order;
}

/* The notes: a run of note pieces with nothing between them is one note
 * (<details>, <summary>View original</summary> and the <p class="en">
 * before the text: a toggle), and so is a run of one reason across blank
 * lines (the lines of front matter, a list of links). */
static status furn_make_notes(furn *f)
{
    for (size_t i = 0; i < f->n;) {
        const furn_piece *pc = &f->pieces[i];
        if (pc->kind != FURN_NOTE) {
            i++;
            continue;
        }
        size_t last = i, links = pc->why == DOC_WHY_LINK;
        uint8_t why = pc->why;
        for (size_t j = i + 1; j < f->n; j++) {
            const furn_piece *q = &f->pieces[j];
            bool across = j > last + 1; /* blank lines between */
            if (q->kind == FURN_BLANK && furn_runs_on(pc->why))
                continue;
            if (q->kind != FURN_NOTE || (across && (q->why != pc->why || !furn_runs_on(pc->why))) ||
                (q->why == DOC_WHY_PAGE) != (pc->why == DOC_WHY_PAGE) ||
                (pc->why == DOC_WHY_LINK && q->line == f->pieces[last].line))
                break;
            last = j;
            links += q->why == DOC_WHY_LINK;
            if (furn_why_rank(q->why) < furn_why_rank(why))
                why = q->why;
        }
        if (!GROW(f->notes, f->notes_cap, f->nnotes + 1))
            return ST_NO_MEMORY;
        if (links >= 2 && why == DOC_WHY_LINK)
            why = DOC_WHY_CONTENTS;
        f->notes[f->nnotes++] = (furn_note){(uint32_t)i, (uint32_t)last, why};
        i = last + 1;
    }
    return ST_OK;
}

/* ---- the whole ------------------------------------------------------------------------------- */

status furn_make(const char *buf, const text_line *lines, size_t nlines, furn *f)
{
    memset(f, 0, sizeof *f);
    f->whole = true;
    furn_pass p = {0};
    p.f = f;
    p.buf = buf;
    p.lines = lines;
    p.nlines = nlines;
    p.cuts = malloc(FURN_MAX_CUTS * sizeof *p.cuts);
    f->lang = malloc(nlines ? nlines : 1);
    if (f->lang)
        memset(f->lang, FURN_LANG_UNKNOWN, nlines);
    status st = p.cuts && f->lang ? furn_survey(&p) : ST_NO_MEMORY;
    uint32_t fm_first = 0, fm_last = st == ST_OK ? furn_front_matter(&p, &fm_first) : 0;
    if (fm_last) {
        f->front_matter[0] = fm_first;
        f->front_matter[1] = fm_last;
    }
    for (uint32_t k = 1; st == ST_OK && k <= nlines; k++) {
        if (k >= fm_first && k <= fm_last) {
            const text_line *tl = &lines[k - 1];
            size_t a = tl->start, z = tl->start + tl->len;
            furn_trim(buf, &a, &z);
            bool blank = a == z;
            st = furn_emit(&p, k, tl->start, tl->len, blank ? FURN_BLANK : FURN_NOTE,
                           blank ? 0 : DOC_WHY_FRONT_MATTER, blank ? 0 : FURN_BREAK)
                     ? ST_OK : ST_NO_MEMORY;
            continue;
        }
        st = furn_one_line(&p, k);
    }
    if (st == ST_OK && !f->whole)
        st = furn_make_notes(f);
    free(p.shorts);
    free(p.names);
    free(p.cands);
    free(p.tok);
    free(p.cuts);
    free(p.mask);
    if (st != ST_OK)
        furn_free(f);
    return st;
}

void furn_free(furn *f)
{
    if (!f)
        return;
    free(f->pieces);
    free(f->notes);
    free(f->lang);
    memset(f, 0, sizeof *f);
    f->whole = true;
}

size_t furn_evidence(const furn *f, char *ev, size_t cap)
{
    size_t used = 0;
    ev[0] = '\0';
#define FURN_EV(...) format_evidence_add(ev, cap, &used, __VA_ARGS__)
#define FURN_COUNT(n, one, many) \
    do { \
        if (n) \
            FURN_EV("%s%u %s", used ? ", " : "furniture: ", (unsigned)(n), (n) == 1 ? one : many); \
    } while (0)
    if (f->front_matter[1])
        FURN_EV("furniture: front matter lines %u-%u", (unsigned)f->front_matter[0],
                (unsigned)f->front_matter[1]);
    FURN_COUNT(f->headings, "heading", "headings");
    FURN_COUNT(f->title_pairs, "heading in both languages", "headings in both languages");
    FURN_COUNT(f->tags, "run of HTML tags", "runs of HTML tags");
    FURN_COUNT(f->toggles, "toggle label", "toggle labels");
    FURN_COUNT(f->shortcodes, "shortcode", "shortcodes");
    FURN_COUNT(f->images, "image", "images");
    FURN_COUNT(f->links, "link line", "link lines");
    FURN_COUNT(f->credits, "byline or credit", "bylines or credits");
    FURN_COUNT(f->pages, "page number or running header", "page numbers or running headers");
    FURN_COUNT(f->lang_cuts, "cut between languages inside a line", "cuts between languages inside lines");
    FURN_COUNT(f->label_cuts, "cut at a label inside a line", "cuts at labels inside lines");
#undef FURN_COUNT
#undef FURN_EV
    return used;
}
