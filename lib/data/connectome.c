#include "connectome.h"
#include "error.h"
#include "io.h"
#include "names.h"
#include "validate.h"
#include "strmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ctome_name_index {
    ctome_strmap *map;
};

const char *ctome_cell_kind_name(ctome_cell_kind k)
{
    switch (k) {
    case CTOME_CELL_NEURON: return "neuron";
    case CTOME_CELL_MUSCLE: return "muscle";
    case CTOME_CELL_END_ORGAN: return "end_organ";
    case CTOME_CELL_UNKNOWN: break;
    }
    return "unknown";
}

int ctome_layer_default_directed(const char *layer)
{
    return !(strcmp(layer, "electrical") == 0 || strcmp(layer, "contact") == 0);
}

int ctome_connectome_new(const char *id, const ctome_registry *reg, ctome_connectome **out)
{
    *out = NULL;
    ctome_connectome *c = calloc(1, sizeof *c);
    if (!c)
        return ctome_error_nomem();
    c->id = ctome_strdup(id ? id : "");
    c->source_file = ctome_strdup("");
    c->index = calloc(1, sizeof *c->index);
    if (c->index)
        c->index->map = ctome_strmap_new();
    if (!c->id || !c->source_file || !c->index || !c->index->map) {
        ctome_connectome_free(c);
        return ctome_error_nomem();
    }
    c->reg = reg;
    *out = c;
    return CTOME_OK;
}

const char *ctome_meta_name(ctome_meta_key k)
{
    static const char *const names[CTOME_META_N] = {"title", "citation", "doi", "sex", "stage", "licence"};
    return (unsigned)k < CTOME_META_N ? names[k] : "";
}

int ctome_connectome_set_meta(ctome_connectome *c, ctome_meta_key k, const char *value)
{
    if (!c || (unsigned)k >= CTOME_META_N)
        return ctome_error(CTOME_EINVAL, NULL, 0, "bad metadata key %d", (int)k);
    char *v = NULL;
    if (value && *value && !(v = strdup(value)))
        return ctome_error_nomem();
    free(c->meta[k]);
    c->meta[k] = v;
    return CTOME_OK;
}

void ctome_connectome_free(ctome_connectome *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_nodes; i++)
        free(c->nodes[i].name);
    free(c->nodes);
    for (size_t i = 0; i < c->n_layers; i++) {
        free(c->layers[i].name);
        free(c->layers[i].weight_unit);
        free(c->layers[i].e);
    }
    free(c->layers);
    for (size_t i = 0; i < c->n_unplaced; i++)
        free(c->unplaced[i]);
    free(c->unplaced);
    if (c->index)
        ctome_strmap_free(c->index->map);
    free(c->index);
    for (int k = 0; k < CTOME_META_N; k++)
        free(c->meta[k]);
    free(c->id);
    free(c->source_file);
    free(c);
}

static int classify(const ctome_connectome *c, const char *name, ctome_cell_kind *kind, int *reg)
{
    *reg = -1;
    *kind = CTOME_CELL_UNKNOWN;
    if (!c->reg)
        return 0;
    int r = ctome_registry_find(c->reg, name);
    if (r >= 0) {
        *reg = r;
        *kind = CTOME_CELL_NEURON;
        return 1;
    }
    int k = ctome_registry_cell_kind(c->reg, name);
    if (k == CTOME_CELL_MUSCLE || k == CTOME_CELL_END_ORGAN) {
        *kind = (ctome_cell_kind)k;
        return 1;
    }
    return 0;
}

/* The list grows by doubling, as the nodes do: a file of numbered nodes makes
 * every node unplaced, and growing by one name per node copied the list n
 * times (quadratic under AddressSanitizer, whose realloc always moves). */
