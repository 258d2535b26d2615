/* series.c — lines, scatter, bars, histograms, reference lines and text. */
#include "plot_internal.h"
#include "error.h"
#include "io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Okabe & Ito 2008 ("Color universal design"): distinguishable with the common
 * colour-vision deficiencies; black last. */
static const double cycle[8][3] = {
    {0.000, 0.447, 0.698},   /* blue */
    {0.835, 0.369, 0.000},   /* vermillion */
    {0.000, 0.620, 0.451},   /* bluish green */
    {0.800, 0.475, 0.655},   /* reddish purple */
    {0.902, 0.624, 0.000},   /* orange */
    {0.337, 0.706, 0.914},   /* sky blue */
    {0.941, 0.894, 0.259},   /* yellow */
    {0.000, 0.000, 0.000},
};

ctome_rgba plot_cycle_color(int i)
{
    const double *c = cycle[(unsigned)i % 8];
    return (ctome_rgba){c[0], c[1], c[2], 1};
}

ctome_rgba ctome_plot_palette(size_t i)
{
    return plot_cycle_color((int)(i % CTOME_PLOT_PALETTE_N));
}

ctome_rgba ctome_plot_reference_grey(void)
{
    return (ctome_rgba){0.45, 0.45, 0.45, 1};
}

void plot_art_free(plot_art *a)
{
    free(a->x);
    free(a->y);
    free(a->y2);
    free(a->m);
    free(a->text);
    free((char *)a->st.label);
    free((char *)a->ho.cbar_label);
    memset(a, 0, sizeof *a);
}

static int check(ctome_axes *ax, const void *x, const void *y, size_t n)
{
    if (!ax)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no panel (NULL axes)");
    if (n && (!x || !y))
        return ctome_error(CTOME_EINVAL, NULL, 0, "series of %zu points without data", n);
    return CTOME_OK;
}

/* Fill defaults of a style; `auto_grey` for reference lines. */
static int resolve_style(ctome_axes *ax, const ctome_style *in, int auto_grey, ctome_style *out)
{
    ctome_style s = in ? *in : (ctome_style){0};
    if (!(s.color.a > 0)) {
        if (auto_grey)
            s.color = ctome_plot_reference_grey();
        else
            s.color = plot_cycle_color(ax->n_auto_colors++);
        if (auto_grey && !in)
            s.dashed = 1;
    }
    if (!(s.line_width > 0))
        s.line_width = auto_grey ? 0.8 : 1.5;
    if (!(s.marker_size > 0))
        s.marker_size = 4;
    if (!(s.alpha > 0) || s.alpha > 1)
        s.alpha = 1;
    int rc;
    s.label = plot_strdup_or_null(s.label, &rc);
    *out = s;
    return rc;
}

static double *copy(const double *v, size_t n)
{
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, v, n * sizeof *d);
    return d;
}

static int push(ctome_axes *ax, plot_art *a)
{
    if (ax->n_arts == ax->cap_arts) {
        size_t cap = ax->cap_arts ? 2 * ax->cap_arts : 8;
        plot_art *na = realloc(ax->arts, cap * sizeof *na);
        if (!na) {
            plot_art_free(a);
            return ctome_error_nomem();
        }
        ax->arts = na;
        ax->cap_arts = cap;
    }
    ax->arts[ax->n_arts++] = *a;
    return CTOME_OK;
}

static int add_xy(ctome_axes *ax, art_kind kind, const double *x, const double *y, size_t n,
                  const ctome_style *st, int auto_grey)
{
    plot_art a = {.kind = kind};
    int rc = resolve_style(ax, st, auto_grey, &a.st);
    if (rc)
        return rc;
    a.x = copy(x, n);
    a.y = copy(y, n);
    a.n = n;
    if (!a.x || !a.y) {
        plot_art_free(&a);
        return ctome_error_nomem();
    }
    if (kind == ART_SCATTER && a.st.marker == CTOME_MARKER_NONE)
        a.st.marker = CTOME_MARKER_CIRCLE;
    return push(ax, &a);
}

int ctome_axes_line(ctome_axes *ax, const double *x, const double *y, size_t n,
                    const ctome_style *st)
{
    int rc = check(ax, x, y, n);
    return rc ? rc : add_xy(ax, ART_LINE, x, y, n, st, 0);
}

int ctome_axes_scatter(ctome_axes *ax, const double *x, const double *y, size_t n,
                       const ctome_style *st)
{
    int rc = check(ax, x, y, n);
    return rc ? rc : add_xy(ax, ART_SCATTER, x, y, n, st, 0);
}

