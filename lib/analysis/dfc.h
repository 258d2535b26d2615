/* dfc.h — dynamic functional connectomes (Dyballa, Lang, Haslund-Gourley,
 * Yemini & Zucker 2024, "Learning dynamic representations of the functional
 * connectome in neurobiological networks", ICLR 2024, arXiv 2402.14102):
 *
 *   1. windowed pairwise affinities between neuronal traces of one or many
 *      worms -> a tensor  windows x worms x neuron pairs  (dfc_affinity.c);
 *   2. non-negative CP decomposition of that tensor with a mask for missing
 *      entries (a neuron absent in a worm, a window with no data), several
 *      seeded starts, rank chosen by error and stability (dfc_ntf.c);
 *   3. communities on each affinity factor (dfc_community.c);
 *   4. a planted benchmark generator (dfc_planted.c).
 *
 * Definitions, and where ctome departs from the paper, are in docs/dfc.md
 * and docs/methods.md ("Dynamic functional connectomes").  The two departures
 * that change numbers: the affinity is ctome's reading of the paper's
 * "differential affinity" (rectified correlation of first differences inside
 * a window; the formula could not be checked against the authors' code,
 * whose notebook is not public in full), and communities come from Leiden
 * with the modularity objective plus consensus (or, with
 * CTOME_DFC_COMM_WSBM, a flat weighted SBM, wsbm.h), not the paper's nested
 * weighted stochastic block model (graph-tool, no C interface).
 *
 * Pair index: neurons 0..N-1, pair (i, j) with i < j has index
 *   p = i N - i (i + 1) / 2 + (j - i - 1),   P = N (N - 1) / 2 pairs.
 */
#ifndef CTOME_DFC_H
#define CTOME_DFC_H

#include <stddef.h>
#include <stdint.h>

#include "recording.h"

/* ---- 1. affinity tensor ------------------------------------------------ */

typedef struct {
    double window_s;     /* window length, seconds (default 30) */
    double step_s;       /* step between window starts, seconds (default 10) */
    double min_frac;     /* a window needs >= min_frac of its L-1 differences finite (default 0.5) */
} ctome_dfc_affinity_opts;

void ctome_dfc_affinity_opts_default(ctome_dfc_affinity_opts *o);

typedef struct {
    size_t n_windows, n_worms, n_neurons, n_pairs;
    double dt;               /* sample step of the recordings, s */
    size_t window_len;       /* L samples = round(window_s / dt) */
    size_t step_len;         /* round(step_s / dt) samples */
    double window_s, step_s; /* the effective lengths L dt and step_len dt */
    char **neurons;          /* n_neurons canonical names (registry order, then unknown names by name) */
    char **worms;            /* n_worms recording ids */
    double *x;               /* n_worms x n_windows x n_pairs: x[(k W + w) P + p]; 0 where masked */
    uint8_t *window_ok;      /* n_worms x n_windows: 1 = window has data in worm k */
    uint8_t *present;        /* n_worms x n_neurons: 1 = neuron recorded in worm k */
    double *window_t0;       /* n_windows: start of window w, s after each recording's first sample */
    size_t n_unlabelled;     /* unlabelled ROIs left out (they cannot be matched across worms) */
    size_t n_short_windows;  /* windows (over worms) masked for too few finite samples */
    size_t n_flat;           /* (worm, window, neuron) with zero variance of differences: affinities 0 */
} ctome_dfc_tensor;

/* Mask of entry (k, w, p): window_ok[k W + w] && present[k N + i] && present[k N + j]. */

/* The affinity tensor of n homogenised recordings (ctome_activity_homogenise:
 * one common sample step; traces on a regular grid; NaN only where data are
 * missing).  Recording k is worm k; neurons are matched by canonical label
 * over the union of labelled neurons; unlabelled ROIs are left out (counted).
 *
 * Windows: L = round(window_s / dt) samples (>= 3), starts every
 * step_len = round(step_s / dt) >= 1 samples from each recording's first
 * sample; worm k has floor((T_k - L) / step_len) + 1 windows, W = the largest
 * of these, and windows past a worm's end are masked.
 *
 * Affinity of neurons i, j in window w of worm k (ctome's reading of the
 * paper's differential affinity):  with d_i(t) = x_i(t+1) - x_i(t) the first
 * differences inside the window, kept at the samples where every recorded
 * neuron of the worm is finite (recording-wide gaps),
 *   a_ij = max(0, r_ij),   r_ij = Pearson correlation of d_i and d_j,
 * i.e. neurons whose activities rise and fall together; anti-correlated or
 * unrelated pairs get 0 (the tensor must be non-negative for NTF).  A neuron
 * whose differences are constant in a window has affinity 0 there (counted
 * in n_flat).  A window with fewer than max(2, ceil(min_frac (L - 1))) kept
 * differences is masked (counted in n_short_windows).
 *
 * Errors: n = 0, window/step not positive or finite, L < 3 or a window longer
 * than every recording (CTOME_EINVAL naming the value); recordings with
 * different sample steps (relative difference > 1e-6) or irregular time
 * (CTOME_EVALUE naming the recording); fewer than 2 labelled neurons; a
 * tensor of more than 2^31 entries per worm (CTOME_ERANGE).
 * Cost: O(K W N^2 L) time (one dsyrk per window), O(K W N^2 / 2) memory. */
