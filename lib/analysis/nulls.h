/* nulls.h — null models of a ctome_graph and parallel ensembles of them.
 *
 * Three models (docs/methods.md):
 *
 *   maslov-sneppen  degree-preserving rewiring (Maslov & Sneppen 2002 Science
 *                   296:910).  Directed: two arcs a->b, c->d become a->d,
 *                   c->b; every in- and out-degree is kept exactly.
 *                   Undirected: {a,b}, {c,d} become {a,d}, {c,b} (the second
 *                   edge's orientation drawn at random, so both rewirings
 *                   are reachable); every degree is kept exactly.  A swap is
 *                   rejected when it would make a self-loop or an arc that
 *                   already exists, so the null stays simple.
 *                   Weights: each weight stays in its edge slot.  In a
 *                   directed graph the slot keeps its source, so every
 *                   vertex's OUT-strength is kept exactly and in-strengths
 *                   are not; in an undirected graph the multiset of weights is
 *                   kept but strengths are not.  Use `strength` to keep
 *                   strengths.
 *   strength        strength-preserving (Rubinov & Sporns 2011 NeuroImage
 *                   56:2068; simulated-annealing form of Milisav et al. 2024,
 *                   netneurotools strength_preserving_rand_sa): Maslov-Sneppen
 *                   binary rewiring, then the original weights are dealt to
 *                   the null edges in random order and pairs of weights are
 *                   swapped by simulated annealing to minimise
 *                   E = sum_i (s_i^null - s_i)^2 over the strength sequence
 *                   (directed: out- plus in-strength terms).  Defaults follow
 *                   netneurotools: 100 stages x 10000 proposals, initial
 *                   temperature 1000, temperature x 0.5 after each stage.
 *                   The state with the lowest energy seen at the end of a
 *                   stage is returned.  Reported: relative strength error
 *                   sqrt(E) / sqrt(sum_i s_i^2) (over out and in for directed).
 *   geometry        geometry-preserving (Roberts et al. 2016 NeuroImage
 *                   124:379; Betzel & Bassett 2018 PNAS 115:E4880): a
 *                   Maslov-Sneppen swap is accepted only if the lengths of the
 *                   two new edges fall in the same distance bins as the two
 *                   old ones (as a multiset), so the number of edges in every
 *                   length bin is kept exactly.  Length = Euclidean distance
 *                   between soma positions (µm); bins = `n_bins` quantile bins
 *                   of the original edge lengths (lengths outside the observed
 *                   range go to the first or last bin).  Positions come from
 *                   ctome_nulls_positions().  Weights follow the
 *                   maslov-sneppen rule.  About 10x more attempts than
 *                   maslov-sneppen are needed (most swaps change a bin).
 *
 * Mutual dyads (keep_mutual, directed graphs; Milo et al. 2002 Science
 * 298:824, the mfinder switching model): a directed Maslov-Sneppen swap
 * turns reciprocal pairs into single arcs (Varshney 2011 chemical:
 * reciprocity 0.212 observed, about 0.055 in such nulls), which inflates the
 * z-score of every motif with a mutual pair.  With keep_mutual the arcs are
 * split into single arcs and mutual pairs, and each attempt (an arc drawn
 * uniformly) swaps two of one kind: singles a->b, c->d become a->d, c->b
 * (rejected when a->d, d->a, c->b or b->c exists, so no pair becomes
 * mutual); mutual pairs a<->b, c<->d become a<->d, c<->b (rejected when
 * a and d or c and b are joined either way).  Every in- and out-degree and
 * the number of mutual dyads are kept exactly; weights keep their source
 * (out-strengths kept).  Ignored for undirected graphs.
 *
 * Swaps: the target is round(swaps_per_edge x m) successful swaps (m = arcs,
 * or undirected pairs), drawn in at most max_tries x target attempts; the
 * achieved number is reported (a dense graph may not reach the target).
 * Zero successful swaps is an error (the graph cannot be rewired).
 *
 * The complement chain (opts.complement; binary nulls of dense graphs): on a
 * graph denser than 1/2 the plain chain rejects almost every attempt (the
 * new edges mostly exist already).  A swap of G, edges {a,d},{c,b} ->
 * {a,b},{c,d}, is exactly a swap of G's complement, non-edges {a,b},{c,d}
 * -> {a,d},{c,b}, and the validity tests (no self-loop, no existing edge)
 * correspond one to one (directed: arcs, the same argument).  Both chains
 * propose each valid swap with equal probability (1/m^2, resp. 1/m'^2 with
 * m' the complement's edges), so, conditioned on a swap being made, the
 * next graph is uniform over the same valid swaps: the two chains have the
 * same jump chain, and the graph after K successful swaps has the same law
 * under both.  The complement chain keeps the SAME target, round(
 * swaps_per_edge x m) swaps counted on G's edges, and the same budget
 * max_tries x target; its acceptance is higher by (m/m')^2, so it reaches
 * the target where the plain chain runs out of budget: the null is
 * distributed as the plain chain run to its target without a budget.
 * Applies (ctome_null_uses_complement) to the maslov-sneppen model without
 * keep_mutual on a directed graph (the mutual-dyad move set does not map
 * onto itself under complement), up to CTOME_NULL_BITS_MAX_N vertices, when
 * m > pairs / 2.  The null's edges come in (src, dst) order with the
 * original weights dealt to them in slot order: a binary null (the rich
 * club's); do not ask for it when weights matter.
 *
 * Ensembles: replicate i is seeded with ctome_rng_seed(&r, seed, i), and runs
 * in its own per-thread workspace, so an ensemble is byte-identical for any
 * number of threads, and for any number of processes (opts.dist).  The rewiring loop allocates nothing: an edge array and
 * an open-addressing hash set of (u << 32 | v) keys give O(1) swaps.
 */
