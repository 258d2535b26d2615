/* plot.h — the one figure canvas of ctome (cairo): panels, axes, series,
 * heatmaps, colour bars, legends; PNG, SVG or PDF chosen by file extension.
 *
 * The canvas is retained: calls record what to draw (data are copied), and
 * ctome_plot_save() lays the figure out and renders it, so one figure can be
 * saved in several formats.  Sizes are in points (1/72 inch); text uses
 * cairo's toy API with the "sans" face (DejaVu Sans on Debian).
 *
 * Output is deterministic: the same calls give byte-identical SVG and PDF
 * (the PDF carries no creation date, SVG element ids are numbered per file)
 * and identical PNG pixels.  Files are written atomically (ctome_outfile_*):
 * a failed plot leaves no file behind.
 *
 * Typical use:
 *   ctome_plot *p;  ctome_plot_new(360, 260, 1, 1, &p);
 *   ctome_axes *ax = ctome_plot_panel(p, 0, 0);
 *   ctome_axes_line(ax, x, y, n, &(ctome_style){.label = "model"});
 *   ctome_axes_set_label(ax, CTOME_AXIS_X, "time (s)");
 *   rc = ctome_plot_save(p, "fig.pdf");  ctome_plot_free(p);
 * and once at program exit ctome_plot_cleanup().
 */
#ifndef CTOME_PLOT_H
#define CTOME_PLOT_H

#include <stddef.h>

typedef struct ctome_plot ctome_plot;
typedef struct ctome_axes ctome_axes;
struct ctome_connectome;

typedef struct {
    double r, g, b, a;       /* 0..1; a == 0 in a style means "automatic" */
} ctome_rgba;

typedef enum { CTOME_AXIS_X = 0, CTOME_AXIS_Y = 1 } ctome_axis;
typedef enum { CTOME_SCALE_LINEAR = 0, CTOME_SCALE_LOG10 } ctome_scale;

typedef enum {
    CTOME_MARKER_NONE = 0,
    CTOME_MARKER_CIRCLE,
    CTOME_MARKER_SQUARE,
    CTOME_MARKER_TRIANGLE,
    CTOME_MARKER_CROSS
} ctome_marker;

/* Style of a series.  A zero-initialised style is valid: colour from the
 * colour-blind-safe cycle (Okabe & Ito 2008), 1.5 pt lines, no marker (scatter:
 * circles of 4 pt), no legend entry. */
typedef struct {
    ctome_rgba color;        /* a == 0: next colour of the panel's cycle */
    double line_width;       /* pt; 0: 1.5 */
    int dashed;
    ctome_marker marker;
    double marker_size;      /* pt (diameter); 0: 4 */
    double alpha;            /* fill/marker opacity for scatter, bars; 0: 1 */
    const char *label;       /* legend entry (copied); NULL: none */
} ctome_style;

/* CTOME_CMAP_AUTO (heatmaps only): diverging when the finite values (or the
 * given vmin, vmax) straddle 0, viridis (sequential) when all have one sign,
 * so a map of all-positive values is not centred on a 0 it never reaches. */
typedef enum { CTOME_CMAP_VIRIDIS = 0, CTOME_CMAP_DIVERGING, CTOME_CMAP_AUTO } ctome_cmap;

/* Heatmap options.  A zero-initialised struct is valid: viridis, linear,
 * automatic range (diverging: symmetric about 0), NaN light grey, colour bar
 * without label. */
typedef struct {
    ctome_cmap cmap;
    int log_scale;           /* colour by log10(v); v <= 0 drawn in under_color */
    double vmin, vmax;       /* colour range; vmin >= vmax: from the data */
    ctome_rgba nan_color;    /* a == 0: light grey (0.85) */
    ctome_rgba under_color;  /* log scale, v <= 0; a == 0: white */
    int no_colorbar;
    const char *cbar_label;  /* copied; NULL: none */
    int cell_digits;         /* > 0: each finite value printed in its cell with this many
                                significant digits (%.*g), black or white by the cell's
                                lightness; cells too small for 4 pt text stay empty */
} ctome_heatmap_opts;

typedef enum {
    CTOME_LEGEND_BEST = 0,   /* the inside corner covering the fewest data points */
    CTOME_LEGEND_UPPER_RIGHT,
    CTOME_LEGEND_UPPER_LEFT,
    CTOME_LEGEND_LOWER_RIGHT,
    CTOME_LEGEND_LOWER_LEFT,
    CTOME_LEGEND_OUTSIDE_RIGHT,
    CTOME_LEGEND_NONE
} ctome_legend_pos;

typedef enum { CTOME_LEGEND_LINE = 0, CTOME_LEGEND_MARKER, CTOME_LEGEND_PATCH } ctome_legend_kind;

