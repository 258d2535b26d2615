/* ei_sweep.c — grids over model parameters scored against a functional
 * atlas (definitions in ei_sweep.h). */
#include "ei_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "error.h"
#include "parerr.h"

static const char *const PARAM_NAMES[] = {"chem-scale", "gap-scale", "tau", "amp", "duration"};
#define N_PARAMS (sizeof PARAM_NAMES / sizeof *PARAM_NAMES)

const char *ctome_sweep_param_name(ctome_sweep_param p)
{
    return (unsigned)p < N_PARAMS ? PARAM_NAMES[p] : "?";
}

int ctome_sweep_axis_parse(const char *spec, int log, ctome_sweep_axis *ax)
{
    memset(ax, 0, sizeof *ax);
    const char *eq = spec ? strchr(spec, '=') : NULL;
    if (!eq)
        return ctome_error(CTOME_EVALUE, NULL, 0, "grid '%s' is not NAME=LO:HI:N", spec ? spec : "");
    size_t len = (size_t)(eq - spec);
    int p = -1;
    for (size_t i = 0; i < N_PARAMS; i++)
        if (strlen(PARAM_NAMES[i]) == len && strncmp(spec, PARAM_NAMES[i], len) == 0)
            p = (int)i;
    if (p < 0)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "grid '%s': unknown parameter (chem-scale, gap-scale, tau, amp, duration)",
                           spec);
    char *end;
    double lo = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != ':')
        return ctome_error(CTOME_EVALUE, NULL, 0, "grid '%s' is not NAME=LO:HI:N (bad LO)", spec);
    const char *h = end + 1;
    double hi = strtod(h, &end);
    if (end == h || *end != ':')
        return ctome_error(CTOME_EVALUE, NULL, 0, "grid '%s' is not NAME=LO:HI:N (bad HI)", spec);
    const char *c = end + 1;
    long n = strtol(c, &end, 10);
    if (end == c || *end || n < 1 || n > 1000)
        return ctome_error(CTOME_EVALUE, NULL, 0, "grid '%s': N must be a whole number in 1..1000", spec);
    if (!isfinite(lo) || !isfinite(hi) || lo > hi)
        return ctome_error(CTOME_EVALUE, NULL, 0, "grid '%s': need finite LO <= HI", spec);
    int strict = p != CTOME_SWEEP_CHEM_SCALE && p != CTOME_SWEEP_GAP_SCALE;
    if (lo < 0 || (strict && lo <= 0))
        return ctome_error(CTOME_EVALUE, NULL, 0, "grid '%s': %s must be %s 0", spec, PARAM_NAMES[p],
                           strict ? ">" : ">=");
    if (log && lo <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "grid '%s': a log grid needs LO > 0", spec);
    *ax = (ctome_sweep_axis){(ctome_sweep_param)p, lo, hi, (size_t)n, log};
    return CTOME_OK;
}

double ctome_sweep_axis_value(const ctome_sweep_axis *ax, size_t k)
{
    if (ax->n == 1)
        return ax->lo;
    double t = (double)k / (double)(ax->n - 1);
    if (k + 1 == ax->n)
        return ax->hi;
    return ax->log ? exp(log(ax->lo) + t * (log(ax->hi) - log(ax->lo))) : ax->lo + t * (ax->hi - ax->lo);
}

void ctome_ei_sweep_clear(ctome_ei_sweep *s)
{
    if (!s)
        return;
    free(s->v1);
    free(s->v2);
    free(s->rho);
    free(s->sign_agree);
    free(s->n_pairs);
    free(s->status);
    memset(s, 0, sizeof *s);
}

static void apply(const ctome_sweep_axis *ax, double v, ctome_ei_opts *mo, ctome_ei_atlas_opts *ao)
{
    switch (ax->param) {
    case CTOME_SWEEP_CHEM_SCALE: mo->chem_scale = v; break;
    case CTOME_SWEEP_GAP_SCALE: mo->gap_scale = v; break;
    case CTOME_SWEEP_TAU: mo->tau = v; break;
    case CTOME_SWEEP_AMP: ao->amp = v; break;
    case CTOME_SWEEP_DURATION:
        ao->duration = v;
        if (ao->window < v)
            ao->window = v;
        break;
    }
}

/* One grid point: status, rho, sign agreement, pairs. */
static int run_point(ctome_ei_builder build, void *user, const ctome_ei_opts *mo,
                     const ctome_ei_atlas_opts *ao, const ctome_fmatrix *f, const size_t *stim, size_t n_stim,
                     ctome_ei_sweep *s, size_t q)
{
    ctome_ei *m = NULL;
    int rc = build(mo, user, &m);
    if (rc)
        return rc;
    ctome_ei_atlas_pairs p;
    rc = ctome_ei_atlas_pairs_find(m, f, &p);
    if (!rc && stim)
        rc = ctome_ei_atlas_pairs_restrict(&p, m->n, stim, n_stim, f->id);
    double *r = rc ? NULL : malloc(p.n_stim * m->n * sizeof *r);
    if (!rc && !r)
        rc = ctome_error_nomem();
    if (!rc) {
        int settled = 1;
        int arc = ctome_ei_atlas_serial(m, p.stim_list, p.n_stim, ao, r, &settled);
        s->n_pairs[q] = p.n_pairs;
        if (arc == CTOME_EVALUE) {   /* blew up: reported, not an error */
            ctome_error_clear();
            s->status[q] = CTOME_SWEEP_BLOWUP;
        } else if (arc) {
            rc = arc;
        } else {
            ctome_ei_atlas a = {.n_stim = p.n_stim, .n = m->n, .stim = p.stim_list, .r = r};
            size_t ns;
            rc = ctome_ei_atlas_score(&a, &p, NULL, &s->rho[q], &s->sign_agree[q], &ns);
            s->status[q] = settled ? CTOME_SWEEP_OK : CTOME_SWEEP_UNSETTLED;
        }
    }
    free(r);
    if (m)
        ctome_ei_atlas_pairs_clear(&p);
    ctome_ei_free(m);
    return rc;
}