int ctome_axes_band(ctome_axes *ax, const double *x, const double *lo, const double *hi, size_t n,
                    const ctome_style *st)
{
    int rc = check(ax, x, lo, n);
    if (rc)
        return rc;
    if (n && !hi)
        return ctome_error(CTOME_EINVAL, NULL, 0, "band of %zu points without an upper edge", n);
    ctome_style s = st ? *st : (ctome_style){0};
    if (!(s.alpha > 0) || s.alpha > 1)
        s.alpha = 0.25;   /* translucent, so the mean line drawn over it stays visible */
    if ((rc = add_xy(ax, ART_BAND, x, lo, n, &s, 0)))
        return rc;
    plot_art *a = &ax->arts[ax->n_arts - 1];
    a->y2 = copy(hi, n);
    return a->y2 ? CTOME_OK : ctome_error_nomem();
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int ctome_axes_bars(ctome_axes *ax, const double *x, const double *h, size_t n, double width,
                    const ctome_style *st)
{
    int rc = check(ax, x, h, n);
    if (rc)
        return rc;
    if (!(width > 0)) {
        /* 0.8 of the smallest gap between distinct positions */
        double *s = copy(x, n), gap = INFINITY;
        if (!s)
            return ctome_error_nomem();
        qsort(s, n, sizeof *s, cmp_double);
        for (size_t i = 1; i < n; i++)
            if (s[i] > s[i - 1] && s[i] - s[i - 1] < gap)
                gap = s[i] - s[i - 1];
        free(s);
        width = 0.8 * (isfinite(gap) ? gap : 1.0);
    }
    if ((rc = add_xy(ax, ART_BARS, x, h, n, st, 0)))
        return rc;
    ax->arts[ax->n_arts - 1].width = width;
    return CTOME_OK;
}

int ctome_axes_histogram(ctome_axes *ax, const double *v, size_t n, size_t bins, double lo,
                         double hi, const ctome_style *st)
{
    int rc = check(ax, v, v, n);
    if (rc)
        return rc;
    if (bins == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "histogram with 0 bins");
    if (!(lo < hi)) {
        lo = INFINITY;
        hi = -INFINITY;
        for (size_t i = 0; i < n; i++)
            if (isfinite(v[i])) {
                lo = fmin(lo, v[i]);
                hi = fmax(hi, v[i]);
            }
        if (!(lo <= hi))
            return ctome_error(CTOME_EVALUE, NULL, 0, "histogram of %zu values has no finite value", n);
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
    }
    double *x = calloc(bins, sizeof *x), *c = calloc(bins, sizeof *c);
    if (!x || !c) {
        free(x);
        free(c);
        return ctome_error_nomem();
    }
    double w = (hi - lo) / (double)bins;
    for (size_t b = 0; b < bins; b++)
        x[b] = lo + ((double)b + 0.5) * w;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]) || v[i] < lo || v[i] > hi)
            continue;
        size_t b = (size_t)((v[i] - lo) / w);
        if (b >= bins)
            b = bins - 1;   /* the last bin is closed: hi belongs to it */
        c[b] += 1;
    }
    rc = add_xy(ax, ART_BARS, x, c, bins, st, 0);
    free(x);
    free(c);
    if (rc)
        return rc;
    ax->arts[ax->n_arts - 1].width = w;
    ax->arts[ax->n_arts - 1].hist = 1;
    return CTOME_OK;
}

int ctome_axes_hline(ctome_axes *ax, double y, const ctome_style *st)
{
    double x = NAN;
    int rc = check(ax, &x, &y, 1);
    return rc ? rc : add_xy(ax, ART_HLINE, &x, &y, 1, st, 1);
}

int ctome_axes_vline(ctome_axes *ax, double x, const ctome_style *st)
{
    double y = NAN;
    int rc = check(ax, &x, &y, 1);
    return rc ? rc : add_xy(ax, ART_VLINE, &x, &y, 1, st, 1);
}

int ctome_axes_text(ctome_axes *ax, double x, double y, const char *text, double halign)
{
    int rc = check(ax, &x, &y, 1);
    if (rc)
        return rc;
    if ((rc = add_xy(ax, ART_TEXT, &x, &y, 1, &(ctome_style){.color = {0, 0, 0, 1}}, 0)))
        return rc;
    plot_art *a = &ax->arts[ax->n_arts - 1];
    a->halign = halign;
    a->text = ctome_strdup(text);
    return a->text ? CTOME_OK : CTOME_ENOMEM;
}

