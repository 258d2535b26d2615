/* topology.c — global measures that need no path search or triangle count:
 * density, reciprocity, degree assortativity, spectral radius, bilateral
 * symmetry; and ctome_topology_compute, which fills the whole struct.
 * See topology.h. */
#include "topology_internal.h"
#include "error.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Largest n for the dense (exact, LAPACK) eigenvalue path; above it the
 * O(n^2) matrix would not fit comfortably and power iteration is used. */
#define DENSE_MAX 1000

double ctome_density(const ctome_graph *g)
{
    if (!g || g->n < 2)
        return 0;
    double pairs = (double)g->n * (double)(g->n - 1);
    return g->directed ? (double)g->m / pairs : 2.0 * (double)g->m_und / pairs;
}

double ctome_reciprocity(const ctome_graph *g)
{
    if (!g || !g->directed)
        return 1;
    if (g->m == 0)
        return 0;
    /* m arcs fall into m_und pairs; a pair with two arcs contributes two
     * reciprocated arcs, and there are m - m_und such pairs. */
    return 2.0 * (double)(g->m - g->m_und) / (double)g->m;
}

int ctome_assortativity(const ctome_graph *g, double *r)
{
    *r = NAN;
    int rc = ctome_topo_need_edges(g, "degree assortativity");
    if (rc)
        return rc;
    /* Newman 2002 eq. (4) over both orientations of every edge, which makes
     * the two end-degree distributions identical (symmetric form). */
    double sjk = 0, sj = 0, sj2 = 0;
    for (size_t u = 0; u < g->n; u++) {
        double du = (double)(g->und_ptr[u + 1] - g->und_ptr[u]);
        for (size_t p = g->und_ptr[u]; p < g->und_ptr[u + 1]; p++) {
            int32_t v = g->und_idx[p];
            double dv = (double)(g->und_ptr[v + 1] - g->und_ptr[v]);
            sjk += du * dv;
            sj += du;
            sj2 += du * du;
        }
    }
    double m2 = 2.0 * (double)g->m_und;
    double mean = sj / m2, var = sj2 / m2 - mean * mean, cov = sjk / m2 - mean * mean;
    /* a regular graph (all ends of one degree): r is 0/0, NaN as networkx */
    *r = var > 1e-12 * (sj2 / m2) ? cov / var : NAN;
    return CTOME_OK;
}

/* Strongly connected components of the out view (Tarjan 1972 SIAM J
 * Comput 1:146, with an explicit stack): comp[v] in 0..*nc-1.  Workspace:
 * 4 n int32 + n cursors. */
