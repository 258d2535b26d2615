/* ei_atlas_figs.h — figures of the model perturbation atlas and of model
 * parameter sweeps (lib/models/ei_atlas.h, ei_sweep.h). */
#ifndef CTOME_EI_ATLAS_FIGS_H
#define CTOME_EI_ATLAS_FIGS_H

#include "ei_atlas.h"
#include "ei_sweep.h"
#include "plot.h"

/* Four panels over a comparison c of model m's atlas a with a functional
 * atlas (a must contain every pair's stimulated neuron):
 *   A  the model atlas, rows = the pairs' stimulated neurons, columns = the
 *      pairs' responding neurons (model order), diverging colours symmetric
 *      about 0 at the 99th percentile of |response|; the diagonal blank;
 *   B  the functional atlas in the same order (grey: not measured);
 *   C  scatter of measured vs model response over the pairs (axes at 1.2 x
 *      the 99th percentile of |value|: the Randi amplitudes are heavy-tailed);
 *   D  histogram of the null rho with the observed rho (vertical line), or
 *      the sign agreement as text when there are no nulls.
 * Title: `title` then rho, p and the pair count.  Errors: those of
 * ctome_plot_save; a missing stimulation (CTOME_EINVAL).  O(pairs + k^2). */
int ctome_plot_ei_atlas(const ctome_ei *m, const ctome_ei_atlas *a, const ctome_ei_atlas_cmp *c,
                        const char *title, const char *path);

/* The sweep: a heatmap of rho over the grid (rows = axis 1 values, columns =
 * axis 2; grey = model blew up) with each value printed in its cell (2
 * significant digits), sequential colours (viridis, the data range) when
 * all rho have one sign, diverging about 0 only when they straddle it; or rho against the axis-1 values when there
 * is one axis (blown-up points left out).  Errors: those of ctome_plot_save. */
int ctome_plot_ei_sweep(const ctome_ei_sweep *s, const char *title, const char *path);

#endif
