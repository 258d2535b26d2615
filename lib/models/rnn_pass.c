/* rnn_pass.c — the float forward/backward passes of rnn.h over a batch cut
 * into fixed chunks, one chunk per OpenMP iteration (rnn_kernel.h has the
 * arithmetic).  Chunk results are summed in chunk order after the parallel
 * loop, so the numbers do not depend on the thread count. */
#include "rnn.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "vmath.h"

/* tanh over whole blocks with SLEEF's float u10 (≤ 1.0 ulp; the same bytes
 * on every x86-64 CPU: lib/core/vmath.h), 9-12x faster with AVX-512F
 * than glibc's scalar tanhf (tests/bench/bench_vmath), which was 19 % of
 * rich/lazy's CPU and 55 % of reproduce liu2024's (docs/performance.md).
 * exp and log (the softmax of the loss, n_out values per row) stay libm's:
 * under 2 % of either. */
#define RK_REAL float
#define RK_GEMM cblas_sgemm
#define RK_SUFFIX f32
#define RK_TANH_VEC vmath_tanhf
#define RK_EXP expf
#define RK_LOG logf
#include "rnn_kernel.h"

/* 64 sequences per chunk: with B = 128 that is one chunk per core on 2
 * cores, and the per-step GEMM (64 x n x n) keeps OpenBLAS's kernels busy;
 * 32 cost about 15% more CPU time (docs/performance.md). */
#define DEFAULT_CHUNK 64

struct ctome_rnn_work {
    size_t T, B, chunk, nchunks;
    size_t n_in, n, n_out, n_params;
    int threads;
    rk_chunk_f32 *ch;
};

static rk_net_f32 net_view(const ctome_rnn *net)
{
    rk_net_f32 k;
    k.n_in = net->cfg.n_in;
    k.n = net->cfg.n;
    k.n_out = net->cfg.n_out;
    k.tanh_act = net->cfg.act == CTOME_RNN_TANH;
    k.alpha = (float)net->cfg.alpha;
    k.W_in = net->W_in;
    k.W = net->W_eff;
    k.b = net->b;
    k.W_out = net->W_out;
    k.b_out = net->b_out;
    return k;
}

int ctome_rnn_work_new(const ctome_rnn *net, size_t T, size_t B, size_t chunk, int threads, ctome_rnn_work **out)
{
    *out = NULL;
    if (!net || T == 0 || B == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn workspace: need a network and T, B >= 1 (T %zu, B %zu)", T,
                           B);
    if (threads < 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn workspace: threads must be >= 0, got %d", threads);
    if (T * B > 1000000000 / (net->cfg.n + net->cfg.n_in + net->cfg.n_out))
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn workspace: T x B = %zu x %zu is too large", T, B);
    ctome_rnn_work *w = calloc(1, sizeof *w);
    if (!w)
        return ctome_error_nomem();
    w->T = T;
    w->B = B;
    w->chunk = chunk ? chunk : DEFAULT_CHUNK;
    if (w->chunk > B)
        w->chunk = B;
    w->nchunks = (B + w->chunk - 1) / w->chunk;
    w->n_in = net->cfg.n_in;
    w->n = net->cfg.n;
    w->n_out = net->cfg.n_out;
    w->n_params = net->n_params;
    w->threads = threads ? threads : omp_get_max_threads();
    w->ch = calloc(w->nchunks, sizeof *w->ch);
    if (!w->ch) {
        free(w);
        return ctome_error_nomem();
    }
    rk_net_f32 k = net_view(net);
    for (size_t c = 0; c < w->nchunks; c++)
        if (rk_chunk_alloc_f32(&w->ch[c], &k, T, w->chunk, net->n_params)) {
            ctome_rnn_work_free(w);
            return ctome_error_nomem();
        }
    *out = w;
    return CTOME_OK;
}

void ctome_rnn_work_free(ctome_rnn_work *w)
{
    if (!w)
        return;
    for (size_t c = 0; c < w->nchunks; c++)
        rk_chunk_free_f32(&w->ch[c]);
    free(w->ch);
    free(w);
}

static int check_fit(const ctome_rnn *net, const ctome_rnn_batch *bt, const ctome_rnn_work *w)
{
    int rc = ctome_rnn_batch_check(net, bt);
    if (rc)
        return rc;
    if (!w)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: no workspace");
    if (w->n_in != net->cfg.n_in || w->n != net->cfg.n || w->n_out != net->cfg.n_out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: workspace was made for another network shape");
    if (bt->T > w->T || bt->B > w->B)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn: batch (T %zu, B %zu) exceeds the workspace (T %zu, B %zu)",
                           bt->T, bt->B, w->T, w->B);
    return CTOME_OK;
}

/* g_raw = M s sign(W_raw) g_eff, in place on the W block of a gradient. */
static void chain_inplace(const ctome_rnn *net, float *gW)
{
    if (!net->sign && !net->mask)
        return;
    const size_t n = net->cfg.n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            size_t e = i * n + j;
            if (net->mask && !net->mask[e])
                gW[e] = 0;
            else if (net->sign)
                gW[e] *= (float)net->sign[j] * (net->W[e] < 0 ? -1.0f : 1.0f);
        }
}

