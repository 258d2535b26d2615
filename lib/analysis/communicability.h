/* communicability.h — communicability of a connectome layer and the matrix
 * exponential behind it.
 *
 * Binary communicability (Estrada & Hatano 2008 Phys Rev E 77:036111):
 *   G = expm(A),   G_pq = sum_k (A^k)_pq / k!
 * counts walks between p and q, longer walks weighted down by k!.
 * Weighted communicability (Crofts & Higham 2009 J R Soc Interface 6:411):
 *   G = expm(S^-1/2 A S^-1/2),   S = diag(strengths),
 * which keeps high-strength hubs from dominating.  Both papers define
 * communicability for undirected graphs; on a directed layer ctome's G =
 * expm(A) of the non-symmetric adjacency (walks follow arcs, G_pq != G_qp)
 * is an extension, named as such wherever it is printed
 * (CTOME_COMMUNICABILITY_DIRECTED_NOTE).  For a directed layer the
 * normalisation uses the out-strength on the left and the in-strength on the
 * right, A'_ij = a_ij / sqrt(s_out(i) s_in(j)): every arc is divided by
 * positive strengths, and for a symmetric matrix this is exactly Crofts &
 * Higham.  (seRNN, Achterberg et al. 2023, uses row sums on both sides of a
 * non-symmetric |W|; callers wanting that can form the matrix themselves and
 * call ctome_expm.)
 *
 * Matrices are dense, row-major, n x n doubles.  Symmetric matrices go
 * through the eigendecomposition (LAPACKE_dsyevd): expm = V diag(e^λ) V^T;
 * others through scaling and squaring with the [13/13] Padé approximant
 * (Higham 2005 SIAM J Matrix Anal Appl 26:1179), OpenBLAS dgemm and LAPACK
 * dgesv.
 */
#ifndef CTOME_COMMUNICABILITY_H
#define CTOME_COMMUNICABILITY_H

#include <stddef.h>

#include "graph.h"

/* expm of a symmetric matrix a (n x n, row-major; only symmetry of the
 * values is assumed, not checked) by eigendecomposition.  out: n x n.
 * Errors: n = 0 or NULL (CTOME_EINVAL); LAPACK failure (CTOME_ELIB); a
 * non-finite result, i.e. an eigenvalue above ~709 (CTOME_EVALUE).
 * Cost O(n^3), O(n^2) scratch. */
int ctome_expm_sym(size_t n, const double *a, double *out);

/* expm of any square matrix by scaling and squaring with a [13/13] Padé
 * approximant (Higham 2005, Algorithm 2.3 with m = 13 throughout: the lower
 * degrees Higham uses for small norms only save time):  s = max(0,
 * ceil(log2(||A||_1 / θ13))), θ13 = 5.371920351148152, expm(A) =
 * r13(A / 2^s)^(2^s).  Errors: as ctome_expm_sym; non-finite input
 * (CTOME_EVALUE); a singular Padé denominator (CTOME_ELIB).  Cost O(n^3 (6 +
 * s)), 8 n^2 doubles of scratch. */
int ctome_expm_pade(size_t n, const double *a, double *out);

/* expm choosing the route: eigendecomposition if a is exactly symmetric,
 * Padé otherwise. */
int ctome_expm(size_t n, const double *a, double *out);

/* Communicability of a dense matrix a (n x n, row-major): binary (weighted
 * = 0): expm of the 0/1 pattern of the non-zero entries off the diagonal;
 * weighted: expm(S_out^-1/2 A S_in^-1/2) on the off-diagonal entries, where
 * a vertex whose strength is 0 has no entry to scale.  The diagonal of a is
 * ignored (self-loops are not walks between neurons here).  out: n x n.
 * Errors: weighted with a negative or non-finite entry (CTOME_EVALUE), and
 * those of ctome_expm.  Cost O(n^3). */
int ctome_communicability_dense(size_t n, const double *a, int weighted, double *out);

/* Communicability of a graph's layer as given (the out view: A_ij = weight
 * of arc i -> j; an undirected layer is symmetric).  *out: malloc'd n x n,
 * rows and columns in vertex order (g->node maps them to connectome nodes).
 * Errors: empty graph (CTOME_EVALUE); weighted with a negative weight
 * (CTOME_EVALUE); those of ctome_expm.  Cost O(n^3) time, O(n^2) memory. */
int ctome_communicability(const ctome_graph *g, int weighted, double **out);

/* What a directed layer's communicability is (see the top of this file). */
#define CTOME_COMMUNICABILITY_DIRECTED_NOTE                                                         \
    "directed layer: expm of the non-symmetric adjacency (walks follow arcs; weighted: "            \
    "S_out^-1/2 A S_in^-1/2), ctome's extension of Estrada & Hatano 2008 and Crofts & Higham 2009, " \
    "which define communicability for undirected graphs"

#endif
