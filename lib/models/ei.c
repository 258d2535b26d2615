/* ei.c — connectome E/I rate model: construction, inputs, integration
 * (see ei.h for the equation and references). */
#include "ei.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>

#include "ei_internal.h"
#include "error.h"
#include "sizecheck.h"
#include "rng.h"

void ctome_ei_opts_default(ctome_ei_opts *o)
{
    o->chem_scale = 0.01;
    o->gap_scale = 0.01;
    o->tau = 1.0;
    o->f = CTOME_EI_TANH;
    o->unknown = CTOME_EI_UNKNOWN_ZERO;
    o->sign_override = NULL;
    o->n_sign_override = 0;
}

void ctome_ei_sim_opts_default(ctome_ei_sim_opts *o)
{
    o->method = CTOME_EI_RK4;
    o->dt = 1e-3;
    o->t_end = 1.0;
    o->sample_dt = 1e-2;
    o->rtol = 1e-8;
    o->atol = 1e-10;
    o->x0 = NULL;
}

void ctome_ei_free(ctome_ei *m)
{
    if (!m)
        return;
    free(m->node);
    free(m->reg);
    free(m->sign);
    free(m->tau);
    free(m->w_ptr);
    free(m->w_col);
    free(m->w_val);
    free(m->g_ptr);
    free(m->g_col);
    free(m->g_val);
    free(m->g_deg);
    free(m->silenced);
    free(m);
}

static int check_opts(const ctome_ei_opts *o)
{
    if (!isfinite(o->tau) || o->tau <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "tau must be > 0, got '%g'", o->tau);
    if (!isfinite(o->chem_scale) || o->chem_scale < 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "chemical scale must be >= 0, got '%g'",
                           o->chem_scale);
    if (!isfinite(o->gap_scale) || o->gap_scale < 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "gap-junction scale must be >= 0, got '%g'",
                           o->gap_scale);
    if ((unsigned)o->f > CTOME_EI_LINEAR)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown transfer function '%d'", (int)o->f);
    if ((unsigned)o->unknown > CTOME_EI_UNKNOWN_ERROR)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown sign policy '%d'", (int)o->unknown);
    for (size_t r = 0; o->sign_override && r < o->n_sign_override; r++)
        if (o->sign_override[r] != CTOME_EI_SIGN_KEEP &&
            (o->sign_override[r] < -1 || o->sign_override[r] > 1))
            return ctome_error(CTOME_EVALUE, NULL, 0, "sign override of neuron %zu is '%d'", r,
                               (int)o->sign_override[r]);
    return CTOME_OK;
}

/* Compress dense n x n (row = postsynaptic) into CSR. */
static int to_csr(size_t n, const double *d, size_t **ptr, int32_t **col, double **val)
{
    size_t nnz = 0;
    for (size_t k = 0; k < n * n; k++)
        nnz += d[k] != 0;
    *ptr = malloc((n + 1) * sizeof **ptr);
    *col = malloc((nnz ? nnz : 1) * sizeof **col);
    *val = malloc((nnz ? nnz : 1) * sizeof **val);
    if (!*ptr || !*col || !*val)
        return ctome_error_nomem();
    size_t p = 0;
    for (size_t i = 0; i < n; i++) {
        (*ptr)[i] = p;
        for (size_t j = 0; j < n; j++)
            if (d[i * n + j] != 0) {
                (*col)[p] = (int32_t)j;
                (*val)[p++] = d[i * n + j];
            }
    }
    (*ptr)[n] = p;
    return CTOME_OK;
}

