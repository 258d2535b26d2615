/* rank.c — singular values and the rank statistics built on them (rank.h). */
#include "rank.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "graph.h"

static int check_finite(const double *a, size_t rows, size_t cols, const char *what)
{
    if (rows == 0 || cols == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "%s: empty matrix (%zu x %zu)", what, rows, cols);
    for (size_t i = 0; i < rows * cols; i++)
        if (!isfinite(a[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "%s: non-finite entry '%g' at row %zu, column %zu",
                               what, a[i], i / cols + 1, i % cols + 1);
    return CTOME_OK;
}

/* One OpenBLAS thread for small matrices (rank.h: faster on 2 cores); the
 * previous count is returned for restore_threads. */
static int small_threads(size_t rows, size_t cols)
{
    int old = openblas_get_num_threads();
    if (rows <= CTOME_RANK_ONE_THREAD_MAX && cols <= CTOME_RANK_ONE_THREAD_MAX && old != 1)
        openblas_set_num_threads(1);
    return old;
}

static void restore_threads(int old)
{
    if (openblas_get_num_threads() != old)
        openblas_set_num_threads(old);
}

int ctome_rank_singular_values(const double *a, size_t rows, size_t cols, double *s)
{
    int rc = check_finite(a, rows, cols, "singular values");
    if (rc)
        return rc;
    double *w = malloc(rows * cols * sizeof *w);
    if (!w)
        return ctome_error_nomem();
    memcpy(w, a, rows * cols * sizeof *w);
    /* The row-major A is the column-major A^T: same singular values, and
     * LAPACKE then skips its own transposed copy.  With jobz 'N' u/vt are not
     * referenced, but LAPACKE still checks ldu, ldvt >= the dimension. */
    lapack_int m = (lapack_int)cols, n = (lapack_int)rows;
    int old = small_threads(rows, cols);
    lapack_int info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'N', m, n, w, m, s, NULL, m, NULL, n);
    restore_threads(old);
    free(w);
    if (info)
        return ctome_error(CTOME_ELIB, NULL, 0, "singular values: LAPACKE_dgesdd failed (info %d)",
                           (int)info);
    return CTOME_OK;
}

double ctome_rank_effective(const double *s, size_t n)
{
    double sum = 0;
    for (size_t k = 0; k < n; k++)
        sum += fabs(s[k]);
    if (n == 0 || !(sum > 0))
        return NAN;
    double h = 0;
    for (size_t k = 0; k < n; k++) {
        double p = fabs(s[k]) / sum;
        if (p > 0)   /* 0 ln 0 = 0 */
            h -= p * log(p);
    }
    return exp(h);
}

double ctome_rank_participation(const double *l, size_t n)
{
    double sum = 0, sq = 0;
    for (size_t k = 0; k < n; k++) {
        double v = l[k] > 0 ? l[k] : 0;
        sum += v;
        sq += v * v;
    }
    if (n == 0 || !(sq > 0))
        return NAN;
    return sum * sum / sq;
}

double ctome_rank_stable(const double *s, size_t n)
{
    double sq = 0, top = 0;
    for (size_t k = 0; k < n; k++) {
        double v = s[k] * s[k];
        sq += v;
        top = v > top ? v : top;
    }
    if (n == 0 || !(top > 0))
        return NAN;
    return sq / top;
}

static int is_symmetric(const double *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (a[i * n + j] != a[j * n + i])
                return 0;
    return 1;
}

int ctome_rank_spectral_radius(const double *a, size_t n, double *rho)
{
    *rho = NAN;
    int rc = check_finite(a, n, n, "spectral radius");
    if (rc)
        return rc;
    double *w = malloc((n * n + 2 * n) * sizeof *w);
    if (!w)
        return ctome_error_nomem();
    memcpy(w, a, n * n * sizeof *w);
    double *wr = w + n * n, *wi = wr + n;
    int sym = is_symmetric(a, n);
    int old = small_threads(n, n);
    lapack_int info;
    if (sym)
        info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'N', 'U', (lapack_int)n, w, (lapack_int)n, wr);
    else
        info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)n, w, (lapack_int)n, wr, wi, NULL,
                             (lapack_int)n, NULL, (lapack_int)n);
    restore_threads(old);
    if (!info) {
        double best = 0;
        for (size_t i = 0; i < n; i++) {
            double r = sym ? fabs(wr[i]) : hypot(wr[i], wi[i]);
            best = r > best ? r : best;
        }
        *rho = best;
    }
    free(w);
    if (info)
        return ctome_error(CTOME_ELIB, NULL, 0, "spectral radius: LAPACKE_%s failed (info %d)",
                           sym ? "dsyevd" : "dgeev", (int)info);
    return CTOME_OK;
}

