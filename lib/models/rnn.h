/* rnn.h — a leaky rate RNN trained by backpropagation through time.
 *
 * Dynamics (one sequence, t = 0 .. T-1, h_0 = 0):
 *
 *   u_t     = (1 - α) h_t + α (W_in x_t + W h_t + b) [+ recurrent noise]
 *   h_{t+1} = f(u_t),          f = ReLU | tanh,   α = dt/τ in (0, 1]
 *   y_t     = W_out h_{t+1} + b_out        (the output at step t sees input x_t)
 *
 * W[i*n + j] is the weight from presynaptic unit j to postsynaptic unit i
 * (row = target, column = source), every matrix row-major.  With α = 1 this
 * is the Elman/Keras SimpleRNN/PyTorch nn.RNN cell; α < 1 is the
 * discretised continuous-time network of Song, Yang & Wang 2016 (PLoS
 * Comput Biol 12:e1004792) and Yang et al. 2019 (Nat Neurosci 22:297), where
 * the leak is mixed before the nonlinearity.
 *
 * Losses (per (t, b) weight m_tb >= 0, e.g. 1 in the choice period, 0 elsewhere):
 *   cross-entropy  L = Σ m_tb (−log softmax(y_tb)[c_tb]) / Σ m_tb
 *   MSE            L = Σ m_tb (1/n_out) Σ_k (y_tbk − ŷ_tbk)² / Σ m_tb
 * (the mean over weighted entries, as PyTorch's CrossEntropyLoss/MSELoss with
 * reduction='mean' over the selected entries).
 *
 * Precision: parameters and the training fast path are float (cblas_sgemm).
 * The same kernel source is compiled a second time with double and dgemm
 * (ctome_rnn_loss_grad_f64): tests check the hand-derived BPTT gradient
 * against central finite differences in double to 1e-6 relative, and the
 * float path against the double path at float tolerance.
 *
 * Sign (Dale) constraint: parametrised, not projected.  Each presynaptic unit
 * j has a sign s_j = ±1 and the network uses W_eff[i][j] = M_ij s_j |W_raw[i][j]|
 * (M the optional fixed 0/1 sparsity mask; without signs W_eff = M ⊙ W_raw).
 * The optimiser works on the unconstrained W_raw, so no projection step is
 * needed and the gradient is exact: ∂L/∂W_raw = M s_j sign(W_raw) ∂L/∂W_eff
 * (sign(0) taken as +1 so a zero weight can grow).  Song et al. 2016 use the
 * same idea with a rectifier in place of |.|.  Everything outside the core
 * (regularisers, analyses, checkpoints' "W_eff") sees W_eff.
 *
 * Noise (both optional, seeded, Gaussian, drawn per update and per sequence
 * from ctome_rng stream so results do not depend on the thread count):
 *   sigma_in  : added to the inputs, x_t + σ_in ξ — the task's sensory noise
 *               (NeuroGym and Yang et al. 2019 add it to the task inputs; here
 *               the trainer adds it so a task can stay noise-free).  The
 *               gradient of W_in uses the noisy inputs.
 *   sigma_rec : added to the pre-activation, u_t + sqrt(2α) σ_rec ξ — private
 *               noise of each unit (Song et al. 2016, Yang et al. 2019; the
 *               sqrt(2α) keeps its variance per unit time independent of dt).
 *
 * Initialisation (seeded; one ctome_rng stream (seed, 0), parameters drawn in
 * the order W_in, W, b, W_out, b_out):
 *   CTOME_RNN_INIT_NORMAL : W ~ N(0, g²/n), W_in ~ N(0, 1/n_in), W_out ~ N(0, 1/n),
 *                           b = b_out = 0 (Liu et al. 2023's rich/lazy setting).
 *   CTOME_RNN_INIT_TORCH  : every parameter (biases too) ~ U(−1/sqrt(n), 1/sqrt(n)),
 *                           as PyTorch's nn.RNN and nn.Linear(n, n_out).
 *
 * Threads: a batch is cut into fixed chunks of `chunk` sequences (default
 * 64); each chunk runs forward and backward on one thread (single-threaded
 * sgemm) and the chunk gradients are summed in chunk order, so the result is
 * bit-identical for any number of threads.  With one thread the caller's
 * OpenBLAS thread count is kept (OpenBLAS may then thread the larger GEMMs).
 * Sweeps that train many networks in their own OpenMP region: call
 * openblas_set_num_threads(1) before the region and give each network
 * threads = 1 (nested regions run on one thread anyway; the results are the
 * same either way).
 */
#ifndef CTOME_RNN_H
#define CTOME_RNN_H

#include <stddef.h>
#include <stdint.h>

typedef enum { CTOME_RNN_RELU = 0, CTOME_RNN_TANH } ctome_rnn_act;
typedef enum { CTOME_RNN_LOSS_CE = 0, CTOME_RNN_LOSS_MSE } ctome_rnn_loss;
typedef enum { CTOME_RNN_INIT_NORMAL = 0, CTOME_RNN_INIT_TORCH } ctome_rnn_init;

