/* test_figures.c — what the named figures draw (issue 14), checked on the
 * figure description of plot.h (ctome_plot_describe, "<figure>.json") rather
 * than on pixels: axis labels, colour map and limits, cell texts, legend
 * entries, point counts.  Every expected value is derived by hand in the
 * comment next to it, or comes from a committed reference (tests/ref/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"
#include "connectome.h"
#include "datasets.h"
#include "ei_atlas_figs.h"
#include "ctome.h"
#include "error.h"
#include "plot.h"
#include "ranktest.h"
#include "sernn_figs.h"
#include "topology_figs.h"
#include "trace_figs.h"
#include "structfunc_figs.h"
#include "testutil.h"

static char *TMP;
static ctome_registry *REG;

static int setup(void **state)
{
    (void)state;
    if (tu_plot_setup("figures", 1, &TMP))
        return -1;
    REG = tu_registry();
    return REG ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ctome_registry_free(REG);
    return tu_plot_teardown(TMP);
}

/* ---- the description itself ---- */

/* A heatmap of values all > 0 gets the sequential map; one straddling 0 the
 * diverging one; cell texts are %.2g of the values. */
static void test_describe_heatmap_auto(void **state)
{
    (void)state;
    const double pos[4] = {0.019, 0.05, 0.076, NAN}, mixed[4] = {-1, 0.5, 2, 3};
    for (int k = 0; k < 2; k++) {
        ctome_plot *p;
        assert_int_equal(ctome_plot_new(200, 200, 1, 1, &p), 0);
        ctome_axes *ax = ctome_plot_panel(p, 0, 0);
        ctome_heatmap_opts ho = {.cmap = CTOME_CMAP_AUTO, .cell_digits = 2, .cbar_label = "rho"};
        assert_int_equal(ctome_axes_heatmap(ax, k ? mixed : pos, 2, 2, &ho), 0);
        assert_int_equal(ctome_axes_set_label(ax, CTOME_AXIS_X, "gain"), 0);
        const char *path = tu_tmp_path(TMP, k ? "mixed.png" : "pos.png");
        assert_int_equal(ctome_plot_save(p, path), 0);
        char *s;
        assert_int_equal(ctome_plot_describe(p, &s), 0);
        ctome_plot_free(p);
        json_t *d = tu_desc_of(path), *h = tu_desc_art(tu_desc_panel(d, 0), "heatmap");
        assert_non_null(h);
        /* the file and the returned text are the same description */
        json_t *d2 = json_loads(s, 0, NULL);
        assert_true(json_equal(d, d2));
        json_decref(d2);
        free(s);
        assert_string_equal(json_string_value(json_object_get(h, "cmap")), k ? "diverging" : "viridis");
        assert_string_equal(tu_desc_axis_label(tu_desc_panel(d, 0), "x"), "gain");
        json_t *ct = json_object_get(h, "cell_texts");
        assert_int_equal(json_array_size(ct), 4);
        assert_string_equal(json_string_value(json_array_get(ct, 0)), k ? "-1" : "0.019");
        assert_string_equal(json_string_value(json_array_get(ct, 2)), k ? "2" : "0.076");
        assert_string_equal(json_string_value(json_array_get(ct, 3)), k ? "3" : "");   /* NaN: no text */
        assert_int_equal((int)tu_desc_num(h, "nan_cells"), k ? 0 : 1);
        if (k) {   /* diverging: symmetric about 0 at max |v| = 3 */
            assert_true(tu_desc_num(h, "vmin") == -3 && tu_desc_num(h, "vmax") == 3);
        } else {   /* sequential: the data range */
            assert_true(tu_desc_num(h, "vmin") == 0.019 && tu_desc_num(h, "vmax") == 0.076);
        }
        json_decref(d);
    }
}

/* Without the switch no description is written. */
static void test_describe_off(void **state)
{
    (void)state;
    ctome_plot_describe_files(0);
    ctome_plot *p;
    assert_int_equal(ctome_plot_new(100, 100, 1, 1, &p), 0);
    const double x[2] = {0, 1};
    assert_int_equal(ctome_axes_line(ctome_plot_panel(p, 0, 0), x, x, 2, NULL), 0);
    const char *path = tu_tmp_path(TMP, "off.png");
    assert_int_equal(ctome_plot_save(p, path), 0);
    ctome_plot_free(p);
    ctome_plot_describe_files(1);
    char j[600];
    snprintf(j, sizeof j, "%s.json", path);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_not_equal(access(j, F_OK), 0);
}

