/* test_ei.c — the connectome E/I rate model (lib/models/ei.h).
 *
 * References: closed forms (one leaky neuron: x(t) = x* + (x0 - x*) e^{-t/tau}
 * with x* = I; a linear 2-neuron system: x(t) = expm(t A) x0 with
 * A = diag(1/tau)(W - I - g L), expm from ctome_expm_pade; gap-junction
 * coupling leaves the mean untouched, so with equal tau and no input the
 * mean decays exactly as mean(0) e^{-t/tau}); Dale's law on cook2019-herm;
 * RK4 against rk8pd on the same real-connectome run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "communicability.h"
#include "connectome.h"
#include "datasets.h"
#include "ei.h"
#include "error.h"
#include "registry.h"
#include "testutil.h"

static ctome_registry *REG;
static ctome_connectome *COOK;

static ctome_ei *dense(size_t n, const double *w, const double *g, ctome_ei_transfer f, double tau)
{
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    o.f = f;
    o.tau = tau;
    ctome_ei *m = NULL;
    assert_int_equal(ctome_ei_from_dense(n, w, g, &o, &m), CTOME_OK);
    return m;
}

/* One neuron, tau 2, input 3, x0 = 0.5: x(t) = 3 + (0.5 - 3) e^{-t/2}. */
static void test_single_decay(void **state)
{
    (void)state;
    double w = 0;
    ctome_ei_method meth[] = {CTOME_EI_RK4, CTOME_EI_RKF45, CTOME_EI_RK8PD, CTOME_EI_MSBDF};
    double tol[] = {1e-10, 1e-6, 1e-8, 1e-5};
    ctome_ei_transfer fs[] = {CTOME_EI_LINEAR, CTOME_EI_RELU};
    for (int fi = 0; fi < 2; fi++)
        for (int k = 0; k < 4; k++) {
            ctome_ei *m = dense(1, &w, NULL, fs[fi], 2.0);
            ctome_ei_input *in;
            assert_int_equal(ctome_ei_input_new(1, &in), CTOME_OK);
            assert_int_equal(ctome_ei_input_constant(in, 0, 3.0), CTOME_OK);
            ctome_ei_sim_opts so;
            ctome_ei_sim_opts_default(&so);
            so.method = meth[k];
            so.dt = 0.01;
            so.t_end = 10;
            so.sample_dt = 0.1;
            double x0 = 0.5;
            so.x0 = &x0;
            ctome_ei_trace tr;
            assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_OK);
            assert_int_equal(tr.T, 101);
            for (size_t t = 0; t < tr.T; t++)
                assert_float_equal(tr.x[t], 3.0 - 2.5 * exp(-0.1 * (double)t / 2.0), tol[k]);
            ctome_ei_trace_free(&tr);
            ctome_ei_input_free(in);
            ctome_ei_free(m);
        }
}

/* Two neurons: W = [[0, 0.5], [-0.8, 0]] (row = post), gap g = 0.3, tau =
 * (1, 0.5), linear f, no input: x(t) = expm(t A) x0. */
static void test_two_expm(void **state)
{
    (void)state;
    double w[4] = {0, 0.5, -0.8, 0}, g[4] = {0, 0.3, 0.3, 0};
    ctome_ei *m = dense(2, w, g, CTOME_EI_LINEAR, 1.0);
    assert_int_equal(ctome_ei_set_tau(m, 1, 0.5), CTOME_OK);
    double tau[2] = {1, 0.5}, A[4];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            A[i * 2 + j] = (w[i * 2 + j] + g[i * 2 + j] - (i == j ? 1.3 : 0)) / tau[i];
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(2, &in), CTOME_OK);
    double x0[2] = {1.0, -0.4};
    ctome_ei_method meth[] = {CTOME_EI_RK4, CTOME_EI_RK8PD, CTOME_EI_MSBDF};
    double tol[] = {1e-9, 1e-8, 1e-5};
    for (int k = 0; k < 3; k++) {
        ctome_ei_sim_opts so;
        ctome_ei_sim_opts_default(&so);
        so.method = meth[k];
        so.dt = 1e-3;
        so.t_end = 3;
        so.sample_dt = 0.5;
        so.x0 = x0;
        ctome_ei_trace tr;
        assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_OK);
        for (size_t t = 0; t < tr.T; t++) {
            double At[4], E[4];
            for (int q = 0; q < 4; q++)
                At[q] = A[q] * 0.5 * (double)t;
            assert_int_equal(ctome_expm_pade(2, At, E), CTOME_OK);
            for (int i = 0; i < 2; i++)
                assert_float_equal(tr.x[(size_t)i * tr.T + t],
                                   E[i * 2] * x0[0] + E[i * 2 + 1] * x0[1], tol[k]);
        }
        ctome_ei_trace_free(&tr);
    }
    ctome_ei_input_free(in);
    ctome_ei_free(m);
}

