/* sernn_figs.c — network drawing, metric-vs-gamma curves and the matched-
 * accuracy histograms of the seRNN study (sernn_figs.h). */
#include "sernn_figs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "plot.h"
#include "ranktest.h"

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static void project(const double *p, double *x, double *y)
{
    *x = p[0] + 0.35 * p[2];
    *y = p[1] + 0.25 * p[2];
}

int ctome_plot_sernn_network(const float *W, size_t n, const double *pos, double top,
                             const char *title, const char *path)
{
    if (!W || !pos || !path || n < 2 || !(top > 0 && top <= 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN figure: %zu units, top fraction %g", n, top);
    size_t np = n * (n - 1);
    double *v = malloc(np * sizeof *v), *dist = malloc(np * sizeof *dist), *w = malloc(np * sizeof *w);
    double *ux = malloc(n * sizeof *ux), *uy = malloc(n * sizeof *uy), *str = malloc(n * sizeof *str);
    ctome_plot *p = NULL;
    int rc = v && dist && w && ux && uy && str ? CTOME_OK : ctome_error_nomem();
    size_t k = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        project(pos + 3 * i, &ux[i], &uy[i]);
        str[i] = 0;
    }
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j)
                continue;
            double a = fabs((double)W[i * n + j]);
            str[i] += a;
            str[j] += a;
            double dx = pos[3 * i] - pos[3 * j], dy = pos[3 * i + 1] - pos[3 * j + 1],
                   dz = pos[3 * i + 2] - pos[3 * j + 2];
            dist[k] = sqrt(dx * dx + dy * dy + dz * dz);
            w[k] = a;
            v[k++] = a;
        }
    double thresh = 0, wmax = 0;
    if (!rc) {
        qsort(v, np, sizeof *v, cmp_desc);
        size_t keep = (size_t)ceil(top * (double)np);
        thresh = v[keep > 0 ? keep - 1 : 0];
        wmax = v[0];
        rc = ctome_plot_new(760, 360, 1, 2, &p);
    }
    if (!rc && title)
        rc = ctome_plot_set_title(p, title);
    ctome_axes *a = rc ? NULL : ctome_plot_panel(p, 0, 0), *b = rc ? NULL : ctome_plot_panel(p, 0, 1);
    /* weakest drawn first so strong lines end on top */
    for (int pass = 0; !rc && pass < 3; pass++) {
        double lo = thresh + (wmax - thresh) * pass / 3.0, hi = thresh + (wmax - thresh) * (pass + 1) / 3.0;
        ctome_style st = {.color = {0.2, 0.2, 0.45, 0.25 + 0.25 * pass}, .line_width = 0.4 + 0.6 * pass};
        for (size_t i = 0; !rc && i < n; i++)
            for (size_t j = 0; !rc && j < n; j++) {
                double aw = fabs((double)W[i * n + j]);
                if (i == j || !(aw >= thresh) || wmax <= 0 || aw < lo || (aw >= hi && pass < 2))
                    continue;
                double lx[2] = {ux[j], ux[i]}, ly[2] = {uy[j], uy[i]};
                rc = ctome_axes_line(a, lx, ly, 2, &st);
            }
    }
    if (!rc) {
        double smax = 0;
        for (size_t i = 0; i < n; i++)
            smax = fmax(smax, str[i]);
        /* one scatter per size class (a style has one marker size), and a
         * legend saying which strength each size stands for */
        double leg_size[4];
        char leg_buf[4][64];
        const char *leg_lab[4];
        size_t n_leg = 0;
        for (int c = 0; !rc && c < 4; c++) {
            double *sx = malloc(n * sizeof *sx), *sy = malloc(n * sizeof *sy);
            size_t m = 0;
            if (!sx || !sy) {
                free(sx);
                free(sy);
                rc = ctome_error_nomem();
                break;
            }
            for (size_t i = 0; i < n; i++) {
                int cls = smax > 0 ? (int)fmin(3, floor(4 * str[i] / smax)) : 0;
                if (cls == c) {
                    sx[m] = ux[i];
                    sy[m++] = uy[i];
                }
            }
            if (m)
                rc = ctome_axes_scatter(a, sx, sy, m,
                                        &(ctome_style){.color = {0.85, 0.37, 0.0, 1}, .marker_size = 3 + 2.5 * c});
            if (m) {   /* class c: strength in [c/4, (c+1)/4) of the largest (the top class includes it) */
                leg_size[n_leg] = 3 + 2.5 * c;
                snprintf(leg_buf[n_leg], sizeof leg_buf[n_leg], "%s%.3g\u2013%.3g", n_leg ? "" : "\u03a3|W| ",
                         smax * c / 4.0, smax * (c + 1) / 4.0);
                leg_lab[n_leg] = leg_buf[n_leg];
                n_leg++;
            }
            free(sx);
            free(sy);
        }
        if (!rc)
            rc = ctome_axes_size_legend(a, leg_size, leg_lab, n_leg, (ctome_rgba){0.85, 0.37, 0.0, 1});
        if (!rc)
            ctome_axes_set_legend(a, CTOME_LEGEND_OUTSIDE_RIGHT);
    }
    if (!rc) {
        char buf[128];
        snprintf(buf, sizeof buf, "strongest %.0f%% of connections", 100 * top);
        ctome_axes_set_title(a, buf);
        ctome_axes_set_label(a, CTOME_AXIS_X, "x + 0.35 z");
        ctome_axes_set_label(a, CTOME_AXIS_Y, "y + 0.25 z");
        ctome_axes_set_equal_aspect(a, 1);
        ctome_axes_set_panel_label(a, "A");
        rc = ctome_axes_scatter(b, dist, w, np, &(ctome_style){.alpha = 0.3, .marker_size = 2.5});
    }
    if (!rc) {
        ctome_axes_set_title(b, "weight-length relation");
        ctome_axes_set_label(b, CTOME_AXIS_X, "Euclidean distance");
        ctome_axes_set_label(b, CTOME_AXIS_Y, "|W_ij|");
        ctome_axes_set_panel_label(b, "B");
        rc = ctome_plot_save(p, path);
    }
    ctome_plot_free(p);
    free(v);
    free(dist);
    free(w);
    free(ux);
    free(uy);
    free(str);
    return rc;
}

