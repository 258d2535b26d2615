/* learning_measures.c — weight change, kernel alignment, sign similarity and
 * effective rank of weights over training (learning_measures.h). */
#include "learning_measures.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

#include "error.h"
#include "rank.h"

double ctome_frobenius(const double *a, size_t m)
{
    /* Scaled sum of squares: no overflow for the large entries a diverging
     * training run may leave behind. */
    double scale = 0, ssq = 1;
    for (size_t i = 0; i < m; i++) {
        double v = fabs(a[i]);
        if (v == 0)
            continue;
        if (scale < v) {
            ssq = 1 + ssq * (scale / v) * (scale / v);
            scale = v;
        } else {
            ssq += (v / scale) * (v / scale);
        }
    }
    return scale * sqrt(ssq);
}

double ctome_weight_change(const double *a, const double *b, size_t m, double *rel)
{
    double scale = 0, ssq = 1;
    for (size_t i = 0; i < m; i++) {
        double v = fabs(b[i] - a[i]);
        if (v == 0)
            continue;
        if (scale < v) {
            ssq = 1 + ssq * (scale / v) * (scale / v);
            scale = v;
        } else {
            ssq += (v / scale) * (v / scale);
        }
    }
    double d = scale * sqrt(ssq);
    if (rel) {
        double n0 = ctome_frobenius(a, m);
        *rel = n0 > 0 ? d / n0 : NAN;
    }
    return d;
}

int ctome_gram(const double *g, size_t p, size_t d, double *k)
{
    if (p == 0 || d == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "Gram matrix: empty features (%zu x %zu)", p, d);
    for (size_t i = 0; i < p * d; i++)
        if (!isfinite(g[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "Gram matrix: non-finite entry '%g' at row %zu, column %zu",
                               g[i], i / d + 1, i % d + 1);
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)p, (int)d, 1.0, g, (int)d, 0.0, k, (int)p);
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < i; j++)
            k[i * p + j] = k[j * p + i];
    return CTOME_OK;
}

/* Centre a P x P kernel: H K H with H = I - 11^T/P, i.e. subtract row and
 * column means and add the grand mean. */
static void centre(const double *k, size_t p, double *out)
{
    double *row = calloc(2 * p, sizeof *row), *col = row ? row + p : NULL, all = 0;
    if (!row) {   /* no memory: NaN propagates to the caller's result */
        for (size_t i = 0; i < p * p; i++)
            out[i] = NAN;
        return;
    }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            row[i] += k[i * p + j] / (double)p;
            col[j] += k[i * p + j] / (double)p;
            all += k[i * p + j] / ((double)p * (double)p);
        }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            out[i * p + j] = k[i * p + j] - row[i] - col[j] + all;
    free(row);
}

double ctome_kernel_alignment(const double *k1, const double *k2, size_t p, int centred)
{
    if (p == 0)
        return NAN;
    const double *a = k1, *b = k2;
    double *ca = NULL;
    if (centred) {
        ca = malloc(2 * p * p * sizeof *ca);
        if (!ca)
            return NAN;
        centre(k1, p, ca);
        centre(k2, p, ca + p * p);
        a = ca;
        b = ca + p * p;
    }
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < p * p; i++) {
        ab += a[i] * b[i];
        aa += a[i] * a[i];
        bb += b[i] * b[i];
    }
    free(ca);
    if (!(aa > 0) || !(bb > 0))
        return NAN;
    double r = ab / (sqrt(aa) * sqrt(bb));
    /* Round-off can push |r| a few ulps past 1 for proportional kernels. */
    return r > 1 ? 1 : r < -1 ? -1 : r;
}

double ctome_sign_similarity(const double *w0, const double *wt, size_t m)
{
    size_t nz = 0, kept = 0;
    for (size_t i = 0; i < m; i++) {
        if (w0[i] == 0)
            continue;
        nz++;
        if ((w0[i] > 0 && wt[i] > 0) || (w0[i] < 0 && wt[i] < 0))
            kept++;
    }
    return nz ? (double)kept / (double)nz : NAN;
}

int ctome_effective_rank_of(const double *a, size_t rows, size_t cols, double *erank)
{
    size_t r = rows < cols ? rows : cols;
    double *s = malloc((r ? r : 1) * sizeof *s);
    if (!s)
        return ctome_error_nomem();
    int rc = ctome_rank_singular_values(a, rows, cols, s);
    if (!rc)
        *erank = ctome_rank_effective(s, r);
    free(s);
    return rc;
}
