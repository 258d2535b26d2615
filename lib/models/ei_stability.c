/* ei_stability.c — fixed point and linear stability of the E/I model
 * (see ei_stability.h). */
#include "ei_stability.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ei_internal.h"
#include "error.h"

void ctome_ei_fp_opts_default(ctome_ei_fp_opts *o)
{
    o->tol = 1e-10;
    o->max_iter = 100;
    o->x0 = NULL;
}

void ctome_ei_stability_free(ctome_ei_stability *s)
{
    if (!s)
        return;
    free(s->x);
    free(s->eig_re);
    free(s->eig_im);
    memset(s, 0, sizeof *s);
}

/* F(x) = -x + W f(x) - d x + gG x + I; silenced neurons: F_i = x_i (pins 0).
 * Returns |F|_inf. */
static double residual(const ctome_ei *m, const double *inp, const double *x, double *fx, double *F)
{
    size_t n = m->n;
    for (size_t j = 0; j < n; j++)
        fx[j] = ei_transfer(m->f, x[j]);
    double r = 0;
    for (size_t i = 0; i < n; i++) {
        double s;
        if (ei_is_silenced(m, i)) {
            s = x[i];
        } else {
            s = -x[i] - m->g_deg[i] * x[i] + (inp ? inp[i] : 0.0);
            for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
                s += m->w_val[p] * fx[m->w_col[p]];
            for (size_t p = m->g_ptr[i]; p < m->g_ptr[i + 1]; p++)
                s += m->g_val[p] * x[m->g_col[p]];
        }
        F[i] = s;
        r = fabs(s) > r || isnan(s) ? fabs(s) : r;
    }
    return r;
}

/* A = dF/dx (without 1/tau); silenced rows are e_i. */
static void jac_a(const ctome_ei *m, const double *x, double *A)
{
    size_t n = m->n;
    memset(A, 0, n * n * sizeof *A);
    for (size_t i = 0; i < n; i++) {
        double *row = A + i * n;
        if (ei_is_silenced(m, i)) {
            row[i] = 1.0;
            continue;
        }
        row[i] = -1.0 - m->g_deg[i];
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            row[m->w_col[p]] += m->w_val[p] * ei_transfer_deriv(m->f, x[m->w_col[p]]);
        for (size_t p = m->g_ptr[i]; p < m->g_ptr[i + 1]; p++)
            row[m->g_col[p]] += m->g_val[p];
    }
}

int ctome_ei_jacobian(const ctome_ei *m, const double *x, double *J)
{
    size_t n = m->n;
    jac_a(m, x, J);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < n; k++)
            J[i * n + k] = ei_is_silenced(m, i) ? 0.0 : J[i * n + k] / m->tau[i];
    return CTOME_OK;
}

int ctome_ei_dense_w(const ctome_ei *m, double **out)
{
    size_t n = m->n;
    double *w = calloc(n ? n * n : 1, sizeof *w);
    if (!w)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++)
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            w[i * n + (size_t)m->w_col[p]] += m->w_val[p];
    *out = w;
    return CTOME_OK;
}

/* Eigenvalues of a dense n x n matrix; a is overwritten. */
static int eig(double *a, size_t n, double *wr, double *wi)
{
    if (n == 0)
        return CTOME_OK;
    lapack_int info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int)n, a, (lapack_int)n, wr,
                                    wi, NULL, (lapack_int)n, NULL, (lapack_int)n);
    if (info)
        return ctome_error(CTOME_ELIB, NULL, 0, "LAPACKE_dgeev failed (info %d)", (int)info);
    return CTOME_OK;
}

int ctome_ei_spectral_radius(const double *a, size_t n, double *rho)
{
    *rho = 0;
    if (n == 0)
        return CTOME_OK;
    double *w = malloc((n * n + 2 * n) * sizeof *w);
    if (!w)
        return ctome_error_nomem();
    memcpy(w, a, n * n * sizeof *w);
    double *wr = w + n * n, *wi = wr + n;
    int rc = eig(w, n, wr, wi);
    for (size_t i = 0; !rc && i < n; i++) {
        double r = hypot(wr[i], wi[i]);
        *rho = r > *rho ? r : *rho;
    }
    free(w);
    return rc;
}

