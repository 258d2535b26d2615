#!/bin/sh
# CLI tests: the real binary on the bundled data — outputs, exit codes, error
# messages, and that a failed command leaves no output file behind.
# Needs CTOME_BIN (set by meson) and a writable temporary folder.
# optional features (tests/cli_common.sh): cairo freexl
CTOME_NEEDS="cairo freexl"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

# --- usage -------------------------------------------------------------
expect 2 "Usage: ctome" -- "$bin"
expect 0 "compare-sources" -- "$bin" --help
expect 2 "unknown command" -- "$bin" frobnicate
expect 0 "References" -- "$bin" help neurons
expect 0 "Usage: ctome export" -- "$bin" export --help
expect 2 "required" -- "$bin" ingest cook2019-herm
expect 2 "format must be" -- "$bin" export cook2019-herm --layer chemical --format pdf -o "$t/x"
expect 2 "order must be" -- "$bin" plot adjacency cook2019-herm --order bogus -o "$t/x.png"
expect 2 "datasets: unknown option '--bogus'" -- "$bin" datasets --bogus

# --- registry ----------------------------------------------------------
expect 0 "AVAL	AVA	interneuron	both	acetylcholine	excitatory" -- "$bin" neurons AVAL
expect 0 "^DB01	DB	motor" -- "$bin" neurons db1
expect 0 '"partner": "AVAR"' -- "$bin" neurons --json AVAL
"$bin" neurons > "$t/n.tsv" && [ "$(tail -n +2 "$t/n.tsv" | wc -l)" -eq 302 ] && ok || bad "ctome neurons does not list 302 neurons"
"$bin" neurons --sex male > "$t/m.tsv" && [ "$(tail -n +2 "$t/m.tsv" | wc -l)" -eq 91 ] && ok || bad "ctome neurons --sex male does not list 91 neurons"
expect 1 "unknown neuron or class 'NOTANEURON'" -- "$bin" neurons NOTANEURON
# a class name, in any case, shows its members (the registry has RIAL and RIAR)
"$bin" neurons ria > "$t/ria.tsv" && [ "$(cut -f1 "$t/ria.tsv" | tr '\n' ' ')" = "name RIAL RIAR " ] &&
    ok || bad "ctome neurons ria does not list RIAL and RIAR: $(cut -f1 "$t/ria.tsv" | tr '\n' ' ')"
expect 0 "^SMDDL	SMD	motor" -- "$bin" neurons Smd

# --- datasets, info, compare-sources -----------------------------------
expect 0 "cook2019-herm	hermaphrodite	adult	chemical	true	302	3671	20848" -- "$bin" datasets
expect 0 '"id": "witvliet2021-8"' -- "$bin" datasets --json
expect 0 "	chemical	true	279	2194	6394" -- "$bin" info varshney2011
expect 0 "3482 shared (3462 same weight, 20 differ), 189 only in A, 122 only in B" -- "$bin" compare-sources cook2019-herm
expect 0 "2194 shared (2194 same weight, 0 differ), 0 only in A, 0 only in B" -- "$bin" compare-sources varshney2011
expect 1 "single bundled source" -- "$bin" compare-sources yim2024-dauer
expect 1 "unknown dataset 'nope'" -- "$bin" compare-sources nope

