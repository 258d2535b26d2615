/* ctome stats — the topology statistic set of each dataset and layer. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "mpi_jobs.h"
#include "progress_bar.h"
#include "modularity.h"
#include "stats.h"
#include "topology_figs.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_NULLS 100

typedef struct {
    const char *layer;       /* NULL: every layer */
    int weighted, as_json, nodes, quiet, mpi;
    int header_done;         /* TSV header printed (only once a result exists) */
    int nulls_given;
    int sw_given;            /* --sw-refs or --sw-reference given */
    const char *plot;
    size_t n_inputs;
    ctome_scope scope;       /* --scope (auto by default) */
    ctome_stats_opts so;
    cli_progress bar;
} stats_args;

static json_t *vec(const double *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, cli_json_num(v[i]));
    return a;
}

/* The significant k as runs "lo-hi,lo-hi" ("none"). */
static void sig_ranges(const ctome_stats *s, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t k = 0; k < s->rc_n; k++) {
        if (!s->rc_sig[k] || (k > 0 && s->rc_sig[k - 1]))
            continue;
        size_t hi = k;
        while (hi + 1 < s->rc_n && s->rc_sig[hi + 1])
            hi++;
        int w = snprintf(buf + used, len - used, "%s%zu-%zu", used ? "," : "", k, hi);
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
    }
    if (!used)
        snprintf(buf, len, "none");
}

static json_t *sig_ranges_json(const ctome_stats *s)
{
    json_t *a = json_array();
    for (size_t k = 0; k < s->rc_n; k++) {
        if (!s->rc_sig[k] || (k > 0 && s->rc_sig[k - 1]))
            continue;
        size_t hi = k;
        while (hi + 1 < s->rc_n && s->rc_sig[hi + 1])
            hi++;
        json_array_append_new(a, json_pack("[I, I]", (json_int_t)k, (json_int_t)hi));
    }
    return a;
}

static const char *PATH_SAMPLED =
    "mean over sources drawn uniformly without replacement (random stream 2^40 of the seed) of each "
    "source's mean distance (LCC sources) or mean inverse distance; 95% CI = mean +- 1.96 sd / sqrt(K) "
    "x sqrt((N-K)/(N-1)) (normal approximation, finite-population correction)";
static const char *LARGE_WHY =
    "n x m above 2e9: exact all-pairs paths are O(n m); --exact computes them";
static const char *LARGE_SW =
    "small-world sigma and omega need exact path lengths on every reference graph and lattice "
    "rewiring: not computed above n x m = 2e9 (--exact computes them)";

static const char *LEIDEN_ITER_RULE =
    "Leiden iterations per run: -1 = igraph's n_iterations -1, which igraph before the fix of its "
    "issue #2798 (Debian 12's 0.10.2) runs as exactly one iteration; above n x m = 2e9, 2 iterations "
    "(python-igraph's default) and 4e6 / edges runs (1..10)";

static const char *RC_RULE =
    "significant(k): phi_norm(k) > 1 and z(k) = (phi - null mean) / null sd > z_crit, z_crit = "
    "one-sided normal quantile at alpha / L (Bonferroni over the L distinct clubs tested); "
    "nulls: degree-preserving rewiring of the undirected simple graph";
static const char *RC_LEVEL_AUTO = "lowest k of the highest run of significant k (onset of the hubs' "
                                   "rich-club regime; Towlson et al. 2013)";

/* One object per dataset+layer.  Every column of the TSV row (print_header)
 * is a key of the same name here, with the same meaning (numbers as numbers,
 * null where the TSV has NaN or NA); what a row cannot hold (the rich-club
 * and motif curves, the rules behind the numbers) is added beside them. */
/* Why the consensus was not built (modularity.h's budget), for stderr and
 * the JSON's modularity_why. */
