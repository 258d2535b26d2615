/* ctome nulls — an ensemble of null models of one layer into an HDF5 store. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "mpi_jobs.h"
#include "nulls.h"
#include "progress_bar.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* --json: what was written, one object (the keys are those of the stderr
 * summary; numbers as numbers). */
static int print_json(const ctome_connectome *c, const char *layer, const ctome_graph *g,
                      const ctome_null_ensemble *e, const ctome_null_opts *o, uint64_t seed, const char *out,
                      const char *run_id, double swaps_per_edge, double accepted)
{
    json_t *j = json_object();
    json_object_set_new(j, "dataset", json_string(c->id));
    json_object_set_new(j, "layer", json_string(layer));
    json_object_set_new(j, "directed", json_boolean(g->directed));
    json_object_set_new(j, "null_model", json_string(ctome_null_model_name(o->model)));
    json_object_set_new(j, "keep_mutual", json_boolean(o->keep_mutual && g->directed));
    json_object_set_new(j, "n_nulls", json_integer((json_int_t)e->n));
    json_object_set_new(j, "seed", json_integer((json_int_t)seed));
    json_object_set_new(j, "n_vertices", json_integer((json_int_t)e->n_vertices));
    json_object_set_new(j, "n_edges", json_integer((json_int_t)e->m));
    json_object_set_new(j, "swaps_per_edge_target", json_real(o->swaps_per_edge));
    json_object_set_new(j, "swaps_per_edge", json_real(swaps_per_edge));
    json_object_set_new(j, "accepted_fraction", json_real(accepted));
    json_object_set_new(j, "output", json_string(out));
    char group[320];
    snprintf(group, sizeof group, "/runs/nulls/%s", run_id);
    json_object_set_new(j, "group", json_string(group));
    cli_scope_json(j, layer, g);
    json_object_set_new(j, "ctome_version", json_string(ctome_version()));
    return cli_write_json(stdout, "<stdout>", j);
}

static int run(const ctome_connectome *c, const char *layer, ctome_scope scope, ctome_null_opts *o,
               size_t n, uint64_t seed, const char *out, int quiet, int as_json)
{
    ctome_graph *g, *sub = NULL;
    double *pos = NULL;
    ctome_null_ensemble *e = NULL;
    ctome_store *s = NULL;
    ctome_scope used;
    ctome_graph_opts go = {.scope = scope};
    int rc = cli_layer_scope("nulls", c, layer, scope, quiet, &used);
    if (!rc)
        rc = ctome_graph_from_layer(c, layer, &go, &g);
    if (rc)
        return rc;
    if (o->model == CTOME_NULL_GEOMETRY) {
        size_t dropped = 0;
        rc = ctome_nulls_positions(g, c, 1, &sub, &pos, &dropped);
        if (!rc && sub) {
            ctome_graph_free(g);
            g = sub;
        }
        if (!rc && dropped && !quiet)
            fprintf(stderr, "ctome nulls: %zu neurons without a soma position left out (geometry null)\n",
                    dropped);
        o->pos = pos;
    }
    if (!rc)
        rc = ctome_nulls_ensemble(g, o, n, seed, &e);
    if (o->progress)
        cli_progress_done(o->progress_user);
    if (!ctome_mpi_root())   /* --mpi: every rank holds the whole ensemble; rank 0 writes it */
        goto done;
    if (!rc)
        rc = ctome_store_create(out, &s);
    if (!rc)
        rc = ctome_store_put_connectome(s, c);
    char run_id[256];
    int mutual = o->keep_mutual && g->directed;
    snprintf(run_id, sizeof run_id, "%s_%s_%s%s_seed%" PRIu64, c->id, layer, ctome_null_model_name(o->model),
             mutual ? "+mutual" : "", seed);
    if (o->keep_mutual && !g->directed && !quiet)
        fprintf(stderr, "ctome nulls: %s %s is undirected: --keep-mutual has nothing to keep (ignored)\n", c->id,
                layer);
    if (!rc)
        rc = ctome_nulls_put(s, run_id, e, g, c, layer, o);
    if (s)
        rc = rc ? (ctome_store_abort(s), rc) : ctome_store_commit(s);
    if (!rc) {
        uint64_t sw = 0, att = 0;
        for (size_t i = 0; i < e->n; i++) {
            sw += e->info[i].swaps;
            att += e->info[i].attempts;
        }
        double per_edge = (double)sw / (double)e->n / (double)(e->m ? e->m : 1);
        double accepted = att ? (double)sw / (double)att : 0;
        if (!quiet)
            fprintf(stderr, "ctome nulls: %zu %s%s nulls of %s %s (%zu vertices, %zu edges), seed %" PRIu64
                            ", %.1f swaps per edge (%.0f%% of attempts accepted), written to %s:/runs/nulls/%s\n",
                    e->n, ctome_null_model_name(o->model),
                    mutual ? " (in/out degrees and mutual dyads kept)"
                           : g->directed ? " (in/out degrees kept, mutual dyads not)" : "",
                    c->id, layer, e->n_vertices, e->m, seed, per_edge, 100.0 * accepted, out, run_id);
        if (as_json)
            rc = print_json(c, layer, g, e, o, seed, out, run_id, per_edge, accepted);
    }
done:
    ctome_null_ensemble_free(e);
    ctome_graph_free(g);
    free(pos);
    return rc;
}

