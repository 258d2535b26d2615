/* swim_figs.c — figures of the NCAP swimmer (swim_figs.h). */
#include "swim_figs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "plot.h"

static const ctome_rgba black = {0, 0, 0, 1};
static const ctome_rgba dorsal_c = {0, 0.447, 0.698, 1};     /* Okabe-Ito blue */
static const ctome_rgba ventral_c = {0.835, 0.369, 0, 1};    /* vermillion */

#define MAX_TICKS 64

/* Series colours: the Okabe & Ito (2008) cycle plot.h uses, fixed here so a
 * band and its mean line share one colour. */
static ctome_rgba plot_color(size_t i)
{
    static const double c[6][3] = {{0, 0.447, 0.698}, {0.835, 0.369, 0}, {0, 0.620, 0.451},
                                   {0.800, 0.475, 0.655}, {0.902, 0.624, 0}, {0.337, 0.706, 0.914}};
    return (ctome_rgba){c[i % 6][0], c[i % 6][1], c[i % 6][2], 1};
}

/* ---- checks (before anything is drawn, so a bad array leaves no file) ---- */

static int need(const void *p, const char *what)
{
    return p ? CTOME_OK : ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: no %s (NULL)", what);
}

static int finite_all(const double *v, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "swim figure: %s[%zu] = %g is not finite", what, i, v[i]);
    return CTOME_OK;
}

static int series_ok(const double *v, size_t n_steps, size_t width, const char *what)
{
    int rc = need(v, what);
    if (rc)
        return rc;
    if (n_steps < 2 || width == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: %s has %zu steps x %zu (need >= 2 x 1)", what,
                           n_steps, width);
    return finite_all(v, n_steps * width, what);
}

static int dt_ok(double dt)
{
    return isfinite(dt) && dt > 0 ? CTOME_OK
                                  : ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: time step %g is not > 0", dt);
}

/* Save the canvas under `title` and free it. */
static int finish(ctome_plot *p, const char *title, const char *path, int rc)
{
    if (!rc && title)
        rc = ctome_plot_set_title(p, title);
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    return rc;
}

/* ---- trajectory ---- */

int ctome_swim_fig_trajectory(const double *head, size_t n_steps, const double *body, size_t n_points,
                              size_t every, double dt, const char *title, const char *path)
{
    int rc = series_ok(head, n_steps, 2, "head path");
    if (!rc && body && n_points < 2)
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: a body snapshot needs >= 2 points, got %zu",
                         n_points);
    if (!rc && body)
        rc = finite_all(body, n_steps * n_points * 2, "body");
    if (!rc)
        rc = dt_ok(dt);
    if (rc)
        return rc;
    if (every == 0)
        every = n_steps / 8 > 0 ? n_steps / 8 : 1;
    size_t cap = n_steps > n_points ? n_steps : n_points;
    double *x = malloc(cap * sizeof *x), *y = malloc(cap * sizeof *y);
    ctome_plot *p = NULL;
    rc = x && y ? ctome_plot_new(460, 340, 1, 1, &p) : ctome_error_nomem();
    if (rc) {
        free(x);
        free(y);
        return rc;
    }
    ctome_axes *ax = ctome_plot_panel(p, 0, 0);
    if (body) {
        size_t last = (n_steps - 1) / every * every;
        for (size_t t = 0; !rc && t < n_steps; t += every) {
            for (size_t k = 0; k < n_points; k++) {
                x[k] = body[(t * n_points + k) * 2];
                y[k] = body[(t * n_points + k) * 2 + 1];
            }
            char lab[64];
            snprintf(lab, sizeof lab, "body, t = %.3g s", (double)t * dt);
            double u = last > 0 ? (double)t / (double)last : 0;
            rc = ctome_axes_line(ax, x, y, n_points,
                                 &(ctome_style){.color = ctome_colormap(CTOME_CMAP_VIRIDIS, 0.9 * u),
                                                .line_width = 2.2,
                                                .label = t == 0 || t == last ? lab : NULL});
            if (!rc)   /* the head end of each snapshot */
                rc = ctome_axes_scatter(ax, x, y, 1,
                                        &(ctome_style){.color = ctome_colormap(CTOME_CMAP_VIRIDIS, 0.9 * u),
                                                       .marker_size = 4});
        }
    }
    for (size_t t = 0; t < n_steps; t++) {
        x[t] = head[2 * t];
        y[t] = head[2 * t + 1];
    }
    if (!rc)
        rc = ctome_axes_line(ax, x, y, n_steps, &(ctome_style){.color = black, .line_width = 0.9,
                                                                 .label = "head path"});
    if (!rc)
        rc = ctome_axes_scatter(ax, x, y, 1, &(ctome_style){.color = black, .marker = CTOME_MARKER_CROSS,
                                                            .marker_size = 6, .label = "start"});
    if (!rc) {
        ctome_axes_set_equal_aspect(ax, 1);
        ctome_axes_set_label(ax, CTOME_AXIS_X, "x (m)");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "y (m)");
        ctome_axes_set_legend(ax, CTOME_LEGEND_OUTSIDE_RIGHT);
    }
    free(x);
    free(y);
    return finish(p, title, path, rc);
}

