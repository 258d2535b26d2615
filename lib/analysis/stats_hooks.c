/* stats_hooks.c — the modularity, motif and small-world pieces of the statistic set,
 * each a thin call into its own module (modularity.h, motifs.h,
 * smallworld.h). */
#include "stats_internal.h"

#include <math.h>
#include <stdlib.h>

#include "error.h"
#include "modularity.h"
#include "motifs.h"
#include "smallworld.h"

const char *ctome_stats_motif_name(size_t i)
{
    const char *s = i < CTOME_STATS_MOTIFS ? ctome_motif_name((int)i) : NULL;
    return s ? s : "";
}

int stats_motifs_graph(const ctome_graph *g, double *counts)
{
    return ctome_motif_counts(g, NULL, counts);
}

int stats_motifs_ws_new(const ctome_graph *g, void **ws)
{
    ctome_motif_ws *w;
    int rc = ctome_motif_ws_new(g->n, g->directed ? g->m : 2 * g->m_und, &w);
    *ws = rc ? NULL : w;
    return rc;
}

void stats_motifs_ws_free(void *ws) { ctome_motif_ws_free(ws); }

int stats_motifs_null(const ctome_null_view *v, void *ws, double *counts)
{
    uint64_t census[CTOME_TRIAD_CLASSES];
    int rc = ctome_triad_census_arcs(v->n, v->src, v->dst, v->m, v->directed, ws, census);
    for (size_t k = 0; !rc && k < CTOME_STATS_MOTIFS; k++)
        counts[k] = (double)census[CTOME_MOTIF_FIRST + k];
    return rc;
}

size_t ctome_stats_large_runs(size_t m_und)
{
    size_t r = m_und ? CTOME_STATS_LARGE_LEIDEN_WORK / m_und : CTOME_STATS_LARGE_RUNS;
    return r < 1 ? 1 : r > CTOME_STATS_LARGE_RUNS ? CTOME_STATS_LARGE_RUNS : r;
}

int stats_modularity(const ctome_graph *g, const ctome_stats_opts *o, ctome_stats *s)
{
    ctome_modularity_opts mo;
    ctome_modularity_opts_default(&mo);
    mo.gamma = o->gamma;
    mo.weighted = o->weighted;
    mo.runs = (int)o->modularity_runs;
    if (s->large) {   /* stats.h: the consensus matrix is n x n; runs fall with size */
        mo.consensus = 0;
        mo.iterations = CTOME_STATS_LARGE_ITERATIONS;
        size_t cap = ctome_stats_large_runs(g->m_und);
        if ((size_t)mo.runs > cap)
            mo.runs = (int)cap;
    }
    ctome_modularity m;
    int rc = ctome_modularity_leiden(g, &mo, o->seed, &m);
    if (rc)
        return rc;
    /* from the result: the consensus is skipped above its memory budget */
    s->modularity_consensus = m.consensus;
    s->modularity_consensus_skipped = m.consensus_skipped;
    s->modularity_consensus_bytes = m.consensus_bytes;
    s->q = m.q;
    s->n_modules = m.n_modules;
    s->gamma = m.gamma;
    s->runs = (size_t)m.runs;
    s->iterations = m.iterations;
    for (size_t i = 0; i < g->n; i++)
        s->module[i] = m.membership[i];
    ctome_modularity_clear(&m);
    return CTOME_OK;
}

int stats_participation(const ctome_graph *g, const int32_t *module, int weighted, double *p,
                        double *z)
{
    int rc = ctome_participation(g, module, weighted, p);
    return rc ? rc : ctome_module_zscore(g, module, weighted, z);
}

int stats_smallworld(const ctome_graph *g, const ctome_stats_opts *o, ctome_stats *s)
{
    ctome_smallworld_opts so;
    ctome_smallworld_opts_default(&so);
    so.threads = o->threads;
    if (o->smallworld_nulls)
        so.n_rand = o->smallworld_nulls;
    so.gnm = o->smallworld_gnm;
    ctome_smallworld sw;
    int rc = ctome_small_world(g, &so, o->seed, &sw);
    if (rc)
        return rc;
    s->sigma = sw.sigma;
    s->omega = sw.omega;
    s->sw_c = sw.c;
    s->sw_l = sw.l;
    s->sw_c_rand = sw.c_rand;
    s->sw_l_rand = sw.l_rand;
    s->sw_c_latt = sw.c_latt;
    s->sw_refs = sw.n_rand;
    s->sw_gnm = so.gnm;
    return CTOME_OK;
}
