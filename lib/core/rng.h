/* rng.h — the one seeded random number generator of libctome.
 *
 * xoshiro256** (Blackman & Vigna 2021, ACM TOMS 47:36), seeded through
 * splitmix64 from (seed, stream).  Every stochastic computation takes a seed;
 * independent replicates (null models, permutations, ES population members)
 * use stream = replicate index, so results are byte-identical whatever the
 * number of threads that runs them. */
#ifndef CTOME_RNG_H
#define CTOME_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} ctome_rng;

/* Seed the generator for one (seed, stream) pair. */
void ctome_rng_seed(ctome_rng *r, uint64_t seed, uint64_t stream);
/* Next 64 random bits. */
uint64_t ctome_rng_next(ctome_rng *r);
/* Uniform double in [0, 1) with 53 random bits. */
double ctome_rng_uniform(ctome_rng *r);
/* Uniform integer in [0, n), n >= 1, without modulo bias (Lemire 2019). */
uint64_t ctome_rng_below(ctome_rng *r, uint64_t n);
/* Standard normal deviate (Marsaglia polar method). */
double ctome_rng_normal(ctome_rng *r);
/* Shuffle an int array in place (Fisher-Yates). */
void ctome_rng_shuffle_int(ctome_rng *r, int *v, uint64_t n);

#endif