# --- ingest, info on a store, export -----------------------------------
expect 0 "" -- "$bin" ingest cook2019-herm varshney2011 -o "$t/s.h5"
expect 0 "	chemical	true	279	2194	6394" -- "$bin" info "$t/s.h5:varshney2011"
expect 0 "# cook2019-herm" -- "$bin" info "$t/s.h5"
expect 0 "" -- "$bin" export "$t/s.h5:varshney2011" --layer chemical --format edgelist -o "$t/v.tsv"
[ "$(tail -n +2 "$t/v.tsv" | wc -l)" -eq 2194 ] && ok || bad "exported varshney2011 edge list does not have 2194 edges"
# A file exported by ctome reads back through format detection with the same counts.
expect 0 "	chemical	true	279	2194	6394" -- "$bin" info "$t/v.tsv"
expect 0 "" -- "$bin" export witvliet2021-8 --layer chemical --format graphml -o "$t/w.graphml"
expect 0 "	chemical	true	180	1933	7099" -- "$bin" info "$t/w.graphml"
# The store keeps each dataset's metadata (the catalogue entry) and reads it back.
expect 0 "^# doi: 10.1371/journal.pcbi.1001066$" -- "$bin" info "$t/s.h5:varshney2011"
expect 0 "^# stage: adult$" -- "$bin" info "$t/s.h5:varshney2011"
# Exports carry what users colour networks by: GraphML node ids are the names,
# nodes carry class, type, sex, transmitter, sign and soma position (registry:
# AVAL is an acetylcholine interneuron at 50.2, 6.7, 8.41 um), the graph the DOI.
"$bin" export "$t/s.h5:varshney2011" --layer chemical --format graphml -o "$t/v.graphml" 2>/dev/null &&
    grep -q '<node id="AVAL"><data key="d0">AVAL</data><data key="d1">neuron</data><data key="s0">AVA</data><data key="s1">interneuron</data><data key="s2">both</data><data key="s3">acetylcholine</data><data key="s4">excitatory</data><data key="p0">50.2</data><data key="p1">6.7</data><data key="p2">8.41</data></node>' "$t/v.graphml" &&
    grep -q '<data key="m2">10.1371/journal.pcbi.1001066</data>' "$t/v.graphml" && ok ||
    bad "GraphML export lacks AVAL's registry facts or the DOI: $(grep 'id="AVAL"' "$t/v.graphml")"
expect 0 "	chemical	true	279	2194	6394" -- "$bin" info "$t/v.graphml"
"$bin" export varshney2011 --layer chemical --format gml -o "$t/v.gml" 2>/dev/null &&
    grep -q '^    class "AVA"$' "$t/v.gml" && grep -q '^    x_um 50.2$' "$t/v.gml" && ok || bad "GML export lacks node facts"
expect 0 "	chemical	true	279	2194	6394" -- "$bin" info "$t/v.gml"
expect 0 "" -- "$bin" export varshney2011 --layer chemical --format nodes -o "$t/v.nodes.tsv"
grep -q "^AVAL	neuron	AVA	interneuron	both	acetylcholine	excitatory	50.2	6.7	8.41$" "$t/v.nodes.tsv" &&
    [ "$(tail -n +2 "$t/v.nodes.tsv" | wc -l)" -eq 279 ] && ok || bad "node table lacks AVAL's row or 279 rows"
expect 1 "no layer 'peptide'" -- "$bin" export cook2019-herm --layer peptide --format gml -o "$t/p.gml"
no_file "$t/p.gml"
expect 0 "" -- "$bin" plot adjacency cook2019-herm --layer electrical --order position -o "$t/a.svg"
head -c 5 "$t/a.svg" | grep -q "<?xml" && ok || bad "plot adjacency did not write an SVG"

