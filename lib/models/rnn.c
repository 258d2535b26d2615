/* rnn.c — the network object: configuration, seeded initialisation, Dale
 * signs and sparsity masks, and mini-batches (rnn.h).  The passes are in
 * rnn_pass.c (float) and rnn_f64.c (double reference). */
#include "rnn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rng.h"

void ctome_rnn_config_default(ctome_rnn_config *c)
{
    memset(c, 0, sizeof *c);
    c->act = CTOME_RNN_RELU;
    c->alpha = 1.0;
    c->init = CTOME_RNN_INIT_NORMAL;
    c->gain = 1.0;
    c->seed = 1;
}

ctome_rnn_layout ctome_rnn_offsets(const ctome_rnn *net)
{
    const size_t ni = net->cfg.n_in, n = net->cfg.n, no = net->cfg.n_out;
    ctome_rnn_layout l;
    l.W_in = 0;
    l.W = n * ni;
    l.b = l.W + n * n;
    l.W_out = l.b + n;
    l.b_out = l.W_out + no * n;
    return l;
}

static int check_config(const ctome_rnn_config *c)
{
    if (!c)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: no configuration");
    if (c->n_in == 0 || c->n == 0 || c->n_out == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: sizes must be >= 1 (n_in %zu, n %zu, n_out %zu)", c->n_in,
                           c->n, c->n_out);
    /* int-sized BLAS dimensions: keep every matrix well inside INT_MAX */
    if (c->n_in > 100000 || c->n > 100000 || c->n_out > 100000)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: sizes too large (n_in %zu, n %zu, n_out %zu; max 100000)",
                           c->n_in, c->n, c->n_out);
    if (!(c->alpha > 0 && c->alpha <= 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: alpha = dt/tau must be in (0, 1], got %g", c->alpha);
    if (!(c->gain >= 0 && isfinite(c->gain)))
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: gain must be finite and >= 0, got %g", c->gain);
    if (c->act != CTOME_RNN_RELU && c->act != CTOME_RNN_TANH)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: unknown activation %d", (int)c->act);
    if (c->init != CTOME_RNN_INIT_NORMAL && c->init != CTOME_RNN_INIT_TORCH)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: unknown initialisation %d", (int)c->init);
    return CTOME_OK;
}

static void set_views(ctome_rnn *net)
{
    ctome_rnn_layout l = ctome_rnn_offsets(net);
    net->W_in = net->theta + l.W_in;
    net->W = net->theta + l.W;
    net->b = net->theta + l.b;
    net->W_out = net->theta + l.W_out;
    net->b_out = net->theta + l.b_out;
}

static ctome_rnn *alloc_net(const ctome_rnn_config *c)
{
    ctome_rnn *net = calloc(1, sizeof *net);
    if (!net)
        return NULL;
    net->cfg = *c;
    const size_t ni = c->n_in, n = c->n, no = c->n_out;
    net->n_params = n * ni + n * n + n + no * n + no;
    net->theta = calloc(net->n_params, sizeof *net->theta);
    net->W_eff = calloc(n * n, sizeof *net->W_eff);
    if (!net->theta || !net->W_eff) {
        ctome_rnn_free(net);
        return NULL;
    }
    set_views(net);
    return net;
}

/* Fill `v` with N(0, sd²) or U(-bound, bound) draws in order. */
static void fill_normal(ctome_rng *r, float *v, size_t m, double sd)
{
    for (size_t i = 0; i < m; i++)
        v[i] = (float)(sd * ctome_rng_normal(r));
}

static void fill_uniform(ctome_rng *r, float *v, size_t m, double bound)
{
    for (size_t i = 0; i < m; i++)
        v[i] = (float)(bound * (2.0 * ctome_rng_uniform(r) - 1.0));
}

int ctome_rnn_new(const ctome_rnn_config *c, ctome_rnn **out)
{
    *out = NULL;
    int rc = check_config(c);
    if (rc)
        return rc;
    ctome_rnn *net = alloc_net(c);
    if (!net)
        return ctome_error_nomem();
    const size_t ni = c->n_in, n = c->n, no = c->n_out;
    ctome_rng r;
    ctome_rng_seed(&r, c->seed, 0);
    if (c->init == CTOME_RNN_INIT_NORMAL) {
        fill_normal(&r, net->W_in, n * ni, 1.0 / sqrt((double)ni));
        fill_normal(&r, net->W, n * n, c->gain / sqrt((double)n));
        fill_normal(&r, net->W_out, no * n, 1.0 / sqrt((double)n));
    } else {
        /* PyTorch: nn.RNN draws every weight and both biases from U(±1/sqrt(hidden)),
         * nn.Linear(n, n_out) its weight and bias from U(±1/sqrt(fan_in = n)). */
        double bound = 1.0 / sqrt((double)n);
        fill_uniform(&r, net->theta, net->n_params, bound);
    }
    ctome_rnn_refresh(net);
    *out = net;
    return CTOME_OK;
}

void ctome_rnn_free(ctome_rnn *net)
{
    if (!net)
        return;
    free(net->theta);
    free(net->W_eff);
    free(net->sign);
    free(net->mask);
    free(net);
}

int ctome_rnn_copy(const ctome_rnn *net, ctome_rnn **out)
{
    *out = NULL;
    ctome_rnn *c = alloc_net(&net->cfg);
    if (!c)
        return ctome_error_nomem();
    const size_t n = net->cfg.n;
    memcpy(c->theta, net->theta, net->n_params * sizeof *c->theta);
    memcpy(c->W_eff, net->W_eff, n * n * sizeof *c->W_eff);
    if (net->sign) {
        if (!(c->sign = malloc(n))) {
            ctome_rnn_free(c);
            return ctome_error_nomem();
        }
        memcpy(c->sign, net->sign, n);
    }
    if (net->mask) {
        if (!(c->mask = malloc(n * n))) {
            ctome_rnn_free(c);
            return ctome_error_nomem();
        }
        memcpy(c->mask, net->mask, n * n);
    }
    *out = c;
    return CTOME_OK;
}

void ctome_rnn_refresh(ctome_rnn *net)
{
    const size_t n = net->cfg.n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            float w = net->W[i * n + j];
            if (net->sign)
                w = net->sign[j] * fabsf(w);
            if (net->mask && !net->mask[i * n + j])
                w = 0;
            net->W_eff[i * n + j] = w;
        }
}

