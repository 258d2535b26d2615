/* test_swim_figs.c — figures of the NCAP swimmer (lib/plot/swim_figs.h) and
 * the two plot.h features they brought: filled bands and equal aspect.
 *
 * Checks are on the pixels of the PNGs: size = ceil(points x 200 dpi / 72),
 * the colours the figure must use present (Okabe-Ito series colours, the
 * diverging map's extremes over most of a kymograph), a band drawn at 25%
 * opacity over white (within 2/255 per channel for cairo's rounding), a circle
 * drawn round (bounding box within 3%) with equal aspect and not without;
 * and that bad arrays fail with the documented code and leave no file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctome.h"
#include "plot.h"
#include "swim_figs.h"
#include "testutil.h"

static char *TMP;

static int setup(void **state)
{
    (void)state;
    return tu_plot_setup("swimfigs", 0, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_plot_teardown(TMP);
}

static int exists(const char *path) { return access(path, F_OK) == 0; }

/* ---- pixels ---- */

typedef struct {
    cairo_surface_t *s;
    int w, h, stride;
    unsigned char *d;
} png;

static png load(const char *path)
{
    png p = {cairo_image_surface_create_from_png(path), 0, 0, 0, NULL};
    assert_int_equal(cairo_surface_status(p.s), CAIRO_STATUS_SUCCESS);
    p.w = cairo_image_surface_get_width(p.s);
    p.h = cairo_image_surface_get_height(p.s);
    p.stride = cairo_image_surface_get_stride(p.s);
    p.d = cairo_image_surface_get_data(p.s);
    return p;
}

static uint32_t px(const png *p, int i, int j)
{
    return *(const uint32_t *)(const void *)(p->d + (size_t)p->stride * (size_t)i + 4 * (size_t)j) & 0xffffff;
}

static int near(uint32_t v, double r, double g, double b, int tol)
{
    int R = (int)(v >> 16 & 255), G = (int)(v >> 8 & 255), B = (int)(v & 255);
    return abs(R - (int)lround(r * 255)) <= tol && abs(G - (int)lround(g * 255)) <= tol &&
           abs(B - (int)lround(b * 255)) <= tol;
}

/* Pixels within tol of the colour. */
static size_t count_rgb(const png *p, ctome_rgba c, int tol)
{
    size_t n = 0;
    for (int i = 0; i < p->h; i++)
        for (int j = 0; j < p->w; j++)
            n += (size_t)near(px(p, i, j), c.r, c.g, c.b, tol);
    return n;
}

/* Distinct colours, up to `cap` (a figure is not one flat colour). */
static size_t n_colours(const png *p, size_t cap)
{
    uint32_t *seen = malloc(cap * sizeof *seen);
    size_t n = 0;
    for (int i = 0; i < p->h && n < cap; i++)
        for (int j = 0; j < p->w && n < cap; j++) {
            uint32_t v = px(p, i, j);
            size_t k = 0;
            while (k < n && seen[k] != v)
                k++;
            if (k == n)
                seen[n++] = v;
        }
    free(seen);
    return n;
}

static void check_size(const png *p, double w_pt, double h_pt)
{
    assert_int_equal(p->w, (int)ceil(w_pt * 200 / 72));
    assert_int_equal(p->h, (int)ceil(h_pt * 200 / 72));
}

static const ctome_rgba BLUE = {0, 0.447, 0.698, 1}, VERM = {0.835, 0.369, 0, 1}, BLACK = {0, 0, 0, 1};

/* ---- synthetic episode: a travelling wave on a 5-joint body ---- */

#define T 240
#define J 5

static void wave(double *q, double *dorsal, double *ventral)
{
    for (int t = 0; t < T; t++)
        for (int j = 0; j < J; j++) {
            double s = sin(2 * M_PI * (t / 60.0 - j / (double)J));
            q[t * J + j] = 0.6 * s;
            dorsal[t * J + j] = s > 0 ? s : 0;
            ventral[t * J + j] = s < 0 ? -s : 0;
        }
}

