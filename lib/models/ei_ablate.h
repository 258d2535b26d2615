/* ei_ablate.h — ablations of a built E/I rate model (ei.h): silence
 * neurons, remove a layer, flip, randomise or keep signs, shuffle weights.
 * Each acts in place on the model's matrices; the neuron set never changes,
 * so traces and perturbation atlases of ablated and intact models line up
 * neuron by neuron.  Random choices come from an explicit seed (rng.h,
 * stream 0).  See docs/methods.md, "Connectome rate model". */
#ifndef CTOME_EI_ABLATE_H
#define CTOME_EI_ABLATE_H

#include <stddef.h>
#include <stdint.h>

#include "ei.h"

typedef enum { CTOME_EI_CHEMICAL = 0, CTOME_EI_ELECTRICAL } ctome_ei_layer;

/* Silence neurons idx[0..k-1]: every chemical synapse onto or from them and
 * every gap junction they make is removed (the gap-junction leak g_deg of
 * their partners shrinks accordingly), and their activity is held at 0 by
 * the integrators (dx/dt = 0, x0 ignored, no noise) whatever their input.
 * This is the model of a killed or hyperpolarised-and-isolated cell.
 * Errors: an index out of range (CTOME_EINVAL).  O(nnz). */
int ctome_ei_silence(ctome_ei *m, const size_t *idx, size_t k);

/* Drop one layer: W (chemical) or G and g_deg (electrical) emptied.
 * Errors: an unknown layer (CTOME_EINVAL). */
int ctome_ei_remove_layer(ctome_ei *m, ctome_ei_layer layer);

/* Parse "chemical" / "electrical"; -1 for anything else. */
int ctome_ei_layer_parse(const char *s);

/* Flip every sign: W -> -W, sign -> -sign. */
void ctome_ei_flip_signs(ctome_ei *m);

/* Permute the signs of the signed neurons (sign != 0) with seed: the number
 * of excitatory and inhibitory neurons is kept exactly, unsigned neurons stay
 * unsigned, and each presynaptic column of W keeps its magnitudes and takes
 * the neuron's new sign (Dale's law still holds).  Errors: no signed neuron
 * (CTOME_EVALUE; dense models have none).  O(n + nnz). */
int ctome_ei_random_signs(ctome_ei *m, uint64_t seed);

/* Permute the chemical weight magnitudes |W_ij| over the existing edges with
 * seed (Fisher-Yates); every edge keeps its own sign, so a built model keeps
 * Dale's law, the edge set and the multiset of weights.  O(nnz). */
void ctome_ei_shuffle_weights(ctome_ei *m, uint64_t seed);

/* Number of stored chemical and gap-junction entries (directed; a gap
 * junction counts twice).  0 means the model has no connection at all. */
size_t ctome_ei_n_connections(const ctome_ei *m);

#endif
