/* sernn_run.c — train and evaluate one seRNN / L1 network on the maze task
 * (see sernn_run.h). */
#include "sernn_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lapacke.h>

#include "error.h"
#include "sizecheck.h"
#include "rng.h"

void ctome_sernn_train_opts_default(ctome_sernn_train_opts *o)
{
    memset(o, 0, sizeof *o);
    o->reg = CTOME_SERNN_REG_SE;
    o->gamma = 0.05;
    o->epochs = 10;
    o->steps_per_epoch = 40;
    o->batch = 128;
    o->lr = 1e-3;
    o->sigma_in = 0.05f;
    o->seed = 1;
    o->threads = 0;
    ctome_maze_opts_default(&o->task);
}

int ctome_sernn_layout(const size_t dims[3], const ctome_registry *worm, size_t *n, double **pos)
{
    *pos = NULL;
    *n = 0;
    if (worm)
        return ctome_sernn_worm_positions(worm, 30271.04208 / 9900.0, n, pos, NULL);
    /* Training holds about 16 n x n matrices (weights, Adam moments,
     * gradients, the communicability and its Frechet derivative): refuse a
     * grid whose network would not fit before anything is allocated. */
    char what_for[96];
    snprintf(what_for, sizeof what_for, "grid %zux%zux%zu", dims[0], dims[1], dims[2]);
    double units = (double)dims[0] * (double)dims[1] * (double)dims[2];
    int src = ctome_size_check(units * units * 16, sizeof(double), what_for, "recurrent-weight matrices",
                               "use a smaller --grid", NULL);
    if (src)
        return src;
    size_t m = dims[0] * dims[1] * dims[2];
    double *p = malloc((m ? m : 1) * 3 * sizeof *p);
    if (!p)
        return ctome_error_nomem();
    int rc = ctome_sernn_grid(dims[0], dims[1], dims[2], p);
    if (rc) {
        free(p);
        return rc;
    }
    *n = m;
    *pos = p;
    return CTOME_OK;
}

/* Keras' Orthogonal initialiser (the authors' recurrent_initializer): QR
 * of an n x n standard normal matrix, Q with its columns multiplied by the
 * signs of diag(R) (Saxe, McClelland & Ganguli 2014).  Normal draws from
 * ctome_rng stream (seed, 1). */
static int orthogonal_init(ctome_rnn *net, uint64_t seed)
{
    size_t n = net->cfg.n;
    double *a = malloc(n * n * sizeof *a), *tau = malloc(n * sizeof *tau);
    float *w = malloc(n * n * sizeof *w);
    int rc = CTOME_OK;
    if (!a || !tau || !w) {
        rc = ctome_error_nomem();
        goto done;
    }
    ctome_rng r;
    ctome_rng_seed(&r, seed, 1);
    for (size_t i = 0; i < n * n; i++)
        a[i] = ctome_rng_normal(&r);
    lapack_int info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)n, a, (lapack_int)n, tau);
    double *sgn = malloc(n * sizeof *sgn);
    if (!sgn) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t j = 0; j < n; j++)
        sgn[j] = a[j * n + j] < 0 ? -1.0 : 1.0;
    if (info == 0)
        info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)n, (lapack_int)n, a,
                              (lapack_int)n, tau);
    if (info != 0) {
        free(sgn);
        rc = ctome_error(CTOME_ELIB, NULL, 0, "orthogonal initialisation: LAPACK info %d", (int)info);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            w[i * n + j] = (float)(a[i * n + j] * sgn[j]);
    free(sgn);
    rc = ctome_rnn_set_w(net, w);
done:
    free(a);
    free(tau);
    free(w);
    return rc;
}

