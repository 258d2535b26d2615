/* nulls.c — one null replicate: Maslov-Sneppen, strength-preserving and
 * geometry-preserving rewiring (definitions in nulls.h).  Ensembles are in
 * nulls_ensemble.c.
 */
#include "nulls.h"
#include "error.h"
#include "nulls_internal.h"
#include "bigmem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- options ---- */

static const char *const MODEL_NAMES[] = {"maslov-sneppen", "strength", "geometry"};

const char *ctome_null_model_name(ctome_null_model m)
{
    return (unsigned)m < 3 ? MODEL_NAMES[m] : "unknown";
}

int ctome_null_model_parse(const char *s, ctome_null_model *m)
{
    if (s) {
        for (int i = 0; i < 3; i++)
            if (strcmp(s, MODEL_NAMES[i]) == 0) {
                *m = (ctome_null_model)i;
                return CTOME_OK;
            }
        if (strcmp(s, "ms") == 0 || strcmp(s, "degree") == 0) {
            *m = CTOME_NULL_MASLOV_SNEPPEN;
            return CTOME_OK;
        }
    }
    return ctome_error(CTOME_EINVAL, NULL, 0,
                       "unknown null model '%s' (models: maslov-sneppen, strength, geometry)",
                       s ? s : "");
}

void ctome_null_opts_default(ctome_null_opts *o)
{
    memset(o, 0, sizeof *o);
    o->model = CTOME_NULL_MASLOV_SNEPPEN;
    /* 10 swaps per edge: BCT randmio_* and networkx practice; the rich club
     * and motif counts of C. elegans layers are stable from about 5. */
    o->swaps_per_edge = 10;
    o->max_tries = 100;
    /* netneurotools strength_preserving_rand_sa (Milisav et al. 2024). */
    o->sa_stages = 100;
    o->sa_iter = 10000;
    o->sa_temp = 1000;
    o->sa_cool = 0.5;
    o->n_bins = 10;
}

/* ---- workspace (nulls_internal.h) ---- */

static inline uint64_t key_of(int32_t u, int32_t v) { return (uint64_t)(uint32_t)u << 32 | (uint32_t)v; }

void ctome_null_ws_free(ctome_null_ws *ws)
{
    if (!ws)
        return;
    free(ws->src0);
    free(ws->dst0);
    free(ws->w0);
    free(ws->src);
    free(ws->dst);
    free(ws->w);
    free(ws->arc0);
    free(ws->arc);
    free(ws->slot_of);
    free(ws->order);
    free(ws->ssrc);
    free(ws->sdst);
    free(ws->sw);
    free(ws->h.slot);
    free(ws->bits);
    free(ws->cnt);
    free(ws->binm);
    free(ws->s_orig);
    free(ws->dev);
    free(ws->w_best);
    free(ws->pos);
    free(ws->edges2);
    free(ws->partner0);
    free(ws->partner);
    free(ws->carc0);
    free(ws);
}

