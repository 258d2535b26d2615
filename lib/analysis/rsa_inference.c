/* rsa_inference.c — permutation tests and bootstrap intervals over
 * conditions (rsa.h; Nili et al. 2014; rsatoolbox inference/bootstrap.py).
 *
 * Permuting the conditions of an RDM permutes its entries; the multiset of
 * values, hence its ranks (as a multiset), mean and norm, does not change.
 * So every transform of the vectors (centring, ranking, double centring) is
 * done once and each permutation is a gather through the permuted condition
 * indices: O(m) per permutation, no allocation, nothing shared but reads. */
#include "rsa.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rng.h"
#include "rsa_internal.h"

/* What one permutation needs, prepared once. */
typedef struct {
    size_t n, m;
    ctome_rsa_method method;
    double *a;      /* dot kinds: transformed r1 (m); whitened: G1 (n x n); kendall: sorted r1 */
    double *bsq;    /* transformed r2 as a full n x n matrix (whitened: G2) */
    double scale;
    size_t *pos;    /* kendall: condensed index of the q-th smallest r1 entry */
    int *pi, *pj;   /* kendall: the conditions of condensed entry k */
} rsa_prep;

static void prep_free(rsa_prep *pp)
{
    free(pp->a);
    free(pp->bsq);
    free(pp->pos);
    free(pp->pi);
    free(pp->pj);
    memset(pp, 0, sizeof *pp);
}

static double sumsq(size_t m, const double *v)
{
    double s = 0;
    for (size_t k = 0; k < m; k++)
        s += v[k] * v[k];
    return s;
}

static void centre(size_t m, double *v)
{
    double mu = 0;
    for (size_t k = 0; k < m; k++)
        mu += v[k];
    mu /= (double)m;
    for (size_t k = 0; k < m; k++)
        v[k] -= mu;
}

static int cmp_vi(const void *x, const void *y)
{
    const rsa_vi *a = x, *b = y;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

static int prepare(size_t n, const double *r1, const double *r2, ctome_rsa_method method,
                   rsa_prep *pp)
{
    memset(pp, 0, sizeof *pp);
    size_t m = ctome_rdm_len(n);
    pp->n = n;
    pp->m = m;
    pp->method = method;
    size_t na = method == CTOME_RSA_WHITENED_COSINE ? n * n : m;
    pp->a = malloc(na * sizeof *pp->a);
    pp->bsq = malloc(n * n * sizeof *pp->bsq);
    double *b = malloc((m + n) * sizeof *b);
    rsa_vi *vi = malloc(m * sizeof *vi);
    int rc = CTOME_OK, undefined = 0;
    if (!pp->a || !pp->bsq || !b || !vi) {
        rc = ctome_error_nomem();
        goto done;
    }
    switch (method) {
    case CTOME_RSA_COSINE:
    case CTOME_RSA_PEARSON:
        memcpy(pp->a, r1, m * sizeof *b);
        memcpy(b, r2, m * sizeof *b);
        if (method == CTOME_RSA_PEARSON) {
            centre(m, pp->a);
            centre(m, b);
        }
        break;
    case CTOME_RSA_SPEARMAN:
    case CTOME_RSA_RHO_A:
        rsa_rank(m, r1, pp->a, vi);
        rsa_rank(m, r2, b, vi);
        centre(m, pp->a);
        centre(m, b);
        break;
    case CTOME_RSA_KENDALL_TAU_A:
        pp->pos = malloc(m * sizeof *pp->pos);
        pp->pi = malloc(m * sizeof *pp->pi);
        pp->pj = malloc(m * sizeof *pp->pj);
        if (!pp->pos || !pp->pi || !pp->pj) {
            rc = ctome_error_nomem();
            goto done;
        }
        for (size_t k = 0; k < m; k++)
            vi[k] = (rsa_vi){r1[k], k};
        qsort(vi, m, sizeof *vi, cmp_vi);
        for (size_t q = 0; q < m; q++) {
            pp->a[q] = vi[q].v;
            pp->pos[q] = vi[q].i;
        }
        {
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t j = i + 1; j < n; j++, k++) {
                    pp->pi[k] = (int)i;
                    pp->pj[k] = (int)j;
                }
        }
        memcpy(b, r2, m * sizeof *b);
        break;
    case CTOME_RSA_WHITENED_COSINE:
        ctome_rdm_square(n, r1, pp->a);
        rsa_double_centre(n, pp->a, pp->a, b);
        break;
    default:
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "unknown comparison %d", (int)method);
        goto done;
    }
    if (method == CTOME_RSA_WHITENED_COSINE) {
        ctome_rdm_square(n, r2, pp->bsq);
        rsa_double_centre(n, pp->bsq, pp->bsq, b);
    } else {
        ctome_rdm_square(n, b, pp->bsq);
    }
    if (method == CTOME_RSA_RHO_A) {
        double md = (double)m;
        pp->scale = 12.0 / (md * md * md - md);
        undefined = m < 2;
    } else if (method == CTOME_RSA_KENDALL_TAU_A) {
        undefined = m < 2;
    } else {
        double sa = sumsq(na, pp->a), sb = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = method == CTOME_RSA_WHITENED_COSINE ? 0 : i + 1; j < n; j++)
                sb += pp->bsq[i * n + j] * pp->bsq[i * n + j];
        undefined = !(sa > 0) || !(sb > 0);
        if (!undefined)
            pp->scale = 1.0 / (sqrt(sa) * sqrt(sb));
    }
    if (undefined)
        rc = ctome_error(CTOME_EVALUE, NULL, 0,
                         "%s undefined: an RDM is constant (zero variance or zero norm)",
                         ctome_rsa_method_name(method));
