/* Tests of lib/core/sheet.c: cell values of the bundled workbooks at known
 * positions (the expected values are openpyxl's and xlrd's, printed by
 * tests/ref/workbooks_ref.py into tests/ref/workbooks_ref.txt, "cell" lines),
 * laziness, and every error path on small fixtures built in a temporary
 * directory (tests/xlsx_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include "ctome.h"
#include "testutil.h"
#include "xlsx_fixture.h"

#define DATA CTOME_TEST_DATA "/connectome/"
#define COOK DATA "cook2019/SI 5 Connectome adjacency matrices, corrected July 2020.xlsx"
#define YIM DATA "yim2024_dauer/41467_2024_45943_MOESM6_ESM.xlsx"
#define BRITTIN DATA "brittin2021/41586_2021_3284_MOESM5_ESM.xlsx"
#define WITV1 DATA "witvliet2021/witvliet_2020_1.xlsx"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Cell at an A1 reference. */
static const ctome_cell *at(const ctome_sheet *s, const char *ref)
{
    size_t col = 0, k = 0, row = 0;
    while (ref[k] >= 'A' && ref[k] <= 'Z')
        col = col * 26 + (size_t)(ref[k++] - 'A' + 1);
    while (ref[k])
        row = row * 10 + (size_t)(ref[k++] - '0');
    return ctome_sheet_cell(s, row - 1, col - 1);
}

static void text_is(const ctome_sheet *s, const char *ref, const char *want)
{
    const ctome_cell *c = at(s, ref);
    assert_int_equal(c->type, CTOME_CELL_TEXT);
    assert_string_equal(c->text, want);
}

static void num_is(const ctome_sheet *s, const char *ref, double want)
{
    const ctome_cell *c = at(s, ref);
    assert_int_equal(c->type, CTOME_CELL_NUMBER);
    assert_true(c->num == want);
}

static void empty_is(const ctome_sheet *s, const char *ref)
{
    assert_int_equal(at(s, ref)->type, CTOME_CELL_EMPTY);
}

static void test_cell_ref(void **state)
{
    (void)state;
    char b[16];
    ctome_cell_ref(0, 0, b);
    assert_string_equal(b, "A1");
    ctome_cell_ref(11, 1, b);
    assert_string_equal(b, "B12");
    ctome_cell_ref(0, 25, b);
    assert_string_equal(b, "Z1");
    ctome_cell_ref(0, 26, b);
    assert_string_equal(b, "AA1");
    ctome_cell_ref(303, 457, b);
    assert_string_equal(b, "QP304");
    ctome_cell_ref(1048575, 16383, b);
    assert_string_equal(b, "XFD1048576");
}

static void test_cell_num_str(void **state)
{
    (void)state;
    double v = -1;
    ctome_cell c = {CTOME_CELL_TEXT, 0, (char *)" 12.5 "};
    assert_int_equal(ctome_cell_num(&c, &v), 0);
    assert_true(v == 12.5);
    c.text = (char *)"abc";
    assert_int_equal(ctome_cell_num(&c, &v), -2);
    c.text = (char *)"12x";
    assert_int_equal(ctome_cell_num(&c, &v), -2);
    c.text = (char *)"nan";
    assert_int_equal(ctome_cell_num(&c, &v), -2);
    c.text = (char *)"  ";
    assert_int_equal(ctome_cell_num(&c, &v), -1);
    ctome_cell e = {CTOME_CELL_EMPTY, 0, NULL};
    assert_int_equal(ctome_cell_num(&e, &v), -1);
    ctome_cell n = {CTOME_CELL_NUMBER, 0.1, NULL};
    assert_int_equal(ctome_cell_num(&n, &v), 0);
    assert_true(v == 0.1);
    char buf[32];
    assert_string_equal(ctome_cell_str(&n, buf, sizeof buf), "0.1");
    assert_string_equal(ctome_cell_str(&e, buf, sizeof buf), "");
    n.num = 28113;
    assert_string_equal(ctome_cell_str(&n, buf, sizeof buf), "28113");
}

/* Cook 2019 SI 5: openpyxl gives D1 'PHARYNX', C4 'I1L', D3 'I1L', F4 10,
 * H4 3, QO3 'vm2PR', QP4 'I1L' (repeated label column), B24 6, AV1 and AB2
 * empty; the legend A1 is rich text whose runs concatenate. */
