/* ctome swim train / ablate, and controllers from checkpoints (swim_cli.h).
 * Training itself is lib/models/swim_train.h (ES or CMA-ES, OpenMP over the
 * population, MPI ranks through tools/mpi_jobs.h). */
#include "cli.h"
#include "progress_bar.h"
#include "swim_cli.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "io.h"
#include "mpi_jobs.h"
#include "swim_eval.h"
#include "swim_figs.h"
#include "swim_train.h"

#define RUN_ID "swim"
#define FINAL_EPISODES 10            /* evaluation of the trained controller: seeds 1..10, as `swim eval` */
#define TRAIN_BUDGET 100000
#define ABLATE_BUDGET 320000         /* 10 ES generations of 32 one-episode candidates */

/* ---- checkpoints ---- */

int swim_checkpoint_policy(const char *path, int n_joints, ctome_policy **out, int *trained_joints)
{
    return ctome_swim_train_load_body(path, RUN_ID, n_joints, out, trained_joints);
}

/* ---- options -> trainer ---- */

static void train_opts(const swim_opts *o, ctome_policy_kind kind, ctome_swim_train_opts *to)
{
    ctome_swim_train_opts_default(to, kind, o->n_joints, (ctome_es_algo)o->algo);
    to->ncap.shared = o->shared;
    to->ncap.constrained = o->constrained;
    to->ncap.constant_init = o->constant_init;
    to->ncap.init_seed = o->seed;
    to->mlp_hidden = o->hidden;
    to->mlp_seed = o->seed;
    to->task = o->task;
    to->episode_steps = o->steps;
    to->episodes = o->given[SWIM_O_EPISODES] ? o->episodes : 1;
    to->es.seed = o->seed;
    if (o->popsize)
        to->es.popsize = (size_t)o->popsize;
    if (o->sigma > 0)
        to->es.sigma = o->sigma;
    if (o->lr > 0)
        to->es.lr = o->lr;
    to->max_steps = o->budget ? o->budget : TRAIN_BUDGET;
    to->run_id = RUN_ID;
}

typedef struct {
    cli_progress bar;
    uint64_t base, total;    /* steps done before this run, and of all runs */
} train_progress;

static void on_generation(const ctome_es_gen *g, void *ctx)
{
    train_progress *tp = ctx;
    uint64_t done = tp->base + g->steps;
    cli_progress_cb((size_t)(done < tp->total ? done : tp->total), (size_t)tp->total, &tp->bar);
}

/* The learning curve as TSV into fp. */
static void print_curve(FILE *fp, const ctome_swim_train_result *r)
{
    fprintf(fp, "generation\tsteps\tmean\tbest\tbest_ever\n");
    for (size_t i = 0; i < r->n_curve; i++) {
        const ctome_es_gen *g = &r->curve[i];
        fprintf(fp, "%" PRIu64 "\t%" PRIu64 "\t%.6f\t%.6f\t%.6f\n", g->generation, g->steps, g->mean, g->best,
                g->best_ever);
    }
}

static int write_curve(const char *path, const ctome_swim_train_result *r)
{
    ctome_outfile of;
    int rc = ctome_outfile_open(&of, path);
    if (rc)
        return rc;
    print_curve(of.fp, r);
    return ctome_outfile_commit(&of);
}

/* Population mean and best per generation against env steps. */
static int plot_curve(const char *path, const ctome_swim_train_result *r, const char *title)
{
    size_t n = r->n_curve;
    double *x = malloc((n ? n : 1) * 3 * sizeof *x), *mean = x ? x + n : NULL, *best = x ? x + 2 * n : NULL;
    if (!x)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++) {
        x[i] = (double)r->curve[i].steps;
        mean[i] = r->curve[i].mean;
        best[i] = r->curve[i].best;
    }
    ctome_swim_curve c[2] = {{"population mean", x, mean, n, 1}, {"best candidate", x, best, n, 1}};
    int rc = ctome_swim_fig_learning(c, 2, CTOME_SWIM_SPREAD_MINMAX, title, path);
    free(x);
    return rc;
}

