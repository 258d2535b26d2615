/* Node scope and layer unions (lib/data/connectome_view.c, the layer view
 * behind ctome_graph_from_layer).
 *
 * Layer union: hand-built values derived in the comments, and Varshney 2011
 * chemical ∪ electrical over its 279 neurons, which Towlson et al. 2013
 * (J Neurosci 33:6380, Methods) report as 2287 undirected edges.
 * Node scope: graphs with no registry neuron are analysed whole (auto), an
 * explicit neurons scope on them is an error naming dataset and layer, and a
 * layer with nothing to analyse is an error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "graph.h"
#include "topology.h"
#include "testutil.h"

static ctome_registry *reg;

static int setup(void **state)
{
    (void)state;
    ctome_init();
    reg = tu_registry();
    return reg ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ctome_registry_free(reg);
    return 0;
}

static ctome_connectome *fresh(const char *id)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new(id, reg, &c), CTOME_OK);
    return c;
}

static void finalise(ctome_connectome *c) { assert_int_equal(ctome_connectome_finalise(c), CTOME_OK); }

/* chemical AVAL->AVAR 2, AVAR->AVAL 3, AVAL->AIYL 1, RIAL->RIAL 5;
 * electrical AVAR-AIYL 4, AVAL-AVAR 1 (listed both ways, one pair).
 * Union (undirected, summed): AVAL-AVAR 2+3+1 = 6, AVAL-AIYL 1,
 * AVAR-AIYL 4, RIAL-RIAL 5 (self-loop, kept in the layer, dropped by the
 * graph).  Spec given as electrical+chemical: named chemical+electrical. */
static ctome_connectome *small(void)
{
    ctome_connectome *c = fresh("small");
    tu_add(c, "chemical", "AVAL", "AVAR", 2);
    tu_add(c, "chemical", "AVAR", "AVAL", 3);
    tu_add(c, "chemical", "AVAL", "AIYL", 1);
    tu_add(c, "chemical", "RIAL", "RIAL", 5);
    tu_add(c, "electrical", "AVAR", "AIYL", 4);
    tu_add(c, "electrical", "AVAL", "AVAR", 1);
    tu_add(c, "electrical", "AVAR", "AVAL", 1);
    tu_add(c, "functional", "AVAL", "AVAR", -0.5);
    finalise(c);
    return c;
}

static double union_w(const ctome_layer *u, const ctome_connectome *c, const char *a, const char *b)
{
    int i = ctome_connectome_find(c, a), j = ctome_connectome_find(c, b);
    if (i > j) {
        int t = i;
        i = j;
        j = t;
    }
    for (size_t k = 0; k < u->n; k++)
        if (u->e[k].src == i && u->e[k].dst == j)
            return u->e[k].w;
    return 0;
}

static void test_union_rule(void **state)
{
    (void)state;
    ctome_connectome *c = small();
    ctome_layer *u;
    assert_int_equal(ctome_layer_union(c, "electrical+chemical", &u), CTOME_OK);
    assert_string_equal(u->name, "chemical+electrical");
    assert_int_equal(u->directed, 0);
    assert_int_equal(u->n, 4);
    assert_int_equal(u->self_loops, 1);
    assert_true(union_w(u, c, "AVAL", "AVAR") == 6);
    assert_true(union_w(u, c, "AVAR", "AVAL") == 6);
    assert_true(union_w(u, c, "AVAL", "AIYL") == 1);
    assert_true(union_w(u, c, "AVAR", "AIYL") == 4);
    assert_true(union_w(u, c, "RIAL", "RIAL") == 5);
    ctome_layer_free(u);

    /* the graph of the union: 3 vertices (RIAL only has a self-loop), 3
     * undirected edges, weights as above */
    ctome_graph *g;
    assert_int_equal(ctome_graph_from_layer(c, "chemical+electrical", NULL, &g), CTOME_OK);
    assert_int_equal(g->n, 3);
    assert_int_equal(g->directed, 0);
    assert_int_equal(g->m_und, 3);
    assert_int_equal(g->scope, CTOME_SCOPE_NEURONS);
    double w = 0;
    int a = -1, b = -1;
    for (size_t i = 0; i < g->n; i++) {
        if (!strcmp(c->nodes[g->node[i]].name, "AVAL"))
            a = (int)i;
        if (!strcmp(c->nodes[g->node[i]].name, "AVAR"))
            b = (int)i;
    }
    assert_true(a >= 0 && b >= 0);
    assert_true(ctome_graph_has_arc(g, a, b, &w) && w == 6);
    ctome_graph_free(g);
    ctome_connectome_free(c);
}