/* ---- issue 14 §3: the Randi atlas as an adjacency matrix ---- */

/* A stimulation atlas of 12 neurons: neuron i < 10 is stimulated and its
 * responses are i+1..i+6 (mod 12), amplitude (6i + k + 1) with alternating
 * sign, except one outlier of 900 (i = 0, k = 0).  So 60 nonzero values,
 * |v| = 2..60 and 900; the nearest-rank 99th percentile of |v| is sorted[round(0.99 x 59)]
 * = sorted[58] = 60: the colours run to +-60 (not +-900) and exactly one cell
 * (the 900) lies above.  Neurons 10 and 11 are never stimulated: their 2
 * rows x 12 columns = 24 cells are "not measured" (NaN); every column has a
 * response, so no column is. */
static void test_randi_adjacency(void **state)
{
    (void)state;
    static const char *const N[12] = {"AVAL", "AVAR", "AVBL", "AVBR", "RIML", "RIMR",
                                       "AIBL", "AIBR", "ASHL", "ASHR", "AVDL", "AVDR"};
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("atlas", REG, &c), 0);
    for (int i = 0; i < 10; i++)
        for (int k = 0; k < 6; k++) {
            double v = (i + k) % 2 ? -(6.0 * i + k + 1) : 6.0 * i + k + 1;
            tu_add(c, "functional", N[i], N[(i + k + 1) % 12], i == 0 && k == 0 ? 900 : v);
        }
    assert_int_equal(ctome_connectome_finalise(c), 0);
    const char *path = tu_tmp_path(TMP, "atlas.png");
    assert_int_equal(ctome_plot_adjacency(c, "functional", "type", path), 0);
    json_t *d = tu_desc_of(path), *pn = tu_desc_panel(d, 0), *h = tu_desc_art(pn, "heatmap");
    assert_string_equal(tu_desc_axis_label(pn, "y"), "stimulated neuron");
    assert_string_equal(tu_desc_axis_label(pn, "x"), "responding neuron");
    assert_string_equal(json_string_value(json_object_get(h, "cmap")), "diverging");
    assert_true(tu_desc_num(h, "vmin") == -60 && tu_desc_num(h, "vmax") == 60);
    assert_int_equal((int)tu_desc_num(h, "cells_above"), 1);
    assert_int_equal((int)tu_desc_num(h, "cells_below"), 0);
    assert_int_equal((int)tu_desc_num(h, "nan_cells"), 24);
    /* the limits and the two kinds of empty cell are stated on the figure */
    assert_non_null(strstr(json_string_value(json_object_get(h, "colorbar_label")), "\u00b160 (99th pct"));
    assert_non_null(strstr(json_string_value(json_object_get(pn, "title")), "grey: not measured"));
    json_decref(d);
    ctome_connectome_free(c);
}

/* The bundled Randi export: the single 914 no longer sets the scale. */
static void test_randi_bundled(void **state)
{
    (void)state;
    ctome_connectome *c;
    assert_int_equal(ctome_dataset_load("randi2023-funconn", CTOME_TEST_DATA, REG, &c), 0);
    const char *path = tu_tmp_path(TMP, "randi.png");
    assert_int_equal(ctome_plot_adjacency(c, "functional", "type", path), 0);
    json_t *d = tu_desc_of(path), *h = tu_desc_art(tu_desc_panel(d, 0), "heatmap");
    /* tests/ref/figures_randi.sh: nearest-rank P99 of |nonzero| off-diagonal values */
    char line[256];
    double q99 = atof(tu_ref(line, sizeof line, "figures_ref.txt", "randi_q99"));
    assert_true(tu_desc_num(h, "vmax") == q99 && tu_desc_num(h, "vmin") == -q99);
    assert_true(tu_desc_num(h, "cells_above") + tu_desc_num(h, "cells_below") > 0);
    assert_true(tu_desc_num(h, "nan_cells") > 0);
    json_decref(d);
    ctome_connectome_free(c);
}

/* ---- issue 14 §4: the sweep heatmap ---- */

