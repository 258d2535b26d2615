/* rank_figs.c — the scree figure of singular values (rank_figs.h). */
#include "rank_figs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "plot.h"

static const ctome_rgba blue = {0, 0.447, 0.698, 1};
static const ctome_rgba orange = {0.835, 0.369, 0, 1};
static const ctome_rgba green = {0, 0.620, 0.451, 1};
static const ctome_rgba grey = {0.55, 0.55, 0.55, 1};

static int scree_panel(ctome_axes *ax, const ctome_rank *r, const double *k)
{
    int rc = ctome_axes_line(ax, k, r->sv, r->n_sv,
                             &(ctome_style){.color = blue, .marker = r->n_sv <= 100 ? CTOME_MARKER_CIRCLE
                                                                                     : CTOME_MARKER_NONE,
                                            .marker_size = 3, .label = "singular values"});
    char lab[64];
    if (!rc && isfinite(r->effective_rank)) {
        snprintf(lab, sizeof lab, "effective rank %.1f", r->effective_rank);
        rc = ctome_axes_vline(ax, r->effective_rank, &(ctome_style){.color = orange, .dashed = 1, .label = lab});
    }
    if (!rc && isfinite(r->participation_ratio)) {
        snprintf(lab, sizeof lab, "participation ratio %.1f", r->participation_ratio);
        rc = ctome_axes_vline(ax, r->participation_ratio,
                              &(ctome_style){.color = green, .dashed = 1, .label = lab});
    }
    if (!rc) {
        ctome_axes_set_scale(ax, CTOME_AXIS_Y, CTOME_SCALE_LOG10);
        ctome_axes_set_label(ax, CTOME_AXIS_X, "component k");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "singular value s_k");
        ctome_axes_set_title(ax, "Scree");
        ctome_axes_set_panel_label(ax, "A");
        ctome_axes_set_legend(ax, CTOME_LEGEND_UPPER_RIGHT);
    }
    return rc;
}

static int cumulative_panel(ctome_axes *ax, const ctome_rank *r, ctome_rank_pr pr, const double *k,
                            double *cum)
{
    double total = 0;
    for (size_t i = 0; i < r->n_sv; i++)
        total += pr == CTOME_RANK_PR_PSD ? r->sv[i] : r->sv[i] * r->sv[i];
    double acc = 0;
    for (size_t i = 0; i < r->n_sv; i++) {
        acc += pr == CTOME_RANK_PR_PSD ? r->sv[i] : r->sv[i] * r->sv[i];
        cum[i] = acc / total;
    }
    int rc = ctome_axes_line(ax, k, cum, r->n_sv, &(ctome_style){.color = blue});
    if (!rc)
        rc = ctome_axes_hline(ax, 0.9, &(ctome_style){.color = grey, .dashed = 1, .line_width = 0.8,
                                                      .label = "90%"});
    if (!rc) {
        ctome_axes_set_limits(ax, CTOME_AXIS_Y, 0, 1.02);
        ctome_axes_set_label(ax, CTOME_AXIS_X, "components k");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, pr == CTOME_RANK_PR_PSD ? "cumulative variance (eigenvalues)"
                                                                       : "cumulative share of sum s_k^2");
        ctome_axes_set_title(ax, "Cumulative variance");
        ctome_axes_set_panel_label(ax, "B");
        ctome_axes_set_legend(ax, CTOME_LEGEND_LOWER_RIGHT);
    }
    return rc;
}

int ctome_plot_rank_scree(const ctome_rank *r, ctome_rank_pr pr, const char *title, const char *path)
{
    if (r->n_sv == 0 || !r->sv || !(r->sv[0] > 0))
        return ctome_error(CTOME_EVALUE, path, 0, "scree figure: no non-zero singular value");
    double *k = malloc(2 * r->n_sv * sizeof *k);
    if (!k)
        return ctome_error_nomem();
    for (size_t i = 0; i < r->n_sv; i++)
        k[i] = (double)(i + 1);
    ctome_plot *p;
    int rc = ctome_plot_new(640, 260, 1, 2, &p);
    if (!rc) {
        if (title)
            rc = ctome_plot_set_title(p, title);
        if (!rc)
            rc = scree_panel(ctome_plot_panel(p, 0, 0), r, k);
        if (!rc)
            rc = cumulative_panel(ctome_plot_panel(p, 0, 1), r, pr, k, k + r->n_sv);
        if (!rc)
            rc = ctome_plot_save(p, path);
        ctome_plot_free(p);
    }
    free(k);
    return rc;
}
