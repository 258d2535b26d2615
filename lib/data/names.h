/* names.h — the one cell-name normaliser every reader uses (docs/registry.md).
 *
 * Trim white space (and surrounding quotes), upper-case, and zero-pad the
 * ventral-cord motor neuron numbers: ^(AS|DA|DB|DD|VA|VB|VC|VD)0*([0-9]+)$ ->
 * two digits (DB1 -> DB01, VA012 -> VA12).  Source-specific aliases (e.g. the
 * Randi export's "NSM" meaning NSMR) are applied by the reader that knows the
 * source, through ctome_name_alias().
 */
#ifndef CTOME_NAMES_H
#define CTOME_NAMES_H

#include <stddef.h>

/* Normalise `raw` into `out` (size `outsz`).  Returns CTOME_EVALUE for an
 * empty name or one longer than outsz - 1. */
int ctome_name_normalise(const char *raw, char *out, size_t outsz);

/* A source-specific alias table: pairs {from, to}, terminated by {NULL, NULL}.
 * Applied after normalisation. */
typedef struct {
    const char *from, *to;
} ctome_alias;

/* Replace `name` in place (buffer of size `sz`) by its alias if listed. */
void ctome_name_alias(char *name, size_t sz, const ctome_alias *aliases);

#endif