static void scc(const ctome_graph *g, int32_t *comp, size_t *nc, int32_t *wk, size_t *cursor)
{
    size_t n = g->n;
    int32_t *index = wk, *low = wk + n, *stack = wk + 2 * n, *path = wk + 3 * n;
    for (size_t v = 0; v < n; v++) {
        index[v] = -1;
        comp[v] = -1;
    }
    int32_t counter = 0, sp = 0, pp = 0, ncomp = 0;
    for (size_t r = 0; r < n; r++) {
        if (index[r] >= 0)
            continue;
        path[pp++] = (int32_t)r;
        index[r] = low[r] = counter++;
        cursor[r] = g->out_ptr[r];
        stack[sp++] = (int32_t)r;
        while (pp) {
            int32_t v = path[pp - 1];
            int descended = 0;
            while (cursor[v] < g->out_ptr[v + 1]) {
                int32_t w = g->out_idx[cursor[v]++];
                if (index[w] < 0) {
                    index[w] = low[w] = counter++;
                    cursor[w] = g->out_ptr[w];
                    stack[sp++] = w;
                    path[pp++] = w;
                    descended = 1;
                    break;
                }
                if (comp[w] < 0 && index[w] < low[v])   /* w still on the stack */
                    low[v] = index[w];
            }
            if (descended)
                continue;
            /* v is finished: fold into its parent; a root pops a component */
            pp--;
            if (pp && low[v] < low[path[pp - 1]])
                low[path[pp - 1]] = low[v];
            if (low[v] == index[v]) {
                int32_t w;
                do {
                    w = stack[--sp];
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
        }
    }
    *nc = (size_t)ncomp;
}

/* Perron root of one strongly connected component by power iteration on
 * A_C + I with the Collatz-Wielandt bracket: for x > 0,
 *   min_i ((A+I)x)_i / x_i <= rho(A) + 1 <= max_i ((A+I)x)_i / x_i
 * (Horn & Johnson, Matrix Analysis, 8.1.26); A_C irreducible makes A_C + I
 * primitive, so x converges to the Perron vector and the bracket closes.
 * Stops when its width is <= 1e-12 relative.  Returns 0 on success, -1
 * when 100000 steps did not close it. */
static int perron_scc(const ctome_graph *g, const int32_t *comp, int32_t c, const int32_t *mem,
                      size_t k, double *x, double *y, double *rho)
{
    for (size_t i = 0; i < k; i++)
        x[mem[i]] = 1;
    for (int it = 0; it < 100000; it++) {
        double lo = INFINITY, hi = 0, mx = 0;
        for (size_t i = 0; i < k; i++) {
            int32_t u = mem[i];
            double s = x[u];
            for (size_t p = g->out_ptr[u]; p < g->out_ptr[u + 1]; p++) {
                int32_t v = g->out_idx[p];
                if (comp[v] == c)
                    s += x[v];
            }
            y[u] = s;
            double r = s / x[u];
            lo = r < lo ? r : lo;
            hi = r > hi ? r : hi;
            mx = s > mx ? s : mx;
        }
        if (hi - lo <= 1e-12 * hi) {
            *rho = 0.5 * (lo + hi) - 1;
            return 0;
        }
        for (size_t i = 0; i < k; i++)
            x[mem[i]] = y[mem[i]] / mx;
    }
    return -1;
}

/* Spectral radius as the largest Perron root over the strongly connected
 * components (the eigenvalues of a reducible matrix are those of its
 * diagonal blocks in Frobenius normal form).  *ok = 0 when some component
 * did not converge. */
static int spectral_scc(const ctome_graph *g, double *rho, int *ok)
{
    size_t n = g->n, nc = 0;
    int32_t *wk = malloc(7 * n * sizeof *wk);
    double *xy = malloc(2 * n * sizeof *xy);
    size_t *cursor = malloc(n * sizeof *cursor);
    if (!wk || !xy || !cursor) {
        free(wk);
        free(xy);
        free(cursor);
        return ctome_error_nomem();
    }
    int32_t *comp = wk + 4 * n, *order = wk + 5 * n, *start = wk + 6 * n;
    scc(g, comp, &nc, wk, cursor);
    free(cursor);
    /* members of each component, contiguous (counting sort by comp) */
    memset(start, 0, n * sizeof *start);
    for (size_t v = 0; v < n; v++)
        if ((size_t)comp[v] + 1 < n)
            start[comp[v] + 1]++;
    for (size_t c = 1; c < nc; c++)
        start[c] += start[c - 1];
    for (size_t v = 0; v < n; v++)
        order[start[comp[v]]++] = (int32_t)v;
    /* start[c] is now the end of c; walk the components in order */
    double best = 0;
    *ok = 1;
    size_t b = 0;
    for (size_t c = 0; c < nc && *ok; c++) {
        size_t e = (size_t)start[c], k = e - b;
        if (k >= 2) {
            double r;
            if (perron_scc(g, comp, (int32_t)c, order + b, k, xy, xy + n, &r))
                *ok = 0;
            else if (r > best)
                best = r;
        }
        b = e;
    }
    free(wk);
    free(xy);
    *rho = best;
    return CTOME_OK;
}

/* Exact, from LAPACK on the dense binary adjacency. */
static int spectral_dense(const ctome_graph *g, double *rho)
{
    size_t n = g->n;
    double *a = calloc(n * n + 3 * n, sizeof *a);
    if (!a)
        return ctome_error_nomem();
    for (size_t u = 0; u < n; u++)
        for (size_t p = g->out_ptr[u]; p < g->out_ptr[u + 1]; p++)
            a[u * n + (size_t)g->out_idx[p]] = 1;
    double *wr = a + n * n, *wi = wr + n;
    lapack_int info;
    if (!g->directed) {
        /* symmetric, non-negative: the largest eigenvalue is the Perron root
         * and dominates |lambda_min| */
        lapack_int found = 0, isuppz[2];
        double z = 0;
        info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'N', 'I', 'U', (lapack_int)n, a, (lapack_int)n, 0, 0,
                              (lapack_int)n, (lapack_int)n, 0, &found, wr, &z, 1, isuppz);
        if (!info)
            *rho = wr[0];
    } else {
        info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)n, a, (lapack_int)n, wr, wi,
                             NULL, 1, NULL, 1);
        if (!info) {
            double best = 0;
            for (size_t i = 0; i < n; i++) {
                double r = hypot(wr[i], wi[i]);
                if (r > best)
                    best = r;
            }
            *rho = best;
        }
    }
    free(a);
    if (info)
        return ctome_error(CTOME_ELIB, NULL, 0, "spectral radius: LAPACK %s failed (info %d)",
                           g->directed ? "dgeev" : "dsyevr", (int)info);
    return CTOME_OK;
}

