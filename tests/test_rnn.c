/* test_rnn.c — the RNN core and its trainer (lib/models/rnn.h, train.h,
 * lib/models/store_rnn.h).
 *
 * References: a 1-unit network worked by hand; central finite differences of
 * the double-precision path (same kernel source as the float path) for the
 * BPTT gradient of every parameter, to 1e-6 relative; the float path against
 * the double path at float tolerance (1e-4); a 2-class task learned to 100%;
 * bit-identical weights for the same seed, for 1 and 2 threads, and for a run
 * resumed from a checkpoint. */
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
#include "error.h"
#include "rng.h"
#include "rnn.h"
#include "store_rnn.h"
#include "testutil.h"
#include "train.h"

static char *TMP;

static int setup(void **state)
{
    (void)state;
    ctome_init();
    TMP = tu_mkdtemp("rnn");
    return TMP ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tu_rmtree(TMP);
}

static ctome_rnn *make_net(size_t ni, size_t n, size_t no, ctome_rnn_act act, double alpha, uint64_t seed)
{
    ctome_rnn_config c;
    ctome_rnn_config_default(&c);
    c.n_in = ni;
    c.n = n;
    c.n_out = no;
    c.act = act;
    c.alpha = alpha;
    c.seed = seed;
    ctome_rnn *net = NULL;
    assert_int_equal(ctome_rnn_new(&c, &net), CTOME_OK);
    return net;
}

/* Random inputs, targets and a mask with zeros and non-unit weights. */
static void random_batch(ctome_rnn_batch *bt, uint64_t seed)
{
    ctome_rng r;
    ctome_rng_seed(&r, seed, 7);
    for (size_t i = 0; i < bt->T * bt->B * bt->n_in; i++)
        bt->x[i] = (float)ctome_rng_normal(&r);
    for (size_t e = 0; e < bt->T * bt->B; e++) {
        bt->mask[e] = e % 3 == 0 ? 0.0f : (float)(0.5 + ctome_rng_uniform(&r));
        if (bt->target)
            bt->target[e] = (int32_t)ctome_rng_below(&r, bt->n_out);
        else
            for (size_t k = 0; k < bt->n_out; k++)
                bt->y[e * bt->n_out + k] = (float)ctome_rng_normal(&r);
    }
}

/* 1 unit by hand: α = 0.5, ReLU, W_in = 1, W = 0.5, b = 0.1, W_out = 2,
 * b_out = 0, x = (1, 0):
 *   h1 = relu(0.5·0 + 0.5·(1 + 0 + 0.1)) = 0.55
 *   h2 = relu(0.5·0.55 + 0.5·(0 + 0.5·0.55 + 0.1)) = 0.4625
 *   y = (1.1, 0.925); MSE against 0: (1.21 + 0.855625) / 2 = 1.0328125 */
static void test_forward_by_hand(void **state)
{
    (void)state;
    ctome_rnn *net = make_net(1, 1, 1, CTOME_RNN_RELU, 0.5, 1);
    net->W_in[0] = 1;
    net->W[0] = 0.5f;
    net->b[0] = 0.1f;
    net->W_out[0] = 2;
    net->b_out[0] = 0;
    ctome_rnn_refresh(net);
    ctome_rnn_batch bt;
    assert_int_equal(ctome_rnn_batch_alloc(&bt, 2, 1, 1, 1, CTOME_RNN_LOSS_MSE), CTOME_OK);
    bt.x[0] = 1;
    ctome_rnn_work *w = NULL;
    assert_int_equal(ctome_rnn_work_new(net, 2, 1, 0, 1, &w), CTOME_OK);
    float h[2], y[2];
    double loss = 0, acc = 0;
    assert_int_equal(ctome_rnn_forward(net, &bt, NULL, w, h, y, &loss, &acc), CTOME_OK);
    assert_float_equal(h[0], 0.55, 1e-6);
    assert_float_equal(h[1], 0.4625, 1e-6);
    assert_float_equal(y[0], 1.1, 1e-6);
    assert_float_equal(y[1], 0.925, 1e-6);
    assert_float_equal(loss, 1.0328125, 1e-6);
    assert_true(isnan(acc));
    /* dL/db_out = Σ_t m (2/n_out)(y - 0) / Σ m = (2.2 + 1.85) / 2 = 2.025 */
    float g[5];
    assert_int_equal(ctome_rnn_grad(net, &bt, NULL, w, &loss, NULL, g), CTOME_OK);
    assert_float_equal(g[ctome_rnn_offsets(net).b_out], 2.025, 1e-5);
    ctome_rnn_work_free(w);
    ctome_rnn_batch_free(&bt);
    ctome_rnn_free(net);
}

