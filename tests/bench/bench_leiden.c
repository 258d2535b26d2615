/* bench_leiden — Leiden iteration by iteration on the scaling benchmark's graph.
 *
 *   bench_leiden N M SEED RUNS MAXIT
 *
 * MAXIT 0: one igraph call per run with n_iterations -1 (until stable), timed
 * as a whole.
 *
 * The graph of gen_graph N M SEED (a directed G(N, M), bench_random_arcs),
 * seen undirected and unweighted as ctome's modularity sees it (an arc pair
 * u -> v, v -> u is one edge).  For each of RUNS runs (igraph seeded
 * SEED + r, as ctome_modularity_leiden seeds run r), Leiden with the
 * modularity objective (node weights = degrees, resolution 1 / 2m, beta 0.01)
 * is iterated one igraph iteration at a time from the previous membership,
 * up to MAXIT iterations or until an iteration changes nothing ("until
 * stable", igraph's n_iterations < 0).  One line per iteration: run,
 * iteration, wall and CPU seconds of that iteration, Q after it, modules,
 * whether it changed the partition.  Q after 2 iterations against Q until
 * stable is the comparison behind stats' large-graph rule (docs/methods.md). */
#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: bench_leiden N M SEED RUNS MAXIT\n");
        return 2;
    }
    uint64_t n = strtoull(argv[1], NULL, 10);
    size_t m = strtoull(argv[2], NULL, 10);
    uint64_t seed = strtoull(argv[3], NULL, 10);
    int runs = atoi(argv[4]), maxit = atoi(argv[5]);
    if (n < 2 || n > INT32_MAX || m < 1 || m > n * (n - 1) / 2 || runs < 1 || maxit < 0) {
        fprintf(stderr, "bench_leiden: bad arguments\n");
        return 2;
    }
    uint64_t *keys = malloc(m * sizeof *keys);
    if (!keys)
        return 1;
    bench_random_arcs(n, m, seed, keys);
    /* undirected simple view: key min << 32 | max, sorted, unique */
    for (size_t e = 0; e < m; e++) {
        uint64_t u = keys[e] >> 32, v = keys[e] & 0xffffffffu;
        keys[e] = u < v ? u << 32 | v : v << 32 | u;
    }
    qsort(keys, m, sizeof *keys, bench_cmp_u64);
    size_t mu = 0;
    for (size_t e = 0; e < m; e++)
        if (mu == 0 || keys[mu - 1] != keys[e])
            keys[mu++] = keys[e];
    igraph_vector_int_t el;
    igraph_vector_int_init(&el, (igraph_integer_t)(2 * mu));
    for (size_t e = 0; e < mu; e++) {
        VECTOR(el)[2 * e] = (igraph_integer_t)(keys[e] >> 32);
        VECTOR(el)[2 * e + 1] = (igraph_integer_t)(keys[e] & 0xffffffffu);
    }
    free(keys);
    igraph_t g;
    igraph_create(&g, &el, (igraph_integer_t)n, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&el);
    igraph_vector_t deg;
    igraph_vector_init(&deg, 0);
    igraph_strength(&g, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, NULL);
    printf("# n=%llu arcs=%zu edges=%zu\n", (unsigned long long)n, m, mu);
    printf("# run iter wall_s cpu_s Q modules changed\n");
    igraph_vector_int_t memb, prev;
    igraph_vector_int_init(&memb, (igraph_integer_t)n);
    igraph_vector_int_init(&prev, (igraph_integer_t)n);
    double tw_all = 0, tc_all = 0;
    for (int r = 0; r < runs; r++) {
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)(seed + (uint64_t)r));
        double tw = 0, tc = 0;
        if (maxit == 0) {   /* one igraph call until stable, as ctome before the rule */
            igraph_integer_t k = 0;
            double w0 = now(), c0 = cpu();
            igraph_community_leiden(&g, NULL, &deg, 1.0 / (2.0 * (double)mu), 0.01, 0, -1, &memb, &k,
                                    NULL);
            tw = now() - w0;
            tc = cpu() - c0;
            igraph_real_t q;
            igraph_modularity(&g, &memb, NULL, 1, IGRAPH_UNDIRECTED, &q);
            printf("%d stable %.3f %.3f %.6f %lld 0\n", r, tw, tc, q, (long long)k);
        }
        for (int it = 0; it < maxit; it++) {
            igraph_vector_int_update(&prev, &memb);
            igraph_integer_t k = 0;
            igraph_real_t quality = 0;
            double w0 = now(), c0 = cpu();
            igraph_community_leiden(&g, NULL, &deg, 1.0 / (2.0 * (double)mu), 0.01, it > 0, 1, &memb,
                                    &k, &quality);
            double w1 = now() - w0, c1 = cpu() - c0;
            tw += w1;
            tc += c1;
            igraph_real_t q;
            igraph_modularity(&g, &memb, NULL, 1, IGRAPH_UNDIRECTED, &q);
            int changed = it == 0 || !igraph_vector_int_all_e(&prev, &memb);
            printf("%d %d %.3f %.3f %.6f %lld %d\n", r, it + 1, w1, c1, q, (long long)k, changed);
            fflush(stdout);
            if (!changed)
                break;
        }
        printf("# run %d total wall %.3f s CPU %.3f s\n", r, tw, tc);
        tw_all += tw;
        tc_all += tc;
    }
    printf("# all runs wall %.3f s CPU %.3f s\n", tw_all, tc_all);
    igraph_vector_int_destroy(&memb);
    igraph_vector_int_destroy(&prev);
    igraph_vector_destroy(&deg);
    igraph_destroy(&g);
    return 0;
}
