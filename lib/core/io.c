#define _GNU_SOURCE
#include "io.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

char *ctome_strdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        ctome_error_nomem();
    return d;
}

char *ctome_path_join(const char *dir, const char *rel)
{
    size_t a = strlen(dir), b = strlen(rel);
    char *p = malloc(a + b + 2);
    if (!p) {
        ctome_error_nomem();
        return NULL;
    }
    memcpy(p, dir, a);
    size_t k = a;
    if (a && dir[a - 1] != '/')
        p[k++] = '/';
    memcpy(p + k, rel, b + 1);
    return p;
}

int ctome_file_check(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return ctome_error(CTOME_EIO, path, 0, "cannot open: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return ctome_error(CTOME_EIO, path, 0, "is a directory, not a file");
    if (!S_ISREG(st.st_mode))
        return ctome_error(CTOME_EIO, path, 0, "not a regular file");
    if (access(path, R_OK) != 0)
        return ctome_error(CTOME_EIO, path, 0, "cannot read: %s", strerror(errno));
    return CTOME_OK;
}

/* Open a regular, readable file for reading (errors as ctome_file_check,
 * CTOME_EIO naming the cause if fopen fails). */
static int open_regular(const char *path, FILE **fp)
{
    int rc = ctome_file_check(path);
    if (rc)
        return rc;
    if (!(*fp = fopen(path, "rb")))
        return ctome_error(CTOME_EIO, path, 0, "cannot open: %s", strerror(errno));
    return CTOME_OK;
}

int ctome_file_head(const char *path, void *buf, size_t max, size_t *got)
{
    *got = 0;
    FILE *fp;
    int rc = open_regular(path, &fp);
    if (rc)
        return rc;
    *got = fread(buf, 1, max, fp);
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return ctome_error(CTOME_EIO, path, 0, "read error");
    return CTOME_OK;
}

int ctome_file_head_inflated(const char *path, void *buf, size_t max, size_t *got, int *gzip)
{
    *gzip = 0;
    int rc = ctome_file_head(path, buf, max, got);
    if (rc || *got < 2 || ((unsigned char *)buf)[0] != 0x1f || ((unsigned char *)buf)[1] != 0x8b)
        return rc;
    *gzip = 1;
    *got = 0;
    gzFile z = gzopen(path, "rb");
    if (!z)
        return ctome_error(CTOME_EIO, path, 0, "cannot open: %s", strerror(errno));
    int n = gzread(z, buf, (unsigned)(max > INT32_MAX ? INT32_MAX : max));
    int zerr = Z_OK;
    const char *msg = gzerror(z, &zerr);
    if (n < 0 || (n == 0 && zerr != Z_OK)) {
        size_t pl = strlen(path);   /* zlib's message repeats the path */
        if (msg && strncmp(msg, path, pl) == 0 && strncmp(msg + pl, ": ", 2) == 0)
            msg += pl + 2;
        rc = ctome_error(CTOME_EFORMAT, path, 0, "damaged gzip file: %s", msg && *msg ? msg : "no data");
        gzclose_r(z);
        return rc;
    }
    gzclose_r(z);
    *got = (size_t)n;
    return CTOME_OK;
}

int ctome_file_read(const char *path, char **buf, size_t *len)
{
    *buf = NULL;
    if (len)
        *len = 0;
    FILE *fp;
    int rc = open_regular(path, &fp);
    if (rc)
        return rc;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    if (!b) {
        fclose(fp);
        return ctome_error_nomem();
    }
    for (;;) {
        size_t got = fread(b + n, 1, cap - n, fp);
        n += got;
        if (n < cap)
            break;
        char *nb = realloc(b, 2 * cap + 1);
        if (!nb) {
            free(b);
            fclose(fp);
            return ctome_error_nomem();
        }
        b = nb;
        cap *= 2;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(b);
        return ctome_error(CTOME_EIO, path, 0, "read error");
    }
    if (n == 0) {
        free(b);
        return ctome_error(CTOME_EFORMAT, path, 0, "empty file");
    }
    b[n] = '\0';
    *buf = b;
    if (len)
        *len = n;
    return CTOME_OK;
}

int ctome_output_stream(const char *path)
{
    if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0 || strcmp(path, "/dev/fd/1") == 0 ||
        strcmp(path, "/proc/self/fd/1") == 0)
        return 1;
    /* These are links into /proc whose targets are not paths to replace
     * ("pipe:[123]", or the file the shell opened for us). */
    if (strncmp(path, "/dev/fd/", 8) == 0 || strncmp(path, "/dev/std", 8) == 0 ||
        (strncmp(path, "/proc/", 6) == 0 && strstr(path, "/fd/")))
        return 2;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return 2;
    return 0;
}