/* Gap junctions only (cook2019-herm electrical layer, g = 0.5, no chemical,
 * no input, tau 1): the mean follows mean(0) e^{-t}. */
static void test_gap_mean(void **state)
{
    (void)state;
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    o.chem_scale = 0;
    o.gap_scale = 0.5;
    o.f = CTOME_EI_LINEAR;
    ctome_ei *m;
    assert_int_equal(ctome_ei_build(COOK, REG, &o, &m), CTOME_OK);
    size_t n = m->n;
    assert_int_equal(m->w_ptr[n], 0);
    assert_true(m->g_ptr[n] > 0);
    double *x0 = malloc(n * sizeof *x0), mean0 = 0;
    for (size_t i = 0; i < n; i++) {
        x0[i] = sin((double)i * 1.7) + 0.3;
        mean0 += x0[i] / (double)n;
    }
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(n, &in), CTOME_OK);
    ctome_ei_sim_opts so;
    ctome_ei_sim_opts_default(&so);
    so.dt = 1e-3;
    so.t_end = 2;
    so.sample_dt = 0.1;
    so.x0 = x0;
    ctome_ei_trace tr;
    assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_OK);
    for (size_t t = 0; t < tr.T; t++) {
        double mean = 0;
        for (size_t i = 0; i < n; i++)
            mean += tr.x[i * tr.T + t] / (double)n;
        assert_float_equal(mean * exp(0.1 * (double)t), mean0, 1e-9);
    }
    ctome_ei_trace_free(&tr);
    ctome_ei_input_free(in);
    free(x0);
    ctome_ei_free(m);
}

/* Every stored weight of a column j has the sign of neuron j. */
static void test_dale(void **state)
{
    (void)state;
    ctome_ei *m;
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &m), CTOME_OK);
    assert_true(m->n > 250 && m->n <= 302);
    size_t pos = 0, neg = 0;
    for (size_t i = 0; i < m->n; i++)
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++) {
            int s = m->sign[m->w_col[p]];
            assert_true(s != 0);
            assert_true(m->w_val[p] * s > 0);
            if (s > 0)
                pos++;
            else
                neg++;
        }
    assert_true(pos > 0 && neg > 0);
    for (size_t i = 0; i < m->n; i++) {
        const ctome_neuron *nr = ctome_registry_neuron(REG, (size_t)m->reg[i]);
        int want = nr->sign == CTOME_SIGN_EXCITATORY ? 1 : nr->sign == CTOME_SIGN_INHIBITORY ? -1 : 0;
        assert_int_equal(m->sign[i], want);
    }
    ctome_ei_free(m);
}

static ctome_ei_trace run_cook(const ctome_ei *m, ctome_ei_method meth, double sigma, uint64_t seed)
{
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(m->n, &in), CTOME_OK);
    assert_int_equal(ctome_ei_stimulate(m, in, "ASHL", 0.0, 0.5, 1.0), CTOME_OK);
    assert_int_equal(ctome_ei_stimulate(m, in, "AVA", 0.2, 1.0, -0.5), CTOME_OK);
    assert_int_equal(ctome_ei_input_constant(in, 0, 0.2), CTOME_OK);
    if (sigma > 0)
        assert_int_equal(ctome_ei_input_noise(in, sigma, seed), CTOME_OK);
    ctome_ei_sim_opts so;
    ctome_ei_sim_opts_default(&so);
    so.method = meth;
    so.dt = 1e-3;
    so.t_end = 2;
    so.sample_dt = 0.05;
    so.rtol = 1e-11;
    so.atol = 1e-12;
    ctome_ei_trace tr;
    assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_OK);
    ctome_ei_input_free(in);
    return tr;
}

