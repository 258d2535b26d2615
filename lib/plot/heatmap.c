/* heatmap.c — matrices as cells, their colour bar, and group boundaries.
 *
 * Cells are drawn as one image with one pixel per cell and nearest-neighbour
 * filtering (PDF: /Interpolate false; SVG: image-rendering set in output.c), so
 * a 300 x 300 matrix stays a small, crisp file in every format.
 */
#include "plot_internal.h"
#include "error.h"
#include "io.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TICK 3.5
#define CBAR_GAP 10.0
#define CBAR_W 10.0
#define MAX_PIX 8192   /* image side; larger matrices are sampled */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int plot_quantiles(const double *v, size_t n, int absval, const double *q, double *out, size_t nq)
{
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return ctome_error_nomem();
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            s[m++] = absval ? fabs(v[i]) : v[i];
    qsort(s, m, sizeof *s, cmp_double);
    for (size_t k = 0; k < nq; k++)
        out[k] = m ? s[(size_t)floor(q[k] * (double)(m - 1) + 0.5)] : NAN;
    free(s);
    return CTOME_OK;
}

static int resolve_range(const double *m, size_t n, ctome_heatmap_opts *o)
{
    if (o->vmin < o->vmax) {
        if (o->log_scale && o->vmin <= 0)
            return ctome_error(CTOME_EINVAL, NULL, 0, "log colour scale with vmin %g <= 0", o->vmin);
        return CTOME_OK;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v = m[i];
        if (!isfinite(v) || (o->log_scale && v <= 0))
            continue;
        lo = fmin(lo, v);
        hi = fmax(hi, v);
    }
    if (!(lo <= hi)) {
        lo = o->log_scale ? 1 : 0;
        hi = o->log_scale ? 10 : 1;
    }
    if (o->cmap == CTOME_CMAP_DIVERGING && !o->log_scale) {
        /* centre the neutral colour on zero */
        double a = fmax(fabs(lo), fabs(hi));
        lo = -a;
        hi = a;
    }
    if (lo == hi) {
        if (o->log_scale) {
            lo /= sqrt(10.0);
            hi *= sqrt(10.0);
        } else {
            double d = lo != 0 ? 0.1 * fabs(lo) : 0.5;
            lo -= d;
            hi += d;
        }
    }
    o->vmin = lo;
    o->vmax = hi;
    return CTOME_OK;
}

/* Whether the colour range holds values of both signs: the given range when
 * there is one, else the finite values (log scales are never diverging). */
static int straddles_zero(const double *m, size_t n, const ctome_heatmap_opts *o)
{
    if (o->log_scale)
        return 0;
    if (o->vmin < o->vmax)
        return o->vmin < 0 && o->vmax > 0;
    int neg = 0, pos = 0;
    for (size_t i = 0; i < n; i++) {
        neg |= m[i] < 0;
        pos |= m[i] > 0;
    }
    return neg && pos;
}

int ctome_axes_heatmap(ctome_axes *ax, const double *m, size_t rows, size_t cols,
                       const ctome_heatmap_opts *opts)
{
    if (!ax)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no panel (NULL axes)");
    if (!m || rows == 0 || cols == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "empty heatmap (%zu x %zu)", rows, cols);
    if (ax->heatmap >= 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "a panel holds one heatmap; this one has one already");
    if (rows > SIZE_MAX / cols / sizeof(double))
        return ctome_error(CTOME_EINVAL, NULL, 0, "heatmap %zu x %zu too large", rows, cols);
    plot_art a = {.kind = ART_HEATMAP, .rows = rows, .cols = cols};
    a.ho = opts ? *opts : (ctome_heatmap_opts){0};
    if (a.ho.cmap == CTOME_CMAP_AUTO)
        a.ho.cmap = straddles_zero(m, rows * cols, &a.ho) ? CTOME_CMAP_DIVERGING : CTOME_CMAP_VIRIDIS;
    if (a.ho.cell_digits < 0 || a.ho.cell_digits > 17)
        return ctome_error(CTOME_EINVAL, NULL, 0, "cell_digits %d is outside 0..17", a.ho.cell_digits);
    if (a.ho.cmap != CTOME_CMAP_VIRIDIS && a.ho.cmap != CTOME_CMAP_DIVERGING)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown colour map %d", (int)a.ho.cmap);
    if (!(a.ho.nan_color.a > 0))
        a.ho.nan_color = (ctome_rgba){0.85, 0.85, 0.85, 1};
    if (!(a.ho.under_color.a > 0))
        a.ho.under_color = (ctome_rgba){1, 1, 1, 1};
    int rc = resolve_range(m, rows * cols, &a.ho);
    if (rc)
        return rc;
    a.ho.cbar_label = plot_strdup_or_null(a.ho.cbar_label, &rc);
    if (rc)
        return rc;
    a.m = malloc(rows * cols * sizeof *a.m);
    if (!a.m) {
        plot_art_free(&a);
        return ctome_error_nomem();
    }
    memcpy(a.m, m, rows * cols * sizeof *a.m);
    if (ax->n_arts == ax->cap_arts) {
        size_t cap = ax->cap_arts ? 2 * ax->cap_arts : 8;
        plot_art *na = realloc(ax->arts, cap * sizeof *na);
        if (!na) {
            plot_art_free(&a);
            return ctome_error_nomem();
        }
        ax->arts = na;
        ax->cap_arts = cap;
    }
    ax->heatmap = (int)ax->n_arts;
    ax->arts[ax->n_arts++] = a;
    return CTOME_OK;
}

