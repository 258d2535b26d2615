/* dfc_cli.h — the `ctome dfc` pipeline shared by the command
 * (tools/cmd_dfc.c) and its report section (tools/report_dfc.c): affinity
 * tensor, rank choice, NTF, communities per factor, relations. */
#ifndef CTOME_DFC_CLI_H
#define CTOME_DFC_CLI_H

#include "dfc.h"
#include "store_dfc.h"

typedef struct {
    ctome_dfc_affinity_opts aff;
    ctome_dfc_ntf_opts ntf;
    ctome_dfc_comm_opts comm;
    double dt, stability;
    size_t rank_max;     /* > 0: automatic rank 1..rank_max */
    size_t perms;
    int json, relations, quiet;
    int table;           /* --table: which TSV table stdout holds (cmd_dfc.c) */
    double planted;      /* >= 0: planted benchmark at this noise */
    size_t planted_worms;
    const char *out, *plot, *run_id;
} dfc_opts;

typedef struct {
    ctome_dfc_tensor t;
    ctome_dfc_ntf fit;
    ctome_dfc_comm *comm;
    size_t rank;
    double *rank_err, *rank_stab;
    /* relations: [component][reference] */
    double *rel_nmi, *rel_ari, *rel_pn, *rel_pa;
    size_t *rel_n;
    size_t ref_modules[2];
    int have_rel;
    /* planted */
    ctome_dfc_planted pl;
    size_t *pl_comp;
    double *pl_r, *pl_nmi;
} dfc_result;

/* Bundled ids, recording files or stores (every /recordings/), homogenised
 * as by `ctome activity` with step o->dt; appended to *hom. */
int dfc_inputs(const dfc_opts *o, const char *const *srcs, int n_src, ctome_recordings *hom);
/* Defaults of every option (help text of `ctome dfc`). */
void dfc_opts_default(dfc_opts *o);
/* Affinities of the homogenised recordings `rec`, rank (fixed or scanned),
 * NTF and communities of every component; relations when o->relations.
 * Notes on stderr unless o->quiet.  Free res with dfc_result_free (also after
 * an error). */
int dfc_compute(const dfc_opts *o, ctome_recordings *rec, dfc_result *res);
void dfc_result_free(dfc_result *res);
/* The store view of a result; mem and coh hold rank x neurons labels. */
void dfc_to_store(const dfc_opts *o, const dfc_result *res, ctome_store_dfc *d, int32_t *mem, int32_t *coh);

#endif
