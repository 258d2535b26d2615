/* modularity.c — Leiden modules, consensus, Q, participation, z-score
 * (see modularity.h). */
#include "modularity.h"

#include <igraph.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "igraph_lock.h"

#include "error.h"
#include "sizecheck.h"

void ctome_modularity_opts_default(ctome_modularity_opts *o)
{
    memset(o, 0, sizeof *o);
    o->gamma = 1.0;
    o->weighted = 0;
    o->runs = 100;
    o->consensus = 1;
    o->tau = 0.5;
    o->max_rounds = 20;
    o->beta = 0.01;
    o->iterations = -1;
    o->max_bytes = CTOME_CONSENSUS_MAX_BYTES;
}

void ctome_modularity_clear(ctome_modularity *m)
{
    if (!m)
        return;
    free(m->membership);
    m->membership = NULL;
}

/* ---- shared checks ------------------------------------------------------- */

static int check_graph(const ctome_graph *g, int weighted, const char *what)
{
    if (!g)
        return ctome_error(CTOME_EINVAL, NULL, 0, "%s: no graph", what);
    if (g->m_und == 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "%s: the graph has no edge", what);
    if (weighted) {
        for (size_t e = 0; e < 2 * g->m_und; e++) {
            double w = g->und_w[e];
            if (!(w > 0) || !isfinite(w))
                return ctome_error(CTOME_EVALUE, NULL, 0,
                                   "%s: weights must be positive and finite, got '%g'", what, w);
        }
    }
    return CTOME_OK;
}

static int check_membership(const ctome_graph *g, const int32_t *mem, const char *what)
{
    if (!mem)
        return ctome_error(CTOME_EINVAL, NULL, 0, "%s: no membership", what);
    for (size_t v = 0; v < g->n; v++)
        if (mem[v] < 0 || (size_t)mem[v] >= g->n)
            return ctome_error(CTOME_EINVAL, NULL, 0,
                               "%s: module label '%ld' of vertex %zu is not in [0, %zu)", what,
                               (long)mem[v], v, g->n);
    return CTOME_OK;
}

static inline double edge_w(const ctome_graph *g, size_t e, int weighted)
{
    return weighted ? g->und_w[e] : 1.0;
}

/* ---- Q ------------------------------------------------------------------- */

int ctome_modularity_q(const ctome_graph *g, const int32_t *membership, double gamma, int weighted,
                       double *q)
{
    int rc = check_graph(g, weighted, "modularity");
    if (rc)
        return rc;
    if ((rc = check_membership(g, membership, "modularity")))
        return rc;
    if (!q)
        return ctome_error(CTOME_EINVAL, NULL, 0, "modularity: no output");
    /* S_c in [0, n), W_c in [n, 2n) */
    double *acc = calloc(2 * g->n, sizeof *acc);
    if (!acc)
        return ctome_error(CTOME_ENOMEM, NULL, 0, "modularity: out of memory");
    double two_w = 0;
    for (size_t v = 0; v < g->n; v++) {
        int32_t c = membership[v];
        for (size_t e = g->und_ptr[v]; e < g->und_ptr[v + 1]; e++) {
            double w = edge_w(g, e, weighted);
            two_w += w;
            acc[c] += w;
            if (membership[g->und_idx[e]] == c)
                acc[g->n + c] += w;   /* each internal pair seen twice: 2 W_c */
        }
    }
    double sum = 0;
    for (size_t c = 0; c < g->n; c++) {
        double s = acc[c] / two_w;
        sum += acc[g->n + c] / two_w - gamma * s * s;
    }
    free(acc);
    *q = sum;
    return CTOME_OK;
}

/* ---- roles --------------------------------------------------------------- */