/* ---- kymograph ---- */

/* Seconds along an axis whose cell j (drawn over [j, j+1]) holds step j. */
static int time_ticks(ctome_axes *ax, size_t n_steps, double dt)
{
    double span = (double)(n_steps - 1) * dt, first, step;
    size_t count;
    int rc = ctome_plot_nice_ticks(0, span, 6, &first, &step, &count);
    if (rc)
        return rc;
    double pos[MAX_TICKS];
    char buf[MAX_TICKS][24];
    const char *lab[MAX_TICKS];
    size_t k = 0;
    for (size_t i = 0; i < count && k < MAX_TICKS; i++) {
        double t = first + (double)i * step;
        if (t > span + 1e-9 * step)
            break;
        pos[k] = t / dt + 0.5;
        ctome_plot_format_tick(t, step, buf[k], sizeof buf[k]);
        lab[k] = buf[k];
        k++;
    }
    rc = ctome_axes_set_ticks(ax, CTOME_AXIS_X, pos, lab, k);
    return rc ? rc : ctome_axes_set_label(ax, CTOME_AXIS_X, "time (s)");
}

/* Tick labels "1".."n" at the centres of n rows or categories (every k-th when many). */
static int index_ticks(ctome_axes *ax, ctome_axis axis, size_t n, double first, double spacing)
{
    double pos[MAX_TICKS];
    char buf[MAX_TICKS][24];
    const char *lab[MAX_TICKS];
    size_t every = (n + MAX_TICKS - 1) / MAX_TICKS, k = 0;
    for (size_t i = 0; i < n && k < MAX_TICKS; i += every, k++) {
        pos[k] = first + (double)i * spacing;
        snprintf(buf[k], sizeof buf[k], "%zu", i + 1);
        lab[k] = buf[k];
    }
    return ctome_axes_set_ticks(ax, axis, pos, lab, k);
}

int ctome_swim_fig_kymograph(const double *q, size_t n_steps, size_t n_joints, double dt, const char *title,
                             const char *path)
{
    int rc = series_ok(q, n_steps, n_joints, "joint angles");
    if (!rc)
        rc = dt_ok(dt);
    if (rc)
        return rc;
    double *m = malloc(n_steps * n_joints * sizeof *m), amax = 0;
    if (!m)
        return ctome_error_nomem();
    for (size_t t = 0; t < n_steps; t++)
        for (size_t j = 0; j < n_joints; j++) {
            m[j * n_steps + t] = q[t * n_joints + j];   /* joints x time */
            amax = fmax(amax, fabs(q[t * n_joints + j]));
        }
    ctome_plot *p = NULL;
    rc = ctome_plot_new(560, 90 + 22.0 * (double)(n_joints < 16 ? n_joints : 16), 1, 1, &p);
    if (rc) {
        free(m);
        return rc;
    }
    ctome_axes *ax = ctome_plot_panel(p, 0, 0);
    ctome_heatmap_opts ho = {.cmap = CTOME_CMAP_DIVERGING, .cbar_label = "joint angle (rad)"};
    if (amax > 0) {
        ho.vmin = -amax;
        ho.vmax = amax;
    }
    rc = index_ticks(ax, CTOME_AXIS_Y, n_joints, 0.5, 1);
    if (!rc)
        rc = ctome_axes_set_label(ax, CTOME_AXIS_Y, "joint (head to tail)");
    if (!rc)
        rc = time_ticks(ax, n_steps, dt);
    if (!rc)
        rc = ctome_axes_heatmap(ax, m, n_joints, n_steps, &ho);
    free(m);
    return finish(p, title, path, rc);
}

