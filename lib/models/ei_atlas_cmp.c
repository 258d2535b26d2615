/* ei_atlas_cmp.c — the model atlas against a functional atlas (Randi 2023),
 * with degree-preserving null models (definitions in ei_atlas.h). */
#include "ei_atlas.h"
#include "ei_atlas_job.h"
#include "ei_internal.h"
#include "parerr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "compare.h"
#include "error.h"
#include "graph.h"
#include "nulls.h"
#include "rng.h"

/* ---------------------------------------------------------------- pairs */

void ctome_ei_atlas_pairs_clear(ctome_ei_atlas_pairs *p)
{
    if (!p)
        return;
    free(p->stim);
    free(p->resp);
    free(p->data);
    free(p->stim_list);
    memset(p, 0, sizeof *p);
}

int ctome_ei_atlas_pairs_find(const ctome_ei *m, const ctome_fmatrix *f, ctome_ei_atlas_pairs *out)
{
    memset(out, 0, sizeof *out);
    if (!m->registry)
        return ctome_error(CTOME_EINVAL, NULL, 0, "the model has no neuron names to match with '%s'",
                           f->id ? f->id : "the functional atlas");
    size_t n = m->n;
    long *row = malloc(n * sizeof *row);   /* F row of each model neuron, or -1 */
    if (!row)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++) {
        row[i] = -1;
        const char *nm = ctome_ei_name(m, i);
        for (size_t a = 0; nm && a < f->n; a++)
            if (strcmp(f->names[a], nm) == 0) {
                row[i] = (long)a;
                break;
            }
    }
    size_t np = 0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            np += i != j && row[i] >= 0 && row[j] >= 0 &&
                  isfinite(f->m[(size_t)row[j] * f->n + (size_t)row[i]]);
    if (np < 3) {
        free(row);
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "only %zu stimulated/responding pairs of model neurons have a value in '%s'; "
                           "at least 3 are needed", np, f->id ? f->id : "the functional atlas");
    }
    out->stim = malloc(np * sizeof *out->stim);
    out->resp = malloc(np * sizeof *out->resp);
    out->data = malloc(np * sizeof *out->data);
    out->stim_list = malloc(n * sizeof *out->stim_list);
    if (!out->stim || !out->resp || !out->data || !out->stim_list) {
        free(row);
        ctome_ei_atlas_pairs_clear(out);
        return ctome_error_nomem();
    }
    for (size_t j = 0; j < n; j++) {
        size_t before = out->n_pairs;
        for (size_t i = 0; i < n; i++) {
            if (i == j || row[i] < 0 || row[j] < 0)
                continue;
            double v = f->m[(size_t)row[j] * f->n + (size_t)row[i]];
            if (!isfinite(v))
                continue;
            out->stim[out->n_pairs] = j;
            out->resp[out->n_pairs] = i;
            out->data[out->n_pairs++] = v;
        }
        if (out->n_pairs > before)
            out->stim_list[out->n_stim++] = j;
    }
    free(row);
    return CTOME_OK;
}

int ctome_ei_atlas_score(const ctome_ei_atlas *a, const ctome_ei_atlas_pairs *p, double *model,
                         double *rho, double *sign_agree, size_t *n_sign)
{
    long *srow = malloc(a->n * sizeof *srow);
    double *x = model ? model : malloc(p->n_pairs * sizeof *x);
    if (!srow || !x) {
        free(srow);
        if (!model)
            free(x);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < a->n; i++)
        srow[i] = -1;
    for (size_t s = 0; s < a->n_stim; s++)
        srow[a->stim[s]] = (long)s;
    int rc = CTOME_OK;
    size_t agree = 0, ns = 0;
    for (size_t k = 0; k < p->n_pairs; k++) {
        if (p->stim[k] >= a->n || srow[p->stim[k]] < 0) {
            rc = ctome_error(CTOME_EINVAL, NULL, 0, "the atlas has no stimulation of neuron %zu",
                             p->stim[k]);
            break;
        }
        x[k] = a->r[(size_t)srow[p->stim[k]] * a->n + p->resp[k]];
        if (p->data[k] != 0) {
            ns++;
            agree += x[k] * p->data[k] > 0;
        }
    }
    if (!rc)
        rc = ctome_spearman(x, p->data, p->n_pairs, rho);
    *sign_agree = ns ? (double)agree / (double)ns : NAN;
    *n_sign = ns;
    free(srow);
    if (!model)
        free(x);
    return rc;
}

/* ---------------------------------------------------------------- nulls */