/* ---- train ---- */

int swim_train_cmd(int argc, char **argv)
{
    swim_opts o;
    int jrc = CLI_OK;
    int rc = swim_parse(argc, argv, &o);
    if (!rc && !o.output)
        rc = cli_usage_error(o.cmd, "-o checkpoint.h5 is required");
    if (!rc && o.kind != CTOME_POLICY_NCAP && o.kind != CTOME_POLICY_MLP)
        rc = cli_usage_error(o.cmd, "the %s controller has nothing to train (ncap or mlp)",
                             ctome_policy_kind_name(o.kind));
    /* with --resume the checkpoint holds the run's settings: any other option would be ignored */
    static const int resume_ok[] = {SWIM_O_OUTPUT, SWIM_O_RESUME, SWIM_O_BUDGET, SWIM_O_THREADS, SWIM_O_CURVE,
                                    SWIM_O_MPI};
    for (int k = 1; !rc && o.resume && k < SWIM_O_COUNT; k++) {
        int ok = !o.given[k];
        for (size_t i = 0; i < sizeof resume_ok / sizeof *resume_ok; i++)
            ok |= k == resume_ok[i];
        if (!ok)
            rc = cli_usage_error(o.cmd, "with --resume the run's settings come from the checkpoint; give only "
                                        "-o, --budget, --threads, --curve, --plot, --mpi, --quiet, --json");
    }
    if (rc) {
        swim_opts_free(&o);
        return rc < 0 ? CLI_OK : rc;
    }
    if (o.mpi && ctome_mpi_init()) {   /* says so when this ctome has no MPI */
        swim_opts_free(&o);
        return cli_fail();
    }
    int root = ctome_mpi_rank() == 0;   /* prints and writes; every rank trains its block */
    if (!root)
        o.quiet = 1;
#ifdef _OPENMP
    if (o.threads)
        omp_set_num_threads(o.threads);
#endif
    int existed = access(o.output, F_OK) == 0;
    ctome_swim_train_opts to;
    train_progress tp = {.base = 0};
    cli_progress_init(&tp.bar, o.quiet);
    cli_progress_label(&tp.bar, "training");
    ctome_swim_train_result res;
    memset(&res, 0, sizeof res);
    if (o.resume) {
        /* the budget is a total: continue up to it */
        ctome_swim_train_opts b;
        rc = ctome_swim_train_load(o.output, RUN_ID, -1, 0, &to, NULL);
        ctome_swim_train_opts_default(&b, to.policy, to.n_joints, to.es.algo);
        b.max_steps = o.budget ? o.budget : TRAIN_BUDGET;
        b.checkpoint = o.output;
        b.run_id = RUN_ID;
        b.progress = on_generation;
        b.progress_ctx = &tp;
        b.dist = o.mpi ? ctome_mpi_es_dist() : NULL;
        tp.total = b.max_steps;
        if (!rc)
            rc = ctome_swim_train_resume(o.output, RUN_ID, &b, &res);
    } else {
        train_opts(&o, o.kind, &to);
        to.checkpoint = o.output;
        to.progress = on_generation;
        to.progress_ctx = &tp;
        to.dist = o.mpi ? ctome_mpi_es_dist() : NULL;
        tp.total = to.max_steps;
        rc = ctome_swim_train(&to, &res);
    }
    cli_progress_done(&tp.bar);
    /* evaluate the final controller on the episodes `swim eval --checkpoint` uses */
    double ret[FINAL_EPISODES], mean = NAN, sd = NAN;
    ctome_policy *p = NULL;
    ctome_swimmer_model *m = NULL;
    if (!rc)
        rc = ctome_swim_train_policy(&to, res.theta, &p);
    if (!rc)
        rc = ctome_swimmer_model_create(&m, to.n_joints);
    if (!rc)
        rc = swim_eval_episodes(m, p, to.task, to.episode_steps ? to.episode_steps : CTOME_SWIM_STEPS, 1,
                                FINAL_EPISODES, o.threads, ret, NULL, NULL, NULL, 0);
    if (!rc)
        ctome_swim_mean_sd(ret, FINAL_EPISODES, &mean, &sd);
    char title[200];
    snprintf(title, sizeof title, "%s, %s, %d links, seed %" PRIu64, ctome_policy_kind_name(to.policy),
             ctome_es_algo_name(to.es.algo), to.n_joints + 1, to.es.seed);
    int wrote_curve = 0;
    if (!rc && root && o.curve && !(rc = write_curve(o.curve, &res)))
        wrote_curve = 1;
    if (!rc && root && o.plot)
        rc = plot_curve(o.plot, &res, title);
    if (!root) {
        /* quiet: rank 0 reports */
    } else if (rc) {
        if (wrote_curve)
            unlink(o.curve);
        if (!existed)   /* no partial output: a checkpoint the failed command wrote goes too */
            unlink(o.output);
    } else {
        if (o.json) {
            json_t *curve = json_array();
            for (size_t i = 0; i < res.n_curve; i++) {
                const ctome_es_gen *g = &res.curve[i];
                json_array_append_new(curve, json_pack("{s:I, s:I, s:f, s:f, s:f}", "generation",
                                                       (json_int_t)g->generation, "steps", (json_int_t)g->steps,
                                                       "mean", g->mean, "best", g->best, "best_ever", g->best_ever));
            }
            jrc = cli_print_json(json_pack(
                "{s:s, s:s, s:i, s:i, s:I, s:I, s:I, s:I, s:s, s:f, s:f, s:i, s:f, s:o}", "controller",
                ctome_policy_kind_name(to.policy), "algo", ctome_es_algo_name(to.es.algo), "links", to.n_joints + 1,
                "joints", to.n_joints, "seed", (json_int_t)to.es.seed, "params", (json_int_t)res.n_params,
                "generations", (json_int_t)res.generations, "steps", (json_int_t)res.steps, "checkpoint", o.output,
                "final_return", mean, "final_return_sd", sd, "final_episodes", FINAL_EPISODES,
                "best_candidate_return", res.best_return, "curve", curve));
        } else {
            /* stdout holds the learning curve; the run and its result go to
             * stderr, the result even with --quiet */
            print_curve(stdout, &res);
            if (!o.quiet)
                fprintf(stderr, "ctome swim train: %s: %zu parameters, %" PRIu64 " generations, %" PRIu64
                        " environment steps; checkpoint %s\n", title, res.n_params, res.generations, res.steps,
                        o.output);
            fprintf(stderr, "ctome swim train: final_return %.3f +- %.3f (sd over %d episodes, seeds 1..%d); "
                    "best_candidate_return %.3f\n", mean, sd, FINAL_EPISODES, FINAL_EPISODES, res.best_return);
        }
        /* The budget is checked between generations, so the last generation
         * runs whole: say when that took more steps than asked. */
        uint64_t asked = o.resume ? (o.budget ? o.budget : TRAIN_BUDGET) : to.max_steps;
        if (asked && res.steps > asked)
            fprintf(stderr, "ctome swim train: the budget of %" PRIu64 " environment steps is checked after "
                    "each generation: the run used %" PRIu64 " (its last generation ran whole)\n", asked,
                    res.steps);
    }
    ctome_policy_free(p);
    ctome_swimmer_model_free(m);
    ctome_swim_train_result_free(&res);
    swim_opts_free(&o);
    return jrc ? jrc : rc ? cli_fail() : CLI_OK;   /* cli_print_json said why */
}

