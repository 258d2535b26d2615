/* test_plot.c — lib/plot: nice ticks, colour maps, the three output formats,
 * determinism, atomic failure, and the adjacency figure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctome.h"
#include "testutil.h"

static char *tmpdir;

/* tmpdir/name (testutil.h: four rotating buffers) */
static const char *tmp_path(const char *name)
{
    return tu_tmp_path(tmpdir, name);
}

static unsigned char *slurp(const char *path, size_t *n)
{
    return (unsigned char *)tu_slurp(path, n);
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Entries of tmpdir whose name starts with `prefix` (catches left-over temp files). */
static int count_prefix(const char *prefix)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

/* ---- ticks ---- */

static void test_nice_ticks(void **state)
{
    (void)state;
    double first, step;
    size_t n;
    /* Heckbert: range nice(97) = 100, step nice(100/4 = 25, rounded) = 20 */
    assert_int_equal(ctome_plot_nice_ticks(0, 97, 5, &first, &step, &n), CTOME_OK);
    assert_true(first == 0 && step == 20 && n == 6);
    /* nice(0.857) = 1, step nice(0.25) = 0.2: 0, 0.2, ..., 1.0 */
    assert_int_equal(ctome_plot_nice_ticks(0.013, 0.87, 5, &first, &step, &n), CTOME_OK);
    assert_true(first == 0 && fabs(step - 0.2) < 1e-15 && n == 6);
    /* nice(15.9) = 20, step nice(5) = 5: -5, 0, ..., 15 */
    assert_int_equal(ctome_plot_nice_ticks(-3.7, 12.2, 5, &first, &step, &n), CTOME_OK);
    assert_true(first == -5 && step == 5 && n == 5);
    /* 0.6 / 0.2 = 2.9999999999999996 must not add a tick below 0.6 */
    assert_int_equal(ctome_plot_nice_ticks(0.6, 1.4, 5, &first, &step, &n), CTOME_OK);
    assert_true(fabs(first - 0.6) < 1e-15 && fabs(step - 0.2) < 1e-15 && n == 5);
    /* a single value is widened by 10%: 900..1100, step nice(200/4 = 50) = 50 */
    assert_int_equal(ctome_plot_nice_ticks(1000, 1000, 5, &first, &step, &n), CTOME_OK);
    assert_true(first == 900 && step == 50 && n == 5);
    /* 2.7e-5..3.1e-4: nice(2.83e-4) = 5e-4, step nice(1.25e-4) = 1e-4: 0 .. 4e-4 */
    assert_int_equal(ctome_plot_nice_ticks(2.7e-5, 3.1e-4, 5, &first, &step, &n), CTOME_OK);
    assert_true(first == 0 && fabs(step - 1e-4) < 1e-19 && n == 5);
    assert_int_equal(ctome_plot_nice_ticks(NAN, 1, 5, &first, &step, &n), CTOME_EINVAL);
    assert_int_equal(ctome_plot_nice_ticks(2, 1, 5, &first, &step, &n), CTOME_EINVAL);
    assert_int_equal(ctome_plot_nice_ticks(0, 1, 1, &first, &step, &n), CTOME_EINVAL);

    double t[16];
    assert_int_equal(ctome_plot_log_ticks(0.5, 2000, t, 16), 4);
    assert_true(t[0] == 1 && t[1] == 10 && t[2] == 100 && t[3] == 1000);
    assert_int_equal(ctome_plot_log_ticks(1, 1000, t, 16), 4);   /* ends included */
    assert_int_equal(ctome_plot_log_ticks(2, 9, t, 16), 0);
    assert_int_equal(ctome_plot_log_ticks(0, 9, t, 16), 0);

    char b[32];
    ctome_plot_format_tick(3 * 0.2, 0.2, b, sizeof b);
    assert_string_equal(b, "0.6");
    ctome_plot_format_tick(100, 20, b, sizeof b);
    assert_string_equal(b, "100");
    ctome_plot_format_tick(0.25, 0.05, b, sizeof b);
    assert_string_equal(b, "0.25");
    ctome_plot_format_tick(0.1 + 0.2 - 0.3, 0.1, b, sizeof b);   /* 5.6e-17 */
    assert_string_equal(b, "0.0");
    ctome_plot_format_tick(-0.5, 0.5, b, sizeof b);
    assert_string_equal(b, "-0.5");
    ctome_plot_format_tick(2500000, 500000, b, sizeof b);
    assert_string_equal(b, "2.5e+06");
}

/* ---- colour maps: endpoints from matplotlib 3.6.3 (tests/ref/plot_colormaps.txt) ---- */

static void test_colormaps(void **state)
{
    (void)state;
    ctome_rgba c = ctome_colormap(CTOME_CMAP_VIRIDIS, 0);
    assert_true(fabs(c.r - 0.267004) < 1e-6 && fabs(c.g - 0.004874) < 1e-6 && fabs(c.b - 0.329415) < 1e-6);
    c = ctome_colormap(CTOME_CMAP_VIRIDIS, 1);
    assert_true(fabs(c.r - 0.993248) < 1e-6 && fabs(c.g - 0.906157) < 1e-6 && fabs(c.b - 0.143936) < 1e-6);
    c = ctome_colormap(CTOME_CMAP_VIRIDIS, 0.5);   /* a stop: exact */
    assert_true(fabs(c.r - 0.127568) < 1e-6 && fabs(c.g - 0.566949) < 1e-6 && fabs(c.b - 0.550556) < 1e-6);
    /* matplotlib viridis(0.3) = (0.206756, 0.371758, 0.553117), between stops:
     * the interpolation stays within 0.021 (tests/ref/plot_colormaps.txt) */
    c = ctome_colormap(CTOME_CMAP_VIRIDIS, 0.3);
    assert_true(fabs(c.r - 0.206756) < 0.021 && fabs(c.g - 0.371758) < 0.021 && fabs(c.b - 0.553117) < 0.021);
    c = ctome_colormap(CTOME_CMAP_VIRIDIS, -3);   /* clamped */
    assert_true(fabs(c.r - 0.267004) < 1e-6);
    c = ctome_colormap(CTOME_CMAP_DIVERGING, 0);
    assert_true(fabs(c.r - 0.019608) < 1e-6 && fabs(c.g - 0.188235) < 1e-6 && fabs(c.b - 0.380392) < 1e-6);
    c = ctome_colormap(CTOME_CMAP_DIVERGING, 0.5);   /* near white */
    assert_true(c.r > 0.96 && c.g > 0.96 && c.b > 0.96);
    c = ctome_colormap(CTOME_CMAP_DIVERGING, 1);
    assert_true(fabs(c.r - 0.403922) < 1e-6 && c.g == 0 && fabs(c.b - 0.121569) < 1e-6);
    c = ctome_colormap(CTOME_CMAP_VIRIDIS, NAN);
    assert_true(c.r == 0.85 && c.g == 0.85 && c.b == 0.85);
}

/* ---- a figure with every primitive ---- */

static ctome_plot *demo_figure(void)
{
    ctome_plot *p;
    assert_int_equal(ctome_plot_new(520, 400, 2, 2, &p), CTOME_OK);
    assert_int_equal(ctome_plot_set_title(p, "ctome plot primitives"), CTOME_OK);
    double x[50], y1[50], y2[50], v[400];
    for (int i = 0; i < 50; i++) {
        x[i] = i * 0.2;
        y1[i] = sin(x[i]) * exp(-0.1 * x[i]);
        y2[i] = cos(x[i]) * exp(-0.2 * x[i]);
    }
    for (int i = 0; i < 400; i++)   /* deterministic bell-ish sample */
        v[i] = (sin(i * 12.9898) * 43758.5453 - floor(sin(i * 12.9898) * 43758.5453)) +
               (sin(i * 78.233) * 12345.678 - floor(sin(i * 78.233) * 12345.678));
    ctome_axes *a = ctome_plot_panel(p, 0, 0);
    assert_non_null(a);
    assert_int_equal(ctome_axes_line(a, x, y1, 50, &(ctome_style){.label = "damped sine"}), CTOME_OK);
    assert_int_equal(ctome_axes_line(a, x, y2, 50, &(ctome_style){.label = "damped cosine", .dashed = 1}),
                     CTOME_OK);
    assert_int_equal(ctome_axes_hline(a, 0, NULL), CTOME_OK);
    ctome_axes_set_label(a, CTOME_AXIS_X, "time (s)");
    ctome_axes_set_label(a, CTOME_AXIS_Y, "response (a.u.)");
    ctome_axes_set_panel_label(a, "A");

    a = ctome_plot_panel(p, 0, 1);
    double bx[5] = {1, 2, 3, 4, 5}, bh[5] = {3, 12, 7, 0.5, 9};
    assert_int_equal(ctome_axes_bars(a, bx, bh, 5, 0, &(ctome_style){.label = "count"}), CTOME_OK);
    const char *names[5] = {"AVA", "AVB", "AIY", "RIA", "DB"};
    double pos[5] = {1, 2, 3, 4, 5};
    ctome_axes_set_ticks(a, CTOME_AXIS_X, pos, names, 5);
    ctome_axes_set_label(a, CTOME_AXIS_Y, "synapses");
    ctome_axes_set_title(a, "bars");
    ctome_axes_set_panel_label(a, "B");

    a = ctome_plot_panel(p, 1, 0);
    assert_int_equal(ctome_axes_histogram(a, v, 400, 20, 0, 0, &(ctome_style){.alpha = 0.8}), CTOME_OK);
    ctome_axes_set_label(a, CTOME_AXIS_X, "value");
    ctome_axes_set_label(a, CTOME_AXIS_Y, "count");
    ctome_axes_set_panel_label(a, "C");

    a = ctome_plot_panel(p, 1, 1);
    double sx[40], sy[40];
    for (int i = 0; i < 40; i++) {
        sx[i] = pow(10, i / 10.0);
        sy[i] = 0.5 * pow(sx[i], 1.5) * (1 + 0.3 * sin(i));
    }
    ctome_axes_set_scale(a, CTOME_AXIS_X, CTOME_SCALE_LOG10);
    ctome_axes_set_scale(a, CTOME_AXIS_Y, CTOME_SCALE_LOG10);
    assert_int_equal(ctome_axes_scatter(a, sx, sy, 40, &(ctome_style){.label = "neurons", .alpha = 0.7}),
                     CTOME_OK);
    ctome_axes_set_label(a, CTOME_AXIS_X, "degree");
    ctome_axes_set_label(a, CTOME_AXIS_Y, "strength");
    ctome_axes_set_grid(a, 1);
    ctome_axes_set_panel_label(a, "D");
    return p;
}

static void test_formats(void **state)
{
    (void)state;
    ctome_plot *p = demo_figure();
    const char *png = tmp_path("demo.png"), *svg = tmp_path("demo.svg"), *pdf = tmp_path("demo.PDF");
    assert_int_equal(ctome_plot_save(p, png), CTOME_OK);
    assert_int_equal(ctome_plot_save(p, svg), CTOME_OK);
    assert_int_equal(ctome_plot_save(p, pdf), CTOME_OK);
    size_t n;
    unsigned char *b = slurp(png, &n);
    assert_non_null(b);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assert_memory_equal(b, sig, 8);
    /* IHDR: 520 x 400 pt at 200 dpi = 1445 x 1112 px (ceil) */
    uint32_t w = (uint32_t)b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19];
    uint32_t h = (uint32_t)b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23];
    assert_int_equal(w, 1445);
    assert_int_equal(h, 1112);
    free(b);
    b = slurp(svg, &n);
    assert_non_null(b);
    assert_memory_equal(b, "<?xml", 5);
    assert_non_null(strstr((char *)b, "width=\"520pt\""));
    free(b);
    b = slurp(pdf, &n);
    assert_non_null(b);
    assert_memory_equal(b, "%PDF-", 5);
    for (size_t i = 0; i + 12 <= n; i++)
        assert_false(memcmp(b + i, "CreationDate", 12) == 0);
    free(b);
    assert_int_equal(count_prefix("demo."), 3);   /* no temporary files left */
    ctome_plot_free(p);
}