int ctome_participation(const ctome_graph *g, const int32_t *membership, int weighted, double *p)
{
    int rc = check_graph(g, weighted, "participation coefficient");
    if (rc)
        return rc;
    if ((rc = check_membership(g, membership, "participation coefficient")))
        return rc;
    if (!p)
        return ctome_error(CTOME_EINVAL, NULL, 0, "participation coefficient: no output");
    double *kis = calloc(g->n, sizeof *kis);
    if (!kis)
        return ctome_error(CTOME_ENOMEM, NULL, 0, "participation coefficient: out of memory");
    for (size_t v = 0; v < g->n; v++) {
        double k = 0;
        for (size_t e = g->und_ptr[v]; e < g->und_ptr[v + 1]; e++) {
            double w = edge_w(g, e, weighted);
            k += w;
            kis[membership[g->und_idx[e]]] += w;
        }
        double s2 = 0;
        /* second pass over the same entries: read each module once, then reset
         * it, so the scratch stays O(n) and clean for the next vertex */
        for (size_t e = g->und_ptr[v]; e < g->und_ptr[v + 1]; e++) {
            int32_t c = membership[g->und_idx[e]];
            if (kis[c] != 0) {
                s2 += (kis[c] / k) * (kis[c] / k);
                kis[c] = 0;
            }
        }
        p[v] = k > 0 ? 1 - s2 : 0;
    }
    free(kis);
    return CTOME_OK;
}

int ctome_module_zscore(const ctome_graph *g, const int32_t *membership, int weighted, double *z)
{
    int rc = check_graph(g, weighted, "within-module z-score");
    if (rc)
        return rc;
    if ((rc = check_membership(g, membership, "within-module z-score")))
        return rc;
    if (!z)
        return ctome_error(CTOME_EINVAL, NULL, 0, "within-module z-score: no output");
    /* per module: count, sum, sum of squares */
    double *acc = calloc(3 * g->n, sizeof *acc);
    if (!acc)
        return ctome_error(CTOME_ENOMEM, NULL, 0, "within-module z-score: out of memory");
    for (size_t v = 0; v < g->n; v++) {
        double k = 0;
        for (size_t e = g->und_ptr[v]; e < g->und_ptr[v + 1]; e++)
            if (membership[g->und_idx[e]] == membership[v])
                k += edge_w(g, e, weighted);
        z[v] = k;
        int32_t c = membership[v];
        acc[3 * c] += 1;
        acc[3 * c + 1] += k;
        acc[3 * c + 2] += k * k;
    }
    for (size_t v = 0; v < g->n; v++) {
        const double *a = acc + 3 * membership[v];
        double mean = a[1] / a[0];
        /* two-pass would be more accurate; degrees are small integers or
         * synapse counts, so the one-pass variance is exact enough here, and
         * a tiny negative from rounding is clamped */
        double var = a[2] / a[0] - mean * mean;
        double sd = var > 0 ? sqrt(var) : 0;
        z[v] = sd > 1e-12 * (fabs(mean) + 1) ? (z[v] - mean) / sd : 0;
    }
    free(acc);
    return CTOME_OK;
}

/* ---- labels and partitions ---------------------------------------------- */

/* Relabel in place to 0 .. k-1 in order of the lowest vertex; scratch: n
 * int32.  Labels must be in [0, n).  Returns k. */
static size_t relabel(int32_t *mem, size_t n, int32_t *map)
{
    for (size_t i = 0; i < n; i++)
        map[i] = -1;
    int32_t k = 0;
    for (size_t v = 0; v < n; v++) {
        if (map[mem[v]] < 0)
            map[mem[v]] = k++;
        mem[v] = map[mem[v]];
    }
    return (size_t)k;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sum over groups of C(size, 2) of a sorted key array. */
static double pairs_in_groups(const uint64_t *key, size_t n)
{
    double s = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && key[j] == key[i])
            j++;
        double c = (double)(j - i);
        s += c * (c - 1) / 2;
        i = j;
    }
    return s;
}

/* Rand index (Rand 1971) between two labelings of n vertices (labels < n),
 * from the contingency table by sorting: O(n log n), scratch of n uint64. */
static double rand_index(const int32_t *a, const int32_t *b, size_t n, uint64_t *key)
{
    if (n < 2)
        return 1;
    double all = (double)n * (double)(n - 1) / 2;
    for (size_t i = 0; i < n; i++)
        key[i] = (uint64_t)a[i];
    qsort(key, n, sizeof *key, cmp_u64);
    double sa = pairs_in_groups(key, n);
    for (size_t i = 0; i < n; i++)
        key[i] = (uint64_t)b[i];
    qsort(key, n, sizeof *key, cmp_u64);
    double sb = pairs_in_groups(key, n);
    for (size_t i = 0; i < n; i++)
        key[i] = (uint64_t)a[i] << 32 | (uint32_t)b[i];
    qsort(key, n, sizeof *key, cmp_u64);
    double sab = pairs_in_groups(key, n);
    /* disagreements: pairs together in exactly one of the two */
    return 1 - (sa + sb - 2 * sab) / all;
}

