/* rank_figs.h — the scree figure of `ctome rank --plot` (plot.h canvas). */
#ifndef CTOME_RANK_FIGS_H
#define CTOME_RANK_FIGS_H

#include "rank.h"

/* Two panels.  A: singular values s_k against k = 1..n_sv on a log10 y
 * axis (zeros are left out), with the effective rank and the participation
 * ratio as dashed vertical lines.  B: the cumulative share of
 * variance, sum_{j<=k} l_j / sum_j l_j with l = s^2 (the share of
 * ||A||_F^2; pr = CTOME_RANK_PR_GRAM) or l = s (A is a covariance, the
 * eigenvalues are the variances; CTOME_RANK_PR_PSD), with a dotted line at
 * 90%.  Title `title` (may be NULL).  Errors: no singular value or all zero
 * (CTOME_EVALUE), those of ctome_plot_save (nothing written).  O(n_sv). */
int ctome_plot_rank_scree(const ctome_rank *r, ctome_rank_pr pr, const char *title, const char *path);

#endif
