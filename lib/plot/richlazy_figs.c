/* richlazy_figs.c — measure-vs-step curves and final measures vs initial
 * rank (richlazy_figs.h). */
#include "richlazy_figs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "plot.h"

static const ctome_rgba vermillion = {0.835, 0.369, 0, 1};
static const ctome_rgba grey = {0.45, 0.45, 0.45, 1};

/* A group: the networks of one initialisation (a random rank, the
 * connectome, or matched) over seeds. */
typedef struct {
    ctome_rl_init init;
    size_t rank;
} group;

static int same_group(const ctome_rl_net *e, const group *g)
{
    return e->init == g->init && (e->init != CTOME_RL_RANDOM || e->rank == g->rank);
}

/* The groups in first-seen order (random ranks, then connectome, matched). */
static size_t groups_of(const ctome_rl_net *nets, size_t n, group *gs)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < k && !same_group(&nets[i], &gs[j]))
            j++;
        if (j == k)
            gs[k++] = (group){nets[i].init, nets[i].rank};
    }
    return k;
}

/* Field `f` of a curve: 0 dw_rel, 1 ka, 2 cka, 3 ra, 4 cra, 5 sign, 6 erank,
 * 7 acc. */
static const double *field(const ctome_rl_curve *c, int f)
{
    switch (f) {
    case 0: return c->dw_rel;
    case 1: return c->ka;
    case 2: return c->cka;
    case 3: return c->ra;
    case 4: return c->cra;
    case 5: return c->sign;
    case 6: return c->erank;
    default: return c->acc;
    }
}

static const char *const field_label[] = {"||W_t - W_0||_F / ||W_0||_F", "tangent kernel alignment",
                                          "centred tangent kernel alignment", "representation alignment",
                                          "centred representation alignment", "sign similarity",
                                          "effective rank of W_t", "probe accuracy"};

static ctome_style group_style(const group *g, size_t max_rank, const char *label)
{
    ctome_style st = {.label = label, .line_width = 1.4};
    if (g->init == CTOME_RL_CONNECTOME) {
        st.color = vermillion;
        st.line_width = 2.2;
    } else if (g->init == CTOME_RL_MATCHED) {
        st.color = grey;
        st.dashed = 1;
    } else {
        double t = max_rank > 1 ? log((double)g->rank) / log((double)max_rank) : 0;
        st.color = ctome_colormap(CTOME_CMAP_VIRIDIS, 0.9 * t);
    }
    return st;
}

static void group_label(const group *g, char *buf, size_t sz)
{
    if (g->init == CTOME_RL_RANDOM)
        snprintf(buf, sz, "rank %zu", g->rank);
    else
        snprintf(buf, sz, "%s", g->init == CTOME_RL_CONNECTOME ? "connectome" : "random, matched erank");
}

static int check(const ctome_rl_net *nets, size_t n, const char *path)
{
    if (n == 0 || nets[0].curve.n_points == 0)
        return ctome_error(CTOME_EVALUE, path, 0, "rich/lazy figure: no trained network");
    return CTOME_OK;
}

int ctome_plot_richlazy_curves(const ctome_rl_net *nets, size_t n, const char *title, const char *path)
{
    int rc = check(nets, n, path);
    if (rc)
        return rc;
    size_t np = nets[0].curve.n_points, max_rank = 1;
    group *gs = malloc(n * sizeof *gs);
    double *x = malloc(np * sizeof *x), *y = malloc(np * sizeof *y);
    ctome_plot *p = NULL;
    if (!gs || !x || !y) {
        rc = ctome_error_nomem();
        goto done;
    }
    size_t ng = groups_of(nets, n, gs);
    for (size_t i = 0; i < n; i++)
        if (nets[i].init == CTOME_RL_RANDOM && nets[i].rank > max_rank)
            max_rank = nets[i].rank;
    for (size_t k = 0; k < np; k++)
        x[k] = (double)nets[0].curve.step[k];
    rc = ctome_plot_new(1120, 500, 2, 4, &p);
    if (!rc && title)
        rc = ctome_plot_set_title(p, title);
    static const char *const letters[] = {"A", "B", "C", "D", "E", "F", "G", "H"};
    for (int f = 0; !rc && f < 8; f++) {
        ctome_axes *ax = ctome_plot_panel(p, f / 4, f % 4);
        for (size_t g = 0; !rc && g < ng; g++) {
            size_t cnt = 0;
            for (size_t k = 0; k < np; k++)
                y[k] = 0;
            for (size_t i = 0; i < n; i++) {
                if (!same_group(&nets[i], &gs[g]) || nets[i].curve.n_points != np)
                    continue;
                const double *v = field(&nets[i].curve, f);
                for (size_t k = 0; k < np; k++)
                    y[k] += v[k];
                cnt++;
            }
            for (size_t k = 0; k < np; k++)
                y[k] = cnt ? y[k] / (double)cnt : NAN;
            char lab[64];
            group_label(&gs[g], lab, sizeof lab);
            ctome_style st = group_style(&gs[g], max_rank, f == 0 ? lab : NULL);
            rc = ctome_axes_line(ax, x, y, np, &st);
        }
        if (rc)
            break;
        ctome_axes_set_label(ax, CTOME_AXIS_X, "training step");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, field_label[f]);
        ctome_axes_set_panel_label(ax, letters[f]);
        ctome_axes_set_grid(ax, 1);
        if (f == 0)
            ctome_axes_set_legend(ax, CTOME_LEGEND_UPPER_LEFT);
    }
    if (!rc)
        rc = ctome_plot_save(p, path);
