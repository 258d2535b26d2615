/* coords.c — the small helpers every drawing file of lib/plot shares (their
 * prototypes are in plot_internal.h): data to axis units, axis units to the
 * page, the drawing colour, a copied string.  Apart from axes.c so that
 * series.c, heatmap.c, legend.c and ticks.c, which axes.c calls to draw, do
 * not call back into it. */
#include "plot_internal.h"
#include "error.h"
#include "io.h"

#include <math.h>

char *plot_strdup_or_null(const char *s, int *rc)
{
    *rc = CTOME_OK;
    if (!s)
        return NULL;
    char *d = ctome_strdup(s);
    if (!d)
        *rc = CTOME_ENOMEM;
    return d;
}

double plot_axis_fwd(const plot_axis *a, double v)
{
    if (a->scale == CTOME_SCALE_LOG10)
        return v > 0 ? log10(v) : NAN;
    return v;
}

double plot_px(const plot_frame *f, double tx)
{
    return f->x0 + (tx - f->lo[0]) / (f->hi[0] - f->lo[0]) * (f->x1 - f->x0);
}

double plot_py(const plot_frame *f, double ty)
{
    double u = (ty - f->lo[1]) / (f->hi[1] - f->lo[1]);
    return f->invert_y ? f->y0 + u * (f->y1 - f->y0) : f->y1 - u * (f->y1 - f->y0);
}

#if CTOME_HAVE_CAIRO
void plot_set_color(cairo_t *cr, ctome_rgba c, double alpha)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, (c.a > 0 ? c.a : 1) * alpha);
}

#endif
