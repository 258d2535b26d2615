/* expm_frechet.c — expm(X) and its Fréchet derivative L(X, E) by Padé
 * scaling and squaring on dual pairs (see expm_frechet.h). */
#include "expm_frechet.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#ifdef _OPENMP
#include <omp.h>
#endif

/* The workspace's n x n matrices: 16 of the Padé evaluation, the dual
 * product's scratch, and two column-major copies for LAPACK (lu_factor,
 * lu_solve). */
enum { BUF_DMUL = 16, BUF_LU = 17, BUF_RHS = 18, NBUF = 19 };

/* Below this n the two row halves run on one thread whatever ws->threads
 * says: measured on a 2-core machine (tests/bench/bench_sernn.c,
 * `bench_sernn reg CALLS 1|2 N`), two threads were slower in wall time at
 * n = 100 on the quiet machine (2.03 ms against 1.54 ms a call) and at
 * n = 100, 200 and 400 under load, using up to 2x the CPU; at n = 800 they
 * took the same CPU time and less wall time.  The bytes are the same either
 * way (the same BLAS calls on the same halves). */
#define EXPM_PAR_MIN_N 512

struct ctome_expm_ws {
    size_t n;
    double *buf;           /* NBUF n x n matrices (BUF_*) */
    lapack_int *ipiv;
    int threads;           /* for the dual products; 1 = serial */
};

void ctome_expm_ws_set_threads(ctome_expm_ws *ws, int threads)
{
    if (ws)
        ws->threads = threads;
}

int ctome_expm_ws_alloc(size_t n, ctome_expm_ws **out)
{
    *out = NULL;
    if (n == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "expm workspace: n = 0");
    ctome_expm_ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return ctome_error_nomem();
    ws->n = n;
    ws->threads = 1;
    ws->buf = malloc(NBUF * n * n * sizeof *ws->buf);
    ws->ipiv = malloc(n * sizeof *ws->ipiv);
    if (!ws->buf || !ws->ipiv) {
        ctome_expm_ws_free(ws);
        return ctome_error_nomem();
    }
    *out = ws;
    return CTOME_OK;
}

void ctome_expm_ws_free(ctome_expm_ws *ws)
{
    if (!ws)
        return;
    free(ws->buf);
    free(ws->ipiv);
    free(ws);
}

/* The LU factorisation and solves of the Padé step, column-major on the
 * workspace's own buffers.  LAPACKE's row-major wrappers do the same
 * transposes around the same LAPACK routines, but allocate and free the
 * transposed copies at every call: at n = 100 the freed block trimmed the
 * heap and the next call faulted its pages back in (~8 % of a seRNN update,
 * perf).  The LAPACK calls and their inputs are the same, so the results are
 * the same bits; the NaN checks of the high-level wrappers are kept (their
 * info codes: -4 the matrix to factor, -5 the LU, -8 the right-hand side). */
static int has_nan(size_t len, const double *a)
{
    for (size_t i = 0; i < len; i++)
        if (isnan(a[i]))
            return 1;
    return 0;
}

static void transpose(size_t n, const double *a, double *at)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            at[j * n + i] = a[i * n + j];
}

/* LU of the row-major P into the column-major buffer (ipiv in ws). */
static lapack_int lu_factor(ctome_expm_ws *ws, const double *P)
{
    size_t n = ws->n;
    double *lu = ws->buf + BUF_LU * n * n;
    if (has_nan(n * n, P))
        return -4;
    transpose(n, P, lu);
    return LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, lu, (lapack_int)n, ws->ipiv);
}

/* B := the solution of (LU) X = B, B row-major n x n. */
static lapack_int lu_solve(ctome_expm_ws *ws, double *B)
{
    size_t n = ws->n;
    double *lu = ws->buf + BUF_LU * n * n, *bt = ws->buf + BUF_RHS * n * n;
    if (has_nan(n * n, lu))
        return -5;
    if (has_nan(n * n, B))
        return -8;
    transpose(n, B, bt);
    lapack_int info = LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, 'N', (lapack_int)n, (lapack_int)n, lu, (lapack_int)n,
                                          ws->ipiv, bt, (lapack_int)n);
    if (info == 0)
        transpose(n, bt, B);
    return info;
}

/* c = alpha a b + beta c for the rows [r0, r1) of c and a (n columns) */
static void gemm_rows(size_t n, size_t r0, size_t r1, double alpha, const double *a, const double *b,
                      double beta, double *c)
{
    if (r1 > r0)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(r1 - r0), (int)n, (int)n, alpha,
                    a + r0 * n, (int)n, b, (int)n, beta, c + r0 * n, (int)n);
}