typedef struct {
    size_t n_in, n, n_out;  /* inputs, recurrent units, outputs (all >= 1) */
    ctome_rnn_act act;      /* default ReLU */
    double alpha;           /* dt/τ in (0, 1]; default 1 */
    ctome_rnn_init init;    /* default CTOME_RNN_INIT_NORMAL */
    double gain;            /* g of INIT_NORMAL; default 1 */
    uint64_t seed;          /* initialisation seed; default 1 */
} ctome_rnn_config;

void ctome_rnn_config_default(ctome_rnn_config *c);

/* The network.  All trainable parameters live in one contiguous float array
 * `theta` (n_params = n*n_in + n*n + n + n_out*n + n_out), laid out as
 *   W_in [n][n_in] | W_raw [n][n] | b [n] | W_out [n_out][n] | b_out [n_out];
 * the named pointers are views into it.  Optimisers, gradients
 * (ctome_rnn_grad), checkpoints and per-example gradients use this layout.
 * After changing theta directly, call ctome_rnn_refresh (it rebuilds W_eff). */
typedef struct ctome_rnn {
    ctome_rnn_config cfg;
    size_t n_params;
    float *theta;
    float *W_in, *W, *b, *W_out, *b_out;   /* views; W is W_raw */
    float *W_eff;           /* [n][n] the matrix the dynamics use (see above) */
    signed char *sign;      /* NULL, or s_j = ±1 per presynaptic unit */
    unsigned char *mask;    /* NULL, or M [n][n] of 0/1 */
} ctome_rnn;

/* Offsets of the blocks in theta. */
typedef struct {
    size_t W_in, W, b, W_out, b_out;
} ctome_rnn_layout;
ctome_rnn_layout ctome_rnn_offsets(const ctome_rnn *net);

/* A new initialised network.  Errors: a zero size, α outside (0, 1], gain < 0
 * or not finite (CTOME_EINVAL naming the value).  O(n_params). */
int ctome_rnn_new(const ctome_rnn_config *c, ctome_rnn **out);
void ctome_rnn_free(ctome_rnn *net);
/* A deep copy (e.g. the snapshot W_0 of richlazy). */
int ctome_rnn_copy(const ctome_rnn *net, ctome_rnn **out);

/* Impose Dale's law: sign[j] = +1 or -1 for every presynaptic unit (anything
 * else: CTOME_EINVAL naming the unit); NULL removes it.  W_raw keeps its
 * values, so W_eff becomes s_j |W_raw| (the magnitudes of the current weights
 * with the imposed signs). */
int ctome_rnn_set_dale(ctome_rnn *net, const int *sign);
/* Fix a sparsity mask M [n][n] (entries 0 or 1; NULL removes it).  Masked-out
 * raw weights are set to 0 so norms of W_raw are honest. */
int ctome_rnn_set_mask(ctome_rnn *net, const unsigned char *mask);
/* Set the effective recurrent matrix (e.g. a connectome layer or a rank-k
 * initialisation): W_raw = W_eff values (|.| under Dale).  Errors: a weight
 * of the wrong sign under Dale, a non-zero weight outside the mask, a
 * non-finite value (CTOME_EVALUE naming i, j and the value). */
int ctome_rnn_set_w(ctome_rnn *net, const float *W);
/* Rebuild W_eff from W_raw, sign and mask.  O(n²). */
void ctome_rnn_refresh(ctome_rnn *net);

/* ---- task batches ---- */

/* One mini-batch as plain arrays.  Time-major: x[(t*B + b)*n_in + i].
 * Cross-entropy uses `target` (class in [0, n_out) per (t, b); entries with
 * mask 0 may hold anything, e.g. -1); MSE uses `y` [T][B][n_out].
 * `mask` [T][B] holds the loss weights m_tb >= 0 (all ones after alloc). */
typedef struct {
    size_t T, B, n_in, n_out;
    ctome_rnn_loss loss;
    float *x;               /* [T][B][n_in] */
    int32_t *target;        /* [T][B]  (CE; NULL for MSE) */
    float *y;               /* [T][B][n_out] (MSE; NULL for CE) */
    float *mask;            /* [T][B] */
} ctome_rnn_batch;

/* Allocate a zero batch (mask = 1, target = 0).  CTOME_EINVAL for a zero size. */
int ctome_rnn_batch_alloc(ctome_rnn_batch *bt, size_t T, size_t B, size_t n_in, size_t n_out,
                          ctome_rnn_loss loss);
void ctome_rnn_batch_free(ctome_rnn_batch *bt);
/* Check a batch against a network: shapes, targets in range where the mask is
 * > 0, finite inputs, mask >= 0 with a positive sum.  CTOME_EINVAL / CTOME_EVALUE
 * naming (t, b) and the value. */
int ctome_rnn_batch_check(const ctome_rnn *net, const ctome_rnn_batch *bt);

