/* ei_atlas.h — the perturbation atlas of the E/I rate model (ei.h) and its
 * comparison with the Randi et al. 2023 signal-propagation atlas
 * (Nature 623:406).
 *
 * Atlas (docs/methods.md "Model perturbation atlas"):
 *   baseline   the unstimulated model integrated from x = 0 for `settle`
 *              time units (skipped when dx/dt = 0 at x = 0 already, e.g. tanh,
 *              relu or linear with no input); its state x_b is the state at
 *              stimulus onset t = 0.  b(t) = the unstimulated trajectory from
 *              x_b over the window (constant when x_b is a fixed point).
 *              `settled` says whether max_i |dx_i/dt| < 1e-6 at onset.
 *   stimulus   neuron j gets an input pulse of `amp` during [0, duration);
 *              every stimulation starts from x_b.
 *   response   of neuron i: d_i(t) = x_i(t) - b_i(t) on the step grid
 *              t_k = k dt, k = 0..K, K = window / dt;
 *                mean  (1/window) * trapezoid integral of d_i over [0, window]
 *                      (default: Randi's amplitude is the mean dF/F over a
 *                      post-stimulus window, so a sustained response counts
 *                      more than a brief one);
 *                peak  the signed d_i(t_k) of largest |d_i|.
 *              The stimulated neuron's own response is kept (diagonal);
 *              comparisons leave it out.
 *   integrator classical RK4 with the pulse held per step (its edges fall on
 *              step boundaries: onset 0, duration rounded to whole steps).
 *              When dt exceeds RK4's stability limit for the model (a
 *              Gershgorin bound on the Jacobian, B = max_i (1 + 2 g_deg_i +
 *              sum_j |W_ij| max f') / tau_i, requires dt B <= 2.5) each step is
 *              split into s = ceil(dt B / 2.5) sub-steps; `substeps` reports s.
 *   blow-up    a non-finite state or |x_i| > 1e6: CTOME_EVALUE ("unstable
 *              model"), never a crash.
 * Stimulations are independent: OpenMP over them, with per-thread buffers
 * allocated once (no allocation in the step loop); results are identical
 * for any thread count.  Cost O(n_stim * (window/dt) * 4 (n + nnz(W) +
 * nnz(G))).
 *
 * Comparison with a functional atlas F (ctome_fmatrix, rows = stimulated,
 * columns = responding; ctome_structfunc_functional("randi2023-funconn",
 * .., absent_as_nan, ..)):
 *   pairs      (j, i), j != i, both model neurons (matched by canonical name)
 *              with a finite F_ji (with absent_as_nan = 1: the pairs with a
 *              significant measured response).
 *   rho        Spearman rank correlation of model vs F over the pairs
 *              (ctome_spearman: average ranks).
 *   sign       fraction of pairs with model * F > 0, over pairs with F != 0.
 *   null       K models on degree-preserving rewired connectomes: the
 *              model's chemical graph (arcs j -> i with their signed weights,
 *              directed Maslov-Sneppen: a weight stays in its slot, which
 *              keeps its presynaptic neuron, so Dale's law and every out- and
 *              in-degree hold) and its gap-junction graph (undirected
 *              Maslov-Sneppen) rewired by nulls.h with the default swaps;
 *              null k uses ctome_rng stream k of `seed` (chemical first,
 *              then electrical), identical for any thread count.  Everything
 *              else (neurons, tau, transfer, signs, silencing) is kept.  p =
 *              (1 + #{|rho_null| >= |rho|}) / (1 + K_valid) (two-sided,
 *              Phipson & Smyth 2010), z = (rho - mean) / sd, over the K_valid
 *              nulls that neither blew up nor had an undefined rho.
 */
#ifndef CTOME_EI_ATLAS_H
#define CTOME_EI_ATLAS_H

#include "dist.h"
#include <stddef.h>
#include <stdint.h>

#include "ei.h"
#include "recordings_io.h"

typedef enum {
    CTOME_ATLAS_MEAN = 0,   /* mean deviation over the window (default) */
    CTOME_ATLAS_PEAK        /* signed deviation of largest magnitude */
} ctome_atlas_measure;

typedef struct {
    double amp;             /* pulse amplitude (input units, > 0); default 1 */
    double duration;        /* pulse length (> 0, >= dt); default 1 */
    double window;          /* response window from onset (>= duration); default 10 */
    double dt;              /* RK4 step; default 1e-2 */
    double settle;          /* baseline settling time (>= 0); default 50 */
    ctome_atlas_measure measure;
    int threads;            /* 0: OpenMP default */
    const ctome_dist *dist; /* rewired nulls split over processes (dist.h: null k on every
                               process is the same, gathered bit for bit); NULL = one */
    void (*progress)(size_t done, size_t total, void *user);
    void *progress_user;
} ctome_ei_atlas_opts;

void ctome_ei_atlas_opts_default(ctome_ei_atlas_opts *o);

/* Check the options (finite, amp > 0, duration >= dt, window >= duration,
 * settle >= 0): CTOME_EVALUE naming the bad value. */
int ctome_ei_atlas_opts_check(const ctome_ei_atlas_opts *o);

typedef struct {
    size_t n_stim, n;
    size_t *stim;           /* model index of each stimulated neuron */
    double *r;              /* n_stim x n: r[s*n + i] = response of i to stim[s] */
    double *x_base;         /* n: baseline state at onset */
    int settled;            /* max |dx/dt| < 1e-6 at onset */
    double settle_rate;     /* that max |dx/dt| */
    size_t substeps;        /* RK4 sub-steps per dt (1 unless dt was too large) */
} ctome_ei_atlas;