# --- bad input: FILE:LINE: what, exit 1, no partial output -------------
printf 'pre,post,weight\nAVAL,AVAR,3\nAVAL,AVBL,-2\n' > "$t/neg.csv"
expect 1 "neg.csv:3:.*negative" -- "$bin" ingest "$t/neg.csv" -o "$t/neg.h5"
no_file "$t/neg.h5"
printf 'pre,post,weight\nAVAL,AVAR,3\nAVAL,AVBL,abc\n' > "$t/nan.csv"
expect 1 "nan.csv:3:.*abc" -- "$bin" ingest "$t/nan.csv" -o "$t/nan.h5"
no_file "$t/nan.h5"
: > "$t/empty.csv"
expect 1 "empty.csv.*empty" -- "$bin" info "$t/empty.csv"
head -c 4000 "$CTOME_DATA/connectome/cook2019/nemanode_cook_jarrell_2019_h.json" > "$t/trunc.json"
expect 1 "trunc.json:1:" -- "$bin" info "$t/trunc.json"
head -c 20000 "$CTOME_DATA/connectome/witvliet2021/witvliet_2020_1.xlsx" > "$t/trunc.xlsx"
expect 1 "trunc.xlsx" -- "$bin" info "$t/trunc.xlsx"
printf '\001\002\003\000binary' > "$t/garbage.bin"
expect 1 "garbage.bin.*unknown format" -- "$bin" info "$t/garbage.bin"
printf 'pre,post,weight\n"AVAL,AVAR,3\n' > "$t/quote.csv"
expect 1 "quote.csv:2:" -- "$bin" info "$t/quote.csv"
expect 1 "is a directory" -- "$bin" info "$t"
expect 1 "neither a bundled dataset id" -- "$bin" info not-a-dataset
expect 1 "is a folder; give a file name" -- "$bin" ingest cook2019-herm -o "$t"
expect 1 "folder .*no/such/dir does not exist" -- "$bin" ingest cook2019-herm -o "$t/no/such/dir/s.h5"
expect 1 "cannot write" -- "$bin" export cook2019-herm --layer chemical --format gml -o /proc/ctome.gml
expect 1 "" -- "$bin" plot adjacency "$t/neg.csv" -o "$t/neg.png"
no_file "$t/neg.png"
expect 1 "no connectome 'nope'" -- "$bin" info "$t/s.h5:nope"

# --- topology: stats, compare, nulls, communicability (issue 3) --------
expect 0 "" -- "$bin" stats cook2019-herm --layer chemical --nulls 10 --json -q
# every TSV column is a JSON key of the same name (one list: the TSV header)
# (--sw-refs 1 where sigma/omega's values are not checked: their references
# are 40 % of a run and draw no stream the other measures use)
"$bin" stats cook2019-herm --layer chemical --nulls 2 -q --sw-refs 1 > "$t/st.tsv" 2>/dev/null || bad "stats TSV run"
for k in $(head -1 "$t/st.tsv") rich_club '"k"' '"phi"' phi_null_mean phi_null_sd phi_norm '"p"' motifs counts \
         null_mean null_sd '"z"' modularity_gamma null_rich_club null_motifs ctome_version; do
    case $k in \"*) pat="$k:" ;; *) pat="\"$k\":" ;; esac
    grep -q "$pat" "$t/out" && ok || bad "stats --json lacks key $k"
done
grep -q '"n_nodes": 302,' "$t/out" && grep -q '"n_edges": 3671,' "$t/out" && ok || bad "stats: cook2019-herm chemical is not 302 neurons, 3671 edges"
expect 0 "^cook2019-herm	chemical	302	3671	" -- "$bin" stats cook2019-herm --layer chemical --nulls 5 -q --sw-refs 1
expect 0 "seed 1" -- "$bin" stats varshney2011 --layer electrical --nulls 5 --sw-refs 1
expect 2 "at least 1" -- "$bin" stats cook2019-herm --nulls 0
expect 2 "null-model must be" -- "$bin" stats cook2019-herm --null-model bogus
expect 1 "no layer 'bogus' (layers: chemical, electrical)" -- "$bin" stats cook2019-herm --layer bogus
[ ! -s "$t/out" ] && ok || bad "stats printed a table before failing"
expect 0 "^cook2019-herm	chemical	AVAL	" -- "$bin" stats cook2019-herm --layer chemical --nulls 5 --nodes -q
"$bin" stats white1986-whole --layer chemical --nulls 20 --threads 1 -q > "$t/t1" &&
    "$bin" stats white1986-whole --layer chemical --nulls 20 --threads 2 -q > "$t/t2" &&
    cmp -s "$t/t1" "$t/t2" && ok || bad "stats differs between 1 and 2 threads"