/* A task generator fills `bt` (already allocated with the trainer's T, B)
 * with mini-batch number `index` drawn from (seed, index) — e.g.
 * ctome_rng_seed(&r, seed, index) — so any batch can be regenerated and a
 * resumed run sees the same batches as an uninterrupted one.  0 or a
 * CTOME_E* code (with ctome_error). */
typedef int (*ctome_rnn_task_fn)(ctome_rnn_batch *bt, uint64_t seed, uint64_t index, void *ctx);

/* ---- forward / backward ---- */

typedef struct {
    float sigma_in;         /* input noise σ_in (0 = none) */
    float sigma_rec;        /* recurrent noise σ_rec (0 = none) */
    uint64_t seed;          /* noise for sequence b uses ctome_rng stream (stream0 + b) */
    uint64_t stream0;
} ctome_rnn_noise;

/* Workspace for batches of up to T steps and B sequences: all buffers the
 * forward and backward passes need, allocated once (nothing is allocated per
 * step or per update).  `threads` = 0: omp_get_max_threads().  `chunk` = 0:
 * 64 sequences per chunk (see Threads above; a fixed chunk, not the thread
 * count, decides the summation order). */
typedef struct ctome_rnn_work ctome_rnn_work;
int ctome_rnn_work_new(const ctome_rnn *net, size_t T, size_t B, size_t chunk, int threads,
                       ctome_rnn_work **out);
void ctome_rnn_work_free(ctome_rnn_work *w);

/* The passes only read the network: several threads may run passes on one
 * network at once, each with its own workspace. */

/* Forward pass.  Returns the loss and accuracy (CE: fraction of entries with
 * mask > 0 whose arg-max output is the target; MSE: NaN) and optionally the
 * hidden states h_out [T][B][n] (h_out[t] = h_{t+1}, the state read out at
 * step t) and outputs y_out [T][B][n_out].  noise NULL = none.  loss/acc may
 * be NULL.  Errors: shapes (CTOME_EINVAL). */
int ctome_rnn_forward(const ctome_rnn *net, const ctome_rnn_batch *bt, const ctome_rnn_noise *noise,
                      ctome_rnn_work *w, float *h_out, float *y_out, double *loss, double *acc);

/* Loss and its gradient with respect to theta (grad [n_params], overwritten;
 * the W block is ∂L/∂W_raw, i.e. through the Dale/mask parametrisation).
 * Cost O(T B (n² + n n_in + n n_out)) in sgemm. */
int ctome_rnn_grad(const ctome_rnn *net, const ctome_rnn_batch *bt, const ctome_rnn_noise *noise,
                   ctome_rnn_work *w, double *loss, double *acc, float *grad);

/* Map a gradient with respect to W_eff (e.g. from a regulariser) to W_raw
 * and add it to gW_raw: gW_raw += M s_j sign(W_raw) gW_eff.  O(n²). */
void ctome_rnn_chain_w(const ctome_rnn *net, const float *gW_eff, float *gW_raw);

/* The same loss and gradient in double precision at parameters `theta`
 * (n_params doubles, same layout; the net gives shapes, activation, α, sign
 * and mask), no noise, allocating its own workspace.  For finite-difference
 * checks and references; grad may be NULL (loss only). */
int ctome_rnn_loss_grad_f64(const ctome_rnn *net, const double *theta, const ctome_rnn_batch *bt,
                            double *loss, double *grad);

/* Per-example gradients of a scalar readout, for the tangent kernel
 * K_ab = <G_a, G_b> (richlazy).  For each sequence b of the batch:
 *   s_b = y_{t_out, b, unit}           (unit >= 0), or
 *   s_b = Σ_k y_{t_out, b, k}          (unit < 0);
 * t_out < 0 means the final step T-1.  G [B][n_params] receives ∂s_b/∂theta
 * (W block with respect to W_raw; use ctome_rnn_layout to pick blocks).
 * No noise; targets and mask are ignored.  Cost B times one backward pass. */
int ctome_rnn_output_grads(const ctome_rnn *net, const ctome_rnn_batch *bt, long t_out, long unit, float *G);

/* The same per-example gradients for several readouts of one batch: the
 * forward passes run once (ctome_rnn_probe_new, cost B forward passes, memory
 * B (T+1) n + B T n_in floats beside one sequence's buffers), then each
 * ctome_rnn_probe_grads(t_out, unit) costs B backward passes and gives the
 * same bits as ctome_rnn_output_grads(net, bt, t_out, unit).  The probe reads
 * net and bt at every call: do not change or free them while it lives. */
typedef struct ctome_rnn_probe ctome_rnn_probe;
int ctome_rnn_probe_new(const ctome_rnn *net, const ctome_rnn_batch *bt, ctome_rnn_probe **out);
int ctome_rnn_probe_grads(ctome_rnn_probe *p, long t_out, long unit, float *G);
void ctome_rnn_probe_free(ctome_rnn_probe *p);

#endif
