/* h5guard.h — contain a damaged HDF5 file before the library reads it.
 *
 * Debian 12's libhdf5 1.10.8 crashes (SIGSEGV, heap overflows) or loops
 * forever on some damaged files: it does not validate object headers,
 * heaps or B-trees of a crafted or corrupted file, and no newer libhdf5 is
 * packaged for Debian 12.  The fault is inside HDF5, where ctome cannot
 * catch it, so every reader of an HDF5 file from outside (the store,
 * MATLAB v7.3, NWB) first lets a forked child process read the whole file
 * with the same HDF5 calls the readers use (docs/reliability.md, "Damaged
 * input").  Only if the child finishes does the caller open the file.
 *
 * This is the one place in libctome that creates a process; it neither
 * prints nor exits (the child leaves with _exit, its output sent to
 * /dev/null).
 */
#ifndef CTOME_H5GUARD_H
#define CTOME_H5GUARD_H

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Read every object, attribute, link index, dataset value and object
 * reference of the HDF5 file `path` in a child process, under a CPU-time
 * limit of `base + 1 s per 8 MiB of file` (base 20 s; the environment
 * variable CTOME_HDF5_CHECK_SECONDS sets base, 0 turns the check off) and a
 * wall-clock limit of four times that plus 10 s.
 *
 * Returns CTOME_OK when the child finished, whatever HDF5 errors it met (the
 * caller's own reading then reports those by name), or when `path` is not an
 * HDF5 file.  CTOME_EFORMAT "FILE: damaged HDF5 file (the HDF5 library
 * crashed reading it: ...)" if the child died by a signal or exited abnormally,
 * "... (the HDF5 library hung reading it: ...)" if it ran out of time;
 * CTOME_ELIB if no child could be made.  A file already checked unchanged
 * (same device, inode, size and modification time) in this process is not
 * checked again.
 *
 * Cost: one fork and one full read of the file (bounded memory: datasets
 * are read in blocks of at most 16 MiB).  Thread-safe.  A child forked
 * while another thread is inside HDF5 inherits HDF5's global lock held and
 * cannot start: it reports its first HDF5 call back through a pipe, and one
 * that has not made it within 0.25 s (doubling) is killed and forked again
 * until the wall-clock limit; then CTOME_ELIB "... the HDF5 library stayed
 * busy in another thread ...". */
int ctome_h5_guard(const char *path);

/* Override the base CPU-time limit in seconds for this process (< 0:
 * back to the environment/default, 0: no check).  For tests and fuzzing. */
void ctome_h5_guard_set_seconds(double seconds);

#pragma GCC visibility pop

#endif