static void test_trajectory(void **state)
{
    (void)state;
    static double head[T * 2], body[T * 6 * 2];
    for (int t = 0; t < T; t++) {
        head[2 * t] = -0.002 * t;
        head[2 * t + 1] = 0.02 * sin(2 * M_PI * t / 60.0);
        for (int k = 0; k < 6; k++) {   /* six points trailing the head along +x */
            body[(t * 6 + k) * 2] = head[2 * t] + 0.1 * k;
            body[(t * 6 + k) * 2 + 1] = 0.03 * sin(2 * M_PI * (t / 60.0 - k / 6.0));
        }
    }
    const char *path = tu_tmp_path(TMP, "traj.png");
    assert_int_equal(ctome_swim_fig_trajectory(head, T, body, 6, 40, 0.03, "trajectory", path), CTOME_OK);
    png p = load(path);
    check_size(&p, 460, 340);
    assert_true(n_colours(&p, 64) >= 20);
    assert_true(count_rgb(&p, BLACK, 0) > 50);                                   /* head path, text */
    assert_true(count_rgb(&p, ctome_colormap(CTOME_CMAP_VIRIDIS, 0), 1) > 100);  /* first snapshot */
    assert_true(count_rgb(&p, ctome_colormap(CTOME_CMAP_VIRIDIS, 0.9), 1) > 100); /* last one */
    cairo_surface_destroy(p.s);
    /* vector formats by extension, no snapshots */
    assert_int_equal(ctome_swim_fig_trajectory(head, T, NULL, 0, 0, 0.03, NULL, tu_tmp_path(TMP, "traj.svg")), CTOME_OK);
    assert_int_equal(ctome_swim_fig_trajectory(head, T, NULL, 0, 0, 0.03, NULL, tu_tmp_path(TMP, "traj.pdf")), CTOME_OK);
    size_t n;
    char *b = tu_slurp(tu_tmp_path(TMP, "traj.svg"), &n);
    assert_true(n > 1000 && strstr(b, "<svg") != NULL);
    free(b);
    b = tu_slurp(tu_tmp_path(TMP, "traj.pdf"), &n);
    assert_true(n > 1000 && memcmp(b, "%PDF", 4) == 0);
    free(b);
}

/* Width / height in pixels of the bounding box of the colour c. */
static double bbox_ratio(const char *path, ctome_rgba c)
{
    png p = load(path);
    int i0 = p.h, i1 = -1, j0 = p.w, j1 = -1;
    for (int i = 0; i < p.h; i++)
        for (int j = 0; j < p.w; j++)
            if (near(px(&p, i, j), c.r, c.g, c.b, 0)) {
                i0 = i < i0 ? i : i0;
                i1 = i > i1 ? i : i1;
                j0 = j < j0 ? j : j0;
                j1 = j > j1 ? j : j1;
            }
    cairo_surface_destroy(p.s);
    assert_true(i1 > i0 && j1 > j0);
    return (double)(j1 - j0) / (double)(i1 - i0);
}

static void test_equal_aspect(void **state)
{
    (void)state;
    double x[201], y[201];
    for (int i = 0; i <= 200; i++) {
        x[i] = cos(2 * M_PI * i / 200.0);
        y[i] = sin(2 * M_PI * i / 200.0);
    }
    for (int eq = 0; eq < 2; eq++) {
        ctome_plot *p;
        assert_int_equal(ctome_plot_new(500, 200, 1, 1, &p), CTOME_OK);
        ctome_axes *ax = ctome_plot_panel(p, 0, 0);
        assert_int_equal(ctome_axes_line(ax, x, y, 201, &(ctome_style){.color = VERM}), CTOME_OK);
        assert_int_equal(ctome_axes_set_equal_aspect(ax, eq), CTOME_OK);
        const char *path = tu_tmp_path(TMP, eq ? "circle_eq.png" : "circle.png");
        assert_int_equal(ctome_plot_save(p, path), CTOME_OK);
        ctome_plot_free(p);
        double r = bbox_ratio(path, VERM);
        if (eq)
            assert_true(fabs(r - 1) < 0.03);
        else
            assert_true(r > 1.5);   /* stretched to the wide panel */
    }
    assert_int_equal(ctome_axes_set_equal_aspect(NULL, 1), CTOME_EINVAL);
}

static void test_kymograph(void **state)
{
    (void)state;
    static double q[T * J], d[T * J], v[T * J];
    wave(q, d, v);
    const char *path = tu_tmp_path(TMP, "kymo.png");
    assert_int_equal(ctome_swim_fig_kymograph(q, T, J, 0.03, "wave", path), CTOME_OK);
    png p = load(path);
    check_size(&p, 560, 90 + 22.0 * J);
    size_t area = (size_t)p.w * (size_t)p.h;
    ctome_rgba lo = ctome_colormap(CTOME_CMAP_DIVERGING, 0), hi = ctome_colormap(CTOME_CMAP_DIVERGING, 1);
    /* the map's ends are where |sin| > ~0.97: ~15% of cells each; the colour bar holds only a sliver */
    size_t nlo = count_rgb(&p, lo, 12), nhi = count_rgb(&p, hi, 12);
    assert_true(nlo > area / 40 && nhi > area / 40);
    cairo_surface_destroy(p.s);
    /* a positive constant angle is all red: blue only in the colour bar */
    for (int i = 0; i < T * J; i++)
        q[i] = 0.5;
    assert_int_equal(ctome_swim_fig_kymograph(q, T, J, 0.03, NULL, path), CTOME_OK);
    p = load(path);
    assert_true(count_rgb(&p, hi, 12) > area / 3);
    assert_true(count_rgb(&p, lo, 12) < area / 100);
    cairo_surface_destroy(p.s);
}