static void consensus_why(const ctome_stats *s, char *buf, size_t len)
{
    /* exact bytes: near the limit a rounded size would read "512 MB above 512 MB" */
    size_t need = s->modularity_consensus_bytes, budget = CTOME_CONSENSUS_MAX_BYTES;
    if (s->modularity_consensus_skipped == CTOME_CONSENSUS_SKIP_COUNTS)
        snprintf(buf, len,
                 "no consensus: its co-assignment counts (n(n-1)/2 pairs x %d byte%s for %zu runs) need %zu "
                 "bytes, above the budget of %zu (512 MiB: n <= 32768 for <= 255 runs, 23170 for more); "
                 "modularity = best of %zu Leiden runs", s->runs > 255 ? 2 : 1, s->runs > 255 ? "s" : "",
                 s->runs, need, budget, s->runs);
    else
        snprintf(buf, len,
                 "no consensus: a round's thresholded co-assignment graph needs %zu bytes (about 80 a kept "
                 "pair), above the budget of %zu (512 MiB); modularity = best of %zu Leiden runs", need,
                 budget, s->runs);
}

static json_t *result_json(const ctome_connectome *c, const char *layer, const ctome_stats *s)
{
    const ctome_topology *t = &s->topo;
    json_t *o = json_object();
    json_object_set_new(o, "dataset", json_string(c->id));
    json_object_set_new(o, "layer", json_string(layer));
    json_object_set_new(o, "directed", json_boolean(t->directed));
    json_object_set_new(o, "n_nodes", json_integer((json_int_t)t->n_nodes));
    json_object_set_new(o, "n_edges", json_integer((json_int_t)t->n_edges));
    json_object_set_new(o, "density", cli_json_num(t->density));
    json_object_set_new(o, "reciprocity", cli_json_num(t->reciprocity));
    json_object_set_new(o, "transitivity", cli_json_num(t->transitivity));
    json_object_set_new(o, "average_clustering", cli_json_num(t->average_clustering));
    json_object_set_new(o, "average_clustering_weighted", cli_json_num(t->average_clustering_weighted));
    json_object_set_new(o, "char_path_length", cli_json_num(t->char_path_length));
    json_object_set_new(o, "global_efficiency", cli_json_num(t->global_efficiency));
    json_object_set_new(o, "global_efficiency_weighted", cli_json_num(t->global_efficiency_weighted));
    json_object_set_new(o, "degree_assortativity", cli_json_num(t->degree_assortativity));
    json_object_set_new(o, "spectral_radius", cli_json_num(t->spectral_radius));
    json_object_set_new(o, "modularity_q", cli_json_num(s->q));
    json_object_set_new(o, "n_modules", json_integer((json_int_t)s->n_modules));
    json_object_set_new(o, "modularity_gamma", cli_json_num(s->gamma));
    json_object_set_new(o, "small_world_sigma", cli_json_num(s->sigma));
    json_object_set_new(o, "small_world_omega", cli_json_num(s->omega));
    json_object_set_new(o, "sw_C", cli_json_num(s->sw_c));
    json_object_set_new(o, "sw_L", cli_json_num(s->sw_l));
    json_object_set_new(o, "sw_C_rand", cli_json_num(s->sw_c_rand));
    json_object_set_new(o, "sw_L_rand", cli_json_num(s->sw_l_rand));
    json_object_set_new(o, "sw_C_latt", cli_json_num(s->sw_c_latt));
    json_object_set_new(o, "sw_C_definition", json_string("average local clustering (networkx average_clustering)"));
    json_object_set_new(o, "sw_reference", json_string(s->sw_gnm ? "gnm" : "degree"));
    json_object_set_new(o, "sw_refs", json_integer((json_int_t)s->sw_refs));
    if (s->large)
        json_object_set_new(o, "small_world_skipped", json_string(LARGE_SW));
    json_object_set_new(o, "rich_club_k", s->rc_level >= 0 ? json_integer(s->rc_level) : json_null());
    json_object_set_new(o, "rich_club_k_from", json_string(s->rc_level_user ? "user" : "auto"));
    json_object_set_new(o, "rich_club_members", json_integer((json_int_t)s->rc_members));
    json_object_set_new(o, "rich_club_significant_k", sig_ranges_json(s));
    json_object_set_new(o, "rich_club_z_crit", cli_json_num(s->rc_z_crit));
    json_object_set_new(o, "bilateral_symmetry", cli_json_num(t->bilateral_symmetry));
    json_object_set_new(o, "null_model", json_string(ctome_null_model_name(s->model)));
    json_object_set_new(o, "n_nulls", json_integer((json_int_t)s->n_nulls));
    json_object_set_new(o, "seed", json_integer((json_int_t)s->seed));
    json_object_set_new(o, "null_rich_club", json_string("undirected simple graph, degrees kept (streams 0..n-1)"));
    json_object_set_new(o, "null_motifs", t->directed ? json_string("directed, in/out degrees and mutual dyads kept "
                                                                    "(Milo et al. 2002; streams 2^33+i)")
                                                      : json_null());
    /* node_scope (+ node_scope_automatic, layer_union): cli_scope_json by the caller */
    json_object_set_new(o, "path_estimate", json_string(t->path_sources ? "sampled" : "exact"));
    json_object_set_new(o, "path_sources", json_integer((json_int_t)t->path_sources));
    json_object_set_new(o, "path_sources_in_lcc", json_integer((json_int_t)t->path_sources_lcc));
    json_object_set_new(o, "path_seed", json_integer((json_int_t)t->path_seed));
    json_object_set_new(o, "path_method", json_string(t->path_sources ? PATH_SAMPLED : "all pairs (exact)"));
    if (s->large)
        json_object_set_new(o, "path_why", json_string(LARGE_WHY));
    json_object_set_new(o, "char_path_length_ci95_lo", cli_json_num(t->char_path_length_ci[0]));
    json_object_set_new(o, "char_path_length_ci95_hi", cli_json_num(t->char_path_length_ci[1]));
    json_object_set_new(o, "global_efficiency_ci95_lo", cli_json_num(t->global_efficiency_ci[0]));
    json_object_set_new(o, "global_efficiency_ci95_hi", cli_json_num(t->global_efficiency_ci[1]));
    json_object_set_new(o, "global_efficiency_weighted_ci95_lo", cli_json_num(t->global_efficiency_weighted_ci[0]));
    json_object_set_new(o, "global_efficiency_weighted_ci95_hi", cli_json_num(t->global_efficiency_weighted_ci[1]));
    json_object_set_new(o, "modularity_partition",
                        json_string(s->module ? (s->modularity_consensus ? "consensus" : "best_of_runs") : "none"));
    json_object_set_new(o, "modularity_runs", json_integer((json_int_t)s->runs));
    json_object_set_new(o, "modularity_iterations",
                        s->module ? json_integer(s->iterations) : json_null());
    if (s->module)
        json_object_set_new(o, "modularity_iterations_rule", json_string(LEIDEN_ITER_RULE));
    if (s->modularity_consensus_skipped) {
        char why[320];
        consensus_why(s, why, sizeof why);
        json_object_set_new(o, "modularity_why", json_string(why));
    }
    /* the curves and rules behind the rich_club_* and motif numbers */
    json_t *k = json_array();
    for (size_t i = 0; i < s->rc_n; i++)
        json_array_append_new(k, json_integer((json_int_t)i));
    json_t *sig = json_array();
    for (size_t i = 0; i < s->rc_n; i++)
        json_array_append_new(sig, json_boolean(s->rc_sig[i]));
    json_t *rco = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "k", k, "phi", vec(s->rc_phi, s->rc_n),
                            "phi_null_mean", vec(s->rc_null_mean, s->rc_n), "phi_null_sd", vec(s->rc_null_sd, s->rc_n),
                            "phi_norm", vec(s->rc_norm, s->rc_n), "p", vec(s->rc_p, s->rc_n), "z",
                            vec(s->rc_z, s->rc_n), "significant", sig);
    json_object_set_new(rco, "significance", json_pack("{s:s, s:f, s:I}", "rule", RC_RULE, "alpha", s->rc_alpha,
                                                       "tests", (json_int_t)s->rc_tests));
    json_object_set_new(rco, "level_rule", json_string(s->rc_level_user ? "user (--rich-k)" : RC_LEVEL_AUTO));
    json_object_set_new(rco, "membership", json_string("undirected degree > rich_club_k"));
    json_object_set_new(o, "rich_club", rco);
    json_t *classes = json_array();
    for (size_t i = 0; i < CTOME_STATS_MOTIFS; i++)
        json_array_append_new(classes, json_string(ctome_stats_motif_name(i)));
    json_object_set_new(o, "motifs",
                        json_pack("{s:o, s:o, s:o, s:o, s:o}", "classes", classes, "counts",
                                  vec(s->motif_count, CTOME_STATS_MOTIFS), "null_mean",
                                  vec(s->motif_null_mean, CTOME_STATS_MOTIFS), "null_sd",
                                  vec(s->motif_null_sd, CTOME_STATS_MOTIFS), "z",
                                  vec(s->motif_z, CTOME_STATS_MOTIFS)));
    json_object_set_new(o, "ctome_version", json_string(ctome_version()));
    return o;
}

