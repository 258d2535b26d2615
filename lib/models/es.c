/* es.c — the optimiser core (es.h): options, ask / tell, OpenAI-style ES,
 * the OpenMP (+ MPI) evaluation loop.  CMA-ES's update is in es_cma.c, the
 * state copy for checkpoints in es_state.c.
 *
 * State per optimiser: the centre / mean, the algorithm's moments, and the
 * samples of the generation last asked for (ES: the noise eps_k of each
 * antithetic pair; CMA: z_k and y_k = B D z_k), so tell needs nothing but the
 * returns.  The samples are regenerated from (seed, generation, member) by
 * every ask, so a checkpoint taken between generations needs none of them.
 */
#include "es.h"

#include "error.h"
#include "rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "es_internal.h"

static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

const char *ctome_es_algo_name(ctome_es_algo a) { return a == CTOME_ES_CMA ? "cmaes" : "es"; }

int ctome_es_algo_parse(const char *s, ctome_es_algo *out)
{
    if (s && strcmp(s, "es") == 0)
        *out = CTOME_ES_OPENAI;
    else if (s && (strcmp(s, "cmaes") == 0 || strcmp(s, "cma") == 0 || strcmp(s, "cma-es") == 0))
        *out = CTOME_ES_CMA;
    else
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown optimiser '%s' (expected es or cmaes)", s ? s : "");
    return CTOME_OK;
}

void ctome_es_opts_default(ctome_es_algo algo, ctome_es_opts *o)
{
    memset(o, 0, sizeof *o);
    o->algo = algo;
    o->popsize = algo == CTOME_ES_CMA ? 0 : 32;
    o->sigma = algo == CTOME_ES_CMA ? 0.3 : 0.05;
    o->lr = 0.01;
    o->beta1 = 0.9;
    o->beta2 = 0.999;
    o->adam_eps = 1e-8;
    o->weight_decay = 0;
    o->seed = 1;
}

