/* neurogym.c — NeuroGym tasks as supervised batches (neurogym.h). */
#include "neurogym.h"

#include <math.h>
#include <string.h>

#include "error.h"
#include "rng.h"

static const char *const names[] = {"pdm", "dms", "ctx"};

int ctome_ng_default(ctome_ng_kind kind, ctome_ng_task *t)
{
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->dt = 100;
    t->sigma = 1.0;
    switch (kind) {
    case CTOME_NG_PDM: {
        static const double d[] = {100, 2000, 0, 100};
        memcpy(t->t, d, sizeof d);
        t->n_periods = 4;
        return CTOME_OK;
    }
    case CTOME_NG_DMS: {
        static const double d[] = {300, 500, 1000, 500, 900};
        memcpy(t->t, d, sizeof d);
        t->n_periods = 5;
        return CTOME_OK;
    }
    case CTOME_NG_CTX: {
        static const double d[] = {300, 750, 600, 100};
        memcpy(t->t, d, sizeof d);
        t->n_periods = 4;
        return CTOME_OK;
    }
    }
    return ctome_error(CTOME_EINVAL, NULL, 0, "unknown task kind %d", (int)kind);
}

int ctome_ng_parse(const char *name, ctome_ng_kind *kind)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(name, names[k]) == 0) {
            *kind = (ctome_ng_kind)k;
            return CTOME_OK;
        }
    return ctome_error(CTOME_ENOTFOUND, NULL, 0, "unknown task '%s' (known: pdm, dms, ctx)", name);
}

const char *ctome_ng_name(ctome_ng_kind kind)
{
    return (unsigned)kind < 3 ? names[kind] : "?";
}

/* Step index of time ms: floor(ms / dt), robust to 0.1-style round-off. */
static size_t step_of(double ms, double dt)
{
    return (size_t)floor(ms / dt + 1e-9);
}

void ctome_ng_period(const ctome_ng_task *t, size_t p, size_t *begin, size_t *end)
{
    double a = 0;
    for (size_t k = 0; k < p; k++)
        a += t->t[k];
    *begin = step_of(a, t->dt);
    *end = step_of(a + t->t[p], t->dt);
}

int ctome_ng_shape(const ctome_ng_task *t, size_t *T, size_t *n_in, size_t *n_out)
{
    if ((unsigned)t->kind > CTOME_NG_CTX)
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown task kind %d", (int)t->kind);
    if (!isfinite(t->dt) || t->dt <= 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "task step dt must be > 0 ms, got '%g'", t->dt);
    if (!isfinite(t->sigma) || t->sigma < 0)
        return ctome_error(CTOME_EVALUE, NULL, 0, "task noise sigma must be >= 0, got '%g'", t->sigma);
    double total = 0;
    for (size_t k = 0; k < t->n_periods; k++) {
        if (!isfinite(t->t[k]) || t->t[k] < 0)
            return ctome_error(CTOME_EVALUE, NULL, 0, "task %s: period %zu lasts '%g' ms (must be >= 0)",
                               ctome_ng_name(t->kind), k + 1, t->t[k]);
        total += t->t[k];
    }
    size_t b = 0, e = 0;
    ctome_ng_period(t, t->n_periods - 1, &b, &e);
    if (e <= b)
        return ctome_error(CTOME_EVALUE, NULL, 0, "task %s: the decision period (%g ms) is shorter than one step "
                           "(dt %g ms)", ctome_ng_name(t->kind), t->t[t->n_periods - 1], t->dt);
    *T = step_of(total, t->dt);
    *n_in = t->kind == CTOME_NG_CTX ? 7 : 3;
    *n_out = 3;
    return CTOME_OK;
}

/* x of step s, trial b, channel i. */
#define X(bt, s, b, i) (bt)->x[((s) * (bt)->B + (b)) * (bt)->n_in + (i)]
#define TG(bt, s, b) (bt)->target[(s) * (bt)->B + (b)]

static void set_range(ctome_rnn_batch *bt, size_t b, size_t s0, size_t s1, size_t ch, float v)
{
    for (size_t s = s0; s < s1; s++)
        X(bt, s, b, ch) = v;
}

static void noise_range(ctome_rnn_batch *bt, size_t b, size_t s0, size_t s1, size_t ch0, size_t ch1,
                        double sd, ctome_rng *r)
{
    for (size_t s = s0; s < s1; s++)
        for (size_t ch = ch0; ch < ch1; ch++)
            X(bt, s, b, ch) += (float)(sd * ctome_rng_normal(r));
}

static const double pdm_cohs[] = {0, 6.4, 12.8, 25.6, 51.2};
static const double ctx_cohs[] = {5, 15, 50};

