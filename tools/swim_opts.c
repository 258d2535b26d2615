/* The options of `ctome swim` (swim_cli.h): one table for the five
 * subcommands (tools/opts.h), from which parsing, `ctome help swim`,
 * docs/cli.md, the man page ctome-swim(1) and the completion are made.
 *
 * Which subcommand takes which option is said once, in the option's help:
 * a help that starts "run, eval: ..." (subcommand names, then a colon) is
 * for those subcommands only; any other help is for all five.  swim_parse
 * refuses an option of another subcommand with that list, so the help and
 * what is accepted cannot drift apart. */
#include "cli.h"
#include "commands.h"
#include "outputs.h"
#include "swim_cli.h"

#include <float.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "es.h"
#include "swim_movie.h"

#define DEFAULT_JOINTS 5
#define MIN_LINKS (CTOME_SWIM_MIN_JOINTS + 1)
#define MAX_LINKS (CTOME_SWIM_MAX_JOINTS + 1)
#define MIN_STEP 1e-12   /* --sigma, --lr: positive (the floor sernn's --lr uses) */

static const char *const subcommands[] = {"run", "train", "eval", "transfer", "ablate"};
#define N_SUBS (sizeof subcommands / sizeof *subcommands)

const cli_opt cli_opts_swim[] = {
    {"links", 0, SWIM_O_LINKS, "N",
     "run, eval, train, ablate: the body in links (bodies), 3..101; default 6 (dm_control's swimmer6)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"joints", 0, SWIM_O_JOINTS, "N",
     "run, eval, train, ablate: the body in joints (hinges), links - 1, 2..100; give --links or --joints",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"controller", 0, SWIM_O_CONTROLLER, "C",
     "run, eval, train: ncap (default), mlp (2 x H tanh), zero (no torque), random (uniform torques); train: "
     "ncap or mlp",
     CLI_VAL_ENUM, "ncap|mlp|zero|random", 0, NULL},
    {"checkpoint", 0, SWIM_O_CHECKPOINT, "FILE",
     "run, eval, transfer: the weights of a `ctome swim train` checkpoint (another body size only for a "
     "weight-shared NCAP)",
     CLI_VAL_FILE, NULL, 0, NULL},
    {"weights", 0, SWIM_O_WEIGHTS, "W",
     "run, eval, transfer: the parameters as a comma-separated list (NCAP shared: prop,osc,ipsi,contra; the "
     "constant init is 1,1,1,-1)",
     CLI_VAL_TEXT, NULL, 0, NULL},
    {"task", 0, SWIM_O_TASK, "T", "swim (default) or navigate", CLI_VAL_ENUM, "swim|navigate", 0, NULL},
    {"seed", 0, SWIM_O_SEED, "S",
     "run, eval, transfer, train: the episode seed (eval, transfer: episodes S..S+E-1) and the "
     "initialisation seed (train: and the optimiser's); default 1; printed with the result",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"steps", 0, SWIM_O_STEPS, "K", "control steps per episode, 1..1000000 (default 1000)", CLI_VAL_NUMBER, NULL,
     0, NULL},
    {"episodes", 0, SWIM_O_EPISODES, "E",
     "eval, transfer, ablate, train: episodes per evaluation, eval default 10, transfer 5 (per body), ablate 3 "
     "(returns at init and after training); train: episodes per candidate (default 1)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"threads", 0, SWIM_O_THREADS, "T",
     "eval, transfer, train, ablate: default all cores; results are identical for any T", CLI_VAL_NUMBER, NULL,
     0, NULL},
    {"no-sharing", 0, SWIM_O_NO_SHARING, NULL,
     "run, eval, transfer, train: NCAP without weight sharing (6 weights per joint instead of 4 shared)", CLI_VAL_NONE, NULL, 0,
     NULL},
    {"no-signs", 0, SWIM_O_NO_SIGNS, NULL, "run, eval, transfer, train: NCAP without sign constraints",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"random-init", 0, SWIM_O_RANDOM_INIT, NULL,
     "run, eval, train: NCAP weights uniform instead of +1/-1 (seeded by --seed)", CLI_VAL_NONE, NULL, 0, NULL},
    {"hidden", 0, SWIM_O_HIDDEN, "H", "run, eval, train, ablate: MLP units per hidden layer (2 layers; default 64)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"mlp-init", 0, SWIM_O_MLP_INIT, "I",
     "run, eval: the MLP's initialisation, torch (default: PyTorch nn.Linear, the NCAP paper's baseline) or "
     "normal (every weight N(0,1): saturated, bang-bang torques; a random MLP then swims ~140 instead of ~15)",
     CLI_VAL_ENUM, "torch|normal", 0, NULL},
    {"algo", 0, SWIM_O_ALGO, "A", "train, ablate: es (default; antithetic pairs, centred ranks, Adam) or cmaes",
     CLI_VAL_ENUM, "es|cmaes", 0, NULL},
    {"budget", 0, SWIM_O_BUDGET, "STEPS",
     "train, ablate: environment (control) steps, at least 1: train default 100000 (with --resume the new "
     "total), ablate default 320000 per run",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"popsize", 0, SWIM_O_POPSIZE, "P",
     "train, ablate: ES: even, default 32; CMA-ES: default 4 + 3 ln(parameters)", CLI_VAL_NUMBER, NULL, 0, NULL},
    {"sigma", 0, SWIM_O_SIGMA, "X",
     "train, ablate: ES perturbation size (NCAP 0.1, MLP 0.05); CMA-ES initial step size (0.3)", CLI_VAL_NUMBER,
     NULL, 0, NULL},
    {"lr", 0, SWIM_O_LR, "X", "train, ablate: the ES Adam step (NCAP 0.03, MLP 0.01)", CLI_VAL_NUMBER, NULL, 0,
     NULL},
    {"mpi", 0, SWIM_O_MPI, NULL,
     "train: split each generation's population over MPI ranks (under mpirun; identical results to one "
     "process)",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"resume", 0, SWIM_O_RESUME, NULL,
     "train: continue the checkpoint -o up to --budget (a total); the run's settings come from the checkpoint",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"curve", 0, SWIM_O_CURVE, "FILE", "train: write the learning curve (the TSV of stdout) to FILE",
     CLI_VAL_FILE, NULL, 0, NULL},
    {"min-links", 0, SWIM_O_MIN_LINKS, "N", "transfer: the smallest body in links (default 3)", CLI_VAL_NUMBER,
     NULL, 0, NULL},
    {"max-links", 0, SWIM_O_MAX_LINKS, "N", "transfer: the largest body in links (default 13)", CLI_VAL_NUMBER,
     NULL, 0, NULL},
    {"seeds", 0, SWIM_O_SEEDS, "K",
     "ablate: runs per variant, seeds 1..K for the initialisation and the optimiser (default 3)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"variants", 0, SWIM_O_VARIANTS, "LIST",
     "ablate: a subset of ncap,no-sharing,no-signs,random-init,mlp (default all)", CLI_VAL_TEXT, NULL, 0, NULL},
    {"movie", 0, SWIM_O_MOVIE, "FILE", "run: the episode as an animated GIF (FILE ends in .gif)", CLI_VAL_FILE,
     NULL, 0, NULL},
    {"movie-stride", 0, SWIM_O_MOVIE_STRIDE, "K", "run: control steps per movie frame (default 3: real time)",
     CLI_VAL_NUMBER, NULL, 0, NULL},
    {"output", 'o', SWIM_O_OUTPUT, "FILE",
     "run, train: the episode's new store (run; /runs/swim/<id>/, docs/store.md) or the checkpoint (train; "
     "required)",
     CLI_VAL_FILE, NULL, 0, NULL},
    CLI_OPT_PLOT("run, ablate, train, transfer: run and ablate draw several figures and PATH is a prefix P: "
                 "P_trajectory, P_kymograph, P_activity (run), P_summary, P_curves (ablate); train, transfer: "
                 "the figure's file"),
    {"plot-format", 0, SWIM_O_PLOT_FORMAT, "F",
     "run, ablate: the figures' format when --plot P does not end in .png, .svg or .pdf (default png)",
     CLI_VAL_ENUM, "png|svg|pdf", 0, NULL},
    CLI_OPT_JSON("the result as one JSON document on stdout, keys as the table's columns and the summary's "
                 "names (run: the key-value table)"),
    CLI_OPT_QUIET,
    CLI_OPT_ALIAS("figure-prefix", "plot"),
    CLI_OPT_ALIAS("figure-format", "plot-format"),
    CLI_OPT_END};

