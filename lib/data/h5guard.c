/* h5guard.c — read an HDF5 file from outside in a child process first
 * (h5guard.h; docs/reliability.md, "Damaged input").
 *
 * Why a process: the faults are inside libhdf5 1.10.8 (wild memcpy in
 * H5HG_read, overflows in H5O__msg_iterate_real, an endless loop in
 * H5C_protect on a cyclic metadata cache entry).  Nothing short of a separate
 * address space contains a SIGSEGV or an endless loop, and checking the file
 * format ourselves would mean re-implementing HDF5.  Why the same calls: the
 * child walks the file with the calls the readers make (open, link
 * iteration by name and by creation order, object info, every attribute,
 * every dataset value in its native type, object references dereferenced),
 * so a file whose walk finished will not make HDF5 crash when a reader reads
 * the same objects again.
 */
#include "h5guard.h"
#include "error.h"
#include "h5util.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define CTOME_GUARD_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CTOME_GUARD_SANITIZED 1
#endif
#endif
#ifdef CTOME_GUARD_SANITIZED
#include <sanitizer/common_interface_defs.h>
#endif

#define GUARD_BASE_SECONDS 20.0
#define GUARD_BYTES_PER_SECOND (8.0 * 1024 * 1024)
#define GUARD_BLOCK_BYTES ((size_t)16 << 20)   /* one dataset read, at most */
#define GUARD_MAX_DEPTH 64
#define GUARD_MAX_OBJECTS 1000000
#define GUARD_CACHE 32

/* ---- the walk (runs in the child only) ---- */

typedef struct {
    hid_t f;
    haddr_t *seen;     /* open-addressing set of visited object addresses */
    size_t cap, n;
} walk;

/* 1 if addr was new (and is now recorded), 0 if seen, -1 if the set is full. */
static int walk_mark(walk *w, haddr_t addr)
{
    if (2 * (w->n + 1) > w->cap) {
        if (w->n >= GUARD_MAX_OBJECTS)
            return -1;
        size_t cap = w->cap ? 2 * w->cap : 1024;
        haddr_t *s = malloc(cap * sizeof *s);
        if (!s)
            return -1;
        for (size_t i = 0; i < cap; i++)
            s[i] = HADDR_UNDEF;
        for (size_t i = 0; i < w->cap; i++)
            if (w->seen[i] != HADDR_UNDEF) {
                size_t h = (size_t)(w->seen[i] * 0x9E3779B97F4A7C15ULL) & (cap - 1);
                while (s[h] != HADDR_UNDEF)
                    h = (h + 1) & (cap - 1);
                s[h] = w->seen[i];
            }
        free(w->seen);
        w->seen = s;
        w->cap = cap;
    }
    size_t h = (size_t)(addr * 0x9E3779B97F4A7C15ULL) & (w->cap - 1);
    while (w->seen[h] != HADDR_UNDEF) {
        if (w->seen[h] == addr)
            return 0;
        h = (h + 1) & (w->cap - 1);
    }
    w->seen[h] = addr;
    w->n++;
    return 1;
}

static void walk_object(walk *w, hid_t o, int depth);

/* Dereference n object references and walk their targets. */
static void walk_refs(walk *w, hid_t loc, const hobj_ref_t *refs, size_t n, int depth)
{
    for (size_t i = 0; i < n; i++) {
        hid_t o = H5Rdereference2(loc, H5P_DEFAULT, H5R_OBJECT, &refs[i]);
        if (o >= 0) {
            walk_object(w, o, depth + 1);
            H5Oclose(o);
        }
    }
}

/* Read n elements selected by (fsp, msp) of a dataset or attribute (is_attr:
 * the whole attribute) in type mt into a fresh buffer and let go of it. */
static void walk_read(walk *w, hid_t obj, int is_attr, hid_t t, hid_t fsp, hid_t msp, size_t n,
                      int depth)
{
    int is_ref = H5Tget_class(t) == H5T_REFERENCE;
    hid_t mt = is_ref ? H5Tcopy(H5T_STD_REF_OBJ) : H5Tget_native_type(t, H5T_DIR_DEFAULT);
    if (mt < 0)
        return;
    size_t es = H5Tget_size(mt);
    void *buf = es && n <= GUARD_BLOCK_BYTES / es ? calloc(n ? n : 1, es) : NULL;
    if (buf) {
        herr_t r = is_attr ? H5Aread(obj, mt, buf) : H5Dread(obj, mt, msp, fsp, H5P_DEFAULT, buf);
        if (r >= 0) {
            if (is_ref && H5Tequal(t, H5T_STD_REF_OBJ) > 0)
                walk_refs(w, obj, buf, n, depth);
            else if (H5Tdetect_class(mt, H5T_VLEN) > 0 || H5Tis_variable_str(mt) > 0) {
                hid_t sp = is_attr ? H5Aget_space(obj) : msp;
                if (sp >= 0)
                    H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, buf);
                if (is_attr && sp >= 0)
                    H5Sclose(sp);
            }
        }
        free(buf);
    }
    H5Tclose(mt);
}

