/* sernn.h — spatially embedded RNNs (seRNN): unit positions, distances and
 * the communicability-weighted wiring-cost regulariser with its gradient.
 *
 * Achterberg, Akarca, Strouse, Duncan & Astle 2023 (Nat Mach Intell
 * 5:1369) place the recurrent units of an RNN on a 3-D grid and add to the
 * task loss
 *
 *   R(W) = gamma sum_ij |W_ij| C_ij D_ij,
 *   C    = expm(S^-1/2 |W| S^-1/2) with C_ii = 0,   S = diag(s),  s_i = sum_j |W_ij|,
 *
 * D the Euclidean distances between units and C the weighted
 * communicability of Crofts & Higham 2009 (J R Soc Interface 6:411;
 * Estrada & Hatano 2008 Phys Rev E 77:036111 for expm of a graph).  This
 * follows the authors' TensorFlow code (SE1_sWc), where W is the Keras
 * recurrent kernel: ROW i HOLDS THE OUTGOING WEIGHTS OF UNIT i (h_{t+1} =
 * f(x W_in + h W)), so s_i is the out-strength, and row sums normalise both
 * sides even though |W| is not symmetric.  Callers whose matrix has rows =
 * targets (h_{t+1} = f(W h)) pass the transpose (sernn_hook does).  The
 * diagonal of W (self-connections) counts in s and in |W| but has D_ii = 0
 * and C_ii = 0.
 *
 * Zero row sums: the authors' code computes s_i^-1/2 = inf there (and a
 * NaN loss).  Here r_i = s_i^-1/2 is taken as 0 when s_i = 0: a unit with no
 * outgoing weight has no entry to scale and drops out of the normalised
 * matrix (the convention of ctome_communicability_dense).  Its row of W is
 * all zero, so with sign(0) = 0 its gradient row is 0 as well.
 *
 * Gradient (derived in docs/methods.md, "seRNN"): with A = |W|, r = s^-1/2,
 * M = diag(r) A diag(r), E = expm(M), mask O = 1 - I,
 *   G   = gamma (A o D o O)                         (dR/dC)
 *   P   = L(M^T, G)                                 (dR/dM, the adjoint of
 *                                                    the Fréchet derivative)
 *   q_k = sum_j P_kj M_kj + sum_i P_ik M_ik
 *   dR/dA_kl = gamma (E o O o D)_kl + r_k r_l P_kl - q_k / (2 s_k)   (0 if s_k = 0)
 *   dR/dW    = sign(W) o dR/dA          (sign(0) = 0, the subgradient TF uses)
 * One call of ctome_expm_frechet gives E^T and P together, so R and dR/dW
 * cost one dual Padé evaluation, O(n^3).
 *
 * L1 baseline: R = gamma sum_ij |W_ij|, dR/dW = gamma sign(W).
 */
#ifndef CTOME_SERNN_H
#define CTOME_SERNN_H

#include <stddef.h>

#include "registry.h"

/* Integer grid positions, n = nx ny nz units, in the authors' order
 * (numpy.meshgrid(x, y, z) raveled): unit u has z = u % nz,
 * x = (u / nz) % nx, y = u / (nz nx).  pos: n x 3 (x, y, z).
 * Errors: a zero dimension or more than 100000 units (CTOME_EINVAL). */
int ctome_sernn_grid(size_t nx, size_t ny, size_t nz, double *pos);

/* Parse "NXxNYxNZ" (e.g. "5x5x4") into the three sizes.  Errors: anything
 * else, or a zero size (CTOME_EINVAL naming the text). */
int ctome_sernn_parse_grid(const char *text, size_t dims[3]);

/* Soma positions of the hermaphrodite neurons that have one in the registry
 * (Skuhersky et al. 2022), in registry order.  Positions are in µm scaled by
 * one factor so that the mean pairwise distance equals `mean_dist` (pass the
 * default grid's 30271.04208 / 9900 = 3.0577 so that a gamma means the same
 * total wiring pressure on both layouts; 0 keeps µm).  *pos: malloc'd n x 3;
 * *idx (may be NULL): malloc'd registry indices.  Errors: no neuron with a
 * position (CTOME_EVALUE). */
