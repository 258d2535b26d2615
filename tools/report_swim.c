/* report_swim.c — the locomotion section of `ctome report`: the NCAP swimmer
 * (Bhattasali, Zador & Engel 2022) in MuJoCo before any training.
 *   - returns of NCAP at its constant initialisation against a random-init
 *     MLP, random-init NCAP, uniform random torques and no torque
 *     (`ctome swim eval`), with parameter counts;
 *   - one NCAP episode: body trajectory, joint-angle kymograph, B-neurons
 *     (`ctome swim run --plot`);
 *   - constant-init NCAP weights on bodies of 3..13 links (`ctome swim transfer`).
 * Episode counts are small so the section takes a few seconds; a row that
 * cannot be computed says why instead of failing the report. */
#include "cli.h"
#include "commands.h"
#include "report_html.h"
#include "swim_cli.h"
#include "swim_eval.h"
#include "swim_figs.h"
#include "swim_movie.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_SWIM_EPISODES 5   /* per controller (MLP/random NCAP: one episode per init seed) */
#define REPORT_SWIM_TRANSFER_EPISODES 2
#define REPORT_SWIM_JOINTS 5

static void defaults(swim_opts *o, ctome_policy_kind kind)
{
    swim_opts_default(o);
    o->sub = "report";
    o->n_joints = REPORT_SWIM_JOINTS;
    o->kind = kind;
}

/* Returns of one controller over REPORT_SWIM_EPISODES episodes; a seeded
 * initialisation (MLP, random-init NCAP) is redrawn per episode (init seed =
 * episode seed), so the spread covers initialisations. */
static int returns_of(const ctome_swimmer_model *m, const swim_opts *o, int per_init, double *ret, size_t *k)
{
    int rc = CTOME_OK;
    *k = 0;
    for (int i = 0; !rc && i < (per_init ? REPORT_SWIM_EPISODES : 1); i++) {
        swim_opts oi = *o;
        oi.seed = o->seed + (uint64_t)i;
        ctome_policy *p = NULL;
        rc = swim_make_policy(&oi, o->n_joints, &p);
        if (!rc)
            *k = ctome_policy_n_params(p);
        if (!rc)
            rc = swim_eval_episodes(m, p, o->task, o->steps, oi.seed, per_init ? 1 : REPORT_SWIM_EPISODES, 0,
                                    ret + i, NULL, NULL, NULL, 0);
        ctome_policy_free(p);
    }
    return rc;
}

/* The returns table in one sentence (rows: NCAP constant, NCAP random, MLP,
 * random torques, zero), from the means and sds as printed. */
static void returns_reading(FILE *f, const double *mean, const double *sd, const size_t *k, const int *ok)
{
    if (!ok[0] || !ok[2] || !ok[3])
        return;
    char t[700];
    snprintf(t, sizeof t,
             "Reading: before any training the circuit's structure alone swims: NCAP at its constant "
             "initialisation (%zu parameters) returns %.1f %s %.1f, against %.1f %s %.1f for randomly initialised "
             "MLPs (%zu parameters) and %.1f %s %.1f for uniform random torques%s. Over %d episodes each; the "
             "randomised start moves a return by a few units",
             k[0], mean[0], "\xc2\xb1", sd[0], mean[2], "\xc2\xb1", sd[2], k[2], mean[3], "\xc2\xb1", sd[3],
             mean[0] > mean[2] + 2 * sd[2] && mean[0] > mean[3] + 2 * sd[3] ? "" :
             " (not clearly better: within two sd of a baseline)", REPORT_SWIM_EPISODES);
    report_reading(f, t);
}

