/* report_reproduce.c — the "Published results" section of `ctome report`:
 * `ctome reproduce all` in quick mode (seed 1), one table of every claim
 * with its verdict and reason, and one figure per paper.  A paper that
 * cannot run says so instead of failing the report. */
#include "cli.h"
#include "commands.h"
#include "report_html.h"
#include "reproduce.h"
#include "reproduce_figs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_REPRO_SEED 1

static void claims_rows(FILE *f, const ctome_repro_paper *p)
{
    for (size_t i = 0; i < p->n_claims; i++) {
        const ctome_claim *c = &p->claims[i];
        fputs("<tr><td>", f);
        if (i == 0)
            report_html_text(f, p->key);
        fputs("</td><td>", f);
        report_html_text(f, c->claim);
        fputs("</td><td>", f);
        report_html_text(f, c->paper_text);
        fputs(" <small>(", f);
        report_html_text(f, c->source);
        fputs(")</small></td><td>", f);
        report_html_text(f, c->value_text);
        fputs("</td><td>", f);
        report_html_text(f, c->tol_text);
        fprintf(f, "</td><td><b style=\"color:%s\">%s</b></td><td><small>", c->verdict == CTOME_REPRODUCED ?
                "#008060" : c->verdict == CTOME_SKIPPED ? "#606060" : "#c05000", ctome_verdict_name(c->verdict));
        report_html_text(f, c->why);
        fputs("</small></td></tr>\n", f);
    }
}

int report_reproduce(FILE *f, const char *dir)
{
    fputs("<h2>Published results</h2>\n<p>The seed papers' headline results rerun on the bundled data "
          "(<code>ctome reproduce all</code>, quick mode, seed 1; paper-scale budgets: "
          "<code>--full</code>; definitions and every DIFFERS explained in docs/reproduce.md). A claim that "
          "does not reproduce stays in the table with its reason.</p>\n",
          f);
    ctome_repro_opts o;
    ctome_repro_opts_default(&o);
    o.datadir = cli_datadir();
    o.reg = cli_registry();
    o.seed = REPORT_REPRO_SEED;
    if (!o.reg) {
        report_not_computed(f, "The published-results section was");
        return CTOME_OK;
    }
    size_t np = ctome_repro_n_papers(), len = strlen(dir) + 64;
    ctome_repro_paper *ps = calloc(np, sizeof *ps);
    int *ok = calloc(np, sizeof *ok);
    char *path = malloc(len);
    if (!ps || !ok || !path) {
        free(ps);
        free(ok);
        free(path);
        return ctome_error_nomem();
    }
    fputs("<table><tr><th>paper</th><th>claim</th><th>paper (source)</th><th>ctome</th><th>tolerance</th>"
          "<th>verdict</th><th>why</th></tr>\n",
          f);
    for (size_t k = 0; k < np; k++) {
        ok[k] = ctome_repro_run(k, &o, &ps[k]) == CTOME_OK;
        if (ok[k])
            claims_rows(f, &ps[k]);
        else {
            fprintf(f, "<tr><td>%s</td>", ctome_repro_paper_key(k));
            report_not_computed_cell(f, 6);
        }
    }
    fputs("</table>\n", f);
    size_t n_rep = 0, n_diff = 0, n_papers = 0, n_skip = 0;
    char listing[600] = "";
    for (size_t k = 0; k < np; k++) {
        if (!ok[k])
            continue;
        size_t r = 0, d = 0, L = strlen(listing);
        ctome_repro_counts(&ps[k], &r, &d);
        n_rep += r, n_diff += d, n_papers++, n_skip += ctome_repro_n_skipped(&ps[k]);
        if (d)
            snprintf(listing + L, sizeof listing - L, "%s%s %zu of %zu", L ? ", " : "", ps[k].key, d, r + d);
    }
    if (n_papers) {
        char t[900];
        snprintf(t, sizeof t, "Reading: %zu of %zu claims from %zu papers reproduce within their stated "
                              "tolerance%s%s%s",
                 n_rep, n_rep + n_diff, n_papers, n_diff ? "; the rest differ (" : "", listing,
                 n_diff ? " differing), each with its reason in the last column; quick mode, so budget-bound "
                          "claims may need --full" : "");
        size_t L = strlen(t);
        if (n_skip)   /* a build without an optional feature: not counted above */
            snprintf(t + L, sizeof t - L, "; %zu more claims were SKIPPED: this ctome was built without a feature "
                     "their data or model needs (the last column names it)", n_skip);
        report_reading(f, t);
    }
    fputs("<ul>\n", f);
    for (size_t k = 0; k < np; k++) {
        fputs("<li>", f);
        report_html_text(f, ctome_repro_paper_citation(k));
        fputs("</li>\n", f);
    }
    fputs("</ul>\n<div class=\"figs\">\n", f);
    for (size_t k = 0; k < np; k++) {
        if (!ok[k])
            continue;
        snprintf(path, len, "%s/fig/reproduce_%s.png", dir, ps[k].key);
        char rel[96], cap[160];
        snprintf(rel, sizeof rel, "fig/reproduce_%s.png", ps[k].key);
        snprintf(cap, sizeof cap, "%s: ctome / paper value per numeric claim and the paper's curve", ps[k].key);
        if (ctome_plot_reproduce(&ps[k], path))
            report_not_computed(f, "A published-results figure was");
        else
            report_figure(f, rel, ps[k].key, cap, 520);
        ctome_repro_paper_clear(&ps[k]);
    }
    fputs("</div>\n", f);
    free(ps);
    free(ok);
    free(path);
    return CTOME_OK;
}
