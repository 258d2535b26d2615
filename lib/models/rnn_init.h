/* rnn_init.h — initial recurrent weights of controlled structure for the
 * rich/lazy study (Liu et al. 2023): random Gaussian weights truncated to a
 * chosen rank with their Frobenius norm restored, and weights taken from a
 * connectome layer with Dale signs from the neuron registry.
 *
 * Convention: n x n row-major, w[i*n + j] = the weight from unit j to unit
 * i (the convention of rnn.h and ei.h: h_i <- sum_j W_ij h_j).
 *
 * Liu YH, Baratin A, Cornford J, Mihalas S, Shea-Brown E, Lajoie G (2024)
 * How connectivity structure shapes rich and lazy learning in neural
 * circuits. ICLR 2024, arXiv:2310.08513.
 */
#ifndef CTOME_RNN_INIT_H
#define CTOME_RNN_INIT_H

#include <stddef.h>
#include <stdint.h>

#include "connectome.h"
#include "registry.h"

/* W_ij ~ N(0, gain^2 / n), i.i.d., from the (seed, stream) generator of
 * rng.h, row-major order.  E ||W||_F^2 = gain^2 n and the spectral radius
 * tends to gain (circular law).  Errors: n == 0, gain not finite or < 0
 * (CTOME_EVALUE).  O(n^2). */
int ctome_rnn_init_gaussian(size_t n, double gain, uint64_t seed, uint64_t stream, double *w);

/* Truncated SVD in place: W = U S V^T (LAPACKE_dgesdd) becomes
 * c * sum_{k<r} s_k u_k v_k^T with c = ||W||_F / ||W_r||_F, so the result
 * has rank r exactly (when s_r > 0) and the Frobenius norm of the input.
 * r == n keeps W unchanged.  Errors: r == 0 or r > n (CTOME_EVALUE naming
 * both), non-finite entries (CTOME_EVALUE), the top r singular values all zero
 * (CTOME_EVALUE: nothing to keep), LAPACK failure (CTOME_ELIB).  Call with
 * one OpenBLAS thread from parallel regions.  O(n^3). */
int ctome_rnn_truncate_rank(double *w, size_t n, size_t r);

/* Gaussian then truncated: the rank-r initialisation of the rank sweep.
 * Every rank from the same (seed, stream) truncates the same Gaussian W, so a
 * sweep compares ranks of one matrix.  Errors as the two calls. */
int ctome_rnn_init_rank(size_t n, size_t r, double gain, uint64_t seed, uint64_t stream, double *w);

/* The smallest rank r in 1..n whose truncation of w (n x n, not modified)
 * has effective rank >= target (rank.h, exp of the singular-value entropy);
 * n if none.  Used to match a random initialisation to a connectome's
 * effective rank.  Errors as ctome_rank_singular_values.  O(n^3). */
int ctome_rnn_rank_for_erank(const double *w, size_t n, double target, size_t *r);

typedef enum {
    CTOME_RNN_SCALE_FROBENIUS = 0,   /* ||W||_F = target */
    CTOME_RNN_SCALE_SPECTRAL         /* max |eigenvalue of W| = target */
} ctome_rnn_norm;

/* Scale w (n x n) in place to the target Frobenius norm or spectral radius.
 * Errors: target not finite or <= 0, an all-zero W or zero spectral radius
 * (CTOME_EVALUE).  O(n^2) (Frobenius) or O(n^3) (spectral). */
int ctome_rnn_scale_weights(double *w, size_t n, ctome_rnn_norm how, double target);

/* Recurrent weights from the chemical layer of a connectome: the neurons of
 * ctome_ei_build (neurons with a chemical or electrical edge to another
 * neuron, connectome node order; so n is that model's size), W_ij = s_j *
 * synapses(j -> i) with s_j the presynaptic neuron's transmitter sign from
 * the registry (excitatory +1, inhibitory -1; modulatory or unknown neurons'
 * chemical output is dropped, as ctome_ei_build's default), then scaled to
 * `target` by `how`.  Out: *w (n x n, malloc'd), *n, and if node is not NULL
 * the connectome node index of each unit (malloc'd).  Errors as ctome_ei_build
 * and ctome_rnn_scale_weights (a connectome without signed chemical synapses between
 * neurons: CTOME_EVALUE).  O(n^2 + m) (+ O(n^3) for the spectral radius). */
int ctome_rnn_init_connectome(const ctome_connectome *c, const ctome_registry *reg, ctome_rnn_norm how,
                              double target, double **w, size_t *n, int **node);

#endif
