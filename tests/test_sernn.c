/* test_sernn.c — seRNN positions and distances, the weighted
 * communicability regulariser and its analytic gradient, the Fréchet
 * derivative of expm behind it, and the L1 baseline.
 *
 * References: the numbers of docs/methods.md, "Spatially embedded RNNs"
 * (grid distance sum 30271.04208 and maximum sqrt(41); the 3-node
 * communicability and regulariser), all of which
 * tests/ref/sernn_ref.py reproduces with numpy/scipy (output
 * tests/ref/sernn_ref.txt); torch autograd through torch.matrix_exp for a
 * gradient (same script); the 2n x 2n block identity
 * expm([[X, E], [0, X]]) = [[e^X, L(X, E)], [0, e^X]] through the
 * independent ctome_expm_pade; central finite differences. */
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
#include "ctome.h"
#include "expm_frechet.h"
#include "maze_task.h"
#include "rng.h"
#include "sernn.h"
#include "sernn_analyse.h"
#include "testutil.h"

#define assert_close(a, b, tol)                                                                    \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol) * (1 + fabs(b_)))) {                                          \
            print_error("%s = %.15g, expected %.15g (tol %g)\n", #a, a_, b_, (double)(tol));       \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

static double ref1(const char *key)
{
    char line[4096];
    return strtod(tu_ref(line, sizeof line, "sernn_ref.txt", "%s", key), NULL);
}

/* n doubles of the line `key` into v. */
static void refv(const char *key, double *v, size_t n)
{
    static char line[16384];
    const char *p = tu_ref(line, sizeof line, "sernn_ref.txt", "%s", key);
    for (size_t i = 0; i < n; i++) {
        char *end;
        v[i] = strtod(p, &end);
        assert_true(end != p);
        p = end;
    }
}

static void test_grid(void **state)
{
    (void)state;
    double pos[300], d[10000];
    assert_int_equal(ctome_sernn_grid(5, 5, 4, pos), CTOME_OK);
    assert_int_equal(ctome_sernn_distances(100, pos, d), CTOME_OK);
    double sum = 0, mx = 0;
    for (size_t i = 0; i < 10000; i++) {
        sum += d[i];
        mx = d[i] > mx ? d[i] : mx;
    }
    /* docs/methods.md (seRNN, Space): 30271.04208 to 1e-5, maximum sqrt(41) (the corners (0,0,0)
     * and (4,4,3): 16 + 16 + 9) */
    assert_true(fabs(sum - 30271.04208) < 1e-5);
    assert_true(fabs(sum - ref1("grid_sum")) < 1e-8);
    assert_true(fabs(mx - sqrt(41.0)) < 1e-14);
    /* the authors' unit order (numpy.meshgrid raveled): z fastest, then x, then y */
    const int units[] = {0, 1, 4, 5, 20, 99};
    for (size_t k = 0; k < 6; k++) {
        char key[32], line[256];
        snprintf(key, sizeof key, "grid_pos %d", units[k]);
        int x, y, z;
        assert_int_equal(sscanf(tu_ref(line, sizeof line, "sernn_ref.txt", "%s", key), "%d %d %d",
                                &x, &y, &z),
                         3);
        assert_true(pos[3 * units[k]] == x && pos[3 * units[k] + 1] == y && pos[3 * units[k] + 2] == z);
    }
    /* symmetric, zero diagonal; unit 0 to unit 1 is one step in z */
    assert_true(d[0 * 100 + 1] == 1.0 && d[1 * 100 + 0] == 1.0 && d[55 * 100 + 55] == 0);
}

static void test_parse_grid(void **state)
{
    (void)state;
    size_t g[3];
    assert_int_equal(ctome_sernn_parse_grid("5x5x4", g), CTOME_OK);
    assert_true(g[0] == 5 && g[1] == 5 && g[2] == 4);
    assert_int_equal(ctome_sernn_parse_grid("2X3x1", g), CTOME_OK);
    assert_true(g[0] == 2 && g[1] == 3 && g[2] == 1);
    const char *bad[] = {"5x5", "0x5x4", "5x5x4x", "a", "", "5x-5x4", "5x5x4 ", "5xx5"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(ctome_sernn_parse_grid(bad[i], g), CTOME_EINVAL);
        assert_non_null(strstr(ctome_error_message(), "NXxNYxNZ"));
    }
    double pos[3];
    assert_int_equal(ctome_sernn_grid(0, 5, 4, pos), CTOME_EINVAL);
}

static void test_w3_communicability(void **state)
{
    (void)state;
    const double w[9] = {0, 1, 0, 1, 0, 2, 0, 2, 0};
    double c[9];
    assert_int_equal(ctome_sernn_communicability(3, w, c), CTOME_OK);
    /* docs/methods.md (seRNN, Regulariser: Reference), 10 significant
     * digits, and the scipy ones */
    assert_true(fabs(c[0 * 3 + 1] - 0.6785027255) < 1e-10);
    assert_true(fabs(c[0 * 3 + 2] - 0.2560106664) < 1e-10);
    assert_true(fabs(c[1 * 3 + 2] - 0.9595477565) < 1e-10);
    char line[256];
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++) {
            double want = strtod(tu_ref(line, sizeof line, "sernn_ref.txt", "w3_c %d %d", i, j), NULL);
            assert_close(c[i * 3 + j], want, 1e-12);
            assert_close(c[j * 3 + i], want, 1e-12);
        }
    for (int i = 0; i < 3; i++)
        assert_true(c[i * 4] == 0);

    const double d[9] = {0, 1, 2, 1, 0, 1, 2, 1, 0};   /* D_ij = |i - j| */
    ctome_sernn_ws *ws;
    assert_int_equal(ctome_sernn_ws_alloc(3, &ws), CTOME_OK);
    double r;
    assert_int_equal(ctome_sernn_reg(ws, w, d, 1.0, &r, NULL), CTOME_OK);
    assert_true(fabs(r - 5.195196477) < 1e-9);
    assert_close(r, ref1("w3_reg"), 1e-12);
    /* linear in gamma, and the sign of W does not matter */
    const double wneg[9] = {0, -1, 0, 1, 0, -2, 0, 2, 0};
    double r2;
    assert_int_equal(ctome_sernn_reg(ws, wneg, d, 0.25, &r2, NULL), CTOME_OK);
    assert_close(r2, 0.25 * r, 1e-14);
    ctome_sernn_ws_free(ws);
}