/* ---- ablate ---- */

typedef struct {
    const char *name;
    ctome_policy_kind kind;
    int shared, constrained, constant_init;
} variant;

static const variant all_variants[] = {
    {"ncap", CTOME_POLICY_NCAP, 1, 1, 1},
    {"no-sharing", CTOME_POLICY_NCAP, 0, 1, 1},
    {"no-signs", CTOME_POLICY_NCAP, 1, 0, 1},
    {"random-init", CTOME_POLICY_NCAP, 1, 1, 0},
    {"mlp", CTOME_POLICY_MLP, 1, 1, 1},
};
#define N_VARIANTS (sizeof all_variants / sizeof *all_variants)

/* --variants a,b,...: indices into all_variants. */
static int pick_variants(const char *list, size_t *idx, size_t *n)
{
    *n = 0;
    if (!list) {
        for (size_t i = 0; i < N_VARIANTS; i++)
            idx[(*n)++] = i;
        return CLI_OK;
    }
    const char *s = list;
    while (*s) {
        size_t len = strcspn(s, ",");
        size_t i = 0;
        while (i < N_VARIANTS && !(strlen(all_variants[i].name) == len && strncmp(all_variants[i].name, s, len) == 0))
            i++;
        if (i == N_VARIANTS || *n == N_VARIANTS)
            return cli_usage_error("swim ablate", "--variants: unknown or repeated variant '%.*s' (ncap, no-sharing, no-signs, "
                                           "random-init, mlp)",
                                   (int)len, s);
        idx[(*n)++] = i;
        s += len + (s[len] == ',');
    }
    return *n ? CLI_OK : cli_usage_error("swim ablate", "--variants is empty");
}

