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
    ctome_text t;
    int rc = ctome_text_open(&t, path);
    if (rc)
        return rc;
    const ctome_alias *saved = c->aliases;
    if (o && o->aliases)
        c->aliases = o->aliases;
    ctome_fields fs = {0};
    long rows = 0;
    char *line;
    while (ctome_text_next(&t, &line)) {
        if (ctome_text_is_skippable(line))
            continue;
        if ((rc = ctome_text_split(line, ',', &fs, path, t.line)))
            goto out;
        if (fs.n < 4) {
            rc = ctome_error(CTOME_EFORMAT, path, t.line,
                             "expected source,target,ligand,receptor; found %zu field%s starting '%s'",
                             fs.n, fs.n == 1 ? "" : "s", fs.f[0]);
            goto out;
        }
        if (!fs.f[2][0]) {
            rc = ctome_error(CTOME_EFORMAT, path, t.line, "empty ligand in row '%s,%s'", fs.f[0], fs.f[1]);
            goto out;
        }
        const char *layer = o && o->layer ? o->layer
                            : ctome_text_name_in(fs.f[2], MONOAMINES) ? "monoamine" : "peptide";
        int s, d;
        if ((rc = ctome_connectome_node(c, fs.f[0], path, t.line, &s)) ||
            (rc = ctome_connectome_node(c, fs.f[1], path, t.line, &d)) ||
            (rc = ctome_connectome_add(c, layer, s, d, 1.0, path, t.line)))
            goto out;
        rows++;
    }
    if (!rows)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no data rows");
out:
    c->aliases = saved;
    ctome_fields_free(&fs);
    ctome_text_close(&t);
    return rc;
}