/* The model's chemical (directed, arcs j -> i, signed weights) and
 * gap-junction (undirected pairs) graphs over vertices 0..n-1. */
static int model_graphs(const ctome_ei *m, ctome_graph **chem, ctome_graph **elec)
{
    *chem = *elec = NULL;
    size_t n = m->n, mw = m->w_ptr[n], mg = m->g_ptr[n];
    int32_t *s = malloc((mw + mg + 1) * sizeof *s), *d = malloc((mw + mg + 1) * sizeof *d);
    double *w = malloc((mw + mg + 1) * sizeof *w);
    if (!s || !d || !w) {
        free(s);
        free(d);
        free(w);
        return ctome_error_nomem();
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            if ((size_t)m->w_col[p] != i && m->w_val[p] != 0) {
                s[k] = m->w_col[p];
                d[k] = (int32_t)i;
                w[k++] = m->w_val[p];
            }
    int rc = CTOME_OK;
    if (k >= 2)
        rc = ctome_graph_from_edges(n, s, d, w, k, 1, chem);
    k = 0;
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t p = m->g_ptr[i]; p < m->g_ptr[i + 1]; p++)
            if ((size_t)m->g_col[p] > i && m->g_val[p] != 0) {
                s[k] = (int32_t)i;
                d[k] = m->g_col[p];
                w[k++] = m->g_val[p];
            }
    if (!rc && k >= 2)
        rc = ctome_graph_from_edges(n, s, d, w, k, 0, elec);
    free(s);
    free(d);
    free(w);
    if (!rc && !*chem && !*elec)
        rc = ctome_error(CTOME_EVALUE, NULL, 0,
                         "the model has fewer than 2 chemical and 2 gap-junction connections: "
                         "nothing to rewire for a null model");
    if (rc) {
        ctome_graph_free(*chem);
        ctome_graph_free(*elec);
        *chem = *elec = NULL;
    }
    return rc;
}

static int copy_array(void **dst, const void *src, size_t bytes)
{
    *dst = NULL;
    if (!src)
        return CTOME_OK;
    *dst = malloc(bytes ? bytes : 1);
    if (!*dst)
        return ctome_error_nomem();
    memcpy(*dst, src, bytes);
    return CTOME_OK;
}

