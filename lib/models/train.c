/* train.c — mini-batch BPTT training of a ctome_rnn: regulariser hook,
 * NaN guard, global-norm clipping, Adam and SGD with momentum (train.h). */
#include "train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Noise draws use their own seed derived from the training seed, so their
 * streams never coincide with the task's (seed, batch index) streams. */
#define NOISE_SEED_SALT 0x6e6f6973652d726eULL

void ctome_train_opts_default(ctome_train_opts *o)
{
    memset(o, 0, sizeof *o);
    o->opt = CTOME_OPT_ADAM;
    o->lr = 1e-3;
    o->beta1 = 0.9;
    o->beta2 = 0.999;
    o->eps = 1e-8;
    o->momentum = 0.9;
    o->B = 128;
    o->loss = CTOME_RNN_LOSS_CE;
    o->seed = 1;
}

double ctome_train_reg_l1(const float *W, size_t n, float *grad_W_accum, void *ctx)
{
    double gamma = ctx ? *(const double *)ctx : 0.0;
    if (!(gamma >= 0 && isfinite(gamma))) {
        ctome_error(CTOME_EINVAL, NULL, 0, "L1 regulariser: gamma must be finite and >= 0, got %g", gamma);
        return NAN;
    }
    double s = 0;
    float g = (float)gamma;
    for (size_t e = 0; e < n * n; e++) {
        float w = W[e];
        s += fabsf(w);
        grad_W_accum[e] += w > 0 ? g : (w < 0 ? -g : 0.0f);
    }
    return gamma * s;
}

/* Prefix the message a callee recorded; it is copied first because
 * ctome_error formats into the same per-thread buffer. */
static int wrap_error(int code, size_t upd, const char *what)
{
    char prev[1024];
    snprintf(prev, sizeof prev, "%s", ctome_error_message());
    return ctome_error(code ? code : CTOME_EVALUE, NULL, 0, "training step %zu: %s%s%s", upd, what,
                       prev[0] ? ": " : "", prev);
}

