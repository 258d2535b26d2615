/* test_ei_stability.c — fixed point and linear stability of the E/I model
 * (lib/models/ei_stability.h).
 *
 * References (tests/ref/ei_stability_ref.py -> ei_stability_ref.txt, and by
 * hand):
 *  - two linear neurons, W = [[0, .5], [-.8, 0]], g = .3, tau = (1, .5),
 *    I = (1, 2): A = W - I - gL = [[-1.3, .8], [-.5, -1.3]], det A = 2.09,
 *    x* = -A^-1 I = (2.9, 2.1) / 2.09; J = diag(1, 2) A has trace -3.9 and
 *    det 4.18, so lambda = -1.95 +- i sqrt(1.51)/2 (= 0.61441...), |lambda| =
 *    sqrt(4.18); W has lambda^2 = -0.4, rho(W) = sqrt(0.4).
 *  - one tanh neuron, x = 2 tanh x: x = 0 is a fixed point with J = +1
 *    (unstable); the positive root x* = 1.9150080481545375 (brentq) has
 *    J = (-1 + 2 (1 - tanh^2 x*)) / tau = (1 - x*^2 / 2) / tau.
 *  - cook2019-herm: rho(W) equals the spectral radius from lib/analysis/rank.c
 *    of the same dense matrix, and the fixed point reached by Newton equals the
 *    end state of a long RK4 run when that is stable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connectome.h"
#include "datasets.h"
#include "ei.h"
#include "ei_ablate.h"
#include "ei_stability.h"
#include "error.h"
#include "rank.h"
#include "registry.h"
#include "testutil.h"

static ctome_registry *REG;
static ctome_connectome *COOK;

static void test_linear_two(void **state)
{
    (void)state;
    double w[4] = {0, 0.5, -0.8, 0}, g[4] = {0, 0.3, 0.3, 0};
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    o.f = CTOME_EI_LINEAR;
    ctome_ei *m;
    assert_int_equal(ctome_ei_from_dense(2, w, g, &o, &m), CTOME_OK);
    assert_int_equal(ctome_ei_set_tau(m, 1, 0.5), CTOME_OK);
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(2, &in), CTOME_OK);
    assert_int_equal(ctome_ei_input_constant(in, 0, 1.0), CTOME_OK);
    assert_int_equal(ctome_ei_input_constant(in, 1, 2.0), CTOME_OK);
    ctome_ei_stability s;
    assert_int_equal(ctome_ei_stability_run(m, in, NULL, &s), CTOME_OK);
    assert_true(s.converged);
    assert_true(s.iterations <= 2);   /* Newton is exact on a linear system */
    assert_true(s.residual < 1e-10);
    assert_float_equal(s.x[0], 2.9 / 2.09, 1e-12);
    assert_float_equal(s.x[1], 2.1 / 2.09, 1e-12);
    assert_int_equal(s.n_active, 2);
    assert_float_equal(s.eig_re[0], -1.95, 1e-12);
    assert_float_equal(s.eig_re[1], -1.95, 1e-12);
    assert_float_equal(fabs(s.eig_im[0]), sqrt(1.51) / 2, 1e-12);
    assert_float_equal(s.eig_im[0], -s.eig_im[1], 1e-12);
    assert_float_equal(s.max_real, -1.95, 1e-12);
    assert_true(s.stable);
    assert_float_equal(s.rho_j, sqrt(4.18), 1e-12);
    assert_float_equal(s.rho_w, sqrt(0.4), 1e-12);
    /* The Jacobian itself: J = diag(1/tau) A. */
    double J[4];
    assert_int_equal(ctome_ei_jacobian(m, s.x, J), CTOME_OK);
    assert_float_equal(J[0], -1.3, 1e-15);
    assert_float_equal(J[1], 0.8, 1e-15);
    assert_float_equal(J[2], -1.0, 1e-15);
    assert_float_equal(J[3], -2.6, 1e-15);
    ctome_ei_stability_free(&s);
    ctome_ei_input_free(in);
    ctome_ei_free(m);
}

static void test_tanh_one(void **state)
{
    (void)state;
    double w = 2.0;
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    o.f = CTOME_EI_TANH;
    ctome_ei *m;
    assert_int_equal(ctome_ei_from_dense(1, &w, NULL, &o, &m), CTOME_OK);
    /* From 0: x = 0 is already a fixed point, J = -1 + 2 = +1: unstable. */
    ctome_ei_stability s;
    assert_int_equal(ctome_ei_stability_run(m, NULL, NULL, &s), CTOME_OK);
    assert_true(s.converged);
    assert_int_equal(s.iterations, 0);
    assert_float_equal(s.x[0], 0.0, 0);
    assert_float_equal(s.max_real, 1.0, 1e-15);
    assert_false(s.stable);
    assert_float_equal(s.rho_w, 2.0, 1e-15);
    ctome_ei_stability_free(&s);
    /* From 1 with tau = 0.5: the positive root, stable. */
    assert_int_equal(ctome_ei_set_tau(m, 0, 0.5), CTOME_OK);
    ctome_ei_fp_opts fo;
    ctome_ei_fp_opts_default(&fo);
    double x0 = 1.0;
    fo.x0 = &x0;
    assert_int_equal(ctome_ei_stability_run(m, NULL, &fo, &s), CTOME_OK);
    assert_true(s.converged);
    const double xs = 1.9150080481545375;
    assert_float_equal(s.x[0], xs, 1e-12);
    assert_float_equal(s.max_real, (1 - xs * xs / 2) / 0.5, 1e-10);
    assert_float_equal(s.max_real, -1.6672558244966513, 1e-10);
    assert_true(s.stable);
    assert_float_equal(s.rho_j, 1.6672558244966513, 1e-10);
    ctome_ei_stability_free(&s);
    /* From -1: the negative root (odd symmetry). */
    x0 = -1.0;
    assert_int_equal(ctome_ei_stability_run(m, NULL, &fo, &s), CTOME_OK);
    assert_float_equal(s.x[0], -xs, 1e-12);
    ctome_ei_stability_free(&s);
    ctome_ei_free(m);
}

