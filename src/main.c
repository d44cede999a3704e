/* main — locale, options, loading, and the choice of what to do: --check,
 * --export, --dump or the reader. Exit codes: 0 fine, 1 a file could not be
 * used (one line naming it and why), 2 bad usage.
 *
 * Everything below is wiring; the work happens in the core library (format,
 * export, layout) and the screen. */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <unistring/version.h>
#include <utf8proc.h>

#include "escape.h"
#include "export.h"
#include "filter.h"
#include "format.h"
#include "input.h"
#include "layout.h"
#include "loader.h"
#include "options.h"
#include "preview.h"
#include "screen.h"
#include "session.h"
#include "state.h"
#include "status.h"
#include "text.h"

#define USAGE_HINT "usage: duet [OPTION]... FILE [EN_FILE]; see duet --help"

/* ---- locale ------------------------------------------------------------------ */

/* Sets the user's locale; when it is not UTF-8 (LANG unset or C, common over
 * SSH), falls back to a UTF-8 one. Returns a note for the reader saying so,
 * or NULL when nothing needed saying. */
static const char *locale_setup(void)
{
    static const char *const fallbacks[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};
    setlocale(LC_ALL, "");
    if (text_locale_utf8())
        return NULL;
    for (size_t i = 0; i < sizeof fallbacks / sizeof *fallbacks; i++)
        if (setlocale(LC_ALL, fallbacks[i]) && text_locale_utf8())
            return "locale is not UTF-8: using C.UTF-8";
    setlocale(LC_ALL, "");
    return "no UTF-8 locale: non-ASCII shown as ASCII stand-ins ([] for CJK)";
}

/* ---- messages ------------------------------------------------------------------ */

static int usage_error(const char *msg)
{
    fprintf(stderr, "duet: %s (%s)\n", msg, USAGE_HINT);
    return status_exit_code(ST_USAGE);
}

/* "duet: FILE: reason[: detail]" on one line; the name is printed safely. */
static int file_error(const char *path, status st, const char *detail)
{
    fputs("duet: ", stderr);
    if (strcmp(path, "-") == 0)
        fputs("standard input", stderr);
    else
        escape_text(stderr, path, strlen(path));
    fprintf(stderr, ": %s", status_message(st));
    if (detail && *detail) {
        fputs(": ", stderr);
        escape_text(stderr, detail, strcspn(detail, "\n"));
    }
    putc('\n', stderr);
    return status_exit_code(st);
}

/* Flushes standard output; a closed pipe (`duet --dump | head -1`) ends the
 * program quietly the way SIGPIPE would, any other write error is reported. */
static int finish_stdout(int code)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return code;
    if (errno == EPIPE) {
        signal(SIGPIPE, SIG_DFL);
        raise(SIGPIPE);
        return 1;
    }
    fprintf(stderr, "duet: write error: %s\n", strerror(errno));
    return 1;
}

static int print_version(void)
{
    int u = _libunistring_version; /* (major << 16) + (minor << 8) + subminor */
    printf("duet %s\n", DUET_VERSION);
    printf("  %s\n", screen_curses_version());
    printf("  utf8proc %s\n", utf8proc_version());
    printf("  libunistring %d.%d.%d\n", u >> 16, (u >> 8) & 0xFF, u & 0xFF);
    return finish_stdout(0);
}

/* ---- choices ------------------------------------------------------------------- */

/* --width, else $COLUMNS, else the terminal's width, else 80. */
static int dump_width(const options *o)
{
    if (o->width)
        return o->width;
    const char *cols = getenv("COLUMNS");
    char *end;
    long c = cols ? strtol(cols, &end, 10) : 0;
    if (cols && *cols && !*end && c >= OPTIONS_WIDTH_MIN && c <= OPTIONS_WIDTH_MAX)
        return (int)c;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col >= OPTIONS_WIDTH_MIN)
        return ws.ws_col;
    return 80;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* --format NAME to a registered format, checked against the file count. */
static bool pick_format(const options *o, const format **out, char err[OPTIONS_ERROR_MAX])
{
    *out = NULL;
    if (!o->format)
        return true;
    const format *f = format_find(o->format);
    if (!f) {
        snprintf(err, OPTIONS_ERROR_MAX, "--format %s: this layout is not supported yet",
                 o->format);
        return false;
    }
    if (o->nfiles < f->min_sources || o->nfiles > f->max_sources) {
        snprintf(err, OPTIONS_ERROR_MAX, "--format %s reads %zu file%s, not %zu", f->name,
                 f->min_sources, f->min_sources == 1 ? "" : "s", o->nfiles);
        return false;
    }
    *out = f;
    return true;
}

/* --check: the report on standard output, and exit 1 with the reason on
 * standard error when it is not a transcript. */
