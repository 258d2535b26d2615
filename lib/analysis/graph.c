#include "graph.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    int32_t a, b;
    double w;
} arc;

static int arc_cmp(const void *x, const void *y)
{
    const arc *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return 0;
}

/* Sort arcs and sum repeats; returns the new count. */
static size_t sort_merge(arc *v, size_t n)
{
    if (n < 2)
        return n;
    qsort(v, n, sizeof *v, arc_cmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && v[k - 1].a == v[i].a && v[k - 1].b == v[i].b)
            v[k - 1].w += v[i].w;
        else
            v[k++] = v[i];
    }
    return k;
}

/* CSR of sorted arcs keyed by a (or by b when `by_b`). */
static int csr(size_t n, const arc *v, size_t m, int by_b, size_t **ptr, int32_t **idx, double **w)
{
    *ptr = calloc(n + 1, sizeof **ptr);
    *idx = malloc((m ? m : 1) * sizeof **idx);
    *w = malloc((m ? m : 1) * sizeof **w);
    if (!*ptr || !*idx || !*w)
        return ctome_error_nomem();
    for (size_t i = 0; i < m; i++)
        (*ptr)[(by_b ? v[i].b : v[i].a) + 1]++;
    for (size_t i = 0; i < n; i++)
        (*ptr)[i + 1] += (*ptr)[i];
    size_t *fill = malloc((n ? n : 1) * sizeof *fill);
    if (!fill)
        return ctome_error_nomem();
    memcpy(fill, *ptr, n * sizeof *fill);
    /* v is sorted by (a, b); for the in-view, visiting in that order fills
     * each list in increasing a, so the lists come out sorted too. */
    for (size_t i = 0; i < m; i++) {
        int32_t key = by_b ? v[i].b : v[i].a, other = by_b ? v[i].a : v[i].b;
        size_t at = fill[key]++;
        (*idx)[at] = other;
        (*w)[at] = v[i].w;
    }
    free(fill);
    return CTOME_OK;
}

/* Fill every view from deduplicated arcs (both directions present for
 * undirected graphs). */
static int build(ctome_graph *g, arc *v, size_t m)
{
    g->m = m;
    int rc = csr(g->n, v, m, 0, &g->out_ptr, &g->out_idx, &g->out_w);
    if (!rc)
        rc = csr(g->n, v, m, 1, &g->in_ptr, &g->in_idx, &g->in_w);
    if (rc)
        return rc;
    /* Undirected view: each arc in both orientations, merged by summing for
     * directed graphs; undirected graphs already hold both, each once. */
    size_t k = g->directed ? 2 * m : m;
    arc *u = malloc((k ? k : 1) * sizeof *u);
    if (!u)
        return ctome_error_nomem();
    for (size_t i = 0; i < m; i++) {
        u[i] = v[i];
        if (g->directed)
            u[m + i] = (arc){v[i].b, v[i].a, v[i].w};
    }
    k = g->directed ? sort_merge(u, k) : k;
    g->m_und = k / 2;
    rc = csr(g->n, u, k, 0, &g->und_ptr, &g->und_idx, &g->und_w);
    free(u);
    return rc;
}

int ctome_graph_from_edges(size_t n, const int32_t *src, const int32_t *dst, const double *w,
                           size_t m, int directed, ctome_graph **out)
{
    *out = NULL;
    ctome_graph *g = calloc(1, sizeof *g);
    arc *v = malloc((2 * m + 1) * sizeof *v);
    if (!g || !v) {
        free(g);
        free(v);
        return ctome_error_nomem();
    }
    g->n = n;
    g->directed = directed;
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        if (src[i] < 0 || dst[i] < 0 || (size_t)src[i] >= n || (size_t)dst[i] >= n) {
            free(v);
            ctome_graph_free(g);
            return ctome_error(CTOME_EINVAL, NULL, 0, "edge %zu: vertex out of range", i);
        }
        double wi = w ? w[i] : 1.0;
        if (src[i] == dst[i] || wi == 0)
            continue;
        v[k++] = (arc){src[i], dst[i], wi};
        if (!directed)
            v[k++] = (arc){dst[i], src[i], wi};
    }
    if (directed) {
        k = sort_merge(v, k);
    } else {
        /* An undirected pair listed several times: the larger listing (the
         * same rule as ctome_connectome_finalise). */
        qsort(v, k, sizeof *v, arc_cmp);
        size_t j = 0;
        for (size_t i = 0; i < k; i++) {
            if (j && v[j - 1].a == v[i].a && v[j - 1].b == v[i].b) {
                if (v[i].w > v[j - 1].w)
                    v[j - 1].w = v[i].w;
            } else {
                v[j++] = v[i];
            }
        }
        k = j;
    }
    int rc = build(g, v, k);
    free(v);
    if (rc) {
        ctome_graph_free(g);
        return rc;
    }
    *out = g;
    return CTOME_OK;
}