void ctome_rnn_chain_w(const ctome_rnn *net, const float *gW_eff, float *gW_raw)
{
    const size_t n = net->cfg.n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            size_t e = i * n + j;
            if (net->mask && !net->mask[e])
                continue;
            float g = gW_eff[e];
            if (net->sign)   /* d(s|w|)/dw = s sign(w), sign(0) = +1 so a zero weight can grow */
                g *= (float)net->sign[j] * (net->W[e] < 0 ? -1.0f : 1.0f);
            gW_raw[e] += g;
        }
}

int ctome_rnn_set_dale(ctome_rnn *net, const int *sign)
{
    const size_t n = net->cfg.n;
    if (!sign) {
        free(net->sign);
        net->sign = NULL;
        ctome_rnn_refresh(net);
        return CTOME_OK;
    }
    for (size_t j = 0; j < n; j++)
        if (sign[j] != 1 && sign[j] != -1)
            return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: Dale sign of unit %zu must be +1 or -1, got %d", j,
                               sign[j]);
    if (!net->sign && !(net->sign = malloc(n)))
        return ctome_error_nomem();
    for (size_t j = 0; j < n; j++)
        net->sign[j] = (signed char)sign[j];
    ctome_rnn_refresh(net);
    return CTOME_OK;
}

int ctome_rnn_set_mask(ctome_rnn *net, const unsigned char *mask)
{
    const size_t n = net->cfg.n;
    if (!mask) {
        free(net->mask);
        net->mask = NULL;
        ctome_rnn_refresh(net);
        return CTOME_OK;
    }
    for (size_t e = 0; e < n * n; e++)
        if (mask[e] > 1)
            return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: mask entry (%zu, %zu) must be 0 or 1, got %u", e / n,
                               e % n, (unsigned)mask[e]);
    if (!net->mask && !(net->mask = malloc(n * n)))
        return ctome_error_nomem();
    memcpy(net->mask, mask, n * n);
    for (size_t e = 0; e < n * n; e++)
        if (!mask[e])
            net->W[e] = 0;
    ctome_rnn_refresh(net);
    return CTOME_OK;
}

int ctome_rnn_set_w(ctome_rnn *net, const float *W)
{
    const size_t n = net->cfg.n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            float w = W[i * n + j];
            if (!isfinite(w))
                return ctome_error(CTOME_EVALUE, NULL, 0, "rnn: recurrent weight (%zu, %zu) is not finite (%g)", i,
                                   j, (double)w);
            if (net->mask && !net->mask[i * n + j] && w != 0)
                return ctome_error(CTOME_EVALUE, NULL, 0,
                                   "rnn: recurrent weight (%zu, %zu) = %g lies outside the sparsity mask", i, j,
                                   (double)w);
            if (net->sign && w * net->sign[j] < 0)
                return ctome_error(CTOME_EVALUE, NULL, 0,
                                   "rnn: recurrent weight (%zu, %zu) = %g has the wrong sign for presynaptic unit %zu "
                                   "(Dale sign %+d)",
                                   i, j, (double)w, j, net->sign[j]);
        }
    for (size_t e = 0; e < n * n; e++)
        net->W[e] = net->sign ? fabsf(W[e]) : W[e];
    ctome_rnn_refresh(net);
    return CTOME_OK;
}

