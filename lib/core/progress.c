/* progress.c — text rendering of progress (progress.h). */
#include "progress.h"

#include <stdio.h>

size_t ctome_progress_format(char *buf, size_t n, const char *label, size_t done, size_t total,
                             int width)
{
    if (!buf || n == 0)
        return 0;
    if (width < 1)
        width = 1;
    if (width > 200)
        width = 200;
    if (done > total)
        done = total;
    size_t filled = total ? (size_t)((double)width * (double)done / (double)total) : 0;
    char bar[201];
    for (int i = 0; i < width; i++)
        bar[i] = (size_t)i < filled ? '#' : '.';
    bar[width] = '\0';
    int pct = total ? (int)(100.0 * (double)done / (double)total) : 0;
    int k = snprintf(buf, n, "%s [%s] %zu/%zu %3d%%", label ? label : "", bar, done, total, pct);
    if (k < 0) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)k < n ? (size_t)k : n - 1;
}

int ctome_progress_step(size_t last_done, size_t done, size_t total)
{
    if (total == 0 || done >= total)
        return 1;
    return (100 * last_done) / total != (100 * done) / total;
}