void ctome_rank_free(ctome_rank *r)
{
    if (!r)
        return;
    free(r->sv);
    r->sv = NULL;
}

int ctome_rank_matrix(const double *a, size_t rows, size_t cols, ctome_rank_pr pr, ctome_rank *out)
{
    memset(out, 0, sizeof *out);
    out->effective_rank = out->participation_ratio = out->stable_rank = out->spectral_radius = NAN;
    out->rows = rows;
    out->cols = cols;
    int rc = check_finite(a, rows, cols, "rank");
    if (rc)
        return rc;
    size_t r = rows < cols ? rows : cols;
    double *s = malloc(r * sizeof *s), *l = malloc(r * sizeof *l);
    if (!s || !l) {
        free(s);
        free(l);
        return ctome_error_nomem();
    }
    rc = ctome_rank_singular_values(a, rows, cols, s);
    if (!rc && !(s[0] > 0))
        rc = ctome_error(CTOME_EVALUE, NULL, 0,
                         "rank: the %zu x %zu matrix is all zero (ranks undefined)", rows, cols);
    if (!rc) {
        for (size_t k = 0; k < r; k++)
            l[k] = pr == CTOME_RANK_PR_PSD ? s[k] : s[k] * s[k];
        out->n_sv = r;
        out->effective_rank = ctome_rank_effective(s, r);
        out->participation_ratio = ctome_rank_participation(l, r);
        out->stable_rank = ctome_rank_stable(s, r);
        if (rows == cols)
            rc = ctome_rank_spectral_radius(a, rows, &out->spectral_radius);
    }
    free(l);
    if (rc) {
        free(s);
        out->n_sv = 0;
        return rc;
    }
    out->sv = s;
    return CTOME_OK;
}

int ctome_rank_layer_matrix(const ctome_connectome *c, const char *layer, ctome_scope scope, int binary,
                            double **a, int **nodes, size_t *n)
{
    *a = NULL;
    if (nodes)
        *nodes = NULL;
    *n = 0;
    ctome_graph *g = NULL;
    int rc = ctome_graph_from_layer(c, layer, &(ctome_graph_opts){.scope = scope}, &g);
    if (rc)
        return rc;
    size_t nv = g->n;
    double *m = calloc(nv * nv, sizeof *m);
    int *idx = nodes ? malloc(nv * sizeof *idx) : NULL;
    if (!m || (nodes && !idx)) {
        free(m);
        free(idx);
        ctome_graph_free(g);
        return ctome_error_nomem();
    }
    /* the out view holds every arc as given (both directions of an
     * undirected pair), self-loops already dropped */
    for (size_t u = 0; u < nv; u++)
        for (size_t p = g->out_ptr[u]; p < g->out_ptr[u + 1]; p++)
            m[u * nv + (size_t)g->out_idx[p]] = binary ? 1.0 : g->out_w[p];
    if (idx)
        for (size_t u = 0; u < nv; u++)
            idx[u] = g->node[u];
    ctome_graph_free(g);
    *a = m;
    if (nodes)
        *nodes = idx;
    *n = nv;
    return CTOME_OK;
}

int ctome_rank_layer(const ctome_connectome *c, const char *layer, ctome_scope scope, int binary,
                     ctome_rank *out)
{
    memset(out, 0, sizeof *out);
    double *a;
    size_t n;
    int rc = ctome_rank_layer_matrix(c, layer, scope, binary, &a, NULL, &n);
    if (rc)
        return rc;
    rc = ctome_rank_matrix(a, n, n, CTOME_RANK_PR_GRAM, out);
    free(a);
    return rc;
}

