/* format — the registry of transcript layouts, detection, and loading.
 *
 * Each layout duet reads (sectioned, interleaved, inline pairs, two files,
 * subtitles, TSV …) is a plug-in in src/format/NAME.c: a `format` value with
 * a probe that scores how well the decoded sources look like that layout
 * (and says why), and a parse that fills the doc. Detection runs every
 * probe and keeps the best score; --format skips detection. A format may
 * add segments itself (when the layout pairs turns, as subtitles and TSV
 * do); when it adds none, format_load aligns the paragraphs.
 *
 * Adding a layout: write src/format/NAME.c defining `const format
 * format_NAME`, and list it in the registry table in src/format.c.
 */
#ifndef DUET_FORMAT_H
#define DUET_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#include "doc.h"
#include "status.h"

#define FORMAT_EVIDENCE_MAX 512

struct input;

/* What the readers learn of a document's sources while probing, kept for
 * the parse: the line scans of src/format/scan.h (the furniture found,
 * labels, languages, paragraphs). format_load makes one per document it
 * probes and hands it to every probe, then to the parse of the layout
 * chosen when that document is the one parsed (an empty one otherwise);
 * a reader makes what it needs on first use. Opaque outside src/format/. */
typedef struct format_scans format_scans;

typedef struct format {
    const char *name;       /* as --format takes it: "sectioned" … */
    const char *summary;    /* one line for --help and the man page */
    size_t min_sources;     /* how many input files it reads: 1, or 2 */
    size_t max_sources;
    /* How well d's sources (decoded, roles still unset) look like this
     * layout: 0 (not at all) to 100 (certainly). Writes the reasons, one
     * per line, to evidence (NUL-terminated, at most FORMAT_EVIDENCE_MAX).
     * May fill `scans` (of d) with what the parse will want again. */
    int (*probe)(const doc *d, format_scans *scans, char *evidence);
    /* Fills d with speakers, paragraphs, notes, line roles and, when the
     * layout itself pairs the languages, segments; takes what `scans` (of
     * d) holds. On a failure the status says why and `why`
     * (FORMAT_EVIDENCE_MAX bytes) may add detail. */
    status (*parse)(doc *d, format_scans *scans, char *why);
} format;

/* Appends printf-style text to the evidence ev (cap bytes, NUL-terminated,
 * *used bytes written so far), advancing *used; text that does not fit is
 * cut, never in the middle of a UTF-8 character. */
void format_evidence_add(char *ev, size_t cap, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with a va_list (for readers' own appenders). */
void format_evidence_vadd(char *ev, size_t cap, size_t *used, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* All registered formats, in the order --help lists them; *n gets the count. */
const format *const *format_all(size_t *n);

/* The format called `name`, or NULL. */
const format *format_find(const char *name);

/* The layout format_load would choose for a document of decoded sources
 * (roles unset) probed whole: every probe that takes d's number of sources,
 * or only `forced`; NULL when none scores. (preview.h guesses with it.) */
const format *format_detect_doc(const doc *d, const format *forced);

/* How format_load samples a large source for detection: inputs up to
 * FORMAT_SAMPLE_MIN bytes are probed whole, larger ones on their first
 * FORMAT_SAMPLE_HEAD bytes and FORMAT_SAMPLE_CHUNKS stretches of
 * FORMAT_SAMPLE_CHUNK bytes spread evenly over the rest. */
#define FORMAT_SAMPLE_MIN ((size_t)384 * 1024)
#define FORMAT_SAMPLE_HEAD ((size_t)192 * 1024)
#define FORMAT_SAMPLE_CHUNKS 48
#define FORMAT_SAMPLE_CHUNK ((size_t)4 * 1024)

/* The sizes of a sample: its head's bytes, how many stretches, each's bytes. */
typedef struct format_sample_size {
    size_t head, chunks, chunk;
} format_sample_size;

/* A sample of the text s[0, n) (lines ending in '\n'): its first sz->head
 * bytes, then sz->chunks stretches of sz->chunk bytes spread evenly over
 * the rest, each made of whole lines (the one crossing its size included),
 * ending in '\n' and set apart by a blank line. Written to out when out is
 * not NULL; its length either way. format_load probes a large source's
 * sample of FORMAT_SAMPLE_* sizes; preview.h a smaller one of raw bytes. */
size_t format_sample_bytes(const char *s, size_t n, const format_sample_size *sz, char *out);

/* The stages of a load, for --profile and the benchmarks. */
#define FORMAT_STAGE_TABLE(X) \
    X(FORMAT_STAGE_READ, "read")     /* the files into memory */ \
    X(FORMAT_STAGE_DECODE, "decode") /* sanitising and splitting lines */ \
    X(FORMAT_STAGE_DETECT, "detect") /* every probe (or the forced one) */ \
    X(FORMAT_STAGE_PARSE, "parse")   /* the chosen layout's reader */ \
    X(FORMAT_STAGE_ALIGN, "align")   /* pairing, when the layout paired nothing */ \
    X(FORMAT_STAGE_FINISH, "finish") /* doc_finish: counts, colours, notes */

typedef enum {
#define FORMAT_STAGE_ENUM(id, name) id,
    FORMAT_STAGE_TABLE(FORMAT_STAGE_ENUM)
#undef FORMAT_STAGE_ENUM
    FORMAT_STAGES
} format_stage;

/* "read", "decode" … */
const char *format_stage_name(format_stage s);

/* How a load went, for the error line, --check and --profile. */
typedef struct format_report {
    const char *failed_path; /* the input the status is about, or NULL */
    char why[FORMAT_EVIDENCE_MAX]; /* detail beyond status_message, or "" */
    double stage_ms[FORMAT_STAGES]; /* wall-clock time of each stage reached */
} format_report;

/* Loads a transcript from npaths files (1 or 2; "-" reads standard input):
 * reads them (input.h, refusing more than `limit` bytes each), decodes,
 * detects the layout (or uses `forced`, NULL for auto), parses, aligns when
 * the format paired nothing, and finishes the doc. On success *out is a
 * finished doc the caller frees with doc_free. */
status format_load(const char *const *paths, size_t npaths, const format *forced,
                   size_t limit, doc **out, format_report *report);

/* format_load of inputs already read (input.h): their bytes are handed to
 * the doc as they are decoded, so a file is held once; each in[i] taken is
 * left empty, and input_free on all of them is right either way. */
status format_load_inputs(const char *const *names, struct input *in, size_t n,
                          const format *forced, doc **out, format_report *report);

/* The same from bytes already in memory (tests, fuzzers, benchmarks):
 * names[i] is what the doc records as source i's path. */
status format_load_bytes(const char *const *names, const char *const *bytes,
                         const size_t *lens, size_t n, const format *forced,
                         doc **out, format_report *report);

#endif
