#include "rng.h"

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

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t ctome_rng_next(ctome_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double ctome_rng_uniform(ctome_rng *r)
{
    return (double)(ctome_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t ctome_rng_below(ctome_rng *r, uint64_t n)
{
    /* Lemire's nearly divisionless method. */
    unsigned __int128 m = (unsigned __int128)ctome_rng_next(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t thresh = -n % n;
        while (lo < thresh) {
            m = (unsigned __int128)ctome_rng_next(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double ctome_rng_normal(ctome_rng *r)
{
    double u, v, s;
    do {
        u = 2 * ctome_rng_uniform(r) - 1;
        v = 2 * ctome_rng_uniform(r) - 1;
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
