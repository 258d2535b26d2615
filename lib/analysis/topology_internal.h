/* topology_internal.h — private to the topology_*.c files. */
#ifndef CTOME_TOPOLOGY_INTERNAL_H
#define CTOME_TOPOLOGY_INTERNAL_H

#include "topology.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

struct ctome_topology_ws {
    size_t n_cap, m_cap;   /* capacity: vertices, undirected pairs */
    size_t *optr;          /* n + 1: oriented (low -> high rank) CSR */
    int32_t *oidx;         /* m_und */
    double *ow;            /* m_und: und weights of the oriented edges */
    uint64_t *hist_n;      /* n + 1: vertices per degree */
    uint64_t *hist_e;      /* n + 1: edges per min end degree */
    int32_t *mark;         /* n: -1 between calls (triangle marks) */
};

/* Whether the graph has at least one vertex; records CTOME_EVALUE if not. */
int ctome_topo_need_vertices(const ctome_graph *g, const char *what);
/* Whether the graph has at least one edge; records CTOME_EVALUE if not. */
int ctome_topo_need_edges(const ctome_graph *g, const char *what);
/* Check every und weight is finite and > 0 (lengths 1/w, Onnela weights). */
int ctome_topo_positive_weights(const ctome_graph *g, const char *what);

/* Breadth-first search from s over (ptr, idx) (topology_paths.c).  dist[]
 * must be -1 on entry for every vertex; on return it holds the hop distances
 * of the returned number of visited vertices, listed in BFS order in
 * queue[]; reset with ctome_topo_bfs_reset (O(visited)).  O(visited + their
 * edges). */
size_t ctome_topo_bfs(const size_t *ptr, const int32_t *idx, int32_t s, int32_t *dist, int32_t *queue);
void ctome_topo_bfs_reset(int32_t *dist, const int32_t *queue, size_t k);
/* 2 n int32 (dist all -1, queue), or NULL on allocation failure. */
int32_t *ctome_topo_bfs_ws(size_t n);

/* Dijkstra workspace with an indexed binary heap (topology_paths.c). */
typedef struct {
    double *dist;    /* n: tentative distance; INFINITY = unreached */
    int32_t *heap;   /* n: vertices ordered by dist */
    int32_t *pos;    /* n: index in heap, -1 never queued, -2 settled */
    int32_t *seen;   /* n: vertices touched, to reset */
    size_t size, n_seen;
} ctome_topo_dheap;
/* 0, or -1 on allocation failure (nothing to free then); free h->dist and
 * h->heap after use. */
int ctome_topo_dheap_init(ctome_topo_dheap *h, size_t n);
/* Sum of 1/d(s, v) over the v != s reachable from s on `und`, lengths 1/w
 * (raw weights, not normalised).  O(m log n). */
double ctome_topo_dijkstra_inv_sum(const ctome_graph *g, int32_t s, ctome_topo_dheap *h);

#pragma GCC visibility pop

#endif
