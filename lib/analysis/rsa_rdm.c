/* rsa_rdm.c — RDMs from a conditions x channels data matrix (rsa.h). */
#include "rsa.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"

static const char *const rdm_names[] = {"sqeuclidean", "correlation", "mahalanobis", "crossnobis"};
static const char *const cmp_names[] = {"cosine", "pearson", "spearman", "kendall", "rho-a",
                                        "whitened-cosine"};

const char *ctome_rdm_method_name(ctome_rdm_method m)
{
    return (unsigned)m < 4 ? rdm_names[m] : "?";
}

int ctome_rdm_method_parse(const char *s, ctome_rdm_method *m)
{
    for (int i = 0; i < 4; i++)
        if (s && strcasecmp(s, rdm_names[i]) == 0) {
            *m = (ctome_rdm_method)i;
            return CTOME_OK;
        }
    return ctome_error(CTOME_EINVAL, NULL, 0,
                       "unknown RDM method '%s' (sqeuclidean, correlation, mahalanobis, crossnobis)",
                       s ? s : "");
}

const char *ctome_rsa_method_name(ctome_rsa_method m)
{
    return (unsigned)m < 6 ? cmp_names[m] : "?";
}

int ctome_rsa_method_parse(const char *s, ctome_rsa_method *m)
{
    for (int i = 0; i < 6; i++)
        if (s && strcasecmp(s, cmp_names[i]) == 0) {
            *m = (ctome_rsa_method)i;
            return CTOME_OK;
        }
    if (s && (strcasecmp(s, "tau-a") == 0 || strcasecmp(s, "kendall-tau-a") == 0)) {
        *m = CTOME_RSA_KENDALL_TAU_A;
        return CTOME_OK;
    }
    return ctome_error(CTOME_EINVAL, NULL, 0,
                       "unknown comparison '%s' (cosine, pearson, spearman, kendall, rho-a, "
                       "whitened-cosine)", s ? s : "");
}

size_t ctome_rdm_len(size_t n) { return n < 2 ? 0 : n * (n - 1) / 2; }

size_t ctome_rdm_index(size_t n, size_t i, size_t j)
{
    if (i > j) {
        size_t t = i;
        i = j;
        j = t;
    }
    /* rows 0..i-1 hold (n-1) + (n-2) + ... + (n-i) entries */
    return i * n - i * (i + 1) / 2 + (j - i - 1);
}

void ctome_rdm_square(size_t n, const double *v, double *sq)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        sq[i * n + i] = 0;
        for (size_t j = i + 1; j < n; j++, k++)
            sq[i * n + j] = sq[j * n + i] = v[k];
    }
}

/* Checks shared by every method: sizes, labels, finite values. */
static int check_data(const ctome_rsa_data *d)
{
    if (!d || !d->x || !d->cond || d->n_ch == 0)
        return ctome_error(CTOME_EINVAL, d ? d->source : NULL, 0, "no data");
    if (d->n_cond < 2)
        return ctome_error(CTOME_EVALUE, d->source, 0,
                           "an RDM needs at least 2 conditions, got %zu", d->n_cond);
    size_t *count = calloc(d->n_cond, sizeof *count);
    if (!count)
        return ctome_error_nomem();
    int rc = CTOME_OK;
    for (size_t k = 0; k < d->n_obs && !rc; k++) {
        if (d->cond[k] < 0 || (size_t)d->cond[k] >= d->n_cond)
            rc = ctome_error(CTOME_EINVAL, d->source, (long)k + 1, "condition label %d out of range",
                             d->cond[k]);
        else
            count[d->cond[k]]++;
        for (size_t c = 0; c < d->n_ch && !rc; c++)
            if (!isfinite(d->x[k * d->n_ch + c]))
                rc = ctome_error(CTOME_EVALUE, d->source, (long)k + 1,
                                 "non-finite value '%g' in channel %zu of observation %zu",
                                 d->x[k * d->n_ch + c], c + 1, k + 1);
    }
    for (size_t c = 0; c < d->n_cond && !rc; c++)
        if (!count[c])
            rc = ctome_error(CTOME_EVALUE, d->source, 0, "condition %zu has no observation", c + 1);
    free(count);
    return rc;
}

/* Per-condition means of the rows selected by fold (fold < 0: all rows;
 * exclude = 1: all rows NOT in fold).  Returns CTOME_EVALUE if a condition
 * has no selected row. */