int ctome_dfc_affinity(const ctome_recording *const *rec, size_t n, const ctome_dfc_affinity_opts *o,
                       ctome_dfc_tensor *out);

void ctome_dfc_tensor_clear(ctome_dfc_tensor *t);

/* Pair index of (i, j), i != j, among n neurons (formula above). */
size_t ctome_dfc_pair_index(size_t n, size_t i, size_t j);

/* ---- 2. masked non-negative CP decomposition ----------------------------- */

typedef struct {
    size_t rank;         /* R components (default 4) */
    size_t starts;       /* random starts (default 10) */
    size_t max_iter;     /* per start (default 500) */
    double tol;          /* stop when the loss falls by less than tol x loss in an iteration (default 1e-6) */
    uint64_t seed;       /* start s draws its initial factors from ctome_rng(seed, s) */
    int threads;         /* OpenMP threads, 0 = the runtime's default */
    int extrapolate;     /* 1 (default): HALS with extrapolation and restarts (below); 0: plain HALS */
} ctome_dfc_ntf_opts;

void ctome_dfc_ntf_opts_default(ctome_dfc_ntf_opts *o);

typedef struct {
    size_t rank;
    double *t;           /* W x R temporal loadings, columns of unit 2-norm */
    double *a;           /* K x R animal (worm) loadings, unit columns */
    double *f;           /* P x R affinity factors, unit columns */
    double *lambda;      /* R weights; components sorted by lambda, largest first */
    double rel_error;    /* sqrt(sum M (X - Xhat)^2 / sum M X^2) at the end */
    double *loss;        /* loss (sum M (X - Xhat)^2) after each iteration */
    size_t iterations;
    int converged;       /* 1: stopped on tol; 0: max_iter reached */
} ctome_dfc_factors;

typedef struct {
    size_t n_starts, best;       /* best = start with the lowest final loss */
    ctome_dfc_factors *start;
    double stability;            /* mean factor match score of the best start vs each other start (1 if one start) */
    double min_error, mean_error;/* over starts */
    size_t n_converged;
    uint64_t seed;
} ctome_dfc_ntf;

/* Non-negative CP (PARAFAC) decomposition of the masked tensor,
 *   X[w,k,p] ~ sum_r T[w,r] A[k,r] F[p,r],  minimising
 *   L = sum M[w,k,p] (X - Xhat)^2
 * by hierarchical alternating least squares (HALS; Cichocki & Phan 2009,
 * IEICE Trans Fundamentals E92-A:708) in its masked form: each column of F,
 * then T, then A is set to its exact masked least-squares optimum given the
 * others, floored at 1e-16.  Because the mask is the product window_ok x
 * present x present, every denominator comes from R x R Gram matrices
 * (O((W + K + P) K R^2)) and only two numerators read the tensor: the
 * MTTKRPs X_(p) (A kr T) and X_(kw) F, as two GEMMs per iteration over the
 * factors of every running start packed side by side.  A plain sweep never
 * increases L.
 *
 * With o->extrapolate (default), each sweep starts from the extrapolated
 * point y = max(1e-16, z + beta (z - z_prev)) of the last two accepted
 * iterates (after Ang & Gillis 2019, Neural Comput 31:417, heuristic
 * extrapolation with restarts): beta starts at 0.5, grows x1.05 after each
 * accepted sweep up to a cap that grows x1.01 up to 1; a sweep ending above
 * the accepted loss is discarded (cap = beta, beta /= 1.5, next sweep from z).
 * The accepted losses never increase and the result is the last accepted
 * iterate; the cost per iteration is unchanged (the loss of a sweep comes
 * from its own GEMMs), the number of iterations falls (docs/performance.md).
 *
 * Start s: T, A, F ~ U(0, 1) from ctome_rng(seed, s), then all three scaled by
 * c^(1/3), c = sum M X / sum M Xhat, so the first reconstruction has the data's
 * mean.  Stops when L_{it-1} - L_it <= tol L_{it-1} (accepted losses), or
 * when a plain sweep does not lower L.  Factors are then normalised to unit
 * columns with lambda_r = |T_r| |A_r| |F_r| and sorted.
 * Stability: the factor match score (Tomasi & Bro 2006, Comput Stat Data
 * Anal 50:1700) between two solutions is the mean over matched components of
 * (t . t')(a . a')(f . f'); components are matched greedily by the largest
 * score (not the optimal assignment).
 *
 * Deterministic: starts are independent; GEMMs are cut in fixed blocks run
 * with single-threaded OpenBLAS, so the bytes do not depend on threads.
 * Errors: rank 0, starts 0, max_iter 0, tol < 0 (CTOME_EINVAL); a tensor with
 * no unmasked positive entry (CTOME_EVALUE); sizes overflowing (CTOME_ERANGE).
 * Cost per iteration and start: 4 K W P R flops (two GEMMs) + O(K (W + P) R^2);
 * memory O(starts (W + K + P) R) (x3 with extrapolation). */
