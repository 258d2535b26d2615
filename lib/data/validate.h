/* validate.h — what every connectome ctome builds must satisfy so that every
 * file ctome writes from it can be read back (docs/reliability.md, "Damaged
 * input").  The one check point: ctome_connectome_node and
 * ctome_connectome_add (connectome.c) call these for every name and every
 * listing a reader hands over, whatever the format.  Internal.
 */
#ifndef CTOME_VALIDATE_H
#define CTOME_VALIDATE_H

#include "connectome.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* A cell name after trimming (ctome_name_normalise): valid UTF-8 (no
 * overlong forms, surrogates or code points past U+10FFFF) without control
 * characters (U+0000-U+001F, U+007F-U+009F): a tab or newline would split
 * an edge-list row, invalid UTF-8 breaks the store's UTF-8 string columns
 * and GraphML.  CTOME_EVALUE "FILE:LINE: bad cell name "A\tB": ..." (the
 * name shown escaped), or CTOME_OK.  O(strlen(name)). */
int ctome_validate_name(const char *name, const char *file, long line);

/* Account one listing of weight w (finite, checked by the caller) in layer
 * l: the sum of |w| over all listings of a layer must stay finite, so that
 * merged duplicates, strengths and totals are finite numbers that a store
 * can hold and read back.  CTOME_EVALUE naming file, line and the value, or
 * CTOME_OK.  O(1). */
int ctome_validate_weight(ctome_layer *l, double w, const char *file, long line);

#pragma GCC visibility pop

#endif
