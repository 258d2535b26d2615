/* report_activity.c — the activity, rank and structure-function sections of
 * `ctome report`:
 *   activity            the bundled recordings homogenised with the defaults
 *                       of `ctome activity` (table + trace heatmap figures);
 *   rank                effective rank, participation ratio, stable rank and
 *                       spectral radius of every connectome layer (weighted)
 *                       and of every bundled recording (`ctome rank`);
 *   structure-function  cook2019-herm and varshney2011, chemical and
 *                       electrical, against the Randi 2023 atlas and the
 *                       Uzel 2022 FC (`ctome structfunc`), with 100 nulls to
 *                       keep the report fast, and one figure.
 * A row that cannot be computed says why instead of failing the report. */
#include "activity.h"
#include "cli.h"
#include "commands.h"
#include "report_html.h"
#include "rank.h"
#include "recordings_io.h"
#include "structfunc.h"
#include "structfunc_figs.h"
#include "trace_figs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_SF_NULLS 100

static void cell(FILE *f, double v, const char *fmt)
{
    if (isfinite(v)) {
        fputs("<td class=\"n\">", f);
        fprintf(f, fmt, v);
        fputs("</td>", f);
    } else {
        fputs("<td class=\"n\">&ndash;</td>", f);
    }
}

/* The first recording of each bundled recording id (NULL where unreadable;
 * the reason is shown in the tables). */
/* Every bundled recording, NULL where it cannot be read; why goes into
 * errs[i] (shown in the page's rows) and onto stderr — a recording that
 * fails to load must not just vanish from the tables. */
static int load_recordings(ctome_recording ***out, const char ***ids, char ***errs, size_t *n)
{
    const char *const *all = ctome_recording_dataset_ids();
    size_t k = 0;
    while (all[k])
        k++;
    *out = calloc(k ? k : 1, sizeof **out);
    *ids = calloc(k ? k : 1, sizeof **ids);
    *errs = calloc(k ? k : 1, sizeof **errs);
    *n = k;
    if (!*out || !*ids || !*errs)
        return ctome_error_nomem();
    for (size_t i = 0; i < k; i++) {
        (*ids)[i] = all[i];
        char *path = NULL;
        ctome_recordings list = {0};
        int rc = ctome_recording_dataset_path(cli_datadir(), all[i], &path);
        if (!rc)
            rc = ctome_read_recordings(path, cli_registry(), &list);
        if (!rc && list.n > 0) {
            (*out)[i] = list.r[0];   /* keep the first, free the rest */
            list.r[0] = NULL;
        }
        for (size_t j = 1; j < list.n; j++)
            ctome_recording_free(list.r[j]);
        free(list.r);
        free(path);
        if (rc) {
            fprintf(stderr, "ctome report: recording %s not read: %s\n", all[i], ctome_error_message());
            (*errs)[i] = ctome_strdup(ctome_error_message());
            ctome_error_clear();
            if (!(*errs)[i])
                return ctome_error_nomem();
        }
    }
    return CTOME_OK;
}

