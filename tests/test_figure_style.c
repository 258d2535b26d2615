/* test_figure_style.c — issue 14 §7 and §9, checked on the figure
 * descriptions (plot.h: ctome_plot_describe, "<figure>.json"):
 *   - the paper-check figures of `ctome reproduce --plot` are drawn in the
 *     shared style: CTOME_PLOT_PANEL_W x CTOME_PLOT_PANEL_H per panel, the
 *     default font and resolution, and only palette colours or the reference
 *     grey (the checker is shown to catch a foreign colour, a resized canvas
 *     and a changed font);
 *   - the swim transfer figure marks the body the weights were trained on
 *     (or says it is unknown, or is outside the range drawn);
 *   - a figure that encodes a value in node size (the seRNN network) has a
 *     legend of sizes whose entries are the sizes drawn, labelled with the
 *     strength range each stands for (derived by hand below).
 */
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

#include "ctome.h"
#include "error.h"
#include "plot.h"
#include "reproduce.h"
#include "reproduce_figs.h"
#include "sernn_figs.h"
#include "swim_figs.h"
#include "testutil.h"

static char *TMP;

static int setup(void **state)
{
    (void)state;
    return tu_plot_setup("figstyle", 1, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_plot_teardown(TMP);
}

/* ---- §9: the shared style ---- */

static void hex(ctome_rgba c, char out[8])
{
    snprintf(out, 8, "#%02x%02x%02x", (unsigned)lround(255 * c.r), (unsigned)lround(255 * c.g),
             (unsigned)lround(255 * c.b));
}

/* How many ways the description departs from the shared style for a row of
 * `cols` small panels: canvas size, font, dpi, and each item whose colour is
 * neither a palette colour nor the reference grey. */
static int style_departures(json_t *d, int cols)
{
    int bad = 0;
    bad += tu_desc_num(d, "width_pt") != CTOME_PLOT_PANEL_W * cols;
    bad += tu_desc_num(d, "height_pt") != CTOME_PLOT_PANEL_H;
    bad += tu_desc_num(d, "font_pt") != CTOME_PLOT_FONT_PT;
    bad += tu_desc_num(d, "dpi") != CTOME_PLOT_DPI;
    char ok[CTOME_PLOT_PALETTE_N + 1][8];
    for (size_t i = 0; i < CTOME_PLOT_PALETTE_N; i++)
        hex(ctome_plot_palette(i), ok[i]);
    hex(ctome_plot_reference_grey(), ok[CTOME_PLOT_PALETTE_N]);
    size_t ip, ia;
    json_t *pn, *a;
    json_array_foreach(json_object_get(d, "panels"), ip, pn)
    {
        json_array_foreach(json_object_get(pn, "arts"), ia, a)
        {
            const char *c = json_string_value(json_object_get(a, "color"));
            if (!c)
                continue;   /* texts, heatmaps */
            int found = 0;
            for (size_t k = 0; k <= CTOME_PLOT_PALETTE_N; k++)
                found |= strcmp(c, ok[k]) == 0;
            if (!found) {
                print_message("colour %s of a %s is not the shared style's\n", c,
                              json_string_value(json_object_get(a, "kind")));
                bad++;
            }
        }
    }
    return bad;
}

static void add_claim(ctome_repro_paper *p, const char *id, double paper, double value, ctome_verdict v)
{
    ctome_claim *c = &p->claims[p->n_claims++];
    memset(c, 0, sizeof *c);
    c->paper = p->key;
    c->id = id;
    c->paper_value = paper;
    c->value = value;
    c->verdict = v;
}

/* Every kind of panel the reproduce figure draws: the ratio panel (both
 * verdicts), a bar series with tick labels, a point series with a reference
 * line; then a line series alone. */
static void test_reproduce_style(void **state)
{
    (void)state;
    ctome_claim claims[3];
    ctome_repro_paper p;
    memset(&p, 0, sizeof p);
    p.key = "stylecheck";
    p.seed = 1;
    p.claims = claims;
    p.cap = 3;
    add_claim(&p, "a", 2.0, 2.1, CTOME_REPRODUCED);
    add_claim(&p, "b", 10.0, 4.0, CTOME_DIFFERS);
    add_claim(&p, "q", NAN, 1.0, CTOME_REPRODUCED);   /* qualitative: not on the ratio panel */
    ctome_repro_series *s = &p.series[0];
    snprintf(s->title, sizeof s->title, "bars");
    snprintf(s->ylabel, sizeof s->ylabel, "count");
    s->n = 3;
    for (size_t i = 0; i < 3; i++) {
        s->x[i] = (double)i;
        s->y[i] = (double)(i + 1);
        snprintf(s->xtick[i], sizeof s->xtick[i], "t%zu", i);
    }
    s->ref = NAN;
    s = &p.series[1];
    snprintf(s->title, sizeof s->title, "points");
    snprintf(s->ylabel, sizeof s->ylabel, "y");
    s->n = 4;
    for (size_t i = 0; i < 4; i++) {
        s->x[i] = 3.0 - (double)i;
        s->y[i] = (double)(i * i);
    }
    s->points = 1;
    s->ref = 2;
    p.n_series = 2;
    const char *path = tu_tmp_path(TMP, "repro.png");
    assert_int_equal(ctome_plot_reproduce(&p, path), CTOME_OK);
    json_t *d = tu_desc_of(path);
    assert_int_equal(json_array_size(json_object_get(d, "panels")), 3);
    /* the check sees the colours it must: 2 scatters + hline, bars, scatter + hline */
    assert_string_equal(json_string_value(json_object_get(tu_desc_art(tu_desc_panel(d, 1), "bars"), "color")),
                        "#0072b2");   /* Okabe-Ito blue (0, 114, 178) */
    assert_int_equal(style_departures(d, 3), 0);
    json_decref(d);
    /* a line series alone: one panel */
    ctome_repro_paper q = p;
    q.n_claims = 1;
    q.claims[0].paper_value = NAN;
    q.n_series = 1;
    q.series[0].points = 0;
    q.series[0].xtick[0][0] = 0;
    path = tu_tmp_path(TMP, "repro1.png");
    assert_int_equal(ctome_plot_reproduce(&q, path), CTOME_OK);
    d = tu_desc_of(path);
    assert_non_null(tu_desc_art(tu_desc_panel(d, 0), "line"));
    assert_int_equal(style_departures(d, 1), 0);
    json_decref(d);
    /* the checker itself: a foreign grey, another canvas size and font are caught */
    ctome_plot *pl;
    assert_int_equal(ctome_plot_new(CTOME_PLOT_PANEL_W + 10, CTOME_PLOT_PANEL_H, 1, 1, &pl), CTOME_OK);
    assert_int_equal(ctome_plot_set_font_size(pl, 9), CTOME_OK);
    double x[2] = {0, 1};
    assert_int_equal(ctome_axes_line(ctome_plot_panel(pl, 0, 0), x, x, 2,
                                     &(ctome_style){.color = {0.5, 0.5, 0.5, 1}}),
                     CTOME_OK);
    path = tu_tmp_path(TMP, "foreign.png");
    assert_int_equal(ctome_plot_save(pl, path), CTOME_OK);
    ctome_plot_free(pl);
    d = tu_desc_of(path);
    assert_int_equal(style_departures(d, 1), 3);
    json_decref(d);
}

/* ---- §7: swim transfer marks the training body ---- */

static void test_transfer_mark(void **state)
{
    (void)state;
    const int links[5] = {3, 4, 5, 6, 7};
    const double mean[5] = {300, 700, 800, 900, 910}, sd[5] = {5, 5, 5, 5, 5};
    struct {
        int trained;
        const char *text;
        double x;
    } cases[] = {
        {5, "trained on 5 links", 2},   /* links[2] == 5: bar 2 */
        {9, "trained on 9 links (not in the range shown)", -0.5},
        {0, "training body unknown (checkpoint does not record it)", -0.5},
    };
    for (size_t k = 0; k < 3; k++) {
        const char *path = tu_tmp_path(TMP, "transfer.png");
        assert_int_equal(ctome_swim_fig_transfer_trained(links, mean, sd, 5, cases[k].trained, "t", path), CTOME_OK);
        json_t *d = tu_desc_of(path), *pn = tu_desc_panel(d, 0);
        json_t *t = tu_desc_text(pn, "train");
        assert_non_null(t);
        assert_string_equal(json_string_value(json_object_get(t, "text")), cases[k].text);
        assert_true(tu_desc_num(t, "x") == cases[k].x);
        /* above the highest bar + sd (915), inside the y range (0 .. 1.22 x 915) */
        double y = tu_desc_num(t, "y"), hi = json_number_value(json_array_get(
                                               json_object_get(json_object_get(pn, "y"), "limits"), 1));
        assert_true(y > 915 && y < hi);
        /* the dashed line through the trained bar only when it is drawn */
        assert_int_equal(tu_desc_count(pn, "line"), 1 + (k == 0));   /* + the error bars */
        json_decref(d);
    }
    /* untrained weights: no mark at all */
    const char *path = tu_tmp_path(TMP, "untrained.png");
    assert_int_equal(ctome_swim_fig_transfer(links, mean, sd, 5, "t", path), CTOME_OK);
    json_t *d = tu_desc_of(path);
    assert_null(tu_desc_text(tu_desc_panel(d, 0), "train"));
    json_decref(d);
}

/* ---- §7: node-size legends ---- */

/* Four units; W (rows = targets) has |W_01| = 1 and |W_23| = 3, so the unit
 * strengths (in + out) are s = 1, 1, 3, 3 and the largest is 3.  Classes
 * floor(4 s / 3) capped at 3: units 0, 1 in class 1 (drawn at 3 + 2.5 = 5.5
 * pt), units 2, 3 in class 3 (10.5 pt); class c covers s in [3c/4, 3(c+1)/4):
 * "0.75-1.5" and "2.25-3". */
static void test_size_legend(void **state)
{
    (void)state;
    float W[16] = {0};
    W[0 * 4 + 1] = 1;
    W[2 * 4 + 3] = -3;
    double pos[12] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0};
    const char *path = tu_tmp_path(TMP, "sernn_net.png");
    assert_int_equal(ctome_plot_sernn_network(W, 4, pos, 0.5, "net", path), CTOME_OK);
    json_t *d = tu_desc_of(path), *pn = tu_desc_panel(d, 0);
    json_t *leg = json_object_get(pn, "legend"), *sz = json_object_get(pn, "legend_marker_sizes");
    assert_int_equal(json_array_size(leg), 2);
    assert_string_equal(json_string_value(json_array_get(leg, 0)), "\u03a3|W| 0.75\u20131.5");
    assert_string_equal(json_string_value(json_array_get(leg, 1)), "2.25\u20133");
    assert_int_equal(json_array_size(sz), 2);
    assert_true(json_number_value(json_array_get(sz, 0)) == 5.5);
    assert_true(json_number_value(json_array_get(sz, 1)) == 10.5);
    /* the legend's sizes are the sizes drawn */
    size_t i, n = 0;
    json_t *a;
    json_array_foreach(json_object_get(pn, "arts"), i, a)
    {
        if (strcmp(json_string_value(json_object_get(a, "kind")), "scatter") == 0) {
            double m = tu_desc_num(a, "marker_size");
            assert_true(m == 5.5 || m == 10.5);
            assert_int_equal(json_integer_value(json_object_get(a, "n")), 2);
            n++;
        }
    }
    assert_int_equal(n, 2);
    json_decref(d);
    /* bad entries */
    ctome_plot *pl;
    assert_int_equal(ctome_plot_new(100, 100, 1, 1, &pl), CTOME_OK);
    double bad = 0;
    const char *lab = "x";
    assert_int_equal(ctome_axes_size_legend(ctome_plot_panel(pl, 0, 0), &bad, &lab, 1, (ctome_rgba){0}),
                     CTOME_EINVAL);
    assert_int_equal(ctome_axes_size_legend(ctome_plot_panel(pl, 0, 0), NULL, &lab, 1, (ctome_rgba){0}),
                     CTOME_EINVAL);
    ctome_plot_free(pl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reproduce_style),
        cmocka_unit_test(test_transfer_mark),
        cmocka_unit_test(test_size_legend),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
