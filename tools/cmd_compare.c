/* ctome compare — several connectomes of one layer, edge by edge. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "compare.h"
#include "topology_figs.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *to_json(const ctome_comparison *cmp)
{
    json_t *ids = json_array(), *pairs = json_array(), *neurons = json_array();
    for (size_t k = 0; k < cmp->n_conn; k++)
        json_array_append_new(ids, json_string(cmp->ids[k]));
    for (size_t i = 0; i < cmp->n_pairs; i++) {
        const ctome_compare_pair *p = &cmp->pairs[i];
        json_array_append_new(pairs, json_pack(
            "{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:I, s:I, s:I}",
            "a", cmp->ids[p->a], "b", cmp->ids[p->b], "kind", p->b == p->a + 1 ? "consecutive" : "vs_last",
            "edges_a", (json_int_t)p->edges_a, "edges_b", (json_int_t)p->edges_b, "shared",
            (json_int_t)p->shared, "gained", (json_int_t)p->gained, "lost", (json_int_t)p->lost,
            "jaccard", cli_json_num(p->jaccard), "pearson", cli_json_num(p->pearson),
            "spearman", cli_json_num(p->spearman),
            "neurons_a", (json_int_t)p->neurons_a, "neurons_b", (json_int_t)p->neurons_b,
            "neurons_shared", (json_int_t)p->neurons_shared));
    }
    for (size_t i = 0; i < cmp->n_neurons; i++) {
        json_t *in = json_array(), *out = json_array();
        for (size_t k = 0; k < cmp->n_conn; k++) {
            json_array_append_new(in, cli_json_num(cmp->in_degree[i * cmp->n_conn + k]));
            json_array_append_new(out, cli_json_num(cmp->out_degree[i * cmp->n_conn + k]));
        }
        const double *di = cmp->in_degree + i * cmp->n_conn, *dout = cmp->out_degree + i * cmp->n_conn;
        json_array_append_new(neurons, json_pack("{s:s, s:o, s:o, s:o, s:o}", "neuron", cmp->neurons[i],
                                                 "in_degree", in, "out_degree", out, "in_change",
                                                 cli_json_num(di[cmp->n_conn - 1] - di[0]), "out_change",
                                                 cli_json_num(dout[cmp->n_conn - 1] - dout[0])));
    }
    json_t *o = json_pack("{s:s, s:b, s:o, s:o, s:o, s:s}", "layer", cmp->layer, "directed", cmp->directed,
                          "connectomes", ids, "pairs", pairs, "degrees", neurons, "ctome_version",
                          ctome_version());
    cli_scope_json_used(o, cmp->layer, cmp->scope, cmp->scope_auto);
    return o;
}

static void print_degree(double v)
{
    if (isnan(v))
        printf("\tNA");
    else
        printf("\t%.0f", v);
}

/* A correlation or overlap: 6 decimals, NA when undefined (JSON null). */
static void print_real(double v)
{
    if (isfinite(v))
        printf("\t%.6f", v);
    else
        printf("\tNA");
}

/* What the numbers are about, on stderr (the TSV stays one table). */
static void print_note(const ctome_comparison *cmp)
{
    fprintf(stderr, "ctome compare: note: %s layer, node scope %s%s, nodes matched by name; edges %s\n", cmp->layer,
            ctome_scope_name(cmp->scope), cmp->scope_auto ? " (automatic)" : "",
            cmp->directed ? "directed (pre -> post)" : "undirected pairs");
    if (strchr(cmp->layer, '+'))
        fprintf(stderr, "ctome compare: note: layer union: %s\n", ctome_layer_union_rule());
}

/* One table on stdout: the pairs, or with --degrees the neurons. */
static void print_table(const ctome_comparison *cmp, int degrees)
{
    if (!degrees) {
        printf("a\tb\tkind\tedges_a\tedges_b\tshared\tgained\tlost\tjaccard\tpearson\tspearman\t"
               "neurons_a\tneurons_b\tneurons_shared\n");
        for (size_t i = 0; i < cmp->n_pairs; i++) {
            const ctome_compare_pair *p = &cmp->pairs[i];
            printf("%s\t%s\t%s\t%zu\t%zu\t%zu\t%zu\t%zu", cmp->ids[p->a], cmp->ids[p->b],
                   p->b == p->a + 1 ? "consecutive" : "vs_last", p->edges_a, p->edges_b, p->shared, p->gained,
                   p->lost);
            print_real(p->jaccard);
            print_real(p->pearson);
            print_real(p->spearman);
            printf("\t%zu\t%zu\t%zu\n", p->neurons_a, p->neurons_b, p->neurons_shared);
        }
        return;
    }
    size_t n = cmp->n_conn;
    printf("neuron");
    for (size_t k = 0; k < n; k++)
        printf("\tin:%s", cmp->ids[k]);
    for (size_t k = 0; k < n; k++)
        printf("\tout:%s", cmp->ids[k]);
    printf("\tin_change\tout_change\n");
    for (size_t i = 0; i < cmp->n_neurons; i++) {
        const double *in = cmp->in_degree + i * n, *out = cmp->out_degree + i * n;
        printf("%s", cmp->neurons[i]);
        for (size_t k = 0; k < n; k++)
            print_degree(in[k]);
        for (size_t k = 0; k < n; k++)
            print_degree(out[k]);
        /* first to last; NA when the neuron is absent from either */
        print_degree(in[n - 1] - in[0]);
        print_degree(out[n - 1] - out[0]);
        putchar('\n');
    }
}

