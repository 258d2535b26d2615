/* test_es.c — evolution strategies and CMA-ES (lib/models/es.h).
 *
 * References: hand-derived CMA-ES strategy parameters for n = 4 (Hansen 2016
 * tutorial, Table 1; arithmetic in the comments); one CMA-ES generation
 * recomputed here from the tutorial's update equations on the optimiser's own
 * samples; one ES/Adam step on a linear objective (whose direction is known
 * in closed form); convergence on the sphere and Rosenbrock functions (optimum
 * known: c and (1, ..., 1)) within stated budgets; exact reproducibility
 * (same seed, 1 vs 2 threads, checkpoint + resume); constraint projection
 * after every update; errors for bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "error.h"
#include "es.h"
#include "store.h"
#include "store_train.h"
#include "testutil.h"

/* ---- objectives ---- */

/* -sum (x_i - c_i)^2 with c_i = 1 - 0.3 i: maximum 0 at c. */
static double sphere_c(size_t i) { return 1.0 - 0.3 * (double)i; }

static double sphere(const double *x, size_t n, uint64_t seed, void *ctx, uint64_t *steps)
{
    (void)seed;
    (void)ctx;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - sphere_c(i)) * (x[i] - sphere_c(i));
    *steps = 1;
    return -s;
}

/* -Rosenbrock: maximum 0 at (1, ..., 1). */
static double rosen_value(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i + 1 < n; i++)
        s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
    return s;
}

static double rosen(const double *x, size_t n, uint64_t seed, void *ctx, uint64_t *steps)
{
    (void)seed;
    (void)ctx;
    *steps = 1;
    return -rosen_value(x, n);
}

/* A noisy objective whose noise depends on the episode seed, as a swimmer
 * return does: reproducibility must hold through the seeds as well.  (Its
 * optimum is off the start point 0: at the centre of a symmetric objective
 * every antithetic pair ties and ES does not move.) */
static double noisy(const double *x, size_t n, uint64_t seed, void *ctx, uint64_t *steps)
{
    (void)ctx;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - 0.5) * (x[i] - 0.5);
    *steps = 10 + seed % 7;
    return -s + 1e-3 * (double)(seed % 1000) / 1000.0;
}

static ctome_es *make(ctome_es_algo algo, size_t n, double sigma, uint64_t seed)
{
    ctome_es_opts o;
    ctome_es_opts_default(algo, &o);
    o.sigma = sigma;
    o.seed = seed;
    double x0[16] = {0};
    ctome_es *es = NULL;
    assert_int_equal(ctome_es_new(&o, x0, n, &es), CTOME_OK);
    return es;
}

static void run(ctome_es *es, ctome_es_objective f, uint64_t gens)
{
    ctome_es_run_opts ro = {0};
    ro.max_generations = gens;
    int rc = ctome_es_run(es, f, NULL, &ro);
    if (rc)
        fail_msg("%s", ctome_error_message());
}

static double max_abs_err(const double *x, size_t n, double (*target)(size_t))
{
    double e = 0;
    for (size_t i = 0; i < n; i++)
        e = fmax(e, fabs(x[i] - target(i)));
    return e;
}

static double one(size_t i)
{
    (void)i;
    return 1.0;
}

/* ---- CMA-ES parameters (tutorial Table 1), n = 4 ---- */

