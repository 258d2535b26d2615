/* expm_frechet.h — the matrix exponential together with its Fréchet
 * derivative, for gradients that pass through expm.
 *
 * The Fréchet derivative of expm at X in direction E is the linear map
 *   L(X, E) = d/dt expm(X + tE) |_{t=0} = int_0^1 e^{sX} E e^{(1-s)X} ds,
 * the upper-right block of expm([[X, E], [0, X]]) (Mathias 1996; Higham
 * 2008, Functions of Matrices, Thm 3.6).  Its adjoint under the Frobenius
 * inner product <A, B> = sum_ij A_ij B_ij is L(X^T, .): for a scalar loss
 * l = <G, expm(X)>, dl/dX = L(X^T, G).  That is how a loss gradient is
 * carried back through expm (used by the seRNN regulariser, sernn.h).
 *
 * Method: Al-Mohy & Higham 2009 (SIAM J Matrix Anal Appl 30:1639), i.e. the
 * [13/13] Padé scaling-and-squaring of ctome_expm_pade (Higham 2005) run on
 * "dual" pairs (A, dA): every product of the block matrix [[A, dA], [0, A]]
 * costs three n x n products instead of the eight of a 2n x 2n product, the
 * Padé solve reuses one LU, and the squaring phase carries
 * (R, dR) -> (R^2, R dR + dR R).  The scaling s is chosen from ||X||_1 as
 * for expm alone (Al-Mohy & Higham show the derivative then has the same
 * backward-error bound).
 */
#ifndef CTOME_EXPM_FRECHET_H
#define CTOME_EXPM_FRECHET_H

#include <stddef.h>

/* Scratch for n x n matrices, reusable across calls (allocates nothing
 * per call).  Errors: n = 0 (CTOME_EINVAL), out of memory (CTOME_ENOMEM). */
typedef struct ctome_expm_ws ctome_expm_ws;
int ctome_expm_ws_alloc(size_t n, ctome_expm_ws **out);
void ctome_expm_ws_free(ctome_expm_ws *ws);

/* Threads for the dual products (default 1; 0 = OpenMP's default).  Every
 * product is computed as two fixed row halves, each by one single-threaded
 * BLAS call, and the derivative's two terms as separate products added
 * entrywise, so the result is the same bytes for any thread count. */
void ctome_expm_ws_set_threads(ctome_expm_ws *ws, int threads);

/* expx = expm(x) and lxe = L(x, e) for n x n row-major x, e (lxe may be
 * NULL to skip the derivative).  ws: from ctome_expm_ws_alloc(n), or NULL
 * to allocate for this call.  Errors: NULL or n = 0 (CTOME_EINVAL); a
 * non-finite entry or result (CTOME_EVALUE); a singular Padé denominator
 * (CTOME_ELIB).  Cost O(n^3 (19 + 3 s)) flops with s = max(0, ceil(log2(
 * ||x||_1 / 5.37))), 19 n^2 doubles of scratch. */
int ctome_expm_frechet(size_t n, const double *x, const double *e, double *expx, double *lxe,
                       ctome_expm_ws *ws);

#endif
