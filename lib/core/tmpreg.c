/* tmpreg.c — the live temporaries of this process (ctome_outfile temporaries,
 * the report's build folder), so that a signal handler can remove them.
 *
 * The table is fixed-size and lock-free: registering claims a free slot with
 * an atomic compare-and-swap (outputs may be opened from worker threads), and
 * the cleanup reads only slots marked live.  ctome_tmp_cleanup uses nothing
 * but unlink, unlinkat, openat, getdents64 and close, all async-signal-safe,
 * so a SIGINT/SIGTERM handler may call it. */
#define _GNU_SOURCE
#include "io.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#define TMP_SLOTS 128
enum { SLOT_FREE, SLOT_BUSY, SLOT_LIVE };

static struct {
    int state;          /* SLOT_*, changed only atomically */
    int dir;            /* a folder: removed with its contents */
    char path[PATH_MAX];
} slots[TMP_SLOTS];

void ctome_tmp_register(const char *path, int is_dir)
{
    size_t n = strlen(path);
    if (n >= PATH_MAX)
        return;   /* untracked: a signal would leave it, nothing else changes */
    for (int i = 0; i < TMP_SLOTS; i++) {
        int expect = SLOT_FREE;
        if (__atomic_compare_exchange_n(&slots[i].state, &expect, SLOT_BUSY, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED)) {
            memcpy(slots[i].path, path, n + 1);
            slots[i].dir = is_dir;
            __atomic_store_n(&slots[i].state, SLOT_LIVE, __ATOMIC_RELEASE);
            return;
        }
    }
}

void ctome_tmp_unregister(const char *path)
{
    for (int i = 0; i < TMP_SLOTS; i++) {
        int expect = SLOT_LIVE;
        if (__atomic_load_n(&slots[i].state, __ATOMIC_ACQUIRE) != SLOT_LIVE || strcmp(slots[i].path, path) != 0)
            continue;
        if (__atomic_compare_exchange_n(&slots[i].state, &expect, SLOT_BUSY, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED)) {
            slots[i].path[0] = '\0';
            __atomic_store_n(&slots[i].state, SLOT_FREE, __ATOMIC_RELEASE);
            return;
        }
    }
}

/* Remove everything below the open folder `fd` (closed here), without
 * following links; depth-limited so that a signal handler's stack stays small. */
static void rm_below(int fd, int depth)
{
    char buf[2048];
    long got;
    if (depth > 16) {
        close(fd);
        return;
    }
    /* Entries are removed under the directory cursor, so read the folder
     * again from the start until a pass removes nothing. */
    for (int pass = 0; pass < 64; pass++) {
        int removed = 0;
        lseek(fd, 0, SEEK_SET);
        while ((got = (long)getdents64(fd, buf, sizeof buf)) > 0) {
            for (long off = 0; off < got;) {
                struct dirent64 *d = (struct dirent64 *)(buf + off);
                off += d->d_reclen;
                const char *nm = d->d_name;
                if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0')))
                    continue;
                if (unlinkat(fd, nm, 0) == 0) {
                    removed++;
                    continue;
                }
                int sub = openat(fd, nm, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub >= 0) {
                    rm_below(sub, depth + 1);
                    if (unlinkat(fd, nm, AT_REMOVEDIR) == 0)
                        removed++;
                }
            }
        }
        if (!removed)
            break;
    }
    close(fd);
}

void ctome_tmp_cleanup(void)
{
    for (int i = 0; i < TMP_SLOTS; i++) {
        if (__atomic_load_n(&slots[i].state, __ATOMIC_ACQUIRE) != SLOT_LIVE)
            continue;
        if (!slots[i].dir) {
            unlink(slots[i].path);
            continue;
        }
        int fd = open(slots[i].path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0)
            rm_below(fd, 0);
        rmdir(slots[i].path);
    }
}