static int remember_unplaced(ctome_connectome *c, const char *name)
{
    if (c->n_unplaced == c->cap_unplaced) {
        size_t cap = c->cap_unplaced ? 2 * c->cap_unplaced : 64;
        char **u = realloc(c->unplaced, cap * sizeof *u);
        if (!u)
            return ctome_error_nomem();
        c->unplaced = u;
        c->cap_unplaced = cap;
    }
    if (!(c->unplaced[c->n_unplaced] = ctome_strdup(name)))
        return CTOME_ENOMEM;
    c->n_unplaced++;
    return CTOME_OK;
}

static int add_node(ctome_connectome *c, const char *name, int *idx)
{
    if (c->n_nodes == c->cap_nodes) {
        size_t cap = c->cap_nodes ? 2 * c->cap_nodes : 256;
        ctome_node *n = realloc(c->nodes, cap * sizeof *n);
        if (!n)
            return ctome_error_nomem();
        c->nodes = n;
        c->cap_nodes = cap;
    }
    ctome_node *nd = &c->nodes[c->n_nodes];
    if (!(nd->name = ctome_strdup(name)))
        return CTOME_ENOMEM;
    int placed = classify(c, name, &nd->kind, &nd->reg);
    if (ctome_strmap_put(c->index->map, name, (int)c->n_nodes)) {
        free(nd->name);
        return CTOME_ENOMEM;
    }
    *idx = (int)c->n_nodes++;
    if (!placed && c->reg)
        return remember_unplaced(c, name);
    return CTOME_OK;
}

int ctome_connectome_node(ctome_connectome *c, const char *raw, const char *file, long line, int *idx)
{
    char name[128];
    if (ctome_name_normalise(raw, name, sizeof name))
        return ctome_error(CTOME_EVALUE, file, line, "bad cell name '%s'", raw ? raw : "");
    int rc = ctome_validate_name(name, file, line);
    if (rc)
        return rc;
    ctome_name_alias(name, sizeof name, c->aliases);
    int i = ctome_strmap_get(c->index->map, name);
    if (i >= 0) {
        *idx = i;
        return CTOME_OK;
    }
    return add_node(c, name, idx);
}

int ctome_connectome_find(const ctome_connectome *c, const char *name)
{
    int i = ctome_strmap_get(c->index->map, name);
    if (i >= 0)
        return i;
    char norm[128];
    if (ctome_name_normalise(name, norm, sizeof norm))
        return -1;
    return ctome_strmap_get(c->index->map, norm);
}

const ctome_layer *ctome_connectome_get_layer(const ctome_connectome *c, const char *name)
{
    for (size_t i = 0; i < c->n_layers; i++)
        if (strcmp(c->layers[i].name, name) == 0)
            return &c->layers[i];
    return NULL;
}

int ctome_layer_default_signed(const char *layer)
{
    return strcmp(layer, "functional") == 0;
}

ctome_layer *ctome_connectome_layer(ctome_connectome *c, const char *name)
{
    for (size_t i = 0; i < c->n_layers; i++)
        if (strcmp(c->layers[i].name, name) == 0)
            return &c->layers[i];
    ctome_layer *l = realloc(c->layers, (c->n_layers + 1) * sizeof *l);
    if (!l) {
        ctome_error_nomem();
        return NULL;
    }
    c->layers = l;
    ctome_layer *nl = &l[c->n_layers];
    memset(nl, 0, sizeof *nl);
    nl->name = ctome_strdup(name);
    nl->weight_unit = ctome_strdup("");
    if (!nl->name || !nl->weight_unit) {
        free(nl->name);
        free(nl->weight_unit);
        return NULL;
    }
    nl->directed = ctome_layer_default_directed(name);
    nl->signed_weights = ctome_layer_default_signed(name);
    c->n_layers++;
    return nl;
}

