/* sourcediff.h — where two sources of the same connectome disagree.
 *
 * Two files that claim to hold one connectome (the Cook 2019 workbook vs the
 * WormWiring edge list vs NemaNode JSON; Varshney's xls vs the Uzel .mat; ...)
 * are matched cell by canonical name, layer by name.  For one layer this lists
 * the edges present in only one source and the shared edges whose weights
 * differ, plus the cells present in only one source.  Edges are compared after
 * ctome_connectome_finalise (so an undirected pair is one edge in both).
 */
#ifndef CTOME_SOURCEDIFF_H
#define CTOME_SOURCEDIFF_H

#include "connectome.h"

typedef struct {
    const char *pre, *post;   /* canonical names (borrowed from the connectomes) */
    double wa, wb;            /* weight in a and b (0 = absent) */
} ctome_edge_diff;

typedef struct {
    size_t shared;            /* edges in both */
    size_t same_weight;       /* shared with equal weight */
    ctome_edge_diff *only_a, *only_b, *differ;
    size_t n_only_a, n_only_b, n_differ;
    double total_a, total_b;  /* total weight in scope */
    const char **cells_only_a, **cells_only_b;  /* cells with an edge in the layer in one source only */
    size_t n_cells_only_a, n_cells_only_b;
} ctome_source_diff;

/* Compare layer `layer` of a and b.  neurons_only: only edges between
 * neurons.  A layer missing from one side counts as empty there.  Lists are
 * sorted by (pre, post); differ by |wa - wb| descending.
 * Cost O(E log E). */
int ctome_source_diff_compute(const ctome_connectome *a, const ctome_connectome *b,
                              const char *layer, int neurons_only, ctome_source_diff *d);
void ctome_source_diff_free(ctome_source_diff *d);

#endif
