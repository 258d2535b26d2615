/* ei_internal.h — what the E/I model sources (ei.c, ei_ablate.c,
 * ei_stability.c) share and callers do not see: the input layout and the
 * transfer functions. */
#ifndef CTOME_EI_INTERNAL_H
#define CTOME_EI_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "ei.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

typedef struct {
    size_t *idx, k;
    double start, dur, amp;
} ei_pulse;

struct ctome_ei_input {
    size_t n;
    double *constant;
    ei_pulse *pulse;
    size_t n_pulse;
    double sigma;
    uint64_t seed;
};

static inline double ei_transfer(ctome_ei_transfer f, double x)
{
    switch (f) {
    case CTOME_EI_TANH: return tanh(x);
    case CTOME_EI_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case CTOME_EI_RELU: return x > 0 ? x : 0.0;
    default: return x;
    }
}

static inline double ei_transfer_deriv(ctome_ei_transfer f, double x)
{
    switch (f) {
    case CTOME_EI_TANH: {
        double t = tanh(x);
        return 1.0 - t * t;
    }
    case CTOME_EI_SIGMOID: {
        double s = 1.0 / (1.0 + exp(-x));
        return s * (1.0 - s);
    }
    case CTOME_EI_RELU: return x > 0 ? 1.0 : 0.0;
    default: return 1.0;
    }
}

static inline int ei_is_silenced(const ctome_ei *m, size_t i)
{
    return m->silenced && m->silenced[i];
}

#pragma GCC visibility pop

#endif
