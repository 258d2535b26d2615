/* compare_figs.c — two connectomes side by side (`ctome compare A B --plot`):
 * what a user comparing, say, the hermaphrodite and the male wants to see —
 * the weights of the edges both have, and the edges and neurons only one has.
 * Edges between neurons of the registry only, as ctome_source_diff_compute
 * with neurons_only (so both panels count the same edges). */
#include "topology_figs.h"
#include "error.h"
#include "plot.h"
#include "sourcediff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAMES_SHOWN 6   /* unique neurons named on the figure, per side */

/* The weights of the edges of `layer` present in both (neuron endpoints):
 * a's edges looked up in a dense matrix of b's weights indexed by b's node
 * numbers (O(n_b^2) memory: at most a few hundred neurons). */
static int shared_weights(const ctome_connectome *a, const ctome_connectome *b, const char *layer, double **wa,
                          double **wb, size_t *n)
{
    *wa = *wb = NULL;
    *n = 0;
    const ctome_layer *la = ctome_connectome_get_layer(a, layer), *lb = ctome_connectome_get_layer(b, layer);
    if (!la || !lb)
        return CTOME_OK;
    size_t nb = b->n_nodes;
    double *m = calloc(nb > 0 ? nb * nb : 1, sizeof *m);
    double *x = malloc((la->n ? la->n : 1) * sizeof *x), *y = malloc((la->n ? la->n : 1) * sizeof *y);
    if (!m || !x || !y) {
        free(m);
        free(x);
        free(y);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < lb->n; i++) {
        const ctome_edge *e = &lb->e[i];
        m[(size_t)e->src * nb + (size_t)e->dst] = e->w;
        if (!lb->directed)
            m[(size_t)e->dst * nb + (size_t)e->src] = e->w;
    }
    size_t k = 0;
    for (size_t i = 0; i < la->n; i++) {
        const ctome_edge *e = &la->e[i];
        if (e->src == e->dst || a->nodes[e->src].kind != CTOME_CELL_NEURON ||
            a->nodes[e->dst].kind != CTOME_CELL_NEURON)
            continue;
        int s = ctome_connectome_find(b, a->nodes[e->src].name), d = ctome_connectome_find(b, a->nodes[e->dst].name);
        if (s < 0 || d < 0 || b->nodes[s].kind != CTOME_CELL_NEURON || b->nodes[d].kind != CTOME_CELL_NEURON)
            continue;
        double w = m[(size_t)s * nb + (size_t)d];
        if (w != 0) {
            x[k] = e->w;
            y[k++] = w;
        }
    }
    free(m);
    *wa = x;
    *wb = y;
    *n = k;
    return CTOME_OK;
}

/* "only in <id> (k): A, B, C ..." naming up to NAMES_SHOWN of them. */
static void names_text(const char *id, const char **names, size_t n, char *buf, size_t sz)
{
    int k = snprintf(buf, sz, "only in %s (%zu)%s", id, n, n ? ": " : "");
    for (size_t i = 0; i < n && i < NAMES_SHOWN && k > 0 && (size_t)k < sz; i++)
        k += snprintf(buf + k, sz - (size_t)k, "%s%s", i ? ", " : "", names[i]);
    if (n > NAMES_SHOWN && k > 0 && (size_t)k < sz)
        snprintf(buf + k, sz - (size_t)k, " \u2026");
}

