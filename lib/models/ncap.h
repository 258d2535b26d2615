/* ncap.h — the neural circuit architectural prior (NCAP) of the C. elegans
 * swimming circuit (Bhattasali, Zador & Engel 2022, "Neural circuit
 * architectural priors for embodied control", NeurIPS 35), as in the
 * authors' SwimmerModule.
 *
 * Per joint i (0 = the head joint, next to the head) a dorsal and a ventral
 * B-neuron and a dorsal and a ventral muscle, all graded: act(x) = clip(x, 0, 1).
 *
 *   inputs     q_i in [-1, 1]: joint angle / (2 pi / (N + 1)), clipped
 *              (ctome_ncap_normalise); dorsal part q+ = clip(q, 0, 1),
 *              ventral part q- = clip(-q, 0, 1).  Positive angle = dorsal.
 *   oscillator at t control steps since the reset: dorsal o_d = 1 when
 *              t mod 60 < 30, else the ventral o_v = 1 (a square wave of
 *              period 60 steps = 1.8 s; t = 0 is dorsal).  Drives joint 0.
 *   B-neurons  b_d,i = act( w_prop q+_{i-1} [i > 0] + w_osc o_d [i = 0]
 *                          + w_speed (1 - speed) + w_turn right [i < n_turn] )
 *              b_v,i = the same with q-, o_v, left.
 *   muscles    m_d,i = act( w_ipsi b_d,i + w_contra b_v,i )
 *              m_v,i = act( w_ipsi b_v,i + w_contra b_d,i )
 *   torque     tau_i = m_d,i - m_v,i in [-1, 1].
 *
 * Signs: w_prop, w_osc, w_ipsi, w_turn are excitatory (>= 0); w_contra and
 * w_speed inhibitory (<= 0).  With constraints on, the circuit uses
 * clip(w, 0, inf) / clip(w, -inf, 0) of the stored value (as the reference
 * code does) and ctome_ncap_project clamps a parameter vector in place, so a
 * trainer that projects after every update keeps the stored weights signed.
 *
 * Weight sharing (default): one value per connection type for all joints and
 * both sides: [prop, osc, ipsi, contra] (+ speed, + turn when enabled) -- 4
 * parameters whatever N, so trained weights transfer to any body length.
 * Without sharing, every joint has its own dorsal and ventral weights, in the
 * reference code's order, per joint i:
 *   d_prop_i, v_prop_i (i > 0), d_speed_i, v_speed_i (speed control),
 *   d_turn_i, v_turn_i (turn control, i < n_turn), d_osc_0, v_osc_0 (i = 0),
 *   muscle_d_d_i (ipsi), muscle_d_v_i (contra), muscle_v_v_i (ipsi),
 *   muscle_v_d_i (contra)
 * -- 6 N parameters without speed/turn control.
 *
 * Initialisation (the reference code's): constant: excitatory +1, inhibitory
 * -1; random: excitatory U[0, 1], inhibitory U[-1, 0].  Without sign
 * constraints: constant = +1 or -1 with probability 1/2 each, random =
 * U[-1, 1].  Random draws come from ctome_rng(init_seed, stream 0) in
 * parameter order.
 *
 * With constant init, sharing, N = 5, t = 0, inputs [0.5, -0.3, 0.8, 0, -1]
 * give torques [1, 0.5, -0.3, 0.8, 0]; at t = 30 the head torque is -1.
 *
 * Cost: O(N) per step, no allocation after creation.  A ctome_ncap carries
 * its own time counter and activity buffer: one per worker thread
 * (ctome_ncap_clone).
 */
#ifndef CTOME_NCAP_H
#define CTOME_NCAP_H

#include <stddef.h>
#include <stdint.h>

#define CTOME_NCAP_PERIOD 60   /* oscillator period, control steps */

typedef struct {
    int n_joints;         /* >= 2 (as the swimmer) */
    int shared;           /* 1 (default): weight sharing across joints */
    int constrained;      /* 1 (default): sign constraints */
    int constant_init;    /* 1 (default): +1 / -1; 0: uniform random */
    uint64_t init_seed;   /* for random (or unconstrained constant) init */
    int period;           /* oscillator period in control steps, even, >= 2; default 60 */
    int proprioception;   /* 1 (default): B-neurons read the previous joint */
    int oscillator;       /* 1 (default): head oscillator drives joint 0 */
    int speed_control;    /* 0 (default): add a speed input (brake = 1 - speed) */
    int turn_control;     /* 0 (default): add left/right turn inputs */
    int n_turn_joints;    /* joints that receive turn input; default 1 */
} ctome_ncap_opts;