int ctome_es_i_check_opts(const ctome_es_opts *o, size_t dim)
{
    if (dim == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: dimension is 0 (nothing to optimise)");
    if (o->algo != CTOME_ES_OPENAI && o->algo != CTOME_ES_CMA)
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: unknown algorithm %d", (int)o->algo);
    if (!(o->sigma > 0) || !isfinite(o->sigma))
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: sigma must be > 0 and finite (got %g)", o->sigma);
    if (dim > ((size_t)1 << 24))
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: dimension %zu is too large", dim);
    if (o->algo == CTOME_ES_OPENAI) {
        if (o->popsize < 2 || o->popsize % 2)
            return ctome_error(CTOME_EINVAL, NULL, 0,
                               "ES: population size must be even and >= 2 (antithetic pairs; got %zu)", o->popsize);
        if (!(o->lr > 0) || !isfinite(o->lr))
            return ctome_error(CTOME_EINVAL, NULL, 0, "ES: learning rate must be > 0 and finite (got %g)", o->lr);
        if (!(o->beta1 >= 0 && o->beta1 < 1) || !(o->beta2 >= 0 && o->beta2 < 1))
            return ctome_error(CTOME_EINVAL, NULL, 0, "ES: Adam betas must lie in [0, 1) (got %g, %g)", o->beta1,
                               o->beta2);
        if (!(o->adam_eps > 0) || !(o->weight_decay >= 0) || !isfinite(o->weight_decay))
            return ctome_error(CTOME_EINVAL, NULL, 0, "ES: need Adam epsilon > 0 and weight decay >= 0 (got %g, %g)",
                               o->adam_eps, o->weight_decay);
    } else {
        if (o->popsize == 1)
            return ctome_error(CTOME_EINVAL, NULL, 0, "CMA-ES: population size must be >= 2 (got 1)");
        if (dim > 20000)
            return ctome_error(CTOME_EINVAL, NULL, 0,
                               "CMA-ES: dimension %zu needs a %zu x %zu covariance; use ES for large policies", dim,
                               dim, dim);
    }
    if (o->popsize > ((size_t)1 << 30))
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: population size %zu is too large", o->popsize);
    return CTOME_OK;
}
static int es_alloc(ctome_es *es)
{
    size_t n = es->n, lam = es->lambda;
    int bad = !(es->theta = calloc(n, sizeof(double))) || !(es->best_theta = calloc(n, sizeof(double))) ||
              !(es->pop = calloc(lam * n, sizeof(double))) ||
              !(es->work = calloc(2 * n + lam, sizeof(double))) || !(es->order = calloc(lam, sizeof(size_t)));
    if (!bad && es->o.algo == CTOME_ES_OPENAI)
        bad = !(es->m = calloc(n, sizeof(double))) || !(es->v = calloc(n, sizeof(double))) ||
              !(es->eps = calloc(lam / 2 * n, sizeof(double)));
    if (!bad && es->o.algo == CTOME_ES_CMA)
        bad = !(es->C = calloc(n * n, sizeof(double))) || !(es->B = calloc(n * n, sizeof(double))) ||
              !(es->D = calloc(n, sizeof(double))) || !(es->pc = calloc(n, sizeof(double))) ||
              !(es->ps = calloc(n, sizeof(double))) || !(es->z = calloc(lam * n, sizeof(double))) ||
              !(es->y = calloc(lam * n, sizeof(double))) || !(es->w = calloc(lam, sizeof(double)));
    return bad ? ctome_error_nomem() : CTOME_OK;
}

void ctome_es_free(ctome_es *es)
{
    if (!es)
        return;
    free(es->theta);
    free(es->best_theta);
    free(es->pop);
    free(es->work);
    free(es->order);
    free(es->m);
    free(es->v);
    free(es->eps);
    free(es->C);
    free(es->B);
    free(es->D);
    free(es->pc);
    free(es->ps);
    free(es->z);
    free(es->y);
    free(es->w);
    free(es->curve);
    free(es);
}

/* An optimiser with its arrays allocated and its constants set, state zero. */
int ctome_es_i_make(const ctome_es_opts *o, size_t dim, ctome_es **out)
{
    *out = NULL;
    int rc = ctome_es_i_check_opts(o, dim);
    if (rc)
        return rc;
    ctome_es *es = calloc(1, sizeof *es);
    if (!es)
        return ctome_error_nomem();
    es->o = *o;
    es->n = dim;
    es->lambda = o->popsize;
    if (o->algo == CTOME_ES_CMA && es->lambda == 0)
        es->lambda = 4 + (size_t)floor(3 * log((double)dim));
    es->o.popsize = es->lambda;
    es->sigma = o->sigma;
    es->best_ret = -INFINITY;
    if ((rc = es_alloc(es))) {
        ctome_es_free(es);
        return rc;
    }
    if (o->algo == CTOME_ES_CMA)
        ctome_es_i_cma_params(es);
    *out = es;
    return CTOME_OK;
}

int ctome_es_new(const ctome_es_opts *o, const double *theta0, size_t dim, ctome_es **out)
{
    *out = NULL;
    if (!o || (!theta0 && dim))
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: missing options or start point");
    ctome_es *es;
    int rc = ctome_es_i_make(o, dim, &es);
    if (rc)
        return rc;
    for (size_t i = 0; i < dim; i++) {
        if (!isfinite(theta0[i])) {
            ctome_es_free(es);
            return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: start point element %zu is not finite (%g)", i,
                               theta0[i]);
        }
    }
    memcpy(es->theta, theta0, dim * sizeof(double));
    ctome_es_i_project(es, es->theta);
    memcpy(es->best_theta, es->theta, dim * sizeof(double));
    if (o->algo == CTOME_ES_CMA) {
        for (size_t i = 0; i < dim; i++) {
            es->C[i * dim + i] = 1;
            es->B[i * dim + i] = 1;
            es->D[i] = 1;
        }
    }
    *out = es;
    return CTOME_OK;
}

size_t ctome_es_dim(const ctome_es *es) { return es->n; }
size_t ctome_es_popsize(const ctome_es *es) { return es->lambda; }
ctome_es_algo ctome_es_algorithm(const ctome_es *es) { return es->o.algo; }
uint64_t ctome_es_generation(const ctome_es *es) { return es->gen; }
uint64_t ctome_es_steps(const ctome_es *es) { return es->steps; }
void ctome_es_add_steps(ctome_es *es, uint64_t steps) { es->steps += steps; }
const double *ctome_es_theta(const ctome_es *es) { return es->theta; }
double ctome_es_sigma(const ctome_es *es) { return es->sigma; }
const ctome_es_opts *ctome_es_options(const ctome_es *es) { return &es->o; }

const double *ctome_es_best_theta(const ctome_es *es, double *best_return)
{
    if (best_return)
        *best_return = es->best_ret;
    return es->best_theta;
}

const ctome_es_gen *ctome_es_curve(const ctome_es *es, size_t *n)
{
    *n = es->n_curve;
    return es->curve;
}

int ctome_es_cma_get_params(const ctome_es *es, ctome_es_cma_params *p)
{
    if (es->o.algo != CTOME_ES_CMA)
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: not CMA-ES");
    p->lambda = es->lambda;
    p->mu = es->mu;
    p->mueff = es->mueff;
    p->cc = es->cc;
    p->csigma = es->cs;
    p->c1 = es->c1;
    p->cmu = es->cmu;
    p->dsigma = es->ds;
    p->chin = es->chin;
    p->weights = es->w;
    return CTOME_OK;
}