const cli_opt cli_opts_nulls[] = {
    {"nulls", 'n', 'n', "N", "number of nulls (required, >= 1)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"null-model", 'm', 'm', "M",
     "maslov-sneppen (default; degrees kept exactly; directed layers keep every in- and out-degree), strength "
     "(then strengths matched by simulated annealing), geometry (degrees and the number of edges per "
     "soma-distance bin kept: Betzel & Bassett 2018's binned swaps, but 10 quantile bins where they use "
     "equal-width ones; neurons without a position left out)",
     CLI_VAL_ENUM, "maslov-sneppen|strength|geometry", 0, NULL},
    {"keep-mutual", 'M', 'M', NULL,
     "directed layers: also keep the number of mutual dyads (single arcs and mutual pairs are swapped "
     "separately, Milo 2002 / mfinder; the null of the motif z-scores in `ctome stats`); without it directed "
     "swaps lose reciprocity (varshney2011 chemical 0.212 -> about 0.055). Run id and model attribute end in "
     "+mutual. The null used is printed on stderr",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"seed", 's', 's', "S", "seed of the nulls (default 1; null i uses random stream i)", CLI_VAL_NUMBER, NULL, 0,
     NULL},
    {"layer", 'l', 'l', "L", "the layer (default chemical); " CLI_LAYER_UNION_HELP, CLI_VAL_ENUM, CLI_LAYERS, 0,
     NULL},
    CLI_OPT_SCOPE,
    {"swaps", 'S', 'S', "K", "successful swaps per edge (default 10)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"threads", 't', 't', "T", "threads (default: all cores; the store is identical for any T)", CLI_VAL_NUMBER,
     NULL, 0, NULL},
    {"mpi", 0, 1001, NULL,
     "split the nulls over MPI ranks (under mpirun -np K); rank 0 writes the store; the same nulls as one process",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"output", 'o', 'o', "FILE", "the store to write (required; HDF5, written atomically)", CLI_VAL_FILE, NULL, 0,
     NULL},
    CLI_OPT_JSON("a summary on stdout: dataset, layer, directed, null_model, keep_mutual, n_nulls, seed, "
                 "n_vertices, n_edges, swaps_per_edge_target, swaps_per_edge (achieved mean), accepted_fraction (of "
                 "swap attempts), output, group (the run's HDF5 group), node_scope, ctome_version"),
    CLI_OPT_QUIET,
    CLI_OPT_ALIAS("model", "null-model"),
    CLI_OPT_ALIAS("n", "nulls"),
    CLI_OPT_END};

int cmd_nulls(int argc, char **argv)
{
    ctome_null_opts o;
    ctome_null_opts_default(&o);
    const char *layer = "chemical", *out = NULL;
    long n = -1;
    uint64_t seed = 1;
    int mpi = 0, k, prc;
    ctome_scope scope = CTOME_SCOPE_AUTO;
    cli_parser p;
    cli_opts_begin(&p, "nulls", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'm':
            if (ctome_null_model_parse(p.arg, &o.model))
                return cli_usage_error("nulls", "%s must be maslov-sneppen, strength or geometry, not '%s'", p.opt,
                                       p.arg);
            break;
        case 'n':
        {
            size_t v;
            if ((prc = cli_parse_size("nulls", p.opt, p.arg, 1, CLI_MAX_NULLS, &v)))
                return prc;
            n = (long)v;
            break;
        }
        case 's':
            if ((prc = cli_parse_u64("nulls", p.opt, p.arg, 0, UINT64_MAX, &seed)))
                return prc;
            break;
        case 'l': layer = p.arg; break;
        case 'S':
            if ((prc = cli_parse_double("nulls", p.opt, p.arg, 0, 1e6, &o.swaps_per_edge)))
                return prc;
            if (!(o.swaps_per_edge > 0))
                return cli_usage_error("nulls", "%s must be a positive number, not '%s'", p.opt, p.arg);
            break;
        case 't':
            if ((prc = cli_parse_int("nulls", p.opt, p.arg, 1, CLI_MAX_THREADS, &o.threads)))
                return prc;
            break;
        case 'o': out = p.arg; break;
        case CLI_KEY_SCOPE:
            if (cli_parse_scope("nulls", p.arg, &scope))
                return CLI_USAGE;
            break;
        case 'M': o.keep_mutual = 1; break;
        case 1001: mpi = 1; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    int quiet = p.quiet, as_json = p.json, first = p.optind;
    if (first + 1 != argc)
        return cli_usage_error("nulls", "name exactly one dataset id, file or store");
    if (!out)
        return cli_usage_error("nulls", "-o nulls.h5 is required");
    if (n < 0)
        return cli_usage_error("nulls", "--nulls N (the number of nulls) is required");
    int oc = cli_output_check("nulls", "--output", out, CLI_OUT_STORE);
    if (oc)
        return oc;
    /* --mpi: the replicates are split over the ranks (every rank checked
     * the output above: a refusal is the same on all of them) */
    if (mpi) {
        if (ctome_mpi_init())
            return cli_fail();
        o.dist = ctome_mpi_dist();
    }
    cli_progress bar;
    cli_progress_init(&bar, quiet);
    cli_progress_label(&bar, "nulls");
    o.progress = cli_progress_cb;
    o.progress_user = &bar;
    cli_inputs in = {0};
    if (cli_load(argv[first], &in))
        return cli_fail();
    int rc = in.n == 1 ? run(in.c[0], layer, scope, &o, (size_t)n, seed, out, quiet, as_json)
                       : ctome_error(CTOME_EINVAL, argv[first], 0,
                                     "holds %zu connectomes: name one as store.h5:<id>", in.n);
    cli_inputs_free(&in);
    return rc ? cli_fail() : CLI_OK;
}
