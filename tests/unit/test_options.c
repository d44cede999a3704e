/* Tests for options: every option in both forms, $DUET splitting and
 * precedence, and the usage errors, as one table of cases. Each case gives
 * $DUET, the argv words, and either the whole options value expected
 * (fields not named are the defaults) or a piece of the error message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define MAXW 10

typedef struct opt_case {
    const char *name;
    const char *env;            /* $DUET, NULL when unset */
    const char *argv[MAXW];     /* after the program name, NULL-terminated */
    const char *err;            /* NULL: must parse; else a part of the error */
    options want;               /* compared field by field when it parses */
    const char *speakers[4];    /* the --speaker list expected, NULL-terminated */
} opt_case;

static const opt_case cases[] = {
    /* ---- plain files and modes ---- */
    {"one file", NULL, {"a.txt"}, NULL, {.files = {"a.txt"}, .nfiles = 1}, {NULL}},
    {"two files", NULL, {"zh.txt", "en.txt"}, NULL,
     {.files = {"zh.txt", "en.txt"}, .nfiles = 2}, {NULL}},
    {"no file is not an error here (main decides)", NULL, {NULL}, NULL, {.nfiles = 0}, {NULL}},
    {"- is standard input", NULL, {"-"}, NULL, {.files = {"-"}, .nfiles = 1}, {NULL}},
    {"-- ends options", NULL, {"--", "--dump", "-h"}, NULL,
     {.files = {"--dump", "-h"}, .nfiles = 2}, {NULL}},
    {"options after the file", NULL, {"a.txt", "--dump"}, NULL,
     {.files = {"a.txt"}, .nfiles = 1, .mode = OPT_MODE_DUMP}, {NULL}},
    {"--check", NULL, {"--check", "a"}, NULL,
     {.files = {"a"}, .nfiles = 1, .mode = OPT_MODE_CHECK}, {NULL}},
    {"--export json", NULL, {"--export", "json", "a"}, NULL,
     {.files = {"a"}, .nfiles = 1, .mode = OPT_MODE_EXPORT, .export_format = OPT_EXPORT_JSON}, {NULL}},
    {"--export=tsv", NULL, {"--export=tsv", "a"}, NULL,
     {.files = {"a"}, .nfiles = 1, .mode = OPT_MODE_EXPORT, .export_format = OPT_EXPORT_TSV}, {NULL}},
    {"--export=md", NULL, {"a", "--export=md"}, NULL,
     {.files = {"a"}, .nfiles = 1, .mode = OPT_MODE_EXPORT, .export_format = OPT_EXPORT_MD}, {NULL}},
    {"the later mode wins", NULL, {"--export=md", "--dump", "--check", "a"}, NULL,
     {.files = {"a"}, .nfiles = 1, .mode = OPT_MODE_CHECK, .export_format = OPT_EXPORT_MD}, {NULL}},
    /* ---- values ---- */
    {"--width 100", NULL, {"--width", "100", "a"}, NULL,
     {.files = {"a"}, .nfiles = 1, .width = 100}, {NULL}},
    {"--width=20 (the least)", NULL, {"--width=20", "a"}, NULL,
     {.files = {"a"}, .nfiles = 1, .width = 20}, {NULL}},
    {"--width=4096 (the most)", NULL, {"--width=4096"}, NULL, {.width = 4096}, {NULL}},
    {"--format sectioned", NULL, {"--format", "sectioned"}, NULL, {.format = "sectioned"}, {NULL}},
    {"--format=auto is detection", NULL, {"--format=tsv", "--format=auto"}, NULL, {.format = NULL}, {NULL}},
    {"--format names of every layout", NULL,
     {"--format=interleaved", "--format=inline", "--format=srt", "--format=vtt"}, NULL,
     {.format = "vtt"}, {NULL}},
    {"--layout stack", NULL, {"--layout", "stack"}, NULL, {.layout = OPT_LAYOUT_STACK}, {NULL}},
    {"--layout=zh", NULL, {"--layout=zh"}, NULL, {.layout = OPT_LAYOUT_ZH}, {NULL}},
    {"--layout=en then side", NULL, {"--layout=en", "--layout=side"}, NULL,
     {.layout = OPT_LAYOUT_SIDE}, {NULL}},
    {"--speaker repeats", NULL, {"--speaker", "主持人", "--speaker=Host", "f"}, NULL,
     {.files = {"f"}, .nfiles = 1}, {"主持人", "Host", NULL}},
    {"--search with spaces", NULL, {"--search", "large language", "f"}, NULL,
     {.files = {"f"}, .nfiles = 1, .search = "large language"}, {NULL}},
    {"--search=-x takes a dash value", NULL, {"--search=-x"}, NULL, {.search = "-x"}, {NULL}},
    {"--search -x: a required value may start with a dash", NULL, {"--search", "-x"}, NULL,
     {.search = "-x"}, {NULL}},
    {"--segment 4", NULL, {"--segment", "4"}, NULL, {.segment = 4}, {NULL}},
    {"flags", NULL, {"--no-color", "--no-mouse", "--no-resume", "--profile"}, NULL,
     {.no_color = true, .no_mouse = true, .no_resume = true, .profile = true}, {NULL}},
    {"--ambiguous-wide", NULL, {"--ambiguous-wide"}, NULL, {.ambiguous = OPT_AMBIGUOUS_WIDE}, {NULL}},
    {"later --ambiguous-narrow beats --ambiguous-wide", NULL,
     {"--ambiguous-wide", "--ambiguous-narrow"}, NULL, {.ambiguous = OPT_AMBIGUOUS_NARROW}, {NULL}},
    {"-h", NULL, {"-h"}, NULL, {.help = true}, {NULL}},
    {"--help", NULL, {"--help"}, NULL, {.help = true}, {NULL}},
    {"-V", NULL, {"-V"}, NULL, {.version = true}, {NULL}},
    {"-hV clustered", NULL, {"-hV"}, NULL, {.help = true, .version = true}, {NULL}},
    {"--version", NULL, {"--version"}, NULL, {.version = true}, {NULL}},
    /* ---- GNU prefixes ---- */
    {"unambiguous prefix --exp", NULL, {"--exp", "json"}, NULL,
     {.mode = OPT_MODE_EXPORT, .export_format = OPT_EXPORT_JSON}, {NULL}},
    {"unambiguous prefix --wid=30", NULL, {"--wid=30"}, NULL, {.width = 30}, {NULL}},
    {"prefix --no-c", NULL, {"--no-c"}, NULL, {.no_color = true}, {NULL}},
    /* ---- $DUET ---- */
    {"$DUET alone", "--no-color --width 90", {"f"}, NULL,
     {.files = {"f"}, .nfiles = 1, .no_color = true, .width = 90}, {NULL}},
    {"command line beats $DUET", "--width=90 --layout=stack --dump", {"--width=120", "--check", "f"},
     NULL, {.files = {"f"}, .nfiles = 1, .width = 120, .layout = OPT_LAYOUT_STACK,
            .mode = OPT_MODE_CHECK}, {NULL}},
    {"command-line --ambiguous-narrow beats $DUET's wide", "--ambiguous-wide",
     {"--ambiguous-narrow"}, NULL, {.ambiguous = OPT_AMBIGUOUS_NARROW}, {NULL}},
    {"$DUET single quotes", "--search 'a  b' --speaker 'it''s'", {NULL}, NULL,
     {.search = "a  b"}, {"its", NULL}},
    {"$DUET double quotes and escapes", "--search \"say \\\"hi\\\" \\\\ \\$x\"", {NULL}, NULL,
     {.search = "say \"hi\" \\ $x"}, {NULL}},
    {"$DUET backslash outside quotes", "--search a\\ b\\'c", {NULL}, NULL,
     {.search = "a b'c"}, {NULL}},
    {"$DUET no expansion", "--search $HOME*", {NULL}, NULL, {.search = "$HOME*"}, {NULL}},
    {"$DUET tabs and newlines separate", "\t--no-mouse\n--no-resume  ", {NULL}, NULL,
     {.no_mouse = true, .no_resume = true}, {NULL}},
    {"$DUET quoted CJK speaker", "--speaker '主持人 / Host'", {NULL}, NULL, {.nfiles = 0}, {"主持人 / Host", NULL}},
    {"$DUET speakers, command line replaces them", "--speaker A --speaker B", {"--speaker", "C"},
     NULL, {.nfiles = 0}, {"C", NULL}},
    {"$DUET speakers kept without command-line ones", "--speaker A --speaker B", {"f"}, NULL,
     {.files = {"f"}, .nfiles = 1}, {"A", "B", NULL}},
    {"empty $DUET", "   ", {"f"}, NULL, {.files = {"f"}, .nfiles = 1}, {NULL}},
    /* ---- usage errors ---- */
    {"unknown long option", NULL, {"--frobnicate"}, "unknown option '--frobnicate'", {.nfiles = 0}, {NULL}},
    {"unknown short option", NULL, {"-x"}, "unknown option '-x'", {.nfiles = 0}, {NULL}},
    {"unknown short in a cluster", NULL, {"-hx"}, "unknown option '-x'", {.nfiles = 0}, {NULL}},
    {"ambiguous prefix", NULL, {"--no", "f"}, "ambiguous (--no-color, --no-mouse, --no-resume)", {.nfiles = 0}, {NULL}},
    {"ambiguous --amb", NULL, {"--amb"}, "is ambiguous", {.nfiles = 0}, {NULL}},
    {"missing value", NULL, {"--width"}, "option '--width' needs a value", {.nfiles = 0}, {NULL}},
    {"flag with a value", NULL, {"--dump=yes"}, "option '--dump' takes no value", {.nfiles = 0}, {NULL}},
    {"width not a number", NULL, {"--width", "abc"}, "'abc' is not a width from 20 to 4096", {.nfiles = 0}, {NULL}},
    {"width too small", NULL, {"--width=19"}, "not a width", {.nfiles = 0}, {NULL}},
    {"width too large", NULL, {"--width=4097"}, "not a width", {.nfiles = 0}, {NULL}},
    {"width negative", NULL, {"--width", "-5"}, "not a width", {.nfiles = 0}, {NULL}},
    {"width with junk", NULL, {"--width=80x"}, "not a width", {.nfiles = 0}, {NULL}},
    {"width with a sign", NULL, {"--width=+80"}, "not a width", {.nfiles = 0}, {NULL}},
    {"width overflowing long", NULL, {"--width=99999999999999999999999"}, "not a width", {.nfiles = 0}, {NULL}},
    {"segment zero", NULL, {"--segment=0"}, "not a segment number", {.nfiles = 0}, {NULL}},
    {"bad export", NULL, {"--export", "xml"}, "unknown export format 'xml'", {.nfiles = 0}, {NULL}},
    {"bad format", NULL, {"--format=docx"}, "unknown format 'docx'", {.nfiles = 0}, {NULL}},
    {"bad layout", NULL, {"--layout=wide"}, "unknown layout 'wide'", {.nfiles = 0}, {NULL}},
    {"empty speaker", NULL, {"--speaker="}, "empty speaker name", {.nfiles = 0}, {NULL}},
    {"empty search", NULL, {"--search", ""}, "empty pattern", {.nfiles = 0}, {NULL}},
    {"three files", NULL, {"a", "b", "c"}, "too many files", {.nfiles = 0}, {NULL}},
    {"stdin twice", NULL, {"-", "-"}, "standard input ('-') given twice", {.nfiles = 0}, {NULL}},
    {"$DUET error says so", "--bogus", {"f"}, "$DUET: unknown option '--bogus'", {.nfiles = 0}, {NULL}},
    {"$DUET holds no files", "notes.txt", {"f"}, "$DUET: 'notes.txt' is not an option", {.nfiles = 0}, {NULL}},
    {"$DUET unterminated single quote", "--search 'abc", {"f"}, "$DUET: unterminated quote", {.nfiles = 0}, {NULL}},
    {"$DUET unterminated double quote", "--search \"abc", {"f"}, "$DUET: unterminated quote", {.nfiles = 0}, {NULL}},
    {"control bytes in an error are not echoed", NULL, {"--\x1b]0;pwned\x07"},
     "unknown option '--?]0;pwned?'", {.nfiles = 0}, {NULL}},
    {"C1 and bidi controls in an error are not echoed", NULL, {"--layout=\xc2\x9b\xe2\x80\xaex"},
     "unknown layout '??x'", {.nfiles = 0}, {NULL}},
};

