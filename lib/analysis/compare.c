/* compare.c — connectomes compared edge by edge over neurons matched by name
 * (compare.h). */
#include "compare.h"
#include "rsa.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "io.h"

/* One connectome's neuron edges as sorted keys over the union name ids. */
typedef struct {
    uint64_t *key;      /* (u << 32) | v, u, v = union name ids */
    double *w;
    size_t m;
} edge_set;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_key(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* An edge of the comparison: not a self-loop, both ends in the view's scope. */
static int is_neuron_edge(const ctome_connectome *c, const ctome_layer_view *v, const ctome_edge *e)
{
    return e->src != e->dst && e->w != 0 && ctome_view_node_in_scope(c, v, e->src) &&
           ctome_view_node_in_scope(c, v, e->dst);
}

static int32_t name_id(char **names, size_t n, const char *s)
{
    char **hit = bsearch(&s, names, n, sizeof *names, cmp_str);
    return hit ? (int32_t)(hit - names) : -1;
}

/* The union of the names of present neurons, sorted and unique (borrowed
 * pointers into the connectomes). */
static int union_names(const ctome_connectome *const *c, const ctome_layer_view *vw, size_t n,
                       char ***out, size_t *n_out)
{
    size_t cap = 0;
    for (size_t k = 0; k < n; k++)
        cap += 2 * vw[k].layer->n;
    char **v = malloc((cap ? cap : 1) * sizeof *v);
    if (!v)
        return ctome_error_nomem();
    size_t m = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < vw[k].layer->n; i++) {
            const ctome_edge *e = &vw[k].layer->e[i];
            if (!is_neuron_edge(c[k], &vw[k], e))
                continue;
            v[m++] = c[k]->nodes[e->src].name;
            v[m++] = c[k]->nodes[e->dst].name;
        }
    qsort(v, m, sizeof *v, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || strcmp(v[u - 1], v[i]) != 0)
            v[u++] = v[i];
    *out = v;
    *n_out = u;
    return CTOME_OK;
}

typedef struct {
    uint64_t key;
    double w;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    return cmp_key(&((const keyed *)a)->key, &((const keyed *)b)->key);
}

static int build_set(const ctome_connectome *c, const ctome_layer_view *vw, char **names, size_t nn,
                     edge_set *s)
{
    const ctome_layer *l = vw->layer;
    keyed *t = malloc((l->n ? l->n : 1) * sizeof *t);
    if (!t)
        return ctome_error_nomem();
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        if (!is_neuron_edge(c, vw, e))
            continue;
        uint64_t u = (uint64_t)name_id(names, nn, c->nodes[e->src].name);
        uint64_t v = (uint64_t)name_id(names, nn, c->nodes[e->dst].name);
        if (!l->directed && u > v) {
            uint64_t x = u;
            u = v;
            v = x;
        }
        t[m].key = u << 32 | v;
        t[m++].w = e->w;
    }
    /* Two nodes can share a canonical name only if a reader bypassed the
     * normaliser; merge such repeats by summing so the set stays a set. */
    qsort(t, m, sizeof *t, cmp_keyed);
    s->key = malloc((m ? m : 1) * sizeof *s->key);
    s->w = malloc((m ? m : 1) * sizeof *s->w);
    if (!s->key || !s->w) {
        free(t);
        return ctome_error_nomem();
    }
    size_t u = 0;
    for (size_t i = 0; i < m; i++) {
        if (u > 0 && s->key[u - 1] == t[i].key) {
            s->w[u - 1] += t[i].w;
            continue;
        }
        s->key[u] = t[i].key;
        s->w[u++] = t[i].w;
    }
    s->m = u;
    free(t);
    return CTOME_OK;
}

double ctome_pearson(const double *x, const double *y, size_t n)
{
    if (n < 2)
        return NAN;
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0 || syy == 0)
        return NAN;
    return sxy / sqrt(sxx * syy);
}

int ctome_spearman(const double *x, const double *y, size_t n, double *rho)
{
    *rho = NAN;
    if (n < 2)
        return CTOME_OK;
    double *rx = malloc(2 * n * sizeof *rx);
    if (!rx)
        return ctome_error_nomem();
    /* Mid-ranks for ties (scipy rankdata 'average'), one ranking for all of libctome. */
    int rc = ctome_rsa_rank(n, x, rx);
    if (!rc)
        rc = ctome_rsa_rank(n, y, rx + n);
    if (!rc)
        *rho = ctome_pearson(rx, rx + n, n);
    free(rx);
    return rc;
}

