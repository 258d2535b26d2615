/* fuzz_text.c — libFuzzer harness for every text connectome reader.
 *
 * One entry: the input bytes are written to a temporary file, and each text
 * reader (edge list, adjacency, NemaNode JSON, GML, GraphML, Bentley, Randi)
 * reads it into a fresh connectome, which is then finalised, exported in the
 * four formats to a temporary path, and freed.
 * Every reader must return a status (never crash, leak or read out of
 * bounds) whatever the bytes.
 *
 * Build with clang:  clang -g -fsanitize=fuzzer,address,undefined ... fuzz_text.c -lctome
 * Without libFuzzer, -DCTOME_FUZZ_MAIN gives a main() that replays files given
 * on the command line (the files in tests/fuzz/corpus_text/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "io.h"
#include "readers.h"

typedef int (*reader_fn)(const char *, const ctome_read_opts *, ctome_connectome *);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        ctome_error_handlers_off();
        ready = 1;
    }
    char path[] = "/tmp/ctome_fuzz_text_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(path);
        return 0;
    }
    fwrite(data, 1, size, fp);
    fclose(fp);
    static const reader_fn readers[] = {ctome_read_edgelist, ctome_read_adjacency,
                                        ctome_read_nemanode, ctome_read_gml,
                                        ctome_read_graphml,  ctome_read_bentley,
                                        ctome_read_randi};
    char out[sizeof path + 8];
    snprintf(out, sizeof out, "%s.out", path);
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
        ctome_connectome *c;
        if (ctome_connectome_new("fuzz", NULL, &c))
            continue;
        if (readers[i](path, NULL, c) == CTOME_OK && ctome_connectome_finalise(c) == CTOME_OK) {
            for (size_t l = 0; l < c->n_layers; l++)
                for (int f = CTOME_EXPORT_GRAPHML; f <= CTOME_EXPORT_MATRIX; f++)
                    if (c->n_nodes < 2000)
                        ctome_export_layer(c, c->layers[l].name, (ctome_export_format)f, 0, out);
        }
        ctome_connectome_free(c);
    }
    unlink(out);
    unlink(path);
    return 0;
}

#ifdef CTOME_FUZZ_MAIN
int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        char *buf;
        size_t len;
        if (ctome_file_read(argv[i], &buf, &len)) {
            /* Empty files are valid fuzz inputs. */
            LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
            continue;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
        free(buf);
    }
    return 0;
}
#endif
