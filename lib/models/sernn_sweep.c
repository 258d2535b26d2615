/* sernn_sweep.c — one sweep row per network, the TSV table and the
 * matched-accuracy statistics (see sernn_sweep.h). */
#include "sernn_sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "io.h"

#include <cblas.h>
#include <omp.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void nan_row(ctome_sernn_row *r)
{
    r->acc = r->acc_train = r->loss = r->regval = NAN;
    ctome_sernn_metrics *m = &r->m;
    m->q_weighted = m->q_binary = m->sigma = m->wl_corr = m->mean_length = NAN;
    m->strength = m->frac_strong = m->energy = m->mixed = m->func_clust = NAN;
    m->modules_weighted = m->modules_binary = m->active = 0;
}

int ctome_sernn_run_one(const ctome_sernn_train_opts *o, size_t n, const double *d,
                        const ctome_sernn_analyse_opts *ao, ctome_sernn_row *row)
{
    double t0 = now();
    memset(row, 0, sizeof *row);
    nan_row(row);
    row->reg = o->reg;
    row->gamma = o->gamma;
    row->seed = o->seed;
    ctome_rnn *net = NULL;
    ctome_trainer *tr = NULL;
    ctome_sernn_hook *hook = NULL;
    ctome_sernn_result res;
    memset(&res, 0, sizeof res);
    int rc = ctome_sernn_setup(o, n, d, &net, &tr, &hook);
    if (!rc)
        rc = ctome_sernn_train_run(tr, o, NULL, NULL, &res);
    if (!rc)
        rc = ctome_sernn_evaluate(net, &o->task, d, o->sigma_in, o->seed ^ 0x5e5e5e5eULL, &res);
    if (!rc) {
        row->steps = res.steps;
        row->acc = res.acc;
        row->acc_train = res.acc_train;
        row->loss = res.loss;
        row->regval = res.reg;
        row->m = res.m;   /* the functional half; the structural half is added below */
        int src;
#pragma omp critical(ctome_igraph)
        src = ctome_sernn_structure(net->W_eff, n, d, ao, o->seed, &row->m);
        rc = src;
    }
    ctome_trainer_free(tr);
    ctome_rnn_free(net);
    ctome_sernn_hook_free(hook);
    row->status = rc;
    row->seconds = now() - t0;
    return rc;
}

void ctome_sernn_run_many(const ctome_sernn_train_opts *opts, size_t total, size_t n, const double *d,
                          const ctome_sernn_analyse_opts *ao, int threads, const ctome_sernn_split *split,
                          ctome_sernn_row *rows)
{
    size_t rank = split && split->size > 1 ? (size_t)split->rank : 0;
    size_t size = split && split->size > 1 ? (size_t)split->size : 1;
    size_t mine = total > rank ? (total - rank + size - 1) / size : 0, done = 0;
    /* OpenBLAS's own threads would spin beside the OpenMP ones on these
     * small GEMMs (they were ~45 % of the CPU of `ctome reproduce
     * achterberg2023` when the networks ran one after another) */
    int old_blas = openblas_get_num_threads();
    openblas_set_num_threads(1);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads > 0 ? threads : omp_get_max_threads())
    for (size_t i = 0; i < total; i++) {
        if (i % size != rank)
            continue;
        ctome_sernn_train_opts t = opts[i];
        t.threads = 1;
        ctome_sernn_run_one(&t, n, d, ao, &rows[i]);
        if (split && split->progress) {
#pragma omp critical(ctome_sernn_progress)
            split->progress(++done, mine, split->user);
        }
    }
    openblas_set_num_threads(old_blas);
}

/* Columns: name, and whether it is a double measure reachable by name. */
static const char *const COLS[] = {"reg",         "gamma",       "seed",       "steps",
                                   "acc",         "acc_train",   "loss",       "regval",
                                   "q_weighted",  "q_binary",    "modules_weighted",
                                   "modules_binary", "sigma",    "wl_corr",    "mean_length",
                                   "strength",    "frac_strong", "energy",     "mixed",
                                   "func_clust",  "active",      "seconds",    "status"};
enum { NCOL = sizeof COLS / sizeof *COLS };

