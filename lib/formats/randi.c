/* randi.c — the Randi et al. 2023 signal-propagation atlas export
 * (Nature 623:406-414; leiferlab/worm-functional-connectivity,
 * scripts/export_atlas_scalar.py, 2022-04-01 wild-type export).
 *
 * Headerless TSV, 300 x 300 = 90000 rows: stimulated<TAB>responding<TAB>value,
 * value = response amplitude x 100 cast to int; 0 = below threshold or not
 * measured (skipped).  Negative values are real inhibitory responses (552 of
 * the 1780 nonzero entries), so this layer is SIGNED and kept as given.
 * The export writes the last neuron as "NSM" where NSMR is meant.
 */
#include "readers.h"
#include "error.h"
#include "io.h"
#include "textutil.h"

#include <stdlib.h>
#include <string.h>

static const ctome_alias RANDI_ALIASES[] = {{"NSM", "NSMR"}, {NULL, NULL}};

#define RANDI_UNIT "response amplitude x100 (dF/F)"

/* Read the Randi 2023 functional atlas TSV into layer opts->layer (default
 * "functional") with signed weights as given (amplitude x100).  Aliases:
 * opts->aliases, else {NSM -> NSMR}.  Errors: a row without 3 fields, a
 * non-numeric value (file:line and the text).  Cost: O(file size). */
int ctome_read_randi(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    ctome_text t;
    int rc = ctome_text_open(&t, path);
    if (rc)
        return rc;
    const ctome_alias *saved = c->aliases;
    c->aliases = o && o->aliases ? o->aliases : RANDI_ALIASES;
    const char *layer = o && o->layer ? o->layer : "functional";
    ctome_fields fs = {0};
    long rows = 0;
    char *line;
    while (ctome_text_next(&t, &line)) {
        if (ctome_text_is_skippable(line))
            continue;
        if ((rc = ctome_text_split(line, '\t', &fs, path, t.line)))
            goto out;
        if (fs.n != 3) {
            rc = ctome_error(CTOME_EFORMAT, path, t.line,
                             "expected stimulated<TAB>responding<TAB>value; found %zu field%s in '%s'",
                             fs.n, fs.n == 1 ? "" : "s", fs.f[0]);
            goto out;
        }
        double v;
        if ((rc = ctome_text_number(fs.f[2], "value", path, t.line, &v)))
            goto out;
        rows++;
        /* Every atlas neuron becomes a node, even one with no response. */
        int s, d;
        if ((rc = ctome_connectome_node(c, fs.f[0], path, t.line, &s)) ||
            (rc = ctome_connectome_node(c, fs.f[1], path, t.line, &d)))
            goto out;
        /* The functional layer is signed (ctome_layer_default_signed):
         * negative amplitudes are inhibitory responses, kept as given. */
        if (v != 0 && (rc = ctome_connectome_add(c, layer, s, d, v, path, t.line)))
            goto out;
    }
    if (!rows)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no data rows");
    else {
        ctome_layer *l = ctome_connectome_layer(c, layer);
        rc = l ? ctome_layer_set_unit(l, RANDI_UNIT) : CTOME_ENOMEM;
    }
out:
    c->aliases = saved;
    ctome_fields_free(&fs);
    ctome_text_close(&t);
    return rc;
}
