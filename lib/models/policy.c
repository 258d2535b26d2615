/* policy.c — swimmer controllers behind one interface, and the episode loop
 * (policy.h). */
#include "policy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rng.h"

struct ctome_policy {
    ctome_policy_kind kind;
    int n_joints;
    ctome_ncap *ncap;
    ctome_mlp *mlp;
    ctome_rng rng;          /* RANDOM */
    double *qn;             /* [n_joints] NCAP's normalised inputs */
    ctome_swim_obs_layout L;
};

static int new_policy(ctome_policy **out, ctome_policy_kind kind, int n_joints)
{
    *out = NULL;
    if (n_joints < CTOME_SWIM_MIN_JOINTS || n_joints > CTOME_SWIM_MAX_JOINTS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "policy needs %d to %d joints, got %d",
                           CTOME_SWIM_MIN_JOINTS, CTOME_SWIM_MAX_JOINTS, n_joints);
    ctome_policy *p = calloc(1, sizeof *p);
    if (!p || !(p->qn = calloc((size_t)n_joints, sizeof *p->qn))) {
        free(p);
        return ctome_error_nomem();
    }
    p->kind = kind;
    p->n_joints = n_joints;
    ctome_swim_obs_layout_get(n_joints, &p->L);
    *out = p;
    return CTOME_OK;
}

int ctome_policy_ncap(ctome_policy **out, const ctome_ncap_opts *o)
{
    int rc = new_policy(out, CTOME_POLICY_NCAP, o->n_joints);
    if (!rc && (rc = ctome_ncap_create(&(*out)->ncap, o))) {
        ctome_policy_free(*out);
        *out = NULL;
    }
    return rc;
}

int ctome_policy_mlp_opts(ctome_policy **out, int n_joints, const ctome_mlp_opts *o)
{
    int rc = new_policy(out, CTOME_POLICY_MLP, n_joints);
    if (rc)
        return rc;
    ctome_mlp_opts oo = *o;
    oo.n_in = (int)(*out)->L.size;
    oo.n_out = n_joints;
    if ((rc = ctome_mlp_create(&(*out)->mlp, &oo))) {
        ctome_policy_free(*out);
        *out = NULL;
    }
    return rc;
}

int ctome_policy_mlp(ctome_policy **out, int n_joints, int n_layers, int hidden, uint64_t seed)
{
    ctome_mlp_opts o;
    ctome_mlp_opts_default(&o, 1, 1);
    o.n_layers = n_layers;
    o.hidden = hidden;
    o.seed = seed;
    return ctome_policy_mlp_opts(out, n_joints, &o);
}

int ctome_policy_zero(ctome_policy **out, int n_joints)
{
    return new_policy(out, CTOME_POLICY_ZERO, n_joints);
}

int ctome_policy_random(ctome_policy **out, int n_joints)
{
    return new_policy(out, CTOME_POLICY_RANDOM, n_joints);
}

static const char *KIND_NAME[] = {"ncap", "mlp", "zero", "random"};

int ctome_policy_kind_parse(const char *name, ctome_policy_kind *out)
{
    for (int k = 0; k < 4; k++)
        if (name && !strcmp(name, KIND_NAME[k])) {
            *out = (ctome_policy_kind)k;
            return CTOME_OK;
        }
    return ctome_error(CTOME_EINVAL, NULL, 0,
                       "unknown controller '%s' (expected ncap, mlp, zero or random)",
                       name ? name : "(null)");
}

const char *ctome_policy_kind_name(ctome_policy_kind k)
{
    return (unsigned)k < 4 ? KIND_NAME[k] : "?";
}

int ctome_policy_clone(const ctome_policy *p, ctome_policy **out)
{
    int rc = new_policy(out, p->kind, p->n_joints);
    if (rc)
        return rc;
    (*out)->rng = p->rng;
    if (p->ncap)
        rc = ctome_ncap_clone(p->ncap, &(*out)->ncap);
    else if (p->mlp)
        rc = ctome_mlp_clone(p->mlp, &(*out)->mlp);
    if (rc) {
        ctome_policy_free(*out);
        *out = NULL;
    }
    return rc;
}

void ctome_policy_free(ctome_policy *p)
{
    if (!p)
        return;
    ctome_ncap_free(p->ncap);
    ctome_mlp_free(p->mlp);
    free(p->qn);
    free(p);
}

ctome_policy_kind ctome_policy_kind_of(const ctome_policy *p) { return p->kind; }
int ctome_policy_n_joints(const ctome_policy *p) { return p->n_joints; }
ctome_ncap *ctome_policy_ncap_of(ctome_policy *p) { return p->ncap; }
ctome_mlp *ctome_policy_mlp_of(ctome_policy *p) { return p->mlp; }

size_t ctome_policy_n_params(const ctome_policy *p)
{
    return p->ncap ? ctome_ncap_n_params(p->ncap) : p->mlp ? ctome_mlp_n_params(p->mlp) : 0;
}

void ctome_policy_get_params(const ctome_policy *p, double *theta)
{
    if (p->ncap)
        ctome_ncap_get_params(p->ncap, theta);
    else if (p->mlp)
        ctome_mlp_get_params(p->mlp, theta);
}

int ctome_policy_set_params(ctome_policy *p, const double *theta)
{
    if (p->ncap)
        return ctome_ncap_set_params(p->ncap, theta);
    if (p->mlp)
        return ctome_mlp_set_params(p->mlp, theta);
    return CTOME_OK;
}

void ctome_policy_project(const ctome_policy *p, double *theta)
{
    if (p->ncap)
        ctome_ncap_project(p->ncap, theta);
}

