/* rsa_io.c — conditions x channels tables for RSA (rsa.h). */
#include "rsa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "io.h"
#include "textutil.h"

void ctome_rsa_table_free(ctome_rsa_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->cond_names && i < t->n_cond; i++)
        free(t->cond_names[i]);
    for (size_t i = 0; t->ch_names && i < t->n_ch; i++)
        free(t->ch_names[i]);
    for (size_t i = 0; t->fold_names && i < t->n_fold; i++)
        free(t->fold_names[i]);
    free(t->cond_names);
    free(t->ch_names);
    free(t->fold_names);
    free(t->x);
    free(t->cond);
    free(t->fold);
    free(t->source);
    free(t);
}

void ctome_rsa_table_data(const ctome_rsa_table *t, ctome_rsa_data *d)
{
    *d = (ctome_rsa_data){.n_obs = t->n_obs, .n_ch = t->n_ch, .n_cond = t->n_cond,
                          .n_fold = t->n_fold, .x = t->x, .cond = t->cond, .fold = t->fold,
                          .source = t->source};
}

/* Index of name in the list, appending it if new; -1 on allocation failure. */
static int intern(char ***names, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*names)[i], name) == 0)
            return (int)i;
    char **nn = realloc(*names, (*n + 1) * sizeof *nn);
    if (!nn)
        return -1;
    *names = nn;
    if (!(nn[*n] = ctome_strdup(name)))
        return -1;
    return (int)(*n)++;
}

static int is_fold_header(const char *s)
{
    return strcasecmp(s, "fold") == 0 || strcasecmp(s, "run") == 0 || strcasecmp(s, "session") == 0;
}

int ctome_rsa_read_csv(const char *path, ctome_rsa_table **out)
{
    *out = NULL;
    ctome_text tx;
    int rc = ctome_text_open(&tx, path);
    if (rc)
        return rc;
    ctome_rsa_table *t = calloc(1, sizeof *t);
    ctome_fields fs = {0};
    size_t cap = 0;
    char *line;
    char delim = 0;
    int has_fold = 0;
    if (!t || !(t->source = ctome_strdup(path))) {
        rc = ctome_error_nomem();
        goto fail;
    }
    while (ctome_text_next(&tx, &line)) {
        if (ctome_text_is_skippable(line))
            continue;
        if (!delim) {   /* the header */
            delim = ctome_text_detect_delim(line);
            if ((rc = ctome_text_split(line, delim, &fs, path, tx.line)))
                goto fail;
            has_fold = fs.n >= 2 && is_fold_header(fs.f[1]);
            size_t first = has_fold ? 2 : 1;
            if (fs.n <= first) {
                rc = ctome_error(CTOME_EFORMAT, path, tx.line,
                                 "no channel column: the header needs condition%s,<channel>...",
                                 has_fold ? ",fold" : "");
                goto fail;
            }
            t->n_ch = fs.n - first;
            if (!(t->ch_names = calloc(t->n_ch, sizeof *t->ch_names))) {
                rc = ctome_error_nomem();
                goto fail;
            }
            for (size_t c = 0; c < t->n_ch; c++)
                if (!(t->ch_names[c] = ctome_strdup(fs.f[first + c]))) {
                    rc = ctome_error_nomem();
                    goto fail;
                }
            continue;
        }
        if ((rc = ctome_text_split(line, delim, &fs, path, tx.line)))
            goto fail;
        size_t first = has_fold ? 2 : 1;
        if (fs.n != first + t->n_ch) {
            rc = ctome_error(CTOME_EFORMAT, path, tx.line, "row has %zu fields, the header %zu",
                             fs.n, first + t->n_ch);
            goto fail;
        }
        if (!*fs.f[0]) {
            rc = ctome_error(CTOME_EFORMAT, path, tx.line, "empty condition name");
            goto fail;
        }
        if (t->n_obs == cap) {
            size_t nc = cap ? 2 * cap : 64;
            double *nx = realloc(t->x, nc * t->n_ch * sizeof *nx);
            if (nx)
                t->x = nx;
            int *ncd = realloc(t->cond, nc * sizeof *ncd);
            if (ncd)
                t->cond = ncd;
            int *nf = has_fold ? realloc(t->fold, nc * sizeof *nf) : NULL;
            if (nf)
                t->fold = nf;
            if (!nx || !ncd || (has_fold && !nf)) {
                rc = ctome_error_nomem();
                goto fail;
            }
            cap = nc;
        }
        int ci = intern(&t->cond_names, &t->n_cond, fs.f[0]);
        int fi = has_fold ? intern(&t->fold_names, &t->n_fold, fs.f[1]) : 0;
        if (ci < 0 || fi < 0) {
            rc = ctome_error_nomem();
            goto fail;
        }
        t->cond[t->n_obs] = ci;
        if (has_fold)
            t->fold[t->n_obs] = fi;
        for (size_t c = 0; c < t->n_ch; c++) {
            const char *f = fs.f[first + c];
            double v;
            if (strcasecmp(f, "nan") == 0 || strcasecmp(f, "na") == 0 || !*f ||
                strcasecmp(f, "inf") == 0 || strcasecmp(f, "-inf") == 0) {
                rc = ctome_error(CTOME_EVALUE, path, tx.line,
                                 "missing or infinite value '%s' in channel '%s' of condition '%s' "
                                 "(RSA needs complete patterns)", f, t->ch_names[c], fs.f[0]);
                goto fail;
            }
            if ((rc = ctome_text_number(f, "value", path, tx.line, &v)))
                goto fail;
            t->x[t->n_obs * t->n_ch + c] = v;
        }
        t->n_obs++;
    }
    if ((rc = tx.rc))   /* a damaged gzip stream */
        goto fail;
    if (!t->n_obs) {
        rc = ctome_error(CTOME_EFORMAT, path, 0, "no data row");
        goto fail;
    }
    ctome_fields_free(&fs);
    ctome_text_close(&tx);
    *out = t;
    return CTOME_OK;
fail:
    ctome_fields_free(&fs);
    ctome_text_close(&tx);
    ctome_rsa_table_free(t);
    return rc;
}

