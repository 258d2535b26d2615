/* test_ei_vmath.c — the E/I model's vector transfer functions and merged
 * right-hand side (lib/models/ei_vmath.h, ei_internal.h's ei_rhs).
 *
 * References: tanhl / expl (x87 long double, 64-bit mantissa: 11 bits finer
 * than a double, so their rounding to double is a correctly rounded
 * reference up to 2^-11 ulp) for the accuracy bound SLEEF documents (tanh u35:
 * at most 3.5 ulp; exp u10: 1.0 ulp); the same bits from every SLEEF variant the CPU has
 * (purecfma, avx2, avx512f: the FMA family); the model equation summed by
 * hand (two passes, as ei.h writes it) for the merged pass; bitwise
 * agreement of the blocked pass (vectorised clones) with the single one
 * (baseline scalar code) column by column; and a whole simulation giving
 * the same bytes under every variant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "datasets.h"
#include "ei.h"
#include "ei_internal.h"
#include "ei_vmath.h"
#include "vmath.h"
#include "error.h"
#include "registry.h"
#include "rng.h"
#include "testutil.h"

static ctome_registry *REG;
static ctome_connectome *COOK;

static int setup(void **state)
{
    (void)state;
    ctome_init();
    if (ctome_registry_load(CTOME_TEST_DATA, &REG) ||
        ctome_dataset_load("cook2019-herm", CTOME_TEST_DATA, REG, &COOK))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vmath_force(0);
    ctome_connectome_free(COOK);
    ctome_registry_free(REG);
    return 0;
}

/* |y - ref| in units of the double ulp at ref. */
static double ulps(double y, long double ref)
{
    double r = (double)ref;
    double u = nextafter(fabs(r), INFINITY) - fabs(r);
    if (fabs(r) < DBL_MIN)
        u = DBL_MIN * DBL_EPSILON;
    return (double)(fabsl((long double)y - ref) / (long double)u);
}

/* N values: uniform on [-a, a] for several a (the model's activities lie in
 * about [-3, 3]; tanh saturates beyond 19), plus 0, +-tiny, +-huge. */
enum { N = 200000 };
static void inputs(double *x)
{
    ctome_rng r;
    ctome_rng_seed(&r, 11, 0);
    const double a[4] = {1e-3, 1.0, 4.0, 25.0};
    for (size_t k = 0; k < N; k++)
        x[k] = a[k % 4] * (2.0 * ctome_rng_uniform(&r) - 1.0);
    x[0] = 0.0;
    x[1] = -0.0;
    x[2] = 1e-300;
    x[3] = -5e-324;
    x[4] = 800.0;
    x[5] = -800.0;
}

/* SLEEF u35 tanh and u10-based sigmoid: at most 3.5 ulp (tanh, as SLEEF documents) and
 * 2.5 ulp (sigmoid: exp's 1 ulp, then 1 + e and 1 / . each rounded, 0.5 ulp
 * each). */
static void test_accuracy(void **state)
{
    (void)state;
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    inputs(x);
    double et = 0, es = 0, eg[4] = {0}, ev[4] = {0};
    ei_transfer_vec(CTOME_EI_TANH, x, y, N);
    for (size_t k = 0; k < N; k++) {
        long double t = tanhl((long double)x[k]);
        double e = ulps(y[k], t);
        et = fmax(et, e);
        ev[k % 4] = fmax(ev[k % 4], e);            /* per range (inputs()) */
        eg[k % 4] = fmax(eg[k % 4], ulps(tanh(x[k]), t));   /* glibc, for the record */
    }
    ei_transfer_vec(CTOME_EI_SIGMOID, x, y, N);
    for (size_t k = 0; k < N; k++)
        es = fmax(es, ulps(y[k], 1.0L / (1.0L + expl(-(long double)x[k]))));
    print_message("max error over %d values (%s): tanh %.4f ulp, sigmoid %.4f ulp\n", N,
                  vmath_variant(), et, es);
    print_message("tanh max ulp on |x| <= 1e-3, 1, 4, 25: ctome %.4f %.4f %.4f %.4f; "
                  "glibc tanh %.4f %.4f %.4f %.4f\n", ev[0], ev[1], ev[2], ev[3], eg[0], eg[1],
                  eg[2], eg[3]);
    assert_true(et <= 3.5);
    assert_true(es <= 2.5);
    /* exact at 0 (sign kept) and saturated at +-800 */
    ei_transfer_vec(CTOME_EI_TANH, x, y, 6);
    assert_true(y[0] == 0.0 && !signbit(y[0]) && y[1] == 0.0 && signbit(y[1]));
    assert_true(y[4] == 1.0 && y[5] == -1.0);
    /* relu and linear are exact; in place works */
    double v[3] = {-2.0, 0.5, 3.0};
    ei_transfer_vec(CTOME_EI_RELU, v, v, 3);
    assert_true(v[0] == 0.0 && v[1] == 0.5 && v[2] == 3.0);
    free(x);
    free(y);
}

