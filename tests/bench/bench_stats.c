/* bench_stats — scaling of the null-normalised statistics on synthetic graphs.
 *
 *   bench_stats N [MEAN_DEGREE=20] [NULLS=10] [THREADS=0] [FULL=0]
 *
 * A directed Erdos-Renyi-like graph of N vertices and N x MEAN_DEGREE / 2
 * arcs (endpoints uniform, self-loops and repeats redrawn; so the mean total
 * degree in + out is MEAN_DEGREE), seed 1.  Times (wall clock):
 *   nulls: ctome_stats_compute with nulls_only: NULLS Maslov-Sneppen nulls
 *          (10 swaps per edge) each with its rich-club curve and triad census;
 *   full:  (FULL = 1) the global topology (ctome_topology_compute: all-pairs
 *          paths, clustering, spectral radius, ...).
 * Peak memory: run under /usr/bin/time -v (tests/bench/bench_stats.sh). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ctome.h"
#include "stats.h"
#include "benchutil.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_stats N [MEAN_DEGREE] [NULLS] [THREADS] [FULL]\n");
        return 2;
    }
    ctome_init();
    size_t n = strtoull(argv[1], NULL, 10);
    double k = argc > 2 ? atof(argv[2]) : 20;
    size_t nulls = argc > 3 ? strtoull(argv[3], NULL, 10) : 10;
    int threads = argc > 4 ? atoi(argv[4]) : 0;
    int full = argc > 5 ? atoi(argv[5]) : 0;
    size_t m = (size_t)((double)n * k / 2);
    int32_t *src = malloc(m * sizeof *src), *dst = malloc(m * sizeof *dst);
    uint64_t *keys = malloc(m * sizeof *keys);
    if (!src || !dst || !keys)
        return 1;
    bench_random_arcs(n, m, 1, keys);
    for (size_t i = 0; i < m; i++) {
        src[i] = (int32_t)(keys[i] >> 32);
        dst[i] = (int32_t)(keys[i] & 0xffffffffu);
    }
    free(keys);
    ctome_graph *g;
    double t0 = now();
    if (ctome_graph_from_edges(n, src, dst, NULL, m, 1, &g)) {
        fprintf(stderr, "%s\n", ctome_error_message());
        return 1;
    }
    double t1 = now();
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.n_nulls = nulls;
    o.threads = threads;
    o.nulls_only = 1;
    ctome_stats s;
    if (ctome_stats_compute(NULL, g, &o, &s)) {
        fprintf(stderr, "%s\n", ctome_error_message());
        return 1;
    }
    double t2 = now();
    printf("n=%zu arcs=%zu graph_build_s=%.3f nulls=%zu nulls_s=%.3f per_null_ms=%.2f rich_club_k=%zu "
           "motif_z_300=%.2f",
           n, g->m, t1 - t0, nulls, t2 - t1, 1e3 * (t2 - t1) / (double)nulls, s.rc_n, s.motif_z[12]);
    ctome_stats_clear(&s);
    if (full) {
        ctome_topology t;
        double t3 = now();
        if (ctome_topology_compute(NULL, g, &t)) {
            fprintf(stderr, "%s\n", ctome_error_message());
            return 1;
        }
        printf(" topology_s=%.3f transitivity=%.5f path_length=%.4f", now() - t3, t.transitivity,
               t.char_path_length);
        ctome_topology_clear(&t);
    }
    printf("\n");
    ctome_graph_free(g);
    free(src);
    free(dst);
    return 0;
}
