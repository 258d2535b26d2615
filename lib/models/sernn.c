/* sernn.c — seRNN unit positions, distances and the communicability
 * regulariser with its analytic gradient (see sernn.h). */
#include "sernn.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "expm_frechet.h"

enum { MAX_UNITS = 100000 };

int ctome_sernn_grid(size_t nx, size_t ny, size_t nz, double *pos)
{
    if (!pos || nx == 0 || ny == 0 || nz == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN grid %zux%zux%zu: every size must be >= 1",
                           nx, ny, nz);
    if (nx > MAX_UNITS / ny || nx * ny > MAX_UNITS / nz)
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN grid %zux%zux%zu: more than %d units", nx,
                           ny, nz, MAX_UNITS);
    size_t n = nx * ny * nz;
    for (size_t u = 0; u < n; u++) {
        pos[3 * u + 0] = (double)((u / nz) % nx);
        pos[3 * u + 1] = (double)(u / (nz * nx));
        pos[3 * u + 2] = (double)(u % nz);
    }
    return CTOME_OK;
}

int ctome_sernn_parse_grid(const char *text, size_t dims[3])
{
    const char *p = text;
    for (int k = 0; k < 3; k++) {
        if (!p || !isdigit((unsigned char)*p))
            goto bad;
        errno = 0;
        char *end;
        unsigned long long v = strtoull(p, &end, 10);
        if (errno || v == 0 || v > MAX_UNITS)
            goto bad;
        dims[k] = (size_t)v;
        if (k < 2) {
            if (*end != 'x' && *end != 'X')
                goto bad;
            p = end + 1;
        } else if (*end) {
            goto bad;
        }
    }
    /* The product too: each side may be below the limit while the grid is not. */
    if (dims[0] > MAX_UNITS / dims[1] || dims[0] * dims[1] > MAX_UNITS / dims[2])
        return ctome_error(CTOME_EINVAL, NULL, 0, "grid '%s' has more than %d units", text, MAX_UNITS);
    return CTOME_OK;
bad:
    return ctome_error(CTOME_EINVAL, NULL, 0,
                       "bad grid '%s': expected NXxNYxNZ with sizes >= 1, e.g. 5x5x4",
                       text ? text : "(null)");
}

