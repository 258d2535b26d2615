/* ctome richlazy — rich vs lazy learning of RNNs initialised at controlled
 * effective rank or from a connectome (lib/models/richlazy.h). */
#include "cli.h"
#include "mpi_jobs.h"
#include "outputs.h"
#include "commands.h"
#include "neurogym.h"
#include "progress_bar.h"
#include "richlazy.h"
#include "richlazy_figs.h"
#include "rnn_init.h"

#include <float.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RANKS 64

typedef struct {
    ctome_rl_sweep_opts so;
    const char *dataset, *out, *fig_prefix, *init;
    size_t ranks[MAX_RANKS], n_ranks;
    long n;               /* --n, or -1 */
    int as_json, quiet, mpi;
} args;

/* "1,2,4": ranks as given (0 is kept so that the library names it). */
static int parse_ranks(const char *s, args *a)
{
    a->n_ranks = 0;
    const char *p = s;
    while (*p) {
        char *end;
        if (*p == '-' || *p == '+')
            return -1;
        unsigned long long x = strtoull(p, &end, 10);
        if (end == p || (*end && *end != ',') || a->n_ranks == MAX_RANKS)
            return -1;
        a->ranks[a->n_ranks++] = (size_t)x;
        p = *end ? end + 1 : end;
    }
    return a->n_ranks ? 0 : -1;
}

/* The default ranks: 1, 2, 4, ... below n, then n. */
static void default_ranks(args *a, size_t n)
{
    a->n_ranks = 0;
    for (size_t r = 1; r < n && a->n_ranks < MAX_RANKS - 1; r *= 2)
        a->ranks[a->n_ranks++] = r;
    a->ranks[a->n_ranks++] = n;
}

static const char *act_name(ctome_rnn_act a) { return a == CTOME_RNN_RELU ? "relu" : "tanh"; }

static void print_summary_tsv(FILE *f, const args *a, const ctome_rl_net *nets, size_t n)
{
    fprintf(f, "init\trank\terank0\tseed\tstep\tloss\tacc\tdw\tdw_rel\tka\tcka\tra\tcra\tsign\terank\ttask\tn\tlr\tgain\n");
    for (size_t i = 0; i < n; i++) {
        const ctome_rl_curve *c = &nets[i].curve;
        size_t k = c->n_points - 1;
        fprintf(f, "%s\t%zu\t%.6g\t%" PRIu64 "\t%zu\t%.6g\t%.4g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%.6g\t%s\t%zu\t%g\t%g\n",
                ctome_rl_init_name(nets[i].init), nets[i].rank, nets[i].erank0, nets[i].seed, c->step[k], c->loss[k],
                c->acc[k], c->dw[k], c->dw_rel[k], c->ka[k], c->cka[k], c->ra[k], c->cra[k], c->sign[k], c->erank[k],
                ctome_ng_name(a->so.train.task.kind), a->so.n, a->so.train.lr, a->so.gain);
    }
}

static void print_curves_tsv(FILE *f, const ctome_rl_net *nets, size_t n)
{
    fprintf(f, "init\trank\tseed\tstep\tloss\tacc\tdw\tdw_rel\tka\tcka\tra\tcra\tsign\terank\n");
    for (size_t i = 0; i < n; i++) {
        const ctome_rl_curve *c = &nets[i].curve;
        for (size_t k = 0; k < c->n_points; k++)
            fprintf(f, "%s\t%zu\t%" PRIu64 "\t%zu\t%.8g\t%.6g\t%.8g\t%.8g\t%.8g\t%.8g\t%.8g\t%.8g\t%.8g\t%.8g\n",
                    ctome_rl_init_name(nets[i].init), nets[i].rank, nets[i].seed, c->step[k], c->loss[k], c->acc[k],
                    c->dw[k], c->dw_rel[k], c->ka[k], c->cka[k], c->ra[k], c->cra[k], c->sign[k], c->erank[k]);
    }
}

static json_t *curve_json(const ctome_rl_curve *c)
{
    json_t *o = json_object();
    const char *names[] = {"loss", "acc", "dw", "dw_rel", "ka", "cka", "ra", "cra", "sign", "erank"};
    const double *v[] = {c->loss, c->acc, c->dw, c->dw_rel, c->ka, c->cka, c->ra, c->cra, c->sign, c->erank};
    json_t *st = json_array();
    for (size_t k = 0; k < c->n_points; k++)
        json_array_append_new(st, json_integer((json_int_t)c->step[k]));
    json_object_set_new(o, "step", st);
    for (size_t f = 0; f < sizeof names / sizeof *names; f++) {
        json_t *arr = json_array();
        for (size_t k = 0; k < c->n_points; k++)
            json_array_append_new(arr, cli_json_num(v[f][k]));
        json_object_set_new(o, names[f], arr);
    }
    return o;
}