static int same_bytes(const char *a, const char *b)
{
    size_t na, nb;
    unsigned char *x = slurp(a, &na), *y = slurp(b, &nb);
    int same = x && y && na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* Same figure -> same bytes, even when built and drawn twice in one process
 * (cairo's SVG ids come from a process-wide counter; output.c renumbers). */
static void test_deterministic(void **state)
{
    (void)state;
    const char *ext[3] = {"svg", "pdf", "png"};
    for (int k = 0; k < 3; k++) {
        char n1[32], n2[32];
        snprintf(n1, sizeof n1, "det1.%s", ext[k]);
        snprintf(n2, sizeof n2, "det2.%s", ext[k]);
        ctome_plot *p = demo_figure();
        double m[6] = {1, 2, NAN, 0, 5, 6};
        ctome_axes_heatmap(ctome_plot_panel(p, 1, 1), m, 2, 3, NULL);
        assert_int_equal(ctome_plot_save(p, tmp_path(n1)), CTOME_OK);
        ctome_plot_free(p);
        p = demo_figure();
        ctome_axes_heatmap(ctome_plot_panel(p, 1, 1), m, 2, 3, NULL);
        assert_int_equal(ctome_plot_save(p, tmp_path(n2)), CTOME_OK);
        ctome_plot_free(p);
        assert_true(same_bytes(tmp_path(n1), tmp_path(n2)));
    }
}

static void test_bad_output(void **state)
{
    (void)state;
    ctome_plot *p = demo_figure();
    const char *bad = tmp_path("figure.jpg");
    assert_int_equal(ctome_plot_save(p, bad), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), bad));
    assert_non_null(strstr(ctome_error_message(), ".jpg"));
    assert_false(exists(bad));
    assert_int_equal(ctome_plot_save(p, tmp_path("noext")), CTOME_EINVAL);
    assert_int_equal(ctome_plot_save(p, tmp_path("dir.png/fig")), CTOME_EINVAL);   /* dot in a folder */
    assert_int_equal(count_prefix("figure"), 0);
    assert_int_equal(count_prefix("noext"), 0);
    /* a folder that does not exist: I/O error, nothing written */
    assert_int_equal(ctome_plot_save(p, tmp_path("missing/fig.png")), CTOME_EIO);
    /* an existing file survives a failed save untouched */
    FILE *fp = fopen(tmp_path("keep.png"), "w");
    fputs("old", fp);
    fclose(fp);
    ctome_plot *big;
    assert_int_equal(ctome_plot_new(14000, 14000, 1, 1, &big), CTOME_OK);
    ctome_plot_set_dpi(big, 1200);
    double one = 1;
    ctome_axes_line(ctome_plot_panel(big, 0, 0), &one, &one, 1, NULL);
    assert_int_equal(ctome_plot_save(big, tmp_path("keep.png")), CTOME_EINVAL);   /* too many pixels */
    size_t n;
    unsigned char *b = slurp(tmp_path("keep.png"), &n);
    assert_true(b && n == 3 && memcmp(b, "old", 3) == 0);
    free(b);
    assert_int_equal(count_prefix("keep.png"), 1);
    ctome_plot_free(big);
    ctome_plot_free(p);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    ctome_plot *p;
    assert_int_equal(ctome_plot_new(0, 100, 1, 1, &p), CTOME_EINVAL);
    assert_int_equal(ctome_plot_new(100, 100, 0, 1, &p), CTOME_EINVAL);
    assert_int_equal(ctome_plot_new(100, 100, 1, 2, &p), CTOME_OK);
    assert_null(ctome_plot_panel(p, 0, 2));
    assert_null(ctome_plot_panel(p, -1, 0));
    ctome_axes *a = ctome_plot_panel(p, 0, 0);
    assert_int_equal(ctome_axes_set_limits(a, CTOME_AXIS_X, 2, 1), CTOME_EINVAL);
    ctome_axes_set_scale(a, CTOME_AXIS_Y, CTOME_SCALE_LOG10);
    assert_int_equal(ctome_axes_set_limits(a, CTOME_AXIS_Y, 0, 1), CTOME_EINVAL);
    double m[4] = {1, 2, 3, 4};
    assert_int_equal(ctome_axes_heatmap(a, m, 0, 2, NULL), CTOME_EINVAL);
    ctome_heatmap_opts o = {.log_scale = 1, .vmin = -1, .vmax = 10};
    assert_int_equal(ctome_axes_heatmap(a, m, 2, 2, &o), CTOME_EINVAL);
    assert_int_equal(ctome_axes_heatmap(a, m, 2, 2, NULL), CTOME_OK);
    assert_int_equal(ctome_axes_heatmap(a, m, 2, 2, NULL), CTOME_EINVAL);   /* one per panel */
    assert_int_equal(ctome_axes_histogram(a, m, 4, 0, 0, 0, NULL), CTOME_EINVAL);
    double nan4[4] = {NAN, NAN, NAN, NAN};
    assert_int_equal(ctome_axes_histogram(a, nan4, 4, 5, 0, 0, NULL), CTOME_EVALUE);
    size_t bad_start[2] = {3, 1};
    const char *labs[2] = {"a", "b"};
    assert_int_equal(ctome_axes_set_groups(a, CTOME_AXIS_X, bad_start, labs, 2), CTOME_EINVAL);
    assert_int_equal(ctome_plot_set_dpi(p, 5), CTOME_EINVAL);
    ctome_plot_free(p);
}

