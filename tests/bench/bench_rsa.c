/* bench_rsa.c — RSA scaling: RDM (squared Euclidean) + Spearman permutation
 * test on synthetic data, timed in-process on 1 and 2 threads.
 *   bench_rsa [n_perm]     default 10000; conditions 100, 200, 400 x 300
 * Prints wall times and checks that both thread counts give the same p. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ctome.h"
#include "rng.h"
#include "rsa.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int run(size_t n, size_t p, size_t n_perm)
{
    double *x = malloc(n * p * sizeof *x), *y = malloc(n * 40 * sizeof *y);
    int *cond = malloc(n * sizeof *cond);
    double *r1 = malloc(ctome_rdm_len(n) * sizeof *r1), *r2 = malloc(ctome_rdm_len(n) * sizeof *r2);
    if (!x || !y || !cond || !r1 || !r2)
        return 1;
    ctome_rng r;
    ctome_rng_seed(&r, 1, 0);
    for (size_t i = 0; i < n; i++) {
        cond[i] = (int)i;
        double lat = ctome_rng_normal(&r);
        for (size_t c = 0; c < p; c++)
            x[i * p + c] = lat * (double)(c % 7) + 2 * ctome_rng_normal(&r);
        for (size_t c = 0; c < 40; c++)
            y[i * 40 + c] = lat * (double)(c % 5) + 2 * ctome_rng_normal(&r);
    }
    ctome_rsa_data dx = {.n_obs = n, .n_ch = p, .n_cond = n, .x = x, .cond = cond, .source = "x"};
    ctome_rsa_data dy = {.n_obs = n, .n_ch = 40, .n_cond = n, .x = y, .cond = cond, .source = "y"};
    double pv[3] = {0};
    for (int t = 2; t >= 1; t--) {
        double t0 = now(), obs;
        if (ctome_rdm_compute(&dx, CTOME_RDM_SQEUCLIDEAN, r1) ||
            ctome_rdm_compute(&dy, CTOME_RDM_SQEUCLIDEAN, r2) ||
            ctome_rsa_perm_test(n, r1, r2, CTOME_RSA_SPEARMAN, n_perm, 1, t, &obs, &pv[t], NULL)) {
            fprintf(stderr, "bench_rsa: %s\n", ctome_error_message());
            return 1;
        }
        printf("%zu conditions x %zu channels, %zu permutations, %d thread(s): %.3f s "
               "(spearman %.4f, p %.5g)\n", n, p, n_perm, t, now() - t0, obs, pv[t]);
    }
    printf("  p identical for 1 and 2 threads: %s\n", pv[1] == pv[2] ? "yes" : "NO");
    free(x);
    free(y);
    free(cond);
    free(r1);
    free(r2);
    return 0;
}

int main(int argc, char **argv)
{
    ctome_init();
    size_t n_perm = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
    size_t sizes[3] = {100, 200, 400};
    for (int i = 0; i < 3; i++)
        if (run(sizes[i], 300, n_perm))
            return 1;
    return 0;
}
