/* ei_figs.c — figures of E/I model simulations (see ei_figs.h). */
#include "ei_figs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "recording.h"
#include "trace_figs.h"

/* Model neuron order by registry index, unregistered last (stable). */
static int by_reg(const void *a, const void *b)
{
    const int *x = a, *y = b;   /* pairs (reg, model index) */
    long kx = x[0] < 0 ? 1L << 40 : x[0], ky = y[0] < 0 ? 1L << 40 : y[0];
    if (kx != ky)
        return kx < ky ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

int ctome_ei_trace_recording(const ctome_ei *m, const ctome_ei_trace *t, const char *id,
                             ctome_recording **out)
{
    size_t n = t->n, T = t->T;
    int *ord = malloc(2 * (n ? n : 1) * sizeof *ord);
    if (!ord)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++) {
        ord[2 * i] = m->reg ? m->reg[i] : -1;
        ord[2 * i + 1] = (int)i;
    }
    qsort(ord, n, 2 * sizeof *ord, by_reg);
    ctome_recording *r = NULL;
    int rc = ctome_recording_new(id, n, T, &r);
    for (size_t k = 0; !rc && k < T; k++)
        r->time[k] = (double)k * t->sample_dt;
    for (size_t a = 0; !rc && a < n; a++) {
        size_t i = (size_t)ord[2 * a + 1];
        memcpy(r->traces + a * T, t->x + i * T, T * sizeof *r->traces);
        char nm[32];
        if (m->registry && m->reg[i] >= 0)
            snprintf(nm, sizeof nm, "%s", ctome_registry_neuron(m->registry, (size_t)m->reg[i])->name);
        else
            snprintf(nm, sizeof nm, "N%zu", i);
        rc = ctome_recording_set_label(r, a, nm, m->registry);
    }
    free(ord);
    if (rc) {
        ctome_recording_free(r);
        return rc;
    }
    *out = r;
    return CTOME_OK;
}

int ctome_plot_ei_traces(const ctome_ei *m, const ctome_ei_trace *t, const char *title,
                         const char *const *names, size_t n, const char *path)
{
    ctome_recording *r = NULL;
    int rc = ctome_ei_trace_recording(m, t, "model", &r);
    if (rc)
        return rc;
    ctome_plot *p = NULL;
    rc = ctome_plot_new(640, 620, 2, 1, &p);
    if (!rc)
        rc = ctome_plot_set_title(p, title);
    ctome_axes *top = rc ? NULL : ctome_plot_panel(p, 0, 0);
    ctome_axes *bot = rc ? NULL : ctome_plot_panel(p, 1, 0);
    if (!rc)
        rc = ctome_plot_trace_heatmap(top, r, CTOME_CMAP_DIVERGING);
    if (!rc)
        rc = ctome_axes_set_label(top, CTOME_AXIS_X, "time (model units, tau = 1)");
    if (!rc)
        rc = ctome_axes_set_label(top, CTOME_AXIS_Y, "neuron (registry order)");
    if (!rc)
        rc = ctome_axes_set_panel_label(top, "A");
    if (!rc)
        rc = ctome_plot_trace_lines(bot, r, names, n);
    if (!rc)
        rc = ctome_axes_set_label(bot, CTOME_AXIS_X, "time (model units, tau = 1)");
    if (!rc)
        rc = ctome_axes_set_panel_label(bot, "B");
    if (!rc)
        rc = ctome_plot_save(p, path);
    ctome_plot_free(p);
    ctome_recording_free(r);
    return rc;
}