static void test_cma_params_n4(void **state)
{
    (void)state;
    ctome_es *es = make(CTOME_ES_CMA, 4, 0.5, 1);
    ctome_es_cma_params p;
    assert_int_equal(ctome_es_cma_get_params(es, &p), CTOME_OK);
    /* lambda = 4 + floor(3 ln 4) = 4 + floor(4.159) = 8, mu = 4 */
    assert_int_equal(p.lambda, 8);
    assert_int_equal(p.mu, 4);
    assert_int_equal(ctome_es_popsize(es), 8);
    /* w'_i = ln 4.5 - ln i = 1.504077, 0.810930, 0.405465, 0.117783 (i = 1..4);
     * sum 2.838255, sum of squares 3.098110 -> mu_eff = 8.055692 / 3.098110 = 2.600179 */
    assert_true(fabs(p.mueff - 2.600179) < 1e-6);
    /* c_c = (4 + mu_eff/4) / (8 + mu_eff/2) = 1/2 exactly for n = 4 */
    assert_true(fabs(p.cc - 0.5) < 1e-15);
    /* c_sigma = 4.600179 / 11.600179 */
    assert_true(fabs(p.csigma - 0.3965610) < 1e-7);
    /* c_1 = 2 / (5.3^2 + mu_eff) = 2 / 30.690179 */
    assert_true(fabs(p.c1 - 0.0651674) < 1e-7);
    /* c_mu = 2 (mu_eff - 2 + 1/mu_eff) / (6^2 + mu_eff) = 1.969536 / 38.600179 */
    assert_true(fabs(p.cmu - 0.0510240) < 1e-7);
    /* d_sigma = 1 + 2 max(0, sqrt(1.600179 / 5) - 1) + c_sigma = 1 + c_sigma */
    assert_true(fabs(p.dsigma - 1.3965610) < 1e-7);
    /* E||N(0, I)|| ~ 2 (1 - 1/16 + 1/336) = 79/42 */
    assert_true(fabs(p.chin - 79.0 / 42.0) < 1e-15);
    /* positive weights w'_i / 2.838255; negative weights: w'_i = -0.105361,
     * -0.287682, -0.441833, -0.575364 (sum of |.| 1.410240, mu_eff^- =
     * 3.207072) scaled by min(1 + c1/cmu = 2.277, 1 + 2 mu_eff^-/(mu_eff + 2)
     * = 2.394, (1 - c1 - cmu)/(4 cmu) = 4.578) = 2.277192 / 1.410240 */
    const double w[8] = {0.5299302, 0.2857143, 0.1428571, 0.0414984,
                         -0.1701314, -0.4645361, -0.7134518, -0.9290723};
    for (int i = 0; i < 8; i++)
        assert_true(fabs(p.weights[i] - w[i]) < 1e-7);
    ctome_es_free(es);
}

/* One CMA-ES generation recomputed from the tutorial's equations (C = I, so
 * B = I, D = 1 and y_k = z_k = (x_k - m) / sigma). */
