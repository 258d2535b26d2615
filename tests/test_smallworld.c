/* test_smallworld.c — lattice reference, sigma and omega.
 *
 * References: networkx 2.8 means of average clustering and path length over
 * 100 degree-preserving nulls (tests/ref/smallworld_ref.py, output
 * tests/ref/smallworld_ref.txt), compared within sampling error; and the
 * known behaviour of the indices on ring lattices, Watts-Strogatz graphs
 * and random graphs (Humphries & Gurney 2008; Telesford et al. 2011). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "smallworld.h"
#include "testutil.h"
#include "topology.h"

/* The value of `graph key` in tests/ref/smallworld_ref.txt. */
static double ref(const char *graph, const char *key)
{
    char line[256];
    return strtod(tu_ref(line, sizeof line, "smallworld_ref.txt", "%s %s", graph, key), NULL);
}

static ctome_registry *REG;

/* Ring lattice: n vertices, each joined to its k/2 nearest on each side;
 * with probability p an edge's far end is moved to a random vertex (Watts &
 * Strogatz 1998), repeats and loops skipped (graph_from_edges merges). */
static ctome_graph *watts_strogatz(size_t n, int k, double p, uint64_t seed)
{
    size_t m = n * (size_t)k / 2;
    int32_t *s = malloc(m * sizeof *s), *d = malloc(m * sizeof *d);
    ctome_rng r;
    ctome_rng_seed(&r, seed, 0);
    size_t e = 0;
    for (size_t i = 0; i < n; i++)
        for (int j = 1; j <= k / 2; j++) {
            s[e] = (int32_t)i;
            d[e] = (int32_t)((i + (size_t)j) % n);
            if (ctome_rng_uniform(&r) < p)
                d[e] = (int32_t)ctome_rng_below(&r, n);
            e++;
        }
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_edges(n, s, d, NULL, m, 0, &g), CTOME_OK);
    free(s);
    free(d);
    return g;
}

static void check_same_degrees(const ctome_graph *a, const ctome_graph *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->m_und, b->m_und);
    for (size_t v = 0; v < a->n; v++)
        assert_int_equal(a->und_ptr[v + 1] - a->und_ptr[v], b->und_ptr[v + 1] - b->und_ptr[v]);
}

static void test_lattice_reference(void **state)
{
    (void)state;
    /* a random graph (p = 1) becomes clustered, degrees kept */
    ctome_graph *g = watts_strogatz(200, 8, 1.0, 3);
    ctome_rng r;
    ctome_rng_seed(&r, 11, 0);
    ctome_graph *l = NULL;
    assert_int_equal(ctome_lattice_reference(g, 200, &r, &l), CTOME_OK);
    check_same_degrees(g, l);
    double c0, c1;
    assert_int_equal(ctome_average_clustering(g, 0, &c0), CTOME_OK);
    assert_int_equal(ctome_average_clustering(l, 0, &c1), CTOME_OK);
    assert_true(c0 < 0.1);
    assert_true(c1 > 0.55);   /* a ring lattice of degree 8 has C = 9/14 = 0.64 */
    /* edges near the diagonal: mean ring distance far below random (n/4) */
    double dist = 0;
    for (size_t v = 0; v < l->n; v++)
        for (size_t e = l->und_ptr[v]; e < l->und_ptr[v + 1]; e++) {
            size_t dd = (size_t)abs(l->und_idx[e] - (int32_t)v);
            dist += dd < l->n - dd ? dd : l->n - dd;
        }
    dist /= (double)(2 * l->m_und);
    assert_true(dist < 10);
    /* reproducible from the generator state */
    ctome_rng_seed(&r, 11, 0);
    ctome_graph *l2 = NULL;
    assert_int_equal(ctome_lattice_reference(g, 200, &r, &l2), CTOME_OK);
    assert_memory_equal(l->und_idx, l2->und_idx, 2 * l->m_und * sizeof *l->und_idx);
    ctome_graph_free(l);
    ctome_graph_free(l2);
    ctome_graph_free(g);
    /* too small */
    int32_t s[1] = {0}, d[1] = {1};
    assert_int_equal(ctome_graph_from_edges(4, s, d, NULL, 1, 0, &g), CTOME_OK);
    assert_int_equal(ctome_lattice_reference(g, 200, &r, &l), CTOME_EVALUE);
    assert_null(l);
    ctome_graph_free(g);
}

