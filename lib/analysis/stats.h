/* stats.h — the statistic set of `ctome stats` for one layer: the global
 * topology (topology.h), modularity, small-world indices, the rich club
 * normalised by a null ensemble, motif z-scores, and optionally the
 * per-neuron table.  This module only assembles the others: each measure is
 * defined (with citations) where it is computed.
 *
 * Nulls follow the measure (each ensemble replicate i on random stream
 * stream0 + i of the seed, ctome_nulls_map: parallel, byte-identical for any
 * thread count; the nulls are never stored):
 *   rich club:  nulls of the UNDIRECTED SIMPLE view of the layer (its
 *               degrees kept exactly; as networkx rich_club_coefficient and
 *               BCT randmio_und), model o->model, streams 0 .. n-1.  So
 *               phi_null(0) = phi(0) and phi_norm(0) = 1 exactly.  A
 *               maslov-sneppen view denser than 1/2 is rewired by the
 *               complement chain (nulls.h: same law, target reached;
 *               rc_chain says which).
 *               phi_norm(k) = phi(k) / mean_null phi(k) (Colizza et al.
 *               2006 Nat Phys 2:110); p(k) = (1 + #{null phi(k) >= phi(k)})
 *               / (1 + n_nulls) (one-sided permutation p, Phipson & Smyth
 *               2010 Stat Appl Genet Mol Biol 9:39); z(k) = (phi(k) - null
 *               mean) / null sd.
 *   motifs:     directed layers only, against nulls that keep every in- and
 *               out-degree AND the number of mutual dyads (Milo et al. 2002
 *               Science 298:824; nulls.h keep_mutual), maslov-sneppen (or
 *               geometry when that model is asked; the strength model's
 *               weights do not change a binary count), streams 2^33 + i;
 *               z = (count - null mean) / null sd; NaN when the null sd is 0.
 *
 * Rich-club significance and membership (Towlson et al. 2013 J Neurosci
 * 33:6380; van den Heuvel & Sporns 2011 J Neurosci 31:15775):
 *   significant(k):  phi_norm(k) > 1 and z(k) > z_crit, z_crit = the upper
 *               alpha / L quantile of the standard normal (one-sided,
 *               Bonferroni over the L distinct clubs tested: the distinct
 *               vertex sets {deg > k} with at least 2 members), alpha = 0.05.
 *               Nothing is significant with fewer than CTOME_STATS_RC_MIN_NULLS
 *               (20) nulls.
 *   regimes:    maximal runs of consecutive significant k.
 *   level k_rc: rich_k when the user sets it (>= 0); else (rich_k = -1)
 *               the lowest k of the highest regime (the onset of the
 *               rich-club regime of the hubs); -1 when nothing is significant.
 *   members:    vertices of undirected degree > k_rc.
 * On Towlson's network (Varshney 2011 chemical + gap junctions, 279
 * neurons, 2287 edges) the highest regime is 39 <= k <= 52 (no neuron has
 * degree 40..43, so every k in 39..43 gives the same club) and the club is
 * their 11 neurons; Towlson report 44 <= k < 53.
 */
#ifndef CTOME_STATS_H
#define CTOME_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "connectome.h"
#include "graph.h"
#include "nulls.h"
#include "progress.h"
#include "topology.h"

#define CTOME_STATS_MOTIFS 13
/* Fewer nulls than this: no k is called significant (the null sd is too
 * noisy for a z test), so the automatic rich-club level is -1. */
#define CTOME_STATS_RC_MIN_NULLS 20
/* Leiden in the large-graph mode (best Q of the runs, no consensus): each run
 * CTOME_STATS_LARGE_ITERATIONS iterations (python-igraph's and leidenalg's
 * default; the default mode's igraph n_iterations -1 is one iteration with
 * Debian's igraph, modularity.h), and ctome_stats_large_runs(m_und) runs:
 * CTOME_STATS_LARGE_LEIDEN_WORK / m_und (m_und = undirected edges), at least
 * 1 and at most CTOME_STATS_LARGE_RUNS (and never more than the runs asked),
 * so that Leiden's total work stays about constant in the graph's size:
 * 10 runs up to 400 000 edges, 4 at 1M edges (100k vertices / 1M arcs), 1
 * from 4M edges on.  Measured on the scaling benchmark's 100k-vertex graph
 * (docs/methods.md "Large graphs"): the 2nd iteration raises one run's Q
 * from 0.160 to 0.206, far above the best of 10 one-iteration runs. */
#define CTOME_STATS_LARGE_RUNS 10
#define CTOME_STATS_LARGE_ITERATIONS 2
#define CTOME_STATS_LARGE_LEIDEN_WORK 4000000

