/* repro_models.c — Randi et al. 2023 (anatomy vs the signal-propagation
 * atlas, structfunc.h) and Bhattasali et al. 2022 (the NCAP swimmer,
 * ncap.h / swimmer.h / policy.h) for `ctome reproduce`. */
#include "repro_internal.h"

#include "connectome.h"
#include "datasets.h"
#include "error.h"
#include "ncap.h"
#include "policy.h"
#include "structfunc.h"
#include "swimmer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Randi et al. 2023 ---- */

static void randi_layer(const ctome_repro_opts *o, const ctome_connectome *c, const ctome_fmatrix *f,
                        const char *layer, ctome_claim *cl, ctome_repro_series *sr)
{
    ctome_structfunc_opts so;
    ctome_structfunc_opts_default(&so);
    so.n_nulls = o->full ? 1000 : 100;
    so.seed = o->seed;
    so.threads = o->threads;
    ctome_structfunc s;
    memset(&s, 0, sizeof s);
    if (ctome_structfunc_compute(c, layer, f, &so, &s)) {
        repro_fail(cl, layer);
        return;
    }
    char t[160];
    snprintf(t, sizeof t, "%.3f (p = %.3g vs %zu nulls; %zu pairs, %zu neurons)", s.rho, s.p, s.n_nulls, s.n_pairs,
             s.n_shared);
    repro_set(cl, s.rho, t);
    if (sr && sr->n < 16) {
        sr->x[sr->n] = (double)sr->n;
        sr->y[sr->n] = s.rho;
        snprintf(sr->xtick[sr->n], sizeof sr->xtick[sr->n], "%s", strchr(layer, '+') ? "chem+gap" : layer);
        sr->n++;
    }
    repro_data(cl, "cook2019-herm %s vs randi2023-funconn (absent pairs left out), %zu Maslov-Sneppen nulls, seed %llu",
               layer, s.n_nulls, (unsigned long long)o->seed);
    ctome_structfunc_clear(&s);
}

int repro_randi2023(const ctome_repro_opts *o, ctome_repro_paper *p)
{
    ctome_claim *cc = repro_claim(p, "chemical_rho",
                                  "Spearman rho, chemical synapse count vs measured response amplitude",
                                  "abstract and main text (anatomy predicts signal propagation only weakly)",
                                  "weak, positive", NAN, CTOME_TOL_RANGE, 0, 0.3);
    ctome_claim *cu = repro_claim(p, "union_rho",
                                  "Spearman rho, chemical + gap-junction contacts vs response amplitude",
                                  "abstract and main text (anatomy predicts signal propagation only weakly)",
                                  "weak, positive", NAN, CTOME_TOL_RANGE, 0, 0.3);
    if (!cc || !cu)
        return CTOME_ENOMEM;
    ctome_connectome *c = NULL;
    ctome_fmatrix *f = NULL;
    int rc = ctome_dataset_load("cook2019-herm", o->datadir, o->reg, &c);
    if (!rc)
        rc = ctome_structfunc_functional("randi2023-funconn", o->datadir, o->reg, 1, &f);
    if (rc) {
        repro_fail(cc, "loading cook2019-herm and randi2023-funconn");
        repro_fail(cu, "loading cook2019-herm and randi2023-funconn");
    } else {
        ctome_repro_series *sr = repro_series(p, "anatomy vs atlas", "", "Spearman rho");
        if (sr)
            sr->ref = 0;
        randi_layer(o, c, f, "chemical", cc, sr);
        randi_layer(o, c, f, "chemical+electrical", cu, sr);
    }
    const char *q = "the paper states the weak agreement in words; the rule (0 <= rho <= 0.3) is ctome's reading";
    repro_why(cc, "%s", q);
    repro_why(cu, "%s", q);
    ctome_fmatrix_free(f);
    ctome_connectome_free(c);
    return CTOME_OK;
}

/* ---- Bhattasali et al. 2022 (NCAP) ---- */

