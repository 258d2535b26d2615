/* mlp.c — tanh multilayer perceptron (mlp.h). */
#include "mlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rng.h"

struct ctome_mlp {
    ctome_mlp_opts o;
    int n_lin;              /* linear maps: n_layers + 1 */
    int in[CTOME_MLP_MAX_LAYERS + 1], out[CTOME_MLP_MAX_LAYERS + 1];
    size_t off[CTOME_MLP_MAX_LAYERS + 1];   /* offset of layer l's W in theta */
    size_t n_params;
    double *theta;
    double *h;              /* [n_layers * hidden] hidden activity */
};

void ctome_mlp_opts_default(ctome_mlp_opts *o, int n_in, int n_out)
{
    memset(o, 0, sizeof *o);
    o->n_in = n_in;
    o->n_out = n_out;
    o->n_layers = 2;
    o->hidden = 64;
}

static ctome_mlp *alloc_mlp(const ctome_mlp_opts *o)
{
    ctome_mlp *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->o = *o;
    m->n_lin = o->n_layers + 1;
    size_t k = 0;
    for (int l = 0; l < m->n_lin; l++) {
        m->in[l] = l == 0 ? o->n_in : o->hidden;
        m->out[l] = l == o->n_layers ? o->n_out : o->hidden;
        m->off[l] = k;
        k += (size_t)m->out[l] * ((size_t)m->in[l] + 1);
    }
    m->n_params = k;
    m->theta = malloc(k * sizeof *m->theta);
    m->h = calloc((size_t)o->n_layers * (size_t)o->hidden + 1, sizeof *m->h);
    if (!m->theta || !m->h) {
        ctome_mlp_free(m);
        return NULL;
    }
    return m;
}

int ctome_mlp_create(ctome_mlp **out, const ctome_mlp_opts *o)
{
    *out = NULL;
    if (o->n_in < 1 || o->n_out < 1)
        return ctome_error(CTOME_EINVAL, NULL, 0, "MLP needs >= 1 input and output, got %d and %d",
                           o->n_in, o->n_out);
    if (o->n_layers < 0 || o->n_layers > CTOME_MLP_MAX_LAYERS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "MLP hidden layers must be 0 to %d, got %d",
                           CTOME_MLP_MAX_LAYERS, o->n_layers);
    if (o->init != CTOME_MLP_INIT_TORCH && o->init != CTOME_MLP_INIT_NORMAL)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown MLP initialisation %d", o->init);
    if (o->hidden < 1 || o->hidden > 1 << 16)
        return ctome_error(CTOME_EINVAL, NULL, 0, "MLP hidden units must be 1 to 65536, got %d",
                           o->hidden);
    ctome_mlp *m = alloc_mlp(o);
    if (!m)
        return ctome_error_nomem();
    /* nn.Linear's default: kaiming_uniform(a = sqrt 5) for W and the bias
     * rule both reduce to U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    ctome_rng r;
    ctome_rng_seed(&r, o->seed, 0);
    for (int l = 0; l < m->n_lin; l++) {
        double bound = 1 / sqrt((double)m->in[l]);
        size_t nw = (size_t)m->out[l] * (size_t)m->in[l], nb = (size_t)m->out[l];
        double *w = m->theta + m->off[l];
        for (size_t k = 0; k < nw + nb; k++) {
            if (o->init == CTOME_MLP_INIT_NORMAL)
                w[k] = k < nw ? ctome_rng_normal(&r) : 0;
            else
                w[k] = bound * (2 * ctome_rng_uniform(&r) - 1);
        }
    }
    *out = m;
    return CTOME_OK;
}

int ctome_mlp_clone(const ctome_mlp *src, ctome_mlp **out)
{
    *out = NULL;
    ctome_mlp *m = alloc_mlp(&src->o);
    if (!m)
        return ctome_error_nomem();
    memcpy(m->theta, src->theta, src->n_params * sizeof *m->theta);
    *out = m;
    return CTOME_OK;
}

void ctome_mlp_free(ctome_mlp *m)
{
    if (!m)
        return;
    free(m->theta);
    free(m->h);
    free(m);
}

const ctome_mlp_opts *ctome_mlp_options(const ctome_mlp *m) { return &m->o; }
size_t ctome_mlp_n_params(const ctome_mlp *m) { return m->n_params; }

void ctome_mlp_get_params(const ctome_mlp *m, double *theta)
{
    memcpy(theta, m->theta, m->n_params * sizeof *theta);
}

int ctome_mlp_set_params(ctome_mlp *m, const double *theta)
{
    for (size_t k = 0; k < m->n_params; k++)
        if (!isfinite(theta[k]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "MLP parameter %zu is %g", k, theta[k]);
    memcpy(m->theta, theta, m->n_params * sizeof *theta);
    return CTOME_OK;
}

/* y = tanh(W x + b) for linear map l. */
static void layer(const ctome_mlp *m, int l, const double *x, double *y)
{
    const double *W = m->theta + m->off[l];
    int ni = m->in[l], no = m->out[l];
    const double *b = W + (size_t)no * (size_t)ni;
    for (int r = 0; r < no; r++) {
        const double *w = W + (size_t)r * (size_t)ni;
        double s = b[r];
        for (int c = 0; c < ni; c++)
            s += w[c] * x[c];
        y[r] = tanh(s);
    }
}

void ctome_mlp_forward(ctome_mlp *m, const double *x, double *y)
{
    const double *prev = x;
    size_t hid = (size_t)m->o.hidden;
    for (int l = 0; l < m->o.n_layers; l++) {
        double *h = m->h + (size_t)l * hid;
        layer(m, l, prev, h);
        prev = h;
    }
    layer(m, m->o.n_layers, prev, y);
}

size_t ctome_mlp_n_units(const ctome_mlp *m) { return (size_t)m->o.n_layers * (size_t)m->o.hidden; }

void ctome_mlp_units(const ctome_mlp *m, double *activity)
{
    memcpy(activity, m->h, ctome_mlp_n_units(m) * sizeof *activity);
}
