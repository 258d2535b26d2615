/* nulls_internal.h — the null-model workspace shared by nulls.c (setup,
 * annealing, output) and nulls_swap.c (the swap loops).  Not installed. */
#ifndef CTOME_NULLS_INTERNAL_H
#define CTOME_NULLS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "nulls.h"

/* Up to this many vertices the arc set is an n x n bit matrix (2 MiB). */
#define CTOME_NULL_BITS_MAX_N 4096

/* Open-addressing hash set of (u << 32 | v) keys (nulls_swap.c). */
typedef struct {
    uint64_t *slot;
    uint64_t mask;
    int shift;
} ctome_edge_set;

/* One arc of the null being built: both endpoints in one 8-byte word, so a
 * swap touches one cache line per arc instead of one per endpoint array. */
typedef struct {
    int32_t u, v;
} ctome_arc;

struct ctome_null_ws {
    const ctome_graph *g;
    ctome_null_opts o;
    size_t n, m;
    int directed;
    int32_t *src0, *dst0;    /* the original edges, by slot */
    double *w0;
    int32_t *src, *dst;      /* the null being built, by slot */
    double *w;
    /* The swap loops work on arc[], a packed copy: packed index x holds slot
     * slot_of[x] (slot_of NULL: x itself).  With keep_mutual the single arcs
     * come first (x < n_single), then the mutual ones, so drawing "the k-th
     * single arc" reads one array instead of going through a slot list. */
    ctome_arc *arc0, *arc;
    size_t *slot_of;
    uint64_t *order;         /* sorting: (key, slot) */
    int32_t *ssrc, *sdst;    /* sorted output */
    double *sw;
    ctome_edge_set h;
    uint64_t *bits;          /* small graphs: n x n adjacency bit matrix instead of h */
    size_t *cnt;             /* counting sort: n + 1 */
    /* strength */
    double *s_orig;          /* out strengths (then in strengths for directed): 2n or n */
    double *dev;             /* s_null - s_orig */
    double *w_best;
    double s_norm2;          /* sum s_orig^2 */
    /* geometry */
    double *pos;             /* 3 n */
    double *edges2;          /* n_bins - 1 inner bin edges, squared lengths */
    uint8_t *binm;           /* small graphs: n x n bin of every pair */
    /* keep_mutual (directed): packed index of each mutual arc's reverse */
    int mutual;
    int32_t *partner0, *partner;
    size_t n_single, n_mutual;
    /* the complement chain (nulls.h): the complement's edges at the start
     * (mc < m of them, (src, dst) order; undirected: src < dst) */
    int comp;
    size_t mc;
    ctome_arc *carc0;
};

/* Rewire ws->src/dst in place (weights stay in their slots) by the
 * Maslov-Sneppen rule of ws->o (plain, geometry bins, or keep_mutual),
 * drawing from r exactly as the documented attempt sequence; fills attempts,
 * swaps and target of info (nulls_swap.c). */
void ctome_null_rewire(ctome_null_ws *ws, ctome_rng *r, ctome_null_info *info);

/* Squared Euclidean distance and length bin of the geometry constraint. */
static inline double dist2(const double *pos, int32_t u, int32_t v)
{
    const double *p = pos + 3 * (size_t)u, *q = pos + 3 * (size_t)v;
    double dx = p[0] - q[0], dy = p[1] - q[1], dz = p[2] - q[2];
    return dx * dx + dy * dy + dz * dz;
}

/* Bin of a squared length: the number of inner edges <= it. */
static inline int bin_of(const ctome_null_ws *ws, double d2)
{
    int lo = 0, hi = ws->o.n_bins - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (ws->edges2[mid] <= d2)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Geometry bin of the pair (u, v): the precomputed matrix when it exists,
 * else from the positions.  Inline here so that the swap loop (nulls_swap.c)
 * and the set-up (nulls.c) share it without calling into each other. */
static inline int ctome_null_pair_bin(const ctome_null_ws *ws, int32_t u, int32_t v)
{
    if (ws->binm)
        return ws->binm[(size_t)u * ws->n + (size_t)v];
    return bin_of(ws, dist2(ws->pos, u, v));
}

#endif
