/* report_topology.c — the topology section of `ctome report`: the global
 * statistic set of every layer of every bundled connectome (20 nulls, to
 * keep the report fast), one six-panel figure, and the Witvliet 2021
 * developmental comparison with its figure. */
#include "cli.h"
#include "commands.h"
#include "compare.h"
#include "report_html.h"
#include "stats.h"
#include "topology_figs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_NULLS 20
#define REPORT_RUNS 20
#define REPORT_SW_DENSITY 0.2

static void cell(FILE *f, double v, const char *fmt)
{
    if (isfinite(v)) {
        fputs("<td class=\"n\">", f);
        fprintf(f, fmt, v);
        fputs("</td>", f);
    } else {
        fputs("<td class=\"n\">&ndash;</td>", f);
    }
}

static int has_neuron_edge(const ctome_connectome *c, const ctome_layer *l)
{
    ctome_layer_summary s;
    return ctome_layer_summarise(c, l, 1, &s) == 0 && s.n_edges > 0;
}

/* What the topology reading quotes of the figure's row, formatted as the
 * table prints it. */
typedef struct {
    int have;
    double sigma, omega, q, rc_level, modules;
    size_t n_nodes, n_edges;
    int drawn;   /* the figure was written (not: no cairo) */
} main_row;

/* One row; the figure too when `fig` is given (and its values into *mr). */
static int stats_row(FILE *f, const char *dir, const ctome_connectome *c, const char *layer,
                     const char *fig, main_row *mr)
{
    ctome_graph *g;
    int rc = ctome_graph_from_layer(c, layer, NULL, &g);
    if (rc)
        return rc;
    ctome_stats_opts o;
    ctome_stats_opts_default(&o);
    o.n_nulls = REPORT_NULLS;
    o.modularity_runs = REPORT_RUNS;
    o.smallworld_nulls = 5;
    /* lattice references of dense layers (neuropeptide networks, density up
     * to 0.6) take minutes: sigma and omega only up to density 0.2 here */
    o.no_smallworld = ctome_density(g) > REPORT_SW_DENSITY;
    /* The table prints no motif statistic: motif nulls only for the figure
     * (on dense layers they were half the section's CPU; no printed value
     * changes, as the rich-club nulls draw from other streams). */
    o.no_motifs = fig == NULL;
    ctome_stats s;
    rc = ctome_stats_compute(c, g, &o, &s);
    if (rc) {
        /* a layer the statistics cannot use (e.g. too few edges to rewire):
         * say so in the table rather than failing the whole report */
        fprintf(f, "<tr><td>%s</td><td>%s</td><td colspan=\"16\">not computed: ", c->id, layer);
        for (const char *m = ctome_error_message(); *m; m++)
            fputs(*m == '<' ? "&lt;" : *m == '&' ? "&amp;" : (char[]){*m, 0}, f);
        fputs("</td></tr>\n", f);
        ctome_error_clear();
        ctome_graph_free(g);
        return CTOME_OK;
    }
    const ctome_topology *t = &s.topo;
    fprintf(f, "<tr><td>%s</td><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>", c->id, layer,
            t->n_nodes, t->n_edges);
    cell(f, t->density, "%.4f");
    cell(f, t->reciprocity, "%.3f");
    cell(f, t->transitivity, "%.3f");
    cell(f, t->average_clustering, "%.3f");
    cell(f, t->char_path_length, "%.3f");
    cell(f, t->global_efficiency, "%.3f");
    cell(f, t->degree_assortativity, "%.3f");
    cell(f, t->spectral_radius, "%.2f");
    cell(f, s.q, "%.3f");
    cell(f, (double)s.n_modules, "%.0f");
    cell(f, s.sigma, "%.2f");
    cell(f, s.omega, "%.2f");
    cell(f, s.rc_level >= 0 ? (double)s.rc_level : NAN, "%.0f");
    cell(f, t->bilateral_symmetry, "%.3f");
    fputs("</tr>\n", f);
    if (fig) {
        *mr = (main_row){1, s.sigma, s.omega, s.q, s.rc_level >= 0 ? (double)s.rc_level : NAN, (double)s.n_modules,
                         t->n_nodes, t->n_edges, 0};
        char *path = ctome_path_join(dir, fig);
        char title[160];
        snprintf(title, sizeof title, "%s: %s layer (%zu neurons, %zu edges; %d %s nulls)", c->id, layer,
                 t->n_nodes, t->n_edges, REPORT_NULLS, ctome_null_model_name(s.model));
        rc = path ? ctome_plot_stats(c, g, &s, title, path) : ctome_error_nomem();
        free(path);
        mr->drawn = !rc;
        if (rc == CTOME_ENOTSUP)   /* no cairo: the table stays, the figure's place says so */
            rc = CTOME_OK;
    }
    ctome_stats_clear(&s);
    ctome_graph_free(g);
    return rc;
}

