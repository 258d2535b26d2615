/* ei_vmath.h — the E/I model's transfer functions over whole vectors
 * (internal to lib/models; docs/methods.md "Transfer functions").
 *
 * tanh and the logistic sigmoid in float64 through the shared vector-math
 * unit lib/core/vmath.h (SLEEF 3.5, FMA family only, so every x86-64 CPU
 * computes the same bytes): tanh SLEEF's 3.5-ulp (u35) function (tanh of 302
 * values 0.34-0.46 µs against 0.78 µs for u10 in tests/bench/bench_ei.c, and
 * far inside RK4's own error; issue 16), the sigmoid
 * sigmoid(x) = 1 / (1 + exp(-x)) with SLEEF's 1-ulp (u10) exp (SLEEF has no
 * u35 exp; add and divide are correctly rounded everywhere).  Without SLEEF
 * at build time libm's tanh and exp are used (CTOME_HAVE_SLEEF
 * unset; results then differ in the last bits).  ReLU and linear are exact. */
#ifndef CTOME_EI_VMATH_H
#define CTOME_EI_VMATH_H

#include <stddef.h>

#include "ei.h"

/* y[k] = f(x[k]) for k < n (x == y allowed).  No allocation; thread-safe. */
void ei_transfer_vec(ctome_ei_transfer f, const double *x, double *y, size_t n);

/* f(x) for one value: the same bits as ei_transfer_vec. */
double ei_transfer1(ctome_ei_transfer f, double x);

/* SLEEF variant in use: "avx512f", "avx2", "purecfma", or "libm" (no SLEEF). */
const char *ei_vmath_variant(void);

/* 1 if the variant in use is avx512f (forced or dispatched): callers may
 * then run their own AVX-512F code (ei_rhs.c's SELL-8 pass). */
int ei_vmath_is_avx512(void);

/* Tests: force a variant (0 automatic, 1 purecfma, 2 avx2, 3 avx512f; the
 * setting is vmath_force's, shared with every user of lib/core/vmath.h).
 * Returns 0, or -1 if the CPU or the build lacks it (nothing changed).
 * Not thread-safe: call before starting threads. */
int ei_vmath_force(int variant);

#endif
