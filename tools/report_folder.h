/* report_folder.h — where `ctome report -o DIR` may write, and how it
 * replaces an earlier report without touching anything else.
 *
 * A report folder holds a marker, .ctome-report, that lists every file and
 * folder ctome wrote there.  The next report replaces exactly those: a folder
 * with anything else in it (the user's files) is refused, and with --force
 * the report is added beside the user's files, which are never deleted or
 * overwritten. */
#ifndef CTOME_REPORT_FOLDER_H
#define CTOME_REPORT_FOLDER_H

#include <stddef.h>

#include "ctome.h"
#include "strmap.h"

#define REPORT_MARKER ".ctome-report"

typedef struct {
    char *dir;              /* DIR with symbolic links resolved */
    int exists;             /* DIR exists (a folder) */
    int nonempty;           /* ... and holds something */
    ctome_strmap *ours;     /* entries the marker lists ("fig/" for a folder) */
    char **old;             /* the same, in the marker's order (parents first) */
    size_t n_old;
} report_folder;

/* Before any work: refuse (printing "ctome: error: -o DIR: ..." and
 * returning CLI_FAIL) a path that is not a folder, a folder that cannot be
 * written, one that holds entries the marker does not list unless `force`,
 * and under --force a user's entry where the report writes its own
 * (index.html, store.h5, fig, the marker).  CLI_OK fills `rf`. */
int report_folder_check(const char *out, int force, report_folder *rf);

/* Move the finished build folder `tmp` (beside rf->dir) into place: write
 * its marker, rename it to DIR when DIR is new or empty, else move each of
 * its files over the earlier report's and remove the earlier report's
 * entries the new one does not have.  A user's file in the way is refused
 * before anything moves.  Library error codes (message recorded). */
int report_folder_install(report_folder *rf, const char *tmp);

void report_folder_free(report_folder *rf);

#endif
