/* benchutil.h — the benchmarks' clocks (tests/bench/bench_*.c). */
#ifndef CTOME_BENCHUTIL_H
#define CTOME_BENCHUTIL_H

#include <time.h>

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

#endif
