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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_union_rule),
        cmocka_unit_test(test_union_errors),
        cmocka_unit_test(test_varshney_union),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