/* Max over parameters of |analytic - FD| / max(|FD|, 1e-3 ‖FD‖_∞). */
static double fd_check(const ctome_rnn *net, const ctome_rnn_batch *bt)
{
    const size_t P = net->n_params;
    double *th = malloc(P * sizeof *th), *g = malloc(P * sizeof *g), *fd = malloc(P * sizeof *fd);
    assert_non_null(th);
    assert_non_null(g);
    assert_non_null(fd);
    for (size_t p = 0; p < P; p++)
        th[p] = net->theta[p];
    double l0;
    assert_int_equal(ctome_rnn_loss_grad_f64(net, th, bt, &l0, g), CTOME_OK);
    double fmax = 0;
    for (size_t p = 0; p < P; p++) {
        const double h = 1e-5;
        double save = th[p], lp, lm;
        th[p] = save + h;
        assert_int_equal(ctome_rnn_loss_grad_f64(net, th, bt, &lp, NULL), CTOME_OK);
        th[p] = save - h;
        assert_int_equal(ctome_rnn_loss_grad_f64(net, th, bt, &lm, NULL), CTOME_OK);
        th[p] = save;
        fd[p] = (lp - lm) / (2 * h);
        if (fabs(fd[p]) > fmax)
            fmax = fabs(fd[p]);
    }
    assert_true(fmax > 1e-3);   /* the check is not vacuous */
    double worst = 0;
    for (size_t p = 0; p < P; p++) {
        double den = fabs(fd[p]) > 1e-3 * fmax ? fabs(fd[p]) : 1e-3 * fmax;
        double rel = fabs(g[p] - fd[p]) / den;
        if (rel > worst)
            worst = rel;
    }
    /* the float path agrees with the double path at float precision */
    float *gf = malloc(P * sizeof *gf);
    assert_non_null(gf);
    ctome_rnn_work *w = NULL;
    assert_int_equal(ctome_rnn_work_new(net, bt->T, bt->B, 2, 1, &w), CTOME_OK);
    double lf;
    assert_int_equal(ctome_rnn_grad(net, bt, NULL, w, &lf, NULL, gf), CTOME_OK);
    assert_float_equal(lf, l0, 1e-5 * (1 + fabs(l0)));
    double dn = 0, gn = 0;
    for (size_t p = 0; p < P; p++) {
        dn += (gf[p] - g[p]) * (gf[p] - g[p]);
        gn += g[p] * g[p];
    }
    if (!(sqrt(dn) <= 1e-4 * sqrt(gn))) {
        print_error("float vs double gradient: relative difference %g\n", sqrt(dn / gn));
        fail();
    }
    ctome_rnn_work_free(w);
    free(gf);
    free(th);
    free(g);
    free(fd);
    return worst;
}

typedef struct {
    ctome_rnn_act act;
    ctome_rnn_loss loss;
    double alpha;
    int dale, mask;
    const char *name;
} grad_case;

