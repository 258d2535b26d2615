/* nulls_ensemble.c — parallel ensembles of null models (nulls.h).
 *
 * OpenMP over replicates; replicate i draws from ctome_rng_seed(seed, i) in
 * a per-thread workspace and writes only its own output row, so the result
 * does not depend on the number of threads or on scheduling.  Nothing here
 * calls igraph (not thread-safe in Debian's build).
 */
#include "nulls.h"
#include "parerr.h"
#include "error.h"
#include "sizecheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

int ctome_nulls_threads(const ctome_null_opts *o)
{
#ifdef _OPENMP
    int t = o && o->threads > 0 ? o->threads : omp_get_max_threads();
    return t > 0 ? t : 1;
#else
    (void)o;
    return 1;
#endif
}

static int thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* What a replicate does with its null: keep it (generate, ensemble) or hand
 * it to a statistic (map). */
typedef struct {
    const ctome_graph *g;
    ctome_graph **graphs;        /* generate */
    ctome_null_ensemble *ens;    /* ensemble */
    ctome_null_fn fn;            /* map */
    void *user;
    size_t n_results;
    double *results;
    ctome_null_info *info;
} sink;

static int consume(const sink *k, size_t rep, const ctome_null_info *info, const int32_t *src,
                   const int32_t *dst, const double *w, size_t m)
{
    if (k->info)
        k->info[rep] = *info;
    if (k->ens) {
        memcpy(k->ens->src + rep * m, src, m * sizeof *src);
        memcpy(k->ens->dst + rep * m, dst, m * sizeof *dst);
        memcpy(k->ens->w + rep * m, w, m * sizeof *w);
        return CTOME_OK;
    }
    ctome_null_view v = {rep, thread_id(), k->g->n, k->g->directed, m, src, dst, w, *info, k->g};
    if (k->graphs)
        return ctome_null_view_graph(&v, &k->graphs[rep]);
    return k->fn(&v, k->user, k->results + rep * k->n_results);
}

/* Gather every process's block of the sink's arrays (dist.h); `status` is
 * this process's, agreed on by all in the first exchange. */
static int gather(const ctome_dist *d, int status, size_t n, const sink *k)
{
    int rc = ctome_dist_gather(d, status, k->info, k->info ? n : 0, sizeof *k->info);
    if (!rc && k->results)
        rc = ctome_dist_gather(d, 0, k->results, n, k->n_results * sizeof *k->results);
    if (!rc && k->ens) {
        size_t m = k->ens->m;
        rc = ctome_dist_gather(d, 0, k->ens->src, n, m * sizeof *k->ens->src);
        if (!rc)
            rc = ctome_dist_gather(d, 0, k->ens->dst, n, m * sizeof *k->ens->dst);
        if (!rc)
            rc = ctome_dist_gather(d, 0, k->ens->w, n, m * sizeof *k->ens->w);
    }
    return rc;
}

static int run_all(const ctome_graph *g, const ctome_null_opts *o, size_t n, uint64_t seed, const sink *k)
{
    if (n == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "number of nulls must be at least 1 (got 0)");
    /* Validate once on this thread, so option errors carry their message
     * (the same on every process: no exchange needed). */
    ctome_null_ws *probe = NULL;
    int rc = ctome_null_ws_new(g, o, &probe);
    ctome_null_ws_free(probe);
    if (rc)
        return rc;
    /* this process's replicates [lo, hi); graphs cannot be gathered */
    const ctome_dist *d = k->graphs ? NULL : o->dist;
    size_t lo, hi;
    ctome_dist_block(d, n, &lo, &hi);
    int nt = ctome_nulls_threads(o);
    if ((size_t)nt > hi - lo)
        nt = (int)(hi - lo);
    /* The first failing replicate (lowest index) and its message, copied out
     * of the per-thread error context of the thread that hit it. */
    size_t done = 0, mine = hi - lo;
    ctome_parerr err;
    ctome_parerr_init(&err);
    if (nt > 0) {
#pragma omp parallel num_threads(nt)
        {
            ctome_null_ws *ws = NULL;
            int trc = ctome_null_ws_new(g, o, &ws);
            if (trc)
                ctome_parerr_set(&err, lo, trc);
#pragma omp for schedule(dynamic, 1)
            for (size_t i = lo; i < hi; i++) {
                if (ctome_parerr_stopped(&err) || !ws)
                    continue;
                ctome_rng r;
                ctome_rng_seed(&r, seed, o->stream0 + i);
                ctome_null_info info;
                const int32_t *s, *dd;
                const double *w;
                size_t m;
                int rrc = ctome_null_run(ws, &r, &info, &s, &dd, &w, &m);
                if (!rrc)
                    rrc = consume(k, i, &info, s, dd, w, m);
                if (rrc)
                    ctome_parerr_set(&err, i, rrc);
                else if (o->progress) {
#pragma omp critical(ctome_nulls_progress)
                    o->progress(++done, mine, o->progress_user);
                }
            }
            ctome_null_ws_free(ws);
        }
    }
    rc = err.rc ? ctome_parerr_report(&err, "null", n) : CTOME_OK;
    return gather(d, rc, n, k);
}

int ctome_null_view_graph(const ctome_null_view *v, ctome_graph **out)
{
    *out = NULL;
    ctome_graph *h = NULL;
    int rc = ctome_graph_from_edges(v->n, v->src, v->dst, v->w, v->m, v->directed, &h);
    if (rc)
        return rc;
    if (v->g && v->g->node) {
        h->node = malloc((v->n ? v->n : 1) * sizeof *h->node);
        if (!h->node) {
            ctome_graph_free(h);
            return ctome_error_nomem();
        }
        memcpy(h->node, v->g->node, v->n * sizeof *h->node);
    }
    *out = h;
    return CTOME_OK;
}

