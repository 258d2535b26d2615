/* bench_rnn.c — training throughput of the RNN core (docs/performance.md).
 *
 *   bench_rnn sgemm                    single-precision GEMM rate on 1 and 2 OpenBLAS threads
 *   bench_rnn train THREADS CHUNK BLAS [UPDATES]
 *       the seRNN maze network: 100 ReLU units, 8 inputs, 4 outputs, T = 50,
 *       B = 128, cross-entropy on the last 20 steps, Adam, L1 regulariser;
 *       THREADS OpenMP threads over batch chunks of CHUNK sequences, BLAS
 *       OpenBLAS threads (used when THREADS = 1).  One fixed batch (the task
 *       generator is not timed, as in rnn_peer.py).
 * Prints sequences/second and GFLOP/s (FLOPs of the GEMMs, counted below). */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctome.h"
#include "rng.h"
#include "rnn.h"
#include "train.h"
#include "benchutil.h"

static void bench_sgemm(void)
{
    const int sizes[][3] = {{128, 100, 100}, {6400, 100, 100}, {100, 100, 6400}, {1024, 1024, 1024}};
    for (int th = 1; th <= 2; th++) {
        openblas_set_num_threads(th);
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
            int M = sizes[s][0], N = sizes[s][1], K = sizes[s][2];
            float *A = calloc((size_t)M * K, sizeof *A), *B = calloc((size_t)K * N, sizeof *B),
                  *C = calloc((size_t)M * N, sizeof *C);
            for (size_t i = 0; i < (size_t)M * K; i++)
                A[i] = (float)(i % 7) * 0.1f;
            for (size_t i = 0; i < (size_t)K * N; i++)
                B[i] = (float)(i % 5) * 0.1f;
            double flop = 2.0 * M * N * K;
            int reps = (int)(2e9 / flop) + 1;
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1, A, K, B, K, 0, C, N);
            double t0 = now(), c0 = cpu();
            for (int r = 0; r < reps; r++)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1, A, K, B, K, 0, C, N);
            double dt = now() - t0, dc = cpu() - c0;
            printf("sgemm threads %d  M %5d N %5d K %5d  %7.1f GFLOP/s wall, %7.1f GFLOP per CPU-second\n", th, M, N,
                   K, flop * reps / dt / 1e9, flop * reps / dc / 1e9);
            free(A);
            free(B);
            free(C);
        }
    }
}

static int fixed_task(ctome_rnn_batch *bt, uint64_t seed, uint64_t index, void *ctx)
{
    (void)seed;
    (void)index;
    (void)bt;
    (void)ctx;
    return 0;   /* the batch was filled once before training */
}

int main(int argc, char **argv)
{
    ctome_init();
    if (argc >= 2 && !strcmp(argv[1], "sgemm")) {
        bench_sgemm();
        return 0;
    }
    if (argc < 5 || strcmp(argv[1], "train")) {
        fprintf(stderr, "usage: bench_rnn sgemm | bench_rnn train THREADS CHUNK BLAS_THREADS [UPDATES]\n");
        return 2;
    }
    int threads = atoi(argv[2]), blas = atoi(argv[4]);
    size_t chunk = (size_t)atol(argv[3]), updates = argc > 5 ? (size_t)atol(argv[5]) : 200;
    const size_t T = 50, B = 128, ni = 8, n = 100, no = 4;
    openblas_set_num_threads(blas);
    ctome_rnn_config c;
    ctome_rnn_config_default(&c);
    c.n_in = ni;
    c.n = n;
    c.n_out = no;
    c.init = CTOME_RNN_INIT_TORCH;
    ctome_rnn *net = NULL;
    if (ctome_rnn_new(&c, &net))
        return 1;
    ctome_train_opts o;
    ctome_train_opts_default(&o);
    o.T = T;
    o.B = B;
    o.threads = threads;
    o.chunk = chunk;
    o.task = fixed_task;
    double gamma = 1e-4;
    o.reg = ctome_train_reg_l1;
    o.reg_ctx = &gamma;
    ctome_trainer *tr = NULL;
    if (ctome_trainer_new(net, &o, &tr)) {
        fprintf(stderr, "%s\n", ctome_error_message());
        return 1;
    }
    ctome_rng r;
    ctome_rng_seed(&r, 1, 0);
    for (size_t i = 0; i < T * B * ni; i++)
        tr->batch.x[i] = (float)ctome_rng_normal(&r);
    for (size_t e = 0; e < T * B; e++) {
        tr->batch.target[e] = (int32_t)ctome_rng_below(&r, no);
        tr->batch.mask[e] = e / B >= T - 20;
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
    /* GEMM FLOPs per sequence: forward input 2 n ni T, recurrence 2 n² (T-1),
     * readout 2 no n T; backward readout 2·2 no n T, recurrence 2 n² (T-1),
     * dW 2 n² T, dW_in 2 n ni T. */
    double flop = (double)T * (4.0 * n * ni + 6.0 * n * no) + (double)n * n * (6.0 * T - 4.0);
    double seq = (double)updates * B / dt;
    /* CPU time of the process as well: on a busy machine wall time mixes in other jobs */
    printf("threads %d chunk %zu blas %d: %.0f sequences/s, %.1f GFLOP/s, %.3f ms/update wall, %.3f ms CPU "
           "(loss %.4f)\n",
           threads, chunk, blas, seq, seq * flop / 1e9, 1e3 * dt / (double)updates, 1e3 * dc / (double)updates,
           st.loss);
    ctome_trainer_free(tr);
    ctome_rnn_free(net);
    return 0;
}
