/* dfc_figs.c — figures of a dynamic functional connectome run (dfc_figs.h). */
#include "dfc_figs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfc.h"
#include "error.h"
#include "plot.h"

#define MAX_PANELS 16

static int check(const ctome_store_dfc *d)
{
    if (!d || d->rank == 0 || d->n_neurons < 2)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc figure: empty run");
    if (d->rank > MAX_PANELS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc figure: %zu components (at most %d are drawn)", d->rank,
                           MAX_PANELS);
    return CTOME_OK;
}

static void grid_of(size_t n, int *rows, int *cols)
{
    *cols = n <= 2 ? (int)n : n <= 4 ? 2 : n <= 9 ? 3 : 4;
    *rows = (int)((n + (size_t)*cols - 1) / (size_t)*cols);
}

int ctome_dfc_plot_loadings(const ctome_store_dfc *d, const double *stim_start, const double *stim_end,
                            size_t n_stim, const char *path)
{
    int rc = check(d);
    if (rc)
        return rc;
    size_t W = d->n_windows, K = d->n_worms, R = d->rank;
    ctome_plot *p = NULL;
    rc = ctome_plot_new(640, 520, 2, 1, &p);
    double *x = malloc(W * sizeof *x), *y = malloc((W > K ? W : K) * sizeof *y), *xb = malloc(K * sizeof *xb);
    if (!rc && (!x || !y || !xb))
        rc = ctome_error_nomem();
    ctome_axes *a = rc ? NULL : ctome_plot_panel(p, 0, 0);
    double ymax = 0;
    for (size_t i = 0; !rc && i < W * R; i++)
        ymax = d->temporal[i] > ymax ? d->temporal[i] : ymax;
    for (size_t s = 0; !rc && s < n_stim; s++) {
        double bx[2] = {stim_start[s], stim_end[s]}, lo[2] = {0, 0}, hi[2] = {ymax, ymax};
        ctome_style st = {.color = {0.5, 0.5, 0.5, 1}, .alpha = 0.2, .label = s == 0 ? "stimulus / interval" : NULL};
        rc = ctome_axes_band(a, bx, lo, hi, 2, &st);
    }
    for (size_t w = 0; !rc && w < W; w++)
        x[w] = d->window_t0[w] + 0.5 * d->window_s;
    for (size_t r = 0; !rc && r < R; r++) {
        char lab[32];
        snprintf(lab, sizeof lab, "component %zu", r + 1);
        for (size_t w = 0; w < W; w++)
            y[w] = d->temporal[w * R + r];
        ctome_style st = {.label = lab};
        rc = ctome_axes_line(a, x, y, W, &st);
    }
    if (!rc) {
        ctome_axes_set_title(a, "temporal loadings (window centre)");
        ctome_axes_set_label(a, CTOME_AXIS_X, "time (s)");
        ctome_axes_set_label(a, CTOME_AXIS_Y, "loading (unit norm)");
        ctome_axes_set_legend(a, CTOME_LEGEND_OUTSIDE_RIGHT);
        ctome_axes_set_panel_label(a, "A");
        a = ctome_plot_panel(p, 1, 0);
    }
    double width = 0.8 / (double)R;
    for (size_t r = 0; !rc && r < R; r++) {
        for (size_t k = 0; k < K; k++) {
            xb[k] = (double)k + ((double)r - 0.5 * (double)(R - 1)) * width;
            y[k] = d->animal[k * R + r];
        }
        char lab[32];
        snprintf(lab, sizeof lab, "component %zu", r + 1);
        ctome_style st = {.label = lab};
        rc = ctome_axes_bars(a, xb, y, K, width, &st);
    }
    if (!rc) {
        double *pos = malloc(K * sizeof *pos);
        if (!pos)
            rc = ctome_error_nomem();
        for (size_t k = 0; !rc && k < K; k++)
            pos[k] = (double)k;
        if (!rc)
            rc = ctome_axes_set_ticks(a, CTOME_AXIS_X, pos, (const char *const *)d->worms, K);
        free(pos);
        ctome_axes_set_title(a, "animal loadings");
        ctome_axes_set_label(a, CTOME_AXIS_Y, "loading (unit norm)");
        ctome_axes_set_legend(a, CTOME_LEGEND_OUTSIDE_RIGHT);
        ctome_axes_set_panel_label(a, "B");
    }
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    free(x);
    free(y);
    free(xb);
    return rc;
}