static const char *node_name(const ctome_connectome *c, const ctome_graph *g, size_t v)
{
    return g->node ? c->nodes[g->node[v]].name : "?";
}

static json_t *nodes_json(const ctome_connectome *c, const ctome_graph *g, const ctome_stats *s)
{
    json_t *a = json_array();
    const ctome_node_table *t = s->nodes;
    for (size_t v = 0; v < g->n; v++)
        json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
            "neuron", node_name(c, g, v), "in_degree", (json_int_t)t->in_degree[v], "out_degree",
            (json_int_t)t->out_degree[v], "in_strength", cli_json_num(t->in_strength[v]), "out_strength",
            cli_json_num(t->out_strength[v]), "clustering", cli_json_num(t->clustering[v]), "betweenness",
            cli_json_num(t->betweenness[v]), "closeness", cli_json_num(t->closeness[v]), "eigenvector",
            cli_json_num(t->eigenvector[v]), "module", s->module ? json_integer(s->module[v] + 1) : json_null(),
            "participation", cli_json_num(s->participation[v]), "within_module_z", cli_json_num(s->within_z[v]),
            "rich_club", s->rich_club_member[v]));
    return a;
}

static void print_header(void)
{
    printf("dataset\tlayer\tn_nodes\tn_edges\tdensity\treciprocity\ttransitivity\taverage_clustering\t"
           "average_clustering_weighted\tchar_path_length\tglobal_efficiency\tglobal_efficiency_weighted\t"
           "degree_assortativity\tspectral_radius\tmodularity_q\tn_modules\tsmall_world_sigma\t"
           "small_world_omega\tsw_C\tsw_L\tsw_C_rand\tsw_L_rand\tsw_C_latt\tsw_reference\tsw_refs\t"
           "rich_club_k\trich_club_k_from\trich_club_members\trich_club_significant_k\trich_club_z_crit\t"
           "bilateral_symmetry\tnull_model\tn_nulls\tseed\tnode_scope\tpath_estimate\tpath_sources\t"
           "char_path_length_ci95_lo\tchar_path_length_ci95_hi\tglobal_efficiency_ci95_lo\t"
           "global_efficiency_ci95_hi\tglobal_efficiency_weighted_ci95_lo\tglobal_efficiency_weighted_ci95_hi\t"
           "modularity_partition\tmodularity_runs\tmodularity_iterations\n");
}

