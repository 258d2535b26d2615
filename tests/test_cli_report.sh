#!/bin/sh
# The main job, `ctome report`, on the bundled data: it finishes, writes the
# page, the store and every section's figures, reports each section's time,
# and a failed report leaves no folder behind.  Its own test (not part of
# tests/test_cli.sh) because it runs for minutes under ASan.
. "${CTOME_TESTS:?set CTOME_TESTS to the tests folder}/cli_common.sh"

expect 0 "report written" -- "$bin" report -o "$t/rep"
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
