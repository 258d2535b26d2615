#!/bin/sh
# CLI tests: the real binary on the bundled data — outputs, exit codes, error
# messages, and that a failed command leaves no output file behind.
# Needs CTOME_BIN (set by meson) and a writable temporary folder.
set -u
bin=${CTOME_BIN:?set CTOME_BIN to the ctome binary}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect CODE PATTERN -- command...: exit code and a stderr/stdout pattern
expect() {
    code=$1 pat=$2
    shift 3
    "$@" > "$t/out" 2> "$t/err"
    rc=$?
    if [ "$rc" -ne "$code" ]; then bad "$* -> exit $rc, want $code: $(head -c 300 "$t/err")"; return; fi
    if [ -n "$pat" ] && ! grep -q -e "$pat" "$t/out" "$t/err"; then
        bad "$* -> output lacks '$pat': $(head -c 300 "$t/err")"; return
    fi
    ok
}

# no_file PATH: a failed command must not leave PATH (nor temporaries) behind
no_file() {
    if [ -e "$1" ] || ls "$1".tmp* >/dev/null 2>&1; then bad "left $1 behind"; else ok; fi
}

# --- usage -------------------------------------------------------------
expect 2 "Usage: ctome" -- "$bin"
expect 0 "compare-sources" -- "$bin" --help
expect 2 "unknown command" -- "$bin" frobnicate
expect 0 "References" -- "$bin" help neurons
expect 0 "Usage: ctome export" -- "$bin" export --help
expect 2 "required" -- "$bin" ingest cook2019-herm
expect 2 "format must be" -- "$bin" export cook2019-herm --layer chemical --format pdf -o "$t/x"
expect 2 "order must be" -- "$bin" plot adjacency cook2019-herm --order bogus -o "$t/x.png"
expect 2 "bad option" -- "$bin" datasets --bogus

# --- registry ----------------------------------------------------------
expect 0 "AVAL	AVA	interneuron	both	acetylcholine	excitatory" -- "$bin" neurons AVAL
expect 0 "^DB01	DB	motor" -- "$bin" neurons db1
expect 0 '"partner": "AVAR"' -- "$bin" neurons --json AVAL
"$bin" neurons > "$t/n.tsv" && [ "$(tail -n +2 "$t/n.tsv" | wc -l)" -eq 302 ] && ok || bad "ctome neurons does not list 302 neurons"
"$bin" neurons --sex male > "$t/m.tsv" && [ "$(tail -n +2 "$t/m.tsv" | wc -l)" -eq 91 ] && ok || bad "ctome neurons --sex male does not list 91 neurons"
expect 1 "unknown neuron 'NOTANEURON'" -- "$bin" neurons NOTANEURON

# --- datasets, info, compare-sources -----------------------------------
expect 0 "cook2019-herm	hermaphrodite	adult	chemical	1	302	3671	20848" -- "$bin" datasets
expect 0 '"id": "witvliet2021-8"' -- "$bin" datasets --json
expect 0 "^chemical	1	279	2194	6394" -- "$bin" info varshney2011
expect 0 "3482 shared (3462 same weight, 20 differ), 189 only in A, 122 only in B" -- "$bin" compare-sources cook2019-herm
expect 0 "2194 shared (2194 same weight, 0 differ), 0 only in A, 0 only in B" -- "$bin" compare-sources varshney2011
expect 1 "single bundled source" -- "$bin" compare-sources yim2024-dauer
expect 1 "unknown dataset 'nope'" -- "$bin" compare-sources nope