static int print_json(const args *a, const ctome_rl_net *nets, size_t n, size_t T)
{
    const ctome_rl_opts *t = &a->so.train;
    json_t *root = json_object(), *arr = json_array(), *par = json_object();
    json_object_set_new(par, "task", json_string(ctome_ng_name(t->task.kind)));
    json_object_set_new(par, "task_steps", json_integer((json_int_t)T));
    json_object_set_new(par, "dt_ms", json_real(t->task.dt));
    json_object_set_new(par, "sigma", json_real(t->task.sigma));
    json_object_set_new(par, "n", json_integer((json_int_t)a->so.n));
    json_object_set_new(par, "gain", json_real(a->so.gain));
    json_object_set_new(par, "norm0", json_real(a->so.gain * sqrt((double)a->so.n)));
    json_object_set_new(par, "activation", json_string(act_name(t->act)));
    json_object_set_new(par, "alpha", json_real(t->alpha));
    json_object_set_new(par, "optimizer", json_string(t->opt == CTOME_OPT_SGD ? "sgd" : "adam"));
    json_object_set_new(par, "lr", json_real(t->lr));
    json_object_set_new(par, "clip", json_real(t->clip));
    json_object_set_new(par, "batch", json_integer((json_int_t)t->batch));
    json_object_set_new(par, "steps", json_integer((json_int_t)t->steps));
    json_object_set_new(par, "every", json_integer((json_int_t)t->every));
    json_object_set_new(par, "probe", json_integer((json_int_t)t->probe));
    json_object_set_new(par, "seed_first", json_integer((json_int_t)a->so.seed0));
    json_object_set_new(par, "seeds", json_integer((json_int_t)a->so.n_seeds));
    int conn = 0;
    for (size_t i = 0; i < n; i++)
        conn |= nets[i].init == CTOME_RL_CONNECTOME;
    json_object_set_new(par, "dataset", conn ? json_string(a->dataset) : json_null());
    json_object_set_new(root, "parameters", par);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "init", json_string(ctome_rl_init_name(nets[i].init)));
        json_object_set_new(o, "rank", json_integer((json_int_t)nets[i].rank));
        json_object_set_new(o, "seed", json_integer((json_int_t)nets[i].seed));
        json_object_set_new(o, "erank0", cli_json_num(nets[i].erank0));
        json_object_set_new(o, "norm0", cli_json_num(nets[i].norm0));
        json_object_set_new(o, "curve", curve_json(&nets[i].curve));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "networks", arr);
    return cli_write_json(stdout, "<stdout>", root);
}

static int write_curves(const char *path, const ctome_rl_net *nets, size_t n)
{
    ctome_outfile of;
    int rc = ctome_outfile_open(&of, path);
    if (rc)
        return rc;
    print_curves_tsv(of.fp, nets, n);
    if (ferror(of.fp)) {
        ctome_outfile_abort(&of);
        return ctome_error(CTOME_EIO, path, 0, "cannot write");
    }
    return ctome_outfile_commit(&of);
}

/* --plot PREFIX: PREFIX_curves and PREFIX_summary (cli_plot_name). */
static int figures(const args *a, const ctome_rl_net *nets, size_t n)
{
    char p[4096], title[160];
    snprintf(title, sizeof title, "Rich vs lazy: task %s, %zu units, ||W_0||_F = %.3g, seeds %" PRIu64 "..%" PRIu64,
             ctome_ng_name(a->so.train.task.kind), a->so.n, a->so.gain * sqrt((double)a->so.n), a->so.seed0,
             a->so.seed0 + a->so.n_seeds - 1);
    /* the names fit: parse() checked them */
    cli_plot_name("richlazy", a->fig_prefix, NULL, "curves", p, sizeof p);
    int rc = ctome_plot_richlazy_curves(nets, n, title, p);
    if (!rc)
        cli_plot_wrote("richlazy", p, a->quiet);
    if (!rc) {
        cli_plot_name("richlazy", a->fig_prefix, NULL, "summary", p, sizeof p);
        rc = ctome_plot_richlazy_summary(nets, n, title, p);
        if (!rc)
            cli_plot_wrote("richlazy", p, a->quiet);
    }
    return rc;
}

