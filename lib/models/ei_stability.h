/* ei_stability.h — fixed point and linear stability of the E/I rate model
 * (ei.h).  With constant input I the fixed points solve
 *
 *   F(x) = -x + W f(x) - diag(d) x + g G x + I = 0,      d_i = sum_j g G_ij,
 *
 * (tau does not move a fixed point).  Newton's method on F with the analytic
 * Jacobian A = -I - diag(d) + W diag(f'(x)) + g G, damped by step halving
 * until |F|_inf decreases.  The linearisation of the dynamics at x* is
 * J = diag(1/tau) A; x* is linearly stable when every eigenvalue of J has a
 * negative real part (Strogatz, Nonlinear Dynamics and Chaos, ch. 6).
 * Silenced neurons (ei_ablate.h) are held at 0 and left out of J.
 * Eigenvalues by LAPACK dgeev (Anderson et al. 1999, LAPACK Users' Guide). */
#ifndef CTOME_EI_STABILITY_H
#define CTOME_EI_STABILITY_H

#include <stddef.h>

#include "ei.h"

typedef struct {
    double tol;            /* convergence: |F(x)|_inf < tol; default 1e-10 */
    size_t max_iter;       /* Newton iterations; default 100 */
    const double *x0;      /* start (n), NULL for zeros */
} ctome_ei_fp_opts;

void ctome_ei_fp_opts_default(ctome_ei_fp_opts *o);

typedef struct {
    size_t n;              /* model neurons */
    double *x;             /* the last Newton iterate (n): the fixed point if converged */
    int converged;
    size_t iterations;
    double residual;       /* |F(x)|_inf at x */
    size_t n_active;       /* neurons in the linearisation (not silenced) */
    double *eig_re, *eig_im;  /* n_active eigenvalues of J at x, by real part descending */
    double max_real;       /* largest real part (the leading eigenvalue) */
    int stable;            /* max_real < 0 */
    double rho_j;          /* spectral radius of J */
    double rho_w;          /* spectral radius of the signed effective weight matrix W */
} ctome_ei_stability;

/* The constant input of `in` (pulses and noise are ignored: a fixed point is
 * defined for constant input only); in may be NULL (I = 0).  Errors: an input
 * of another size (CTOME_EINVAL), non-finite x0 (CTOME_EVALUE), a LAPACK
 * failure (CTOME_ELIB).  Not converging is not an error: see converged.
 * Cost O(iterations n^3). */
int ctome_ei_stability_run(const ctome_ei *m, const ctome_ei_input *in, const ctome_ei_fp_opts *o,
                           ctome_ei_stability *out);
void ctome_ei_stability_free(ctome_ei_stability *s);

/* J = dF/dx / tau at x (n x n row-major, all neurons; silenced rows zero). */
int ctome_ei_jacobian(const ctome_ei *m, const double *x, double *J);

/* W as a dense n x n row-major matrix (W[i*n + j]: signed weight j -> i). */
int ctome_ei_dense_w(const ctome_ei *m, double **out);

/* Spectral radius max |lambda| of a dense n x n matrix (dgeev; a is not
 * modified).  Errors: LAPACK failure (CTOME_ELIB). */
int ctome_ei_spectral_radius(const double *a, size_t n, double *rho);

#endif
