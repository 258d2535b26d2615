/* structfunc_figs.h — the figure of `ctome structfunc`. */
#ifndef CTOME_STRUCTFUNC_FIGS_H
#define CTOME_STRUCTFUNC_FIGS_H

#include "plot.h"
#include "structfunc.h"

/* Two panels over the pairs of a structure-function test:
 *   A  scatter of the functional value against the structural weight of the
 *      connected pairs (weight > 0), log x axis (synapse counts span three
 *      decades), labelled with `unit` (may be NULL);
 *   B  histograms (same 30 bins, each group as shares of its pairs) of the
 *      functional values of unconnected (weight 0) and connected pairs, over
 *      the 0.5-99.5 % quantile range of the non-zero values (and 0); pairs
 *      whose functional value is exactly 0 are not binned (they would dwarf
 *      every other bin) but given as shares of each group in the title.
 * The figure title is `title` (NULL: "<layer> vs <functional>") followed by
 * rho, its null p-value and the shared-neuron count.  Errors: no pair
 * (CTOME_EVALUE); those of ctome_plot_save.  O(pairs). */
int ctome_plot_structfunc(const ctome_structfunc *s, const char *title, const char *unit, const char *path);

#endif
