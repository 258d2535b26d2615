/* ctome sernn — spatially embedded RNNs on the one-step inference maze task:
 * train one network, sweep gamma x seeds for seRNN and L1, analyse a
 * network or a sweep table (lib/models/sernn*.h, lib/plot/sernn_figs.h). */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "mpi_jobs.h"
#include "progress_bar.h"

#include <cblas.h>   /* openblas_get_corename */
#include <float.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sernn_figs.h"
#include "sernn_sweep.h"
#include "store_rnn.h"


/* Options shared by the subcommands. */
typedef struct {
    ctome_sernn_train_opts t;
    ctome_sernn_analyse_opts ao;
    size_t dims[3];
    int worm, as_json, quiet, mpi;
    const char *out, *plot, *plot_dir, *table, *gammas, *l1_gammas, *per_gamma;
    char plot_buf[4096];   /* --plot-dir DIR as the prefix DIR/sernn */
    size_t seeds;
    double acc_min;
} opts;

enum {
    O_REG = 256, O_GAMMA, O_EPOCHS, O_STEPS, O_SEED, O_GRID, O_POSITIONS, O_LR, O_BATCH, O_SIGMA,
    O_THREADS, O_JSON, O_QUIET, O_PLOT, O_PLOT_DIR, O_TABLE, O_GAMMAS, O_L1_GAMMAS, O_SEEDS,
    O_ACC_MIN, O_MPI, O_LOSS_STEPS, O_HELP, O_PER_GAMMA
};

/* One ceiling for the counts (epochs, steps, batch, seeds...). */
#define SERNN_MAX_COUNT 100000000

/* The options of `ctome sernn` (opts.h), all subcommands in one table (each
 * says which subcommands it is for): parsing, help, docs/cli.md, man page and
 * completion all come from it. */
