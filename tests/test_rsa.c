/* test_rsa.c — RDMs, comparisons, transforms and inference (lib/analysis/rsa.h).
 *
 * References: the worked examples of docs/methods.md (RSA: two patterns,
 * two RDMs with ties, the geo-topological transform), derived by hand,
 * and numpy/scipy values from tests/ref/rsa_ref.py (output
 * tests/ref/rsa_ref.txt) on tests/fixtures/rsa/folds.csv (6 conditions x 8
 * channels x 3 folds) implementing rsatoolbox's definitions in their slow
 * form (whitened cosine through the explicit RDM covariance V, geodesic
 * through scipy's Floyd–Warshall). */
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
#include "rsa.h"
#include "testutil.h"

#define assert_close(a, b, tol)                                                                    \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol) * (1 + fabs(b_)))) {                                          \
            print_error("%s = %.15g, expected %.15g (tol %g)\n", #a, a_, b_, (double)(tol));       \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

/* The values of `key` in tests/ref/rsa_ref.txt; returns the count. */
static size_t ref(const char *key, double *v, size_t max)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/ref/rsa_ref.txt", tu_tests_dir());
    char *text = tu_slurp(path, NULL);
    size_t n = 0, kl = strlen(key);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, key, kl) != 0 || line[kl] != ' ')
            continue;
        char *p = line + kl, *end;
        for (;;) {
            double x = strtod(p, &end);
            if (end == p)
                break;
            assert_true(n < max);
            v[n++] = x;
            p = end;
        }
        break;
    }
    free(text);
    assert_true(n > 0);
    return n;
}

static ctome_rsa_table *fixture(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/rsa/folds.csv", tu_tests_dir());
    ctome_rsa_table *t = NULL;
    assert_int_equal(ctome_rsa_read_csv(path, &t), CTOME_OK);
    return t;
}

/* docs/methods.md, RSA "Worked examples": two patterns of 5 channels. */
static void test_worked_pair(void **state)
{
    (void)state;
    double x[10] = {0.11, 0.12, 0.22, 0.30, 0.31, 0.13, 0.14, 0.21, 0.29, 0.28};
    int cond[2] = {0, 1};
    ctome_rsa_data d = {.n_obs = 2, .n_ch = 5, .n_cond = 2, .x = x, .cond = cond, .source = "pair"};
    double r;
    assert_int_equal(ctome_rdm_compute(&d, CTOME_RDM_SQEUCLIDEAN, &r), CTOME_OK);
    assert_close(r, 0.00038, 1e-12);
    assert_int_equal(ctome_rdm_compute(&d, CTOME_RDM_CORRELATION, &r), CTOME_OK);
    assert_close(r, 0.00469313117, 1e-9);
}

/* docs/methods.md, RSA "Worked examples": rank comparisons of d_1, d_2 (ties in both). */
static void test_worked_ranks(void **state)
{
    (void)state;
    /* 4 conditions: 6 pairs */
    double m1[6] = {1, 2, 2, 3, 4, 5}, m2[6] = {0.3, 0.1, 0.2, 0.5, 0.5, 0.9};
    double v;
    assert_int_equal(ctome_rsa_compare(4, m1, m2, CTOME_RSA_RHO_A, &v), CTOME_OK);
    assert_close(v, 0.771428571429, 1e-11);
    assert_int_equal(ctome_rsa_compare(4, m1, m2, CTOME_RSA_SPEARMAN, &v), CTOME_OK);
    assert_close(v, 0.794117647059, 1e-11);
    assert_int_equal(ctome_rsa_compare(4, m1, m2, CTOME_RSA_KENDALL_TAU_A, &v), CTOME_OK);
    assert_close(v, 0.6, 1e-12);
    assert_int_equal(ctome_rsa_tau_a(6, m1, m2, &v), CTOME_OK);
    assert_close(v, 0.6, 1e-12);
    double r[6];
    assert_int_equal(ctome_rsa_rank(6, m1, r), CTOME_OK);
    assert_close(r[1], 2.5, 0);
    assert_close(r[2], 2.5, 0);
}

/* docs/methods.md, geo-topological transform: the worked example, and the
 * quantile convention behind it. */
