/* dfc_community.c — communities of an affinity factor and partition
 * agreement (NMI, ARI, permutation test) of dfc.h, step 3. */
#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dfc.h"
#include "error.h"
#include "connectome.h"
#include "graph.h"
#include "igraph_lock.h"
#include "modularity.h"
#include "rng.h"
#include "wsbm.h"

void ctome_dfc_comm_opts_default(ctome_dfc_comm_opts *o)
{
    o->active_frac = 0.2;
    o->runs = 50;
    o->seed = 1;
    o->consensus = 1;
    o->min_contrast = 2.0;
    o->method = CTOME_DFC_COMM_LEIDEN;
    o->wsbm_kmax = 6;
    o->wsbm_starts = 10;
}

static const char *const METHOD_NAME[CTOME_DFC_COMM_N_METHODS] = {"leiden", "louvain", "walktrap", "infomap",
                                                                  "fastgreedy", "wsbm"};

const char *ctome_dfc_comm_method_name(int method)
{
    return method >= 0 && method < CTOME_DFC_COMM_N_METHODS ? METHOD_NAME[method] : NULL;
}

int ctome_dfc_comm_method_parse(const char *name)
{
    for (int m = 0; name && m < CTOME_DFC_COMM_N_METHODS; m++)
        if (strcmp(name, METHOD_NAME[m]) == 0)
            return m;
    return -1;
}

/* A partition of the weighted graph (src, dst, w; na vertices, m edges) by
 * one of the igraph methods other than Leiden (dfc.h); labels 0..k-1 in
 * order of their lowest vertex.  Seeds igraph's RNG with seed (+ run). */
static int igraph_method(int method, size_t na, const int32_t *src, const int32_t *dst, const double *w, size_t m,
                         int runs, uint64_t seed, int32_t *memb_out, size_t *n_out)
{
    igraph_t g;
    igraph_vector_int_t el, memb, best;
    igraph_vector_t wv, mod;
    igraph_matrix_int_t merges;
    if (igraph_vector_int_init(&el, (igraph_integer_t)(2 * m)))
        return ctome_error_nomem();
    for (size_t e = 0; e < m; e++) {
        VECTOR(el)[2 * e] = src[e];
        VECTOR(el)[2 * e + 1] = dst[e];
    }
    int err = igraph_create(&g, &el, (igraph_integer_t)na, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&el);
    if (err)
        return ctome_error(CTOME_ELIB, NULL, 0, "dfc communities: igraph_create failed (%d)", err);
    err = igraph_vector_init(&wv, (igraph_integer_t)m) || igraph_vector_init(&mod, 0) ||
          igraph_vector_int_init(&memb, (igraph_integer_t)na) || igraph_vector_int_init(&best, (igraph_integer_t)na) ||
          igraph_matrix_int_init(&merges, 0, 0);
    if (err) {
        igraph_destroy(&g);
        return ctome_error_nomem();
    }
    for (size_t e = 0; e < m; e++)
        VECTOR(wv)[e] = w[e];
    double bestq = -INFINITY;
    igraph_real_t codelength = 0;
    switch (method) {
    case CTOME_DFC_COMM_LOUVAIN:
        for (int r = 0; !err && r < runs; r++) {
            igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)(seed + (uint64_t)r));
            err = igraph_community_multilevel(&g, &wv, 1.0, &memb, NULL, NULL);
            igraph_real_t q = 0;
            if (!err)
                err = igraph_modularity(&g, &memb, &wv, 1.0, IGRAPH_UNDIRECTED, &q);
            if (!err && q > bestq) {
                bestq = q;
                err = igraph_vector_int_update(&best, &memb);
            }
        }
        break;
    case CTOME_DFC_COMM_WALKTRAP:
        err = igraph_community_walktrap(&g, &wv, 4, &merges, &mod, &best);
        break;
    case CTOME_DFC_COMM_INFOMAP:
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
        err = igraph_community_infomap(&g, &wv, NULL, runs, &best, &codelength);
        break;
    case CTOME_DFC_COMM_FASTGREEDY:
        err = igraph_community_fastgreedy(&g, &wv, &merges, &mod, &best);
        break;
    default: err = -1;
    }
    int rc = CTOME_OK;
    if (err)
        rc = ctome_error(CTOME_ELIB, NULL, 0, "dfc communities: igraph %s failed (%d)",
                         ctome_dfc_comm_method_name(method) ? ctome_dfc_comm_method_name(method) : "method", err);
    /* relabel in order of the lowest vertex */
    int32_t *lab = rc ? NULL : malloc(na * sizeof *lab);
    if (!rc && !lab)
        rc = ctome_error_nomem();
    if (!rc) {
        for (size_t i = 0; i < na; i++)
            lab[i] = -1;
        size_t k = 0;
        for (size_t i = 0; i < na; i++) {
            igraph_integer_t c = VECTOR(best)[i];
            if (c < 0 || (size_t)c >= na) {
                rc = ctome_error(CTOME_ELIB, NULL, 0, "dfc communities: igraph label %lld out of range", (long long)c);
                break;
            }
            if (lab[c] < 0)
                lab[c] = (int32_t)k++;
            memb_out[i] = lab[c];
        }
        *n_out = k;
    }
    free(lab);
    igraph_matrix_int_destroy(&merges);
    igraph_vector_int_destroy(&best);
    igraph_vector_int_destroy(&memb);
    igraph_vector_destroy(&mod);
    igraph_vector_destroy(&wv);
    igraph_destroy(&g);
    return rc;
}