static void test_cma_first_generation(void **state)
{
    (void)state;
    const size_t n = 4, lam = 8;
    double sigma0 = 0.5;
    ctome_es *es = make(CTOME_ES_CMA, n, sigma0, 7);
    ctome_es_cma_params p;
    ctome_es_cma_get_params(es, &p);
    double pop[8 * 4], ret[8];
    assert_int_equal(ctome_es_ask(es, pop), CTOME_OK);
    uint64_t st;
    for (size_t k = 0; k < lam; k++)
        ret[k] = sphere(pop + k * n, n, 0, NULL, &st);
    /* ranks by hand: selection sort, best first */
    size_t ord[8];
    int used[8] = {0};
    for (size_t r = 0; r < lam; r++) {
        size_t b = lam;
        for (size_t k = 0; k < lam; k++)
            if (!used[k] && (b == lam || ret[k] > ret[b]))
                b = k;
        used[b] = 1;
        ord[r] = b;
    }
    double y[8][4], yw[4] = {0};
    for (size_t k = 0; k < lam; k++)
        for (size_t i = 0; i < n; i++)
            y[k][i] = pop[k * n + i] / sigma0;  /* m = 0 */
    for (size_t r = 0; r < 4; r++)
        for (size_t i = 0; i < n; i++)
            yw[i] += p.weights[r] * y[ord[r]][i];
    assert_int_equal(ctome_es_tell(es, ret), CTOME_OK);
    ctome_es_state s;
    assert_int_equal(ctome_es_get_state(es, &s), CTOME_OK);
    /* m1 = m0 + sigma yw */
    for (size_t i = 0; i < n; i++)
        assert_true(fabs(s.theta[i] - sigma0 * yw[i]) < 1e-12);
    /* p_sigma = sqrt(cs (2 - cs) mueff) yw; sigma1 = sigma0 exp(cs/ds (|ps|/chiN - 1)) */
    double a = sqrt(p.csigma * (2 - p.csigma) * p.mueff), ps2 = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(fabs(s.ps[i] - a * yw[i]) < 1e-12);
        ps2 += a * yw[i] * a * yw[i];
    }
    double sig1 = sigma0 * exp(p.csigma / p.dsigma * (sqrt(ps2) / p.chin - 1));
    assert_true(fabs(s.sigma - sig1) < 1e-12);
    /* h_sigma: |ps| / sqrt(1 - (1 - cs)^2) < (1.4 + 2/5) chiN */
    int h = sqrt(ps2) / sqrt(1 - (1 - p.csigma) * (1 - p.csigma)) < 1.8 * p.chin;
    double cca = sqrt(p.cc * (2 - p.cc) * p.mueff), pc[4];
    for (size_t i = 0; i < n; i++) {
        pc[i] = h ? cca * yw[i] : 0;
        assert_true(fabs(s.pc[i] - pc[i]) < 1e-12);
    }
    /* C1 = (1 + c1 dh - c1 - cmu sum w) I + c1 pc pc^T + cmu sum w°_k y_k y_k^T */
    double wsum = 0;
    for (size_t r = 0; r < lam; r++)
        wsum += p.weights[r];
    double dh = h ? 0 : p.cc * (2 - p.cc);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double c = (i == j ? 1 + p.c1 * dh - p.c1 - p.cmu * wsum : 0) + p.c1 * pc[i] * pc[j];
            for (size_t r = 0; r < lam; r++) {
                const double *yk = y[ord[r]];
                double wo = p.weights[r];
                if (wo < 0)
                    wo *= (double)n / (yk[0] * yk[0] + yk[1] * yk[1] + yk[2] * yk[2] + yk[3] * yk[3]);
                c += p.cmu * wo * yk[i] * yk[j];
            }
            assert_true(fabs(s.C[i * n + j] - c) < 1e-12);
        }
    }
    ctome_es_state_free(&s);
    ctome_es_free(es);
}

/* ES: one pair on f(x) = a . x.  The better member is theta + sigma eps when
 * a . eps > 0; centred ranks +-1/2 give g = sign(a . eps) eps / (2 sigma),
 * and Adam's first step is lr g / (|g| + eps/sqrt(1 - b2)) ~ lr sign(g) per
 * coordinate. */
static double linear(const double *x, size_t n, uint64_t seed, void *ctx, uint64_t *steps)
{
    (void)seed;
    (void)ctx;
    *steps = 1;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (double)(i + 1) * x[i];
    return s;
}

static void test_es_first_step(void **state)
{
    (void)state;
    ctome_es_opts o;
    ctome_es_opts_default(CTOME_ES_OPENAI, &o);
    o.popsize = 2;
    o.sigma = 0.1;
    o.lr = 0.02;
    const double x0[3] = {0.5, -0.25, 2};
    ctome_es *es;
    assert_int_equal(ctome_es_new(&o, x0, 3, &es), CTOME_OK);
    double pop[6], ret[2];
    uint64_t st;
    ctome_es_ask(es, pop);
    ret[0] = linear(pop, 3, 0, NULL, &st);
    ret[1] = linear(pop + 3, 3, 0, NULL, &st);
    double eps[3], ae = 0;
    for (int i = 0; i < 3; i++) {
        eps[i] = (pop[i] - x0[i]) / o.sigma;
        assert_true(fabs((x0[i] - pop[3 + i]) / o.sigma - eps[i]) < 1e-12);  /* antithetic */
        ae += (i + 1) * eps[i];
    }
    assert_int_equal(ctome_es_tell(es, ret), CTOME_OK);
    const double *x1 = ctome_es_theta(es);
    for (int i = 0; i < 3; i++) {
        double g = (ae > 0 ? 1 : -1) * eps[i] / (2 * o.sigma);
        double step = o.lr * g / (fabs(g) + o.adam_eps / sqrt(1 - o.beta2));
        assert_true(fabs((x1[i] - x0[i]) - step) < 1e-12);
        assert_true(fabs(fabs(x1[i] - x0[i]) - o.lr) < 1e-6);
    }
    /* curve row 1: mean and best of the two returns */
    size_t nc;
    const ctome_es_gen *c = ctome_es_curve(es, &nc);
    assert_int_equal(nc, 1);
    assert_int_equal(c[0].generation, 1);
    assert_true(fabs(c[0].mean - (ret[0] + ret[1]) / 2) < 1e-12);
    assert_true(c[0].best == fmax(ret[0], ret[1]));
    ctome_es_free(es);
}

