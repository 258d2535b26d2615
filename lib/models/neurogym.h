/* neurogym.h — three NeuroGym cognitive tasks generated in C as supervised
 * batches for the RNN core (rnn.h): perceptual decision making, delayed
 * match-to-sample and context-dependent decision making.
 *
 * They mirror NeuroGym's environments and defaults (Molano-Mazon M, Barbosa J,
 * Pastor-Ciurana J, et al. (2022) NeuroGym: an open resource for developing
 * and sharing neuroscience tasks. PsyArXiv aqc9n; github.com/neurogym,
 * envs PerceptualDecisionMaking, DelayMatchSample, ContextDecisionMaking as
 * of v0.0.2): time in ms with step dt (default 100 ms), input noise of
 * standard deviation sigma / sqrt(dt) per step (sigma default 1.0) added to
 * the stimulus channels in the stimulus periods, a fixation input that is 1
 * until the decision period, and the supervised target of NeuroGym's dataset:
 * class 0 ("keep fixating") at every step before the decision period and the
 * correct choice (1 or 2) in it.  Periods follow each other; a period from
 * time a to b (ms from the trial start) covers steps floor(a/dt) ..
 * floor(b/dt) - 1, as NeuroGym's add_period does.
 *
 *  pdm  PerceptualDecisionMaking (Britten et al. 1992, random-dot motion):
 *       inputs [fixation, stim1, stim2], outputs 3 (fixation, choice 1, 2).
 *       Periods fixation 100, stimulus 2000, delay 0, decision 100 ms.
 *       Ground truth g in {1, 2} and coherence c in {0, 6.4, 12.8, 25.6,
 *       51.2} uniformly; stim_g = 0.5 + c/200, the other 0.5 - c/200 (the
 *       ring code cos(theta_k - theta_g) c/200 + 0.5 with dim_ring 2).
 *  dms  DelayMatchSample (Miller, Erickson & Desimone 1996):
 *       inputs [fixation, stim1, stim2], outputs 3 (fixation, match,
 *       non-match).  Periods fixation 300, sample 500, delay 1000, test 500,
 *       decision 900 ms.  Sample direction s in {0, pi}, ground truth 1
 *       (match: test = s) or 2 (non-match: test = s + pi); the stimulus is
 *       cos(theta_k - s) / 2 + 0.5, i.e. (1, 0) or (0, 1), with noise in the
 *       sample and test periods.
 *  ctx  ContextDecisionMaking (Mante, Sussillo, Shenoy & Newsome 2013):
 *       inputs [fixation, stim1_mod1, stim2_mod1, stim1_mod2, stim2_mod2,
 *       context1, context2], outputs 3.  Periods fixation 300, stimulus 750,
 *       delay 600, decision 100 ms.  Ground truth g, the other modality's
 *       choice o (both uniform in {1, 2}), context k in {0, 1}, coherences
 *       c_0, c_1 in {5, 15, 50}; modality k carries g, the other carries o;
 *       stim1 = (1 + c'/100)/2, stim2 = (1 - c'/100)/2 with c' = +c for
 *       choice 1 and -c for choice 2.  As in NeuroGym the noise is added to
 *       every input channel in the stimulus period, every input is 0 in the
 *       decision period except the context cue, which stays on throughout.
 *       NeuroGym draws the delay from a truncated exponential (mean 600,
 *       300..3000 ms); here it is fixed (default its mean 600) so that all
 *       trials of a batch have the same length.
 *
 * Randomness: trial b of batch `index` uses the ctome_rng stream
 * (seed ^ CTOME_NG_SEED_SALT, index * CTOME_NG_MAX_BATCH + b): any batch can
 * be regenerated and results do not depend on threads.  The salt keeps the
 * task's draws apart from the trainer's noise streams (train.h draws them
 * from (seed, step * 2^20 + b) with the same seed).
 */
#ifndef CTOME_NEUROGYM_H
#define CTOME_NEUROGYM_H

#include <stddef.h>
#include <stdint.h>

#include "rnn.h"

#define CTOME_NG_MAX_BATCH 1048576u
#define CTOME_NG_SEED_SALT UINT64_C(0x6e6575726f67796d)   /* "neurogym" */

typedef enum { CTOME_NG_PDM = 0, CTOME_NG_DMS, CTOME_NG_CTX } ctome_ng_kind;

typedef struct {
    ctome_ng_kind kind;
    double dt;              /* ms per step; default 100 */
    double sigma;           /* noise sd per step is sigma / sqrt(dt); default 1 */
    /* Period durations in ms (defaults above, by kind).  pdm: fixation,
     * stimulus, delay, decision; dms: fixation, sample, delay, test,
     * decision; ctx: fixation, stimulus, delay, decision. */
    double t[5];
    size_t n_periods;
} ctome_ng_task;

/* The task's NeuroGym defaults; CTOME_EINVAL for an unknown kind. */
int ctome_ng_default(ctome_ng_kind kind, ctome_ng_task *t);

/* A kind from its name ("pdm", "dms", "ctx"); CTOME_ENOTFOUND listing the
 * names otherwise. */
int ctome_ng_parse(const char *name, ctome_ng_kind *kind);
const char *ctome_ng_name(ctome_ng_kind kind);

/* Shapes: the number of steps T, inputs and outputs.  Errors: dt or a
 * duration not finite or <= 0 (a duration may be 0), no step
 * (CTOME_EVALUE naming the value).  O(1). */
int ctome_ng_shape(const ctome_ng_task *t, size_t *T, size_t *n_in, size_t *n_out);

/* First step of period p (0-based) and the step after its end. */
void ctome_ng_period(const ctome_ng_task *t, size_t p, size_t *begin, size_t *end);

/* Per-trial draws of the last generated batch (optional, for tests and
 * analyses): ground truth (1 or 2), coherence (pdm; ctx: of the relevant
 * modality), context (ctx; else -1), sample direction index 0/1 (dms). */
typedef struct {
    int32_t *gt;
    double *coh;
    int32_t *context;
    int32_t *sample;
} ctome_ng_trials;

/* Fill the allocated CE batch bt (T, n_in, n_out as ctome_ng_shape, any B <=
 * CTOME_NG_MAX_BATCH): inputs, targets and a mask of ones (NeuroGym's
 * supervised loss weights every step).  info may be NULL (else arrays of
 * B entries).  Errors: a batch of other shapes or an MSE batch (CTOME_EINVAL).
 * O(T B n_in). */
int ctome_ng_fill(const ctome_ng_task *t, ctome_rnn_batch *bt, uint64_t seed, uint64_t index,
                  ctome_ng_trials *info);

/* The ctome_rnn_task_fn adapter (ctx = a const ctome_ng_task *). */
int ctome_ng_task_fn(ctome_rnn_batch *bt, uint64_t seed, uint64_t index, void *ctx);

/* Accuracy on the decision period only: the fraction of trials whose
 * arg-max output over all classes at the last step (a decision step in all
 * three tasks) equals the ground truth there; answering "fixate" counts as
 * wrong, as NeuroGym's performance does.  y [T][B][n_out] as ctome_rnn_forward gives.
 * O(B n_out). */
double ctome_ng_decision_accuracy(const ctome_rnn_batch *bt, const float *y);

#endif
