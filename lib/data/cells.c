/* cells.c — non-neuronal cells by name: the naming patterns of the body-wall,
 * pharyngeal, vulval and enteric muscles, gland, marginal and epithelial
 * cells and other end organs as the bundled connectomes spell them
 * (docs/registry.md lists where each occurs).  Used by
 * ctome_registry_cell_kind after the registry's own cell table.
 */
#include "cells.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

/* Match `s` against a small pattern: '#' one digit, '[..]' one of the listed
 * characters, any other character itself; an element followed by '?' is
 * optional.  Whole-string match, backtracking. */
static int pmatch(const char *s, const char *p)
{
    if (!*p)
        return !*s;
    const char *e = p;   /* end of this element */
    if (*e == '[') {
        e = strchr(e, ']');
        e = e ? e + 1 : p + strlen(p);
    } else {
        e++;
    }
    int opt = *e == '?';
    const char *rest = e + opt;
    int ok = 0;
    if (*s) {
        if (*p == '#')
            ok = isdigit((unsigned char)*s);
        else if (*p == '[')
            ok = memchr(p + 1, *s, (size_t)(e - p - 2)) != NULL;
        else
            ok = *p == *s;
    }
    if (ok && pmatch(s + 1, rest))
        return 1;
    return opt && pmatch(s, rest);
}

/* Non-neuronal cells named in the bundled connectomes (upper-cased), beyond the
 * rows of the WormWideWeb table.  docs/registry.md lists where each occurs. */
static const struct { const char *pat; int kind; } cell_patterns[] = {
    {"BWM-[DV][LR]##?", 1},      /* NemaNode / Witvliet / White body-wall muscles */
    {"[DV]BWM[LR]##?", 1},       /* Cook 2019 body-wall muscles */
    {"M[DV][LR]##?", 1},         /* Varshney / OpenWorm body-wall muscles (MDL05) */
    {"PM[12345678][DV]?[LR]?", 1},   /* pharyngeal muscles pm1, pm3VL, pm7D */
    {"PM#_UNSPECIFIED", 1},
    {"[UV]M[12][AP]?[LR]?", 1},  /* vulval muscles um1AL, vm2pR */
    {"MU_INT[LR]?", 1}, {"MU_ANAL", 1}, {"MU_SPH", 1}, {"MU_SPHINCTER", 1},
    {"INT[LR]", 1}, {"ANAL", 1}, {"SPH", 1},   /* WormWiring edge list: enteric muscles */
    {"MANAL", 1}, {"MVULVA", 1},               /* OpenWorm NeuronsToMuscle */
    {"NMJ", 1},                  /* Varshney NeuronConnect: all neuromuscular junctions of a neuron */
    {"BWM", 1},                  /* the lumped body-wall muscle those NMJ rows are read onto */
    {"G[12]A?[LR]?", 2}, {"G1P", 2}, {"G#_UNSPECIFIED", 2},   /* pharyngeal gland cells */
    {"MC[123][DV]?[LR]?", 2}, {"MC#_UNSPECIFIED", 2},             /* pharyngeal marginal cells */
    {"E[123][DV]?[LR]?", 2},     /* pharyngeal epithelium */
    {"HYP", 2}, {"EXC_CELL", 2}, {"EXC_GL", 2}, {"EXCGL", 2}, {"INT", 2}, {"INTESTINE", 2},
    {"HMC", 2}, {"BM", 2}, {"GONAD", 2}, {"PROCTODEUM", 2},
};

int ctome_cells_pattern_kind(const char *canon)
{
    for (size_t i = 0; i < sizeof cell_patterns / sizeof *cell_patterns; i++)
        if (pmatch(canon, cell_patterns[i].pat))
            return cell_patterns[i].kind;
    return 0;
}