static int check_opts(const ctome_graph *g, const ctome_null_opts *o)
{
    if ((unsigned)o->model > CTOME_NULL_GEOMETRY)
        return ctome_error(CTOME_EINVAL, NULL, 0, "null model: unknown model %d", (int)o->model);
    if (!isfinite(o->swaps_per_edge) || o->swaps_per_edge <= 0 || o->swaps_per_edge > 1e6)
        return ctome_error(CTOME_EINVAL, NULL, 0, "null model: swaps per edge must be in (0, 1e6] (got %g)",
                           o->swaps_per_edge);
    if (!isfinite(o->max_tries) || o->max_tries < 1)
        return ctome_error(CTOME_EINVAL, NULL, 0, "null model: max tries per swap must be >= 1 (got %g)",
                           o->max_tries);
    if (o->model == CTOME_NULL_STRENGTH &&
        (!isfinite(o->sa_temp) || o->sa_temp < 0 || !(o->sa_cool > 0 && o->sa_cool <= 1)))
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "strength null: need initial temperature >= 0 and cooling factor in (0, 1] "
                           "(got %g, %g)", o->sa_temp, o->sa_cool);
    if (o->model == CTOME_NULL_GEOMETRY) {
        if (o->n_bins < 1 || o->n_bins > 10000)
            return ctome_error(CTOME_EINVAL, NULL, 0, "geometry null: bins must be in 1..10000 (got %d)",
                               o->n_bins);
        if (!o->pos)
            return ctome_error(CTOME_EINVAL, NULL, 0,
                               "geometry null: no vertex positions (get them with ctome_nulls_positions)");
    }
    size_t m = g->directed ? g->m : g->m_und;
    if (m < 2)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "cannot rewire: the graph has %zu edge%s (a swap needs two)", m, m == 1 ? "" : "s");
    double pairs = (double)g->n * (double)(g->n - 1) / (g->directed ? 1 : 2);
    if ((double)m >= pairs)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "cannot rewire: the graph is complete (%zu vertices, %zu %s)", g->n, m,
                           g->directed ? "arcs" : "edges");
    if (g->n > INT32_MAX)
        return ctome_error(CTOME_EINVAL, NULL, 0, "graph too large (%zu vertices)", g->n);
    return CTOME_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int geometry_setup(ctome_null_ws *ws)
{
    size_t n = ws->n, m = ws->m;
    int k = ws->o.n_bins;
    ws->pos = malloc(3 * n * sizeof *ws->pos);
    ws->edges2 = malloc((size_t)(k > 1 ? k - 1 : 1) * sizeof *ws->edges2);
    double *len = malloc(m * sizeof *len);
    if (!ws->pos || !ws->edges2 || !len) {
        free(len);
        return ctome_error_nomem();
    }
    memcpy(ws->pos, ws->o.pos, 3 * n * sizeof *ws->pos);
    for (size_t i = 0; i < 3 * n; i++)
        if (!isfinite(ws->pos[i])) {
            free(len);
            return ctome_error(CTOME_EVALUE, NULL, 0, "geometry null: vertex %zu has a non-finite position",
                               i / 3);
        }
    ws->o.pos = ws->pos;
    for (size_t e = 0; e < m; e++)
        len[e] = dist2(ws->pos, ws->src0[e], ws->dst0[e]);
    qsort(len, m, sizeof *len, cmp_double);
    /* Quantile edges: edge j (1..k-1) is the (j m / k)-th smallest length. */
    for (int j = 1; j < k; j++)
        ws->edges2[j - 1] = len[(size_t)((double)j * (double)m / k)];
    free(len);
    if (n <= CTOME_NULL_BITS_MAX_N && k <= 255) {
        if (!(ws->binm = malloc((n ? n * n : 1) * sizeof *ws->binm)))
            return ctome_error_nomem();
        for (size_t u = 0; u < n; u++)
            for (size_t v = 0; v < n; v++)
                ws->binm[u * n + v] = (uint8_t)bin_of(ws, dist2(ws->pos, (int32_t)u, (int32_t)v));
    }
    return CTOME_OK;
}

static int strength_setup(ctome_null_ws *ws)
{
    size_t n = ws->n, ns = ws->directed ? 2 * n : n;
    ws->s_orig = calloc(ns, sizeof *ws->s_orig);
    ws->dev = malloc(ns * sizeof *ws->dev);
    ws->w_best = malloc(ws->m * sizeof *ws->w_best);
    if (!ws->s_orig || !ws->dev || !ws->w_best)
        return ctome_error_nomem();
    for (size_t e = 0; e < ws->m; e++) {
        ws->s_orig[ws->src0[e]] += ws->w0[e];
        ws->s_orig[(ws->directed ? n : 0) + (size_t)ws->dst0[e]] += ws->w0[e];
    }
    ws->s_norm2 = 0;
    for (size_t i = 0; i < ns; i++)
        ws->s_norm2 += ws->s_orig[i] * ws->s_orig[i];
    return CTOME_OK;
}

/* Pair every arc with its reverse (src0/dst0 are sorted by (src, dst), so
 * the reverse is found by binary search in its source's run), then pack the
 * single arcs first and the mutual ones after them, each kind in slot order
 * (nulls_internal.h). */
