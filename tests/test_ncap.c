/* test_ncap.c — the NCAP circuit (lib/models/ncap.h) and the MLP baseline
 * (lib/models/mlp.h), without physics.
 *
 * References: the issue's hand values (constant init, sharing, N = 5, t = 0,
 * inputs [0.5, -0.3, 0.8, 0, -1] -> torques [1, 0.5, -0.3, 0.8, 0]; head
 * torque -1 at t = 30), and circuits worked by hand from the equations of
 * Bhattasali, Zador & Engel 2022 (written out in ncap.h) with non-unit
 * weights; MLP outputs computed by hand for tiny networks. */
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
#include "mlp.h"
#include "ncap.h"
#include "swimmer.h"

#define assert_near(a, b, tol)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol))) {                                                           \
            print_error("%s = %.15g, expected %.15g (tol %g)\n", #a, a_, b_, (double)(tol));       \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

static ctome_ncap *make(int n_joints, int shared, int constrained, int constant, uint64_t seed)
{
    ctome_ncap_opts o;
    ctome_ncap_opts_default(&o, n_joints);
    o.shared = shared;
    o.constrained = constrained;
    o.constant_init = constant;
    o.init_seed = seed;
    ctome_ncap *n;
    assert_int_equal(ctome_ncap_create(&n, &o), CTOME_OK);
    return n;
}

/* The issue's exact test. */
static void test_issue_values(void **state)
{
    (void)state;
    ctome_ncap *n = make(5, 1, 1, 1, 0);
    assert_int_equal(ctome_ncap_n_params(n), 4);
    const double qn[5] = {0.5, -0.3, 0.8, 0, -1};
    const double want[5] = {1, 0.5, -0.3, 0.8, 0};
    double tau[5];
    ctome_ncap_step(n, qn, tau);
    for (int i = 0; i < 5; i++)
        assert_near(tau[i], want[i], 1e-15);
    /* t = 1 .. 29 still the dorsal half of the square wave; t = 30 ventral. */
    for (int t = 1; t < 30; t++) {
        ctome_ncap_step(n, qn, tau);
        assert_near(tau[0], 1, 0);
    }
    assert_int_equal(ctome_ncap_time(n), 30);
    ctome_ncap_step(n, qn, tau);
    assert_near(tau[0], -1, 0);
    for (int i = 1; i < 5; i++) /* the rest of the body follows the inputs, not the clock */
        assert_near(tau[i], want[i], 1e-15);
    for (int t = 31; t < 60; t++) {
        ctome_ncap_step(n, qn, tau);
        assert_near(tau[0], -1, 0);
    }
    ctome_ncap_step(n, qn, tau); /* t = 60: dorsal again */
    assert_near(tau[0], 1, 0);
    ctome_ncap_reset(n);
    assert_int_equal(ctome_ncap_time(n), 0);
    ctome_ncap_step(n, qn, tau);
    assert_near(tau[0], 1, 0);
    ctome_ncap_free(n);
}

/* Inputs are normalised by 2 pi / (N + 1) and clipped. */
static void test_normalise(void **state)
{
    (void)state;
    double lim = 2 * M_PI / 6;
    double q[5] = {0.5 * lim, -0.3 * lim, 2 * lim, 0, -7};
    double qn[5];
    ctome_ncap_normalise(5, q, qn);
    assert_near(qn[0], 0.5, 1e-15);
    assert_near(qn[1], -0.3, 1e-15);
    assert_near(qn[2], 1, 0);
    assert_near(qn[3], 0, 0);
    assert_near(qn[4], -1, 0);
    assert_near(ctome_swimmer_joint_limit(5), lim, 1e-15);
}

/* Non-unit weights worked by hand (ncap.h's equations):
 * prop 2, osc 0.8, ipsi 0.5, contra -0.25, N = 3, qn = [0.3, -0.6, 0.9], t = 0:
 *   joint 0: b_d = 0.8, b_v = 0 -> m_d = 0.4, m_v = clip(-0.2) = 0 -> 0.4
 *   joint 1: q+_0 = 0.3 -> b_d = 0.6 -> m_d = 0.3, m_v = clip(-0.15) = 0 -> 0.3
 *   joint 2: q-_1 = 0.6 -> b_v = clip(1.2) = 1 -> m_v = 0.5, m_d = 0 -> -0.5 */
static void test_hand_weights(void **state)
{
    (void)state;
    ctome_ncap *n = make(3, 1, 1, 1, 0);
    const double w[4] = {2, 0.8, 0.5, -0.25};
    assert_int_equal(ctome_ncap_set_params(n, w), CTOME_OK);
    const double qn[3] = {0.3, -0.6, 0.9};
    double tau[3], act[14];
    ctome_ncap_step(n, qn, tau);
    assert_near(tau[0], 0.4, 1e-15);
    assert_near(tau[1], 0.3, 1e-15);
    assert_near(tau[2], -0.5, 1e-15);
    assert_int_equal(ctome_ncap_n_units(n), 14);
    ctome_ncap_units(n, act);
    assert_near(act[0], 0.8, 1e-15);   /* B_d[0] */
    assert_near(act[9], 1, 0);         /* B_v[2], clipped */
    assert_near(act[11], 0.5, 1e-15);  /* M_v[2] */
    assert_near(act[12], 1, 0);        /* osc_d */
    assert_near(act[13], 0, 0);
    char buf[32];
    assert_string_equal(ctome_ncap_unit_name(n, 9, buf, sizeof buf), "B_v[2]");
    assert_string_equal(ctome_ncap_unit_name(n, 13, buf, sizeof buf), "osc_v");
    assert_string_equal(ctome_ncap_param_name(n, 3, buf, sizeof buf), "muscle_contra");
    double w4[4];
    assert_int_equal(ctome_ncap_shared_weights(n, w4), CTOME_OK);
    for (int k = 0; k < 4; k++)
        assert_near(w4[k], w[k], 0);

    /* With both B-neurons of a joint active the contralateral inhibition
     * shows: turn input right = 1 (dorsal) against the ventral oscillator
     * half.  ipsi 0.5, contra -0.25, osc 0.8, turn 1 at t = 30:
     * b_d = 1, b_v = 0.8 -> m_d = 0.5 - 0.2 = 0.3, m_v = 0.4 - 0.25 = 0.15. */
    ctome_ncap_opts o;
    ctome_ncap_opts_default(&o, 3);
    o.turn_control = 1;
    ctome_ncap *nt;
    assert_int_equal(ctome_ncap_create(&nt, &o), CTOME_OK);
    assert_int_equal(ctome_ncap_n_params(nt), 5);
    const double wt[5] = {2, 0.8, 0.5, -0.25, 1};
    assert_int_equal(ctome_ncap_set_params(nt, wt), CTOME_OK);
    ctome_ncap_set_commands(nt, 1, 0, 1);
    for (int t = 0; t <= 30; t++)
        ctome_ncap_step(nt, (const double[3]){0, 0, 0}, tau);
    assert_near(tau[0], 0.15, 1e-15);
    assert_near(tau[1], 0, 0);   /* only the head joint turns */
    ctome_ncap_free(nt);
    ctome_ncap_free(n);
}

/* Speed control: the brake (1 - speed) inhibits every B-neuron. */
static void test_speed(void **state)
{
    (void)state;
    ctome_ncap_opts o;
    ctome_ncap_opts_default(&o, 5);
    o.speed_control = 1;
    ctome_ncap *n;
    assert_int_equal(ctome_ncap_create(&n, &o), CTOME_OK);
    assert_int_equal(ctome_ncap_n_params(n), 5);
    assert_int_equal(ctome_ncap_param_sign(n, 4), -1);
    const double qn[5] = {0.5, -0.3, 0.8, 0, -1};
    double tau[5];
    ctome_ncap_step(n, qn, tau);   /* speed 1 by default: no brake */
    assert_near(tau[0], 1, 0);
    assert_near(tau[2], -0.3, 1e-15);
    ctome_ncap_set_commands(n, 0.4, 0, 0); /* brake 0.6: 0.8 - 0.6 = 0.2 at joint 3 */
    ctome_ncap_reset(n);
    ctome_ncap_step(n, qn, tau);
    assert_near(tau[0], 0.4, 1e-15);
    assert_near(tau[1], 0, 1e-15);
    assert_near(tau[3], 0.2, 1e-15);
    ctome_ncap_set_commands(n, 0, 0, 0);   /* full stop */
    ctome_ncap_step(n, qn, tau);
    for (int i = 0; i < 5; i++)
        assert_near(tau[i], 0, 0);
    ctome_ncap_free(n);
}

/* Sharing off: 6 N parameters in the reference order; constant init gives
 * the very same circuit as the shared one. */
static void test_no_sharing(void **state)
{
    (void)state;
    ctome_ncap *s = make(5, 1, 1, 1, 0), *u = make(5, 0, 1, 1, 0);
    assert_int_equal(ctome_ncap_n_params(u), 30);
    char buf[32];
    assert_string_equal(ctome_ncap_param_name(u, 0, buf, sizeof buf), "bneuron_d_osc_0");
    assert_string_equal(ctome_ncap_param_name(u, 3, buf, sizeof buf), "muscle_d_v_0");
    assert_string_equal(ctome_ncap_param_name(u, 6, buf, sizeof buf), "bneuron_d_prop_1");
    assert_int_equal(ctome_ncap_param_sign(u, 3), -1);
    double w4[4];
    assert_int_equal(ctome_ncap_shared_weights(u, w4), CTOME_EINVAL);
    ctome_rng r;
    ctome_rng_seed(&r, 42, 0);
    double qn[5], a[5], b[5];
    for (int t = 0; t < 200; t++) {
        for (int i = 0; i < 5; i++)
            qn[i] = 2.4 * ctome_rng_uniform(&r) - 1.2;
        ctome_ncap_step(s, qn, a);
        ctome_ncap_step(u, qn, b);
        for (int i = 0; i < 5; i++)
            assert_true(a[i] == b[i]);
    }
    /* One joint's own weight changes only that joint. */
    double th[30];
    ctome_ncap_get_params(u, th);
    th[6] = 0.5;   /* bneuron_d_prop_1 */
    assert_int_equal(ctome_ncap_set_params(u, th), CTOME_OK);
    ctome_ncap_reset(u);
    ctome_ncap_step(u, (const double[5]){0.8, 0.8, 0.8, 0.8, 0.8}, b);
    assert_near(b[1], 0.4, 1e-15);
    assert_near(b[2], 0.8, 1e-15);
    ctome_ncap_free(s);
    ctome_ncap_free(u);
}

/* Sign constraints: projection clamps; the circuit clamps at use too. */
static void test_constraints(void **state)
{
    (void)state;
    ctome_ncap *n = make(6, 0, 1, 0, 7);
    size_t k = ctome_ncap_n_params(n);
    assert_int_equal(k, 36);
    double *th = malloc(k * sizeof *th);
    ctome_ncap_get_params(n, th);
    /* random init: excitatory in [0, 1], inhibitory in [-1, 0] */
    for (size_t i = 0; i < k; i++) {
        int s = ctome_ncap_param_sign(n, i);
        assert_true(s * th[i] >= 0 && fabs(th[i]) <= 1);
    }
    ctome_rng r;
    ctome_rng_seed(&r, 3, 0);
    for (int rep = 0; rep < 20; rep++) {   /* "after every update" */
        for (size_t i = 0; i < k; i++)
            th[i] += 3 * ctome_rng_normal(&r);
        ctome_ncap_project(n, th);
        for (size_t i = 0; i < k; i++) {
            int s = ctome_ncap_param_sign(n, i);
            assert_true(s > 0 ? th[i] >= 0 : th[i] <= 0);
        }
        assert_int_equal(ctome_ncap_set_params(n, th), CTOME_OK);
    }
    free(th);
    ctome_ncap_free(n);

    /* A wrong-signed stored weight acts as 0 when constrained: prop = -1. */
    ctome_ncap *c = make(3, 1, 1, 1, 0);
    double w[4] = {-1, 1, 1, -1}, tau[3];
    assert_int_equal(ctome_ncap_set_params(c, w), CTOME_OK);
    ctome_ncap_step(c, (const double[3]){0.7, 0.7, 0.7}, tau);
    assert_near(tau[1], 0, 0);
    ctome_ncap_project(c, w);
    assert_near(w[0], 0, 0);
    ctome_ncap_free(c);

    /* Unconstrained: the negative proprioceptive weight flips the joint and
     * projection leaves the vector alone. */
    ctome_ncap *u = make(3, 1, 0, 1, 0);
    double wu[4] = {-1, 1, 1, -1};
    assert_int_equal(ctome_ncap_set_params(u, wu), CTOME_OK);
    ctome_ncap_step(u, (const double[3]){0.7, 0.7, 0.7}, tau);
    /* b_d = clip(-0.7) = 0, b_v = clip(-1 * 0) = 0 -> 0; and q- = 0 too */
    assert_near(tau[1], 0, 0);
    ctome_ncap_step(u, (const double[3]){-0.7, 0, 0}, tau);
    /* b_v = clip(-1 * 0.7) = 0: a negative excitatory weight silences */
    assert_near(tau[1], 0, 0);
    ctome_ncap_project(u, wu);
    assert_near(wu[0], -1, 0);
    ctome_ncap_free(u);
}

/* Initialisations: constant +1/-1; unconstrained constant = +-1 seeded;
 * unconstrained random in [-1, 1]; the same seed gives the same vector. */
static void test_init(void **state)
{
    (void)state;
    ctome_ncap *c = make(5, 1, 1, 1, 0);
    double th[30], th2[30];
    ctome_ncap_get_params(c, th);
    assert_near(th[0], 1, 0);
    assert_near(th[1], 1, 0);
    assert_near(th[2], 1, 0);
    assert_near(th[3], -1, 0);
    ctome_ncap_free(c);

    ctome_ncap *a = make(5, 0, 0, 1, 11), *b = make(5, 0, 0, 1, 11), *d = make(5, 0, 0, 1, 12);
    ctome_ncap_get_params(a, th);
    ctome_ncap_get_params(b, th2);
    int pos = 0, differ = 0;
    for (int i = 0; i < 30; i++) {
        assert_true(th[i] == 1 || th[i] == -1);
        assert_true(th[i] == th2[i]);
        pos += th[i] > 0;
    }
    assert_true(pos > 5 && pos < 25);   /* Binomial(30, 1/2): P(outside) < 1e-3 */
    ctome_ncap_get_params(d, th2);
    for (int i = 0; i < 30; i++)
        differ += th[i] != th2[i];
    assert_true(differ > 0);
    ctome_ncap_free(a);
    ctome_ncap_free(b);
    ctome_ncap_free(d);

    ctome_ncap *r = make(5, 0, 0, 0, 5);
    ctome_ncap_get_params(r, th);
    int neg = 0;
    for (int i = 0; i < 30; i++) {
        assert_true(th[i] >= -1 && th[i] <= 1);
        neg += th[i] < 0;
    }
    assert_true(neg > 5 && neg < 25);
    ctome_ncap_free(r);
}

/* Bad input: too few joints, odd period, NaN weights (nothing changed). */
static void test_errors(void **state)
{
    (void)state;
    ctome_ncap_opts o;
    ctome_ncap *n;
    ctome_ncap_opts_default(&o, 1);
    assert_int_equal(ctome_ncap_create(&n, &o), CTOME_EINVAL);
    assert_null(n);
    assert_non_null(strstr(ctome_error_message(), "got 1"));
    ctome_ncap_opts_default(&o, 5);
    o.period = 59;
    assert_int_equal(ctome_ncap_create(&n, &o), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "59"));
    o.period = 60;
    o.turn_control = 1;
    o.n_turn_joints = 6;
    assert_int_equal(ctome_ncap_create(&n, &o), CTOME_EINVAL);

    n = make(5, 1, 1, 1, 0);
    double w[4] = {0.5, NAN, 1, -1}, got[4];
    assert_int_equal(ctome_ncap_set_params(n, w), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "bneuron_osc"));
    w[1] = INFINITY;
    assert_int_equal(ctome_ncap_set_params(n, w), CTOME_EVALUE);
    ctome_ncap_get_params(n, got);
    assert_near(got[0], 1, 0);   /* unchanged */
    ctome_ncap_free(n);
}

