/* The statistic set of `ctome stats` (lib/analysis/stats.c): the assembly of
 * topology, nulls, rich-club normalisation and motif z-scores.  The measures
 * themselves are pinned in test_topology, test_nulls, test_motifs and
 * test_modularity; here: invariants a correct null pass must keep, thread
 * independence, and the bad inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "stats.h"
#include "testutil.h"

static ctome_registry *reg;
static ctome_connectome *varshney;

static ctome_graph *layer_graph(const char *layer)
{
    ctome_graph *g;
    if (ctome_graph_from_layer(varshney, layer, NULL, &g))
        fail_msg("%s", ctome_error_message());
    return g;
}

/* Undirected layer: a degree-preserving null keeps N_{>k} and the number of
 * edges, so phi(0) = 2m / (n(n-1)) of every null equals the observed one
 * (null mean == phi(0), sd 0).  This pins the undirected view the null pass
 * builds from each null's edge list. */
static void test_undirected_invariant(void **state)
{
    (void)state;
    ctome_graph *g = layer_graph("electrical");
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.n_nulls = 20;
    o.modularity_runs = 5;
    o.no_smallworld = 1;
    ctome_stats s;
    assert_int_equal(ctome_stats_compute(varshney, g, &o, &s), CTOME_OK);
    assert_true(s.rc_n > 10);
    double phi0 = 2.0 * (double)g->m_und / ((double)g->n * (double)(g->n - 1));
    assert_true(fabs(s.rc_phi[0] - phi0) < 1e-15);
    assert_true(fabs(s.rc_null_mean[0] - phi0) < 1e-15);
    assert_true(s.rc_null_sd[0] < 1e-15);
    assert_true(fabs(s.rc_norm[0] - 1.0) < 1e-12);
    /* every null is >= phi(0): p = (1 + 20) / 21 */
    assert_true(fabs(s.rc_p[0] - 1.0) < 1e-15);
    assert_false(s.has_motifs);
    assert_true(isnan(s.motif_z[0]));
    assert_true(s.n_modules >= 2 && s.q > 0.3);
    ctome_stats_clear(&s);
    ctome_graph_free(g);
}

static void test_threads_identical(void **state)
{
    (void)state;
    ctome_graph *g = layer_graph("chemical");
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.n_nulls = 16;
    o.modularity_runs = 5;
    o.no_smallworld = 1;
    o.nodes = 1;
    ctome_stats a, b;
    o.threads = 1;
    assert_int_equal(ctome_stats_compute(varshney, g, &o, &a), CTOME_OK);
    o.threads = 2;
    assert_int_equal(ctome_stats_compute(varshney, g, &o, &b), CTOME_OK);
    assert_int_equal(a.rc_n, b.rc_n);
    assert_memory_equal(a.rc_null_mean, b.rc_null_mean, a.rc_n * sizeof(double));
    assert_memory_equal(a.rc_null_sd, b.rc_null_sd, a.rc_n * sizeof(double));
    assert_true(a.has_motifs);
    assert_memory_equal(a.motif_null_mean, b.motif_null_mean, sizeof a.motif_null_mean);
    assert_memory_equal(a.motif_z, b.motif_z, sizeof a.motif_z);
    assert_memory_equal(a.participation, b.participation, g->n * sizeof(double));
    /* observed motif counts of a directed layer are whole numbers, z finite
     * for the common classes */
    assert_true(a.motif_count[0] > 0 && a.motif_count[0] == floor(a.motif_count[0]));
    assert_true(isfinite(a.motif_z[12]));
    /* rich-club membership follows the onset level */
    for (size_t v = 0; v < g->n; v++) {
        size_t d = g->und_ptr[v + 1] - g->und_ptr[v];
        assert_int_equal(a.rich_club_member[v], a.rc_level >= 0 && (long)d > a.rc_level);
    }
    ctome_stats_clear(&a);
    ctome_stats_clear(&b);
    ctome_graph_free(g);
}

static void test_nulls_only(void **state)
{
    (void)state;
    ctome_graph *g = layer_graph("chemical");
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.n_nulls = 4;
    o.nulls_only = 1;
    ctome_stats s;
    assert_int_equal(ctome_stats_compute(NULL, g, &o, &s), CTOME_OK);
    assert_int_equal(s.topo.n_nodes, 279);
    assert_int_equal(s.topo.n_edges, 2194);
    assert_true(isnan(s.topo.transitivity) && isnan(s.q) && isnan(s.sigma));
    assert_true(s.rc_n > 0 && isfinite(s.rc_null_mean[0]));
    ctome_stats_clear(&s);
    ctome_graph_free(g);
}

static void test_errors(void **state)
{
    (void)state;
    ctome_graph *g = layer_graph("chemical");
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.n_nulls = 0;
    ctome_stats s;
    assert_int_equal(ctome_stats_compute(varshney, g, &o, &s), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "at least 1"));
    o.n_nulls = 2;
    o.model = CTOME_NULL_GEOMETRY;   /* no positions given */
    assert_int_not_equal(ctome_stats_compute(varshney, g, &o, &s), CTOME_OK);
    assert_non_null(strstr(ctome_error_message(), "position"));
    ctome_graph_free(g);
}

int main(void)
{
    ctome_init();
    reg = tu_registry();
    if (ctome_dataset_load("varshney2011", CTOME_TEST_DATA, reg, &varshney))
        fail_msg("%s", ctome_error_message());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_undirected_invariant),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_nulls_only),
        cmocka_unit_test(test_errors),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ctome_connectome_free(varshney);
    ctome_registry_free(reg);
    return rc;
}
