/* uzel_fc.c — the functional-connectivity matrices of Uzel, Kato & Zimmer
 * (2022) Curr Biol 32:3443 (github.com/uzelk88/uzel2022, Matrices_FC.mat).
 *
 * Matrices_FC is a 1x9 cell of 279x279 doubles in the Order279 order
 * (Order279.mat, the Varshney et al. 2011 279-neuron order).  Fig4.m of the
 * repository documents the order of the nine:
 *   1 correlation coefficient of time-derivatives, 2 of traces,
 *   3 covariance of derivatives, 4 of traces,
 *   5 peak cross-correlation of derivatives, 6 of traces,
 *   7 mutual information of derivatives, 8 of traces,
 *   9 covariogram analysis.
 * Only neurons identified in the whole-brain recordings have values; every
 * other row and column is NaN and is dropped here.  Measured on the bundled
 * file: 66 neurons remain in all nine (the 65 of NeuronOrder.mat plus AWCL;
 * the repository's later NeuronOrder66.mat lists 66), matrices 1-8 are
 * symmetric, 9 is not, and only 7-8 (mutual information) have a NaN
 * diagonal (tests/ref/uzel_fc_ref.py).
 */
#include "recordings_io.h"
#include "error.h"
#include "io.h"
#include "matval.h"
#include "names.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FC_VAR "Matrices_FC"
#define ORDER_VAR "Order279"
#define FC_COUNT 9

void ctome_fmatrix_free(ctome_fmatrix *f)
{
    if (!f)
        return;
    if (f->names)
        for (size_t i = 0; i < f->n; i++)
            free(f->names[i]);
    free(f->names);
    free(f->m);
    free(f->id);
    free(f);
}

/* The 279 names of Order279.mat (a cell of char), normalised. */
static int read_order(const char *path, size_t n, char ***names)
{
    mfile f;
    int rc = mfile_read(path, ORDER_VAR, &f);
    if (rc)
        return ctome_error(rc, path, 0, "cannot read the neuron order (%s)", ctome_error_message());
    const mval *o = mfile_get(&f, ORDER_VAR);
    *names = NULL;
    if (!o || o->kind != MV_CELL || mval_numel(o) != n) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "%s: expected a cell array of %zu names, got %s", ORDER_VAR, n,
                         !o ? "no such variable" : o->kind == MV_CELL ? "a different count" : o->cls);
        goto done;
    }
    if (!(*names = calloc(n, sizeof **names))) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const mval *c = o->elem[i];
        char canon[64];
        if (!c || c->kind != MV_CHAR || ctome_name_normalise(c->str, canon, sizeof canon) != CTOME_OK)
            rc = ctome_error(CTOME_EFORMAT, path, 0, "%s{%zu}: bad neuron name '%s'", ORDER_VAR, i + 1,
                             c && c->kind == MV_CHAR ? c->str : "(not char)");
        else if (!((*names)[i] = ctome_strdup(canon)))
            rc = CTOME_ENOMEM;
    }
done:
    if (rc && *names) {
        for (size_t i = 0; i < n; i++)
            free((*names)[i]);
        free(*names);
        *names = NULL;
    }
    mfile_free(&f);
    return rc;
}

int ctome_read_uzel_fc(const char *path, const char *order279_path, int which, ctome_fmatrix **out)
{
    *out = NULL;
    if (which < 1 || which > FC_COUNT)
        return ctome_error(CTOME_EINVAL, path, 0, "matrix %d: Matrices_FC holds %d matrices, choose 1..%d", which,
                           FC_COUNT, FC_COUNT);
    mfile f;
    int rc = mfile_read(path, FC_VAR, &f);
    if (rc)
        return rc;
    char **names = NULL;
    ctome_fmatrix *fm = NULL;
    size_t *keep = NULL;
    const mval *cell = mfile_get(&f, FC_VAR);
    const mval *m = NULL;
    size_t n = 0;
    if (!cell || cell->kind != MV_CELL || mval_numel(cell) != FC_COUNT) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "%s: expected a cell array of %d matrices, got %s", FC_VAR, FC_COUNT,
                         !cell ? "no such variable" : cell->kind == MV_CELL ? "a different count" : cell->cls);
        goto done;
    }
    m = cell->elem[which - 1];
    if (!m || m->kind != MV_NUM || m->rows != m->cols || m->rows == 0) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "%s{%d}: expected a square numeric matrix", FC_VAR, which);
        goto done;
    }
    n = m->rows;
    if ((rc = read_order(order279_path, n, &names)))
        goto done;
    /* Keep neuron i if its row or its column has a value (matrix 9 is not symmetric). */
    if (!(keep = malloc(n * sizeof *keep))) {
        rc = ctome_error_nomem();
        goto done;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int any = 0;
        for (size_t j = 0; j < n && !any; j++)
            any = !isnan(m->num[j * n + i]) || !isnan(m->num[i * n + j]);
        if (any)
            keep[k++] = i;
    }
    if (k == 0) {
        rc = ctome_error(CTOME_EVALUE, path, 0, "%s{%d}: every entry is NaN", FC_VAR, which);
        goto done;
    }
    char id[32];
    snprintf(id, sizeof id, "uzel2022-fc-%d", which);
    if (!(fm = calloc(1, sizeof *fm)) || !(fm->id = ctome_strdup(id)) || !(fm->names = calloc(k, sizeof *fm->names)) ||
        !(fm->m = malloc(k * k * sizeof *fm->m))) {
        rc = ctome_error_nomem();
        goto done;
    }
    fm->n = k;
    for (size_t a = 0; a < k; a++) {
        fm->names[a] = names[keep[a]];
        names[keep[a]] = NULL;
        /* MATLAB column-major: M(r, c) = num[c * n + r]; the result is row-major. */
        for (size_t b = 0; b < k; b++)
            fm->m[a * k + b] = m->num[keep[b] * n + keep[a]];
    }
done:
    if (names)
        for (size_t i = 0; i < n; i++)
            free(names[i]);
    free(names);
    free(keep);
    mfile_free(&f);
    if (rc) {
        ctome_fmatrix_free(fm);
        return rc;
    }
    *out = fm;
    return CTOME_OK;
}