double ctome_sernn_row_value(const ctome_sernn_row *r, const char *f)
{
    const ctome_sernn_metrics *m = &r->m;
    if (!strcmp(f, "gamma")) return r->gamma;
    if (!strcmp(f, "acc")) return r->acc;
    if (!strcmp(f, "acc_train")) return r->acc_train;
    if (!strcmp(f, "loss")) return r->loss;
    if (!strcmp(f, "regval")) return r->regval;
    if (!strcmp(f, "q_weighted")) return m->q_weighted;
    if (!strcmp(f, "q_binary")) return m->q_binary;
    if (!strcmp(f, "modules_weighted")) return (double)m->modules_weighted;
    if (!strcmp(f, "modules_binary")) return (double)m->modules_binary;
    if (!strcmp(f, "sigma")) return m->sigma;
    if (!strcmp(f, "wl_corr")) return m->wl_corr;
    if (!strcmp(f, "mean_length")) return m->mean_length;
    if (!strcmp(f, "strength")) return m->strength;
    if (!strcmp(f, "frac_strong")) return m->frac_strong;
    if (!strcmp(f, "energy")) return m->energy;
    if (!strcmp(f, "mixed")) return m->mixed;
    if (!strcmp(f, "func_clust")) return m->func_clust;
    if (!strcmp(f, "active")) return (double)m->active;
    if (!strcmp(f, "seconds")) return r->seconds;
    return NAN;
}

int ctome_sernn_table_write(FILE *f, const ctome_sernn_row *rows, size_t n)
{
    for (int c = 0; c < NCOL; c++)
        fprintf(f, "%s%c", COLS[c], c + 1 < NCOL ? '\t' : '\n');
    for (size_t i = 0; i < n; i++) {
        const ctome_sernn_row *r = &rows[i];
        fprintf(f, "%s\t%.10g\t%llu\t%zu", ctome_sernn_reg_name(r->reg), r->gamma,
                (unsigned long long)r->seed, r->steps);
        for (int c = 4; c < NCOL - 1; c++)
            fprintf(f, "\t%.10g", ctome_sernn_row_value(r, COLS[c]));
        fprintf(f, "\t%d\n", r->status);
    }
    return ferror(f) ? ctome_error(CTOME_EIO, NULL, 0, "cannot write the sweep table") : CTOME_OK;
}

static int set_field(ctome_sernn_row *r, int c, const char *s, const char *path, long line)
{
    char *end;
    if (c == 0)
        return ctome_sernn_reg_parse(s, &r->reg) ? ctome_error(CTOME_EFORMAT, path, line,
                                                                "column reg: '%s' is not se, l1 or none", s)
                                                  : CTOME_OK;
    double v = strtod(s, &end);
    if (end == s || *end)
        return ctome_error(CTOME_EFORMAT, path, line, "column %s: '%s' is not a number", COLS[c], s);
    ctome_sernn_metrics *m = &r->m;
    const char *f = COLS[c];
    if (!strcmp(f, "gamma")) r->gamma = v;
    else if (!strcmp(f, "seed")) r->seed = (uint64_t)strtoull(s, NULL, 10);
    else if (!strcmp(f, "steps")) r->steps = (size_t)v;
    else if (!strcmp(f, "acc")) r->acc = v;
    else if (!strcmp(f, "acc_train")) r->acc_train = v;
    else if (!strcmp(f, "loss")) r->loss = v;
    else if (!strcmp(f, "regval")) r->regval = v;
    else if (!strcmp(f, "q_weighted")) m->q_weighted = v;
    else if (!strcmp(f, "q_binary")) m->q_binary = v;
    else if (!strcmp(f, "modules_weighted")) m->modules_weighted = (size_t)v;
    else if (!strcmp(f, "modules_binary")) m->modules_binary = (size_t)v;
    else if (!strcmp(f, "sigma")) m->sigma = v;
    else if (!strcmp(f, "wl_corr")) m->wl_corr = v;
    else if (!strcmp(f, "mean_length")) m->mean_length = v;
    else if (!strcmp(f, "strength")) m->strength = v;
    else if (!strcmp(f, "frac_strong")) m->frac_strong = v;
    else if (!strcmp(f, "energy")) m->energy = v;
    else if (!strcmp(f, "mixed")) m->mixed = v;
    else if (!strcmp(f, "func_clust")) m->func_clust = v;
    else if (!strcmp(f, "active")) m->active = (size_t)v;
    else if (!strcmp(f, "seconds")) r->seconds = v;
    else if (!strcmp(f, "status")) r->status = (int)v;
    return CTOME_OK;
}

