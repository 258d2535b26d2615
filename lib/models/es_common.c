/* es_common.c — the two helpers both optimisers use (es_internal.h): es.c
 * (OpenAI-ES) and es_cma.c (CMA-ES) each call them, so they live here and
 * neither file depends on the other's. */
#include "es_internal.h"

/* The RNG stream of one sample: generation in the high 32 bits, member (ES:
 * pair) in the low ones, so every (generation, member) has its own stream. */
uint64_t ctome_es_i_sample_stream(uint64_t gen, size_t k) { return (gen << 32) ^ (uint64_t)k; }

void ctome_es_i_project(ctome_es *es, double *x)
{
    if (es->o.project)
        es->o.project(x, es->n, es->o.project_ctx);
}