static void test_activity(void **state)
{
    (void)state;
    static double q[T * J], d[T * J], v[T * J];
    wave(q, d, v);
    const char *path = tu_tmp_path(TMP, "act.png");
    assert_int_equal(ctome_swim_fig_activity(d, v, T, J, 21.0, 0.03, "B neurons", path), CTOME_OK);
    png p = load(path);
    check_size(&p, 560, 110 + 34.0 * J);
    assert_true(count_rgb(&p, BLUE, 0) > 500);
    assert_true(count_rgb(&p, VERM, 0) > 500);
    cairo_surface_destroy(p.s);
}

static void test_learning(void **state)
{
    (void)state;
    double steps[5] = {0, 1e4, 2e4, 3e4, 4e4}, a[3 * 5], b[2 * 5];
    for (int s = 0; s < 3; s++)
        for (int k = 0; k < 5; k++)
            a[s * 5 + k] = 800 + 20 * k + 30 * s;
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < 5; k++)
            b[s * 5 + k] = 100 + 100 * k + 80 * s;
    ctome_swim_curve c[2] = {{"NCAP", steps, a, 5, 3}, {"MLP", steps, b, 5, 2}};
    for (int sp = 0; sp < 2; sp++) {
        const char *path = tu_tmp_path(TMP, sp ? "learn_sd.png" : "learn.png");
        assert_int_equal(ctome_swim_fig_learning(c, 2, (ctome_swim_spread)sp, "curves", path), CTOME_OK);
        png p = load(path);
        check_size(&p, 600, 300);
        /* bands at 25% over white */
        ctome_rgba band_b = {0.75 + 0.25 * BLUE.r, 0.75 + 0.25 * BLUE.g, 0.75 + 0.25 * BLUE.b, 1};
        ctome_rgba band_v = {0.75 + 0.25 * VERM.r, 0.75 + 0.25 * VERM.g, 0.75 + 0.25 * VERM.b, 1};
        assert_true(count_rgb(&p, band_b, 2) > 1000);
        assert_true(count_rgb(&p, band_v, 2) > 1000);
        assert_true(count_rgb(&p, BLUE, 0) > 200);   /* mean lines */
        assert_true(count_rgb(&p, VERM, 0) > 200);
        cairo_surface_destroy(p.s);
    }
    /* one seed, one point: no band, a marker */
    ctome_swim_curve one = {"one", steps, a, 1, 1};
    assert_int_equal(ctome_swim_fig_learning(&one, 1, CTOME_SWIM_SPREAD_SD, NULL, tu_tmp_path(TMP, "one.png")), CTOME_OK);
}

static void test_bars(void **state)
{
    (void)state;
    int links[11];
    double m[11], sd[11];
    for (int i = 0; i < 11; i++) {
        links[i] = 3 + i;
        m[i] = 340 + 50 * i;
        sd[i] = 10;
    }
    const char *path = tu_tmp_path(TMP, "transfer.png");
    assert_int_equal(ctome_swim_fig_transfer(links, m, sd, 11, "transfer", path), CTOME_OK);
    png p = load(path);
    assert_int_equal(p.w, (int)ceil(fmax(300, 120 + 30.0 * 11) * 200 / 72));
    assert_true(count_rgb(&p, BLUE, 0) > 5000);
    cairo_surface_destroy(p.s);
    const char *var[5] = {"full", "no sharing", "no signs", "random init", "MLP"};
    double mi[5] = {800, 800, 800, 200, 130}, si[5] = {5, 5, 5, 90, 90}, mt[5] = {900, 850, 600, 700, 300};
    path = tu_tmp_path(TMP, "ablate.png");
    assert_int_equal(ctome_swim_fig_ablation(var, 5, mi, si, mt, NULL, "ablation", path), CTOME_OK);
    p = load(path);
    assert_true(count_rgb(&p, BLUE, 0) > 3000);
    assert_true(count_rgb(&p, VERM, 0) > 3000);
    cairo_surface_destroy(p.s);
}