expect 0 "figure written" -- "$bin" stats witvliet2021-8 --layer chemical --nulls 5 --sw-refs 1 --plot "$t/st.png"
[ -s "$t/st.png" ] && ok || bad "stats --plot wrote no figure"
expect 2 "unknown figure format" -- "$bin" stats cook2019-herm --layer chemical --nulls 5 -q --plot "$t/st.bogus"
no_file "$t/st.bogus"
expect 0 "witvliet2021-1	witvliet2021-8	vs_last	675	1933	558	1375	117	0.272195	0.508901	0.489598" -- \
    "$bin" compare witvliet2021-1 witvliet2021-2 witvliet2021-3 witvliet2021-4 witvliet2021-5 \
    witvliet2021-6 witvliet2021-7 witvliet2021-8 --plot "$t/dev.png"
[ -s "$t/dev.png" ] && ok || bad "compare --plot wrote no figure"
expect 0 "^AVAL	12	35	0	0	23	0" -- "$bin" compare witvliet2021-1 witvliet2021-8 --degrees
expect 0 '"kind": "consecutive"' -- "$bin" compare witvliet2021-1 witvliet2021-8 --json
expect 2 "at least two" -- "$bin" compare witvliet2021-1
expect 1 "no layer 'monoamine'" -- "$bin" compare witvliet2021-1 witvliet2021-8 --layer monoamine
expect 0 "written to" -- "$bin" nulls varshney2011 --null-model maslov-sneppen --nulls 4 --seed 7 -o "$t/nulls.h5"
[ -s "$t/nulls.h5" ] && ok || bad "nulls wrote no store"
expect 2 "--nulls 0: out of range" -- "$bin" nulls varshney2011 --null-model maslov-sneppen --nulls 0 -o "$t/n0.h5"
no_file "$t/n0.h5"
expect 2 "null-model must be" -- "$bin" nulls varshney2011 --null-model bogus -n 3 -o "$t/nb.h5"
expect 1 "no layer 'bogus'" -- "$bin" nulls varshney2011 --layer bogus -n 3 -o "$t/nl.h5"
no_file "$t/nl.h5"
expect 0 "^neuron,ADAR,ADAL" -- "$bin" communicability varshney2011 --layer electrical
expect 0 "" -- "$bin" communicability varshney2011 --layer electrical --weighted -o "$t/comm.csv"
[ "$(wc -l < "$t/comm.csv")" -eq 254 ] && ok || bad "communicability CSV is not 253 neurons + header"

expect 1 "weighted statistics need positive weights" -- "$bin" stats randi2023-funconn --weighted --nulls 2

# --- rsa (issue 6) ---------------------------------------------------------
rf="${CTOME_TESTS:-$(dirname "$0")}/fixtures/rsa/folds.csv"
expect 0 "^c1	0	2.098753766	2.081906386" -- "$bin" rsa "$rf"
expect 0 "^c2	4.605357818	0	" -- "$bin" rsa "$rf" --rdm crossnobis
"$bin" rsa "$rf" -o "$t/euc.tsv" && ok || bad "rsa -o failed"
expect 0 "^value	0.9464285714" -- "$bin" rsa "$rf" --rdm crossnobis --compare "$t/euc.tsv" --nulls 200
expect 0 '"value": 0.97118631' -- "$bin" rsa "$rf" --rdm crossnobis --compare "$t/euc.tsv" \
    --method whitened-cosine --json
"$bin" rsa "$rf" --compare "$t/euc.tsv" --rdm correlation --nulls 300 --bootstrap 200 --threads 1 > "$t/r1" &&
    "$bin" rsa "$rf" --compare "$t/euc.tsv" --rdm correlation --nulls 300 --bootstrap 200 --threads 2 > "$t/r2" &&
    cmp -s "$t/r1" "$t/r2" && grep -q "^seed	1" "$t/r1" && ok || bad "rsa differs between 1 and 2 threads"
