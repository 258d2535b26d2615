/* ei_rhs.c — the E/I model's right-hand side as one merged sparse pass
 * (see ei_internal.h): the chemical and gap-junction terms and the leak in
 * one CSR row, over z = [f(x); x], after one vector call for f. */
#include <stdlib.h>
#include <string.h>

#include "ei_internal.h"
#include "error.h"
#include "vmath.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define EI_SELL 1
#include <immintrin.h>
#endif

void ei_rhs_free(ei_rhs *r)
{
    if (!r)
        return;
    free(r->ptr);
    free(r->col);
    free(r->val);
    free(r->rtau);
    free(r->srow);
    free(r->slen);
    free(r->srtau);
    free(r->cptr);
    free(r->col16);
    free(r->sval);
    free(r->inv);
    free(r->scol);
    free(r->slive);
    free(r->frun);
    memset(r, 0, sizeof *r);
}

/* The slot-order copy of the SELL-8 columns (ei_internal.h).  Rows sit in
 * their lanes in the order sell_build dealt them, so the slots of the first
 * n lanes are the neurons and inv is srow inverted.  Columns are stored as
 * byte offsets into z (8 x the slot-order index): sell_build's 2n <= 65536
 * keeps them below 2^20. */
static int slot_build(ei_rhs *r)
{
    size_t n = r->n, S = 8 * r->nch, slots = r->cptr[r->nch];
    r->inv = malloc(n * sizeof *r->inv);
    r->scol = malloc((slots + 8) * sizeof *r->scol);
    r->slive = calloc(r->nch, 1);
    if (!r->inv || !r->scol || !r->slive)
        return ctome_error_nomem();
    for (size_t k = 0; k < S; k++)
        if (r->srow[k] >= 0)
            r->inv[r->srow[k]] = (int32_t)k;
    for (size_t q = 0; q < slots + 8; q++)
        r->scol[q] = (uint32_t)(8 * 2 * S);
    for (size_t c = 0; c < r->nch; c++)
        for (size_t l = 0; l < 8; l++) {
            int64_t i = r->srow[8 * c + l];
            if (i >= 0 && !(r->silenced && r->silenced[i]))
                r->slive[c] |= (unsigned char)(1u << l);
            for (int64_t j = 0; i >= 0 && j < r->slen[8 * c + l]; j++) {
                size_t col = (size_t)r->col[r->ptr[i] + (size_t)j];
                size_t k = col < n ? (size_t)r->inv[col] : S + (size_t)r->inv[col - n];
                r->scol[r->cptr[c] + 8 * (size_t)j + l] = (uint32_t)(8 * k);
            }
        }
    return CTOME_OK;
}

/* The SELL-8 copy of the CSR rows (ei_internal.h).  Rows are sorted by
 * length with a counting sort (longest first, ties by index); a chunk's
 * length is that of its first lane.  Slots of shorter rows are 0 / column
 * 0 and masked off in the pass. */