/* Every bad input: the code, and no file left. */
static void test_bad_arrays(void **state)
{
    (void)state;
    static double q[T * J], d[T * J], v[T * J];
    wave(q, d, v);
    const char *path = tu_tmp_path(TMP, "bad.png");
    double head[4] = {0, 0, 1, 1}, body1[4] = {0, 0, 1, 1};
    assert_int_equal(ctome_swim_fig_trajectory(NULL, 2, NULL, 0, 0, 0.03, NULL, path), CTOME_EINVAL);
    assert_int_equal(ctome_swim_fig_trajectory(head, 1, NULL, 0, 0, 0.03, NULL, path), CTOME_EINVAL);
    assert_int_equal(ctome_swim_fig_trajectory(head, 2, body1, 1, 0, 0.03, NULL, path), CTOME_EINVAL);
    assert_int_equal(ctome_swim_fig_trajectory(head, 2, NULL, 0, 0, 0, NULL, path), CTOME_EINVAL);
    head[3] = NAN;
    assert_int_equal(ctome_swim_fig_trajectory(head, 2, NULL, 0, 0, 0.03, NULL, path), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "head path[3]"));
    assert_int_equal(ctome_swim_fig_kymograph(q, T, 0, 0.03, NULL, path), CTOME_EINVAL);
    assert_int_equal(ctome_swim_fig_kymograph(q, T, J, -1, NULL, path), CTOME_EINVAL);
    q[7] = INFINITY;
    assert_int_equal(ctome_swim_fig_kymograph(q, T, J, 0.03, NULL, path), CTOME_EVALUE);
    assert_int_equal(ctome_swim_fig_activity(d, NULL, T, J, 0, 0.03, NULL, path), CTOME_EINVAL);
    v[3] = NAN;
    assert_int_equal(ctome_swim_fig_activity(d, v, T, J, 0, 0.03, NULL, path), CTOME_EVALUE);
    assert_int_equal(ctome_swim_fig_activity(d, d, T, J, NAN, 0.03, NULL, path), CTOME_EINVAL);
    double steps[3] = {0, 2, 1}, r[3] = {1, 2, 3};
    ctome_swim_curve c = {"x", steps, r, 3, 1};
    assert_int_equal(ctome_swim_fig_learning(&c, 1, CTOME_SWIM_SPREAD_SD, NULL, path), CTOME_EVALUE);
    assert_int_equal(ctome_swim_fig_learning(&c, 0, CTOME_SWIM_SPREAD_SD, NULL, path), CTOME_EINVAL);
    assert_int_equal(ctome_swim_fig_learning(NULL, 1, CTOME_SWIM_SPREAD_SD, NULL, path), CTOME_EINVAL);
    c.n_seeds = 0;
    assert_int_equal(ctome_swim_fig_learning(&c, 1, CTOME_SWIM_SPREAD_SD, NULL, path), CTOME_EINVAL);
    int links[2] = {3, 4};
    double m[2] = {1, 2}, sd[2] = {1, -1};
    assert_int_equal(ctome_swim_fig_transfer(links, m, sd, 2, NULL, path), CTOME_EVALUE);
    assert_int_equal(ctome_swim_fig_transfer(links, m, NULL, 0, NULL, path), CTOME_EINVAL);
    assert_int_equal(ctome_swim_fig_transfer(NULL, m, NULL, 2, NULL, path), CTOME_EINVAL);
    m[1] = NAN;
    assert_int_equal(ctome_swim_fig_transfer(links, m, NULL, 2, NULL, path), CTOME_EVALUE);
    assert_int_equal(ctome_swim_fig_ablation(NULL, 2, r, NULL, NULL, NULL, NULL, path), CTOME_EINVAL);
    assert_false(exists(path));
    /* a good figure to an unknown format: nothing written either */
    m[1] = 2;
    assert_int_equal(ctome_swim_fig_transfer(links, m, NULL, 2, NULL, tu_tmp_path(TMP, "bad.bmp")), CTOME_EINVAL);
    assert_false(exists(tu_tmp_path(TMP, "bad.bmp")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trajectory), cmocka_unit_test(test_equal_aspect), cmocka_unit_test(test_kymograph),
        cmocka_unit_test(test_activity),   cmocka_unit_test(test_learning),     cmocka_unit_test(test_bars),
        cmocka_unit_test(test_bad_arrays),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
