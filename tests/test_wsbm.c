/* test_wsbm.c — weighted stochastic block model (wsbm.h).
 *
 * Known answers derived by hand: digamma at 1, 1/2, 3; the variational bound
 * of a 4-node two-block graph at the true hard assignment for both weight
 * families (closed forms below); the posterior mean weights there.
 * Properties: the bound never decreases over iterations; two obvious blocks
 * are recovered with K = 2 chosen by the bound; same seed, same bytes;
 * multiplying every weight by c leaves the partition and shifts the bound by
 * exactly -P log c (P observed pairs, derived from the data-scaled prior);
 * bad input is refused with a message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rng.h"
#include "wsbm.h"

#define assert_double_equal(a, b, tol)                                                               \
    do {                                                                                             \
        double a_ = (a), b_ = (b);                                                                   \
        if (!(fabs(a_ - b_) <= (tol)))                                                               \
            fail_msg("%s = %.15g, expected %.15g (tolerance %g)", #a, a_, b_, (double)(tol));        \
    } while (0)

static const double EULER_GAMMA = 0.57721566490153286061;

static void test_digamma(void **state)
{
    (void)state;
    assert_double_equal(ctome_digamma(1.0), -EULER_GAMMA, 1e-13);
    assert_double_equal(ctome_digamma(0.5), -EULER_GAMMA - 2 * log(2.0), 1e-13);
    /* psi(3) = psi(1) + 1 + 1/2 */
    assert_double_equal(ctome_digamma(3.0), 1.5 - EULER_GAMMA, 1e-13);
    /* recurrence across the switch to the asymptotic series at 10 */
    assert_double_equal(ctome_digamma(10.5) - ctome_digamma(9.5), 1 / 9.5, 1e-13);
}

/* Nodes {0, 1} and {2, 3}; within-block weights 1, between 0.25 (4 pairs). */
static void four_nodes(double *w)
{
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            w[i * 4 + j] = i == j ? 0 : (i < 2) == (j < 2) ? 1.0 : 0.25;
}

/* Exponential, a0 = 1, b0 = 0.5 (the mean weight, as ctome_wsbm_fit scales it).
 * At the hard truth: block AA has n = 1, s = 1 -> a = 2, b = 1.5 (BB alike);
 * AB has n = 4, s = 1 -> a = 5, b = 1.5.  Bound
 *   2 [lgamma 2 - 2 ln 1.5 + ln 0.5] + [lgamma 5 - 5 ln 1.5 + ln 0.5] - 4 ln 2
 *   = ln 24 - 9 ln 1.5 - 7 ln 2;
 * posterior mean weights b / a: 0.75 within, 0.3 between. */
static void test_bound_hand_exponential(void **state)
{
    (void)state;
    double w[16], mu[8] = {1, 0, 1, 0, 0, 1, 0, 1}, bound[5], mean[4];
    four_nodes(w);
    ctome_wsbm_prior p = {.family = CTOME_WSBM_EXPONENTIAL, .a0 = 1, .b0 = 0.5};
    size_t it;
    int conv;
    assert_int_equal(ctome_wsbm_run(w, 4, 2, &p, mu, 1, 0, bound, &it, &conv, mean), CTOME_OK);
    assert_int_equal(it, 1);
    assert_double_equal(bound[0], log(24.0) - 9 * log(1.5) - 7 * log(2.0), 1e-12);
    assert_double_equal(mean[0], 0.75, 1e-15);
    assert_double_equal(mean[3], 0.75, 1e-15);
    assert_double_equal(mean[1], 0.3, 1e-15);
    assert_double_equal(mean[2], 0.3, 1e-15);
}

/* Normal, a0 = 1, kappa0 = 1, m0 = 0.5 (mean weight), b0 = 0.125 (variance of
 * the six weights: (2 x 0.25 + 4 x 0.0625) / 6).
 * AA: n = 1, s1 = 1, s2 = 1: kappa = 2, m = (0.5 + 1) / 2 = 0.75, a = 1.5,
 *     b = 0.125 + (1 + 0.25 - 2 x 0.5625) / 2 = 0.1875;
 * AB: n = 4, s1 = 1, s2 = 0.25: kappa = 5, m = 0.3, a = 3,
 *     b = 0.125 + (0.25 + 0.25 - 5 x 0.09) / 2 = 0.15.
 * Term = lgamma a - a ln b - (lgamma 1 - ln 0.125) + ln(1 / kappa) / 2
 *        - n ln(2 pi) / 2; bound = 2 AA + AB - 4 ln 2. */
static void test_bound_hand_normal(void **state)
{
    (void)state;
    double w[16], mu[8] = {1, 0, 1, 0, 0, 1, 0, 1}, bound[5], mean[4];
    four_nodes(w);
    ctome_wsbm_prior p = {.family = CTOME_WSBM_NORMAL, .a0 = 1, .b0 = 0.125, .m0 = 0.5, .kappa0 = 1};
    size_t it;
    int conv;
    assert_int_equal(ctome_wsbm_run(w, 4, 2, &p, mu, 1, 0, bound, &it, &conv, mean), CTOME_OK);
    double l2pi = log(2 * M_PI);
    double aa = lgamma(1.5) - 1.5 * log(0.1875) + log(0.125) + 0.5 * log(0.5) - 0.5 * l2pi;
    double ab = lgamma(3.0) - 3 * log(0.15) + log(0.125) + 0.5 * log(0.2) - 2 * l2pi;
    assert_double_equal(bound[0], 2 * aa + ab - 4 * log(2.0), 1e-12);
    assert_double_equal(mean[0], 0.75, 1e-15);
    assert_double_equal(mean[1], 0.3, 1e-15);
}