static void test_gradients_fd(void **state)
{
    (void)state;
    const grad_case cases[] = {
        {CTOME_RNN_RELU, CTOME_RNN_LOSS_CE, 1.0, 0, 0, "relu ce alpha=1"},
        {CTOME_RNN_RELU, CTOME_RNN_LOSS_CE, 0.3, 0, 0, "relu ce alpha=0.3"},
        {CTOME_RNN_TANH, CTOME_RNN_LOSS_CE, 0.5, 0, 0, "tanh ce"},
        {CTOME_RNN_RELU, CTOME_RNN_LOSS_MSE, 0.5, 0, 0, "relu mse"},
        {CTOME_RNN_TANH, CTOME_RNN_LOSS_MSE, 1.0, 0, 0, "tanh mse"},
        {CTOME_RNN_RELU, CTOME_RNN_LOSS_CE, 0.5, 1, 0, "relu ce dale"},
        {CTOME_RNN_TANH, CTOME_RNN_LOSS_MSE, 0.5, 1, 1, "tanh mse dale+mask"},
        {CTOME_RNN_RELU, CTOME_RNN_LOSS_MSE, 1.0, 0, 1, "relu mse mask"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const grad_case *k = &cases[c];
        ctome_rnn *net = make_net(3, 7, 3, k->act, k->alpha, 11 + c);
        /* non-zero biases so every block's gradient is exercised */
        ctome_rng r;
        ctome_rng_seed(&r, 5, c);
        for (size_t i = 0; i < 7; i++)
            net->b[i] = (float)(0.2 * ctome_rng_normal(&r));
        for (size_t i = 0; i < 3; i++)
            net->b_out[i] = (float)(0.2 * ctome_rng_normal(&r));
        for (size_t e = 0; e < 49; e++)
            net->W[e] *= 1.5f;
        ctome_rnn_refresh(net);
        if (k->dale) {
            int sign[7] = {1, 1, -1, 1, -1, 1, -1};
            assert_int_equal(ctome_rnn_set_dale(net, sign), CTOME_OK);
        }
        if (k->mask) {
            unsigned char m[49];
            for (size_t e = 0; e < 49; e++)
                m[e] = (e * 7 + 3) % 5 != 0;
            assert_int_equal(ctome_rnn_set_mask(net, m), CTOME_OK);
        }
        ctome_rnn_batch bt;
        assert_int_equal(ctome_rnn_batch_alloc(&bt, 6, 4, 3, 3, k->loss), CTOME_OK);
        random_batch(&bt, 100 + c);
        double worst = fd_check(net, &bt);
        print_message("%-20s worst relative error %.2e\n", k->name, worst);
        if (!(worst <= 1e-6)) {
            print_error("%s: BPTT vs finite differences, worst relative error %g\n", k->name, worst);
            fail();
        }
        if (k->dale) {   /* the effective weights keep their signs */
            for (size_t i = 0; i < 7; i++)
                for (size_t j = 0; j < 7; j++)
                    assert_true(net->W_eff[i * 7 + j] * net->sign[j] >= 0);
        }
        ctome_rnn_batch_free(&bt);
        ctome_rnn_free(net);
    }
}

/* The readout-gradient fixture both tests below share: a tanh network
 * (2 inputs, 5 units, 3 outputs), a batch of 3 sequences of T = 4, and
 * ctome_rnn_output_grads's per-example gradients of output 1 at the last step
 * (G1) and of the sum of outputs at step 2 (Gs), 3 * n_params floats each. */
typedef struct {
    ctome_rnn *net;
    ctome_rnn_batch bt;
    size_t P;
    float *G1, *Gs;
} grads_fixture;

static void grads_fixture_init(grads_fixture *f)
{
    f->net = make_net(2, 5, 3, CTOME_RNN_TANH, 0.5, 3);
    assert_int_equal(ctome_rnn_batch_alloc(&f->bt, 4, 3, 2, 3, CTOME_RNN_LOSS_CE), CTOME_OK);
    random_batch(&f->bt, 9);
    f->P = f->net->n_params;
    f->G1 = malloc(3 * f->P * sizeof *f->G1);
    f->Gs = malloc(3 * f->P * sizeof *f->Gs);
    assert_non_null(f->G1);
    assert_non_null(f->Gs);
    assert_int_equal(ctome_rnn_output_grads(f->net, &f->bt, -1, 1, f->G1), CTOME_OK);
    assert_int_equal(ctome_rnn_output_grads(f->net, &f->bt, 2, -1, f->Gs), CTOME_OK);
}

static void grads_fixture_free(grads_fixture *f)
{
    free(f->G1);
    free(f->Gs);
    ctome_rnn_batch_free(&f->bt);
    ctome_rnn_free(f->net);
}

/* Per-example readout gradients against float finite differences of the
 * forward output (tanh: smooth), and the sum-of-outputs variant. */
static void test_output_grads(void **state)
{
    (void)state;
    grads_fixture f;
    grads_fixture_init(&f);
    ctome_rnn *net = f.net;
    const ctome_rnn_batch *bt = &f.bt;
    const size_t P = f.P;
    float *G = f.G1, *Gs = f.Gs, y[4 * 3 * 3];
    ctome_rnn_work *w = NULL;
    assert_int_equal(ctome_rnn_work_new(net, 4, 3, 0, 1, &w), CTOME_OK);
    for (size_t p = 0; p < P; p += 3) {
        const float h = 1e-2f, save = net->theta[p];
        double yp[3], ym[3], sp[3], sm[3];
        for (int sgn = -1; sgn <= 1; sgn += 2) {
            net->theta[p] = save + sgn * h;
            ctome_rnn_refresh(net);
            assert_int_equal(ctome_rnn_forward(net, bt, NULL, w, NULL, y, NULL, NULL), CTOME_OK);
            for (size_t b = 0; b < 3; b++) {
                double v = y[(3 * 3 + b) * 3 + 1];
                double s = y[(2 * 3 + b) * 3 + 0] + y[(2 * 3 + b) * 3 + 1] + y[(2 * 3 + b) * 3 + 2];
                if (sgn < 0) {
                    ym[b] = v;
                    sm[b] = s;
                } else {
                    yp[b] = v;
                    sp[b] = s;
                }
            }
        }
        net->theta[p] = save;
        ctome_rnn_refresh(net);
        for (size_t b = 0; b < 3; b++) {
            assert_float_equal(G[b * P + p], (yp[b] - ym[b]) / (2 * h), 2e-3);
            assert_float_equal(Gs[b * P + p], (sp[b] - sm[b]) / (2 * h), 2e-3);
        }
    }
    /* b_out of unit 1 at the last step: exactly 1, other units 0 */
    size_t bo = ctome_rnn_offsets(net).b_out;
    assert_float_equal(G[bo + 1], 1.0, 0);
    assert_float_equal(G[bo + 0], 0.0, 0);
    assert_float_equal(Gs[P + bo + 2], 1.0, 0);
    assert_int_equal(ctome_rnn_output_grads(net, bt, 4, -1, G), CTOME_EINVAL);
    ctome_rnn_work_free(w);
    grads_fixture_free(&f);
}

/* The probe object (one forward pass per sequence, several readouts) gives
 * ctome_rnn_output_grads's gradients bit for bit (those are checked against
 * finite differences above), in any order of readouts: a backward pass must
 * not disturb the cached forward states the next one reads. */
static void test_probe_grads(void **state)
{
    (void)state;
    grads_fixture f;
    grads_fixture_init(&f);
    ctome_rnn *net = f.net;
    const size_t P = f.P;
    const float *ref1 = f.G1, *refs = f.Gs;
    float *G = malloc(3 * P * sizeof *G);
    assert_non_null(G);
    ctome_rnn_probe *pr = NULL;
    assert_int_equal(ctome_rnn_probe_new(net, &f.bt, &pr), CTOME_OK);
    for (int rep = 0; rep < 2; rep++) {
        assert_int_equal(ctome_rnn_probe_grads(pr, 2, -1, G), CTOME_OK);
        assert_memory_equal(G, refs, 3 * P * sizeof *G);
        assert_int_equal(ctome_rnn_probe_grads(pr, -1, 1, G), CTOME_OK);
        assert_memory_equal(G, ref1, 3 * P * sizeof *G);
    }
    assert_int_equal(ctome_rnn_probe_grads(pr, -1, 3, G), CTOME_EINVAL);   /* 3 outputs: units 0..2 */
    assert_int_equal(ctome_rnn_probe_grads(pr, 4, 0, G), CTOME_EINVAL);    /* T = 4: steps 0..3 */
    ctome_rnn_probe_free(pr);
    f.bt.n_in = 3;   /* a batch that does not fit the network */
    assert_int_equal(ctome_rnn_probe_new(net, &f.bt, &pr), CTOME_EINVAL);
    assert_null(pr);
    f.bt.n_in = 2;
    free(G);
    grads_fixture_free(&f);
}

/* ---- training ---- */

/* 2-class task, T = 5: the class is shown on input 0 or 1 at t = 0 (with a
 * constant cue on input 2 throughout); the answer counts only at t = 4. */
static int two_class(ctome_rnn_batch *bt, uint64_t seed, uint64_t index, void *ctx)
{
    int *nan_at = ctx;
    ctome_rng r;
    ctome_rng_seed(&r, seed, index);
    memset(bt->x, 0, bt->T * bt->B * bt->n_in * sizeof *bt->x);
    for (size_t b = 0; b < bt->B; b++) {
        int cls = (int)ctome_rng_below(&r, 2);
        bt->x[b * bt->n_in + (size_t)cls] = 1;
        for (size_t t = 0; t < bt->T; t++) {
            bt->x[(t * bt->B + b) * bt->n_in + 2] = 0.5f;
            bt->target[t * bt->B + b] = cls;
            bt->mask[t * bt->B + b] = t == bt->T - 1;
        }
    }
    if (nan_at && (long)index == *nan_at)   /* finite inputs whose products overflow */
        for (size_t i = 0; i < bt->T * bt->B * bt->n_in; i++)
            bt->x[i] = 3e38f;
    return CTOME_OK;
}

static ctome_trainer *make_trainer(ctome_rnn *net, int threads, float noise, size_t chunk)
{
    ctome_train_opts o;
    ctome_train_opts_default(&o);
    o.T = 5;
    o.B = 32;
    o.lr = 0.01;
    o.task = two_class;
    o.threads = threads;
    o.sigma_in = noise;
    o.sigma_rec = noise;
    o.chunk = chunk;
    o.seed = 42;
    ctome_trainer *tr = NULL;
    assert_int_equal(ctome_trainer_new(net, &o, &tr), CTOME_OK);
    return tr;
}

static double eval_acc(ctome_rnn *net)
{
    ctome_rnn_batch bt;
    assert_int_equal(ctome_rnn_batch_alloc(&bt, 5, 200, 3, 2, CTOME_RNN_LOSS_CE), CTOME_OK);
    two_class(&bt, 999, 0, NULL);
    ctome_rnn_work *w = NULL;
    assert_int_equal(ctome_rnn_work_new(net, 5, 200, 0, 0, &w), CTOME_OK);
    double loss, acc;
    assert_int_equal(ctome_rnn_forward(net, &bt, NULL, w, NULL, NULL, &loss, &acc), CTOME_OK);
    ctome_rnn_work_free(w);
    ctome_rnn_batch_free(&bt);
    return acc;
}

static void test_learns_two_class(void **state)
{
    (void)state;
    ctome_rnn *net = make_net(3, 16, 2, CTOME_RNN_RELU, 1.0, 4);
    double acc0 = eval_acc(net);
    ctome_trainer *tr = make_trainer(net, 0, 0.05f, 0);
    ctome_train_stats st;
    assert_int_equal(ctome_trainer_run(tr, 200, &st), CTOME_OK);
    assert_int_equal(st.step, 200);
    assert_true(st.loss < 0.05);
    double acc = eval_acc(net);
    print_message("two-class: accuracy %.3f before, %.3f after 200 updates (loss %.4f)\n", acc0, acc, st.loss);
    assert_float_equal(acc, 1.0, 0);
    ctome_trainer_free(tr);
    /* SGD with momentum and clipping also learns it */
    ctome_rnn *net2 = make_net(3, 16, 2, CTOME_RNN_TANH, 1.0, 4);
    ctome_train_opts o;
    ctome_train_opts_default(&o);
    o.T = 5;
    o.B = 32;
    o.task = two_class;
    o.opt = CTOME_OPT_SGD;
    o.lr = 0.1;
    o.clip = 1.0;
    assert_int_equal(ctome_trainer_new(net2, &o, &tr), CTOME_OK);
    assert_int_equal(ctome_trainer_run(tr, 300, &st), CTOME_OK);
    assert_true(st.grad_norm > 0);
    assert_float_equal(eval_acc(net2), 1.0, 0);
    ctome_trainer_free(tr);
    ctome_rnn_free(net2);
    ctome_rnn_free(net);
}

/* Train `steps` updates from a fresh net (seed 4) and return theta (malloc'd). */
static float *train_theta(int threads, float noise, size_t chunk, size_t steps, int dale)
{
    ctome_rnn *net = make_net(3, 16, 2, CTOME_RNN_RELU, 0.7, 4);
    if (dale) {
        int sign[16];
        for (int j = 0; j < 16; j++)
            sign[j] = j % 4 == 3 ? -1 : 1;
        assert_int_equal(ctome_rnn_set_dale(net, sign), CTOME_OK);
    }
    ctome_trainer *tr = make_trainer(net, threads, noise, chunk);
    assert_int_equal(ctome_trainer_run(tr, steps, NULL), CTOME_OK);
    float *th = malloc(net->n_params * sizeof *th);
    memcpy(th, net->theta, net->n_params * sizeof *th);
    ctome_trainer_free(tr);
    ctome_rnn_free(net);
    return th;
}

static void test_reproducible(void **state)
{
    (void)state;
    ctome_rnn *ref = make_net(3, 16, 2, CTOME_RNN_RELU, 0.7, 4);
    size_t P = ref->n_params;
    float *a = train_theta(1, 0.1f, 8, 30, 1), *b = train_theta(1, 0.1f, 8, 30, 1);
    float *c = train_theta(2, 0.1f, 8, 30, 1);
    assert_memory_equal(a, b, P * sizeof *a);   /* same seed: bit for bit */
    assert_memory_equal(a, c, P * sizeof *a);   /* 1 vs 2 threads: bit for bit */
    assert_memory_not_equal(a, ref->theta, P * sizeof *a);   /* training moved the weights */
    /* a different seed gives a different network */
    ctome_rnn *other = make_net(3, 16, 2, CTOME_RNN_RELU, 0.7, 5);
    assert_memory_not_equal(ref->theta, other->theta, P * sizeof *a);
    free(a);
    free(b);
    free(c);
    ctome_rnn_free(ref);
    ctome_rnn_free(other);
}

static void test_checkpoint_resume(void **state)
{
    (void)state;
    char path[1024];
    tu_path(path, sizeof path, TMP, "ckpt.h5");
    /* uninterrupted: 20 updates */
    float *full = train_theta(0, 0.1f, 8, 20, 1);
    /* interrupted: 10, save, restore into a fresh trainer, 10 more */
    ctome_rnn *net = make_net(3, 16, 2, CTOME_RNN_RELU, 0.7, 4);
    int sign[16];
    for (int j = 0; j < 16; j++)
        sign[j] = j % 4 == 3 ? -1 : 1;
    assert_int_equal(ctome_rnn_set_dale(net, sign), CTOME_OK);
    unsigned char mask[256];
    for (size_t e = 0; e < 256; e++)
        mask[e] = 1;
    ctome_trainer *tr = make_trainer(net, 0, 0.1f, 8);
    assert_int_equal(ctome_trainer_run(tr, 10, NULL), CTOME_OK);
    assert_int_equal(ctome_trainer_save(tr, path), CTOME_OK);
    ctome_trainer_free(tr);
    ctome_rnn_free(net);

    ctome_rnn *net2 = make_net(3, 16, 2, CTOME_RNN_RELU, 0.7, 77);   /* other init: overwritten */
    assert_int_equal(ctome_rnn_set_mask(net2, mask), CTOME_OK);       /* removed by restore */
    ctome_trainer *tr2 = make_trainer(net2, 0, 0.1f, 8);
    assert_int_equal(ctome_trainer_restore(tr2, path), CTOME_OK);
    assert_int_equal(tr2->step, 10);
    assert_non_null(net2->sign);
    assert_null(net2->mask);
    assert_int_equal(ctome_trainer_run(tr2, 10, NULL), CTOME_OK);
    assert_memory_equal(full, net2->theta, net2->n_params * sizeof *full);

    /* the network alone round-trips, W_eff included */
    ctome_rnn *back = NULL;
    assert_int_equal(ctome_rnn_load(path, NULL, &back), CTOME_OK);
    assert_int_equal(back->cfg.n, 16);
    assert_float_equal(back->cfg.alpha, 0.7, 0);
    assert_non_null(back->sign);

    /* a trainer of another shape is refused, naming the field */
    ctome_rnn *small = make_net(3, 8, 2, CTOME_RNN_RELU, 0.7, 4);
    ctome_trainer *tr3 = make_trainer(small, 0, 0, 8);
    assert_int_equal(ctome_trainer_restore(tr3, path), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "n = 16"));
    ctome_trainer_free(tr3);
    ctome_rnn_free(small);

    /* a damaged checkpoint: clear error, trainer untouched */
    size_t len = 0;
    char *bytes = tu_slurp(path, &len);
    char bad[1024];
    tu_path(bad, sizeof bad, TMP, "bad.h5");
    tu_write(bad, bytes, len / 2);
    float before = net2->theta[0];
    int rc = ctome_trainer_restore(tr2, bad);
    assert_true(rc == CTOME_EFORMAT || rc == CTOME_EIO);
    assert_true(strstr(ctome_error_message(), "bad.h5") != NULL);
    assert_float_equal(net2->theta[0], before, 0);
    tu_write(bad, "not a checkpoint\n", 17);
    assert_int_equal(ctome_trainer_restore(tr2, bad), CTOME_EFORMAT);
    free(bytes);
    ctome_rnn_free(back);
    ctome_trainer_free(tr2);
    ctome_rnn_free(net2);
    free(full);
}