#define NCASES (sizeof cases / sizeof cases[0])

static void str_equal(const char *what, const char *want, const char *got, const char *name)
{
    if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0))
        fail_msg("%s: %s: want '%s', got '%s'", name, what, want ? want : "(null)",
                 got ? got : "(null)");
}

static void check_case(const opt_case *c)
{
    char *argv[MAXW + 1] = {"duet"};
    int argc = 1;
    while (argc <= MAXW && c->argv[argc - 1])
        argv[argc] = (char *)c->argv[argc - 1], argc++;
    char err[OPTIONS_ERROR_MAX];
    options o;
    bool ok = options_parse(&o, c->env, argc, argv, err);
    if (c->err) {
        if (ok)
            fail_msg("%s: parsed, expected the error '%s'", c->name, c->err);
        if (!strstr(err, c->err))
            fail_msg("%s: error '%s' lacks '%s'", c->name, err, c->err);
        if (strchr(err, '\n') || strchr(err, '\x1b'))
            fail_msg("%s: error is not one clean line", c->name);
        options_free(&o);
        return;
    }
    if (!ok)
        fail_msg("%s: unexpected error '%s'", c->name, err);
    const options *w = &c->want;
    if (o.nfiles != w->nfiles)
        fail_msg("%s: nfiles %zu, want %zu", c->name, o.nfiles, w->nfiles);
    for (size_t i = 0; i < w->nfiles; i++)
        str_equal("file", w->files[i], o.files[i], c->name);
    if (o.mode != w->mode || o.export_format != w->export_format || o.width != w->width ||
        o.layout != w->layout || o.segment != w->segment || o.ambiguous != w->ambiguous ||
        o.no_color != w->no_color || o.no_mouse != w->no_mouse || o.no_resume != w->no_resume ||
        o.profile != w->profile || o.help != w->help || o.version != w->version)
        fail_msg("%s: mode %d/%d export %d/%d width %d/%d layout %d/%d segment %ld/%ld "
                 "ambiguous %d/%d flags %d%d%d%d%d%d/%d%d%d%d%d%d (got/want)",
                 c->name, o.mode, w->mode, o.export_format, w->export_format, o.width, w->width,
                 o.layout, w->layout, o.segment, w->segment, o.ambiguous, w->ambiguous,
                 o.no_color, o.no_mouse, o.no_resume, o.profile, o.help, o.version,
                 w->no_color, w->no_mouse, w->no_resume, w->profile, w->help, w->version);
    str_equal("format", w->format, o.format, c->name);
    str_equal("search", w->search, o.search, c->name);
    size_t nsp = 0;
    while (c->speakers[nsp])
        nsp++;
    if (o.nspeakers != nsp)
        fail_msg("%s: %zu speakers, want %zu", c->name, o.nspeakers, nsp);
    for (size_t i = 0; i < nsp; i++)
        str_equal("speaker", c->speakers[i], o.speakers[i], c->name);
    options_free(&o);
}

