#!/bin/sh
# The main job, `ctome report`, on the bundled data: it finishes, writes the
# page, the store and every section's figures, reports each section's time,
# and a failed report leaves no folder behind.  Its own test (not part of
# tests/test_cli.sh) because it runs for minutes under ASan.
# optional features (tests/cli_common.sh): cairo freexl matio mujoco gif
CTOME_NEEDS="cairo freexl matio mujoco gif"
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

# The folder already holds an earlier report (its marker lists what ctome
# wrote) and the user's own files: --force replaces only ctome's entries.
mkdir -p "$t/rep/fig" "$t/rep/sub"
printf 'ctome report folder: the entries below were written by ctome\nindex.html\nfig/\nfig/stale.png\nstore.h5\n' \
    > "$t/rep/.ctome-report"
echo old > "$t/rep/index.html"; echo old > "$t/rep/fig/stale.png"; echo old > "$t/rep/store.h5"
echo mine > "$t/rep/thesis.txt"; echo mine > "$t/rep/fig/mine.png"
expect 1 "the folder holds 3 entries ctome did not write" -- "$bin" report -o "$t/rep"
expect 0 "report written" -- "$bin" report -o "$t/rep" --force --json
# --json: a summary of what was written (issue 13 §9), ctome's figures only.
cp "$t/out" "$t/summary.json"
for want in "\"index\": \"$t/rep/index.html\"" "\"$t/rep/fig/development_chemical.png\"" '"published"' '"cpu_s"'; do
    grep -qF "$want" "$t/summary.json" && ok || bad "report --json summary lacks $want: $(head -c 300 "$t/summary.json")"
done
grep -qF "/fig/mine.png" "$t/summary.json" && bad "report --json lists the user's fig/mine.png" || ok
[ "$(cat "$t/rep/thesis.txt")" = mine ] && [ "$(cat "$t/rep/fig/mine.png")" = mine ] && [ -d "$t/rep/sub" ] && ok ||
    bad "report --force touched the user's files"
[ -e "$t/rep/fig/stale.png" ] && bad "report --force kept the earlier report's stale figure" || ok
grep -qx "index.html" "$t/rep/.ctome-report" && grep -qx "fig/development_chemical.png" "$t/rep/.ctome-report" &&
    ! grep -qx "thesis.txt\|fig/mine.png\|sub/" "$t/rep/.ctome-report" && ok || bad "the marker does not list exactly ctome's files"
ls -d "$t"/rep.tmp* >/dev/null 2>&1 && bad "report left its build folder" || ok
grep -q "connectome rate model section done" "$t/err" && ok || bad "report prints no section timings"
[ -s "$t/rep/index.html" ] && [ -s "$t/rep/store.h5" ] && ok || bad "report is missing index.html or store.h5"
grep -q "witvliet2021-8" "$t/rep/index.html" && ok || bad "report lacks witvliet2021-8"
# Every section: its heading and its figures.
for h in "Topology" "Activity" "Rank" "Structure and function" "Connectome rate model: perturbation atlas" \
         "Locomotion: the NCAP swimmer" "Learning"; do
    grep -q "<h2>$h</h2>" "$t/rep/index.html" && ok || bad "report lacks the section '$h'"
done
for fig in development_chemical topology_cook2019-herm_chemical structfunc model_atlas model_sweep \
           swim_trajectory swim_kymograph swim_transfer sernn_matched richlazy_curves richlazy_summary; do
    [ -s "$t/rep/fig/$fig.png" ] && ok || bad "report lacks fig/$fig.png"
done
# Structure and function: the default reading of absent Randi pairs, and the other reading's row where
# it changes the conclusion (cook2019-herm chemical: p 0.11 with absent pairs left out, 0.0099 as 0).
grep -q "<td>cook2019-herm</td><td>chemical</td><td>randi2023-funconn (absent: nan)</td>" "$t/rep/index.html" &&
    grep -q "<td>cook2019-herm</td><td>chemical</td><td>randi2023-funconn (absent: zero; conclusion differs)</td>" \
    "$t/rep/index.html" && ok || bad "report does not show both readings of absent Randi pairs"
# Progress and timing: each part's time on stderr and the timing table in the footer.
grep -q "time per section" "$t/err" && grep -q "^  topology  *[0-9]" "$t/err" && ok || bad "no timing table on stderr"
grep -q 'id="timing"' "$t/rep/index.html" && grep -q "<tr><td>topology</td><td class=\"n\">[0-9]" "$t/rep/index.html" &&
    ok || bad "no timing table in the footer"
# The swimmer movie in the locomotion section (read back frame by frame in tests/test_swim_movie.c).
[ "$(head -c 6 "$t/rep/fig/swim.gif")" = GIF89a ] && grep -q 'src="fig/swim.gif"' "$t/rep/index.html" && ok ||
    bad "report lacks the swimmer movie"
grep -q "334 frames, one every 3 control steps, 0.09 s each" "$t/rep/index.html" && ok || bad "movie caption lacks its rate"

# Readings: one sentence per result, each quoting the table it follows.
h="$t/rep/index.html"
for sec in topology activity model locomotion sernn richlazy dfc published; do
    awk -v s="<section id=\"$sec\">" 'index($0, s) { on = 1 } on && /class="reading"/ { found = 1 } on && /<\/section>/ { on = 0 }
        END { exit !found }' "$h" && ok || bad "section $sec has no reading"
