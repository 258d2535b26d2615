/* communicability.c — expm by eigendecomposition and by Padé scaling and
 * squaring; binary and weighted communicability (see communicability.h). */
#include "communicability.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static int check_input(size_t n, const double *a, const double *out, const char *what)
{
    if (n == 0 || !a || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "%s: empty or NULL matrix", what);
    for (size_t i = 0; i < n * n; i++)
        if (!isfinite(a[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "%s: non-finite entry '%g' at (%zu, %zu)", what,
                               a[i], i / n, i % n);
    return CTOME_OK;
}

static int check_output(size_t n, const double *out, const char *what)
{
    for (size_t i = 0; i < n * n; i++)
        if (!isfinite(out[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0,
                               "%s: the exponential overflows (entry (%zu, %zu) is not finite)", what,
                               i / n, i % n);
    return CTOME_OK;
}

int ctome_expm_sym(size_t n, const double *a, double *out)
{
    int rc = check_input(n, a, out, "expm (symmetric)");
    if (rc)
        return rc;
    double *v = malloc(n * n * sizeof *v);
    double *b = malloc(n * n * sizeof *b);
    double *lam = malloc(n * sizeof *lam);
    if (!v || !b || !lam) {
        rc = ctome_error(CTOME_ENOMEM, NULL, 0, "expm (symmetric): out of memory");
        goto done;
    }
    memcpy(v, a, n * n * sizeof *v);
    /* divide and conquer: the fastest LAPACK route for all eigenvectors */
    lapack_int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)n, v, (lapack_int)n, lam);
    if (info != 0) {
        rc = ctome_error(CTOME_ELIB, NULL, 0, "expm (symmetric): LAPACKE_dsyevd failed (info %d)",
                         (int)info);
        goto done;
    }
    /* eigenvectors are the columns of v: B = V diag(e^λ), out = B V^T */
    for (size_t k = 0; k < n; k++)
        lam[k] = exp(lam[k]);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            b[i * n + k] = v[i * n + k] * lam[k];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)n, 1.0, b, (int)n, v,
                (int)n, 0.0, out, (int)n);
    /* the product is symmetric in exact arithmetic; make it so exactly */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double s = 0.5 * (out[i * n + j] + out[j * n + i]);
            out[i * n + j] = out[j * n + i] = s;
        }
    rc = check_output(n, out, "expm (symmetric)");
done:
    free(v);
    free(b);
    free(lam);
    return rc;
}

/* C = A B (n x n, row-major). */
static void mul(size_t n, const double *a, const double *b, double *c)
{
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, a, (int)n, b,
                (int)n, 0.0, c, (int)n);
}

int ctome_expm_pade(size_t n, const double *a, double *out)
{
    /* Higham 2005, Table 2.3 / Algorithm 2.3 (m = 13) */
    static const double b[14] = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
                                 1187353796428800.0,  129060195264000.0,   10559470521600.0,
                                 670442572800.0,      33522128640.0,       1323241920.0,
                                 40840800.0,          960960.0,            16380.0,
                                 182.0,               1.0};
    const double theta13 = 5.371920351148152;
    int rc = check_input(n, a, out, "expm (Padé)");
    if (rc)
        return rc;
    size_t nn = n * n;
    double *buf = malloc(8 * nn * sizeof *buf);
    lapack_int *ipiv = malloc(n * sizeof *ipiv);
    if (!buf || !ipiv) {
        free(buf);
        free(ipiv);
        return ctome_error(CTOME_ENOMEM, NULL, 0, "expm (Padé): out of memory");
    }
    double *A = buf, *A2 = buf + nn, *A4 = buf + 2 * nn, *A6 = buf + 3 * nn, *U = buf + 4 * nn,
           *V = buf + 5 * nn, *T = buf + 6 * nn, *P = buf + 7 * nn;

    /* 1-norm: the largest column sum of |a| */
    double norm = 0;
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += fabs(a[i * n + j]);
        if (s > norm)
            norm = s;
    }
    int sq = 0;
    if (norm > theta13)
        sq = (int)ceil(log2(norm / theta13));
    double scale = ldexp(1.0, -sq);
    for (size_t i = 0; i < nn; i++)
        A[i] = a[i] * scale;
    mul(n, A, A, A2);
    mul(n, A2, A2, A4);
    mul(n, A2, A4, A6);

    /* U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I] */
    for (size_t i = 0; i < nn; i++)
        T[i] = b[13] * A6[i] + b[11] * A4[i] + b[9] * A2[i];
    mul(n, A6, T, P);
    for (size_t i = 0; i < nn; i++)
        P[i] += b[7] * A6[i] + b[5] * A4[i] + b[3] * A2[i];
    for (size_t i = 0; i < n; i++)
        P[i * n + i] += b[1];
    mul(n, A, P, U);
    /* V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I */
    for (size_t i = 0; i < nn; i++)
        T[i] = b[12] * A6[i] + b[10] * A4[i] + b[8] * A2[i];
    mul(n, A6, T, V);
    for (size_t i = 0; i < nn; i++)
        V[i] += b[6] * A6[i] + b[4] * A4[i] + b[2] * A2[i];
    for (size_t i = 0; i < n; i++)
        V[i * n + i] += b[0];
    /* (V - U) R = V + U */
    for (size_t i = 0; i < nn; i++) {
        P[i] = V[i] - U[i];
        T[i] = V[i] + U[i];
    }
    lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)n, P, (lapack_int)n,
                                    ipiv, T, (lapack_int)n);
    if (info != 0) {
        rc = ctome_error(CTOME_ELIB, NULL, 0, "expm (Padé): LAPACKE_dgesv failed (info %d)", (int)info);
        goto done;
    }
    /* undo the scaling: square s times */
    double *cur = T, *nxt = P;
    for (int k = 0; k < sq; k++) {
        mul(n, cur, cur, nxt);
        double *t = cur;
        cur = nxt;
        nxt = t;
    }
    memcpy(out, cur, nn * sizeof *out);
    rc = check_output(n, out, "expm (Padé)");
