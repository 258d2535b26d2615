/* outputs.h — what every command does with its output paths: check them
 * before any work starts, create an output folder up front, remove live
 * temporaries when interrupted, and report a failed standard output.
 *
 * The promises (docs/reliability.md, "Outputs"): a failed or interrupted
 * command leaves no temporary and no partial file; an output path that
 * cannot be written is refused before the work; a symbolic link is written
 * through; "-" streams text to standard output. */
#ifndef CTOME_OUTPUTS_H
#define CTOME_OUTPUTS_H

#include "ctome_features.h"   /* CTOME_HAVE_*: options that need a feature */

typedef enum {
    CLI_OUT_TEXT,     /* a text file (table, JSON, edge list): may stream to stdout with "-" */
    CLI_OUT_FIGURE,   /* .png, .svg or .pdf: format from the extension, never to a terminal */
    CLI_OUT_STORE     /* an HDF5 file (store, checkpoint): written by name, never streamed */
} cli_out_kind;

/* Install SIGINT/SIGTERM/SIGHUP/SIGPIPE/SIGXFSZ handlers that remove the
 * live temporaries (and output folders this run created, when empty) and
 * then die of the same signal.  Call once, first thing in main. */
void cli_outputs_init(void);

/* Check an output path before the work: a NULL path (option not given)
 * passes.  Refused, with "ctome: error: --OPT PATH: ..." and CLI_FAIL: its
 * folder missing, not a folder or not writable; the path (after symbolic
 * links) a folder; a store to a stream.  An unknown figure extension is a
 * usage error (CLI_USAGE), and so is any figure in a build without cairo
 * (cli_feature_missing).  `opt` is the option as typed ("--output"). */
int cli_output_check(const char *cmd, const char *opt, const char *path, cli_out_kind kind);

/* An option that needs an optional feature this build lacks
 * (ctome_features.h): "ctome CMD: OPT: this ctome was built without FEATURE
 * (meson -DOPTION=enabled)" and CLI_USAGE. */
int cli_feature_missing(const char *cmd, const char *opt, const char *feature, const char *option);

/* An output folder (--plot-dir): created now if missing (its parent must
 * exist), else it must be a writable folder.  A folder created here is
 * removed again, if still empty, when the command fails.  CLI_OK or CLI_FAIL
 * with a message naming the option. */
int cli_output_dir(const char *cmd, const char *opt, const char *dir);

/* At the end of main: remove folders cli_output_dir created if the command
 * failed and they are empty, then flush and close standard output.  Returns
 * `rc`, or CLI_FAIL with "ctome: error: writing standard output: <reason>"
 * when stdout could not be written (a full disk, a closed pipe). */
int cli_outputs_finish(int rc);

#endif