/* Allocate a model of n neurons and fill its matrices from dense w and g. */
static int model_from_dense(size_t n, const double *w, const double *g, const ctome_ei_opts *o,
                            ctome_ei **out)
{
    ctome_ei *m = calloc(1, sizeof *m);
    if (!m)
        return ctome_error_nomem();
    m->n = n;
    m->f = o->f;
    m->reg = malloc(n * sizeof *m->reg);
    m->sign = calloc(n, sizeof *m->sign);
    m->tau = malloc(n * sizeof *m->tau);
    m->g_deg = calloc(n, sizeof *m->g_deg);
    if (!m->reg || !m->sign || !m->tau || !m->g_deg) {
        ctome_ei_free(m);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < n; i++) {
        m->reg[i] = -1;
        m->tau[i] = o->tau;
        for (size_t j = 0; j < n; j++)
            m->g_deg[i] += g[i * n + j];
    }
    int rc = to_csr(n, w, &m->w_ptr, &m->w_col, &m->w_val);
    if (!rc)
        rc = to_csr(n, g, &m->g_ptr, &m->g_col, &m->g_val);
    if (rc) {
        ctome_ei_free(m);
        return rc;
    }
    *out = m;
    return CTOME_OK;
}

int ctome_ei_from_dense(size_t n, const double *w, const double *g, const ctome_ei_opts *o,
                        ctome_ei **out)
{
    ctome_ei_opts def;
    if (!o) {
        ctome_ei_opts_default(&def);
        o = &def;
    }
    int rc = check_opts(o);
    if (rc)
        return rc;
    if (n == 0 || !w)
        return ctome_error(CTOME_EVALUE, NULL, 0, "empty model (n = '%zu')", n);
    double *gg = calloc(n * n, sizeof *gg);
    if (!gg)
        return ctome_error_nomem();
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double a = w[i * n + j];
            double b = g ? g[i * n + j] : 0.0;
            if (!isfinite(a) || !isfinite(b)) {
                free(gg);
                return ctome_error(CTOME_EVALUE, NULL, 0, "non-finite weight at (%zu, %zu)", i, j);
            }
            if (g && (b < 0 || b != g[j * n + i])) {
                free(gg);
                return ctome_error(CTOME_EVALUE, NULL, 0,
                                   "gap-junction matrix must be symmetric and >= 0 at (%zu, %zu): '%g'",
                                   i, j, b);
            }
            if (i != j)
                gg[i * n + j] = b;
        }
    rc = model_from_dense(n, w, gg, o, out);
    free(gg);
    return rc;
}

static int neuron_sign(const ctome_registry *reg, int r, const ctome_ei_opts *o)
{
    ctome_ei_unknown_policy pol = o->unknown;
    if (o->sign_override && r >= 0 && (size_t)r < o->n_sign_override &&
        o->sign_override[r] != CTOME_EI_SIGN_KEEP)
        return o->sign_override[r] > 0 ? 1 : o->sign_override[r] < 0 ? -1 : 0;
    ctome_sign s = (reg && r >= 0) ? ctome_registry_neuron(reg, (size_t)r)->sign
                                   : CTOME_SIGN_UNKNOWN;
    if (s == CTOME_SIGN_EXCITATORY)
        return 1;
    if (s == CTOME_SIGN_INHIBITORY)
        return -1;
    switch (pol) {
    case CTOME_EI_UNKNOWN_EXCITATORY: return 1;
    case CTOME_EI_UNKNOWN_INHIBITORY: return -1;
    case CTOME_EI_UNKNOWN_ZERO: return 0;
    default: return 2;   /* error, decided by the caller if the neuron has output */
    }
}

