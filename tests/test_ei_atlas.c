/* test_ei_atlas.c — the model perturbation atlas, its comparison with the
 * Randi atlas, null models and sweeps (lib/models/ei_atlas.h, ei_sweep.h).
 *
 * References: closed forms for a linear 2-neuron chain (hand-derived below);
 * for any linear model the window mean from Van Loan's block exponential,
 * int_0^W x = Phi2(D) b + Phi1(W-D) Phi1(D) b with Phi1(t) = int_0^t e^{Ms} ds,
 * Phi2(t) = int_0^t Phi1, read off expm of [[M, I, 0], [0, 0, I], [0, 0, 0]] t
 * (ctome_expm_pade); ctome_ei_simulate on the same pulse (the atlas must use
 * the same right-hand side); Spearman rho and sign agreement on a hand-made
 * atlas; byte-identical results for 1 and 2 threads and for the same seed. */
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
#include "datasets.h"
#include "ei.h"
#include "ei_atlas.h"
#include "ei_atlas_job.h"
#include "ei_sweep.h"
#include "error.h"
#include "registry.h"
#include "structfunc.h"
#include "testutil.h"

static ctome_registry *REG;
static ctome_connectome *COOK;
static ctome_ei *CM;          /* cook2019-herm, default options */
static ctome_fmatrix *RANDI;  /* absent pairs NaN */

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

/* Fast atlas options for the real connectome (short window, coarse step). */
static ctome_ei_atlas_opts quick(void)
{
    ctome_ei_atlas_opts o;
    ctome_ei_atlas_opts_default(&o);
    o.window = 1.0;
    o.dt = 0.1;
    return o;
}

/* Chain 0 -> 1 (w), tau 1, linear, pulse a on 0 during [0, D), window W.
 * x0 = a(1 - e^-t) (t < D), x0(D) e^-(t-D) after; x1' = -x1 + w x0 gives
 * x1 = w a (1 - e^-t - t e^-t) (t < D), e^-(t-D) (x1(D) + w x0(D)(t - D))
 * after.  Integrating the equations: int x0 = aD - x0(W), int x1 = w int x0
 * - x1(W). */
static double chain_x0(double a, double D, double t)
{
    return t < D ? a * (1 - exp(-t)) : a * (1 - exp(-D)) * exp(-(t - D));
}

static double chain_x1(double a, double w, double D, double t)
{
    if (t < D)
        return w * a * (1 - exp(-t) - t * exp(-t));
    double x1D = w * a * (1 - exp(-D) - D * exp(-D));
    return exp(-(t - D)) * (x1D + w * chain_x0(a, D, D) * (t - D));
}

static void test_chain_closed_form(void **state)
{
    (void)state;
    double a = 0.7, w = 0.5, D = 1.0, W = 5.0;
    double wm[4] = {0, 0, w, 0};
    ctome_ei *m = dense(2, wm, NULL, CTOME_EI_LINEAR, 1.0);
    ctome_ei_atlas_opts o;
    ctome_ei_atlas_opts_default(&o);
    o.amp = a;
    o.duration = D;
    o.window = W;
    o.dt = 1e-3;
    size_t stim = 0;
    ctome_ei_atlas at;
    assert_int_equal(ctome_ei_atlas_compute(m, &stim, 1, &o, &at), CTOME_OK);
    double int0 = a * D - chain_x0(a, D, W), int1 = w * int0 - chain_x1(a, w, D, W);
    /* trapezoid with dt = 1e-3 on smooth pieces: error ~ W dt^2 max|x''| / 12 < 1e-6 */
    assert_true(fabs(at.r[0] - int0 / W) < 1e-6);
    assert_true(fabs(at.r[1] - int1 / W) < 1e-6);
    assert_true(at.settled);
    /* peak: the closed form's maximum on the same grid */
    o.measure = CTOME_ATLAS_PEAK;
    ctome_ei_atlas pk;
    assert_int_equal(ctome_ei_atlas_compute(m, &stim, 1, &o, &pk), CTOME_OK);
    double best = 0;
    for (size_t k = 0; k <= 5000; k++)
        best = fmax(best, chain_x1(a, w, D, (double)k * 1e-3));
    assert_true(fabs(pk.r[1] - best) < 1e-9);
    /* stimulating the downstream neuron leaves the upstream one at 0 */
    stim = 1;
    ctome_ei_atlas up;
    o.measure = CTOME_ATLAS_MEAN;
    assert_int_equal(ctome_ei_atlas_compute(m, &stim, 1, &o, &up), CTOME_OK);
    assert_true(up.r[0] == 0.0);
    ctome_ei_atlas_clear(&at);
    ctome_ei_atlas_clear(&pk);
    ctome_ei_atlas_clear(&up);
    ctome_ei_free(m);
}

