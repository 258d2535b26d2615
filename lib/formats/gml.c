/* gml.c — Graph Modelling Language reader (Himsolt, "GML: A portable Graph
 * File Format", Universität Passau 1997).
 *
 * GML is a list of key/value pairs; a value is an integer, a real, a string
 * in double quotes, or a nested list in [ ].  Lines starting with '#' are
 * comments.  We read graph [ directed D  node [ id I label L ]  edge [ source
 * S target T value W ] ] (igraph writes "name" for the label, "weight" for
 * the value), skip every other key (graphics, etc.) and let
 * ctome_connectome_finalise() sum multigraph edges.  Node names are the
 * labels as given (Newman's celegansneural.gml has numeric labels: those
 * become unplaced cells, which is reported, not hidden).
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

enum { TK_END, TK_KEY, TK_NUM, TK_STR, TK_OPEN, TK_CLOSE };

/* Nesting deeper than this is rejected (bounded recursion on hostile input). */
#define GML_MAX_DEPTH 64

typedef struct {
    long long id;
    char *label;      /* decoded, or NULL */
    char *name;       /* igraph writes "name" instead of "label" */
    long line;
    int idx;          /* connectome node */
} gml_node;

typedef struct {
    long long src, dst;
    int has_src, has_dst;
    double w;
    long line;
} gml_edge;

typedef struct {
    const char *path;
    char *p;          /* cursor in the NUL-terminated buffer */
    char *end;
    long line;
    /* current token */
    int tk;
    char *text;       /* key, number (copied into tok) or string (in place) */
    char tok[64];
    double num;
    long tk_line;
    /* collected graph */
    int directed, has_graph;
    char *layer;      /* graph-level "layer" string written by ctome export */
    gml_node *nodes;
    size_t n_nodes, cap_nodes;
    gml_edge *edges;
    size_t n_edges, cap_edges;
} gml;

/* Copy the token [s, g->p) into g->tok (cut to its size) and point
 * g->text at it. */
static void copy_token(gml *g, const char *s)
{
    size_t n = (size_t)(g->p - s);
    if (n >= sizeof g->tok)
        n = sizeof g->tok - 1;
    memcpy(g->tok, s, n);
    g->tok[n] = '\0';
    g->text = g->tok;
}

static int gml_next(gml *g)
{
    for (;;) {
        while (g->p < g->end && isspace((unsigned char)*g->p)) {
            if (*g->p == '\n')
                g->line++;
            g->p++;
        }
        if (g->p < g->end && *g->p == '#') {
            while (g->p < g->end && *g->p != '\n')
                g->p++;
            continue;
        }
        break;
    }
    g->tk_line = g->line;
    if (g->p >= g->end) {
        g->tk = TK_END;
        return CTOME_OK;
    }
    char ch = *g->p;
    if (ch == '[' || ch == ']') {
        g->tk = ch == '[' ? TK_OPEN : TK_CLOSE;
        g->p++;
        return CTOME_OK;
    }
    if (ch == '"') {
        char *s = ++g->p;
        while (g->p < g->end && *g->p != '"') {
            if (*g->p == '\n')
                g->line++;
            g->p++;
        }
        if (g->p >= g->end)
            return ctome_error(CTOME_EFORMAT, g->path, g->tk_line, "unterminated string '%.40s'", s);
        *g->p++ = '\0';
        g->tk = TK_STR;
        g->text = s;
        return CTOME_OK;
    }
    if (isalpha((unsigned char)ch) || ch == '_') {
        char *s = g->p;
        while (g->p < g->end && (isalnum((unsigned char)*g->p) || *g->p == '_'))
            g->p++;
        /* Copy the key: the byte after it may be a bracket we still need. */
        copy_token(g, s);
        g->tk = TK_KEY;
        return CTOME_OK;
    }
    if (isdigit((unsigned char)ch) || ch == '-' || ch == '+' || ch == '.') {
        char *s = g->p;
        while (g->p < g->end && !isspace((unsigned char)*g->p) && *g->p != '[' && *g->p != ']' &&
               *g->p != '"' && *g->p != '#')
            g->p++;
        copy_token(g, s);
        if (!ctome_text_is_number(g->tok, &g->num))
            return ctome_error(CTOME_EFORMAT, g->path, g->tk_line, "bad number '%s'", g->tok);
        g->tk = TK_NUM;
        return CTOME_OK;
    }
    return ctome_error(CTOME_EFORMAT, g->path, g->tk_line, "unexpected character '%c'", ch);
}