int ctome_ei_build(const ctome_connectome *c, const ctome_registry *reg, const ctome_ei_opts *o,
                   ctome_ei **out)
{
    ctome_ei_opts def;
    if (!o) {
        ctome_ei_opts_default(&def);
        o = &def;
    }
    int rc = check_opts(o);
    if (rc)
        return rc;
    const ctome_layer *chem = ctome_connectome_get_layer(c, "chemical");
    const ctome_layer *elec = ctome_connectome_get_layer(c, "electrical");
    const ctome_layer *ls[2] = {chem, elec};
    size_t nn = c->n_nodes;
    int *map = malloc((nn ? nn : 1) * sizeof *map);
    if (!map)
        return ctome_error_nomem();
    for (size_t v = 0; v < nn; v++)
        map[v] = -1;
    for (int L = 0; L < 2; L++)
        for (size_t k = 0; ls[L] && k < ls[L]->n; k++) {
            const ctome_edge *e = &ls[L]->e[k];
            if (e->src == e->dst || c->nodes[e->src].kind != CTOME_CELL_NEURON ||
                c->nodes[e->dst].kind != CTOME_CELL_NEURON)
                continue;
            map[e->src] = map[e->dst] = 0;
        }
    size_t n = 0;
    for (size_t v = 0; v < nn; v++)
        if (map[v] == 0)
            map[v] = (int)n++;
    if (n == 0) {
        free(map);
        return ctome_error(CTOME_EVALUE, c->source_file, 0,
                           "connectome '%s' has no neurons with chemical or electrical edges",
                           c->id ? c->id : "");
    }
    double *w = calloc(n * n, sizeof *w), *g = calloc(n * n, sizeof *g);
    int *sign = malloc(n * sizeof *sign), *node = malloc(n * sizeof *node);
    if (!w || !g || !sign || !node) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t v = 0; v < nn; v++)
        if (map[v] >= 0) {
            node[map[v]] = (int)v;
            sign[map[v]] = neuron_sign(reg, c->nodes[v].reg, o);
        }
    for (size_t k = 0; chem && k < chem->n; k++) {
        const ctome_edge *e = &chem->e[k];
        int j = map[e->src], i = map[e->dst];
        if (i < 0 || j < 0 || c->nodes[e->src].kind != CTOME_CELL_NEURON ||
            c->nodes[e->dst].kind != CTOME_CELL_NEURON)
            continue;
        if (sign[j] == 2) {
            rc = ctome_error(CTOME_EVALUE, c->source_file, 0,
                             "neuron '%s' has chemical synapses but no excitatory or inhibitory "
                             "transmitter sign", c->nodes[e->src].name);
            goto done;
        }
        double x = o->chem_scale * e->w;
        w[(size_t)i * n + (size_t)j] += sign[j] * x;
        if (!chem->directed && i != j)
            w[(size_t)j * n + (size_t)i] += sign[i] == 2 ? 0 : sign[i] * x;
    }
    for (size_t k = 0; elec && k < elec->n; k++) {
        const ctome_edge *e = &elec->e[k];
        int a = map[e->src], b = map[e->dst];
        if (a < 0 || b < 0 || a == b || c->nodes[e->src].kind != CTOME_CELL_NEURON ||
            c->nodes[e->dst].kind != CTOME_CELL_NEURON)
            continue;
        double x = o->gap_scale * fabs(e->w) * (elec->directed ? 0.5 : 1.0);
        g[(size_t)a * n + (size_t)b] += x;
        g[(size_t)b * n + (size_t)a] += x;
    }
    ctome_ei *m = NULL;
    rc = model_from_dense(n, w, g, o, &m);
    if (rc)
        goto done;
    for (size_t i = 0; i < n; i++) {
        m->reg[i] = c->nodes[node[i]].reg;
        m->sign[i] = sign[i] == 2 ? 0 : sign[i];
    }
    m->node = node;
    node = NULL;
    m->registry = reg;
    *out = m;
done:
    free(map);
    free(w);
    free(g);
    free(sign);
    free(node);
    return rc;
}

int ctome_ei_set_tau(ctome_ei *m, size_t i, double tau)
{
    if (i >= m->n)
        return ctome_error(CTOME_EINVAL, NULL, 0, "neuron index '%zu' out of range", i);
    if (!isfinite(tau) || tau <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "tau must be > 0, got '%g'", tau);
    m->tau[i] = tau;
    return CTOME_OK;
}