static void test_gt_example(void **state)
{
    (void)state;
    double d[6] = {0.1, 0.45, 0.25, 0.9, 0.6, 0.05}, out[6], l, u;
    double want[6] = {0, 0.7, 0.3, 1, 1, 0};
    assert_int_equal(ctome_rsa_gt_quantiles(6, d, 0.2, 0.8, out, &l, &u), CTOME_OK);
    assert_close(l, 0.1, 1e-15);
    assert_close(u, 0.6, 1e-15);
    for (int k = 0; k < 6; k++)
        assert_close(out[k], want[k], 1e-12);
    /* the same thresholds given as values; in place */
    assert_int_equal(ctome_rsa_gt_values(6, d, 0.1, 0.6, d), CTOME_OK);
    for (int k = 0; k < 6; k++)
        assert_close(d[k], want[k], 1e-12);
    double ref_v[8];
    ref("gt_example", ref_v, 8);
    for (int k = 0; k < 6; k++)
        assert_close(out[k], ref_v[k], 1e-12);
    /* values mode with l, u as values 0.2, 0.8 */
    double e[3] = {0.1, 0.5, 0.9}, o[3];
    assert_int_equal(ctome_rsa_gt_values(3, e, 0.2, 0.8, o), CTOME_OK);
    assert_close(o[0], 0, 0);
    assert_close(o[1], 0.5, 1e-15);
    assert_close(o[2], 1, 0);
}

static void check_vec(const char *key, const double *v, size_t m, double tol)
{
    double r[64];
    size_t n = ref(key, r, 64);
    assert_int_equal(n, m);
    for (size_t k = 0; k < m; k++)
        assert_close(v[k], r[k], tol);
}

/* RDMs of the fixture against numpy. */
static void test_rdms_fixture(void **state)
{
    (void)state;
    ctome_rsa_table *t = fixture();
    assert_int_equal(t->n_cond, 6);
    assert_int_equal(t->n_ch, 8);
    assert_int_equal(t->n_fold, 3);
    assert_int_equal(t->n_obs, 18);
    ctome_rsa_data d;
    ctome_rsa_table_data(t, &d);
    double rdm[15];
    assert_int_equal(ctome_rdm_compute(&d, CTOME_RDM_SQEUCLIDEAN, rdm), CTOME_OK);
    check_vec("sqeuclidean", rdm, 15, 1e-12);
    assert_int_equal(ctome_rdm_compute(&d, CTOME_RDM_CORRELATION, rdm), CTOME_OK);
    check_vec("correlation", rdm, 15, 1e-12);
    double cov[64], lam, r[8];
    assert_int_equal(ctome_rsa_noise_cov(&d, cov, &lam), CTOME_OK);
    ref("shrinkage_lambda", r, 8);
    assert_close(lam, r[0], 1e-12);
    ref("shrinkage_cov_diag", r, 8);
    for (int c = 0; c < 8; c++)
        assert_close(cov[c * 8 + c], r[c], 1e-12);
    ref("shrinkage_cov_01", r, 8);
    assert_close(cov[1], r[0], 1e-12);
    assert_int_equal(ctome_rdm_compute(&d, CTOME_RDM_MAHALANOBIS, rdm), CTOME_OK);
    check_vec("mahalanobis", rdm, 15, 1e-10);
    assert_int_equal(ctome_rdm_compute(&d, CTOME_RDM_CROSSNOBIS, rdm), CTOME_OK);
    check_vec("crossnobis", rdm, 15, 1e-10);
    ctome_rsa_table_free(t);
}