static void test_cook_cells(void **state)
{
    (void)state;
    double t0 = now();
    ctome_workbook *wb;
    assert_int_equal(ctome_workbook_open(COOK, &wb), CTOME_OK);
    assert_int_equal(ctome_workbook_n_sheets(wb), 7);
    assert_string_equal(ctome_workbook_sheet_name(wb, 0), "TITLE AND LEGEND");
    assert_string_equal(ctome_workbook_sheet_name(wb, 6), "male gap jn symmetric");
    assert_null(ctome_workbook_sheet_name(wb, 7));
    assert_string_equal(ctome_workbook_path(wb), COOK);
    const ctome_sheet *s, *again;
    assert_int_equal(ctome_workbook_sheet(wb, "hermaphrodite chemical", &s), CTOME_OK);
    double dt = now() - t0;
    /* Target 0.3 s optimised (about 0.05 s measured); generous here so that
     * sanitizer and debug builds pass. */
    assert_true(dt < 3.0);
    assert_string_equal(s->name, "hermaphrodite chemical");
    assert_int_equal(s->nrows, 304);
    assert_int_equal(s->ncols, 458);
    text_is(s, "D1", "PHARYNX");
    text_is(s, "C4", "I1L");
    text_is(s, "D3", "I1L");
    num_is(s, "F4", 10);
    num_is(s, "H4", 3);
    text_is(s, "QO3", "vm2PR");
    text_is(s, "QP4", "I1L");
    num_is(s, "B24", 6);
    empty_is(s, "AV1");
    empty_is(s, "AB2");
    empty_is(s, "ZZ9999");      /* outside the bounding box */
    /* parsed once: the same object comes back */
    assert_int_equal(ctome_workbook_sheet_at(wb, 1, &again), CTOME_OK);
    assert_ptr_equal(s, again);
    assert_int_equal(ctome_workbook_sheet(wb, "TITLE AND LEGEND", &s), CTOME_OK);
    assert_int_equal(at(s, "A1")->type, CTOME_CELL_TEXT);
    assert_int_equal(strncmp(at(s, "A1")->text, "Connectome Adjacency Matrices  These she", 40), 0);
    ctome_workbook_close(wb);
}

/* Yim 2024: openpyxl gives Dauer C1 'ADAL', C2 1, A3 'ADAL', B3 1,
 * HP1 'GLRVR', A224 'GLRVR', and ASHL -> AVAL (row 35, column 45) =
 * 1811339.277291. */
static void test_yim_cells(void **state)
{
    (void)state;
    ctome_workbook *wb;
    assert_int_equal(ctome_workbook_open(YIM, &wb), CTOME_OK);
    assert_int_equal(ctome_workbook_n_sheets(wb), 22);
    const ctome_sheet *s;
    assert_int_equal(ctome_workbook_sheet(wb, "Dauer", &s), CTOME_OK);
    assert_int_equal(s->nrows, 224);
    assert_int_equal(s->ncols, 224);
    text_is(s, "C1", "ADAL");
    num_is(s, "C2", 1);
    text_is(s, "A3", "ADAL");
    num_is(s, "B3", 1);
    text_is(s, "HP1", "GLRVR");
    text_is(s, "A224", "GLRVR");
    text_is(s, "A35", "ASHL");
    text_is(s, "AS1", "AVAL");
    assert_true(fabs(ctome_sheet_cell(s, 34, 44)->num - 1811339.277291) < 1e-6);
    /* L1_2 carries trailing styled rows (openpyxl: 304 rows) that hold no value */
    assert_int_equal(ctome_workbook_sheet(wb, "L1_2", &s), CTOME_OK);
    assert_int_equal(s->nrows, 224);
    ctome_workbook_close(wb);
}

/* Brittin 2021: M!C2 1775, C!C4 3.5, M!A2956 'IL2L', M!C2956 7103.25. */
static void test_brittin_cells(void **state)
{
    (void)state;
    ctome_workbook *wb;
    assert_int_equal(ctome_workbook_open(BRITTIN, &wb), CTOME_OK);
    const ctome_sheet *s;
    assert_int_equal(ctome_workbook_sheet(wb, "M", &s), CTOME_OK);
    num_is(s, "C2", 1775);
    text_is(s, "A2956", "IL2L");
    num_is(s, "C2956", 7103.25);
    assert_int_equal(s->nrows, 2956);
    assert_int_equal(ctome_workbook_sheet(wb, "C", &s), CTOME_OK);
    num_is(s, "C4", 3.5);
    ctome_workbook_close(wb);
}