/* The connectome W_0 and the network size. */
static int connectome_weights(args *a, double **w)
{
    cli_inputs in = {0};
    if (cli_load(a->dataset, &in))
        return ctome_error_code() ? ctome_error_code() : CTOME_EINVAL;
    int rc = CTOME_OK;
    if (in.n != 1)
        rc = ctome_error(CTOME_EINVAL, a->dataset, 0, "holds %zu connectomes: name one as store.h5:<id>", in.n);
    size_t n = 0;
    if (!rc)
        rc = ctome_rnn_init_connectome(in.c[0], cli_registry(), CTOME_RNN_SCALE_FROBENIUS, 1.0, w, &n, NULL);
    cli_inputs_free(&in);
    if (rc)
        return rc;
    if (a->n >= 0 && (size_t)a->n != n) {
        free(*w);
        *w = NULL;
        return ctome_error(CTOME_EVALUE, a->dataset, 0,
                           "--n %ld does not match the connectome's %zu neurons (leave --n out)", a->n, n);
    }
    a->so.n = n;
    return CTOME_OK;
}

/* The options of `ctome richlazy` (opts.h): parsing, help, docs/cli.md, man
 * page and completion all come from this table. */
const cli_opt cli_opts_richlazy[] = {
    {"task", 0, 'T', "T", "pdm perceptual decision making (default), dms delayed match-to-sample, ctx "
     "context-dependent decision making (NeuroGym defaults, dt 100 ms, noise 1/sqrt(dt))", CLI_VAL_ENUM,
     "pdm|dms|ctx", 0, NULL},
    {"init", 0, 'i', "I", "both (default), random (rank sweep only), connectome", CLI_VAL_ENUM,
     "both|random|connectome", 0, NULL},
    {"ranks", 0, 'r', "LIST", "initial ranks, comma list (default 1, 2, 4, ... below n, and n)", CLI_VAL_TEXT, NULL,
     0, NULL},
    {"seeds", 0, 'S', "N", "seeds per network (default 3), from --seed", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"seed", 0, 's', "S", "first seed (default 1; printed in every row)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"steps", 0, 'N', "N", "training updates (default 500)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"every", 0, 'e', "K", "measurement interval in updates (default steps/20)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"lr", 0, 'l', "X", "learning rate (default 0.1)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"optimizer", 0, 'O', "O", "sgd (default, momentum 0.9) or adam (normalises step sizes, which hides the "
     "rich/lazy difference in weight change)", CLI_VAL_ENUM, "sgd|adam", 0, NULL},
    {"dataset", 0, 'd', "ID", "connectome (default cook2019-herm)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"n", 0, 'n', "N", "network size for --init random (default: the connectome model's size)", CLI_VAL_NUMBER,
     NULL, 0, NULL},
    {"gain", 0, 'g', "G", "||W_0||_F = G sqrt(n) (default 1)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"activation", 0, 'a', "F", "tanh (default) or relu", CLI_VAL_ENUM, "tanh|relu", 0, NULL},
    {"alpha", 0, 'A', "A", "dt/tau in (0, 1] (default 1)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"batch", 0, 'b', "B", "trials per update (default 32)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"probe", 0, 'p', "P", "probe trials (default 32)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"threads", 0, 't', "T", "networks trained at once (default: all cores); results do not depend on it",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"mpi", 0, 1001, NULL, "split the networks over MPI ranks (under mpirun -np K); rank 0 writes; same bytes as "
     "one process", CLI_VAL_NONE, NULL, 0, NULL},
    {"output", 'o', 'o', "FILE", "every measurement as TSV (init, rank, seed, step, ...)", CLI_VAL_FILE, NULL, 0,
     NULL},
    CLI_OPT_PLOT("a prefix P: P_curves.png (measures vs step, mean over seeds) and P_summary.png (final measures "
                 "vs initial effective rank); P ending in .svg or .pdf gives the format; the files are listed on "
                 "stderr"),
    CLI_OPT_ALIAS("figure-prefix", "plot"),
    CLI_OPT_JSON("one JSON document with every curve"),
    CLI_OPT_QUIET,
    CLI_OPT_END};

static int parse(int argc, char **argv, args *a)
{
    int ch, prc = CLI_OK;
    size_t v;
    double d;
    cli_parser p;
    cli_opts_begin(&p, "richlazy", argc, argv);
    while ((ch = cli_opts_next(&p)) > 0) {
        const char *arg = p.arg;
        switch (ch) {
        case 'T': {
            ctome_ng_kind k;
            if (ctome_ng_parse(arg, &k))
                return cli_usage_error("richlazy", "--task must be pdm, dms or ctx, not '%s'", arg);
            ctome_ng_default(k, &a->so.train.task);
            break;
        }
        case 'r':
            if (parse_ranks(arg, a))
                return cli_usage_error("richlazy", "--ranks must be a comma-separated list of whole numbers "
                                                   "(at most %d), not '%s'", MAX_RANKS, arg);
            break;
        case 'S':
            if ((prc = cli_parse_size("richlazy", "--seeds", arg, 1, 100000, &a->so.n_seeds)))
                return prc;
            break;
        case 's':
            if ((prc = cli_parse_u64("richlazy", "--seed", arg, 0, UINT64_MAX, &a->so.seed0)))
                return prc;
            break;
        case 'N':
            if ((prc = cli_parse_size("richlazy", "--steps", arg, 1, 1000000000, &a->so.train.steps)))
                return prc;
            break;
        case 'l':
            if ((prc = cli_parse_double("richlazy", "--lr", arg, 0, DBL_MAX, &a->so.train.lr)))
                return prc;
            if (!(a->so.train.lr > 0))
                return cli_usage_error("richlazy", "--lr must be a positive number, not '%s'", arg);
            break;
        case 'i':
            if (strcmp(arg, "random") && strcmp(arg, "connectome") && strcmp(arg, "both"))
                return cli_usage_error("richlazy", "--init must be random, connectome or both, not '%s'", arg);
            a->init = arg;
            break;
        case 'd': a->dataset = arg; break;
        case 'n':
            if ((prc = cli_parse_size("richlazy", "--n", arg, 1, 4096, &v)))
                return prc;
            a->n = (long)v;
            break;
        case 'g':
            if ((prc = cli_parse_double("richlazy", "--gain", arg, 0, DBL_MAX, &a->so.gain)))
                return prc;
            if (!(a->so.gain > 0))
                return cli_usage_error("richlazy", "--gain must be a positive number, not '%s'", arg);
            break;
        case 'a':
            if (strcmp(arg, "tanh") == 0)
                a->so.train.act = CTOME_RNN_TANH;
            else if (strcmp(arg, "relu") == 0)
                a->so.train.act = CTOME_RNN_RELU;
            else
                return cli_usage_error("richlazy", "--activation must be tanh or relu, not '%s'", arg);
            break;
        case 'A':
            if ((prc = cli_parse_double("richlazy", "--alpha", arg, 0, 1, &d)))
                return prc;
            if (!(d > 0 && d <= 1))
                return cli_usage_error("richlazy", "--alpha must be in (0, 1], not '%s'", arg);
            a->so.train.alpha = d;
            break;
        case 'O':
            if (strcmp(arg, "adam") == 0)
                a->so.train.opt = CTOME_OPT_ADAM;
            else if (strcmp(arg, "sgd") == 0)
                a->so.train.opt = CTOME_OPT_SGD;
            else
                return cli_usage_error("richlazy", "--optimizer must be adam or sgd, not '%s'", arg);
            break;
        case 'b':
            if ((prc = cli_parse_size("richlazy", "--batch", arg, 1, 65536, &a->so.train.batch)))
                return prc;
            break;
        case 'e':
            if ((prc = cli_parse_size("richlazy", "--every", arg, 1, 1000000000, &a->so.train.every)))
                return prc;
            break;
        case 'p':
            if ((prc = cli_parse_size("richlazy", "--probe", arg, 2, 4096, &a->so.train.probe)))
                return prc;
            break;
        case 't':
            if ((prc = cli_parse_int("richlazy", "--threads", arg, 1, CLI_MAX_THREADS, &a->so.threads)))
                return prc;
            break;
        case 'o': a->out = arg; break;
        case 1001: a->mpi = 1; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (ch < 0)
        return p.status == CLI_OK ? -1 : p.status;   /* -1: --help printed */
    a->fig_prefix = p.plot;
    a->as_json = p.json;
    a->quiet = p.quiet;
    if (p.optind != argc)
        return cli_usage_error("richlazy", "unexpected argument '%s' (the dataset is --dataset ID)", argv[p.optind]);
    if (strcmp(a->init, "random") == 0 && a->n < 0 && !a->dataset)
        a->dataset = "cook2019-herm";   /* only for its size */
    if ((prc = cli_output_check("richlazy", "--output", a->out, CLI_OUT_TEXT)))
        return prc;
    if (a->fig_prefix) {
        char p[4096];
        if ((prc = cli_plot_name("richlazy", a->fig_prefix, NULL, "summary", p, sizeof p)) ||
            (prc = cli_plot_name("richlazy", a->fig_prefix, NULL, "curves", p, sizeof p)))
            return prc;
        prc = cli_output_check("richlazy", "--plot", p, CLI_OUT_FIGURE);
    }
    return prc;
}

int cmd_richlazy(int argc, char **argv)
{
    args a;
    memset(&a, 0, sizeof a);
    ctome_rl_sweep_opts_default(&a.so);
    a.so.n_seeds = 3;
    a.so.train.steps = 500;
    a.init = "both";
    a.n = -1;
    size_t every_set = 0;
    for (int i = 1; i < argc; i++)
        every_set |= strcmp(argv[i], "--every") == 0 || strncmp(argv[i], "--every=", 8) == 0;
    int prc = parse(argc, argv, &a);
    if (prc == -1)
        return CLI_OK;
    if (prc)
        return prc;
    /* --mpi: the networks are split over the ranks; rank 0 reports */
    if (a.mpi) {
        if (ctome_mpi_init())
            return cli_fail();
        a.so.dist = ctome_mpi_dist();
    }
    if (!a.dataset)
        a.dataset = "cook2019-herm";
    if (!every_set)
        a.so.train.every = a.so.train.steps >= 20 ? a.so.train.steps / 20 : 1;
    int want_conn = strcmp(a.init, "random") != 0, want_rand = strcmp(a.init, "connectome") != 0;
    double *wc = NULL;
    int rc = CTOME_OK;
    if (want_conn || a.n < 0) {
        rc = connectome_weights(&a, &wc);
        if (rc)
            return cli_fail();
    } else {
        a.so.n = (size_t)a.n;
    }
    if (!want_conn) {
        free(wc);
        wc = NULL;
    }
    if (want_rand && a.n_ranks == 0)
        default_ranks(&a, a.so.n);
    if (!want_rand)
        a.n_ranks = 0;
    a.so.ranks = a.ranks;
    a.so.n_ranks = a.n_ranks;
    a.so.w_conn = wc;
    size_t T = 0, n_in = 0, n_out = 0;
    if (ctome_ng_shape(&a.so.train.task, &T, &n_in, &n_out)) {
        free(wc);
        return cli_fail();
    }
    size_t per_seed = a.n_ranks + (wc ? 2 : 0);
    if (!a.quiet)
        fprintf(stderr, "ctome richlazy: task %s (%zu steps of %g ms), %zu units, %zu networks x %zu seeds "
                "(first seed %" PRIu64 "), %zu updates each, ||W_0||_F = %.4g%s%s\n",
                ctome_ng_name(a.so.train.task.kind), T, a.so.train.task.dt, a.so.n, per_seed, a.so.n_seeds,
                a.so.seed0, a.so.train.steps, a.so.gain * sqrt((double)a.so.n), wc ? ", connectome " : "",
                wc ? a.dataset : "");
    cli_progress bar;
    cli_progress_init(&bar, a.quiet);
    cli_progress_label(&bar, "richlazy");
    a.so.progress = cli_progress_cb;
    a.so.user = &bar;
    ctome_rl_net *nets = NULL;
    size_t nn = 0;
    rc = ctome_rl_sweep(&a.so, &nets, &nn);
    cli_progress_done(&bar);
    free(wc);
    a.so.w_conn = NULL;
    int root = ctome_mpi_root();
    if (!rc && root && a.out)
        rc = write_curves(a.out, nets, nn);
    if (!rc && root && a.fig_prefix)
        rc = figures(&a, nets, nn);
    if (!rc && root) {
        if (a.as_json) {
            rc = print_json(&a, nets, nn, T);
        } else {
            print_summary_tsv(stdout, &a, nets, nn);
            if (ferror(stdout))
                rc = ctome_error(CTOME_EIO, "<stdout>", 0, "cannot write");
        }
    }
    ctome_rl_nets_free(nets, nn);
    return rc ? cli_fail() : CLI_OK;
}
