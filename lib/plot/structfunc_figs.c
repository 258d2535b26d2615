/* structfunc_figs.c — scatter and histograms of a structure-function test
 * (structfunc_figs.h). */
#include "structfunc_figs.h"

#include "error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define HIST_BINS 30

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int ctome_plot_structfunc(const ctome_structfunc *s, const char *title, const char *unit, const char *path)
{
    if (!s || !path)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no result or path");
    if (s->n_pairs == 0)
        return ctome_error(CTOME_EVALUE, path, 0, "no neuron pair to draw");
    size_t n = s->n_pairs, nc = 0, nu = 0;
    double *cx = malloc(n * sizeof *cx), *cy = malloc(n * sizeof *cy), *uy = malloc(2 * n * sizeof *uy);
    ctome_plot *p = NULL;
    int rc = cx && cy && uy ? CTOME_OK : ctome_error_nomem();
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; !rc && i < n; i++) {
        double y = s->func[i];
        lo = fmin(lo, y);
        hi = fmax(hi, y);
        if (s->structural[i] > 0) {
            cx[nc] = s->structural[i];
            cy[nc++] = y;
        } else {
            uy[nu++] = y;
        }
    }
    if (!rc)
        rc = ctome_plot_new(720, 320, 1, 2, &p);
    char buf[512], xl[160];
    if (!rc) {
        snprintf(buf, sizeof buf, "%s: rho = %.3f, p = %.3g (%zu nulls), %zu neurons",
                 title ? title : s->functional, s->rho, s->p, s->n_nulls, s->n_shared);
        rc = ctome_plot_set_title(p, buf);
    }
    ctome_axes *a = rc ? NULL : ctome_plot_panel(p, 0, 0), *b = rc ? NULL : ctome_plot_panel(p, 0, 1);
    if (!rc && nc > 0) {
        rc = ctome_axes_scatter(a, cx, cy, nc, &(ctome_style){.alpha = 0.35, .marker_size = 3});
        if (!rc)
            rc = ctome_axes_set_scale(a, CTOME_AXIS_X, CTOME_SCALE_LOG10);
    }
    if (!rc) {
        snprintf(xl, sizeof xl, "%s weight%s%s, log scale", s->layer, unit && *unit ? ": " : "",
                 unit && *unit ? unit : "");
        ctome_axes_set_label(a, CTOME_AXIS_X, xl);
        ctome_axes_set_label(a, CTOME_AXIS_Y, "functional value");
        snprintf(buf, sizeof buf, "connected pairs (%zu)", nc);
        ctome_axes_set_title(a, buf);
        ctome_axes_set_panel_label(a, "A");
        ctome_axes_set_panel_label(b, "B");
        ctome_axes_set_label(b, CTOME_AXIS_X, "functional value");
        ctome_axes_set_label(b, CTOME_AXIS_Y, "share of the group's pairs");
        ctome_axes_set_title(b, "unconnected vs connected pairs");
    }
    /* shares of each group per bin (the groups differ in size by 10-20x),
     * over the 0.5-99.5 % range of the non-zero values and 0 (the Randi
     * amplitudes are heavy-tailed) */
    double *cen = NULL, *hu = NULL, *hc = NULL;
    if (!rc) {
        size_t nz = 0;
        for (size_t i = 0; i < n; i++)
            if (s->func[i] != 0)
                uy[nu + nz++] = s->func[i];   /* scratch after the unconnected values */
        if (nz >= 2) {
            qsort(uy + nu, nz, sizeof *uy, cmp_double);
            lo = fmin(0, uy[nu + (size_t)(0.005 * (double)(nz - 1))]);
            hi = fmax(0, uy[nu + (size_t)ceil(0.995 * (double)(nz - 1))]);
        }
        if (!(hi > lo)) {
            lo -= 0.5;
            hi += 0.5;
        }
        cen = malloc(HIST_BINS * sizeof *cen);
        hu = calloc(HIST_BINS, sizeof *hu);
        hc = calloc(HIST_BINS, sizeof *hc);
        if (!cen || !hu || !hc)
            rc = ctome_error_nomem();
    }
    double bw = (hi - lo) / HIST_BINS;
    size_t zu = 0, zc = 0;   /* pairs whose functional value is exactly 0 */
    if (!rc) {
        for (size_t k = 0; k < HIST_BINS; k++)
            cen[k] = lo + ((double)k + 0.5) * bw;
        for (size_t i = 0; i < n; i++) {
            double y = s->func[i];
            /* exact zeros (most Randi pairs: no response, or not measured)
             * would make one bin dwarf all others: counted apart, in the title */
            if (y == 0) {
                if (s->structural[i] > 0)
                    zc++;
                else
                    zu++;
                continue;
            }
            if (y < lo || y > hi)
                continue;
            size_t k = y >= hi ? HIST_BINS - 1 : (size_t)((y - lo) / bw);
            if (s->structural[i] > 0)
                hc[k] += 1.0 / (double)nc;
            else
                hu[k] += 1.0 / (double)nu;
        }
        for (size_t k = 0; k < HIST_BINS; k++)
            cen[k] -= bw / 4;
        snprintf(buf, sizeof buf, "weight 0 (%zu pairs)", nu);
        if (nu > 0)
            rc = ctome_axes_bars(b, cen, hu, HIST_BINS, bw / 2, &(ctome_style){.label = buf});
        for (size_t k = 0; k < HIST_BINS; k++)
            cen[k] += bw / 2;
        snprintf(buf, sizeof buf, "weight > 0 (%zu pairs)", nc);
        if (!rc && nc > 0)
            rc = ctome_axes_bars(b, cen, hc, HIST_BINS, bw / 2, &(ctome_style){.label = buf});
    }
    free(cen);
    free(hu);
    free(hc);
    if (!rc && zu + zc > 0) {
        snprintf(buf, sizeof buf, "value 0 (not binned): %.0f%% of weight-0, %.0f%% of weight>0 pairs",
                 nu ? 100.0 * (double)zu / (double)nu : 0.0, nc ? 100.0 * (double)zc / (double)nc : 0.0);
        rc = ctome_axes_set_title(b, buf);
    }
    if (!rc)
        rc = ctome_axes_set_legend(b, CTOME_LEGEND_UPPER_RIGHT);
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    free(cx);
    free(cy);
    free(uy);
    return rc;
}
