/* axes.c — one panel: limits, scales, layout of the margins, frame, ticks,
 * labels; the series, heatmap, colour bar and legend are drawn by their files.
 *
 * Layout (points): the panel's cell is split into margins and the data
 * rectangle.  Margins are measured from the actual labels (tick labels, axis
 * labels, group labels, colour bar, outside legend) so nothing overlaps.
 */
#include "plot_internal.h"
#include "error.h"
#include "io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TICK 3.5      /* tick length, pt */
#define PAD 4.0       /* outer padding of a panel, pt */
#define FRAME_W 0.8   /* frame and tick line width, pt */

static int set_str(char **dst, const char *s)
{
    int rc;
    char *d = plot_strdup_or_null(s, &rc);
    if (rc)
        return rc;
    free(*dst);
    *dst = d;
    return CTOME_OK;
}

static int check_axis(ctome_axes *ax, ctome_axis axis)
{
    if (!ax)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no panel (NULL axes)");
    if (axis != CTOME_AXIS_X && axis != CTOME_AXIS_Y)
        return ctome_error(CTOME_EINVAL, NULL, 0, "axis %d is neither x nor y", (int)axis);
    return CTOME_OK;
}

int ctome_axes_set_title(ctome_axes *ax, const char *title)
{
    if (!ax)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no panel (NULL axes)");
    return set_str(&ax->title, title);
}

int ctome_axes_set_panel_label(ctome_axes *ax, const char *letter)
{
    if (!ax)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no panel (NULL axes)");
    return set_str(&ax->panel_label, letter);
}

int ctome_axes_set_label(ctome_axes *ax, ctome_axis axis, const char *label)
{
    int rc = check_axis(ax, axis);
    return rc ? rc : set_str(&ax->ax[axis].label, label);
}

int ctome_axes_set_scale(ctome_axes *ax, ctome_axis axis, ctome_scale scale)
{
    int rc = check_axis(ax, axis);
    if (rc)
        return rc;
    if (scale != CTOME_SCALE_LINEAR && scale != CTOME_SCALE_LOG10)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown axis scale %d", (int)scale);
    ax->ax[axis].scale = scale;
    return CTOME_OK;
}

int ctome_axes_set_limits(ctome_axes *ax, ctome_axis axis, double lo, double hi)
{
    int rc = check_axis(ax, axis);
    if (rc)
        return rc;
    if (!isfinite(lo) || !isfinite(hi) || lo >= hi)
        return ctome_error(CTOME_EINVAL, NULL, 0, "axis limits [%g, %g] are not lo < hi", lo, hi);
    if (ax->ax[axis].scale == CTOME_SCALE_LOG10 && lo <= 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "log axis limit %g is not > 0", lo);
    ax->ax[axis].fixed = 1;
    ax->ax[axis].lo = lo;
    ax->ax[axis].hi = hi;
    return CTOME_OK;
}

static void free_strv(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int copy_strv(const char *const *src, size_t n, char ***out)
{
    *out = NULL;
    if (n == 0)
        return CTOME_OK;
    char **v = calloc(n, sizeof *v);
    if (!v)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++) {
        v[i] = ctome_strdup(src && src[i] ? src[i] : "");
        if (!v[i]) {
            free_strv(v, n);
            return CTOME_ENOMEM;
        }
    }
    *out = v;
    return CTOME_OK;
}

int ctome_axes_set_ticks(ctome_axes *ax, ctome_axis axis, const double *pos,
                         const char *const *labels, size_t n)
{
    int rc = check_axis(ax, axis);
    if (rc)
        return rc;
    if (n && !pos)
        return ctome_error(CTOME_EINVAL, NULL, 0, "%zu tick labels without positions", n);
    plot_axis *a = &ax->ax[axis];
    double *p = NULL;
    char **l = NULL;
    if (n) {
        p = malloc(n * sizeof *p);
        if (!p)
            return ctome_error_nomem();
        memcpy(p, pos, n * sizeof *p);
        if ((rc = copy_strv(labels, n, &l))) {
            free(p);
            return rc;
        }
    }
    free(a->tick_pos);
    free_strv(a->tick_lab, a->n_ticks);
    a->tick_pos = p;
    a->tick_lab = l;
    a->n_ticks = n;
    a->custom_ticks = 1;
    return CTOME_OK;
}

