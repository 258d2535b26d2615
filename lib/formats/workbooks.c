/* workbooks.c — connectome readers for the published spreadsheet workbooks:
 * Cook 2019 SI 5 adjacency matrices, Witvliet 2021 edge lists, Brittin 2021
 * contactome, Yim 2024 dauer matrices and the WormAtlas NeuronConnect.xls of
 * Varshney 2011.  Layouts are documented in data/SOURCES.md; each function
 * below repeats the part it relies on.
 *
 * Every bad cell is reported as "FILE: SHEET!B12: what 'value'".  An empty
 * matrix cell means no connection; a weight that is not a number, or is
 * negative, is CTOME_EVALUE.  Readers append raw listings; the caller runs
 * ctome_connectome_finalise().
 */
#include "readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "sheet.h"
#include "textutil.h"

/* ---------------------------------------------------------------- helpers */

/* Shared state of one reader call. */
typedef struct {
    const char *path;
    const ctome_read_opts *o;
    ctome_connectome *c;
    const ctome_alias *saved_aliases;
    ctome_workbook *wb;
} wbread;

static int wbread_begin(wbread *r, const char *path, const ctome_read_opts *o,
                        ctome_connectome *c)
{
    r->path = path;
    r->o = o;
    r->c = c;
    r->saved_aliases = ctome_read_aliases(c, o, NULL);
    r->wb = NULL;
    return ctome_workbook_open(path, &r->wb);
}

static int wbread_end(wbread *r, int rc)
{
    r->c->aliases = r->saved_aliases;
    ctome_workbook_close(r->wb);
    return rc;
}

static int cell_error(const wbread *r, const ctome_sheet *s, size_t row, size_t col, int code,
                      const char *what)
{
    char ref[16], val[128];
    ctome_cell_ref(row, col, ref);
    ctome_cell_str(ctome_sheet_cell(s, row, col), val, sizeof val);
    return ctome_error(code, r->path, 0, "%s!%s: %s '%s'", s->name, ref, what, val);
}

/* Weight of a cell: empty -> 0 (*present = 0); numbers >= 0 accepted. */
static int cell_weight(const wbread *r, const ctome_sheet *s, size_t row, size_t col, double *w,
                       int *present)
{
    int k = ctome_cell_num(ctome_sheet_cell(s, row, col), w);
    *present = k == 0;
    if (k == -1) {
        *w = 0;
        return CTOME_OK;
    }
    if (k == -2)
        return cell_error(r, s, row, col, CTOME_EVALUE, "weight is not a number");
    if (*w < 0)
        return cell_error(r, s, row, col, CTOME_EVALUE, "negative weight");
    return CTOME_OK;
}

/* Weight of an edge-table row: the cell must hold a number >= 0. */
static int cell_required_weight(const wbread *r, const ctome_sheet *s, size_t row, size_t col,
                                double *w)
{
    int present;
    int rc = cell_weight(r, s, row, col, w, &present);
    if (!rc && !present)
        rc = cell_error(r, s, row, col, CTOME_EVALUE, "missing weight");
    return rc;
}

/* Node of the cell name held at (row, col). */
static int cell_node(const wbread *r, const ctome_sheet *s, size_t row, size_t col, int *idx)
{
    char name[256];
    const ctome_cell *cl = ctome_sheet_cell(s, row, col);
    if (cl->type == CTOME_CELL_EMPTY)
        return cell_error(r, s, row, col, CTOME_EFORMAT, "missing cell name");
    ctome_cell_str(cl, name, sizeof name);
    if (ctome_connectome_node(r->c, name, r->path, 0, idx))
        return cell_error(r, s, row, col, CTOME_EVALUE, "bad cell name");
    return CTOME_OK;
}

/* Append a listing found at (row, col) and record the layer's weight unit
 * (only layers that receive listings are created). */
static int add_listing(const wbread *r, const ctome_sheet *s, size_t row, size_t col,
                       const char *layer, const char *unit, int src, int dst, double w)
{
    if (w > 0) {
        ctome_layer *l = ctome_connectome_layer(r->c, layer);
        if (!l || ctome_layer_default_unit(l, unit))
            return CTOME_ENOMEM;
    }
    if (!ctome_connectome_add(r->c, layer, src, dst, w, r->path, 0))
        return CTOME_OK;
    int rc = ctome_error_code();
    char msg[512];
    snprintf(msg, sizeof msg, "%s", ctome_error_message());
    char ref[16];
    ctome_cell_ref(row, col, ref);
    return ctome_error(rc, NULL, 0, "%s (%s!%s)", msg, s->name, ref);
}