/* One trial; returns the ground truth. */
static void fill_trial(const ctome_ng_task *t, ctome_rnn_batch *bt, size_t b, ctome_rng *r,
                       ctome_ng_trials *info)
{
    size_t pb[5], pe[5];
    for (size_t p = 0; p < t->n_periods; p++)
        ctome_ng_period(t, p, &pb[p], &pe[p]);
    size_t dec = t->n_periods - 1;
    double sd = t->sigma / sqrt(t->dt);
    int gt = 0, ctx = -1, sample = -1;
    double coh = NAN;
    /* Fixation input: 1 until the decision period. */
    set_range(bt, b, 0, pb[dec], 0, 1.0f);
    switch (t->kind) {
    case CTOME_NG_PDM: {
        gt = 1 + (int)ctome_rng_below(r, 2);
        coh = pdm_cohs[ctome_rng_below(r, 5)];
        for (int k = 1; k <= 2; k++)
            set_range(bt, b, pb[1], pe[1], (size_t)k, (float)(0.5 + (k == gt ? 1 : -1) * coh / 200));
        noise_range(bt, b, pb[1], pe[1], 1, 3, sd, r);
        break;
    }
    case CTOME_NG_DMS: {
        gt = 1 + (int)ctome_rng_below(r, 2);
        sample = (int)ctome_rng_below(r, 2);
        int test = gt == 1 ? sample : 1 - sample;
        /* cos(theta_k - theta_s)/2 + 0.5 on the ring {0, pi}: 1 at s, 0 opposite. */
        set_range(bt, b, pb[1], pe[1], (size_t)(1 + sample), 1.0f);
        set_range(bt, b, pb[3], pe[3], (size_t)(1 + test), 1.0f);
        noise_range(bt, b, pb[1], pe[1], 1, 3, sd, r);
        noise_range(bt, b, pb[3], pe[3], 1, 3, sd, r);
        break;
    }
    case CTOME_NG_CTX: {
        gt = 1 + (int)ctome_rng_below(r, 2);
        int other = 1 + (int)ctome_rng_below(r, 2);
        ctx = (int)ctome_rng_below(r, 2);
        double c0 = ctx_cohs[ctome_rng_below(r, 3)], c1 = ctx_cohs[ctome_rng_below(r, 3)];
        int ch0 = ctx == 0 ? gt : other, ch1 = ctx == 0 ? other : gt;   /* choice of modality 1, 2 */
        double s0 = ch0 == 1 ? c0 : -c0, s1 = ch1 == 1 ? c1 : -c1;
        set_range(bt, b, pb[1], pe[1], 1, (float)((1 + s0 / 100) / 2));
        set_range(bt, b, pb[1], pe[1], 2, (float)((1 - s0 / 100) / 2));
        set_range(bt, b, pb[1], pe[1], 3, (float)((1 + s1 / 100) / 2));
        set_range(bt, b, pb[1], pe[1], 4, (float)((1 - s1 / 100) / 2));
        set_range(bt, b, 0, bt->T, (size_t)(5 + ctx), 1.0f);
        noise_range(bt, b, pb[1], pe[1], 0, 7, sd, r);
        coh = ctx == 0 ? c0 : c1;
        break;
    }
    }
    for (size_t s = pb[dec]; s < bt->T; s++)
        TG(bt, s, b) = gt;
    if (info) {
        if (info->gt)
            info->gt[b] = gt;
        if (info->coh)
            info->coh[b] = coh;
        if (info->context)
            info->context[b] = ctx;
        if (info->sample)
            info->sample[b] = sample;
    }
}

int ctome_ng_fill(const ctome_ng_task *t, ctome_rnn_batch *bt, uint64_t seed, uint64_t index,
                  ctome_ng_trials *info)
{
    size_t T = 0, n_in = 0, n_out = 0;
    int rc = ctome_ng_shape(t, &T, &n_in, &n_out);
    if (rc)
        return rc;
    if (bt->loss != CTOME_RNN_LOSS_CE || !bt->target)
        return ctome_error(CTOME_EINVAL, NULL, 0, "task %s needs a cross-entropy batch", ctome_ng_name(t->kind));
    if (bt->T != T || bt->n_in != n_in || bt->n_out != n_out)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "task %s needs a batch of %zu steps, %zu inputs, %zu outputs; got %zu, %zu, %zu",
                           ctome_ng_name(t->kind), T, n_in, n_out, bt->T, bt->n_in, bt->n_out);
    if (bt->B == 0 || bt->B > CTOME_NG_MAX_BATCH)
        return ctome_error(CTOME_EINVAL, NULL, 0, "batch size must be 1..%u, got %zu", CTOME_NG_MAX_BATCH, bt->B);
    memset(bt->x, 0, T * bt->B * n_in * sizeof *bt->x);
    for (size_t i = 0; i < T * bt->B; i++) {
        bt->target[i] = 0;
        bt->mask[i] = 1.0f;
    }
    for (size_t b = 0; b < bt->B; b++) {
        ctome_rng r;
        ctome_rng_seed(&r, seed ^ CTOME_NG_SEED_SALT, index * (uint64_t)CTOME_NG_MAX_BATCH + b);
        fill_trial(t, bt, b, &r, info);
    }
    return CTOME_OK;
}

int ctome_ng_task_fn(ctome_rnn_batch *bt, uint64_t seed, uint64_t index, void *ctx)
{
    return ctome_ng_fill((const ctome_ng_task *)ctx, bt, seed, index, NULL);
}

double ctome_ng_decision_accuracy(const ctome_rnn_batch *bt, const float *y)
{
    if (bt->B == 0 || bt->T == 0)
        return NAN;
    size_t t = bt->T - 1, ok = 0;
    for (size_t b = 0; b < bt->B; b++) {
        const float *o = y + (t * bt->B + b) * bt->n_out;
        size_t best = 0;
        for (size_t k = 1; k < bt->n_out; k++)
            if (o[k] > o[best])
                best = k;
        ok += (int32_t)best == TG(bt, t, b);
    }
    return (double)ok / (double)bt->B;
}