/* The weighted SBM (wsbm.h) on the active neurons: a dense matrix of the
 * factor's affinities among them (every pair observed). */
static int wsbm_method(const double *f, size_t n, const int32_t *map, size_t na, const ctome_dfc_comm_opts *o,
                       int32_t *memb_out, size_t *n_out)
{
    if (na > 46000)   /* na^2 doubles must stay well inside size_t and memory */
        return ctome_error(CTOME_EVALUE, NULL, 0, "dfc communities: %zu active neurons is too many for wsbm", na);
    double *w = malloc(na * na * sizeof *w);
    if (!w)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; map[i] >= 0 && j < n; j++)
            if (map[j] >= 0) {
                double v = f[ctome_dfc_pair_index(n, i, j)];
                v = v > 0 ? v : 0;
                w[(size_t)map[i] * na + (size_t)map[j]] = w[(size_t)map[j] * na + (size_t)map[i]] = v;
            }
    for (size_t i = 0; i < na; i++)
        w[i * na + i] = 0;
    ctome_wsbm_opts wo;
    ctome_wsbm_opts_default(&wo);
    wo.k_max = o->wsbm_kmax < na ? o->wsbm_kmax : na;
    wo.starts = o->wsbm_starts;
    wo.seed = o->seed;
    ctome_wsbm m = {0};
    int rc = ctome_wsbm_fit(w, na, &wo, &m);
    if (!rc) {
        memcpy(memb_out, m.membership, na * sizeof *memb_out);
        *n_out = m.n_blocks;
    }
    ctome_wsbm_clear(&m);
    free(w);
    return rc;
}

void ctome_dfc_comm_clear(ctome_dfc_comm *c)
{
    if (!c)
        return;
    free(c->membership);
    free(c->coherent);
    memset(c, 0, sizeof *c);
}

/* The coherent part of a partition (dfc.h). */
static int coherence(const double *f, size_t n, double min_contrast, ctome_dfc_comm *c)
{
    double tot = 0;
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (c->membership[i] >= 0 && c->membership[j] >= 0) {
                tot += f[ctome_dfc_pair_index(n, i, j)];
                np++;
            }
    c->mean_affinity = np ? tot / (double)np : 0;
    int32_t *keep = calloc(n, sizeof *keep), *count = calloc(c->n_comm + 1, sizeof *count),
            *lab = malloc((c->n_comm + 1) * sizeof *lab);
    if (!keep || !count || !lab) {
        free(keep);
        free(count);
        free(lab);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < n; i++) {
        int32_t ci = c->membership[i];
        if (ci < 0)
            continue;
        double s = 0;
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i && c->membership[j] == ci) {
                s += f[ctome_dfc_pair_index(n, i, j)];
                m++;
            }
        keep[i] = m > 0 && s / (double)m >= min_contrast * c->mean_affinity;
        count[ci] += keep[i];
    }
    for (size_t q = 0; q <= c->n_comm; q++)
        lab[q] = -1;
    c->n_coherent = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t ci = c->membership[i];
        c->coherent[i] = -1;
        if (ci < 0 || !keep[i] || count[ci] < 2)
            continue;
        if (lab[ci] < 0)
            lab[ci] = (int32_t)c->n_coherent++;
        c->coherent[i] = lab[ci];
    }
    free(keep);
    free(count);
    free(lab);
    return CTOME_OK;
}

