#!/bin/sh
# `ctome perturb cook2019-herm --nulls 20` (issue 16 §1: <= 5 s wall on 2
# cores), run R times; with a second build, the two alternate run by run
# (A B A B ...) so both see the same load.  Each run prints its wall and CPU
# seconds (user + sys) and rho / p (they must not change: rho 0.04030288964,
# p 0.04761904762); the summary gives per build the min and median wall and
# CPU, and the load average before and after.
#   sh tests/bench/bench_perturb.sh [build-dir] [runs] [baseline-build-dir]
#   (default build-rel, 5 runs; release builds: meson setup DIR --buildtype=release)
# Then the report's model part with the report's settings (bench_ei_report.sh).
set -e
cd "$(dirname "$0")/../.."
b=${1:-build-rel}
runs=${2:-5}
base=${3:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load before: $(cat /proc/loadavg)"
one() {   # one run of build $1, labelled $2
    /usr/bin/time -f "%e %U %S" -o "$out/time" "$1/tools/ctome" perturb cook2019-herm --nulls 20 \
        --quiet > "$out/p.txt"
    read -r wall user sys < "$out/time"
    cpu=$(echo "$user $sys" | awk '{printf "%.2f", $1 + $2}')
    echo "$2 $wall $cpu" >> "$out/all"
    printf '%s: %s s wall, %s s CPU (user %s + sys %s); rho %s, p %s\n' "$2" "$wall" "$cpu" "$user" \
        "$sys" "$(grep spearman_rho "$out/p.txt" | cut -f2)" "$(grep '^p	' "$out/p.txt" | cut -f2)"
}
i=0
while [ "$i" -lt "$runs" ]; do
    one "$b" "this"
    [ -n "$base" ] && one "$base" "baseline"
    i=$((i + 1))
done
med() {   # min and median of column $2 of build $1's runs
    grep "^$1 " "$out/all" | cut -d' ' -f"$2" | sort -n | awk '{ v[NR] = $1 }
        END { printf "min %.2f median %.2f s", v[1], v[int((NR + 1) / 2)] }'
}
for who in this baseline; do
    grep -q "^$who " "$out/all" || continue
    echo "$who ($(grep -c "^$who " "$out/all") runs): wall $(med "$who" 2); CPU $(med "$who" 3)"
done
echo "load after: $(cat /proc/loadavg)"
sh tests/bench/bench_ei_report.sh "$b"
