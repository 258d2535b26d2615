/* ei_internal.h — what the E/I model sources (ei.c, ei_ablate.c,
 * ei_stability.c) share and callers do not see: the input layout and the
 * transfer functions (scalar form; ei_vmath.h has the vector form and both
 * give the same bits), and the merged right-hand side (ei_rhs.c). */
#ifndef CTOME_EI_INTERNAL_H
#define CTOME_EI_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "ei.h"
#include "ei_vmath.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

typedef struct {
    size_t *idx, k;
    double start, dur, amp;
} ei_pulse;

struct ctome_ei_input {
    size_t n;
    double *constant;
    ei_pulse *pulse;
    size_t n_pulse;
    double sigma;
    uint64_t seed;
};

static inline double ei_transfer(ctome_ei_transfer f, double x)
{
    return ei_transfer1(f, x);
}

static inline double ei_transfer_deriv(ctome_ei_transfer f, double x)
{
    switch (f) {
    case CTOME_EI_TANH: {
        double t = ei_transfer1(f, x);
        return 1.0 - t * t;
    }
    case CTOME_EI_SIGMOID: {
        double s = ei_transfer1(f, x);
        return s * (1.0 - s);
    }
    case CTOME_EI_RELU: return x > 0 ? 1.0 : 0.0;
    default: return 1.0;
    }
}

static inline int ei_is_silenced(const ctome_ei *m, size_t i)
{
    return m->silenced && m->silenced[i];
}

/* The right-hand side in one sparse pass (ei_rhs.c).  Row i of dx/dt is
 *     (u_i + sum_p val_p z[col_p]) * rtau_i,   z = [f(x); x]  (2n values)
 * with the chemical entries W_ij on column j, then the diagonal
 * -(1 + g_deg_i) on column n + i, then the gap entries g G_ij on column
 * n + j, summed in that order; rtau_i = 1 / tau_i.  Silenced rows are empty
 * and their dx/dt is 0.  Built from the model when a run starts (tau and
 * silencing may change between runs). */
typedef struct {
    size_t n;
    ctome_ei_transfer f;
    size_t *ptr;                    /* n + 1 */
    int32_t *col;
    double *val;
    double *rtau;                   /* n */
    const unsigned char *silenced;  /* borrowed from the model, or NULL */
    /* The same entries in SELL-8 form (Kreutzer et al. 2014, SIAM J. Sci.
     * Comput. 36:C401) for the AVX-512 pass: rows sorted by length
     * (longest first, ties by index) and dealt into chunks of 8 lanes,
     * lane l of chunk c holding row srow[8c + l] (-1: padding); entry j of
     * a chunk's rows sits at slot cptr[c] + 8 j + l (col16: uint16 column,
     * sval: value, 0 where the row is shorter).  Each lane sums its row's
     * entries in CSR order, so the bits are those of the CSR pass.  Built
     * only when 2n <= 65536 (uint16 columns); else nch = 0. */
    size_t nch;
    int64_t *srow, *slen;           /* 8 nch */
    double *srtau;                  /* 8 nch: rtau of the lane's row (0 for padding) */
    size_t *cptr;                   /* nch + 1 */
    uint16_t *col16;
    double *sval;                   /* 64-byte aligned; -0.0 in padding slots */
    /* Slot order, for ei_rhs_rk4_step: neuron i lives at slot inv[i] (its
     * SELL-8 lane), so a chunk's 8 rows read and write 8 consecutive
     * doubles (no gather of u, no scatter of dy).  scol: the SELL-8 columns
     * renumbered into slot order (f half [0, S), x half [S, 2S)) and
     * stored as byte offsets into z (8 x index: one 64-bit load gives two
     * addresses); padding slots point at z[2S] = +0.0 with value -0.0,
     * whose product -0.0 leaves every sum unchanged (s + -0.0 = s, signed
     * zeros included), so the pass needs no mask.  slive: per chunk, the
     * lanes whose row is a model neuron and not silenced.  S = 8 nch; NULL
     * when nch = 0. */
    int32_t *inv;                   /* n */
    uint32_t *scol;
    unsigned char *slive;           /* nch */
} ei_rhs;

/* Errors: out of memory (CTOME_ENOMEM).  Cost O(n + nnz(W) + nnz(G)). */
int ei_rhs_build(const ctome_ei *m, ei_rhs *r);
void ei_rhs_free(ei_rhs *r);

/* dy = dx/dt for the state x held in z[n..2n); z[0..n) is overwritten with
 * f(x).  u: the input per neuron (NULL: none).  No allocation.  On a CPU
 * with AVX-512F (ei_vmath's avx512f variant) the SELL-8 pass runs, else the
 * CSR rows one by one: the same bits (same order of the same operations in
 * every row).  Cost n transfer calls + nnz(W) + nnz(G) + n multiply-adds. */
void ei_rhs_eval(const ei_rhs *r, const double *u, double *z, double *dy);

/* RK4 in slot order (the fast path of ctome_ei_simulate): S > 0 slots
 * when the CPU runs the SELL-8 pass and the slot copy exists, else 0. */
size_t ei_rhs_rk4_slots(const ei_rhs *r);

/* Tests and benchmarks: 1 turns the slot-order path off (ctome_ei_simulate
 * then runs the plain loop over ei_rhs_eval), 0 back on.  Not thread-safe:
 * call before starting threads. */
void ei_rhs_force_plain(int on);

/* One classical RK4 step of size h in slot order, inputs held for the
 * step: y (S) advances in place.  za and zb hold 2S + 1 doubles with
 * za[2S] = zb[2S] = +0.0; on entry za = [f(y); y], on return za = [f(y');
 * y'].  u: the input (S, slot order); acc: S doubles of scratch.  Each
 * stage's combine (y + c h k, the running k1 + 2 k2 + 2 k3 + k4) is done
 * in the pass's epilogue, chunk by chunk, with the operations and order of
 * the plain loop (((k1 + 2 k2) + 2 k3) + k4, then y + (h / 6) sum): the
 * bits of ei_rhs_eval's RK4 step.  Padding lanes stay 0.  Cost 4 passes +
 * 4 transfer calls of S values; no allocation. */
void ei_rhs_rk4_step(const ei_rhs *r, const double *u, double h, double *y, double *acc,
                     double *za, double *zb);

/* EI_BLOCK states at once: Z is 2n x EI_BLOCK (Z[r * EI_BLOCK + c]), the
 * states in rows n..2n, rows 0..n overwritten with f; dY is n x EI_BLOCK.
 * Column c has input `in` on neuron js[c] (js[c] < 0: no input).  Each
 * column gets exactly the arithmetic of ei_rhs_eval with u = in e_js (same
 * bits), whatever the instruction set the CPU dispatches to. */
#define EI_BLOCK 16
void ei_rhs_eval_block(const ei_rhs *r, const long *js, double in, double *Z, double *dY);

/* Element-wise loops worth the widest registers: one clone per instruction
 * set, picked at run time.  Bits do not depend on the clone: c_std=c11
 * keeps GCC from fusing multiply and add (no contraction), and each lane
 * does the scalar code's operations in the scalar code's order. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define EI_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EI_CLONES
#endif

#pragma GCC visibility pop

#endif
