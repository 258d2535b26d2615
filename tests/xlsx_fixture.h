/* xlsx_fixture.h — build small .xlsx fixtures in a temporary directory with
 * libzip, so the tests of the workbook code carry no binary files.
 *
 * fx_zip writes arbitrary members (for broken workbooks); fx_xlsx writes a
 * minimal but complete workbook (package rels, workbook, workbook rels, one
 * part per sheet) from row-major grids of strings: "" or NULL is an empty
 * cell, a string that strtod reads whole is a number cell (<v>), anything
 * else an inline string.  Temporary directories: tu_mkdtemp / tu_rmtree
 * (tests/testutil.h).
 */
#ifndef CTOME_XLSX_FIXTURE_H
#define CTOME_XLSX_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "sheet.h"

/* Write a zip of `n` members; returns 0 on success. */
static inline int fx_zip(const char *path, size_t n, const char *const *names,
                         const char *const *bodies)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(bodies[i]);
        char *copy = malloc(len + 1);
        if (!copy) {
            zip_discard(z);
            return -1;
        }
        memcpy(copy, bodies[i], len + 1);
        zip_source_t *s = zip_source_buffer(z, copy, len, 1);
        if (!s || zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE) < 0) {
            if (s)
                zip_source_free(s);
            else
                free(copy);
            zip_discard(z);
            return -1;
        }
    }
    return zip_close(z) == 0 ? 0 : -1;
}

typedef struct {
    const char *name;
    size_t nr, nc;
    const char *const *cells;   /* nr * nc, row-major */
} fx_sheet;

typedef struct {
    char *s;
    size_t n, cap;
} fx_buf;

static inline void fx_put(fx_buf *b, const char *s)
{
    size_t len = strlen(s);
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->n + len + 1 > cap)
            cap *= 2;
        b->s = realloc(b->s, cap);
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, len + 1);
    b->n += len;
}

static inline void fx_put_escaped(fx_buf *b, const char *s)
{
    char one[2] = {0, 0};
    for (; *s; s++) {
        if (*s == '&')
            fx_put(b, "&amp;");
        else if (*s == '<')
            fx_put(b, "&lt;");
        else if (*s == '>')
            fx_put(b, "&gt;");
        else {
            one[0] = *s;
            fx_put(b, one);
        }
    }
}

/* The <worksheet> XML of one grid. */
static inline char *fx_sheet_xml(const fx_sheet *sh)
{
    fx_buf b = {0};
    char tmp[64];
    fx_put(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
               "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
               "<sheetData>");
    for (size_t i = 0; i < sh->nr; i++) {
        snprintf(tmp, sizeof tmp, "<row r=\"%zu\">", i + 1);
        fx_put(&b, tmp);
        for (size_t j = 0; j < sh->nc; j++) {
            const char *v = sh->cells[i * sh->nc + j];
            if (!v || !*v)
                continue;
            char ref[16], *end;
            ctome_cell_ref(i, j, ref);
            strtod(v, &end);
            int num = *end == '\0';
            snprintf(tmp, sizeof tmp, num ? "<c r=\"%s\"><v>" : "<c r=\"%s\" t=\"inlineStr\"><is><t>",
                     ref);
            fx_put(&b, tmp);
            fx_put_escaped(&b, v);
            fx_put(&b, num ? "</v></c>" : "</t></is></c>");
        }
        fx_put(&b, "</row>");
    }
    fx_put(&b, "</sheetData></worksheet>\n");
    return b.s;
}

/* Write a workbook of `n` sheets; returns 0 on success. */
static inline int fx_xlsx(const char *path, const fx_sheet *sheets, size_t n)
{
    size_t m = 3 + n;
    const char **names = calloc(m, sizeof *names);
    char **bodies = calloc(m, sizeof *bodies);
    fx_buf book = {0}, rels = {0};
    char tmp[512];
    fx_put(&book, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                  "<sheets>");
    fx_put(&rels, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (size_t i = 0; i < n; i++) {
        fx_put(&book, "<sheet name=\"");
        fx_put_escaped(&book, sheets[i].name);
        snprintf(tmp, sizeof tmp, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", i + 1, i + 1);
        fx_put(&book, tmp);
        snprintf(tmp, sizeof tmp,
                 "<Relationship Id=\"rId%zu\" Type=\"http://schemas.openxmlformats.org/"
                 "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet%zu.xml\"/>",
                 i + 1, i + 1);
        fx_put(&rels, tmp);
        char *nm = malloc(64);
        snprintf(nm, 64, "xl/worksheets/sheet%zu.xml", i + 1);
        names[3 + i] = nm;
        bodies[3 + i] = fx_sheet_xml(&sheets[i]);
    }
    fx_put(&book, "</sheets></workbook>\n");
    fx_put(&rels, "</Relationships>\n");
    names[0] = "_rels/.rels";
    bodies[0] = strdup("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                       "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas."
                       "openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                       "Target=\"xl/workbook.xml\"/></Relationships>\n");
    names[1] = "xl/workbook.xml";
    bodies[1] = book.s;
    names[2] = "xl/_rels/workbook.xml.rels";
    bodies[2] = rels.s;
    int rc = fx_zip(path, m, names, (const char *const *)bodies);
    for (size_t i = 0; i < m; i++) {
        free(bodies[i]);
        if (i >= 3)
            free((char *)names[i]);
    }
    free(names);
    free(bodies);
    return rc;
}

#endif