int ctome_plot_connectome_pair(const ctome_connectome *a, const ctome_connectome *b, const char *layer,
                               const char *title, const char *path)
{
    if (!a || !b || !layer || !path)
        return ctome_error(CTOME_EINVAL, NULL, 0, "pair figure needs two connectomes, a layer and a path");
    ctome_source_diff df;
    int rc = ctome_source_diff_compute(a, b, layer, 1, &df);
    if (rc)
        return rc;
    double *wa = NULL, *wb = NULL;
    size_t ns = 0;
    ctome_plot *p = NULL;
    ctome_layer_summary sa = {0}, sb = {0};
    const ctome_layer *la = ctome_connectome_get_layer(a, layer), *lb = ctome_connectome_get_layer(b, layer);
    if (!rc && la)
        rc = ctome_layer_summarise(a, la, 1, &sa);
    if (!rc && lb)
        rc = ctome_layer_summarise(b, lb, 1, &sb);
    if (!rc)
        rc = shared_weights(a, b, layer, &wa, &wb, &ns);
    if (!rc && ns != df.shared)   /* the two counts follow one rule; a difference is a bug */
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "pair figure: %zu shared edges found, the comparison has %zu", ns,
                         df.shared);
    if (!rc)
        rc = ctome_plot_new(820, 360, 1, 2, &p);
    if (!rc && title)
        rc = ctome_plot_set_title(p, title);
    ctome_axes *A = rc ? NULL : ctome_plot_panel(p, 0, 0), *B = rc ? NULL : ctome_plot_panel(p, 0, 1);
    char buf[160];
    if (!rc && ns) {
        double rho = NAN, hi = 1;
        if (!(rc = ctome_spearman(wa, wb, ns, &rho))) {
            for (size_t i = 0; i < ns; i++)
                hi = fmax(hi, fmax(wa[i], wb[i]));
            rc = ctome_axes_scatter(A, wa, wb, ns, &(ctome_style){.alpha = 0.35, .marker_size = 3.5});
        }
        const double d[2] = {fmin(1, hi), hi};
        if (!rc)
            rc = ctome_axes_line(A, d, d, 2, &(ctome_style){.color = {0.3, 0.3, 0.3, 1}, .dashed = 1,
                                                              .line_width = 0.8, .label = "equal weight"});
        snprintf(buf, sizeof buf, "%zu shared edges, Spearman \u03c1 = %.2f", ns, rho);
        if (!rc)
            rc = ctome_axes_set_title(A, buf);
        if (!rc)
            rc = ctome_axes_set_scale(A, CTOME_AXIS_X, CTOME_SCALE_LOG10);
        if (!rc)
            rc = ctome_axes_set_scale(A, CTOME_AXIS_Y, CTOME_SCALE_LOG10);
        if (!rc)
            rc = ctome_axes_set_legend(A, CTOME_LEGEND_UPPER_LEFT);
    } else if (!rc) {
        rc = ctome_axes_set_title(A, "no shared edge");
    }
    const char *unit = la && la->weight_unit && *la->weight_unit ? la->weight_unit : "weight";
    snprintf(buf, sizeof buf, "%s (%s)", a->id, unit);
    if (!rc)
        rc = ctome_axes_set_label(A, CTOME_AXIS_X, buf);
    snprintf(buf, sizeof buf, "%s (%s)", b->id, unit);
    if (!rc)
        rc = ctome_axes_set_label(A, CTOME_AXIS_Y, buf);
    if (!rc)
        rc = ctome_axes_set_panel_label(A, "A");
    /* B: counts of edges and neurons unique to each and shared */
    size_t shared_neurons = sa.n_nodes >= df.n_cells_only_a ? sa.n_nodes - df.n_cells_only_a : 0;
    const double x1[3] = {1, 2, 3}, x2[3] = {5, 6, 7};
    const double he[3] = {(double)df.n_only_a, (double)df.shared, (double)df.n_only_b};
    const double hn[3] = {(double)df.n_cells_only_a, (double)shared_neurons, (double)df.n_cells_only_b};
    if (!rc)
        rc = ctome_axes_bars(B, x1, he, 3, 0.7, &(ctome_style){.color = {0, 0.447, 0.698, 1}, .label = "edges"});
    if (!rc)
        rc = ctome_axes_bars(B, x2, hn, 3, 0.7, &(ctome_style){.color = {0.835, 0.369, 0, 1}, .label = "neurons"});
    char la_[64], lb_[64];
    snprintf(la_, sizeof la_, "only %.40s", a->id);
    snprintf(lb_, sizeof lb_, "only %.40s", b->id);
    const double tx[6] = {1, 2, 3, 5, 6, 7};
    const char *tl[6] = {la_, "both", lb_, la_, "both", lb_};
    if (!rc)
        rc = ctome_axes_set_ticks(B, CTOME_AXIS_X, tx, tl, 6);
    if (!rc)
        rc = ctome_axes_set_label(B, CTOME_AXIS_Y, "count");
    snprintf(buf, sizeof buf, "%s layer: edges and neurons", layer);
    if (!rc)
        rc = ctome_axes_set_title(B, buf);
    if (!rc)
        rc = ctome_axes_set_legend(B, CTOME_LEGEND_NONE);
    if (!rc)
        rc = ctome_axes_set_label(B, CTOME_AXIS_X, "edges (blue, left) and neurons (orange, right)");
    if (!rc)
        rc = ctome_axes_set_panel_label(B, "B");
    double top = fmax(fmax(he[1], fmax(he[0], he[2])), fmax(hn[1], fmax(hn[0], hn[2])));
    if (!rc)
        rc = ctome_axes_set_limits(B, CTOME_AXIS_Y, 0, top > 0 ? 1.45 * top : 1);
    /* the unique neurons by name, above the bars */
    char txt[512];
    names_text(a->id, df.cells_only_a, df.n_cells_only_a, txt, sizeof txt);
    if (!rc)
        rc = ctome_axes_text(B, 0.6, 1.36 * (top > 0 ? top : 1), txt, 0);
    names_text(b->id, df.cells_only_b, df.n_cells_only_b, txt, sizeof txt);
    if (!rc)
        rc = ctome_axes_text(B, 0.6, 1.26 * (top > 0 ? top : 1), txt, 0);
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    free(wa);
    free(wb);
    ctome_source_diff_free(&df);
    return rc;
}
