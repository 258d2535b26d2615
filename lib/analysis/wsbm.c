/* wsbm.c — weighted stochastic block model by variational Bayes (wsbm.h;
 * Aicher, Jacobs & Clauset 2015), normal or exponential edge weights with
 * conjugate priors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rng.h"
#include "wsbm.h"

void ctome_wsbm_opts_default(ctome_wsbm_opts *o)
{
    o->family = CTOME_WSBM_NORMAL;
    o->k_min = 1;
    o->k_max = 6;
    o->starts = 10;
    o->max_iter = 300;
    o->tol = 1e-9;
    o->seed = 1;
}

double ctome_digamma(double x)
{
    double r = 0;
    /* psi(x) = psi(x + 1) - 1 / x until the asymptotic series is accurate */
    while (x < 10) {
        r -= 1.0 / x;
        x += 1;
    }
    double f = 1.0 / (x * x);
    return r + log(x) - 0.5 / x -
           f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}

void ctome_wsbm_clear(ctome_wsbm *m)
{
    if (!m)
        return;
    free(m->membership);
    free(m->mu);
    free(m->mean);
    free(m->bound_by_k);
    memset(m, 0, sizeof *m);
}

/* Checks of the weight matrix; mean and variance of the observed weights. */
static int check_weights(const double *w, size_t n, int family, double *mean, double *var)
{
    double tot = 0, tot2 = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double a = w[i * n + j], b = w[j * n + i];
            if (isnan(a) != isnan(b) || (!isnan(a) && a != b))
                return ctome_error(CTOME_EVALUE, NULL, 0, "wsbm: weights of pair (%zu, %zu) differ (%g vs %g)", i, j,
                                   a, b);
            if (isnan(a))
                continue;
            if (!(a >= 0) || isinf(a))
                return ctome_error(CTOME_EVALUE, NULL, 0, "wsbm: weight of pair (%zu, %zu) is %g (need finite >= 0)",
                                   i, j, a);
            tot += a;
            m++;
        }
    if (m == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "wsbm: no observed pair among %zu nodes", n);
    if (!(tot > 0))
        return ctome_error(CTOME_EVALUE, NULL, 0, "wsbm: every observed weight is 0");
    *mean = tot / (double)m;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (!isnan(w[i * n + j]))
                tot2 += (w[i * n + j] - *mean) * (w[i * n + j] - *mean);
    *var = tot2 / (double)m;
    if (family == CTOME_WSBM_NORMAL && !(*var > 1e-300))
        return ctome_error(CTOME_EVALUE, NULL, 0, "wsbm: every observed weight equals %g (no variance to model)", *mean);
    return CTOME_OK;
}

typedef struct {
    double *cnt, *s1, *s2;   /* k x k ordered-pair sums (see update_theta) */
    double *ca, *cb, *cc;    /* k x k: E[log f(w)] = ca + cb w + cc w^2 */
    double *c_row, *t1, *t2, *logit;
} work;

static int work_alloc(work *wk, size_t k)
{
    double *p = malloc((6 * k * k + 4 * k) * sizeof *p);
    if (!p)
        return ctome_error_nomem();
    wk->cnt = p;
    wk->s1 = p + k * k;
    wk->s2 = p + 2 * k * k;
    wk->ca = p + 3 * k * k;
    wk->cb = p + 4 * k * k;
    wk->cc = p + 5 * k * k;
    wk->c_row = p + 6 * k * k;
    wk->t1 = wk->c_row + k;
    wk->t2 = wk->t1 + k;
    wk->logit = wk->t2 + k;
    return CTOME_OK;
}

/* sums over observed j != i of mu_j, mu_j w_ij, mu_j w_ij^2 */
static void node_sums(const double *w, size_t n, size_t k, const double *mu, size_t i, work *wk)
{
    memset(wk->c_row, 0, 3 * k * sizeof *wk->c_row);
    for (size_t j = 0; j < n; j++) {
        double x = w[i * n + j];
        if (j == i || isnan(x))
            continue;
        const double *mj = mu + j * k;
        for (size_t l = 0; l < k; l++) {
            wk->c_row[l] += mj[l];
            wk->t1[l] += mj[l] * x;
            wk->t2[l] += mj[l] * x * x;
        }
    }
}

static const double LOG_2PI = 1.8378770664093454836;

