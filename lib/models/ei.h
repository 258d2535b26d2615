/* ei.h — connectome-constrained excitatory/inhibitory rate model.
 *
 *   tau_i dx_i/dt = -x_i + sum_j s_j w_ij f(x_j) + g sum_j G_ij (x_j - x_i) + I_i(t)
 *
 * x_i is a dimensionless activity; time is in model time units (tau = 1.0 by
 * default, so one unit is one default membrane time constant; a caller who
 * sets tau in seconds gets time in seconds).  w_ij is the number of chemical
 * synapses j -> i times a global scale, s_j the sign of the presynaptic
 * neuron (Dale's law: one sign per neuron, from the registry's transmitter
 * sign), G the symmetric gap-junction matrix times g (diffusive coupling).
 *
 * Connectome rate models of this kind: Wicks, Roehrig & Rankin 1996
 * (J Neurosci 16:4017) for the tap-withdrawal circuit; Kunert-Graf, Shlizerman,
 * Walker & Kutz 2017 (Front Comput Neurosci 11:53) for the whole-worm model.
 * The perturbation comparison that will use this model follows Randi, Sharma,
 * Dvali & Leifer 2023 (Nature 623:406).
 *
 * Integrators: fixed-step classical RK4 with no allocation in the step loop,
 * each right-hand side one SLEEF vector call for f (1 ulp; the same bytes on
 * every CPU) and one merged CSR pass over the chemical, leak and gap terms
 * (docs/methods.md "How the right-hand side is computed"); GSL odeiv2 (rkf45, rk8pd, msbdf with the
 * analytic Jacobian) through gsl_odeiv2_driver.  RK4 holds the inputs at
 * their mid-step value (pulse edges snap to step boundaries); the odeiv2
 * route stops and restarts at every pulse edge.
 */
#ifndef CTOME_EI_H
#define CTOME_EI_H

#include <stddef.h>
#include <stdint.h>

#include "connectome.h"
#include "registry.h"

typedef enum {
    CTOME_EI_TANH = 0,      /* f(x) = tanh x */
    CTOME_EI_SIGMOID,       /* f(x) = 1 / (1 + e^-x) */
    CTOME_EI_RELU,          /* threshold-linear: f(x) = max(0, x) */
    CTOME_EI_LINEAR         /* f(x) = x (analytic tests, linear analysis) */
} ctome_ei_transfer;

/* Sign of neurons whose registry sign is MODULATORY or UNKNOWN. */
typedef enum {
    CTOME_EI_UNKNOWN_EXCITATORY = 0,
    CTOME_EI_UNKNOWN_INHIBITORY,
    CTOME_EI_UNKNOWN_ZERO,      /* their chemical output is dropped */
    CTOME_EI_UNKNOWN_ERROR      /* CTOME_EVALUE if such a neuron has chemical output */
} ctome_ei_unknown_policy;

typedef struct {
    double chem_scale;          /* w_ij = chem_scale * synapses(j -> i); default 0.01 */
    double gap_scale;           /* g; default 0.01 */
    double tau;                 /* tau of every neuron; default 1.0 (model time units) */
    ctome_ei_transfer f;        /* default CTOME_EI_TANH */
    ctome_ei_unknown_policy unknown;  /* default CTOME_EI_UNKNOWN_ZERO */
    /* Optional per-registry-neuron sign overrides (NULL: none): entry r is
     * -1, 0 or +1 to replace the Dale sign of registry neuron r (the unknown
     * policy then does not apply to it), CTOME_EI_SIGN_KEEP to keep it.
     * Borrowed; n_sign_override entries (registry indices beyond are kept). */
    const signed char *sign_override;
    size_t n_sign_override;
} ctome_ei_opts;

#define CTOME_EI_SIGN_KEEP ((signed char)127)

void ctome_ei_opts_default(ctome_ei_opts *o);

typedef struct {
    size_t n;
    int *node;              /* connectome node of each model neuron (NULL for dense models) */
    int *reg;               /* registry index of each model neuron, or -1 */
    const ctome_registry *registry;   /* borrowed; NULL for dense models */
    int *sign;              /* +1 / -1 / 0 per neuron (Dale's law) */
    double *tau;            /* per neuron, > 0 */
    ctome_ei_transfer f;
    /* CSR rows = postsynaptic i: W (signed, scaled), G (scaled by g, symmetric) */
    size_t *w_ptr; int32_t *w_col; double *w_val;
    size_t *g_ptr; int32_t *g_col; double *g_val;
    double *g_deg;          /* row sums of g G */
    unsigned char *silenced;  /* NULL, or 1 per neuron held at 0 (ei_ablate.h) */
} ctome_ei;

/* Build the model from a finalised connectome: the neurons (CTOME_CELL_NEURON)
 * with at least one edge to another neuron in the chemical or electrical
 * layer, in connectome node order.  Chemical edges give W with the sign of
 * the presynaptic neuron's registry sign (EXCITATORY +1, INHIBITORY -1,
 * others by o->unknown); electrical edges give G, symmetrised (an undirected
 * layer fills both entries; a directed one averages the two directions).
 * Electrical self-loops are dropped (they cancel).  Errors: o->tau <= 0 or
 * non-finite, a negative or non-finite scale (CTOME_EVALUE); no neuron with
 * such an edge (CTOME_EVALUE, naming the connectome); an unsigned neuron with
 * chemical output under CTOME_EI_UNKNOWN_ERROR (CTOME_EVALUE, naming it).
 * o may be NULL (defaults).  Cost O(n^2 + m). */
