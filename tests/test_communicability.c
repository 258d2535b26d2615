/* test_communicability.c — expm (eigen and Padé routes) and binary / weighted
 * communicability.
 *
 * References: hand values (2-cycle: cosh 1, sinh 1; a nilpotent chain: I + A
 * + A^2/2), the weighted 3-node example of docs/methods.md
 * ("Spatially embedded RNNs", Regulariser: Reference), and scipy.linalg.expm values
 * from tests/ref/communicability_ref.py (output
 * tests/ref/communicability_ref.txt) on small directed graphs and on two
 * exported C. elegans layers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "communicability.h"
#include "ctome.h"
#include "testutil.h"

#define assert_close(a, b, tol)                                                                    \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol) * (1 + fabs(b_)))) {                                          \
            print_error("%s = %.15g, expected %.15g (tol %g)\n", #a, a_, b_, (double)(tol));       \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

/* The value of `graph form key` in tests/ref/communicability_ref.txt. */
static double ref(const char *graph, const char *form, const char *key)
{
    char line[512];
    return strtod(tu_ref(line, sizeof line, "communicability_ref.txt", "%s %s %s", graph, form, key), NULL);
}

static ctome_registry *REG;

static void load_layer(const char *file, const char *layer, ctome_connectome **c, ctome_graph **g)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/ref/%s", tu_tests_dir(), file);
    assert_int_equal(ctome_connectome_new(file, REG, c), CTOME_OK);
    ctome_read_opts o = {0};
    o.layer = layer;
    int rc = ctome_read_edgelist(path, &o, *c);
    if (rc)
        print_error("%s\n", ctome_error_message());
    assert_int_equal(rc, CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(*c), CTOME_OK);
    assert_int_equal(ctome_graph_from_layer(*c, layer, NULL, g), CTOME_OK);
}

/* Vertex of the neuron `name` in g. */
static size_t vertex(const ctome_connectome *c, const ctome_graph *g, const char *name)
{
    int node = ctome_connectome_find(c, name);
    assert_true(node >= 0);
    for (size_t v = 0; v < g->n; v++)
        if (g->node[v] == node)
            return v;
    fail_msg("%s is not a vertex", name);
    return 0;
}

static void test_two_cycle(void **state)
{
    (void)state;
    /* expm([[0,1],[1,0]]) = [[cosh 1, sinh 1], [sinh 1, cosh 1]] */
    const double a[4] = {0, 1, 1, 0};
    double e[4], p[4];
    assert_int_equal(ctome_expm_sym(2, a, e), CTOME_OK);
    assert_int_equal(ctome_expm_pade(2, a, p), CTOME_OK);
    for (int i = 0; i < 4; i++) {
        double want = (i == 0 || i == 3) ? cosh(1.0) : sinh(1.0);
        assert_close(e[i], want, 1e-14);
        assert_close(p[i], want, 1e-14);
    }
    /* the graph route: a 2-vertex undirected layer, binary */
    int32_t s = 0, d = 1;
    double w = 5;
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_edges(2, &s, &d, &w, 1, 0, &g), CTOME_OK);
    double *c = NULL;
    assert_int_equal(ctome_communicability(g, 0, &c), CTOME_OK);
    assert_close(c[1], sinh(1.0), 1e-14);
    free(c);
    /* weighted: 5 / sqrt(5 * 5) = 1, the same matrix */
    assert_int_equal(ctome_communicability(g, 1, &c), CTOME_OK);
    assert_close(c[0], cosh(1.0), 1e-14);
    assert_close(c[2], sinh(1.0), 1e-14);
    free(c);
    ctome_graph_free(g);
}

static void test_w3_weighted(void **state)
{
    (void)state;
    /* W = [[0,1,0],[1,0,2],[0,2,0]]: strengths 1, 3, 2 */
    const double w[9] = {0, 1, 0, 1, 0, 2, 0, 2, 0};
    double c[9];
    assert_int_equal(ctome_communicability_dense(3, w, 1, c), CTOME_OK);
    assert_close(c[1], 0.6785027255, 1e-10);
    assert_close(c[2], 0.2560106664, 1e-10);
    assert_close(c[5], 0.9595477565, 1e-10);
    assert_close(c[3], c[1], 1e-15);
    char key[8];
    for (int i = 0; i < 9; i++) {
        snprintf(key, sizeof key, "%d%d", i / 3, i % 3);
        assert_close(c[i], ref("w3", "weighted", key), 1e-13);
    }
}