/* Neurons ordered by coherent community of component r, then the rest by
 * Leiden community, then inactive; group starts into start[] (coherent
 * communities only), returns their number. */
static size_t order_of(const ctome_store_dfc *d, size_t r, size_t *ord, size_t *start)
{
    size_t N = d->n_neurons, m = 0, ng = 0;
    const int32_t *coh = d->coherent + r * N, *mem = d->membership + r * N;
    int32_t cmax = -1, mmax = -1;
    for (size_t i = 0; i < N; i++) {
        cmax = coh[i] > cmax ? coh[i] : cmax;
        mmax = mem[i] > mmax ? mem[i] : mmax;
    }
    for (int32_t c = 0; c <= cmax; c++) {
        start[ng++] = m;
        for (size_t i = 0; i < N; i++)
            if (coh[i] == c)
                ord[m++] = i;
    }
    if (ng && m < N)
        start[ng++] = m;   /* the rest, labelled "rest" by the caller */
    for (int32_t c = -1; c <= mmax; c++)
        for (size_t i = 0; i < N; i++)
            if (coh[i] < 0 && mem[i] == (c < 0 ? mmax + 1 : c))
                ord[m++] = i;
    for (size_t i = 0; i < N; i++)
        if (coh[i] < 0 && mem[i] < 0)
            ord[m++] = i;
    return ng;
}

int ctome_dfc_plot_factors(const ctome_store_dfc *d, const char *path)
{
    int rc = check(d);
    if (rc)
        return rc;
    size_t N = d->n_neurons, R = d->rank;
    int rows, cols;
    grid_of(R, &rows, &cols);
    ctome_plot *p = NULL;
    rc = ctome_plot_new(260.0 * cols, 250.0 * rows, rows, cols, &p);
    double *m = malloc(N * N * sizeof *m);
    size_t *ord = malloc(N * sizeof *ord), *start = malloc(N * sizeof *start);
    if (!rc && (!m || !ord || !start))
        rc = ctome_error_nomem();
    for (size_t r = 0; !rc && r < R; r++) {
        size_t ng = order_of(d, r, ord, start);
        for (size_t a = 0; a < N; a++)
            for (size_t b = 0; b < N; b++)
                m[a * N + b] = a == b ? NAN : d->factors[ctome_dfc_pair_index(N, ord[a], ord[b]) * R + r];
        ctome_axes *ax = ctome_plot_panel(p, (int)(r / (size_t)cols), (int)(r % (size_t)cols));
        ctome_heatmap_opts ho = {.cmap = CTOME_CMAP_VIRIDIS, .cbar_label = "affinity factor"};
        rc = ctome_axes_heatmap(ax, m, N, N, &ho);
        char t[96];
        size_t nc = 0;
        for (size_t i = 0; i < N; i++)
            nc = d->coherent[r * N + i] + 1 > (int32_t)nc ? (size_t)(d->coherent[r * N + i] + 1) : nc;
        snprintf(t, sizeof t, "component %zu (%zu coherent communit%s)", r + 1, nc, nc == 1 ? "y" : "ies");
        if (!rc)
            rc = ctome_axes_set_title(ax, t);
        if (!rc && ng) {
            char **lab = malloc(ng * sizeof *lab);
            char *buf = malloc(ng * 24);
            if (!lab || !buf) {
                rc = ctome_error_nomem();
            } else {
                size_t ncoh = d->n_neurons;   /* number of coherent communities */
                int32_t cmax = -1;
                for (size_t i = 0; i < N; i++)
                    cmax = d->coherent[r * N + i] > cmax ? d->coherent[r * N + i] : cmax;
                ncoh = (size_t)(cmax + 1);
                for (size_t g = 0; g < ng; g++) {
                    if (g < ncoh)
                        snprintf(buf + g * 24, 24, "c%zu", g + 1);
                    else
                        snprintf(buf + g * 24, 24, "rest");
                    lab[g] = buf + g * 24;
                }
                rc = ctome_axes_set_groups(ax, CTOME_AXIS_X, start, (const char *const *)lab, ng);
                if (!rc)
                    rc = ctome_axes_set_groups(ax, CTOME_AXIS_Y, start, (const char *const *)lab, ng);
            }
            free(lab);
            free(buf);
        }
        if (!rc)
            rc = ctome_axes_set_ticks(ax, CTOME_AXIS_X, NULL, NULL, 0);
        if (!rc && !ng)
            rc = ctome_axes_set_ticks(ax, CTOME_AXIS_Y, NULL, NULL, 0);
    }
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    free(m);
    free(ord);
    free(start);
    return rc;
}

