/* rank.h — how many dimensions a matrix uses: singular values, effective
 * rank, participation ratio, stable rank and spectral radius of a dense
 * matrix, a connectome layer, a recording or a recording's covariance.
 *
 * Definitions (docs/methods.md "Rank"), s_1 >= ... >= s_r >= 0
 * the singular values of the analysed matrix A (rows x cols, r = min):
 *   effective rank   erank(A) = exp(-sum_k p_k ln p_k), p_k = s_k / sum_j s_j,
 *                    0 ln 0 = 0 (Roy & Vetterli 2007, EUSIPCO, "The effective
 *                    rank: a measure of effective dimensionality").  1 for a
 *                    rank-one matrix, r when all s_k are equal.
 *   participation    PR = (sum_k l_k)^2 / sum_k l_k^2 over eigenvalues l_k
 *   ratio            >= 0 of a covariance-like matrix (Gao et al. 2017,
 *                    bioRxiv 214262; Recanatesi et al. 2019).  Which matrix
 *                    gives the l_k depends on the source (below).
 *   stable rank      ||A||_F^2 / ||A||_2^2 = sum_k s_k^2 / s_1^2 (Rudelson &
 *                    Vershynin 2007, J ACM 54:21).
 *   spectral radius  max_k |lambda_k(A)| over the (complex) eigenvalues of a
 *                    square A (LAPACK dgeev; dsyevd when A is exactly
 *                    symmetric).  NaN for a non-square A.
 *
 * The matrix and the l_k of each source:
 *   dense matrix / weight-matrix CSV   A as given.  l_k = s_k^2, the
 *        eigenvalues of A A^T (the uncentred second-moment matrix; any scale
 *        such as 1/cols cancels in PR).  Use CTOME_RANK_PR_PSD instead when A
 *        itself is a covariance (symmetric positive semi-definite): l_k = s_k.
 *   connectome layer   the n x n adjacency over the vertices of
 *        ctome_graph_from_layer (default options: neurons with degree >= 1 in
 *        the layer, connectome node order, self-loops dropped), row = pre,
 *        column = post; undirected layers symmetric.  Weighted: A_ij = synapse
 *        count (or the layer's weight); binary: A_ij = 1 for an edge.  l_k =
 *        s_k^2 as for a dense matrix.  Square: spectral radius defined (the
 *        binary one equals ctome_spectral_radius of the graph).
 *   recording          X = neurons x time as given (traces are not centred or
 *        scaled for the singular values, effective and stable rank).  Time
 *        samples where any neuron is NaN are DROPPED (listwise; counted in
 *        n_dropped); fewer than 2 remaining samples is an error.  l_k = the
 *        eigenvalues of the neuron covariance C = Xc Xc^T / (T - 1), Xc = X
 *        minus each neuron's mean over the kept samples.  Spectral radius:
 *        NaN (X is not an operator).
 *   recording covariance   A = C above (neurons x neurons).  s_k of C are its
 *        eigenvalues, l_k = s_k (so PR equals the recording's), stable rank
 *        sum l^2 / l_1^2, spectral radius l_1.
 *
 * Singular values come from LAPACKE_dgesdd (divide and conquer, values only)
 * on OpenBLAS.  For matrices up to CTOME_RANK_ONE_THREAD_MAX (512) on a side
 * OpenBLAS is switched to one thread for the call and restored afterwards:
 * measured on the 2-core machines, 300 x 300 takes 6.0 ms on one thread and
 * 7.3 ms on two (docs/performance.md).  This touches OpenBLAS's process-wide
 * thread count, so do not run BLAS in another thread at the same time.
 */
#ifndef CTOME_RANK_H
#define CTOME_RANK_H

#include <stddef.h>

#include "connectome.h"
#include "recording.h"

#define CTOME_RANK_ONE_THREAD_MAX 512

typedef enum {
    CTOME_RANK_PR_GRAM = 0,   /* l_k = s_k^2: eigenvalues of A A^T */
    CTOME_RANK_PR_PSD         /* l_k = s_k: A is symmetric PSD (a covariance) */
} ctome_rank_pr;

