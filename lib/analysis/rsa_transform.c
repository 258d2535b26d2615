/* rsa_transform.c — geo-topological and geodesic transforms (Lin &
 * Kriegeskorte 2024) and the average-linkage order of RDM figures (rsa.h). */
#include "rsa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int ctome_rsa_quantile(size_t m, const double *v, double q, double *out)
{
    if (!m || !v)
        return ctome_error(CTOME_EVALUE, NULL, 0, "quantile of an empty RDM");
    if (!(q >= 0 && q <= 1))
        return ctome_error(CTOME_EVALUE, NULL, 0, "quantile '%g' outside [0, 1]", q);
    double *s = malloc(m * sizeof *s);
    if (!s)
        return ctome_error_nomem();
    memcpy(s, v, m * sizeof *s);
    qsort(s, m, sizeof *s, cmp_double);
    /* numpy 'linear' (type 7): position q (m - 1) */
    double pos = q * (double)(m - 1);
    size_t lo = (size_t)floor(pos);
    size_t hi = lo + 1 < m ? lo + 1 : lo;
    double f = pos - (double)lo;
    *out = s[lo] + f * (s[hi] - s[lo]);
    free(s);
    return CTOME_OK;
}

int ctome_rsa_gt_values(size_t m, const double *d, double l, double u, double *out)
{
    if (!isfinite(l) || !isfinite(u) || !(l < u))
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "geo-topological thresholds need l < u, got l = %g, u = %g", l, u);
    for (size_t k = 0; k < m; k++) {
        double x = d[k];   /* read once: out may alias d */
        if (!isfinite(x))
            return ctome_error(CTOME_EVALUE, NULL, 0, "non-finite dissimilarity '%g' at entry %zu",
                               x, k + 1);
        out[k] = x < l ? 0 : x > u ? 1 : (x - l) / (u - l);
    }
    return CTOME_OK;
}

int ctome_rsa_gt_quantiles(size_t m, const double *d, double ql, double qu, double *out,
                           double *l_out, double *u_out)
{
    if (!(ql >= 0 && qu <= 1 && ql < qu))
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "geo-topological quantiles need 0 <= low < up <= 1, got %g, %g", ql, qu);
    double l, u;
    int rc = ctome_rsa_quantile(m, d, ql, &l);
    if (!rc)
        rc = ctome_rsa_quantile(m, d, qu, &u);
    if (rc)
        return rc;
    if (!(l < u))
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "quantiles %g and %g of the RDM coincide (%g): the RDM is (nearly) constant",
                           ql, qu, l);
    if (l_out)
        *l_out = l;
    if (u_out)
        *u_out = u;
    return ctome_rsa_gt_values(m, d, l, u, out);
}

int ctome_rsa_geodesic(size_t n, const double *g, double *out)
{
    if (n < 2)
        return ctome_error(CTOME_EVALUE, NULL, 0, "an RDM needs at least 2 conditions, got %zu", n);
    double *dist = malloc(n * n * sizeof *dist);
    if (!dist)
        return ctome_error_nomem();
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        dist[i * n + i] = 0;
        for (size_t j = i + 1; j < n; j++, k++) {
            if (!isfinite(g[k]) || g[k] < 0) {
                free(dist);
                return ctome_error(CTOME_EVALUE, NULL, 0,
                                   "geodesic transform needs a GT RDM in [0, 1]: entry %zu is '%g'",
                                   k + 1, g[k]);
            }
            /* saturated pairs (GT = 1) are not edges */
            dist[i * n + j] = dist[j * n + i] = g[k] < 1 ? g[k] : INFINITY;
        }
    }
    /* Floyd–Warshall, row-major inner loop */
    for (size_t v = 0; v < n; v++)
        for (size_t i = 0; i < n; i++) {
            double div = dist[i * n + v];
            if (div == INFINITY)
                continue;
            double *di = dist + i * n;
            const double *dv = dist + v * n;
            for (size_t j = 0; j < n; j++)
                if (div + dv[j] < di[j])
                    di[j] = div + dv[j];
        }
    double top = 0;
    for (size_t i = 0; i < n * n; i++)
        if (isfinite(dist[i]) && dist[i] > top)
            top = dist[i];
    k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++, k++) {
            double x = dist[i * n + j];
            out[k] = !isfinite(x) ? 1 : top > 0 ? x / top : 0;
        }
    free(dist);
    return CTOME_OK;
}

int ctome_rsa_cluster_order(size_t n, const double *rdm, size_t *order)
{
    if (n < 1 || !rdm || !order)
        return ctome_error(CTOME_EINVAL, NULL, 0, "empty RDM");
    double *d = malloc(n * n * sizeof *d);
    size_t *size = malloc(n * sizeof *size), *first = malloc(n * sizeof *first);
    size_t *next = malloc(n * sizeof *next), *last = malloc(n * sizeof *last);
    char *alive = malloc(n);
    int rc = CTOME_OK;
    if (!d || !size || !first || !next || !last || !alive) {
        rc = ctome_error_nomem();
        goto done;
    }
    ctome_rdm_square(n, rdm, d);
    /* each cluster is a linked list of leaves from first[c] to last[c] */
    for (size_t i = 0; i < n; i++) {
        size[i] = 1;
        first[i] = last[i] = i;
        next[i] = (size_t)-1;
        alive[i] = 1;
    }
    for (size_t step = 1; step < n; step++) {
        size_t bi = 0, bj = 0;
        double best = INFINITY;
        int found = 0;
        for (size_t i = 0; i < n; i++) {
            if (!alive[i])
                continue;
            for (size_t j = i + 1; j < n; j++)
                if (alive[j] && (!found || d[i * n + j] < best)) {
                    found = 1;
                    best = d[i * n + j];
                    bi = i;
                    bj = j;
                }
        }
        /* cluster with the smaller first leaf goes first */
        size_t a = bi, b = bj;
        if (first[b] < first[a]) {
            a = bj;
            b = bi;
        }
        next[last[a]] = first[b];
        size_t keep = bi, drop = bj;   /* keep the lower slot */
        size_t fa = first[a], la = last[b];
        /* UPGMA update: size-weighted mean of the two rows */
        for (size_t k = 0; k < n; k++) {
            if (!alive[k] || k == bi || k == bj)
                continue;
            double v = (d[bi * n + k] * (double)size[bi] + d[bj * n + k] * (double)size[bj]) /
                       (double)(size[bi] + size[bj]);
            d[keep * n + k] = d[k * n + keep] = v;
        }
        size[keep] = size[bi] + size[bj];
        first[keep] = fa;
        last[keep] = la;
        alive[drop] = 0;
    }
    size_t root = 0;
    while (!alive[root])
        root++;
    size_t k = 0;
    for (size_t v = first[root]; v != (size_t)-1 && k < n; v = next[v])
        order[k++] = v;
done:
    free(d);
    free(size);
    free(first);
    free(next);
    free(last);
    free(alive);
    return rc;
}
