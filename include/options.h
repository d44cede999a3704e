/* options — the command line and the DUET environment variable.
 *
 * Parsing is pure: argv in, an options value (or a usage error) out, so
 * every option is testable without running anything. Options from $DUET
 * (split like a shell would, without expansion) come first and the command
 * line after them, so the command line wins: a later option overrides an
 * earlier one (--check after --dump, --ambiguous-narrow after
 * --ambiguous-wide), and --speaker on the command line replaces the
 * speakers $DUET named. $DUET holds options only, never files.
 *
 * GNU conventions, from glibc's getopt_long: --opt=value and --opt value,
 * unambiguous prefixes of long options (--exp json), -h and -V (clustered
 * as -hV too), "--" ends the options, "-" is standard input.
 */
#ifndef DUET_OPTIONS_H
#define DUET_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { OPT_MODE_AUTO, OPT_MODE_READER, OPT_MODE_DUMP, OPT_MODE_EXPORT, OPT_MODE_CHECK } opt_mode;
typedef enum { OPT_EXPORT_NONE, OPT_EXPORT_JSON, OPT_EXPORT_TSV, OPT_EXPORT_MD } opt_export;
typedef enum { OPT_LAYOUT_AUTO, OPT_LAYOUT_SIDE, OPT_LAYOUT_STACK, OPT_LAYOUT_ZH, OPT_LAYOUT_EN } opt_layout;
typedef enum { OPT_AMBIGUOUS_DETECT, OPT_AMBIGUOUS_NARROW, OPT_AMBIGUOUS_WIDE } opt_ambiguous;

#define OPT_MAX_FILES 2

typedef struct options {
    const char *files[OPT_MAX_FILES]; /* "-" is standard input */
    size_t nfiles;
    opt_mode mode;           /* AUTO: the reader on a terminal, else --dump */
    opt_export export_format;
    int width;               /* --width for --dump; 0: the terminal's or 80 */
    const char *format;      /* --format NAME, NULL or "auto" for detection */
    const char *encoding;    /* --encoding NAME (iconv knows it), NULL: detect */
    opt_layout layout;
    const char **speakers;   /* --speaker NAME, repeatable */
    size_t nspeakers;
    const char *search;      /* --search PATTERN or NULL */
    long segment;            /* --segment N (1-based), 0 when not given */
    opt_ambiguous ambiguous;
    bool no_color;           /* --no-color, or NO_COLOR set and non-empty */
    bool no_mouse;
    bool no_resume;
    bool profile;            /* --profile: print load-stage timings */
    bool help;
    bool version;
    const char *startup_note; /* not an option: main sets it (locale
                                 fallback) for the reader's status line;
                                 static storage or NULL */
    /* private: storage behind the strings above */
    char **owned;
    size_t nowned, owned_cap;
    size_t speakers_cap;
} options;

#define OPTIONS_ERROR_MAX 256

/* The range --width accepts. */
#define OPTIONS_WIDTH_MIN 20
#define OPTIONS_WIDTH_MAX 4096

/* Parses $DUET (env_duet, may be NULL) then argv (argv[0] is the program
 * name and is skipped) into *o, which need not be initialised. Strings in
 * *o point into argv or into storage *o owns, so argv must outlive *o.
 * Returns false on a usage error with a one-line message in err (without
 * the "duet: " prefix); *o must still be freed. */
bool options_parse(options *o, const char *env_duet, int argc, char *const argv[],
                   char err[OPTIONS_ERROR_MAX]);

/* Frees what options_parse allocated. */
void options_free(options *o);

/* Writes the --help text: every option of the table, GNU style, ASCII,
 * lines of at most 79 columns. */
void options_print_help(FILE *out);

/* The long name of option i of the table ("dump"), NULL past the last: the
 * man page's OPTIONS lists exactly these (a unit test checks). */
const char *options_name(size_t i);

/* True when option i takes a value (--width=N). */
bool options_takes_value(size_t i);

#endif
