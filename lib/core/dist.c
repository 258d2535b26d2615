/* dist.c — contiguous blocks of an ensemble per process (dist.h). */
#include "dist.h"

int ctome_dist_active(const ctome_dist *d)
{
    return d && d->size > 1 && d->exchange;
}

void ctome_dist_block(const ctome_dist *d, size_t n, size_t *lo, size_t *hi)
{
    if (!ctome_dist_active(d) || d->rank < 0 || d->rank >= d->size) {
        *lo = 0;
        *hi = n;
        return;
    }
    /* n r / size without overflowing n r: split n = q size + rem */
    size_t s = (size_t)d->size, r = (size_t)d->rank;
    size_t q = n / s, rem = n % s;
    *lo = q * r + rem * r / s;
    *hi = q * (r + 1) + rem * (r + 1) / s;
}

int ctome_dist_gather(const ctome_dist *d, int status, void *buf, size_t n, size_t item_bytes)
{
    if (!ctome_dist_active(d))
        return status;
    return d->exchange(status, buf, n, item_bytes, d->ctx);
}
