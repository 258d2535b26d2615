/* swim_train.h — training swimmer controllers (NCAP or MLP) without
 * gradients through the physics: evolution strategies or CMA-ES (es.h) on
 * the flat parameter vector of a ctome_policy (policy.h), the population
 * evaluated in parallel (OpenMP threads; MPI ranks through ctome_es_dist).
 *
 * The NCAP paper (Bhattasali, Zador & Engel 2022) trains with PPO/DDPG-style
 * RL; evolution strategies (Salimans et al. 2017) reach the same swimming
 * task without backpropagating through MuJoCo and parallelise trivially.
 *
 * One candidate's return is the mean over `episodes` episodes, each reset
 * with a seed derived from (run seed, generation, member, episode)
 * (ctome_es_member_seed: antithetic ES pairs share their episode seeds).
 * Environment steps are control steps (0.03 s each): an episode of 1000
 * control steps counts 1000 (15000 physics steps).
 *
 * NCAP's sign constraints: the trainer projects every candidate and the
 * centre / mean after every update (ctome_policy_project), so the stored
 * weights stay signed when the circuit is constrained.
 *
 * Checkpoints: the optimiser state and the policy configuration (JSON:
 * policy kind, n_joints, NCAP switches or MLP sizes, init seed, task,
 * episode length, episodes per candidate) in a store file under
 * /runs/train/<run_id>/ (store_train.h), so ctome_swim_train_resume
 * continues bit for bit.
 */
#ifndef CTOME_SWIM_TRAIN_H
#define CTOME_SWIM_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "es.h"
#include "policy.h"
#include "swimmer.h"

typedef struct {
    ctome_policy_kind policy;   /* CTOME_POLICY_NCAP or CTOME_POLICY_MLP */
    int n_joints;               /* the body; default 5 (dm_control's swimmer6) */
    ctome_ncap_opts ncap;       /* NCAP switches (ncap.n_joints is set from n_joints) */
    int mlp_layers, mlp_hidden; /* MLP: default 2 x 64 tanh */
    uint64_t mlp_seed;          /* MLP initialisation seed; default 1 */
    ctome_swim_task task;       /* default swim */
    int episode_steps;          /* control steps per episode; 0 = 1000 */
    int episodes;               /* episodes per candidate, >= 1; default 1 */
    ctome_es_opts es;           /* optimiser (es.project is set by the trainer) */
    uint64_t max_steps;         /* env-step (control-step) budget, total; 0 = none */
    uint64_t max_generations;   /* generation budget, total; 0 = none (one of the two is needed) */
    void (*progress)(const ctome_es_gen *g, void *ctx);
    void *progress_ctx;
    const ctome_es_dist *dist;  /* MPI split or NULL */
    const char *checkpoint;     /* store file written every checkpoint_every generations
                                 * and at the end (rank 0 only); NULL = none */
    int checkpoint_every;       /* default 10 */
    const char *run_id;         /* /runs/train/<run_id>; default "swim" */
} ctome_swim_train_opts;

/* Defaults for a kind (NCAP: the paper's circuit, ES: sigma 0.1, lr 0.03,
 * 16 pairs; CMA-ES: sigma 0.3; MLP: ES sigma 0.05, lr 0.01, 2 x 64). */
void ctome_swim_train_opts_default(ctome_swim_train_opts *o, ctome_policy_kind kind, int n_joints,
                                   ctome_es_algo algo);

typedef struct {
    size_t n_params;
    double *theta;          /* final centre (ES) / mean (CMA-ES), projected */
    double *best_theta;     /* best candidate evaluated */
    double best_return;     /* its return (on its own episode seeds) */
    uint64_t generations, steps;
    size_t n_curve;
    ctome_es_gen *curve;    /* one row per generation (also the resumed ones) */
} ctome_swim_train_result;

void ctome_swim_train_result_free(ctome_swim_train_result *r);

/* Train from the policy's initialisation.  Errors: bad options (a policy
 * kind other than NCAP/MLP, n_joints < 2, episodes < 1, no budget:
 * CTOME_EINVAL naming it), optimiser errors (es.h), an episode that fails
 * ("generation G member M: objective returned NaN" after the swimmer's own
 * message), checkpoint write errors.  Cost: population x episodes x
 * episode_steps x 15 MuJoCo steps per generation. */
int ctome_swim_train(const ctome_swim_train_opts *o, ctome_swim_train_result *res);

/* Continue a checkpointed run up to the budgets in `budget` (its
 * max_steps, max_generations, progress, dist, checkpoint, checkpoint_every;
 * everything else comes from the checkpoint).  Errors: those of
 * ctome_es_load, a checkpoint whose policy is not a swimmer NCAP/MLP ("holds
 * policy 'x'") or whose configuration does not parse or does not match the
 * stored parameter count (CTOME_EFORMAT naming the file). */
int ctome_swim_train_resume(const char *path, const char *run_id, const ctome_swim_train_opts *budget,
                            ctome_swim_train_result *res);

/* The configuration stored in a checkpoint (into *o, with defaults for the
 * budget fields), and, if `policy` is not NULL, a policy built from it with
 * the checkpoint's final (best = 0) or best (best = 1) parameters.
 * `expect` >= 0 requires that policy kind (CTOME_EVALUE "checkpoint holds a
 * ncap policy, not mlp"); -1 accepts either. */
int ctome_swim_train_load(const char *path, const char *run_id, int expect, int best,
                          ctome_swim_train_opts *o, ctome_policy **policy);

/* The controller of a checkpoint rebuilt for an n_joints body: the body it
 * was trained on when n_joints is 0 or that body's; otherwise only a
 * weight-shared NCAP, whose 4 weights mean the same on any body
 * (ctome_swim_transfer_policy's rule).  *trained_joints (may be NULL)
 * receives the trained body's joints.  Errors: a file that is not a
 * checkpoint or is damaged (CTOME_EIO, CTOME_EFORMAT), NaN weights
 * (CTOME_EVALUE), a body change for another controller (CTOME_EINVAL naming
 * the file: "the mlp controller of this checkpoint (N parameters, J joints)
 * does not transfer to K joints: only a weight-shared NCAP does"). */
int ctome_swim_train_load_body(const char *path, const char *run_id, int n_joints, ctome_policy **out,
                               int *trained_joints);

/* A policy of o's kind and body with parameters theta (NULL = its own
 * initialisation). */
int ctome_swim_train_policy(const ctome_swim_train_opts *o, const double *theta, ctome_policy **out);

/* The JSON text describing o's policy, body and task (the checkpoint's
 * policy_config); malloc'd. */
int ctome_swim_train_config_json(const ctome_swim_train_opts *o, char **json);

#endif