int ctome_ei_find(const ctome_ei *m, const char *name)
{
    if (!m->registry)
        return -1;
    int r = ctome_registry_find(m->registry, name);
    if (r < 0)
        return -1;
    for (size_t i = 0; i < m->n; i++)
        if (m->reg[i] == r)
            return (int)i;
    return -1;
}

/* ---- inputs ---- */

int ctome_ei_input_new(size_t n, ctome_ei_input **out)
{
    ctome_ei_input *in = calloc(1, sizeof *in);
    if (!in || !(in->constant = calloc(n ? n : 1, sizeof *in->constant))) {
        free(in);
        return ctome_error_nomem();
    }
    in->n = n;
    *out = in;
    return CTOME_OK;
}

void ctome_ei_input_free(ctome_ei_input *in)
{
    if (!in)
        return;
    for (size_t p = 0; p < in->n_pulse; p++)
        free(in->pulse[p].idx);
    free(in->pulse);
    free(in->constant);
    free(in);
}

int ctome_ei_input_constant(ctome_ei_input *in, size_t i, double value)
{
    if (i >= in->n)
        return ctome_error(CTOME_EINVAL, NULL, 0, "neuron index '%zu' out of range", i);
    if (!isfinite(value))
        return ctome_error(CTOME_EVALUE, NULL, 0, "input to neuron %zu is not finite: '%g'", i,
                           value);
    in->constant[i] = value;
    return CTOME_OK;
}

int ctome_ei_input_pulse(ctome_ei_input *in, const size_t *idx, size_t k, double start,
                         double duration, double amp)
{
    if (k == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "pulse on no neuron");
    for (size_t a = 0; a < k; a++)
        if (idx[a] >= in->n)
            return ctome_error(CTOME_EINVAL, NULL, 0, "neuron index '%zu' out of range", idx[a]);
    if (!isfinite(start) || !isfinite(duration) || !isfinite(amp) || duration <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "bad pulse (start '%g', duration '%g', amplitude '%g')", start,
                           duration, amp);
    ei_pulse *p = realloc(in->pulse, (in->n_pulse + 1) * sizeof *p);
    if (!p)
        return ctome_error_nomem();
    in->pulse = p;
    size_t *c = malloc(k * sizeof *c);
    if (!c)
        return ctome_error_nomem();
    memcpy(c, idx, k * sizeof *c);
    p[in->n_pulse++] = (ei_pulse){c, k, start, duration, amp};
    return CTOME_OK;
}

int ctome_ei_input_noise(ctome_ei_input *in, double sigma, uint64_t seed)
{
    if (!isfinite(sigma) || sigma < 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "noise sigma must be >= 0, got '%g'", sigma);
    in->sigma = sigma;
    in->seed = seed;
    return CTOME_OK;
}

int ctome_ei_select(const ctome_ei *m, const char *target, size_t **idx, size_t *k)
{
    if (m->registry && ctome_registry_find(m->registry, target) >= 0) {
        int i = ctome_ei_find(m, target);
        if (i < 0)
            return ctome_error(CTOME_ENOTFOUND, NULL, 0, "neuron '%s' is not in the model",
                               target);
        if (!(*idx = malloc(sizeof **idx)))
            return ctome_error_nomem();
        (*idx)[0] = (size_t)i;
        *k = 1;
        return CTOME_OK;
    }
    size_t *v = malloc((m->n ? m->n : 1) * sizeof *v), nk = 0;
    if (!v)
        return ctome_error_nomem();
    for (size_t i = 0; m->registry && i < m->n; i++)
        if (m->reg[i] >= 0 &&
            ctome_neuron_in_class(ctome_registry_neuron(m->registry, (size_t)m->reg[i]), target))
            v[nk++] = i;
    if (!nk) {
        free(v);
        return ctome_error(CTOME_ENOTFOUND, NULL, 0, "unknown neuron or class '%s'", target);
    }
    *idx = v;
    *k = nk;
    return CTOME_OK;
}

