/* nemanode.c — NemaNode connectome JSON (nemanode.org, Witvliet et al. 2021).
 *
 * A file is a JSON array of objects {"pre", "post", "typ", "syn", ...}:
 * typ 0 = chemical synapse, typ 2 = gap junction (the NemaNode front end's
 * codes); syn lists one weight per synapse, so the connection weight is the
 * sum of the list.  Extra keys (ids, pre_tid, post_tid) are ignored.
 */
#include "readers.h"
#include "error.h"
#include "io.h"
#include "textutil.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int elem_error(int code, const char *path, size_t i, const char *what, const char *value)
{
    return ctome_error(code, path, 0, "element %zu: %s '%s'", i, what, value);
}

/* Weight of an element: the sum of its syn list (or syn itself if a number). */
static int syn_weight(const json_t *syn, const char *path, size_t i, double *w)
{
    char buf[64];
    if (json_is_number(syn)) {
        *w = json_number_value(syn);
        return CTOME_OK;
    }
    if (!json_is_array(syn))
        return elem_error(CTOME_EFORMAT, path, i, "syn is not a list of numbers:",
                          syn ? (json_is_string(syn) ? json_string_value(syn) : "(not a list)")
                              : "(missing)");
    *w = 0;
    size_t k;
    json_t *v;
    json_array_foreach(syn, k, v) {
        if (!json_is_number(v))
            return elem_error(CTOME_EFORMAT, path, i, "syn entry is not a number:",
                              json_is_string(v) ? json_string_value(v) : "(not a number)");
        double x = json_number_value(v);
        if (x < 0) {
            snprintf(buf, sizeof buf, "%g", x);
            return elem_error(CTOME_EVALUE, path, i, "negative syn weight", buf);
        }
        *w += x;
    }
    return CTOME_OK;
}

static int read_element(ctome_connectome *c, const json_t *e, size_t i, const ctome_read_opts *o,
                        const char *path)
{
    if (!json_is_object(e))
        return elem_error(CTOME_EFORMAT, path, i, "is not an object:", "");
    const json_t *pre = json_object_get(e, "pre"), *post = json_object_get(e, "post");
    const json_t *typ = json_object_get(e, "typ");
    if (!json_is_string(pre) || !json_is_string(post))
        return elem_error(CTOME_EFORMAT, path, i, "needs string fields", "pre/post");
    if (!json_is_integer(typ))
        return elem_error(CTOME_EFORMAT, path, i, "needs an integer field", "typ");
    json_int_t code = json_integer_value(typ);
    const char *layer;
    if (code == 0)
        layer = "chemical";
    else if (code == 2)
        layer = "electrical";
    else
        return ctome_error(CTOME_EVALUE, path, 0,
                           "element %zu: unknown typ %lld (0 = chemical, 2 = gap junction)", i,
                           (long long)code);
    if (o && o->layer)
        layer = o->layer;
    double w = 0;
    int rc = syn_weight(json_object_get(e, "syn"), path, i, &w);
    if (rc)
        return rc;
    int s, d;
    if ((rc = ctome_connectome_node(c, json_string_value(pre), path, 0, &s)) ||
        (rc = ctome_connectome_node(c, json_string_value(post), path, 0, &d)))
        return ctome_error(rc, path, 0, "element %zu: bad cell name in '%s' -> '%s'", i,
                           json_string_value(pre), json_string_value(post));
    if ((rc = ctome_connectome_add(c, layer, s, d, w, path, 0))) {
        /* Re-record with the element index; copy first, the message buffer
         * is the destination. */
        char msg[512];
        snprintf(msg, sizeof msg, "%s", ctome_error_message());
        return ctome_error(rc, NULL, 0, "%s (element %zu)", msg, i);
    }
    return CTOME_OK;
}

/* Read a NemaNode JSON edge list.  Syntax errors carry jansson's line and
 * column; content errors name the element index (0-based) and the value.
 * Cost: O(file size). */
int ctome_read_nemanode(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    char *buf;
    size_t len;
    int rc = ctome_file_read(path, &buf, &len);
    if (rc)
        return rc;
    json_error_t jerr;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    free(buf);
    if (!root)
        return ctome_error(CTOME_EFORMAT, path, jerr.line, "column %d: invalid JSON: %s", jerr.column,
                           jerr.text);
    if (!json_is_array(root)) {
        json_decref(root);
        return ctome_error(CTOME_EFORMAT, path, 0, "expected a JSON array of {pre, post, typ, syn}");
    }
    const ctome_alias *saved = ctome_read_aliases(c, o, NULL);
    size_t i;
    json_t *e;
    json_array_foreach(root, i, e) {
        if ((rc = read_element(c, e, i, o, path)))
            break;
    }
    c->aliases = saved;
    json_decref(root);
    return rc;
}
