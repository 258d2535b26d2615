/* ctome datasets — the catalogue with live counts per layer. */
#include "cli.h"
#include "commands.h"

#include <jansson.h>
#include <string.h>

static json_t *layer_json(const ctome_layer *l, const ctome_layer_summary *s)
{
    return json_pack("{s:s, s:b, s:s, s:I, s:I, s:f, s:I}", "layer", l->name, "directed",
                     l->directed, "weight_unit", l->weight_unit, "n_nodes", (json_int_t)s->n_nodes,
                     "n_edges", (json_int_t)s->n_edges, "total_weight", s->total_weight,
                     "self_loops", (json_int_t)s->self_loops);
}

const cli_opt cli_opts_datasets[] = {
    {"all-cells", 'a', 'a', NULL, "count muscles and end organs too", CLI_VAL_NONE, NULL, 0, NULL},
    CLI_OPT_JSON("one JSON document (an array, one object per dataset and layer) instead of the TSV table"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

int cmd_datasets(int argc, char **argv)
{
    int as_json = 0, all_cells = 0;
    cli_parser p;
    int k;
    cli_opts_begin(&p, "datasets", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'a': all_cells = 1; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    int first = p.optind;
    as_json = p.json;
    if (first != argc)
        return cli_usage_error("datasets", "unexpected argument '%s'", argv[first]);
    const ctome_registry *reg = cli_registry();
    if (!reg)
        return cli_fail();
    json_t *root = as_json ? json_array() : NULL;
    if (!as_json)
        printf("id\tsex\tstage\tlayer\tdirected\tneurons\tedges\ttotal_weight\tweight_unit\tsources\tcitation\n");
    for (size_t i = 0; i < ctome_datasets_count(); i++) {
        const ctome_dataset *d = ctome_dataset_at(i);
        ctome_connectome *c;
        int lrc = ctome_dataset_load_source(d, 0, cli_datadir(), reg, &c);
        if (lrc == CTOME_ENOTSUP) {
            /* Its file needs a feature this build lacks: listed, with why,
             * so that the list stays whole (one row, NA counts). */
            fprintf(stderr, "ctome datasets: %s: %s\n", d->id, ctome_error_message());
            if (as_json)
                json_array_append_new(root, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                    "id", d->id, "title", d->title, "citation", d->citation, "doi", d->doi, "sex", d->sex,
                    "stage", d->stage, "licence", d->licence, "unavailable", ctome_error_message()));
            else
                printf("%s\t%s\t%s\tNA\tNA\tNA\tNA\tNA\tNA\t%s\t%s\n", d->id, d->sex, d->stage,
                       "not built in (see stderr)", d->citation);
            continue;
        }
        if (lrc) {
            json_decref(root);
            return cli_fail();
        }
        json_t *layers = json_array(), *sources = json_array();
        char srcs[256] = "";
        for (size_t k = 0; k < ctome_dataset_n_sources(d); k++) {
            json_array_append_new(sources, json_string(d->sources[k].label));
            if (k)
                strncat(srcs, "; ", sizeof srcs - strlen(srcs) - 1);
            strncat(srcs, d->sources[k].label, sizeof srcs - strlen(srcs) - 1);
        }
        for (size_t k = 0; k < c->n_layers; k++) {
            ctome_layer_summary s;
            ctome_layer_summarise(c, &c->layers[k], !all_cells, &s);
            if (as_json)
                json_array_append_new(layers, layer_json(&c->layers[k], &s));
            else
                printf("%s\t%s\t%s\t%s\t%s\t%zu\t%zu\t%.10g\t%s\t%s\t%s\n", d->id, d->sex, d->stage,
                       c->layers[k].name, c->layers[k].directed ? "true" : "false", s.n_nodes, s.n_edges,
                       s.total_weight, c->layers[k].weight_unit, srcs, d->citation);
        }
        if (as_json)
            json_array_append_new(root, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}",
                "id", d->id, "title", d->title, "citation", d->citation, "doi", d->doi, "sex", d->sex,
                "stage", d->stage, "licence", d->licence, "sources", sources, "layers", layers));
        else {
            json_decref(layers);
            json_decref(sources);
        }
        ctome_connectome_free(c);
    }
    if (as_json)
        return cli_print_json(root);
    return CLI_OK;
}
