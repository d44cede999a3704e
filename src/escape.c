/* escape — JSON strings, TSV fields and Markdown text, written safely. */
#include "escape.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

/* The code point at s (n > 0 bytes) into *cp and its length; an invalid
 * sequence gives cp = -1 and a length of 1, so each bad byte is one
 * replacement (the decoder in text.c works per maximal subpart; here the
 * input is already sanitised and this is only a safety net). */
static size_t next_cp(const char *s, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    if (k < 1) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (size_t)k;
}

static bool is_control(int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static bool is_bidi_control(int32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* ---- plain text ----------------------------------------------------------------- */

void escape_text(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = next_cp(s + i, n - i, &cp);
        if (cp < 0 || is_control(cp) || is_bidi_control(cp))
            putc('?', out);
        else
            fwrite(s + i, 1, k, out);
        i += k;
    }
}

/* ---- JSON ---------------------------------------------------------------------- */

void escape_json(FILE *out, const char *s, size_t n)
{
    putc('"', out);
    escape_json_chars(out, s, n);
    putc('"', out);
}

void escape_json_chars(FILE *out, const char *s, size_t n)
{
    size_t run = 0; /* start of the bytes not yet written, all safe */
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            i++; /* the common case: plain ASCII goes out in runs */
            continue;
        }
        int32_t cp;
        size_t k = next_cp(s + i, n - i, &cp);
        if (cp >= 0xA0 && cp != 0x2028 && cp != 0x2029 && !is_bidi_control(cp)) {
            i += k;
            continue;
        }
        fwrite(s + run, 1, i - run, out);
        if (cp < 0)
            fputs("\\ufffd", out);
        else if (cp == '"' || cp == '\\')
            putc('\\', out), putc((int)cp, out);
        else
            fprintf(out, "\\u%04x", (unsigned)cp); /* controls, U+2028, U+2029, bidi */
        i += k;
        run = i;
    }
    fwrite(s + run, 1, n - run, out);
}

/* ---- TSV ----------------------------------------------------------------------- */

/* What a spreadsheet takes for the start of a formula (OWASP's list; a raw
 * tab or carriage return never starts an encoded field). */
static bool tsv_formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@';
}

void escape_tsv(FILE *out, const char *s, size_t n)
{
    if (n && tsv_formula_start(s[0]))
        putc('\\', out);
    escape_tsv_more(out, s, n);
}

void escape_tsv_more(FILE *out, const char *s, size_t n)
{
    size_t run = 0; /* bytes before i not yet written */
    for (size_t i = 0; i < n; i++) {
        const char *e = NULL;
        switch (s[i]) {
        case '\\': e = "\\\\"; break;
        case '\t': e = "\\t"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        default: continue;
        }
        fwrite(s + run, 1, i - run, out);
        fputs(e, out);
        run = i + 1;
    }
    fwrite(s + run, 1, n - run, out);
}

size_t escape_tsv_decode(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            switch (s[i + 1]) {
            case '\\': c = '\\'; i++; break;
            case 't': c = '\t'; i++; break;
            case 'n': c = '\n'; i++; break;
            case 'r': c = '\r'; i++; break;
            default: /* the formula guard, else it stands for itself */
                if (i == 0 && tsv_formula_start(s[1]))
                    c = s[++i];
                break;
            }
        }
        out[o++] = c;
    }
    return o;
}

/* ---- Markdown ------------------------------------------------------------------- */

/* Characters that mean something inside a Markdown paragraph. */
static bool md_inline_active(int32_t cp)
{
    return cp < 0x80 && cp > 0 && strchr("\\`*_[]<>|~&", (int)cp) != NULL;
}

/* Characters that start a block (heading, list, setext underline) when
 * they open a line. */
static bool md_block_start(int32_t cp)
{
    return cp == '#' || cp == '+' || cp == '-' || cp == '=';
}

/* At the start of a line: writes a leading "123." or "123)" with its
 * punctuation escaped, and returns the bytes consumed (0 when the line does
 * not start like a list number). */
static size_t md_list_number(FILE *out, const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9')
        d++;
    if (d == 0 || d >= n || (s[d] != '.' && s[d] != ')'))
        return 0;
    fwrite(s, 1, d, out);
    putc('\\', out);
    putc(s[d], out);
    return d + 1;
}

void escape_md(FILE *out, const char *s, size_t n, const char *line_prefix)
{
    bool line_start = true, wrote = false;
    for (size_t i = 0; i < n;) {
        if (line_start) {
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            size_t k = md_list_number(out, s + i, n - i);
            i += k;
            line_start = false;
            wrote = wrote || k;
            if (k || i >= n)
                continue;
            if (md_block_start((unsigned char)s[i]))
                putc('\\', out);
        }
        int32_t cp;
        size_t k = next_cp(s + i, n - i, &cp);
        if (cp == '\n') {
            /* One line end is a hard break; a run of them a new paragraph;
             * none is written at the very start or end. */
            size_t run = 0, lines = 0; /* blank lines count as line ends */
            for (; i + run < n && s[i + run] && strchr(" \t\n", s[i + run]); run++)
                lines += s[i + run] == '\n';
            const char *prefix = line_prefix ? line_prefix : "";
            if (wrote && i + run < n && lines > 1)
                fprintf(out, "\n%s\n%s", prefix, prefix);
            else if (wrote && i + run < n)
                fprintf(out, "\\\n%s", prefix);
            i += run;
            line_start = true;
            continue;
        } else if (cp < 0 || (is_control(cp) && cp != '\t') || is_bidi_control(cp)) {
            fputs("\xef\xbf\xbd", out); /* U+FFFD */
        } else {
            if (md_inline_active(cp))
                putc('\\', out);
            fwrite(s + i, 1, k, out);
        }
        wrote = true;
        i += k;
    }
}
