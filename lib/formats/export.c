/* export.c — write one finalised layer as GraphML, GML, a TSV edge list or a
 * CSV matrix, for networkx, python-igraph, Cytoscape, pandas and R.
 *
 * What is written: the nodes with at least one edge in the layer (after
 * node scope of the layer view), in node-table order, and the layer's edges
 * (undirected pairs once).  Output goes through ctome_outfile_* so a failed
 * export leaves no partial file.  Numbers are written so that they read back
 * exactly: integers without a fraction, other values with the shortest
 * round-trip precision (and always a '.' for GML, whose reals need one).
 */
#include "readers.h"
#include "error.h"
#include "io.h"
#include "textutil.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ctome_export_format_parse(const char *s, ctome_export_format *f)
{
    static const struct { const char *name; ctome_export_format f; } names[] = {
        {"graphml", CTOME_EXPORT_GRAPHML}, {"gml", CTOME_EXPORT_GML},
        {"edgelist", CTOME_EXPORT_EDGELIST}, {"tsv", CTOME_EXPORT_EDGELIST},
        {"matrix", CTOME_EXPORT_MATRIX}, {"csv", CTOME_EXPORT_MATRIX}};
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (ctome_text_name_eq(s, names[i].name)) {
            *f = names[i].f;
            return CTOME_OK;
        }
    return ctome_error(CTOME_EINVAL, NULL, 0,
                       "unknown export format '%s' (graphml, gml, edgelist, matrix)", s ? s : "");
}

/* Shortest text that strtod reads back as v; integral values without a
 * fraction.  With need_dot a non-integral value always carries a '.'. */
static void fmt_num(double v, int need_dot, char out[40])
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, 40, "%.0f", v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, 40, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            break;
    }
    if (need_dot && !strchr(out, '.')) {
        char *e = strchr(out, 'e');
        if (e) {
            char tail[40];
            snprintf(tail, sizeof tail, "%s", e);
            snprintf(e, (size_t)(40 - (e - out)), ".0%s", tail);
        }
    }
}

static void xml_escaped(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&apos;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* GML strings cannot hold '"'; networkx and igraph decode these entities. */
static void gml_escaped(FILE *fp, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            fputs("&amp;", fp);
        else if (*s == '"')
            fputs("&quot;", fp);
        else
            fputc(*s, fp);
    }
}

static void csv_field(FILE *fp, const char *s)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL || (s[0] && (isspace((unsigned char)s[0]) ||
                                                           isspace((unsigned char)s[strlen(s) - 1])));
    if (!quote) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

typedef struct {
    const ctome_connectome *c;
    const ctome_layer *l;
    const ctome_layer_view *v;
    int *pos;        /* node -> export position, -1 if not written */
    int *order;      /* export position -> node */
    size_t n;        /* nodes written */
} plan;

static int edge_in(const plan *p, const ctome_edge *e)
{
    return p->pos[e->src] >= 0 && p->pos[e->dst] >= 0;
}

static int plan_make(plan *p, const ctome_connectome *c, const ctome_layer_view *v)
{
    memset(p, 0, sizeof *p);
    const ctome_layer *l = v->layer;
    p->c = c;
    p->l = l;
    p->v = v;
    size_t nn = c->n_nodes ? c->n_nodes : 1;
    p->pos = malloc(nn * sizeof *p->pos);
    p->order = malloc(nn * sizeof *p->order);
    unsigned char *used = calloc(nn, 1);
    if (!p->pos || !p->order || !used) {
        free(p->pos);
        free(p->order);
        free(used);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        if (e->src < 0 || e->dst < 0 || (size_t)e->src >= c->n_nodes || (size_t)e->dst >= c->n_nodes)
            continue;
        if (!ctome_view_node_in_scope(c, v, e->src) || !ctome_view_node_in_scope(c, v, e->dst))
            continue;
        used[e->src] = used[e->dst] = 1;
    }
    for (size_t i = 0; i < c->n_nodes; i++) {
        p->pos[i] = used[i] ? (int)p->n : -1;
        if (used[i])
            p->order[p->n++] = (int)i;
    }
    free(used);
    return CTOME_OK;
}

static void plan_free(plan *p)
{
    free(p->pos);
    free(p->order);
}

static void write_graphml(FILE *fp, const plan *p)
{
    char num[40];
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
          "  <key id=\"d0\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
          "  <key id=\"d1\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
          "  <key id=\"d2\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
          "  <key id=\"d3\" for=\"graph\" attr.name=\"layer\" attr.type=\"string\"/>\n", fp);
    fprintf(fp, "  <graph id=\"G\" edgedefault=\"%s\">\n", p->l->directed ? "directed" : "undirected");
    fputs("    <data key=\"d3\">", fp);
    xml_escaped(fp, p->l->name);
    fputs("</data>\n", fp);
    for (size_t k = 0; k < p->n; k++) {
        const ctome_node *nd = &p->c->nodes[p->order[k]];
        fprintf(fp, "    <node id=\"n%zu\"><data key=\"d0\">", k);
        xml_escaped(fp, nd->name);
        fprintf(fp, "</data><data key=\"d1\">%s</data></node>\n", ctome_cell_kind_name(nd->kind));
    }
    for (size_t i = 0; i < p->l->n; i++) {
        const ctome_edge *e = &p->l->e[i];
        if (!edge_in(p, e))
            continue;
        fmt_num(e->w, 0, num);
        fprintf(fp, "    <edge source=\"n%d\" target=\"n%d\"><data key=\"d2\">%s</data></edge>\n",
                p->pos[e->src], p->pos[e->dst], num);
    }
    fputs("  </graph>\n</graphml>\n", fp);
}

