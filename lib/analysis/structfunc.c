/* structfunc.c — structure-function tests (definitions in structfunc.h). */
#include "structfunc.h"
#include "compare.h"

#include "activity.h"
#include "communicability.h"
#include "datasets.h"
#include "error.h"
#include "sizecheck.h"
#include "graph.h"
#include "io.h"
#include "rsa.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UZEL_FC_FILE "activity/uzel2022_functional_connectivity/Matrices_FC.mat"
#define UZEL_ORDER_FILE "connectome/uzel2022_varshney279/Order279.mat"
#define UZEL_FC_ID "uzel2022-fc"

/* ---------------------------------------------------------------- ranks */

typedef struct {
    double v;
    size_t i;
} vi;

static int cmp_vi(const void *a, const void *b)
{
    const vi *x = a, *y = b;
    if (x->v < y->v)
        return -1;
    if (x->v > y->v)
        return 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Average ranks (1-based, scipy rankdata 'average'), centred: r - (n+1)/2.
 * Returns the sum of squares of the centred ranks.  `buf` holds n entries. */
static double centred_ranks(size_t n, const double *x, double *r, vi *buf)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (vi){x[i], i};
    qsort(buf, n, sizeof *buf, cmp_vi);
    double mid = (double)(n + 1) / 2.0, ss = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && buf[b].v == buf[a].v)
            b++;
        double rank = (double)(a + 1 + b) / 2.0 - mid;   /* mean of ranks a+1 .. b */
        for (size_t k = a; k < b; k++) {
            r[buf[k].i] = rank;
            ss += rank * rank;
        }
        a = b;
    }
    return ss;
}

static double dot(size_t n, const double *a, const double *b)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

int ctome_structfunc_spearman(size_t n, const double *x, const double *y, double *rho)
{
    if (n < 2 || !x || !y || !rho)
        return ctome_error(CTOME_EINVAL, NULL, 0, "Spearman needs at least 2 values");
    return ctome_spearman(x, y, n, rho);
}

/* ------------------------------------------------------- functional sources */

static int fmatrix_new(const char *id, size_t n, ctome_fmatrix **out)
{
    ctome_fmatrix *f = calloc(1, sizeof *f);
    if (!f)
        return ctome_error_nomem();
    f->n = n;
    f->id = ctome_strdup(id ? id : "");
    f->names = calloc(n ? n : 1, sizeof *f->names);
    f->m = malloc((n ? n * n : 1) * sizeof *f->m);
    if (!f->id || !f->names || !f->m) {
        ctome_fmatrix_free(f);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < n * n; i++)
        f->m[i] = NAN;
    *out = f;
    return CTOME_OK;
}

