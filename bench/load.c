/* bench/load — what each stage of loading a transcript costs, file by file.
 *
 *   load [-r RUNS] FILE...
 *
 * For each FILE, RUNS times (default 3): format_load as duet does it (the
 * stages format.h names: read, decode, detect, parse, align, finish, each
 * timed by format_load itself), then the search index of the document
 * built in full (search_index_new + search_index_build: NFKC and case
 * folding of both languages, both cases), which duet runs in a background
 * thread once the first screen is drawn. Prints one row per file: the
 * median of each stage, the load's total (what stands before the first
 * screen) and the fold, in ms, and the load's throughput.
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
#include "search.h"

#define MAXRUNS 15

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(const double *v, int n)
{
    double s[MAXRUNS];
    memcpy(s, v, sizeof *v * (size_t)n);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* The columns: every stage, the load's total, the fold. */
enum { COL_LOAD = FORMAT_STAGES, COL_FOLD, NCOLS };

/* One run over path into col[...][run]; false (with a message) on failure. */
static bool load_once(const char *path, double col[NCOLS][MAXRUNS], int run)
{
    const char *paths[] = {path};
    doc *d = NULL;
    format_report rep = {0};
    double t0 = now_ms();
    status st = format_load(paths, 1, NULL, INPUT_DEFAULT_LIMIT, &d, &rep);
    double t1 = now_ms();
    if (st != ST_OK) {
        fprintf(stderr, "load: %s: %s %s\n", path, status_message(st), rep.why);
        return false;
    }
    for (int s = 0; s < FORMAT_STAGES; s++)
        col[s][run] = rep.stage_ms[s];
    col[COL_LOAD][run] = t1 - t0;
    search_index *ix = search_index_new(d);
    status fs = ix ? search_index_build(ix) : ST_NO_MEMORY;
    col[COL_FOLD][run] = now_ms() - t1;
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
           "index built in full, which duet does in a background thread after the first screen)\n",
           runs);
    printf("%-14s %8s", "file", "MB");
    for (int s = 0; s < FORMAT_STAGES; s++)
        printf(" %7s", format_stage_name((format_stage)s));
    printf(" %8s %8s %7s\n", "load", "fold", "MB/s");
    for (int i = optind; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            perror(argv[i]);
            return 1;
        }
        static double col[NCOLS][MAXRUNS];
        for (int r = 0; r < runs; r++)
            if (!load_once(argv[i], col, r))
                return 1;
        const char *base = strrchr(argv[i], '/');
        double mb = (double)sb.st_size / 1e6, load = median(col[COL_LOAD], runs);
        printf("%-14s %8.1f", base ? base + 1 : argv[i], mb);
        for (int s = 0; s < FORMAT_STAGES; s++)
            printf(" %7.1f", median(col[s], runs));
        printf(" %8.1f %8.1f %7.0f\n", load, median(col[COL_FOLD], runs),
               load > 0 ? mb / (load / 1e3) : 0);
        fflush(stdout);
    }
    return 0;
usage:
    fprintf(stderr, "usage: load [-r RUNS] FILE...\n");
    return 2;
}
