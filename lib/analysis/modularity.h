/* modularity.h — modules of a connectome layer: Leiden with the modularity
 * objective, a consensus over runs, Newman's Q of a partition, and the
 * node roles of Guimerà & Amaral (participation coefficient, within-module
 * degree z-score).
 *
 * Everything runs on the undirected simple view `und` of a ctome_graph
 * (graph.h), binary or weighted (und weights: w_ij + w_ji for a directed
 * layer).  Memberships are int32_t arrays of g->n module labels; the labels
 * this module returns are 0 .. n_modules-1, numbered in order of their lowest
 * vertex, so equal partitions give equal arrays.
 *
 * igraph is used for Leiden (igraph_community_leiden).  Debian's igraph is
 * not thread-safe, so ctome_modularity_leiden holds a process-wide lock:
 * threads may call it, one runs at a time (no parallel speed-up from calling
 * it inside an OpenMP region).  ctome_modularity_q, ctome_participation and
 * ctome_module_zscore are plain C and safe anywhere.
 */
#ifndef CTOME_MODULARITY_H
#define CTOME_MODULARITY_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"

typedef struct {
    double gamma;        /* resolution; default 1 */
    int weighted;        /* 1: und weights; 0 (default): binary */
    int runs;            /* independent Leiden runs; default 100 */
    int consensus;       /* 1 (default): Lancichinetti-Fortunato consensus; 0: best-Q run */
    double tau;          /* consensus threshold on co-assignment; default 0.5 */
    int max_rounds;      /* consensus re-clustering rounds before giving up; default 20 */
    double beta;         /* Leiden randomness (Traag et al. 2019); default 0.01 */
    int iterations;      /* Leiden iterations per run (each: local moving, refinement, aggregation,
                            from the previous partition), >= 1; or -1 (default): igraph's
                            n_iterations -1, see ctome_modularity_leiden */
    size_t max_bytes;    /* consensus memory budget (ctome_consensus_bytes); default
                          * CTOME_CONSENSUS_MAX_BYTES; 0 means the default */
} ctome_modularity_opts;

/* Memory budget of the consensus: its co-assignment counts (the upper
 * triangle, n(n-1)/2 counters of 1 byte for runs <= 255, 2 bytes for runs <=
 * 65535) and, each round, its thresholded graph must each fit in it.  512 MiB
 * allows n <= 32768 vertices at <= 255 runs (the default 100) and n <= 23170
 * at <= 65535 runs. */
#define CTOME_CONSENSUS_MAX_BYTES ((size_t)512 << 20)
/* Most runs a consensus can count (16-bit counters). */
#define CTOME_CONSENSUS_MAX_RUNS 65535

/* Bytes of the co-assignment counts of a consensus over `runs` partitions of
 * n vertices: n(n-1)/2 x (1 if runs <= 255, else 2), in *bytes (SIZE_MAX when
 * the product overflows).  Returns 1 when that fits in max_bytes, else 0;
 * runs outside 1 .. CTOME_CONSENSUS_MAX_RUNS return 0 with *bytes = SIZE_MAX.
 * Cost O(1). */
int ctome_consensus_bytes(size_t n, int runs, size_t max_bytes, size_t *bytes);

/* The thresholded co-assignment graph of `runs` partitions of n vertices
 * (mem: runs x n labels in [0, n), run-major), one consensus round of
 * ctome_modularity_leiden (Lancichinetti & Fortunato 2012; BCT's agreement
 * + consensus_und threshold): the pairs i < j, in row-major order, with D_ij
 * = (runs putting i and j together) / runs >= tau, weight D_ij; plus, for a
 * vertex with no entry >= tau, its largest entry (the lowest partner on
 * ties).  *src, *dst, *w: *m entries, malloc'd (the caller frees; at least
 * one byte each even when *m = 0).  Errors: NULL arguments, n < 1, runs
 * outside 1 .. CTOME_CONSENSUS_MAX_RUNS, tau outside (0, 1], a label outside
 * [0, n) (CTOME_EINVAL); the counts or the graph above max_bytes (0: the
 * default budget) (CTOME_EVALUE).  Cost O(n^2) + O(sum over runs and modules
 * of size^2); memory ctome_consensus_bytes + O(n) + the graph. */
int ctome_consensus_graph(const int32_t *mem, int runs, size_t n, double tau, size_t max_bytes,
                          int32_t **src, int32_t **dst, double **w, size_t *m);

/* Why a consensus was not built (ctome_modularity.consensus_skipped). */
enum {
    CTOME_CONSENSUS_SKIP_COUNTS = 1, /* the co-assignment triangle is above the budget */
    CTOME_CONSENSUS_SKIP_GRAPH = 2   /* a round's thresholded graph is above the budget */
};

/* The defaults above. */
void ctome_modularity_opts_default(ctome_modularity_opts *o);

typedef struct {
    double q;            /* Newman Q of `membership` on the input graph (gamma, weighted as asked) */
    size_t n_modules;
    double gamma;
    int runs;
    int iterations;      /* opts.iterations as used (-1: igraph's n_iterations -1) */
    uint64_t seed;
    int consensus;       /* whether membership is the consensus partition */
    double best_run_q;   /* the highest Q among the individual runs */
    double agreement;    /* mean over runs of the Rand index between the run and `membership` */
    int rounds;          /* consensus rounds used (0 without consensus) */
    int converged;       /* consensus: 1 if the co-assignment matrix became 0/1 */
    int consensus_skipped;  /* consensus asked but not built (consensus = 0, the best-Q run is
                             * returned): CTOME_CONSENSUS_SKIP_COUNTS or _GRAPH */
    size_t consensus_bytes; /* what the skipped part needed (bytes); 0 otherwise */
    size_t n;
    int32_t *membership; /* n labels, 0 .. n_modules-1 */
} ctome_modularity;