/* q(theta) from mu (wsbm.h), the coefficients of E[log f], the posterior
 * mean weights, and the bound. */
static double update_theta(const double *w, size_t n, size_t k, const ctome_wsbm_prior *p, const double *mu,
                           work *wk, double *mean)
{
    memset(wk->cnt, 0, 3 * k * k * sizeof *wk->cnt);
    for (size_t i = 0; i < n; i++) {
        node_sums(w, n, k, mu, i, wk);
        const double *mi = mu + i * k;
        for (size_t a = 0; a < k; a++)
            for (size_t l = 0; l < k; l++) {
                wk->cnt[a * k + l] += mi[a] * wk->c_row[l];
                wk->s1[a * k + l] += mi[a] * wk->t1[l];
                wk->s2[a * k + l] += mi[a] * wk->t2[l];
            }
    }
    double bound = 0, prior = lgamma(p->a0) - p->a0 * log(p->b0);
    for (size_t a = 0; a < k; a++)
        for (size_t l = a; l < k; l++) {
            /* ordered sums count an unordered pair once across blocks, twice within */
            double h = a == l ? 0.5 : 1.0, nn = h * wk->cnt[a * k + l], s1 = h * wk->s1[a * k + l],
                   s2 = h * wk->s2[a * k + l];
            double ca, cb, cc, mw, pa, pb;
            if (p->family == CTOME_WSBM_EXPONENTIAL) {
                pa = p->a0 + nn;
                pb = p->b0 + s1;
                ca = ctome_digamma(pa) - log(pb);
                cb = -pa / pb;
                cc = 0;
                mw = pb / pa;
                bound += lgamma(pa) - pa * log(pb) - prior;
            } else {
                double kap = p->kappa0 + nn, m = (p->kappa0 * p->m0 + s1) / kap;
                pa = p->a0 + 0.5 * nn;
                pb = p->b0 + 0.5 * (s2 + p->kappa0 * p->m0 * p->m0 - kap * m * m);
                if (pb < 1e-300 * p->b0)   /* rounding only: b >= b0 in exact arithmetic */
                    pb = p->b0;
                double et = pa / pb;
                ca = 0.5 * (ctome_digamma(pa) - log(pb) - LOG_2PI - et * m * m - 1.0 / kap);
                cb = et * m;
                cc = -0.5 * et;
                mw = m;
                bound += lgamma(pa) - pa * log(pb) - prior + 0.5 * log(p->kappa0 / kap) - 0.5 * nn * LOG_2PI;
            }
            wk->ca[a * k + l] = wk->ca[l * k + a] = ca;
            wk->cb[a * k + l] = wk->cb[l * k + a] = cb;
            wk->cc[a * k + l] = wk->cc[l * k + a] = cc;
            if (mean)
                mean[a * k + l] = mean[l * k + a] = mw;
        }
    bound -= (double)n * log((double)k);
    for (size_t i = 0; i < n * k; i++)
        if (mu[i] > 0)
            bound -= mu[i] * log(mu[i]);
    return bound;
}

/* One sweep of the node updates, in index order. */
static void update_nodes(const double *w, size_t n, size_t k, double *mu, work *wk)
{
    for (size_t i = 0; i < n; i++) {
        node_sums(w, n, k, mu, i, wk);
        double mx = -INFINITY;
        for (size_t a = 0; a < k; a++) {
            double s = 0;
            for (size_t l = 0; l < k; l++)
                s += wk->c_row[l] * wk->ca[a * k + l] + wk->t1[l] * wk->cb[a * k + l] + wk->t2[l] * wk->cc[a * k + l];
            wk->logit[a] = s;
            mx = s > mx ? s : mx;
        }
        double z = 0;
        for (size_t a = 0; a < k; a++)
            z += (wk->logit[a] = exp(wk->logit[a] - mx));
        for (size_t a = 0; a < k; a++)
            mu[i * k + a] = wk->logit[a] / z;
    }
}