/* Ties share their mean rank: with all returns equal the gradient is 0 and
 * Adam does not move. */
static double flat(const double *x, size_t n, uint64_t seed, void *ctx, uint64_t *steps)
{
    (void)x;
    (void)n;
    (void)seed;
    (void)ctx;
    *steps = 1;
    return 3.0;
}

static void test_es_ties(void **state)
{
    (void)state;
    ctome_es *es = make(CTOME_ES_OPENAI, 3, 0.1, 5);
    run(es, flat, 3);
    for (int i = 0; i < 3; i++)
        assert_true(ctome_es_theta(es)[i] == 0.0);
    ctome_es_free(es);
}

/* ---- convergence ---- */

/* CMA-ES on the sphere, n = 2, 5, 10, sigma0 = 0.5 from 0: within 1e-6 of the
 * optimum (max-norm) after 300 generations (n = 10: about 100 needed). */
static void test_cma_sphere(void **state)
{
    (void)state;
    const size_t dims[3] = {2, 5, 10};
    for (int d = 0; d < 3; d++) {
        ctome_es *es = make(CTOME_ES_CMA, dims[d], 0.5, 11);
        run(es, sphere, 300);
        double e = max_abs_err(ctome_es_theta(es), dims[d], sphere_c);
        if (e > 1e-6)
            fail_msg("CMA-ES sphere n=%zu: max error %g", dims[d], e);
        ctome_es_free(es);
    }
}

/* CMA-ES on Rosenbrock, n = 2, 4, 10, from 0 with sigma0 = 0.5: within 1e-4 of
 * (1, ..., 1) after 1500 generations. */
static void test_cma_rosenbrock(void **state)
{
    (void)state;
    const size_t dims[3] = {2, 4, 10};
    for (int d = 0; d < 3; d++) {
        ctome_es *es = make(CTOME_ES_CMA, dims[d], 0.5, 3);
        run(es, rosen, 1500);
        double e = max_abs_err(ctome_es_theta(es), dims[d], one);
        if (e > 1e-4)
            fail_msg("CMA-ES Rosenbrock n=%zu: max error %g", dims[d], e);
        ctome_es_free(es);
    }
}

/* ES (32 members, sigma 0.05, Adam lr 0.01) on the sphere, n = 2, 5, 10:
 * within 0.02 of the optimum after 600 generations (Adam's steps of about lr
 * bound the final precision). */
static void test_es_sphere(void **state)
{
    (void)state;
    const size_t dims[3] = {2, 5, 10};
    for (int d = 0; d < 3; d++) {
        ctome_es *es = make(CTOME_ES_OPENAI, dims[d], 0.05, 2);
        run(es, sphere, 600);
        double e = max_abs_err(ctome_es_theta(es), dims[d], sphere_c);
        if (e > 0.02)
            fail_msg("ES sphere n=%zu: max error %g", dims[d], e);
        ctome_es_free(es);
    }
}

/* ES (sigma 0.01, lr 0.02) on Rosenbrock n = 2 and 3: within 0.05 of
 * (1, ..., 1) after 5000 generations (measured: 0.013 and 0.035).  ES ascends
 * the Gaussian-smoothed objective E f(theta + sigma eps), whose optimum lies
 * off (1, ..., 1) by O(sigma) in the curved valley, and Adam's steps of about
 * lr bound the precision. */
