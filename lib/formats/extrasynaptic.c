/* extrasynaptic.c — Bentley et al. 2016 extrasynaptic (wireless) edge lists
 * (PLoS Comput Biol 12:e1005283), as distributed by WormNeuroAtlas.
 *
 * Comma-separated, a '#' comment header, rows
 *   source, target, ligand, receptor[, receptor gene]
 * Each row is one ligand-receptor route from a releasing to a receiving
 * neuron, so the directed weight source -> target is the number of routes
 * (rows) between them.
 */
#include "readers.h"
#include "error.h"
#include "textutil.h"

#include <string.h>

/* The monoamines of the Bentley 2016 monoamine network; any other ligand is a
 * neuropeptide (their peptide file lists FLP/NLP/PDF/... peptides). */
static const char *const MONOAMINES[] = {"serotonin", "dopamine", "tyramine", "octopamine", NULL};

/* Read a Bentley 2016 extrasynaptic edge list.  Layer: opts->layer, else
 * "monoamine" for rows whose ligand is a monoamine and "peptide" otherwise.
 * Errors: a row with fewer than 4 fields, an empty ligand, an empty name
 * (file:line and the row's text).  Cost: O(file size). */
int ctome_read_bentley(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    ctome_rows r;
    int rc = ctome_rows_open(&r, path, ',', o, NULL, c);
    if (rc)
        return rc;
    long rows = 0;
    while (ctome_rows_next(&r, &rc)) {
        const ctome_fields *fs = &r.fs;
        if (fs->n < 4) {
            rc = ctome_error(CTOME_EFORMAT, path, r.t.line,
                             "expected source,target,ligand,receptor; found %zu field%s starting '%s'",
                             fs->n, fs->n == 1 ? "" : "s", fs->f[0]);
            break;
        }
        if (!fs->f[2][0]) {
            rc = ctome_error(CTOME_EFORMAT, path, r.t.line, "empty ligand in row '%s,%s'", fs->f[0],
                             fs->f[1]);
            break;
        }
        const char *layer = o && o->layer ? o->layer
                            : ctome_text_name_in(fs->f[2], MONOAMINES) ? "monoamine" : "peptide";
        if ((rc = ctome_read_add_named(c, layer, fs->f[0], fs->f[1], 1.0, path, r.t.line)))
            break;
        rows++;
    }
    if (!rc && !rows)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no data rows");
    ctome_rows_close(&r);
    return rc;
}
