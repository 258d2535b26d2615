/* sernn_analyse.h — the structural and functional measures of a trained
 * seRNN (Achterberg, Akarca et al. 2023, Nat Mach Intell 5:1369).
 *
 * Structure, from the recurrent matrix W (rows = targets, as rnn.h) and the
 * unit distances D:
 *   q_weighted   Newman modularity Q of the weighted undirected |W|
 *                (weights |W_ij| + |W_ji|, self-loops dropped), best of
 *                `runs` Leiden runs (modularity.h; Traag et al. 2019).  The
 *                paper reports Q of the absolute weight matrix;
 *   q_binary     Q (binary) of the strongest `density` fraction of |W|
 *                entries (default 10%), symmetrised — the authors' demo
 *                notebook thresholds at the 90th percentile of |W| before
 *                bct.modularity_und and the small-world index;
 *   sigma        small-world sigma (Humphries & Gurney 2008; smallworld.h,
 *                Maslov-Sneppen random nulls) of that binary graph;
 *   wl_corr      Pearson correlation of |W_ij| with D_ij over i != j
 *                (weight-length relation; negative = short strong links);
 *   mean_length  sum |W_ij| D_ij / sum |W_ij| (strength-weighted length);
 *   strength     sum |W_ij|;  frac_strong  fraction of |W_ij| > 1e-3 (the
 *                authors' "weights > 1e-3" sparsity count).
 *
 * Function, from hidden states h [T][B][n] of an evaluation batch whose
 * sequence b is maze problem problem[b] (maze_task.h), over the choice
 * period t0 <= t < t1 (one mean activity per unit and trial):
 *   energy       mean h over units, steps 0..T-1 and trials (ReLU: h >= 0,
 *                so this is the mean |h|, the paper's activity-energy proxy);
 *   goal_sel_i   eta^2 of unit i's trial activity by goal (4 groups),
 *   choice_sel_i eta^2 by offered option pair (5 distinct pairs);
 *                units whose trial activity has variance < 1e-12 are silent;
 *   mixed        mean over active units of min(g, c) / max(g, c): 1 when a
 *                unit carries goal and choice information equally, 0 when
 *                it carries only one (our continuous form of "mixed
 *                selectivity", Rigotti et al. 2013);
 *   func_clust   Pearson correlation, over pairs of active units, between
 *                -D_ij and -|p_i - p_j|, p = (g - c)/(g + c) the goal-vs-
 *                choice preference: > 0 when units with similar preference
 *                sit close together (functional clustering).
 * These functional definitions are ours where the paper's exact estimator
 * could not be checked (docs/methods.md, "seRNN").
 */
#ifndef CTOME_SERNN_ANALYSE_H
#define CTOME_SERNN_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    double density;      /* binary graph: fraction of the n^2 entries kept; default 0.1 */
    int runs;            /* Leiden runs (best Q kept); default 10 */
    size_t n_rand;       /* small-world random nulls; default 10 */
} ctome_sernn_analyse_opts;

void ctome_sernn_analyse_opts_default(ctome_sernn_analyse_opts *o);

typedef struct {
    double q_weighted, q_binary;
    size_t modules_weighted, modules_binary;
    double sigma;
    double wl_corr, mean_length, strength, frac_strong;
    double energy, mixed, func_clust;
    size_t active;       /* units that are not silent in the choice period */
} ctome_sernn_metrics;

/* Structural measures (above): sets the structural fields of m (q_*,
 * modules_*, sigma, wl_corr, mean_length, strength, frac_strong) and leaves
 * the functional ones (energy, mixed, func_clust, active) as they are, so
 * one struct collects both halves.  Not thread-safe (igraph through Leiden);
 * call outside OpenMP parallel regions.  NaN for a measure that is
 * undefined (e.g. sigma of a graph with < 2 edges).  Errors: NULL, n < 2,
 * a non-finite weight (CTOME_EVALUE). */
int ctome_sernn_structure(const float *W, size_t n, const double *d,
                          const ctome_sernn_analyse_opts *o, uint64_t seed, ctome_sernn_metrics *m);

/* Functional measures (above).  goal[b], pair[b]: group labels of sequence
 * b (goal 0..3, option pair 0..4; ctome_sernn_maze_labels).  Thread-safe.
 * Errors: t0 >= t1 or t1 > T (CTOME_EINVAL). */
int ctome_sernn_function(const float *h, size_t T, size_t B, size_t n, const int *goal,
                         const int *pair, size_t t0, size_t t1, const double *d,
                         ctome_sernn_metrics *m);

/* Goal and option-pair labels of the maze problems 0..7 (pair ids in order
 * of first appearance).  goal[8], pair[8]. */
void ctome_sernn_maze_labels(int goal[8], int pair[8]);

/* eta^2 of x[0..k-1] by labels lab[0..k-1] in 0..ngroups-1: between-group
 * sum of squares / total sum of squares; 0 when the total is < 1e-12
 * (scaled by k).  Exposed for the tests. */
double ctome_eta_squared(const double *x, const int *lab, size_t k, int ngroups);

#endif
