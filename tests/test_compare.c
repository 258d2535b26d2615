/* Connectome comparison (lib/analysis/compare.c).
 * Hand-built connectomes with values derived by hand in the comments, then
 * Witvliet 2021 dataset 1 (L1) vs 8 (adult), chemical, against
 * tests/ref/compare_ref.txt (networkx + scipy, tests/ref/compare_ref.py) on
 * the committed exports tests/ref/witvliet2021-{1,8}_chemical.tsv.  Counts
 * exact; correlations to 1e-9. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "compare.h"
#include "testutil.h"

static ctome_registry *reg;

static ctome_connectome *fresh(const char *id)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new(id, reg, &c), CTOME_OK);
    return c;
}

static void finalise(ctome_connectome *c) { assert_int_equal(ctome_connectome_finalise(c), CTOME_OK); }

static size_t neuron_index(const ctome_comparison *cmp, const char *name)
{
    for (size_t i = 0; i < cmp->n_neurons; i++)
        if (!strcmp(cmp->neurons[i], name))
            return i;
    fail_msg("neuron %s not in the comparison", name);
    return 0;
}

/* A: AVAL->AVAR 2, AVAL->AIYL 4, AIYL->RIAL 6, RIAL->RIAL 3 (self-loop,
 *    dropped), AVAL->BWM-DL01 5 (muscle, dropped).
 * B: AVAL->AVAR 3, AVAL->AIYL 5, AIYL->RIAL 2, AVAR->AVAL 1.
 * C: AVAL->AVAR 1, ADAL->AVAL 1.
 * (A,B): shared 3, union 4: Jaccard 0.75, gained 1, lost 0.  Shared weights
 *   x = (2,4,6), y = (3,5,2): dx = (-2,0,2), dy = (-1/3,5/3,-4/3),
 *   sxy = -2, sxx = 8, syy = 42/9: r = -2 / sqrt(8 * 42/9) = -0.327326835...;
 *   ranks (1,2,3) vs (2,3,1): rho = -1 / 2 = -0.5.
 * (B,C): shared 1 (AVAL->AVAR), union 5: 0.2; gained 1, lost 3; r NaN.
 * (A,C): shared 1, union 4: 0.25; gained 1, lost 2. */