static herr_t walk_attr_cb(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
    (void)info;
    walk *w = data;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0)
        return 0;
    hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
    hssize_t np = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    if (t >= 0 && np >= 0)
        walk_read(w, a, 1, t, -1, -1, (size_t)np, GUARD_MAX_DEPTH);
    if (sp >= 0)
        H5Sclose(sp);
    if (t >= 0)
        H5Tclose(t);
    H5Aclose(a);
    (void)H5Aexists(loc, "MATLAB_class");
    return 0;
}

/* Every value of a dataset, in blocks of whole rows (first dimension). */
static void walk_dataset(walk *w, hid_t d, int depth)
{
    hid_t t = H5Dget_type(d), sp = H5Dget_space(d);
    (void)H5Dget_storage_size(d);
    hid_t pl = H5Dget_create_plist(d);
    if (pl >= 0)
        H5Pclose(pl);
    int rank = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    hsize_t dims[H5S_MAX_RANK];
    if (t < 0 || rank < 0 || rank > H5S_MAX_RANK || H5Sget_simple_extent_dims(sp, dims, NULL) < 0)
        goto done;
    if (rank == 0) {
        walk_read(w, d, 0, t, H5S_ALL, H5S_ALL, 1, depth);
        goto done;
    }
    size_t es = H5Tget_size(t);
    hsize_t row = 1;
    for (int i = 1; i < rank; i++)
        row = dims[i] && row > UINT64_MAX / dims[i] ? UINT64_MAX : row * dims[i];
    if (!es || row == 0 || dims[0] == 0 || row > GUARD_BLOCK_BYTES / (es < 16 ? 16 : es))
        goto done;
    hsize_t per = GUARD_BLOCK_BYTES / (es < 16 ? 16 : es) / row;
    if (per == 0)
        per = 1;
    for (hsize_t r0 = 0; r0 < dims[0]; r0 += per) {
        hsize_t start[H5S_MAX_RANK] = {0}, count[H5S_MAX_RANK];
        memcpy(count, dims, sizeof count);
        start[0] = r0;
        count[0] = dims[0] - r0 < per ? dims[0] - r0 : per;
        hsize_t n = count[0] * row;
        hid_t ms = H5Screate_simple(1, &n, NULL);
        if (ms >= 0 && H5Sselect_hyperslab(sp, H5S_SELECT_SET, start, NULL, count, NULL) >= 0)
            walk_read(w, d, 0, t, sp, ms, (size_t)n, depth);
        if (ms >= 0)
            H5Sclose(ms);
    }
done:
    if (sp >= 0)
        H5Sclose(sp);
    if (t >= 0)
        H5Tclose(t);
}

typedef struct {
    walk *w;
    int depth;
} walk_at;

static herr_t walk_link_cb(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    walk_at *at = data;
    if (info->type != H5L_TYPE_HARD)
        return 0;
    (void)H5Lexists(g, name, H5P_DEFAULT);
    hid_t o = H5Oopen(g, name, H5P_DEFAULT);
    if (o >= 0) {
        walk_object(at->w, o, at->depth + 1);
        H5Oclose(o);
    }
    return 0;
}

static herr_t walk_count_cb(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    (void)g;
    (void)name;
    (void)info;
    (void)data;
    return 0;
}

static void walk_object(walk *w, hid_t o, int depth)
{
    H5O_info_t oi;
    if (depth > GUARD_MAX_DEPTH || H5Oget_info2(o, &oi, H5O_INFO_BASIC | H5O_INFO_NUM_ATTRS) < 0 ||
        walk_mark(w, oi.addr) != 1)
        return;
    hsize_t idx = 0;
    H5Aiterate2(o, H5_INDEX_NAME, H5_ITER_INC, &idx, walk_attr_cb, w);
    if (oi.type == H5O_TYPE_GROUP) {
        H5G_info_t gi;
        (void)H5Gget_info(o, &gi);
        idx = 0;
        H5Literate(o, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, walk_count_cb, NULL);
        idx = 0;
        walk_at at = {w, depth};
        H5Literate(o, H5_INDEX_NAME, H5_ITER_INC, &idx, walk_link_cb, &at);
    } else if (oi.type == H5O_TYPE_DATASET) {
        walk_dataset(w, o, depth);
    }
}

