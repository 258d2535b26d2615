/* learning_measures.h — how much a network changed while it learned: the
 * measures of the rich/lazy literature on plain matrices (no RNN code here,
 * so they serve any model).
 *
 * Definitions (docs/methods.md "Rich and lazy learning"), W_0 and W_t the
 * n x n recurrent weights at initialisation and after t training steps:
 *   weight change      ||W_t - W_0||_F, and relative ||W_t - W_0||_F / ||W_0||_F
 *                      (Chizat, Oyallon & Bach 2019: lazy training keeps the
 *                      parameters close to their initialisation).
 *   kernel alignment   A(K1, K2) = <K1, K2>_F / (||K1||_F ||K2||_F),
 *                      <A, B>_F = sum_ij A_ij B_ij, for two P x P kernels
 *                      over the same P probe inputs (Cristianini et al. 2002;
 *                      the "kernel distance" of Fort et al. 2020 is 1 - A, and
 *                      Liu et al. 2023 report A between the tangent kernels
 *                      at initialisation and after training).
 *                      Centred: A(H K1 H, H K2 H), H = I - 11^T / P (centred
 *                      kernel alignment, Cortes, Mohri & Rostamizadeh 2012,
 *                      JMLR 13:795), insensitive to a constant offset of the
 *                      kernel (e.g. a shared bias direction in the gradients).
 *                      1 for proportional kernels, 0 for kernels orthogonal
 *                      in the Frobenius inner product.
 *   Gram kernel        K = G G^T for the P x d row-major features G (one row
 *                      per probe): the empirical neural tangent kernel
 *                      (Jacot, Gabriel & Hongler 2018) when the rows are the
 *                      per-probe gradients d f(x_p) / d theta, the
 *                      representation kernel when they are hidden states.
 *   sign similarity    the fraction of the nonzero entries of W_0 whose sign
 *                      W_t keeps: #{ij: W0_ij != 0, sign W_t,ij = sign W0_ij}
 *                      / #{ij: W0_ij != 0} (Liu et al. 2023; zeros of W_0 are
 *                      left out because they have no sign — a sparse
 *                      connectome initialisation would otherwise count every
 *                      absent synapse that learning touches as a flip).
 *   effective rank     exp(-sum p ln p) of the singular values (rank.h,
 *                      Roy & Vetterli 2007).
 *
 * References: Liu YH, Baratin A, Cornford J, Mihalas S, Shea-Brown E,
 * Lajoie G (2024) How connectivity structure shapes rich and lazy learning in
 * neural circuits. ICLR 2024, arXiv:2310.08513.  Fort S, Dziugaite GK,
 * Paul M, Kharaghani S, Roy DM, Ganguli S (2020) Deep learning versus kernel
 * learning: an empirical study of loss landscape geometry and the time
 * evolution of the neural tangent kernel. NeurIPS 33.
 */
#ifndef CTOME_LEARNING_MEASURES_H
#define CTOME_LEARNING_MEASURES_H

#include <stddef.h>

/* ||A||_F of m values.  O(m). */
double ctome_frobenius(const double *a, size_t m);

/* ||B - A||_F of m values; *rel (if not NULL) = that / ||A||_F (NaN if A is
 * all zero).  O(m). */
double ctome_weight_change(const double *a, const double *b, size_t m, double *rel);

/* K = G G^T (P x P, row-major) of the P x d row-major G, by BLAS dsyrk (the
 * upper triangle, mirrored).  Errors: P or d == 0, a non-finite entry
 * (CTOME_EVALUE naming row and column, 1-based).  O(P^2 d). */
int ctome_gram(const double *g, size_t p, size_t d, double *k);

/* Kernel alignment of two P x P kernels (see the top), centred = 1 for the
 * centred form.  Kernels need not be symmetric (the Frobenius product is used
 * as given).  NaN when a (centred) kernel is all zero or P == 0.  O(P^2). */
double ctome_kernel_alignment(const double *k1, const double *k2, size_t p, int centred);

/* Sign similarity of W_t to W_0 over m entries (see the top).  NaN when W_0
 * has no nonzero entry.  O(m). */
double ctome_sign_similarity(const double *w0, const double *wt, size_t m);

/* Effective rank of the rows x cols matrix a (rank.h).  Errors as
 * ctome_rank_singular_values; an all-zero matrix gives NaN with status 0.
 * O(rows cols min(rows, cols)). */
int ctome_effective_rank_of(const double *a, size_t rows, size_t cols, double *erank);

#endif
