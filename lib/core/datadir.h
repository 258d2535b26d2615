/* datadir.h — where ctome's bundled data lives (the data/ folder: neuron
 * registry, connectomes, recordings; docs/datasets.md). */
#ifndef CTOME_DATADIR_H
#define CTOME_DATADIR_H

/* The data folder: $CTOME_DATA when set and not empty; else the source
 * tree's data/ when it exists (running from a build directory); else the
 * installed copy (<prefix>/share/ctome).  A static string or the
 * environment's; never NULL.  O(1) (one stat). */
const char *ctome_data_dir(void);

#endif
