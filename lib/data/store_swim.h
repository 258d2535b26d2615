/* store_swim.h — one recorded swimmer episode in the HDF5 store (docs/store.md,
 * "/runs/swim/<id>/"), written by `ctome swim run -o`.
 *
 * Plain arrays only, so the store does not depend on lib/models: the caller
 * (tools/cmd_swim.c) fills this description from a ctome_swim_record
 * (policy.h).  Time series are time-major, one row per control step.
 */
#ifndef CTOME_STORE_SWIM_H
#define CTOME_STORE_SWIM_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

typedef struct {
    const char *controller;        /* "ncap", "mlp", "zero", "random" */
    const char *task;              /* "swim", "navigate" */
    const char *weights;           /* where the parameters came from ("constant init", a checkpoint path) */
    const char *config;            /* controller options as JSON text, or NULL */
    int n_joints;                  /* >= 1; the body has n_joints + 1 links */
    size_t n_steps;                /* control steps recorded, >= 1 */
    uint64_t seed;                 /* episode seed (start state) */
    double dt;                     /* control step, s */
    double ret;                    /* return: sum of the rewards */
    double mean_forward_velocity;  /* m/s */
    const double *reward;          /* n_steps */
    const double *forward_velocity;/* n_steps, or NULL */
    const double *torques;         /* n_steps x n_joints */
    const double *joints;          /* n_steps x n_joints, rad */
    const double *nose;            /* n_steps x 2, world m */
    const double *body;            /* n_steps x 2 (n_joints + 2): the body centre line, or NULL */
    size_t n_units;                /* policy units (0: none) */
    const double *units;           /* n_steps x n_units */
    const char *const *unit_names; /* n_units */
    size_t n_params;               /* controller parameters (0: none) */
    const double *params;          /* n_params */
    const char *const *param_names;/* n_params, or NULL */
} ctome_store_swim_episode;

/* Write one episode under /runs/swim/<run_id>/ of a store being created.
 * Errors: a store not open for writing, a bad run id (1-255 bytes, no '/'),
 * an id already stored (CTOME_EINVAL), n_steps or n_joints 0, a missing
 * required array (reward, torques, joints, nose; units/params when counted)
 * (CTOME_EINVAL), HDF5 failures (CTOME_ELIB).  On error nothing is left
 * under that id.  O(n_steps (n_joints + n_units)). */
int ctome_store_put_swim_episode(ctome_store *s, const char *run_id, const ctome_store_swim_episode *e);

#endif
