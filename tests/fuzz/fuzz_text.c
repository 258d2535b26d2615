/* fuzz_text.c — libFuzzer harness for every text connectome reader.
 *
 * One entry: the input bytes are written to a temporary file, and each text
 * reader (edge list, adjacency, NemaNode JSON, GML, GraphML, Bentley, Randi)
 * reads it into a fresh connectome, which is then finalised, exported in the
 * four formats to a temporary path, and freed; the edge-list header sniff
 * and a layer union of the first two layers run on the same bytes.
 * Every reader must return a status (never crash, leak or read out of
 * bounds) whatever the bytes.
 *
 * Build the libFuzzer binary with `meson setup -Dfuzz=true` and clang
 * (tests/fuzz/README.md).
 * Without libFuzzer, -DCTOME_FUZZ_MAIN gives a main() (fuzz_common.h) that
 * replays the files and directories named on the command line; `meson test`
 * replays tests/fuzz/corpus_text/ that way (tests/fuzz/README.md).
 */
#include "fuzz_common.h"
#include "readers.h"

typedef int (*reader_fn)(const char *, const ctome_read_opts *, ctome_connectome *);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_init();
    char path[64];
    if (fuzz_write_temp("text", data, size, path, sizeof path))
        return 0;
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
                        ctome_export_layer(c, c->layers[l].name, (ctome_export_format)f, CTOME_SCOPE_ALL, out);
        }
        ctome_connectome_free(c);
    }
    /* the edge-list header sniff of `ctome rank`, and a union of the two
     * first layers through the layer view */
    (void)ctome_edgelist_names_columns(path);
    ctome_connectome *c;
    if (ctome_connectome_new("fuzz", NULL, &c) == CTOME_OK) {
        if (ctome_read_edgelist(path, NULL, c) == CTOME_OK && ctome_connectome_finalise(c) == CTOME_OK &&
            c->n_layers >= 2 && c->n_nodes < 2000) {
            char spec[256];
            snprintf(spec, sizeof spec, "%s+%s", c->layers[0].name, c->layers[1].name);
            ctome_export_layer(c, spec, CTOME_EXPORT_EDGELIST, CTOME_SCOPE_AUTO, out);
        }
        ctome_connectome_free(c);
    }
    unlink(out);
    unlink(path);
    return 0;
}
