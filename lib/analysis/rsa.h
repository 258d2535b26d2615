/* rsa.h — representational similarity analysis: RDMs, RDM comparisons, the
 * geo-topological and geodesic transforms, permutation tests and bootstrap
 * confidence intervals over conditions.
 *
 * Definitions follow rsatoolbox (Schütt et al. 2023 eLife 12:e82566;
 * rsatoolbox/rdm/calc.py, compare.py, transform.py, data/noise.py) except
 * where rsatoolbox is wrong; every deviation is stated at the function.
 *
 * An RDM over n conditions is stored condensed: the n(n-1)/2 upper-triangle
 * entries in row-major order (0,1), (0,2), ..., (0,n-1), (1,2), ... — the
 * order of scipy's squareform and rsatoolbox's get_vectors().
 *
 * Sources:
 *   RDMs, rho-a, inference: Nili et al. 2014 PLoS Comput Biol 10:e1003553.
 *   Crossnobis: Walther et al. 2016 NeuroImage 137:188-200.
 *   Whitened comparisons: Diedrichsen et al. 2021 arXiv:2007.02968.
 *   Shrinkage covariance: Schäfer & Strimmer 2005 Stat Appl Genet Mol Biol 4:32
 *     (as coded in rsatoolbox's _covariance_diag).
 *   Topological RSA: Lin & Kriegeskorte 2024 (arXiv:2309.11028).
 */
#ifndef CTOME_RSA_H
#define CTOME_RSA_H

#include "dist.h"
#include <stddef.h>
#include <stdint.h>

typedef enum {
    CTOME_RDM_SQEUCLIDEAN = 0,  /* |x_i - x_j|^2 / n_channels */
    CTOME_RDM_CORRELATION,      /* 1 - Pearson r of the two patterns */
    CTOME_RDM_MAHALANOBIS,      /* (x_i - x_j)' P (x_i - x_j) / n_channels */
    CTOME_RDM_CROSSNOBIS        /* leave-one-fold-out cross-validated Mahalanobis */
} ctome_rdm_method;

typedef enum {
    CTOME_RSA_COSINE = 0,
    CTOME_RSA_PEARSON,
    CTOME_RSA_SPEARMAN,         /* Pearson r of average ranks (ties averaged) */
    CTOME_RSA_KENDALL_TAU_A,    /* (concordant - discordant) / (m(m-1)/2) */
    CTOME_RSA_RHO_A,            /* 12 sum(r1 r2) / (m^3 - m), centred ranks */
    CTOME_RSA_WHITENED_COSINE   /* rsatoolbox 'cosine_cov', sigma_k = identity */
} ctome_rsa_method;

/* Names used by the CLI and JSON ("sqeuclidean", "spearman", "rho-a", ...);
 * parse returns 0 or CTOME_EINVAL naming the bad value. */
const char *ctome_rdm_method_name(ctome_rdm_method m);
int ctome_rdm_method_parse(const char *s, ctome_rdm_method *m);
const char *ctome_rsa_method_name(ctome_rsa_method m);
int ctome_rsa_method_parse(const char *s, ctome_rsa_method *m);

/* Number of condensed entries n(n-1)/2. */
size_t ctome_rdm_len(size_t n_cond);
/* Index of pair (i, j), i != j, in the condensed vector. */
size_t ctome_rdm_index(size_t n_cond, size_t i, size_t j);
/* Condensed -> full symmetric n x n with zero diagonal (row-major). */
void ctome_rdm_square(size_t n_cond, const double *v, double *sq);

/* Measurements: n_obs observations (rows) of n_ch channels, row-major.
 * cond[k] in [0, n_cond) is the condition of row k (every condition needs at
 * least one row); fold[k] in [0, n_fold) its cross-validation fold (NULL
 * unless crossnobis).  `source` names the data in error messages. */
typedef struct {
    size_t n_obs, n_ch, n_cond, n_fold;
    const double *x;
    const int *cond;
    const int *fold;
    const char *source;
} ctome_rsa_data;

