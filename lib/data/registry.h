/* registry.h — the canonical C. elegans neuron registry.
 *
 * 302 hermaphrodite neurons and the male-specific neurons, each with class,
 * type, neurotransmitter and sign (Wang et al. 2024 eLife 13:RP95402, with the
 * WormAtlas/OpenWorm table as fallback; the source of each value is recorded),
 * 3-D soma position (Skuhersky et al. 2022 BMC Bioinformatics 23:195, µm) and
 * left/right partner.  The registry also holds the table of non-neuronal cells
 * (muscles, end organs) used to type connectome nodes.
 *
 * Built at load time from the bundled source tables under data/neurons/.
 */
#ifndef CTOME_REGISTRY_H
#define CTOME_REGISTRY_H

#include <stddef.h>

typedef enum {
    CTOME_NTYPE_SENSORY = 0,
    CTOME_NTYPE_INTER,
    CTOME_NTYPE_MOTOR,
    CTOME_NTYPE_PHARYNGEAL,
    CTOME_NTYPE_UNKNOWN
} ctome_neuron_type;

typedef enum {
    CTOME_SIGN_EXCITATORY = 0,
    CTOME_SIGN_INHIBITORY,
    CTOME_SIGN_MODULATORY,   /* monoamine only, no fast transmitter */
    CTOME_SIGN_UNKNOWN
} ctome_sign;

typedef enum {
    CTOME_SEX_BOTH = 0,      /* present in hermaphrodite and male */
    CTOME_SEX_HERM,          /* hermaphrodite-specific (HSN, VC) */
    CTOME_SEX_MALE           /* male-specific */
} ctome_sex;

typedef struct {
    char name[16];           /* canonical name, e.g. AVAL, DB01 */
    char cls[16];            /* class, e.g. AVA, DB */
    ctome_neuron_type type;
    ctome_sex sex;
    char nt[64];             /* e.g. "acetylcholine", "glutamate+serotonin", "" if unknown */
    char nt_source[48];      /* "Wang2024" | "WormAtlas" | "" */
    ctome_sign sign;
    double pos[3];           /* soma x (AP), y, z in µm */
    int has_pos;
    char pos_source[48];     /* "Skuhersky2022" | "" */
    int partner;             /* index of the left/right partner, or -1 */
} ctome_neuron;

typedef struct ctome_registry ctome_registry;

/* Build the registry from `datadir` (the project's data/ folder). */
int ctome_registry_load(const char *datadir, ctome_registry **out);
void ctome_registry_free(ctome_registry *r);

size_t ctome_registry_size(const ctome_registry *r);
const ctome_neuron *ctome_registry_neuron(const ctome_registry *r, size_t i);
/* Index of a neuron by name (normalised first), or -1. */
int ctome_registry_find(const ctome_registry *r, const char *name);
/* Whether neuron `n` belongs to class `name` (e.g. "AVA" holds AVAL and AVAR).
 * The name is matched as neuron names are, after ctome_name_normalise, so
 * "ava", "Ava" and " AVA" all select the class; 0 for a blank name. */
int ctome_neuron_in_class(const ctome_neuron *n, const char *name);
/* Number of hermaphrodite neurons (sex BOTH or HERM): 302. */
size_t ctome_registry_count_herm(const ctome_registry *r);

/* Kind of a non-neuronal cell by canonical name: 1 muscle, 2 end organ,
 * 0 not a known non-neuronal cell (values match ctome_cell_kind). */
int ctome_registry_cell_kind(const ctome_registry *r, const char *name);

const char *ctome_neuron_type_name(ctome_neuron_type t);
const char *ctome_sign_name(ctome_sign s);
const char *ctome_sex_name(ctome_sex s);

#endif
