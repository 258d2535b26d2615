/* ei_sweep.h — parameter sweeps of the E/I rate model against a functional
 * atlas: at every point of a grid over one or two parameters, build the
 * model, compute its perturbation atlas (ei_atlas.h) for the stimulated
 * neurons of the functional atlas and report the Spearman rho and sign
 * agreement (docs/methods.md "Model parameter sweeps").
 *
 * Grid axes: "NAME=LO:HI:N" — N >= 1 values from LO to HI, evenly spaced
 * (linear) or evenly spaced in log (log = 1; needs LO, HI > 0).  NAME is
 * chem-scale, gap-scale (>= 0), tau (> 0), amp (> 0) or duration (> 0; the
 * atlas window grows to cover it).  Points run in parallel (OpenMP over the
 * grid; each atlas serial); no randomness, so results do not depend on the
 * thread count.  A point whose model blows up is reported (status
 * CTOME_SWEEP_BLOWUP, rho NaN), never an error; a point whose baseline does
 * not settle to a fixed point keeps its rho with status CTOME_SWEEP_UNSETTLED.
 */
#ifndef CTOME_EI_SWEEP_H
#define CTOME_EI_SWEEP_H

#include <stddef.h>

#include "ei.h"
#include "ei_atlas.h"
#include "recordings_io.h"

typedef enum {
    CTOME_SWEEP_CHEM_SCALE = 0,
    CTOME_SWEEP_GAP_SCALE,
    CTOME_SWEEP_TAU,
    CTOME_SWEEP_AMP,
    CTOME_SWEEP_DURATION
} ctome_sweep_param;

/* "chem-scale", "gap-scale", "tau", "amp", "duration". */
const char *ctome_sweep_param_name(ctome_sweep_param p);

typedef struct {
    ctome_sweep_param param;
    double lo, hi;
    size_t n;
    int log;
} ctome_sweep_axis;

/* Parse "NAME=LO:HI:N".  Errors (CTOME_EVALUE, naming the spec): unknown
 * name (listing the names), non-numeric or non-finite bounds, N not a whole
 * number in 1..1000, LO > HI, a value out of the parameter's range, log with
 * LO <= 0. */
int ctome_sweep_axis_parse(const char *spec, int log, ctome_sweep_axis *ax);

/* Value k (0..n-1) of an axis. */
double ctome_sweep_axis_value(const ctome_sweep_axis *ax, size_t k);

/* Build the model for options o (called concurrently from several threads:
 * must only read shared state).  Returns a ctome status. */
typedef int (*ctome_ei_builder)(const ctome_ei_opts *o, void *user, ctome_ei **out);

enum { CTOME_SWEEP_OK = 0, CTOME_SWEEP_UNSETTLED = 1, CTOME_SWEEP_BLOWUP = 2 };

typedef struct {
    ctome_sweep_axis ax[2];
    size_t n1, n2;          /* n2 = 1 without a second axis */
    double *v1, *v2;        /* axis values */
    /* per point, row-major [k1 * n2 + k2] */
    double *rho;
    double *sign_agree;
    size_t *n_pairs;
    int *status;
} ctome_ei_sweep;

/* The sweep.  base: model options at every point before the axis values are
 * set; ao: atlas options (amp, duration set by their axes); stim: NULL, or
 * the model indices of the stimulated neurons to keep (pairs of others are
 * left out; every point's model must have the same neurons, as builds from
 * one connectome do); ax2 may be NULL.
 * threads: 0 = OpenMP default; progress counts points.  Errors: a build that
 * fails (the first failing point, lowest index, with its message), the pair
 * errors of ctome_ei_atlas_pairs_find, bad atlas options. */
int ctome_ei_sweep_run(ctome_ei_builder build, void *user, const ctome_ei_opts *base,
                       const ctome_ei_atlas_opts *ao, const ctome_fmatrix *f, const size_t *stim,
                       size_t n_stim, const ctome_sweep_axis *ax1, const ctome_sweep_axis *ax2, int threads,
                       void (*progress)(size_t done, size_t total, void *user), void *progress_user,
                       ctome_ei_sweep *out);
void ctome_ei_sweep_clear(ctome_ei_sweep *s);

#endif