static void print_row(const ctome_connectome *c, const char *layer, const ctome_stats *s,
                      const ctome_graph *g)
{
    const ctome_topology *t = &s->topo;
    char ranges[256];
    sig_ranges(s, ranges, sizeof ranges);
    printf("%s\t%s\t%zu\t%zu\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%zu\t%.6g\t"
           "%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%s\t%zu\t%ld\t%s\t%zu\t%s\t%.4g\t%.6g\t%s\t%zu\t%" PRIu64 "\t%s",
           c->id, layer, t->n_nodes, t->n_edges, t->density, t->reciprocity, t->transitivity,
           t->average_clustering, t->average_clustering_weighted, t->char_path_length,
           t->global_efficiency, t->global_efficiency_weighted, t->degree_assortativity,
           t->spectral_radius, s->q, s->n_modules, s->sigma, s->omega, s->sw_c, s->sw_l, s->sw_c_rand,
           s->sw_l_rand, s->sw_c_latt, s->sw_gnm ? "gnm" : "degree", s->sw_refs, s->rc_level,
           s->rc_level_user ? "user" : "auto", s->rc_members, ranges, s->rc_z_crit,
           t->bilateral_symmetry, ctome_null_model_name(s->model), s->n_nulls, s->seed,
           ctome_scope_name(g->scope));
    printf("\t%s\t%zu\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%s\t%zu", t->path_sources ? "sampled" : "exact",
           t->path_sources, t->char_path_length_ci[0], t->char_path_length_ci[1], t->global_efficiency_ci[0],
           t->global_efficiency_ci[1], t->global_efficiency_weighted_ci[0], t->global_efficiency_weighted_ci[1],
           s->module ? (s->modularity_consensus ? "consensus" : "best_of_runs") : "none", s->runs);
    if (s->module)
        printf("\t%d\n", s->iterations);
    else
        printf("\tNA\n");
}

