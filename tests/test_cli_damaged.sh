#!/bin/sh
# Damaged and hostile input files (docs/reliability.md, "Damaged input"):
# every one ends in a named error and exit 1, in bounded time, and leaves no
# output file.  Inputs that crash or hang libhdf5 1.10.8 are kept in
# tests/fuzz/corpus_mat (found by fuzz_mat); the rest are made here from the
# fixtures.
# optional features (tests/cli_common.sh): matio
CTOME_NEEDS="matio"
. "${CTOME_TESTS:?}/cli_common.sh"
fz=$CTOME_TESTS/fuzz/corpus_mat
fx=$CTOME_TESTS/fixtures
# A hang costs 1 s of CPU in the guard's child (default 20 s).
export CTOME_HDF5_CHECK_SECONDS=1
# timeout(1) bounds every run: an endless loop must fail the test (exit 124),
# not hang the suite.
lim="timeout 300"

# ---- item 6: HDF5 files that crash or hang libhdf5 ----
crash="damaged HDF5 file (the HDF5 library crashed reading it"
hang="damaged HDF5 file (the HDF5 library hung reading it"
for f in hdf5_segv_h5hg_read_1.h5 hdf5_segv_h5hg_read_2.h5 hdf5_segv_h5hg_read_3.h5; do
    cp "$fz/$f" "$t/store.h5"
    expect 1 "store.h5: $crash" -- $lim "$bin" info "$t/store.h5"
    expect 1 "$crash" -- $lim "$bin" export "$t/store.h5" --layer chemical --format graphml -o "$t/out.graphml"
    no_file "$t/out.graphml"
    # the same bytes as an NWB recording and as a MATLAB v7.3 matrix
    cp "$fz/$f" "$t/rec.nwb"
    expect 1 "rec.nwb: $crash" -- $lim "$bin" activity "$t/rec.nwb" -o "$t/act.h5"
    no_file "$t/act.h5"
done
cp "$fz/hdf5_hang_1.h5" "$t/hang.h5"
expect 1 "hang.h5: $hang" -- $lim "$bin" info "$t/hang.h5"
mkdir -p "$t/u" && cp "$fz/hdf5_hang_1.h5" "$t/u/Neuro279_Syn.mat"
expect 1 "Neuro279_Syn.mat: $hang" -- $lim "$bin" info "$t/u/Neuro279_Syn.mat"
# the guard does not refuse a sound file: the bundled v7.3 matrices still read
expect 0 "279 neurons" -- $lim "$bin" info "$CTOME_DATA/connectome/uzel2022_varshney279/Neuro279_Syn.mat"

# ---- item 8: truncated or garbled compressed MATLAB v5 ----
mkdir -p "$t/v5"
cp "$fx"/matlab/v5/*.mat "$t/v5/"
expect 0 "2194" -- "$bin" info "$t/v5/Neuro279_Syn.mat"   # the whole file: 2194 edges
for cut in 200 3000 6553; do
    head -c $cut "$fx/matlab/v5/Neuro279_Syn.mat" > "$t/v5/Neuro279_Syn.mat"
    expect 1 "Neuro279_Syn.mat: damaged MATLAB v5 file: truncated" -- "$bin" info "$t/v5/Neuro279_Syn.mat"
    expect 1 "damaged MATLAB v5 file" -- "$bin" ingest "$t/v5/Neuro279_Syn.mat" -o "$t/v5.h5"
    no_file "$t/v5.h5"
done
# one byte flipped inside the compressed matrix (it read as 1510 edges, exit 0)
od -An -tu1 -v "$fx/matlab/v5/Neuro279_Syn.mat" | tr -s ' ' '\n' | grep . |
    awk 'NR == 3001 { $0 = ($0 + 85) % 256 } { printf "%c", $0 }' > "$t/v5/Neuro279_Syn.mat"
expect 1 "damaged MATLAB v5 file: variable at byte 128: the compressed data is garbled" -- \
    "$bin" info "$t/v5/Neuro279_Syn.mat"
cp "$fx/matlab/v5/Neuro279_Syn.mat" "$t/v5/"
head -c 700 "$fx/matlab/v5/Order279.mat" > "$t/v5/Order279.mat"
expect 1 "Order279.mat: damaged MATLAB v5 file: truncated" -- "$bin" info "$t/v5/Neuro279_Syn.mat"
# a Zimmer-lab recording cut short
head -c 9000 "$fx/zimmer/WT_NoStim_v5.mat" > "$t/wt.mat"
expect 1 "wt.mat: damaged MATLAB v5 file: truncated" -- "$bin" activity "$t/wt.mat" -o "$t/act.h5"
no_file "$t/act.h5"

# ---- item 9: what ctome could not read back is refused at ingest ----
printf 'pre\tpost\tweight\nADAL\tADAR\t1e308\nADAL\tADAR\t1e308\n' > "$t/inf.tsv"
expect 1 "inf.tsv:3: weight 1e+308 in layer 'chemical': the layer's weights would sum past" -- \
    "$bin" ingest "$t/inf.tsv" -o "$t/w.h5"
no_file "$t/w.h5"
printf 'pre,post,weight\nAD\377L,ADAR,1\n' > "$t/utf.csv"
expect 1 'utf.csv:2: bad cell name "AD\\xFFL": not valid UTF-8 (byte 0xFF at offset 2)' -- \
    "$bin" ingest "$t/utf.csv" -o "$t/w.h5"
no_file "$t/w.h5"
printf 'pre,post,weight\n"AD\tL",ADAR,1\n' > "$t/tab.csv"
expect 1 'tab.csv:2: bad cell name "AD\\tL": control character U+0009 at offset 2' -- \
    "$bin" ingest "$t/tab.csv" -o "$t/w.h5"
no_file "$t/w.h5"
cat > "$t/nl.graphml" <<'G'
<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>
  <graph edgedefault="directed">
    <node id="AD&#10;L"/><node id="ADAR"/>
    <edge source="AD&#10;L" target="ADAR"><data key="w">1</data></edge>
  </graph>
</graphml>
G
expect 1 'bad cell name "AD\\nL": control character U+000A' -- "$bin" ingest "$t/nl.graphml" -o "$t/w.h5"
no_file "$t/w.h5"
# overlong UTF-8 form of '/' and a UTF-16 surrogate are not UTF-8 either
printf 'pre,post,weight\nA\300\257L,ADAR,1\nB\355\240\200,ADAR,1\n' > "$t/ovl.csv"
expect 1 'ovl.csv:2: bad cell name "A\\xC0\\xAFL": not valid UTF-8' -- "$bin" ingest "$t/ovl.csv" -o "$t/w.h5"
# valid non-ASCII UTF-8 and large finite sums still pass
printf 'pre,post,weight\nNEUR\303\223N,ADAR,1e307\nNEUR\303\223N,ADAR,1e307\n' > "$t/ok.csv"
expect 0 "" -- "$bin" ingest "$t/ok.csv" -o "$t/ok.h5"
expect 0 "" -- "$bin" export "$t/ok.h5" --layer chemical --format edgelist --all-cells -o "$t/ok.tsv"
expect 0 "2e+307" -- cat "$t/ok.tsv"

cli_done
