/* smallworld.c — lattice reference and the sigma / omega indices (see
 * smallworld.h). */
#include "smallworld.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "nulls.h"
#include "topology.h"

void ctome_smallworld_opts_default(ctome_smallworld_opts *o)
{
    memset(o, 0, sizeof *o);
    o->n_rand = 10;
    o->swaps_per_edge = 10;
    o->lattice_iter = 50;
    o->threads = 0;
}

/* ---- lattice reference --------------------------------------------------- */

static inline size_t ring_dist(int32_t i, int32_t j, size_t n)
{
    size_t d = (size_t)(i > j ? i - j : j - i);
    return d < n - d ? d : n - d;
}

/* Whether u and v are adjacent: scan the shorter slot list. */
static int adjacent(const size_t *ptr, const int32_t *slot, int32_t u, int32_t v)
{
    if (ptr[u + 1] - ptr[u] > ptr[v + 1] - ptr[v]) {
        int32_t t = u;
        u = v;
        v = t;
    }
    for (size_t i = ptr[u]; i < ptr[u + 1]; i++)
        if (slot[i] == v)
            return 1;
    return 0;
}

/* Replace neighbour `from` of u by `to`. */
static void replace(const size_t *ptr, int32_t *slot, int32_t u, int32_t from, int32_t to)
{
    for (size_t i = ptr[u]; i < ptr[u + 1]; i++)
        if (slot[i] == from) {
            slot[i] = to;
            return;
        }
}

int ctome_lattice_reference(const ctome_graph *g, double iter_per_edge, ctome_rng *r,
                            ctome_graph **out)
{
    if (!g || !r || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "lattice reference: NULL argument");
    *out = NULL;
    size_t n = g->n, m = g->m_und;
    if (m < 2 || n < 4)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "lattice reference: needs at least 2 edges and 4 vertices, got %zu and %zu",
                           m, n);
    if (!(iter_per_edge >= 0) || !isfinite(iter_per_edge))
        return ctome_error(CTOME_EINVAL, NULL, 0, "lattice reference: bad iterations per edge '%g'",
                           iter_per_edge);
    int32_t *es = malloc(m * sizeof *es), *ed = malloc(m * sizeof *ed);
    int32_t *slot = malloc(2 * m * sizeof *slot);
    if (!es || !ed || !slot) {
        free(es);
        free(ed);
        free(slot);
        return ctome_error(CTOME_ENOMEM, NULL, 0, "lattice reference: out of memory");
    }
    /* the slot lists start as und's neighbour lists; degrees never change */
    memcpy(slot, g->und_idx, 2 * m * sizeof *slot);
    const size_t *ptr = g->und_ptr;
    size_t k = 0;
    for (size_t v = 0; v < n; v++)
        for (size_t e = ptr[v]; e < ptr[v + 1]; e++)
            if ((size_t)g->und_idx[e] > v) {
                es[k] = (int32_t)v;
                ed[k] = g->und_idx[e];
                k++;
            }
    uint64_t iters = (uint64_t)llround(iter_per_edge * (double)m);
    uint64_t max_att = (uint64_t)llround((double)m / (double)(n - 1));
    if (max_att < 1)
        max_att = 1;
    for (uint64_t it = 0; it < iters; it++) {
        for (uint64_t att = 0; att < max_att; att++) {
            size_t e1 = (size_t)ctome_rng_below(r, m), e2 = (size_t)ctome_rng_below(r, m);
            if (e1 == e2)
                continue;
            int32_t a = es[e1], b = ed[e1], c = es[e2], d = ed[e2];
            if (ctome_rng_next(r) >> 63) {   /* either orientation of the second edge */
                int32_t t = c;
                c = d;
                d = t;
            }
            if (a == c || a == d || b == c || b == d)
                continue;
            if (adjacent(ptr, slot, a, d) || adjacent(ptr, slot, c, b))
                continue;
            if (ring_dist(a, b, n) + ring_dist(c, d, n) < ring_dist(a, d, n) + ring_dist(c, b, n))
                continue;
            replace(ptr, slot, a, b, d);
            replace(ptr, slot, d, c, a);
            replace(ptr, slot, c, d, b);
            replace(ptr, slot, b, a, c);
            es[e1] = a;
            ed[e1] = d;
            es[e2] = c;
            ed[e2] = b;
            break;
        }
    }
    free(slot);
    ctome_graph *lg = NULL;
    int rc = ctome_graph_from_edges(n, es, ed, NULL, m, 0, &lg);
    free(es);
    free(ed);
    if (rc)
        return rc;
    if (g->node) {
        lg->node = malloc(n * sizeof *lg->node);
        if (!lg->node) {
            ctome_graph_free(lg);
            return ctome_error(CTOME_ENOMEM, NULL, 0, "lattice reference: out of memory");
        }
        memcpy(lg->node, g->node, n * sizeof *lg->node);
    }
    *out = lg;
    return CTOME_OK;
}