/* ---- neuron activity ---- */

int ctome_swim_fig_activity(const double *dorsal, const double *ventral, size_t n_steps, size_t n_joints,
                            double t0, double dt, const char *title, const char *path)
{
    int rc = series_ok(dorsal, n_steps, n_joints, "dorsal activity");
    if (!rc)
        rc = series_ok(ventral, n_steps, n_joints, "ventral activity");
    if (!rc)
        rc = dt_ok(dt);
    if (!rc && !isfinite(t0))
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: start time %g is not finite", t0);
    if (rc)
        return rc;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n_steps * n_joints; i++) {
        lo = fmin(lo, fmin(dorsal[i], ventral[i]));
        hi = fmax(hi, fmax(dorsal[i], ventral[i]));
    }
    double spacing = 1.25 * (hi > lo ? hi - lo : 1);
    double *t = malloc(n_steps * sizeof *t), *y = malloc(n_steps * sizeof *y);
    double *pos = malloc(n_joints * sizeof *pos);
    ctome_plot *p = NULL;
    rc = t && y && pos ? ctome_plot_new(560, 110 + 34.0 * (double)(n_joints < 14 ? n_joints : 14), 1, 1, &p)
                       : ctome_error_nomem();
    ctome_axes *ax = rc ? NULL : ctome_plot_panel(p, 0, 0);
    for (size_t k = 0; k < n_steps; k++)
        if (t)
            t[k] = t0 + (double)k * dt;
    for (size_t j = 0; !rc && j < n_joints; j++) {
        double off = -(double)j * spacing;
        pos[j] = off + 0.5 * (lo + hi);
        for (int side = 0; !rc && side < 2; side++) {
            const double *a = side ? ventral : dorsal;
            for (size_t k = 0; k < n_steps; k++)
                y[k] = a[k * n_joints + j] + off;
            rc = ctome_axes_line(ax, t, y, n_steps,
                                 &(ctome_style){.color = side ? ventral_c : dorsal_c, .line_width = 0.9,
                                                .label = j ? NULL : side ? "ventral B" : "dorsal B"});
        }
    }
    if (!rc)
        rc = index_ticks(ax, CTOME_AXIS_Y, n_joints, pos[0], -spacing);
    if (!rc) {
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "joint (head to tail)");
        ctome_axes_set_label(ax, CTOME_AXIS_X, "time (s)");
        ctome_axes_set_limits(ax, CTOME_AXIS_X, t[0], t[n_steps - 1]);
        ctome_axes_set_legend(ax, CTOME_LEGEND_OUTSIDE_RIGHT);
    }
    free(t);
    free(y);
    free(pos);
    return p ? finish(p, title, path, rc) : rc;
}

/* ---- learning curves ---- */

static int curve_ok(const ctome_swim_curve *c, size_t i)
{
    if (!c->steps || !c->ret)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: learning curve %zu has no data (NULL)", i);
    if (c->n_points == 0 || c->n_seeds == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: learning curve %zu has %zu points x %zu seeds", i,
                           c->n_points, c->n_seeds);
    int rc = finite_all(c->steps, c->n_points, "steps");
    if (!rc)
        rc = finite_all(c->ret, c->n_points * c->n_seeds, "returns");
    for (size_t k = 1; !rc && k < c->n_points; k++)
        if (c->steps[k] < c->steps[k - 1])
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "swim figure: steps[%zu] = %g < steps[%zu] = %g (curve %zu)", k,
                             c->steps[k], k - 1, c->steps[k - 1], i);
    return rc;
}

