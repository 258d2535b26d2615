/* bench_tanhf_rounding — how often the C library's tanhf differs from the
 * correctly rounded tanh (the double tanh rounded to float) over the floats
 * in [0, 10) (tanhf is odd and 1 beyond): whether a vectorised tanh could
 * replace it in the float RNNs without changing their bytes
 * (docs/performance.md, "The report's learning and published-results
 * parts").  Prints the floats tried, the mismatches and the first one.
 *   build-rel/tests/bench/bench_tanhf_rounding        (~10 s CPU) */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    uint64_t bad = 0, tot = 0;
    float first = 0;
    const uint32_t ten = 0x41200000u;   /* the bits of 10.0f */
    for (uint32_t b = 0; b < ten; b++) {
        float x;
        memcpy(&x, &b, sizeof x);
        float g = tanhf(x), r = (float)tanh((double)x);
        tot++;
        if (g != r) {
            if (!bad)
                first = x;
            bad++;
        }
    }
    printf("floats in [0, 10): %llu, tanhf != (float)tanh: %llu (%.2f%%), first at %a\n", (unsigned long long)tot,
           (unsigned long long)bad, 100.0 * (double)bad / (double)tot, (double)first);
    return 0;
}
