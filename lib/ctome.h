/* ctome.h — umbrella header of libctome: every public header.
 *
 * A program includes <ctome/ctome.h> (or one module's header, <ctome/stats.h>)
 * and compiles with `pkg-config --cflags ctome`, which adds -I<includedir>
 * only: the headers live in include/ctome/ so that their short names (error.h,
 * io.h, rng.h …) never shadow the system's <error.h> and friends.  Headers
 * not listed here (*_internal.h and the like) are the library's own and are
 * not installed.  Grouped by layer, lowest first (lib/meson.build).
 */
#ifndef CTOME_H
#define CTOME_H

/* which optional features this build has (CTOME_HAVE_*, generated) */
#include "ctome_features.h"

/* core */
#include "error.h"
#include "io.h"
#include "strmap.h"
#include "rng.h"
#include "version.h"
#include "progress.h"
#include "parerr.h"
#include "sizecheck.h"
#include "sheet.h"
#include "datadir.h"
#include "dist.h"
#include "bigmem.h"

/* data */
#include "names.h"
#include "connectome.h"
#include "registry.h"
#include "store.h"
#include "store_nulls.h"
#include "recording.h"
#include "store_recording.h"
#include "store_swim.h"
#include "store_sim.h"
#include "store_train.h"
#include "store_dfc.h"

/* formats */
#include "readers.h"
#include "datasets.h"
#include "recordings_io.h"
#include "source.h"

/* analysis */
#include "sourcediff.h"
#include "graph.h"
#include "topology.h"
#include "compare.h"
#include "stats.h"
#include "nulls.h"
#include "modularity.h"
#include "motifs.h"
#include "smallworld.h"
#include "communicability.h"
#include "rsa.h"
#include "rank.h"
#include "activity.h"
#include "structfunc.h"
#include "learning_measures.h"
#include "expm_frechet.h"
#include "dfc.h"
#include "ranktest.h"
#include "wsbm.h"

/* models */
#include "ei.h"
#include "ei_ablate.h"
#include "ei_stability.h"
#include "rnn_init.h"
#include "neurogym.h"
#include "richlazy.h"
#include "sernn.h"
#include "es.h"
#include "swim_eval.h"
#include "swim_train.h"
#include "ei_atlas.h"
#include "ei_sweep.h"
#include "maze_task.h"
#include "sernn_analyse.h"
#include "swimmer.h"
#include "ncap.h"
#include "mlp.h"
#include "policy.h"
#include "rnn.h"
#include "train.h"
#include "sernn_run.h"
#include "sernn_sweep.h"
#include "store_rnn.h"

/* reproduce */
#include "reproduce.h"

/* plot */
#include "plot.h"
#include "topology_figs.h"
#include "rsa_figs.h"
#include "rank_figs.h"
#include "trace_figs.h"
#include "structfunc_figs.h"
#include "swim_figs.h"
#include "ei_figs.h"
#include "richlazy_figs.h"
#include "ei_atlas_figs.h"
#include "sernn_figs.h"
#include "reproduce_figs.h"
#include "dfc_figs.h"
#include "swim_movie.h"

#endif