/* C = A B for n x n. */
static void matmul(size_t n, const double *A, const double *B, double *C)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < n; k++)
                s += A[i * n + k] * B[k * n + j];
            C[i * n + j] = s;
        }
}

/* Phi1(t), Phi2(t) of M (n x n) from one expm of the 3n block matrix. */
static void van_loan(size_t n, const double *M, double t, double *phi1, double *phi2)
{
    size_t N = 3 * n;
    double *A = calloc(N * N, sizeof *A), *E = malloc(N * N * sizeof *E);
    assert_non_null(A);
    assert_non_null(E);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            A[i * N + j] = M[i * n + j] * t;
        A[i * N + n + i] = t;
        A[(n + i) * N + 2 * n + i] = t;
    }
    assert_int_equal(ctome_expm_pade(N, A, E), CTOME_OK);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            phi1[i * n + j] = E[i * N + n + j];
            phi2[i * n + j] = E[i * N + 2 * n + j];
        }
    free(A);
    free(E);
}

static void test_linear_matches_expm(void **state)
{
    (void)state;
    enum { n = 4 };
    double w[n * n] = {0, 0.3, 0, -0.4,  0.5, 0, 0, 0,  0, -0.6, 0, 0.2,  0.1, 0, 0.7, 0};
    double g[n * n] = {0, 0.2, 0, 0,  0.2, 0, 0.1, 0,  0, 0.1, 0, 0.3,  0, 0, 0.3, 0};
    double tau[n] = {1.0, 0.5, 2.0, 1.5};
    ctome_ei *m = dense(n, w, g, CTOME_EI_LINEAR, 1.0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ctome_ei_set_tau(m, i, tau[i]), CTOME_OK);
    /* M = T^-1 (W + G - I - diag(row sums of G)) */
    double M[n * n];
    for (size_t i = 0; i < n; i++) {
        double deg = 0;
        for (size_t j = 0; j < n; j++)
            deg += g[i * n + j];
        for (size_t j = 0; j < n; j++)
            M[i * n + j] = (w[i * n + j] + g[i * n + j] - (i == j ? 1.0 + deg : 0.0)) / tau[i];
    }
    double a = 1.3, D = 0.8, W = 6.0;
    double p1D[n * n], p2D[n * n], p1R[n * n], p2R[n * n], P[n * n];
    van_loan(n, M, D, p1D, p2D);
    van_loan(n, M, W - D, p1R, p2R);
    matmul(n, p1R, p1D, P);
    ctome_ei_atlas_opts o;
    ctome_ei_atlas_opts_default(&o);
    o.amp = a;
    o.duration = D;
    o.window = W;
    o.dt = 1e-3;
    ctome_ei_atlas at;
    assert_int_equal(ctome_ei_atlas_compute(m, NULL, 0, &o, &at), CTOME_OK);
    assert_int_equal(at.n_stim, n);
    for (size_t j = 0; j < n; j++) {
        double b = a / tau[j];   /* the input enters as I / tau_j */
        for (size_t i = 0; i < n; i++) {
            double ref = (p2D[i * n + j] + P[i * n + j]) * b / W;
            assert_true(fabs(at.r[j * n + i] - ref) < 1e-6 * fmax(1.0, fabs(ref)));
        }
    }
    ctome_ei_atlas_clear(&at);
    ctome_ei_free(m);
}

/* The atlas integrates the same equations as ctome_ei_simulate (tanh, gap
 * junctions, per-neuron tau): the window mean from a simulated trace agrees
 * to round-off. */
