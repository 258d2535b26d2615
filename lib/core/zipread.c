/* zipread.c — zip members through zlib (see zipread.h).
 *
 * Record layouts are PKWARE's APPNOTE.TXT 6.3.x: §4.3.7 local file header
 * (30 bytes + name + extra), §4.3.12 central directory header (46 bytes +
 * name + extra + comment), §4.3.16 end of central directory (22 bytes +
 * comment), §4.3.15 ZIP64 end of central directory locator (20 bytes, right
 * before the EOCD record), §4.5.3 ZIP64 extra field (id 0x0001).  All fields
 * are little-endian.
 */
#include "zipread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include <zlib.h>

#include "error.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_Z64_LOCATOR 0x07064b50u
#define EOCD_LEN 22u
#define CENTRAL_LEN 46u
#define LOCAL_LEN 30u
#define MAX_COMMENT 65535u
#define IN_CHUNK 65536u

typedef struct {
    char *name;
    uint16_t flags, method;
    uint32_t crc, csize, usize, offset;
} entry;

struct ctome_zip {
    char *path;
    FILE *f;
    uint64_t cd_offset;     /* member data must end before the central directory */
    size_t n;
    entry *e;
};

struct ctome_zip_member {
    ctome_zip *z;
    const entry *e;
    uint64_t pos;           /* next compressed byte to read (file offset) */
    uint32_t in_left;       /* compressed bytes not yet read from the file */
    uint64_t out;           /* bytes handed to the caller */
    uint32_t crc;
    int inflating, ended;
    z_stream zs;
    unsigned char *in;
};

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static int read_at(ctome_zip *z, uint64_t off, void *buf, size_t len)
{
    if (fseeko(z->f, (off_t)off, SEEK_SET) != 0 || fread(buf, 1, len, z->f) != len)
        return ctome_error(CTOME_EIO, z->path, 0, "cannot read %zu bytes at offset %llu", len,
                           (unsigned long long)off);
    return CTOME_OK;
}

static int broken(const ctome_zip *z, const char *why)
{
    return ctome_error(CTOME_EFORMAT, z->path, 0, "broken zip archive: %s", why);
}

/* Find the end-of-central-directory record in the last 22 + 65,535 bytes:
 * the last signature whose comment length reaches no further than the file. */
static int find_eocd(ctome_zip *z, uint64_t fsize, unsigned char rec[EOCD_LEN], uint64_t *at)
{
    if (fsize < EOCD_LEN)
        return broken(z, "shorter than an end-of-central-directory record (22 bytes)");
    size_t tail = fsize < EOCD_LEN + MAX_COMMENT ? (size_t)fsize : EOCD_LEN + MAX_COMMENT;
    unsigned char *buf = malloc(tail);
    if (!buf)
        return ctome_error_nomem();
    int rc = read_at(z, fsize - tail, buf, tail);
    for (size_t i = tail - EOCD_LEN + 1; !rc && i-- > 0;) {
        if (rd32(buf + i) == SIG_EOCD && i + EOCD_LEN + rd16(buf + i + 20) <= tail) {
            memcpy(rec, buf + i, EOCD_LEN);
            *at = fsize - tail + i;
            /* The ZIP64 locator, when present, sits right before the record. */
            if (i >= 20 && rd32(buf + i - 20) == SIG_Z64_LOCATOR)
                rc = broken(z, "ZIP64 archives are not supported (ZIP64 end-of-central-"
                               "directory locator found)");
            free(buf);
            return rc;
        }
    }
    free(buf);
    return rc ? rc
              : broken(z, "no end-of-central-directory record (not a zip file, or cut short)");
}

/* A ZIP64 extra field (id 0x0001) in [x, x + len)?  Malformed extra blocks
 * are ignored: APPNOTE leaves their interpretation to the reader. */
static int has_zip64_extra(const unsigned char *x, size_t len)
{
    while (len >= 4) {
        uint16_t id = rd16(x), sz = rd16(x + 2);
        if (id == 0x0001)
            return 1;
        if ((size_t)sz + 4 > len)
            return 0;
        x += 4 + (size_t)sz;
        len -= 4 + (size_t)sz;
    }
    return 0;
}

