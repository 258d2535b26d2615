/* topology_figs.h — figures of the topology statistics (`ctome stats --plot`,
 * `ctome compare --plot`, the report), drawn on the canvas of plot.h.
 *
 * Panels of ctome_plot_stats (2 x 3):
 *   A degree distribution: complementary cumulative P(K >= k) of the `und`
 *     degrees on log-log axes, with the expectation and +-1 sd band of an
 *     Erdos-Renyi graph of the same size and density (binomial degrees), the
 *     reference a heavy tail departs from;
 *   B rich club: phi(k) raw, null mean and null mean +- sd (dashed);
 *   C normalised rich club phi(k) / null mean, 1 marked, k with p < 0.05
 *     marked by filled points;
 *   D motif z-scores (13 directed classes; panel left empty for undirected);
 *   E adjacency matrix ordered by module (binary), module boundaries drawn;
 *   F the network at the soma positions of Skuhersky et al. 2022 in lateral
 *     view: x = AP position (µm, nose at 0), y = dorsoventral (the atlas' y,
 *     dorsal up); edges as thin grey lines, neurons coloured by module;
 *     neurons without a position are left out (counted in the title).
 */
#ifndef CTOME_TOPOLOGY_FIGS_H
#define CTOME_TOPOLOGY_FIGS_H

#include "compare.h"
#include "connectome.h"
#include "graph.h"
#include "stats.h"

/* The six-panel figure above for graph g of connectome c (the registry of c
 * gives positions) with statistics s.  `title` (may be NULL) heads the
 * figure.  Errors: those of ctome_plot_save; allocation.  Cost O(n^2 + m). */
int ctome_plot_stats(const ctome_connectome *c, const ctome_graph *g, const ctome_stats *s,
                     const char *title, const char *path);

/* The comparison figure: A edge Jaccard and weight correlations (Pearson,
 * Spearman) of consecutive pairs, and of each connectome against the last;
 * B edges gained (up) and lost (down) between consecutive connectomes.
 * Errors: those of ctome_plot_save.  Cost O(n_pairs). */
int ctome_plot_comparison(const ctome_comparison *cmp, const char *title, const char *path);

/* Two connectomes (compare_figs.c), edges between registry neurons of
 * `layer`: A the weight in b against the weight in a of every edge both
 * have (log-log, the line of equal weight, their count and Spearman rho in
 * the title); B bars of the edges only in a, in both, only in b, and of the
 * neurons (with an edge in the layer) likewise, with up to 6 of the
 * neurons unique to each named above them.  What `ctome compare A B --plot`
 * draws for two connectomes (ctome_plot_comparison for three or more).
 * Errors: a missing layer counts as empty (ctome_source_diff_compute);
 * those of ctome_plot_save.  Cost O(n_b^2 + m log m). */
int ctome_plot_connectome_pair(const ctome_connectome *a, const ctome_connectome *b, const char *layer,
                               const char *title, const char *path);

#endif