int ctome_recording_correlation(const ctome_recording *rec, ctome_fmatrix **out)
{
    if (!rec || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no recording");
    *out = NULL;
    size_t n = 0, T = rec->n_time;
    for (size_t i = 0; i < rec->n_neurons; i++)
        n += rec->labels[i] && rec->labels[i][0];
    if (n == 0)
        return ctome_error(CTOME_EVALUE, rec->source_file, 0,
                           "recording '%s' has no labelled neuron: a correlation matrix over named "
                           "neurons is empty", rec->id);
    ctome_fmatrix *f;
    int rc = fmatrix_new(rec->id, n, &f);
    size_t *row = rc ? NULL : malloc(n * sizeof *row);
    if (!rc && !row)
        rc = ctome_error_nomem();
    for (size_t i = 0, k = 0; !rc && i < rec->n_neurons; i++)
        if (rec->labels[i] && rec->labels[i][0]) {
            row[k] = i;
            if (!(f->names[k++] = ctome_strdup(rec->labels[i])))
                rc = ctome_error_nomem();
        }
    for (size_t a = 0; !rc && a < n; a++) {
        f->m[a * n + a] = 1.0;
        const double *x = rec->traces + row[a] * T;
        for (size_t b = a + 1; b < n; b++) {
            const double *y = rec->traces + row[b] * T;
            /* two passes (means, then centred sums) over the pairwise
             * complete samples: numerically safe for z-scored or raw traces */
            double mx = 0, my = 0;
            size_t c = 0;
            for (size_t t = 0; t < T; t++)
                if (isfinite(x[t]) && isfinite(y[t])) {
                    mx += x[t];
                    my += y[t];
                    c++;
                }
            double r = NAN;
            if (c >= 3) {
                mx /= (double)c;
                my /= (double)c;
                double sxy = 0, sxx = 0, syy = 0;
                for (size_t t = 0; t < T; t++)
                    if (isfinite(x[t]) && isfinite(y[t])) {
                        double dx = x[t] - mx, dy = y[t] - my;
                        sxy += dx * dy;
                        sxx += dx * dx;
                        syy += dy * dy;
                    }
                if (sxx > 0 && syy > 0)
                    r = sxy / sqrt(sxx * syy);
            }
            f->m[a * n + b] = f->m[b * n + a] = r;
        }
    }
    free(row);
    if (rc)
        ctome_fmatrix_free(f);
    else
        *out = f;
    return rc;
}

const char *ctome_sf_absent_name(int absent_as_nan)
{
    return absent_as_nan == CTOME_SF_ABSENT_NAN ? "nan" : absent_as_nan == CTOME_SF_ABSENT_ZERO ? "zero" : NULL;
}

int ctome_sf_absent_parse(const char *s, int *absent_as_nan)
{
    if (s && !strcmp(s, "nan"))
        *absent_as_nan = CTOME_SF_ABSENT_NAN;
    else if (s && !strcmp(s, "zero"))
        *absent_as_nan = CTOME_SF_ABSENT_ZERO;
    else
        return -1;
    return 0;
}

int ctome_structfunc_layer_fmatrix(const ctome_connectome *c, const char *layer, int absent_as_nan,
                                   ctome_fmatrix **out)
{
    if (!c || !layer || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no connectome or layer");
    *out = NULL;
    const ctome_layer *l = ctome_connectome_get_layer(c, layer);
    if (!l)
        return ctome_error(CTOME_ENOTFOUND, c->id, 0, "no layer '%s'", layer);
    /* rows: neurons with a non-zero entry (either end), node order */
    int *pos = malloc((c->n_nodes ? c->n_nodes : 1) * sizeof *pos);
    if (!pos)
        return ctome_error_nomem();
    for (size_t i = 0; i < c->n_nodes; i++)
        pos[i] = -1;
    for (size_t e = 0; e < l->n; e++) {
        const ctome_edge *ed = &l->e[e];
        if (ed->src != ed->dst && c->nodes[ed->src].kind == CTOME_CELL_NEURON &&
            c->nodes[ed->dst].kind == CTOME_CELL_NEURON)
            pos[ed->src] = pos[ed->dst] = 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < c->n_nodes; i++)
        if (pos[i] == 0)
            pos[i] = (int)n++;
    if (n < 2) {
        free(pos);
        return ctome_error(CTOME_EVALUE, c->id, 0, "layer '%s' has no edge between neurons", layer);
    }
    char id[256];
    snprintf(id, sizeof id, "%s", c->id ? c->id : layer);
    ctome_fmatrix *f;
    int rc = fmatrix_new(id, n, &f);
    for (size_t i = 0; !rc && i < c->n_nodes; i++)
        if (pos[i] >= 0 && !(f->names[pos[i]] = ctome_strdup(c->nodes[i].name)))
            rc = ctome_error_nomem();
    if (!rc) {
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++)
                f->m[a * n + b] = a == b || absent_as_nan ? NAN : 0.0;
        for (size_t e = 0; e < l->n; e++) {
            const ctome_edge *ed = &l->e[e];
            int a = pos[ed->src], b = pos[ed->dst];
            if (a < 0 || b < 0 || a == b)
                continue;
            f->m[(size_t)a * n + (size_t)b] = ed->w;
            if (!l->directed)
                f->m[(size_t)b * n + (size_t)a] = ed->w;
        }
    }
    free(pos);
    if (rc)
        ctome_fmatrix_free(f);
    else
        *out = f;
    return rc;
}

static int is_recording_id(const char *s)
{
    for (const char *const *id = ctome_recording_dataset_ids(); *id; id++)
        if (strcmp(*id, s) == 0)
            return 1;
    return 0;
}

static int unknown_source(const char *spec)
{
    return ctome_error(CTOME_ENOTFOUND, NULL, 0,
                       "unknown functional source '%s' (randi2023-funconn, uzel2022-fc[:1-9], "
                       "atanas2023-sample, scholz2018-gfp, or a recording file)", spec);
}

static int uzel_fc(const char *spec, const char *datadir, ctome_fmatrix **out)
{
    long which = 1;
    const char *rest = spec + strlen(UZEL_FC_ID);
    if (*rest == ':') {
        char *end;
        which = strtol(rest + 1, &end, 10);
        if (end == rest + 1 || *end || which < 1 || which > 9)
            return ctome_error(CTOME_EINVAL, NULL, 0, "'%s': the Uzel matrix number must be 1..9", spec);
    } else if (*rest) {
        return unknown_source(spec);
    }
    char *fc = ctome_path_join(datadir, UZEL_FC_FILE), *order = ctome_path_join(datadir, UZEL_ORDER_FILE);
    int rc = fc && order ? ctome_read_uzel_fc(fc, order, (int)which, out) : ctome_error_nomem();
    free(fc);
    free(order);
    if (!rc) {
        char id[32];
        snprintf(id, sizeof id, UZEL_FC_ID ":%ld", which);
        char *s = ctome_strdup(id);
        if (!s) {
            ctome_fmatrix_free(*out);
            *out = NULL;
            return ctome_error_nomem();
        }
        free((*out)->id);
        (*out)->id = s;
    }
    return rc;
}

static int recording_fc(const char *spec, const char *datadir, const ctome_registry *reg,
                        ctome_fmatrix **out)
{
    ctome_recordings list = {0};
    const ctome_recording *r = NULL;
    int rc = ctome_recordings_load(datadir, spec, reg, &list);
    if (!rc)
        rc = ctome_recordings_single(&list, spec, &r);
    if (!rc)
        rc = ctome_recording_correlation(r, out);
    ctome_recordings_free(&list);
    return rc;
}

int ctome_structfunc_functional(const char *spec, const char *datadir, const ctome_registry *reg,
                                int absent_as_nan, ctome_fmatrix **out)
{
    if (!spec || !*spec || !datadir || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no functional source");
    *out = NULL;
    if (strncmp(spec, UZEL_FC_ID, strlen(UZEL_FC_ID)) == 0)
        return uzel_fc(spec, datadir, out);
    if (ctome_dataset_find(spec)) {
        ctome_connectome *c;
        int rc = ctome_dataset_load(spec, datadir, reg, &c);
        if (rc)
            return rc;
        if (!ctome_connectome_get_layer(c, "functional"))
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "dataset '%s' has no functional layer (a functional "
                                                    "source must be a functional atlas)", spec);
        else
            rc = ctome_structfunc_layer_fmatrix(c, "functional", absent_as_nan, out);
        ctome_connectome_free(c);
        return rc;
    }
    if (is_recording_id(spec))
        return recording_fc(spec, datadir, reg, out);
    char *file = ctome_recording_source_file(spec);
    FILE *fp = file ? fopen(file, "rb") : NULL;
    free(file);
    if (!fp)
        return unknown_source(spec);
    fclose(fp);
    return recording_fc(spec, datadir, reg, out);
}

/* ----------------------------------------------------------- the tests */

const char *ctome_sf_rdm_name(ctome_sf_rdm r)
{
    return r == CTOME_SF_RDM_PATH ? "path-length" : "communicability";
}

void ctome_structfunc_opts_default(ctome_structfunc_opts *o)
{
    memset(o, 0, sizeof *o);
    o->n_nulls = 1000;
    o->seed = 1;
    o->model = CTOME_NULL_MASLOV_SNEPPEN;
    o->rdm = CTOME_SF_RDM_COMMUNICABILITY;
}

void ctome_structfunc_clear(ctome_structfunc *s)
{
    if (!s)
        return;
    free(s->layer);
    free(s->functional);
    if (s->shared)
        for (size_t i = 0; i < s->n_shared; i++)
            free(s->shared[i]);
    free(s->shared);
    free(s->structural);
    free(s->func);
    memset(s, 0, sizeof *s);
}

/* What every null needs: the pair list over shared indices and the centred
 * functional ranks, plus per-thread scratch. */
typedef struct {
    size_t k;                 /* shared neurons */
    const int *map;           /* graph vertex -> shared index or -1 */
    size_t n_pairs;
    const int32_t *pa, *pb;   /* shared indices of each pair */
    int sum_both;             /* structural = S_ab + S_ba (symmetric F, directed layer) */
    const double *ry;         /* centred functional ranks */
    double sy;                /* their sum of squares */
    double **dense;           /* per thread: k x k */
    double **x, **rx;         /* per thread: n_pairs */
    vi **buf;                 /* per thread: n_pairs */
} sf_ctx;

/* Structural values of the pairs from an edge list into x. */
static void pair_values(const sf_ctx *s, double *S, const int32_t *src, const int32_t *dst,
                        const double *w, size_t m, int directed, double *x)
{
    size_t k = s->k;
    memset(S, 0, k * k * sizeof *S);
    for (size_t e = 0; e < m; e++) {
        int a = s->map[src[e]], b = s->map[dst[e]];
        if (a < 0 || b < 0 || a == b)
            continue;
        if (directed) {
            S[(size_t)a * k + (size_t)b] += w[e];
        } else {
            S[(size_t)a * k + (size_t)b] = w[e];
            S[(size_t)b * k + (size_t)a] = w[e];
        }
    }
    for (size_t p = 0; p < s->n_pairs; p++) {
        size_t a = (size_t)s->pa[p], b = (size_t)s->pb[p];
        x[p] = S[a * k + b] + (s->sum_both ? S[b * k + a] : 0.0);
    }
}

static double rho_of(const sf_ctx *s, int t, const double *x)
{
    double sx = centred_ranks(s->n_pairs, x, s->rx[t], s->buf[t]);
    return sx > 0 && s->sy > 0 ? dot(s->n_pairs, s->rx[t], s->ry) / sqrt(sx * s->sy) : NAN;
}

static int null_rho(const ctome_null_view *v, void *user, double *res)
{
    const sf_ctx *s = user;
    pair_values(s, s->dense[v->thread], v->src, v->dst, v->w, v->m, v->directed, s->x[v->thread]);
    double r = rho_of(s, v->thread, s->x[v->thread]);
    res[0] = isfinite(r) ? r : 0.0;
    return CTOME_OK;
}

/* Hop counts on the undirected view from every shared vertex (BFS). */
static int path_rdm(const ctome_graph *g, const int *vert, size_t k, double *d)
{
    int *dist = malloc(g->n * sizeof *dist);
    int32_t *queue = malloc(g->n * sizeof *queue);
    if (!dist || !queue) {
        free(dist);
        free(queue);
        return ctome_error_nomem();
    }
    double longest = 0;
    for (size_t a = 0; a < k; a++) {
        for (size_t i = 0; i < g->n; i++)
            dist[i] = -1;
        size_t head = 0, tail = 0;
        dist[vert[a]] = 0;
        queue[tail++] = vert[a];
        while (head < tail) {
            int32_t u = queue[head++];
            for (size_t e = g->und_ptr[u]; e < g->und_ptr[u + 1]; e++) {
                int32_t v = g->und_idx[e];
                if (dist[v] < 0) {
                    dist[v] = dist[u] + 1;
                    queue[tail++] = v;
                }
            }
        }
        for (size_t b = a + 1; b < k; b++) {
            double h = dist[vert[b]] < 0 ? -1.0 : (double)dist[vert[b]];
            d[ctome_rdm_index(k, a, b)] = h;
            if (h > longest)
                longest = h;
        }
    }
    for (size_t i = 0; i < ctome_rdm_len(k); i++)
        if (d[i] < 0)
            d[i] = longest + 1;
    free(dist);
    free(queue);
    return CTOME_OK;
}

/* Connected component of every vertex in the undirected view. */
static int components(const ctome_graph *g, int *comp)
{
    int32_t *queue = malloc(g->n * sizeof *queue);
    if (!queue)
        return ctome_error_nomem();
    for (size_t i = 0; i < g->n; i++)
        comp[i] = -1;
    int nc = 0;
    for (size_t r = 0; r < g->n; r++) {
        if (comp[r] >= 0)
            continue;
        size_t head = 0, tail = 0;
        comp[r] = nc;
        queue[tail++] = (int32_t)r;
        while (head < tail) {
            int32_t u = queue[head++];
            for (size_t e = g->und_ptr[u]; e < g->und_ptr[u + 1]; e++)
                if (comp[g->und_idx[e]] < 0) {
                    comp[g->und_idx[e]] = nc;
                    queue[tail++] = g->und_idx[e];
                }
        }
        nc++;
    }
    free(queue);
    return CTOME_OK;
}

static int comm_rdm(const ctome_graph *g, const int *vert, size_t k, double *d)
{
    double *G = NULL;
    int *comp = malloc(g->n * sizeof *comp);
    int rc = comp ? components(g, comp) : ctome_error_nomem();
    if (!rc)
        rc = ctome_communicability(g, 1, &G);
    if (rc) {
        free(comp);
        return rc;
    }
    double top = 0;
    for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++) {
            size_t u = (size_t)vert[a], v = (size_t)vert[b];
            /* no walk joins two components: exactly 0, not the ~1e-17
             * round-off of the eigendecomposition (which would break the
             * ties the rank comparison relies on) */
            double s = comp[u] != comp[v] ? 0.0 : (G[u * g->n + v] + G[v * g->n + u]) / 2.0;
            d[ctome_rdm_index(k, a, b)] = s;
            if (s > top)
                top = s;
        }
    free(G);
    free(comp);
    for (size_t i = 0; i < ctome_rdm_len(k); i++)
        d[i] = top > 0 ? 1.0 - d[i] / top : 1.0;
    return CTOME_OK;
}