static void returns_table(FILE *f, const ctome_swimmer_model *m)
{
    struct {
        const char *name;
        ctome_policy_kind kind;
        int constant_init, per_init;
    } rows[] = {{"NCAP, constant init (+1/-1)", CTOME_POLICY_NCAP, 1, 0},
                {"NCAP, random init", CTOME_POLICY_NCAP, 0, 1},
                {"MLP 2 x 64 tanh, random init", CTOME_POLICY_MLP, 1, 1},
                {"uniform random torques", CTOME_POLICY_RANDOM, 1, 0},
                {"zero torque", CTOME_POLICY_ZERO, 1, 0}};
    fputs("<table><tr><th>controller</th><th>parameters</th><th>return (mean &plusmn; sd)</th>"
          "<th>episodes</th></tr>\n",
          f);
    double means[5] = {0}, sds[5] = {0};
    size_t ks[5] = {0};
    int oks[5] = {0};
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        swim_opts o;
        defaults(&o, rows[r].kind);
        o.constant_init = rows[r].constant_init;
        double ret[REPORT_SWIM_EPISODES], mean, sd;
        size_t k;
        fputs("<tr><td>", f);
        report_html_text(f, rows[r].name);
        fputs("</td>", f);
        if (returns_of(m, &o, rows[r].per_init, ret, &k)) {
            report_not_computed_cell(f, 3);
            continue;
        }
        ctome_swim_mean_sd(ret, REPORT_SWIM_EPISODES, &mean, &sd);
        /* rounded as printed, so the reading quotes the table's numbers */
        means[r] = round(mean * 10) / 10, sds[r] = round(sd * 10) / 10, ks[r] = k, oks[r] = 1;
        fprintf(f, "<td class=\"n\">%zu</td><td class=\"n\">%.1f &plusmn; %.1f</td><td>%d (seeds 1..%d%s)</td></tr>\n",
                k, mean, sd, REPORT_SWIM_EPISODES, REPORT_SWIM_EPISODES,
                rows[r].per_init ? ", one initialisation each" : "");
    }
    fputs("</table>\n", f);
    returns_reading(f, means, sds, ks, oks);
}

/* The same episode as a movie (lib/plot/swim_movie.h): body from above, the
 * links coloured by their joints' B-neurons, one frame per 3 control steps
 * (0.09 s: real time). */
static void episode_movie(FILE *f, const char *dir, const double *body, const double *d, const double *v,
                          size_t T, size_t J, double ret)
{
    char path[4096], title[128];
    const char *name = "fig/swim.gif";
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(title, sizeof title, "NCAP (constant init), 6 links, seed 1: return %.1f", ret);
    ctome_swim_movie_spec ms = {.body = body, .n_steps = T, .n_points = J + 2, .dorsal = d, .ventral = v,
                                .dt = CTOME_SWIM_DT, .stride = 3, .title = title};
    size_t frames = 0;
    int delay = 0;
    if (ctome_swim_movie_gif(&ms, path, &frames, &delay)) {
        report_not_computed(f, "The swimmer movie");
        return;
    }
    char cap[400];
    snprintf(cap, sizeof cap,
             "The episode above seen from above (ctome swim run --movie): %zu frames, one every 3 control steps, "
             "%.2f s each (real time, %.1f frames/s); each link behind a joint coloured by that joint's B-neurons, "
             "dorsal minus ventral from -1 (blue, ventral) to +1 (red, dorsal); head link grey; grey line: the "
             "nose's last 3 s",
             frames, delay / 100.0, 100.0 / delay);
    fputs("<div class=\"figs\">\n", f);
    report_figure(f, name, "Animated swimmer: body from above, links coloured by B-neuron activity", cap,
                  CTOME_SWIM_MOVIE_W);
    fputs("</div>\n", f);
}

