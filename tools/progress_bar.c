#include "progress_bar.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"

void cli_progress_init(cli_progress *p, int quiet)
{
    memset(p, 0, sizeof *p);
    p->on = !quiet && isatty(STDERR_FILENO);
}

void cli_progress_label(cli_progress *p, const char *label)
{
    snprintf(p->label, sizeof p->label, "%s", label);
    p->last = 0;
}

void cli_progress_cb(size_t done, size_t total, void *user)
{
    cli_progress *p = user;
    if (!p || !p->on || (p->drawn && !ctome_progress_step(p->last, done, total)))
        return;
    char line[256];
    ctome_progress_format(line, sizeof line, p->label, done, total, 30);
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
    p->last = done;
    p->drawn = 1;
}

void cli_progress_done(cli_progress *p)
{
    if (p->on && p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->drawn = 0;
}
