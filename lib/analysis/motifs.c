/* motifs.c — triad census (Batagelj & Mrvar 2001) and motif z-scores (see
 * motifs.h). */
#include "motifs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static const char *const TRIAD_NAMES[CTOME_TRIAD_CLASSES] = {
    "003", "012", "102", "021D", "021U", "021C", "111D", "111U",
    "030T", "030C", "201", "120D", "120U", "120C", "210", "300"};

/* Census class of a triad (v, u, w) from its 6-bit code: bit 1 v->u, 2 u->v,
 * 4 v->w, 8 w->v, 16 u->w, 32 w->u (Batagelj & Mrvar 2001; the same table as
 * networkx.algorithms.triads.TRICODES, minus one). */
static const uint8_t TRICODE[64] = {
    0, 1, 1, 2, 1, 3, 5, 7, 1, 5, 4, 6, 2, 7, 6, 10,
    1, 5, 3, 7, 4, 8, 8, 12, 5, 9, 8, 13, 6, 13, 11, 14,
    1, 4, 5, 6, 5, 8, 9, 13, 3, 8, 8, 11, 7, 12, 13, 14,
    2, 6, 7, 10, 6, 11, 13, 14, 7, 13, 12, 14, 10, 14, 14, 15};

const char *ctome_triad_name(int i)
{
    return i >= 0 && i < CTOME_TRIAD_CLASSES ? TRIAD_NAMES[i] : NULL;
}

const char *ctome_motif_name(int k)
{
    return k >= 0 && k < CTOME_MOTIF_CLASSES ? TRIAD_NAMES[k + CTOME_MOTIF_FIRST] : NULL;
}

/* The combined neighbourhood of every vertex: one entry per neighbour with
 * two direction bits (1: v -> w, 2: w -> v). */
struct ctome_motif_ws {
    size_t n_cap, m_cap;
    size_t *raw_ptr;     /* n + 1 */
    size_t *cur;         /* n: fill cursors */
    int32_t *raw_idx;    /* 2 m */
    uint8_t *raw_bits;   /* 2 m */
    size_t *ptr;         /* n + 1: deduplicated lists */
    int32_t *idx;        /* 2 m */
    uint8_t *bits;       /* 2 m */
    uint8_t *mark_v;     /* n: bits of v's neighbours, 0 elsewhere */
    uint8_t *mark_u;     /* n: bits of u's neighbours, 0 elsewhere */
};

void ctome_motif_ws_free(ctome_motif_ws *ws)
{
    if (!ws)
        return;
    free(ws->raw_ptr);
    free(ws->cur);
    free(ws->raw_idx);
    free(ws->raw_bits);
    free(ws->ptr);
    free(ws->idx);
    free(ws->bits);
    free(ws->mark_v);
    free(ws->mark_u);
    free(ws);
}

int ctome_motif_ws_new(size_t n, size_t m, ctome_motif_ws **out)
{
    if (!out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "motif workspace: no output");
    *out = NULL;
    ctome_motif_ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return ctome_error(CTOME_ENOMEM, NULL, 0, "motif workspace: out of memory");
    size_t e = 2 * m + 1;
    ws->n_cap = n;
    ws->m_cap = m;
    ws->raw_ptr = malloc((n + 1) * sizeof *ws->raw_ptr);
    ws->cur = malloc((n + 1) * sizeof *ws->cur);
    ws->raw_idx = malloc(e * sizeof *ws->raw_idx);
    ws->raw_bits = malloc(e);
    ws->ptr = malloc((n + 1) * sizeof *ws->ptr);
    ws->idx = malloc(e * sizeof *ws->idx);
    ws->bits = malloc(e);
    ws->mark_v = calloc(n + 1, 1);
    ws->mark_u = calloc(n + 1, 1);
    if (!ws->raw_ptr || !ws->cur || !ws->raw_idx || !ws->raw_bits || !ws->ptr || !ws->idx ||
        !ws->bits || !ws->mark_v || !ws->mark_u) {
        ctome_motif_ws_free(ws);
        return ctome_error(CTOME_ENOMEM, NULL, 0, "motif workspace: out of memory");
    }
    *out = ws;
    return CTOME_OK;
}

