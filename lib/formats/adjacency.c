/* adjacency.c — dense named adjacency matrices in CSV/TSV.
 *
 * Layout (e.g. the Ripoll-Sanchez 2023 NemaMod matrices): a header row whose
 * first cell is a label ("Row", or empty) followed by the target names, then
 * one row per source: its name, then one value per target.  Rows are sources
 * (pre), columns targets (post).  Zero or empty cells are no edge.
 */
#include "readers.h"
#include "error.h"
#include "textutil.h"

#include <stdlib.h>
#include <string.h>

/* Read a dense adjacency matrix into layer opts->layer (default "chemical").
 * Errors: a row with a different number of cells than the header (trailing
 * empty cells excepted), a non-numeric or negative value (file:line and the
 * cell text), an empty name.  Cost: O(rows x columns). */
int ctome_read_adjacency(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    ctome_rows r;
    int rc = ctome_rows_open(&r, path, 0, o, NULL, c);
    if (rc)
        return rc;
    const char *layer = o && o->layer ? o->layer : "chemical";
    int *col_node = NULL;
    size_t ncol = 0;
    long data_rows = 0;
    while (ctome_rows_next(&r, &rc)) {
        ctome_fields *fs = &r.fs;
        long line = r.t.line;
        /* Trailing empty cells beyond the header's width (a trailing
         * delimiter) carry nothing; within it an empty cell is 0. */
        size_t width = col_node ? ncol + 1 : 1;
        while (fs->n > width && fs->f[fs->n - 1][0] == '\0')
            fs->n--;
        if (!col_node) {
            if (fs->n < 2) {
                rc = ctome_error(CTOME_EFORMAT, path, line,
                                 "an adjacency matrix header needs at least one column name: '%s'",
                                 fs->f[0]);
                goto out;
            }
            ncol = fs->n - 1;
            col_node = malloc(ncol * sizeof *col_node);
            if (!col_node) {
                rc = ctome_error_nomem();
                goto out;
            }
            for (size_t j = 0; j < ncol; j++)
                if ((rc = ctome_connectome_node(c, fs->f[j + 1], path, line, &col_node[j])))
                    goto out;
            continue;
        }
        if (fs->n != ncol + 1) {
            rc = ctome_error(CTOME_EFORMAT, path, line,
                             "row '%s' has %zu values, the header has %zu columns", fs->f[0],
                             fs->n - 1, ncol);
            goto out;
        }
        int src;
        if ((rc = ctome_connectome_node(c, fs->f[0], path, line, &src)))
            goto out;
        for (size_t j = 0; j < ncol; j++) {
            const char *cell = fs->f[j + 1];
            double w = 0;
            if (cell[0] && (rc = ctome_text_weight(cell, "value", path, line, &w)))
                goto out;
            if (w != 0 && (rc = ctome_connectome_add(c, layer, src, col_node[j], w, path, line)))
                goto out;
        }
        data_rows++;
    }
    if (!rc && !data_rows)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no matrix rows after the header");
out:
    free(col_node);
    ctome_rows_close(&r);
    return rc;
}
