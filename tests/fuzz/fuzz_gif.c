/* fuzz_gif.c — libFuzzer harness for the one GIF reader of the library,
 * ctome_swim_movie_is_ours (lib/plot/swim_movie.c), which decides whether
 * `ctome swim run --movie FILE` may replace an existing FILE by reading its
 * header and extensions with giflib.  Any input must give 0 or 1 (no crash,
 * leak or out-of-bounds access), and a file without the ctome comment tag
 * must never count as ours.
 *
 * Build and run: tests/fuzz/README.md.  -DCTOME_FUZZ_MAIN: replay mode.
 */
#define _GNU_SOURCE   /* memmem */
#include "fuzz_common.h"
#include "swim_movie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    char path[80];
    if (fuzz_write_temp("gif", data, size, path, sizeof path))
        return 0;
    int ours = ctome_swim_movie_is_ours(path);
    unlink(path);
    if (ours != 0 && ours != 1)
        __builtin_trap();
    /* ours needs the tag's bytes somewhere in the input */
    static const char tag[] = CTOME_SWIM_MOVIE_TAG;
    if (ours && !memmem(data, size, tag, sizeof tag - 1))
        __builtin_trap();
    return 0;
}