int ctome_spectral_radius(const ctome_graph *g, double *rho)
{
    *rho = NAN;
    int rc = ctome_topo_need_edges(g, "spectral radius");
    if (rc)
        return rc;
    int ok;
    rc = spectral_scc(g, rho, &ok);
    if (rc || ok)
        return rc;
    if (g->n <= DENSE_MAX)
        return spectral_dense(g, rho);
    *rho = NAN;
    return ctome_error(CTOME_EVALUE, NULL, 0,
                       "spectral radius: power iteration did not converge in 100000 steps "
                       "(n = %zu)", g->n);
}

int ctome_bilateral_symmetry(const ctome_connectome *c, const ctome_graph *g, double *s)
{
    *s = NAN;
    if (!c || !g || !g->node)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "bilateral symmetry: needs the connectome the graph was built from");
    if (!c->reg)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "bilateral symmetry: connectome '%s' has no neuron registry", c->id);
    int rc = ctome_topo_need_edges(g, "bilateral symmetry");
    if (rc)
        return rc;
    size_t n = g->n;
    int32_t *vof = malloc((c->n_nodes ? c->n_nodes : 1) * sizeof *vof);
    int32_t *mir = malloc(n * sizeof *mir);
    if (!vof || !mir) {
        free(vof);
        free(mir);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < c->n_nodes; i++)
        vof[i] = -1;
    for (size_t v = 0; v < n; v++)
        vof[g->node[v]] = (int32_t)v;
    /* mirror vertex of each vertex: -1 when the partner cell is not in g */
    for (size_t v = 0; v < n; v++) {
        const ctome_node *nd = &c->nodes[g->node[v]];
        mir[v] = (int32_t)v;
        if (nd->reg < 0)
            continue;
        int p = ctome_registry_neuron(c->reg, (size_t)nd->reg)->partner;
        if (p < 0)
            continue;
        int node = ctome_connectome_find(c, ctome_registry_neuron(c->reg, (size_t)p)->name);
        mir[v] = node >= 0 ? vof[node] : -1;
    }
    size_t edges = 0, mirrored = 0;
    for (size_t u = 0; u < n; u++)
        for (size_t p = g->out_ptr[u]; p < g->out_ptr[u + 1]; p++) {
            int32_t v = g->out_idx[p];
            if (!g->directed && v < (int32_t)u)
                continue;   /* undirected pairs once */
            edges++;
            int32_t a = mir[u], b = mir[v];
            if (a >= 0 && b >= 0 && ctome_graph_has_arc(g, a, b, NULL))
                mirrored++;
        }
    free(vof);
    free(mir);
    *s = (double)mirrored / (double)edges;
    return CTOME_OK;
}

/* Weighted measures of a signed layer are undefined, not errors: report NaN
 * and keep the binary set (the error message is dropped on purpose). */
static double weighted_or_nan(int rc, double v)
{
    if (rc == CTOME_EVALUE) {
        ctome_error_clear();
        return NAN;
    }
    return v;
}

int ctome_topology_compute(const ctome_connectome *c, const ctome_graph *g, ctome_topology *t)
{
    return ctome_topology_compute_sampled(c, g, 0, 0, t);
}

