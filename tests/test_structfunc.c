/* test_structfunc.c — structure-function tests (lib/analysis/structfunc.h).
 *
 * Values: a hand-built case whose Spearman rho is derived below by hand; the
 * Varshney 2011 layers against the Uzel 2022 FC (matrix 1) checked against
 * tests/ref/structfunc_ref.py (xlrd + h5py + scipy on the raw files, output
 * in tests/ref/structfunc_ref.txt). */
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
#include "structfunc.h"
#include "testutil.h"

/* |a - b| <= tol (absolute), with both values printed on failure. */
#define assert_double_equal(a, b, tol)                                                             \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol)))                                                             \
            fail_msg("%s = %.17g, expected %.17g (tol %g)", #a, a_, b_, (double)(tol));            \
    } while (0)

static ctome_registry *REG;
static char *TMP;

static int setup(void **state)
{
    (void)state;
    return tu_group_setup("structfunc", &REG, &TMP);
}

static int teardown(void **state)
{
    (void)state;
    return tu_group_teardown(REG, TMP);
}

/* A functional matrix over names with values v (n x n), copied. */
static ctome_fmatrix *fmat(const char *id, size_t n, const char *const *names, const double *v)
{
    ctome_fmatrix *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->id = strdup(id);
    f->n = n;
    f->names = calloc(n, sizeof *f->names);
    f->m = malloc(n * n * sizeof *f->m);
    for (size_t i = 0; i < n; i++)
        f->names[i] = strdup(names[i]);
    memcpy(f->m, v, n * n * sizeof *v);
    return f;
}

/* Chemical (directed): AVAL->AVAR 3, AVAR->AVAL 1, AVAL->AVBL 2,
 * AVBR->RIML 5, RIML->PVCL 1, AVBL->AVBR 1, PVCL->AVAL 2. */
static ctome_connectome *small(void)
{
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("small", REG, &c), 0);
    tu_add(c, "chemical", "AVAL", "AVAR", 3);
    tu_add(c, "chemical", "AVAR", "AVAL", 1);
    tu_add(c, "chemical", "AVAL", "AVBL", 2);
    tu_add(c, "chemical", "AVBR", "RIML", 5);
    tu_add(c, "chemical", "RIML", "PVCL", 1);
    tu_add(c, "chemical", "AVBL", "AVBR", 1);
    tu_add(c, "chemical", "PVCL", "AVAL", 2);
    assert_int_equal(ctome_connectome_finalise(c), 0);
    return c;
}

#define NAN_ NAN
/* Symmetric F over AVAL, AVAR, AVBL, AVBR, DVA (DVA is not in the connectome). */
static const char *const F_NAMES[] = {"AVAL", "AVAR", "AVBL", "AVBR", "DVA"};
static const double F_VALS[] = {
    NAN_, 0.9, 0.5, 0.1, 0.3,
    0.9, NAN_, 0.2, -0.3, 0.3,
    0.5, 0.2, NAN_, 0.4, 0.3,
    0.1, -0.3, 0.4, NAN_, 0.3,
    0.3, 0.3, 0.3, 0.3, NAN_,
};

/* Shared = AVAL, AVAR, AVBL, AVBR (node order).  Unordered pairs, structural
 * = w_ij + w_ji:  (AVAL,AVAR) 4, (AVAL,AVBL) 2, (AVAL,AVBR) 0, (AVAR,AVBL) 0,
 * (AVAR,AVBR) 0, (AVBL,AVBR) 1;  functional 0.9, 0.5, 0.1, 0.2, -0.3, 0.4.
 * Ranks x: 6 5 2 2 2 4; y: 6 5 2 3 1 4; centred (-3.5): x 2.5 1.5 -1.5 -1.5
 * -1.5 0.5, y 2.5 1.5 -1.5 -0.5 -2.5 0.5; sum xy = 15.5, sum x^2 = 15.5,
 * sum y^2 = 17.5: rho = 15.5 / sqrt(15.5 * 17.5) = sqrt(15.5 / 17.5). */
