/* smallworld.h — small-world indices sigma and omega, and the lattice
 * reference graph they need.
 *
 *   sigma = (C / C_r) / (L / L_r)          Humphries & Gurney 2008 PLoS ONE 3:e0002051
 *   omega = L_r / L - C / C_latt           Telesford et al. 2011 Brain Connect 1:367
 *
 * C = AVERAGE LOCAL clustering (Watts & Strogatz 1998; networkx
 * average_clustering, vertices of degree < 2 count 0), not transitivity, and
 * L = characteristic path length (topology.h: over the largest connected
 * component) of the undirected simple view, binary.  C_r, L_r = means over
 * n_rand random references:
 *   degree (default)  Maslov-Sneppen degree-preserving nulls of the
 *                     undirected view (nulls.h; networkx.sigma / omega's
 *                     random_reference; Humphries & Gurney 2008 discuss both);
 *   gnm               Erdos-Renyi G(n, m) graphs with the same n and m (Watts
 *                     & Strogatz 1998 compare with random graphs of the same
 *                     n and mean degree); L_r over each graph's largest
 *                     component (a G(n, m) graph may be disconnected).  C_latt: average clustering of
 * lattice references (ctome_lattice_reference); as networkx.omega, the
 * largest of C and the lattice nulls' clustering values.
 * sigma > 1 and omega near 0 indicate a small world; omega near -1 a
 * lattice, near 1 a random graph.
 *
 * omega depends on how far the lattice rewiring has gone: from a random
 * start the clustering of the reference keeps rising with the iterations
 * (Varshney 2011 chemical: C_latt 0.35 / 0.45 / 0.55 / 0.64 / 0.70 after 5 /
 * 10 / 20 / 50 / 100 iterations per edge; omega 0.00 / 0.22 / 0.34 / 0.43 /
 * 0.47).  networkx.omega uses 5; the default here is 50 (about 0.6 s for
 * 10 lattices of that layer on one core), reported with the result.
 */
#ifndef CTOME_SMALLWORLD_H
#define CTOME_SMALLWORLD_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "rng.h"

typedef struct {
    size_t n_rand;           /* random and lattice nulls (each); default 10 */
    double swaps_per_edge;   /* Maslov-Sneppen swaps per edge of each random null; default 10 */
    double lattice_iter;     /* lattice rewiring iterations per edge; default 50 */
    int threads;             /* OpenMP threads for the random nulls; 0 = default */
    int gnm;                 /* 1: random references are Erdos-Renyi G(n, m) graphs (Watts &
                                Strogatz 1998's reference) instead of degree-preserving nulls */
} ctome_smallworld_opts;

void ctome_smallworld_opts_default(ctome_smallworld_opts *o);

typedef struct {
    double sigma;            /* NaN when C_r = 0 */
    double omega;            /* NaN when C_latt = 0 */
    double c, l;             /* of the graph */
    double c_rand, l_rand;   /* means over the random nulls */
    double c_latt;           /* max(C, lattice nulls' C) */
    size_t n_rand;
    double lattice_iter;
    uint64_t seed;
} ctome_smallworld;

/* Lattice reference of the undirected view of g (Sporns & Zwi 2004
 * Neuroinformatics 2:145; BCT latmio_und; networkx lattice_reference):
 * degree-preserving double-edge swaps {a,b},{c,d} -> {a,d},{c,b} that are
 * accepted only when they bring edges closer to the main diagonal of the
 * adjacency matrix: D(a,b) + D(c,d) >= D(a,d) + D(c,b), with the ring
 * distance D(i,j) = min(|i-j|, n-|i-j|) in vertex order.  The result is a
 * ring-lattice-like graph with g's degree sequence and high clustering.
 * iter_per_edge x m_und iterations, each of up to max(1, round(m_und /
 * (n-1))) attempts (BCT's maxAttempts), ending at the first accepted swap;
 * swaps that would make a self-loop or a repeated edge are rejected.
 * Connectedness is not enforced (BCT latmio_und, not latmio_und_connected;
 * only clustering is taken from it).  networkx 2.8 compares D(a,c) + D(b,d)
 * instead of D(a,d) + D(c,b), which does not follow the swap it makes; this
 * follows BCT.  *out: a new undirected graph (g's `node` table copied).
 * Errors: fewer than 2 edges or 4 vertices (CTOME_EVALUE).  Cost
 * O(iter_per_edge m (m / n) Δ) time, O(n + m) memory. */
int ctome_lattice_reference(const ctome_graph *g, double iter_per_edge, ctome_rng *r,
                            ctome_graph **out);

/* A G(n, m) random graph: m distinct unordered pairs of 0..n-1 drawn
 * uniformly (rejection of repeats), undirected, weights 1.  Errors: n < 2 or
 * m > n(n-1)/2 (CTOME_EVALUE).  Cost O(m) expected (m <= half the pairs),
 * O(n^2) memory for n <= 8192, else a hash set of O(m). */
int ctome_gnm_graph(size_t n, size_t m, ctome_rng *r, ctome_graph **out);

/* sigma and omega of g (definitions above).  Random null i: stream i of
 * `seed` (through ctome_nulls_map, parallel, identical for any thread
 * count; G(n, m) reference i: stream i too); lattice null i: stream 2^32 + i.  Errors: a graph with fewer than
 * 2 edges, n_rand = 0 (CTOME_EINVAL), a complete graph that cannot be
 * rewired, and those of the null models.  Cost: 2 n_rand nulls plus an
 * O(n m) path length on each random null. */
int ctome_small_world(const ctome_graph *g, const ctome_smallworld_opts *o, uint64_t seed,
                      ctome_smallworld *out);

#endif
