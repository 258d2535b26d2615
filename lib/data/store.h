/* store.h — the ctome HDF5 store (schema: docs/store.md).
 *
 *   /                                attrs: schema_version, ctome_version, created
 *   /connectomes/<id>/nodes/         name (vlen UTF-8), kind (vlen UTF-8), registry_index (int32)
 *   /connectomes/<id>/layers/<layer>/ src, dst (int32), weight (float64): chunked, deflated
 *                                    attrs: directed, weight_unit, source_file, source_sha256
 * Readable with h5py alone.  Writing goes to a temporary file renamed on
 * success, so a failed ingest leaves no partial store.
 */
#ifndef CTOME_STORE_H
#define CTOME_STORE_H

#include "connectome.h"

#define CTOME_STORE_SCHEMA_VERSION 1

typedef struct ctome_store ctome_store;

/* Create a new store at `path` (replacing it on commit). */
int ctome_store_create(const char *path, ctome_store **out);
/* Write one finalised connectome under /connectomes/<c->id>. */
int ctome_store_put_connectome(ctome_store *s, const ctome_connectome *c);
/* Close and move into place; on error nothing is left at `path`. */
int ctome_store_commit(ctome_store *s);
/* Close and delete the temporary file. */
void ctome_store_abort(ctome_store *s);

/* Whether `path` is an HDF5 file (without printing HDF5's error stack). */
int ctome_store_is_hdf5(const char *path);

/* Whether `path` is a ctome store: an HDF5 file whose root carries the
 * integer attribute schema_version (no error recorded either way; HDF5's
 * error stack is not printed).  Cost: opens the file. */
int ctome_store_is_ctome(const char *path);

/* Open an existing store read-only. */
int ctome_store_open(const char *path, ctome_store **out);
void ctome_store_close(ctome_store *s);
/* Connectome ids in the store (array of strings owned by the store). */
int ctome_store_list(ctome_store *s, char ***ids, size_t *n);
/* Read /connectomes/<id> back into a finalised connectome. */
int ctome_store_get_connectome(ctome_store *s, const char *id, const ctome_registry *reg,
                               ctome_connectome **out);

#endif
