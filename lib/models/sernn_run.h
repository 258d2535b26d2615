/* sernn_run.h — train one seRNN (or L1) network on the maze task and
 * evaluate it: the unit of work of `ctome sernn train` and of every network
 * of a sweep.
 *
 * Network and training follow the authors' demo (Achterberg, Akarca et al.
 * 2023; seRNN_demo.ipynb): 8 inputs, 100 ReLU units (α = 1, a Keras
 * SimpleRNN), 4 softmax outputs read at the last step, Gaussian input noise
 * sd 0.05 during training, Adam (Kingma & Ba 2015) lr 1e-3, batch 128,
 * 40 updates per epoch (5120 problems / 128), 10 epochs; the regulariser
 * acts on the recurrent matrix only; orthogonal recurrent initialisation
 * (Keras' default for SimpleRNN).  Inputs and readout start as rnn.h's
 * INIT_NORMAL (N(0, 1/n_in), N(0, 1/n), zero biases) instead of Keras'
 * Glorot-uniform (same scale).
 */
#ifndef CTOME_SERNN_RUN_H
#define CTOME_SERNN_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "maze_task.h"
#include "rnn.h"
#include "sernn.h"
#include "sernn_analyse.h"
#include "train.h"

typedef struct {
    ctome_sernn_reg_kind reg;   /* default SE */
    double gamma;               /* default 0.05 */
    size_t epochs;              /* default 10 */
    size_t steps_per_epoch;     /* default 40 */
    size_t batch;               /* default 128 */
    double lr;                  /* default 1e-3 */
    float sigma_in;             /* default 0.05 */
    uint64_t seed;              /* network init, batches and noise; default 1 */
    int threads;                /* trainer threads; 0 = all */
    size_t chunk;               /* sequences per chunk (rnn.h); 0 = default */
    ctome_maze_opts task;       /* default maze task */
} ctome_sernn_train_opts;

void ctome_sernn_train_opts_default(ctome_sernn_train_opts *o);

typedef struct {
    size_t steps;               /* updates done */
    double loss, reg;           /* last training batch: task loss, regulariser */
    double acc_train;           /* last training batch accuracy (with noise) */
    double acc;                 /* evaluation: the 8 problems x 16, no noise (Keras validation) */
    ctome_sernn_metrics m;      /* function measures filled by ctome_sernn_evaluate */
} ctome_sernn_result;

/* A network for n units (config of the maze task) initialised from o->seed,
 * and a trainer with the regulariser hook (distances d, n x n, copied).
 * *hook must outlive the trainer (free it after ctome_trainer_free).
 * Errors: those of ctome_rnn_new, ctome_trainer_new, ctome_sernn_hook_new. */
int ctome_sernn_setup(const ctome_sernn_train_opts *o, size_t n, const double *d, ctome_rnn **net,
                      ctome_trainer **tr, ctome_sernn_hook **hook);

/* Run epochs x steps_per_epoch updates (or, after a restore, the remaining
 * ones).  NaN or Inf in the loss, regulariser or gradient stops with
 * CTOME_EVALUE naming the step (train.h).  `progress` (may be NULL) is
 * called after every epoch with the epoch number. */
int ctome_sernn_train_run(ctome_trainer *tr, const ctome_sernn_train_opts *o,
                          void (*progress)(size_t epoch, size_t epochs, const ctome_train_stats *st,
                                           void *ctx),
                          void *ctx, ctome_sernn_result *res);

/* Accuracy (no noise) and the functional measures (sernn_analyse.h) on an
 * evaluation batch of the 8 problems x 16 with input noise sigma_eval
 * (stream `seed`), choice period of the task.  Thread-safe.  res->acc and
 * res->m (energy, mixed, func_clust, active) are set. */
int ctome_sernn_evaluate(const ctome_rnn *net, const ctome_maze_opts *task, const double *d,
                         float sigma_eval, uint64_t seed, ctome_sernn_result *res);

/* Positions for a layout name: "grid" with dims, or the worm (registry,
 * scaled to the default grid's mean distance).  *pos malloc'd n x 3. */
int ctome_sernn_layout(const size_t dims[3], const ctome_registry *worm, size_t *n, double **pos);

#endif
