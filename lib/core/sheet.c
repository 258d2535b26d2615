/* sheet.c — spreadsheet workbooks as grids of cells (see sheet.h): format
 * detection and the public API (cells and the dense grid: sheet_cells.c).  The formats live in sheet_xlsx.c (zipread.c on zlib + expat, streamed)
 * and sheet_xls.c (libfreexl); sheets are parsed on first request and kept.
 */
#include "sheet.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "io.h"
#include "sheet_impl.h"

/* ------------------------------------------------------------- public API */

int ctome_workbook_open(const char *path, ctome_workbook **out)
{
    *out = NULL;
    unsigned char m[8] = {0};
    size_t got;
    int rc = ctome_file_head(path, m, sizeof m, &got);
    if (rc)
        return rc;
    static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    int kind = 0;
    if (got >= 4 && m[0] == 'P' && m[1] == 'K' &&
        ((m[2] == 3 && m[3] == 4) || (m[2] == 5 && m[3] == 6)))
        kind = WB_XLSX;
    else if (got == 8 && memcmp(m, cfb, 8) == 0)
        kind = WB_XLS;
    if (!kind) {
        if (got == 0)
            return ctome_error(CTOME_EFORMAT, path, 0, "empty file, not a workbook");
        return ctome_error(CTOME_EFORMAT, path, 0,
                           "not a workbook: neither .xlsx (zip, 'PK') nor .xls (OLE compound "
                           "file) — first bytes %02x %02x %02x %02x",
                           m[0], m[1], m[2], m[3]);
    }
    ctome_workbook *wb = calloc(1, sizeof *wb);
    if (!wb)
        return ctome_error_nomem();
    wb->kind = kind;
    if (!(wb->path = strdup(path))) {
        free(wb);
        return ctome_error_nomem();
    }
    rc = kind == WB_XLSX ? ctome_xlsx_open(wb) : ctome_xls_open(wb);
    if (!rc && !(wb->sheets = calloc(wb->n ? wb->n : 1, sizeof *wb->sheets)))
        rc = ctome_error_nomem();
    if (!rc && wb->n == 0)
        rc = ctome_error(CTOME_EFORMAT, path, 0, "workbook has no sheets");
    if (rc) {
        ctome_workbook_close(wb);
        return rc;
    }
    *out = wb;
    return CTOME_OK;
}

void ctome_workbook_close(ctome_workbook *wb)
{
    if (!wb)
        return;
    for (size_t i = 0; i < wb->n; i++) {
        free(wb->names[i]);
        if (wb->parts)
            free(wb->parts[i]);
        if (wb->sheets)
            ctome_sheet_grid_free(wb->sheets[i]);
    }
    free(wb->names);
    free(wb->parts);
    free(wb->sheets);
    ctome_xlsx_close(wb);
    ctome_xls_close(wb);
    free(wb->path);
    free(wb);
}

size_t ctome_workbook_n_sheets(const ctome_workbook *wb) { return wb ? wb->n : 0; }

const char *ctome_workbook_sheet_name(const ctome_workbook *wb, size_t i)
{
    return wb && i < wb->n ? wb->names[i] : NULL;
}

const char *ctome_workbook_path(const ctome_workbook *wb) { return wb ? wb->path : NULL; }

int ctome_workbook_sheet_at(ctome_workbook *wb, size_t i, const ctome_sheet **out)
{
    *out = NULL;
    if (!wb)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no workbook");
    if (i >= wb->n)
        return ctome_error(CTOME_ENOTFOUND, wb->path, 0, "no sheet number %zu (the workbook has %zu)",
                           i + 1, wb->n);
    if (!wb->sheets[i]) {
        ctome_sheet *s = NULL;
        int rc = wb->kind == WB_XLSX ? ctome_xlsx_sheet(wb, i, &s) : ctome_xls_sheet(wb, i, &s);
        if (rc)
            return rc;
        wb->sheets[i] = s;
    }
    *out = wb->sheets[i];
    return CTOME_OK;
}

int ctome_workbook_sheet(ctome_workbook *wb, const char *name, const ctome_sheet **out)
{
    *out = NULL;
    if (!wb || !name)
        return ctome_error(CTOME_EINVAL, NULL, 0, "no workbook or sheet name");
    for (size_t i = 0; i < wb->n; i++)
        if (strcmp(wb->names[i], name) == 0)
            return ctome_workbook_sheet_at(wb, i, out);
    char list[1024];
    size_t k = 0;
    list[0] = '\0';
    for (size_t i = 0; i < wb->n && k < sizeof list - 8; i++) {
        int w = snprintf(list + k, sizeof list - k, "%s'%s'", i ? ", " : "", wb->names[i]);
        if (w < 0 || (size_t)w >= sizeof list - k) {
            snprintf(list + (sizeof list - 8), 8, ", ...");
            break;
        }
        k += (size_t)w;
    }
    return ctome_error(CTOME_ENOTFOUND, wb->path, 0, "no sheet '%s' (sheets: %s)", name, list);
}
