/* bigmem.c — large randomly-read arrays on huge pages (bigmem.h). */
#include "bigmem.h"

#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

void *ctome_alloc_big(size_t bytes)
{
    if (bytes < 2 * HUGE_PAGE)
        return malloc(bytes ? bytes : 1);
#ifdef MADV_HUGEPAGE
    void *p = NULL;
    size_t len = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    if (posix_memalign(&p, HUGE_PAGE, len) != 0)
        return NULL;
    /* Advice only: a kernel without THP ignores it and the memory is usable. */
    (void)madvise(p, len, MADV_HUGEPAGE);
    return p;
#else
    return malloc(bytes);
#endif
}