#if CTOME_HAVE_CAIRO
/* Position of v on the colour scale, 0..1; NaN for "no colour" (NaN, <= 0 on log). */
static double scale_pos(const ctome_heatmap_opts *o, double v)
{
    if (isnan(v))
        return NAN;
    if (o->log_scale) {
        if (v <= 0)
            return -1;   /* under */
        return (log10(v) - log10(o->vmin)) / (log10(o->vmax) - log10(o->vmin));
    }
    return (v - o->vmin) / (o->vmax - o->vmin);
}

static uint32_t pack(ctome_rgba c)
{
    return (uint32_t)lround(c.r * 255) << 16 | (uint32_t)lround(c.g * 255) << 8 |
           (uint32_t)lround(c.b * 255);
}

static uint32_t cell_pixel(const ctome_heatmap_opts *o, double v)
{
    double t = scale_pos(o, v);
    if (isnan(t))
        return pack(o->nan_color);
    if (t == -1 && o->log_scale)
        return pack(o->under_color);
    return pack(ctome_colormap(o->cmap, t));
}

/* Values printed in their cells, black on light and white on dark colours
 * (relative luminance, ITU-R BT.709), at one size for all cells: the largest
 * that fits the widest text in a cell, at most 8 pt; below 4 pt none. */
static void draw_cell_texts(cairo_t *cr, const plot_art *art, const plot_frame *f)
{
    double cw = (f->x1 - f->x0) / (double)art->cols, ch = (f->y1 - f->y0) / (double)art->rows;
    char buf[64];
    double widest = 0;
    for (size_t i = 0; i < art->rows * art->cols; i++) {
        plot_cell_text(art->m[i], art->ho.cell_digits, buf, sizeof buf);
        plot_text_ext e = plot_text_measure(cr, buf, 10, 0);
        widest = fmax(widest, e.w);
    }
    double size = fmin(8, fmin(0.45 * ch, widest > 0 ? 10 * 0.9 * cw / widest : 8));
    if (size < 4)
        return;
    for (size_t i = 0; i < art->rows; i++)
        for (size_t j = 0; j < art->cols; j++) {
            double v = art->m[i * art->cols + j];
            plot_cell_text(v, art->ho.cell_digits, buf, sizeof buf);
            if (!buf[0])
                continue;
            uint32_t px = cell_pixel(&art->ho, v);
            double lum = 0.2126 * (px >> 16 & 255) + 0.7152 * (px >> 8 & 255) + 0.0722 * (px & 255);
            double g = lum > 140 ? 0 : 1;
            cairo_set_source_rgb(cr, g, g, g);
            plot_text(cr, buf, f->x0 + ((double)j + 0.5) * cw, f->y0 + ((double)i + 0.5) * ch, size, 0, 0.5,
                      0.5, 0);
        }
}

