/* connectome_view.c — node scope and layer unions: the one place where a
 * layer name given by the user becomes the edges an analysis reads (see
 * connectome.h for the rules and their citations). */
#include "connectome.h"
#include "error.h"
#include "io.h"

#include <stdlib.h>
#include <string.h>

const char *ctome_scope_name(ctome_scope s)
{
    switch (s) {
    case CTOME_SCOPE_NEURONS: return "neurons";
    case CTOME_SCOPE_ALL: return "all";
    case CTOME_SCOPE_AUTO: break;
    }
    return "auto";
}

int ctome_scope_parse(const char *s, ctome_scope *out)
{
    static const ctome_scope all[] = {CTOME_SCOPE_AUTO, CTOME_SCOPE_NEURONS, CTOME_SCOPE_ALL};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (s && strcmp(s, ctome_scope_name(all[i])) == 0) {
            *out = all[i];
            return CTOME_OK;
        }
    return ctome_error(CTOME_EVALUE, NULL, 0, "node scope must be auto, neurons or all, not '%s'",
                       s ? s : "");
}

const char *ctome_layer_union_rule(void)
{
    return "one undirected simple graph: an edge between two nodes where any of the layers has one "
           "(either direction), weight = the sum of all their weights between the pair";
}

void ctome_layer_free(ctome_layer *l)
{
    if (!l)
        return;
    free(l->name);
    free(l->weight_unit);
    free(l->e);
    free(l);
}

/* "no layer 'x' (layers: a, b)", or why there are none. */
static int missing_layer(const ctome_connectome *c, const char *layer)
{
    if (c->n_layers == 0)
        return ctome_error(CTOME_ENOTFOUND, NULL, 0,
                           "%s: no layer '%s': the connectome has no edge at all%s", c->id, layer,
                           c->zero_weight ? " (its listings all have weight 0, which means no connection)"
                                          : "");
    char list[512] = "";
    for (size_t i = 0; i < c->n_layers; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, c->layers[i].name, sizeof list - strlen(list) - 1);
    }
    return ctome_error(CTOME_ENOTFOUND, NULL, 0, "%s: no layer '%s' (layers: %s)", c->id, layer, list);
}

static int edge_cmp(const void *a, const void *b)
{
    const ctome_edge *x = a, *y = b;
    if (x->src != y->src)
        return x->src < y->src ? -1 : 1;
    if (x->dst != y->dst)
        return x->dst < y->dst ? -1 : 1;
    return 0;
}

/* The layers named in spec, in connectome order; *k of them. */
static int union_parts(const ctome_connectome *c, const char *spec, const ctome_layer **part, size_t *k)
{
    unsigned char *want = calloc(c->n_layers ? c->n_layers : 1, 1);
    char *copy = ctome_strdup(spec);
    int rc = want && copy ? CTOME_OK : ctome_error_nomem();
    size_t named = 0;
    for (char *tok = copy, *next; !rc && tok; tok = next) {
        next = strchr(tok, '+');
        if (next)
            *next++ = '\0';
        if (!*tok) {
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "layer union '%s': an empty layer name", spec);
            break;
        }
        size_t i = 0;
        while (i < c->n_layers && strcmp(c->layers[i].name, tok) != 0)
            i++;
        if (i == c->n_layers)
            rc = missing_layer(c, tok);
        else if (want[i])
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "layer union '%s': layer '%s' named twice", spec, tok);
        else if (c->layers[i].signed_weights)
            rc = ctome_error(CTOME_EVALUE, NULL, 0,
                             "layer union '%s': layer '%s' has signed weights, which a union cannot sum",
                             spec, tok);
        else if (!c->layers[i].finalised)
            rc = ctome_error(CTOME_EINVAL, NULL, 0, "layer '%s' is not finalised", tok);
        else
            want[i] = 1, named++;
    }
    *k = 0;
    for (size_t i = 0; !rc && i < c->n_layers; i++)
        if (want[i])
            part[(*k)++] = &c->layers[i];
    free(want);
    free(copy);
    return rc;
}