int ctome_dfc_communities(const double *f, size_t n, const ctome_dfc_comm_opts *o, ctome_dfc_comm *out)
{
    if (!out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc communities: no output");
    memset(out, 0, sizeof *out);
    ctome_dfc_comm_opts def;
    if (!o) {
        ctome_dfc_comm_opts_default(&def);
        o = &def;
    }
    if (!f || n < 2)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc communities: %zu neurons", n);
    if (!(o->active_frac >= 0 && o->active_frac <= 1) || o->runs < 1)
        return ctome_error(CTOME_EINVAL, NULL, 0, "dfc communities: active fraction %g (0..1), runs %d (>= 1)",
                           o->active_frac, o->runs);
    double *s = calloc(n, sizeof *s);
    int32_t *map = malloc(n * sizeof *map);
    out->membership = malloc(n * sizeof *out->membership);
    out->coherent = malloc(n * sizeof *out->coherent);
    if (!s || !map || !out->membership || !out->coherent) {
        free(s);
        free(map);
        ctome_dfc_comm_clear(out);
        return ctome_error_nomem();
    }
    double smax = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double v = f[ctome_dfc_pair_index(n, i, j)];
            s[i] += v;
            s[j] += v;
        }
    for (size_t i = 0; i < n; i++)
        smax = s[i] > smax ? s[i] : smax;
    size_t na = 0;
    for (size_t i = 0; i < n; i++) {
        out->membership[i] = -1;
        map[i] = smax > 0 && s[i] >= o->active_frac * smax ? (int32_t)na++ : -1;
    }
    out->n_active = na;
    int rc = CTOME_OK;
    if (na < 2)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "dfc communities: %zu active neuron(s) in the factor", na);
    size_t m = 0;
    int32_t *src = NULL, *dst = NULL;
    double *w = NULL;
    if (!rc) {
        size_t cap = na * (na - 1) / 2;
        src = malloc(cap * sizeof *src);
        dst = malloc(cap * sizeof *dst);
        w = malloc(cap * sizeof *w);
        if (!src || !dst || !w)
            rc = ctome_error_nomem();
    }
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t j = i + 1; map[i] >= 0 && j < n; j++) {
            double v = f[ctome_dfc_pair_index(n, i, j)];
            if (map[j] < 0 || !(v > 0))
                continue;
            src[m] = map[i];
            dst[m] = map[j];
            w[m++] = v;
        }
    if (!rc && m == 0)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "dfc communities: no positive affinity among the active neurons");
    ctome_graph *g = NULL;
    if (!rc)
        rc = ctome_graph_from_edges(na, src, dst, w, m, 0, &g);
    ctome_modularity mod = {0};
    if (!rc && o->method != CTOME_DFC_COMM_LEIDEN) {
        if (!ctome_dfc_comm_method_name(o->method))
            rc = ctome_error(CTOME_EINVAL, NULL, 0, "dfc communities: unknown method %d", o->method);
        int32_t *lab = rc ? NULL : malloc(na * sizeof *lab);
        size_t k = 0;
        if (!rc && !lab)
            rc = ctome_error_nomem();
        if (!rc && o->method == CTOME_DFC_COMM_WSBM)
            rc = wsbm_method(f, n, map, na, o, lab, &k);
        else if (!rc) {
            ctome_igraph_lock();   /* igraph_lock.h: seeds igraph's global generator */
            rc = igraph_method(o->method, na, src, dst, w, m, o->runs, o->seed, lab, &k);
            ctome_igraph_unlock();
        }
        if (!rc)
            rc = ctome_modularity_q(g, lab, 1.0, 1, &out->q);
        if (!rc) {
            for (size_t i = 0; i < n; i++)
                if (map[i] >= 0)
                    out->membership[i] = lab[map[i]];
            out->n_comm = k;
            out->converged = 1;
            rc = coherence(f, n, o->min_contrast, out);
        }
        free(lab);
    } else if (!rc) {
        ctome_modularity_opts mo;
        ctome_modularity_opts_default(&mo);
        mo.weighted = 1;
        mo.runs = o->runs;
        mo.consensus = o->consensus;
        rc = ctome_modularity_leiden(g, &mo, o->seed, &mod);
        /* the result has no field to say a consensus was skipped (memory
         * budget, modularity.h): refuse rather than pass off the best run */
        if (!rc && mod.consensus_skipped)
            rc = ctome_error(CTOME_EVALUE, NULL, 0,
                             "dfc: the Leiden consensus of %zu vertices over %d runs needs %zu bytes, above its "
                             "budget of %zu; use fewer vertices or no consensus", g->n, mo.runs,
                             mod.consensus_bytes, (size_t)CTOME_CONSENSUS_MAX_BYTES);
        if (!rc) {
            for (size_t i = 0; i < n; i++)
                if (map[i] >= 0)
                    out->membership[i] = mod.membership[map[i]];
            out->n_comm = mod.n_modules;
            out->q = mod.q;
            out->converged = mod.consensus ? mod.converged : 1;
            rc = coherence(f, n, o->min_contrast, out);
        }
    }
    ctome_modularity_clear(&mod);
    ctome_graph_free(g);
    free(src);
    free(dst);
    free(w);
    free(s);
    free(map);
    if (rc)
        ctome_dfc_comm_clear(out);
    return rc;
}

