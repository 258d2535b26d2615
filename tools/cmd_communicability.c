/* ctome communicability — expm(A) or expm(S^-1/2 A S^-1/2) of one layer. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "communicability.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The matrix as CSV with a header row and a name column (rows = from). */
static int write_csv(const ctome_connectome *c, const ctome_graph *g, const double *m, const char *path)
{
    ctome_outfile f;
    FILE *fp = stdout;
    int rc = CTOME_OK;
    if (path) {
        if ((rc = ctome_outfile_open(&f, path)))
            return rc;
        fp = f.fp;
    }
    fputs("neuron", fp);
    for (size_t j = 0; j < g->n; j++)
        fprintf(fp, ",%s", c->nodes[g->node[j]].name);
    fputc('\n', fp);
    for (size_t i = 0; i < g->n; i++) {
        fputs(c->nodes[g->node[i]].name, fp);
        for (size_t j = 0; j < g->n; j++)
            fprintf(fp, ",%.10g", m[i * g->n + j]);
        fputc('\n', fp);
    }
    if (path)
        rc = ctome_outfile_commit(&f);
    return rc;
}

/* Heatmap of log10 communicability, vertices in graph order. */
static int plot(const ctome_connectome *c, const ctome_graph *g, const double *m, int weighted,
                const char *layer, const char *path)
{
    size_t n = g->n;
    double *l = malloc(n * n * sizeof *l);
    if (!l)
        return ctome_error_nomem();
    /* expm by eigendecomposition leaves +-1e-16 noise where no walk exists
     * (other components): clip at 1e-12 of the largest value */
    double top = 0;
    for (size_t i = 0; i < n * n; i++)
        top = m[i] > top ? m[i] : top;
    double floor_v = top > 0 ? 1e-12 * top : 1e-300;
    for (size_t i = 0; i < n * n; i++)
        l[i] = log10(m[i] > floor_v ? m[i] : floor_v);
    ctome_plot *p;
    int rc = ctome_plot_new(460, 400, 1, 1, &p);
    if (!rc) {
        ctome_axes *ax = ctome_plot_panel(p, 0, 0);
        char t[160];
        snprintf(t, sizeof t, "%s %s: %s communicability", c->id, layer, weighted ? "weighted" : "binary");
        ctome_axes_set_title(ax, t);
        ctome_axes_set_ticks(ax, CTOME_AXIS_X, NULL, NULL, 0);
        ctome_axes_set_ticks(ax, CTOME_AXIS_Y, NULL, NULL, 0);
        ctome_axes_set_label(ax, CTOME_AXIS_X, "to neuron");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "from neuron");
        rc = ctome_axes_heatmap(ax, l, n, n, &(ctome_heatmap_opts){.cbar_label = "log10 G (clipped at 1e-12 max)"});
        if (!rc)
            rc = ctome_plot_save(p, path);
        ctome_plot_free(p);
    }
    free(l);
    return rc;
}

int cmd_communicability(int argc, char **argv)
{
    static const struct option opts[] = {{"layer", required_argument, 0, 'l'},
                                         {"weighted", no_argument, 0, 'w'},
                                         {"output", required_argument, 0, 'o'},
                                         {"plot", required_argument, 0, 'p'},
                                         {"scope", required_argument, 0, 'S'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *layer = "chemical", *out = NULL, *fig = NULL;
    int weighted = 0, ch;
    ctome_scope scope = CTOME_SCOPE_AUTO, used;
    while ((ch = getopt_long(argc, argv, "l:wo:p:S:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'l': layer = optarg; break;
        case 'w': weighted = 1; break;
        case 'o': out = optarg; break;
        case 'p': fig = optarg; break;
        case 'S':
            if (cli_parse_scope("communicability", optarg, &scope))
                return CLI_USAGE;
            break;
        case 'h': cli_print_usage(stdout, "communicability"); return CLI_OK;
        default: return cli_usage_error("communicability", "bad option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("communicability", "name exactly one dataset id, file or store");
    int oc = cli_output_check("communicability", "--output", out, CLI_OUT_TEXT);
    if (!oc)
        oc = cli_output_check("communicability", "--plot", fig, CLI_OUT_FIGURE);
    if (oc)
        return oc;
    cli_inputs in = {0};
    if (cli_load(argv[optind], &in))
        return cli_fail();
    int rc = CTOME_OK;
    ctome_graph *g = NULL;
    double *m = NULL;
    if (in.n != 1)
        rc = ctome_error(CTOME_EINVAL, argv[optind], 0, "holds %zu connectomes: name one as store.h5:<id>", in.n);
    if (!rc)
        rc = cli_layer_scope("communicability", in.c[0], layer, scope, 0, &used);
    if (!rc)
        rc = ctome_graph_from_layer(in.c[0], layer, &(ctome_graph_opts){.scope = scope}, &g);
    if (!rc)
        rc = ctome_communicability(g, weighted, &m);
    if (!rc && g->directed)
        fprintf(stderr, "ctome communicability: note: %s\n", CTOME_COMMUNICABILITY_DIRECTED_NOTE);
    if (!rc)
        rc = write_csv(in.c[0], g, m, out);
    if (!rc && fig)
        rc = plot(in.c[0], g, m, weighted, layer, fig);
    free(m);
    ctome_graph_free(g);
    cli_inputs_free(&in);
    return rc ? cli_fail() : CLI_OK;
}
