/* ctome swim — the NCAP swimmer (Bhattasali, Zador & Engel 2022) in MuJoCo:
 * run one episode and record it, evaluate a controller, transfer NCAP
 * weights across body lengths (train and ablate: cmd_swim_train.c).
 *
 * Sizes: the user speaks in links (bodies; dm_control's "swimmer6" has 6),
 * the library in joints (links - 1). */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "progress_bar.h"
#include "swim_cli.h"

#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "es.h"
#include "store_swim.h"
#include "swim_eval.h"
#include "swim_figs.h"
#include "swim_movie.h"

#include <strings.h>
#include <sys/stat.h>

#define DEFAULT_JOINTS 5
#define ACTIVITY_WINDOW 300   /* control steps (9 s) of B-neuron traces: ~5 oscillator periods */

/* ---- options ---- */

static const struct option long_opts[] = {
    {"links", required_argument, 0, 256 + SO_LINKS},
    {"joints", required_argument, 0, 256 + SO_JOINTS},
    {"controller", required_argument, 0, 256 + SO_CONTROLLER},
    {"task", required_argument, 0, 256 + SO_TASK},
    {"seed", required_argument, 0, 256 + SO_SEED},
    {"steps", required_argument, 0, 256 + SO_STEPS},
    {"checkpoint", required_argument, 0, 256 + SO_CHECKPOINT},
    {"output", required_argument, 0, 256 + SO_OUTPUT},
    {"figure-prefix", required_argument, 0, 256 + SO_FIG_PREFIX},
    {"figure-format", required_argument, 0, 256 + SO_FIG_FORMAT},
    {"episodes", required_argument, 0, 256 + SO_EPISODES},
    {"threads", required_argument, 0, 256 + SO_THREADS},
    {"quiet", no_argument, 0, 256 + SO_QUIET},
    {"no-sharing", no_argument, 0, 256 + SO_NO_SHARING},
    {"no-signs", no_argument, 0, 256 + SO_NO_SIGNS},
    {"random-init", no_argument, 0, 256 + SO_RANDOM_INIT},
    {"hidden", required_argument, 0, 256 + SO_HIDDEN},
    {"algo", required_argument, 0, 256 + SO_ALGO},
    {"budget", required_argument, 0, 256 + SO_BUDGET},
    {"mpi", no_argument, 0, 256 + SO_MPI},
    {"popsize", required_argument, 0, 256 + SO_POPSIZE},
    {"sigma", required_argument, 0, 256 + SO_SIGMA},
    {"lr", required_argument, 0, 256 + SO_LR},
    {"resume", no_argument, 0, 256 + SO_RESUME},
    {"curve", required_argument, 0, 256 + SO_CURVE},
    {"plot", required_argument, 0, 256 + SO_PLOT},
    {"min-links", required_argument, 0, 256 + SO_MIN_LINKS},
    {"max-links", required_argument, 0, 256 + SO_MAX_LINKS},
    {"seeds", required_argument, 0, 256 + SO_SEEDS},
    {"curves-plot", required_argument, 0, 256 + SO_CURVES_PLOT},
    {"variants", required_argument, 0, 256 + SO_VARIANTS},
    {"weights", required_argument, 0, 256 + SO_WEIGHTS},
    {"mlp-init", required_argument, 0, 256 + SO_MLP_INIT},
    {"movie", required_argument, 0, 256 + SO_MOVIE},
    {"movie-stride", required_argument, 0, 256 + SO_MOVIE_STRIDE},
    {"help", no_argument, 0, 'h'},
    {0, 0, 0, 0},
};

static const char *opt_name(int code)
{
    for (const struct option *o = long_opts; o->name; o++)
        if (o->val == 256 + code)
            return o->name;
    return code == SO_OUTPUT ? "output" : "?";
}

/* The shared parsers (tools/cli.c) with the option named "--NAME". */
static int parse_long(const char *sub, const char *name, const char *s, long lo, long hi, long *out)
{
    char opt[40];
    int64_t v;
    snprintf(opt, sizeof opt, "--%s", name);
    (void)sub;
    int rc = cli_parse_i64("swim", opt, s, lo, hi, &v);
    if (!rc)
        *out = (long)v;
    return rc;
}

static int parse_u64(const char *sub, const char *name, const char *s, uint64_t *out)
{
    char opt[40];
    snprintf(opt, sizeof opt, "--%s", name);
    (void)sub;
    return cli_parse_u64("swim", opt, s, 0, UINT64_MAX, out);
}

static int parse_pos(const char *sub, const char *name, const char *s, double *out)
{
    char opt[40];
    double v;
    snprintf(opt, sizeof opt, "--%s", name);
    int rc = cli_parse_double("swim", opt, s, 0, DBL_MAX, &v);
    if (!rc && !(v > 0))
        rc = cli_usage_error("swim", "%s: --%s must be a positive number, not '%s'", sub, name, s);
    if (!rc)
        *out = v;
    return rc;
}