int ctome_sernn_distances(size_t n, const double *pos, double *d)
{
    if (!pos || !d || n == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN distances: no units");
    for (size_t i = 0; i < 3 * n; i++)
        if (!isfinite(pos[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "seRNN distances: unit %zu has coordinate '%g'",
                               i / 3, pos[i]);
    for (size_t i = 0; i < n; i++) {
        d[i * n + i] = 0;
        for (size_t j = i + 1; j < n; j++) {
            double dx = pos[3 * i] - pos[3 * j], dy = pos[3 * i + 1] - pos[3 * j + 1],
                   dz = pos[3 * i + 2] - pos[3 * j + 2];
            d[i * n + j] = d[j * n + i] = sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return CTOME_OK;
}

int ctome_sernn_worm_positions(const ctome_registry *r, double mean_dist, size_t *n, double **pos,
                               size_t **idx)
{
    *n = 0;
    *pos = NULL;
    if (idx)
        *idx = NULL;
    size_t len = ctome_registry_size(r), m = 0;
    double *p = malloc((len ? len : 1) * 3 * sizeof *p);
    size_t *ix = malloc((len ? len : 1) * sizeof *ix);
    if (!p || !ix) {
        free(p);
        free(ix);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < len; i++) {
        const ctome_neuron *nr = ctome_registry_neuron(r, i);
        if (nr->sex == CTOME_SEX_MALE || !nr->has_pos)
            continue;
        memcpy(p + 3 * m, nr->pos, 3 * sizeof *p);
        ix[m++] = i;
    }
    if (m == 0) {
        free(p);
        free(ix);
        return ctome_error(CTOME_EVALUE, NULL, 0, "no hermaphrodite neuron has a soma position");
    }
    if (mean_dist > 0 && m > 1) {
        double sum = 0;
        for (size_t i = 0; i < m; i++)
            for (size_t j = i + 1; j < m; j++) {
                double dx = p[3 * i] - p[3 * j], dy = p[3 * i + 1] - p[3 * j + 1],
                       dz = p[3 * i + 2] - p[3 * j + 2];
                sum += sqrt(dx * dx + dy * dy + dz * dz);
            }
        double mean = sum / ((double)m * (double)(m - 1) / 2);
        if (mean > 0)
            for (size_t i = 0; i < 3 * m; i++)
                p[i] *= mean_dist / mean;
    }
    *n = m;
    *pos = p;
    if (idx)
        *idx = ix;
    else
        free(ix);
    return CTOME_OK;
}

struct ctome_sernn_ws {
    size_t n;
    ctome_expm_ws *ex;
    double *a, *x, *g, *et, *p, *r, *s;
};

int ctome_sernn_ws_alloc(size_t n, ctome_sernn_ws **out)
{
    *out = NULL;
    if (n == 0 || n > MAX_UNITS)
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN regulariser: bad unit count %zu", n);
    ctome_sernn_ws *ws = calloc(1, sizeof *ws);
    if (!ws)
        return ctome_error_nomem();
    ws->n = n;
    int rc = ctome_expm_ws_alloc(n, &ws->ex);
    double *buf = rc ? NULL : malloc((5 * n * n + 2 * n) * sizeof *buf);
    if (!buf) {
        ctome_sernn_ws_free(ws);
        return rc ? rc : ctome_error_nomem();
    }
    ws->a = buf;
    ws->x = buf + n * n;
    ws->g = buf + 2 * n * n;
    ws->et = buf + 3 * n * n;
    ws->p = buf + 4 * n * n;
    ws->r = buf + 5 * n * n;
    ws->s = ws->r + n;
    *out = ws;
    return CTOME_OK;
}

void ctome_sernn_ws_free(ctome_sernn_ws *ws)
{
    if (!ws)
        return;
    ctome_expm_ws_free(ws->ex);
    free(ws->a);
    free(ws);
}

static int check_weights(size_t n, const double *w, const char *what)
{
    for (size_t i = 0; i < n * n; i++)
        if (!isfinite(w[i]))
            return ctome_error(CTOME_EVALUE, NULL, 0, "%s: weight W[%zu][%zu] is '%g'", what, i / n,
                               i % n, w[i]);
    return CTOME_OK;
}

static int check_gamma(double gamma, const char *what)
{
    if (!(gamma >= 0) || !isfinite(gamma))
        return ctome_error(CTOME_EINVAL, NULL, 0, "%s: gamma must be finite and >= 0, got %g", what,
                           gamma);
    return CTOME_OK;
}

/* A = |W|, s = row sums, r = s^-1/2 (0 where s = 0), X = M^T with
 * M = diag(r) A diag(r). */
static void normalise(size_t n, const double *w, ctome_sernn_ws *ws)
{
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t j = 0; j < n; j++) {
            double a = fabs(w[i * n + j]);
            ws->a[i * n + j] = a;
            s += a;
        }
        ws->s[i] = s;
        ws->r[i] = s > 0 ? 1.0 / sqrt(s) : 0.0;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            ws->x[j * n + i] = ws->r[i] * ws->a[i * n + j] * ws->r[j];
}

int ctome_sernn_communicability(size_t n, const double *w, double *c)
{
    if (!w || !c || n == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN communicability: empty or NULL matrix");
    int rc = check_weights(n, w, "seRNN communicability");
    if (rc)
        return rc;
    ctome_sernn_ws *ws;
    rc = ctome_sernn_ws_alloc(n, &ws);
    if (rc)
        return rc;
    normalise(n, w, ws);
    rc = ctome_expm_frechet(n, ws->x, NULL, ws->et, NULL, ws->ex);
    if (!rc)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                c[i * n + j] = i == j ? 0.0 : ws->et[j * n + i];
    ctome_sernn_ws_free(ws);
    return rc;
}

int ctome_sernn_reg(ctome_sernn_ws *ws, const double *w, const double *d, double gamma, double *r,
                    double *grad)
{
    if (!ws || !w || !d || !r)
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN regulariser: NULL argument");
    int rc = check_gamma(gamma, "seRNN regulariser");
    if (!rc)
        rc = check_weights(ws->n, w, "seRNN regulariser");
    if (rc)
        return rc;
    size_t n = ws->n;
    normalise(n, w, ws);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            ws->g[i * n + j] = i == j ? 0.0 : gamma * ws->a[i * n + j] * d[i * n + j];
    /* one dual evaluation: et = expm(M^T) = E^T and p = L(M^T, G) = dR/dM */
    rc = ctome_expm_frechet(n, ws->x, ws->g, ws->et, grad ? ws->p : NULL, ws->ex);
    if (rc)
        return rc;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j)
                sum += ws->g[i * n + j] * ws->et[j * n + i];
    *r = sum;
    if (!isfinite(sum))
        return ctome_error(CTOME_EVALUE, NULL, 0, "seRNN regulariser: the penalty is '%g'", sum);
    if (!grad)
        return CTOME_OK;
    const double *p = ws->p, *x = ws->x;
    for (size_t k = 0; k < n; k++) {
        /* q_k = sum_j P_kj M_kj + sum_i P_ik M_ik, with M_ij = x[j n + i] */
        double q = 0;
        for (size_t j = 0; j < n; j++)
            q += p[k * n + j] * x[j * n + k] + p[j * n + k] * x[k * n + j];
        double ds = ws->s[k] > 0 ? -q / (2.0 * ws->s[k]) : 0.0;
        for (size_t l = 0; l < n; l++) {
            double wkl = w[k * n + l];
            if (wkl == 0) {
                grad[k * n + l] = 0;
                continue;
            }
            double direct = k == l ? 0.0 : gamma * ws->et[l * n + k] * d[k * n + l];
            double da = direct + ws->r[k] * ws->r[l] * p[k * n + l] + ds;
            grad[k * n + l] = wkl > 0 ? da : -da;
        }
    }
    return CTOME_OK;
}

int ctome_sernn_l1(size_t n, const double *w, double gamma, double *r, double *grad)
{
    if (!w || !r || n == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "L1 regulariser: empty or NULL matrix");
    int rc = check_gamma(gamma, "L1 regulariser");
    if (!rc)
        rc = check_weights(n, w, "L1 regulariser");
    if (rc)
        return rc;
    double sum = 0;
    for (size_t i = 0; i < n * n; i++) {
        sum += fabs(w[i]);
        if (grad)
            grad[i] = w[i] > 0 ? gamma : w[i] < 0 ? -gamma : 0.0;
    }
    *r = gamma * sum;
    return CTOME_OK;
}

int ctome_sernn_reg_parse(const char *text, ctome_sernn_reg_kind *kind)
{
    static const char *const names[] = {"none", "se", "l1"};
    for (int k = 0; k < 3; k++)
        if (text && strcmp(text, names[k]) == 0) {
            *kind = (ctome_sernn_reg_kind)k;
            return CTOME_OK;
        }
    return ctome_error(CTOME_EINVAL, NULL, 0, "unknown regulariser '%s' (se, l1 or none)",
                       text ? text : "(null)");
}

const char *ctome_sernn_reg_name(ctome_sernn_reg_kind kind)
{
    switch (kind) {
    case CTOME_SERNN_REG_SE:
        return "se";
    case CTOME_SERNN_REG_L1:
        return "l1";
    default:
        return "none";
    }
}

struct ctome_sernn_hook {
    ctome_sernn_reg_kind kind;
    double gamma;
    size_t n;
    double *d, *wt, *gt;     /* D, W^T and the gradient in the authors' layout */
    ctome_sernn_ws *ws;
};

int ctome_sernn_hook_new(ctome_sernn_reg_kind kind, double gamma, size_t n, const double *d,
                         ctome_sernn_hook **out)
{
    *out = NULL;
    int rc = check_gamma(gamma, "seRNN hook");
    if (rc)
        return rc;
    if (n == 0 || n > MAX_UNITS || (kind == CTOME_SERNN_REG_SE && !d))
        return ctome_error(CTOME_EINVAL, NULL, 0, "seRNN hook: %zu units%s", n,
                           d ? "" : " and no distance matrix");
    ctome_sernn_hook *h = calloc(1, sizeof *h);
    if (!h)
        return ctome_error_nomem();
    h->kind = kind;
    h->gamma = gamma;
    h->n = n;
    h->d = malloc(3 * n * n * sizeof *h->d);
    if (!h->d) {
        free(h);
        return ctome_error_nomem();
    }
    h->wt = h->d + n * n;
    h->gt = h->d + 2 * n * n;
    if (d)
        memcpy(h->d, d, n * n * sizeof *h->d);
    else
        memset(h->d, 0, n * n * sizeof *h->d);
    if (kind == CTOME_SERNN_REG_SE && (rc = ctome_sernn_ws_alloc(n, &h->ws)) != 0) {
        ctome_sernn_hook_free(h);
        return rc;
    }
    *out = h;
    return CTOME_OK;
}

void ctome_sernn_hook_set_threads(ctome_sernn_hook *h, int threads)
{
    if (h && h->ws)
        ctome_expm_ws_set_threads(h->ws->ex, threads);
}

void ctome_sernn_hook_free(ctome_sernn_hook *h)
{
    if (!h)
        return;
    ctome_sernn_ws_free(h->ws);
    free(h->d);
    free(h);
}

double ctome_sernn_hook_reg(const float *W, size_t n, float *grad_W_accum, void *ctx)
{
    ctome_sernn_hook *h = ctx;
    if (!h || !W || n != h->n) {
        ctome_error(CTOME_EINVAL, NULL, 0, "seRNN hook: network has %zu units, the hook %zu", n,
                    h ? h->n : 0);
        return NAN;
    }
    if (h->kind == CTOME_SERNN_REG_NONE || h->gamma == 0)
        return 0.0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            h->wt[j * n + i] = W[i * n + j];
    double r;
    int rc = h->kind == CTOME_SERNN_REG_SE
                 ? ctome_sernn_reg(h->ws, h->wt, h->d, h->gamma, &r, grad_W_accum ? h->gt : NULL)
                 : ctome_sernn_l1(n, h->wt, h->gamma, &r, grad_W_accum ? h->gt : NULL);
    if (rc)
        return NAN;
    if (grad_W_accum)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                grad_W_accum[i * n + j] += (float)h->gt[j * n + i];
    return r;
}
