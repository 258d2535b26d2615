/* ctome perturb / ctome sweep — the model's perturbation atlas against the
 * Randi 2023 functional atlas, and parameter sweeps of that comparison.
 * Options to lib/models/ei_atlas.h and ei_sweep.h; nothing computed here. */
#include "cli.h"
#include "mpi_jobs.h"
#include "outputs.h"
#include "commands.h"
#include "ei_cli.h"
#include "progress_bar.h"

#include <float.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ei_atlas.h"
#include "ei_atlas_figs.h"
#include "ei_sweep.h"
#include "structfunc.h"

/* Keys of the options of perturb and sweep (opts.h: below CLI_KEY_MAX). */
enum {
    OPT_AMP = 0x900, OPT_DURATION, OPT_WINDOW, OPT_DT, OPT_SETTLE, OPT_MEASURE, OPT_FUNCTIONAL, OPT_ABSENT,
    OPT_THREADS, OPT_STIM_LIST, OPT_NULLS, OPT_SEED, OPT_TABLE, OPT_PARAM, OPT_PARAM2, OPT_LOG, OPT_MPI
};

/* The atlas options both commands share, as option-table entries. */
#define ATLAS_OPTS                                                                                               \
    {"amp", 0, OPT_AMP, "A", "pulse amplitude, > 0 (default 1)", CLI_VAL_NUMBER, NULL, 0, NULL},                 \
    {"duration", 0, OPT_DURATION, "D", "pulse length, > 0 (default 1 model time unit = 1 tau)", CLI_VAL_NUMBER,   \
     NULL, 0, NULL},                                                                                              \
    {"window", 0, OPT_WINDOW, "W", "response window from onset, >= D (default 10)", CLI_VAL_NUMBER, NULL, 0,      \
     NULL},                                                                                                       \
    {"dt", 0, OPT_DT, "H", "RK4 step (default 0.01; split automatically when too large for RK4's stability)",    \
     CLI_VAL_NUMBER, NULL, 0, NULL},                                                                              \
    {"settle", 0, OPT_SETTLE, "T", "settling time of the baseline (default 50)", CLI_VAL_NUMBER, NULL, 0, NULL},  \
    {"measure", 0, OPT_MEASURE, "M", "mean (default) or peak", CLI_VAL_ENUM, "mean|peak", 0, NULL},              \
    {"functional", 0, OPT_FUNCTIONAL, "SRC", "the functional atlas (default randi2023-funconn)", CLI_VAL_TEXT,    \
     NULL, 0, NULL},                                                                                              \
    {"absent", 0, OPT_ABSENT, "A", "atlas pairs absent from the export: nan (default, left out: only measured "  \
     "responses count) or zero", CLI_VAL_ENUM, "nan|zero", 0, NULL},                                              \
    {"threads", 0, OPT_THREADS, "T", "default: all cores; results identical for any T", CLI_VAL_NUMBER, NULL, 0,  \
     NULL},                                                                                                       \
    {"mpi", 0, OPT_MPI, NULL, "split the ensemble (perturb's nulls, sweep's grid points) over MPI ranks (under "  \
     "mpirun -np K); rank 0 writes; same bytes as one process", CLI_VAL_NONE, NULL, 0, NULL},                    \
    CLI_OPT_ALIAS("figure", "plot"),                                                                              \
    CLI_OPT_QUIET,

typedef struct {
    ctome_ei_atlas_opts ao;
    const char *functional, *figure, *out;
    int absent_nan, as_json, quiet, threads, mpi;
} atlas_args;

static void atlas_args_init(atlas_args *a)
{
    memset(a, 0, sizeof *a);
    ctome_ei_atlas_opts_default(&a->ao);
    a->functional = "randi2023-funconn";
    a->absent_nan = CTOME_SF_ABSENT_DEFAULT;
}

/* The table (-o) and the figure, checked before the model is built; then
 * --mpi: MPI started and the ensemble (perturb's nulls, sweep's grid points)
 * split over the ranks, rank 0 alone writing. */
