/* sheet_impl.h — internals shared by sheet.c (cells, grids, public API),
 * sheet_xlsx.c (.xlsx through zipread.c + expat) and sheet_xls.c (.xls through
 * libfreexl).  Not installed. */
#ifndef CTOME_SHEET_IMPL_H
#define CTOME_SHEET_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "sheet.h"
#include "zipread.h"

/* Internal to libctome: hidden from the shared library's symbol table. */
#pragma GCC visibility push(hidden)

enum { WB_XLSX = 1, WB_XLS = 2 };

/* Excel's own limits (ECMA-376 §18.3.1.4: 1,048,576 rows x 16,384 columns). */
#define MAX_ROWS 1048576u
#define MAX_COLS 16384u
/* Sheets are returned as dense grids; refuse one whose bounding box would need
 * more than this many cells (192 MB), which no published connectome comes near
 * (the largest, Cook 2019 male gap junctions, is 590 x 590) but a crafted file
 * with one cell at XFD1048576 would. */
#define MAX_GRID_CELLS (8u * 1024u * 1024u)

struct ctome_workbook {
    char *path;
    int kind;
    ctome_zip *zip;         /* xlsx */
    const void *xls;        /* xls (freexl handle) */
    size_t n;
    char **names;
    char **parts;           /* xlsx: zip member of each sheet */
    ctome_sheet **sheets;   /* parsed on demand, NULL until then */
    char *sst_part;         /* xlsx: shared-string part, NULL if none */
    char **sst;
    size_t n_sst;
    int sst_loaded;
};


/* strtod over the whole string, white space trimmed, finite values only:
 * 0 and *v set, -1 if blank, -2 if not a number. */
int ctome_sheet_parse_number(const char *s, double *v);

/* A growable list of parsed cells, turned into the dense grid at the end. */
typedef struct {
    uint32_t row, col;
    ctome_cell c;
} ctome_pcell;

typedef struct {
    ctome_pcell *v;
    size_t n, cap;
} ctome_cells;

void ctome_cells_free(ctome_cells *p);
/* Free a parsed sheet (grid and name). */
void ctome_sheet_grid_free(ctome_sheet *s);
/* Append a cell at 0-based (row, col); takes ownership of `text` (freed on
 * failure). */
int ctome_cells_add(ctome_cells *p, size_t row, size_t col, ctome_cell_type t, double num,
                    char *text);
/* Build the dense grid (bounding box from A1); texts move into it.  Refuses
 * grids over MAX_GRID_CELLS with CTOME_EFORMAT naming the sheet. */
int ctome_cells_to_sheet(ctome_cells *p, const char *path, const char *name,
                         ctome_sheet **out);

/* Format back ends: open fills names/n (and parts); sheet parses sheet i. */
int ctome_xlsx_open(ctome_workbook *wb);
int ctome_xlsx_sheet(ctome_workbook *wb, size_t i, ctome_sheet **out);
void ctome_xlsx_close(ctome_workbook *wb);
int ctome_xls_open(ctome_workbook *wb);
int ctome_xls_sheet(ctome_workbook *wb, size_t i, ctome_sheet **out);
void ctome_xls_close(ctome_workbook *wb);

#pragma GCC visibility pop

#endif
