/* structfunc.h — structure-function tests: does a connectome layer predict
 * a functional matrix (the Randi 2023 signal-propagation atlas, the Uzel
 * 2022 functional connectivity, a recording's correlation matrix) over the
 * neurons both have?
 *
 * Definitions (docs/methods.md "Structure-function"):
 *   shared neurons  the vertices of ctome_graph_from_layer(c, layer) (neurons
 *                   with at least one edge in the layer, self-loops dropped)
 *                   whose canonical name is a row of the functional matrix F
 *                   (pairs are enumerated in connectome node order; the
 *                   list `shared` is sorted by name).
 *   pairs           F is "symmetric" when F_ij and F_ji are equal or both NaN
 *                   for every i < j (Uzel matrices 1-8, correlations).  Then
 *                   the unordered pairs i < j of shared neurons, functional
 *                   value F_ij, structural value w_ij + w_ji for a directed
 *                   layer (all synapses between the pair, the graph's `und`
 *                   view) or w_ij for an undirected one.  Otherwise (Randi:
 *                   stimulated -> responding) the ordered pairs i != j,
 *                   functional F_ij, structural w(i -> j) (undirected
 *                   layers: w_ij).  Pairs whose functional value is NaN are
 *                   left out; unconnected pairs have structural value 0.
 *   rho             Spearman rank correlation over the pairs: Pearson r of
 *                   average ranks (scipy.stats.spearmanr, ties averaged).
 *   p               two-sided, against n_nulls degree-preserving nulls of the
 *                   layer (nulls.h, Maslov-Sneppen by default: weights stay
 *                   in their edge slots, so the weight distribution is kept):
 *                   p = (1 + #{|rho_null| >= |rho|}) / (1 + n_nulls) (Phipson &
 *                   Smyth 2010).  Null k uses random stream k of the seed, so
 *                   p is identical for any thread count.  A null whose rho is
 *                   undefined (no structural variation over the pairs) counts
 *                   as rho_null = 0.
 *   RDM comparison  over the shared neurons, unordered pairs: structural
 *                   dissimilarity 1 - Gs_ij / max Gs, Gs = symmetrised
 *                   ((G + G')/2) weighted communicability G = expm(S^-1/2 A
 *                   S^-1/2) of the whole layer graph (communicability.h;
 *                   walks may pass through non-shared neurons), or with
 *                   CTOME_SF_RDM_PATH the hop count on the undirected view
 *                   (unreachable: 1 + the longest finite one); functional
 *                   dissimilarity 1 - s_ij, s_ij = the mean of the non-NaN
 *                   values among F_ij, F_ji (for a correlation matrix the
 *                   correlation distance 1 - r).  Compared with Spearman
 *                   (rsa.h ctome_rsa_compare) and a one-sided permutation test
 *                   over neurons (ctome_rsa_perm_test, n_nulls permutations,
 *                   same seed).  When some functional dissimilarities are NaN
 *                   the Spearman is computed over the finite pairs only and no
 *                   permutation p is given (NaN).
 *
 * Functional sources as ctome_fmatrix (recordings_io.h):
 *   - a connectome's signed functional layer (the Randi 2023 atlas):
 *     ctome_structfunc_layer_fmatrix.  Rows = neurons with at least one
 *     non-zero entry.  The Randi export writes 0 both for "no significant
 *     response" and "not measured" (data/SOURCES.md), and the reader keeps
 *     only non-zero entries, so a missing pair is ambiguous.  Randi et al.
 *     2023 measured 23,427 of the ~90,000 ordered pairs and report responses
 *     only over measured pairs, so most absent pairs were never measured.
 *     Default (CTOME_SF_ABSENT_DEFAULT = CTOME_SF_ABSENT_NAN, shared by
 *     `ctome structfunc`, `ctome perturb atlas` and the report): a missing
 *     pair is NaN and left out, so rho measures only whether structure
 *     predicts the amplitude of the significant responses.
 *     CTOME_SF_ABSENT_ZERO: a missing pair is 0, "no response" — the atlas
 *     then covers every pair of its neurons, most tied at 0, and unmeasured
 *     pairs count as silent.
 *   - the Uzel 2022 FC (ctome_read_uzel_fc), default matrix 1 (correlation
 *     of time derivatives);
 *   - a recording: ctome_recording_correlation.
 */
#ifndef CTOME_STRUCTFUNC_H
#define CTOME_STRUCTFUNC_H

#include <stddef.h>
#include <stdint.h>

#include "connectome.h"
#include "nulls.h"
#include "recording.h"
#include "recordings_io.h"

/* How a pair absent from an atlas export is read (see above).  One default
 * for every command that reads an atlas layer: change it here only. */
enum { CTOME_SF_ABSENT_ZERO = 0, CTOME_SF_ABSENT_NAN = 1 };
#define CTOME_SF_ABSENT_DEFAULT CTOME_SF_ABSENT_NAN

