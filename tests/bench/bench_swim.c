/* bench_swim.c — what closed-loop control costs on top of MuJoCo stepping.
 *   bench_swim [n_joints] [episodes]     default 5, 20
 *   bench_swim n_joints 1 none|replay|ncap  one NCAP episode (to record its
 *                                        torques), then one episode of that variant
 *                                        (none: nothing more), for instruction
 *                                        counts under callgrind
 * One thread, one 1000-step swim episode (15 000 physics steps) per run:
 *   raw      mj_step x 15 per control step, ctrl = 0, on an mjModel compiled
 *            from the same MJCF (ctome_swimmer_xml), no reading of the state
 *   replay   the same raw loop replaying, open loop, the torques NCAP produced
 *            in its episode with that seed, from the same joint angles: the
 *            physics work of the NCAP episode (joints at their limits make
 *            MuJoCo's constraint solver work, so ctrl = 0 is cheaper) without
 *            the controller or the environment
 *   env-zero ctome_swim_episode with the ZERO policy: reset, observation,
 *            clipping, reward -- the environment's own cost
 *   ncap     ctome_swim_episode with the constant-init NCAP (4 weights)
 *   mlp      ctome_swim_episode with the 2 x 64 tanh MLP (for the record)
 * The variants run interleaved, `episodes` times each (different seeds);
 * best and median wall time per episode are printed, with control steps per
 * second and the NCAP overhead over raw stepping of the same motion,
 * (ncap - replay) / replay, on the medians. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mujoco/mujoco.h>

#include "ctome.h"
#include "policy.h"
#include "swimmer.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp);
    return n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
}

/* The same MJCF compiled here through MuJoCo's VFS, as the library does. */
static mjModel *compile(int n_joints)
{
    char *xml;
    if (ctome_swimmer_xml(n_joints, &xml))
        return NULL;
    mjVFS *vfs = malloc(sizeof *vfs);
    mj_defaultVFS(vfs);
    int len = (int)strlen(xml);
    mj_makeEmptyFileVFS(vfs, "s.xml", len);
    memcpy(vfs->filedata[mj_findFileVFS(vfs, "s.xml")], xml, (size_t)len);
    char err[1000];
    mjModel *m = mj_loadXML("s.xml", vfs, err, sizeof err);
    mj_deleteVFS(vfs);
    free(vfs);
    free(xml);
    return m;
}

static double raw_episode(const mjModel *m, mjData *d)
{
    double t0 = now();
    mj_resetData(m, d);
    mj_forward(m, d);
    for (int t = 0; t < CTOME_SWIM_STEPS; t++)
        for (int k = 0; k < CTOME_SWIM_SUBSTEPS; k++)
            mj_step(m, d);
    return now() - t0;
}

/* Open-loop replay of torques tau[steps][nj] from joint angles q0. */
static double replay_episode(const mjModel *m, mjData *d, int nj, const double *q0,
                             const double *tau)
{
    double t0 = now();
    mj_resetData(m, d);
    for (int i = 0; i < nj; i++)
        d->qpos[3 + i] = q0[i];   /* rootx, rooty, rootz come first */
    mj_forward(m, d);
    for (int t = 0; t < CTOME_SWIM_STEPS; t++) {
        memcpy(d->ctrl, tau + (size_t)t * (size_t)nj, (size_t)nj * sizeof *tau);
        for (int k = 0; k < CTOME_SWIM_SUBSTEPS; k++)
            mj_step(m, d);
    }
    return now() - t0;
}

static double env_episode(ctome_swimmer *e, ctome_policy *p, uint64_t seed, double *ret)
{
    double t0 = now();
    if (ctome_swim_episode(e, p, seed, NULL, ret)) {
        fprintf(stderr, "bench_swim: %s\n", ctome_error_message());
        exit(1);
    }
    return now() - t0;
}