/* Random n x n matrix, entries N(0, sd^2). */
static void randmat(ctome_rng *g, size_t n, double sd, double *m)
{
    for (size_t i = 0; i < n * n; i++)
        m[i] = sd * ctome_rng_normal(g);
}

/* L(X, E) against the 2n x 2n block expm through ctome_expm_pade. */
static void check_frechet(size_t n, double sd, uint64_t seed)
{
    ctome_rng g;
    ctome_rng_seed(&g, seed, 0);
    double *x = malloc(n * n * sizeof *x), *e = malloc(n * n * sizeof *e);
    double *ex = malloc(n * n * sizeof *ex), *l = malloc(n * n * sizeof *l);
    double *big = calloc(4 * n * n, sizeof *big), *bige = malloc(4 * n * n * sizeof *bige);
    randmat(&g, n, sd, x);
    randmat(&g, n, 1.0, e);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            big[i * 2 * n + j] = x[i * n + j];
            big[(n + i) * 2 * n + n + j] = x[i * n + j];
            big[i * 2 * n + n + j] = e[i * n + j];
        }
    assert_int_equal(ctome_expm_frechet(n, x, e, ex, l, NULL), CTOME_OK);
    assert_int_equal(ctome_expm_pade(2 * n, big, bige), CTOME_OK);
    double scale = 0;
    for (size_t i = 0; i < n * n; i++)
        scale = fmax(scale, fabs(l[i]));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            assert_close(ex[i * n + j], bige[i * 2 * n + j], 1e-11);
            double want = bige[i * 2 * n + n + j];
            if (fabs(l[i * n + j] - want) > 1e-11 * scale) {
                print_error("L[%zu][%zu] = %.15g, block route %.15g\n", i, j, l[i * n + j], want);
                fail();
            }
        }
    /* without a direction: the same exponential */
    double *ex2 = malloc(n * n * sizeof *ex2);
    assert_int_equal(ctome_expm_frechet(n, x, NULL, ex2, NULL, NULL), CTOME_OK);
    assert_memory_equal(ex, ex2, n * n * sizeof *ex);
    free(ex2);
    free(x);
    free(e);
    free(ex);
    free(l);
    free(big);
    free(bige);
}