static void test_seed_and_rk8pd(void **state)
{
    (void)state;
    ctome_ei *m;
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &m), CTOME_OK);
    ctome_ei_trace a = run_cook(m, CTOME_EI_RK4, 0.1, 42), b = run_cook(m, CTOME_EI_RK4, 0.1, 42),
                   c = run_cook(m, CTOME_EI_RK4, 0.1, 43);
    assert_memory_equal(a.x, b.x, a.n * a.T * sizeof *a.x);
    assert_true(memcmp(a.x, c.x, a.n * a.T * sizeof *a.x) != 0);
    ctome_ei_trace r4 = run_cook(m, CTOME_EI_RK4, 0, 0), r8 = run_cook(m, CTOME_EI_RK8PD, 0, 0);
    double maxd = 0, maxa = 0;
    for (size_t k = 0; k < r4.n * r4.T; k++) {
        maxd = fmax(maxd, fabs(r4.x[k] - r8.x[k]));
        maxa = fmax(maxa, fabs(r8.x[k]));
    }
    /* The pulses switch on and off inside RK4 steps only at multiples of dt,
     * so the fixed-step error is O(dt^4); 1e-6 absolute is generous. */
    fprintf(stderr, "rk4 vs rk8pd: max diff %.3g, max abs x %.3g\n", maxd, maxa);
    assert_true(maxa > 0.1);
    assert_true(maxd < 1e-6);
    int ava = ctome_ei_find(m, "AVAL");
    assert_true(ava >= 0);
    ctome_ei_trace *ts[] = {&a, &b, &c, &r4, &r8};
    for (int k = 0; k < 5; k++)
        ctome_ei_trace_free(ts[k]);
    ctome_ei_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    ctome_ei *m = NULL;
    o.tau = -1;
    assert_int_equal(ctome_ei_build(COOK, REG, &o, &m), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "tau"));
    o.tau = 0;
    assert_int_equal(ctome_ei_build(COOK, REG, &o, &m), CTOME_EVALUE);
    o.tau = 1;
    o.unknown = CTOME_EI_UNKNOWN_ERROR;
    int rc = ctome_ei_build(COOK, REG, &o, &m);
    if (rc == CTOME_OK)
        ctome_ei_free(m);   /* every presynaptic neuron has a sign */
    else
        assert_non_null(strstr(ctome_error_message(), "transmitter sign"));
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &m), CTOME_OK);
    assert_int_equal(ctome_ei_set_tau(m, 0, -2), CTOME_EVALUE);
    assert_int_equal(ctome_ei_set_tau(m, 0, NAN), CTOME_EVALUE);
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(m->n, &in), CTOME_OK);
    assert_int_equal(ctome_ei_input_constant(in, 0, NAN), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "not finite"));
    size_t i0 = 0;
    assert_int_equal(ctome_ei_input_pulse(in, &i0, 1, 0, 1, NAN), CTOME_EVALUE);
    assert_int_equal(ctome_ei_input_pulse(in, &i0, 1, 0, -1, 1), CTOME_EVALUE);
    assert_int_equal(ctome_ei_stimulate(m, in, "NOTANEURON", 0, 1, 1), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "NOTANEURON"));
    assert_int_equal(ctome_ei_input_noise(in, 0.1, 1), CTOME_OK);
    ctome_ei_sim_opts so;
    ctome_ei_sim_opts_default(&so);
    so.method = CTOME_EI_RK8PD;
    ctome_ei_trace tr;
    assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_EINVAL);
    so.method = CTOME_EI_RK4;
    so.sample_dt = 0.0105;
    assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_EVALUE);
    ctome_ei_input_free(in);
    ctome_ei_free(m);
    /* Empty connectome: neurons but no edges among them. */
    ctome_connectome *c;
    assert_int_equal(ctome_connectome_new("empty", REG, &c), CTOME_OK);
    int a, b;
    assert_int_equal(ctome_connectome_node(c, "AVAL", NULL, 0, &a), CTOME_OK);
    assert_int_equal(ctome_connectome_node(c, "AVAR", NULL, 0, &b), CTOME_OK);
    assert_int_equal(ctome_connectome_finalise(c), CTOME_OK);
    assert_int_equal(ctome_ei_build(c, REG, NULL, &m), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "no neurons"));
    ctome_connectome_free(c);
    double w = 0, gbad[4] = {0, 1, 2, 0}, w4[4] = {0};
    o.unknown = CTOME_EI_UNKNOWN_ZERO;
    assert_int_equal(ctome_ei_from_dense(0, &w, NULL, &o, &m), CTOME_EVALUE);
    assert_int_equal(ctome_ei_from_dense(2, w4, gbad, &o, &m), CTOME_EVALUE);
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
        cmocka_unit_test(test_single_decay), cmocka_unit_test(test_two_expm),
        cmocka_unit_test(test_gap_mean),     cmocka_unit_test(test_dale),
        cmocka_unit_test(test_seed_and_rk8pd), cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
