/* label — is there a speaker label at the start of this line? */
#include "label.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "lang.h"
#include "timecode.h"

/* A name is short: at most this many CJK characters, Latin words, bytes. */
#define LABEL_MAX_CJK 12
#define LABEL_MAX_WORDS 5
#define LABEL_MAX_PAREN_CJK 16
#define LABEL_MAX_PAREN_WORDS 6
/* How far into a line the colon of a label may be. */
#define LABEL_SCAN_BYTES 160

/* The code point at s[i] (n bytes in all) and its length; an invalid byte
 * reads as U+FFFD of length 1 (sanitised text has none, tests may). */
static size_t label_cp(const char *s, size_t n, size_t i, int32_t *cp)
{
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(n - i), cp);
    if (len <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)len;
}

static bool label_is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

static bool label_is_colon(int32_t cp)
{
    return cp == ':' || cp == 0xFF1A;
}

static size_t label_skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n) {
        int32_t cp;
        size_t len = label_cp(s, n, i, &cp);
        if (!label_is_space(cp))
            break;
        i += len;
    }
    return i;
}

/* Lower-case words that may stand inside a Latin name ("Head of Research",
 * "Ursula von der Leyen"); never its first word. */
static bool label_is_connector(const char *w, size_t n)
{
    static const char *const words[] = {
        "of", "de", "van", "von", "der", "den", "da", "di", "du", "la", "le",
        "bin", "ibn", "al", "el", "y", "dos", "das", "del", "and",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
            return true;
    return false;
}

/* Characters a name may hold besides letters, digits and spaces:
 * Dr. / Jean-Luc / O'Brien / 史蒂夫·乔布斯 / ジョン・スミス / SPEAKER_01. */
static bool label_is_name_punct(int32_t cp)
{
    return cp == '.' || cp == '-' || cp == '\'' || cp == 0x2019 || cp == 0xB7 ||
           cp == 0x30FB || cp == 0x2027 || cp == '_';
}

/* What a parenthesised part may hold on top: "(CEO, Alibaba)", "(Q&A)",
 * a time "(00:01:02)". */
static bool label_is_paren_punct(int32_t cp)
{
    return cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == '&' || cp == '/' || cp == ':';
}

typedef struct label_canon {
    char *out;
    size_t used;
    size_t cjk, words, letters;
    bool lenient;      /* a parenthesised part: lower case and commas allowed */
    bool bold;         /* a name in Markdown bold (**City planner:**): words
                          after the first may be lower case */
    bool space_due;    /* a space was seen since the last character copied */
    bool last_cjk;     /* the last character copied was CJK */
    size_t word_start; /* where the current Latin word began in s, or SIZE_MAX */
} label_canon;

static bool label_emit(label_canon *c, const char *s, size_t len)
{
    if (c->used + len + 1 > LABEL_NAME_MAX)
        return false;
    memcpy(c->out + c->used, s, len);
    c->used += len;
    c->out[c->used] = '\0';
    return true;
}

/* Ends the Latin word begun at c->word_start (s[word_start, end)): its first
 * character must be an upper-case letter or a digit, unless the word is a
 * connector that is not the first word. */
static bool label_end_word(label_canon *c, const char *s, size_t end)
{
    if (c->word_start == SIZE_MAX)
        return true;
    size_t start = c->word_start;
    c->word_start = SIZE_MAX;
    if (++c->words > (c->lenient ? LABEL_MAX_PAREN_WORDS : LABEL_MAX_WORDS))
        return false;
    if (c->lenient)
        return true;
    int32_t cp;
    label_cp(s, end, start, &cp);
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_ND)
        return true;
    return c->words > 1 && (c->bold || label_is_connector(s + start, end - start));
}

/* Checks that s[0, n) is name-like and writes its canonical form to out
 * (LABEL_NAME_MAX bytes): spaces next to CJK dropped, other runs of spaces
 * made one. */