/* ---- the shared style (canvas.c, series.c) ----
 * Every figure of ctome draws on this canvas with these defaults, so figures
 * from different commands look alike: base font CTOME_PLOT_FONT_PT (tick
 * labels; axis labels +1, titles +2), PNG at CTOME_PLOT_DPI, series colours
 * from the Okabe & Ito (2008) palette, reference lines in the reference grey.
 * Rows of small panels (the paper checks of `ctome reproduce`) use panels of
 * CTOME_PLOT_PANEL_W x CTOME_PLOT_PANEL_H points.  The figure description
 * (ctome_plot_describe) reports font_pt, dpi and every item's colour, so a
 * test can hold a figure to this style. */
#define CTOME_PLOT_FONT_PT 8.0
#define CTOME_PLOT_DPI 200.0
#define CTOME_PLOT_PALETTE_N 8
#define CTOME_PLOT_PANEL_W 260.0
#define CTOME_PLOT_PANEL_H 220.0
/* Palette colour i mod 8: blue, vermillion, bluish green, reddish purple,
 * orange, sky blue, yellow, black (the automatic series cycle).  O(1). */
ctome_rgba ctome_plot_palette(size_t i);
/* The grey of reference lines (hline/vline without a style). */
ctome_rgba ctome_plot_reference_grey(void);

/* ---- canvas (canvas.c) ---- */

/* A canvas of width x height points split into rows x cols equal panels.
 * Errors: CTOME_EINVAL for sizes <= 0 or > 14400 pt, rows/cols < 1 or > 16. */
int ctome_plot_new(double width_pt, double height_pt, int rows, int cols, ctome_plot **out);
void ctome_plot_free(ctome_plot *p);
/* The panel at (row, col), or NULL when out of range.  Owned by the canvas. */
ctome_axes *ctome_plot_panel(ctome_plot *p, int row, int col);
/* Figure title above all panels (copied; NULL clears). */
int ctome_plot_set_title(ctome_plot *p, const char *title);
/* PNG resolution in dots per inch (default CTOME_PLOT_DPI = 200; 30..1200). */
int ctome_plot_set_dpi(ctome_plot *p, double dpi);
/* Base font size in pt (default CTOME_PLOT_FONT_PT = 8: tick labels; axis
 * labels +1, titles +2). */
int ctome_plot_set_font_size(ctome_plot *p, double pt);

/* Lay out and render to `path`; the format comes from the extension (.png,
 * .svg, .pdf, case-insensitive).  Unknown extension: CTOME_EINVAL naming the
 * path, nothing written.  Write errors: CTOME_EIO; cairo errors: CTOME_ELIB;
 * in both cases no file is left.  Cost: O(data drawn). */
int ctome_plot_save(ctome_plot *p, const char *path);
/* Whether ctome_plot_save can write `path`'s format (its extension): CTOME_OK,
 * or CTOME_EINVAL naming the path and the formats.  For checking an output
 * path before the work that draws it.  O(length of path). */
int ctome_plot_format_check(const char *path);

/* Release cairo's and fontconfig's process-wide caches (LeakSanitizer otherwise
 * reports ~650 bytes from fontconfig once text was drawn).  Call once at exit,
 * when no canvas is alive; no plotting afterwards. */
void ctome_plot_cleanup(void);

/* ---- description (describe.c) ---- */

/* A JSON description of what the figure draws (malloc'd text; free()):
 * title, size, base font (font_pt) and PNG resolution (dpi); per used panel its title, panel letter, per axis the
 * label, scale, limits in data units (as the layout computes them), the
 * caller's tick labels and group labels; per drawn item its kind (line,
 * scatter, bars, histogram, band, hline, vline, text, heatmap), point count,
 * colour ("#rrggbb", not for heatmaps and texts) and legend label, texts with their position; per heatmap its size, colour
 * map ("viridis" or "diverging"), log flag, colour range, counts of NaN cells
 * and of cells outside the range, colour-bar label and cell texts; the
 * legend entries ("legend": labels; "legend_marker_sizes": the marker size
 * in pt of each entry that shows a marker, null for the others).  Tests assert on it instead of on pixels.  O(data). */
int ctome_plot_describe(const ctome_plot *p, char **json);
/* Process-wide switch (off by default): when on, every ctome_plot_save(p,
 * path) also writes ctome_plot_describe(p) to "<path>.json", atomically.
 * Set it once before figures are drawn (not synchronised). */
void ctome_plot_describe_files(int on);

/* ---- axes (axes.c) ---- */

