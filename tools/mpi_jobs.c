/* mpi_jobs.c — optional MPI for the ctome program (mpi_jobs.h). */
#include "mpi_jobs.h"

#include "error.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctome_features.h"
#if CTOME_HAVE_MPI
#include <mpi.h>

static int started;   /* ctome_mpi_init called MPI_Init */
static int g_rank, g_size = 1;
static ctome_es_dist g_dist;
static ctome_dist g_edist;
static int g_agreed;  /* the last error was agreed on by every rank */
static int g_err_fd = -1;   /* this rank's real stderr (others see /dev/null) */

/* Ranks other than 0 compute but do not report: their stdout and stderr go
 * to /dev/null (the real stderr is kept for ctome_mpi_exit). */
static void silence(void)
{
    int null = open("/dev/null", O_WRONLY);
    if (null < 0)
        return;
    fflush(stdout);
    fflush(stderr);
    g_err_fd = dup(STDERR_FILENO);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    close(null);
}

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
    if (g_rank != 0 && g_err_fd < 0)
        silence();
    return CTOME_OK;
}

int ctome_mpi_root(void) { return g_rank == 0; }

/* dist.h's exchange: agree on the lowest failing rank (MPI_MIN over ranks),
 * broadcast its error, or all-gather the blocks as bytes (no arithmetic). */
static int exchange(int status, void *buf, size_t n, size_t item_bytes, void *ctx)
{
    (void)ctx;
    g_agreed = 0;
    int mine = status ? g_rank : g_size, first = g_size;
    if (MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD) != MPI_SUCCESS)
        return ctome_error(CTOME_ELIB, NULL, 0, "MPI: agreeing on the ensemble's status failed");
    if (first < g_size) {
        struct {
            int code;
            char msg[1024];
        } e = {0, ""};
        if (g_rank == first) {
            e.code = status;
            snprintf(e.msg, sizeof e.msg, "%s", ctome_error_message());
        }
        if (MPI_Bcast(&e, (int)sizeof e, MPI_BYTE, first, MPI_COMM_WORLD) != MPI_SUCCESS)
            return ctome_error(CTOME_ELIB, NULL, 0, "MPI: sending rank %d's error failed", first);
        if (g_rank != first)
            ctome_error(e.code, NULL, 0, "%s", e.msg);
        g_agreed = 1;
        return e.code;
    }
    if (n == 0)
        return CTOME_OK;
    if (n > (size_t)INT_MAX || item_bytes == 0 || item_bytes > (size_t)INT_MAX)
        return ctome_error(CTOME_EINVAL, NULL, 0,
                           "MPI: %zu items of %zu bytes are beyond one all-gather (at most %d items)", n,
                           item_bytes, INT_MAX);
    int *counts = malloc((size_t)g_size * sizeof *counts), *displs = malloc((size_t)g_size * sizeof *displs);
    int rc = counts && displs ? CTOME_OK : ctome_error_nomem();
    /* every rank computes every block the same way (dist.h) */
    for (int r = 0; !rc && r < g_size; r++) {
        ctome_dist d = {r, g_size, exchange, NULL};
        size_t lo, hi;
        ctome_dist_block(&d, n, &lo, &hi);
        counts[r] = (int)(hi - lo);
        displs[r] = (int)lo;
    }
    MPI_Datatype item;
    if (!rc && MPI_Type_contiguous((int)item_bytes, MPI_BYTE, &item) == MPI_SUCCESS) {
        if (MPI_Type_commit(&item) != MPI_SUCCESS ||
            MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, buf, counts, displs, item, MPI_COMM_WORLD) !=
                MPI_SUCCESS)
            rc = ctome_error(CTOME_ELIB, NULL, 0, "MPI: gathering %zu replicates failed", n);
        MPI_Type_free(&item);
    } else if (!rc)
        rc = ctome_error(CTOME_ELIB, NULL, 0, "MPI: making a datatype of %zu bytes failed", item_bytes);
    free(counts);
    free(displs);
    return rc;
}

int ctome_mpi_agree(int rc)
{
    if (g_size <= 1)
        return rc;
    return exchange(rc, NULL, 0, 0, NULL);
}

const ctome_dist *ctome_mpi_dist(void)
{
    if (g_size <= 1)
        return NULL;
    g_edist.rank = g_rank;
    g_edist.size = g_size;
    g_edist.exchange = exchange;
    g_edist.ctx = NULL;
    return &g_edist;
}

void ctome_mpi_exit(int rc)
{
    if (!started)
        return;
    if (rc && g_size > 1 && !g_agreed) {
        if (g_rank != 0 && g_err_fd >= 0)
            dprintf(g_err_fd, "ctome: error: MPI rank %d of %d: %s\n", g_rank, g_size, ctome_error_message());
        started = 0;   /* leave MPI running: mpirun ends the job on this non-zero exit */
        return;
    }
    ctome_mpi_finalize();
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
    return ctome_error(CTOME_ENOTSUP, NULL, 0, "--mpi: this ctome was built without MPI (meson -Dmpi=enabled)");
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
void ctome_mpi_exit(int rc) { (void)rc; }
int ctome_mpi_root(void) { return 1; }
int ctome_mpi_agree(int rc) { return rc; }
const ctome_dist *ctome_mpi_dist(void) { return NULL; }

#endif