static const char *layer_for(const wbread *r, const char *from_file)
{
    return r->o && r->o->layer ? r->o->layer : from_file;
}

/* The sheet named by opts->sheet, else `dflt` (by name), else the first. */
static int pick_sheet(wbread *r, const char *dflt, const ctome_sheet **s)
{
    if (r->o && r->o->sheet)
        return ctome_workbook_sheet(r->wb, r->o->sheet, s);
    if (dflt)
        return ctome_workbook_sheet(r->wb, dflt, s);
    return ctome_workbook_sheet_at(r->wb, 0, s);
}

/* Column of a header cell in row `hrow` matching one of `names` (case and
 * '_'/'-'/' ' insensitive).  CTOME_EFORMAT lists the header if absent. */
static int find_column(const wbread *r, const ctome_sheet *s, size_t hrow,
                       const char *const *names, size_t *col)
{
    char buf[128];
    for (size_t j = 0; j < s->ncols; j++) {
        const ctome_cell *cl = ctome_sheet_cell(s, hrow, j);
        if (cl->type != CTOME_CELL_TEXT)
            continue;
        snprintf(buf, sizeof buf, "%s", cl->text);
        if (ctome_text_name_in(ctome_text_trim(buf), names)) {
            *col = j;
            return CTOME_OK;
        }
    }
    char found[512];
    size_t k = 0;
    found[0] = '\0';
    for (size_t j = 0; j < s->ncols && k < sizeof found - 1; j++) {
        ctome_cell_str(ctome_sheet_cell(s, hrow, j), buf, sizeof buf);
        int w = snprintf(found + k, sizeof found - k, "%s'%s'", j ? ", " : "", buf);
        if (w < 0)
            break;
        k += (size_t)w;
    }
    return ctome_error(CTOME_EFORMAT, r->path, 0, "%s!%zu: no column '%s' in the header row (found %s)",
                       s->name, hrow + 1, names[0], k ? found : "nothing");
}

/* Columns of a table whose header is row 1: col[k] matches names[k]. */
static int find_columns(const wbread *r, const ctome_sheet *s, const char *const *const *names,
                        size_t n, size_t *col)
{
    int rc = CTOME_OK;
    for (size_t k = 0; k < n && !rc; k++)
        rc = find_column(r, s, 0, names[k], &col[k]);
    return rc;
}

/* Begin reading an edge table: the sheet (opts->sheet or the first) and the
 * columns named in its header row. */
static int begin_table(wbread *r, const char *path, const ctome_read_opts *o, ctome_connectome *c,
                       const char *const *const *names, size_t n, const ctome_sheet **s,
                       size_t *col)
{
    int rc = wbread_begin(r, path, o, c);
    if (!rc)
        rc = pick_sheet(r, NULL, s);
    if (!rc)
        rc = find_columns(r, *s, names, n, col);
    return rc;
}

static int row_is_empty(const ctome_sheet *s, size_t row, const size_t *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ctome_sheet_cell(s, row, cols[i])->type != CTOME_CELL_EMPTY)
            return 0;
    return 1;
}

/* Read a dense named matrix: rows [r0, r0+nr) named in column `name_col`,
 * columns [c0, c0+nc) named in row `name_row`; row = pre, column = post.
 * Empty cells are 0. */
static int read_matrix(const wbread *r, const ctome_sheet *s, size_t name_row, size_t name_col,
                       size_t r0, size_t nr, size_t c0, size_t nc, const char *layer,
                       const char *unit)
{
    int *post = malloc((nc ? nc : 1) * sizeof *post);
    if (!post)
        return ctome_error_nomem();
    int rc = CTOME_OK;
    for (size_t j = 0; j < nc && !rc; j++)
        rc = cell_node(r, s, name_row, c0 + j, &post[j]);
    for (size_t i = 0; i < nr && !rc; i++) {
        int pre = -1;
        for (size_t j = 0; j < nc && !rc; j++) {
            double w;
            int present;
            if ((rc = cell_weight(r, s, r0 + i, c0 + j, &w, &present)) || w == 0)
                continue;
            if (pre < 0 && (rc = cell_node(r, s, r0 + i, name_col, &pre)))
                break;
            rc = add_listing(r, s, r0 + i, c0 + j, layer, unit, pre, post[j], w);
        }
    }
    free(post);
    return rc;
}

