/* rnn_kernel.h — forward pass, loss and BPTT of one chunk of sequences,
 * written once and compiled twice: rnn_pass.c includes it with float and
 * cblas_sgemm (the training path), rnn_f64.c with double and cblas_dgemm (the
 * reference that tests check against finite differences).  Internal, not
 * installed.  Before including, define
 *   RK_REAL    float | double
 *   RK_GEMM    cblas_sgemm | cblas_dgemm
 *   RK_SUFFIX  a name suffix (f32 | f64)
 *   RK_TANH_VEC(x, y, n)  y[k] = tanh(x[k]) for k < n, x == y allowed
 *              (float: vmath_tanhf, SLEEF u10; double: libm tanh in a loop)
 *   RK_EXP, RK_LOG   expf/logf | exp/log
 *
 * Layout of a chunk of Bc sequences (time-major, like the batch):
 *   X [T][Bc][n_in]   inputs (noise added)
 *   H [T+1][Bc][n]    H[0] = h_0 = 0, H[t+1] = h_{t+1}
 *   Y, dY [T][Bc][n_out]
 *   D [T][Bc][n]      ∂L/∂h from the readout, turned in place into ∂L/∂u
 *   G [n_params]      gradient, theta layout, W block with respect to W_eff
 * Each product over all T steps at once (input projection, readout, weight
 * gradients) is one GEMM with T·Bc rows; only the recurrence itself needs
 * one Bc×n×n GEMM per step forward and one backward.
 */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "rnn.h"

#define RK_CAT_(a, b) a##_##b
#define RK_CAT(a, b) RK_CAT_(a, b)
#define RK(name) RK_CAT(name, RK_SUFFIX)

typedef struct {
    size_t n_in, n, n_out;
    int tanh_act;
    RK_REAL alpha;
    const RK_REAL *W_in, *W, *b, *W_out, *b_out;   /* W is W_eff */
} RK(rk_net);

typedef struct {
    RK_REAL *X, *H, *Y, *dY, *D, *G;
    ctome_rng *rng;          /* one noise stream per sequence of the chunk */
    double loss, hits, counted;
} RK(rk_chunk);

/* Buffers for up to T steps and cap sequences.  0, or -1 (out of memory;
 * rk_chunk_free still frees what was allocated). */
static int RK(rk_chunk_alloc)(RK(rk_chunk) *c, const RK(rk_net) *k, size_t T, size_t cap, size_t n_params)
{
    memset(c, 0, sizeof *c);
    c->X = malloc(T * cap * k->n_in * sizeof(RK_REAL));
    c->H = malloc((T + 1) * cap * k->n * sizeof(RK_REAL));
    c->Y = malloc(T * cap * k->n_out * sizeof(RK_REAL));
    c->dY = malloc(T * cap * k->n_out * sizeof(RK_REAL));
    c->D = malloc(T * cap * k->n * sizeof(RK_REAL));
    c->G = malloc(n_params * sizeof(RK_REAL));
    c->rng = malloc(cap * sizeof *c->rng);
    return c->X && c->H && c->Y && c->dY && c->D && c->G && c->rng ? 0 : -1;
}

static void RK(rk_chunk_free)(RK(rk_chunk) *c)
{
    free(c->X);
    free(c->H);
    free(c->Y);
    free(c->dY);
    free(c->D);
    free(c->G);
    free(c->rng);
    memset(c, 0, sizeof *c);
}

/* Forward pass of sequences b0 .. b0+Bc-1 of the batch: fills X, H, Y.
 * Noise: sequence b draws from ctome_rng (seed, stream0 + b), first its
 * input noise in time order, then its recurrent noise in time order, so the
 * draws do not depend on the chunking. */