/* The development table in one sentence: how much consecutive stages share,
 * and how far the weights of shared edges agree. */
static void development_reading(FILE *f, const ctome_comparison *cmp)
{
    size_t lo = 0, hi = 0, k = 0;
    for (size_t i = 0; i < cmp->n_pairs; i++) {
        if (!isfinite(cmp->pairs[i].jaccard))
            continue;
        if (!k++ || cmp->pairs[i].jaccard < cmp->pairs[lo].jaccard)
            lo = i;
        if (k == 1 || cmp->pairs[i].jaccard > cmp->pairs[hi].jaccard)
            hi = i;
    }
    if (!k)
        return;
    const ctome_compare_pair *a = &cmp->pairs[lo], *b = &cmp->pairs[hi];
    char s[700];
    snprintf(s, sizeof s,
             "Reading: consecutive stages share %.3f (%s to %s) to %.3f (%s to %s) of their chemical edges "
             "(Jaccard), so a large part of the wiring changes between any two stages; where an edge is kept its "
             "synapse count agrees at Spearman %s %.3f to %.3f over these pairs. Part of the change is sampling: each "
             "stage is one animal",
             a->jaccard, cmp->ids[a->a], cmp->ids[a->b], b->jaccard, cmp->ids[b->a], cmp->ids[b->b], "\xcf\x81",
             fmin(a->spearman, b->spearman), fmax(a->spearman, b->spearman));
    report_reading(f, s);
}