/* "a+b" in connectome order; the unit shared by the parts, else "u1 + u2". */
static int union_labels(const ctome_layer **part, size_t k, ctome_layer *u)
{
    size_t nn = 1, nu = 1;
    int same = 1;
    for (size_t i = 0; i < k; i++) {
        nn += strlen(part[i]->name) + 1;
        nu += strlen(part[i]->weight_unit) + 3;
        same &= strcmp(part[i]->weight_unit, part[0]->weight_unit) == 0;
    }
    u->name = calloc(nn, 1);
    u->weight_unit = calloc(nu, 1);
    if (!u->name || !u->weight_unit)
        return ctome_error_nomem();
    for (size_t i = 0; i < k; i++) {
        if (i)
            strcat(u->name, "+");
        strcat(u->name, part[i]->name);
        if (same && i)
            continue;
        if (i && *part[i]->weight_unit)
            strcat(u->weight_unit, *u->weight_unit ? " + " : "");
        strcat(u->weight_unit, part[i]->weight_unit);
    }
    return CTOME_OK;
}

int ctome_layer_union(const ctome_connectome *c, const char *spec, ctome_layer **out)
{
    *out = NULL;
    if (!spec || !strchr(spec, '+'))
        return ctome_error(CTOME_EINVAL, NULL, 0, "'%s' is not a layer union (a+b)", spec ? spec : "");
    const ctome_layer **part = malloc((c->n_layers ? c->n_layers : 1) * sizeof *part);
    ctome_layer *u = calloc(1, sizeof *u);
    if (!part || !u) {
        free(part);
        free(u);
        return ctome_error_nomem();
    }
    size_t k = 0, m = 0;
    int rc = union_parts(c, spec, part, &k);
    if (!rc && k < 2)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "layer union '%s' names one layer", spec);
    if (!rc)
        rc = union_labels(part, k, u);
    for (size_t i = 0; !rc && i < k; i++)
        m += part[i]->n;
    if (!rc && !(u->e = malloc((m ? m : 1) * sizeof *u->e)))
        rc = ctome_error_nomem();
    if (rc) {
        free(part);
        ctome_layer_free(u);
        return rc;
    }
    /* every listing as an unordered pair, then one edge per pair with the
     * weights summed (both directions of a directed layer, every layer) */
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < part[i]->n; j++) {
            ctome_edge e = part[i]->e[j];
            if (e.src > e.dst) {
                int32_t t = e.src;
                e.src = e.dst;
                e.dst = t;
            }
            u->e[u->n++] = e;
        }
    if (u->n > 1)
        qsort(u->e, u->n, sizeof *u->e, edge_cmp);
    size_t n = 0;
    for (size_t i = 0; i < u->n; i++) {
        if (n && u->e[n - 1].src == u->e[i].src && u->e[n - 1].dst == u->e[i].dst)
            u->e[n - 1].w += u->e[i].w;
        else
            u->e[n++] = u->e[i];
    }
    u->n = u->cap = n;
    for (size_t i = 0; i < n; i++)
        u->self_loops += u->e[i].src == u->e[i].dst;
    u->directed = 0;
    u->finalised = 1;
    free(part);
    *out = u;
    return CTOME_OK;
}

static int is_neuron(const ctome_connectome *c, int i) { return c->nodes[i].kind == CTOME_CELL_NEURON; }

int ctome_view_node_in_scope(const ctome_connectome *c, const ctome_layer_view *v, int i)
{
    return v->scope == CTOME_SCOPE_ALL || is_neuron(c, i);
}