static void test_hand(void **state)
{
    (void)state;
    ctome_connectome *a = fresh("A"), *b = fresh("B"), *c = fresh("C");
    tu_add(a, "chemical", "AVAL", "AVAR", 2);
    tu_add(a, "chemical", "AVAL", "AIYL", 4);
    tu_add(a, "chemical", "AIYL", "RIAL", 6);
    tu_add(a, "chemical", "RIAL", "RIAL", 3);
    tu_add(a, "chemical", "AVAL", "BWM-DL01", 5);
    tu_add(b, "chemical", "AVAL", "AVAR", 3);
    tu_add(b, "chemical", "AVAL", "AIYL", 5);
    tu_add(b, "chemical", "AIYL", "RIAL", 2);
    tu_add(b, "chemical", "AVAR", "AVAL", 1);
    tu_add(c, "chemical", "AVAL", "AVAR", 1);
    tu_add(c, "chemical", "ADAL", "AVAL", 1);
    finalise(a);
    finalise(b);
    finalise(c);
    assert_int_not_equal(a->nodes[tu_node(a, "BWM-DL01")].kind, CTOME_CELL_NEURON);
    const ctome_connectome *v[3] = {a, b, c};
    ctome_comparison cmp;
    assert_int_equal(ctome_compare(v, 3, "chemical", &cmp), CTOME_OK);
    assert_int_equal(cmp.n_pairs, 3);
    assert_true(cmp.directed);
    const ctome_compare_pair *ab = &cmp.pairs[0], *bc = &cmp.pairs[1], *ac = &cmp.pairs[2];
    assert_int_equal(ab->a, 0);
    assert_int_equal(ab->b, 1);
    assert_int_equal(ab->edges_a, 3);
    assert_int_equal(ab->edges_b, 4);
    assert_int_equal(ab->shared, 3);
    assert_int_equal(ab->gained, 1);
    assert_int_equal(ab->lost, 0);
    assert_true(fabs(ab->jaccard - 0.75) < 1e-15);
    assert_true(fabs(ab->pearson - (-2.0 / sqrt(8.0 * 42.0 / 9.0))) < 1e-12);
    assert_true(fabs(ab->spearman - (-0.5)) < 1e-12);
    assert_int_equal(ab->neurons_a, 4);
    assert_int_equal(ab->neurons_b, 4);
    assert_int_equal(ab->neurons_shared, 4);
    assert_int_equal(bc->a, 1);
    assert_int_equal(bc->b, 2);
    assert_int_equal(bc->shared, 1);
    assert_int_equal(bc->gained, 1);
    assert_int_equal(bc->lost, 3);
    assert_true(fabs(bc->jaccard - 0.2) < 1e-15);
    assert_true(isnan(bc->pearson) && isnan(bc->spearman));
    assert_int_equal(bc->neurons_shared, 2);
    assert_int_equal(ac->a, 0);
    assert_int_equal(ac->b, 2);
    assert_true(fabs(ac->jaccard - 0.25) < 1e-15);
    assert_int_equal(ac->gained, 1);
    assert_int_equal(ac->lost, 2);
    /* degrees over the union ADAL AIYL AVAL AVAR RIAL (sorted) */
    assert_int_equal(cmp.n_neurons, 5);
    assert_string_equal(cmp.neurons[0], "ADAL");
    size_t aval = neuron_index(&cmp, "AVAL"), adal = neuron_index(&cmp, "ADAL");
    size_t rial = neuron_index(&cmp, "RIAL");
    assert_true(cmp.out_degree[aval * 3 + 0] == 2 && cmp.in_degree[aval * 3 + 0] == 0);
    assert_true(cmp.out_degree[aval * 3 + 1] == 2 && cmp.in_degree[aval * 3 + 1] == 1);
    assert_true(cmp.out_degree[aval * 3 + 2] == 1 && cmp.in_degree[aval * 3 + 2] == 1);
    assert_true(isnan(cmp.out_degree[adal * 3 + 0]) && isnan(cmp.in_degree[adal * 3 + 1]));
    assert_true(cmp.out_degree[adal * 3 + 2] == 1);
    assert_true(cmp.in_degree[rial * 3 + 0] == 1 && cmp.out_degree[rial * 3 + 0] == 0);
    assert_true(isnan(cmp.in_degree[rial * 3 + 2]));
    ctome_comparison_clear(&cmp);
    ctome_connectome_free(a);
    ctome_connectome_free(b);
    ctome_connectome_free(c);
}

/* Undirected layers compare unordered pairs: AVAL-AVAR listed either way is
 * one edge.  A: AVAL-AVAR 2, AIYL-RIAL 1; B: AVAR-AVAL 4.  Shared 1 of 2. */
static void test_undirected(void **state)
{
    (void)state;
    ctome_connectome *a = fresh("A"), *b = fresh("B");
    tu_add(a, "electrical", "AVAL", "AVAR", 2);
    tu_add(a, "electrical", "AIYL", "RIAL", 1);
    tu_add(b, "electrical", "AVAR", "AVAL", 4);
    finalise(a);
    finalise(b);
    const ctome_connectome *v[2] = {a, b};
    ctome_comparison cmp;
    assert_int_equal(ctome_compare(v, 2, "electrical", &cmp), CTOME_OK);
    assert_int_equal(cmp.n_pairs, 1);
    assert_false(cmp.directed);
    assert_int_equal(cmp.pairs[0].shared, 1);
    assert_int_equal(cmp.pairs[0].lost, 1);
    assert_int_equal(cmp.pairs[0].gained, 0);
    assert_true(fabs(cmp.pairs[0].jaccard - 0.5) < 1e-15);
    size_t aval = neuron_index(&cmp, "AVAL");
    assert_true(cmp.in_degree[aval * 2] == 1 && cmp.out_degree[aval * 2] == 1);
    ctome_comparison_clear(&cmp);
    ctome_connectome_free(a);
    ctome_connectome_free(b);
}

