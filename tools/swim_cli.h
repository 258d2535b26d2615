/* swim_cli.h — what the `ctome swim` subcommands share (tools/cmd_swim.c:
 * run, eval, transfer; tools/cmd_swim_train.c: train, ablate): options,
 * building a controller, evaluating episodes in parallel. */
#ifndef CTOME_SWIM_CLI_H
#define CTOME_SWIM_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "swim_eval.h"
#include "swimmer.h"

/* Every option of `ctome swim`; each subcommand accepts a subset. */
enum {
    SO_LINKS = 0, SO_JOINTS, SO_CONTROLLER, SO_TASK, SO_SEED, SO_STEPS, SO_CHECKPOINT, SO_OUTPUT,
    SO_FIG_PREFIX, SO_FIG_FORMAT, SO_EPISODES, SO_THREADS, SO_QUIET, SO_NO_SHARING, SO_NO_SIGNS,
    SO_RANDOM_INIT, SO_HIDDEN, SO_ALGO, SO_BUDGET, SO_MPI, SO_POPSIZE, SO_SIGMA, SO_LR, SO_RESUME,
    SO_CURVE, SO_PLOT, SO_MIN_LINKS, SO_MAX_LINKS, SO_SEEDS, SO_CURVES_PLOT, SO_VARIANTS, SO_WEIGHTS, SO_MLP_INIT,
    SO_MOVIE, SO_MOVIE_STRIDE, SO_COUNT
};
#define SO(x) (1ull << (x))

typedef struct {
    const char *sub;            /* "run", "eval", ... for messages */
    unsigned long long seen;    /* SO() bits of the options given */
    int n_joints;               /* from --links (bodies) - 1 or --joints; default 5 */
    ctome_policy_kind kind;     /* --controller; default NCAP */
    ctome_swim_task task;       /* default swim */
    uint64_t seed;              /* default 1 */
    int steps;                  /* control steps per episode; default 1000 */
    const char *checkpoint, *output, *fig_prefix, *fig_format, *curve, *plot, *curves_plot, *variants;
    int episodes;               /* 0: the subcommand's default */
    int threads;                /* 0: all cores */
    int quiet;
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

/* Parse argv (argv[0] = the subcommand) into o, accepting only the options in
 * `allowed`.  Returns CLI_OK, or CLI_USAGE after printing the reason (unknown
 * option, a value out of range, --links below 3). */
int swim_parse(int argc, char **argv, unsigned long long allowed, swim_opts *o);

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

/* ctome_swim_train_load_body of the run `ctome swim train` writes ("swim"). */
int swim_checkpoint_policy(const char *path, int n_joints, ctome_policy **out, int *trained_joints);

int swim_train_cmd(int argc, char **argv);
int swim_ablate_cmd(int argc, char **argv);

#endif
