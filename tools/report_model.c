/* report_model.c — the model section of `ctome report`: the connectome E/I
 * rate model of cook2019-herm (default options of `ctome perturb`), its
 * perturbation atlas against the Randi 2023 atlas with rewired nulls, and a
 * small chemical x gap-junction scale sweep.  Shorter windows, a coarser step
 * and few nulls than the command defaults keep the section to seconds; the
 * settings are printed in the section.  A part that cannot be computed says
 * why instead of failing the report. */
#include "cli.h"
#include "commands.h"
#include "report_html.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ei.h"
#include "ei_atlas.h"
#include "ei_atlas_figs.h"
#include "ei_sweep.h"
#include "structfunc.h"

#define REPORT_MODEL_ID "cook2019-herm"
#define REPORT_MODEL_NULLS 20

typedef struct {
    const ctome_connectome *c;
    const ctome_registry *reg;
} build_ctx;

/* Called from the sweep's threads: reads only c and reg. */
static int build_default(const ctome_ei_opts *o, void *user, ctome_ei **out)
{
    const build_ctx *b = user;
    return ctome_ei_build(b->c, b->reg, o, out);
}

/* The sweep table in one sentence: its range, where it peaks, what failed. */
static void sweep_reading(FILE *f, const ctome_ei_sweep *s)
{
    size_t best = 0, lo = 0, k = 0, blown = 0, unsettled = 0;
    for (size_t q = 0; q < s->n1 * s->n2; q++) {
        if (s->status[q] == CTOME_SWEEP_BLOWUP) {
            blown++;
            continue;
        }
        unsettled += s->status[q] != 0;
        if (!isfinite(s->rho[q]))
            continue;
        if (!k++ || s->rho[q] > s->rho[best])
            best = q;
        if (k == 1 || s->rho[q] < s->rho[lo])
            lo = q;
    }
    if (!k)
        return;
    char t[500];
    snprintf(t, sizeof t,
             "Reading: over the %zu x %zu grid %s runs from %.3f to %.3f, highest at chem-scale %.3g and gap-scale "
             "%.3g; %zu settings blew up and %zu did not settle. A spread this small says the agreement with the "
             "atlas hardly depends on the two scales in this range",
             s->n1, s->n2, "\xcf\x81", s->rho[lo], s->rho[best], s->v1[best / s->n2], s->v2[best % s->n2], blown,
             unsettled);
    if (s->rho[best] - s->rho[lo] >= 0.05)   /* otherwise the last clause holds */
        *strstr(t, ". A spread") = '\0';
    report_reading(f, t);
}