void ctome_policy_reset(ctome_policy *p, uint64_t seed)
{
    if (p->ncap)
        ctome_ncap_reset(p->ncap);
    ctome_rng_seed(&p->rng, seed, 1);
}

/* NCAP's descending commands for the navigate task: full speed, and a turn
 * command proportional to the target's bearing in the head frame (forward
 * is -y), saturating at 90 degrees.  STEER is the side convention, measured:
 * a dorsal (positive) bias on the head joint turns the swimmer towards its
 * local -x.  With it, constant-init NCAP on 5 joints ends 20 navigate
 * episodes (seeds 0-19) 0.14 m from the target on average (start 1.27 m;
 * return 480 vs 59 without steering, 45 with the opposite sign). */
#define STEER (-1.0)
static void ncap_commands(ctome_policy *p, const double *obs)
{
    const ctome_ncap_opts *o = ctome_ncap_options(p->ncap);
    if (!o->turn_control && !o->speed_control)
        return;
    const double *tt = obs + p->L.to_target;
    double turn = 0;
    if (tt[0] != 0 || tt[1] != 0)
        turn = STEER * atan2(tt[0], -tt[1]) / (M_PI / 2);
    ctome_ncap_set_commands(p->ncap, 1, turn < 0 ? -turn : 0, turn > 0 ? turn : 0);
}

void ctome_policy_act(ctome_policy *p, const double *obs, double *torques)
{
    int n = p->n_joints;
    switch (p->kind) {
    case CTOME_POLICY_NCAP:
        ncap_commands(p, obs);
        ctome_ncap_normalise(n, obs + p->L.joints, p->qn);
        ctome_ncap_step(p->ncap, p->qn, torques);
        break;
    case CTOME_POLICY_MLP:
        ctome_mlp_forward(p->mlp, obs, torques);
        break;
    case CTOME_POLICY_RANDOM:
        for (int i = 0; i < n; i++)
            torques[i] = 2 * ctome_rng_uniform(&p->rng) - 1;
        break;
    default:
        memset(torques, 0, (size_t)n * sizeof *torques);
    }
}

size_t ctome_policy_n_units(const ctome_policy *p)
{
    return p->ncap ? ctome_ncap_n_units(p->ncap) : p->mlp ? ctome_mlp_n_units(p->mlp) : 0;
}

void ctome_policy_units(const ctome_policy *p, double *activity)
{
    if (p->ncap)
        ctome_ncap_units(p->ncap, activity);
    else if (p->mlp)
        ctome_mlp_units(p->mlp, activity);
}

const char *ctome_policy_unit_name(const ctome_policy *p, size_t i, char *buf, size_t len)
{
    if (p->ncap)
        return ctome_ncap_unit_name(p->ncap, i, buf, len);
    if (len) {
        size_t hid = p->mlp ? (size_t)ctome_mlp_options(p->mlp)->hidden : 1;
        snprintf(buf, len, "h%zu[%zu]", i / hid + 1, i % hid);
    }
    return buf;
}

/* ---- the episode loop ----------------------------------------------------- */

/* Buffers the loop needs whatever the caller records. */
typedef struct {
    double *obs, *tau;
} scratch;

static int record_step(ctome_swimmer *env, ctome_policy *p, const ctome_swim_record *rec, int t,
                       const double *obs, const double *tau, double r)
{
    size_t n = (size_t)p->n_joints, row = (size_t)t;
    if (rec->reward)
        rec->reward[row] = r;
    if (rec->torques)
        for (size_t i = 0; i < n; i++)
            rec->torques[row * n + i] = tau[i] < -1 ? -1 : tau[i] > 1 ? 1 : tau[i];
    if (rec->joints)
        memcpy(rec->joints + row * n, obs, n * sizeof *obs);
    if (rec->units) {
        size_t nu = ctome_policy_n_units(p);
        ctome_policy_units(p, rec->units + row * nu);
    }
    if (rec->nose)
        ctome_swimmer_nose(env, rec->nose + 2 * row);
    if (rec->body)
        ctome_swimmer_body_points(env, rec->body + 2 * (n + 2) * row);
    if (rec->forward_velocity)
        rec->forward_velocity[row] = ctome_swimmer_forward_velocity(env);
    return CTOME_OK;
}

int ctome_swim_episode(ctome_swimmer *env, ctome_policy *p, uint64_t seed, ctome_swim_record *rec,
                       double *ret)
{
    *ret = 0;
    int n = ctome_swimmer_n_joints(env);
    if (p->n_joints != n)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "controller is for %d joints but the swimmer has %d", p->n_joints, n);
    scratch s;
    s.obs = malloc(p->L.size * sizeof *s.obs);
    s.tau = malloc((size_t)n * sizeof *s.tau);
    int rc = !s.obs || !s.tau ? ctome_error_nomem() : ctome_swimmer_reset(env, seed);
    ctome_policy_reset(p, seed);
    double sum = 0;
    /* The joint angles occupy the first n_joints entries of obs (layout), so
     * the observation also serves as the recorded joint angles. */
    for (int t = 0; !rc && !ctome_swimmer_done(env); t++) {
        double r;
        ctome_swimmer_observe(env, s.obs);
        ctome_policy_act(p, s.obs, s.tau);
        if ((rc = ctome_swimmer_step(env, s.tau, &r)))
            break;
        sum += r;
        if (rec)
            record_step(env, p, rec, t, s.obs, s.tau, r);
    }
    free(s.obs);
    free(s.tau);
    if (!rc)
        *ret = sum;
    return rc;
}
