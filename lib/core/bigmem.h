/* bigmem.h — allocation of large arrays that are read at random.
 *
 * A random read of a table of tens of megabytes misses the TLB as well as the
 * cache: with 4 KiB pages the 32 MB edge hash of a million-arc null spans
 * 8192 pages, and every miss walks the page table.  On Linux with
 * transparent huge pages in "madvise" mode (Debian's default) such tables
 * are put on 2 MiB pages when asked (madvise MADV_HUGEPAGE).  Elsewhere, or
 * below 4 MiB, this is plain malloc.  The contents are not changed: only
 * speed depends on it.
 */
#ifndef CTOME_BIGMEM_H
#define CTOME_BIGMEM_H

#include <stddef.h>

/* bytes of uninitialised memory (NULL when out of memory, or bytes == 0 is
 * given 1 byte), aligned to 2 MiB and advised for huge pages from 4 MiB up;
 * release with free().  O(1). */
void *ctome_alloc_big(size_t bytes);

#endif
