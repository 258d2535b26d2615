/* topology_paths.c — shortest-path measures: components, characteristic
 * path length, global efficiency (binary BFS and weighted Dijkstra),
 * betweenness (Brandes 2001), closeness.  See topology.h.
 *
 * Parallel over sources with OpenMP.  Results never depend on the number of
 * threads: path length and efficiency sum exact integer pair counts per
 * distance; Dijkstra, closeness and betweenness write per-source (per-block)
 * partials that are summed serially in source (block) order afterwards. */
#include "topology_internal.h"
#include "error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Breadth-first search from s over (ptr, idx).  dist[] must be -1 on entry
 * for every vertex; on return it holds hop distances of the `returned`
 * visited vertices, which are listed in BFS order in queue[].  The caller
 * resets dist[] through queue[] (O(visited), not O(n)). */
size_t ctome_topo_bfs(const size_t *ptr, const int32_t *idx, int32_t s, int32_t *dist, int32_t *queue)
{
    size_t head = 0, tail = 0;
    dist[s] = 0;
    queue[tail++] = s;
    while (head < tail) {
        int32_t u = queue[head++];
        int32_t du = dist[u] + 1;
        for (size_t p = ptr[u]; p < ptr[u + 1]; p++) {
            int32_t v = idx[p];
            if (dist[v] < 0) {
                dist[v] = du;
                queue[tail++] = v;
            }
        }
    }
    return tail;
}

void ctome_topo_bfs_reset(int32_t *dist, const int32_t *queue, size_t k)
{
    for (size_t i = 0; i < k; i++)
        dist[queue[i]] = -1;
}

/* Per-thread BFS workspace, or NULL on allocation failure. */
int32_t *ctome_topo_bfs_ws(size_t n)
{
    int32_t *w = malloc(2 * n * sizeof *w);
    if (w)
        for (size_t i = 0; i < n; i++)
            w[i] = -1;
    return w;
}

int ctome_components(const ctome_graph *g, int32_t *comp, size_t *n_comp)
{
    *n_comp = 0;
    int rc = ctome_topo_need_vertices(g, "components");
    if (rc)
        return rc;
    int32_t *w = ctome_topo_bfs_ws(g->n);
    if (!w)
        return ctome_error_nomem();
    for (size_t i = 0; i < g->n; i++)
        comp[i] = -1;
    size_t nc = 0;
    for (size_t s = 0; s < g->n; s++) {
        if (comp[s] >= 0)
            continue;
        size_t k =  ctome_topo_bfs(g->und_ptr, g->und_idx, (int32_t)s, w, w + g->n);
        for (size_t i = 0; i < k; i++)
            comp[w[g->n + i]] = (int32_t)nc;
        /* every vertex is visited once overall, so resetting is O(n) total */
        ctome_topo_bfs_reset(w, w + g->n, k);
        nc++;
    }
    free(w);
    *n_comp = nc;
    return CTOME_OK;
}

/* Levels after which a bit-parallel batch costs more than 64 plain BFS
 * (each level scans every list once); the batch is then redone plainly, so
 * the worst case (long paths, rings) is at most twice the plain cost. */
#define BATCH_MAX_LEVELS 64

/* Bit-parallel BFS from a batch of up to 64 sources at once (the
 * "multi-source BFS" of Then et al. 2014 PVLDB 8:449): bit j of seen[v] /
 * front[v] says that source j has reached v / reached it at the current
 * level.  One level is a pull over every adjacency list, so a batch costs
 * O(eccentricity x m) word operations instead of 64 separate BFS.  Adds to
 * hist[d] the number of (source, target) pairs at distance d, and to
 * hist_lcc[d] those whose source has its bit in lcc_bits.  Workspace: 3 n
 * words.  Returns -1 (adding nothing) when the batch needs more than
 * BATCH_MAX_LEVELS levels. */