static int run_check(const doc *d, const options *o)
{
    bool transcript;
    char why[EXPORT_WHY_MAX];
    status st = export_check(d, stdout, &transcript, why);
    int code = finish_stdout(st == ST_OK ? 0 : status_exit_code(st));
    if (st == ST_OK && !transcript)
        return file_error(o->files[0], ST_NOT_TRANSCRIPT, why);
    return code;
}

static int run_export(const doc *d, const options *o)
{
    status st = o->export_format == OPT_EXPORT_JSON ? export_json(d, stdout)
              : o->export_format == OPT_EXPORT_TSV  ? export_tsv(d, stdout)
                                                    : export_md(d, stdout);
    return finish_stdout(st == ST_NO_MEMORY ? status_exit_code(st) : 0);
}

/* --layout's mode, or -1 when none was chosen. */
static int pick_layout(const options *o)
{
    switch (o->layout) {
    case OPT_LAYOUT_SIDE: return LAYOUT_SIDE;
    case OPT_LAYOUT_STACK: return LAYOUT_STACK;
    case OPT_LAYOUT_ZH: return LAYOUT_ZH;
    case OPT_LAYOUT_EN: return LAYOUT_EN;
    case OPT_LAYOUT_AUTO: break;
    }
    return -1;
}

/* --layout's mode, else the one a terminal `width` wide opens in. */
static layout_mode pick_mode(const doc *d, const options *o, int width)
{
    int m = pick_layout(o);
    return m >= 0 ? (layout_mode)m : layout_default_mode(d, width);
}

/* --speaker: the filter showing only the speakers named (all when none
 * is), or NULL after saying on one line which name matches nobody and who
 * the speakers are, or which part of a name matches several and whom
 * (*code: 2), or that memory ran out (*code: 1). */
static filter_state *speaker_filter(const doc *d, const options *o, int *code)
{
    filter_state *f = filter_new(d);
    size_t unknown = 0;
    status st = f ? filter_select(f, o->speakers, o->nspeakers, &unknown) : ST_NO_MEMORY;
    if (st == ST_OK)
        return f;
    *code = status_exit_code(st);
    if (st == ST_USAGE) {
        const char *name = o->speakers[unknown];
        bool several = filter_find(f, name) == FILTER_AMBIGUOUS;
        size_t n = several ? filter_matching(f, name, NULL, 0) : filter_names(f, NULL, 0);
        char *names = malloc(n + 1);
        fputs("duet: --speaker ", stderr);
        escape_text(stderr, name, strlen(name));
        fputs(several ? ": matches more than one speaker: "
                      : ": no such speaker; the speakers are: ", stderr);
        if (names) {
            if (several)
                filter_matching(f, name, names, n + 1);
            else
                filter_names(f, names, n + 1);
            escape_text(stderr, names, n);
        }
        putc('\n', stderr);
        free(names);
    } else {
        fprintf(stderr, "duet: %s\n", status_message(st));
    }
    filter_free(f);
    return NULL;
}

static int run_dump(const doc *d, const options *o, const filter_state *f)
{
    int width = dump_width(o);
    text_widths tw = {.ambiguous_wide = o->ambiguous == OPT_AMBIGUOUS_WIDE};
    status st = export_dump_filtered(d, width, pick_mode(d, o, width), &tw, f, stdout);
    return finish_stdout(st == ST_NO_MEMORY ? status_exit_code(st) : 0);
}

/* The reader on the terminal: d (with a loader l, a preview the session
 * takes over, with l) until the user quits. *load_st (and *load_rep) say
 * how a background load ended: the caller reports a failure. */
static int run_reader(doc *d, loader *l, const options *o, status *load_st,
                      format_report *load_rep)
{
    screen_info si;
    char err[160], state[STATE_PATH_MAX];
    *load_st = ST_OK;
    if (o->no_resume || !state_path(getenv("XDG_STATE_HOME"), getenv("HOME"), state, sizeof state))
        state[0] = '\0';
    session *s = NULL;
    if (screen_open(o, &si, err, sizeof err)) {
        session_config c = {
            .widths = si.widths, .layout = pick_layout(o), .segment = o->segment,
            .speakers = o->speakers, .nspeakers = o->nspeakers, .search = o->search,
            .state_path = state, .note = o->startup_note ? o->startup_note : si.note,
            .clipboard = si.clipboard, .term = si.term, .files = o->files,
        };
        s = session_new(d, l, &c, si.width, si.height);
        snprintf(err, sizeof err, "%s", status_message(ST_NO_MEMORY));
    }
    if (!s) {
        screen_close();
        fprintf(stderr, "duet: %s\n", err);
        loader_abandon(l);
        if (l)
            doc_free(d);
        return 1;
    }
    int code = screen_run(s);
    screen_close();
    *load_st = session_load_status(s, load_rep);
    session_free(s); /* remembers the place, the terminal given back */
    if (code > 128) /* a signal ended the reader: end as it would */
        screen_reraise(code - 128);
    return *load_st != ST_OK ? status_exit_code(*load_st) : code;
}

