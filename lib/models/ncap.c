/* ncap.c — the NCAP swimming circuit (ncap.h).
 *
 * Every connection of every joint looks its weight up through an index table
 * (idx[joint][connection] -> parameter, or -1 when absent), so shared and
 * per-joint circuits run the same loop; the index table is the only place
 * that knows the parameter layout. */
#include "ncap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rng.h"
#include "swimmer.h"

/* Connections of one joint (dorsal / ventral where they differ). */
enum {
    C_D_PROP, C_V_PROP,
    C_D_SPEED, C_V_SPEED,
    C_D_TURN, C_V_TURN,
    C_D_OSC, C_V_OSC,
    C_DD, C_DV, C_VV, C_VD,   /* muscle_<to>_<from>: DD, VV ipsi; DV, VD contra */
    C_COUNT
};

struct ctome_ncap {
    ctome_ncap_opts o;
    size_t n_params;
    double *theta;          /* stored parameters */
    int *sign;              /* [n_params] +1 excitatory, -1 inhibitory */
    int *kind;              /* [n_params] connection type of the parameter (for names) */
    int *joint;             /* [n_params] joint of a per-joint parameter, -1 if shared */
    int (*idx)[C_COUNT];    /* [n_joints] */
    double *units;          /* [4 n_joints + 2] */
    double speed, left, right;
    long t;
};

static const int CONN_SIGN[C_COUNT] = {1, 1, -1, -1, 1, 1, 1, 1, 1, -1, 1, -1};
static const char *CONN_NAME[C_COUNT] = {
    "bneuron_d_prop", "bneuron_v_prop", "bneuron_d_speed", "bneuron_v_speed",
    "bneuron_d_turn", "bneuron_v_turn", "bneuron_d_osc",   "bneuron_v_osc",
    "muscle_d_d",     "muscle_d_v",     "muscle_v_v",      "muscle_v_d"};

void ctome_ncap_opts_default(ctome_ncap_opts *o, int n_joints)
{
    memset(o, 0, sizeof *o);
    o->n_joints = n_joints;
    o->shared = 1;
    o->constrained = 1;
    o->constant_init = 1;
    o->period = CTOME_NCAP_PERIOD;
    o->proprioception = 1;
    o->oscillator = 1;
    o->n_turn_joints = 1;
}

static int check_opts(const ctome_ncap_opts *o)
{
    if (o->n_joints < CTOME_SWIM_MIN_JOINTS || o->n_joints > CTOME_SWIM_MAX_JOINTS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "NCAP needs %d to %d joints, got %d",
                           CTOME_SWIM_MIN_JOINTS, CTOME_SWIM_MAX_JOINTS, o->n_joints);
    if (o->period < 2 || o->period % 2)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "NCAP oscillator period must be even and >= 2 steps, got %d", o->period);
    if (o->turn_control && (o->n_turn_joints < 1 || o->n_turn_joints > o->n_joints))
        return ctome_error(CTOME_EINVAL, NULL, 0, "NCAP turn joints must be 1 to %d, got %d",
                           o->n_joints, o->n_turn_joints);
    return CTOME_OK;
}

/* Does joint i have connection c under these options? */
static int has_conn(const ctome_ncap_opts *o, int i, int c)
{
    switch (c) {
    case C_D_PROP: case C_V_PROP: return o->proprioception && i > 0;
    case C_D_SPEED: case C_V_SPEED: return o->speed_control;
    case C_D_TURN: case C_V_TURN: return o->turn_control && i < o->n_turn_joints;
    case C_D_OSC: case C_V_OSC: return o->oscillator && i == 0;
    default: return 1;
    }
}

/* Shared layout: prop, osc, ipsi, contra, then speed, turn -- the order the
 * issue names the 4 paper parameters in. */
enum { S_PROP, S_OSC, S_IPSI, S_CONTRA, S_SPEED, S_TURN, S_COUNT };
static const char *SHARED_NAME[S_COUNT] = {"bneuron_prop", "bneuron_osc", "muscle_ipsi",
                                           "muscle_contra", "bneuron_speed", "bneuron_turn"};