static int bfs_batch(size_t n, const size_t *ptr, const int32_t *idx, size_t s0, size_t ns,
                     uint64_t lcc_bits, uint64_t *seen, uint64_t *front, uint64_t *next,
                     uint64_t *hist, uint64_t *hist_lcc)
{
    uint64_t cnt[BATCH_MAX_LEVELS + 1], cnt_lcc[BATCH_MAX_LEVELS + 1];
    memset(seen, 0, n * sizeof *seen);
    memset(front, 0, n * sizeof *front);
    for (size_t j = 0; j < ns; j++)
        seen[s0 + j] = front[s0 + j] = (uint64_t)1 << j;
    size_t d;
    for (d = 1;; d++) {
        uint64_t any = 0, c = 0, cl = 0;
        for (size_t v = 0; v < n; v++) {
            uint64_t x = 0;
            for (size_t p = ptr[v]; p < ptr[v + 1]; p++)
                x |= front[idx[p]];
            x &= ~seen[v];
            next[v] = x;
            any |= x;
            c += (uint64_t)__builtin_popcountll(x);
            cl += (uint64_t)__builtin_popcountll(x & lcc_bits);
        }
        if (!any)
            break;
        if (d > BATCH_MAX_LEVELS)
            return -1;
        cnt[d] = c;
        cnt_lcc[d] = cl;
        for (size_t v = 0; v < n; v++)
            seen[v] |= next[v];
        uint64_t *t = front;
        front = next;
        next = t;
    }
    for (size_t k = 1; k < d; k++) {
        hist[k] += cnt[k];
        hist_lcc[k] += cnt_lcc[k];
    }
    return 0;
}

/* The same counts by one plain BFS per source (long-diameter batches).
 * w: 3 n words, used as 2 n int32 (dist, queue). */
static void bfs_plain_batch(size_t n, const size_t *ptr, const int32_t *idx, size_t s0, size_t ns,
                            uint64_t lcc_bits, uint64_t *w, uint64_t *hist, uint64_t *hist_lcc)
{
    int32_t *dist = (int32_t *)w, *queue = dist + n;
    for (size_t i = 0; i < n; i++)
        dist[i] = -1;
    for (size_t j = 0; j < ns; j++) {
        size_t k =  ctome_topo_bfs(ptr, idx, (int32_t)(s0 + j), dist, queue);
        int in_lcc = (int)((lcc_bits >> j) & 1);
        for (size_t i = 1; i < k; i++) {
            int32_t d = dist[queue[i]];
            hist[d]++;
            hist_lcc[d] += (uint64_t)in_lcc;
        }
        ctome_topo_bfs_reset(dist, queue, k);
    }
}

int ctome_path_stats(const ctome_graph *g, double *char_path_length, double *efficiency,
                     size_t *n_lcc)
{
    *char_path_length = *efficiency = NAN;
    if (n_lcc)
        *n_lcc = 0;
    int rc = ctome_topo_need_edges(g, "path length");
    if (rc)
        return rc;
    size_t n = g->n;
    int32_t *comp = malloc(n * sizeof *comp);
    size_t *csize = calloc(n, sizeof *csize);
    /* pairs per distance, all sources / LCC sources: integer counts, so the
     * merge over threads is exact in any order */
    uint64_t *hist = calloc(2 * (n + 1), sizeof *hist);
    size_t nc = 0, best = 0;
    if (!comp || !csize || !hist)
        rc = ctome_error_nomem();
    if (!rc)
        rc = ctome_components(g, comp, &nc);
    if (!rc) {
        /* the largest component; ties go to the lower id = lower first vertex */
        for (size_t v = 0; v < n; v++)
            csize[comp[v]]++;
        for (size_t i = 1; i < nc; i++)
            if (csize[i] > csize[best])
                best = i;
    }
    int failed = 0;
    size_t nbatch = (n + 63) / 64;
    if (!rc) {
#pragma omp parallel
        {
            uint64_t *w = malloc((3 * n + 2 * (n + 1)) * sizeof *w);
            if (!w) {
#pragma omp atomic write
                failed = 1;
            } else {
                memset(w + 3 * n, 0, 2 * (n + 1) * sizeof *w);
            }
#pragma omp for schedule(dynamic, 1)
            for (size_t b = 0; b < nbatch; b++) {
                if (!w)
                    continue;
                size_t s0 = 64 * b, ns = n - s0 < 64 ? n - s0 : 64;
                uint64_t lcc_bits = 0;
                for (size_t j = 0; j < ns; j++)
                    if ((size_t)comp[s0 + j] == best)
                        lcc_bits |= (uint64_t)1 << j;
                uint64_t *h = w + 3 * n, *hl = h + (n + 1);
                if (bfs_batch(n, g->und_ptr, g->und_idx, s0, ns, lcc_bits, w, w + n, w + 2 * n, h,
                              hl))
                    bfs_plain_batch(n, g->und_ptr, g->und_idx, s0, ns, lcc_bits, w, h, hl);
            }
            if (w) {
#pragma omp critical(ctome_path_hist)
                for (size_t d = 0; d < 2 * (n + 1); d++)
                    hist[d] += w[3 * n + d];
            }
            free(w);
        }
        if (failed)
            rc = ctome_error_nomem();
    }
    if (!rc) {
        uint64_t dtot = 0;
        double itot = 0;
        for (size_t d = 1; d <= n; d++) {
            dtot += d * hist[n + 1 + d];
            itot += (double)hist[d] / (double)d;
        }
        double nl = (double)csize[best];
        *char_path_length = (double)dtot / (nl * (nl - 1));
        *efficiency = itot / ((double)n * (double)(n - 1));
        if (n_lcc)
            *n_lcc = csize[best];
    }
    free(comp);
    free(csize);
    free(hist);
    return rc;
}

