/* describe.c — a JSON description of what a figure draws, for tests and
 * for readers who cannot look at the picture.
 *
 * The canvas is retained (plot.h), so what it will draw is known before any
 * pixel is rendered: titles, axis labels, scales and limits (as the layout
 * computes them), tick labels given by the caller, groups, legend entries,
 * texts, and per series its kind, point count and label; per heatmap its
 * size, colour map, colour range, the number of NaN cells and the texts
 * printed in cells.  A test asserts on these instead of on pixels.
 *
 * ctome_plot_describe() returns the text; with ctome_plot_describe_files(1)
 * every ctome_plot_save() also writes it to "<path>.json" (atomically), so
 * figures drawn deep inside a command can be checked from outside.
 */
#include "plot_internal.h"
#include "error.h"
#include "io.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_describe_files;

void ctome_plot_describe_files(int on)
{
    g_describe_files = on != 0;
}

int plot_describe_files_on(void)
{
    return g_describe_files;
}

void plot_cell_text(double v, int digits, char *buf, size_t n)
{
    if (!isfinite(v)) {
        buf[0] = 0;
        return;
    }
    snprintf(buf, n, "%.*g", digits, v == 0 ? 0.0 : v);
}

/* A number, or null when not finite (JSON has no NaN). */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static const char *kind_name(art_kind k, int hist)
{
    switch (k) {
    case ART_LINE: return "line";
    case ART_SCATTER: return "scatter";
    case ART_BARS: return hist ? "histogram" : "bars";
    case ART_HLINE: return "hline";
    case ART_VLINE: return "vline";
    case ART_TEXT: return "text";
    case ART_HEATMAP: return "heatmap";
    case ART_BAND: return "band";
    }
    return "unknown";
}

static json_t *describe_axis(const plot_axis *a, double lo, double hi)
{
    json_t *o = json_object();
    json_object_set_new(o, "label", str_or_null(a->label));
    json_object_set_new(o, "scale", json_string(a->scale == CTOME_SCALE_LOG10 ? "log10" : "linear"));
    /* limits in data units */
    double dl = a->scale == CTOME_SCALE_LOG10 ? pow(10, lo) : lo;
    double dh = a->scale == CTOME_SCALE_LOG10 ? pow(10, hi) : hi;
    json_object_set_new(o, "limits", json_pack("[oo]", num(dl), num(dh)));
    if (a->custom_ticks) {
        json_t *t = json_array();
        for (size_t i = 0; i < a->n_ticks; i++)
            json_array_append_new(t, json_string(a->tick_lab[i] ? a->tick_lab[i] : ""));
        json_object_set_new(o, "ticks", t);
    }
    if (a->n_grp) {
        json_t *g = json_array();
        for (size_t i = 0; i < a->n_grp; i++)
            json_array_append_new(g, json_string(a->grp_lab[i] ? a->grp_lab[i] : ""));
        json_object_set_new(o, "groups", g);
    }
    return o;
}

static json_t *describe_heatmap(const plot_art *a)
{
    const ctome_heatmap_opts *h = &a->ho;
    size_t nan = 0, below = 0, above = 0;
    for (size_t i = 0; i < a->rows * a->cols; i++) {
        double v = a->m[i];
        if (isnan(v))
            nan++;
        else if (v < h->vmin)
            below++;
        else if (v > h->vmax)
            above++;
    }
    json_t *o = json_pack("{s:s, s:I, s:I, s:s, s:b, s:o, s:o, s:I, s:I, s:I, s:o}", "kind", "heatmap",
                          "rows", (json_int_t)a->rows, "cols", (json_int_t)a->cols, "cmap",
                          h->cmap == CTOME_CMAP_DIVERGING ? "diverging" : "viridis", "log", h->log_scale,
                          "vmin", num(h->vmin), "vmax", num(h->vmax), "nan_cells", (json_int_t)nan,
                          "cells_below", (json_int_t)below, "cells_above", (json_int_t)above,
                          "colorbar_label", str_or_null(h->no_colorbar ? NULL : h->cbar_label));
    if (h->cell_digits > 0) {
        json_t *t = json_array();
        char buf[64];
        for (size_t i = 0; i < a->rows * a->cols; i++) {
            plot_cell_text(a->m[i], h->cell_digits, buf, sizeof buf);
            json_array_append_new(t, json_string(buf));
        }
        json_object_set_new(o, "cell_texts", t);
    }
    return o;
}

