#!/bin/sh
# test_cli_matrix.sh — every file ctome writes is read back by every command
# that takes that kind of input (docs/reliability.md, "Every file ctome
# writes, ctome reads back"; issue 12 item 10).  Writers: ingest (store,
# including the signed Randi layer), export (graphml, gml, edgelist, matrix),
# activity (recording store), nulls (store).  Readers: info, export, stats,
# rank, compare, communicability, structfunc, rsa, plot.  Where Debian's
# python3 has h5py and networkx the same files are opened there too; without
# it that part is skipped and says so.
# optional features (tests/cli_common.sh): cairo freexl
CTOME_NEEDS="cairo freexl"
. "${CTOME_TESTS:?}/cli_common.sh"

# --- writers
expect 0 "" -- "$bin" ingest randi2023-funconn white1986-jse -o "$t/w.h5"
expect 0 "" -- "$bin" activity atanas2023-sample -o "$t/act.h5"
for f in graphml gml edgelist matrix; do
    expect 0 "" -- "$bin" export white1986-jse --layer chemical --format $f -o "$t/e.$f"
done
expect 0 "" -- "$bin" nulls white1986-jse -n 2 -o "$t/n.h5"

# --- connectome readers x connectome files (the signed Randi layer included)
expect 0 "functional	true	147	1687	15264" -- "$bin" info "$t/w.h5"
expect 0 "chemical	true" -- "$bin" info "$t/n.h5"
for f in graphml gml edgelist matrix; do
    expect 0 "chemical	true	34	94	261" -- "$bin" info "$t/e.$f"
    expect 0 "kind	connectome layer" -- "$bin" rank "$t/e.$f"
    expect 0 "" -- "$bin" communicability "$t/e.$f" -o "$t/c_$f.csv"
    expect 0 "" -- "$bin" export "$t/e.$f" --layer chemical --format edgelist -o "$t/re_$f.tsv"
    expect 0 "" -- "$bin" plot adjacency "$t/e.$f" -o "$t/p_$f.png"
done
expect 0 "^rows	147$" -- "$bin" rank "$t/w.h5:randi2023-funconn" --layer functional
expect 0 "" -- "$bin" stats "$t/w.h5:white1986-jse" --nulls 2 --layer chemical
expect 0 "" -- "$bin" compare "$t/w.h5:white1986-jse" "$t/e.edgelist"
expect 0 "" -- "$bin" structfunc "$t/w.h5:white1986-jse" --functional randi2023-funconn --nulls 2
# an exported signed layer read back keeps its layer and sign (the edge list's
# type column names the layer)
for f in graphml gml edgelist; do
    expect 0 "" -- "$bin" export randi2023-funconn --layer functional --format $f -o "$t/f.$f"
    expect 0 "functional	true	147	1687	15264" -- "$bin" info "$t/f.$f"
done
expect 0 "" -- "$bin" export varshney2011 --layer electrical --format edgelist -o "$t/el.tsv"
expect 0 "electrical	false" -- "$bin" info "$t/el.tsv"
# the bundled Randi TSV by path reads as its dataset id does
expect 0 "functional	true	147	1687	15264" -- "$bin" info "$CTOME_DATA/connectome/randi2023_functional/leifer_funconn_wildtype_2022-04-01.tsv"

# --- recording readers x the activity store
expect 0 "kind	recording" -- "$bin" rank "$t/act.h5"
expect 0 "kind	recording" -- "$bin" rank --recording "$t/act.h5"
expect 0 "condition" -- "$bin" rsa "$t/act.h5"
expect 0 "functional	atanas2023-sample" -- "$bin" structfunc cook2019-herm --functional "$t/act.h5" --nulls 2
# One resolver for recordings (ctome_recordings_load): a store of two recordings
# is refused by the one-recording commands with the ids, never a silent first;
# FILE:ID picks one, in every command.
expect 0 "" -- "$bin" activity atanas2023-sample scholz2018-gfp --min-length 10 --quiet -o "$t/two.h5"
for cmd in "rank --recording" rsa "structfunc cook2019-herm --nulls 2 --functional"; do
    expect 1 "two.h5: holds 2 recordings (atanas2023-sample, scholz2018-gfp): this command analyses one; pick one as FILE:ID" \
        -- "$bin" $cmd "$t/two.h5"
done
expect 0 "^id	scholz2018-gfp" -- "$bin" rank --recording "$t/two.h5:scholz2018-gfp"
expect 0 "functional	atanas2023-sample" -- "$bin" structfunc cook2019-herm --nulls 2 --functional "$t/two.h5:atanas2023-sample"
expect 1 "no recording 'nope' (it holds atanas2023-sample, scholz2018-gfp)" -- "$bin" rsa "$t/two.h5:nope"

# --- wrong kinds are refused by name
expect 1 "is an edge list (connectome); rsa needs" -- "$bin" rsa "$t/e.edgelist"
expect 1 "--recording needs a recording" -- "$bin" rank --recording "$t/e.edgelist"
expect 1 "a ctome store with no recording" -- "$bin" structfunc white1986-jse --functional "$t/w.h5"

# --- h5py / networkx (optional)
py=/usr/bin/python3
if [ -x "$py" ] && "$py" -c 'import h5py, networkx' 2> /dev/null; then
    expect 0 "ok" -- "$py" - "$t" << 'PY'
import sys, h5py, networkx as nx
t = sys.argv[1]
with h5py.File(t + "/w.h5", "r") as f:
    L = f["connectomes/randi2023-funconn/layers/functional"]
    w = L["weight"][()]
    assert L.attrs["signed"] == 1 and (w < 0).sum() > 0 and len(w) == 1780, (L.attrs["signed"], len(w))
with h5py.File(t + "/act.h5", "r") as f:
    r = f["recordings/atanas2023-sample"]
    assert r["traces"].shape[0] == 98 and r["labels"].asstr()[()].shape[0] == 98
g = nx.read_graphml(t + "/e.graphml"); assert g.number_of_edges() == 94
g = nx.read_gml(t + "/e.gml"); assert g.number_of_edges() == 94
print("ok")
PY
else
    echo "SKIP: Debian python3 with h5py and networkx not found: h5py/networkx part skipped"
fi
cli_done
