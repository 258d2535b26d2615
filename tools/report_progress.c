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

/* Seconds left in the whole report: the running phase's typical duration
 * and every later one's, scaled by this run's speed so far. */
static double eta(const report_progress *p, double in_phase)
{
    double took = 0, typ = 0;
    for (size_t i = 0; i < p->cur && i < p->n; i++) {
        took += p->took[i];
        typ += p->typical[i];
    }
    double scale = typ > 0 && took > 0 ? took / typ : 1;
    double left = 0;
    if (p->cur < p->n) {
        double cur = p->typical[p->cur] * scale - in_phase;
        left += cur > 0 ? cur : 0;
        for (size_t i = p->cur + 1; i < p->n; i++)
            left += p->typical[i] * scale;
    }
    return left;
}

static void clock_text(char *buf, size_t n, double s)
{
    long k = (long)(s + 0.5);
    snprintf(buf, n, "%ld:%02ld", k / 60, k % 60);
}

/* One status line (no newline). */
static void status(const report_progress *p, char *buf, size_t n)
{
    double in_phase = since(&p->t_phase, CLOCK_MONOTONIC), total = report_progress_total(p);
    char a[48], b[48];
    clock_text(a, sizeof a, total);
    clock_text(b, sizeof b, eta(p, in_phase));
    snprintf(buf, n, "ctome report [%zu/%zu] %s: %.0f s (typically %.0f s); elapsed %s, about %s left", p->cur + 1,
             p->n, p->name[p->cur], in_phase, p->typical[p->cur], a, b);
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
        if (p->cur < p->n) {
            char line[256];
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
    clock_gettime(CLOCK_MONOTONIC, &p->t_start);
    pthread_mutex_init(&p->mu, NULL);
}

size_t report_progress_add(report_progress *p, const char *name, double typical)
{
    if (p->n == REPORT_PROGRESS_MAX)
        return REPORT_PROGRESS_MAX - 1;   /* fixed list in cmd_report.c: never reached */
    p->name[p->n] = name;
    p->typical[p->n] = typical;
    p->cur = ++p->n;
    return p->n - 1;
}

void report_progress_begin(report_progress *p, size_t i)
{
    pthread_mutex_lock(&p->mu);
    p->cur = i;
    clock_gettime(CLOCK_MONOTONIC, &p->t_phase);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &p->c_phase);
    if (p->lines) {
        char line[256];
        status(p, line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    if (p->live && !p->ticking && pthread_create(&p->ticker, NULL, tick, p) == 0)
        p->ticking = 1;
    pthread_mutex_unlock(&p->mu);
}

void report_progress_end(report_progress *p, size_t i)
{
    pthread_mutex_lock(&p->mu);
    p->took[i] = since(&p->t_phase, CLOCK_MONOTONIC);
    p->cpu[i] = since(&p->c_phase, CLOCK_PROCESS_CPUTIME_ID);
    if (p->live)
        fputs("\r\033[K", stderr);
    if (!p->quiet)
        fprintf(stderr, "ctome report: %s section done (%.1f s)\n", p->name[i], p->took[i]);
    p->cur = p->n;
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
