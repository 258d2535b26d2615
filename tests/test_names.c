/* Tests of the one name normaliser (docs/registry.md) and the connectome core:
 * listing merge rules, summaries, degrees and dense matrices, on small graphs
 * whose answers are worked out by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "ctome.h"

static void norm_is(const char *raw, const char *want)
{
    char out[32];
    assert_int_equal(ctome_name_normalise(raw, out, sizeof out), CTOME_OK);
    assert_string_equal(out, want);
}

static void test_normalise(void **state)
{
    (void)state;
    norm_is("AVAL", "AVAL");
    norm_is("  aval ", "AVAL");
    norm_is("I2L           ", "I2L");       /* Cook edge list pads with spaces */
    norm_is("'ADAL'", "ADAL");              /* NeuroPAL colour table quotes names */
    norm_is("DB1", "DB01");
    norm_is("db01", "DB01");
    norm_is("VA012", "VA12");
    norm_is("AS11", "AS11");
    norm_is("VC4", "VC04");
    norm_is("DD6", "DD06");
    norm_is("ASEL", "ASEL");                /* AS + letters: not a motor neuron number */
    norm_is("DVA", "DVA");
    norm_is("BWM-DL02", "BWM-DL02");
    norm_is("pm7D", "PM7D");
    char out[8];
    assert_int_equal(ctome_name_normalise("   ", out, sizeof out), CTOME_EVALUE);
    assert_int_equal(ctome_name_normalise("", out, sizeof out), CTOME_EVALUE);
    assert_int_equal(ctome_name_normalise("ABCDEFGHIJK", out, sizeof out), CTOME_EVALUE);
}

static void test_alias(void **state)
{
    (void)state;
    static const ctome_alias a[] = {{"NSM", "NSMR"}, {NULL, NULL}};
    char n[16] = "NSM";
    ctome_name_alias(n, sizeof n, a);
    assert_string_equal(n, "NSMR");
    char m[16] = "NSML";
    ctome_name_alias(m, sizeof m, a);
    assert_string_equal(m, "NSML");
}

/* A, B, C with chemical listings A->B 2, A->B 3 (summed: 5), B->C 1, C->C 4
 * (self-loop) and gap junctions A-B listed as 2 and 3 (asymmetric: pair
 * weight 3) and B-C listed once as 1. */
static ctome_connectome *toy(void)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("toy", NULL, &c), CTOME_OK);
    int a, b, cc, a2;
    assert_int_equal(ctome_connectome_node(c, "A", "f", 1, &a), CTOME_OK);
    assert_int_equal(ctome_connectome_node(c, " b ", "f", 1, &b), CTOME_OK);
    assert_int_equal(ctome_connectome_node(c, "C", "f", 1, &cc), CTOME_OK);
    assert_int_equal(ctome_connectome_node(c, "a", "f", 1, &a2), CTOME_OK);
    assert_int_equal(a, a2);
    assert_int_equal(c->n_nodes, 3);
    assert_int_equal(ctome_connectome_add(c, "chemical", a, b, 2, "f", 2), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "chemical", a, b, 3, "f", 3), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "chemical", b, cc, 1, "f", 4), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "chemical", cc, cc, 4, "f", 5), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "chemical", cc, a, 0, "f", 6), CTOME_OK); /* ignored */
    assert_int_equal(ctome_connectome_add(c, "electrical", a, b, 2, "f", 7), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "electrical", b, a, 3, "f", 8), CTOME_OK);
    assert_int_equal(ctome_connectome_add(c, "electrical", cc, b, 1, "f", 9), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    return c;
}