static void RK(rk_forward)(const RK(rk_net) *k, RK(rk_chunk) *c, const ctome_rnn_batch *bt, size_t b0, size_t Bc,
                           const ctome_rnn_noise *noise)
{
    const size_t T = bt->T, B = bt->B, ni = k->n_in, n = k->n, no = k->n_out;
    const RK_REAL a = k->alpha, leak = (RK_REAL)1 - k->alpha;
    const double sd_in = noise ? noise->sigma_in : 0.0;
    const double sd_rec = noise ? noise->sigma_rec * sqrt(2.0 * (double)k->alpha) : 0.0;
    if (sd_in > 0 || sd_rec > 0)
        for (size_t b = 0; b < Bc; b++)
            ctome_rng_seed(&c->rng[b], noise->seed, noise->stream0 + b0 + b);

    for (size_t t = 0; t < T; t++)
        for (size_t b = 0; b < Bc; b++) {
            const float *src = bt->x + (t * B + b0 + b) * ni;
            RK_REAL *dst = c->X + (t * Bc + b) * ni;
            for (size_t i = 0; i < ni; i++)
                dst[i] = (RK_REAL)src[i];
        }
    if (sd_in > 0)    /* per sequence, in time order (see above) */
        for (size_t b = 0; b < Bc; b++)
            for (size_t t = 0; t < T; t++) {
                RK_REAL *dst = c->X + (t * Bc + b) * ni;
                for (size_t i = 0; i < ni; i++)
                    dst[i] += (RK_REAL)(sd_in * ctome_rng_normal(&c->rng[b]));
            }

    memset(c->H, 0, Bc * n * sizeof(RK_REAL));
    RK_REAL *H1 = c->H + Bc * n;
    /* α W_in x_t for every step at once */
    RK_GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(T * Bc), (int)n, (int)ni, a, c->X, (int)ni, k->W_in,
            (int)ni, 0, H1, (int)n);
    for (size_t t = 0; t < T; t++) {
        const RK_REAL *Hp = c->H + t * Bc * n;
        RK_REAL *Hn = c->H + (t + 1) * Bc * n;
        if (t > 0)   /* h_0 = 0: no recurrent input at t = 0 */
            RK_GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, (int)Bc, (int)n, (int)n, a, Hp, (int)n, k->W, (int)n, 1,
                    Hn, (int)n);
        /* leak, bias, noise and f over the Bc x n block (restrict + omp simd:
         * gcc -O2 does not vectorise these loops on its own) */
        const RK_REAL *restrict bias = k->b;
        for (size_t b = 0; b < Bc; b++) {
            RK_REAL *restrict u = Hn + b * n;
            const RK_REAL *restrict hp = Hp + b * n;
            if (leak != 0) {
#pragma omp simd
                for (size_t i = 0; i < n; i++)
                    u[i] += leak * hp[i] + a * bias[i];
            } else {
#pragma omp simd
                for (size_t i = 0; i < n; i++)
                    u[i] += a * bias[i];
            }
            if (sd_rec > 0)
                for (size_t i = 0; i < n; i++)
                    u[i] += (RK_REAL)(sd_rec * ctome_rng_normal(&c->rng[b]));
            if (!k->tanh_act) {
#pragma omp simd
                for (size_t i = 0; i < n; i++)   /* written so that NaN propagates (NaN guard) */
                    u[i] = u[i] < 0 ? 0 : u[i];
            }
        }
        /* tanh over the whole Bc x n block at once (one vector call; its
         * values do not depend on where the block is cut: vmath.h) */
        if (k->tanh_act)
            RK_TANH_VEC(Hn, Hn, Bc * n);
    }
    for (size_t r = 0; r < T * Bc; r++)
        memcpy(c->Y + r * no, k->b_out, no * sizeof(RK_REAL));
    RK_GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(T * Bc), (int)no, (int)n, 1, H1, (int)n, k->W_out, (int)n,
            1, c->Y, (int)no);
}

/* Loss of the chunk (its share of Σ m ℓ / Σ m, inv_msum = 1 / Σ m over the
 * whole batch) into c->loss, accuracy counts into c->hits / c->counted, and,
 * if want_grad, ∂L/∂y into dY.  Softmax with the maximum subtracted. */
static void RK(rk_loss)(const RK(rk_net) *k, RK(rk_chunk) *c, const ctome_rnn_batch *bt, size_t b0, size_t Bc,
                        double inv_msum, int want_grad)
{
    const size_t T = bt->T, B = bt->B, no = k->n_out;
    double loss = 0, hits = 0, counted = 0;
    for (size_t t = 0; t < T; t++)
        for (size_t b = 0; b < Bc; b++) {
            size_t e = t * B + b0 + b;
            double m = bt->mask[e];
            const RK_REAL *y = c->Y + (t * Bc + b) * no;
            RK_REAL *d = c->dY + (t * Bc + b) * no;
            if (m == 0) {
                if (want_grad)
                    memset(d, 0, no * sizeof(RK_REAL));
                continue;
            }
            RK_REAL w = (RK_REAL)(m * inv_msum);
            if (bt->loss == CTOME_RNN_LOSS_CE) {
                size_t cls = (size_t)bt->target[e], arg = 0;
                RK_REAL mx = y[0];
                for (size_t j = 1; j < no; j++)
                    if (y[j] > mx) {
                        mx = y[j];
                        arg = j;
                    }
                RK_REAL s = 0;
                for (size_t j = 0; j < no; j++)
                    s += RK_EXP(y[j] - mx);
                RK_REAL lse = mx + RK_LOG(s);
                loss += m * (double)(lse - y[cls]);
                hits += arg == cls;
                counted += 1;
                if (want_grad) {
                    for (size_t j = 0; j < no; j++)
                        d[j] = w * RK_EXP(y[j] - lse);
                    d[cls] -= w;
                }
            } else {
                const float *tgt = bt->y + e * no;
                double l = 0;
                for (size_t j = 0; j < no; j++) {
                    RK_REAL diff = y[j] - (RK_REAL)tgt[j];
                    l += (double)diff * (double)diff;
                    if (want_grad)
                        d[j] = w * 2 * diff / (RK_REAL)no;
                }
                loss += m * l / (double)no;
            }
        }
    c->loss = loss * inv_msum;
    c->hits = hits;
    c->counted = counted;
}