/* The counts of the view for its resolved scope. */
static int count(const ctome_connectome *c, ctome_layer_view *v)
{
    unsigned char *seen = calloc(c->n_nodes ? c->n_nodes : 1, 1);
    if (!seen)
        return ctome_error_nomem();
    v->n_edges = v->n_nodes = v->left_out = v->self_loops = 0;
    const ctome_layer *l = v->layer;
    for (size_t i = 0; i < l->n; i++) {
        const ctome_edge *e = &l->e[i];
        int in = ctome_view_node_in_scope(c, v, e->src) && ctome_view_node_in_scope(c, v, e->dst);
        if (e->src == e->dst) {
            v->self_loops += in;
            continue;
        }
        if (!in) {
            v->left_out++;
            continue;
        }
        v->n_edges++;
        v->n_nodes += !seen[e->src] + !seen[e->dst];
        seen[e->src] = seen[e->dst] = 1;
    }
    free(seen);
    return CTOME_OK;
}

int ctome_layer_view_open(const ctome_connectome *c, const char *spec, ctome_scope scope,
                          ctome_layer_view *v)
{
    memset(v, 0, sizeof *v);
    if (!spec || !*spec)
        return ctome_error(CTOME_EINVAL, NULL, 0, "%s: no layer named", c->id);
    int rc;
    /* a layer stored under a union's name (an exported union read back) is
     * that layer, not a new union */
    v->layer = ctome_connectome_get_layer(c, spec);
    if (!v->layer && strchr(spec, '+')) {
        if ((rc = ctome_layer_union(c, spec, &v->owned)))
            return rc;
        v->layer = v->owned;
    } else if (!v->layer) {
        return missing_layer(c, spec);
    } else if (!v->layer->finalised) {
        return ctome_error(CTOME_EINVAL, NULL, 0, "layer '%s' is not finalised", spec);
    }
    v->scope = scope == CTOME_SCOPE_ALL ? CTOME_SCOPE_ALL : CTOME_SCOPE_NEURONS;
    rc = count(c, v);
    if (!rc && scope == CTOME_SCOPE_AUTO && v->n_edges == 0) {
        v->scope = CTOME_SCOPE_ALL;
        v->automatic = 1;
        rc = count(c, v);
    }
    if (!rc && v->n_edges == 0) {
        const char *what = v->scope == CTOME_SCOPE_ALL ? "nodes" : "registry neurons";
        if (v->self_loops)
            rc = ctome_error(CTOME_EVALUE, NULL, 0,
                             "%s: layer '%s' has nothing to analyse: its %zu edge%s between %s %s "
                             "self-loop%s", c->id, v->layer->name, v->self_loops,
                             v->self_loops == 1 ? "" : "s", what, v->self_loops == 1 ? "is a" : "are",
                             v->self_loops == 1 ? "" : "s");
        else
            rc = ctome_error(CTOME_EVALUE, NULL, 0,
                             "%s: layer '%s' has nothing to analyse: no edge between %s%s", c->id,
                             v->layer->name, what,
                             v->left_out ? " (its edges involve other cells: try --scope all)" : "");
    }
    if (rc)
        ctome_layer_view_close(v);
    return rc;
}

void ctome_layer_view_close(ctome_layer_view *v)
{
    ctome_layer_free(v->owned);
    memset(v, 0, sizeof *v);
}

int ctome_connectome_check_analysable(const ctome_connectome *c, ctome_scope scope)
{
    if (c->n_layers == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "%s: nothing to analyse: no edge at all%s", c->id,
                           c->zero_weight ? " (its listings all have weight 0, which means no connection)"
                                          : "");
    char why[768] = "";
    for (size_t i = 0; i < c->n_layers; i++) {
        ctome_layer_view v;
        if (ctome_layer_view_open(c, c->layers[i].name, scope, &v) == CTOME_OK) {
            ctome_layer_view_close(&v);
            return CTOME_OK;
        }
        /* keep the reason after "has nothing to analyse: " */
        const char *m = ctome_error_message(), *r = strstr(m, "analyse: ");
        size_t len = strlen(why);
        snprintf(why + len, sizeof why - len, "%slayer '%s': %s", i ? "; " : "", c->layers[i].name,
                 r ? r + 9 : m);
    }
    return ctome_error(CTOME_EVALUE, NULL, 0, "%s: nothing to analyse (%s)", c->id, why);
}