/* Every comparison of crossnobis vs squared Euclidean against numpy/scipy. */
static void test_compare_fixture(void **state)
{
    (void)state;
    ctome_rsa_table *t = fixture();
    ctome_rsa_data d;
    ctome_rsa_table_data(t, &d);
    double a[15], b[15], v, r[4];
    assert_int_equal(ctome_rdm_compute(&d, CTOME_RDM_CROSSNOBIS, a), CTOME_OK);
    assert_int_equal(ctome_rdm_compute(&d, CTOME_RDM_SQEUCLIDEAN, b), CTOME_OK);
    static const struct {
        ctome_rsa_method m;
        const char *key;
    } cases[] = {{CTOME_RSA_COSINE, "cmp_cosine"},         {CTOME_RSA_PEARSON, "cmp_pearson"},
                 {CTOME_RSA_SPEARMAN, "cmp_spearman"},     {CTOME_RSA_KENDALL_TAU_A, "cmp_kendall"},
                 {CTOME_RSA_RHO_A, "cmp_rho_a"},           {CTOME_RSA_WHITENED_COSINE, "cmp_whitened_cosine"}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        assert_int_equal(ctome_rsa_compare(6, a, b, cases[c].m, &v), CTOME_OK);
        ref(cases[c].key, r, 4);
        assert_close(v, r[0], 1e-10);
        /* the permutation machinery's observed value is the same number */
        double obs, p;
        assert_int_equal(ctome_rsa_perm_test(6, a, b, cases[c].m, 10, 1, 1, &obs, &p, NULL), CTOME_OK);
        assert_close(obs, r[0], 1e-10);
    }
    ctome_rsa_table_free(t);
}

static void test_geodesic(void **state)
{
    (void)state;
    double g[15], geo[15];
    ref("sqeuclidean", g, 15);
    assert_int_equal(ctome_rsa_gt_quantiles(15, g, 0.1, 0.7, g, NULL, NULL), CTOME_OK);
    check_vec("gt_euc_0.1_0.7", g, 15, 1e-12);
    assert_int_equal(ctome_rsa_geodesic(6, g, geo), CTOME_OK);
    check_vec("geodesic_euc_0.1_0.7", geo, 15, 1e-12);
    /* two groups: unconnected pairs get 1 */
    double pts[6] = {0, 0.1, 0.25, 5.0, 5.2, 5.3}, d2[15];
    size_t k = 0;
    for (int i = 0; i < 6; i++)
        for (int j = i + 1; j < 6; j++)
            d2[k++] = fabs(pts[i] - pts[j]);
    assert_int_equal(ctome_rsa_gt_quantiles(15, d2, 0.0, 0.4, d2, NULL, NULL), CTOME_OK);
    check_vec("gt_two_groups", d2, 15, 1e-12);
    assert_int_equal(ctome_rsa_geodesic(6, d2, d2), CTOME_OK);
    check_vec("geodesic_two_groups", d2, 15, 1e-9);
}

static void test_cluster_order(void **state)
{
    (void)state;
    /* conditions 0, 2, 4 close together, 1, 3 close together */
    double pos[5] = {0, 10, 0.5, 10.4, 1.1}, d[10];
    size_t k = 0, order[5];
    for (int i = 0; i < 5; i++)
        for (int j = i + 1; j < 5; j++)
            d[k++] = fabs(pos[i] - pos[j]);
    assert_int_equal(ctome_rsa_cluster_order(5, d, order), CTOME_OK);
    size_t want[5] = {0, 2, 4, 1, 3};
    for (int i = 0; i < 5; i++)
        assert_int_equal(order[i], want[i]);
}

/* Permutation p-values: reproducible by seed, identical for 1 and 2 threads,
 * small for related RDMs, and bootstrap intervals likewise. */
