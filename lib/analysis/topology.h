/* topology.h — global topology statistics and the per-neuron table of
 * `ctome stats` (docs/methods.md).
 *
 * Every measure takes a ctome_graph (graph.h).  Unless a name says "directed"
 * or "weighted", measures run on the undirected simple view `und`, binary,
 * so that values match networkx 2.8 and the Brain Connectivity Toolbox (BCT,
 * Rubinov & Sporns 2010 NeuroImage 52:1059) on the same graph.
 *
 * Files: topology.c (struct, density, reciprocity, assortativity, spectral
 * radius, bilateral symmetry), topology_clustering.c (triangles,
 * transitivity, clustering, rich club), topology_paths.c (BFS/Dijkstra
 * path length, efficiency, betweenness, closeness), topology_nodes.c (the
 * per-node table, eigenvector centrality).
 *
 * Speed: transitivity and the rich club run on every null replicate, so they
 * have workspace variants (ctome_topology_ws) that allocate nothing, and
 * kernels on raw CSR arrays for callers that keep their own adjacency.
 * All-pairs path measures run in parallel (OpenMP) over sources; every
 * floating-point reduction is done in a fixed order, so results are
 * bit-identical for any number of threads.  No function keeps global state:
 * callers may run them concurrently (one workspace per thread); called
 * inside an OpenMP parallel region (e.g. over null replicates), the inner
 * parallel loops run on one thread unless nesting is enabled.
 *
 * Measured on Cook 2019 hermaphrodite chemical (302 neurons, 3002 pairs),
 * one thread: transitivity 33 us, rich club 6 us, path length + efficiency
 * 0.13 ms (networkx 2.8: 16 ms, 3.2 ms, 70 ms; python-igraph 0.10:
 * transitivity 0.29 ms, path length 3.1 ms).
 */
#ifndef CTOME_TOPOLOGY_H
#define CTOME_TOPOLOGY_H

#include <stddef.h>
#include <stdint.h>

#include "connectome.h"
#include "graph.h"

/* ---- Workspace ---------------------------------------------------------- */

/* Scratch memory for the fast measures on graphs of at most `n` vertices and
 * `m_und` undirected pairs.  One per thread; reuse it across null replicates
 * (a degree-preserving null keeps n and m_und).  Not thread-safe. */
typedef struct ctome_topology_ws ctome_topology_ws;

/* Allocate a workspace.  Cost O(n + m_und) memory. */
int ctome_topology_ws_new(size_t n, size_t m_und, ctome_topology_ws **out);
void ctome_topology_ws_free(ctome_topology_ws *ws);

/* ---- Clustering and triangles (topology_clustering.c) ------------------ */

/* Triangle kernel on a raw undirected CSR (ptr: n + 1, idx: 2 m_und sorted
 * neighbour lists, no self-loops, symmetric).  Writes the number of triangles
 * through *triangles and, when `per_node` is not NULL, the triangles through
 * each vertex (n entries).  Each triangle is found once: edges are oriented
 * from lower to higher (degree, index) rank and the out-lists of the two
 * ends of every oriented edge are intersected (by marking the first list;
 * Chiba & Nishizeki 1985 SIAM J Comput 14:210; Latapy 2008 Theor Comput Sci
 * 407:458).  Errors: CTOME_EINVAL when the workspace is too small.  Cost
 * O(m^1.5) worst case, no allocation. */
int ctome_triangles_csr(size_t n, const size_t *ptr, const int32_t *idx, ctome_topology_ws *ws,
                        uint64_t *triangles, uint64_t *per_node);

/* Transitivity = 3 x triangles / connected triples (Newman, Strogatz & Watts
 * 2001; networkx transitivity) on `und`.  A graph with no connected triple
 * gives 0 (networkx convention).  Errors: empty graph (n = 0) CTOME_EVALUE.
 * Cost O(m^1.5). */
