# cli_common.sh — what every CLI test script shares; source it first:
#   . "${CTOME_TESTS:?}/cli_common.sh"
# Sets bin (the ctome binary), t (a temporary folder removed at exit), the
# pass/fail counters, and the checks below; end a script with `cli_done`.
set -u
bin=${CTOME_BIN:?set CTOME_BIN to the ctome binary}
# The optional features a script needs (meson_options.txt; `ctome version
# --json`): set CTOME_NEEDS before sourcing this file.  Unset, a script is
# taken to need all that the bundled data and figures need; in a build
# without one of them it is skipped (exit 77, which meson counts as SKIP).
for feature in ${CTOME_NEEDS-cairo freexl matio mujoco gif}; do
    if ! "$bin" version --json | grep -q "\"$feature\": true"; then
        echo "skipped: this ctome was built without $feature (the test needs: ${CTOME_NEEDS-cairo freexl matio mujoco gif})"
        exit 77
    fi
done
# has FEATURE: whether this ctome has FEATURE, for the cases of a script that
# need one (under `if has freexl; then ... fi`) while the rest run everywhere.
has() { "$bin" version --json | grep -q "\"$1\": true"; }
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

# cli_done: print the counts; the script's exit status is whether all passed.
cli_done() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
