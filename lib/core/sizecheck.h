/* sizecheck.h — checked sizes: every size computed from user numbers (a time
 * span over a step, a grid, a null count, a matrix side) goes through here
 * before anything is allocated.
 *
 * A request is refused when its element count is not a finite number >= 0,
 * when count x element size overflows size_t, or when it exceeds the memory
 * ceiling: the bytes one request may take, 16 GiB by default, or the value
 * of the environment variable CTOME_MAX_MEMORY (bytes, optional suffix K, M,
 * G or T, powers of 1024).  The message names what the caller asked for, so
 * the tools can name the option: "--t-end 1e+09 needs 2.2 TB of traces
 * (ceiling 16 GB, CTOME_MAX_MEMORY); lower --t-end or raise --sample-dt".
 * Documented in docs/reliability.md ("Resource limits and ceilings").
 */
#ifndef CTOME_SIZECHECK_H
#define CTOME_SIZECHECK_H

#include <stddef.h>

/* Default memory ceiling of one request, in bytes (16 GiB). */
#define CTOME_MEM_CEILING_DEFAULT ((size_t)16 << 30)

/* The memory ceiling in bytes: CTOME_MAX_MEMORY if it parses (a positive
 * number with an optional K/M/G/T suffix), else CTOME_MEM_CEILING_DEFAULT.
 * O(1). */
size_t ctome_mem_ceiling(void);

/* *out = a * b.  Returns 0 and sets *out, or returns 1 (and leaves *out
 * unchanged) when the product overflows size_t.  No error is recorded: the
 * caller knows which option to name.  O(1). */
int ctome_size_mul_overflows(size_t a, size_t b, size_t *out);

/* Check a request for `count` elements of `elem` bytes.  `count` is a double
 * so that a count computed from user numbers (t_end / dt + 1, a product of
 * grid sides) is checked before it is converted to size_t.
 * `what_for` names the request ("--t-end 1e+300"), `what` the memory
 * ("traces"), `hint` what to change ("lower --t-end or raise --sample-dt";
 * may be NULL).  Returns CTOME_OK and, if n is not NULL, *n = count rounded
 * down; else CTOME_EVALUE with the message
 *   "WHAT_FOR needs N of WHAT (ceiling C, CTOME_MAX_MEMORY); HINT"
 * (or "WHAT_FOR gives N WHAT, not a count" when count is NaN, infinite or
 * negative).  O(1). */
int ctome_size_check(double count, size_t elem, const char *what_for, const char *what,
                     const char *hint, size_t *n);

/* Like ctome_size_check for count = a * b * c elements (any of them 1 if
 * unused), each a size_t, multiplied in double so that nothing wraps. */
int ctome_size_check3(size_t a, size_t b, size_t c, size_t elem, const char *what_for,
                      const char *what, const char *hint, size_t *n);

/* Write a byte count for people: "512 B", "1.5 KB", "2.4 TB", "1e+300 TB"
 * (powers of 1024; two significant digits up to 10, whole numbers to 1e6, then %.2g). */
void ctome_format_bytes(double bytes, char *buf, size_t sz);

#endif