int ctome_output_resolve(const char *path, char **target)
{
    *target = NULL;
    char *cur = ctome_strdup(path);
    if (!cur)
        return CTOME_ENOMEM;
    for (int hops = 0;; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            break;
        char link[4096];
        ssize_t n = hops < 40 ? readlink(cur, link, sizeof link - 1) : -1;
        if (n < 0) {
            int e = hops < 40 ? errno : ELOOP;
            free(cur);
            return ctome_error(CTOME_EIO, path, 0, "cannot follow the symbolic link: %s", strerror(e));
        }
        link[n] = '\0';
        char *next;
        const char *slash = strrchr(cur, '/');
        if (link[0] == '/' || !slash) {
            next = ctome_strdup(link);
        } else {
            cur[slash - cur + 1] = '\0';   /* the link's folder, with its slash */
            next = ctome_path_join(cur, link);
        }
        free(cur);
        if (!next)
            return CTOME_ENOMEM;
        cur = next;
    }
    *target = cur;
    return CTOME_OK;
}

static int outfile_stream(ctome_outfile *out, const char *path, int kind)
{
    out->stream = kind;
    out->path = ctome_strdup(kind == 1 ? "standard output" : path);
    if (!out->path)
        return CTOME_ENOMEM;
    out->fp = kind == 1 ? stdout : fopen(path, "wb");
    if (!out->fp) {
        int e = errno;
        free(out->path);
        memset(out, 0, sizeof *out);
        return ctome_error(CTOME_EIO, path, 0, "cannot write: %s", strerror(e));
    }
    return CTOME_OK;
}

static int outfile_make_tmp(ctome_outfile *out, const char *path, int reserve)
{
    memset(out, 0, sizeof *out);
    int kind = ctome_output_stream(path);
    if (kind && reserve)
        return ctome_error(CTOME_EIO, path, 0,
                           "this file is written by name and cannot go to standard output, a pipe or a "
                           "device: give a file name");
    if (kind)
        return outfile_stream(out, path, kind);
    int rc = ctome_output_resolve(path, &out->path);
    if (rc)
        return rc;
    struct stat st;
    if (stat(out->path, &st) == 0 && S_ISDIR(st.st_mode)) {
        free(out->path);
        out->path = NULL;
        return ctome_error(CTOME_EIO, path, 0, "is a directory, cannot write a file there");
    }
    size_t n = strlen(out->path) + 16;
    out->tmp = malloc(n);
    if (!out->tmp) {
        free(out->path);
        out->path = NULL;
        return ctome_error_nomem();
    }
    snprintf(out->tmp, n, "%s.tmpXXXXXX", out->path);
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        int e = errno;
        free(out->path);
        free(out->tmp);
        out->path = out->tmp = NULL;
        return ctome_error(CTOME_EIO, path, 0, "cannot write: %s", strerror(e));
    }
    ctome_tmp_register(out->tmp, 0);
    /* mkstemp creates 0600; give the result the usual umask-based mode. */
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
    out->fp = fdopen(fd, "wb");
    if (!out->fp) {
        close(fd);
        ctome_outfile_abort(out);
        return ctome_error(CTOME_EIO, path, 0, "cannot write");
    }
    return CTOME_OK;
}

int ctome_outfile_open(ctome_outfile *out, const char *path)
{
    return outfile_make_tmp(out, path, 0);
}

int ctome_outfile_reserve(ctome_outfile *out, const char *path)
{
    int rc = outfile_make_tmp(out, path, 1);
    if (rc)
        return rc;
    fclose(out->fp);
    out->fp = NULL;
    return CTOME_OK;
}

/* Flush the folder holding `path`, so that a rename in it survives a crash.
 * File systems that cannot sync a folder (EINVAL) have nothing to flush. */
static int sync_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
    if (!dir)
        return ctome_error_nomem();
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = CTOME_OK;
    if (fd >= 0) {
        if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
            rc = ctome_error(CTOME_EIO, path, 0, "cannot sync its folder: %s", strerror(errno));
        close(fd);
    }
    free(dir);
    return rc;
}

