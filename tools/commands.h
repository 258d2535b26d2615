/* commands.h — the entry point of each subcommand, one file each. */
#ifndef CTOME_COMMANDS_H
#define CTOME_COMMANDS_H

int cmd_datasets(int argc, char **argv);
int cmd_neurons(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_compare_sources(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

#endif