int ctome_axes_set_groups(ctome_axes *ax, ctome_axis axis, const size_t *start,
                          const char *const *labels, size_t n_groups)
{
    int rc = check_axis(ax, axis);
    if (rc)
        return rc;
    if (n_groups && !start)
        return ctome_error(CTOME_EINVAL, NULL, 0, "%zu groups without start indices", n_groups);
    for (size_t g = 1; g < n_groups; g++)
        if (start[g] < start[g - 1])
            return ctome_error(CTOME_EINVAL, NULL, 0, "group %zu starts at %zu, before group %zu (%zu)",
                               g, start[g], g - 1, start[g - 1]);
    plot_axis *a = &ax->ax[axis];
    size_t *s = NULL;
    char **l = NULL;
    if (n_groups) {
        s = malloc(n_groups * sizeof *s);
        if (!s)
            return ctome_error_nomem();
        memcpy(s, start, n_groups * sizeof *s);
        if ((rc = copy_strv(labels, n_groups, &l))) {
            free(s);
            return rc;
        }
    }
    free(a->grp_start);
    free_strv(a->grp_lab, a->n_grp);
    a->grp_start = s;
    a->grp_lab = l;
    a->n_grp = n_groups;
    return CTOME_OK;
}

int ctome_axes_set_legend(ctome_axes *ax, ctome_legend_pos pos)
{
    if (!ax)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no panel (NULL axes)");
    if ((int)pos < CTOME_LEGEND_BEST || pos > CTOME_LEGEND_NONE)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown legend position %d", (int)pos);
    ax->legend = pos;
    return CTOME_OK;
}

int ctome_axes_set_equal_aspect(ctome_axes *ax, int on)
{
    if (!ax)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no panel (NULL axes)");
    ax->equal_aspect = on != 0;
    return CTOME_OK;
}

int ctome_axes_set_grid(ctome_axes *ax, int on)
{
    if (!ax)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no panel (NULL axes)");
    ax->grid = on != 0;
    return CTOME_OK;
}

void plot_axes_clear(ctome_axes *ax)
{
    for (size_t i = 0; i < ax->n_arts; i++)
        plot_art_free(&ax->arts[i]);
    free(ax->arts);
    for (size_t i = 0; i < ax->n_extra; i++)
        free((char *)ax->extra[i].st.label);
    free(ax->extra);
    for (int k = 0; k < 2; k++) {
        plot_axis *a = &ax->ax[k];
        free(a->label);
        free(a->tick_pos);
        free_strv(a->tick_lab, a->n_ticks);
        free(a->grp_start);
        free_strv(a->grp_lab, a->n_grp);
    }
    free(ax->title);
    free(ax->panel_label);
}

/* Limits in transformed units: the caller's, or the data's with a 4% margin
 * except at bounds a series pins (bar baselines, heatmap edges). */
void plot_frame_limits(const ctome_axes *ax, plot_frame *f)
{
    f->invert_y = ax->heatmap >= 0;
    for (int k = 0; k < 2; k++) {
        const plot_axis *a = &ax->ax[k];
        if (a->fixed) {
            f->lo[k] = plot_axis_fwd(a, a->lo);
            f->hi[k] = plot_axis_fwd(a, a->hi);
            continue;
        }
        double lo = INFINITY, hi = -INFINITY;
        int stick_lo = 0, stick_hi = 0;
        for (size_t i = 0; i < ax->n_arts; i++) {
            double l[2], h[2];
            int st[2];
            plot_series_extent(&ax->arts[i], ax, l, h, st);
            if (l[k] < lo || (l[k] == lo && (st[k] & 1))) {
                lo = l[k];
                stick_lo = st[k] & 1;
            }
            if (h[k] > hi || (h[k] == hi && (st[k] & 2))) {
                hi = h[k];
                stick_hi = (st[k] & 2) != 0;
            }
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
            stick_lo = stick_hi = 1;
        }
        if (lo == hi) {
            double d = lo != 0 ? 0.1 * fabs(lo) : 0.5;
            if (a->scale == CTOME_SCALE_LOG10)
                d = 0.5;
            lo -= d;
            hi += d;
        } else {
            double r = hi - lo;
            if (!stick_lo)
                lo -= 0.04 * r;
            if (!stick_hi)
                hi += 0.04 * r;
        }
        f->lo[k] = lo;
        f->hi[k] = hi;
    }
}

