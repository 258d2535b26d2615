/* benchutil.h — the benchmarks' clocks and their random graph
 * (tests/bench/bench_*.c, gen_graph.c). */
#ifndef CTOME_BENCHUTIL_H
#define CTOME_BENCHUTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "rng.h"

/* Wall-clock seconds (monotonic). */
static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds of the whole process (all threads): with the machine shared,
 * runs are compared by CPU time, which other users' load barely moves. */
static inline double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int bench_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* A uniformly random simple digraph: m distinct arcs u -> v (u != v) on n
 * vertices, as keys u << 32 | v sorted ascending, into keys[m].  Draws with
 * ctome_rng stream (seed, 0), then redraws the repeats until the set is
 * simple; the draw order is part of the benchmarks' published hashes and of
 * gen_graph's files, so it must not change.  Needs m <= n (n - 1) (sparse in
 * practice: the redraws slow down near that bound). */
static inline void bench_random_arcs(uint64_t n, size_t m, uint64_t seed, uint64_t *keys)
{
    ctome_rng r;
    ctome_rng_seed(&r, seed, 0);
    size_t have = 0;
    while (have < m) {
        for (size_t i = have; i < m; i++) {
            uint64_t u, v;
            do {
                u = ctome_rng_below(&r, n);
                v = ctome_rng_below(&r, n);
            } while (u == v);
            keys[i] = u << 32 | v;
        }
        qsort(keys, m, sizeof *keys, bench_cmp_u64);
        have = 0;
        for (size_t i = 0; i < m; i++)
            if (have == 0 || keys[have - 1] != keys[i])
                keys[have++] = keys[i];
    }
}

#endif
