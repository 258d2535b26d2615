/* ctome export — one layer to GraphML, GML, an edge list or a matrix. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"

#include <string.h>

#include <jansson.h>

const cli_opt cli_opts_export[] = {
    {"layer", 'l', 'l', "L", "the layer to write (required); " CLI_LAYER_UNION_HELP, CLI_VAL_ENUM, CLI_LAYERS, 0,
     NULL},
    {"format", 'f', 'f', "F", "graphml | gml | edgelist (TSV source,target,weight,type; type = the layer, so it "
     "reads back into that layer) | matrix (CSV, rows = presynaptic) | nodes (TSV node table) (required)",
     CLI_VAL_ENUM, "graphml|gml|edgelist|matrix|nodes", 0, NULL},
    {"output", 'o', 'o', "FILE", "the file to write, in --format (required; - for stdout)", CLI_VAL_FILE, NULL, 0,
     NULL},
    CLI_OPT_SCOPE,
    {"all-cells", 'a', 'a', NULL, "the same as --scope all", CLI_VAL_NONE, NULL, 0, NULL},
    CLI_OPT_JSON("after writing, one JSON document on stdout saying what was written: output, format, layer, id, "
                 "node_scope"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

int cmd_export(int argc, char **argv)
{
    const char *layer = NULL, *format = NULL, *out = NULL;
    int k;
    ctome_scope scope = CTOME_SCOPE_AUTO, used;
    cli_parser p;
    cli_opts_begin(&p, "export", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'l': layer = p.arg; break;
        case 'f': format = p.arg; break;
        case 'o': out = p.arg; break;
        case 'a': scope = CTOME_SCOPE_ALL; break;
        case CLI_KEY_SCOPE:
            if (cli_parse_scope("export", p.arg, &scope))
                return CLI_USAGE;
            break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    int first = p.optind;
    if (first + 1 != argc)
        return cli_usage_error("export", "name exactly one dataset id, file or store");
    if (!layer || !format || !out)
        return cli_usage_error("export", "--layer, --format and -o are required");
    ctome_export_format f;
    if (ctome_export_format_parse(format, &f))
        return cli_usage_error("export", "--format must be graphml, gml, edgelist, matrix or nodes, not '%s'", format);
    if (p.json && strcmp(out, "-") == 0)
        return cli_usage_error("export", "--json and -o - would both write to stdout");
    int oc = cli_output_check("export", "--output", out, CLI_OUT_TEXT);
    if (oc)
        return oc;
    cli_inputs in = {0};
    if (cli_load(argv[first], &in))
        return cli_fail();
    if (in.n != 1) {
        cli_inputs_free(&in);
        return cli_failf("%s holds %zu connectomes: name one as store.h5:<id>", argv[first], in.n);
    }
    int rc = cli_layer_scope("export", in.c[0], layer, scope, p.quiet, &used);
    if (!rc)
        rc = ctome_export_layer(in.c[0], layer, f, scope, out);
    json_t *o = !rc && p.json ? json_object() : NULL;
    if (o) {
        json_object_set_new(o, "output", json_string(out));
        json_object_set_new(o, "format", json_string(format));
        json_object_set_new(o, "layer", json_string(layer));
        json_object_set_new(o, "id", json_string(in.c[0]->id));
        cli_scope_json_used(o, layer, used, scope == CTOME_SCOPE_AUTO && used == CTOME_SCOPE_ALL);
    }
    cli_inputs_free(&in);
    if (rc)
        return cli_fail();
    return p.json ? cli_print_json(o) : CLI_OK;
}