/* ---- Leiden through igraph ----------------------------------------------- */

/* An undirected weighted graph in igraph form, with node strengths. */
typedef struct {
    igraph_t g;
    igraph_vector_t w;
    igraph_vector_t s;
    double two_w;
    int ok;
} leiden_input;

static void leiden_input_free(leiden_input *in)
{
    if (in->ok) {
        igraph_destroy(&in->g);
        igraph_vector_destroy(&in->w);
        igraph_vector_destroy(&in->s);
    }
    in->ok = 0;
}

/* Build from pairs (i < j) with weights. */
static int leiden_input_make(size_t n, const int32_t *src, const int32_t *dst, const double *w,
                             size_t m, leiden_input *in)
{
    memset(in, 0, sizeof *in);
    igraph_vector_int_t el;
    if (igraph_vector_int_init(&el, (igraph_integer_t)(2 * m)))
        return ctome_error(CTOME_ENOMEM, NULL, 0, "leiden: out of memory");
    for (size_t e = 0; e < m; e++) {
        VECTOR(el)[2 * e] = src[e];
        VECTOR(el)[2 * e + 1] = dst[e];
    }
    int err = igraph_create(&in->g, &el, (igraph_integer_t)n, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&el);
    if (err)
        return ctome_error(CTOME_ELIB, NULL, 0, "leiden: igraph_create failed (%d)", err);
    if (igraph_vector_init(&in->w, (igraph_integer_t)m)) {
        igraph_destroy(&in->g);
        return ctome_error(CTOME_ENOMEM, NULL, 0, "leiden: out of memory");
    }
    if (igraph_vector_init(&in->s, (igraph_integer_t)n)) {
        igraph_destroy(&in->g);
        igraph_vector_destroy(&in->w);
        return ctome_error(CTOME_ENOMEM, NULL, 0, "leiden: out of memory");
    }
    in->two_w = 0;
    for (size_t e = 0; e < m; e++) {
        VECTOR(in->w)[e] = w[e];
        VECTOR(in->s)[src[e]] += w[e];
        VECTOR(in->s)[dst[e]] += w[e];
        in->two_w += 2 * w[e];
    }
    in->ok = 1;
    return CTOME_OK;
}

/* One Leiden run with the modularity objective (igraph 0.10's Leiden defaults to CPM: node weights =
 * strengths, resolution gamma / 2W), `iters` iterations (-1: igraph's n_iterations -1, one
 * iteration in the igraph releases of modularity.h).  mem: n labels. */
static int leiden_run(leiden_input *in, double gamma, double beta, int iters, uint64_t seed,
                      int32_t *mem, size_t n)
{
    igraph_vector_int_t memb;
    if (igraph_vector_int_init(&memb, (igraph_integer_t)n))
        return ctome_error(CTOME_ENOMEM, NULL, 0, "leiden: out of memory");
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
    igraph_integer_t k = 0;
    igraph_real_t quality = 0;
    int err = igraph_community_leiden(&in->g, &in->w, &in->s, gamma / in->two_w, beta, 0, iters, &memb,
                                      &k, &quality);
    if (err) {
        igraph_vector_int_destroy(&memb);
        return ctome_error(CTOME_ELIB, NULL, 0, "leiden: igraph_community_leiden failed (%d)", err);
    }
    for (size_t v = 0; v < n; v++)
        mem[v] = (int32_t)VECTOR(memb)[v];
    igraph_vector_int_destroy(&memb);
    return CTOME_OK;
}

/* `runs` Leiden runs seeded seed, seed+1, ...; memberships relabelled into
 * mem (runs x n). */