int ctome_char_path_length(const ctome_graph *g, double *l, size_t *n_lcc)
{
    double e;
    return ctome_path_stats(g, l, &e, n_lcc);
}

/* ---- Weighted efficiency: Dijkstra with an indexed binary heap ---------- */

int ctome_topo_dheap_init(ctome_topo_dheap *h, size_t n)
{
    h->dist = malloc(n * sizeof *h->dist);
    h->heap = malloc(3 * n * sizeof *h->heap);
    if (!h->dist || !h->heap) {
        free(h->dist);
        free(h->heap);
        return -1;
    }
    h->pos = h->heap + n;
    h->seen = h->heap + 2 * n;
    for (size_t i = 0; i < n; i++) {
        h->dist[i] = INFINITY;
        h->pos[i] = -1;
    }
    h->size = h->n_seen = 0;
    return 0;
}

static void dheap_swap(ctome_topo_dheap *h, size_t a, size_t b)
{
    int32_t x = h->heap[a], y = h->heap[b];
    h->heap[a] = y;
    h->heap[b] = x;
    h->pos[y] = (int32_t)a;
    h->pos[x] = (int32_t)b;
}

/* Ties are broken by vertex index so the settling order is deterministic. */
static int dheap_less(const ctome_topo_dheap *h, size_t a, size_t b)
{
    int32_t x = h->heap[a], y = h->heap[b];
    return h->dist[x] < h->dist[y] || (h->dist[x] == h->dist[y] && x < y);
}