/* Mean return of `n` episodes (seeds seed .. seed + n - 1) of policy p on a
 * body of n_joints joints. */
static int mean_return(int n_joints, ctome_policy *p, uint64_t seed, int n, double *mean)
{
    ctome_swimmer_model *m = NULL;
    ctome_swimmer *env = NULL;
    int rc = ctome_swimmer_model_create(&m, n_joints);
    if (!rc)
        rc = ctome_swimmer_create(&env, m, CTOME_SWIM_TASK_SWIM, 0);
    double s = 0;
    for (int i = 0; !rc && i < n; i++) {
        double r;
        rc = ctome_swim_episode(env, p, seed + (uint64_t)i, NULL, &r);
        s += r;
    }
    *mean = rc ? NAN : s / n;
    ctome_swimmer_free(env);
    ctome_swimmer_model_free(m);
    return rc;
}

typedef enum { V_NCAP, V_NO_SIGNS, V_RANDOM_INIT, V_MLP, V_RANDOM_TORQUE } variant;

static int make_policy(variant v, int n_joints, uint64_t seed, ctome_policy **out)
{
    ctome_ncap_opts no;
    ctome_ncap_opts_default(&no, n_joints);
    no.init_seed = seed;
    switch (v) {
    case V_NCAP:
        return ctome_policy_ncap(out, &no);
    case V_NO_SIGNS:
        no.constrained = 0;
        return ctome_policy_ncap(out, &no);
    case V_RANDOM_INIT:
        no.constant_init = 0;
        return ctome_policy_ncap(out, &no);
    case V_MLP:
        return ctome_policy_mlp(out, n_joints, 2, 64, seed);
    case V_RANDOM_TORQUE:
        return ctome_policy_random(out, n_joints);
    }
    return ctome_error(CTOME_EINVAL, NULL, 0, "unknown controller variant");
}

/* Return at initialisation of a variant: `inits` initialisations (seeds
 * seed .. seed + inits - 1), `eps` episodes each; mean over all. */
static int init_return(variant v, int n_joints, uint64_t seed, int inits, int eps, double *mean, size_t *n_params)
{
    double s = 0;
    int rc = CTOME_OK;
    for (int i = 0; !rc && i < inits; i++) {
        ctome_policy *pol = NULL;
        double r = NAN;
        rc = make_policy(v, n_joints, seed + (uint64_t)i, &pol);
        if (!rc) {
            if (n_params)
                *n_params = ctome_policy_n_params(pol);
            rc = mean_return(n_joints, pol, seed + (uint64_t)i, eps, &r);
        }
        s += r;
        ctome_policy_free(pol);
    }
    *mean = rc ? NAN : s / inits;
    return rc;
}

