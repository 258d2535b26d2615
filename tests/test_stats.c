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

/* Issue 11 item 3: the rich club of a directed layer is normalised against
 * nulls of its undirected simple graph, which keep every undirected degree:
 * phi_null(0) = phi(0) for every null, so phi_norm(0) = 1 (directed
 * Maslov-Sneppen nulls lose reciprocal pairs and gave 0.92 on this layer). */
static void test_rich_club_undirected_nulls(void **state)
{
    (void)state;
    ctome_graph *g = layer_graph("chemical");
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.n_nulls = 20;
    o.nulls_only = 1;
    ctome_stats s;
    assert_int_equal(ctome_stats_compute(varshney, g, &o, &s), CTOME_OK);
    double phi0 = 2.0 * (double)g->m_und / ((double)g->n * (double)(g->n - 1));
    assert_true(fabs(s.rc_phi[0] - phi0) < 1e-15);
    assert_true(fabs(s.rc_norm[0] - 1.0) < 1e-12);
    assert_true(s.rc_null_sd[0] < 1e-15);
    /* motifs against nulls keeping the mutual dyads: the feed-forward loop
     * (030T) is over-represented (Milo et al. 2002 Fig. 2, C. elegans
     * neurons: FFL z >> 2); directed Maslov-Sneppen nulls gave 2.2 */
    assert_string_equal(ctome_stats_motif_name(5), "030T");
    assert_true(s.motif_z[5] > 10);
    ctome_stats_clear(&s);
    ctome_graph_free(g);
}

/* Issue 11 item 1: Towlson et al. 2013 (J Neurosci 33:6380) - the rich club
 * of Varshney's chemical + gap-junction network (279 neurons, 2287 edges,
 * undirected) is AVAL/R, AVBL/R, AVDL/R, AVEL/R, PVCL/R and DVA, with
 * phi_norm significantly > 1 for 44 <= k < 53.  Default rule, default
 * nulls (100, seed 1).  The old rule (lowest k with p < 0.05) marked 235. */
static void test_towlson(void **state)
{
    (void)state;
    ctome_graph *g = layer_graph("chemical+electrical");
    assert_int_equal(g->n, 279);
    assert_int_equal(g->m_und, 2287);
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.nulls_only = 1;
    o.nodes = 1;
    ctome_stats s;
    assert_int_equal(ctome_stats_compute(varshney, g, &o, &s), CTOME_OK);
    static const char *const club[] = {"AVAL", "AVAR", "AVBL", "AVBR", "AVDL", "AVDR",
                                       "AVEL", "AVER", "PVCL", "PVCR", "DVA"};
    size_t members = 0;
    for (size_t v = 0; v < g->n; v++) {
        const char *name = varshney->nodes[g->node[v]].name;
        int in = 0;
        for (size_t i = 0; i < 11; i++)
            in |= strcmp(name, club[i]) == 0;
        if (in != s.rich_club_member[v])
            fail_msg("%s: rich club %d, Towlson %d", name, s.rich_club_member[v], in);
        members += (size_t)s.rich_club_member[v];
    }
    assert_int_equal(members, 11);
    assert_int_equal(s.rc_members, 11);
    assert_false(s.rc_level_user);
    /* the highest significant run covers Towlson's 44..52 and ends at 52
     * (k < 53); it starts at 39: no neuron has degree 40..43 */
    assert_int_equal(s.rc_level, 39);
    for (long k = 39; k <= 52; k++)
        assert_true(s.rc_sig[k]);
    for (size_t k = 53; k < s.rc_n; k++)
        assert_false(s.rc_sig[k]);
    assert_false(s.rc_sig[38]);
    /* z_crit = upper alpha / L normal quantile (L distinct clubs) */
    assert_true(s.rc_tests > 30 && s.rc_tests < 60);
    assert_true(s.rc_z_crit > 2.9 && s.rc_z_crit < 3.3);
    ctome_stats_clear(&s);
    /* --rich-k 50: degree > 50 is 9 neurons (DVA 50 and AVDL 44 out) */
    o.rich_k = 50;
    assert_int_equal(ctome_stats_compute(varshney, g, &o, &s), CTOME_OK);
    assert_int_equal(s.rc_level, 50);
    assert_true(s.rc_level_user);
    assert_int_equal(s.rc_members, 9);
    for (size_t v = 0; v < g->n; v++) {
        size_t d = g->und_ptr[v + 1] - g->und_ptr[v];
        assert_int_equal(s.rich_club_member[v], d > 50);
    }
    ctome_stats_clear(&s);
    ctome_graph_free(g);
}

