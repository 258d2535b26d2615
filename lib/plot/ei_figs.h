/* ei_figs.h — figures of E/I rate-model simulations (lib/models/ei.h):
 * a heatmap of every model neuron (registry order) over time above the
 * stacked traces of chosen neurons, drawn with lib/plot/trace_figs.h. */
#ifndef CTOME_EI_FIGS_H
#define CTOME_EI_FIGS_H

#include <stddef.h>

#include "ei.h"
#include "recording.h"

/* The trace as a recording (rows in registry order: neurons without a
 * registry index last, in model order), labelled with canonical names and
 * time k * sample_dt.  For the trace figures.  Errors: no memory. */
int ctome_ei_trace_recording(const ctome_ei *m, const ctome_ei_trace *t, const char *id,
                             ctome_recording **out);

/* One figure: (A) heatmap of x_i(t), diverging colours symmetric about 0,
 * (B) stacked traces of `names` (n of them; n == 0: the default choice of
 * ctome_plot_trace_lines).  Title "<title>"; time axis in model time units.
 * Format from the extension of `path`, written atomically.  Errors: a
 * name not in the model (CTOME_ENOTFOUND), plot errors. */
int ctome_plot_ei_traces(const ctome_ei *m, const ctome_ei_trace *t, const char *title,
                         const char *const *names, size_t n, const char *path);

#endif
