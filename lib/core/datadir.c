/* datadir.c — the data folder (datadir.h). */
#include "datadir.h"
#include "ctome_config.h"

#include <stdlib.h>
#include <sys/stat.h>

const char *ctome_data_dir(void)
{
    const char *env = getenv("CTOME_DATA");
    if (env && *env)
        return env;
    /* A build run from its source tree reads the tree's data, so edits to
     * data/ are seen without installing. */
    struct stat st;
    if (stat(CTOME_SOURCE_DATADIR "/neurons", &st) == 0 && S_ISDIR(st.st_mode))
        return CTOME_SOURCE_DATADIR;
    return CTOME_INSTALL_DATADIR;
}
