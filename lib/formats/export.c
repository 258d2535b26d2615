/* export.c — write one finalised layer as GraphML, GML, a TSV edge list, a
 * CSV matrix or a TSV node table, for networkx, python-igraph, Cytoscape,
 * pandas and R.  GraphML and GML nodes carry the registry facts users colour
 * networks by (class, type, sex, transmitter, sign, soma position) and the
 * graph carries the dataset metadata (citation, DOI, ...).
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
        {"matrix", CTOME_EXPORT_MATRIX}, {"csv", CTOME_EXPORT_MATRIX},
        {"nodes", CTOME_EXPORT_NODES}};
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (ctome_text_name_eq(s, names[i].name)) {
            *f = names[i].f;
            return CTOME_OK;
        }
    return ctome_error(CTOME_EINVAL, NULL, 0,
                       "unknown export format '%s' (graphml, gml, edgelist, matrix, nodes)", s ? s : "");
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

/* What users colour a network by: the registry's facts about a node (empty
 * strings and no position for cells outside the registry). */
typedef struct {
    const char *cls, *type, *sex, *nt, *sign;
    const double *pos;      /* soma x (AP), y, z in µm, or NULL */
} node_facts;

static void facts_of(const plan *p, int node, node_facts *f)
{
    const ctome_node *nd = &p->c->nodes[node];
    const ctome_neuron *r = nd->reg >= 0 && p->c->reg ? ctome_registry_neuron(p->c->reg, (size_t)nd->reg)
                                                      : NULL;
    f->cls = r ? r->cls : "";
    f->type = r ? ctome_neuron_type_name(r->type) : "";
    f->sex = r ? ctome_sex_name(r->sex) : "";
    f->nt = r ? r->nt : "";
    f->sign = r ? ctome_sign_name(r->sign) : "";
    f->pos = r && r->has_pos ? r->pos : NULL;
}

/* String-valued node facts, in the order of the keys and columns. */
#define N_FACT_STR 5
static const char *const fact_str_name[N_FACT_STR] = {"class", "type", "sex", "neurotransmitter", "sign"};
static const char *const fact_str_desc[N_FACT_STR] = {
    "neuron class (AVA holds AVAL and AVAR)", "sensory | interneuron | motor | pharyngeal | unknown",
    "both | hermaphrodite | male", "transmitter call (Wang et al. 2024), empty if unknown",
    "Dale sign of the transmitter: excitatory | inhibitory | unknown"};
static const char *fact_str(const node_facts *f, int k)
{
    const char *v[N_FACT_STR] = {f->cls, f->type, f->sex, f->nt, f->sign};
    return v[k];
}
static const char *const pos_name[3] = {"x_um", "y_um", "z_um"};

static void write_graphml(FILE *fp, const plan *p)
{
    char num[40];
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
          "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
          "  <key id=\"d0\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
          "  <key id=\"d1\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n", fp);
    fprintf(fp, "  <key id=\"d2\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"><desc>");
    xml_escaped(fp, p->l->weight_unit ? p->l->weight_unit : "unknown unit");
    fputs("</desc></key>\n"
          "  <key id=\"d3\" for=\"graph\" attr.name=\"layer\" attr.type=\"string\"/>\n", fp);
    for (int k = 0; k < N_FACT_STR; k++)
        fprintf(fp, "  <key id=\"s%d\" for=\"node\" attr.name=\"%s\" attr.type=\"string\"><desc>%s</desc></key>\n",
                k, fact_str_name[k], fact_str_desc[k]);
    for (int k = 0; k < 3; k++)
        fprintf(fp, "  <key id=\"p%d\" for=\"node\" attr.name=\"%s\" attr.type=\"double\"><desc>soma position, "
                "µm (Skuhersky et al. 2022); absent when unknown</desc></key>\n", k, pos_name[k]);
    char *const *meta = p->c->meta;
    for (int k = 0; k < CTOME_META_N; k++)
        if (meta[k])
            fprintf(fp, "  <key id=\"m%d\" for=\"graph\" attr.name=\"%s\" attr.type=\"string\"/>\n", k,
                    ctome_meta_name((ctome_meta_key)k));
    fprintf(fp, "  <graph id=\"G\" edgedefault=\"%s\">\n", p->l->directed ? "directed" : "undirected");
    fputs("    <data key=\"d3\">", fp);
    xml_escaped(fp, p->l->name);
    fputs("</data>\n", fp);
    for (int k = 0; k < CTOME_META_N; k++)
        if (meta[k]) {
            fprintf(fp, "    <data key=\"m%d\">", k);
            xml_escaped(fp, meta[k]);
            fputs("</data>\n", fp);
        }
    /* Node ids are the cell names, so networkx keys its nodes by them. */
    for (size_t k = 0; k < p->n; k++) {
        const ctome_node *nd = &p->c->nodes[p->order[k]];
        node_facts f;
        facts_of(p, p->order[k], &f);
        fputs("    <node id=\"", fp);
        xml_escaped(fp, nd->name);
        fputs("\"><data key=\"d0\">", fp);
        xml_escaped(fp, nd->name);
        fprintf(fp, "</data><data key=\"d1\">%s</data>", ctome_cell_kind_name(nd->kind));
        for (int j = 0; j < N_FACT_STR; j++)
            if (*fact_str(&f, j)) {
                fprintf(fp, "<data key=\"s%d\">", j);
                xml_escaped(fp, fact_str(&f, j));
                fputs("</data>", fp);
            }
        for (int j = 0; f.pos && j < 3; j++) {
            fmt_num(f.pos[j], 0, num);
            fprintf(fp, "<data key=\"p%d\">%s</data>", j, num);
        }
        fputs("</node>\n", fp);
    }
    for (size_t i = 0; i < p->l->n; i++) {
        const ctome_edge *e = &p->l->e[i];
        if (!edge_in(p, e))
            continue;
        fmt_num(e->w, 0, num);
        fputs("    <edge source=\"", fp);
        xml_escaped(fp, p->c->nodes[e->src].name);
        fputs("\" target=\"", fp);
        xml_escaped(fp, p->c->nodes[e->dst].name);
        fprintf(fp, "\"><data key=\"d2\">%s</data></edge>\n", num);
    }
    fputs("  </graph>\n</graphml>\n", fp);
}