/* Modularity Q of a partition (Newman & Girvan 2004; Newman 2006 PNAS
 * 103:8577) on `und`, with resolution gamma (Reichardt & Bornholdt 2006):
 *   Q = sum_c [ W_c / W - gamma (S_c / 2W)^2 ],
 * W = total edge weight (number of edges when binary), W_c = weight inside
 * module c, S_c = sum of the strengths (degrees) of its vertices.  Equals
 * networkx.community.modularity and igraph's modularity.  Labels are any
 * non-negative integers < n.  Errors: NULL arguments, a label < 0 or >= n
 * (CTOME_EINVAL), a graph with no edge or a non-positive / non-finite weight
 * when weighted (CTOME_EVALUE).  Cost O(n + m). */
int ctome_modularity_q(const ctome_graph *g, const int32_t *membership, double gamma, int weighted,
                       double *q);

/* Leiden (Traag, Waltman & van Eck 2019 Sci Rep 9:5233) with the modularity
 * objective through igraph_community_leiden: node weights = strengths,
 * resolution = gamma / (2W).  Run r (r = 0 .. runs-1) seeds igraph's RNG with
 * seed + r; the runs are sequential.  Iterations per run (o->iterations):
 * K >= 1 runs exactly K Leiden iterations, each started from the previous
 * partition (python-igraph and leidenalg default to 2); -1 passes igraph's
 * n_iterations = -1, documented "until an iteration changes nothing", but
 * igraph releases before the fix of igraph issue #2798 (2025; Debian 12's
 * 0.10.2 among them) stop after the first iteration that changes the
 * partition: in practice exactly ONE iteration from singletons (checked:
 * same partition as K = 1 on the 100k-vertex benchmark graph).
 *
 * Consensus (o->consensus, default; Lancichinetti & Fortunato 2012 Sci Rep
 * 2:336): the co-assignment matrix D_ij = fraction of runs that put i and j
 * together is thresholded at tau (entries < tau set to 0), and Leiden (same
 * objective, on D as a weighted graph) is run `runs` times on it; repeated
 * until every run on D gives the same partition (D is 0/1) or max_rounds is
 * reached, in which case the last round's best-Q partition is kept and
 * converged = 0.  One departure from the paper: a vertex none of whose D
 * entries reaches tau keeps its largest entry (lowest partner on ties), so
 * that a vertex with changing partners joins the one it is most often with
 * instead of becoming a module of its own.  The consensus partition is the
 * stable one; its Q is typically a little below the best single run (1-2%
 * on the C. elegans chemical and electrical layers), which is reported as
 * best_run_q.  Without consensus, the run with the highest Q is returned.
 * q is always recomputed on the input graph with ctome_modularity_q.
 * Memory: the co-assignment counts are kept as the upper triangle of small
 * integers (ctome_consensus_bytes) and each vertex's best partner as an
 * array, so the consensus needs n(n-1)/2 bytes (runs <= 255; twice that up
 * to 65535 runs) plus its thresholded graph (about 70 bytes per kept pair:
 * the pair lists and igraph's graph).  When the counts would exceed
 * o->max_bytes (default CTOME_CONSENSUS_MAX_BYTES = 512 MiB: n <= 32768 at
 * <= 255 runs), or a round's thresholded graph would, the consensus is not
 * built: the best-Q run is returned with consensus = 0, consensus_skipped
 * saying which part and consensus_bytes what it needed (callers print it).
 *
 * Errors: runs < 1, iterations 0 or < -1, gamma <= 0, tau outside (0, 1], a consensus over more
 * than CTOME_CONSENSUS_MAX_RUNS runs (CTOME_EINVAL); a graph with no edge or
 * a bad weight (CTOME_EVALUE); igraph failure (CTOME_ELIB).
 * Cost: runs x iterations x Leiden (about O(m) per iteration); each consensus round adds
 * O(n^2) for the triangle's scans plus O(sum over runs and modules of
 * size^2) for the counts (O(runs n^2) only when a run has one giant module).  Serialised by a lock (igraph is not thread-safe). */
int ctome_modularity_leiden(const ctome_graph *g, const ctome_modularity_opts *o, uint64_t seed,
                            ctome_modularity *out);

/* Free the membership of a result (the struct itself is the caller's). */
void ctome_modularity_clear(ctome_modularity *m);

/* Participation coefficient (Guimerà & Amaral 2005 Nature 433:895) of every
 * vertex on `und`:  P_i = 1 - sum_s (k_is / k_i)^2, k_is = degree (strength
 * when weighted) of i into module s; 0 for an isolated vertex.  p[n].
 * Errors: as ctome_modularity_q.  Cost O(n + m) with an O(n) scratch. */
int ctome_participation(const ctome_graph *g, const int32_t *membership, int weighted, double *p);

/* Within-module degree z-score (Guimerà & Amaral 2005):
 *   z_i = (k_i,s_i - mean_{j in s_i} k_j,s_i) / sd_{j in s_i} k_j,s_i,
 * k_i,s_i = degree (strength) of i inside its own module; sd = population
 * standard deviation (ddof = 0, as bctpy module_degree_zscore); z = 0 where
 * the module's sd is 0 (e.g. single-vertex modules).  z[n].  Errors: as
 * ctome_modularity_q.  Cost O(n + m). */
int ctome_module_zscore(const ctome_graph *g, const int32_t *membership, int weighted, double *z);

#endif