/* Path measures: exact, or estimated from sampled sources. */
static int topology_paths(const ctome_graph *g, size_t path_sources, uint64_t seed, ctome_topology *t)
{
    t->path_seed = seed;
    if (path_sources) {
        ctome_path_sample ps;
        int weighted = ctome_topo_positive_weights(g, "weighted global efficiency") == CTOME_OK;
        ctome_error_clear();
        int rc = ctome_path_stats_sampled(g, path_sources, seed, weighted, &ps);
        if (rc)
            return rc;
        t->path_sources = ps.sources;
        t->path_sources_lcc = ps.sources_lcc;
        t->n_lcc = ps.n_lcc;
        t->char_path_length = ps.l;
        t->char_path_length_ci[0] = ps.l_lo;
        t->char_path_length_ci[1] = ps.l_hi;
        t->global_efficiency = ps.e;
        t->global_efficiency_ci[0] = ps.e_lo;
        t->global_efficiency_ci[1] = ps.e_hi;
        t->global_efficiency_weighted = ps.ew;
        t->global_efficiency_weighted_ci[0] = ps.ew_lo;
        t->global_efficiency_weighted_ci[1] = ps.ew_hi;
        int32_t *comp = malloc(g->n * sizeof *comp);
        rc = comp ? ctome_components(g, comp, &t->n_components) : ctome_error_nomem();
        free(comp);
        return rc;
    }
    int rc = ctome_path_stats(g, &t->char_path_length, &t->global_efficiency, &t->n_lcc);
    if (!rc) {
        int32_t *comp = malloc(g->n * sizeof *comp);
        rc = comp ? ctome_components(g, comp, &t->n_components) : ctome_error_nomem();
        free(comp);
    }
    if (!rc) {
        double v = NAN;
        int r = ctome_global_efficiency(g, 1, &v);
        t->global_efficiency_weighted = weighted_or_nan(r, v);
        if (r && r != CTOME_EVALUE)
            rc = r;
    }
    t->char_path_length_ci[0] = t->char_path_length_ci[1] = t->char_path_length;
    t->global_efficiency_ci[0] = t->global_efficiency_ci[1] = t->global_efficiency;
    t->global_efficiency_weighted_ci[0] = t->global_efficiency_weighted_ci[1] = t->global_efficiency_weighted;
    return rc;
}

int ctome_topology_compute_sampled(const ctome_connectome *c, const ctome_graph *g, size_t path_sources,
                                   uint64_t seed, ctome_topology *t)
{
    memset(t, 0, sizeof *t);
    int rc = ctome_topo_need_edges(g, "topology");
    if (rc)
        return rc;
    t->n_nodes = g->n;
    t->directed = g->directed;
    t->n_edges = g->directed ? g->m : g->m_und;
    t->density = ctome_density(g);
    t->reciprocity = ctome_reciprocity(g);
    ctome_topology_ws *ws = NULL;
    rc = ctome_topology_ws_new(g->n, g->m_und, &ws);
    if (!rc)
        rc = ctome_triangles_csr(g->n, g->und_ptr, g->und_idx, ws, &t->triangles, NULL);
    if (!rc)
        rc = ctome_transitivity_ws(g, ws, &t->transitivity);
    if (!rc) {
        t->rich_club = malloc(g->n * sizeof *t->rich_club);
        rc = t->rich_club ? ctome_rich_club_ws(g, ws, t->rich_club, &t->rich_club_n)
                          : ctome_error_nomem();
    }
    ctome_topology_ws_free(ws);
    if (!rc)
        rc = ctome_average_clustering(g, 0, &t->average_clustering);
    if (!rc) {
        double v = NAN;
        int r = ctome_average_clustering(g, 1, &v);
        t->average_clustering_weighted = weighted_or_nan(r, v);
        if (r && r != CTOME_EVALUE)
            rc = r;
    }
    if (!rc)
        rc = topology_paths(g, path_sources, seed, t);
    if (!rc)
        rc = ctome_assortativity(g, &t->degree_assortativity);
    if (!rc)
        rc = ctome_spectral_radius(g, &t->spectral_radius);
    t->bilateral_symmetry = NAN;
    if (!rc && c && c->reg && g->node)
        rc = ctome_bilateral_symmetry(c, g, &t->bilateral_symmetry);
    if (rc)
        ctome_topology_clear(t);
    return rc;
}

void ctome_topology_clear(ctome_topology *t)
{
    if (!t)
        return;
    free(t->rich_club);
    t->rich_club = NULL;
    t->rich_club_n = 0;
}
