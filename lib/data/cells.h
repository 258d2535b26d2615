/* cells.h — non-neuronal cell names by pattern (lib/data/cells.c).
 * Internal to lib/data (not installed); the public entry point is
 * ctome_registry_cell_kind (registry.h).
 */
#ifndef CTOME_CELLS_H
#define CTOME_CELLS_H

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

/* Kind of a non-neuronal cell from its canonical (normalised, upper-case)
 * name alone: 1 muscle, 2 other end organ (values of ctome_cell_kind), 0 if
 * no pattern matches.  Patterns: '#' one digit, '[..]' one of the listed
 * characters, '?' after an element makes it optional; whole-name match.
 * Cost: O(patterns x name length), with backtracking on optional elements. */
int ctome_cells_pattern_kind(const char *canon);

#pragma GCC visibility pop

#endif