/* Forward (and loss, and backward if want_grad) over every chunk of the
 * batch; h_out / y_out copied out when not NULL. */
static int run_chunks(const ctome_rnn *net, const ctome_rnn_batch *bt, const ctome_rnn_noise *noise,
                      ctome_rnn_work *w, int want_grad, float *h_out, float *y_out, double *loss, double *acc)
{
    int rc = check_fit(net, bt, w);
    if (rc)
        return rc;
    const size_t T = bt->T, B = bt->B, n = net->cfg.n, no = net->cfg.n_out;
    double msum = 0;
    for (size_t e = 0; e < T * B; e++)
        msum += bt->mask[e];
    const size_t chunk = w->chunk, nch = (B + chunk - 1) / chunk;
    int nt = w->threads;
    if ((size_t)nt > nch)
        nt = (int)nch;
    /* Our chunks are the parallelism: OpenBLAS runs single-threaded inside
     * them.  With one thread OpenBLAS keeps the caller's setting, and inside
     * an enclosing parallel region (a sweep over networks) the global setting
     * is left alone (changing it there would race; rnn.h asks the caller to
     * set one OpenBLAS thread before such a region). */
    int old = openblas_get_num_threads();
    int set_blas = nt > 1 && old != 1 && !omp_in_parallel();
    if (set_blas)
        openblas_set_num_threads(1);
    rk_net_f32 k = net_view(net);
#pragma omp parallel for num_threads(nt) schedule(static)
    for (size_t c = 0; c < nch; c++) {
        size_t b0 = c * chunk, Bc = B - b0 < chunk ? B - b0 : chunk;
        rk_chunk_f32 *ch = &w->ch[c];
        rk_forward_f32(&k, ch, bt, b0, Bc, noise);
        rk_loss_f32(&k, ch, bt, b0, Bc, 1.0 / msum, want_grad);
        if (want_grad)
            rk_backward_f32(&k, ch, T, Bc);
        for (size_t t = 0; t < T; t++)
            for (size_t b = 0; b < Bc; b++) {
                if (h_out)
                    memcpy(h_out + (t * B + b0 + b) * n, ch->H + ((t + 1) * Bc + b) * n, n * sizeof *h_out);
                if (y_out)
                    memcpy(y_out + (t * B + b0 + b) * no, ch->Y + (t * Bc + b) * no, no * sizeof *y_out);
            }
    }
    if (set_blas)
        openblas_set_num_threads(old);
    double l = 0, hits = 0, counted = 0;
    for (size_t c = 0; c < nch; c++) {
        l += w->ch[c].loss;
        hits += w->ch[c].hits;
        counted += w->ch[c].counted;
    }
    if (loss)
        *loss = l;
    if (acc)
        *acc = bt->loss == CTOME_RNN_LOSS_CE && counted > 0 ? hits / counted : NAN;
    return CTOME_OK;
}

int ctome_rnn_forward(const ctome_rnn *net, const ctome_rnn_batch *bt, const ctome_rnn_noise *noise,
                      ctome_rnn_work *w, float *h_out, float *y_out, double *loss, double *acc)
{
    return run_chunks(net, bt, noise, w, 0, h_out, y_out, loss, acc);
}

int ctome_rnn_grad(const ctome_rnn *net, const ctome_rnn_batch *bt, const ctome_rnn_noise *noise,
                   ctome_rnn_work *w, double *loss, double *acc, float *grad)
{
    int rc = run_chunks(net, bt, noise, w, 1, NULL, NULL, loss, acc);
    if (rc)
        return rc;
    const size_t P = net->n_params, nch = (bt->B + w->chunk - 1) / w->chunk;
    memcpy(grad, w->ch[0].G, P * sizeof *grad);
    for (size_t c = 1; c < nch; c++) {
        const float *g = w->ch[c].G;
        for (size_t p = 0; p < P; p++)
            grad[p] += g[p];
    }
    chain_inplace(net, grad + ctome_rnn_offsets(net).W);
    return CTOME_OK;
}

