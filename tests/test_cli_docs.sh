#!/bin/sh
# Every table of docs/ made by a committed command (docs/regen/*.sh) is
# reproduced: each script's --slice (a few rows, small budgets) is rerun and
# every line it writes must be a line of the committed file, byte for byte,
# except the wall-time column `seconds` of sweep tables.  Needs the source tree
# (CTOME_SRC) since the scripts run from the repository root.
# optional features (tests/cli_common.sh): freexl matio mujoco
CTOME_NEEDS="freexl matio mujoco"
. "${CTOME_TESTS:?}/cli_common.sh"
src=${CTOME_SRC:-$(cd "$CTOME_TESTS/.." && pwd)}
cd "$src" || { bad "no source tree at $src"; cli_done; exit 1; }

# drop_seconds FILE: the file without its `seconds` column (if it has one)
drop_seconds() {
    awk -F'\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds") c = i }
        { if (c) { $c = ""; print } else print }' "$1"
}

# compare_slice NAME: every line of $t/NAME/<f> is a line of docs/<f>
compare_slice() {
    n=0
    for f in "$t/$1"/*; do
        [ -f "$f" ] || continue
        b=$(basename "$f")
        [ -f "docs/$b" ] || { bad "$1: slice wrote $b, which docs/ does not have"; continue; }
        drop_seconds "$f" > "$t/slice.txt"
        drop_seconds "docs/$b" > "$t/committed.txt"
        missing=$(grep -v -F -x -f "$t/committed.txt" "$t/slice.txt" | head -3)
        if [ -n "$missing" ]; then bad "$1: docs/$b lacks the rerun line(s): $missing"; else ok; fi
        n=$((n + 1))
    done
    [ "$n" -gt 0 ] && ok || bad "$1: the slice wrote nothing"
}

avx512=0
grep -q -w avx512f /proc/cpuinfo 2>/dev/null && avx512=1
for s in docs/regen/*.sh; do
    name=$(basename "$s" .sh)
    [ "$name" = common ] && continue
    case $name in
    sernn_*)
        if [ "$avx512" = 0 ]; then
            echo "note: $name skipped: its networks need the AVX-512 BLAS kernel docs/regen/common.sh pins"
            continue
        fi ;;
    esac
    if CTOME="$bin" sh "$s" --slice "$t/$name" > "$t/$name.log" 2>&1; then
        grep -q "^+ " "$t/$name.log" && ok || bad "$name: the script did not print its commands"
        compare_slice "$name"
    else
        bad "$name --slice failed: $(tail -3 "$t/$name.log")"
    fi
done

# the regenerated-by list and the audit name every script
for s in docs/regen/*.sh; do
    name=$(basename "$s")
    [ "$name" = common.sh ] && continue
    grep -q "$name" docs/regen/README.md && ok || bad "docs/regen/README.md does not list $name"
done

cli_done