static int activity_section(FILE *f, const char *dir, ctome_recording **recs, const char **ids, char **errs,
                            size_t n)
{
    ctome_activity_opts o;
    ctome_activity_opts_default(&o);
    fprintf(f, "<h2>Activity</h2>\n<p>The bundled recordings homogenised with the defaults of "
               "<code>ctome activity</code>: registry neuron order, NaN runs longer than %.0f%% of a recording "
               "drop the neuron (shorter ones interpolated), linear resampling to %.3f s (bin averaging when "
               "down-sampling), per-neuron z-score; recordings shorter than %zu samples are skipped "
               "(docs/methods.md). The Scholz 2018 strain expresses GFP, not a calcium indicator: it is the "
               "motion control.</p>\n<table><tr><th>recording</th><th>indicator</th><th>neurons in</th>"
               "<th>neurons out</th><th>dropped</th><th>samples in</th><th>samples out</th>"
               "<th>median step in (s)</th><th>step out (s)</th><th>note</th></tr>\n",
            100 * o.max_nan_run, o.dt, o.min_length);
    int rc = CTOME_OK;
    char *figs[8] = {0};
    size_t nf = 0, n_rec = 0, n_in = 0, n_out = 0, n_skip = 0;
    int no_figs = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        fprintf(f, "<tr><td>%s</td>", ids[i]);
        if (!recs[i]) {
            fputs("<td></td><td colspan=\"8\">not read: ", f);
            report_html_text(f, errs[i]);
            fputs("</td></tr>\n", f);
            continue;
        }
        fputs("<td>", f);
        report_html_text(f, recs[i]->indicator);
        fputs("</td>", f);
        ctome_recording *h = NULL;
        ctome_activity_report rep;
        memset(&rep, 0, sizeof rep);
        if (ctome_activity_homogenise(recs[i], &o, &h, &rep)) {
            report_not_computed_cell(f, 8);
            ctome_activity_report_free(&rep);
            continue;
        }
        fprintf(f, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                   "<td class=\"n\">%zu</td>", rep.n_in, rep.n_out, rep.n_dropped, rep.n_time_in, rep.n_time_out);
        cell(f, rep.dt_in, "%.3f");
        cell(f, rep.dt_out, "%.3f");
        fputs("<td>", f);
        n_rec++;
        n_in += rep.n_in;
        n_out += rep.n_out;
        n_skip += rep.skipped != 0;
        if (rep.skipped)
            report_html_text(f, rep.skip_reason);
        else if (rep.n_time_gaps)
            fprintf(f, "%zu time gaps left NaN", rep.n_time_gaps);
        fputs("</td></tr>\n", f);
        if (h && nf < 8) {
            char name[128];
            snprintf(name, sizeof name, "fig/activity_%s.png", ids[i]);
            char *path = ctome_path_join(dir, name);
            rc = path ? ctome_plot_traces(h, NULL, 0, CTOME_CMAP_DIVERGING, path) : ctome_error_nomem();
            free(path);
            if (rc == CTOME_ENOTSUP) {   /* no cairo: the table stays */
                ctome_error_clear();
                no_figs = 1;
                rc = CTOME_OK;
            } else
            if (!rc && !(figs[nf++] = ctome_strdup(name)))
                rc = ctome_error_nomem();
        }
        ctome_recording_free(h);
        ctome_activity_report_free(&rep);
    }
    fputs("</table>\n", f);
    if (n_rec) {
        char sentence[400];
        snprintf(sentence, sizeof sentence,
                 "Reading: %zu of %zu recordings read and homogenised, keeping %zu of %zu neurons (%.0f%%)%s; these "
                 "are a handful of worms, each a different set of identified neurons, so they test a connectome "
                 "only over the neurons they share",
                 n_rec - n_skip, n, n_out, n_in, n_in ? 100.0 * (double)n_out / (double)n_in : 0.0,
                 n_skip ? ", the rest too short (see the note column)" : "");
        report_reading(f, sentence);
    }
    if (no_figs)
        report_no_figure(f, "The activity figures");
    fputs("<div class=\"figs\">\n", f);
    for (size_t i = 0; i < nf; i++) {
        char cap[256];
        /* fig/activity_<id>.png */
        snprintf(cap, sizeof cap, "%.*s, homogenised (z-scored): every neuron as a heatmap, and selected "
                 "neurons stacked", (int)(strlen(figs[i]) - strlen("fig/activity_.png")),
                 figs[i] + strlen("fig/activity_"));
        if (!rc)
            report_figure(f, figs[i], figs[i], cap, 760);
        free(figs[i]);
    }
    fputs("</div>\n", f);
    return rc;
}

/* Lowest and highest effective rank as a share of the matrix's smaller side,
 * over connectome layers (k = 0) and recordings (k = 1). */