static void print_nodes_header(void)
{
    printf("dataset\tlayer\tneuron\tin_degree\tout_degree\tin_strength\tout_strength\tclustering\t"
           "betweenness\tcloseness\teigenvector\tmodule\tparticipation\twithin_module_z\trich_club\n");
}

static void print_nodes(const ctome_connectome *c, const char *layer, const ctome_graph *g,
                        const ctome_stats *s)
{
    const ctome_node_table *t = s->nodes;
    for (size_t v = 0; v < g->n; v++) {
        printf("%s\t%s\t%s\t%d\t%d\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t", c->id, layer,
               node_name(c, g, v), (int)t->in_degree[v], (int)t->out_degree[v], t->in_strength[v],
               t->out_strength[v], t->clustering[v], t->betweenness[v], t->closeness[v],
               t->eigenvector[v]);
        if (s->module)
            printf("%d", (int)s->module[v] + 1);
        else
            printf("NA");
        printf("\t%.6g\t%.6g\t%s\n", s->participation[v], s->within_z[v],
               s->rich_club_member[v] ? "true" : "false");
    }
}

/* FILE.png -> FILE_<id>_<layer>.png when several results share one --plot. */
static char *plot_path(const char *plot, const char *id, const char *layer, int many)
{
    size_t n = strlen(plot) + strlen(id) + strlen(layer) + 4;
    char *p = malloc(n);
    if (!p)
        return NULL;
    const char *dot = strrchr(plot, '.');
    if (!many || !dot) {
        snprintf(p, n, "%s", plot);
        return p;
    }
    snprintf(p, n, "%.*s_%s_%s%s", (int)(dot - plot), plot, id, layer, dot);
    return p;
}