static void test_frechet(void **state)
{
    (void)state;
    check_frechet(5, 0.3, 1);    /* ||X||_1 < 5.37: no squaring */
    check_frechet(7, 3.0, 2);    /* ||X||_1 ~ 17: two or three squarings */
    check_frechet(1, 2.0, 3);
    /* 1 x 1: L(x, e) = e exp(x) */
    double x = 0.7, e = 2.0, ex, l;
    assert_int_equal(ctome_expm_frechet(1, &x, &e, &ex, &l, NULL), CTOME_OK);
    assert_close(ex, exp(0.7), 1e-15);
    assert_close(l, 2.0 * exp(0.7), 1e-15);
    double nan = NAN;
    assert_int_equal(ctome_expm_frechet(1, &nan, &e, &ex, &l, NULL), CTOME_EVALUE);
    ctome_expm_ws *ws;
    assert_int_equal(ctome_expm_ws_alloc(2, &ws), CTOME_OK);
    assert_int_equal(ctome_expm_frechet(1, &x, &e, &ex, &l, ws), CTOME_EINVAL);
    ctome_expm_ws_free(ws);
}

/* The same bytes on 1 and 2 threads (expm_frechet.h), at n = 512 where the
 * dual products do split over two threads (below, they stay on one). */
static void test_frechet_threads(void **state)
{
    (void)state;
    size_t n = 512, nn = n * n;
    ctome_rng g;
    ctome_rng_seed(&g, 9, 0);
    double *x = malloc(nn * sizeof *x), *e = malloc(nn * sizeof *e), *ex[2], *l[2];
    assert_non_null(x);
    assert_non_null(e);
    randmat(&g, n, 0.02, x);   /* ||X||_1 about 8: one squaring */
    randmat(&g, n, 1.0, e);
    for (int t = 0; t < 2; t++) {
        ex[t] = malloc(nn * sizeof *ex[t]);
        l[t] = malloc(nn * sizeof *l[t]);
        assert_non_null(ex[t]);
        assert_non_null(l[t]);
        ctome_expm_ws *ws;
        assert_int_equal(ctome_expm_ws_alloc(n, &ws), CTOME_OK);
        ctome_expm_ws_set_threads(ws, t + 1);
        assert_int_equal(ctome_expm_frechet(n, x, e, ex[t], l[t], ws), CTOME_OK);
        ctome_expm_ws_free(ws);
    }
    assert_memory_equal(ex[0], ex[1], nn * sizeof *ex[0]);
    assert_memory_equal(l[0], l[1], nn * sizeof *l[0]);
    assert_true(isfinite(l[0][0]) && fabs(ex[0][0]) > 0.5);   /* e^X near I + X: a real result */
    for (int t = 0; t < 2; t++) {
        free(ex[t]);
        free(l[t]);
    }
    free(x);
    free(e);
}

/* Central finite differences of R at every non-zero entry against grad:
 * returns the largest |fd - g| / |g| over entries with |g| >= floor_abs,
 * and checks the others to 1e-6 floor_abs absolutely. */
static double fd_check(size_t n, double *w, const double *d, double gamma, const double *grad,
                       double floor_abs)
{
    ctome_sernn_ws *ws;
    assert_int_equal(ctome_sernn_ws_alloc(n, &ws), CTOME_OK);
    double worst = 0;
    for (size_t k = 0; k < n * n; k++) {
        if (w[k] == 0)
            continue;
        /* fourth-order central stencil; h below |w| so that no step
         * crosses 0, where |w| has its kink */
        double w0 = w[k], h = fmin(1e-3, 0.25 * fabs(w0));
        double f[4];
        const double at[4] = {-2, -1, 1, 2};
        for (int s = 0; s < 4; s++) {
            w[k] = w0 + at[s] * h;
            assert_int_equal(ctome_sernn_reg(ws, w, d, gamma, &f[s], NULL), CTOME_OK);
        }
        w[k] = w0;
        double fd = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
        if (fabs(grad[k]) >= floor_abs) {
            double rel = fabs(fd - grad[k]) / fabs(grad[k]);
            worst = fmax(worst, rel);
            if (getenv("SERNN_TEST_VERBOSE"))
                print_message("entry %zu: analytic %.12g fd %.12g rel %.2g\n", k, grad[k], fd, rel);
        } else if (fabs(fd - grad[k]) > 1e-6 * floor_abs) {
            print_error("entry %zu: fd %.12g, analytic %.12g\n", k, fd, grad[k]);
            fail();
        }
    }
    ctome_sernn_ws_free(ws);
    return worst;
}

