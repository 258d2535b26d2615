/* source.h — what a connectome argument names, resolved once for every
 * command and for programs using the library: a bundled dataset id
 * (`ctome datasets`), a file in any format ctome reads (detected from its
 * content), a ctome store (every connectome it holds) or "store.h5:<id>"
 * (one of them; "store.h5:/connectomes/<id>" too). */
#ifndef CTOME_SOURCE_H
#define CTOME_SOURCE_H

#include "connectome.h"

typedef struct {
    ctome_connectome **c;
    size_t n;
} ctome_connectomes;

/* Append the connectomes `source` names to `out` (finalised; a file's
 * connectome is named after its base name and records its path and
 * SHA-256).  `datadir` is the data folder (ctome_data_dir()).  Errors: an
 * unknown id that is not a file (CTOME_ENOTFOUND, naming it), a store
 * without that id or without any connectome, and the readers' errors
 * (file:line).  Nothing is appended on error. */
int ctome_connectomes_load(const char *datadir, const char *source, const ctome_registry *reg,
                           ctome_connectomes *out);
void ctome_connectomes_free(ctome_connectomes *list);

#endif