#ifndef CTOME_NULLS_H
#define CTOME_NULLS_H

#include <stddef.h>
#include <stdint.h>

#include "connectome.h"
#include "dist.h"
#include "graph.h"
#include "rng.h"
#include "store_nulls.h"

typedef enum {
    CTOME_NULL_MASLOV_SNEPPEN = 0,
    CTOME_NULL_STRENGTH,
    CTOME_NULL_GEOMETRY
} ctome_null_model;

/* "maslov-sneppen", "strength", "geometry". */
const char *ctome_null_model_name(ctome_null_model m);
/* Parse a model name (also "ms", "degree" for maslov-sneppen); CTOME_EINVAL
 * listing the names otherwise. */
int ctome_null_model_parse(const char *s, ctome_null_model *m);

typedef struct {
    ctome_null_model model;
    double swaps_per_edge;   /* successful swaps per edge; default 10 */
    double max_tries;        /* attempts allowed per targeted swap; default 100 */
    /* strength: simulated annealing (netneurotools defaults) */
    size_t sa_stages;        /* default 100 */
    size_t sa_iter;          /* proposals per stage; default 10000 */
    double sa_temp;          /* initial temperature, in (strength units)^2; default 1000 */
    double sa_cool;          /* temperature factor per stage, in (0, 1]; default 0.5 */
    /* geometry */
    int n_bins;              /* quantile length bins; default 10 */
    const double *pos;       /* 3 x n vertex positions (x, y, z per vertex), borrowed */
    /* directed graphs: 1 = also keep the number of mutual dyads (below) */
    int keep_mutual;
    /* 1 = run the swaps on the complement when the graph is denser than 1/2
     * (binary nulls; above, ctome_null_uses_complement); default 0 */
    int complement;
    /* replicate i draws from random stream stream0 + i of the seed (default 0;
     * two ensembles of one seed on disjoint streams) */
    uint64_t stream0;
    /* ensembles */
    int threads;             /* OpenMP threads; 0 = OpenMP's default */
    /* Split over processes (dist.h): this process computes its block of the
     * replicates and every block is gathered, so map and ensemble results
     * are bit-identical to one process.  NULL = one process.  Ignored by
     * ctome_nulls_generate (graphs are not gathered: it computes all). */
    const ctome_dist *dist;
    /* Progress, called after each replicate with (done, total) from whichever
     * thread finished it (serialised); may be NULL. */
    void (*progress)(size_t done, size_t total, void *user);
    void *progress_user;
} ctome_null_opts;

/* The defaults above (model maslov-sneppen). */
void ctome_null_opts_default(ctome_null_opts *o);

/* What one replicate achieved. */
typedef struct {
    uint64_t attempts;       /* swap attempts */
    uint64_t swaps;          /* successful swaps */
    uint64_t target;         /* round(swaps_per_edge x m) */
    double strength_error;   /* relative strength error sqrt(E)/sqrt(sum s^2): 0 unless model = strength */
    double strength_error0;  /* the same before annealing (weights dealt at random) */
} ctome_null_info;

/* Positions for the geometry null: x, y, z of every vertex of `g` (a graph
 * from ctome_graph_from_layer) from the registry of `c` (Skuhersky 2022 soma
 * positions).  Vertices without a position (e.g. CANL/CANR, non-neurons):
 *   drop_missing = 0  CTOME_EVALUE naming them (the default policy);
 *   drop_missing = 1  *sub = the graph without them and their edges (its
 *                     `node` maps to connectome nodes), *n_dropped = their count.
 * *sub is NULL when every vertex has a position (use g).  *pos (malloc'd,
 * 3 x vertices of the graph to use) is always set on success.  Cost O(n + m). */
int ctome_nulls_positions(const ctome_graph *g, const ctome_connectome *c, int drop_missing,
                          ctome_graph **sub, double **pos, size_t *n_dropped);

/* 1 when nulls of g under o run on the complement (o->complement, model
 * maslov-sneppen, not keep_mutual on a directed graph, g->n <= 4096 (the
 * bit-matrix path), more than half of the possible edges present); else 0.
 * ctome_null_chain_name: "complement" or "plain", as printed.  Cost O(1). */