static void write_gml(FILE *fp, const plan *p)
{
    char num[40];
    fprintf(fp, "Creator \"ctome\"\ngraph\n[\n  directed %d\n  layer \"", p->l->directed ? 1 : 0);
    gml_escaped(fp, p->l->name);
    fputs("\"\n", fp);
    for (size_t k = 0; k < p->n; k++) {
        const ctome_node *nd = &p->c->nodes[p->order[k]];
        fprintf(fp, "  node\n  [\n    id %zu\n    label \"", k);
        gml_escaped(fp, nd->name);
        fprintf(fp, "\"\n    kind \"%s\"\n  ]\n", ctome_cell_kind_name(nd->kind));
    }
    for (size_t i = 0; i < p->l->n; i++) {
        const ctome_edge *e = &p->l->e[i];
        if (!edge_in(p, e))
            continue;
        fmt_num(e->w, 1, num);
        fprintf(fp, "  edge\n  [\n    source %d\n    target %d\n    value %s\n  ]\n", p->pos[e->src],
                p->pos[e->dst], num);
    }
    fputs("]\n", fp);
}

static void write_edgelist(FILE *fp, const plan *p)
{
    char num[40];
    /* The type column names the layer, so that reading the file back puts the
     * edges in the same layer (direction, sign) rather than in "chemical". */
    fputs("source\ttarget\tweight\ttype\n", fp);
    for (size_t i = 0; i < p->l->n; i++) {
        const ctome_edge *e = &p->l->e[i];
        if (!edge_in(p, e))
            continue;
        fmt_num(e->w, 0, num);
        fprintf(fp, "%s\t%s\t%s\t%s\n", p->c->nodes[e->src].name, p->c->nodes[e->dst].name, num,
                p->l->name);
    }
}

static int write_matrix(FILE *fp, const plan *p)
{
    size_t n = p->n;
    double *m = calloc(n ? n * n : 1, sizeof *m);
    if (!m)
        return ctome_error_nomem();
    for (size_t i = 0; i < p->l->n; i++) {
        const ctome_edge *e = &p->l->e[i];
        if (!edge_in(p, e))
            continue;
        size_t a = (size_t)p->pos[e->src], b = (size_t)p->pos[e->dst];
        m[a * n + b] = e->w;
        if (!p->l->directed)
            m[b * n + a] = e->w;
    }
    char num[40];
    fputs("pre/post", fp);
    for (size_t k = 0; k < n; k++) {
        fputc(',', fp);
        csv_field(fp, p->c->nodes[p->order[k]].name);
    }
    fputc('\n', fp);
    for (size_t a = 0; a < n; a++) {
        csv_field(fp, p->c->nodes[p->order[a]].name);
        for (size_t b = 0; b < n; b++) {
            fmt_num(m[a * n + b], 0, num);
            fputc(',', fp);
            fputs(num, fp);
        }
        fputc('\n', fp);
    }
    free(m);
    return CTOME_OK;
}

/* Write layer `layer` of c (a layer or a union "a+b", in node scope `scope`:
 * the layer view of connectome.h) to `path` in format f (see the top of this
 * file).  Errors: unknown layer (CTOME_ENOTFOUND), nothing to export in the
 * scope (CTOME_EVALUE), a layer not finalised (CTOME_EINVAL), an unwritable
 * path (CTOME_EIO).  Cost: O(nodes + edges);
 * the matrix format O(n^2) in the nodes written. */
int ctome_export_layer(const ctome_connectome *c, const char *layer, ctome_export_format f,
                       ctome_scope scope, const char *path)
{
    if (f != CTOME_EXPORT_GRAPHML && f != CTOME_EXPORT_GML && f != CTOME_EXPORT_EDGELIST &&
        f != CTOME_EXPORT_MATRIX)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown export format %d", (int)f);
    ctome_layer_view v;
    int rc = ctome_layer_view_open(c, layer, scope, &v);
    if (rc)
        return rc;
    plan p;
    if ((rc = plan_make(&p, c, &v))) {
        ctome_layer_view_close(&v);
        return rc;
    }
    ctome_outfile out;
    if ((rc = ctome_outfile_open(&out, path))) {
        plan_free(&p);
        ctome_layer_view_close(&v);
        return rc;
    }
    switch (f) {
    case CTOME_EXPORT_GRAPHML: write_graphml(out.fp, &p); break;
    case CTOME_EXPORT_GML: write_gml(out.fp, &p); break;
    case CTOME_EXPORT_EDGELIST: write_edgelist(out.fp, &p); break;
    case CTOME_EXPORT_MATRIX: rc = write_matrix(out.fp, &p); break;
    }
    plan_free(&p);
    ctome_layer_view_close(&v);
    if (rc) {
        ctome_outfile_abort(&out);
        return rc;
    }
    return ctome_outfile_commit(&out);
}