/* Legacy .xls through freexl; xlrd gives NeuronType.csv 280 x 16 with
 * D1 ' Span ' (spaces kept), A2 'ADAL', B2 0.21, A280 'VD13', B280 0.8, and
 * NeuronConnect.csv 6418 x 4 with A2 'ADAR', C2 'EJ', D2 1, A6418 'VD13',
 * B6418 'NMJ', D6418 12. */
static void test_xls_cells(void **state)
{
    if (!CTOME_HAVE_FREEXL)
        skip();     /* a build without FreeXL: the xlsx cases still run */
    (void)state;
    ctome_workbook *wb;
    assert_int_equal(ctome_workbook_open(DATA "varshney2011/NeuronType.xls", &wb), CTOME_OK);
    assert_int_equal(ctome_workbook_n_sheets(wb), 1);
    const ctome_sheet *s;
    assert_int_equal(ctome_workbook_sheet(wb, "NeuronType.csv", &s), CTOME_OK);
    assert_int_equal(s->nrows, 280);
    assert_int_equal(s->ncols, 16);
    text_is(s, "D1", " Span ");
    text_is(s, "A2", "ADAL");
    num_is(s, "B2", 0.21);
    text_is(s, "A280", "VD13");
    num_is(s, "B280", 0.8);
    ctome_workbook_close(wb);

    assert_int_equal(ctome_workbook_open(DATA "varshney2011/NeuronConnect.xls", &wb), CTOME_OK);
    assert_int_equal(ctome_workbook_sheet_at(wb, 0, &s), CTOME_OK);
    assert_string_equal(s->name, "NeuronConnect.csv");
    assert_int_equal(s->nrows, 6418);
    assert_int_equal(s->ncols, 4);
    text_is(s, "A2", "ADAR");
    text_is(s, "C2", "EJ");
    num_is(s, "D2", 1);
    text_is(s, "A6418", "VD13");
    text_is(s, "B6418", "NMJ");
    num_is(s, "D6418", 12);
    ctome_workbook_close(wb);
}

static void test_unknown_sheet(void **state)
{
    (void)state;
    ctome_workbook *wb;
    assert_int_equal(ctome_workbook_open(COOK, &wb), CTOME_OK);
    const ctome_sheet *s = (const ctome_sheet *)1;
    assert_int_equal(ctome_workbook_sheet(wb, "hermaphrodite", &s), CTOME_ENOTFOUND);
    assert_null(s);
    const char *m = ctome_error_message();
    assert_non_null(strstr(m, "no sheet 'hermaphrodite'"));
    assert_non_null(strstr(m, "'hermaphrodite chemical'"));
    assert_non_null(strstr(m, "'male gap jn symmetric'"));
    assert_int_equal(ctome_workbook_sheet_at(wb, 7, &s), CTOME_ENOTFOUND);
    ctome_workbook_close(wb);
}

static void open_fails(const char *path, int code, const char *needle)
{
    ctome_workbook *wb = (ctome_workbook *)1;
    assert_int_equal(ctome_workbook_open(path, &wb), code);
    assert_null(wb);
    if (needle && !strstr(ctome_error_message(), needle))
        fail_msg("message '%s' lacks '%s'", ctome_error_message(), needle);
    assert_non_null(strstr(ctome_error_message(), path));
}

/* Non-workbooks: missing, directory, empty, text, a truncated zip, a zip that
 * is no workbook, a compound file that is no spreadsheet. */