int ctome_null_uses_complement(const ctome_graph *g, const ctome_null_opts *o);
const char *ctome_null_chain_name(const ctome_graph *g, const ctome_null_opts *o);

/* ---- one replicate ---- */

/* Per-thread scratch of one null: the edge array, the hash set and the
 * annealing buffers.  Allocated once, reused for every replicate. */
typedef struct ctome_null_ws ctome_null_ws;

/* Check `o` against `g` (errors: bad options, a graph with < 2 edges, a
 * complete graph, geometry without positions) and allocate a workspace.
 * Cost O(m) memory. */
int ctome_null_ws_new(const ctome_graph *g, const ctome_null_opts *o, ctome_null_ws **out);
void ctome_null_ws_free(ctome_null_ws *ws);

/* Draw one null with generator `r` into the workspace; its edges, sorted by
 * (src, dst) (undirected: src < dst), are then at *src, *dst, *w (m of them,
 * owned by the workspace, valid until the next call).  Errors: no swap
 * possible (CTOME_EVALUE).  Cost O(swaps_per_edge x m) expected (+ sa_stages
 * x sa_iter for strength, + O(m log m) sorting); no allocation. */
int ctome_null_run(ctome_null_ws *ws, ctome_rng *r, ctome_null_info *info, const int32_t **src,
                   const int32_t **dst, const double **w, size_t *m);

/* ---- ensembles ---- */

/* n nulls of g as graphs (each with g's vertex set and `node` table).
 * out: caller array of n pointers; on error all are NULL.  Errors: n = 0
 * (CTOME_EINVAL), those of ctome_null_ws_new and ctome_null_run.  info may be
 * NULL (else n entries).  Parallel over replicates; byte-identical for any
 * thread count. */
int ctome_nulls_generate(const ctome_graph *g, const ctome_null_opts *o, size_t n, uint64_t seed,
                         ctome_graph **out, ctome_null_info *info);

/* The same ensemble as flat edge arrays (for the store): replicate r's edges
 * at [r*m, (r+1)*m) of src, dst, w, sorted. */
typedef struct {
    size_t n;                /* replicates */
    size_t m;                /* edges per replicate (arcs, or pairs with src < dst) */
    size_t n_vertices;
    int directed;
    ctome_null_model model;
    uint64_t seed;
    double swaps_per_edge;
    int32_t *src, *dst;      /* n x m */
    double *w;               /* n x m */
    ctome_null_info *info;   /* n */
} ctome_null_ensemble;

int ctome_nulls_ensemble(const ctome_graph *g, const ctome_null_opts *o, size_t n, uint64_t seed,
                         ctome_null_ensemble **out);
void ctome_null_ensemble_free(ctome_null_ensemble *e);

/* Write an ensemble of `g` (a graph of layer `layer` of connectome `c`, which
 * may be NULL: no vertex names) to /runs/nulls/<run_id>/ of a store being
 * created (ctome_store_put_nulls; schema in docs/store.md).  `o` gives the
 * model parameters recorded as attributes.  Cost O(n m). */
int ctome_nulls_put(ctome_store *s, const char *run_id, const ctome_null_ensemble *e,
                    const ctome_graph *g, const ctome_connectome *c, const char *layer,
                    const ctome_null_opts *o);

/* One null as seen by a statistic callback. */
typedef struct {
    size_t rep;              /* replicate index */
    int thread;              /* 0 .. ctome_nulls_threads(o) - 1: index of per-thread scratch */
    size_t n;                /* vertices (those of g) */
    int directed;
    size_t m;
    const int32_t *src, *dst;
    const double *w;
    ctome_null_info info;
    const ctome_graph *g;    /* the original graph (its `node` table) */
} ctome_null_view;

/* A statistic of one null: write `n_results` values to `results`; return 0
 * or a ctome status (after ctome_error).  Runs concurrently on several
 * threads: touch only the results row and per-thread scratch (v->thread).
 * Do not call igraph here (not thread-safe in Debian's build). */
typedef int (*ctome_null_fn)(const ctome_null_view *v, void *user, double *results);

/* Number of threads ctome_nulls_map will use (for sizing per-thread scratch). */
int ctome_nulls_threads(const ctome_null_opts *o);

/* Draw n nulls and compute fn on each without keeping them: row r of
 * `results` (n x n_results, row-major) holds replicate r's values.
 * Errors: n = 0, those of the workspace, the first failing replicate (lowest
 * index; its message is kept).  Byte-identical results for any thread count
 * provided fn is deterministic. */
int ctome_nulls_map(const ctome_graph *g, const ctome_null_opts *o, size_t n, uint64_t seed,
                    ctome_null_fn fn, void *user, size_t n_results, double *results);

/* The null of a view as a graph (ctome_graph_from_edges, with g's `node`
 * table copied).  Allocates: call once per replicate, not in a hot loop. */
int ctome_null_view_graph(const ctome_null_view *v, ctome_graph **out);

#endif