int ctome_transitivity(const ctome_graph *g, double *t);
/* Same, on a caller workspace: no allocation (for null ensembles). */
int ctome_transitivity_ws(const ctome_graph *g, ctome_topology_ws *ws, double *t);
/* Same, on a raw undirected CSR (see ctome_triangles_csr). */
int ctome_transitivity_csr(size_t n, const size_t *ptr, const int32_t *idx, ctome_topology_ws *ws,
                           double *t);
/* Number of triangles of `und`. */
int ctome_triangle_count(const ctome_graph *g, uint64_t *triangles);

/* Local clustering of every vertex on `und` into c[n] (Watts & Strogatz 1998
 * Nature 393:440): c_i = 2 t_i / (k_i (k_i - 1)), 0 for k_i < 2.  With
 * `weighted`, Onnela et al. 2005 Phys Rev E 71:065103:
 *   c_i = 2 / (k_i (k_i - 1)) sum_{j<h} (w^_ij w^_ih w^_jh)^(1/3),
 * w^ = und weight / max und weight (networkx clustering(G, weight=...)).
 * Errors: empty graph; weighted with a non-positive or non-finite weight
 * (CTOME_EVALUE).  Cost O(m^1.5). */
int ctome_local_clustering(const ctome_graph *g, int weighted, double *c);

/* Average clustering = mean of the local clustering over ALL vertices
 * (vertices with degree < 2 count as 0; networkx average_clustering).
 * Errors and cost as ctome_local_clustering. */
int ctome_average_clustering(const ctome_graph *g, int weighted, double *c);

/* Rich-club coefficient (Zhou & Mondragon 2004; Colizza et al. 2006 Nat Phys
 * 2:110) on `und` degrees:
 *   phi(k) = 2 E_{>k} / (N_{>k} (N_{>k} - 1))
 * for k = 0, 1, ..., *n_k - 1: every k with N_{>k} >= 2 (networkx
 * rich_club_coefficient(G, normalized=False)).  `phi` must hold g->n values
 * (n_k <= max degree < n).  Unnormalised: the caller divides by the null
 * mean.  Errors: empty graph.  Cost O(n + m). */
int ctome_rich_club(const ctome_graph *g, double *phi, size_t *n_k);
/* Same, on a caller workspace: no allocation (for null ensembles). */
int ctome_rich_club_ws(const ctome_graph *g, ctome_topology_ws *ws, double *phi, size_t *n_k);
/* Same, on a raw undirected CSR (see ctome_triangles_csr). */
int ctome_rich_club_csr(size_t n, const size_t *ptr, const int32_t *idx, ctome_topology_ws *ws,
                        double *phi, size_t *n_k);

/* ---- Paths (topology_paths.c) ------------------------------------------ */

/* Characteristic path length: mean shortest-path length (hops on `und`)
 * over the ordered pairs of the largest connected component (Watts &
 * Strogatz 1998; networkx average_shortest_path_length on the LCC).  Ties
 * between equal largest components: the one with the lowest vertex index.
 * *n_lcc (may be NULL) receives the LCC size.  Computed by bit-parallel
 * BFS (64 sources per pass, Then et al. 2014 PVLDB 8:449) that counts the
 * pairs at each distance exactly in integers.  Errors: a graph with no edge
 * (CTOME_EVALUE).  Cost O((n / 64) x diameter x m) word operations,
 * parallel over batches of sources. */
int ctome_char_path_length(const ctome_graph *g, double *l, size_t *n_lcc);

/* Global efficiency (Latora & Marchiori 2001 PRL 87:198701):
 *   E = 1 / (n (n-1)) sum_{i != j} 1 / d_ij,  1/inf = 0,
 * over ALL vertices (defined for disconnected graphs).  Binary: d = hops on
 * `und` (networkx global_efficiency).  Weighted (Rubinov & Sporns 2010
 * NeuroImage 52:1059, BCT efficiency_wei): the und weights normalised to
 * (0, 1] by the largest (BCT weight_conversion 'normalize', which the
 * definition requires), d = Dijkstra distance with edge length 1 / w,
 * binary heap; so E_w <= 1 and = E for equal weights.  Errors: n < 2; weighted with a zero, negative or
 * non-finite weight (CTOME_EVALUE).  Cost: binary as
 * ctome_char_path_length; weighted O(n m log n), parallel over sources. */