/* Mean and band edges of one curve over its seeds. */
static void curve_stats(const ctome_swim_curve *c, ctome_swim_spread spread, double *mean, double *lo, double *hi)
{
    for (size_t k = 0; k < c->n_points; k++) {
        double s = 0, ss = 0, mn = INFINITY, mx = -INFINITY;
        for (size_t r = 0; r < c->n_seeds; r++) {
            double v = c->ret[r * c->n_points + k];
            s += v;
            mn = fmin(mn, v);
            mx = fmax(mx, v);
        }
        double m = s / (double)c->n_seeds;
        for (size_t r = 0; r < c->n_seeds; r++) {
            double d = c->ret[r * c->n_points + k] - m;
            ss += d * d;
        }
        double sd = sqrt(ss / (double)c->n_seeds);
        mean[k] = m;
        lo[k] = spread == CTOME_SWIM_SPREAD_SD ? m - sd : mn;
        hi[k] = spread == CTOME_SWIM_SPREAD_SD ? m + sd : mx;
    }
}

int ctome_swim_fig_learning(const ctome_swim_curve *curves, size_t n_curves, ctome_swim_spread spread,
                            const char *title, const char *path)
{
    int rc = need(curves, "learning curves");
    if (!rc && n_curves == 0)
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: no learning curve");
    if (!rc && spread != CTOME_SWIM_SPREAD_MINMAX && spread != CTOME_SWIM_SPREAD_SD)
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: unknown spread %d", (int)spread);
    size_t cap = 0;
    for (size_t i = 0; !rc && i < n_curves; i++) {
        rc = curve_ok(&curves[i], i);
        if (!rc && curves[i].n_points > cap)
            cap = curves[i].n_points;
    }
    if (rc)
        return rc;
    double *mean = malloc(3 * cap * sizeof *mean);
    ctome_plot *p = NULL;
    rc = mean ? ctome_plot_new(600, 300, 1, 1, &p) : ctome_error_nomem();
    if (rc) {
        free(mean);
        return rc;
    }
    ctome_axes *ax = ctome_plot_panel(p, 0, 0);
    int seeds_differ = 0;
    for (size_t i = 1; i < n_curves; i++)
        seeds_differ |= curves[i].n_seeds != curves[0].n_seeds;
    for (size_t i = 0; !rc && i < n_curves; i++) {
        const ctome_swim_curve *c = &curves[i];
        double *lo = mean + cap, *hi = mean + 2 * cap;
        curve_stats(c, spread, mean, lo, hi);
        ctome_rgba col = plot_color(i);
        if (c->n_seeds > 1)
            rc = ctome_axes_band(ax, c->steps, lo, hi, c->n_points, &(ctome_style){.color = col});
        if (!rc)
            rc = ctome_axes_line(ax, c->steps, mean, c->n_points,
                                 &(ctome_style){.color = col, .marker = c->n_points == 1 ? CTOME_MARKER_CIRCLE
                                                                                          : CTOME_MARKER_NONE,
                                                .label = c->label});
    }
    char ylab[96];
    snprintf(ylab, sizeof ylab, "return (mean%s over %s%zu seeds)",
             spread == CTOME_SWIM_SPREAD_SD ? " +- sd" : ", min-max", seeds_differ ? "up to " : "",
             curves[0].n_seeds);
    if (!rc) {
        ctome_axes_set_label(ax, CTOME_AXIS_X, "environment steps");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, ylab);
        ctome_axes_set_legend(ax, CTOME_LEGEND_OUTSIDE_RIGHT);   /* curves start high and low: no free corner */
        ctome_axes_set_grid(ax, 1);
    }
    free(mean);
    return finish(p, title, path, rc);
}

/* ---- bar charts ---- */

static int bars_ok(const char *const *categories, size_t n_cat, const ctome_swim_barset *sets, size_t n_sets)
{
    int rc = need(categories, "category labels");
    if (!rc)
        rc = need(sets, "bar series");
    if (!rc && (n_cat == 0 || n_sets == 0))
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "swim figure: %zu categories x %zu series (need >= 1 each)", n_cat,
                         n_sets);
    for (size_t s = 0; !rc && s < n_sets; s++) {
        rc = need(sets[s].mean, "bar means");
        if (!rc)
            rc = finite_all(sets[s].mean, n_cat, "mean");
        if (!rc && sets[s].sd)
            rc = finite_all(sets[s].sd, n_cat, "sd");
        for (size_t i = 0; !rc && sets[s].sd && i < n_cat; i++)
            if (sets[s].sd[i] < 0)
                rc = ctome_error(CTOME_EVALUE, NULL, 0, "swim figure: sd[%zu] = %g is negative", i, sets[s].sd[i]);
    }
    return rc;
}