static int parse_directory(ctome_zip *z, const unsigned char *cd, size_t cd_len, size_t count)
{
    size_t p = 0;
    for (size_t i = 0; i < count; i++) {
        if (cd_len - p < CENTRAL_LEN || rd32(cd + p) != SIG_CENTRAL) {
            char why[128];
            snprintf(why, sizeof why, "central directory entry %zu of %zu is missing or damaged",
                     i + 1, count);
            return broken(z, why);
        }
        const unsigned char *h = cd + p;
        size_t nlen = rd16(h + 28), xlen = rd16(h + 30), clen = rd16(h + 32);
        if (cd_len - p - CENTRAL_LEN < nlen + xlen + clen) {
            char why[128];
            snprintf(why, sizeof why, "central directory entry %zu runs past the directory", i + 1);
            return broken(z, why);
        }
        entry *e = &z->e[i];
        if (!(e->name = malloc(nlen + 1)))
            return ctome_error_nomem();
        memcpy(e->name, h + CENTRAL_LEN, nlen);
        e->name[nlen] = '\0';
        z->n = i + 1;       /* e->name is owned from here on */
        if (memchr(e->name, '\0', nlen))
            return broken(z, "a member name contains a NUL byte");
        e->flags = rd16(h + 8);
        e->method = rd16(h + 10);
        e->crc = rd32(h + 16);
        e->csize = rd32(h + 20);
        e->usize = rd32(h + 24);
        e->offset = rd32(h + 42);
        uint16_t disk = rd16(h + 34);
        if (e->csize == 0xFFFFFFFFu || e->usize == 0xFFFFFFFFu || e->offset == 0xFFFFFFFFu ||
            disk == 0xFFFFu || has_zip64_extra(h + CENTRAL_LEN + nlen, xlen))
            return ctome_error(CTOME_EFORMAT, z->path, 0,
                               "zip member '%s': ZIP64 members are not supported", e->name);
        if (disk != 0)
            return ctome_error(CTOME_EFORMAT, z->path, 0,
                               "zip member '%s': starts on disk %u; multi-disk (split) "
                               "archives are not supported", e->name, (unsigned)disk);
        /* Header and data must lie before the central directory. */
        if ((uint64_t)e->offset + LOCAL_LEN + e->csize > z->cd_offset)
            return ctome_error(CTOME_EFORMAT, z->path, 0,
                               "zip member '%s': data at offset %lu (%lu bytes) run past the "
                               "central directory at %llu (damaged or cut short)",
                               e->name, (unsigned long)e->offset, (unsigned long)e->csize,
                               (unsigned long long)z->cd_offset);
        p += CENTRAL_LEN + nlen + xlen + clen;
    }
    return CTOME_OK;
}