static void test_gradient_torch(void **state)
{
    (void)state;
    size_t n = (size_t)ref1("grad_n");
    double gamma = ref1("grad_gamma");
    assert_true(n == 6);
    double w[36], want[36], d[36], grad[36], r;
    refv("grad_w", w, 36);
    refv("grad_dw", want, 36);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            d[i * n + j] = i == j ? 0 : fabs((double)i - (double)j) + 0.5;
    ctome_sernn_ws *ws;
    assert_int_equal(ctome_sernn_ws_alloc(n, &ws), CTOME_OK);
    assert_int_equal(ctome_sernn_reg(ws, w, d, gamma, &r, grad), CTOME_OK);
    assert_close(r, ref1("grad_reg"), 1e-13);
    for (size_t k = 0; k < 36; k++)
        assert_close(grad[k], want[k], 1e-12);
    /* the penalty alone is the same with or without the gradient */
    double r2;
    assert_int_equal(ctome_sernn_reg(ws, w, d, gamma, &r2, NULL), CTOME_OK);
    assert_true(r2 == r);
    ctome_sernn_ws_free(ws);
    double worst = fd_check(n, w, d, gamma, grad, 1e-3);
    if (!(worst < 1e-6)) {
        print_error("worst relative finite-difference error %g\n", worst);
        fail();
    }
}

static void test_gradient_fd_grid(void **state)
{
    (void)state;
    /* 3x3x2 grid, random non-symmetric mixed-sign W with a sparse pattern
     * (zeros are the common case after training) and a larger norm */
    size_t n = 18;
    double pos[54], d[324], w[324], grad[324], r;
    assert_int_equal(ctome_sernn_grid(3, 3, 2, pos), CTOME_OK);
    assert_int_equal(ctome_sernn_distances(n, pos, d), CTOME_OK);
    ctome_rng g;
    ctome_rng_seed(&g, 42, 0);
    for (size_t k = 0; k < n * n; k++)
        w[k] = ctome_rng_uniform(&g) < 0.3 ? 0.0 : 0.8 * ctome_rng_normal(&g);
    ctome_sernn_ws *ws;
    assert_int_equal(ctome_sernn_ws_alloc(n, &ws), CTOME_OK);
    assert_int_equal(ctome_sernn_reg(ws, w, d, 0.9, &r, grad), CTOME_OK);
    ctome_sernn_ws_free(ws);
    assert_true(r > 0);
    double worst = fd_check(n, w, d, 0.9, grad, 1e-3);
    if (!(worst < 1e-6)) {
        print_error("worst relative finite-difference error %g\n", worst);
        fail();
    }
}

static void test_zero_row(void **state)
{
    (void)state;
    /* unit 1 has no outgoing weight: r_1 = 0, so M = 0, C = 0 off the
     * diagonal, R = 0, and every gradient entry is 0 (the row of unit 1
     * by sign(0) = 0, the others because C and dR/dM vanish) */
    const double w[9] = {0, 1, 0, 0, 0, 0, 0, 2, 0};
    const double d[9] = {0, 1, 2, 1, 0, 1, 2, 1, 0};
    ctome_sernn_ws *ws;
    assert_int_equal(ctome_sernn_ws_alloc(3, &ws), CTOME_OK);
    double r = -1, grad[9];
    assert_int_equal(ctome_sernn_reg(ws, w, d, 1.0, &r, grad), CTOME_OK);
    assert_true(r == 0);
    for (int k = 0; k < 9; k++)
        assert_true(grad[k] == 0);
    /* an all-zero W: R = 0 (the authors' code gives NaN here) */
    const double z[9] = {0};
    assert_int_equal(ctome_sernn_reg(ws, z, d, 1.0, &r, grad), CTOME_OK);
    assert_true(r == 0);
    ctome_sernn_ws_free(ws);
}

