/* connectome.h — a multilayer connectome: one node table, named edge layers.
 *
 * Nodes are cells named canonically (ctome_name_normalise): neurons carry
 * their registry index, other cells (muscles, end organs) their kind.  Each
 * layer is a list of weighted edges between node indices.  Readers append raw
 * listings with ctome_connectome_add(); ctome_connectome_finalise() then turns
 * them into one edge per pair:
 *   - directed layers (chemical, functional, monoamine, peptide): repeated
 *     listings of the same (pre, post) are summed (they are separate synapse
 *     records, e.g. NemaNode's syn lists or Varshney's S + Sp rows);
 *   - undirected layers (electrical, contact): listings are summed per listed
 *     direction, then the pair gets the larger of the two directions (a gap
 *     junction listed both ways is one pair, docs/methods.md); pairs whose two
 *     listings differ are counted in `asymmetric` so the difference is
 *     reported.  Undirected edges are stored once with src <= dst.
 * After finalise, edges are sorted by (src, dst).
 */
#ifndef CTOME_CONNECTOME_H
#define CTOME_CONNECTOME_H

#include <stddef.h>
#include <stdint.h>

#include "names.h"
#include "registry.h"

typedef enum {
    CTOME_CELL_NEURON = 0,
    CTOME_CELL_MUSCLE,
    CTOME_CELL_END_ORGAN,   /* gonad, excretory cell, hypodermis, glia ... */
    CTOME_CELL_UNKNOWN      /* not in the registry nor the cell tables */
} ctome_cell_kind;

const char *ctome_cell_kind_name(ctome_cell_kind k);

typedef struct {
    char *name;             /* canonical name */
    ctome_cell_kind kind;
    int reg;                /* registry index, or -1 */
} ctome_node;

typedef struct {
    int32_t src, dst;
    double w;
} ctome_edge;

typedef struct {
    char *name;             /* chemical, electrical, functional, monoamine, peptide, contact */
    int directed;
    int signed_weights;     /* functional: responses can be negative (inhibition) */
    char *weight_unit;      /* "EM sections", "synapses", "contacts", ... */
    ctome_edge *e;
    size_t n, cap;
    size_t asymmetric;      /* undirected: pairs whose two listings differed */
    size_t self_loops;      /* edges with src == dst (kept; analyses drop them) */
    int finalised;
    double abs_weight;      /* sum of |w| over the listings added (validate.h: kept finite) */
} ctome_layer;

/* What a dataset is, carried with its connectome into the store and the
 * exports: the catalogue's entry for a bundled dataset (lib/formats/datasets.c),
 * NULL fields when unknown (files given by path). */
typedef enum {
    CTOME_META_TITLE, CTOME_META_CITATION, CTOME_META_DOI, CTOME_META_SEX, CTOME_META_STAGE,
    CTOME_META_LICENCE, CTOME_META_N
} ctome_meta_key;
/* The attribute name of a key: "title", "citation", "doi", "sex", "stage", "licence". */
const char *ctome_meta_name(ctome_meta_key k);

typedef struct ctome_connectome {
    char *id;               /* dataset id or file name */
    char *source_file;      /* path of the file the layers came from */
    char source_sha256[65];
    const ctome_registry *reg;   /* borrowed; may be NULL */
    ctome_node *nodes;
    size_t n_nodes, cap_nodes;
    ctome_layer *layers;
    size_t n_layers;
    struct ctome_name_index *index;   /* name -> node */
    char **unplaced;        /* names that are neither registry neurons nor known cells */
    size_t n_unplaced, cap_unplaced;
    const ctome_alias *aliases;  /* source-specific aliases applied by ctome_connectome_node;
                                    readers set it from ctome_read_opts (borrowed) */
    size_t zero_weight;     /* listings with weight 0, ignored by ctome_connectome_add */
    char *meta[CTOME_META_N];   /* dataset metadata (owned), NULL when unknown */
} ctome_connectome;