int ctome_rsa_table_rdm(const ctome_rsa_table *t, double *rdm)
{
    size_t n = t->n_cond;
    if (t->fold || t->n_obs != n || t->n_ch != n || n < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (t->cond[i] != (int)i || strcmp(t->ch_names[i], t->cond_names[i]) != 0)
            return 0;
    for (size_t i = 0; i < n; i++) {
        if (t->x[i * n + i] != 0)
            return 0;
        for (size_t j = i + 1; j < n; j++) {
            double a = t->x[i * n + j], b = t->x[j * n + i];
            if (fabs(a - b) > 1e-9 * fmax(fabs(a), fabs(b)))
                return 0;
        }
    }
    if (rdm) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                rdm[k++] = t->x[i * n + j];
    }
    return 1;
}

int ctome_rsa_table_from_traces(const char *source, size_t nn, size_t nt, const double *traces,
                                const char *const *labels, size_t nb, size_t nf,
                                ctome_rsa_table **out)
{
    *out = NULL;
    if (!traces || nn == 0)
        return ctome_error(CTOME_EVALUE, source, 0, "no neuron");
    if (nb < 2 || nf < 1)
        return ctome_error(CTOME_EVALUE, source, 0,
                           "need at least 2 time windows and 1 fold, got %zu and %zu", nb, nf);
    if (nt < nb * nf)
        return ctome_error(CTOME_EVALUE, source, 0,
                           "%zu samples cannot fill %zu windows x %zu folds", nt, nb, nf);
    ctome_rsa_table *t = calloc(1, sizeof *t);
    int rc = CTOME_OK;
    char buf[32];
    if (!t) 
        return ctome_error_nomem();
    t->n_obs = nb * nf;
    t->n_ch = nn;
    t->n_cond = nb;
    t->n_fold = nf;
    t->x = malloc(t->n_obs * nn * sizeof *t->x);
    t->cond = malloc(t->n_obs * sizeof *t->cond);
    t->fold = malloc(t->n_obs * sizeof *t->fold);
    t->cond_names = calloc(nb, sizeof *t->cond_names);
    t->ch_names = calloc(nn, sizeof *t->ch_names);
    t->fold_names = calloc(nf, sizeof *t->fold_names);
    t->source = ctome_strdup(source ? source : "recording");
    if (!t->x || !t->cond || !t->fold || !t->cond_names || !t->ch_names || !t->fold_names ||
        !t->source) {
        rc = ctome_error_nomem();
        goto fail;
    }
    for (size_t b = 0; b < nb && !rc; b++) {
        snprintf(buf, sizeof buf, "w%02zu", b + 1);
        if (!(t->cond_names[b] = ctome_strdup(buf)))
            rc = ctome_error_nomem();
    }
    for (size_t f = 0; f < nf && !rc; f++) {
        snprintf(buf, sizeof buf, "%zu", f + 1);
        if (!(t->fold_names[f] = ctome_strdup(buf)))
            rc = ctome_error_nomem();
    }
    for (size_t i = 0; i < nn && !rc; i++) {
        const char *l = labels && labels[i] && *labels[i] ? labels[i] : NULL;
        if (!l)
            snprintf(buf, sizeof buf, "roi%zu", i + 1);
        if (!(t->ch_names[i] = ctome_strdup(l ? l : buf)))
            rc = ctome_error_nomem();
    }
    for (size_t b = 0; b < nb && !rc; b++) {
        size_t s0 = b * nt / nb, s1 = (b + 1) * nt / nb, len = s1 - s0;
        for (size_t f = 0; f < nf && !rc; f++) {
            size_t a = s0 + f * len / nf, e = s0 + (f + 1) * len / nf, k = b * nf + f;
            t->cond[k] = (int)b;
            t->fold[k] = (int)f;
            for (size_t i = 0; i < nn; i++) {
                double s = 0;
                size_t c = 0;
                for (size_t q = a; q < e; q++) {
                    double v = traces[i * nt + q];
                    if (isfinite(v)) {
                        s += v;
                        c++;
                    }
                }
                if (!c) {
                    rc = ctome_error(CTOME_EVALUE, source, 0,
                                     "neuron '%s' has no finite sample in window %zu, part %zu "
                                     "(samples %zu-%zu)", t->ch_names[i], b + 1, f + 1, a + 1, e);
                    break;
                }
                t->x[k * nn + i] = s / (double)c;
            }
        }
    }
    if (rc)
        goto fail;
    *out = t;
    return CTOME_OK;
fail:
    ctome_rsa_table_free(t);
    return rc;
}