/* ---- pixels: does the PNG hold the colour of a given scale position? ---- */

static int png_has_rgb(const char *path, ctome_rgba c)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return -1;
    }
    uint32_t want = (uint32_t)lround(c.r * 255) << 16 | (uint32_t)lround(c.g * 255) << 8 |
                    (uint32_t)lround(c.b * 255);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    unsigned char *d = cairo_image_surface_get_data(s);
    int found = 0;
    for (int i = 0; i < h && !found; i++)
        for (int j = 0; j < w && !found; j++)
            found = (*(uint32_t *)(void *)(d + (size_t)stride * i + 4 * (size_t)j) & 0xffffff) == want;
    cairo_surface_destroy(s);
    return found;
}

static void test_heatmap_colours(void **state)
{
    (void)state;
    /* log scale over 1..100: 1 -> viridis(0), 10 -> viridis(0.5), 100 -> viridis(1);
     * 0 -> white (under), NaN -> grey 0.85 */
    double m[6] = {1, 10, 100, 0, NAN, 1};
    ctome_plot *p;
    assert_int_equal(ctome_plot_new(300, 200, 1, 1, &p), CTOME_OK);
    /* no colour bar here: it would hold every colour of the scale */
    ctome_heatmap_opts o = {.log_scale = 1, .no_colorbar = 1};
    assert_int_equal(ctome_axes_heatmap(ctome_plot_panel(p, 0, 0), m, 2, 3, &o), CTOME_OK);
    const char *path = tmp_path("hm.png");
    assert_int_equal(ctome_plot_save(p, path), CTOME_OK);
    assert_int_equal(png_has_rgb(path, ctome_colormap(CTOME_CMAP_VIRIDIS, 0)), 1);
    assert_int_equal(png_has_rgb(path, ctome_colormap(CTOME_CMAP_VIRIDIS, 0.5)), 1);
    assert_int_equal(png_has_rgb(path, ctome_colormap(CTOME_CMAP_VIRIDIS, 1)), 1);
    assert_int_equal(png_has_rgb(path, (ctome_rgba){0.85, 0.85, 0.85, 1}), 1);
    /* viridis(0.25) would be log10(w) = 0.5: no such weight, no such cell */
    assert_int_equal(png_has_rgb(path, ctome_colormap(CTOME_CMAP_VIRIDIS, 0.25)), 0);
    ctome_plot_free(p);
    /* the SVG embeds the cells as one image with a no-smoothing hint */
    assert_int_equal(ctome_plot_new(300, 200, 1, 1, &p), CTOME_OK);
    ctome_axes_heatmap(ctome_plot_panel(p, 0, 0), m, 2, 3, &o);
    assert_int_equal(ctome_plot_save(p, tmp_path("hm.svg")), CTOME_OK);
    size_t n;
    char *b = (char *)slurp(tmp_path("hm.svg"), &n);
    assert_non_null(strstr(b, "<image style=\"image-rendering:optimizeSpeed;image-rendering:pixelated\""));
    assert_non_null(strstr(b, "id=\"surface1\""));
    free(b);
    ctome_plot_free(p);
}