int ctome_ei_stimulate(const ctome_ei *m, ctome_ei_input *in, const char *target, double start,
                       double duration, double amp)
{
    if (in->n != m->n)
        return ctome_error(CTOME_EINVAL, NULL, 0, "input for %zu neurons, model has %zu", in->n,
                           m->n);
    size_t *idx = NULL, k = 0;
    int rc = ctome_ei_select(m, target, &idx, &k);
    if (rc == CTOME_ENOTFOUND && !(m->registry && ctome_registry_find(m->registry, target) >= 0))
        rc = ctome_error(CTOME_ENOTFOUND, NULL, 0, "unknown neuron or class to stimulate '%s'",
                         target);
    if (!rc)
        rc = ctome_ei_input_pulse(in, idx, k, start, duration, amp);
    free(idx);
    return rc;
}

/* ---- dynamics ---- */

typedef struct {
    const ctome_ei *m;
    const ctome_ei_input *in;
    const ei_rhs *rhs;
    double *z;      /* [f(x); x], 2n (ei_rhs_eval) */
    double *u;      /* the input at the current time, n */
    double *fp;     /* f'(x), n (Jacobian) */
} ei_work;

/* u = the constant input (len values, in u's order) plus the pulses on at
 * time t; map: u's index of each neuron (NULL: the neuron's own). */
static void input_into(const ctome_ei_input *in, double t, const double *constant, size_t len,
                       const int32_t *map, double *u)
{
    memcpy(u, constant, len * sizeof *u);
    for (size_t p = 0; p < in->n_pulse; p++) {
        const ei_pulse *q = &in->pulse[p];
        if (t >= q->start && t < q->start + q->dur)
            for (size_t a = 0; a < q->k; a++)
                u[map ? (size_t)map[q->idx[a]] : q->idx[a]] += q->amp;
    }
}

static void input_at(const ei_work *w, double t)
{
    input_into(w->in, t, w->in->constant, w->m->n, NULL, w->u);
}

/* dy/dt of the state y with the input w->u (no noise).  No allocation. */
static void deriv_u(const ei_work *w, const double *y, double *dy)
{
    size_t n = w->m->n;
    if (y != w->z + n)
        memcpy(w->z + n, y, n * sizeof *y);
    ei_rhs_eval(w->rhs, w->u, w->z, dy);
}

/* dy/dt at time t (no noise).  No allocation. */
static void deriv(const ei_work *w, double t, const double *y, double *dy)
{
    input_at(w, t);
    deriv_u(w, y, dy);
}

static int gsl_func(double t, const double y[], double dydt[], void *params)
{
    deriv(params, t, y, dydt);
    return GSL_SUCCESS;
}

/* J_ik = (-δ_ik (1 + deg_i) + W_ik f'(x_k) + G_ik) / tau_i; inputs are
 * piecewise constant, so df/dt = 0 between pulse edges. */
static int gsl_jac(double t, const double y[], double *dfdy, double dfdt[], void *params)
{
    (void)t;
    const ei_work *w = params;
    const ctome_ei *m = w->m;
    size_t n = m->n;
    memset(dfdy, 0, n * n * sizeof *dfdy);
    for (size_t j = 0; j < n; j++)
        w->fp[j] = ei_transfer_deriv(m->f, y[j]);
    for (size_t i = 0; i < n; i++) {
        double *row = dfdy + i * n;
        row[i] = -1.0 - m->g_deg[i];
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++)
            row[m->w_col[p]] += m->w_val[p] * w->fp[m->w_col[p]];
        for (size_t p = m->g_ptr[i]; p < m->g_ptr[i + 1]; p++)
            row[m->g_col[p]] += m->g_val[p];
        for (size_t k = 0; k < n; k++)
            row[k] = (m->silenced && m->silenced[i]) ? 0.0 : row[k] / m->tau[i];
        dfdt[i] = 0.0;
    }
    return GSL_SUCCESS;
}