int ctome_rank_recording_data(const ctome_recording *r, double **x, size_t *n_kept, double **cov)
{
    *x = NULL;
    *n_kept = 0;
    if (cov)
        *cov = NULL;
    const char *id = r->id ? r->id : "recording";
    size_t n = r->n_neurons, t = r->n_time;
    if (n == 0 || t == 0)
        return ctome_error(CTOME_EVALUE, r->source_file, 0, "recording '%s': empty (%zu neurons x %zu samples)",
                           id, n, t);
    /* listwise deletion: a sample is kept only if every neuron has a value */
    unsigned char *keep = malloc(t);
    if (!keep)
        return ctome_error_nomem();
    size_t kept = 0;
    for (size_t j = 0; j < t; j++) {
        keep[j] = 1;
        for (size_t i = 0; i < n && keep[j]; i++)
            if (!isfinite(r->traces[i * t + j]))
                keep[j] = 0;
        kept += keep[j];
    }
    if (kept < 2) {
        free(keep);
        return ctome_error(CTOME_EVALUE, r->source_file, 0,
                           "recording '%s': %zu of %zu samples have a value for every neuron "
                           "(at least 2 needed)", id, kept, t);
    }
    double *m = malloc(n * kept * sizeof *m);
    double *c = cov ? malloc(n * n * sizeof *c) : NULL;
    double *xc = cov ? malloc(n * kept * sizeof *xc) : NULL;
    if (!m || (cov && (!c || !xc))) {
        free(keep);
        free(m);
        free(c);
        free(xc);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        for (size_t j = 0; j < t; j++)
            if (keep[j])
                m[i * kept + k++] = r->traces[i * t + j];
    }
    free(keep);
    if (cov) {
        for (size_t i = 0; i < n; i++) {
            double mean = 0;
            for (size_t k = 0; k < kept; k++)
                mean += m[i * kept + k];
            mean /= (double)kept;
            for (size_t k = 0; k < kept; k++)
                xc[i * kept + k] = m[i * kept + k] - mean;
        }
        /* C = Xc Xc^T / (T - 1): the lower triangle from dsyrk, mirrored so
         * C is exactly symmetric (ctome_rank_spectral_radius uses dsyevd) */
        cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, (int)n, (int)kept, 1.0 / (double)(kept - 1),
                    xc, (int)kept, 0.0, c, (int)n);
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                c[i * n + j] = c[j * n + i];
        free(xc);
        *cov = c;
    }
    *x = m;
    *n_kept = kept;
    return CTOME_OK;
}

/* Eigenvalues of the symmetric n x n matrix c (descending, into l). */
static int sym_eigenvalues(const double *c, size_t n, double *l)
{
    double *w = malloc(n * n * sizeof *w);
    if (!w)
        return ctome_error_nomem();
    memcpy(w, c, n * n * sizeof *w);
    int old = small_threads(n, n);
    lapack_int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'N', 'U', (lapack_int)n, w, (lapack_int)n, l);
    restore_threads(old);
    free(w);
    if (info)
        return ctome_error(CTOME_ELIB, NULL, 0, "covariance eigenvalues: LAPACKE_dsyevd failed (info %d)",
                           (int)info);
    /* dsyevd returns ascending order */
    for (size_t i = 0; i < n / 2; i++) {
        double v = l[i];
        l[i] = l[n - 1 - i];
        l[n - 1 - i] = v;
    }
    return CTOME_OK;
}

int ctome_rank_recording(const ctome_recording *r, int covariance, ctome_rank *out)
{
    memset(out, 0, sizeof *out);
    out->effective_rank = out->participation_ratio = out->stable_rank = out->spectral_radius = NAN;
    double *x = NULL, *c = NULL;
    size_t t = 0, n = r->n_neurons;
    int rc = ctome_rank_recording_data(r, &x, &t, &c);
    if (rc)
        return rc;
    if (covariance) {
        rc = ctome_rank_matrix(c, n, n, CTOME_RANK_PR_PSD, out);
    } else {
        double *l = malloc(n * sizeof *l);
        rc = l ? CTOME_OK : ctome_error_nomem();
        if (!rc)
            rc = sym_eigenvalues(c, n, l);
        if (!rc)
            rc = ctome_rank_matrix(x, n, t, CTOME_RANK_PR_GRAM, out);
        if (!rc) {
            out->participation_ratio = ctome_rank_participation(l, n);
            out->spectral_radius = NAN;   /* X is not an operator (rank.h) */
        }
        free(l);
    }
    out->n_dropped = r->n_time - t;
    free(x);
    free(c);
    return rc;
}