int ctome_nulls_generate(const ctome_graph *g, const ctome_null_opts *o, size_t n, uint64_t seed,
                         ctome_graph **out, ctome_null_info *info)
{
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    sink k = {.g = g, .graphs = out, .info = info};
    int rc = run_all(g, o, n, seed, &k);
    if (rc)
        for (size_t i = 0; i < n; i++) {
            ctome_graph_free(out[i]);
            out[i] = NULL;
        }
    return rc;
}

int ctome_nulls_map(const ctome_graph *g, const ctome_null_opts *o, size_t n, uint64_t seed,
                    ctome_null_fn fn, void *user, size_t n_results, double *results)
{
    if (!fn)
        return ctome_error(CTOME_EINVAL, NULL, 0, "null ensemble: no statistic function");
    sink k = {.g = g, .fn = fn, .user = user, .n_results = n_results, .results = results};
    return run_all(g, o, n, seed, &k);
}

void ctome_null_ensemble_free(ctome_null_ensemble *e)
{
    if (!e)
        return;
    free(e->src);
    free(e->dst);
    free(e->w);
    free(e->info);
    free(e);
}

int ctome_nulls_ensemble(const ctome_graph *g, const ctome_null_opts *o, size_t n, uint64_t seed,
                         ctome_null_ensemble **out)
{
    *out = NULL;
    if (n == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "number of nulls must be at least 1 (got 0)");
    size_t m = g->directed ? g->m : g->m_und;
    /* Each null keeps its m edges (src, dst: 4 bytes each; weight: 8). */
    char what_for[96];
    snprintf(what_for, sizeof what_for, "%zu nulls of %zu edges", n, m);
    int src = ctome_size_check((double)n * (double)(m ? m : 1), 16, what_for, "null edges",
                               "ask for fewer nulls (-n, --nulls)", NULL);
    if (src)
        return src;
    ctome_null_ensemble *e = calloc(1, sizeof *e);
    if (!e)
        return ctome_error_nomem();
    size_t nm = n * m;
    if (nm == 0)
        nm = 1;
    e->src = malloc(nm * sizeof *e->src);
    e->dst = malloc(nm * sizeof *e->dst);
    e->w = malloc(nm * sizeof *e->w);
    e->info = calloc(n, sizeof *e->info);
    if (!e->src || !e->dst || !e->w || !e->info) {
        ctome_null_ensemble_free(e);
        return ctome_error_nomem();
    }
    e->n = n;
    e->m = m;
    e->n_vertices = g->n;
    e->directed = g->directed;
    e->model = o->model;
    e->seed = seed;
    e->swaps_per_edge = o->swaps_per_edge;
    sink k = {.g = g, .ens = e, .info = e->info};
    int rc = run_all(g, o, n, seed, &k);
    if (rc) {
        ctome_null_ensemble_free(e);
        return rc;
    }
    *out = e;
    return CTOME_OK;
}

int ctome_nulls_put(ctome_store *s, const char *run_id, const ctome_null_ensemble *e,
                    const ctome_graph *g, const ctome_connectome *c, const char *layer,
                    const ctome_null_opts *o)
{
    if (g->n != e->n_vertices)
        return ctome_error(CTOME_EINVAL, NULL, 0, "null ensemble of %zu vertices does not match the graph (%zu)",
                           e->n_vertices, g->n);
    uint64_t *swaps = malloc((e->n ? e->n : 1) * sizeof *swaps);
    uint64_t *att = malloc((e->n ? e->n : 1) * sizeof *att);
    double *serr = malloc((e->n ? e->n : 1) * sizeof *serr);
    const char **names = NULL;
    int32_t *node = NULL;
    int rc = swaps && att && serr ? CTOME_OK : ctome_error_nomem();
    if (!rc && g->node && c) {
        names = malloc((g->n ? g->n : 1) * sizeof *names);
        node = malloc((g->n ? g->n : 1) * sizeof *node);
        if (!names || !node)
            rc = ctome_error_nomem();
        for (size_t i = 0; !rc && i < g->n; i++) {
            node[i] = g->node[i];
            names[i] = c->nodes[g->node[i]].name;
        }
    }
    if (!rc) {
        for (size_t i = 0; i < e->n; i++) {
            swaps[i] = e->info[i].swaps;
            att[i] = e->info[i].attempts;
            serr[i] = e->info[i].strength_error;
        }
        /* the mutual-dyad-preserving variant is named in the file */
        char model[64];
        snprintf(model, sizeof model, "%s%s", ctome_null_model_name(e->model),
                 o && o->keep_mutual && e->directed ? "+mutual" : "");
        ctome_store_nulls d = {
            .model = model,
            .dataset = c ? c->id : "",
            .layer = layer ? layer : "",
            .seed = e->seed,
            .swaps_per_edge = e->swaps_per_edge,
            .n = e->n,
            .m = e->m,
            .n_vertices = e->n_vertices,
            .directed = e->directed,
            .src = e->src,
            .dst = e->dst,
            .weight = e->w,
            .vertex_name = names,
            .vertex_node = node,
            .swaps = swaps,
            .attempts = att,
            .strength_error = e->model == CTOME_NULL_STRENGTH ? serr : NULL,
            .n_bins = o ? o->n_bins : 0,
            .sa_stages = o ? o->sa_stages : 0,
            .sa_iter = o ? o->sa_iter : 0,
            .sa_temp = o ? o->sa_temp : 0,
            .sa_cool = o ? o->sa_cool : 0,
        };
        rc = ctome_store_put_nulls(s, run_id, &d);
    }
    free(swaps);
    free(att);
    free(serr);
    free(names);
    free(node);
    return rc;
}