done:
    free(b);
    free(vi);
    if (rc)
        prep_free(pp);
    return rc;
}

/* The statistic under condition permutation p of RDM 2.  y, tmp: m doubles
 * (kendall only). */
static double perm_stat(const rsa_prep *pp, const int *p, double *y, double *tmp)
{
    size_t n = pp->n;
    const double *a = pp->a, *bsq = pp->bsq;
    if (pp->method == CTOME_RSA_KENDALL_TAU_A) {
        for (size_t q = 0; q < pp->m; q++) {
            size_t k = pp->pos[q];
            y[q] = bsq[(size_t)p[pp->pi[k]] * n + (size_t)p[pp->pj[k]]];
        }
        return rsa_tau_a_sorted(pp->m, a, y, tmp);
    }
    double s = 0;
    if (pp->method == CTOME_RSA_WHITENED_COSINE) {
        for (size_t i = 0; i < n; i++) {
            const double *row = bsq + (size_t)p[i] * n, *ai = a + i * n;
            for (size_t j = 0; j < n; j++)
                s += ai[j] * row[p[j]];
        }
    } else {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            const double *row = bsq + (size_t)p[i] * n;
            for (size_t j = i + 1; j < n; j++)
                s += a[k++] * row[p[j]];
        }
    }
    return s * pp->scale;
}

