#include "rng_inline.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void ctome_rng_seed(ctome_rng *r, uint64_t seed, uint64_t stream)
{
    /* Mix the stream through splitmix64 first so neighbouring streams start
     * far apart in state space. */
    uint64_t x = seed;
    uint64_t y = stream ^ 0x5851f42d4c957f2dULL;
    uint64_t k = splitmix64(&y);
    x ^= k;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
        r->s[0] = 1;   /* the all-zero state is a fixed point */
}

uint64_t ctome_rng_next(ctome_rng *r) { return ctome_rng_next_inline(r); }

/* The library is built position-independent, where gcc does not inline an
 * exported function into its neighbours (it could be interposed): the
 * normal draws below use the inline uniform, the same arithmetic without two
 * calls per draw (the recurrent networks' noise draws millions a second). */
double ctome_rng_uniform(ctome_rng *r) { return ctome_rng_uniform_inline(r); }

uint64_t ctome_rng_below(ctome_rng *r, uint64_t n) { return ctome_rng_below_inline(r, n); }

double ctome_rng_normal(ctome_rng *r)
{
    double u, v, s;
    do {
        u = 2 * ctome_rng_uniform_inline(r) - 1;
        v = 2 * ctome_rng_uniform_inline(r) - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * sqrt(-2 * log(s) / s);
}

void ctome_rng_shuffle_int(ctome_rng *r, int *v, uint64_t n)
{
    for (uint64_t i = n; i > 1; i--) {
        uint64_t j = ctome_rng_below(r, i);
        int t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}
