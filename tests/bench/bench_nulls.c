/* bench_nulls — cost of one Maslov-Sneppen null on a synthetic graph, and a
 * checksum of its edges (so a faster swap loop can be shown to give the
 * same bytes).
 *
 *   bench_nulls N [MEAN_DEGREE=20] [NULLS=2] [SEED=1]
 *
 * The graph is bench_stats's directed G(N, N x MEAN_DEGREE / 2) of seed 1.
 * For NULLS replicates (stream i of SEED, one thread) it runs the two
 * ensembles `ctome stats` runs on a directed layer: the undirected simple
 * view with plain Maslov-Sneppen swaps (rich club) and the directed graph
 * keeping mutual dyads (motifs); 10 swaps per edge.  Prints per ensemble the
 * wall and CPU seconds per null, the swaps done / attempted, and an FNV-1a
 * hash of every null's sorted (src, dst) list. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ctome.h"
#include "benchutil.h"

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < len; i++)
        h = (h ^ c[i]) * 0x100000001b3ULL;
    return h;
}

static int run(const char *what, const ctome_graph *g, int mutual, size_t nulls, uint64_t seed)
{
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    o.keep_mutual = mutual;
    ctome_null_ws *ws;
    if (ctome_null_ws_new(g, &o, &ws))
        return 1;
    uint64_t h = 0xcbf29ce484222325ULL;
    double w0 = now(), c0 = cpu();
    ctome_null_info info = {0};
    for (size_t i = 0; i < nulls; i++) {
        ctome_rng r;
        ctome_rng_seed(&r, seed, i);
        const int32_t *s, *d;
        const double *w;
        size_t m;
        if (ctome_null_run(ws, &r, &info, &s, &d, &w, &m)) {
            ctome_null_ws_free(ws);
            return 1;
        }
        h = fnv(h, s, m * sizeof *s);
        h = fnv(h, d, m * sizeof *d);
        h = fnv(h, &r, sizeof r);   /* the stream position after the null */
    }
    double w1 = now(), c1 = cpu();
    printf("%s: n=%zu edges=%zu nulls=%zu wall_per_null_s=%.3f cpu_per_null_s=%.3f swaps=%" PRIu64
           " attempts=%" PRIu64 " hash=%016" PRIx64 "\n",
           what, g->n, g->directed ? g->m : g->m_und, nulls, (w1 - w0) / (double)nulls,
           (c1 - c0) / (double)nulls, info.swaps, info.attempts, h);
    ctome_null_ws_free(ws);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_nulls N [MEAN_DEGREE] [NULLS] [SEED]\n");
        return 2;
    }
    ctome_init();
    size_t n = strtoull(argv[1], NULL, 10);
    double k = argc > 2 ? atof(argv[2]) : 20;
    size_t nulls = argc > 3 ? strtoull(argv[3], NULL, 10) : 2;
    uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
    size_t m = (size_t)((double)n * k / 2);
    if (n < 2 || (double)m >= (double)n * (double)(n - 1) / 2) {
        fprintf(stderr, "bench_nulls: need N >= 2 and a sparse graph\n");
        return 2;
    }
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
    ctome_graph *g, *u;
    if (ctome_graph_from_edges(n, src, dst, NULL, m, 1, &g) || ctome_graph_undirected(g, 0, &u)) {
        fprintf(stderr, "%s\n", ctome_error_message());
        return 1;
    }
    int rc = run("undirected", u, 0, nulls, seed) || run("directed+mutual", g, 1, nulls, seed);
    if (rc)
        fprintf(stderr, "%s\n", ctome_error_message());
    ctome_graph_free(u);
    ctome_graph_free(g);
    free(src);
    free(dst);
    return rc;
}
