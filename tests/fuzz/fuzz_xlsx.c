/* fuzz_xlsx.c — libFuzzer harness for the workbook layer (lib/formats/sheet.c)
 * and the workbook connectome readers (lib/formats/workbooks.c).
 *
 * One entry: the input bytes are written to a temporary file, which is opened
 * as a workbook (.xlsx or .xls by magic bytes); every sheet is parsed and every
 * cell visited through the public accessors; then each workbook reader (Cook
 * SI 5 for both sexes, Witvliet, Brittin, Yim, Varshney) reads the file into a
 * fresh connectome, which is finalised and freed.  Whatever the bytes, every
 * call must return a status: no crash, leak, hang or out-of-bounds access.
 *
 * Seeds: the bundled workbooks under data/connectome/ (small ones, e.g.
 * witvliet2021/witvliet_2020_1.xlsx, the Brittin workbook,
 * varshney2011/NeuronType.xls), plus the zip fixtures that tests/test_sheet.c
 * builds.  A dictionary of SpreadsheetML tokens helps: <c r=" t="s" <v> <is>
 * <t> <si> <sheetData> <row r=" r:id=" Target=".
 *
 * Legacy .xls inputs (OLE compound-file magic D0 CF 11 E0) are skipped unless
 * built with -DCTOME_FUZZ_XLS: libfreexl 1.0.6 (Debian 12) is not memory-safe
 * on crafted files (within seconds the fuzzer finds a stack-buffer overflow
 * inside freexl_open's iconv conversion, from a NeuronType.xls with shifted
 * bytes), which would stop every run in a library we do not own.
 *
 * Build with clang:
 *   clang -g -fsanitize=fuzzer,address,undefined -Ilib/... fuzz_xlsx.c -lctome ...
 * Without libFuzzer, -DCTOME_FUZZ_MAIN gives a main() that replays the files
 * named on the command line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connectome.h"
#include "error.h"
#include "readers.h"
#include "sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*reader_fn)(const char *, const ctome_read_opts *, ctome_connectome *);

static void visit_workbook(const char *path)
{
    ctome_workbook *wb;
    if (ctome_workbook_open(path, &wb) != CTOME_OK)
        return;
    size_t n = ctome_workbook_n_sheets(wb);
    for (size_t i = 0; i < n; i++) {
        const ctome_sheet *s;
        const char *name = ctome_workbook_sheet_name(wb, i);
        /* by name, then again by index: the second call must hit the cache */
        if (ctome_workbook_sheet(wb, name, &s) != CTOME_OK)
            continue;
        const ctome_sheet *again;
        if (ctome_workbook_sheet_at(wb, i, &again) != CTOME_OK || again != s)
            abort();
        char buf[64], ref[16];
        double v;
        for (size_t r = 0; r <= s->nrows; r++)
            for (size_t c = 0; c <= s->ncols; c++) {
                const ctome_cell *cl = ctome_sheet_cell(s, r, c);
                ctome_cell_str(cl, buf, sizeof buf);
                (void)ctome_cell_num(cl, &v);
                if (r == s->nrows || c == s->ncols) {
                    if (cl->type != CTOME_CELL_EMPTY)
                        abort();    /* outside the bounding box */
                    ctome_cell_ref(r, c, ref);
                }
            }
    }
    const ctome_sheet *none;
    (void)ctome_workbook_sheet(wb, "no such sheet", &none);
    ctome_workbook_close(wb);
}

static void run_readers(const char *path)
{
    static const reader_fn readers[] = {ctome_read_cook_si5, ctome_read_cook_si5,
                                        ctome_read_witvliet_xlsx, ctome_read_brittin_xlsx,
                                        ctome_read_yim_xlsx, ctome_read_varshney_xls};
    for (size_t k = 0; k < sizeof readers / sizeof *readers; k++) {
        ctome_read_opts o = {0};
        o.sex = k == 1;
        ctome_connectome *c;
        if (ctome_connectome_new("fuzz", NULL, &c) != CTOME_OK)
            return;
        if (readers[k](path, &o, c) == CTOME_OK)
            (void)ctome_connectome_finalise(c);
        ctome_connectome_free(c);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t cfb[4] = {0xD0, 0xCF, 0x11, 0xE0};
#ifndef CTOME_FUZZ_XLS
    if (size >= 4 && memcmp(data, cfb, 4) == 0)
        return 0;
#else
    (void)cfb;
#endif
    static int ready;
    if (!ready) {
        ctome_error_handlers_off();
        ready = 1;
    }
    char path[] = "/tmp/ctome_fuzz_xlsx_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(path);
        return 0;
    }
    size_t put = size ? fwrite(data, 1, size, fp) : 0;
    fclose(fp);
    if (put == size) {
        visit_workbook(path);
        run_readers(path);
    }
    unlink(path);
    return 0;
}

#ifdef CTOME_FUZZ_MAIN
int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        if (!fp) {
            perror(argv[i]);
            return 1;
        }
        uint8_t *buf = NULL;
        size_t n = 0, cap = 0;
        for (;;) {
            if (n == cap) {
                cap = cap ? 2 * cap : 1 << 16;
                uint8_t *b = realloc(buf, cap);
                if (!b) {
                    free(buf);
                    fclose(fp);
                    return 1;
                }
                buf = b;
            }
            size_t got = fread(buf + n, 1, cap - n, fp);
            n += got;
            if (got == 0)
                break;
        }
        fclose(fp);
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
        printf("%s: ok\n", argv[i]);
    }
    return 0;
}
#endif