static void test_errors(void **state)
{
    (void)state;
    ctome_connectome *a = fresh("A"), *b = fresh("B");
    tu_add(a, "chemical", "AVAL", "AVAR", 2);
    tu_add(b, "chemical", "AVAL", "BWM-DL01", 2);
    tu_add(b, "electrical", "AVAL", "AVAR", 1);
    finalise(a);
    finalise(b);
    ctome_comparison cmp;
    const ctome_connectome *v[2] = {a, b};
    assert_int_equal(ctome_compare(v, 1, "chemical", &cmp), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "at least 2"));
    assert_int_equal(ctome_compare(v, 2, "electrical", &cmp), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "no layer 'electrical' (layers: chemical)"));
    assert_int_equal(ctome_compare(v, 2, "chemical", &cmp), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "no edge between neurons"));
    assert_null(cmp.pairs);
    ctome_connectome_free(a);
    ctome_connectome_free(b);
}

static void test_spearman_ties(void **state)
{
    (void)state;
    /* scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]) = 0.9486832980505138 */
    double x[] = {1, 2, 2, 3}, y[] = {1, 3, 2, 4}, r;
    assert_int_equal(ctome_spearman(x, y, 4, &r), CTOME_OK);
    assert_true(fabs(r - 0.9486832980505138) < 1e-12);
    double z[] = {5, 5, 5, 5};
    assert_true(isnan(ctome_pearson(x, z, 4)));
}

static ctome_connectome *read_tsv(const char *name)
{
    char ref[4096], path[4096];
    tu_path(path, sizeof path, tu_path(ref, sizeof ref, tu_tests_dir(), "ref"), name);
    ctome_connectome *c = fresh(name);
    if (ctome_read_edgelist(path, NULL, c) || ctome_connectome_finalise(c))
        fail_msg("%s: %s", path, ctome_error_message());
    return c;
}

static void test_witvliet(void **state)
{
    (void)state;
    ctome_connectome *a = read_tsv("witvliet2021-1_chemical.tsv");
    ctome_connectome *b = read_tsv("witvliet2021-8_chemical.tsv");
    const ctome_connectome *v[2] = {a, b};
    ctome_comparison cmp;
    assert_int_equal(ctome_compare(v, 2, "chemical", &cmp), CTOME_OK);
    char ref[4096], path[4096], key[64], name[64];
    tu_path(path, sizeof path, tu_path(ref, sizeof ref, tu_tests_dir(), "ref"), "compare_ref.txt");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    const ctome_compare_pair *p = &cmp.pairs[0];
    char line[256];
    size_t checked = 0;
    while (fgets(line, sizeof line, f)) {
        double v1, v2;
        if (sscanf(line, "degree_%63s %63s %lf %lf", key, name, &v1, &v2) == 4) {
            size_t i = neuron_index(&cmp, name), k = key[0] == 'a' ? 0 : 1;
            assert_true(cmp.in_degree[i * 2 + k] == v1);
            assert_true(cmp.out_degree[i * 2 + k] == v2);
            checked++;
            continue;
        }
        assert_int_equal(sscanf(line, "%63s %lf", key, &v1), 2);
        double got = !strcmp(key, "edges_a")          ? (double)p->edges_a
                     : !strcmp(key, "edges_b")        ? (double)p->edges_b
                     : !strcmp(key, "shared")         ? (double)p->shared
                     : !strcmp(key, "gained")         ? (double)p->gained
                     : !strcmp(key, "lost")           ? (double)p->lost
                     : !strcmp(key, "jaccard")        ? p->jaccard
                     : !strcmp(key, "pearson")        ? p->pearson
                     : !strcmp(key, "spearman")       ? p->spearman
                     : !strcmp(key, "neurons_a")      ? (double)p->neurons_a
                     : !strcmp(key, "neurons_b")      ? (double)p->neurons_b
                     : !strcmp(key, "neurons_shared") ? (double)p->neurons_shared
                     : !strcmp(key, "neurons_union")  ? (double)cmp.n_neurons
                                                      : NAN;
        if (!(fabs(got - v1) < 1e-9))
            fail_msg("%s: ctome %.12g, reference %.12g", key, got, v1);
        checked++;
    }
    fclose(f);
    assert_int_equal(checked, 22);
    ctome_comparison_clear(&cmp);
    ctome_connectome_free(a);
    ctome_connectome_free(b);
}

int main(void)
{
    ctome_init();
    reg = tu_registry();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand),        cmocka_unit_test(test_undirected),
        cmocka_unit_test(test_errors),      cmocka_unit_test(test_spearman_ties),
        cmocka_unit_test(test_witvliet),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ctome_registry_free(reg);
    return rc;
}