/* CSR (rows = postsynaptic) from arcs src -> dst sorted by anything. */
static int csr_from_arcs(size_t n, size_t m, const int32_t *src, const int32_t *dst, const double *w,
                         int sym, size_t **ptr, int32_t **col, double **val)
{
    size_t nnz = sym ? 2 * m : m;
    *ptr = calloc(n + 1, sizeof **ptr);
    *col = malloc((nnz ? nnz : 1) * sizeof **col);
    *val = malloc((nnz ? nnz : 1) * sizeof **val);
    size_t *fill = calloc(n + 1, sizeof *fill);
    if (!*ptr || !*col || !*val || !fill) {
        free(fill);
        return ctome_error_nomem();
    }
    for (size_t e = 0; e < m; e++) {
        (*ptr)[dst[e] + 1]++;
        if (sym)
            (*ptr)[src[e] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        (*ptr)[i + 1] += (*ptr)[i];
    for (size_t e = 0; e < m; e++) {
        size_t q = (*ptr)[dst[e]] + fill[dst[e]]++;
        (*col)[q] = src[e];
        (*val)[q] = w[e];
        if (sym) {
            q = (*ptr)[src[e]] + fill[src[e]]++;
            (*col)[q] = dst[e];
            (*val)[q] = w[e];
        }
    }
    free(fill);
    return CTOME_OK;
}

/* A copy of m's identity (names, signs, tau, transfer, silencing) with new
 * chemical arcs (plus m's own chemical self-loops) and gap-junction pairs.
 * chem / elec NULL: keep m's. */
static int clone_with(const ctome_ei *m, const int32_t *cs, const int32_t *cd, const double *cw,
                      size_t cm, const int32_t *es, const int32_t *ed, const double *ew, size_t em,
                      ctome_ei **out)
{
    size_t n = m->n;
    ctome_ei *c = calloc(1, sizeof *c);
    if (!c)
        return ctome_error_nomem();
    c->n = n;
    c->f = m->f;
    c->registry = m->registry;
    int rc = copy_array((void **)&c->node, m->node, n * sizeof *m->node);
    if (!rc)
        rc = copy_array((void **)&c->reg, m->reg, n * sizeof *m->reg);
    if (!rc)
        rc = copy_array((void **)&c->sign, m->sign, n * sizeof *m->sign);
    if (!rc)
        rc = copy_array((void **)&c->tau, m->tau, n * sizeof *m->tau);
    if (!rc)
        rc = copy_array((void **)&c->silenced, m->silenced, n * sizeof *m->silenced);
    /* chemical: the null arcs plus the self-loops that rewiring leaves out */
    size_t loops = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            loops += (size_t)m->w_col[p] == i;
    if (!rc && cs) {
        size_t tot = cm + loops;
        int32_t *s = malloc((tot + 1) * sizeof *s), *d = malloc((tot + 1) * sizeof *d);
        double *w = malloc((tot + 1) * sizeof *w);
        if (s && d && w) {
            memcpy(s, cs, cm * sizeof *s);
            memcpy(d, cd, cm * sizeof *d);
            memcpy(w, cw, cm * sizeof *w);
            size_t k = cm;
            for (size_t i = 0; i < n; i++)
                for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
                    if ((size_t)m->w_col[p] == i) {
                        s[k] = d[k] = (int32_t)i;
                        w[k++] = m->w_val[p];
                    }
            rc = csr_from_arcs(n, tot, s, d, w, 0, &c->w_ptr, &c->w_col, &c->w_val);
        } else {
            rc = ctome_error_nomem();
        }
        free(s);
        free(d);
        free(w);
    } else if (!rc) {
        rc = copy_array((void **)&c->w_ptr, m->w_ptr, (n + 1) * sizeof *m->w_ptr);
        if (!rc)
            rc = copy_array((void **)&c->w_col, m->w_col, m->w_ptr[n] * sizeof *m->w_col);
        if (!rc)
            rc = copy_array((void **)&c->w_val, m->w_val, m->w_ptr[n] * sizeof *m->w_val);
    }
    if (!rc && es) {
        rc = csr_from_arcs(n, em, es, ed, ew, 1, &c->g_ptr, &c->g_col, &c->g_val);
    } else if (!rc) {
        rc = copy_array((void **)&c->g_ptr, m->g_ptr, (n + 1) * sizeof *m->g_ptr);
        if (!rc)
            rc = copy_array((void **)&c->g_col, m->g_col, m->g_ptr[n] * sizeof *m->g_col);
        if (!rc)
            rc = copy_array((void **)&c->g_val, m->g_val, m->g_ptr[n] * sizeof *m->g_val);
    }
    if (!rc && !(c->g_deg = calloc(n, sizeof *c->g_deg)))
        rc = ctome_error_nomem();
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t p = c->g_ptr[i]; p < c->g_ptr[i + 1]; p++)
            c->g_deg[i] += c->g_val[p];
    if (rc) {
        ctome_ei_free(c);
        return rc;
    }
    *out = c;
    return CTOME_OK;
}

/* Per-thread null scratch. */
typedef struct {
    ctome_null_ws *chem, *elec;
} null_ws;

static int null_ws_new(const ctome_graph *chem, const ctome_graph *elec, null_ws *w)
{
    ctome_null_opts no;
    ctome_null_opts_default(&no);
    no.threads = 1;
    w->chem = w->elec = NULL;
    int rc = chem ? ctome_null_ws_new(chem, &no, &w->chem) : CTOME_OK;
    if (!rc && elec)
        rc = ctome_null_ws_new(elec, &no, &w->elec);
    if (rc) {
        ctome_null_ws_free(w->chem);
        w->chem = NULL;
    }
    return rc;
}

static void null_ws_free(null_ws *w)
{
    ctome_null_ws_free(w->chem);
    ctome_null_ws_free(w->elec);
}

/* Null k: chemical from stream k first, then electrical from the same
 * generator. */
static int draw_null(const ctome_ei *m, null_ws *w, uint64_t seed, size_t k, ctome_ei **out)
{
    ctome_rng r;
    ctome_rng_seed(&r, seed, k);
    ctome_null_info info;
    const int32_t *cs = NULL, *cd = NULL, *es = NULL, *ed = NULL;
    const double *cw = NULL, *ew = NULL;
    size_t cm = 0, em = 0;
    int rc = w->chem ? ctome_null_run(w->chem, &r, &info, &cs, &cd, &cw, &cm) : CTOME_OK;
    if (!rc && w->elec)
        rc = ctome_null_run(w->elec, &r, &info, &es, &ed, &ew, &em);
    if (rc)
        return rc;
    return clone_with(m, cs, cd, cw, cm, es, ed, ew, em, out);
}

int ctome_ei_null_model(const ctome_ei *m, uint64_t seed, size_t k, ctome_ei **out)
{
    *out = NULL;
    ctome_graph *chem, *elec;
    int rc = model_graphs(m, &chem, &elec);
    if (rc)
        return rc;
    null_ws w;
    if (!(rc = null_ws_new(chem, elec, &w)))
        rc = draw_null(m, &w, seed, k, out);
    null_ws_free(&w);
    ctome_graph_free(chem);
    ctome_graph_free(elec);
    return rc;
}

/* ------------------------------------------------------------ comparison */

void ctome_ei_atlas_cmp_clear(ctome_ei_atlas_cmp *c)
{
    if (!c)
        return;
    ctome_ei_atlas_pairs_clear(&c->pairs);
    free(c->model);
    free(c->null_rho);
    memset(c, 0, sizeof *c);
}

/* The nulls run in batches of `nb` models.  In each batch, three parallel
 * loops: draw and set up each null (rewiring, settling, its unstimulated
 * trajectory), then run the blocks of all the batch's atlases as one pool
 * (largest blocks first, dynamic, so both threads stay busy to the last
 * block instead of to the last whole atlas), then score each null.  A
 * block's responses do not depend on the thread that runs it, so the rho
 * of null k is the same bytes for any thread count and batch size. */
typedef struct {
    ctome_ei *m;
    ei_atlas_job *job;
    double *r;              /* n_stim x n */
    int bad;                /* some block blew up: rho NaN */
} null_slot;

typedef struct {
    size_t slot, unit, w;
} pool_item;

/* Largest width first, then slot, then unit: a fixed order (any order
 * gives the same results; this one balances). */
static int item_cmp(const void *pa, const void *pb)
{
    const pool_item *a = pa, *b = pb;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    if (a->slot != b->slot)
        return a->slot < b->slot ? -1 : 1;
    return (a->unit > b->unit) - (a->unit < b->unit);
}

/* Nulls per batch: enough that the pool has work for every thread to the
 * end, bounded so the batch's trajectories and responses take about
 * 256 MB at most (at least nt nulls, as when each thread ran one atlas). */
static size_t batch_size(const ctome_ei *m, const ctome_ei_atlas_pairs *p, const ctome_ei_atlas_opts *o,
                         int nt, size_t count)
{
    double steps = o->window / o->dt + 2.0;
    double bytes = ((steps + (double)p->n_stim) * (double)m->n + 16.0 * (double)m->w_ptr[m->n]) * 8.0;
    double cap = 256e6 / (bytes > 1 ? bytes : 1);
    size_t nb = cap >= (double)count ? count : (size_t)cap;
    if (nb < (size_t)nt)
        nb = (size_t)nt;
    if (nb >= count)
        return count;
    size_t batches = (count + nb - 1) / nb;   /* then batches of equal size */
    return (count + batches - 1) / batches;
}

static int run_nulls(const ctome_ei *m, const ctome_ei_atlas_pairs *p, const ctome_ei_atlas_opts *o,
                     size_t K, uint64_t seed, double *null_rho)
{
    ctome_graph *chem, *elec;
    int rc = model_graphs(m, &chem, &elec);
    if (rc)
        return rc;
    {   /* validate on this thread, so option errors keep their message */
        null_ws probe;
        rc = null_ws_new(chem, elec, &probe);
        if (!rc)
            null_ws_free(&probe);
    }
    if (rc) {
        ctome_graph_free(chem);
        ctome_graph_free(elec);
        return rc;
    }
    int nt = 1;
#ifdef _OPENMP
    nt = o->threads > 0 ? o->threads : omp_get_max_threads();
#endif
    /* this process's nulls [lo, hi) (dist.h); the others' are gathered */
    size_t lo, hi;
    ctome_dist_block(o->dist, K, &lo, &hi);
    size_t nb = hi > lo ? batch_size(m, p, o, nt, hi - lo) : 0, n = m->n;
    size_t per = ei_atlas_unit_count(p->n_stim);
    null_slot *slot = nb ? calloc(nb, sizeof *slot) : NULL;
    pool_item *item = nb ? malloc(nb * per * sizeof *item) : NULL;
    double *rmem = nb ? malloc(nb * p->n_stim * n * sizeof *rmem) : NULL;
    if (nb && (!slot || !item || !rmem)) {
        free(slot);
        free(item);
        free(rmem);
        ctome_graph_free(chem);
        ctome_graph_free(elec);
        return ctome_error_nomem();
    }
    for (size_t q = 0; q < nb; q++)
        slot[q].r = rmem + q * p->n_stim * n;
    size_t done = 0, n_item = 0;
    ctome_parerr err;
    ctome_parerr_init(&err);
    if (nb) {
#pragma omp parallel num_threads(nt > 0 ? nt : 1)
        {
            null_ws w = {0};
            atlas_buf *b = ei_atlas_buf_new(n);
            int trc = b ? null_ws_new(chem, elec, &w) : ctome_error_nomem();
            if (trc)
                ctome_parerr_set(&err, lo, trc);
            for (size_t b0 = lo; b0 < hi; b0 += nb) {
                size_t cnt = hi - b0 < nb ? hi - b0 : nb;
                /* 1. draw and set up the batch's nulls */
#pragma omp for schedule(dynamic, 1)
                for (size_t q = 0; q < cnt; q++) {
                    null_slot *sl = &slot[q];
                    sl->bad = 0;
                    if (ctome_parerr_stopped(&err))
                        continue;
                    int krc = draw_null(m, &w, seed, b0 + q, &sl->m);
                    if (!krc) {
                        krc = ei_atlas_job_new(sl->m, p->stim_list, p->n_stim, o, sl->r, &sl->job);
                        /* a null whose baseline blows up is invalid (NaN), not an error */
                        if (krc == CTOME_EVALUE) {
                            ctome_error_clear();
                            sl->bad = 1;
                            krc = CTOME_OK;
                        }
                    }
                    if (krc)
                        ctome_parerr_set(&err, b0 + q, krc);
                }
#pragma omp single
                {
                    n_item = 0;
                    for (size_t q = 0; q < cnt; q++) {
                        const ei_atlas_unit *un;
                        size_t nu = slot[q].job ? ei_atlas_job_units(slot[q].job, &un) : 0;
                        for (size_t u = 0; u < nu; u++)
                            item[n_item++] = (pool_item){q, u, un[u].w};
                    }
                    qsort(item, n_item, sizeof *item, item_cmp);
                }
                /* 2. every block of every atlas of the batch */
#pragma omp for schedule(dynamic, 1)
                for (size_t t = 0; t < n_item; t++) {
                    null_slot *sl = &slot[item[t].slot];
                    int bad;
#pragma omp atomic read
                    bad = sl->bad;
                    if (bad || ctome_parerr_stopped(&err))
                        continue;
                    int urc = ei_atlas_job_run(sl->job, item[t].unit, b, NULL);
                    if (urc == CTOME_EVALUE) {   /* blew up: the null is invalid */
                        ctome_error_clear();
#pragma omp atomic write
                        sl->bad = 1;
                    } else if (urc) {
                        ctome_parerr_set(&err, b0 + item[t].slot, urc);
                    }
                }
                /* 3. score */
#pragma omp for schedule(dynamic, 1)
                for (size_t q = 0; q < cnt; q++) {
                    null_slot *sl = &slot[q];
                    double rho = NAN;
                    if (sl->job && !sl->bad && !ctome_parerr_stopped(&err)) {
                        ctome_ei_atlas a = {.n_stim = p->n_stim, .n = n, .stim = p->stim_list,
                                            .r = sl->r};
                        double sa;
                        size_t ns;
                        int src = ctome_ei_atlas_score(&a, p, NULL, &rho, &sa, &ns);
                        if (src)
                            ctome_parerr_set(&err, b0 + q, src);
                    }
                    null_rho[b0 + q] = rho;
                    ei_atlas_job_free(sl->job);
                    ctome_ei_free(sl->m);
                    sl->job = NULL;
                    sl->m = NULL;
                    if (o->progress && !ctome_parerr_stopped(&err)) {
#pragma omp critical(ctome_atlas_null_progress)
                        o->progress(++done, hi - lo, o->progress_user);
                    }
                }
            }
            null_ws_free(&w);
            ei_atlas_buf_free(b);
        }
    }
    free(slot);
    free(item);
    free(rmem);
    ctome_graph_free(chem);
    ctome_graph_free(elec);
    rc = err.rc ? ctome_parerr_report(&err, "null", K) : CTOME_OK;
    return ctome_dist_gather(o->dist, rc, null_rho, K, sizeof *null_rho);
}

int ctome_ei_atlas_pairs_restrict(ctome_ei_atlas_pairs *p, size_t n, const size_t *stim, size_t k,
                                  const char *fid)
{
    unsigned char *in = calloc(n ? n : 1, 1);
    if (!in)
        return ctome_error_nomem();
    for (size_t s = 0; s < k; s++)
        if (stim[s] < n)
            in[stim[s]] = 1;
    size_t q2 = 0, ks = 0;
    for (size_t q = 0; q < p->n_pairs; q++)
        if (p->stim[q] < n && in[p->stim[q]]) {
            p->stim[q2] = p->stim[q];
            p->resp[q2] = p->resp[q];
            p->data[q2++] = p->data[q];
        }
    p->n_pairs = q2;
    for (size_t s = 0; s < p->n_stim; s++)
        if (p->stim_list[s] < n && in[p->stim_list[s]])
            p->stim_list[ks++] = p->stim_list[s];
    p->n_stim = ks;
    free(in);
    if (q2 < 3)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "only %zu pairs with a value in '%s' have their stimulated neuron among the "
                           "%zu stimulated; at least 3 are needed", q2, fid ? fid : "the atlas", k);
    return CTOME_OK;
}

