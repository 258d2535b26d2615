/* sheet_cells.c — the cells of a workbook (sheet.h, sheet_impl.h): cell
 * helpers, the cell list every back end (sheet_xlsx.c, sheet_xls.c) fills and
 * the dense grid made from it.  Apart from sheet.c, the dispatcher, so that
 * the back ends do not call back into it.
 */
#include "sheet.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "io.h"
#include "sheet_impl.h"

/* ------------------------------------------------------------------ cells */

void ctome_cell_ref(size_t row, size_t col, char buf[16])
{
    char letters[8];
    size_t k = 0;
    size_t c = col + 1;
    while (c > 0 && k < sizeof letters) {
        c--;
        letters[k++] = (char)('A' + c % 26);
        c /= 26;
    }
    size_t j = 0;
    while (k > 0)
        buf[j++] = letters[--k];
    snprintf(buf + j, 16 - j, "%zu", row + 1);
}

/* strtod over the whole string, white space trimmed; finite values only. */
int ctome_sheet_parse_number(const char *s, double *v)
{
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return -1;
    errno = 0;
    char *end;
    double d = strtod(s, &end);
    if (end == s)
        return -2;
    while (isspace((unsigned char)*end))
        end++;
    if (*end || !isfinite(d) || errno == ERANGE)
        return -2;
    *v = d;
    return 0;
}

const char *ctome_cell_str(const ctome_cell *c, char *buf, size_t sz)
{
    if (!sz)
        return buf;
    buf[0] = '\0';
    if (!c || c->type == CTOME_CELL_EMPTY)
        return buf;
    if (c->type == CTOME_CELL_TEXT && c->text)
        snprintf(buf, sz, "%s", c->text);
    else if (c->type == CTOME_CELL_NUMBER)
        snprintf(buf, sz, "%.15g", c->num);
    return buf;
}

int ctome_cell_num(const ctome_cell *c, double *v)
{
    if (!c || c->type == CTOME_CELL_EMPTY)
        return -1;
    if (c->type == CTOME_CELL_NUMBER) {
        *v = c->num;
        return 0;
    }
    return ctome_sheet_parse_number(c->text ? c->text : "", v);
}

const ctome_cell *ctome_sheet_cell(const ctome_sheet *s, size_t row, size_t col)
{
    static const ctome_cell empty = {CTOME_CELL_EMPTY, 0.0, NULL};
    if (!s || row >= s->nrows || col >= s->ncols)
        return &empty;
    return &s->cells[row * s->ncols + col];
}

void ctome_sheet_grid_free(ctome_sheet *s)
{
    if (!s)
        return;
    if (s->cells)
        for (size_t i = 0; i < s->nrows * s->ncols; i++)
            free(s->cells[i].text);
    free(s->cells);
    free(s->name);
    free(s);
}

/* ------------------------------------------- cell list -> dense sheet grid */

void ctome_cells_free(ctome_cells *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].c.text);
    free(p->v);
    p->v = NULL;
    p->n = p->cap = 0;
}

/* Append a cell; takes ownership of `text` (freed on failure). */
int ctome_cells_add(ctome_cells *p, size_t row, size_t col, ctome_cell_type t, double num,
                    char *text)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 1024;
        ctome_pcell *v = realloc(p->v, cap * sizeof *v);
        if (!v) {
            free(text);
            return ctome_error_nomem();
        }
        p->v = v;
        p->cap = cap;
    }
    ctome_pcell *c = &p->v[p->n++];
    c->row = (uint32_t)row;
    c->col = (uint32_t)col;
    c->c.type = t;
    c->c.num = num;
    c->c.text = text;
    return CTOME_OK;
}

/* Build the dense grid (bounding box from A1); the cells' texts move into it. */
int ctome_cells_to_sheet(ctome_cells *p, const char *path, const char *name,
                         ctome_sheet **out)
{
    *out = NULL;
    size_t nr = 0, nc = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->v[i].row + 1u > nr)
            nr = p->v[i].row + 1u;
        if (p->v[i].col + 1u > nc)
            nc = p->v[i].col + 1u;
    }
    if (nr && nc > MAX_GRID_CELLS / nr) {
        char ref[16];
        ctome_cell_ref(nr - 1, nc - 1, ref);
        return ctome_error(CTOME_EFORMAT, path,
                           0, "sheet '%s' spans A1:%s, too large for a dense grid (limit %u cells)",
                           name, ref, MAX_GRID_CELLS);
    }
    ctome_sheet *s = calloc(1, sizeof *s);
    if (!s)
        return ctome_error_nomem();
    s->name = strdup(name);
    if (nr && nc)
        s->cells = calloc(nr * nc, sizeof *s->cells);
    if (!s->name || (nr && nc && !s->cells)) {
        ctome_sheet_grid_free(s);
        return ctome_error_nomem();
    }
    s->nrows = nr;
    s->ncols = nc;
    for (size_t i = 0; i < p->n; i++) {
        ctome_cell *dst = &s->cells[(size_t)p->v[i].row * nc + p->v[i].col];
        free(dst->text);    /* a repeated reference: the later cell wins */
        *dst = p->v[i].c;
        p->v[i].c.text = NULL;
    }
    *out = s;
    return CTOME_OK;
}