/* Build the deduplicated combined neighbour lists.  O(n + m). */
static void build_lists(size_t n, const int32_t *src, const int32_t *dst, size_t m, int directed,
                        ctome_motif_ws *ws)
{
    size_t *rp = ws->raw_ptr;
    memset(rp, 0, (n + 1) * sizeof *rp);
    for (size_t e = 0; e < m; e++) {
        if (src[e] == dst[e])
            continue;
        rp[src[e] + 1]++;
        rp[dst[e] + 1]++;
    }
    for (size_t v = 0; v < n; v++)
        rp[v + 1] += rp[v];
    memcpy(ws->cur, rp, n * sizeof *rp);
    /* directed: a -> b is "out" at a and "in" at b; undirected: both */
    uint8_t at_src = directed ? 1 : 3, at_dst = directed ? 2 : 3;
    for (size_t e = 0; e < m; e++) {
        int32_t a = src[e], b = dst[e];
        if (a == b)
            continue;
        size_t i = ws->cur[a]++;
        ws->raw_idx[i] = b;
        ws->raw_bits[i] = at_src;
        size_t j = ws->cur[b]++;
        ws->raw_idx[j] = a;
        ws->raw_bits[j] = at_dst;
    }
    /* merge the entries of each neighbour (reciprocal or repeated arcs) */
    uint8_t *mk = ws->mark_v;
    size_t k = 0;
    for (size_t v = 0; v < n; v++) {
        ws->ptr[v] = k;
        for (size_t i = rp[v]; i < rp[v + 1]; i++)
            mk[ws->raw_idx[i]] |= ws->raw_bits[i];
        for (size_t i = rp[v]; i < rp[v + 1]; i++) {
            int32_t w = ws->raw_idx[i];
            if (mk[w]) {
                ws->idx[k] = w;
                ws->bits[k] = mk[w];
                k++;
                mk[w] = 0;
            }
        }
    }
    ws->ptr[n] = k;
}

/* The census proper (Batagelj & Mrvar 2001, algorithm "triads"): every
 * connected triad is visited once, from its canonical pair (v, u), v < u
 * adjacent, with the third vertex w in N(u) ∪ N(v) and either u < w, or
 * v < w < u and w not adjacent to v.  Triads with one edge are counted per
 * edge as n - |N(u) ∪ N(v) \ {u, v}| - 2. */
static void census_lists(size_t n, ctome_motif_ws *ws, uint64_t *census)
{
    const size_t *ptr = ws->ptr;
    const int32_t *idx = ws->idx;
    const uint8_t *bits = ws->bits;
    uint8_t *mv = ws->mark_v, *mu = ws->mark_u;
    uint64_t c[CTOME_TRIAD_CLASSES] = {0};
    for (size_t v = 0; v < n; v++) {
        for (size_t i = ptr[v]; i < ptr[v + 1]; i++)
            mv[idx[i]] = bits[i];
        for (size_t i = ptr[v]; i < ptr[v + 1]; i++) {
            size_t u = (size_t)idx[i];
            if (u <= v)
                continue;
            unsigned base = bits[i];
            for (size_t j = ptr[u]; j < ptr[u + 1]; j++)
                mu[idx[j]] = bits[j];
            size_t s = 0;   /* |N(u) ∪ N(v) \ {u, v}| */
            for (size_t j = ptr[v]; j < ptr[v + 1]; j++) {
                size_t w = (size_t)idx[j];
                if (w == u)
                    continue;
                s++;
                if (w > u)
                    c[TRICODE[base | (unsigned)bits[j] << 2 | (unsigned)mu[w] << 4]]++;
            }
            for (size_t j = ptr[u]; j < ptr[u + 1]; j++) {
                size_t w = (size_t)idx[j];
                if (w == v || mv[w])
                    continue;
                s++;
                if (w > v)
                    c[TRICODE[base | (unsigned)bits[j] << 4]]++;
            }
            c[base == 3 ? 2 : 1] += (uint64_t)(n - s - 2);
            for (size_t j = ptr[u]; j < ptr[u + 1]; j++)
                mu[idx[j]] = 0;
        }
        for (size_t i = ptr[v]; i < ptr[v + 1]; i++)
            mv[idx[i]] = 0;
    }
    /* C(n, 3); exact in 64 bits for n < 2.6 million */
    uint64_t total = n >= 3 ? (uint64_t)n * (n - 1) * (n - 2) / 6 : 0;
    uint64_t rest = 0;
    for (int t = 1; t < CTOME_TRIAD_CLASSES; t++)
        rest += c[t];
    c[0] = total - rest;
    memcpy(census, c, sizeof c);
}