/* The child: walk the file, then _exit(0) (never exit: no atexit handler of
 * the parent, HDF5's included, may run twice). */
static void __attribute__((noreturn)) child_walk(const char *path, double cpu_seconds, int entered_fd)
{
    /* A fault must kill the child with its signal, not run a handler the
     * parent installed (a sanitizer's or a fuzzer's). */
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU, SIGTERM, SIGINT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        signal(sigs[i], SIG_DFL);
#ifdef CTOME_GUARD_SANITIZED
    /* Under a fuzzer, a sanitizer report in the child would run the
     * fuzzer's death callback and save the input as a finding of the
     * parent's; the child's death is the finding, reported as a status. */
    __sanitizer_set_death_callback(NULL);
#endif
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 1);
        dup2(null, 2);
    }
    struct rlimit rl;
    rl.rlim_cur = (rlim_t)ceil(cpu_seconds);
    rl.rlim_max = rl.rlim_cur + 1;
    setrlimit(RLIMIT_CPU, &rl);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    /* The first HDF5 call returned, so HDF5's global lock was free in the
     * copy of the process the child got: tell the parent (ctome_h5_guard). */
    if (write(entered_fd, "e", 1) != 1)
        _exit(3);
    close(entered_fd);
    walk w = {h5_open_rdonly(path), NULL, 0, 0};
    if (w.f >= 0) {
        hid_t root = H5Oopen(w.f, "/", H5P_DEFAULT);
        if (root >= 0) {
            walk_object(&w, root, 0);
            H5Oclose(root);
        }
        H5Fclose(w.f);
    }
    _exit(0);
}

/* ---- the parent ---- */

static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static double guard_seconds = -1;
static struct {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} guard_ok[GUARD_CACHE];
static size_t guard_ok_n, guard_ok_next;

void ctome_h5_guard_set_seconds(double seconds)
{
    pthread_mutex_lock(&guard_lock);
    guard_seconds = seconds;
    pthread_mutex_unlock(&guard_lock);
}

static double base_seconds(void)
{
    if (guard_seconds >= 0)
        return guard_seconds;
    const char *e = getenv("CTOME_HDF5_CHECK_SECONDS");
    if (e && *e) {
        char *end;
        double v = strtod(e, &end);
        if (!*end && v >= 0 && v <= 1e6)
            return v;
    }
    return GUARD_BASE_SECONDS;
}

static int cache_has(const struct stat *st)
{
    for (size_t i = 0; i < guard_ok_n; i++)
        if (guard_ok[i].dev == st->st_dev && guard_ok[i].ino == st->st_ino &&
            guard_ok[i].size == st->st_size && guard_ok[i].mtime.tv_sec == st->st_mtim.tv_sec &&
            guard_ok[i].mtime.tv_nsec == st->st_mtim.tv_nsec)
            return 1;
    return 0;
}