/* The atlas for the stimulated neurons stim[0..n_stim-1] (model indices;
 * NULL = every model neuron, in model order).  Errors: bad options
 * (CTOME_EVALUE), an index out of range (CTOME_EINVAL), a model that blows up
 * (CTOME_EVALUE naming the stimulated neuron and time).  *out cleared on error. */
int ctome_ei_atlas_compute(const ctome_ei *m, const size_t *stim, size_t n_stim,
                           const ctome_ei_atlas_opts *o, ctome_ei_atlas *out);
void ctome_ei_atlas_clear(ctome_ei_atlas *a);

/* Canonical name of model neuron i (registry name), or NULL for dense models. */
const char *ctome_ei_name(const ctome_ei *m, size_t i);

/* Model indices of the comma-separated neuron (or class) names in `list`:
 * *out malloc'd, *k entries, in list order, duplicates dropped.  Errors: a
 * name that is no model neuron nor a class with model neurons
 * (CTOME_ENOTFOUND naming it), an empty list or item (CTOME_EVALUE). */
int ctome_ei_parse_neurons(const ctome_ei *m, const char *list, size_t **out, size_t *k);

/* Pairs of a model against a functional atlas (see the top of this file). */
typedef struct {
    size_t n_pairs;
    size_t *stim, *resp;    /* model indices of each pair */
    double *data;           /* F values */
    size_t n_stim;          /* distinct stimulated model neurons in the pairs */
    size_t *stim_list;      /* them, ascending */
} ctome_ei_atlas_pairs;

/* Errors: a model without neuron names (CTOME_EINVAL), fewer than 3 pairs
 * (CTOME_EVALUE naming F). */
int ctome_ei_atlas_pairs_find(const ctome_ei *m, const ctome_fmatrix *f, ctome_ei_atlas_pairs *out);
void ctome_ei_atlas_pairs_clear(ctome_ei_atlas_pairs *p);

/* Keep only the pairs whose stimulated neuron is one of stim[0..k-1] (model
 * indices).  Errors: fewer than 3 pairs left (CTOME_EVALUE naming `fid`). */
int ctome_ei_atlas_pairs_restrict(ctome_ei_atlas_pairs *p, size_t n, const size_t *stim, size_t k,
                                  const char *fid);

/* rho and sign agreement of atlas `a` (which must contain every pair's
 * stimulated neuron) over the pairs; model values into `model` (n_pairs) if
 * not NULL.  rho NaN when either side is constant.  Errors: a stimulated
 * neuron missing from `a` (CTOME_EINVAL); no memory. */
int ctome_ei_atlas_score(const ctome_ei_atlas *a, const ctome_ei_atlas_pairs *p, double *model,
                         double *rho, double *sign_agree, size_t *n_sign);

typedef struct {
    ctome_ei_atlas_pairs pairs;
    double *model;          /* n_pairs model responses */
    double rho;
    double sign_agree;      /* fraction of the n_sign pairs with F != 0 */
    size_t n_sign;
    size_t n_nulls;         /* requested */
    size_t n_valid;         /* nulls with a finite rho (no blow-up) */
    uint64_t seed;
    double *null_rho;       /* n_nulls; NaN for invalid nulls */
    double null_mean, null_sd, z, p;
    size_t n_ge;
} ctome_ei_atlas_cmp;

/* Compare model m with F, with n_nulls rewired nulls (0: none; p, z NaN).
 * given: NULL, or an atlas of m already computed with options o; then only
 * the pairs whose stimulated neuron is in it count, and its values are used
 * (otherwise the atlas of the pairs' stimulated neurons is computed).  The
 * nulls run in parallel (o->threads), each atlas serially; o->progress
 * counts nulls.  Errors: those of the pairs (also: fewer than 3 pairs among
 * the given stimulations) and the atlas of m; no null can be drawn (a layer
 * too small to rewire, CTOME_EVALUE); every null invalid is not an error
 * (n_valid = 0, p NaN).  Cost: (1 + n_nulls) atlases of the pairs'
 * stimulated neurons. */
int ctome_ei_atlas_compare(const ctome_ei *m, const ctome_fmatrix *f, const ctome_ei_atlas_opts *o,
                           const ctome_ei_atlas *given, size_t n_nulls, uint64_t seed,
                           ctome_ei_atlas_cmp *out);
void ctome_ei_atlas_cmp_clear(ctome_ei_atlas_cmp *c);

/* A copy of m with its chemical and electrical graphs rewired as null k of
 * `seed` (see the top of this file).  Exposed for tests.  Errors: no graph
 * with at least 2 edges to rewire (CTOME_EVALUE). */
int ctome_ei_null_model(const ctome_ei *m, uint64_t seed, size_t k, ctome_ei **out);

/* Serial atlas into caller buffers (no OpenMP; for callers that parallelise
 * over something else, e.g. sweeps and nulls): r (n_stim x n); *settled (if
 * not NULL) as in ctome_ei_atlas.  Returns CTOME_OK or CTOME_EVALUE on
 * blow-up (message recorded). */
int ctome_ei_atlas_serial(const ctome_ei *m, const size_t *stim, size_t n_stim,
                          const ctome_ei_atlas_opts *o, double *r, int *settled);

/* The same as ctome_ei_atlas_serial, one stimulation at a time (the path
 * before stimulations were simulated together in blocks); kept as the
 * reference the block path is tested against bitwise.  Cost: the same
 * arithmetic, without the block's vectorised sparse x dense product. */
int ctome_ei_atlas_reference(const ctome_ei *m, const size_t *stim, size_t n_stim,
                             const ctome_ei_atlas_opts *o, double *r, int *settled);

#endif