/* rho 0.019..0.076, all positive, one point blown up: sequential colours
 * over the data range, the values in the cells, the blown-up cell grey. */
static void test_sweep_heatmap(void **state)
{
    (void)state;
    double v1[2] = {0.001, 0.01}, v2[3] = {0.001, 0.01, 0.1};
    double rho[6] = {0.019, 0.031, 0.044, 0.052, 0.076, 0.5};
    int status[6] = {0, 0, 0, 0, 0, 2};
    ctome_ei_sweep s = {.n1 = 2, .n2 = 3, .v1 = v1, .v2 = v2, .rho = rho, .status = status};
    s.ax[0] = (ctome_sweep_axis){.param = 0, .lo = 0.001, .hi = 0.01, .n = 2, .log = 1};
    s.ax[1] = (ctome_sweep_axis){.param = 1, .lo = 0.001, .hi = 0.1, .n = 3, .log = 1};
    const char *path = tu_tmp_path(TMP, "sweep.png");
    assert_int_equal(ctome_plot_ei_sweep(&s, "sweep", path), 0);
    json_t *d = tu_desc_of(path), *h = tu_desc_art(tu_desc_panel(d, 0), "heatmap");
    assert_string_equal(json_string_value(json_object_get(h, "cmap")), "viridis");
    assert_true(tu_desc_num(h, "vmin") == 0.019 && tu_desc_num(h, "vmax") == 0.076);   /* the 0.5 blew up: not in the range */
    assert_int_equal((int)tu_desc_num(h, "nan_cells"), 1);
    json_t *ct = json_object_get(h, "cell_texts");
    assert_string_equal(json_string_value(json_array_get(ct, 0)), "0.019");
    assert_string_equal(json_string_value(json_array_get(ct, 4)), "0.076");
    assert_string_equal(json_string_value(json_array_get(ct, 5)), "");
    json_decref(d);
    /* values of both signs: diverging about 0 */
    rho[0] = -0.02;
    assert_int_equal(ctome_plot_ei_sweep(&s, "sweep", path), 0);
    d = tu_desc_of(path);
    h = tu_desc_art(tu_desc_panel(d, 0), "heatmap");
    assert_string_equal(json_string_value(json_object_get(h, "cmap")), "diverging");
    assert_true(tu_desc_num(h, "vmin") == -0.076 && tu_desc_num(h, "vmax") == 0.076);
    json_decref(d);
}

/* ---- issue 14 §5: the Mann-Whitney test against scipy ---- */

static void check_mwu(const char *name, const double *x, size_t n1, const double *y, size_t n2, int exact)
{
    ctome_mwu r;
    assert_int_equal(ctome_mann_whitney(x, n1, y, n2, &r), 0);
    char line[256];
    double u1, p;
    assert_int_equal(sscanf(tu_ref(line, sizeof line, "figures_ref.txt", "mwu_%s", name), "%lf %lf", &u1, &p), 2);
    assert_true(r.u1 == u1);   /* a half-integer: exact */
    /* exact: sums of products of ratios, 1e-12 relative; normal: GSL's Q vs scipy's, 1e-9 */
    if (fabs(r.p - p) > (exact ? 1e-12 : 1e-9) * p)
        fail_msg("%s: p %.17g, scipy %.17g", name, r.p, p);
    assert_int_equal(r.exact, exact);
}

static void test_mann_whitney(void **state)
{
    (void)state;
    const double a[4] = {1, 3, 5, 7}, b[5] = {2, 4, 6, 8, 10};
    check_mwu("exact44", a, 4, b, 5, 1);
    const double c[3] = {20, 21.5, 3.5};
    double d[12];
    for (int i = 0; i < 12; i++)
        d[i] = i;
    check_mwu("exact3_12", c, 3, d, 12, 1);
    const double e[7] = {1, 2, 2, 3, 3, 3, 4}, f[9] = {2, 3, 4, 4, 5, 5, 6, 7, 8};
    check_mwu("ties", e, 7, f, 9, 0);
    double x[25], y[30];
    for (int i = 0; i < 25; i++)
        x[i] = floor(10 * sin(1.3 * i));
    for (int i = 0; i < 30; i++)
        y[i] = floor(10 * sin(0.7 * i + 1) + 2);
    check_mwu("large", x, 25, y, 30, 0);
    /* by hand: 1 vs 2, no ties: U1 = 0, P(U' >= 2) = 1/3 of the 3 arrangements, p = 2/3 */
    const double g[1] = {0}, h[2] = {1, 2};
    ctome_mwu r;
    assert_int_equal(ctome_mann_whitney(g, 1, h, 2, &r), 0);
    assert_true(r.u1 == 0 && fabs(r.p - 2.0 / 3) < 1e-15);
    /* errors */
    assert_int_equal(ctome_mann_whitney(g, 0, h, 2, &r), CTOME_EINVAL);
    const double bad[2] = {1, NAN};
    assert_int_equal(ctome_mann_whitney(g, 1, bad, 2, &r), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "value 1 of sample 2"));
}

