/* vmath.c — vector tanh / exp with one SIMD variant per machine (see vmath.h
 * for the choice of SLEEF variants and why results are the same bytes on
 * every x86-64 CPU). */
#include "vmath.h"

#include <math.h>

#include "ctome_features.h"

/* sleef.h declares each variant only when the whole file is compiled for
 * its ISA; the variants used are declared here instead (SLEEF 3.5 ABI). */
#if CTOME_HAVE_SLEEF
double Sleef_tanhd1_u35purecfma(double);
double Sleef_expd1_u10purecfma(double);
float Sleef_tanhf1_u10purecfma(float);
#if defined(__x86_64__) && defined(__GNUC__)
#define VM_X86 1
#include <immintrin.h>
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
__m256d Sleef_tanhd4_u35avx2(__m256d);
__m256d Sleef_expd4_u10avx2(__m256d);
__m256 Sleef_tanhf8_u10avx2(__m256);
__m512d Sleef_tanhd8_u35avx512f(__m512d);
__m512d Sleef_expd8_u10avx512f(__m512d);
__m512 Sleef_tanhf16_u10avx512f(__m512);
#pragma GCC pop_options
#endif
#endif

static int forced = VMATH_AUTO;

static int cpu_has(int v)
{
#ifdef VM_X86
    if (v == VMATH_AVX512F)
        return __builtin_cpu_supports("avx512f");
    if (v == VMATH_AVX2)
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
#if CTOME_HAVE_SLEEF
    return v == VMATH_PURECFMA;
#else
    (void)v;
    return 0;
#endif
}

#if CTOME_HAVE_SLEEF
static int variant(void)
{
    if (forced)
        return forced;
    if (cpu_has(VMATH_AVX512F))
        return VMATH_AVX512F;
    if (cpu_has(VMATH_AVX2))
        return VMATH_AVX2;
    return VMATH_PURECFMA;
}
#endif

int vmath_force(int v)
{
    if (v != VMATH_AUTO && !cpu_has(v))
        return -1;
    forced = v;
    return 0;
}

int vmath_is_avx512(void)
{
#if CTOME_HAVE_SLEEF
    return variant() == VMATH_AVX512F;
#elif defined(__x86_64__) && defined(__GNUC__)
    return __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

const char *vmath_variant(void)
{
#if !CTOME_HAVE_SLEEF
    return "libm";
#else
    static const char *name[] = {"", "purecfma", "avx2", "avx512f"};
    return name[variant()];
#endif
}

/* The scalar forms: the portable member of the FMA family (or libm). */
#if CTOME_HAVE_SLEEF
double vmath_tanh1(double x) { return Sleef_tanhd1_u35purecfma(x); }
double vmath_expneg1(double x) { return Sleef_expd1_u10purecfma(-x); }
float vmath_tanhf1(float x) { return Sleef_tanhf1_u10purecfma(x); }
#else
double vmath_tanh1(double x) { return tanh(x); }
double vmath_expneg1(double x) { return exp(-x); }
float vmath_tanhf1(float x) { return tanhf(x); }
#endif

#ifdef VM_X86
/* One body for every wide variant: W lanes of vector type VT at a time, the
 * tail through the scalar form (same bits).  The wide variants need their
 * ISA enabled in the caller (vector ABI). */
#define VM_LOOP(name, isa, T, VT, W, load, store, vf, sf)                                       \
    __attribute__((target(isa))) static void name(const T *x, T *y, size_t n)                 \
    {                                                                                         \
        size_t k = 0;                                                                         \
        for (; k + (W) <= n; k += (W))                                                        \
            store(y + k, vf(load(x + k)));                                                    \
        for (; k < n; k++)                                                                    \
            y[k] = sf(x[k]);                                                                  \
    }

/* exp(-v) as one vector function for VM_LOOP */
__attribute__((target("avx2,fma"))) static inline __m256d expneg4(__m256d v)
{
    return Sleef_expd4_u10avx2(_mm256_sub_pd(_mm256_setzero_pd(), v));
}
__attribute__((target("avx512f"))) static inline __m512d expneg8(__m512d v)
{
    return Sleef_expd8_u10avx512f(_mm512_sub_pd(_mm512_setzero_pd(), v));
}

VM_LOOP(tanhf_avx2, "avx2,fma", float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, Sleef_tanhf8_u10avx2,
        vmath_tanhf1)
VM_LOOP(tanhf_avx512, "avx512f", float, __m512, 16, _mm512_loadu_ps, _mm512_storeu_ps, Sleef_tanhf16_u10avx512f,
        vmath_tanhf1)
VM_LOOP(tanh_avx2, "avx2,fma", double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, Sleef_tanhd4_u35avx2,
        vmath_tanh1)
VM_LOOP(tanh_avx512, "avx512f", double, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, Sleef_tanhd8_u35avx512f,
        vmath_tanh1)
VM_LOOP(expneg_avx2, "avx2,fma", double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, expneg4, vmath_expneg1)
VM_LOOP(expneg_avx512, "avx512f", double, __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, expneg8, vmath_expneg1)

#define VM_DISPATCH(wide512, wide256)                                                         \
    do {                                                                                      \
        int v_ = variant();                                                                   \
        if (v_ == VMATH_AVX512F) {                                                            \
            wide512(x, y, n);                                                                 \
            return;                                                                           \
        }                                                                                     \
        if (v_ == VMATH_AVX2) {                                                               \
            wide256(x, y, n);                                                                 \
            return;                                                                           \
        }                                                                                     \
    } while (0)
#else
#define VM_DISPATCH(wide512, wide256) ((void)0)
#endif

void vmath_tanhf(const float *x, float *y, size_t n)
{
    VM_DISPATCH(tanhf_avx512, tanhf_avx2);
    for (size_t k = 0; k < n; k++)
        y[k] = vmath_tanhf1(x[k]);
}

void vmath_tanh(const double *x, double *y, size_t n)
{
    VM_DISPATCH(tanh_avx512, tanh_avx2);
    for (size_t k = 0; k < n; k++)
        y[k] = vmath_tanh1(x[k]);
}

void vmath_expneg(const double *x, double *y, size_t n)
{
    VM_DISPATCH(expneg_avx512, expneg_avx2);
    for (size_t k = 0; k < n; k++)
        y[k] = vmath_expneg1(x[k]);
}
