/* stats_internal.h — how stats.c reaches the modularity, motif and
 * small-world modules (stats_hooks.c), so stats.c stays about assembling. */
#ifndef CTOME_STATS_INTERNAL_H
#define CTOME_STATS_INTERNAL_H

#include "stats.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Motif counts of g into counts[CTOME_STATS_MOTIFS]. */
int stats_motifs_graph(const ctome_graph *g, double *counts);
/* Per-thread motif workspace for nulls of g. */
int stats_motifs_ws_new(const ctome_graph *g, void **ws);
void stats_motifs_ws_free(void *ws);
/* Motif counts of one null (thread-safe, no allocation). */
int stats_motifs_null(const ctome_null_view *v, void *ws, double *counts);

/* Fill s->q, n_modules, gamma, runs and s->module[g->n]. */
int stats_modularity(const ctome_graph *g, const ctome_stats_opts *o, ctome_stats *s);

/* Fill s->sigma and s->omega. */
int stats_smallworld(const ctome_graph *g, const ctome_stats_opts *o, ctome_stats *s);

/* Participation coefficient and within-module z-score of every vertex. */
int stats_participation(const ctome_graph *g, const int32_t *module, int weighted, double *p,
                        double *z);

#pragma GCC visibility pop

#endif