static void test_inference(void **state)
{
    (void)state;
    size_t n = 30, m = n * (n - 1) / 2;
    double *a = malloc(m * sizeof *a), *b = malloc(m * sizeof *b), *c = malloc(m * sizeof *c);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++, k++) {
            double di = sin(1.7 * (double)i), dj = sin(1.7 * (double)j);
            a[k] = fabs(di - dj);
            b[k] = fabs(di - dj) + 0.3 * fabs(cos(3.1 * (double)(i * j + 1)));
            c[k] = fabs(cos(2.3 * (double)(i * 7 + j * 3)));
        }
    for (int meth = 0; meth <= CTOME_RSA_WHITENED_COSINE; meth++) {
        double o1, p1, o2, p2, p3;
        size_t g1, g2;
        assert_int_equal(ctome_rsa_perm_test(n, a, b, meth, 500, 7, 1, &o1, &p1, &g1), CTOME_OK);
        assert_int_equal(ctome_rsa_perm_test(n, a, b, meth, 500, 7, 2, &o2, &p2, &g2), CTOME_OK);
        assert_true(p1 == p2 && o1 == o2 && g1 == g2);
        assert_close(p1, (1.0 + (double)g1) / 501.0, 1e-15);
        assert_true(p1 < 0.01);
        assert_int_equal(ctome_rsa_perm_test(n, a, b, meth, 500, 8, 2, NULL, &p3, NULL), CTOME_OK);
        assert_true(p3 < 0.01);
        /* unrelated RDM: not significant */
        assert_int_equal(ctome_rsa_perm_test(n, a, c, meth, 500, 7, 2, NULL, &p3, NULL), CTOME_OK);
        assert_true(p3 > 0.01);
        double lo1, hi1, se1, lo2, hi2, se2;
        size_t v1, v2;
        assert_int_equal(ctome_rsa_bootstrap(n, a, b, meth, 300, 3, 1, 0.95, &lo1, &hi1, &se1, &v1),
                         CTOME_OK);
        assert_int_equal(ctome_rsa_bootstrap(n, a, b, meth, 300, 3, 2, 0.95, &lo2, &hi2, &se2, &v2),
                         CTOME_OK);
        assert_true(lo1 == lo2 && hi1 == hi2 && se1 == se2 && v1 == v2);
        assert_int_equal(v1, 300);
        assert_true(lo1 < o1 + 1e-12 || meth == CTOME_RSA_WHITENED_COSINE);
        assert_true(lo1 <= hi1 && se1 > 0);
    }
    free(a);
    free(b);
    free(c);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_bad_input(void **state)
{
    (void)state;
    double one[1] = {0}, v;
    /* an RDM of one condition */
    assert_int_equal(ctome_rsa_compare(1, one, one, CTOME_RSA_SPEARMAN, &v), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "at least 2 conditions"));
    assert_int_equal(ctome_rsa_perm_test(1, one, one, CTOME_RSA_SPEARMAN, 10, 1, 1, &v, &v, NULL),
                     CTOME_EVALUE);
    double x[3] = {1, 2, 3};
    int cond[1] = {0};
    ctome_rsa_data d = {.n_obs = 1, .n_ch = 3, .n_cond = 1, .x = x, .cond = cond, .source = "one.csv"};
    assert_int_equal(ctome_rdm_compute(&d, CTOME_RDM_SQEUCLIDEAN, &v), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "one.csv"));
    /* NaN data */
    double xn[6] = {1, NAN, 3, 4, 5, 6};
    int cn[2] = {0, 1};
    ctome_rsa_data dn = {.n_obs = 2, .n_ch = 3, .n_cond = 2, .x = xn, .cond = cn, .source = "nan.csv"};
    assert_int_equal(ctome_rdm_compute(&dn, CTOME_RDM_SQEUCLIDEAN, &v), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "non-finite"));
    /* constant RDM: correlation undefined; constant pattern */
    double k3[3] = {1, 1, 1};
    assert_int_equal(ctome_rsa_compare(3, k3, x, CTOME_RSA_PEARSON, &v), CTOME_EVALUE);
    double xc[6] = {1, 1, 1, 1, 2, 3};
    ctome_rsa_data dc = {.n_obs = 2, .n_ch = 3, .n_cond = 2, .x = xc, .cond = cn, .source = "c.csv"};
    assert_int_equal(ctome_rdm_compute(&dc, CTOME_RDM_CORRELATION, &v), CTOME_EVALUE);
    /* crossnobis without folds */
    assert_int_equal(ctome_rdm_compute(&dc, CTOME_RDM_CROSSNOBIS, &v), CTOME_EVALUE);
    /* GT thresholds */
    assert_int_equal(ctome_rsa_gt_values(3, x, 0.5, 0.5, k3), CTOME_EVALUE);
    assert_int_equal(ctome_rsa_gt_quantiles(3, x, 0.8, 0.2, k3, NULL, NULL), CTOME_EVALUE);
    /* files */
    char *dir = tu_mkdtemp("rsa");
    char p[1024];
    write_file(tu_path(p, sizeof p, dir, "nan.csv"), "condition,a,b\nx,1,2\ny,NaN,3\n");
    ctome_rsa_table *t = NULL;
    assert_int_equal(ctome_rsa_read_csv(p, &t), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "nan.csv:3"));
    assert_null(t);
    write_file(tu_path(p, sizeof p, dir, "ragged.csv"), "condition,a,b\nx,1,2\ny,3\n");
    assert_int_equal(ctome_rsa_read_csv(p, &t), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "ragged.csv:3"));
    write_file(tu_path(p, sizeof p, dir, "word.csv"), "condition,a,b\nx,1,two\n");
    assert_int_equal(ctome_rsa_read_csv(p, &t), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "two"));
    write_file(tu_path(p, sizeof p, dir, "nochan.csv"), "condition\nx\n");
    assert_int_equal(ctome_rsa_read_csv(p, &t), CTOME_EFORMAT);
    /* an RDM file is recognised; a data file is not */
    write_file(tu_path(p, sizeof p, dir, "rdm.tsv"), "condition\ta\tb\tc\na\t0\t1\t2\nb\t1\t0\t3\nc\t2\t3\t0\n");
    assert_int_equal(ctome_rsa_read_csv(p, &t), CTOME_OK);
    double r3[3];
    assert_int_equal(ctome_rsa_table_rdm(t, r3), 1);
    assert_close(r3[2], 3, 0);
    ctome_rsa_table_free(t);
    write_file(tu_path(p, sizeof p, dir, "data.csv"), "condition,a,b\nx,1,2\ny,3,4\n");
    assert_int_equal(ctome_rsa_read_csv(p, &t), CTOME_OK);
    assert_int_equal(ctome_rsa_table_rdm(t, NULL), 0);
    ctome_rsa_table_free(t);
    tu_rmtree(dir);
    /* bad names */
    ctome_rsa_method m;
    ctome_rdm_method rm;
    assert_int_equal(ctome_rsa_method_parse("rho-a", &m), CTOME_OK);
    assert_int_equal(m, CTOME_RSA_RHO_A);
    assert_int_equal(ctome_rsa_method_parse("tau-b", &m), CTOME_EINVAL);
    assert_int_equal(ctome_rdm_method_parse("crossnobis", &rm), CTOME_OK);
    assert_int_equal(ctome_rdm_method_parse("euclid", &rm), CTOME_EINVAL);
}

