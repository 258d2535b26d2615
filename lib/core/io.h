/* io.h — whole-file reading, atomic output files and SHA-256 digests.
 *
 * Output is written to a temporary file beside the target and renamed over it
 * only on success, so a failed command never leaves a partial file behind.
 */
#ifndef CTOME_IO_H
#define CTOME_IO_H

#include <stddef.h>
#include <stdio.h>

/* Read a whole regular file into a NUL-terminated buffer (free with free()).
 * Errors: a directory, a missing or unreadable file (CTOME_EIO), an empty file
 * (CTOME_EFORMAT, "empty file"). */
int ctome_file_read(const char *path, char **buf, size_t *len);

/* Read the first bytes of a file (up to `max`) into buf; *got is how many
 * (0 for an empty file, which is not an error here).  For format detection
 * by magic bytes.  Errors as ctome_file_check, CTOME_EIO if it cannot be
 * opened or read.  O(max). */
int ctome_file_head(const char *path, void *buf, size_t max, size_t *got);

/* Fail with CTOME_EIO unless `path` names a readable regular file. */
int ctome_file_check(const char *path);

typedef struct ctome_outfile {
    FILE *fp;          /* write here */
    char *path;        /* final name */
    char *tmp;         /* temporary name in the same directory */
} ctome_outfile;

/* Open a temporary file beside `path` for writing (binary).  Fails with
 * CTOME_EIO if the directory is not writable or `path` is a directory. */
int ctome_outfile_open(ctome_outfile *out, const char *path);
/* Like ctome_outfile_open but only reserve the temporary name (the file is
 * created empty and closed) for libraries that write by file name (HDF5, cairo). */
int ctome_outfile_reserve(ctome_outfile *out, const char *path);
/* Flush, close and rename over the final name. */
int ctome_outfile_commit(ctome_outfile *out);
/* Close and delete the temporary file (safe to call after a failed commit). */
void ctome_outfile_abort(ctome_outfile *out);

/* SHA-256 of a file as 64 lowercase hex characters + NUL. */
int ctome_sha256_file(const char *path, char hex[65]);
void ctome_sha256(const void *data, size_t len, char hex[65]);

/* Join a directory and a relative path into a new string (free()). */
char *ctome_path_join(const char *dir, const char *rel);

/* strdup that records CTOME_ENOMEM on failure. */
char *ctome_strdup(const char *s);

#endif