static void test_union_errors(void **state)
{
    (void)state;
    ctome_connectome *c = small();
    ctome_layer *u = NULL;
    assert_int_equal(ctome_layer_union(c, "chemical+contact", &u), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "no layer 'contact'"));
    assert_non_null(strstr(ctome_error_message(), "layers: chemical, electrical, functional"));
    assert_int_equal(ctome_layer_union(c, "chemical+chemical", &u), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "'chemical' named twice"));
    assert_int_equal(ctome_layer_union(c, "chemical+functional", &u), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "signed weights"));
    assert_int_equal(ctome_layer_union(c, "chemical+", &u), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "empty layer name"));
    assert_int_equal(ctome_layer_union(c, "chemical", &u), CTOME_EINVAL);
    assert_null(u);
    ctome_connectome_free(c);
}

/* Towlson 2013: "279 ... neurons ... 2287 connections" for Varshney's
 * chemical synapses and gap junctions as one undirected network; the
 * chemical layer alone has 2194 directed neuron edges and the electrical
 * layer 514 pairs (ctome info), so the union is smaller than their sum. */
static void test_varshney_union(void **state)
{
    (void)state;
    ctome_connectome *c;
    assert_int_equal(ctome_dataset_load("varshney2011", CTOME_TEST_DATA, reg, &c), CTOME_OK);
    ctome_graph *g;
    assert_int_equal(ctome_graph_from_layer(c, "chemical+electrical", NULL, &g), CTOME_OK);
    assert_int_equal(g->n, 279);
    assert_int_equal(g->m_und, 2287);
    assert_int_equal(g->directed, 0);
    ctome_graph_free(g);
    ctome_connectome_free(c);
}


/* ---- node scope ---------------------------------------------------------- */

static ctome_connectome *read_file(const char *rel)
{
    char *path = tu_join(tu_tests_dir(), rel);
    ctome_format f;
    ctome_connectome *c = fresh(rel);
    assert_int_equal(ctome_format_detect(path, &f), CTOME_OK);
    if (ctome_read_format(f, path, NULL, c))
        fail_msg("%s: %s", path, ctome_error_message());
    finalise(c);
    free(path);
    return c;
}

static double ref(const char *graph, const char *key)
{
    char line[256];
    return strtod(tu_ref(line, sizeof line, "scope_ref.txt", "%s %s", graph, key), NULL);
}

/* Values of networkx 2.8 on the undirected simple view
 * (tests/ref/scope_ref.py -> scope_ref.txt), to 1e-12 relative. */
static void check_networkx(const ctome_connectome *c, const char *layer, const char *tag)
{
    ctome_graph *g;
    assert_int_equal(ctome_graph_from_layer(c, layer, NULL, &g), CTOME_OK);
    assert_int_equal(g->scope, CTOME_SCOPE_ALL);
    assert_int_equal(g->scope_auto, 1);
    assert_int_equal(g->n, (size_t)ref(tag, "n"));
    assert_int_equal(g->m_und, (size_t)ref(tag, "m_und"));
    ctome_topology t;
    assert_int_equal(ctome_topology_compute(c, g, &t), CTOME_OK);
    static const char *const key[] = {"transitivity", "average_clustering", "char_path_length",
                                      "global_efficiency", "degree_assortativity"};
    const double got[] = {t.transitivity, t.average_clustering, t.char_path_length, t.global_efficiency,
                          t.degree_assortativity};
    for (size_t i = 0; i < 5; i++) {
        double want = ref(tag, key[i]);
        if (!(fabs(got[i] - want) <= 1e-12 * fabs(want)))
            fail_msg("%s %s: %.17g, networkx %.17g", tag, key[i], got[i], want);
    }
    ctome_topology_clear(&t);
    ctome_graph_free(g);
}

/* Graphs whose nodes are not C. elegans cell names are analysed whole:
 * networkx's karate club GraphML, the same edges as an integer-id CSV, and
 * the bundled Watts & Strogatz network (numbered nodes; the issue's
 * n 297, transitivity 0.1807, clustering 0.2924, path length 2.4553). */
static void test_auto_scope_networkx(void **state)
{
    (void)state;
    ctome_connectome *k = read_file("fixtures/scope/karate.graphml");
    check_networkx(k, k->layers[0].name, "karate");
    ctome_connectome_free(k);
    k = read_file("fixtures/scope/karate.csv");
    check_networkx(k, "chemical", "karate");
    ctome_connectome_free(k);
    ctome_connectome *w;
    assert_int_equal(ctome_dataset_load("newman-celegans", CTOME_TEST_DATA, reg, &w), CTOME_OK);
    check_networkx(w, "chemical", "newman");
    assert_true(fabs(ref("newman", "transitivity") - 0.1807) < 5e-5);
    assert_true(fabs(ref("newman", "average_clustering") - 0.2924) < 5e-5);
    assert_true(fabs(ref("newman", "char_path_length") - 2.4553) < 5e-5);
    /* the neurons scope asked for explicitly: an error naming dataset and layer */
    ctome_graph *g = NULL;
    ctome_graph_opts o = {.scope = CTOME_SCOPE_NEURONS};
    assert_int_equal(ctome_graph_from_layer(w, "chemical", &o, &g), CTOME_EVALUE);
    assert_string_equal(ctome_error_message(),
                        "newman-celegans: layer 'chemical' has nothing to analyse: no edge between "
                        "registry neurons (its edges involve other cells: try --scope all)");
    assert_null(g);
    assert_int_equal(ctome_connectome_check_analysable(w, CTOME_SCOPE_NEURONS), CTOME_EVALUE);
    assert_int_equal(ctome_connectome_check_analysable(w, CTOME_SCOPE_AUTO), CTOME_OK);
    ctome_connectome_free(w);
}