expect 0 "" -- "$bin" rsa "$rf" --rdm mahalanobis --gt 0.1,0.7 --geodesic --plot "$t/rdm.png"
[ -s "$t/rdm.png" ] && ok || bad "rsa --plot wrote no figure"
printf 'condition,a,b\nonly,1,2\n' > "$t/one.csv"
expect 1 "at least 2 conditions" -- "$bin" rsa "$t/one.csv" -o "$t/one.out"
no_file "$t/one.out"
printf 'condition,a,b\nx,1,2\ny,NaN,3\nz,1,1\n' > "$t/nan.csv"
expect 1 "nan.csv:3" -- "$bin" rsa "$t/nan.csv"
printf 'condition,a,b\nx,1,2\ny,2,3\n' > "$t/two.csv"
expect 1 "RDM sizes differ" -- "$bin" rsa "$rf" --compare "$t/two.csv" -o "$t/mm.out"
no_file "$t/mm.out"
expect 2 "quantiles" -- "$bin" rsa "$rf" --gt 0.8,0.2
expect 2 "unknown comparison" -- "$bin" rsa "$rf" --compare "$t/euc.tsv" --method tau-b
expect 2 "need --compare" -- "$bin" rsa "$rf" --nulls 10

# --- rank (issue 6) --------------------------------------------------------
expect 0 '"effective_rank": 172.01356505' -- "$bin" rank varshney2011 --binary --json
expect 0 "^effective_rank	124.6520896" -- "$bin" rank varshney2011 --layer chemical
expect 0 "^participation_ratio	10.79893935" -- "$bin" rank atanas2023-sample
expect 0 "^spectral_radius	22.30316166" -- "$bin" rank atanas2023-sample --covariance --plot "$t/scree.png"
[ -s "$t/scree.png" ] && ok || bad "rank --plot wrote no figure"
printf 'w1,w2\n3,0\n0,2\n' > "$t/w.csv"
expect 0 "^stable_rank	1.444444444" -- "$bin" rank "$t/w.csv"
printf '1,2\n3,NaN\n' > "$t/wnan.csv"
expect 1 "row 2, column 2" -- "$bin" rank "$t/wnan.csv" --plot "$t/wnan.png"
no_file "$t/wnan.png"
expect 2 "recordings only" -- "$bin" rank varshney2011 --covariance

# --- activity (issue 6) ----------------------------------------------------
expect 0 "^atanas2023-sample	98	98	0	1600	2889	0.600019	0.333" -- "$bin" activity atanas2023-sample \
    -o "$t/act.h5" --plot "$t/act.png" --neurons AVAR,SMDDL
[ -s "$t/act.h5" ] && [ -s "$t/act.png" ] && ok || bad "activity wrote no store or figure"
# a skipped recording is said on stderr even with --quiet; stdout is one table
expect 0 "skipped scholz2018-gfp: 2199 samples" -- "$bin" activity atanas2023-sample scholz2018-gfp \
    --dt 0.2 --min-length 2300 --smooth gauss:1 -o "$t/act2.h5" --quiet
grep -q "^atanas2023-sample	98	98	0	1600	4810	" "$t/out" && [ "$(wc -l < "$t/out")" -eq 2 ] && ok ||
    bad "activity --dt 0.2 row"
expect 0 "gaps in time longer than 3 x the median step" -- "$bin" activity scholz2018-gfp -o "$t/act3.h5"
expect 1 "no recording is long enough (2 skipped" -- "$bin" activity atanas2023-sample scholz2018-gfp \
    --min-length 5000 -o "$t/act4.h5"
no_file "$t/act4.h5"
expect 1 "neuron 'RIML' is not in recording" -- "$bin" activity atanas2023-sample --plot "$t/act5.png" \
    --neurons AVAR,RIML -o "$t/act5.h5"
no_file "$t/act5.h5"
no_file "$t/act5.png"
printf 'time,AVAL,AVAR\n0,1,2\n1,2,3\n0.5,3,3\n' > "$t/nonmono.csv"
expect 1 "not strictly increasing at index 2" -- "$bin" activity "$t/nonmono.csv" -o "$t/act6.h5"
no_file "$t/act6.h5"
awk 'BEGIN { print "time,AVAL,AVAR"; for (i = 0; i < 700; i++) {
    a = (i >= 100 && i < 200) ? "NaN" : sin(i / 7); b = (i >= 300 && i < 400) ? "NaN" : cos(i / 5);
    printf "%.3f,%s,%s\n", i * 0.333, a, b } }' > "$t/alldrop.csv"