int ctome_dfc_ntf_fit(const ctome_dfc_tensor *x, const ctome_dfc_ntf_opts *o, ctome_dfc_ntf *out);

void ctome_dfc_ntf_clear(ctome_dfc_ntf *n);

/* One start from given factors (updated in place, not normalised): t (W x R),
 * a (K x R), f (P x R) row-major; plain HALS or, with `extrapolate`, HALS
 * with extrapolation (above).  loss[max_iter] receives the (accepted) loss
 * after each iteration; *iters the number done.  No scaling of the start and
 * no column balancing.  Used by the tests against an independent numpy
 * implementation. */
int ctome_dfc_ntf_from(const ctome_dfc_tensor *x, size_t rank, double *t, double *a, double *f,
                       size_t max_iter, double tol, int extrapolate, double *loss, size_t *iters, int *converged);

/* Factor match score of two normalised solutions of the same rank (above). */
double ctome_dfc_match_score(const ctome_dfc_factors *u, const ctome_dfc_factors *v, size_t n_windows,
                             size_t n_worms, size_t n_pairs);

/* Rank selection: fit ranks rmin..rmax (each with o->starts starts) and pick
 * the largest rank whose stability is >= threshold (default 0.9 in the CLI);
 * rank rmin when none is.  err[r - rmin], stab[r - rmin] receive the best
 * relative error and the stability of each rank.  *chosen the rank picked.
 * Cost: the sum of the fits. */
int ctome_dfc_select_rank(const ctome_dfc_tensor *x, const ctome_dfc_ntf_opts *o, size_t rmin, size_t rmax,
                          double threshold, double *err, double *stab, size_t *chosen);

/* ---- 3. communities on each affinity factor ------------------------------ */

/* Community method on an affinity factor's weighted graph (all igraph 0.10,
 * edge weights = affinities):
 *   LEIDEN      modularity, Leiden (Traag et al. 2019), consensus over `runs`
 *               seeds (Lancichinetti & Fortunato 2012) -- the default;
 *   LOUVAIN     modularity, Louvain (Blondel et al. 2008,
 *               igraph_community_multilevel), best Q of `runs` seeds;
 *   WALKTRAP    random walks of 4 steps (Pons & Latapy 2006), the dendrogram
 *               cut at its largest modularity;
 *   INFOMAP     map equation (Rosvall & Bergstrom 2008), `runs` trials;
 *   FASTGREEDY  greedy modularity agglomeration (Clauset, Newman & Moore
 *               2004), cut at its largest modularity;
 *   WSBM        weighted stochastic block model with exponential weights by
 *               variational Bayes (Aicher, Jacobs & Clauset 2015; wsbm.h),
 *               K = 1..wsbm_kmax blocks with wsbm_starts seeded starts each,
 *               K by the largest variational bound, blocks = argmax of the
 *               posterior -- closest to the paper's model but flat and not
 *               degree-corrected.
 * None is the paper's nested weighted SBM (docs/dfc.md compares them). */