static int cond_means(const ctome_rsa_data *d, int fold, int exclude, double *m)
{
    size_t n = d->n_cond, p = d->n_ch;
    size_t *cnt = calloc(n, sizeof *cnt);
    if (!cnt)
        return ctome_error_nomem();
    memset(m, 0, n * p * sizeof *m);
    for (size_t k = 0; k < d->n_obs; k++) {
        if (fold >= 0 && ((d->fold[k] == fold) == exclude))
            continue;
        double *row = m + (size_t)d->cond[k] * p;
        const double *x = d->x + k * p;
        for (size_t c = 0; c < p; c++)
            row[c] += x[c];
        cnt[d->cond[k]]++;
    }
    int rc = CTOME_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (!cnt[i]) {
            rc = ctome_error(CTOME_EVALUE, d->source, 0,
                             "condition %zu has no observation %s fold %d", i + 1,
                             exclude ? "outside" : "in", fold + 1);
            break;
        }
        for (size_t c = 0; c < p; c++)
            m[i * p + c] /= (double)cnt[i];
    }
    free(cnt);
    return rc;
}

static void rdm_sqeuclidean(size_t n, size_t p, const double *m, double *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++, k++) {
            double s = 0;
            for (size_t c = 0; c < p; c++) {
                double t = m[i * p + c] - m[j * p + c];
                s += t * t;
            }
            out[k] = s / (double)p;
        }
}

static int rdm_correlation(const ctome_rsa_data *d, double *m, double *out)
{
    size_t n = d->n_cond, p = d->n_ch;
    /* centre and normalise each pattern: 1 - r is then 1 - dot product */
    for (size_t i = 0; i < n; i++) {
        double *x = m + i * p, mu = 0, ss = 0;
        for (size_t c = 0; c < p; c++)
            mu += x[c];
        mu /= (double)p;
        for (size_t c = 0; c < p; c++) {
            x[c] -= mu;
            ss += x[c] * x[c];
        }
        if (!(ss > 0))
            return ctome_error(CTOME_EVALUE, d->source, 0,
                               "condition %zu has a constant pattern: correlation undefined", i + 1);
        ss = 1 / sqrt(ss);
        for (size_t c = 0; c < p; c++)
            x[c] *= ss;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++, k++) {
            double s = 0;
            for (size_t c = 0; c < p; c++)
                s += m[i * p + c] * m[j * p + c];
            out[k] = 1 - s;
        }
    return CTOME_OK;
}

int ctome_rsa_noise_cov(const ctome_rsa_data *d, double *cov, double *lambda)
{
    int rc = check_data(d);
    if (rc)
        return rc;
    size_t n = d->n_obs, p = d->n_ch;
    double *r = malloc(n * p * sizeof *r), *m = malloc(d->n_cond * p * sizeof *m);
    double *s2 = malloc(p * p * sizeof *s2);
    if (!r || !m || !s2) {
        rc = ctome_error_nomem();
        goto done;
    }
    double dof = (double)n - (double)d->n_cond;
    if (dof > 0) {
        if ((rc = cond_means(d, -1, 0, m)))
            goto done;
        for (size_t k = 0; k < n; k++)
            for (size_t c = 0; c < p; c++)
                r[k * p + c] = d->x[k * p + c] - m[(size_t)d->cond[k] * p + c];
    } else {
        dof = (double)n - 1;
        memcpy(r, d->x, n * p * sizeof *r);
    }
    /* _check_demean: remove the column means (a no-op for residuals) */
    for (size_t c = 0; c < p; c++) {
        double mu = 0;
        for (size_t k = 0; k < n; k++)
            mu += r[k * p + c];
        mu /= (double)n;
        for (size_t k = 0; k < n; k++)
            r[k * p + c] -= mu;
    }
    if (!(dof > 0)) {
        rc = ctome_error(CTOME_EVALUE, d->source, 0, "too few observations (%zu) for a covariance", n);
        goto done;
    }
    /* S_sum = R'R and S2_sum = (R∘R)'(R∘R) (the sums of w and w^2 before
     * standardising) */
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)p, (int)p, (int)n, 1.0, r, (int)p, r,
                (int)p, 0.0, cov, (int)p);
    for (size_t i = 0; i < n * p; i++)
        r[i] *= r[i];
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)p, (int)p, (int)n, 1.0, r, (int)p, r,
                (int)p, 0.0, s2, (int)p);
    double num = 0, den = 0;
    for (size_t i = 0; i < p; i++)
        if (!(cov[i * p + i] > 0)) {
            rc = ctome_error(CTOME_EVALUE, d->source, 0,
                             "channel %zu has zero residual variance: covariance singular", i + 1);
            goto done;
        }
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            if (i == j)
                continue;
            /* var = diag(S) = S_sum_ii / dof */
            double vi = cov[i * p + i] / dof, vj = cov[j * p + j] / dof;
            double m1 = cov[i * p + j] / sqrt(vi * vj) / dof;
            double m2 = s2[i * p + j] / (vi * vj) / dof;
            num += (double)n / (dof * dof) * (m2 - m1 * m1);
            den += m1 * m1;
        }
    double lam = den > 0 ? num / den : 1;
    lam = lam < 0 ? 0 : lam > 1 ? 1 : lam;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            cov[i * p + j] = cov[i * p + j] / dof * (i == j ? 1 : 1 - lam);
    if (lambda)
        *lambda = lam;
