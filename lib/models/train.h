/* train.h — mini-batch training of a ctome_rnn (rnn.h) by BPTT.
 *
 * One update (step k = 0, 1, ...):
 *   1. the task fills batch k from (opts.seed, k)            (ctome_rnn_task_fn)
 *   2. loss and gradient by BPTT; noise of sequence b from ctome_rng
 *      (opts.seed XOR a fixed salt, stream k·B + b), never a task stream
 *   3. regulariser: R = reg(W_eff, n, gW_eff, ctx) adds its value and its
 *      gradient with respect to W_eff; the trainer maps gW_eff through the
 *      Dale/mask parametrisation (ctome_rnn_chain_w)
 *   4. NaN/Inf in loss, R or the gradient -> CTOME_EVALUE naming the step
 *      ("training diverged at step k+1": steps are numbered from 1 in
 *      messages); the parameters are left as they were before this step
 *   5. global-norm clipping (Pascanu, Mikolov & Bengio 2013): g <- g·c/‖g‖ if ‖g‖ > c
 *   6. Adam (Kingma & Ba 2015, bias-corrected) or SGD with momentum
 *      (v <- μ v + g; θ <- θ − lr v, PyTorch's convention), then W_eff refresh.
 * Because every random draw is a function of (seed, step), a run resumed from
 * a checkpoint equals the uninterrupted run bit for bit, and the result does
 * not depend on the number of threads (rnn.h: fixed chunks).
 */
#ifndef CTOME_TRAIN_H
#define CTOME_TRAIN_H

#include "rnn.h"

#include <stddef.h>
#include <stdint.h>

typedef enum { CTOME_OPT_ADAM = 0, CTOME_OPT_SGD } ctome_opt_kind;

/* Regulariser hook, called once per update.  W is the effective recurrent
 * matrix [n][n] (W[i*n + j]: j -> i), n the number of units.  Add dR/dW
 * to grad_W_accum (do not overwrite it) and return R (already scaled by γ).
 * Return NaN (after ctome_error) on failure; training then stops naming the
 * step.  ctome_train_reg_l1 is the L1 baseline. */
typedef double (*ctome_train_reg_fn)(const float *W, size_t n, float *grad_W_accum, void *ctx);

/* L1 regulariser γ Σ|W_ij|; ctx points to a double γ >= 0.  Subgradient
 * sign(W) (0 at 0).  O(n²). */
double ctome_train_reg_l1(const float *W, size_t n, float *grad_W_accum, void *ctx);

typedef struct {
    size_t step;            /* updates done so far (after this one) */
    double loss;            /* task loss of the last batch (before the update) */
    double reg;             /* regulariser value R (0 without one) */
    double acc;             /* accuracy of the last batch (CE), NaN for MSE */
    double grad_norm;       /* global gradient norm before clipping */
} ctome_train_stats;

struct ctome_trainer;
/* Checkpoint/analysis callback, called once before the first update of a run
 * (stats.step = tr->step, loss NaN) and after every `epoch_steps` updates.
 * Return 0 to continue, CTOME_TRAIN_STOP to end the run without error (e.g.
 * a target accuracy was reached), or a CTOME_E* code to fail the run. */
typedef int (*ctome_train_epoch_fn)(const struct ctome_trainer *tr, const ctome_train_stats *st, void *ctx);
#define CTOME_TRAIN_STOP (-1)

typedef struct {
    ctome_opt_kind opt;     /* default Adam */
    double lr;              /* default 1e-3 */
    double beta1, beta2, eps;   /* Adam; defaults 0.9, 0.999, 1e-8 */
    double momentum;        /* SGD μ; default 0.9 */
    double clip;            /* global-norm threshold; 0 = no clipping (default) */
    size_t T, B;            /* sequence length and batch size (T: no default, B: 128) */
    ctome_rnn_loss loss;    /* default CE */
    float sigma_in, sigma_rec;  /* noise (rnn.h); default 0 */
    uint64_t seed;          /* batches and noise; default 1 */
    int threads;            /* 0 = omp_get_max_threads() */
    size_t chunk;           /* sequences per chunk; 0 = default (rnn.h) */
    ctome_rnn_task_fn task; void *task_ctx;     /* required */
    ctome_train_reg_fn reg; void *reg_ctx;      /* optional */
    ctome_train_epoch_fn on_epoch; void *epoch_ctx;  /* optional */
    size_t epoch_steps;     /* call on_epoch every this many updates (0: only at the start) */
} ctome_train_opts;

void ctome_train_opts_default(ctome_train_opts *o);

/* Trainer state.  Fields are public for reading (analyses, checkpoints);
 * change them only through the functions below. */
typedef struct ctome_trainer {
    ctome_rnn *net;         /* borrowed; updated in place */
    ctome_train_opts opts;
    size_t step;            /* updates done */
    float *m, *v;           /* Adam first/second moments; SGD: m = velocity, v unused (zeros) */
    float *grad;            /* gradient of the last update [n_params] (after clipping) */
    ctome_rnn_batch batch;  /* the last batch */
    ctome_rnn_work *work;
    float *greg;            /* [n][n] regulariser gradient scratch */
    ctome_train_stats last;
} ctome_trainer;

/* A trainer for `net` (borrowed; must outlive the trainer).  Errors: missing
 * task, T = 0, B = 0, lr <= 0, betas outside [0, 1), eps <= 0, momentum
 * outside [0, 1), clip < 0 (CTOME_EINVAL naming the option). */
int ctome_trainer_new(ctome_rnn *net, const ctome_train_opts *o, ctome_trainer **out);
void ctome_trainer_free(ctome_trainer *tr);

/* One update (steps 1-6 above).  st may be NULL. */
int ctome_trainer_step(ctome_trainer *tr, ctome_train_stats *st);

/* Run `n_updates` updates (calling on_epoch as described); st (may be NULL)
 * receives the last stats.  Returns 0 also when on_epoch asked to stop. */
int ctome_trainer_run(ctome_trainer *tr, size_t n_updates, ctome_train_stats *st);

/* Checkpoints in the HDF5 store (lib/models/store_rnn.h, docs/store.md
 * /runs/rnn/<id>): configuration, every parameter, optimiser moments, step,
 * seeds and the scalar options.  save writes a new store file atomically
 * (id "rnn"); restore loads into an existing trainer built with the same
 * shapes and options and checks them (CTOME_EVALUE naming the field that
 * differs); a damaged file gives CTOME_EFORMAT naming the path and dataset. */
int ctome_trainer_save(const ctome_trainer *tr, const char *path);
int ctome_trainer_restore(ctome_trainer *tr, const char *path);

#endif
