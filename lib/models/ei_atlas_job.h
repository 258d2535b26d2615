/* ei_atlas_job.h — one model's perturbation atlas cut into blocks of
 * stimulations that any thread can run (internal to lib/models: ei_atlas.c
 * defines it, ei_atlas.c and ei_atlas_cmp.c schedule it).
 *
 * A job is the set-up of ctome_ei_atlas_serial (settled baseline state, the
 * unstimulated trajectory, the merged right-hand side) plus the list of its
 * units: blocks of 16, 8 or 1 stimulations (ei_atlas.c "stimulations
 * together").  Each unit writes its own rows of the caller's response
 * matrix, and a column's arithmetic does not depend on the unit it falls in
 * or the thread that runs it, so units may run in any order on any thread
 * and the responses are the same bytes.  Callers that run several models
 * (the nulls of ctome_ei_atlas_compare) pool the units of all their jobs, so
 * both cores stay busy to the last block. */
#ifndef CTOME_EI_ATLAS_JOB_H
#define CTOME_EI_ATLAS_JOB_H

#include <stddef.h>

#include "ei_atlas.h"

#pragma GCC visibility push(hidden)

typedef struct ei_atlas_job ei_atlas_job;

/* One thread's block buffers (10 x 16 n doubles, 64-byte aligned). */
typedef struct atlas_buf atlas_buf;

/* Unit: stimulations [start, start + k) of the job's list, as a block of
 * width w (16, 8 or 1; w - k padding columns). */
typedef struct {
    size_t start, k, w;
} ei_atlas_unit;

/* Number of units of an atlas of n_stim stimulations (at most
 * n_stim / 16 + 3). */
size_t ei_atlas_unit_count(size_t n_stim);

/* Set up the atlas of m for stim[0..n_stim) (stim NULL: 0..n_stim-1) with
 * options o (not NULL), responses to r (n_stim x n, the caller's; written
 * by ei_atlas_job_run).  Errors: those of ctome_ei_atlas_serial's set-up
 * (bad options or stimulus, baseline blow-up: CTOME_EVALUE), out of memory.
 * Cost: the settling run and the unstimulated trajectory (one state). */
int ei_atlas_job_new(const ctome_ei *m, const size_t *stim, size_t n_stim,
                     const ctome_ei_atlas_opts *o, double *r, ei_atlas_job **out);
void ei_atlas_job_free(ei_atlas_job *j);

/* Number of units; *unit (if not NULL) their list, in stimulation order. */
size_t ei_atlas_job_units(const ei_atlas_job *j, const ei_atlas_unit **unit);

/* The baseline's settled flag and rate and the RK4 substeps (any NULL). */
void ei_atlas_job_info(const ei_atlas_job *j, int *settled, double *rate, size_t *substeps);

/* The stimulated neurons (n_stim). */
const size_t *ei_atlas_job_stim(const ei_atlas_job *j);

/* Run unit u with buffers b (from ei_atlas_buf_new with the model's n).
 * Thread-safe for different units and buffers.  On blow-up CTOME_EVALUE
 * with the message of the lowest-index column of the unit that blew up,
 * *failed (if not NULL) its index in the job's list. */
int ei_atlas_job_run(const ei_atlas_job *j, size_t u, const atlas_buf *b, size_t *failed);

atlas_buf *ei_atlas_buf_new(size_t n);
void ei_atlas_buf_free(atlas_buf *b);

#pragma GCC visibility pop

#endif
