/* mlp.h — a small multilayer perceptron policy (the NCAP paper's baseline).
 *
 *   h_0 = x,  h_k = tanh(W_k h_{k-1} + b_k)  (k = 1 .. n_layers hidden layers),
 *   y = tanh(W_out h_L + b_out) in (-1, 1)^n_out.
 *
 * Default: 2 hidden layers of 64 tanh units on the full swimmer observation
 * (swimmer.h), n_joints outputs.  Initialisation is PyTorch's nn.Linear
 * default: every weight and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn
 * from ctome_rng(seed, stream 0) layer by layer, W row-major before b.
 *
 * Flat parameter vector (get/set): for each layer in order, W (n_out x n_in,
 * row-major) then b (n_out).  Count: sum over layers of n_out (n_in + 1);
 * for N = 5 joints (32 inputs), 2 x 64: 6597.
 *
 * Cost: O(n_params) per forward, no allocation after creation.  Each
 * ctome_mlp holds its hidden activity buffer: one per thread (ctome_mlp_clone).
 */
#ifndef CTOME_MLP_H
#define CTOME_MLP_H

#include <stddef.h>
#include <stdint.h>

#define CTOME_MLP_MAX_LAYERS 8

typedef struct {
    int n_in;        /* >= 1 */
    int n_out;       /* >= 1 */
    int n_layers;    /* hidden layers, 0 .. CTOME_MLP_MAX_LAYERS; default 2 */
    int hidden;      /* units per hidden layer, >= 1; default 64 */
    uint64_t seed;   /* initialisation */
    int init;        /* CTOME_MLP_INIT_TORCH (default) or CTOME_MLP_INIT_NORMAL */
} ctome_mlp_opts;

/* Initialisations: TORCH = PyTorch nn.Linear's default (see top; what the
 * NCAP paper's baselines used); NORMAL = every weight N(0, 1), biases 0 (a
 * "large" init whose saturated tanh outputs act like bang-bang torques; a
 * random MLP scores ~140 on swim with it against ~10-20 with TORCH). */
enum { CTOME_MLP_INIT_TORCH = 0, CTOME_MLP_INIT_NORMAL = 1 };

/* Defaults (2 x 64) for n_in inputs and n_out outputs. */
void ctome_mlp_opts_default(ctome_mlp_opts *o, int n_in, int n_out);

typedef struct ctome_mlp ctome_mlp;

/* Errors: a size out of range (CTOME_EINVAL naming it), no memory. */
int ctome_mlp_create(ctome_mlp **out, const ctome_mlp_opts *o);
int ctome_mlp_clone(const ctome_mlp *src, ctome_mlp **out);
void ctome_mlp_free(ctome_mlp *m);
const ctome_mlp_opts *ctome_mlp_options(const ctome_mlp *m);

size_t ctome_mlp_n_params(const ctome_mlp *m);
void ctome_mlp_get_params(const ctome_mlp *m, double *theta);
/* NaN or infinite: CTOME_EVALUE naming the index; nothing changed. */
int ctome_mlp_set_params(ctome_mlp *m, const double *theta);

/* y = MLP(x); n_in inputs, n_out outputs. */
void ctome_mlp_forward(ctome_mlp *m, const double *x, double *y);

/* Hidden units of the last forward: n_layers * hidden values, layer 1 first. */
size_t ctome_mlp_n_units(const ctome_mlp *m);
void ctome_mlp_units(const ctome_mlp *m, double *activity);

#endif
