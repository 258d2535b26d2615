/* ei_atlas_figs.c — model atlas vs functional atlas, and sweep heatmaps
 * (ei_atlas_figs.h). */
#include "ei_atlas_figs.h"

#include "error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TICKS 40   /* neuron names per heatmap axis before thinning */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* 99th percentile of |v| over finite entries (1 if none or all 0). */
static double abs_q99(const double *v, size_t n)
{
    double *t = malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return 1.0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            t[k++] = fabs(v[i]);
    double q = 0;
    if (k) {
        qsort(t, k, sizeof *t, cmp_double);
        q = t[(size_t)floor(0.99 * (double)(k - 1))];
    }
    free(t);
    return q > 0 ? q : 1.0;
}

/* Neuron-name ticks at cell centres, every step-th so at most MAX_TICKS. */
static int name_ticks(ctome_axes *ax, ctome_axis axis, const ctome_ei *m, const size_t *idx, size_t k)
{
    size_t step = (k + MAX_TICKS - 1) / MAX_TICKS, nt = 0;
    double *pos = malloc((k ? k : 1) * sizeof *pos);
    const char **lab = malloc((k ? k : 1) * sizeof *lab);
    int rc = pos && lab ? CTOME_OK : ctome_error_nomem();
    for (size_t i = 0; !rc && i < k; i += step) {
        pos[nt] = (double)i + 0.5;
        const char *nm = ctome_ei_name(m, idx[i]);
        lab[nt++] = nm ? nm : "?";
    }
    if (!rc)
        rc = ctome_axes_set_ticks(ax, axis, pos, lab, nt);
    free(pos);
    free((void *)lab);
    return rc;
}

