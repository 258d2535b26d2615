/* es_internal.h — private to lib/models/es*.c: the optimiser's state and the
 * pieces the ES core (es.c), CMA-ES (es_cma.c) and the state copy
 * (es_state.c) share. */
#ifndef CTOME_ES_INTERNAL_H
#define CTOME_ES_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "es.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

struct ctome_es {
    ctome_es_opts o;
    size_t n, lambda;
    uint64_t gen, steps, eigen_gen;
    double sigma;
    double *theta;            /* n */
    double *best_theta;       /* n */
    double best_ret;
    int asked;
    double *pop;              /* lambda x n: the candidates last asked for (projected) */
    /* ES */
    double *m, *v;            /* Adam moments, n */
    double *eps;              /* lambda/2 x n */
    /* CMA */
    double *C, *B, *D;        /* n x n, n x n, n */
    double *pc, *ps;          /* n */
    double *z, *y;            /* lambda x n */
    double *w;                /* lambda */
    size_t mu;
    double mueff, cc, cs, c1, cmu, ds, chin;
    /* work */
    double *work;             /* 2 n + lambda */
    size_t *order;            /* lambda */
    /* learning curve */
    ctome_es_gen *curve;
    size_t n_curve, cap_curve;
};

/* The RNG stream of one sample (member or ES pair k of generation gen). */
uint64_t ctome_es_i_sample_stream(uint64_t gen, size_t k);
/* Option checks of ctome_es_new (also for restored states). */
int ctome_es_i_check_opts(const ctome_es_opts *o, size_t dim);
/* An optimiser with its arrays allocated and its constants set, state zero. */
int ctome_es_i_make(const ctome_es_opts *o, size_t dim, ctome_es **out);
/* Apply the caller's projection (if any) to x in place. */
void ctome_es_i_project(ctome_es *es, double *x);
/* Append one learning-curve row (grows the array). */
int ctome_es_i_curve_push(ctome_es *es, const ctome_es_gen *g);

/* CMA-ES (es_cma.c) */
void ctome_es_i_cma_params(ctome_es *es);
void ctome_es_i_cma_ask(ctome_es *es, double *pop);
int ctome_es_i_cma_eigen(ctome_es *es);
void ctome_es_i_cma_penalise(const ctome_es *es, const double *ret, double *pen);
/* Update from es->order (best first); increments the generation, projects the mean. */
int ctome_es_i_cma_tell(ctome_es *es);

#pragma GCC visibility pop

#endif