/* out[j] = s Σ_r A[r][j] (rows summed in order, vectorised across j). */
static void RK(col_sums)(const RK_REAL *restrict A, size_t rows, size_t cols, RK_REAL s, RK_REAL *restrict out)
{
    for (size_t j = 0; j < cols; j++)
        out[j] = 0;
    for (size_t r = 0; r < rows; r++) {
        const RK_REAL *restrict row = A + r * cols;
#pragma omp simd
        for (size_t j = 0; j < cols; j++)
            out[j] += row[j];
    }
    for (size_t j = 0; j < cols; j++)
        out[j] *= s;
}

/* BPTT of the chunk from dY (filled by rk_loss, or by a caller that wants
 * the gradient of another scalar): the gradient of every parameter into G
 * (overwritten; W block with respect to W_eff). */
static void RK(rk_backward)(const RK(rk_net) *k, RK(rk_chunk) *c, size_t T, size_t Bc)
{
    const size_t ni = k->n_in, n = k->n, no = k->n_out, rows = T * Bc;
    const RK_REAL a = k->alpha, leak = (RK_REAL)1 - k->alpha;
    RK_REAL *gWin = c->G, *gW = gWin + n * ni, *gb = gW + n * n, *gWo = gb + n, *gbo = gWo + no * n;
    const RK_REAL *H1 = c->H + Bc * n;

    /* readout: ∂L/∂W_out = dYᵀ H, ∂L/∂b_out = Σ dY, ∂L/∂h (readout part) = dY W_out */
    RK_GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, (int)no, (int)n, (int)rows, 1, c->dY, (int)no, H1, (int)n, 0,
            gWo, (int)n);
    RK(col_sums)(c->dY, rows, no, 1, gbo);
    RK_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)n, (int)no, 1, c->dY, (int)no, k->W_out,
            (int)n, 0, c->D, (int)n);

    /* back through time: δu_t = δh_{t+1} ⊙ f'(u_t); δh_t += (1-α) δu_t + α Wᵀ δu_t */
    for (size_t t = T; t-- > 0;) {
        RK_REAL *restrict Dt = c->D + t * Bc * n;
        const RK_REAL *restrict Hn = c->H + (t + 1) * Bc * n;
        if (k->tanh_act) {
#pragma omp simd
            for (size_t i = 0; i < Bc * n; i++)
                Dt[i] *= 1 - Hn[i] * Hn[i];
        } else {
#pragma omp simd
            for (size_t i = 0; i < Bc * n; i++)
                Dt[i] = Hn[i] > 0 ? Dt[i] : 0;
        }
        if (t == 0)
            break;   /* h_0 is fixed */
        RK_REAL *restrict Dp = c->D + (t - 1) * Bc * n;
        if (leak != 0) {
#pragma omp simd
            for (size_t i = 0; i < Bc * n; i++)
                Dp[i] += leak * Dt[i];
        }
        RK_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)Bc, (int)n, (int)n, a, Dt, (int)n, k->W, (int)n, 1,
                Dp, (int)n);
    }

    /* weights, all steps at once: ∂L/∂W = α Σ_t δu_t h_tᵀ, ∂L/∂W_in = α Σ_t δu_t x_tᵀ, ∂L/∂b = α Σ δu */
    RK_GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, (int)n, (int)n, (int)rows, a, c->D, (int)n, c->H, (int)n, 0, gW,
            (int)n);
    RK_GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, (int)n, (int)ni, (int)rows, a, c->D, (int)n, c->X, (int)ni, 0,
            gWin, (int)ni);
    RK(col_sums)(c->D, rows, n, a, gb);
}

#undef RK
#undef RK_CAT
#undef RK_CAT_
