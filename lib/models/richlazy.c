/* richlazy.c — one network's rich/lazy training run (richlazy.h). */
#include "richlazy.h"

#include <cblas.h>
#include <inttypes.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "sizecheck.h"
#include "io.h"
#include "learning_measures.h"
#include "rnn_init.h"

void ctome_rl_opts_default(ctome_rl_opts *o)
{
    memset(o, 0, sizeof *o);
    ctome_ng_default(CTOME_NG_PDM, &o->task);
    o->act = CTOME_RNN_TANH;
    o->alpha = 1.0;
    o->opt = CTOME_OPT_SGD;   /* see richlazy.h: Adam would normalise the step sizes */
    o->lr = 0.1;
    o->clip = 1.0;
    o->batch = 32;
    o->steps = 1000;
    o->every = 50;
    o->probe = 32;
    o->seed = 1;
}

void ctome_rl_curve_free(ctome_rl_curve *c)
{
    if (!c)
        return;
    free(c->step);
    double **v[] = {&c->loss, &c->acc, &c->dw, &c->dw_rel, &c->ka, &c->cka, &c->ra, &c->cra, &c->sign, &c->erank};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        free(*v[i]);
        *v[i] = NULL;
    }
    c->step = NULL;
    c->n_points = 0;
}

static int curve_alloc(ctome_rl_curve *c, size_t n)
{
    memset(c, 0, sizeof *c);
    /* n = steps / every + 2 comes from the user's --steps and --every. */
    char what_for[96];
    snprintf(what_for, sizeof what_for, "%zu measurements (--steps / --every)", n);
    int rc = ctome_size_check((double)n * 11, sizeof(double), what_for, "learning curves",
                              "lower --steps or raise --every", NULL);
    if (rc)
        return rc;
    c->step = calloc(n, sizeof *c->step);
    double **v[] = {&c->loss, &c->acc, &c->dw, &c->dw_rel, &c->ka, &c->cka, &c->ra, &c->cra, &c->sign, &c->erank};
    int bad = !c->step;
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        bad |= !(*v[i] = calloc(n, sizeof **v[i]));
    if (bad) {
        ctome_rl_curve_free(c);
        return ctome_error_nomem();
    }
    return CTOME_OK;
}

/* Scratch of the measurements of one network. */
typedef struct {
    size_t n, P, T, n_params, n_out;
    ctome_rnn_batch probe;
    ctome_rnn_work *work;
    float *G, *h, *y;           /* P x n_params, T x P x n, T x P x n_out */
    double *Gd, *Kpart, *feat;  /* P x n_params, P x P, P x (T n) */
    double *K0, *Kt, *R0, *Rt;  /* P x P */
    double *W0, *Wt;            /* n x n */
} meas;

static void meas_free(meas *m)
{
    ctome_rnn_batch_free(&m->probe);
    ctome_rnn_work_free(m->work);
    free(m->G);
    free(m->h);
    free(m->y);
    free(m->Gd);
    free(m->Kpart);
    free(m->feat);
    free(m->K0);
    free(m->Kt);
    free(m->R0);
    free(m->Rt);
    free(m->W0);
    free(m->Wt);
}

static int meas_new(const ctome_rl_opts *o, const ctome_rnn *net, meas *m)
{
    memset(m, 0, sizeof *m);
    size_t n_in = 0;
    int rc = ctome_ng_shape(&o->task, &m->T, &n_in, &m->n_out);
    if (rc)
        return rc;
    m->n = net->cfg.n;
    m->P = o->probe;
    m->n_params = net->n_params;
    rc = ctome_rnn_batch_alloc(&m->probe, m->T, m->P, n_in, m->n_out, CTOME_RNN_LOSS_CE);
    if (!rc)
        rc = ctome_ng_fill(&o->task, &m->probe, o->seed, CTOME_RL_PROBE_INDEX, NULL);
    if (!rc)
        rc = ctome_rnn_work_new(net, m->T, m->P, 0, 1, &m->work);
    if (rc) {
        meas_free(m);
        return rc;
    }
    size_t P = m->P, n = m->n, T = m->T;
    m->G = malloc(P * m->n_params * sizeof *m->G);
    m->h = malloc(T * P * n * sizeof *m->h);
    m->y = malloc(T * P * m->n_out * sizeof *m->y);
    m->Gd = malloc(P * m->n_params * sizeof *m->Gd);
    m->Kpart = malloc(P * P * sizeof *m->Kpart);
    m->feat = malloc(P * T * n * sizeof *m->feat);
    m->K0 = malloc(P * P * sizeof *m->K0);
    m->Kt = malloc(P * P * sizeof *m->Kt);
    m->R0 = malloc(P * P * sizeof *m->R0);
    m->Rt = malloc(P * P * sizeof *m->Rt);
    m->W0 = malloc(n * n * sizeof *m->W0);
    m->Wt = malloc(n * n * sizeof *m->Wt);
    if (!m->G || !m->h || !m->y || !m->Gd || !m->Kpart || !m->feat || !m->K0 || !m->Kt || !m->R0 || !m->Rt ||
        !m->W0 || !m->Wt) {
        meas_free(m);
        return ctome_error_nomem();
    }
    return CTOME_OK;
}

