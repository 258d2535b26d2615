/* es_cma.c — CMA-ES (Hansen 2016, "The CMA evolution strategy: a tutorial",
 * arXiv:1604.00772): strategy parameters, sampling, the eigendecomposition,
 * the constraint penalty and the update (es.h, docs/methods.md). */
#include "es_internal.h"

#include "error.h"
#include "rng.h"

#include <lapacke.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Tutorial Table 1 (Hansen 2016), with alpha_cov = 2. */
void ctome_es_i_cma_params(ctome_es *es)
{
    size_t n = es->n, lam = es->lambda, mu = lam / 2;
    double nd = (double)n;
    double *w = es->w;
    double sp = 0, sp2 = 0, sn = 0, sn2 = 0;
    for (size_t i = 0; i < lam; i++) {
        w[i] = log((lam + 1) / 2.0) - log((double)(i + 1));
        if (i < mu) {
            sp += w[i];
            sp2 += w[i] * w[i];
        } else {
            sn += w[i];
            sn2 += w[i] * w[i];
        }
    }
    es->mu = mu;
    es->mueff = sp * sp / sp2;
    double mueff_neg = sn2 > 0 ? sn * sn / sn2 : 0;
    double mueff = es->mueff;
    es->cc = (4 + mueff / nd) / (nd + 4 + 2 * mueff / nd);
    es->cs = (mueff + 2) / (nd + mueff + 5);
    es->c1 = 2 / ((nd + 1.3) * (nd + 1.3) + mueff);
    double cmu = 2 * (mueff - 2 + 1 / mueff) / ((nd + 2) * (nd + 2) + mueff);
    es->cmu = cmu < 1 - es->c1 ? cmu : 1 - es->c1;
    es->ds = 1 + 2 * fmax(0, sqrt((mueff - 1) / (nd + 1)) - 1) + es->cs;
    es->chin = sqrt(nd) * (1 - 1 / (4 * nd) + 1 / (21 * nd * nd));
    /* Negative weights scaled by the smallest of alpha_mu^-, alpha_mueff^-,
     * alpha_posdef^- (tutorial eqs. 50-53); zero c_mu (lambda = 2) keeps
     * them at zero. */
    double amin = 0;
    if (es->cmu > 0) {
        double a1 = 1 + es->c1 / es->cmu;
        double a2 = 1 + 2 * mueff_neg / (mueff + 2);
        double a3 = (1 - es->c1 - es->cmu) / (nd * es->cmu);
        amin = fmin(a1, fmin(a2, a3));
    }
    double pos = 0, neg = 0;
    for (size_t i = 0; i < lam; i++) {
        if (w[i] >= 0)
            pos += w[i];
        else
            neg -= w[i];
    }
    for (size_t i = 0; i < lam; i++)
        w[i] = w[i] >= 0 ? w[i] / pos : (neg > 0 ? amin * w[i] / neg : 0);
}

void ctome_es_i_cma_ask(ctome_es *es, double *pop)
{
    size_t n = es->n;
    for (size_t k = 0; k < es->lambda; k++) {
        ctome_rng r;
        ctome_rng_seed(&r, es->o.seed, ctome_es_i_sample_stream(es->gen, k));
        double *z = es->z + k * n, *y = es->y + k * n, *x = pop + k * n;
        for (size_t i = 0; i < n; i++)
            z[i] = ctome_rng_normal(&r);
        /* y = B D z */
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            for (size_t j = 0; j < n; j++)
                s += es->B[i * n + j] * es->D[j] * z[j];
            y[i] = s;
            x[i] = es->theta[i] + es->sigma * s;
        }
    }
}

/* C = B D^2 B^T by LAPACKE_dsyevd on the symmetrised C. */
int ctome_es_i_cma_eigen(ctome_es *es)
{
    size_t n = es->n;
    double *A = es->B;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            A[i * n + j] = 0.5 * (es->C[i * n + j] + es->C[j * n + i]);
    lapack_int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)n, A, (lapack_int)n, es->D);
    if (info != 0)
        return ctome_error(CTOME_ELIB, NULL, 0, "CMA-ES: generation %llu: eigendecomposition failed (LAPACK info %d)",
                           (unsigned long long)es->gen, (int)info);
    /* dsyevd returns eigenvalues in ascending order.  Round-off near
     * convergence can leave the smallest ones at or below zero: lift them to
     * 1e-14 of the largest (a condition number of 1e14, the usual CMA-ES
     * limit) and rebuild C from B D^2 B^T so C and its factors agree. */
    double dmax = es->D[n - 1];
    if (!(dmax > 0) || !isfinite(dmax))
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "CMA-ES: generation %llu: covariance is degenerate (largest eigenvalue %g)",
                           (unsigned long long)es->gen, dmax);
    int lifted = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(es->D[i] >= 1e-14 * dmax)) {
            es->D[i] = 1e-14 * dmax;
            lifted = 1;
        }
    }
    if (lifted) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                double c = 0;
                for (size_t k = 0; k < n; k++)
                    c += A[i * n + k] * es->D[k] * A[j * n + k];
                es->C[i * n + j] = c;
            }
    }
    for (size_t i = 0; i < n; i++)
        es->D[i] = sqrt(es->D[i]);
    es->eigen_gen = es->gen;
    return CTOME_OK;
}

