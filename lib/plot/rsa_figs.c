/* rsa_figs.c — RDM heatmap (cluster order) and comparison bars (rsa_figs.h). */
#include "rsa_figs.h"

#include <math.h>
#include <stdlib.h>

#include "error.h"
#include "plot.h"
#include "rsa.h"

int ctome_plot_rsa_rdm(size_t n, const double *rdm, const char *const *names, const char *title,
                       const char *cbar_label, const char *path)
{
    if (n < 2 || !rdm)
        return ctome_error(CTOME_EVALUE, path, 0, "an RDM needs at least 2 conditions, got %zu", n);
    size_t *order = malloc(n * sizeof *order);
    double *sq = malloc(n * n * sizeof *sq), *m = malloc(n * n * sizeof *m);
    double *pos = malloc(n * sizeof *pos);
    const char **lab = malloc(n * sizeof *lab);
    ctome_plot *p = NULL;
    int rc = CTOME_OK;
    if (!order || !sq || !m || !pos || !lab) {
        rc = ctome_error_nomem();
        goto done;
    }
    if ((rc = ctome_rsa_cluster_order(n, rdm, order)))
        goto done;
    ctome_rdm_square(n, rdm, sq);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            m[i * n + j] = i == j ? NAN : sq[order[i] * n + order[j]];
    if ((rc = ctome_plot_new(440, 400, 1, 1, &p)))
        goto done;
    ctome_axes *ax = ctome_plot_panel(p, 0, 0);
    ctome_axes_set_title(ax, title ? title : "RDM (average-linkage order)");
    if (names && n <= 60) {
        for (size_t i = 0; i < n; i++) {
            pos[i] = (double)i + 0.5;
            lab[i] = names[order[i]];
        }
        ctome_axes_set_ticks(ax, CTOME_AXIS_X, pos, lab, n);
        ctome_axes_set_ticks(ax, CTOME_AXIS_Y, pos, lab, n);
    } else {
        ctome_axes_set_ticks(ax, CTOME_AXIS_X, NULL, NULL, 0);
        ctome_axes_set_ticks(ax, CTOME_AXIS_Y, NULL, NULL, 0);
        ctome_axes_set_label(ax, CTOME_AXIS_X, "condition (cluster order)");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "condition (cluster order)");
    }
    /* the diagonal is drawn as NaN grey so it does not set the colour range */
    rc = ctome_axes_heatmap(ax, m, n, n, &(ctome_heatmap_opts){.cbar_label = cbar_label});
    if (!rc)
        rc = ctome_plot_save(p, path);
done:
    ctome_plot_free(p);
    free(order);
    free(sq);
    free(m);
    free(pos);
    free(lab);
    return rc;
}

int ctome_plot_rsa_bars(size_t k, const char *const *labels, const double *value, const double *lo,
                        const double *hi, const char *ylabel, const char *title, const char *path)
{
    if (!k || !value)
        return ctome_error(CTOME_EINVAL, path, 0, "no comparison to draw");
    double *x = malloc(k * sizeof *x);
    if (!x)
        return ctome_error_nomem();
    ctome_plot *p = NULL;
    int rc = ctome_plot_new(120 + 60 * (double)k, 260, 1, 1, &p);
    if (rc) {
        free(x);
        return rc;
    }
    ctome_axes *ax = ctome_plot_panel(p, 0, 0);
    double ymin = 0, ymax = 0;
    for (size_t i = 0; i < k; i++) {
        x[i] = (double)i;
        double l = lo && isfinite(lo[i]) ? lo[i] : value[i], h = hi && isfinite(hi[i]) ? hi[i] : value[i];
        ymin = fmin(ymin, fmin(l, value[i]));
        ymax = fmax(ymax, fmax(h, value[i]));
    }
    ctome_axes_set_title(ax, title ? title : "RDM comparison");
    ctome_axes_set_label(ax, CTOME_AXIS_Y, ylabel ? ylabel : "similarity");
    ctome_axes_set_ticks(ax, CTOME_AXIS_X, x, labels, labels ? k : 0);
    ctome_axes_set_limits(ax, CTOME_AXIS_X, -0.7, (double)k - 0.3);
    double pad = 0.08 * (ymax - ymin > 0 ? ymax - ymin : 1);
    ctome_axes_set_limits(ax, CTOME_AXIS_Y, ymin < 0 ? ymin - pad : 0, ymax + pad);
    rc = ctome_axes_bars(ax, x, value, k, 0.6, &(ctome_style){.color = {0.34, 0.71, 0.91, 1}});
    ctome_rgba black = {0, 0, 0, 1};
    for (size_t i = 0; i < k && !rc && lo && hi; i++) {
        if (!isfinite(lo[i]) || !isfinite(hi[i]))
            continue;
        double ex[2] = {x[i], x[i]}, ey[2] = {lo[i], hi[i]};
        double cx[2] = {x[i] - 0.12, x[i] + 0.12}, cl[2] = {lo[i], lo[i]}, ch[2] = {hi[i], hi[i]};
        const ctome_style st = {.color = black, .line_width = 1.2};
        rc = ctome_axes_line(ax, ex, ey, 2, &st);
        if (!rc)
            rc = ctome_axes_line(ax, cx, cl, 2, &st);
        if (!rc)
            rc = ctome_axes_line(ax, cx, ch, 2, &st);
    }
    if (!rc)
        rc = ctome_axes_hline(ax, 0, &(ctome_style){.color = {0.3, 0.3, 0.3, 1}, .line_width = 0.8});
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    free(x);
    return rc;
}
