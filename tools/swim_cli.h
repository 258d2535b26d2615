/* swim_cli.h — what the `ctome swim` subcommands share (tools/cmd_swim.c:
 * run, eval, transfer; tools/cmd_swim_train.c: train, ablate): options,
 * building a controller, evaluating episodes in parallel. */
#ifndef CTOME_SWIM_CLI_H
#define CTOME_SWIM_CLI_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "policy.h"
#include "swim_eval.h"
#include "swimmer.h"

/* What the option table (tools/swim_opts.c, cli_opts_swim) returns for each
 * option of `ctome swim` that the subcommands handle themselves (--json,
 * --quiet and --plot are the parser's: opts.h).  Each subcommand accepts the
 * options whose help names it (swim_parse). */
enum {
    SWIM_O_LINKS = 1, SWIM_O_JOINTS, SWIM_O_CONTROLLER, SWIM_O_TASK, SWIM_O_SEED, SWIM_O_STEPS,
    SWIM_O_CHECKPOINT, SWIM_O_OUTPUT, SWIM_O_PLOT_FORMAT, SWIM_O_EPISODES, SWIM_O_THREADS, SWIM_O_NO_SHARING,
    SWIM_O_NO_SIGNS, SWIM_O_RANDOM_INIT, SWIM_O_HIDDEN, SWIM_O_MLP_INIT, SWIM_O_ALGO, SWIM_O_BUDGET, SWIM_O_MPI,
    SWIM_O_POPSIZE, SWIM_O_SIGMA, SWIM_O_LR, SWIM_O_RESUME, SWIM_O_CURVE, SWIM_O_MIN_LINKS, SWIM_O_MAX_LINKS,
    SWIM_O_SEEDS, SWIM_O_VARIANTS, SWIM_O_WEIGHTS, SWIM_O_MOVIE, SWIM_O_MOVIE_STRIDE, SWIM_O_COUNT
};

typedef struct {
    const char *sub;            /* "run", "eval", ... */
    char cmd[24];               /* "swim run", ... for messages */
    unsigned char given[SWIM_O_COUNT];   /* given[SWIM_O_x]: the option was on the command line */
    int n_joints;               /* from --links (bodies) - 1 or --joints; default 5 */
    ctome_policy_kind kind;     /* --controller; default NCAP */
    ctome_swim_task task;       /* default swim */
    uint64_t seed;              /* default 1 */
    int steps;                  /* control steps per episode; default 1000 */
    const char *checkpoint, *output, *fig_format, *curve, *plot, *variants;
    int episodes;               /* 0: the subcommand's default */
    int threads;                /* 0: all cores */
    int quiet;
    int json;                   /* --json: one JSON object on stdout instead of the table */
    int shared, constrained, constant_init;   /* NCAP switches (defaults 1, 1, 1) */
    int hidden;                 /* MLP hidden units per layer (2 layers); default 64 */
    int mlp_init;               /* CTOME_MLP_INIT_TORCH (default) or _NORMAL (--mlp-init) */
    int algo;                   /* ctome_es_algo; default ES */
    uint64_t budget;            /* env steps; 0: the subcommand's default */
    int mpi, resume;
    int popsize;                /* 0: es.h default */
    double sigma, lr;           /* 0: es.h defaults */
    int min_links, max_links;   /* transfer; defaults 3, 13 */
    int seeds;                  /* ablate; default 3 */
    double *weights;            /* --weights: the controller's parameters (malloc'd; swim_opts_free) */
    size_t n_weights;
    const char *movie;          /* run --movie: animated GIF of the episode */
    int movie_stride;           /* run --movie-stride: control steps per frame; default 3 */
} swim_opts;

/* Parse argv (argv[0] = the subcommand) into o with the option table of
 * `ctome swim`, accepting only the options whose help names the subcommand,
 * then check every output path.  Returns CLI_OK; -1 when the command must
 * stop with CLI_OK (--help printed, or `ctome __check-options`); or CLI_USAGE
 * / CLI_FAIL after printing the reason (unknown option, an option of another
 * subcommand, a value out of range, an output that cannot be written). */
/* The swimmer's defaults, shared by `ctome swim` and the report's locomotion
 * section (one default for the same run). */
void swim_opts_default(swim_opts *o);
int swim_parse(int argc, char **argv, swim_opts *o);

void swim_opts_free(swim_opts *o);

/* A controller of kind o->kind for an n_joints body, initialised from the
 * options (NCAP switches, init seed = o->seed, MLP 2 x hidden tanh). */
int swim_make_policy(const swim_opts *o, int n_joints, ctome_policy **out);

/* One line describing where a controller's weights come from. */
const char *swim_weights_desc(const swim_opts *o, char *buf, size_t n);

/* ctome_swim_eval_episodes (lib/models/swim_eval.h) advancing the progress
 * bar `bar` (may be NULL) by one unit per episode, starting at *done (may be
 * NULL: no progress) out of `total`. */
int swim_eval_episodes(const ctome_swimmer_model *m, const ctome_policy *p, ctome_swim_task task, int steps,
                       uint64_t seed, int n, int threads, double *ret, double *speed, void *bar, size_t *done,
                       size_t total);

/* Whether the subcommand draws several figures, so that --plot is a prefix
 * (run, ablate), and the file of figure `name` under it (cli_plot_name with
 * --plot-format).  CLI_OK or CLI_USAGE (printed). */
int swim_plot_is_prefix(const swim_opts *o);
int swim_plot_name(const swim_opts *o, const char *name, char *buf, size_t n);

/* ctome_swim_train_load_body of the run `ctome swim train` writes ("swim"). */
int swim_checkpoint_policy(const char *path, int n_joints, ctome_policy **out, int *trained_joints);

int swim_train_cmd(int argc, char **argv);
int swim_ablate_cmd(int argc, char **argv);

#endif
