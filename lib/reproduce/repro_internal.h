/* repro_internal.h — what the paper files of lib/reproduce share: adding a
 * claim, setting its value and verdict, and recording a failure. */
#ifndef CTOME_REPRO_INTERNAL_H
#define CTOME_REPRO_INTERNAL_H

#include "reproduce.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* A new claim (fields copied from the arguments; value NaN, verdict DIFFERS
 * until repro_set).  NULL on allocation failure (the error is recorded). */
ctome_claim *repro_claim(ctome_repro_paper *p, const char *id, const char *claim, const char *source,
                         const char *paper_text, double paper_value, ctome_tol tol, double a, double b);

/* Set the value (text defaults to "%.4g") and the verdict from the rule. */
void repro_set(ctome_claim *c, double v, const char *text);
/* What the claim was computed on. */
void repro_data(ctome_claim *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The reason shown with the verdict (appended after "; "). */
void repro_why(ctome_claim *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The claim could not be computed: DIFFERS with the last error message. */
void repro_fail(ctome_claim *c, const char *what);

/* A series of the paper's figure (NULL when both are used). */
ctome_repro_series *repro_series(ctome_repro_paper *p, const char *title, const char *xlabel,
                                 const char *ylabel);

/* The papers (repro_graph.c, repro_models.c, repro_learning.c). */
int repro_watts1998(const ctome_repro_opts *o, ctome_repro_paper *p);
int repro_varshney2011(const ctome_repro_opts *o, ctome_repro_paper *p);
int repro_towlson2013(const ctome_repro_opts *o, ctome_repro_paper *p);
int repro_witvliet2021(const ctome_repro_opts *o, ctome_repro_paper *p);
int repro_randi2023(const ctome_repro_opts *o, ctome_repro_paper *p);
int repro_bhattasali2022(const ctome_repro_opts *o, ctome_repro_paper *p);
int repro_achterberg2023(const ctome_repro_opts *o, ctome_repro_paper *p);
int repro_liu2024(const ctome_repro_opts *o, ctome_repro_paper *p);
int repro_lin2024(const ctome_repro_opts *o, ctome_repro_paper *p);

#pragma GCC visibility pop

#endif
