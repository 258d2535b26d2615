/* test_rank.c — singular values, effective rank, participation ratio,
 * stable rank and spectral radius (lib/analysis/rank.h).
 *
 * References: the hand values (effective rank of diag(3,2,1) =
 * 2.749459274, PR of {3,2,1} = 36/14), small matrices worked by hand, and
 * numpy values from tests/ref/rank_ref.py (output tests/ref/rank_ref.txt)
 * for the Varshney 2011 chemical layer (weighted and binary) and the bundled
 * Atanas 2023 recording and its covariance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "rank.h"
#include "testutil.h"
#include "topology.h"

#define assert_close(a, b, tol)                                                                    \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol) * (1 + fabs(b_)))) {                                          \
            print_error("%s = %.15g, expected %.15g (tol %g)\n", #a, a_, b_, (double)(tol));       \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

static ctome_registry *REG;
static char *TMP;

/* The value of `matrix key` in tests/ref/rank_ref.txt. */
static double ref(const char *matrix, const char *key)
{
    char line[512];
    return strtod(tu_ref(line, sizeof line, "rank_ref.txt", "%s %s", matrix, key), NULL);
}

/* Every numpy value of one matrix, relative tolerance tol. */
static void check_ref(const char *name, const ctome_rank *r, double tol)
{
    assert_int_equal(r->rows, (size_t)ref(name, "rows"));
    assert_int_equal(r->cols, (size_t)ref(name, "cols"));
    assert_close(r->effective_rank, ref(name, "effective_rank"), tol);
    assert_close(r->participation_ratio, ref(name, "participation_ratio"), tol);
    assert_close(r->stable_rank, ref(name, "stable_rank"), tol);
    double rho = ref(name, "spectral_radius");
    if (isnan(rho))
        assert_true(isnan(r->spectral_radius));
    else
        assert_close(r->spectral_radius, rho, tol);
    double sum = 0;
    for (size_t k = 0; k < r->n_sv; k++) {
        sum += r->sv[k];
        if (k)
            assert_true(r->sv[k] <= r->sv[k - 1]);
    }
    assert_close(sum, ref(name, "sv_sum"), tol);
    for (int k = 0; k < 5; k++) {
        char key[16];
        snprintf(key, sizeof key, "sv_%d", k + 1);
        assert_close(r->sv[k], ref(name, key), tol);
    }
}

