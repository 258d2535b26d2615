#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <hdf5.h>
#include <igraph.h>

static _Thread_local char err_msg[2048];
static _Thread_local int err_code;

int ctome_error(int code, const char *file, long line, const char *fmt, ...)
{
    size_t n = 0;
    if (file && line > 0)
        n = (size_t)snprintf(err_msg, sizeof err_msg, "%s:%ld: ", file, line);
    else if (file)
        n = (size_t)snprintf(err_msg, sizeof err_msg, "%s: ", file);
    if (n >= sizeof err_msg)
        n = sizeof err_msg - 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err_msg + n, sizeof err_msg - n, fmt, ap);
    va_end(ap);
    err_code = code;
    return code;
}

const char *ctome_error_message(void) { return err_msg; }
int ctome_error_code(void) { return err_code; }

void ctome_error_clear(void)
{
    err_msg[0] = '\0';
    err_code = CTOME_OK;
}

int ctome_error_nomem(void)
{
    return ctome_error(CTOME_ENOMEM, NULL, 0, "out of memory");
}

const char *ctome_status_name(int code)
{
    switch (code) {
    case CTOME_OK: return "ok";
    case CTOME_EIO: return "i/o error";
    case CTOME_EFORMAT: return "format error";
    case CTOME_EVALUE: return "bad value";
    case CTOME_ENOTFOUND: return "not found";
    case CTOME_EINVAL: return "invalid argument";
    case CTOME_ENOMEM: return "out of memory";
    case CTOME_ELIB: return "library error";
    }
    return "unknown error";
}

void ctome_error_handlers_off(void)
{
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    gsl_set_error_handler_off();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}