/* The probe forward passes of ctome_rnn_output_grads, kept so that the
 * gradients of several readouts of one batch (richlazy's tangent kernel sums
 * over the outputs) run the forward pass once per sequence instead of once
 * per readout.  Each sequence runs alone (a chunk of one), exactly as
 * ctome_rnn_output_grads always did, so the gradients are the same bits. */
struct ctome_rnn_probe {
    const ctome_rnn *net;
    const ctome_rnn_batch *bt;
    size_t T, B;
    float *Hc, *Xc;        /* [B][T+1][n], [B][T][n_in]: each sequence's H and X */
    rk_chunk_f32 ch;       /* Y, dY, D, G of one sequence; X, H point into Hc, Xc */
    float *own_X, *own_H;  /* the chunk's own X, H (freed at the end) */
};

void ctome_rnn_probe_free(ctome_rnn_probe *p)
{
    if (!p)
        return;
    p->ch.X = p->own_X;
    p->ch.H = p->own_H;
    rk_chunk_free_f32(&p->ch);
    free(p->Hc);
    free(p->Xc);
    free(p);
}

int ctome_rnn_probe_new(const ctome_rnn *net, const ctome_rnn_batch *bt, ctome_rnn_probe **out)
{
    *out = NULL;
    if (!net || !bt || !bt->x || bt->n_in != net->cfg.n_in || bt->T == 0 || bt->B == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn output gradients: batch does not fit the network");
    const size_t T = bt->T, B = bt->B, n = net->cfg.n, ni = net->cfg.n_in;
    ctome_rnn_probe *p = calloc(1, sizeof *p);
    if (!p)
        return ctome_error_nomem();
    p->net = net;
    p->bt = bt;
    p->T = T;
    p->B = B;
    rk_net_f32 k = net_view(net);
    int bad = rk_chunk_alloc_f32(&p->ch, &k, T, 1, net->n_params);
    p->own_X = p->ch.X;
    p->own_H = p->ch.H;
    p->Hc = bad ? NULL : malloc(B * (T + 1) * n * sizeof *p->Hc);
    p->Xc = bad ? NULL : malloc(B * T * (ni ? ni : 1) * sizeof *p->Xc);
    if (bad || !p->Hc || !p->Xc) {
        ctome_rnn_probe_free(p);
        return ctome_error_nomem();
    }
    for (size_t b = 0; b < B; b++) {
        p->ch.H = p->Hc + b * (T + 1) * n;
        p->ch.X = p->Xc + b * T * ni;
        rk_forward_f32(&k, &p->ch, bt, b, 1, NULL);
    }
    *out = p;
    return CTOME_OK;
}

int ctome_rnn_probe_grads(ctome_rnn_probe *p, long t_out, long unit, float *G)
{
    const ctome_rnn *net = p->net;
    const size_t T = p->T, n = net->cfg.n, ni = net->cfg.n_in, no = net->cfg.n_out, P = net->n_params;
    if (t_out >= (long)T || unit >= (long)no)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "rnn output gradients: step %ld / unit %ld outside the batch (T %zu, n_out %zu)", t_out,
                           unit, T, no);
    size_t ts = t_out < 0 ? T - 1 : (size_t)t_out;
    rk_net_f32 k = net_view(net);
    rk_chunk_f32 *ch = &p->ch;
    for (size_t b = 0; b < p->B; b++) {
        ch->H = p->Hc + b * (T + 1) * n;
        ch->X = p->Xc + b * T * ni;
        memset(ch->dY, 0, T * no * sizeof *ch->dY);
        for (size_t j = 0; j < no; j++)
            if (unit < 0 || (size_t)unit == j)
                ch->dY[ts * no + j] = 1;
        rk_backward_f32(&k, ch, T, 1);
        memcpy(G + b * P, ch->G, P * sizeof *G);
        chain_inplace(net, G + b * P + ctome_rnn_offsets(net).W);
    }
    return CTOME_OK;
}

int ctome_rnn_output_grads(const ctome_rnn *net, const ctome_rnn_batch *bt, long t_out, long unit, float *G)
{
    if (net && bt && (t_out >= (long)bt->T || unit >= (long)net->cfg.n_out))
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "rnn output gradients: step %ld / unit %ld outside the batch (T %zu, n_out %zu)", t_out,
                           unit, bt->T, net->cfg.n_out);
    ctome_rnn_probe *p;
    int rc = ctome_rnn_probe_new(net, bt, &p);
    if (!rc)
        rc = ctome_rnn_probe_grads(p, t_out, unit, G);
    ctome_rnn_probe_free(p);
    return rc;
}