typedef struct {
    double lo[2], hi[2], lo_er[2], hi_er[2];
    size_t lo_n[2], hi_n[2], n[2];
    char lo_id[2][96], hi_id[2][96];
} rank_span;

static void rank_note(rank_span *sp, int k, const char *id, const char *layer, const ctome_rank *r)
{
    size_t side = r->rows < r->cols ? r->rows : r->cols;
    if (!side || !isfinite(r->effective_rank))
        return;
    double share = r->effective_rank / (double)side;
    if (!sp->n[k] || share < sp->lo[k]) {
        sp->lo[k] = share, sp->lo_er[k] = r->effective_rank, sp->lo_n[k] = side;
        snprintf(sp->lo_id[k], sizeof sp->lo_id[k], "%s%s%s", id, layer ? " " : "", layer ? layer : "");
    }
    if (!sp->n[k] || share > sp->hi[k]) {
        sp->hi[k] = share, sp->hi_er[k] = r->effective_rank, sp->hi_n[k] = side;
        snprintf(sp->hi_id[k], sizeof sp->hi_id[k], "%s%s%s", id, layer ? " " : "", layer ? layer : "");
    }
    sp->n[k]++;
}

static void rank_reading(FILE *f, const rank_span *sp)
{
    if (!sp->n[0] || !sp->n[1])
        return;
    char s[2000];
    const char *verdict = sp->hi[1] < sp->lo[0]   ? "every recording uses a smaller share of its dimensions than every layer"
                          : sp->hi[0] < sp->lo[1] ? "every layer uses a smaller share of its dimensions than every recording"
                                                  : "the two ranges overlap";
    snprintf(s, sizeof s,
             "Reading: effective rank as a share of the matrix's smaller side runs from %.2f of %zu (%s, %.0f%%) to "
             "%.2f of %zu (%s, %.0f%%) over connectome layers, and from %.2f of %zu (%s, %.0f%%) to %.2f of %zu "
             "(%s, %.0f%%) over recordings: %s. Effective rank is a continuous count that grows with matrix size "
             "and noise, so this comparison is qualitative",
             sp->lo_er[0], sp->lo_n[0], sp->lo_id[0], 100 * sp->lo[0], sp->hi_er[0], sp->hi_n[0], sp->hi_id[0],
             100 * sp->hi[0], sp->lo_er[1], sp->lo_n[1], sp->lo_id[1], 100 * sp->lo[1], sp->hi_er[1], sp->hi_n[1],
             sp->hi_id[1], 100 * sp->hi[1], verdict);
    report_reading(f, s);
}

static void rank_cells(FILE *f, const ctome_rank *r)
{
    fprintf(f, "<td class=\"n\">%zu &times; %zu</td>", r->rows, r->cols);
    cell(f, r->effective_rank, "%.2f");
    cell(f, r->participation_ratio, "%.2f");
    cell(f, r->stable_rank, "%.3f");
    cell(f, r->spectral_radius, "%.3f");
    fputs("</tr>\n", f);
}

static int has_neuron_edge(const ctome_connectome *c, const ctome_layer *l)
{
    ctome_layer_summary s;
    return ctome_layer_summarise(c, l, 1, &s) == 0 && s.n_edges > 0;
}