static const char *label_of(const char *f)
{
    static const struct {
        const char *f, *l;
    } L[] = {{"acc", "accuracy (no noise)"},       {"q_weighted", "modularity Q (weighted |W|)"},
             {"q_binary", "modularity Q (top 10%)"}, {"sigma", "small-world \u03c3 (top 10%)"},
             {"wl_corr", "corr(|W|, distance)"},    {"energy", "mean activity"},
             {"mixed", "mixed selectivity"},        {"func_clust", "functional clustering"},
             {"strength", "sum |W|"},               {"mean_length", "weighted mean length"},
             {"frac_strong", "fraction |W| > 1e-3"}};
    for (size_t i = 0; i < sizeof L / sizeof *L; i++)
        if (!strcmp(L[i].f, f))
            return L[i].l;
    return f;
}

static int curve(ctome_axes *ax, const ctome_sernn_row *rows, size_t n, ctome_sernn_reg_kind reg,
                 const char *field, double acc_min, ctome_rgba col, const char *label)
{
    double *g = NULL;
    size_t ng = 0;
    int rc = ctome_sernn_table_gammas(rows, n, reg, &g, &ng);
    if (rc || ng == 0) {
        free(g);
        return rc;
    }
    double *mu = malloc(ng * sizeof *mu), *lo = malloc(ng * sizeof *lo), *hi = malloc(ng * sizeof *hi);
    if (!mu || !lo || !hi)
        rc = ctome_error_nomem();
    size_t used = 0;
    for (size_t i = 0; !rc && i < ng; i++) {
        double m, sd;
        size_t c;
        rc = ctome_sernn_table_stat(rows, n, reg, g[i], acc_min, field, &m, &sd, &c);
        mu[i] = m;
        lo[i] = c > 1 ? m - sd : NAN;
        hi[i] = c > 1 ? m + sd : NAN;
        if (g[i] <= 0)   /* log axis */
            mu[i] = lo[i] = hi[i] = NAN;
        used += c;
    }
    if (!rc && used) {
        rc = ctome_axes_band(ax, g, lo, hi, ng, &(ctome_style){.color = col, .alpha = 0.2});
        if (!rc)
            rc = ctome_axes_line(ax, g, mu, ng,
                                 &(ctome_style){.color = col, .marker = CTOME_MARKER_CIRCLE, .label = label});
    }
    free(g);
    free(mu);
    free(lo);
    free(hi);
    return rc;
}

