/* store_nulls.h — null-model ensembles in the HDF5 store (docs/store.md,
 * "/runs/nulls/<id>/").
 *
 * Plain arrays only, so the store does not depend on lib/analysis: the
 * analysis side (ctome_nulls_put in nulls.h) fills this description from a
 * ctome_null_ensemble.
 */
#ifndef CTOME_STORE_NULLS_H
#define CTOME_STORE_NULLS_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

typedef struct {
    const char *model;          /* "maslov-sneppen", "strength", "geometry" */
    const char *dataset;        /* dataset id of the original (may be "") */
    const char *layer;          /* layer name (may be "") */
    uint64_t seed;
    double swaps_per_edge;
    size_t n;                   /* replicates, >= 1 */
    size_t m;                   /* edges per replicate */
    size_t n_vertices;
    int directed;
    const int32_t *src, *dst;   /* n x m row-major, vertex indices 0..n_vertices-1 */
    const double *weight;       /* n x m */
    const char *const *vertex_name;  /* n_vertices canonical names, or NULL */
    const int32_t *vertex_node;      /* n_vertices connectome node indices, or NULL */
    const uint64_t *swaps;      /* n achieved swaps, or NULL */
    const uint64_t *attempts;   /* n attempts, or NULL */
    const double *strength_error;    /* n relative strength errors, or NULL */
    /* model parameters recorded as attributes (ignored when not relevant) */
    int n_bins;                 /* geometry */
    size_t sa_stages, sa_iter;  /* strength */
    double sa_temp, sa_cool;
} ctome_store_nulls;

/* Write one ensemble under /runs/nulls/<run_id>/ of a store being created.
 * Errors: a store not open for writing, a bad run id (1-255 bytes, no '/'),
 * an id already stored, n = 0, a vertex index out of range (CTOME_EVALUE),
 * HDF5 failures (CTOME_ELIB).  On error nothing is left under that id.
 * Cost O(n m) written in chunks of one replicate. */
int ctome_store_put_nulls(ctome_store *s, const char *run_id, const ctome_store_nulls *e);

#endif