/* Number of consecutive non-empty cells from (row, col) going right (dr = 0)
 * or down (dr = 1). */
static size_t run_length(const ctome_sheet *s, size_t row, size_t col, int down)
{
    size_t n = 0;
    while (ctome_sheet_cell(s, row + (down ? n : 0), col + (down ? 0 : n))->type !=
           CTOME_CELL_EMPTY)
        n++;
    return n;
}

/* --------------------------------------------------------------- Cook 2019 */

/* Cook et al. 2019 (Nature 571:63), Supplementary Information 5 (corrected
 * July 2020): one sheet per sex and synapse type.  Row 1 holds cell-group
 * labels, row 2 sub-group numbers, row 3 the post-synaptic cell names from
 * column D; column A holds group labels, B sub-groups, C the pre-synaptic cell
 * names from row 4.  After the last name a repeated label column/row follows
 * (it is not part of the matrix).  Weights are EM serial sections; chemical
 * sheets are rows = pre, columns = post; the "gap jn symmetric" sheets list
 * every junction at (i, j) and (j, i), which finalise merges into one pair.
 * Cost: O(cells of the two sheets). */
int ctome_read_cook_si5(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    static const char *const sheets[2][2] = {
        {"hermaphrodite chemical", "hermaphrodite gap jn symmetric"},
        {"male chemical", "male gap jn symmetric"}};
    static const char *const layers[2] = {"chemical", "electrical"};
    int sex = o ? o->sex : 0;
    if (sex != 0 && sex != 1)
        return ctome_error(CTOME_EINVAL, path, 0, "sex must be 0 (hermaphrodite) or 1 (male), not %d",
                           sex);
    wbread r;
    int rc = wbread_begin(&r, path, o, c);
    for (int k = 0; k < 2 && !rc; k++) {
        const ctome_sheet *s;
        if ((rc = ctome_workbook_sheet(r.wb, sheets[sex][k], &s)))
            break;
        size_t nc = run_length(s, 2, 3, 0), nr = run_length(s, 3, 2, 1);
        if (nc == 0 || nr == 0) {
            rc = ctome_error(CTOME_EFORMAT, path, 0,
                             "%s: no cell names in row 3 (from D3) and column C (from C4); "
                             "not a Cook 2019 SI 5 sheet",
                             s->name);
            break;
        }
        rc = read_matrix(&r, s, 2, 2, 3, nr, 3, nc, layer_for(&r, layers[k]), "EM sections");
    }
    return wbread_end(&r, rc);
}

/* ----------------------------------------------------------- Witvliet 2021 */

/* Witvliet et al. 2021 (Nature 596:257): one sheet per dataset, header row
 * `pre, post, type, synapses`; type chemical (pre -> post) or electrical
 * (undirected).  Weight = synapse count.  Blank rows are skipped.
 * Cost: O(rows). */
int ctome_read_witvliet_xlsx(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    static const char *const n_pre[] = {"pre", NULL}, *const n_post[] = {"post", NULL};
    static const char *const n_type[] = {"type", NULL};
    static const char *const n_w[] = {"synapses", "weight", NULL};
    static const char *const *const names[4] = {n_pre, n_post, n_type, n_w};
    static const char *const chem[] = {"chemical", NULL}, *const elec[] = {"electrical", NULL};
    wbread r;
    const ctome_sheet *s = NULL;
    size_t col[4];
    int rc = begin_table(&r, path, o, c, names, 4, &s, col);
    for (size_t i = 1; !rc && i < s->nrows; i++) {
        if (row_is_empty(s, i, col, 4))
            continue;
        char type[64];
        const ctome_cell *tc = ctome_sheet_cell(s, i, col[2]);
        ctome_cell_str(tc, type, sizeof type);
        const char *layer;
        const char *t = ctome_text_trim(type);
        if (ctome_text_name_in(t, chem))
            layer = "chemical";
        else if (ctome_text_name_in(t, elec))
            layer = "electrical";
        else {
            rc = cell_error(&r, s, i, col[2], CTOME_EVALUE,
                            "unknown synapse type (chemical or electrical)");
            break;
        }
        layer = layer_for(&r, layer);
        double w;
        int a, b;
        if ((rc = cell_required_weight(&r, s, i, col[3], &w)) ||
            (rc = cell_node(&r, s, i, col[0], &a)) || (rc = cell_node(&r, s, i, col[1], &b)))
            break;
        rc = add_listing(&r, s, i, col[3], layer, "synapses", a, b, w);
    }
    return wbread_end(&r, rc);
}

