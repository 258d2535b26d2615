/* motifs.h — 3-node directed motifs: the triad census and motif z-scores.
 *
 * Milo et al. 2002 Science 298:824 count the 13 connected 3-node directed
 * subgraph classes of a network and compare them with null models.  The
 * counts here are the connected classes of the triad census (Holland &
 * Leinhardt 1976), computed with the algorithm of Batagelj & Mrvar 2001
 * (Social Networks 23:237), O(m Δ) (Δ = max degree), on a caller workspace
 * that is reused across null replicates (no allocation per call).
 *
 * Triad classes, in MAN notation (Mutual, Asymmetric, Null dyads), in the
 * order of networkx.triadic_census (networkx.algorithms.triads.TRIAD_NAMES):
 *   census index  0    1    2    3    4    5    6    7    8    9    10  11   12   13   14  15
 *   class         003  012  102  021D 021U 021C 111D 111U 030T 030C 201 120D 120U 120C 210 300
 * The 13 connected motif classes are census[3 .. 15]: motif index k is
 * census index k + 3, i.e.
 *   motif  0 021D  1 021U  2 021C  3 111D  4 111U  5 030T  6 030C  7 201
 *          8 120D  9 120U 10 120C 11 210  12 300
 * (003, 012 and 102 have an isolated vertex or fewer than two edges.)
 * Induced subgraphs are counted: each unordered triple once, in its class.
 */
#ifndef CTOME_MOTIFS_H
#define CTOME_MOTIFS_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"

#define CTOME_TRIAD_CLASSES 16
#define CTOME_MOTIF_CLASSES 13
#define CTOME_MOTIF_FIRST 3     /* census index of motif 0 */

/* Name of census class i (0..15: "003".."300"), NULL outside. */
const char *ctome_triad_name(int i);
/* Name of motif class k (0..12: "021D".."300"), NULL outside. */
const char *ctome_motif_name(int k);

/* Scratch for graphs of at most n vertices and m arcs (an undirected input
 * of p pairs counts as 2p arcs).  One per thread; not thread-safe.
 * Cost O(n + m) memory. */
typedef struct ctome_motif_ws ctome_motif_ws;
int ctome_motif_ws_new(size_t n, size_t m, ctome_motif_ws **out);
void ctome_motif_ws_free(ctome_motif_ws *ws);

/* Triad census of the digraph on vertices 0..n-1 given by m arcs
 * src[e] -> dst[e] (any order; repeated arcs and self-loops are ignored).
 * directed = 0 reads each (src, dst) as a pair, i.e. both arcs, so an
 * undirected graph has only the classes 003, 012 (never), 102, 201, 300.
 * census[16] in the order above; 003 = C(n,3) minus the others.  Errors:
 * NULL arguments, a workspace too small, a vertex outside [0, n)
 * (CTOME_EINVAL).  Cost O(n + m Δ); no allocation. */
int ctome_triad_census_arcs(size_t n, const int32_t *src, const int32_t *dst, size_t m, int directed,
                            ctome_motif_ws *ws, uint64_t census[CTOME_TRIAD_CLASSES]);

/* Triad census of a ctome_graph: its arcs as given (the out view; an
 * undirected layer is read as reciprocal arcs).  ws may be NULL (then one is
 * allocated for the call).  Errors: as above; empty graph (CTOME_EVALUE). */
int ctome_triad_census(const ctome_graph *g, ctome_motif_ws *ws, uint64_t census[CTOME_TRIAD_CLASSES]);

/* The 13 connected motif counts (census[3..15]) of a graph as doubles. */
int ctome_motif_counts(const ctome_graph *g, ctome_motif_ws *ws, double counts[CTOME_MOTIF_CLASSES]);

/* Motif z-scores (Milo et al. 2002): for each class k,
 *   z_k = (counts[k] - mean_k) / sd_k
 * over n_null null count vectors (null_counts: n_null x 13, row-major);
 * sd = sample standard deviation (n_null - 1 in the denominator); sd = 0
 * gives z = NaN (JSON writers print null).  mean, sd, z: 13 values each;
 * mean and sd may be NULL.  Errors: n_null < 2, NULL counts (CTOME_EINVAL).
 * Cost O(13 n_null). */
int ctome_motif_zscores(const double counts[CTOME_MOTIF_CLASSES], const double *null_counts,
                        size_t n_null, double *mean, double *sd, double *z);

#endif
