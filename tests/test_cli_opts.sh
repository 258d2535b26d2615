#!/bin/sh
# test_cli_opts.sh BUILD_DIR COMPLETION — one option table per command
# (tools/opts.h, issue 13 §7) and everything made from it agree:
#  (a) docs/cli.md is what docs/gen_cli.sh makes now, byte for byte (fails
#      when a table or usage text changed and docs/cli.md was not regenerated);
#  (b) every spelling in every table is accepted by its command (parsed under
#      `ctome __check-tables`, which stops each command before any work) and
#      reaches a handler, every spelling is in the command's help, an option
#      outside the table is refused with a message naming it, and every
#      --option the prose of a converted command names is in its table;
#  (c) the generated bash completion completes commands, options and
#      enumerated values;
#  (e) the common options on the commands converted here (issue 13 §8/§9):
#      --json summaries and documents, tidy TSV (one header line, notes on
#      stderr), --quiet silencing notes, a deprecated spelling warning once;
#  (d) after `meson install --destdir` (man and completion only), the man
#      pages of ctome and of every command render with `man -l` and through
#      MANPATH, and the completion script is installed.
# optional features (tests/cli_common.sh): cairo freexl
CTOME_NEEDS="cairo freexl"
. "${CTOME_TESTS:?}/cli_common.sh"
build=${1:?build dir}
comp=${2:?completion script}
src=$(cd "$CTOME_TESTS/.." && pwd)

# (a) docs/cli.md drift.
if sh "$src/docs/gen_cli.sh" "$bin" "$t/cli.md" 2> "$t/gen.err" && cmp -s "$t/cli.md" "$src/docs/cli.md"; then
    ok
else
    bad "docs/cli.md is stale: rerun 'sh docs/gen_cli.sh build/tools/ctome' ($(diff "$src/docs/cli.md" "$t/cli.md" | head -5 | tr '\n' ' '))"
fi

# (b) tables, parsers and help.
"$bin" __commands > "$t/commands" || bad "__commands failed"
[ "$(wc -l < "$t/commands")" -ge 20 ] && ok || bad "__commands lists $(wc -l < "$t/commands") commands"
# Every spelling of every table, in one process (the checks are in
# tools/opts_gen.c, check_tables): parsed, handled, shown in help; every
# --option named by a converted command's prose is in its table.
"$bin" __check-tables > "$t/check" 2> "$t/check.err"
rc=$?
grep '^FAIL' "$t/check" | while read -r line; do echo "$line"; done
[ "$rc" -eq 0 ] && ! grep -q '^FAIL' "$t/check" && ok || bad "__check-tables exit $rc"
ntab=$(grep -c '^ok .* --help$' "$t/check")
[ "$ntab" -ge 2 ] && ok || bad "only $ntab commands have option tables"
echo "$ntab of $(wc -l < "$t/commands") commands have option tables; $(grep -c '^ok' "$t/check") spellings checked"
for c in $(cat "$t/commands"); do
    "$bin" __options "$c" > /dev/null 2>&1 || continue
    expect 2 "$c: unknown option '--no-such-option'" -- "$bin" __check-options "$c" --no-such-option
done
# The parser's messages.
expect 2 "rank: --layer needs a value" -- "$bin" rank --layer
expect 2 "rank: unknown option '-Z'" -- "$bin" rank -Z
expect 0 "^Options:" -- "$bin" rank --help
expect 0 "^  -l, --layer L" -- "$bin" help rank