int ctome_connectome_add(ctome_connectome *c, const char *layer, int src, int dst, double w,
                         const char *file, long line)
{
    if (!isfinite(w))
        return ctome_error(CTOME_EVALUE, file, line, "weight is not a finite number (%g)", w);
    if (src < 0 || dst < 0 || (size_t)src >= c->n_nodes || (size_t)dst >= c->n_nodes)
        return ctome_error(CTOME_EINVAL, file, line, "edge endpoint out of range");
    if (w == 0) {
        c->zero_weight++;   /* reported when nothing else is left to analyse */
        return CTOME_OK;
    }
    ctome_layer *l = ctome_connectome_layer(c, layer);
    if (!l)
        return CTOME_ENOMEM;
    if (w < 0 && !l->signed_weights)
        return ctome_error(CTOME_EVALUE, file, line, "negative weight %g in layer '%s'", w, layer);
    int rc = ctome_validate_weight(l, w, file, line);
    if (rc)
        return rc;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        ctome_edge *e = realloc(l->e, cap * sizeof *e);
        if (!e)
            return ctome_error_nomem();
        l->e = e;
        l->cap = cap;
    }
    l->e[l->n++] = (ctome_edge){src, dst, w};
    l->finalised = 0;
    return CTOME_OK;
}

static int edge_cmp(const void *a, const void *b)
{
    const ctome_edge *x = a, *y = b;
    if (x->src != y->src)
        return x->src < y->src ? -1 : 1;
    if (x->dst != y->dst)
        return x->dst < y->dst ? -1 : 1;
    return 0;
}

/* Sort and sum listings of the same ordered pair; returns the new count. */
static size_t sum_duplicates(ctome_edge *e, size_t n)
{
    if (n < 2)
        return n;   /* qsort(NULL, 0) is undefined behaviour */
    qsort(e, n, sizeof *e, edge_cmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && e[k - 1].src == e[i].src && e[k - 1].dst == e[i].dst)
            e[k - 1].w += e[i].w;
        else
            e[k++] = e[i];
    }
    return k;
}

/* One edge per unordered pair, weighted by the larger listed direction. */
static void merge_undirected(ctome_layer *l)
{
    l->n = sum_duplicates(l->e, l->n);
    l->asymmetric = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].src > l->e[i].dst) {
            int32_t t = l->e[i].src;
            l->e[i].src = l->e[i].dst;
            l->e[i].dst = t;
        }
    if (l->n > 1)
        qsort(l->e, l->n, sizeof *l->e, edge_cmp);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (k && l->e[k - 1].src == l->e[i].src && l->e[k - 1].dst == l->e[i].dst) {
            if (l->e[k - 1].w != l->e[i].w)
                l->asymmetric++;
            if (l->e[i].w > l->e[k - 1].w)
                l->e[k - 1].w = l->e[i].w;
        } else {
            l->e[k++] = l->e[i];
        }
    }
    l->n = k;
}

int ctome_layer_set_unit(ctome_layer *l, const char *unit)
{
    char *u = ctome_strdup(unit);
    if (!u)
        return CTOME_ENOMEM;
    free(l->weight_unit);
    l->weight_unit = u;
    return CTOME_OK;
}

int ctome_layer_default_unit(ctome_layer *l, const char *unit)
{
    if (l->weight_unit && *l->weight_unit)
        return CTOME_OK;
    return ctome_layer_set_unit(l, unit);
}

static int layer_rank(const char *name)
{
    static const char *const order[] = {"chemical", "electrical", "functional",
                                        "monoamine", "peptide", "contact"};
    for (int i = 0; i < 6; i++)
        if (strcmp(name, order[i]) == 0)
            return i;
    return 6;
}

/* Insertion sort: a handful of layers, and stable for unnamed kinds. */
static void order_layers(ctome_connectome *c)
{
    for (size_t i = 1; i < c->n_layers; i++) {
        ctome_layer t = c->layers[i];
        size_t j = i;
        while (j > 0 && layer_rank(c->layers[j - 1].name) > layer_rank(t.name)) {
            c->layers[j] = c->layers[j - 1];
            j--;
        }
        c->layers[j] = t;
    }
}

