/* graphml.c — GraphML reader on expat (GraphML Primer,
 * http://graphml.graphdrawing.org/primer/graphml-primer.html).
 *
 * <key id=.. for=node|edge|graph|all attr.name=.. [<default>..</default>]>
 * declares attributes; <graph edgedefault=directed|undirected> holds <node
 * id=..> and <edge source=.. target=..>, each with <data key=..> children.
 * A node's name is its data keyed "name" (else "label", else its id); an
 * edge's weight its data keyed "weight" (else "value", else 1); an edge's
 * layer its data keyed "layer" (as ctome export writes), else the graph's
 * "layer" data, else chemical/electrical by edgedefault.
 */
#include "readers.h"
#include "error.h"
#include "io.h"
#include "strmap.h"
#include "textutil.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>

enum { ATTR_OTHER, ATTR_NAME, ATTR_LABEL, ATTR_WEIGHT, ATTR_VALUE, ATTR_LAYER };

typedef struct {
    char *id;
    int what;        /* ATTR_* by attr.name */
    char *deflt;     /* <default> text, or NULL */
} gx_key;

typedef struct {
    char *id, *name, *label;
    long line;
} gx_node;

typedef struct {
    char *src, *dst, *weight, *value, *layer;
    long line, wline;
} gx_edge;

typedef struct {
    const char *path;
    XML_Parser xp;
    int rc;
    int directed, saw_graph;
    char *graph_layer;
    gx_key *keys;
    size_t n_keys;
    gx_node *nodes;
    size_t n_nodes, cap_nodes;
    gx_edge *edges;
    size_t n_edges, cap_edges;
    /* element context */
    enum { IN_NONE, IN_GRAPH, IN_NODE, IN_EDGE } where;
    int in_key_default;   /* index+1 of the key whose <default> we are in */
    int data_key;         /* index+1 of the key of the open <data>, 0 if none/unknown */
    int in_data;
    char *text;           /* character data of the open <data>/<default> */
    size_t n_text, cap_text;
} gx;

static long gx_line(const gx *g) { return (long)XML_GetCurrentLineNumber(g->xp); }

static void gx_fail(gx *g, int rc)
{
    if (!g->rc)
        g->rc = rc;
    XML_StopParser(g->xp, XML_FALSE);
}

