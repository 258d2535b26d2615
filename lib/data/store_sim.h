/* store_sim.h — model simulations in the ctome HDF5 store (docs/store.md,
 * "/simulations/<name>/"):
 *
 *   /simulations/<name>/traces          float64 [n_neurons, n_time]  x_i(t_k)
 *   /simulations/<name>/time            float64 [n_time]
 *   /simulations/<name>/neuron          vlen UTF-8 [n_neurons]  canonical names
 *   /simulations/<name>/registry_index  int32 [n_neurons]
 *   attrs: model, dataset, seed (uint64), n_neurons, n_time, ctome_version and
 *          every parameter of the run (a string or a float64 attribute each)
 *
 * Plain arrays only, so the store does not depend on lib/models.
 */
#ifndef CTOME_STORE_SIM_H
#define CTOME_STORE_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* One parameter: a string (str != NULL) or a number. */
typedef struct {
    char *key;
    char *str;
    double num;
} ctome_store_param;

typedef struct {
    char *model;                /* e.g. "ei-rate" */
    char *dataset;              /* connectome id */
    uint64_t seed;              /* noise seed (0 when no noise) */
    size_t n, T;                /* neurons, samples */
    double *traces;             /* n x T row-major */
    double *time;               /* T */
    char **neuron;              /* n canonical names */
    int32_t *registry_index;    /* n, -1 when not a registry neuron */
    ctome_store_param *param;   /* every other parameter */
    size_t n_param;
} ctome_store_sim;

/* Write one run under /simulations/<name>/ of a store being created (arrays
 * borrowed).  Errors: a store not open for writing, a bad name (1-255 bytes,
 * no '/'), a name already stored, n or T = 0, a parameter key that collides
 * with a fixed attribute (CTOME_EINVAL); HDF5 failures (CTOME_ELIB).  On
 * error nothing is left under that name.  O(n T). */
int ctome_store_put_sim(ctome_store *s, const char *name, const ctome_store_sim *r);

/* Read /simulations/<name> back (every field allocated; free with
 * ctome_store_sim_free).  Parameters come back in attribute name order.
 * Errors: no such run (CTOME_ENOTFOUND), shapes that disagree with
 * n_neurons/n_time (CTOME_EFORMAT), HDF5 failures (CTOME_ELIB). */
int ctome_store_get_sim(ctome_store *s, const char *name, ctome_store_sim *out);
void ctome_store_sim_free(ctome_store_sim *r);

/* The parameter `key` of a run read back, or NULL. */
const ctome_store_param *ctome_store_sim_param(const ctome_store_sim *r, const char *key);

#endif
