/* version.h — the library's version and its one-time set-up (lib/core/version.c). */
#ifndef CTOME_VERSION_H
#define CTOME_VERSION_H

/* Library version string, e.g. "0.1.0" (the meson project version); stores
 * record it with every result they write.  Cost: O(1). */
const char *ctome_version(void);

/* Turn off the abort-on-error handlers of igraph, GSL and HDF5 so that their
 * failures come back as ctome status codes (ctome_error_handlers_off in
 * error.h).  Call once at program start, before any other libctome call. */
void ctome_init(void);

#endif
