/* topology_figs.c — figures of topology statistics and connectome
 * comparisons (topology_figs.h). */
#include "topology_figs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "plot.h"
#include "registry.h"
#include "datasets.h"

/* Okabe & Ito 2008 colours, then darker variants: modules beyond 12 repeat. */
static const double module_rgb[12][3] = {
    {0.902, 0.624, 0.000}, {0.337, 0.706, 0.914}, {0.000, 0.620, 0.451}, {0.941, 0.894, 0.259},
    {0.000, 0.447, 0.698}, {0.835, 0.369, 0.000}, {0.800, 0.475, 0.655}, {0.400, 0.400, 0.400},
    {0.600, 0.400, 0.000}, {0.200, 0.450, 0.600}, {0.000, 0.400, 0.300}, {0.550, 0.200, 0.400}};

static ctome_rgba module_color(int32_t m)
{
    const double *c = module_rgb[(unsigned)m % 12];
    return (ctome_rgba){c[0], c[1], c[2], 1};
}

static const ctome_rgba grey = {0.55, 0.55, 0.55, 1};

static size_t degree(const ctome_graph *g, size_t v) { return g->und_ptr[v + 1] - g->und_ptr[v]; }

/* log of the binomial pmf, for the Erdos-Renyi reference. */
static double log_binom_pmf(size_t k, size_t n, double p)
{
    return lgamma((double)n + 1) - lgamma((double)k + 1) - lgamma((double)(n - k) + 1) +
           (double)k * log(p) + (double)(n - k) * log1p(-p);
}

static int panel_degrees(ctome_axes *ax, const ctome_graph *g)
{
    size_t n = g->n, kmax = 0;
    for (size_t v = 0; v < n; v++)
        if (degree(g, v) > kmax)
            kmax = degree(g, v);
    size_t *count = calloc(kmax + 2, sizeof *count);
    double *k = malloc((kmax + 1) * sizeof *k), *ccdf = malloc((kmax + 1) * sizeof *ccdf);
    double *er = malloc((kmax + 1) * sizeof *er), *lo = malloc((kmax + 1) * sizeof *lo);
    double *hi = malloc((kmax + 1) * sizeof *hi);
    int rc = count && k && ccdf && er && lo && hi ? CTOME_OK : ctome_error_nomem();
    if (!rc) {
        for (size_t v = 0; v < n; v++)
            count[degree(g, v)]++;
        double p = n > 1 ? 2.0 * (double)g->m_und / ((double)n * (double)(n - 1)) : 0;
        size_t above = 0;
        double tail = 0;   /* P(K >= k) under Binomial(n - 1, p) */
        for (size_t d = kmax + 1; d-- > 0;) {
            above += count[d];
            k[d] = (double)d;
            ccdf[d] = (double)above / (double)n;
            if (p > 0 && p < 1 && d <= n - 1)
                tail += exp(log_binom_pmf(d, n - 1, p));
            tail = tail > 1 ? 1 : tail;
            er[d] = tail;
            /* the observed fraction of n binomial draws: sd sqrt(q(1-q)/n) */
            double sd = sqrt(tail * (1 - tail) / (double)n);
            lo[d] = tail - sd > 0 ? tail - sd : NAN;
            hi[d] = tail + sd;
        }
        k[0] = NAN;   /* log axis */
        rc = ctome_axes_scatter(ax, k, ccdf, kmax + 1,
                                &(ctome_style){.color = {0, 0.447, 0.698, 1}, .label = "observed"});
        if (!rc)
            rc = ctome_axes_line(ax, k, er, kmax + 1,
                                 &(ctome_style){.color = grey, .label = "Erdos-Renyi"});
        if (!rc)
            rc = ctome_axes_line(ax, k, lo, kmax + 1,
                                 &(ctome_style){.color = grey, .dashed = 1, .line_width = 0.8,
                                                .label = "ER +- 1 sd"});
        if (!rc)
            rc = ctome_axes_line(ax, k, hi, kmax + 1,
                                 &(ctome_style){.color = grey, .dashed = 1, .line_width = 0.8});
    }
    if (!rc) {
        ctome_axes_set_scale(ax, CTOME_AXIS_X, CTOME_SCALE_LOG10);
        ctome_axes_set_scale(ax, CTOME_AXIS_Y, CTOME_SCALE_LOG10);
        ctome_axes_set_limits(ax, CTOME_AXIS_Y, 0.5 / (double)(n ? n : 1), 1.5);
        ctome_axes_set_label(ax, CTOME_AXIS_X, "degree k (undirected)");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "P(K >= k)");
        ctome_axes_set_title(ax, "Degree distribution");
        ctome_axes_set_legend(ax, CTOME_LEGEND_LOWER_LEFT);
    }
    free(count);
    free(k);
    free(ccdf);
    free(er);
    free(lo);
    free(hi);
    return rc;
}