static void test_es_rosenbrock(void **state)
{
    (void)state;
    const size_t dims[2] = {2, 3};
    for (int d = 0; d < 2; d++) {
        ctome_es_opts o;
        ctome_es_opts_default(CTOME_ES_OPENAI, &o);
        o.sigma = 0.01;
        o.lr = 0.02;
        o.seed = 4;
        const double x0[3] = {0, 0, 0};
        ctome_es *es;
        assert_int_equal(ctome_es_new(&o, x0, dims[d], &es), CTOME_OK);
        run(es, rosen, 5000);
        double e = max_abs_err(ctome_es_theta(es), dims[d], one);
        if (e > 0.05)
            fail_msg("ES Rosenbrock n=%zu: max error %g", dims[d], e);
        ctome_es_free(es);
    }
}

/* ---- reproducibility ---- */

static void same_state(const ctome_es *a, const ctome_es *b)
{
    size_t n = ctome_es_dim(a), na, nb;
    assert_int_equal(ctome_es_generation(a), ctome_es_generation(b));
    assert_int_equal(ctome_es_steps(a), ctome_es_steps(b));
    assert_memory_equal(ctome_es_theta(a), ctome_es_theta(b), n * sizeof(double));
    assert_true(ctome_es_sigma(a) == ctome_es_sigma(b));
    const ctome_es_gen *ca = ctome_es_curve(a, &na), *cb = ctome_es_curve(b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(ca, cb, na * sizeof *ca);
    ctome_es_state sa, sb;
    assert_int_equal(ctome_es_get_state(a, &sa), CTOME_OK);
    assert_int_equal(ctome_es_get_state(b, &sb), CTOME_OK);
    if (sa.C)
        assert_memory_equal(sa.C, sb.C, n * n * sizeof(double));
    if (sa.adam_m) {
        assert_memory_equal(sa.adam_m, sb.adam_m, n * sizeof(double));
        assert_memory_equal(sa.adam_v, sb.adam_v, n * sizeof(double));
    }
    ctome_es_state_free(&sa);
    ctome_es_state_free(&sb);
}

static void test_same_seed_and_threads(void **state)
{
    (void)state;
    for (int alg = 0; alg < 2; alg++) {
        ctome_es_algo a = alg ? CTOME_ES_CMA : CTOME_ES_OPENAI;
        omp_set_num_threads(1);
        ctome_es *e1 = make(a, 6, 0.3, 42);
        run(e1, noisy, 25);
        omp_set_num_threads(2);
        ctome_es *e2 = make(a, 6, 0.3, 42);
        run(e2, noisy, 25);
        same_state(e1, e2);
        omp_set_num_threads(1);
        /* a different seed gives a different trajectory */
        ctome_es *e3 = make(a, 6, 0.3, 43);
        run(e3, noisy, 25);
        assert_true(memcmp(ctome_es_theta(e1), ctome_es_theta(e3), 6 * sizeof(double)) != 0);
        ctome_es_free(e1);
        ctome_es_free(e2);
        ctome_es_free(e3);
    }
}

/* 6 generations == 3, state copy, restore, 3 more (bit-identical). */
static void test_resume_from_state(void **state)
{
    (void)state;
    for (int alg = 0; alg < 2; alg++) {
        ctome_es_algo a = alg ? CTOME_ES_CMA : CTOME_ES_OPENAI;
        ctome_es *full = make(a, 5, 0.2, 9);
        run(full, noisy, 6);
        ctome_es *half = make(a, 5, 0.2, 9);
        run(half, noisy, 3);
        ctome_es_state st;
        assert_int_equal(ctome_es_get_state(half, &st), CTOME_OK);
        ctome_es_free(half);
        ctome_es *res = NULL;
        assert_int_equal(ctome_es_from_state(&st, NULL, NULL, &res), CTOME_OK);
        run(res, noisy, 6);
        same_state(full, res);
        /* a NaN in the saved theta is refused with the field named */
        st.theta[2] = NAN;
        ctome_es *bad = NULL;
        assert_int_equal(ctome_es_from_state(&st, NULL, NULL, &bad), CTOME_EVALUE);
        assert_non_null(strstr(ctome_error_message(), "theta[2]"));
        assert_null(bad);
        ctome_es_state_free(&st);
        ctome_es_free(full);
        ctome_es_free(res);
    }
}

/* The same through an HDF5 checkpoint file: 6 generations == 3, save, load,
 * 3 more, bit-identical; the policy description travels with it. */
static void test_checkpoint_file(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("es");
    assert_non_null(dir);
    char path[1024];
    tu_path(path, sizeof path, dir, "ckpt.h5");
    for (int alg = 0; alg < 2; alg++) {
        ctome_es_algo a = alg ? CTOME_ES_CMA : CTOME_ES_OPENAI;
        ctome_es *full = make(a, 5, 0.2, 9);
        run(full, noisy, 6);
        ctome_es *half = make(a, 5, 0.2, 9);
        run(half, noisy, 3);
        assert_int_equal(ctome_es_save(half, path, "run1", "ncap", "{\"n_joints\": 5}"), CTOME_OK);
        ctome_es_free(half);
        ctome_es *res = NULL;
        char *pol = NULL, *cfg = NULL;
        if (ctome_es_load(path, "run1", NULL, NULL, &res, &pol, &cfg))
            fail_msg("%s", ctome_error_message());
        assert_string_equal(pol, "ncap");
        assert_string_equal(cfg, "{\"n_joints\": 5}");
        assert_int_equal(ctome_es_algorithm(res), a);
        assert_int_equal(ctome_es_generation(res), 3);
        run(res, noisy, 6);
        same_state(full, res);
        free(pol);
        free(cfg);
        ctome_es_free(full);
        ctome_es_free(res);
    }
    /* unknown run id */
    ctome_es *es = NULL;
    assert_int_equal(ctome_es_load(path, "nope", NULL, NULL, &es, NULL, NULL), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "/runs/train/nope"));
    /* NaN weights in a stored checkpoint: rewrite run1 with theta[1] = NaN */
    ctome_store *s;
    assert_int_equal(ctome_store_open(path, &s), CTOME_OK);
    ctome_store_train t;
    assert_int_equal(ctome_store_get_train(s, "run1", &t), CTOME_OK);
    ctome_store_close(s);
    t.theta[1] = NAN;
    char bad[1024];
    tu_path(bad, sizeof bad, dir, "nan.h5");
    assert_int_equal(ctome_store_create(bad, &s), CTOME_OK);
    assert_int_equal(ctome_store_put_train(s, "run1", &t), CTOME_OK);
    assert_int_equal(ctome_store_commit(s), CTOME_OK);
    ctome_store_train_free(&t);
    assert_int_equal(ctome_es_load(bad, "run1", NULL, NULL, &es, NULL, NULL), CTOME_EVALUE);
    const char *m = ctome_error_message();
    if (!strstr(m, "nan.h5") || !strstr(m, "theta[1]"))
        fail_msg("message: %s", m);
    assert_null(es);
    /* a file that is not HDF5, and a truncated checkpoint */
    size_t len;
    char *bytes = tu_slurp(path, &len);
    tu_write(bad, bytes, len / 2);
    free(bytes);
    assert_int_equal(ctome_es_load(bad, "run1", NULL, NULL, &es, NULL, NULL), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "nan.h5"));
    tu_write(bad, "not a checkpoint\n", 17);
    assert_int_equal(ctome_es_load(bad, "run1", NULL, NULL, &es, NULL, NULL), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "not an HDF5 file"));
    assert_null(es);
    tu_rmtree(dir);
}