# (c) completion: source the script, fill COMP_WORDS, call _ctome.
complete_words() {   # complete_words WORD... : the candidates for the last word
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ctome; printf "%s\n" "${COMPREPLY[@]}"' \
        sh "$comp" "$@" 2> "$t/comp.err"
}
[ -s "$comp" ] && ok || bad "no completion script at $comp"
complete_words ctome ra > "$t/c" && grep -qx rank "$t/c" && ok || bad "ctome ra<TAB>: $(tr '\n' ' ' < "$t/c")"
complete_words ctome stats --nu > "$t/c" && grep -qx -e --nulls "$t/c" && ok || bad "ctome stats --nu<TAB>: $(tr '\n' ' ' < "$t/c")"
complete_words ctome export --format g > "$t/c"
[ "$(sort "$t/c" | tr '\n' ' ')" = "gml graphml " ] && ok || bad "export --format g<TAB>: $(tr '\n' ' ' < "$t/c")"
complete_words ctome rank --scope "" > "$t/c"
[ "$(sort "$t/c" | tr '\n' ' ')" = "all auto neurons " ] && ok || bad "rank --scope <TAB>: $(tr '\n' ' ' < "$t/c")"
complete_words ctome rank --j > "$t/c" && grep -qx -e --json "$t/c" && ok || bad "rank --j<TAB>: $(tr '\n' ' ' < "$t/c")"
complete_words ctome help exp > "$t/c" && grep -qx export "$t/c" && ok || bad "help exp<TAB>: $(tr '\n' ' ' < "$t/c")"
[ -s "$t/comp.err" ] && bad "completion wrote to stderr: $(head -c 200 "$t/comp.err")"

# (e) --json, --quiet, tidy tables, old spellings.
expect 0 '"connectomes": \[' -- "$bin" ingest white1986-jse varshney2011 -o "$t/s.h5" --json
tr -d ' \n' < "$t/out" | grep -q "\"connectomes\":\[\"white1986-jse\",\"varshney2011\"\]" && ok || bad "ingest --json ids: $(tr -d '\n' < "$t/out")"
expect 0 '"format": "edgelist"' -- "$bin" export "$t/s.h5:varshney2011" --layer electrical -f edgelist -o "$t/e1.tsv" --json -q
grep -q "\"output\": \"$t/e1.tsv\"" "$t/out" && grep -q '"id": "varshney2011"' "$t/out" && [ ! -s "$t/err" ] && ok ||
    bad "export --json -q: $(head -c 300 "$t/out") $(head -c 200 "$t/err")"
"$bin" export "$t/s.h5:varshney2011" --layer electrical -f edgelist -o "$t/e2.tsv" 2> /dev/null
cmp -s "$t/e1.tsv" "$t/e2.tsv" && ok || bad "export writes another file with --json"
expect 2 "--json and -o - would both write to stdout" -- "$bin" export varshney2011 --layer chemical -f gml -o - --json
# communicability of A -> B by hand: expm([[0,1],[0,0]]) = [[1,1],[0,1]].
printf 'source,target,weight\nA,B,1\n' > "$t/ab.csv"
expect 0 '"communicability"' -- "$bin" communicability "$t/ab.csv" --json --quiet
awk '/"communicability"/ {on=1; next} on && /^ *-?[0-9]/ {gsub(/[ ,]/, ""); printf "%s ", $0}' "$t/out" > "$t/g"
awk '{ want = "1 1 0 1"; split(want, w, " "); for (i = 1; i <= 4; i++) { d = $i - w[i]; if (d < 0) d = -d; if (d > 1e-12) exit 1 } }' "$t/g" \
    && [ ! -s "$t/err" ] && ok || bad "communicability --json of A->B: $(cat "$t/g") (want 1 1 0 1) $(head -c 200 "$t/err")"
expect 0 '"figure": "adjacency"' -- "$bin" plot --layer electrical adjacency varshney2011 -o "$t/a.svg" --json -q
[ -s "$t/a.svg" ] && grep -q "\"output\": \"$t/a.svg\"" "$t/out" && ok || bad "plot --json / figure"
# compare: one table per stream, one header line, notes on stderr (none under --quiet).
expect 0 "note: chemical layer" -- "$bin" compare witvliet2021-7 witvliet2021-8
[ "$(head -1 "$t/out" | cut -f1-3)" = "$(printf 'a\tb\tkind')" ] && [ "$(wc -l < "$t/out")" -eq 2 ] && ! grep -q '^#' "$t/out" && ok ||
    bad "compare TSV is not one table: $(head -3 "$t/out")"