#if CTOME_HAVE_CAIRO
/* ---- layout ---- */

typedef struct {
    plot_ticks t[2];
    int rot_x;             /* x tick labels vertical */
    double tfont[2];       /* tick label size: smaller for crowded name labels */
    double tick_extent[2]; /* space taken by tick labels outside the frame */
    double grp_off[2];     /* distance of group labels from the frame */
    double grp_extent[2];
    double cbar_w, legend_w;
} panel_layout;

static double ticks_extent(cairo_t *cr, const plot_ticks *t, int axis, int rot, double font)
{
    double m = 0;
    for (size_t i = 0; i < t->n; i++) {
        plot_text_ext e = plot_text_measure(cr, t->lab[i], font, 0);
        double s = (axis == 0 && !rot) ? e.asc + e.desc : e.w;
        if (s > m)
            m = s;
    }
    return t->n ? m + 2.0 : 0;
}

static int x_labels_collide(cairo_t *cr, const plot_ticks *t, const plot_frame *f, double font)
{
    for (size_t i = 1; i < t->n; i++) {
        double a = plot_px(f, t->pos[i - 1]), b = plot_px(f, t->pos[i]);
        double wa = plot_text_measure(cr, t->lab[i - 1], font, 0).w;
        double wb = plot_text_measure(cr, t->lab[i], font, 0).w;
        if (fabs(b - a) < 0.5 * (wa + wb) + 0.3 * font)
            return 1;
    }
    return 0;
}

#define MIN_FONT 5.5   /* smallest tick label size, pt (journals ask for >= 5-6 pt) */

/* Crowded caller's tick labels (neuron names) first shrink down to MIN_FONT,
 * then every k-th is kept.  `stacked`: labels sit side by side along their
 * height (y axis, rotated x labels); otherwise nothing is done.  Returns the size. */
static double thin_ticks(plot_ticks *t, double len_pt, double range, int stacked, double font)
{
    if (!stacked || t->n < 2 || range <= 0)
        return font;
    double spacing = fabs(t->pos[1] - t->pos[0]) / range * len_pt;
    if (spacing >= 1.05 * font)
        return font;
    if (spacing >= 1.05 * MIN_FONT)
        return spacing / 1.05;
    double need = 1.05 * MIN_FONT;
    font = MIN_FONT;
    size_t every = (size_t)ceil(need / spacing), k = 0;
    for (size_t i = 0; i < t->n; i += every, k++) {
        t->pos[k] = t->pos[i];
        memcpy(t->lab[k], t->lab[i], sizeof t->lab[k]);
    }
    t->n = k;
    return font;
}

/* Widen the limits of the axis drawn at the larger scale (points per data
 * unit) until both scales agree, keeping its centre. */
static void equalise(plot_frame *f)
{
    double w = f->x1 - f->x0, h = f->y1 - f->y0;
    double ux = (f->hi[0] - f->lo[0]) / w, uy = (f->hi[1] - f->lo[1]) / h;   /* data units per pt */
    int k = ux < uy ? 0 : 1;
    double u = fmax(ux, uy), len = k == 0 ? w : h, c = 0.5 * (f->lo[k] + f->hi[k]);
    f->lo[k] = c - 0.5 * u * len;
    f->hi[k] = c + 0.5 * u * len;
}