/* Whether the option with key `key` is for subcommand `sub`: its help's
 * leading "a, b, c:" names subcommands only (then they are the list, put in
 * `list`), or it does not (then every subcommand takes it). */
static int for_sub(int key, const char *sub, char *list, size_t n)
{
    const cli_opt *o = cli_opts_swim;
    while (o->name && o->key != key)
        o++;
    const char *h = o->help ? o->help : "", *colon = strchr(h, ':');
    if (!o->name || !colon)
        return 1;
    int mine = 0;
    for (const char *w = h; w < colon;) {
        size_t len = strcspn(w, ",:");
        size_t i = 0;
        while (i < N_SUBS && !(strlen(subcommands[i]) == len && strncmp(subcommands[i], w, len) == 0))
            i++;
        if (i == N_SUBS)
            return 1;   /* "default: ..." and the like: not a list of subcommands */
        mine |= strncmp(sub, w, len) == 0 && strlen(sub) == len;
        w += len;
        w += strspn(w, ", ");
    }
    snprintf(list, n, "%.*s", (int)(colon - h), h);
    return mine;
}

/* --weights w1,w2,...: numbers as strtod reads them ("nan" too: the library
 * rejects non-finite weights with a message naming the parameter). */
static int parse_weights(swim_opts *o, const char *arg)
{
    size_t n = 1;
    for (const char *c = arg; *c; c++)
        n += *c == ',';
    free(o->weights);
    o->weights = malloc(n * sizeof *o->weights);
    if (!o->weights)
        return cli_fail();
    const char *c = arg;
    for (size_t i = 0; i < n; i++) {
        char *end;
        o->weights[i] = strtod(c, &end);
        if (end == c || (*end && *end != ','))
            return cli_usage_error(o->cmd, "--weights %s: not a comma-separated list of numbers", arg);
        c = end + (*end == ',');
    }
    o->n_weights = n;
    return CLI_OK;
}

