/* swim_figs.h — figures of the NCAP swimmer (Bhattasali, Zador & Engel 2022):
 * body trajectory, joint-angle kymograph, B-neuron activity, learning curves
 * and bar charts (transfer across body lengths, ablations).
 *
 * Plain arrays in, one figure file out (format from the extension of `path`:
 * .png, .svg or .pdf; written atomically, so an error leaves no file).  Time
 * series are time-major as an episode records them: value (t, j) at
 * a[t * n_joints + j], so a window of an episode is a pointer offset.
 *
 * Errors, checked before anything is drawn: NULL arrays, empty or too short
 * series, dt <= 0 (CTOME_EINVAL); a non-finite value or a negative sd
 * (CTOME_EVALUE naming the array and index); then those of ctome_plot_save.
 */
#ifndef CTOME_SWIM_FIGS_H
#define CTOME_SWIM_FIGS_H

#include <stddef.h>

/* Head path in the plane (head: n_steps x 2, x then y, metres) and body
 * snapshots (body: n_steps x n_points x 2, the points of the body polyline
 * head first, e.g. the body origins and the tail tip; NULL for none) every
 * `every` steps (0: about 8 snapshots), coloured early to late (viridis);
 * equal scale on both axes; dt (s per step) labels the first and last
 * snapshot.  n_steps >= 2; n_points >= 2 when body is given.
 * O(n_steps + snapshots * n_points). */
int ctome_swim_fig_trajectory(const double *head, size_t n_steps, const double *body, size_t n_points,
                              size_t every, double dt, const char *title, const char *path);

/* Travelling wave: joint angle q (n_steps x n_joints, radians) as a heatmap
 * of joints (rows, joint 1 = next to the head at the top) x time (seconds,
 * step dt), diverging colours symmetric about 0 at max |q|.  n_steps >= 2.
 * O(n_steps n_joints). */
int ctome_swim_fig_kymograph(const double *q, size_t n_steps, size_t n_joints, double dt, const char *title,
                             const char *path);

/* Dorsal and ventral B-neuron activity per joint (each n_steps x n_joints,
 * activations, typically in [0, 1]), one pair of traces per joint stacked top
 * (joint 1) to bottom with an offset of 1.25 x the largest activation range;
 * step k is drawn at time t0 + k dt (a window of an episode keeps its clock).
 * n_steps >= 2.  O(n_steps n_joints). */
int ctome_swim_fig_activity(const double *dorsal, const double *ventral, size_t n_steps, size_t n_joints,
                            double t0, double dt, const char *title, const char *path);

/* One controller's learning curves over seeds. */
typedef struct {
    const char *label;       /* legend entry, e.g. "NCAP (4 parameters)" */
    const double *steps;     /* n_points environment steps, non-decreasing */
    const double *ret;       /* n_seeds x n_points returns, row-major */
    size_t n_points, n_seeds;
} ctome_swim_curve;

typedef enum { CTOME_SWIM_SPREAD_MINMAX = 0, CTOME_SWIM_SPREAD_SD } ctome_swim_spread;

/* Return vs environment steps: per curve the mean over seeds as a line and
 * the spread (min-max, or mean +- population sd) as a band.  n_points >= 1
 * (a single point is drawn as a marker), n_seeds >= 1.
 * O(sum n_seeds n_points). */
int ctome_swim_fig_learning(const ctome_swim_curve *curves, size_t n_curves, ctome_swim_spread spread,
                            const char *title, const char *path);

/* One series of a bar chart: mean (and sd, NULL for no error bars) per category. */
typedef struct {
    const char *label;       /* legend entry; NULL: none */
    const double *mean;
    const double *sd;
} ctome_swim_barset;

/* Grouped bars: n_sets series side by side over n_cat categories (tick
 * labels `categories`), sd as error bars; y from 0.  O(n_cat n_sets). */
int ctome_swim_fig_bars(const char *const *categories, size_t n_cat, const ctome_swim_barset *sets,
                        size_t n_sets, const char *xlabel, const char *ylabel, const char *title,
                        const char *path);

/* Transfer: return (mean, sd or NULL) per body of links[i] links, bars in
 * the order given; untrained weights (no mark).  O(n). */
int ctome_swim_fig_transfer(const int *links, const double *mean, const double *sd, size_t n, const char *title,
                            const char *path);

/* The same for weights trained on some body: trained_links marks the body the weights were trained
 * on: > 0 a dashed line through that body's bar with "trained on N links"
 * above it ("... (not in the range shown)" in the corner when no bar has N
 * links); 0 a trained controller whose body is not known (an older
 * checkpoint): "training body unknown (checkpoint does not record it)" in
 * the corner; < 0 untrained weights, no mark.  The y axis runs from 0 to
 * 1.22 x the highest mean + sd when a mark is drawn.  O(n). */
int ctome_swim_fig_transfer_trained(const int *links, const double *mean, const double *sd, size_t n,
                                    int trained_links, const char *title, const char *path);

/* Ablation table as bars: per variant the return at initialisation and, when
 * mean_trained is not NULL, after training (sd arrays may be NULL). */
int ctome_swim_fig_ablation(const char *const *variants, size_t n, const double *mean_init, const double *sd_init,
                            const double *mean_trained, const double *sd_trained, const char *title,
                            const char *path);

#endif