int ctome_axes_set_title(ctome_axes *ax, const char *title);
int ctome_axes_set_label(ctome_axes *ax, ctome_axis axis, const char *label);
/* Bold panel letter ("A", "B" ...) at the top-left corner of the panel. */
int ctome_axes_set_panel_label(ctome_axes *ax, const char *letter);
/* Log scale drops values <= 0 from series (lines break there). */
int ctome_axes_set_scale(ctome_axes *ax, ctome_axis axis, ctome_scale scale);
/* Fixed limits (lo < hi, both > 0 on a log axis); otherwise automatic. */
int ctome_axes_set_limits(ctome_axes *ax, ctome_axis axis, double lo, double hi);
/* Tick labels at given data positions instead of numeric ticks (copied).
 * n == 0 removes all ticks of that axis. */
int ctome_axes_set_ticks(ctome_axes *ax, ctome_axis axis, const double *pos,
                         const char *const *labels, size_t n);
/* Groups along an axis of a heatmap: group g spans cells [start[g], start[g+1])
 * (the last one up to the end); a line is drawn at each boundary across the
 * panel and the label is centred on its span outside the axis. */
int ctome_axes_set_groups(ctome_axes *ax, ctome_axis axis, const size_t *start,
                          const char *const *labels, size_t n_groups);
int ctome_axes_set_legend(ctome_axes *ax, ctome_legend_pos pos);
/* A legend entry not tied to a series (label copied). */
int ctome_axes_legend_entry(ctome_axes *ax, ctome_legend_kind kind, const ctome_style *st);
/* A legend of marker sizes for a figure that encodes a value in node size:
 * one marker entry per i < n, drawn at size_pt[i] (points, diameter, > 0) in
 * `color` (a == 0: mid grey) with the label labels[i] (copied; e.g. the value
 * or range that size stands for).  The figure description lists every
 * legend entry's marker size ("legend_marker_sizes").  Errors: NULL arrays
 * with n > 0, a size <= 0 or > 40 pt (CTOME_EINVAL).  O(n). */
int ctome_axes_size_legend(ctome_axes *ax, const double *size_pt, const char *const *labels, size_t n,
                           ctome_rgba color);
/* Light grey grid lines at the major ticks. */
int ctome_axes_set_grid(ctome_axes *ax, int on);
/* Equal scale on both axes (on != 0): one data unit spans as many points on x
 * as on y, so shapes keep their proportions (paths in a plane).  The limits
 * of the axis that would be drawn at the larger scale are widened about their
 * centre; the panel keeps its size.  Linear axes without a heatmap only
 * (otherwise ignored). */
int ctome_axes_set_equal_aspect(ctome_axes *ax, int on);

/* ---- series (series.c) ----  NaN values are skipped (lines break). */

int ctome_axes_line(ctome_axes *ax, const double *x, const double *y, size_t n,
                    const ctome_style *st);
int ctome_axes_scatter(ctome_axes *ax, const double *x, const double *y, size_t n,
                       const ctome_style *st);
/* Bars centred at x[i] of height h[i] from 0 and the given width (data units;
 * 0: 0.8 of the smallest spacing). */
int ctome_axes_bars(ctome_axes *ax, const double *x, const double *h, size_t n, double width,
                    const ctome_style *st);
/* A filled band between lo[i] and hi[i] along x[i] (a spread over seeds:
 * min-max or mean +- sd), drawn in the style's colour at opacity alpha (0:
 * 0.25); a non-finite value breaks the band.  A label gives a patch legend
 * entry.  Errors: NULL data with n > 0 (CTOME_EINVAL).  O(n). */
int ctome_axes_band(ctome_axes *ax, const double *x, const double *lo, const double *hi, size_t n,
                    const ctome_style *st);
/* Histogram of the finite values in v over `bins` equal bins spanning
 * [lo, hi] (lo >= hi: the data range).  Values outside are ignored.
 * Errors: bins == 0, no finite value (CTOME_EVALUE).  O(n + bins). */
int ctome_axes_histogram(ctome_axes *ax, const double *v, size_t n, size_t bins, double lo,
                         double hi, const ctome_style *st);
/* Reference lines across the panel (dashed grey unless styled). */
int ctome_axes_hline(ctome_axes *ax, double y, const ctome_style *st);
int ctome_axes_vline(ctome_axes *ax, double x, const ctome_style *st);
/* Text at data coordinates; halign 0 left, 0.5 centre, 1 right. */
int ctome_axes_text(ctome_axes *ax, double x, double y, const char *text, double halign);

/* ---- box plot (boxplot.c) ---- */

typedef struct {
    size_t n;                /* finite values */
    double median, q1, q3;   /* quantiles, linear interpolation (numpy's default; GSL) */
    double lo, hi;           /* whisker ends: the most extreme values within 1.5 IQR of the box */
} ctome_box_stats;

