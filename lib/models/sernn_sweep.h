/* sernn_sweep.h — a sweep of seRNN and L1 networks over gamma and seeds:
 * one row of measures per trained network, the table as TSV, and the
 * comparison at matched accuracy (Achterberg, Akarca et al. 2023 compare
 * seRNN and L1 networks above 90% validation accuracy).
 */
#ifndef CTOME_SERNN_SWEEP_H
#define CTOME_SERNN_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sernn.h"
#include "sernn_analyse.h"
#include "sernn_run.h"

/* "Matched accuracy" (Achterberg, Akarca et al. 2023): networks compare only
 * when their validation accuracy on the 8 maze problems is at least this
 * (their 90%).  A network below it has not learned the task: ~7% of seeds
 * stay at 0.625 — the 5 of 8 problems the offered options alone decide —
 * however long they train (30 epochs tried), so the comparison always states
 * how many of the trained networks reached it. */
#define CTOME_SERNN_ACC_MATCHED 0.9

typedef struct {
    ctome_sernn_reg_kind reg;
    double gamma;
    uint64_t seed;
    size_t steps;
    double acc, acc_train, loss, regval;
    ctome_sernn_metrics m;
    double seconds;         /* wall time of training + analysis */
    int status;             /* CTOME_OK, or the error of this network (row kept, measures NaN) */
} ctome_sernn_row;

/* Train, evaluate and analyse one network (positions pos, distances d of n
 * units) into row.  Thread-safe except for the structural part, which this
 * function runs inside an OpenMP critical section (igraph).  A failure of the
 * network (e.g. NaN during training) is recorded in row->status and
 * returned. */
int ctome_sernn_run_one(const ctome_sernn_train_opts *o, size_t n, const double *d,
                        const ctome_sernn_analyse_opts *ao, ctome_sernn_row *row);

/* Which of a sweep's networks this call runs, and its progress: network i
 * runs when i mod size == rank (MPI ranks each take their share; the rows of
 * the others are left untouched for the caller to gather).  progress (may be
 * NULL) is called after each network with (networks done here, networks this
 * call runs), one call at a time. */
typedef struct {
    int rank, size;
    void (*progress)(size_t done, size_t total, void *user);
    void *user;
} ctome_sernn_split;

/* Train, evaluate and analyse total networks, the settings of network i in
 * opts[i] (its threads field is ignored), into rows[i]: networks in parallel
 * on `threads` OpenMP threads (<= 0: all cores), one thread and one OpenBLAS
 * thread each (the networks are the parallelism, rnn.h; the caller's
 * OpenBLAS thread count is restored).  Each row is the one
 * ctome_sernn_run_one gives for opts[i] alone with threads = 1, which rnn.h
 * states is the result for any thread count.  split: the share of this
 * process and its progress (NULL: every network, no progress).  Failures are
 * in rows[i].status.  Cost: the sum of the networks over min(threads,
 * total).  The one seRNN run loop: `ctome sernn sweep`, the report's seRNN
 * section and `ctome reproduce achterberg2023` all call it. */
void ctome_sernn_run_many(const ctome_sernn_train_opts *opts, size_t total, size_t n, const double *d,
                          const ctome_sernn_analyse_opts *ao, int threads, const ctome_sernn_split *split,
                          ctome_sernn_row *rows);

/* TSV: a header line then one line per row (columns named in the header;
 * NaN as "nan").  Errors: a write error (CTOME_EIO). */
int ctome_sernn_table_write(FILE *f, const ctome_sernn_row *rows, size_t n);
/* Read a table written by ctome_sernn_table_write.  *rows malloc'd.
 * Errors: a missing column, a bad number (CTOME_EFORMAT naming path:line
 * and the column). */
int ctome_sernn_table_read(const char *path, ctome_sernn_row **rows, size_t *n);

/* Mean and sample sd of one measure over the rows of a group (reg, and
 * gamma when gamma >= 0; all gammas when gamma < 0) with acc >= acc_min
 * and a finite value.  field: a column name (q_weighted, q_binary, sigma,
 * wl_corr, mean_length, strength, frac_strong, energy, mixed, func_clust,
 * acc).  *count: rows used.  CTOME_EINVAL for an unknown field. */
int ctome_sernn_table_stat(const ctome_sernn_row *rows, size_t n, ctome_sernn_reg_kind reg,
                           double gamma, double acc_min, const char *field, double *mean,
                           double *sd, size_t *count);

/* The value of a named measure of a row (NAN for an unknown name). */
double ctome_sernn_row_value(const ctome_sernn_row *r, const char *field);

/* Distinct gammas of `reg` in the rows, ascending; *g malloc'd. */
int ctome_sernn_table_gammas(const ctome_sernn_row *rows, size_t n, ctome_sernn_reg_kind reg,
                             double **g, size_t *ng);

#endif