void plot_heatmap_draw(cairo_t *cr, const plot_art *art, const plot_frame *f)
{
    size_t w = art->cols < MAX_PIX ? art->cols : MAX_PIX;
    size_t h = art->rows < MAX_PIX ? art->rows : MAX_PIX;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return;   /* the error shows in the context status when painting fails */
    }
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    cairo_surface_flush(img);
    for (size_t i = 0; i < h; i++) {
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)stride * i);
        size_t si = i * art->rows / h;   /* sampling when the matrix exceeds MAX_PIX */
        for (size_t j = 0; j < w; j++)
            row[j] = cell_pixel(&art->ho, art->m[si * art->cols + j * art->cols / w]);
    }
    cairo_surface_mark_dirty(img);
    cairo_save(cr);
    cairo_translate(cr, f->x0, f->y0);
    cairo_scale(cr, (f->x1 - f->x0) / (double)w, (f->y1 - f->y0) / (double)h);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_rectangle(cr, 0, 0, (double)w, (double)h);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
    if (art->ho.cell_digits > 0)
        draw_cell_texts(cr, art, f);
}

/* ---- colour bar ---- */

static void cbar_ticks(cairo_t *cr, const plot_art *art, double len, double font, plot_ticks *t)
{
    plot_axis a = {.scale = art->ho.log_scale ? CTOME_SCALE_LOG10 : CTOME_SCALE_LINEAR};
    double lo = plot_axis_fwd(&a, art->ho.vmin), hi = plot_axis_fwd(&a, art->ho.vmax);
    plot_ticks_compute(cr, &a, lo, hi, len, 0, font, t);
}

double plot_colorbar_width(cairo_t *cr, const plot_art *art, double font)
{
    if (art->ho.no_colorbar)
        return 0;
    plot_ticks t;
    cbar_ticks(cr, art, 200, font, &t);
    double lw = 0;
    for (size_t i = 0; i < t.n; i++)
        lw = fmax(lw, plot_text_measure(cr, t.lab[i], font, 0).w);
    double w = CBAR_GAP + CBAR_W + TICK + 2 + lw + 2;
    if (art->ho.cbar_label)
        w += 5 + (font + 1) * 0.95;
    return w;
}

void plot_colorbar_draw(cairo_t *cr, const plot_art *art, const plot_frame *f, double font)
{
    if (art->ho.no_colorbar)
        return;
    double x = f->x1 + CBAR_GAP, y0 = f->y0, y1 = f->y1, H = y1 - y0;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 256);
    if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
        unsigned char *data = cairo_image_surface_get_data(img);
        int stride = cairo_image_surface_get_stride(img);
        cairo_surface_flush(img);
        for (int i = 0; i < 256; i++)   /* top row = vmax */
            *(uint32_t *)(void *)(data + stride * i) =
                pack(ctome_colormap(art->ho.cmap, (255 - i + 0.5) / 256.0));
        cairo_surface_mark_dirty(img);
        cairo_save(cr);
        cairo_translate(cr, x, y0);
        cairo_scale(cr, CBAR_W, H / 256.0);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
        cairo_rectangle(cr, 0, 0, 1, 256);
        cairo_fill(cr);
        cairo_restore(cr);
    }
    cairo_surface_destroy(img);

    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, x, y0, CBAR_W, H);
    cairo_stroke(cr);
    plot_ticks t;
    cbar_ticks(cr, art, H, font, &t);
    plot_axis a = {.scale = art->ho.log_scale ? CTOME_SCALE_LOG10 : CTOME_SCALE_LINEAR};
    double lo = plot_axis_fwd(&a, art->ho.vmin), hi = plot_axis_fwd(&a, art->ho.vmax);
    double lw = 0;
    for (size_t i = 0; i < t.n + t.n_minor; i++) {
        int minor = i >= t.n;
        double p = minor ? t.minor[i - t.n] : t.pos[i];
        double y = y1 - (p - lo) / (hi - lo) * H;
        cairo_move_to(cr, x + CBAR_W, y);
        cairo_line_to(cr, x + CBAR_W + (minor ? 0.55 * TICK : TICK), y);
    }
    cairo_stroke(cr);
    for (size_t i = 0; i < t.n; i++) {
        double y = y1 - (t.pos[i] - lo) / (hi - lo) * H;
        plot_text(cr, t.lab[i], x + CBAR_W + TICK + 2, y, font, 0, 0, 0.5, 0);
        lw = fmax(lw, plot_text_measure(cr, t.lab[i], font, 0).w);
    }
    if (art->ho.cbar_label)
        plot_text(cr, art->ho.cbar_label, x + CBAR_W + TICK + 2 + lw + 5, 0.5 * (y0 + y1), font + 1,
                  0, 0.5, 0, -M_PI_2);
}

/* ---- groups ---- */

static size_t group_end(const plot_axis *a, size_t g, double n_cells)
{
    return g + 1 < a->n_grp ? a->grp_start[g + 1] : (size_t)n_cells;
}