/* Damped Newton from s->x (filled with x0). */
static int newton(const ctome_ei *m, const double *inp, const ctome_ei_fp_opts *o,
                  ctome_ei_stability *s)
{
    size_t n = m->n;
    double *A = malloc(n * n * sizeof *A);
    double *buf = malloc(4 * n * sizeof *buf);
    lapack_int *piv = malloc(n * sizeof *piv);
    if (!A || !buf || !piv) {
        free(A);
        free(buf);
        free(piv);
        return ctome_error_nomem();
    }
    double *F = buf, *fx = buf + n, *dx = buf + 2 * n, *xt = buf + 3 * n;
    int rc = CTOME_OK;
    double r = residual(m, inp, s->x, fx, F);
    size_t it = 0;
    while (r >= o->tol && it < o->max_iter) {
        it++;
        jac_a(m, s->x, A);
        for (size_t i = 0; i < n; i++)
            dx[i] = -F[i];
        lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)n, 1, A, (lapack_int)n, piv,
                                        dx, 1);
        if (info < 0) {
            rc = ctome_error(CTOME_ELIB, NULL, 0, "LAPACKE_dgesv failed (info %d)", (int)info);
            break;
        }
        if (info > 0)   /* singular Jacobian: stop, report not converged */
            break;
        /* Halve the step until the residual decreases (at most 30 times). */
        double step = 1.0, rt = r;
        int ok = 0;
        for (int h = 0; h < 30; h++, step *= 0.5) {
            for (size_t i = 0; i < n; i++)
                xt[i] = s->x[i] + step * dx[i];
            rt = residual(m, inp, xt, fx, F);
            if (rt < r) {
                ok = 1;
                break;
            }
        }
        if (!ok) {
            residual(m, inp, s->x, fx, F);   /* restore F at x */
            break;
        }
        memcpy(s->x, xt, n * sizeof *xt);
        r = rt;
    }
    s->iterations = it;
    s->residual = r;
    s->converged = r < o->tol;
    free(A);
    free(buf);
    free(piv);
    return rc;
}

static int cmp_eig(const void *a, const void *b)
{
    const double *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? 1 : -1;
    return (x[1] < y[1]) - (x[1] > y[1]);
}

/* Eigenvalues of J restricted to the neurons that are not silenced. */
static int linearise(const ctome_ei *m, ctome_ei_stability *s)
{
    size_t n = m->n, na = 0;
    for (size_t i = 0; i < n; i++)
        na += !ei_is_silenced(m, i);
    s->n_active = na;
    double *J = malloc(n * n * sizeof *J), *Ja = malloc((na ? na * na : 1) * sizeof *Ja);
    double *pairs = malloc((na ? 2 * na : 1) * sizeof *pairs);
    s->eig_re = malloc((na ? na : 1) * sizeof *s->eig_re);
    s->eig_im = malloc((na ? na : 1) * sizeof *s->eig_im);
    int rc = (!J || !Ja || !pairs || !s->eig_re || !s->eig_im) ? ctome_error_nomem() : CTOME_OK;
    if (!rc) {
        ctome_ei_jacobian(m, s->x, J);
        size_t a = 0;
        for (size_t i = 0; i < n; i++) {
            if (ei_is_silenced(m, i))
                continue;
            size_t b = 0;
            for (size_t k = 0; k < n; k++)
                if (!ei_is_silenced(m, k))
                    Ja[a * na + b++] = J[i * n + k];
            a++;
        }
        rc = eig(Ja, na, s->eig_re, s->eig_im);
    }
    if (!rc) {
        for (size_t i = 0; i < na; i++) {
            pairs[2 * i] = s->eig_re[i];
            pairs[2 * i + 1] = s->eig_im[i];
        }
        qsort(pairs, na, 2 * sizeof *pairs, cmp_eig);
        s->max_real = na ? pairs[0] : -INFINITY;
        s->rho_j = 0;
        for (size_t i = 0; i < na; i++) {
            s->eig_re[i] = pairs[2 * i];
            s->eig_im[i] = pairs[2 * i + 1];
            double r = hypot(pairs[2 * i], pairs[2 * i + 1]);
            s->rho_j = r > s->rho_j ? r : s->rho_j;
        }
        s->stable = s->max_real < 0;
    }
    free(J);
    free(Ja);
    free(pairs);
    return rc;
}

int ctome_ei_stability_run(const ctome_ei *m, const ctome_ei_input *in, const ctome_ei_fp_opts *o,
                           ctome_ei_stability *out)
{
    ctome_ei_fp_opts def;
    if (!o) {
        ctome_ei_fp_opts_default(&def);
        o = &def;
    }
    memset(out, 0, sizeof *out);
    size_t n = m->n;
    if (in && in->n != n)
        return ctome_error(CTOME_EINVAL, NULL, 0, "input for %zu neurons, model has %zu", in->n, n);
    if (!(o->tol > 0) || !isfinite(o->tol))
        return ctome_error(CTOME_EVALUE, NULL, 0, "fixed-point tolerance must be > 0, got '%g'",
                           o->tol);
    for (size_t i = 0; o->x0 && i < n; i++)
        if (!isfinite(o->x0[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "start state of neuron %zu is '%g'", i,
                               o->x0[i]);
    out->n = n;
    if (!(out->x = malloc((n ? n : 1) * sizeof *out->x)))
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++)
        out->x[i] = (o->x0 && !ei_is_silenced(m, i)) ? o->x0[i] : 0.0;
    int rc = newton(m, in ? in->constant : NULL, o, out);
    if (!rc)
        rc = linearise(m, out);
    double *w = NULL;
    if (!rc)
        rc = ctome_ei_dense_w(m, &w);
    if (!rc)
        rc = ctome_ei_spectral_radius(w, n, &out->rho_w);
    free(w);
    if (rc)
        ctome_ei_stability_free(out);
    return rc;
}