/* --links counts bodies, --joints hinges: a swimmer needs >= 3 bodies. */
static int parse_size(const swim_opts *o, int code, const char *s, int *n_joints)
{
    long v = 0;
    int links = code == SO_LINKS;
    int rc = parse_long(o->sub, links ? "links" : "joints", s, LONG_MIN, LONG_MAX, &v);
    if (rc)
        return rc;
    long j = links ? v - 1 : v;
    if (j < CTOME_SWIM_MIN_JOINTS || j > CTOME_SWIM_MAX_JOINTS)
        return cli_usage_error("swim",
                               "%s: --%s %ld: a swimmer has %d to %d links (bodies), i.e. %d to %d joints "
                               "(links = joints + 1)",
                               o->sub, links ? "links" : "joints", v, CTOME_SWIM_MIN_JOINTS + 1,
                               CTOME_SWIM_MAX_JOINTS + 1, CTOME_SWIM_MIN_JOINTS, CTOME_SWIM_MAX_JOINTS);
    *n_joints = (int)j;
    return CLI_OK;
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
            return cli_usage_error("swim", "%s: --weights: '%s' is not a comma-separated list of numbers", o->sub,
                                   arg);
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

static int parse_one(swim_opts *o, int code, const char *arg)
{
    long v = 0;
    int rc = CLI_OK;
    switch (code) {
    case SO_LINKS:
    case SO_JOINTS:
        return parse_size(o, code, arg, &o->n_joints);
    case SO_CONTROLLER:
        if (ctome_policy_kind_parse(arg, &o->kind))
            return cli_usage_error("swim", "%s: unknown controller '%s' (ncap, mlp, zero, random)", o->sub, arg);
        return CLI_OK;
    case SO_TASK:
        if (ctome_swim_task_parse(arg, &o->task))
            return cli_usage_error("swim", "%s: unknown task '%s' (swim, navigate)", o->sub, arg);
        return CLI_OK;
    case SO_ALGO: {
        ctome_es_algo a;
        if (ctome_es_algo_parse(arg, &a))
            return cli_usage_error("swim", "%s: unknown algorithm '%s' (es, cmaes)", o->sub, arg);
        o->algo = (int)a;
        return CLI_OK;
    }
    case SO_SEED: return parse_u64(o->sub, "seed", arg, &o->seed);
    case SO_BUDGET:
        rc = parse_u64(o->sub, "budget", arg, &o->budget);
        if (!rc && o->budget == 0)
            rc = cli_usage_error("swim", "%s: --budget must be at least 1 environment step", o->sub);
        return rc;
    case SO_STEPS:
        if (!(rc = parse_long(o->sub, "steps", arg, 1, 1000000, &v)))
            o->steps = (int)v;
        return rc;
    case SO_EPISODES:
        if (!(rc = parse_long(o->sub, "episodes", arg, 1, 100000, &v)))
            o->episodes = (int)v;
        return rc;
    case SO_THREADS:
        if (!(rc = parse_long(o->sub, "threads", arg, 1, 1024, &v)))
            o->threads = (int)v;
        return rc;
    case SO_HIDDEN:
        if (!(rc = parse_long(o->sub, "hidden", arg, 1, 4096, &v)))
            o->hidden = (int)v;
        return rc;
    case SO_MLP_INIT:
        if (!strcmp(arg, "torch"))
            o->mlp_init = CTOME_MLP_INIT_TORCH;
        else if (!strcmp(arg, "normal"))
            o->mlp_init = CTOME_MLP_INIT_NORMAL;
        else
            return cli_usage_error("swim", "%s: --mlp-init must be torch or normal, not '%s'", o->sub, arg);
        return CLI_OK;
    case SO_POPSIZE:
        if (!(rc = parse_long(o->sub, "popsize", arg, 2, 100000, &v)))
            o->popsize = (int)v;
        return rc;
    case SO_SEEDS:
        if (!(rc = parse_long(o->sub, "seeds", arg, 1, 1000, &v)))
            o->seeds = (int)v;
        return rc;
    case SO_MIN_LINKS:
    case SO_MAX_LINKS: {
        int j;
        if ((rc = parse_size(o, SO_LINKS, arg, &j)))
            return rc;
        *(code == SO_MIN_LINKS ? &o->min_links : &o->max_links) = j + 1;
        return CLI_OK;
    }
    case SO_SIGMA: return parse_pos(o->sub, "sigma", arg, &o->sigma);
    case SO_LR: return parse_pos(o->sub, "lr", arg, &o->lr);
    case SO_CHECKPOINT: o->checkpoint = arg; return CLI_OK;
    case SO_OUTPUT: o->output = arg; return CLI_OK;
    case SO_FIG_PREFIX: o->fig_prefix = arg; return CLI_OK;
    case SO_FIG_FORMAT:
        if (strcmp(arg, "png") && strcmp(arg, "svg") && strcmp(arg, "pdf"))
            return cli_usage_error("swim", "%s: --figure-format must be png, svg or pdf, not '%s'", o->sub, arg);
        o->fig_format = arg;
        return CLI_OK;
    case SO_CURVE: o->curve = arg; return CLI_OK;
    case SO_PLOT: o->plot = arg; return CLI_OK;
    case SO_CURVES_PLOT: o->curves_plot = arg; return CLI_OK;
    case SO_VARIANTS: o->variants = arg; return CLI_OK;
    case SO_WEIGHTS: return parse_weights(o, arg);
    case SO_MOVIE: o->movie = arg; return CLI_OK;
    case SO_MOVIE_STRIDE:
        if (!(rc = parse_long(o->sub, "movie-stride", arg, 1, 100000, &v)))
            o->movie_stride = (int)v;
        return rc;
    case SO_QUIET: o->quiet = 1; return CLI_OK;
    case SO_NO_SHARING: o->shared = 0; return CLI_OK;
    case SO_NO_SIGNS: o->constrained = 0; return CLI_OK;
    case SO_RANDOM_INIT: o->constant_init = 0; return CLI_OK;
    case SO_MPI: o->mpi = 1; return CLI_OK;
    case SO_RESUME: o->resume = 1; return CLI_OK;
    }
    return cli_usage_error("swim", "%s: unknown option", o->sub);
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
        return cli_usage_error("swim", "run: --movie %s: the movie is a GIF; give a file name ending in .gif", path);
    int rc = cli_output_check("swim", "--movie", path, CLI_OUT_TEXT);
    struct stat st;
    if (!rc && stat(path, &st) == 0 && !ctome_swim_movie_is_ours(path))
        rc = cli_failf("--movie %s: the file exists and is not a movie ctome wrote; move it away or give a new "
                       "name (ctome never overwrites a file it did not write)",
                       path);
    return rc;
}

/* Every output path of the subcommands, before any simulation or training:
 * -o is a store (run) or a checkpoint (train), both HDF5. */
static int check_outputs(const swim_opts *o)
{
    int rc = cli_output_check("swim", "--output", o->output, CLI_OUT_STORE);
    if (!rc)
        rc = cli_output_check("swim", "--curve", o->curve, CLI_OUT_TEXT);
    if (!rc)
        rc = cli_output_check("swim", "--plot", o->plot, CLI_OUT_FIGURE);
    if (!rc)
        rc = cli_output_check("swim", "--curves-plot", o->curves_plot, CLI_OUT_FIGURE);
    if (!rc && o->fig_prefix) {
        char path[4096];
        snprintf(path, sizeof path, "%s_trajectory.%s", o->fig_prefix, o->fig_format);
        rc = cli_output_check("swim", "--figure-prefix", path, CLI_OUT_FIGURE);
    }
    if (!rc)
        rc = check_movie(o->movie);
    return rc;
}

int swim_parse(int argc, char **argv, unsigned long long allowed, swim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->sub = argv[0];
    o->n_joints = DEFAULT_JOINTS;
    o->kind = CTOME_POLICY_NCAP;
    o->task = CTOME_SWIM_TASK_SWIM;
    o->seed = 1;
    o->steps = CTOME_SWIM_STEPS;
    o->shared = o->constrained = o->constant_init = 1;
    o->hidden = 64;
    o->algo = CTOME_ES_OPENAI;
    o->min_links = 3;
    o->max_links = 13;
    o->seeds = 3;
    o->fig_format = "png";
    o->movie_stride = 3;
    optind = 0;   /* glibc: full re-initialisation, argv[0] is the subcommand */
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":o:h", long_opts, NULL)) != -1) {
        if (ch == 'h') {
            cli_print_usage(stdout, "swim");
            return -1;
        }
        if (ch == '?' || ch == ':')
            return cli_usage_error("swim", "%s: %s '%s'", o->sub, ch == ':' ? "missing value for" : "unknown option",
                                   argv[optind - 1]);
        int code = ch == 'o' ? SO_OUTPUT : ch - 256;
        if (!(allowed & SO(code)))
            return cli_usage_error("swim", "%s: --%s does not apply to 'ctome swim %s'", o->sub, opt_name(code), o->sub);
        if ((code == SO_LINKS && (o->seen & SO(SO_JOINTS))) || (code == SO_JOINTS && (o->seen & SO(SO_LINKS))))
            return cli_usage_error("swim", "%s: give --links or --joints, not both", o->sub);
        o->seen |= SO(code);
        int rc = parse_one(o, code, optarg);
        if (rc)
            return rc;
    }
    if (optind < argc)
        return cli_usage_error("swim", "%s: unexpected argument '%s'", o->sub, argv[optind]);
    if ((o->seen & SO(SO_MOVIE_STRIDE)) && !o->movie)
        return cli_usage_error("swim", "%s: --movie-stride needs --movie", o->sub);
    if (o->min_links > o->max_links)
        return cli_usage_error("swim", "%s: --min-links %d is above --max-links %d", o->sub, o->min_links,
                               o->max_links);
    if (o->checkpoint && o->weights)
        return cli_usage_error("swim", "%s: give --checkpoint or --weights, not both", o->sub);
    if (o->kind != CTOME_POLICY_MLP && (o->seen & SO(SO_MLP_INIT)))
        return cli_usage_error("swim", "%s: --mlp-init is an MLP switch", o->sub);
    if (o->kind != CTOME_POLICY_NCAP && (o->seen & (SO(SO_NO_SHARING) | SO(SO_NO_SIGNS) | SO(SO_RANDOM_INIT))))
        return cli_usage_error("swim", "%s: --no-sharing, --no-signs and --random-init are NCAP switches", o->sub);
    return check_outputs(o);
}

