/* bench_ei.c — the connectome E/I rate model (issue 4): 60 s of biological
 * time on cook2019-herm at 1 ms RK4 steps, and the full single-neuron
 * perturbation atlas.
 *   bench_ei DUMP_DIR [reps]      (default reps 3)
 *   bench_ei DUMP_DIR K rhs       (the right-hand side alone, 1000 K calls,
 *                                  and one RK4 run: for a profiler)
 * Model: ctome_ei_build defaults (chem-scale 0.01, gap-scale 0.01, tanh,
 * unknown signs 0) with tau = 0.1 s for every neuron, so time is in seconds.
 * Input: constant I_i = 0.1 cos(i + 1), initial state x_i = 0.5 sin(i + 1),
 * and 60 pulses: pulse k (k = 0..59) of amplitude 2 on neuron 37 k mod n
 * during [k + 0.5, k + 0.6) s.  Integrated with ctome_ei_simulate (RK4,
 * dt = 1 ms, samples every 0.1 s); best of `reps` runs.  The same model and
 * input are written to DUMP_DIR (dense W, G, tau, x0, I, pulses, and the
 * final state) for tests/bench/ei_peers.py (scipy solve_ivp, brian2).
 * Then GSL rkf45 (rtol 1e-8, atol 1e-10) over the same run for the record,
 * and the full atlas (every model neuron stimulated; ei_atlas.h defaults in
 * model time units: tau 1, pulse 1, window 10, dt 0.01) on 1 and 2 threads,
 * and on 1 thread by the one-stimulation-at-a-time reference path (two-pass
 * sums: max |difference| printed).  Before all that, the right-hand side
 * alone: the merged pass (ei_rhs_eval: SLEEF tanh of 302 values + one sparse
 * pass of 5713 entries, SELL-8 on AVX-512F CPUs) timed over 200000 calls,
 * and its tanh part alone, for the SLEEF variant the CPU dispatches to
 * (and there also with the CSR pass, the same bits: the comparison for the
 * SELL-8 pass) and for the portable one. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctome.h"
#include "datasets.h"
#include "ei.h"
#include "ei_atlas.h"
#include "ei_internal.h"
#include "ei_vmath.h"
#include "vmath.h"
#include "benchutil.h"

static int die(const char *what)
{
    fprintf(stderr, "bench_ei: %s: %s\n", what, ctome_error_message());
    return 1;
}

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (!fp)
        fprintf(stderr, "bench_ei: cannot write %s\n", path);
    return fp;
}

/* Dense W and G (rows = postsynaptic), one row per line. */
static int dump(const char *dir, const ctome_ei *m, const double *x0, const double *I, const double *xf)
{
    size_t n = m->n;
    double *row = malloc(n * sizeof *row);
    FILE *fw = open_in(dir, "W.txt"), *fg = open_in(dir, "G.txt"), *fv = open_in(dir, "vectors.txt");
    if (!row || !fw || !fg || !fv)
        return 1;
    for (int k = 0; k < 2; k++) {
        FILE *fp = k ? fg : fw;
        for (size_t i = 0; i < n; i++) {
            memset(row, 0, n * sizeof *row);
            const size_t *ptr = k ? m->g_ptr : m->w_ptr;
            const int32_t *col = k ? m->g_col : m->w_col;
            const double *val = k ? m->g_val : m->w_val;
            for (size_t p = ptr[i]; p < ptr[i + 1]; p++)
                row[col[p]] += val[p];
            for (size_t j = 0; j < n; j++)
                fprintf(fp, "%.17g%c", row[j], j + 1 < n ? ' ' : '\n');
        }
    }
    /* columns: tau x0 I final */
    for (size_t i = 0; i < n; i++)
        fprintf(fv, "%.17g %.17g %.17g %.17g\n", m->tau[i], x0[i], I[i], xf[i]);
    free(row);
    fclose(fw);
    fclose(fg);
    fclose(fv);
    return 0;
}

/* CPU µs per call of the merged right-hand side and of its tanh, over
 * `calls` calls on a state that changes every call. */