/* Present neurons of a set: a bitmap over the union ids; returns the count. */
static size_t mark_present(const edge_set *s, unsigned char *present, size_t nn)
{
    memset(present, 0, nn);
    for (size_t i = 0; i < s->m; i++) {
        present[s->key[i] >> 32] = 1;
        present[s->key[i] & 0xffffffffu] = 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < nn; i++)
        k += present[i];
    return k;
}

static int compare_pair(const edge_set *a, const edge_set *b, unsigned char *pa, unsigned char *pb,
                        size_t nn, double *wa, double *wb, ctome_compare_pair *p)
{
    size_t i = 0, j = 0, s = 0;
    while (i < a->m && j < b->m) {
        if (a->key[i] < b->key[j]) {
            i++;
        } else if (a->key[i] > b->key[j]) {
            j++;
        } else {
            wa[s] = a->w[i++];
            wb[s++] = b->w[j++];
        }
    }
    p->edges_a = a->m;
    p->edges_b = b->m;
    p->shared = s;
    p->lost = a->m - s;
    p->gained = b->m - s;
    p->jaccard = (double)s / (double)(a->m + b->m - s);
    p->pearson = ctome_pearson(wa, wb, s);
    p->neurons_a = mark_present(a, pa, nn);
    p->neurons_b = mark_present(b, pb, nn);
    p->neurons_shared = 0;
    for (size_t k = 0; k < nn; k++)
        p->neurons_shared += pa[k] && pb[k];
    return ctome_spearman(wa, wb, s, &p->spearman);
}

static void degrees(const edge_set *s, size_t nn, size_t n_conn, size_t k, int directed,
                    unsigned char *present, double *in, double *out)
{
    mark_present(s, present, nn);
    for (size_t i = 0; i < nn; i++) {
        in[i * n_conn + k] = present[i] ? 0.0 : NAN;
        out[i * n_conn + k] = present[i] ? 0.0 : NAN;
    }
    for (size_t e = 0; e < s->m; e++) {
        size_t u = s->key[e] >> 32, v = s->key[e] & 0xffffffffu;
        out[u * n_conn + k] += 1;
        in[v * n_conn + k] += 1;
        if (!directed) {
            out[v * n_conn + k] += 1;
            in[u * n_conn + k] += 1;
        }
    }
}

/* One layer view per connectome (connectome.h: layer or union, node scope),
 * all with the same direction and the same resolved scope. */
static int check_layers(const ctome_connectome *const *c, size_t n, const char *layer,
                        ctome_scope scope, ctome_layer_view *v)
{
    for (size_t k = 0; k < n; k++) {
        int rc = ctome_layer_view_open(c[k], layer, scope, &v[k]);
        if (rc)
            return rc;
        if (v[k].layer->directed != v[0].layer->directed)
            return ctome_error(CTOME_EVALUE, c[k]->id, 0,
                               "layer '%s' is %s here but %s in %s: cannot compare", layer,
                               v[k].layer->directed ? "directed" : "undirected",
                               v[0].layer->directed ? "directed" : "undirected", c[0]->id);
        if (v[k].scope != v[0].scope) {
            size_t a = v[k].automatic ? k : 0, b = v[k].automatic ? 0 : k;
            return ctome_error(CTOME_EVALUE, c[a]->id, 0,
                               "layer '%s' has no edge between neurons, so its automatic node scope is "
                               "'all', but %s's is 'neurons': set one node scope for all", layer,
                               c[b]->id);
        }
    }
    return CTOME_OK;
}

void ctome_comparison_clear(ctome_comparison *cmp)
{
    if (!cmp)
        return;
    for (size_t k = 0; cmp->ids && k < cmp->n_conn; k++)
        free(cmp->ids[k]);
    for (size_t i = 0; cmp->neurons && i < cmp->n_neurons; i++)
        free(cmp->neurons[i]);
    free(cmp->ids);
    free(cmp->layer);
    free(cmp->pairs);
    free(cmp->neurons);
    free(cmp->in_degree);
    free(cmp->out_degree);
    memset(cmp, 0, sizeof *cmp);
}