/* A clone has the same weights and its own clock. */
static void test_clone(void **state)
{
    (void)state;
    ctome_ncap *n = make(4, 0, 1, 0, 9), *c;
    assert_int_equal(ctome_ncap_clone(n, &c), CTOME_OK);
    double a[24], b[24], ta[4], tb[4];
    ctome_ncap_get_params(n, a);
    ctome_ncap_get_params(c, b);
    assert_memory_equal(a, b, sizeof a);
    ctome_ncap_step(n, (const double[4]){0.1, 0.2, 0.3, 0.4}, ta);
    assert_int_equal(ctome_ncap_time(c), 0);
    ctome_ncap_step(c, (const double[4]){0.1, 0.2, 0.3, 0.4}, tb);
    assert_memory_equal(ta, tb, sizeof ta);
    ctome_ncap_free(n);
    ctome_ncap_free(c);
}

/* ---- MLP ----------------------------------------------------------------- */

/* Parameter count 6597 for the N = 5 swimmer (32 inputs, 2 x 64, 5 outputs);
 * PyTorch-default init bounds; seeded. */
static void test_mlp_init(void **state)
{
    (void)state;
    ctome_mlp_opts o;
    ctome_mlp_opts_default(&o, 32, 5);
    o.seed = 4;
    ctome_mlp *m, *m2;
    assert_int_equal(ctome_mlp_create(&m, &o), CTOME_OK);
    assert_int_equal(ctome_mlp_create(&m2, &o), CTOME_OK);
    size_t k = ctome_mlp_n_params(m);
    assert_int_equal(k, 32 * 64 + 64 + 64 * 64 + 64 + 64 * 5 + 5);
    double *a = malloc(k * sizeof *a), *b = malloc(k * sizeof *b);
    ctome_mlp_get_params(m, a);
    ctome_mlp_get_params(m2, b);
    assert_memory_equal(a, b, k * sizeof *a);
    double max0 = 0, max1 = 0;
    for (size_t i = 0; i < 32 * 64 + 64; i++)
        max0 = fmax(max0, fabs(a[i]));
    for (size_t i = 32 * 64 + 64; i < k; i++)
        max1 = fmax(max1, fabs(a[i]));
    assert_true(max0 <= 1 / sqrt(32.0) && max0 > 0.95 / sqrt(32.0));
    assert_true(max1 <= 1 / sqrt(64.0) && max1 > 0.95 / sqrt(64.0));
    /* NaN rejected, nothing changed */
    b[17] = NAN;
    assert_int_equal(ctome_mlp_set_params(m, b), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "17"));
    ctome_mlp_get_params(m, b);
    assert_memory_equal(a, b, k * sizeof *a);
    free(a);
    free(b);
    ctome_mlp_free(m);
    ctome_mlp_free(m2);
    o.n_layers = 9;
    assert_int_equal(ctome_mlp_create(&m, &o), CTOME_EINVAL);
}

