/* adjacency.c — the adjacency-matrix figure of one connectome layer.
 *
 * Rows are presynaptic, columns postsynaptic neurons (undirected layers are
 * symmetric).  Weights span three decades in EM connectomes (1 to ~200
 * sections/synapses), so colour follows log10(weight) and absent pairs stay
 * white; signed layers (functional) use a diverging linear scale instead,
 * limited at the 99th percentile of |nonzero weight| (see build below).
 */
#include "plot_internal.h"
#include "connectome.h"
#include "error.h"
#include "registry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_TICKS_MAX 60   /* above this many neurons names would be unreadable */

typedef struct {
    int node;
    const char *name;
    int type;               /* ctome_neuron_type */
    double x;               /* soma AP position, NAN if unknown */
} adj_item;

static int cmp_name(const adj_item *a, const adj_item *b)
{
    return strcmp(a->name, b->name);
}

static int cmp_by_name(const void *pa, const void *pb)
{
    return cmp_name(pa, pb);
}

static int cmp_by_type(const void *pa, const void *pb)
{
    const adj_item *a = pa, *b = pb;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return cmp_name(a, b);
}

/* Anterior first; neurons without a position last; ties by name. */
static int cmp_by_position(const void *pa, const void *pb)
{
    const adj_item *a = pa, *b = pb;
    int ka = isnan(a->x), kb = isnan(b->x);
    if (ka != kb)
        return ka - kb;
    if (!ka && a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return cmp_name(a, b);
}

static int unknown_layer(const ctome_connectome *c, const char *layer)
{
    char list[512] = "";
    size_t k = 0;
    for (size_t i = 0; i < c->n_layers && k < sizeof list - 1; i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", c->layers[i].name);
    if (k >= sizeof list)
        k = sizeof list - 1;
    return ctome_error(CTOME_ENOTFOUND, c->id, 0, "unknown layer '%s' (layers: %s)", layer,
                       c->n_layers ? list : "none");
}

/* Nodes in the view's scope with an edge to another such node (self-loops
 * do not count, as in ctome_layer_summarise). */
static int collect(const ctome_connectome *c, const ctome_layer_view *v, adj_item **out, size_t *n)
{
    const ctome_layer *l = v->layer;
    unsigned char *seen = calloc(c->n_nodes ? c->n_nodes : 1, 1);
    if (!seen)
        return ctome_error_nomem();
    for (size_t i = 0; i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        if (e->src == e->dst || !ctome_view_node_in_scope(c, v, e->src) ||
            !ctome_view_node_in_scope(c, v, e->dst))
            continue;
        seen[e->src] = seen[e->dst] = 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < c->n_nodes; i++)
        k += seen[i];
    adj_item *it = calloc(k ? k : 1, sizeof *it);
    if (!it) {
        free(seen);
        return ctome_error_nomem();
    }
    k = 0;
    for (size_t i = 0; i < c->n_nodes; i++) {
        if (!seen[i])
            continue;
        const ctome_node *nd = &c->nodes[i];
        const ctome_neuron *nr = (c->reg && nd->reg >= 0) ? ctome_registry_neuron(c->reg, (size_t)nd->reg)
                                                           : NULL;
        it[k] = (adj_item){(int)i, nd->name, nr ? (int)nr->type : CTOME_NTYPE_UNKNOWN,
                           nr && nr->has_pos ? nr->pos[0] : NAN};
        k++;
    }
    free(seen);
    *out = it;
    *n = k;
    return CTOME_OK;
}

/* A stimulation atlas (the functional layer, Randi et al. 2023): rows are
 * stimulated, columns responding neurons.  Its export writes 0 both for "no
 * response above threshold" and for "not measured", so the figure can only
 * tell them apart per neuron: a row (column) without any nonzero entry is a
 * neuron never seen as stimulated (responding) and is drawn as not measured
 * (NaN, grey); a 0 in the other rows stays the map's white centre. */
static int is_atlas(const ctome_layer *l)
{
    return l->signed_weights && l->directed && strcmp(l->name, "functional") == 0;
}

static int mark_not_measured(double *m, size_t n)
{
    unsigned char *row = calloc(n ? n : 1, 1), *col = calloc(n ? n : 1, 1);
    if (!row || !col) {
        free(row);
        free(col);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (m[i * n + j] != 0)
                row[i] = col[j] = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (!row[i] || !col[j])
                m[i * n + j] = NAN;
    free(row);
    free(col);
    return CTOME_OK;
}

static int build(ctome_plot *p, const ctome_connectome *c, const ctome_layer *l, const char *order,
                 adj_item *it, size_t n, double *m)
{
    ctome_axes *ax = ctome_plot_panel(p, 0, 0);
    int atlas = is_atlas(l);
    char title[256];
    snprintf(title, sizeof title, "%s: %s%s", c->id ? c->id : "connectome", l->name,
             atlas ? " (grey: not measured, white: 0)" : "");
    int rc = ctome_axes_set_title(ax, title);
    const char *unit = l->weight_unit && *l->weight_unit ? l->weight_unit : "weight";
    char cbar[256];
    ctome_heatmap_opts ho = {.cbar_label = unit};
    if (l->signed_weights) {
        /* Robust limits: one outlier (914 in the Randi export, the bulk
         * within +-150) would otherwise wash the map out.  Colours run to
         * +-the 99th percentile of |nonzero weight| and saturate beyond. */
        ho.cmap = CTOME_CMAP_DIVERGING;
        /* darker than the map's near-white centre (0.97), so "not measured" never reads as 0 */
        ho.nan_color = (ctome_rgba){0.62, 0.62, 0.62, 1};
        if (atlas && (rc = mark_not_measured(m, n)))
            return rc;
        double *nz = malloc((n > 0 ? n * n : 1) * sizeof *nz), q99 = NAN, q = 0.99;
        size_t k = 0;
        if (!nz)
            return ctome_error_nomem();
        /* off the diagonal: the Randi diagonal is the stimulated neuron's own
         * response to its stimulation, not a connection */
        for (size_t i = 0; i < n * n; i++)
            if (isfinite(m[i]) && m[i] != 0 && i / n != i % n)
                nz[k++] = m[i];
        rc = plot_quantiles(nz, k, 1, &q, &q99, 1);
        free(nz);
        if (!rc && q99 > 0) {
            ho.vmin = -q99;
            ho.vmax = q99;
            snprintf(cbar, sizeof cbar, "%s; colours clipped at \u00b1%g (99th pct of |w|, i\u2260j)", unit, q99);
            ho.cbar_label = cbar;
        }
    } else {
        ho.log_scale = 1;
    }
    if (!rc)
        rc = ctome_axes_heatmap(ax, m, n, n, &ho);
    const char *what = strcmp(order, "position") == 0 ? " (anterior to posterior)" : "";
    char lab[96];
    const char *xs = atlas ? "responding" : l->directed ? "postsynaptic" : "";
    const char *ys = atlas ? "stimulated" : l->directed ? "presynaptic" : "";
    snprintf(lab, sizeof lab, "%s neuron%s", xs, what);
    if (!rc)
        rc = ctome_axes_set_label(ax, CTOME_AXIS_X, *xs ? lab : lab + 1);
    snprintf(lab, sizeof lab, "%s neuron%s", ys, what);
    if (!rc)
        rc = ctome_axes_set_label(ax, CTOME_AXIS_Y, *ys ? lab : lab + 1);

    if (!rc && n <= NAME_TICKS_MAX) {
        double *pos = malloc(n * sizeof *pos);
        const char **names = malloc(n * sizeof *names);
        if (!pos || !names) {
            rc = ctome_error_nomem();
        } else {
            for (size_t i = 0; i < n; i++) {
                pos[i] = (double)i + 0.5;
                names[i] = it[i].name;
            }
            rc = ctome_axes_set_ticks(ax, CTOME_AXIS_X, pos, names, n);
            if (!rc)
                rc = ctome_axes_set_ticks(ax, CTOME_AXIS_Y, pos, names, n);
        }
        free(pos);
        free(names);
    }
    if (!rc && strcmp(order, "type") == 0) {
        size_t start[CTOME_NTYPE_UNKNOWN + 1];
        const char *labels[CTOME_NTYPE_UNKNOWN + 1];
        size_t g = 0;
        for (size_t i = 0; i < n; i++)
            if (i == 0 || it[i].type != it[i - 1].type) {
                start[g] = i;
                labels[g] = ctome_neuron_type_name((ctome_neuron_type)it[i].type);
                g++;
            }
        rc = ctome_axes_set_groups(ax, CTOME_AXIS_X, start, labels, g);
        if (!rc)
            rc = ctome_axes_set_groups(ax, CTOME_AXIS_Y, start, labels, g);
    }
    return rc;
}

/* Validate, collect and sort the neurons of the figure. */
static int ordered_items(const ctome_connectome *c, const char *layer, int scope, const char *order,
                         ctome_layer_view *v, adj_item **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (!c || !layer)
        return ctome_error(CTOME_EINVAL, NULL, 0, "adjacency order needs a connectome and a layer");
    if (!order)
        order = "type";
    int (*cmp)(const void *, const void *) = strcmp(order, "type") == 0       ? cmp_by_type
                                             : strcmp(order, "position") == 0 ? cmp_by_position
                                             : strcmp(order, "name") == 0     ? cmp_by_name
                                                                              : NULL;
    if (!cmp)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown order '%s' (use type, position or name)", order);
    if (!ctome_connectome_get_layer(c, layer) && !strchr(layer, '+'))
        return unknown_layer(c, layer);
    int rc = ctome_layer_view_open(c, layer, (ctome_scope)scope, v);
    if (rc)
        return rc;
    adj_item *it = NULL;
    size_t n = 0;
    if ((rc = collect(c, v, &it, &n))) {
        ctome_layer_view_close(v);
        return rc;
    }
    qsort(it, n, sizeof *it, cmp);
    *out = it;
    *n_out = n;
    return CTOME_OK;
}

int ctome_plot_adjacency_order(const ctome_connectome *c, const char *layer, const char *order,
                               int **nodes, size_t *n)
{
    *nodes = NULL;
    *n = 0;
    ctome_layer_view view;
    adj_item *it;
    size_t k;
    int rc = ordered_items(c, layer, CTOME_SCOPE_AUTO, order, &view, &it, &k);
    if (rc)
        return rc;
    ctome_layer_view_close(&view);
    int *v = malloc(k * sizeof *v);
    if (!v) {
        free(it);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < k; i++)
        v[i] = it[i].node;
    free(it);
    *nodes = v;
    *n = k;
    return CTOME_OK;
}

int ctome_plot_adjacency(const ctome_connectome *c, const char *layer, const char *order,
                         const char *path)
{
    return ctome_plot_adjacency_scoped(c, layer, CTOME_SCOPE_AUTO, order, path);
}

int ctome_plot_adjacency_scoped(const ctome_connectome *c, const char *layer, int scope,
                                const char *order, const char *path)
{
    if (!path)
        return ctome_error(CTOME_EINVAL, NULL, 0, "adjacency plot without an output path");
    if (!order)
        order = "type";
    ctome_layer_view v;
    adj_item *it;
    size_t n;
    int rc = ordered_items(c, layer, scope, order, &v, &it, &n);
    if (rc)
        return rc;
    const ctome_layer *l = v.layer;
    int *nodes = malloc(n * sizeof *nodes);
    double *m = malloc(n * n * sizeof *m);
    ctome_plot *p = NULL;
    if (!nodes || !m) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        nodes[i] = it[i].node;
    if ((rc = ctome_layer_dense(c, l, nodes, n, m)))
        goto done;
    /* 7 inches wide (a full-width journal figure), about as high as the square
     * matrix and its labels need; small matrices get less room. */
    double side = n <= NAME_TICKS_MAX ? 330 + 4.0 * (double)n : 504;
    if ((rc = ctome_plot_new(side, side * 0.87, 1, 1, &p)))
        goto done;
    if ((rc = build(p, c, l, order, it, n, m)))
        goto done;
    rc = ctome_plot_save(p, path);
done:
    ctome_plot_free(p);
    free(m);
    free(nodes);
    free(it);
    ctome_layer_view_close(&v);
    return rc;
}