int ctome_zip_open(const char *path, ctome_zip **out)
{
    *out = NULL;
    ctome_zip *z = calloc(1, sizeof *z);
    if (!z || !(z->path = strdup(path))) {
        free(z);
        return ctome_error_nomem();
    }
    int rc = CTOME_OK;
    unsigned char *cd = NULL;
    if (!(z->f = fopen(path, "rb"))) {
        rc = ctome_error(CTOME_EIO, path, 0, "cannot open");
        goto done;
    }
    off_t end;
    if (fseeko(z->f, 0, SEEK_END) != 0 || (end = ftello(z->f)) < 0) {
        rc = ctome_error(CTOME_EIO, path, 0, "cannot seek (not a regular file?)");
        goto done;
    }
    uint64_t fsize = (uint64_t)end, at = 0;
    unsigned char rec[EOCD_LEN] = {0};
    if ((rc = find_eocd(z, fsize, rec, &at)))
        goto done;
    uint16_t disk = rd16(rec + 4), cd_disk = rd16(rec + 6);
    uint16_t on_disk = rd16(rec + 8), count = rd16(rec + 10);
    uint32_t cd_size = rd32(rec + 12), cd_off = rd32(rec + 16);
    if (count == 0xFFFFu || on_disk == 0xFFFFu || cd_size == 0xFFFFFFFFu ||
        cd_off == 0xFFFFFFFFu || disk == 0xFFFFu || cd_disk == 0xFFFFu) {
        rc = broken(z, "ZIP64 archives are not supported (end-of-central-directory fields set "
                       "to their ZIP64 markers)");
        goto done;
    }
    if (disk != 0 || cd_disk != 0 || on_disk != count) {
        rc = broken(z, "multi-disk (split) archives are not supported");
        goto done;
    }
    /* The directory lies between its offset and the EOCD record; each entry
     * takes at least 46 bytes.  Both checked before anything is allocated. */
    if ((uint64_t)cd_off + cd_size > at) {
        rc = broken(z, "the central directory runs past the end-of-central-directory record "
                       "(damaged or cut short)");
        goto done;
    }
    if ((uint64_t)count * CENTRAL_LEN > cd_size) {
        rc = broken(z, "the central directory is too small for the number of members it "
                       "declares");
        goto done;
    }
    z->cd_offset = cd_off;
    if (!(z->e = calloc(count ? count : 1, sizeof *z->e)) || !(cd = malloc(cd_size ? cd_size : 1))) {
        rc = ctome_error_nomem();
        goto done;
    }
    if ((rc = read_at(z, cd_off, cd, cd_size)))
        goto done;
    rc = parse_directory(z, cd, cd_size, count);
done:
    free(cd);
    if (rc)
        ctome_zip_close(z);
    else
        *out = z;
    return rc;
}

void ctome_zip_close(ctome_zip *z)
{
    if (!z)
        return;
    for (size_t i = 0; i < z->n; i++)
        free(z->e[i].name);
    free(z->e);
    if (z->f)
        fclose(z->f);
    free(z->path);
    free(z);
}

size_t ctome_zip_count(const ctome_zip *z)
{
    return z->n;
}

const char *ctome_zip_name(const ctome_zip *z, size_t i)
{
    return i < z->n ? z->e[i].name : NULL;
}

uint32_t ctome_zip_size(const ctome_zip *z, size_t i)
{
    return i < z->n ? z->e[i].usize : 0;
}

int ctome_zip_locate(const ctome_zip *z, const char *name, size_t *index)
{
    for (size_t i = 0; i < z->n; i++)
        if (strcmp(z->e[i].name, name) == 0) {
            *index = i;
            return 0;
        }
    for (size_t i = 0; i < z->n; i++)
        if (strcasecmp(z->e[i].name, name) == 0) {
            *index = i;
            return 0;
        }
    return -1;
}

static int member_error(const ctome_zip_member *m, const char *why)
{
    return ctome_error(CTOME_EFORMAT, m->z->path, 0, "zip member '%s': %s", m->e->name, why);
}