int ctome_sernn_setup(const ctome_sernn_train_opts *o, size_t n, const double *d, ctome_rnn **net,
                      ctome_trainer **tr, ctome_sernn_hook **hook)
{
    *net = NULL;
    *tr = NULL;
    *hook = NULL;
    ctome_rnn_config c;
    ctome_rnn_config_default(&c);
    c.n_in = CTOME_MAZE_N_IN;
    c.n = n;
    c.n_out = CTOME_MAZE_N_OUT;
    c.act = CTOME_RNN_RELU;
    c.alpha = 1.0;
    c.init = CTOME_RNN_INIT_NORMAL;
    c.seed = o->seed;
    int rc = ctome_sernn_hook_new(o->reg, o->gamma, n, d, hook);
    if (!rc)   /* the regulariser runs between the batch passes: on the same threads */
        ctome_sernn_hook_set_threads(*hook, o->threads);
    if (!rc)
        rc = ctome_rnn_new(&c, net);
    if (!rc)
        rc = orthogonal_init(*net, o->seed);
    if (!rc) {
        ctome_train_opts t;
        ctome_train_opts_default(&t);
        t.opt = CTOME_OPT_ADAM;
        t.lr = o->lr;
        t.T = ctome_maze_steps(&o->task);
        t.B = o->batch;
        t.loss = CTOME_RNN_LOSS_CE;
        t.sigma_in = o->sigma_in;
        t.seed = o->seed;
        t.threads = o->threads;
        t.chunk = o->chunk;
        t.task = ctome_maze_task;
        t.task_ctx = (void *)&o->task;
        if (o->reg != CTOME_SERNN_REG_NONE) {
            t.reg = ctome_sernn_hook_reg;
            t.reg_ctx = *hook;
        }
        rc = ctome_trainer_new(*net, &t, tr);
    }
    if (rc) {
        ctome_rnn_free(*net);
        ctome_sernn_hook_free(*hook);
        *net = NULL;
        *hook = NULL;
    }
    return rc;
}

int ctome_sernn_train_run(ctome_trainer *tr, const ctome_sernn_train_opts *o,
                          void (*progress)(size_t epoch, size_t epochs, const ctome_train_stats *st,
                                           void *ctx),
                          void *ctx, ctome_sernn_result *res)
{
    size_t total = o->epochs * o->steps_per_epoch;
    ctome_train_stats st = tr->last;
    while (tr->step < total) {
        size_t k = o->steps_per_epoch - tr->step % o->steps_per_epoch;
        if (tr->step + k > total)
            k = total - tr->step;
        int rc = ctome_trainer_run(tr, k, &st);
        if (rc)
            return rc;
        if (progress)
            progress(tr->step / o->steps_per_epoch, o->epochs, &st, ctx);
    }
    res->steps = tr->step;
    res->loss = st.loss;
    res->reg = st.reg;
    res->acc_train = st.acc;
    return CTOME_OK;
}

int ctome_sernn_evaluate(const ctome_rnn *net, const ctome_maze_opts *task, const double *d,
                         float sigma_eval, uint64_t seed, ctome_sernn_result *res)
{
    size_t T = ctome_maze_steps(task), B = 8 * 16, n = net->cfg.n;
    ctome_rnn_batch bt = {0};
    ctome_rnn_work *w = NULL;
    float *h = malloc(T * B * n * sizeof *h);
    int rc = h ? ctome_rnn_batch_alloc(&bt, T, B, CTOME_MAZE_N_IN, CTOME_MAZE_N_OUT,
                                       CTOME_RNN_LOSS_CE)
               : ctome_error_nomem();
    if (!rc)
        rc = ctome_maze_fill_all(&bt, task);
    if (!rc)
        rc = ctome_rnn_work_new(net, T, B, 0, 1, &w);
    double loss, acc;
    if (!rc)
        rc = ctome_rnn_forward(net, &bt, NULL, w, NULL, NULL, &loss, &acc);
    if (!rc) {
        res->acc = acc;
        ctome_rnn_noise nz = {0};
        nz.sigma_in = sigma_eval;
        nz.seed = seed;
        rc = ctome_rnn_forward(net, &bt, &nz, w, h, NULL, NULL, NULL);
    }
    if (!rc) {
        int goal8[8], pair8[8], *goal = malloc(B * sizeof *goal), *pair = malloc(B * sizeof *pair);
        ctome_sernn_maze_labels(goal8, pair8);
        if (!goal || !pair) {
            rc = ctome_error_nomem();
        } else {
            for (size_t b = 0; b < B; b++) {
                goal[b] = goal8[b % 8];
                pair[b] = pair8[b % 8];
            }
            size_t t0 = task->goal_steps + task->delay_steps;
            rc = ctome_sernn_function(h, T, B, n, goal, pair, t0, T, d, &res->m);
        }
        free(goal);
        free(pair);
    }
    ctome_rnn_work_free(w);
    ctome_rnn_batch_free(&bt);
    free(h);
    return rc;
}