/* ---- projection ---- */

/* The objective pulls x0 to -1 and x1 to +1; the constraints x0 >= 0, x1 <= 0
 * must hold for every candidate evaluated and for the centre after every
 * update. */
typedef struct {
    ctome_es *es;
    long calls, violations;
} proj_ctx;

static void clamp_signs(double *x, size_t n, void *ctx)
{
    (void)n;
    ((proj_ctx *)ctx)->calls++;
    if (x[0] < 0)
        x[0] = 0;
    if (x[1] > 0)
        x[1] = 0;
}

static double pull(const double *x, size_t n, uint64_t seed, void *ctx, uint64_t *steps)
{
    (void)seed;
    *steps = 1;
    proj_ctx *p = ctx;
    if (x[0] < 0 || x[1] > 0) {
#pragma omp atomic
        p->violations++;
    }
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double t = i == 0 ? -1 : i == 1 ? 1 : 0.5;
        s += (x[i] - t) * (x[i] - t);
    }
    return -s;
}

static void after_gen(const ctome_es_gen *g, void *ctx)
{
    proj_ctx *p = ctx;
    const double *x = ctome_es_theta(p->es);
    if (x[0] < 0 || x[1] > 0)
        p->violations++;
    (void)g;
}

static void test_projection(void **state)
{
    (void)state;
    for (int alg = 0; alg < 2; alg++) {
        proj_ctx pc = {0};
        ctome_es_opts o;
        ctome_es_opts_default(alg ? CTOME_ES_CMA : CTOME_ES_OPENAI, &o);
        o.sigma = 0.3;
        o.lr = 0.05;
        o.project = clamp_signs;
        o.project_ctx = &pc;
        const double x0[3] = {-0.5, 0.5, 0};   /* infeasible: projected at creation */
        ctome_es *es;
        assert_int_equal(ctome_es_new(&o, x0, 3, &es), CTOME_OK);
        assert_true(ctome_es_theta(es)[0] == 0 && ctome_es_theta(es)[1] == 0);
        pc.es = es;
        ctome_es_run_opts ro = {0};
        ro.max_generations = 60;
        ro.progress = after_gen;
        ro.progress_ctx = &pc;
        assert_int_equal(ctome_es_run(es, pull, &pc, &ro), CTOME_OK);
        assert_int_equal(pc.violations, 0);
        /* 1 at creation + popsize candidates + 1 update per generation */
        assert_int_equal(pc.calls, 1 + 60 * (long)(ctome_es_popsize(es) + 1));
        /* the optimum under the constraints: x0 = 0, x1 = 0, x2 = 0.5 */
        const double *x = ctome_es_theta(es);
        if (!(x[0] >= 0 && x[0] < 0.05 && x[1] <= 0 && x[1] > -0.05))
            fail_msg("alg %d: x = %g %g", alg, x[0], x[1]);
        if (fabs(x[2] - 0.5) >= 0.1)
            fail_msg("alg %d: x2 = %g", alg, x[2]);
        ctome_es_free(es);
    }
}

