/* ei_vmath.c — vector transfer functions of the E/I model (see ei_vmath.h
 * for the choice of SLEEF variants and why results are the same bytes on
 * every machine). */
#include "ei_vmath.h"

#include <math.h>
#include <string.h>

#include "ctome_features.h"

/* sleef.h declares each variant only when the whole file is compiled for
 * its ISA; the variants used are declared here instead (SLEEF 3.5 ABI). */
#if CTOME_HAVE_SLEEF
double Sleef_tanhd1_u35purecfma(double);
double Sleef_expd1_u10purecfma(double);
#if defined(__x86_64__) && defined(__GNUC__)
#define EI_X86 1
#include <immintrin.h>
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
__m256d Sleef_tanhd4_u35avx2(__m256d);
__m256d Sleef_expd4_u10avx2(__m256d);
__m512d Sleef_tanhd8_u35avx512f(__m512d);
__m512d Sleef_expd8_u10avx512f(__m512d);
#pragma GCC pop_options
#endif
#endif

enum { V_AUTO = 0, V_PUREC = 1, V_AVX2 = 2, V_AVX512 = 3 };

static int forced = V_AUTO;

static int cpu_has(int v)
{
#ifdef EI_X86
    if (v == V_AVX512)
        return __builtin_cpu_supports("avx512f");
    if (v == V_AVX2)
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
#if CTOME_HAVE_SLEEF
    return v == V_PUREC;
#else
    (void)v;
    return 0;
#endif
}

static int variant(void)
{
    if (forced)
        return forced;
    if (cpu_has(V_AVX512))
        return V_AVX512;
    if (cpu_has(V_AVX2))
        return V_AVX2;
    return V_PUREC;
}

int ei_vmath_force(int v)
{
    if (v != V_AUTO && !cpu_has(v))
        return -1;
    forced = v;
    return 0;
}

int ei_vmath_is_avx512(void)
{
#if CTOME_HAVE_SLEEF
    return variant() == V_AVX512;
#elif defined(__x86_64__) && defined(__GNUC__)
    return __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

const char *ei_vmath_variant(void)
{
#if !CTOME_HAVE_SLEEF
    return "libm";
#else
    static const char *name[] = {"", "purecfma", "avx2", "avx512f"};
    return name[variant()];
#endif
}

/* exp(-x) or tanh(x), one value: the portable member of the FMA family. */
static double one(int is_tanh, double x)
{
#if CTOME_HAVE_SLEEF
    return is_tanh ? Sleef_tanhd1_u35purecfma(x) : Sleef_expd1_u10purecfma(-x);
#else
    return is_tanh ? tanh(x) : exp(-x);
#endif
}

#ifdef EI_X86
/* One body for every wide variant: W lanes of vector type VT at a time,
 * the tail through the portable scalar variant (same bits).  The wide
 * variants need their ISA enabled in the caller (vector ABI). */
#define EI_VARIANT(name, isa, VT, W, load, store, sub, zero, vtanh, vexp)              \
    __attribute__((target(isa))) static void name(int is_tanh, const double *x, double *y, \
                                                  size_t n)                             \
    {                                                                                   \
        size_t k = 0;                                                                   \
        const VT z0 = zero();                                                           \
        for (; k + (W) <= n; k += (W)) {                                                \
            VT v = load(x + k);                                                         \
            v = is_tanh ? vtanh(v) : vexp(sub(z0, v));                                  \
            store(y + k, v);                                                            \
        }                                                                               \
        for (; k < n; k++)                                                              \
            y[k] = one(is_tanh, x[k]);                                                  \
    }

EI_VARIANT(run_avx2, "avx2,fma", __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, _mm256_sub_pd,
           _mm256_setzero_pd, Sleef_tanhd4_u35avx2, Sleef_expd4_u10avx2)
EI_VARIANT(run_avx512, "avx512f", __m512d, 8, _mm512_loadu_pd, _mm512_storeu_pd, _mm512_sub_pd,
           _mm512_setzero_pd, Sleef_tanhd8_u35avx512f, Sleef_expd8_u10avx512f)
#endif

/* tanh(x) or exp(-x) over n values with the dispatched variant.  0 - x is
 * -x exactly (also for x = 0: exp(-0) = exp(0)). */
static void run(int is_tanh, const double *x, double *y, size_t n)
{
#ifdef EI_X86
    int v = variant();
    if (v == V_AVX512) {
        run_avx512(is_tanh, x, y, n);
        return;
    }
    if (v == V_AVX2) {
        run_avx2(is_tanh, x, y, n);
        return;
    }
#endif
    for (size_t k = 0; k < n; k++)
        y[k] = one(is_tanh, x[k]);
}

void ei_transfer_vec(ctome_ei_transfer f, const double *x, double *y, size_t n)
{
    switch (f) {
    case CTOME_EI_TANH: run(1, x, y, n); break;
    case CTOME_EI_SIGMOID:
        run(0, x, y, n);
        for (size_t k = 0; k < n; k++)
            y[k] = 1.0 / (1.0 + y[k]);
        break;
    case CTOME_EI_RELU:
        for (size_t k = 0; k < n; k++)
            y[k] = x[k] > 0 ? x[k] : 0.0;
        break;
    default:
        if (y != x)
            memmove(y, x, n * sizeof *y);
    }
}

double ei_transfer1(ctome_ei_transfer f, double x)
{
    switch (f) {
    case CTOME_EI_TANH: return one(1, x);
    case CTOME_EI_SIGMOID: return 1.0 / (1.0 + one(0, x));
    case CTOME_EI_RELU: return x > 0 ? x : 0.0;
    default: return x;
    }
}
