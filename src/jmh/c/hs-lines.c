/*
 * Hyperscan baseline for scripts/bench-rules.sh: scans a log file line by line (as dockmedic does)
 * with the rules' patterns and counts the lines that match at least one pattern.
 *
 *   hs-lines PATTERNS_ERE PATTERNS_I_ERE LOG
 *
 * PATTERNS_ERE holds case-sensitive patterns, PATTERNS_I_ERE case-insensitive ones, one per line
 * (the ERE files GrepPatterns writes). Patterns Hyperscan rejects are skipped and listed on stderr.
 * Prints: matching-lines patterns-used patterns-skipped scan-seconds (the scan only, not compiling
 * or reading the file, which is mapped and pre-faulted first).
 *
 * Written by hand because it is a benchmark harness: the comparison needs Hyperscan's own block-mode
 * API with one scan call per line, which no command-line tool offers.
 */
#define _GNU_SOURCE
#include <hs/hs.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_PATTERNS 4096

static char *patterns[MAX_PATTERNS];
static unsigned flags[MAX_PATTERNS];
static unsigned ids[MAX_PATTERNS];
static int count = 0;
static int skipped = 0;

static void read_patterns(const char *path, unsigned extra) {
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(2); }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (n == 0) continue;
        unsigned fl = HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY | extra;
        hs_database_t *probe = NULL;
        hs_compile_error_t *err = NULL;
        if (hs_compile(line, fl, HS_MODE_BLOCK, NULL, &probe, &err) != HS_SUCCESS) {
            fprintf(stderr, "skipped (hyperscan rejects: %s): %s\n", err->message, line);
            hs_free_compile_error(err);
            skipped++;
            continue;
        }
        hs_free_database(probe);
        if (count == MAX_PATTERNS) { fprintf(stderr, "too many patterns\n"); exit(2); }
        patterns[count] = strdup(line);
        flags[count] = fl;
        ids[count] = (unsigned) count;
        count++;
    }
    free(line);
    fclose(f);
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned fl, void *ctx) {
    (void) id; (void) from; (void) to; (void) fl;
    *(int *) ctx = 1;
    return 1; /* stop scanning this line: one match is enough */
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: hs-lines PATTERNS_ERE PATTERNS_I_ERE LOG\n"); return 2; }
    read_patterns(argv[1], 0);
    read_patterns(argv[2], HS_FLAG_CASELESS);
    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    if (hs_compile_multi((const char *const *) patterns, flags, ids, (unsigned) count, HS_MODE_BLOCK, NULL, &db, &err)
            != HS_SUCCESS) {
        fprintf(stderr, "compile: %s\n", err->message);
        return 2;
    }
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) { fprintf(stderr, "scratch\n"); return 2; }

    int fd = open(argv[3], O_RDONLY);
    if (fd < 0) { perror(argv[3]); return 2; }
    struct stat st;
    fstat(fd, &st);
    const char *data = mmap(NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (data == MAP_FAILED) { perror("mmap"); return 2; }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long matching = 0;
    const char *p = data, *end = data + st.st_size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t) (end - p));
        const char *eol = nl ? nl : end;
        int hit = 0;
        hs_error_t rc = hs_scan(db, p, (unsigned) (eol - p), 0, scratch, on_match, &hit);
        if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) { fprintf(stderr, "scan error %d\n", rc); return 2; }
        matching += hit;
        p = eol + 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%ld %d %d %.3f\n", matching, count, skipped, s);
    return 0;
}