static void test_not_workbooks(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("wbtest");
    assert_non_null(dir);
    char *p = tu_join(dir, "x");
    open_fails("/nonexistent/ctome.xlsx", CTOME_EIO, "cannot open");
    open_fails(dir, CTOME_EIO, "directory");
    tu_write(p, "", 0);
    open_fails(p, CTOME_EFORMAT, "empty");
    tu_write(p, "pre,post\nADAL,AVAL\n", 20);
    open_fails(p, CTOME_EFORMAT, "not a workbook");

    /* the first 60% of a real workbook: no central directory */
    char *buf;
    size_t len;
    assert_int_equal(ctome_file_read(WITV1, &buf, &len), CTOME_OK);
    tu_write(p, buf, len * 6 / 10);
    open_fails(p, CTOME_EFORMAT, "broken zip");
    /* the same workbook with compressed sheet bytes flipped: the zip opens, the
     * sheet part fails its inflate or CRC check when read */
    size_t off = len / 2;
    for (size_t i = 0; i < 64; i++)
        buf[off + i] ^= 0x5a;
    tu_write(p, buf, len);
    free(buf);
    ctome_workbook *wb = NULL;
    int rc = ctome_workbook_open(p, &wb);
    if (rc == CTOME_OK) {
        const ctome_sheet *s;
        rc = ctome_workbook_sheet_at(wb, 0, &s);
        ctome_workbook_close(wb);
    }
    assert_int_equal(rc, CTOME_EFORMAT);

    const char *names[] = {"hello.txt"}, *bodies[] = {"hello"};
    assert_int_equal(fx_zip(p, 1, names, bodies), 0);
    open_fails(p, CTOME_EFORMAT, "not an .xlsx workbook");

    unsigned char cfb[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    tu_write(p, cfb, sizeof cfb);
    if (CTOME_HAVE_FREEXL)
        open_fails(p, CTOME_EFORMAT, "not a readable .xls");
    else
        open_fails(p, CTOME_ENOTSUP, "reading a legacy .xls workbook needs FreeXL");
    free(p);
    tu_rmtree(dir);
}

static const char *WB_XML =
    "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
    "2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
#define RELS_HEAD                                                                             \
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/"    \
    "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"   \
    "officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
/* Absolute target above, relative one below: both resolve under xl/. */
static const char *RELS_NO_SST = RELS_HEAD "</Relationships>";
static const char *RELS_XML = RELS_HEAD
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";

/* Open the one-sheet workbook {workbook, rels, sheet1 = sheet, sst} and parse
 * Sheet1; returns the status and leaves the workbook in *out on success. */
static int one_sheet(const char *path, const char *sheet, const char *sst, ctome_workbook **out,
                     const ctome_sheet **s)
{
    const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                           "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"};
    const char *bodies[] = {WB_XML, sst ? RELS_XML : RELS_NO_SST, sheet, sst};
    assert_int_equal(fx_zip(path, sst ? 4 : 3, names, bodies), 0);
    *out = NULL;
    int rc = ctome_workbook_open(path, out);
    if (rc)
        return rc;
    rc = ctome_workbook_sheet(*out, "Sheet1", s);
    if (rc) {
        ctome_workbook_close(*out);
        *out = NULL;
    }
    return rc;
}

#define SHEET_HEAD "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\n<sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

/* Cell types s/n/str/inlineStr/b/e, rich text and phonetic runs, refs
 * omitted, sparse rows, a prefixed namespace, "" shared strings. */
