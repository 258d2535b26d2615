#include "version.h"
#include "error.h"
#include "ctome_config.h"

const char *ctome_version(void) { return CTOME_VERSION; }

void ctome_init(void) { ctome_error_handlers_off(); }