static void test_matches_simulate(void **state)
{
    (void)state;
    enum { n = 3 };
    double w[n * n] = {0, 0.8, -0.5,  1.2, 0, 0,  0, 0.9, 0};
    double g[n * n] = {0, 0.3, 0,  0.3, 0, 0.2,  0, 0.2, 0};
    ctome_ei *m = dense(n, w, g, CTOME_EI_TANH, 1.0);
    assert_int_equal(ctome_ei_set_tau(m, 2, 0.7), CTOME_OK);
    ctome_ei_atlas_opts o;
    ctome_ei_atlas_opts_default(&o);
    o.amp = 2.0;
    o.duration = 0.5;
    o.window = 3.0;
    o.dt = 0.01;
    size_t stim = 1;
    ctome_ei_atlas at;
    assert_int_equal(ctome_ei_atlas_compute(m, &stim, 1, &o, &at), CTOME_OK);
    ctome_ei_input *in;
    assert_int_equal(ctome_ei_input_new(n, &in), CTOME_OK);
    assert_int_equal(ctome_ei_input_pulse(in, &stim, 1, 0.0, 0.5, 2.0), CTOME_OK);
    ctome_ei_sim_opts so;
    ctome_ei_sim_opts_default(&so);
    so.dt = 0.01;
    so.sample_dt = 0.01;
    so.t_end = 3.0;
    ctome_ei_trace tr;
    assert_int_equal(ctome_ei_simulate(m, in, &so, &tr), CTOME_OK);
    assert_int_equal(tr.T, 301);
    for (size_t i = 0; i < n; i++) {
        double s = 0;   /* baseline 0: tanh(0) = 0 is a fixed point */
        for (size_t k = 1; k < tr.T; k++)
            s += (k + 1 == tr.T ? 0.5 : 1.0) * tr.x[i * tr.T + k];
        assert_true(fabs(at.r[i] - s / 300.0) < 1e-12);
    }
    ctome_ei_trace_free(&tr);
    ctome_ei_input_free(in);
    ctome_ei_atlas_clear(&at);
    ctome_ei_free(m);
}

static void test_blowup_and_bad_options(void **state)
{
    (void)state;
    double w[4] = {0, 2.0, 2.0, 0};   /* mutual excitation: eigenvalue +1 */
    ctome_ei *m = dense(2, w, NULL, CTOME_EI_LINEAR, 1.0);
    ctome_ei_atlas_opts o;
    ctome_ei_atlas_opts_default(&o);
    o.window = 30.0;   /* e^30 > 1e6 */
    ctome_ei_atlas at;
    assert_int_equal(ctome_ei_atlas_compute(m, NULL, 0, &o, &at), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "unstable"));
    assert_null(at.r);
    ctome_ei_atlas_opts b = o;
    b.amp = -1;
    assert_int_equal(ctome_ei_atlas_compute(m, NULL, 0, &b, &at), CTOME_EVALUE);
    b = o;
    b.duration = -1;
    assert_int_equal(ctome_ei_atlas_compute(m, NULL, 0, &b, &at), CTOME_EVALUE);
    b = o;
    b.window = 0.5;   /* shorter than the pulse */
    assert_int_equal(ctome_ei_atlas_compute(m, NULL, 0, &b, &at), CTOME_EVALUE);
    b = o;
    b.dt = NAN;
    assert_int_equal(ctome_ei_atlas_compute(m, NULL, 0, &b, &at), CTOME_EVALUE);
    size_t bad = 7;
    assert_int_equal(ctome_ei_atlas_compute(m, &bad, 1, &o, &at), CTOME_EINVAL);
    ctome_ei_free(m);
}

/* A stiff model (strong gap junctions): dt is split so RK4 stays stable. */
static void test_substeps(void **state)
{
    (void)state;
    double w[4] = {0, 0, 0.5, 0}, g[4] = {0, 100, 100, 0};
    ctome_ei *m = dense(2, w, g, CTOME_EI_LINEAR, 1.0);
    ctome_ei_atlas_opts o;
    ctome_ei_atlas_opts_default(&o);
    o.dt = 0.05;   /* B = 1 + 200 + 0.5: 0.05 B = 10 -> 6 sub-steps */
    ctome_ei_atlas at;
    assert_int_equal(ctome_ei_atlas_compute(m, NULL, 0, &o, &at), CTOME_OK);
    assert_int_equal(at.substeps, 6);
    assert_true(isfinite(at.r[1]) && fabs(at.r[1]) < 1.0);
    ctome_ei_atlas_clear(&at);
    ctome_ei_free(m);
}

