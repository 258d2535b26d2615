/* ctome structfunc — does a connectome layer predict a functional matrix?
 * Options to lib/analysis/structfunc.h; nothing computed here. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "mpi_jobs.h"
#include "progress_bar.h"
#include "structfunc.h"
#include "structfunc_figs.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number or null for JSON. */

/* The result as (key, value) pairs: the text output prints them as
 * key<TAB>value lines, --json as one object with the same keys (numbers as
 * numbers).  absent: -1 when the functional source is not an atlas layer,
 * else 0 (pairs absent from the export are 0) or 1 (NaN). */
static json_t *result_json(const char *conn, const ctome_structfunc *s, int absent)
{
    json_t *names = json_array();
    for (size_t i = 0; i < s->n_shared; i++)
        json_array_append_new(names, json_string(s->shared[i]));
    json_t *o = json_object();
    json_object_set_new(o, "connectome", json_string(conn));
    json_object_set_new(o, "layer", json_string(s->layer));
    json_object_set_new(o, "layer_directed", json_boolean(s->layer_directed));
    json_object_set_new(o, "functional", json_string(s->functional));
    json_object_set_new(o, "functional_symmetric", json_boolean(s->symmetric));
    json_object_set_new(o, "absent_pairs", absent < 0 ? json_null() : json_string(ctome_sf_absent_name(absent)));
    json_object_set_new(o, "n_shared", json_integer((json_int_t)s->n_shared));
    json_object_set_new(o, "shared_neurons", names);
    json_object_set_new(o, "n_pairs", json_integer((json_int_t)s->n_pairs));
    json_object_set_new(o, "spearman_rho", cli_json_num(s->rho));
    json_object_set_new(o, "p", cli_json_num(s->p));
    json_object_set_new(o, "p_test", json_string("two-sided: (1 + #{|rho_null| >= |rho|}) / (1 + n_nulls)"));
    json_object_set_new(o, "n_ge", json_integer((json_int_t)s->n_ge));
    json_object_set_new(o, "n_nulls", json_integer((json_int_t)s->n_nulls));
    json_object_set_new(o, "null_model", json_string(ctome_null_model_name(s->model)));
    json_object_set_new(o, "null_rho_mean", cli_json_num(s->null_mean));
    json_object_set_new(o, "null_rho_sd", cli_json_num(s->null_sd));
    json_object_set_new(o, "rdm_structural", json_string(ctome_sf_rdm_name(s->rdm)));
    json_object_set_new(o, "rdm_pairs", json_integer((json_int_t)s->rdm_pairs));
    json_object_set_new(o, "rdm_spearman", cli_json_num(s->rdm_rho));
    json_object_set_new(o, "rdm_p", cli_json_num(s->rdm_p));
    json_object_set_new(o, "rdm_permutations", json_integer((json_int_t)(isfinite(s->rdm_p) ? s->n_nulls : 0)));
    json_object_set_new(o, "seed", json_integer((json_int_t)s->seed));
    return o;
}

/* The text output (cli_print_kv): reals at 6 decimals, p-values at 6
 * significant digits. */
static const char *real_fmt(const char *key) { return !strcmp(key, "p") || !strcmp(key, "rdm_p") ? "%.6g" : "%.6f"; }