static void test_merge_rules(void **state)
{
    (void)state;
    ctome_connectome *c = toy();
    const ctome_layer *ch = ctome_connectome_get_layer(c, "chemical");
    const ctome_layer *el = ctome_connectome_get_layer(c, "electrical");
    assert_non_null(ch);
    assert_non_null(el);
    assert_true(ch->directed);
    assert_false(el->directed);
    assert_int_equal(ch->n, 3);             /* A->B, B->C, C->C */
    assert_int_equal(ch->e[0].src, 0);
    assert_int_equal(ch->e[0].dst, 1);
    assert_true(ch->e[0].w == 5.0);
    assert_int_equal(ch->self_loops, 1);
    assert_int_equal(el->n, 2);             /* A-B, B-C */
    assert_true(el->e[0].w == 3.0);         /* the larger listing */
    assert_int_equal(el->asymmetric, 1);
    assert_int_equal(el->e[1].src, 1);      /* stored with src <= dst */
    assert_int_equal(el->e[1].dst, 2);

    ctome_layer_summary s;
    assert_int_equal(ctome_layer_summarise(c, ch, 0, &s), CTOME_OK);
    assert_int_equal(s.n_nodes, 3);
    assert_int_equal(s.n_edges, 2);
    assert_true(s.total_weight == 6.0);
    assert_int_equal(s.self_loops, 1);
    /* Without a registry no cell is a neuron: the neuron scope is empty. */
    assert_int_equal(ctome_layer_summarise(c, ch, 1, &s), CTOME_OK);
    assert_int_equal(s.n_nodes, 0);

    size_t in, out;
    double wi, wo;
    assert_int_equal(ctome_node_degree(c, ch, 1, 0, &in, &out, &wi, &wo), CTOME_OK);
    assert_int_equal(in, 1);
    assert_int_equal(out, 1);
    assert_true(wi == 5.0 && wo == 1.0);
    assert_int_equal(ctome_node_degree(c, el, 1, 0, &in, &out, &wi, &wo), CTOME_OK);
    assert_int_equal(in, 2);
    assert_true(wi == 4.0);

    int nodes[3] = {2, 1, 0};
    double m[9];
    assert_int_equal(ctome_layer_dense(c, el, nodes, 3, m), CTOME_OK);
    /* order C, B, A: m[C][B] = m[B][C] = 1, m[B][A] = m[A][B] = 3 */
    assert_true(m[0 * 3 + 1] == 1.0 && m[1 * 3 + 0] == 1.0);
    assert_true(m[1 * 3 + 2] == 3.0 && m[2 * 3 + 1] == 3.0);
    assert_true(m[0] == 0.0 && m[8] == 0.0);
    ctome_connectome_free(c);
}

static void test_bad_weights(void **state)
{
    (void)state;
    ctome_connectome *c;
    int a, b;
    assert_int_equal(ctome_connectome_new("bad", NULL, &c), CTOME_OK);
    ctome_connectome_node(c, "A", "f", 1, &a);
    ctome_connectome_node(c, "B", "f", 1, &b);
    assert_int_equal(ctome_connectome_add(c, "chemical", a, b, -1, "x.csv", 7), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "x.csv:7:"));
    assert_non_null(strstr(ctome_error_message(), "-1"));
    assert_int_equal(ctome_connectome_add(c, "chemical", a, b, 0.0 / 0.0, "x.csv", 8), CTOME_EVALUE);
    assert_int_equal(ctome_connectome_add(c, "chemical", a, 7, 1, "x.csv", 9), CTOME_EINVAL);
    assert_int_equal(ctome_connectome_node(c, "  ", "y.csv", 3, &a), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "y.csv:3:"));
    ctome_connectome_free(c);
}

static void test_source_diff(void **state)
{
    (void)state;
    ctome_connectome *a = toy(), *b;
    int x, y, z;
    assert_int_equal(ctome_connectome_new("toy2", NULL, &b), CTOME_OK);
    ctome_connectome_node(b, "B", "g", 1, &y);
    ctome_connectome_node(b, "A", "g", 1, &x);
    ctome_connectome_node(b, "D", "g", 1, &z);
    ctome_connectome_add(b, "chemical", x, y, 4, "g", 2);   /* A->B 4 vs 5 */
    ctome_connectome_add(b, "chemical", y, z, 1, "g", 3);   /* B->D only in b */
    ctome_connectome_add(b, "electrical", y, x, 3, "g", 4); /* A-B 3 as in a */
    ctome_connectome_finalise(b);
    ctome_source_diff d;
    assert_int_equal(ctome_source_diff_compute(a, b, "chemical", 0, &d), CTOME_OK);
    assert_int_equal(d.shared, 1);
    assert_int_equal(d.n_differ, 1);
    assert_true(d.differ[0].wa == 5 && d.differ[0].wb == 4);
    assert_int_equal(d.n_only_a, 1);        /* B->C */
    assert_string_equal(d.only_a[0].post, "C");
    assert_int_equal(d.n_only_b, 1);        /* B->D */
    assert_int_equal(d.n_cells_only_a, 1);
    assert_string_equal(d.cells_only_a[0], "C");
    assert_true(d.total_a == 6 && d.total_b == 5);
    ctome_source_diff_free(&d);
    assert_int_equal(ctome_source_diff_compute(a, b, "electrical", 0, &d), CTOME_OK);
    assert_int_equal(d.shared, 1);
    assert_int_equal(d.same_weight, 1);
    assert_int_equal(d.n_only_a, 1);
    ctome_source_diff_free(&d);
    ctome_connectome_free(a);
    ctome_connectome_free(b);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_alias),
        cmocka_unit_test(test_merge_rules),
        cmocka_unit_test(test_bad_weights),
        cmocka_unit_test(test_source_diff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
