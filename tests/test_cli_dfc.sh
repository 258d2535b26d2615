#!/bin/sh
# CLI tests of `ctome dfc` (tools/cmd_dfc.c): the planted benchmark recovers
# its communities and intervals (NMI 1, r >= 0.9 at noise 0.5, docs/dfc.md),
# same seed -> same bytes for 1 and 2 threads, the store is written and
# complete, bad options and inputs fail with their message and leave no file.
# optional features (tests/cli_common.sh): cairo
CTOME_NEEDS="cairo"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

expect 0 "Dyballa L" -- "$bin" help dfc
expect 0 "nested weighted SBM" -- "$bin" help dfc
expect 0 "--planted NOISE" -- "$bin" dfc --help

# planted benchmark: interval rows are "interval start end component r nmi noise"
# (--table planted; stdout is one table, the run line on stderr)
"$bin" dfc --planted 0.5 --rank 3 --starts 4 --threads 1 --table planted -o "$t/p.h5" > "$t/p1.tsv" 2> "$t/p1.err" ||
    bad "planted run"
if awk -F'\t' '$1 == "interval" { on = 1; next } on && ($5 < 0.9 || $6 < 0.9) { exit 1 }
               END { if (!on) exit 1 }' "$t/p1.tsv"; then ok; else bad "planted recovery: $(cat "$t/p1.tsv")"; fi
[ "$(grep -c '^interval' "$t/p1.tsv")" -eq 1 ] && [ "$(wc -l < "$t/p1.tsv")" -eq 4 ] && ok ||
    bad "--table planted is not one header and 3 rows: $(cat "$t/p1.tsv")"
grep -q "^ctome dfc: run: 4 worms, 40 neurons, 88 windows, rank 3, 4 starts, seed 1," "$t/p1.err" && ok ||
    bad "dfc run line on stderr: $(cat "$t/p1.err")"
"$bin" dfc --planted 0.5 --rank 3 --starts 4 --threads 2 --quiet --table planted > "$t/p2.tsv" ||
    bad "planted run, 2 threads"
if cmp -s "$t/p1.tsv" "$t/p2.tsv"; then ok; else bad "1 and 2 threads differ"; fi
expect 0 "	6	P001,P002,P003,P004,P005,P006$" -- "$bin" dfc --planted 0.5 --rank 3 --starts 4 --threads 1 --quiet \
    --table communities
head -1 "$t/out" | grep -q "^component	community	size	neurons$" && ok || bad "communities header"
expect 0 "^1	1[0-9]*\.[0-9]*	" -- "$bin" dfc --planted 0.5 --rank 3 --starts 2 --quiet
head -1 "$t/out" | grep -q "^component	lambda	peak_window_s	active	communities	coherent	worm:planted_w1" && ok ||
    bad "the default table is not the components table: $(head -1 "$t/out")"
expect 0 "^n_worms	n_neurons	n_windows	window_s	step_s	rank	starts	seed	" -- "$bin" dfc --planted 0.5 --rank 3 \
    --starts 2 --quiet --table run
expect 0 '"planted_noise": 0.5' -- "$bin" dfc --planted 0.5 --rank 3 --starts 2 --quiet --json
grep -q '"n_worms": 4,' "$t/out" && grep -q '"n_windows": 88,' "$t/out" && ok || bad "dfc JSON counts of the run table"
expect 2 "--table relations needs --relations" -- "$bin" dfc --planted 0.5 --table relations
expect 2 "--table planted needs --planted NOISE" -- "$bin" dfc atanas2023-sample --table planted
expect 2 "--table ranks needs --rank auto" -- "$bin" dfc --planted 0.5 --rank 3 --table ranks
expect 2 "--table chooses one TSV table; --json writes all of them" -- "$bin" dfc --planted 0.5 --table run --json
expect 2 "--table must be components, run, ranks, communities, relations or planted, not 'all'" -- "$bin" dfc \
    --planted 0.5 --table all
expect 0 "communities: Leiden" -- "$bin" dfc --planted 0.5 --rank 3 --starts 2
# plain HALS (--plain-hals) recovers the same communities with more sweeps
# than the default extrapolated HALS; the JSON names the algorithm
"$bin" dfc --planted 0.5 --rank 3 --starts 4 --threads 1 --plain-hals --table planted > "$t/ph.tsv" 2> "$t/ph.err" ||
    bad "plain HALS run"
if awk -F'\t' '$1 == "interval" { on = 1; next } on && ($5 < 0.9 || $6 < 0.9) { exit 1 }
               END { if (!on) exit 1 }' "$t/ph.tsv"; then ok; else bad "plain HALS recovery: $(cat "$t/ph.tsv")"; fi