static int mutual_setup(ctome_null_ws *ws)
{
    size_t m = ws->m;
    ws->mutual = 1;
    int32_t *rev = malloc((m ? m : 1) * sizeof *rev);
    size_t *packed_of = malloc((m ? m : 1) * sizeof *packed_of);
    ws->slot_of = malloc((m ? m : 1) * sizeof *ws->slot_of);
    ws->partner0 = malloc((m ? m : 1) * sizeof *ws->partner0);
    ws->partner = ctome_alloc_big(m * sizeof *ws->partner);
    if (!rev || !packed_of || !ws->slot_of || !ws->partner0 || !ws->partner) {
        free(rev);
        free(packed_of);
        return ctome_error_nomem();
    }
    const size_t *ptr = ws->g->out_ptr;
    ws->n_single = ws->n_mutual = 0;
    for (size_t e = 0; e < m; e++) {
        int32_t u = ws->src0[e], v = ws->dst0[e];
        size_t lo = ptr[v], hi = ptr[v + 1];
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (ws->dst0[mid] < u)
                lo = mid + 1;
            else
                hi = mid;
        }
        int has = lo < ptr[v + 1] && ws->dst0[lo] == u;
        rev[e] = has ? (int32_t)lo : -1;
        if (has)
            ws->n_mutual++;
        else
            ws->n_single++;
    }
    size_t ks = 0, km = ws->n_single;
    for (size_t e = 0; e < m; e++) {
        size_t x = rev[e] < 0 ? ks++ : km++;
        ws->slot_of[x] = e;
        packed_of[e] = x;
    }
    for (size_t x = 0; x < m; x++) {
        size_t e = ws->slot_of[x];
        ws->partner0[x] = rev[e] < 0 ? -1 : (int32_t)packed_of[rev[e]];
        ws->arc0[x] = (ctome_arc){ws->src0[e], ws->dst0[e]};
    }
    free(rev);
    free(packed_of);
    if (ws->n_single < 2 && ws->n_mutual < 4)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "cannot rewire keeping mutual dyads: %zu single arcs and %zu mutual pairs "
                           "(a swap needs two of one kind)", ws->n_single, ws->n_mutual / 2);
    return CTOME_OK;
}

int ctome_null_uses_complement(const ctome_graph *g, const ctome_null_opts *o)
{
    if (!o->complement || o->model != CTOME_NULL_MASLOV_SNEPPEN || (o->keep_mutual && g->directed) ||
        g->n > CTOME_NULL_BITS_MAX_N || g->n < 2)
        return 0;
    size_t m = g->directed ? g->m : g->m_und;
    size_t pairs = g->n * (g->n - 1) / (g->directed ? 1 : 2);
    return m < pairs && m > pairs - m;
}

const char *ctome_null_chain_name(const ctome_graph *g, const ctome_null_opts *o)
{
    return ctome_null_uses_complement(g, o) ? "complement" : "plain";
}

/* The complement chain's start: every off-diagonal pair (undirected: u < v)
 * that is not an edge, in (src, dst) order, from a bit matrix of arc0. */
static int complement_setup(ctome_null_ws *ws)
{
    size_t n = ws->n, m = ws->m;
    size_t pairs = n * (n - 1) / (ws->directed ? 1 : 2);
    ws->comp = 1;
    ws->mc = pairs - m;
    uint64_t *b = calloc((n * n + 63) / 64 + 1, sizeof *b);
    ws->carc0 = malloc((ws->mc ? ws->mc : 1) * sizeof *ws->carc0);
    if (!b || !ws->carc0) {
        free(b);
        return ctome_error_nomem();
    }
    for (size_t e = 0; e < m; e++) {
        size_t x = (size_t)ws->arc0[e].u * n + (size_t)ws->arc0[e].v;
        b[x >> 6] |= (uint64_t)1 << (x & 63);
    }
    size_t k = 0;
    for (size_t u = 0; u < n; u++)
        for (size_t v = ws->directed ? 0 : u + 1; v < n; v++) {
            size_t x = u * n + v;
            if (u != v && !(b[x >> 6] >> (x & 63) & 1) && k < ws->mc)
                ws->carc0[k++] = (ctome_arc){(int32_t)u, (int32_t)v};
        }
    free(b);
    return k == ws->mc ? CTOME_OK
                       : ctome_error(CTOME_EINVAL, NULL, 0, "null model: complement has %zu pairs, not %zu", k,
                                     ws->mc);
}