/* ------------------------------------------------------------ Brittin 2021 */

/* Read one Brittin edge sheet (header cell_1, cell_2, weight, delta). */
static int brittin_sheet(wbread *r, const char *name, const char *layer, const char *unit)
{
    static const char *const n_a[] = {"cell_1", "cell1", NULL};
    static const char *const n_b[] = {"cell_2", "cell2", NULL};
    static const char *const n_w[] = {"weight", NULL};
    static const char *const *const names[3] = {n_a, n_b, n_w};
    const ctome_sheet *s;
    size_t col[3];
    int rc = ctome_workbook_sheet(r->wb, name, &s);
    if (!rc)
        rc = find_columns(r, s, names, 3, col);
    for (size_t i = 1; !rc && i < s->nrows; i++) {
        if (row_is_empty(s, i, col, 3))
            continue;
        double w;
        int a, b;
        if ((rc = cell_required_weight(r, s, i, col[2], &w)) ||
            (rc = cell_node(r, s, i, col[0], &a)) || (rc = cell_node(r, s, i, col[1], &b)))
            break;
        rc = add_listing(r, s, i, col[2], layer, unit, a, b, w);
    }
    return rc;
}

/* Brittin et al. 2021 (Nature 591:105), Supplementary Table: sheet M is the
 * membrane-contact graph (layer "contact", undirected; weight = contact
 * weight), C the chemical synapses (cell_1 -> cell_2) and G the gap junctions,
 * with weights averaged over the adult and L4 series.  The `delta` column
 * (number of the four reconstructed left/right volumes in which the edge is
 * seen; Brittin's M^delta graphs) is not used: every listed edge is read, so
 * a caller wanting M^4 filters it out afterwards.  opts->sheet reads only that
 * sheet (M, C or G).  Cost: O(rows). */
int ctome_read_brittin_xlsx(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    static const char *const sheets[3] = {"M", "C", "G"};
    static const char *const layers[3] = {"contact", "chemical", "electrical"};
    static const char *const units[3] = {"contact weight", "mean synapse weight",
                                         "mean synapse weight"};
    wbread r;
    int rc = wbread_begin(&r, path, o, c);
    int any = 0;
    for (int k = 0; k < 3 && !rc; k++) {
        if (o && o->sheet && strcmp(o->sheet, sheets[k]) != 0)
            continue;
        any = 1;
        rc = brittin_sheet(&r, sheets[k], layer_for(&r, layers[k]), units[k]);
    }
    if (!rc && !any) {
        const ctome_sheet *s;
        rc = ctome_workbook_sheet(r.wb, o->sheet, &s);
        if (!rc)
            rc = ctome_error(CTOME_ENOTFOUND, path, 0,
                             "sheet '%s' is not an edge sheet of the Brittin workbook (M, C or G)",
                             o->sheet);
    }
    return wbread_end(&r, rc);
}

/* ---------------------------------------------------------------- Yim 2024 */

/* Yim et al. 2024 (Nat Commun 15:1546), Supplementary Data 3: one 222 x 222
 * chemical adjacency matrix per sheet (default "Dauer"; the other stages and
 * the *_normalized versions are further sheets).  Row 1 holds the column
 * names from C1, row 2 their indices; column A holds the row names from A3,
 * column B their indices.  Rows are presynaptic: sensory rows carry the
 * weights onto interneuron columns (e.g. Dauer ASHL -> AVAL 1.8e6, AVAL ->
 * ASHL 0), and openworm's ConnectomeToolbox reads it the same way.  Weights
 * in the raw Dauer sheet are summed active-zone volumes attributed to the
 * pair.  Cost: O(222^2). */