/* ---- batches ---- */

int ctome_rnn_batch_alloc(ctome_rnn_batch *bt, size_t T, size_t B, size_t n_in, size_t n_out, ctome_rnn_loss loss)
{
    memset(bt, 0, sizeof *bt);
    if (T == 0 || B == 0 || n_in == 0 || n_out == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn batch: sizes must be >= 1 (T %zu, B %zu, n_in %zu, n_out %zu)",
                           T, B, n_in, n_out);
    if (loss != CTOME_RNN_LOSS_CE && loss != CTOME_RNN_LOSS_MSE)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn batch: unknown loss %d", (int)loss);
    bt->T = T;
    bt->B = B;
    bt->n_in = n_in;
    bt->n_out = n_out;
    bt->loss = loss;
    bt->x = calloc(T * B * n_in, sizeof *bt->x);
    bt->mask = malloc(T * B * sizeof *bt->mask);
    if (loss == CTOME_RNN_LOSS_CE)
        bt->target = calloc(T * B, sizeof *bt->target);
    else
        bt->y = calloc(T * B * n_out, sizeof *bt->y);
    if (!bt->x || !bt->mask || !(bt->target || bt->y)) {
        ctome_rnn_batch_free(bt);
        return ctome_error_nomem();
    }
    for (size_t e = 0; e < T * B; e++)
        bt->mask[e] = 1;
    return CTOME_OK;
}

void ctome_rnn_batch_free(ctome_rnn_batch *bt)
{
    if (!bt)
        return;
    free(bt->x);
    free(bt->target);
    free(bt->y);
    free(bt->mask);
    memset(bt, 0, sizeof *bt);
}

int ctome_rnn_batch_check(const ctome_rnn *net, const ctome_rnn_batch *bt)
{
    if (!net || !bt || !bt->x || !bt->mask)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: no network or batch");
    if (bt->n_in != net->cfg.n_in || bt->n_out != net->cfg.n_out)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "rnn: batch has %zu inputs and %zu outputs, the network %zu inputs and %zu outputs",
                           bt->n_in, bt->n_out, net->cfg.n_in, net->cfg.n_out);
    if (bt->T == 0 || bt->B == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: empty batch (T %zu, B %zu)", bt->T, bt->B);
    if (bt->loss == CTOME_RNN_LOSS_CE ? !bt->target : !bt->y)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: batch has no %s targets",
                           bt->loss == CTOME_RNN_LOSS_CE ? "class" : "real-valued");
    const size_t B = bt->B, ni = bt->n_in, no = bt->n_out;
    double msum = 0;
    for (size_t e = 0; e < bt->T * B; e++) {
        float m = bt->mask[e];
        if (!(m >= 0 && isfinite(m)))
            return ctome_error(CTOME_EVALUE, NULL, 0, "rnn: loss mask at (t %zu, b %zu) is %g (need finite >= 0)",
                               e / B, e % B, (double)m);
        msum += m;
        for (size_t i = 0; i < ni; i++)
            if (!isfinite(bt->x[e * ni + i]))
                return ctome_error(CTOME_EVALUE, NULL, 0, "rnn: input %zu at (t %zu, b %zu) is not finite (%g)", i,
                                   e / B, e % B, (double)bt->x[e * ni + i]);
        if (m == 0)
            continue;
        if (bt->loss == CTOME_RNN_LOSS_CE) {
            int32_t c = bt->target[e];
            if (c < 0 || (size_t)c >= no)
                return ctome_error(CTOME_EVALUE, NULL, 0,
                                   "rnn: target class %d at (t %zu, b %zu) is outside [0, %zu)", (int)c, e / B, e % B,
                                   no);
        } else {
            for (size_t k = 0; k < no; k++)
                if (!isfinite(bt->y[e * no + k]))
                    return ctome_error(CTOME_EVALUE, NULL, 0, "rnn: target %zu at (t %zu, b %zu) is not finite (%g)",
                                       k, e / B, e % B, (double)bt->y[e * no + k]);
        }
    }
    if (!(msum > 0))
        return ctome_error(CTOME_EVALUE, NULL, 0, "rnn: the loss mask of the batch is all zero");
    return CTOME_OK;
}