/* ---- extent and drawing ---- */

static void grow(double v, double *lo, double *hi)
{
    if (isfinite(v)) {
        if (v < *lo)
            *lo = v;
        if (v > *hi)
            *hi = v;
    }
}

void plot_series_extent(const plot_art *art, const ctome_axes *ax, double lo[2], double hi[2],
                        int sticky[2])
{
    const plot_axis *X = &ax->ax[0], *Y = &ax->ax[1];
    lo[0] = lo[1] = INFINITY;
    hi[0] = hi[1] = -INFINITY;
    sticky[0] = sticky[1] = 0;
    switch (art->kind) {
    case ART_HEATMAP:
        lo[0] = lo[1] = 0;
        hi[0] = (double)art->cols;
        hi[1] = (double)art->rows;
        sticky[0] = sticky[1] = 3;
        return;
    case ART_BARS:
        for (size_t i = 0; i < art->n; i++) {
            if (!isfinite(art->y[i]))
                continue;
            grow(plot_axis_fwd(X, art->x[i] - 0.5 * art->width), &lo[0], &hi[0]);
            grow(plot_axis_fwd(X, art->x[i] + 0.5 * art->width), &lo[0], &hi[0]);
            grow(plot_axis_fwd(Y, art->y[i]), &lo[1], &hi[1]);
        }
        if (Y->scale == CTOME_SCALE_LINEAR) {
            grow(0, &lo[1], &hi[1]);
            /* the baseline sits on the frame; no margin beyond it */
            sticky[1] = (lo[1] == 0 ? 1 : 0) | (hi[1] == 0 ? 2 : 0);
        }
        if (art->hist)
            sticky[0] = 3;
        return;
    case ART_BAND:
        for (size_t i = 0; i < art->n; i++) {
            grow(plot_axis_fwd(X, art->x[i]), &lo[0], &hi[0]);
            grow(plot_axis_fwd(Y, art->y[i]), &lo[1], &hi[1]);
            grow(plot_axis_fwd(Y, art->y2[i]), &lo[1], &hi[1]);
        }
        return;
    default:
        for (size_t i = 0; i < art->n; i++) {
            if (art->kind != ART_HLINE)
                grow(plot_axis_fwd(X, art->x[i]), &lo[0], &hi[0]);
            if (art->kind != ART_VLINE)
                grow(plot_axis_fwd(Y, art->y[i]), &lo[1], &hi[1]);
        }
    }
}

#if CTOME_HAVE_CAIRO
void plot_marker(cairo_t *cr, ctome_marker mk, double x, double y, double size)
{
    double r = 0.5 * size;
    switch (mk) {
    case CTOME_MARKER_NONE:
        return;
    case CTOME_MARKER_CIRCLE:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
        cairo_fill(cr);
        return;
    case CTOME_MARKER_SQUARE:   /* same area as the circle */
        cairo_rectangle(cr, x - 0.886 * r, y - 0.886 * r, 1.772 * r, 1.772 * r);
        cairo_fill(cr);
        return;
    case CTOME_MARKER_TRIANGLE:
        cairo_move_to(cr, x, y - 1.2 * r);
        cairo_line_to(cr, x + 1.04 * r, y + 0.6 * r);
        cairo_line_to(cr, x - 1.04 * r, y + 0.6 * r);
        cairo_close_path(cr);
        cairo_fill(cr);
        return;
    case CTOME_MARKER_CROSS:
        cairo_set_line_width(cr, 0.25 * size);
        cairo_move_to(cr, x - r, y - r);
        cairo_line_to(cr, x + r, y + r);
        cairo_move_to(cr, x - r, y + r);
        cairo_line_to(cr, x + r, y - r);
        cairo_stroke(cr);
        return;
    }
}