/* 12 nodes, blocks {0..5}, {6..11}; weights ~ N(1, 0.15) within and
 * N(0.3, 0.15) between, clipped at 0, from a fixed stream. */
static void two_blocks(double *w, size_t n, double scale)
{
    ctome_rng g;
    ctome_rng_seed(&g, 7, 0);
    for (size_t i = 0; i < n; i++) {
        w[i * n + i] = 0;
        for (size_t j = i + 1; j < n; j++) {
            double v = ((i < n / 2) == (j < n / 2) ? 1.0 : 0.3) + 0.15 * ctome_rng_normal(&g);
            w[i * n + j] = w[j * n + i] = scale * (v > 0 ? v : 0);
        }
    }
}

static void test_monotone_and_recovery(void **state)
{
    (void)state;
    enum { N = 12, K = 2, IT = 200 };
    double w[N * N], mu[N * K], bound[IT];
    two_blocks(w, N, 1);
    for (int fam = 0; fam < 2; fam++) {
        ctome_wsbm_prior p = {.family = fam, .a0 = 1, .b0 = fam == CTOME_WSBM_NORMAL ? 0.15 : 0.6, .m0 = 0.6,
                              .kappa0 = 1};
        ctome_rng g;
        ctome_rng_seed(&g, 3, (uint64_t)fam);
        for (size_t i = 0; i < N; i++) {
            /* a noisy start leaning to the truth (the exponential model, whose
             * likelihood separates these blocks less, falls to the symmetric
             * fixed point mu = 1/2 from the normal model's 0.7 / 0.3 start) */
            double lean = fam == CTOME_WSBM_NORMAL ? 0.2 : 0.4;
            double u = (i < N / 2 ? 0.5 + lean : 0.5 - lean) + 0.2 * (ctome_rng_uniform(&g) - 0.5);
            mu[i * K] = u;
            mu[i * K + 1] = 1 - u;
        }
        size_t it;
        int conv;
        assert_int_equal(ctome_wsbm_run(w, N, K, &p, mu, IT, 1e-12, bound, &it, &conv, NULL), CTOME_OK);
        assert_true(conv);
        assert_true(it >= 3);
        for (size_t t = 1; t < it; t++)
            assert_true(bound[t] >= bound[t - 1] - 1e-9 * fabs(bound[t - 1]));
        /* the two blocks: every node's larger posterior on its true side */
        for (size_t i = 0; i < N; i++)
            assert_true((mu[i * K] > 0.5) == (i < N / 2));
    }
}

static void test_fit_select_determinism_scale(void **state)
{
    (void)state;
    enum { N = 12 };
    double w[N * N], w7[N * N];
    two_blocks(w, N, 1);
    two_blocks(w7, N, 7);
    for (int fam = 0; fam < 2; fam++) {
        ctome_wsbm_opts o;
        ctome_wsbm_opts_default(&o);
        o.family = fam;
        o.k_max = 4;
        o.starts = 5;
        ctome_wsbm a, b, c;
        assert_int_equal(ctome_wsbm_fit(w, N, &o, &a), CTOME_OK);
        assert_int_equal(a.k, 2);
        assert_int_equal(a.n_blocks, 2);
        for (size_t i = 0; i < N; i++)
            assert_int_equal(a.membership[i], i < N / 2 ? 0 : 1);
        assert_true(a.bound_by_k[1] > a.bound_by_k[0]);
        assert_double_equal(a.bound, a.bound_by_k[1], 0);
        /* same seed, same bytes */
        assert_int_equal(ctome_wsbm_fit(w, N, &o, &b), CTOME_OK);
        assert_memory_equal(a.mu, b.mu, N * a.k * sizeof(double));
        assert_memory_equal(a.bound_by_k, b.bound_by_k, 4 * sizeof(double));
        /* scale: same partition, bound shifted by -P ln 7 (P = 66 pairs) */
        assert_int_equal(ctome_wsbm_fit(w7, N, &o, &c), CTOME_OK);
        assert_memory_equal(a.membership, c.membership, N * sizeof(int32_t));
        assert_double_equal(c.bound, a.bound - 66 * log(7.0), 1e-7 * fabs(a.bound));
        ctome_wsbm_clear(&a);
        ctome_wsbm_clear(&b);
        ctome_wsbm_clear(&c);
    }
}

static void test_errors(void **state)
{
    (void)state;
    double w[16];
    four_nodes(w);
    ctome_wsbm m;
    ctome_wsbm_opts o;
    ctome_wsbm_opts_default(&o);
    o.k_max = 5;
    assert_int_equal(ctome_wsbm_fit(w, 4, &o, &m), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "K 5"));
    o.k_max = 2;
    w[1] = 0.9;   /* asymmetric */
    assert_int_equal(ctome_wsbm_fit(w, 4, &o, &m), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "pair (0, 1) differ"));
    w[1] = w[4] = -1;
    assert_int_equal(ctome_wsbm_fit(w, 4, &o, &m), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "pair (0, 1) is -1"));
    for (size_t i = 0; i < 16; i++)
        w[i] = i % 5 ? 0.5 : 0;   /* all equal off the diagonal */
    assert_int_equal(ctome_wsbm_fit(w, 4, &o, &m), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "no variance"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digamma),
        cmocka_unit_test(test_bound_hand_exponential),
        cmocka_unit_test(test_bound_hand_normal),
        cmocka_unit_test(test_monotone_and_recovery),
        cmocka_unit_test(test_fit_select_determinism_scale),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