int ctome_plot_sernn_curves(const ctome_sernn_row *rows, size_t n, const char *const *fields, size_t k,
                            double acc_min, const char *title, const char *path)
{
    static const char *const def[] = {"acc", "q_weighted", "sigma", "wl_corr", "energy", "mixed"};
    if (!fields) {
        fields = def;
        k = 6;
    }
    if (!rows || n == 0)
        return ctome_error(CTOME_EVALUE, path, 0, "no network to plot");
    if (k == 0 || k > 6)
        return ctome_error(CTOME_EINVAL, NULL, 0, "1 to 6 measures per figure, got %zu", k);
    int cols = k < 3 ? (int)k : 3, rws = (int)((k + 2) / 3);
    ctome_plot *p;
    int rc = ctome_plot_new(300.0 * cols, 240.0 * rws + 20, rws, cols, &p);
    if (!rc && title)
        rc = ctome_plot_set_title(p, title);
    const ctome_rgba se = {0.90, 0.38, 0.47, 1}, l1 = {0.0, 0.62, 0.64, 1};
    for (size_t f = 0; !rc && f < k; f++) {
        ctome_axes *ax = ctome_plot_panel(p, (int)(f / 3), (int)(f % 3));
        double amin = strcmp(fields[f], "acc") ? acc_min : -1;
        rc = curve(ax, rows, n, CTOME_SERNN_REG_SE, fields[f], amin, se, "seRNN");
        if (!rc)
            rc = curve(ax, rows, n, CTOME_SERNN_REG_L1, fields[f], amin, l1, "L1");
        if (!rc) {
            ctome_axes_set_scale(ax, CTOME_AXIS_X, CTOME_SCALE_LOG10);
            ctome_axes_set_label(ax, CTOME_AXIS_X, "gamma");
            ctome_axes_set_label(ax, CTOME_AXIS_Y, label_of(fields[f]));
            if (f == 0)
                ctome_axes_set_legend(ax, CTOME_LEGEND_BEST);
        }
    }
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    return rc;
}

/* Mann-Whitney p as text: 2 significant digits, "< 1e-300" at underflow. */
static void p_text(double p, char *buf, size_t n)
{
    if (p > 0)
        snprintf(buf, n, "%.2g", p);
    else
        snprintf(buf, n, "< 1e-300");
}

int ctome_plot_sernn_matched(const ctome_sernn_row *rows, size_t n, double acc_min, const char *title,
                             const char *path)
{
    static const char *const fields[] = {"q_weighted", "sigma"};
    static const ctome_rgba col[2] = {{0.90, 0.38, 0.47, 1}, {0.0, 0.62, 0.64, 1}};
    double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
    ctome_plot *p = NULL;
    int rc = a && b ? ctome_plot_new(600, 300, 1, 2, &p) : ctome_error_nomem();
    if (!rc && title)
        rc = ctome_plot_set_title(p, title);
    size_t total = 0;
    for (int f = 0; !rc && f < 2; f++) {
        size_t na = 0, nb = 0;
        for (size_t i = 0; i < n; i++) {
            const ctome_sernn_row *r = &rows[i];
            double v = ctome_sernn_row_value(r, fields[f]);
            if (r->status || !(r->acc >= acc_min) || !isfinite(v))
                continue;
            if (r->reg == CTOME_SERNN_REG_SE)
                a[na++] = v;
            else if (r->reg == CTOME_SERNN_REG_L1)
                b[nb++] = v;
        }
        total += na + nb;
        ctome_axes *ax = ctome_plot_panel(p, 0, f);
        char lab[2][48], ttl[128], ps[32];
        snprintf(lab[0], sizeof lab[0], "seRNN (n = %zu)", na);
        snprintf(lab[1], sizeof lab[1], "L1 (n = %zu)", nb);
        rc = ctome_axes_boxplot(ax, 1, a, na, 0.5, &(ctome_style){.color = col[0]}, NULL);
        if (!rc)
            rc = ctome_axes_boxplot(ax, 2, b, nb, 0.5, &(ctome_style){.color = col[1]}, NULL);
        ctome_mwu t;
        if (!rc && na && nb) {
            if (!(rc = ctome_mann_whitney(a, na, b, nb, &t))) {
                p_text(t.p, ps, sizeof ps);
                snprintf(ttl, sizeof ttl, "Mann\u2013Whitney U = %g, p = %s%s", t.u1, ps,
                         t.exact ? " (exact)" : "");
            }
        } else if (!rc) {
            snprintf(ttl, sizeof ttl, "no test: a group is empty");
        }
        const double xt[2] = {1, 2};
        const char *xl[2] = {lab[0], lab[1]};
        if (!rc)
            rc = ctome_axes_set_title(ax, ttl);
        if (!rc)
            rc = ctome_axes_set_ticks(ax, CTOME_AXIS_X, xt, xl, 2);
        if (!rc)
            rc = ctome_axes_set_limits(ax, CTOME_AXIS_X, 0.5, 2.5);
        if (!rc)
            rc = ctome_axes_set_label(ax, CTOME_AXIS_Y, label_of(fields[f]));
        if (!rc)
            rc = ctome_axes_set_label(ax, CTOME_AXIS_X, "networks (one point each)");
        if (!rc)
            rc = ctome_axes_set_legend(ax, CTOME_LEGEND_NONE);
    }
    if (!rc && total == 0)
        rc = ctome_error(CTOME_EVALUE, path, 0, "no network reaches accuracy %g", acc_min);
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    free(a);
    free(b);
    return rc;
}
