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

int ctome_error_feature(const char *file, const char *what, const char *feature, const char *option)
{
    return ctome_error(CTOME_ENOTSUP, file, 0, "%s needs %s: this ctome was built without %s (meson -D%s=enabled)",
                       what, feature, feature, option);
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
    case CTOME_ENOTSUP: return "not built in";
    }
    return "unknown error";
}

/* Each handler is read by swapping (none of the three libraries has a plain
 * getter that covers all cases) and put back when it is the host's own. */
void ctome_error_handlers_quiet_defaults(void)
{
    igraph_error_handler_t *ie = igraph_set_error_handler(igraph_error_handler_ignore);
    if (ie != igraph_error_handler_abort)
        igraph_set_error_handler(ie);
    igraph_warning_handler_t *iw = igraph_set_warning_handler(igraph_warning_handler_ignore);
    if (iw != igraph_warning_handler_print)
        igraph_set_warning_handler(iw);
    gsl_error_handler_t *ge = gsl_set_error_handler(NULL);
    if (ge)
        gsl_set_error_handler(ge);
    else
        gsl_set_error_handler_off();
    H5E_auto2_t hf = NULL;
    void *hd = NULL;
    if (H5Eget_auto2(H5E_DEFAULT, &hf, &hd) >= 0 && hf == (H5E_auto2_t)H5Eprint2)
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void ctome_error_handlers_off(void)
{
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    gsl_set_error_handler_off();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}