int ctome_read_yim_xlsx(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    wbread r;
    int rc = wbread_begin(&r, path, o, c);
    const ctome_sheet *s = NULL;
    if (!rc)
        rc = pick_sheet(&r, "Dauer", &s);
    if (!rc) {
        size_t nc = run_length(s, 0, 2, 0), nr = run_length(s, 2, 0, 1);
        if (nc == 0 || nr == 0)
            rc = ctome_error(CTOME_EFORMAT, path, 0,
                             "%s: no cell names in row 1 (from C1) and column A (from A3); "
                             "not a Yim 2024 matrix sheet",
                             s->name);
        if (!rc)
            rc = read_matrix(&r, s, 0, 0, 2, nr, 2, nc, layer_for(&r, "chemical"),
                             "active-zone volume");
    }
    return wbread_end(&r, rc);
}

/* ---------------------------------------------------------- Varshney 2011 */

/* WormAtlas NeuronConnect.xls (Varshney et al. 2011, PLoS Comput Biol
 * 7:e1001066): header `Neuron 1, Neuron 2, Type, Nbr`.  Type S (send) and Sp
 * (send, polyadic) are chemical synapses Neuron 1 -> Neuron 2; R and Rp list
 * the same synapses from the receiving side and are skipped; EJ rows are gap
 * junctions, each listed once from either side (finalise merges them); NMJ
 * rows are neuromuscular junctions whose Neuron 2 is the literal "NMJ" (no
 * muscle is named), read as chemical synapses onto "BWM", the unspecified
 * body-wall muscle of the cell table (as openworm's ConnectomeToolbox does).
 * Weight Nbr = number of synapses.  Cost: O(rows). */
int ctome_read_varshney_xls(const char *path, const ctome_read_opts *o, ctome_connectome *c)
{
    static const char *const n_a[] = {"Neuron 1", "Neuron1", NULL};
    static const char *const n_b[] = {"Neuron 2", "Neuron2", NULL};
    static const char *const n_t[] = {"Type", NULL};
    static const char *const n_w[] = {"Nbr", "Number", NULL};
    static const char *const *const names[4] = {n_a, n_b, n_t, n_w};
    wbread r;
    const ctome_sheet *s = NULL;
    size_t col[4];
    int rc = begin_table(&r, path, o, c, names, 4, &s, col);
    for (size_t i = 1; !rc && i < s->nrows; i++) {
        if (row_is_empty(s, i, col, 4))
            continue;
        char type[16];
        const ctome_cell *tc = ctome_sheet_cell(s, i, col[2]);
        if (tc->type != CTOME_CELL_TEXT || strlen(tc->text) >= sizeof type) {
            rc = cell_error(&r, s, i, col[2], CTOME_EVALUE,
                            "unknown connection type (S, Sp, R, Rp, EJ or NMJ)");
            break;
        }
        snprintf(type, sizeof type, "%s", tc->text);
        const char *t = ctome_text_trim(type);
        const char *layer;
        int nmj = 0;
        if (strcmp(t, "S") == 0 || strcmp(t, "Sp") == 0)
            layer = "chemical";
        else if (strcmp(t, "EJ") == 0)
            layer = "electrical";
        else if (strcmp(t, "NMJ") == 0) {
            layer = "chemical";
            nmj = 1;
        } else if (strcmp(t, "R") == 0 || strcmp(t, "Rp") == 0)
            continue;   /* the receiving side of an S/Sp row */
        else {
            rc = cell_error(&r, s, i, col[2], CTOME_EVALUE,
                            "unknown connection type (S, Sp, R, Rp, EJ or NMJ)");
            break;
        }
        layer = layer_for(&r, layer);
        double w;
        int a, b;
        if ((rc = cell_required_weight(&r, s, i, col[3], &w)) || (rc = cell_node(&r, s, i, col[0], &a)))
            break;
        const ctome_cell *bc = ctome_sheet_cell(s, i, col[1]);
        if (nmj && (bc->type == CTOME_CELL_EMPTY ||
                    (bc->type == CTOME_CELL_TEXT && strcmp(bc->text, "NMJ") == 0)))
            rc = ctome_connectome_node(c, "BWM", path, 0, &b);
        else
            rc = cell_node(&r, s, i, col[1], &b);
        if (!rc)
            rc = add_listing(&r, s, i, col[3], layer, "synapses", a, b, w);
    }
    return wbread_end(&r, rc);
}