int ctome_ei_atlas_compare(const ctome_ei *m, const ctome_fmatrix *f, const ctome_ei_atlas_opts *o,
                           const ctome_ei_atlas *given, size_t n_nulls, uint64_t seed,
                           ctome_ei_atlas_cmp *out)
{
    memset(out, 0, sizeof *out);
    ctome_ei_atlas_opts def;
    if (!o) {
        ctome_ei_atlas_opts_default(&def);
        o = &def;
    }
    int rc = ctome_ei_atlas_pairs_find(m, f, &out->pairs);
    if (rc)
        return rc;
    ctome_ei_atlas_opts oa = *o;
    oa.progress = NULL;   /* the progress callback counts nulls */
    ctome_ei_atlas a = {0};
    if (given) {
        if (given->n != m->n) {
            rc = ctome_error(CTOME_EINVAL, NULL, 0, "the given atlas is of another model (%zu neurons, "
                             "not %zu)", given->n, m->n);
            goto fail;
        }
        if ((rc = ctome_ei_atlas_pairs_restrict(&out->pairs, m->n, given->stim, given->n_stim, f->id)))
            goto fail;
    } else if ((rc = ctome_ei_atlas_compute(m, out->pairs.stim_list, out->pairs.n_stim, &oa, &a))) {
        goto fail;
    }
    out->model = malloc(out->pairs.n_pairs * sizeof *out->model);
    rc = out->model ? ctome_ei_atlas_score(given ? given : &a, &out->pairs, out->model, &out->rho,
                                           &out->sign_agree, &out->n_sign)
                    : ctome_error_nomem();
    ctome_ei_atlas_clear(&a);
    if (rc)
        goto fail;
    out->n_nulls = n_nulls;
    out->seed = seed;
    out->null_mean = out->null_sd = out->z = out->p = NAN;
    if (n_nulls == 0)
        return CTOME_OK;
    if (!(out->null_rho = malloc(n_nulls * sizeof *out->null_rho))) {
        rc = ctome_error_nomem();
        goto fail;
    }
    for (size_t k = 0; k < n_nulls; k++)
        out->null_rho[k] = NAN;
    if ((rc = run_nulls(m, &out->pairs, o, n_nulls, seed, out->null_rho)))
        goto fail;
    double sum = 0;
    size_t nv = 0, ge = 0;
    for (size_t k = 0; k < n_nulls; k++)
        if (isfinite(out->null_rho[k])) {
            sum += out->null_rho[k];
            nv++;
            /* a hair of tolerance so a null equal to rho up to round-off counts */
            ge += fabs(out->null_rho[k]) >= fabs(out->rho) - 1e-12;
        }
    out->n_valid = nv;
    out->n_ge = ge;
    if (nv > 0 && isfinite(out->rho)) {
        out->null_mean = sum / (double)nv;
        double s2 = 0;
        for (size_t k = 0; k < n_nulls; k++)
            if (isfinite(out->null_rho[k]))
                s2 += (out->null_rho[k] - out->null_mean) * (out->null_rho[k] - out->null_mean);
        out->null_sd = nv > 1 ? sqrt(s2 / (double)(nv - 1)) : NAN;
        out->z = out->null_sd > 0 ? (out->rho - out->null_mean) / out->null_sd : NAN;
        out->p = (1.0 + (double)ge) / (1.0 + (double)nv);
    }
    return CTOME_OK;
fail:
    ctome_ei_atlas_cmp_clear(out);
    return rc;
}