int ctome_global_efficiency(const ctome_graph *g, int weighted, double *e);

/* Both binary path measures from one all-pairs BFS (used by
 * ctome_topology_compute). */
int ctome_path_stats(const ctome_graph *g, double *char_path_length, double *efficiency,
                     size_t *n_lcc);

/* Connected components of `und`: comp[v] = component id, numbered in order
 * of their lowest vertex; *n_comp components.  Cost O(n + m). */
int ctome_components(const ctome_graph *g, int32_t *comp, size_t *n_comp);

/* Betweenness centrality (Brandes 2001 J Math Sociol 25:163), unweighted
 * (hops), on the DIRECTED view (out arcs) for directed layers and on `und`
 * for undirected ones, normalised as networkx betweenness_centrality
 * (normalized=True): the sum over all ordered (s, t) of sigma_st(v)/sigma_st
 * divided by (n-1)(n-2) (n > 2; for undirected graphs that is the pair sum
 * over (n-1)(n-2)/2 pairs).  b[n].
 * Parallel over sources in a fixed number of blocks whose accumulators are
 * merged in block order: identical for any thread count.  Errors: empty
 * graph.  Cost O(n m). */
int ctome_betweenness(const ctome_graph *g, double *b);

/* Closeness centrality, networkx closeness_centrality (wf_improved=True):
 * the Wasserman & Faust (1994) formula for graphs that are not connected,
 *   C(u) = (r_u - 1)^2 / ((n - 1) sum_{v reaches u} d(v, u)),
 * r_u = vertices that reach u (u included), 0 when none does.  Directed
 * layers use incoming distances on the directed view (as networkx does for a
 * DiGraph); undirected layers use `und`.  Errors: empty graph.  Cost O(n m),
 * parallel over targets. */
int ctome_closeness(const ctome_graph *g, double *c);

/* ---- Sampled path measures (topology_sampled.c) ------------------------ */

/* Exact all-pairs path measures cost O(n m): above n x m_und =
 * CTOME_PATH_EXACT_MAX_WORK (e.g. 10 000 vertices with 200 000 pairs; about
 * 10 s on one core here) `ctome stats` estimates them from sampled sources
 * unless asked for exact values. */
#define CTOME_PATH_EXACT_MAX_WORK 2e9
/* Sources drawn by default when sampling. */
#define CTOME_PATH_SOURCES_DEFAULT 256
/* Random stream (of the stats seed) that draws the sources; the null
 * ensembles use streams 0 .. 2^33 + nulls. */
#define CTOME_PATH_STREAM ((uint64_t)1 << 40)

/* 1 if n x m_und <= CTOME_PATH_EXACT_MAX_WORK.  O(1). */
int ctome_path_exact_affordable(const ctome_graph *g);

typedef struct {
    size_t sources;          /* K sources drawn (min(k, n)) */
    size_t sources_lcc;      /* of them in the largest component */
    size_t n_lcc;
    uint64_t seed;
    double l, l_lo, l_hi;    /* characteristic path length over the LCC, 95% CI */
    double e, e_lo, e_hi;    /* global efficiency, 95% CI */
    double ew, ew_lo, ew_hi; /* weighted global efficiency (NaN unless asked) */
} ctome_path_sample;

