/* ctome info — what a dataset, file or store holds. */
#include "cli.h"
#include "commands.h"

#include <jansson.h>

static void count_kinds(const ctome_connectome *c, size_t k[4])
{
    k[0] = k[1] = k[2] = k[3] = 0;
    for (size_t i = 0; i < c->n_nodes; i++)
        k[c->nodes[i].kind]++;
}

static json_t *info_json(const ctome_connectome *c)
{
    size_t k[4];
    count_kinds(c, k);
    json_t *layers = json_array(), *unplaced = json_array();
    for (size_t i = 0; i < c->n_layers; i++) {
        const ctome_layer *l = &c->layers[i];
        ctome_layer_summary n, a;
        ctome_layer_summarise(c, l, 1, &n);
        ctome_layer_summarise(c, l, 0, &a);
        /* the keys are the text table's columns */
        json_array_append_new(layers, json_pack(
            "{s:s, s:b, s:I, s:I, s:f, s:I, s:I, s:f, s:I, s:I, s:s}", "layer", l->name, "directed", l->directed,
            "neurons", (json_int_t)n.n_nodes, "neuron_edges", (json_int_t)n.n_edges, "neuron_weight",
            n.total_weight, "cells", (json_int_t)a.n_nodes, "cell_edges", (json_int_t)a.n_edges, "cell_weight",
            a.total_weight, "self_loops", (json_int_t)l->self_loops, "asymmetric", (json_int_t)l->asymmetric,
            "weight_unit", l->weight_unit));
    }
    for (size_t i = 0; i < c->n_unplaced; i++)
        json_array_append_new(unplaced, json_string(c->unplaced[i]));
    json_t *o = json_pack("{s:s, s:s, s:s, s:{s:I, s:I, s:I, s:I}, s:o, s:o}", "id", c->id, "source_file",
                          c->source_file, "source_sha256", c->source_sha256, "cell_kinds", "neuron",
                          (json_int_t)k[0], "muscle", (json_int_t)k[1], "end_organ", (json_int_t)k[2],
                          "unknown", (json_int_t)k[3], "layers", layers, "unplaced_names", unplaced);
    for (int m = 0; o && m < CTOME_META_N; m++)
        json_object_set_new(o, ctome_meta_name((ctome_meta_key)m),
                            c->meta[m] ? json_string(c->meta[m]) : json_null());
    return o;
}

/* Unplaced names printed in the text summary. */
#define INFO_UNPLACED_SHOWN 20

/* One table on stdout over every connectome (a row per layer, the id first);
 * what each connectome is (source, citation, cell kinds, names that are not
 * cells) as "# " notes on stderr before its rows. */
static void info_text(const ctome_connectome *c, int header)
{
    size_t k[4];
    count_kinds(c, k);
    fflush(stdout);
    fprintf(stderr, "# %s\n# source: %s (sha256 %.16s...)\n", c->id, c->source_file, c->source_sha256);
    for (int m = 0; m < CTOME_META_N; m++)
        if (c->meta[m])
            fprintf(stderr, "# %s: %s\n", ctome_meta_name((ctome_meta_key)m), c->meta[m]);
    fprintf(stderr, "# cells: %zu neurons, %zu muscles, %zu end organs, %zu unknown\n", k[0], k[1], k[2], k[3]);
    if (c->n_unplaced) {
        /* A synthetic graph has every name unplaced: the first few and the
         * count, the whole list in the JSON. */
        fprintf(stderr, "# %zu names are neither registry neurons nor known cells:", c->n_unplaced);
        for (size_t i = 0; i < c->n_unplaced && i < INFO_UNPLACED_SHOWN; i++)
            fprintf(stderr, " %s", c->unplaced[i]);
        if (c->n_unplaced > INFO_UNPLACED_SHOWN)
            fprintf(stderr, " ... (%zu more; 'ctome info --json' lists them all)", c->n_unplaced - INFO_UNPLACED_SHOWN);
        fprintf(stderr, "\n");
    }
    if (header)
        printf("id\tlayer\tdirected\tneurons\tneuron_edges\tneuron_weight\tcells\tcell_edges\tcell_weight\tself_loops\t"
               "asymmetric\tweight_unit\n");
    for (size_t i = 0; i < c->n_layers; i++) {
        const ctome_layer *l = &c->layers[i];
        ctome_layer_summary n, a;
        ctome_layer_summarise(c, l, 1, &n);
        ctome_layer_summarise(c, l, 0, &a);
        /* booleans as the JSON and the other tables spell them */
        printf("%s\t%s\t%s\t%zu\t%zu\t%.10g\t%zu\t%zu\t%.10g\t%zu\t%zu\t%s\n", c->id, l->name,
               l->directed ? "true" : "false", n.n_nodes, n.n_edges, n.total_weight, a.n_nodes, a.n_edges,
               a.total_weight, l->self_loops, l->asymmetric, l->weight_unit);
    }
}

const cli_opt cli_opts_info[] = {
    CLI_OPT_JSON("one JSON document"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

int cmd_info(int argc, char **argv)
{
    int as_json = 0;
    cli_parser p;
    int k;
    cli_opts_begin(&p, "info", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    int first = p.optind;
    as_json = p.json;
    if (first == argc)
        return cli_usage_error("info", "name a dataset id, file or store");
    cli_inputs in = {0};
    for (int i = first; i < argc; i++)
        if (cli_load(argv[i], &in)) {
            cli_inputs_free(&in);
            return cli_fail();
        }
    json_t *arr = as_json ? json_array() : NULL;
    for (size_t i = 0; i < in.n; i++) {
        if (as_json)
            json_array_append_new(arr, info_json(in.c[i]));
        else
            info_text(in.c[i], i == 0);
    }
    cli_inputs_free(&in);
    return as_json ? cli_print_json(arr) : CLI_OK;
}
