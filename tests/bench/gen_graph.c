/* gen_graph — a synthetic directed graph as an integer-id edge list.
 *
 *   gen_graph N M SEED OUT
 *
 * N vertices (ids 0 .. N-1), M distinct arcs u -> v with u != v, endpoints
 * uniform (a directed Erdos-Renyi G(N, M) graph: the model of bench_stats, so
 * the two benchmarks agree), drawn from ctome_rng stream 0 of SEED; repeats
 * are redrawn until the arc set is simple, and arcs are written sorted by
 * (source, target), one per line, "source<TAB>target" with no header and no
 * weight column (every weight 1).  OUT ending in ".gz" is written through
 * zlib (level 6), "-" is standard output.  Same N, M, SEED: same bytes.
 * Memory 8 M bytes; time O(M log M).  Used by docs/performance.md and the
 * slow CLI test (tests/test_cli_big.sh); the big files are never committed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "benchutil.h"

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!*s || *s == '-')
        return 0;
    *v = strtoull(s, &end, 10);
    return *end == '\0';
}

int main(int argc, char **argv)
{
    uint64_t n, m, seed;
    if (argc != 5 || !parse_u64(argv[1], &n) || !parse_u64(argv[2], &m) || !parse_u64(argv[3], &seed)) {
        fprintf(stderr, "usage: gen_graph N M SEED OUT(.tsv|.gz|-)\n");
        return 2;
    }
    if (n < 2 || n > INT32_MAX || m > n * (n - 1) / 2) {
        fprintf(stderr, "gen_graph: need 2 <= N <= 2^31-1 and M <= N(N-1)/2 (got N %" PRIu64 ", M %" PRIu64 ")\n",
                n, m);
        return 2;
    }
    uint64_t *keys = malloc((m ? m : 1) * sizeof *keys);
    if (!keys) {
        fprintf(stderr, "gen_graph: out of memory for %" PRIu64 " arcs\n", m);
        return 1;
    }
    bench_random_arcs(n, m, seed, keys);
    const char *out = argv[4];
    size_t len = strlen(out);
    int gz = len > 3 && strcmp(out + len - 3, ".gz") == 0;
    FILE *fp = NULL;
    gzFile z = NULL;
    if (gz)
        z = gzopen(out, "wb6");
    else
        fp = strcmp(out, "-") == 0 ? stdout : fopen(out, "w");
    if (gz ? !z : !fp) {
        fprintf(stderr, "gen_graph: cannot write %s\n", out);
        free(keys);
        return 1;
    }
    char line[32];
    int bad = 0;
    for (size_t i = 0; i < m && !bad; i++) {
        int k = snprintf(line, sizeof line, "%" PRIu64 "\t%" PRIu64 "\n", keys[i] >> 32, keys[i] & 0xffffffffu);
        bad = gz ? gzwrite(z, line, (unsigned)k) != k : fwrite(line, 1, (size_t)k, fp) != (size_t)k;
    }
    if (gz)
        bad |= gzclose(z) != Z_OK;
    else if (fp != stdout)
        bad |= fclose(fp) != 0;
    else
        bad |= fflush(fp) != 0;
    free(keys);
    if (bad) {
        fprintf(stderr, "gen_graph: write error on %s\n", out);
        return 1;
    }
    return 0;
}
