/* rsa_compare.c — RDM comparisons (rsa.h), following rsatoolbox
 * rdm/compare.py: cosine, Pearson, Spearman, Kendall tau-a, rho-a (Nili et
 * al. 2014) and the whitened cosine (Diedrichsen et al. 2021). */
#include "rsa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rsa_internal.h"

int rsa_ws_init(rsa_ws *ws, size_t cap)
{
    memset(ws, 0, sizeof *ws);
    size_t c = cap ? cap : 1;
    ws->cap = cap;
    ws->u = malloc(c * sizeof *ws->u);
    ws->w = malloc(c * sizeof *ws->w);
    ws->tmp = malloc(c * sizeof *ws->tmp);
    ws->vi = malloc(c * sizeof *ws->vi);
    if (!ws->u || !ws->w || !ws->tmp || !ws->vi) {
        rsa_ws_free(ws);
        return ctome_error_nomem();
    }
    return CTOME_OK;
}

void rsa_ws_free(rsa_ws *ws)
{
    free(ws->u);
    free(ws->w);
    free(ws->tmp);
    free(ws->vi);
    memset(ws, 0, sizeof *ws);
}

static int cmp_vi(const void *a, const void *b)
{
    const rsa_vi *x = a, *y = b;
    if (x->v < y->v)
        return -1;
    if (x->v > y->v)
        return 1;
    return (x->i > y->i) - (x->i < y->i);
}

void rsa_rank(size_t m, const double *x, double *r, rsa_vi *vi)
{
    for (size_t k = 0; k < m; k++)
        vi[k] = (rsa_vi){x[k], k};
    qsort(vi, m, sizeof *vi, cmp_vi);
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && vi[b].v == vi[a].v)
            b++;
        double rk = 0.5 * (double)(a + 1 + b);   /* mean of ranks a+1 .. b */
        for (size_t k = a; k < b; k++)
            r[vi[k].i] = rk;
        a = b;
    }
}

int ctome_rsa_rank(size_t m, const double *x, double *r)
{
    if (!m || !x || !r)
        return ctome_error(CTOME_EINVAL, NULL, 0, "empty vector");
    rsa_vi *vi = malloc(m * sizeof *vi);
    if (!vi)
        return ctome_error_nomem();
    rsa_rank(m, x, r, vi);
    free(vi);
    return CTOME_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Count pairs i < j with y[i] > y[j] while merge-sorting y (stable). */
static unsigned long long merge_count(double *y, double *tmp, size_t m)
{
    unsigned long long inv = 0;
    for (size_t w = 1; w < m; w *= 2) {
        for (size_t lo = 0; lo < m; lo += 2 * w) {
            size_t mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (y[j] < y[i]) {
                    inv += mid - i;
                    tmp[k++] = y[j++];
                } else {
                    tmp[k++] = y[i++];
                }
            }
            while (i < mid)
                tmp[k++] = y[i++];
            while (j < hi)
                tmp[k++] = y[j++];
        }
        memcpy(y, tmp, m * sizeof *y);
    }
    return inv;
}

static unsigned long long tie_pairs(size_t t) { return (unsigned long long)t * (t - 1) / 2; }

double rsa_tau_a_sorted(size_t m, const double *xs, double *y, double *tmp)
{
    /* Knight 1966: sort by (x, y); C - D = n0 - n1 - n2 + n3 - 2 * swaps */
    unsigned long long n1 = 0, n3 = 0;
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && xs[b] == xs[a])
            b++;
        if (b - a > 1) {
            n1 += tie_pairs(b - a);
            qsort(y + a, b - a, sizeof *y, cmp_double);
            for (size_t c = a; c < b;) {
                size_t e = c + 1;
                while (e < b && y[e] == y[c])
                    e++;
                n3 += tie_pairs(e - c);
                c = e;
            }
        }
        a = b;
    }
    unsigned long long swaps = merge_count(y, tmp, m), n2 = 0;
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && y[b] == y[a])
            b++;
        n2 += tie_pairs(b - a);
        a = b;
    }
    double n0 = (double)tie_pairs(m);
    double cd = n0 - (double)n1 - (double)n2 + (double)n3 - 2.0 * (double)swaps;
    double tau = cd / n0;
    return tau > 1 ? 1 : tau < -1 ? -1 : tau;
}

/* tau-a of raw vectors with scratch from ws (u: sorted x, w: y). */
static double tau_a_ws(size_t m, const double *x, const double *y, rsa_ws *ws)
{
    for (size_t k = 0; k < m; k++)
        ws->vi[k] = (rsa_vi){x[k], k};
    qsort(ws->vi, m, sizeof *ws->vi, cmp_vi);
    for (size_t k = 0; k < m; k++) {
        ws->u[k] = ws->vi[k].v;
        ws->w[k] = y[ws->vi[k].i];
    }
    return rsa_tau_a_sorted(m, ws->u, ws->w, ws->tmp);
}

