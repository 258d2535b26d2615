/* compare.h — comparison of several connectomes of one layer, e.g. the eight
 * developmental stages of Witvliet et al. 2021 (Nature 596:257).
 *
 * Neurons are matched by canonical name (ctome_name_normalise, applied by
 * every reader), so connectomes read from different files compare directly.
 * The layer (or layer union "a+b") and its nodes are read through the layer
 * view of connectome.h: by default (automatic node scope) only neuron-to-
 * neuron edges count, or every node's when a layer has no edge between
 * registry neurons (the scope must then resolve the same in every connectome);
 * self-loops are dropped, and an edge is a pair of names with a non-zero weight:
 * directed layers compare arcs (pre, post), undirected layers unordered
 * pairs.  A neuron is "present" in a connectome when it has degree >= 1 in
 * the layer there (the vertex set of ctome_graph_from_layer).
 *
 * For each compared pair (A, B):
 *   jaccard   = |E_A ∩ E_B| / |E_A ∪ E_B|  (Jaccard 1901; 1 for two empty sets
 *               is impossible: empty layers are errors);
 *   pearson   = Pearson r of the weights of the shared edges;
 *   spearman  = Spearman rho of the same (Pearson r of the mid-ranks, ties
 *               averaged, as scipy.stats.spearmanr);
 *               both NaN with fewer than 2 shared edges or zero variance;
 *   gained    = |E_B \ E_A| (edges of B absent from A), lost = |E_A \ E_B|.
 * Pairs compared: every consecutive pair (i, i+1), then every earlier
 * connectome against the last (i, n-1) for i < n-2, so a developmental series
 * gives both the step-by-step and the to-adult view without repeats.
 */
#ifndef CTOME_COMPARE_H
#define CTOME_COMPARE_H

#include <stddef.h>

#include "connectome.h"

typedef struct {
    size_t a, b;            /* indices into the compared connectomes */
    size_t edges_a, edges_b;
    size_t shared, gained, lost;
    size_t neurons_a, neurons_b, neurons_shared;
    double jaccard;
    double pearson, spearman;
} ctome_compare_pair;

typedef struct {
    size_t n_conn;
    char **ids;             /* id of each connectome (copied) */
    char *layer;
    int directed;
    ctome_scope scope;      /* node scope used: neurons or all */
    int scope_auto;         /* 1: chosen automatically (no edge between registry neurons) */
    size_t n_pairs;
    ctome_compare_pair *pairs;
    /* Per-neuron degrees over the union of present neurons, sorted by name:
     * in_degree[i * n_conn + k] is neuron i's number of distinct presynaptic
     * partners in connectome k (undirected: partners; in == out), NaN where
     * the neuron is not present. */
    size_t n_neurons;
    char **neurons;
    double *in_degree;
    double *out_degree;
} ctome_comparison;

/* Compare `layer` across the n >= 2 finalised connectomes c[0..n-1].
 * Errors: n < 2 (CTOME_EINVAL); a connectome without the layer
 * (CTOME_ENOTFOUND naming the connectome and the layers it has); layers whose
 * direction differs (CTOME_EVALUE); a layer with nothing to analyse, or whose
 * automatic scope differs between connectomes (CTOME_EVALUE naming the
 * connectome).  ctome_compare is ctome_compare_scoped with CTOME_SCOPE_AUTO.  Cost O(sum m log m + N n) for
 * m edges per connectome and N neurons in the union. */
int ctome_compare(const ctome_connectome *const *c, size_t n, const char *layer,
                  ctome_comparison *out);
int ctome_compare_scoped(const ctome_connectome *const *c, size_t n, const char *layer,
                         ctome_scope scope, ctome_comparison *out);
void ctome_comparison_clear(ctome_comparison *cmp);

/* Spearman rank correlation of x and y (n values), mid-ranks for ties; NaN
 * for n < 2 or zero variance.  O(n log n), allocates 2 n doubles + indices;
 * *rho is set and 0 returned unless allocation fails. */
int ctome_spearman(const double *x, const double *y, size_t n, double *rho);
/* Pearson correlation; NaN for n < 2 or zero variance.  O(n). */
double ctome_pearson(const double *x, const double *y, size_t n);

#endif
