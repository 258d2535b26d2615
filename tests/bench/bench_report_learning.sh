#!/bin/sh
# The report's learning and published-results parts (issue 16 §1, "report
# <= 30 s on 2 cores"): each part's work as the command it repeats, one
# thread (the report runs each part on one lane), wall and CPU seconds.
#   sh tests/bench/bench_report_learning.sh [build-dir] [baseline-ctome]
# Build with --buildtype=release.  With a second ctome binary (e.g. one built
# at an older commit) both run back to back, part by part, under the same
# load, and each line says whether the two outputs are the same bytes.
# Lines, one per part and binary:
#   PART BINARY: W s wall, U + S s CPU[, same bytes | DIFFERENT]
# PART: richlazy  = ctome richlazy --ranks 1,16,302 --seeds 1 --steps 150
#                   (the report's rich/lazy section: 5 networks, every 15)
#       sernn     = ctome sernn sweep --gammas 0.05 --l1-gammas 0.002
#                   --seeds 3 --epochs 4 (the report's seRNN section)
#       reproduce = ctome reproduce all (quick; the published-results part),
#                   and its two learning papers on their own
set -e
cd "$(dirname "$0")/../.."
b=${1:-build-rel}
new="$b/tools/ctome"
base=${2:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMP_NUM_THREADS=1
run() {   # run PART TAG BINARY ARGS...: time one command, output to $out/PART.TAG
    part=$1 tag=$2 bin=$3
    shift 3
    /usr/bin/time -f "%e %U %S" -o "$out/$part.$tag.time" "$bin" "$@" > "$out/$part.$tag.out" 2> "$out/$part.$tag.err" ||
        { cat "$out/$part.$tag.err"; exit 1; }
    # the sweep table's seconds column is a timing, not a result
    if [ -f "$out/$part.$tag.tsv" ]; then cut -f1-21,23- "$out/$part.$tag.tsv" >> "$out/$part.$tag.out"; fi
    read -r w u s < "$out/$part.$tag.time"
    same=""
    if [ "$tag" = new ] && [ -n "$base" ]; then
        cmp -s "$out/$part.base.out" "$out/$part.new.out" && same=", same bytes" || same=", DIFFERENT"
    fi
    echo "$part $tag: $w s wall, $u + $s s CPU$same"
}
part() {   # part NAME ARGS...: the baseline first, then this build
    name=$1
    shift
    if [ -n "$base" ]; then run "$name" base "$base" "$@"; fi
    run "$name" new "$new" "$@"
}
part richlazy richlazy --ranks 1,16,302 --seeds 1 --steps 150 --every 15 --json --quiet
if [ -n "$base" ]; then
    run sernn base "$base" sernn sweep --gammas 0.05 --l1-gammas 0.002 --seeds 3 --epochs 4 -o "$out/sernn.base.tsv" --quiet
fi
run sernn new "$new" sernn sweep --gammas 0.05 --l1-gammas 0.002 --seeds 3 --epochs 4 -o "$out/sernn.new.tsv" --quiet
part achterberg2023 reproduce achterberg2023 --quiet
part liu2024 reproduce liu2024 --quiet
part reproduce_all reproduce all --quiet