/* The RDM comparison over the shared neurons (see structfunc.h). */
static int rdm_compare(const ctome_graph *g, const int *vert, const size_t *frow, const ctome_fmatrix *f,
                       size_t k, const ctome_structfunc_opts *o, ctome_structfunc *out)
{
    size_t len = ctome_rdm_len(k);
    double *ds = malloc(len * sizeof *ds), *df = malloc(len * sizeof *df);
    double *xs = malloc(len * sizeof *xs), *xf = malloc(len * sizeof *xf);
    int rc = ds && df && xs && xf ? CTOME_OK : ctome_error_nomem();
    if (!rc)
        rc = o->rdm == CTOME_SF_RDM_PATH ? path_rdm(g, vert, k, ds) : comm_rdm(g, vert, k, ds);
    size_t nf = 0;
    for (size_t a = 0; !rc && a < k; a++)
        for (size_t b = a + 1; b < k; b++) {
            double u = f->m[frow[a] * f->n + frow[b]], v = f->m[frow[b] * f->n + frow[a]];
            double s = isnan(u) ? v : isnan(v) ? u : (u + v) / 2.0;
            size_t i = ctome_rdm_index(k, a, b);
            df[i] = 1.0 - s;
            if (isfinite(df[i])) {
                xs[nf] = ds[i];
                xf[nf++] = df[i];
            }
        }
    out->rdm = o->rdm;
    out->rdm_pairs = nf;
    out->rdm_rho = out->rdm_p = NAN;
    if (!rc && nf == len) {
        size_t n_ge;
        rc = ctome_rsa_perm_test_dist(k, ds, df, CTOME_RSA_SPEARMAN, o->n_nulls, o->seed, o->threads, o->dist,
                                      &out->rdm_rho, &out->rdm_p, &n_ge);
        if (rc == CTOME_EVALUE) {   /* a constant RDM: the comparison is undefined, not an error */
            ctome_error_clear();
            rc = CTOME_OK;
            out->rdm_rho = out->rdm_p = NAN;
        }
    } else if (!rc && nf >= 3) {
        rc = ctome_structfunc_spearman(nf, xs, xf, &out->rdm_rho);
    }
    free(ds);
    free(df);
    free(xs);
    free(xf);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_symmetric(const ctome_fmatrix *f)
{
    for (size_t i = 0; i < f->n; i++)
        for (size_t j = i + 1; j < f->n; j++) {
            double a = f->m[i * f->n + j], b = f->m[j * f->n + i];
            if (isnan(a) != isnan(b) || (!isnan(a) && fabs(a - b) > 1e-12 * fmax(1.0, fabs(a))))
                return 0;
        }
    return 1;
}

int ctome_structfunc_compute(const ctome_connectome *c, const char *layer, const ctome_fmatrix *f,
                             const ctome_structfunc_opts *o, ctome_structfunc *out)
{
    if (!c || !layer || !f || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no connectome, layer or functional matrix");
    memset(out, 0, sizeof *out);
    ctome_structfunc_opts def;
    if (!o) {
        ctome_structfunc_opts_default(&def);
        o = &def;
    }
    if (o->n_nulls == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "at least 1 null is needed for the p-value");
    char what_for[64];
    snprintf(what_for, sizeof what_for, "%zu nulls", (size_t)o->n_nulls);
    int src = ctome_size_check((double)o->n_nulls, sizeof(double), what_for, "null correlations",
                               "ask for fewer nulls (--nulls)", NULL);
    if (src)
        return src;
    ctome_graph *g = NULL;
    int rc = ctome_graph_from_layer(c, layer, NULL, &g);
    if (rc)
        return rc;
    ctome_null_opts no;
    ctome_null_opts_default(&no);
    no.model = o->model;
    no.threads = o->threads;
    no.dist = o->dist;
    no.progress = o->progress;
    no.progress_user = o->progress_user;
    int threads = ctome_nulls_threads(&no);

    int *map = malloc(g->n * sizeof *map), *vert = malloc(g->n * sizeof *vert);
    size_t *frow = malloc(g->n * sizeof *frow);
    int32_t *pa = NULL, *pb = NULL, *esrc = NULL, *edst = NULL;
    double *ry = NULL, *ew = NULL, *nulls = NULL;
    sf_ctx s = {0};
    if (!map || !vert || !frow) {
        rc = ctome_error_nomem();
        goto done;
    }
    /* shared neurons: graph vertices (node order) named in F */
    size_t k = 0;
    for (size_t v = 0; v < g->n; v++) {
        map[v] = -1;
        const char *name = c->nodes[g->node[v]].name;
        for (size_t i = 0; i < f->n; i++)
            if (strcmp(f->names[i], name) == 0) {
                map[v] = (int)k;
                vert[k] = (int)v;
                frow[k++] = i;
                break;
            }
    }
    if (k < 2) {
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "no shared neurons: %zu of the %zu neurons of '%s' layer %s "
                         "are in functional matrix '%s' (%zu neurons); at least 2 are needed",
                         k, g->n, c->id, layer, f->id, f->n);
        goto done;
    }
    out->symmetric = is_symmetric(f);
    out->layer_directed = g->directed;
    size_t maxp = out->symmetric ? k * (k - 1) / 2 : k * (k - 1), np = 0;
    pa = malloc(maxp * sizeof *pa);
    pb = malloc(maxp * sizeof *pb);
    out->func = malloc(maxp * sizeof *out->func);
    out->structural = malloc(maxp * sizeof *out->structural);
    if (!pa || !pb || !out->func || !out->structural) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = out->symmetric ? a + 1 : 0; b < k; b++) {
            double v = f->m[frow[a] * f->n + frow[b]];
            if (a == b || isnan(v))
                continue;
            pa[np] = (int32_t)a;
            pb[np] = (int32_t)b;
            out->func[np++] = v;
        }
    out->n_pairs = np;
    if (np < 3) {
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "only %zu neuron pairs of the %zu shared neurons have a "
                         "functional value in '%s'; at least 3 are needed", np, k, f->id);
        goto done;
    }
    s = (sf_ctx){.k = k, .map = map, .n_pairs = np, .pa = pa, .pb = pb,
                 .sum_both = out->symmetric && g->directed};
    ry = malloc(np * sizeof *ry);
    s.dense = calloc((size_t)threads, sizeof *s.dense);
    s.x = calloc((size_t)threads, sizeof *s.x);
    s.rx = calloc((size_t)threads, sizeof *s.rx);
    s.buf = calloc((size_t)threads, sizeof *s.buf);
    if (!ry || !s.dense || !s.x || !s.rx || !s.buf) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (int t = 0; t < threads; t++)
        if (!(s.dense[t] = malloc(k * k * sizeof **s.dense)) || !(s.x[t] = malloc(np * sizeof **s.x)) ||
            !(s.rx[t] = malloc(np * sizeof **s.rx)) || !(s.buf[t] = malloc(np * sizeof **s.buf))) {
            rc = ctome_error_nomem();
            goto done;
        }
    s.sy = centred_ranks(np, out->func, ry, s.buf[0]);
    s.ry = ry;
    /* observed: the same code path as the nulls, on the graph's own edges */
    size_t m;
    if ((rc = ctome_graph_edges(g, &esrc, &edst, &ew, &m)))
        goto done;
    pair_values(&s, s.dense[0], esrc, edst, ew, m, g->directed, out->structural);
    out->rho = rho_of(&s, 0, out->structural);
    if (!isfinite(out->rho)) {
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "Spearman rho of '%s' layer %s vs '%s' is undefined: the %s "
                         "values are constant over the %zu pairs", c->id, layer, f->id,
                         s.sy > 0 ? "structural" : "functional", np);
        goto done;
    }
    if (!(nulls = malloc(o->n_nulls * sizeof *nulls))) {
        rc = ctome_error_nomem();
        goto done;
    }
    if ((rc = ctome_nulls_map(g, &no, o->n_nulls, o->seed, null_rho, &s, 1, nulls)))
        goto done;
    double sum = 0, sum2 = 0;
    size_t ge = 0;
    for (size_t i = 0; i < o->n_nulls; i++) {
        sum += nulls[i];
        /* a hair of tolerance so a null equal to rho up to round-off counts */
        if (fabs(nulls[i]) >= fabs(out->rho) - 1e-12)
            ge++;
    }
    out->null_mean = sum / (double)o->n_nulls;
    for (size_t i = 0; i < o->n_nulls; i++)
        sum2 += (nulls[i] - out->null_mean) * (nulls[i] - out->null_mean);
    out->null_sd = o->n_nulls > 1 ? sqrt(sum2 / (double)(o->n_nulls - 1)) : NAN;
    out->n_ge = ge;
    out->p = (1.0 + (double)ge) / (1.0 + (double)o->n_nulls);
    out->n_nulls = o->n_nulls;
    out->seed = o->seed;
    out->model = o->model;
    if ((rc = rdm_compare(g, vert, frow, f, k, o, out)))
        goto done;
    out->n_shared = k;
    if (!(out->shared = calloc(k, sizeof *out->shared)) || !(out->layer = ctome_strdup(layer)) ||
        !(out->functional = ctome_strdup(f->id))) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t i = 0; i < k; i++)
        if (!(out->shared[i] = ctome_strdup(f->names[frow[i]]))) {
            rc = ctome_error_nomem();
            goto done;
        }
    qsort(out->shared, k, sizeof *out->shared, cmp_str);
done:
    for (int t = 0; t < threads; t++) {
        if (s.dense)
            free(s.dense[t]);
        if (s.x)
            free(s.x[t]);
        if (s.rx)
            free(s.rx[t]);
        if (s.buf)
            free(s.buf[t]);
    }
    free(s.dense);
    free(s.x);
    free(s.rx);
    free(s.buf);
    free(nulls);
    free(ry);
    free(esrc);
    free(edst);
    free(ew);
    free(pa);
    free(pb);
    free(map);
    free(vert);
    free(frow);
    ctome_graph_free(g);
    if (rc)
        ctome_structfunc_clear(out);
    return rc;
}