static const int SHARED_SIGN[S_COUNT] = {1, 1, 1, -1, -1, 1};

static int shared_of_conn(int c)
{
    switch (c) {
    case C_D_PROP: case C_V_PROP: return S_PROP;
    case C_D_OSC: case C_V_OSC: return S_OSC;
    case C_DD: case C_VV: return S_IPSI;
    case C_DV: case C_VD: return S_CONTRA;
    case C_D_SPEED: case C_V_SPEED: return S_SPEED;
    default: return S_TURN;
    }
}

static int shared_present(const ctome_ncap_opts *o, int k)
{
    switch (k) {
    case S_PROP: return o->proprioception;
    case S_OSC: return o->oscillator;
    case S_SPEED: return o->speed_control;
    case S_TURN: return o->turn_control;
    default: return 1;
    }
}

/* Fill idx, sign, kind, joint; returns the parameter count. */
static size_t build_layout(ctome_ncap *n, int fill)
{
    const ctome_ncap_opts *o = &n->o;
    size_t k = 0;
    if (o->shared) {
        int slot[S_COUNT];
        for (int s = 0; s < S_COUNT; s++) {
            slot[s] = -1;
            if (!shared_present(o, s))
                continue;
            if (fill) {
                n->sign[k] = SHARED_SIGN[s];
                n->kind[k] = s;
                n->joint[k] = -1;
            }
            slot[s] = (int)k++;
        }
        if (fill)
            for (int i = 0; i < o->n_joints; i++)
                for (int c = 0; c < C_COUNT; c++)
                    n->idx[i][c] = has_conn(o, i, c) ? slot[shared_of_conn(c)] : -1;
        return k;
    }
    /* Per joint, the reference code's order. */
    static const int ORDER[C_COUNT] = {C_D_PROP, C_V_PROP, C_D_SPEED, C_V_SPEED, C_D_TURN, C_V_TURN,
                                       C_D_OSC,  C_V_OSC,  C_DD,      C_DV,      C_VV,     C_VD};
    for (int i = 0; i < o->n_joints; i++)
        for (int j = 0; j < C_COUNT; j++) {
            int c = ORDER[j];
            if (fill)
                n->idx[i][c] = -1;
            if (!has_conn(o, i, c))
                continue;
            if (fill) {
                n->idx[i][c] = (int)k;
                n->sign[k] = CONN_SIGN[c];
                n->kind[k] = c;
                n->joint[k] = i;
            }
            k++;
        }
    return k;
}

/* The reference code's initialisers (see ncap.h). */
static void init_params(ctome_ncap *n)
{
    ctome_rng r;
    ctome_rng_seed(&r, n->o.init_seed, 0);
    for (size_t k = 0; k < n->n_params; k++) {
        double u = ctome_rng_uniform(&r);
        int s = n->sign[k];
        if (n->o.constrained)
            n->theta[k] = n->o.constant_init ? s : s * u;
        else
            n->theta[k] = n->o.constant_init ? (u < .5 ? 1 : -1) : 2 * u - 1;
    }
}

static ctome_ncap *alloc_ncap(const ctome_ncap_opts *o)
{
    ctome_ncap *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->o = *o;
    n->n_params = build_layout(n, 0);
    size_t np = n->n_params ? n->n_params : 1, nj = (size_t)o->n_joints;
    n->theta = calloc(np, sizeof *n->theta);
    n->sign = calloc(np, sizeof *n->sign);
    n->kind = calloc(np, sizeof *n->kind);
    n->joint = calloc(np, sizeof *n->joint);
    n->idx = calloc(nj, sizeof *n->idx);
    n->units = calloc(4 * nj + 2, sizeof *n->units);
    if (!n->theta || !n->sign || !n->kind || !n->joint || !n->idx || !n->units) {
        ctome_ncap_free(n);
        return NULL;
    }
    build_layout(n, 1);
    n->speed = 1;
    return n;
}

