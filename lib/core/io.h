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
/* Like ctome_file_head, but a gzip file (magic bytes 1f 8b, RFC 1952) is
 * inflated: buf receives the first `max` bytes of its content and *gzip is
 * set to 1 (0 for any other file).  A gzip file whose start does not inflate
 * is CTOME_EFORMAT naming the file.  O(max). */
int ctome_file_head_inflated(const char *path, void *buf, size_t max, size_t *got, int *gzip);

/* Fail with CTOME_EIO unless `path` names a readable regular file. */
int ctome_file_check(const char *path);

typedef struct ctome_outfile {
    FILE *fp;          /* write here */
    char *path;        /* final name (a symbolic link's target, links resolved) */
    char *tmp;         /* temporary name in the same directory; NULL when streaming */
    int stream;        /* 1 standard output, 2 a device or pipe opened by name: no temporary */
} ctome_outfile;

/* Whether `path` names a stream rather than a file to replace: "-" or
 * /dev/stdout (standard output), /dev/fd/N, /proc/.../fd/N, or anything that
 * exists and is neither a regular file nor a folder (a terminal, a pipe, a
 * device).  1 for standard output, 2 for another stream, 0 for a file. */
int ctome_output_stream(const char *path);

/* Follow `path` through symbolic links (at most 40) to the name a file
 * should be written at, which need not exist yet; relative link targets are
 * taken relative to the link's folder.  New string (free()); CTOME_EIO naming
 * the path for a link loop, CTOME_ENOMEM. */
int ctome_output_resolve(const char *path, char **target);

/* Open a temporary file beside `path` for writing (binary).  A symbolic link
 * is resolved and its target replaced (the link stays).  A stream (see
 * ctome_output_stream) is written directly, without temporary.  Fails with
 * CTOME_EIO if the directory is not writable or `path` is a directory. */
int ctome_outfile_open(ctome_outfile *out, const char *path);
/* Like ctome_outfile_open but only reserve the temporary name (the file is
 * created empty and closed) for libraries that write by file name (HDF5, cairo).
 * A stream cannot be reserved: CTOME_EIO naming the path. */
int ctome_outfile_reserve(ctome_outfile *out, const char *path);
/* Flush, fsync, close and rename over the final name, then fsync the folder,
 * so that after a crash the name holds either the old or the whole new file.
 * Every error (a full disk included) is CTOME_EIO naming the path, and the
 * temporary is removed.  A stream is flushed (and closed unless stdout). */
int ctome_outfile_commit(ctome_outfile *out);
/* Close and delete the temporary file (safe to call after a failed commit). */
void ctome_outfile_abort(ctome_outfile *out);

/* Live temporaries of this process, for removal on a signal.  The output
 * writer registers its temporaries itself; a caller that builds a temporary
 * folder registers it (is_dir = 1) until it is renamed into place.  At most
 * 128 live entries (more are not tracked).  Thread-safe. */
void ctome_tmp_register(const char *path, int is_dir);
void ctome_tmp_unregister(const char *path);
/* Remove every registered temporary (folders with their contents, links not
 * followed).  Async-signal-safe: for a SIGINT/SIGTERM handler, which then
 * re-raises the signal.  O(files). */
void ctome_tmp_cleanup(void);

/* SHA-256 of a file as 64 lowercase hex characters + NUL. */
int ctome_sha256_file(const char *path, char hex[65]);
void ctome_sha256(const void *data, size_t len, char hex[65]);

/* Join a directory and a relative path into a new string (free()). */
char *ctome_path_join(const char *dir, const char *rel);

/* strdup that records CTOME_ENOMEM on failure. */
char *ctome_strdup(const char *s);

#endif
