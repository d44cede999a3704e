/* bench/load — what each stage of loading a transcript costs, file by file.
 *
 *   load [-r RUNS] FILE...
 *
 * For each FILE, RUNS times (default 3): format_load as duet does it (the
 * stages format.h names: read, decode, detect, parse, align, finish, each
 * timed by format_load itself), then the search index of the document
 * built in full (search_index_new + search_index_build: NFKC and case
 * folding of both languages, both cases), which duet runs in a background
 * thread once the first screen is drawn. And the preview (preview.h): the
 * document of the file's heads that a large file's first screen is drawn
 * from, built from the bytes in memory, while the whole loads in the
 * background. Prints one row per file: the median of each stage, the
 * load's total and the fold, the preview ("-" when the file is too small
 * for one or none could be trusted), in ms, and the load's throughput.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "doc.h"
#include "format.h"
#include "input.h"
#include "preview.h"
#include "search.h"
#include "bench.h"

#define MAXRUNS 15

/* The columns: every stage, the load's total, the fold. */
enum { COL_LOAD = FORMAT_STAGES, COL_FOLD, COL_PREVIEW, NCOLS };

/* The preview of path's bytes, timed into col[COL_PREVIEW][run] (-1 when
 * there is none). */
static bool preview_once(const char *path, double col[NCOLS][MAXRUNS], int run)
{
    input in = {0};
    status st = input_read(path, INPUT_DEFAULT_LIMIT, &in); /* UTF-8, as duet reads it */
    if (st != ST_OK) {
        fprintf(stderr, "%s: %s\n", path, status_message(st));
        return false;
    }
    col[COL_PREVIEW][run] = -1;
    if (preview_worth(&in.n, 1)) {
        const char *names[] = {path}, *b[] = {in.bytes};
        doc *d = NULL;
        double t0 = bench_now_ms();
        st = preview_build(names, b, &in.n, 1, NULL, &d);
        if (st == ST_OK)
            col[COL_PREVIEW][run] = bench_now_ms() - t0;
        doc_free(d);
    }
    input_free(&in);
    return true;
}

/* One run over path into col[...][run]; false (with a message) on failure. */
static bool load_once(const char *path, double col[NCOLS][MAXRUNS], int run)
{
    const char *paths[] = {path};
    doc *d = NULL;
    format_report rep = {0};
    double t0 = bench_now_ms();
    status st = format_load(paths, 1, NULL, INPUT_DEFAULT_LIMIT, &d, &rep);
    double t1 = bench_now_ms();
    if (st != ST_OK) {
        fprintf(stderr, "load: %s: %s %s\n", path, status_message(st), rep.why);
        return false;
    }
    for (int s = 0; s < FORMAT_STAGES; s++)
        col[s][run] = rep.stage_ms[s];
    col[COL_LOAD][run] = t1 - t0;
    search_index *ix = search_index_new(d);
    status fs = ix ? search_index_build(ix) : ST_NO_MEMORY;
    col[COL_FOLD][run] = bench_now_ms() - t1;
    search_index_free(ix);
    doc_free(d);
    if (fs != ST_OK) {
        fprintf(stderr, "load: %s: search index: %s\n", path, status_message(fs));
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    int runs = 3, opt;
    while ((opt = getopt(argc, argv, "r:")) != -1) {
        if (opt != 'r' || (runs = atoi(optarg)) < 1 || runs > MAXRUNS)
            goto usage;
    }
    if (optind >= argc)
        goto usage;
    printf("load stages, ms, median of %d runs (format_load's own timings; fold = the search\n"
           "index built in full; preview = the document of the file's heads that a large file's\n"
           "first screen is drawn from: the load and the fold run in the background)\n",
           runs);
    printf("%-14s %8s", "file", "MB");
    for (int s = 0; s < FORMAT_STAGES; s++)
        printf(" %7s", format_stage_name((format_stage)s));
    printf(" %8s %8s %8s %7s\n", "load", "fold", "preview", "MB/s");
    for (int i = optind; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            perror(argv[i]);
            return 1;
        }
        static double col[NCOLS][MAXRUNS];
        for (int r = 0; r < runs; r++)
            if (!load_once(argv[i], col, r) || !preview_once(argv[i], col, r))
                return 1;
        const char *base = strrchr(argv[i], '/');
        double mb = (double)sb.st_size / 1e6, load = bench_median(col[COL_LOAD], runs);
        printf("%-14s %8.1f", base ? base + 1 : argv[i], mb);
        for (int s = 0; s < FORMAT_STAGES; s++)
            printf(" %7.1f", bench_median(col[s], runs));
        printf(" %8.1f %8.1f", load, bench_median(col[COL_FOLD], runs));
        double pv = bench_median(col[COL_PREVIEW], runs);
        pv >= 0 ? printf(" %8.1f", pv) : printf(" %8s", "-");
        printf(" %7.0f\n", load > 0 ? mb / (load / 1e3) : 0);
        fflush(stdout);
    }
    return 0;
usage:
    fprintf(stderr, "usage: load [-r RUNS] FILE...\n");
    return 2;
}
