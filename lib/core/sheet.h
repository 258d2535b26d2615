/* sheet.h — spreadsheet workbooks (.xlsx and legacy .xls) as grids of cells.
 *
 * .xlsx is a zip of XML parts (ctome's zip reader on zlib, + expat): xl/workbook.xml names the
 * sheets, xl/_rels/workbook.xml.rels maps them to xl/worksheets/sheetN.xml,
 * xl/sharedStrings.xml holds the strings cells refer to by index.  Legacy
 * .xls (BIFF) is read with libfreexl.  The format is detected from the first
 * bytes (PK.. zip vs D0 CF 11 E0 compound file), not the extension.
 * Sheets are parsed on demand, so opening a large workbook to read one sheet
 * costs only that sheet.
 */
#ifndef CTOME_SHEET_H
#define CTOME_SHEET_H

#include <stddef.h>

typedef enum { CTOME_CELL_EMPTY = 0, CTOME_CELL_NUMBER, CTOME_CELL_TEXT } ctome_cell_type;

typedef struct {
    ctome_cell_type type;
    double num;     /* CTOME_CELL_NUMBER */
    char *text;     /* CTOME_CELL_TEXT (also set for numbers written as text) */
} ctome_cell;

typedef struct {
    char *name;
    size_t nrows, ncols;    /* bounding box of non-empty cells, from A1 */
    ctome_cell *cells;      /* nrows * ncols, row-major */
} ctome_sheet;

typedef struct ctome_workbook ctome_workbook;

/* Open a workbook (.xlsx or .xls by magic bytes).  Errors name the file. */
int ctome_workbook_open(const char *path, ctome_workbook **out);
void ctome_workbook_close(ctome_workbook *wb);

size_t ctome_workbook_n_sheets(const ctome_workbook *wb);
const char *ctome_workbook_sheet_name(const ctome_workbook *wb, size_t i);
const char *ctome_workbook_path(const ctome_workbook *wb);

/* Parse one sheet by name (exact match) or index; the sheet stays owned by the
 * workbook and is parsed only once.  CTOME_ENOTFOUND names the sheets there are. */
int ctome_workbook_sheet(ctome_workbook *wb, const char *name, const ctome_sheet **out);
int ctome_workbook_sheet_at(ctome_workbook *wb, size_t i, const ctome_sheet **out);

/* Cell at 0-based (row, col); an empty cell outside the bounding box. */
const ctome_cell *ctome_sheet_cell(const ctome_sheet *s, size_t row, size_t col);

/* Cell as text (numbers formatted with %.15g) into buf; "" for empty. */
const char *ctome_cell_str(const ctome_cell *c, char *buf, size_t sz);

/* Cell as a number: numbers as is, text parsed with strtod (whole string,
 * white space trimmed).  Returns 0 and sets *v on success, -1 if empty,
 * -2 if not a number. */
int ctome_cell_num(const ctome_cell *c, double *v);

/* "B12"-style reference for error messages (row, col 0-based). */
void ctome_cell_ref(size_t row, size_t col, char buf[16]);

#endif
