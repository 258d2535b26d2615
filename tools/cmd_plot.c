/* ctome plot — figures. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"

#include <string.h>

const cli_opt cli_opts_plot[] = {
    {"layer", 'l', 'l', "L", "the layer (default chemical); " CLI_LAYER_UNION_HELP, CLI_VAL_ENUM, CLI_LAYERS, 0,
     NULL},
    {"order", 'r', 'r', "O", "type (default; by name within type), position (soma AP position, Skuhersky 2022), "
     "name", CLI_VAL_ENUM, "type|position|name", 0, NULL},
    {"output", 'o', 'o', "FIG", "the figure to write (required): .png, .svg or .pdf", CLI_VAL_FILE, NULL, 0, NULL},
    CLI_OPT_SCOPE,
    CLI_OPT_JSON("after drawing, one JSON document on stdout: figure, output, id, layer, order, node_scope"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

/* `ctome plot FIGURE ...`: the figure's name is the first positional
 * argument, so options may come before or after it. */
int cmd_plot(int argc, char **argv)
{
    const char *layer = "chemical", *order = "type", *out = NULL;
    int k;
    ctome_scope scope = CTOME_SCOPE_AUTO, used;
    cli_parser p;
    cli_opts_begin(&p, "plot", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'l': layer = p.arg; break;
        case 'r': order = p.arg; break;
        case 'o': out = p.arg; break;
        case CLI_KEY_SCOPE:
            if (cli_parse_scope("plot", p.arg, &scope))
                return CLI_USAGE;
            break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    int first = p.optind;
    if (first == argc)
        return cli_usage_error("plot", "name a figure: adjacency");
    if (strcmp(argv[first], "adjacency") != 0)
        return cli_usage_error("plot", "unknown figure '%s' (known: adjacency)", argv[first]);
    first++;
    if (first + 1 != argc)
        return cli_usage_error("plot", "name exactly one dataset id, file or store");
    if (!out)
        return cli_usage_error("plot", "-o FIG.png|svg|pdf is required");
    if (strcmp(order, "type") && strcmp(order, "position") && strcmp(order, "name"))
        return cli_usage_error("plot", "--order must be type, position or name, not '%s'", order);
    cli_inputs in = {0};
    int oc = cli_output_check("plot", "--output", out, CLI_OUT_FIGURE);
    if (oc)
        return oc;
    if (cli_load(argv[first], &in))
        return cli_fail();
    int rc = in.n == 1 ? cli_layer_scope("plot", in.c[0], layer, scope, p.quiet, &used)
                       : ctome_error(CTOME_EINVAL, argv[first], 0, "holds %zu connectomes: name one as store.h5:<id>", in.n);
    if (!rc)
        rc = ctome_plot_adjacency_scoped(in.c[0], layer, (int)scope, order, out);
    json_t *o = !rc && p.json ? json_object() : NULL;
    if (o) {
        json_object_set_new(o, "figure", json_string("adjacency"));
        json_object_set_new(o, "output", json_string(out));
        json_object_set_new(o, "id", json_string(in.c[0]->id));
        json_object_set_new(o, "layer", json_string(layer));
        json_object_set_new(o, "order", json_string(order));
        cli_scope_json_used(o, layer, used, scope == CTOME_SCOPE_AUTO && used == CTOME_SCOPE_ALL);
    }
    cli_inputs_free(&in);
    if (rc)
        return cli_fail();
    return p.json ? cli_print_json(o) : CLI_OK;
}