/* The value of `key` in tests/ref/nullmeasure_ref.txt (networkx). */
static double ref(const char *key)
{
    char line[256];
    return strtod(tu_ref(line, sizeof line, "nullmeasure_ref.txt", "%s", key), NULL);
}

/* Against networkx (tests/ref/nullmeasure_ref.py): phi(k) of Towlson's
 * network exactly, the null means of phi(k) (200 double_edge_swap nulls)
 * within sampling error of ours (400 nulls); on Varshney chemical the
 * feed-forward-loop (030T) and 300 null means of an independent
 * implementation of the mutual-dyad-preserving switching (100 nulls). */
static void test_against_networkx(void **state)
{
    (void)state;
    ctome_graph *g = layer_graph("chemical+electrical");
    assert_int_equal(g->n, (size_t)ref("union n"));
    assert_int_equal(g->m_und, (size_t)ref("union m"));
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.nulls_only = 1;
    o.n_nulls = 400;
    ctome_stats s;
    assert_int_equal(ctome_stats_compute(varshney, g, &o, &s), CTOME_OK);
    static const int ks[] = {0, 20, 36, 38, 39, 44, 50, 52, 53};
    for (size_t i = 0; i < sizeof ks / sizeof *ks; i++) {
        char key[64];
        int k = ks[i];
        snprintf(key, sizeof key, "union phi %d", k);
        assert_true(fabs(s.rc_phi[k] - ref(key)) < 1e-12);
        snprintf(key, sizeof key, "union null_mean %d", k);
        double mean = ref(key);
        snprintf(key, sizeof key, "union null_sd %d", k);
        double sd = ref(key);
        double se = sqrt(sd * sd / 200 + s.rc_null_sd[k] * s.rc_null_sd[k] / 400);
        if (fabs(s.rc_null_mean[k] - mean) > 4 * se + 1e-15)
            fail_msg("k = %d: null mean %.6f, networkx %.6f (se %.2g)", k, s.rc_null_mean[k], mean, se);
        assert_true(fabs(s.rc_null_sd[k] - sd) < 0.25 * sd + 1e-15);
    }
    ctome_stats_clear(&s);
    ctome_graph_free(g);

    g = layer_graph("chemical");
    assert_true(fabs(ctome_reciprocity(g) - ref("chemical reciprocity")) < 1e-12);
    assert_true(ref("chemical null_reciprocity_min") == ref("chemical null_reciprocity_max"));
    o.n_nulls = 100;
    assert_int_equal(ctome_stats_compute(varshney, g, &o, &s), CTOME_OK);
    static const char *const cls[] = {"030T", "300"};
    static const size_t idx[] = {5, 12};
    for (size_t i = 0; i < 2; i++) {
        char key[64];
        assert_string_equal(ctome_stats_motif_name(idx[i]), cls[i]);
        snprintf(key, sizeof key, "chemical %s", cls[i]);
        assert_true(s.motif_count[idx[i]] == ref(key));
        snprintf(key, sizeof key, "chemical %s_null_mean", cls[i]);
        double mean = ref(key);
        snprintf(key, sizeof key, "chemical %s_null_sd", cls[i]);
        double sd = ref(key);
        double se = sqrt(sd * sd / 100 + s.motif_null_sd[idx[i]] * s.motif_null_sd[idx[i]] / 100);
        if (fabs(s.motif_null_mean[idx[i]] - mean) > 4 * se)
            fail_msg("%s: null mean %.3f, reference %.3f (se %.2g)", cls[i], s.motif_null_mean[idx[i]], mean, se);
    }
    ctome_stats_clear(&s);
    ctome_graph_free(g);
}

/* The large-graph mode's Leiden run count (stats.h): 4e6 / edges, in 1..10. */
static void test_large_runs(void **state)
{
    (void)state;
    assert_int_equal(ctome_stats_large_runs(50000), 10);     /* test_cli_topo.sh's ring */
    assert_int_equal(ctome_stats_large_runs(400000), 10);
    assert_int_equal(ctome_stats_large_runs(400001), 9);
    assert_int_equal(ctome_stats_large_runs(999947), 4);     /* the 100k-vertex benchmark graph */
    assert_int_equal(ctome_stats_large_runs(2000000), 2);
    assert_int_equal(ctome_stats_large_runs(2000001), 1);
    assert_int_equal(ctome_stats_large_runs(9999500), 1);    /* the 1M-vertex one */
    assert_int_equal(ctome_stats_large_runs(0), 10);
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
        cmocka_unit_test(test_rich_club_undirected_nulls),
        cmocka_unit_test(test_towlson),
        cmocka_unit_test(test_against_networkx),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_large_runs),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ctome_connectome_free(varshney);
    ctome_registry_free(reg);
    return rc;
}