typedef struct {
    ctome_null_model model;      /* default maslov-sneppen */
    size_t n_nulls;              /* >= 1; default 100 */
    uint64_t seed;               /* default 1 */
    int threads;                 /* 0: OpenMP default (all cores) */
    int weighted;                /* modularity and participation on und weights */
    double gamma;                /* modularity resolution; default 1 */
    size_t modularity_runs;      /* Leiden runs for the consensus; default 100 */
    int nodes;                   /* also fill the per-neuron table */
    int nulls_only;              /* 1: only the null-normalised part (rich club, motifs) and
                                    the counts; every other measure NaN (benchmarks, graphs too
                                    large for all-pairs paths or consensus modularity) */
    int no_smallworld;           /* 1: leave sigma and omega NaN (their lattice nulls are the
                                    slowest part on dense layers) */
    int no_motifs;               /* 1: no motif census and no motif nulls (has_motifs 0): for
                                    callers that print no motif statistic; the rich club and
                                    every other value are unchanged (its nulls use other streams) */
    size_t smallworld_nulls;     /* random and lattice references for sigma/omega; 0: default 10 */
    int smallworld_gnm;          /* 1: Erdos-Renyi G(n, m) random references (Watts & Strogatz
                                    1998) instead of degree-preserving ones */
    long rich_k;                 /* rich-club level set by the user (members: degree > rich_k);
                                    -1 (default): the rule above */
    double rc_alpha;             /* family-wise alpha of the rich-club test; default 0.05 */
    long path_sources;           /* path measures: -1 (default) exact when affordable
                                    (ctome_path_exact_affordable), else the large-graph
                                    mode below; 0 always exact; K > 0 sampled from K sources
                                    (on a graph above the exact size also the rest of the
                                    large-graph mode) */
    const double *pos;           /* geometry null: 3 x n positions (ctome_nulls_positions) */
    const ctome_dist *dist;      /* rich-club and motif nulls split over processes (dist.h);
                                    NULL = one process; results bit-identical either way */
    ctome_progress_fn progress;  /* may be NULL */
    void *progress_user;
} ctome_stats_opts;

void ctome_stats_opts_default(ctome_stats_opts *o);

/* Leiden runs of the large-graph mode for a graph of m_und undirected edges
 * (the rule above), before the cap by opts.modularity_runs.  Cost O(1). */
size_t ctome_stats_large_runs(size_t m_und);

typedef struct {
    ctome_topology topo;
    /* modularity (NaN / 0 when not computed: --nulls-only) */
    double q;
    size_t n_modules;
    double gamma;
    size_t runs;
    int iterations;              /* Leiden iterations per run; -1: igraph's n_iterations -1
                                    (one iteration with Debian's igraph, modularity.h) */
    int32_t *module;             /* n vertices, 0-based module of each vertex */
    /* small world (smallworld.h): sigma, omega and their parts */
    double sigma, omega;
    double sw_c, sw_l, sw_c_rand, sw_l_rand, sw_c_latt;
    size_t sw_refs;
    int sw_gnm;
    /* rich club, k = 0 .. rc_n - 1 */
    size_t rc_n;
    double *rc_phi, *rc_null_mean, *rc_null_sd, *rc_norm, *rc_p;
    double *rc_z;                /* z(k); NaN where the null sd is 0 */
    int *rc_sig;                 /* significant(k) */
    size_t rc_tests;             /* L: distinct clubs tested */
    double rc_alpha;             /* family-wise alpha used */
    double rc_z_crit;
    long rc_level;               /* k_rc, or -1 */
    int rc_level_user;           /* 1: k_rc came from opts.rich_k */
    size_t rc_members;           /* vertices with degree > k_rc (0 when k_rc = -1) */
    const char *rc_chain;        /* the rich-club nulls' swap chain: "plain", or "complement"
                                  * for a view denser than 1/2 (nulls.h); NULL: no nulls run */
    /* motifs (directed layers; NaN for undirected ones) */
    int has_motifs;
    double motif_count[CTOME_STATS_MOTIFS];
    double motif_null_mean[CTOME_STATS_MOTIFS];
    double motif_null_sd[CTOME_STATS_MOTIFS];
    double motif_z[CTOME_STATS_MOTIFS];
    /* the nulls used */
    ctome_null_model model;
    size_t n_nulls;
    uint64_t seed;
    /* Large-graph mode (path_sources -1 and n x m_und > CTOME_PATH_EXACT_MAX_WORK):
     * path measures from CTOME_PATH_SOURCES_DEFAULT sampled sources (topo.path_*),
     * modularity = the best-Q partition of ctome_stats_large_runs(m_und) Leiden
     * runs of CTOME_STATS_LARGE_ITERATIONS iterations (the consensus needs an
     * n x n co-assignment matrix), small-world
     * indices not computed (each needs O(n m) path lengths on every reference
     * and lattice rewiring); the per-node table is refused (exact betweenness
     * and closeness are O(n m)). */
    int large;
    int modularity_consensus;    /* 1: consensus partition; 0: best-Q run */
    int modularity_consensus_skipped;  /* consensus asked but above its memory budget
                                        * (ctome_modularity.consensus_skipped, modularity.h) */
    size_t modularity_consensus_bytes; /* what it needed */
    /* per-neuron table (opts.nodes) */
    ctome_node_table *nodes;
    double *participation;       /* Guimera & Amaral 2005 */
    double *within_z;
    int *rich_club_member;
} ctome_stats;

/* Compute the statistic set of graph g (from ctome_graph_from_layer on c;
 * c may be NULL: no bilateral symmetry).  Errors: n_nulls == 0
 * (CTOME_EINVAL, "at least 1 null"), an empty graph, a graph that cannot be
 * rewired, geometry null without positions (from nulls.h).  Cost: the path
 * measures O(n m), plus n_nulls x (rewiring O(10 m) + rich club O(m) +
 * motifs O(m d)). */
int ctome_stats_compute(const ctome_connectome *c, const ctome_graph *g, const ctome_stats_opts *o,
                        ctome_stats *s);
void ctome_stats_clear(ctome_stats *s);

/* Names of the 13 connected 3-node directed motif classes in the order of
 * the counts (the classes of Milo et al. 2002, numbered as igraph's
 * isoclass with the unconnected classes removed). */
const char *ctome_stats_motif_name(size_t i);

#endif
