/* readers.h — one reader per connectome source format.
 *
 * Every reader appends the file's cells and listings to an existing
 * ctome_connectome (ctome_connectome_node + ctome_connectome_add), names every
 * bad value with file:line (or file:sheet!cell), and leaves finalising to the
 * caller.  None prints.  ctome_read_auto() picks a reader from the first bytes
 * of the file (and, for text, its header), so users can hand any supported
 * file to `ctome ingest`, `ctome info`, `ctome export`.
 */
#ifndef CTOME_READERS_H
#define CTOME_READERS_H

#include "connectome.h"
#include "names.h"

typedef struct {
    const char *layer;          /* force every edge into this layer (NULL: from the file) */
    const char *sheet;          /* workbook sheet, where the format has several */
    const char *weight_column;  /* generic edge list: column name or 1-based number */
    const ctome_alias *aliases; /* source-specific name aliases */
    int sex;                    /* Cook 2019 workbook: 0 hermaphrodite, 1 male */
} ctome_read_opts;

/* Known source formats. */
typedef enum {
    CTOME_FMT_UNKNOWN = 0,
    CTOME_FMT_EDGELIST,     /* generic CSV/TSV edge list (header detection) */
    CTOME_FMT_ADJACENCY,    /* dense adjacency CSV/TSV with names */
    CTOME_FMT_NEMANODE,     /* NemaNode JSON */
    CTOME_FMT_GML,
    CTOME_FMT_GRAPHML,
    CTOME_FMT_COOK_SI5,     /* Cook 2019 SI5 adjacency workbook */
    CTOME_FMT_WITVLIET_XLSX,
    CTOME_FMT_BRITTIN_XLSX,
    CTOME_FMT_YIM_XLSX,
    CTOME_FMT_VARSHNEY_XLS, /* WormAtlas NeuronConnect.xls */
    CTOME_FMT_UZEL_MAT,     /* Uzel 2022 Neuro279_{Syn,EJ}.mat + Order279.mat */
    CTOME_FMT_BENTLEY,      /* Bentley 2016 extrasynaptic edge list */
    CTOME_FMT_RANDI_TSV,    /* Randi 2023 functional atlas export */
    CTOME_FMT_STORE         /* a ctome HDF5 store */
} ctome_format;

const char *ctome_format_name(ctome_format f);

/* Guess the format of a file from its first bytes and header. */
int ctome_format_detect(const char *path, ctome_format *fmt);

/* What kind of input a file holds, for commands that take several kinds
 * (rank: a connectome, a recording or a matrix of numbers; rsa: a data
 * table or a recording).  Decided from the content (ctome_format_detect,
 * ctome_rec_format_detect), never from the name:
 *   - a ctome store: CONNECTOME if it holds a connectome, else RECORDING if it
 *     holds a recording, else UNKNOWN;
 *   - any other HDF5 file (NWB) and Atanas JSON ('[[' ...): RECORDING;
 *   - a text table whose every field is a number, or whose first row is a
 *     header of names over rows of numbers only, but NOT an edge list header
 *     (source/target, pre/post, ...): MATRIX;
 *   - every other connectome format (edge lists, dense matrices with names,
 *     GML, GraphML, NemaNode JSON, workbooks, MATLAB): CONNECTOME.
 * `what` receives a phrase for messages ("an edge list (connectome)" when
 * the header names source and target columns, "a text table (read as a
 * connectome edge list)" for other text tables, "a ctome store of 1
 * connectome and 0 recordings"), at most what_sz bytes.  Errors: the file
 * cannot be read (CTOME_EIO), is empty or binary of no known format
 * (CTOME_EFORMAT).  Cost: reads the first 8 KB (a store: its group lists). */
typedef enum {
    CTOME_KIND_UNKNOWN = 0,
    CTOME_KIND_CONNECTOME,
    CTOME_KIND_RECORDING,
    CTOME_KIND_MATRIX
} ctome_input_kind;
int ctome_input_kind_detect(const char *path, ctome_input_kind *kind, char *what, size_t what_sz);

/* Read any supported file into c (format detected). */
int ctome_read_auto(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_format(ctome_format f, const char *path, const ctome_read_opts *o,
                      ctome_connectome *c);

/* Text formats (lib/formats/edgelist.c, adjacency.c, nemanode.c, gml.c,
 * graphml.c, extrasynaptic.c, randi.c). */
int ctome_read_edgelist(const char *path, const ctome_read_opts *o, ctome_connectome *c);
/* 1 if the first data line of the text file `path` names both a source and
 * a target column (source/pre/from..., target/post/to...): an edge list, not
 * a numeric matrix with a header.  0 otherwise (also for unreadable files).
 * O(first line). */
int ctome_edgelist_names_columns(const char *path);
int ctome_read_adjacency(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_nemanode(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_gml(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_graphml(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_bentley(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_randi(const char *path, const ctome_read_opts *o, ctome_connectome *c);

/* Workbooks (lib/formats/workbooks.c). */
int ctome_read_cook_si5(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_witvliet_xlsx(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_brittin_xlsx(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_yim_xlsx(const char *path, const ctome_read_opts *o, ctome_connectome *c);
int ctome_read_varshney_xls(const char *path, const ctome_read_opts *o, ctome_connectome *c);

/* MATLAB v7.3 (lib/formats/matlab.c): `path` is Neuro279_Syn.mat or
 * Neuro279_EJ.mat; Order279.mat is read from the same folder. */
int ctome_read_uzel_mat(const char *path, const ctome_read_opts *o, ctome_connectome *c);

/* Writers (lib/formats/export.c): networkx, igraph and Cytoscape read them. */
typedef enum { CTOME_EXPORT_GRAPHML, CTOME_EXPORT_GML, CTOME_EXPORT_EDGELIST,
               CTOME_EXPORT_MATRIX, CTOME_EXPORT_NODES } ctome_export_format;
int ctome_export_format_parse(const char *s, ctome_export_format *f);
/* Write one finalised layer or layer union to `path` atomically, over the
 * nodes in `scope` (the layer view of connectome.h). */
int ctome_export_layer(const ctome_connectome *c, const char *layer, ctome_export_format f,
                       ctome_scope scope, const char *path);

#endif