/* c = alpha a b + beta c */
static void gemm(size_t n, double alpha, const double *a, const double *b, double beta, double *c)
{
    gemm_rows(n, 0, n, alpha, a, b, beta, c);
}

/* The dual product (c, dc) = (a b, a db + da b); dc skipped when da is NULL.
 * Why it looks like this: the products are the regulariser's cost (seRNN,
 * one call per training update), so they run on ws->threads threads.  To
 * keep the bytes independent of the thread count, the work is cut the same
 * way whatever the count: two fixed row halves, each product by one
 * single-threaded BLAS call, da b into scratch t and added entrywise. */
static void dmul(const ctome_expm_ws *ws, const double *a, const double *da, const double *b,
                 const double *db, double *c, double *dc)
{
    size_t n = ws->n, h = n / 2;
    double *t = ws->buf + BUF_DMUL * n * n;
    int nt = 1;
#ifdef _OPENMP
    nt = ws->threads > 0 ? ws->threads : omp_get_max_threads();
#endif
    if (nt > 2)
        nt = 2;
    if (n < EXPM_PAR_MIN_N)
        nt = 1;
#pragma omp parallel for num_threads(nt) schedule(static, 1) if (nt > 1)
    for (int part = 0; part < 2; part++) {
        size_t r0 = part ? h : 0, r1 = part ? n : h;
        gemm_rows(n, r0, r1, 1.0, a, b, 0.0, c);
        if (da) {
            gemm_rows(n, r0, r1, 1.0, a, db, 0.0, dc);
            gemm_rows(n, r0, r1, 1.0, da, b, 0.0, t);
            for (size_t i = r0 * n; i < r1 * n; i++)
                dc[i] += t[i];
        }
    }
}

/* out = c0 X + c1 Y + c2 Z */
static void lin3(size_t nn, double c0, const double *x, double c1, const double *y, double c2,
                 const double *z, double *out)
{
    for (size_t i = 0; i < nn; i++)
        out[i] = c0 * x[i] + c1 * y[i] + c2 * z[i];
}

/* out += c0 X + c1 Y + c2 Z */
static void addlin3(size_t nn, double c0, const double *x, double c1, const double *y, double c2,
                    const double *z, double *out)
{
    for (size_t i = 0; i < nn; i++)
        out[i] += c0 * x[i] + c1 * y[i] + c2 * z[i];
}

