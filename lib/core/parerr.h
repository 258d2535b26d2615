/* parerr.h — the first error of a parallel loop.
 *
 * Replicates, stimulations or nulls run in an OpenMP loop; when some fail,
 * the caller reports the one with the lowest index (so the message does not
 * depend on the thread count) and the other threads stop early.  Each worker
 * records failures with ctome_parerr_set (thread-safe) and checks
 * ctome_parerr_stopped before each item; after the loop,
 * ctome_parerr_report turns the record into the library error. */
#ifndef CTOME_PARERR_H
#define CTOME_PARERR_H

#include <stddef.h>

typedef struct {
    size_t index;       /* lowest failed item, SIZE_MAX if none */
    int rc;             /* its error code, CTOME_OK if none */
    int stop;           /* set on the first failure */
    char msg[1024];     /* its library message */
} ctome_parerr;

void ctome_parerr_init(ctome_parerr *e);

/* Record that item `index` failed with rc and the current thread's library
 * message; keeps the lowest index.  Safe inside an OpenMP region. */
void ctome_parerr_set(ctome_parerr *e, size_t index, int rc);

/* Whether some item has failed (the loop should skip the rest). */
int ctome_parerr_stopped(ctome_parerr *e);

/* After the loop: CTOME_OK, or the recorded error re-raised on the calling
 * thread as "<what> <index+1> of <n>: <message>" (what NULL: the message
 * alone). */
int ctome_parerr_report(const ctome_parerr *e, const char *what, size_t n);

#endif