static void test_xlsx_features(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("wbtest");
    char *p = tu_join(dir, "f.xlsx");
    const char *sst =
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<si><t>plain</t></si>"
        "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">rich </t></r><r><t>text</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
        "<si><t></t></si>"
        "<si><t>a&amp;b</t></si></sst>";
    const char *sheet =
        SHEET_HEAD
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>\n"
        "<row r=\"3\"><c r=\"A3\"><v>2.5</v></c><c r=\"B3\" t=\"n\"><f>A3*2</f><v>5</v></c>"
        "<c r=\"C3\" t=\"str\"><f>\"x\"</f><v>formula text</v></c>"
        "<c r=\"D3\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r></is></c>"
        "<c r=\"E3\" t=\"b\"><v>1</v></c><c r=\"F3\" t=\"e\"><v>#N/A</v></c>"
        "<c r=\"G3\" s=\"4\"/><c r=\"AB3\"><v>-7</v></c></row>\n"
        "<row><c><v>10</v></c><c><v>11</v></c><c r=\"E4\"><v>14</v></c><c><v>15</v></c></row>\n"
        "<row r=\"9\" spans=\"1:2\"><c r=\"B9\" t=\"inlineStr\"><is><t>12</t></is></c></row>"
        SHEET_TAIL;
    ctome_workbook *wb;
    const ctome_sheet *s;
    assert_int_equal(one_sheet(p, sheet, sst, &wb, &s), CTOME_OK);
    assert_int_equal(s->nrows, 9);
    assert_int_equal(s->ncols, 28);
    text_is(s, "A1", "plain");
    text_is(s, "B1", "rich text");
    empty_is(s, "C1");
    text_is(s, "D1", "a&b");
    num_is(s, "A3", 2.5);
    num_is(s, "B3", 5);
    text_is(s, "C3", "formula text");
    text_is(s, "D3", "inline");
    num_is(s, "E3", 1);
    text_is(s, "F3", "#N/A");
    empty_is(s, "G3");
    num_is(s, "AB3", -7);
    num_is(s, "A4", 10);
    num_is(s, "B4", 11);
    num_is(s, "E4", 14);
    num_is(s, "F4", 15);
    empty_is(s, "A2");
    text_is(s, "B9", "12");     /* a number written as text */
    double v;
    assert_int_equal(ctome_cell_num(at(s, "B9"), &v), 0);
    assert_true(v == 12);
    ctome_workbook_close(wb);

    /* SpreadsheetML under an "x:" prefix, as some .NET writers emit it */
    const char *pfx =
        "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/"
        "spreadsheetml/2006/main\"><x:sheetData><x:row r=\"2\"><x:c r=\"B2\"><x:v>3</x:v></x:c>"
        "</x:row></x:sheetData></x:worksheet>";
    assert_int_equal(one_sheet(p, pfx, NULL, &wb, &s), CTOME_OK);
    num_is(s, "B2", 3);
    ctome_workbook_close(wb);
    free(p);
    tu_rmtree(dir);
}

static void sheet_fails(const char *path, const char *sheet, const char *sst, int code,
                        const char *needle)
{
    ctome_workbook *wb;
    const ctome_sheet *s;
    assert_int_equal(one_sheet(path, sheet, sst, &wb, &s), code);
    if (!strstr(ctome_error_message(), needle))
        fail_msg("message '%s' lacks '%s'", ctome_error_message(), needle);
}

/* Garbled XML (with expat's line), bad references, bad numbers, shared string
 * index out of range, missing parts, a grid too large to hold densely. */