/* "zero" or "nan" (the --absent spelling); NULL for another value. */
const char *ctome_sf_absent_name(int absent_as_nan);
/* Parse "zero" / "nan" into *absent_as_nan; -1 (nothing set) otherwise. */
int ctome_sf_absent_parse(const char *s, int *absent_as_nan);

/* Pearson correlation matrix of a recording's labelled neurons (unlabelled
 * ROIs cannot be matched by name and are left out), each pair over the time
 * samples where both traces are finite (pairwise complete).  NaN when fewer
 * than 3 such samples or a trace is constant over them; diagonal 1.  id =
 * the recording id.  Errors: no labelled neuron (CTOME_EVALUE naming the
 * recording).  Cost O(N^2 T). */
int ctome_recording_correlation(const ctome_recording *rec, ctome_fmatrix **out);

/* A connectome layer (normally "functional") as a functional matrix (see the
 * top of this file for the absent-pair choice).  Diagonal NaN.  Errors:
 * missing layer (CTOME_ENOTFOUND listing the layers), no neuron edge
 * (CTOME_EVALUE).  O(n^2 + m). */
int ctome_structfunc_layer_fmatrix(const ctome_connectome *c, const char *layer, int absent_as_nan,
                                   ctome_fmatrix **out);

/* A functional source by name: a bundled connectome dataset id with a
 * "functional" layer (randi2023-funconn), "uzel2022-fc" or "uzel2022-fc:N"
 * (N = 1..9), a bundled recording id (atanas2023-sample, scholz2018-gfp) or a
 * recording file (the first recording of the file; its correlation matrix).
 * Files come from `datadir`.  Errors: unknown source (CTOME_ENOTFOUND,
 * listing the choices), a bad N (CTOME_EINVAL), the readers' errors. */
int ctome_structfunc_functional(const char *spec, const char *datadir, const ctome_registry *reg,
                                int absent_as_nan, ctome_fmatrix **out);

typedef enum {
    CTOME_SF_RDM_COMMUNICABILITY = 0,  /* 1 - normalised weighted communicability */
    CTOME_SF_RDM_PATH                  /* hops on the undirected view */
} ctome_sf_rdm;

const char *ctome_sf_rdm_name(ctome_sf_rdm r);

typedef struct {
    size_t n_nulls;          /* >= 1; default 1000 */
    uint64_t seed;           /* default 1 */
    int threads;             /* 0: OpenMP default */
    ctome_null_model model;  /* default maslov-sneppen */
    ctome_sf_rdm rdm;        /* default communicability */
    const ctome_dist *dist;  /* nulls and permutations split over processes (dist.h); NULL = one */
    void (*progress)(size_t done, size_t total, void *user);
    void *progress_user;
} ctome_structfunc_opts;

void ctome_structfunc_opts_default(ctome_structfunc_opts *o);

typedef struct {
    char *layer;
    char *functional;        /* F's id */
    int layer_directed;
    int symmetric;           /* F treated as symmetric (unordered pairs) */
    size_t n_shared;
    char **shared;           /* canonical names, sorted */
    size_t n_pairs;
    double *structural;      /* n_pairs structural values */
    double *func;            /* n_pairs functional values */
    double rho;
    double p;
    size_t n_ge;             /* nulls with |rho_null| >= |rho| */
    double null_mean, null_sd;
    size_t n_nulls;
    uint64_t seed;
    ctome_null_model model;
    /* RDM comparison */
    ctome_sf_rdm rdm;
    size_t rdm_pairs;        /* pairs with a finite functional dissimilarity */
    double rdm_rho;          /* Spearman of the two RDMs */
    double rdm_p;            /* permutation p, NaN when the functional RDM is incomplete */
} ctome_structfunc;

/* The tests above for layer `layer` of c against F.  Errors: missing layer
 * (CTOME_ENOTFOUND), fewer than 2 shared neurons ("no shared neurons",
 * CTOME_EVALUE naming both), fewer than 3 pairs with a functional value, no
 * variation in the structural or functional values (rho undefined,
 * CTOME_EVALUE), n_nulls = 0 (CTOME_EINVAL), the null errors (a layer that
 * cannot be rewired).  On error *out is cleared.  Cost: O(P log P) per null
 * (P pairs) + O(k^2) per null for k shared neurons, + O(n^3) for the
 * communicability. */
int ctome_structfunc_compute(const ctome_connectome *c, const char *layer, const ctome_fmatrix *f,
                             const ctome_structfunc_opts *o, ctome_structfunc *out);
void ctome_structfunc_clear(ctome_structfunc *s);

/* Spearman rank correlation of two vectors of length n >= 2 (average ranks),
 * NaN when either is constant.  Exposed for tests. */
int ctome_structfunc_spearman(size_t n, const double *x, const double *y, double *rho);

#endif