uint64_t ctome_es_member_seed(const ctome_es *es, size_t member)
{
    size_t k = es->o.algo == CTOME_ES_OPENAI ? member / 2 : member;
    return mix64(mix64(mix64(es->o.seed ^ 0x6a09e667f3bcc908ULL) ^ es->gen) ^ (uint64_t)k);
}

/* ---- ask ---- */

static void es_ask(ctome_es *es, double *pop)
{
    size_t n = es->n, pairs = es->lambda / 2;
    for (size_t k = 0; k < pairs; k++) {
        ctome_rng r;
        ctome_rng_seed(&r, es->o.seed, ctome_es_i_sample_stream(es->gen, k));
        double *e = es->eps + k * n, *xp = pop + 2 * k * n, *xm = xp + n;
        for (size_t i = 0; i < n; i++) {
            e[i] = ctome_rng_normal(&r);
            xp[i] = es->theta[i] + es->sigma * e[i];
            xm[i] = es->theta[i] - es->sigma * e[i];
        }
    }
}
int ctome_es_ask(ctome_es *es, double *pop)
{
    if (es->o.algo == CTOME_ES_OPENAI)
        es_ask(es, es->pop);
    else
        ctome_es_i_cma_ask(es, es->pop);
    for (size_t k = 0; k < es->lambda; k++)
        ctome_es_i_project(es, es->pop + k * es->n);
    if (pop)
        memcpy(pop, es->pop, es->lambda * es->n * sizeof(double));
    es->asked = 1;
    return CTOME_OK;
}

/* ---- tell ---- */

/* Member indices ordered best first, ties by member index so the order is
 * total and reproducible.  Insertion sort: populations are small, and qsort
 * would need the returns in a global. */
static void rank_order(const double *ret, size_t lam, size_t *order)
{
    for (size_t i = 0; i < lam; i++)
        order[i] = i;
    for (size_t i = 1; i < lam; i++) {
        size_t k = order[i], j = i;
        while (j > 0) {
            size_t p = order[j - 1];
            int before = ret[k] > ret[p] || (ret[k] == ret[p] && k < p);
            if (!before)
                break;
            order[j] = p;
            j--;
        }
        order[j] = k;
    }
}

/* Centred ranks (Salimans et al. 2017): rank r (0 = worst) -> r / (lambda - 1)
 * - 0.5; tied returns share the mean of their ranks, so equal returns carry
 * no gradient. */
static void centred_ranks(const double *ret, size_t lam, const size_t *order, double *out)
{
    /* order is best first: the worst has rank 0. */
    size_t i = 0;
    while (i < lam) {
        size_t j = i;
        while (j + 1 < lam && ret[order[j + 1]] == ret[order[i]])
            j++;
        /* positions i..j (best-first) hold equal returns: ranks lam-1-j .. lam-1-i */
        double mean_rank = ((double)(lam - 1 - j) + (double)(lam - 1 - i)) / 2;
        for (size_t k = i; k <= j; k++)
            out[order[k]] = mean_rank / (double)(lam - 1) - 0.5;
        i = j + 1;
    }
}

static void es_tell(ctome_es *es, const double *ret)
{
    size_t n = es->n, lam = es->lambda, pairs = lam / 2;
    double *F = es->work + 2 * n, *g = es->work;
    centred_ranks(ret, lam, es->order, F);
    for (size_t i = 0; i < n; i++)
        g[i] = 0;
    for (size_t k = 0; k < pairs; k++) {
        double d = F[2 * k] - F[2 * k + 1];
        const double *e = es->eps + k * n;
        for (size_t i = 0; i < n; i++)
            g[i] += d * e[i];
    }
    double scale = 1 / ((double)lam * es->sigma);
    const ctome_es_opts *o = &es->o;
    double t = (double)(es->gen + 1);
    /* Adam's bias correction folded into the step size (Kingma & Ba 2015, §2). */
    double a = o->lr * sqrt(1 - pow(o->beta2, t)) / (1 - pow(o->beta1, t));
    for (size_t i = 0; i < n; i++) {
        double gi = g[i] * scale - o->weight_decay * es->theta[i];
        es->m[i] = o->beta1 * es->m[i] + (1 - o->beta1) * gi;
        es->v[i] = o->beta2 * es->v[i] + (1 - o->beta2) * gi * gi;
        es->theta[i] += a * es->m[i] / (sqrt(es->v[i]) + o->adam_eps);
    }
}
int ctome_es_i_curve_push(ctome_es *es, const ctome_es_gen *g)
{
    if (es->n_curve == es->cap_curve) {
        size_t cap = es->cap_curve ? 2 * es->cap_curve : 64;
        ctome_es_gen *c = realloc(es->curve, cap * sizeof *c);
        if (!c)
            return ctome_error_nomem();
        es->curve = c;
        es->cap_curve = cap;
    }
    es->curve[es->n_curve++] = *g;
    return CTOME_OK;
}