static int sell_build(ei_rhs *r)
{
    size_t n = r->n;
    if (n == 0 || 2 * n > 65536)
        return CTOME_OK;   /* CSR pass only */
    size_t nch = (n + 7) / 8, maxlen = 0;
    for (size_t i = 0; i < n; i++)
        if (r->ptr[i + 1] - r->ptr[i] > maxlen)
            maxlen = r->ptr[i + 1] - r->ptr[i];
    size_t *count = calloc(maxlen + 2, sizeof *count);
    r->srow = malloc(8 * nch * sizeof *r->srow);
    r->slen = malloc(8 * nch * sizeof *r->slen);
    r->srtau = malloc(8 * nch * sizeof *r->srtau);
    r->cptr = malloc((nch + 1) * sizeof *r->cptr);
    if (!count || !r->srow || !r->slen || !r->srtau || !r->cptr) {
        free(count);
        return ctome_error_nomem();
    }
    /* count[maxlen - len] rows are longer: start of length len's run */
    for (size_t i = 0; i < n; i++)
        count[maxlen - (r->ptr[i + 1] - r->ptr[i]) + 1]++;
    for (size_t k = 1; k <= maxlen + 1; k++)
        count[k] += count[k - 1];
    for (size_t i = 0; i < n; i++) {
        size_t len = r->ptr[i + 1] - r->ptr[i], k = count[maxlen - len]++;
        r->srow[k] = (int64_t)i;
        r->slen[k] = (int64_t)len;
        r->srtau[k] = r->rtau[i];
    }
    free(count);
    for (size_t k = n; k < 8 * nch; k++) {
        r->srow[k] = -1;
        r->slen[k] = 0;
        r->srtau[k] = 0.0;
    }
    size_t slots = 0;
    for (size_t c = 0; c < nch; c++) {
        r->cptr[c] = slots;
        slots += 8 * (size_t)r->slen[8 * c];
    }
    r->cptr[nch] = slots;
    /* slots is a multiple of 8: 64 bytes of doubles, as aligned_alloc needs */
    r->col16 = calloc(slots + 1, sizeof *r->col16);
    r->sval = aligned_alloc(64, (slots + 8) * sizeof *r->sval);
    if (!r->col16 || !r->sval)
        return ctome_error_nomem();
    for (size_t q = 0; q < slots + 8; q++)
        r->sval[q] = -0.0;   /* padding: see slot_build */
    for (size_t c = 0; c < nch; c++)
        for (size_t l = 0; l < 8; l++) {
            int64_t i = r->srow[8 * c + l];
            for (int64_t j = 0; i >= 0 && j < r->slen[8 * c + l]; j++) {
                size_t p = r->ptr[i] + (size_t)j, q = r->cptr[c] + 8 * (size_t)j + l;
                r->col16[q] = (uint16_t)r->col[p];
                r->sval[q] = r->val[p];
            }
        }
    r->nch = nch;
    return slot_build(r);
}

/* The runs [a, e) of rows whose f some chemical entry reads (a column
 * < n): the block pass computes f on those rows only (ei_internal.h). */
static int frun_build(ei_rhs *r)
{
    size_t n = r->n, k = 0;
    unsigned char *need = calloc(n ? n : 1, 1);
    r->frun = malloc((n + 1) * sizeof *r->frun);   /* at most n / 2 + 1 runs */
    if (!need || !r->frun) {
        free(need);
        return ctome_error_nomem();
    }
    for (size_t p = 0; p < r->ptr[n]; p++)
        if ((size_t)r->col[p] < n)
            need[r->col[p]] = 1;
    for (size_t i = 0; i < n; i++)
        if (need[i] && (i == 0 || !need[i - 1])) {
            size_t e = i;
            while (e < n && need[e])
                e++;
            r->frun[2 * k] = i;
            r->frun[2 * k + 1] = e;
            k++;
        }
    r->nfrun = k;
    free(need);
    return CTOME_OK;
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
    int rc = frun_build(r);
    if (!rc)
        rc = sell_build(r);
    if (rc)
        ei_rhs_free(r);
    return rc;
}

#ifdef EI_SELL
/* Eight z values at the uint16 columns cp[0..8) as one vector.  Scalar
 * loads: AVX-512 gathers were slower on the CPUs measured (bench_ei). */
#define EI_LOAD8(z, cp)                                                                   \
    __extension__({                                                                       \
        uint64_t c0_, c1_;                                                                \
        memcpy(&c0_, (cp), 8);                                                            \
        memcpy(&c1_, (cp) + 4, 8);                                                        \
        __m128d a0_ = _mm_loadh_pd(_mm_load_sd((z) + (c0_ & 0xffff)), (z) + ((c0_ >> 16) & 0xffff)); \
        __m128d a1_ = _mm_loadh_pd(_mm_load_sd((z) + ((c0_ >> 32) & 0xffff)), (z) + (c0_ >> 48)); \
        __m128d a2_ = _mm_loadh_pd(_mm_load_sd((z) + (c1_ & 0xffff)), (z) + ((c1_ >> 16) & 0xffff)); \
        __m128d a3_ = _mm_loadh_pd(_mm_load_sd((z) + ((c1_ >> 32) & 0xffff)), (z) + (c1_ >> 48)); \
        __m256d b0_ = _mm256_insertf128_pd(_mm256_castpd128_pd256(a0_), a1_, 1);          \
        __m256d b1_ = _mm256_insertf128_pd(_mm256_castpd128_pd256(a2_), a3_, 1);          \
        _mm512_insertf64x4(_mm512_castpd256_pd512(b0_), b1_, 1);                          \
    })