static void test_directed_small(void **state)
{
    (void)state;
    char key[8];
    /* chain 0 -> 1 -> 2: binary expm = I + A + A^2 / 2 (nilpotent), Padé route */
    const double chain[9] = {0, 2, 0, 0, 0, 3, 0, 0, 0};
    const double hand[9] = {1, 1, 0.5, 0, 1, 1, 0, 0, 1};
    double c[9];
    assert_int_equal(ctome_communicability_dense(3, chain, 0, c), CTOME_OK);
    for (int i = 0; i < 9; i++) {
        snprintf(key, sizeof key, "%d%d", i / 3, i % 3);
        assert_close(c[i], hand[i], 1e-14);
        assert_close(c[i], ref("chain", "binary", key), 1e-14);
    }
    /* 0 -> 1 (2), 1 -> 2 (3), 0 -> 2 (1), 2 -> 1 (4): vs scipy.linalg.expm */
    const double tri[9] = {0, 2, 1, 0, 0, 3, 0, 4, 0};
    assert_int_equal(ctome_communicability_dense(3, tri, 0, c), CTOME_OK);
    for (int i = 0; i < 9; i++) {
        snprintf(key, sizeof key, "%d%d", i / 3, i % 3);
        assert_close(c[i], ref("tri", "binary", key), 1e-13);
    }
    assert_int_equal(ctome_communicability_dense(3, tri, 1, c), CTOME_OK);
    for (int i = 0; i < 9; i++) {
        snprintf(key, sizeof key, "%d%d", i / 3, i % 3);
        assert_close(c[i], ref("tri", "weighted", key), 1e-13);
    }
    /* the graph route gives the same */
    int32_t s[4] = {0, 1, 0, 2}, d[4] = {1, 2, 2, 1};
    double w[4] = {2, 3, 1, 4};
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_edges(3, s, d, w, 4, 1, &g), CTOME_OK);
    double *gc = NULL;
    assert_int_equal(ctome_communicability(g, 1, &gc), CTOME_OK);
    for (int i = 0; i < 9; i++)
        assert_close(gc[i], c[i], 1e-15);
    free(gc);
    ctome_graph_free(g);
}

/* Pade route on a large-norm matrix: expm(t J) of a nilpotent-free rotation
 * generator is a rotation: [[cos t, sin t], [-sin t, cos t]]. */
static void test_pade_scaling(void **state)
{
    (void)state;
    const double t = 40;   /* ||A||_1 = 40 > θ13: 3 squarings */
    const double a[4] = {0, t, -t, 0};
    double e[4];
    assert_int_equal(ctome_expm_pade(2, a, e), CTOME_OK);
    assert_close(e[0], cos(t), 1e-12);
    assert_close(e[1], sin(t), 1e-12);
    assert_close(e[2], -sin(t), 1e-12);
    assert_close(e[3], cos(t), 1e-12);
    /* ctome_expm picks Padé for a non-symmetric matrix */
    double f[4];
    assert_int_equal(ctome_expm(2, a, f), CTOME_OK);
    assert_memory_equal(e, f, sizeof e);
}

/* Relative Frobenius distance. */
static double rel_diff(const double *a, const double *b, size_t nn)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < nn; i++) {
        num += (a[i] - b[i]) * (a[i] - b[i]);
        den += b[i] * b[i];
    }
    return sqrt(num / den);
}

static void check_layer(const char *file, const char *layer, const char *name)
{
    ctome_connectome *c = NULL;
    ctome_graph *g = NULL;
    load_layer(file, layer, &c, &g);
    static const char *const pairs[3][2] = {{"AVAL", "AVAR"}, {"AVAL", "PVCL"}, {"RIBL", "AVBL"}};
    for (int weighted = 0; weighted <= 1; weighted++) {
        const char *form = weighted ? "weighted" : "binary";
        double *m = NULL;
        assert_int_equal(ctome_communicability(g, weighted, &m), CTOME_OK);
        size_t n = g->n;
        double tr = 0, sum = 0;
        for (size_t i = 0; i < n; i++) {
            tr += m[i * n + i];
            for (size_t j = 0; j < n; j++)
                sum += m[i * n + j];
        }
        assert_close(tr, ref(name, form, "trace"), 1e-10);
        assert_close(sum, ref(name, form, "sum"), 1e-10);
        for (int p = 0; p < 3; p++) {
            char key[64];
            snprintf(key, sizeof key, "%s-%s", pairs[p][0], pairs[p][1]);
            size_t u = vertex(c, g, pairs[p][0]), v = vertex(c, g, pairs[p][1]);
            assert_close(m[u * n + v], ref(name, form, key), 1e-9);
        }
        free(m);
    }
    ctome_graph_free(g);
    ctome_connectome_free(c);
}