void swim_opts_free(swim_opts *o)
{
    free(o->weights);
    o->weights = NULL;
    o->n_weights = 0;
}

/* One option's value into o (p->opt is the spelling typed, for messages). */
static int parse_one(swim_opts *o, const cli_parser *p, int key)
{
    const char *cmd = o->cmd, *opt = p->opt, *arg = p->arg;
    int links = 0;
    switch (key) {
    case SWIM_O_LINKS:
        if (cli_parse_int(cmd, opt, arg, MIN_LINKS, MAX_LINKS, &links))
            return CLI_USAGE;
        o->n_joints = links - 1;
        return CLI_OK;
    case SWIM_O_JOINTS: return cli_parse_int(cmd, opt, arg, MIN_LINKS - 1, MAX_LINKS - 1, &o->n_joints);
    case SWIM_O_MIN_LINKS: return cli_parse_int(cmd, opt, arg, MIN_LINKS, MAX_LINKS, &o->min_links);
    case SWIM_O_MAX_LINKS: return cli_parse_int(cmd, opt, arg, MIN_LINKS, MAX_LINKS, &o->max_links);
    case SWIM_O_CONTROLLER:
        if (ctome_policy_kind_parse(arg, &o->kind))
            return cli_usage_error(cmd, "%s %s: unknown controller '%s' (ncap, mlp, zero, random)", opt, arg, arg);
        return CLI_OK;
    case SWIM_O_TASK:
        if (ctome_swim_task_parse(arg, &o->task))
            return cli_usage_error(cmd, "%s %s: unknown task '%s' (swim, navigate)", opt, arg, arg);
        return CLI_OK;
    case SWIM_O_ALGO: {
        ctome_es_algo a;
        if (ctome_es_algo_parse(arg, &a))
            return cli_usage_error(cmd, "%s %s: unknown algorithm '%s' (es, cmaes)", opt, arg, arg);
        o->algo = (int)a;
        return CLI_OK;
    }
    case SWIM_O_MLP_INIT:
        if (!strcmp(arg, "torch"))
            o->mlp_init = CTOME_MLP_INIT_TORCH;
        else if (!strcmp(arg, "normal"))
            o->mlp_init = CTOME_MLP_INIT_NORMAL;
        else
            return cli_usage_error(cmd, "%s %s: not torch or normal", opt, arg);
        return CLI_OK;
    case SWIM_O_PLOT_FORMAT:
        if (strcmp(arg, "png") && strcmp(arg, "svg") && strcmp(arg, "pdf"))
            return cli_usage_error(cmd, "%s %s: not png, svg or pdf", opt, arg);
        o->fig_format = arg;
        return CLI_OK;
    case SWIM_O_SEED: return cli_parse_u64(cmd, opt, arg, 0, UINT64_MAX, &o->seed);
    case SWIM_O_BUDGET: return cli_parse_u64(cmd, opt, arg, 1, UINT64_MAX, &o->budget);
    case SWIM_O_STEPS: return cli_parse_int(cmd, opt, arg, 1, 1000000, &o->steps);
    case SWIM_O_EPISODES: return cli_parse_int(cmd, opt, arg, 1, 100000, &o->episodes);
    case SWIM_O_THREADS: return cli_parse_int(cmd, opt, arg, 1, CLI_MAX_THREADS, &o->threads);
    case SWIM_O_HIDDEN: return cli_parse_int(cmd, opt, arg, 1, 4096, &o->hidden);
    case SWIM_O_POPSIZE: return cli_parse_int(cmd, opt, arg, 2, 100000, &o->popsize);
    case SWIM_O_SEEDS: return cli_parse_int(cmd, opt, arg, 1, 1000, &o->seeds);
    case SWIM_O_MOVIE_STRIDE: return cli_parse_int(cmd, opt, arg, 1, 100000, &o->movie_stride);
    case SWIM_O_SIGMA: return cli_parse_double(cmd, opt, arg, MIN_STEP, DBL_MAX, &o->sigma);
    case SWIM_O_LR: return cli_parse_double(cmd, opt, arg, MIN_STEP, DBL_MAX, &o->lr);
    case SWIM_O_WEIGHTS: return parse_weights(o, arg);
    case SWIM_O_CHECKPOINT: o->checkpoint = arg; return CLI_OK;
    case SWIM_O_OUTPUT: o->output = arg; return CLI_OK;
    case SWIM_O_CURVE: o->curve = arg; return CLI_OK;
    case SWIM_O_VARIANTS: o->variants = arg; return CLI_OK;
    case SWIM_O_MOVIE: o->movie = arg; return CLI_OK;
    case SWIM_O_NO_SHARING: o->shared = 0; return CLI_OK;
    case SWIM_O_NO_SIGNS: o->constrained = 0; return CLI_OK;
    case SWIM_O_RANDOM_INIT: o->constant_init = 0; return CLI_OK;
    case SWIM_O_MPI: o->mpi = 1; return CLI_OK;
    case SWIM_O_RESUME: o->resume = 1; return CLI_OK;
    }
    return cli_opts_unhandled(p);
}

