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
    CTOME_ELIB        /* a dependency (HDF5, igraph, GSL, cairo) failed */
};

/* Record an error and return `code`.  `file` may be NULL; `line` <= 0 means
 * no line.  The message reads "FILE:LINE: text" (or "FILE: text", "text").
 * Usage: return ctome_error(CTOME_EFORMAT, path, lineno, "bad weight '%s'", s); */
int ctome_error(int code, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The last message recorded on this thread ("" if none). */
const char *ctome_error_message(void);

/* The last code recorded on this thread (CTOME_OK if none). */
int ctome_error_code(void);

void ctome_error_clear(void);

/* A short name for a status code ("format error", ...). */
const char *ctome_status_name(int code);

/* Report an allocation failure (keeps call sites short). */
int ctome_error_nomem(void);

/* Turn the abort-on-error handlers of igraph, GSL and HDF5 off.  Call once
 * before using the library (ctome_init in ctome.h does this). */
void ctome_error_handlers_off(void);

#endif