/* AVAL-AVAR (neurons), AVAL-BWM-DL01 (a muscle), AVAR-foo (not a cell
 * name): auto keeps the neuron edge only (2 left out); all keeps 4 nodes. */
static void test_scope_choices(void **state)
{
    (void)state;
    ctome_connectome *c = fresh("mixed");
    tu_add(c, "chemical", "AVAL", "AVAR", 1);
    tu_add(c, "chemical", "AVAL", "BWM-DL01", 2);
    tu_add(c, "chemical", "AVAR", "foo", 3);
    finalise(c);
    ctome_layer_view v;
    assert_int_equal(ctome_layer_view_open(c, "chemical", CTOME_SCOPE_AUTO, &v), CTOME_OK);
    assert_int_equal(v.scope, CTOME_SCOPE_NEURONS);
    assert_int_equal(v.automatic, 0);
    assert_int_equal(v.n_edges, 1);
    assert_int_equal(v.n_nodes, 2);
    assert_int_equal(v.left_out, 2);
    ctome_layer_view_close(&v);
    assert_int_equal(ctome_layer_view_open(c, "chemical", CTOME_SCOPE_ALL, &v), CTOME_OK);
    assert_int_equal(v.n_edges, 3);
    assert_int_equal(v.n_nodes, 4);
    assert_int_equal(v.left_out, 0);
    ctome_layer_view_close(&v);
    ctome_graph *g;
    assert_int_equal(ctome_graph_from_layer(c, "chemical", &(ctome_graph_opts){.scope = CTOME_SCOPE_ALL}, &g),
                     CTOME_OK);
    assert_int_equal(g->n, 4);
    assert_int_equal(g->m, 3);
    ctome_graph_free(g);
    ctome_scope s;
    assert_int_equal(ctome_scope_parse("all", &s), CTOME_OK);
    assert_int_equal(s, CTOME_SCOPE_ALL);
    assert_int_equal(ctome_scope_parse("neurons", &s), CTOME_OK);
    assert_int_equal(s, CTOME_SCOPE_NEURONS);
    assert_int_equal(ctome_scope_parse("cells", &s), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "not 'cells'"));
    ctome_connectome_free(c);
}

/* Nothing to analyse is an error naming dataset and layer: self-loops only,
 * zero-weight listings only (no layer at all). */
static void test_nothing_to_analyse(void **state)
{
    (void)state;
    ctome_connectome *c = fresh("loops");
    tu_add(c, "chemical", "AVAL", "AVAL", 2);
    tu_add(c, "chemical", "AVAR", "AVAR", 1);
    finalise(c);
    ctome_graph *g = NULL;
    assert_int_equal(ctome_graph_from_layer(c, "chemical", NULL, &g), CTOME_EVALUE);
    assert_string_equal(ctome_error_message(), "loops: layer 'chemical' has nothing to analyse: its 2 edges "
                                               "between nodes are self-loops");
    assert_int_equal(ctome_connectome_check_analysable(c, CTOME_SCOPE_AUTO), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "loops: nothing to analyse (layer 'chemical': its 2 edges"));
    ctome_connectome_free(c);

    c = fresh("zeros");
    tu_add(c, "chemical", "AVAL", "AVAR", 0);
    finalise(c);
    assert_int_equal(c->n_layers, 0);
    assert_int_equal(ctome_connectome_check_analysable(c, CTOME_SCOPE_AUTO), CTOME_EVALUE);
    assert_string_equal(ctome_error_message(), "zeros: nothing to analyse: no edge at all (its listings all "
                                               "have weight 0, which means no connection)");
    assert_int_equal(ctome_graph_from_layer(c, "chemical", NULL, &g), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "weight 0"));
    ctome_connectome_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_union_rule),
        cmocka_unit_test(test_union_errors),
        cmocka_unit_test(test_varshney_union),
        cmocka_unit_test(test_auto_scope_networkx),
        cmocka_unit_test(test_scope_choices),
        cmocka_unit_test(test_nothing_to_analyse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