static int leiden_runs(leiden_input *in, double gamma, double beta, int iters, uint64_t seed, int runs,
                       int32_t *mem, size_t n, int32_t *map)
{
    for (int r = 0; r < runs; r++) {
        int rc = leiden_run(in, gamma, beta, iters, seed + (uint64_t)r, mem + (size_t)r * n, n);
        if (rc)
            return rc;
        relabel(mem + (size_t)r * n, n, map);
    }
    return CTOME_OK;
}

static int all_equal(const int32_t *mem, int runs, size_t n)
{
    for (int r = 1; r < runs; r++)
        if (memcmp(mem, mem + (size_t)r * n, n * sizeof *mem) != 0)
            return 0;
    return 1;
}

/* Index of the run with the highest Q on g (first on ties). */
static int best_run(const ctome_graph *g, const int32_t *mem, int runs, double gamma, int weighted,
                    double *best_q)
{
    int best = -1;
    for (int r = 0; r < runs; r++) {
        double q;
        if (ctome_modularity_q(g, mem + (size_t)r * g->n, gamma, weighted, &q))
            return -1;
        if (best < 0 || q > *best_q) {
            best = r;
            *best_q = q;
        }
    }
    return best;
}

/* ---- consensus: co-assignment counts ------------------------------------ */

/* Bytes per kept pair of a round's thresholded graph: our pair lists (4 + 4 +
 * 8), igraph's edge list while it is built (16), its graph (from, to and two
 * index vectors: 32) and weight vector (8); rounded up. */
#define CONSENSUS_PAIR_BYTES 80

int ctome_consensus_bytes(size_t n, int runs, size_t max_bytes, size_t *bytes)
{
    size_t width = runs <= 255 ? 1 : 2;
    *bytes = SIZE_MAX;
    if (runs < 1 || runs > CTOME_CONSENSUS_MAX_RUNS)
        return 0;
    if (n < 2) {
        *bytes = 0;
        return 1;
    }
    /* n(n-1)/2 x width without overflow: halve the even factor first */
    size_t a = n % 2 == 0 ? n / 2 : n, b = n % 2 == 0 ? n - 1 : (n - 1) / 2, pairs, total;
    if (ctome_size_mul_overflows(a, b, &pairs) || ctome_size_mul_overflows(pairs, width, &total))
        return 0;
    *bytes = total;
    return total <= max_bytes;
}

/* Co-assignment counts of `runs` partitions of n vertices: pair (i, j), i <
 * j, at tri[row[i] + j - i - 1], row[i] = i(2n - i - 1)/2 (the upper
 * triangle, row-major, without the diagonal).  One of two counter widths, chosen by
 * runs; the accessors' branch is the same for a whole call. */
typedef struct {
    void *tri;
    int wide;          /* 0: uint8 counters, 1: uint16 */
    size_t n, bytes;
    size_t *row;       /* n row offsets: where pair (i, i + 1) is */
    int32_t *order;    /* n: vertices grouped by module (counting sort) */
    size_t *start;     /* n + 1: module starts in order */
    uint16_t *best_v;  /* n: each vertex's largest count */
    int32_t *best_j;   /* n: the partner holding it (lowest index on ties), -1: none */
} coassign;

static void coassign_free(coassign *c)
{
    free(c->tri);
    free(c->row);
    free(c->order);
    free(c->start);
    free(c->best_v);
    free(c->best_j);
    memset(c, 0, sizeof *c);
}

static int coassign_alloc(coassign *c, size_t n, int runs, size_t bytes)
{
    memset(c, 0, sizeof *c);
    c->n = n;
    c->bytes = bytes;
    c->wide = runs > 255;
    c->tri = malloc(bytes ? bytes : 1);
    c->row = malloc(n * sizeof *c->row);
    c->order = malloc(n * sizeof *c->order);
    c->start = malloc((n + 1) * sizeof *c->start);
    c->best_v = malloc(n * sizeof *c->best_v);
    c->best_j = malloc(n * sizeof *c->best_j);
    if (!c->tri || !c->row || !c->order || !c->start || !c->best_v || !c->best_j) {
        coassign_free(c);
        return ctome_error(CTOME_ENOMEM, NULL, 0, "consensus: out of memory");
    }
    for (size_t i = 0; i < n; i++)
        c->row[i] = i * (2 * n - i - 1) / 2;   /* i(2n - i - 1) is even */
    return CTOME_OK;
}