static void test_xlsx_errors(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("wbtest");
    char *p = tu_join(dir, "e.xlsx");
    sheet_fails(p, SHEET_HEAD "\n<row r=\"1\"><c r=\"A1\"><v>1</v></row>" SHEET_TAIL, NULL,
                CTOME_EFORMAT, "xl/worksheets/sheet1.xml line 4: malformed XML: mismatched tag");
    sheet_fails(p, SHEET_HEAD "<row r=\"1\"><c r=\"A1\"><v>1</v></c>", NULL, CTOME_EFORMAT,
                "malformed XML");      /* truncated part */
    sheet_fails(p, SHEET_HEAD "<row r=\"1\"><c r=\"A0\"><v>1</v></c></row>" SHEET_TAIL, NULL,
                CTOME_EFORMAT, "Sheet1: bad cell reference 'A0'");
    sheet_fails(p, SHEET_HEAD "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>" SHEET_TAIL, NULL,
                CTOME_EFORMAT, "bad cell reference 'XFE1'");
    sheet_fails(p, SHEET_HEAD "<row r=\"x\"></row>" SHEET_TAIL, NULL, CTOME_EFORMAT,
                "bad row number 'x'");
    sheet_fails(p, SHEET_HEAD "<row r=\"12\"><c r=\"B12\"><v>1,5</v></c></row>" SHEET_TAIL,
                NULL, CTOME_EFORMAT, "Sheet1!B12: bad number '1,5'");
    sheet_fails(p, SHEET_HEAD "<row r=\"1\"><c r=\"C1\" t=\"s\"><v>7</v></c></row>" SHEET_TAIL,
                "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                "<si><t>a</t></si></sst>",
                CTOME_EFORMAT, "Sheet1!C1: shared string index out of range '7'");
    sheet_fails(p, SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"zz\"><v>1</v></c></row>" SHEET_TAIL,
                NULL, CTOME_EFORMAT, "Sheet1!A1: unknown cell type 'zz'");
    sheet_fails(p, SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" SHEET_TAIL,
                "<sst><si><t>a</si></sst>", CTOME_EFORMAT,
                "xl/sharedStrings.xml line 1: malformed XML");
    sheet_fails(p, SHEET_HEAD "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>"
                SHEET_TAIL, NULL, CTOME_EFORMAT, "too large for a dense grid");

    /* missing parts */
    const char *n1[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
    const char *b1[] = {WB_XML, RELS_NO_SST};
    assert_int_equal(fx_zip(p, 2, n1, b1), 0);
    ctome_workbook *wb;
    assert_int_equal(ctome_workbook_open(p, &wb), CTOME_OK);     /* sheets are lazy */
    const ctome_sheet *s;
    assert_int_equal(ctome_workbook_sheet_at(wb, 0, &s), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "part 'xl/worksheets/sheet1.xml' is missing"));
    ctome_workbook_close(wb);
    const char *n0[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                        "xl/worksheets/sheet1.xml"};
    const char *b0[] = {WB_XML, RELS_XML, SHEET_HEAD SHEET_TAIL};
    assert_int_equal(fx_zip(p, 3, n0, b0), 0);    /* rels name a sharedStrings part */
    assert_int_equal(ctome_workbook_open(p, &wb), CTOME_OK);
    assert_int_equal(ctome_workbook_sheet_at(wb, 0, &s), CTOME_EFORMAT);
    assert_non_null(strstr(ctome_error_message(), "part 'xl/sharedStrings.xml' is missing"));
    ctome_workbook_close(wb);
    assert_int_equal(fx_zip(p, 1, n1, b1), 0);
    open_fails(p, CTOME_EFORMAT, "'xl/_rels/workbook.xml.rels' is missing");
    const char *b2[] = {WB_XML, "<Relationships/>"};
    assert_int_equal(fx_zip(p, 2, n1, b2), 0);
    open_fails(p, CTOME_EFORMAT, "sheet 'Sheet1': relationship 'rId1' is not in");
    const char *b3[] = {"<workbook><sheets><sheet name=\"a\"/></sheets></workbook>", RELS_XML};
    assert_int_equal(fx_zip(p, 2, n1, b3), 0);
    open_fails(p, CTOME_EFORMAT, "without name or r:id");
    const char *b4[] = {"<workbook><sheets>", RELS_XML};
    assert_int_equal(fx_zip(p, 2, n1, b4), 0);
    open_fails(p, CTOME_EFORMAT, "xl/workbook.xml line 1: malformed XML");
    const char *b5[] = {"<workbook><sheets/></workbook>", RELS_XML};
    assert_int_equal(fx_zip(p, 2, n1, b5), 0);
    open_fails(p, CTOME_EFORMAT, "no sheets");
    free(p);
    tu_rmtree(dir);
}

/* fx_xlsx round trip: the fixture writer itself is sound. */
static void test_fixture_writer(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp("wbtest");
    char *p = tu_join(dir, "g.xlsx");
    const char *g[] = {"pre", "post", "w", "AVAL", "AVBL", "3", "", "a<b", "-1.5"};
    fx_sheet sh[] = {{"one", 3, 3, g}, {"two & more", 1, 3, g}};
    assert_int_equal(fx_xlsx(p, sh, 2), 0);
    ctome_workbook *wb;
    assert_int_equal(ctome_workbook_open(p, &wb), CTOME_OK);
    assert_int_equal(ctome_workbook_n_sheets(wb), 2);
    assert_string_equal(ctome_workbook_sheet_name(wb, 1), "two & more");
    const ctome_sheet *s;
    assert_int_equal(ctome_workbook_sheet(wb, "one", &s), CTOME_OK);
    text_is(s, "B2", "AVBL");
    num_is(s, "C2", 3);
    empty_is(s, "A3");
    text_is(s, "B3", "a<b");
    num_is(s, "C3", -1.5);
    ctome_workbook_close(wb);
    free(p);
    tu_rmtree(dir);
}

int main(void)
{
    ctome_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_ref),
        cmocka_unit_test(test_cell_num_str),
        cmocka_unit_test(test_cook_cells),
        cmocka_unit_test(test_yim_cells),
        cmocka_unit_test(test_brittin_cells),
        cmocka_unit_test(test_xls_cells),
        cmocka_unit_test(test_unknown_sheet),
        cmocka_unit_test(test_not_workbooks),
        cmocka_unit_test(test_xlsx_features),
        cmocka_unit_test(test_xlsx_errors),
        cmocka_unit_test(test_fixture_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
