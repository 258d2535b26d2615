/* policy.h — one interface for every swimmer controller, and the episode loop.
 *
 * A ctome_policy maps the swimmer observation (swimmer.h layout) to n_joints
 * torques in [-1, 1].  Kinds:
 *   NCAP    the C. elegans circuit (ncap.h) on the normalised joint angles;
 *           with turn/speed control it steers towards the target from the
 *           observation's to_target (navigate task; see policy.c)
 *   MLP     the baseline (mlp.h) on the full observation
 *   ZERO    all torques 0 (a body that only drifts; return 0 on swim)
 *   RANDOM  every torque uniform in [-1, 1] each step, drawn from
 *           ctome_rng(episode seed, stream 1): the noise floor
 * A trainer sees every kind as a flat parameter vector (ZERO and RANDOM have
 * none): get, perturb, project (sign constraints), set.
 *
 * Threads: a policy holds per-episode state (NCAP's clock, the RNG, activity
 * buffers), so each worker thread uses its own copy (ctome_policy_clone);
 * policies share nothing mutable.
 */
#ifndef CTOME_POLICY_H
#define CTOME_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "mlp.h"
#include "ncap.h"
#include "swimmer.h"

typedef enum {
    CTOME_POLICY_NCAP = 0,
    CTOME_POLICY_MLP,
    CTOME_POLICY_ZERO,
    CTOME_POLICY_RANDOM
} ctome_policy_kind;

typedef struct ctome_policy ctome_policy;

/* NCAP with options o (see ncap.h). */
int ctome_policy_ncap(ctome_policy **out, const ctome_ncap_opts *o);
/* MLP on the full observation of an n_joints swimmer: n_in = obs size
 * (5 n_joints + 7), n_out = n_joints, n_layers x hidden tanh units, seeded. */
int ctome_policy_mlp(ctome_policy **out, int n_joints, int n_layers, int hidden, uint64_t seed);
/* The same with every MLP option (o->n_in and o->n_out are ignored and set
 * from n_joints), e.g. o->init = CTOME_MLP_INIT_NORMAL. */
int ctome_policy_mlp_opts(ctome_policy **out, int n_joints, const ctome_mlp_opts *o);
int ctome_policy_zero(ctome_policy **out, int n_joints);
int ctome_policy_random(ctome_policy **out, int n_joints);
/* "ncap" / "mlp" / "zero" / "random" -> kind; unknown: CTOME_EINVAL. */
int ctome_policy_kind_parse(const char *name, ctome_policy_kind *out);
const char *ctome_policy_kind_name(ctome_policy_kind k);

int ctome_policy_clone(const ctome_policy *p, ctome_policy **out);
void ctome_policy_free(ctome_policy *p);

ctome_policy_kind ctome_policy_kind_of(const ctome_policy *p);
int ctome_policy_n_joints(const ctome_policy *p);
/* The wrapped circuit / network (NULL for other kinds), e.g. to set NCAP
 * commands or read NCAP parameter names. */
ctome_ncap *ctome_policy_ncap_of(ctome_policy *p);
ctome_mlp *ctome_policy_mlp_of(ctome_policy *p);

/* ---- parameters (for trainers) ----------------------------------------- */
size_t ctome_policy_n_params(const ctome_policy *p);
void ctome_policy_get_params(const ctome_policy *p, double *theta);
/* NaN / infinite values: CTOME_EVALUE naming the index; nothing changed. */
int ctome_policy_set_params(ctome_policy *p, const double *theta);
/* Clamp theta in place to the policy's constraints (NCAP signs); else no-op. */
void ctome_policy_project(const ctome_policy *p, double *theta);

/* ---- running ----------------------------------------------------------- */

/* Start of an episode with that episode's seed (NCAP clock to 0, RANDOM's
 * generator to ctome_rng(seed, stream 1)). */
void ctome_policy_reset(ctome_policy *p, uint64_t seed);
/* torques (n_joints, in [-1, 1]) from one observation (swimmer.h layout). */
void ctome_policy_act(ctome_policy *p, const double *obs, double *torques);
/* Units recorded by the last act: NCAP 4 n_joints + 2 (ncap.h), MLP its
 * hidden units, others 0. */
size_t ctome_policy_n_units(const ctome_policy *p);
void ctome_policy_units(const ctome_policy *p, double *activity);
const char *ctome_policy_unit_name(const ctome_policy *p, size_t i, char *buf, size_t len);

/* ---- one episode ------------------------------------------------------- */

/* Optional recordings of one episode; every non-NULL array holds one row per
 * control step (n_steps = ctome_swimmer_n_steps(env) rows), row-major. */
typedef struct {
    double *reward;    /* [n_steps] reward after each step */
    double *torques;   /* [n_steps][n_joints] torques applied (after clipping) */
    double *joints;    /* [n_steps][n_joints] joint angles (rad) the policy saw */
    double *units;     /* [n_steps][n_units] policy activity (ctome_policy_units) */
    double *nose;      /* [n_steps][2] nose x, y (world, m) after each step */
    double *body;      /* [n_steps][2 (n_joints + 2)] body centre line after each
                        * step (ctome_swimmer_body_points) */
    double *forward_velocity;  /* [n_steps] head forward speed after each step, m/s */
} ctome_swim_record;

/* Reset env and policy with `seed`, run one whole episode, return the sum of
 * the rewards in *ret (0 .. n_steps).  rec may be NULL.  Same seed, same
 * parameters: the same episode bit for bit.  Errors: the policy's n_joints
 * differs from the body's (CTOME_EINVAL naming both), a step error (see
 * ctome_swimmer_step). */
int ctome_swim_episode(ctome_swimmer *env, ctome_policy *p, uint64_t seed, ctome_swim_record *rec,
                       double *ret);

#endif
