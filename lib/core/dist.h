/* dist.h — an ensemble split across processes (MPI ranks), without MPI.
 *
 * Every ensemble of ctome (null models, permutations, bootstraps, rewired
 * connectomes, sweep points, seeds) computes replicate i from random stream
 * i of its seed, so replicate i does not depend on who computes it.  A
 * ctome_dist lets the caller (the ctome program under mpirun, tools/
 * mpi_jobs.c) split the replicates [0, n) of an ensemble into contiguous
 * blocks, one per rank: rank r computes [lo_r, hi_r) (ctome_dist_block) into
 * its slots of the result arrays, and ctome_dist_gather copies every rank's
 * block to every rank (an all-gather of bytes: no arithmetic, so the arrays
 * are bit-identical to a one-process run).  The library stays free of MPI:
 * the exchange is a callback.
 *
 * Errors: a replicate may fail on one rank only (it depends on the stream).
 * ctome_dist_gather is therefore collective on the status too: when any rank
 * failed, every rank returns the error of the lowest failing rank, with its
 * message (the blocks are in replicate order, so this is the error of the
 * lowest failing replicate, as in one process), and nothing is copied.
 * Every rank must call ctome_dist_gather the same number of times with the
 * same n and item size, whatever its own status (a rank that skipped it would
 * leave the others waiting).
 *
 * A NULL ctome_dist, or one of size 1, is one process: the block is [0, n)
 * and gather returns the status it was given. */
#ifndef CTOME_DIST_H
#define CTOME_DIST_H

#include <stddef.h>

typedef struct ctome_dist {
    int rank, size;          /* this process, and the number of processes (>= 1) */
    /* Collective exchange (see above): `status` is this rank's (0 or a
     * ctome status recorded with ctome_error); buf holds n items of
     * item_bytes, this rank's block filled.  Returns 0 with every block
     * filled, or the agreed error (recorded on the calling thread).
     * n = 0 (buf may be NULL): only agree on the status. */
    int (*exchange)(int status, void *buf, size_t n, size_t item_bytes, void *ctx);
    void *ctx;
} ctome_dist;

/* This rank's block [*lo, *hi) of n replicates: [n r / size, n (r+1) / size)
 * (sizes differ by at most one; a rank may get an empty block when n < size).
 * d NULL: [0, n).  O(1). */
void ctome_dist_block(const ctome_dist *d, size_t n, size_t *lo, size_t *hi);

/* Whether d splits work (non-NULL, size > 1). */
int ctome_dist_active(const ctome_dist *d);

/* The collective exchange above; returns `status` unchanged when d is not
 * active.  Cost: the all-gather of n x item_bytes bytes. */
int ctome_dist_gather(const ctome_dist *d, int status, void *buf, size_t n, size_t item_bytes);

#endif
