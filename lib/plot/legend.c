/* legend.c — legend of the labelled series and extra entries of a panel. */
#include "plot_internal.h"
#include "error.h"
#include "io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int entry(const ctome_axes *ax, int i, ctome_legend_kind *kind, const ctome_style **st);

int ctome_axes_legend_entry(ctome_axes *ax, ctome_legend_kind kind, const ctome_style *st)
{
    if (!ax)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no panel (NULL axes)");
    if ((int)kind < CTOME_LEGEND_LINE || kind > CTOME_LEGEND_PATCH)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown legend entry kind %d", (int)kind);
    if (!st || !st->label)
        return ctome_error(CTOME_EINVAL, NULL, 0, "legend entry without a label");
    plot_legend_item *n = realloc(ax->extra, (ax->n_extra + 1) * sizeof *n);
    if (!n)
        return ctome_error_nomem();
    ax->extra = n;
    plot_legend_item it = {.kind = kind, .st = *st};
    if (!(it.st.color.a > 0))
        it.st.color = plot_cycle_color(ax->n_auto_colors++);
    if (!(it.st.line_width > 0))
        it.st.line_width = 1.5;
    if (!(it.st.marker_size > 0))
        it.st.marker_size = 4;
    if (!(it.st.alpha > 0))
        it.st.alpha = 1;
    if (kind == CTOME_LEGEND_MARKER && it.st.marker == CTOME_MARKER_NONE)
        it.st.marker = CTOME_MARKER_CIRCLE;
    it.st.label = ctome_strdup(st->label);
    if (!it.st.label)
        return CTOME_ENOMEM;
    ax->extra[ax->n_extra++] = it;
    return CTOME_OK;
}

int ctome_axes_size_legend(ctome_axes *ax, const double *size_pt, const char *const *labels, size_t n,
                           ctome_rgba color)
{
    if (!ax || (n && (!size_pt || !labels)))
        return ctome_error(CTOME_EINVAL, NULL, 0, "size legend: no panel, sizes or labels");
    for (size_t i = 0; i < n; i++)
        if (!(size_pt[i] > 0 && size_pt[i] <= 40) || !labels[i])
            return ctome_error(CTOME_EINVAL, NULL, 0, "size legend: entry %zu has size %g pt or no label", i,
                               size_pt[i]);
    if (!(color.a > 0))
        color = (ctome_rgba){0.5, 0.5, 0.5, 1};
    for (size_t i = 0; i < n; i++) {
        int rc = ctome_axes_legend_entry(ax, CTOME_LEGEND_MARKER,
                                         &(ctome_style){.color = color, .marker = CTOME_MARKER_CIRCLE,
                                                        .marker_size = size_pt[i], .label = labels[i]});
        if (rc)
            return rc;
    }
    return CTOME_OK;
}

int plot_legend_marker_size(const ctome_axes *ax, int i, double *size)
{
    ctome_legend_kind k;
    const ctome_style *st;
    if (!entry(ax, i, &k, &st))
        return 0;
    *size = (k == CTOME_LEGEND_PATCH || st->marker == CTOME_MARKER_NONE) && k != CTOME_LEGEND_MARKER ? NAN
                                                                                                   : st->marker_size;
    return 1;
}

/* The i-th entry (series in drawing order, then extra entries). */
static int entry(const ctome_axes *ax, int i, ctome_legend_kind *kind, const ctome_style **st)
{
    for (size_t k = 0; k < ax->n_arts; k++) {
        const plot_art *a = &ax->arts[k];
        if (a->kind == ART_HEATMAP || a->kind == ART_TEXT || !a->st.label)
            continue;
        if (i-- == 0) {
            *kind = a->kind == ART_SCATTER ? CTOME_LEGEND_MARKER
                    : a->kind == ART_BARS || a->kind == ART_BAND ? CTOME_LEGEND_PATCH
                                           : CTOME_LEGEND_LINE;
            *st = &a->st;
            return 1;
        }
    }
    if (i >= 0 && (size_t)i < ax->n_extra) {
        *kind = ax->extra[i].kind;
        *st = &ax->extra[i].st;
        return 1;
    }
    return 0;
}

int plot_legend_count(const ctome_axes *ax)
{
    int n = 0;
    ctome_legend_kind k;
    const ctome_style *st;
    while (entry(ax, n, &k, &st))
        n++;
    return n;
}

#if CTOME_HAVE_CAIRO
typedef struct {
    double w, h, row, handle, pad;
} legend_box;

static legend_box measure(cairo_t *cr, const ctome_axes *ax, double font)
{
    legend_box b = {0, 0, 1.4 * font, 2.2 * font, 0.5 * font};
    int n = plot_legend_count(ax);
    double lw = 0;
    ctome_legend_kind k;
    const ctome_style *st;
    for (int i = 0; i < n && entry(ax, i, &k, &st); i++)
        lw = fmax(lw, plot_text_measure(cr, st->label, font, 0).w);
    b.w = 2 * b.pad + b.handle + 0.6 * font + lw;
    b.h = 2 * b.pad + n * b.row - (b.row - font);
    return b;
}