static json_t *describe_art(const plot_art *a)
{
    if (a->kind == ART_HEATMAP)
        return describe_heatmap(a);
    json_t *o = json_pack("{s:s, s:I}", "kind", kind_name(a->kind, a->hist), "n", (json_int_t)a->n);
    if (a->kind != ART_TEXT) {   /* the resolved colour, as a style test compares it */
        char hex[8];
        snprintf(hex, sizeof hex, "#%02x%02x%02x", (unsigned)lround(255 * a->st.color.r),
                 (unsigned)lround(255 * a->st.color.g), (unsigned)lround(255 * a->st.color.b));
        json_object_set_new(o, "color", json_string(hex));
    }
    if (a->kind == ART_SCATTER)   /* what a size legend must match */
        json_object_set_new(o, "marker_size", num(a->st.marker_size));
    if (a->st.label)
        json_object_set_new(o, "label", json_string(a->st.label));
    if (a->kind == ART_TEXT) {
        json_object_set_new(o, "text", str_or_null(a->text));
        json_object_set_new(o, "x", num(a->x[0]));
        json_object_set_new(o, "y", num(a->y[0]));
    }
    if (a->kind == ART_BARS && !a->hist) {   /* bar heights: what a bar chart says */
        json_t *h = json_array();
        for (size_t i = 0; i < a->n; i++)
            json_array_append_new(h, num(a->y[i]));
        json_object_set_new(o, "heights", h);
    }
    if (a->kind == ART_HLINE)
        json_object_set_new(o, "y", num(a->n ? a->y[0] : NAN));
    if (a->kind == ART_VLINE)
        json_object_set_new(o, "x", num(a->n ? a->x[0] : NAN));
    return o;
}

static json_t *describe_panel(const ctome_axes *ax, int row, int col)
{
    plot_frame f;
    plot_frame_limits(ax, &f);
    json_t *o = json_pack("{s:i, s:i, s:o, s:o}", "row", row, "col", col, "title", str_or_null(ax->title),
                          "panel_label", str_or_null(ax->panel_label));
    json_object_set_new(o, "x", describe_axis(&ax->ax[0], f.lo[0], f.hi[0]));
    json_object_set_new(o, "y", describe_axis(&ax->ax[1], f.lo[1], f.hi[1]));
    json_t *arts = json_array();
    for (size_t i = 0; i < ax->n_arts; i++)
        json_array_append_new(arts, describe_art(&ax->arts[i]));
    json_object_set_new(o, "arts", arts);
    json_t *leg = json_array();
    if (ax->legend != CTOME_LEGEND_NONE) {
        for (size_t i = 0; i < ax->n_arts; i++) {
            const plot_art *a = &ax->arts[i];
            if (a->kind != ART_HEATMAP && a->kind != ART_TEXT && a->st.label)
                json_array_append_new(leg, json_string(a->st.label));
        }
        for (size_t i = 0; i < ax->n_extra; i++)
            json_array_append_new(leg, json_string(ax->extra[i].st.label));
    }
    json_object_set_new(o, "legend", leg);
    /* what a size legend says: the marker size of each entry, in order */
    json_t *sizes = json_array();
    double sz;
    for (int i = 0; ax->legend != CTOME_LEGEND_NONE && plot_legend_marker_size(ax, i, &sz); i++)
        json_array_append_new(sizes, num(sz));
    json_object_set_new(o, "legend_marker_sizes", sizes);
    return o;
}

int ctome_plot_describe(const ctome_plot *p, char **json)
{
    *json = NULL;
    if (!p)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no figure (NULL canvas)");
    json_t *o = json_pack("{s:o, s:f, s:f, s:i, s:i, s:f, s:f}", "title", str_or_null(p->title), "width_pt", p->w,
                          "height_pt", p->h, "rows", p->rows, "cols", p->cols, "font_pt", p->font, "dpi", p->dpi);
    if (!o)
        return ctome_error_nomem();
    json_t *panels = json_array();
    for (int r = 0; r < p->rows; r++)
        for (int c = 0; c < p->cols; c++) {
            const ctome_axes *ax = &p->panels[r * p->cols + c];
            if (ax->n_arts == 0 && !ax->title && ax->n_extra == 0)
                continue;   /* an unused cell is not drawn */
            json_array_append_new(panels, describe_panel(ax, r, c));
        }
    json_object_set_new(o, "panels", panels);
    /* one key per line: a shell test can grep it */
    char *s = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(o);
    if (!s)
        return ctome_error_nomem();
    *json = s;
    return CTOME_OK;
}

int plot_describe_write(const ctome_plot *p, const char *figure_path)
{
    size_t n = strlen(figure_path);
    char *path = malloc(n + 6);
    if (!path)
        return ctome_error_nomem();
    memcpy(path, figure_path, n);
    memcpy(path + n, ".json", 6);
    char *s = NULL;
    int rc = ctome_plot_describe(p, &s);
    ctome_outfile of;
    if (!rc && !(rc = ctome_outfile_open(&of, path))) {
        size_t len = strlen(s);
        if (fwrite(s, 1, len, of.fp) != len || fputc('\n', of.fp) == EOF) {
            rc = ctome_error(CTOME_EIO, path, 0, "write failed");
            ctome_outfile_abort(&of);
        } else {
            rc = ctome_outfile_commit(&of);
        }
    }
    free(s);
    free(path);
    return rc;
}