static inline unsigned tri_get(const coassign *c, size_t k)
{
    return c->wide ? ((const uint16_t *)c->tri)[k] : ((const uint8_t *)c->tri)[k];
}

/* Count, for every pair, the runs that put both in one module.  Per run and
 * module, its members in increasing order: pair (a, b) adds 1 in row a at
 * b - a - 1, so each row is walked forward.  Labels are 0 .. k-1 (relabel).  Cost O(n
 * + sum of size^2 / 2) per run instead of n^2 / 2 comparisons. */
static void coassign_count(coassign *c, const int32_t *mem, int runs)
{
    size_t n = c->n;
    memset(c->tri, 0, c->bytes);
    for (int r = 0; r < runs; r++) {
        const int32_t *p = mem + (size_t)r * n;
        memset(c->start, 0, (n + 1) * sizeof *c->start);
        for (size_t v = 0; v < n; v++)
            c->start[p[v] + 1]++;
        for (size_t k = 0; k < n; k++)
            c->start[k + 1] += c->start[k];
        /* stable fill: members of each module in increasing vertex order;
         * start[k] walks to the module's end and is restored below */
        for (size_t v = 0; v < n; v++)
            c->order[c->start[p[v]]++] = (int32_t)v;
        for (size_t k = n; k > 0; k--)
            c->start[k] = c->start[k - 1];
        c->start[0] = 0;
        for (size_t k = 0; k < n && c->start[k] < n; k++) {
            const int32_t *mb = c->order + c->start[k], *me = c->order + c->start[k + 1];
            for (const int32_t *a = mb; a < me; a++) {
                size_t off = c->row[*a], sh = (size_t)*a + 1;
                if (c->wide) {
                    uint16_t *t = (uint16_t *)c->tri + off;
                    for (const int32_t *b = a + 1; b < me; b++)
                        t[(size_t)*b - sh]++;
                } else {
                    uint8_t *t = (uint8_t *)c->tri + off;
                    for (const int32_t *b = a + 1; b < me; b++)
                        t[(size_t)*b - sh]++;
                }
            }
        }
    }
}

/* Each vertex's largest count and its partner, the lowest index on ties:
 * one pass over the triangle, rows in order, meets i's partners j < i (as
 * row j) before those j > i (its own row), each in increasing order, so a
 * strict > keeps the lowest. */
static void coassign_best(coassign *c)
{
    size_t n = c->n;
    for (size_t i = 0; i < n; i++) {
        c->best_v[i] = 0;
        c->best_j[i] = -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned bv = c->best_v[i];
        int32_t bj = c->best_j[i];
        size_t k = c->row[i];
        for (size_t j = i + 1; j < n; j++, k++) {
            unsigned x = tri_get(c, k);
            if (x > bv) {
                bv = x;
                bj = (int32_t)j;
            }
            if (x > c->best_v[j]) {
                c->best_v[j] = (uint16_t)x;
                c->best_j[j] = (int32_t)i;
            }
        }
        c->best_v[i] = (uint16_t)bv;
        c->best_j[i] = bj;
    }
}

/* Thresholded co-assignment graph of `runs` partitions (Lancichinetti &
 * Fortunato 2012): pairs i < j with D_ij = count / runs >= tau, weight D_ij,
 * in row-major order.  Thresholding can leave a vertex whose partners vary
 * from run to run with no entry >= tau, which would make it a module of its
 * own; each vertex also keeps its largest entry (the lowest partner index on
 * ties) so that it joins the partner it is most often with.  The pairs are
 * counted before src/dst/w are (re)allocated: above max_bytes (at
 * CONSENSUS_PAIR_BYTES each) nothing is allocated, *m is the pair count and
 * *over = 1. */