typedef struct {
    size_t n_params;
    double *init, *trained;   /* [seeds] mean return over the evaluation episodes */
    double *steps, *curve;    /* [n_points], [seeds x n_points]: point 0 = init, then each generation */
    size_t n_points;
} variant_result;

/* One variant and seed: return at init, training, return after. */
static int ablate_one(const swim_opts *o, const variant *v, uint64_t seed, int E, train_progress *tp,
                      variant_result *vr, size_t s)
{
    swim_opts os = *o;
    os.seed = seed;
    os.shared = v->shared;
    os.constrained = v->constrained;
    os.constant_init = v->constant_init;
    ctome_swim_train_opts to;
    train_opts(&os, v->kind, &to);
    to.max_steps = o->budget ? o->budget : ABLATE_BUDGET;
    to.episodes = 1;
    to.progress = on_generation;
    to.progress_ctx = tp;
    ctome_swimmer_model *m = NULL;
    ctome_policy *p = NULL;
    ctome_swim_train_result res;
    memset(&res, 0, sizeof res);
    double *ret = malloc((size_t)E * sizeof *ret), sd;
    int rc = ret ? ctome_swimmer_model_create(&m, to.n_joints) : ctome_error_nomem();
    if (!rc)
        rc = ctome_swim_train_policy(&to, NULL, &p);
    if (!rc)
        rc = swim_eval_episodes(m, p, to.task, o->steps, 1, E, o->threads, ret, NULL, NULL, NULL, 0);
    if (!rc) {
        ctome_swim_mean_sd(ret, (size_t)E, &vr->init[s], &sd);
        vr->n_params = ctome_policy_n_params(p);
        rc = ctome_swim_train(&to, &res);
    }
    tp->base += to.max_steps;
    ctome_policy_free(p);
    p = NULL;
    if (!rc)
        rc = ctome_swim_train_policy(&to, res.theta, &p);
    if (!rc)
        rc = swim_eval_episodes(m, p, to.task, o->steps, 1, E, o->threads, ret, NULL, NULL, NULL, 0);
    if (!rc)
        ctome_swim_mean_sd(ret, (size_t)E, &vr->trained[s], &sd);
    /* learning curve: the init return at 0 steps, then the population mean per generation */
    if (!rc && s == 0) {
        vr->n_points = res.n_curve + 1;
        vr->steps = malloc(vr->n_points * sizeof *vr->steps);
        vr->curve = malloc(vr->n_points * (size_t)o->seeds * sizeof *vr->curve);
        if (!vr->steps || !vr->curve)
            rc = ctome_error_nomem();
        for (size_t i = 0; !rc && i < vr->n_points; i++)
            vr->steps[i] = i ? (double)res.curve[i - 1].steps : 0;
    }
    if (!rc && res.n_curve + 1 != vr->n_points)   /* full-length episodes: the same grid for every seed */
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "%zu generations, but seed 1 made %zu", res.n_curve,
                         vr->n_points - 1);
    for (size_t i = 0; !rc && i < vr->n_points; i++)
        vr->curve[s * vr->n_points + i] = i ? res.curve[i - 1].mean : vr->init[s];
    ctome_swim_train_result_free(&res);
    ctome_policy_free(p);
    ctome_swimmer_model_free(m);
    free(ret);
    if (rc)
        return ctome_error(rc, NULL, 0, "ablation %s, seed %" PRIu64 ": %s", v->name, seed, ctome_error_message());
    return CTOME_OK;
}

