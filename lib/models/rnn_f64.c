/* rnn_f64.c — the double-precision reference of the passes: the same kernel
 * source as the float path (rnn_kernel.h) compiled with double and dgemm, so
 * a finite-difference check of this function checks the BPTT derivation the
 * training path runs (rnn.h: Precision). */
#include "rnn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define RK_REAL double
#define RK_GEMM cblas_dgemm
#define RK_SUFFIX f64
#define RK_TANH_VEC tanh_vec
/* libm tanh: the double reference keeps its own exact-as-libm transfer */
static void tanh_vec(const double *x, double *y, size_t n)
{
    for (size_t k = 0; k < n; k++)
        y[k] = tanh(x[k]);
}
#define RK_EXP exp
#define RK_LOG log
#include "rnn_kernel.h"

int ctome_rnn_loss_grad_f64(const ctome_rnn *net, const double *theta, const ctome_rnn_batch *bt, double *loss,
                            double *grad)
{
    int rc = ctome_rnn_batch_check(net, bt);
    if (rc)
        return rc;
    if (!theta)
        return ctome_error(CTOME_EINVAL, NULL, 0, "rnn f64: no parameters");
    const size_t n = net->cfg.n, T = bt->T, B = bt->B, P = net->n_params;
    const ctome_rnn_layout l = ctome_rnn_offsets(net);
    double *Weff = malloc(n * n * sizeof *Weff);
    if (!Weff)
        return ctome_error_nomem();
    const double *Wraw = theta + l.W;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            size_t e = i * n + j;
            double w = net->sign ? net->sign[j] * fabs(Wraw[e]) : Wraw[e];
            Weff[e] = net->mask && !net->mask[e] ? 0 : w;
        }
    rk_net_f64 k = {net->cfg.n_in, n, net->cfg.n_out, net->cfg.act == CTOME_RNN_TANH, net->cfg.alpha,
                    theta + l.W_in, Weff, theta + l.b, theta + l.W_out, theta + l.b_out};
    rk_chunk_f64 ch;
    if (rk_chunk_alloc_f64(&ch, &k, T, B, P)) {
        rk_chunk_free_f64(&ch);
        free(Weff);
        return ctome_error_nomem();
    }
    double msum = 0;
    for (size_t e = 0; e < T * B; e++)
        msum += bt->mask[e];
    rk_forward_f64(&k, &ch, bt, 0, B, NULL);
    rk_loss_f64(&k, &ch, bt, 0, B, 1.0 / msum, grad != NULL);
    if (loss)
        *loss = ch.loss;
    if (grad) {
        rk_backward_f64(&k, &ch, T, B);
        memcpy(grad, ch.G, P * sizeof *grad);
        double *gW = grad + l.W;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                size_t e = i * n + j;
                if (net->mask && !net->mask[e])
                    gW[e] = 0;
                else if (net->sign)
                    gW[e] *= net->sign[j] * (Wraw[e] < 0 ? -1.0 : 1.0);
            }
    }
    rk_chunk_free_f64(&ch);
    free(Weff);
    return CTOME_OK;
}