static int setup(void **state)
{
    (void)state;
    return tu_group_setup("rank", &REG, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_group_teardown(REG, TMP);
}

/* The value: p = (1/2, 1/3, 1/6). */
static void test_diag321(void **state)
{
    (void)state;
    const double a[9] = {3, 0, 0, 0, 2, 0, 0, 0, 1};
    ctome_rank r;
    assert_int_equal(ctome_rank_matrix(a, 3, 3, CTOME_RANK_PR_GRAM, &r), CTOME_OK);
    assert_int_equal(r.n_sv, 3);
    assert_close(r.sv[0], 3, 1e-14);
    assert_close(r.sv[1], 2, 1e-14);
    assert_close(r.sv[2], 1, 1e-14);
    assert_close(r.effective_rank, 2.749459274, 1e-9);
    /* l = s^2 = {9, 4, 1}: 14^2 / 98 = 2 */
    assert_close(r.participation_ratio, 2.0, 1e-13);
    assert_close(r.stable_rank, 14.0 / 9.0, 1e-13);
    assert_close(r.spectral_radius, 3.0, 1e-13);
    ctome_rank_free(&r);
    /* as a covariance: l = s = {3, 2, 1} */
    assert_int_equal(ctome_rank_matrix(a, 3, 3, CTOME_RANK_PR_PSD, &r), CTOME_OK);
    assert_close(r.participation_ratio, 36.0 / 14.0, 1e-13);
    ctome_rank_free(&r);
}

static void test_scalar_functions(void **state)
{
    (void)state;
    const double l[3] = {3, 2, 1};
    assert_close(ctome_rank_participation(l, 3), 36.0 / 14.0, 1e-14);
    assert_close(ctome_rank_effective(l, 3), 2.749459274, 1e-9);
    assert_close(ctome_rank_stable(l, 3), 14.0 / 9.0, 1e-14);
    const double eq[4] = {2, 2, 2, 2}, one[3] = {5, 0, 0}, zero[2] = {0, 0};
    assert_close(ctome_rank_effective(eq, 4), 4.0, 1e-14);
    assert_close(ctome_rank_participation(eq, 4), 4.0, 1e-14);
    assert_close(ctome_rank_stable(eq, 4), 4.0, 1e-14);
    assert_close(ctome_rank_effective(one, 3), 1.0, 1e-14);   /* 0 ln 0 = 0 */
    assert_true(isnan(ctome_rank_effective(zero, 2)));
    assert_true(isnan(ctome_rank_participation(zero, 2)));
    assert_true(isnan(ctome_rank_stable(NULL, 0)));
}

/* Hand values on small matrices. */
static void test_by_hand(void **state)
{
    (void)state;
    ctome_rank r;
    /* 2 x 3, s = {2, 1}: stable 5/4, erank exp(H(2/3, 1/3)), no radius */
    const double a[6] = {2, 0, 0, 0, 1, 0};
    assert_int_equal(ctome_rank_matrix(a, 2, 3, CTOME_RANK_PR_GRAM, &r), CTOME_OK);
    assert_int_equal(r.n_sv, 2);
    assert_close(r.stable_rank, 1.25, 1e-14);
    assert_close(r.effective_rank, exp(-(2.0 / 3 * log(2.0 / 3) + 1.0 / 3 * log(1.0 / 3))), 1e-13);
    assert_close(r.participation_ratio, 25.0 / 17.0, 1e-13);   /* l = {4, 1} */
    assert_true(isnan(r.spectral_radius));
    ctome_rank_free(&r);
    /* rank one: [[1,2],[2,4]] = v v^T, s = {5, 0} */
    const double b[4] = {1, 2, 2, 4};
    assert_int_equal(ctome_rank_matrix(b, 2, 2, CTOME_RANK_PR_GRAM, &r), CTOME_OK);
    assert_close(r.sv[0], 5, 1e-13);
    assert_close(r.stable_rank, 1, 1e-13);
    assert_close(r.effective_rank, 1, 1e-7);
    assert_close(r.spectral_radius, 5, 1e-13);
    ctome_rank_free(&r);
    /* the scaled rotation [[0,2],[-2,0]]: eigenvalues +-2i, so radius 2 (the
     * dgeev branch), s = {2, 2} */
    const double c[4] = {0, 2, -2, 0};
    assert_int_equal(ctome_rank_matrix(c, 2, 2, CTOME_RANK_PR_GRAM, &r), CTOME_OK);
    assert_close(r.spectral_radius, 2, 1e-13);
    assert_close(r.stable_rank, 2, 1e-13);
    assert_close(r.effective_rank, 2, 1e-13);
    ctome_rank_free(&r);
    /* a Jordan block: radius 1 although s_1 = (1 + sqrt 5)/2 */
    const double j[4] = {1, 1, 0, 1};
    double rho;
    assert_int_equal(ctome_rank_spectral_radius(j, 2, &rho), CTOME_OK);
    assert_close(rho, 1, 1e-13);
    double s[2];
    assert_int_equal(ctome_rank_singular_values(j, 2, 2, s), CTOME_OK);
    assert_close(s[0], (1 + sqrt(5)) / 2, 1e-13);
    assert_close(s[1], (sqrt(5) - 1) / 2, 1e-13);
}

static void check_layer(int binary)
{
    ctome_connectome *c = NULL;
    assert_int_equal(ctome_dataset_load("varshney2011", CTOME_TEST_DATA, REG, &c), CTOME_OK);
    ctome_rank r;
    int rc = ctome_rank_layer(c, "chemical", CTOME_SCOPE_AUTO, binary, &r);
    if (rc)
        print_error("%s\n", ctome_error_message());
    assert_int_equal(rc, CTOME_OK);
    check_ref(binary ? "varshney2011_chemical_binary" : "varshney2011_chemical_weighted", &r, 1e-9);
    if (binary) {
        /* the same number as the topology statistic on the graph */
        ctome_graph *g = NULL;
        double rho;
        assert_int_equal(ctome_graph_from_layer(c, "chemical", NULL, &g), CTOME_OK);
        assert_int_equal(ctome_spectral_radius(g, &rho), CTOME_OK);
        assert_close(r.spectral_radius, rho, 1e-9);
        ctome_graph_free(g);
    }
    ctome_rank_free(&r);
    /* a missing layer names the layers there are */
    assert_int_equal(ctome_rank_layer(c, "nosuchlayer", CTOME_SCOPE_AUTO, 0, &r), CTOME_ENOTFOUND);
    ctome_connectome_free(c);
}

static void test_layer_weighted(void **state)
{
    (void)state;
    check_layer(0);
}

static void test_layer_binary(void **state)
{
    (void)state;
    check_layer(1);
}

/* The bundled Atanas 2023 recording, read here with jansson (independent of
 * the recording readers): 1600 frames [t, [98 values]]. */
static void load_atanas(ctome_recording *r)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/activity/atanas2023_threlfall_subset/time_trace.json", CTOME_TEST_DATA);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    assert_non_null(root);
    size_t t = json_array_size(root), n = json_array_size(json_array_get(json_array_get(root, 0), 1));
    assert_int_equal(t, 1600);
    assert_int_equal(n, 98);
    memset(r, 0, sizeof *r);
    r->id = "atanas2023-sample";
    r->n_neurons = n;
    r->n_time = t;
    r->traces = malloc(n * t * sizeof *r->traces);
    r->time = malloc(t * sizeof *r->time);
    assert_true(r->traces && r->time);
    for (size_t j = 0; j < t; j++) {
        json_t *fr = json_array_get(root, j);
        r->time[j] = json_real_value(json_array_get(fr, 0));
        json_t *v = json_array_get(fr, 1);
        for (size_t i = 0; i < n; i++)
            r->traces[i * t + j] = json_number_value(json_array_get(v, i));
    }
    json_decref(root);
}

