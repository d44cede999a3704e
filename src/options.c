/* options — the command line and $DUET: one table of options, a shell-like
 * splitter for the environment variable, and a GNU-style parser over both. */
#include "options.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "format.h"

static int choice(const char *name, const char *const *names, size_t n);

/* ---- the table of options ------------------------------------------------ */

typedef enum {
    OPT_DUMP, OPT_WIDTH, OPT_EXPORT, OPT_CHECK, OPT_FORMAT, OPT_LAYOUT,
    OPT_SPEAKER, OPT_SEARCH, OPT_SEGMENT, OPT_AMB_WIDE, OPT_AMB_NARROW,
    OPT_NO_COLOR, OPT_NO_MOUSE, OPT_NO_RESUME, OPT_PROFILE, OPT_HELP, OPT_VERSION
} opt_id;

typedef struct opt_spec {
    const char *name; /* long name without "--" */
    char short_name;  /* 0 when it has none */
    bool has_arg;     /* takes a value: --name=V or --name V */
    opt_id id;
} opt_spec;

static const opt_spec opt_specs[] = {
    {"dump", 0, false, OPT_DUMP},
    {"width", 0, true, OPT_WIDTH},
    {"export", 0, true, OPT_EXPORT},
    {"check", 0, false, OPT_CHECK},
    {"format", 0, true, OPT_FORMAT},
    {"layout", 0, true, OPT_LAYOUT},
    {"speaker", 0, true, OPT_SPEAKER},
    {"search", 0, true, OPT_SEARCH},
    {"segment", 0, true, OPT_SEGMENT},
    {"ambiguous-wide", 0, false, OPT_AMB_WIDE},
    {"ambiguous-narrow", 0, false, OPT_AMB_NARROW},
    {"no-color", 0, false, OPT_NO_COLOR},
    {"no-mouse", 0, false, OPT_NO_MOUSE},
    {"no-resume", 0, false, OPT_NO_RESUME},
    {"profile", 0, false, OPT_PROFILE},
    {"help", 'h', false, OPT_HELP},
    {"version", 'V', false, OPT_VERSION},
};

#define NSPECS (sizeof opt_specs / sizeof opt_specs[0])

/* Names --format takes: detection, every layout of the brief (main says
 * so when one is not in this build's registry yet), and whatever else the
 * registry holds. */
static const char *const brief_formats[] = {
    "auto", "sectioned", "interleaved", "inline", "srt", "vtt", "tsv",
};
#define NBRIEF (sizeof brief_formats / sizeof *brief_formats)

static bool format_known(const char *name)
{
    return choice(name, brief_formats, NBRIEF) >= 0 || format_find(name) != NULL;
}

/* Writes "auto, sectioned, …" (the names --format takes) to buf. */
static void format_list(char *buf, size_t cap)
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

/* Before the list of formats (options_help adds it from the registry). */
static const char help_head[] =
    "Usage: duet [OPTION]... FILE\n"
    "  or:  duet [OPTION]... ZH_FILE EN_FILE\n"
    "Read a bilingual Chinese/English transcript: both languages side by side,\n"
    "turn by turn. FILE - (or no FILE with a pipe on standard input) reads\n"
    "standard input.\n"
    "\n"
    "Instead of the reader:\n"
    "      --dump              print the aligned transcript as two columns (the\n"
    "                            default when standard output is not a terminal)\n"
    "      --width=N           width of --dump in columns, 20 to 4096 (default:\n"
    "                            $COLUMNS, the terminal's width, or 80)\n"
    "      --export=FMT        write the transcript to standard output as json,\n"
    "                            tsv (speaker, zh, en per segment) or md\n"
    "      --check             report the layout, speakers, segments, notes and\n"
    "                            where every input line and byte went; exit 1\n"
    "                            when FILE is not a bilingual transcript\n"
    "\n"
    "Reading:\n"
    "      --format=NAME       the input's layout instead of detecting it, one of\n";

/* After the list of formats. */
static const char help_tail[] =
    "\n"
    "The reader:\n"
    "      --layout=MODE       side (side by side), stack (Chinese above English),\n"
    "                            zh or en (one language); default: side when\n"
    "                            the terminal is wide enough, else stack\n"
    "      --speaker=NAME      show only this speaker (repeat for several)\n"
    "      --search=PATTERN    start with this search\n"
    "      --segment=N         start at segment N\n"
    "      --ambiguous-wide    draw ambiguous-width characters (curly quotes,\n"
    "                            dashes, middle dots) 2 columns wide\n"
    "      --ambiguous-narrow  draw them 1 column wide (default: ask the\n"
    "                            terminal; no answer means 1)\n"
    "      --no-color          no colours (also when NO_COLOR is set)\n"
    "      --no-mouse          leave the mouse to the terminal\n"
    "      --no-resume         neither reopen where FILE was left nor remember it\n"
    "      --profile           print how long each loading stage took\n"
    "\n"
    "  -h, --help              show this help and exit\n"
    "  -V, --version           show the versions of duet and its libraries\n"
    "\n"
    "Options are also read from the DUET environment variable, split like a\n"
    "shell would; the command line comes after them and wins.\n"
    "Exit status: 0 success, 1 a file could not be used, 2 bad usage.\n";

/* The help text: head, the format names wrapped at 79 columns under the
 * option's description, tail. Built once. */