int ctome_es_tell(ctome_es *es, const double *ret)
{
    if (!es->asked)
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: tell without ask (generation %llu)",
                           (unsigned long long)es->gen);
    size_t lam = es->lambda;
    for (size_t k = 0; k < lam; k++)
        if (!isfinite(ret[k]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "optimiser: generation %llu member %zu: return is %g",
                               (unsigned long long)es->gen + 1, k, ret[k]);
    /* Reserve the curve row first: a failed allocation must not leave a
     * half-updated optimiser. */
    int rc = ctome_es_i_curve_push(es, &(ctome_es_gen){0});
    if (rc)
        return rc;
    es->n_curve--;
    if (es->o.algo == CTOME_ES_CMA && es->o.project) {
        double *pen = es->work + 2 * es->n;   /* lambda: returns with the repair penalty */
        ctome_es_i_cma_penalise(es, ret, pen);
        rank_order(pen, lam, es->order);
    } else {
        rank_order(ret, lam, es->order);
    }
    double mean = 0;
    size_t best = 0;
    for (size_t k = 0; k < lam; k++) {
        mean += ret[k];
        if (ret[k] > ret[best])
            best = k;
    }
    mean /= (double)lam;
    if (ret[best] > es->best_ret) {
        es->best_ret = ret[best];
        memcpy(es->best_theta, es->pop + best * es->n, es->n * sizeof(double));
    }
    if (es->o.algo == CTOME_ES_OPENAI) {
        es_tell(es, ret);
        ctome_es_i_project(es, es->theta);
        es->gen++;
    } else if ((rc = ctome_es_i_cma_tell(es))) {   /* projects the mean itself */
        return rc;
    }
    es->asked = 0;
    ctome_es_gen g = {es->gen, es->steps, mean, ret[best], es->best_ret};
    return ctome_es_i_curve_push(es, &g);
}

/* ---- the convenience loop ---- */

static int budget_left(const ctome_es *es, const ctome_es_run_opts *ro)
{
    if (ro->max_generations && es->gen >= ro->max_generations)
        return 0;
    if (ro->max_steps && es->steps >= ro->max_steps)
        return 0;
    return 1;
}

int ctome_es_run(ctome_es *es, ctome_es_objective f, void *ctx, const ctome_es_run_opts *ro)
{
    if (!f || !ro)
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: missing objective or run options");
    if (!ro->max_generations && !ro->max_steps)
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: no budget (set generations or env steps)");
    const ctome_es_dist *d = ro->dist;
    int size = d && d->size > 1 ? d->size : 1, rank = size > 1 ? d->rank : 0;
    if (size > 1 && (!d->combine || rank < 0 || rank >= size))
        return ctome_error(CTOME_EINVAL, NULL, 0, "optimiser: bad process split (rank %d of %d)", rank, size);
    size_t lam = es->lambda, n = es->n;
    /* buf: lambda returns then lambda step counts, combined in one call */
    double *buf = malloc(2 * lam * sizeof(double));
    if (!buf)
        return ctome_error_nomem();
    size_t lo = lam * (size_t)rank / (size_t)size, hi = lam * ((size_t)rank + 1) / (size_t)size;
    int rc = CTOME_OK;
    while (!rc && budget_left(es, ro)) {
        ctome_es_ask(es, NULL);
        for (size_t k = 0; k < 2 * lam; k++)
            buf[k] = 0;
        double *ret = buf, *stp = buf + lam;
        long long m0 = (long long)lo, m1 = (long long)hi;
#pragma omp parallel for schedule(dynamic, 1)
        for (long long k = m0; k < m1; k++) {
            uint64_t s = 0;
            double r = f(es->pop + (size_t)k * n, n, ctome_es_member_seed(es, (size_t)k), ctx, &s);
            ret[k] = r;
            stp[k] = (double)s;
        }
        if (size > 1 && d->combine(buf, 2 * lam, d->ctx) != 0) {
            rc = ctome_error(CTOME_ELIB, NULL, 0, "optimiser: generation %llu: combining results across %d processes failed",
                             (unsigned long long)es->gen + 1, size);
            break;
        }
        uint64_t used = 0;
        for (size_t k = 0; k < lam; k++) {
            if (isnan(ret[k])) {
                rc = ctome_error(CTOME_EVALUE, NULL, 0, "optimiser: generation %llu member %zu: objective returned NaN",
                                 (unsigned long long)es->gen + 1, k);
                break;
            }
            used += (uint64_t)stp[k];
        }
        if (rc)
            break;
        es->steps += used;
        if ((rc = ctome_es_tell(es, ret)))
            break;
        if (ro->progress)
            ro->progress(&es->curve[es->n_curve - 1], ro->progress_ctx);
    }
    free(buf);
    return rc;
}