int ctome_ncap_create(ctome_ncap **out, const ctome_ncap_opts *o)
{
    *out = NULL;
    int rc = check_opts(o);
    if (rc)
        return rc;
    ctome_ncap *n = alloc_ncap(o);
    if (!n)
        return ctome_error_nomem();
    init_params(n);
    *out = n;
    return CTOME_OK;
}

int ctome_ncap_clone(const ctome_ncap *src, ctome_ncap **out)
{
    *out = NULL;
    ctome_ncap *n = alloc_ncap(&src->o);
    if (!n)
        return ctome_error_nomem();
    memcpy(n->theta, src->theta, src->n_params * sizeof *n->theta);
    memcpy(n->units, src->units, (4 * (size_t)src->o.n_joints + 2) * sizeof *n->units);
    n->speed = src->speed;
    n->left = src->left;
    n->right = src->right;
    n->t = src->t;
    *out = n;
    return CTOME_OK;
}

void ctome_ncap_free(ctome_ncap *n)
{
    if (!n)
        return;
    free(n->theta);
    free(n->sign);
    free(n->kind);
    free(n->joint);
    free(n->idx);
    free(n->units);
    free(n);
}

const ctome_ncap_opts *ctome_ncap_options(const ctome_ncap *n) { return &n->o; }
int ctome_ncap_n_joints(const ctome_ncap *n) { return n->o.n_joints; }
size_t ctome_ncap_n_params(const ctome_ncap *n) { return n->n_params; }

void ctome_ncap_get_params(const ctome_ncap *n, double *theta)
{
    memcpy(theta, n->theta, n->n_params * sizeof *theta);
}

int ctome_ncap_set_params(ctome_ncap *n, const double *theta)
{
    char name[64];
    for (size_t k = 0; k < n->n_params; k++)
        if (!isfinite(theta[k]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "NCAP parameter %zu (%s) is %g", k,
                               ctome_ncap_param_name(n, k, name, sizeof name), theta[k]);
    memcpy(n->theta, theta, n->n_params * sizeof *theta);
    return CTOME_OK;
}

void ctome_ncap_project(const ctome_ncap *n, double *theta)
{
    if (!n->o.constrained)
        return;
    for (size_t k = 0; k < n->n_params; k++) {
        if (n->sign[k] > 0 && theta[k] < 0)
            theta[k] = 0;
        else if (n->sign[k] < 0 && theta[k] > 0)
            theta[k] = 0;
    }
}

int ctome_ncap_param_sign(const ctome_ncap *n, size_t i) { return n->sign[i]; }

const char *ctome_ncap_param_name(const ctome_ncap *n, size_t i, char *buf, size_t len)
{
    if (len == 0)
        return buf;
    if (i >= n->n_params)
        snprintf(buf, len, "?");
    else if (n->o.shared)
        snprintf(buf, len, "%s", SHARED_NAME[n->kind[i]]);
    else
        snprintf(buf, len, "%s_%d", CONN_NAME[n->kind[i]], n->joint[i]);
    return buf;
}

/* The weight the circuit uses: the stored value, sign-clamped when
 * constrained (the reference code's exc()/inh() at every use). */
static double eff(const ctome_ncap *n, size_t k)
{
    double w = n->theta[k];
    if (n->o.constrained)
        w = n->sign[k] > 0 ? fmax(w, 0) : fmin(w, 0);
    return w;
}

int ctome_ncap_shared_weights(const ctome_ncap *n, double w4[4])
{
    if (!n->o.shared)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "NCAP weights are per joint (no sharing); they do not transfer");
    const int conn[4] = {C_D_PROP, C_D_OSC, C_DD, C_DV};
    /* Joint 1 has proprioception, joint 0 the oscillator. */
    const int joint[4] = {1, 0, 0, 0};
    for (int j = 0; j < 4; j++) {
        int k = n->idx[joint[j]][conn[j]];
        w4[j] = k < 0 ? 0 : eff(n, (size_t)k);
    }
    return CTOME_OK;
}