static int rank_section(FILE *f, ctome_connectome **cs, size_t n, ctome_recording **recs, const char **ids,
                        char **errs, size_t nr)
{
    fputs("<h2>Rank</h2>\n<p>How many dimensions each matrix uses (<code>ctome rank</code>; definitions in "
          "docs/methods.md): singular values by LAPACK divide and conquer; effective rank exp(&minus;&sum; p ln p), "
          "p<sub>k</sub> = s<sub>k</sub> / &sum; s (Roy &amp; Vetterli 2007); participation ratio (&sum; &lambda;)"
          "<sup>2</sup> / &sum; &lambda;<sup>2</sup>; stable rank &sum; s<sup>2</sup> / s<sub>1</sub><sup>2</sup>; "
          "spectral radius. Layers: the weighted adjacency over neurons with an edge (rows = pre), &lambda; = "
          "s<sup>2</sup>. Recordings: neurons &times; time as read, time samples with a NaN dropped, &lambda; = "
          "eigenvalues of the neuron covariance.</p>\n<table><tr><th>source</th><th>layer</th><th>matrix</th>"
          "<th>effective rank</th><th>participation ratio</th><th>stable rank</th><th>spectral radius</th></tr>\n", f);
    rank_span sp;
    memset(&sp, 0, sizeof sp);
    for (size_t i = 0; i < n; i++)
        for (size_t l = 0; l < cs[i]->n_layers; l++) {
            if (!has_neuron_edge(cs[i], &cs[i]->layers[l]))
                continue;
            ctome_rank r = {0};
            fprintf(f, "<tr><td>%s</td><td>%s</td>", cs[i]->id, cs[i]->layers[l].name);
            if (ctome_rank_layer(cs[i], cs[i]->layers[l].name, CTOME_SCOPE_AUTO, 0, &r))
                report_not_computed_cell(f, 5);
            else
                rank_cells(f, &r), rank_note(&sp, 0, cs[i]->id, cs[i]->layers[l].name, &r);
            ctome_rank_free(&r);
        }
    for (size_t i = 0; i < nr; i++) {
        ctome_rank r = {0};
        fprintf(f, "<tr><td>%s</td><td>recording</td>", ids[i]);
        if (!recs[i]) {
            fputs("<td colspan=\"5\">not read: ", f);
            report_html_text(f, errs[i]);
            fputs("</td></tr>\n", f);
        }
        else if (ctome_rank_recording(recs[i], 0, &r))
            report_not_computed_cell(f, 5);
        else
            rank_cells(f, &r), rank_note(&sp, 1, ids[i], NULL, &r);
        ctome_rank_free(&r);
    }
    fputs("</table>\n", f);
    rank_reading(f, &sp);
    return CTOME_OK;
}

