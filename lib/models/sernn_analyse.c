/* sernn_analyse.c — structural and functional measures of a trained seRNN
 * (see sernn_analyse.h). */
#include "sernn_analyse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "error.h"
#include "graph.h"
#include "maze_task.h"
#include "modularity.h"
#include "smallworld.h"

void ctome_sernn_analyse_opts_default(ctome_sernn_analyse_opts *o)
{
    o->density = 0.1;
    o->runs = 10;
    o->n_rand = 10;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* Leiden best-of-runs Q of g; NaN (and 0 modules) for a graph Leiden rejects. */
static void modularity(const ctome_graph *g, int weighted, int runs, uint64_t seed, double *q,
                       size_t *k)
{
    ctome_modularity_opts mo;
    ctome_modularity_opts_default(&mo);
    mo.weighted = weighted;
    mo.runs = runs;
    mo.consensus = 0;
    ctome_modularity res = {0};
    *q = NAN;
    *k = 0;
    if (g->m_und > 0 && ctome_modularity_leiden(g, &mo, seed, &res) == CTOME_OK) {
        *q = res.q;
        *k = res.n_modules;
    }
    ctome_modularity_clear(&res);
}

/* Graph of the pairs with a = |W| entries passing `keep` (i != j), directed
 * arcs j -> i as the core's W[i][j]; weighted or 0/1. */
static int build(size_t n, const double *a, double thresh, int weighted, ctome_graph **g)
{
    size_t m = 0;
    int32_t *src = malloc(n * n * sizeof *src), *dst = malloc(n * n * sizeof *dst);
    double *w = malloc(n * n * sizeof *w);
    if (!src || !dst || !w) {
        free(src);
        free(dst);
        free(w);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j && a[i * n + j] > thresh) {
                src[m] = (int32_t)j;
                dst[m] = (int32_t)i;
                w[m++] = weighted ? a[i * n + j] : 1.0;
            }
    int rc = m ? ctome_graph_from_edges(n, src, dst, w, m, 1, g)
               : ctome_error(CTOME_EVALUE, NULL, 0, "seRNN analysis: no connection above %g", thresh);
    free(src);
    free(dst);
    free(w);
    return rc;
}

int ctome_sernn_structure(const float *W, size_t n, const double *d,
                          const ctome_sernn_analyse_opts *o, uint64_t seed, ctome_sernn_metrics *m)
{
    ctome_sernn_analyse_opts def;
    if (!o) {
        ctome_sernn_analyse_opts_default(&def);
        o = &def;
    }
    if (!W || !d || !m || n < 2)
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN analysis: NULL or fewer than 2 units");
    if (!(o->density > 0 && o->density <= 1) || o->runs < 1)
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN analysis: density %g outside (0, 1] or runs %d",
                           o->density, o->runs);
    size_t nn = n * n, npair = n * (n - 1);
    double *a = malloc(nn * sizeof *a), *sorted = malloc(nn * sizeof *sorted);
    double *x = malloc(npair * sizeof *x), *y = malloc(npair * sizeof *y);
    int rc = CTOME_OK;
    if (!a || !sorted || !x || !y) {
        rc = ctome_error_nomem();
        goto done;
    }
    double sum = 0, sumd = 0;
    size_t strong = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = fabs((double)W[i * n + j]);
            if (!isfinite(v)) {
                rc = ctome_error(CTOME_EVALUE, NULL, 0, "seRNN analysis: W[%zu][%zu] is '%g'", i, j,
                                 (double)W[i * n + j]);
                goto done;
            }
            a[i * n + j] = sorted[i * n + j] = v;
            if (i != j) {
                sum += v;
                sumd += v * d[i * n + j];
                strong += v > 1e-3;
                x[k] = v;
                y[k++] = d[i * n + j];
            }
        }
    m->strength = sum;
    m->mean_length = sum > 0 ? sumd / sum : NAN;
    m->frac_strong = (double)strong / (double)npair;
    m->wl_corr = ctome_pearson(x, y, npair);

    ctome_graph *g = NULL;
    if (build(n, a, 0.0, 1, &g) == CTOME_OK) {
        modularity(g, 1, o->runs, seed, &m->q_weighted, &m->modules_weighted);
        ctome_graph_free(g);
        g = NULL;
    } else {
        m->q_weighted = NAN;
        m->modules_weighted = 0;
    }
    /* strongest `density` of the n^2 entries, as the authors' 90th percentile */
    qsort(sorted, nn, sizeof *sorted, cmp_desc);
    size_t keep = (size_t)llround(o->density * (double)nn);
    double thresh = keep >= nn ? 0.0 : sorted[keep];
    m->q_binary = m->sigma = NAN;
    m->modules_binary = 0;
    if (build(n, a, thresh, 0, &g) == CTOME_OK) {
        modularity(g, 0, o->runs, seed, &m->q_binary, &m->modules_binary);
        ctome_smallworld_opts so;
        ctome_smallworld_opts_default(&so);
        so.n_rand = o->n_rand;
        so.lattice_iter = 1;   /* only sigma is used; the lattice feeds omega */
        so.threads = 1;
        ctome_smallworld sw;
        if (ctome_small_world(g, &so, seed, &sw) == CTOME_OK)
            m->sigma = sw.sigma;
        ctome_graph_free(g);
    }
    ctome_error_clear();
