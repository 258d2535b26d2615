/* text.c — labels with cairo's toy text API, one optional superscript.
 *
 * Boxes use fixed font proportions (DejaVu Sans cap height 0.73 em) instead of
 * ink extents so that labels of one axis share a baseline whatever their glyphs.
 */
#include "plot_internal.h"

#include <string.h>

#define CAP 0.73    /* cap height, em */
#define DESC 0.22   /* descender, em */
#define SUP 0.7     /* superscript size, em */
#define RAISE 0.42  /* superscript baseline shift, em */

#if CTOME_HAVE_CAIRO
void plot_font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, "sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* Split "a^{b}c" into pieces; returns 0 when there is no superscript. */
static int split_sup(const char *s, char *pre, char *sup, char *post, size_t cap)
{
    const char *a = strstr(s, "^{");
    const char *b = a ? strchr(a, '}') : NULL;
    if (!a || !b || (size_t)(a - s) >= cap || (size_t)(b - a - 2) >= cap || strlen(b + 1) >= cap)
        return 0;
    memcpy(pre, s, (size_t)(a - s));
    pre[a - s] = '\0';
    memcpy(sup, a + 2, (size_t)(b - a - 2));
    sup[b - a - 2] = '\0';
    strcpy(post, b + 1);
    return 1;
}

static double advance(cairo_t *cr, const char *s, double size, int bold)
{
    if (!*s)
        return 0;
    cairo_text_extents_t te;
    plot_font(cr, size, bold);
    cairo_text_extents(cr, s, &te);
    return te.x_advance;
}

plot_text_ext plot_text_measure(cairo_t *cr, const char *s, double size, int bold)
{
    plot_text_ext e = {0, CAP * size, DESC * size};
    char pre[256], sup[256], post[256];
    if (split_sup(s, pre, sup, post, sizeof pre)) {
        e.w = advance(cr, pre, size, bold) + advance(cr, sup, SUP * size, bold) +
              advance(cr, post, size, bold);
        e.asc = (RAISE + SUP * CAP) * size;
        if (e.asc < CAP * size)
            e.asc = CAP * size;
    } else {
        e.w = advance(cr, s, size, bold);
    }
    return e;
}

static void show(cairo_t *cr, const char *s, double size, int bold, double *x, double y)
{
    if (!*s)
        return;
    plot_font(cr, size, bold);
    cairo_move_to(cr, *x, y);
    cairo_show_text(cr, s);
    *x += advance(cr, s, size, bold);
}

void plot_text(cairo_t *cr, const char *s, double x, double y, double size, int bold,
               double halign, double valign, double angle)
{
    if (!s || !*s)
        return;
    plot_text_ext e = plot_text_measure(cr, s, size, bold);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (angle != 0)
        cairo_rotate(cr, angle);
    double bx = -halign * e.w;
    /* valign 0: top of the box at y; 1: bottom (descender) at y. */
    double by = e.asc - valign * (e.asc + e.desc);
    char pre[256], sup[256], post[256];
    if (split_sup(s, pre, sup, post, sizeof pre)) {
        show(cr, pre, size, bold, &bx, by);
        show(cr, sup, SUP * size, bold, &bx, by - RAISE * size);
        show(cr, post, size, bold, &bx, by);
    } else {
        show(cr, s, size, bold, &bx, by);
    }
    cairo_restore(cr);
}
#endif /* CTOME_HAVE_CAIRO */
