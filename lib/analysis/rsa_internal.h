/* rsa_internal.h — what rsa_compare.c shares with rsa_inference.c. */
#ifndef CTOME_RSA_INTERNAL_H
#define CTOME_RSA_INTERNAL_H

#include <stddef.h>

#include "rsa.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* (value, index) pair for sorting. */
typedef struct {
    double v;
    size_t i;
} rsa_vi;

/* Scratch for one comparison of vectors of length <= cap. */
typedef struct {
    size_t cap;
    double *u, *w, *tmp;
    rsa_vi *vi;
} rsa_ws;

int rsa_ws_init(rsa_ws *ws, size_t cap);
void rsa_ws_free(rsa_ws *ws);

/* Average ranks of x[0..m-1] into r (1-based). */
void rsa_rank(size_t m, const double *x, double *r, rsa_vi *vi);

/* The comparison of two vectors (not whitened-cosine); 0, or 1 when the
 * value is undefined (zero norm, m < 2).  No error is recorded. */
int rsa_vec_stat(size_t m, const double *x, const double *y, ctome_rsa_method method, rsa_ws *ws,
                 double *out);

/* Whitened cosine of two full n x n dissimilarity matrices (zero diagonal);
 * g1, g2 n x n scratch, row n scratch.  0, or 1 when undefined. */
int rsa_whitened_sq(size_t n, const double *d1, const double *d2, double *g1, double *g2,
                    double *row, double *out);

/* Double-centred second moment G = -H D H / 2 of a full symmetric matrix
 * (g may equal d); row: n doubles of scratch. */
void rsa_double_centre(size_t n, const double *d, double *g, double *row);

/* Kendall (C - D) / (m(m-1)/2) of y against x already sorted ascending
 * (ties of x in runs); y is reordered within x-ties and overwritten;
 * tmp: m doubles. */
double rsa_tau_a_sorted(size_t m, const double *xs, double *y, double *tmp);

#pragma GCC visibility pop

#endif