/* Several networks in one store, with and without training state. */
static void test_store_many(void **state)
{
    (void)state;
    char path[1024];
    tu_path(path, sizeof path, TMP, "many.h5");
    ctome_rnn *a = make_net(2, 4, 2, CTOME_RNN_TANH, 1.0, 1), *b = make_net(2, 5, 3, CTOME_RNN_RELU, 0.2, 2);
    unsigned char m[25];
    for (size_t e = 0; e < 25; e++)
        m[e] = e % 2;
    assert_int_equal(ctome_rnn_set_mask(b, m), CTOME_OK);
    ctome_store *s = NULL;
    assert_int_equal(ctome_store_create(path, &s), CTOME_OK);
    assert_int_equal(ctome_store_put_rnn(s, "a", a, NULL), CTOME_OK);
    assert_int_equal(ctome_store_put_rnn(s, "b", b, NULL), CTOME_OK);
    assert_int_equal(ctome_store_put_rnn(s, "a", a, NULL), CTOME_EINVAL);
    assert_int_equal(ctome_store_commit(s), CTOME_OK);
    assert_int_equal(ctome_store_open(path, &s), CTOME_OK);
    char **ids;
    size_t n;
    assert_int_equal(ctome_store_list_rnns(s, &ids, &n), CTOME_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ids[1], "b");
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    ctome_rnn *b2 = NULL;
    assert_int_equal(ctome_store_get_rnn(s, "b", &b2), CTOME_OK);
    assert_memory_equal(b2->theta, b->theta, b->n_params * sizeof *b->theta);
    assert_memory_equal(b2->W_eff, b->W_eff, 25 * sizeof *b->W_eff);
    assert_non_null(b2->mask);
    assert_int_equal(b2->cfg.act, CTOME_RNN_RELU);
    ctome_rnn *none = NULL;
    assert_int_equal(ctome_store_get_rnn(s, "zz", &none), CTOME_ENOTFOUND);
    assert_null(none);
    ctome_store_close(s);
    ctome_rnn_free(a);
    ctome_rnn_free(b);
    ctome_rnn_free(b2);
}

