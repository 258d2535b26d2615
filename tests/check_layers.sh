#!/bin/sh
# check_layers.sh SOURCE_ROOT — no file includes a header of a higher layer
# (issue 13 §5).  Layers, lowest first (lib/meson.build):
#   core → data → formats → analysis → models → reproduce → plot → (ctome.h) → tools
# A file in lib/<layer>/ may include the headers of its own layer and of the
# layers below; lib/ctome.h, the umbrella, includes every layer; tools/ may
# include anything.  A quoted include that names no header of the tree
# (ctome_config.h, generated) is left alone.  The build enforces the same order
# (each layer compiles with the include folders of the layers below only);
# this script names the offending line, and its self-check proves it finds an
# upward include when there is one.
set -u
root=${1:?source root}
cd "$root" || exit 1
layers="core data formats analysis models reproduce plot"

rank_of_dir() {
    r=0
    for l in $layers; do
        [ "$l" = "$1" ] && { echo "$r"; return; }
        r=$((r + 1))
    done
    echo 99
}

# header basename -> layer rank (ctome.h: above plot, below tools)
map=$(mktemp)
trap 'rm -f "$map"' EXIT
for l in $layers; do
    r=$(rank_of_dir "$l")
    for h in lib/"$l"/*.h; do [ -e "$h" ] && echo "$(basename "$h") $r $l"; done
done > "$map"
echo "ctome.h 7 umbrella" >> "$map"
tools_rank=8

# check FILE RANK: print "FILE:LINE: includes HEADER (layer) from a lower layer"
check() {
    awk -v file="$1" -v rank="$2" -v mapf="$map" '
        BEGIN { while ((getline line < mapf) > 0) { split(line, p, " "); r[p[1]] = p[2]; lay[p[1]] = p[3] } }
        /^[ \t]*#[ \t]*include[ \t]*"/ {
            h = $0; sub(/^[^"]*"/, "", h); sub(/".*$/, "", h); n = split(h, parts, "/"); b = parts[n]
            if ((b in r) && r[b] + 0 > rank + 0)
                printf "%s:%d: includes %s (%s) from a lower layer\n", file, FNR, h, lay[b]
        }' "$1"
}

out=$(
    for l in $layers; do
        r=$(rank_of_dir "$l")
        for f in lib/"$l"/*.c lib/"$l"/*.h; do [ -e "$f" ] && check "$f" "$r"; done
    done
    for f in tools/*.c tools/*.h; do [ -e "$f" ] && check "$f" "$tools_rank"; done
)
fail=0
if [ -n "$out" ]; then
    echo "FAIL: includes that run up the layers core → data → formats → analysis → models → reproduce → plot:"
    echo "$out"
    fail=1
fi

# Self-check: an upward include in a scratch file is found.
probe=$(mktemp)
printf '#include "stats.h"\n' > "$probe"
if [ -z "$(check "$probe" "$(rank_of_dir core)")" ]; then
    echo "FAIL: self-check: core including stats.h (analysis) was not flagged"; fail=1
fi
rm -f "$probe"
[ "$fail" -eq 0 ] && echo "ok: no include runs up the layers ($(wc -l < "$map") headers mapped)"
exit "$fail"