static bool label_canonical(const char *s, size_t n, bool lenient, bool bold, char *out)
{
    label_canon c = {out, 0, 0, 0, 0, lenient, bold, false, false, SIZE_MAX};
    out[0] = '\0';
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t len = label_cp(s, n, i, &cp);
        if (label_is_space(cp)) {
            if (!label_end_word(&c, s, i))
                return false;
            c.space_due = c.used > 0;
            i += len;
            continue;
        }
        bool cjk = lang_is_cjk((uint32_t)cp);
        utf8proc_category_t cat = utf8proc_category(cp);
        bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
        bool digit = cat == UTF8PROC_CATEGORY_ND;
        bool punct = label_is_name_punct(cp) || (lenient && label_is_paren_punct(cp));
        if (!letter && !digit && !punct)
            return false;
        if (cjk) {
            if (!label_end_word(&c, s, i))
                return false;
            if (++c.cjk > (lenient ? LABEL_MAX_PAREN_CJK : LABEL_MAX_CJK))
                return false;
        } else if (c.word_start == SIZE_MAX && !punct) {
            c.word_start = i;
        } else if (c.word_start == SIZE_MAX && punct && !lenient && c.used == 0) {
            return false; /* a name does not start with punctuation */
        }
        if (letter)
            c.letters++;
        if (c.space_due && !cjk && !c.last_cjk && !label_emit(&c, " ", 1))
            return false;
        c.space_due = false;
        c.last_cjk = cjk;
        if (!label_emit(&c, s + i, len))
            return false;
        i += len;
    }
    if (!label_end_word(&c, s, n))
        return false;
    return lenient ? c.used > 0 : c.letters > 0;
}

/* Where a name part's trailing parenthesised part stands: open and close
 * are offsets into it, inner/inner_end what the parentheses hold. */
typedef struct label_paren {
    size_t open, inner, inner_end, close;
} label_paren;

/* Splits a name part s[0, n) (spaces trimmed; `bold`: written in Markdown
 * bold) into the name and a trailing
 * parenthesised part, and canonicalises both into m; *par (when not NULL)
 * says where the parenthesised part stood (open == SIZE_MAX: none). A
 * parenthesis closing a one- or two-letter name without opening ("Q)",
 * "A)") is numbering, dropped. */
static bool label_name_part(const char *s, size_t n, bool bold, label_match *m, label_paren *par)
{
    size_t a = label_skip_spaces(s, n, 0), b = n;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (b - a >= 3 && memcmp(s + b - 3, "\xe3\x80\x80", 3) == 0)
        b -= 3; /* a trailing ideographic space */
    m->paren[0] = '\0';
    if (par)
        par->open = SIZE_MAX;
    bool ascii_close = b > a && s[b - 1] == ')';
    bool wide_close = b - a >= 3 && memcmp(s + b - 3, "\xef\xbc\x89", 3) == 0; /* ） */
    if (ascii_close || wide_close) {
        size_t close = b - (ascii_close ? 1 : 3), open = SIZE_MAX, inner = 0;
        for (size_t i = a; i < close; i++) { /* the last opening parenthesis */
            if (s[i] == '(')
                open = i, inner = i + 1;
            else if (close - i >= 3 && memcmp(s + i, "\xef\xbc\x88", 3) == 0) /* （ */
                open = i, inner = i + 3;
        }
        size_t chars = 0; /* code points before the parenthesis */
        for (size_t i = a; i < close; i++)
            chars += ((unsigned char)s[i] & 0xC0) != 0x80;
        if (open == SIZE_MAX && chars <= 2) {
            b = close; /* Q) A) 问） */
        } else {
            if (open == SIZE_MAX || open == a)
                return false;
            bool timed = timecode_parse(s + open, b - open) >= 0;
            if (!timed && !label_canonical(s + inner, close - inner, true, false, m->paren))
                return false;
            if (par)
                *par = (label_paren){open, inner, close, b};
            b = open;
        }
    }
    return label_canonical(s + a, b - a, false, bold, m->name);
}

/* After a colon at s[i] (ASCII ':'), text that shows the colon is not a
 * label's: a URL ("://"), a ratio or a count (a digit after it; times are
 * stepped over before this is asked), a word glued to the colon
 * ("ISBN:978", "re:Invent"). */