/* Tangent kernel K (trace over outputs at the last step) and representation
 * kernel R of the current network on the probe batch, and its probe accuracy. */
static int kernels(meas *m, const ctome_rnn *net, double *K, double *R, double *acc)
{
    size_t P = m->P, np = m->n_params, n = m->n, T = m->T;
    int rc = ctome_rnn_forward(net, &m->probe, NULL, m->work, m->h, m->y, NULL, NULL);
    if (rc)
        return rc;
    *acc = ctome_ng_decision_accuracy(&m->probe, m->y);
    for (size_t a = 0; a < P; a++)
        for (size_t t = 0; t < T; t++)
            for (size_t i = 0; i < n; i++)
                m->feat[a * T * n + t * n + i] = m->h[(t * P + a) * n + i];
    rc = ctome_gram(m->feat, P, T * n, R);
    if (rc)
        return ctome_error(rc, NULL, 0, "representation kernel: %s", ctome_error_message());
    memset(K, 0, P * P * sizeof *K);
    /* one forward pass per probe for all the outputs (rnn.h) */
    ctome_rnn_probe *pr;
    rc = ctome_rnn_probe_new(net, &m->probe, &pr);
    for (size_t k = 0; !rc && k < m->n_out; k++) {
        rc = ctome_rnn_probe_grads(pr, -1, (long)k, m->G);
        if (rc)
            break;
        for (size_t i = 0; i < P * np; i++)
            m->Gd[i] = m->G[i];
        rc = ctome_gram(m->Gd, P, np, m->Kpart);
        if (rc) {
            rc = ctome_error(rc, NULL, 0, "tangent kernel: %s", ctome_error_message());
            break;
        }
        for (size_t i = 0; i < P * P; i++)
            K[i] += m->Kpart[i];
    }
    ctome_rnn_probe_free(pr);
    return rc;
}

static int measure(meas *m, const ctome_rnn *net, size_t step, double loss, ctome_rl_curve *c)
{
    size_t k = c->n_points, nn = m->n * m->n;
    int first = k == 0;
    double acc;
    int rc = kernels(m, net, first ? m->K0 : m->Kt, first ? m->R0 : m->Rt, &acc);
    if (rc)
        return rc;
    double *W = first ? m->W0 : m->Wt;
    for (size_t i = 0; i < nn; i++)
        W[i] = net->W_eff[i];
    c->step[k] = step;
    c->loss[k] = loss;
    c->acc[k] = acc;
    c->dw[k] = ctome_weight_change(m->W0, W, nn, &c->dw_rel[k]);
    const double *K = first ? m->K0 : m->Kt, *R = first ? m->R0 : m->Rt;
    c->ka[k] = ctome_kernel_alignment(m->K0, K, m->P, 0);
    c->cka[k] = ctome_kernel_alignment(m->K0, K, m->P, 1);
    c->ra[k] = ctome_kernel_alignment(m->R0, R, m->P, 0);
    c->cra[k] = ctome_kernel_alignment(m->R0, R, m->P, 1);
    c->sign[k] = ctome_sign_similarity(m->W0, W, nn);
    rc = ctome_effective_rank_of(W, m->n, m->n, &c->erank[k]);
    if (rc)
        return rc;
    c->n_points = k + 1;
    return CTOME_OK;
}

