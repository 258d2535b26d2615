/* ctome export — one layer to GraphML, GML, an edge list or a matrix. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"

#include <getopt.h>

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {{"layer", required_argument, 0, 'l'},
                                         {"format", required_argument, 0, 'f'},
                                         {"output", required_argument, 0, 'o'},
                                         {"all-cells", no_argument, 0, 'a'},
                                         {"scope", required_argument, 0, 'S'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *layer = NULL, *format = NULL, *out = NULL;
    int ch;
    ctome_scope scope = CTOME_SCOPE_AUTO, used;
    while ((ch = getopt_long(argc, argv, "l:f:o:aS:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'l': layer = optarg; break;
        case 'f': format = optarg; break;
        case 'o': out = optarg; break;
        case 'a': scope = CTOME_SCOPE_ALL; break;   /* the older spelling of --scope all */
        case 'S':
            if (cli_parse_scope("export", optarg, &scope))
                return CLI_USAGE;
            break;
        case 'h': cli_print_usage(stdout, "export"); return CLI_OK;
        default: return cli_usage_error("export", "bad option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("export", "name exactly one dataset id, file or store");
    if (!layer || !format || !out)
        return cli_usage_error("export", "--layer, --format and -o are required");
    ctome_export_format f;
    if (ctome_export_format_parse(format, &f))
        return cli_usage_error("export", "--format must be graphml, gml, edgelist, matrix or nodes, not '%s'", format);
    int oc = cli_output_check("export", "--output", out, CLI_OUT_TEXT);
    if (oc)
        return oc;
    cli_inputs in = {0};
    if (cli_load(argv[optind], &in))
        return cli_fail();
    if (in.n != 1) {
        cli_inputs_free(&in);
        return cli_failf("%s holds %zu connectomes: name one as store.h5:<id>", argv[optind], in.n);
    }
    int rc = cli_layer_scope("export", in.c[0], layer, scope, 0, &used);
    if (!rc)
        rc = ctome_export_layer(in.c[0], layer, f, scope, out);
    cli_inputs_free(&in);
    return rc ? cli_fail() : CLI_OK;
}