/* Error bars of one series as one line broken by NaN: stem and two caps. */
static int error_bars(ctome_axes *ax, const double *x, const double *mean, const double *sd, size_t n, double cap)
{
    double *px = malloc(9 * n * sizeof *px), *py = malloc(9 * n * sizeof *py);
    int rc = px && py ? CTOME_OK : ctome_error_nomem();
    for (size_t i = 0; !rc && i < n; i++) {
        double lo = mean[i] - sd[i], hi = mean[i] + sd[i];
        double xs[9] = {x[i], x[i], NAN, x[i] - cap, x[i] + cap, NAN, x[i] - cap, x[i] + cap, NAN};
        double ys[9] = {lo, hi, NAN, lo, lo, NAN, hi, hi, NAN};
        for (int k = 0; k < 9; k++) {
            px[9 * i + (size_t)k] = xs[k];
            py[9 * i + (size_t)k] = ys[k];
        }
    }
    if (!rc)
        rc = ctome_axes_line(ax, px, py, 9 * n, &(ctome_style){.color = black, .line_width = 0.8});
    free(px);
    free(py);
    return rc;
}

/* The grouped bar chart on a new canvas *out (its one panel *axp), not yet
 * saved: ctome_swim_fig_bars saves it, the transfer figure marks a bar first.
 * On error *out is NULL. */
static int bars_canvas(const char *const *categories, size_t n_cat, const ctome_swim_barset *sets, size_t n_sets,
                       const char *xlabel, const char *ylabel, const char *title, ctome_plot **out, ctome_axes **axp)
{
    *out = NULL;
    int rc = bars_ok(categories, n_cat, sets, n_sets);
    if (rc)
        return rc;
    double *x = malloc(2 * n_cat * sizeof *x), *cx = x ? x + n_cat : NULL;
    ctome_plot *p = NULL;
    double w = 0.8 / (double)n_sets;
    /* wide enough for the bars and for the title (10 pt bold: ~6.5 pt a character) */
    double wpt = fmax(fmax(300, 120 + 30.0 * (double)(n_cat * n_sets)), title ? 20 + 6.5 * (double)strlen(title) : 0);
    rc = x ? ctome_plot_new(fmin(wpt, 1400), 280, 1, 1, &p) : ctome_error_nomem();
    if (rc) {
        free(x);
        return rc;
    }
    ctome_axes *ax = ctome_plot_panel(p, 0, 0);
    int legend = 0;
    for (size_t s = 0; !rc && s < n_sets; s++) {
        for (size_t i = 0; i < n_cat; i++)
            x[i] = (double)i + ((double)s - 0.5 * (double)(n_sets - 1)) * w;
        legend |= sets[s].label != NULL;
        rc = ctome_axes_bars(ax, x, sets[s].mean, n_cat, 0.92 * w,
                             &(ctome_style){.color = plot_color(s), .label = sets[s].label});
        if (!rc && sets[s].sd)
            rc = error_bars(ax, x, sets[s].mean, sets[s].sd, n_cat, 0.2 * w);
    }
    for (size_t i = 0; i < n_cat; i++)
        cx[i] = (double)i;
    if (!rc)
        rc = ctome_axes_set_ticks(ax, CTOME_AXIS_X, cx, categories, n_cat);
    if (!rc) {
        ctome_axes_set_limits(ax, CTOME_AXIS_X, -0.6, (double)n_cat - 0.4);
        if (xlabel)
            ctome_axes_set_label(ax, CTOME_AXIS_X, xlabel);
        if (ylabel)
            ctome_axes_set_label(ax, CTOME_AXIS_Y, ylabel);
        ctome_axes_set_legend(ax, legend ? CTOME_LEGEND_OUTSIDE_RIGHT : CTOME_LEGEND_NONE);
    }
    free(x);
    if (rc) {
        ctome_plot_free(p);
        return rc;
    }
    *out = p;
    *axp = ax;
    return CTOME_OK;
}

