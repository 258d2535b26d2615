/* es_state.c — the optimiser's state as plain arrays (es.h: ctome_es_get_state,
 * ctome_es_from_state), checked on the way in, for checkpoints (es_ckpt.c). */
#include "es_internal.h"

#include "error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ctome_es_state_free(ctome_es_state *st)
{
    if (!st)
        return;
    free(st->theta);
    free(st->best_theta);
    free(st->adam_m);
    free(st->adam_v);
    free(st->C);
    free(st->B);
    free(st->D);
    free(st->pc);
    free(st->ps);
    free(st->curve);
    memset(st, 0, sizeof *st);
}

static double *dup_arr(const double *src, size_t n, int *bad)
{
    if (!src || *bad)
        return NULL;
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d) {
        *bad = 1;
        return NULL;
    }
    memcpy(d, src, n * sizeof *d);
    return d;
}

int ctome_es_get_state(const ctome_es *es, ctome_es_state *st)
{
    memset(st, 0, sizeof *st);
    size_t n = es->n;
    st->opts = es->o;
    st->opts.project = NULL;
    st->opts.project_ctx = NULL;
    st->dim = n;
    st->generation = es->gen;
    st->steps = es->steps;
    st->eigen_generation = es->eigen_gen;
    st->sigma = es->sigma;
    st->best_return = es->best_ret;
    int bad = 0;
    st->theta = dup_arr(es->theta, n, &bad);
    st->best_theta = dup_arr(es->best_theta, n, &bad);
    st->adam_m = dup_arr(es->m, n, &bad);
    st->adam_v = dup_arr(es->v, n, &bad);
    st->C = dup_arr(es->C, n * n, &bad);
    st->B = dup_arr(es->B, n * n, &bad);
    st->D = dup_arr(es->D, n, &bad);
    st->pc = dup_arr(es->pc, n, &bad);
    st->ps = dup_arr(es->ps, n, &bad);
    st->n_curve = es->n_curve;
    if (!bad && es->n_curve) {
        st->curve = malloc(es->n_curve * sizeof *st->curve);
        if (!st->curve)
            bad = 1;
        else
            memcpy(st->curve, es->curve, es->n_curve * sizeof *st->curve);
    }
    if (bad) {
        ctome_es_state_free(st);
        return ctome_error_nomem();
    }
    return CTOME_OK;
}

static int check_arr(const char *name, const double *a, size_t n, int positive)
{
    if (!a)
        return ctome_error(CTOME_EFORMAT, NULL, 0, "optimiser state: '%s' is missing", name);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(a[i]) || (positive && !(a[i] > 0)))
            return ctome_error(CTOME_EVALUE, NULL, 0, "optimiser state: %s[%zu] = %g is not %s", name, i, a[i],
                               positive ? "finite and > 0" : "finite");
    return CTOME_OK;
}

static int check_state(const ctome_es_state *st)
{
    size_t n = st->dim;
    int rc = check_arr("theta", st->theta, n, 0);
    if (!rc && st->best_theta)
        rc = check_arr("best_theta", st->best_theta, n, 0);
    if (!rc && isnan(st->best_return))
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "optimiser state: best_return is NaN");
    if (!rc && !(st->sigma > 0 && isfinite(st->sigma)))
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "optimiser state: sigma = %g is not finite and > 0", st->sigma);
    if (!rc && st->opts.algo == CTOME_ES_OPENAI) {
        rc = check_arr("adam_m", st->adam_m, n, 0);
        if (!rc)
            rc = check_arr("adam_v", st->adam_v, n, 0);
        for (size_t i = 0; !rc && i < n; i++)
            if (st->adam_v[i] < 0)
                rc = ctome_error(CTOME_EVALUE, NULL, 0, "optimiser state: adam_v[%zu] = %g is negative", i,
                                 st->adam_v[i]);
    }
    if (!rc && st->opts.algo == CTOME_ES_CMA) {
        rc = check_arr("C", st->C, n * n, 0);
        if (!rc)
            rc = check_arr("B", st->B, n * n, 0);
        if (!rc)
            rc = check_arr("D", st->D, n, 1);
        if (!rc)
            rc = check_arr("pc", st->pc, n, 0);
        if (!rc)
            rc = check_arr("ps", st->ps, n, 0);
        if (!rc && st->eigen_generation > st->generation)
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "optimiser state: eigen_generation %llu > generation %llu",
                             (unsigned long long)st->eigen_generation, (unsigned long long)st->generation);
    }
    for (size_t i = 0; !rc && i < st->n_curve; i++) {
        const ctome_es_gen *g = &st->curve[i];
        if (g->generation != i + 1 || isnan(g->mean) || isnan(g->best) || (i && g->steps < st->curve[i - 1].steps))
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "optimiser state: learning curve row %zu is inconsistent", i);
    }
    if (!rc && st->n_curve != st->generation)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "optimiser state: %zu learning-curve rows for %llu generations",
                         st->n_curve, (unsigned long long)st->generation);
    return rc;
}

int ctome_es_from_state(const ctome_es_state *st, ctome_es_project proj, void *pctx, ctome_es **out)
{
    *out = NULL;
    ctome_es_opts o = st->opts;
    o.project = proj;
    o.project_ctx = pctx;
    int rc = ctome_es_i_check_opts(&o, st->dim);
    if (!rc)
        rc = check_state(st);
    if (rc)
        return rc;
    ctome_es *es;
    if ((rc = ctome_es_i_make(&o, st->dim, &es)))
        return rc;
    if (es->lambda != st->opts.popsize && st->opts.popsize) {
        ctome_es_free(es);
        return ctome_error(CTOME_EVALUE, NULL, 0, "optimiser state: population size %zu is inconsistent",
                           st->opts.popsize);
    }
    size_t n = st->dim;
    es->gen = st->generation;
    es->steps = st->steps;
    es->eigen_gen = st->eigen_generation;
    es->sigma = st->sigma;
    es->best_ret = st->best_return;
    memcpy(es->theta, st->theta, n * sizeof(double));
    memcpy(es->best_theta, st->best_theta ? st->best_theta : st->theta, n * sizeof(double));
    if (o.algo == CTOME_ES_OPENAI) {
        memcpy(es->m, st->adam_m, n * sizeof(double));
        memcpy(es->v, st->adam_v, n * sizeof(double));
    } else {
        memcpy(es->C, st->C, n * n * sizeof(double));
        memcpy(es->B, st->B, n * n * sizeof(double));
        memcpy(es->D, st->D, n * sizeof(double));
        memcpy(es->pc, st->pc, n * sizeof(double));
        memcpy(es->ps, st->ps, n * sizeof(double));
    }
    for (size_t i = 0; i < st->n_curve; i++) {
        if ((rc = ctome_es_i_curve_push(es, &st->curve[i]))) {
            ctome_es_free(es);
            return rc;
        }
    }
    *out = es;
    return CTOME_OK;
}
