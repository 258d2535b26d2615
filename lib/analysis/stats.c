/* stats.c — the statistic set of `ctome stats` (stats.h): topology, then one
 * parallel pass over the nulls for the rich club and motifs, then
 * modularity, small-world indices and the per-neuron table. */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "sizecheck.h"
#include "stats_internal.h"

void ctome_stats_opts_default(ctome_stats_opts *o)
{
    memset(o, 0, sizeof *o);
    o->model = CTOME_NULL_MASLOV_SNEPPEN;
    o->n_nulls = 100;
    o->seed = 1;
    o->gamma = 1.0;
    o->modularity_runs = 100;
    o->path_sources = -1;
    o->rich_k = -1;
    o->rc_alpha = 0.05;
}

/* Random streams of the motif nulls: disjoint from the rich-club nulls
 * (0 .. n-1) and the small-world lattices (2^32 + i). */
#define MOTIF_STREAM0 ((uint64_t)1 << 33)

/* ---- per-null statistics --------------------------------------------- */

/* Scratch of one thread: an undirected CSR of the null and the workspaces
 * of the kernels, allocated once before the ensemble runs. */
typedef struct {
    size_t *ptr;        /* n + 1 */
    size_t *fill;       /* n */
    int32_t *idx;       /* 2 m */
    double *phi;        /* n */
    ctome_topology_ws *tws;
    void *mws;          /* motif workspace (stats_motifs) */
} thread_scratch;

typedef struct {
    size_t n, m;
    size_t rc_n;        /* rich-club values per null */
    int motifs;         /* count motifs per null */
    int nt;
    thread_scratch *ts;
} null_job;

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The undirected simple view of a null's edge list: both directions of each
 * arc, each neighbour list sorted and deduplicated (a reciprocal pair of
 * arcs is one undirected edge).  No allocation. */