static int atlas_outputs_check(const char *cmd, atlas_args *a)
{
    int rc = cli_output_check(cmd, "--output", a->out, CLI_OUT_TEXT);
    if (!rc)
        rc = cli_output_check(cmd, "--plot", a->figure, CLI_OUT_FIGURE);
    if (!rc && a->mpi) {
        if (ctome_mpi_init())
            return cli_fail();
        a->ao.dist = ctome_mpi_dist();
    }
    return rc;
}

/* --plot, --json, --quiet (handled by the parser) into the arguments. */
static void atlas_common(atlas_args *a, const cli_parser *p)
{
    a->figure = p->plot;
    a->as_json = p->json;
    a->quiet = p->quiet;
}

/* 1 handled, 0 not an atlas option, -1 usage error printed.  The numbers
 * need only be finite here: range checks belong to the library (exit 1 with
 * its message). */
static int atlas_option(atlas_args *a, const char *cmd, int ch, const char *arg)
{
    switch (ch) {
    case OPT_AMP: return cli_parse_double(cmd, "--amp", arg, -DBL_MAX, DBL_MAX, &a->ao.amp) ? -1 : 1;
    case OPT_DURATION: return cli_parse_double(cmd, "--duration", arg, -DBL_MAX, DBL_MAX, &a->ao.duration) ? -1 : 1;
    case OPT_WINDOW: return cli_parse_double(cmd, "--window", arg, -DBL_MAX, DBL_MAX, &a->ao.window) ? -1 : 1;
    case OPT_DT: return cli_parse_double(cmd, "--dt", arg, -DBL_MAX, DBL_MAX, &a->ao.dt) ? -1 : 1;
    case OPT_SETTLE: return cli_parse_double(cmd, "--settle", arg, -DBL_MAX, DBL_MAX, &a->ao.settle) ? -1 : 1;
    case OPT_MEASURE:
        if (!strcmp(arg, "mean") || !strcmp(arg, "peak")) {
            a->ao.measure = !strcmp(arg, "peak") ? CTOME_ATLAS_PEAK : CTOME_ATLAS_MEAN;
            return 1;
        }
        cli_usage_error(cmd, "--measure is mean or peak, not '%s'", arg);
        return -1;
    case OPT_FUNCTIONAL: a->functional = arg; return 1;
    case OPT_ABSENT:
        if (!ctome_sf_absent_parse(arg, &a->absent_nan))
            return 1;
        cli_usage_error(cmd, "--absent is nan or zero, not '%s'", arg);
        return -1;
    case OPT_THREADS:
        if (cli_parse_int(cmd, "--threads", arg, 1, CLI_MAX_THREADS, &a->threads))
            return -1;
        a->ao.threads = a->threads;
        return 1;
    case 'o': a->out = arg; return 1;
    case OPT_MPI: a->mpi = 1; return 1;
    default: return 0;
    }
}

/* The option loop perturb and sweep share: the model's and the atlas's
 * options here, the command's own through own(ctx, ch, arg) (0 taken, -1 not
 * its option, else the exit status of a usage error it printed); then the
 * loop's end and the shared settings.  0 to go on with the positionals;
 * 1 when the command returns *status (the model's options freed). */
typedef int (*own_option_fn)(void *ctx, int ch, const char *arg);

static int atlas_options(cli_parser *p, const char *cmd, int argc, char **argv, ei_cli_model *mo,
                         atlas_args *aa, own_option_fn own, void *ctx, int *status)
{
    int ch;
    cli_opts_begin(p, cmd, argc, argv);
    while ((ch = cli_opts_next(p)) > 0) {
        int r = ei_cli_model_option(mo, cmd, ch, p->arg);
        if (r == 0)
            r = atlas_option(aa, cmd, ch, p->arg);
        if (r > 0)
            continue;
        *status = r < 0 ? CLI_USAGE : own(ctx, ch, p->arg);
        if (*status < 0)
            *status = cli_opts_unhandled(p);
        if (*status) {
            ei_cli_model_free(mo);
            return 1;
        }
    }
    if (ch < 0) {
        ei_cli_model_free(mo);
        *status = p->status;
        return 1;
    }
    atlas_common(aa, p);
    return 0;
}