int ctome_sernn_table_read(const char *path, ctome_sernn_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    char *buf;
    size_t len;
    int rc = ctome_file_read(path, &buf, &len);
    if (rc)
        return rc;
    int map[64];
    size_t cap = 0, cnt = 0;
    ctome_sernn_row *out = NULL;
    long line = 0;
    char *save = NULL;
    for (char *ln = strtok_r(buf, "\n", &save); ln && !rc; ln = strtok_r(NULL, "\n", &save)) {
        line++;
        char *fs = NULL, *tok;
        int c = 0;
        if (line == 1) {
            int seen[NCOL] = {0};
            for (tok = strtok_r(ln, "\t", &fs); tok && c < 64; tok = strtok_r(NULL, "\t", &fs), c++) {
                map[c] = -1;
                for (int k = 0; k < NCOL; k++)
                    if (!strcmp(tok, COLS[k])) {
                        map[c] = k;
                        seen[k] = 1;
                    }
            }
            for (int k = 0; k < NCOL && !rc; k++)
                if (!seen[k])
                    rc = ctome_error(CTOME_EFORMAT, path, 1, "not a seRNN sweep table: no column '%s'",
                                     COLS[k]);
            for (; c < 64; c++)
                map[c] = -1;
            continue;
        }
        if (cnt == cap) {
            cap = cap ? 2 * cap : 64;
            ctome_sernn_row *t = realloc(out, cap * sizeof *t);
            if (!t) {
                rc = ctome_error_nomem();
                break;
            }
            out = t;
        }
        ctome_sernn_row *r = &out[cnt];
        memset(r, 0, sizeof *r);
        nan_row(r);
        int got = 0;
        for (tok = strtok_r(ln, "\t", &fs); tok && c < 64 && !rc; tok = strtok_r(NULL, "\t", &fs), c++)
            if (map[c] >= 0) {
                rc = set_field(r, map[c], tok, path, line);
                got++;
            }
        if (!rc && got != NCOL)
            rc = ctome_error(CTOME_EFORMAT, path, line, "%d of %d columns", got, NCOL);
        cnt++;
    }
    if (!rc && line == 0)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "empty table");
    free(buf);
    if (rc) {
        free(out);
        return rc;
    }
    *rows = out;
    *n = cnt;
    return CTOME_OK;
}

int ctome_sernn_table_stat(const ctome_sernn_row *rows, size_t n, ctome_sernn_reg_kind reg,
                           double gamma, double acc_min, const char *field, double *mean,
                           double *sd, size_t *count)
{
    int known = 0;
    for (int k = 0; k < NCOL; k++)
        known |= !strcmp(field, COLS[k]);
    if (!known || !strcmp(field, "reg") || !strcmp(field, "status"))
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown measure '%s'", field);
    double s = 0, ss = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const ctome_sernn_row *r = &rows[i];
        if (r->status || r->reg != reg || (gamma >= 0 && fabs(r->gamma - gamma) > 1e-12 * fmax(1, gamma)))
            continue;
        if (!(r->acc >= acc_min))
            continue;
        double v = ctome_sernn_row_value(r, field);
        if (!isfinite(v))
            continue;
        s += v;
        ss += v * v;
        k++;
    }
    *count = k;
    *mean = k ? s / (double)k : NAN;
    *sd = k > 1 ? sqrt(fmax(0, (ss - s * s / (double)k) / (double)(k - 1))) : NAN;
    return CTOME_OK;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int ctome_sernn_table_gammas(const ctome_sernn_row *rows, size_t n, ctome_sernn_reg_kind reg,
                             double **g, size_t *ng)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return ctome_error_nomem();
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].reg == reg)
            v[k++] = rows[i].gamma;
    qsort(v, k, sizeof *v, cmp_dbl);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || v[i] != v[u - 1])
            v[u++] = v[i];
    *g = v;
    *ng = u;
    return CTOME_OK;
}
