/* boxplot.c — a group of values as its points over a Tukey box, built from
 * the series of series.c (scatter and lines), so it is drawn, laid out and
 * described like any other series. */
#include "plot_internal.h"
#include "error.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int ctome_axes_boxplot(ctome_axes *ax, double x, const double *v, size_t n, double width, const ctome_style *st,
                       ctome_box_stats *out)
{
    if (!ax || (n && !v))
        return ctome_error(CTOME_EINVAL, NULL, 0, "box plot without a panel or values");
    if (!(width > 0))
        width = 0.5;
    double *s = malloc((n ? n : 1) * sizeof *s), *px = malloc((n ? n : 1) * sizeof *px);
    if (!s || !px) {
        free(s);
        free(px);
        return ctome_error_nomem();
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            s[m++] = v[i];
    ctome_box_stats b = {.n = m, .median = NAN, .q1 = NAN, .q3 = NAN, .lo = NAN, .hi = NAN};
    ctome_style pst = st ? *st : (ctome_style){0};
    if (!(pst.color.a > 0))
        pst.color = plot_cycle_color(ax->n_auto_colors++);
    if (!(pst.alpha > 0))
        pst.alpha = 0.55;
    /* points spread over the box's width by the golden-ratio sequence: no
     * random choice, the same figure every time, no two points on one x */
    for (size_t i = 0; i < n; i++)
        px[i] = x + 0.7 * width * (fmod(0.5 + 0.6180339887498949 * (double)i, 1.0) - 0.5);
    int rc = ctome_axes_scatter(ax, px, v, n, &pst);
    if (!rc && m > 0) {
        qsort(s, m, sizeof *s, cmp_double);
        b.median = gsl_stats_quantile_from_sorted_data(s, 1, m, 0.5);
        b.q1 = gsl_stats_quantile_from_sorted_data(s, 1, m, 0.25);
        b.q3 = gsl_stats_quantile_from_sorted_data(s, 1, m, 0.75);
        double iqr = b.q3 - b.q1;
        b.lo = b.hi = b.median;
        for (size_t i = 0; i < m; i++)
            if (s[i] >= b.q1 - 1.5 * iqr) {
                b.lo = s[i];
                break;
            }
        for (size_t i = m; i-- > 0;)
            if (s[i] <= b.q3 + 1.5 * iqr) {
                b.hi = s[i];
                break;
            }
        ctome_style ls = {.color = {0.15, 0.15, 0.15, 1}, .line_width = 1.1};
        double h = 0.5 * width;
        const double bx[5] = {x - h, x + h, x + h, x - h, x - h}, by[5] = {b.q1, b.q1, b.q3, b.q3, b.q1};
        rc = ctome_axes_line(ax, bx, by, 5, &ls);
        const double mx[2] = {x - h, x + h}, my[2] = {b.median, b.median};
        ls.line_width = 2;
        if (!rc)
            rc = ctome_axes_line(ax, mx, my, 2, &ls);
        ls.line_width = 1.1;
        const double wx[2] = {x, x}, w1[2] = {b.q1, b.lo}, w2[2] = {b.q3, b.hi};
        if (!rc)
            rc = ctome_axes_line(ax, wx, w1, 2, &ls);
        if (!rc)
            rc = ctome_axes_line(ax, wx, w2, 2, &ls);
    }
    free(s);
    free(px);
    if (!rc && out)
        *out = b;
    return rc;
}
