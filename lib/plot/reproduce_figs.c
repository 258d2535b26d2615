/* reproduce_figs.c — the figure of a reproduced paper (reproduce_figs.h). */
#include "reproduce_figs.h"

#include "error.h"
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The shared style (plot.h): palette colours and the reference grey, so the
 * paper checks look like every other figure (tests/test_figure_style.c). */
#define BLUE ctome_plot_palette(0)
#define VERMILLION ctome_plot_palette(1)
#define GREEN ctome_plot_palette(2)
#define GREY ctome_plot_reference_grey()

/* Panel A: ratio ctome / paper of the numeric claims. */
static int ratio_panel(ctome_axes *ax, const ctome_repro_paper *p)
{
    double x[64], y[64], xr[64], yr[64], xd[64], yd[64], tick[64];
    const char *lab[64];
    size_t n = 0, nr = 0, nd = 0;
    for (size_t i = 0; i < p->n_claims && n < 64; i++) {
        const ctome_claim *c = &p->claims[i];
        if (!isfinite(c->paper_value) || c->paper_value == 0)
            continue;
        double v = c->value / c->paper_value;
        x[n] = (double)n;
        y[n] = v;
        tick[n] = (double)n;
        lab[n] = c->id;
        if (isfinite(v)) {
            if (c->verdict == CTOME_REPRODUCED) {
                xr[nr] = x[n];
                yr[nr++] = v;
            } else {
                xd[nd] = x[n];
                yd[nd++] = v;
            }
        }
        n++;
    }
    int rc = ctome_axes_hline(ax, 1, &(ctome_style){.color = GREY, .dashed = 1, .line_width = 0.8});
    if (!rc && nr)
        rc = ctome_axes_scatter(ax, xr, yr, nr, &(ctome_style){.color = GREEN, .marker = CTOME_MARKER_CIRCLE,
                                                              .marker_size = 6, .label = "REPRODUCED"});
    if (!rc && nd)
        rc = ctome_axes_scatter(ax, xd, yd, nd, &(ctome_style){.color = VERMILLION, .marker = CTOME_MARKER_SQUARE,
                                                              .marker_size = 6, .label = "DIFFERS"});
    if (!rc)
        rc = ctome_axes_set_ticks(ax, CTOME_AXIS_X, tick, lab, n);
    double lo = 1, hi = 1;
    for (size_t i = 0; i < n; i++)
        if (isfinite(y[i])) {
            lo = fmin(lo, y[i]);
            hi = fmax(hi, y[i]);
        }
    double pad = 0.12 * (hi - lo) + 0.02;
    if (!rc) {
        ctome_axes_set_limits(ax, CTOME_AXIS_X, -0.6, (double)n - 0.4);
        ctome_axes_set_limits(ax, CTOME_AXIS_Y, lo - pad, hi + pad);
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "ctome / paper");
        ctome_axes_set_title(ax, "numeric claims");
        ctome_axes_set_legend(ax, CTOME_LEGEND_OUTSIDE_RIGHT);
    }
    return rc;
}

static int series_panel(ctome_axes *ax, const ctome_repro_series *s)
{
    int ticks = s->xtick[0][0] != 0, rc;
    if (ticks)
        rc = ctome_axes_bars(ax, s->x, s->y, s->n < 16 ? s->n : 16, 0.7, &(ctome_style){.color = BLUE});
    else if (s->points)
        rc = ctome_axes_scatter(ax, s->x, s->y, s->n, &(ctome_style){.color = BLUE, .marker = CTOME_MARKER_CIRCLE,
                                                                     .marker_size = 5});
    else
        rc = ctome_axes_line(ax, s->x, s->y, s->n, &(ctome_style){.color = BLUE, .marker = CTOME_MARKER_CIRCLE,
                                                                  .marker_size = 4});
    if (!rc && isfinite(s->ref))
        rc = ctome_axes_hline(ax, s->ref, &(ctome_style){.color = GREY, .dashed = 1, .line_width = 0.8});
    if (!rc && ticks) {
        const char *lab[16];
        size_t n = s->n < 16 ? s->n : 16;
        for (size_t i = 0; i < n; i++)
            lab[i] = s->xtick[i];
        rc = ctome_axes_set_ticks(ax, CTOME_AXIS_X, s->x, lab, n);
    }
    if (!rc) {
        ctome_axes_set_title(ax, s->title);
        if (s->xlabel[0])
            ctome_axes_set_label(ax, CTOME_AXIS_X, s->xlabel);
        ctome_axes_set_label(ax, CTOME_AXIS_Y, s->ylabel);
    }
    return rc;
}

int ctome_plot_reproduce(const ctome_repro_paper *p, const char *path)
{
    int numeric = 0;
    for (size_t i = 0; i < p->n_claims; i++)
        numeric |= isfinite(p->claims[i].paper_value) && p->claims[i].paper_value != 0;
    int cols = numeric + (int)p->n_series;
    if (cols == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "%s: nothing to plot", p->key);
    ctome_plot *pl = NULL;
    int rc = ctome_plot_new(CTOME_PLOT_PANEL_W * cols, CTOME_PLOT_PANEL_H, 1, cols, &pl);
    size_t r = 0, d = 0;
    ctome_repro_counts(p, &r, &d);
    char title[160];
    snprintf(title, sizeof title, "%s: %zu reproduced, %zu differ (seed %llu%s)", p->key, r, d,
             (unsigned long long)p->seed, p->full ? ", full" : ", quick");
    if (!rc)
        rc = ctome_plot_set_title(pl, title);
    int col = 0;
    const char *letters[] = {"A", "B", "C"};
    if (!rc && numeric) {
        ctome_axes *ax = ctome_plot_panel(pl, 0, col);
        rc = ratio_panel(ax, p);
        if (!rc)
            ctome_axes_set_panel_label(ax, letters[col]);
        col++;
    }
    for (size_t s = 0; !rc && s < p->n_series; s++, col++) {
        ctome_axes *ax = ctome_plot_panel(pl, 0, col);
        rc = series_panel(ax, &p->series[s]);
        if (!rc)
            ctome_axes_set_panel_label(ax, letters[col]);
    }
    if (!rc)
        rc = ctome_plot_save(pl, path);
    ctome_plot_free(pl);
    return rc;
}
