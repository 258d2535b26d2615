/* reproduce_figs.h — the figure of `ctome reproduce --plot` (plot.h canvas). */
#ifndef CTOME_REPRODUCE_FIGS_H
#define CTOME_REPRODUCE_FIGS_H

#include "reproduce.h"

/* One row of panels for a paper: A (when the paper has claims with a
 * numeric paper value) ctome's value divided by the paper's, per claim,
 * green when REPRODUCED and red when DIFFERS, with the line at 1; then one
 * panel per series the paper contributes (reproduce.h).  Title: the paper
 * key and its verdict counts.  Errors: nothing to draw (CTOME_EVALUE), those
 * of ctome_plot_save (nothing written).  O(claims + series). */
int ctome_plot_reproduce(const ctome_repro_paper *p, const char *path);

#endif