/* The RDM of `d` by method m into rdm[ctome_rdm_len(n_cond)].  Patterns are
 * the per-condition means of the rows (rsatoolbox averages observations by
 * the condition descriptor).
 *   sqeuclidean: sum_c (m_ic - m_jc)^2 / n_ch (rsatoolbox 'euclidean').
 *   correlation: 1 - r(m_i, m_j) over channels.
 *   mahalanobis: (m_i - m_j)' P (m_i - m_j) / n_ch, P = inverse of the
 *     shrinkage covariance of ctome_rsa_noise_cov.
 *   crossnobis: for each fold f, A = condition means of the rows in f, B =
 *     condition means of the rows in all other folds; d_ij(f) = (a_i - a_j)'
 *     P (b_i - b_j) / n_ch; the RDM is the mean over folds (rsatoolbox
 *     calc_rdm_crossnobis; for balanced folds this equals the mean over all
 *     fold pairs of Walther et al. 2016).  Unbiased: can be negative.
 * Errors (CTOME_EVALUE, naming source and row/channel): n_cond < 2, a
 * non-finite value, a condition without rows, a constant pattern
 * (correlation), crossnobis with fewer than 2 folds or a condition missing
 * from a fold, a covariance that is not positive definite.  CTOME_EINVAL for
 * NULL or out-of-range labels.  Cost O(n_obs n_ch + n_cond^2 n_ch) plus
 * O(n_obs n_ch^2 + n_ch^3) for the Mahalanobis kinds; memory O(n_cond n_ch +
 * n_ch^2). */
int ctome_rdm_compute(const ctome_rsa_data *d, ctome_rdm_method m, double *rdm);

/* The channel covariance used by mahalanobis/crossnobis, rsatoolbox's
 * 'shrinkage_diag' (data/noise.py _covariance_diag; Schäfer & Strimmer 2005,
 * target D = diag(S)):
 *   residuals R = rows minus their condition mean, dof = n_obs - n_cond
 *   (rsatoolbox cov_from_unbalanced); when every condition has one row
 *   (dof = 0) R = the rows centred over conditions, dof = n_obs - 1
 *   (rsatoolbox cov_from_measurements on a 2-D matrix).
 *   S = R'R / dof;  w_kij = r_ki r_kj / (s_i s_j);
 *   m1 = sum_k w / dof, m2 = sum_k w^2 / dof;
 *   var_hat = n / dof^2 (m2 - m1^2);  lambda = clip(sum_{i!=j} var_hat /
 *   sum_{i!=j} m1^2, 0, 1);  cov = S with off-diagonals times (1 - lambda).
 * (rsatoolbox's var_hat normalises by dof where Schäfer & Strimmer use n;
 * kept as rsatoolbox so values agree.)  cov: n_ch x n_ch, *lambda may be NULL.
 * Errors: a channel with zero residual variance (CTOME_EVALUE naming it). */
int ctome_rsa_noise_cov(const ctome_rsa_data *d, double *cov, double *lambda);

/* ---- comparisons (rsa_compare.c) ---- */

/* Compare two RDMs over the same n_cond conditions (same order).
 *   cosine:   a.b / (|a||b|)
 *   pearson:  cosine of the mean-centred vectors
 *   spearman: pearson of scipy-style average ranks
 *   kendall:  tau-a = (C - D) / (m(m-1)/2), pairs tied in either vector count
 *             as neither (Knight's O(m log m) algorithm)
 *   rho-a:    12 sum(r1 r2) / (m^3 - m), r = centred average ranks
 *   whitened-cosine: rsatoolbox compare(method='cosine_cov') with sigma_k =
 *     None: the cosine of a and b whitened by V = (C C')∘(C C') (C the pair
 *     contrast matrix; Diedrichsen et al. 2021), computed as rsatoolbox does
 *     through the equivalent double-centred second moments G = -H D H / 2:
 *     <G1, G2>_F / (|G1|_F |G2|_F).
 * Errors: n_cond < 2 ("an RDM of one condition"), a non-finite entry, a
 * zero-norm / constant vector where the value is undefined (CTOME_EVALUE).
 * Cost O(m) (ranks, kendall: O(m log m); whitened: O(n^2)), m = n(n-1)/2. */
int ctome_rsa_compare(size_t n_cond, const double *r1, const double *r2, ctome_rsa_method method,
                      double *out);

/* Kendall tau-a of two vectors of length m >= 2 (exposed for tests). */
int ctome_rsa_tau_a(size_t m, const double *x, const double *y, double *out);
/* scipy.stats.rankdata(method='average') into r (1-based ranks). O(m log m). */
int ctome_rsa_rank(size_t m, const double *x, double *r);

/* ---- transforms (rsa_transform.c) ---- */

/* numpy.quantile(v, q) with the default linear interpolation; q in [0, 1]. */
int ctome_rsa_quantile(size_t m, const double *v, double q, double *out);

