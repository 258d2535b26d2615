/* ranktest.c — the Mann-Whitney U test (ranktest.h). */
#include "ranktest.h"
#include "error.h"
#include "rsa.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_MAX_CELLS 20000.0   /* n1 n2 above which the exact null is not computed */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* P(U' >= u) for U' the null U of samples of m and n (m <= n): the
 * probabilities p_{i,j}(k) of U' = k with i of the first and j of the second
 * sample follow p_{i,j}(k) = i/(i+j) p_{i-1,j}(k-j) + j/(i+j) p_{i,j-1}(k)
 * (the largest value belongs to the first sample, which then exceeds all j
 * of the second, or to the second); all terms positive, no cancellation.
 * Rows i = 0..m are kept for the current j.  O(m^2 n^2) time, O(m^2 n) memory. */
static int exact_sf(size_t m, size_t n, double u, double *out)
{
    size_t K = m * n + 1;
    double *p = calloc((m + 1) * K, sizeof *p);   /* p[i*K + k] for the current j */
    if (!p)
        return ctome_error_nomem();
    for (size_t i = 0; i <= m; i++)
        p[i * K] = 1;   /* j = 0: U' = 0 surely */
    for (size_t j = 1; j <= n; j++) {
        /* i = 0: U' = 0 surely; then i ascending uses row i-1 of this j (already
         * updated) and row i of j-1 (not yet overwritten) */
        for (size_t i = 1; i <= m; i++) {
            double a = (double)i / (double)(i + j), b = (double)j / (double)(i + j);
            double *row = p + i * K, *prev = p + (i - 1) * K;
            for (size_t k = i * j + 1; k-- > 0;)
                row[k] = b * row[k] + (k >= j ? a * prev[k - j] : 0);
        }
    }
    double s = 0;
    for (size_t k = (size_t)ceil(u); k < K; k++)
        s += p[m * K + k];
    free(p);
    *out = s;
    return CTOME_OK;
}

int ctome_mann_whitney(const double *x, size_t n1, const double *y, size_t n2, ctome_mwu *out)
{
    memset(out, 0, sizeof *out);
    out->u1 = out->p = out->z = NAN;
    if (n1 == 0 || n2 == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "Mann-Whitney test needs two non-empty samples (%zu, %zu)", n1,
                           n2);
    for (size_t i = 0; i < n1 + n2; i++) {
        double v = i < n1 ? x[i] : y[i - n1];
        if (!isfinite(v))
            return ctome_error(CTOME_EVALUE, NULL, 0, "Mann-Whitney test: value %zu of sample %d is not finite",
                               i < n1 ? i : i - n1, i < n1 ? 1 : 2);
    }
    size_t n = n1 + n2;
    double *v = malloc(3 * n * sizeof *v);
    if (!v)
        return ctome_error_nomem();
    double *r = v + n, *s = v + 2 * n;
    memcpy(v, x, n1 * sizeof *v);
    memcpy(v + n1, y, n2 * sizeof *v);
    int rc = ctome_rsa_rank(n, v, r);
    if (rc) {
        free(v);
        return rc;
    }
    double R1 = 0;
    for (size_t i = 0; i < n1; i++)
        R1 += r[i];
    /* tie groups on the sorted pooled values */
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double tie = 0;
    int ties = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] == s[i])
            j++;
        double t = (double)(j - i);
        tie += t * t * t - t;
        ties |= j - i > 1;
        i = j;
    }
    free(v);
    double N1 = (double)n1, N2 = (double)n2, Nn = (double)n;
    out->n1 = n1;
    out->n2 = n2;
    out->u1 = R1 - N1 * (N1 + 1) / 2;
    double U = fmax(out->u1, N1 * N2 - out->u1);
    size_t m = n1 < n2 ? n1 : n2, M = n1 < n2 ? n2 : n1;
    if (!ties && m <= 8 && N1 * N2 <= EXACT_MAX_CELLS) {
        double sf = NAN;
        if ((rc = exact_sf(m, M, U, &sf)))
            return rc;
        out->exact = 1;
        out->p = fmin(1, 2 * sf);
        return CTOME_OK;
    }
    double var = N1 * N2 / 12 * ((Nn + 1) - tie / (Nn * (Nn - 1)));
    if (!(var > 0)) {
        out->z = 0;
        out->p = 1;
        return CTOME_OK;
    }
    out->z = (U - N1 * N2 / 2 - 0.5) / sqrt(var);
    out->p = fmin(1, 2 * gsl_cdf_ugaussian_Q(out->z));
    return CTOME_OK;
}