static void test_hand_case(void **state)
{
    (void)state;
    ctome_connectome *c = small();
    ctome_fmatrix *f = fmat("hand", 5, F_NAMES, F_VALS);
    ctome_structfunc_opts o;
    ctome_structfunc_opts_default(&o);
    o.n_nulls = 50;
    ctome_structfunc s;
    assert_int_equal(ctome_structfunc_compute(c, "chemical", f, &o, &s), 0);
    assert_int_equal(s.n_shared, 4);
    assert_string_equal(s.shared[0], "AVAL");
    assert_string_equal(s.shared[3], "AVBR");   /* sorted by name */
    assert_int_equal(s.symmetric, 1);
    assert_int_equal(s.layer_directed, 1);
    assert_int_equal(s.n_pairs, 6);
    const double want_x[] = {4, 2, 0, 0, 0, 1};
    for (size_t i = 0; i < 6; i++)
        assert_double_equal(s.structural[i], want_x[i], 0);
    assert_double_equal(s.rho, sqrt(15.5 / 17.5), 1e-12);
    assert_true(s.p > 0 && s.p <= 1);
    assert_double_equal(s.p, (1.0 + (double)s.n_ge) / 51.0, 1e-15);
    /* the RDM is complete here (all 6 pairs): rsa.h's Spearman and a p */
    assert_int_equal(s.rdm_pairs, 6);
    assert_true(isfinite(s.rdm_rho) && fabs(s.rdm_rho) <= 1);
    assert_true(isfinite(s.rdm_p));
    ctome_structfunc_clear(&s);

    /* the local Spearman equals rsa.h's (pearson of average ranks) */
    const double y[] = {0.9, 0.5, 0.1, 0.2, -0.3, 0.4};
    double r1, r2;
    assert_int_equal(ctome_structfunc_spearman(6, want_x, y, &r1), 0);
    assert_int_equal(ctome_rsa_compare(4, want_x, y, CTOME_RSA_SPEARMAN, &r2), 0);
    assert_double_equal(r1, r2, 1e-14);

    /* hop-count RDM: AVAL-AVAR 1, AVAL-AVBL 1, AVAL-AVBR 2, AVAR-AVBL 2,
     * AVAR-AVBR 3 (via AVAL, AVBL or via PVCL, RIML), AVBL-AVBR 1 */
    o.rdm = CTOME_SF_RDM_PATH;
    assert_int_equal(ctome_structfunc_compute(c, "chemical", f, &o, &s), 0);
    const double hops[] = {1, 1, 2, 2, 3, 1};
    const double fd[] = {0.1, 0.5, 0.9, 0.8, 1.3, 0.6};
    double want;
    assert_int_equal(ctome_structfunc_spearman(6, hops, fd, &want), 0);
    assert_double_equal(s.rdm_rho, want, 1e-12);
    ctome_structfunc_clear(&s);
    ctome_fmatrix_free(f);
    ctome_connectome_free(c);
}

/* A directed (asymmetric) F: ordered pairs, structural w(i -> j). */
static void test_directed(void **state)
{
    (void)state;
    ctome_connectome *c = small();
    const char *names[] = {"AVAL", "AVAR", "AVBL"};
    const double v[] = {NAN, 5, 1,
                        2, NAN, NAN,
                        3, 4, NAN};
    ctome_fmatrix *f = fmat("dir", 3, names, v);
    ctome_structfunc_opts o;
    ctome_structfunc_opts_default(&o);
    o.n_nulls = 20;
    ctome_structfunc s;
    assert_int_equal(ctome_structfunc_compute(c, "chemical", f, &o, &s), 0);
    assert_int_equal(s.symmetric, 0);
    /* pairs in row order: AVAL->AVAR (3; F 5), AVAL->AVBL (2; 1),
     * AVAR->AVAL (1; 2), AVBL->AVAL (0; 3), AVBL->AVAR (0; 4) */
    assert_int_equal(s.n_pairs, 5);
    const double x[] = {3, 2, 1, 0, 0}, y[] = {5, 1, 2, 3, 4};
    for (size_t i = 0; i < 5; i++) {
        assert_double_equal(s.structural[i], x[i], 0);
        assert_double_equal(s.func[i], y[i], 0);
    }
    double want;
    assert_int_equal(ctome_structfunc_spearman(5, x, y, &want), 0);
    assert_double_equal(s.rho, want, 1e-12);
    /* functional RDM incomplete (AVAR-AVBL has 4 only one way: mean of the
     * non-NaN = 4, so complete after all) */
    assert_int_equal(s.rdm_pairs, 3);
    ctome_structfunc_clear(&s);
    ctome_fmatrix_free(f);
    ctome_connectome_free(c);
}