/* Source-sampled estimates of ctome_char_path_length and
 * ctome_global_efficiency (binary and, with `weighted`, weighted; same
 * definitions, conventions and weight normalisation).  Sources: min(k, n)
 * vertices drawn uniformly without replacement from all vertices (ctome_rng
 * stream CTOME_PATH_STREAM of `seed`); one BFS (and one Dijkstra) from each.
 *   E^ = mean over sources s of e_s = sum_{v != s} 1/d(s,v) / (n - 1);
 *   L^ = mean over the sources in the LCC of l_s = sum_{v in LCC} d(s,v) /
 *        (N_lcc - 1)
 * — unbiased, since E and L are the population means of e_s and l_s.
 * 95% interval: mean +- 1.96 sd / sqrt(K) x sqrt((N - K) / (N - 1)) (normal
 * approximation with the finite-population correction, Cochran 1977 eq.
 * 2.19; N = n for E, N_lcc for L); it is the value itself when K = N (then
 * the estimate equals the exact measure up to rounding) and NaN with fewer
 * than 2 sources in its population.  Sampling sources follows Eppstein &
 * Wang 2004 J Graph Algorithms Appl 8:39.  Identical for any thread count.
 * Errors: no edge, n < 2, k = 0, a non-positive weight when weighted
 * (CTOME_EVALUE / CTOME_EINVAL); the workspace is checked against the
 * memory ceiling (sizecheck.h).  Cost O(K m) (weighted O(K m log n)),
 * parallel over sources; memory O(n) per thread. */
int ctome_path_stats_sampled(const ctome_graph *g, size_t k, uint64_t seed, int weighted,
                             ctome_path_sample *out);

/* ---- Other global measures (topology.c) -------------------------------- */

/* Density: m / (n (n-1)) directed (arcs), 2 m_und / (n (n-1)) undirected.
 * n < 2 gives 0.  O(1). */
double ctome_density(const ctome_graph *g);

/* Reciprocity: fraction of arcs whose reverse arc exists (networkx
 * overall_reciprocity); 1 for undirected layers.  An arc u->v is reciprocated
 * exactly when {u,v} is one pair with two arcs, so r = 2 (m - m_und) / m.
 * O(1). */
double ctome_reciprocity(const ctome_graph *g);

/* Degree assortativity r (Newman 2002 PRL 89:208701): the Pearson correlation
 * of the degrees at the two ends of each edge of `und` (both orientations;
 * networkx degree_assortativity_coefficient on the undirected simple graph).
 * NaN when all edges join vertices of one degree (zero variance), as
 * networkx.  Errors: no edge.  O(m). */
int ctome_assortativity(const ctome_graph *g, double *r);

/* Spectral radius: the largest |eigenvalue| of the BINARY adjacency of the
 * layer as given: the out view (A_ij = 1 if arc i->j) for directed layers,
 * the symmetric adjacency for undirected ones.  A >= 0, so it is the
 * largest Perron root over the strongly connected components (Tarjan);
 * each is found by power iteration on A_C + I (the shift makes it converge
 * on periodic, e.g. bipartite, components) and stopped when the
 * Collatz-Wielandt bracket  min_i ((A+I)x)_i/x_i <= rho + 1 <=
 * max_i ((A+I)x)_i/x_i  is narrower than 1e-12 relative: a certified
 * tolerance, not a heuristic.  If a component needs more than 100000 steps
 * (a spectral gap below ~1e-4), n <= 1000 falls back to LAPACK dgeev /
 * dsyevr on the dense matrix, larger graphs fail with CTOME_EVALUE.
 * Errors: no edge.  Cost O(steps x m), steps ~ 50 on the connectomes. */
int ctome_spectral_radius(const ctome_graph *g, double *rho);

/* Bilateral symmetry: the share of edges (arcs for directed layers, pairs
 * for undirected ones) whose left/right mirror edge exists: the mirror of
 * u -> v is p(u) -> p(v), p = the registry partner (ctome_neuron.partner) of
 * each endpoint; unpaired neurons and non-neurons map to themselves; a
 * partner that is not a vertex of g has no edges.  `c` must be the
 * connectome g was built from (g->node set).  Errors: g without node map or
 * c without registry (CTOME_EINVAL); no edge.  O(m log d). */
int ctome_bilateral_symmetry(const ctome_connectome *c, const ctome_graph *g, double *s);

/* ---- Everything ---------------------------------------------------------- */

