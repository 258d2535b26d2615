/* testutil.h — helpers shared by the cmocka unit test programs
 * (tests/test_*.c); compiled once in tests/testutil.c and linked into every
 * unit test by tests/meson.build.  Include after <cmocka.h>.
 *
 * Failures inside a helper (a file that cannot be written, no memory) fail
 * the calling test with the reason rather than returning an error, so the
 * tests themselves stay about the values they check.
 */
#ifndef CTOME_TESTUTIL_H
#define CTOME_TESTUTIL_H

#include <stddef.h>

#include "connectome.h"
#include "graph.h"
#include "registry.h"

/* Declared in the umbrella header ctome.h (lib/core/version.c). */
void ctome_init(void);

/* The tests/ directory: $CTOME_TESTS (set by meson), else the one beside
 * the bundled data. */
const char *tu_tests_dir(void);

/* A fresh directory $TMPDIR/ctome_<tag>_XXXXXX ($TMPDIR defaults to /tmp),
 * malloc'd; NULL if it cannot be made. */
char *tu_mkdtemp(const char *tag);

/* Remove `dir` and everything below it (links are removed, not followed),
 * then free the string.  NULL is a no-op.  0, or -1 if anything remained. */
int tu_rmtree(char *dir);

/* The values of the line of tests/ref/<file> (a committed reference output,
 * one "key values..." line per entry) whose key, printf(keyfmt, ...), is
 * followed by a space: the text after that space, newline removed, inside
 * `line` (sz bytes, which must hold the whole line).  The test fails if the
 * file cannot be opened or has no such line. */
const char *tu_ref(char *line, size_t sz, const char *file, const char *keyfmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "dir/name" into buf (the test fails if it does not fit); returns buf. */
char *tu_path(char *buf, size_t sz, const char *dir, const char *name);

/* "dir/name", malloc'd (free it). */
char *tu_join(const char *dir, const char *name);

/* The whole file, NUL-terminated and malloc'd; *n (if not NULL) its length.
 * The test fails with ctome's message if it cannot be read. */
char *tu_slurp(const char *path, size_t *n);

/* Write n bytes to path (replacing it). */
void tu_write(const char *path, const void *data, size_t n);

/* Write the string `text` to dir/name; returns the malloc'd path. */
char *tu_write_in(const char *dir, const char *name, const char *text);

/* "dir/name" in one of 4 rotating static buffers (so up to 4 paths can be
 * used at once); the test fails if it does not fit. */
const char *tu_tmp_path(const char *dir, const char *name);

/* Group set-up of a figure test program: ctome_init, *tmp = tu_mkdtemp(tag),
 * and ctome_plot_describe_files(describe) (every saved figure also writes
 * "<figure>.json").  0, or -1.  tu_plot_teardown releases cairo's caches
 * (ctome_plot_cleanup) and removes *tmp (0, or -1). */
int tu_plot_setup(const char *tag, int describe, char **tmp);
int tu_plot_teardown(char *tmp);

/* ---- figure descriptions (plot.h: ctome_plot_describe) ---- */

struct json_t;
/* The description written beside `fig` ("<fig>.json"; json_decref it); the
 * test fails if it cannot be read. */
struct json_t *tu_desc_of(const char *fig);
/* Panel k of a description, in drawing order (the test fails if absent). */
struct json_t *tu_desc_panel(struct json_t *d, size_t k);
/* The label of axis "x" or "y" of a panel (NULL if none). */
const char *tu_desc_axis_label(struct json_t *pn, const char *axis);
/* The first art of `kind` ("line", "scatter", "text" ...) of a panel, or NULL. */
struct json_t *tu_desc_art(struct json_t *pn, const char *kind);
/* The number of arts of `kind` in a panel. */
size_t tu_desc_count(struct json_t *pn, const char *kind);
/* The text art of a panel containing `sub`, or NULL. */
struct json_t *tu_desc_text(struct json_t *pn, const char *sub);
/* The number o[key] (the test fails if it is not a number). */
double tu_desc_num(struct json_t *o, const char *key);

/* Group set-up of a test program that needs the registry and a temporary
 * directory: ctome_init, *reg = tu_registry(), *tmp = tu_mkdtemp(tag).
 * 0, or -1.  tu_group_teardown frees both (0, or -1). */
int tu_group_setup(const char *tag, ctome_registry **reg, char **tmp);
int tu_group_teardown(ctome_registry *reg, char *tmp);

/* The neuron registry of the bundled data (CTOME_TEST_DATA). */
ctome_registry *tu_registry(void);

/* Group set-up of a test program that works on one bundled dataset:
 * ctome_init, *reg = tu_registry(), *c = the dataset `id`.  0, or -1 with the
 * library message printed.  tu_dataset_teardown frees both. */
int tu_dataset_setup(const char *id, ctome_registry **reg, ctome_connectome **c);
void tu_dataset_teardown(ctome_registry *reg, ctome_connectome *c);

/* Index of the node `name` (created if new; names are normalised). */
int tu_node(ctome_connectome *c, const char *name);

/* Append the listing a -> b of weight w to `layer`, nodes by name. */
void tu_add(ctome_connectome *c, const char *layer, const char *a, const char *b, double w);

/* Weight of the finalised edge a -> b (an undirected layer: either order),
 * 0 if there is none; -1 if the layer does not exist.  The test fails if a
 * or b is not a node. */
double tu_weight(const ctome_connectome *c, const char *layer, const char *a, const char *b);

/* Sum of a layer's weights. */
double tu_total(const ctome_layer *l);

/* Zachary's karate club (Zachary 1977): 34 vertices, these 78 undirected
 * edges (igraph: Graph.Famous('Zachary').get_edgelist()). */
extern const int32_t TU_KARATE[78][2];

/* The karate club as an unweighted undirected ctome_graph (free with
 * ctome_graph_free); the test fails if it cannot be built. */
ctome_graph *tu_karate(void);

#endif
