/* ei_rhs.c — the E/I model's right-hand side as one merged sparse pass
 * (see ei_internal.h): the chemical and gap-junction terms and the leak in
 * one CSR row, over z = [f(x); x], after one vector call for f. */
#include <stdlib.h>
#include <string.h>

#include "ei_internal.h"
#include "error.h"

void ei_rhs_free(ei_rhs *r)
{
    if (!r)
        return;
    free(r->ptr);
    free(r->col);
    free(r->val);
    free(r->rtau);
    memset(r, 0, sizeof *r);
}

int ei_rhs_build(const ctome_ei *m, ei_rhs *r)
{
    size_t n = m->n, nnz = m->w_ptr[n] + m->g_ptr[n] + n;
    memset(r, 0, sizeof *r);
    r->n = n;
    r->f = m->f;
    r->silenced = m->silenced;
    r->ptr = malloc((n + 1) * sizeof *r->ptr);
    r->col = malloc(nnz * sizeof *r->col);
    r->val = malloc(nnz * sizeof *r->val);
    r->rtau = malloc(n * sizeof *r->rtau);
    if (!r->ptr || !r->col || !r->val || !r->rtau) {
        ei_rhs_free(r);
        return ctome_error_nomem();
    }
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        r->ptr[i] = q;
        r->rtau[i] = 1.0 / m->tau[i];
        if (ei_is_silenced(m, i))
            continue;
        for (size_t p = m->w_ptr[i]; p < m->w_ptr[i + 1]; p++) {
            r->col[q] = m->w_col[p];
            r->val[q++] = m->w_val[p];
        }
        r->col[q] = (int32_t)(n + i);
        r->val[q++] = -1.0 - m->g_deg[i];
        for (size_t p = m->g_ptr[i]; p < m->g_ptr[i + 1]; p++) {
            r->col[q] = (int32_t)n + m->g_col[p];
            r->val[q++] = m->g_val[p];
        }
    }
    r->ptr[n] = q;
    return CTOME_OK;
}

void ei_rhs_eval(const ei_rhs *r, const double *u, double *z, double *dy)
{
    size_t n = r->n;
    ei_transfer_vec(r->f, z + n, z, n);
    const size_t *ptr = r->ptr;
    const int32_t *col = r->col;
    const double *val = r->val;
    for (size_t i = 0; i < n; i++) {
        double s = u ? u[i] : 0.0;
        for (size_t p = ptr[i]; p < ptr[i + 1]; p++)
            s += val[p] * z[col[p]];
        dy[i] = s * r->rtau[i];
    }
    if (r->silenced)
        for (size_t i = 0; i < n; i++)
            if (r->silenced[i])
                dy[i] = 0.0;
}

/* The EI_BLOCK columns are two vectors of 8 doubles (GCC vector
 * extensions: the compiler lowers them to the widest registers of each
 * clone).  Every lane does the same multiply, then add (c_std=c11 keeps GCC
 * from fusing them), so all clones give the same bits. */
typedef double ei_v8 __attribute__((vector_size(64)));
_Static_assert(EI_BLOCK == 16, "ei_rhs_eval_block handles 16 columns as two vectors of 8");


/* The stimulated (row, column) pairs of a block in row order: the row loop
 * then meets them with one compare per row instead of EI_BLOCK. */
typedef struct {
    long row;
    int c;
} ei_stim;

static size_t stim_sorted(const long *js, ei_stim *st)
{
    size_t k = 0;
    for (int c = 0; c < EI_BLOCK; c++)
        if (js[c] >= 0) {
            size_t q = k++;
            for (; q > 0 && st[q - 1].row > js[c]; q--)
                st[q] = st[q - 1];
            st[q] = (ei_stim){js[c], c};
        }
    st[k].row = -1;   /* sentinel: no row matches */
    return k;
}

EI_CLONES
void ei_rhs_eval_block(const ei_rhs *r, const long *js, double in, double *Z, double *dY)
{
    size_t n = r->n;
    ei_transfer_vec(r->f, Z + n * EI_BLOCK, Z, n * EI_BLOCK);
    const size_t *ptr = r->ptr;
    const int32_t *col = r->col;
    const double *val = r->val;
    ei_stim st[EI_BLOCK + 1];
    stim_sorted(js, st);
    const ei_stim *next = st;
    for (size_t i = 0; i < n; i++) {
        ei_v8 s0 = {0}, s1 = {0};
        for (; next->row == (long)i; next++) {
            if (next->c < 8)
                s0[next->c] = in;
            else
                s1[next->c - 8] = in;
        }
        for (size_t p = ptr[i]; p < ptr[i + 1]; p++) {
            const double *zc = Z + (size_t)col[p] * EI_BLOCK;
            ei_v8 a, b;   /* unaligned loads (no vector-returning helper: psABI) */
            memcpy(&a, zc, sizeof a);
            memcpy(&b, zc + 8, sizeof b);
            s0 += val[p] * a;
            s1 += val[p] * b;
        }
        const double rt = r->rtau[i];
        s0 *= rt;
        s1 *= rt;
        double *d = dY + i * EI_BLOCK;
        memcpy(d, &s0, sizeof s0);
        memcpy(d + 8, &s1, sizeof s1);
    }
    if (r->silenced)
        for (size_t i = 0; i < n; i++)
            if (r->silenced[i])
                memset(dY + i * EI_BLOCK, 0, EI_BLOCK * sizeof *dY);
}