/* Null means against networkx's, within sampling error (4 standard errors). */
static void check_means(const char *name, const ctome_graph *g, size_t n_rand)
{
    ctome_smallworld_opts o;
    ctome_smallworld_opts_default(&o);
    o.n_rand = n_rand;
    ctome_smallworld sw;
    assert_int_equal(ctome_small_world(g, &o, 1, &sw), CTOME_OK);
    assert_true(fabs(sw.c - ref(name, "C")) < 1e-12);
    assert_true(fabs(sw.l - ref(name, "L")) < 1e-12);
    double sc = ref(name, "C_rand_sd"), sl = ref(name, "L_rand_sd");
    double ec = 4 * sc * sqrt(1.0 / (double)n_rand + 1.0 / 100), el = 4 * sl * sqrt(1.0 / (double)n_rand + 1.0 / 100);
    if (fabs(sw.c_rand - ref(name, "C_rand_mean")) > ec ||
        fabs(sw.l_rand - ref(name, "L_rand_mean")) > el) {
        print_error("%s: C_r %.6f (networkx %.6f +- %.6f), L_r %.6f (networkx %.6f +- %.6f)\n", name,
                    sw.c_rand, ref(name, "C_rand_mean"), ec, sw.l_rand, ref(name, "L_rand_mean"), el);
        fail();
    }
    /* the definitions, from the parts */
    assert_true(fabs(sw.sigma - (sw.c / sw.c_rand) / (sw.l / sw.l_rand)) < 1e-15);
    assert_true(fabs(sw.omega - (sw.l_rand / sw.l - sw.c / sw.c_latt)) < 1e-15);
    assert_true(sw.c_latt >= sw.c);
    assert_true(sw.sigma > 1);
    assert_int_equal(sw.n_rand, n_rand);
    assert_true(sw.seed == 1);
}

static void test_karate(void **state)
{
    (void)state;
    ctome_graph *g = tu_karate();
    check_means("karate", g, 100);
    ctome_graph_free(g);
}

static void test_varshney(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/ref/varshney2011_chemical.tsv", tu_tests_dir());
    ctome_connectome *c = NULL;
    assert_int_equal(ctome_connectome_new("varshney", REG, &c), CTOME_OK);
    ctome_read_opts o = {0};
    o.layer = "chemical";
    assert_int_equal(ctome_read_edgelist(path, &o, c), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_layer(c, "chemical", NULL, &g), CTOME_OK);
    check_means("varshney2011_chemical", g, 20);
    ctome_graph_free(g);
    ctome_connectome_free(c);
}

/* sigma and omega order lattice < small world < random as they should. */
static void test_regimes(void **state)
{
    (void)state;
    ctome_smallworld_opts o;
    ctome_smallworld_opts_default(&o);
    o.n_rand = 5;
    ctome_smallworld lat, sw, rnd;
    ctome_graph *g = watts_strogatz(200, 8, 0.0, 1);
    assert_int_equal(ctome_small_world(g, &o, 1, &lat), CTOME_OK);
    ctome_graph_free(g);
    g = watts_strogatz(200, 8, 0.1, 1);
    assert_int_equal(ctome_small_world(g, &o, 1, &sw), CTOME_OK);
    ctome_graph_free(g);
    g = watts_strogatz(200, 8, 1.0, 1);
    assert_int_equal(ctome_small_world(g, &o, 1, &rnd), CTOME_OK);
    ctome_graph_free(g);
    /* ring lattice: C_latt = C, omega = L_r / L - 1, strongly negative */
    assert_true(lat.omega < -0.5);
    assert_true(fabs(lat.c_latt - lat.c) < 1e-12);
    /* small world: sigma well above 1, omega near 0 */
    assert_true(sw.sigma > 3);
    assert_true(fabs(sw.omega) < 0.4);
    /* random: sigma near 1, omega near 1 */
    assert_true(rnd.sigma > 0.5 && rnd.sigma < 2);
    assert_true(rnd.omega > 0.6);
}

static void test_reproducible(void **state)
{
    (void)state;
    ctome_graph *g = tu_karate();
    ctome_smallworld_opts o;
    ctome_smallworld_opts_default(&o);
    ctome_smallworld a, b, c;
    o.threads = 1;
    assert_int_equal(ctome_small_world(g, &o, 9, &a), CTOME_OK);
    o.threads = 2;
    assert_int_equal(ctome_small_world(g, &o, 9, &b), CTOME_OK);
    assert_memory_equal(&a, &b, sizeof a);
    assert_int_equal(ctome_small_world(g, &o, 10, &c), CTOME_OK);
    assert_true(c.c_rand != a.c_rand || c.l_rand != a.l_rand);
    ctome_graph_free(g);
}

