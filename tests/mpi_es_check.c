/* mpi_es_check.c — prints an ES run, a CMA-ES run and a short NCAP swimmer
 * training run (theta and learning curve, as hexadecimal floats) with the
 * population split across MPI ranks (tools/mpi_jobs.h).  tests/test_mpi.sh
 * runs it on one process and under `mpirun -np 2` and requires identical
 * output: the split must not change a single bit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "es.h"
#include "mpi_jobs.h"
#include "swim_train.h"

void ctome_init(void);

static double noisy(const double *x, size_t n, uint64_t seed, void *ctx, uint64_t *steps)
{
    (void)ctx;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - 0.5 * (double)i) * (x[i] - 0.5 * (double)i);
    *steps = 3 + seed % 5;
    return -s + 1e-3 * (double)(seed % 997);
}

static void print_run(const char *name, const double *theta, size_t n, const ctome_es_gen *c, size_t nc)
{
    printf("%s theta", name);
    for (size_t i = 0; i < n; i++)
        printf(" %a", theta[i]);
    printf("\n");
    for (size_t i = 0; i < nc; i++)
        printf("%s gen %llu steps %llu mean %a best %a\n", name, (unsigned long long)c[i].generation,
               (unsigned long long)c[i].steps, c[i].mean, c[i].best);
}

int main(int argc, char **argv)
{
    ctome_init();
    int use_mpi = argc > 1 && strcmp(argv[1], "--mpi") == 0;
    if (use_mpi && ctome_mpi_init()) {
        fprintf(stderr, "mpi_es_check: %s\n", ctome_error_message());
        return 1;
    }
    int root = ctome_mpi_rank() == 0;
    if (root)
        fprintf(stderr, "ranks %d\n", ctome_mpi_size());
    for (int alg = 0; alg < 2; alg++) {
        ctome_es_opts o;
        ctome_es_opts_default(alg ? CTOME_ES_CMA : CTOME_ES_OPENAI, &o);
        o.seed = 5;
        o.popsize = alg ? 7 : 10;   /* odd CMA population: uneven blocks per rank */
        double x0[6] = {0};
        ctome_es *es;
        if (ctome_es_new(&o, x0, 6, &es))
            return 1;
        ctome_es_run_opts ro = {0};
        ro.max_generations = 12;
        ro.dist = ctome_mpi_es_dist();
        if (ctome_es_run(es, noisy, NULL, &ro)) {
            fprintf(stderr, "mpi_es_check: %s\n", ctome_error_message());
            return 1;
        }
        size_t nc;
        const ctome_es_gen *c = ctome_es_curve(es, &nc);
        if (root)
            print_run(alg ? "cmaes" : "es", ctome_es_theta(es), 6, c, nc);
        ctome_es_free(es);
    }
    ctome_swim_train_opts so;
    ctome_swim_train_opts_default(&so, CTOME_POLICY_NCAP, 5, CTOME_ES_OPENAI);
    so.episode_steps = 40;
    so.es.popsize = 6;
    so.es.seed = 3;
    so.max_generations = 2;
    so.dist = ctome_mpi_es_dist();
    ctome_swim_train_result r;
    if (ctome_swim_train(&so, &r)) {
        fprintf(stderr, "mpi_es_check: %s\n", ctome_error_message());
        return 1;
    }
    if (root)
        print_run("ncap", r.theta, r.n_params, r.curve, r.n_curve);
    ctome_swim_train_result_free(&r);
    ctome_mpi_finalize();
    return 0;
}