static void test_score_hand_made(void **state)
{
    (void)state;
    /* 3 neurons, stimulated 0 and 2; pairs (0,1), (0,2), (2,0), (2,1) */
    double r[6] = {9, 1, 2,   3, 4, 9};
    size_t st[2] = {0, 2};
    ctome_ei_atlas a = {.n_stim = 2, .n = 3, .stim = st, .r = r};
    size_t ps[4] = {0, 0, 2, 2}, pr[4] = {1, 2, 0, 1};
    double data[4] = {10, 20, 40, 30};
    ctome_ei_atlas_pairs p = {.n_pairs = 4, .stim = ps, .resp = pr, .data = data};
    double model[4], rho, sa;
    size_t ns;
    assert_int_equal(ctome_ei_atlas_score(&a, &p, model, &rho, &sa, &ns), CTOME_OK);
    /* model 1,2,3,4 vs data ranks 1,2,4,3: rho = 1 - 6*2/(4*15) = 0.8 */
    assert_true(model[0] == 1 && model[1] == 2 && model[2] == 3 && model[3] == 4);
    assert_true(fabs(rho - 0.8) < 1e-12);
    assert_true(sa == 1.0 && ns == 4);
    double d2[4] = {-1, 2, 3, -4};
    p.data = d2;
    assert_int_equal(ctome_ei_atlas_score(&a, &p, NULL, &rho, &sa, &ns), CTOME_OK);
    assert_true(sa == 0.5);
    /* a pair whose stimulated neuron the atlas lacks */
    size_t ps3[4] = {0, 1, 2, 2};
    p.stim = ps3;
    assert_int_equal(ctome_ei_atlas_score(&a, &p, NULL, &rho, &sa, &ns), CTOME_EINVAL);
}

static void test_threads_identical(void **state)
{
    (void)state;
    ctome_ei_atlas_opts o = quick();
    size_t stim[12];
    for (size_t s = 0; s < 12; s++)
        stim[s] = s * 25;
    ctome_ei_atlas a1, a2;
    o.threads = 1;
    assert_int_equal(ctome_ei_atlas_compute(CM, stim, 12, &o, &a1), CTOME_OK);
    o.threads = 2;
    assert_int_equal(ctome_ei_atlas_compute(CM, stim, 12, &o, &a2), CTOME_OK);
    assert_memory_equal(a1.r, a2.r, 12 * CM->n * sizeof *a1.r);
    /* the response spreads: some neuron other than the stimulated one moves */
    size_t moved = 0;
    for (size_t i = 0; i < CM->n; i++)
        moved += i != stim[1] && a1.r[CM->n + i] != 0;
    assert_true(moved > 0);
    ctome_ei_atlas_clear(&a1);
    ctome_ei_atlas_clear(&a2);
}

/* The k stimulations' block path (serial) against the one-at-a-time
 * reference path to 1e-12 (responses not all zero), and the threaded
 * computation on 1 .. max_threads threads bytewise equal to the serial one;
 * ser keeps the serial responses. */
static void check_block_path(const size_t *stim, size_t k, ctome_ei_atlas_opts o, double *ref, double *ser,
                             int max_threads)
{
    size_t n = CM->n;
    assert_int_equal(ctome_ei_atlas_reference(CM, stim, k, &o, ref, NULL), CTOME_OK);
    assert_int_equal(ctome_ei_atlas_serial(CM, stim, k, &o, ser, NULL), CTOME_OK);
    double dmax = 0, amax = 0;
    for (size_t q = 0; q < k * n; q++) {
        dmax = fmax(dmax, fabs(ser[q] - ref[q]));
        amax = fmax(amax, fabs(ref[q]));
    }
    assert_true(dmax <= 1e-12);
    assert_true(amax > 1e-3);   /* the responses are not all zero */
    for (int th = 1; th <= max_threads; th++) {
        ctome_ei_atlas a;
        o.threads = th;
        assert_int_equal(ctome_ei_atlas_compute(CM, stim, k, &o, &a), CTOME_OK);
        assert_memory_equal(a.r, ser, k * n * sizeof *ser);
        ctome_ei_atlas_clear(&a);
    }
}

/* Stimulations simulated together (blocks of 16 columns, a padded tail
 * block, the merged sparse pass) give the responses of the one-at-a-time
 * reference path (two-pass sums, divide by tau) to 1e-12, and bitwise the
 * same responses on 1 and 2 threads, for both measures; 35 stimulations =
 * 2 full blocks + 3. */