/* ---- G(n, m) ----------------------------------------------------------- */

int ctome_gnm_graph(size_t n, size_t m, ctome_rng *r, ctome_graph **out)
{
    *out = NULL;
    double pairs = (double)n * ((double)n - 1) / 2;
    if (n < 2 || (double)m > pairs || n > INT32_MAX)
        return ctome_error(CTOME_EVALUE, NULL, 0, "G(n, m): no simple graph with %zu vertices and %zu edges",
                           n, m);
    int32_t *s = malloc((m ? m : 1) * sizeof *s), *d = malloc((m ? m : 1) * sizeof *d);
    /* taken pairs: an n x n bit matrix, or a linear-probing set of u*n+v keys */
    int bits = n <= 8192;
    size_t cap = 4;
    while (!bits && cap < 4 * m)
        cap *= 2;
    uint64_t *set = bits ? calloc((n * n + 63) / 64, sizeof *set) : malloc(cap * sizeof *set);
    if (!s || !d || !set) {
        free(s);
        free(d);
        free(set);
        return ctome_error_nomem();
    }
    if (!bits)
        memset(set, 0xff, cap * sizeof *set);
    size_t k = 0;
    while (k < m) {
        uint64_t u = ctome_rng_below(r, n), v = ctome_rng_below(r, n);
        if (u == v)
            continue;
        if (u > v) {
            uint64_t t = u;
            u = v;
            v = t;
        }
        uint64_t key = u * n + v;
        if (bits) {
            if (set[key >> 6] >> (key & 63) & 1)
                continue;
            set[key >> 6] |= (uint64_t)1 << (key & 63);
        } else {
            size_t i = (size_t)((key * 0x9E3779B97F4A7C15ULL) & (cap - 1));
            while (set[i] != UINT64_MAX && set[i] != key)
                i = (i + 1) & (cap - 1);
            if (set[i] == key)
                continue;
            set[i] = key;
        }
        s[k] = (int32_t)u;
        d[k++] = (int32_t)v;
    }
    free(set);
    int rc = ctome_graph_from_edges(n, s, d, NULL, m, 0, out);
    free(s);
    free(d);
    return rc;
}

/* C and L of G(n, m) references 0 .. n_rand-1 (stream i of seed), in
 * parallel; res[2i] = C, res[2i+1] = L.  The first failing replicate's
 * status is returned (its message restated on this thread). */
static int gnm_refs(size_t n, size_t m, const ctome_smallworld_opts *o, uint64_t seed, double *res)
{
    int *rc_i = calloc(o->n_rand, sizeof *rc_i);
    if (!rc_i)
        return ctome_error_nomem();
    int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
    long nr = (long)o->n_rand;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
    for (long i = 0; i < nr; i++) {
        ctome_rng r;
        ctome_rng_seed(&r, seed, (uint64_t)i);
        ctome_graph *h = NULL;
        int e = ctome_gnm_graph(n, m, &r, &h);
        if (!e)
            e = ctome_average_clustering(h, 0, &res[2 * i]);
        if (!e)
            e = ctome_char_path_length(h, &res[2 * i + 1], NULL);
        ctome_graph_free(h);
        rc_i[i] = e;
    }
    int rc = CTOME_OK;
    for (size_t i = 0; !rc && i < o->n_rand; i++)
        rc = rc_i[i];
    free(rc_i);
    if (rc)
        return ctome_error(rc, NULL, 0, "small world: a G(n, m) reference failed (%s)", ctome_status_name(rc));
    return CTOME_OK;
}

/* ---- sigma and omega ----------------------------------------------------- */

