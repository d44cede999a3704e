/* bench/state — what the positions file (state.h) costs, and whether it
 * keeps every position when duets quit together:
 *   - state_load of a key that is not there, from a full file of
 *     STATE_MAX_BYTES (1 MiB, some 34,000 distinct entries: the most duet
 *     reads): what resuming adds before the first frame;
 *   - state_save into such a file (read, merge, write, fsync, rename);
 *   - 16 processes saving at once, each its own transcript, released
 *     together: how many of the 16 positions the file keeps, per round.
 * Issue 19 measured 300 ms (and 0.7 s of CPU) for the 1 MiB read before
 * its fix, and 14 of 16 positions kept.
 *
 * Usage: state [ROUNDS]   (default 20 rounds of 16 savers)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "doc.h"
#include "state.h"

enum { SAVERS = 16, RUNS = 15 };

static char path[300];

/* A finished doc of one segment: what state_load maps a place onto. */
static doc *tiny_doc(void)
{
    static const char text[] = "你好。\nHello.\n";
    doc *d = doc_new();
    if (!d || doc_add_source(d, "bench.txt", text, strlen(text)) != ST_OK)
        exit(1);
    doc_para zh = {"你好。", strlen("你好。"), -1, 0, 1, 1, 0, -1, -1};
    doc_para en = {"Hello.", 6, -1, 0, 2, 2, 0, -1, -1};
    doc_set_role(d, 0, 1, DOC_LINE_TEXT);
    doc_set_role(d, 0, 2, DOC_LINE_TEXT);
    doc_segment s = {{0, 0}, {1, 1}, -1, 1.0f};
    if (doc_add_para(d, LANG_ZH, &zh) < 0 || doc_add_para(d, LANG_EN, &en) < 0 ||
        !doc_add_segment(d, &s) || doc_finish(d) != ST_OK)
        exit(1);
    return d;
}

/* A positions file of STATE_MAX_BYTES with distinct random keys. */
static size_t write_full_file(void)
{
    FILE *f = fopen(path, "w");
    if (!f)
        exit(1);
    size_t n = (size_t)fprintf(f, "duet-positions 2\n"), entries = 0;
    while (n + 40 < STATE_MAX_BYTES) {
        n += (size_t)fprintf(f, "%016llx 0:%u %lld\n", (unsigned long long)bench_rnd(),
                             (unsigned)(bench_rnd() % 1000000), 1700000000LL + (long long)entries);
        entries++;
    }
    fclose(f);
    return entries;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 20;
    char dir[] = "/tmp/duet-bench-state-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/duet/positions", dir);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/duet", dir);
    if (mkdir(sub, 0700) != 0)
        return 1;
    doc *d = tiny_doc();
    bench_seed(1);

    size_t entries = write_full_file();
    double wall[RUNS], cpu[RUNS];
    for (int r = 0; r < RUNS; r++) {
        long seg;
        state_health h;
        double t0 = bench_now_ms(), c0 = cpu_ms();
        status st = state_load(path, 0x0123456789abcdefULL, d, &seg, &h);
        wall[r] = bench_now_ms() - t0;
        cpu[r] = cpu_ms() - c0;
        if (st != ST_OK || seg != 0 || h != STATE_FINE) {
            fprintf(stderr, "state: load failed\n");
            return 1;
        }
    }
    qsort(wall, RUNS, sizeof *wall, cmp_double);
    qsort(cpu, RUNS, sizeof *cpu, cmp_double);
    printf("load, 1 MiB file (%zu entries), key absent: median %.2f ms (%.2f ms CPU), max %.2f ms\n",
           entries, wall[RUNS / 2], cpu[RUNS / 2], wall[RUNS - 1]);

    for (int r = 0; r < RUNS; r++) {
        write_full_file();
        double t0 = bench_now_ms(), c0 = cpu_ms();
        status st = state_save(path, 0x0123456789abcdefULL, d, 1, 1, STATE_MAX_ENTRIES);
        wall[r] = bench_now_ms() - t0;
        cpu[r] = cpu_ms() - c0;
        if (st != ST_OK) {
            fprintf(stderr, "state: save failed\n");
            return 1;
        }
    }
    qsort(wall, RUNS, sizeof *wall, cmp_double);
    qsort(cpu, RUNS, sizeof *cpu, cmp_double);
    printf("save into it (read, merge, write, fsync, rename): median %.2f ms (%.2f ms CPU)\n",
           wall[RUNS / 2], cpu[RUNS / 2]);

    int least = SAVERS, all = 0;
    long kept_total = 0;
    for (int round = 0; round < rounds; round++) {
        unlink(path);
        int go[2];
        if (pipe(go) != 0)
            return 1;
        pid_t pid[SAVERS];
        for (int i = 0; i < SAVERS; i++) {
            pid[i] = fork();
            if (pid[i] == 0) {
                close(go[1]);
                char c;
                while (read(go[0], &c, 1) > 0) {}
                _exit(state_save(path, (uint64_t)i + 1, d, 1, 1, STATE_MAX_ENTRIES) == ST_OK ? 0 : 1);
            }
        }
        close(go[0]);
        close(go[1]);
        for (int i = 0; i < SAVERS; i++)
            waitpid(pid[i], NULL, 0);
        int kept = 0;
        for (int i = 0; i < SAVERS; i++) {
            long seg;
            state_health h;
            kept += state_load(path, (uint64_t)i + 1, d, &seg, &h) == ST_OK && seg == 1;
        }
        least = kept < least ? kept : least;
        all += kept == SAVERS;
        kept_total += kept;
    }
    printf("%d savers at once: all %d kept in %d of %d rounds; fewest %d, mean %.1f\n", SAVERS,
           SAVERS, all, rounds, least, (double)kept_total / rounds);

    doc_free(d);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
