/* test_vmath.c — the shared vector-math unit's float tanh (lib/core/vmath.h),
 * the RNN's tanh activation.
 *
 * References: libm's double tanh rounded to float (glibc's double tanh is
 * within 1 double ulp, i.e. 2^-29 float ulp: a correctly rounded float
 * reference for this purpose) for the accuracy SLEEF documents for its u10
 * functions (at most 1.0 ulp); the bits of the portable purecfma variant from
 * every wider variant the CPU runs (the FMA family: vmath.h), for vectors of
 * every length and offset (tails go through the scalar form); the special
 * values tanh(±0) = ±0, tanh(±inf) = ±1, NaN -> NaN. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "vmath.h"

/* |y - ref| in units of the float ulp at ref (ref rounded to float gives the
 * binade; below FLT_MIN the ulp is the smallest subnormal). */
static double ulps(float y, double ref)
{
    float r = fabsf((float)ref);
    double u = r < FLT_MIN ? (double)FLT_MIN * FLT_EPSILON : (double)(nextafterf(r, INFINITY) - r);
    if (r == FLT_MAX)
        u = (double)(r - nextafterf(r, 0));
    return fabs((double)y - ref) / u;
}

/* N values: uniform on [-a, a] for a = 1e-3, 1, 4, 12 (an RNN's activities
 * lie in about [-5, 5]; float tanh saturates beyond 9.1), then every 65,537th
 * bit pattern of the 2^32 floats (all binades, subnormals, inf, NaN). */
enum { NR = 200000, NB = 65538, N = NR + NB };
static void inputs(float *x)
{
    ctome_rng r;
    ctome_rng_seed(&r, 16, 0);
    const float a[4] = {1e-3f, 1.0f, 4.0f, 12.0f};
    for (size_t k = 0; k < NR; k++)
        x[k] = a[k % 4] * (float)(2.0 * ctome_rng_uniform(&r) - 1.0);
    for (size_t k = 0; k < NB; k++) {
        uint32_t u = (uint32_t)(k * 65537u);
        memcpy(&x[NR + k], &u, sizeof u);
    }
}

static void test_accuracy(void **state)
{
    (void)state;
    vmath_force(VMATH_AUTO);
    float *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    inputs(x);
    vmath_tanhf(x, y, N);
    double e = 0, eg = 0;
    size_t nan_in = 0;
    for (size_t k = 0; k < N; k++) {
        if (isnan(x[k])) {
            assert_true(isnan(y[k]));
            nan_in++;
            continue;
        }
        double t = tanh((double)x[k]);
        e = fmax(e, ulps(y[k], t));
        eg = fmax(eg, ulps(tanhf(x[k]), t));   /* glibc, for the record */
    }
    print_message("float tanh, %d values (%zu NaN) with %s: max %.9f ulp (glibc tanhf %.4f)\n", N, nan_in,
                  vmath_variant(), e, eg);
    assert_true(nan_in > 0);        /* the bit sweep reaches NaNs: the check above ran */
    /* SLEEF's bound is 1.0 ulp against its own high-precision reference;
     * against double tanh a few tiny x (|x| ~ 2^-24, where SLEEF returns the
     * float above x and tanh(x) lies a hair below x) measure 1 + 2e-8 ulp. */
    if (strcmp(vmath_variant(), "libm"))
        assert_true(e <= 1.0 + 1e-6);
    else   /* no SLEEF in this build: glibc's tanhf, 2.08 ulp by this measure */
        assert_true(e <= 3.0);
    /* exact at 0 (sign kept), saturated at +-inf and beyond 9.1 */
    float s[6] = {0.0f, -0.0f, INFINITY, -INFINITY, 10.0f, -10.0f};
    vmath_tanhf(s, s, 6);   /* in place */
    assert_true(s[0] == 0.0f && !signbit(s[0]) && s[1] == 0.0f && signbit(s[1]));
    assert_true(s[2] == 1.0f && s[3] == -1.0f && s[4] == 1.0f && s[5] == -1.0f);
    free(x);
    free(y);
}

/* Every variant this CPU runs gives the bits of the portable one, for every
 * vector length 0..40 at every offset 0..3 (wide body + scalar tail), and
 * the one-value form gives the same bits. */
static void test_variants_identical(void **state)
{
    (void)state;
    float *x = malloc(N * sizeof *x), *ref = malloc(N * sizeof *ref), *y = malloc(N * sizeof *y);
    assert_non_null(x);
    assert_non_null(ref);
    assert_non_null(y);
    inputs(x);
    if (vmath_force(VMATH_PURECFMA) != 0) {   /* no SLEEF in this build: libm, nothing to compare */
        print_message("SLEEF not built in (%s): variants not compared\n", vmath_variant());
        free(x);
        free(y);
        free(ref);
        skip();
    }
    vmath_tanhf(x, ref, N);
    for (size_t k = 0; k < N; k++)
        assert_memory_equal(&(float){vmath_tanhf1(x[k])}, &ref[k], sizeof(float));
    int tried = 0;
    for (int v = VMATH_AVX2; v <= VMATH_AVX512F; v++) {
        if (vmath_force(v) != 0)
            continue;
        tried++;
        memset(y, 0, N * sizeof *y);
        vmath_tanhf(x, y, N);
        assert_memory_equal(y, ref, N * sizeof *y);
        for (size_t off = 0; off < 4; off++)
            for (size_t len = 0; len <= 40; len++) {
                float z[48];
                memset(z, 0xff, sizeof z);
                vmath_tanhf(x + NR + 1000 * off, z + off, len);
                assert_memory_equal(z + off, ref + NR + 1000 * off, len * sizeof *z);
                for (size_t k = off + len; k < 48; k++)   /* nothing written past the end */
                    assert_true(((uint32_t *)z)[k] == 0xffffffffu);
            }
    }
    vmath_force(VMATH_AUTO);
    print_message("float tanh variants compared with purecfma: %d (this CPU runs %s)\n", tried, vmath_variant());
    free(x);
    free(y);
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accuracy),
        cmocka_unit_test(test_variants_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
