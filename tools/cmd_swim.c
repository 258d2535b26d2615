/* ctome swim — the NCAP swimmer (Bhattasali, Zador & Engel 2022) in MuJoCo:
 * run one episode and record it, evaluate a controller, transfer NCAP
 * weights across body lengths (train and ablate: cmd_swim_train.c; the
 * option table and its parser: swim_opts.c).
 *
 * Sizes: the user speaks in links (bodies; dm_control's "swimmer6" has 6),
 * the library in joints (links - 1). */
#include "cli.h"
#include "outputs.h"
#include "commands.h"
#include "progress_bar.h"
#include "swim_cli.h"

#include <inttypes.h>
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


#define DEFAULT_JOINTS 5
#define ACTIVITY_WINDOW 300   /* control steps (9 s) of B-neuron traces: ~5 oscillator periods */

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
    swim_plot_name(o, "trajectory", path, sizeof path);   /* fits: checked by swim_parse */
    int rc = ctome_swim_fig_trajectory(e->rec.nose, T, e->rec.body, J + 2, T >= 10 ? T / 10 : 1, CTOME_SWIM_DT,
                                       title, path);
    if (!rc)
        snprintf(written[(*n_written)++], 1024, "%s", path);
    swim_plot_name(o, "kymograph", path, sizeof path);   /* fits: checked by swim_parse */
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
            swim_plot_name(o, "activity", path, sizeof path);   /* fits: checked by swim_parse */
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
    int jrc = CLI_OK;
    swim_opts o;
    int rc = swim_parse(argc, argv, &o);
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
    if (!rc && o.plot)
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
    }
    for (int i = 0; !rc && i < n_written; i++)
        cli_plot_wrote("swim run", written[i], o.quiet);
    if (rc) {
    } else if (o.json) {
        char wd[1200];
        json_t *j = json_pack("{s:s, s:s, s:i, s:i, s:I, s:s, s:I, s:i, s:f, s:f}", "controller",
                              ctome_policy_kind_name(o.kind), "task", ctome_swim_task_name(o.task), "links",
                              o.n_joints + 1, "joints", o.n_joints, "params", (json_int_t)ctome_policy_n_params(p),
                              "weights", swim_weights_desc(&o, wd, sizeof wd), "seed", (json_int_t)o.seed, "steps",
                              o.steps, "return", e.ret, "mean_forward_speed", e.speed);
        if (j && o.movie) {
            json_object_set_new(j, "movie", json_string(o.movie));
            json_object_set_new(j, "movie_frames", json_integer((json_int_t)frames));
            json_object_set_new(j, "movie_frame_steps", json_integer(o.movie_stride));
            json_object_set_new(j, "movie_frame_delay_s", json_real(delay / 100.0));
            json_object_set_new(j, "movie_frames_per_s", json_real(100.0 / delay));
            json_object_set_new(j, "movie_speed", json_real(o.movie_stride * CTOME_SWIM_DT / (delay / 100.0)));
        }
        jrc = cli_print_json(j);
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
    rc = jrc ? jrc : rc ? cli_fail() : CLI_OK;   /* cli_print_json said why */
    swim_opts_free(&o);
    return rc;
}

/* ---- eval ---- */

