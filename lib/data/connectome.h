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
 *     junction listed both ways is one pair, DESIGN §6); pairs whose two
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
    size_t n_unplaced;
    const ctome_alias *aliases;  /* source-specific aliases applied by ctome_connectome_node;
                                    readers set it from ctome_read_opts (borrowed) */
} ctome_connectome;

/* Whether a layer name is directed by convention (electrical and contact are not). */
int ctome_layer_default_directed(const char *layer);
/* Whether a layer's weights may be negative by convention (functional: the
 * Randi 2023 atlas records inhibitory responses as negative amplitudes). */
int ctome_layer_default_signed(const char *layer);

int ctome_connectome_new(const char *id, const ctome_registry *reg, ctome_connectome **out);
void ctome_connectome_free(ctome_connectome *c);

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

#endif
