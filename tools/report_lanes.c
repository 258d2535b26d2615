/* report_lanes.c — see report_lanes.h. */
#define _POSIX_C_SOURCE 200809L
#include "report_lanes.h"

#include <cblas.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#ifdef _OPENMP
#include <omp.h>
#endif

typedef struct {
    report_job *jobs;
    size_t n, next;
    size_t *order;          /* job indices, longest typical first */
    int stop;               /* a part failed: start no more */
    report_progress *prog;
    void *ctx;
    pthread_mutex_t mu;
} lanes;

int report_lanes_count(size_t n_jobs)
{
    int t = 1;
#ifdef _OPENMP
    t = omp_get_max_threads();
#endif
    if ((size_t)t > n_jobs)
        t = (int)n_jobs;
    return t > 1 ? t : 1;
}

static void run_one(lanes *l, size_t j)
{
    report_job *job = &l->jobs[j];
    FILE *f = open_memstream(&job->html, &job->len);
    if (!f) {
        job->rc = ctome_error_nomem();
    } else {
        int timed = job->phase != REPORT_NO_PHASE;
        if (timed)
            report_progress_begin(l->prog, job->phase);
        job->rc = job->run(l->ctx, j, f);
        if (fclose(f) != 0 && !job->rc)
            job->rc = ctome_error_nomem();
        if (!job->rc && timed)
            report_progress_end(l->prog, job->phase);
    }
    if (job->rc)
        snprintf(job->msg, sizeof job->msg, "%s", ctome_error_message());
}

static void *lane(void *arg)
{
    lanes *l = arg;
#ifdef _OPENMP
    omp_set_num_threads(1);   /* this thread's own setting: the lanes are the parallelism */
#endif
    for (;;) {
        pthread_mutex_lock(&l->mu);
        size_t j = l->stop || l->next == l->n ? l->n : l->order[l->next++];
        pthread_mutex_unlock(&l->mu);
        if (j == l->n)
            return NULL;
        run_one(l, j);
        if (l->jobs[j].rc) {
            pthread_mutex_lock(&l->mu);
            l->stop = 1;
            pthread_mutex_unlock(&l->mu);
        }
    }
}

int report_lanes_run(report_job *jobs, size_t n, int lanes_n, report_progress *prog, void *ctx)
{
    lanes l = {.jobs = jobs, .n = n, .prog = prog, .ctx = ctx};
    for (size_t j = 0; j < n; j++) {
        jobs[j].html = NULL;
        jobs[j].len = 0;
        jobs[j].rc = CTOME_OK;
        jobs[j].msg[0] = '\0';
    }
    if (lanes_n <= 1) {   /* page order, this thread */
        for (size_t j = 0; j < n; j++) {
            run_one(&l, j);
            if (jobs[j].rc)
                return jobs[j].rc;
        }
        return CTOME_OK;
    }
    l.order = malloc(n * sizeof *l.order);
    pthread_t *tid = malloc((size_t)lanes_n * sizeof *tid);
    if (!l.order || !tid) {
        free(l.order);
        free(tid);
        return ctome_error_nomem();
    }
    /* longest first; ties keep page order (insertion sort: a dozen parts) */
    for (size_t j = 0; j < n; j++) {
        size_t k = j;
        while (k > 0 && jobs[l.order[k - 1]].typical < jobs[j].typical) {
            l.order[k] = l.order[k - 1];
            k--;
        }
        l.order[k] = j;
    }
    pthread_mutex_init(&l.mu, NULL);
    report_progress_lanes(prog, lanes_n);
    /* One BLAS thread in every part (a process-wide OpenBLAS setting): the
     * parts' own code sets 1 around its BLAS work and restores the old
     * count, which from several threads at once could restore a count
     * another part does not expect. */
    int old_blas = openblas_get_num_threads();
    openblas_set_num_threads(1);
    int started = 0;
    for (int t = 0; t < lanes_n; t++)
        if (pthread_create(&tid[t], NULL, lane, &l) == 0)
            started++;
        else
            break;
    if (!started)   /* no thread to be had: this one runs them all */
        lane(&l);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    openblas_set_num_threads(old_blas);
    pthread_mutex_destroy(&l.mu);
    free(l.order);
    free(tid);
    for (size_t j = 0; j < n; j++)
        if (jobs[j].rc)
            return ctome_error(jobs[j].rc, NULL, 0, "%s", jobs[j].msg);
    return CTOME_OK;
}

void report_lanes_free(report_job *jobs, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        free(jobs[j].html);
        jobs[j].html = NULL;
    }
}
