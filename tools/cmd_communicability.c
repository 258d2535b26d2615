/* ctome communicability — expm(A) or expm(S^-1/2 A S^-1/2) of one layer. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "communicability.h"

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

/* --json: the same matrix with its node names, layer and scope. */
static int print_json(const ctome_connectome *c, const ctome_graph *g, const double *m, const char *layer,
                      int weighted)
{
    json_t *o = json_object(), *names = json_array(), *rows = json_array();
    if (!o || !names || !rows) {
        json_decref(names);
        json_decref(rows);
        json_decref(o);
        return cli_print_json(NULL);
    }
    json_object_set_new(o, "id", json_string(c->id));
    json_object_set_new(o, "layer", json_string(layer));
    json_object_set_new(o, "weighted", json_boolean(weighted));
    cli_scope_json(o, layer, g);
    for (size_t i = 0; i < g->n; i++) {
        json_t *row = json_array();
        json_array_append_new(names, json_string(c->nodes[g->node[i]].name));
        for (size_t j = 0; row && j < g->n; j++)
            json_array_append_new(row, json_real(m[i * g->n + j]));
        json_array_append_new(rows, row);
    }
    json_object_set_new(o, "neurons", names);
    json_object_set_new(o, "communicability", rows);
    return cli_print_json(o);
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

const cli_opt cli_opts_communicability[] = {
    {"layer", 'l', 'l', "L", "the layer (default chemical); " CLI_LAYER_UNION_HELP, CLI_VAL_ENUM, CLI_LAYERS, 0,
     NULL},
    {"weighted", 'w', 'w', NULL, "synapse weights, strength-normalised (Crofts & Higham 2009)", CLI_VAL_NONE, NULL,
     0, NULL},
    {"output", 'o', 'o', "FILE", "the matrix as CSV (written atomically; default stdout)", CLI_VAL_FILE, NULL, 0,
     NULL},
    CLI_OPT_SCOPE,
    CLI_OPT_JSON("the matrix as one JSON document on stdout (id, layer, weighted, node_scope, neurons, "
                 "communicability: rows = from) instead of the CSV there; -o still writes the CSV"),
    CLI_OPT_QUIET,
    CLI_OPT_PLOT("heatmap of log10 G (.png, .svg or .pdf)"),
    CLI_OPT_END};

int cmd_communicability(int argc, char **argv)
{
    const char *layer = "chemical", *out = NULL, *fig = NULL;
    int weighted = 0, k;
    ctome_scope scope = CTOME_SCOPE_AUTO, used;
    cli_parser p;
    cli_opts_begin(&p, "communicability", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'l': layer = p.arg; break;
        case 'w': weighted = 1; break;
        case 'o': out = p.arg; break;
        case CLI_KEY_SCOPE:
            if (cli_parse_scope("communicability", p.arg, &scope))
                return CLI_USAGE;
            break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    fig = p.plot;
    int first = p.optind;
    if (first + 1 != argc)
        return cli_usage_error("communicability", "name exactly one dataset id, file or store");
    if (p.json && out && strcmp(out, "-") == 0)
        return cli_usage_error("communicability", "--json and -o - would both write to stdout");
    int oc = cli_output_check("communicability", "--output", out, CLI_OUT_TEXT);
    if (!oc)
        oc = cli_output_check("communicability", "--plot", fig, CLI_OUT_FIGURE);
    if (oc)
        return oc;
    cli_inputs in = {0};
    if (cli_load(argv[first], &in))
        return cli_fail();
    int rc = CTOME_OK;
    ctome_graph *g = NULL;
    double *m = NULL;
    if (in.n != 1)
        rc = ctome_error(CTOME_EINVAL, argv[first], 0, "holds %zu connectomes: name one as store.h5:<id>", in.n);
    if (!rc)
        rc = cli_layer_scope("communicability", in.c[0], layer, scope, p.quiet, &used);
    if (!rc)
        rc = ctome_graph_from_layer(in.c[0], layer, &(ctome_graph_opts){.scope = scope}, &g);
    if (!rc)
        rc = ctome_communicability(g, weighted, &m);
    if (!rc && g->directed && !p.quiet)
        fprintf(stderr, "ctome communicability: note: %s\n", CTOME_COMMUNICABILITY_DIRECTED_NOTE);
    if (!rc && (out || !p.json))
        rc = write_csv(in.c[0], g, m, out);
    if (!rc && p.json && print_json(in.c[0], g, m, layer, weighted))
        rc = ctome_error(CTOME_EIO, "<stdout>", 0, "cannot write JSON");
    if (!rc && fig)
        rc = plot(in.c[0], g, m, weighted, layer, fig);
    free(m);
    ctome_graph_free(g);
    cli_inputs_free(&in);
    return rc ? cli_fail() : CLI_OK;
}
