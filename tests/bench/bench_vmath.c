/* bench_vmath — the float tanh of the RNN passes (lib/core/vmath.h) against
 * glibc's scalar tanhf (docs/performance.md, "The report's learning parts:
 * SLEEF's float tanh in the RNN").
 *   build-rel/tests/bench/bench_vmath            speed: ns per value
 *   build-rel/tests/bench/bench_vmath all        every one of the 2^32 floats
 *                                                through every variant the CPU
 *                                                runs: how many differ from
 *                                                purecfma (~1 CPU min)
 * Speed: 2^20 values uniform in [-5, 5] (an RNN's pre-activations), 20
 * passes each, wall and CPU ns per value for glibc tanhf and each SLEEF
 * variant the CPU runs; a checksum line so nothing is optimised away. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include "vmath.h"

enum { N = 1 << 20, REPS = 20 };

static void glibc_tanhf(const float *x, float *y, size_t n)
{
    for (size_t k = 0; k < n; k++)
        y[k] = tanhf(x[k]);
}

static void line(const char *name, void (*f)(const float *, float *, size_t), const float *x, float *y)
{
    double w0 = now(), c0 = cpu();
    for (int r = 0; r < REPS; r++)
        f(x, y, N);
    double w = now() - w0, c = cpu() - c0, sum = 0;
    for (size_t k = 0; k < N; k++)
        sum += y[k];
    printf("%-18s %6.2f ns wall, %6.2f ns CPU per value (checksum %.6f)\n", name, 1e9 * w / (REPS * (double)N),
           1e9 * c / (REPS * (double)N), sum);
}

static const char *vname[] = {"auto", "purecfma", "avx2", "avx512f"};

static int all_floats(void)
{
    float *x = malloc(N * sizeof *x), *ref = malloc(N * sizeof *ref), *y = malloc(N * sizeof *y);
    if (!x || !ref || !y)
        return 1;
    uint64_t differ[4] = {0};
    int ok[4] = {0};
    for (int v = VMATH_AVX2; v <= VMATH_AVX512F; v++)
        ok[v] = vmath_force(v) == 0;
    for (uint64_t base = 0; base < (1ull << 32); base += N) {
        for (uint32_t i = 0; i < N; i++) {
            uint32_t u = (uint32_t)(base + i);
            memcpy(&x[i], &u, sizeof u);
        }
        vmath_force(VMATH_PURECFMA);
        vmath_tanhf(x, ref, N);
        for (int v = VMATH_AVX2; v <= VMATH_AVX512F; v++) {
            if (!ok[v])
                continue;
            vmath_force(v);
            vmath_tanhf(x, y, N);
            for (uint32_t i = 0; i < N; i++)
                differ[v] += memcmp(&y[i], &ref[i], sizeof *y) != 0;
        }
    }
    vmath_force(VMATH_AUTO);
    for (int v = VMATH_AVX2; v <= VMATH_AVX512F; v++)
        if (ok[v])
            printf("all 2^32 floats: %s differs from purecfma in %llu\n", vname[v], (unsigned long long)differ[v]);
        else
            printf("all 2^32 floats: %s not run by this CPU\n", vname[v]);
    free(x);
    free(ref);
    free(y);
    return 0;
}

int main(int argc, char **argv)
{
    if (vmath_force(VMATH_PURECFMA) != 0) {
        printf("SLEEF not built in (%s): nothing to compare\n", vmath_variant());
        return 0;
    }
    vmath_force(VMATH_AUTO);
    if (argc > 1 && !strcmp(argv[1], "all"))
        return all_floats();
    float *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    if (!x || !y)
        return 1;
    ctome_rng r;
    ctome_rng_seed(&r, 1, 0);
    for (size_t k = 0; k < N; k++)
        x[k] = (float)(10.0 * ctome_rng_uniform(&r) - 5.0);
    line("glibc tanhf", glibc_tanhf, x, y);
    for (int v = VMATH_PURECFMA; v <= VMATH_AVX512F; v++) {
        if (vmath_force(v) != 0)
            continue;
        char name[32];
        snprintf(name, sizeof name, "sleef u10 %s", vname[v]);
        line(name, vmath_tanhf, x, y);
    }
    vmath_force(VMATH_AUTO);
    free(x);
    free(y);
    return 0;
}