/* --movie: a file name ending in .gif, in a writable folder, and either new
 * or a movie ctome wrote (its GIF comment says so): never another file. */
static int check_movie(const char *path)
{
    if (!path)
        return CLI_OK;
    if (!CTOME_HAVE_GIF)
        return cli_feature_missing("swim", "--movie", CTOME_HAVE_CAIRO ? "giflib" : "giflib and cairo",
                                   CTOME_HAVE_CAIRO ? "gif" : "cairo=enabled -Dgif");
    if (ctome_output_stream(path))
        return cli_failf("--movie %s: the movie cannot go to standard output, a pipe or a device; give a file name",
                         path);
    size_t n = strlen(path);
    if (n < 4 || strcasecmp(path + n - 4, ".gif") != 0)
        return cli_usage_error("swim run", "--movie %s: the movie is a GIF; give a file name ending in .gif", path);
    int rc = cli_output_check("swim", "--movie", path, CLI_OUT_TEXT);
    struct stat st;
    if (!rc && stat(path, &st) == 0 && !ctome_swim_movie_is_ours(path))
        rc = cli_failf("--movie %s: the file exists and is not a movie ctome wrote; move it away or give a new "
                       "name (ctome never overwrites a file it did not write)",
                       path);
    return rc;
}

int swim_plot_is_prefix(const swim_opts *o)
{
    return strcmp(o->sub, "run") == 0 || strcmp(o->sub, "ablate") == 0;
}

int swim_plot_name(const swim_opts *o, const char *name, char *buf, size_t n)
{
    return cli_plot_name("swim", o->plot, o->fig_format, name, buf, n);
}

/* Every output path of the subcommands, before any simulation or training:
 * -o is a store (run) or a checkpoint (train), both HDF5. */
