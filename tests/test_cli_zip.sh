#!/bin/sh
# .xlsx workbooks read through ctome's own zip reader (lib/core/zipread.c, no
# zip library): a bundled workbook reads with the counts `ctome datasets`
# lists, and damaged or unsupported archives end in a named error, exit 1 and
# no output file.  Needs no optional feature, so it runs in the minimal build.
CTOME_NEEDS=""
. "${CTOME_TESTS:?}/cli_common.sh"
zx=$CTOME_TESTS/fixtures/zip
wb=$CTOME_DATA/connectome/witvliet2021/witvliet_2020_8.xlsx

# the whole workbook: Witvliet 2021 dataset 8, 1933 chemical edges of weight
# 7099 and 296 electrical of weight 415 between neurons (docs/datasets.md)
expect 0 "chemical	true	180	1933	7099" -- "$bin" info "$wb"
expect 0 "electrical	false	153	296	415" -- "$bin" info "$wb"

# cut short: the end-of-central-directory record is gone
head -c 3000 "$wb" > "$t/cut.xlsx"
expect 1 "cut.xlsx: broken zip archive: no end-of-central-directory record" -- \
    "$bin" export "$t/cut.xlsx" -l chemical -f edgelist -o "$t/out.tsv"
no_file "$t/out.tsv"
# the last byte missing: the end record's comment length no longer fits
size=$(wc -c < "$wb")
head -c $((size - 1)) "$wb" > "$t/cut1.xlsx"
expect 1 "cut1.xlsx: broken zip archive: no end-of-central-directory record" -- \
    "$bin" info "$t/cut1.xlsx"
# ZIP64 (Info-ZIP zip -fz) is refused, naming the file
cp "$zx/z64.zip" "$t/z64.xlsx"
expect 1 "z64.xlsx: broken zip archive: ZIP64 archives are not supported" -- \
    "$bin" export "$t/z64.xlsx" -l chemical -f edgelist -o "$t/out.tsv"
no_file "$t/out.tsv"
# a zip that is not a workbook
cp "$zx/mixed.zip" "$t/mixed.xlsx"
expect 1 "mixed.xlsx: a zip archive but not an .xlsx workbook (no part 'xl/workbook.xml')" -- \
    "$bin" info "$t/mixed.xlsx"

cli_done
