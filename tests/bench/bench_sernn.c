/* bench_sernn.c — training throughput of the seRNN with the communicability
 * regulariser (issue 5; docs/performance.md, "seRNN").
 *
 *   bench_sernn THREADS CHUNK BLAS [UPDATES] [GAMMA]
 *       the seRNN maze network of `ctome sernn` (lib/models/sernn_run.h): 100
 *       ReLU units on the 5x5x4 grid, 8 inputs, 4 outputs, T = 50, B = 128,
 *       cross-entropy over the 20 choice steps, Adam, regulariser
 *       gamma sum |W| o C o D with its analytic gradient through expm
 *       (double precision, one dual Padé evaluation per update); THREADS
 *       OpenMP threads over batch chunks of CHUNK sequences, BLAS OpenBLAS
 *       threads.  The task generator runs every update (as in training).
 *   bench_sernn reg [CALLS] [THREADS] [N]
 *       the regulariser alone: value + gradient per call, and value only, with
 *       its products on THREADS threads (default 1; the bytes are the same).
 * Prints sequences/second, GFLOP/s of the RNN GEMMs (same count as
 * bench_rnn.c) and the regulariser's share of the update time. */
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctome.h"
#include "sernn_run.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The seRNN grid: 5 x 5 x (n / 25) units (n = 100: the paper's 5 x 5 x 4). */
static double *grid_distances(size_t *n)
{
    size_t nz = *n / 25 ? *n / 25 : 1;
    *n = 25 * nz;
    double *pos = malloc(3 * *n * sizeof *pos), *d = malloc(*n * *n * sizeof *d);
    if (!pos || !d) {
        free(pos);
        free(d);
        return NULL;
    }
    ctome_sernn_grid(5, 5, nz, pos);
    ctome_sernn_distances(*n, pos, d);
    free(pos);
    return d;
}

static int bench_reg(size_t calls, int threads, size_t n)
{
    double *d = grid_distances(&n);
    if (!d)
        return 1;
    ctome_sernn_hook *h;
    if (ctome_sernn_hook_new(CTOME_SERNN_REG_SE, 0.05, n, d, &h))
        return 1;
    ctome_sernn_hook_set_threads(h, threads);
    float *w = malloc(n * n * sizeof *w), *g = calloc(n * n, sizeof *g);
    ctome_rng r;
    ctome_rng_seed(&r, 1, 0);
    for (size_t i = 0; i < n * n; i++)
        w[i] = (float)(ctome_rng_normal(&r) / 10.0);
    double t0 = now(), c0 = cpu(), s = 0;
    for (size_t k = 0; k < calls; k++)
        s += ctome_sernn_hook_reg(w, n, g, h);
    double t1 = now(), c1 = cpu();
    for (size_t k = 0; k < calls; k++)
        s += ctome_sernn_hook_reg(w, n, NULL, h);
    double t2 = now();
    /* the bytes of R and of the accumulated gradient: equal for any thread count */
    uint64_t hash = 1469598103934665603ULL;
    for (size_t i = 0; i < n * n; i++) {
        uint32_t b;
        memcpy(&b, &g[i], sizeof b);
        hash = (hash ^ b) * 1099511628211ULL;
    }
    printf("regulariser n %zu, %d thread(s): value+gradient %.3f ms/call (%.3f CPU ms), value only %.3f ms/call "
           "(R %a, gradient hash %016llx)\n", n, threads,
           1e3 * (t1 - t0) / (double)calls, 1e3 * (c1 - c0) / (double)calls, 1e3 * (t2 - t1) / (double)calls,
           s / (2.0 * (double)calls), (unsigned long long)hash);
    ctome_sernn_hook_free(h);
    free(w);
    free(g);
    free(d);
    return 0;
}

int main(int argc, char **argv)
{
    ctome_init();
    if (argc >= 2 && !strcmp(argv[1], "reg")) {
        openblas_set_num_threads(1);
        return bench_reg(argc > 2 ? (size_t)atol(argv[2]) : 200, argc > 3 ? atoi(argv[3]) : 1,
                         argc > 4 ? (size_t)atol(argv[4]) : 100);
    }
    if (argc < 4) {
        fprintf(stderr, "usage: bench_sernn THREADS CHUNK BLAS [UPDATES] [GAMMA] | bench_sernn reg [CALLS] [THREADS] [N]\n");
        return 2;
    }
    int threads = atoi(argv[1]), blas = atoi(argv[3]);
    size_t chunk = (size_t)atol(argv[2]), updates = argc > 4 ? (size_t)atol(argv[4]) : 100;
    double gamma = argc > 5 ? atof(argv[5]) : 0.05;
    openblas_set_num_threads(blas);
    size_t n = 100;
    double *d = grid_distances(&n);
    ctome_sernn_train_opts o;
    ctome_sernn_train_opts_default(&o);
    o.gamma = gamma;
    o.threads = threads;
    o.chunk = chunk;
    ctome_rnn *net;
    ctome_trainer *tr;
    ctome_sernn_hook *hook;
    if (ctome_sernn_setup(&o, n, d, &net, &tr, &hook)) {
        fprintf(stderr, "%s\n", ctome_error_message());
        return 1;
    }
    if (ctome_trainer_run(tr, 10, NULL)) {   /* warm-up */
        fprintf(stderr, "%s\n", ctome_error_message());
        return 1;
    }
    double t0 = now(), c0 = cpu();
    ctome_train_stats st;
    if (ctome_trainer_run(tr, updates, &st)) {
        fprintf(stderr, "%s\n", ctome_error_message());
        return 1;
    }
    double dt = now() - t0, dc = cpu() - c0;
    const double T = 50, B = 128, ni = 8, no = 4, nn = 100;
    double flop = T * (4.0 * nn * ni + 6.0 * nn * no) + nn * nn * (6.0 * T - 4.0);
    double seq = (double)updates * B / dt;
    double seqc = (double)updates * B / dc;
    printf("seRNN threads %d chunk %zu blas %d gamma %g: %.0f sequences/s wall, %.0f per CPU-second, "
           "%.1f GFLOP per CPU-second (RNN GEMMs), %.3f CPU ms/update (loss %.4f, R %.4f)\n",
           threads, chunk, blas, gamma, seq, seqc, seqc * flop / 1e9, 1e3 * dc / (double)updates, st.loss,
           st.reg);
    ctome_trainer_free(tr);
    ctome_rnn_free(net);
    ctome_sernn_hook_free(hook);
    free(d);
    return 0;
}
