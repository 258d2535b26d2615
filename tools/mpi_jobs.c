/* mpi_jobs.c — optional MPI for the ctome program (mpi_jobs.h). */
#include "mpi_jobs.h"

#include "error.h"

#include <limits.h>

#ifdef CTOME_HAVE_MPI
#include <mpi.h>

static int started;   /* ctome_mpi_init called MPI_Init */
static int g_rank, g_size = 1;
static ctome_es_dist g_dist;

int ctome_mpi_available(void) { return 1; }

int ctome_mpi_init(void)
{
    int inited = 0;
    MPI_Initialized(&inited);
    if (!inited) {
        int provided;
        if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
            return ctome_error(CTOME_ELIB, NULL, 0, "MPI_Init failed");
        started = 1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    return CTOME_OK;
}

void ctome_mpi_finalize(void)
{
    int fin = 0;
    MPI_Finalized(&fin);
    if (started && !fin)
        MPI_Finalize();
    started = 0;
    g_rank = 0;
    g_size = 1;
}

int ctome_mpi_rank(void) { return g_rank; }
int ctome_mpi_size(void) { return g_size; }

int ctome_mpi_allreduce_sum(double *buf, size_t n)
{
    if (g_size <= 1)
        return 0;
    while (n > 0) {
        int chunk = n > (size_t)INT_MAX ? INT_MAX : (int)n;
        if (MPI_Allreduce(MPI_IN_PLACE, buf, chunk, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD) != MPI_SUCCESS)
            return -1;
        buf += chunk;
        n -= (size_t)chunk;
    }
    return 0;
}

static int combine(double *buf, size_t n, void *ctx)
{
    (void)ctx;
    return ctome_mpi_allreduce_sum(buf, n);
}

const ctome_es_dist *ctome_mpi_es_dist(void)
{
    if (g_size <= 1)
        return NULL;
    g_dist.rank = g_rank;
    g_dist.size = g_size;
    g_dist.combine = combine;
    g_dist.ctx = NULL;
    return &g_dist;
}

#else /* no MPI: one process */

int ctome_mpi_available(void) { return 0; }

int ctome_mpi_init(void)
{
    return ctome_error(CTOME_EINVAL, NULL, 0,
                       "this ctome was built without MPI (--mpi needs an MPI library at build time)");
}

void ctome_mpi_finalize(void) {}
int ctome_mpi_rank(void) { return 0; }
int ctome_mpi_size(void) { return 1; }

int ctome_mpi_allreduce_sum(double *buf, size_t n)
{
    (void)buf;
    (void)n;
    return 0;
}

const ctome_es_dist *ctome_mpi_es_dist(void) { return NULL; }

#endif
