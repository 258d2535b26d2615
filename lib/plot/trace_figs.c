/* trace_figs.c — activity heatmap and stacked traces (trace_figs.h). */
#include "trace_figs.h"
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "error.h"

/* Neurons shown by default: the forward/backward command interneurons and
 * their partners carry the dominant whole-brain state (Kato et al. 2015). */
static const char *const default_neurons[] = {"AVAL", "AVAR", "AVBL", "AVBR", "RIML", "RIMR", "AIBL", "AIBR"};
#define N_DEFAULT (sizeof default_neurons / sizeof *default_neurons)
#define MAX_LINES 6
/* Row labels only when they stay legible in a panel a few hundred pt high. */
#define MAX_ROW_LABELS 50

static double step_of(const ctome_recording *r)
{
    double h = ctome_activity_median_step(r->time, r->n_time);
    return h > 0 ? h : 1;
}

/* Ticks along a time axis whose cell j (drawn over [j, j+1]) holds time[j]. */
static int time_ticks(ctome_axes *ax, const ctome_recording *r)
{
    double t0 = r->time[0], t1 = r->time[r->n_time - 1], first, step, h = step_of(r);
    size_t count;
    if (ctome_plot_nice_ticks(0, t1 - t0 > 0 ? t1 - t0 : 1, 6, &first, &step, &count))
        return ctome_error(CTOME_EVALUE, NULL, 0, "recording '%s': bad time range", r->id);
    double pos[32];
    char buf[32][24];
    const char *lab[32];
    size_t k = 0;
    for (size_t i = 0; i < count && k < 32; i++) {
        double t = first + (double)i * step;
        if (t > t1 - t0 + 1e-9 * step)
            break;
        pos[k] = t / h + 0.5;
        ctome_plot_format_tick(t, step, buf[k], sizeof buf[k]);
        lab[k] = buf[k];
        k++;
    }
    int rc = ctome_axes_set_ticks(ax, CTOME_AXIS_X, pos, lab, k);
    return rc ? rc : ctome_axes_set_label(ax, CTOME_AXIS_X, "time (s)");
}

static const char *label_of(const ctome_recording *r, size_t i, char *buf, size_t n)
{
    if (r->labels[i][0])
        return r->labels[i];
    snprintf(buf, n, "#%zu", i);
    return buf;
}

int ctome_plot_trace_heatmap(ctome_axes *ax, const ctome_recording *r, ctome_cmap cmap)
{
    if (!r || !r->n_neurons || !r->n_time)
        return ctome_error(CTOME_EVALUE, NULL, 0, "recording '%s': nothing to draw", r ? r->id : "");
    size_t N = r->n_neurons, T = r->n_time;
    double q[2], qs[2] = {0.01, 0.99};
    int rc = plot_quantiles(r->traces, N * T, cmap == CTOME_CMAP_DIVERGING, cmap == CTOME_CMAP_DIVERGING ? qs + 1 : qs,
                       q, cmap == CTOME_CMAP_DIVERGING ? 1 : 2);
    if (rc)
        return rc;
    /* z-scored traces say so on the colour bar (provenance records the step) */
    int z = r->provenance && strstr(r->provenance, "\"step\":\"zscore\"");
    ctome_heatmap_opts ho = {.cmap = cmap, .cbar_label = z ? "activity (z-score)" : "activity"};
    if (cmap == CTOME_CMAP_DIVERGING && q[0] > 0) {
        ho.vmin = -q[0];
        ho.vmax = q[0];
    } else if (cmap != CTOME_CMAP_DIVERGING && q[0] < q[1]) {
        ho.vmin = q[0];
        ho.vmax = q[1];
    }
    if (N <= MAX_ROW_LABELS) {
        double pos[MAX_ROW_LABELS];
        const char *lab[MAX_ROW_LABELS];
        char buf[MAX_ROW_LABELS][24];
        for (size_t i = 0; i < N; i++) {
            pos[i] = (double)i + 0.5;
            lab[i] = label_of(r, i, buf[i], sizeof buf[i]);
        }
        rc = ctome_axes_set_ticks(ax, CTOME_AXIS_Y, pos, lab, N);
    } else {
        /* too many rows to name each: every step-th neuron named, so rows can
         * still be found by name (issue 14: labels on the heatmap) */
        size_t step = (N + MAX_ROW_LABELS - 1) / MAX_ROW_LABELS, k = 0;
        double pos[MAX_ROW_LABELS];
        const char *lab[MAX_ROW_LABELS];
        char buf[MAX_ROW_LABELS][24];
        for (size_t i = 0; i < N && k < MAX_ROW_LABELS; i += step, k++) {
            pos[k] = (double)i + 0.5;
            lab[k] = label_of(r, i, buf[k], sizeof buf[k]);
        }
        rc = ctome_axes_set_ticks(ax, CTOME_AXIS_Y, pos, lab, k);
        char yl[64];
        snprintf(yl, sizeof yl, "neuron (every %zu%s named)", step, step == 2 ? "nd" : step == 3 ? "rd" : "th");
        if (!rc)
            rc = ctome_axes_set_label(ax, CTOME_AXIS_Y, yl);
    }
    if (!rc)
        rc = time_ticks(ax, r);
    if (!rc)
        rc = ctome_axes_heatmap(ax, r->traces, N, T, &ho);
    return rc;
}