static int check_state(const double *y, size_t n, double t)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(y[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0,
                               "activity of neuron %zu is not finite at t = '%g' (unstable model?)",
                               i, t);
    return CTOME_OK;
}

static void store(ctome_ei_trace *tr, const double *y, size_t k)
{
    for (size_t i = 0; i < tr->n; i++)
        tr->x[i * tr->T + k] = y[i];
}

/* run_rk4 in slot order (ei_rhs_rk4_step: the same bits, about a quarter
 * less time per step on AVX-512F CPUs).  The state is copied back to
 * neuron order at each sample only. */
static int run_rk4_slots(ei_work *w, const ctome_ei_sim_opts *o, size_t per, size_t S, double *y,
                         ctome_ei_trace *tr)
{
    const ei_rhs *r = w->rhs;
    const ctome_ei *m = w->m;
    size_t n = m->n;
    double *mem = malloc((9 * S + 2) * sizeof *mem);
    if (!mem)
        return ctome_error_nomem();
    double *ys = mem, *acc = mem + S, *us = mem + 2 * S, *cs = mem + 3 * S, *za = mem + 4 * S,
           *zb = mem + 6 * S + 1;
    memset(mem, 0, (9 * S + 2) * sizeof *mem);   /* padding lanes and z[2S] stay +0.0 */
    for (size_t i = 0; i < n; i++) {
        ys[r->inv[i]] = y[i];
        cs[r->inv[i]] = w->in->constant[i];
    }
    double h = o->dt;
    ctome_rng rng;
    ctome_rng_seed(&rng, w->in->seed, 0);
    double sig = w->in->sigma * sqrt(h);
    size_t step = 0;
    int rc = CTOME_OK;
    memcpy(za + S, ys, S * sizeof *ys);
    ei_transfer_vec(m->f, za + S, za, S);
    for (size_t k = 1; k < tr->T && !rc; k++) {
        for (size_t s = 0; s < per; s++, step++) {
            /* inputs held at the step's midpoint, as run_rk4 */
            input_into(w->in, ((double)step + 0.5) * h, cs, S, r->inv, us);
            ei_rhs_rk4_step(r, us, h, ys, acc, za, zb);
            if (sig > 0) {
                for (size_t i = 0; i < n; i++) {
                    double z = ctome_rng_normal(&rng);
                    if (!(m->silenced && m->silenced[i]))
                        ys[r->inv[i]] += sig / m->tau[i] * z;
                }
                memcpy(za + S, ys, S * sizeof *ys);
                ei_transfer_vec(m->f, za + S, za, S);
            }
        }
        for (size_t i = 0; i < n; i++)
            y[i] = ys[r->inv[i]];
        rc = check_state(y, n, (double)step * h);
        if (!rc)
            store(tr, y, k);
    }
    free(mem);
    return rc;
}

