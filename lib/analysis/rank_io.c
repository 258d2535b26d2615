/* rank_io.c — a dense numeric matrix (model weights) from a text file
 * (ctome_rank_read_matrix, rank.h).  Uses the shared tokenizer of
 * lib/formats (textutil.h) so quoting, delimiters and line ends behave as in
 * every other reader. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "rank.h"
#include "textutil.h"

static int is_nan_word(const char *s)
{
    return strcasecmp(s, "nan") == 0 || strcasecmp(s, "na") == 0 || strcasecmp(s, "-nan") == 0;
}

/* Whether every field of the line is a number (a data row, not a header). */
static int all_numeric(const ctome_fields *fs)
{
    double v;
    for (size_t i = 0; i < fs->n; i++)
        if (!ctome_text_is_number(fs->f[i], &v) && !is_nan_word(fs->f[i]))
            return 0;
    return 1;
}

static int grow(double **a, size_t *cap, size_t need)
{
    if (need <= *cap)
        return CTOME_OK;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    double *p = realloc(*a, c * sizeof *p);
    if (!p)
        return ctome_error_nomem();
    *a = p;
    *cap = c;
    return CTOME_OK;
}

int ctome_rank_read_matrix(const char *path, double **a, size_t *rows, size_t *cols)
{
    *a = NULL;
    *rows = *cols = 0;
    ctome_text t;
    int rc = ctome_text_open(&t, path);
    if (rc)
        return rc;
    ctome_fields fs = {0};
    double *m = NULL;
    size_t cap = 0, nr = 0, nc = 0;
    int first = 1;
    char delim = 0, *line;
    while (!rc && ctome_text_next(&t, &line)) {
        if (ctome_text_is_skippable(line))
            continue;
        if (!delim)
            delim = ctome_text_detect_delim(line);
        if ((rc = ctome_text_split(line, delim, &fs, path, t.line)))
            break;
        if (first) {
            first = 0;
            if (!all_numeric(&fs))
                continue;   /* the optional header */
        }
        if (nc == 0)
            nc = fs.n;
        else if (fs.n != nc) {
            rc = ctome_error(CTOME_EFORMAT, path, t.line, "row has %zu fields, expected %zu", fs.n, nc);
            break;
        }
        if ((rc = grow(&m, &cap, (nr + 1) * nc)))
            break;
        for (size_t j = 0; j < nc && !rc; j++) {
            if (is_nan_word(fs.f[j]))
                rc = ctome_error(CTOME_EVALUE, path, t.line, "NaN '%s' at row %zu, column %zu: a weight "
                                 "matrix must be complete", fs.f[j], nr + 1, j + 1);
            else
                rc = ctome_text_number(fs.f[j], "matrix entry", path, t.line, &m[nr * nc + j]);
        }
        nr++;
    }
    if (!rc)
        rc = t.rc;   /* a damaged gzip stream */
    ctome_fields_free(&fs);
    ctome_text_close(&t);
    if (!rc && (nr == 0 || nc == 0))
        rc = ctome_error(CTOME_EVALUE, path, 0, "empty matrix: no row of numbers");
    if (rc) {
        free(m);
        return rc;
    }
    *a = m;
    *rows = nr;
    *cols = nc;
    return CTOME_OK;
}
