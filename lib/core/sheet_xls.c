/* sheet_xls.c — legacy .xls (BIFF in an OLE compound file) through libfreexl
 * (see sheet.h).  freexl_open reads the whole workbook; a sheet is then
 * selected and its cells copied into the dense grid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctome_features.h"
#if CTOME_HAVE_FREEXL
#include <freexl.h>
#endif

#include "error.h"
#include "sheet_impl.h"

/* -------------------------------------------------------------------- .xls */

#if CTOME_HAVE_FREEXL
static const char *freexl_what(int e)
{
    switch (e) {
    case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE:
    case FREEXL_CFBF_INVALID_SECTOR_SIZE: return "broken compound-file header";
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR: return "truncated or unreadable compound file";
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY: return "corrupt allocation table";
    case FREEXL_BIFF_INVALID_BOF: return "corrupt BIFF record";
    case FREEXL_BIFF_INVALID_SST:
    case FREEXL_BIFF_ILLEGAL_SST_INDEX: return "corrupt shared-string table";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
        return "an OLE compound file without an Excel workbook stream";
    case FREEXL_INVALID_CHARACTER:
    case FREEXL_UNSUPPORTED_CHARSET: return "text in an unsupported code page";
    case FREEXL_ILLEGAL_RK_VALUE: return "corrupt number record";
    case FREEXL_CRAFTED_FILE: return "severely corrupted (crafted) file";
    default: return "unreadable";
    }
}

/* Caution: libfreexl 1.0.6 (Debian 12) is not memory-safe on crafted files:
 * fuzzing (tests/fuzz/fuzz_xlsx.c with -DCTOME_FUZZ_XLS) finds a stack-buffer
 * overflow inside freexl_open's code-page conversion within seconds.  Real,
 * merely truncated .xls files are rejected cleanly; read .xls only from
 * sources you trust. */
int ctome_xls_open(ctome_workbook *wb)
{
    int e = freexl_open(wb->path, &wb->xls);
    if (e != FREEXL_OK) {
        wb->xls = NULL;
        return ctome_error(CTOME_EFORMAT, wb->path, 0, "not a readable .xls workbook: %s (%d)",
                           freexl_what(e), e);
    }
    unsigned int count = 0;
    e = freexl_get_info(wb->xls, FREEXL_BIFF_SHEET_COUNT, &count);
    if (e != FREEXL_OK)
        return ctome_error(CTOME_EFORMAT, wb->path, 0, ".xls workbook: %s", freexl_what(e));
    wb->names = calloc(count ? count : 1, sizeof *wb->names);
    if (!wb->names)
        return ctome_error_nomem();
    for (unsigned int i = 0; i < count && i <= 0xFFFFu; i++) {
        const char *nm = NULL;
        e = freexl_get_worksheet_name(wb->xls, (unsigned short)i, &nm);
        if (e != FREEXL_OK)
            return ctome_error(CTOME_EFORMAT, wb->path, 0, ".xls sheet %u: %s", i + 1,
                               freexl_what(e));
        if (!(wb->names[i] = strdup(nm ? nm : "")))
            return ctome_error_nomem();
        wb->n++;
    }
    return CTOME_OK;
}

int ctome_xls_sheet(ctome_workbook *wb, size_t i, ctome_sheet **out)
{
    int e = freexl_select_active_worksheet(wb->xls, (unsigned short)i);
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (e == FREEXL_OK)
        e = freexl_worksheet_dimensions(wb->xls, &rows, &cols);
    if (e != FREEXL_OK)
        return ctome_error(CTOME_EFORMAT, wb->path, 0, "%s: %s", wb->names[i], freexl_what(e));
    ctome_cells cells = {0};
    int rc = CTOME_OK;
    /* freexl_worksheet_dimensions gives the row and column counts. */
    for (unsigned int r = 0; !rc && r < rows; r++) {
        for (unsigned int k = 0; !rc && k < cols; k++) {
            FreeXL_CellValue v;
            e = freexl_get_cell_value(wb->xls, r, (unsigned short)k, &v);
            if (e != FREEXL_OK) {
                char ref[16];
                ctome_cell_ref(r, k, ref);
                rc = ctome_error(CTOME_EFORMAT, wb->path, 0, "%s!%s: %s", wb->names[i], ref,
                                 freexl_what(e));
                break;
            }
            switch (v.type) {
            case FREEXL_CELL_INT:
                rc = ctome_cells_add(&cells, r, k, CTOME_CELL_NUMBER, v.value.int_value, NULL);
                break;
            case FREEXL_CELL_DOUBLE:
                rc = ctome_cells_add(&cells, r, k, CTOME_CELL_NUMBER, v.value.double_value, NULL);
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
            case FREEXL_CELL_TIME:
                if (v.value.text_value && *v.value.text_value) {
                    char *t = strdup(v.value.text_value);
                    rc = t ? ctome_cells_add(&cells, r, k, CTOME_CELL_TEXT, 0.0, t)
                           : ctome_error_nomem();
                }
                break;
            default:
                break;
            }
        }
    }
    if (!rc)
        rc = ctome_cells_to_sheet(&cells, wb->path, wb->names[i], out);
    ctome_cells_free(&cells);
    return rc;
}

void ctome_xls_close(ctome_workbook *wb)
{
    if (wb->xls)
        freexl_close(wb->xls);
    wb->xls = NULL;
}

#else /* !CTOME_HAVE_FREEXL: .xls is recognised (by its first bytes) but not read. */

int ctome_xls_open(ctome_workbook *wb)
{
    return ctome_error_feature(wb->path, "reading a legacy .xls workbook", "FreeXL", "freexl");
}

int ctome_xls_sheet(ctome_workbook *wb, size_t i, ctome_sheet **out)
{
    (void)i;
    *out = NULL;
    return ctome_xls_open(wb);
}

void ctome_xls_close(ctome_workbook *wb) { wb->xls = NULL; }

#endif /* CTOME_HAVE_FREEXL */
