/* report_progress.h — where `ctome report`'s time goes: a progress line with
 * an ETA for each section, the per-section timing table on stderr and in the
 * page's footer.
 *
 * The ETA scales each section's typical duration (report_progress_add's
 * `typical`: seconds of a measured run) by how fast this run has been so far: with done sections taking
 * `took` where `typical` was expected, the rest is predicted as
 * typical x (sum took / sum typical).  A guess, printed as "about".
 *
 * Parts may run side by side (cmd_report.c runs them on lanes, one thread
 * each): begin/end may be called from any thread, several parts may be
 * running at once, and the ETA divides the rest by the number of lanes.
 * With lanes, a part's CPU time is its lane thread's CPU clock (the part runs
 * on that one thread, OpenMP and OpenBLAS held at one thread); without, the
 * process's CPU clock over the part (all threads).
 *
 * Modes: on a terminal (stderr a tty) a live line redrawn twice a second by
 * a helper thread; with --progress on anything else one line as each section
 * starts; --quiet draws nothing and prints no timings (the footer keeps
 * them).  Without either, a line as each section ends (its time). */
#ifndef CTOME_REPORT_PROGRESS_H
#define CTOME_REPORT_PROGRESS_H

#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define REPORT_PROGRESS_MAX 32

typedef struct {
    int live, lines, quiet;
    int lanes;              /* parts run at once (1: one after another) */
    clockid_t cpu_clock;    /* CLOCK_PROCESS_CPUTIME_ID, or per thread with lanes */
    size_t n, n_done;       /* phases; those finished */
    char running[REPORT_PROGRESS_MAX], done[REPORT_PROGRESS_MAX];
    const char *name[REPORT_PROGRESS_MAX];
    double typical[REPORT_PROGRESS_MAX];
    double took[REPORT_PROGRESS_MAX];      /* wall seconds */
    double cpu[REPORT_PROGRESS_MAX];       /* process CPU seconds (all threads) */
    struct timespec t_start, t_phase[REPORT_PROGRESS_MAX], c_phase[REPORT_PROGRESS_MAX];
    pthread_t ticker;
    pthread_mutex_t mu;
    int ticking, stop;
} report_progress;

/* Set up: `quiet` (--quiet), `force` (--progress).  Phases are added with
 * report_progress_add before the first report_progress_begin. */
void report_progress_start(report_progress *p, int quiet, int force);
/* Parts run `lanes` at a time from now on, each on its own thread (>= 1). */
void report_progress_lanes(report_progress *p, int lanes);
/* A phase and its typical duration (s); returns its index. */
size_t report_progress_add(report_progress *p, const char *name, double typical);
void report_progress_begin(report_progress *p, size_t i);
void report_progress_end(report_progress *p, size_t i);
/* Stop the live line; unless quiet, print the timing table on stderr. */
void report_progress_finish(report_progress *p);
/* The timing table as HTML (for the footer's run parameters). */
void report_progress_html(const report_progress *p, FILE *f);
/* Total wall seconds since report_progress_start. */
double report_progress_total(const report_progress *p);

#endif
