#!/bin/sh
# run.sh — the bad-input corpus (docs/reliability.md, "Bad input corpus").
# Runs every row of cases.tsv: the exit code and a message substring must
# match; a crash (signal, sanitizer report) always fails; a failed command
# must leave nothing new in its output folder @T; an optional check (sh) must
# hold afterwards (e.g. an existing file survived).  Rows whose id starts with
# pending- are reported, not counted.  Usage (meson sets the variables):
#   CTOME_BIN=build/tools/ctome CTOME_TESTS=tests CTOME_DATA=data sh tests/badinput/run.sh [ID-PATTERN]
# optional features (tests/cli_common.sh): cairo freexl matio mujoco gif
CTOME_NEEDS="cairo freexl matio mujoco gif"
. "${CTOME_TESTS:?}/cli_common.sh"
D="$CTOME_TESTS/badinput"
FIX="$CTOME_TESTS/fixtures"
DATA="${CTOME_DATA:?}"
only=${1:-}
pending_bad=0
tab=$(printf '\t')
subst() {
    printf '%s' "$1" | sed -e "s#@DATA#$DATA#g" -e "s#@FIX#$FIX#g" -e "s#@D#$D#g" -e "s#@T#$T#g" -e "s#@BIN#$bin#g"
}
n=0
while IFS="$tab" read -r id code pat cmd setup check; do
    case $id in '' | '#'*) continue ;; esac
    if [ -n "$only" ]; then case $id in *$only*) ;; *) continue ;; esac; fi
    n=$((n + 1))
    T=$(mktemp -d "$t/case.XXXXXX")
    [ -n "$setup" ] && sh -c "$(subst "$setup")" > /dev/null 2>&1
    before=$(cd "$T" && find . | sort)
    line=$(subst "$cmd")
    want=$(subst "$pat")
    set -f
    # shellcheck disable=SC2086
    set -- $line
    set +f
    [ -n "${CTOME_BADINPUT_TIMES:-}" ] && t0=$(date +%s%N)
    timeout 120 "$bin" "$@" > "$t/out" 2> "$t/err" < /dev/null
    rc=$?
    [ -n "${CTOME_BADINPUT_TIMES:-}" ] && echo "TIME $id $(( ($(date +%s%N) - t0) / 1000000 )) ms"
    why=""
    if [ "$rc" -ge 124 ] && [ "$rc" != "$code" ] || grep -q -e 'AddressSanitizer' -e 'runtime error:' -e 'LeakSanitizer' "$t/err"; then
        why="crashed or hung (exit $rc)"
    elif [ "$rc" -ne "$code" ]; then
        why="exit $rc, want $code"
    elif [ "$want" != "-" ] && ! grep -q -F -e "$want" "$t/out" "$t/err"; then
        why="output lacks '$want'"
    elif [ "$rc" -ne 0 ] && [ "$(cd "$T" && find . | sort)" != "$before" ]; then
        why="left output behind: $(cd "$T" && find . -newer . | tr '\n' ' ')"
    elif [ -n "$check" ] && ! sh -c "$(subst "$check")"; then
        why="check failed: $check"
    fi
    if [ -z "$why" ]; then
        ok
    else
        case $id in
        pending-*) pending_bad=$((pending_bad + 1)); echo "PENDING $id: $why: $(head -c 200 "$t/err")" ;;
        *) bad "$id: $why: $(head -c 300 "$t/err")" ;;
        esac
    fi
    rm -rf "$T"
done < "$D/cases.tsv"
echo "$n cases; $pending_bad pending cases still failing"
cli_done