int ctome_null_ws_new(const ctome_graph *g, const ctome_null_opts *o, ctome_null_ws **out)
{
    *out = NULL;
    int rc = check_opts(g, o);
    if (rc)
        return rc;
    ctome_null_ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return ctome_error_nomem();
    ws->g = g;
    ws->o = *o;
    ws->n = g->n;
    ws->directed = g->directed;
    size_t m = ws->m = g->directed ? g->m : g->m_und;
    ws->src0 = malloc(m * sizeof *ws->src0);
    ws->dst0 = malloc(m * sizeof *ws->dst0);
    ws->w0 = malloc(m * sizeof *ws->w0);
    ws->src = malloc(m * sizeof *ws->src);
    ws->dst = malloc(m * sizeof *ws->dst);
    ws->w = malloc(m * sizeof *ws->w);
    ws->arc0 = malloc((m ? m : 1) * sizeof *ws->arc0);
    ws->arc = ctome_alloc_big(m * sizeof *ws->arc);
    ws->order = malloc(2 * m * sizeof *ws->order);
    ws->ssrc = malloc(m * sizeof *ws->ssrc);
    ws->sdst = malloc(m * sizeof *ws->sdst);
    ws->sw = malloc(m * sizeof *ws->sw);
    ws->cnt = malloc((g->n + 1) * sizeof *ws->cnt);
    int adj_ok;
    if (g->n <= CTOME_NULL_BITS_MAX_N) {
        /* n^2 bits (11 KiB for the 302 hermaphrodite neurons) stay in L1. */
        ws->bits = malloc(((g->n * g->n + 63) / 64 + 1) * sizeof *ws->bits);
        adj_ok = ws->bits != NULL;
    } else {
        int bits = 2;
        while (((uint64_t)1 << bits) < 4 * (uint64_t)m)
            bits++;
        ws->h.mask = ((uint64_t)1 << bits) - 1;
        ws->h.shift = 64 - bits;
        ws->h.slot = ctome_alloc_big(((size_t)1 << bits) * sizeof *ws->h.slot);
        adj_ok = ws->h.slot != NULL;
    }
    if (!ws->src0 || !ws->dst0 || !ws->w0 || !ws->src || !ws->dst || !ws->w || !ws->arc0 || !ws->arc ||
        !ws->order ||
        !ws->ssrc || !ws->sdst || !ws->sw || !ws->cnt || !adj_ok) {
        ctome_null_ws_free(ws);
        return ctome_error_nomem();
    }
    /* The CSR out view lists arcs sorted by (src, dst): a canonical start. */
    size_t k = 0;
    for (size_t u = 0; u < g->n; u++)
        for (size_t p = g->out_ptr[u]; p < g->out_ptr[u + 1]; p++) {
            if (!g->directed && g->out_idx[p] < (int32_t)u)
                continue;
            ws->src0[k] = (int32_t)u;
            ws->dst0[k] = g->out_idx[p];
            ws->arc0[k] = (ctome_arc){(int32_t)u, g->out_idx[p]};
            ws->w0[k++] = g->out_w[p];
        }
    rc = k == m ? CTOME_OK : ctome_error(CTOME_EINVAL, NULL, 0, "graph views disagree (%zu != %zu edges)", k, m);
    if (!rc && o->model == CTOME_NULL_GEOMETRY)
        rc = geometry_setup(ws);
    if (!rc && o->model == CTOME_NULL_STRENGTH)
        rc = strength_setup(ws);
    if (!rc && o->keep_mutual && g->directed)
        rc = mutual_setup(ws);
    if (!rc && ctome_null_uses_complement(g, o))
        rc = complement_setup(ws);
    if (rc) {
        ctome_null_ws_free(ws);
        return rc;
    }
    *out = ws;
    return CTOME_OK;
}

/* ---- rewiring: nulls_swap.c ---- */

/* Energy change of adding delta[k] to dev[v[k]] for k < cnt (vertices may
 * repeat), applied in place. */
static inline double apply_deltas(double *dev, const size_t *v, const double *delta, int cnt)
{
    double before = 0, after = 0;
    for (int k = 0; k < cnt; k++) {
        int seen = 0;
        for (int l = 0; l < k; l++)
            seen |= v[l] == v[k];
        if (!seen)
            before += dev[v[k]] * dev[v[k]];
    }
    for (int k = 0; k < cnt; k++)
        dev[v[k]] += delta[k];
    for (int k = 0; k < cnt; k++) {
        int seen = 0;
        for (int l = 0; l < k; l++)
            seen |= v[l] == v[k];
        if (!seen)
            after += dev[v[k]] * dev[v[k]];
    }
    return after - before;
}

