/* vmath.h — tanh and exp over whole vectors with one SIMD variant chosen so
 * that every x86-64 CPU computes the same bytes (internal to lib, not
 * installed; docs/methods.md "Transfer functions").
 *
 * The functions come from SLEEF 3.5 (Shibata & Petrogalli 2020, IEEE TPDS
 * 31:1316).  SLEEF's variants that use fused multiply-add (purecfma, avx2,
 * avx512f) give the same bits as each other, and those without FMA (purec,
 * sse2, avx, avx512fnofma) the same bits as each other, but the two families
 * differ (double tanh: about 2 values per million).  ctome uses the FMA family
 * only: AVX-512F when the CPU has it, else AVX2+FMA, else the portable
 * purecfma (fma() from libm), so every machine computes the same bytes.  For
 * the float tanh this was checked over all 2^32 floats (0 differ among the
 * three variants: tests/bench/bench_vmath all; tests/test_vmath.c replays a
 * sample).  The tail of a vector
 * shorter than the SIMD width goes through the scalar purecfma variant, which
 * gives the same bits, so results do not depend on where a vector is cut
 * (chunking, thread count).
 *
 * Accuracy: float tanh u10 (≤ 1.0 ulp), double tanh u35 (≤ 3.5 ulp: the E/I
 * model, where RK4's own error is far larger), double exp u10.
 * Without SLEEF at build time (CTOME_HAVE_SLEEF unset) libm's tanh, tanhf and
 * exp are used: results then differ in the last bits from a SLEEF build.
 *
 * Users: lib/models/ei_vmath.c (the E/I rate model) and lib/models/rnn_pass.c
 * (the float RNN's tanh activation). */
#ifndef CTOME_VMATH_H
#define CTOME_VMATH_H

#include <stddef.h>

#pragma GCC visibility push(hidden)

enum { VMATH_AUTO = 0, VMATH_PURECFMA = 1, VMATH_AVX2 = 2, VMATH_AVX512F = 3 };

/* y[k] = tanh(x[k]) (float, SLEEF u10) for k < n; x == y allowed.  No
 * allocation; thread-safe.  Cost ~1.2 ns per value with AVX-512F (glibc's
 * scalar tanhf ~10 ns). */
void vmath_tanhf(const float *x, float *y, size_t n);

/* tanh(x), one float: the same bits as vmath_tanhf. */
float vmath_tanhf1(float x);

/* y[k] = tanh(x[k]) (double, SLEEF u35); x == y allowed. */
void vmath_tanh(const double *x, double *y, size_t n);

/* y[k] = exp(-x[k]) (double, SLEEF u10); x == y allowed.  0 - x is -x
 * exactly (also for x = 0: exp(-0) = exp(0)). */
void vmath_expneg(const double *x, double *y, size_t n);

/* One value each: the same bits as the vector forms. */
double vmath_tanh1(double x);
double vmath_expneg1(double x);

/* The variant in use: "avx512f", "avx2", "purecfma", or "libm" (no SLEEF). */
const char *vmath_variant(void);

/* 1 if the variant in use is avx512f (forced or dispatched): callers may then
 * run their own AVX-512F code.  Without SLEEF: 1 if the CPU has AVX-512F. */
int vmath_is_avx512(void);

/* Tests: force a variant (VMATH_AUTO .. VMATH_AVX512F).  Returns 0, or -1 if
 * the CPU or the build lacks it (nothing changed).  Not thread-safe: call
 * before starting threads. */
int vmath_force(int variant);

#pragma GCC visibility pop

#endif
