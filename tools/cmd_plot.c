/* ctome plot — figures. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"

#include <getopt.h>
#include <string.h>

static int plot_adjacency(int argc, char **argv)
{
    static const struct option opts[] = {{"layer", required_argument, 0, 'l'},
                                         {"order", required_argument, 0, 'r'},
                                         {"output", required_argument, 0, 'o'},
                                         {"scope", required_argument, 0, 'S'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *layer = "chemical", *order = "type", *out = NULL;
    int ch;
    ctome_scope scope = CTOME_SCOPE_AUTO, used;
    while ((ch = getopt_long(argc, argv, "l:r:o:S:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'l': layer = optarg; break;
        case 'r': order = optarg; break;
        case 'o': out = optarg; break;
        case 'S':
            if (cli_parse_scope("plot", optarg, &scope))
                return CLI_USAGE;
            break;
        case 'h': cli_print_usage(stdout, "plot"); return CLI_OK;
        default: return cli_usage_error("plot", "bad option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("plot", "name exactly one dataset id, file or store");
    if (!out)
        return cli_usage_error("plot", "-o FIG.png|svg|pdf is required");
    if (strcmp(order, "type") && strcmp(order, "position") && strcmp(order, "name"))
        return cli_usage_error("plot", "--order must be type, position or name, not '%s'", order);
    cli_inputs in = {0};
    int oc = cli_output_check("plot", "--output", out, CLI_OUT_FIGURE);
    if (oc)
        return oc;
    if (cli_load(argv[optind], &in))
        return cli_fail();
    int rc = in.n == 1 ? cli_layer_scope("plot", in.c[0], layer, scope, 0, &used)
                       : ctome_error(CTOME_EINVAL, argv[optind], 0, "holds %zu connectomes: name one as store.h5:<id>", in.n);
    if (!rc)
        rc = ctome_plot_adjacency_scoped(in.c[0], layer, (int)scope, order, out);
    cli_inputs_free(&in);
    return rc ? cli_fail() : CLI_OK;
}

int cmd_plot(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("plot", "name a figure: adjacency");
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        cli_print_usage(stdout, "plot");
        return CLI_OK;
    }
    if (strcmp(argv[1], "adjacency") == 0)
        return plot_adjacency(argc - 1, argv + 1);
    return cli_usage_error("plot", "unknown figure '%s' (known: adjacency)", argv[1]);
}
