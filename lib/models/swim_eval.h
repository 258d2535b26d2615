/* swim_eval.h — evaluating swimmer controllers (policy.h) on the MuJoCo
 * swimmer (swimmer.h): many seeded episodes in parallel, one recorded
 * episode, the NCAP unit layout a figure reads, and the rule that carries a
 * trained NCAP to another body length (Bhattasali, Zador & Engel 2022,
 * "transfer": the 4 shared weights do not depend on the number of joints).
 * What `ctome swim eval`, `run` and `transfer` compute, callable from C.
 */
#ifndef CTOME_SWIM_EVAL_H
#define CTOME_SWIM_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "swimmer.h"

/* Called once per finished episode with the number finished so far in this
 * call (1 .. n), never from two threads at once. */
typedef void (*ctome_swim_eval_progress)(size_t done, void *ctx);

/* Episodes i = 0 .. n-1 of `steps` control steps with seeds seed + i, in
 * parallel over `threads` OpenMP threads (0: all; never more than n): each
 * thread has its own environment on the shared model m and its own copy of
 * p (ctome_policy_clone), and episode i depends only on its seed, so the
 * returns are the same bit for bit for any thread count.  ret[i] receives
 * the return (sum of rewards, 0 .. steps), speed[i] (speed may be NULL) the
 * mean forward head speed over the episode (m/s).  progress may be NULL.
 * Errors: n < 1 or steps < 1 (CTOME_EINVAL); the first failing episode's
 * error, prefixed "episode I (seed S): ", e.g. a policy built for another
 * body.  Cost: n x steps x 15 MuJoCo steps, divided over the threads. */
int ctome_swim_eval_episodes(const ctome_swimmer_model *m, const ctome_policy *p, ctome_swim_task task, int steps,
                             uint64_t seed, int n, int threads, double *ret, double *speed,
                             ctome_swim_eval_progress progress, void *ctx);

/* Mean and population sd (divisor n) of v[0..n); NaN for both when n == 0.
 * O(n). */
void ctome_swim_mean_sd(const double *v, size_t n, double *mean, double *sd);

/* One recorded episode: every array of rec allocated (policy.h layout), the
 * return and the mean forward head speed. */
typedef struct {
    ctome_swim_record rec;
    size_t n_steps, n_units;   /* rows; units per row (ctome_policy_n_units) */
    int n_joints;
    double ret, speed;
} ctome_swim_run;

/* Run and record one whole episode of p on model m (task, `steps` control
 * steps, `seed`).  *out is zeroed first and holds whatever was allocated on
 * failure too: free it with ctome_swim_run_free either way.  Errors: steps <
 * 1 (CTOME_EINVAL), those of ctome_swim_episode.  Memory: steps x (4 n_joints
 * + n_units + 8) doubles. */
int ctome_swim_run_episode(const ctome_swimmer_model *m, ctome_policy *p, ctome_swim_task task, int steps,
                           uint64_t seed, ctome_swim_run *out);
void ctome_swim_run_free(ctome_swim_run *r);

/* The NCAP unit layout (ncap.h: b_d, b_v, m_d, m_v per joint, then the two
 * oscillator units): the dorsal and ventral B-neuron traces of n_steps rows
 * of `units` (n_units per row) as two n_steps x n_joints arrays, malloc'd
 * (free them).  A policy without B-neurons (MLP, zero, random) gives
 * *dorsal = *ventral = NULL and CTOME_OK.  Errors: no memory.
 * O(n_steps n_joints). */
int ctome_swim_b_neurons(const ctome_policy *p, const double *units, size_t n_units, size_t n_steps,
                         double **dorsal, double **ventral);

/* The transfer rule: only a weight-shared NCAP carries to another body,
 * because its parameters (w_prop, w_osc, w_ipsi, w_contra) are the same for
 * every joint; an unshared NCAP has per-joint weights and an MLP's input and
 * output sizes grow with the body.  *out is a new NCAP for n_joints with p's
 * circuit options (sharing, signs, oscillator period ...) and p's weights.
 * Errors: p is not a weight-shared NCAP (CTOME_EINVAL, "transfer needs a
 * weight-shared NCAP (its 4 weights do not depend on the body); this
 * controller is K with N parameters"), n_joints out of the swimmer's range
 * (CTOME_EINVAL).  O(n_joints). */
int ctome_swim_transfer_policy(const ctome_policy *p, int n_joints, ctome_policy **out);

#endif
