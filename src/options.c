/* options — the command line and $DUET: one table of options (getopt_long
 * and --help both come from it), a shell-like splitter for the environment
 * variable, and glibc's getopt_long over its words, then over argv. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "encoding.h"
#include "format.h"
#include "grow.h"

static int choice(const char *name, const char *const *names, size_t n);

/* ---- the table of options ------------------------------------------------ */

typedef enum {
    OPT_DUMP = 256, OPT_WIDTH, OPT_EXPORT, OPT_CHECK, OPT_FORMAT, OPT_ENCODING, OPT_LAYOUT, OPT_SPEAKER,
    OPT_SEARCH, OPT_SEGMENT, OPT_AMB_WIDE, OPT_AMB_NARROW, OPT_NO_COLOR, OPT_NO_MOUSE,
    OPT_NO_RESUME, OPT_PROFILE, OPT_HELP = 'h', OPT_VERSION = 'V'
} opt_id;

/* The groups --help lists the options in, titled. */
typedef enum { GROUP_INSTEAD, GROUP_READING, GROUP_READER, GROUP_GENERAL } opt_group;

static const char *const group_titles[] = {"Instead of the reader:", "Reading:", "The reader:", NULL};

/* One option: the one source of getopt_long's table and of --help (the
 * man page's OPTIONS lists the same names: a unit test checks). */
typedef struct opt_spec {
    const char *name;  /* long name without "--" */
    const char *arg;   /* the value's name in --help ("N"); NULL: a flag */
    opt_id id;         /* getopt_long's value; a short option's letter */
    opt_group group;
    const char *help;  /* --help's text, '\n' where its lines break */
} opt_spec;

static const opt_spec opt_specs[] = {
    {"dump", NULL, OPT_DUMP, GROUP_INSTEAD,
     "print the aligned transcript as two columns (the\ndefault when standard output is not a terminal)"},
    {"width", "N", OPT_WIDTH, GROUP_INSTEAD,
     "width of --dump in columns, 20 to 4096 (default:\n$COLUMNS, the terminal's width, or 80)"},
    {"export", "FMT", OPT_EXPORT, GROUP_INSTEAD,
     "write the transcript to standard output as json,\ntsv (speaker, zh, en per segment) or md"},
    {"check", NULL, OPT_CHECK, GROUP_INSTEAD,
     "report the layout, speakers, segments, notes and\nwhere every input line and byte went; exit 1\n"
     "when FILE is not a bilingual transcript"},
    {"encoding", "NAME", OPT_ENCODING, GROUP_READING,
     "read every input in this encoding (any name iconv\nknows: latin1, cp1252, shift_jis ...) instead of\n"
     "detecting UTF-8, UTF-16/32 with a mark, GB18030\nor Big5"},
    {"format", "NAME", OPT_FORMAT, GROUP_READING,
     "the input's layout instead of detecting it, one of"}, /* the names follow */
    {"layout", "MODE", OPT_LAYOUT, GROUP_READER,
     "side (side by side), stack (Chinese above English),\nzh or en (one language); default: side when\n"
     "the terminal is wide enough, else stack"},
    {"speaker", "NAME", OPT_SPEAKER, GROUP_READER,
     "show only this speaker: a name, or any part of one\nonly one speaker has (repeat for several)"},
    {"search", "PATTERN", OPT_SEARCH, GROUP_READER, "start with this search"},
    {"segment", "N", OPT_SEGMENT, GROUP_READER, "start at segment N"},
    {"ambiguous-wide", NULL, OPT_AMB_WIDE, GROUP_READER,
     "draw ambiguous-width characters (curly quotes,\ndashes, middle dots) 2 columns wide"},
    {"ambiguous-narrow", NULL, OPT_AMB_NARROW, GROUP_READER,
     "draw them 1 column wide (default: ask the\nterminal; no answer means 1)"},
    {"no-color", NULL, OPT_NO_COLOR, GROUP_READER, "no colours (also when NO_COLOR is set)"},
    {"no-mouse", NULL, OPT_NO_MOUSE, GROUP_READER, "leave the mouse to the terminal"},
    {"no-resume", NULL, OPT_NO_RESUME, GROUP_READER,
     "neither reopen where FILE was left nor remember it"},
    {"profile", NULL, OPT_PROFILE, GROUP_READER, "print how long each loading stage took"},
    {"help", NULL, OPT_HELP, GROUP_GENERAL, "show this help and exit"},
    {"version", NULL, OPT_VERSION, GROUP_GENERAL, "show the versions of duet and its libraries"},
};