static void write_gml(FILE *fp, const plan *p)
{
    char num[40];
    fprintf(fp, "Creator \"ctome\"\ngraph\n[\n  directed %d\n  layer \"", p->l->directed ? 1 : 0);
    gml_escaped(fp, p->l->name);
    fputs("\"\n  weight_unit \"", fp);
    gml_escaped(fp, p->l->weight_unit ? p->l->weight_unit : "unknown");
    fputs("\"\n", fp);
    char *const *meta = p->c->meta;
    for (int k = 0; k < CTOME_META_N; k++)
        if (meta[k]) {
            fprintf(fp, "  %s \"", ctome_meta_name((ctome_meta_key)k));
            gml_escaped(fp, meta[k]);
            fputs("\"\n", fp);
        }
    for (size_t k = 0; k < p->n; k++) {
        const ctome_node *nd = &p->c->nodes[p->order[k]];
        node_facts f;
        facts_of(p, p->order[k], &f);
        fprintf(fp, "  node\n  [\n    id %zu\n    label \"", k);
        gml_escaped(fp, nd->name);
        fprintf(fp, "\"\n    kind \"%s\"\n", ctome_cell_kind_name(nd->kind));
        for (int j = 0; j < N_FACT_STR; j++)
            if (*fact_str(&f, j)) {
                fprintf(fp, "    %s \"", fact_str_name[j]);
                gml_escaped(fp, fact_str(&f, j));
                fputs("\"\n", fp);
            }
        for (int j = 0; f.pos && j < 3; j++) {
            fmt_num(f.pos[j], 1, num);
            fprintf(fp, "    %s %s\n", pos_name[j], num);
        }
        fputs("  ]\n", fp);
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

/* The node table (TSV): one row per exported node with what the GraphML
 * carries as node attributes, for pandas/R joins with the edge list. */
static void write_nodes(FILE *fp, const plan *p)
{
    char num[40];
    fputs("name\tkind", fp);
    for (int j = 0; j < N_FACT_STR; j++)
        fprintf(fp, "\t%s", fact_str_name[j]);
    for (int j = 0; j < 3; j++)
        fprintf(fp, "\t%s", pos_name[j]);
    fputc('\n', fp);
    for (size_t k = 0; k < p->n; k++) {
        const ctome_node *nd = &p->c->nodes[p->order[k]];
        node_facts f;
        facts_of(p, p->order[k], &f);
        fprintf(fp, "%s\t%s", nd->name, ctome_cell_kind_name(nd->kind));
        for (int j = 0; j < N_FACT_STR; j++)
            fprintf(fp, "\t%s", fact_str(&f, j));
        for (int j = 0; j < 3; j++) {
            if (f.pos)
                fmt_num(f.pos[j], 0, num);
            fprintf(fp, "\t%s", f.pos ? num : "");
        }
        fputc('\n', fp);
    }
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
        f != CTOME_EXPORT_MATRIX && f != CTOME_EXPORT_NODES)
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
    case CTOME_EXPORT_NODES: write_nodes(out.fp, &p); break;
    }
    plan_free(&p);
    ctome_layer_view_close(&v);
    if (rc) {
        ctome_outfile_abort(&out);
        return rc;
    }
    return ctome_outfile_commit(&out);
}
