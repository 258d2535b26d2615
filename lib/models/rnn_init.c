/* rnn_init.c — rank-controlled and connectome initial recurrent weights
 * (rnn_init.h). */
#include "rnn_init.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ei.h"
#include "error.h"
#include "learning_measures.h"
#include "rank.h"
#include "rng.h"

int ctome_rnn_init_gaussian(size_t n, double gain, uint64_t seed, uint64_t stream, double *w)
{
    if (n == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "network size must be >= 1, got 0");
    if (!isfinite(gain) || gain < 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "weight gain must be finite and >= 0, got '%g'", gain);
    ctome_rng r;
    ctome_rng_seed(&r, seed, stream);
    double sd = gain / sqrt((double)n);
    for (size_t i = 0; i < n * n; i++)
        w[i] = sd * ctome_rng_normal(&r);
    return CTOME_OK;
}

int ctome_rnn_truncate_rank(double *w, size_t n, size_t r)
{
    if (r == 0 || r > n)
        return ctome_error(CTOME_EVALUE, NULL, 0, "rank must be between 1 and the network size %zu, got %zu",
                           n, r);
    for (size_t i = 0; i < n * n; i++)
        if (!isfinite(w[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "weights: non-finite entry '%g' at row %zu, column %zu",
                               w[i], i / n + 1, i % n + 1);
    if (r == n)
        return CTOME_OK;
    double *a = malloc(n * n * sizeof *a), *u = malloc(n * n * sizeof *u), *vt = malloc(n * n * sizeof *vt),
           *s = malloc(n * sizeof *s);
    int rc = CTOME_OK;
    if (!a || !u || !vt || !s) {
        rc = ctome_error_nomem();
        goto done;
    }
    memcpy(a, w, n * n * sizeof *a);
    lapack_int info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 'A', (lapack_int)n, (lapack_int)n, a, (lapack_int)n, s, u,
                                     (lapack_int)n, vt, (lapack_int)n);
    if (info) {
        rc = ctome_error(CTOME_ELIB, NULL, 0, "truncated SVD: LAPACKE_dgesdd failed (info %d)", (int)info);
        goto done;
    }
    double all = 0, kept = 0;
    for (size_t k = 0; k < n; k++) {
        all += s[k] * s[k];
        if (k < r)
            kept += s[k] * s[k];
    }
    if (!(kept > 0)) {
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "truncated SVD: the top %zu singular values are all zero", r);
        goto done;
    }
    /* Restoring ||W||_F: sqrt(sum_all s^2 / sum_kept s^2) on every kept s_k. */
    double c = sqrt(all / kept);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = 0;
            for (size_t k = 0; k < r; k++)
                v += u[i * n + k] * s[k] * vt[k * n + j];
            w[i * n + j] = c * v;
        }
done:
    free(a);
    free(u);
    free(vt);
    free(s);
    return rc;
}

int ctome_rnn_init_rank(size_t n, size_t r, double gain, uint64_t seed, uint64_t stream, double *w)
{
    if (r == 0 || r > n)   /* before drawing, so the message names the rank */
        return ctome_error(CTOME_EVALUE, NULL, 0, "rank must be between 1 and the network size %zu, got %zu",
                           n, r);
    int rc = ctome_rnn_init_gaussian(n, gain, seed, stream, w);
    return rc ? rc : ctome_rnn_truncate_rank(w, n, r);
}

int ctome_rnn_rank_for_erank(const double *w, size_t n, double target, size_t *r)
{
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return ctome_error_nomem();
    int rc = ctome_rank_singular_values(w, n, n, s);
    if (!rc) {
        /* The effective rank of a truncation is that of its kept singular
         * values (a common scale cancels in p_k): no SVD per candidate. */
        *r = n;
        for (size_t k = 1; k <= n; k++) {
            double e = ctome_rank_effective(s, k);
            if (isfinite(e) && e >= target) {
                *r = k;
                break;
            }
        }
    }
    free(s);
    return rc;
}

int ctome_rnn_scale_weights(double *w, size_t n, ctome_rnn_norm how, double target)
{
    if (!isfinite(target) || target <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "weight scale target must be finite and > 0, got '%g'", target);
    double now;
    if (how == CTOME_RNN_SCALE_SPECTRAL) {
        int rc = ctome_rank_spectral_radius(w, n, &now);
        if (rc)
            return rc;
    } else {
        now = ctome_frobenius(w, n * n);
    }
    if (!(now > 0))
        return ctome_error(CTOME_EVALUE, NULL, 0, "cannot scale weights with %s 0",
                           how == CTOME_RNN_SCALE_SPECTRAL ? "spectral radius" : "Frobenius norm");
    double c = target / now;
    for (size_t i = 0; i < n * n; i++)
        w[i] *= c;
    return CTOME_OK;
}

int ctome_rnn_init_connectome(const ctome_connectome *c, const ctome_registry *reg, ctome_rnn_norm how,
                              double target, double **w, size_t *n, int **node)
{
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    o.chem_scale = 1.0;   /* synapse counts as given; the scale comes after */
    o.gap_scale = 0.0;    /* gap junctions are not recurrent weights here */
    ctome_ei *m = NULL;
    int rc = ctome_ei_build(c, reg, &o, &m);
    if (rc)
        return rc;
    size_t k = m->n;
    double *a = calloc(k * k, sizeof *a);
    int *nd = node ? malloc(k * sizeof *nd) : NULL;
    if (!a || (node && !nd)) {
        rc = ctome_error_nomem();
        goto fail;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            a[i * k + (size_t)m->w_col[p]] += m->w_val[p];
    if (nd)
        memcpy(nd, m->node, k * sizeof *nd);
    if (ctome_frobenius(a, k * k) == 0) {
        rc = ctome_error(CTOME_EVALUE, c->source_file, 0,
                         "connectome '%s' has no signed chemical synapse between neurons", c->id ? c->id : "");
        goto fail;
    }
    rc = ctome_rnn_scale_weights(a, k, how, target);
    if (rc)
        goto fail;
    ctome_ei_free(m);
    *w = a;
    *n = k;
    if (node)
        *node = nd;
    return CTOME_OK;
fail:
    ctome_ei_free(m);
    free(a);
    free(nd);
    return rc;
}