static void test_l1_and_errors(void **state)
{
    (void)state;
    const double w[4] = {0.5, -2, 0, 1};
    double r, g[4];
    assert_int_equal(ctome_sernn_l1(2, w, 0.1, &r, g), CTOME_OK);
    assert_close(r, 0.35, 1e-15);
    assert_true(g[0] == 0.1 && g[1] == -0.1 && g[2] == 0 && g[3] == 0.1);
    assert_int_equal(ctome_sernn_l1(2, w, -0.1, &r, g), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "gamma"));

    const double d[4] = {0, 1, 1, 0};
    ctome_sernn_ws *ws;
    assert_int_equal(ctome_sernn_ws_alloc(2, &ws), CTOME_OK);
    assert_int_equal(ctome_sernn_reg(ws, w, d, -1.0, &r, g), CTOME_EINVAL);
    assert_int_equal(ctome_sernn_reg(ws, w, d, NAN, &r, g), CTOME_EINVAL);
    const double wn[4] = {0.5, NAN, 0, 1};
    assert_int_equal(ctome_sernn_reg(ws, wn, d, 1.0, &r, g), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "W[0][1]"));
    ctome_sernn_ws_free(ws);
    assert_int_equal(ctome_sernn_ws_alloc(0, &ws), CTOME_EINVAL);
    const double pos[6] = {0, 0, 0, 1, INFINITY, 0};
    double dd[4];
    assert_int_equal(ctome_sernn_distances(2, pos, dd), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "unit 1"));
}

static void test_worm_positions(void **state)
{
    (void)state;
    ctome_registry *reg = tu_registry();
    size_t n, *idx;
    double *pos;
    assert_int_equal(ctome_sernn_worm_positions(reg, 30271.04208 / 9900, &n, &pos, &idx), CTOME_OK);
    size_t want = 0;
    for (size_t i = 0; i < ctome_registry_size(reg); i++) {
        const ctome_neuron *nr = ctome_registry_neuron(reg, i);
        want += nr->sex != CTOME_SEX_MALE && nr->has_pos;
    }
    assert_true(n == want && n > 250 && n <= 302);
    double *d = malloc(n * n * sizeof *d), sum = 0;
    assert_int_equal(ctome_sernn_distances(n, pos, d), CTOME_OK);
    for (size_t i = 0; i < n * n; i++)
        sum += d[i];
    assert_close(sum / ((double)n * (double)(n - 1)), 30271.04208 / 9900, 1e-12);
    /* the scale is one factor: the ratio of two distances is kept */
    const ctome_neuron *a = ctome_registry_neuron(reg, idx[0]), *b = ctome_registry_neuron(reg, idx[1]),
                       *c = ctome_registry_neuron(reg, idx[2]);
    double um01 = hypot(hypot(a->pos[0] - b->pos[0], a->pos[1] - b->pos[1]), a->pos[2] - b->pos[2]);
    double um02 = hypot(hypot(a->pos[0] - c->pos[0], a->pos[1] - c->pos[1]), a->pos[2] - c->pos[2]);
    assert_close(d[1] / d[2], um01 / um02, 1e-12);
    free(d);
    free(pos);
    free(idx);
    ctome_registry_free(reg);
}


/* A CE batch built by hand (the test does not depend on the RNN core). */
static void batch_alloc(ctome_rnn_batch *bt, size_t T, size_t B)
{
    memset(bt, 0, sizeof *bt);
    bt->T = T;
    bt->B = B;
    bt->n_in = 8;
    bt->n_out = 4;
    bt->loss = CTOME_RNN_LOSS_CE;
    bt->x = calloc(T * B * 8, sizeof *bt->x);
    bt->target = calloc(T * B, sizeof *bt->target);
    bt->mask = calloc(T * B, sizeof *bt->mask);
    assert_true(bt->x && bt->target && bt->mask);
}

static void batch_free(ctome_rnn_batch *bt)
{
    free(bt->x);
    free(bt->target);
    free(bt->mask);
}