static int panel_rich_club(ctome_axes *raw, ctome_axes *norm, const ctome_stats *s)
{
    size_t n = s->rc_n;
    if (n == 0)
        return CTOME_OK;
    double *k = malloc(n * sizeof *k), *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
    double *sig = malloc(n * sizeof *sig);
    int rc = k && lo && hi && sig ? CTOME_OK : ctome_error_nomem();
    for (size_t i = 0; !rc && i < n; i++) {
        k[i] = (double)i;
        lo[i] = s->rc_null_mean[i] - s->rc_null_sd[i];
        hi[i] = s->rc_null_mean[i] + s->rc_null_sd[i];
        sig[i] = s->rc_sig && s->rc_sig[i] ? s->rc_norm[i] : NAN;   /* stats.h rule */
    }
    char lab[64];
    snprintf(lab, sizeof lab, "null mean (%zu %s)", s->n_nulls, ctome_null_model_name(s->model));
    if (!rc)
        rc = ctome_axes_line(raw, k, s->rc_phi, n, &(ctome_style){.color = {0, 0.447, 0.698, 1},
                                                                   .label = "observed"});
    if (!rc)
        rc = ctome_axes_line(raw, k, s->rc_null_mean, n, &(ctome_style){.color = grey, .label = lab});
    if (!rc)
        rc = ctome_axes_line(raw, k, lo, n, &(ctome_style){.color = grey, .dashed = 1,
                                                            .line_width = 0.8, .label = "null +- 1 sd"});
    if (!rc)
        rc = ctome_axes_line(raw, k, hi, n, &(ctome_style){.color = grey, .dashed = 1, .line_width = 0.8});
    if (!rc)
        rc = ctome_axes_line(norm, k, s->rc_norm, n, &(ctome_style){.color = {0.835, 0.369, 0, 1},
                                                                     .label = "observed / null"});
    if (!rc)
        rc = ctome_axes_scatter(norm, k, sig, n, &(ctome_style){.color = {0.835, 0.369, 0, 1},
                                                                 .marker_size = 3.5,
                                                                 .label = "significant (Bonferroni z)"});
    if (!rc)
        rc = ctome_axes_hline(norm, 1.0, NULL);
    if (!rc) {
        ctome_axes_set_label(raw, CTOME_AXIS_X, "degree k");
        ctome_axes_set_label(raw, CTOME_AXIS_Y, "rich-club coefficient phi(k)");
        ctome_axes_set_title(raw, "Rich club");
        ctome_axes_set_legend(raw, CTOME_LEGEND_UPPER_LEFT);
        ctome_axes_set_label(norm, CTOME_AXIS_X, "degree k");
        ctome_axes_set_label(norm, CTOME_AXIS_Y, "phi(k) / null mean");
        ctome_axes_set_title(norm, "Normalised rich club");
        ctome_axes_set_legend(norm, CTOME_LEGEND_UPPER_LEFT);
    }
    free(k);
    free(lo);
    free(hi);
    free(sig);
    return rc;
}