static int run(doc *d, options *o)
{
    int code = 0;
    filter_state *f = speaker_filter(d, o, &code);
    if (!f)
        return code;
    switch (o->mode) {
    case OPT_MODE_CHECK: code = run_check(d, o); break;
    case OPT_MODE_EXPORT: code = run_export(d, o); break;
    case OPT_MODE_DUMP: code = run_dump(d, o, f); break;
    case OPT_MODE_AUTO:
    case OPT_MODE_READER:
        if (isatty(STDOUT_FILENO)) {
            status st;
            code = run_reader(d, NULL, o, &st, NULL);
        } else {
            code = run_dump(d, o, f);
        }
        break;
    }
    filter_free(f);
    return code;
}

/* Reads the inputs (converted to UTF-8: --encoding or detection) into
 * in[]; on failure *failed names the input. */
static status read_inputs(const options *o, input in[2], const char **failed,
                          format_report *rep)
{
    double t0 = now_ms();
    status st = ST_OK;
    *failed = NULL;
    for (size_t i = 0; i < o->nfiles && st == ST_OK; i++) {
        st = input_read_as(o->files[i], INPUT_DEFAULT_LIMIT, o->encoding, &in[i]);
        if (st != ST_OK)
            *failed = o->files[i];
    }
    rep->stage_ms[FORMAT_STAGE_READ] = now_ms() - t0;
    return st;
}

/* Says on the reader's status line, when it opens, which encoding was
 * read when it was not plain UTF-8 (after the locale's note, if any). */
static void note_encoding(options *o, const input in[2])
{
    static char note[160];
    for (size_t i = 0; i < o->nfiles; i++) {
        if (!encoding_noteworthy(&in[i].encoding))
            continue;
        const encoding_info *e = &in[i].encoding;
        char what[64];
        if (e->converted)
            snprintf(what, sizeof what, "read as %s", e->name);
        else
            snprintf(what, sizeof what, "invalid UTF-8 shown as \xEF\xBF\xBD: --encoding?");
        snprintf(note, sizeof note, "%s%s%s", o->startup_note ? o->startup_note : "",
                 o->startup_note ? "; " : "", what);
        o->startup_note = note;
        return;
    }
}

/* True when the options need the whole transcript before the first
 * screen: --speaker, --search, --segment. */
static bool whole_first(const options *o)
{
    return o->nspeakers || (o->search && o->search[0]) || o->segment > 0;
}

/* The reader on a large transcript: a preview of its first screens at
 * once, while the whole loads in the background (preview.h, loader.h).
 * Returns false when the whole must be loaded first: small files (a few
 * milliseconds), and the options that need the whole before the first
 * screen (--speaker, --search, --segment). */
static bool run_preview(options *o, const format *forced, input in[2], status *st, int *code)
{
    size_t lens[2] = {in[0].n, in[1].n};
    if (whole_first(o) || !preview_worth(lens, o->nfiles))
        return false;
    const char *bytes[2] = {in[0].bytes, in[1].bytes};
    doc *preview = NULL;
    if (preview_build(o->files, bytes, lens, o->nfiles, forced, &preview) != ST_OK)
        return false;
    loader *l = loader_start(o->files, in, o->nfiles, forced);
    if (!l) {
        doc_free(preview);
        return false;
    }
    format_report rep = {0};
    *code = run_reader(preview, l, o, st, &rep);
    if (*st != ST_OK)
        *code = file_error(rep.failed_path ? rep.failed_path : o->files[0], *st, rep.why);
    return true;
}

/* What a stream has brought so far, as a document to show: its whole
 * lines, read as the whole will be (format.h); with none yet (or none that
 * makes a transcript yet), an empty document of that name. NULL when memory
 * runs out. */
static doc *stream_first(const options *o, const format *forced, const input_stream *is)
{
    input in;
    doc *d = NULL;
    const char *names[1] = {o->files[0]};
    if (input_stream_snapshot(is, &in) == ST_OK) {
        format_load_inputs(names, &in, 1, forced, &d, NULL);
        input_free(&in);
    }
    if (d)
        return d;
    d = doc_new(); /* (with nothing in it, there is nothing to finish) */
    if (d && doc_add_source(d, o->files[0], "", 0) != ST_OK) {
        doc_free(d);
        d = NULL;
    }
    return d;
}

/* How long a pipe or FIFO may take to end before the reader opens on what
 * has come and reads on: `cat talk.txt | duet` ends at once and opens as a
 * file does. */
#define STREAM_WAIT_MS 100