static void dheap_up(ctome_topo_dheap *h, size_t i)
{
    while (i > 0 && dheap_less(h, i, (i - 1) / 2)) {
        dheap_swap(h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static int32_t dheap_pop(ctome_topo_dheap *h)
{
    int32_t top = h->heap[0];
    h->size--;
    if (h->size) {
        h->heap[0] = h->heap[h->size];
        h->pos[h->heap[0]] = 0;
        size_t i = 0;
        for (;;) {
            size_t l = 2 * i + 1, r = l + 1, m = i;
            if (l < h->size && dheap_less(h, l, m))
                m = l;
            if (r < h->size && dheap_less(h, r, m))
                m = r;
            if (m == i)
                break;
            dheap_swap(h, i, m);
            i = m;
        }
    }
    h->pos[top] = -2;
    return top;
}

/* Sum of 1/d(s, v) over v != s reachable from s, lengths 1/w. */
double ctome_topo_dijkstra_inv_sum(const ctome_graph *g, int32_t s, ctome_topo_dheap *h)
{
    double sum = 0;
    h->dist[s] = 0;
    h->heap[0] = s;
    h->pos[s] = 0;
    h->size = 1;
    h->seen[0] = s;
    h->n_seen = 1;
    while (h->size) {
        int32_t u = dheap_pop(h);
        double du = h->dist[u];
        if (u != s)
            sum += 1.0 / du;
        for (size_t p = g->und_ptr[u]; p < g->und_ptr[u + 1]; p++) {
            int32_t v = g->und_idx[p];
            if (h->pos[v] == -2)
                continue;
            double dv = du + 1.0 / g->und_w[p];
            if (dv < h->dist[v]) {
                if (h->pos[v] == -1) {
                    h->seen[h->n_seen++] = v;
                    h->heap[h->size] = v;
                    h->pos[v] = (int32_t)h->size++;
                }
                h->dist[v] = dv;
                dheap_up(h, (size_t)h->pos[v]);
            }
        }
    }
    for (size_t i = 0; i < h->n_seen; i++) {
        h->dist[h->seen[i]] = INFINITY;
        h->pos[h->seen[i]] = -1;
    }
    return sum;
}

int ctome_global_efficiency(const ctome_graph *g, int weighted, double *e)
{
    *e = NAN;
    int rc = ctome_topo_need_vertices(g, "global efficiency");
    if (rc)
        return rc;
    if (g->n < 2)
        return ctome_error(CTOME_EVALUE, NULL, 0, "global efficiency: needs >= 2 vertices (n = %zu)",
                           g->n);
    if (!weighted) {
        if (g->m_und == 0) {
            *e = 0;   /* no pair is connected */
            return CTOME_OK;
        }
        double l;
        return ctome_path_stats(g, &l, e, NULL);
    }
    rc = ctome_topo_positive_weights(g, "weighted global efficiency");
    if (rc)
        return rc;
    size_t n = g->n;
    double *isum = malloc(n * sizeof *isum);
    if (!isum)
        return ctome_error_nomem();
    int failed = 0;
#pragma omp parallel
    {
        ctome_topo_dheap h;
        int ok = ctome_topo_dheap_init(&h, n) == 0;
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 8)
        for (size_t s = 0; s < n; s++)
            if (ok)
                isum[s] = ctome_topo_dijkstra_inv_sum(g, (int32_t)s, &h);
        if (ok) {
            free(h.dist);
            free(h.heap);
        }
    }
    if (failed) {
        free(isum);
        return ctome_error_nomem();
    }
    double tot = 0;
    for (size_t s = 0; s < n; s++)
        tot += isum[s];
    free(isum);
    /* Rubinov & Sporns 2010 define weighted efficiency on weights in [0, 1]
     * (BCT: weight_conversion(W, 'normalize') first).  Dividing every weight
     * by the largest multiplies every length, hence every distance, by it. */
    double wmax = 0;
    for (size_t k = 0; k < 2 * g->m_und; k++)
        wmax = g->und_w[k] > wmax ? g->und_w[k] : wmax;
    *e = tot / ((double)n * (double)(n - 1)) / wmax;
    return CTOME_OK;
}

/* ---- Betweenness (Brandes 2001) ----------------------------------------- */

/* Number of source blocks: fixed (not the thread count) so that the sum of
 * the block accumulators, taken in block order, is the same on any machine.
 * Memory: BLOCKS x n doubles. */
#define BETWEENNESS_BLOCKS 64

/* Add the dependencies of source s to acc[] (Brandes 2001, unweighted).
 * ws: dist (n int32, -1), queue (n int32), sigma (n double), delta (n double). */
static void brandes_source(const size_t *ptr, const int32_t *idx, int32_t s, int32_t *dist,
                           int32_t *queue, double *sigma, double *delta, double *acc)
{
    size_t head = 0, tail = 0;
    dist[s] = 0;
    sigma[s] = 1;
    queue[tail++] = s;
    while (head < tail) {
        int32_t u = queue[head++];
        for (size_t p = ptr[u]; p < ptr[u + 1]; p++) {
            int32_t v = idx[p];
            if (dist[v] < 0) {
                dist[v] = dist[u] + 1;
                sigma[v] = 0;
                queue[tail++] = v;
            }
            if (dist[v] == dist[u] + 1)
                sigma[v] += sigma[u];
        }
    }
    /* Back-propagation in reverse BFS order over successors: the same sums
     * as Brandes' predecessor lists, without storing them. */
    for (size_t i = tail; i-- > 0;) {
        int32_t v = queue[i];
        double d = 0;
        for (size_t p = ptr[v]; p < ptr[v + 1]; p++) {
            int32_t w = idx[p];
            if (dist[w] == dist[v] + 1)
                d += sigma[v] / sigma[w] * (1 + delta[w]);
        }
        delta[v] = d;
        if (v != s)
            acc[v] += d;
    }
    for (size_t i = 0; i < tail; i++)
        dist[queue[i]] = -1;
}

int ctome_betweenness(const ctome_graph *g, double *b)
{
    int rc = ctome_topo_need_vertices(g, "betweenness");
    if (rc)
        return rc;
    size_t n = g->n;
    size_t nb = n < BETWEENNESS_BLOCKS ? n : BETWEENNESS_BLOCKS;
    const size_t *ptr = g->directed ? g->out_ptr : g->und_ptr;
    const int32_t *idx = g->directed ? g->out_idx : g->und_idx;
    double *acc = calloc(nb * n, sizeof *acc);
    if (!acc)
        return ctome_error_nomem();
    int failed = 0;
#pragma omp parallel
    {
        int32_t *w = ctome_topo_bfs_ws(n);
        double *sd = malloc(2 * n * sizeof *sd);
        if (!w || !sd) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t blk = 0; blk < nb; blk++) {
            if (!w || !sd)
                continue;
            for (size_t s = blk * n / nb; s < (blk + 1) * n / nb; s++)
                brandes_source(ptr, idx, (int32_t)s, w, w + n, sd, sd + n, acc + blk * n);
        }
        free(w);
        free(sd);
    }
    if (failed) {
        free(acc);
        return ctome_error_nomem();
    }
    /* networkx normalised betweenness: / ((n-1)(n-2)) for directed and
     * undirected graphs alike (for undirected ones the sum over all sources
     * counts every pair twice, and (n-1)(n-2)/2 is the number of pairs). */
    double scale = n > 2 ? 1.0 / ((double)(n - 1) * (double)(n - 2)) : 1.0;
    for (size_t v = 0; v < n; v++) {
        double s = 0;
        for (size_t blk = 0; blk < nb; blk++)
            s += acc[blk * n + v];
        b[v] = s * scale;
    }
    free(acc);
    return CTOME_OK;
}

/* ---- Closeness ------------------------------------------------------------ */

int ctome_closeness(const ctome_graph *g, double *c)
{
    int rc = ctome_topo_need_vertices(g, "closeness");
    if (rc)
        return rc;
    size_t n = g->n;
    /* distances TO u: BFS from u on the reversed (in) view */
    const size_t *ptr = g->directed ? g->in_ptr : g->und_ptr;
    const int32_t *idx = g->directed ? g->in_idx : g->und_idx;
    int failed = 0;
#pragma omp parallel
    {
        int32_t *w = ctome_topo_bfs_ws(n);
        if (!w) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 8)
        for (size_t u = 0; u < n; u++) {
            if (!w)
                continue;
            size_t k =  ctome_topo_bfs(ptr, idx, (int32_t)u, w, w + n);
            uint64_t tot = 0;
            for (size_t i = 1; i < k; i++)
                tot += (uint64_t)w[w[n + i]];
            double r1 = (double)(k - 1);
            c[u] = (tot > 0 && n > 1) ? r1 / (double)tot * (r1 / (double)(n - 1)) : 0.0;
            ctome_topo_bfs_reset(w, w + n, k);
        }
        free(w);
    }
    if (failed)
        return ctome_error_nomem();
    return CTOME_OK;
}
