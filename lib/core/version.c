#include "version.h"
#include "error.h"
#include "ctome_config.h"
#include "ctome_features.h"

const char *ctome_version(void) { return CTOME_VERSION; }

void ctome_init(void) { ctome_error_handlers_quiet_defaults(); }

static const ctome_feature feature_list[] = {
    {"mujoco", "the swimmer body (swim)", CTOME_HAVE_MUJOCO},
    {"cairo", "figures (--plot, the report's figures)", CTOME_HAVE_CAIRO},
    {"gif", "the swimmer movie (swim run --movie)", CTOME_HAVE_GIF},
    {"mpi", "--mpi (the ctome program only)", CTOME_HAVE_MPI},
    {"matio", "MATLAB v5 .mat files", CTOME_HAVE_MATIO},
    {"freexl", "legacy .xls workbooks", CTOME_HAVE_FREEXL},
    {"sleef", "the rate model's vector tanh/exp", CTOME_HAVE_SLEEF},
};

const ctome_feature *ctome_features(size_t *n)
{
    *n = sizeof feature_list / sizeof *feature_list;
    return feature_list;
}
