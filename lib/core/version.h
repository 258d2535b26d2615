/* version.h — the library's version and its one-time set-up (lib/core/version.c). */
#ifndef CTOME_VERSION_H
#define CTOME_VERSION_H

#include <stddef.h>

/* Library version string, e.g. "0.1.0" (the meson project version); stores
 * record it with every result they write.  Cost: O(1). */
const char *ctome_version(void);

/* One optional feature of this build (ctome_features.h): its name as the
 * meson option spells it ("mujoco", "cairo", "gif", "mpi", "matio",
 * "freexl", "sleef"), what it gives, and whether this build has it. */
typedef struct {
    const char *name;
    const char *gives;
    int on;
} ctome_feature;

/* The optional features, in a fixed order; *n gets their count.  The same
 * values as the CTOME_HAVE_* macros, for programs that link libctome
 * dynamically and ask at run time.  Cost: O(1). */
const ctome_feature *ctome_features(size_t *n);

/* Replace the abort-on-error (and printing) default handlers of igraph, GSL
 * and HDF5, so that their failures come back as ctome status codes; a handler
 * the host program installed before is left in place
 * (ctome_error_handlers_quiet_defaults in error.h; docs/library.md, "Error
 * handlers").  Call once at program start, after the host's own handlers and
 * before any other libctome call. */
void ctome_init(void);

#endif