static int coassign_graph(coassign *c, const int32_t *mem, int runs, double tau, size_t max_bytes,
                          int32_t **src, int32_t **dst, double **w, size_t *m, int *over)
{
    size_t n = c->n;
    *over = 0;
    coassign_count(c, mem, runs);
    coassign_best(c);
    /* D >= tau as an integer test: the least count reaching tau (count /
     * runs is increasing in count, so this is the same comparison) */
    unsigned need = 0;
    while ((int)need <= runs && (double)need / runs < tau)
        need++;
    /* a kept partner only matters when its entry is below tau */
    for (size_t i = 0; i < n; i++)
        if (c->best_j[i] >= 0 && c->best_v[i] >= need)
            c->best_j[i] = -1;
    size_t cnt = 0;
    for (size_t i = 0; i < n; i++) {
        size_t q = c->row[i];
        for (size_t j = i + 1; j < n; j++, q++)
            if (tri_get(c, q) >= need || c->best_j[i] == (int32_t)j || c->best_j[j] == (int32_t)i)
                cnt++;
    }
    *m = cnt;
    if (cnt > max_bytes / CONSENSUS_PAIR_BYTES) {
        *over = 1;
        return CTOME_OK;
    }
    free(*src);
    free(*dst);
    free(*w);
    *src = malloc((cnt ? cnt : 1) * sizeof **src);
    *dst = malloc((cnt ? cnt : 1) * sizeof **dst);
    *w = malloc((cnt ? cnt : 1) * sizeof **w);
    if (!*src || !*dst || !*w)
        return ctome_error(CTOME_ENOMEM, NULL, 0, "consensus: out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t q = c->row[i];
        for (size_t j = i + 1; j < n; j++, q++) {
            unsigned x = tri_get(c, q);
            if (x >= need || c->best_j[i] == (int32_t)j || c->best_j[j] == (int32_t)i) {
                (*src)[k] = (int32_t)i;
                (*dst)[k] = (int32_t)j;
                (*w)[k] = (double)x / runs;
                k++;
            }
        }
    }
    return CTOME_OK;
}

int ctome_consensus_graph(const int32_t *mem, int runs, size_t n, double tau, size_t max_bytes,
                          int32_t **src, int32_t **dst, double **w, size_t *m)
{
    if (!mem || !src || !dst || !w || !m)
        return ctome_error(CTOME_EINVAL, NULL, 0, "consensus: no input or output");
    *src = NULL;
    *dst = NULL;
    *w = NULL;
    *m = 0;
    if (n < 1 || runs < 1 || runs > CTOME_CONSENSUS_MAX_RUNS || !(tau > 0 && tau <= 1))
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "consensus: need n >= 1, 1 <= runs <= %d and tau in (0, 1], got n %zu, runs %d, tau '%g'",
                           CTOME_CONSENSUS_MAX_RUNS, n, runs, tau);
    if ((size_t)runs > SIZE_MAX / n)
        return ctome_error(CTOME_EINVAL, NULL, 0, "consensus: %d runs of %zu vertices overflow", runs, n);
    for (size_t k = 0; k < (size_t)runs * n; k++)
        if (mem[k] < 0 || (size_t)mem[k] >= n)
            return ctome_error(CTOME_EINVAL, NULL, 0,
                               "consensus: label '%ld' of vertex %zu in run %zu is not in [0, %zu)",
                               (long)mem[k], k % n, k / n, n);
    if (!max_bytes)
        max_bytes = CTOME_CONSENSUS_MAX_BYTES;
    size_t bytes;
    if (!ctome_consensus_bytes(n, runs, max_bytes, &bytes))
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "consensus: the co-assignment counts of %zu vertices need %zu bytes, above the "
                           "budget of %zu", n, bytes, max_bytes);
    coassign c;
    int rc = coassign_alloc(&c, n, runs, bytes);
    int over = 0;
    if (!rc)
        rc = coassign_graph(&c, mem, runs, tau, max_bytes, src, dst, w, m, &over);
    coassign_free(&c);
    if (!rc && over)
        rc = ctome_error(CTOME_EVALUE, NULL, 0,
                         "consensus: the thresholded graph has %zu pairs, above the budget of %zu bytes "
                         "(%d bytes a pair)", *m, max_bytes, CONSENSUS_PAIR_BYTES);
    if (rc) {
        free(*src);
        free(*dst);
        free(*w);
        *src = NULL;
        *dst = NULL;
        *w = NULL;
        *m = 0;
    }
    return rc;
}