/* Whether a layer name is directed by convention (electrical and contact are not). */
int ctome_layer_default_directed(const char *layer);
/* Whether a layer's weights may be negative by convention (functional: the
 * Randi 2023 atlas records inhibitory responses as negative amplitudes). */
int ctome_layer_default_signed(const char *layer);

int ctome_connectome_new(const char *id, const ctome_registry *reg, ctome_connectome **out);
void ctome_connectome_free(ctome_connectome *c);

/* Set one metadata field (copied; NULL or "" clears it). */
int ctome_connectome_set_meta(ctome_connectome *c, ctome_meta_key k, const char *value);

/* Find or add the node for a raw cell name as it appears in a source file.
 * The name is normalised; its kind comes from the registry (neuron) or the
 * registry's cell table (muscle / end organ).  A name that is neither is added
 * as CTOME_CELL_UNKNOWN and remembered in c->unplaced.  `file`/`line` give
 * error context for an empty name.  O(1) expected. */
int ctome_connectome_node(ctome_connectome *c, const char *raw, const char *file, long line,
                          int *idx);

/* Index of a node by canonical or raw name, or -1. */
int ctome_connectome_find(const ctome_connectome *c, const char *name);

/* The layer of that name, created (with the conventional direction) if absent. */
ctome_layer *ctome_connectome_layer(ctome_connectome *c, const char *name);
/* The layer of that name, or NULL. */
const ctome_layer *ctome_connectome_get_layer(const ctome_connectome *c, const char *name);

/* Replace a layer's weight unit (copied). */
int ctome_layer_set_unit(ctome_layer *l, const char *unit);
/* Set a layer's weight unit only if none is recorded yet (a source file's
 * own unit wins over a later default).  O(strlen(unit)). */
int ctome_layer_default_unit(ctome_layer *l, const char *unit);

/* Append a raw listing.  Weight must be finite, and >= 0 unless the layer
 * is signed (CTOME_EVALUE otherwise, with file:line); zero-weight listings
 * are ignored. */
int ctome_connectome_add(ctome_connectome *c, const char *layer, int src, int dst, double w,
                         const char *file, long line);

/* Merge listings into one edge per pair (see the top of this file) and put
 * the layers in the canonical order chemical, electrical, functional,
 * monoamine, peptide, contact (others after, in the order first seen). */
int ctome_connectome_finalise(ctome_connectome *c);

/* Summary of a finalised layer over the nodes selected by `neurons_only`
 * (1: only CTOME_CELL_NEURON endpoints; 0: all nodes). */
typedef struct {
    size_t n_nodes;         /* nodes with degree >= 1 in this layer */
    size_t n_edges;         /* edges (undirected pairs counted once) */
    double total_weight;
    size_t self_loops;
} ctome_layer_summary;
int ctome_layer_summarise(const ctome_connectome *c, const ctome_layer *l, int neurons_only,
                          ctome_layer_summary *s);

/* Degrees of one node in a layer (neurons_only as above).  For undirected
 * layers in == out == the number of distinct partners. */
int ctome_node_degree(const ctome_connectome *c, const ctome_layer *l, int node, int neurons_only,
                      size_t *in, size_t *out, double *in_w, double *out_w);

/* Dense weight matrix of a layer over a list of nodes (row = pre, column =
 * post; undirected layers filled symmetrically).  `m` is n*n, row-major. */
int ctome_layer_dense(const ctome_connectome *c, const ctome_layer *l, const int *nodes, size_t n,
                      double *m);