int ctome_zip_member_open(ctome_zip *z, size_t i, ctome_zip_member **out)
{
    *out = NULL;
    if (i >= z->n)
        return ctome_error(CTOME_EINVAL, z->path, 0, "zip member %zu does not exist", i);
    const entry *e = &z->e[i];
    if ((e->flags & 0x41u) || e->method == 99)
        return ctome_error(CTOME_EFORMAT, z->path, 0,
                           "zip member '%s' is encrypted; encrypted archives are not supported",
                           e->name);
    if (e->method != 0 && e->method != 8)
        return ctome_error(CTOME_EFORMAT, z->path, 0,
                           "zip member '%s' uses compression method %u (only 0, stored, and "
                           "8, deflate, are supported)", e->name, (unsigned)e->method);
    if (e->usize > CTOME_ZIP_MAX_MEMBER)
        return ctome_error(CTOME_EFORMAT, z->path, 0,
                           "zip member '%s' declares %lu bytes inflated, above the limit of "
                           "%u (1 GiB)", e->name, (unsigned long)e->usize, CTOME_ZIP_MAX_MEMBER);
    /* Deflate cannot expand more than 1032:1 (zlib's "technical details"), so
     * a larger declared size is a damaged entry, refused before reading. */
    if (e->method == 8 && (uint64_t)e->usize > (uint64_t)e->csize * 1032u)
        return ctome_error(CTOME_EFORMAT, z->path, 0,
                           "zip member '%s' declares %lu bytes inflated from %lu compressed, "
                           "beyond deflate's 1032:1 limit (damaged archive)", e->name,
                           (unsigned long)e->usize, (unsigned long)e->csize);
    if (e->method == 0 && e->csize != e->usize)
        return ctome_error(CTOME_EFORMAT, z->path, 0,
                           "zip member '%s' is stored but declares %lu bytes stored and %lu "
                           "bytes of content", e->name, (unsigned long)e->csize,
                           (unsigned long)e->usize);
    unsigned char h[LOCAL_LEN];
    int rc = read_at(z, e->offset, h, LOCAL_LEN);
    if (rc)
        return rc;
    size_t nlen = rd16(h + 26), xlen = rd16(h + 28);
    uint64_t data = (uint64_t)e->offset + LOCAL_LEN + nlen + xlen;
    if (rd32(h) != SIG_LOCAL || rd16(h + 8) != e->method || nlen != strlen(e->name))
        return ctome_error(CTOME_EFORMAT, z->path, 0,
                           "zip member '%s': its local header does not match the central "
                           "directory (damaged archive)", e->name);
    if (data + e->csize > z->cd_offset)
        return ctome_error(CTOME_EFORMAT, z->path, 0,
                           "zip member '%s': its data run past the central directory (damaged "
                           "or cut short)", e->name);
    char name[256];
    size_t chk = nlen < sizeof name ? nlen : sizeof name;
    if ((rc = read_at(z, e->offset + LOCAL_LEN, name, chk)))
        return rc;
    if (memcmp(name, e->name, chk) != 0)
        return ctome_error(CTOME_EFORMAT, z->path, 0,
                           "zip member '%s': its local header names another file (damaged "
                           "archive)", e->name);

    ctome_zip_member *m = calloc(1, sizeof *m);
    if (!m)
        return ctome_error_nomem();
    m->z = z;
    m->e = e;
    m->pos = data;
    m->in_left = e->csize;
    m->crc = (uint32_t)crc32(0L, Z_NULL, 0);
    if (e->method == 8) {
        if (!(m->in = malloc(IN_CHUNK))) {
            free(m);
            return ctome_error_nomem();
        }
        /* Negative window bits: a raw deflate stream, no zlib header. */
        if (inflateInit2(&m->zs, -MAX_WBITS) != Z_OK) {
            free(m->in);
            free(m);
            return ctome_error(CTOME_ELIB, z->path, 0, "zlib inflateInit2 failed");
        }
        m->inflating = 1;
    }
    *out = m;
    return CTOME_OK;
}

/* Fill the input buffer with the next compressed bytes. */
static int refill(ctome_zip_member *m)
{
    size_t len = m->in_left < IN_CHUNK ? m->in_left : IN_CHUNK;
    int rc = read_at(m->z, m->pos, m->in, len);
    if (rc)
        return rc;
    m->pos += len;
    m->in_left -= (uint32_t)len;
    m->zs.next_in = m->in;
    m->zs.avail_in = (uInt)len;
    return CTOME_OK;
}

/* At the end: the sizes and CRC-32 of the central directory must match. */
static int finish(ctome_zip_member *m)
{
    char why[160];
    if (m->out != m->e->usize) {
        snprintf(why, sizeof why, "%llu bytes of content where the directory declares %lu "
                 "(damaged archive)", (unsigned long long)m->out, (unsigned long)m->e->usize);
        return member_error(m, why);
    }
    if (m->inflating && (m->in_left != 0 || m->zs.avail_in != 0))
        return member_error(m, "the deflate stream ends before its declared compressed size "
                               "(damaged archive)");
    if (m->crc != m->e->crc) {
        snprintf(why, sizeof why, "CRC-32 mismatch (directory %08lx, content %08lx): the "
                 "archive is damaged", (unsigned long)m->e->crc, (unsigned long)m->crc);
        return member_error(m, why);
    }
    m->ended = 1;
    return CTOME_OK;
}