done:
    ctome_plot_free(p);
    free(gs);
    free(x);
    free(y);
    return rc;
}

/* Final value of field f of one network. */
static double final(const ctome_rl_net *e, int f)
{
    return e->curve.n_points ? field(&e->curve, f)[e->curve.n_points - 1] : NAN;
}

int ctome_plot_richlazy_summary(const ctome_rl_net *nets, size_t n, const char *title, const char *path)
{
    int rc = check(nets, n, path);
    if (rc)
        return rc;
    group *gs = malloc(n * sizeof *gs);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *mx = malloc(n * sizeof *mx),
           *my = malloc(n * sizeof *my);
    ctome_plot *p = NULL;
    if (!gs || !x || !y || !mx || !my) {
        rc = ctome_error_nomem();
        goto done;
    }
    size_t ng = groups_of(nets, n, gs), max_rank = 1;
    for (size_t i = 0; i < n; i++)
        if (nets[i].init == CTOME_RL_RANDOM && nets[i].rank > max_rank)
            max_rank = nets[i].rank;
    rc = ctome_plot_new(900, 500, 2, 3, &p);
    if (!rc && title)
        rc = ctome_plot_set_title(p, title);
    static const char *const letters[] = {"A", "B", "C", "D", "E", "F"};
    for (int f = 0; !rc && f < 6; f++) {
        ctome_axes *ax = ctome_plot_panel(p, f / 3, f % 3);
        /* Random networks: dots per seed, mean per rank as a line. */
        size_t k = 0, m = 0;
        for (size_t g = 0; g < ng; g++) {
            if (gs[g].init != CTOME_RL_RANDOM)
                continue;
            double sx = 0, sy = 0;
            size_t cnt = 0;
            for (size_t i = 0; i < n; i++)
                if (same_group(&nets[i], &gs[g])) {
                    x[k] = nets[i].erank0;
                    y[k++] = final(&nets[i], f);
                    sx += nets[i].erank0;
                    sy += final(&nets[i], f);
                    cnt++;
                }
            mx[m] = sx / (double)cnt;
            my[m++] = sy / (double)cnt;
        }
        if (k)
            rc = ctome_axes_scatter(ax, x, y, k, &(ctome_style){.color = {0.2, 0.4, 0.7, 1}, .alpha = 0.5,
                                                                  .marker_size = 3});
        if (!rc && m)
            rc = ctome_axes_line(ax, mx, my, m, &(ctome_style){.color = {0.2, 0.4, 0.7, 1},
                                                                .label = f == 0 ? "random, rank r" : NULL});
        for (int which = 1; !rc && which <= 2; which++) {
            k = 0;
            for (size_t i = 0; i < n; i++)
                if ((int)nets[i].init == which) {
                    x[k] = nets[i].erank0;
                    y[k++] = final(&nets[i], f);
                }
            if (!k)
                continue;
            ctome_style st = {.color = which == 1 ? vermillion : grey,
                              .marker = which == 1 ? CTOME_MARKER_SQUARE : CTOME_MARKER_TRIANGLE,
                              .marker_size = 6,
                              .label = f == 0 ? (which == 1 ? "connectome" : "random, matched erank") : NULL};
            rc = ctome_axes_scatter(ax, x, y, k, &st);
        }
        if (rc)
            break;
        ctome_axes_set_scale(ax, CTOME_AXIS_X, CTOME_SCALE_LOG10);
        ctome_axes_set_label(ax, CTOME_AXIS_X, "effective rank of W_0");
        ctome_axes_set_label(ax, CTOME_AXIS_Y, field_label[f]);
        ctome_axes_set_panel_label(ax, letters[f]);
        ctome_axes_set_grid(ax, 1);
        if (f == 0)
            ctome_axes_set_legend(ax, CTOME_LEGEND_BEST);
    }
    if (!rc)
        rc = ctome_plot_save(p, path);
done:
    ctome_plot_free(p);
    free(gs);
    free(x);
    free(y);
    free(mx);
    free(my);
    return rc;
}