static int panel_motifs(ctome_axes *ax, const ctome_stats *s)
{
    ctome_axes_set_title(ax, "Motif z-scores");
    if (!s->has_motifs) {
        ctome_axes_text(ax, 0.5, 0.5,
                        s->topo.directed ? "motifs not computed" : "undirected layer: no directed motifs",
                        0.5);
        ctome_axes_set_limits(ax, CTOME_AXIS_X, 0, 1);
        ctome_axes_set_limits(ax, CTOME_AXIS_Y, 0, 1);
        ctome_axes_set_ticks(ax, CTOME_AXIS_X, NULL, NULL, 0);
        ctome_axes_set_ticks(ax, CTOME_AXIS_Y, NULL, NULL, 0);
        return CTOME_OK;
    }
    double x[CTOME_STATS_MOTIFS], z[CTOME_STATS_MOTIFS];
    const char *lab[CTOME_STATS_MOTIFS];
    for (size_t i = 0; i < CTOME_STATS_MOTIFS; i++) {
        x[i] = (double)i;
        z[i] = isfinite(s->motif_z[i]) ? s->motif_z[i] : 0;
        lab[i] = ctome_stats_motif_name(i);
    }
    int rc = ctome_axes_bars(ax, x, z, CTOME_STATS_MOTIFS, 0.7,
                             &(ctome_style){.color = {0, 0.620, 0.451, 1}});
    if (!rc)
        rc = ctome_axes_hline(ax, 0, &(ctome_style){.color = {0, 0, 0, 1}, .line_width = 0.6});
    if (!rc)
        rc = ctome_axes_set_ticks(ax, CTOME_AXIS_X, x, lab, CTOME_STATS_MOTIFS);
    ctome_axes_set_label(ax, CTOME_AXIS_X, "3-node motif class");
    ctome_axes_set_label(ax, CTOME_AXIS_Y, "z vs nulls");
    return rc;
}

typedef struct {
    int32_t module;
    size_t v;
    size_t deg;
} order_item;

static int cmp_order(const void *pa, const void *pb)
{
    const order_item *a = pa, *b = pb;
    if (a->module != b->module)
        return a->module < b->module ? -1 : 1;
    if (a->deg != b->deg)
        return a->deg > b->deg ? -1 : 1;
    return (a->v > b->v) - (a->v < b->v);
}

static int panel_modules(ctome_axes *ax, const ctome_graph *g, const ctome_stats *s)
{
    size_t n = g->n;
    order_item *it = malloc(n * sizeof *it);
    size_t *pos = malloc(n * sizeof *pos), *start = malloc((n + 1) * sizeof *start);
    double *m = calloc(n * n, sizeof *m);
    char (*names)[16] = malloc((n + 1) * sizeof *names);
    const char **labels = malloc((n + 1) * sizeof *labels);
    int rc = it && pos && start && m && names && labels ? CTOME_OK : ctome_error_nomem();
    size_t ng = 0;
    if (!rc) {
        for (size_t v = 0; v < n; v++)
            it[v] = (order_item){s->module ? s->module[v] : 0, v, degree(g, v)};
        qsort(it, n, sizeof *it, cmp_order);
        for (size_t i = 0; i < n; i++) {
            pos[it[i].v] = i;
            if (i == 0 || it[i].module != it[i - 1].module) {
                start[ng] = i;
                snprintf(names[ng], sizeof names[ng], "M%d", (int)it[i].module + 1);
                labels[ng] = names[ng];
                ng++;
            }
        }
        /* labels of modules too thin to hold one would overlap: leave them blank */
        for (size_t i = 0; i < ng; i++) {
            size_t end = i + 1 < ng ? start[i + 1] : n;
            if (40 * (end - start[i]) < n)
                labels[i] = "";
        }
        for (size_t u = 0; u < n; u++)
            for (size_t e = g->out_ptr[u]; e < g->out_ptr[u + 1]; e++)
                m[pos[u] * n + pos[g->out_idx[e]]] = g->out_w[e];
        /* log colour of the weights, absent pairs white (as ctome plot adjacency) */
        rc = ctome_axes_heatmap(ax, m, n, n, &(ctome_heatmap_opts){.log_scale = 1,
                                                                   .cbar_label = "weight (log scale)"});
    }
    if (!rc && s->module && ng > 1 && ng <= 40) {
        ctome_axes_set_groups(ax, CTOME_AXIS_X, start, labels, ng);
        ctome_axes_set_groups(ax, CTOME_AXIS_Y, start, labels, ng);
    } else if (!rc) {
        ctome_axes_set_ticks(ax, CTOME_AXIS_X, NULL, NULL, 0);
        ctome_axes_set_ticks(ax, CTOME_AXIS_Y, NULL, NULL, 0);
    }
    if (!rc) {
        char t[96];
        if (s->module)
            snprintf(t, sizeof t, "Adjacency by module (Q = %.3f)", s->q);
        else
            snprintf(t, sizeof t, "Adjacency (no modules)");
        ctome_axes_set_title(ax, t);
    }
    free(it);
    free(pos);
    free(start);
    free(m);
    free(names);
    free(labels);
    return rc;
}