double plot_legend_outside_width(cairo_t *cr, const ctome_axes *ax, double font)
{
    if (plot_legend_count(ax) == 0)
        return 0;
    return measure(cr, ax, font).w + 8;
}

/* Data points (line vertices, markers) of the panel inside a page rectangle. */
static size_t points_inside(const ctome_axes *ax, const plot_frame *f, double x0, double y0,
                            double x1, double y1)
{
    size_t c = 0;
    for (size_t k = 0; k < ax->n_arts; k++) {
        const plot_art *a = &ax->arts[k];
        if (a->kind != ART_LINE && a->kind != ART_SCATTER && a->kind != ART_BARS)
            continue;
        for (size_t i = 0; i < a->n; i++) {
            double tx = plot_axis_fwd(&ax->ax[0], a->x[i]), ty = plot_axis_fwd(&ax->ax[1], a->y[i]);
            if (!isfinite(tx) || !isfinite(ty))
                continue;
            double px = plot_px(f, tx), py = plot_py(f, ty);
            if (a->kind == ART_BARS) {   /* a bar covers the box if it reaches into it */
                double base = plot_py(f, ax->ax[1].scale == CTOME_SCALE_LOG10 ? f->lo[1] : 0);
                if (px >= x0 && px <= x1 && fmax(py, base) >= y0 && fmin(py, base) <= y1)
                    c += 4;
            } else if (px >= x0 && px <= x1 && py >= y0 && py <= y1) {
                c++;
            }
        }
    }
    return c;
}

void plot_legend_draw(cairo_t *cr, const ctome_axes *ax, const plot_frame *f, double font)
{
    int n = plot_legend_count(ax);
    if (n == 0 || ax->legend == CTOME_LEGEND_NONE)
        return;
    legend_box b = measure(cr, ax, font);
    double m = 4, x, y;
    ctome_legend_pos pos = ax->legend;
    if (pos == CTOME_LEGEND_BEST) {
        /* the corner covering the fewest points; ties in the order UR, UL, LR, LL */
        size_t best = (size_t)-1;
        for (int p = CTOME_LEGEND_UPPER_RIGHT; p <= CTOME_LEGEND_LOWER_LEFT; p++) {
            double cx = (p == CTOME_LEGEND_UPPER_RIGHT || p == CTOME_LEGEND_LOWER_RIGHT) ? f->x1 - m - b.w
                                                                                          : f->x0 + m;
            double cy = p <= CTOME_LEGEND_UPPER_LEFT ? f->y0 + m : f->y1 - m - b.h;
            size_t c = points_inside(ax, f, cx, cy, cx + b.w, cy + b.h);
            if (c < best) {
                best = c;
                pos = (ctome_legend_pos)p;
            }
        }
    }
    if (pos == CTOME_LEGEND_OUTSIDE_RIGHT) {
        x = f->x1 + 8;
        if (ax->heatmap >= 0)
            x += plot_colorbar_width(cr, &ax->arts[ax->heatmap], font);
        y = f->y0;
    } else {
        int right = pos == CTOME_LEGEND_UPPER_RIGHT || pos == CTOME_LEGEND_LOWER_RIGHT;
        int upper = pos == CTOME_LEGEND_UPPER_RIGHT || pos == CTOME_LEGEND_UPPER_LEFT;
        x = right ? f->x1 - m - b.w : f->x0 + m;
        y = upper ? f->y0 + m : f->y1 - m - b.h;
        cairo_rectangle(cr, x, y, b.w, b.h);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
    }
    ctome_legend_kind kind;
    const ctome_style *st;
    for (int i = 0; i < n && entry(ax, i, &kind, &st); i++) {
        double cy = y + b.pad + 0.5 * font + i * b.row;
        double hx = x + b.pad;
        cairo_save(cr);
        if (kind == CTOME_LEGEND_PATCH) {
            plot_set_color(cr, st->color, st->alpha);
            cairo_rectangle(cr, hx + 0.2 * b.handle, cy - 0.4 * font, 0.6 * b.handle, 0.8 * font);
            cairo_fill(cr);
        } else if (kind == CTOME_LEGEND_LINE) {
            plot_set_color(cr, st->color, 1);
            cairo_set_line_width(cr, st->line_width);
            if (st->dashed) {
                double d[2] = {3.5 * st->line_width + 1, 2.5 * st->line_width + 1};
                cairo_set_dash(cr, d, 2, 0);
            }
            cairo_move_to(cr, hx, cy);
            cairo_line_to(cr, hx + b.handle, cy);
            cairo_stroke(cr);
            plot_marker(cr, st->marker, hx + 0.5 * b.handle, cy, st->marker_size);
        } else {
            plot_set_color(cr, st->color, st->alpha);
            plot_marker(cr, st->marker, hx + 0.5 * b.handle, cy, st->marker_size);
        }
        cairo_restore(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        plot_text(cr, st->label, hx + b.handle + 0.6 * font, cy, font, 0, 0, 0.5, 0);
    }
}
#endif /* CTOME_HAVE_CAIRO */