expect 0 "" -- "$bin" compare witvliet2021-7 witvliet2021-8 --degrees --quiet
[ ! -s "$t/err" ] && [ "$(grep -c '^neuron	' "$t/out")" -eq 1 ] && [ "$(grep -c '^a	b	' "$t/out")" -eq 0 ] && ok ||
    bad "compare --degrees --quiet: $(head -c 200 "$t/err") / $(head -2 "$t/out")"
grep -q "^AVAL	" "$t/out" && ok || bad "compare --degrees lacks AVAL"
expect 0 '"in_change"' -- "$bin" compare witvliet2021-1 witvliet2021-8 --json
# compare-sources: one table with the pair of sources in each row; -n is the old spelling of --limit.
expect 0 "compare-sources: -n is now --limit" -- "$bin" compare-sources -n 1 cook2019-herm
[ "$(grep -c 'is now' "$t/err")" -eq 1 ] && ok || bad "the old spelling warned $(grep -c 'is now' "$t/err") times"
[ "$(head -1 "$t/out")" = "$(printf 'layer\tsource_a\tsource_b\tkind\tpre\tpost\tweight_a\tweight_b')" ] &&
    ! grep -q '^#' "$t/out" && grep -q "^chemical	SI5 workbook	WormWiring edge list	only_in_A	" "$t/out" && ok ||
    bad "compare-sources TSV: $(head -2 "$t/out")"
grep -q "188 more only_in_A rows not listed" "$t/err" && ok || bad "compare-sources does not say the table is cut"
expect 0 "" -- "$bin" compare-sources --limit 1 --quiet varshney2011
[ ! -s "$t/err" ] && ok || bad "compare-sources --quiet printed $(head -c 200 "$t/err")"
expect 0 '"weight_a"' -- "$bin" compare-sources --limit 1 --json cook2019-herm
expect 0 '"id": "varshney2011"' -- "$bin" info varshney2011 --json -q
expect 0 '"id"' -- "$bin" datasets --json -q
expect 0 '"name": "AVAL"' -- "$bin" neurons AVAL --json -q

# (d) man pages and completion after a staged install.
if meson install -C "$build" --no-rebuild --quiet --tags man,completion --destdir "$t/root" > "$t/install.log" 2>&1; then
    ok
    man1=$(find "$t/root" -type d -path '*/man/man1' | head -1)
    [ -n "$man1" ] && [ -f "$man1/ctome.1" ] && ok || bad "ctome.1 not installed"
    for c in $(cat "$t/commands"); do
        case $c in help|version) continue ;; esac
        [ -f "$man1/ctome-$c.1" ] && ok || bad "ctome-$c.1 not installed (add $c to tools/gen/meson.build)"
    done
    find "$t/root" -path '*/bash-completion/completions/ctome' | grep -q . && ok || bad "completion not installed"
    if command -v man > /dev/null 2>&1; then
        MANWIDTH=80 man -l "$man1/ctome-rank.1" > "$t/man" 2> "$t/man.err"
        grep -q "ctome-rank - singular values" "$t/man" && grep -q -e "--layer L" "$t/man" && grep -q "Roy O" "$t/man" \
            && ok || bad "man -l ctome-rank.1: $(head -c 300 "$t/man.err")"
        MANWIDTH=80 MANPATH=$(dirname "$man1") man ctome-stats > "$t/man" 2> "$t/man.err"
        grep -q "ctome-stats" "$t/man" && ok || bad "MANPATH=... man ctome-stats: $(head -c 300 "$t/man.err")"
        MANWIDTH=80 MANPATH=$(dirname "$man1") man ctome > "$t/man" 2> /dev/null
        grep -q "ctome-export" "$t/man" && ok || bad "man ctome lacks the command list"
    else
        echo "note: no man program; the pages' rendering is not checked"
    fi
else
    bad "meson install --tags man,completion: $(tail -5 "$t/install.log")"
fi
cli_done