typedef struct {
    size_t rows, cols;          /* shape of the analysed matrix */
    size_t n_sv;                /* min(rows, cols) */
    double *sv;                 /* singular values, descending (n_sv, malloc'd) */
    double effective_rank;
    double participation_ratio;
    double stable_rank;
    double spectral_radius;     /* NaN unless square (and not a recording) */
    size_t n_dropped;           /* recordings: time samples dropped for NaN */
} ctome_rank;

/* Singular values of the rows x cols row-major matrix a (not modified) into
 * s (min(rows, cols) values, descending).  Errors: an empty matrix
 * (CTOME_EVALUE), a non-finite entry (CTOME_EVALUE naming row and column,
 * 1-based), LAPACK failure (CTOME_ELIB).  Cost O(rows cols min(rows, cols)),
 * memory one copy of a. */
int ctome_rank_singular_values(const double *a, size_t rows, size_t cols, double *s);

/* Effective rank of n singular values s_k >= 0 (any order).  NaN if n == 0
 * or all are zero.  O(n). */
double ctome_rank_effective(const double *s, size_t n);

/* Participation ratio (sum l)^2 / sum l^2 of n eigenvalues l_k >= 0 (small
 * negative round-off is clamped to 0).  NaN if n == 0 or all are zero.  O(n). */
double ctome_rank_participation(const double *l, size_t n);

/* Stable rank sum s_k^2 / max s_k^2 of n singular values.  NaN if n == 0 or
 * all are zero.  O(n). */
double ctome_rank_stable(const double *s, size_t n);

/* Spectral radius of the n x n row-major matrix a (not modified): dsyevd if
 * a is exactly symmetric, else dgeev.  Errors as ctome_rank_singular_values.
 * O(n^3). */
int ctome_rank_spectral_radius(const double *a, size_t n, double *rho);

/* All statistics of a dense matrix (definitions above; pr chooses the l_k).
 * Errors: empty matrix, a non-finite entry, an all-zero matrix (CTOME_EVALUE;
 * the ranks are undefined).  `out` is owned by the caller: ctome_rank_free.
 * O(rows cols min(rows, cols)) + O(n^3) for the spectral radius if square. */
int ctome_rank_matrix(const double *a, size_t rows, size_t cols, ctome_rank_pr pr, ctome_rank *out);

/* The dense adjacency of a layer or layer union in node scope `scope` (the
 * vertices of ctome_graph_from_layer; see the top of this file) and the
 * connectome node index of each row (both malloc'd; nodes may be NULL).
 * Errors as ctome_graph_from_layer (missing layer, no edge).  O(n^2 + m). */
int ctome_rank_layer_matrix(const ctome_connectome *c, const char *layer, ctome_scope scope, int binary,
                            double **a, int **nodes, size_t *n);

/* Statistics of a layer's weighted (binary = 0) or binary adjacency. */
int ctome_rank_layer(const ctome_connectome *c, const char *layer, ctome_scope scope, int binary,
                     ctome_rank *out);

/* The recording's data with NaN samples dropped: X (n_neurons x *n_kept,
 * malloc'd) and, if cov is not NULL, the covariance C (n_neurons^2,
 * malloc'd).  Errors: no neuron, fewer than 2 complete samples
 * (CTOME_EVALUE, naming r->id).  O(n^2 T). */
int ctome_rank_recording_data(const ctome_recording *r, double **x, size_t *n_kept, double **cov);

/* Statistics of a recording (covariance = 0: X; 1: its covariance C). */
int ctome_rank_recording(const ctome_recording *r, int covariance, ctome_rank *out);

/* A dense matrix from a text file: rows of numbers separated by commas,
 * tabs, semicolons or spaces; one optional header line (any non-numeric
 * field in the first line makes it a header); blank and '#' lines skipped.
 * "nan"/"NaN"/"NA" fields are CTOME_EVALUE ("NaN at row r, column c") —
 * a weight matrix must be complete; other non-numbers CTOME_EFORMAT naming
 * file:line and the field; rows of different length CTOME_EFORMAT; no
 * data row CTOME_EVALUE ("empty matrix").  O(file size). */
int ctome_rank_read_matrix(const char *path, double **a, size_t *rows, size_t *cols);

void ctome_rank_free(ctome_rank *r);

#endif