/* Exact energy and deviations from the current weights. */
static double strength_energy(ctome_null_ws *ws)
{
    size_t n = ws->n, ns = ws->directed ? 2 * n : n;
    for (size_t i = 0; i < ns; i++)
        ws->dev[i] = -ws->s_orig[i];
    for (size_t e = 0; e < ws->m; e++) {
        ws->dev[ws->src[e]] += ws->w[e];
        ws->dev[(ws->directed ? n : 0) + (size_t)ws->dst[e]] += ws->w[e];
    }
    double E = 0;
    for (size_t i = 0; i < ns; i++)
        E += ws->dev[i] * ws->dev[i];
    return E;
}

/* Simulated annealing over weight swaps (Milisav et al. 2024; netneurotools
 * strength_preserving_rand_sa with energy 'sse'). */
static void anneal(ctome_null_ws *ws, ctome_rng *r, ctome_null_info *info)
{
    size_t m = ws->m, n = ws->n, off = ws->directed ? n : 0;
    double *w = ws->w;
    /* Deal the original weights to the rewired edges in random order. */
    for (size_t i = m; i > 1; i--) {
        size_t j = ctome_rng_below(r, i);
        double x = w[i - 1];
        w[i - 1] = w[j];
        w[j] = x;
    }
    double E = strength_energy(ws), best = E, T = ws->o.sa_temp;
    info->strength_error0 = ws->s_norm2 > 0 ? sqrt(E / ws->s_norm2) : 0;
    memcpy(ws->w_best, w, m * sizeof *w);
    for (size_t st = 0; st < ws->o.sa_stages; st++) {
        for (size_t it = 0; it < ws->o.sa_iter; it++) {
            size_t i = ctome_rng_below(r, m), j = ctome_rng_below(r, m);
            double dw = w[j] - w[i];   /* edge i gains dw, edge j loses it */
            if (i == j || dw == 0)
                continue;
            size_t v[4] = {(size_t)ws->src[i], off + (size_t)ws->dst[i], (size_t)ws->src[j],
                           off + (size_t)ws->dst[j]};
            double dl[4] = {dw, dw, -dw, -dw};
            double dE = apply_deltas(ws->dev, v, dl, 4);
            if (dE <= 0 || (T > 0 && ctome_rng_uniform(r) < exp(-dE / T))) {
                double x = w[i];
                w[i] = w[j];
                w[j] = x;
                E += dE;
            } else {
                double ndl[4] = {-dw, -dw, dw, dw};
                apply_deltas(ws->dev, v, ndl, 4);
            }
        }
        T *= ws->o.sa_cool;
        /* Re-sum once per stage: no drift from millions of increments. */
        E = strength_energy(ws);
        if (E < best) {
            best = E;
            memcpy(ws->w_best, w, m * sizeof *w);
        }
    }
    memcpy(w, ws->w_best, m * sizeof *w);
    E = strength_energy(ws);
    info->strength_error = ws->s_norm2 > 0 ? sqrt(E / ws->s_norm2) : 0;
}

/* Sort the null's edges by (src, dst) into ssrc/sdst/sw: two stable
 * counting-sort passes (by dst, then by src), O(n + m). */
static void sort_out(ctome_null_ws *ws)
{
    size_t m = ws->m, n = ws->n;
    uint64_t *a = ws->order, *b = a + m;
    size_t *cnt = ws->cnt;
    int32_t *lo = ws->ssrc, *hi = ws->sdst;   /* oriented endpoints, reused below */
    for (size_t e = 0; e < m; e++) {
        int32_t u = ws->src[e], v = ws->dst[e];
        if (!ws->directed && u > v) {
            int32_t x = u;
            u = v;
            v = x;
        }
        lo[e] = u;
        hi[e] = v;
    }
    for (int pass = 0; pass < 2; pass++) {
        const int32_t *key = pass ? lo : hi;
        memset(cnt, 0, (n + 1) * sizeof *cnt);
        for (size_t e = 0; e < m; e++)
            cnt[key[e] + 1]++;
        for (size_t i = 0; i < n; i++)
            cnt[i + 1] += cnt[i];
        for (size_t k = 0; k < m; k++) {
            uint64_t e = pass ? a[k] : k;
            (pass ? b : a)[cnt[key[e]]++] = e;
        }
    }
    /* b lists the slots in (src, dst) order.  lo/hi alias the outputs, so
     * the sorted keys go through a first. */
    for (size_t k = 0; k < m; k++)
        a[k] = key_of(lo[b[k]], hi[b[k]]);
    for (size_t k = 0; k < m; k++) {
        ws->ssrc[k] = (int32_t)(a[k] >> 32);
        ws->sdst[k] = (int32_t)(uint32_t)a[k];
        ws->sw[k] = ws->w[b[k]];
    }
}

