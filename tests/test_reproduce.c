/* test_reproduce.c — the claim machinery of `ctome reproduce`
 * (lib/reproduce): tolerance rules and verdicts on hand-chosen values, the
 * rule text, the paper table, and the feed-forward share of Witvliet et al.
 * 2021 (reproduce.h) against shares derived by hand; plus one whole paper
 * (Varshney 2011 counts) on the bundled data against the paper's numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "ctome.h"
#include "reproduce.h"
#include "testutil.h"

static void test_tolerance_rules(void **state)
{
    (void)state;
    /* REL: |v - p| <= a |p| */
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_REL, 2.65, 0.10, 0, 2.455), CTOME_REPRODUCED); /* 7.4% off */
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_REL, 2.65, 0.05, 0, 2.455), CTOME_DIFFERS);
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_REL, -2, 0.10, 0, -2.1), CTOME_REPRODUCED);  /* |p| */
    /* ABS, inclusive bounds */
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_ABS, 279, 0.5, 0, 279.5), CTOME_REPRODUCED);
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_ABS, 279, 0.5, 0, 280), CTOME_DIFFERS);
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_ABS, 4, 0, 0, 4), CTOME_REPRODUCED);
    /* directions are strict */
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_GT, NAN, 0, 0, 0), CTOME_DIFFERS);
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_GT, NAN, 0, 0, 1e-12), CTOME_REPRODUCED);
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_LT, NAN, 1.2, 0, 1.24), CTOME_DIFFERS);
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_LT, NAN, 1.2, 0, 1.08), CTOME_REPRODUCED);
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_RANGE, NAN, 5, 7, 5), CTOME_REPRODUCED);
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_RANGE, NAN, 5, 7, 7.0001), CTOME_DIFFERS);
    /* a value that could not be computed never reproduces */
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_RANGE, NAN, -INFINITY, INFINITY, NAN), CTOME_DIFFERS);
    assert_int_equal(ctome_tol_verdict(CTOME_TOL_GT, NAN, 0, 0, INFINITY), CTOME_DIFFERS);
    char buf[64];
    assert_string_equal(ctome_tol_text(CTOME_TOL_REL, 2.65, 0.1, 0, buf, sizeof buf), "within 10% of 2.65");
    assert_string_equal(ctome_tol_text(CTOME_TOL_ABS, 279, 0.5, 0, buf, sizeof buf), "within 0.5 of 279");
    assert_string_equal(ctome_tol_text(CTOME_TOL_RANGE, NAN, 5, 7, buf, sizeof buf), "in [5, 7]");
    assert_string_equal(ctome_tol_text(CTOME_TOL_LT, NAN, 0, 0, buf, sizeof buf), "< 0");
    assert_string_equal(ctome_verdict_name(CTOME_REPRODUCED), "REPRODUCED");
    assert_string_equal(ctome_verdict_name(CTOME_DIFFERS), "DIFFERS");
}

static void test_paper_table(void **state)
{
    (void)state;
    assert_int_equal(ctome_repro_n_papers(), 9);
    assert_int_equal(ctome_repro_find("watts1998"), 0);
    assert_int_equal(ctome_repro_find("liu2023"), ctome_repro_find("liu2024"));
    assert_int_equal(ctome_repro_find("lin2023"), ctome_repro_find("lin2024"));
    assert_int_equal(ctome_repro_find("ncap"), ctome_repro_find("bhattasali2022"));
    assert_int_equal(ctome_repro_find("nope"), -1);
    assert_int_equal(ctome_repro_find(NULL), -1);
    for (size_t i = 0; i < ctome_repro_n_papers(); i++)
        assert_non_null(strstr(ctome_repro_paper_citation(i), "(")); /* a year in every citation */
    ctome_repro_paper p;
    ctome_repro_opts o;
    ctome_repro_opts_default(&o);
    assert_int_equal(ctome_repro_run(99, &o, &p), CTOME_EINVAL);
    ctome_error_clear();
}

/* Types 0 sensory, 1 inter, 2 motor, -1 other.  Edges (weight):
 *   0->1 (2), 1->2 (3), 0->2 (1)  feed-forward 6
 *   2->1 (1), 1->0 (1)            feedback 2
 *   1->1 (4), 2->2 (2)            recurrent 6
 *   -1->1 (100), 1->-1 (100)      left out; 0->1 with weight 0 left out
 * total 14: ff 6/14, fb 2/14, rec 6/14. */
static void test_feedforward_shares(void **state)
{
    (void)state;
    const int s[] = {0, 1, 0, 2, 1, 1, 2, -1, 1, 0};
    const int d[] = {1, 2, 2, 1, 0, 1, 2, 1, -1, 1};
    const double w[] = {2, 3, 1, 1, 1, 4, 2, 100, 100, 0};
    double ff, fb, rec;
    assert_int_equal(ctome_feedforward_shares(10, s, d, w, &ff, &fb, &rec), CTOME_OK);
    assert_true(fabs(ff - 6.0 / 14) < 1e-15);
    assert_true(fabs(fb - 2.0 / 14) < 1e-15);
    assert_true(fabs(rec - 6.0 / 14) < 1e-15);
    /* nothing between typed neurons: an error, not a share of 0/0 */
    assert_int_equal(ctome_feedforward_shares(2, s + 7, d + 7, w + 7, &ff, &fb, &rec), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "no synapse between sensory, inter and motor"));
    ctome_error_clear();
}

/* The Varshney 2011 paper on the bundled data: its counts against the
 * paper's 279 neurons, 6393 chemical synapses and 890 gap junctions. */
static void test_varshney_counts(void **state)
{
    (void)state;
    ctome_repro_opts o;
    ctome_repro_opts_default(&o);
    ctome_registry *reg = tu_registry();
    o.datadir = CTOME_TEST_DATA;
    o.reg = reg;
    o.threads = 1;
    ctome_repro_paper p;
    assert_int_equal(ctome_repro_run((size_t)ctome_repro_find("varshney2011"), &o, &p), CTOME_OK);
    assert_true(p.n_claims >= 3);
    assert_string_equal(p.claims[0].id, "neurons");
    assert_true(p.claims[0].value == 279);
    assert_int_equal(p.claims[0].verdict, CTOME_REPRODUCED);
    assert_string_equal(p.claims[1].id, "chemical_synapses");
    assert_true(p.claims[1].value == 6394); /* NeuronConnect.xls S+Sp: one more than the paper's 6393 */
    assert_int_equal(p.claims[1].verdict, CTOME_REPRODUCED);
    assert_string_equal(p.claims[2].id, "gap_junctions");
    assert_true(p.claims[2].value == 887);
    assert_int_equal(p.claims[2].verdict, CTOME_REPRODUCED);
    ctome_repro_paper_clear(&p);
    ctome_registry_free(reg);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tolerance_rules),
        cmocka_unit_test(test_paper_table),
        cmocka_unit_test(test_feedforward_shares),
        cmocka_unit_test(test_varshney_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