static const char *measure_name(ctome_atlas_measure m) { return m == CTOME_ATLAS_PEAK ? "peak" : "mean"; }

static json_t *atlas_json(const ctome_ei_atlas_opts *o)
{
    return json_pack("{s:f, s:f, s:f, s:f, s:f, s:s}", "amp", o->amp, "duration", o->duration, "window",
                     o->window, "dt", o->dt, "settle", o->settle, "measure", measure_name(o->measure));
}

/* ------------------------------------------------------------- perturb */

/* The full table: every stimulated neuron x every other model neuron. */
static int write_table(FILE *fp, const ctome_ei *m, const ctome_ei_atlas *a, const ctome_ei_atlas_cmp *c)
{
    /* measured value per (stim row, responder), NaN when none */
    double *d = malloc(a->n_stim * a->n * sizeof *d);
    long *row = malloc(a->n * sizeof *row);
    if (!d || !row) {
        free(d);
        free(row);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < a->n_stim * a->n; i++)
        d[i] = NAN;
    for (size_t i = 0; i < a->n; i++)
        row[i] = -1;
    for (size_t s = 0; s < a->n_stim; s++)
        row[a->stim[s]] = (long)s;
    for (size_t q = 0; c && q < c->pairs.n_pairs; q++)
        if (row[c->pairs.stim[q]] >= 0)
            d[(size_t)row[c->pairs.stim[q]] * a->n + c->pairs.resp[q]] = c->pairs.data[q];
    fprintf(fp, "stimulated\tresponding\tmodel\tmeasured\n");
    for (size_t s = 0; s < a->n_stim; s++)
        for (size_t i = 0; i < a->n; i++) {
            if (i == a->stim[s])
                continue;
            double v = d[s * a->n + i];
            fprintf(fp, "%s\t%s\t%.9g\t", ctome_ei_name(m, a->stim[s]), ctome_ei_name(m, i), a->r[s * a->n + i]);
            if (isfinite(v))
                fprintf(fp, "%.9g\n", v);
            else
                fprintf(fp, "NA\n");
        }
    free(d);
    free(row);
    return ferror(fp) ? ctome_error(CTOME_EIO, NULL, 0, "cannot write the table") : CTOME_OK;
}

static int print_summary(const char *conn, const ei_cli_model *mo, const atlas_args *aa, const ctome_ei *m,
                         const ctome_ei_atlas *a, const ctome_ei_atlas_cmp *c, const char *fid)
{
    json_t *model = ei_cli_model_json(mo);
    json_t *o = json_pack("{s:s, s:o, s:o, s:I, s:I, s:b, s:f, s:I, s:s, s:s, s:I, s:I, s:o, s:o, s:I, "
                          "s:I, s:I, s:o, s:o, s:o, s:o, s:I}",
                          "connectome", conn, "model", model, "atlas", atlas_json(&aa->ao), "neurons",
                          (json_int_t)m->n, "stimulated", (json_int_t)a->n_stim, "baseline_settled",
                          a->settled, "baseline_rate", a->settle_rate, "rk4_substeps",
                          (json_int_t)a->substeps, "functional", fid, "absent_pairs",
                          ctome_sf_absent_name(aa->absent_nan), "pairs", (json_int_t)c->pairs.n_pairs,
                          "pair_stimulated", (json_int_t)c->pairs.n_stim, "spearman_rho", cli_json_num(c->rho),
                          "sign_agreement", cli_json_num(c->sign_agree), "sign_pairs", (json_int_t)c->n_sign,
                          "nulls", (json_int_t)c->n_nulls, "nulls_valid", (json_int_t)c->n_valid,
                          "null_rho_mean", cli_json_num(c->null_mean), "null_rho_sd", cli_json_num(c->null_sd),
                          "z", cli_json_num(c->z),
                          "p", cli_json_num(c->p), "seed", (json_int_t)c->seed);
    if (!o)
        return ctome_error(CTOME_ENOMEM, NULL, 0, "cannot build the JSON output");
    if (aa->as_json)
        return cli_write_json(stdout, "<stdout>", o);
    /* the same keys as text lines (model.* and atlas.* for the nested ones) */
    cli_print_kv(stdout, o, NULL);
    json_decref(o);
    return ferror(stdout) ? ctome_error(CTOME_EIO, "<stdout>", 0, "cannot write") : CTOME_OK;
}