static int key_is(const gml *g, const char *k)
{
    return strcmp(g->text, k) == 0;
}

/* Decode the XML-style entities GML writers (networkx) use in strings. */
static char *decode_string(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    if (!out)
        return NULL;
    static const struct { const char *ent; char ch; } ents[] = {
        {"&amp;", '&'}, {"&quot;", '"'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&apos;", '\''}};
    char *w = out;
    while (*s) {
        int done = 0;
        if (*s == '&')
            for (size_t k = 0; k < sizeof ents / sizeof ents[0]; k++) {
                size_t n = strlen(ents[k].ent);
                if (strncmp(s, ents[k].ent, n) == 0) {
                    *w++ = ents[k].ch;
                    s += n;
                    done = 1;
                    break;
                }
            }
        if (!done)
            *w++ = *s++;
    }
    *w = '\0';
    return out;
}

enum { CTX_TOP, CTX_GRAPH, CTX_NODE, CTX_EDGE, CTX_SKIP };

static int parse_list(gml *g, int ctx, int depth, void *item);

/* An id must be an integer within long long: a larger number is refused
 * before the cast (which would be undefined; found by tests/fuzz/fuzz_text). */
static int as_id(gml *g, const char *what, long long *v)
{
    if (g->tk != TK_NUM || !(g->num >= -0x1p63 && g->num < 0x1p63) || g->num != floor(g->num))
        return ctome_error(CTOME_EFORMAT, g->path, g->tk_line, "%s must be an integer, got '%.40s'",
                           what, g->tk == TK_STR || g->tk == TK_NUM ? g->text : "[");
    *v = (long long)g->num;
    return CTOME_OK;
}

/* Handle one key/value pair inside a list of kind ctx; the key is the current
 * token.  Values of unknown keys are skipped (lists recursively). */
static int parse_pair(gml *g, int ctx, int depth, void *item)
{
    int k_node = key_is(g, "node"), k_edge = key_is(g, "edge"), k_graph = key_is(g, "graph");
    int k_dir = key_is(g, "directed"), k_id = key_is(g, "id"), k_label = key_is(g, "label");
    int k_name = key_is(g, "name");
    int k_src = key_is(g, "source"), k_dst = key_is(g, "target"), k_layer = key_is(g, "layer");
    int k_w = key_is(g, "value") || key_is(g, "weight");
    long key_line = g->tk_line;
    int rc = gml_next(g);
    if (rc)
        return rc;
    if (g->tk == TK_END || g->tk == TK_CLOSE || g->tk == TK_KEY)
        return ctome_error(CTOME_EFORMAT, g->path, key_line, "key without a value");
    if (g->tk == TK_OPEN) {
        if (depth + 1 > GML_MAX_DEPTH)
            return ctome_error(CTOME_EFORMAT, g->path, g->tk_line, "lists nested deeper than %d",
                               GML_MAX_DEPTH);
        if (ctx == CTX_TOP && k_graph) {
            if (g->has_graph)
                return ctome_error(CTOME_EFORMAT, g->path, key_line, "more than one graph");
            g->has_graph = 1;
            return parse_list(g, CTX_GRAPH, depth + 1, NULL);
        }
        if (ctx == CTX_GRAPH && k_node) {
            if ((rc = ctome_read_grow((void **)&g->nodes, &g->cap_nodes, g->n_nodes, sizeof *g->nodes)))
                return rc;
            gml_node *n = &g->nodes[g->n_nodes++];
            *n = (gml_node){.id = -1, .label = NULL, .name = NULL, .line = key_line, .idx = -1};
            int has_id = 0;
            rc = parse_list(g, CTX_NODE, depth + 1, &has_id);
            if (rc)
                return rc;
            if (!has_id)
                return ctome_error(CTOME_EFORMAT, g->path, key_line, "node without an id");
            return CTOME_OK;
        }
        if (ctx == CTX_GRAPH && k_edge) {
            if ((rc = ctome_read_grow((void **)&g->edges, &g->cap_edges, g->n_edges, sizeof *g->edges)))
                return rc;
            gml_edge *e = &g->edges[g->n_edges++];
            *e = (gml_edge){.w = 1, .line = key_line};
            rc = parse_list(g, CTX_EDGE, depth + 1, NULL);
            if (rc)
                return rc;
            if (!e->has_src || !e->has_dst)
                return ctome_error(CTOME_EFORMAT, g->path, key_line, "edge without %s",
                                   e->has_src ? "a target" : "a source");
            return CTOME_OK;
        }
        return parse_list(g, CTX_SKIP, depth + 1, NULL);
    }
    /* A scalar value. */
    if (ctx == CTX_GRAPH && k_dir) {
        if (g->tk != TK_NUM || (g->num != 0 && g->num != 1))
            return ctome_error(CTOME_EFORMAT, g->path, g->tk_line, "directed must be 0 or 1, got '%.40s'",
                               g->text);
        g->directed = g->num != 0;
    } else if (ctx == CTX_GRAPH && k_layer && g->tk == TK_STR) {
        free(g->layer);
        g->layer = decode_string(g->text);
        if (!g->layer)
            return ctome_error_nomem();
    } else if (ctx == CTX_NODE && k_id) {
        gml_node *n = &g->nodes[g->n_nodes - 1];
        if ((rc = as_id(g, "node id", &n->id)))
            return rc;
        *(int *)item = 1;
    } else if (ctx == CTX_NODE && (k_label || k_name)) {
        gml_node *n = &g->nodes[g->n_nodes - 1];
        char **slot = k_label ? &n->label : &n->name;
        free(*slot);
        *slot = decode_string(g->text);
        if (!*slot)
            return ctome_error_nomem();
    } else if (ctx == CTX_EDGE && (k_src || k_dst)) {
        gml_edge *e = &g->edges[g->n_edges - 1];
        if ((rc = as_id(g, k_src ? "edge source" : "edge target", k_src ? &e->src : &e->dst)))
            return rc;
        if (k_src)
            e->has_src = 1;
        else
            e->has_dst = 1;
    } else if (ctx == CTX_EDGE && k_w) {
        gml_edge *e = &g->edges[g->n_edges - 1];
        if (g->tk != TK_NUM)
            return ctome_error(CTOME_EFORMAT, g->path, g->tk_line, "edge weight is not a number: '%.40s'",
                               g->text);
        e->w = g->num;
        e->line = g->tk_line;
    }
    return CTOME_OK;
}

/* Parse pairs until the closing ']' (or the end of input at the top level). */
static int parse_list(gml *g, int ctx, int depth, void *item)
{
    long open_line = g->tk_line;
    for (;;) {
        int rc = gml_next(g);
        if (rc)
            return rc;
        if (g->tk == TK_END) {
            if (ctx == CTX_TOP)
                return CTOME_OK;
            return ctome_error(CTOME_EFORMAT, g->path, open_line, "list opened here is not closed");
        }
        if (g->tk == TK_CLOSE) {
            if (ctx == CTX_TOP)
                return ctome_error(CTOME_EFORMAT, g->path, g->tk_line, "unmatched ']'");
            return CTOME_OK;
        }
        if (g->tk != TK_KEY)
            return ctome_error(CTOME_EFORMAT, g->path, g->tk_line, "expected a key, got '%.40s'",
                               g->tk == TK_OPEN ? "[" : g->text);
        if ((rc = parse_pair(g, ctx, depth, item)))
            return rc;
    }
}

static int node_cmp(const void *a, const void *b)
{
    const gml_node *x = *(const gml_node *const *)a, *y = *(const gml_node *const *)b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int find_node(gml_node **sorted, size_t n, long long id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && sorted[lo]->id == id ? sorted[lo]->idx : -1;
}

static int gml_build(gml *g, const ctome_read_opts *o, ctome_connectome *c)
{
    const char *path = g->path;
    if (!g->has_graph)
        return ctome_error(CTOME_EFORMAT, path, 0, "no 'graph [ ... ]' in the file");
    int rc = CTOME_OK;
    gml_node **sorted = malloc((g->n_nodes ? g->n_nodes : 1) * sizeof *sorted);
    if (!sorted)
        return ctome_error_nomem();
    for (size_t i = 0; i < g->n_nodes; i++) {
        gml_node *n = &g->nodes[i];
        char idbuf[32];
        snprintf(idbuf, sizeof idbuf, "%lld", n->id);
        const char *nm = n->label ? n->label : n->name ? n->name : idbuf;
        if ((rc = ctome_connectome_node(c, nm, path, n->line, &n->idx)))
            goto out;
        sorted[i] = n;
    }
    qsort(sorted, g->n_nodes, sizeof *sorted, node_cmp);
    for (size_t i = 1; i < g->n_nodes; i++)
        if (sorted[i]->id == sorted[i - 1]->id) {
            rc = ctome_error(CTOME_EFORMAT, path, sorted[i]->line > sorted[i - 1]->line
                                                     ? sorted[i]->line : sorted[i - 1]->line,
                             "duplicate node id %lld", sorted[i]->id);
            goto out;
        }
    if (!g->n_edges)
        goto out;   /* nodes only: no layer to create */
    const char *layer = o && o->layer ? o->layer : g->layer ? g->layer
                                                 : g->directed ? "chemical" : "electrical";
    if (!ctome_read_layer_directed(c, layer, g->directed)) {
        rc = CTOME_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < g->n_edges; i++) {
        gml_edge *e = &g->edges[i];
        int s = find_node(sorted, g->n_nodes, e->src), d = find_node(sorted, g->n_nodes, e->dst);
        if (s < 0 || d < 0) {
            rc = ctome_error(CTOME_EFORMAT, path, e->line, "edge %s %lld is not a node id",
                             s < 0 ? "source" : "target", s < 0 ? e->src : e->dst);
            goto out;
        }
        if ((rc = ctome_connectome_add(c, layer, s, d, e->w, path, e->line)))
            goto out;
    }
out:
    free(sorted);
    return rc;
}

/* Read a GML graph.  Layer: opts->layer, else the graph's "layer" string,
 * else "chemical" for directed and "electrical" for undirected graphs (GML's
 * default is undirected).  Errors name file:line and the token.
 * Cost: O(file size + n log n). */
int ctome_read_gml(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    char *buf;
    size_t len;
    int rc = ctome_file_read(path, &buf, &len);
    if (rc)
        return rc;
    gml g = {.path = path, .p = buf, .end = buf + len, .line = 1};
    const ctome_alias *saved = ctome_read_aliases(c, o, NULL);
    rc = parse_list(&g, CTX_TOP, 0, NULL);
    if (!rc)
        rc = gml_build(&g, o, c);
    c->aliases = saved;
    for (size_t i = 0; i < g.n_nodes; i++) {
        free(g.nodes[i].label);
        free(g.nodes[i].name);
    }
    free(g.nodes);
    free(g.edges);
    free(g.layer);
    free(buf);
    return rc;
}
