/* ctome.h — umbrella header of libctome. */
#ifndef CTOME_H
#define CTOME_H

#include "error.h"
#include "io.h"
#include "sizecheck.h"
#include "names.h"
#include "registry.h"
#include "connectome.h"
#include "store.h"
#include "sheet.h"
#include "readers.h"
#include "datasets.h"
#include "sourcediff.h"
#include "graph.h"
#include "rng.h"
#include "plot.h"

/* Library version string, e.g. "0.1.0". */
const char *ctome_version(void);

/* Turn off the abort-on-error handlers of igraph, GSL and HDF5.  Call once at
 * program start, before any other libctome call. */
void ctome_init(void);

#endif