static void compute_layout(cairo_t *cr, ctome_axes *ax, plot_frame *f, panel_layout *L,
                           double cx, double cy, double cw, double ch)
{
    double F = ax->fig->font;
    const plot_art *hm = ax->heatmap >= 0 ? &ax->arts[ax->heatmap] : NULL;
    /* Two passes: ticks depend on the rectangle, the rectangle on the tick labels. */
    f->x0 = cx + 0.15 * cw;
    f->x1 = cx + 0.9 * cw;
    f->y0 = cy + 0.1 * ch;
    f->y1 = cy + 0.85 * ch;
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < 2; k++) {
            const plot_axis *a = &ax->ax[k];
            double len = k == 0 ? f->x1 - f->x0 : f->y1 - f->y0;
            if (hm && !a->custom_ticks && a->n_grp) {
                L->t[k].n = L->t[k].n_minor = 0;   /* groups replace numeric ticks */
            } else {
                plot_ticks_compute(cr, a, f->lo[k], f->hi[k], len, k == 0, F, &L->t[k]);
            }
        }
        L->rot_x = ax->ax[0].custom_ticks && x_labels_collide(cr, &L->t[0], f, F);
        for (int k = 0; k < 2; k++)
            L->tfont[k] = !ax->ax[k].custom_ticks ? F
                          : thin_ticks(&L->t[k], k == 0 ? f->x1 - f->x0 : f->y1 - f->y0,
                                       f->hi[k] - f->lo[k], k == 1 || L->rot_x, F);
        for (int k = 0; k < 2; k++) {
            L->tick_extent[k] = ticks_extent(cr, &L->t[k], k, k == 0 && L->rot_x, L->tfont[k]);
            L->grp_off[k] = TICK + 2 + L->tick_extent[k];
            double span = k == 0 ? f->x1 - f->x0 : f->y1 - f->y0;
            double ncell = hm ? (double)(k == 0 ? hm->cols : hm->rows) : f->hi[k] - f->lo[k];
            L->grp_extent[k] = plot_groups_margin(cr, &ax->ax[k], k, F, span, ncell);
        }
        L->cbar_w = hm ? plot_colorbar_width(cr, hm, F) : 0;
        L->legend_w = ax->legend == CTOME_LEGEND_OUTSIDE_RIGHT ? plot_legend_outside_width(cr, ax, F) : 0;

        double left = PAD + TICK + 2 + L->tick_extent[1] + L->grp_extent[1];
        if (ax->ax[1].label)
            left += (F + 1) * (0.73 + 0.22) + 4;
        double bottom = PAD + TICK + 2 + L->tick_extent[0] + L->grp_extent[0];
        if (ax->ax[0].label)
            bottom += (F + 1) * (0.73 + 0.22) + 4;
        double top = PAD + 0.5 * F;
        if (ax->title)
            top += (F + 2) * 0.95 + 6;
        if (ax->panel_label && top < PAD + (F + 3) * 0.9 + 4)
            top = PAD + (F + 3) * 0.9 + 4;
        double right = PAD + L->cbar_w + L->legend_w;
        if (!hm && L->t[0].n && !L->rot_x) {
            /* the last x label is centred on the frame's end and may stick out */
            double w = plot_text_measure(cr, L->t[0].lab[L->t[0].n - 1], F, 0).w;
            if (0.5 * w + 2 > right)
                right = 0.5 * w + 2;
        }
        f->x0 = cx + left;
        f->x1 = cx + cw - right;
        f->y0 = cy + top;
        f->y1 = cy + ch - bottom;
        if (f->x1 < f->x0 + 10)
            f->x1 = f->x0 + 10;
        if (f->y1 < f->y0 + 10)
            f->y1 = f->y0 + 10;
        if (ax->equal_aspect && !hm && ax->ax[0].scale == CTOME_SCALE_LINEAR &&
            ax->ax[1].scale == CTOME_SCALE_LINEAR)
            equalise(f);
        if (hm && hm->rows == hm->cols) {
            /* square matrices get square cells, centred horizontally */
            double s = fmin((f->x1 - f->x0) / (double)hm->cols, (f->y1 - f->y0) / (double)hm->rows);
            double w = s * (double)hm->cols;
            f->x0 += 0.5 * (f->x1 - f->x0 - w);
            f->x1 = f->x0 + w;
            f->y1 = f->y0 + s * (double)hm->rows;
        }
    }
}

/* ---- drawing ---- */

static void draw_ticks(cairo_t *cr, const plot_frame *f, const panel_layout *L)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, FRAME_W);
    for (int k = 0; k < 2; k++) {
        const plot_ticks *t = &L->t[k];
        for (size_t i = 0; i < t->n + t->n_minor; i++) {
            int minor = i >= t->n;
            double p = minor ? t->minor[i - t->n] : t->pos[i];
            double len = minor ? 0.55 * TICK : TICK;
            if (k == 0) {
                double x = plot_px(f, p);
                cairo_move_to(cr, x, f->y1);
                cairo_line_to(cr, x, f->y1 + len);
            } else {
                double y = plot_py(f, p);
                cairo_move_to(cr, f->x0, y);
                cairo_line_to(cr, f->x0 - len, y);
            }
        }
        cairo_stroke(cr);
        for (size_t i = 0; i < t->n; i++) {
            if (k == 0 && L->rot_x)
                plot_text(cr, t->lab[i], plot_px(f, t->pos[i]), f->y1 + TICK + 2, L->tfont[k], 0, 1, 0.5,
                          -M_PI_2);
            else if (k == 0)
                plot_text(cr, t->lab[i], plot_px(f, t->pos[i]), f->y1 + TICK + 2, L->tfont[k], 0, 0.5, 0, 0);
            else
                plot_text(cr, t->lab[i], f->x0 - TICK - 2, plot_py(f, t->pos[i]), L->tfont[k], 0, 1, 0.5, 0);
        }
    }
}

