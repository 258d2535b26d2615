/* rec_csv.c — a generic recording table (docs/recordings.md):
 *
 *   time,AVAL,AVAR,,RIML        header: time column name, then one neuron per column
 *   0.0,0.12,-0.3,1.1,0.5       (an empty header cell = an unlabelled ROI)
 *   0.6,0.15,NA,1.0,0.4         empty, NA, NaN (any case) = missing sample
 *
 * Delimiter: tab, comma or semicolon, detected on the header line; '#'
 * lines and blank lines are skipped; time in seconds.  Every data line must
 * have as many cells as the header (the error names the line).  O(file size).
 */
#include "recordings_io.h"
#include "rec_internal.h"
#include "textutil.h"
#include "error.h"
#include "io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_missing(const char *s)
{
    return !s[0] || strcasecmp(s, "NA") == 0 || strcasecmp(s, "NaN") == 0 || strcasecmp(s, "N/A") == 0;
}

typedef struct {
    double *t, *v;      /* rows; rows x n, row-major */
    size_t rows, cap, n;
} table;

static int table_grow(table *tb)
{
    if (tb->rows < tb->cap)
        return CTOME_OK;
    size_t cap = tb->cap ? 2 * tb->cap : 256;
    double *t = realloc(tb->t, cap * sizeof *t);
    if (!t)
        return ctome_error_nomem();
    tb->t = t;
    double *v = realloc(tb->v, cap * tb->n * sizeof *v);
    if (!v)
        return ctome_error_nomem();
    tb->v = v;
    tb->cap = cap;
    return CTOME_OK;
}

static int read_rows(ctome_text *tx, char delim, size_t ncol, const char *path, table *tb)
{
    ctome_fields fs = {0};
    char *line;
    int rc = CTOME_OK;
    while (!rc && ctome_text_next(tx, &line)) {
        if (ctome_text_is_skippable(line))
            continue;
        if ((rc = ctome_text_split(line, delim, &fs, path, tx->line)))
            break;
        if (fs.n != ncol) {
            rc = ctome_error(CTOME_EFORMAT, path, tx->line, "mismatched trace lengths: %zu cells, the header has %zu",
                             fs.n, ncol);
            break;
        }
        if ((rc = table_grow(tb)))
            break;
        double *row = tb->v + tb->rows * tb->n;
        if ((rc = ctome_text_number(fs.f[0], "time", path, tx->line, &tb->t[tb->rows])))
            break;
        for (size_t j = 1; j < ncol && !rc; j++) {
            if (is_missing(fs.f[j]))
                row[j - 1] = NAN;
            else
                rc = ctome_text_number(fs.f[j], "value", path, tx->line, &row[j - 1]);
        }
        if (!rc)
            tb->rows++;
    }
    if (!rc)
        rc = tx->rc;   /* a damaged gzip stream */
    ctome_fields_free(&fs);
    return rc;
}

static int build(const char *path, char **names, const table *tb, const ctome_registry *reg, ctome_recording **out)
{
    char sha[65];
    int rc = ctome_sha256_file(path, sha);
    if (rc)
        return rc;
    char *id = rec_file_stem(path);
    if (!id)
        return ctome_error_nomem();
    ctome_recording *r = NULL;
    rc = ctome_recording_new(id, tb->n, tb->rows, &r);
    free(id);
    if (rc)
        return rc;
    for (size_t t = 0; t < tb->rows; t++) {
        r->time[t] = tb->t[t];
        for (size_t i = 0; i < tb->n; i++)
            r->traces[i * tb->rows + t] = tb->v[t * tb->n + i];
    }
    for (size_t i = 0; i < tb->n && !rc; i++)
        if ((rc = ctome_recording_set_label(r, i, names[i], reg)))
            rc = ctome_error(rc, path, 1, "column %zu: bad neuron name '%s'", i + 2, names[i]);
    if (!rc) {
        size_t dups = rec_unlabel_duplicates(r);
        json_t *x = json_pack("{s:I}", "duplicate_names_unlabelled", (json_int_t)dups);
        rc = x ? rec_finish(r, path, sha, ctome_rec_format_name(CTOME_REC_CSV), x) : ctome_error_nomem();
    }
    if (rc) {
        ctome_recording_free(r);
        return rc;
    }
    *out = r;
    return CTOME_OK;
}

int ctome_read_rec_csv(const char *path, const ctome_registry *reg, ctome_recordings *out)
{
    ctome_text tx;
    int rc = ctome_text_open(&tx, path);
    if (rc)
        return rc;
    char *line = NULL;
    int have = 0;
    while ((have = ctome_text_next(&tx, &line)) && ctome_text_is_skippable(line))
        ;
    if (!have) {
        ctome_text_close(&tx);
        return ctome_error(CTOME_EFORMAT, path, 0, "no header line");
    }
    char delim = ctome_text_detect_delim(line);
    if (delim == ' ') {
        /* The message quotes the line, which lives in tx's buffer: close after. */
        rc = ctome_error(CTOME_EFORMAT, path, tx.line, "header has no tab, comma or semicolon: '%.60s'", line);
        ctome_text_close(&tx);
        return rc;
    }
    long hline = tx.line;
    ctome_fields hdr = {0};
    table tb = {0};
    ctome_recording *r = NULL;
    /* The stream reuses its buffer for later lines: split a copy of the
     * header, whose names are needed after the data rows. */
    char *hcopy = ctome_strdup(line);
    rc = hcopy ? ctome_text_split(hcopy, delim, &hdr, path, hline) : CTOME_ENOMEM;
    if (!rc && hdr.n < 2)
        rc = ctome_error(CTOME_EFORMAT, path, hline, "header needs a time column and at least one neuron column");
    if (!rc) {
        tb.n = hdr.n - 1;
        rc = read_rows(&tx, delim, hdr.n, path, &tb);
    }
    if (!rc && tb.rows == 0)
        rc = ctome_error(CTOME_EFORMAT, path, hline, "no data lines after the header");
    if (!rc)
        rc = build(path, hdr.f + 1, &tb, reg, &r);
    if (!rc)
        rc = ctome_recordings_push(out, r);
    ctome_fields_free(&hdr);
    free(hcopy);
    free(tb.t);
    free(tb.v);
    ctome_text_close(&tx);
    return rc;
}