expect 1 "all 2 neurons dropped (first: AVAL: longest NaN run 100 samples" -- "$bin" activity \
    "$t/alldrop.csv" -o "$t/act7.h5"
no_file "$t/act7.h5"
expect 2 "dt must be a positive" -- "$bin" activity atanas2023-sample --dt 0 -o "$t/act8.h5"
expect 2 "smooth must be" -- "$bin" activity atanas2023-sample --smooth box:3 -o "$t/act8.h5"
expect 2 "--max-nan-run 1.5: out of range" -- "$bin" activity atanas2023-sample --max-nan-run 1.5 -o "$t/act8.h5"
expect 2 "-o store.h5 is required" -- "$bin" activity atanas2023-sample
expect 1 "unknown-recording" -- "$bin" activity unknown-recording -o "$t/act8.h5"
no_file "$t/act8.h5"

# --- structfunc ----------------------------------------------------------
# shared count and rho pinned by tests/ref/structfunc_ref.py (66 neurons, rho 0.042229804418)
expect 0 "^shared_neurons	AIBL,AIBR," -- "$bin" structfunc varshney2011 --functional uzel2022-fc \
    --nulls 30 --seed 3 --threads 1 --plot "$t/sf.png"
grep -q "^n_shared	66$" "$t/out" && grep -q "^spearman_rho	0.042230$" "$t/out" && grep -q "^seed	3$" "$t/out" &&
    ok || bad "structfunc rho/seed"
[ -s "$t/sf.png" ] && ok || bad "structfunc wrote no figure"
cp "$t/out" "$t/sf1.txt"
expect 0 "^p	" -- "$bin" structfunc varshney2011 --functional uzel2022-fc --nulls 30 --seed 3 --threads 2
cmp -s "$t/out" "$t/sf1.txt" && ok || bad "structfunc differs between 1 and 2 threads"
expect 0 '"n_shared": 64' -- "$bin" structfunc varshney2011 --layer electrical --functional uzel2022-fc:2 \
    --nulls 20 --json
expect 0 '"functional_symmetric": false' -- "$bin" structfunc cook2019-herm --functional randi2023-funconn \
    --nulls 20 --absent nan --json
expect 0 "Randi F, Sharma AK" -- "$bin" help structfunc
expect 2 "functional is required" -- "$bin" structfunc varshney2011
expect 2 "--nulls 0: out of range" -- "$bin" structfunc varshney2011 --functional uzel2022-fc --nulls 0
expect 1 "unknown functional source 'nosuch'" -- "$bin" structfunc varshney2011 --functional nosuch \
    --plot "$t/sf2.png"
no_file "$t/sf2.png"
expect 1 "no layer 'peptide'" -- "$bin" structfunc varshney2011 --layer peptide --functional uzel2022-fc
expect 1 "has no labelled neuron" -- "$bin" structfunc varshney2011 --functional scholz2018-gfp
expect 1 "the Uzel matrix number must be 1..9" -- "$bin" structfunc varshney2011 --functional uzel2022-fc:10

# RDMs of the bundled recording vs tests/ref/rsa_recording_ref.txt (numpy)
expect 0 "^w01	0	0.3973498412	" -- "$bin" rsa atanas2023-sample --bins 10
expect 0 "^w01	0	0.2772291673	.*	1.713489495$" -- "$bin" rsa atanas2023-sample --rdm correlation --bins 10
expect 0 "^w09	.*	0.1924133374$" -- "$bin" rsa atanas2023-sample --rdm correlation --bins 10
expect 2 "--bins 1: out of range" -- "$bin" rsa atanas2023-sample --bins 1

cli_done
