/* canvas.c — the figure: a grid of panels, rendering and atomic output.
 *
 * Format by extension: .png (cairo image surface at the canvas dpi, written
 * with cairo_surface_write_to_png_stream), .svg and .pdf (vector surfaces
 * written through streams).  Every format goes through ctome_outfile_*, so a
 * failed plot leaves no file.
 */
#include "plot_internal.h"
#include "error.h"
#include "io.h"

#if CTOME_HAVE_CAIRO
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { FMT_PNG, FMT_SVG, FMT_PDF };

int ctome_plot_new(double width_pt, double height_pt, int rows, int cols, ctome_plot **out)
{
    *out = NULL;
    if (!(width_pt > 0 && width_pt <= 14400) || !(height_pt > 0 && height_pt <= 14400))
        return ctome_error(CTOME_EINVAL, NULL, 0, "figure size %g x %g pt is outside (0, 14400]",
                           width_pt, height_pt);
    if (rows < 1 || rows > 16 || cols < 1 || cols > 16)
        return ctome_error(CTOME_EINVAL, NULL, 0, "panel grid %d x %d is outside 1..16", rows, cols);
    ctome_plot *p = calloc(1, sizeof *p);
    if (!p)
        return ctome_error_nomem();
    p->panels = calloc((size_t)rows * (size_t)cols, sizeof *p->panels);
    if (!p->panels) {
        free(p);
        return ctome_error_nomem();
    }
    p->w = width_pt;
    p->h = height_pt;
    p->rows = rows;
    p->cols = cols;
    p->dpi = CTOME_PLOT_DPI;
    p->font = CTOME_PLOT_FONT_PT;
    for (int i = 0; i < rows * cols; i++) {
        p->panels[i].fig = p;
        p->panels[i].heatmap = -1;
    }
    *out = p;
    return CTOME_OK;
}

void ctome_plot_free(ctome_plot *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->rows * p->cols; i++)
        plot_axes_clear(&p->panels[i]);
    free(p->panels);
    free(p->title);
    free(p);
}

ctome_axes *ctome_plot_panel(ctome_plot *p, int row, int col)
{
    if (!p || row < 0 || row >= p->rows || col < 0 || col >= p->cols)
        return NULL;
    return &p->panels[row * p->cols + col];
}

int ctome_plot_set_title(ctome_plot *p, const char *title)
{
    if (!p)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no figure (NULL canvas)");
    int rc;
    char *t = plot_strdup_or_null(title, &rc);
    if (rc)
        return rc;
    free(p->title);
    p->title = t;
    return CTOME_OK;
}

int ctome_plot_set_dpi(ctome_plot *p, double dpi)
{
    if (!p)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no figure (NULL canvas)");
    if (!(dpi >= 30 && dpi <= 1200))
        return ctome_error(CTOME_EINVAL, NULL, 0, "dpi %g is outside 30..1200", dpi);
    p->dpi = dpi;
    return CTOME_OK;
}

int ctome_plot_set_font_size(ctome_plot *p, double pt)
{
    if (!p)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no figure (NULL canvas)");
    if (!(pt >= 4 && pt <= 48))
        return ctome_error(CTOME_EINVAL, NULL, 0, "font size %g pt is outside 4..48", pt);
    p->font = pt;
    return CTOME_OK;
}

#if CTOME_HAVE_CAIRO
void ctome_plot_cleanup(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}