static int check_opts(const ctome_train_opts *o)
{
    if (!o->task)
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: no task generator");
    if (o->T == 0 || o->B == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: T and B must be >= 1 (T %zu, B %zu)", o->T, o->B);
    if (o->opt != CTOME_OPT_ADAM && o->opt != CTOME_OPT_SGD)
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: unknown optimiser %d", (int)o->opt);
    if (!(o->lr > 0 && isfinite(o->lr)))
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: learning rate must be > 0, got %g", o->lr);
    if (!(o->beta1 >= 0 && o->beta1 < 1) || !(o->beta2 >= 0 && o->beta2 < 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: Adam betas must be in [0, 1), got %g, %g", o->beta1,
                           o->beta2);
    if (!(o->eps > 0 && isfinite(o->eps)))
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: Adam eps must be > 0, got %g", o->eps);
    if (!(o->momentum >= 0 && o->momentum < 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: momentum must be in [0, 1), got %g", o->momentum);
    if (!(o->clip >= 0 && isfinite(o->clip)))
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: clip threshold must be finite and >= 0, got %g", o->clip);
    if (!(o->sigma_in >= 0 && isfinite(o->sigma_in)) || !(o->sigma_rec >= 0 && isfinite(o->sigma_rec)))
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: noise levels must be finite and >= 0, got %g, %g",
                           (double)o->sigma_in, (double)o->sigma_rec);
    if (o->threads < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: threads must be >= 0, got %d", o->threads);
    return CTOME_OK;
}

int ctome_trainer_new(ctome_rnn *net, const ctome_train_opts *o, ctome_trainer **out)
{
    *out = NULL;
    if (!net || !o)
        return ctome_error(CTOME_EINVAL, NULL, 0, "train: no network or options");
    int rc = check_opts(o);
    if (rc)
        return rc;
    ctome_trainer *tr = calloc(1, sizeof *tr);
    if (!tr)
        return ctome_error_nomem();
    tr->net = net;
    tr->opts = *o;
    const size_t P = net->n_params, n = net->cfg.n;
    tr->m = calloc(P, sizeof *tr->m);
    tr->v = calloc(P, sizeof *tr->v);
    tr->grad = calloc(P, sizeof *tr->grad);
    tr->greg = calloc(n * n, sizeof *tr->greg);
    if (!tr->m || !tr->v || !tr->grad || !tr->greg) {
        ctome_trainer_free(tr);
        return ctome_error_nomem();
    }
    rc = ctome_rnn_batch_alloc(&tr->batch, o->T, o->B, net->cfg.n_in, net->cfg.n_out, o->loss);
    if (!rc)
        rc = ctome_rnn_work_new(net, o->T, o->B, o->chunk, o->threads, &tr->work);
    if (rc) {
        ctome_trainer_free(tr);
        return rc;
    }
    tr->last.loss = tr->last.reg = tr->last.acc = tr->last.grad_norm = NAN;
    *out = tr;
    return CTOME_OK;
}

void ctome_trainer_free(ctome_trainer *tr)
{
    if (!tr)
        return;
    free(tr->m);
    free(tr->v);
    free(tr->grad);
    free(tr->greg);
    ctome_rnn_batch_free(&tr->batch);
    ctome_rnn_work_free(tr->work);
    free(tr);
}

/* Name the parameter block of index p (for the NaN message). */
static const char *block_name(const ctome_rnn *net, size_t p)
{
    ctome_rnn_layout l = ctome_rnn_offsets(net);
    return p < l.W ? "W_in" : p < l.b ? "W" : p < l.W_out ? "b" : p < l.b_out ? "W_out" : "b_out";
}

static void apply_update(ctome_trainer *tr)
{
    const ctome_train_opts *o = &tr->opts;
    const size_t P = tr->net->n_params;
    float *th = tr->net->theta, *g = tr->grad, *m = tr->m, *v = tr->v;
    if (o->opt == CTOME_OPT_ADAM) {
        /* Kingma & Ba 2015, Algorithm 1, in PyTorch's arrangement:
         * θ -= (lr / (1 - β1^t)) m / (sqrt(v) / sqrt(1 - β2^t) + eps) */
        double t = (double)(tr->step + 1);
        float b1 = (float)o->beta1, b2 = (float)o->beta2;
        float step_size = (float)(o->lr / (1.0 - pow(o->beta1, t)));
        float inv_bc2 = (float)(1.0 / sqrt(1.0 - pow(o->beta2, t)));
        float eps = (float)o->eps;
        for (size_t p = 0; p < P; p++) {
            m[p] = b1 * m[p] + (1 - b1) * g[p];
            v[p] = b2 * v[p] + (1 - b2) * g[p] * g[p];
            th[p] -= step_size * m[p] / (sqrtf(v[p]) * inv_bc2 + eps);
        }
    } else {
        /* PyTorch's SGD with momentum: buf = μ buf + g, θ -= lr buf */
        float mu = (float)o->momentum, lr = (float)o->lr;
        for (size_t p = 0; p < P; p++) {
            m[p] = mu * m[p] + g[p];
            th[p] -= lr * m[p];
        }
    }
    ctome_rnn_refresh(tr->net);
}

int ctome_trainer_step(ctome_trainer *tr, ctome_train_stats *st)
{
    const ctome_train_opts *o = &tr->opts;
    ctome_rnn *net = tr->net;
    const size_t k = tr->step, upd = k + 1, n = net->cfg.n, P = net->n_params;
    int rc = o->task(&tr->batch, o->seed, (uint64_t)k, o->task_ctx);
    if (rc)
        return wrap_error(rc, upd, "task generator failed");
    ctome_rnn_noise noise = {o->sigma_in, o->sigma_rec, o->seed ^ NOISE_SEED_SALT, (uint64_t)k * o->B};
    double loss = NAN, acc = NAN;
    rc = ctome_rnn_grad(net, &tr->batch, &noise, tr->work, &loss, &acc, tr->grad);
    if (rc)
        return wrap_error(rc, upd, "gradient");
    if (!isfinite(loss))
        return ctome_error(CTOME_EVALUE, NULL, 0, "training diverged at step %zu: task loss is %g", upd, loss);
    double reg = 0;
    if (o->reg) {
        memset(tr->greg, 0, n * n * sizeof *tr->greg);
        ctome_error_clear();
        reg = o->reg(net->W_eff, n, tr->greg, o->reg_ctx);
        if (!isfinite(reg)) {
            char what[64];
            snprintf(what, sizeof what, "training diverged: regulariser returned %g", reg);
            return wrap_error(ctome_error_code(), upd, what);
        }
        ctome_rnn_chain_w(net, tr->greg, tr->grad + ctome_rnn_offsets(net).W);
    }
    double ss = 0;
    for (size_t p = 0; p < P; p++)
        ss += (double)tr->grad[p] * tr->grad[p];
    double norm = sqrt(ss);
    if (!isfinite(norm)) {
        size_t p = 0;
        while (p < P && isfinite(tr->grad[p]))
            p++;
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "training diverged at step %zu: gradient norm is %g (first non-finite entry in %s)", upd,
                           norm, p < P ? block_name(net, p) : "the sum of squares");
    }
    if (o->clip > 0 && norm > o->clip) {   /* Pascanu et al. 2013 */
        float s = (float)(o->clip / norm);
        for (size_t p = 0; p < P; p++)
            tr->grad[p] *= s;
    }
    apply_update(tr);
    tr->step++;
    tr->last.step = tr->step;
    tr->last.loss = loss;
    tr->last.reg = reg;
    tr->last.acc = acc;
    tr->last.grad_norm = norm;
    if (st)
        *st = tr->last;
    return CTOME_OK;
}

static int call_epoch(ctome_trainer *tr, const ctome_train_stats *st, int *stop)
{
    int rc = tr->opts.on_epoch(tr, st, tr->opts.epoch_ctx);
    if (rc == CTOME_TRAIN_STOP) {
        *stop = 1;
        return CTOME_OK;
    }
    if (rc)
        return wrap_error(rc, tr->step, "epoch callback failed");
    return CTOME_OK;
}

int ctome_trainer_run(ctome_trainer *tr, size_t n_updates, ctome_train_stats *st)
{
    int stop = 0, rc = CTOME_OK;
    if (tr->opts.on_epoch) {
        ctome_train_stats s0 = tr->last;
        s0.step = tr->step;
        s0.loss = NAN;
        rc = call_epoch(tr, &s0, &stop);
    }
    for (size_t u = 0; u < n_updates && !rc && !stop; u++) {
        rc = ctome_trainer_step(tr, NULL);
        if (!rc && tr->opts.on_epoch && tr->opts.epoch_steps && tr->step % tr->opts.epoch_steps == 0)
            rc = call_epoch(tr, &tr->last, &stop);
    }
    if (st)
        *st = tr->last;
    return rc;
}