static double nan_reg(const float *W, size_t n, float *g, void *ctx)
{
    (void)W;
    (void)n;
    (void)g;
    int *calls = ctx;
    return ++*calls == 3 ? NAN : 0.0;
}

static void test_nan_stops(void **state)
{
    (void)state;
    /* loss overflow at batch index 3 = update 4 */
    ctome_rnn *net = make_net(3, 16, 2, CTOME_RNN_RELU, 1.0, 4);
    ctome_trainer *tr = make_trainer(net, 1, 0, 0);
    int nan_at = 3;
    tr->opts.task_ctx = &nan_at;
    assert_int_equal(ctome_trainer_run(tr, 10, NULL), CTOME_EVALUE);
    print_message("NaN message: %s\n", ctome_error_message());
    assert_non_null(strstr(ctome_error_message(), "step 4"));
    assert_int_equal(tr->step, 3);
    for (size_t p = 0; p < net->n_params; p++)
        assert_true(isfinite(net->theta[p]));
    ctome_trainer_free(tr);
    /* a regulariser that returns NaN on its third call */
    int calls = 0;
    tr = make_trainer(net, 1, 0, 0);
    tr->opts.reg = nan_reg;
    tr->opts.reg_ctx = &calls;
    assert_int_equal(ctome_trainer_run(tr, 10, NULL), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "step 3"));
    assert_non_null(strstr(ctome_error_message(), "regulariser"));
    ctome_trainer_free(tr);
    ctome_rnn_free(net);
}