/* ---- adjacency ---- */

/* 5 neurons + 1 muscle, registry-free: all in the "unknown" group.
 * chemical: AVAL->AVAR 3, AVAR->DB01 40, DB01->AVAL 1, VA01->VA01 7 (self-loop
 * only: VA01 is left out), AVBL->BWM 5 (muscle: left out, AVBL has no neuron
 * edge).  Neurons shown: AVAL, AVAR, DB01. */
static ctome_connectome *small_connectome(void)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("toy", NULL, &c), CTOME_OK);
    const char *names[6] = {"AVAL", "AVAR", "DB01", "VA01", "AVBL", "MDL01"};
    int id[6];
    for (int i = 0; i < 6; i++)
        assert_int_equal(ctome_connectome_node(c, names[i], "toy", i + 1, &id[i]), CTOME_OK);
    for (int i = 0; i < 5; i++)   /* no registry: kinds set by hand */
        c->nodes[id[i]].kind = CTOME_CELL_NEURON;
    c->nodes[id[5]].kind = CTOME_CELL_MUSCLE;
    assert_int_equal(ctome_connectome_add(c, "chemical", id[0], id[1], 3, "toy", 1), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "chemical", id[1], id[2], 40, "toy", 2), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "chemical", id[2], id[0], 1, "toy", 3), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "chemical", id[3], id[3], 7, "toy", 4), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "chemical", id[4], id[5], 5, "toy", 5), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "electrical", id[0], id[1], 2, "toy", 6), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    return c;
}