/* A recording's traces as conditions = time windows, channels = neurons. */
static void test_from_traces(void **state)
{
    (void)state;
    /* 2 neurons x 9 samples; 2 windows ([0,4), [4,9)), 2 folds each */
    double tr[18] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, NAN, 2, 1, 1, 1, 1, 4};
    const char *labels[2] = {"AVAL", ""};
    ctome_rsa_table *t = NULL;
    assert_int_equal(ctome_rsa_table_from_traces("rec", 2, 9, tr, labels, 2, 2, &t), CTOME_OK);
    assert_int_equal(t->n_obs, 4);
    assert_string_equal(t->ch_names[0], "AVAL");
    assert_string_equal(t->ch_names[1], "roi2");
    assert_string_equal(t->cond_names[1], "w02");
    /* window 1 part 1 = samples 1-2, part 2 = 3-4 (NaN skipped); window 2
     * (5 samples) part 1 = 5-6, part 2 = 7-9 */
    assert_close(t->x[0], 1.5, 1e-15);
    assert_close(t->x[2], 3.5, 1e-15);
    assert_close(t->x[3], 2, 1e-15);
    assert_close(t->x[4], 5.5, 1e-15);
    assert_close(t->x[6], 8, 1e-15);
    assert_close(t->x[7], 2, 1e-15);
    assert_int_equal(t->fold[3], 1);
    assert_int_equal(t->cond[3], 1);
    ctome_rsa_table_free(t);
    assert_int_equal(ctome_rsa_table_from_traces("rec", 2, 9, tr, labels, 5, 2, &t), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "cannot fill"));
    double nan2[4] = {1, 2, NAN, NAN};
    assert_int_equal(ctome_rsa_table_from_traces("rec", 2, 2, nan2, NULL, 2, 1, &t), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "roi2"));
    assert_null(t);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_pair),      cmocka_unit_test(test_worked_ranks),
        cmocka_unit_test(test_gt_example),      cmocka_unit_test(test_rdms_fixture),
        cmocka_unit_test(test_compare_fixture), cmocka_unit_test(test_geodesic),
        cmocka_unit_test(test_cluster_order),   cmocka_unit_test(test_inference),
        cmocka_unit_test(test_bad_input),       cmocka_unit_test(test_from_traces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