done:
    free(a);
    free(sorted);
    free(x);
    free(y);
    return rc;
}

void ctome_sernn_maze_labels(int goal[8], int pair[8])
{
    int seen[8][2], nseen = 0;
    for (size_t p = 0; p < CTOME_MAZE_PROBLEMS; p++) {
        int ch[2], ans;
        ctome_maze_problem(p, &goal[p], ch, &ans);
        int lo = ch[0] < ch[1] ? ch[0] : ch[1], hi = ch[0] ^ ch[1] ^ lo;
        int id = -1;
        for (int s = 0; s < nseen; s++)
            if (seen[s][0] == lo && seen[s][1] == hi)
                id = s;
        if (id < 0) {
            seen[nseen][0] = lo;
            seen[nseen][1] = hi;
            id = nseen++;
        }
        pair[p] = id;
    }
}

double ctome_eta_squared(const double *x, const int *lab, size_t k, int ngroups)
{
    double mean = 0;
    for (size_t i = 0; i < k; i++)
        mean += x[i];
    mean /= (double)k;
    double tot = 0, gs[16] = {0}, gn[16] = {0};
    for (size_t i = 0; i < k; i++) {
        tot += (x[i] - mean) * (x[i] - mean);
        gs[lab[i]] += x[i];
        gn[lab[i]] += 1;
    }
    if (tot < 1e-12 * (double)k)
        return 0.0;
    double between = 0;
    for (int g = 0; g < ngroups && g < 16; g++)
        if (gn[g] > 0) {
            double gm = gs[g] / gn[g];
            between += gn[g] * (gm - mean) * (gm - mean);
        }
    return between / tot;
}

int ctome_sernn_function(const float *h, size_t T, size_t B, size_t n, const int *goal,
                         const int *pair, size_t t0, size_t t1, const double *d,
                         ctome_sernn_metrics *m)
{
    if (!h || !goal || !pair || !d || !m || B == 0 || n == 0 || t0 >= t1 || t1 > T)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "seRNN analysis: window [%zu, %zu) outside 0..%zu or empty input", t0, t1, T);
    double *act = malloc(n * B * sizeof *act), *g = malloc(n * sizeof *g),
           *c = malloc(n * sizeof *c), *pref = malloc(n * sizeof *pref);
    size_t *idx = malloc(n * sizeof *idx);
    size_t npair = n * (n - 1) / 2;
    double *x = malloc((npair ? npair : 1) * sizeof *x), *y = malloc((npair ? npair : 1) * sizeof *y);
    if (!act || !g || !c || !pref || !idx || !x || !y) {
        free(act);
        free(g);
        free(c);
        free(pref);
        free(idx);
        free(x);
        free(y);
        return ctome_error_nomem();
    }
    double energy = 0;
    for (size_t t = 0; t < T; t++)
        for (size_t i = 0; i < B * n; i++)
            energy += fabs((double)h[t * B * n + i]);
    m->energy = energy / ((double)T * (double)B * (double)n);
    memset(act, 0, n * B * sizeof *act);
    for (size_t t = t0; t < t1; t++)
        for (size_t b = 0; b < B; b++)
            for (size_t i = 0; i < n; i++)
                act[i * B + b] += h[(t * B + b) * n + i] / (double)(t1 - t0);
    size_t na = 0;
    double mixed = 0;
    for (size_t i = 0; i < n; i++) {
        double mean = 0, var = 0;
        for (size_t b = 0; b < B; b++)
            mean += act[i * B + b];
        mean /= (double)B;
        for (size_t b = 0; b < B; b++)
            var += (act[i * B + b] - mean) * (act[i * B + b] - mean);
        if (var / (double)B < 1e-12)
            continue;
        g[na] = ctome_eta_squared(act + i * B, goal, B, 4);
        c[na] = ctome_eta_squared(act + i * B, pair, B, 5);
        double mx = fmax(g[na], c[na]);
        mixed += mx > 0 ? fmin(g[na], c[na]) / mx : 0;
        pref[na] = g[na] + c[na] > 0 ? (g[na] - c[na]) / (g[na] + c[na]) : 0;
        idx[na++] = i;
    }
    m->active = na;
    m->mixed = na ? mixed / (double)na : NAN;
    size_t k = 0;
    for (size_t a = 0; a < na; a++)
        for (size_t b = a + 1; b < na; b++) {
            x[k] = -d[idx[a] * n + idx[b]];
            y[k++] = -fabs(pref[a] - pref[b]);
        }
    m->func_clust = ctome_pearson(x, y, k);
    free(act);
    free(g);
    free(c);
    free(pref);
    free(idx);
    free(x);
    free(y);
    return CTOME_OK;
}