/* One table row of a structure-function result. */
static void sf_row(FILE *f, const char *conn, const char *layer, const char *func, const ctome_structfunc *s)
{
    fprintf(f, "<tr><td>%s</td><td>%s</td><td>%s</td>", conn, layer, func);
    fprintf(f, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td>", s->n_shared, s->n_pairs);
    cell(f, s->rho, "%.3f");
    cell(f, s->p, "%.3g");
    fprintf(f, "<td class=\"n\">%.3f &plusmn; %.3f</td>", s->null_mean, s->null_sd);
    cell(f, s->rdm_rho, "%.3f");
    cell(f, s->rdm_p, "%.3g");
    fputs("</tr>\n", f);
}

/* Two readings of the same test disagree when one is significant at 0.05
 * and the other is not, or their rho have opposite signs. */
static int sf_disagree(const ctome_structfunc *a, const ctome_structfunc *b)
{
    return (a->p < 0.05) != (b->p < 0.05) || (a->rho > 0) != (b->rho > 0);
}

static int structfunc_section(FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    static const char *const conns[] = {"cook2019-herm", "varshney2011"};
    static const char *const layers[] = {"chemical", "electrical"};
    static const char *const funcs[] = {"randi2023-funconn", "uzel2022-fc"};
    const char *fig_conn = "varshney2011", *fig_layer = "chemical", *fig_func = "uzel2022-fc";
    const int absent = CTOME_SF_ABSENT_DEFAULT, other = !CTOME_SF_ABSENT_DEFAULT;
    fprintf(f, "<h2>Structure and function</h2>\n<p>Does a connectome layer predict functional coupling? "
               "(<code>ctome structfunc</code>; docs/methods.md.) Over the neurons both sources have: Spearman "
               "&rho; across neuron pairs between synapse weight and functional value, with a two-sided p-value "
               "against %d degree-preserving (Maslov&ndash;Sneppen) nulls of the layer, seed 1; and the Spearman "
               "correlation of a structural RDM (1 &minus; normalised weighted communicability) with the "
               "functional RDM (1 &minus; value). Randi 2023: the 2022 atlas export, stimulated &rarr; responding "
               "amplitude, ordered pairs. The export writes 0 for both &lsquo;no significant response&rsquo; and "
               "&lsquo;not measured&rsquo;; pairs absent from it are read as <code>--absent %s</code> (the default "
               "of <code>ctome structfunc</code> and <code>ctome perturb</code>). Where the other reading "
               "(<code>--absent %s</code>) changes the conclusion (significance at 0.05 or the sign of &rho;), "
               "its row follows, marked. Uzel 2022: matrix 1, "
               "correlation of time derivatives, unordered pairs. Run <code>ctome structfunc</code> with "
               "1000 or more nulls for publication values.</p>\n<table><tr><th>connectome</th><th>layer</th>"
               "<th>functional</th><th>shared neurons</th><th>pairs</th><th>Spearman &rho;</th><th>p (nulls)</th>"
               "<th>null &rho; mean &plusmn; sd</th><th>RDM &rho;</th><th>RDM p</th></tr>\n", REPORT_SF_NULLS,
            ctome_sf_absent_name(absent), ctome_sf_absent_name(other));
    /* fm[2]: the Randi atlas in the other reading of absent pairs */
    ctome_fmatrix *fm[3] = {0};
    char fm_err[2][256] = {{0}};
    for (size_t k = 0; k < 2; k++)
        if (ctome_structfunc_functional(funcs[k], cli_datadir(), cli_registry(), absent, &fm[k])) {
            snprintf(fm_err[k], sizeof fm_err[k], "%s", ctome_error_message());
            ctome_error_clear();
        }
    if (fm[0] && ctome_structfunc_functional(funcs[0], cli_datadir(), cli_registry(), other, &fm[2]))
        ctome_error_clear();
    ctome_structfunc_opts o;
    ctome_structfunc_opts_default(&o);
    o.n_nulls = REPORT_SF_NULLS;
    int rc = CTOME_OK, drew = 0, no_fig = 0;
    /* the headline pair read out in words under the table: cook2019-herm
     * chemical vs the Randi atlas, in both readings of absent pairs */
    int have_head = 0, have_head2 = 0;
    double head_rho = 0, head_p = 0, head_n = 0, head2_rho = 0, head2_p = 0;
    for (size_t a = 0; a < 2 && !rc; a++) {
        const ctome_connectome *c = NULL;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(cs[i]->id, conns[a]))
                c = cs[i];
        if (!c)
            continue;
        for (size_t l = 0; l < 2 && !rc; l++)
            for (size_t k = 0; k < 2 && !rc; k++) {
                char label[96];
                snprintf(label, sizeof label, "%s%s%s%s", funcs[k], k == 0 ? " (absent: " : "",
                         k == 0 ? ctome_sf_absent_name(absent) : "", k == 0 ? ")" : "");
                if (!fm[k]) {
                    fprintf(f, "<tr><td>%s</td><td>%s</td><td>%s</td><td colspan=\"7\">not computed: ", conns[a],
                            layers[l], label);
                    report_html_text(f, fm_err[k]);
                    fputs("</td></tr>\n", f);
                    continue;
                }
                ctome_structfunc s;
                if (ctome_structfunc_compute(c, layers[l], fm[k], &o, &s)) {
                    fprintf(f, "<tr><td>%s</td><td>%s</td><td>%s</td>", conns[a], layers[l], label);
                    report_not_computed_cell(f, 7);
                    continue;
                }
                sf_row(f, conns[a], layers[l], label, &s);
                int head = a == 0 && l == 0 && k == 0;
                if (head)
                    have_head = 1, head_rho = s.rho, head_p = s.p, head_n = (double)s.n_pairs;
                ctome_structfunc s2;
                if (k == 0 && fm[2] && !ctome_structfunc_compute(c, layers[l], fm[2], &o, &s2)) {
                    if (head)
                        have_head2 = 1, head2_rho = s2.rho, head2_p = s2.p;
                    if (sf_disagree(&s, &s2)) {
                        snprintf(label, sizeof label, "%s (absent: %s; conclusion differs)", funcs[k],
                                 ctome_sf_absent_name(other));
                        sf_row(f, conns[a], layers[l], label, &s2);
                    }
                    ctome_structfunc_clear(&s2);
                } else {
                    ctome_error_clear();
                }
                if (!strcmp(conns[a], fig_conn) && !strcmp(layers[l], fig_layer) && !strcmp(funcs[k], fig_func)) {
                    char *path = ctome_path_join(dir, "fig/structfunc.png");
                    char title[160];
                    snprintf(title, sizeof title, "%s %s vs %s", conns[a], layers[l], s.functional);
                    const ctome_layer *ly = ctome_connectome_get_layer(c, layers[l]);
                    rc = path ? ctome_plot_structfunc(&s, title, ly ? ly->weight_unit : NULL, path)
                              : ctome_error_nomem();
                    drew = !rc;
                    free(path);
                    if (rc == CTOME_ENOTSUP)   /* no cairo: the table stays */
                        rc = CTOME_OK, no_fig = 1;
                }
                ctome_structfunc_clear(&s);
            }
    }
    fputs("</table>\n", f);
    if (!rc && have_head) {
        char sentence[512];
        int n0 = snprintf(sentence, sizeof sentence,
                          "Reading: the cook2019-herm chemical connectome predicts the Randi 2023 atlas %s: "
                          "Spearman \xcf\x81 = %.3f over %.0f pairs, p = %.3g against %d nulls (pairs absent from the atlas read as --absent %s)",
                          head_p < 0.05 ? (fabs(head_rho) < 0.1 ? "significantly but weakly" : "significantly")
                                        : "no better than its degree-preserving nulls",
                          head_rho, head_n, head_p, REPORT_SF_NULLS, ctome_sf_absent_name(absent));
        if (have_head2 && n0 > 0 && (size_t)n0 < sizeof sentence)
            snprintf(sentence + n0, sizeof sentence - (size_t)n0, "; read as --absent %s, \xcf\x81 = %.3f, p = %.3g",
                     ctome_sf_absent_name(other), head2_rho, head2_p);
        report_reading(f, sentence);
    }
    if (!rc && no_fig)
        report_no_figure(f, "The structure-function figure");
    if (!rc && drew) {
        fputs("<div class=\"figs\">\n", f);
        report_figure(f, "fig/structfunc.png", "structure vs function",
               "Varshney 2011 chemical synapses vs Uzel 2022 functional connectivity: functional value against "
               "synapse count for connected pairs (log scale), and the values of unconnected vs connected pairs", 760);
        fputs("</div>\n", f);
    }
    for (size_t k = 0; k < 3; k++)
        ctome_fmatrix_free(fm[k]);
    return rc;
}

int report_activity(FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    ctome_recording **recs = NULL;
    const char **ids = NULL;
    char **errs = NULL;
    size_t nr = 0;
    int rc = load_recordings(&recs, &ids, &errs, &nr);
    if (!rc)
        rc = activity_section(f, dir, recs, ids, errs, nr);
    if (!rc)
        rc = rank_section(f, cs, n, recs, ids, errs, nr);
    if (!rc)
        rc = structfunc_section(f, dir, cs, n);
    for (size_t i = 0; i < nr && recs && errs; i++) {
        ctome_recording_free(recs[i]);
        free(errs[i]);
    }
    free(recs);
    free(ids);
    free(errs);
    return rc;
}
