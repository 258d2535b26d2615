/* store_dfc.h — dynamic functional connectome runs in the HDF5 store
 * (docs/store.md, "/runs/dfc/<id>/"):
 *
 *   attrs: window_s, step_s, dt, rank, starts, seed, best_start, rel_error,
 *          stability, iterations, converged, affinity, community_method,
 *          ctome_version
 *   neurons      vlen UTF-8 [N]        canonical names
 *   worms        vlen UTF-8 [K]        recording ids
 *   window_t0    float64 [W]           window start, s after each recording's start
 *   window_ok    uint8 [K, W]          1 = window has data in worm k
 *   present      uint8 [K, N]          1 = neuron recorded in worm k
 *   affinity     float64 [K*W, P]      row k*W + w: affinities of the P = N(N-1)/2 pairs
 *                                      (pair order of dfc.h), 0 where masked
 *   temporal     float64 [W, R]        unit columns
 *   animal       float64 [K, R]        unit columns
 *   factors      float64 [P, R]        affinity factors, unit columns
 *   lambda       float64 [R]
 *   loss         float64 [iterations]  best start, after each iteration
 *   membership   int32 [R, N]          Leiden communities per factor, -1 inactive
 *   coherent     int32 [R, N]          coherent communities per factor, -1 elsewhere
 *
 * Plain arrays only, so the store does not depend on lib/analysis.
 */
#ifndef CTOME_STORE_DFC_H
#define CTOME_STORE_DFC_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

typedef struct {
    size_t n_neurons, n_worms, n_windows, n_pairs, rank, iterations;
    double window_s, step_s, dt, rel_error, stability;
    size_t starts, best_start;
    uint64_t seed;
    int converged;
    char **neurons, **worms;     /* const in put; malloc'd by get */
    double *window_t0;
    uint8_t *window_ok, *present;
    double *affinity;            /* may be NULL in put: not written */
    double *temporal, *animal, *factors, *lambda, *loss;
    int32_t *membership, *coherent;
    const char *community_method; /* put: attribute community_method (NULL: Leiden's description); not read back */
} ctome_store_dfc;

/* Write one run under /runs/dfc/<run_id>/ of a store being created.  Errors:
 * store not writable, bad run id (1-255 bytes, no '/'), id already stored
 * (CTOME_EINVAL); sizes 0 (CTOME_EVALUE); HDF5 failures (CTOME_ELIB).  On
 * error nothing is left under that id.  Cost O(K W P). */
int ctome_store_put_dfc(ctome_store *s, const char *run_id, const ctome_store_dfc *d);

/* Ids of the stored runs (caller frees each string and the array). */
int ctome_store_list_dfc(ctome_store *s, char ***ids, size_t *n);

/* Read a run back (every array malloc'd; free with ctome_store_dfc_free).
 * Errors: no such run (CTOME_ENOTFOUND), a dataset whose shape disagrees
 * with the attributes (CTOME_EFORMAT naming it), HDF5 failures. */
int ctome_store_get_dfc(ctome_store *s, const char *run_id, ctome_store_dfc *out);
void ctome_store_dfc_free(ctome_store_dfc *d);

#endif