static void draw_grid(cairo_t *cr, const plot_frame *f, const panel_layout *L)
{
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    cairo_set_line_width(cr, 0.5);
    for (size_t i = 0; i < L->t[0].n; i++) {
        double x = plot_px(f, L->t[0].pos[i]);
        cairo_move_to(cr, x, f->y0);
        cairo_line_to(cr, x, f->y1);
    }
    for (size_t i = 0; i < L->t[1].n; i++) {
        double y = plot_py(f, L->t[1].pos[i]);
        cairo_move_to(cr, f->x0, y);
        cairo_line_to(cr, f->x1, y);
    }
    cairo_stroke(cr);
}

static void draw_frame(cairo_t *cr, const plot_frame *f, int box)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, FRAME_W);
    if (box) {
        cairo_rectangle(cr, f->x0, f->y0, f->x1 - f->x0, f->y1 - f->y0);
    } else {
        /* open frame (left and bottom spines), the usual style of journal plots */
        cairo_move_to(cr, f->x0, f->y0);
        cairo_line_to(cr, f->x0, f->y1);
        cairo_line_to(cr, f->x1, f->y1);
    }
    cairo_stroke(cr);
}

int plot_axes_render(cairo_t *cr, ctome_axes *ax, double cx, double cy, double cw, double ch)
{
    if (ax->n_arts == 0 && !ax->title && ax->n_extra == 0)
        return CTOME_OK;   /* unused cell of the grid */
    double F = ax->fig->font;
    plot_frame f;
    plot_frame_limits(ax, &f);
    panel_layout L;
    memset(&L, 0, sizeof L);
    compute_layout(cr, ax, &f, &L, cx, cy, cw, ch);

    if (ax->grid)
        draw_grid(cr, &f, &L);
    cairo_save(cr);
    cairo_rectangle(cr, f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0);
    cairo_clip(cr);
    for (size_t i = 0; i < ax->n_arts; i++) {
        if (ax->arts[i].kind == ART_HEATMAP)
            plot_heatmap_draw(cr, &ax->arts[i], &f);
        else
            plot_series_draw(cr, &ax->arts[i], ax, &f);
    }
    cairo_restore(cr);
    for (int k = 0; k < 2; k++)
        plot_groups_draw(cr, &ax->ax[k], k, &f, F, L.grp_off[k]);
    draw_frame(cr, &f, ax->heatmap >= 0);
    draw_ticks(cr, &f, &L);

    cairo_set_source_rgb(cr, 0, 0, 0);
    if (ax->ax[0].label)
        plot_text(cr, ax->ax[0].label, 0.5 * (f.x0 + f.x1),
                  f.y1 + TICK + 2 + L.tick_extent[0] + L.grp_extent[0] + 4, F + 1, 0, 0.5, 0, 0);
    if (ax->ax[1].label)
        plot_text(cr, ax->ax[1].label,
                  f.x0 - TICK - 2 - L.tick_extent[1] - L.grp_extent[1] - 4, 0.5 * (f.y0 + f.y1), F + 1,
                  0, 0.5, 1, -M_PI_2);
    if (ax->title)
        plot_text(cr, ax->title, 0.5 * (f.x0 + f.x1), f.y0 - 6, F + 2, 0, 0.5, 1, 0);
    if (ax->heatmap >= 0)
        plot_colorbar_draw(cr, &ax->arts[ax->heatmap], &f, F);
    plot_legend_draw(cr, ax, &f, F);
    if (ax->panel_label)
        plot_text(cr, ax->panel_label, cx + PAD, cy + PAD, F + 3, 1, 0, 0, 0);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return ctome_error(CTOME_ELIB, NULL, 0, "cairo: %s", cairo_status_to_string(cairo_status(cr)));
    return CTOME_OK;
}
#endif /* CTOME_HAVE_CAIRO */