int ctome_plot_ei_atlas(const ctome_ei *m, const ctome_ei_atlas *a, const ctome_ei_atlas_cmp *c,
                        const char *title, const char *path)
{
    const ctome_ei_atlas_pairs *p = &c->pairs;
    size_t n = m->n, ks = p->n_stim, kr = 0;
    long *srow = malloc(n * sizeof *srow), *rcol = malloc(n * sizeof *rcol);
    long *arow = malloc(n * sizeof *arow);
    size_t *resp = malloc(n * sizeof *resp);
    int rc = srow && rcol && arow && resp ? CTOME_OK : ctome_error_nomem();
    for (size_t i = 0; !rc && i < n; i++)
        srow[i] = rcol[i] = arow[i] = -1;
    for (size_t s = 0; !rc && s < a->n_stim; s++)
        arow[a->stim[s]] = (long)s;
    for (size_t s = 0; !rc && s < ks; s++) {
        srow[p->stim_list[s]] = (long)s;
        if (arow[p->stim_list[s]] < 0)
            rc = ctome_error(CTOME_EINVAL, path, 0, "the atlas has no stimulation of neuron %zu",
                             p->stim_list[s]);
    }
    for (size_t q = 0; !rc && q < p->n_pairs; q++)
        rcol[p->resp[q]] = 0;
    for (size_t i = 0; !rc && i < n; i++)
        if (rcol[i] == 0) {
            rcol[i] = (long)kr;
            resp[kr++] = i;
        }
    double *A = NULL, *D = NULL;
    if (!rc) {
        A = malloc(ks * kr * sizeof *A);
        D = malloc(ks * kr * sizeof *D);
        if (!A || !D)
            rc = ctome_error_nomem();
    }
    for (size_t s = 0; !rc && s < ks; s++)
        for (size_t r = 0; r < kr; r++) {
            size_t j = p->stim_list[s], i = resp[r];
            A[s * kr + r] = i == j ? NAN : a->r[(size_t)arow[j] * n + i];
            D[s * kr + r] = NAN;
        }
    for (size_t q = 0; !rc && q < p->n_pairs; q++)
        D[(size_t)srow[p->stim[q]] * kr + (size_t)rcol[p->resp[q]]] = p->data[q];
    ctome_plot *pl = NULL;
    if (!rc)
        rc = ctome_plot_new(900, 760, 2, 2, &pl);
    char buf[512];
    if (!rc) {
        if (isfinite(c->p))
            snprintf(buf, sizeof buf, "%s: rho = %.3f, null %.3f +- %.3f, p = %.3g (%zu nulls), %zu pairs",
                     title ? title : "model vs atlas", c->rho, c->null_mean, c->null_sd, c->p, c->n_valid,
                     p->n_pairs);
        else
            snprintf(buf, sizeof buf, "%s: rho = %.3f, %zu pairs", title ? title : "model vs atlas", c->rho,
                     p->n_pairs);
        rc = ctome_plot_set_title(pl, buf);
    }
    ctome_axes *pa = rc ? NULL : ctome_plot_panel(pl, 0, 0), *pb = rc ? NULL : ctome_plot_panel(pl, 0, 1);
    ctome_axes *pc = rc ? NULL : ctome_plot_panel(pl, 1, 0), *pd = rc ? NULL : ctome_plot_panel(pl, 1, 1);
    if (!rc) {
        double qa = abs_q99(A, ks * kr), qd = abs_q99(D, ks * kr);
        rc = ctome_axes_heatmap(pa, A, ks, kr, &(ctome_heatmap_opts){.cmap = CTOME_CMAP_DIVERGING, .vmin = -qa,
                                                                     .vmax = qa, .cbar_label = "model response"});
        if (!rc)
            rc = ctome_axes_heatmap(pb, D, ks, kr, &(ctome_heatmap_opts){.cmap = CTOME_CMAP_DIVERGING,
                                                                         .vmin = -qd, .vmax = qd,
                                                                         .cbar_label = "measured response"});
    }
    for (int k = 0; !rc && k < 2; k++) {
        ctome_axes *ax = k ? pb : pa;
        rc = name_ticks(ax, CTOME_AXIS_Y, m, p->stim_list, ks);
        if (!rc)
            rc = name_ticks(ax, CTOME_AXIS_X, m, resp, kr);
        ctome_axes_set_label(ax, CTOME_AXIS_X, "responding");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "stimulated");
        ctome_axes_set_title(ax, k ? "functional atlas (grey: not measured)" : "model atlas");
        ctome_axes_set_panel_label(ax, k ? "B" : "A");
    }
    if (!rc) {
        rc = ctome_axes_scatter(pc, p->data, c->model, p->n_pairs, &(ctome_style){.alpha = 0.35, .marker_size = 3});
        ctome_axes_hline(pc, 0, &(ctome_style){.color = {0.5, 0.5, 0.5, 1}, .line_width = 0.5});
        ctome_axes_vline(pc, 0, &(ctome_style){.color = {0.5, 0.5, 0.5, 1}, .line_width = 0.5});
        /* heavy tails (a few responses 10x the rest): axes at 1.2 x the 99th
         * percentile of |value|, so the bulk is visible */
        double qx = 1.2 * abs_q99(p->data, p->n_pairs), qy = 1.2 * abs_q99(c->model, p->n_pairs);
        ctome_axes_set_limits(pc, CTOME_AXIS_X, -qx, qx);
        ctome_axes_set_limits(pc, CTOME_AXIS_Y, -qy, qy);
        ctome_axes_set_label(pc, CTOME_AXIS_X, "measured response");
        ctome_axes_set_label(pc, CTOME_AXIS_Y, "model response");
        snprintf(buf, sizeof buf, "pairs: rho = %.3f, signs agree %.0f%%", c->rho, 100 * c->sign_agree);
        ctome_axes_set_title(pc, buf);
        ctome_axes_set_panel_label(pc, "C");
    }
    if (!rc && c->n_valid > 0) {
        double *v = malloc(c->n_nulls * sizeof *v);
        size_t k = 0;
        rc = v ? CTOME_OK : ctome_error_nomem();
        for (size_t i = 0; !rc && i < c->n_nulls; i++)
            if (isfinite(c->null_rho[i]))
                v[k++] = c->null_rho[i];
        double lo = c->rho, hi = c->rho;
        for (size_t i = 0; !rc && i < k; i++) {
            lo = fmin(lo, v[i]);
            hi = fmax(hi, v[i]);
        }
        double pad = (hi - lo) * 0.05 + 1e-3;
        if (!rc)
            rc = ctome_axes_histogram(pd, v, k, k < 50 ? 10 : 25, lo - pad, hi + pad,
                                      &(ctome_style){.label = "rewired nulls"});
        if (!rc)
            rc = ctome_axes_vline(pd, c->rho, &(ctome_style){.color = {0.8, 0.1, 0.1, 1}, .line_width = 2,
                                                             .label = "model"});
        free(v);
        ctome_axes_set_label(pd, CTOME_AXIS_X, "Spearman rho");
        ctome_axes_set_label(pd, CTOME_AXIS_Y, "nulls");
        snprintf(buf, sizeof buf, "degree-preserving nulls: z = %.2f", c->z);
        ctome_axes_set_title(pd, buf);
        if (!rc)
            rc = ctome_axes_set_legend(pd, CTOME_LEGEND_UPPER_LEFT);
    } else if (!rc) {
        ctome_axes_set_limits(pd, CTOME_AXIS_X, 0, 1);
        ctome_axes_set_limits(pd, CTOME_AXIS_Y, 0, 1);
        snprintf(buf, sizeof buf, "no nulls (use --nulls K)");
        rc = ctome_axes_text(pd, 0.5, 0.5, buf, 0.5);
    }
    if (!rc)
        ctome_axes_set_panel_label(pd, "D");
    if (!rc)
        rc = ctome_plot_save(pl, path);
    ctome_plot_free(pl);
    free(A);
    free(D);
    free(srow);
    free(rcol);
    free(arow);
    free(resp);
    return rc;
}

