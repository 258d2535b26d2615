/* richlazy.h — train one RNN on a NeuroGym task from a given initial
 * recurrent matrix W_0 and record how rich or lazy its learning was (Liu et
 * al. 2023): weight change, tangent-kernel alignment, representation
 * alignment, sign similarity and effective rank of W_t over training.
 *
 * The network (rnn.h): n units, f = tanh by default, alpha = dt/tau (default
 * 1), W_in ~ N(0, 1/n_in), W_out ~ N(0, 1/n), biases 0 (CTOME_RNN_INIT_NORMAL,
 * seeded by `seed`), then W := W_0.  No sign or sparsity constraint: the
 * initial structure is the only difference between networks, as in Liu et al.
 * Training: SGD with momentum 0.9 (default, lr 0.1) or Adam on the task's
 * cross-entropy over all steps, batches from (seed, step) (neurogym.h), so
 * networks of one seed see the same trials whatever their W_0.  SGD is the
 * default because the rich/lazy picture is one of gradient descent: Adam
 * divides each step by a running gradient scale, so ||W_t - W_0|| becomes
 * nearly the same for every initialisation (about lr per weight per step)
 * and hides the effect being measured (docs/richlazy.md).
 *
 * Measures, at step 0 and every `every` updates (learning_measures.h), on a
 * fixed probe batch of P trials (drawn once from (seed, CTOME_RL_PROBE_INDEX),
 * the same for every network of that seed):
 *   dw, dw_rel   ||W_t - W_0||_F and / ||W_0||_F (recurrent weights);
 *   ka, cka      alignment (uncentred, centred) of the empirical tangent
 *                kernel K_t with K_0: K_ab = sum_k <d y_k(a)/d theta,
 *                d y_k(b)/d theta>, y_k(a) the k-th output of probe a at the
 *                last step (a decision step), theta all trainable parameters
 *                (W_in, W, b, W_out, b_out); i.e. the trace over outputs of
 *                the P n_out x P n_out NTK (Fort et al. 2020);
 *   ra, cra      alignment (uncentred, centred) of the representation
 *                kernels R_ab = <h(a), h(b)>, h(a) the hidden states of probe
 *                a at all T steps concatenated (the uncentred one stays near
 *                1 when all probes share a large common state, e.g. during
 *                fixation; the centred one sees the differences);
 *   sign         sign similarity of W_t to W_0;
 *   erank        effective rank of W_t;
 *   loss, acc    training loss of the last batch; decision accuracy on the
 *                probe batch.
 */
#ifndef CTOME_RICHLAZY_H
#define CTOME_RICHLAZY_H

#include "dist.h"
#include <stddef.h>
#include <stdint.h>

#include "neurogym.h"
#include "rnn.h"
#include "train.h"

/* Batch index of the probe batch: far beyond any training step. */
#define CTOME_RL_PROBE_INDEX ((uint64_t)1 << 40)

typedef struct {
    ctome_ng_task task;
    ctome_rnn_act act;      /* default tanh */
    double alpha;           /* default 1 */
    ctome_opt_kind opt;     /* default SGD (momentum 0.9) */
    double lr;              /* default 0.1 */
    double clip;            /* gradient norm clip; default 1 */
    size_t batch;           /* default 32 */
    size_t steps;           /* updates; default 1000 */
    size_t every;           /* measure every this many updates; default 50 */
    size_t probe;           /* probe trials P; default 32 */
    uint64_t seed;          /* W_in, W_out, batches, probes; default 1 */
} ctome_rl_opts;

void ctome_rl_opts_default(ctome_rl_opts *o);

/* One network's curves: n_points measurements at step[k]. */
typedef struct {
    size_t n_points;
    size_t *step;
    double *loss, *acc, *dw, *dw_rel, *ka, *cka, *ra, *cra, *sign, *erank;
} ctome_rl_curve;

void ctome_rl_curve_free(ctome_rl_curve *c);

/* Train from W_0 (n x n, row-major, j -> i) and record the curve.  progress
 * (may be NULL) is called after every update with (done, steps).  Uses one
 * thread (callers parallelise over networks).  Errors: bad options
 * (CTOME_EINVAL naming them), W_0 non-finite (CTOME_EVALUE), a NaN or
 * infinite loss or gradient (CTOME_EVALUE naming the step, from train.h),
 * rnn/trainer failures.  Cost O(steps B T n^2) + O((steps/every) P T n_params). */
int ctome_rl_train(const ctome_rl_opts *o, const double *w0, size_t n,
                   void (*progress)(size_t done, size_t total, void *user), void *user, ctome_rl_curve *out);

/* ---- the study: a rank sweep and connectome-initialised networks ---- */

typedef enum {
    CTOME_RL_RANDOM = 0,    /* Gaussian W, truncated to rank r */
    CTOME_RL_CONNECTOME,    /* the connectome matrix given by the caller */
    CTOME_RL_MATCHED        /* Gaussian truncated to the connectome's effective rank */
} ctome_rl_init;

const char *ctome_rl_init_name(ctome_rl_init k);

typedef struct {
    ctome_rl_init init;
    size_t rank;            /* truncation rank (n for the connectome) */
    uint64_t seed;
    double erank0;          /* effective rank of W_0 */
    double norm0;           /* ||W_0||_F */
    ctome_rl_curve curve;
} ctome_rl_net;

typedef struct {
    ctome_rl_opts train;    /* train.seed is replaced by each network's seed */
    size_t n;               /* units */
    double gain;            /* every W_0 has ||W_0||_F = gain sqrt(n); default 1 */
    const size_t *ranks;    /* the random ranks (each in 1..n) */
    size_t n_ranks;
    const double *w_conn;   /* n x n connectome W (any scale; rescaled), or NULL */
    uint64_t seed0;         /* seeds seed0 .. seed0 + n_seeds - 1 */
    size_t n_seeds;
    int threads;            /* networks trained at once; 0 = omp_get_max_threads() */
    const ctome_dist *dist; /* networks split over processes (dist.h): each trains its block,
                               the curves are gathered bit for bit; NULL = one process */
    void (*progress)(size_t done, size_t total, void *user);   /* serialised; may be NULL */
    void *user;
} ctome_rl_sweep_opts;

void ctome_rl_sweep_opts_default(ctome_rl_sweep_opts *o);

/* Train every network of the study: for each seed s, one random network per
 * rank r (Gaussian W from (s, stream 0), the same matrix for every rank,
 * truncated to rank r), and with w_conn the connectome network and a random
 * one truncated to the smallest rank whose effective rank reaches the
 * connectome's ("matched").  Every W_0 is rescaled to ||W_0||_F = gain
 * sqrt(n), the expected norm of an N(0, gain^2/n) matrix, so networks differ
 * in structure only.  W_in, W_out, the batches and the probes come from s, so
 * networks of one seed are paired.  Networks run in parallel (OpenMP, one
 * network per thread, OpenBLAS set to one thread for the call); results do
 * not depend on `threads`.  Order of *nets: seed-major, then the ranks,
 * connectome, matched.  Errors: a rank 0 or > n, no rank and no connectome,
 * no seed, gain <= 0 (CTOME_EVALUE / CTOME_EINVAL naming the value); a
 * network's training failure (the first in list order, its message prefixed
 * with the network, e.g. "random rank 4 seed 2: ..."). */
int ctome_rl_sweep(const ctome_rl_sweep_opts *o, ctome_rl_net **nets, size_t *n_nets);

void ctome_rl_nets_free(ctome_rl_net *nets, size_t n);

#endif