static void null_und(const ctome_null_view *v, thread_scratch *t)
{
    size_t n = v->n;
    memset(t->ptr, 0, (n + 1) * sizeof *t->ptr);
    for (size_t e = 0; e < v->m; e++) {
        t->ptr[v->src[e] + 1]++;
        t->ptr[v->dst[e] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        t->ptr[i + 1] += t->ptr[i];
    memcpy(t->fill, t->ptr, n * sizeof *t->fill);
    for (size_t e = 0; e < v->m; e++) {
        t->idx[t->fill[v->src[e]]++] = v->dst[e];
        t->idx[t->fill[v->dst[e]]++] = v->src[e];
    }
    /* compact in place: sort each list, drop repeats */
    size_t w = 0, start = 0;
    for (size_t i = 0; i < n; i++) {
        size_t end = t->ptr[i + 1];
        qsort(t->idx + start, end - start, sizeof *t->idx, cmp_i32);
        size_t first = w;
        for (size_t k = start; k < end; k++)
            if (w == first || t->idx[w - 1] != t->idx[k])
                t->idx[w++] = t->idx[k];
        t->ptr[i] = first;
        start = end;
    }
    t->ptr[n] = w;
}

/* Rich-club curve of one undirected null. */
static int null_rich_club(const ctome_null_view *v, void *user, double *out)
{
    null_job *job = user;
    thread_scratch *t = &job->ts[v->thread];
    null_und(v, t);
    size_t nk = 0;
    int rc = ctome_rich_club_csr(v->n, t->ptr, t->idx, t->tws, t->phi, &nk);
    if (rc)
        return rc;
    for (size_t k = 0; k < job->rc_n; k++)
        out[k] = k < nk ? t->phi[k] : NAN;
    return CTOME_OK;
}

/* Motif counts of one directed null. */
static int null_motifs(const ctome_null_view *v, void *user, double *out)
{
    null_job *job = user;
    return stats_motifs_null(v, job->ts[v->thread].mws, out);
}

static void scratch_free(null_job *job)
{
    for (int i = 0; job->ts && i < job->nt; i++) {
        thread_scratch *t = &job->ts[i];
        free(t->ptr);
        free(t->fill);
        free(t->idx);
        free(t->phi);
        ctome_topology_ws_free(t->tws);
        stats_motifs_ws_free(t->mws);
    }
    free(job->ts);
    job->ts = NULL;
}

static int scratch_new(const ctome_graph *g, null_job *job)
{
    job->ts = calloc((size_t)job->nt, sizeof *job->ts);
    if (!job->ts)
        return ctome_error_nomem();
    size_t n = g->n, m2 = 2 * (g->directed ? g->m : g->m_und);
    for (int i = 0; i < job->nt; i++) {
        thread_scratch *t = &job->ts[i];
        t->ptr = malloc((n + 1) * sizeof *t->ptr);
        t->fill = malloc((n + 1) * sizeof *t->fill);
        t->idx = malloc((m2 + 1) * sizeof *t->idx);
        t->phi = malloc((n + 1) * sizeof *t->phi);
        if (!t->ptr || !t->fill || !t->idx || !t->phi)
            return ctome_error_nomem();
        /* A directed null may pair arcs differently: at most m undirected pairs. */
        int rc = ctome_topology_ws_new(n, m2 / 2, &t->tws);
        if (!rc && job->motifs)
            rc = stats_motifs_ws_new(g, &t->mws);
        if (rc)
            return rc;
    }
    return CTOME_OK;
}

/* Mean and sample sd (n - 1) of the finite values of column j. */
static void column_stats(const double *r, size_t rows, size_t cols, size_t j, double *mean,
                         double *sd)
{
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < rows; i++)
        if (isfinite(r[i * cols + j])) {
            s += r[i * cols + j];
            k++;
        }
    *mean = k ? s / (double)k : NAN;
    double ss = 0;
    for (size_t i = 0; i < rows; i++)
        if (isfinite(r[i * cols + j])) {
            double d = r[i * cols + j] - *mean;
            ss += d * d;
        }
    *sd = k > 1 ? sqrt(ss / (double)(k - 1)) : NAN;
}

static void null_opts(const ctome_stats_opts *o, ctome_null_opts *no)
{
    ctome_null_opts_default(no);
    no->model = o->model;
    no->threads = o->threads;
    no->pos = o->pos;
    no->dist = o->dist;
    no->progress = o->progress;
    no->progress_user = o->progress_user;
}

/* The n_nulls x cols table comes from the user's --nulls: checked against
 * the memory ceiling before it is allocated (lib/core/sizecheck.h). */
static int null_table_check(size_t n_nulls, size_t cols)
{
    char what_for[96];
    snprintf(what_for, sizeof what_for, "%zu nulls x %zu statistics", n_nulls, cols);
    return ctome_size_check((double)n_nulls * (double)cols, sizeof(double), what_for, "null statistics",
                            "ask for fewer nulls (--nulls)", NULL);
}

/* Rich club against nulls of the undirected simple view u. */
static int run_rich_club_nulls(const ctome_graph *u, const ctome_stats_opts *o, null_job *job,
                               ctome_stats *s)
{
    ctome_null_opts no;
    null_opts(o, &no);
    /* binary nulls: a dense view swaps on its complement (nulls.h), the same
     * law with the target reached instead of the attempt budget */
    no.complement = 1;
    s->rc_chain = ctome_null_chain_name(u, &no);
    size_t cols = s->rc_n ? s->rc_n : 1;
    double *res = NULL;
    int src = null_table_check(o->n_nulls, cols);
    if (src)
        return src;
    if (!(res = malloc(o->n_nulls * cols * sizeof *res)))
        return ctome_error_nomem();
    int rc = ctome_nulls_map(u, &no, o->n_nulls, o->seed, null_rich_club, job, cols, res);
    for (size_t k = 0; !rc && k < s->rc_n; k++) {
        column_stats(res, o->n_nulls, cols, k, &s->rc_null_mean[k], &s->rc_null_sd[k]);
        s->rc_norm[k] = s->rc_null_mean[k] > 0 ? s->rc_phi[k] / s->rc_null_mean[k] : NAN;
        s->rc_z[k] = s->rc_null_sd[k] > 0 ? (s->rc_phi[k] - s->rc_null_mean[k]) / s->rc_null_sd[k] : NAN;
        size_t ge = 0;
        for (size_t i = 0; i < o->n_nulls; i++)
            ge += res[i * cols + k] >= s->rc_phi[k];
        s->rc_p[k] = (1.0 + (double)ge) / (1.0 + (double)o->n_nulls);
    }
    free(res);
    return rc;
}

/* Motifs against directed nulls that keep the mutual dyads. */
static int run_motif_nulls(const ctome_graph *g, const ctome_stats_opts *o, null_job *job,
                           ctome_stats *s)
{
    ctome_null_opts no;
    null_opts(o, &no);
    if (no.model == CTOME_NULL_STRENGTH)
        no.model = CTOME_NULL_MASLOV_SNEPPEN;   /* weights do not change a binary count */
    no.keep_mutual = 1;
    no.stream0 = MOTIF_STREAM0;
    size_t cols = CTOME_STATS_MOTIFS;
    double *res = NULL;
    int src = null_table_check(o->n_nulls, cols);
    if (src)
        return src;
    if (!(res = malloc(o->n_nulls * cols * sizeof *res)))
        return ctome_error_nomem();
    int rc = ctome_nulls_map(g, &no, o->n_nulls, o->seed, null_motifs, job, cols, res);
    for (size_t j = 0; !rc && j < CTOME_STATS_MOTIFS; j++) {
        column_stats(res, o->n_nulls, cols, j, &s->motif_null_mean[j], &s->motif_null_sd[j]);
        s->motif_z[j] = s->motif_null_sd[j] > 0
                            ? (s->motif_count[j] - s->motif_null_mean[j]) / s->motif_null_sd[j]
                            : NAN;
    }
    free(res);
    return rc;
}

static int run_nulls(const ctome_graph *g, const ctome_stats_opts *o, ctome_stats *s)
{
    ctome_null_opts no;
    null_opts(o, &no);
    null_job job = {g->n, g->m, s->rc_n, g->directed && !o->no_motifs, 0, NULL};
    job.nt = ctome_nulls_threads(&no);
    ctome_graph *u = NULL;
    int rc = g->directed ? ctome_graph_undirected(g, o->model == CTOME_NULL_STRENGTH, &u) : CTOME_OK;
    if (!rc)
        rc = scratch_new(g, &job);
    if (!rc)
        rc = run_rich_club_nulls(u ? u : g, o, &job, s);
    if (!rc && job.motifs)
        rc = run_motif_nulls(g, o, &job, s);
    scratch_free(&job);
    ctome_graph_free(u);
    return rc;
}

/* Significance of phi_norm(k), the regimes and the level (stats.h). */
static int rich_club_level(const ctome_graph *g, const ctome_stats_opts *o, ctome_stats *s)
{
    size_t n = g->n;
    /* N_{>k} from the undirected degree histogram */
    size_t *above = calloc(n + 2, sizeof *above);
    if (!above)
        return ctome_error_nomem();
    for (size_t v = 0; v < n; v++) {
        size_t d = g->und_ptr[v + 1] - g->und_ptr[v];
        above[d < n ? d : n]++;
    }
    /* above[k] := #{deg > k} */
    size_t acc = 0;
    for (size_t k = n + 1; k-- > 0;) {
        size_t here = above[k];
        above[k] = acc;
        acc += here;
    }
    size_t tests = 0;
    for (size_t k = 0; k < s->rc_n; k++)
        tests += above[k] >= 2 && (k == 0 || above[k] != above[k - 1]);
    s->rc_tests = tests;
    s->rc_alpha = o->rc_alpha;
    s->rc_z_crit = tests ? gsl_cdf_ugaussian_Qinv(o->rc_alpha / (double)tests) : NAN;
    /* a z from the sd of a handful of nulls is no test */
    for (size_t k = 0; o->n_nulls >= CTOME_STATS_RC_MIN_NULLS && k < s->rc_n; k++)
        s->rc_sig[k] = s->rc_norm[k] > 1 && s->rc_z[k] > s->rc_z_crit;
    s->rc_level = -1;
    if (o->rich_k >= 0) {
        s->rc_level = o->rich_k;
        s->rc_level_user = 1;
    } else {
        size_t k = s->rc_n;
        while (k > 0 && !s->rc_sig[k - 1])
            k--;
        while (k > 0 && s->rc_sig[k - 1])
            k--;
        if (k < s->rc_n && s->rc_sig[k])
            s->rc_level = (long)k;
    }
    s->rc_members = s->rc_level >= 0 && (size_t)s->rc_level <= n ? above[s->rc_level] : 0;
    free(above);
    return CTOME_OK;
}

/* ---- everything -------------------------------------------------------- */

void ctome_stats_clear(ctome_stats *s)
{
    if (!s)
        return;
    ctome_topology_clear(&s->topo);
    free(s->module);
    free(s->rc_phi);
    free(s->rc_null_mean);
    free(s->rc_null_sd);
    free(s->rc_norm);
    free(s->rc_p);
    free(s->rc_z);
    free(s->rc_sig);
    ctome_node_table_free(s->nodes);
    free(s->participation);
    free(s->within_z);
    free(s->rich_club_member);
    memset(s, 0, sizeof *s);
}

static int node_table(const ctome_graph *g, const ctome_stats_opts *o, ctome_stats *s)
{
    int rc = ctome_node_table_compute(g, &s->nodes);
    if (rc)
        return rc;
    s->participation = malloc(g->n * sizeof *s->participation);
    s->within_z = malloc(g->n * sizeof *s->within_z);
    s->rich_club_member = calloc(g->n, sizeof *s->rich_club_member);
    if (!s->participation || !s->within_z || !s->rich_club_member)
        return ctome_error_nomem();
    if (s->module)
        rc = stats_participation(g, s->module, o->weighted, s->participation, s->within_z);
    else
        for (size_t i = 0; i < g->n; i++)
            s->participation[i] = s->within_z[i] = NAN;
    for (size_t i = 0; s->rc_level >= 0 && i < g->n; i++)
        s->rich_club_member[i] =
            (long)(g->und_ptr[i + 1] - g->und_ptr[i]) > s->rc_level;
    return rc;
}

/* nulls_only: counts and the rich club; every other measure NaN. */
static int rich_club_only(const ctome_graph *g, ctome_topology *t)
{
    memset(t, 0, sizeof *t);
    t->n_nodes = g->n;
    t->n_edges = g->directed ? g->m : g->m_und;
    t->directed = g->directed;
    t->density = ctome_density(g);
    t->reciprocity = ctome_reciprocity(g);
    t->transitivity = t->average_clustering = t->average_clustering_weighted = NAN;
    t->char_path_length = t->global_efficiency = t->global_efficiency_weighted = NAN;
    t->degree_assortativity = t->spectral_radius = t->bilateral_symmetry = NAN;
    t->rich_club = malloc((g->n ? g->n : 1) * sizeof *t->rich_club);
    if (!t->rich_club)
        return ctome_error_nomem();
    return ctome_rich_club(g, t->rich_club, &t->rich_club_n);
}

int ctome_stats_compute(const ctome_connectome *c, const ctome_graph *g, const ctome_stats_opts *o,
                        ctome_stats *s)
{
    memset(s, 0, sizeof *s);
    s->q = s->gamma = s->sigma = s->omega = NAN;
    s->rc_level = -1;
    s->model = o->model;
    s->n_nulls = o->n_nulls;
    s->seed = o->seed;
    for (size_t j = 0; j < CTOME_STATS_MOTIFS; j++)
        s->motif_count[j] = s->motif_null_mean[j] = s->motif_null_sd[j] = s->motif_z[j] = NAN;
    s->sw_c = s->sw_l = s->sw_c_rand = s->sw_l_rand = s->sw_c_latt = NAN;
    s->rc_z_crit = NAN;
    if (!(o->rc_alpha > 0 && o->rc_alpha < 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "rich-club alpha must be in (0, 1) (got %g)", o->rc_alpha);
    if (o->n_nulls == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "number of nulls must be at least 1 (got 0): the rich club and motifs "
                           "are normalised by nulls");
    if (o->weighted)
        for (size_t e = 0; e < 2 * g->m_und; e++)
            if (!(g->und_w[e] > 0))
                return ctome_error(CTOME_EVALUE, NULL, 0,
                                   "%s: weighted statistics need positive weights, and this layer has "
                                   "weight %g (signed layers such as functional: run without --weighted)",
                                   c ? c->id : "graph", g->und_w[e]);
    size_t sources = o->path_sources > 0 ? (size_t)o->path_sources : 0;
    /* The large-graph mode follows the graph's size, not how paths were asked
     * for: --path-sources K on a big graph must not bring back the small-world
     * references and the consensus matrix (O(n m) and n x n). Only --exact
     * (path_sources 0) keeps the exact set. */
    if (o->path_sources != 0 && !ctome_path_exact_affordable(g)) {
        s->large = 1;
        if (o->path_sources < 0)
            sources = CTOME_PATH_SOURCES_DEFAULT;
        if (o->nodes)
            return ctome_error(CTOME_EINVAL, NULL, 0,
                               "%s: the per-node table needs exact betweenness and closeness, O(n m) on "
                               "%zu nodes and %zu edges (n x m above %.0e); ask for exact path measures",
                               c ? c->id : "graph", g->n, g->m_und, CTOME_PATH_EXACT_MAX_WORK);
    }
    int rc = o->nulls_only ? rich_club_only(g, &s->topo)
                           : ctome_topology_compute_sampled(c, g, sources, o->seed, &s->topo);
    size_t n = g->n;
    if (!rc) {
        s->rc_n = s->topo.rich_club_n;
        size_t k = s->rc_n ? s->rc_n : 1;
        s->rc_phi = malloc(k * sizeof(double));
        s->rc_null_mean = malloc(k * sizeof(double));
        s->rc_null_sd = malloc(k * sizeof(double));
        s->rc_norm = malloc(k * sizeof(double));
        s->rc_p = malloc(k * sizeof(double));
        s->rc_z = malloc(k * sizeof(double));
        s->rc_sig = calloc(k, sizeof(int));
        if (!s->rc_phi || !s->rc_null_mean || !s->rc_null_sd || !s->rc_norm || !s->rc_p || !s->rc_z ||
            !s->rc_sig)
            rc = ctome_error_nomem();
        else if (s->rc_n)
            memcpy(s->rc_phi, s->topo.rich_club, s->rc_n * sizeof(double));
    }
    if (!rc && g->directed && !o->no_motifs) {
        s->has_motifs = 1;
        rc = stats_motifs_graph(g, s->motif_count);
    }
    if (!rc)
        rc = run_nulls(g, o, s);
    if (!rc)
        rc = rich_club_level(g, o, s);
    if (!rc && !o->nulls_only) {
        s->module = malloc((n ? n : 1) * sizeof *s->module);
        if (!s->module)
            rc = ctome_error_nomem();
        else
            rc = stats_modularity(g, o, s);
    }
    if (!rc && !o->nulls_only && !o->no_smallworld && !s->large)
        rc = stats_smallworld(g, o, s);
    if (!rc && o->nodes)
        rc = node_table(g, o, s);
    if (rc)
        ctome_stats_clear(s);
    return rc;
}