done
# reading_num PATTERN: the first match of PATTERN in a reading, with its leading words cut by sed
reading() { grep -o '<p class="reading">[^<]*' "$h" | grep -o -e "$1" | head -n 1; }
# sources: "K of N file pairs agree"; N = the rows of the sources table
n_src=$(awk '/id="sources"/ { on = 1 } /id="adjacency"/ { on = 0 } on' "$h" | grep -c '^<tr><td>')
reading "[0-9]* of [0-9]* file pairs agree" | grep -q " of $n_src file pairs" && ok || bad "sources reading does not count the $n_src rows"
# topology: sigma and omega of the cook2019-herm chemical row, as printed
sw=$(reading 'σ = [0-9.-]* and ω = [0-9.-]*')
sg=$(echo "$sw" | sed 's/σ = \([^ ]*\) .*/\1/') om=$(echo "$sw" | sed 's/.*ω = //')
grep "<tr><td>cook2019-herm</td><td>chemical</td>" "$h" | grep -q "<td class=\"n\">$sg</td><td class=\"n\">$om</td>" && ok ||
    bad "topology reading sigma $sg omega $om not in the table"
# newman-celegans: why it has no neuron-level row, with the all-cell counts of the datasets table
nw=$(reading 'newman-celegans chemical ([0-9]* nodes, [0-9]* edges')
nn=$(echo "$nw" | sed 's/.*(\([0-9]*\) nodes.*/\1/') ne=$(echo "$nw" | sed 's/.*nodes, \([0-9]*\) edges/\1/')
[ "$nn" = 297 ] && [ "$ne" = 2345 ] && ok || bad "newman reading counts $nn/$ne, want 297 nodes / 2345 edges"
reading "numbers its nodes instead of naming them" >/dev/null && reading "scope all" >/dev/null && ok || bad "newman reading lacks the reason"
# model: rho over P measured pairs = the atlas table's cells
mr=$(reading 'Spearman ρ = [0-9.-]* over [0-9]* measured pairs')
rho=$(echo "$mr" | sed 's/Spearman ρ = \([^ ]*\) .*/\1/') np=$(echo "$mr" | sed 's/.* over \([0-9]*\) .*/\1/')
grep -q "<td class=\"n\">$np</td><td class=\"n\">$rho</td>" "$h" && ok || bad "model reading rho $rho over $np not in the table"
# locomotion: NCAP's return as the returns table prints it
sr=$(reading 'returns [0-9.-]* ± [0-9.]*' | sed 's/returns //; s/ ± / \&plusmn; /')
grep -q "<td class=\"n\">$sr</td>" "$h" && ok || bad "swim reading '$sr' not in the returns table"
# seRNN: accuracy and Q of the seRNN row
sq=$(reading 'Q = [0-9.-]* ± [0-9.]* at accuracy [0-9.-]* ± [0-9.]*')
q=$(echo "$sq" | sed 's/Q = \(.*\) at.*/\1/; s/ ± / \&plusmn; /') acc=$(echo "$sq" | sed 's/.*accuracy //; s/ ± / \&plusmn; /')
grep "<tr><td>seRNN</td>" "$h" | grep -q "<td class=\"n\">$acc</td><td class=\"n\">$q</td>" && ok ||
    bad "seRNN reading accuracy $acc, Q $q not in the seRNN row"
# rich/lazy: the rank-1 start's weight change and kernel alignment, consecutive cells of its row
rl=$(reading 'rank 1 starts change their weights by [0-9.]* (relative) with tangent kernel alignment [0-9.]*')
dw=$(echo "$rl" | sed 's/.* by \([0-9.]*\) .*/\1/') ka=$(echo "$rl" | sed 's/.* alignment //')
grep '<tr><td>random</td><td class="n">1</td>' "$h" | grep -q "<td class=\"n\">$dw</td><td class=\"n\">$ka</td>" && ok ||
    bad "rich/lazy reading $dw / $ka not in the rank-1 row"
# published: "N of M claims" = the verdict cells
nrep=$(grep -o '>REPRODUCED</b>' "$h" | wc -l) ndif=$(grep -o '>DIFFERS</b>' "$h" | wc -l)
reading "[0-9]* of [0-9]* claims" | grep -qx "$nrep of $((nrep + ndif)) claims" && ok ||
    bad "published reading does not count $nrep of $((nrep + ndif)) verdicts"

# The page names what it could not compute; on the bundled data nothing is missing.
grep -q "not computed" "$t/rep/index.html" && bad "report has parts 'not computed'" || ok
# A recording that fails to load is named with its reason (it once vanished
# from the tables); on the bundled data every recording loads.
grep -q "not read:" "$t/rep/index.html" && bad "report has recordings 'not read'" || ok

expect 2 "contradict each other" -- "$bin" report -o "$t/q" --quiet --progress
no_file "$t/q"

# A report that cannot be written leaves nothing behind.
expect 1 "" -- "$bin" report -o /proc/ctome-report
no_file /proc/ctome-report

cli_done