#define NSPECS (sizeof opt_specs / sizeof opt_specs[0])

const char *options_name(size_t i) { return i < NSPECS ? opt_specs[i].name : NULL; }

bool options_takes_value(size_t i) { return i < NSPECS && opt_specs[i].arg; }

/* Names --format takes: detection, every layout of the brief (main says
 * so when one is not in this build's registry yet), and whatever else the
 * registry holds. */
static const char *const brief_formats[] = {
    "auto", "sectioned", "interleaved", "inline", "srt", "vtt", "ass", "tsv",
};
#define NBRIEF (sizeof brief_formats / sizeof *brief_formats)

static bool is_format_name(const char *name)
{
    return choice(name, brief_formats, NBRIEF) >= 0 || format_find(name) != NULL;
}

/* Writes "auto, sectioned, …" (the names --format takes) to buf. */
static void list_format_names(char *buf, size_t cap)
{
    size_t n, used = 0;
    const format *const *all = format_all(&n);
    buf[0] = '\0';
    for (size_t i = 0; i < NBRIEF + n; i++) {
        const char *name = i < NBRIEF ? brief_formats[i] : all[i - NBRIEF]->name;
        if (i >= NBRIEF && choice(name, brief_formats, NBRIEF) >= 0)
            continue;
        int k = snprintf(buf + used, cap - used, "%s%s", used ? ", " : "", name);
        if (k < 0 || (size_t)k >= cap - used)
            break;
        used += (size_t)k;
    }
}

/* ---- --help ----------------------------------------------------------------- */

#define HELP_TEXT_COL 26 /* an option's text starts here; its further lines two further */
#define HELP_WIDTH 79

static const char help_head[] =
    "Usage: duet [OPTION]... FILE\n"
    "  or:  duet [OPTION]... ZH_FILE EN_FILE\n"
    "Read a bilingual Chinese/English transcript: both languages side by side,\n"
    "turn by turn. FILE - (or no FILE with a pipe on standard input) reads\n"
    "standard input.\n";

static const char help_tail[] =
    "\n"
    "Options are also read from the DUET environment variable, split like a\n"
    "shell would; the command line comes after them and wins.\n"
    "Exit status: 0 success, 1 a file could not be used, 2 bad usage.\n";

/* The names --format takes, as further lines of its text: wrapped at
 * HELP_WIDTH columns. */
static void help_format_names(FILE *out)
{
    char names[768];
    list_format_names(names, sizeof names);
    size_t col = 0;
    for (const char *w = names; *w;) {
        size_t n = strcspn(w, " "); /* a word with its comma */
        if (col == 0 || col + 1 + n > HELP_WIDTH) {
            fprintf(out, "\n%*s", HELP_TEXT_COL + 2, "");
            col = HELP_TEXT_COL + 2;
        } else {
            fputc(' ', out);
            col++;
        }
        fprintf(out, "%.*s", (int)n, w);
        col += n;
        w += n + (w[n] == ' ');
    }
}

void options_print_help(FILE *out)
{
    fputs(help_head, out);
    for (size_t i = 0; i < NSPECS; i++) {
        const opt_spec *sp = &opt_specs[i];
        if (i == 0 || sp->group != opt_specs[i - 1].group)
            fprintf(out, "\n%s%s", group_titles[sp->group] ? group_titles[sp->group] : "",
                    group_titles[sp->group] ? "\n" : "");
        char head[48];
        int n = snprintf(head, sizeof head, "  %s%c%s--%s%s%s", sp->id < 128 ? "-" : " ",
                         sp->id < 128 ? (char)sp->id : ' ', sp->id < 128 ? ", " : "  ", sp->name,
                         sp->arg ? "=" : "", sp->arg ? sp->arg : "");
        fprintf(out, "%s%*s", head, HELP_TEXT_COL - n > 2 ? HELP_TEXT_COL - n : 2, "");
        for (const char *t = sp->help; *t;) {
            size_t k = strcspn(t, "\n");
            fprintf(out, "%.*s", (int)k, t);
            t += k;
            if (*t && *++t)
                fprintf(out, "\n%*s", HELP_TEXT_COL + 2, "");
        }
        if (sp->id == OPT_FORMAT)
            help_format_names(out);
        fputc('\n', out);
    }
    fputs(help_tail, out);
}

/* ---- errors ----------------------------------------------------------------- */

/* Formats a usage error into err. Arguments quoted in it went through
 * quoted() first, so nothing the user typed can drive the terminal. */
