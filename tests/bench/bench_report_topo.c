/* bench_report_topo — where the CPU time of `ctome report`'s topology
 * section goes: the statistic set of every layer of every bundled dataset
 * with the report's options (tools/report_topology.c: 20 nulls, 20 Leiden
 * runs, 5 + 5 small-world references, sigma/omega only up to density 0.2),
 * one row per dataset and layer:
 *
 *   bench_report_topo [no-motifs] > rows.tsv
 *
 * no-motifs: without the motif census and its nulls (ctome_stats_opts
 * no_motifs), as the report computes every row but the figure's.
 *
 *   bench_report_topo budget
 *
 * instead prints, per layer, what the first rich-club null (replicate 0 of
 * seed 1, the undirected simple view, default swap options and the
 * rich-club nulls' chain: the complement of a view denser than 1/2)
 * achieves: the chain, the targeted swaps, the swaps made, the attempts and
 * the accepted fraction (docs/methods.md §5, the swap budget and dense
 * views).
 * Columns: dataset, layer, vertices, edges, density, cpu_s (the report's
 * call), cpu_fixed_s (the same with 1 null: paths, modularity, small world),
 * cpu_nulls_s = cpu_s - cpu_fixed_s (19 more nulls).  CPU seconds summed over
 * threads (CLOCK_PROCESS_CPUTIME_ID).  Keep the options in step with
 * report_topology.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctome.h"
#include "stats.h"

static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int no_motifs;

/* The first rich-club null of g: its swap counts, by the chain the rich-club
 * nulls use (complement = 1) and, for a dense view, also by the plain chain
 * (complement = 0: the budget it ran out of before). */
static int budget(const ctome_connectome *c, const char *layer, const ctome_graph *g)
{
    ctome_graph *u = NULL;
    if (g->directed && ctome_graph_undirected(g, 0, &u))
        return 1;
    const ctome_graph *x = u ? u : g;
    int rc = 0;
    for (int comp = 1; comp >= 0 && !rc; comp--) {
        ctome_null_opts o;
        ctome_null_opts_default(&o);
        o.complement = comp;   /* 1: as stats.c's rich-club nulls */
        if (!comp && !ctome_null_uses_complement(x, &(ctome_null_opts){.complement = 1}))
            break;
        ctome_null_ws *ws;
        if (ctome_null_ws_new(x, &o, &ws)) {
            printf("%s\t%s\t%zu\t%zu\tnot computed: %s\n", c->id, layer, x->n, x->m_und, ctome_error_message());
            ctome_error_clear();
            break;
        }
        ctome_rng r;
        ctome_rng_seed(&r, 1, 0);
        ctome_null_info info;
        const int32_t *s, *d;
        const double *w;
        size_t m;
        rc = ctome_null_run(ws, &r, &info, &s, &d, &w, &m);
        if (!rc)
            printf("%s\t%s\t%zu\t%zu\t%.4f\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%.5f\t%.2f\n", c->id,
                   layer, x->n, x->m_und, 2.0 * (double)x->m_und / ((double)x->n * (double)(x->n - 1)),
                   ctome_null_chain_name(x, &o), info.target, info.swaps, info.attempts,
                   (double)info.swaps / (double)info.attempts, (double)info.swaps / (double)x->m_und);
        ctome_null_ws_free(ws);
    }
    ctome_graph_free(u);
    return rc;
}   /* argv[1] = "no-motifs": as the report calls it for rows without a figure */

static int run(const ctome_connectome *c, const ctome_graph *g, size_t nulls, double *secs)
{
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.n_nulls = nulls;
    o.modularity_runs = 20;
    o.smallworld_nulls = 5;
    o.no_smallworld = ctome_density(g) > 0.2;
    o.no_motifs = no_motifs;
    ctome_stats s;
    double t = cpu();
    int rc = ctome_stats_compute(c, g, &o, &s);
    *secs = cpu() - t;
    if (rc)
        ctome_error_clear();
    else
        ctome_stats_clear(&s);
    return rc;
}

int main(int argc, char **argv)
{
    ctome_init();
    no_motifs = argc > 1 && !strcmp(argv[1], "no-motifs");
    int budget_only = argc > 1 && !strcmp(argv[1], "budget");
    const char *dir = getenv("CTOME_DATA") ? getenv("CTOME_DATA") : CTOME_BENCH_DATA;
    ctome_registry *reg;
    if (ctome_registry_load(dir, &reg)) {
        fprintf(stderr, "bench_report_topo: %s\n", ctome_error_message());
        return 1;
    }
    if (budget_only)
        printf("dataset\tlayer\tvertices\tedges_und\tdensity_und\tchain\ttarget\tswaps\tattempts\taccepted\tswaps_per_edge\n");
    else
        printf("dataset\tlayer\tvertices\tedges\tdensity\tcpu_s\tcpu_fixed_s\tcpu_nulls_s\n");
    double sum = 0, sum_fixed = 0;
    for (size_t i = 0; i < ctome_datasets_count(); i++) {
        ctome_connectome *c;
        if (ctome_dataset_load_source(ctome_dataset_at(i), 0, dir, reg, &c)) {
            fprintf(stderr, "bench_report_topo: %s\n", ctome_error_message());
            return 1;
        }
        for (size_t l = 0; l < c->n_layers; l++) {
            ctome_layer_summary ls;
            if (ctome_layer_summarise(c, &c->layers[l], 1, &ls) || ls.n_edges == 0)
                continue;
            ctome_graph *g;
            if (ctome_graph_from_layer(c, c->layers[l].name, NULL, &g)) {
                ctome_error_clear();
                continue;
            }
            if (budget_only) {
                if (budget(c, c->layers[l].name, g)) {
                    fprintf(stderr, "bench_report_topo: %s\n", ctome_error_message());
                    return 1;
                }
                ctome_graph_free(g);
                continue;
            }
            double t_all, t_fixed;
            int rc = run(c, g, 20, &t_all);
            if (!rc)
                run(c, g, 1, &t_fixed);
            if (rc)
                printf("%s\t%s\t%zu\t%zu\t%.4f\tnot computed\n", c->id, c->layers[l].name, g->n,
                       g->directed ? g->m : g->m_und, ctome_density(g));
            else
                printf("%s\t%s\t%zu\t%zu\t%.4f\t%.3f\t%.3f\t%.3f\n", c->id, c->layers[l].name, g->n,
                       g->directed ? g->m : g->m_und, ctome_density(g), t_all, t_fixed, t_all - t_fixed);
            fflush(stdout);
            if (!rc) {
                sum += t_all;
                sum_fixed += t_fixed;
            }
            ctome_graph_free(g);
        }
        ctome_connectome_free(c);
    }
    if (!budget_only)
        printf("total\t\t\t\t\t%.3f\t%.3f\t%.3f\n", sum, sum_fixed, sum - sum_fixed);
    ctome_registry_free(reg);
    return 0;
}