typedef struct {
    size_t n_nodes;
    size_t n_edges;                     /* arcs (directed) or pairs (undirected) */
    int directed;
    double density;
    double reciprocity;
    uint64_t triangles;                 /* in und */
    double transitivity;
    double average_clustering;
    double average_clustering_weighted; /* NaN if a weight is <= 0 (signed layers) */
    double char_path_length;            /* over the LCC */
    size_t n_lcc;
    size_t n_components;
    double global_efficiency;
    double global_efficiency_weighted;  /* NaN if a weight is <= 0 (signed layers) */
    double degree_assortativity;        /* NaN if undefined */
    double spectral_radius;
    double bilateral_symmetry;          /* NaN when c is NULL or has no registry */
    /* How the path measures (char_path_length, global_efficiency[_weighted])
     * were computed: path_sources 0 = exact all pairs; K > 0 = estimated from
     * K sampled sources (ctome_path_stats_sampled, stream CTOME_PATH_STREAM
     * of path_seed).  The 95% intervals equal the value when exact. */
    size_t path_sources;
    size_t path_sources_lcc;
    uint64_t path_seed;
    double char_path_length_ci[2], global_efficiency_ci[2], global_efficiency_weighted_ci[2];
    size_t rich_club_n;                 /* k = 0 .. rich_club_n - 1 */
    double *rich_club;                  /* phi(k); malloc'd, freed by ctome_topology_clear */
} ctome_topology;

/* Fill every field.  `c` (may be NULL) is the connectome g was built from,
 * for bilateral symmetry.  Weighted measures of a graph with non-positive
 * weights are NaN rather than errors, so the binary set is still reported.
 * Errors: a graph with no edge (CTOME_EVALUE), allocation.  Cost O(n m)
 * (path measures) + O(n^3) (spectral radius, n <= 1000). */
int ctome_topology_compute(const ctome_connectome *c, const ctome_graph *g, ctome_topology *t);
/* The same with the path measures estimated from `path_sources` sampled
 * sources (ctome_path_stats_sampled with `seed`; 0: exact, as
 * ctome_topology_compute).  Cost: O(path_sources m) for the path measures,
 * O(m^1.5) clustering, O(steps m) spectral radius. */
int ctome_topology_compute_sampled(const ctome_connectome *c, const ctome_graph *g, size_t path_sources,
                                   uint64_t seed, ctome_topology *t);
void ctome_topology_clear(ctome_topology *t);

/* ---- Per-node table (topology_nodes.c) --------------------------------- */

typedef struct {
    size_t n;               /* vertices of the graph; row v is vertex v (g->node[v]) */
    int32_t *in_degree;     /* directed view; undirected layers: = out_degree = degree */
    int32_t *out_degree;
    double *in_strength;    /* sums of arc weights */
    double *out_strength;
    double *clustering;     /* binary local clustering on und */
    double *betweenness;    /* ctome_betweenness */
    double *closeness;      /* ctome_closeness */
    double *eigenvector;    /* ctome_eigenvector_centrality */
} ctome_node_table;

/* Eigenvector centrality (Bonacich 1972) on the binary `und` adjacency: the
 * leading eigenvector, non-negative, unit Euclidean norm (networkx
 * eigenvector_centrality / eigenvector_centrality_numpy convention).  Exact
 * from LAPACK dsyevr for n <= 1000, otherwise power iteration on A + I until
 * the L1 change is < 1e-13 n.  For a disconnected graph the vector lives on
 * the component with the largest eigenvalue.  Errors: no edge; no
 * convergence (CTOME_EVALUE).  Cost O(n^3) or O(iterations x m). */
int ctome_eigenvector_centrality(const ctome_graph *g, double *x);

/* Compute the per-node table.  Errors: empty graph, allocation.  Cost O(n m)
 * (betweenness, closeness) + the eigenvector. */
int ctome_node_table_compute(const ctome_graph *g, ctome_node_table **out);
void ctome_node_table_free(ctome_node_table *t);

#endif