/* CMA-ES with a projection: the objective sees the repaired (projected)
 * candidate, the update uses the sample as drawn, and the ranking uses the
 * return minus a penalty alpha ||x - repair(x)||^2 (Hansen 2016 tutorial,
 * Appendix "Boundaries and constraints": repair for evaluation, penalise the
 * distance).  Without the penalty every clamped coordinate is flat beyond
 * the boundary, selection there is blind, the evolution paths drift outward
 * and sigma grows without bound.  alpha = (range of the returns) /
 * (n sigma^2) makes a typical sigma-sized violation cost about 1/n of the
 * population's spread of returns, independent of the returns' scale. */
void ctome_es_i_cma_penalise(const ctome_es *es, const double *ret, double *pen)
{
    size_t n = es->n, lam = es->lambda;
    double lo = ret[0], hi = ret[0];
    for (size_t k = 1; k < lam; k++) {
        lo = fmin(lo, ret[k]);
        hi = fmax(hi, ret[k]);
    }
    double alpha = (hi > lo ? hi - lo : 1.0) / ((double)n * es->sigma * es->sigma);
    for (size_t k = 0; k < lam; k++) {
        const double *x = es->pop + k * n, *y = es->y + k * n;
        double d2 = 0;
        for (size_t i = 0; i < n; i++) {
            double raw = es->theta[i] + es->sigma * y[i];
            d2 += (x[i] - raw) * (x[i] - raw);
        }
        /* feasible candidates keep their return (alpha may overflow to inf
         * once sigma is tiny, and inf * 0 would be NaN) */
        pen[k] = d2 > 0 ? ret[k] - alpha * d2 : ret[k];
    }
}

int ctome_es_i_cma_tell(ctome_es *es)
{
    size_t n = es->n, lam = es->lambda;
    const size_t *ord = es->order;
    double *yw = es->work, *t = es->work + n;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t k = 0; k < es->mu; k++)
            s += es->w[k] * es->y[ord[k] * n + i];
        yw[i] = s;
    }
    for (size_t i = 0; i < n; i++)
        es->theta[i] += es->sigma * yw[i];  /* c_m = 1 */
    if (es->o.project) {
        /* The paths follow the mean as projected: a step the projection
         * undoes (the mean pushed against a constraint) is no evidence for a
         * longer step size and must not accumulate in p_sigma / p_c. */
        for (size_t i = 0; i < n; i++)
            t[i] = es->theta[i];
        ctome_es_i_project(es, es->theta);
        for (size_t i = 0; i < n; i++)
            yw[i] += (es->theta[i] - t[i]) / es->sigma;
    }
    /* C^{-1/2} yw = B D^-1 B^T yw */
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += es->B[i * n + j] * yw[i];
        t[j] = s / es->D[j];
    }
    double csn = sqrt(es->cs * (2 - es->cs) * es->mueff), ps2 = 0;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++)
            s += es->B[i * n + j] * t[j];
        es->ps[i] = (1 - es->cs) * es->ps[i] + csn * s;
        ps2 += es->ps[i] * es->ps[i];
    }
    double psn = sqrt(ps2);
    double gen1 = (double)(es->gen + 1);
    int hsig = psn / sqrt(1 - pow(1 - es->cs, 2 * gen1)) < (1.4 + 2 / ((double)n + 1)) * es->chin;
    double ccn = sqrt(es->cc * (2 - es->cc) * es->mueff);
    for (size_t i = 0; i < n; i++)
        es->pc[i] = (1 - es->cc) * es->pc[i] + (hsig ? ccn * yw[i] : 0);
    /* w°_i: negative weights rescaled by n / ||C^{-1/2} y_i||^2 = n / ||z_i||^2
     * (y_i = B D z_i, so C^{-1/2} y_i = B z_i). */
    double *wo = es->work + 2 * n, wsum = 0;
    for (size_t k = 0; k < lam; k++) {
        double wk = es->w[k];
        wsum += wk;
        if (wk < 0) {
            const double *z = es->z + ord[k] * n;
            double z2 = 0;
            for (size_t i = 0; i < n; i++)
                z2 += z[i] * z[i];
            wk = z2 > 0 ? wk * (double)n / z2 : 0;
        }
        wo[k] = wk;
    }
    double dh = hsig ? 0 : es->cc * (2 - es->cc);
    double keep = 1 + es->c1 * dh - es->c1 - es->cmu * wsum;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j <= i; j++) {
            double s = 0;
            for (size_t k = 0; k < lam; k++) {
                const double *y = es->y + ord[k] * n;
                s += wo[k] * y[i] * y[j];
            }
            double c = keep * es->C[i * n + j] + es->c1 * es->pc[i] * es->pc[j] + es->cmu * s;
            es->C[i * n + j] = c;
            es->C[j * n + i] = c;
        }
    }
    es->sigma *= exp(es->cs / es->ds * (psn / es->chin - 1));
    if (!isfinite(es->sigma) || !(es->sigma > 0))
        return ctome_error(CTOME_EVALUE, NULL, 0, "CMA-ES: generation %llu: step size became %g",
                           (unsigned long long)es->gen, es->sigma);
    es->gen++;
    /* Lazy eigendecomposition (tutorial, B.2): O(n^3) only every
     * lambda / ((c1 + cmu) n 10) generations. */
    double every = (double)lam / ((es->c1 + es->cmu) * (double)n * 10);
    if ((double)(es->gen - es->eigen_gen) > every)
        return ctome_es_i_cma_eigen(es);
    return CTOME_OK;
}