const cli_opt cli_opts_perturb[] = {
    EI_CLI_MODEL_OPTS
    ATLAS_OPTS
    {"stim-list", 0, OPT_STIM_LIST, "L", "neurons or classes to stimulate (comma list; default all)", CLI_VAL_TEXT,
     NULL, 0, NULL},
    {"nulls", 0, OPT_NULLS, "K", "rewired null models (default 0: none)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"seed", 0, OPT_SEED, "S", "null seed (default 1; printed with the result)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"table", 0, OPT_TABLE, NULL, "print the full table (stimulated, responding, model, measured; NA: not "
     "measured) instead of the summary", CLI_VAL_NONE, NULL, 0, NULL},
    {"output", 'o', 'o', "FILE", "write that table to FILE", CLI_VAL_FILE, NULL, 0, NULL},
    CLI_OPT_PLOT("model and measured atlas heatmaps (same order), scatter, null histogram (.png, .svg or .pdf)"),
    CLI_OPT_JSON("the summary as one JSON document, its keys the summary's (spearman_rho, null_rho_mean, "
                 "null_rho_sd, ...)"),
    CLI_OPT_END};

typedef struct {
    const char *stim_list;
    size_t n_nulls;
    uint64_t seed;
    int table;
} perturb_own;

static int perturb_option(void *ctx, int ch, const char *arg)
{
    perturb_own *o = ctx;
    switch (ch) {
    case OPT_STIM_LIST: o->stim_list = arg; return 0;
    case OPT_NULLS: return cli_parse_size("perturb", "--nulls", arg, 0, CLI_MAX_NULLS, &o->n_nulls);
    case OPT_SEED: return cli_parse_u64("perturb", "--seed", arg, 0, UINT64_MAX, &o->seed);
    case OPT_TABLE: o->table = 1; return 0;
    default: return -1;
    }
}

