/* richlazy_figs.h — figures of `ctome richlazy` (plot.h canvas): the
 * rich/lazy measures over training and their final values against the
 * initial effective rank (Liu et al. 2023, Fig. 2-style). */
#ifndef CTOME_RICHLAZY_FIGS_H
#define CTOME_RICHLAZY_FIGS_H

#include "richlazy.h"

/* Eight panels against the training step: relative weight change, tangent
 * kernel alignment (uncentred, centred), representation alignment
 * (uncentred, centred), sign similarity, effective rank of W_t and probe
 * accuracy.  One line per initialisation
 * (each random rank, the connectome, the matched random network), the mean
 * over seeds; random ranks coloured by log rank (viridis), the connectome in
 * vermillion, the matched network dashed grey.  Title may be NULL.  Errors:
 * no network or no measurement (CTOME_EVALUE); those of ctome_plot_save.
 * O(networks x points). */
int ctome_plot_richlazy_curves(const ctome_rl_net *nets, size_t n, const char *title, const char *path);

/* Six panels: the final relative weight change, tangent kernel alignment
 * (uncentred, centred), representation alignment (uncentred, centred) and
 * sign similarity against the effective rank
 * of W_0 (log x): every random network as a dot, the mean per rank as a
 * line, the connectome networks as squares and the matched random ones as
 * triangles.  Errors as ctome_plot_richlazy_curves. */
int ctome_plot_richlazy_summary(const ctome_rl_net *nets, size_t n, const char *title, const char *path);

#endif