static const char *attr(const XML_Char **a, const char *name)
{
    for (; a && a[0]; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

static char *dup_or_fail(gx *g, const char *s)
{
    char *d = ctome_strdup(s);
    if (!d)
        gx_fail(g, CTOME_ENOMEM);
    return d;
}

/* ctome_read_grow, recording a failure in the parser state (expat callbacks
 * return nothing).  1 if there is room, 0 if not. */
static int grow(gx *g, void **arr, size_t *cap, size_t n, size_t size)
{
    int rc = ctome_read_grow(arr, cap, n, size);
    if (rc)
        gx_fail(g, rc);
    return !rc;
}

static int key_index(const gx *g, const char *id)
{
    for (size_t i = 0; i < g->n_keys; i++)
        if (strcmp(g->keys[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int attr_kind(const char *name)
{
    if (!name)
        return ATTR_OTHER;
    if (strcmp(name, "name") == 0)
        return ATTR_NAME;
    if (strcmp(name, "label") == 0)
        return ATTR_LABEL;
    if (strcmp(name, "weight") == 0)
        return ATTR_WEIGHT;
    if (strcmp(name, "value") == 0)
        return ATTR_VALUE;
    if (strcmp(name, "layer") == 0)
        return ATTR_LAYER;
    return ATTR_OTHER;
}

static void XMLCALL on_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    gx *g = ud;
    if (g->rc)
        return;
    if (strcmp(el, "key") == 0) {
        const char *id = attr(a, "id");
        if (!id) {
            gx_fail(g, ctome_error(CTOME_EFORMAT, g->path, gx_line(g), "<key> without an id"));
            return;
        }
        gx_key *k = realloc(g->keys, (g->n_keys + 1) * sizeof *k);
        if (!k) {
            gx_fail(g, ctome_error_nomem());
            return;
        }
        g->keys = k;
        k = &g->keys[g->n_keys];
        k->id = dup_or_fail(g, id);
        k->deflt = NULL;
        k->what = attr_kind(attr(a, "attr.name"));
        if (k->id)
            g->n_keys++;
        g->in_key_default = 0;
    } else if (strcmp(el, "default") == 0 && g->n_keys) {
        g->in_key_default = (int)g->n_keys;
        g->n_text = 0;
    } else if (strcmp(el, "graph") == 0) {
        if (g->saw_graph) {
            gx_fail(g, ctome_error(CTOME_EFORMAT, g->path, gx_line(g),
                                   "nested or multiple <graph> elements are not supported"));
            return;
        }
        g->saw_graph = 1;
        const char *ed = attr(a, "edgedefault");
        if (ed && strcmp(ed, "directed") != 0 && strcmp(ed, "undirected") != 0) {
            gx_fail(g, ctome_error(CTOME_EFORMAT, g->path, gx_line(g), "bad edgedefault '%s'", ed));
            return;
        }
        /* The GraphML schema has no default for edgedefault; networkx and
         * igraph write it always.  Missing: take directed. */
        g->directed = !ed || strcmp(ed, "directed") == 0;
        g->where = IN_GRAPH;
    } else if (strcmp(el, "node") == 0) {
        const char *id = attr(a, "id");
        if (!id) {
            gx_fail(g, ctome_error(CTOME_EFORMAT, g->path, gx_line(g), "<node> without an id"));
            return;
        }
        if (!grow(g, (void **)&g->nodes, &g->cap_nodes, g->n_nodes, sizeof *g->nodes))
            return;
        gx_node *n = &g->nodes[g->n_nodes];
        memset(n, 0, sizeof *n);
        n->line = gx_line(g);
        if (!(n->id = dup_or_fail(g, id)))
            return;
        g->n_nodes++;
        g->where = IN_NODE;
    } else if (strcmp(el, "edge") == 0) {
        const char *s = attr(a, "source"), *t = attr(a, "target");
        if (!s || !t) {
            gx_fail(g, ctome_error(CTOME_EFORMAT, g->path, gx_line(g), "<edge> without %s",
                                   s ? "a target" : "a source"));
            return;
        }
        if (!grow(g, (void **)&g->edges, &g->cap_edges, g->n_edges, sizeof *g->edges))
            return;
        gx_edge *e = &g->edges[g->n_edges];
        memset(e, 0, sizeof *e);
        e->line = e->wline = gx_line(g);
        e->src = dup_or_fail(g, s);
        e->dst = dup_or_fail(g, t);
        g->n_edges++;
        g->where = IN_EDGE;
    } else if (strcmp(el, "data") == 0) {
        const char *k = attr(a, "key");
        g->in_data = 1;
        g->data_key = k ? key_index(g, k) + 1 : 0;
        g->n_text = 0;
    }
}

static void set_str(gx *g, char **slot, const char *s)
{
    free(*slot);
    *slot = dup_or_fail(g, s);
}

static void XMLCALL on_end(void *ud, const XML_Char *el)
{
    gx *g = ud;
    if (g->rc)
        return;
    if (strcmp(el, "default") == 0 && g->in_key_default) {
        gx_key *k = &g->keys[g->in_key_default - 1];
        g->text[g->n_text] = '\0';
        set_str(g, &k->deflt, ctome_text_trim(g->text));
        g->in_key_default = 0;
    } else if (strcmp(el, "data") == 0 && g->in_data) {
        g->in_data = 0;
        if (!g->data_key)
            return;
        int what = g->keys[g->data_key - 1].what;
        const char *v = g->text ? (g->text[g->n_text] = '\0', ctome_text_trim(g->text)) : "";
        if (g->where == IN_NODE && g->n_nodes) {
            gx_node *n = &g->nodes[g->n_nodes - 1];
            if (what == ATTR_NAME)
                set_str(g, &n->name, v);
            else if (what == ATTR_LABEL)
                set_str(g, &n->label, v);
        } else if (g->where == IN_EDGE && g->n_edges) {
            gx_edge *e = &g->edges[g->n_edges - 1];
            if (what == ATTR_WEIGHT) {
                set_str(g, &e->weight, v);
                e->wline = gx_line(g);
            } else if (what == ATTR_VALUE) {
                set_str(g, &e->value, v);
                e->wline = gx_line(g);
            } else if (what == ATTR_LAYER) {
                set_str(g, &e->layer, v);
            }
        } else if (g->where == IN_GRAPH && what == ATTR_LAYER) {
            set_str(g, &g->graph_layer, v);
        }
    } else if (strcmp(el, "node") == 0 || strcmp(el, "edge") == 0) {
        g->where = IN_GRAPH;
    } else if (strcmp(el, "graph") == 0) {
        g->where = IN_NONE;
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    gx *g = ud;
    if (g->rc || !(g->in_data || g->in_key_default) || len <= 0)
        return;
    if (g->n_text + (size_t)len + 1 > g->cap_text) {
        size_t cap = 2 * (g->n_text + (size_t)len + 1);
        char *t = realloc(g->text, cap);
        if (!t) {
            gx_fail(g, ctome_error_nomem());
            return;
        }
        g->text = t;
        g->cap_text = cap;
    }
    memcpy(g->text + g->n_text, s, (size_t)len);
    g->n_text += (size_t)len;
    g->text[g->n_text] = '\0';
}

/* Default of the first key declared with attr.name of kind `what`. */
static const char *key_default(const gx *g, int what)
{
    for (size_t i = 0; i < g->n_keys; i++)
        if (g->keys[i].what == what && g->keys[i].deflt)
            return g->keys[i].deflt;
    return NULL;
}

static int gx_build(gx *g, const ctome_read_opts *o, ctome_connectome *c)
{
    const char *path = g->path;
    if (!g->saw_graph)
        return ctome_error(CTOME_EFORMAT, path, 0, "no <graph> element");
    ctome_strmap *ids = ctome_strmap_new();
    if (!ids)
        return ctome_error_nomem();
    int rc = CTOME_OK;
    for (size_t i = 0; i < g->n_nodes; i++) {
        gx_node *n = &g->nodes[i];
        if (ctome_strmap_get(ids, n->id) >= 0) {
            rc = ctome_error(CTOME_EFORMAT, path, n->line, "duplicate node id '%s'", n->id);
            goto out;
        }
        const char *name = n->name && n->name[0] ? n->name : n->label && n->label[0] ? n->label : n->id;
        int idx;
        if ((rc = ctome_connectome_node(c, name, path, n->line, &idx)))
            goto out;
        if ((rc = ctome_strmap_put(ids, n->id, idx)))
            goto out;
    }
    const char *def_layer = o && o->layer ? o->layer : g->graph_layer && g->graph_layer[0]
                                                           ? g->graph_layer
                                                           : g->directed ? "chemical" : "electrical";
    const char *wdef = key_default(g, ATTR_WEIGHT);
    if (!wdef)
        wdef = key_default(g, ATTR_VALUE);
    for (size_t i = 0; i < g->n_edges; i++) {
        gx_edge *e = &g->edges[i];
        int s = ctome_strmap_get(ids, e->src), d = ctome_strmap_get(ids, e->dst);
        if (s < 0 || d < 0) {
            rc = ctome_error(CTOME_EFORMAT, path, e->line, "edge %s '%s' is not a node id",
                             s < 0 ? "source" : "target", s < 0 ? e->src : e->dst);
            goto out;
        }
        const char *wtext = e->weight ? e->weight : e->value ? e->value : wdef;
        const char *layer = o && o->layer ? o->layer : e->layer && e->layer[0] ? e->layer : def_layer;
        double w = 1;
        if (wtext && (rc = ctome_text_layer_weight(wtext, layer, "edge weight", path, e->wline, &w)))
            goto out;
        if (!ctome_read_layer_directed(c, layer, g->directed)) {
            rc = CTOME_ENOMEM;
            goto out;
        }
        if ((rc = ctome_connectome_add(c, layer, s, d, w, path, e->line)))
            goto out;
    }
out:
    ctome_strmap_free(ids);
    return rc;
}

static void gx_free(gx *g)
{
    for (size_t i = 0; i < g->n_keys; i++) {
        free(g->keys[i].id);
        free(g->keys[i].deflt);
    }
    free(g->keys);
    for (size_t i = 0; i < g->n_nodes; i++) {
        free(g->nodes[i].id);
        free(g->nodes[i].name);
        free(g->nodes[i].label);
    }
    free(g->nodes);
    for (size_t i = 0; i < g->n_edges; i++) {
        gx_edge *e = &g->edges[i];
        free(e->src);
        free(e->dst);
        free(e->weight);
        free(e->value);
        free(e->layer);
    }
    free(g->edges);
    free(g->graph_layer);
    free(g->text);
}

/* Read a GraphML file (see the top of this file).  XML errors carry expat's
 * line and column; content errors the line of the element.  Per-edge
 * `directed` attributes are ignored (edgedefault rules).  Cost: O(file size). */
int ctome_read_graphml(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    char *buf;
    size_t len;
    int rc = ctome_file_read(path, &buf, &len);
    if (rc)
        return rc;
    gx g;
    memset(&g, 0, sizeof g);
    g.path = path;
    g.xp = XML_ParserCreate(NULL);
    if (!g.xp) {
        free(buf);
        return ctome_error_nomem();
    }
    XML_SetUserData(g.xp, &g);
    XML_SetElementHandler(g.xp, on_start, on_end);
    XML_SetCharacterDataHandler(g.xp, on_text);
    if (len > (size_t)0x7fffffff) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "file too large for the XML parser");
    } else if (XML_Parse(g.xp, buf, (int)len, XML_TRUE) == XML_STATUS_ERROR && !g.rc) {
        rc = ctome_error(CTOME_EFORMAT, path, (long)XML_GetCurrentLineNumber(g.xp),
                         "column %lu: XML error: %s", (unsigned long)XML_GetCurrentColumnNumber(g.xp),
                         XML_ErrorString(XML_GetErrorCode(g.xp)));
    }
    if (!rc)
        rc = g.rc;
    if (!rc) {
        const ctome_alias *saved = ctome_read_aliases(c, o, NULL);
        rc = gx_build(&g, o, c);
        c->aliases = saved;
    }
    XML_ParserFree(g.xp);
    gx_free(&g);
    free(buf);
    return rc;
}