static void time_rhs(const ctome_ei *m, const double *x0, const double *I, long calls)
{
    size_t n = m->n;
    ei_rhs r;
    double *z = malloc(2 * n * sizeof *z), *dy = malloc(n * sizeof *dy);
    if (!z || !dy || ei_rhs_build(m, &r)) {
        fprintf(stderr, "bench_ei: allocating\n");
        exit(1);
    }
    /* pass 0: what the CPU dispatches to; 1: the same tanh with the CSR
     * pass (the SELL-8 copy hidden; only where SELL-8 runs); 2: portable */
    size_t nch = r.nch;
    int sell = nch && vmath_is_avx512();
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1 && !sell)
            continue;
        if (pass == 2 && vmath_force(1) != 0)
            break;
        r.nch = pass == 1 ? 0 : nch;
        const char *how = pass == 1 || !vmath_is_avx512() || !nch ? "CSR" : "SELL-8";
        memcpy(z + n, x0, n * sizeof *x0);
        double c0 = cpu(), sum = 0;
        for (long k = 0; k < calls; k++) {
            z[n + (size_t)k % n] += 1e-9;
            ei_rhs_eval(&r, I, z, dy);
            sum += dy[0];
        }
        double t_rhs = (cpu() - c0) / (double)calls * 1e6;
        c0 = cpu();
        for (long k = 0; k < calls; k++) {
            z[n + (size_t)k % n] += 1e-9;
            ei_transfer_vec(CTOME_EI_TANH, z + n, z, n);
            sum += z[0];
        }
        double t_tanh = (cpu() - c0) / (double)calls * 1e6;
        printf("right-hand side alone (%s, %s pass): %.3f µs CPU per evaluation, of which tanh of %zu "
               "values %.3f µs; %zu CSR entries (checksum %.6g)\n", vmath_variant(), how, t_rhs, n,
               t_tanh, r.ptr[n], sum);
    }
    r.nch = nch;
    vmath_force(0);
    ei_rhs_free(&r);
    free(z);
    free(dy);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_ei DUMP_DIR [reps] | bench_ei DUMP_DIR K rhs\n");
        return 2;
    }
    const char *dir = argv[1];
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    ctome_init();
    ctome_registry *reg;
    ctome_connectome *c;
    if (ctome_registry_load(CTOME_BENCH_DATA, &reg) ||
        ctome_dataset_load("cook2019-herm", CTOME_BENCH_DATA, reg, &c))
        return die("loading cook2019-herm");
    ctome_ei_opts o;
    ctome_ei_opts_default(&o);
    o.tau = 0.1;
    ctome_ei *m;
    if (ctome_ei_build(c, reg, &o, &m))
        return die("building the model");
    size_t n = m->n;
    printf("cook2019-herm model: %zu neurons, %zu chemical and %zu gap-junction matrix entries\n", n,
           m->w_ptr[n], m->g_ptr[n]);
    double *x0 = malloc(n * sizeof *x0), *I = malloc(n * sizeof *I), *xf = malloc(n * sizeof *xf);
    ctome_ei_input *in;
    if (!x0 || !I || !xf || ctome_ei_input_new(n, &in))
        return die("allocating");
    for (size_t i = 0; i < n; i++) {
        x0[i] = 0.5 * sin((double)i + 1);
        I[i] = 0.1 * cos((double)i + 1);
        if (ctome_ei_input_constant(in, i, I[i]))
            return die("input");
    }
    FILE *fp = open_in(dir, "pulses.txt");
    if (!fp)
        return 1;
    for (size_t k = 0; k < 60; k++) {
        size_t j = (37 * k) % n;
        if (ctome_ei_input_pulse(in, &j, 1, (double)k + 0.5, 0.1, 2.0))
            return die("pulse");
        fprintf(fp, "%zu %.17g %.17g %.17g\n", j, (double)k + 0.5, 0.1, 2.0);
    }
    fclose(fp);
    ctome_ei_sim_opts so;
    ctome_ei_sim_opts_default(&so);
    so.dt = 1e-3;
    so.t_end = 60.0;
    so.sample_dt = 0.1;
    so.x0 = x0;
    int rhs_only = argc > 3 && !strcmp(argv[3], "rhs");
    if (rhs_only) {
        /* for a profiler: the right-hand side alone, `reps` thousand calls,
         * then one RK4 run */
        time_rhs(m, x0, I, 1000L * reps);
        reps = 1;
    } else {
        time_rhs(m, x0, I, 200000);
    }
    double best = INFINITY, best_cpu = INFINITY;
    ctome_ei_trace tr = {0};
    for (int r = 0; r < reps; r++) {
        ctome_ei_trace_free(&tr);
        double t0 = now(), c0 = cpu();
        if (ctome_ei_simulate(m, in, &so, &tr))
            return die("simulating");
        best = fmin(best, now() - t0);
        best_cpu = fmin(best_cpu, cpu() - c0);
    }
    for (size_t i = 0; i < n; i++)
        xf[i] = tr.x[i * tr.T + tr.T - 1];
    printf("ctome RK4, dt 1 ms, 60 s (60000 steps):   best of %d: %.3f s wall, %.3f s CPU  (x_AVAL(60) = %.9f); "
           "%.3f µs CPU per right-hand-side evaluation, RK4 updates included\n",
           reps, best, best_cpu, xf[ctome_ei_find(m, "AVAL")], best_cpu / 240000.0 * 1e6);
    /* The same run through the plain RK4 loop over ei_rhs_eval (SELL-8
     * pass, stage loops apart: same bits): the before of issue 16's
     * slot-order RK4, same process. */
    if (vmath_is_avx512()) {
        ei_rhs_force_plain(1);
        double bp = INFINITY;
        ctome_ei_trace tp = {0};
        for (int r = 0; r < reps; r++) {
            ctome_ei_trace_free(&tp);
            double c0 = cpu();
            if (ctome_ei_simulate(m, in, &so, &tp))
                return die("simulating");
            bp = fmin(bp, cpu() - c0);
        }
        ei_rhs_force_plain(0);
        printf("  same run, plain RK4 loop (SELL-8 pass, stage loops apart): best of %d: %.3f s CPU, "
               "%.3f µs CPU per evaluation; identical bytes: %s\n", reps, bp, bp / 240000.0 * 1e6,
               memcmp(tp.x, tr.x, n * tr.T * sizeof *tr.x) ? "NO" : "yes");
        ctome_ei_trace_free(&tp);
    }
    if (rhs_only)
        return 0;
    if (dump(dir, m, x0, I, xf))
        return 1;
    /* GSL rkf45 for the record */
    ctome_ei_trace tg;
    so.method = CTOME_EI_RKF45;
    double t0 = now(), c0 = cpu();
    if (ctome_ei_simulate(m, in, &so, &tg))
        return die("rkf45");
    double dmax = 0;
    for (size_t i = 0; i < n; i++)
        dmax = fmax(dmax, fabs(tg.x[i * tg.T + tg.T - 1] - xf[i]));
    printf("ctome GSL rkf45 (rtol 1e-8, atol 1e-10), 60 s: %.3f s wall, %.3f s CPU  (max |x - x_RK4| at 60 s: "
           "%.2e)\n", now() - t0, cpu() - c0, dmax);
    ctome_ei_trace_free(&tg);
    ctome_ei_trace_free(&tr);
    ctome_ei_input_free(in);
    ctome_ei_free(m);
    /* the full atlas, model time units (tau 1) */
    if (ctome_ei_build(c, reg, NULL, &m))
        return die("building the model");
    ctome_ei_atlas_opts ao;
    ctome_ei_atlas_opts_default(&ao);
    double ta[3] = {0}, tc[3] = {0};
    ctome_ei_atlas a[3];
    for (int th = 1; th <= 2; th++) {
        ao.threads = th;
        t0 = now();
        c0 = cpu();
        if (ctome_ei_atlas_compute(m, NULL, 0, &ao, &a[th]))
            return die("atlas");
        ta[th] = now() - t0;
        tc[th] = cpu() - c0;
    }
    printf("full atlas, %zu stimulations (pulse 1, window 10, dt 0.01 = 1000 RK4 steps each):\n"
           "  1 thread %.3f s wall (%.3f s CPU), 2 threads %.3f s wall (%.3f s CPU), identical: %s\n",
           a[1].n_stim, ta[1], tc[1], ta[2], tc[2],
           memcmp(a[1].r, a[2].r, a[1].n_stim * n * sizeof *a[1].r) ? "NO" : "yes");
    /* the one-stimulation-at-a-time reference path, same run, 1 thread */
    double *rr = malloc(a[1].n_stim * n * sizeof *rr);
    if (!rr)
        return die("allocating");
    t0 = now();
    c0 = cpu();
    if (ctome_ei_atlas_reference(m, NULL, a[1].n_stim, &ao, rr, NULL))
        return die("reference atlas");
    double tw = now() - t0, tcr = cpu() - c0;
    dmax = 0;
    for (size_t q = 0; q < a[1].n_stim * n; q++)
        dmax = fmax(dmax, fabs(a[1].r[q] - rr[q]));
    printf("  reference path (one stimulation at a time, two-pass sums), 1 thread: %.3f s wall (%.3f s CPU); "
           "block path %.1fx less CPU, max |difference| %.2e\n", tw, tcr, tcr / tc[1], dmax);
    free(rr);
    ctome_ei_atlas_clear(&a[1]);
    ctome_ei_atlas_clear(&a[2]);
    ctome_ei_free(m);
    free(x0);
    free(I);
    free(xf);
    ctome_connectome_free(c);
    ctome_registry_free(reg);
    return 0;
}
