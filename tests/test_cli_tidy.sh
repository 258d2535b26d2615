#!/bin/sh
# CLI test of one output convention (issue 13, item 9) over every command
# with text output on stdout: stdout is one table - no "#" comment line, no
# blank line, every line with the same number of tab-separated fields (a
# key<TAB>value list: exactly 2), the header line said once - so awk and
# pandas.read_csv(sep="\t") read it directly; notes go to stderr.  For the
# commands that also take --json, every TSV column (or key of a key<TAB>value
# list; model.chem_scale -> chem_scale) is a key of the JSON.  Cheap
# invocations on the bundled data.
CTOME_NEEDS="freexl matio"   # varshney2011 (.xls), uzel2022-fc (.mat)
. "${CTOME_TESTS:?}/cli_common.sh"
rf="${CTOME_TESTS:?}/fixtures/rsa/folds.csv"
printf 'source,target,weight\nAVAL,AVBL,10\nAVBL,AVAL,10\n' > "$t/toy.csv"

# tidy NAME KIND -- command...: KIND is "table" (a header, then rows) or
# "kv" (key<TAB>value lines).  Runs the command, checks its stdout.
tidy() {
    name=$1 kind=$2
    shift 3
    if ! "$@" > "$t/tsv" 2> "$t/err"; then bad "$name: $* failed: $(head -c 300 "$t/err")"; return; fi
    if [ ! -s "$t/tsv" ]; then bad "$name: nothing on stdout"; return; fi
    if grep -q '^#' "$t/tsv"; then bad "$name: a comment line on stdout: $(grep -m1 '^#' "$t/tsv")"; return; fi
    if grep -q '^$' "$t/tsv"; then bad "$name: a blank line on stdout (two tables?)"; return; fi
    if ! awk -F'\t' 'NR == 1 { n = NF } NF != n { exit 1 }' "$t/tsv"; then
        bad "$name: lines with different numbers of fields: $(awk -F'\t' '{ print NF }' "$t/tsv" | sort | uniq -c | tr '\n' ' ')"
        return
    fi
    if [ "$kind" = kv ]; then
        awk -F'\t' 'NF != 2 { exit 1 }' "$t/tsv" && ok || bad "$name: a key<TAB>value line with other than 2 fields"
        cut -f1 "$t/tsv" | sort | uniq -d | grep -q . && bad "$name: a key said twice" || ok
    else
        [ "$(grep -cxF "$(head -1 "$t/tsv")" "$t/tsv")" -eq 1 ] && ok || bad "$name: the header line is said twice"
    fi
}