/* Axis tick labels: the grid values, thinned to at most 12. */
static int value_ticks(ctome_axes *ax, ctome_axis axis, const double *v, size_t k)
{
    size_t step = (k + 11) / 12, nt = 0;
    double *pos = malloc(k * sizeof *pos);
    char **lab = malloc(k * sizeof *lab);
    char *txt = malloc(k * 16);
    int rc = pos && lab && txt ? CTOME_OK : ctome_error_nomem();
    for (size_t i = 0; !rc && i < k; i += step) {
        pos[nt] = (double)i + 0.5;
        snprintf(txt + nt * 16, 16, "%.3g", v[i]);
        lab[nt] = txt + nt * 16;
        nt++;
    }
    if (!rc)
        rc = ctome_axes_set_ticks(ax, axis, pos, (const char *const *)lab, nt);
    free(pos);
    free(lab);
    free(txt);
    return rc;
}

int ctome_plot_ei_sweep(const ctome_ei_sweep *s, const char *title, const char *path)
{
    ctome_plot *pl = NULL;
    int rc = ctome_plot_new(520, 420, 1, 1, &pl);
    char buf[256];
    if (!rc) {
        snprintf(buf, sizeof buf, "%s", title ? title : "model vs atlas: Spearman \u03c1");
        rc = ctome_plot_set_title(pl, buf);
    }
    ctome_axes *ax = rc ? NULL : ctome_plot_panel(pl, 0, 0);
    const char *n1 = ctome_sweep_param_name(s->ax[0].param);
    if (!rc && s->n2 > 1) {
        double *v = malloc(s->n1 * s->n2 * sizeof *v);
        if (!v)
            rc = ctome_error_nomem();
        for (size_t q = 0; !rc && q < s->n1 * s->n2; q++)
            v[q] = s->status[q] == CTOME_SWEEP_BLOWUP ? NAN : s->rho[q];
        if (!rc)
            /* sequential unless rho takes both signs (issue 14: a diverging map
             * centred on a 0 that all-positive values never reach hides their
             * differences); each point's rho printed in its cell */
            rc = ctome_axes_heatmap(ax, v, s->n1, s->n2,
                                    &(ctome_heatmap_opts){.cmap = CTOME_CMAP_AUTO,
                                                          .cbar_label = "Spearman \u03c1 (grey: blew up)",
                                                          .cell_digits = 2});
        free(v);
        if (!rc)
            rc = value_ticks(ax, CTOME_AXIS_Y, s->v1, s->n1);
        if (!rc)
            rc = value_ticks(ax, CTOME_AXIS_X, s->v2, s->n2);
        ctome_axes_set_label(ax, CTOME_AXIS_X, ctome_sweep_param_name(s->ax[1].param));
        ctome_axes_set_label(ax, CTOME_AXIS_Y, n1);
    } else if (!rc) {
        double *x = malloc(s->n1 * sizeof *x), *y = malloc(s->n1 * sizeof *y);
        size_t k = 0;
        rc = x && y ? CTOME_OK : ctome_error_nomem();
        for (size_t q = 0; !rc && q < s->n1; q++)
            if (s->status[q] != CTOME_SWEEP_BLOWUP && isfinite(s->rho[q])) {
                x[k] = s->v1[q];
                y[k++] = s->rho[q];
            }
        if (!rc && k > 0)
            rc = ctome_axes_line(ax, x, y, k, &(ctome_style){.marker = CTOME_MARKER_CIRCLE});
        if (!rc && s->ax[0].log && k > 0)
            rc = ctome_axes_set_scale(ax, CTOME_AXIS_X, CTOME_SCALE_LOG10);
        free(x);
        free(y);
        ctome_axes_set_label(ax, CTOME_AXIS_X, n1);
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "Spearman \u03c1");
    }
    if (!rc)
        rc = ctome_plot_save(pl, path);
    ctome_plot_free(pl);
    return rc;
}
