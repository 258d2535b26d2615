/* progress_bar.h — the terminal progress bar of long commands (stats,
 * nulls): drawn on stderr only when stderr is a terminal and --quiet was not
 * given; the library reports through ctome_progress_fn (progress.h). */
#ifndef CTOME_PROGRESS_BAR_H
#define CTOME_PROGRESS_BAR_H

#include <stddef.h>

typedef struct {
    int on;             /* draw at all */
    char label[96];
    size_t last;        /* units done at the last redraw */
    int drawn;
} cli_progress;

/* Set up a bar: on when stderr is a terminal and !quiet. */
void cli_progress_init(cli_progress *p, int quiet);
/* Start a new task (resets the count). */
void cli_progress_label(cli_progress *p, const char *label);
/* The ctome_progress_fn to pass to the library, with `user` = the bar. */
void cli_progress_cb(size_t done, size_t total, void *user);
/* Clear the bar's line (call before printing anything else to stderr). */
void cli_progress_done(cli_progress *p);

#endif