static int run_rk4(ei_work *w, const ctome_ei_sim_opts *o, size_t per, double *y, double *buf,
                   ctome_ei_trace *tr)
{
    size_t S = ei_rhs_rk4_slots(w->rhs);
    if (S)
        return run_rk4_slots(w, o, per, S, y, tr);
    size_t n = w->m->n;
    double *k1 = buf, *k2 = buf + n, *k3 = buf + 2 * n, *k4 = buf + 3 * n, *tmp = w->z + n;
    double h = o->dt;
    ctome_rng rng;
    ctome_rng_seed(&rng, w->in->seed, 0);
    double sig = w->in->sigma * sqrt(h);
    size_t step = 0;
    for (size_t k = 1; k < tr->T; k++) {
        for (size_t s = 0; s < per; s++, step++) {
            /* Inputs are held at their value at the step's midpoint for all
             * four stages: a pulse edge then falls on the nearest step
             * boundary instead of inside a stage, which would cost O(h).
             * Each stage's state is written straight into z's x half. */
            input_at(w, ((double)step + 0.5) * h);
            deriv_u(w, y, k1);
            for (size_t i = 0; i < n; i++)
                tmp[i] = y[i] + 0.5 * h * k1[i];
            deriv_u(w, tmp, k2);
            for (size_t i = 0; i < n; i++)
                tmp[i] = y[i] + 0.5 * h * k2[i];
            deriv_u(w, tmp, k3);
            for (size_t i = 0; i < n; i++)
                tmp[i] = y[i] + h * k3[i];
            deriv_u(w, tmp, k4);
            for (size_t i = 0; i < n; i++)
                y[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
            /* Additive noise, Euler-Maruyama increment (sigma/tau) sqrt(h) N(0,1). */
            if (sig > 0)
                for (size_t i = 0; i < n; i++) {
                    /* draw for every neuron so silencing does not shift the stream */
                    double z = ctome_rng_normal(&rng);
                    if (!(w->m->silenced && w->m->silenced[i]))
                        y[i] += sig / w->m->tau[i] * z;
                }
        }
        int rc = check_state(y, n, (double)step * h);
        if (rc)
            return rc;
        store(tr, y, k);
    }
    return CTOME_OK;
}

static int run_gsl(ei_work *w, const ctome_ei_sim_opts *o, double *y, ctome_ei_trace *tr)
{
    const gsl_odeiv2_step_type *type = o->method == CTOME_EI_RKF45   ? gsl_odeiv2_step_rkf45
                                       : o->method == CTOME_EI_RK8PD ? gsl_odeiv2_step_rk8pd
                                                                     : gsl_odeiv2_step_msbdf;
    gsl_odeiv2_system sys = {gsl_func, gsl_jac, w->m->n, w};
    double h0 = o->sample_dt < 1e-3 ? o->sample_dt : 1e-3;
    gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_y_new(&sys, type, h0, o->atol, o->rtol);
    if (!d)
        return ctome_error(CTOME_ELIB, NULL, 0, "gsl_odeiv2_driver_alloc failed");
    double t = 0;
    int rc = CTOME_OK;
    for (size_t k = 1; k < tr->T && !rc; k++) {
        double ti = (double)k * o->sample_dt;
        int s = GSL_SUCCESS;
        /* Stop at every pulse edge inside (t, ti) and restart the stepper:
         * an adaptive step across a discontinuity of I(t) loses accuracy. */
        for (;;) {
            double stop = ti;
            for (size_t p = 0; p < w->in->n_pulse; p++) {
                double e0 = w->in->pulse[p].start, e1 = e0 + w->in->pulse[p].dur;
                if (e0 > t && e0 < stop)
                    stop = e0;
                if (e1 > t && e1 < stop)
                    stop = e1;
            }
            s = gsl_odeiv2_driver_apply(d, &t, stop, y);
            if (s != GSL_SUCCESS || stop >= ti)
                break;
            gsl_odeiv2_driver_reset(d);
        }
        if (s != GSL_SUCCESS)
            rc = ctome_error(CTOME_ELIB, NULL, 0, "GSL odeiv2 failed at t = '%g': %s", t,
                             gsl_strerror(s));
        else if (!(rc = check_state(y, w->m->n, t)))
            store(tr, y, k);
    }
    gsl_odeiv2_driver_free(d);
    return rc;
}

int ctome_ei_simulate(const ctome_ei *m, const ctome_ei_input *in, const ctome_ei_sim_opts *o,
                      ctome_ei_trace *out)
{
    ctome_ei_sim_opts def;
    if (!o) {
        ctome_ei_sim_opts_default(&def);
        o = &def;
    }
    size_t n = m->n;
    if (!in || in->n != n)
        return ctome_error(CTOME_EINVAL, NULL, 0, "input for %zu neurons, model has %zu",
                           in ? in->n : 0, n);
    if ((unsigned)o->method > CTOME_EI_MSBDF)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown integrator '%d'", (int)o->method);
    if (!isfinite(o->t_end) || o->t_end <= 0 || !isfinite(o->sample_dt) || o->sample_dt <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "bad time span (t_end '%g', sample step '%g')",
                           o->t_end, o->sample_dt);
    size_t per = 0;
    if (o->method == CTOME_EI_RK4) {
        if (!isfinite(o->dt) || o->dt <= 0 || o->dt > o->sample_dt)
            return ctome_error(CTOME_EVALUE, NULL, 0, "bad RK4 step '%g'", o->dt);
        double r = o->sample_dt / o->dt;
        /* llround of a ratio beyond 2^53 is not an integer step count. */
        if (!(r < 9007199254740992.0))
            return ctome_error(CTOME_EVALUE, NULL, 0, "sample step '%g' is %g RK4 steps of %g (too many)",
                               o->sample_dt, r, o->dt);
        per = (size_t)llround(r);
        if (fabs(r - (double)per) > 1e-9 * r)
            return ctome_error(CTOME_EVALUE, NULL, 0,
                               "sample step '%g' is not a multiple of the RK4 step %g",
                               o->sample_dt, o->dt);
    } else {
        if (in->sigma > 0)
            return ctome_error(CTOME_EINVAL, NULL, 0,
                               "noise needs the RK4 integrator (odeiv2 methods are deterministic)");
        if (!(o->rtol > 0) || !(o->atol > 0) || !isfinite(o->rtol) || !isfinite(o->atol))
            return ctome_error(CTOME_EVALUE, NULL, 0, "bad tolerances (rtol '%g', atol '%g')",
                               o->rtol, o->atol);
    }
    for (size_t i = 0; o->x0 && i < n; i++)
        if (!isfinite(o->x0[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "initial state of neuron %zu is '%g'", i,
                               o->x0[i]);
    /* The sample count comes from user numbers: check it (and n x T doubles
     * against the memory ceiling) before it is converted or allocated. */
    double samples = nearbyint(o->t_end / o->sample_dt) + 1;
    char what_for[128];
    snprintf(what_for, sizeof what_for, "t_end %g / sample step %g (%g samples x %zu neurons)", o->t_end,
             o->sample_dt, samples, n);
    size_t cells;
    int src = ctome_size_check(samples * (double)n, sizeof(double), what_for, "traces",
                               "lower t_end or raise the sample step", &cells);
    if (src)
        return src;
    ctome_ei_trace tr = {n, (size_t)samples, o->sample_dt, NULL};
    tr.x = malloc((cells ? cells : 1) * sizeof *tr.x);
    double *buf = malloc(10 * n * sizeof *buf);
    ei_rhs rhs;
    int rrc = ei_rhs_build(m, &rhs);
    if (!tr.x || !buf || rrc) {
        free(tr.x);
        free(buf);
        if (!rrc)
            ei_rhs_free(&rhs);
        return rrc ? rrc : ctome_error_nomem();
    }
    double *y = buf + 4 * n;
    ei_work w = {m, in, &rhs, buf + 5 * n, buf + 7 * n, buf + 8 * n};
    for (size_t i = 0; i < n; i++)
        y[i] = (o->x0 && !(m->silenced && m->silenced[i])) ? o->x0[i] : 0.0;
    store(&tr, y, 0);
    int rc = o->method == CTOME_EI_RK4 ? run_rk4(&w, o, per, y, buf, &tr) : run_gsl(&w, o, y, &tr);
    ei_rhs_free(&rhs);
    free(buf);
    if (rc) {
        free(tr.x);
        return rc;
    }
    *out = tr;
    return CTOME_OK;
}

void ctome_ei_trace_free(ctome_ei_trace *t)
{
    if (!t)
        return;
    free(t->x);
    t->x = NULL;
}
