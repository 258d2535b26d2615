/* topology_sampled.c — source-sampled estimates of the all-pairs path
 * measures for graphs too large for exact all-pairs BFS (see topology.h).
 *
 * Each measure is a mean over sources of a per-source quantity, so a
 * uniform sample of sources without replacement gives an unbiased estimate
 * of it (Eppstein & Wang 2004 J Graph Algorithms Appl 8:39 sample sources
 * the same way for closeness); the confidence interval is the normal one
 * with the finite-population correction (Cochran 1977, Sampling Techniques,
 * 3rd ed., eq. 2.19), so it shrinks to the value itself when every source is
 * drawn.  Per-source values are written by sample index and reduced
 * serially: identical for any thread count. */
#include "topology_internal.h"
#include "error.h"
#include "rng.h"
#include "sizecheck.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* z for a two-sided 95% normal interval. */
#define Z95 1.959963984540054

int ctome_path_exact_affordable(const ctome_graph *g)
{
    return (double)g->n * (double)g->m_und <= CTOME_PATH_EXACT_MAX_WORK;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Mean of x[0..k) and the 95% interval for the mean of a population of
 * `pop` values of which x is a uniform sample without replacement. */
static void mean_ci(const double *x, size_t k, size_t pop, double *m, double *lo, double *hi)
{
    *m = *lo = *hi = NAN;
    if (k == 0)
        return;
    double s = 0;
    for (size_t i = 0; i < k; i++)
        s += x[i];
    *m = s / (double)k;
    if (k == pop) {
        *lo = *hi = *m;   /* a census: no sampling error */
        return;
    }
    if (k < 2)
        return;
    double ss = 0;
    for (size_t i = 0; i < k; i++)
        ss += (x[i] - *m) * (x[i] - *m);
    double sd = sqrt(ss / (double)(k - 1));
    double fpc = sqrt((double)(pop - k) / (double)(pop - 1));
    double half = Z95 * sd / sqrt((double)k) * fpc;
    *lo = *m - half;
    *hi = *m + half;
}

int ctome_path_stats_sampled(const ctome_graph *g, size_t k, uint64_t seed, int weighted,
                             ctome_path_sample *out)
{
    memset(out, 0, sizeof *out);
    out->l = out->l_lo = out->l_hi = out->e = out->e_lo = out->e_hi = NAN;
    out->ew = out->ew_lo = out->ew_hi = NAN;
    out->seed = seed;
    int rc = ctome_topo_need_edges(g, "sampled path length");
    if (rc)
        return rc;
    size_t n = g->n;
    if (n < 2)
        return ctome_error(CTOME_EVALUE, NULL, 0, "sampled path length: needs >= 2 vertices (n = %zu)", n);
    if (k == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "sampled path length: the number of sources must be >= 1");
    if (k > n)
        k = n;   /* every source: the exact value */
    if (weighted && (rc = ctome_topo_positive_weights(g, "sampled weighted efficiency")))
        return rc;
    /* per thread: BFS dist + queue, and the Dijkstra heap when weighted */
    size_t per_vertex = 2 * sizeof(int32_t) + (weighted ? sizeof(double) + 3 * sizeof(int32_t) : 0);
    if ((rc = ctome_size_check((double)n, per_vertex, "sampled path measures", "per-thread workspace",
                               NULL, NULL)))
        return rc;
    int32_t *order = malloc(n * sizeof *order), *comp = malloc(n * sizeof *comp);
    size_t *csize = calloc(n, sizeof *csize);
    double *pl = malloc(k * sizeof *pl), *pe = malloc(k * sizeof *pe), *pw = malloc(k * sizeof *pw);
    if (!order || !comp || !csize || !pl || !pe || !pw) {
        rc = ctome_error_nomem();
        goto out;
    }
    size_t nc = 0, best = 0;
    if ((rc = ctome_components(g, comp, &nc)))
        goto out;
    for (size_t v = 0; v < n; v++)
        csize[comp[v]]++;
    for (size_t i = 1; i < nc; i++)
        if (csize[i] > csize[best])
            best = i;
    size_t nl = csize[best];
    /* k sources uniformly without replacement: a partial Fisher-Yates
     * shuffle on a stream of its own (CTOME_PATH_STREAM), then in vertex
     * order for locality. */
    ctome_rng r;
    ctome_rng_seed(&r, seed, CTOME_PATH_STREAM);
    for (size_t i = 0; i < n; i++)
        order[i] = (int32_t)i;
    for (size_t i = 0; i < k; i++) {
        size_t j = i + (size_t)ctome_rng_below(&r, n - i);
        int32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    qsort(order, k, sizeof *order, cmp_i32);
    double wmax = 0, wmin = INFINITY;
    if (weighted)
        for (size_t e = 0; e < 2 * g->m_und; e++) {
            wmax = g->und_w[e] > wmax ? g->und_w[e] : wmax;
            wmin = g->und_w[e] < wmin ? g->und_w[e] : wmin;
        }
    /* Equal weights normalise to 1: every weighted distance is the hop
     * count, so the weighted estimate is the binary one (no Dijkstra). */
    int dijkstra = weighted && wmin != wmax;
    int failed = 0;
#pragma omp parallel
    {
        int32_t *w = ctome_topo_bfs_ws(n);
        ctome_topo_dheap h;
        int ok = w && (!dijkstra || ctome_topo_dheap_init(&h, n) == 0);
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t i = 0; i < k; i++) {
            if (!ok)
                continue;
            int32_t s = order[i];
            size_t reached = ctome_topo_bfs(g->und_ptr, g->und_idx, s, w, w + n);
            uint64_t dsum = 0;
            double inv = 0;
            /* distances in BFS order are non-decreasing: sum 1/d per level
             * run in that order (deterministic) */
            int32_t *dist = w, *queue = w + n;
            for (size_t q = 1; q < reached; q++) {
                int32_t d = dist[queue[q]];
                dsum += (uint64_t)d;
                inv += 1.0 / (double)d;
            }
            ctome_topo_bfs_reset(dist, queue, reached);
            pe[i] = inv / (double)(n - 1);
            pl[i] = (size_t)comp[s] == best && nl > 1 ? (double)dsum / (double)(nl - 1) : NAN;
            pw[i] = dijkstra ? ctome_topo_dijkstra_inv_sum(g, s, &h) / (double)(n - 1) / wmax : pe[i];
        }
        free(w);
        if (ok && dijkstra) {
            free(h.dist);
            free(h.heap);
        }
    }
    if (failed) {
        rc = ctome_error_nomem();
        goto out;
    }
    out->sources = k;
    out->n_lcc = nl;
    mean_ci(pe, k, n, &out->e, &out->e_lo, &out->e_hi);
    if (weighted)
        mean_ci(pw, k, n, &out->ew, &out->ew_lo, &out->ew_hi);
    /* the sources that fell in the LCC are a uniform sample of it */
    size_t kl = 0;
    for (size_t i = 0; i < k; i++)
        if (!isnan(pl[i]))
            pl[kl++] = pl[i];
    out->sources_lcc = kl;
    mean_ci(pl, kl, nl, &out->l, &out->l_lo, &out->l_hi);
out:
    free(order);
    free(comp);
    free(csize);
    free(pl);
    free(pe);
    free(pw);
    return rc;
}
