/* bench_rank.c — effective rank of an n x n matrix: singular values through
 * LAPACKE_dgesdd (values only, the library call ctome_rank_singular_values,
 * which runs OpenBLAS on one thread up to 512 x 512), the same dgesdd forced
 * onto 2 OpenBLAS threads, and GSL's one-sided SVD for the record.
 *   bench_rank [n] [reps]     default 300, 200 (GSL: reps / 10)
 * The matrix is uniform on [0, 1) from ctome_rng (seed 1, stream 0); best and
 * median wall time per call are printed with the effective rank. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <lapacke.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctome.h"
#include "rank.h"
#include "rng.h"

/* OpenBLAS's own calls (its cblas.h clashes with GSL's gsl_cblas.h) */
void openblas_set_num_threads(int num_threads);
char *openblas_get_config(void);

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

static void report(const char *what, double *t, size_t reps, double er)
{
    qsort(t, reps, sizeof *t, cmp);
    printf("%-46s best %8.3f ms  median %8.3f ms  (effective rank %.9f, %zu runs)\n", what, 1e3 * t[0],
           1e3 * t[reps / 2], er, reps);
}

int main(int argc, char **argv)
{
    ctome_init();
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 300, reps = argc > 2 ? (size_t)atol(argv[2]) : 200;
    if (n < 2 || reps < 10) {
        fprintf(stderr, "usage: bench_rank [n >= 2] [reps >= 10]\n");
        return 2;
    }
    double *a = malloc(n * n * sizeof *a), *w = malloc(n * n * sizeof *w), *s = malloc(n * sizeof *s);
    double *t = malloc(reps * sizeof *t);
    if (!a || !w || !s || !t)
        return 1;
    ctome_rng r;
    ctome_rng_seed(&r, 1, 0);
    for (size_t i = 0; i < n * n; i++)
        a[i] = ctome_rng_uniform(&r);
    printf("%zu x %zu uniform matrix, %s\n", n, n, openblas_get_config());

    /* 1. the library call (one OpenBLAS thread at this size) */
    double er = 0;
    for (size_t k = 0; k < reps; k++) {
        double t0 = now();
        if (ctome_rank_singular_values(a, n, n, s)) {
            fprintf(stderr, "bench_rank: %s\n", ctome_error_message());
            return 1;
        }
        er = ctome_rank_effective(s, n);
        t[k] = now() - t0;
    }
    report("ctome_rank_singular_values + effective rank", t, reps, er);

    /* 2. dgesdd directly on 1 and 2 OpenBLAS threads (copy included) */
    for (int th = 1; th <= 2; th++) {
        openblas_set_num_threads(th);
        for (size_t k = 0; k < reps; k++) {
            double t0 = now();
            memcpy(w, a, n * n * sizeof *w);
            lapack_int info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'N', (lapack_int)n, (lapack_int)n, w,
                                             (lapack_int)n, s, NULL, (lapack_int)n, NULL, (lapack_int)n);
            er = ctome_rank_effective(s, n);
            t[k] = now() - t0;
            if (info)
                return 1;
        }
        char lab[64];
        snprintf(lab, sizeof lab, "LAPACKE_dgesdd, %d OpenBLAS thread%s", th, th > 1 ? "s" : "");
        report(lab, t, reps, er);
    }

    /* 3. GSL's SVD (always forms U and V): for the record */
    gsl_set_error_handler_off();
    size_t greps = reps / 10;
    gsl_matrix *m = gsl_matrix_alloc(n, n), *v = gsl_matrix_alloc(n, n);
    gsl_vector *sv = gsl_vector_alloc(n), *work = gsl_vector_alloc(n);
    for (size_t k = 0; k < greps; k++) {
        double t0 = now();
        memcpy(m->data, a, n * n * sizeof *a);   /* tda == n for a fresh matrix */
        if (gsl_linalg_SV_decomp(m, v, sv, work))
            return 1;
        er = ctome_rank_effective(sv->data, n);
        t[k] = now() - t0;
    }
    report("gsl_linalg_SV_decomp (Golub-Reinsch)", t, greps, er);
    gsl_matrix_free(m);
    gsl_matrix_free(v);
    gsl_vector_free(sv);
    gsl_vector_free(work);
    free(a);
    free(w);
    free(s);
    free(t);
    return 0;
}