static void test_varshney_chemical(void **state)
{
    (void)state;
    check_layer("varshney2011_chemical.tsv", "chemical", "varshney2011_chemical");
}

static void test_cook_electrical(void **state)
{
    (void)state;
    check_layer("cook2019-herm_electrical.tsv", "electrical", "cook2019-herm_electrical");
}

/* The two routes agree on a symmetric real layer. */
static void test_pade_vs_eigen(void **state)
{
    (void)state;
    ctome_connectome *c = NULL;
    ctome_graph *g = NULL;
    load_layer("cook2019-herm_electrical.tsv", "electrical", &c, &g);
    size_t n = g->n, nn = n * n;
    double *a = calloc(nn, sizeof *a), *b = calloc(nn, sizeof *b);
    double *e = malloc(nn * sizeof *e), *p = malloc(nn * sizeof *p);
    assert_true(a && b && e && p);
    for (size_t v = 0; v < n; v++)
        for (size_t k = g->out_ptr[v]; k < g->out_ptr[v + 1]; k++) {
            a[v * n + (size_t)g->out_idx[k]] = 1;   /* binary: norm ~ max degree */
            b[v * n + (size_t)g->out_idx[k]] = g->out_w[k] / 100;
        }
    assert_int_equal(ctome_expm_sym(n, a, e), CTOME_OK);
    assert_int_equal(ctome_expm_pade(n, a, p), CTOME_OK);
    assert_true(rel_diff(p, e, nn) < 1e-10);
    assert_int_equal(ctome_expm_sym(n, b, e), CTOME_OK);
    assert_int_equal(ctome_expm_pade(n, b, p), CTOME_OK);
    assert_true(rel_diff(p, e, nn) < 1e-10);
    free(a);
    free(b);
    free(e);
    free(p);
    ctome_graph_free(g);
    ctome_connectome_free(c);
}

static void test_bad_input(void **state)
{
    (void)state;
    double out[4];
    const double a[4] = {0, 1, 1, 0};
    assert_int_equal(ctome_expm_sym(0, a, out), CTOME_EINVAL);
    assert_int_equal(ctome_expm_pade(2, NULL, out), CTOME_EINVAL);
    assert_int_equal(ctome_expm(2, a, NULL), CTOME_EINVAL);
    const double bad[4] = {0, NAN, 1, 0};
    assert_int_equal(ctome_expm_pade(2, bad, out), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "non-finite"));
    /* overflow: e^800 */
    const double big[4] = {0, 800, 800, 0};
    assert_int_equal(ctome_expm_sym(2, big, out), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "overflows"));
    /* negative weights cannot be normalised by strengths */
    const double neg[4] = {0, -1, -1, 0};
    assert_int_equal(ctome_communicability_dense(2, neg, 1, out), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "non-negative"));
    /* binary reads a negative weight as an edge */
    assert_int_equal(ctome_communicability_dense(2, neg, 0, out), CTOME_OK);
    assert_close(out[1], sinh(1.0), 1e-14);
    /* graph without edges */
    ctome_graph *g = NULL;
    double *m = NULL;
    assert_int_equal(ctome_graph_from_edges(3, NULL, NULL, NULL, 0, 1, &g), CTOME_OK);
    assert_int_equal(ctome_communicability(g, 0, &m), CTOME_EVALUE);
    assert_null(m);
    ctome_graph_free(g);
    assert_int_equal(ctome_communicability(NULL, 0, &m), CTOME_EINVAL);
}

static int setup(void **state)
{
    (void)state;
    return ctome_registry_load(CTOME_TEST_DATA, &REG) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    ctome_registry_free(REG);
    return 0;
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_cycle),       cmocka_unit_test(test_w3_weighted),
        cmocka_unit_test(test_directed_small),  cmocka_unit_test(test_pade_scaling),
        cmocka_unit_test(test_varshney_chemical), cmocka_unit_test(test_cook_electrical),
        cmocka_unit_test(test_pade_vs_eigen),   cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