static int check_args(const double *w, size_t n, size_t k, const ctome_wsbm_prior *p, size_t max_iter, double tol)
{
    if (!w || !p || n < 2 || k < 1 || k > n || max_iter < 1 || !(tol >= 0))
        return ctome_error(CTOME_EINVAL, NULL, 0, "wsbm: n %zu (>= 2), K %zu (1..n), max_iter %zu (>= 1), tol %g (>= 0)",
                           n, k, max_iter, tol);
    if (p->family != CTOME_WSBM_NORMAL && p->family != CTOME_WSBM_EXPONENTIAL)
        return ctome_error(CTOME_EINVAL, NULL, 0, "wsbm: unknown weight family %d", p->family);
    if (!(p->a0 > 0) || !(p->b0 > 0) || isinf(p->a0) || isinf(p->b0) || !isfinite(p->m0) ||
        (p->family == CTOME_WSBM_NORMAL && (!(p->kappa0 > 0) || isinf(p->kappa0))))
        return ctome_error(CTOME_EINVAL, NULL, 0, "wsbm: prior a0 %g, b0 %g, kappa0 %g (> 0, finite), m0 %g", p->a0,
                           p->b0, p->kappa0, p->m0);
    return CTOME_OK;
}

/* The fit from mu (in place); arguments already checked. */
static int run_checked(const double *w, size_t n, size_t k, const ctome_wsbm_prior *p, double *mu, size_t max_iter,
                       double tol, double *bound, size_t *iters, int *converged, double *mean)
{
    work wk = {0};
    if (work_alloc(&wk, k))
        return ctome_error_nomem();
    double prev = -INFINITY;
    size_t it = 0;
    *converged = 0;
    for (;;) {
        double b = update_theta(w, n, k, p, mu, &wk, mean);
        bound[it++] = b;
        if (it > 1 && b - prev <= tol * fabs(b)) {
            *converged = 1;
            break;
        }
        prev = b;
        if (it == max_iter)
            break;
        update_nodes(w, n, k, mu, &wk);
    }
    *iters = it;
    free(wk.cnt);
    return CTOME_OK;
}

int ctome_wsbm_run(const double *w, size_t n, size_t k, const ctome_wsbm_prior *p, double *mu, size_t max_iter,
                   double tol, double *bound, size_t *iters, int *converged, double *mean)
{
    int rc = check_args(w, n, k, p, max_iter, tol);
    double mw, var;
    if (!rc && (!mu || !bound || !iters || !converged))
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "wsbm: no output");
    if (!rc)
        rc = check_weights(w, n, p->family, &mw, &var);
    if (rc)
        return rc;
    return run_checked(w, n, k, p, mu, max_iter, tol, bound, iters, converged, mean);
}

/* Squared distance between the weight rows of nodes i and c (pairs with
 * either of them, and unobserved pairs, skipped). */
static double row_dist2(const double *w, size_t n, size_t i, size_t c)
{
    double d = 0;
    for (size_t j = 0; j < n; j++) {
        double a = w[i * n + j], b = w[c * n + j];
        if (j != i && j != c && !isnan(a) && !isnan(b))
            d += (a - b) * (a - b);
    }
    return d;
}

/* A start: K centre nodes chosen by k-means++ seeding (Arthur & Vassilvitskii
 * 2007) on the weight rows, each node assigned to its nearest centre, and mu
 * the smoothed assignment (0.9 on it, the rest spread).  A vague random mu
 * (e.g. Dirichlet) lets the first sweep collapse every node into one block,
 * because all blocks then start with the same parameters. */
static void seed_start(const double *w, size_t n, size_t k, ctome_rng *g, size_t *cen, double *d2, double *mu)
{
    cen[0] = (size_t)ctome_rng_below(g, n);
    for (size_t i = 0; i < n; i++)
        d2[i] = row_dist2(w, n, i, cen[0]);
    for (size_t c = 1; c < k; c++) {
        double tot = 0;
        for (size_t i = 0; i < n; i++)
            tot += d2[i];
        size_t pick = n - 1;
        if (tot > 0) {
            double u = ctome_rng_uniform(g) * tot, acc = 0;
            for (size_t i = 0; i < n; i++)
                if ((acc += d2[i]) > u && d2[i] > 0) {
                    pick = i;
                    break;
                }
        } else {
            pick = (size_t)ctome_rng_below(g, n);
        }
        cen[c] = pick;
        for (size_t i = 0; i < n; i++) {
            double d = row_dist2(w, n, i, pick);
            d2[i] = d < d2[i] ? d : d2[i];
        }
    }
    double lo = k > 1 ? 0.1 / (double)(k - 1) : 0;
    for (size_t i = 0; i < n; i++) {
        size_t best = 0;
        double bd = INFINITY;
        for (size_t c = 0; c < k; c++) {
            double d = cen[c] == i ? -1 : row_dist2(w, n, i, cen[c]);
            if (d < bd) {
                bd = d;
                best = c;
            }
        }
        for (size_t c = 0; c < k; c++)
            mu[i * k + c] = k == 1 ? 1 : c == best ? 0.9 : lo;
    }
}