static int swim_eval(int argc, char **argv)
{
    int jrc = CLI_OK;
    swim_opts o;
    int rc = swim_parse(argc, argv, &o);
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
        double mr, sr, ms, ss;
        ctome_swim_mean_sd(ret, (size_t)E, &mr, &sr);
        ctome_swim_mean_sd(speed, (size_t)E, &ms, &ss);
        char wd[1200];
        if (o.json) {
            json_t *rows = json_array();
            for (int i = 0; i < E; i++)
                json_array_append_new(rows, json_pack("{s:i, s:I, s:f, s:f}", "episode", i, "seed",
                                                      (json_int_t)(o.seed + (uint64_t)i), "return", ret[i],
                                                      "mean_forward_speed", speed[i]));
            jrc = cli_print_json(json_pack("{s:s, s:i, s:i, s:s, s:I, s:s, s:i, s:f, s:f, s:f, s:o}", "controller",
                                           ctome_policy_kind_name(o.kind), "links", o.n_joints + 1, "joints",
                                           o.n_joints, "task", ctome_swim_task_name(o.task), "params",
                                           (json_int_t)ctome_policy_n_params(p), "weights",
                                           swim_weights_desc(&o, wd, sizeof wd), "steps", o.steps, "mean_return", mr,
                                           "sd_return", sr, "mean_forward_speed", ms, "episodes", rows));
        } else {
            printf("episode\tseed\treturn\tmean_forward_speed\n");
            for (int i = 0; i < E; i++)
                printf("%d\t%" PRIu64 "\t%.6f\t%.6f\n", i, o.seed + (uint64_t)i, ret[i], speed[i]);
            /* stdout holds one table; what it was and its mean go to stderr
             * (the result even with --quiet) */
            if (!o.quiet)
                fprintf(stderr, "ctome swim eval: %s, %d links (%d joints), %s task, %zu params, weights: %s; "
                        "episodes %d, seeds %" PRIu64 "..%" PRIu64 "\n", ctome_policy_kind_name(o.kind),
                        o.n_joints + 1, o.n_joints, ctome_swim_task_name(o.task), ctome_policy_n_params(p),
                        swim_weights_desc(&o, wd, sizeof wd), E, o.seed, o.seed + (uint64_t)E - 1);
            fprintf(stderr, "ctome swim eval: return %.3f +- %.3f (sd), mean forward speed %.5f m/s\n", mr, sr, ms);
        }
    }
    free(ret);
    free(speed);
    ctome_policy_free(p);
    ctome_swimmer_model_free(m);
    rc = jrc ? jrc : rc ? cli_fail() : CLI_OK;   /* cli_print_json said why */
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
    int jrc = CLI_OK;
    swim_opts o;
    int rc = swim_parse(argc, argv, &o);
    /* the checkpoint's circuit is carried as trained: these switches would be ignored */
    if (!rc && o.checkpoint && (o.given[SWIM_O_NO_SIGNS] || o.given[SWIM_O_NO_SHARING]))
        rc = cli_usage_error(o.cmd, "--no-signs and --no-sharing describe the circuit; with --checkpoint "
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
    const char *from = o.checkpoint ? o.checkpoint : o.weights ? "--weights" : "constant init";
    if (!rc && o.json) {
        json_t *rows = json_array();
        for (int i = 0; i < nL; i++)
            json_array_append_new(rows, json_pack("{s:i, s:i, s:f, s:f, s:f}", "links", links[i], "joints",
                                                  links[i] - 1, "mean_return", mean[i], "sd_return", sd[i],
                                                  "mean_forward_speed", mspeed[i]));
        json_t *doc = json_pack("{s:[f, f, f, f], s:s, s:s, s:i, s:I, s:I, s:o}", "weights", w[0], w[1], w[2],
                                w[3], "weights_from", from, "task", ctome_swim_task_name(o.task), "episodes", E,
                                "seed_first", (json_int_t)o.seed, "seed_last",
                                (json_int_t)(o.seed + (uint64_t)E - 1), "bodies", rows);
        /* the body the checkpoint was trained on; null when not recorded or not from a checkpoint */
        if (doc)
            json_object_set_new(doc, "trained_links", trained_links > 0 ? json_integer(trained_links) : json_null());
        jrc = cli_print_json(doc);
    } else if (!rc) {
        printf("links\tjoints\tmean_return\tsd_return\tmean_forward_speed\n");
        for (int i = 0; i < nL; i++)
            printf("%d\t%d\t%.3f\t%.3f\t%.5f\n", links[i], links[i] - 1, mean[i], sd[i], mspeed[i]);
        /* the weights carried, on stderr: stdout holds one table */
        if (!o.quiet)
            fprintf(stderr, "ctome swim transfer: weights [prop, osc, ipsi, contra] = [%.6g, %.6g, %.6g, %.6g] from "
                    "%s; %s task; episodes %d, seeds %" PRIu64 "..%" PRIu64 "\n", w[0], w[1], w[2], w[3], from,
                    ctome_swim_task_name(o.task), E, o.seed, o.seed + (uint64_t)E - 1);
    }
    free(ret);
    free(speed);
    free(mean);
    free(sd);
    free(mspeed);
    free(links);
    rc = jrc ? jrc : rc ? cli_fail() : CLI_OK;   /* cli_print_json said why */
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
    if (sub[0] == '-')
        return cli_usage_error("swim", "unknown option '%s' (name the subcommand first: run, train, eval, "
                                       "transfer or ablate)", sub);
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
