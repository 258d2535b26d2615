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

/* The variant in use, its AVX-512F test and the tests' forcing of a variant:
 * vmath_variant, vmath_is_avx512 and vmath_force (lib/core/vmath.h). */

#endif
