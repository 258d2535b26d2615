#!/bin/sh
# export_check.sh — exported layers must load in networkx and python-igraph
# with identical node and edge counts (tests/export_check.py).
# Env: CTOME_DATA (data/), CTOME_TESTS (tests/), CTOME_BIN (the ctome
# program, for `ctome export`); optional PYTHON (default /usr/bin/python3,
# Debian's, which has networkx and igraph).
set -eu
py=${PYTHON:-/usr/bin/python3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
src="$CTOME_DATA/connectome/cook2019/herm_full_edgelist.csv"

export_layer() { # layer format neurons_only out
    if [ "$3" = 1 ]; then cells=; else cells=--all-cells; fi
    "$CTOME_BIN" export --layer "$1" --format "$2" $cells -o "$4" "$src"
}

for layer in chemical electrical; do
    for fmt in graphml gml edgelist matrix; do
        export_layer "$layer" "$fmt" 0 "$out/$layer.$fmt"
        export_layer "$layer" "$fmt" 1 "$out/$layer.neurons.$fmt"
    done
done
"$py" "$CTOME_TESTS/export_check.py" "$out"