enum {
    CTOME_DFC_COMM_LEIDEN = 0,
    CTOME_DFC_COMM_LOUVAIN,
    CTOME_DFC_COMM_WALKTRAP,
    CTOME_DFC_COMM_INFOMAP,
    CTOME_DFC_COMM_FASTGREEDY,
    CTOME_DFC_COMM_WSBM,
    CTOME_DFC_COMM_N_METHODS
};

/* "leiden", "louvain", "walktrap", "infomap", "fastgreedy", "wsbm"; NULL out of range. */
const char *ctome_dfc_comm_method_name(int method);

/* The method named `name` (as above), or -1. */
int ctome_dfc_comm_method_parse(const char *name);

typedef struct {
    double active_frac;  /* a neuron is in factor r when its strength >= active_frac x max strength (default 0.2) */
    int runs;            /* Leiden runs for the consensus (default 50) */
    uint64_t seed;
    int consensus;       /* 1 (default): Lancichinetti-Fortunato consensus; 0: best-Q run */
    double min_contrast; /* coherence threshold (below; default 2) */
    int method;          /* CTOME_DFC_COMM_* (default LEIDEN) */
    size_t wsbm_kmax;    /* WSBM: blocks tried 1..wsbm_kmax (default 6) */
    size_t wsbm_starts;  /* WSBM: seeded starts per K (default 10; seed = `seed`) */
} ctome_dfc_comm_opts;

void ctome_dfc_comm_opts_default(ctome_dfc_comm_opts *o);

typedef struct {
    int32_t *membership;  /* N labels 0..n_comm-1, -1 = not active in this factor */
    size_t n_comm;
    int32_t *coherent;    /* N labels 0..n_coherent-1 of the coherent part (below), -1 elsewhere */
    size_t n_coherent;
    double mean_affinity; /* mean f_ij over pairs of active neurons */
    size_t n_active;
    double q;             /* modularity of the partition on the active subgraph */
    int converged;        /* consensus converged */
} ctome_dfc_comm;

/* Communities of one affinity factor f (P values, the pair order above) over
 * n neurons.  Strength s_i = sum_j f_ij; neurons with s_i >= active_frac x
 * max s form the weighted graph w_ij = f_ij (> 0); o->method partitions it
 * (default Leiden with the modularity objective and consensus,
 * ctome_modularity_leiden, modularity.h; the others above; q is always the
 * modularity of the result).  Departs from the paper's nested weighted SBM
 * (docs/dfc.md).
 * Coherence: modularity also groups the neurons that only share the factor's
 * noise floor.  A neuron is coherent in its community when its mean affinity
 * to the community's other members is >= min_contrast x mean_affinity; a
 * community with >= 2 coherent neurons is coherent.  `coherent` numbers the
 * coherent communities 0.. in order of their lowest neuron and keeps their
 * coherent neurons; everything else is -1 (the "background").
 * Errors: n < 2, a bad option (CTOME_EINVAL); fewer than 2 active neurons or
 * no positive weight among them (CTOME_EVALUE).  Not thread-safe (igraph).
 * Cost: runs x Leiden on the active subgraph (O(n_active^2) edges). */
int ctome_dfc_communities(const double *f, size_t n, const ctome_dfc_comm_opts *o, ctome_dfc_comm *out);

void ctome_dfc_comm_clear(ctome_dfc_comm *c);

/* Normalised mutual information of two partitions of n items (labels >= 0;
 * a label < 0 counts as one more class "none"), MI / ((H_a + H_b) / 2), the
 * arithmetic normalisation of sklearn's normalized_mutual_info_score
 * (Vinh, Epps & Bailey 2010, JMLR 11:2837); 1 when both partitions have one
 * class.  Adjusted Rand index (Hubert & Arabie 1985, J Classif 2:193), as
 * sklearn's adjusted_rand_score; 1 when both are trivial.  O(n + Ka Kb). */
int ctome_partition_nmi(const int32_t *a, const int32_t *b, size_t n, double *nmi);
int ctome_partition_ari(const int32_t *a, const int32_t *b, size_t n, double *ari);

/* Permutation test of the agreement of two partitions: NMI and ARI of (a, b)
 * and their one-sided p-values against n_perm shuffles of a (community sizes
 * kept): p = (1 + #{null >= observed}) / (1 + n_perm).  Shuffle r draws from
 * ctome_rng(seed, r).  Errors: n < 2, n_perm 0.  O(n_perm (n + Ka Kb)). */