static void cache_add(const struct stat *st)
{
    size_t i = guard_ok_next;
    guard_ok[i].dev = st->st_dev;
    guard_ok[i].ino = st->st_ino;
    guard_ok[i].size = st->st_size;
    guard_ok[i].mtime = st->st_mtim;
    guard_ok_next = (i + 1) % GUARD_CACHE;
    if (guard_ok_n < GUARD_CACHE)
        guard_ok_n++;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* fork() from inside an HDF5 call, so that the forking thread holds HDF5's
 * global lock (it is recursive): no other thread of this process can be
 * half-way through HDF5 then, and the child, whose one thread is the
 * owner, can use HDF5 after the call returns.  The call is H5Ewalk2 over a
 * one-entry error stack of our own (no file touched); the child returns
 * from it like the parent. */
typedef struct {
    pid_t pid;
    int err, done;
} fork_call;

static herr_t fork_in_walk(unsigned n, const H5E_error2_t *e, void *data)
{
    (void)n, (void)e;
    fork_call *fc = data;
    if (!fc->done) {
        fc->done = 1;
        fc->pid = fork();
        fc->err = errno;
    }
    return 0;
}

static pid_t fork_in_hdf5(void)
{
    fork_call fc = {-1, 0, 0};
    hid_t stack = H5Ecreate_stack();
    if (stack >= 0) {
        H5Epush2(stack, __FILE__, __func__, __LINE__, H5E_ERR_CLS, H5E_ARGS, H5E_BADVALUE, "fork");
        H5Ewalk2(stack, H5E_WALK_UPWARD, fork_in_walk, &fc);
        H5Eclose_stack(stack);
    }
    if (!fc.done) {   /* HDF5 could not make the stack: fork outside it */
        fc.pid = fork();
        fc.err = errno;
    }
    errno = fc.err;
    return fc.pid;
}

int ctome_h5_guard(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return CTOME_OK;   /* the caller's own open names the problem */
    h5_quiet q;
    quiet_on(&q);
    htri_t is = H5Fis_hdf5(path);
    quiet_off(&q);
    if (is <= 0)
        return CTOME_OK;
    pthread_mutex_lock(&guard_lock);
    double base = base_seconds();
    int done = base == 0 || cache_has(&st);
    pthread_mutex_unlock(&guard_lock);
    if (done)
        return CTOME_OK;
    double cpu = base + (double)st.st_size / GUARD_BYTES_PER_SECOND;
    double wall = 4 * cpu + 10;
    /* fork copies only the calling thread: had another thread of this
     * process been inside HDF5 (the report's parts run side by side), the
     * child would inherit HDF5's lock held by a thread it does not have and
     * block in its first HDF5 call for ever.  fork_in_hdf5 holds the lock
     * across the fork; a thread caught in the few instructions of taking
     * it can still leave its inner mutex held, so the child also says when
     * its first HDF5 call returned, and one that has not within `grace` is
     * killed and forked again (grace doubling), until the wall-clock limit. */
    double t0 = now_seconds(), grace = 0.25;
    int status = 0, hung = 0, entered = 0;
    for (;;) {
        int fd[2];
        if (pipe(fd) != 0)
            return ctome_error(CTOME_ELIB, path, 0, "cannot check the HDF5 file: pipe: %s", strerror(errno));
        pid_t pid = fork_in_hdf5();
        if (pid < 0) {
            int e = errno;
            close(fd[0]);
            close(fd[1]);
            return ctome_error(CTOME_ELIB, path, 0, "cannot check the HDF5 file: fork: %s", strerror(e));
        }
        if (pid == 0) {
            close(fd[0]);
            child_walk(path, cpu, fd[1]);
        }
        close(fd[1]);
        fcntl(fd[0], F_SETFL, fcntl(fd[0], F_GETFL) | O_NONBLOCK);
        double ta = now_seconds();
        long nap = 1000000;   /* ns, doubling to 50 ms */
        int retry = 0, werr = 0;
        for (;;) {
            pid_t r = waitpid(pid, &status, WNOHANG);
            if (r == pid)
                break;
            if (r < 0 && errno != EINTR) {
                werr = errno;
                break;
            }
            char c;
            if (!entered && read(fd[0], &c, 1) == 1)
                entered = 1;
            double now = now_seconds();
            if (now - t0 > wall || (!entered && now - ta > grace)) {
                kill(pid, SIGKILL);
                while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                    ;
                retry = !entered && now - t0 <= wall;
                hung = !retry;
                break;
            }
            struct timespec ts = {0, nap};
            nanosleep(&ts, NULL);
            if (nap < 50000000)
                nap *= 2;
        }
        close(fd[0]);
        if (werr)
            return ctome_error(CTOME_ELIB, path, 0, "cannot check the HDF5 file: waitpid: %s", strerror(werr));
        if (!retry)
            break;
        grace *= 2;
    }
    if (hung && !entered)
        return ctome_error(CTOME_ELIB, path, 0,
                           "cannot check the HDF5 file: the HDF5 library stayed busy in another thread "
                           "of this process for %.0f s", wall);
    if (hung || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU))
        return ctome_error(CTOME_EFORMAT, path, 0,
                           "damaged HDF5 file (the HDF5 library hung reading it: no end after %.0f s "
                           "of %s time; CTOME_HDF5_CHECK_SECONDS raises the limit)",
                           hung ? wall : ceil(cpu), hung ? "wall-clock" : "CPU");
    if (WIFSIGNALED(status))
        return ctome_error(CTOME_EFORMAT, path, 0,
                           "damaged HDF5 file (the HDF5 library crashed reading it: %s)",
                           strsignal(WTERMSIG(status)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return ctome_error(CTOME_EFORMAT, path, 0,
                           "damaged HDF5 file (the HDF5 library crashed reading it: exit status %d)",
                           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    pthread_mutex_lock(&guard_lock);
    cache_add(&st);
    pthread_mutex_unlock(&guard_lock);
    return CTOME_OK;
}