static int development(FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    const ctome_connectome *w[8];
    size_t k = 0;
    for (int stage = 1; stage <= 8; stage++) {
        char id[32];
        snprintf(id, sizeof id, "witvliet2021-%d", stage);
        for (size_t i = 0; i < n; i++)
            if (strcmp(cs[i]->id, id) == 0)
                w[k++] = cs[i];
    }
    if (k < 2)
        return CTOME_OK;
    ctome_comparison cmp;
    int rc = ctome_compare(w, k, "chemical", &cmp);
    if (rc)
        return rc;
    fputs("<h3>Development: the eight Witvliet 2021 stages</h3>\n<p>Chemical layer, neurons matched by "
          "name (<code>ctome compare witvliet2021-1 ... witvliet2021-8</code>). Jaccard = shared edges / "
          "edges in either; correlations over the weights (synapse counts) of shared edges.</p>\n"
          "<table><tr><th>from</th><th>to</th><th>edges from</th><th>edges to</th><th>shared</th>"
          "<th>gained</th><th>lost</th><th>Jaccard</th><th>Pearson r</th><th>Spearman &rho;</th></tr>\n", f);
    for (size_t i = 0; i < cmp.n_pairs; i++) {
        const ctome_compare_pair *p = &cmp.pairs[i];
        fprintf(f, "<tr><td>%s</td><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                   "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>",
                cmp.ids[p->a], cmp.ids[p->b], p->edges_a, p->edges_b, p->shared, p->gained, p->lost);
        cell(f, p->jaccard, "%.3f");
        cell(f, p->pearson, "%.3f");
        cell(f, p->spearman, "%.3f");
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    development_reading(f, &cmp);
    char *path = ctome_path_join(dir, "fig/development_chemical.png");
    rc = path ? ctome_plot_comparison(&cmp, "Witvliet 2021, L1 (0 h) to adult: chemical layer", path)
              : ctome_error_nomem();
    free(path);
    if (rc == CTOME_ENOTSUP) {   /* no cairo */
        report_no_figure(f, "The development figure");
        rc = CTOME_OK;
    } else if (!rc)
        fputs("<div class=\"figs\"><figure style=\"width:760px\"><a href=\"fig/development_chemical.png\">"
              "<img style=\"width:760px\" src=\"fig/development_chemical.png\" alt=\"development\"></a>"
              "<figcaption>Edge overlap, weight correlation, and edges gained/lost between consecutive "
              "stages</figcaption></figure></div>\n", f);
    ctome_comparison_clear(&cmp);
    return rc;
}

/* A layer with no edge between neurons (named registry cells): say why it
 * has no row, with its all-cell counts. */
static void skipped_layer(char *buf, size_t cap, const ctome_connectome *c, const ctome_layer *l)
{
    ctome_layer_summary a;
    if (ctome_layer_summarise(c, l, 0, &a) || a.n_edges == 0)
        return;
    size_t k = strlen(buf);
    snprintf(buf + k, cap - k, "%s%s %s (%zu nodes, %zu edges over all cells)", k ? "; " : "", c->id, l->name,
             a.n_nodes, a.n_edges);
}

/* The table in sentences: the small-world, module and rich-club values of
 * the figure's row as printed, each with what it does and does not show, and
 * the layers that have no row. */
static void topology_reading(FILE *f, const main_row *m, const char *skipped)
{
    char s[1400];
    if (m->have) {
        char sw[300], rc[300];
        if (isfinite(m->sigma) && isfinite(m->omega))
            snprintf(sw, sizeof sw, "small-world %s = %.2f and %s = %.2f (%s; from only 5 random and 5 lattice "
                                    "references, so a rough estimate)",
                     "\xcf\x83", m->sigma, "\xcf\x89", m->omega,
                     m->sigma > 1 && fabs(m->omega) < 0.5 ? "small-world by both criteria: sigma above 1, omega "
                                                          "near 0"
                     : m->sigma > 1 ? "sigma above 1 but omega not near 0: the two criteria disagree"
                                    : "not small-world by sigma");
        else
            snprintf(sw, sizeof sw, "no small-world values (not computed for this layer)");
        if (isfinite(m->rc_level))
            snprintf(rc, sizeof rc, "a rich club from degree k = %.0f (20 nulls, Bonferroni)", m->rc_level);
        else
            snprintf(rc, sizeof rc, "no rich club that beats the 20 nulls at the Bonferroni threshold (with so "
                                    "few nulls a weak test: run ctome stats with 100 or more)");
        snprintf(s, sizeof s, "Reading: the cook2019-herm chemical connectome (%zu neurons, %zu edges) has %s; "
                              "modularity Q = %.3f in %.0f modules; %s",
                 m->n_nodes, m->n_edges, sw, m->q, m->modules, rc);
        report_reading(f, s);
    }
    if (*skipped) {
        int newman = strstr(skipped, "newman-celegans") != NULL;
        snprintf(s, sizeof s, "No row for %s: no edge joins two named neurons there%s", skipped,
                 newman ? ". Newman's celegans GML numbers its nodes instead of naming them, so none matches a "
                          "neuron of the registry; ctome stats newman-celegans --scope all analyses all its nodes"
                        : "; ctome stats ID --scope all analyses all its nodes");
        report_reading(f, s);
    }
}

/* The split of the table between the two parts: the rows from this dataset
 * on (the neuropeptide layers: Bentley 2016's Leiden runs and the dense
 * Ripoll-Sanchez layers, about half of the section's CPU since their
 * rich-club nulls swap on the complement; docs/performance.md) are part 1.
 * No split (everything in part 0) when it is absent or would come before
 * the figure's row, whose values part 0's reading quotes. */
#define SPLIT_ID "bentley2016-peptide"
#define FIG_ID "cook2019-herm"

static size_t split_index(ctome_connectome **cs, size_t n)
{
    size_t fig = n, split = n;
    for (size_t i = 0; i < n; i++) {
        if (fig == n && !strcmp(cs[i]->id, FIG_ID))
            fig = i;
        if (split == n && !strcmp(cs[i]->id, SPLIT_ID))
            split = i;
    }
    return fig < n && split <= fig ? n : split;
}

/* The rows of datasets [lo, hi): the figure's values into *mr. */
static int rows(FILE *f, const char *dir, ctome_connectome **cs, size_t lo, size_t hi, main_row *mr)
{
    int rc = CTOME_OK;
    for (size_t i = lo; i < hi && !rc; i++)
        for (size_t l = 0; l < cs[i]->n_layers && !rc; l++) {
            const char *layer = cs[i]->layers[l].name;
            if (!has_neuron_edge(cs[i], &cs[i]->layers[l]))
                continue;
            int main_fig = !strcmp(cs[i]->id, FIG_ID) && !strcmp(layer, "chemical");
            rc = stats_row(f, dir, cs[i], layer, main_fig ? "fig/topology_cook2019-herm_chemical.png" : NULL, mr);
        }
    return rc;
}

/* After the last row: the reading, the figure and the development table. */
static int tail(FILE *f, const char *dir, ctome_connectome **cs, size_t n, const main_row *mr)
{
    char skipped[600] = "";
    for (size_t i = 0; i < n; i++)
        for (size_t l = 0; l < cs[i]->n_layers; l++)
            if (!has_neuron_edge(cs[i], &cs[i]->layers[l]))
                skipped_layer(skipped, sizeof skipped, cs[i], &cs[i]->layers[l]);
    fputs("</table>\n", f);
    topology_reading(f, mr, skipped);
    if (!mr->drawn)
        report_no_figure(f, "The topology figure");
    else
        fputs("<div class=\"figs\"><figure style=\"width:760px\"><a href=\"fig/"
          "topology_cook2019-herm_chemical.png\"><img style=\"width:760px\" src=\"fig/"
          "topology_cook2019-herm_chemical.png\" alt=\"topology of cook2019-herm chemical\"></a>"
          "<figcaption>Cook 2019 hermaphrodite, chemical layer: degree distribution, rich club, motif "
          "z-scores, modules, and the network at soma positions</figcaption></figure></div>\n", f);
    return development(f, dir, cs, n);
}

int report_topology_part(FILE *f, const char *dir, ctome_connectome **cs, size_t n, int part, FILE *after)
{
    size_t split = split_index(cs, n);
    if (part == 1)
        return rows(f, dir, cs, split, n, &(main_row){0});
    fprintf(f, "<h2>Topology</h2>\n<p>Global statistics of every layer over neurons "
               "(<code>ctome stats</code>; definitions in docs/methods.md). Rich-club k = the lowest k of the "
               "highest run of k where phi(k) exceeds the mean of %d degree-preserving nulls of the undirected "
               "simple graph (for a graph denser than 1/2 the swaps run on its complement: the same law, with "
               "the 10 swaps per edge reached; docs/methods.md &sect;5) with z above the Bonferroni-corrected normal quantile (0.05 over the distinct clubs; "
               "members: degree &gt; k; Towlson et al. 2013); "
               "modules: Leiden consensus over %d runs; small-world &sigma; and &omega; from 5 random and 5 lattice "
               "references, for layers of density up to %.1f only; seed 1. Run <code>ctome stats</code> for 100 or "
               "more nulls, motif z-scores and the rich-club curves.</p>\n"
               "<table><tr><th>id</th><th>layer</th><th>neurons</th><th>edges</th><th>density</th>"
               "<th>reciprocity</th><th>transitivity</th><th>clustering</th><th>path length</th>"
               "<th>efficiency</th><th>assortativity</th><th>spectral radius</th><th>Q</th>"
               "<th>modules</th><th>&sigma;</th><th>&omega;</th><th>rich-club k</th>"
               "<th>bilateral symmetry</th></tr>\n", REPORT_NULLS, REPORT_RUNS, REPORT_SW_DENSITY);
    main_row mr = {0};
    int rc = rows(f, dir, cs, 0, split, &mr);
    return rc ? rc : tail(after, dir, cs, n, &mr);
}