/* Eight z values at the byte offsets op[0..8): two offsets per 64-bit
 * load, one 32-bit move and one shift give both addresses, where EI_LOAD8's
 * uint16 columns need three or four instructions per index (the slot pass
 * is bound by instructions and loads per 8 slots, not by its adds; 29
 * instead of 35 per 8 slots, docs/performance.md "byte-offset columns").
 * sell_pass keeps EI_LOAD8: there the same change measured no gain. */
#define EI_LOAD8_OFS(z, op)                                                               \
    __extension__({                                                                       \
        uint64_t o0_, o1_, o2_, o3_;                                                      \
        memcpy(&o0_, (op), 8);                                                            \
        memcpy(&o1_, (op) + 2, 8);                                                        \
        memcpy(&o2_, (op) + 4, 8);                                                        \
        memcpy(&o3_, (op) + 6, 8);                                                        \
        const char *zc_ = (const char *)(z);                                              \
        __m128d a0_ = _mm_loadh_pd(_mm_load_sd((const double *)(zc_ + (uint32_t)o0_)),     \
                                   (const double *)(zc_ + (o0_ >> 32)));                  \
        __m128d a1_ = _mm_loadh_pd(_mm_load_sd((const double *)(zc_ + (uint32_t)o1_)),     \
                                   (const double *)(zc_ + (o1_ >> 32)));                  \
        __m128d a2_ = _mm_loadh_pd(_mm_load_sd((const double *)(zc_ + (uint32_t)o2_)),     \
                                   (const double *)(zc_ + (o2_ >> 32)));                  \
        __m128d a3_ = _mm_loadh_pd(_mm_load_sd((const double *)(zc_ + (uint32_t)o3_)),     \
                                   (const double *)(zc_ + (o3_ >> 32)));                  \
        __m256d b0_ = _mm256_insertf128_pd(_mm256_castpd128_pd256(a0_), a1_, 1);          \
        __m256d b1_ = _mm256_insertf128_pd(_mm256_castpd128_pd256(a2_), a3_, 1);          \
        _mm512_insertf64x4(_mm512_castpd256_pd512(b0_), b1_, 1);                          \
    })

/* The CSR rows eight at a time (SELL-8, one row per lane).  Lane by lane:
 * s = u_i (or 0), s = s + val * z for the row's entries in CSR order
 * (separate multiply and add, masked off past the row's end), dy_i =
 * s * rtau_i: the scalar pass's operations in its order, so its bits. */
__attribute__((target("avx512f"))) static void sell_pass(const ei_rhs *r, const double *u,
                                                         const double *z, double *dy)
{
    const __m512d zero = _mm512_setzero_pd();
    for (size_t c = 0; c < r->nch; c++) {
        __m512i rows = _mm512_loadu_si512(r->srow + 8 * c);
        __m512i lens = _mm512_loadu_si512(r->slen + 8 * c);
        __mmask8 valid = _mm512_cmpge_epi64_mask(rows, _mm512_setzero_si512());
        __m512d s = u ? _mm512_mask_i64gather_pd(zero, valid, rows, u, 8) : zero;
        const uint16_t *cc = r->col16 + r->cptr[c];
        const double *vv = r->sval + r->cptr[c];
        int64_t len = r->slen[8 * c];
        for (int64_t j = 0; j < len; j++) {
            __mmask8 m = _mm512_cmpgt_epi64_mask(lens, _mm512_set1_epi64(j));
            __m512d g = EI_LOAD8(z, cc + 8 * j);
            __m512d v = _mm512_load_pd(vv + 8 * j);
            s = _mm512_mask_add_pd(s, m, s, _mm512_mul_pd(v, g));
        }
        s = _mm512_mul_pd(s, _mm512_loadu_pd(r->srtau + 8 * c));
        _mm512_mask_i64scatter_pd(dy, valid, rows, s, 8);
    }
}