int cmd_perturb(int argc, char **argv)
{
    ei_cli_model mo;
    ei_cli_model_init(&mo);
    atlas_args aa;
    atlas_args_init(&aa);
    cli_parser p;
    perturb_own own = {NULL, 0, 1, 0};
    int st;
    if (atlas_options(&p, "perturb", argc, argv, &mo, &aa, perturb_option, &own, &st))
        return st;
    const char *stim_list = own.stim_list;
    size_t n_nulls = own.n_nulls;
    uint64_t seed = own.seed;
    int table = own.table, prc;
    const int pos = p.optind;
    if (pos + 1 != argc) {
        ei_cli_model_free(&mo);
        return cli_usage_error("perturb", "name exactly one connectome (dataset id, file or store)");
    }
    if ((prc = atlas_outputs_check("perturb", &aa))) {
        ei_cli_model_free(&mo);
        return prc;
    }
    const ctome_registry *reg = cli_registry();
    ctome_ei *m = NULL;
    ctome_connectome *c = NULL;
    ctome_fmatrix *f = NULL;
    size_t *stim = NULL, n_stim = 0;
    ctome_ei_atlas a = {0};
    ctome_ei_atlas_cmp cmp = {0};
    int rc = reg ? ctome_ei_atlas_opts_check(&aa.ao) : ctome_error_code();
    if (!rc)
        rc = ei_cli_model_build(&mo, argv[pos], &m, &c);
    if (!rc && stim_list)
        rc = ctome_ei_parse_neurons(m, stim_list, &stim, &n_stim);
    if (!rc)
        rc = ctome_structfunc_functional(aa.functional, cli_datadir(), reg, aa.absent_nan, &f);
    cli_progress bar;
    cli_progress_init(&bar, aa.quiet);
    if (!rc) {
        cli_progress_label(&bar, "stimulations");
        aa.ao.progress = cli_progress_cb;
        aa.ao.progress_user = &bar;
        rc = ctome_ei_atlas_compute(m, stim, stim ? n_stim : 0, &aa.ao, &a);
    }
    if (!rc) {
        cli_progress_label(&bar, "nulls");
        rc = ctome_ei_atlas_compare(m, f, &aa.ao, &a, n_nulls, seed, &cmp);
        /* a chosen list may hold no measured pair: the atlas is still the
         * result, without a comparison */
        if (rc == CTOME_EVALUE && stim_list && !cmp.pairs.n_pairs) {
            cli_progress_done(&bar);
            if (!aa.quiet)
                fprintf(stderr, "ctome: note: no comparison with %s: %s\n", aa.functional,
                        ctome_error_message());
            ctome_error_clear();
            rc = CTOME_OK;
            cmp.rho = cmp.sign_agree = cmp.null_mean = cmp.null_sd = cmp.z = cmp.p = NAN;
            cmp.seed = seed;
        }
    }
    cli_progress_done(&bar);
    int root = ctome_mpi_root();
    /* outputs: the table file and the figure first (atomic), then stdout */
    if (!rc && root && aa.out) {
        ctome_outfile of;
        rc = ctome_outfile_open(&of, aa.out);
        if (!rc) {
            rc = write_table(of.fp, m, &a, &cmp);
            if (!rc)
                rc = ctome_outfile_commit(&of);
            else
                ctome_outfile_abort(&of);
        }
    }
    if (!rc && root && aa.figure) {
        char title[256];
        snprintf(title, sizeof title, "%s model vs %s", c->id ? c->id : argv[pos], f->id);
        rc = ctome_plot_ei_atlas(m, &a, &cmp, title, aa.figure);
    }
    if (!rc && root) {
        if (table)
            rc = write_table(stdout, m, &a, &cmp);
        else
            rc = print_summary(c->id ? c->id : argv[pos], &mo, &aa, m, &a, &cmp, f->id);
    }
    ctome_ei_atlas_cmp_clear(&cmp);
    ctome_ei_atlas_clear(&a);
    free(stim);
    ctome_fmatrix_free(f);
    ctome_ei_free(m);
    ctome_connectome_free(c);
    ei_cli_model_free(&mo);
    return rc ? cli_fail() : CLI_OK;
}

/* --------------------------------------------------------------- sweep */

typedef struct {
    const ei_cli_model *mo;
    const ctome_connectome *c;
} sweep_build_ctx;

/* The model at one grid point: the command's model options with the
 * point's scales / tau (ei_cli_model_build_from only reads them). */
static int sweep_build(const ctome_ei_opts *o, void *user, ctome_ei **out)
{
    const sweep_build_ctx *b = user;
    ei_cli_model mo = *b->mo;
    mo.opts = *o;
    return ei_cli_model_build_from(&mo, b->c, out);
}

static const char *const sweep_status[] = {"ok", "unsettled", "blew-up"};

/* The sweep as JSON: the run's parameters and one object per grid point whose
 * keys are the TSV table's columns. */