/* ---- steps budget ---- */

static void test_steps_budget(void **state)
{
    (void)state;
    ctome_es *es = make(CTOME_ES_OPENAI, 3, 0.1, 1);
    ctome_es_run_opts ro = {0};
    ro.max_steps = 100;   /* 32 steps per generation: stops after 4 (128 >= 100) */
    assert_int_equal(ctome_es_run(es, sphere, NULL, &ro), CTOME_OK);
    assert_int_equal(ctome_es_generation(es), 4);
    assert_int_equal(ctome_es_steps(es), 128);
    size_t nc;
    const ctome_es_gen *c = ctome_es_curve(es, &nc);
    assert_int_equal(nc, 4);
    for (size_t i = 0; i < nc; i++)
        assert_int_equal(c[i].steps, 32 * (i + 1));
    ctome_es_free(es);
}

/* ---- bad input ---- */

typedef struct {
    ctome_es *es;
    const double *target;
} nan_ctx;

static double nan_member(const double *x, size_t n, uint64_t seed, void *ctx, uint64_t *steps)
{
    (void)seed;
    *steps = 1;
    nan_ctx *c = ctx;
    if (ctome_es_generation(c->es) == 1 && memcmp(x, c->target, n * sizeof *x) == 0)
        return NAN;
    return -x[0] * x[0];
}

