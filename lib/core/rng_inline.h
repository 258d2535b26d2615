/* rng_inline.h — ctome_rng_next, _below and _uniform inline (internal, not
 * installed: a public header must compile under -std=c11 -pedantic, and
 * unsigned __int128 is a GNU extension). */
#ifndef CTOME_RNG_INLINE_H
#define CTOME_RNG_INLINE_H
#include "rng.h"

/* For loops that draw hundreds of millions of numbers (the null-model swap
 * loop): the same numbers without a call per draw.  rng.c's exported
 * functions are these. */
static inline uint64_t ctome_rng_next_inline(ctome_rng *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}
static inline uint64_t ctome_rng_below_inline(ctome_rng *r, uint64_t n)
{
    /* Lemire's nearly divisionless method. */
    unsigned __int128 m = (unsigned __int128)ctome_rng_next_inline(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t thresh = -n % n;
        while (lo < thresh) {
            m = (unsigned __int128)ctome_rng_next_inline(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}
/* 53 random bits in [0, 1). */
static inline double ctome_rng_uniform_inline(ctome_rng *r)
{
    return (double)(ctome_rng_next_inline(r) >> 11) * 0x1.0p-53;
}
#endif