int ctome_connectome_finalise(ctome_connectome *c)
{
    order_layers(c);
    for (size_t i = 0; i < c->n_layers; i++) {
        ctome_layer *l = &c->layers[i];
        if (l->finalised)
            continue;
        if (l->directed)
            l->n = sum_duplicates(l->e, l->n);
        else
            merge_undirected(l);
        l->self_loops = 0;
        for (size_t j = 0; j < l->n; j++)
            l->self_loops += l->e[j].src == l->e[j].dst;
        l->finalised = 1;
    }
    return CTOME_OK;
}

static int in_scope(const ctome_connectome *c, const ctome_edge *e, int neurons_only)
{
    if (!neurons_only)
        return 1;
    return c->nodes[e->src].kind == CTOME_CELL_NEURON && c->nodes[e->dst].kind == CTOME_CELL_NEURON;
}

int ctome_layer_summarise(const ctome_connectome *c, const ctome_layer *l, int neurons_only,
                          ctome_layer_summary *s)
{
    memset(s, 0, sizeof *s);
    if (!l->finalised)
        return ctome_error(CTOME_EINVAL, NULL, 0, "layer '%s' is not finalised", l->name);
    unsigned char *seen = calloc(c->n_nodes ? c->n_nodes : 1, 1);
    if (!seen)
        return ctome_error_nomem();
    for (size_t i = 0; i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        if (!in_scope(c, e, neurons_only))
            continue;
        if (e->src == e->dst) {
            s->self_loops++;
            continue;
        }
        s->n_edges++;
        s->total_weight += e->w;
        seen[e->src] = seen[e->dst] = 1;
    }
    for (size_t i = 0; i < c->n_nodes; i++)
        s->n_nodes += seen[i];
    free(seen);
    return CTOME_OK;
}

int ctome_node_degree(const ctome_connectome *c, const ctome_layer *l, int node, int neurons_only,
                      size_t *in, size_t *out, double *in_w, double *out_w)
{
    size_t di = 0, dout = 0;
    double wi = 0, wo = 0;
    if (!l->finalised)
        return ctome_error(CTOME_EINVAL, NULL, 0, "layer '%s' is not finalised", l->name);
    for (size_t i = 0; i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        if (e->src == e->dst || !in_scope(c, e, neurons_only))
            continue;
        if (l->directed) {
            if (e->src == node) { dout++; wo += e->w; }
            if (e->dst == node) { di++; wi += e->w; }
        } else if (e->src == node || e->dst == node) {
            di++; dout++; wi += e->w; wo += e->w;
        }
    }
    if (in) *in = di;
    if (out) *out = dout;
    if (in_w) *in_w = wi;
    if (out_w) *out_w = wo;
    return CTOME_OK;
}

int ctome_layer_dense(const ctome_connectome *c, const ctome_layer *l, const int *nodes, size_t n,
                      double *m)
{
    int *pos = malloc((c->n_nodes ? c->n_nodes : 1) * sizeof *pos);
    if (!pos)
        return ctome_error_nomem();
    for (size_t i = 0; i < c->n_nodes; i++)
        pos[i] = -1;
    for (size_t i = 0; i < n; i++) {
        if (nodes[i] < 0 || (size_t)nodes[i] >= c->n_nodes) {
            free(pos);
            return ctome_error(CTOME_EINVAL, NULL, 0, "node index %d out of range", nodes[i]);
        }
        pos[nodes[i]] = (int)i;
    }
    memset(m, 0, n * n * sizeof *m);
    for (size_t i = 0; i < l->n; i++) {
        int a = pos[l->e[i].src], b = pos[l->e[i].dst];
        if (a < 0 || b < 0)
            continue;
        m[(size_t)a * n + b] += l->e[i].w;
        if (!l->directed && a != b)
            m[(size_t)b * n + a] += l->e[i].w;
    }
    free(pos);
    return CTOME_OK;
}