static void sweep_part(FILE *f, const char *dir, const ctome_connectome *c, const ctome_fmatrix *fm,
                       const ctome_ei_atlas_opts *ao)
{
    ctome_sweep_axis a1, a2;
    ctome_ei_opts base;
    ctome_ei_opts_default(&base);
    ctome_ei_sweep s;
    build_ctx bc = {c, cli_registry()};
    if (ctome_sweep_axis_parse("chem-scale=0.001:0.1:4", 1, &a1) ||
        ctome_sweep_axis_parse("gap-scale=0.001:0.1:4", 1, &a2) ||
        ctome_ei_sweep_run(build_default, &bc, &base, ao, fm, NULL, 0, &a1, &a2, 0, NULL, NULL, &s)) {
        report_not_computed(f, "The sweep was");
        return;
    }
    fputs("<h3>Sweep: chemical x gap-junction scale</h3>\n<table><tr><th>chem-scale</th>", f);
    for (size_t k = 0; k < s.n2; k++)
        fprintf(f, "<th>gap %.3g</th>", s.v2[k]);
    fputs("</tr>\n", f);
    for (size_t i = 0; i < s.n1; i++) {
        fprintf(f, "<tr><td class=\"n\">%.3g</td>", s.v1[i]);
        for (size_t k = 0; k < s.n2; k++) {
            size_t q = i * s.n2 + k;
            if (s.status[q] == CTOME_SWEEP_BLOWUP)
                fputs("<td>blew up</td>", f);
            else
                fprintf(f, "<td class=\"n\">%.3f%s</td>", s.rho[q], s.status[q] ? " (unsettled)" : "");
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    sweep_reading(f, &s);
    char *path = ctome_path_join(dir, "fig/model_sweep.png");
    if (!path || ctome_plot_ei_sweep(&s, REPORT_MODEL_ID " model vs Randi 2023: Spearman \u03c1", path))
        report_not_computed(f, "The sweep figure was");
    else
        report_figure(f, "fig/model_sweep.png", "chemical x gap-junction sweep", "Spearman rho of the model atlas against the Randi atlas over a "
                                         "log grid of chemical and gap-junction scales (ctome sweep).", 760);
    free(path);
    ctome_ei_sweep_clear(&s);
}

int report_model(FILE *f, const char *dir, struct ctome_connectome **cs, size_t n)
{
    const ctome_connectome *c = NULL;
    for (size_t i = 0; i < n; i++)
        if (cs[i] && cs[i]->id && !strcmp(cs[i]->id, REPORT_MODEL_ID))
            c = cs[i];
    fputs("<h2>Connectome rate model: perturbation atlas</h2>\n", f);
    if (!c) {
        fputs("<p>" REPORT_MODEL_ID " is not loaded: no model section.</p>\n", f);
        return CTOME_OK;
    }
    ctome_ei_atlas_opts ao;
    ctome_ei_atlas_opts_default(&ao);
    ao.window = 5.0;
    ao.dt = 0.02;
    fprintf(f, "<p>The E/I rate model tau dx/dt = -x + W tanh(x) + g L x + I of %s (default options of "
               "<code>ctome perturb</code>: chem-scale 0.01, gap-scale 0.01, tau 1, Dale signs from the "
               "transmitter atlas). Each neuron is stimulated in turn (pulse %g for %g time units); the "
               "response is the mean deviation from the unstimulated trajectory over %g time units "
               "(RK4, dt %g). The atlas is compared with the Randi 2023 signal-propagation atlas over "
               "its measured pairs (Spearman rho, sign agreement) and with %d models on "
               "degree-preserving rewirings of the chemical and gap-junction graphs (seed 1). The "
               "command defaults use a 10-unit window and dt 0.01. Definitions: docs/methods.md.</p>\n",
            REPORT_MODEL_ID, ao.amp, ao.duration, ao.window, ao.dt, REPORT_MODEL_NULLS);
    ctome_ei *m = NULL;
    ctome_fmatrix *fm = NULL;
    ctome_ei_atlas a = {0};
    ctome_ei_atlas_cmp cmp = {0};
    int rc = ctome_ei_build(c, cli_registry(), NULL, &m);
    if (!rc)
        rc = ctome_structfunc_functional("randi2023-funconn", cli_datadir(), cli_registry(), CTOME_SF_ABSENT_DEFAULT, &fm);
    if (!rc)
        rc = ctome_ei_atlas_compute(m, NULL, 0, &ao, &a);
    if (!rc)
        rc = ctome_ei_atlas_compare(m, fm, &ao, &a, REPORT_MODEL_NULLS, 1, &cmp);
    if (rc) {
        report_not_computed(f, "The atlas was");
    } else {
        fprintf(f, "<table><tr><th>neurons</th><th>stimulated</th><th>measured pairs</th><th>Spearman rho</th>"
                   "<th>sign agreement</th><th>null rho (mean &plusmn; sd)</th><th>z</th><th>p</th><th>nulls</th>"
                   "</tr>\n<tr><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                   "<td class=\"n\">%.3f</td><td class=\"n\">%.3f</td><td class=\"n\">%.3f &plusmn; %.3f</td>"
                   "<td class=\"n\">%.2f</td><td class=\"n\">%.3g</td><td class=\"n\">%zu</td></tr>\n</table>\n",
                m->n, a.n_stim, cmp.pairs.n_pairs, cmp.rho, cmp.sign_agree, cmp.null_mean, cmp.null_sd, cmp.z,
                cmp.p, cmp.n_valid);
        char t[700];
        snprintf(t, sizeof t,
                 "Reading: the model's perturbation atlas agrees with the Randi 2023 atlas %s: Spearman %s = %.3f "
                 "over %zu measured pairs, signs agree for %.3f of them; models on degree-preserving rewirings give "
                 "%s = %.3f %s %.3f (z = %.2f, p = %.3g over %zu nulls), so %s",
                 fabs(cmp.rho) < 0.1 ? "only weakly" : fabs(cmp.rho) < 0.3 ? "modestly" : "clearly", "\xcf\x81",
                 cmp.rho, cmp.pairs.n_pairs, cmp.sign_agree, "\xcf\x81", cmp.null_mean, "\xc2\xb1", cmp.null_sd,
                 cmp.z, cmp.p, cmp.n_valid,
                 cmp.p < 0.05 && cmp.rho > cmp.null_mean
                     ? (cmp.p > 0.01 ? "the actual wiring predicts the measured responses better than wiring with "
                                       "the same degrees, marginally (p near 0.05 with few nulls)"
                                     : "the actual wiring predicts the measured responses better than wiring with "
                                       "the same degrees")
                     : "the actual wiring does no better than random wiring with the same degrees: a null result");
        report_reading(f, t);
        char *path = ctome_path_join(dir, "fig/model_atlas.png");
        if (!path || ctome_plot_ei_atlas(m, &a, &cmp, REPORT_MODEL_ID " model vs Randi 2023", path))
            report_not_computed(f, "The atlas figure was");
        else
            report_figure(f, "fig/model_atlas.png", "model vs Randi perturbation atlas", "A: model perturbation atlas (stimulated rows, responding "
                                             "columns); B: Randi 2023 atlas in the same order; C: measured "
                                             "vs model response per pair; D: rho of the rewired nulls.", 760);
        free(path);
        sweep_part(f, dir, c, fm, &ao);
    }
    ctome_ei_atlas_cmp_clear(&cmp);
    ctome_ei_atlas_clear(&a);
    ctome_fmatrix_free(fm);
    ctome_ei_free(m);
    return CTOME_OK;
}
