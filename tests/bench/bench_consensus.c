/* bench_consensus — the cost of the Leiden consensus alone (issue 16 §3).
 *
 *   bench_consensus N M SEED [RUNS]
 *
 * The undirected simple graph of a directed G(N, M) (bench_random_arcs, the
 * graphs of gen_graph and bench_stats); ctome_modularity_leiden with RUNS
 * runs (default 100) once without and once with the consensus, seed 1.
 * Prints wall and CPU time (this process, all threads) of each, the
 * difference (the consensus: co-assignment counts + its Leiden rounds), and
 * the result (Q, modules, rounds) so that two builds can be compared. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "benchutil.h"
#include "ctome.h"
#include "modularity.h"

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: bench_consensus N M SEED [RUNS]\n");
        return 2;
    }
    uint64_t n = strtoull(argv[1], NULL, 10), seed = strtoull(argv[3], NULL, 10);
    size_t m = strtoull(argv[2], NULL, 10);
    int runs = argc == 5 ? atoi(argv[4]) : 100;
    if (n < 2 || n > INT32_MAX || m < 1 || m > n * (n - 1) / 2 || runs < 1) {
        fprintf(stderr, "bench_consensus: need 2 <= N, 1 <= M <= N(N-1)/2, RUNS >= 1\n");
        return 2;
    }
    uint64_t *keys = malloc(m * sizeof *keys);
    int32_t *src = malloc(m * sizeof *src), *dst = malloc(m * sizeof *dst);
    if (!keys || !src || !dst)
        return 1;
    bench_random_arcs(n, m, seed, keys);
    for (size_t e = 0; e < m; e++) {
        src[e] = (int32_t)(keys[e] >> 32);
        dst[e] = (int32_t)(keys[e] & 0xffffffffu);
    }
    ctome_graph *g = NULL;
    if (ctome_graph_from_edges((size_t)n, src, dst, NULL, m, 1, &g)) {
        fprintf(stderr, "bench_consensus: %s\n", ctome_error_message());
        return 1;
    }
    double t[2][2];
    ctome_modularity res[2];
    for (int c = 0; c < 2; c++) {
        ctome_modularity_opts o;
        ctome_modularity_opts_default(&o);
        o.runs = runs;
        o.consensus = c;
        double w0 = now(), c0 = cpu();
        if (ctome_modularity_leiden(g, &o, 1, &res[c])) {
            fprintf(stderr, "bench_consensus: %s\n", ctome_error_message());
            return 1;
        }
        t[c][0] = now() - w0;
        t[c][1] = cpu() - c0;
    }
    printf("bench_consensus n=%" PRIu64 " m=%zu (undirected %zu) runs=%d | best of runs %.2f s wall %.2f s CPU"
           " | with consensus %.2f s wall %.2f s CPU | consensus alone %.2f s CPU | Q %.10f modules %zu rounds %d"
           " converged %d consensus %d\n",
           n, m, g->m_und, runs, t[0][0], t[0][1], t[1][0], t[1][1], t[1][1] - t[0][1], res[1].q,
           res[1].n_modules, res[1].rounds, res[1].converged, res[1].consensus);
    ctome_modularity_clear(&res[0]);
    ctome_modularity_clear(&res[1]);
    ctome_graph_free(g);
    free(keys);
    free(src);
    free(dst);
    return 0;
}
