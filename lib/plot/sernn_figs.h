/* sernn_figs.h — figures of the seRNN study (plot.h canvas). */
#ifndef CTOME_SERNN_FIGS_H
#define CTOME_SERNN_FIGS_H

#include <stddef.h>

#include "sernn_sweep.h"

/* One network, two panels.  A: the units at their 3-D positions projected
 * obliquely onto the page (x' = x + 0.35 z, y' = y + 0.25 z, so the layers
 * of a 5x5x4 grid sit side by side in depth), marker size by the unit's
 * total |W| strength s (in- plus out-going) in four classes, class c for s in
 * [c/4, (c+1)/4) of the largest s (the largest in class 3), 3 + 2.5 c pt,
 * with a size legend giving each drawn class's strength range ("Σ|W| 0–0.5",
 * "0.5–1" ...), and the strongest `top` fraction of the connections
 * (|W_ij|, i != j) drawn as lines, darker and wider for stronger ones.  B:
 * |W_ij| against the distance D_ij (all i != j), the weight-length relation.
 * W: n x n rows = targets (rnn.h); pos: n x 3.  Errors: n < 2, top outside
 * (0, 1] (CTOME_EINVAL); those of ctome_plot_save. */
int ctome_plot_sernn_network(const float *W, size_t n, const double *pos, double top,
                             const char *title, const char *path);

/* Metric-versus-gamma curves of a sweep: one panel per measure in
 * `fields` (k of them, at most 6; NULL: acc, q_weighted, sigma, wl_corr,
 * energy, mixed), seRNN and L1 as two series on a log10 gamma axis (each
 * against its own gamma), mean over the seeds with a mean +- sd band.
 * Networks below acc_min are left out of every panel except accuracy.
 * Errors: no row (CTOME_EVALUE); those of ctome_plot_save. */
int ctome_plot_sernn_curves(const ctome_sernn_row *rows, size_t n, const char *const *fields, size_t k,
                            double acc_min, const char *title, const char *path);

/* The comparison at matched accuracy: for q_weighted and sigma, one panel
 * each with the seRNN and the L1 networks with acc >= acc_min (all gammas)
 * as points over a box (ctome_axes_boxplot), the group sizes in the tick
 * labels, and the two-sided Mann-Whitney U test of the two groups
 * (ctome_mann_whitney: U of seRNN, p, "exact" when exact) as the panel
 * title.  Errors: no network above acc_min (CTOME_EVALUE); those of
 * ctome_plot_save. */
int ctome_plot_sernn_matched(const ctome_sernn_row *rows, size_t n, double acc_min, const char *title,
                             const char *path);

#endif