static int check_opts(const ctome_rl_opts *o, size_t n)
{
    if (n == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "network size must be >= 1");
    if (o->steps == 0 || o->batch == 0 || o->probe < 2)
        return ctome_error(CTOME_EINVAL, NULL, 0, "steps (%zu) and batch (%zu) must be >= 1, probe trials (%zu) >= 2",
                           o->steps, o->batch, o->probe);
    if (o->every == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "measurement interval must be >= 1 update");
    return CTOME_OK;
}

int ctome_rl_train(const ctome_rl_opts *o, const double *w0, size_t n,
                   void (*progress)(size_t done, size_t total, void *user), void *user, ctome_rl_curve *out)
{
    int rc = check_opts(o, n);
    if (rc)
        return rc;
    size_t T = 0, n_in = 0, n_out = 0;
    rc = ctome_ng_shape(&o->task, &T, &n_in, &n_out);
    if (rc)
        return rc;
    ctome_rnn_config cfg;
    ctome_rnn_config_default(&cfg);
    cfg.n_in = n_in;
    cfg.n = n;
    cfg.n_out = n_out;
    cfg.act = o->act;
    cfg.alpha = o->alpha;
    cfg.init = CTOME_RNN_INIT_NORMAL;
    cfg.gain = 1.0;   /* W is replaced by W_0 below */
    cfg.seed = o->seed;
    ctome_rnn *net = NULL;
    ctome_trainer *tr = NULL;
    meas m = {0};
    ctome_rl_curve c = {0};
    int have_meas = 0;
    float *wf = malloc(n * n * sizeof *wf);
    if (!wf)
        return ctome_error_nomem();
    for (size_t i = 0; i < n * n; i++) {
        if (!isfinite(w0[i])) {
            free(wf);
            return ctome_error(CTOME_EVALUE, NULL, 0, "initial weights: non-finite entry '%g' at row %zu, column %zu",
                               w0[i], i / n + 1, i % n + 1);
        }
        wf[i] = (float)w0[i];
    }
    rc = ctome_rnn_new(&cfg, &net);
    if (!rc)
        rc = ctome_rnn_set_w(net, wf);
    if (rc)
        goto done;
    ctome_train_opts to;
    ctome_train_opts_default(&to);
    to.opt = o->opt;
    to.lr = o->lr;
    to.clip = o->clip;
    to.T = T;
    to.B = o->batch;
    to.loss = CTOME_RNN_LOSS_CE;
    to.seed = o->seed;
    to.threads = 1;
    to.task = ctome_ng_task_fn;
    to.task_ctx = (void *)&o->task;
    rc = ctome_trainer_new(net, &to, &tr);
    if (!rc)
        rc = meas_new(o, net, &m);
    if (rc)
        goto done;
    have_meas = 1;
    rc = curve_alloc(&c, o->steps / o->every + 2);
    if (!rc)
        rc = measure(&m, net, 0, NAN, &c);
    for (size_t s = 1; !rc && s <= o->steps; s++) {
        ctome_train_stats st;
        rc = ctome_trainer_step(tr, &st);
        if (!rc && (s % o->every == 0 || s == o->steps))
            rc = measure(&m, net, s, st.loss, &c);
        if (!rc && progress)
            progress(s, o->steps, user);
    }
done:
    if (have_meas)
        meas_free(&m);
    ctome_trainer_free(tr);
    ctome_rnn_free(net);
    free(wf);
    if (rc)
        ctome_rl_curve_free(&c);
    else
        *out = c;
    return rc;
}

/* ---- the sweep ---- */

const char *ctome_rl_init_name(ctome_rl_init k)
{
    static const char *const nm[] = {"random", "connectome", "matched"};
    return (unsigned)k < 3 ? nm[k] : "?";
}

void ctome_rl_sweep_opts_default(ctome_rl_sweep_opts *o)
{
    memset(o, 0, sizeof *o);
    ctome_rl_opts_default(&o->train);
    o->gain = 1.0;
    o->seed0 = 1;
    o->n_seeds = 1;
}

void ctome_rl_nets_free(ctome_rl_net *nets, size_t n)
{
    for (size_t i = 0; nets && i < n; i++)
        ctome_rl_curve_free(&nets[i].curve);
    free(nets);
}

