/* options — the command line and the DUET environment variable.
 *
 * Parsing is pure: argv in, an options value (or a usage error) out, so
 * every option is testable without running anything. Options from $DUET
 * (split like a shell would, without expansion) come first and the command
 * line after them, so the command line wins.
 */
#ifndef DUET_OPTIONS_H
#define DUET_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

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
    /* private: storage behind the strings above */
    char **owned;
    size_t nowned;
} options;

#define OPTIONS_ERROR_MAX 256

/* Parses $DUET (env_duet, may be NULL) then argv into *o. Returns false on a
 * usage error with a one-line message in err. */
bool options_parse(options *o, const char *env_duet, int argc, char *const argv[],
                   char err[OPTIONS_ERROR_MAX]);

/* Frees what options_parse allocated. */
void options_free(options *o);

/* The --help text (fits 80 columns). */
const char *options_help(void);

#endif