static bool fail(char err[OPTIONS_ERROR_MAX], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, OPTIONS_ERROR_MAX, fmt, ap);
    va_end(ap);
    return false;
}

/* A printable copy of s for an error message: control characters (C0, DEL,
 * C1, bidi controls) and invalid UTF-8 become '?', and a long argument is
 * cut at a character boundary with "...". */
static const char *quoted(const char *s, char buf[64])
{
    size_t o = 0, n = strlen(s);
    for (size_t i = 0; i < n;) {
        if (o >= 48) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        bool bad = k < 1 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
                   (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
        if (k < 1)
            k = 1;
        if (bad) {
            buf[o++] = '?';
        } else {
            memcpy(buf + o, s + i, (size_t)k);
            o += (size_t)k;
        }
        i += (size_t)k;
    }
    buf[o] = '\0';
    return buf;
}

/* ---- owned storage ---------------------------------------------------------- */

static char *own(options *o, char *s)
{
    if (!s || !GROW(o->owned, o->owned_cap, o->nowned + 1)) {
        free(s);
        return NULL;
    }
    o->owned[o->nowned++] = s;
    return s;
}

void options_free(options *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nowned; i++)
        free(o->owned[i]);
    free(o->owned);
    free(o->speakers);
    o->owned = NULL;
    o->nowned = o->owned_cap = 0;
    o->speakers = NULL;
    o->nspeakers = o->speakers_cap = 0;
}

/* ---- $DUET: split like a shell, without expansion --------------------------- */

/* Splits s into words as sh does for a command's arguments, minus every
 * expansion: blanks separate words; '...' is literal; "..." is literal but
 * for \" \\ \$ \` and backslash-newline; outside quotes a backslash takes
 * the next character literally (backslash-newline vanishes). The words are
 * stored in o->owned and listed in a malloc'd *words array after a program
 * name (getopt_long's argv[0]): *nwords words, from (*words)[1]. */
static bool split_shell(options *o, const char *s, char ***words, size_t *nwords,
                        char err[OPTIONS_ERROR_MAX])
{
    size_t n = strlen(s), count = 1;
    char **list = calloc(n / 2 + 3, sizeof *list); /* at most one word per two bytes */
    char *word = malloc(n + 1);
    if (!list || !word) {
        free(list);
        free(word);
        return fail(err, "out of memory");
    }
    size_t len = 0;
    bool in_word = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) {
                word[len] = '\0';
                if (!(list[count++] = own(o, strndup(word, len))))
                    goto nomem;
                len = 0;
                in_word = false;
            }
            continue;
        }
        in_word = true;
        if (c == '\'') {
            const char *end = strchr(s + i + 1, '\'');
            if (!end)
                goto unterminated;
            size_t k = (size_t)(end - (s + i + 1));
            memcpy(word + len, s + i + 1, k);
            len += k;
            i += k + 1;
        } else if (c == '"') {
            for (i++;; i++) {
                if (i >= n)
                    goto unterminated;
                if (s[i] == '"')
                    break;
                if (s[i] == '\\' && i + 1 < n && strchr("\"\\$`\n", s[i + 1])) {
                    if (s[++i] != '\n')
                        word[len++] = s[i];
                } else {
                    word[len++] = s[i];
                }
            }
        } else if (c == '\\') {
            if (i + 1 < n && s[i + 1] != '\n')
                word[len++] = s[i + 1];
            else if (i + 1 >= n)
                word[len++] = '\\'; /* a trailing backslash stays */
            i++;
        } else {
            word[len++] = c;
        }
    }
    if (in_word && !(list[count++] = own(o, strndup(word, len))))
        goto nomem;
    free(word);
    list[0] = (char *)"$DUET"; /* not changed: getopt_long only reads it */
    *words = list;
    *nwords = count - 1;
    return true;
unterminated:
    free(word);
    free(list);
    return fail(err, "$DUET: unterminated quote");
nomem:
    free(word);
    free(list);
    return fail(err, "out of memory");
}

/* ---- values ----------------------------------------------------------------- */