int ctome_dfc_plot_somas(const ctome_store_dfc *d, const ctome_registry *reg, const char *path,
                         size_t *n_unplaced)
{
    int rc = check(d);
    if (rc)
        return rc;
    size_t N = d->n_neurons, R = d->rank, unplaced = 0;
    int rows, cols;
    grid_of(R, &rows, &cols);
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), *cx = malloc(N * sizeof *cx),
           *cy = malloc(N * sizeof *cy);
    int *ok = malloc(N * sizeof *ok);
    ctome_plot *p = NULL;
    if (!x || !y || !cx || !cy || !ok)
        rc = ctome_error_nomem();
    size_t np = 0;
    for (size_t i = 0; !rc && i < N; i++) {
        int ri = reg ? ctome_registry_find(reg, d->neurons[i]) : -1;
        const ctome_neuron *nr = ri >= 0 ? ctome_registry_neuron(reg, (size_t)ri) : NULL;
        ok[i] = nr && nr->has_pos;
        unplaced += !ok[i];
        if (ok[i]) {
            x[np] = nr->pos[0];
            y[np++] = nr->pos[1];
        }
    }
    if (!rc && np == 0)
        rc = ctome_error(CTOME_EVALUE, path, 0, "dfc somas: no neuron of the run has a soma position");
    if (!rc)
        rc = ctome_plot_new(300.0 * cols, 160.0 * rows, rows, cols, &p);
    for (size_t r = 0; !rc && r < R; r++) {
        ctome_axes *ax = ctome_plot_panel(p, (int)(r / (size_t)cols), (int)(r % (size_t)cols));
        ctome_style grey = {.color = {0.75, 0.75, 0.75, 1}, .marker = CTOME_MARKER_CIRCLE, .marker_size = 3};
        rc = ctome_axes_scatter(ax, x, y, np, &grey);
        const int32_t *coh = d->coherent + r * N;
        for (int32_t c = 0; !rc; c++) {
            size_t m = 0, j = 0;
            for (size_t i = 0; i < N; i++) {
                if (!ok[i])
                    continue;
                if (coh[i] == c) {
                    cx[m] = x[j];
                    cy[m++] = y[j];
                }
                j++;
            }
            int any = 0;
            for (size_t i = 0; i < N; i++)
                any |= coh[i] == c;
            if (!any)
                break;
            char lab[16];
            snprintf(lab, sizeof lab, "c%d", (int)c + 1);
            ctome_style st = {.marker = CTOME_MARKER_CIRCLE, .marker_size = 5, .label = lab};
            if (m)
                rc = ctome_axes_scatter(ax, cx, cy, m, &st);
        }
        char t[48];
        snprintf(t, sizeof t, "component %zu", r + 1);
        if (!rc) {
            ctome_axes_set_title(ax, t);
            ctome_axes_set_label(ax, CTOME_AXIS_X, "AP position (µm)");
            ctome_axes_set_label(ax, CTOME_AXIS_Y, "y (µm)");
            ctome_axes_set_legend(ax, CTOME_LEGEND_OUTSIDE_RIGHT);
        }
    }
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    free(x);
    free(y);
    free(cx);
    free(cy);
    free(ok);
    if (n_unplaced)
        *n_unplaced = unplaced;
    return rc;
}