static bool label_ascii_colon_ok(const char *s, size_t n, size_t colon)
{
    if (colon + 1 >= n)
        return true;
    unsigned char next = (unsigned char)s[colon + 1];
    if (next == '/' || (next >= '0' && next <= '9') || (next >= 'A' && next <= 'Z') ||
        (next >= 'a' && next <= 'z'))
        return false;
    return true;
}

/* "Q:What …", "HZ:No.": a name of one or two capitals may have its text
 * glued to the colon, where a longer word may not (ISBN:…, Source:https:…). */
static bool label_short_caps_glued(const char *name, size_t n, const char *line, size_t len,
                                   size_t colon)
{
    if (n < 1 || n > 2 || colon + 1 >= len)
        return false;
    for (size_t i = 0; i < n; i++)
        if (name[i] < 'A' || name[i] > 'Z')
            return false;
    char next = line[colon + 1];
    return (next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z');
}

/* Is s[i] the first byte of an opening bracket a time may stand in? */
static bool label_time_bracket(const char *s, size_t n, size_t i)
{
    return s[i] == '[' || s[i] == '(' ||
           (n - i >= 3 && (memcmp(s + i, "\xef\xbc\x88", 3) == 0 || /* （ */
                           memcmp(s + i, "\xe3\x80\x90", 3) == 0)); /* 【 */
}

/* Fills in where the label ends and the text begins; a bracketed time
 * opening the text ("Host: [00:01:23] Hi") is the label's time. */
static bool label_finish(const char *line, size_t n, size_t start, size_t end, label_shape shape,
                         label_match *m)
{
    m->shape = shape;
    m->start = start;
    m->len = end - start;
    m->text = label_skip_spaces(line, n, end);
    size_t tl;
    int64_t ms;
    if (m->time_ms < 0 && m->text < n && label_time_bracket(line, n, m->text) &&
        (ms = timecode_at(line + m->text, n - m->text, &tl)) >= 0) {
        m->time_ms = ms;
        m->time_start = m->text;
        m->time_len = tl;
        m->text = label_skip_spaces(line, n, m->text + tl);
    }
    m->alone = m->text == n;
    return true;
}

/* Trims spaces off the end of line[start, end). */
static size_t label_trim_end(const char *line, size_t start, size_t end)
{
    while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t'))
        end--;
    while (end - start >= 3 && memcmp(line + end - 3, "\xe3\x80\x80", 3) == 0)
        end -= 3;
    return end;
}

/* Name: / Name： / Name (B): / Speaker 1 (00:05): — colons inside a time
 * are stepped over (发言人 1 00：52 has none of its own), and *timed says
 * whether one was. */
static bool label_match_colon(const char *line, size_t n, size_t start, label_match *m,
                              bool *timed)
{
    size_t limit = n - start > LABEL_SCAN_BYTES ? start + LABEL_SCAN_BYTES : n;
    int depth = 0; /* colons inside parentheses are not the label's: (00:01:02) */
    for (size_t i = start; i < limit;) {
        /* Only ( ) : and their fullwidth forms (EF BC 88/89/9A) matter, and
         * no byte of another character looks like theirs: step over the
         * rest a byte at a time, without decoding (every line is asked). */
        unsigned char b = (unsigned char)line[i];
        bool wide = b == 0xEF && i + 2 < n && (unsigned char)line[i + 1] == 0xBC &&
                    ((unsigned char)line[i + 2] == 0x88 || (unsigned char)line[i + 2] == 0x89 ||
                     (unsigned char)line[i + 2] == 0x9A);
        if (b != '(' && b != ')' && b != ':' && !wide) {
            i++;
            continue;
        }
        int32_t cp;
        size_t len = label_cp(line, n, i, &cp);
        if (cp == '(' || cp == 0xFF08)
            depth++;
        else if ((cp == ')' || cp == 0xFF09) && depth > 0)
            depth--;
        else if (label_is_colon(cp) && timecode_colon_inside(line, n, i))
            *timed = true; /* a time's colon: 00:52, (00:52) */
        else if (label_is_colon(cp) && depth == 0) {
            if (cp == ':' && !label_ascii_colon_ok(line, n, i) &&
                !label_short_caps_glued(line + start, i - start, line, n, i))
                return false;
            label_paren par;
            if (!label_name_part(line + start, i - start, false, m, &par))
                return false;
            label_finish(line, n, start, i + len, LABEL_COLON, m);
            if (par.open != SIZE_MAX && !m->paren[0]) { /* the parentheses held a time */
                m->time_ms = timecode_parse(line + start + par.open, par.close - par.open);
                m->time_start = start + par.open;
                m->time_len = par.close - par.open;
                m->len = label_trim_end(line, start, start + par.open) - start;
            }
            return true;
        }
        i += len;
    }
    return false;
}

/* 【Name】 or [Name], optionally followed by a colon. */
static bool label_match_bracket(const char *line, size_t n, size_t start, label_match *m)
{
    bool wide = n - start >= 3 && memcmp(line + start, "\xe3\x80\x90", 3) == 0; /* 【 */
    const char *close = wide ? "\xe3\x80\x91" : "]";                            /* 】 */
    size_t open_len = wide ? 3 : 1, close_len = wide ? 3 : 1;
    size_t limit = n - start > LABEL_SCAN_BYTES ? start + LABEL_SCAN_BYTES : n;
    for (size_t i = start + open_len; i + close_len <= limit; i++) {
        if (memcmp(line + i, close, close_len) != 0)
            continue;
        if (!label_name_part(line + start + open_len, i - start - open_len, false, m, NULL))
            return false;
        size_t end = i + close_len;
        if (end < n && line[end] == '(')
            return false; /* a Markdown link: [text](url) */
        size_t after = label_skip_spaces(line, n, end);
        int32_t cp = 0;
        if (after < n) {
            size_t len = label_cp(line, n, after, &cp);
            if (label_is_colon(cp))
                end = after + len;
        }
        return label_finish(line, n, start, end, LABEL_BRACKET, m);
    }
    return false;
}

/* **Name**: or **Name:** */
static bool label_match_bold(const char *line, size_t n, size_t start, label_match *m)
{
    size_t limit = n - start > LABEL_SCAN_BYTES ? start + LABEL_SCAN_BYTES : n;
    for (size_t i = start + 2; i + 2 <= limit; i++) {
        if (line[i] != '*' || line[i + 1] != '*')
            continue;
        size_t inner = start + 2, inner_end = i, end = i + 2;
        if (inner_end > inner && line[inner_end - 1] == ':') {
            inner_end -= 1; /* the colon inside the stars … */
        } else if (inner_end - inner >= 3 && memcmp(line + inner_end - 3, "\xef\xbc\x9a", 3) == 0) {
            inner_end -= 3;
        } else { /* … or right after them */
            size_t after = label_skip_spaces(line, n, end);
            int32_t cp = 0;
            if (after >= n)
                return false;
            size_t len = label_cp(line, n, after, &cp);
            if (!label_is_colon(cp))
                return false;
            end = after + len;
        }
        if (!label_name_part(line + inner, inner_end - inner, true, m, NULL))
            return false;
        return label_finish(line, n, start, end, LABEL_BOLD, m);
    }
    return false;
}

/* Describes a name and a time with no colon (LABEL_TIMED): the name at
 * line[start, name_end), the text from `text`. */
static void label_set_timed(label_match *m, size_t start, size_t name_end, size_t text, size_t n)
{
    m->shape = LABEL_TIMED;
    m->start = start;
    m->len = name_end - start;
    m->text = text;
    m->alone = text == n;
}

/* Is there a space (ASCII, tab or ideographic) right before line[i]? */
static bool label_space_before(const char *line, size_t i)
{
    return i > 0 && (line[i - 1] == ' ' || line[i - 1] == '\t' ||
                     (i >= 3 && memcmp(line + i - 3, "\xe3\x80\x80", 3) == 0));
}

/* A bare m:ss (one digit of minutes, no hours) is how verses and chapters
 * are cited as well as how Otter stamps a turn; Otter sets it off with two
 * spaces ("Speaker 1  0:05"), other exports pad it ("00:05"). */
static bool label_time_loose(const char *t, size_t len)
{
    size_t colons = 0;
    for (size_t i = 0; i < len; i++)
        colons += t[i] == ':' || (unsigned char)t[i] == 0x9A; /* : or the last byte of ： */
    return len >= 2 && t[0] >= '0' && t[0] <= '9' && !(t[1] >= '0' && t[1] <= '9') &&
           colons == 1;
}

/* A name then a time, no colon: "发言人 1 00:52", "Speaker 1  0:05",
 * "张三 (00:52)"; alone on its line unless `with_text`. The first time
 * standing apart after the name decides. Asked only of lines where the
 * colon search stepped over a time's colon. */
static bool label_match_timed(const char *line, size_t n, size_t start, bool with_text,
                              label_match *m)
{
    size_t limit = n - start > LABEL_SCAN_BYTES ? start + LABEL_SCAN_BYTES : n;
    for (size_t p = start + 1; p < limit; p++) {
        unsigned char b = (unsigned char)line[p];
        if (!label_space_before(line, p) ||
            !((b >= '0' && b <= '9') || label_time_bracket(line, n, p)))
            continue;
        size_t len;
        int64_t ms = timecode_at(line + p, n - p, &len);
        if (ms < 0)
            continue;
        if (label_time_loose(line + p, len) && !(p >= 2 && line[p - 2] == ' ') &&
            line[p - 1] != '\t')
            return false; /* "John 3:16", "Chapter 3:12": a verse, not a header */
        size_t end = p + len, after = label_skip_spaces(line, n, end);
        if ((after == end && end < n) || (after < n && !with_text))
            return false; /* glued on ("00:52abc"), or text where none may be */
        size_t name_end = label_trim_end(line, start, p);
        if (!label_name_part(line + start, name_end - start, false, m, NULL))
            return false;
        label_set_timed(m, start, name_end, after, n);
        m->time_ms = ms;
        m->time_start = p;
        m->time_len = len;
        return true;
    }
    return false;
}

/* A time opening the line, bare or bracketed, maybe in Markdown bold
 * ("**[00:00:18]**"): its bytes, 0 when there is none. */
static size_t label_lead_time(const char *line, size_t n, size_t start, int64_t *ms)
{
    size_t i = start, len;
    bool bold = n - i >= 2 && line[i] == '*' && line[i + 1] == '*';
    if (bold)
        i += 2;
    if (i >= n || !((line[i] >= '0' && line[i] <= '9') || label_time_bracket(line, n, i)))
        return 0;
    if ((*ms = timecode_at(line + i, n - i, &len)) < 0 || label_time_loose(line + i, len))
        return 0;
    i += len;
    if (bold) {
        if (n - i < 2 || line[i] != '*' || line[i + 1] != '*')
            return 0;
        i += 2;
    }
    bool bare = line[start] >= '0' && line[start] <= '9';
    if (bare && i < n && line[i] != ' ' && line[i] != '\t' &&
        (n - i < 3 || memcmp(line + i, "\xe3\x80\x80", 3) != 0))
        return 0; /* glued on: "10:30am" (a bracket closes itself: "（00：52）张三：") */
    return i - start;
}

/* The shapes with a colon or brackets, from `start`; *timed as
 * label_match_colon says. */
static bool label_match_shapes(const char *line, size_t n, size_t start, label_match *m,
                               bool *timed)
{
    *timed = false;
    if (n - start >= 2 && line[start] == '*' && line[start + 1] == '*')
        return label_match_bold(line, n, start, m);
    if (line[start] == '[' || (n - start >= 3 && memcmp(line + start, "\xe3\x80\x90", 3) == 0))
        return label_match_bracket(line, n, start, m);
    return label_match_colon(line, n, start, m, timed);
}

/* Notes' labels (compared ignoring ASCII case): a translator's or editor's
 * note, a source, a postscript. Never a speaker. */
#define LABEL_WORD(s) {s, sizeof s - 1}
static const struct {
    const char *w;
    size_t n;
} label_note_words[] = {
    LABEL_WORD("注"), LABEL_WORD("注释"), LABEL_WORD("注解"), LABEL_WORD("备注"),
    LABEL_WORD("附注"), LABEL_WORD("脚注"), LABEL_WORD("译注"), LABEL_WORD("译者注"),
    LABEL_WORD("译者按"), LABEL_WORD("译按"), LABEL_WORD("编注"), LABEL_WORD("编者注"),
    LABEL_WORD("编者按"), LABEL_WORD("编按"), LABEL_WORD("原注"), LABEL_WORD("作者注"),
    LABEL_WORD("校注"), LABEL_WORD("按"), LABEL_WORD("来源"), LABEL_WORD("资料来源"),
    LABEL_WORD("出处"), LABEL_WORD("图片来源"), LABEL_WORD("声明"), LABEL_WORD("免责声明"),
    LABEL_WORD("note"), LABEL_WORD("notes"), LABEL_WORD("nb"), LABEL_WORD("n.b."),
    LABEL_WORD("n.b"), LABEL_WORD("ps"), LABEL_WORD("p.s."), LABEL_WORD("p.s"),
    LABEL_WORD("pps"), LABEL_WORD("p.p.s."), LABEL_WORD("source"), LABEL_WORD("sources"),
    LABEL_WORD("editor's note"), LABEL_WORD("editor\xe2\x80\x99s note"),
    LABEL_WORD("editors' note"), LABEL_WORD("translator's note"),
    LABEL_WORD("translator\xe2\x80\x99s note"), LABEL_WORD("translator's notes"),
    LABEL_WORD("author's note"), LABEL_WORD("footnote"), LABEL_WORD("disclaimer"),
};
#undef LABEL_WORD

/* Is s[0, n) (spaces trimmed by the caller) one of the notes' labels? */
static bool label_is_note_word(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof label_note_words / sizeof label_note_words[0]; k++) {
        const char *w = label_note_words[k].w;
        if (label_note_words[k].n != n)
            continue;
        size_t i = 0;
        while (i < n && (s[i] == w[i] || (s[i] >= 'A' && s[i] <= 'Z' && s[i] + 32 == w[i])))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Marks a page sets before a label: Markdown blockquotes ("> Host:") and
 * bullets ("▲【记者】", "• Host:"); the bytes of the one at line[i], 0
 * when none. */
static size_t label_lead_mark(const char *line, size_t n, size_t i)
{
    if (line[i] == '>')
        return 1;
    if ((unsigned char)line[i] != 0xE2) /* every bullet below is E2 xx xx */
        return 0;
    static const char *const marks[] = {
        ">", "\xe2\x96\xb2" /* ▲ */, "\xe2\x96\xb3" /* △ */, "\xe2\x96\xa0" /* ■ */,
        "\xe2\x96\xa1" /* □ */, "\xe2\x97\x8f" /* ● */, "\xe2\x97\x8b" /* ○ */,
        "\xe2\x97\x86" /* ◆ */, "\xe2\x97\x87" /* ◇ */, "\xe2\x98\x85" /* ★ */,
        "\xe2\x98\x86" /* ☆ */, "\xe2\x80\xa2" /* • */,
    };
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t len = strlen(marks[k]);
        if (n - i >= len && memcmp(line + i, marks[k], len) == 0)
            return len;
    }
    return 0;
}

/* Spaces, then blockquote marks and bullets, then spaces. */
static size_t label_skip_quote(const char *line, size_t n)
{
    size_t start = label_skip_spaces(line, n, 0), k;
    while (start < n && (k = label_lead_mark(line, n, start)) > 0)
        start = label_skip_spaces(line, n, start + k);
    return start;
}

/* label_match_line, with a timed header's text on the same line allowed. */
static bool label_match_any(const char *line, size_t n, bool with_text, label_match *m)
{
    size_t start = label_skip_quote(line, n);
    if (start >= n)
        return false;
    memset(m, 0, sizeof *m);
    m->time_ms = -1;
    int64_t ms;
    size_t lead = label_lead_time(line, n, start, &ms);
    if (lead) { /* [00:01:23] Host: / (00:52) 张三：/ 00:52 张三 */
        size_t rest = label_skip_spaces(line, n, start + lead);
        if (rest >= n)
            return false;
        bool timed;
        if (!label_match_shapes(line, n, rest, m, &timed)) {
            memset(m, 0, sizeof *m);
            size_t end = label_trim_end(line, rest, n);
            if (!label_name_part(line + rest, end - rest, false, m, NULL))
                return false;
            label_set_timed(m, rest, end, n, n);
        } else if (m->time_ms >= 0) {
            return false; /* two times: (00:52) 张三 (00:53): */
        }
        m->time_ms = ms;
        m->time_start = start;
        m->time_len = lead;
    } else {
        bool timed;
        if (label_match_shapes(line, n, start, m, &timed))
            return true;
        memset(m, 0, sizeof *m);
        m->time_ms = -1;
        if (!timed || !label_match_timed(line, n, start, with_text, m))
            return false;
    }
    return true;
}

bool label_match_line(const char *line, size_t n, label_match *m)
{
    if (!label_match_any(line, n, false, m))
        return false;
    return !label_is_note_word(m->name, strlen(m->name));
}

bool label_match_header(const char *line, size_t n, label_match *m)
{
    if (!label_match_any(line, n, true, m))
        return false;
    return !label_is_note_word(m->name, strlen(m->name));
}

bool label_note_line(const char *line, size_t n, size_t *text)
{
    size_t start = label_skip_quote(line, n);
    if (start >= n)
        return false;
    /* a note in brackets: 【编者按】…, （译者注：…）, [Note: …] */
    static const char *const brackets[][2] = {
        {"\xe3\x80\x90", "\xe3\x80\x91"}, {"\xef\xbc\x88", "\xef\xbc\x89"}, {"(", ")"},
        {"[", "]"},
    };
    size_t open = 0;
    const char *close = NULL;
    for (size_t k = 0; k < sizeof brackets / sizeof brackets[0] && !open; k++) {
        size_t len = strlen(brackets[k][0]);
        if (n - start >= len && memcmp(line + start, brackets[k][0], len) == 0)
            open = len, close = brackets[k][1];
    }
    size_t w = start + open, limit = n - w > 40 ? w + 40 : n;
    bool bold = n - w >= 2 && line[w] == '*' && line[w + 1] == '*';
    if (bold)
        w += 2;
    size_t close_len = close ? strlen(close) : 0;
    for (size_t i = w + 1; i <= limit; i++) { /* the word ends at the first colon or bracket */
        unsigned char b = i < n ? (unsigned char)line[i] : 0;
        if (b != ':' && b != 0xEF && !(close_len && b == (unsigned char)close[0]))
            continue;
        size_t end = label_trim_end(line, w, i), after = 0;
        if (b == ':')
            after = i + 1;
        else if (n - i >= 3 && memcmp(line + i, "\xef\xbc\x9a", 3) == 0)
            after = i + 3;
        else if (close_len && n - i >= close_len && memcmp(line + i, close, close_len) == 0)
            after = i + close_len;
        if (!after)
            continue;
        if (!label_is_note_word(line + w, end - w))
            return false;
        if (bold && n - after >= 2 && line[after] == '*' && line[after + 1] == '*')
            after += 2;
        if (after < n && line[after] == '/')
            return false; /* Source://… is a link */
        *text = label_skip_spaces(line, n, after);
        return true;
    }
    return false;
}

const char *label_shape_name(label_shape s)
{
    switch (s) {
    case LABEL_COLON: return "colon";
    case LABEL_BRACKET: return "bracket";
    case LABEL_BOLD: return "bold";
    case LABEL_TIMED: return "timed";
    }
    return "?";
}
