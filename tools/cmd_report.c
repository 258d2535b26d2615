/* ctome report — the main job: every bundled dataset ingested into one store,
 * an HTML page with the dataset table, per-dataset counts, the differences
 * between files that hold the same connectome, and adjacency figures.
 *
 * The report is built in a temporary folder beside DIR and moved into place
 * only when complete, so a failure leaves the previous report (or nothing).
 * Only what an earlier report wrote is replaced (tools/report_folder.c). */
#define _XOPEN_SOURCE 700
#include "cli.h"
#include "commands.h"
#include "report_folder.h"
#include "report_html.h"
#include "report_lanes.h"
#include "report_progress.h"
#include "ctome_commit.h"
#include "ctome_features.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char *dir;      /* temporary build folder */
    FILE *html;
    ctome_store *store;
    const char *args;   /* the command line, for the footer */
    report_progress prog;
    /* what the sources reading quotes: file pairs compared, those that agree
     * edge for edge, and the pair with the largest share of edges differing */
    size_t src_pairs, src_same;
    double src_worst;
    char src_worst_text[300];
} report;

/* A weight for a table cell: whole numbers in full, others to 6 digits. */
static const char *num(double v, char buf[32])
{
    if (v == (double)(long long)v && v < 1e12 && v > -1e12)
        snprintf(buf, 32, "%lld", (long long)v);
    else
        snprintf(buf, 32, "%.6g", v);
    return buf;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_tree(const char *dir) { nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

static char *path_in(const char *dir, const char *name)
{
    return ctome_path_join(dir, name);
}

static void dataset_rows(FILE *f, const ctome_dataset *d, const ctome_connectome *c)
{
    for (size_t k = 0; k < c->n_layers; k++) {
        ctome_layer_summary n, a;
        ctome_layer_summarise(c, &c->layers[k], 1, &n);
        ctome_layer_summarise(c, &c->layers[k], 0, &a);
        if (k == 0)
            fprintf(f, "<tr id=\"ds-%s\">", d->id);
        else
            fputs("<tr>", f);
        if (k == 0) {
            fprintf(f, "<td rowspan=\"%zu\"><b>%s</b></td><td rowspan=\"%zu\">", c->n_layers, d->id, c->n_layers);
            report_html_text(f, d->title);
            fprintf(f, "</td><td rowspan=\"%zu\">%s, %s</td>", c->n_layers, d->sex, d->stage);
        }
        char b1[32], b2[32];
        fprintf(f, "<td>%s%s</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%s</td>"
                   "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%s</td><td class=\"n\">%zu</td><td>",
                c->layers[k].name, c->layers[k].directed ? "" : " (undirected)", n.n_nodes, n.n_edges,
                num(n.total_weight, b1), a.n_nodes, a.n_edges, num(a.total_weight, b2), c->layers[k].asymmetric);
        report_html_text(f, c->layers[k].weight_unit);
        fprintf(f, "</td></tr>\n");
    }
}

/* The row of a dataset this build cannot read: its id (the contents link
 * to it), title, sex and stage, and why, across the count columns. */
static void dataset_skipped_row(FILE *f, const ctome_dataset *d, const char *why)
{
    fprintf(f, "<tr id=\"ds-%s\"><td><b>%s</b></td><td>", d->id, d->id);
    report_html_text(f, d->title);
    fprintf(f, "</td><td>%s, %s</td><td colspan=\"9\" class=\"note\"><b>Skipped:</b> ", d->sex, d->stage);
    report_html_text(f, why);
    fputs("</td></tr>\n", f);
}

/* Per layer and pair of sources: how far two files of one connectome agree. */
static int source_section(report *r, FILE *f, const ctome_dataset *d, const ctome_registry *reg)
{
    size_t ns = ctome_dataset_n_sources(d);
    if (ns < 2)
        return CTOME_OK;
    ctome_connectome *c[CTOME_MAX_SOURCES] = {0};
    int rc = CTOME_OK;
    for (size_t i = 0; i < ns && !rc; i++)
        rc = ctome_dataset_load_source(d, i, cli_datadir(), reg, &c[i]);
    for (size_t l = 0; !rc && l < c[0]->n_layers; l++)
        for (size_t b = 1; b < ns && !rc; b++) {
            ctome_source_diff df;
            char b1[32], b2[32];
            const char *layer = c[0]->layers[l].name;
            if ((rc = ctome_source_diff_compute(c[0], c[b], layer, 1, &df)))
                break;
            fprintf(f, "<tr><td>%s</td><td>%s</td><td>%s vs %s</td><td class=\"n\">%zu</td>"
                             "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                             "<td class=\"n\">%zu</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td>",
                    d->id, layer, d->sources[0].label, d->sources[b].label, df.shared, df.same_weight,
                    df.n_differ, df.n_only_a, df.n_only_b, num(df.total_a, b1), num(df.total_b, b2));
            size_t bad = df.n_differ + df.n_only_a + df.n_only_b, all = df.shared + df.n_only_a + df.n_only_b;
            r->src_pairs++;
            r->src_same += bad == 0;
            if (all && (double)bad / (double)all > r->src_worst) {
                r->src_worst = (double)bad / (double)all;
                snprintf(r->src_worst_text, sizeof r->src_worst_text,
                         "%s %s (%s vs %s): %zu of %zu edges differ in weight or presence (%.1f%%)", d->id, layer,
                         d->sources[0].label, d->sources[b].label, bad, all, 100 * r->src_worst);
            }
            for (size_t i = 0; i < df.n_differ && i < 3; i++)
                fprintf(f, "%s&rarr;%s %g/%g; ", df.differ[i].pre, df.differ[i].post,
                        df.differ[i].wa, df.differ[i].wb);
            fprintf(f, "</td></tr>\n");
            ctome_source_diff_free(&df);
        }
    for (size_t i = 0; i < ns; i++)
        ctome_connectome_free(c[i]);
    return rc;
}

/* The sources table in one sentence, from the counts source_section kept. */
static void sources_reading(report *r, FILE *f)
{
    char s[600];
    if (!r->src_pairs)
        return;
    if (r->src_same == r->src_pairs)
        snprintf(s, sizeof s, "Reading: all %zu file pairs agree edge for edge and weight for weight",
                 r->src_pairs);
    else
        snprintf(s, sizeof s, "Reading: %zu of %zu file pairs agree edge for edge; the largest disagreement is %s. "
                              "Which file a result rests on can matter: this report uses each dataset's primary "
                              "source",
                 r->src_same, r->src_pairs, r->src_worst_text);
    report_reading(f, s);
}

static int figure(report *r, const ctome_connectome *c, const char *layer, FILE *figs)
{
    ctome_layer_summary s;
    int rc = ctome_layer_summarise(c, ctome_connectome_get_layer(c, layer), 1, &s);
    if (rc || s.n_edges == 0)
        return rc;   /* nothing to draw: e.g. Newman's GML has numbered, unnamed cells */
    char name[256];
    snprintf(name, sizeof name, "fig/%s_%s.png", c->id, layer);
    char *path = path_in(r->dir, name);
    if (!path)
        return CTOME_ENOMEM;
    rc = ctome_plot_adjacency(c, layer, "type", path);
    free(path);
    if (!rc)
        fprintf(figs, "<figure><a href=\"%s\"><img src=\"%s\" alt=\"%s %s adjacency\"></a>"
                      "<figcaption>%s, %s layer, neurons grouped by type</figcaption></figure>\n",
                name, name, c->id, layer, c->id, layer);
    return rc;
}

/* Typical seconds of each part of the report: the CPU seconds of each part
 * in a quiet run (release build, 2 lanes, commit 5735137, the 28.0 s run of
 * docs/performance.md, "ctome report at 5735137").  The progress line's ETA
 * scales them by the speed of the run at hand, so only their proportions
 * matter; report_lanes.c starts the longest first.  The topology section
 * runs as two parts (report_topology_part): the rows up to and from the
 * neuropeptide layers. */
#define TYP_DATASETS 0.5
#define TYP_SOURCES 0.7
#define TYP_ADJACENCY 1.9
#define TYP_TOPOLOGY 5.3
#define TYP_TOPOLOGY_DENSE 5.2
#define TYP_ACTIVITY 2.1
#define TYP_MODEL 4.6
#define TYP_SWIM 4.2
#define TYP_SERNN 7.2
#define TYP_RICHLAZY 10.2
#define TYP_DFC 0.8
#define TYP_REPRODUCE 11.2

/* The sections after the dataset tables, in page order.  The locomotion and
 * learning sections simulate or train their own models and take no
 * connectome; the seRNN and rich/lazy halves share one "Learning" heading. */
static int learning_heading(FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    (void)dir, (void)cs, (void)n;
    fputs("<h2>Learning</h2>\n", f);
    return CTOME_OK;
}
static int swim_section(FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    (void)cs, (void)n;
    return report_swim(f, dir);
}
static int sernn_section(FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    (void)cs, (void)n;
    return report_sernn(f, dir);
}
static int richlazy_section(FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    (void)cs, (void)n;
    return report_richlazy(f, dir);
}

static int dfc_section(FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    (void)cs, (void)n;
    return report_dfc(f, dir);
}

static int reproduce_section(FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    (void)cs, (void)n;
    return report_reproduce(f, dir);
}

static const struct {
    const char *name;   /* progress line; NULL: a heading only */
    const char *id;     /* the section's anchor and its table-of-contents entry */
    const char *title;
    int (*write)(FILE *f, const char *dir, ctome_connectome **cs, size_t n);
    double typical;     /* seconds (TYP_*): the ETA's basis */
} report_sections[] = {
    /* write NULL: run as two parts (run_part, report_topology_part) */
    {"topology", "topology", "Topology", NULL, TYP_TOPOLOGY},
    {"activity, rank and structure-function", "activity", "Activity, rank and structure-function", report_activity,
     TYP_ACTIVITY},
    {"connectome rate model", "model", "Connectome rate model", report_model, TYP_MODEL},
    {"locomotion (NCAP swimmer)", "locomotion", "Locomotion (NCAP swimmer)", swim_section, TYP_SWIM},
    {NULL, "learning", "Learning", learning_heading, 0},
    {"learning: seRNN", "sernn", "seRNN", sernn_section, TYP_SERNN},
    {"learning: rich and lazy", "richlazy", "Rich and lazy learning", richlazy_section, TYP_RICHLAZY},
    {"dynamic functional connectomes", "dfc", "Dynamic functional connectomes", dfc_section, TYP_DFC},
    {"published results (ctome reproduce)", "published", "Published results", reproduce_section, TYP_REPRODUCE},
};

/* The optional features (ctome_features.h) a section cannot do without: in
 * a build that lacks one, the section is a note saying so (report_skipped)
 * and costs no time.  A section that meets a missing feature anyway (a
 * library call returns CTOME_ENOTSUP) is cut back to its heading the same
 * way, with the library's message.  Figures are not listed: without cairo a
 * section keeps its tables and says where a figure would be. */
static const struct {
    const char *id, *feature, *option;
    int on;
} section_needs[] = {
    {"locomotion", "MuJoCo", "mujoco", CTOME_HAVE_MUJOCO},
};

/* Whether section `id` needs a feature this build lacks (*which: its row). */
static int section_lacks(const char *id, size_t *which)
{
    for (size_t i = 0; i < sizeof section_needs / sizeof section_needs[0]; i++)
        if (!section_needs[i].on && strcmp(section_needs[i].id, id) == 0) {
            *which = i;
            return 1;
        }
    return 0;
}

/* Write section i, or the note that replaces it.  The section is written
 * into a buffer of its own first: one that fails with CTOME_ENOTSUP is
 * dropped and the note written in its place. */
static int one_section(size_t i, FILE *f, const char *dir, ctome_connectome **cs, size_t n)
{
    size_t w;
    const char *title = report_sections[i].title;
    if (section_lacks(report_sections[i].id, &w)) {
        fprintf(f, "<h2>%s</h2>\n", title);
        report_skipped(f, title, section_needs[w].feature, section_needs[w].option);
        return CTOME_OK;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *g = open_memstream(&buf, &len);
    if (!g)
        return ctome_error_nomem();
    int rc = report_sections[i].write(g, dir, cs, n);
    if (fclose(g) != 0 && !rc)
        rc = ctome_error_nomem();
    if (!rc && len && fwrite(buf, 1, len, f) != len)
        rc = ctome_error(CTOME_EIO, NULL, 0, "cannot write the report page: %s", strerror(errno));
    free(buf);
    if (rc != CTOME_ENOTSUP)
        return rc;
    fprintf(f, "<h2>%s</h2>\n", title);
    report_skipped(f, title, NULL, NULL);   /* the library's message: still set */
    return CTOME_OK;
}

/* Every timed part of the report, in the order it runs. */
static void report_phases(report_progress *prog)
{
    report_progress_add(prog, "datasets: load, store, tables", TYP_DATASETS);
    report_progress_add(prog, "where the sources disagree", TYP_SOURCES);
    report_progress_add(prog, "adjacency figures", TYP_ADJACENCY);
    for (size_t i = 0; i < sizeof report_sections / sizeof report_sections[0]; i++)
        if (report_sections[i].name)
            report_progress_add(prog, report_sections[i].name, report_sections[i].typical);
    report_progress_add(prog, "topology: neuropeptide layers", TYP_TOPOLOGY_DENSE);
}

/* The table of contents: every heading of the page and every dataset, each
 * a link to an id the page holds (tests/browser/check_report.mjs checks). */
static void toc(FILE *f, size_t nd)
{
    fputs("<nav class=\"toc\" id=\"contents\"><h2>Contents</h2><ol>\n", f);
    report_toc_entry(f, "datasets", "Datasets");
    fputs("<ol class=\"ds\">", f);
    for (size_t i = 0; i < nd; i++) {
        const ctome_dataset *d = ctome_dataset_at(i);
        char id[128];
        snprintf(id, sizeof id, "ds-%s", d->id);
        report_toc_entry(f, id, d->id);
    }
    fputs("</ol></li>\n", f);
    report_toc_entry(f, "sources", "Where the sources disagree");
    fputs("</li>\n", f);
    report_toc_entry(f, "adjacency", "Adjacency matrices");
    fputs("</li>\n", f);
    size_t ns = sizeof report_sections / sizeof report_sections[0];
    for (size_t i = 0; i < ns; i++) {
        /* a heading-only entry (Learning) holds the sections after it that
         * are named "learning: ..." */
        int sub = report_sections[i].name && strncmp(report_sections[i].name, "learning: ", 10) == 0;
        int next_sub = i + 1 < ns && report_sections[i + 1].name &&
                       strncmp(report_sections[i + 1].name, "learning: ", 10) == 0;
        report_toc_entry(f, report_sections[i].id, report_sections[i].title);
        if (!report_sections[i].name && next_sub)
            fputs("<ol>", f);
        else
            fputs("</li>\n", f);
        if (sub && !next_sub)
            fputs("</ol></li>\n", f);
    }
    report_toc_entry(f, "citations", "Citations");
    fputs("</li>\n", f);
    report_toc_entry(f, "run", "Run parameters and version");
    fputs("</li>\n</ol></nav>\n", f);
}

/* The parts after the datasets table, run side by side (report_lanes.h):
 * job 0 the sources table, job 1 the adjacency figures, job 2 + i
 * report_sections[i].  Each writes its HTML to its own stream f. */
typedef struct {
    report *r;
    const ctome_registry *reg;
    ctome_connectome **cs;      /* every dataset, NULL where this build cannot read it */
    size_t nd;
    ctome_connectome **have;    /* the loaded ones: what the sections get */
    size_t nh;
    char *topo_after;           /* the topology section after its last row (part 0's `after`) */
    size_t topo_after_len;
} parts;

static int sources_part(const parts *x, FILE *f)
{
    fputs("<h2 id=\"sources\">Where the sources disagree</h2>\n<p>Each bundled dataset held by more than "
          "one file, compared with the primary source (neurons only). Run <code>ctome compare-sources "
          "&lt;id&gt;</code> for every differing pair.</p>\n<table><tr><th>id</th><th>layer</th>"
          "<th>sources</th><th>shared edges</th><th>same weight</th><th>weight differs</th>"
          "<th>only primary</th><th>only other</th><th>weight primary</th><th>weight other</th>"
          "<th>largest differences</th></tr>\n", f);
    int rc = CTOME_OK;
    for (size_t i = 0; i < x->nd && !rc; i++)
        if (x->cs[i])
            rc = source_section(x->r, f, ctome_dataset_at(i), x->reg);
    if (!rc) {
        fputs("</table>\n", f);
        sources_reading(x->r, f);
    }
    return rc;
}

static int adjacency_part(const parts *x, FILE *f)
{
    fputs("<h2 id=\"adjacency\">Adjacency matrices</h2>\n", f);
    if (!CTOME_HAVE_CAIRO)
        report_skipped(f, "The adjacency figures", "cairo", "cairo");
    fputs("<div class=\"figs\">\n", f);
    int rc = CTOME_OK;
    for (size_t i = 0; i < x->nh && !rc && CTOME_HAVE_CAIRO; i++)
        for (size_t k = 0; k < x->have[i]->n_layers && !rc; k++)
            rc = figure(x->r, x->have[i], x->have[i]->layers[k].name, f);
    if (!rc)
        fputs("</div>\n", f);
    return rc;
}

#define N_SECTIONS (sizeof report_sections / sizeof report_sections[0])
#define TOPO_DENSE_JOB (2 + N_SECTIONS)   /* the last job: the topology table's last rows */

/* The topology section (report_topology_part): part 0 is the section's own
 * job, part 1 job TOPO_DENSE_JOB; run_parts writes part 1's rows, then
 * topo_after and the section's end after part 0's HTML.  It needs no
 * optional feature (without cairo it keeps its tables and says so). */
static int topology_part0(parts *x, FILE *f)
{
    FILE *after = open_memstream(&x->topo_after, &x->topo_after_len);
    if (!after)
        return ctome_error_nomem();
    fputs("<section id=\"topology\">\n", f);
    int rc = report_topology_part(f, x->r->dir, x->have, x->nh, 0, after);
    if (fclose(after) != 0 && !rc)
        rc = ctome_error_nomem();
    return rc;
}

static int run_part(void *ctx, size_t job, FILE *f)
{
    parts *x = ctx;
    if (job == 0)
        return sources_part(x, f);
    if (job == 1)
        return adjacency_part(x, f);
    if (job == TOPO_DENSE_JOB)
        return report_topology_part(f, x->r->dir, x->have, x->nh, 1, NULL);
    size_t i = job - 2;
    if (!report_sections[i].write)
        return topology_part0(x, f);
    fprintf(f, "<section id=\"%s\">\n", report_sections[i].id);
    int rc = one_section(i, f, x->r->dir, x->have, x->nh);
    if (!rc)
        fputs("</section>\n", f);
    return rc;
}

/* Every part after the datasets, side by side, then their HTML in page order. */
static int run_parts(parts *x)
{
    report_job jobs[3 + N_SECTIONS];
    size_t nj = 3 + N_SECTIONS, phase = 3, timed = 3;
    memset(jobs, 0, sizeof jobs);
    jobs[0].phase = 1;
    jobs[0].typical = TYP_SOURCES;
    jobs[1].phase = 2;
    jobs[1].typical = TYP_ADJACENCY;
    for (size_t i = 0; i < N_SECTIONS; i++) {
        jobs[2 + i].phase = report_sections[i].name ? phase++ : REPORT_NO_PHASE;
        jobs[2 + i].typical = report_sections[i].typical;
        timed += report_sections[i].name != NULL;
    }
    jobs[TOPO_DENSE_JOB].phase = phase;
    jobs[TOPO_DENSE_JOB].typical = TYP_TOPOLOGY_DENSE;
    for (size_t j = 0; j < nj; j++)
        jobs[j].run = run_part;
    int rc = report_lanes_run(jobs, nj, report_lanes_count(timed), &x->r->prog, x);
    FILE *h = x->r->html;
    for (size_t j = 0; j < TOPO_DENSE_JOB && !rc; j++) {
        if (jobs[j].len && fwrite(jobs[j].html, 1, jobs[j].len, h) != jobs[j].len)
            rc = ctome_error(CTOME_EIO, NULL, 0, "cannot write the report page: %s", strerror(errno));
        if (!rc && j >= 2 && !report_sections[j - 2].write) {   /* topology: its last rows and the rest */
            const report_job *d = &jobs[TOPO_DENSE_JOB];
            if ((d->len && fwrite(d->html, 1, d->len, h) != d->len) ||
                (x->topo_after_len && fwrite(x->topo_after, 1, x->topo_after_len, h) != x->topo_after_len) ||
                fputs("</section>\n", h) == EOF)
                rc = ctome_error(CTOME_EIO, NULL, 0, "cannot write the report page: %s", strerror(errno));
        }
    }
    report_lanes_free(jobs, nj);
    free(x->topo_after);
    x->topo_after = NULL;
    return rc;
}

static int build(report *r, const ctome_registry *reg)
{
    size_t nd = ctome_datasets_count();
    /* cs[i]: dataset i, NULL when it needs a feature this build lacks
     * (why[i] says which); have[]: the loaded ones, what the sections get */
    ctome_connectome **cs = calloc(nd, sizeof *cs), **have = calloc(nd, sizeof *have);
    char **why = calloc(nd, sizeof *why);
    if (!cs || !have || !why) {
        free(cs), free(have), free(why);
        return ctome_error_nomem();
    }
    int rc = CTOME_OK;
    size_t nh = 0;
    report_progress_begin(&r->prog, 0);
    for (size_t i = 0; i < nd && !rc; i++) {
        rc = ctome_dataset_load_source(ctome_dataset_at(i), 0, cli_datadir(), reg, &cs[i]);
        if (rc == CTOME_ENOTSUP) {   /* left out of every table, said so */
            fprintf(stderr, "ctome report: skipped: dataset %s: %s\n", ctome_dataset_at(i)->id,
                    ctome_error_message());
            rc = (why[i] = ctome_strdup(ctome_error_message())) ? CTOME_OK : ctome_error_nomem();
            ctome_error_clear();
            continue;
        }
        if (!rc)
            rc = ctome_store_put_connectome(r->store, cs[i]);
        if (!rc)
            have[nh++] = cs[i];
    }
    FILE *f = r->html;
    time_t now = time(NULL);
    char when[64];
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    if (!rc) {
        report_page_head(f, "ctome report");
        fprintf(f, "<h1>ctome report</h1><p>ctome %s, %s. %zu bundled datasets, ingested into "
                   "<a href=\"store.h5\">store.h5</a> (schema: docs/store.md). Counts are over neurons "
                   "(registry cells) unless marked <i>all cells</i>; an undirected pair counts once; "
                   "self-loops are excluded.</p>\n", ctome_version(), when, nd);
        toc(f, nd);
        fputs("<h2 id=\"datasets\">Datasets</h2>\n<table><tr><th>id</th><th>dataset</th><th>sex, stage</th><th>layer</th>"
              "<th>neurons</th><th>edges</th><th>total weight</th><th>all cells</th><th>edges (all)</th>"
              "<th>weight (all)</th><th>asymmetric listings</th><th>unit</th></tr>\n", f);
        for (size_t i = 0; i < nd; i++)
            if (cs[i])
                dataset_rows(f, ctome_dataset_at(i), cs[i]);
            else
                dataset_skipped_row(f, ctome_dataset_at(i), why[i]);
        fputs("</table>\n", f);
        /* every part may write figures: the folder exists before they start */
        char *figdir = path_in(r->dir, "fig");
        if (!figdir || mkdir(figdir, 0777) != 0)
            rc = ctome_error(CTOME_EIO, figdir, 0, "cannot create folder");
        free(figdir);
    }
    if (!rc) {
        report_progress_end(&r->prog, 0);
        parts x = {r, reg, cs, nd, have, nh, NULL, 0};
        rc = run_parts(&x);
    }
    if (!rc) {
        fputs("<h2 id=\"citations\">Citations</h2>\n<ul>\n", f);
        for (size_t i = 0; i < nd; i++) {
            const ctome_dataset *d = ctome_dataset_at(i);
            fprintf(f, "<li><b>%s</b>: ", d->id);
            report_html_text(f, d->citation);
            fprintf(f, ". doi:<a href=\"https://doi.org/%s\">%s</a>. Licence: ", d->doi, d->doi);
            report_html_text(f, d->licence);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
        report_footer(f, r->args, ctome_version(), CTOME_COMMIT, cli_datadir(), when);
        fputs("<h3 id=\"timing\">Where the time went</h3>\n", f);
        report_progress_html(&r->prog, f);
        if (r->prog.lanes > 1)
            fprintf(f, "<p>Wall and CPU seconds of this run, up to this footer. The parts after the datasets table "
                       "ran %d side by side, each on one thread (its CPU time is that thread's), so their wall "
                       "times overlap and add up to more than the total. The machine, its load and the build type "
                       "change them; docs/performance.md gives a reference run.</p>\n", r->prog.lanes);
        else
            fputs("<p>Wall and CPU seconds of this run, up to this footer (CPU summed over threads: the parallel "
                  "sections use more CPU than wall time). The machine, its load and the build type change them; "
                  "docs/performance.md gives a reference run.</p>\n", f);
        report_footer_end(f);
        fputs("</body></html>\n", f);
    }
    for (size_t i = 0; i < nd; i++) {
        ctome_connectome_free(cs[i]);
        free(why[i]);
    }
    free(cs);
    free(have);
    free(why);
    return rc;
}

/* --json: what was written and how long it took, after the folder is in
 * place: folder, index, store, sections (anchors in page order), figures
 * (the files under DIR/fig/ the folder's marker lists), timings (each part's wall and CPU
 * seconds, as the timing table), total_wall_s. */
static json_t *summary_json(const char *out, const report *r)
{
    json_t *o = json_object(), *sec = json_array(), *figs = json_array(), *tim = json_array();
    if (!o || !sec || !figs || !tim) {
        json_decref(o);
        json_decref(sec);
        json_decref(figs);
        json_decref(tim);
        return NULL;
    }
    char *index = path_in(out, "index.html"), *store = path_in(out, "store.h5");
    json_object_set_new(o, "folder", json_string(out));
    json_object_set_new(o, "index", index ? json_string(index) : json_null());
    json_object_set_new(o, "store", store ? json_string(store) : json_null());
    static const char *const first[] = {"datasets", "sources", "adjacency"};
    for (size_t i = 0; i < 3; i++)
        json_array_append_new(sec, json_string(first[i]));
    for (size_t i = 0; i < sizeof report_sections / sizeof report_sections[0]; i++)
        json_array_append_new(sec, json_string(report_sections[i].id));
    json_array_append_new(sec, json_string("citations"));
    json_object_set_new(o, "sections", sec);
    /* The figures ctome wrote: the folder's marker lists them (a user's own
     * files beside them, under --force, are not ours to list). */
    char *marker = path_in(out, ".ctome-report");
    FILE *mf = marker ? fopen(marker, "r") : NULL;
    char line[4096];
    while (mf && fgets(line, sizeof line, mf)) {
        line[strcspn(line, "\n")] = '\0';
        size_t len = strlen(line);
        if (strncmp(line, "fig/", 4) == 0 && len > 4 && line[len - 1] != '/') {
            char *f = path_in(out, line);
            json_array_append_new(figs, f ? json_string(f) : json_null());
            free(f);
        }
    }
    if (mf)
        fclose(mf);
    free(marker);
    json_object_set_new(o, "figures", figs);
    for (size_t i = 0; i < r->prog.n; i++)
        json_array_append_new(tim, json_pack("{s:s, s:f, s:f}", "part", r->prog.name[i], "wall_s",
                                             r->prog.took[i], "cpu_s", r->prog.cpu[i]));
    json_object_set_new(o, "timings", tim);
    json_object_set_new(o, "total_wall_s", json_real(report_progress_total(&r->prog)));
    free(index);
    free(store);
    return o;
}

const cli_opt cli_opts_report[] = {
    {"output", 'o', 'o', "DIR", "the report folder (default ctome-report; created if needed; a folder holding "
     "files ctome did not write is refused)", CLI_VAL_DIR, NULL, 0, NULL},
    {"force", 0, 'f', NULL, "write the report beside such files (they are never deleted or overwritten)",
     CLI_VAL_NONE, NULL, 0, NULL},
    {"progress", 0, 'p', NULL, "the progress line even when stderr is not a terminal (one line as each part "
     "starts)", CLI_VAL_NONE, NULL, 0, NULL},
    CLI_OPT_JSON("after writing, one JSON document on stdout: folder, index, store, sections, figures, timings "
                 "(part, wall_s, cpu_s), total_wall_s"),
    {"quiet", 'q', CLI_KEY_QUIET, NULL, "nothing on stderr but errors (no progress line, no timing table)",
     CLI_VAL_NONE, NULL, 0, NULL},
    CLI_OPT_END};

int cmd_report(int argc, char **argv)
{
    const char *out = "ctome-report";
    int k, force = 0, quiet = 0, progress = 0;
    cli_parser p;
    cli_opts_begin(&p, "report", argc, argv);
    while ((k = cli_opts_next(&p)) > 0) {
        switch (k) {
        case 'o': out = p.arg; break;
        case 'f': force = 1; break;
        case 'p': progress = 1; break;
        default: return cli_opts_unhandled(&p);
        }
    }
    if (k < 0)
        return p.status;
    quiet = p.quiet;
    if (p.optind != argc)
        return cli_usage_error("report", "unexpected argument '%s'", argv[p.optind]);
    if (quiet && progress)
        return cli_usage_error("report", "--quiet and --progress contradict each other; give one");
    report_folder rf;
    int crc = report_folder_check(out, force, &rf);
    if (crc) {
        report_folder_free(&rf);
        return crc;
    }
    const ctome_registry *reg = cli_registry();
    if (!reg) {
        report_folder_free(&rf);
        return cli_fail();
    }
    size_t n = strlen(rf.dir) + 16;
    /* the run parameters the footer prints: what reruns this page */
    size_t na = strlen(out) + 64;
    char *args = malloc(na);
    report r;
    memset(&r, 0, sizeof r);
    r.dir = malloc(n);
    r.args = args;
    if (args)
        snprintf(args, na, "ctome report -o %s%s%s%s", out, force ? " --force" : "", quiet ? " --quiet" : "",
                 p.json ? " --json" : "");
    if (!r.dir || !args) {
        free(r.dir);
        free(args);
        report_folder_free(&rf);
        return cli_failf("out of memory");
    }
    snprintf(r.dir, n, "%s.tmpXXXXXX", rf.dir);
    if (!mkdtemp(r.dir)) {
        int e = errno;
        free(r.dir);
        free(args);
        report_folder_free(&rf);
        return cli_failf("%s: cannot create the report folder: %s", out, strerror(e));
    }
    /* the progress line starts with the work, not before a refusal */
    report_progress_start(&r.prog, quiet, progress);
    report_phases(&r.prog);
    ctome_tmp_register(r.dir, 1);
    chmod(r.dir, 0755);
    char *store = path_in(r.dir, "store.h5"), *html = path_in(r.dir, "index.html");
    int rc = store && html ? CTOME_OK : CTOME_ENOMEM;
    if (!rc)
        rc = ctome_store_create(store, &r.store);
    if (!rc && !(r.html = fopen(html, "w")))
        rc = ctome_error(CTOME_EIO, html, 0, "cannot write");
    if (!rc)
        rc = build(&r, reg);
    report_progress_finish(&r.prog);
    if (r.html && (fflush(r.html) != 0 || ferror(r.html) || fsync(fileno(r.html)) != 0) && !rc)
        rc = ctome_error(CTOME_EIO, html, 0, "write failed: %s", strerror(errno));
    if (r.html && fclose(r.html) != 0 && !rc)
        rc = ctome_error(CTOME_EIO, html, 0, "write failed: %s", strerror(errno));
    if (r.store)
        rc = rc ? (ctome_store_abort(r.store), rc) : ctome_store_commit(r.store);
    if (!rc)
        rc = report_folder_install(&rf, r.dir);
    if (rc)
        cli_fail();
    else if (!quiet)
        fprintf(stderr, "ctome: report written to %s/index.html\n", out);
    if (!rc && p.json && cli_print_json(summary_json(out, &r)))
        rc = CTOME_EIO;
    rm_tree(r.dir);   /* our build folder: empty after a merge, whole after a failure */
    ctome_tmp_unregister(r.dir);
    report_folder_free(&rf);
    free(store);
    free(html);
    free(r.dir);
    free(args);
    return rc ? CLI_FAIL : CLI_OK;
}
