/* graph.h — the analysis graph: one layer of a connectome in compressed
 * sparse row form, the input of every topology statistic and null model.
 *
 * Conventions: the layer and its nodes are read through a layer view
 * (ctome_layer_view_open, connectome.h), so a layer union "a+b" and the node
 * scope (auto / neurons / all) mean the same in every analysis; vertices are
 * the nodes in scope with degree >= 1 in the layer, in connectome node order;
 * self-loops are dropped; an edge is a pair with weight > 0.  Three views:
 *   out / in   the arcs as given (an undirected layer gives both directions);
 *   und        the undirected simple version: one entry per neighbour, weight
 *              w_ij + w_ji for a directed layer (all synapses between the
 *              pair), w_ij for an undirected one.
 * Adjacency lists are sorted by neighbour index, so membership tests are
 * binary searches and results do not depend on input order.
 */
#ifndef CTOME_GRAPH_H
#define CTOME_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "connectome.h"

typedef struct {
    size_t n;           /* vertices */
    int directed;       /* the layer's direction */
    int *node;          /* connectome node index of each vertex (NULL for graphs built from edges) */
    size_t m;           /* arcs in out/in: directed edges, or 2 x undirected pairs */
    size_t *out_ptr;    /* n + 1 */
    int32_t *out_idx;   /* m */
    double *out_w;      /* m */
    size_t *in_ptr;
    int32_t *in_idx;
    double *in_w;
    size_t m_und;       /* undirected pairs */
    size_t *und_ptr;    /* n + 1 */
    int32_t *und_idx;   /* 2 m_und */
    double *und_w;      /* 2 m_und */
    ctome_scope scope;  /* node scope used (ctome_graph_from_layer): neurons or all */
    int scope_auto;     /* 1: automatic scope fell back to all (no edge between registry neurons) */
} ctome_graph;

typedef struct {
    ctome_scope scope;  /* CTOME_SCOPE_AUTO (default), _NEURONS or _ALL (connectome.h) */
    int keep_isolated;  /* 1: keep selected cells with no edge as vertices */
} ctome_graph_opts;

/* Build the graph of one finalised layer or layer union ("chemical+electrical",
 * undirected, weights summed).  Errors as ctome_layer_view_open: missing
 * layer (CTOME_ENOTFOUND, listing the layers there are), a layer with nothing
 * to analyse in scope (CTOME_EVALUE, naming dataset and layer).  Negative weights (the signed
 * functional layer) are kept; measures that need positive weights check.
 * Cost O(m log m). */
int ctome_graph_from_layer(const ctome_connectome *c, const char *layer, const ctome_graph_opts *o,
                           ctome_graph **out);

/* Build a graph from an edge list over vertices 0..n-1 (tests, null models).
 * Self-loops and zero weights are dropped; repeated arcs are summed;
 * undirected input pairs are merged by the larger weight.  w may be NULL
 * (all 1). */
int ctome_graph_from_edges(size_t n, const int32_t *src, const int32_t *dst, const double *w,
                           size_t m, int directed, ctome_graph **out);

void ctome_graph_free(ctome_graph *g);

/* Copy of the graph's arcs as an edge list (directed: m arcs; undirected:
 * m_und pairs with src < dst).  Arrays allocated with malloc. */
int ctome_graph_edges(const ctome_graph *g, int32_t **src, int32_t **dst, double **w, size_t *m);

/* The undirected simple view of g as a graph of its own (undirected;
 * weighted: weights und_w, i.e. w_ij + w_ji for a directed g (a pair whose
 * weights sum to 0 is dropped); else every weight 1; g's `node` table
 * copied).  Undirected measures normalised by nulls rewire this graph, not
 * g's arcs.  Cost O(n + m). */
int ctome_graph_undirected(const ctome_graph *g, int weighted, ctome_graph **out);

/* Whether arc u -> v exists (binary search in out); weight through *w. */
int ctome_graph_has_arc(const ctome_graph *g, int32_t u, int32_t v, double *w);
/* Whether u and v are neighbours in the undirected view. */
int ctome_graph_adjacent(const ctome_graph *g, int32_t u, int32_t v);

#endif