/* Every SLEEF variant this CPU runs gives the bits of the portable one, and
 * the scalar form gives the bits of the vector form (odd lengths: tails). */
static void test_variants_identical(void **state)
{
    (void)state;
    double *x = malloc(N * sizeof *x), *ref = malloc(N * sizeof *ref), *y = malloc(N * sizeof *y);
    assert_non_null(x);
    assert_non_null(ref);
    assert_non_null(y);
    inputs(x);
    int tried = 0;
    for (int f = CTOME_EI_TANH; f <= CTOME_EI_SIGMOID; f++) {
        if (vmath_force(1) != 0) {   /* no SLEEF in this build: libm, nothing to compare */
            print_message("SLEEF not built in (%s): variants not compared\n", vmath_variant());
            skip();
        }
        ei_transfer_vec((ctome_ei_transfer)f, x, ref, N - 3);
        for (size_t k = 0; k < 1000; k++)
            assert_memory_equal(&(double){ei_transfer1((ctome_ei_transfer)f, x[k])}, &ref[k],
                                sizeof(double));
        for (int v = 2; v <= 3; v++) {
            if (vmath_force(v) != 0)
                continue;
            tried++;
            memset(y, 0, N * sizeof *y);
            ei_transfer_vec((ctome_ei_transfer)f, x, y, N - 3);
            assert_memory_equal(y, ref, (N - 3) * sizeof *y);
            assert_true(ei_transfer1((ctome_ei_transfer)f, x[7]) == ref[7]);
        }
    }
    vmath_force(0);
    print_message("variants compared with purecfma: %d (this CPU runs %s)\n", tried / 2,
                  vmath_variant());
    free(x);
    free(y);
    free(ref);
}

/* The Cook model with every term of the equation in play: tau = t0 + dt * i
 * on every `every`-th neuron, neuron `silent` silenced; its right-hand side
 * built into *r. */
static ctome_ei *varied_model(size_t every, double t0, double dt, size_t silent, ei_rhs *r)
{
    ctome_ei *m;
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &m), CTOME_OK);
    for (size_t i = 0; i < m->n; i += every)
        assert_int_equal(ctome_ei_set_tau(m, i, t0 + dt * (double)i), CTOME_OK);
    m->silenced = calloc(m->n, 1);
    assert_non_null(m->silenced);
    m->silenced[silent] = 1;
    assert_int_equal(ei_rhs_build(m, r), CTOME_OK);
    return m;
}

/* The merged pass against the equation summed by hand (two passes, / tau),
 * with an input, per-neuron tau and a silenced neuron. */