/* ---- issue 14 §5: the seRNN matched-accuracy figure ---- */

/* The committed 100-seed table: per measure one panel with every network a
 * point (94 seRNN and 92 L1 networks reach accuracy 0.9: >= 20 per group)
 * over a box, and the Mann-Whitney U and p of scipy as the panel title. */
static void test_sernn_matched(void **state)
{
    (void)state;
    char *tsv = tu_join(tu_tests_dir(), "../docs/sernn_matched100.tsv");
    ctome_sernn_row *rows;
    size_t n;
    assert_int_equal(ctome_sernn_table_read(tsv, &rows, &n), 0);
    free(tsv);
    const char *path = tu_tmp_path(TMP, "matched.png");
    assert_int_equal(ctome_plot_sernn_matched(rows, n, 0.9, "matched", path), 0);
    free(rows);
    json_t *d = tu_desc_of(path);
    static const char *const field[2] = {"q_weighted", "sigma"};
    for (size_t k = 0; k < 2; k++) {
        json_t *pn = tu_desc_panel(d, k);
        char line[512];
        int nse, nl1, off = 0;
        double u, p;
        const char *ref = tu_ref(line, sizeof line, "figures_ref.txt", "sernn_%s", field[k]);
        assert_int_equal(sscanf(ref, "%d %d %lf %lf %n", &nse, &nl1, &u, &p, &off), 4);
        assert_true(nse >= 20 && nl1 >= 20);
        assert_string_equal(json_string_value(json_object_get(pn, "title")), ref + off);
        /* one scatter per group holding every network, and a box (4 lines) each */
        json_t *arts = json_object_get(pn, "arts");
        assert_int_equal(json_array_size(arts), 10);
        assert_string_equal(json_string_value(json_object_get(json_array_get(arts, 0), "kind")), "scatter");
        assert_int_equal((int)tu_desc_num(json_array_get(arts, 0), "n"), nse);
        assert_string_equal(json_string_value(json_object_get(json_array_get(arts, 5), "kind")), "scatter");
        assert_int_equal((int)tu_desc_num(json_array_get(arts, 5), "n"), nl1);
        assert_int_equal((int)tu_desc_count(pn, "line"), 8);
        assert_int_equal((int)tu_desc_count(pn, "histogram"), 0);
        json_t *ticks = json_object_get(json_object_get(pn, "x"), "ticks");
        char want[64];
        snprintf(want, sizeof want, "seRNN (n = %d)", nse);
        assert_string_equal(json_string_value(json_array_get(ticks, 0)), want);
        snprintf(want, sizeof want, "L1 (n = %d)", nl1);
        assert_string_equal(json_string_value(json_array_get(ticks, 1)), want);
    }
    json_decref(d);
}

/* The box of 1..9 and 100 by hand: linear-interpolation quartiles of 10
 * values at positions 2.25, 4.5, 6.75 (0-based): q1 = 3.25, median = 5.5,
 * q3 = 7.75; IQR 4.5, upper fence 14.5, so the whisker ends at 9 and 100 is
 * a point beyond it; the lower whisker at 1 (fence -3.5). */
static void test_boxplot_stats(void **state)
{
    (void)state;
    ctome_plot *p;
    assert_int_equal(ctome_plot_new(200, 200, 1, 1, &p), 0);
    const double v[11] = {100, 9, 8, 7, 6, 5, 4, 3, 2, 1, NAN};
    ctome_box_stats b;
    assert_int_equal(ctome_axes_boxplot(ctome_plot_panel(p, 0, 0), 1, v, 11, 0, NULL, &b), 0);
    ctome_plot_free(p);
    assert_int_equal((int)b.n, 10);
    assert_true(b.q1 == 3.25 && b.median == 5.5 && b.q3 == 7.75 && b.lo == 1 && b.hi == 9);
}