int ctome_sernn_worm_positions(const ctome_registry *r, double mean_dist, size_t *n, double **pos,
                               size_t **idx);

/* Euclidean distances D (n x n) between the rows of pos (n x 3).
 * Errors: NULL, n = 0, a non-finite coordinate (CTOME_EVALUE naming the unit). */
int ctome_sernn_distances(size_t n, const double *pos, double *d);

/* Weighted communicability C = expm(S^-1/2 |W| S^-1/2) with zero diagonal
 * (definition above; w row = source).  c: n x n.  Errors: as
 * ctome_expm_frechet; a non-finite weight (CTOME_EVALUE). */
int ctome_sernn_communicability(size_t n, const double *w, double *c);

/* Reusable scratch for ctome_sernn_reg on n units. */
typedef struct ctome_sernn_ws ctome_sernn_ws;
int ctome_sernn_ws_alloc(size_t n, ctome_sernn_ws **out);
void ctome_sernn_ws_free(ctome_sernn_ws *ws);

/* R(W) (above) into *r and, if grad is non-NULL, dR/dW into grad (n x n,
 * overwritten).  d: n x n distances.  gamma >= 0.  Errors: gamma < 0 or
 * non-finite (CTOME_EINVAL), a non-finite weight (CTOME_EVALUE naming the
 * entry), and those of ctome_expm_frechet.  Cost O(n^3) (about 25 n x n
 * products), no allocation. */
int ctome_sernn_reg(ctome_sernn_ws *ws, const double *w, const double *d, double gamma, double *r,
                    double *grad);

/* L1: R = gamma sum |W_ij|, grad = gamma sign(W) (may be NULL).  Errors:
 * gamma < 0 (CTOME_EINVAL), a non-finite weight (CTOME_EVALUE). */
int ctome_sernn_l1(size_t n, const double *w, double gamma, double *r, double *grad);

/* ---- the regulariser as a train.h hook ---- */

typedef enum {
    CTOME_SERNN_REG_NONE = 0,
    CTOME_SERNN_REG_SE,     /* gamma sum |W| o C o D (the seRNN) */
    CTOME_SERNN_REG_L1      /* gamma sum |W| (the baseline) */
} ctome_sernn_reg_kind;

/* Parse "se" | "l1" | "none".  CTOME_EINVAL naming the text otherwise. */
int ctome_sernn_reg_parse(const char *text, ctome_sernn_reg_kind *kind);
const char *ctome_sernn_reg_name(ctome_sernn_reg_kind kind);

/* State of the hook for one network (not shared between threads): kind,
 * gamma, a copy of D and double scratch. */
typedef struct ctome_sernn_hook ctome_sernn_hook;
/* Errors: gamma < 0 or non-finite (CTOME_EINVAL); n = 0; d NULL for SE. */
int ctome_sernn_hook_new(ctome_sernn_reg_kind kind, double gamma, size_t n, const double *d,
                         ctome_sernn_hook **out);

/* Threads for the regulariser's matrix products (default 1; 0 = OpenMP's
 * default): the dual Padé products run as fixed row halves
 * (ctome_expm_ws_set_threads), so the bytes do not depend on the count. */
void ctome_sernn_hook_set_threads(ctome_sernn_hook *h, int threads);
void ctome_sernn_hook_free(ctome_sernn_hook *h);

/* ctome_train_reg_fn (train.h): W is the core's effective matrix with rows =
 * targets (W[i n + j]: j -> i), so the hook evaluates the regulariser on W^T
 * (rows = sources, the authors' layout; this matters for the row-sum
 * normalisation) in double, and adds the transposed gradient to
 * grad_W_accum in float.  Returns R, or NaN after ctome_error (a unit count
 * that differs from the hook's, a non-finite weight). */
double ctome_sernn_hook_reg(const float *W, size_t n, float *grad_W_accum, void *ctx);

#endif
