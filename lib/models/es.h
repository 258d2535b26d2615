/* es.h — black-box optimisers over a flat parameter vector: OpenAI-style
 * evolution strategies and CMA-ES.  Both MAXIMISE an objective.
 *
 * ES (Salimans, Ho, Chen, Sidor & Sutskever 2017, "Evolution Strategies as a
 * Scalable Alternative to Reinforcement Learning", arXiv:1703.03864):
 * antithetic pairs theta +- sigma eps_k, eps_k ~ N(0, I); returns turned into
 * centred ranks in [-0.5, 0.5] (ties share their mean rank); gradient
 *   g = 1 / (lambda sigma) sum_k (F(+k) - F(-k)) eps_k - weight_decay theta
 * with lambda = population size (2 per pair); Adam (Kingma & Ba 2015) ascends g.
 *
 * CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial",
 * arXiv:1604.00772): full covariance, default parameters of the tutorial's
 * Table 1 including the negative (active) recombination weights:
 *   lambda = 4 + floor(3 ln n), mu = floor(lambda / 2),
 *   w'_i = ln((lambda + 1) / 2) - ln i,  mu_eff = (sum_{i<=mu} w'_i)^2 / sum_{i<=mu} w'_i^2,
 *   c_c = (4 + mu_eff/n) / (n + 4 + 2 mu_eff/n),  c_sigma = (mu_eff + 2) / (n + mu_eff + 5),
 *   c_1 = 2 / ((n + 1.3)^2 + mu_eff),
 *   c_mu = min(1 - c_1, 2 (mu_eff - 2 + 1/mu_eff) / ((n + 2)^2 + mu_eff)),
 *   d_sigma = 1 + 2 max(0, sqrt((mu_eff - 1)/(n + 1)) - 1) + c_sigma, c_m = 1.
 * The eigendecomposition C = B D^2 B^T (LAPACKE_dsyevd) is refreshed lazily,
 * when more than lambda / ((c_1 + c_mu) n 10) generations have passed
 * (the tutorial's footnote on O(n^2) amortised cost).  Cost per generation:
 * O(lambda n^2) plus the amortised O(n^3) decomposition, so CMA-ES suits
 * tens to a few hundred parameters (NCAP), ES thousands (an MLP).
 *
 * Randomness: every draw comes from lib/core/rng.h with one stream per
 * (generation, member) — ES: per antithetic pair — so the trajectory depends
 * only on the seed, never on the number of threads or MPI ranks.
 *
 * Use either ask/tell (the caller evaluates the population) or
 * ctome_es_run (parallel evaluation with OpenMP, optionally split across MPI
 * ranks through a combine callback, budget in generations or env steps,
 * learning curve kept in the optimiser so a checkpoint holds it).
 */
#ifndef CTOME_ES_H
#define CTOME_ES_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    CTOME_ES_OPENAI = 0, /* antithetic ES + centred ranks + Adam */
    CTOME_ES_CMA         /* CMA-ES */
} ctome_es_algo;

/* Objective to MAXIMISE at theta (dim values).  `seed` is the episode seed
 * of this evaluation (ctome_es_member_seed); `*steps` receives the number of
 * environment steps used (set it to 1 for a plain function).  Must be
 * thread-safe for ctome_es_run (called concurrently for different members);
 * return NaN to signal a failure (ctome_es_run reports generation and member). */
typedef double (*ctome_es_objective)(const double *theta, size_t dim, uint64_t seed, void *ctx,
                                     uint64_t *steps);

/* Projection onto the feasible set (e.g. NCAP's sign constraints), in place.
 * Called on the initial theta, on every candidate before it is evaluated, and
 * on the centre / mean after EVERY update.  Must be idempotent.  CMA-ES with
 * a projection ranks candidates by return - alpha ||x - project(x)||^2 and
 * lets its evolution paths follow the projected mean (docs/methods.md,
 * "Constraints"); without that, a clamp makes sigma diverge. */
typedef void (*ctome_es_project)(double *theta, size_t dim, void *ctx);

