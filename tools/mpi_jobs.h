/* mpi_jobs.h — optional MPI for the ctome program (never in libctome).
 *
 * Built with -DCTOME_HAVE_MPI when meson finds an MPI (Open MPI 4.1 here);
 * otherwise every function is a single-process no-op (rank 0 of 1), so
 * commands call them unconditionally.
 *
 * Use: a command given --mpi calls ctome_mpi_init() before its work (under
 * `mpirun -np K ctome ... --mpi`), hands ctome_mpi_es_dist() to the trainer
 * (es.h: rank r evaluates its block of each generation's population and the
 * per-member results are summed across ranks, exact because every other
 * rank contributes zeros), prints and writes outputs on rank 0 only, and
 * main() calls ctome_mpi_finalize() on the way out.  Within a rank, OpenMP
 * threads split the block; no MPI call is made from inside a parallel
 * region (MPI_THREAD_FUNNELED).  Results equal the single-process run bit
 * for bit (the population's random draws depend on (seed, generation,
 * member) only).
 */
#ifndef CTOME_MPI_JOBS_H
#define CTOME_MPI_JOBS_H

#include <stddef.h>

#include "es.h"

/* 1 when this ctome was built with MPI. */
int ctome_mpi_available(void);

/* Initialise MPI (once; later calls are no-ops).  Without MPI built in:
 * CTOME_EINVAL "this ctome was built without MPI" so that --mpi is never
 * silently ignored.  MPI failure: CTOME_ELIB. */
int ctome_mpi_init(void);

/* Finalise MPI if ctome_mpi_init started it (idempotent; no-op otherwise). */
void ctome_mpi_finalize(void);

/* This process's rank and the number of ranks (0 and 1 without MPI or
 * before ctome_mpi_init). */
int ctome_mpi_rank(void);
int ctome_mpi_size(void);

/* Sum n doubles over all ranks in place (MPI_Allreduce, MPI_SUM); a no-op on
 * one rank.  0, or -1 on MPI failure. */
int ctome_mpi_allreduce_sum(double *buf, size_t n);

/* The population split for es.h / swim_train.h: NULL on one rank (the
 * trainer then evaluates everything itself). */
const ctome_es_dist *ctome_mpi_es_dist(void);

#endif