static void free_rec(ctome_recording *r)
{
    free(r->traces);
    free(r->time);
}

static void test_recording(void **state)
{
    (void)state;
    ctome_recording rec;
    load_atanas(&rec);
    ctome_rank r;
    assert_int_equal(ctome_rank_recording(&rec, 0, &r), CTOME_OK);
    assert_int_equal(r.n_dropped, 0);
    check_ref("atanas2023_recording", &r, 1e-9);
    ctome_rank_free(&r);
    assert_int_equal(ctome_rank_recording(&rec, 1, &r), CTOME_OK);
    check_ref("atanas2023_covariance", &r, 1e-9);
    ctome_rank_free(&r);
    free_rec(&rec);
}

/* NaN samples are dropped (listwise): the result equals the recording
 * without those samples; no complete sample is an error. */
static void test_recording_nan(void **state)
{
    (void)state;
    ctome_recording rec = {0}, ref_rec = {0};
    double tr[3 * 5] = {1, 2, NAN, 4, 0, 0, 1, 5, 1, 2, 3, 1, 2, 7, 1};
    double tr2[3 * 4] = {1, 2, 4, 0, 0, 1, 1, 2, 3, 1, 7, 1};
    rec.id = "crafted";
    rec.n_neurons = ref_rec.n_neurons = 3;
    rec.n_time = 5;
    ref_rec.n_time = 4;
    rec.traces = tr;
    ref_rec.traces = tr2;
    for (int cov = 0; cov <= 1; cov++) {
        ctome_rank a, b;
        assert_int_equal(ctome_rank_recording(&rec, cov, &a), CTOME_OK);
        assert_int_equal(ctome_rank_recording(&ref_rec, cov, &b), CTOME_OK);
        assert_int_equal(a.n_dropped, 1);
        assert_int_equal(a.cols, b.cols);
        assert_close(a.effective_rank, b.effective_rank, 1e-13);
        assert_close(a.participation_ratio, b.participation_ratio, 1e-13);
        assert_close(a.stable_rank, b.stable_rank, 1e-13);
        ctome_rank_free(&a);
        ctome_rank_free(&b);
    }
    /* one neuron NaN everywhere but one sample: 1 complete sample */
    double bad[2 * 3] = {1, 2, 3, NAN, 1, NAN};
    ctome_recording r2 = {.id = "allnan", .n_neurons = 2, .n_time = 3, .traces = bad};
    ctome_rank x;
    assert_int_equal(ctome_rank_recording(&r2, 0, &x), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "allnan"));
    ctome_recording r3 = {.id = "empty"};
    assert_int_equal(ctome_rank_recording(&r3, 0, &x), CTOME_EVALUE);
}