typedef struct {
    ctome_es_algo algo;
    size_t popsize;        /* ES: even, >= 2 (default 2 * 16 pairs = 32); CMA: 0 = 4 + floor(3 ln n) */
    double sigma;          /* ES: perturbation std (default 0.05); CMA: initial step size (default 0.3) */
    double lr;             /* ES: Adam step size (default 0.01); ignored by CMA */
    double beta1, beta2;   /* ES: Adam (0.9, 0.999) */
    double adam_eps;       /* ES: Adam epsilon (1e-8) */
    double weight_decay;   /* ES: L2 coefficient in the gradient (default 0) */
    uint64_t seed;         /* default 1 */
    ctome_es_project project;  /* may be NULL */
    void *project_ctx;
} ctome_es_opts;

/* Defaults for `algo` (values above). */
void ctome_es_opts_default(ctome_es_algo algo, ctome_es_opts *o);

/* One row of the learning curve: after generation `generation` (1-based
 * count of completed updates), `steps` env steps used in total, mean and best
 * return of that generation's population, and the best return seen so far. */
typedef struct {
    uint64_t generation;
    uint64_t steps;
    double mean, best, best_ever;
} ctome_es_gen;

typedef struct ctome_es ctome_es;

/* A new optimiser at theta0 (copied, then projected).  Errors (CTOME_EINVAL):
 * dim 0, sigma <= 0 or not finite, lr <= 0 (ES), odd or < 2 ES popsize,
 * CMA popsize < 2, non-finite theta0, beta outside [0, 1).  O(dim^2) for CMA. */
int ctome_es_new(const ctome_es_opts *o, const double *theta0, size_t dim, ctome_es **out);
void ctome_es_free(ctome_es *es);

size_t ctome_es_dim(const ctome_es *es);
size_t ctome_es_popsize(const ctome_es *es);
ctome_es_algo ctome_es_algorithm(const ctome_es *es);
/* Completed generations (updates). */
uint64_t ctome_es_generation(const ctome_es *es);
/* Environment steps counted so far (ctome_es_run, or ctome_es_add_steps). */
uint64_t ctome_es_steps(const ctome_es *es);
void ctome_es_add_steps(ctome_es *es, uint64_t steps);
/* Current centre (ES) or mean (CMA), dim values owned by the optimiser. */
const double *ctome_es_theta(const ctome_es *es);
/* Current CMA step size sigma (ES: the fixed sigma). */
double ctome_es_sigma(const ctome_es *es);
/* Best candidate ever evaluated through tell and its return (-inf and the
 * start point before any tell). */
const double *ctome_es_best_theta(const ctome_es *es, double *best_return);
const ctome_es_opts *ctome_es_options(const ctome_es *es);

/* The learning curve so far: one row per completed generation (pointer owned
 * by the optimiser, valid until the next tell / free). */
const ctome_es_gen *ctome_es_curve(const ctome_es *es, size_t *n);

/* Episode seed for `member` of the current generation: a hash of (seed,
 * generation, member); ES gives both members of an antithetic pair the same
 * episode seed (common random numbers halve the variance of their difference). */
uint64_t ctome_es_member_seed(const ctome_es *es, size_t member);

/* Fill pop (popsize x dim, row-major) with this generation's candidates,
 * each already projected.  Calling ask twice without tell gives the same
 * population.  O(popsize dim) (+ O(popsize dim^2) for CMA). */
int ctome_es_ask(ctome_es *es, double *pop);

/* Update from the returns of the population last asked for (popsize values,
 * larger is better), record a curve row (steps = ctome_es_steps), project
 * the new centre / mean.  Errors: tell without ask (CTOME_EINVAL), a NaN or
 * infinite return (CTOME_EVALUE naming generation and member), LAPACK failure
 * (CTOME_ELIB).  O(popsize dim) ES; O(popsize dim^2) + amortised O(dim^3) CMA. */
int ctome_es_tell(ctome_es *es, const double *returns);

/* Split of a population across processes (MPI ranks; tools/mpi_jobs.h).
 * Rank r evaluates the members [popsize r / size, popsize (r + 1) / size);
 * `combine` must then sum the buffer (n doubles, zero where this rank did not
 * evaluate) over all ranks in place (an MPI_Allreduce with MPI_SUM: adding
 * zeros is exact, so every rank sees identical values). */
typedef struct {
    int rank, size;
    int (*combine)(double *buf, size_t n, void *ctx);
    void *ctx;
} ctome_es_dist;

typedef struct {
    uint64_t max_generations;  /* stop when ctome_es_generation reaches it (0 = no limit) */
    uint64_t max_steps;        /* stop when ctome_es_steps reaches it (0 = no limit) */
    /* Called after every generation (never concurrently; on every rank). */
    void (*progress)(const ctome_es_gen *g, void *ctx);
    void *progress_ctx;
    const ctome_es_dist *dist; /* NULL = this process evaluates everything */
} ctome_es_run_opts;

