/* plot_internal.h — structures shared by the files of lib/plot (not installed). */
#ifndef CTOME_PLOT_INTERNAL_H
#define CTOME_PLOT_INTERNAL_H

#include "ctome_features.h"

#if CTOME_HAVE_CAIRO
#include <cairo.h>
#else
/* Without cairo only the recording half of the canvas is compiled; the
 * drawing functions below are declared on an opaque cairo_t and not built. */
typedef struct _cairo cairo_t;
#endif

#include "plot.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

typedef enum { ART_LINE, ART_SCATTER, ART_BARS, ART_HLINE, ART_VLINE, ART_TEXT, ART_HEATMAP, ART_BAND } art_kind;

typedef struct {
    art_kind kind;
    ctome_style st;          /* resolved: colour, widths set; label owned */
    double *x, *y;           /* owned copies */
    double *y2;              /* ART_BAND: upper edge (y is the lower one) */
    size_t n;
    double width;            /* bars */
    int hist;                /* bars of a histogram: touching, thin white edges */
    char *text;              /* ART_TEXT */
    double halign;
    /* ART_HEATMAP */
    double *m;
    size_t rows, cols;
    ctome_heatmap_opts ho;   /* resolved: vmin < vmax (log: log10 values), colours; label owned */
} plot_art;

typedef struct {
    ctome_scale scale;
    int fixed;               /* limits set by the caller */
    double lo, hi;           /* caller's limits (data units) */
    char *label;
    int custom_ticks;        /* ticks given by ctome_axes_set_ticks */
    double *tick_pos;
    char **tick_lab;
    size_t n_ticks;
    size_t *grp_start;       /* groups */
    char **grp_lab;
    size_t n_grp;
} plot_axis;

typedef struct {
    ctome_legend_kind kind;
    ctome_style st;          /* label owned */
} plot_legend_item;

struct ctome_axes {
    ctome_plot *fig;
    plot_axis ax[2];
    char *title;
    char *panel_label;
    plot_art *arts;
    size_t n_arts, cap_arts;
    plot_legend_item *extra;  /* entries from ctome_axes_legend_entry */
    size_t n_extra;
    ctome_legend_pos legend;
    int grid;
    int n_auto_colors;       /* position in the colour cycle */
    int heatmap;             /* index of the heatmap art, or -1 */
    int equal_aspect;        /* one data unit as long on x as on y */
};

struct ctome_plot {
    double w, h;             /* pt */
    int rows, cols;
    ctome_axes *panels;      /* rows * cols */
    char *title;
    double dpi;
    double font;             /* base size, pt */
};

/* Layout of one panel, computed at render time (points). */
typedef struct {
    double x0, y0, x1, y1;   /* data rectangle on the page (y0 top) */
    double lo[2], hi[2];     /* axis limits in transformed units (log10 for log axes) */
    int invert_y;            /* heatmaps: row 0 at the top */
} plot_frame;

/* text.c: text with an optional "^{...}" superscript, e.g. "10^{3}". */
typedef struct {
    double w, asc, desc;     /* width, height above and below the baseline */
} plot_text_ext;
void plot_font(cairo_t *cr, double size, int bold);
plot_text_ext plot_text_measure(cairo_t *cr, const char *s, double size, int bold);
/* Draw with anchor (x, y): halign 0/0.5/1 = left/centre/right; valign
 * 0/0.5/1 = top/middle/bottom of the text box; angle in radians (rotation
 * about the anchor, positive clockwise as cairo). */
void plot_text(cairo_t *cr, const char *s, double x, double y, double size, int bold,
               double halign, double valign, double angle);

/* axes.c */
double plot_axis_fwd(const plot_axis *a, double v);          /* data -> transformed (NaN if invalid) */
void plot_frame_limits(const ctome_axes *ax, plot_frame *f); /* fills lo/hi, invert_y */
double plot_px(const plot_frame *f, double tx);              /* transformed x -> page */
double plot_py(const plot_frame *f, double ty);
void plot_axes_clear(ctome_axes *ax);
int plot_axes_render(cairo_t *cr, ctome_axes *ax, double cx, double cy, double cw, double ch);
void plot_set_color(cairo_t *cr, ctome_rgba c, double alpha);

/* ticks.c: tick positions (transformed units) and labels for one axis range. */
typedef struct {
    double pos[64];
    char lab[64][32];
    size_t n;
    double minor[256];       /* unlabelled minor ticks (log axes) */
    size_t n_minor;
} plot_ticks;
void plot_ticks_compute(cairo_t *cr, const plot_axis *a, double lo, double hi, double length_pt,
                        int horizontal, double font, plot_ticks *t);

/* series.c */
/* Extent in transformed units; sticky[k] bit 0/1: lower/upper bound must not get a margin. */
void plot_series_extent(const plot_art *art, const ctome_axes *ax, double lo[2], double hi[2],
                        int sticky[2]);
void plot_series_draw(cairo_t *cr, const plot_art *art, const ctome_axes *ax, const plot_frame *f);
ctome_rgba plot_cycle_color(int i);
void plot_marker(cairo_t *cr, ctome_marker mk, double x, double y, double size);
void plot_art_free(plot_art *a);

/* heatmap.c */
void plot_heatmap_draw(cairo_t *cr, const plot_art *art, const plot_frame *f);
double plot_colorbar_width(cairo_t *cr, const plot_art *art, double font);
void plot_colorbar_draw(cairo_t *cr, const plot_art *art, const plot_frame *f, double font);
/* The q[k]-quantiles (0..1, nearest rank: sorted[round(q (m-1))]) of the m
 * finite values of v[0..n) (of |v| when absval), NaN when m == 0; robust
 * colour limits.  Errors: allocation.  O(n log n). */
int plot_quantiles(const double *v, size_t n, int absval, const double *q, double *out, size_t nq);
/* groups along an axis: extra margin they need, and drawing */
double plot_groups_margin(cairo_t *cr, const plot_axis *a, int axis, double font, double span_pt,
                          double n_cells);
void plot_groups_draw(cairo_t *cr, const plot_axis *a, int axis, const plot_frame *f, double font,
                      double offset);

/* legend.c */
int plot_legend_count(const ctome_axes *ax);
/* Marker size (pt) of legend entry i into *size, NaN when it shows no
 * marker (a line without marker, a patch); 0 when there is no entry i. */
int plot_legend_marker_size(const ctome_axes *ax, int i, double *size);
double plot_legend_outside_width(cairo_t *cr, const ctome_axes *ax, double font);
void plot_legend_draw(cairo_t *cr, const ctome_axes *ax, const plot_frame *f, double font);

/* output.c: SVG id renumbering for byte-identical files. */
int plot_svg_normalise(const unsigned char *in, size_t n, unsigned char **out, size_t *out_n);

char *plot_strdup_or_null(const char *s, int *rc);

/* describe.c */
int plot_describe_files_on(void);
int plot_describe_write(const ctome_plot *p, const char *figure_path);
/* The text of a heatmap cell: %.*g with `digits` significant digits, "" for non-finite. */
void plot_cell_text(double v, int digits, char *buf, size_t n);

#pragma GCC visibility pop

#endif