static const ctome_neuron *vertex_neuron(const ctome_connectome *c, const ctome_graph *g, size_t v)
{
    if (!c || !c->reg || !g->node)
        return NULL;
    int r = c->nodes[g->node[v]].reg;
    if (r < 0)
        return NULL;
    const ctome_neuron *nr = ctome_registry_neuron(c->reg, (size_t)r);
    return nr && nr->has_pos ? nr : NULL;
}

static int panel_positions(ctome_axes *ax, const ctome_connectome *c, const ctome_graph *g,
                           const ctome_stats *s)
{
    size_t n = g->n, m = g->m_und, placed = 0;
    double *ex = malloc((3 * m + 1) * sizeof *ex), *ey = malloc((3 * m + 1) * sizeof *ey);
    double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
    int rc = ex && ey && x && y ? CTOME_OK : ctome_error_nomem();
    size_t k = 0;
    for (size_t u = 0; !rc && u < n; u++) {
        const ctome_neuron *a = vertex_neuron(c, g, u);
        placed += a != NULL;
        for (size_t e = g->und_ptr[u]; a && e < g->und_ptr[u + 1]; e++) {
            size_t v = (size_t)g->und_idx[e];
            const ctome_neuron *b = v > u ? vertex_neuron(c, g, v) : NULL;
            if (!b)
                continue;
            ex[k] = a->pos[0];
            ey[k++] = a->pos[1];
            ex[k] = b->pos[0];
            ey[k++] = b->pos[1];
            ex[k] = NAN;
            ey[k++] = NAN;
        }
    }
    if (!rc && k)
        rc = ctome_axes_line(ax, ex, ey, k,
                             &(ctome_style){.color = {0.6, 0.6, 0.6, 0.25}, .line_width = 0.25});
    /* one scatter per module, so each gets its colour and a legend entry */
    int32_t nm = 1;
    for (size_t v = 0; s->module && v < n; v++)
        if (s->module[v] + 1 > nm)
            nm = s->module[v] + 1;
    for (int32_t mod = 0; !rc && mod < nm; mod++) {
        size_t j = 0;
        for (size_t v = 0; v < n; v++) {
            const ctome_neuron *a = vertex_neuron(c, g, v);
            if (!a || (s->module && s->module[v] != mod))
                continue;
            x[j] = a->pos[0];
            y[j++] = a->pos[1];
        }
        char lab[16];
        snprintf(lab, sizeof lab, "M%d", (int)mod + 1);
        if (j)
            rc = ctome_axes_scatter(ax, x, y, j,
                                    &(ctome_style){.color = module_color(mod), .marker_size = 3.2,
                                                   .label = s->module && nm <= 12 ? lab : NULL});
    }
    if (!rc) {
        char t[128];
        if (placed < n)
            snprintf(t, sizeof t, "Lateral view, by module (%zu of %zu placed)", placed, n);
        else
            snprintf(t, sizeof t, "Lateral view, by module");
        ctome_axes_set_title(ax, t);
        ctome_axes_set_label(ax, CTOME_AXIS_X, "anterior-posterior position (um)");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, "dorsoventral (um, dorsal up)");
        ctome_axes_set_legend(ax, s->module && nm <= 12 ? CTOME_LEGEND_OUTSIDE_RIGHT : CTOME_LEGEND_NONE);
    }
    free(ex);
    free(ey);
    free(x);
    free(y);
    return rc;
}

int ctome_plot_stats(const ctome_connectome *c, const ctome_graph *g, const ctome_stats *s,
                     const char *title, const char *path)
{
    ctome_plot *p;
    int rc = ctome_plot_new(1080, 640, 2, 3, &p);
    if (rc)
        return rc;
    if (title)
        rc = ctome_plot_set_title(p, title);
    static const char *letters[6] = {"A", "B", "C", "D", "E", "F"};
    for (int i = 0; !rc && i < 6; i++)
        rc = ctome_axes_set_panel_label(ctome_plot_panel(p, i / 3, i % 3), letters[i]);
    if (!rc)
        rc = panel_degrees(ctome_plot_panel(p, 0, 0), g);
    if (!rc)
        rc = panel_rich_club(ctome_plot_panel(p, 0, 1), ctome_plot_panel(p, 0, 2), s);
    if (!rc)
        rc = panel_motifs(ctome_plot_panel(p, 1, 0), s);
    if (!rc)
        rc = panel_modules(ctome_plot_panel(p, 1, 1), g, s);
    if (!rc)
        rc = panel_positions(ctome_plot_panel(p, 1, 2), c, g, s);
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    return rc;
}