/* ask / evaluate (OpenMP over members: dynamic schedule, results stored per
 * member so the thread count does not matter) / tell until a budget is
 * reached; resumes from the optimiser's generation and steps, so a budget
 * is a total.  At least one budget must be set.  Errors: those of tell, a
 * NaN return from the objective ("generation G member M: objective returned
 * NaN"), a failing combine (CTOME_ELIB). */
int ctome_es_run(ctome_es *es, ctome_es_objective f, void *ctx, const ctome_es_run_opts *ro);

/* The CMA-ES strategy parameters in use (Hansen 2016, Table 1); CTOME_EINVAL
 * for an ES optimiser.  `weights` points to lambda recombination weights
 * (positive ones sum to 1, the negative ones are the active-CMA weights). */
typedef struct {
    size_t lambda, mu;
    double mueff, cc, csigma, c1, cmu, dsigma, chin;
    const double *weights;
} ctome_es_cma_params;
int ctome_es_cma_get_params(const ctome_es *es, ctome_es_cma_params *p);

/* ---- checkpoints (state <-> plain arrays; the HDF5 side is store_train.h) ---- */

/* Every number needed to continue exactly where the optimiser stopped. */
typedef struct {
    ctome_es_opts opts;      /* project / project_ctx are not saved */
    size_t dim;
    uint64_t generation, steps, eigen_generation;
    double sigma;            /* current (CMA) */
    double best_return;
    double *theta;           /* dim: centre / mean */
    double *best_theta;      /* dim */
    double *adam_m, *adam_v; /* ES: dim each, else NULL */
    double *C, *B, *D;       /* CMA: dim x dim, dim x dim, dim; else NULL */
    double *pc, *ps;         /* CMA: dim each */
    size_t n_curve;
    ctome_es_gen *curve;
} ctome_es_state;

/* A deep copy of the state (free with ctome_es_state_free). */
int ctome_es_get_state(const ctome_es *es, ctome_es_state *st);
/* An optimiser from a saved state, with the caller's projection (not saved).
 * Checks every array: dims, finite values, sigma > 0, D > 0, curve
 * generations 1..n (CTOME_EVALUE / CTOME_EFORMAT naming the field). */
int ctome_es_from_state(const ctome_es_state *st, ctome_es_project project, void *project_ctx,
                        ctome_es **out);
void ctome_es_state_free(ctome_es_state *st);

/* Checkpoint files (lib/models/es_ckpt.c; schema: store_train.h and
 * docs/store.md): the whole state plus the caller's policy description
 * (`policy` kind name, `policy_config` JSON text; either may be NULL = "")
 * written to a NEW store file at `path` under /runs/train/<run_id>/ (atomic:
 * a temporary file renamed on success; an existing file is replaced). */
int ctome_es_save(const ctome_es *es, const char *path, const char *run_id, const char *policy,
                  const char *policy_config);
/* The same, recording the swimmer body the policy is trained on (body_links
 * bodies; the "body_links" attribute, 0 = not recorded). */
int ctome_es_save_body(const ctome_es *es, const char *path, const char *run_id, const char *policy,
                       const char *policy_config, uint64_t body_links);
/* The body_links attribute of a checkpoint: *links = 0 when the checkpoint
 * does not record it (older files).  Errors: those of ctome_es_load. */
int ctome_es_body_links(const char *path, const char *run_id, uint64_t *links);
/* Read a checkpoint back (projection re-supplied by the caller).  *policy and
 * *policy_config (malloc'd; either pointer may be NULL) receive the stored
 * description.  Errors name the file and HDF5 path: not an HDF5 file / not
 * a store / truncated (CTOME_EFORMAT), no such run (CTOME_ENOTFOUND), a
 * missing or mis-shaped field (CTOME_EFORMAT), NaN weights or inconsistent
 * state (CTOME_EVALUE). */
int ctome_es_load(const char *path, const char *run_id, ctome_es_project project, void *project_ctx,
                  ctome_es **out, char **policy, char **policy_config);

const char *ctome_es_algo_name(ctome_es_algo a);   /* "es", "cmaes" */
int ctome_es_algo_parse(const char *s, ctome_es_algo *out);

#endif