ip=$(sed -n 's/.*converged after \([0-9]*\) iterations.*/\1/p' "$t/ph.err")
ix=$(sed -n 's/.*converged after \([0-9]*\) iterations.*/\1/p' "$t/p1.err")
if [ -n "$ip" ] && [ -n "$ix" ] && [ "$ix" -lt "$ip" ]; then ok; else bad "extrapolated $ix vs plain $ip iterations"; fi
expect 0 '"ntf": "masked non-negative CP by plain HALS' -- "$bin" dfc --planted 0.5 --rank 3 --starts 2 --quiet --json --plain-hals
expect 0 'HALS with extrapolation and restarts' -- "$bin" dfc --planted 0.5 --rank 3 --starts 2 --quiet --json
# --community: another igraph method on the same factors; Walktrap also
# recovers the planted communities at noise 0.5 (docs/dfc.md comparison), and
# the method is named where the result is printed
"$bin" dfc --planted 0.5 --rank 3 --starts 4 --threads 1 --quiet --community walktrap --table planted > "$t/wt.tsv" ||
    bad "walktrap run"
if awk -F'\t' '$1 == "interval" { on = 1; next } on && ($5 < 0.9 || $6 < 0.9) { exit 1 }
               END { if (!on) exit 1 }' "$t/wt.tsv"; then ok; else bad "walktrap recovery: $(cat "$t/wt.tsv")"; fi
expect 0 '"community_method": "communities: Walktrap' -- "$bin" dfc --planted 0.5 --rank 3 --starts 2 --quiet --json --community walktrap
expect 0 "communities: Infomap" -- "$bin" dfc --planted 0.5 --rank 3 --starts 2 --community infomap
expect 2 "--community must be leiden, louvain, walktrap, infomap, fastgreedy or wsbm, not 'sbm'" -- "$bin" dfc --planted 0.5 --community sbm
# --community wsbm: the weighted SBM (Aicher et al. 2015) recovers the planted
# communities exactly at noise 0.5 (NMI 1 in every interval, docs/dfc.md),
# same bytes for 1 and 2 threads, and says where it departs from the paper
"$bin" dfc --planted 0.5 --rank 3 --starts 4 --threads 1 --quiet --community wsbm --table planted > "$t/ws.tsv" || bad "wsbm run"
if awk -F'\t' '$1 == "interval" { on = 1; next } on && ($5 < 0.9 || $6 != 1) { exit 1 }
               END { if (!on) exit 1 }' "$t/ws.tsv"; then ok; else bad "wsbm recovery: $(cat "$t/ws.tsv")"; fi
"$bin" dfc --planted 0.5 --rank 3 --starts 4 --threads 2 --quiet --community wsbm --table planted > "$t/ws2.tsv" || bad "wsbm run, 2 threads"
if cmp -s "$t/ws.tsv" "$t/ws2.tsv"; then ok; else bad "wsbm: 1 and 2 threads differ"; fi
expect 0 '"community_method": "communities: weighted stochastic block model (Aicher' -- "$bin" dfc --planted 0.5 --rank 3 --starts 2 --quiet --json --community wsbm
expect 0 "one flat level, no degree correction" -- "$bin" dfc --planted 0.5 --rank 3 --starts 2 --community wsbm
# the store holds the run (h5ls is part of hdf5-tools)
if command -v h5ls > /dev/null; then
    expect 0 "affinity  *Dataset {352, 780}" -- h5ls "$t/p.h5/runs/dfc/dfc"
    expect 0 "coherent  *Dataset {3, 40}" -- h5ls "$t/p.h5/runs/dfc/dfc"
fi

# errors: message and exit code, no partial output
expect 2 "--window -3: out of range (a number in \[0, 1e+09\])" -- "$bin" dfc --planted 0.5 --window -3
expect 2 "--window 0: out of range (a number > 0" -- "$bin" dfc --planted 0.5 --window 0
expect 2 "--rank 0: out of range (a whole number in 1..64)" -- "$bin" dfc --planted 0.5 --rank 0
expect 2 "--rank auto:RMAX x: not a whole number in 1..64" -- "$bin" dfc --planted 0.5 --rank auto:x
expect 2 "give no input" -- "$bin" dfc atanas2023-sample --planted 0.5
expect 2 "name at least one recording" -- "$bin" dfc
expect 1 "longer than every recording" -- "$bin" dfc --planted 0.5 --rank 3 --window 5000 -o "$t/bad.h5"
no_file "$t/bad.h5"
expect 1 "rank is 2" -- "$bin" dfc --planted 0.5 --rank 2 --starts 1 -o "$t/bad2.h5"
no_file "$t/bad2.h5"
expect 1 "no-such-file" -- "$bin" dfc "$t/no-such-file.json"
# output paths are refused before any work
expect 1 "no-such-dir" -- "$bin" dfc --planted 0.5 --rank 3 -o "$t/no-such-dir/x.h5"
expect 2 "unknown figure format" -- "$bin" dfc --planted 0.5 --rank 3 --plot "$t/fig.xyz"
# a failed run leaves an existing file as it was
printf 'existing' > "$t/keep.h5"
expect 1 "longer than every recording" -- "$bin" dfc --planted 0.5 --rank 3 --window 5000 -o "$t/keep.h5"
if [ "$(cat "$t/keep.h5")" = existing ]; then ok; else bad "existing file damaged"; fi
cli_done
