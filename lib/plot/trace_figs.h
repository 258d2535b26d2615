/* trace_figs.h — figures of activity recordings (ctome_recording): a heatmap
 * of every neuron over time and stacked traces of chosen neurons, drawn with
 * the one canvas of lib/plot/plot.h.
 */
#ifndef CTOME_TRACE_FIGS_H
#define CTOME_TRACE_FIGS_H

#include <stddef.h>

#include "plot.h"
#include "recording.h"

/* Heatmap of all neurons (rows, in the recording's order, row 0 at the top)
 * x time (columns; the x axis is labelled in seconds from t_0, assuming the
 * even step of a homogenised recording: column j is drawn at time[j]).
 * Colour range: diverging, symmetric about 0 at the 99th percentile of |x|;
 * viridis, the 1st to 99th percentile (robust to a few extreme samples);
 * NaN (time gaps) light grey.  Neuron names as row labels when there are at
 * most 50 neurons ("#i" for an unlabelled ROI).
 * Errors: empty recording (CTOME_EVALUE), plot errors.  O(N T log(N T)). */
int ctome_plot_trace_heatmap(ctome_axes *ax, const ctome_recording *r, ctome_cmap cmap);

/* Traces of the neurons `names` (n of them; n == 0: the first of AVAL,
 * AVAR, AVBL, AVBR, RIML, RIMR, AIBL, AIBR present, else the first 6
 * neurons), one line each, stacked top to bottom with a common offset =
 * the largest 2nd-98th percentile range among them; y ticks name the
 * neurons.  Errors: a name not in the recording (CTOME_ENOTFOUND naming it
 * and the recording).  O(n T log T). */
int ctome_plot_trace_lines(ctome_axes *ax, const ctome_recording *r, const char *const *names, size_t n);

/* One figure: the heatmap above the stacked traces, title "<id>: <N>
 * neurons, dt = <step> s; <indicator>"; format from the extension of `path`, written
 * atomically.  Errors as above and as ctome_plot_save. */
int ctome_plot_traces(const ctome_recording *r, const char *const *names, size_t n, ctome_cmap cmap,
                      const char *path);

#endif
