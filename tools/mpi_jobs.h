/* mpi_jobs.h — optional MPI for the ctome program (never in libctome).
 *
 * Built with MPI when meson finds one (-Dmpi=auto; Open MPI 4.1 here);
 * otherwise every function is a single-process no-op (rank 0 of 1), so
 * commands call them unconditionally.
 *
 * Ensembles (stats and structfunc nulls, `ctome nulls`, perturb, sweep, rsa,
 * richlazy): ctome_mpi_dist() hands the library a ctome_dist (dist.h), which
 * splits replicates [0, n) into contiguous blocks and gathers the blocks to
 * every rank byte for byte.
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

#include "dist.h"
#include "es.h"

/* 1 when this ctome was built with MPI. */
int ctome_mpi_available(void);

/* Initialise MPI (once; later calls are no-ops).  Without MPI built in:
 * CTOME_EINVAL "this ctome was built without MPI" so that --mpi is never
 * silently ignored.  MPI failure: CTOME_ELIB. */
int ctome_mpi_init(void);

/* Finalise MPI if ctome_mpi_init started it (idempotent; no-op otherwise). */
void ctome_mpi_finalize(void);

/* The end of a command under MPI, from main() with its exit code.  Success,
 * or a failure every rank agreed on (ctome_mpi_agree, or an ensemble's
 * exchange): MPI_Finalize.  A failure this rank may have alone (the others
 * could be waiting for it in a collective): the message goes to this rank's
 * real stderr and MPI is NOT finalised, so that mpirun, seeing a process
 * exit non-zero, terminates the job instead of leaving it hanging (Open MPI
 * does this by default; MPI_Abort is not needed).  No-op without MPI. */
void ctome_mpi_exit(int rc);

/* Whether this process prints and writes: rank 0, or no MPI.  ctome_mpi_init
 * points the standard output and error of every other rank at /dev/null
 * (the results are gathered to every rank and rank 0 reports them once);
 * commands still skip writing output files on those ranks. */
int ctome_mpi_root(void);

/* Agree on a status across ranks (collective): every rank gets the error of
 * the lowest failing rank, message included, or rc unchanged on one rank.
 * Used where one rank alone may fail (output checks made on rank 0). */
int ctome_mpi_agree(int rc);

/* The ensemble split for the library (dist.h): contiguous blocks of
 * replicates per rank, gathered with MPI_Allgatherv.  NULL on one rank. */
const ctome_dist *ctome_mpi_dist(void);

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
