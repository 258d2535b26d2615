/* topology_nodes.c — the per-neuron table of `ctome stats --nodes` and
 * eigenvector centrality.  See topology.h. */
#include "topology_internal.h"
#include "error.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DENSE_MAX 1000

/* Leading eigenvector of the symmetric binary und adjacency by power
 * iteration on A + I (the shift avoids oscillation on bipartite graphs). */
static int eigvec_power(const ctome_graph *g, double *x)
{
    size_t n = g->n;
    double *y = malloc(n * sizeof *y);
    if (!y)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++)
        x[i] = 1.0 / sqrt((double)n);
    int ok = 0;
    for (int it = 0; it < 100000 && !ok; it++) {
        double nrm = 0;
        for (size_t u = 0; u < n; u++) {
            double s = x[u];
            for (size_t p = g->und_ptr[u]; p < g->und_ptr[u + 1]; p++)
                s += x[g->und_idx[p]];
            y[u] = s;
            nrm += s * s;
        }
        nrm = sqrt(nrm);
        double change = 0;
        for (size_t u = 0; u < n; u++) {
            double v = y[u] / nrm;
            change += fabs(v - x[u]);
            x[u] = v;
        }
        ok = change < 1e-13 * (double)n;
    }
    free(y);
    if (!ok)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "eigenvector centrality: power iteration did not converge (n = %zu)", n);
    return CTOME_OK;
}

int ctome_eigenvector_centrality(const ctome_graph *g, double *x)
{
    int rc = ctome_topo_need_edges(g, "eigenvector centrality");
    if (rc)
        return rc;
    size_t n = g->n;
    if (n > DENSE_MAX)
        return eigvec_power(g, x);
    double *a = calloc(n * n + 1, sizeof *a);
    if (!a)
        return ctome_error_nomem();
    for (size_t u = 0; u < n; u++)
        for (size_t p = g->und_ptr[u]; p < g->und_ptr[u + 1]; p++)
            a[u * n + (size_t)g->und_idx[p]] = 1;
    lapack_int found = 0, isuppz[2];
    double lambda;
    /* the largest eigenvalue only (il = iu = n); z is n x 1, row-major */
    lapack_int info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'I', 'U', (lapack_int)n, a, (lapack_int)n,
                                     0, 0, (lapack_int)n, (lapack_int)n, 0, &found, &lambda, x, 1,
                                     isuppz);
    free(a);
    if (info || found != 1)
        return ctome_error(CTOME_ELIB, NULL, 0, "eigenvector centrality: LAPACK dsyevr failed (info %d)",
                           (int)info);
    /* Perron vector: fix the sign so it is non-negative; clamp rounding
     * noise (-1e-17) on vertices outside the leading component to 0. */
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    double sign = sum < 0 ? -1 : 1;
    for (size_t i = 0; i < n; i++) {
        x[i] *= sign;
        if (x[i] < 0)
            x[i] = 0;
    }
    return CTOME_OK;
}

void ctome_node_table_free(ctome_node_table *t)
{
    if (!t)
        return;
    free(t->in_degree);
    free(t->out_degree);
    free(t->in_strength);
    free(t->out_strength);
    free(t->clustering);
    free(t->betweenness);
    free(t->closeness);
    free(t->eigenvector);
    free(t);
}

int ctome_node_table_compute(const ctome_graph *g, ctome_node_table **out)
{
    *out = NULL;
    int rc = ctome_topo_need_edges(g, "node table");
    if (rc)
        return rc;
    size_t n = g->n;
    ctome_node_table *t = calloc(1, sizeof *t);
    if (!t)
        return ctome_error_nomem();
    t->n = n;
    t->in_degree = malloc(n * sizeof *t->in_degree);
    t->out_degree = malloc(n * sizeof *t->out_degree);
    t->in_strength = malloc(n * sizeof *t->in_strength);
    t->out_strength = malloc(n * sizeof *t->out_strength);
    t->clustering = malloc(n * sizeof *t->clustering);
    t->betweenness = malloc(n * sizeof *t->betweenness);
    t->closeness = malloc(n * sizeof *t->closeness);
    t->eigenvector = malloc(n * sizeof *t->eigenvector);
    if (!t->in_degree || !t->out_degree || !t->in_strength || !t->out_strength || !t->clustering ||
        !t->betweenness || !t->closeness || !t->eigenvector) {
        ctome_node_table_free(t);
        return ctome_error_nomem();
    }
    for (size_t u = 0; u < n; u++) {
        t->out_degree[u] = (int32_t)(g->out_ptr[u + 1] - g->out_ptr[u]);
        t->in_degree[u] = (int32_t)(g->in_ptr[u + 1] - g->in_ptr[u]);
        double so = 0, si = 0;
        for (size_t p = g->out_ptr[u]; p < g->out_ptr[u + 1]; p++)
            so += g->out_w[p];
        for (size_t p = g->in_ptr[u]; p < g->in_ptr[u + 1]; p++)
            si += g->in_w[p];
        t->out_strength[u] = so;
        t->in_strength[u] = si;
    }
    rc = ctome_local_clustering(g, 0, t->clustering);
    if (!rc)
        rc = ctome_betweenness(g, t->betweenness);
    if (!rc)
        rc = ctome_closeness(g, t->closeness);
    if (!rc)
        rc = ctome_eigenvector_centrality(g, t->eigenvector);
    if (rc) {
        ctome_node_table_free(t);
        return rc;
    }
    *out = t;
    return CTOME_OK;
}
