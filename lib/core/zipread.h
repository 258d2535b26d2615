/* zipread.h — read members of a zip archive (PKWARE APPNOTE 6.3.x) with
 * zlib alone: what an .xlsx workbook needs, nothing more.  Internal to
 * libctome (not installed).
 *
 * What is read: the end-of-central-directory record (found by searching the
 * last 22 + 65,535 bytes backwards, since an archive comment may follow it),
 * the central directory, and each member's local header and data.  Members
 * stored (method 0) are copied, deflated ones (method 8) are inflated as raw
 * deflate streams (zlib inflateInit2 with -MAX_WBITS).  The sizes and CRC-32
 * of the central directory are authoritative (a member written with a data
 * descriptor, flag bit 3, has zeros in its local header) and are checked when
 * the member has been read to its end.
 *
 * Refused with CTOME_EFORMAT, naming the file (and the member where there is
 * one): ZIP64 archives or members (a 0xFFFF / 0xFFFFFFFF field, the ZIP64
 * locator, or a ZIP64 extra field), multi-disk (split) archives, encrypted
 * members (flag bit 0 or 6, method 99), compression methods other than 0
 * and 8, and any offset or size that points outside the file.
 *
 * Bounds: every size read from the file is checked against the file's size
 * before anything is allocated from it (the central directory, at most
 * 65,535 entries of 46+ bytes, lies inside the file).  A member's inflated
 * size is bounded by the size its central-directory entry declares, which
 * must not exceed CTOME_ZIP_MAX_MEMBER (1 GiB) nor 1032 times its compressed
 * size (deflate's largest ratio), which the file's size bounds; inflation
 * stops with an error as soon as output passes the declared size, so a "zip
 * bomb" costs at most one read buffer, and ctome_zip_read grows its buffer
 * with the content actually inflated, never from the declared size alone.  Reading is streamed: memory is one 64 KiB input
 * buffer and zlib's 32 KiB window per open member.
 */
#ifndef CTOME_ZIPREAD_H
#define CTOME_ZIPREAD_H

#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)

/* The largest inflated member size accepted (1 GiB).  The largest part of a
 * bundled workbook (a sheet of Cook 2019 SI 5) inflates to 7,333,161 bytes. */
#define CTOME_ZIP_MAX_MEMBER (1024u * 1024u * 1024u)

typedef struct ctome_zip ctome_zip;
typedef struct ctome_zip_member ctome_zip_member;

/* Open `path` and read its central directory.  Cost: O(file tail + central
 * directory).  Errors: CTOME_EIO (cannot open or read), CTOME_EFORMAT (not a
 * zip archive, ZIP64, multi-disk, a damaged directory), CTOME_ENOMEM. */
int ctome_zip_open(const char *path, ctome_zip **out);
void ctome_zip_close(ctome_zip *z);

size_t ctome_zip_count(const ctome_zip *z);
const char *ctome_zip_name(const ctome_zip *z, size_t i);
/* Declared inflated size of member i. */
uint32_t ctome_zip_size(const ctome_zip *z, size_t i);

/* Index of the first member named `name`, exactly, else ASCII
 * case-insensitively (zips written on Windows are sometimes cased differently
 * from an .xlsx's relationship targets).  0 if found, -1 if not (no error
 * recorded).  Cost: O(members). */
int ctome_zip_locate(const ctome_zip *z, const char *name, size_t *index);

/* Start reading member i: checks its local header against the central
 * directory and that its data lie inside the file; refuses encryption and
 * methods other than stored / deflate.  Several members may be open at once. */
int ctome_zip_member_open(ctome_zip *z, size_t i, ctome_zip_member **out);
/* Read up to `cap` bytes into buf; *got = 0 means the member has ended and its
 * size and CRC-32 matched the central directory.  Errors name the member:
 * corrupt or truncated deflate data, more or fewer bytes than declared, CRC
 * mismatch. */
int ctome_zip_member_read(ctome_zip_member *m, void *buf, size_t cap, size_t *got);
void ctome_zip_member_close(ctome_zip_member *m);

/* Read the whole member `name` (located as ctome_zip_locate does) into a
 * NUL-terminated buffer of *len + 1 bytes, checked as above.  CTOME_ENOTFOUND
 * if there is no such member. */
int ctome_zip_read(ctome_zip *z, const char *name, char **buf, size_t *len);

#pragma GCC visibility pop

#endif