static void test_recording_correlation(void **state)
{
    (void)state;
    ctome_recording *r;
    assert_int_equal(ctome_recording_new("rec", 4, 4, &r), 0);
    assert_int_equal(ctome_recording_set_label(r, 0, "AVAL", REG), 0);
    assert_int_equal(ctome_recording_set_label(r, 1, "AVAR", REG), 0);
    assert_int_equal(ctome_recording_set_label(r, 2, "", REG), 0);
    assert_int_equal(ctome_recording_set_label(r, 3, "AVBL", REG), 0);
    const double tr[] = {1, 2, 3, 4,
                         2, 4, 6, 8,
                         5, 1, 5, 1,
                         NAN, 3, 1, 2};
    memcpy(r->traces, tr, sizeof tr);
    ctome_fmatrix *f;
    assert_int_equal(ctome_recording_correlation(r, &f), 0);
    assert_int_equal(f->n, 3);   /* the unlabelled ROI is left out */
    assert_string_equal(f->names[2], "AVBL");
    assert_double_equal(f->m[0 * 3 + 1], 1.0, 1e-12);
    /* AVAL vs AVBL over t = 1..3: x 2 3 4, z 3 1 2: r = -1 / sqrt(2 * 2) */
    assert_double_equal(f->m[0 * 3 + 2], -0.5, 1e-12);
    assert_double_equal(f->m[2 * 3 + 0], -0.5, 1e-12);
    assert_double_equal(f->m[1 * 3 + 1], 1.0, 0);
    ctome_fmatrix_free(f);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(ctome_recording_set_label(r, i, "", REG), 0);
    assert_int_equal(ctome_recording_correlation(r, &f), CTOME_EVALUE);
    assert_null(f);
    ctome_recording_free(r);
}

static void test_varshney_uzel(void **state)
{
    (void)state;
    ctome_connectome *c;
    assert_int_equal(ctome_dataset_load("varshney2011", CTOME_TEST_DATA, REG, &c), 0);
    ctome_fmatrix *f;
    assert_int_equal(ctome_structfunc_functional("uzel2022-fc", CTOME_TEST_DATA, REG, 0, &f), 0);
    assert_string_equal(f->id, "uzel2022-fc:1");
    ctome_structfunc_opts o;
    ctome_structfunc_opts_default(&o);
    o.n_nulls = 40;
    o.seed = 7;
    o.threads = 1;
    ctome_structfunc s1, s2, s3;
    /* tests/ref/structfunc_ref.txt:
     * varshney2011_chemical_uzel1 vertices 279 shared 66 pairs 2092 rho 0.042229804418
     *   rdm_pairs 2092 rdm_rho 0.040845898928 */
    assert_int_equal(ctome_structfunc_compute(c, "chemical", f, &o, &s1), 0);
    assert_int_equal(s1.n_shared, 66);
    assert_int_equal(s1.n_pairs, 2092);
    assert_double_equal(s1.rho, 0.042229804418, 1e-9);
    assert_int_equal(s1.rdm_pairs, 2092);
    assert_double_equal(s1.rdm_rho, 0.040845898928, 1e-6);
    assert_true(isnan(s1.rdm_p));   /* incomplete functional RDM: no permutation p */
    /* reproducible by seed, identical for 1 and 2 threads */
    o.threads = 2;
    assert_int_equal(ctome_structfunc_compute(c, "chemical", f, &o, &s2), 0);
    assert_int_equal(s1.n_ge, s2.n_ge);
    assert_double_equal(s1.p, s2.p, 0);
    assert_memory_equal(&s1.null_mean, &s2.null_mean, sizeof(double));
    assert_memory_equal(&s1.null_sd, &s2.null_sd, sizeof(double));
    o.seed = 8;
    assert_int_equal(ctome_structfunc_compute(c, "chemical", f, &o, &s3), 0);
    assert_true(s3.null_mean != s1.null_mean);
    ctome_structfunc_clear(&s1);
    ctome_structfunc_clear(&s2);
    ctome_structfunc_clear(&s3);
    /* varshney2011_electrical_uzel1 vertices 253 shared 64 pairs 1982 rho 0.196109435274
     *   rdm_pairs 1982 rdm_rho 0.151246183322 */
    o.threads = 0;
    assert_int_equal(ctome_structfunc_compute(c, "electrical", f, &o, &s1), 0);
    assert_int_equal(s1.n_shared, 64);
    assert_int_equal(s1.n_pairs, 1982);
    assert_int_equal(s1.layer_directed, 0);
    assert_double_equal(s1.rho, 0.196109435274, 1e-9);
    assert_double_equal(s1.rdm_rho, 0.151246183322, 1e-6);
    ctome_structfunc_clear(&s1);
    ctome_fmatrix_free(f);
    ctome_connectome_free(c);
}

