/* bench_dfc.c — the masked HALS NTF of ctome dfc (dfc.h) at the size of the
 * issue: N neurons (P = N(N-1)/2 pairs), W windows, K worms, rank R, S starts.
 *   bench_dfc [N W K R S iters threads tol extrapolate planted]
 *                                        default 300 200 10 10 10 20 0 0 1 0
 * The tensor is rank-5 structure plus a deterministic ripple, generated
 * identically by tests/bench/dfc_peer.py (numpy):
 *   factors: LCG values k / 2^20 (the LCG of tests/ref/dfc_ntf_ref.py, seed 99),
 *   x[k,w,p] = sum_r t[w,r] a[k,r] f[p,r] + 0.1 frac(i 0.6180339887498949),
 *   i = (k W + w) P + p  (IEEE products and fmod: the same bits in C and numpy).
 * Every entry is observed (full mask).  With tol 0 the fit runs exactly
 * `iters` iterations so that both sides do the same work; the time per
 * iteration and start and the total are printed.  With tol > 0 it runs to
 * convergence (at most `iters`) and prints the iterations of every start.
 * extrapolate 0 runs plain HALS (ctome dfc --plain-hals).
 * planted 1 replaces the LCG tensor by the affinity tensor of the planted
 * generator (dfc.h) at that size: K worms of N neurons, R intervals of 2
 * communities of N / (2R + 2) neurons, noise 0.5, 10% missing neurons, 30 s
 * windows every 10 s at dt 0.5 s, recordings long enough for W windows
 * (C only: the numpy peer has no generator). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctome.h"
#include "dfc.h"
#include "benchutil.h"

static uint64_t st;
static double lcg(void)
{
    st = st * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(st >> 44) / 1048576.0;
}

int main(int argc, char **argv)
{
    ctome_init();
    size_t a[7] = {300, 200, 10, 10, 10, 20, 0};
    for (int i = 1; i < argc && i <= 7; i++)
        a[i - 1] = (size_t)atol(argv[i]);
    double tol = argc > 8 ? atof(argv[8]) : 0.0;
    int extrap = argc > 9 ? atoi(argv[9]) : 1, planted = argc > 10 ? atoi(argv[10]) : 0;
    size_t N = a[0], W = a[1], K = a[2], R = a[3], S = a[4], IT = a[5], P = N * (N - 1) / 2, RT = 5;
    ctome_dfc_tensor t = {0};
    if (planted) {
        ctome_dfc_planted_opts po;
        ctome_dfc_planted_opts_default(&po);
        po.n_worms = K;
        po.n_neurons = N;
        po.n_intervals = R;
        po.group_size = N / (2 * R + 2);
        po.dt = 0.5;
        po.n_time = (size_t)((30.0 + 10.0 * (double)(W - 1)) / po.dt);
        po.noise = 0.5;
        po.missing = 0.1;
        ctome_dfc_planted pl;
        ctome_dfc_affinity_opts ao;
        ctome_dfc_affinity_opts_default(&ao);
        double g0 = now();
        if (ctome_dfc_planted_make(&po, &pl) ||
            ctome_dfc_affinity((const ctome_recording *const *)pl.rec.r, pl.rec.n, &ao, &t)) {
            fprintf(stderr, "%s\n", ctome_error_message());
            return 1;
        }
        printf("planted tensor: %zu worms x %zu windows x %zu pairs (%zu neurons), %zu intervals x 2 communities of "
               "%zu, noise 0.5, 10%% missing; generated and affinities in %.1f s wall\n", t.n_worms, t.n_windows,
               t.n_pairs, t.n_neurons, R, po.group_size, now() - g0);
        ctome_dfc_planted_clear(&pl);
        N = t.n_neurons;
        W = t.n_windows;
        P = t.n_pairs;
    } else {
        t.n_neurons = N;
        t.n_windows = W;
        t.n_worms = K;
        t.n_pairs = P;
        t.x = malloc(K * W * P * sizeof *t.x);
        t.window_ok = malloc(K * W);
        t.present = malloc(K * N);
        double *ft = malloc(W * RT * sizeof *ft), *fa = malloc(K * RT * sizeof *fa), *ff = malloc(P * RT * sizeof *ff);
        if (!t.x || !t.window_ok || !t.present || !ft || !fa || !ff)
            return 1;
        memset(t.window_ok, 1, K * W);
        memset(t.present, 1, K * N);
        st = 99;
        for (size_t i = 0; i < W * RT; i++)
            ft[i] = lcg();
        for (size_t i = 0; i < K * RT; i++)
            fa[i] = lcg();
        for (size_t i = 0; i < P * RT; i++)
            ff[i] = lcg();
        for (size_t k = 0; k < K; k++)
            for (size_t w = 0; w < W; w++) {
                double tw[16];
                for (size_t r = 0; r < RT; r++)
                    tw[r] = ft[w * RT + r] * fa[k * RT + r];
                for (size_t p = 0; p < P; p++) {
                    double v = 0;
                    for (size_t r = 0; r < RT; r++)
                        v += tw[r] * ff[p * RT + r];
                    size_t i = (k * W + w) * P + p;
                    t.x[i] = v + 0.1 * fmod((double)i * 0.6180339887498949, 1.0);
                }
            }
        free(ft);
        free(fa);
        free(ff);
    }
    ctome_dfc_ntf_opts o;
    ctome_dfc_ntf_opts_default(&o);
    o.rank = R;
    o.starts = S;
    o.max_iter = IT;
    o.tol = tol;
    o.extrapolate = extrap;
    o.threads = (int)a[6];
    ctome_dfc_ntf fit;
    double t0 = now(), c0 = cpu();
    int rc = ctome_dfc_ntf_fit(&t, &o, &fit);
    double el = now() - t0, ec = cpu() - c0;
    if (rc) {
        fprintf(stderr, "%s\n", ctome_error_message());
        return 1;
    }
    size_t done = 0;
    for (size_t s = 0; s < S; s++)
        done = fit.start[s].iterations > done ? fit.start[s].iterations : done;
    printf("ctome dfc NTF (%s, batched starts): N %zu (P %zu) W %zu K %zu = %.3g entries, rank %zu, %zu starts, "
           "%s %zu iterations, threads %s\n", extrap ? "HALS with extrapolation" : "plain HALS", N, P, W, K,
           (double)K * W * P, R, S, tol > 0 ? "at most" : "exactly", IT, a[6] ? argv[7] : "all");
    if (tol > 0) {
        printf("  tol %g, max %zu: iterations per start", tol, IT);
        for (size_t s = 0; s < S; s++)
            printf(" %zu%s", fit.start[s].iterations, fit.start[s].converged ? "" : "(not converged)");
        printf("; %zu of %zu converged\n", fit.n_converged, S);
    }
    printf("  wall %.2f s, CPU %.2f s (all threads); per iteration of the longest start (all starts): wall %.3f s, "
           "CPU %.3f s; best rel_error %.6f, stability %.4f\n", el, ec, el / (double)done, ec / (double)done,
           fit.min_error, fit.stability);
    ctome_dfc_ntf_clear(&fit);
    ctome_dfc_tensor_clear(&t);
    return 0;
}
