#!/bin/sh
# The counts table of docs/datasets.md ("id | sex, stage | layer | neurons |
# edges | total weight | unit | sources"): `ctome datasets` as markdown rows
# (the id and "sex, stage" only on a dataset's first layer).  The script
# writes the rows to docs/regen/out/datasets.md (or the slice directory);
# the test checks that each is a line of docs/datasets.md.  Cheap (a few
# seconds), so the slice is the full run.
. docs/regen/common.sh "$@"
dir=${SLICE:-docs/regen/out}
mkdir -p "$dir"
run_to "$dir/datasets.tsv.tmp" "$CTOME" datasets
awk -F'\t' 'NR > 1 {
        first = $1 != prev
        prev = $1
        printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", first ? $1 : "", first ? $2 ", " $3 : "", $4, $6, $7,
            $8, $9, first ? $10 : ""
    }' "$dir/datasets.tsv.tmp" > "$dir/datasets.md"
rm -f "$dir/datasets.tsv.tmp"