static void test_merged_matches_equation(void **state)
{
    (void)state;
    ei_rhs r;
    ctome_ei *m = varied_model(7, 0.5, 0.01, 5, &r);
    size_t n = m->n;
    double *z = malloc(2 * n * sizeof *z), *dy = malloc(n * sizeof *dy), *u = malloc(n * sizeof *u);
    assert_non_null(z);
    assert_non_null(dy);
    assert_non_null(u);
    for (size_t i = 0; i < n; i++) {
        z[n + i] = 0.8 * sin(1.0 + (double)i);
        u[i] = 0.1 * cos((double)i);
    }
    ei_rhs_eval(&r, u, z, dy);
    double emax = 0, amax = 0;
    for (size_t i = 0; i < n; i++) {
        const double *x = z + n;
        long double s = -x[i] - m->g_deg[i] * x[i] + u[i];
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            s += (long double)m->w_val[p] * tanhl(x[m->w_col[p]]);
        for (size_t p = m->g_ptr[i]; p < m->g_ptr[i + 1]; p++)
            s += (long double)m->g_val[p] * x[m->g_col[p]];
        double want = i == 5 ? 0.0 : (double)(s / m->tau[i]);
        emax = fmax(emax, fabs(dy[i] - want));
        amax = fmax(amax, fabs(want));
        assert_true(z[i] == ei_transfer1(CTOME_EI_TANH, x[i]));   /* f(x) left in z */
    }
    assert_true(dy[5] == 0.0);
    assert_true(amax > 0.1);
    assert_true(emax <= 1e-14 * amax);
    free(z);
    free(dy);
    free(u);
    ei_rhs_free(&r);
    ctome_ei_free(m);
}

/* The blocked pass (vectorised clones of the CPU), 16 and 8 columns wide,
 * gives, column by column, the bits of the single pass (baseline scalar
 * code) with the input on that column's neuron; columns without input get
 * none.  f is computed (same bits) on the rows of frun, which are exactly
 * the neurons some chemical entry reads; the other f rows are untouched. */
static void test_block_matches_single(void **state)
{
    (void)state;
    ctome_ei *m;
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &m), CTOME_OK);
    size_t n = m->n;
    ei_rhs r;
    assert_int_equal(ei_rhs_build(m, &r), CTOME_OK);
    /* frun = the chemical presynaptic neurons, by a direct count */
    unsigned char *pre = calloc(n, 1), *inrun = calloc(n, 1);
    assert_true(pre && inrun);
    for (size_t i = 0; i < n; i++)
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            pre[m->w_col[p]] = 1;
    size_t npre = 0;
    for (size_t i = 0; i < n; i++)
        npre += pre[i];
    for (size_t q = 0; q < r.nfrun; q++) {
        assert_true(r.frun[2 * q] < r.frun[2 * q + 1] && r.frun[2 * q + 1] <= n);
        assert_true(q == 0 || r.frun[2 * q] > r.frun[2 * q - 1]);   /* disjoint, gaps between */
        for (size_t i = r.frun[2 * q]; i < r.frun[2 * q + 1]; i++)
            inrun[i] = 1;
    }
    assert_memory_equal(inrun, pre, n);
    assert_true(npre > n / 2 && npre <= n);
    double *Z = malloc(2 * n * EI_BLOCK * sizeof *Z), *dY = malloc(n * EI_BLOCK * sizeof *dY);
    double *z = malloc(2 * n * sizeof *z), *dy = malloc(n * sizeof *dy), *u = calloc(n, sizeof *u);
    assert_true(Z && dY && z && dy && u);
    for (size_t B = EI_BLOCK; B >= 8; B /= 2) {
        long js[EI_BLOCK];
        for (size_t c = 0; c < B; c++) {
            js[c] = c % 5 == 4 ? -1 : (long)((c * 41 + B) % n);
            for (size_t i = 0; i < n; i++) {
                Z[(n + i) * B + c] = 0.6 * sin((double)(i * B + c));
                Z[i * B + c] = 7.0;   /* f rows outside frun stay 7 */
            }
        }
        ei_rhs_eval_block(&r, B, js, 1.5, Z, dY);
        for (size_t c = 0; c < B; c++) {
            memset(u, 0, n * sizeof *u);
            if (js[c] >= 0)
                u[js[c]] = 1.5;
            for (size_t i = 0; i < n; i++)
                z[n + i] = Z[(n + i) * B + c];
            ei_rhs_eval(&r, u, z, dy);
            for (size_t i = 0; i < n; i++) {
                assert_memory_equal(&dY[i * B + c], &dy[i], sizeof *dy);
                if (pre[i])
                    assert_memory_equal(&Z[i * B + c], &z[i], sizeof *z);
                else
                    assert_true(Z[i * B + c] == 7.0);
            }
        }
    }
    free(pre);
    free(inrun);
    free(Z);
    free(dY);
    free(z);
    free(dy);
    free(u);
    ei_rhs_free(&r);
    ctome_ei_free(m);
}

