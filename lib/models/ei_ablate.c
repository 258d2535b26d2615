/* ei_ablate.c — ablations of a built E/I rate model (see ei_ablate.h). */
#include "ei_ablate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ei_internal.h"
#include "error.h"
#include "rng.h"

/* Drop the CSR entries whose row or column is marked in `drop`, in place. */
static void csr_drop(size_t n, size_t *ptr, int32_t *col, double *val, const unsigned char *drop)
{
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p0 = ptr[i], p1 = ptr[i + 1];
        ptr[i] = q;
        for (size_t p = p0; p < p1; p++)
            if (!drop[i] && !drop[col[p]]) {
                col[q] = col[p];
                val[q++] = val[p];
            }
    }
    ptr[n] = q;
}

static void recompute_gdeg(ctome_ei *m)
{
    for (size_t i = 0; i < m->n; i++) {
        double s = 0;
        for (size_t p = m->g_ptr[i]; p < m->g_ptr[i + 1]; p++)
            s += m->g_val[p];
        m->g_deg[i] = s;
    }
}

int ctome_ei_silence(ctome_ei *m, const size_t *idx, size_t k)
{
    for (size_t a = 0; a < k; a++)
        if (idx[a] >= m->n)
            return ctome_error(CTOME_EINVAL, NULL, 0, "neuron index '%zu' out of range", idx[a]);
    if (!m->silenced && !(m->silenced = calloc(m->n, 1)))
        return ctome_error_nomem();
    for (size_t a = 0; a < k; a++)
        m->silenced[idx[a]] = 1;
    csr_drop(m->n, m->w_ptr, m->w_col, m->w_val, m->silenced);
    csr_drop(m->n, m->g_ptr, m->g_col, m->g_val, m->silenced);
    recompute_gdeg(m);
    return CTOME_OK;
}

int ctome_ei_layer_parse(const char *s)
{
    if (strcmp(s, "chemical") == 0)
        return CTOME_EI_CHEMICAL;
    if (strcmp(s, "electrical") == 0)
        return CTOME_EI_ELECTRICAL;
    return -1;
}

int ctome_ei_remove_layer(ctome_ei *m, ctome_ei_layer layer)
{
    if (layer == CTOME_EI_CHEMICAL) {
        memset(m->w_ptr, 0, (m->n + 1) * sizeof *m->w_ptr);
    } else if (layer == CTOME_EI_ELECTRICAL) {
        memset(m->g_ptr, 0, (m->n + 1) * sizeof *m->g_ptr);
        memset(m->g_deg, 0, m->n * sizeof *m->g_deg);
    } else {
        return ctome_error(CTOME_EINVAL, NULL, 0, "unknown layer '%d'", (int)layer);
    }
    return CTOME_OK;
}

void ctome_ei_flip_signs(ctome_ei *m)
{
    for (size_t p = 0; p < m->w_ptr[m->n]; p++)
        m->w_val[p] = -m->w_val[p];
    for (size_t i = 0; i < m->n; i++)
        m->sign[i] = -m->sign[i];
}

int ctome_ei_random_signs(ctome_ei *m, uint64_t seed)
{
    size_t n = m->n, ns = 0;
    int *s = malloc((n ? n : 1) * sizeof *s);
    size_t *who = malloc((n ? n : 1) * sizeof *who);
    if (!s || !who) {
        free(s);
        free(who);
        return ctome_error_nomem();
    }
    for (size_t i = 0; i < n; i++)
        if (m->sign[i] != 0) {
            who[ns] = i;
            s[ns++] = m->sign[i];
        }
    if (ns == 0) {
        free(s);
        free(who);
        return ctome_error(CTOME_EVALUE, NULL, 0,
                           "no neuron of the model has a sign to randomise");
    }
    ctome_rng rng;
    ctome_rng_seed(&rng, seed, 0);
    ctome_rng_shuffle_int(&rng, s, ns);
    /* A column's magnitudes are |w| = sign_j * w (Dale's law); give them the
     * new sign.  Columns of unsigned neurons hold no entries. */
    int *newsign = calloc(n ? n : 1, sizeof *newsign);
    if (!newsign) {
        free(s);
        free(who);
        return ctome_error_nomem();
    }
    for (size_t a = 0; a < ns; a++)
        newsign[who[a]] = s[a];
    for (size_t p = 0; p < m->w_ptr[n]; p++) {
        size_t j = (size_t)m->w_col[p];
        if (m->sign[j] != 0)
            m->w_val[p] = fabs(m->w_val[p]) * newsign[j];
    }
    for (size_t a = 0; a < ns; a++)
        m->sign[who[a]] = s[a];
    free(newsign);
    free(s);
    free(who);
    return CTOME_OK;
}

void ctome_ei_shuffle_weights(ctome_ei *m, uint64_t seed)
{
    size_t nnz = m->w_ptr[m->n];
    ctome_rng rng;
    ctome_rng_seed(&rng, seed, 0);
    /* Fisher-Yates on the magnitudes, each slot keeping its own sign. */
    for (size_t p = nnz; p > 1; p--) {
        size_t q = (size_t)ctome_rng_below(&rng, p);
        double a = fabs(m->w_val[p - 1]), b = fabs(m->w_val[q]);
        m->w_val[p - 1] = copysign(b, m->w_val[p - 1]);
        m->w_val[q] = copysign(a, m->w_val[q]);
    }
}

size_t ctome_ei_n_connections(const ctome_ei *m)
{
    return m->w_ptr[m->n] + m->g_ptr[m->n];
}