/* One NCAP episode (constant init, seed 1): trajectory, kymograph, B-neurons. */
static void episode_figures(FILE *f, const char *dir, const ctome_swimmer_model *m)
{
    size_t T = CTOME_SWIM_STEPS, J = REPORT_SWIM_JOINTS, U = 4 * J + 2;
    ctome_swim_record rec = {0};
    rec.nose = malloc(T * 2 * sizeof(double));
    rec.body = malloc(T * 2 * (J + 2) * sizeof(double));
    rec.joints = malloc(T * J * sizeof(double));
    rec.units = malloc(T * U * sizeof(double));
    double *d = NULL, *v = NULL, ret = 0;
    swim_opts o;
    defaults(&o, CTOME_POLICY_NCAP);
    ctome_policy *p = NULL;
    ctome_swimmer *env = NULL;
    int rc = rec.nose && rec.body && rec.joints && rec.units ? CTOME_OK : ctome_error_nomem();
    if (!rc)
        rc = swim_make_policy(&o, REPORT_SWIM_JOINTS, &p);
    if (!rc && ctome_policy_n_units(p) != U)
        rc = ctome_error(CTOME_EVALUE, NULL, 0, "NCAP has %zu units, expected %zu", ctome_policy_n_units(p), U);
    if (!rc)
        rc = ctome_swimmer_create(&env, m, CTOME_SWIM_TASK_SWIM, 0);
    if (!rc)
        rc = ctome_swim_episode(env, p, 1, &rec, &ret);
    char path[4096], title[128];
    snprintf(title, sizeof title, "NCAP (constant init), 6 links, seed 1: return %.1f", ret);
    const char *names[3] = {"fig/swim_trajectory.png", "fig/swim_kymograph.png", "fig/swim_activity.png"};
    if (!rc) {
        snprintf(path, sizeof path, "%s/%s", dir, names[0]);
        rc = ctome_swim_fig_trajectory(rec.nose, T, rec.body, J + 2, T / 10, CTOME_SWIM_DT, title, path);
    }
    if (!rc) {
        snprintf(path, sizeof path, "%s/%s", dir, names[1]);
        rc = ctome_swim_fig_kymograph(rec.joints, T, J, CTOME_SWIM_DT, title, path);
    }
    if (!rc) {
        rc = ctome_swim_b_neurons(p, rec.units, U, T, &d, &v);
        if (!rc && !d)
            rc = ctome_error(CTOME_EVALUE, NULL, 0, "NCAP without B-neurons");
    }
    if (!rc) {
        size_t w = 300, t0 = T - w;
        snprintf(path, sizeof path, "%s/%s", dir, names[2]);
        rc = ctome_swim_fig_activity(d + t0 * J, v + t0 * J, w, J, (double)t0 * CTOME_SWIM_DT, CTOME_SWIM_DT,
                                     "NCAP B-neurons (last 9 s)", path);
    }
    if (rc) {
        fputs("<p>Episode figures not drawn: ", f);
        report_html_text(f, ctome_error_message());
        fputs("</p>\n", f);
        ctome_error_clear();
    } else {
        fputs("<div class=\"figs\">\n", f);
        report_figure(f, names[0], "Head (nose) path and body snapshots every 3 s",
                      "Head (nose) path and body snapshots every 3 s, early (dark) to late (yellow)", 560);
        report_figure(f, names[1], "Joint angles over time",
                      "Joint angles over time: the travelling wave runs head to tail", 560);
        report_figure(f, names[2], "Dorsal and ventral B-neurons per joint",
                      "Dorsal and ventral B-neurons per joint, alternating in antiphase", 560);
        fputs("</div>\n", f);
        episode_movie(f, dir, rec.body, d, v, T, J, ret);
    }
    ctome_swimmer_free(env);
    ctome_policy_free(p);
    free(rec.nose);
    free(rec.body);
    free(rec.joints);
    free(rec.units);
    free(d);
    free(v);
}

