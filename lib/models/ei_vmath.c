/* ei_vmath.c — vector transfer functions of the E/I model on the shared
 * vector-math unit (lib/core/vmath.h: the SLEEF variants and why results are
 * the same bytes on every machine). */
#include "ei_vmath.h"

#include <string.h>

#include "vmath.h"

void ei_transfer_vec(ctome_ei_transfer f, const double *x, double *y, size_t n)
{
    switch (f) {
    case CTOME_EI_TANH: vmath_tanh(x, y, n); break;
    case CTOME_EI_SIGMOID:
        vmath_expneg(x, y, n);
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
    case CTOME_EI_TANH: return vmath_tanh1(x);
    case CTOME_EI_SIGMOID: return 1.0 / (1.0 + vmath_expneg1(x));
    case CTOME_EI_RELU: return x > 0 ? x : 0.0;
    default: return x;
    }
}