static void test_block_matches_reference(void **state)
{
    (void)state;
    ctome_ei_atlas_opts o = quick();
    size_t stim[35], n = CM->n;
    for (size_t s = 0; s < 35; s++)
        stim[s] = (s * 37) % n;
    double *ref = malloc(35 * n * sizeof *ref), *ser = malloc(35 * n * sizeof *ser);
    assert_non_null(ref);
    assert_non_null(ser);
    for (int meas = 0; meas < 2; meas++) {
        o.measure = meas ? CTOME_ATLAS_PEAK : CTOME_ATLAS_MEAN;
        check_block_path(stim, 35, o, ref, ser, 2);
    }
    free(ref);
    free(ser);
}

/* Stimulation lists of every tail shape: 16-column blocks, a 16-column
 * tail (10..15 left), an 8-column tail (3..9 left) and single columns
 * (1..2 left), see ei_atlas.c.  Each gives the reference path's responses
 * to 1e-12, the same bytes on 1, 2 and 3 threads, and every column the same
 * bytes whatever block it fell in (the same stimulation run alone). */
static void test_tail_widths(void **state)
{
    (void)state;
    static const size_t ks[] = {145, 1, 2, 3, 8, 9, 17, 26};
    /* units: 9 x 16 + 1; 1; 1 + 1; 8 (3 used); 8; 8 + 1; 16 + 1; 16 + 16 (10 used) */
    static const size_t units[] = {10, 1, 2, 1, 1, 2, 2, 2};
    ctome_ei_atlas_opts o = quick();
    size_t n = CM->n, stim[145];
    for (size_t s = 0; s < 145; s++)
        stim[s] = (s * 89 + 7) % n;   /* 89 is prime to 302: 145 distinct neurons */
    double *ref = malloc(145 * n * sizeof *ref), *ser = malloc(145 * n * sizeof *ser);
    double *all = malloc(145 * n * sizeof *all), *one = malloc(n * sizeof *one);
    assert_true(ref && ser && all && one);
    o.measure = CTOME_ATLAS_PEAK;
    assert_int_equal(ctome_ei_atlas_serial(CM, stim, 145, &o, all, NULL), CTOME_OK);
    o.measure = CTOME_ATLAS_MEAN;
    for (size_t t = 0; t < sizeof ks / sizeof *ks; t++) {
        size_t k = ks[t];
        assert_int_equal(ei_atlas_unit_count(k), units[t]);
        check_block_path(stim, k, o, ref, ser, 3);
        /* the peak measure of each column, as in the 145-stimulation run
         * (there: blocks of 16 and one single column) */
        o.measure = CTOME_ATLAS_PEAK;
        assert_int_equal(ctome_ei_atlas_serial(CM, stim, k, &o, ser, NULL), CTOME_OK);
        assert_memory_equal(ser, all, k * n * sizeof *ser);
        o.measure = CTOME_ATLAS_MEAN;
    }
    /* one stimulation alone: the bytes of its column in the big run */
    o.measure = CTOME_ATLAS_PEAK;
    for (size_t s = 0; s < 145; s += 13) {
        assert_int_equal(ctome_ei_atlas_serial(CM, stim + s, 1, &o, one, NULL), CTOME_OK);
        assert_memory_equal(one, all + s * n, n * sizeof *one);
    }
    free(ref);
    free(ser);
    free(all);
    free(one);
}

static size_t pair_stims(size_t k, size_t *out, size_t *n_pairs_all);

/* The nulls' atlases run pooled block by block (ei_atlas_cmp.c); each
 * null's rho equals the one computed alone from the same null model
 * (ctome_ei_null_model, its own serial atlas, the score), bytewise, for 1
 * and 3 threads. */