/* The reader on a pipe or FIFO that stays open ((cat talk.txt; sleep 30) |
 * duet, a FIFO with a writer): what has come at once, the rest read as it
 * comes (loader.h), keys working meanwhile. Returns false when the input
 * ended within STREAM_WAIT_MS (then in[0], or *st, has it and the caller
 * goes on as for a file); else runs the reader, *code its exit code. */
static bool run_stream(options *o, const format *forced, input in[2], status *st, int *code)
{
    input_stream *is = NULL;
    bool eof = false;
    *st = input_stream_open(o->files[0], INPUT_DEFAULT_LIMIT, o->encoding, &is);
    for (double until = now_ms() + STREAM_WAIT_MS; *st == ST_OK && !eof;) {
        struct pollfd p = {input_stream_fd(is), POLLIN, 0};
        double left = until - now_ms();
        if (left <= 0 || poll(&p, 1, (int)left) == 0)
            break;
        *st = input_stream_read(is, &eof);
    }
    if (*st == ST_OK && eof)
        *st = input_stream_finish(is, &in[0]);
    if (*st != ST_OK || eof) {
        input_stream_free(is);
        return false;
    }
    doc *first = stream_first(o, forced, is);
    loader *l = first ? loader_stream(o->files[0], is, forced) : NULL;
    if (!l) {
        doc_free(first);
        input_stream_free(is);
        *st = ST_NO_MEMORY;
        return false;
    }
    format_report rep = {0};
    *code = run_reader(first, l, o, st, &rep);
    if (*st != ST_OK)
        *code = file_error(rep.failed_path ? rep.failed_path : o->files[0], *st, rep.why);
    return true;
}

/* Reads and loads the transcript (in the reader, a large one behind a
 * preview, a pipe that stays open as it comes) and runs what the options
 * ask for. */
static int load_and_run(options *o, const format *forced)
{
    bool interactive = (o->mode == OPT_MODE_AUTO || o->mode == OPT_MODE_READER) &&
                  isatty(STDOUT_FILENO);
    input in[2] = {{0}};
    const char *failed = NULL;
    int code = 0;
    doc *d = NULL;
    format_report rep = {0};
    double t0 = now_ms();
    status st = ST_OK;
    if (interactive && !o->profile && !whole_first(o) && o->nfiles == 1 &&
        input_is_stream(o->files[0]) && run_stream(o, forced, in, &st, &code))
        return code;
    if (st == ST_OK && !in[0].bytes)
        st = read_inputs(o, in, &failed, &rep);
    else if (st != ST_OK)
        failed = o->files[0];
    if (st == ST_OK)
        note_encoding(o, in);
    if (st == ST_OK && interactive && !o->profile && run_preview(o, forced, in, &st, &code)) {
        input_free(&in[0]);
        input_free(&in[1]);
        return code;
    }
    double read_ms = rep.stage_ms[FORMAT_STAGE_READ];
    if (st == ST_OK)
        st = format_load_inputs(o->files, in, o->nfiles, forced, &d, &rep);
    else
        rep.failed_path = failed;
    rep.stage_ms[FORMAT_STAGE_READ] = read_ms;
    input_free(&in[0]);
    input_free(&in[1]);
    double t1 = now_ms();
    if (o->profile) {
        fprintf(stderr, "duet: profile: load %.1f ms:", t1 - t0);
        for (int s = 0; s < FORMAT_STAGES; s++)
            fprintf(stderr, " %s %.1f", format_stage_name((format_stage)s), rep.stage_ms[s]);
        fputc('\n', stderr);
    }
    if (st != ST_OK) {
        code = file_error(rep.failed_path ? rep.failed_path : o->files[0], st, rep.why);
    } else {
        code = run(d, o);
        if (o->profile && !interactive) /* the reader's time is the user's */
            fprintf(stderr, "duet: profile: %s %.1f ms\n",
                    o->mode == OPT_MODE_CHECK ? "check" : "output", now_ms() - t1);
    }
    doc_free(d);
    return code;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_DFL); /* `duet --dump | head -1` ends quietly */
    const char *locale_note = locale_setup();
    options o;
    char err[OPTIONS_ERROR_MAX];
    if (!options_parse(&o, getenv("DUET"), argc, argv, err)) {
        options_free(&o);
        return usage_error(err);
    }
    o.startup_note = locale_note;
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        o.no_color = true;
    int code;
    if (o.help) {
        options_print_help(stdout);
        code = finish_stdout(0);
    } else if (o.version) {
        code = print_version();
    } else {
        if (o.nfiles == 0 && !isatty(STDIN_FILENO))
            o.files[o.nfiles++] = "-"; /* `cat talk.txt | duet` */
        const format *forced;
        if (o.nfiles == 0)
            code = usage_error("no FILE given");
        else if (!pick_format(&o, &forced, err))
            code = usage_error(err);
        else
            code = load_and_run(&o, forced);
    }
    options_free(&o);
    return code;
}