int ctome_triad_census_arcs(size_t n, const int32_t *src, const int32_t *dst, size_t m, int directed,
                            ctome_motif_ws *ws, uint64_t census[CTOME_TRIAD_CLASSES])
{
    if (!ws || !census || (m && (!src || !dst)))
        return ctome_error(CTOME_EINVAL, NULL, 0, "triad census: NULL argument");
    if (n > ws->n_cap || (directed ? m : 2 * m) > ws->m_cap)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "triad census: workspace for %zu vertices and %zu arcs is too small for "
                           "%zu vertices and %zu arcs",
                           ws->n_cap, ws->m_cap, n, directed ? m : 2 * m);
    for (size_t e = 0; e < m; e++)
        if (src[e] < 0 || (size_t)src[e] >= n || dst[e] < 0 || (size_t)dst[e] >= n)
            return ctome_error(CTOME_EINVAL, NULL, 0, "triad census: arc %ld -> %ld outside [0, %zu)",
                               (long)src[e], (long)dst[e], n);
    build_lists(n, src, dst, m, directed, ws);
    census_lists(n, ws, census);
    return CTOME_OK;
}

int ctome_triad_census(const ctome_graph *g, ctome_motif_ws *ws, uint64_t census[CTOME_TRIAD_CLASSES])
{
    if (!g || !census)
        return ctome_error(CTOME_EINVAL, NULL, 0, "triad census: NULL argument");
    if (g->n == 0 || g->m == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "triad census: the graph has no edge");
    int32_t *src = malloc(g->m * sizeof *src);
    if (!src)
        return ctome_error(CTOME_ENOMEM, NULL, 0, "triad census: out of memory");
    for (size_t v = 0; v < g->n; v++)
        for (size_t e = g->out_ptr[v]; e < g->out_ptr[v + 1]; e++)
            src[e] = (int32_t)v;
    ctome_motif_ws *own = NULL;
    int rc = CTOME_OK;
    if (!ws) {
        rc = ctome_motif_ws_new(g->n, g->m, &own);
        ws = own;
    }
    if (!rc)
        rc = ctome_triad_census_arcs(g->n, src, g->out_idx, g->m, 1, ws, census);
    ctome_motif_ws_free(own);
    free(src);
    return rc;
}

int ctome_motif_counts(const ctome_graph *g, ctome_motif_ws *ws, double counts[CTOME_MOTIF_CLASSES])
{
    uint64_t c[CTOME_TRIAD_CLASSES];
    int rc = ctome_triad_census(g, ws, c);
    if (rc)
        return rc;
    for (int k = 0; k < CTOME_MOTIF_CLASSES; k++)
        counts[k] = (double)c[k + CTOME_MOTIF_FIRST];
    return CTOME_OK;
}

int ctome_motif_zscores(const double counts[CTOME_MOTIF_CLASSES], const double *null_counts,
                        size_t n_null, double *mean, double *sd, double *z)
{
    if (!counts || !null_counts || !z)
        return ctome_error(CTOME_EINVAL, NULL, 0, "motif z-scores: NULL argument");
    if (n_null < 2)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "motif z-scores: need at least 2 nulls for a standard deviation, got '%zu'",
                           n_null);
    for (int k = 0; k < CTOME_MOTIF_CLASSES; k++) {
        double mu = 0;
        for (size_t r = 0; r < n_null; r++)
            mu += null_counts[r * CTOME_MOTIF_CLASSES + k];
        mu /= (double)n_null;
        double ss = 0;   /* two-pass: exact for identical nulls (sd = 0) */
        for (size_t r = 0; r < n_null; r++) {
            double d = null_counts[r * CTOME_MOTIF_CLASSES + k] - mu;
            ss += d * d;
        }
        double s = sqrt(ss / (double)(n_null - 1));
        if (mean)
            mean[k] = mu;
        if (sd)
            sd[k] = s;
        z[k] = s > 0 ? (counts[k] - mu) / s : NAN;
    }
    return CTOME_OK;
}