/* ---- running -------------------------------------------------------------- */

static double clip01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

void ctome_ncap_normalise(int n_joints, const double *q, double *qn)
{
    double lim = ctome_swimmer_joint_limit(n_joints);
    for (int i = 0; i < n_joints; i++) {
        double x = q[i] / lim;
        qn[i] = x < -1 ? -1 : x > 1 ? 1 : x;
    }
}

void ctome_ncap_reset(ctome_ncap *n)
{
    n->t = 0;
    memset(n->units, 0, (4 * (size_t)n->o.n_joints + 2) * sizeof *n->units);
}

void ctome_ncap_set_commands(ctome_ncap *n, double speed, double left, double right)
{
    n->speed = clip01(speed);
    n->left = clip01(left);
    n->right = clip01(right);
}

long ctome_ncap_time(const ctome_ncap *n) { return n->t; }

/* w * x, or 0 when the connection is absent. */
static double in(const ctome_ncap *n, int k, double x) { return k < 0 ? 0 : eff(n, (size_t)k) * x; }

void ctome_ncap_step(ctome_ncap *n, const double *qn, double *torques)
{
    const ctome_ncap_opts *o = &n->o;
    /* Phase t mod period < period/2: dorsal half; t = 0 starts dorsal. */
    int dorsal = (int)(n->t % o->period) < o->period / 2;
    double osc_d = dorsal ? 1 : 0, osc_v = dorsal ? 0 : 1;
    double brake = 1 - n->speed;
    for (int i = 0; i < o->n_joints; i++) {
        const int *ix = n->idx[i];
        double qd = 0, qv = 0;
        if (i > 0) {
            qd = clip01(qn[i - 1]);
            qv = clip01(-qn[i - 1]);
        }
        double bd = in(n, ix[C_D_PROP], qd) + in(n, ix[C_D_SPEED], brake) +
                    in(n, ix[C_D_TURN], n->right) + in(n, ix[C_D_OSC], osc_d);
        double bv = in(n, ix[C_V_PROP], qv) + in(n, ix[C_V_SPEED], brake) +
                    in(n, ix[C_V_TURN], n->left) + in(n, ix[C_V_OSC], osc_v);
        bd = clip01(bd);
        bv = clip01(bv);
        double md = clip01(in(n, ix[C_DD], bd) + in(n, ix[C_DV], bv));
        double mv = clip01(in(n, ix[C_VV], bv) + in(n, ix[C_VD], bd));
        torques[i] = md - mv;
        double *u = n->units + 4 * (size_t)i;
        u[0] = bd;
        u[1] = bv;
        u[2] = md;
        u[3] = mv;
    }
    n->units[4 * (size_t)o->n_joints] = o->oscillator ? osc_d : 0;
    n->units[4 * (size_t)o->n_joints + 1] = o->oscillator ? osc_v : 0;
    n->t++;
}

size_t ctome_ncap_n_units(const ctome_ncap *n) { return 4 * (size_t)n->o.n_joints + 2; }

void ctome_ncap_units(const ctome_ncap *n, double *activity)
{
    memcpy(activity, n->units, ctome_ncap_n_units(n) * sizeof *activity);
}

const char *ctome_ncap_unit_name(const ctome_ncap *n, size_t i, char *buf, size_t len)
{
    static const char *KIND[4] = {"B_d", "B_v", "M_d", "M_v"};
    size_t nj = (size_t)n->o.n_joints;
    if (len == 0)
        return buf;
    if (i < 4 * nj)
        snprintf(buf, len, "%s[%zu]", KIND[i % 4], i / 4);
    else if (i == 4 * nj)
        snprintf(buf, len, "osc_d");
    else if (i == 4 * nj + 1)
        snprintf(buf, len, "osc_v");
    else
        snprintf(buf, len, "?");
    return buf;
}
