#!/bin/sh
# The main job, `ctome report`, on the bundled data: it finishes, writes the
# page, the store and every section's figures, reports each section's time,
# and a failed report leaves no folder behind.  Its own test (not part of
# tests/test_cli.sh) because it runs for minutes under ASan.
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

# The folder already holds an earlier report (its marker lists what ctome
# wrote) and the user's own files: --force replaces only ctome's entries.
mkdir -p "$t/rep/fig" "$t/rep/sub"
printf 'ctome report folder: the entries below were written by ctome\nindex.html\nfig/\nfig/stale.png\nstore.h5\n' \
    > "$t/rep/.ctome-report"
echo old > "$t/rep/index.html"; echo old > "$t/rep/fig/stale.png"; echo old > "$t/rep/store.h5"
echo mine > "$t/rep/thesis.txt"; echo mine > "$t/rep/fig/mine.png"
expect 1 "the folder holds 3 entries ctome did not write" -- "$bin" report -o "$t/rep"
expect 0 "report written" -- "$bin" report -o "$t/rep" --force
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
# The page names what it could not compute; on the bundled data nothing is missing.
grep -q "not computed" "$t/rep/index.html" && bad "report has parts 'not computed'" || ok

# A report that cannot be written leaves nothing behind.
expect 1 "" -- "$bin" report -o /proc/ctome-report
no_file /proc/ctome-report

cli_done
