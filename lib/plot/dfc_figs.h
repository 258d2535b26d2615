/* dfc_figs.h — figures of a dynamic functional connectome run (dfc.h):
 *   loadings: A temporal loading of each component against window start
 *             time, stimulus periods shaded when given; B animal (worm)
 *             loadings as grouped bars;
 *   factors:  each affinity factor as an N x N matrix, neurons ordered by
 *             coherent community (then the rest), community boundaries marked;
 *   somas:    per component, every neuron at its soma position (Skuhersky et
 *             al. 2022: AP x against the y axis, µm) in grey, the neurons of
 *             each coherent community in colour.
 * Inputs are the plain arrays of ctome_store_dfc (store_dfc.h), so a stored
 * run can be drawn again.  Errors: as ctome_plot_save; rank 0 (CTOME_EINVAL).
 * At most 16 components are drawn (more: CTOME_EINVAL).  Cost O(R N^2). */
#ifndef CTOME_DFC_FIGS_H
#define CTOME_DFC_FIGS_H

#include <stddef.h>

#include "registry.h"
#include "store_dfc.h"

/* stim_start/stim_end: n_stim periods in seconds (may be 0 / NULL). */
int ctome_dfc_plot_loadings(const ctome_store_dfc *d, const double *stim_start, const double *stim_end,
                            size_t n_stim, const char *path);
int ctome_dfc_plot_factors(const ctome_store_dfc *d, const char *path);
/* Neurons the registry does not place (or without a position) are left out
 * (their number is returned through *n_unplaced, which may be NULL). */
int ctome_dfc_plot_somas(const ctome_store_dfc *d, const ctome_registry *reg, const char *path,
                         size_t *n_unplaced);

#endif