static void test_nulls_pooled_match_alone(void **state)
{
    (void)state;
    size_t stim[20], all;
    size_t k = pair_stims(20, stim, &all);
    ctome_ei_atlas_opts o = quick();
    ctome_ei_atlas a;
    assert_int_equal(ctome_ei_atlas_compute(CM, stim, k, &o, &a), CTOME_OK);
    for (int th = 1; th <= 3; th += 2) {
        ctome_ei_atlas_cmp c;
        o.threads = th;
        assert_int_equal(ctome_ei_atlas_compare(CM, RANDI, &o, &a, 4, 23, &c), CTOME_OK);
        assert_int_equal(c.n_valid, 4);
        double *r = malloc(c.pairs.n_stim * CM->n * sizeof *r);
        assert_non_null(r);
        for (size_t q = 0; q < 4; q++) {
            ctome_ei *nm;
            assert_int_equal(ctome_ei_null_model(CM, 23, q, &nm), CTOME_OK);
            assert_int_equal(ctome_ei_atlas_serial(nm, c.pairs.stim_list, c.pairs.n_stim, &o, r, NULL),
                             CTOME_OK);
            ctome_ei_atlas na = {.n_stim = c.pairs.n_stim, .n = CM->n, .stim = c.pairs.stim_list, .r = r};
            double rho, sa;
            size_t ns;
            assert_int_equal(ctome_ei_atlas_score(&na, &c.pairs, NULL, &rho, &sa, &ns), CTOME_OK);
            assert_memory_equal(&rho, &c.null_rho[q], sizeof rho);
            ctome_ei_free(nm);
        }
        free(r);
        ctome_ei_atlas_cmp_clear(&c);
    }
    ctome_ei_atlas_clear(&a);
}

/* Out- and in-degree of every neuron in the chemical graph; gap degrees. */
static void degrees(const ctome_ei *m, size_t *out, size_t *in, size_t *gd)
{
    memset(out, 0, m->n * sizeof *out);
    memset(in, 0, m->n * sizeof *in);
    for (size_t i = 0; i < m->n; i++) {
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            if ((size_t)m->w_col[p] != i) {
                out[m->w_col[p]]++;
                in[i]++;
            }
        gd[i] = m->g_ptr[i + 1] - m->g_ptr[i];
    }
}

static void test_null_model(void **state)
{
    (void)state;
    ctome_ei *a, *b, *c;
    assert_int_equal(ctome_ei_null_model(CM, 5, 3, &a), CTOME_OK);
    assert_int_equal(ctome_ei_null_model(CM, 5, 3, &b), CTOME_OK);
    assert_int_equal(ctome_ei_null_model(CM, 5, 4, &c), CTOME_OK);
    size_t n = CM->n, nnz = a->w_ptr[n];
    assert_int_equal(nnz, CM->w_ptr[n]);
    assert_memory_equal(a->w_col, b->w_col, nnz * sizeof *a->w_col);
    assert_memory_equal(a->w_val, b->w_val, nnz * sizeof *a->w_val);
    assert_true(memcmp(a->w_col, c->w_col, nnz * sizeof *a->w_col) != 0);
    size_t *o0 = malloc(n * sizeof *o0), *i0 = malloc(n * sizeof *i0), *g0 = malloc(n * sizeof *g0);
    size_t *o1 = malloc(n * sizeof *o1), *i1 = malloc(n * sizeof *i1), *g1 = malloc(n * sizeof *g1);
    degrees(CM, o0, i0, g0);
    degrees(a, o1, i1, g1);
    assert_memory_equal(o0, o1, n * sizeof *o0);
    assert_memory_equal(i0, i1, n * sizeof *i0);
    assert_memory_equal(g0, g1, n * sizeof *g0);
    /* Dale's law survives: each weight keeps its presynaptic neuron's sign */
    size_t changed = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t p = a->w_ptr[i]; p < a->w_ptr[i + 1]; p++) {
            int s = a->sign[a->w_col[p]];
            assert_true(s != 0 && a->w_val[p] * s > 0);
        }
    for (size_t i = 0; i < n; i++)
        for (size_t p = a->w_ptr[i], q = CM->w_ptr[i]; p < a->w_ptr[i + 1] && q < CM->w_ptr[i + 1]; p++, q++)
            changed += a->w_col[p] != CM->w_col[q];
    assert_true(changed > nnz / 4);   /* 10 swaps per edge rewire most of them */
    /* gap junctions stay symmetric with the matching row sums */
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t p = a->g_ptr[i]; p < a->g_ptr[i + 1]; p++)
            s += a->g_val[p];
        assert_true(fabs(s - a->g_deg[i]) < 1e-12);
    }
    free(o0); free(i0); free(g0); free(o1); free(i1); free(g1);
    ctome_ei_free(a);
    ctome_ei_free(b);
    ctome_ei_free(c);
}