/* Relabel to 0..k-1 (a label < 0 becomes one extra class). */
static int relabel(const int32_t *a, size_t n, int32_t *out, size_t *k)
{
    int32_t maxl = -1;
    for (size_t i = 0; i < n; i++)
        maxl = a[i] > maxl ? a[i] : maxl;
    size_t sz = (size_t)maxl + 2;
    int32_t *m = malloc(sz * sizeof *m);
    if (!m)
        return ctome_error_nomem();
    for (size_t i = 0; i < sz; i++)
        m[i] = -1;
    *k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t key = a[i] < 0 ? sz - 1 : (size_t)a[i];
        if (m[key] < 0)
            m[key] = (int32_t)(*k)++;
        out[i] = m[key];
    }
    free(m);
    return CTOME_OK;
}

typedef struct {
    size_t ka, kb;
    double *c;      /* ka x kb contingency */
    double *ra, *rb;
} table;

static int contingency(const int32_t *a, const int32_t *b, size_t n, table *t, int32_t *la, int32_t *lb)
{
    int rc = relabel(a, n, la, &t->ka);
    if (!rc)
        rc = relabel(b, n, lb, &t->kb);
    if (rc)
        return rc;
    t->c = calloc(t->ka * t->kb, sizeof *t->c);
    t->ra = calloc(t->ka, sizeof *t->ra);
    t->rb = calloc(t->kb, sizeof *t->rb);
    if (!t->c || !t->ra || !t->rb)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++) {
        t->c[(size_t)la[i] * t->kb + (size_t)lb[i]] += 1;
        t->ra[la[i]] += 1;
        t->rb[lb[i]] += 1;
    }
    return CTOME_OK;
}

static void table_free(table *t)
{
    free(t->c);
    free(t->ra);
    free(t->rb);
}

