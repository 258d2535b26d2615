/* report_lanes.h — `ctome report`'s parts run side by side.
 *
 * Most parts of the report are serial for long stretches (figures, the
 * swimmer, the learning sections), so run one after another they leave a
 * core idle.  Here the parts run on `lanes` threads at once, each part on one
 * thread (OpenMP and OpenBLAS held at one thread inside it, so the machine's
 * cores are the lanes, with no oversubscription), longest first by their
 * typical CPU seconds (the classic longest-processing-time rule).  Each part
 * writes its HTML into its own memory buffer; the caller writes the buffers
 * in page order, so the page does not depend on which part finished first,
 * nor on the number of lanes (every part gives the same bytes on any number
 * of threads, and files are each part's own).
 *
 * Safety: a part may only touch its own files and buffers and the shared
 * inputs read-only; the library's one global-state dependency, igraph
 * (Leiden), holds its own lock (lib/analysis/modularity.c). */
#ifndef CTOME_REPORT_LANES_H
#define CTOME_REPORT_LANES_H

#include <stddef.h>
#include <stdio.h>

#include "report_progress.h"

/* a job with no progress phase (a heading: nothing to time) */
#define REPORT_NO_PHASE ((size_t)-1)

typedef struct {
    /* set by the caller */
    int (*run)(void *ctx, size_t job, FILE *f);   /* CTOME_OK or an error (recorded) */
    size_t phase;       /* its report_progress phase, or REPORT_NO_PHASE */
    double typical;     /* CPU seconds, for the order */
    /* set by report_lanes_run */
    char *html;         /* what it wrote (malloc'd; NULL if it did not run) */
    size_t len;
    int rc;
    char msg[1024];     /* its error message when rc != 0 */
} report_job;

/* How many lanes: the OpenMP thread count (OMP_NUM_THREADS or the cores),
 * at most n_jobs, at least 1. */
int report_lanes_count(size_t n_jobs);

/* Run jobs[0..n) on `lanes` threads (1: one after another on this thread,
 * with the process's thread settings untouched).  After a failure no new
 * part starts.  Returns CTOME_OK, or the error of the first failed job in
 * the array's order (its message re-raised on this thread); the buffers of
 * the jobs that ran are kept either way (report_lanes_free). */
int report_lanes_run(report_job *jobs, size_t n, int lanes, report_progress *prog, void *ctx);

void report_lanes_free(report_job *jobs, size_t n);

#endif
