/* error.h — status codes and the per-thread error context of libctome.
 *
 * Every fallible library call returns an int status: CTOME_OK (0) on success,
 * otherwise one of the codes below, after recording a message with the file,
 * line and value at fault.  The library never prints, exits or aborts; the
 * command-line tools print ctome_error_message() as "ctome: error: ...".
 */
#ifndef CTOME_ERROR_H
#define CTOME_ERROR_H

#include <stddef.h>

enum ctome_status {
    CTOME_OK = 0,
    CTOME_EIO,        /* file cannot be opened, read or written */
    CTOME_EFORMAT,    /* file content does not follow its format */
    CTOME_EVALUE,     /* a value is out of range: negative weight, NaN, ... */
    CTOME_ENOTFOUND,  /* unknown dataset, layer, sheet or neuron name */
    CTOME_EINVAL,     /* invalid argument from the caller */
    CTOME_ENOMEM,     /* allocation failed */
    CTOME_ELIB,       /* a dependency (HDF5, igraph, GSL, cairo) failed */
    CTOME_ENOTSUP     /* needs an optional feature this build lacks (ctome_features.h) */
};

/* Record an error and return `code`.  `file` may be NULL; `line` <= 0 means
 * no line.  The message reads "FILE:LINE: text" (or "FILE: text", "text").
 * Usage: return ctome_error(CTOME_EFORMAT, path, lineno, "bad weight '%s'", s); */
int ctome_error(int code, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record CTOME_ENOTSUP for work that needs an optional feature this build
 * lacks, and return it.  `file` may be NULL.  The message reads
 * "FILE: WHAT needs FEATURE: this ctome was built without FEATURE (meson -DOPTION=enabled)",
 * e.g. ctome_error_feature(path, "reading .xls", "FreeXL", "freexl"). */
int ctome_error_feature(const char *file, const char *what, const char *feature, const char *option);

/* The last message recorded on this thread ("" if none). */
const char *ctome_error_message(void);

/* The last code recorded on this thread (CTOME_OK if none). */
int ctome_error_code(void);

void ctome_error_clear(void);

/* A short name for a status code ("format error", ...). */
const char *ctome_status_name(int code);

/* Report an allocation failure (keeps call sites short). */
int ctome_error_nomem(void);

/* Turn the error handlers of igraph, GSL and HDF5 off, whoever set them:
 * igraph's errors and warnings ignored, GSL's handler off, HDF5's automatic
 * stack printing off.  For programs that use those libraries only through
 * libctome; a host program with handlers of its own calls ctome_init()
 * instead (docs/library.md, "Error handlers").  Not thread-safe: once, at
 * start-up. */
void ctome_error_handlers_off(void);

/* What ctome_init() does: replace only the handlers that are still the
 * libraries' defaults, which abort (igraph_error_handler_abort, GSL's
 * default) or print (igraph_warning_handler_print, HDF5's H5Eprint2), and
 * leave any handler the host program installed in place.  libctome checks
 * every return code, so a host handler that returns is fine; one that aborts
 * or longjmps will do so on libctome's failures too.  Not thread-safe: once,
 * at start-up, after the host set its handlers. */
void ctome_error_handlers_quiet_defaults(void);

#endif
