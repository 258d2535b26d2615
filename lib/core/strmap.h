/* strmap.h — a string -> int hash map (open addressing, FNV-1a with a
 * finaliser, hashes stored), used for name lookups in the registry and
 * connectome node tables.  Keys are copied. */
#ifndef CTOME_STRMAP_H
#define CTOME_STRMAP_H

#include <stddef.h>

typedef struct ctome_strmap ctome_strmap;

ctome_strmap *ctome_strmap_new(void);
void ctome_strmap_free(ctome_strmap *m);
/* Insert or overwrite; CTOME_ENOMEM on failure. */
int ctome_strmap_put(ctome_strmap *m, const char *key, int value);
/* The value, or -1 if absent. */
int ctome_strmap_get(const ctome_strmap *m, const char *key);
size_t ctome_strmap_size(const ctome_strmap *m);

#endif
