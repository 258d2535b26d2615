/* parerr.c — see parerr.h. */
#include "parerr.h"

#include <stdint.h>
#include <stdio.h>

#include "error.h"

void ctome_parerr_init(ctome_parerr *e)
{
    e->index = SIZE_MAX;
    e->rc = CTOME_OK;
    e->stop = 0;
    e->msg[0] = '\0';
}

void ctome_parerr_set(ctome_parerr *e, size_t index, int rc)
{
#pragma omp critical(ctome_parerr)
    if (index < e->index) {
        e->index = index;
        e->rc = rc;
        snprintf(e->msg, sizeof e->msg, "%s", ctome_error_message());
    }
#pragma omp atomic write
    e->stop = 1;
}

int ctome_parerr_stopped(ctome_parerr *e)
{
    int s;
#pragma omp atomic read
    s = e->stop;
    return s;
}

int ctome_parerr_report(const ctome_parerr *e, const char *what, size_t n)
{
    if (e->rc == CTOME_OK)
        return CTOME_OK;
    if (!what)
        return ctome_error(e->rc, NULL, 0, "%s", e->msg);
    return ctome_error(e->rc, NULL, 0, "%s %zu of %zu: %s", what, e->index + 1, n, e->msg);
}