/* The first k stimulated neurons of the Randi pairs (keeps the nulls cheap). */
static size_t pair_stims(size_t k, size_t *out, size_t *n_pairs_all)
{
    ctome_ei_atlas_pairs p;
    assert_int_equal(ctome_ei_atlas_pairs_find(CM, RANDI, &p), CTOME_OK);
    *n_pairs_all = p.n_pairs;
    size_t n = p.n_stim < k ? p.n_stim : k;
    memcpy(out, p.stim_list, n * sizeof *out);
    ctome_ei_atlas_pairs_clear(&p);
    return n;
}

static void test_compare_randi(void **state)
{
    (void)state;
    size_t stim[8], all;
    size_t k = pair_stims(8, stim, &all);
    /* 1780 measured entries; those between model neurons of cook2019-herm */
    assert_true(all > 1500 && all <= 1780);
    assert_int_equal(k, 8);
    ctome_ei_atlas_opts o = quick();
    ctome_ei_atlas a;
    assert_int_equal(ctome_ei_atlas_compute(CM, stim, k, &o, &a), CTOME_OK);
    ctome_ei_atlas_cmp c1, c2;
    o.threads = 1;
    assert_int_equal(ctome_ei_atlas_compare(CM, RANDI, &o, &a, 3, 11, &c1), CTOME_OK);
    o.threads = 2;
    assert_int_equal(ctome_ei_atlas_compare(CM, RANDI, &o, &a, 3, 11, &c2), CTOME_OK);
    /* the given atlas restricts the pairs to its stimulations */
    assert_int_equal(c1.pairs.n_stim, 8);
    for (size_t q = 0; q < c1.pairs.n_pairs; q++) {
        size_t hit = 0;
        for (size_t s = 0; s < k; s++)
            hit += c1.pairs.stim[q] == stim[s];
        assert_int_equal(hit, 1);
    }
    assert_true(isfinite(c1.rho) && fabs(c1.rho) < 1);
    assert_int_equal(c1.n_valid, 3);
    assert_memory_equal(c1.null_rho, c2.null_rho, 3 * sizeof *c1.null_rho);
    assert_true(c1.rho == c2.rho && c1.p == c2.p);
    assert_true(c1.p >= 0.25 && c1.p <= 1.0);   /* (1 + ge) / 4 */
    assert_int_equal(c1.n_sign, c1.pairs.n_pairs);   /* NaN mode: every pair is non-zero */
    /* model values: the atlas entries of the pairs */
    assert_int_equal(c1.pairs.stim[0], stim[0]);
    assert_true(c1.model[0] == a.r[c1.pairs.resp[0]]);
    /* without nulls p and z are NaN; a different seed gives other nulls */
    ctome_ei_atlas_cmp c3;
    assert_int_equal(ctome_ei_atlas_compare(CM, RANDI, &o, &a, 0, 1, &c3), CTOME_OK);
    assert_true(isnan(c3.p) && isnan(c3.z) && c3.rho == c1.rho);
    ctome_ei_atlas_cmp_clear(&c3);
    assert_int_equal(ctome_ei_atlas_compare(CM, RANDI, &o, &a, 3, 12, &c3), CTOME_OK);
    assert_true(memcmp(c1.null_rho, c3.null_rho, 3 * sizeof *c1.null_rho) != 0);
    ctome_ei_atlas_cmp_clear(&c3);
    ctome_ei_atlas_clear(&a);
    ctome_ei_atlas_cmp_clear(&c1);
    ctome_ei_atlas_cmp_clear(&c2);
}

static void test_parse_neurons(void **state)
{
    (void)state;
    size_t *idx, k;
    assert_int_equal(ctome_ei_parse_neurons(CM, "AVA,AVBL,AVAL", &idx, &k), CTOME_OK);
    assert_int_equal(k, 3);   /* AVAL, AVAR from the class, AVBL; AVAL not twice */
    assert_string_equal(ctome_ei_name(CM, idx[0]), "AVAL");
    assert_string_equal(ctome_ei_name(CM, idx[1]), "AVAR");
    assert_string_equal(ctome_ei_name(CM, idx[2]), "AVBL");
    free(idx);
    assert_int_equal(ctome_ei_parse_neurons(CM, "AVAL,NOTANEURON", &idx, &k), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "NOTANEURON"));
    assert_int_equal(ctome_ei_parse_neurons(CM, "AVAL,", &idx, &k), CTOME_EVALUE);
}