/* ---- controllers ---- */

int swim_make_policy(const swim_opts *o, int n_joints, ctome_policy **out)
{
    switch (o->kind) {
    case CTOME_POLICY_NCAP: {
        ctome_ncap_opts no;
        ctome_ncap_opts_default(&no, n_joints);
        no.shared = o->shared;
        no.constrained = o->constrained;
        no.constant_init = o->constant_init;
        no.init_seed = o->seed;
        return ctome_policy_ncap(out, &no);
    }
    case CTOME_POLICY_MLP: {
        ctome_mlp_opts mo;
        ctome_mlp_opts_default(&mo, 1, 1);   /* n_in, n_out are set from n_joints by the policy */
        mo.n_layers = 2;
        mo.hidden = o->hidden;
        mo.seed = o->seed;
        mo.init = o->mlp_init;
        return ctome_policy_mlp_opts(out, n_joints, &mo);
    }
    case CTOME_POLICY_ZERO: return ctome_policy_zero(out, n_joints);
    case CTOME_POLICY_RANDOM: return ctome_policy_random(out, n_joints);
    }
    return ctome_error(CTOME_EINVAL, NULL, 0, "unknown controller kind %d", (int)o->kind);
}

const char *swim_weights_desc(const swim_opts *o, char *buf, size_t n)
{
    if (o->checkpoint)
        snprintf(buf, n, "checkpoint %s", o->checkpoint);
    else if (o->weights)
        snprintf(buf, n, "--weights (%zu values)", o->n_weights);
    else if (o->kind == CTOME_POLICY_NCAP)
        snprintf(buf, n, "%s init (seed %" PRIu64 ")%s%s", o->constant_init ? "constant" : "random", o->seed,
                 o->shared ? "" : ", no sharing", o->constrained ? "" : ", no sign constraints");
    else if (o->kind == CTOME_POLICY_MLP)
        snprintf(buf, n, "random init (seed %" PRIu64 ")", o->seed);
    else
        snprintf(buf, n, "none");
    return buf;
}