/* The paper's default circuit for n_joints. */
void ctome_ncap_opts_default(ctome_ncap_opts *o, int n_joints);

typedef struct ctome_ncap ctome_ncap;

/* Build the circuit and initialise its weights.  Errors (CTOME_EINVAL, naming
 * the option): n_joints < 2 or > CTOME_SWIM_MAX_JOINTS, period odd or < 2,
 * n_turn_joints outside [1, n_joints] with turn control. */
int ctome_ncap_create(ctome_ncap **out, const ctome_ncap_opts *o);
int ctome_ncap_clone(const ctome_ncap *src, ctome_ncap **out);
void ctome_ncap_free(ctome_ncap *n);

const ctome_ncap_opts *ctome_ncap_options(const ctome_ncap *n);
int ctome_ncap_n_joints(const ctome_ncap *n);

/* ---- parameters -------------------------------------------------------- */

size_t ctome_ncap_n_params(const ctome_ncap *n);
void ctome_ncap_get_params(const ctome_ncap *n, double *theta);
/* Copy theta in (stored as given; the circuit applies the sign clamps when
 * constrained).  A NaN or infinite value: CTOME_EVALUE naming the parameter;
 * nothing is changed. */
int ctome_ncap_set_params(ctome_ncap *n, const double *theta);
/* Clamp theta in place to the sign constraints (excitatory >= 0, inhibitory
 * <= 0); a no-op without constraints.  O(n_params). */
void ctome_ncap_project(const ctome_ncap *n, double *theta);
/* +1 excitatory, -1 inhibitory: the sign parameter i is meant to have. */
int ctome_ncap_param_sign(const ctome_ncap *n, size_t i);
/* The reference code's name of parameter i ("bneuron_prop", "muscle_d_v_3"),
 * written into buf (always NUL-terminated); returns buf. */
const char *ctome_ncap_param_name(const ctome_ncap *n, size_t i, char *buf, size_t len);
/* The transferable shared weights [prop, osc, ipsi, contra] of a shared
 * circuit into w4 (the effective, sign-clamped values).  CTOME_EINVAL if not
 * shared. */
int ctome_ncap_shared_weights(const ctome_ncap *n, double w4[4]);

/* ---- running ----------------------------------------------------------- */

/* q[i] / (2 pi / (n_joints + 1)) clipped to [-1, 1] -> qn. */
void ctome_ncap_normalise(int n_joints, const double *q, double *qn);

/* Start of an episode: time counter t = 0, activities 0. */
void ctome_ncap_reset(ctome_ncap *n);
/* Descending commands, each clipped to [0, 1]: speed (1 fastest, 0 stop;
 * used with speed control), left and right (used with turn control: right
 * drives the dorsal, left the ventral B-neurons of the turn joints).  The
 * defaults after creation are speed 1, left 0, right 0. */
void ctome_ncap_set_commands(ctome_ncap *n, double speed, double left, double right);
/* One control step from normalised joint inputs qn (n_joints values in
 * [-1, 1]; ctome_ncap_normalise) at the current time t; torques out
 * (n_joints values in [-1, 1]); then t += 1.  Never fails. */
void ctome_ncap_step(ctome_ncap *n, const double *qn, double *torques);
/* Current time counter (control steps since the reset). */
long ctome_ncap_time(const ctome_ncap *n);

/* Units recorded by the last step: 4 per joint, in the order b_d, b_v, m_d,
 * m_v of joint 0, then joint 1, ...; plus 2 oscillator units (o_d, o_v) at
 * the end: 4 n_joints + 2 values. */
size_t ctome_ncap_n_units(const ctome_ncap *n);
void ctome_ncap_units(const ctome_ncap *n, double *activity);
/* "B_d[0]", "B_v[0]", "M_d[0]", "M_v[0]", ..., "osc_d", "osc_v" into buf. */
const char *ctome_ncap_unit_name(const ctome_ncap *n, size_t i, char *buf, size_t len);

#endif
