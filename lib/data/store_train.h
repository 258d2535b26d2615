/* store_train.h — optimiser checkpoints in the HDF5 store (docs/store.md,
 * "/runs/train/<id>/").
 *
 * Plain arrays only, so the store does not depend on lib/models: the
 * optimiser side (ctome_es_save / ctome_es_load in lib/models/es_ckpt.c)
 * fills this description from a ctome_es_state.
 *
 *   /runs/train/<id>/   attrs: algo ("es" | "cmaes"), policy, policy_config (JSON text),
 *                       seed, generation, steps, eigen_generation, dim, popsize (uint64),
 *                       sigma (current), sigma0, lr, beta1, beta2, adam_eps, weight_decay,
 *                       best_return (float64), ctome_version;
 *                       body_links (uint64, optional): the swimmer body the
 *                       controller was trained on, in links (bodies);
 *                       absent in older checkpoints and those of other trainers
 *   theta, best_theta   float64 [dim]
 *   adam_m, adam_v      float64 [dim]                 (es)
 *   C, B                float64 [dim, dim]; D, pc, ps float64 [dim]   (cmaes)
 *   curve_generation, curve_steps   uint64 [generation]
 *   curve_mean, curve_best, curve_best_ever   float64 [generation]
 */
#ifndef CTOME_STORE_TRAIN_H
#define CTOME_STORE_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

typedef struct {
    char *algo;             /* "es" or "cmaes" */
    char *policy;           /* e.g. "ncap", "mlp"; may be "" */
    char *policy_config;    /* JSON text of the policy's configuration; may be "" */
    uint64_t seed, generation, steps, eigen_generation, dim, popsize;
    uint64_t body_links;    /* training body in links; 0 = not stored (optional attribute) */
    double sigma, sigma0, lr, beta1, beta2, adam_eps, weight_decay, best_return;
    double *theta, *best_theta;       /* dim */
    double *adam_m, *adam_v;          /* dim, or NULL */
    double *C, *B;                    /* dim x dim, or NULL */
    double *D, *pc, *ps;              /* dim, or NULL */
    uint64_t n_curve;
    uint64_t *curve_generation, *curve_steps;
    double *curve_mean, *curve_best, *curve_best_ever;
} ctome_store_train;

/* Write one checkpoint under /runs/train/<run_id>/ of a store being created.
 * Errors: a store not open for writing, a bad run id (1-255 bytes, no '/'),
 * an id already stored, an unknown algo, dim 0, a missing theta
 * (CTOME_EINVAL); HDF5 failures (CTOME_ELIB).  On error nothing is left
 * under that id.  O(dim^2) for CMA-ES. */
int ctome_store_put_train(ctome_store *s, const char *run_id, const ctome_store_train *t);

/* Read /runs/train/<run_id>/ into *t (every array malloc'd: free with
 * ctome_store_train_free).  Errors: no such run (CTOME_ENOTFOUND, listing
 * what is stored), a missing or mis-shaped attribute or dataset, an unknown
 * algo, dimensions beyond 1e6 (CTOME_EFORMAT naming the HDF5 path).  Values
 * are not checked here (ctome_es_from_state checks them). */
int ctome_store_get_train(ctome_store *s, const char *run_id, ctome_store_train *t);
void ctome_store_train_free(ctome_store_train *t);

#endif
