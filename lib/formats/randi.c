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
    ctome_rows r;
    int rc = ctome_rows_open(&r, path, '\t', o, RANDI_ALIASES, c);
    if (rc)
        return rc;
    const char *layer = o && o->layer ? o->layer : "functional";
    long rows = 0;
    while (ctome_rows_next(&r, &rc)) {
        const ctome_fields *fs = &r.fs;
        if (fs->n != 3) {
            rc = ctome_error(CTOME_EFORMAT, path, r.t.line,
                             "expected stimulated<TAB>responding<TAB>value; found %zu field%s in '%s'",
                             fs->n, fs->n == 1 ? "" : "s", fs->f[0]);
            break;
        }
        double v;
        if ((rc = ctome_text_number(fs->f[2], "value", path, r.t.line, &v)))
            break;
        rows++;
        /* Every atlas neuron becomes a node, even one with no response (a
         * zero adds no listing).  The functional layer is signed
         * (ctome_layer_default_signed): negative amplitudes are inhibitory
         * responses, kept as given. */
        if ((rc = ctome_read_add_named(c, layer, fs->f[0], fs->f[1], v, path, r.t.line)))
            break;
    }
    if (!rc && !rows)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no data rows");
    else if (!rc) {
        ctome_layer *l = ctome_connectome_layer(c, layer);
        rc = l ? ctome_layer_set_unit(l, RANDI_UNIT) : CTOME_ENOMEM;
    }
    ctome_rows_close(&r);
    return rc;
}
