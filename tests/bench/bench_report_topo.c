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
 * Columns: dataset, layer, vertices, edges, density, cpu_s (the report's
 * call), cpu_fixed_s (the same with 1 null: paths, modularity, small world),
 * cpu_nulls_s = cpu_s - cpu_fixed_s (19 more nulls).  CPU seconds summed over
 * threads (CLOCK_PROCESS_CPUTIME_ID).  Keep the options in step with
 * report_topology.c. */
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

static int no_motifs;   /* argv[1] = "no-motifs": as the report calls it for rows without a figure */

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
    const char *dir = getenv("CTOME_DATA") ? getenv("CTOME_DATA") : CTOME_BENCH_DATA;
    ctome_registry *reg;
    if (ctome_registry_load(dir, &reg)) {
        fprintf(stderr, "bench_report_topo: %s\n", ctome_error_message());
        return 1;
    }
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
    printf("total\t\t\t\t\t%.3f\t%.3f\t%.3f\n", sum, sum_fixed, sum - sum_fixed);
    ctome_registry_free(reg);
    return 0;
}