static int ablate_figures(const swim_opts *o, const size_t *idx, size_t nv, const variant_result *vr, int E,
                          uint64_t budget, char written[2][1024], int *n_written)
{
    int rc = CTOME_OK;
    size_t K = (size_t)o->seeds;
    *n_written = 0;
    const char *names[N_VARIANTS];
    double mi[N_VARIANTS], si[N_VARIANTS], mt[N_VARIANTS], st[N_VARIANTS];
    ctome_swim_curve c[N_VARIANTS];
    char labels[N_VARIANTS][64], title[200];
    for (size_t k = 0; k < nv; k++) {
        names[k] = all_variants[idx[k]].name;
        ctome_swim_mean_sd(vr[k].init, K, &mi[k], &si[k]);
        ctome_swim_mean_sd(vr[k].trained, K, &mt[k], &st[k]);
        snprintf(labels[k], sizeof labels[k], "%s (%zu params)", names[k], vr[k].n_params);
        c[k] = (ctome_swim_curve){labels[k], vr[k].steps, vr[k].curve, vr[k].n_points, K};
    }
    snprintf(title, sizeof title, "Ablations: %" PRIu64 " env steps, %zu seeds, %d eval episodes", budget, K, E);
    /* --plot PREFIX: PREFIX_summary and PREFIX_curves */
    char path[1024];
    if (o->plot) {
        swim_plot_name(o, "summary", path, sizeof path);   /* fits: checked by swim_parse */
        rc = ctome_swim_fig_ablation(names, nv, mi, si, mt, st, title, path);
        if (!rc)
            snprintf(written[(*n_written)++], 1024, "%s", path);
    }
    if (!rc && o->plot) {
        swim_plot_name(o, "curves", path, sizeof path);   /* fits: checked by swim_parse */
        snprintf(title, sizeof title, "Learning curves (population mean; min-max over %zu seeds)", K);
        rc = ctome_swim_fig_learning(c, nv, CTOME_SWIM_SPREAD_MINMAX, title, path);
        if (!rc)
            snprintf(written[(*n_written)++], 1024, "%s", path);
    }
    return rc;
}

