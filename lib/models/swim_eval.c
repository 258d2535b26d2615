/* swim_eval.c — parallel episode evaluation, recorded episodes, the NCAP
 * unit layout and the transfer rule (swim_eval.h). */
#include "swim_eval.h"

#include "error.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

void ctome_swim_mean_sd(const double *v, size_t n, double *mean, double *sd)
{
    double s = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    double m = n ? s / (double)n : NAN;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - m) * (v[i] - m);
    *mean = m;
    *sd = n ? sqrt(ss / (double)n) : NAN;
}

/* ---- parallel evaluation ---- */

static int one_episode(ctome_swimmer *env, ctome_policy *p, uint64_t seed, int steps, double *fv, double *ret,
                       double *speed)
{
    ctome_swim_record rec = {.forward_velocity = fv};
    int rc = ctome_swim_episode(env, p, seed, &rec, ret);
    if (!rc && speed) {
        double s = 0;
        for (int t = 0; t < steps; t++)
            s += fv[t];
        *speed = s / steps;
    }
    return rc;
}

int ctome_swim_eval_episodes(const ctome_swimmer_model *m, const ctome_policy *p, ctome_swim_task task, int steps,
                             uint64_t seed, int n, int threads, double *ret, double *speed,
                             ctome_swim_eval_progress progress, void *ctx)
{
    if (!m || !p || !ret)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim eval: no model, policy or return array");
    if (n < 1 || steps < 1)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim eval: %d episodes of %d steps: both must be >= 1", n, steps);
    int rc = CTOME_OK;
    size_t done = 0;
    char msg[512] = "";
#ifdef _OPENMP
    int nt = threads > 0 ? threads : omp_get_max_threads();
    if (nt > n)
        nt = n;
#pragma omp parallel num_threads(nt)
#else
    (void)threads;
#endif
    {
        ctome_swimmer *env = NULL;
        ctome_policy *q = NULL;
        double *fv = malloc((size_t)steps * sizeof *fv);
        int trc = fv ? ctome_swimmer_create(&env, m, task, steps) : ctome_error_nomem();
        if (!trc)
            trc = ctome_policy_clone(p, &q);
#ifdef _OPENMP
#pragma omp for schedule(dynamic)
#endif
        for (int i = 0; i < n; i++) {
            int erc = trc ? trc : one_episode(env, q, seed + (uint64_t)i, steps, fv, &ret[i], speed ? &speed[i] : NULL);
#ifdef _OPENMP
#pragma omp critical(ctome_swim_eval)
#endif
            {
                if (erc && !rc) {
                    rc = erc;
                    snprintf(msg, sizeof msg, "episode %d (seed %" PRIu64 "): %s", i, seed + (uint64_t)i,
                             ctome_error_message());
                }
                ++done;
                if (progress)
                    progress(done, ctx);
            }
        }
        ctome_policy_free(q);
        ctome_swimmer_free(env);
        free(fv);
    }
    if (rc)
        return ctome_error(rc, NULL, 0, "%s", msg);
    return CTOME_OK;
}

/* ---- one recorded episode ---- */

void ctome_swim_run_free(ctome_swim_run *r)
{
    if (!r)
        return;
    free(r->rec.reward);
    free(r->rec.torques);
    free(r->rec.joints);
    free(r->rec.units);
    free(r->rec.nose);
    free(r->rec.body);
    free(r->rec.forward_velocity);
    memset(r, 0, sizeof *r);
}

int ctome_swim_run_episode(const ctome_swimmer_model *m, ctome_policy *p, ctome_swim_task task, int steps,
                           uint64_t seed, ctome_swim_run *e)
{
    memset(e, 0, sizeof *e);
    if (!m || !p)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim run: no model or policy");
    if (steps < 1)
        return ctome_error(CTOME_EINVAL, NULL, 0, "swim run: an episode of %d steps", steps);
    size_t T = (size_t)steps, J = (size_t)ctome_swimmer_model_n_joints(m);
    e->n_steps = T;
    e->n_joints = (int)J;
    e->n_units = ctome_policy_n_units(p);
    e->rec.reward = malloc(T * sizeof(double));
    e->rec.torques = malloc(T * J * sizeof(double));
    e->rec.joints = malloc(T * J * sizeof(double));
    e->rec.units = malloc(T * (e->n_units ? e->n_units : 1) * sizeof(double));
    e->rec.nose = malloc(T * 2 * sizeof(double));
    e->rec.body = malloc(T * 2 * (J + 2) * sizeof(double));
    e->rec.forward_velocity = malloc(T * sizeof(double));
    if (!e->rec.reward || !e->rec.torques || !e->rec.joints || !e->rec.units || !e->rec.nose || !e->rec.body ||
        !e->rec.forward_velocity)
        return ctome_error_nomem();
    ctome_swimmer *env = NULL;
    int rc = ctome_swimmer_create(&env, m, task, steps);
    if (!rc)
        rc = ctome_swim_episode(env, p, seed, &e->rec, &e->ret);
    ctome_swimmer_free(env);
    double s = 0;
    for (size_t t = 0; !rc && t < T; t++)
        s += e->rec.forward_velocity[t];
    e->speed = s / (double)T;
    return rc;
}

/* ---- the NCAP unit layout ---- */

int ctome_swim_b_neurons(const ctome_policy *p, const double *units, size_t U, size_t T, double **dorsal,
                         double **ventral)
{
    *dorsal = *ventral = NULL;
    size_t J = (size_t)ctome_policy_n_joints(p);
    /* ncap.h: per joint b_d, b_v, m_d, m_v; the oscillator units come last */
    if (ctome_policy_kind_of(p) != CTOME_POLICY_NCAP || U < 4 * J || !units)
        return CTOME_OK;
    size_t nb = T * J > 0 ? T * J : 1;
    double *d = malloc(nb * sizeof *d), *v = malloc(nb * sizeof *v);
    if (!d || !v) {
        free(d);
        free(v);
        return ctome_error_nomem();
    }
    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < J; j++) {
            d[t * J + j] = units[t * U + 4 * j];
            v[t * J + j] = units[t * U + 4 * j + 1];
        }
    *dorsal = d;
    *ventral = v;
    return CTOME_OK;
}

/* ---- transfer across bodies ---- */

int ctome_swim_transfer_policy(const ctome_policy *p, int n_joints, ctome_policy **out)
{
    *out = NULL;
    /* the accessor is not const-qualified; nothing is changed through it */
    ctome_ncap *nc = ctome_policy_ncap_of((ctome_policy *)p);
    size_t k = ctome_policy_n_params(p);
    if (!nc || !ctome_ncap_options(nc)->shared || k > 4)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "transfer needs a weight-shared NCAP (its 4 weights do not depend on the body); this "
                           "controller is %s with %zu parameters",
                           ctome_policy_kind_name(ctome_policy_kind_of(p)), k);
    if (n_joints < CTOME_SWIM_MIN_JOINTS || n_joints > CTOME_SWIM_MAX_JOINTS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "transfer to %d joints: a swimmer has %d to %d joints", n_joints,
                           CTOME_SWIM_MIN_JOINTS, CTOME_SWIM_MAX_JOINTS);
    double w[4];
    ctome_policy_get_params(p, w);
    ctome_ncap_opts no = *ctome_ncap_options(nc);
    no.n_joints = n_joints;
    int rc = ctome_policy_ncap(out, &no);
    if (!rc && (rc = ctome_policy_set_params(*out, w))) {
        ctome_policy_free(*out);
        *out = NULL;
    }
    return rc;
}
