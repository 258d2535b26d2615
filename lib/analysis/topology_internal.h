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

#pragma GCC visibility pop

#endif