const char *options_help(void)
{
    static char help[sizeof help_head + sizeof help_tail + 1024];
    if (help[0])
        return help;
    char names[768];
    format_list(names, sizeof names);
    size_t used = (size_t)snprintf(help, sizeof help, "%s", help_head);
    size_t col = 0;
    for (const char *w = names; *w;) {
        size_t n = strcspn(w, " "); /* a word with its comma */
        if (col == 0 || col + 1 + n > 79) {
            used += (size_t)snprintf(help + used, sizeof help - used, "%s%28s", col ? "\n" : "", "");
            col = 28;
        } else {
            help[used++] = ' ';
            col++;
        }
        used += (size_t)snprintf(help + used, sizeof help - used, "%.*s", (int)n, w);
        col += n;
        w += n + (w[n] == ' ');
    }
    snprintf(help + used, sizeof help - used, "\n%s", help_tail);
    return help;
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
    char **p = realloc(o->owned, (o->nowned + 1) * sizeof *p);
    if (!p) {
        free(s);
        return NULL;
    }
    o->owned = p;
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
    o->nowned = 0;
    o->speakers = NULL;
    o->nspeakers = 0;
}

/* ---- $DUET: split like a shell, without expansion --------------------------- */

/* Splits s into words as sh does for a command's arguments, minus every
 * expansion: blanks separate words; '...' is literal; "..." is literal but
 * for \" \\ \$ \` and backslash-newline; outside quotes a backslash takes
 * the next character literally (backslash-newline vanishes). The words are
 * stored in o->owned and listed in a malloc'd *words array. */
static bool split_shell(options *o, const char *s, char ***words, size_t *nwords,
                        char err[OPTIONS_ERROR_MAX])
{
    size_t n = strlen(s), count = 0;
    char **list = calloc(n / 2 + 2, sizeof *list); /* at most one word per two bytes */
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
    *words = list;
    *nwords = count;
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
    const char **p = realloc(o->speakers, (o->nspeakers + 1) * sizeof *p);
    if (!p)
        return false;
    o->speakers = p;
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
        if (!format_known(v)) {
            char names[160];
            format_list(names, sizeof names);
            return fail(err, "%s%s: unknown format '%s' (%s)", ps->where, shown, quoted(v, q),
                        names);
        }
        o->format = strcmp(v, "auto") == 0 ? NULL : v;
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

/* The long option that `name` (n bytes, without "--") names exactly or as
 * an unambiguous prefix; NULL with a message in err otherwise. */
static const opt_spec *find_long(const char *name, size_t n, const parse_state *ps,
                                 char err[OPTIONS_ERROR_MAX])
{
    const opt_spec *found = NULL;
    size_t matches = 0;
    char list[160] = "", q[64], word[64];
    for (size_t i = 0; i < NSPECS; i++) {
        const char *full = opt_specs[i].name;
        if (strncmp(full, name, n) != 0)
            continue;
        if (full[n] == '\0')
            return &opt_specs[i]; /* an exact match beats any prefix */
        found = &opt_specs[i];
        matches++;
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s--%s", used ? ", " : "", full);
    }
    snprintf(word, sizeof word, "%.*s", (int)(n < 60 ? n : 60), name);
    if (matches == 1)
        return found;
    if (matches > 1)
        fail(err, "%soption '--%s' is ambiguous (%s)", ps->where, quoted(word, q), list);
    else
        fail(err, "%sunknown option '--%s'", ps->where, quoted(word, q));
    return NULL;
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

/* A cluster of short options, "-hV" (without the dash). */
static bool parse_shorts(options *o, parse_state *ps, const char *s,
                         char err[OPTIONS_ERROR_MAX])
{
    for (; *s; s++) {
        const opt_spec *sp = NULL;
        for (size_t i = 0; i < NSPECS && !sp; i++)
            if (opt_specs[i].short_name && opt_specs[i].short_name == *s)
                sp = &opt_specs[i];
        if (!sp) {
            char c[2] = {*s, '\0'}, q[64];
            return fail(err, "%sunknown option '-%s'", ps->where, quoted(c, q));
        }
        char shown[4] = {'-', *s, '\0', '\0'};
        if (!apply(o, ps, sp, NULL, shown, err)) /* no short option takes a value */
            return false;
    }
    return true;
}

/* Parses one list of words (from $DUET or argv). */
static bool parse_words(options *o, parse_state *ps, char *const *w, size_t n,
                        char err[OPTIONS_ERROR_MAX])
{
    bool options_end = false;
    for (size_t i = 0; i < n; i++) {
        const char *a = w[i];
        if (options_end || a[0] != '-' || a[1] == '\0') {
            if (!add_file(o, ps, a, err))
                return false;
            continue;
        }
        if (a[1] != '-') {
            if (!parse_shorts(o, ps, a + 1, err))
                return false;
            continue;
        }
        if (a[2] == '\0') {
            options_end = true;
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const opt_spec *sp = find_long(name, len, ps, err);
        if (!sp)
            return false;
        char shown[40];
        snprintf(shown, sizeof shown, "--%s", sp->name);
        const char *v = NULL;
        if (sp->has_arg) {
            if (eq)
                v = eq + 1;
            else if (i + 1 < n)
                v = w[++i];
            else
                return fail(err, "%soption '%s' needs a value", ps->where, shown);
        } else if (eq) {
            return fail(err, "%soption '%s' takes no value", ps->where, shown);
        }
        if (!apply(o, ps, sp, v, shown, err))
            return false;
    }
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
        bool ok = parse_words(o, &ps, words, nwords, err);
        free(words);
        if (!ok)
            return false;
    }
    ps.from_env = false;
    ps.where = "";
    return parse_words(o, &ps, argc > 1 ? argv + 1 : argv, argc > 1 ? (size_t)argc - 1 : 0, err);
}
