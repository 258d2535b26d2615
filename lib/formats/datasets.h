/* datasets.h — the catalogue of bundled datasets (`ctome datasets`).
 *
 * Each dataset id names one published connectome and the bundled files that
 * hold it.  sources[0] is the primary source (what `ctome ingest <id>` reads);
 * further sources hold the same connectome in another file or format and are
 * compared by `ctome compare-sources <id>`.  A source may span several files
 * (e.g. the Cook 2020 pharynx edge list and its muscle gap-junction list).
 */
#ifndef CTOME_DATASETS_H
#define CTOME_DATASETS_H

#include "readers.h"

#define CTOME_MAX_SOURCES 3
#define CTOME_MAX_PARTS 2

typedef struct {
    const char *file;          /* relative to the data folder */
    ctome_format fmt;
    ctome_read_opts opts;
} ctome_source_part;

typedef struct {
    const char *label;         /* "SI5 workbook", "NemaNode JSON", ... */
    ctome_source_part part[CTOME_MAX_PARTS];
} ctome_source;

typedef struct {
    const char *id;
    const char *title;         /* one line */
    const char *citation;      /* short citation */
    const char *doi;
    const char *sex;           /* hermaphrodite | male | - */
    const char *stage;         /* adult, L1 (0 h), dauer, ... */
    const char *licence;
    ctome_source sources[CTOME_MAX_SOURCES];
} ctome_dataset;

size_t ctome_datasets_count(void);
const ctome_dataset *ctome_dataset_at(size_t i);
/* The dataset of that id, or NULL. */
const ctome_dataset *ctome_dataset_find(const char *id);
size_t ctome_dataset_n_sources(const ctome_dataset *d);

/* Load source `k` of a dataset from `datadir` into a new, finalised
 * connectome whose id is the dataset id. */
int ctome_dataset_load_source(const ctome_dataset *d, size_t k, const char *datadir,
                              const ctome_registry *reg, ctome_connectome **out);
/* Load the primary source. */
int ctome_dataset_load(const char *id, const char *datadir, const ctome_registry *reg,
                       ctome_connectome **out);

#endif