done:
    free(buf);
    free(ipiv);
    return rc;
}

int ctome_expm(size_t n, const double *a, double *out)
{
    if (n == 0 || !a || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "expm: empty or NULL matrix");
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (a[i * n + j] != a[j * n + i])
                return ctome_expm_pade(n, a, out);
    return ctome_expm_sym(n, a, out);
}

int ctome_communicability_dense(size_t n, const double *a, int weighted, double *out)
{
    if (n == 0 || !a || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "communicability: empty or NULL matrix");
    size_t nn = n * n;
    double *m = malloc(nn * sizeof *m);
    double *s = calloc(2 * n, sizeof *s);   /* out-strengths, then in-strengths */
    if (!m || !s) {
        free(m);
        free(s);
        return ctome_error(CTOME_ENOMEM, NULL, 0, "communicability: out of memory");
    }
    int rc = CTOME_OK;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double x = a[i * n + j];
            if (weighted && (!isfinite(x) || x < 0)) {
                rc = ctome_error(CTOME_EVALUE, NULL, 0,
                                 "communicability: weights must be non-negative and finite, got '%g' "
                                 "at (%zu, %zu)",
                                 x, i, j);
                goto done;
            }
            if (i == j)
                x = 0;
            else if (!weighted)
                x = x != 0;   /* includes NaN: an entry that is there */
            m[i * n + j] = x;
            s[i] += x;
            s[n + j] += x;
        }
    if (weighted)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                if (m[i * n + j] != 0)
                    m[i * n + j] /= sqrt(s[i] * s[n + j]);
    rc = ctome_expm(n, m, out);
done:
    free(m);
    free(s);
    return rc;
}

int ctome_communicability(const ctome_graph *g, int weighted, double **out)
{
    if (!g || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "communicability: NULL argument");
    *out = NULL;
    if (g->n == 0 || g->m == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "communicability: the graph has no edge");
    size_t n = g->n;
    double *a = calloc(n * n, sizeof *a);
    double *c = malloc(n * n * sizeof *c);
    if (!a || !c) {
        free(a);
        free(c);
        return ctome_error(CTOME_ENOMEM, NULL, 0, "communicability: %zu x %zu matrix: out of memory",
                           n, n);
    }
    for (size_t v = 0; v < n; v++)
        for (size_t e = g->out_ptr[v]; e < g->out_ptr[v + 1]; e++)
            a[v * n + (size_t)g->out_idx[e]] = g->out_w[e];
    int rc = ctome_communicability_dense(n, a, weighted, c);
    free(a);
    if (rc) {
        free(c);
        return rc;
    }
    *out = c;
    return CTOME_OK;
}