int ctome_rsa_tau_a(size_t m, const double *x, const double *y, double *out)
{
    if (m < 2 || !x || !y)
        return ctome_error(CTOME_EVALUE, NULL, 0, "tau-a needs at least 2 values, got %zu", m);
    rsa_ws ws;
    if (rsa_ws_init(&ws, m))
        return ctome_error_code();
    *out = tau_a_ws(m, x, y, &ws);
    rsa_ws_free(&ws);
    return CTOME_OK;
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

static int cosine(size_t m, const double *a, const double *b, double *out)
{
    double ab = 0, aa = 0, bb = 0;
    for (size_t k = 0; k < m; k++) {
        ab += a[k] * b[k];
        aa += a[k] * a[k];
        bb += b[k] * b[k];
    }
    if (!(aa > 0) || !(bb > 0))
        return 1;
    *out = ab / (sqrt(aa) * sqrt(bb));
    return 0;
}

int rsa_vec_stat(size_t m, const double *x, const double *y, ctome_rsa_method method, rsa_ws *ws,
                 double *out)
{
    if (m < 1)
        return 1;
    switch (method) {
    case CTOME_RSA_COSINE:
        return cosine(m, x, y, out);
    case CTOME_RSA_PEARSON:
        memcpy(ws->u, x, m * sizeof *x);
        memcpy(ws->w, y, m * sizeof *y);
        centre(m, ws->u);
        centre(m, ws->w);
        return cosine(m, ws->u, ws->w, out);
    case CTOME_RSA_SPEARMAN:
    case CTOME_RSA_RHO_A:
        rsa_rank(m, x, ws->u, ws->vi);
        rsa_rank(m, y, ws->w, ws->vi);
        centre(m, ws->u);
        centre(m, ws->w);
        if (method == CTOME_RSA_SPEARMAN)
            return cosine(m, ws->u, ws->w, out);
        if (m < 2)
            return 1;
        {
            double s = 0, md = (double)m;
            for (size_t k = 0; k < m; k++)
                s += ws->u[k] * ws->w[k];
            *out = 12.0 * s / (md * md * md - md);
        }
        return 0;
    case CTOME_RSA_KENDALL_TAU_A:
        if (m < 2)
            return 1;
        *out = tau_a_ws(m, x, y, ws);
        return 0;
    default:
        return 1;
    }
}

void rsa_double_centre(size_t n, const double *d, double *g, double *row)
{
    /* G = -1/2 H D H: subtract row and column means, add the grand mean */
    double grand = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += d[i * n + j];
        row[i] = s / (double)n;
        grand += s;
    }
    grand /= (double)(n * n);
    /* D symmetric: column means = row means */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            g[i * n + j] = -0.5 * (d[i * n + j] - row[i] - row[j] + grand);
}

int rsa_whitened_sq(size_t n, const double *d1, const double *d2, double *g1, double *g2,
                    double *row, double *out)
{
    rsa_double_centre(n, d1, g1, row);
    rsa_double_centre(n, d2, g2, row);
    return cosine(n * n, g1, g2, out);
}

int ctome_rsa_compare(size_t n, const double *r1, const double *r2, ctome_rsa_method method,
                      double *out)
{
    if (n < 2)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "an RDM needs at least 2 conditions, got %zu", n);
    if (!r1 || !r2 || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no RDM");
    if ((unsigned)method > CTOME_RSA_WHITENED_COSINE)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown comparison %d", (int)method);
    size_t m = ctome_rdm_len(n);
    for (size_t k = 0; k < m; k++)
        if (!isfinite(r1[k]) || !isfinite(r2[k]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "non-finite dissimilarity '%g' at entry %zu",
                               isfinite(r1[k]) ? r2[k] : r1[k], k + 1);
    int undefined;
    if (method == CTOME_RSA_WHITENED_COSINE) {
        double *buf = malloc((4 * n * n + n) * sizeof *buf);
        if (!buf)
            return ctome_error_nomem();
        ctome_rdm_square(n, r1, buf);
        ctome_rdm_square(n, r2, buf + n * n);
        undefined = rsa_whitened_sq(n, buf, buf + n * n, buf + 2 * n * n, buf + 3 * n * n,
                                    buf + 4 * n * n, out);
        free(buf);
    } else {
        rsa_ws ws;
        if (rsa_ws_init(&ws, m))
            return ctome_error_code();
        undefined = rsa_vec_stat(m, r1, r2, method, &ws, out);
        rsa_ws_free(&ws);
    }
    if (undefined)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "%s undefined: an RDM is constant (zero variance or zero norm)",
                           ctome_rsa_method_name(method));
    return CTOME_OK;
}