/* L1 regulariser: value, gradient through Dale's |.|, and its effect. */
static void test_l1(void **state)
{
    (void)state;
    float W[4] = {0.5f, -2.0f, 0.0f, 1.0f}, g[4] = {1, 1, 1, 1};
    double gamma = 0.1;
    assert_float_equal(ctome_train_reg_l1(W, 2, g, &gamma), 0.35, 1e-7);
    assert_float_equal(g[0], 1.1, 1e-7);
    assert_float_equal(g[1], 0.9, 1e-7);
    assert_float_equal(g[2], 1.0, 0);
    double neg = -1;
    assert_true(isnan(ctome_train_reg_l1(W, 2, g, &neg)));
    /* chain through Dale: W_eff = s_j |W_raw|, so dR/dW_raw = s_j sign(W_raw) dR/dW_eff */
    ctome_rnn *net = make_net(1, 2, 1, CTOME_RNN_RELU, 1.0, 1);
    float raw[4] = {0.5f, -2.0f, 0.25f, 1.0f};
    memcpy(net->W, raw, sizeof raw);
    int sign[2] = {1, -1};
    assert_int_equal(ctome_rnn_set_dale(net, sign), CTOME_OK);
    assert_float_equal(net->W_eff[1], -2.0, 0);   /* s_1 |−2| */
    assert_float_equal(net->W_eff[0], 0.5, 0);
    float ge[4] = {1, 1, 1, 1}, gr[4] = {0, 0, 0, 0};
    ctome_rnn_chain_w(net, ge, gr);
    assert_float_equal(gr[0], 1, 0);    /* s=+1, raw>0 */
    assert_float_equal(gr[1], 1, 0);    /* s=-1, raw<0 */
    assert_float_equal(gr[3], -1, 0);   /* s=-1, raw>0 */
    /* training with a strong L1 shrinks the recurrent weights */
    ctome_rnn *n1 = make_net(3, 16, 2, CTOME_RNN_RELU, 1.0, 4), *n0 = NULL;
    assert_int_equal(ctome_rnn_copy(n1, &n0), CTOME_OK);
    ctome_trainer *tr = make_trainer(n1, 1, 0, 0);
    double strong = 0.05;
    tr->opts.reg = ctome_train_reg_l1;
    tr->opts.reg_ctx = &strong;
    ctome_train_stats st;
    assert_int_equal(ctome_trainer_run(tr, 100, &st), CTOME_OK);
    double s0 = 0, s1 = 0;
    for (size_t e = 0; e < 256; e++) {
        s0 += fabsf(n0->W_eff[e]);
        s1 += fabsf(n1->W_eff[e]);
    }
    assert_true(s1 < 0.7 * s0);
    /* R was evaluated on the weights before the last update, which only shrank them since */
    assert_true(st.reg >= strong * s1 && st.reg <= 1.2 * strong * s1);
    ctome_trainer_free(tr);
    ctome_rnn_free(n0);
    ctome_rnn_free(n1);
    ctome_rnn_free(net);
}

