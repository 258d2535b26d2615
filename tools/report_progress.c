/* report_progress.c — see report_progress.h. */
#define _POSIX_C_SOURCE 200809L
#include "report_progress.h"

#include <string.h>
#include <unistd.h>

static double since(const struct timespec *a, clockid_t clk)
{
    struct timespec b;
    clock_gettime(clk, &b);
    return (double)(b.tv_sec - a->tv_sec) + 1e-9 * (double)(b.tv_nsec - a->tv_nsec);
}

double report_progress_total(const report_progress *p) { return since(&p->t_start, CLOCK_MONOTONIC); }

/* Seconds left in the whole report: every unfinished phase's typical
 * duration, less what the running ones have already taken, scaled by this
 * run's speed so far and shared over the lanes. */
static double eta(const report_progress *p)
{
    double took = 0, typ = 0, left = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->done[i]) {
            took += p->took[i];
            typ += p->typical[i];
        }
    double scale = typ > 0 && took > 0 ? took / typ : 1;
    for (size_t i = 0; i < p->n; i++)
        if (!p->done[i]) {
            double t = p->typical[i] * scale - (p->running[i] ? since(&p->t_phase[i], CLOCK_MONOTONIC) : 0);
            left += t > 0 ? t : 0;
        }
    return left / (p->lanes > 1 ? p->lanes : 1);
}

static void clock_text(char *buf, size_t n, double s)
{
    long k = (long)(s + 0.5);
    snprintf(buf, n, "%ld:%02ld", k / 60, k % 60);
}

/* One status line (no newline): the parts running, each with its time. */
static void status(const report_progress *p, char *buf, size_t n)
{
    double total = report_progress_total(p);
    char a[48], b[48];
    clock_text(a, sizeof a, total);
    clock_text(b, sizeof b, eta(p));
    int k = snprintf(buf, n, "ctome report [%zu/%zu done]", p->n_done, p->n);
    const char *sep = " ";
    for (size_t i = 0; i < p->n && k > 0 && (size_t)k < n; i++)
        if (p->running[i]) {
            k += snprintf(buf + k, n - (size_t)k, "%s%s: %.0f s (typically %.0f s)", sep, p->name[i],
                          since(&p->t_phase[i], CLOCK_MONOTONIC), p->typical[i]);
            sep = "; ";
        }
    if (k > 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, "; elapsed %s, about %s left", a, b);
}

static void *tick(void *arg)
{
    report_progress *p = arg;
    for (;;) {
        struct timespec nap = {0, 500000000};
        nanosleep(&nap, NULL);
        pthread_mutex_lock(&p->mu);
        if (p->stop) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        if (p->n_done < p->n) {
            char line[512];
            status(p, line, sizeof line);
            fprintf(stderr, "\r%s\033[K", line);
            fflush(stderr);
        }
        pthread_mutex_unlock(&p->mu);
    }
}

void report_progress_start(report_progress *p, int quiet, int force)
{
    memset(p, 0, sizeof *p);
    p->quiet = quiet;
    p->live = !quiet && isatty(STDERR_FILENO);
    p->lines = !quiet && !p->live && force;
    p->lanes = 1;
    p->cpu_clock = CLOCK_PROCESS_CPUTIME_ID;
    clock_gettime(CLOCK_MONOTONIC, &p->t_start);
    pthread_mutex_init(&p->mu, NULL);
}

size_t report_progress_add(report_progress *p, const char *name, double typical)
{
    if (p->n == REPORT_PROGRESS_MAX)
        return REPORT_PROGRESS_MAX - 1;   /* fixed list in cmd_report.c: never reached */
    p->name[p->n] = name;
    p->typical[p->n] = typical;
    return p->n++;
}

void report_progress_lanes(report_progress *p, int lanes)
{
    pthread_mutex_lock(&p->mu);
    p->lanes = lanes > 1 ? lanes : 1;
    p->cpu_clock = p->lanes > 1 ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID;
    pthread_mutex_unlock(&p->mu);
}

void report_progress_begin(report_progress *p, size_t i)
{
    pthread_mutex_lock(&p->mu);
    p->running[i] = 1;
    clock_gettime(CLOCK_MONOTONIC, &p->t_phase[i]);
    clock_gettime(p->cpu_clock, &p->c_phase[i]);
    if (p->lines) {
        char line[512];
        status(p, line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    if (p->live && !p->ticking && pthread_create(&p->ticker, NULL, tick, p) == 0)
        p->ticking = 1;
    pthread_mutex_unlock(&p->mu);
}

/* Called on the thread that ran the phase (its CPU clock, with lanes). */
void report_progress_end(report_progress *p, size_t i)
{
    struct timespec c;
    clock_gettime(p->cpu_clock, &c);
    pthread_mutex_lock(&p->mu);
    p->took[i] = since(&p->t_phase[i], CLOCK_MONOTONIC);
    p->cpu[i] = (double)(c.tv_sec - p->c_phase[i].tv_sec) + 1e-9 * (double)(c.tv_nsec - p->c_phase[i].tv_nsec);
    if (p->live)
        fputs("\r\033[K", stderr);
    if (!p->quiet)
        fprintf(stderr, "ctome report: %s section done (%.1f s)\n", p->name[i], p->took[i]);
    p->running[i] = 0;
    p->done[i] = 1;
    p->n_done++;
    pthread_mutex_unlock(&p->mu);
}

void report_progress_finish(report_progress *p)
{
    if (p->ticking) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->ticker, NULL);
        p->ticking = 0;
        fputs("\r\033[K", stderr);
    }
    if (p->quiet)
        return;
    double total = report_progress_total(p), sum = 0;
    if (p->lanes > 1)
        fprintf(stderr, "ctome report: time per section (wall s, CPU s, share of the wall time; %d parts ran side by "
                        "side, one thread each, so the shares add to more than 100%%):\n", p->lanes);
    else
        fprintf(stderr, "ctome report: time per section (wall s, CPU s over all threads, share of the wall time):\n");
    for (size_t i = 0; i < p->n; i++) {
        sum += p->took[i];
        fprintf(stderr, "  %-40s %7.1f %7.1f %5.1f%%\n", p->name[i], p->took[i], p->cpu[i],
                total > 0 ? 100 * p->took[i] / total : 0);
    }
    fprintf(stderr, "  %-40s %7.1f\n", "total", total);
}

void report_progress_html(const report_progress *p, FILE *f)
{
    double total = report_progress_total(p);
    fputs("<table><tr><th>section</th><th>wall s</th><th>CPU s (all threads)</th>"
          "<th>share of the run</th></tr>\n", f);
    for (size_t i = 0; i < p->n; i++)
        fprintf(f, "<tr><td>%s</td><td class=\"n\">%.1f</td><td class=\"n\">%.1f</td><td class=\"n\">%.1f%%</td></tr>\n",
                p->name[i], p->took[i], p->cpu[i], total > 0 ? 100 * p->took[i] / total : 0);
    fprintf(f, "<tr><td><b>total</b> (up to the footer)</td><td class=\"n\">%.1f</td><td></td><td></td></tr></table>\n",
            total);
}