int swim_ablate_cmd(int argc, char **argv)
{
    swim_opts o;
    int jrc = CLI_OK;
    int rc = swim_parse(argc, argv, &o);
    size_t idx[N_VARIANTS], nv = 0;
    if (!rc)
        rc = pick_variants(o.variants, idx, &nv);
    if (rc) {
        swim_opts_free(&o);
        return rc < 0 ? CLI_OK : rc;
    }
#ifdef _OPENMP
    if (o.threads)
        omp_set_num_threads(o.threads);
#endif
    int E = o.episodes ? o.episodes : 3;
    size_t K = (size_t)o.seeds;
    uint64_t budget = o.budget ? o.budget : ABLATE_BUDGET;
    variant_result vr[N_VARIANTS];
    memset(vr, 0, sizeof vr);
    train_progress tp = {.base = 0, .total = budget * K * nv};
    cli_progress_init(&tp.bar, o.quiet);
    cli_progress_label(&tp.bar, "ablations");
    for (size_t k = 0; !rc && k < nv; k++) {
        vr[k].init = calloc(K, sizeof(double));
        vr[k].trained = calloc(K, sizeof(double));
        if (!vr[k].init || !vr[k].trained)
            rc = ctome_error_nomem();
        for (size_t s = 0; !rc && s < K; s++)
            rc = ablate_one(&o, &all_variants[idx[k]], (uint64_t)(s + 1), E, &tp, &vr[k], s);
    }
    cli_progress_done(&tp.bar);
    char written[2][1024];
    int n_written = 0;
    if (!rc)
        rc = ablate_figures(&o, idx, nv, vr, E, budget, written, &n_written);
    if (rc) {
        for (int i = 0; i < n_written; i++)
            unlink(written[i]);
    }
    for (int i = 0; !rc && i < n_written; i++)
        cli_plot_wrote("swim ablate", written[i], o.quiet);
    if (rc) {
    } else if (o.json) {
        json_t *rows = json_array();
        for (size_t k = 0; k < nv; k++) {
            double mi, si, mt, st;
            ctome_swim_mean_sd(vr[k].init, K, &mi, &si);
            ctome_swim_mean_sd(vr[k].trained, K, &mt, &st);
            json_array_append_new(rows, json_pack("{s:s, s:I, s:f, s:f, s:f, s:f, s:I, s:I}", "variant",
                                                  all_variants[idx[k]].name, "params", (json_int_t)vr[k].n_params,
                                                  "init_mean", mi, "init_sd", si, "trained_mean", mt, "trained_sd",
                                                  st, "seeds", (json_int_t)K, "budget", (json_int_t)budget));
        }
        jrc = cli_print_json(json_pack("{s:s, s:i, s:i, s:s, s:I, s:I, s:i, s:o}", "algo",
                                       ctome_es_algo_name((ctome_es_algo)o.algo), "links", o.n_joints + 1, "joints",
                                       o.n_joints, "task", ctome_swim_task_name(o.task), "seeds", (json_int_t)K,
                                       "budget", (json_int_t)budget, "episodes", E, "variants", rows));
    } else {
        printf("variant\tparams\tinit_mean\tinit_sd\ttrained_mean\ttrained_sd\tseeds\tbudget\n");
        for (size_t k = 0; k < nv; k++) {
            double mi, si, mt, st;
            ctome_swim_mean_sd(vr[k].init, K, &mi, &si);
            ctome_swim_mean_sd(vr[k].trained, K, &mt, &st);
            printf("%s\t%zu\t%.3f\t%.3f\t%.3f\t%.3f\t%zu\t%" PRIu64 "\n", all_variants[idx[k]].name, vr[k].n_params,
                   mi, si, mt, st, K, budget);
        }
        /* what the numbers are, on stderr: stdout holds one table */
        if (!o.quiet)
            fprintf(stderr, "ctome swim ablate: %s, %d links, %s task; seeds 1..%zu (init and optimiser); returns: "
                    "mean over %d episodes (seeds 1..%d) per run, then mean +- sd over runs\n",
                    ctome_es_algo_name((ctome_es_algo)o.algo), o.n_joints + 1, ctome_swim_task_name(o.task), K, E, E);
    }
    for (size_t k = 0; k < nv; k++) {
        free(vr[k].init);
        free(vr[k].trained);
        free(vr[k].steps);
        free(vr[k].curve);
    }
    swim_opts_free(&o);
    return jrc ? jrc : rc ? cli_fail() : CLI_OK;   /* cli_print_json said why */
}