static void test_randi(void **state)
{
    (void)state;
    ctome_fmatrix *z, *n;
    assert_int_equal(ctome_structfunc_functional("randi2023-funconn", CTOME_TEST_DATA, REG, 0, &z), 0);
    assert_int_equal(ctome_structfunc_functional("randi2023-funconn", CTOME_TEST_DATA, REG, 1, &n), 0);
    assert_int_equal(z->n, n->n);
    size_t nz = 0, nn = 0, zero = 0;
    for (size_t i = 0; i < z->n * z->n; i++) {
        nz += !isnan(z->m[i]);
        nn += !isnan(n->m[i]);
        zero += z->m[i] == 0;
    }
    assert_int_equal(nz, z->n * (z->n - 1));   /* zero mode: every off-diagonal pair */
    assert_int_equal(nz, nn + zero);            /* NaN mode: the non-zero entries only */
    assert_true(nn > 1000);
    ctome_fmatrix_free(z);
    ctome_fmatrix_free(n);
}

static void test_bad_input(void **state)
{
    (void)state;
    ctome_connectome *c = small();
    ctome_structfunc_opts o;
    ctome_structfunc_opts_default(&o);
    o.n_nulls = 10;
    ctome_structfunc s;
    /* no shared neurons */
    const char *names[] = {"DVA", "DVB"};
    const double v[] = {NAN, 0.5, 0.5, NAN};
    ctome_fmatrix *f = fmat("none", 2, names, v);
    assert_int_equal(ctome_structfunc_compute(c, "chemical", f, &o, &s), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "no shared neurons"));
    assert_int_equal(s.n_shared, 0);
    assert_null(s.shared);
    ctome_fmatrix_free(f);
    /* missing layer */
    f = fmat("hand", 5, F_NAMES, F_VALS);
    assert_int_equal(ctome_structfunc_compute(c, "peptide", f, &o, &s), CTOME_ENOTFOUND);
    /* no nulls */
    o.n_nulls = 0;
    assert_int_equal(ctome_structfunc_compute(c, "chemical", f, &o, &s), CTOME_EINVAL);
    ctome_fmatrix_free(f);
    ctome_connectome_free(c);
    /* unknown functional source, bad Uzel matrix number, a recording without labels */
    ctome_fmatrix *g = (ctome_fmatrix *)1;
    assert_int_equal(ctome_structfunc_functional("nosuch-source", CTOME_TEST_DATA, REG, 0, &g),
                     CTOME_ENOTFOUND);
    assert_null(g);
    assert_non_null(strstr(ctome_error_message(), "unknown functional source 'nosuch-source'"));
    assert_int_equal(ctome_structfunc_functional("uzel2022-fc:12", CTOME_TEST_DATA, REG, 0, &g), CTOME_EINVAL);
    assert_int_equal(ctome_structfunc_functional("cook2019-herm", CTOME_TEST_DATA, REG, 0, &g), CTOME_EVALUE);
    assert_int_equal(ctome_structfunc_functional("scholz2018-gfp", CTOME_TEST_DATA, REG, 0, &g), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "no labelled neuron"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_case),
        cmocka_unit_test(test_directed),
        cmocka_unit_test(test_recording_correlation),
        cmocka_unit_test(test_varshney_uzel),
        cmocka_unit_test(test_randi),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