/* A decimal integer in [lo, hi], nothing else around it. */
static bool parse_number(const char *s, long lo, long hi, long *out)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* The index of `name` in a NULL-free list, or -1. */
static int choice(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

static bool add_speaker(options *o, const char *name)
{
    if (!GROW(o->speakers, o->speakers_cap, o->nspeakers + 1))
        return false;
    o->speakers[o->nspeakers++] = name;
    return true;
}

/* What the parser remembers between words. */
typedef struct parse_state {
    bool from_env;         /* reading $DUET: no files, errors say so */
    bool env_speakers;     /* o->speakers so far came from $DUET */
    const char *where;     /* "" or "$DUET: " for error messages */
} parse_state;

/* Applies option `sp` with value `v` (NULL for a flag) to o. `shown` is the
 * option as the user wrote it, for messages. */
static bool apply(options *o, parse_state *ps, const opt_spec *sp, const char *v,
                  const char *shown, char err[OPTIONS_ERROR_MAX])
{
    static const char *const exports[] = {"json", "tsv", "md"};
    static const char *const layouts[] = {"side", "stack", "zh", "en"};
    char q[64];
    long n;
    int k;
    switch (sp->id) {
    case OPT_DUMP: o->mode = OPT_MODE_DUMP; break;
    case OPT_CHECK: o->mode = OPT_MODE_CHECK; break;
    case OPT_EXPORT:
        if ((k = choice(v, exports, 3)) < 0)
            return fail(err, "%s%s: unknown export format '%s' (json, tsv or md)",
                        ps->where, shown, quoted(v, q));
        o->mode = OPT_MODE_EXPORT;
        o->export_format = (opt_export)(OPT_EXPORT_JSON + k);
        break;
    case OPT_WIDTH:
        if (!parse_number(v, OPTIONS_WIDTH_MIN, OPTIONS_WIDTH_MAX, &n))
            return fail(err, "%s%s: '%s' is not a width from %d to %d", ps->where, shown,
                        quoted(v, q), OPTIONS_WIDTH_MIN, OPTIONS_WIDTH_MAX);
        o->width = (int)n;
        break;
    case OPT_FORMAT:
        if (!is_format_name(v)) {
            char names[160];
            list_format_names(names, sizeof names);
            return fail(err, "%s%s: unknown format '%s' (%s)", ps->where, shown, quoted(v, q),
                        names);
        }
        o->format = strcmp(v, "auto") == 0 ? NULL : v;
        break;
    case OPT_ENCODING:
        if (!encoding_known(v))
            return fail(err, "%s%s: unknown encoding '%s' (iconv -l lists them)", ps->where,
                        shown, quoted(v, q));
        o->encoding = v;
        break;
    case OPT_LAYOUT:
        if ((k = choice(v, layouts, 4)) < 0)
            return fail(err, "%s%s: unknown layout '%s' (side, stack, zh or en)",
                        ps->where, shown, quoted(v, q));
        o->layout = (opt_layout)(OPT_LAYOUT_SIDE + k);
        break;
    case OPT_SPEAKER:
        if (!*v)
            return fail(err, "%s%s: empty speaker name", ps->where, shown);
        if (!ps->from_env && ps->env_speakers) {
            o->nspeakers = 0; /* the command line's list replaces $DUET's */
            ps->env_speakers = false;
        }
        if (ps->from_env)
            ps->env_speakers = true;
        if (!add_speaker(o, v))
            return fail(err, "out of memory");
        break;
    case OPT_SEARCH:
        if (!*v)
            return fail(err, "%s%s: empty pattern", ps->where, shown);
        o->search = v;
        break;
    case OPT_SEGMENT:
        if (!parse_number(v, 1, 1L << 30, &n))
            return fail(err, "%s%s: '%s' is not a segment number (1, 2, ...)", ps->where,
                        shown, quoted(v, q));
        o->segment = n;
        break;
    case OPT_AMB_WIDE: o->ambiguous = OPT_AMBIGUOUS_WIDE; break;
    case OPT_AMB_NARROW: o->ambiguous = OPT_AMBIGUOUS_NARROW; break;
    case OPT_NO_COLOR: o->no_color = true; break;
    case OPT_NO_MOUSE: o->no_mouse = true; break;
    case OPT_NO_RESUME: o->no_resume = true; break;
    case OPT_PROFILE: o->profile = true; break;
    case OPT_HELP: o->help = true; break;
    case OPT_VERSION: o->version = true; break;
    }
    return true;
}

static bool add_file(options *o, const parse_state *ps, const char *path,
                     char err[OPTIONS_ERROR_MAX])
{
    char q[64];
    if (ps->from_env)
        return fail(err, "$DUET: '%s' is not an option ($DUET holds options only)",
                    quoted(path, q));
    if (o->nfiles == OPT_MAX_FILES)
        return fail(err, "too many files (one transcript, or a Chinese and an English file)");
    if (o->nfiles == 1 && strcmp(path, "-") == 0 && strcmp(o->files[0], "-") == 0)
        return fail(err, "standard input ('-') given twice");
    o->files[o->nfiles++] = path;
    return true;
}

/* getopt_long's view of the table: long options, and the short ones ("hV"). */
static void getopt_table(struct option longs[NSPECS + 1], char shorts[16])
{
    size_t ns = 0;
    shorts[ns++] = '-'; /* words that are no option come back in order, as 1 */
    shorts[ns++] = ':'; /* a missing value comes back as ':' */
    for (size_t i = 0; i < NSPECS; i++) {
        longs[i] = (struct option){opt_specs[i].name, opt_specs[i].arg ? required_argument : no_argument,
                                   NULL, (int)opt_specs[i].id};
        if (opt_specs[i].id < 128)
            shorts[ns++] = (char)opt_specs[i].id;
    }
    longs[NSPECS] = (struct option){0};
    shorts[ns] = '\0';
}

/* The error for the word getopt_long refused: an unknown option, an
 * ambiguous prefix (with the options it could be), a missing value, or a
 * value given to a flag. */
static bool refused(const parse_state *ps, const char *word, int c, char err[OPTIONS_ERROR_MAX])
{
    char q[64], name[64], list[160] = "";
    if (word[0] != '-' || word[1] != '-') { /* a short option */
        char one[2] = {(char)optopt, '\0'};
        return fail(err, "%sunknown option '-%s'", ps->where, quoted(one, q));
    }
    size_t n = strcspn(word + 2, "=");
    snprintf(name, sizeof name, "%.*s", (int)(n < 60 ? n : 60), word + 2);
    const opt_spec *found = NULL;
    size_t matches = 0;
    for (size_t i = 0; i < NSPECS; i++) {
        const char *full = opt_specs[i].name;
        if (strncmp(full, word + 2, n) != 0)
            continue;
        if (full[n] == '\0') { /* an exact match beats any prefix */
            found = &opt_specs[i];
            matches = 1;
            break;
        }
        found = &opt_specs[i];
        matches++;
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s--%s", used ? ", " : "", full);
    }
    if (matches == 0)
        return fail(err, "%sunknown option '--%s'", ps->where, quoted(name, q));
    if (matches > 1)
        return fail(err, "%soption '--%s' is ambiguous (%s)", ps->where, quoted(name, q), list);
    if (c == ':')
        return fail(err, "%soption '--%s' needs a value", ps->where, found->name);
    return fail(err, "%soption '--%s' takes no value", ps->where, found->name);
}

/* Parses one list of words (from $DUET or argv; w[0] is a program name)
 * with getopt_long. */
static bool parse_words(options *o, parse_state *ps, int n, char **w, char err[OPTIONS_ERROR_MAX])
{
    struct option longs[NSPECS + 1];
    char shorts[16];
    getopt_table(longs, shorts);
    opterr = 0; /* the messages are ours */
    optind = 0; /* a fresh scan (glibc) */
    int c, at;
    while ((c = getopt_long(n, w, shorts, longs, &at)) != -1) {
        if (c == 1) { /* a file */
            if (!add_file(o, ps, optarg, err))
                return false;
            continue;
        }
        if (c == '?' || c == ':')
            return refused(ps, w[optind - 1], c, err);
        const opt_spec *sp = NULL;
        for (size_t i = 0; i < NSPECS && !sp; i++)
            if ((int)opt_specs[i].id == c)
                sp = &opt_specs[i];
        char shown[40];
        if (sp->id < 128 && w[optind - 1][1] != '-')
            snprintf(shown, sizeof shown, "-%c", (char)sp->id);
        else
            snprintf(shown, sizeof shown, "--%s", sp->name);
        if (!apply(o, ps, sp, optarg, shown, err))
            return false;
    }
    for (; optind < n; optind++) /* after "--": files */
        if (!add_file(o, ps, w[optind], err))
            return false;
    return true;
}

bool options_parse(options *o, const char *env_duet, int argc, char *const argv[],
                   char err[OPTIONS_ERROR_MAX])
{
    memset(o, 0, sizeof *o);
    err[0] = '\0';
    parse_state ps = {.from_env = true, .where = "$DUET: "};
    if (env_duet && *env_duet) {
        char **words = NULL;
        size_t nwords = 0;
        if (!split_shell(o, env_duet, &words, &nwords, err))
            return false;
        bool ok = parse_words(o, &ps, (int)nwords + 1, words, err);
        free(words);
        if (!ok)
            return false;
    }
    ps.from_env = false;
    ps.where = "";
    /* getopt_long leaves argv in its order ('-' mode), whatever its type says */
    return parse_words(o, &ps, argc, (char **)argv, err);
}