static int print_sweep_json(const char *conn, const ei_cli_model *mo, const atlas_args *aa, const char *fid,
                            const ctome_ei_sweep *s)
{
    int two = s->n2 > 1 || isfinite(s->v2[0]);
    json_t *rows = json_array();
    for (size_t k1 = 0; rows && k1 < s->n1; k1++)
        for (size_t k2 = 0; k2 < s->n2; k2++) {
            size_t q = k1 * s->n2 + k2;
            json_t *e = json_object();
            json_object_set_new(e, ctome_sweep_param_name(s->ax[0].param), json_real(s->v1[k1]));
            if (two)
                json_object_set_new(e, ctome_sweep_param_name(s->ax[1].param), json_real(s->v2[k2]));
            json_object_set_new(e, "rho", cli_json_num(s->rho[q]));
            json_object_set_new(e, "sign_agreement", cli_json_num(isfinite(s->rho[q]) ? s->sign_agree[q] : NAN));
            json_object_set_new(e, "pairs", json_integer((json_int_t)s->n_pairs[q]));
            json_object_set_new(e, "status", json_string(sweep_status[s->status[q]]));
            json_array_append_new(rows, e);
        }
    json_t *o = json_pack("{s:s, s:o, s:o, s:s, s:s, s:o}", "connectome", conn, "model", ei_cli_model_json(mo),
                          "atlas", atlas_json(&aa->ao), "functional", fid, "absent_pairs",
                          ctome_sf_absent_name(aa->absent_nan), "grid", rows);
    if (!o)
        return ctome_error(CTOME_ENOMEM, NULL, 0, "cannot build the JSON output");
    return cli_write_json(stdout, "<stdout>", o);
}

static int write_sweep(FILE *fp, const ctome_ei_sweep *s)
{
    const char *const *status = sweep_status;
    fprintf(fp, "%s", ctome_sweep_param_name(s->ax[0].param));
    if (s->n2 > 1 || isfinite(s->v2[0]))
        fprintf(fp, "\t%s", ctome_sweep_param_name(s->ax[1].param));
    fprintf(fp, "\trho\tsign_agreement\tpairs\tstatus\n");
    for (size_t k1 = 0; k1 < s->n1; k1++)
        for (size_t k2 = 0; k2 < s->n2; k2++) {
            size_t q = k1 * s->n2 + k2;
            fprintf(fp, "%.6g", s->v1[k1]);
            if (s->n2 > 1 || isfinite(s->v2[0]))
                fprintf(fp, "\t%.6g", s->v2[k2]);
            if (isfinite(s->rho[q]))
                fprintf(fp, "\t%.6f\t%.6f", s->rho[q], s->sign_agree[q]);
            else
                fprintf(fp, "\tNA\tNA");
            fprintf(fp, "\t%zu\t%s\n", s->n_pairs[q], status[s->status[q]]);
        }
    return ferror(fp) ? ctome_error(CTOME_EIO, NULL, 0, "cannot write the sweep table") : CTOME_OK;
}