int ctome_ei_build(const ctome_connectome *c, const ctome_registry *reg, const ctome_ei_opts *o,
                   ctome_ei **out);

/* A model from dense matrices (tests, ablations): w (n x n row-major,
 * w[i*n + j] = the signed, scaled weight j -> i, used as given) and g (n x n,
 * already scaled, must be symmetric; NULL for none); tau and f from o; the
 * signs are left 0.  Errors: n == 0, non-finite entries, asymmetric or
 * negative g (CTOME_EVALUE). */
int ctome_ei_from_dense(size_t n, const double *w, const double *g, const ctome_ei_opts *o,
                        ctome_ei **out);

void ctome_ei_free(ctome_ei *m);

/* Set neuron i's time constant.  Errors: i out of range (CTOME_EINVAL),
 * tau <= 0 or non-finite (CTOME_EVALUE). */
int ctome_ei_set_tau(ctome_ei *m, size_t i, double tau);

/* Index of a model neuron by name (normalised through the registry), or -1. */
int ctome_ei_find(const ctome_ei *m, const char *name);

/* The model neurons a name selects: a neuron name (normalised through the
 * registry) gives that neuron, otherwise every model neuron of the registry
 * class `target` (e.g. "AVA").  *idx is a new array (free()) of *k >= 1
 * indices in model order.  Errors: a registry neuron that is not in the
 * model, or neither a neuron nor a class with model neurons
 * (CTOME_ENOTFOUND, naming it). */
int ctome_ei_select(const ctome_ei *m, const char *target, size_t **idx, size_t *k);

/* Inputs I(t): a constant per neuron plus pulses plus additive Gaussian
 * noise (tau_i dx_i = ... dt + sigma dW_i). */
typedef struct ctome_ei_input ctome_ei_input;

int ctome_ei_input_new(size_t n, ctome_ei_input **out);
void ctome_ei_input_free(ctome_ei_input *in);
/* Constant input to neuron i.  Errors: i out of range (CTOME_EINVAL), NaN or
 * infinite value (CTOME_EVALUE). */
int ctome_ei_input_constant(ctome_ei_input *in, size_t i, double value);
/* A pulse of `amp` on k neurons during [start, start + duration).  Errors:
 * k == 0 or an index out of range (CTOME_EINVAL), non-finite values or
 * duration <= 0 (CTOME_EVALUE). */
int ctome_ei_input_pulse(ctome_ei_input *in, const size_t *idx, size_t k, double start,
                         double duration, double amp);
/* Noise of strength sigma >= 0 drawn from seed (one stream; per RK4 step the
 * n draws in neuron order).  Only the RK4 integrator accepts noise. */
int ctome_ei_input_noise(ctome_ei_input *in, double sigma, uint64_t seed);
/* A pulse on a named neuron, or, if `target` is no neuron name, on every model
 * neuron of that class (registry class, e.g. "AVA").  Errors: a neuron
 * name that is not in the model, or neither a neuron nor a class with
 * model neurons (CTOME_ENOTFOUND); values as ctome_ei_input_pulse. */
int ctome_ei_stimulate(const ctome_ei *m, ctome_ei_input *in, const char *target, double start,
                       double duration, double amp);

typedef enum {
    CTOME_EI_RK4 = 0,
    CTOME_EI_RKF45,
    CTOME_EI_RK8PD,
    CTOME_EI_MSBDF
} ctome_ei_method;

typedef struct {
    ctome_ei_method method;     /* default RK4 */
    double dt;                  /* RK4 step; default 1e-3 */
    double t_end;               /* default 1.0 */
    double sample_dt;           /* trace step, a multiple of dt for RK4; default 1e-2 */
    double rtol, atol;          /* odeiv2 tolerances; default 1e-8, 1e-10 */
    const double *x0;           /* initial state (n), NULL for zeros */
} ctome_ei_sim_opts;

void ctome_ei_sim_opts_default(ctome_ei_sim_opts *o);

/* n x T samples, row-major (x[i*T + k] = x_i(k * sample_dt)), k = 0..T-1,
 * T = round(t_end / sample_dt) + 1. */
typedef struct {
    size_t n, T;
    double sample_dt;
    double *x;
} ctome_ei_trace;

/* Integrate from t = 0 to t_end.  Errors: non-positive or non-finite dt,
 * t_end, sample_dt, sample_dt not a multiple of dt for RK4, non-finite x0,
 * an input of another size, noise with an odeiv2 method (CTOME_EVALUE /
 * CTOME_EINVAL); a GSL failure (CTOME_ELIB); a state that blows up to
 * non-finite values (CTOME_EVALUE).  Cost per RK4 step O(n + nnz(W) + nnz(G)). */
int ctome_ei_simulate(const ctome_ei *m, const ctome_ei_input *in, const ctome_ei_sim_opts *o,
                      ctome_ei_trace *out);
void ctome_ei_trace_free(ctome_ei_trace *t);

#endif
