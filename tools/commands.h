/* commands.h — the entry point of each subcommand, one file each. */
#ifndef CTOME_COMMANDS_H
#define CTOME_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

#include "opts.h"

/* The option tables of the commands converted to opts.h (each beside its
 * command's switch), registered in tools/ctome.c. */
extern const cli_opt cli_opts_rank[];
extern const cli_opt cli_opts_nulls[];
extern const cli_opt cli_opts_stats[];
extern const cli_opt cli_opts_structfunc[];
extern const cli_opt cli_opts_rsa[];
extern const cli_opt cli_opts_activity[];
extern const cli_opt cli_opts_dfc[];
extern const cli_opt cli_opts_reproduce[];
extern const cli_opt cli_opts_export[];
extern const cli_opt cli_opts_richlazy[];
extern const cli_opt cli_opts_sim[];
extern const cli_opt cli_opts_perturb[];
extern const cli_opt cli_opts_sweep[];
extern const cli_opt cli_opts_sernn[];
extern const cli_opt cli_opts_datasets[];
extern const cli_opt cli_opts_neurons[];
extern const cli_opt cli_opts_info[];
extern const cli_opt cli_opts_compare_sources[];
extern const cli_opt cli_opts_ingest[];
extern const cli_opt cli_opts_communicability[];
extern const cli_opt cli_opts_plot[];
extern const cli_opt cli_opts_compare[];
extern const cli_opt cli_opts_report[];
extern const cli_opt cli_opts_swim[];

int cmd_datasets(int argc, char **argv);
int cmd_neurons(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_compare_sources(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_nulls(int argc, char **argv);
int cmd_communicability(int argc, char **argv);
int cmd_rsa(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_activity(int argc, char **argv);
int cmd_dfc(int argc, char **argv);
int cmd_structfunc(int argc, char **argv);
int cmd_sim(int argc, char **argv);
int cmd_perturb(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_swim(int argc, char **argv);
int cmd_richlazy(int argc, char **argv);
int cmd_sernn(int argc, char **argv);
int cmd_reproduce(int argc, char **argv);

/* The topology section of the report (tools/report_topology.c) for the
 * connectomes cs[0..n-1], figures under dir/fig/, in two parts that may run
 * side by side: part 0 writes the heading and the first rows of the table to
 * f and what follows the last row (reading, figure, development) to
 * `after`; part 1 writes the remaining rows (the neuropeptide layers') to f
 * (`after` unused).  The section is part 0's f, part 1's f, part 0's after. */
struct ctome_connectome;
int report_topology_part(FILE *f, const char *dir, struct ctome_connectome **cs, size_t n, int part, FILE *after);
/* The activity, rank and structure-function sections (tools/report_activity.c),
 * same arguments; figures under dir/fig/ (which must exist). */
int report_activity(FILE *f, const char *dir, struct ctome_connectome **cs, size_t n);
/* The model section (tools/report_model.c): the cook2019-herm rate model's
 * perturbation atlas vs Randi 2023 with rewired nulls, and a scale sweep. */
int report_model(FILE *f, const char *dir, struct ctome_connectome **cs, size_t n);
/* The locomotion section (tools/report_swim.c): the NCAP swimmer before training
 * and across body lengths; figures under dir/fig/ (which must exist). */
int report_swim(FILE *f, const char *dir);
/* The rich/lazy half of the learning section (tools/report_richlazy.c): a
 * small rank sweep on the perceptual decision-making task with one
 * connectome-initialised network; figures under dir/fig/ (which must exist). */
int report_richlazy(FILE *f, const char *dir);
/* The seRNN half of the learning section (tools/report_learning.c): a quick
 * seRNN vs L1 sweep on the maze task, its table and the modularity /
 * small-worldness figure; figures under dir/fig/ (which must exist). */
int report_sernn(FILE *f, const char *dir);
/* The dynamic functional connectome section (tools/report_dfc.c): the planted
 * benchmark and the bundled Atanas 2023 recording; figures under dir/fig/. */
int report_dfc(FILE *f, const char *dir);
/* The "Published results" section (tools/report_reproduce.c): `ctome
 * reproduce all` in quick mode, its table and figures under dir/fig/. */
int report_reproduce(FILE *f, const char *dir);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

#endif