/* The stage of a bundled dataset ("L1 (5 h)"), or NULL. */
static const char *stage_of(const char *id)
{
    const ctome_dataset *d = ctome_dataset_find(id);
    return d && d->stage && *d->stage && strcmp(d->stage, "-") != 0 ? d->stage : NULL;
}

static int same_stage(const char *a, const char *b)
{
    const char *sa = stage_of(a), *sb = stage_of(b);
    return sa && sb && strcmp(sa, sb) == 0;
}

/* The short form of a stage: its hours after birth ("5 h" of "L1 (5 h)")
 * when the stage carries them, else the stage. */
static void stage_short(const char *stage, char *buf, size_t n)
{
    const char *o = strchr(stage, '('), *c = o ? strchr(o, ')') : NULL;
    if (o && c && c > o + 1)
        snprintf(buf, n, "%.*s", (int)(c - o - 1), o + 1);
    else
        snprintf(buf, n, "%s", stage);
}

/* Tick label of the step a -> b: the stages' hours ("0 h\u21925 h", the
 * ages of Witvliet et al. 2021 as the dataset table records them); two
 * datasets of one stage (the two adults, 7 and 8) by their numbers
 * ("adult 7\u21928"); datasets without a stage by their position. */
static void step_label(const char *ida, const char *idb, size_t a, size_t b, char *buf, size_t n)
{
    const char *sa = stage_of(ida), *sb = stage_of(idb);
    const char *na = strrchr(ida, '-'), *nb = strrchr(idb, '-');
    if (sa && sb && strcmp(sa, sb) == 0) {
        char st[48];
        snprintf(st, sizeof st, "%s", sa);
        char *paren = strchr(st, '(');
        if (paren && paren > st)
            paren[-1] = 0;   /* "adult (50 h)" -> "adult" */
        if (na && nb)
            snprintf(buf, n, "%.20s %.8s\u2192%.8s", st, na + 1, nb + 1);
        else
            snprintf(buf, n, "%.20s %u\u2192%u", st, (unsigned)(a + 1) % 100000, (unsigned)(b + 1) % 100000);
    } else if (sa && sb) {
        char x[32], y[32];
        stage_short(sa, x, sizeof x);
        stage_short(sb, y, sizeof y);
        snprintf(buf, n, "%.16s\u2192%.16s", x, y);
    } else {
        snprintf(buf, n, "%u\u2192%u", (unsigned)(a + 1) % 100000, (unsigned)(b + 1) % 100000);
    }
}

