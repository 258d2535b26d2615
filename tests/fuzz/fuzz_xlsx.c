/* fuzz_xlsx.c — libFuzzer harness for the workbook layer (lib/core/sheet.c)
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
 * Build the libFuzzer binary with `meson setup -Dfuzz=true` and clang
 * (tests/fuzz/README.md).
 * Without libFuzzer, -DCTOME_FUZZ_MAIN gives a main() (fuzz_common.h) that
 * replays the files and directories named on the command line; `meson test`
 * replays tests/fuzz/corpus_xlsx/ (tests/fuzz/make_corpus_xlsx.py) that way.
 */
#include "connectome.h"
#include "fuzz_common.h"
#include "readers.h"
#include "sheet.h"

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
    fuzz_init();
    char path[64];
    if (fuzz_write_temp("xlsx", data, size, path, sizeof path))
        return 0;
    visit_workbook(path);
    run_readers(path);
    unlink(path);
    return 0;
}