/* Null statistic: average clustering and characteristic path length. */
static int random_stats(const ctome_null_view *v, void *user, double *res)
{
    (void)user;
    ctome_graph *ng = NULL;
    int rc = ctome_null_view_graph(v, &ng);
    if (rc)
        return rc;
    rc = ctome_average_clustering(ng, 0, &res[0]);
    if (!rc)
        rc = ctome_char_path_length(ng, &res[1], NULL);
    ctome_graph_free(ng);
    return rc;
}

int ctome_small_world(const ctome_graph *g, const ctome_smallworld_opts *o, uint64_t seed,
                      ctome_smallworld *out)
{
    ctome_smallworld_opts def;
    if (!o) {
        ctome_smallworld_opts_default(&def);
        o = &def;
    }
    if (!g || !out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "small world: NULL argument");
    memset(out, 0, sizeof *out);
    if (o->n_rand == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "small world: the number of nulls must be >= 1");
    if (g->m_und < 2)
        return ctome_error(CTOME_EVALUE, NULL, 0, "small world: needs at least 2 edges, got %zu",
                           g->m_und);
    double c, l;
    int rc = ctome_average_clustering(g, 0, &c);
    if (!rc)
        rc = ctome_char_path_length(g, &l, NULL);
    if (rc)
        return rc;

    ctome_graph *u = NULL;
    if ((rc = ctome_graph_undirected(g, 0, &u)))
        return rc;
    ctome_null_opts no;
    ctome_null_opts_default(&no);
    no.model = CTOME_NULL_MASLOV_SNEPPEN;
    no.swaps_per_edge = o->swaps_per_edge;
    no.threads = o->threads;
    double *res = malloc(2 * o->n_rand * sizeof *res);
    if (!res) {
        ctome_graph_free(u);
        return ctome_error(CTOME_ENOMEM, NULL, 0, "small world: out of memory");
    }
    rc = o->gnm ? gnm_refs(u->n, u->m_und, o, seed, res)
                : ctome_nulls_map(u, &no, o->n_rand, seed, random_stats, NULL, 2, res);
    double cr = 0, lr = 0, cl = c;
    if (!rc) {
        for (size_t i = 0; i < o->n_rand; i++) {
            cr += res[2 * i];
            lr += res[2 * i + 1];
        }
        cr /= (double)o->n_rand;
        lr /= (double)o->n_rand;
    }
    /* lattice nulls: independent replicates on their own streams, in
     * parallel; the maximum is taken afterwards in index order */
    double *cl_i = NULL;
    int *rc_i = NULL;
    if (!rc) {
        cl_i = malloc(o->n_rand * sizeof *cl_i);
        rc_i = calloc(o->n_rand, sizeof *rc_i);
        if (!cl_i || !rc_i)
            rc = ctome_error(CTOME_ENOMEM, NULL, 0, "small world: out of memory");
    }
    if (!rc) {
        int nt = o->threads > 0 ? o->threads : omp_get_max_threads();
        long nr = (long)o->n_rand;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
        for (long i = 0; i < nr; i++) {
            ctome_rng r;
            ctome_rng_seed(&r, seed, ((uint64_t)1 << 32) + (uint64_t)i);
            ctome_graph *lg = NULL;
            int e = ctome_lattice_reference(u, o->lattice_iter, &r, &lg);
            if (!e)
                e = ctome_average_clustering(lg, 0, &cl_i[i]);
            ctome_graph_free(lg);
            rc_i[i] = e;
        }
        for (size_t i = 0; !rc && i < o->n_rand; i++) {
            if (rc_i[i])
                rc = rc_i[i];   /* the message is on the worker's thread: restate it */
            else if (cl_i[i] > cl)
                cl = cl_i[i];
        }
        if (rc)
            rc = ctome_error(rc, NULL, 0, "small world: a lattice reference failed (%s)",
                             ctome_status_name(rc));
    }
    free(cl_i);
    free(rc_i);
    free(res);
    ctome_graph_free(u);
    if (rc)
        return rc;
    out->c = c;
    out->l = l;
    out->c_rand = cr;
    out->l_rand = lr;
    out->c_latt = cl;
    out->sigma = cr > 0 && lr > 0 ? (c / cr) / (l / lr) : NAN;
    out->omega = cl > 0 ? lr / l - c / cl : NAN;
    out->n_rand = o->n_rand;
    out->lattice_iter = o->lattice_iter;
    out->seed = seed;
    return CTOME_OK;
}