/* Constant-init NCAP (4 shared weights) on 3..13 links, no retraining. */
static void transfer(FILE *f, const char *dir)
{
    enum { LO = 3, HI = 13, NL = HI - LO + 1 };
    int links[NL];
    double mean[NL], sd[NL], ret[REPORT_SWIM_TRANSFER_EPISODES];
    int rc = CTOME_OK;
    for (int i = 0; !rc && i < NL; i++) {
        swim_opts o;
        links[i] = LO + i;
        defaults(&o, CTOME_POLICY_NCAP);
        o.n_joints = links[i] - 1;
        ctome_swimmer_model *m = NULL;
        ctome_policy *p = NULL;
        rc = ctome_swimmer_model_create(&m, o.n_joints);
        if (!rc)
            rc = swim_make_policy(&o, o.n_joints, &p);
        if (!rc)
            rc = swim_eval_episodes(m, p, o.task, o.steps, 1, REPORT_SWIM_TRANSFER_EPISODES, 0, ret, NULL, NULL,
                                    NULL, 0);
        if (!rc)
            ctome_swim_mean_sd(ret, REPORT_SWIM_TRANSFER_EPISODES, &mean[i], &sd[i]);
        ctome_policy_free(p);
        ctome_swimmer_model_free(m);
    }
    char path[4096];
    const char *name = "fig/swim_transfer.png";
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!rc)
        rc = ctome_swim_fig_transfer(links, mean, sd, NL, "NCAP at constant init on 3..13 links", path);
    if (rc) {
        fputs("<p>Transfer not computed: ", f);
        report_html_text(f, ctome_error_message());
        fputs("</p>\n", f);
        ctome_error_clear();
        return;
    }
    fputs("<table><tr><th>links</th><th>joints</th><th>return (mean &plusmn; sd)</th></tr>\n", f);
    for (int i = 0; i < NL; i++)
        fprintf(f, "<tr><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%.1f &plusmn; %.1f</td></tr>\n",
                links[i], links[i] - 1, mean[i], sd[i]);
    fputs("</table>\n", f);
    int lo = 0, hi = 0;
    for (int i = 1; i < NL; i++) {
        if (mean[i] < mean[lo])
            lo = i;
        if (mean[i] > mean[hi])
            hi = i;
    }
    char t[500];
    snprintf(t, sizeof t,
             "Reading: the same 4 weights, untrained, swim on every body from %d to %d links: returns from %.1f "
             "(%d links) to %.1f (%d links), the 6-link body it is usually trained on returning %.1f",
             LO, HI, mean[lo], links[lo], mean[hi], links[hi], mean[6 - LO]);
    report_reading(f, t);
    fputs("<div class=\"figs\">\n", f);
    report_figure(f, name, "transfer across body lengths", "The same 4 weights on every body length (2 episodes each, seeds 1-2)", 560);
    fputs("</div>\n", f);
}

int report_swim(FILE *f, const char *dir)
{
    fputs("<h2>Locomotion: the NCAP swimmer</h2>\n<p>The C. elegans swimming circuit as a neural circuit "
          "architectural prior (NCAP; Bhattasali, Zador &amp; Engel 2022): per joint a dorsal and a ventral "
          "B-neuron and muscle, a head oscillator, proprioception from the previous joint, 4 shared weights, "
          "driving the DeepMind Control Suite swimmer (Tassa et al. 2018) in MuJoCo (Todorov et al. 2012); "
          "6 links = 5 joints, swim task, return = sum over 1000 steps of clip(v / 0.1 m/s, 0, 1). "
          "Commands, training and the ablation table: <code>ctome swim</code>, docs/locomotion.md.</p>\n",
          f);
    ctome_swimmer_model *m = NULL;
    if (ctome_swimmer_model_create(&m, REPORT_SWIM_JOINTS)) {
        fputs("<p>Not computed: ", f);
        report_html_text(f, ctome_error_message());
        fputs("</p>\n", f);
        ctome_error_clear();
        return CTOME_OK;
    }
    fputs("<h3>Before any training</h3>\n", f);
    returns_table(f, m);
    episode_figures(f, dir, m);
    ctome_swimmer_model_free(m);
    fputs("<h3>Transfer across body lengths</h3>\n", f);
    transfer(f, dir);
    return CTOME_OK;
}