/* Issue 11 item 4: Watts & Strogatz's own reference, G(n, m).  A G(n, m)
 * graph has exactly n vertices and m distinct edges; its expected
 * clustering is the edge probability p = m / C(n, 2) (Watts & Strogatz 1998:
 * C_random ~ k/n), and its mean path length (Fronczak, Fronczak & Holyst
 * 2004, Phys Rev E 70:056110) is (ln n - gamma) / ln <k> + 1/2, gamma =
 * 0.5772 (Euler).  n = 1000, m = 10000: p = 0.02002, <k> = 20, L = 2.613. */
static void test_gnm(void **state)
{
    (void)state;
    double c_sum = 0, l_sum = 0;
    for (uint64_t i = 0; i < 4; i++) {
        ctome_rng r;
        ctome_rng_seed(&r, 3, i);
        ctome_graph *g = NULL;
        assert_int_equal(ctome_gnm_graph(1000, 10000, &r, &g), CTOME_OK);
        assert_int_equal(g->n, 1000);
        assert_int_equal(g->m_und, 10000);
        assert_false(g->directed);
        double c, l;
        assert_int_equal(ctome_average_clustering(g, 0, &c), CTOME_OK);
        assert_int_equal(ctome_char_path_length(g, &l, NULL), CTOME_OK);
        c_sum += c;
        l_sum += l;
        ctome_graph_free(g);
    }
    assert_true(fabs(c_sum / 4 - 0.02002) < 0.0015);
    assert_true(fabs(l_sum / 4 - 2.613) < 0.05);
    /* sigma with the G(n, m) reference: the parts are reported and combine */
    ctome_graph *g = tu_karate();
    ctome_smallworld_opts o;
    ctome_smallworld_opts_default(&o);
    o.gnm = 1;
    o.n_rand = 20;
    ctome_smallworld a, b;
    o.threads = 1;
    assert_int_equal(ctome_small_world(g, &o, 4, &a), CTOME_OK);
    o.threads = 2;
    assert_int_equal(ctome_small_world(g, &o, 4, &b), CTOME_OK);
    assert_memory_equal(&a, &b, sizeof a);
    assert_true(fabs(a.sigma - (a.c / a.c_rand) / (a.l / a.l_rand)) < 1e-12);
    /* karate: 34 vertices, 78 edges, p = 0.139; vertices of degree < 2
     * count 0, so C_rand sits a little below p */
    assert_true(a.c_rand > 0.08 && a.c_rand < 0.16);
    o.gnm = 0;
    assert_int_equal(ctome_small_world(g, &o, 4, &b), CTOME_OK);
    assert_true(a.c_rand != b.c_rand);
    assert_true(fabs(a.c - b.c) < 1e-15 && fabs(a.c_latt - b.c_latt) < 1e-15);
    ctome_graph_free(g);
    /* no simple graph with more edges than pairs */
    ctome_rng r;
    ctome_rng_seed(&r, 1, 0);
    assert_int_equal(ctome_gnm_graph(4, 7, &r, &g), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "4 vertices and 7 edges"));
}

static void test_bad_input(void **state)
{
    (void)state;
    ctome_smallworld sw;
    ctome_smallworld_opts o;
    ctome_smallworld_opts_default(&o);
    ctome_graph *g = tu_karate();
    o.n_rand = 0;
    assert_int_equal(ctome_small_world(g, &o, 1, &sw), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "nulls"));
    assert_int_equal(ctome_small_world(NULL, NULL, 1, &sw), CTOME_EINVAL);
    ctome_graph_free(g);
    /* one edge */
    int32_t s[1] = {0}, d[1] = {1};
    assert_int_equal(ctome_graph_from_edges(3, s, d, NULL, 1, 0, &g), CTOME_OK);
    assert_int_equal(ctome_small_world(g, NULL, 1, &sw), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "2 edges"));
    ctome_graph_free(g);
    /* a complete graph cannot be rewired */
    int32_t s4[6] = {0, 0, 0, 1, 1, 2}, d4[6] = {1, 2, 3, 2, 3, 3};
    assert_int_equal(ctome_graph_from_edges(4, s4, d4, NULL, 6, 0, &g), CTOME_OK);
    assert_int_not_equal(ctome_small_world(g, NULL, 1, &sw), CTOME_OK);
    ctome_graph_free(g);
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
        cmocka_unit_test(test_lattice_reference), cmocka_unit_test(test_karate),
        cmocka_unit_test(test_varshney),          cmocka_unit_test(test_regimes),
        cmocka_unit_test(test_reproducible),      cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_gnm),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
