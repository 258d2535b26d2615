/* activity.h — homogenisation of whole-brain activity recordings
 * (ctome_recording, lib/data/recording.h) onto one time base and one neuron
 * order, so that recordings from different labs and microscopes can be
 * compared, ranked and correlated (docs/methods.md "Activity").
 *
 * ctome_activity_homogenise() applies, in this order:
 *   1. canonical order: neurons placed in the registry (reg >= 0) by registry
 *      index; then, kept apart, unlabelled ROIs and names the registry does
 *      not know, in their original order;
 *   2. NaN handling on the original samples: a neuron whose longest run of
 *      NaN samples is longer than max_nan_run x n_time is dropped (listed with
 *      the reason); shorter runs are filled by linear interpolation in time
 *      between the neighbouring samples, runs touching either end with the
 *      nearest value;
 *   3. resampling to the step dt on t_k = t_0 + k dt (k = 0 .. floor((t_end -
 *      t_0) / dt)).  Up-sampling or equal step (dt <= h, h = median original
 *      step): linear interpolation between the bracketing samples.
 *      Down-sampling (dt > h): linear interpolation to the fine grid
 *      t_0 + m dt/6, then each group of 6 consecutive fine samples is
 *      averaged (bin averaging, an anti-aliasing box filter); the time of
 *      an averaged sample is the mean of its 6 fine times, t_0 + k dt +
 *      5 dt / 12, and an incomplete last group is dropped.  A gap between two
 *      original samples longer than gap_factor x h is not bridged: points
 *      inside it are NaN (a down-sampled bin touching one is NaN).  Such
 *      recording-wide gaps (e.g. untracked frames of Scholz 2018) remain NaN
 *      in the output; they are not neuron NaN runs of step 2;
 *   4. minimum length: fewer than min_length resampled samples -> the
 *      recording is skipped (rep->skipped, *out = NULL, status CTOME_OK);
 *   5. optional smoothing, NaN-aware (NaN samples stay NaN and contribute
 *      nothing): centred moving average of `window` = w samples, i -
 *      floor((w-1)/2) .. i + floor(w/2) (an even window reaches one sample
 *      further forward), shrinking at the edges; Gaussian of sigma
 *      seconds, kernel truncated at 4 sigma and normalised over the samples
 *      available (edges, gaps); causal exponential y_i = alpha x_i +
 *      (1 - alpha) y_{i-1}, y restarting at x after a gap;
 *   6. per-neuron z-scoring: (x - mean) / sd over the finite samples,
 *      population sd (divide by n); a neuron with sd == 0 is dropped.
 * Every step appends {"step": ..., parameters} to the output's provenance.
 */
#ifndef CTOME_ACTIVITY_H
#define CTOME_ACTIVITY_H

#include <stddef.h>

#include "recording.h"

typedef enum {
    CTOME_SMOOTH_NONE = 0,
    CTOME_SMOOTH_MOVING,     /* centred moving average, window in samples */
    CTOME_SMOOTH_GAUSS,      /* Gaussian, sigma in seconds */
    CTOME_SMOOTH_EXP         /* causal exponential, alpha in (0, 1] */
} ctome_smooth_kind;

typedef struct {
    double dt;               /* output step, s (default 0.333) */
    double gap_factor;       /* time gap > gap_factor x median step is missing (default 3) */
    int canonical_order;     /* default 1 */
    ctome_smooth_kind smooth;/* default none */
    size_t smooth_window;    /* moving: samples >= 1 */
    double smooth_sigma;     /* Gaussian: seconds > 0 */
    double smooth_alpha;     /* exponential: 0 < alpha <= 1 */
    int zscore;              /* default 1 */
    double max_nan_run;      /* fraction of n_time (default 0.05) */
    size_t min_length;       /* samples after resampling (default 600) */
} ctome_activity_opts;

void ctome_activity_opts_default(ctome_activity_opts *o);

/* Parse a --smooth value: "none", "moving:N", "gauss:SIGMA", "exp:ALPHA".
 * Errors: CTOME_EINVAL naming the text. */
int ctome_activity_parse_smooth(const char *s, ctome_activity_opts *o);

typedef struct {
    char *label;             /* canonical name, or "#<index>" for an unlabelled ROI */
    size_t index;            /* column in the input recording */
    char reason[96];
} ctome_activity_drop;

typedef struct {
    size_t n_in, n_out;              /* neurons */
    size_t n_time_in, n_time_out;    /* samples (n_time_out 0 when skipped) */
    double dt_in;                    /* median original step, s */
    double dt_out;
    int downsampled;                 /* 1: bin averaging of 6 fine samples */
    size_t n_gaps_filled;            /* NaN runs interpolated (step 2) */
    size_t n_time_gaps;              /* time gaps left NaN (step 3) */
    size_t n_placed, n_apart;        /* registry-placed / kept-apart neurons in the output */
    int skipped;                     /* shorter than min_length */
    char skip_reason[128];
    ctome_activity_drop *dropped;
    size_t n_dropped;
} ctome_activity_report;

/* Homogenise `in` (steps above) into a new recording *out (same id, dataset,
 * worm, indicator, source; provenance = in's + one entry per step).  `o`
 * NULL: defaults.  `rep` may be NULL; when given it is filled (free with
 * ctome_activity_report_free, also after an error).
 * Errors: CTOME_EINVAL for dt <= 0 or not finite, gap_factor <= 1, a bad
 * smoothing parameter, max_nan_run outside [0, 1); invariants of `in`
 * (ctome_recording_validate: non-increasing time, all-NaN neuron ...);
 * fewer than 2 time points; CTOME_EVALUE when every neuron is dropped
 * (the message lists how many and the first reason).
 * Cost: O(N T' (1 + w)) for N neurons, T' output samples, w the smoothing
 * kernel width; memory O(N T'). */
int ctome_activity_homogenise(const ctome_recording *in, const ctome_activity_opts *o,
                              ctome_recording **out, ctome_activity_report *rep);

void ctome_activity_report_free(ctome_activity_report *rep);

/* Median of the steps t[i+1] - t[i] (n >= 2), else 0.  O(n log n). */
double ctome_activity_median_step(const double *t, size_t n);

/* The file of a bundled recording id under `datadir` (malloc'd):
 * "atanas2023-sample" (Atanas et al. 2023, the Threlfall subset) and
 * "scholz2018-gfp" (Scholz et al. 2018, GFP motion control).  Unknown id:
 * CTOME_ENOTFOUND listing the ids.  ctome_recording_dataset_ids gives the
 * list (NULL-terminated, static). */
int ctome_recording_dataset_path(const char *datadir, const char *id, char **path);
const char *const *ctome_recording_dataset_ids(void);

/* Every recording a source names, appended to `out` — the one resolver every
 * command uses: a bundled recording id (its recordings are named <id>, or
 * <id>_<worm> when it holds several worms), or a file of any recording
 * format, a ctome store's /recordings included (ctome_read_recordings).
 * A source that gives no recording is CTOME_EVALUE naming it.
 * Cost: the reader's. */
int ctome_recordings_load(const char *datadir, const char *source, const ctome_registry *reg,
                          ctome_recordings *out);

/* The file a recording source reads (malloc'd): FILE of "FILE:ID" when
 * FILE exists and the whole source does not, else the source itself. */
char *ctome_recording_source_file(const char *source);

/* The one recording of `list` for an analysis of one recording: the only
 * one; several is CTOME_EINVAL naming `source` and the ids it holds (the
 * user picks one, e.g. with `ctome activity --id`), never a silent first. */
int ctome_recordings_single(const ctome_recordings *list, const char *source, const ctome_recording **out);

#endif
