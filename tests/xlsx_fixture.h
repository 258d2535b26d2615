/* xlsx_fixture.h — build small .xlsx fixtures in a temporary directory with
 * zlib, so the tests of the workbook code carry no binary files.
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

#include <stdint.h>

#include <zlib.h>

#include "sheet.h"

/* Little-endian fields of the zip records. */
static inline void fx_le(unsigned char *p, unsigned long v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Write a zip of `n` members (PKWARE APPNOTE 4.3: local headers + data, then
 * the central directory and its end record), each deflated as a raw stream
 * like Excel's own; returns 0 on success.  A writer of its own (zlib only), so
 * the tests need no zip library; the reader is checked against archives made
 * by other writers in tests/fixtures/zip/ (test_zipread.c). */
static inline int fx_zip(const char *path, size_t n, const char *const *names,
                         const char *const *bodies)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    unsigned long *offs = calloc(n ? n : 1, sizeof *offs), *crcs = calloc(n ? n : 1, sizeof *crcs);
    unsigned long *csz = calloc(n ? n : 1, sizeof *csz), *usz = calloc(n ? n : 1, sizeof *usz);
    int ok = offs && crcs && csz && usz;
    unsigned long pos = 0;
    for (size_t i = 0; ok && i < n; i++) {
        size_t len = strlen(bodies[i]), nl = strlen(names[i]);
        uLong bound = compressBound((uLong)len) + 64;
        unsigned char *out = malloc(bound);
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        ok = out && deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8,
                                 Z_DEFAULT_STRATEGY) == Z_OK;
        if (ok) {
            zs.next_in = (Bytef *)(uintptr_t)bodies[i];
            zs.avail_in = (uInt)len;
            zs.next_out = out;
            zs.avail_out = (uInt)bound;
            ok = deflate(&zs, Z_FINISH) == Z_STREAM_END;
            csz[i] = zs.total_out;
            deflateEnd(&zs);
        }
        usz[i] = len;
        crcs[i] = crc32(0L, (const Bytef *)bodies[i], (uInt)len);
        offs[i] = pos;
        unsigned char h[30] = {0x50, 0x4b, 0x03, 0x04, 20, 0};
        fx_le(h + 8, 8, 2);
        fx_le(h + 14, crcs[i], 4);
        fx_le(h + 18, csz[i], 4);
        fx_le(h + 22, usz[i], 4);
        fx_le(h + 26, nl, 2);
        ok = ok && fwrite(h, 1, 30, f) == 30 && fwrite(names[i], 1, nl, f) == nl &&
             fwrite(out, 1, csz[i], f) == csz[i];
        pos += 30 + nl + csz[i];
        free(out);
    }
    unsigned long cd = pos;
    for (size_t i = 0; ok && i < n; i++) {
        size_t nl = strlen(names[i]);
        unsigned char h[46] = {0x50, 0x4b, 0x01, 0x02, 20, 3, 20, 0};
        fx_le(h + 10, 8, 2);
        fx_le(h + 16, crcs[i], 4);
        fx_le(h + 20, csz[i], 4);
        fx_le(h + 24, usz[i], 4);
        fx_le(h + 28, nl, 2);
        fx_le(h + 42, offs[i], 4);
        ok = fwrite(h, 1, 46, f) == 46 && fwrite(names[i], 1, nl, f) == nl;
        pos += 46 + nl;
    }
    unsigned char e[22] = {0x50, 0x4b, 0x05, 0x06};
    fx_le(e + 8, n, 2);
    fx_le(e + 10, n, 2);
    fx_le(e + 12, pos - cd, 4);
    fx_le(e + 16, cd, 4);
    ok = ok && fwrite(e, 1, 22, f) == 22;
    free(offs), free(crcs), free(csz), free(usz);
    return fclose(f) == 0 && ok ? 0 : -1;
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