/* 2 -> 2 -> 1 network by hand:
 * W1 = [[1, -1], [0.5, 2]], b1 = [0, -1], x = [0.3, 0.2]:
 *   h = tanh([0.1, -0.45]); W2 = [2, -3], b2 = 0.25: y = tanh(2 h0 - 3 h1 + 0.25). */
static void test_mlp_forward(void **state)
{
    (void)state;
    ctome_mlp_opts o;
    ctome_mlp_opts_default(&o, 2, 1);
    o.n_layers = 1;
    o.hidden = 2;
    ctome_mlp *m;
    assert_int_equal(ctome_mlp_create(&m, &o), CTOME_OK);
    assert_int_equal(ctome_mlp_n_params(m), 9);
    const double th[9] = {1, -1, 0.5, 2, 0, -1, 2, -3, 0.25};
    assert_int_equal(ctome_mlp_set_params(m, th), CTOME_OK);
    double y, h[2];
    ctome_mlp_forward(m, (const double[2]){0.3, 0.2}, &y);
    double h0 = tanh(0.1), h1 = tanh(-0.45);
    assert_near(y, tanh(2 * h0 - 3 * h1 + 0.25), 1e-15);
    ctome_mlp_units(m, h);
    assert_near(h[0], h0, 1e-15);
    assert_near(h[1], h1, 1e-15);
    ctome_mlp *c;
    assert_int_equal(ctome_mlp_clone(m, &c), CTOME_OK);
    double y2;
    ctome_mlp_forward(c, (const double[2]){0.3, 0.2}, &y2);
    assert_true(y == y2);
    ctome_mlp_free(c);
    ctome_mlp_free(m);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_values), cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_hand_weights), cmocka_unit_test(test_speed),
        cmocka_unit_test(test_no_sharing),   cmocka_unit_test(test_constraints),
        cmocka_unit_test(test_init),         cmocka_unit_test(test_errors),
        cmocka_unit_test(test_clone),        cmocka_unit_test(test_mlp_init),
        cmocka_unit_test(test_mlp_forward),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
