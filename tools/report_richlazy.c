/* report_richlazy.c — the rich/lazy half of the report's learning section:
 * a small `ctome richlazy` sweep (perceptual decision making, 3 initial
 * ranks, the cook2019-herm connectome and its matched random network, one
 * seed, REPORT_RL_STEPS updates) with its table and two figures.  The full
 * measurement, with more seeds and updates, is in docs/richlazy.md.  A sweep
 * that cannot run says why instead of failing the report. */
#include "cli.h"
#include "commands.h"
#include "report_html.h"
#include "richlazy.h"
#include "richlazy_figs.h"
#include "rnn_init.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_RL_STEPS 150
#define REPORT_RL_SEED 1

static void cell(FILE *f, double v, const char *fmt)
{
    fputs("<td class=\"n\">", f);
    if (isfinite(v))
        fprintf(f, fmt, v);
    else
        fputs("&ndash;", f);
    fputs("</td>", f);
}

static void table(FILE *f, const ctome_rl_net *nets, size_t n)
{
    fputs("<table>\n<tr><th>initial W</th><th>rank</th><th>effective rank W<sub>0</sub></th>"
          "<th>probe accuracy</th><th>&#8214;W<sub>t</sub>&minus;W<sub>0</sub>&#8214;/&#8214;W<sub>0</sub>&#8214;</th>"
          "<th>tangent kernel alignment</th><th>centred</th><th>representation alignment (centred)</th>"
          "<th>sign similarity</th><th>effective rank W<sub>t</sub></th></tr>\n", f);
    for (size_t i = 0; i < n; i++) {
        const ctome_rl_curve *c = &nets[i].curve;
        size_t k = c->n_points - 1;
        fprintf(f, "<tr><td>%s</td><td class=\"n\">%zu</td>", ctome_rl_init_name(nets[i].init), nets[i].rank);
        cell(f, nets[i].erank0, "%.1f");
        cell(f, c->acc[k], "%.2f");
        cell(f, c->dw_rel[k], "%.4f");
        cell(f, c->ka[k], "%.4f");
        cell(f, c->cka[k], "%.4f");
        cell(f, c->cra[k], "%.4f");
        cell(f, c->sign[k], "%.4f");
        cell(f, c->erank[k], "%.1f");
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* The table in one sentence: whether lower initial rank gave the larger
 * weight change and the lower kernel alignment (Liu et al.'s claim), from
 * the final values as printed, and where the connectome sits. */
static void richlazy_reading(FILE *f, const ctome_rl_net *nets, size_t n)
{
    const ctome_rl_net *lo = NULL, *hi = NULL, *conn = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(ctome_rl_init_name(nets[i].init), "connectome"))
            conn = &nets[i];
        else if (!strcmp(ctome_rl_init_name(nets[i].init), "random")) {
            if (!lo || nets[i].rank < lo->rank)
                lo = &nets[i];
            if (!hi || nets[i].rank > hi->rank)
                hi = &nets[i];
        }
    }
    if (!lo || !hi || lo == hi)
        return;
    size_t kl = lo->curve.n_points - 1, kh = hi->curve.n_points - 1;
    double dwl = lo->curve.dw_rel[kl], dwh = hi->curve.dw_rel[kh], kal = lo->curve.ka[kl], kah = hi->curve.ka[kh];
    int both = dwl > dwh && kal < kah, none = dwl <= dwh && kal >= kah;
    char t[800], c[200] = "";
    if (conn)
        snprintf(c, sizeof c, "; the connectome start changes its weights by %.4f with alignment %.4f",
                 conn->curve.dw_rel[conn->curve.n_points - 1], conn->curve.ka[conn->curve.n_points - 1]);
    snprintf(t, sizeof t,
             "Reading: rank %zu starts change their weights by %.4f (relative) with tangent kernel alignment %.4f, "
             "rank %zu starts by %.4f with alignment %.4f: %s%s. One seed: a direction, not a measurement "
             "(docs/richlazy.md)",
             lo->rank, dwl, kal, hi->rank, dwh, kah,
             both ? "lower rank learns richer on both measures, as Liu et al. report"
             : none ? "the opposite of Liu et al.'s claim on both measures"
                    : "the two measures disagree, so no conclusion on richness",
             c);
    report_reading(f, t);
}

/* Train the small sweep; 0 with *nets set, or an error (recorded). */
static int sweep(ctome_rl_net **nets, size_t *nn, size_t *n_units)
{
    cli_inputs in = {0};
    if (cli_load("cook2019-herm", &in))
        return ctome_error_code() ? ctome_error_code() : CTOME_EINVAL;
    double *wc = NULL;
    size_t n = 0;
    int rc = ctome_rnn_init_connectome(in.c[0], cli_registry(), CTOME_RNN_SCALE_FROBENIUS, 1.0, &wc, &n, NULL);
    cli_inputs_free(&in);
    if (rc)
        return rc;
    size_t ranks[3] = {1, 16, n};
    ctome_rl_sweep_opts so;
    ctome_rl_sweep_opts_default(&so);
    so.n = n;
    so.ranks = ranks;
    so.n_ranks = 3;
    so.w_conn = wc;
    so.seed0 = REPORT_RL_SEED;
    so.n_seeds = 1;
    so.train.steps = REPORT_RL_STEPS;
    so.train.every = REPORT_RL_STEPS / 10;
    rc = ctome_rl_sweep(&so, nets, nn);
    free(wc);
    *n_units = n;
    return rc;
}

int report_richlazy(FILE *f, const char *dir)
{
    fputs("<h3>Rich and lazy learning from low-rank and connectome initial weights</h3>\n", f);
    ctome_rl_net *nets = NULL;
    size_t nn = 0, n = 0;
    if (sweep(&nets, &nn, &n)) {
        report_not_computed(f, "The rich/lazy sweep was");
        return CTOME_OK;
    }
    fprintf(f, "<p>Tanh RNNs of %zu units (the neurons of the cook2019-herm model) trained with SGD "
               "(momentum 0.9, learning rate 0.1, batches of 32) for %d updates on NeuroGym's perceptual decision-making "
               "task (built in C), seed %d. Initial recurrent weights: a Gaussian matrix truncated to rank 1, 16 "
               "or %zu; the cook2019-herm chemical layer signed by transmitter (Dale's law); a Gaussian "
               "truncated to the connectome's effective rank (&lsquo;matched&rsquo;). All have "
               "&#8214;W<sub>0</sub>&#8214;<sub>F</sub> = &radic;n. Liu et al. (ICLR 2024) report that lower "
               "initial rank gives richer learning: larger weight change and lower tangent-kernel alignment. "
               "Command: <code>ctome richlazy --ranks 1,16,%zu --seeds 1 --steps %d</code>; the full "
               "measurement is in docs/richlazy.md.</p>\n",
            n, REPORT_RL_STEPS, REPORT_RL_SEED, n, n, REPORT_RL_STEPS);
    table(f, nets, nn);
    richlazy_reading(f, nets, nn);
    size_t len = strlen(dir) + 64;
    char *path = malloc(len);
    int rc = path ? CTOME_OK : ctome_error_nomem();
    if (!rc) {
        snprintf(path, len, "%s/fig/richlazy_curves.png", dir);
        if (ctome_plot_richlazy_curves(nets, nn, "Rich vs lazy: perceptual decision making", path))
            report_not_computed(f, "The curves figure was");
        else
            report_figure(f, "fig/richlazy_curves.png", "rich/lazy measures over training",
                   "Measures over training, per initial weight structure (A weight change, B-C tangent "
                   "kernel alignment uncentred and centred, D-E representation alignment uncentred and "
                   "centred, F sign similarity, G effective rank of W_t, H probe accuracy).", 760);
        snprintf(path, len, "%s/fig/richlazy_summary.png", dir);
        if (ctome_plot_richlazy_summary(nets, nn, "Final measures vs initial effective rank", path))
            report_not_computed(f, "The summary figure was");
        else
            report_figure(f, "fig/richlazy_summary.png", "rich/lazy final measures vs initial rank",
                   "Final weight change, kernel alignments, representation alignments and sign similarity "
                   "against the effective rank of W_0.", 760);
    }
    free(path);
    ctome_rl_nets_free(nets, nn);
    return rc;
}