static void test_adjacency_small(void **state)
{
    (void)state;
    ctome_connectome *c = small_connectome();
    const char *path = tmp_path("adj_toy.png");
    assert_int_equal(ctome_plot_adjacency(c, "chemical", "type", path), CTOME_OK);
    /* weights 1, 3, 40 on log10 over [1, 40]: positions 0, log10(3)/log10(40), 1 */
    assert_int_equal(png_has_rgb(path, ctome_colormap(CTOME_CMAP_VIRIDIS, 0)), 1);
    assert_int_equal(png_has_rgb(path, ctome_colormap(CTOME_CMAP_VIRIDIS, log10(3) / log10(40))), 1);
    assert_int_equal(png_has_rgb(path, ctome_colormap(CTOME_CMAP_VIRIDIS, 1)), 1);
    /* 3 neurons (VA01: self-loop only, AVBL: muscle partner only are left out):
     * the canvas is 330 + 4 * 3 = 342 pt wide = 950 px at 200 dpi */
    size_t n;
    unsigned char *b = slurp(path, &n);
    assert_non_null(b);
    assert_int_equal((uint32_t)b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19], 950);
    free(b);
    assert_int_equal(ctome_plot_adjacency(c, "electrical", "name", tmp_path("adj_toy.svg")), CTOME_OK);
    assert_int_equal(ctome_plot_adjacency(c, "chemical", "position", tmp_path("adj_toy.pdf")), CTOME_OK);

    int *order;
    size_t k;
    assert_int_equal(ctome_plot_adjacency_order(c, "chemical", "name", &order, &k), CTOME_OK);
    assert_int_equal(k, 3);
    assert_string_equal(c->nodes[order[0]].name, "AVAL");
    assert_string_equal(c->nodes[order[1]].name, "AVAR");
    assert_string_equal(c->nodes[order[2]].name, "DB01");
    free(order);
    /* electrical: only AVAL-AVAR */
    assert_int_equal(ctome_plot_adjacency_order(c, "electrical", "position", &order, &k), CTOME_OK);
    assert_int_equal(k, 2);
    free(order);
    assert_int_equal(ctome_plot_adjacency_order(c, "chemical", "bogus", &order, &k), CTOME_EINVAL);
    assert_null(order);

    assert_int_equal(ctome_plot_adjacency(c, "gap", "type", tmp_path("adj_bad.png")), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "'gap'"));
    assert_non_null(strstr(ctome_error_message(), "chemical, electrical"));
    assert_int_equal(ctome_plot_adjacency(c, "chemical", "size", tmp_path("adj_bad.png")), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "'size'"));
    assert_int_equal(ctome_plot_adjacency(c, "chemical", "type", tmp_path("adj_bad.gif")), CTOME_EINVAL);
    assert_int_equal(count_prefix("adj_bad"), 0);
    ctome_connectome_free(c);
}