static void test_option_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < NCASES; i++)
        check_case(&cases[i]);
}

/* --help: every option of the table is in it, and no line is wider than 79
 * columns (it is ASCII, so bytes are columns). */
static void test_help_lists_every_option_in_80_columns(void **state)
{
    (void)state;
    char *h = NULL;
    size_t hn = 0;
    FILE *out = open_memstream(&h, &hn);
    assert_non_null(out);
    options_print_help(out);
    fclose(out);
    static const char *const names[] = {
        "--dump", "--width=N", "--export=FMT", "--check", "--format=NAME", "--layout=MODE",
        "--speaker=NAME", "--search=PATTERN", "--segment=N", "--ambiguous-wide",
        "--ambiguous-narrow", "--no-color", "--no-mouse", "--no-resume", "--profile",
        "-h, --help", "-V, --version", "DUET", "NO_COLOR", "Exit status"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strstr(h, names[i]))
            fail_msg("--help lacks %s", names[i]);
    size_t col = 0;
    for (const char *p = h; *p; p++) {
        assert_true((unsigned char)*p < 0x80);
        col = *p == '\n' ? 0 : col + 1;
        if (col > 79)
            fail_msg("--help has a line wider than 79 columns near '%.20s'", p - 20);
    }
    free(h);
}

/* The man page's OPTIONS lists the table's options, each once, a value
 * where the option takes one, and no other option. */
