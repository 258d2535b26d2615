/* ctome structfunc — does a connectome layer predict a functional matrix?
 * Options to lib/analysis/structfunc.h; nothing computed here. */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "mpi_jobs.h"
#include "progress_bar.h"
#include "structfunc.h"
#include "structfunc_figs.h"

#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number or null for JSON. */
static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* absent: -1 when the functional source is not an atlas layer, else 0 (pairs
 * absent from the export are 0) or 1 (NaN). */
static int print_json(const char *conn, const ctome_structfunc *s, int absent)
{
    json_t *names = json_array();
    for (size_t i = 0; i < s->n_shared; i++)
        json_array_append_new(names, json_string(s->shared[i]));
    json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b, s:o, s:I, s:o, s:I, s:o, s:o, s:I, s:I, s:s, s:I, "
                          "s:o, s:o, s:{s:s, s:I, s:o, s:o, s:I}}",
                          "connectome", conn, "layer", s->layer, "functional", s->functional,
                          "layer_directed", s->layer_directed, "functional_symmetric", s->symmetric,
                          "absent_pairs", absent < 0 ? json_null() : json_string(ctome_sf_absent_name(absent)), "n_shared", (json_int_t)s->n_shared,
                          "shared_neurons", names, "n_pairs", (json_int_t)s->n_pairs, "rho", jnum(s->rho),
                          "p", jnum(s->p), "n_ge", (json_int_t)s->n_ge, "n_nulls", (json_int_t)s->n_nulls,
                          "null_model", ctome_null_model_name(s->model), "seed", (json_int_t)s->seed,
                          "null_mean", jnum(s->null_mean), "null_sd", jnum(s->null_sd), "rdm",
                          "structural", ctome_sf_rdm_name(s->rdm), "pairs", (json_int_t)s->rdm_pairs,
                          "spearman", jnum(s->rdm_rho), "p", jnum(s->rdm_p), "permutations",
                          (json_int_t)(isfinite(s->rdm_p) ? s->n_nulls : 0));
    if (!o)
        return ctome_error(CTOME_ENOMEM, NULL, 0, "cannot build the JSON output");
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
    json_decref(o);
    if (!text)
        return ctome_error_nomem();
    puts(text);
    free(text);
    return CTOME_OK;
}

static void print_text(const char *conn, const ctome_structfunc *s, int absent)
{
    printf("connectome\t%s\nlayer\t%s (%s)\nfunctional\t%s (%s)\n", conn, s->layer,
           s->layer_directed ? "directed" : "undirected", s->functional,
           s->symmetric ? "symmetric: unordered pairs" : "directed: ordered pairs");
    if (absent >= 0)
        printf("absent_pairs\t%s\t(%s)\n", ctome_sf_absent_name(absent),
               absent == CTOME_SF_ABSENT_NAN ? "pairs absent from the atlas export are left out"
                                             : "pairs absent from the atlas export count as 0");
    printf("shared_neurons\t%zu\t", s->n_shared);
    for (size_t i = 0; i < s->n_shared; i++)
        printf("%s%s", i ? "," : "", s->shared[i]);
    printf("\npairs\t%zu\n", s->n_pairs);
    printf("spearman_rho\t%.6f\n", s->rho);
    printf("p\t%.6g\t(two-sided, %zu of %zu %s nulls with |rho| >= observed)\n", s->p, s->n_ge, s->n_nulls,
           ctome_null_model_name(s->model));
    printf("null_rho_mean\t%.6f\nnull_rho_sd\t%.6f\n", s->null_mean, s->null_sd);
    printf("rdm_structural\t%s\nrdm_pairs\t%zu\nrdm_spearman\t%.6f\n", ctome_sf_rdm_name(s->rdm), s->rdm_pairs,
           s->rdm_rho);
    if (isfinite(s->rdm_p))
        printf("rdm_p\t%.6g\t(one-sided, %zu permutations of neurons)\n", s->rdm_p, s->n_nulls);
    else
        printf("rdm_p\tNA\t(the functional RDM has missing pairs: no permutation test)\n");
    printf("seed\t%" PRIu64 "\n", s->seed);
}

int cmd_structfunc(int argc, char **argv)
{
    static const struct option opts[] = {{"layer", required_argument, 0, 'l'},
                                         {"functional", required_argument, 0, 'f'},
                                         {"nulls", required_argument, 0, 'n'},
                                         {"seed", required_argument, 0, 's'},
                                         {"threads", required_argument, 0, 't'},
                                         {"rdm", required_argument, 0, 'r'},
                                         {"absent", required_argument, 0, 'a'},
                                         {"json", no_argument, 0, 'j'},
                                         {"plot", required_argument, 0, 'p'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"mpi", no_argument, 0, 1001},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *layer = "chemical", *func = NULL, *fig = NULL;
    int as_json = 0, quiet = 0, mpi = 0, absent_nan = CTOME_SF_ABSENT_DEFAULT, absent_given = 0, ch;
    ctome_structfunc_opts o;
    ctome_structfunc_opts_default(&o);
    int prc;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "l:f:n:s:t:r:a:jp:qh", opts, NULL)) != -1) {
        switch (ch) {
        case 'l': layer = optarg; break;
        case 'f': func = optarg; break;
        case 'n':
            if ((prc = cli_parse_size("structfunc", "--nulls", optarg, 1, CLI_MAX_NULLS, &o.n_nulls)))
                return prc;
            break;
        case 's':
            if ((prc = cli_parse_u64("structfunc", "--seed", optarg, 0, UINT64_MAX, &o.seed)))
                return prc;
            break;
        case 't':
            if ((prc = cli_parse_int("structfunc", "--threads", optarg, 1, CLI_MAX_THREADS, &o.threads)))
                return prc;
            break;
        case 'r':
            if (!strcmp(optarg, "communicability"))
                o.rdm = CTOME_SF_RDM_COMMUNICABILITY;
            else if (!strcmp(optarg, "path") || !strcmp(optarg, "path-length"))
                o.rdm = CTOME_SF_RDM_PATH;
            else
                return cli_usage_error("structfunc", "--rdm is communicability or path, not '%s'", optarg);
            break;
        case 'a':
            if (ctome_sf_absent_parse(optarg, &absent_nan))
                return cli_usage_error("structfunc", "--absent is nan or zero, not '%s'", optarg);
            absent_given = 1;
            break;
        case 'j': as_json = 1; break;
        case 'p': fig = optarg; break;
        case 'q': quiet = 1; break;
        case 1001: mpi = 1; break;
        case 'h': cli_print_usage(stdout, "structfunc"); return CLI_OK;
        default: return cli_usage_error("structfunc", "bad option");
        }
    }
    if (optind + 1 != argc)
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
    if (cli_load(argv[optind], &in))
        return cli_fail();
    int rc = CTOME_OK;
    if (in.n != 1)
        rc = ctome_error(CTOME_EINVAL, argv[optind], 0, "holds %zu connectomes: name one as store.h5:<id>", in.n);
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
        if (as_json)
            rc = print_json(in.c[0]->id, &s, absent);
        else
            print_text(in.c[0]->id, &s, absent);
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