done:
    free(r);
    free(m);
    free(s2);
    return rc;
}

/* Precision = inverse of the shrinkage covariance (Cholesky). */
static int precision(const ctome_rsa_data *d, double *prec)
{
    size_t p = d->n_ch;
    int rc = ctome_rsa_noise_cov(d, prec, NULL);
    if (rc)
        return rc;
    if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (int)p, prec, (int)p) != 0 ||
        LAPACKE_dpotri(LAPACK_ROW_MAJOR, 'U', (int)p, prec, (int)p) != 0)
        return ctome_error(CTOME_EVALUE, d->source, 0,
                           "the shrinkage covariance of %zu channels is not positive definite", p);
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < i; j++)
            prec[i * p + j] = prec[j * p + i];
    return CTOME_OK;
}

/* K = A P B' (n x n); d_ij += (K_ii + K_jj - K_ij - K_ji) / p * w. */
static void add_kernel(size_t n, size_t p, const double *a, const double *b, const double *prec,
                       double *tmp, double *k, double w, double *out)
{
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)p, (int)p, 1.0, a, (int)p,
                prec, (int)p, 0.0, tmp, (int)p);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)n, (int)p, 1.0, tmp, (int)p,
                b, (int)p, 0.0, k, (int)n);
    size_t q = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++, q++)
            out[q] += w * (k[i * n + i] + k[j * n + j] - k[i * n + j] - k[j * n + i]) / (double)p;
}

static int rdm_mahalanobis(const ctome_rsa_data *d, int cross, double *out)
{
    size_t n = d->n_cond, p = d->n_ch;
    if (cross) {
        if (!d->fold || d->n_fold < 2)
            return ctome_error(CTOME_EVALUE, d->source, 0,
                               "crossnobis needs at least 2 folds, got %zu", d->fold ? d->n_fold : 0);
        for (size_t k = 0; k < d->n_obs; k++)
            if (d->fold[k] < 0 || (size_t)d->fold[k] >= d->n_fold)
                return ctome_error(CTOME_EINVAL, d->source, (long)k + 1, "fold label %d out of range",
                                   d->fold[k]);
    }
    double *prec = malloc(p * p * sizeof *prec), *a = malloc(n * p * sizeof *a);
    double *b = malloc(n * p * sizeof *b), *tmp = malloc(n * p * sizeof *tmp);
    double *k = malloc(n * n * sizeof *k);
    int rc = CTOME_OK;
    if (!prec || !a || !b || !tmp || !k) {
        rc = ctome_error_nomem();
        goto done;
    }
    if ((rc = precision(d, prec)))
        goto done;
    memset(out, 0, ctome_rdm_len(n) * sizeof *out);
    if (!cross) {
        if (!(rc = cond_means(d, -1, 0, a)))
            add_kernel(n, p, a, a, prec, tmp, k, 1.0, out);
    } else {
        for (size_t f = 0; f < d->n_fold && !rc; f++) {
            if ((rc = cond_means(d, (int)f, 0, a)) || (rc = cond_means(d, (int)f, 1, b)))
                break;
            add_kernel(n, p, a, b, prec, tmp, k, 1.0 / (double)d->n_fold, out);
        }
    }
done:
    free(prec);
    free(a);
    free(b);
    free(tmp);
    free(k);
    return rc;
}

int ctome_rdm_compute(const ctome_rsa_data *d, ctome_rdm_method method, double *rdm)
{
    int rc = check_data(d);
    if (rc)
        return rc;
    if (!rdm)
        return ctome_error(CTOME_EINVAL, d->source, 0, "no output");
    if (method == CTOME_RDM_MAHALANOBIS || method == CTOME_RDM_CROSSNOBIS)
        return rdm_mahalanobis(d, method == CTOME_RDM_CROSSNOBIS, rdm);
    if (method != CTOME_RDM_SQEUCLIDEAN && method != CTOME_RDM_CORRELATION)
        return ctome_error(CTOME_EINVAL, d->source, 0, "unknown RDM method %d", (int)method);
    double *m = malloc(d->n_cond * d->n_ch * sizeof *m);
    if (!m)
        return ctome_error_nomem();
    rc = cond_means(d, -1, 0, m);
    if (!rc) {
        if (method == CTOME_RDM_SQEUCLIDEAN)
            rdm_sqeuclidean(d->n_cond, d->n_ch, m, rdm);
        else
            rc = rdm_correlation(d, m, rdm);
    }
    free(m);
    return rc;
}
