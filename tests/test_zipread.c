/* test_zipread.c — the zip reader under the .xlsx workbooks (lib/core/zipread.c).
 *
 * The archives in tests/fixtures/zip/ were written by Debian's Info-ZIP zip 3.0
 * and Python's zipfile (tests/fixtures/zip/make.sh), not by ctome, and their
 * members are known text: "hello, stored\n" (14 bytes, CRC-32 8f15ab63 as
 * `unzip -v` lists it), 200 lines "line N of a deflated member\n" (5892 bytes,
 * CRC-32 72829bf8) and "Case\n".  Damaged archives are made here from those
 * bytes, one field at a time, at offsets read from the archive itself; each
 * failure is checked by its message (member named, the reason), not only by
 * its status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome.h"
#include "testutil.h"
#include "zipread.h"

static char *tmp;

static int setup(void **state)
{
    (void)state;
    ctome_init();
    tmp = tu_mkdtemp("zipread");
    return tmp ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return tu_rmtree(tmp);
}

static const char *fixture(const char *name)
{
    static char buf[4096], dir[4000];
    tu_path(dir, sizeof dir, tu_tests_dir(), "fixtures/zip");
    return tu_path(buf, sizeof buf, dir, name);
}

/* The 5892-byte text of deflated.txt. */
static char *deflated_text(void)
{
    char *s = malloc(8192);
    size_t n = 0;
    for (int i = 1; i <= 200; i++)
        n += (size_t)sprintf(s + n, "line %d of a deflated member\n", i);
    assert_int_equal(n, 5892);
    return s;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Offset of the central-directory header of member `name`. */
static size_t central_of(const unsigned char *b, size_t n, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i + 46 + nl <= n; i++)
        if (le32(b + i) == 0x02014b50u && (size_t)(b[i + 28] | (b[i + 29] << 8)) == nl &&
            memcmp(b + i + 46, name, nl) == 0)
            return i;
    fail_msg("no central entry for %s", name);
    return 0;
}

/* Offset of the end-of-central-directory record (the fixtures hold one). */
static size_t eocd_of(const unsigned char *b, size_t n)
{
    for (size_t i = n - 22 + 1; i-- > 0;)
        if (le32(b + i) == 0x06054b50u)
            return i;
    fail_msg("no end record");
    return 0;
}

/* Write bytes to a scratch archive and return its path. */
static const char *scratch(const void *b, size_t n)
{
    const char *p = tu_tmp_path(tmp, "damaged.zip");
    tu_write(p, b, n);
    return p;
}

/* Read member `name` of `path` whole; expect status `code` and, for a failure,
 * a message holding `path` (when want_path) and `needle`. */
static void read_fails(const char *path, const char *name, int code, const char *needle)
{
    ctome_zip *z;
    int rc = ctome_zip_open(path, &z);
    if (rc == CTOME_OK) {
        char *buf;
        size_t len;
        rc = ctome_zip_read(z, name, &buf, &len);
        ctome_zip_close(z);
        if (rc == CTOME_OK)
            free(buf);
    }
    const char *msg = ctome_error_message();
    if (rc != code || !strstr(msg, needle) || !strstr(msg, path))
        fail_msg("status %d (want %d), message '%s' (want '%s' and the path)", rc, code, msg,
                 needle);
}