int ctome_ei_sweep_run(ctome_ei_builder build, void *user, const ctome_ei_opts *base,
                       const ctome_ei_atlas_opts *ao, const ctome_fmatrix *f, const size_t *stim,
                       size_t n_stim, const ctome_sweep_axis *ax1, const ctome_sweep_axis *ax2, int threads,
                       void (*progress)(size_t done, size_t total, void *user), void *progress_user,
                       ctome_ei_sweep *out)
{
    memset(out, 0, sizeof *out);
    if (!ax1 || ax1->n == 0 || (ax2 && ax2->n == 0))
        return ctome_error(CTOME_EINVAL, NULL, 0, "a sweep needs at least one grid axis");
    int rc = ctome_ei_atlas_opts_check(ao);
    if (rc)
        return rc;
    out->ax[0] = *ax1;
    out->n1 = ax1->n;
    out->n2 = ax2 ? ax2->n : 1;
    if (ax2)
        out->ax[1] = *ax2;
    size_t np = out->n1 * out->n2;
    out->v1 = malloc(out->n1 * sizeof *out->v1);
    out->v2 = malloc(out->n2 * sizeof *out->v2);
    out->rho = malloc(np * sizeof *out->rho);
    out->sign_agree = malloc(np * sizeof *out->sign_agree);
    out->n_pairs = calloc(np, sizeof *out->n_pairs);
    out->status = calloc(np, sizeof *out->status);
    if (!out->v1 || !out->v2 || !out->rho || !out->sign_agree || !out->n_pairs || !out->status) {
        ctome_ei_sweep_clear(out);
        return ctome_error_nomem();
    }
    for (size_t k = 0; k < out->n1; k++)
        out->v1[k] = ctome_sweep_axis_value(ax1, k);
    for (size_t k = 0; k < out->n2; k++)
        out->v2[k] = ax2 ? ctome_sweep_axis_value(ax2, k) : NAN;
    for (size_t q = 0; q < np; q++)
        out->rho[q] = out->sign_agree[q] = NAN;
    int nt = 1;
#ifdef _OPENMP
    nt = threads > 0 ? threads : omp_get_max_threads();
#endif
    (void)threads;
    /* this process's grid points [lo, hi) (ao->dist, dist.h); every
     * point's results are gathered afterwards */
    size_t lo, hi;
    ctome_dist_block(ao->dist, np, &lo, &hi);
    if ((size_t)nt > hi - lo)
        nt = (int)(hi - lo);
    size_t done = 0;
    ctome_parerr err;
    ctome_parerr_init(&err);
#pragma omp parallel for num_threads(nt > 0 ? nt : 1) schedule(dynamic, 1)
    for (size_t q = lo; q < hi; q++) {
        ctome_ei_opts mo = *base;
        ctome_ei_atlas_opts a = *ao;
        a.progress = NULL;
        a.threads = 1;
        a.dist = NULL;
        apply(ax1, out->v1[q / out->n2], &mo, &a);
        if (ax2)
            apply(ax2, out->v2[q % out->n2], &mo, &a);
        int prc = run_point(build, user, &mo, &a, f, stim, n_stim, out, q);
        if (prc)
            ctome_parerr_set(&err, q, prc);
        else if (progress) {
#pragma omp critical(ctome_sweep_progress)
            progress(++done, hi - lo, progress_user);
        }
    }
    if (err.rc) {
        size_t bad = err.index;
        char where[128];
        snprintf(where, sizeof where, "%s = %g", ctome_sweep_param_name(ax1->param), out->v1[bad / out->n2]);
        if (ax2)
            snprintf(where + strlen(where), sizeof where - strlen(where), ", %s = %g",
                     ctome_sweep_param_name(ax2->param), out->v2[bad % out->n2]);
        rc = ctome_error(err.rc, NULL, 0, "sweep point %s: %s", where, err.msg);
    }
    rc = ctome_dist_gather(ao->dist, rc, out->rho, np, sizeof *out->rho);
    if (!rc)
        rc = ctome_dist_gather(ao->dist, 0, out->sign_agree, np, sizeof *out->sign_agree);
    if (!rc)
        rc = ctome_dist_gather(ao->dist, 0, out->n_pairs, np, sizeof *out->n_pairs);
    if (!rc)
        rc = ctome_dist_gather(ao->dist, 0, out->status, np, sizeof *out->status);
    if (rc) {
        ctome_ei_sweep_clear(out);
        return rc;
    }
    return CTOME_OK;
}