/* The SELL-8 pass (AVX-512F CPUs) gives the bits of the CSR pass, row by
 * row: per-neuron tau, a silenced neuron, with and without an input, on a
 * state that makes every term count.  The CSR pass is reached by hiding
 * the SELL copy (nch = 0). */
static void test_sell_matches_csr(void **state)
{
    (void)state;
    ei_rhs r;
    ctome_ei *m = varied_model(5, 0.3, 0.02, 11, &r);
    size_t n = m->n;
    assert_int_equal(r.nch, (n + 7) / 8);
    /* the slots hold every entry once, the chunks' lengths never grow */
    assert_true(r.cptr[r.nch] >= r.ptr[n]);
    for (size_t c = 1; c < r.nch; c++)
        assert_true(r.slen[8 * c] <= r.slen[8 * c - 1]);
    double *z = malloc(2 * n * sizeof *z), *z2 = malloc(2 * n * sizeof *z2);
    double *dy = malloc(n * sizeof *dy), *dy2 = malloc(n * sizeof *dy2), *u = malloc(n * sizeof *u);
    assert_true(z && z2 && dy && dy2 && u);
    print_message("SELL-8 pass %s on this CPU (%s); %zu slots for %zu entries\n",
                  vmath_is_avx512() ? "runs" : "does not run (CSR against CSR)",
                  vmath_variant(), r.cptr[r.nch], r.ptr[n]);
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < n; i++) {
            z[n + i] = z2[n + i] = 1.7 * sin(0.37 * (double)(i + 1) * (pass + 1));
            u[i] = 0.2 * cos((double)i);
        }
        const double *uu = pass == 1 ? NULL : u;
        ei_rhs_eval(&r, uu, z, dy);
        size_t nch = r.nch;
        r.nch = 0;
        ei_rhs_eval(&r, uu, z2, dy2);
        r.nch = nch;
        assert_memory_equal(dy, dy2, n * sizeof *dy);
        assert_memory_equal(z, z2, 2 * n * sizeof *z);
        assert_true(dy[11] == 0.0);
        double amax = 0;
        for (size_t i = 0; i < n; i++)
            amax = fmax(amax, fabs(dy[i]));
        assert_true(amax > 0.1);
    }
    free(z);
    free(z2);
    free(dy);
    free(dy2);
    free(u);
    ei_rhs_free(&r);
    ctome_ei_free(m);
}

/* A whole simulation (cook2019-herm, inputs, pulses, noise) gives the same
 * bytes under every SLEEF variant this CPU runs. */
static void test_simulation_same_bytes(void **state)
{
    (void)state;
    ctome_ei *m;
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &m), CTOME_OK);
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(m->n, &in), CTOME_OK);
    for (size_t i = 0; i < m->n; i++)
        assert_int_equal(ctome_ei_input_constant(in, i, 0.3 * cos((double)i)), CTOME_OK);
    assert_int_equal(ctome_ei_stimulate(m, in, "AVAL", 0.2, 0.5, 2.0), CTOME_OK);
    assert_int_equal(ctome_ei_input_noise(in, 0.05, 3), CTOME_OK);
    ctome_ei_sim_opts so;
    ctome_ei_sim_opts_default(&so);
    so.t_end = 2.0;
    so.sample_dt = 0.1;
    so.dt = 0.01;
    ctome_ei_trace ref = {0}, tr = {0};
    if (vmath_force(1) != 0) {
        ctome_ei_input_free(in);
        ctome_ei_free(m);
        skip();
    }
    assert_int_equal(ctome_ei_simulate(m, in, &so, &ref), CTOME_OK);
    double amax = 0;
    for (size_t k = 0; k < ref.n * ref.T; k++)
        amax = fmax(amax, fabs(ref.x[k]));
    print_message("max |x| over the run: %g\n", amax);
    assert_true(amax > 0.1);
    for (int v = 0; v <= 3; v++) {
        if (vmath_force(v) != 0)
            continue;
        assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_OK);
        assert_memory_equal(tr.x, ref.x, ref.n * ref.T * sizeof *ref.x);
        ctome_ei_trace_free(&tr);
    }
    vmath_force(0);
    ctome_ei_trace_free(&ref);
    ctome_ei_input_free(in);
    ctome_ei_free(m);
}

