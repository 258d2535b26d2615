/* progress.h — progress reporting from long library computations.
 *
 * The library never prints: a long computation (null ensembles, all-pairs
 * path sweeps) calls a ctome_progress_fn after each unit of work, and the
 * caller decides what to show.  The signature is the one of
 * ctome_null_opts.progress (nulls.h), so one callback serves every module.
 * ctome_progress_format() renders a one-line text bar that a command-line
 * program writes to a terminal (tools/ draws it on stderr).
 */
#ifndef CTOME_PROGRESS_H
#define CTOME_PROGRESS_H

#include <stddef.h>

/* Called with the units done so far and the total (done <= total).  Calls
 * may come from any thread but never concurrently (callers serialise). */
typedef void (*ctome_progress_fn)(size_t done, size_t total, void *user);

/* Render "label [#####.....]  42/100  42%" into buf (always NUL-terminated,
 * truncated to n - 1 bytes).  `width` is the number of bar cells (clamped to
 * 1..200).  total == 0 renders an empty bar at 0%.  Returns the length
 * written.  O(width). */
size_t ctome_progress_format(char *buf, size_t n, const char *label, size_t done, size_t total,
                             int width);

/* Whether the bar should be redrawn: true when the whole-percent value
 * changed from `last_done` to `done`, or at the end.  Keeps a terminal bar
 * from being redrawn thousands of times.  O(1). */
int ctome_progress_step(size_t last_done, size_t done, size_t total);

#endif