/* A silenced neuron is pinned at 0 and left out of the linearisation:
 * with neuron 0 of the 2-neuron linear model silenced, only
 * J_11 = (-1 - 0) / 0.5 = -2 remains (its gap junction is gone). */
static void test_silenced(void **state)
{
    (void)state;
    double w[4] = {0, 0.5, -0.8, 0}, g[4] = {0, 0.3, 0.3, 0};
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    o.f = CTOME_EI_LINEAR;
    ctome_ei *m;
    assert_int_equal(ctome_ei_from_dense(2, w, g, &o, &m), CTOME_OK);
    assert_int_equal(ctome_ei_set_tau(m, 1, 0.5), CTOME_OK);
    size_t i0 = 0;
    assert_int_equal(ctome_ei_silence(m, &i0, 1), CTOME_OK);
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(2, &in), CTOME_OK);
    assert_int_equal(ctome_ei_input_constant(in, 0, 1.0), CTOME_OK);
    assert_int_equal(ctome_ei_input_constant(in, 1, 2.0), CTOME_OK);
    ctome_ei_stability s;
    assert_int_equal(ctome_ei_stability_run(m, in, NULL, &s), CTOME_OK);
    assert_true(s.converged);
    assert_float_equal(s.x[0], 0.0, 0);
    assert_float_equal(s.x[1], 2.0, 1e-12);   /* x1 = I1: no input from neuron 0 */
    assert_int_equal(s.n_active, 1);
    assert_float_equal(s.eig_re[0], -2.0, 1e-15);
    assert_float_equal(s.rho_w, 0.0, 0);
    ctome_ei_stability_free(&s);
    ctome_ei_input_free(in);
    ctome_ei_free(m);
}

static void test_cook(void **state)
{
    (void)state;
    ctome_ei *m;
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &m), CTOME_OK);
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(m->n, &in), CTOME_OK);
    int ava = ctome_ei_find(m, "AVAL");
    assert_true(ava >= 0);
    assert_int_equal(ctome_ei_input_constant(in, (size_t)ava, 0.5), CTOME_OK);
    ctome_ei_stability s;
    assert_int_equal(ctome_ei_stability_run(m, in, NULL, &s), CTOME_OK);
    assert_true(s.converged);
    assert_true(s.residual < 1e-10);
    assert_int_equal(s.n_active, m->n);
    /* rho(W) against lib/analysis/rank.c on the same dense matrix. */
    double *w, rho;
    assert_int_equal(ctome_ei_dense_w(m, &w), CTOME_OK);
    assert_int_equal(ctome_rank_spectral_radius(w, m->n, &rho), CTOME_OK);
    assert_float_equal(s.rho_w, rho, 1e-10 * rho);
    free(w);
    fprintf(stderr, "cook2019-herm: max Re lambda %.6g, rho(W) %.6g, rho(J) %.6g, %zu Newton steps\n",
            s.max_real, s.rho_w, s.rho_j, s.iterations);
    /* Stable: a long simulation from 0 ends at the same point. */
    assert_true(s.stable);
    ctome_ei_sim_opts so;
    ctome_ei_sim_opts_default(&so);
    so.method = CTOME_EI_MSBDF;
    so.t_end = 400;
    so.sample_dt = 400;
    ctome_ei_trace tr;
    assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_OK);
    double d = 0;
    for (size_t i = 0; i < m->n; i++)
        d = fmax(d, fabs(tr.x[i * tr.T + 1] - s.x[i]));
    fprintf(stderr, "cook2019-herm: |x(400) - x*|_inf = %.3g\n", d);
    assert_true(d < 1e-6);
    ctome_ei_trace_free(&tr);
    ctome_ei_stability_free(&s);
    ctome_ei_input_free(in);
    ctome_ei_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    double w = 0.5;
    ctome_ei *m;
    assert_int_equal(ctome_ei_from_dense(1, &w, NULL, NULL, &m), CTOME_OK);
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(2, &in), CTOME_OK);
    ctome_ei_stability s;
    assert_int_equal(ctome_ei_stability_run(m, in, NULL, &s), CTOME_EINVAL);
    ctome_ei_fp_opts fo;
    ctome_ei_fp_opts_default(&fo);
    double x0 = NAN;
    fo.x0 = &x0;
    assert_int_equal(ctome_ei_stability_run(m, NULL, &fo, &s), CTOME_EVALUE);
    fo.x0 = NULL;
    fo.tol = -1;
    assert_int_equal(ctome_ei_stability_run(m, NULL, &fo, &s), CTOME_EVALUE);
    ctome_ei_input_free(in);
    ctome_ei_free(m);
}

static int setup(void **state)
{
    (void)state;
    return tu_dataset_setup("cook2019-herm", &REG, &COOK);
}

static int teardown(void **state)
{
    (void)state;
    tu_dataset_teardown(REG, COOK);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear_two), cmocka_unit_test(test_tanh_one),
        cmocka_unit_test(test_silenced),   cmocka_unit_test(test_cook),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