static int commit_stream(ctome_outfile *out)
{
    errno = 0;
    int bad = fflush(out->fp) != 0 || ferror(out->fp);
    int e = errno;
    if (out->stream == 2 && fclose(out->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    int rc = bad ? ctome_error(CTOME_EIO, out->path, 0, "write failed: %s", e ? strerror(e) : "I/O error")
                 : CTOME_OK;
    free(out->path);
    memset(out, 0, sizeof *out);
    return rc;
}

int ctome_outfile_commit(ctome_outfile *out)
{
    if (out->stream)
        return commit_stream(out);
    int bad = 0, e = 0;
    errno = 0;
    if (out->fp) {
        if (fflush(out->fp) != 0 || ferror(out->fp) || fsync(fileno(out->fp)) != 0)
            bad = 1, e = errno;
        if (fclose(out->fp) != 0 && !bad)
            bad = 1, e = errno;
        out->fp = NULL;
    } else {
        /* reserved: the library wrote and closed it by name */
        int fd = open(out->tmp, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fsync(fd) != 0)
            bad = 1, e = errno;
        if (fd >= 0)
            close(fd);
    }
    if (bad) {
        int rc = ctome_error(CTOME_EIO, out->path, 0, "write failed: %s", e ? strerror(e) : "I/O error");
        ctome_outfile_abort(out);
        return rc;
    }
    if (rename(out->tmp, out->path) != 0) {
        int rc = ctome_error(CTOME_EIO, out->path, 0, "cannot rename into place: %s", strerror(errno));
        ctome_outfile_abort(out);
        return rc;
    }
    ctome_tmp_unregister(out->tmp);
    int rc = sync_folder(out->path);
    free(out->tmp);
    free(out->path);
    out->tmp = out->path = NULL;
    return rc;
}

void ctome_outfile_abort(ctome_outfile *out)
{
    if (out->stream) {
        if (out->stream == 2)
            fclose(out->fp);
        else
            fflush(out->fp);
        free(out->path);
        memset(out, 0, sizeof *out);
        return;
    }
    if (out->fp)
        fclose(out->fp);
    out->fp = NULL;
    if (out->tmp) {
        unlink(out->tmp);
        ctome_tmp_unregister(out->tmp);
    }
    free(out->tmp);
    free(out->path);
    out->tmp = out->path = NULL;
}

/* ---- SHA-256 (FIPS 180-4), recorded as source_sha256 in the store ---- */

typedef struct {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t nbuf;
} sha256_ctx;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256_ctx *c, const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
    uint32_t e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
        h = g; g = f; f = e; e = d + t1;
        d = cc; cc = b; b = a; a = t1 + t2;
    }
    c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d;
    c->h[4] += e; c->h[5] += f; c->h[6] += g; c->h[7] += h;
}

static void sha256_init(sha256_ctx *c)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, h0, sizeof h0);
    c->len = 0;
    c->nbuf = 0;
}

static void sha256_update(sha256_ctx *c, const unsigned char *p, size_t n)
{
    c->len += n;
    while (n) {
        size_t k = 64 - c->nbuf;
        if (k > n)
            k = n;
        memcpy(c->buf + c->nbuf, p, k);
        c->nbuf += k;
        p += k;
        n -= k;
        if (c->nbuf == 64) {
            sha256_block(c, c->buf);
            c->nbuf = 0;
        }
    }
}

static void sha256_final(sha256_ctx *c, char hex[65])
{
    uint64_t bits = c->len * 8;
    unsigned char pad = 0x80, zero = 0, lenb[8];
    sha256_update(c, &pad, 1);
    while (c->nbuf != 56)
        sha256_update(c, &zero, 1);
    for (int i = 0; i < 8; i++)
        lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_update(c, lenb, 8);
    for (int i = 0; i < 8; i++)
        snprintf(hex + 8 * i, 9, "%08x", c->h[i]);
}

void ctome_sha256(const void *data, size_t len, char hex[65])
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, data, len);
    sha256_final(&c, hex);
}

int ctome_sha256_file(const char *path, char hex[65])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return ctome_error(CTOME_EIO, path, 0, "cannot open: %s", strerror(errno));
    sha256_ctx c;
    sha256_init(&c);
    unsigned char b[65536];
    size_t n;
    while ((n = fread(b, 1, sizeof b, fp)) > 0)
        sha256_update(&c, b, n);
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return ctome_error(CTOME_EIO, path, 0, "read error");
    sha256_final(&c, hex);
    return CTOME_OK;
}