/* The values v (non-finite ones skipped) at x: every value as a point
 * (spread over 0.7 x width by a fixed sequence, not at random; style st,
 * opacity 0.55 unless set), over a Tukey (1977) box: the quartiles, the
 * median (thick), whiskers to the most extreme values within 1.5 IQR.
 * width in x data units (0: 0.5).  out (may be NULL) receives the numbers
 * drawn.  Errors: NULL panel, NULL v with n > 0 (CTOME_EINVAL).  O(n log n). */
int ctome_axes_boxplot(ctome_axes *ax, double x, const double *v, size_t n, double width, const ctome_style *st,
                       ctome_box_stats *out);

/* ---- heatmap (heatmap.c) ---- */

/* Matrix m (rows x cols, row-major, copied) as cells: cell (i, j) spans
 * x in [j, j+1], y in [i, i+1], row 0 at the top; a square matrix gets square
 * cells, others fill the panel.  A colour
 * bar is drawn to the right unless opts->no_colorbar.  One heatmap per panel.
 * Errors: empty matrix, a second heatmap (CTOME_EINVAL).  O(rows*cols). */
int ctome_axes_heatmap(ctome_axes *ax, const double *m, size_t rows, size_t cols,
                       const ctome_heatmap_opts *opts);

/* ---- colormaps (colormap.c) ---- */

/* Colour of t in [0, 1] (clamped; NaN gives the NaN grey): viridis from
 * matplotlib's table (van der Walt & Smith 2015), diverging = ColorBrewer RdBu
 * reversed (blue low, near-white centre, red high).  17 stops, linear
 * interpolation (within 0.03 of the 256-entry tables, tests/ref/plot_colormaps.py). */
ctome_rgba ctome_colormap(ctome_cmap cmap, double t);

/* ---- ticks (ticks.c) ---- */

/* "Nice numbers for graph labels" (Heckbert 1990, Graphics Gems I, 61-63),
 * loose labelling: step = nice((hi - lo) / (target - 1)) with nice() rounding
 * to 1, 2, 5 x 10^k (Heckbert rounds the range up first, which can double
 * the step; not done here), first = floor(lo/step)*step, last =
 * ceil(hi/step)*step; ticks are first + i*step, i < count.  lo == hi is widened
 * by 10% of |lo| (1 if 0).  Errors: non-finite or lo > hi, target < 2
 * (CTOME_EINVAL).  O(1).  Example: 0..97, target 5 -> 0, 20, ..., 100. */
int ctome_plot_nice_ticks(double lo, double hi, int target, double *first, double *step,
                          size_t *count);
/* Decades 10^k within [lo, hi] (lo > 0), at most `max`; returns the count
 * written to `ticks` (0 if none or bad input). */
size_t ctome_plot_log_ticks(double lo, double hi, double *ticks, size_t max);
/* Tick label of v on a linear axis with spacing `step`: as many decimals as the
 * step needs ("0.25", "100", "-0.5"; never "-0"); %g for |v| >= 1e6 or step < 1e-4. */
void ctome_plot_format_tick(double v, double step, char *buf, size_t n);

/* ---- figures ---- */

/* Adjacency matrix of one layer (adjacency.c): neurons only (CTOME_CELL_NEURON
 * nodes with degree >= 1 in the layer among neurons), rows = presynaptic.
 * order "type": grouped by registry type (sensory, inter, motor, pharyngeal,
 * unknown) with labelled boundaries, by name within a group; "position": all
 * neurons by soma AP position (registry pos[0]; neurons without one last, by
 * name); "name": all by name.  Log colour scale of the weights with a colour
 * bar labelled with the layer's weight_unit; title "<id>: <layer>".
 * Errors: unknown layer (CTOME_ENOTFOUND, listing the layers), unknown order
 * (CTOME_EINVAL), no neuron edge in the layer (CTOME_EVALUE), file errors as
 * ctome_plot_save.  O(n^2 + m) for n neurons, m edges. */
int ctome_plot_adjacency(const struct ctome_connectome *c, const char *layer, const char *order,
                         const char *path);
/* The same for a layer or layer union in node scope `scope` (a ctome_scope
 * of connectome.h; ctome_plot_adjacency uses CTOME_SCOPE_AUTO): the nodes
 * of the layer view, "neuron" axis labels naming nodes when the scope is all. */
int ctome_plot_adjacency_scoped(const struct ctome_connectome *c, const char *layer, int scope,
                                const char *order, const char *path);
/* The node indices of that figure's rows, in order (malloc'd; free()).
 * Same selection, order and errors as ctome_plot_adjacency.  O(m + n log n). */
int ctome_plot_adjacency_order(const struct ctome_connectome *c, const char *layer,
                               const char *order, int **nodes, size_t *n);

#endif