/* ---- issue 14 §6: development and two-connectome figures ---- */

/* a: AVAL->AVAR 2, AVAL->AVBL 5, AVBL->AVBR 1; b: AVAL->AVAR 4, AVAL->AVBL 5,
 * RIML->RIMR 3.  Shared edges 2 (weights (2, 4), (5, 5)); only in a 1, only
 * in b 1; neurons: AVBR only in a, RIML and RIMR only in b, 3 in both. */
static void test_pair_figure(void **state)
{
    (void)state;
    ctome_connectome *a, *b;
    assert_int_equal(ctome_connectome_new("herm", REG, &a), 0);
    assert_int_equal(ctome_connectome_new("male", REG, &b), 0);
    tu_add(a, "chemical", "AVAL", "AVAR", 2);
    tu_add(a, "chemical", "AVAL", "AVBL", 5);
    tu_add(a, "chemical", "AVBL", "AVBR", 1);
    tu_add(b, "chemical", "AVAL", "AVAR", 4);
    tu_add(b, "chemical", "AVAL", "AVBL", 5);
    tu_add(b, "chemical", "RIML", "RIMR", 3);
    assert_int_equal(ctome_connectome_finalise(a), 0);
    assert_int_equal(ctome_connectome_finalise(b), 0);
    const char *path = tu_tmp_path(TMP, "pair.png");
    assert_int_equal(ctome_plot_connectome_pair(a, b, "chemical", "pair", path), 0);
    json_t *d = tu_desc_of(path), *A = tu_desc_panel(d, 0), *B = tu_desc_panel(d, 1);
    assert_int_equal((int)tu_desc_num(tu_desc_art(A, "scatter"), "n"), 2);
    /* Spearman of (2, 5) vs (4, 5): ranks agree, rho = 1 */
    assert_string_equal(json_string_value(json_object_get(A, "title")), "2 shared edges, Spearman \u03c1 = 1.00");
    assert_string_equal(tu_desc_axis_label(A, "x"), "herm (weight)");
    json_t *arts = json_object_get(B, "arts");
    json_t *he = json_object_get(json_array_get(arts, 0), "heights"), *hn = json_object_get(json_array_get(arts, 1), "heights");
    assert_true(json_number_value(json_array_get(he, 0)) == 1 && json_number_value(json_array_get(he, 1)) == 2 &&
                json_number_value(json_array_get(he, 2)) == 1);
    assert_true(json_number_value(json_array_get(hn, 0)) == 1 && json_number_value(json_array_get(hn, 1)) == 3 &&
                json_number_value(json_array_get(hn, 2)) == 2);
    assert_true((tu_desc_text(B, "only in herm (1): AVBR") != NULL));
    assert_true((tu_desc_text(B, "only in male (2): RIML, RIMR") != NULL));
    json_decref(d);
    ctome_connectome_free(a);
    ctome_connectome_free(b);
}

/* The Witvliet series: ticks by stage hours of the dataset table, the two
 * adults named as such (not "1>2 ... 7>8"). */
static void test_development_figure(void **state)
{
    (void)state;
    ctome_connectome *w[8];
    char id[32];
    for (int i = 0; i < 8; i++) {
        snprintf(id, sizeof id, "witvliet2021-%d", i + 1);
        assert_int_equal(ctome_dataset_load(id, CTOME_TEST_DATA, REG, &w[i]), 0);
    }
    ctome_comparison cmp;
    assert_int_equal(ctome_compare((const ctome_connectome *const *)w, 8, "chemical", &cmp), 0);
    const char *path = tu_tmp_path(TMP, "dev.png");
    assert_int_equal(ctome_plot_comparison(&cmp, "dev", path), 0);
    ctome_comparison_clear(&cmp);
    for (int i = 0; i < 8; i++)
        ctome_connectome_free(w[i]);
    json_t *d = tu_desc_of(path), *A = tu_desc_panel(d, 0);
    json_t *ticks = json_object_get(json_object_get(A, "x"), "ticks");
    /* the stages of `ctome datasets`: L1 0, 5, 8, 16 h, L2 23 h, L3 27 h, adult (50 h) twice */
    static const char *const want[7] = {"0 h\u21925 h", "5 h\u21928 h", "8 h\u219216 h", "16 h\u219223 h",
                                        "23 h\u219227 h", "27 h\u219250 h", "adult 7\u21928"};
    assert_int_equal(json_array_size(ticks), 7);
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(json_string_value(json_array_get(ticks, i)), want[i]);
    assert_non_null(strstr(tu_desc_axis_label(A, "x"), "witvliet2021-7 and witvliet2021-8 are both adult"));
    json_decref(d);
}