const cli_opt cli_opts_sweep[] = {
    {"param", 0, OPT_PARAM, "NAME=LO:HI:N", "the first axis: NAME chem-scale, gap-scale, tau, amp or duration; N "
     "values from LO to HI, evenly spaced (required)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"param2", 0, OPT_PARAM2, "NAME=LO:HI:N", "a second axis", CLI_VAL_TEXT, NULL, 0, NULL},
    {"log", 0, OPT_LOG, NULL, "log-spaced values on both axes (LO > 0)", CLI_VAL_NONE, NULL, 0, NULL},
    EI_CLI_MODEL_OPTS
    ATLAS_OPTS
    {"stim-list", 0, OPT_STIM_LIST, "L", "only pairs whose stimulated neuron is in L (faster)", CLI_VAL_TEXT, NULL,
     0, NULL},
    {"output", 'o', 'o', "FILE", "write the table there (default stdout)", CLI_VAL_FILE, NULL, 0, NULL},
    CLI_OPT_PLOT("heatmap of rho over the grid (a line for one axis; .png, .svg or .pdf)"),
    CLI_OPT_JSON("the grid as one JSON document on stdout: one object per point with the table's columns as "
                 "keys, and the model and atlas options (with -o the table is written too)"),
    CLI_OPT_END};

typedef struct {
    const char *p1, *p2, *stim_list;
    int log_grid;
} sweep_own;

static int sweep_option(void *ctx, int ch, const char *arg)
{
    sweep_own *o = ctx;
    switch (ch) {
    case OPT_PARAM: o->p1 = arg; return 0;
    case OPT_PARAM2: o->p2 = arg; return 0;
    case OPT_LOG: o->log_grid = 1; return 0;
    case OPT_STIM_LIST: o->stim_list = arg; return 0;
    default: return -1;
    }
}

int cmd_sweep(int argc, char **argv)
{
    ei_cli_model mo;
    ei_cli_model_init(&mo);
    atlas_args aa;
    atlas_args_init(&aa);
    cli_parser p;
    sweep_own own = {NULL, NULL, NULL, 0};
    int st;
    if (atlas_options(&p, "sweep", argc, argv, &mo, &aa, sweep_option, &own, &st))
        return st;
    const char *p1 = own.p1, *p2 = own.p2, *stim_list = own.stim_list;
    int log_grid = own.log_grid;
    const int pos = p.optind;
    if (pos + 1 != argc || !p1) {
        ei_cli_model_free(&mo);
        return cli_usage_error("sweep", pos + 1 != argc ? "name exactly one connectome"
                                                           : "--param NAME=LO:HI:N is required");
    }
    ctome_sweep_axis ax1, ax2;
    int rc = ctome_sweep_axis_parse(p1, log_grid, &ax1);
    if (!rc && p2)
        rc = ctome_sweep_axis_parse(p2, log_grid, &ax2);
    if (!rc && p2 && ax1.param == ax2.param)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "--param and --param2 both sweep '%s'",
                         ctome_sweep_param_name(ax1.param));
    if (rc) {
        ei_cli_model_free(&mo);
        return cli_usage_error("sweep", "%s", ctome_error_message());
    }
    if ((rc = atlas_outputs_check("sweep", &aa))) {
        ei_cli_model_free(&mo);
        return rc;
    }
    const ctome_registry *reg = cli_registry();
    ctome_ei *m = NULL;
    ctome_connectome *c = NULL;
    ctome_fmatrix *f = NULL;
    ctome_ei_sweep s = {0};
    size_t *stim = NULL, n_stim = 0;
    rc = reg ? ctome_ei_atlas_opts_check(&aa.ao) : ctome_error_code();
    /* build once on this thread: option errors (unknown --sign neuron, tau
     * file) then carry their message, and the connectome is loaded once */
    if (!rc)
        rc = ei_cli_model_build(&mo, argv[pos], &m, &c);
    if (!rc && stim_list)
        rc = ctome_ei_parse_neurons(m, stim_list, &stim, &n_stim);
    if (!rc)
        rc = ctome_structfunc_functional(aa.functional, cli_datadir(), reg, aa.absent_nan, &f);
    cli_progress bar;
    cli_progress_init(&bar, aa.quiet);
    cli_progress_label(&bar, "grid points");
    sweep_build_ctx bc = {&mo, c};
    if (!rc)
        rc = ctome_ei_sweep_run(sweep_build, &bc, &mo.opts, &aa.ao, f, stim, n_stim, &ax1, p2 ? &ax2 : NULL,
                                aa.threads,
                                cli_progress_cb, &bar, &s);
    cli_progress_done(&bar);
    int root = ctome_mpi_root();
    if (!rc && root && aa.out) {
        ctome_outfile of;
        rc = ctome_outfile_open(&of, aa.out);
        if (!rc) {
            rc = write_sweep(of.fp, &s);
            if (!rc)
                rc = ctome_outfile_commit(&of);
            else
                ctome_outfile_abort(&of);
        }
    }
    if (!rc && root && aa.figure) {
        char title[256];
        snprintf(title, sizeof title, "%s model vs %s: Spearman rho", c->id ? c->id : argv[pos], f->id);
        rc = ctome_plot_ei_sweep(&s, title, aa.figure);
    }
    if (!rc && root && aa.as_json)
        rc = print_sweep_json(c->id ? c->id : argv[pos], &mo, &aa, f->id, &s);
    else if (!rc && root && !aa.out)
        rc = write_sweep(stdout, &s);
    ctome_ei_sweep_clear(&s);
    free(stim);
    ctome_fmatrix_free(f);
    ctome_ei_free(m);
    ctome_connectome_free(c);
    ei_cli_model_free(&mo);
    return rc ? cli_fail() : CLI_OK;
}