static void reads_other_writers(void **state)
{
    (void)state;
    char *want = deflated_text();
    ctome_zip *z;
    assert_int_equal(ctome_zip_open(fixture("mixed.zip"), &z), CTOME_OK);
    assert_int_equal(ctome_zip_count(z), 3);
    assert_string_equal(ctome_zip_name(z, 0), "stored.txt");
    assert_string_equal(ctome_zip_name(z, 1), "deflated.txt");
    assert_int_equal(ctome_zip_size(z, 1), 5892);
    char *buf;
    size_t len;
    assert_int_equal(ctome_zip_read(z, "stored.txt", &buf, &len), CTOME_OK);   /* method 0 */
    assert_int_equal(len, 14);
    assert_string_equal(buf, "hello, stored\n");
    free(buf);
    assert_int_equal(ctome_zip_read(z, "deflated.txt", &buf, &len), CTOME_OK); /* method 8 */
    assert_int_equal(len, 5892);
    assert_memory_equal(buf, want, 5892);
    free(buf);
    /* exact first, then ASCII case-insensitively */
    size_t i = 99;
    assert_int_equal(ctome_zip_locate(z, "xl/upper.xml", &i), 0);
    assert_int_equal(i, 2);
    assert_int_equal(ctome_zip_read(z, "XL/UPPER.XML", &buf, &len), CTOME_OK);
    assert_string_equal(buf, "Case\n");
    free(buf);
    assert_int_equal(ctome_zip_locate(z, "nope.txt", &i), -1);
    assert_int_equal(ctome_zip_read(z, "nope.txt", &buf, &len), CTOME_ENOTFOUND);
    assert_non_null(strstr(ctome_error_message(), "zip member 'nope.txt' is missing"));
    assert_null(buf);

    /* Streamed in 7-byte reads (crossing every inflate boundary), two
     * members open at once. */
    ctome_zip_member *a, *b;
    assert_int_equal(ctome_zip_member_open(z, 1, &a), CTOME_OK);
    assert_int_equal(ctome_zip_member_open(z, 0, &b), CTOME_OK);
    char got[6000], small[7];
    size_t n = 0, k;
    do {
        assert_int_equal(ctome_zip_member_read(a, small, sizeof small, &k), CTOME_OK);
        assert_true(n + k <= 5892);
        memcpy(got + n, small, k);
        n += k;
        if (n == 7) {   /* the other member reads meanwhile */
            size_t kb;
            assert_int_equal(ctome_zip_member_read(b, got + 5900, 14, &kb), CTOME_OK);
            assert_int_equal(kb, 14);
            assert_memory_equal(got + 5900, "hello, stored\n", 14);
            assert_int_equal(ctome_zip_member_read(b, got + 5900, 14, &kb), CTOME_OK);
            assert_int_equal(kb, 0);
        }
    } while (k > 0);
    assert_int_equal(n, 5892);
    assert_memory_equal(got, want, 5892);
    ctome_zip_member_close(a);
    ctome_zip_member_close(b);
    ctome_zip_close(z);

    /* A data descriptor (flag bit 3): zeros in the local header. */
    assert_int_equal(ctome_zip_open(fixture("dd.zip"), &z), CTOME_OK);
    assert_int_equal(ctome_zip_read(z, "deflated.txt", &buf, &len), CTOME_OK);
    assert_int_equal(len, 5892);
    assert_memory_equal(buf, want, 5892);
    free(buf);
    ctome_zip_close(z);
    free(want);
}

static void refuses_zip64_encryption_multidisk(void **state)
{
    (void)state;
    const char *p = fixture("z64.zip");
    ctome_zip *z = (ctome_zip *)1;
    assert_int_equal(ctome_zip_open(p, &z), CTOME_EFORMAT);
    assert_null(z);
    assert_non_null(strstr(ctome_error_message(), p));
    assert_non_null(strstr(ctome_error_message(), "ZIP64 archives are not supported"));

    read_fails(fixture("enc.zip"), "stored.txt", CTOME_EFORMAT,
               "zip member 'stored.txt' is encrypted");

    size_t n;
    unsigned char *b = (unsigned char *)tu_slurp(fixture("mixed.zip"), &n);
    unsigned char *c = malloc(n);
    /* ZIP64 marker on one member: its size field 0xFFFFFFFF */
    memcpy(c, b, n);
    put32(c + central_of(c, n, "stored.txt") + 24, 0xFFFFFFFFu);
    read_fails(scratch(c, n), "stored.txt", CTOME_EFORMAT,
               "zip member 'stored.txt': ZIP64 members are not supported");
    /* the end record's member count at its ZIP64 marker 0xFFFF */
    memcpy(c, b, n);
    size_t e = eocd_of(c, n);
    c[e + 10] = c[e + 11] = 0xFF;
    read_fails(scratch(c, n), "stored.txt", CTOME_EFORMAT, "ZIP64 archives are not supported");
    /* this is disk 1 of a split archive */
    memcpy(c, b, n);
    c[e + 4] = 1;
    read_fails(scratch(c, n), "stored.txt", CTOME_EFORMAT,
               "multi-disk (split) archives are not supported");
    /* a compression method other than 0 and 8 (12, bzip2) */
    memcpy(c, b, n);
    c[central_of(c, n, "deflated.txt") + 10] = 12;
    read_fails(scratch(c, n), "deflated.txt", CTOME_EFORMAT,
               "zip member 'deflated.txt' uses compression method 12");
    free(c);
    free(b);
}

/* The archive b (n bytes) with the 32-bit little-endian field at `off` set to
 * v, copied through the scratch buffer c: reading member `name` fails with a
 * format error holding `needle`. */
static void field_fails(const unsigned char *b, unsigned char *c, size_t n, size_t off, uint32_t v,
                        const char *name, const char *needle)
{
    memcpy(c, b, n);
    put32(c + off, v);
    read_fails(scratch(c, n), name, CTOME_EFORMAT, needle);
}