static double nmi_of(const table *t, size_t n)
{
    double N = (double)n, ha = 0, hb = 0, mi = 0;
    for (size_t i = 0; i < t->ka; i++)
        if (t->ra[i] > 0)
            ha -= t->ra[i] / N * log(t->ra[i] / N);
    for (size_t j = 0; j < t->kb; j++)
        if (t->rb[j] > 0)
            hb -= t->rb[j] / N * log(t->rb[j] / N);
    for (size_t i = 0; i < t->ka; i++)
        for (size_t j = 0; j < t->kb; j++) {
            double c = t->c[i * t->kb + j];
            if (c > 0)
                mi += c / N * log(c * N / (t->ra[i] * t->rb[j]));
        }
    if (t->ka == 1 && t->kb == 1)
        return 1.0;
    double den = 0.5 * (ha + hb);
    if (!(den > 0))
        return 0.0;
    double v = mi / den;
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static double comb2(double x) { return x * (x - 1) / 2; }

static double ari_of(const table *t, size_t n)
{
    double sc = 0, sa = 0, sb = 0;
    for (size_t i = 0; i < t->ka * t->kb; i++)
        sc += comb2(t->c[i]);
    for (size_t i = 0; i < t->ka; i++)
        sa += comb2(t->ra[i]);
    for (size_t j = 0; j < t->kb; j++)
        sb += comb2(t->rb[j]);
    double tot = comb2((double)n), exp = sa * sb / tot, mx = 0.5 * (sa + sb);
    if (mx == exp)
        return 1.0;   /* both trivial (sklearn's convention) */
    return (sc - exp) / (mx - exp);
}

static int agree(const int32_t *a, const int32_t *b, size_t n, double *nmi, double *ari)
{
    if (!a || !b || n < 2)
        return ctome_error(CTOME_EINVAL, NULL, 0, "partition comparison: %zu items (need >= 2)", n);
    table t = {0};
    int32_t *la = malloc(n * sizeof *la), *lb = malloc(n * sizeof *lb);
    int rc = la && lb ? contingency(a, b, n, &t, la, lb) : ctome_error_nomem();
    if (!rc) {
        if (nmi)
            *nmi = nmi_of(&t, n);
        if (ari)
            *ari = ari_of(&t, n);
    }
    table_free(&t);
    free(la);
    free(lb);
    return rc;
}

int ctome_partition_nmi(const int32_t *a, const int32_t *b, size_t n, double *nmi)
{
    return agree(a, b, n, nmi, NULL);
}

int ctome_partition_ari(const int32_t *a, const int32_t *b, size_t n, double *ari)
{
    return agree(a, b, n, NULL, ari);
}

int ctome_partition_compare(const int32_t *a, const int32_t *b, size_t n, size_t n_perm, uint64_t seed,
                            double *nmi, double *ari, double *p_nmi, double *p_ari)
{
    if (n_perm == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "partition comparison: 0 permutations");
    int rc = agree(a, b, n, nmi, ari);
    if (rc)
        return rc;
    int *perm = malloc(n * sizeof *perm);
    int32_t *pa = malloc(n * sizeof *pa);
    if (!perm || !pa) {
        free(perm);
        free(pa);
        return ctome_error_nomem();
    }
    size_t ge_n = 0, ge_a = 0;
    for (size_t r = 0; !rc && r < n_perm; r++) {
        ctome_rng g;
        ctome_rng_seed(&g, seed, r);
        for (size_t i = 0; i < n; i++)
            perm[i] = (int)i;
        ctome_rng_shuffle_int(&g, perm, n);
        for (size_t i = 0; i < n; i++)
            pa[i] = a[perm[i]];
        double vn, va;
        rc = agree(pa, b, n, &vn, &va);
        /* a relative slack so that ties with the observed value count as >= */
        ge_n += vn >= *nmi - 1e-12;
        ge_a += va >= *ari - 1e-12;
    }
    if (!rc) {
        *p_nmi = (1.0 + (double)ge_n) / (1.0 + (double)n_perm);
        *p_ari = (1.0 + (double)ge_a) / (1.0 + (double)n_perm);
    }
    free(perm);
    free(pa);
    return rc;
}

int ctome_dfc_layer_modules(const ctome_connectome *c, const char *layer, const char *const *names, size_t n,
                            int runs, uint64_t seed, int32_t *labels, size_t *n_modules)
{
    ctome_graph *g = NULL, *gp = NULL;
    int rc = ctome_graph_from_layer(c, layer, NULL, &g);
    int32_t *src = NULL, *dst = NULL;
    double *w = NULL;
    size_t m = 0, mp = 0;
    if (!rc)
        rc = ctome_graph_edges(g, &src, &dst, &w, &m);
    for (size_t e = 0; !rc && e < m; e++)
        if (w[e] > 0) {
            src[mp] = src[e];
            dst[mp] = dst[e];
            w[mp++] = w[e];
        }
    if (!rc && mp == 0)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "dfc: layer '%s' of %s has no positive edge", layer, c->id);
    if (!rc)
        rc = ctome_graph_from_edges(g->n, src, dst, w, mp, 0, &gp);
    ctome_modularity mod = {0};
    if (!rc) {
        ctome_modularity_opts mo;
        ctome_modularity_opts_default(&mo);
        mo.weighted = 1;
        mo.runs = runs;
        rc = ctome_modularity_leiden(gp, &mo, seed, &mod);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        labels[i] = -1;
        for (size_t v = 0; v < g->n; v++)
            if (strcmp(c->nodes[g->node[v]].name, names[i]) == 0) {
                labels[i] = mod.membership[v];
                break;
            }
    }
    if (!rc && n_modules)
        *n_modules = mod.n_modules;
    ctome_modularity_clear(&mod);
    ctome_graph_free(g);
    ctome_graph_free(gp);
    free(src);
    free(dst);
    free(w);
    return rc;
}