/* ---- issue 14 §7: traces ---- */

/* 120 unlabelled ROIs (#0 ... #119) alternating +-0.3 over 20 samples 0.5 s
 * apart.  Heatmap: too many rows to name all, so every ceil(120 / 50) = 3rd
 * is named: 40 ticks "#0", "#3", ...  Traces: by default 6 of the 120, said
 * in the panel title; every trace's 2nd-98th percentile range is 0.6, so
 * the scale bar is the largest 1-2-5 length <= 0.3: 0.2. */
static void test_traces_figure(void **state)
{
    (void)state;
    ctome_recording *r;
    assert_int_equal(ctome_recording_new("rec", 120, 20, &r), 0);
    for (size_t i = 0; i < 120; i++)
        for (size_t j = 0; j < 20; j++)
            r->traces[i * 20 + j] = j % 2 ? 0.3 : -0.3;
    for (size_t j = 0; j < 20; j++)
        r->time[j] = 0.5 * (double)j;
    const char *path = tu_tmp_path(TMP, "traces.png");
    assert_int_equal(ctome_plot_traces(r, NULL, 0, CTOME_CMAP_DIVERGING, path), 0);
    json_t *d = tu_desc_of(path), *A = tu_desc_panel(d, 0), *B = tu_desc_panel(d, 1);
    json_t *ticks = json_object_get(json_object_get(A, "y"), "ticks");
    assert_int_equal(json_array_size(ticks), 40);
    assert_string_equal(json_string_value(json_array_get(ticks, 1)), "#3");
    assert_string_equal(tu_desc_axis_label(A, "y"), "neuron (every 3rd named)");
    assert_int_equal((int)tu_desc_count(B, "line"), 7);   /* 6 traces and the scale bar */
    assert_non_null(strstr(json_string_value(json_object_get(B, "title")), "6 of 120 neurons"));
    assert_true((tu_desc_text(B, "0.2 activity") != NULL));
    json_decref(d);

    ctome_recording_free(r);
}

/* Structure-function: 4 unconnected pairs (functional 0, 0, 0, 1) and 6
 * connected (weights 1..6, functional 0, 2, 3, 4, 5, 6): the zeros are not
 * binned but given as shares: 3/4 = 75 % and 1/6 = 17 %. */
static void test_structfunc_zeros(void **state)
{
    (void)state;
    double st[10] = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6}, fn[10] = {0, 0, 0, 1, 0, 2, 3, 4, 5, 6};
    ctome_structfunc s = {.layer = "chemical", .functional = "F", .n_pairs = 10, .structural = st, .func = fn,
                          .rho = 0.5, .p = 0.01, .n_nulls = 10, .n_shared = 5};
    const char *path = tu_tmp_path(TMP, "sf.png");
    assert_int_equal(ctome_plot_structfunc(&s, "sf", NULL, path), 0);
    json_t *d = tu_desc_of(path);
    assert_string_equal(json_string_value(json_object_get(tu_desc_panel(d, 1), "title")),
                        "value 0 (not binned): 75% of weight-0, 17% of weight>0 pairs");
    json_decref(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe_heatmap_auto),
        cmocka_unit_test(test_describe_off),
        cmocka_unit_test(test_randi_adjacency),
        cmocka_unit_test(test_randi_bundled),
        cmocka_unit_test(test_sweep_heatmap),
        cmocka_unit_test(test_mann_whitney),
        cmocka_unit_test(test_sernn_matched),
        cmocka_unit_test(test_boxplot_stats),
        cmocka_unit_test(test_pair_figure),
        cmocka_unit_test(test_development_figure),
        cmocka_unit_test(test_traces_figure),
        cmocka_unit_test(test_structfunc_zeros),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
