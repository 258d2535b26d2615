/* fuzz_common.h — what the libFuzzer harnesses (tests/fuzz/fuzz_*.c) share:
 * one-time set-up, writing the input bytes to a file the readers can open,
 * and (with -DCTOME_FUZZ_MAIN) a main() that replays saved inputs without
 * libFuzzer, which is how `meson test` runs the committed corpora.
 *
 * Include once, from the harness; it defines LLVMFuzzerTestOneInput itself.
 */
#ifndef CTOME_FUZZ_COMMON_H
#define CTOME_FUZZ_COMMON_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Once per process: error handlers off (libFuzzer treats any abort as a
 * finding, and the library reports through statuses anyway). */
static inline void fuzz_init(void)
{
    static int ready;
    if (!ready) {
        ctome_error_handlers_off();
        ready = 1;
    }
}

/* Write the input to `path` (replacing it).  0, or -1. */
static inline int fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    int bad = size && fwrite(data, 1, size, fp) != size;
    bad |= fclose(fp) != 0;
    return bad ? -1 : 0;
}

/* Write the input to a fresh file /tmp/ctome_fuzz_<tag>_XXXXXX, its name in
 * path[sz] (sz >= 40 + strlen(tag)).  0, or -1 (no file left behind). */
static inline int fuzz_write_temp(const char *tag, const uint8_t *data, size_t size, char *path,
                                  size_t sz)
{
    snprintf(path, sz, "/tmp/ctome_fuzz_%s_XXXXXX", tag);
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    if (fuzz_write_file(path, data, size) == 0)
        return 0;
    unlink(path);
    return -1;
}

#ifdef CTOME_FUZZ_MAIN
/* Replay one saved input (an empty file is a valid input).  0, or 1. */
static int fuzz_replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return 1;
    }
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1 << 16;
            uint8_t *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(fp);
                return 1;
            }
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (!bad)
        LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    printf("%s: %s\n", path, bad ? "read error" : "ok");
    return bad;
}

static int fuzz_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay every regular file of a directory, in name order. */
static int fuzz_replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    int bad = 0;
    struct dirent *e;
    while (!bad && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *names);
        if (!nn) {
            bad = 1;
            break;
        }
        names = nn;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            bad = 1;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, fuzz_name_cmp);
    size_t replayed = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (!bad && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            bad |= fuzz_replay_file(names[i]);
            replayed++;
        }
        free(names[i]);
    }
    free(names);
    if (!bad && replayed == 0) {
        fprintf(stderr, "%s: no inputs to replay\n", dir);
        bad = 1;
    }
    return bad;
}

/* Replay the files and directories of files named on the command line. */
int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            bad |= fuzz_replay_dir(argv[i]);
        else
            bad |= fuzz_replay_file(argv[i]);
    }
    return bad;
}
#endif

#endif