int repro_bhattasali2022(const ctome_repro_opts *o, ctome_repro_paper *p)
{
    ctome_claim *cp = repro_claim(p, "n_params", "trainable parameters of the weight-shared NCAP swimmer",
                                  "main text (4 parameters)", "4", 4, CTOME_TOL_ABS, 0, 0);
    ctome_claim *ci = repro_claim(p, "init_vs_mlp", "return at initialisation, NCAP minus MLP (6 links)",
                                  "main text and Fig. 3 (NCAP swims before any training; the MLP does not)",
                                  "NCAP > MLP", NAN, CTOME_TOL_GT, 0, 0);
    ctome_claim *ct = repro_claim(p, "transfer",
                                  "NCAP on 7..13 links without retraining: lowest return / return on 6 links",
                                  "main text (shared weights transfer across body lengths)", "transfers", NAN,
                                  CTOME_TOL_GT, 0.9, 0);
    ctome_claim *cs = repro_claim(p, "ablate_signs", "ablation: no sign constraints, return at init / NCAP's",
                                  "ablation figure (sign constraints carry the prior)", "drops", NAN, CTOME_TOL_LT,
                                  0.5, 0);
    ctome_claim *cr = repro_claim(p, "ablate_init", "ablation: random (sign-kept) init, return at init / NCAP's",
                                  "ablation figure (the constant initialisation carries the prior)", "drops", NAN,
                                  CTOME_TOL_LT, 1, 0);
    if (!cp || !ci || !ct || !cs || !cr)
        return CTOME_ENOMEM;
    const int J = 5;   /* 6 links */
    int inits = o->full ? 10 : 3, eps = o->full ? 10 : 3;
    double ncap = NAN, mlp = NAN, rnd = NAN, nosign = NAN, rinit = NAN;
    size_t k = 0;
    char t[160];
    if (init_return(V_NCAP, J, o->seed, 1, eps, &ncap, &k)) {
        repro_fail(cp, "NCAP");
        repro_fail(ci, "NCAP episodes");
        repro_fail(ct, "NCAP episodes");
        repro_fail(cs, "NCAP episodes");
        repro_fail(cr, "NCAP episodes");
        return CTOME_OK;
    }
    repro_set(cp, (double)k, NULL);
    repro_data(cp, "lib/models/ncap.c, shared weights, sign constraints, 6 links");
    if (init_return(V_MLP, J, o->seed, inits, 1, &mlp, NULL) ||
        init_return(V_RANDOM_TORQUE, J, o->seed, 1, eps, &rnd, NULL))
        repro_fail(ci, "MLP episodes");
    else {
        snprintf(t, sizeof t, "%.1f (NCAP %.1f, MLP %.1f, random torques %.1f)", ncap - mlp, ncap, mlp, rnd);
        repro_set(ci, ncap - mlp, t);
    }
    repro_data(ci, "dm_control swimmer, 6 links, 1000 steps; NCAP constant init %d episodes, MLP 2x64 tanh %d inits, "
                   "seeds from %llu", eps, inits, (unsigned long long)o->seed);
    /* transfer: the same 4 constant weights on 7..13 links */
    ctome_repro_series *sr = repro_series(p, "NCAP at init across body lengths", "links", "return");
    double lowest = INFINITY;
    int rc = CTOME_OK;
    for (int links = 3; !rc && links <= 13; links++) {
        double r;
        rc = init_return(V_NCAP, links - 1, o->seed, 1, o->full ? 5 : 1, &r, NULL);
        if (!rc && links >= 7 && r < lowest)
            lowest = r;
        if (!rc && sr) {
            sr->x[sr->n] = links;
            sr->y[sr->n++] = r;
        }
    }
    if (rc)
        repro_fail(ct, "transfer episodes");
    else {
        snprintf(t, sizeof t, "%.3f (lowest %.1f on 7..13 links, %.1f on 6)", lowest / ncap, lowest, ncap);
        repro_set(ct, lowest / ncap, t);
    }
    repro_data(ct, "constant-init NCAP weights, %d episode(s) per body, seed %llu", o->full ? 5 : 1,
               (unsigned long long)o->seed);
    if (init_return(V_NO_SIGNS, J, o->seed, inits, 1, &nosign, NULL))
        repro_fail(cs, "no-signs episodes");
    else {
        snprintf(t, sizeof t, "%.3f (%.1f vs %.1f)", nosign / ncap, nosign, ncap);
        repro_set(cs, nosign / ncap, t);
    }
    if (init_return(V_RANDOM_INIT, J, o->seed, inits, 1, &rinit, NULL))
        repro_fail(cr, "random-init episodes");
    else {
        snprintf(t, sizeof t, "%.3f (%.1f vs %.1f)", rinit / ncap, rinit, ncap);
        repro_set(cr, rinit / ncap, t);
    }
    for (int i = 0; i < 2; i++)
        repro_data(i ? cr : cs, "%d initialisations, one episode each, seeds from %llu; at init only (training "
                                "ablations: ctome swim ablate)", inits, (unsigned long long)o->seed);
    repro_why(cs, "the paper compares ablations after training; ctome checks the return at initialisation");
    repro_why(cr, "the paper compares ablations after training; ctome checks the return at initialisation");
    return CTOME_OK;
}