int ctome_wsbm_fit(const double *w, size_t n, const ctome_wsbm_opts *o, ctome_wsbm *out)
{
    if (!out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "wsbm: no output");
    memset(out, 0, sizeof *out);
    ctome_wsbm_opts def;
    if (!o) {
        ctome_wsbm_opts_default(&def);
        o = &def;
    }
    if (o->k_min < 1 || o->k_min > o->k_max || o->starts < 1 || o->starts > 1000000 || o->max_iter > 10000000)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "wsbm: K %zu..%zu (1 <= min <= max), starts %zu (1..10^6), max_iter %zu (<= 10^7)",
                           o->k_min, o->k_max, o->starts, o->max_iter);
    double mw = 0, var = 0;
    ctome_wsbm_prior pr = {.family = o->family, .a0 = 1, .b0 = 1, .m0 = 0, .kappa0 = 1};
    int rc = check_args(w, n, o->k_max, &pr, o->max_iter, o->tol);
    if (!rc)
        rc = check_weights(w, n, o->family, &mw, &var);
    if (rc)
        return rc;
    /* data-scaled prior (wsbm.h) */
    pr.m0 = o->family == CTOME_WSBM_NORMAL ? mw : 0;
    pr.b0 = o->family == CTOME_WSBM_NORMAL ? var : mw;
    out->prior = pr;
    size_t kmax = o->k_max, nk = kmax - o->k_min + 1;
    double *mu = malloc(n * kmax * sizeof *mu), *bound = malloc(o->max_iter * sizeof *bound);
    out->mu = malloc(n * kmax * sizeof *out->mu);
    out->mean = malloc(kmax * kmax * sizeof *out->mean);
    out->bound_by_k = malloc(nk * sizeof *out->bound_by_k);
    out->membership = malloc(n * sizeof *out->membership);
    double *rate = malloc(kmax * kmax * sizeof *rate);
    int32_t *lab = malloc(kmax * sizeof *lab);
    size_t *cen = malloc(kmax * sizeof *cen);
    double *d2 = malloc(n * sizeof *d2);
    if (!cen || !d2 || !mu || !bound || !out->mu || !out->mean || !out->bound_by_k || !out->membership || !rate || !lab)
        rc = ctome_error_nomem();
    out->n = n;
    out->bound = -INFINITY;
    for (size_t k = o->k_min; !rc && k <= kmax; k++) {
        double best_k = -INFINITY;
        for (size_t s = 0; !rc && s < o->starts; s++) {
            ctome_rng g;
            ctome_rng_seed(&g, o->seed, ((uint64_t)k << 32) + s);
            seed_start(w, n, k, &g, cen, d2, mu);
            size_t iters;
            int conv;
            rc = run_checked(w, n, k, &pr, mu, o->max_iter, o->tol, bound, &iters, &conv, rate);
            if (rc)
                break;
            double b = bound[iters - 1];
            best_k = b > best_k ? b : best_k;
            /* strictly better: ties keep the smaller K and the earlier start */
            if (b > out->bound) {
                out->bound = b;
                out->k = k;
                out->iterations = iters;
                out->converged = conv;
                memcpy(out->mu, mu, n * k * sizeof *mu);
                memcpy(out->mean, rate, k * k * sizeof *rate);
            }
        }
        out->bound_by_k[k - o->k_min] = best_k;
    }
    if (!rc) {
        size_t k = out->k, nb = 0;
        for (size_t a = 0; a < k; a++)
            lab[a] = -1;
        for (size_t i = 0; i < n; i++) {
            size_t best = 0;
            for (size_t a = 1; a < k; a++)
                if (out->mu[i * k + a] > out->mu[i * k + best])
                    best = a;
            if (lab[best] < 0)
                lab[best] = (int32_t)nb++;
            out->membership[i] = lab[best];
        }
        out->n_blocks = nb;
    }
    free(mu);
    free(bound);
    free(rate);
    free(lab);
    free(cen);
    free(d2);
    if (rc)
        ctome_wsbm_clear(out);
    return rc;
}