static int check_inputs(size_t n, const double *r1, const double *r2)
{
    if (n < 2)
        return ctome_error(CTOME_EVALUE, NULL, 0, "an RDM needs at least 2 conditions, got %zu", n);
    if (!r1 || !r2)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no RDM");
    size_t m = ctome_rdm_len(n);
    for (size_t k = 0; k < m; k++)
        if (!isfinite(r1[k]) || !isfinite(r2[k]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "non-finite dissimilarity '%g' at entry %zu",
                               isfinite(r1[k]) ? r2[k] : r1[k], k + 1);
    return CTOME_OK;
}

int ctome_rsa_perm_test(size_t n, const double *r1, const double *r2, ctome_rsa_method method,
                        size_t n_perm, uint64_t seed, int threads, double *observed, double *p,
                        size_t *n_ge)
{
    return ctome_rsa_perm_test_dist(n, r1, r2, method, n_perm, seed, threads, NULL, observed, p, n_ge);
}

int ctome_rsa_perm_test_dist(size_t n, const double *r1, const double *r2, ctome_rsa_method method,
                             size_t n_perm, uint64_t seed, int threads, const ctome_dist *dist,
                             double *observed, double *p, size_t *n_ge)
{
    if (n_perm == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "the permutation count must be >= 1");
    int rc = check_inputs(n, r1, r2);
    if (rc)
        return rc;
    rsa_prep pp;
    if ((rc = prepare(n, r1, r2, method, &pp)))
        return rc;
    size_t m = pp.m;
    double obs;
    {
        int *id = malloc(n * sizeof *id);
        double *y = malloc(2 * m * sizeof *y);
        if (!id || !y) {
            free(id);
            free(y);
            prep_free(&pp);
            return ctome_error_nomem();
        }
        for (size_t i = 0; i < n; i++)
            id[i] = (int)i;
        obs = perm_stat(&pp, id, y, y + m);
        free(id);
        free(y);
    }
    if (threads <= 0)
        threads = omp_get_max_threads();
    /* this process's permutations [lo, hi); ge[i] = permutation i reached
     * the observed value (gathered from every process before counting) */
    size_t lo, hi;
    ctome_dist_block(dist, n_perm, &lo, &hi);
    unsigned char *ge = calloc(n_perm, 1);
    int failed = !ge;
    long long plo = (long long)lo, phi = (long long)hi;
    if (!failed && hi > lo) {
#pragma omp parallel num_threads(threads) reduction(| : failed)
        {
            int *perm = malloc(n * sizeof *perm);
            double *y = malloc(2 * m * sizeof *y);
            if (!perm || !y)
                failed = 1;
#pragma omp for schedule(static)
            for (long long i = plo; i < phi; i++) {
                if (failed)
                    continue;
                ctome_rng r;
                ctome_rng_seed(&r, seed, (uint64_t)i);
                for (size_t c = 0; c < n; c++)
                    perm[c] = (int)c;
                ctome_rng_shuffle_int(&r, perm, n);
                ge[i] = perm_stat(&pp, perm, y, y + m) >= obs;
            }
            free(perm);
            free(y);
        }
    }
    prep_free(&pp);
    rc = ctome_dist_gather(dist, failed ? ctome_error_nomem() : CTOME_OK, ge, n_perm, 1);
    size_t count = 0;
    for (size_t i = 0; !rc && i < n_perm; i++)
        count += ge[i];
    free(ge);
    if (rc)
        return rc;
    if (observed)
        *observed = obs;
    if (p)
        *p = (1.0 + (double)count) / (1.0 + (double)n_perm);
    if (n_ge)
        *n_ge = (size_t)count;
    return CTOME_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double sorted_quantile(const double *s, size_t m, double q)
{
    double pos = q * (double)(m - 1);
    size_t lo = (size_t)floor(pos);
    size_t hi = lo + 1 < m ? lo + 1 : lo;
    return s[lo] + (pos - (double)lo) * (s[hi] - s[lo]);
}

/* One bootstrap sample: its statistic, or NAN when undefined. */
static double boot_one(size_t n, const double *s1, const double *s2, ctome_rsa_method method,
                       const size_t *idx, double *x, double *y, double *sq, rsa_ws *ws)
{
    double out;
    if (method == CTOME_RSA_WHITENED_COSINE) {
        double *d1 = sq, *d2 = sq + n * n, *g1 = sq + 2 * n * n, *g2 = sq + 3 * n * n;
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++) {
                d1[a * n + b] = s1[idx[a] * n + idx[b]];
                d2[a * n + b] = s2[idx[a] * n + idx[b]];
            }
        return rsa_whitened_sq(n, d1, d2, g1, g2, sq + 4 * n * n, &out) ? NAN : out;
    }
    size_t k = 0;
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (idx[a] != idx[b]) {
                x[k] = s1[idx[a] * n + idx[b]];
                y[k] = s2[idx[a] * n + idx[b]];
                k++;
            }
    return rsa_vec_stat(k, x, y, method, ws, &out) ? NAN : out;
}

int ctome_rsa_bootstrap(size_t n, const double *r1, const double *r2, ctome_rsa_method method,
                        size_t n_boot, uint64_t seed, int threads, double level, double *lo,
                        double *hi, double *se, size_t *n_valid)
{
    return ctome_rsa_bootstrap_dist(n, r1, r2, method, n_boot, seed, threads, NULL, level, lo, hi, se,
                                    n_valid);
}

int ctome_rsa_bootstrap_dist(size_t n, const double *r1, const double *r2, ctome_rsa_method method,
                             size_t n_boot, uint64_t seed, int threads, const ctome_dist *dist,
                             double level, double *lo, double *hi, double *se, size_t *n_valid)
{
    if (n_boot == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "the bootstrap sample count must be >= 1");
    if (!(level > 0 && level < 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "confidence level '%g' outside (0, 1)", level);
    if ((unsigned)method > CTOME_RSA_WHITENED_COSINE)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown comparison %d", (int)method);
    int rc = check_inputs(n, r1, r2);
    if (rc)
        return rc;
    size_t m = ctome_rdm_len(n);
    double *s1 = malloc(n * n * sizeof *s1), *s2 = malloc(n * n * sizeof *s2);
    double *vals = malloc(n_boot * sizeof *vals);
    if (!s1 || !s2 || !vals) {
        free(s1);
        free(s2);
        free(vals);
        return ctome_error_nomem();
    }
    ctome_rdm_square(n, r1, s1);
    ctome_rdm_square(n, r2, s2);
    if (threads <= 0)
        threads = omp_get_max_threads();
    int failed = 0;
    size_t blo, bhi;   /* this process's samples (dist.h) */
    ctome_dist_block(dist, n_boot, &blo, &bhi);
    long long ilo = (long long)blo, ihi = (long long)bhi;
    int whitened = method == CTOME_RSA_WHITENED_COSINE;
    if (bhi > blo) {
#pragma omp parallel num_threads(threads) reduction(| : failed)
        {
            size_t *idx = malloc(n * sizeof *idx);
            double *x = malloc(m * sizeof *x), *y = malloc(m * sizeof *y);
            double *sq = whitened ? malloc((4 * n * n + n) * sizeof *sq) : NULL;
            rsa_ws ws;
            int wrc = rsa_ws_init(&ws, m);
            if (!idx || !x || !y || (whitened && !sq) || wrc)
                failed = 1;
#pragma omp for schedule(static)
            for (long long i = ilo; i < ihi; i++) {
                if (failed)
                    continue;
                ctome_rng r;
                ctome_rng_seed(&r, seed, (uint64_t)i);
                for (size_t a = 0; a < n; a++)
                    idx[a] = (size_t)ctome_rng_below(&r, n);
                vals[i] = boot_one(n, s1, s2, method, idx, x, y, sq, &ws);
            }
            free(idx);
            free(x);
            free(y);
            free(sq);
            if (!wrc)
                rsa_ws_free(&ws);
        }
    }
    free(s1);
    free(s2);
    rc = ctome_dist_gather(dist, failed ? ctome_error_nomem() : CTOME_OK, vals, n_boot, sizeof *vals);
    if (rc) {
        free(vals);
        return rc;
    }
    size_t v = 0;
    for (size_t i = 0; i < n_boot; i++)
        if (!isnan(vals[i]))
            vals[v++] = vals[i];
    if (v < 2) {
        free(vals);
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "only %zu of %zu bootstrap samples gave a defined %s", v, n_boot,
                           ctome_rsa_method_name(method));
    }
    qsort(vals, v, sizeof *vals, cmp_double);
    double mu = 0, ss = 0;
    for (size_t i = 0; i < v; i++)
        mu += vals[i];
    mu /= (double)v;
    for (size_t i = 0; i < v; i++)
        ss += (vals[i] - mu) * (vals[i] - mu);
    if (lo)
        *lo = sorted_quantile(vals, v, (1 - level) / 2);
    if (hi)
        *hi = sorted_quantile(vals, v, (1 + level) / 2);
    if (se)
        *se = sqrt(ss / (double)(v - 1));
    if (n_valid)
        *n_valid = v;
    free(vals);
    return CTOME_OK;
}