/* RK4 in slot order (ei_rhs_rk4_step, the AVX-512F path of
 * ctome_ei_simulate) gives the bytes of the plain loop over ei_rhs_eval
 * (SELL-8 pass; and the portable purecfma variant's CSR pass):
 * per-neuron tau, a silenced neuron, overlapping pulses on three neurons,
 * noise, and the linear transfer as well as tanh. */
static void test_rk4_slots_same_bytes(void **state)
{
    (void)state;
    ctome_ei *m;
    assert_int_equal(ctome_ei_build(COOK, REG, NULL, &m), CTOME_OK);
    size_t n = m->n;
    for (size_t i = 0; i < n; i += 7)
        assert_int_equal(ctome_ei_set_tau(m, i, 0.5 + 0.01 * (double)i), CTOME_OK);
    m->silenced = calloc(n, 1);
    assert_non_null(m->silenced);
    m->silenced[5] = 1;
    ei_rhs r;
    assert_int_equal(ei_rhs_build(m, &r), CTOME_OK);
    size_t S = ei_rhs_rk4_slots(&r);
    ei_rhs_free(&r);
    print_message("slot-order RK4 %s on this CPU (%zu slots)\n", S ? "runs" : "does not run", S);
    if (!S) {
        ctome_ei_free(m);
        skip();
    }
    assert_int_equal(S, 8 * ((n + 7) / 8));
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(n, &in), CTOME_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ctome_ei_input_constant(in, i, 0.3 * cos((double)i)), CTOME_OK);
    size_t idx[3] = {3, 5, 200};
    assert_int_equal(ctome_ei_input_pulse(in, idx, 3, 0.2, 0.5, 2.0), CTOME_OK);
    assert_int_equal(ctome_ei_input_pulse(in, idx + 2, 1, 0.4, 0.5, -1.5), CTOME_OK);
    assert_int_equal(ctome_ei_input_noise(in, 0.05, 9), CTOME_OK);
    ctome_ei_sim_opts so;
    ctome_ei_sim_opts_default(&so);
    so.t_end = 2.0;
    so.sample_dt = 0.1;
    so.dt = 0.01;
    for (int f = 0; f < 2; f++) {
        m->f = f ? CTOME_EI_LINEAR : CTOME_EI_TANH;
        ctome_ei_trace fast = {0}, plain = {0};
        assert_int_equal(ctome_ei_simulate(m, in, &so, &fast), CTOME_OK);
        ei_rhs_force_plain(1);
        assert_int_equal(ctome_ei_simulate(m, in, &so, &plain), CTOME_OK);
        ei_rhs_force_plain(0);
        assert_memory_equal(fast.x, plain.x, n * fast.T * sizeof *fast.x);
        /* and the portable variant (purecfma tanh, CSR pass) */
        ctome_ei_trace_free(&plain);
        assert_int_equal(vmath_force(1), 0);
        assert_int_equal(ctome_ei_simulate(m, in, &so, &plain), CTOME_OK);
        vmath_force(0);
        assert_memory_equal(fast.x, plain.x, n * fast.T * sizeof *fast.x);
        double amax = 0;
        for (size_t k = 0; k < n * fast.T; k++)
            amax = fmax(amax, fabs(fast.x[k]));
        assert_true(amax > 0.1);
        for (size_t k = 0; k < fast.T; k++)
            assert_true(fast.x[5 * fast.T + k] == 0.0);   /* silenced: stays 0 */
        ctome_ei_trace_free(&fast);
        ctome_ei_trace_free(&plain);
    }
    ctome_ei_input_free(in);
    ctome_ei_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accuracy),
        cmocka_unit_test(test_variants_identical),
        cmocka_unit_test(test_merged_matches_equation),
        cmocka_unit_test(test_block_matches_single),
        cmocka_unit_test(test_sell_matches_csr),
        cmocka_unit_test(test_simulation_same_bytes),
        cmocka_unit_test(test_rk4_slots_same_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