/* One RK4 stage in slot order: k = (u + sum val z) * rtau per lane (0 on
 * silenced and padding lanes, as ei_rhs_eval's dy), then by mode
 *   0: acc = k,            xo = y + hc k
 *   1: acc = acc + 2 k,    xo = y + hc k   (stages 2 and 3)
 *   2: acc = acc + k,      y = xo = y + hc acc   (stage 4, hc = h / 6)
 * Padding slots add -0.0 * +0.0 (no mask, see ei_internal.h). */
__attribute__((target("avx512f"))) static void slot_stage(const ei_rhs *r, const double *u,
                                                          const double *z, double *y,
                                                          double *acc, double *xo, double hc,
                                                          int mode)
{
    const __m512d two = _mm512_set1_pd(2.0), vh = _mm512_set1_pd(hc);
    const uint32_t *cc = r->scol;   /* the chunks' slots are consecutive */
    const double *vv = r->sval;
    for (size_t c = 0; c < r->nch; c++) {
        __m512d s = _mm512_loadu_pd(u + 8 * c);
        const uint32_t *ce = r->scol + r->cptr[c + 1];
        /* two slots of 8 per iteration (one loop test per 16 products),
         * an odd first one alone: the same products in the same order */
        if ((size_t)(ce - cc) & 8) {
            s = _mm512_add_pd(s, _mm512_mul_pd(_mm512_load_pd(vv), EI_LOAD8_OFS(z, cc)));
            cc += 8, vv += 8;
        }
        for (; cc != ce; cc += 16, vv += 16) {
            s = _mm512_add_pd(s, _mm512_mul_pd(_mm512_load_pd(vv), EI_LOAD8_OFS(z, cc)));
            s = _mm512_add_pd(s, _mm512_mul_pd(_mm512_load_pd(vv + 8), EI_LOAD8_OFS(z, cc + 8)));
        }
        __m512d k = _mm512_maskz_mul_pd((__mmask8)r->slive[c], s, _mm512_loadu_pd(r->srtau + 8 * c));
        __m512d yv = _mm512_loadu_pd(y + 8 * c), a;
        if (mode == 0) {
            a = k;
            _mm512_storeu_pd(xo + 8 * c, _mm512_add_pd(yv, _mm512_mul_pd(vh, k)));
        } else if (mode == 1) {
            a = _mm512_add_pd(_mm512_loadu_pd(acc + 8 * c), _mm512_mul_pd(two, k));
            _mm512_storeu_pd(xo + 8 * c, _mm512_add_pd(yv, _mm512_mul_pd(vh, k)));
        } else {
            a = _mm512_add_pd(_mm512_loadu_pd(acc + 8 * c), k);
            yv = _mm512_add_pd(yv, _mm512_mul_pd(vh, a));
            _mm512_storeu_pd(y + 8 * c, yv);
            _mm512_storeu_pd(xo + 8 * c, yv);
        }
        _mm512_storeu_pd(acc + 8 * c, a);
    }
}
#endif

static int plain_forced;

void ei_rhs_force_plain(int on)
{
    plain_forced = on;
}

size_t ei_rhs_rk4_slots(const ei_rhs *r)
{
#ifdef EI_SELL
    if (r->scol && !plain_forced && vmath_is_avx512())
        return 8 * r->nch;
#else
    (void)r;
#endif
    return 0;
}

void ei_rhs_rk4_step(const ei_rhs *r, const double *u, double h, double *y, double *acc,
                     double *za, double *zb)
{
#ifdef EI_SELL
    size_t S = 8 * r->nch;
    /* the plain loop's constants: 0.5 * h * k is (0.5 * h) * k */
    slot_stage(r, u, za, y, acc, zb + S, 0.5 * h, 0);
    ei_transfer_vec(r->f, zb + S, zb, S);
    slot_stage(r, u, zb, y, acc, za + S, 0.5 * h, 1);
    ei_transfer_vec(r->f, za + S, za, S);
    slot_stage(r, u, za, y, acc, zb + S, h, 1);
    ei_transfer_vec(r->f, zb + S, zb, S);
    slot_stage(r, u, zb, y, acc, za + S, h / 6.0, 2);
    ei_transfer_vec(r->f, za + S, za, S);
#else
    (void)r, (void)u, (void)h, (void)y, (void)acc, (void)za, (void)zb;
#endif
}