static int one_layer(stats_args *a, const ctome_connectome *c, const char *layer, json_t *arr, int many)
{
    ctome_graph *g, *sub = NULL;
    double *pos = NULL;
    ctome_scope used;
    ctome_graph_opts go = {.scope = a->scope};
    int rc = cli_layer_scope("stats", c, layer, a->scope, a->quiet, &used);
    if (!rc)
        rc = ctome_graph_from_layer(c, layer, &go, &g);
    if (rc)
        return rc;
    if (a->so.model == CTOME_NULL_GEOMETRY) {
        /* the observed graph and its nulls must share a vertex set: both
         * leave out the neurons without a soma position */
        size_t dropped = 0;
        if ((rc = ctome_nulls_positions(g, c, 1, &sub, &pos, &dropped))) {
            ctome_graph_free(g);
            return rc;
        }
        if (sub) {
            ctome_graph_free(g);
            g = sub;
        }
        if (dropped && !a->quiet)
            fprintf(stderr, "ctome stats: %s %s: %zu neurons without a soma position left out "
                            "(geometry null)\n", c->id, layer, dropped);
        a->so.pos = pos;
    }
    char label[96];
    snprintf(label, sizeof label, "%s %s nulls", c->id, layer);
    cli_progress_label(&a->bar, label);
    ctome_stats s;
    rc = ctome_stats_compute(c, g, &a->so, &s);
    cli_progress_done(&a->bar);
    if (!rc && !a->quiet && s.topo.path_sources)
        fprintf(stderr, "ctome stats: %s %s: char_path_length and global_efficiency ESTIMATED from %zu sampled "
                        "sources (seed %" PRIu64 "; 95%% CI in the *_ci95 columns)%s\n", c->id, layer,
                s.topo.path_sources, s.seed,
                s.large ? "" : " (--path-sources)");
    if (!rc && !a->quiet && s.large)
        fprintf(stderr, "ctome stats: %s %s: %zu nodes x %zu edges is above the exact size (n x m > 2e9): path "
                        "measures sampled, modularity = best of %zu Leiden runs of %d iterations (no "
                        "consensus; runs = %d / edges, 1..%d), small-world sigma/omega not computed; --exact "
                        "for the exact set\n",
                c->id, layer, g->n, g->m_und, s.runs, s.iterations, CTOME_STATS_LARGE_LEIDEN_WORK,
                CTOME_STATS_LARGE_RUNS);
    if (!rc && !a->quiet && s.modularity_consensus_skipped) {
        char why[320];
        consensus_why(&s, why, sizeof why);
        fprintf(stderr, "ctome stats: %s %s: %zu nodes: %s\n", c->id, layer, g->n, why);
    }
    /* a warning, not a note: the table marks nobody, so it prints with --quiet too */
    if (!rc && a->nodes && s.rc_level < 0)
        fprintf(stderr, "ctome stats: %s %s: no rich-club level is significant (%zu nulls%s), so no neuron is "
                        "marked rich club; set a level with --rich-k K\n", c->id, layer, s.n_nulls,
                s.n_nulls < CTOME_STATS_RC_MIN_NULLS ? "; the test needs at least 20" : "");
    if (!rc) {
        if (a->as_json) {
            json_t *o = result_json(c, layer, &s);
            cli_scope_json(o, layer, g);
            if (a->nodes)
                json_object_set_new(o, "nodes", nodes_json(c, g, &s));
            json_array_append_new(arr, o);
        } else if (a->nodes) {
            if (!a->header_done++)
                print_nodes_header();
            print_nodes(c, layer, g, &s);
        } else {
            if (!a->header_done++)
                print_header();
            print_row(c, layer, &s, g);
        }
        fflush(stdout);
    }
    if (!rc && a->plot && ctome_mpi_root()) {
        char *path = plot_path(a->plot, c->id, layer, many);
        char title[160];
        snprintf(title, sizeof title, "%s: %s layer (%zu neurons, %zu edges)", c->id, layer,
                 s.topo.n_nodes, s.topo.n_edges);
        rc = path ? ctome_plot_stats(c, g, &s, title, path) : ctome_error_nomem();
        if (!rc && !a->quiet)
            fprintf(stderr, "ctome stats: figure written to %s\n", path);
        free(path);
    }
    ctome_stats_clear(&s);
    ctome_graph_free(g);
    free(pos);
    a->so.pos = NULL;
    return rc;
}

/* Every layer of c with something to analyse in the scope (--layer all /
 * default); the others are named on stderr. */
static int analysable(const stats_args *a, const ctome_connectome *c, const ctome_layer *l)
{
    ctome_layer_view v;
    if (ctome_layer_view_open(c, l->name, a->scope, &v) == CTOME_OK) {
        ctome_layer_view_close(&v);
        return 1;
    }
    if (!a->quiet)
        fprintf(stderr, "ctome stats: %s; skipped\n", ctome_error_message());
    return 0;
}

