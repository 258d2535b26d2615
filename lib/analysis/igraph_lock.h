/* igraph_lock.h — one process-wide lock around igraph calls that use its
 * global state (internal, not installed).  Debian's igraph is built with
 * IGRAPH_THREAD_SAFE 0: the error-cleanup stack and the default random
 * generator are process globals, so two threads seeding and running
 * community detection at once would change each other's results. */
#ifndef CTOME_IGRAPH_LOCK_H
#define CTOME_IGRAPH_LOCK_H
void ctome_igraph_lock(void);
void ctome_igraph_unlock(void);
#endif
