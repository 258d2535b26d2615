#include "sourcediff.h"
#include "error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *pre, *post;
    double w;
} named_edge;

static int named_cmp(const void *x, const void *y)
{
    const named_edge *a = x, *b = y;
    int c = strcmp(a->pre, b->pre);
    return c ? c : strcmp(a->post, b->post);
}

/* A layer's in-scope, non-self-loop edges by name; undirected pairs are put
 * in name order so both sources agree on the orientation. */
static int collect(const ctome_connectome *c, const char *layer, int neurons_only, named_edge **out,
                   size_t *n)
{
    *out = NULL;
    *n = 0;
    const ctome_layer *l = ctome_connectome_get_layer(c, layer);
    if (!l || l->n == 0)
        return CTOME_OK;
    named_edge *v = malloc(l->n * sizeof *v);
    if (!v)
        return ctome_error_nomem();
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        const ctome_node *s = &c->nodes[e->src], *t = &c->nodes[e->dst];
        if (e->src == e->dst)
            continue;
        if (neurons_only && (s->kind != CTOME_CELL_NEURON || t->kind != CTOME_CELL_NEURON))
            continue;
        v[k] = (named_edge){s->name, t->name, e->w};
        if (!l->directed && strcmp(s->name, t->name) > 0)
            v[k] = (named_edge){t->name, s->name, e->w};
        k++;
    }
    qsort(v, k, sizeof *v, named_cmp);
    *out = v;
    *n = k;
    return CTOME_OK;
}

static int push(ctome_edge_diff **v, size_t *n, const named_edge *e, double wa, double wb)
{
    ctome_edge_diff *nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return ctome_error_nomem();
    *v = nv;
    nv[(*n)++] = (ctome_edge_diff){e->pre, e->post, wa, wb};
    return CTOME_OK;
}

static int by_gap(const void *x, const void *y)
{
    const ctome_edge_diff *a = x, *b = y;
    double ga = fabs(a->wa - a->wb), gb = fabs(b->wa - b->wb);
    if (ga != gb)
        return ga > gb ? -1 : 1;
    int c = strcmp(a->pre, b->pre);
    return c ? c : strcmp(a->post, b->post);
}

static int str_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Distinct endpoint names of a sorted edge list, sorted. */
static int cell_names(const named_edge *e, size_t n, const char ***out, size_t *k)
{
    const char **v = malloc((2 * n + 1) * sizeof *v);
    if (!v)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++) {
        v[2 * i] = e[i].pre;
        v[2 * i + 1] = e[i].post;
    }
    qsort(v, 2 * n, sizeof *v, str_cmp);
    size_t m = 0;
    for (size_t i = 0; i < 2 * n; i++)
        if (!m || strcmp(v[m - 1], v[i]) != 0)
            v[m++] = v[i];
    *out = v;
    *k = m;
    return CTOME_OK;
}

/* Names in a but not in b (both sorted). */
static int names_minus(const char **a, size_t na, const char **b, size_t nb, const char ***out,
                       size_t *n)
{
    const char **v = malloc((na + 1) * sizeof *v);
    if (!v)
        return ctome_error_nomem();
    size_t i = 0, j = 0, k = 0;
    while (i < na) {
        int c = j < nb ? strcmp(a[i], b[j]) : -1;
        if (c < 0)
            v[k++] = a[i++];
        else if (c > 0)
            j++;
        else
            i++, j++;
    }
    *out = v;
    *n = k;
    return CTOME_OK;
}

static int diff_cells(const named_edge *ea, size_t na, const named_edge *eb, size_t nb,
                      ctome_source_diff *d)
{
    const char **ca = NULL, **cb = NULL;
    size_t ka = 0, kb = 0;
    int rc = cell_names(ea, na, &ca, &ka);
    if (!rc)
        rc = cell_names(eb, nb, &cb, &kb);
    if (!rc)
        rc = names_minus(ca, ka, cb, kb, &d->cells_only_a, &d->n_cells_only_a);
    if (!rc)
        rc = names_minus(cb, kb, ca, ka, &d->cells_only_b, &d->n_cells_only_b);
    free(ca);
    free(cb);
    return rc;
}

int ctome_source_diff_compute(const ctome_connectome *a, const ctome_connectome *b,
                              const char *layer, int neurons_only, ctome_source_diff *d)
{
    memset(d, 0, sizeof *d);
    named_edge *ea = NULL, *eb = NULL;
    size_t na = 0, nb = 0;
    int rc = collect(a, layer, neurons_only, &ea, &na);
    if (!rc)
        rc = collect(b, layer, neurons_only, &eb, &nb);
    size_t i = 0, j = 0;
    while (!rc && (i < na || j < nb)) {
        int c = i == na ? 1 : j == nb ? -1 : named_cmp(&ea[i], &eb[j]);
        if (c < 0) {
            d->total_a += ea[i].w;
            rc = push(&d->only_a, &d->n_only_a, &ea[i], ea[i].w, 0), i++;
        } else if (c > 0) {
            d->total_b += eb[j].w;
            rc = push(&d->only_b, &d->n_only_b, &eb[j], 0, eb[j].w), j++;
        } else {
            d->shared++;
            d->total_a += ea[i].w;
            d->total_b += eb[j].w;
            if (ea[i].w == eb[j].w)
                d->same_weight++;
            else
                rc = push(&d->differ, &d->n_differ, &ea[i], ea[i].w, eb[j].w);
            i++, j++;
        }
    }
    if (!rc)
        rc = diff_cells(ea, na, eb, nb, d);
    free(ea);
    free(eb);
    if (rc) {
        ctome_source_diff_free(d);
        return rc;
    }
    if (d->n_differ)
        qsort(d->differ, d->n_differ, sizeof *d->differ, by_gap);
    return CTOME_OK;
}

void ctome_source_diff_free(ctome_source_diff *d)
{
    free(d->only_a);
    free(d->only_b);
    free(d->differ);
    free(d->cells_only_a);
    free(d->cells_only_b);
    memset(d, 0, sizeof *d);
}
