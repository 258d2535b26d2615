/* store_recording.h — recordings in the ctome HDF5 store (docs/store.md):
 *   /recordings/<id>/traces   float64 [neurons x time], chunked, deflated
 *   /recordings/<id>/time     float64 [time]
 *   /recordings/<id>/labels   vlen UTF-8 [neurons] ("" = unlabelled ROI)
 *   /recordings/<id>/registry_index  int32 [neurons]
 *   attrs: dataset, worm, indicator, source_file, source_sha256, dt (median
 *   step, s), provenance (JSON text)
 */
#ifndef CTOME_STORE_RECORDING_H
#define CTOME_STORE_RECORDING_H

#include "recording.h"
#include "store.h"

int ctome_store_put_recording(ctome_store *s, const ctome_recording *r);
/* Ids in name order, in a new array: the caller frees each string and the
 * array (unlike ctome_store_list, whose ids belong to the store). */
int ctome_store_list_recordings(ctome_store *s, char ***ids, size_t *n);
int ctome_store_get_recording(ctome_store *s, const char *id, const ctome_registry *reg,
                              ctome_recording **out);

#endif