void ei_rhs_eval(const ei_rhs *r, const double *u, double *z, double *dy)
{
    size_t n = r->n;
    ei_transfer_vec(r->f, z + n, z, n);
#ifdef EI_SELL
    if (r->nch && vmath_is_avx512()) {
        sell_pass(r, u, z, dy);
        if (r->silenced)
            for (size_t i = 0; i < n; i++)
                if (r->silenced[i])
                    dy[i] = 0.0;
        return;
    }
#endif
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

/* A block's columns are one (w = 8) or two (w = 16) vectors of 8 doubles
 * (GCC vector extensions: the compiler lowers them to the widest registers
 * of each clone).  Every lane does the same multiply, then add (c_std=c11
 * keeps GCC from fusing them), so all clones and both widths give the same
 * bits. */
typedef double ei_v8 __attribute__((vector_size(64)));
_Static_assert(EI_BLOCK == 16, "ei_rhs_eval_block handles at most 16 columns as two vectors of 8");

/* The stimulated (row, column) pairs of a block in row order: the row loop
 * then meets them with one compare per row instead of w. */
typedef struct {
    long row;
    int c;
} ei_stim;

static size_t stim_sorted(const long *js, size_t w, ei_stim *st)
{
    size_t k = 0;
    for (int c = 0; c < (int)w; c++)
        if (js[c] >= 0) {
            size_t q = k++;
            for (; q > 0 && st[q - 1].row > js[c]; q--)
                st[q] = st[q - 1];
            st[q] = (ei_stim){js[c], c};
        }
    st[k].row = -1;   /* sentinel: no row matches */
    return k;
}

/* The sparse x dense product of ei_rhs_eval_block for nv vectors of 8
 * columns (inlined with nv a constant: 1 or 2). */
static inline __attribute__((always_inline)) void block_pass(const ei_rhs *r, size_t nv,
                                                             const long *js, double in,
                                                             const double *Z, double *dY)
{
    size_t n = r->n, w = 8 * nv;
    const size_t *ptr = r->ptr;
    const int32_t *col = r->col;
    const double *val = r->val;
    ei_stim st[EI_BLOCK + 1];
    stim_sorted(js, w, st);
    const ei_stim *next = st;
    for (size_t i = 0; i < n; i++) {
        ei_v8 s[2] = {{0}, {0}};
        for (; next->row == (long)i; next++)
            s[next->c / 8][next->c % 8] = in;
        for (size_t p = ptr[i]; p < ptr[i + 1]; p++) {
            const double *zc = Z + (size_t)col[p] * w;
            for (size_t v = 0; v < nv; v++) {
                ei_v8 a;   /* unaligned load (no vector-returning helper: psABI) */
                memcpy(&a, zc + 8 * v, sizeof a);
                s[v] += val[p] * a;
            }
        }
        const double rt = r->rtau[i];
        double *d = dY + i * w;
        for (size_t v = 0; v < nv; v++) {
            s[v] *= rt;
            memcpy(d + 8 * v, &s[v], sizeof s[v]);
        }
    }
}

EI_CLONES
void ei_rhs_eval_block(const ei_rhs *r, size_t w, const long *js, double in, double *Z, double *dY)
{
    size_t n = r->n;
    /* f only on the rows some chemical entry reads (frun); the others' f
     * rows are left as they are and never read */
    for (size_t q = 0; q < r->nfrun; q++) {
        size_t a = r->frun[2 * q], e = r->frun[2 * q + 1];
        ei_transfer_vec(r->f, Z + (n + a) * w, Z + a * w, (e - a) * w);
    }
    if (w == EI_BLOCK)
        block_pass(r, 2, js, in, Z, dY);
    else
        block_pass(r, 1, js, in, Z, dY);
    if (r->silenced)
        for (size_t i = 0; i < n; i++)
            if (r->silenced[i])
                memset(dY + i * w, 0, w * sizeof *dY);
}