int ctome_partition_compare(const int32_t *a, const int32_t *b, size_t n, size_t n_perm, uint64_t seed,
                            double *nmi, double *ari, double *p_nmi, double *p_ari);

/* Modules of a connectome layer for the neurons `names` (relations of the
 * dynamic communities to structure): the layer's graph (graph.h, neurons
 * only, undirected view w_ij + w_ji) restricted to its positive weights (the
 * signed Randi 2023 atlas keeps its excitatory part), Leiden with the
 * modularity objective and consensus over `runs` seeds (ctome_modularity_
 * leiden); labels[i] is the module of names[i], -1 when the neuron is not in
 * the layer's graph.  Errors: a missing layer (CTOME_ENOTFOUND), no positive
 * edge (CTOME_EVALUE).  Not thread-safe (igraph).  Cost: runs x Leiden. */
struct ctome_connectome;
int ctome_dfc_layer_modules(const struct ctome_connectome *c, const char *layer, const char *const *names,
                            size_t n, int runs, uint64_t seed, int32_t *labels, size_t *n_modules);

/* ---- 4. planted benchmark ------------------------------------------------ */

typedef struct {
    size_t n_worms;          /* default 4 */
    size_t n_neurons;        /* default 40 */
    size_t n_time;           /* samples per worm (default 1800) */
    double dt;               /* s (default 0.5) */
    size_t n_intervals;      /* consecutive equal intervals (default 3) */
    size_t groups_per_interval; /* communities active together in an interval (default 2) */
    size_t group_size;       /* neurons per community (default 6) */
    double phi;              /* AR(1) coefficient of every latent process (default 0.95) */
    double noise;            /* sd of the white measurement noise; signals have sd 1 (default 0.5) */
    double missing;          /* probability that a neuron is absent in a worm (default 0) */
    uint64_t seed;
} ctome_dfc_planted_opts;

void ctome_dfc_planted_opts_default(ctome_dfc_planted_opts *o);

typedef struct {
    ctome_recordings rec;    /* n_worms recordings, neurons "P001".."Pnnn" (not in the registry) */
    size_t n_groups;         /* n_intervals x groups_per_interval */
    int32_t *group;          /* n_neurons: community of each neuron, -1 = never coherent */
    size_t *interval;        /* n_groups: the interval in which community g is active */
    double *on_start, *on_end; /* n_intervals: [start, end) of each interval, s */
} ctome_dfc_planted;

/* Planted multi-worm recordings.  Community g (neurons g*group_size ..
 * (g+1)*group_size - 1) is active in interval interval[g] = g /
 * groups_per_interval; the remaining neurons never are.  In worm k every
 * neuron i follows its own unit-variance AR(1) process y_i(t) (coefficient
 * phi) except while its community is active, when it follows the community's
 * shared AR(1) process z_g(t) (independent per worm):
 *   x_i(t) = on_g(t) z_g(t) + (1 - on_g(t)) y_i(t) + noise e_i(t),  e ~ N(0, 1).
 * Time t_s = s dt.  Missing neurons (probability `missing`, never all) are
 * removed from that worm.  Errors: sizes 0, more communities than neurons,
 * phi outside [0, 1), noise < 0, missing outside [0, 1) (CTOME_EINVAL).
 * Cost O(K N T). */
int ctome_dfc_planted_make(const ctome_dfc_planted_opts *o, ctome_dfc_planted *out);

void ctome_dfc_planted_clear(ctome_dfc_planted *p);

/* Recovery of a planted run.  For each interval a (in order) the component
 * is matched greedily (each component once): the unused component whose
 * temporal loading has the largest Pearson r with the interval's indicator
 * (the fraction of each window inside the interval) -> comp[a], r[a].  The
 * communities of that component (`coherent` labels of its ctome_dfc_comm,
 * comm[comp[a]]) are scored against the truth "community g for neurons of the
 * communities active in a, -1 for every other neuron" by NMI -> nmi[a]
 * (ctome_partition_nmi).  Neuron names of the tensor must be the generator's
 * "Pnnn".  Errors: more intervals than components (CTOME_EINVAL), a foreign
 * neuron name (CTOME_EVALUE).  O(n_intervals (R W + N)). */
int ctome_dfc_planted_score(const ctome_dfc_planted *pl, const ctome_dfc_tensor *t, const ctome_dfc_factors *f,
                            const ctome_dfc_comm *comm, size_t n_intervals, size_t *comp, double *r, double *nmi);

#endif
