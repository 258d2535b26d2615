/* edgelist.c — the generic CSV/TSV/white-space edge-list reader.
 *
 * One reader for every "source, target, weight[, type]" table we bundle:
 * the WormWiring edge list (comma, space-padded names), the White 1986
 * WormNeuroAtlas lists (TAB despite .csv), the Cook 2020 pharynx
 * supplements (CRLF; SI5 has no type column), and user files.
 */
#include "readers.h"
#include "error.h"
#include "textutil.h"

#include <stdlib.h>
#include <string.h>

static const char *const SRC_NAMES[] = {"source", "pre", "from", "neuron 1", "origin", "presynaptic",
                                        "src", "node1", NULL};
static const char *const DST_NAMES[] = {"target", "post", "to", "neuron 2", "postsynaptic", "dst",
                                        "node2", NULL};
static const char *const W_NAMES[] = {"weight", "synapses", "nbr", "value", "number of connections",
                                      "count", NULL};
static const char *const TYPE_NAMES[] = {"type", "typ", "edge type", "connection type", "synapse type",
                                         NULL};

/* Synapse type values.  WormAtlas NeuronConnect codes: S/Sp = sent chemical
 * synapse, EJ = electrical junction, NMJ = neuromuscular (chemical). */
static const char *const CHEM_TYPES[] = {"chemical", "chem", "c", "send", "s", "sp", "send poly",
                                         "synapse", "nmj", NULL};
/* The other layer names, as `ctome export` writes them in its type column. */
static const char *const OTHER_LAYERS[] = {"functional", "monoamine", "peptide", "contact", NULL};
static const char *const ELEC_TYPES[] = {"electrical", "electric", "e", "ej", "gap", "gapjunction",
                                         "gap junction", "gj", "g", NULL};

typedef struct {
    long src, dst, w, type;   /* 0-based field indices; -1 absent */
} columns;

static long find_col(const ctome_fields *h, const char *const *names)
{
    for (size_t i = 0; i < h->n; i++)
        if (ctome_text_name_in(h->f[i], names))
            return (long)i;
    return -1;
}

int ctome_edgelist_header_names(const ctome_fields *h)
{
    return find_col(h, SRC_NAMES) >= 0 && find_col(h, DST_NAMES) >= 0;
}

/* Column of the weight by opts->weight_column: a 1-based number or a header
 * name.  A name needs a header. */
static int weight_col_from_opt(const char *want, const ctome_fields *hdr, size_t ncols,
                               const char *path, long *col)
{
    double v;
    if (ctome_text_is_number(want, &v)) {
        if (v < 1 || v != (double)(long)v || v > (double)ncols)
            return ctome_error(CTOME_EINVAL, path, 0,
                               "weight column %s out of range (the file has %zu columns)", want, ncols);
        *col = (long)v - 1;
        return CTOME_OK;
    }
    for (size_t i = 0; hdr && i < hdr->n; i++)
        if (ctome_text_name_eq(hdr->f[i], want)) {
            *col = (long)i;
            return CTOME_OK;
        }
    return ctome_error(CTOME_ENOTFOUND, path, 0, "no column named '%s'%s", want,
                       hdr ? "" : " (the file has no header row)");
}

/* Decide whether the first data row is a header and which columns to use.
 * The row is a header if its weight field (by position: the 3rd, or the
 * requested column) is not a number, or if it names a known column. */
static int choose_columns(const ctome_fields *first, const ctome_read_opts *o, const char *path,
                          long lineno, int *is_header, columns *cols)
{
    size_t n = first->n;
    if (n < 2)
        return ctome_error(CTOME_EFORMAT, path, lineno,
                           "an edge list needs at least 2 columns (source, target); found %zu in '%s'",
                           n, first->f[0]);
    long wpos = n >= 3 ? 2 : -1;
    if (o && o->weight_column) {
        double v;
        if (ctome_text_is_number(o->weight_column, &v) && v >= 1 && v <= (double)n)
            wpos = (long)v - 1;
    }
    int named = find_col(first, SRC_NAMES) >= 0 || find_col(first, DST_NAMES) >= 0 ||
                find_col(first, W_NAMES) >= 0;
    *is_header = named || (wpos >= 0 && !ctome_text_is_number(first->f[wpos], NULL));
    if (*is_header) {
        cols->src = find_col(first, SRC_NAMES);
        cols->dst = find_col(first, DST_NAMES);
        cols->w = find_col(first, W_NAMES);
        cols->type = find_col(first, TYPE_NAMES);
        /* Unnamed source/target columns are taken by position. */
        if (cols->src < 0)
            cols->src = cols->dst == 0 ? 1 : 0;
        if (cols->dst < 0)
            cols->dst = cols->src == 1 ? 0 : 1;
        if (cols->src == cols->dst)
            return ctome_error(CTOME_EFORMAT, path, lineno, "cannot tell the source from the target "
                               "column in header '%s'", first->f[cols->src]);
        /* A column we cannot name may hold the weights: refuse to guess
         * (weight 1 is only for files with no such column). */
        if (cols->w < 0 && !(o && o->weight_column))
            for (size_t i = 0; i < n; i++)
                if ((long)i != cols->src && (long)i != cols->dst && (long)i != cols->type &&
                    first->f[i][0])
                    return ctome_error(CTOME_ENOTFOUND, path, lineno,
                                       "no weight column in the header (column %zu is '%s'); "
                                       "name it with the weight-column option", i + 1, first->f[i]);
    } else {
        cols->src = 0;
        cols->dst = 1;
        cols->w = n >= 3 ? 2 : -1;
        /* Without a header a 4th column is a type only if it is not a number. */
        cols->type = n >= 4 && !ctome_text_is_number(first->f[3], NULL) ? 3 : -1;
    }
    if (o && o->weight_column) {
        int rc = weight_col_from_opt(o->weight_column, *is_header ? first : NULL, n, path, &cols->w);
        if (rc)
            return rc;
    }
    return CTOME_OK;
}