/* Indices of the neurons to draw (at most MAX_LINES when chosen by default). */
static int pick(const ctome_recording *r, const char *const *names, size_t n, size_t *idx, size_t *k)
{
    *k = 0;
    if (n) {
        for (size_t i = 0; i < n; i++) {
            int j = ctome_recording_find(r, names[i]);
            if (j < 0)
                return ctome_error(CTOME_ENOTFOUND, NULL, 0, "neuron '%s' is not in recording '%s'", names[i],
                                   r->id);
            idx[(*k)++] = (size_t)j;
        }
        return CTOME_OK;
    }
    for (size_t i = 0; i < N_DEFAULT && *k < MAX_LINES; i++) {
        int j = ctome_recording_find(r, default_neurons[i]);
        if (j >= 0)
            idx[(*k)++] = (size_t)j;
    }
    for (size_t i = 0; !*k && i < r->n_neurons && i < MAX_LINES; i++)
        idx[i] = i;
    if (!*k)
        *k = r->n_neurons < MAX_LINES ? r->n_neurons : MAX_LINES;
    return CTOME_OK;
}

int ctome_plot_trace_lines(ctome_axes *ax, const ctome_recording *r, const char *const *names, size_t n)
{
    if (!r || !r->n_neurons || !r->n_time)
        return ctome_error(CTOME_EVALUE, NULL, 0, "recording '%s': nothing to draw", r ? r->id : "");
    size_t T = r->n_time, cap = n ? n : MAX_LINES, k = 0;
    size_t *idx = malloc(cap * sizeof *idx);
    double *y = malloc(T * sizeof *y), *pos = malloc(cap * sizeof *pos), *t = malloc(T * sizeof *t);
    const char **lab = malloc(cap * sizeof *lab);
    char (*buf)[24] = malloc(cap * sizeof *buf);
    int rc = idx && y && pos && t && lab && buf ? CTOME_OK : ctome_error_nomem();
    if (!rc)
        rc = pick(r, names, n, idx, &k);
    double spacing = 0;
    for (size_t i = 0; !rc && i < k; i++) {
        double q[2] = {0, 0}, qs[2] = {0.02, 0.98};
        rc = plot_quantiles(r->traces + idx[i] * T, T, 0, qs, q, 2);
        if (!rc && q[1] - q[0] > spacing)
            spacing = q[1] - q[0];
    }
    if (!(spacing > 0))
        spacing = 1;
    for (size_t j = 0; j < T; j++)
        t[j] = r->time[j] - r->time[0];
    for (size_t i = 0; !rc && i < k; i++) {
        const double *x = r->traces + idx[i] * T;
        double off = -(double)i * spacing;
        for (size_t j = 0; j < T; j++)
            y[j] = x[j] + off;
        rc = ctome_axes_line(ax, t, y, T, &(ctome_style){.line_width = 0.8});
        pos[i] = off;
        lab[i] = label_of(r, idx[i], buf[i], sizeof buf[i]);
    }
    if (!rc)
        rc = ctome_axes_set_ticks(ax, CTOME_AXIS_Y, pos, lab, k);
    if (!rc)
        rc = ctome_axes_set_label(ax, CTOME_AXIS_X, "time (s)");
    /* amplitude scale bar below the last trace: the largest 1-2-5 length
     * within half the spacing, labelled in the traces' unit */
    double L = pow(10, floor(log10(0.5 * spacing)));
    if (5 * L <= 0.5 * spacing)
        L *= 5;
    else if (2 * L <= 0.5 * spacing)
        L *= 2;
    double tx[2] = {0.97 * t[T - 1], 0.97 * t[T - 1]}, yb = -((double)k - 0.35) * spacing, ty[2] = {yb, yb + L};
    int z = r->provenance && strstr(r->provenance, "\"step\":\"zscore\"");
    char sb[48];
    snprintf(sb, sizeof sb, "%g %s", L, z ? "z" : "activity");
    if (!rc && T > 1 && t[T - 1] > 0)
        rc = ctome_axes_line(ax, tx, ty, 2, &(ctome_style){.color = {0, 0, 0, 1}, .line_width = 2});
    if (!rc && T > 1 && t[T - 1] > 0)
        rc = ctome_axes_text(ax, 0.96 * t[T - 1], yb + 0.5 * L, sb, 1);
    /* how many traces are shown, and of what */
    char ttl[96];
    if (n)
        snprintf(ttl, sizeof ttl, "%zu requested neuron%s", k, k == 1 ? "" : "s");
    else
        snprintf(ttl, sizeof ttl, "%zu of %zu neurons (default choice; --neurons names others)", k, r->n_neurons);
    if (!rc)
        rc = ctome_axes_set_title(ax, ttl);
    if (!rc)
        rc = ctome_axes_set_limits(ax, CTOME_AXIS_X, 0, t[T - 1] > 0 ? t[T - 1] : 1);
    free(idx);
    free(y);
    free(pos);
    free(t);
    free(lab);
    free(buf);
    return rc;
}

int ctome_plot_traces(const ctome_recording *r, const char *const *names, size_t n, ctome_cmap cmap,
                      const char *path)
{
    ctome_plot *p = NULL;
    int rc = ctome_plot_new(640, 620, 2, 1, &p);
    if (rc)
        return rc;
    char title[256];
    /* the indicator belongs in the title: a GFP control must not pass for calcium activity */
    snprintf(title, sizeof title, "%s: %zu neurons, dt = %.3g s%s%s", r->id, r->n_neurons, step_of(r),
             r->indicator && r->indicator[0] ? "; " : "", r->indicator ? r->indicator : "");
    rc = ctome_plot_set_title(p, title);
    if (!rc)
        rc = ctome_plot_trace_heatmap(ctome_plot_panel(p, 0, 0), r, cmap);
    if (!rc)
        rc = ctome_axes_set_panel_label(ctome_plot_panel(p, 0, 0), "A");
    if (!rc)
        rc = ctome_plot_trace_lines(ctome_plot_panel(p, 1, 0), r, names, n);
    if (!rc)
        rc = ctome_axes_set_panel_label(ctome_plot_panel(p, 1, 0), "B");
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    return rc;
}