int ctome_zip_member_read(ctome_zip_member *m, void *buf, size_t cap, size_t *got)
{
    *got = 0;
    if (m->ended || cap == 0)
        return CTOME_OK;
    if (cap > IN_CHUNK)
        cap = IN_CHUNK;     /* keeps the zlib and crc32 counts within uInt */
    if (!m->inflating) {
        size_t len = m->in_left < cap ? m->in_left : cap;
        if (len == 0)
            return finish(m);
        int rc = read_at(m->z, m->pos, buf, len);
        if (rc)
            return rc;
        m->pos += len;
        m->in_left -= (uint32_t)len;
        m->out += len;
        m->crc = (uint32_t)crc32(m->crc, buf, (uInt)len);
        *got = len;
        return CTOME_OK;
    }
    m->zs.next_out = buf;
    m->zs.avail_out = (uInt)cap;
    while (m->zs.avail_out == cap) {
        if (m->zs.avail_in == 0 && m->in_left > 0) {
            int rc = refill(m);
            if (rc)
                return rc;
        }
        int zr = inflate(&m->zs, Z_NO_FLUSH);
        size_t n = cap - m->zs.avail_out;
        if (zr == Z_STREAM_END || zr == Z_OK || (zr == Z_BUF_ERROR && n > 0)) {
            m->out += n;
            if (m->out > m->e->usize) {
                char why[160];
                snprintf(why, sizeof why, "inflates to more than the %lu bytes the directory "
                         "declares (damaged archive)", (unsigned long)m->e->usize);
                return member_error(m, why);
            }
            m->crc = (uint32_t)crc32(m->crc, buf, (uInt)n);
            *got = n;
            if (zr == Z_STREAM_END && n == 0)
                return finish(m);
            if (n > 0)
                return CTOME_OK;   /* after a stream end, the next call finishes */
            continue;
        }
        if (zr == Z_BUF_ERROR)      /* no progress: input used up */
            return member_error(m, "the deflate stream is cut short (truncated archive)");
        char why[160];
        snprintf(why, sizeof why, "corrupt deflate data (%s)", m->zs.msg ? m->zs.msg : "zlib");
        return member_error(m, why);
    }
    return CTOME_OK;
}

void ctome_zip_member_close(ctome_zip_member *m)
{
    if (!m)
        return;
    if (m->e->method == 8)
        inflateEnd(&m->zs);
    free(m->in);
    free(m);
}

int ctome_zip_read(ctome_zip *z, const char *name, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    size_t i;
    if (ctome_zip_locate(z, name, &i) != 0)
        return ctome_error(CTOME_ENOTFOUND, z->path, 0, "zip member '%s' is missing", name);
    ctome_zip_member *m;
    int rc = ctome_zip_member_open(z, i, &m);
    if (rc)
        return rc;
    /* The buffer grows with what the member actually yields (never past its
     * declared size, where reading stops with an error), so a directory entry
     * that lies about its size costs no more memory than the content. */
    size_t want = (size_t)z->e[i].usize, cap = want < IN_CHUNK ? want : IN_CHUNK;
    char *b = malloc(cap + 1);
    size_t have = 0, got = 0;
    if (!b)
        rc = ctome_error_nomem();
    while (!rc) {
        if (have == cap && cap < want) {
            size_t ncap = cap > want / 2 ? want : 2 * cap;
            char *nb = realloc(b, ncap + 1);
            if (!nb) {
                rc = ctome_error_nomem();
                break;
            }
            b = nb;
            cap = ncap;
        }
        /* at the declared size, one more read must end the member (or fail) */
        char spill[1];
        char *dst = have < cap ? b + have : spill;
        if ((rc = ctome_zip_member_read(m, dst, have < cap ? cap - have : sizeof spill, &got)) ||
            got == 0)
            break;
        have += got;
    }
    ctome_zip_member_close(m);
    if (rc) {
        free(b);
        return rc;
    }
    b[have] = '\0';
    *buf = b;
    *len = have;
    return CTOME_OK;
}