static void test_maze_problems(void **state)
{
    (void)state;
    ctome_maze_opts o;
    ctome_maze_opts_default(&o);
    size_t T = ctome_maze_steps(&o), B = 512;
    assert_true(T == 50);
    ctome_rnn_batch bt;
    batch_alloc(&bt, T, B);
    assert_int_equal(ctome_maze_task(&bt, 7, 3, &o), CTOME_OK);
    /* distinct trials: the whole input sequence plus the target */
    size_t nd = 0, count[16] = {0};
    size_t rep[16];
    for (size_t b = 0; b < B; b++) {
        size_t found = nd;
        for (size_t k = 0; k < nd && found == nd; k++) {
            int same = bt.target[(T - 1) * B + b] == bt.target[(T - 1) * B + rep[k]];
            for (size_t t = 0; t < T && same; t++)
                same = memcmp(bt.x + (t * B + b) * 8, bt.x + (t * B + rep[k]) * 8, 8 * sizeof(float)) == 0;
            if (same)
                found = k;
        }
        if (found == nd) {
            assert_true(nd < 16);
            rep[nd++] = b;
        }
        count[found]++;
    }
    assert_true(nd == 8);
    for (size_t k = 0; k < 8; k++)   /* uniform: 64 expected, 5 sd about 30 */
        assert_true(count[k] > 34 && count[k] < 94);
    /* one trial's layout: goal one-hot for 20 steps, delay, two options, the
     * answer is one of them (chance 50%), loss over the choice period */
    for (size_t k = 0; k < 8; k++) {
        size_t b = rep[k];
        int goal = -1, opts = 0, ans = bt.target[(T - 1) * B + b];
        for (size_t t = 0; t < T; t++) {
            const float *x = bt.x + (t * B + b) * 8;
            float s = 0;
            for (int i = 0; i < 8; i++)
                s += x[i];
            if (t < 20) {
                assert_true(s == 1);
                for (int i = 0; i < 4; i++)
                    if (x[i] == 1)
                        goal = goal < 0 ? i : goal;
                assert_true(x[goal] == 1);
            } else if (t < 30) {
                assert_true(s == 0);
            } else {
                assert_true(s == 2 && x[0] + x[1] + x[2] + x[3] == 0);
                opts = (x[4] > 0) | (x[5] > 0) << 1 | (x[6] > 0) << 2 | (x[7] > 0) << 3;
            }
            assert_true(bt.mask[t * B + b] == (t >= 30 ? 1.0f : 0.0f));
            assert_true(t < 30 ? bt.target[t * B + b] == -1 : bt.target[t * B + b] == ans);
        }
        assert_true(ans >= 0 && ans < 4 && (opts >> ans & 1));
    }
    /* same (seed, index): the same batch; another index: another one */
    ctome_rnn_batch b2;
    batch_alloc(&b2, T, B);
    assert_int_equal(ctome_maze_task(&b2, 7, 3, NULL), CTOME_OK);
    assert_memory_equal(bt.x, b2.x, T * B * 8 * sizeof(float));
    assert_int_equal(ctome_maze_task(&b2, 7, 4, NULL), CTOME_OK);
    assert_true(memcmp(bt.x, b2.x, T * B * 8 * sizeof(float)) != 0);
    /* the authors' table: problem 0 is goal cell 9 (index 1), options up and
     * left, answer up */
    int g, ch[2], a;
    assert_int_equal(ctome_maze_problem(0, &g, ch, &a), CTOME_OK);
    assert_true(g == 1 && ch[0] == 1 && ch[1] == 0 && a == 1);
    assert_int_equal(ctome_maze_problem(8, &g, ch, &a), CTOME_EINVAL);
    batch_free(&b2);
    batch_free(&bt);
    /* wrong shape */
    batch_alloc(&bt, 40, 8);
    assert_int_equal(ctome_maze_task(&bt, 1, 0, NULL), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "T 50"));
    batch_free(&bt);
}

static void test_eta_and_function(void **state)
{
    (void)state;
    const double x[4] = {1, 1, 3, 3};
    const int l1[4] = {0, 0, 1, 1}, l2[4] = {0, 1, 0, 1};
    assert_close(ctome_eta_squared(x, l1, 4, 2), 1.0, 1e-15);
    assert_close(ctome_eta_squared(x, l2, 4, 2), 0.0, 1e-15);
    /* one unit active (h = 1) only in problem 0, a silent unit, 8 trials =
     * the 8 problems: eta^2 by goal = eta^2 by option pair = 3/7 (hand:
     * total SS 7/8, between 3/8), so mixed = 1 */
    int goal[8], pair[8];
    ctome_sernn_maze_labels(goal, pair);
    assert_true(goal[0] == 1 && goal[5] == 0 && pair[0] == pair[4] && pair[1] == pair[3]);
    size_t T = 4, B = 8, n = 2;
    float h[4 * 8 * 2] = {0};
    for (size_t t = 2; t < 4; t++)
        h[(t * B + 0) * n + 0] = 1;
    double d[4] = {0, 1, 1, 0};
    ctome_sernn_metrics m;
    assert_int_equal(ctome_sernn_function(h, T, B, n, goal, pair, 2, 4, d, &m), CTOME_OK);
    assert_true(m.active == 1);
    assert_close(m.mixed, 1.0, 1e-14);
    assert_close(m.energy, 2.0 / 64.0, 1e-15);
    assert_int_equal(ctome_sernn_function(h, T, B, n, goal, pair, 3, 3, d, &m), CTOME_EINVAL);
}