/* Geo-topological transform with thresholds given as values l < u:
 * out = 0 where d < l, (d - l) / (u - l) where l <= d <= u, 1 where d > u,
 * every branch from the ORIGINAL d (rsatoolbox's geotopological_transform
 * rewrites the array in place, so a middle value mapped above u is then
 * clobbered to 1).  out may equal d.  Errors: l >= u or non-finite
 * (CTOME_EVALUE). O(m). */
int ctome_rsa_gt_values(size_t m, const double *d, double l, double u, double *out);

/* The same with l, u = the ql and qu quantiles of this RDM (per RDM:
 * rsatoolbox takes the quantiles over all RDMs of the object together).
 * Example: d = [0.1, 0.45, 0.25, 0.9, 0.6, 0.05], ql = 0.2, qu = 0.8 gives
 * l = 0.1, u = 0.6 and [0, 0.7, 0.3, 1, 1, 0] (rsatoolbox: [0, 1, 0.3, 1,
 * 1, 0]).  l_out/u_out may be NULL.  Errors: 0 <= ql < qu <= 1 violated, or
 * the quantiles coincide (a constant RDM) (CTOME_EVALUE). */
int ctome_rsa_gt_quantiles(size_t m, const double *d, double ql, double qu, double *out,
                           double *l_out, double *u_out);

/* Geodesic transform (Lin & Kriegeskorte 2024) of a GT-transformed RDM g
 * (values in [0, 1]): all-pairs shortest paths (Floyd–Warshall) over the
 * graph whose edges are the pairs with g < 1, edge length g (zero-length
 * edges are kept: rsatoolbox builds the graph with networkx's
 * from_numpy_array, which drops zero entries as non-edges).  DEPARTURE
 * (CTOME_RSA_GEODESIC_DEPARTURE, printed by `ctome rsa --geodesic`): the
 * distances are divided by their largest finite value so the result lies in
 * [0, 1], and pairs left unconnected get 1; rsatoolbox's geodesic_transform
 * leaves the path lengths unscaled and unconnected pairs inf.  Every
 * comparison method is invariant to the scaling (rank-based, Pearson,
 * cosine); the 1 for unconnected pairs ties them with the farthest
 * connected pair where rsatoolbox would rank them above it.  out may equal
 * g.  Cost O(n^3) time, O(n^2) memory. */
int ctome_rsa_geodesic(size_t n_cond, const double *g, double *out);
#define CTOME_RSA_GEODESIC_DEPARTURE                                                              \
    "path lengths divided by the largest finite one, unconnected pairs 1 (rsatoolbox: unscaled, " \
    "unconnected inf)"

/* Average-linkage (UPGMA) hierarchical clustering of an RDM; order[n] is the
 * leaf order of the dendrogram (at each merge the cluster holding the
 * smaller first leaf goes first; ties in distance go to the lowest pair).
 * O(n^3) time, O(n^2) memory. */
int ctome_rsa_cluster_order(size_t n_cond, const double *rdm, size_t *order);

/* ---- inference (rsa_inference.c) ---- */

/* Permutation test over conditions: the condition labels of r2 are permuted
 * (permutation i from random stream i of `seed`, Fisher–Yates), the
 * comparison recomputed, and p = (1 + #{perm >= observed}) / (1 + n_perm)
 * (one-sided: similarity greater than chance).  Ranks, centring and norms are
 * computed once (a permutation of conditions permutes the entries, which
 * leaves them unchanged); each permutation gathers through an index array:
 * no allocation per permutation.  threads <= 0: all OpenMP threads.  The
 * result is identical for any thread count.  Cost O(n_perm m) (kendall:
 * O(n_perm m log m)).  Errors as ctome_rsa_compare; n_perm = 0 (CTOME_EINVAL). */
int ctome_rsa_perm_test(size_t n_cond, const double *r1, const double *r2,
                        ctome_rsa_method method, size_t n_perm, uint64_t seed, int threads,
                        double *observed, double *p, size_t *n_ge);
/* The same with the permutations split over processes (dist.h; NULL = one
 * process): each computes its block, the per-permutation outcomes (one byte
 * each) are gathered, so p is identical to one process.  Memory + n_perm
 * bytes. */
int ctome_rsa_perm_test_dist(size_t n_cond, const double *r1, const double *r2,
                             ctome_rsa_method method, size_t n_perm, uint64_t seed, int threads,
                             const ctome_dist *dist, double *observed, double *p, size_t *n_ge);