/* ---- Node scope and layer unions (connectome_view.c) -------------------
 *
 * Every analysis reads a layer through a view: the layer named by a spec
 * and the set of nodes in scope.
 *
 * Layer spec: a layer name, or a union "a+b[+c...]" of layers of the same
 * connectome.  A union is one undirected simple graph: an edge {u, v}
 * wherever any of the layers has an edge between u and v in either
 * direction, weighted by the sum of every listed weight between the pair
 * (a directed layer contributes w_uv + w_vu, an undirected layer its one
 * w_uv).  Self-loops are summed likewise (and, as everywhere, dropped by
 * the analyses).  This is the network of Watts & Strogatz 1998 and Towlson
 * et al. 2013 (chemical synapses and gap junctions as one undirected graph;
 * Varshney 2011: 279 neurons, 2287 edges).  The union is named with its
 * layers in the connectome's layer order ("electrical+chemical" gives
 * "chemical+electrical"); signed layers (functional) cannot be joined.
 *
 * Node scope: CTOME_SCOPE_NEURONS keeps edges between registry neurons;
 * CTOME_SCOPE_ALL keeps every node (muscles, end organs and names that
 * are not in the registry); CTOME_SCOPE_AUTO (the default) is NEURONS when
 * the layer has at least one edge (not a self-loop) between two registry
 * neurons, otherwise ALL, so graphs whose nodes are not C. elegans cell
 * names (numbered nodes, other organisms) are analysed whole. */
typedef enum {
    CTOME_SCOPE_AUTO = 0,
    CTOME_SCOPE_NEURONS,
    CTOME_SCOPE_ALL
} ctome_scope;

/* "auto", "neurons", "all". */
const char *ctome_scope_name(ctome_scope s);
/* Parse "auto" | "neurons" | "all"; CTOME_EVALUE otherwise. */
int ctome_scope_parse(const char *s, ctome_scope *out);

typedef struct {
    const ctome_layer *layer;   /* the named layer, or the union (owned) */
    ctome_layer *owned;         /* the union layer built by the view, else NULL */
    ctome_scope scope;          /* resolved: CTOME_SCOPE_NEURONS or CTOME_SCOPE_ALL */
    int automatic;              /* 1: AUTO resolved to ALL (no edge between registry neurons) */
    size_t n_edges;             /* analysable edges in scope (src != dst) */
    size_t n_nodes;             /* nodes with such an edge */
    size_t left_out;            /* edges (src != dst) with an endpoint out of scope */
    size_t self_loops;          /* self-loops in scope (dropped by analyses) */
} ctome_layer_view;

/* Open the view of `spec` over the finalised connectome c.  Errors:
 * CTOME_ENOTFOUND for a layer that is not there (the message lists the
 * layers there are), CTOME_EVALUE for a bad union (signed layer, repeated
 * layer) and for a layer with nothing to analyse (no edge between two
 * distinct nodes in scope; the message names the dataset and the layer and
 * says what there is: self-loops only, edges only outside the scope, or
 * no layer at all because zero-weight listings are ignored).  Cost O(m log m)
 * for a union, O(m) otherwise.  Close with ctome_layer_view_close. */
int ctome_layer_view_open(const ctome_connectome *c, const char *spec, ctome_scope scope,
                          ctome_layer_view *v);
void ctome_layer_view_close(ctome_layer_view *v);

/* CTOME_OK if at least one layer of c has something to analyse in `scope`
 * (a view would open); otherwise CTOME_EVALUE naming the dataset and saying
 * why for each layer (or that there is no layer: no edge at all, or only
 * zero-weight listings).  For commands that analyse every layer.  O(m). */
int ctome_connectome_check_analysable(const ctome_connectome *c, ctome_scope scope);

/* Whether node i is in the view's (resolved) scope.  O(1). */
int ctome_view_node_in_scope(const ctome_connectome *c, const ctome_layer_view *v, int i);

/* Build the union layer of spec "a+b..." (see above) as a new finalised
 * layer the caller frees with ctome_layer_free.  A spec without '+' is an
 * error (CTOME_EINVAL).  Cost O(m log m). */
int ctome_layer_union(const ctome_connectome *c, const char *spec, ctome_layer **out);
/* The union rule in one sentence, for output files and notes. */
const char *ctome_layer_union_rule(void);
void ctome_layer_free(ctome_layer *l);

#endif