/* The partition of a consensus graph with no edge left after thresholding:
 * every vertex is its own module. */
static void singletons(int32_t *mem, size_t n)
{
    for (size_t v = 0; v < n; v++)
        mem[v] = (int32_t)v;
}

static int leiden_unlocked(const ctome_graph *g, const ctome_modularity_opts *o, uint64_t seed,
                           ctome_modularity *out)
{
    ctome_modularity_opts def;
    if (!o) {
        ctome_modularity_opts_default(&def);
        o = &def;
    }
    if (!out)
        return ctome_error(CTOME_EINVAL, NULL, 0, "leiden: no output");
    memset(out, 0, sizeof *out);
    int rc = check_graph(g, o->weighted, "leiden");
    if (rc)
        return rc;
    if (o->runs < 1)
        return ctome_error(CTOME_EINVAL, NULL, 0, "leiden: runs must be >= 1, got '%d'", o->runs);
    if (o->iterations == 0 || o->iterations < -1)
        return ctome_error(CTOME_EINVAL, NULL, 0, "leiden: iterations must be >= 1 or -1, got '%d'",
                           o->iterations);
    if (!(o->gamma > 0) || !isfinite(o->gamma))
        return ctome_error(CTOME_EINVAL, NULL, 0, "leiden: gamma must be > 0, got '%g'", o->gamma);
    if (o->consensus && !(o->tau > 0 && o->tau <= 1))
        return ctome_error(CTOME_EINVAL, NULL, 0, "leiden: consensus threshold tau must be in (0, 1], got '%g'",
                           o->tau);
    if (o->consensus && o->runs > CTOME_CONSENSUS_MAX_RUNS)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "leiden: a consensus over %d runs: its co-assignment counts are 16-bit, so at most "
                           "%d runs (or no consensus)", o->runs, CTOME_CONSENSUS_MAX_RUNS);
    size_t n = g->n;
    int runs = o->runs;
    size_t max_bytes = o->max_bytes ? o->max_bytes : CTOME_CONSENSUS_MAX_BYTES;
    /* the budget is checked before any allocation: above it the consensus
     * is skipped and the result says so */
    size_t tri_bytes = 0;
    int consensus = o->consensus;
    if (consensus && !ctome_consensus_bytes(n, runs, max_bytes, &tri_bytes)) {
        consensus = 0;
        out->consensus_skipped = CTOME_CONSENSUS_SKIP_COUNTS;
        out->consensus_bytes = tri_bytes;
    }

    int32_t *src = NULL, *dst = NULL, *cur = NULL, *first = NULL, *map = NULL, *final = NULL;
    double *w = NULL;
    uint64_t *key = NULL;
    coassign ca = {0};
    leiden_input in = {0};
    size_t m = g->m_und;

    src = malloc(m * sizeof *src);
    dst = malloc(m * sizeof *dst);
    w = malloc(m * sizeof *w);
    first = malloc((size_t)runs * n * sizeof *first);
    map = malloc(n * sizeof *map);
    final = malloc(n * sizeof *final);
    key = malloc(n * sizeof *key);
    if (!src || !dst || !w || !first || !map || !final || !key) {
        rc = ctome_error(CTOME_ENOMEM, NULL, 0, "leiden: out of memory");
        goto done;
    }
    size_t k = 0;
    for (size_t v = 0; v < n; v++)
        for (size_t e = g->und_ptr[v]; e < g->und_ptr[v + 1]; e++)
            if ((size_t)g->und_idx[e] > v) {
                src[k] = (int32_t)v;
                dst[k] = g->und_idx[e];
                w[k] = edge_w(g, e, o->weighted);
                k++;
            }
    if ((rc = leiden_input_make(n, src, dst, w, m, &in)))
        goto done;
    if ((rc = leiden_runs(&in, o->gamma, o->beta, o->iterations, seed, runs, first, n, map)))
        goto done;
    leiden_input_free(&in);

    double best_q = 0;
    int best = best_run(g, first, runs, o->gamma, o->weighted, &best_q);
    if (best < 0) {
        rc = ctome_error_code();
        goto done;
    }
    out->best_run_q = best_q;
    memcpy(final, first + (size_t)best * n, n * sizeof *final);

    if (consensus) {
        cur = malloc((size_t)runs * n * sizeof *cur);
        if (!cur) {
            rc = ctome_error(CTOME_ENOMEM, NULL, 0, "leiden: out of memory");
            goto done;
        }
        if ((rc = coassign_alloc(&ca, n, runs, tri_bytes)))
            goto done;
        memcpy(cur, first, (size_t)runs * n * sizeof *cur);
        int round = 0, converged = all_equal(cur, runs, n);
        while (!converged && round < o->max_rounds) {
            round++;
            size_t mc = 0;
            int over = 0;
            if ((rc = coassign_graph(&ca, cur, runs, o->tau, max_bytes, &src, &dst, &w, &mc, &over)))
                goto done;
            if (over) {
                /* final still holds the best-Q run */
                out->consensus_skipped = CTOME_CONSENSUS_SKIP_GRAPH;
                out->consensus_bytes = mc > SIZE_MAX / CONSENSUS_PAIR_BYTES ? SIZE_MAX
                                                                           : mc * CONSENSUS_PAIR_BYTES;
                break;
            }
            if (mc == 0) {
                /* nothing co-assigned often enough: every vertex alone */
                singletons(cur, n);
                converged = 1;
                break;
            }
            if ((rc = leiden_input_make(n, src, dst, w, mc, &in)))
                goto done;
            /* the consensus graph is clustered with gamma = 1 (as BCT
             * consensus_und does); seeds continue after those of the runs */
            rc = leiden_runs(&in, 1.0, o->beta, o->iterations, seed + (uint64_t)o->runs * (uint64_t)round,
                             o->runs, cur, n, map);
            leiden_input_free(&in);
            if (rc)
                goto done;
            converged = all_equal(cur, o->runs, n);
        }
        coassign_free(&ca);
        if (out->consensus_skipped) {
            /* final: the best-Q run of the first round; consensus = 0 */
        } else if (converged) {
            memcpy(final, cur, n * sizeof *final);
        } else {
            double q;
            int b = best_run(g, cur, runs, o->gamma, o->weighted, &q);
            if (b < 0) {
                rc = ctome_error_code();
                goto done;
            }
            memcpy(final, cur + (size_t)b * n, n * sizeof *final);
        }
        if (!out->consensus_skipped) {
            out->rounds = round;
            out->converged = converged;
            out->consensus = 1;
        }
    }

    out->n_modules = relabel(final, n, map);
    if ((rc = ctome_modularity_q(g, final, o->gamma, o->weighted, &out->q)))
        goto done;
    double agree = 0;
    for (int r = 0; r < o->runs; r++)
        agree += rand_index(first + (size_t)r * n, final, n, key);
    out->agreement = agree / o->runs;
    out->gamma = o->gamma;
    out->runs = o->runs;
    out->iterations = o->iterations;
    out->seed = seed;
    out->n = n;
    out->membership = final;
    final = NULL;
    rc = CTOME_OK;
done:
    leiden_input_free(&in);
    free(src);
    free(dst);
    free(w);
    free(first);
    free(cur);
    free(map);
    free(final);
    coassign_free(&ca);
    free(key);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

/* Debian's igraph is built without thread-local state (IGRAPH_THREAD_SAFE 0):
 * its error-cleanup stack and default random generator are process globals.
 * One Leiden call at a time, then, so that threads running independent work
 * (the report's parts side by side) may each call this; each call seeds the
 * generator under the lock, so results do not depend on who runs beside it. */
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;

/* igraph_lock.h: every caller of igraph's seeded community methods takes this
 * one lock (dfc_community.c too), so no call reseeds the generator under
 * another's feet. */
void ctome_igraph_lock(void) { pthread_mutex_lock(&igraph_lock); }
void ctome_igraph_unlock(void) { pthread_mutex_unlock(&igraph_lock); }

int ctome_modularity_leiden(const ctome_graph *g, const ctome_modularity_opts *o, uint64_t seed,
                            ctome_modularity *out)
{
    ctome_igraph_lock();
    int rc = leiden_unlocked(g, o, seed, out);
    ctome_igraph_unlock();
    return rc;
}