static void test_man_page_options(void **state)
{
    (void)state;
    FILE *f = fopen("man/duet.1", "r");
    if (!f)
        fail_msg("man/duet.1: cannot open (run from the repository root)");
    char line[512];
    bool in = false, after_tp = false;
    size_t n = 0;
    while (options_name(n))
        n++;
    int *seen = calloc(n, sizeof *seen);
    assert_non_null(seen);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, ".SH ", 4) == 0)
            in = strncmp(line, ".SH OPTIONS", 11) == 0;
        if (!in)
            continue;
        if (strncmp(line, ".TP", 3) == 0) {
            after_tp = true;
            continue;
        }
        if (!after_tp)
            continue;
        after_tp = false;
        const char *at = strstr(line, "\\-\\-"); /* the entry's long name: \-\-name */
        if (!at)
            fail_msg("man/duet.1 OPTIONS: an entry with no long option: %s", line);
        at += 4;
        size_t len = strspn(at, "abcdefghijklmnopqrstuvwxyz\\-");
        char name[64];
        size_t k = 0;
        for (size_t i = 0; i < len && k + 1 < sizeof name; i++)
            if (at[i] != '\\')
                name[k++] = at[i];
        name[k] = '\0';
        size_t i = 0;
        while (i < n && strcmp(options_name(i), name) != 0)
            i++;
        if (i == n)
            fail_msg("man/duet.1 OPTIONS lists --%s, which the option table lacks", name);
        seen[i]++;
        bool value = at[len] == '=';
        if (value != options_takes_value(i))
            fail_msg("man/duet.1 OPTIONS: --%s %s a value, the table says otherwise", name,
                     value ? "takes" : "takes no");
    }
    fclose(f);
    for (size_t i = 0; i < n; i++)
        if (seen[i] != 1)
            fail_msg("man/duet.1 OPTIONS lists --%s %d times", options_name(i), seen[i]);
    free(seen);
}

/* Freeing twice, and freeing after a failed parse, are safe. */
static void test_free_is_safe(void **state)
{
    (void)state;
    char *argv[] = {"duet", "--speaker", "x", "--bogus"};
    char err[OPTIONS_ERROR_MAX];
    options o;
    assert_false(options_parse(&o, "--speaker 'y'", 4, argv, err));
    options_free(&o);
    options_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_option_table),
        cmocka_unit_test(test_help_lists_every_option_in_80_columns),
        cmocka_unit_test(test_man_page_options),
        cmocka_unit_test(test_free_is_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