int ctome_plot_comparison(const ctome_comparison *cmp, const char *title, const char *path)
{
    size_t nc = cmp->n_conn, ncons = nc - 1;
    ctome_plot *p;
    int rc = ctome_plot_new(820, 330, 1, 2, &p);
    if (rc)
        return rc;
    double *x = malloc(nc * sizeof *x), *jac = malloc(nc * sizeof *jac);
    double *pr = malloc(nc * sizeof *pr), *sp = malloc(nc * sizeof *sp);
    double *jl = malloc(nc * sizeof *jl), *gain = malloc(nc * sizeof *gain);
    double *lost = malloc(nc * sizeof *lost);
    char (*lab)[64] = malloc(nc * sizeof *lab);
    const char **labp = malloc(nc * sizeof *labp);
    if (!x || !jac || !pr || !sp || !jl || !gain || !lost || !lab || !labp)
        rc = ctome_error_nomem();
    if (!rc && title)
        rc = ctome_plot_set_title(p, title);
    ctome_axes *a = ctome_plot_panel(p, 0, 0), *b = ctome_plot_panel(p, 0, 1);
    char same[160] = "";
    for (size_t i = 0; !rc && i < ncons; i++) {
        const ctome_compare_pair *q = &cmp->pairs[i];
        x[i] = (double)i + 1;
        jac[i] = q->jaccard;
        pr[i] = q->pearson;
        sp[i] = q->spearman;
        gain[i] = (double)q->gained;
        lost[i] = -(double)q->lost;
        step_label(cmp->ids[q->a], cmp->ids[q->b], q->a, q->b, lab[i], sizeof lab[i]);
        if (same_stage(cmp->ids[q->a], cmp->ids[q->b]) && !*same)
            snprintf(same, sizeof same, "; %s and %s are both %s", cmp->ids[q->a], cmp->ids[q->b],
                     ctome_dataset_find(cmp->ids[q->a])->stage);
        labp[i] = lab[i];
        jl[i] = NAN;
    }
    /* each connectome vs the last, drawn at the x of its consecutive step */
    for (size_t i = ncons; !rc && i < cmp->n_pairs; i++)
        jl[cmp->pairs[i].a] = cmp->pairs[i].jaccard;
    if (!rc && ncons)
        jl[ncons - 1] = cmp->pairs[ncons - 1].jaccard;
    if (!rc)
        rc = ctome_axes_line(a, x, jac, ncons, &(ctome_style){.marker = CTOME_MARKER_CIRCLE,
                                                               .label = "edge Jaccard, consecutive"});
    if (!rc && cmp->n_pairs > ncons)
        rc = ctome_axes_line(a, x, jl, ncons, &(ctome_style){.marker = CTOME_MARKER_SQUARE, .dashed = 1,
                                                              .label = "edge Jaccard, vs last"});
    if (!rc)
        rc = ctome_axes_line(a, x, pr, ncons, &(ctome_style){.marker = CTOME_MARKER_TRIANGLE,
                                                              .label = "weight Pearson r (shared)"});
    if (!rc)
        rc = ctome_axes_line(a, x, sp, ncons, &(ctome_style){.marker = CTOME_MARKER_CROSS,
                                                              .label = "weight Spearman \u03c1 (shared)"});
    if (!rc) {
        ctome_axes_set_ticks(a, CTOME_AXIS_X, x, labp, ncons);
        ctome_axes_set_limits(a, CTOME_AXIS_Y, 0, 1);
        ctome_axes_set_limits(a, CTOME_AXIS_X, 0.5, (double)ncons + 0.5);
        char xl[256];
        snprintf(xl, sizeof xl, "from \u2192 to (vs last: from \u2192 last)%s", same);
        ctome_axes_set_label(a, CTOME_AXIS_X, xl);
        ctome_axes_set_label(a, CTOME_AXIS_Y, "overlap / correlation");
        ctome_axes_set_title(a, "Edge overlap and weight correlation");
        ctome_axes_set_legend(a, CTOME_LEGEND_LOWER_RIGHT);
        ctome_axes_set_panel_label(a, "A");
        rc = ctome_axes_bars(b, x, gain, ncons, 0.6,
                             &(ctome_style){.color = {0, 0.620, 0.451, 1}, .label = "edges gained"});
    }
    if (!rc)
        rc = ctome_axes_bars(b, x, lost, ncons, 0.6,
                             &(ctome_style){.color = {0.835, 0.369, 0, 1}, .label = "edges lost"});
    if (!rc)
        rc = ctome_axes_hline(b, 0, &(ctome_style){.color = {0, 0, 0, 1}, .line_width = 0.6});
    if (!rc) {
        ctome_axes_set_ticks(b, CTOME_AXIS_X, x, labp, ncons);
        ctome_axes_set_limits(b, CTOME_AXIS_X, 0.5, (double)ncons + 0.5);
        char xl[256];
        snprintf(xl, sizeof xl, "consecutive comparison%s", same);
        ctome_axes_set_label(b, CTOME_AXIS_X, xl);
        char yl[96];
        snprintf(yl, sizeof yl, "%s edges (neurons)", cmp->layer);
        ctome_axes_set_label(b, CTOME_AXIS_Y, yl);
        ctome_axes_set_title(b, "Edges gained and lost");
        ctome_axes_set_legend(b, CTOME_LEGEND_UPPER_LEFT);
        ctome_axes_set_panel_label(b, "B");
        rc = ctome_plot_save(p, path);
    }
    ctome_plot_free(p);
    free(x);
    free(jac);
    free(pr);
    free(sp);
    free(jl);
    free(gain);
    free(lost);
    free(lab);
    free(labp);
    return rc;
}
