#!/bin/sh
# Build ctome and run the whole test suite; print "N passed, N failed".
#   tests/run.sh                      install dependencies, build in build/, test
#   tests/run.sh --sanitize           the same in build-asan/ under ASan + UBSan
#   tests/run.sh --minimal            the same in build-min/ with every optional
#                                     feature off (meson_options.txt): what needs
#                                     one is skipped, the rest must pass
#   CTOME_NO_DEPS=1 tests/run.sh      skip the apt-get step (already installed)
set -e
cd "$(dirname "$0")/.."
[ -n "$CTOME_NO_DEPS" ] || sh tests/deps.sh
if [ "$1" = "--sanitize" ]; then
    dir=build-asan
    opts="-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug"
    # cairo's fontconfig keeps ~650 bytes at exit unless cleaned (cairo_debug_reset_static_data + FcFini);
    # ctome_plot_cleanup() does that, so leaks stay on.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
elif [ "$1" = "--minimal" ]; then
    dir=build-min
    opts="-Dbuildtype=debugoptimized -Dmujoco=disabled -Dcairo=disabled -Dgif=disabled -Dmpi=disabled"
    opts="$opts -Dmatio=disabled -Dfreexl=disabled"
else
    dir=build
    opts="-Dbuildtype=debugoptimized"
fi
if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" -Dwerror=true $opts >/dev/null
else
    meson setup "$dir" -Dwerror=true $opts >/dev/null
fi
ninja -C "$dir"
meson test -C "$dir" --print-errorlogs --num-processes 2 --no-suite slow || true
log="$dir/meson-logs/testlog.json"
passed=$(grep -c '"result": "OK"' "$log" || true)
failed=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
skipped=$(grep -c '"result": "SKIP"' "$log" || true)
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