int ctome_null_run(ctome_null_ws *ws, ctome_rng *r, ctome_null_info *info, const int32_t **src,
                   const int32_t **dst, const double **w, size_t *m)
{
    ctome_null_info tmp;
    if (!info)
        info = &tmp;
    memset(info, 0, sizeof *info);
    memcpy(ws->w, ws->w0, ws->m * sizeof *ws->w);
    ctome_null_rewire(ws, r, info);
    if (info->swaps == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "cannot rewire: no %sswap possible in %llu attempts (%zu vertices, %zu edges: "
                           "too few or too dense)",
                           ws->o.model == CTOME_NULL_GEOMETRY ? "length-bin-preserving " : "",
                           (unsigned long long)info->attempts, ws->n, ws->m);
    if (ws->o.model == CTOME_NULL_STRENGTH)
        anneal(ws, r, info);
    sort_out(ws);
    *src = ws->ssrc;
    *dst = ws->sdst;
    *w = ws->sw;
    *m = ws->m;
    return CTOME_OK;
}

/* ---- positions ---- */

int ctome_nulls_positions(const ctome_graph *g, const ctome_connectome *c, int drop_missing,
                          ctome_graph **sub, double **pos, size_t *n_dropped)
{
    *sub = NULL;
    *pos = NULL;
    *n_dropped = 0;
    if (!g->node)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "geometry null: the graph has no node table (build it with ctome_graph_from_layer)");
    size_t n = g->n, miss = 0;
    int32_t *keep = malloc((n ? n : 1) * sizeof *keep);
    double *p = malloc((n ? 3 * n : 1) * sizeof *p);
    if (!keep || !p) {
        free(keep);
        free(p);
        return ctome_error_nomem();
    }
    char names[512] = "";
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        const ctome_node *nd = &c->nodes[g->node[i]];
        const ctome_neuron *r = c->reg && nd->reg >= 0 ? ctome_registry_neuron(c->reg, (size_t)nd->reg) : NULL;
        if (r && r->has_pos) {
            memcpy(p + 3 * kept, r->pos, 3 * sizeof *p);
            keep[i] = (int32_t)kept++;
            continue;
        }
        keep[i] = -1;
        if (miss < 12) {
            strncat(names, miss ? ", " : "", sizeof names - strlen(names) - 1);
            strncat(names, nd->name, sizeof names - strlen(names) - 1);
        }
        miss++;
    }
    if (miss == 0) {
        free(keep);
        *pos = p;
        return CTOME_OK;
    }
    if (!drop_missing) {
        free(keep);
        free(p);
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "%s: geometry null: no soma position for %zu neuron%s: %s%s (drop them with "
                           "the drop-missing policy)",
                           c->id, miss, miss == 1 ? "" : "s", names, miss > 12 ? ", ..." : "");
    }
    /* Induced subgraph on the placed vertices, keeping their node indices. */
    size_t me = g->directed ? g->m : g->m_und;
    int32_t *s = NULL, *d = NULL;
    double *w = NULL;
    size_t k = 0;
    int rc = ctome_graph_edges(g, &s, &d, &w, &me);
    for (size_t e = 0; !rc && e < me; e++)
        if (keep[s[e]] >= 0 && keep[d[e]] >= 0) {
            s[k] = keep[s[e]];
            d[k] = keep[d[e]];
            w[k++] = w[e];
        }
    ctome_graph *h = NULL;
    int *node = NULL;
    if (!rc && k == 0)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "%s: geometry null: no edge left between placed neurons",
                         c->id);
    if (!rc)
        rc = ctome_graph_from_edges(kept, s, d, w, k, g->directed, &h);
    if (!rc && !(node = malloc((kept ? kept : 1) * sizeof *node)))
        rc = ctome_error_nomem();
    free(s);
    free(d);
    free(w);
    if (rc) {
        ctome_graph_free(h);
        free(keep);
        free(p);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        if (keep[i] >= 0)
            node[keep[i]] = g->node[i];
    h->node = node;
    free(keep);
    *sub = h;
    *pos = p;
    *n_dropped = miss;
    return CTOME_OK;
}