static int render(ctome_plot *p, cairo_t *cr)
{
    /* Unhinted metrics: text is laid out the same in PNG, SVG and PDF. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    double top = 0;
    if (p->title) {
        cairo_set_source_rgb(cr, 0, 0, 0);
        plot_text(cr, p->title, 0.5 * p->w, 6, p->font + 3, 1, 0.5, 0, 0);
        top = 6 + (p->font + 3) * 0.95 + 2;
    }
    double cw = p->w / p->cols, ch = (p->h - top) / p->rows;
    for (int r = 0; r < p->rows; r++)
        for (int c = 0; c < p->cols; c++) {
            int rc = plot_axes_render(cr, &p->panels[r * p->cols + c], c * cw, top + r * ch, cw, ch);
            if (rc)
                return rc;
        }
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return ctome_error(CTOME_ELIB, NULL, 0, "cairo: %s", cairo_status_to_string(cairo_status(cr)));
    return CTOME_OK;
}

static cairo_status_t write_file(void *closure, const unsigned char *data, unsigned int n)
{
    return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

typedef struct {
    unsigned char *b;
    size_t n, cap;
} membuf;

static cairo_status_t write_mem(void *closure, const unsigned char *data, unsigned int n)
{
    membuf *m = closure;
    if (m->n + n > m->cap) {
        size_t cap = m->cap ? m->cap : 65536;
        while (cap < m->n + n)
            cap *= 2;
        unsigned char *nb = realloc(m->b, cap);
        if (!nb)
            return CAIRO_STATUS_NO_MEMORY;
        m->b = nb;
        m->cap = cap;
    }
    memcpy(m->b + m->n, data, n);
    m->n += n;
    return CAIRO_STATUS_SUCCESS;
}

static int format_of(const char *path, int *fmt)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot && strcasecmp(dot, ".png") == 0)
        *fmt = FMT_PNG;
    else if (dot && strcasecmp(dot, ".svg") == 0)
        *fmt = FMT_SVG;
    else if (dot && strcasecmp(dot, ".pdf") == 0)
        *fmt = FMT_PDF;
    else
        return ctome_error(CTOME_EINVAL, path, 0,
                           "unknown figure format '%s' (use .png, .svg or .pdf)", dot ? dot : "");
    return CTOME_OK;
}

/* Render onto `s`, finish it and report cairo's status. */
static int draw_surface(ctome_plot *p, cairo_surface_t *s, double scale, const char *path)
{
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        return ctome_error(CTOME_ELIB, path, 0, "cairo: %s",
                           cairo_status_to_string(cairo_surface_status(s)));
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    int rc = render(p, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (!rc && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        rc = ctome_error(CTOME_ELIB, path, 0, "cairo: %s",
                         cairo_status_to_string(cairo_surface_status(s)));
    return rc;
}

static int save_png(ctome_plot *p, ctome_outfile *of)
{
    double sc = p->dpi / 72.0;
    double wpx = ceil(p->w * sc), hpx = ceil(p->h * sc);
    if (wpx > 32767 || hpx > 32767 || wpx * hpx > 2e8)
        return ctome_error(CTOME_EINVAL, of->path, 0, "PNG of %.0f x %.0f pixels is too large (lower the dpi)",
                           wpx, hpx);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)wpx, (int)hpx);
    int rc = draw_surface(p, s, sc, of->path);
    if (!rc) {
        cairo_status_t st = cairo_surface_write_to_png_stream(s, write_file, of->fp);
        if (st != CAIRO_STATUS_SUCCESS)
            rc = ctome_error(st == CAIRO_STATUS_WRITE_ERROR ? CTOME_EIO : CTOME_ELIB, of->path, 0,
                             "writing PNG: %s", cairo_status_to_string(st));
    }
    cairo_surface_destroy(s);
    return rc;
}

static int save_svg(ctome_plot *p, ctome_outfile *of)
{
    membuf m = {0};
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(write_mem, &m, p->w, p->h);
    cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    int rc = draw_surface(p, s, 1.0, of->path);
    cairo_surface_finish(s);
    if (!rc && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        rc = ctome_error(CTOME_ELIB, of->path, 0, "cairo: %s",
                         cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_destroy(s);
    unsigned char *norm = NULL;
    size_t nn = 0;
    if (!rc)
        rc = plot_svg_normalise(m.b, m.n, &norm, &nn);
    if (!rc && fwrite(norm, 1, nn, of->fp) != nn)
        rc = ctome_error(CTOME_EIO, of->path, 0, "write failed");
    free(norm);
    free(m.b);
    return rc;
}

static int save_pdf(ctome_plot *p, ctome_outfile *of)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_file, of->fp, p->w, p->h);
    /* cairo 1.16 stamps /CreationDate with the current time; an empty date
     * string (not valid ISO 8601) makes it write no date at all, so the same
     * figure gives the same bytes.  A fixed date cannot be set correctly in
     * 1.16: it drops the "D:" prefix the PDF spec requires. */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "ctome");
    if (p->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, p->title);
    int rc = draw_surface(p, s, 1.0, of->path);
    cairo_surface_finish(s);
    if (!rc && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_status_t st = cairo_surface_status(s);
        rc = ctome_error(st == CAIRO_STATUS_WRITE_ERROR ? CTOME_EIO : CTOME_ELIB, of->path, 0,
                         "cairo: %s", cairo_status_to_string(st));
    }
    cairo_surface_destroy(s);
    return rc;
}

int ctome_plot_format_check(const char *path)
{
    int fmt;
    return path ? format_of(path, &fmt) : ctome_error(CTOME_EINVAL, NULL, 0, "no output path");
}

int ctome_plot_save(ctome_plot *p, const char *path)
{
    if (!p || !path)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no figure or no output path");
    int fmt = FMT_PNG, rc = format_of(path, &fmt);
    if (rc)
        return rc;
    ctome_outfile of;
    if ((rc = ctome_outfile_open(&of, path)))
        return rc;
    rc = fmt == FMT_PNG ? save_png(p, &of) : fmt == FMT_SVG ? save_svg(p, &of) : save_pdf(p, &of);
    if (rc) {
        ctome_outfile_abort(&of);
        return rc;
    }
    if ((rc = ctome_outfile_commit(&of)))
        return rc;
    return plot_describe_files_on() ? plot_describe_write(p, path) : CTOME_OK;
}
#else

/* Without cairo a figure can be built and described but not written. */
void ctome_plot_cleanup(void) {}

int ctome_plot_format_check(const char *path)
{
    return ctome_error_feature(path, "writing a figure", "cairo", "cairo");
}

int ctome_plot_save(ctome_plot *p, const char *path)
{
    (void)p;
    return ctome_plot_format_check(path);
}
#endif /* CTOME_HAVE_CAIRO */