const cli_opt cli_opts_structfunc[] = {
    {"functional", 'f', 'f', "SRC",
     "randi2023-funconn (signal-propagation atlas, stimulated -> responding amplitude), uzel2022-fc[:N] (Uzel "
     "2022 matrix N, default 1 = correlation of derivatives; 2 = of traces), a recording id (atanas2023-sample) or "
     "recording file: the Pearson correlation of its labelled neurons' traces (FILE:ID picks one recording of a "
     "file holding several) (required)",
     CLI_VAL_TEXT, NULL, 0, NULL},
    {"layer", 'l', 'l', "L", "the layer (default chemical)", CLI_VAL_ENUM, CLI_LAYERS, 0, NULL},
    {"nulls", 'n', 'n', "N", "null models for p (default 1000)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"seed", 's', 's', "S", "default 1; null i uses random stream i: identical results for any --threads",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"threads", 't', 't', "T", "default: all cores", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"mpi", 0, 1001, NULL,
     "split the nulls and permutations over MPI ranks (under mpirun -np K); same bytes as one process",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"rdm", 'r', 'r', "R", "communicability (default) or path (hops)", CLI_VAL_ENUM, "communicability|path", 0,
     NULL},
    {"absent", 'a', 'a', "A",
     "Randi pairs absent from the export (it writes 0 for both 'no significant response' and 'not measured'): "
     "nan (default, as perturb: left out, since most were never measured) or zero (no response); the choice can "
     "flip p and is printed (absent_pairs) with the result",
     CLI_VAL_ENUM, "nan|zero", 0, NULL},
    CLI_OPT_JSON("one JSON object with the keys of the text output"),
    CLI_OPT_PLOT("functional value vs weight of connected pairs (log x) and histograms of connected vs unconnected "
                 "pairs (exact zeros not binned: their shares are in the panel title)"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

int cmd_structfunc(int argc, char **argv)
{
    const char *layer = "chemical", *func = NULL, *fig = NULL;
    int as_json = 0, quiet = 0, mpi = 0, absent_nan = CTOME_SF_ABSENT_DEFAULT, absent_given = 0, k;
    ctome_structfunc_opts o;
    ctome_structfunc_opts_default(&o);
    int prc;
    cli_parser p;
    cli_opts_begin(&p, "structfunc", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'l': layer = p.arg; break;
        case 'f': func = p.arg; break;
        case 'n':
            if ((prc = cli_parse_size("structfunc", p.opt, p.arg, 1, CLI_MAX_NULLS, &o.n_nulls)))
                return prc;
            break;
        case 's':
            if ((prc = cli_parse_u64("structfunc", p.opt, p.arg, 0, UINT64_MAX, &o.seed)))
                return prc;
            break;
        case 't':
            if ((prc = cli_parse_int("structfunc", p.opt, p.arg, 1, CLI_MAX_THREADS, &o.threads)))
                return prc;
            break;
        case 'r':
            if (!strcmp(p.arg, "communicability"))
                o.rdm = CTOME_SF_RDM_COMMUNICABILITY;
            else if (!strcmp(p.arg, "path") || !strcmp(p.arg, "path-length"))
                o.rdm = CTOME_SF_RDM_PATH;
            else
                return cli_usage_error("structfunc", "--rdm is communicability or path, not '%s'", p.arg);
            break;
        case 'a':
            if (ctome_sf_absent_parse(p.arg, &absent_nan))
                return cli_usage_error("structfunc", "--absent is nan or zero, not '%s'", p.arg);
            absent_given = 1;
            break;
        case 1001: mpi = 1; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    as_json = p.json;
    quiet = p.quiet;
    fig = p.plot;
    int first = p.optind;
    if (first + 1 != argc)
        return cli_usage_error("structfunc", "name exactly one connectome (dataset id, file or store)");
    if (!func)
        return cli_usage_error("structfunc", "--functional is required (randi2023-funconn, uzel2022-fc[:N], "
                                             "a recording id or file)");
    if ((prc = cli_output_check("structfunc", "--plot", fig, CLI_OUT_FIGURE)))
        return prc;
    /* --mpi: nulls and permutations split over the ranks; rank 0 reports */
    if (mpi) {
        if (ctome_mpi_init())
            return cli_fail();
        o.dist = ctome_mpi_dist();
    }
    const ctome_registry *reg = cli_registry();
    if (!reg)
        return cli_fail();
    cli_inputs in = {0};
    if (cli_load(argv[first], &in))
        return cli_fail();
    int rc = CTOME_OK;
    if (in.n != 1)
        rc = ctome_error(CTOME_EINVAL, argv[first], 0, "holds %zu connectomes: name one as store.h5:<id>", in.n);
    ctome_fmatrix *f = NULL;
    if (!rc)
        rc = ctome_structfunc_functional(func, cli_datadir(), reg, absent_nan, &f);
    cli_progress bar;
    cli_progress_init(&bar, quiet);
    cli_progress_label(&bar, "nulls");
    o.progress = cli_progress_cb;
    o.progress_user = &bar;
    ctome_structfunc s = {0};
    if (!rc)
        rc = ctome_structfunc_compute(in.c[0], layer, f, &o, &s);
    cli_progress_done(&bar);
    if (!rc) {
        int absent = cli_is_dataset(func) ? absent_nan : -1;
        /* The reading of absent pairs can flip the conclusion (docs/methods.md
         * "Structure and function"): say which one the default chose. */
        if (absent >= 0 && !absent_given)
            fprintf(stderr, "ctome structfunc: note: pairs absent from %s are read as %s (default; "
                            "--absent %s reads them as %s)\n", func,
                    absent == CTOME_SF_ABSENT_NAN ? "not measured and left out" : "0",
                    ctome_sf_absent_name(!absent), absent == CTOME_SF_ABSENT_NAN ? "0" : "left out");
        if (absent >= 0 && !quiet && !as_json)
            fprintf(stderr, "ctome structfunc: absent_pairs %s: %s\n", ctome_sf_absent_name(absent),
                    absent == CTOME_SF_ABSENT_NAN ? "pairs absent from the atlas export are left out"
                                                  : "pairs absent from the atlas export count as 0");
        if (!rc && !isfinite(s.rdm_p) && !quiet)
            fprintf(stderr, "ctome structfunc: rdm_p NA: the functional RDM has missing pairs (no "
                            "permutation test)\n");
        json_t *o = result_json(in.c[0]->id, &s, absent);
        if (!o)
            rc = ctome_error(CTOME_ENOMEM, NULL, 0, "cannot build the result");
        else if (as_json)
            rc = cli_write_json(stdout, "<stdout>", json_incref(o));
        else
            cli_print_kv(stdout, o, real_fmt);
        json_decref(o);
    }
    if (!rc && fig && ctome_mpi_root()) {
        char title[256];
        snprintf(title, sizeof title, "%s %s vs %s", in.c[0]->id, layer, s.functional);
        const ctome_layer *l = ctome_connectome_get_layer(in.c[0], layer);
        rc = ctome_plot_structfunc(&s, title, l ? l->weight_unit : NULL, fig);
    }
    ctome_structfunc_clear(&s);
    ctome_fmatrix_free(f);
    cli_inputs_free(&in);
    return rc ? cli_fail() : CLI_OK;
}