static void set_line(cairo_t *cr, const ctome_style *st)
{
    cairo_set_line_width(cr, st->line_width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, st->dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
    if (st->dashed) {
        double d[2] = {3.5 * st->line_width + 1, 2.5 * st->line_width + 1};
        cairo_set_dash(cr, d, 2, 0);
    } else {
        cairo_set_dash(cr, NULL, 0, 0);
    }
}

static int band_ok(const plot_art *art, const plot_axis *X, const plot_axis *Y, size_t i)
{
    return isfinite(plot_axis_fwd(X, art->x[i])) && isfinite(plot_axis_fwd(Y, art->y[i])) &&
           isfinite(plot_axis_fwd(Y, art->y2[i]));
}

void plot_series_draw(cairo_t *cr, const plot_art *art, const ctome_axes *ax, const plot_frame *f)
{
    const plot_axis *X = &ax->ax[0], *Y = &ax->ax[1];
    const ctome_style *st = &art->st;
    cairo_save(cr);
    switch (art->kind) {
    case ART_LINE: {
        plot_set_color(cr, st->color, 1);
        set_line(cr, st);
        int pen = 0;
        for (size_t i = 0; i < art->n; i++) {
            double tx = plot_axis_fwd(X, art->x[i]), ty = plot_axis_fwd(Y, art->y[i]);
            if (!isfinite(tx) || !isfinite(ty)) {
                pen = 0;
                continue;
            }
            if (pen)
                cairo_line_to(cr, plot_px(f, tx), plot_py(f, ty));
            else
                cairo_move_to(cr, plot_px(f, tx), plot_py(f, ty));
            pen = 1;
        }
        cairo_stroke(cr);
        if (st->marker == CTOME_MARKER_NONE)
            break;
    } /* fall through: markers on the line */
    /* FALLTHROUGH */
    case ART_SCATTER:
        plot_set_color(cr, st->color, art->kind == ART_SCATTER ? st->alpha : 1);
        for (size_t i = 0; i < art->n; i++) {
            double tx = plot_axis_fwd(X, art->x[i]), ty = plot_axis_fwd(Y, art->y[i]);
            if (isfinite(tx) && isfinite(ty))
                plot_marker(cr, st->marker, plot_px(f, tx), plot_py(f, ty), st->marker_size);
        }
        break;
    case ART_BARS: {
        double base = Y->scale == CTOME_SCALE_LOG10 ? f->lo[1] : 0;
        for (size_t i = 0; i < art->n; i++) {
            double a = plot_axis_fwd(X, art->x[i] - 0.5 * art->width);
            double b = plot_axis_fwd(X, art->x[i] + 0.5 * art->width);
            double t = plot_axis_fwd(Y, art->y[i]);
            if (!isfinite(a) || !isfinite(b) || !isfinite(t) || art->y[i] == 0)
                continue;
            double x0 = plot_px(f, a), x1 = plot_px(f, b), y0 = plot_py(f, base), y1 = plot_py(f, t);
            cairo_rectangle(cr, x0, fmin(y0, y1), x1 - x0, fabs(y1 - y0));
        }
        plot_set_color(cr, st->color, st->alpha);
        if (art->hist) {
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_set_line_width(cr, 0.4);
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }
        break;
    }
    case ART_HLINE:
    case ART_VLINE: {
        plot_set_color(cr, st->color, 1);
        set_line(cr, st);
        if (art->kind == ART_HLINE) {
            double y = plot_py(f, plot_axis_fwd(Y, art->y[0]));
            cairo_move_to(cr, f->x0, y);
            cairo_line_to(cr, f->x1, y);
        } else {
            double x = plot_px(f, plot_axis_fwd(X, art->x[0]));
            cairo_move_to(cr, x, f->y0);
            cairo_line_to(cr, x, f->y1);
        }
        cairo_stroke(cr);
        break;
    }
    case ART_TEXT: {
        double tx = plot_axis_fwd(X, art->x[0]), ty = plot_axis_fwd(Y, art->y[0]);
        if (isfinite(tx) && isfinite(ty)) {
            plot_set_color(cr, st->color, 1);
            plot_text(cr, art->text, plot_px(f, tx), plot_py(f, ty), ax->fig->font, 0, art->halign,
                      0.5, 0);
        }
        break;
    }
    case ART_BAND:
        plot_set_color(cr, st->color, st->alpha);
        for (size_t i = 0; i < art->n;) {
            /* one polygon per run of finite points: along the upper edge, back along the lower */
            size_t j = i;
            while (j < art->n && band_ok(art, X, Y, j))
                j++;
            if (j > i + 1) {
                for (size_t k = i; k < j; k++)
                    (k == i ? cairo_move_to : cairo_line_to)(cr, plot_px(f, plot_axis_fwd(X, art->x[k])),
                                                            plot_py(f, plot_axis_fwd(Y, art->y2[k])));
                for (size_t k = j; k-- > i;)
                    cairo_line_to(cr, plot_px(f, plot_axis_fwd(X, art->x[k])),
                                  plot_py(f, plot_axis_fwd(Y, art->y[k])));
                cairo_close_path(cr);
                cairo_fill(cr);
            }
            i = j + 1;
        }
        break;
    case ART_HEATMAP:
        break;
    }
    cairo_restore(cr);
}
#endif /* CTOME_HAVE_CAIRO */