int ctome_compare(const ctome_connectome *const *c, size_t n, const char *layer,
                  ctome_comparison *out)
{
    return ctome_compare_scoped(c, n, layer, CTOME_SCOPE_AUTO, out);
}

int ctome_compare_scoped(const ctome_connectome *const *c, size_t n, const char *layer,
                         ctome_scope scope, ctome_comparison *out)
{
    memset(out, 0, sizeof *out);
    if (n < 2)
        return ctome_error(CTOME_EINVAL, NULL, 0, "compare needs at least 2 connectomes, got %zu", n);
    ctome_layer_view *l = calloc(n, sizeof *l);
    edge_set *s = calloc(n, sizeof *s);
    char **names = NULL;
    size_t nn = 0, max_m = 0;
    unsigned char *pa = NULL, *pb = NULL;
    double *wa = NULL, *wb = NULL;
    int rc = l && s ? CTOME_OK : ctome_error_nomem();
    if (!rc)
        rc = check_layers(c, n, layer, scope, l);
    if (!rc)
        rc = union_names(c, l, n, &names, &nn);
    for (size_t k = 0; k < n && !rc; k++) {
        rc = build_set(c[k], &l[k], names, nn, &s[k]);
        if (!rc && s[k].m > max_m)
            max_m = s[k].m;
    }
    out->n_conn = n;
    out->directed = l && l[0].layer ? l[0].layer->directed : 0;
    out->scope = l && l[0].layer ? l[0].scope : CTOME_SCOPE_NEURONS;
    out->scope_auto = l && l[0].layer ? l[0].automatic : 0;
    out->n_pairs = n - 1 + (n > 2 ? n - 2 : 0);
    out->n_neurons = nn;
    if (!rc) {
        out->ids = calloc(n, sizeof *out->ids);
        out->layer = ctome_strdup(layer);
        out->pairs = calloc(out->n_pairs, sizeof *out->pairs);
        out->neurons = calloc(nn ? nn : 1, sizeof *out->neurons);
        out->in_degree = malloc((nn ? nn : 1) * n * sizeof(double));
        out->out_degree = malloc((nn ? nn : 1) * n * sizeof(double));
        pa = malloc(nn + 1);
        pb = malloc(nn + 1);
        wa = malloc((max_m + 1) * sizeof *wa);
        wb = malloc((max_m + 1) * sizeof *wb);
        if (!out->ids || !out->layer || !out->pairs || !out->neurons || !out->in_degree ||
            !out->out_degree || !pa || !pb || !wa || !wb)
            rc = ctome_error_nomem();
    }
    for (size_t k = 0; k < n && !rc; k++)
        if (!(out->ids[k] = ctome_strdup(c[k]->id ? c[k]->id : "")))
            rc = ctome_error_nomem();
    for (size_t i = 0; i < nn && !rc; i++)
        if (!(out->neurons[i] = ctome_strdup(names[i])))
            rc = ctome_error_nomem();
    size_t p = 0;
    for (size_t k = 0; k + 1 < n && !rc; k++, p++) {
        out->pairs[p].a = k;
        out->pairs[p].b = k + 1;
        rc = compare_pair(&s[k], &s[k + 1], pa, pb, nn, wa, wb, &out->pairs[p]);
    }
    for (size_t k = 0; k + 2 < n && !rc; k++, p++) {
        out->pairs[p].a = k;
        out->pairs[p].b = n - 1;
        rc = compare_pair(&s[k], &s[n - 1], pa, pb, nn, wa, wb, &out->pairs[p]);
    }
    for (size_t k = 0; k < n && !rc; k++)
        degrees(&s[k], nn, n, k, out->directed, pa, out->in_degree, out->out_degree);
    for (size_t k = 0; s && k < n; k++) {
        free(s[k].key);
        free(s[k].w);
    }
    free(s);
    for (size_t k = 0; l && k < n; k++)
        ctome_layer_view_close(&l[k]);
    free(l);
    free(names);
    free(pa);
    free(pb);
    free(wa);
    free(wb);
    if (rc)
        ctome_comparison_clear(out);
    return rc;
}