# keys NAME KIND -- command...: every TSV column / key of the last tidy run is
# a key of the command's --json output (the command given here).
keys() {
    name=$1 kind=$2
    shift 3
    if ! "$@" > "$t/json" 2> "$t/err"; then bad "$name --json failed: $(head -c 300 "$t/err")"; return; fi
    if [ "$kind" = kv ]; then cut -f1 "$t/tsv"; else head -1 "$t/tsv" | tr '\t' '\n'; fi > "$t/cols"
    missing=""
    while read -r k; do
        k=${k##*.}
        grep -q "\"$k\":" "$t/json" || missing="$missing $k"
    done < "$t/cols"
    [ -z "$missing" ] && ok || bad "$name: TSV columns not JSON keys:$missing"
}

# --- tables ---------------------------------------------------------------
tidy datasets table -- "$bin" datasets
tidy neurons table -- "$bin" neurons
keys neurons table -- "$bin" neurons --json
# info: what each connectome is goes to stderr as "# " lines
tidy info table -- "$bin" info varshney2011 cook2019-herm
grep -q '^# doi: 10.1371/journal.pcbi.1001066$' "$t/err" && ok || bad "info: the metadata is not on stderr"
keys info table -- "$bin" info varshney2011 cook2019-herm --json
tidy compare table -- "$bin" compare varshney2011 cook2019-herm --quiet
tidy "compare --degrees" table -- "$bin" compare varshney2011 cook2019-herm --degrees --quiet
tidy compare-sources table -- "$bin" compare-sources varshney2011
tidy sim table -- "$bin" sim varshney2011 --t-end 0.2 --stim AVAL:0:0.1:1
keys sim table -- "$bin" sim varshney2011 --t-end 0.2 --stim AVAL:0:0.1:1 --json
# the summary and the stability result are on stderr, as "# " notes
tidy "sim --stability" table -- "$bin" sim "$t/toy.csv" --transfer linear --t-end 0.2 --stability
grep -q '^# stable	yes$' "$t/err" && grep -q '^# dataset	' "$t/err" && ok ||
    bad "sim: summary / stability not on stderr: $(cat "$t/err")"
tidy "perturb --table" table -- "$bin" perturb cook2019-herm --stim-list AVAL,ASHL --window 1 --dt 0.1 --quiet --table
S="cook2019-herm --param chem-scale=0.005:0.02:2 --stim-list AVAL,ASHL --window 1 --dt 0.1 --threads 1 --quiet"
# shellcheck disable=SC2086
tidy sweep table -- "$bin" sweep $S
# shellcheck disable=SC2086
keys sweep table -- "$bin" sweep $S --json
tidy stats table -- "$bin" stats varshney2011 --nulls 2 --threads 1 --quiet
keys stats table -- "$bin" stats varshney2011 --nulls 2 --threads 1 --quiet --json
tidy dfc table -- "$bin" dfc --planted 0.5 --rank 3 --starts 1 --max-iter 50 --threads 1 --quiet
tidy richlazy table -- "$bin" richlazy --init random --n 24 --steps 6 --every 3 --batch 8 --probe 6 --ranks 4 \
    --seeds 1 --quiet

# --- key<TAB>value lists --------------------------------------------------
P="cook2019-herm --stim-list AVAL,ASHL --window 1 --dt 0.1 --threads 1 --quiet"
# shellcheck disable=SC2086
tidy perturb kv -- "$bin" perturb $P
# shellcheck disable=SC2086
keys perturb kv -- "$bin" perturb $P --json
grep -q '^model.chem_scale	0.01$' "$t/tsv" && grep -q '^stimulated	2$' "$t/tsv" && ok ||
    bad "perturb summary keys: $(cat "$t/tsv")"
tidy rank kv -- "$bin" rank varshney2011
keys rank kv -- "$bin" rank varshney2011 --json
grep -q '^effective_rank	124.6520896$' "$t/tsv" && ok || bad "rank effective_rank (tests/test_cli.sh: 124.6520896)"
tidy structfunc kv -- "$bin" structfunc varshney2011 --functional uzel2022-fc --nulls 5 --threads 1 --quiet
keys structfunc kv -- "$bin" structfunc varshney2011 --functional uzel2022-fc --nulls 5 --threads 1 --quiet --json
tidy rsa kv -- "$bin" rsa "$rf" --compare "$rf" --nulls 5 --quiet
keys rsa kv -- "$bin" rsa "$rf" --compare "$rf" --nulls 5 --quiet --json
tiny="--grid 2x2x2 --epochs 2 --steps 3 --batch 8 --seed 4 --threads 1 --quiet"
# shellcheck disable=SC2086
tidy "sernn train" kv -- "$bin" sernn train $tiny -o "$t/s.h5"
# shellcheck disable=SC2086
keys "sernn train" kv -- "$bin" sernn train $tiny -o "$t/s2.h5" --json
tidy "sernn analyse" kv -- "$bin" sernn analyse "$t/s.h5" --grid 2x2x2 --seed 4 --quiet
keys "sernn analyse" kv -- "$bin" sernn analyse "$t/s.h5" --grid 2x2x2 --seed 4 --quiet --json

# --- booleans -------------------------------------------------------------
# A yes/no column of a table reads as the JSON and the key<TAB>value lists
# spell it: true/false, never 1/0.  boolcol NAME COLUMN WANT -- command...:
# every value of COLUMN is true or false, and WANT (e.g. "true false") lists
# the values seen, sorted.
boolcol() {
    name=$1 col=$2 want=$3
    shift 4
    if ! "$@" > "$t/tsv" 2> "$t/err"; then bad "$name: $* failed: $(head -c 300 "$t/err")"; return; fi
    got=$(awk -F'\t' -v c="$col" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
                                 k { print $k }' "$t/tsv" | sort -u | tr '\n' ' ')
    [ "$got" = "$want " ] && ok || bad "$name: column $col holds '$got', want '$want'"
}
boolcol info directed "false true" -- "$bin" info varshney2011 cook2019-herm
boolcol datasets directed "false true" -- "$bin" datasets
boolcol "stats --nodes" rich_club "false true" -- "$bin" stats white1986-jse --nodes --nulls 2 --rich-k 5 --quiet

cli_done