static void test_adjacency_real(void **state)
{
    (void)state;
    ctome_registry *reg;
    assert_int_equal(ctome_registry_load(CTOME_TEST_DATA, &reg), CTOME_OK);
    /* White 1986 whole animal as compiled by NemaNode (dataset white1986-whole) */
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("white1986-whole", reg, &c), CTOME_OK);
    assert_int_equal(ctome_read_nemanode(CTOME_TEST_DATA "/connectome/white1986/nemanode_white_1986_whole.json",
                                         NULL, c), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    /* the rows are the neurons ctome_layer_summarise counts (degree >= 1 among neurons) */
    ctome_layer_summary sum;
    assert_int_equal(ctome_layer_summarise(c, ctome_connectome_get_layer(c, "chemical"), 1, &sum), CTOME_OK);
    int *order;
    size_t k;
    assert_int_equal(ctome_plot_adjacency_order(c, "chemical", "type", &order, &k), CTOME_OK);
    assert_int_equal(k, sum.n_nodes);
    assert_true(k > 250);
    for (size_t i = 1; i < k; i++) {   /* by type, then by name */
        const ctome_neuron *a = ctome_registry_neuron(reg, (size_t)c->nodes[order[i - 1]].reg);
        const ctome_neuron *b = ctome_registry_neuron(reg, (size_t)c->nodes[order[i]].reg);
        assert_true(a->type < b->type || (a->type == b->type && strcmp(a->name, b->name) < 0));
    }
    free(order);
    assert_int_equal(ctome_plot_adjacency_order(c, "chemical", "position", &order, &k), CTOME_OK);
    int seen_unplaced = 0;
    for (size_t i = 1; i < k; i++) {   /* anterior to posterior, unplaced last */
        const ctome_neuron *a = ctome_registry_neuron(reg, (size_t)c->nodes[order[i - 1]].reg);
        const ctome_neuron *b = ctome_registry_neuron(reg, (size_t)c->nodes[order[i]].reg);
        if (!b->has_pos)
            seen_unplaced = 1;
        else
            assert_true(!seen_unplaced && a->has_pos && a->pos[0] <= b->pos[0]);
    }
    free(order);
    const char *orders[3] = {"type", "position", "name"};
    for (int k = 0; k < 3; k++) {
        char name[64];
        snprintf(name, sizeof name, "adj_white_%s.png", orders[k]);
        assert_int_equal(ctome_plot_adjacency(c, "chemical", orders[k], tmp_path(name)), CTOME_OK);
    }
    assert_int_equal(ctome_plot_adjacency(c, "electrical", "type", tmp_path("adj_white_gap.pdf")),
                     CTOME_OK);
    size_t n;
    unsigned char *b = slurp(tmp_path("adj_white_type.png"), &n);
    assert_non_null(b);
    /* 504 x 463.68 pt at 200 dpi = 1400 x 1288 px */
    uint32_t w = (uint32_t)b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19];
    assert_int_equal(w, 1400);
    free(b);
    if (getenv("CTOME_PLOT_KEEP")) {   /* for looking at the figures */
        ctome_plot_adjacency(c, "chemical", "type", "/tmp/ctome_adj_type.png");
        ctome_plot_adjacency(c, "chemical", "position", "/tmp/ctome_adj_position.png");
        ctome_plot_adjacency(c, "electrical", "type", "/tmp/ctome_adj_gap.png");
    }
    ctome_connectome_free(c);
    ctome_registry_free(reg);
}

static void test_keep_demo(void **state)
{
    (void)state;
    if (!getenv("CTOME_PLOT_KEEP"))
        return;
    ctome_plot *p = demo_figure();
    ctome_plot_save(p, "/tmp/ctome_demo.png");
    ctome_plot_save(p, "/tmp/ctome_demo.svg");
    ctome_plot_free(p);
    ctome_connectome *c = small_connectome();
    ctome_plot_adjacency(c, "chemical", "type", "/tmp/ctome_adj_toy.png");
    ctome_connectome_free(c);
}

int main(void)
{
    ctome_init();
    if (!(tmpdir = tu_mkdtemp("test_plot")))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nice_ticks),
        cmocka_unit_test(test_colormaps),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_bad_output),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_heatmap_colours),
        cmocka_unit_test(test_adjacency_small),
        cmocka_unit_test(test_adjacency_real),
        cmocka_unit_test(test_keep_demo),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    tu_rmtree(tmpdir);
    ctome_plot_cleanup();
    return failed;
}