static int stop_cb(const ctome_trainer *tr, const ctome_train_stats *st, void *ctx)
{
    size_t *seen = ctx;
    seen[seen[0] + 1] = st->step;
    seen[0]++;
    return tr->step >= 6 ? CTOME_TRAIN_STOP : 0;
}

static void test_epoch_callback(void **state)
{
    (void)state;
    ctome_rnn *net = make_net(3, 8, 2, CTOME_RNN_RELU, 1.0, 4);
    ctome_trainer *tr = make_trainer(net, 1, 0, 0);
    size_t seen[16] = {0};
    tr->opts.on_epoch = stop_cb;
    tr->opts.epoch_ctx = seen;
    tr->opts.epoch_steps = 3;
    assert_int_equal(ctome_trainer_run(tr, 100, NULL), CTOME_OK);
    assert_int_equal(seen[0], 3);   /* at 0, 3, 6 */
    assert_int_equal(seen[1], 0);
    assert_int_equal(seen[2], 3);
    assert_int_equal(seen[3], 6);
    assert_int_equal(tr->step, 6);
    ctome_trainer_free(tr);
    ctome_rnn_free(net);
}

static void test_bad_input(void **state)
{
    (void)state;
    ctome_rnn_config c;
    ctome_rnn_config_default(&c);
    ctome_rnn *net = NULL;
    assert_int_equal(ctome_rnn_new(&c, &net), CTOME_EINVAL);   /* sizes 0 */
    c.n_in = 2;
    c.n = 3;
    c.n_out = 2;
    c.alpha = 1.5;
    assert_int_equal(ctome_rnn_new(&c, &net), CTOME_EINVAL);
    assert_non_null(strstr(ctome_error_message(), "1.5"));
    c.alpha = 1;
    assert_int_equal(ctome_rnn_new(&c, &net), CTOME_OK);
    ctome_rnn_batch bt;
    assert_int_equal(ctome_rnn_batch_alloc(&bt, 0, 1, 2, 2, CTOME_RNN_LOSS_CE), CTOME_EINVAL);
    assert_int_equal(ctome_rnn_batch_alloc(&bt, 3, 2, 4, 2, CTOME_RNN_LOSS_CE), CTOME_OK);
    ctome_rnn_work *w = NULL;
    assert_int_equal(ctome_rnn_work_new(net, 3, 2, 0, 1, &w), CTOME_OK);
    assert_int_equal(ctome_rnn_forward(net, &bt, NULL, w, NULL, NULL, NULL, NULL), CTOME_EINVAL);   /* n_in 4 vs 2 */
    assert_non_null(strstr(ctome_error_message(), "4 inputs"));
    ctome_rnn_batch_free(&bt);
    assert_int_equal(ctome_rnn_batch_alloc(&bt, 3, 2, 2, 2, CTOME_RNN_LOSS_CE), CTOME_OK);
    bt.target[5] = 2;
    assert_int_equal(ctome_rnn_forward(net, &bt, NULL, w, NULL, NULL, NULL, NULL), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "t 2, b 1"));
    bt.target[5] = 1;
    bt.x[0] = NAN;
    assert_int_equal(ctome_rnn_forward(net, &bt, NULL, w, NULL, NULL, NULL, NULL), CTOME_EVALUE);
    bt.x[0] = 0;
    for (size_t e = 0; e < 6; e++)
        bt.mask[e] = 0;
    assert_int_equal(ctome_rnn_forward(net, &bt, NULL, w, NULL, NULL, NULL, NULL), CTOME_EVALUE);
    ctome_rnn_batch_free(&bt);
    assert_int_equal(ctome_rnn_batch_alloc(&bt, 4, 2, 2, 2, CTOME_RNN_LOSS_CE), CTOME_OK);
    assert_int_equal(ctome_rnn_forward(net, &bt, NULL, w, NULL, NULL, NULL, NULL), CTOME_EINVAL);   /* T 4 > 3 */
    ctome_rnn_batch_free(&bt);
    int sign[3] = {1, 0, 1};
    assert_int_equal(ctome_rnn_set_dale(net, sign), CTOME_EINVAL);
    sign[1] = -1;
    assert_int_equal(ctome_rnn_set_dale(net, sign), CTOME_OK);
    float W[9] = {0, 1, 0, 0, 0, 0, 0, 0, 0};   /* positive weight from an inhibitory unit */
    assert_int_equal(ctome_rnn_set_w(net, W), CTOME_EVALUE);
    assert_non_null(strstr(ctome_error_message(), "(0, 1)"));
    W[1] = -1;
    assert_int_equal(ctome_rnn_set_w(net, W), CTOME_OK);
    assert_float_equal(net->W_eff[1], -1, 0);
    ctome_train_opts o;
    ctome_train_opts_default(&o);
    ctome_trainer *tr = NULL;
    assert_int_equal(ctome_trainer_new(net, &o, &tr), CTOME_EINVAL);   /* no task */
    o.task = two_class;
    o.T = 5;
    o.lr = -1;
    assert_int_equal(ctome_trainer_new(net, &o, &tr), CTOME_EINVAL);
    ctome_rnn_work_free(w);
    ctome_rnn_free(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forward_by_hand),
        cmocka_unit_test(test_gradients_fd),
        cmocka_unit_test(test_output_grads),
        cmocka_unit_test(test_probe_grads),
        cmocka_unit_test(test_learns_two_class),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_checkpoint_resume),
        cmocka_unit_test(test_store_many),
        cmocka_unit_test(test_nan_stops),
        cmocka_unit_test(test_l1),
        cmocka_unit_test(test_epoch_callback),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