static void test_axis_parse(void **state)
{
    (void)state;
    ctome_sweep_axis ax;
    assert_int_equal(ctome_sweep_axis_parse("chem-scale=0.001:0.1:3", 1, &ax), CTOME_OK);
    assert_int_equal(ax.param, CTOME_SWEEP_CHEM_SCALE);
    assert_true(fabs(ctome_sweep_axis_value(&ax, 1) - 0.01) < 1e-15);
    assert_true(ctome_sweep_axis_value(&ax, 2) == 0.1);
    assert_int_equal(ctome_sweep_axis_parse("gap-scale=0:1:5", 0, &ax), CTOME_OK);
    assert_true(ctome_sweep_axis_value(&ax, 1) == 0.25);
    const char *bad[] = {"chem-scale", "foo=0:1:3", "tau=0:1:3", "chem-scale=1:0:3", "chem-scale=0:1:0",
                         "chem-scale=0:1:x", "chem-scale=-1:1:2", "amp=nan:1:2", "chem-scale=a:1:2"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(ctome_sweep_axis_parse(bad[i], 0, &ax), CTOME_EVALUE);
    assert_int_equal(ctome_sweep_axis_parse("gap-scale=0:1:3", 1, &ax), CTOME_EVALUE);   /* log from 0 */
}

static int build_cook(const ctome_ei_opts *o, void *user, ctome_ei **out)
{
    (void)user;
    return ctome_ei_build(COOK, REG, o, out);
}

static void test_sweep(void **state)
{
    (void)state;
    ctome_ei_opts base;
    ctome_ei_opts_default(&base);
    base.f = CTOME_EI_LINEAR;
    ctome_ei_atlas_opts o = quick();
    o.window = 5.0;
    o.settle = 0;
    ctome_sweep_axis ax;
    /* linear model: chem-scale 2 is far past instability (rho(W) = 1.033 at
     * 0.01, so about 200 here), 0.001 is stable */
    assert_int_equal(ctome_sweep_axis_parse("chem-scale=0.001:2:2", 0, &ax), CTOME_OK);
    size_t stim[6], all;
    size_t k = pair_stims(6, stim, &all);
    ctome_ei_sweep s1, s2;
    assert_int_equal(ctome_ei_sweep_run(build_cook, NULL, &base, &o, RANDI, stim, k, &ax, NULL, 1, NULL, NULL,
                                        &s1), CTOME_OK);
    assert_int_equal(ctome_ei_sweep_run(build_cook, NULL, &base, &o, RANDI, stim, k, &ax, NULL, 2, NULL, NULL,
                                        &s2), CTOME_OK);
    assert_true(s1.n_pairs[0] >= 3 && s1.n_pairs[0] < all);
    assert_int_equal(s1.n1, 2);
    assert_int_equal(s1.n2, 1);
    assert_int_equal(s1.status[0], CTOME_SWEEP_OK);
    assert_true(isfinite(s1.rho[0]));
    assert_int_equal(s1.status[1], CTOME_SWEEP_BLOWUP);
    assert_true(isnan(s1.rho[1]));
    assert_memory_equal(s1.rho, s2.rho, 1 * sizeof *s1.rho);
    assert_memory_equal(s1.status, s2.status, 2 * sizeof *s1.status);
    ctome_ei_sweep_clear(&s1);
    ctome_ei_sweep_clear(&s2);
}

static int setup(void **state)
{
    (void)state;
    if (tu_dataset_setup("cook2019-herm", &REG, &COOK))
        return -1;
    if (ctome_ei_build(COOK, REG, NULL, &CM))
        return -1;
    return ctome_structfunc_functional("randi2023-funconn", CTOME_TEST_DATA, REG, 1, &RANDI) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    ctome_fmatrix_free(RANDI);
    ctome_ei_free(CM);
    ctome_connectome_free(COOK);
    ctome_registry_free(REG);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_closed_form),
        cmocka_unit_test(test_linear_matches_expm),
        cmocka_unit_test(test_matches_simulate),
        cmocka_unit_test(test_blowup_and_bad_options),
        cmocka_unit_test(test_substeps),
        cmocka_unit_test(test_score_hand_made),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_null_model),
        cmocka_unit_test(test_compare_randi),
        cmocka_unit_test(test_parse_neurons),
        cmocka_unit_test(test_axis_parse),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_block_matches_reference),
        cmocka_unit_test(test_tail_widths),
        cmocka_unit_test(test_nulls_pooled_match_alone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