int ctome_swim_fig_bars(const char *const *categories, size_t n_cat, const ctome_swim_barset *sets,
                        size_t n_sets, const char *xlabel, const char *ylabel, const char *title,
                        const char *path)
{
    ctome_plot *p = NULL;
    ctome_axes *ax = NULL;
    int rc = bars_canvas(categories, n_cat, sets, n_sets, xlabel, ylabel, title, &p, &ax);
    return rc ? rc : finish(p, title, path, rc);
}

/* The training body on a transfer figure: a dashed line through its bar and
 * "trained on N links" above it; a body outside the range drawn, or an
 * unknown one, is said in the corner instead. */
static int mark_trained(ctome_axes *ax, const int *links, const double *mean, const double *sd, size_t n,
                        int trained_links)
{
    char t[96];
    double top = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(mean[i]))
            top = fmax(top, mean[i] + (sd && isfinite(sd[i]) ? sd[i] : 0));
    if (!(top > 0))
        top = 1;
    size_t at = n;
    for (size_t i = 0; trained_links > 0 && i < n; i++)
        if (links[i] == trained_links)
            at = i;
    if (trained_links <= 0)
        snprintf(t, sizeof t, "training body unknown (checkpoint does not record it)");
    else if (at == n)
        snprintf(t, sizeof t, "trained on %d links (not in the range shown)", trained_links);
    else
        snprintf(t, sizeof t, "trained on %d links", trained_links);
    int rc = CTOME_OK;
    if (at < n) {
        /* up to just below the label, so the line does not cross it */
        double lx[2] = {(double)at, (double)at}, ly[2] = {0, 1.08 * top};
        rc = ctome_axes_line(ax, lx, ly, 2, &(ctome_style){.color = black, .dashed = 1, .line_width = 0.8});
        if (!rc)
            rc = ctome_axes_text(ax, (double)at, 1.12 * top, t, 0.5);
    } else {
        rc = ctome_axes_text(ax, -0.5, 1.12 * top, t, 0);
    }
    if (!rc)   /* room for the label above the bars */
        rc = ctome_axes_set_limits(ax, CTOME_AXIS_Y, 0, 1.22 * top);
    return rc;
}

int ctome_swim_fig_transfer(const int *links, const double *mean, const double *sd, size_t n, const char *title,
                            const char *path)
{
    return ctome_swim_fig_transfer_trained(links, mean, sd, n, -1, title, path);
}

int ctome_swim_fig_transfer_trained(const int *links, const double *mean, const double *sd, size_t n,
                                    int trained_links, const char *title, const char *path)
{
    int rc = need(links, "link counts");
    if (rc)
        return rc;
    char (*buf)[16] = malloc((n ? n : 1) * sizeof *buf);
    const char **cat = malloc((n ? n : 1) * sizeof *cat);
    rc = buf && cat ? CTOME_OK : ctome_error_nomem();
    for (size_t i = 0; !rc && i < n; i++) {
        snprintf(buf[i], sizeof buf[i], "%d", links[i]);
        cat[i] = buf[i];
    }
    ctome_plot *p = NULL;
    ctome_axes *ax = NULL;
    if (!rc)
        rc = bars_canvas(cat, n, &(ctome_swim_barset){.mean = mean, .sd = sd}, 1, "links (bodies; joints = links - 1)",
                         "return", title, &p, &ax);
    if (!rc && trained_links >= 0)
        rc = mark_trained(ax, links, mean, sd, n, trained_links);
    free(buf);
    free(cat);
    if (!p)
        return rc;
    return finish(p, title, path, rc);
}

int ctome_swim_fig_ablation(const char *const *variants, size_t n, const double *mean_init, const double *sd_init,
                            const double *mean_trained, const double *sd_trained, const char *title,
                            const char *path)
{
    ctome_swim_barset sets[2] = {{"at initialisation", mean_init, sd_init},
                                 {"after training", mean_trained, sd_trained}};
    return ctome_swim_fig_bars(variants, n, sets, mean_trained ? 2 : 1, NULL, "return (mean +- sd over seeds)",
                               title, path);
}