static int finite_or_fail(size_t n, const double *m, const char *what)
{
    for (size_t i = 0; i < n * n; i++)
        if (!isfinite(m[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "expm Fréchet: %s entry (%zu, %zu) is '%g'",
                               what, i / n, i % n, m[i]);
    return CTOME_OK;
}

static int run(size_t n, const double *x, const double *e, double *expx, double *lxe,
               ctome_expm_ws *ws)
{
    /* Higham 2005 Table 2.3 (m = 13), as ctome_expm_pade */
    static const double b[14] = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
                                 1187353796428800.0,  129060195264000.0,   10559470521600.0,
                                 670442572800.0,      33522128640.0,       1323241920.0,
                                 40840800.0,          960960.0,            16380.0,
                                 182.0,               1.0};
    const double theta13 = 5.371920351148152;
    size_t nn = n * n;
    int deriv = e && lxe;
    double *w = ws->buf;
    double *A = w, *dA = w + nn, *A2 = w + 2 * nn, *dA2 = w + 3 * nn, *A4 = w + 4 * nn,
           *dA4 = w + 5 * nn, *A6 = w + 6 * nn, *dA6 = w + 7 * nn, *T = w + 8 * nn,
           *dT = w + 9 * nn, *P = w + 10 * nn, *dP = w + 11 * nn, *U = w + 12 * nn,
           *dU = w + 13 * nn, *V = w + 14 * nn, *dV = w + 15 * nn;
    double *nodA = deriv ? dA : NULL;

    double norm = 0;
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += fabs(x[i * n + j]);
        norm = s > norm ? s : norm;
    }
    int sq = norm > theta13 ? (int)ceil(log2(norm / theta13)) : 0;
    double scale = ldexp(1.0, -sq);
    for (size_t i = 0; i < nn; i++) {
        A[i] = x[i] * scale;
        if (deriv)
            dA[i] = e[i] * scale;
    }
    dmul(ws, A, nodA, A, dA, A2, dA2);
    dmul(ws, A2, deriv ? dA2 : NULL, A2, dA2, A4, dA4);
    dmul(ws, A2, deriv ? dA2 : NULL, A4, dA4, A6, dA6);

    /* U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I] */
    lin3(nn, b[13], A6, b[11], A4, b[9], A2, T);
    if (deriv)
        lin3(nn, b[13], dA6, b[11], dA4, b[9], dA2, dT);
    dmul(ws, A6, deriv ? dA6 : NULL, T, dT, P, dP);
    addlin3(nn, b[7], A6, b[5], A4, b[3], A2, P);
    if (deriv)
        addlin3(nn, b[7], dA6, b[5], dA4, b[3], dA2, dP);
    for (size_t i = 0; i < n; i++)
        P[i * n + i] += b[1];
    dmul(ws, A, nodA, P, dP, U, dU);
    /* V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I */
    lin3(nn, b[12], A6, b[10], A4, b[8], A2, T);
    if (deriv)
        lin3(nn, b[12], dA6, b[10], dA4, b[8], dA2, dT);
    dmul(ws, A6, deriv ? dA6 : NULL, T, dT, V, dV);
    addlin3(nn, b[6], A6, b[4], A4, b[2], A2, V);
    if (deriv)
        addlin3(nn, b[6], dA6, b[4], dA4, b[2], dA2, dV);
    for (size_t i = 0; i < n; i++)
        V[i * n + i] += b[0];

    /* Q R = V + U with Q = V - U; the derivative of R solves
     * Q dR = (dV + dU) - (dV - dU) R with the same LU. */
    for (size_t i = 0; i < nn; i++) {
        P[i] = V[i] - U[i];
        T[i] = V[i] + U[i];
        if (deriv) {
            dP[i] = dV[i] - dU[i];
            dT[i] = dV[i] + dU[i];
        }
    }
    lapack_int info = lu_factor(ws, P);
    if (info == 0)
        info = lu_solve(ws, T);
    if (info != 0)
        return ctome_error(CTOME_ELIB, NULL, 0,
                           "expm Fréchet: the Padé denominator is singular (LAPACK info %d)",
                           (int)info);
    if (deriv) {
        memcpy(dA2, dT, nn * sizeof *dA2);
        gemm(n, -1.0, dP, T, 1.0, dA2);
        info = lu_solve(ws, dA2);
        if (info != 0)
            return ctome_error(CTOME_ELIB, NULL, 0, "expm Fréchet: LAPACK dgetrs info %d",
                               (int)info);
    }
    /* squaring: (R, dR) -> (R R, R dR + dR R) */
    double *cur = T, *dcur = dA2, *nxt = A2, *dnxt = dA4;
    for (int k = 0; k < sq; k++) {
        dmul(ws, cur, deriv ? dcur : NULL, cur, dcur, nxt, dnxt);
        double *t = cur;
        cur = nxt;
        nxt = t;
        t = dcur;
        dcur = dnxt;
        dnxt = t;
    }
    memcpy(expx, cur, nn * sizeof *expx);
    int rc = finite_or_fail(n, expx, "expm");
    if (!rc && deriv) {
        memcpy(lxe, dcur, nn * sizeof *lxe);
        rc = finite_or_fail(n, lxe, "derivative");
    }
    return rc;
}

int ctome_expm_frechet(size_t n, const double *x, const double *e, double *expx, double *lxe,
                       ctome_expm_ws *ws)
{
    if (n == 0 || !x || !expx || (lxe && !e))
        return ctome_error(CTOME_EINVAL, NULL, 0, "expm Fréchet: empty or NULL matrix");
    if (ws && ws->n != n)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "expm Fréchet: workspace is for n = %zu, matrix has n = %zu", ws->n, n);
    int rc = finite_or_fail(n, x, "input");
    if (!rc && e && lxe)
        rc = finite_or_fail(n, e, "direction");
    if (rc)
        return rc;
    ctome_expm_ws *own = NULL;
    if (!ws) {
        rc = ctome_expm_ws_alloc(n, &own);
        if (rc)
            return rc;
        ws = own;
    }
    /* one BLAS thread per call: the parallelism is dmul's, and the bytes must
     * not depend on OpenBLAS's own split */
    int old_blas = openblas_get_num_threads();
    if (old_blas != 1)
        openblas_set_num_threads(1);
    rc = run(n, x, e, expx, lxe, ws);
    if (old_blas != 1)
        openblas_set_num_threads(old_blas);
    ctome_expm_ws_free(own);
    return rc;
}