static void damaged_archives(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = (unsigned char *)tu_slurp(fixture("mixed.zip"), &n);
    unsigned char *c = malloc(n);
    const char *p;

    /* Not a zip at all, too short, empty. */
    static const char text[] = "just some text, long enough to hold an end record but without one\n";
    p = scratch(text, sizeof text - 1);
    read_fails(p, "x", CTOME_EFORMAT, "no end-of-central-directory record");
    p = scratch("PK\x05\x06", 4);
    read_fails(p, "x", CTOME_EFORMAT, "shorter than an end-of-central-directory record");

    /* Truncated: any cut loses the end record (the comment no longer fits)
     * or, cut inside it, the directory. */
    static const size_t cuts[] = {1, 30, 500, 700};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++)
        read_fails(scratch(b, n - cuts[k]), "deflated.txt", CTOME_EFORMAT,
                   "broken zip archive: no end-of-central-directory record");

    size_t cd_def = central_of(b, n, "deflated.txt"), cd_sto = central_of(b, n, "stored.txt");
    size_t local_sto = le32(b + cd_sto + 42);

    /* A bad CRC: one byte of stored.txt's content changed ('h' -> 'j'). */
    memcpy(c, b, n);
    assert_int_equal(c[local_sto + 30 + 10], 'h');
    c[local_sto + 30 + 10] = 'j';
    read_fails(scratch(c, n), "stored.txt", CTOME_EFORMAT,
               "zip member 'stored.txt': CRC-32 mismatch (directory 8f15ab63, content");
    /* ... or the directory's CRC of deflated.txt changed */
    assert_int_equal(le32(b + cd_def + 16), 0x72829bf8u);
    field_fails(b, c, n, cd_def + 16, 0x72829bf9u, "deflated.txt",
                "zip member 'deflated.txt': CRC-32 mismatch (directory 72829bf9, content 72829bf8)");

    /* Deflate stream cut short: the directory declares 100 of its 483
     * compressed bytes. */
    assert_int_equal(le32(b + cd_def + 20), 483);
    field_fails(b, c, n, cd_def + 20, 100, "deflated.txt",
                "zip member 'deflated.txt': the deflate stream is cut short");
    /* Data said to run past the directory. */
    field_fails(b, c, n, cd_def + 20, 100000, "deflated.txt",
                "zip member 'deflated.txt': data at offset 54 (100000 bytes) run past the "
                "central directory");

    /* Inflates to more than declared (a bomb's signature) or to less. */
    field_fails(b, c, n, cd_def + 24, 100, "deflated.txt",
                "zip member 'deflated.txt': inflates to more than the 100 bytes the directory "
                "declares");
    field_fails(b, c, n, cd_def + 24, 6000, "deflated.txt",
                "zip member 'deflated.txt': 5892 bytes of content where the directory declares "
                "6000");
    /* A declared size above the 1 GiB bound is refused before reading. */
    field_fails(b, c, n, cd_def + 24, 0x40000001u, "deflated.txt",
                "zip member 'deflated.txt' declares 1073741825 bytes inflated, above the limit");

    /* ... or more than deflate's 1032:1 can give from 483 bytes */
    field_fails(b, c, n, cd_def + 24, 483u * 1032u + 1u, "deflated.txt",
                "zip member 'deflated.txt' declares 498457 bytes inflated from 483 compressed, "
                "beyond deflate's 1032:1 limit");

    /* Garbage in the deflate stream. */
    memcpy(c, b, n);
    size_t local_def = le32(c + cd_def + 42);
    size_t data_def = local_def + 30 + 12 + (size_t)(c[local_def + 28] | (c[local_def + 29] << 8));
    memset(c + data_def + 5, 0xFF, 40);
    read_fails(scratch(c, n), "deflated.txt", CTOME_EFORMAT, "zip member 'deflated.txt': ");

    /* A local header that names another member. */
    memcpy(c, b, n);
    c[local_sto + 30] = 'S';
    read_fails(scratch(c, n), "stored.txt", CTOME_EFORMAT,
               "zip member 'stored.txt': its local header names another file");

    /* A directory too small for the members it declares. */
    memcpy(c, b, n);
    size_t e = eocd_of(c, n);
    c[e + 8] = c[e + 10] = 200;
    read_fails(scratch(c, n), "stored.txt", CTOME_EFORMAT,
               "the central directory is too small for the number of members it declares");
    free(c);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_other_writers),
        cmocka_unit_test(refuses_zip64_encryption_multidisk),
        cmocka_unit_test(damaged_archives),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