const cli_opt cli_opts_compare[] = {
    {"layer", 'l', 'l', "L", "the layer (default chemical); " CLI_LAYER_UNION_HELP, CLI_VAL_ENUM, CLI_LAYERS, 0,
     NULL},
    {"degrees", 'd', 'd', NULL, "print the per-neuron table instead of the pair table: in/out degree in each "
     "connectome (columns in:ID, out:ID) and the change first to last (NA where a neuron is absent)",
     CLI_VAL_NONE, NULL, 0, NULL},
    CLI_OPT_SCOPE,
    CLI_OPT_JSON("one JSON document: pairs (keys = the pair table's columns) and degrees (neuron, in_degree and "
                 "out_degree in connectome order, in_change, out_change)"),
    CLI_OPT_QUIET,
    CLI_OPT_PLOT("three or more: Jaccard and correlations across the series, edges gained and lost, steps "
                 "labelled by stage hours; two: shared-edge weight scatter (Spearman rho) and the edges and "
                 "neurons unique to each"),
    CLI_OPT_END};

int cmd_compare(int argc, char **argv)
{
    const char *layer = "chemical", *plot = NULL;
    int as_json = 0, degrees = 0, k;
    ctome_scope scope = CTOME_SCOPE_AUTO, used;
    cli_parser p;
    cli_opts_begin(&p, "compare", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'l': layer = p.arg; break;
        case 'd': degrees = 1; break;
        case CLI_KEY_SCOPE:
            if (cli_parse_scope("compare", p.arg, &scope))
                return CLI_USAGE;
            break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    as_json = p.json;
    plot = p.plot;
    int oc = cli_output_check("compare", "--plot", plot, CLI_OUT_FIGURE);
    if (oc)
        return oc;
    cli_inputs all = {0};
    int rc = CTOME_OK;
    for (int i = p.optind; i < argc && !rc; i++) {
        cli_inputs in = {0};
        if ((rc = cli_load(argv[i], &in)))
            break;
        ctome_connectome **v = realloc(all.c, (all.n + in.n) * sizeof *v);
        if (!v) {
            cli_inputs_free(&in);
            rc = ctome_error_nomem();
            break;
        }
        all.c = v;
        for (size_t j = 0; j < in.n; j++)
            all.c[all.n++] = in.c[j];
        free(in.c);
    }
    if (rc) {
        cli_inputs_free(&all);
        return cli_fail();
    }
    if (all.n < 2) {
        cli_inputs_free(&all);
        return cli_usage_error("compare", "name at least two connectomes (ids, files, or a store "
                                          "holding several)");
    }
    for (size_t j = 0; j < all.n && !rc; j++)
        rc = cli_layer_scope("compare", all.c[j], layer, scope, p.quiet, &used);
    ctome_comparison cmp;
    if (!rc)
        rc = ctome_compare_scoped((const ctome_connectome *const *)all.c, all.n, layer, scope, &cmp);
    if (!rc) {
        if (as_json) {
            if (cli_print_json(to_json(&cmp)))
                rc = ctome_error(CTOME_EIO, "<stdout>", 0, "cannot write JSON");
        } else {
            if (!p.quiet)
                print_note(&cmp);
            print_table(&cmp, degrees);
        }
        if (!rc && plot) {
            char title[128];
            snprintf(title, sizeof title, "%s ... %s: %s layer", cmp.ids[0], cmp.ids[cmp.n_conn - 1], layer);
            /* two connectomes: their shared-edge weights and what is unique to
             * each; a series: the development figure */
            if (all.n == 2)
                snprintf(title, sizeof title, "%s vs %s: %s layer", cmp.ids[0], cmp.ids[1], layer);
            rc = all.n == 2 ? ctome_plot_connectome_pair(all.c[0], all.c[1], layer, title, plot)
                            : ctome_plot_comparison(&cmp, title, plot);
            if (!rc && !p.quiet)
                fprintf(stderr, "ctome compare: figure written to %s\n", plot);
        }
        ctome_comparison_clear(&cmp);
    }
    cli_inputs_free(&all);
    return rc ? cli_fail() : CLI_OK;
}