static int layer_of_type(const char *type, const char *path, long lineno, const char **layer)
{
    if (ctome_text_name_in(type, CHEM_TYPES))
        *layer = "chemical";
    else if (ctome_text_name_in(type, ELEC_TYPES))
        *layer = "electrical";
    else if (ctome_text_name_in(type, OTHER_LAYERS)) {
        for (size_t i = 0; OTHER_LAYERS[i]; i++)   /* the canonical spelling: functional is signed */
            if (ctome_text_name_in(type, (const char *const[]){OTHER_LAYERS[i], NULL}))
                *layer = OTHER_LAYERS[i];
    } else if (strchr(type, '+') && !strchr(type, ' '))
        *layer = type;      /* an exported union "a+b", read back as that one layer */
    else
        return ctome_error(CTOME_EVALUE, path, lineno,
                           "unknown connection type '%s' (expected chemical, electrical, functional, "
                           "monoamine, peptide, contact or a union a+b)", type);
    return CTOME_OK;
}

static long max_col(const columns *c)
{
    long m = c->src > c->dst ? c->src : c->dst;
    if (c->w > m)
        m = c->w;
    if (c->type > m)
        m = c->type;
    return m;
}

static int read_row(ctome_connectome *c, const ctome_fields *fs, const columns *cols,
                    const ctome_read_opts *o, const char *path, long lineno)
{
    long need = max_col(cols) + 1;
    if ((long)fs->n < need)
        return ctome_error(CTOME_EFORMAT, path, lineno, "expected at least %ld fields, found %zu",
                           need, fs->n);
    double w = 1;
    int rc;
    const char *layer = "chemical";
    if (o && o->layer)
        layer = o->layer;
    else if (cols->type >= 0 && (rc = layer_of_type(fs->f[cols->type], path, lineno, &layer)))
        return rc;
    if (cols->w >= 0 && (rc = ctome_text_layer_weight(fs->f[cols->w], layer, "weight", path, lineno, &w)))
        return rc;
    return ctome_read_add_named(c, layer, fs->f[cols->src], fs->f[cols->dst], w, path, lineno);
}

/* Read a delimited edge list (see the top of this file and readers.h).
 * Definition: one listing per data row, source -> target with the weight
 * column's value (1 if there is none), in the layer named by the type column,
 * opts->layer, or "chemical".  Blank and '#' lines are skipped.
 * Errors: no data rows, fewer fields than the chosen columns, a non-numeric
 * or negative weight, an unknown type — each naming file:line and value.
 * Cost: O(file size). */
int ctome_read_edgelist(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    ctome_rows r;
    int rc = ctome_rows_open(&r, path, 0, o, NULL, c);
    if (rc)
        return rc;
    columns cols = {0, 1, -1, -1};
    long rows = 0, data_rows = 0;
    while (ctome_rows_next(&r, &rc)) {
        if (rows++ == 0) {
            int is_header = 0;
            if ((rc = choose_columns(&r.fs, o, path, r.t.line, &is_header, &cols)))
                break;
            if (is_header)
                continue;
        }
        if ((rc = read_row(c, &r.fs, &cols, o, path, r.t.line)))
            break;
        data_rows++;
    }
    if (!rc && data_rows == 0)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no data rows (only a header, blank or comment lines)");
    ctome_rows_close(&r);
    return rc;
}

int ctome_edgelist_names_columns(const char *path)
{
    ctome_text t;
    if (ctome_text_open(&t, path))
        return 0;
    char *line;
    int named = 0;
    while (ctome_text_next(&t, &line)) {
        if (ctome_text_is_skippable(line))
            continue;
        ctome_fields fs = {0};
        if (ctome_text_split(line, ctome_text_detect_delim(line), &fs, path, t.line) == CTOME_OK)
            named = find_col(&fs, SRC_NAMES) >= 0 && find_col(&fs, DST_NAMES) >= 0;
        ctome_fields_free(&fs);
        break;
    }
    ctome_text_close(&t);
    ctome_error_clear();
    return named;
}