/* The controller of a run/eval/transfer: from --checkpoint or the options. */
static int controller(const swim_opts *o, int n_joints, ctome_policy **out)
{
    if (o->checkpoint) {
        int trained;
        return swim_checkpoint_policy(o->checkpoint, n_joints, out, &trained);
    }
    int rc = swim_make_policy(o, n_joints, out);
    if (rc || !o->weights)
        return rc;
    size_t k = ctome_policy_n_params(*out);
    if (o->n_weights != k)
        rc = ctome_error(CTOME_EINVAL, NULL, 0, "--weights gives %zu values; the %s controller of %d joints has %zu",
                         o->n_weights, ctome_policy_kind_name(o->kind), n_joints, k);
    else
        rc = ctome_policy_set_params(*out, o->weights);
    if (rc) {
        ctome_policy_free(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- parallel evaluation: lib/models/swim_eval.h, with the progress bar ---- */

typedef struct {
    void *bar;
    size_t base, total, *done;
} eval_bar;

static void eval_tick(size_t k, void *ctx)
{
    eval_bar *b = ctx;
    *b->done = b->base + k;
    if (b->bar)
        cli_progress_cb(*b->done, b->total, b->bar);
}

int swim_eval_episodes(const ctome_swimmer_model *m, const ctome_policy *p, ctome_swim_task task, int steps,
                       uint64_t seed, int n, int threads, double *ret, double *speed, void *bar, size_t *done,
                       size_t total)
{
    eval_bar eb = {bar, done ? *done : 0, total, done};
    return ctome_swim_eval_episodes(m, p, task, steps, seed, n, threads, ret, speed, done ? eval_tick : NULL, &eb);
}

/* Figures of one episode: PREFIX_trajectory, _kymograph, _activity.<fmt>.
 * The names written are kept in written[] so a later failure can remove them. */
static int run_figures(const swim_opts *o, const ctome_policy *p, const ctome_swim_run *e, char written[3][1024],
                       int *n_written)
{
    size_t T = e->n_steps, J = (size_t)e->n_joints;
    char title[160], path[1024];
    *n_written = 0;
    snprintf(title, sizeof title, "%s, %d links, seed %" PRIu64 ": return %.1f", ctome_policy_kind_name(o->kind),
             o->n_joints + 1, o->seed, e->ret);
    snprintf(path, sizeof path, "%s_trajectory.%s", o->fig_prefix, o->fig_format);
    int rc = ctome_swim_fig_trajectory(e->rec.nose, T, e->rec.body, J + 2, T >= 10 ? T / 10 : 1, CTOME_SWIM_DT,
                                       title, path);
    if (!rc)
        snprintf(written[(*n_written)++], 1024, "%s", path);
    snprintf(path, sizeof path, "%s_kymograph.%s", o->fig_prefix, o->fig_format);
    if (!rc)
        rc = ctome_swim_fig_kymograph(e->rec.joints, T, J, CTOME_SWIM_DT, title, path);
    if (!rc)
        snprintf(written[(*n_written)++], 1024, "%s", path);
    double *d = NULL, *v = NULL;
    if (!rc)
        rc = ctome_swim_b_neurons(p, e->rec.units, e->n_units, T, &d, &v);
    if (!rc && d) {
        size_t w = T < ACTIVITY_WINDOW ? T : ACTIVITY_WINDOW, t0 = T - w;   /* the last steps: steady swimming */
        if (w >= 2) {
            char t2[200];
            snprintf(t2, sizeof t2, "NCAP B-neurons, %d links, seed %" PRIu64, o->n_joints + 1, o->seed);
            snprintf(path, sizeof path, "%s_activity.%s", o->fig_prefix, o->fig_format);
            rc = ctome_swim_fig_activity(d + t0 * J, v + t0 * J, w, J, (double)t0 * CTOME_SWIM_DT, CTOME_SWIM_DT, t2,
                                         path);
            if (!rc)
                snprintf(written[(*n_written)++], 1024, "%s", path);
        }
    } else if (!rc && !o->quiet) {
        fprintf(stderr, "ctome swim run: no neuron-activity figure: the %s controller has no B-neurons\n",
                ctome_policy_kind_name(o->kind));
    }
    free(d);
    free(v);
    return rc;
}

/* The episode as an animated GIF (--movie): one frame per movie_stride
 * control steps, shown for movie_stride x dt (real time). */
static int run_movie(const swim_opts *o, const ctome_policy *p, const ctome_swim_run *e, size_t *frames, int *delay)
{
    double *d = NULL, *v = NULL;
    int rc = ctome_swim_b_neurons(p, e->rec.units, e->n_units, e->n_steps, &d, &v);
    if (rc)
        return rc;
    if (!d && !o->quiet)
        fprintf(stderr, "ctome swim run: the movie's links are grey: the %s controller has no B-neurons\n",
                ctome_policy_kind_name(o->kind));
    char title[160];
    snprintf(title, sizeof title, "%s, %d links, seed %" PRIu64 ": return %.1f", ctome_policy_kind_name(o->kind),
             o->n_joints + 1, o->seed, e->ret);
    ctome_swim_movie_spec ms = {.body = e->rec.body, .n_steps = e->n_steps, .n_points = (size_t)e->n_joints + 2,
                                .dorsal = d, .ventral = v, .dt = CTOME_SWIM_DT,
                                .stride = (size_t)o->movie_stride, .title = title};
    rc = ctome_swim_movie_gif(&ms, o->movie, frames, delay);
    free(d);
    free(v);
    return rc;
}

static int run_store(const swim_opts *o, ctome_policy *p, const ctome_swim_run *e)
{
    size_t K = ctome_policy_n_params(p), U = e->n_units;
    double *theta = malloc((K ? K : 1) * sizeof *theta);
    char **pn = calloc(K ? K : 1, sizeof *pn), **un = calloc(U ? U : 1, sizeof *un);
    int rc = theta && pn && un ? CTOME_OK : ctome_error_nomem();
    ctome_ncap *nc = ctome_policy_ncap_of(p);
    for (size_t i = 0; !rc && i < K; i++) {
        char buf[64];
        if (nc)
            ctome_ncap_param_name(nc, i, buf, sizeof buf);
        else
            snprintf(buf, sizeof buf, "w%zu", i);
        if (!(pn[i] = ctome_strdup(buf)))
            rc = CTOME_ENOMEM;
    }
    for (size_t i = 0; !rc && i < U; i++) {
        char buf[64];
        if (!(un[i] = ctome_strdup(ctome_policy_unit_name(p, i, buf, sizeof buf))))
            rc = CTOME_ENOMEM;
    }
    if (!rc && K)
        ctome_policy_get_params(p, theta);
    char wd[1200], cfg[256], run_id[160];
    snprintf(cfg, sizeof cfg,
             "{\"shared\": %d, \"constrained\": %d, \"constant_init\": %d, \"hidden\": %d, \"layers\": 2}", o->shared,
             o->constrained, o->constant_init, o->hidden);
    snprintf(run_id, sizeof run_id, "%s_%dlinks_%s_seed%" PRIu64, ctome_policy_kind_name(o->kind), o->n_joints + 1,
             ctome_swim_task_name(o->task), o->seed);
    ctome_store_swim_episode ep = {
        .controller = ctome_policy_kind_name(o->kind), .task = ctome_swim_task_name(o->task),
        .weights = swim_weights_desc(o, wd, sizeof wd), .config = cfg, .n_joints = o->n_joints,
        .n_steps = e->n_steps, .seed = o->seed, .dt = CTOME_SWIM_DT, .ret = e->ret,
        .mean_forward_velocity = e->speed, .reward = e->rec.reward, .forward_velocity = e->rec.forward_velocity,
        .torques = e->rec.torques, .joints = e->rec.joints, .nose = e->rec.nose, .body = e->rec.body,
        .n_units = U, .units = e->rec.units, .unit_names = (const char *const *)un, .n_params = K,
        .params = theta, .param_names = (const char *const *)pn};
    ctome_store *s = NULL;
    if (!rc)
        rc = ctome_store_create(o->output, &s);
    if (!rc)
        rc = ctome_store_put_swim_episode(s, run_id, &ep);
    if (!rc)
        rc = ctome_store_commit(s);
    else if (s)
        ctome_store_abort(s);
    for (size_t i = 0; pn && i < K; i++)
        free(pn[i]);
    for (size_t i = 0; un && i < U; i++)
        free(un[i]);
    free(pn);
    free(un);
    free(theta);
    return rc;
}

static int swim_run(int argc, char **argv)
{
    swim_opts o;
    int rc = swim_parse(argc, argv,
                        SO(SO_LINKS) | SO(SO_JOINTS) | SO(SO_CONTROLLER) | SO(SO_TASK) | SO(SO_SEED) | SO(SO_STEPS) |
                            SO(SO_CHECKPOINT) | SO(SO_OUTPUT) | SO(SO_FIG_PREFIX) | SO(SO_FIG_FORMAT) |
                            SO(SO_QUIET) | SO(SO_NO_SHARING) | SO(SO_NO_SIGNS) | SO(SO_RANDOM_INIT) | SO(SO_HIDDEN) | SO(SO_MLP_INIT) |
                            SO(SO_WEIGHTS) | SO(SO_MOVIE) | SO(SO_MOVIE_STRIDE),
                        &o);
    if (rc) {
        swim_opts_free(&o);
        return rc < 0 ? CLI_OK : rc;
    }
    ctome_swimmer_model *m = NULL;
    ctome_policy *p = NULL;
    ctome_swim_run e;
    memset(&e, 0, sizeof e);
    rc = ctome_swimmer_model_create(&m, o.n_joints);
    if (!rc)
        rc = controller(&o, o.n_joints, &p);
    if (!rc && o.checkpoint)
        o.kind = ctome_policy_kind_of(p);
    if (!rc)
        rc = ctome_swim_run_episode(m, p, o.task, o.steps, o.seed, &e);
    char written[3][1024];
    int n_written = 0;
    if (!rc && o.fig_prefix)
        rc = run_figures(&o, p, &e, written, &n_written);
    size_t frames = 0;
    int delay = 0, movie_written = 0;
    if (!rc && o.movie && !(rc = run_movie(&o, p, &e, &frames, &delay)))
        movie_written = 1;
    if (!rc && o.output)
        rc = run_store(&o, p, &e);
    if (rc) {
        for (int i = 0; i < n_written; i++)   /* no partial output */
            unlink(written[i]);
        if (movie_written)
            unlink(o.movie);
    } else {
        char wd[1200];
        printf("controller\t%s\ntask\t%s\nlinks\t%d\njoints\t%d\nparams\t%zu\nweights\t%s\nseed\t%" PRIu64
               "\nsteps\t%d\nreturn\t%.6f\nmean_forward_speed\t%.6f\n",
               ctome_policy_kind_name(o.kind), ctome_swim_task_name(o.task), o.n_joints + 1, o.n_joints,
               ctome_policy_n_params(p), swim_weights_desc(&o, wd, sizeof wd), o.seed, o.steps, e.ret, e.speed);
        if (o.movie)
            printf("movie\t%s\nmovie_frames\t%zu\nmovie_frame_steps\t%d\nmovie_frame_delay_s\t%.2f\n"
                   "movie_frames_per_s\t%.3f\nmovie_speed\t%.3f\n",
                   o.movie, frames, o.movie_stride, delay / 100.0, 100.0 / delay,
                   o.movie_stride * CTOME_SWIM_DT / (delay / 100.0));
    }
    ctome_swim_run_free(&e);
    ctome_policy_free(p);
    ctome_swimmer_model_free(m);
    rc = rc ? cli_fail() : CLI_OK;
    swim_opts_free(&o);
    return rc;
}

/* ---- eval ---- */

static int swim_eval(int argc, char **argv)
{
    swim_opts o;
    int rc = swim_parse(argc, argv,
                        SO(SO_LINKS) | SO(SO_JOINTS) | SO(SO_CONTROLLER) | SO(SO_TASK) | SO(SO_SEED) | SO(SO_STEPS) |
                            SO(SO_CHECKPOINT) | SO(SO_EPISODES) | SO(SO_THREADS) | SO(SO_QUIET) |
                            SO(SO_NO_SHARING) | SO(SO_NO_SIGNS) | SO(SO_RANDOM_INIT) | SO(SO_HIDDEN) | SO(SO_MLP_INIT) | SO(SO_WEIGHTS),
                        &o);
    if (rc) {
        swim_opts_free(&o);
        return rc < 0 ? CLI_OK : rc;
    }
    int E = o.episodes ? o.episodes : 10;
    ctome_swimmer_model *m = NULL;
    ctome_policy *p = NULL;
    double *ret = malloc((size_t)E * sizeof *ret), *speed = malloc((size_t)E * sizeof *speed);
    rc = ret && speed ? ctome_swimmer_model_create(&m, o.n_joints) : ctome_error_nomem();
    if (!rc)
        rc = controller(&o, o.n_joints, &p);
    if (!rc && o.checkpoint)
        o.kind = ctome_policy_kind_of(p);
    cli_progress bar;
    cli_progress_init(&bar, o.quiet);
    cli_progress_label(&bar, "episodes");
    size_t done = 0;
    if (!rc)
        rc = swim_eval_episodes(m, p, o.task, o.steps, o.seed, E, o.threads, ret, speed, &bar, &done, (size_t)E);
    cli_progress_done(&bar);
    if (!rc) {
        printf("episode\tseed\treturn\tmean_forward_speed\n");
        for (int i = 0; i < E; i++)
            printf("%d\t%" PRIu64 "\t%.6f\t%.6f\n", i, o.seed + (uint64_t)i, ret[i], speed[i]);
        double mr, sr, ms, ss;
        ctome_swim_mean_sd(ret, (size_t)E, &mr, &sr);
        ctome_swim_mean_sd(speed, (size_t)E, &ms, &ss);
        char wd[1200];
        printf("# %s, %d links (%d joints), %s task, %zu params, weights: %s; episodes %d, seeds %" PRIu64
               "..%" PRIu64 "\n# return %.3f +- %.3f (sd), mean forward speed %.5f m/s\n",
               ctome_policy_kind_name(o.kind), o.n_joints + 1, o.n_joints, ctome_swim_task_name(o.task),
               ctome_policy_n_params(p), swim_weights_desc(&o, wd, sizeof wd), E, o.seed,
               o.seed + (uint64_t)E - 1, mr, sr, ms);
    }
    free(ret);
    free(speed);
    ctome_policy_free(p);
    ctome_swimmer_model_free(m);
    rc = rc ? cli_fail() : CLI_OK;
    swim_opts_free(&o);
    return rc;
}

/* ---- transfer ---- */

/* The controller whose weights are carried across bodies (the checkpoint's,
 * or the options' initialisation) and the body it was trained on, in links:
 * > 0 from the checkpoint, 0 a checkpoint that does not record it, -1 no
 * training.  The transfer rule itself is ctome_swim_transfer_policy. */
static int transfer_source(const swim_opts *o, ctome_policy **src, int *trained_links)
{
    int trained = 0;
    *trained_links = -1;
    int rc = o->checkpoint ? swim_checkpoint_policy(o->checkpoint, 0, src, &trained)
                           : controller(o, DEFAULT_JOINTS, src);
    uint64_t bl = 0;
    if (!rc && o->checkpoint && !(rc = ctome_es_body_links(o->checkpoint, "swim", &bl)))
        *trained_links = (int)bl;
    if (!rc) {   /* the rule, checked once before any episode (the message names the checkpoint) */
        ctome_policy *probe = NULL;
        rc = ctome_swim_transfer_policy(*src, DEFAULT_JOINTS, &probe);
        ctome_policy_free(probe);
        if (rc && o->checkpoint) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", ctome_error_message());
            rc = ctome_error(rc, o->checkpoint, 0, "%s", msg);
        }
    }
    if (rc) {
        ctome_policy_free(*src);
        *src = NULL;
    }
    return rc;
}

static int swim_transfer(int argc, char **argv)
{
    swim_opts o;
    int rc = swim_parse(argc, argv,
                        SO(SO_CHECKPOINT) | SO(SO_TASK) | SO(SO_SEED) | SO(SO_STEPS) | SO(SO_EPISODES) |
                            SO(SO_THREADS) | SO(SO_QUIET) | SO(SO_MIN_LINKS) | SO(SO_MAX_LINKS) | SO(SO_PLOT) |
                            SO(SO_NO_SIGNS) | SO(SO_NO_SHARING) | SO(SO_WEIGHTS),
                        &o);
    /* the checkpoint's circuit is carried as trained: these switches would be ignored */
    if (!rc && o.checkpoint && (o.seen & (SO(SO_NO_SIGNS) | SO(SO_NO_SHARING))))
        rc = cli_usage_error("swim", "transfer: --no-signs and --no-sharing describe the circuit; with --checkpoint "
                                     "it comes from the checkpoint");
    if (rc) {
        swim_opts_free(&o);
        return rc < 0 ? CLI_OK : rc;
    }
    int E = o.episodes ? o.episodes : 5, nL = o.max_links - o.min_links + 1;
    double w[4] = {0};
    int trained_links = -1;
    ctome_policy *src = NULL;
    double *ret = malloc((size_t)E * sizeof *ret), *speed = malloc((size_t)E * sizeof *speed);
    double *mean = malloc((size_t)nL * sizeof *mean), *sd = malloc((size_t)nL * sizeof *sd);
    double *mspeed = malloc((size_t)nL * sizeof *mspeed);
    int *links = malloc((size_t)nL * sizeof *links);
    rc = ret && speed && mean && sd && mspeed && links ? transfer_source(&o, &src, &trained_links)
                                                       : ctome_error_nomem();
    if (!rc)
        ctome_policy_get_params(src, w);
    if (!rc && trained_links == 0 && !o.quiet)
        fprintf(stderr, "ctome swim transfer: %s does not record the body it was trained on: the figure says "
                        "\"training body unknown\"\n", o.checkpoint);
    cli_progress bar;
    cli_progress_init(&bar, o.quiet);
    cli_progress_label(&bar, "transfer");
    size_t done = 0, total = (size_t)nL * (size_t)E;
    for (int i = 0; !rc && i < nL; i++) {
        ctome_swimmer_model *m = NULL;
        ctome_policy *p = NULL;
        links[i] = o.min_links + i;
        rc = ctome_swimmer_model_create(&m, links[i] - 1);
        if (!rc)
            rc = ctome_swim_transfer_policy(src, links[i] - 1, &p);
        if (!rc)
            rc = swim_eval_episodes(m, p, o.task, o.steps, o.seed, E, o.threads, ret, speed, &bar, &done, total);
        if (!rc) {
            double s_;
            ctome_swim_mean_sd(ret, (size_t)E, &mean[i], &sd[i]);
            ctome_swim_mean_sd(speed, (size_t)E, &mspeed[i], &s_);
        }
        ctome_policy_free(p);
        ctome_swimmer_model_free(m);
    }
    ctome_policy_free(src);
    cli_progress_done(&bar);
    char title[200];
    snprintf(title, sizeof title, "NCAP weights (%s) on %d..%d links, %d episodes each",
             o.checkpoint ? "trained" : o.weights ? "given" : "constant init", o.min_links, o.max_links, E);
    if (!rc && o.plot)
        rc = ctome_swim_fig_transfer_trained(links, mean, sd, (size_t)nL, trained_links, title, o.plot);
    if (!rc) {
        printf("links\tjoints\tmean_return\tsd_return\tmean_forward_speed\n");
        for (int i = 0; i < nL; i++)
            printf("%d\t%d\t%.3f\t%.3f\t%.5f\n", links[i], links[i] - 1, mean[i], sd[i], mspeed[i]);
        printf("# weights [prop, osc, ipsi, contra] = [%.6g, %.6g, %.6g, %.6g] from %s; %s task; episodes %d, "
               "seeds %" PRIu64 "..%" PRIu64 "\n",
               w[0], w[1], w[2], w[3], o.checkpoint ? o.checkpoint : o.weights ? "--weights" : "constant init",
               ctome_swim_task_name(o.task),
               E, o.seed, o.seed + (uint64_t)E - 1);
    }
    free(ret);
    free(speed);
    free(mean);
    free(sd);
    free(mspeed);
    free(links);
    rc = rc ? cli_fail() : CLI_OK;
    swim_opts_free(&o);
    return rc;
}

/* ---- dispatch ---- */

int cmd_swim(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("swim", "which subcommand? run, train, eval, transfer or ablate");
    const char *sub = argv[1];
    if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
        cli_print_usage(stdout, "swim");
        return CLI_OK;
    }
    if (strcmp(sub, "run") == 0)
        return swim_run(argc - 1, argv + 1);
    if (strcmp(sub, "eval") == 0)
        return swim_eval(argc - 1, argv + 1);
    if (strcmp(sub, "transfer") == 0)
        return swim_transfer(argc - 1, argv + 1);
    if (strcmp(sub, "train") == 0)
        return swim_train_cmd(argc - 1, argv + 1);
    if (strcmp(sub, "ablate") == 0)
        return swim_ablate_cmd(argc - 1, argv + 1);
    return cli_usage_error("swim", "unknown subcommand '%s' (run, train, eval, transfer, ablate)", sub);
}