# --- ingest, info on a store, export -----------------------------------
expect 0 "" -- "$bin" ingest cook2019-herm varshney2011 -o "$t/s.h5"
expect 0 "^chemical	1	279	2194	6394" -- "$bin" info "$t/s.h5:varshney2011"
expect 0 "# cook2019-herm" -- "$bin" info "$t/s.h5"
expect 0 "" -- "$bin" export "$t/s.h5:varshney2011" --layer chemical --format edgelist -o "$t/v.tsv"
[ "$(tail -n +2 "$t/v.tsv" | wc -l)" -eq 2194 ] && ok || bad "exported varshney2011 edge list does not have 2194 edges"
# A file exported by ctome reads back through format detection with the same counts.
expect 0 "^chemical	1	279	2194	6394" -- "$bin" info "$t/v.tsv"
expect 0 "" -- "$bin" export witvliet2021-8 --layer chemical --format graphml -o "$t/w.graphml"
expect 0 "^chemical	1	180	1933	7099" -- "$bin" info "$t/w.graphml"
expect 1 "no layer 'peptide'" -- "$bin" export cook2019-herm --layer peptide --format gml -o "$t/p.gml"
no_file "$t/p.gml"
expect 0 "" -- "$bin" plot adjacency cook2019-herm --layer electrical --order position -o "$t/a.svg"
head -c 5 "$t/a.svg" | grep -q "<?xml" && ok || bad "plot adjacency did not write an SVG"

# --- bad input: FILE:LINE: what, exit 1, no partial output -------------
printf 'pre,post,weight\nAVAL,AVAR,3\nAVAL,AVBL,-2\n' > "$t/neg.csv"
expect 1 "neg.csv:3:.*negative" -- "$bin" ingest "$t/neg.csv" -o "$t/neg.h5"
no_file "$t/neg.h5"
printf 'pre,post,weight\nAVAL,AVAR,3\nAVAL,AVBL,abc\n' > "$t/nan.csv"
expect 1 "nan.csv:3:.*abc" -- "$bin" ingest "$t/nan.csv" -o "$t/nan.h5"
no_file "$t/nan.h5"
: > "$t/empty.csv"
expect 1 "empty.csv.*empty" -- "$bin" info "$t/empty.csv"
head -c 4000 "$CTOME_DATA/connectome/cook2019/nemanode_cook_jarrell_2019_h.json" > "$t/trunc.json"
expect 1 "trunc.json:1:" -- "$bin" info "$t/trunc.json"
head -c 20000 "$CTOME_DATA/connectome/witvliet2021/witvliet_2020_1.xlsx" > "$t/trunc.xlsx"
expect 1 "trunc.xlsx" -- "$bin" info "$t/trunc.xlsx"
printf '\001\002\003\000binary' > "$t/garbage.bin"
expect 1 "garbage.bin.*unknown format" -- "$bin" info "$t/garbage.bin"
printf 'pre,post,weight\n"AVAL,AVAR,3\n' > "$t/quote.csv"
expect 1 "quote.csv:2:" -- "$bin" info "$t/quote.csv"
expect 1 "is a directory" -- "$bin" info "$t"
expect 1 "neither a bundled dataset id" -- "$bin" info not-a-dataset
expect 1 "is a directory" -- "$bin" ingest cook2019-herm -o "$t"
expect 1 "cannot write" -- "$bin" ingest cook2019-herm -o "$t/no/such/dir/s.h5"
expect 1 "cannot write" -- "$bin" export cook2019-herm --layer chemical --format gml -o /proc/ctome.gml
expect 1 "" -- "$bin" plot adjacency "$t/neg.csv" -o "$t/neg.png"
no_file "$t/neg.png"
expect 1 "no connectome 'nope'" -- "$bin" info "$t/s.h5:nope"

# --- report ------------------------------------------------------------
expect 0 "report written" -- "$bin" report -o "$t/rep"
[ -s "$t/rep/index.html" ] && [ -s "$t/rep/store.h5" ] && ls "$t/rep/fig/"*.png >/dev/null 2>&1 && ok || bad "report is missing index.html, store.h5 or figures"
grep -q "witvliet2021-8" "$t/rep/index.html" && ok || bad "report lacks witvliet2021-8"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