static void test_bad_input(void **state)
{
    (void)state;
    ctome_es_opts o;
    ctome_es_opts_default(CTOME_ES_OPENAI, &o);
    double x0[4] = {0, 0, 0, 0};
    ctome_es *es = NULL;
    assert_int_equal(ctome_es_new(&o, x0, 0, &es), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "dimension is 0"));
    o.sigma = 0;
    assert_int_equal(ctome_es_new(&o, x0, 4, &es), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "sigma"));
    o.sigma = -1;
    assert_int_equal(ctome_es_new(&o, x0, 4, &es), CTOME_EINVAL);
    o.sigma = NAN;
    assert_int_equal(ctome_es_new(&o, x0, 4, &es), CTOME_EINVAL);
    ctome_es_opts_default(CTOME_ES_OPENAI, &o);
    o.popsize = 5;
    assert_int_equal(ctome_es_new(&o, x0, 4, &es), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "even"));
    ctome_es_opts_default(CTOME_ES_CMA, &o);
    o.sigma = -0.1;
    assert_int_equal(ctome_es_new(&o, x0, 4, &es), CTOME_EINVAL);
    ctome_es_opts_default(CTOME_ES_CMA, &o);
    x0[1] = INFINITY;
    assert_int_equal(ctome_es_new(&o, x0, 4, &es), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "element 1"));
    x0[1] = 0;
    assert_null(es);
    ctome_es_algo a;
    assert_int_equal(ctome_es_algo_parse("adam", &a), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "'adam'"));

    /* tell without ask; a NaN return through tell */
    for (int alg = 0; alg < 2; alg++) {
        es = make(alg ? CTOME_ES_CMA : CTOME_ES_OPENAI, 4, 0.1, 1);
        size_t lam = ctome_es_popsize(es);
        double ret[64] = {0};
        assert_int_equal(ctome_es_tell(es, ret), CTOME_EINVAL);
        ctome_es_ask(es, NULL);
        ret[2] = NAN;
        assert_int_equal(ctome_es_tell(es, ret), CTOME_EVALUE);
        assert_non_null(strstr(ctome_error_message(), "generation 1 member 2"));
        assert_int_equal(ctome_es_generation(es), 0);
        (void)lam;
        /* NaN from the objective in generation 2, member 3 */
        ctome_es_free(es);
        es = make(alg ? CTOME_ES_CMA : CTOME_ES_OPENAI, 4, 0.1, 1);
        run(es, sphere, 1);
        double pop[64 * 4];
        ctome_es_ask(es, pop);
        nan_ctx c = {es, pop + 3 * 4};
        ctome_es_run_opts ro = {0};
        ro.max_generations = 5;
        assert_int_equal(ctome_es_run(es, nan_member, &c, &ro), CTOME_EVALUE);
        const char *m = ctome_error_message();
        if (!strstr(m, "generation 2 member 3: objective returned NaN"))
            fail_msg("message: %s", m);
        assert_int_equal(ctome_es_generation(es), 1);
        ro.max_generations = 0;
        assert_int_equal(ctome_es_run(es, sphere, NULL, &ro), CTOME_EINVAL);
        assert_non_null(strstr(ctome_error_message(), "no budget"));
        ctome_es_free(es);
    }
}

int main(void)
{
    ctome_init();
    /* The test objectives cost nanoseconds: one thread, or OpenMP's barrier
     * spinning in thousands of tiny parallel regions dominates (under ASan
     * on a loaded machine, 20x the CPU time).  test_same_seed_and_threads
     * sets 1 and 2 threads itself. */
    omp_set_num_threads(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cma_params_n4),
        cmocka_unit_test(test_cma_first_generation),
        cmocka_unit_test(test_es_first_step),
        cmocka_unit_test(test_es_ties),
        cmocka_unit_test(test_cma_sphere),
        cmocka_unit_test(test_cma_rosenbrock),
        cmocka_unit_test(test_es_sphere),
        cmocka_unit_test(test_es_rosenbrock),
        cmocka_unit_test(test_same_seed_and_threads),
        cmocka_unit_test(test_resume_from_state),
        cmocka_unit_test(test_checkpoint_file),
        cmocka_unit_test(test_projection),
        cmocka_unit_test(test_steps_budget),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