/* W_0 of one network into w (n x n). */
static int initial_weights(const ctome_rl_sweep_opts *o, ctome_rl_net *net, size_t conn_rank, double *w)
{
    size_t n = o->n;
    int rc;
    if (net->init == CTOME_RL_CONNECTOME) {
        memcpy(w, o->w_conn, n * n * sizeof *w);
        rc = CTOME_OK;
    } else {
        net->rank = net->init == CTOME_RL_MATCHED ? conn_rank : net->rank;
        rc = ctome_rnn_init_rank(n, net->rank, o->gain, net->seed, 0, w);
    }
    if (!rc)
        rc = ctome_rnn_scale_weights(w, n, CTOME_RNN_SCALE_FROBENIUS, o->gain * sqrt((double)n));
    if (!rc) {
        net->norm0 = ctome_frobenius(w, n * n);
        rc = ctome_effective_rank_of(w, n, n, &net->erank0);
    }
    return rc;
}

typedef struct {
    const ctome_rl_sweep_opts *o;
    size_t done, total;
} sweep_progress;

static void sweep_tick(size_t done, size_t total, void *user)
{
    (void)done;
    (void)total;
    sweep_progress *p = user;
#pragma omp critical(ctome_rl_progress)
    {
        p->done++;
        if (p->o->progress)
            p->o->progress(p->done, p->total, p->o->user);
    }
}

/* The networks of the other processes (dist.h): each network's record
 * [n_points, erank0, norm0, rank, step[cap], the 10 curves[cap]] as doubles
 * (steps and ranks are exact below 2^53), gathered and unpacked into the
 * networks outside this process's block [lo, hi). */
static int gather_nets(const ctome_dist *d, int status, ctome_rl_net *list, size_t total, size_t lo,
                       size_t hi, size_t cap)
{
    if (!ctome_dist_active(d))
        return status;
    size_t len = 4 + 11 * cap;
    double *buf = NULL;
    if (!status)
        status = ctome_size_check((double)total * (double)len, sizeof(double), "the networks' curves",
                                  "gathering across processes", "lower --steps or raise --every", NULL);
    if (!status && !(buf = calloc(total * len, sizeof *buf)))
        status = ctome_error_nomem();
    for (size_t i = lo; !status && i < hi; i++) {
        const ctome_rl_net *e = &list[i];
        double *r = buf + i * len;
        r[0] = (double)e->curve.n_points;
        r[1] = e->erank0;
        r[2] = e->norm0;
        r[3] = (double)e->rank;
        const double *v[] = {e->curve.loss, e->curve.acc, e->curve.dw, e->curve.dw_rel, e->curve.ka,
                             e->curve.cka,  e->curve.ra,  e->curve.cra, e->curve.sign, e->curve.erank};
        for (size_t k = 0; k < e->curve.n_points; k++) {
            r[4 + k] = (double)e->curve.step[k];
            for (size_t j = 0; j < 10; j++)
                r[4 + (j + 1) * cap + k] = v[j][k];
        }
    }
    int rc = ctome_dist_gather(d, status, buf, total, len * sizeof *buf);
    for (size_t i = 0; !rc && i < total; i++) {
        if (i >= lo && i < hi)
            continue;
        ctome_rl_net *e = &list[i];
        const double *r = buf + i * len;
        if ((rc = curve_alloc(&e->curve, cap)))
            break;
        e->curve.n_points = (size_t)r[0];
        e->erank0 = r[1];
        e->norm0 = r[2];
        e->rank = (size_t)r[3];
        double *v[] = {e->curve.loss, e->curve.acc, e->curve.dw, e->curve.dw_rel, e->curve.ka,
                       e->curve.cka,  e->curve.ra,  e->curve.cra, e->curve.sign, e->curve.erank};
        for (size_t k = 0; k < e->curve.n_points; k++) {
            e->curve.step[k] = (size_t)r[4 + k];
            for (size_t j = 0; j < 10; j++)
                v[j][k] = r[4 + (j + 1) * cap + k];
        }
    }
    free(buf);
    return rc;
}