static void test_structure(void **state)
{
    (void)state;
    /* two disjoint 5-cliques of weight 0.5 (with mixed signs): Q = 1/2
     * weighted and binary; 1-D positions, cliques at x = 0..4 and 10..14 */
    size_t n = 10;
    float W[100] = {0};
    double pos[30] = {0}, d[100];
    for (size_t i = 0; i < n; i++) {
        pos[3 * i] = (double)(i < 5 ? i : i + 5);
        for (size_t j = 0; j < n; j++)
            if (i != j && (i < 5) == (j < 5))
                W[i * n + j] = (i + j) % 2 ? 0.5f : -0.5f;
    }
    assert_int_equal(ctome_sernn_distances(n, pos, d), CTOME_OK);
    ctome_sernn_analyse_opts o;
    ctome_sernn_analyse_opts_default(&o);
    o.density = 0.4;   /* the 40 clique arcs of the 100 entries */
    ctome_sernn_metrics m;
    assert_int_equal(ctome_sernn_structure(W, n, d, &o, 1, &m), CTOME_OK);
    assert_close(m.q_weighted, 0.5, 1e-12);
    assert_true(m.modules_weighted == 2 && m.modules_binary == 2);
    assert_close(m.q_binary, 0.5, 1e-12);
    assert_close(m.strength, 20.0, 1e-12);
    assert_close(m.frac_strong, 40.0 / 90.0, 1e-12);
    /* mean length inside a clique of points 0..4: sum over ordered pairs 40 / 20 */
    assert_close(m.mean_length, 2.0, 1e-12);
    assert_true(m.wl_corr < -0.5);
    W[3] = NAN;
    assert_int_equal(ctome_sernn_structure(W, n, d, &o, 1, &m), CTOME_EVALUE);
}

static void test_hook(void **state)
{
    (void)state;
    /* the hook sees the core's W (rows = targets) and evaluates on W^T */
    size_t n = 6;
    double w[36], d[36], g[36], r;
    refv("grad_w", w, 36);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            d[i * n + j] = i == j ? 0 : fabs((double)i - (double)j) + 0.5;
    ctome_sernn_ws *ws;
    assert_int_equal(ctome_sernn_ws_alloc(n, &ws), CTOME_OK);
    assert_int_equal(ctome_sernn_reg(ws, w, d, 0.37, &r, g), CTOME_OK);
    ctome_sernn_ws_free(ws);
    float wt[36], acc[36];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            wt[j * n + i] = (float)w[i * n + j];
            acc[j * n + i] = 1.0f;
        }
    ctome_sernn_hook *h;
    assert_int_equal(ctome_sernn_hook_new(CTOME_SERNN_REG_SE, 0.37, n, d, &h), CTOME_OK);
    double rh = ctome_sernn_hook_reg(wt, n, acc, h);
    assert_close(rh, r, 1e-6);   /* float weights */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            assert_close(acc[j * n + i], 1.0 + g[i * n + j], 1e-5);
    assert_true(isnan(ctome_sernn_hook_reg(wt, 5, acc, h)));
    ctome_sernn_hook_free(h);
    assert_int_equal(ctome_sernn_hook_new(CTOME_SERNN_REG_L1, -1, n, d, &h), CTOME_EINVAL);
    ctome_sernn_reg_kind k;
    assert_int_equal(ctome_sernn_reg_parse("l1", &k), CTOME_OK);
    assert_true(k == CTOME_SERNN_REG_L1);
    assert_int_equal(ctome_sernn_reg_parse("se2", &k), CTOME_EINVAL);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid),
        cmocka_unit_test(test_parse_grid),
        cmocka_unit_test(test_w3_communicability),
        cmocka_unit_test(test_frechet_threads),
        cmocka_unit_test(test_frechet),
        cmocka_unit_test(test_gradient_torch),
        cmocka_unit_test(test_gradient_fd_grid),
        cmocka_unit_test(test_zero_row),
        cmocka_unit_test(test_l1_and_errors),
        cmocka_unit_test(test_worm_positions),
        cmocka_unit_test(test_maze_problems),
        cmocka_unit_test(test_eta_and_function),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