int ctome_graph_from_layer(const ctome_connectome *c, const char *layer, const ctome_graph_opts *o,
                           ctome_graph **out)
{
    static const ctome_graph_opts defaults;
    if (!o)
        o = &defaults;
    *out = NULL;
    ctome_layer_view v;
    int rc = ctome_layer_view_open(c, layer, o->scope, &v);
    if (rc)
        return rc;
    const ctome_layer *l = v.layer;
    int *vid = malloc((c->n_nodes ? c->n_nodes : 1) * sizeof *vid);
    if (!vid) {
        ctome_layer_view_close(&v);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < c->n_nodes; i++)
        vid[i] = o->keep_isolated && ctome_view_node_in_scope(c, &v, (int)i) ? 0 : -1;
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        if (e->src == e->dst || e->w == 0 || !ctome_view_node_in_scope(c, &v, e->src) ||
            !ctome_view_node_in_scope(c, &v, e->dst))
            continue;
        vid[e->src] = vid[e->dst] = 0;
        m++;
    }
    size_t n = 0;
    for (size_t i = 0; i < c->n_nodes; i++)
        if (vid[i] == 0)
            vid[i] = (int)n++;
    int32_t *s = malloc((m ? m : 1) * sizeof *s), *d = malloc((m ? m : 1) * sizeof *d);
    double *w = malloc((m ? m : 1) * sizeof *w);
    int *node = malloc((n ? n : 1) * sizeof *node);
    rc = s && d && w && node ? CTOME_OK : ctome_error_nomem();
    size_t k = 0;
    for (size_t i = 0; !rc && i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        if (e->src == e->dst || e->w == 0 || vid[e->src] < 0 || vid[e->dst] < 0)
            continue;
        s[k] = vid[e->src];
        d[k] = vid[e->dst];
        w[k++] = e->w;
    }
    for (size_t i = 0; !rc && i < c->n_nodes; i++)
        if (vid[i] >= 0)
            node[vid[i]] = (int)i;
    ctome_graph *g = NULL;
    if (!rc)
        rc = ctome_graph_from_edges(n, s, d, w, k, l->directed, &g);
    free(s);
    free(d);
    free(w);
    free(vid);
    if (rc) {
        free(node);
        ctome_layer_view_close(&v);
        return rc;
    }
    g->node = node;
    g->scope = v.scope;
    g->scope_auto = v.automatic;
    ctome_layer_view_close(&v);
    *out = g;
    return CTOME_OK;
}

void ctome_graph_free(ctome_graph *g)
{
    if (!g)
        return;
    free(g->node);
    free(g->out_ptr);
    free(g->out_idx);
    free(g->out_w);
    free(g->in_ptr);
    free(g->in_idx);
    free(g->in_w);
    free(g->und_ptr);
    free(g->und_idx);
    free(g->und_w);
    free(g);
}

int ctome_graph_edges(const ctome_graph *g, int32_t **src, int32_t **dst, double **w, size_t *m)
{
    size_t k = g->directed ? g->m : g->m_und;
    *src = malloc((k ? k : 1) * sizeof **src);
    *dst = malloc((k ? k : 1) * sizeof **dst);
    *w = malloc((k ? k : 1) * sizeof **w);
    if (!*src || !*dst || !*w) {
        free(*src);
        free(*dst);
        free(*w);
        return ctome_error_nomem();
    }
    size_t j = 0;
    for (size_t u = 0; u < g->n; u++)
        for (size_t p = g->out_ptr[u]; p < g->out_ptr[u + 1]; p++) {
            if (!g->directed && g->out_idx[p] < (int32_t)u)
                continue;
            (*src)[j] = (int32_t)u;
            (*dst)[j] = g->out_idx[p];
            (*w)[j++] = g->out_w[p];
        }
    *m = j;
    return CTOME_OK;
}

int ctome_graph_undirected(const ctome_graph *g, int weighted, ctome_graph **out)
{
    *out = NULL;
    size_t m = g->m_und;
    int32_t *s = calloc(m ? m : 1, sizeof *s);
    int32_t *d = calloc(m ? m : 1, sizeof *d);
    double *w = calloc(m ? m : 1, sizeof *w);
    int *node = NULL;
    if (g->node)
        node = malloc((g->n ? g->n : 1) * sizeof *node);
    int rc = s && d && w && (node || !g->node) ? CTOME_OK : ctome_error_nomem();
    size_t k = 0;
    for (size_t v = 0; !rc && v < g->n; v++)
        for (size_t e = g->und_ptr[v]; e < g->und_ptr[v + 1]; e++)
            if ((size_t)g->und_idx[e] > v) {
                s[k] = (int32_t)v;
                d[k] = g->und_idx[e];
                w[k++] = weighted ? g->und_w[e] : 1.0;
            }
    if (!rc)
        rc = ctome_graph_from_edges(g->n, s, d, w, k, 0, out);
    if (!rc && node) {
        memcpy(node, g->node, g->n * sizeof *node);
        (*out)->node = node;
        node = NULL;
    }
    free(s);
    free(d);
    free(w);
    free(node);
    return rc;
}

/* Lower bound of v in the sorted idx[lo, hi). */
static size_t lower_bound(const int32_t *idx, size_t lo, size_t hi, int32_t v)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (idx[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int ctome_graph_has_arc(const ctome_graph *g, int32_t u, int32_t v, double *w)
{
    size_t hi = g->out_ptr[u + 1], p = lower_bound(g->out_idx, g->out_ptr[u], hi, v);
    if (p >= hi || g->out_idx[p] != v)
        return 0;
    if (w)
        *w = g->out_w[p];
    return 1;
}

int ctome_graph_adjacent(const ctome_graph *g, int32_t u, int32_t v)
{
    size_t hi = g->und_ptr[u + 1], p = lower_bound(g->und_idx, g->und_ptr[u], hi, v);
    return p < hi && g->und_idx[p] == v;
}
