/* rsa_figs.h — figures of `ctome rsa --plot`: the RDM heatmap in cluster
 * order and the comparison bars with their intervals (plot.h canvas). */
#ifndef CTOME_RSA_FIGS_H
#define CTOME_RSA_FIGS_H

#include <stddef.h>

/* Heatmap of a condensed RDM over n conditions (names may be NULL), rows and
 * columns in the leaf order of average-linkage clustering
 * (ctome_rsa_cluster_order), viridis, colour bar labelled cbar_label; names
 * shown as ticks when n <= 60.  Errors: n < 2 (CTOME_EVALUE), those of
 * ctome_plot_save.  Cost O(n^3) (the clustering). */
int ctome_plot_rsa_rdm(size_t n, const double *rdm, const char *const *names, const char *title,
                       const char *cbar_label, const char *path);

/* Bars of k comparison values with intervals [lo[i], hi[i]] drawn as error
 * bars (lo/hi may be NULL, or an entry NaN: no bar), labels under the bars,
 * a zero line, y label `ylabel`.  Errors: k = 0 (CTOME_EINVAL), those of
 * ctome_plot_save.  O(k). */
int ctome_plot_rsa_bars(size_t k, const char *const *labels, const double *value, const double *lo,
                        const double *hi, const char *ylabel, const char *title, const char *path);

#endif