static int check_outputs(const swim_opts *o)
{
    int rc = cli_output_check("swim", "--output", o->output, CLI_OUT_STORE);
    if (!rc)
        rc = cli_output_check("swim", "--curve", o->curve, CLI_OUT_TEXT);
    if (!rc && !swim_plot_is_prefix(o))
        rc = cli_output_check("swim", "--plot", o->plot, CLI_OUT_FIGURE);
    if (!rc && swim_plot_is_prefix(o) && o->plot) {
        char path[4096];
        if (!(rc = swim_plot_name(o, "curves", path, sizeof path)) &&
            !(rc = swim_plot_name(o, "trajectory", path, sizeof path)))
            rc = cli_output_check("swim", "--plot", path, CLI_OUT_FIGURE);
    }
    if (!rc)
        rc = check_movie(o->movie);
    return rc;
}

/* An option of another subcommand: refused, naming the ones it is for. */
static int check_for_sub(const swim_opts *o, int key, const char *spelling)
{
    char list[96];
    if (for_sub(key, o->sub, list, sizeof list))
        return CLI_OK;
    return cli_usage_error(o->cmd, "%s does not apply to 'ctome swim %s' (it is for %s)", spelling, o->sub, list);
}

void swim_opts_default(swim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->n_joints = DEFAULT_JOINTS;
    o->kind = CTOME_POLICY_NCAP;
    o->task = CTOME_SWIM_TASK_SWIM;
    o->seed = 1;
    o->steps = CTOME_SWIM_STEPS;
    o->shared = o->constrained = o->constant_init = 1;
    o->hidden = 64;
}

int swim_parse(int argc, char **argv, swim_opts *o)
{
    swim_opts_default(o);
    o->sub = argv[0];
    snprintf(o->cmd, sizeof o->cmd, "swim %.16s", argv[0]);
    o->algo = CTOME_ES_OPENAI;
    o->min_links = 3;
    o->max_links = 13;
    o->seeds = 3;
    o->fig_format = "png";
    o->movie_stride = 3;
    cli_parser p;
    int key, rc = CLI_OK;
    cli_opts_begin(&p, "swim", argc, argv);
    while (!rc && (key = cli_opts_next(&p)) > 0) {
        if (!(rc = check_for_sub(o, key, p.opt)) && !(rc = parse_one(o, &p, key))) {
            if ((key == SWIM_O_LINKS && o->given[SWIM_O_JOINTS]) || (key == SWIM_O_JOINTS && o->given[SWIM_O_LINKS]))
                rc = cli_usage_error(o->cmd, "give --links or --joints, not both");
            o->given[key] = 1;
        }
    }
    if (rc)
        return rc;
    if (key < 0)
        return p.status == CLI_OK ? -1 : p.status;   /* -1: --help printed, or a table check */
    o->json = p.json;
    o->quiet = p.quiet;
    o->plot = p.plot;
    if (o->plot && (rc = check_for_sub(o, CLI_KEY_PLOT, "--plot")))
        return rc;
    if (p.optind < argc)
        return cli_usage_error(o->cmd, "unexpected argument '%s'", argv[p.optind]);
    if (o->given[SWIM_O_MOVIE_STRIDE] && !o->movie)
        return cli_usage_error(o->cmd, "--movie-stride needs --movie");
    if (o->min_links > o->max_links)
        return cli_usage_error(o->cmd, "--min-links %d is above --max-links %d", o->min_links, o->max_links);
    if (o->checkpoint && o->weights)
        return cli_usage_error(o->cmd, "give --checkpoint or --weights, not both");
    if (o->given[SWIM_O_PLOT_FORMAT] && !o->plot)
        return cli_usage_error(o->cmd, "--plot-format needs --plot");
    if (o->kind != CTOME_POLICY_MLP && o->given[SWIM_O_MLP_INIT])
        return cli_usage_error(o->cmd, "--mlp-init is an MLP switch (--controller mlp)");
    if (o->kind != CTOME_POLICY_NCAP &&
        (o->given[SWIM_O_NO_SHARING] || o->given[SWIM_O_NO_SIGNS] || o->given[SWIM_O_RANDOM_INIT]))
        return cli_usage_error(o->cmd, "--no-sharing, --no-signs and --random-init are NCAP switches");
    return check_outputs(o);
}