int main(int argc, char **argv)
{
    int nj = argc > 1 ? atoi(argv[1]) : 5;
    int reps = argc > 2 ? atoi(argv[2]) : 20;
    const char *only = argc > 3 ? argv[3] : NULL;   /* none | replay | ncap, for callgrind */
    if (reps < 1)
        reps = 1;
    ctome_init();
    ctome_swimmer_model *sm;
    ctome_swimmer *e;
    if (ctome_swimmer_model_create(&sm, nj) ||
        ctome_swimmer_create(&e, sm, CTOME_SWIM_TASK_SWIM, 0)) {
        fprintf(stderr, "bench_swim: %s\n", ctome_error_message());
        return 1;
    }
    mjModel *m = compile(nj);
    mjData *d = m ? mj_makeData(m) : NULL;
    if (!d) {
        fprintf(stderr, "bench_swim: cannot compile the model\n");
        return 1;
    }
    ctome_ncap_opts o;
    ctome_ncap_opts_default(&o, nj);
    ctome_policy *pn, *pz, *pm;
    if (ctome_policy_ncap(&pn, &o) || ctome_policy_zero(&pz, nj) ||
        ctome_policy_mlp(&pm, nj, 2, 64, 1))
        return 1;
    enum { NV = 5 };
    double *t[NV];
    double sum[NV] = {0};
    for (int v = 0; v < NV; v++)
        t[v] = malloc((size_t)reps * sizeof(double));
    double *tau = malloc((size_t)CTOME_SWIM_STEPS * (size_t)nj * sizeof *tau);
    double *q = malloc((size_t)CTOME_SWIM_STEPS * (size_t)nj * sizeof *q);
    ctome_swim_record rec = {0};
    rec.torques = tau;
    rec.joints = q;
    if (only) {
        double ret;
        if (ctome_swim_episode(e, pn, 0, &rec, &ret))
            return 1;
        if (!strcmp(only, "replay"))
            replay_episode(m, d, nj, q, tau);
        else if (!strcmp(only, "ncap"))
            env_episode(e, pn, 0, &ret);
        return 0;
    }
    raw_episode(m, d);   /* warm-up */
    for (int r = 0; r < reps; r++) {
        double ret;
        t[0][r] = raw_episode(m, d);
        t[2][r] = env_episode(e, pz, (uint64_t)r, &ret);
        sum[2] += ret;
        t[3][r] = env_episode(e, pn, (uint64_t)r, &ret);
        sum[3] += ret;
        t[4][r] = env_episode(e, pm, (uint64_t)r, &ret);
        sum[4] += ret;
        if (ctome_swim_episode(e, pn, (uint64_t)r, &rec, &ret))
            return 1;
        t[1][r] = replay_episode(m, d, nj, q, tau);
    }
    static const char *name[NV] = {"raw mj_step (ctrl 0)", "raw replay of NCAP tau",
                                   "env + zero policy", "env + NCAP", "env + MLP 2x64"};
    double med[NV];
    printf("swimmer %d joints (%d bodies), MuJoCo %s, %d episodes of %d control steps x %d "
           "physics steps, 1 thread\n",
           nj, nj + 1, mj_versionString(), reps, CTOME_SWIM_STEPS, CTOME_SWIM_SUBSTEPS);
    for (int v = 0; v < NV; v++) {
        double best;
        med[v] = median(t[v], reps);
        best = t[v][0];
        printf("%-22s best %7.2f ms  median %7.2f ms  %8.0f control steps/s", name[v], 1e3 * best,
               1e3 * med[v], CTOME_SWIM_STEPS / med[v]);
        if (v >= 2)
            printf("  mean return %.1f", sum[v] / reps);
        printf("\n");
    }
    printf("NCAP closed loop over raw replay of the same motion: %+.1f%% (medians), %+.1f%% "
           "(best); zero policy over raw ctrl 0: %+.1f%% (medians), %+.1f%% (best)\n",
           100 * (med[3] - med[1]) / med[1], 100 * (t[3][0] - t[1][0]) / t[1][0],
           100 * (med[2] - med[0]) / med[0], 100 * (t[2][0] - t[0][0]) / t[0][0]);
    for (int v = 0; v < NV; v++)
        free(t[v]);
    free(tau);
    free(q);
    ctome_policy_free(pn);
    ctome_policy_free(pz);
    ctome_policy_free(pm);
    mj_deleteData(d);
    mj_deleteModel(m);
    ctome_swimmer_free(e);
    ctome_swimmer_model_free(sm);
    return 0;
}