static void test_bad_matrix(void **state)
{
    (void)state;
    ctome_rank r;
    const double a[4] = {1, 2, NAN, 4};
    assert_int_equal(ctome_rank_matrix(a, 2, 2, CTOME_RANK_PR_GRAM, &r), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "row 2, column 1"));
    assert_null(r.sv);
    assert_int_equal(ctome_rank_matrix(a, 0, 2, CTOME_RANK_PR_GRAM, &r), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "empty"));
    const double z[4] = {0, 0, 0, 0};
    assert_int_equal(ctome_rank_matrix(z, 2, 2, CTOME_RANK_PR_GRAM, &r), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "all zero"));
    const double inf[2] = {1, INFINITY};
    double s[1], rho;
    assert_int_equal(ctome_rank_singular_values(inf, 1, 2, s), CTOME_EVALUE);
    assert_int_equal(ctome_rank_spectral_radius(a, 2, &rho), CTOME_EVALUE);
    assert_true(isnan(rho));
}

static void test_read_matrix(void **state)
{
    (void)state;
    double *a;
    size_t rows, cols;
    char *p = tu_write_in(TMP, "w.csv", "# weights\nw1,w2,w3\n1, 2, 3\n\n4,5,6e0\n");
    assert_int_equal(ctome_rank_read_matrix(p, &a, &rows, &cols), CTOME_OK);
    assert_int_equal(rows, 2);
    assert_int_equal(cols, 3);
    assert_close(a[5], 6, 0);
    assert_close(a[1], 2, 0);
    free(a);
    free(p);
    /* no header, tabs */
    p = tu_write_in(TMP, "w.tsv", "1\t0\n0\t-2\n");
    assert_int_equal(ctome_rank_read_matrix(p, &a, &rows, &cols), CTOME_OK);
    assert_int_equal(rows * cols, 4);
    assert_close(a[3], -2, 0);
    free(a);
    free(p);
    /* NaN: an error naming row and column */
    p = tu_write_in(TMP, "nan.csv", "a,b\n1,2\n3,NaN\n");
    assert_int_equal(ctome_rank_read_matrix(p, &a, &rows, &cols), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "row 2, column 2"));
    assert_null(a);
    free(p);
    /* header only: empty */
    p = tu_write_in(TMP, "empty.csv", "a,b,c\n");
    assert_int_equal(ctome_rank_read_matrix(p, &a, &rows, &cols), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "empty matrix"));
    free(p);
    /* ragged */
    p = tu_write_in(TMP, "ragged.csv", "1,2\n3\n");
    assert_int_equal(ctome_rank_read_matrix(p, &a, &rows, &cols), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), ":2"));
    free(p);
    /* a word in a data row */
    p = tu_write_in(TMP, "word.csv", "1,2\n3,abc\n");
    assert_int_equal(ctome_rank_read_matrix(p, &a, &rows, &cols), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "abc"));
    free(p);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diag321),
        cmocka_unit_test(test_scalar_functions),
        cmocka_unit_test(test_by_hand),
        cmocka_unit_test(test_layer_weighted),
        cmocka_unit_test(test_layer_binary),
        cmocka_unit_test(test_recording),
        cmocka_unit_test(test_recording_nan),
        cmocka_unit_test(test_bad_matrix),
        cmocka_unit_test(test_read_matrix),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