/* Bootstrap over conditions (rsatoolbox bootstrap_sample_pattern): sample
 * n_cond conditions with replacement (sample i from stream i), keep the
 * pairs of sampled positions a < b whose conditions differ (self-pairs of a
 * condition drawn twice are dropped, duplicated pairs kept) and compare the
 * two RDMs on them.  Whitened cosine needs a full matrix: there the repeated
 * condition's self-pairs enter with dissimilarity 0 (rsatoolbox solves the
 * double centring with missing entries instead).  Samples where the
 * comparison is undefined (e.g. one distinct condition) are skipped and not
 * counted in n_valid.  lo/hi: the (1-level)/2 and (1+level)/2 quantiles
 * (numpy linear) of the valid values, se their standard deviation (ddof 1).
 * Errors: n_boot = 0, level outside (0,1) (CTOME_EINVAL), fewer than 2 valid
 * samples (CTOME_EVALUE).  Cost O(n_boot m) (spearman/kendall: m log m);
 * memory O(n_boot + threads m). */
int ctome_rsa_bootstrap(size_t n_cond, const double *r1, const double *r2,
                        ctome_rsa_method method, size_t n_boot, uint64_t seed, int threads,
                        double level, double *lo, double *hi, double *se, size_t *n_valid);
/* The same with the samples split over processes (dist.h; NULL = one
 * process); the sample values are gathered before the quantiles. */
int ctome_rsa_bootstrap_dist(size_t n_cond, const double *r1, const double *r2,
                             ctome_rsa_method method, size_t n_boot, uint64_t seed, int threads,
                             const ctome_dist *dist, double level, double *lo, double *hi, double *se,
                             size_t *n_valid);

/* ---- input tables (rsa_io.c) ---- */

/* A conditions x channels table read from CSV/TSV (delimiter detected from
 * the header: tab, comma or semicolon):
 *   header:  condition[,fold],<channel name>...
 *   rows:    <condition name>[,<fold label>],<value>...
 * One row per observation; rows with the same condition name are repeated
 * measurements of it (averaged into the pattern; their scatter gives the
 * noise covariance).  The optional second column is recognised by its header
 * "fold" (or "run", "session"): its labels define crossnobis folds.
 * Conditions and folds are numbered in order of first appearance.  Blank
 * lines and '#' comments are skipped.  A square table whose channel names
 * equal its condition names in order is also how an RDM is written
 * (ctome_rsa_table_rdm).
 * Errors naming path:line and the value: a ragged row, a non-number
 * (CTOME_EFORMAT), a NaN or infinite value (CTOME_EVALUE: RSA needs complete
 * patterns), no data row, no channel column. */
typedef struct {
    size_t n_obs, n_ch, n_cond, n_fold;
    double *x;            /* n_obs x n_ch */
    int *cond;            /* n_obs */
    int *fold;            /* n_obs, or NULL without a fold column */
    char **cond_names;    /* n_cond */
    char **ch_names;      /* n_ch */
    char **fold_names;    /* n_fold */
    char *source;
} ctome_rsa_table;

int ctome_rsa_read_csv(const char *path, ctome_rsa_table **out);
void ctome_rsa_table_free(ctome_rsa_table *t);
/* A view of the table as ctome_rsa_data (borrowed pointers). */
void ctome_rsa_table_data(const ctome_rsa_table *t, ctome_rsa_data *d);
/* If the table is an RDM (square, channel names = condition names in order,
 * one row per condition, no fold column, zero diagonal, symmetric within
 * 1e-9 relative), write its condensed form to rdm (ctome_rdm_len(n_cond))
 * and return 1; otherwise 0. */
int ctome_rsa_table_rdm(const ctome_rsa_table *t, double *rdm);

/* A recording as an RSA table (rsa_io.c): conditions = n_bins consecutive
 * time windows of equal sample count (window b holds samples [b T / K,
 * (b+1) T / K), named "w01", "w02", ...), channels = neurons (their labels,
 * "roi<i>" when unlabelled).  Each window is cut into n_folds consecutive
 * sub-windows; each sub-window gives one observation (the mean of each
 * neuron over its samples, NaN samples skipped) with fold label = the
 * sub-window index, so crossnobis cross-validates between parts of every
 * window and the residual scatter gives the noise covariance.  Errors
 * (CTOME_EVALUE, naming `source`): n_bins < 2, n_folds < 1, fewer samples
 * than n_bins x n_folds, a neuron with no finite sample in a sub-window. */
int ctome_rsa_table_from_traces(const char *source, size_t n_neurons, size_t n_time,
                                const double *traces, const char *const *labels, size_t n_bins,
                                size_t n_folds, ctome_rsa_table **out);

#endif