const cli_opt cli_opts_sernn[] = {
    {"reg", 0, O_REG, "R", "train: the regulariser se (default), l1 or none", CLI_VAL_ENUM, "se|l1|none", 0,
     NULL},
    {"gamma", 0, O_GAMMA, "G", "train: regularisation strength, >= 0", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"epochs", 0, O_EPOCHS, "E", "epochs (default 10)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"steps", 0, O_STEPS, "K", "updates per epoch (default 40)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"seed", 0, O_SEED, "S", "seed (sweep: the first seed S0); printed with the result", CLI_VAL_NUMBER, NULL, 0,
     NULL},
    {"grid", 0, O_GRID, "NXxNYxNZ", "units on an integer grid (default 5x5x4)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"positions", 0, O_POSITIONS, "P", "grid (default) or worm: the hermaphrodite neurons' soma positions "
     "(Skuhersky 2022), rescaled to the grid's mean distance", CLI_VAL_ENUM, "grid|worm", 0, NULL},
    {"lr", 0, O_LR, "X", "Adam learning rate (default 1e-3)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"batch", 0, O_BATCH, "B", "trials per update (default 128)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"sigma-in", 0, O_SIGMA, "X", "input noise sd (default 0.05)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"loss-steps", 0, O_LOSS_STEPS, "K", "loss over the last K choice steps (default the 20 of the choice "
     "period; 1: the last step only, as the authors)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"threads", 0, O_THREADS, "T", "default: all cores; results identical for any T", CLI_VAL_NUMBER, NULL, 0,
     NULL},
    {"gammas", 0, O_GAMMAS, "LIST", "sweep: seRNN gammas (comma list)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"l1-gammas", 0, O_L1_GAMMAS, "LIST", "sweep: L1 gammas (comma list)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"seeds", 0, O_SEEDS, "N", "sweep: seeds per gamma, S0..S0+N-1 (default 10)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"acc-min", 0, O_ACC_MIN, "A", "sweep, analyse --table: the matched-accuracy threshold (default 0.9)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"mpi", 0, O_MPI, NULL, "sweep: split the networks over MPI ranks (under mpirun)", CLI_VAL_NONE, NULL, 0, NULL},
    {"table", 0, O_TABLE, "FILE", "analyse: the summary of a sweep table instead of a checkpoint", CLI_VAL_FILE,
     NULL, 0, NULL},
    {"per-gamma", 0, O_PER_GAMMA, "FILE", "sweep, analyse --table: write the per-gamma table (reg, gamma, "
     "measure, mean, sd, networks)", CLI_VAL_FILE, NULL, 0, NULL},
    {"output", 'o', 'o', "FILE", "train: the checkpoint (HDF5 store); sweep: the table, one row per network",
     CLI_VAL_FILE, NULL, 0, NULL},
    CLI_OPT_PLOT("train, analyse NET: the network on its grid and weight vs distance (one figure); sweep, "
                 "analyse --table: a prefix P for P_curves.png and P_matched.png"),
    {"plot-dir", 0, O_PLOT_DIR, "DIR", "deprecated (warns): --plot DIR/sernn, the folder made if missing",
     CLI_VAL_DIR, NULL, 0, NULL},
    CLI_OPT_JSON("one JSON document (sweep, analyse --table: both tables)"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

static int parse_opts(const char *cmd, int argc, char **argv, opts *o)
{
    int ch, rc = CLI_OK;
    double v = 0;
    cli_parser p;
    /* argv[1] is the subcommand: the parser sees it as its argv[0] */
    cli_opts_begin(&p, "sernn", argc - 1, argv + 1);
    while (rc == CLI_OK && (ch = cli_opts_next(&p)) > 0) {
        const char *optarg = p.arg;
        switch (ch) {
        case O_REG:
            if (ctome_sernn_reg_parse(optarg, &o->t.reg))
                rc = cli_usage_error(cmd, "--reg: '%s' (se, l1 or none)", optarg);
            break;
        case O_GAMMA:
            if (strtod(optarg, NULL) < 0)
                rc = cli_failf("--gamma must be >= 0, got '%s' (the regulariser is a cost)", optarg);
            else if (!(rc = cli_parse_double(cmd, "--gamma", optarg, 0, DBL_MAX, &v)))
                o->t.gamma = v;
            break;
        case O_EPOCHS: rc = cli_parse_size(cmd, "--epochs", optarg, 1, SERNN_MAX_COUNT, &o->t.epochs); break;
        case O_STEPS: rc = cli_parse_size(cmd, "--steps", optarg, 1, SERNN_MAX_COUNT, &o->t.steps_per_epoch); break;
        case O_SEED: rc = cli_parse_u64(cmd, "--seed", optarg, 0, UINT64_MAX, &o->t.seed); break;
        case O_GRID:
            if (ctome_sernn_parse_grid(optarg, o->dims))
                rc = cli_usage_error(cmd, "--grid: %s", ctome_error_message());
            break;
        case O_POSITIONS:
            if (strcmp(optarg, "worm") && strcmp(optarg, "grid"))
                rc = cli_usage_error(cmd, "--positions: '%s' (worm or grid)", optarg);
            o->worm = !strcmp(optarg, "worm");
            break;
        case O_LR:
            if (!(rc = cli_parse_double(cmd, "--lr", optarg, 1e-12, DBL_MAX, &v)))
                o->t.lr = v;
            break;
        case O_BATCH: rc = cli_parse_size(cmd, "--batch", optarg, 1, SERNN_MAX_COUNT, &o->t.batch); break;
        case O_SIGMA:
            if (!(rc = cli_parse_double(cmd, "--sigma-in", optarg, 0, DBL_MAX, &v)))
                o->t.sigma_in = (float)v;
            break;
        case O_THREADS: rc = cli_parse_int(cmd, "--threads", optarg, 0, CLI_MAX_THREADS, &o->t.threads); break;
        case O_LOSS_STEPS:
            rc = cli_parse_size(cmd, "--loss-steps", optarg, 1, SERNN_MAX_COUNT, &o->t.task.loss_steps);
            break;
        case O_PLOT_DIR: cli_deprecated(cmd, "--plot-dir DIR", "--plot DIR/sernn"); o->plot_dir = optarg; break;
        case O_PER_GAMMA: o->per_gamma = optarg; break;
        case O_TABLE: o->table = optarg; break;
        case O_GAMMAS: o->gammas = optarg; break;
        case O_L1_GAMMAS: o->l1_gammas = optarg; break;
        case O_SEEDS: rc = cli_parse_size(cmd, "--seeds", optarg, 1, SERNN_MAX_COUNT, &o->seeds); break;
        case O_ACC_MIN:
            if (!(rc = cli_parse_double(cmd, "--acc-min", optarg, 0, DBL_MAX, &v)))
                o->acc_min = v;
            break;
        case O_MPI: o->mpi = 1; break;
        case 'o': o->out = optarg; break;
        default: rc = cli_opts_unhandled(&p); break;
        }
    }
    if (rc)
        return rc;
    if (ch < 0)
        return p.status == CLI_OK ? -1 : p.status;   /* -1: --help printed */
    o->plot = p.plot;
    o->as_json = p.json;
    o->quiet = p.quiet;
    optind = p.optind + 1;   /* the positional arguments, in the full argv */
    return CLI_OK;
}

/* Positions and distances of the chosen layout; *n units. */
static int layout(const opts *o, size_t *n, double **pos, double **d)
{
    *d = NULL;
    const ctome_registry *reg = NULL;
    if (o->worm && !(reg = cli_registry()))
        return CTOME_EIO;
    int rc = ctome_sernn_layout(o->dims, reg, n, pos);
    if (!rc) {
        *d = malloc(*n * *n * sizeof **d);
        rc = *d ? ctome_sernn_distances(*n, *pos, *d) : ctome_error_nomem();
    }
    return rc;
}

static const char *layout_name(const opts *o, char *buf, size_t sz)
{
    if (o->worm)
        snprintf(buf, sz, "worm (Skuhersky 2022 soma positions, rescaled)");
    else
        snprintf(buf, sz, "grid %zux%zux%zu", o->dims[0], o->dims[1], o->dims[2]);
    return buf;
}

static const char *fmt6g(const char *key)
{
    (void)key;
    return "%.6g";
}

static void print_metrics(const ctome_sernn_metrics *m, double acc, json_t *j)
{
    const struct {
        const char *k;
        double v;
    } kv[] = {{"accuracy", acc},          {"q_weighted", m->q_weighted},
              {"modules_weighted", (double)m->modules_weighted},
              {"q_binary", m->q_binary},  {"modules_binary", (double)m->modules_binary},
              {"sigma", m->sigma},        {"wl_corr", m->wl_corr},
              {"mean_length", m->mean_length}, {"strength", m->strength},
              {"frac_strong", m->frac_strong}, {"energy", m->energy},
              {"mixed_selectivity", m->mixed}, {"functional_clustering", m->func_clust},
              {"active_units", (double)m->active}};
    for (size_t i = 0; i < sizeof kv / sizeof *kv; i++) {
        json_object_set_new(j, kv[i].k, cli_json_num(kv[i].v));
    }
}

static void progress_epoch(size_t epoch, size_t epochs, const ctome_train_stats *st, void *ctx)
{
    cli_progress *bar = ctx;
    (void)st;
    cli_progress_cb(epoch, epochs, bar);
}

static int sub_train(opts *o)
{
    if (!o->out)
        return cli_usage_error("sernn train", "give the checkpoint file with -o FILE.h5");
    size_t n;
    double *pos = NULL, *d = NULL;
    ctome_rnn *net = NULL;
    ctome_trainer *tr = NULL;
    ctome_sernn_hook *hook = NULL;
    ctome_sernn_result res;
    memset(&res, 0, sizeof res);
    cli_progress bar;
    cli_progress_init(&bar, o->quiet);
    cli_progress_label(&bar, "training");
    int rc = layout(o, &n, &pos, &d);
    if (!rc)
        rc = ctome_sernn_setup(&o->t, n, d, &net, &tr, &hook);
    if (!rc)
        rc = ctome_sernn_train_run(tr, &o->t, progress_epoch, &bar, &res);
    cli_progress_done(&bar);
    if (!rc)
        rc = ctome_sernn_evaluate(net, &o->t.task, d, o->t.sigma_in, o->t.seed ^ 0x5e5e5e5eULL, &res);
    ctome_sernn_metrics sm = res.m;
    if (!rc)
        rc = ctome_sernn_structure(net->W_eff, n, d, &o->ao, o->t.seed, &sm);
    if (!rc) {
        rc = ctome_trainer_save(tr, o->out);
    }
    if (!rc && o->plot) {
        char title[160];
        snprintf(title, sizeof title, "%s gamma %g seed %llu: accuracy %.3f",
                 o->t.reg == CTOME_SERNN_REG_SE ? "seRNN" : ctome_sernn_reg_name(o->t.reg), o->t.gamma,
                 (unsigned long long)o->t.seed, res.acc);
        rc = ctome_plot_sernn_network(net->W_eff, n, pos, 0.05, title, o->plot);
    }
    if (!rc) {
        char lay[96];
        layout_name(o, lay, sizeof lay);
        /* text: the JSON's keys as key<TAB>value lines */
        {
            json_t *j = json_object();
            json_object_set_new(j, "reg", json_string(ctome_sernn_reg_name(o->t.reg)));
            json_object_set_new(j, "gamma", json_real(o->t.gamma));
            json_object_set_new(j, "seed", json_integer((json_int_t)o->t.seed));
            json_object_set_new(j, "layout", json_string(lay));
            json_object_set_new(j, "units", json_integer((json_int_t)n));
            json_object_set_new(j, "steps", json_integer((json_int_t)res.steps));
            json_object_set_new(j, "loss", cli_json_num(res.loss));
            json_object_set_new(j, "regulariser", cli_json_num(res.reg));
            json_object_set_new(j, "accuracy_train_batch", cli_json_num(res.acc_train));
            json_object_set_new(j, "reached_task", json_boolean(res.acc >= CTOME_SERNN_ACC_MATCHED));
            print_metrics(&sm, res.acc, j);
            json_object_set_new(j, "checkpoint", json_string(o->out));
            if (o->as_json)
                rc = cli_write_json(stdout, "<stdout>", j);
            else {
                cli_print_kv(stdout, j, fmt6g);
                json_decref(j);
            }
        }
        /* A network below the threshold has not learned the task: its measures
         * are not those of a trained seRNN/L1 network (sernn_sweep.h). */
        if (!(res.acc >= CTOME_SERNN_ACC_MATCHED))
            fprintf(stderr, "ctome sernn train: warning: accuracy %.4g < %g: this network did not learn the "
                            "task (0.625 = the 5 of 8 problems the offered options alone decide); Achterberg "
                            "et al. 2023 compare only networks >= %g, so its measures are not comparable. "
                            "Train more seeds (ctome sernn sweep) and keep those that reach it.\n",
                    res.acc, CTOME_SERNN_ACC_MATCHED, CTOME_SERNN_ACC_MATCHED);
    }
    ctome_trainer_free(tr);
    ctome_rnn_free(net);
    ctome_sernn_hook_free(hook);
    free(pos);
    free(d);
    return rc ? cli_fail() : CLI_OK;
}

/* Comma-separated non-negative numbers. */
static int parse_list(const char *cmd, const char *name, const char *s, double **v, size_t *n)
{
    *v = NULL;
    *n = 0;
    if (!s)
        return CLI_OK;
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ',';
    double *out = malloc(cap * sizeof *out);
    if (!out)
        return cli_fail();
    const char *p = s;
    while (*p) {
        char *end;
        double x = strtod(p, &end);
        if (end == p || (*end && *end != ',') || !isfinite(x) || x < 0) {
            free(out);
            if (end != p && x < 0)
                return cli_failf("--%s: gamma must be >= 0, got %g", name, x);
            return cli_usage_error(cmd, "--%s: '%s' is not a list of numbers >= 0", name, s);
        }
        out[(*n)++] = x;
        p = *end ? end + 1 : end;
    }
    *v = out;
    return CLI_OK;
}

/* Rows as doubles for the MPI sum (each rank fills its own networks). */
enum { PACK = 24 };
static void pack(const ctome_sernn_row *r, double *x)
{
    const ctome_sernn_metrics *m = &r->m;
    double v[PACK] = {(double)r->reg, r->gamma, (double)r->seed, (double)r->steps, r->acc, r->acc_train,
                      r->loss, r->regval, m->q_weighted, m->q_binary, (double)m->modules_weighted,
                      (double)m->modules_binary, m->sigma, m->wl_corr, m->mean_length, m->strength,
                      m->frac_strong, m->energy, m->mixed, m->func_clust, (double)m->active, r->seconds,
                      (double)r->status, 1.0};
    memcpy(x, v, sizeof v);
}
static void unpack(const double *x, ctome_sernn_row *r)
{
    ctome_sernn_metrics *m = &r->m;
    r->reg = (ctome_sernn_reg_kind)x[0];
    r->gamma = x[1];
    r->seed = (uint64_t)x[2];
    r->steps = (size_t)x[3];
    r->acc = x[4];
    r->acc_train = x[5];
    r->loss = x[6];
    r->regval = x[7];
    m->q_weighted = x[8];
    m->q_binary = x[9];
    m->modules_weighted = (size_t)x[10];
    m->modules_binary = (size_t)x[11];
    m->sigma = x[12];
    m->wl_corr = x[13];
    m->mean_length = x[14];
    m->strength = x[15];
    m->frac_strong = x[16];
    m->energy = x[17];
    m->mixed = x[18];
    m->func_clust = x[19];
    m->active = (size_t)x[20];
    r->seconds = x[21];
    r->status = (int)x[22];
}

static const ctome_sernn_reg_kind summary_regs[2] = {CTOME_SERNN_REG_SE, CTOME_SERNN_REG_L1};

/* How many networks of each regulariser reach acc_min: a note on stderr
 * (unless quiet) and "reached" in JSON. */
static void note_reached(const ctome_sernn_row *rows, size_t n, double acc_min, const char *cmd, int quiet,
                         json_t *j)
{
    json_t *arr = j ? json_array() : NULL;
    if (!j && !quiet)
        fprintf(stderr, "ctome %s: matched accuracy: networks with accuracy >= %g, all gammas", cmd, acc_min);
    for (int r = 0; r < 2; r++) {
        double m, sd;
        size_t c, all;
        ctome_sernn_table_stat(rows, n, summary_regs[r], -1, -1, "acc", &m, &sd, &all);
        ctome_sernn_table_stat(rows, n, summary_regs[r], -1, acc_min, "acc", &m, &sd, &c);
        if (j) {
            json_t *e = json_object();
            json_object_set_new(e, "reg", json_string(ctome_sernn_reg_name(summary_regs[r])));
            json_object_set_new(e, "networks", json_integer((json_int_t)all));
            json_object_set_new(e, "reached", json_integer((json_int_t)c));
            json_array_append_new(arr, e);
        } else if (!quiet) {
            fprintf(stderr, "%s %s %zu of %zu", r ? "," : ":", ctome_sernn_reg_name(summary_regs[r]), c, all);
        }
    }
    if (j)
        json_object_set_new(j, "reached", arr);
    else if (!quiet)
        fputc('\n', stderr);
}

/* The matched-accuracy table, one row per (regulariser, measure) over the
 * networks with accuracy >= acc_min, all gammas: to fp, or as "matched" in j. */
static void print_matched(FILE *fp, const ctome_sernn_row *rows, size_t n, double acc_min, json_t *j)
{
    static const char *const fields[] = {"acc", "q_weighted", "q_binary", "sigma", "wl_corr",
                                         "energy", "mixed", "func_clust", "strength"};
    json_t *arr = j ? json_array() : NULL;
    if (!j)
        fprintf(fp, "reg\tmeasure\tmean\tsd\tnetworks\n");
    for (int r = 0; r < 2; r++)
        for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
            double m, sd;
            size_t c;
            ctome_sernn_table_stat(rows, n, summary_regs[r], -1, acc_min, fields[f], &m, &sd, &c);
            if (j) {
                json_t *e = json_object();
                json_object_set_new(e, "reg", json_string(ctome_sernn_reg_name(summary_regs[r])));
                json_object_set_new(e, "measure", json_string(fields[f]));
                json_object_set_new(e, "mean", cli_json_num(m));
                json_object_set_new(e, "sd", cli_json_num(sd));
                json_object_set_new(e, "networks", json_integer((json_int_t)c));
                json_array_append_new(arr, e);
            } else {
                fprintf(fp, "%s\t%s\t%.6g\t%.6g\t%zu\n", ctome_sernn_reg_name(summary_regs[r]), fields[f], m, sd, c);
            }
        }
    if (j) {
        json_object_set_new(j, "acc_min", json_real(acc_min));
        json_object_set_new(j, "matched", arr);
    }
}

/* The per-gamma table (the curves' numbers), tidy: one row per (regulariser,
 * gamma, measure); accuracy over every network of that gamma, the other
 * measures over its networks with accuracy >= acc_min ("networks" says how
 * many).  To fp, or as "per_gamma" in j. */
static int print_per_gamma(FILE *fp, const ctome_sernn_row *rows, size_t n, double acc_min, json_t *j)
{
    static const char *const pg[] = {"acc", "q_weighted", "q_binary", "sigma", "wl_corr", "strength",
                                      "energy", "mixed", "func_clust"};
    json_t *per = j ? json_array() : NULL;
    if (!j)
        fprintf(fp, "reg\tgamma\tmeasure\tmean\tsd\tnetworks\n");
    for (int r = 0; r < 2; r++) {
        double *g = NULL;
        size_t ng = 0;
        if (ctome_sernn_table_gammas(rows, n, summary_regs[r], &g, &ng))
            continue;
        for (size_t k = 0; k < ng; k++)
            for (size_t f = 0; f < sizeof pg / sizeof *pg; f++) {
                double m, sd;
                size_t c;
                ctome_sernn_table_stat(rows, n, summary_regs[r], g[k], f ? acc_min : -1, pg[f], &m, &sd, &c);
                if (j) {
                    json_t *e = json_object();
                    json_object_set_new(e, "reg", json_string(ctome_sernn_reg_name(summary_regs[r])));
                    json_object_set_new(e, "gamma", json_real(g[k]));
                    json_object_set_new(e, "measure", json_string(pg[f]));
                    json_object_set_new(e, "mean", cli_json_num(m));
                    json_object_set_new(e, "sd", cli_json_num(sd));
                    json_object_set_new(e, "networks", json_integer((json_int_t)c));
                    json_array_append_new(per, e);
                } else {
                    fprintf(fp, "%s\t%g\t%s\t%.6g\t%.6g\t%zu\n", ctome_sernn_reg_name(summary_regs[r]), g[k],
                            pg[f], m, sd, c);
                }
            }
        free(g);
    }
    if (j)
        json_object_set_new(j, "per_gamma", per);
    return fp && ferror(fp) ? ctome_error(CTOME_EIO, NULL, 0, "cannot write the per-gamma table") : CTOME_OK;
}

/* --per-gamma FILE: the per-gamma table, written atomically. */
static int write_per_gamma(const char *path, const ctome_sernn_row *rows, size_t n, double acc_min)
{
    ctome_outfile f;
    int rc = ctome_outfile_open(&f, path);
    if (!rc) {
        rc = print_per_gamma(f.fp, rows, n, acc_min, NULL);
        rc = rc ? (ctome_outfile_abort(&f), rc) : ctome_outfile_commit(&f);
    }
    return rc;
}

/* --plot PREFIX of sweep and analyse --table: PREFIX_curves (measures vs
 * gamma) and PREFIX_matched (Q and sigma at matched accuracy). */
static int write_figures(const ctome_sernn_row *rows, size_t n, double acc_min, const char *cmd, const char *prefix,
                         int quiet)
{
    char path[4096];
    cli_plot_name(cmd, prefix, NULL, "curves", path, sizeof path);   /* checked before the work */
    int rc = ctome_plot_sernn_curves(rows, n, NULL, 0, acc_min, "seRNN vs L1 over gamma (mean +- sd over seeds)", path);
    if (!rc)
        cli_plot_wrote(cmd, path, quiet);
    if (!rc) {
        cli_plot_name(cmd, prefix, NULL, "matched", path, sizeof path);
        char t[96];
        snprintf(t, sizeof t, "networks with accuracy \u2265 %g", acc_min);
        rc = ctome_plot_sernn_matched(rows, n, acc_min, t, path);
        if (rc == CTOME_EVALUE) {   /* nothing above the threshold: not an error of the sweep; said even when quiet */
            fprintf(stderr, "ctome %s: warning: no %s: %s\n", cmd, path, ctome_error_message());
            rc = CTOME_OK;
        } else if (!rc) {
            cli_plot_wrote(cmd, path, quiet);
        }
    }
    return rc;
}

/* The summary of a sweep table: the matched-accuracy table on stdout (or
 * everything as one JSON object), the per-gamma table to --per-gamma. */
static int print_summary(const opts *o, const char *cmd, const ctome_sernn_row *rows, size_t n, json_t *j)
{
    int rc = CTOME_OK;
    if (o->per_gamma)
        rc = write_per_gamma(o->per_gamma, rows, n, o->acc_min);
    if (rc)
        return rc;
    note_reached(rows, n, o->acc_min, cmd, o->quiet, j);
    print_matched(stdout, rows, n, o->acc_min, j);
    if (j)
        print_per_gamma(stdout, rows, n, o->acc_min, j);   /* fp unused with j */
    return CTOME_OK;
}

static int sub_sweep(opts *o)
{
    if (!o->out)
        return cli_usage_error("sernn sweep", "give the table file with -o FILE.tsv");
    if (!o->gammas && !o->l1_gammas)
        return cli_usage_error("sernn sweep", "give --gammas (seRNN) and/or --l1-gammas (L1)");
    double *gs = NULL, *gl = NULL;
    size_t ngs = 0, ngl = 0;
    int urc = parse_list("sernn sweep", "gammas", o->gammas, &gs, &ngs);
    if (!urc)
        urc = parse_list("sernn sweep", "l1-gammas", o->l1_gammas, &gl, &ngl);
    if (urc) {
        free(gs);
        free(gl);
        return urc;
    }
    if (o->mpi && ctome_mpi_init()) {
        free(gs);
        free(gl);
        return cli_fail();
    }
    int rank = ctome_mpi_rank(), size = ctome_mpi_size();
    size_t total = (ngs + ngl) * o->seeds, n;
    double *pos = NULL, *d = NULL, *buf = calloc(total * PACK + 1, sizeof *buf);
    ctome_sernn_row *rows = calloc(total + 1, sizeof *rows);
    int rc = buf && rows ? layout(o, &n, &pos, &d) : ctome_error_nomem();
    cli_progress bar;
    cli_progress_init(&bar, o->quiet || rank != 0);
    cli_progress_label(&bar, "networks");
    if (!rc) {
        /* settings only: the run loop is the library's (sernn_sweep.h);
         * rank r of the MPI job takes networks i = r mod size */
        ctome_sernn_train_opts *ts = malloc(total * sizeof *ts + 1);
        if (!ts)
            rc = ctome_error_nomem();
        for (size_t i = 0; ts && i < total; i++) {
            size_t gi = i / o->seeds;
            ts[i] = o->t;
            ts[i].reg = gi < ngs ? CTOME_SERNN_REG_SE : CTOME_SERNN_REG_L1;
            ts[i].gamma = gi < ngs ? gs[gi] : gl[gi - ngs];
            ts[i].seed = o->t.seed + i % o->seeds;
        }
        if (ts) {
            ctome_sernn_split sp = {rank, size, cli_progress_cb, &bar};
            ctome_sernn_run_many(ts, total, n, d, &o->ao, o->t.threads, &sp, rows);
            for (size_t i = (size_t)rank; i < total; i += (size_t)size)
                pack(&rows[i], buf + i * PACK);
        }
        free(ts);
    }
    cli_progress_done(&bar);
    if (!rc && size > 1 && ctome_mpi_allreduce_sum(buf, total * PACK))
        rc = ctome_error(CTOME_ELIB, NULL, 0, "MPI: summing the sweep rows failed");
    if (!rc)
        for (size_t i = 0; i < total; i++)
            unpack(buf + i * PACK, &rows[i]);
    size_t failed = 0;
    for (size_t i = 0; !rc && i < total; i++)
        if (rows[i].status) {
            failed++;
            if (rank == 0)
                fprintf(stderr, "ctome sernn: note: %s gamma %g seed %llu failed (%s); its row is kept "
                                "with status %d\n",
                        ctome_sernn_reg_name(rows[i].reg), rows[i].gamma,
                        (unsigned long long)rows[i].seed, ctome_status_name(rows[i].status),
                        rows[i].status);
        }
    if (!rc && rank == 0) {
        ctome_outfile f;
        rc = ctome_outfile_open(&f, o->out);
        if (!rc) {
            rc = ctome_sernn_table_write(f.fp, rows, total);
            rc = rc ? (ctome_outfile_abort(&f), rc) : ctome_outfile_commit(&f);
        }
        if (!rc && o->plot)
            rc = write_figures(rows, total, o->acc_min, "sernn sweep", o->plot, o->quiet);
        if (!rc) {
            char lay[96];
            layout_name(o, lay, sizeof lay);
            if (o->as_json) {
                json_t *j = json_object();
                json_object_set_new(j, "networks", json_integer((json_int_t)total));
                json_object_set_new(j, "failed", json_integer((json_int_t)failed));
                json_object_set_new(j, "layout", json_string(lay));
                json_object_set_new(j, "seed0", json_integer((json_int_t)o->t.seed));
                json_object_set_new(j, "ranks", json_integer(size));
                json_object_set_new(j, "table", json_string(o->out));
                /* float training is bit-reproducible only on the same BLAS kernel */
                json_object_set_new(j, "blas_kernel", json_string(openblas_get_corename()));
                rc = print_summary(o, "sernn sweep", rows, total, j);
                if (!rc)
                    rc = cli_write_json(stdout, "<stdout>", json_incref(j));
                json_decref(j);
            } else {
                /* what the run was, on stderr: stdout holds one table */
                if (!o->quiet)
                    fprintf(stderr, "ctome sernn sweep: %zu networks (%zu failed), %s, seeds %llu..%llu, ranks %d, "
                            "table %s, BLAS kernel %s\n", total, failed, lay, (unsigned long long)o->t.seed,
                            (unsigned long long)(o->t.seed + o->seeds - 1), size, o->out, openblas_get_corename());
                rc = print_summary(o, "sernn sweep", rows, total, NULL);
            }
        }
    }
    free(gs);
    free(gl);
    free(pos);
    free(d);
    free(buf);
    free(rows);
    return rc ? cli_fail() : CLI_OK;
}

static int sub_analyse(opts *o, int argc, char **argv)
{
    if (o->table) {
        if (optind != argc)
            return cli_usage_error("sernn analyse", "--table takes no checkpoint argument");
        ctome_sernn_row *rows;
        size_t n;
        int rc = ctome_sernn_table_read(o->table, &rows, &n);
        if (!rc && o->plot)
            rc = write_figures(rows, n, o->acc_min, "sernn analyse", o->plot, o->quiet);
        if (!rc) {
            if (o->as_json) {
                json_t *j = json_object();
                json_object_set_new(j, "networks", json_integer((json_int_t)n));
                json_object_set_new(j, "table", json_string(o->table));
                rc = print_summary(o, "sernn analyse", rows, n, j);
                if (!rc)
                    rc = cli_write_json(stdout, "<stdout>", json_incref(j));
                json_decref(j);
            } else {
                if (!o->quiet)
                    fprintf(stderr, "ctome sernn analyse: %zu networks from %s\n", n, o->table);
                rc = print_summary(o, "sernn analyse", rows, n, NULL);
            }
        }
        if (!rc)
            free(rows);
        return rc ? cli_fail() : CLI_OK;
    }
    if (optind + 1 != argc)
        return cli_usage_error("sernn analyse", "name one checkpoint (from sernn train -o) or --table");
    const char *path = argv[optind];
    size_t n;
    double *pos = NULL, *d = NULL;
    ctome_rnn *net = NULL;
    ctome_sernn_result res;
    memset(&res, 0, sizeof res);
    int rc = layout(o, &n, &pos, &d);
    if (!rc)
        rc = ctome_rnn_load(path, NULL, &net);
    if (!rc && (net->cfg.n != n || net->cfg.n_in != CTOME_MAZE_N_IN || net->cfg.n_out != CTOME_MAZE_N_OUT)) {
        char lay[96];
        rc = ctome_error(CTOME_EVALUE, path, 0,
                         "the network has %zu units (%zu inputs, %zu outputs) but the layout %s has "
                         "%zu units (the maze task needs 8 inputs and 4 outputs); give the --grid or "
                         "--positions it was trained with",
                         net->cfg.n, net->cfg.n_in, net->cfg.n_out, layout_name(o, lay, sizeof lay), n);
    }
    if (!rc)
        rc = ctome_sernn_evaluate(net, &o->t.task, d, o->t.sigma_in, o->t.seed ^ 0x5e5e5e5eULL, &res);
    ctome_sernn_metrics sm = res.m;
    if (!rc)
        rc = ctome_sernn_structure(net->W_eff, n, d, &o->ao, o->t.seed, &sm);
    if (!rc) {
        if (o->plot)
            rc = ctome_plot_sernn_network(net->W_eff, n, pos, 0.05, path, o->plot);
    }
    if (!rc) {
        /* text: the JSON's keys as key<TAB>value lines */
        {
            json_t *j = json_object();
            json_object_set_new(j, "checkpoint", json_string(path));
            json_object_set_new(j, "units", json_integer((json_int_t)n));
            json_object_set_new(j, "seed", json_integer((json_int_t)o->t.seed));
            print_metrics(&sm, res.acc, j);
            if (o->as_json)
                rc = cli_write_json(stdout, "<stdout>", j);
            else {
                cli_print_kv(stdout, j, fmt6g);
                json_decref(j);
            }
        }
    }
    ctome_rnn_free(net);
    free(pos);
    free(d);
    return rc ? cli_fail() : CLI_OK;
}

int cmd_sernn(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        if (argc < 2)
            return cli_usage_error("sernn", "name a subcommand: train, sweep or analyse");
        cli_print_usage(stdout, "sernn");
        return CLI_OK;
    }
    const char *sub = argv[1];
    if (sub[0] == '-')
        return cli_usage_error("sernn", "unknown option '%s' (name the subcommand first: train, sweep or analyse)",
                               sub);
    opts o;
    memset(&o, 0, sizeof o);
    ctome_sernn_train_opts_default(&o.t);
    ctome_sernn_analyse_opts_default(&o.ao);
    o.dims[0] = 5;
    o.dims[1] = 5;
    o.dims[2] = 4;
    o.seeds = 10;
    o.acc_min = CTOME_SERNN_ACC_MATCHED;
    char cmd[32];
    snprintf(cmd, sizeof cmd, "sernn %s", sub);
    int rc = parse_opts(cmd, argc, argv, &o);
    if (rc < 0)
        return CLI_OK;
    if (rc)
        return rc;
    int train = !strcmp(sub, "train"), sweep = !strcmp(sub, "sweep");
    /* sweep and analyse --table draw two figures: --plot is a prefix there */
    int several = sweep || (o.table && (!strcmp(sub, "analyse") || !strcmp(sub, "analyze")));
    if (o.plot_dir && !several)
        return cli_usage_error(cmd, "--plot-dir is for sweep and analyse --table; give --plot FILE");
    if (o.plot_dir && o.plot)
        return cli_usage_error(cmd, "give --plot or (deprecated) --plot-dir, not both");
    if (o.per_gamma && !several)
        return cli_usage_error(cmd, "--per-gamma is for sweep and analyse --table");
    if (o.per_gamma && ctome_output_stream(o.per_gamma))
        return cli_usage_error(cmd, "--per-gamma %s: standard output holds the matched-accuracy table; "
                               "give a file (or use --json for both)", o.per_gamma);
    if ((rc = cli_output_check(cmd, "--output", o.out, train ? CLI_OUT_STORE : CLI_OUT_TEXT)) ||
        (rc = cli_output_check(cmd, "--per-gamma", o.per_gamma, CLI_OUT_TEXT)) ||
        (rc = o.plot_dir && !CTOME_HAVE_CAIRO ? cli_feature_missing(cmd, "--plot-dir", "cairo", "cairo") : CLI_OK) ||
        (rc = cli_output_dir(cmd, "--plot-dir", o.plot_dir)))
        return rc;
    if (o.plot_dir) {   /* the old names: DIR/sernn_curves.png, DIR/sernn_matched.png */
        snprintf(o.plot_buf, sizeof o.plot_buf, "%s/sernn", o.plot_dir);
        o.plot = o.plot_buf;
    }
    if (several && o.plot) {
        char p[4096];
        if ((rc = cli_plot_name(cmd, o.plot, NULL, "matched", p, sizeof p)) ||
            (rc = cli_plot_name(cmd, o.plot, NULL, "curves", p, sizeof p)) ||
            (rc = cli_output_check(cmd, "--plot", p, CLI_OUT_FIGURE)))
            return rc;
    } else if ((rc = cli_output_check(cmd, "--plot", o.plot, CLI_OUT_FIGURE))) {
        return rc;
    }
    if (train) {
        if (optind != argc)
            return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
        return sub_train(&o);
    }
    if (sweep) {
        if (optind != argc)
            return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
        return sub_sweep(&o);
    }
    if (!strcmp(sub, "analyse") || !strcmp(sub, "analyze"))
        return sub_analyse(&o, argc, argv);
    return cli_usage_error("sernn", "unknown subcommand '%s' (train, sweep or analyse)", sub);
}
