/* bench_es.c — ES training throughput on the swimmer, in environment
 * (control) steps per second, against stepping the same body with zero
 * torques on the same threads.
 *   bench_es [threads] [generations] [n_joints]      default 2, 2, 5
 * Rows:
 *   env-zero   ctome_swim_episode with the ZERO policy, one environment per
 *              thread, as many 1000-step episodes as the training rows run
 *              (a body at rest: the cheapest stepping)
 *   eval-ncap  the same episodes driven by the constant-init NCAP: the cost of
 *              evaluating candidates without any optimiser
 *   eval-mlp   the same with a 2 x 64 tanh MLP
 *   es-ncap    ctome_swim_train, NCAP (4 weights), ES, 32 candidates x 1000 steps
 *   es-mlp     the same with the 2 x 64 tanh MLP (6597 weights for 5 joints)
 *   cma-ncap   CMA-ES on NCAP (population 4 + floor(3 ln 4) = 8)
 * Each row: wall seconds, env steps, steps per wall second, steps per CPU
 * second (all threads), and the latter relative to env-zero. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <omp.h>

#include "ctome.h"
#include "error.h"
#include "policy.h"
#include "swim_train.h"
#include "swimmer.h"
#include "benchutil.h"

static int ncap_default(ctome_policy **p, int n_joints);

/* Episodes of a fixed policy on every thread (kind ZERO: the body's own
 * cost; NCAP / MLP: what evaluating one candidate costs, without any
 * optimiser). */
static double env_run(const char *name, ctome_policy_kind kind, int n_joints, int episodes, double base)
{
    ctome_swimmer_model *m;
    if (ctome_swimmer_model_create(&m, n_joints))
        return -1;
    long long steps = 0;
    double t0 = now(), c0 = cpu();
#pragma omp parallel reduction(+ : steps)
    {
        ctome_swimmer *env = NULL;
        ctome_policy *p = NULL;
        int prc = kind == CTOME_POLICY_ZERO ? ctome_policy_zero(&p, n_joints)
                  : kind == CTOME_POLICY_MLP ? ctome_policy_mlp(&p, n_joints, 2, 64, 1)
                                             : ncap_default(&p, n_joints);
        if (!ctome_swimmer_create(&env, m, CTOME_SWIM_TASK_SWIM, 0) && !prc) {
#pragma omp for schedule(dynamic, 1)
            for (int e = 0; e < episodes; e++) {
                double r;
                if (!ctome_swim_episode(env, p, (uint64_t)e + 1, NULL, &r))
                    steps += ctome_swimmer_step_count(env);
            }
        }
        ctome_policy_free(p);
        ctome_swimmer_free(env);
    }
    double dt = now() - t0, dc = cpu() - c0;
    ctome_swimmer_model_free(m);
    double rate = (double)steps / dc;
    printf("%-9s %8.2f s %9lld steps %9.0f steps/s %9.0f steps/cpu-s  %.3f\n", name, dt, steps, (double)steps / dt,
           rate, base > 0 ? rate / base : 1.0);
    return rate;
}

static int ncap_default(ctome_policy **p, int n_joints)
{
    ctome_ncap_opts o;
    ctome_ncap_opts_default(&o, n_joints);
    return ctome_policy_ncap(p, &o);
}

static void train(const char *name, ctome_policy_kind kind, ctome_es_algo algo, int gens, int n_joints,
                  double base)
{
    ctome_swim_train_opts o;
    ctome_swim_train_opts_default(&o, kind, n_joints, algo);
    o.max_generations = (uint64_t)gens * (algo == CTOME_ES_CMA ? 4 : 1);   /* CMA: 8 per gen, 4x gens */
    ctome_swim_train_result r;
    double t0 = now(), c0 = cpu();
    if (ctome_swim_train(&o, &r)) {
        fprintf(stderr, "bench_es: %s\n", ctome_error_message());
        return;
    }
    double dt = now() - t0, dc = cpu() - c0;
    printf("%-9s %8.2f s %9llu steps %9.0f steps/s %9.0f steps/cpu-s  %.3f  (%zu params, last mean return %.1f)\n",
           name, dt, (unsigned long long)r.steps, (double)r.steps / dt, (double)r.steps / dc,
           (double)r.steps / dc / base, r.n_params, r.curve[r.n_curve - 1].mean);
    ctome_swim_train_result_free(&r);
}

int main(int argc, char **argv)
{
    ctome_init();
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    int gens = argc > 2 ? atoi(argv[2]) : 2;
    int n = argc > 3 ? atoi(argv[3]) : 5;
    omp_set_num_threads(threads);
    printf("threads %d, generations %d, %d joints, 1000-step episodes\n", threads, gens, n);
    double base = env_run("env-zero", CTOME_POLICY_ZERO, n, 32 * gens, 0);
    if (base <= 0)
        return 1;
    env_run("eval-ncap", CTOME_POLICY_NCAP, n, 32 * gens, base);
    env_run("eval-mlp", CTOME_POLICY_MLP, n, 32 * gens, base);
    train("es-ncap", CTOME_POLICY_NCAP, CTOME_ES_OPENAI, gens, n, base);
    train("es-mlp", CTOME_POLICY_MLP, CTOME_ES_OPENAI, gens, n, base);
    train("cma-ncap", CTOME_POLICY_NCAP, CTOME_ES_CMA, gens, n, base);
    return 0;
}