const cli_opt cli_opts_stats[] = {
    {"layer", 'l', 'l', "L",
     "chemical, electrical, ..., or all (default: every layer with something to analyse in the "
     "scope); " CLI_LAYER_UNION_HELP,
     CLI_VAL_ENUM, "all|" CLI_LAYERS, 0, NULL},
    CLI_OPT_SCOPE,
    {"weighted", 'w', 'w', NULL, "modularity and participation on synapse weights", CLI_VAL_NONE, NULL, 0, NULL},
    {"nulls", 'n', 'n', "N", "null models for the rich club and motifs (default 100; at least 1)", CLI_VAL_NUMBER,
     NULL, 0, NULL},
    {"null-model", 'm', 'm', "M",
     "maslov-sneppen (default; degrees kept exactly), strength (strengths kept by simulated annealing), geometry "
     "(degrees and edge-length distribution kept, soma positions)",
     CLI_VAL_ENUM, "maslov-sneppen|strength|geometry", 0, NULL},
    {"seed", 's', 's', "S", "seed of the nulls (default 1; printed with the result)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"threads", 't', 't', "T", "threads for the nulls and path measures (default: all cores; results are identical "
     "for any T)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"mpi", 0, 'M', NULL,
     "split the rich-club and motif nulls over MPI ranks (run under mpirun -np K); the other measures are "
     "computed on every rank; rank 0 prints; the same bytes as one process",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"nodes", 'N', 'N', NULL,
     "the per-neuron table instead: in/out degree, strength, clustering, betweenness, closeness, eigenvector "
     "centrality, module, participation coefficient, within-module z-score, rich-club membership (undirected "
     "degree > level); sigma and omega are not computed (with --json, which adds the global row, they are)",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"rich-k", 0, 'K', "K",
     "rich-club level: members have degree > K (default auto: the rule above; nobody when no k is significant)",
     CLI_VAL_TEXT, NULL, 0, NULL},
    {"sw-refs", 0, 'R', "N", "random and lattice references for sigma/omega (default 10)", CLI_VAL_NUMBER, NULL, 0,
     NULL},
    {"sw-reference", 0, 'G', "R",
     "degree (default: degree-preserving nulls, as networkx sigma/omega) or gnm (Erdos-Renyi G(n, m), Watts & "
     "Strogatz 1998's random reference; seeded as the nulls)",
     CLI_VAL_ENUM, "degree|gnm", 0, NULL},
    {"exact", 0, 'E', NULL,
     "exact all-pairs path measures, consensus modularity and sigma/omega at any size (O(n m) time)",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"path-sources", 0, 'P', "K",
     "estimate the path measures from K sampled sources at any size (K >= n: every source, the exact value)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    CLI_OPT_JSON("one JSON object per dataset+layer (an array if several): every TSV column as a key of the same "
                 "name (null for NaN/NA; rich_club_significant_k as [lo, hi] runs), plus the rich-club and motif "
                 "curves (rich_club, motifs) and the rules behind them"),
    CLI_OPT_PLOT("six-panel figure (.png/.svg/.pdf; PATH_<id>_<layer>.png when several, each named on stderr): "
                 "degree distribution, rich club raw and normalised, motif z-scores, modules on the adjacency "
                 "matrix, the network at soma positions"),
    CLI_OPT_QUIET,
    CLI_OPT_ALIAS_SHORT('j', "json"),
    CLI_OPT_ALIAS_SHORT('p', "plot"),
    CLI_OPT_ALIAS_SHORT('S', "scope"),
    CLI_OPT_END};

/* Options into *a; *first = the first dataset argument.  CLI_OK, a usage
 * status, or -1 after --help. */
static int parse(int argc, char **argv, stats_args *a, int *first)
{
    ctome_stats_opts_default(&a->so);
    a->so.n_nulls = DEFAULT_NULLS;
    int k;
    cli_parser p;
    cli_opts_begin(&p, "stats", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'l': a->layer = strcmp(p.arg, "all") ? p.arg : NULL; break;
        case 'w': a->weighted = a->so.weighted = 1; break;
        case 'n': {
            int rc = cli_parse_size("stats", p.opt, p.arg, 0, CLI_MAX_NULLS, &a->so.n_nulls);
            if (rc)
                return rc;
            if (a->so.n_nulls == 0)
                return cli_usage_error("stats", "--nulls must be at least 1: the rich club and motif "
                                                "z-scores are normalised by null models");
            a->nulls_given = 1;
            break;
        }
        case 'm':
            if (ctome_null_model_parse(p.arg, &a->so.model))
                return cli_usage_error("stats", "--null-model must be maslov-sneppen, strength or "
                                                "geometry, not '%s'", p.arg);
            break;
        case 's': {
            int rc = cli_parse_u64("stats", p.opt, p.arg, 0, UINT64_MAX, &a->so.seed);
            if (rc)
                return rc;
            break;
        }
        case 't': {
            int rc = cli_parse_int("stats", p.opt, p.arg, 1, CLI_MAX_THREADS, &a->so.threads);
            if (rc)
                return rc;
            break;
        }
        case 'K':
            if (strcmp(p.arg, "auto") == 0) {
                a->so.rich_k = -1;
            } else {
                int64_t v;
                int rc = cli_parse_i64("stats", p.opt, p.arg, 0, 1000000, &v);
                if (rc)
                    return rc;
                a->so.rich_k = (long)v;
            }
            break;
        case 'R': {
            int rc = cli_parse_size("stats", p.opt, p.arg, 1, 100000, &a->so.smallworld_nulls);
            if (rc)
                return rc;
            a->sw_given = 1;
            break;
        }
        case 'G':
            a->sw_given = 1;
            if (strcmp(p.arg, "degree") == 0)
                a->so.smallworld_gnm = 0;
            else if (strcmp(p.arg, "gnm") == 0)
                a->so.smallworld_gnm = 1;
            else
                return cli_usage_error("stats", "--sw-reference must be degree or gnm, not '%s'", p.arg);
            break;
        case 'E': a->so.path_sources = 0; break;
        case 'P': {
            size_t ks;
            int rc = cli_parse_size("stats", p.opt, p.arg, 1, 100000000, &ks);
            if (rc)
                return rc;
            a->so.path_sources = (long)ks;
            break;
        }
        case 'N': a->nodes = a->so.nodes = 1; break;
        case 'M': a->mpi = 1; break;
        case CLI_KEY_SCOPE:
            if (cli_parse_scope("stats", p.arg, &a->scope))
                return CLI_USAGE;
            break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status == CLI_OK ? -1 : p.status;
    a->as_json = p.json;
    a->plot = p.plot;
    a->quiet = p.quiet;
    *first = p.optind;
    if (*first >= argc)
        return cli_usage_error("stats", "name at least one dataset id, file or store");
    return cli_output_check("stats", "--plot", a->plot, CLI_OUT_FIGURE);
}

int cmd_stats(int argc, char **argv)
{
    stats_args a = {0};
    int first = 1;
    int prc = parse(argc, argv, &a, &first);
    if (prc)
        return prc < 0 ? CLI_OK : prc;
    /* --mpi: the rich-club and motif nulls are split over the ranks; the
     * rest is computed on every rank, and rank 0 alone prints and plots */
    if (a.mpi) {
        if (ctome_mpi_init())
            return cli_fail();
        a.so.dist = ctome_mpi_dist();
    }
    cli_progress_init(&a.bar, a.quiet);
    a.so.progress = cli_progress_cb;
    a.so.progress_user = &a.bar;
    int nulls_given = a.nulls_given;
    if (!a.quiet)
        fprintf(stderr, "ctome stats: %zu %s nulls, seed %" PRIu64 "%s\n", a.so.n_nulls,
                ctome_null_model_name(a.so.model), a.so.seed,
                nulls_given ? "" : " (default; set with --nulls N)");
    /* The per-neuron table has no small-world columns: its sigma and omega
     * references (2 x --sw-refs rewired graphs, about 40 % of the command on
     * a connectome) would be computed for nothing.  --json keeps them (the
     * global row is printed beside the nodes). */
    if (a.nodes && !a.as_json) {
        a.so.no_smallworld = 1;
        if (a.sw_given && !a.quiet)
            fprintf(stderr, "ctome stats: --sw-refs and --sw-reference have no effect with --nodes (the "
                            "per-neuron table has no small-world columns; --json adds the global row)\n");
    }
    json_t *arr = a.as_json ? json_array() : NULL;
    int rc = CTOME_OK;
    size_t n_results = 0;
    for (int i = first; i < argc && !rc; i++) {
        cli_inputs in = {0};
        if ((rc = cli_load(argv[i], &in)))
            break;
        int many = argc - first > 1 || in.n > 1 || !a.layer;
        for (size_t k = 0; k < in.n && !rc; k++) {
            const ctome_connectome *c = in.c[k];
            if (a.layer) {
                rc = one_layer(&a, c, a.layer, arr, many);
                n_results += !rc;
                continue;
            }
            /* nothing analysable in any layer is an error, not an empty table */
            rc = ctome_connectome_check_analysable(c, a.scope);
            for (size_t l = 0; l < c->n_layers && !rc; l++) {
                if (!analysable(&a, c, &c->layers[l]))
                    continue;
                rc = one_layer(&a, c, c->layers[l].name, arr, many);
                n_results += !rc;
            }
        }
        cli_inputs_free(&in);
    }
    if (!rc && a.as_json) {
        /* one dataset+layer: the object itself; several: an array of them */
        json_t *out = n_results == 1 ? json_array_get(arr, 0) : arr;
        rc = cli_write_json(stdout, "<stdout>", json_incref(out));
    }
    json_decref(arr);
    return rc ? cli_fail() : CLI_OK;
}