/* x groups: labels turn vertical only when side by side they would not fit
 * along the axis (a narrow group's label is shifted sideways instead). */
static int groups_rotated(cairo_t *cr, const plot_axis *a, double font, double span_pt,
                          double n_cells)
{
    (void)n_cells;
    double need = 0;
    for (size_t g = 0; g < a->n_grp; g++)
        need += plot_text_measure(cr, a->grp_lab[g], font, 0).w + 0.3 * font;
    return need > span_pt;
}

double plot_groups_margin(cairo_t *cr, const plot_axis *a, int axis, double font, double span_pt,
                          double n_cells)
{
    if (a->n_grp == 0 || n_cells <= 0)
        return 0;
    double w = 0;
    for (size_t g = 0; g < a->n_grp; g++)
        w = fmax(w, plot_text_measure(cr, a->grp_lab[g], font, 0).w);
    if (axis == 1 || groups_rotated(cr, a, font, span_pt, n_cells))
        return w + 6;
    return font * 0.95 + 6;
}

/* Push label centres apart (sizes along the axis) within [lo, hi]. */
static void spread(double *p, const double *s, size_t n, double lo, double hi, double gap)
{
    for (size_t i = 1; i < n; i++)
        p[i] = fmax(p[i], p[i - 1] + 0.5 * (s[i - 1] + s[i]) + gap);
    if (n && p[n - 1] + 0.5 * s[n - 1] > hi)
        p[n - 1] = hi - 0.5 * s[n - 1];
    for (size_t i = n - 1; i-- > 0;)
        p[i] = fmin(p[i], p[i + 1] - 0.5 * (s[i] + s[i + 1]) - gap);
    (void)lo;
}

void plot_groups_draw(cairo_t *cr, const plot_axis *a, int axis, const plot_frame *f, double font,
                      double offset)
{
    if (a->n_grp == 0)
        return;
    double n_cells = f->hi[axis];
    double span = axis == 0 ? f->x1 - f->x0 : f->y1 - f->y0;
    /* boundary lines across the matrix and out through the tick area */
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.6);
    for (size_t g = 1; g < a->n_grp; g++) {
        double c = (double)a->grp_start[g];
        if (c <= 0 || c >= n_cells)
            continue;
        if (axis == 0) {
            double x = plot_px(f, c);
            cairo_move_to(cr, x, f->y0);
            cairo_line_to(cr, x, f->y1 + offset - 1);
        } else {
            double y = plot_py(f, c);
            cairo_move_to(cr, f->x0 - offset + 1, y);
            cairo_line_to(cr, f->x1, y);
        }
    }
    cairo_stroke(cr);

    int rot = axis == 0 && groups_rotated(cr, a, font, span, n_cells);
    double *p = calloc(a->n_grp, sizeof *p), *s = calloc(a->n_grp, sizeof *s);
    size_t *idx = calloc(a->n_grp, sizeof *idx);
    if (!p || !s || !idx) {
        free(p);
        free(s);
        free(idx);
        return;
    }
    size_t n = 0;
    for (size_t g = 0; g < a->n_grp; g++) {
        double b = (double)a->grp_start[g], e = (double)group_end(a, g, n_cells);
        if (e <= b)
            continue;
        double mid = 0.5 * (b + e);
        p[n] = axis == 0 ? plot_px(f, mid) : plot_py(f, mid);
        plot_text_ext te = plot_text_measure(cr, a->grp_lab[g], font, 0);
        s[n] = (axis == 0 && !rot) ? te.w : te.asc + te.desc;
        idx[n++] = g;
    }
    if (axis == 0)
        spread(p, s, n, f->x0, f->x1 + 0.5 * font, 0.3 * font);
    else
        spread(p, s, n, f->y0, f->y1 + 0.5 * font, 0.1 * font);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (size_t i = 0; i < n; i++) {
        const char *lab = a->grp_lab[idx[i]];
        if (axis == 1)
            plot_text(cr, lab, f->x0 - offset - 2, p[i], font, 0, 1, 0.5, 0);
        else if (rot)
            plot_text(cr, lab, p[i], f->y1 + offset + 2, font, 0, 1, 0.5, -M_PI_2);
        else
            plot_text(cr, lab, p[i], f->y1 + offset + 2, font, 0, 0.5, 0, 0);
    }
    free(p);
    free(s);
    free(idx);
}
#endif /* CTOME_HAVE_CAIRO */