int ctome_rl_sweep(const ctome_rl_sweep_opts *o, ctome_rl_net **nets, size_t *n_nets)
{
    size_t n = o->n;
    if (n == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "network size must be >= 1");
    if (!isfinite(o->gain) || o->gain <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "weight gain must be > 0, got '%g'", o->gain);
    if (o->n_seeds == 0)
        return ctome_error(CTOME_EINVAL, NULL, 0, "at least one seed is needed");
    if (o->n_ranks == 0 && !o->w_conn)
        return ctome_error(CTOME_EINVAL, NULL, 0, "nothing to train: no rank and no connectome");
    for (size_t k = 0; k < o->n_ranks; k++)
        if (o->ranks[k] == 0 || o->ranks[k] > n)
            return ctome_error(CTOME_EVALUE, NULL, 0, "rank must be between 1 and the network size %zu, got %zu", n,
                               o->ranks[k]);
    int rc = check_opts(&o->train, n);
    if (rc)
        return rc;
    size_t per_seed = o->n_ranks + (o->w_conn ? 2 : 0), total = per_seed * o->n_seeds;
    ctome_rl_net *list = calloc(total, sizeof *list);
    int *codes = calloc(total, sizeof *codes);
    char **msgs = calloc(total, sizeof *msgs);
    double *wbuf = NULL;
    if (!list || !codes || !msgs) {
        rc = ctome_error_nomem();
        goto done;
    }
    for (size_t s = 0; s < o->n_seeds; s++)
        for (size_t k = 0; k < per_seed; k++) {
            ctome_rl_net *e = &list[s * per_seed + k];
            e->seed = o->seed0 + s;
            if (k < o->n_ranks) {
                e->init = CTOME_RL_RANDOM;
                e->rank = o->ranks[k];
            } else {
                e->init = k == o->n_ranks ? CTOME_RL_CONNECTOME : CTOME_RL_MATCHED;
                e->rank = n;
            }
        }
    /* The matched rank: the connectome's effective rank reached by the
     * truncation of each seed's Gaussian. */
    size_t *conn_rank = calloc(o->n_seeds, sizeof *conn_rank);
    if (!conn_rank) {
        rc = ctome_error_nomem();
        goto done;
    }
    if (o->w_conn) {
        double ec;
        rc = ctome_effective_rank_of(o->w_conn, n, n, &ec);
        wbuf = rc ? NULL : malloc(n * n * sizeof *wbuf);
        if (!rc && !wbuf)
            rc = ctome_error_nomem();
        for (size_t s = 0; !rc && s < o->n_seeds; s++) {
            rc = ctome_rnn_init_gaussian(n, o->gain, o->seed0 + s, 0, wbuf);
            if (!rc)
                rc = ctome_rnn_rank_for_erank(wbuf, n, ec, &conn_rank[s]);
        }
    }
    if (rc) {
        free(conn_rank);
        goto done;
    }
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    int old_blas = openblas_get_num_threads();
    if (old_blas != 1)
        openblas_set_num_threads(1);
    /* this process's networks [lo, hi) (o->dist); the rest are gathered */
    size_t lo, hi;
    ctome_dist_block(o->dist, total, &lo, &hi);
    sweep_progress prog = {o, 0, (hi - lo) * o->train.steps};
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (size_t i = lo; i < hi; i++) {
        ctome_rl_net *e = &list[i];
        double *w = malloc(n * n * sizeof *w);
        int c = w ? initial_weights(o, e, conn_rank[(size_t)(e->seed - o->seed0)], w) : ctome_error_nomem();
        if (!c) {
            ctome_rl_opts to = o->train;
            to.seed = e->seed;
            c = ctome_rl_train(&to, w, n, sweep_tick, &prog, &e->curve);
        }
        if (c) {
            codes[i] = c;
            msgs[i] = ctome_strdup(ctome_error_message());
        }
        free(w);
    }
    if (old_blas != 1)
        openblas_set_num_threads(old_blas);
    free(conn_rank);
    for (size_t i = 0; i < total; i++)
        if (codes[i]) {
            ctome_rl_net *e = &list[i];
            if (e->init == CTOME_RL_CONNECTOME)
                rc = ctome_error(codes[i], NULL, 0, "connectome seed %" PRIu64 ": %s", e->seed,
                                 msgs[i] ? msgs[i] : "");
            else
                rc = ctome_error(codes[i], NULL, 0, "%s rank %zu seed %" PRIu64 ": %s", ctome_rl_init_name(e->init),
                                 e->rank, e->seed, msgs[i] ? msgs[i] : "");
            break;
        }
    rc = gather_nets(o->dist, rc, list, total, lo, hi, o->train.steps / o->train.every + 2);
done:
    for (size_t i = 0; msgs && i < total; i++)
        free(msgs[i]);
    free(msgs);
    free(codes);
    free(wbuf);
    if (rc) {
        ctome_rl_nets_free(list, total);
        return rc;
    }
    *nets = list;
    *n_nets = total;
    return CTOME_OK;
}
